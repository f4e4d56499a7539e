// RT-Constrain NLRI (RFC 4684 §4) against the UPDATEs of
// src/api/testdata/rtc_updates.txt, which ExaBGP 5.0 decoded.
#include "wire/rtc.h"

#include <gtest/gtest.h>

#include "wire/test_util.h"

namespace herald::wire {
namespace {

using testing::Hex;

Result<RtcNlri, WireError> Decode(const std::string& hex) {
  Bytes b = Hex(hex);
  ByteReader r(b);
  auto n = DecodeRtcNlri(r);
  if (n) {
    EXPECT_TRUE(r.empty()) << hex;
  }
  return n;
}

TEST(RtcTest, FullWildcardAndRoundTrips) {
  // origin 65000, target:65001:100 (the rtc-announce capture).
  auto full = Decode("600000FDE80002FDE900000064");
  ASSERT_TRUE(full);
  EXPECT_EQ(full->length, 96);
  EXPECT_EQ(full->origin_as, 65000u);
  EXPECT_EQ(full->community(), 0x0002FDE900000064ull);
  EXPECT_EQ(EncodeRtcNlri(*full), Hex("600000FDE80002FDE900000064"));
  auto wildcard = Decode("00");
  ASSERT_TRUE(wildcard);
  EXPECT_TRUE(wildcard->wildcard());
  EXPECT_EQ(EncodeRtcNlri(*wildcard), Hex("00"));
  // Origin AS only, and a route target prefix whose stray bits are cleared.
  auto origin_only = Decode("20FA56EA01");
  ASSERT_TRUE(origin_only);
  EXPECT_EQ(origin_only->origin_as, 4200000001u);
  EXPECT_EQ(EncodeRtcNlri(*origin_only), Hex("20FA56EA01"));
  auto partial = Decode("340000FDE80002FF");  // 52 bits: 20 of the route target
  ASSERT_TRUE(partial);
  EXPECT_EQ(EncodeRtcNlri(*partial), Hex("340000FDE80002F0"));
}

TEST(RtcTest, BadLengthsAndTruncations) {
  for (const char* bad : {"", "01", "1F00000000", "61" "0000FDE80002FDE90000006400", "60", "600000FDE8",
                          "600000FDE80002FDE9000000", "2C0000FDE800"}) {
    auto n = Decode(bad);
    ASSERT_FALSE(n) << bad;
    EXPECT_EQ(n.error().code, 3) << bad;
    EXPECT_EQ(n.error().subcode, 10) << bad;
  }
}

TEST(RtcTest, RegistryRowReadsSeveralAndPathIds) {
  Bytes b = Hex("600000FDE80102C0000201002A" "00");
  ByteReader r(b);
  std::vector<GenericNlri> out;
  std::optional<WireError> soft;
  EXPECT_FALSE(internal::DecodeRtcGeneric(r, false, &out, &soft));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].bytes, Hex("00"));
  Bytes with_id = Hex("00000007" "00");
  ByteReader r2(with_id);
  out.clear();
  EXPECT_FALSE(internal::DecodeRtcGeneric(r2, true, &out, &soft));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].path_id, 7u);
  EXPECT_TRUE(IsSupportedFamily(kIpv4Rtc));
  bool in_default = false;
  for (Family f : DefaultFamilies()) in_default |= f == kIpv4Rtc;
  EXPECT_FALSE(in_default) << "not part of family all (nlri.cc)";
}

}  // namespace
}  // namespace herald::wire
