// MUP NLRI (wire/mup.h). The bytes are ExaBGP 5.0's: `exabgp5 validate -nrv`
// on the mup routes of tools/capture_mvpnmup.py's configuration, whose
// reading is quoted with each one.
#include "wire/mup.h"

#include <gtest/gtest.h>

#include "base/hex.h"
#include "wire/test_util.h"
#include "wire/update.h"

namespace herald::wire {
namespace {

using testing::ExactBuffer;
using testing::Hex;
using testing::IsError;

// mup:isd::100:100:10.1.0.0/16
const char* kIsd = "0100010b" "0000006400000064" "100a01";
// mup:dsd::100:100:10.0.0.1
const char* kDsd = "0100020c" "0000006400000064" "0a000001";
// mup:t1st::100:100:192.168.0.1/32:12345:9:10.0.0.1/32:10.0.1.1/32
const char* kT1st = "0100031c" "0000006400000064" "20c0a80001" "00003039" "09" "200a000001" "200a000101";
// mup:t1st::100:100:192.168.0.0/24:12345:9:10.0.0.1 (no source)
const char* kT1stNoSource = "01000316" "0000006400000064" "18c0a800" "00003039" "09" "200a000001";
// mup:t2st::100:100:64:10.0.0.1:12345:
const char* kT2st = "01000411" "0000006400000064" "40" "0a000001" "00003039";
// mup:t2st::100:100:44:10.0.0.2:5: (a 12-bit TEID in 2 bytes)
const char* kT2st12 = "0100040f" "0000006400000064" "2c" "0a000002" "0005";
// ipv6: mup:isd::100:100:2001:db8:1::/48
const char* kIsd6 = "0100010f" "0000006400000064" "3020010db80001";
// ipv6: mup:t2st::100:100:128:2001::2:0: (no TEID)
const char* kT2st6 = "01000419" "0000006400000064" "80" "20010000000000000000000000000002";

Result<MupRoute, WireError> DecodeOne(const std::string& hex, Afi afi = Afi::kIpv4, size_t* left = nullptr) {
  ExactBuffer b(Hex(hex));
  ByteReader r = b.reader();
  auto n = DecodeMupNlri(r, afi);
  if (left) *left = r.remaining();
  return n;
}

TEST(MupNlriTest, DecodesAndEncodesBack) {
  struct {
    const char* hex;
    Afi afi;
    MupType type;
  } cases[] = {{kIsd, Afi::kIpv4, MupType::kIsd},   {kDsd, Afi::kIpv4, MupType::kDsd},
               {kT1st, Afi::kIpv4, MupType::kT1st}, {kT1stNoSource, Afi::kIpv4, MupType::kT1st},
               {kT2st, Afi::kIpv4, MupType::kT2st}, {kT2st12, Afi::kIpv4, MupType::kT2st},
               {kIsd6, Afi::kIpv6, MupType::kIsd},  {kT2st6, Afi::kIpv6, MupType::kT2st}};
  for (const auto& c : cases) {
    size_t left = 99;
    auto n = DecodeOne(c.hex, c.afi, &left);
    ASSERT_TRUE(n.ok()) << c.hex << ": " << n.error().what;
    EXPECT_EQ(left, 0u);
    EXPECT_TRUE(n->parsed);
    EXPECT_EQ(n->arch, 1);
    EXPECT_EQ(n->kind(), c.type);
    EXPECT_EQ(EncodeMupNlri(*n), Hex(c.hex)) << c.hex;
  }
  auto t1 = DecodeOne(kT1st);
  ASSERT_TRUE(t1.ok());
  EXPECT_EQ(t1->prefix.ToString(), "192.168.0.1/32");
  EXPECT_EQ(t1->teid, 12345u);
  EXPECT_EQ(t1->qfi, 9);
  EXPECT_EQ(t1->address, *IpAddress::Parse("10.0.0.1"));
  EXPECT_EQ(t1->source, IpAddress::Parse("10.0.1.1"));
  auto t2 = DecodeOne(kT2st12);
  ASSERT_TRUE(t2.ok());
  EXPECT_EQ(t2->endpoint_bits, 44);
  EXPECT_EQ(t2->teid_bits(), 12u);
  EXPECT_EQ(t2->teid, 5u);
  auto isd6 = DecodeOne(kIsd6, Afi::kIpv6);
  ASSERT_TRUE(isd6.ok());
  EXPECT_EQ(isd6->prefix.ToString(), "2001:db8:1::/48");
}

TEST(MupNlriTest, UnknownRoutesAreKeptOpaque) {
  for (const char* hex : {"01000503" "aabbcc", "02000100"}) {
    auto n = DecodeOne(hex);
    ASSERT_TRUE(n.ok()) << hex;
    EXPECT_FALSE(n->parsed);
    EXPECT_EQ(EncodeMupNlri(*n), Hex(hex));
  }
}

TEST(MupNlriTest, EveryTruncationResetsTheSession) {
  const Bytes whole = Hex(kT1st);
  for (size_t n = 0; n < whole.size(); ++n) {
    ExactBuffer b(Bytes(whole.begin(), whole.begin() + static_cast<ptrdiff_t>(n)));
    ByteReader r = b.reader();
    auto v = DecodeMupNlri(r, Afi::kIpv4);
    ASSERT_FALSE(v.ok()) << n;
    EXPECT_TRUE(IsError(v.error(), 3, 10, ErrorAction::kSessionReset)) << n;
  }
}

TEST(MupNlriTest, BadBodiesAreTreatAsWithdrawAndSkipped) {
  struct {
    const char* hex;
    Afi afi;
  } cases[] = {
      {"0100010a" "0000006400000064" "100a", Afi::kIpv4},                          // prefix short
      {"0100010c" "0000006400000064" "100a0100", Afi::kIpv4},                      // a byte left
      {"0100010b" "0000006400000064" "210a01", Afi::kIpv4},                        // /33
      {"0100020b" "0000006400000064" "0a0000", Afi::kIpv4},                        // 3-byte address
      {"01000307" "00000064000000", Afi::kIpv4},                                   // RD short
      {"0100031b" "0000006400000064" "20c0a80001" "00003039" "09" "200a000001" "200a0001", Afi::kIpv4},
      {"01000316" "0000006400000064" "18c0a800" "00003039" "09" "180a0000" "01", Afi::kIpv4},  // 24-bit endpoint
      {"01000411" "0000006400000064" "41" "0a000001" "00003039", Afi::kIpv4},      // 33 TEID bits
      {"01000411" "0000006400000064" "1f" "0a000001" "00003039", Afi::kIpv4},      // shorter than the address
      {"01000410" "0000006400000064" "40" "0a000001" "000030", Afi::kIpv4},        // TEID short
      {"0100040d" "0000006400000064" "20" "0a000001", Afi::kIpv6},                 // IPv4 endpoint in ipv6
  };
  for (const auto& c : cases) {
    size_t left = 99;
    auto v = DecodeOne(c.hex, c.afi, &left);
    ASSERT_FALSE(v.ok()) << c.hex;
    EXPECT_TRUE(IsError(v.error(), 3, 10, ErrorAction::kTreatAsWithdraw)) << c.hex;
    EXPECT_EQ(left, 0u) << c.hex;
  }
}

std::string Key(Family f, const char* hex) {
  std::string key;
  AppendGenericKey(f, Hex(hex), &key);
  return key;
}

TEST(MupNlriTest, TheFamiliesAreRegistered) {
  for (Family f : {kIpv4Mup, kIpv6Mup}) {
    EXPECT_TRUE(IsSupportedFamily(f));
    EXPECT_TRUE(IsGenericFamily(f));
    EXPECT_FALSE(HasAddPath(f));
  }
  EXPECT_EQ(kIpv4Mup.Name(), "ipv4 mup");
  EXPECT_EQ(Family::Parse("ipv6", "mup"), kIpv6Mup);
  // t1st routes are keyed by RD and prefix: a new TEID replaces the route.
  EXPECT_EQ(Key(kIpv4Mup, kT1st),
            Key(kIpv4Mup, "01000317" "0000006400000064" "20c0a80001" "00000001" "01" "200a000009"));
  EXPECT_NE(Key(kIpv4Mup, kT1st), Key(kIpv4Mup, kT1stNoSource));
  EXPECT_NE(Key(kIpv4Mup, kT2st), Key(kIpv4Mup, kT2st12));
  EXPECT_EQ(Key(kIpv4Mup, kDsd), std::string(reinterpret_cast<const char*>(Hex(kDsd).data()), Hex(kDsd).size()));
}

Negotiated Families() {
  Negotiated n = testing::Both();
  n.families.push_back(kIpv4Mup);
  n.families.push_back(kIpv6Mup);
  return n;
}

// The isd route as ExaBGP 5.0 sends it: an IPv4 route with an IPv6 next hop
// (2001::1), extended communities target:10:10 and mup:10:10, and a prefix
// SID with an SRv6 L3 service.
const char* kIsdUpdate =
    "000000704001010040020040050400000064c010100002000a0000000a0c00000a0000000ac028250500220001001e0020010db8"
    "00010001000000000000000000004800010006401810000000800e240001551020010000000000000000000000000001000100010b"
    "0000006400000064100a01";

TEST(MupUpdateTest, AnnounceWithAnIpv6NextHopDecodes) {
  ExactBuffer b(Hex(kIsdUpdate));
  ByteReader r = b.reader();
  auto u = Update::Decode(r, Families());
  ASSERT_TRUE(u.ok()) << u.error().what;
  ASSERT_EQ(u->reach.size(), 1u);
  EXPECT_EQ(u->reach[0].family, kIpv4Mup);
  EXPECT_EQ(u->reach[0].next_hop.address, *IpAddress::Parse("2001::1"));
  ASSERT_EQ(u->reach[0].generic.size(), 1u);
  EXPECT_EQ(u->reach[0].generic[0].bytes, Hex(kIsd));
}

}  // namespace
}  // namespace herald::wire
