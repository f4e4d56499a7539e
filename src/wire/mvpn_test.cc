// MVPN NLRI (wire/mvpn.h). The bytes are ExaBGP 5.0's: `exabgp5 validate
// -nrv` on the mcast-vpn routes of tools/capture_mvpnmup.py's configuration,
// whose reading is quoted with each one.
#include "wire/mvpn.h"

#include <gtest/gtest.h>

#include "base/hex.h"
#include "wire/test_util.h"
#include "wire/update.h"

namespace herald::wire {
namespace {

using testing::ExactBuffer;
using testing::Hex;
using testing::IsError;

// mvpn:sourcead::65000:1:10.0.0.1:239.1.1.1
const char* kSourceAd = "0512" "0000fde800000001" "200a000001" "20ef010101";
// mvpn:shared-join::1.2.3.4:5:65001:10.0.0.3:239.1.1.2
const char* kSharedJoin = "0616" "0001010203040005" "0000fde9" "200a000003" "20ef010102";
// mvpn:source-join::4200000000:7:4200000001:10.0.0.4:239.1.1.3
const char* kSourceJoin = "0716" "0002fa56ea000007" "fa56ea01" "200a000004" "20ef010103";
// mvpn:source-join::65000:1:65001:2001:db8::3:ff0e::3
const char* kSourceJoin6 = "072e" "0000fde800000001" "0000fde9" "8020010db8000000000000000000000003"
                           "80ff0e0000000000000000000000000003";

Result<MvpnRoute, WireError> DecodeOne(const std::string& hex, size_t* left = nullptr) {
  ExactBuffer b(Hex(hex));
  ByteReader r = b.reader();
  auto n = DecodeMvpnNlri(r);
  if (left) *left = r.remaining();
  return n;
}

TEST(MvpnNlriTest, DecodesAndEncodesBack) {
  struct {
    const char* hex;
    uint8_t type;
    uint32_t source_as;
    const char *source, *group;
  } cases[] = {{kSourceAd, 5, 0, "10.0.0.1", "239.1.1.1"},
               {kSharedJoin, 6, 65001, "10.0.0.3", "239.1.1.2"},
               {kSourceJoin, 7, 4200000001u, "10.0.0.4", "239.1.1.3"},
               {kSourceJoin6, 7, 65001, "2001:db8::3", "ff0e::3"}};
  for (const auto& c : cases) {
    size_t left = 99;
    auto n = DecodeOne(c.hex, &left);
    ASSERT_TRUE(n.ok()) << c.hex << ": " << n.error().what;
    EXPECT_EQ(left, 0u);
    EXPECT_TRUE(n->parsed);
    EXPECT_EQ(n->type, c.type);
    EXPECT_EQ(n->source_as, c.source_as);
    EXPECT_EQ(n->source, *IpAddress::Parse(c.source));
    EXPECT_EQ(n->group, *IpAddress::Parse(c.group));
    EXPECT_EQ(EncodeMvpnNlri(*n), Hex(c.hex));
  }
  auto j = DecodeOne(kSourceJoin);
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(Bytes(j->rd.begin(), j->rd.end()), Hex("0002fa56ea000007"));
}

TEST(MvpnNlriTest, UnknownTypesAreKeptOpaque) {
  // An Intra-AS I-PMSI A-D route (type 1: RD and originating router).
  const char* hex = "010c" "0000fde800000001" "0a000001";
  auto n = DecodeOne(hex);
  ASSERT_TRUE(n.ok());
  EXPECT_FALSE(n->parsed);
  EXPECT_EQ(n->type, 1);
  EXPECT_EQ(n->body, Hex("0000fde8000000010a000001"));
  EXPECT_EQ(EncodeMvpnNlri(*n), Hex(hex));
}

TEST(MvpnNlriTest, EveryTruncationResetsTheSession) {
  const Bytes whole = Hex(kSourceJoin);
  for (size_t n = 0; n < whole.size(); ++n) {
    ExactBuffer b(Bytes(whole.begin(), whole.begin() + static_cast<ptrdiff_t>(n)));
    ByteReader r = b.reader();
    auto v = DecodeMvpnNlri(r);
    ASSERT_FALSE(v.ok()) << n;
    EXPECT_TRUE(IsError(v.error(), 3, 10, ErrorAction::kSessionReset)) << n;
  }
}

TEST(MvpnNlriTest, BadBodiesAreTreatAsWithdrawAndSkipped) {
  for (const char* hex : {
           "0511" "0000fde800000001" "200a000001" "20ef0101",        // group short
           "0513" "0000fde800000001" "200a000001" "20ef010101" "00",  // a byte left
           "0512" "0000fde800000001" "180a000001" "20ef010101",      // 24-bit source
           "051e" "0000fde800000001" "200a000001" "80ff0e0000000000000000000000000003",  // mixed families
           "0716" "0002fa56ea000007" "fa56ea01" "200a000004" "21ef010103",
       }) {
    size_t left = 99;
    auto v = DecodeOne(hex, &left);
    ASSERT_FALSE(v.ok()) << hex;
    EXPECT_TRUE(IsError(v.error(), 3, 10, ErrorAction::kTreatAsWithdraw)) << hex;
    EXPECT_EQ(left, 0u) << hex;
  }
}

TEST(MvpnNlriTest, TheFamiliesAreRegistered) {
  for (Family f : {kIpv4McastVpn, kIpv6McastVpn}) {
    EXPECT_TRUE(IsSupportedFamily(f));
    EXPECT_TRUE(IsGenericFamily(f));
    EXPECT_FALSE(HasAddPath(f));
    EXPECT_FALSE(IsNextHopOptional(f));
  }
  EXPECT_EQ(kIpv6McastVpn.Name(), "ipv6 mcast-vpn");
  EXPECT_EQ(Family::Parse("ipv4", "mcast-vpn"), kIpv4McastVpn);
}

Negotiated Families() {
  Negotiated n = testing::Both();
  n.families.push_back(kIpv4McastVpn);
  n.families.push_back(kIpv6McastVpn);
  return n;
}

Result<Update, WireError> DecodeUpdate(const std::string& hex) {
  ExactBuffer b(Hex(hex));
  ByteReader r = b.reader();
  return Update::Decode(r, Families());
}

// The source-ad route as ExaBGP 5.0 sends it ("parsed hex" without the
// marker, length and type): NEXT_HOP and MP_REACH_NLRI both carry 10.0.0.2.
const char* kSourceAdUpdate =
    "0000004040010100400200400304" "0a000002" "40050400000064c010080002fde800000001"
    "800e1d00010504" "0a000002" "00" "05120000fde800000001200a00000120ef010101";

TEST(MvpnUpdateTest, AnnounceDecodes) {
  auto u = DecodeUpdate(kSourceAdUpdate);
  ASSERT_TRUE(u.ok()) << u.error().what;
  ASSERT_EQ(u->reach.size(), 1u);
  EXPECT_EQ(u->reach[0].family, kIpv4McastVpn);
  EXPECT_EQ(u->reach[0].next_hop.address, *IpAddress::Parse("10.0.0.2"));
  ASSERT_EQ(u->reach[0].generic.size(), 1u);
  EXPECT_EQ(u->reach[0].generic[0].bytes, Hex(kSourceAd));
}

TEST(MvpnUpdateTest, ABadRouteMakesTheUpdateAWithdraw) {
  // The group length says 33 bits: the route is skipped, the next one read.
  const std::string nlri = std::string("0512" "0000fde800000001" "200a000001" "21ef010101") + kSourceJoin;
  const std::string body = "00010504" "0a000002" "00" + nlri;
  const std::string mp = "800e" + ToHex(Bytes{static_cast<uint8_t>(body.size() / 2)}) + body;
  const std::string attrs = "40010100" "400200" "40050400000064" + mp;
  const uint16_t len = static_cast<uint16_t>(attrs.size() / 2);
  auto u = DecodeUpdate("0000" + ToHex(Bytes{static_cast<uint8_t>(len >> 8), static_cast<uint8_t>(len)}) + attrs);
  ASSERT_TRUE(u.ok()) << u.error().what;
  ASSERT_TRUE(u->soft_error.has_value());
  EXPECT_EQ(u->soft_error->action, ErrorAction::kTreatAsWithdraw);
}

}  // namespace
}  // namespace herald::wire
