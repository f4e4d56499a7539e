// FlowSpec routes in UPDATE messages (RFC 8955, RFC 8956): MP_REACH_NLRI /
// MP_UNREACH_NLRI of SAFI 133 and 134 decoded into canonical GenericNlri
// bytes and encoded back, with RFC 7606 / RFC 8955 §4.2 error handling.
// The NLRIs are ExaBGP 5.0's encodings (src/wire/testdata/flowspec_exabgp.txt).
#include <gtest/gtest.h>

#include "wire/flowspec.h"
#include "wire/message.h"
#include "wire/test_util.h"
#include "wire/update.h"

namespace herald::wire {
namespace {

using testing::ExactBuffer;
using testing::Hex;
using testing::IsError;

constexpr Family kV4Flow{Afi::kIpv4, Safi::kFlowIp};
constexpr Family kV6Flow{Afi::kIpv6, Safi::kFlowIp};
constexpr Family kV4FlowVpn{Afi::kIpv4, Safi::kFlowVpn};

// ExaBGP 5.0's NLRIs: `source 10.0.0.0/24`, `destination 192.168.0.1/32`.
const char* kSource = "0502180a0000";
const char* kDestination = "060120c0a80001";
// ORIGIN IGP, empty AS_PATH, EXTENDED_COMMUNITIES traffic-rate 0 (discard);
// MP_REACH_NLRI (type 14) goes between the last two, in type order.
const char* kAttrs = "40010100" "400200" "|" "c010088006000000000000";

Negotiated Flow() {
  Negotiated n = testing::Both();
  n.families.push_back(kV4Flow);
  n.families.push_back(kV6Flow);
  n.families.push_back(kV4FlowVpn);
  return n;
}

Result<Update, WireError> Decode(const std::string& hex, const Negotiated& n = Flow()) {
  ExactBuffer b(Hex(hex));
  ByteReader r = b.reader();
  return Update::Decode(r, n);
}

// An UPDATE body: no withdrawn routes, the attributes with an MP attribute
// where `attrs` has '|' (or after them).
std::string Body(const std::string& attrs, const std::string& mp) {
  auto len = [](size_t bytes) { return testing::ToHexByte(bytes >> 8) + testing::ToHexByte(bytes & 0xff); };
  size_t bar = attrs.find('|');
  std::string all = bar == std::string::npos ? attrs + mp : attrs.substr(0, bar) + mp + attrs.substr(bar + 1);
  return "0000" + len(all.size() / 2) + all;
}
// MP_REACH_NLRI of ipv4 flow with next hop `nh` (hex, maybe empty).
std::string MpReach(const std::string& nh, const std::string& nlri, const std::string& safi = "85") {
  std::string v = "0001" + safi + testing::ToHexByte(nh.size() / 2) + nh + "00" + nlri;
  return "800e" + testing::ToHexByte(v.size() / 2) + v;
}
std::string MpUnreach(const std::string& nlri) {
  std::string v = "000185" + nlri;
  return "800f" + testing::ToHexByte(v.size() / 2) + v;
}

Bytes Encode(const Update& u) {
  Bytes out;
  ByteWriter w(&out, 4096);
  u.Encode(w, Flow());
  EXPECT_TRUE(w.ok());
  return out;
}

TEST(UpdateFlowTest, AnnounceWithoutNextHopRoundTrips) {
  std::string hex = Body(kAttrs, MpReach("", std::string(kSource) + kDestination));
  auto u = Decode(hex);
  ASSERT_TRUE(u.ok()) << u.error().what;
  EXPECT_FALSE(u->soft_error);
  ASSERT_EQ(u->reach.size(), 1u);
  const Reach& r = u->reach[0];
  EXPECT_EQ(r.family, kV4Flow);
  EXPECT_FALSE(r.classic);
  EXPECT_TRUE(r.next_hop.none);
  EXPECT_TRUE(r.nlri.empty());
  ASSERT_EQ(r.generic.size(), 2u);
  EXPECT_EQ(r.generic[0].bytes, Hex(kSource));
  EXPECT_EQ(r.generic[1].bytes, Hex(kDestination));
  EXPECT_EQ(u->attrs.extended_communities, std::vector<uint64_t>{0x8006000000000000});
  EXPECT_EQ(Encode(*u), Hex(hex));
}

TEST(UpdateFlowTest, RedirectNextHopIsKept) {
  std::string hex = Body(kAttrs, MpReach("01020304", kSource));
  auto u = Decode(hex);
  ASSERT_TRUE(u.ok()) << u.error().what;
  ASSERT_EQ(u->reach.size(), 1u);
  EXPECT_FALSE(u->reach[0].next_hop.none);
  EXPECT_EQ(u->reach[0].next_hop.address, *IpAddress::Parse("1.2.3.4"));
  EXPECT_EQ(Encode(*u), Hex(hex));
  // An IPv4 rule's next hop is 0 or 4 bytes.
  auto bad = Decode(Body(kAttrs, MpReach("0102030405", kSource)));
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(IsError(bad.error(), 3, 9, ErrorAction::kSessionReset));
}

TEST(UpdateFlowTest, RulesAreKeptInCanonicalForm) {
  // destination-port =80 with its value in two bytes (len = 1), where one
  // byte does: the same rule as ExaBGP's encoding.
  auto u = Decode(Body(kAttrs, MpReach("", "04059100" "50")));
  ASSERT_TRUE(u.ok()) << u.error().what;
  ASSERT_EQ(u->reach.size(), 1u);
  ASSERT_EQ(u->reach[0].generic.size(), 1u);
  EXPECT_EQ(u->reach[0].generic[0].bytes, Hex("03058150"));
}

TEST(UpdateFlowTest, WithdrawAndEndOfRib) {
  auto u = Decode(Body("", MpUnreach(kSource)));
  ASSERT_TRUE(u.ok()) << u.error().what;
  ASSERT_EQ(u->unreach.size(), 1u);
  EXPECT_EQ(u->unreach[0].family, kV4Flow);
  ASSERT_EQ(u->unreach[0].generic.size(), 1u);
  EXPECT_EQ(u->unreach[0].generic[0].bytes, Hex(kSource));
  EXPECT_FALSE(u->EndOfRib());
  EXPECT_EQ(Encode(*u), Hex(Body("", MpUnreach(kSource))));

  auto eor = Decode(Body("", MpUnreach("")));
  ASSERT_TRUE(eor.ok());
  EXPECT_EQ(eor->EndOfRib(), kV4Flow);
  Bytes marker = EncodeEndOfRib(kV4Flow);
  EXPECT_EQ(Bytes(marker.begin() + kHeaderSize, marker.end()), Hex(Body("", MpUnreach(""))));
}

TEST(UpdateFlowTest, UnreadableRuleMakesTheUpdateAWithdraw) {
  // Component type 14 does not exist: that rule is skipped, the others of
  // the message are withdrawn (RFC 8955 §4.2, RFC 7606 §2).
  auto u = Decode(Body(kAttrs, MpReach("", std::string("030e8101") + kSource)));
  ASSERT_TRUE(u.ok()) << u.error().what;
  ASSERT_TRUE(u->soft_error);
  EXPECT_TRUE(IsError(*u->soft_error, 3, 10, ErrorAction::kTreatAsWithdraw));
  EXPECT_TRUE(u->reach.empty());
  ASSERT_EQ(u->unreach.size(), 1u);
  EXPECT_EQ(u->unreach[0].family, kV4Flow);
  ASSERT_EQ(u->unreach[0].generic.size(), 1u);
  EXPECT_EQ(u->unreach[0].generic[0].bytes, Hex(kSource));
}

TEST(UpdateFlowTest, LengthPastTheFieldResetsTheSession) {
  auto u = Decode(Body(kAttrs, MpReach("", "0901200a")));
  ASSERT_FALSE(u.ok());
  EXPECT_TRUE(IsError(u.error(), 3, 10, ErrorAction::kSessionReset));
  // Every truncation of a good message is refused cleanly, never read past.
  std::string hex = Body(kAttrs, MpReach("", std::string(kSource) + kDestination));
  Bytes full = Hex(hex);
  for (size_t n = 0; n < full.size(); ++n) {
    ExactBuffer b(Bytes(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n)));
    ByteReader r = b.reader();
    (void)Update::Decode(r, Flow());
  }
}

TEST(UpdateFlowTest, FamilyNotNegotiatedIsSkipped) {
  auto u = Decode(Body(kAttrs, MpReach("", kSource)), testing::Both());
  ASSERT_TRUE(u.ok());
  EXPECT_TRUE(u->reach.empty());
  EXPECT_EQ(u->skipped, std::vector<Family>{kV4Flow});
}

TEST(UpdateFlowTest, FlowVpnAndIpv6) {
  // flow-vpn: RD 65000:1 (type 0), then the rule; the length counts both.
  std::string hex = Body(kAttrs, MpReach("", "0d0000fde800000001" "02180a0000", "86"));
  auto vpn = Decode(hex);
  ASSERT_TRUE(vpn.ok()) << vpn.error().what;
  ASSERT_EQ(vpn->reach.size(), 1u);
  EXPECT_EQ(vpn->reach[0].family, kV4FlowVpn);
  ASSERT_EQ(vpn->reach[0].generic.size(), 1u);
  ByteReader r(vpn->reach[0].generic[0].bytes);
  auto rule = DecodeFlowNlri(r, Afi::kIpv4, true);
  ASSERT_TRUE(rule.ok());
  EXPECT_EQ(rule->rd, (std::array<uint8_t, 8>{0, 0, 0xfd, 0xe8, 0, 0, 0, 1}));
  EXPECT_EQ(Encode(*vpn), Hex(hex));

  // IPv6: `destination 2001:db8::/32`, next hop absent.
  std::string v6_value = "000285" "00" "00" "07012000" "20010db8";
  std::string v6 = Body("40010100400200", "800e" + testing::ToHexByte(v6_value.size() / 2) + v6_value);
  auto u = Decode(v6);
  ASSERT_TRUE(u.ok()) << u.error().what;
  ASSERT_EQ(u->reach.size(), 1u);
  EXPECT_EQ(u->reach[0].family, kV6Flow);
  EXPECT_TRUE(u->reach[0].next_hop.none);
  EXPECT_EQ(Encode(*u), Hex(v6));
}

TEST(UpdateFlowTest, PackedAnnounceAndWithdraw) {
  PathAttributes attrs;
  attrs.origin = Origin::kIgp;
  attrs.as_path = AsPath{};
  attrs.extended_communities = {0x8006000000000000};
  std::vector<GenericNlri> rules = {{Hex(kSource), 0}, {Hex(kDestination), 0}};
  MpNextHop none;
  none.none = true;
  Bytes out;
  ASSERT_TRUE(EncodeAnnounce(kV4Flow, attrs, none, std::span<const GenericNlri>(rules), Flow(), &out));
  EXPECT_EQ(Bytes(out.begin() + kHeaderSize, out.end()),
            Hex(Body(kAttrs, MpReach("", std::string(kSource) + kDestination))));
  // No next hop is no route for unicast.
  EXPECT_FALSE(EncodeAnnounce(kIpv6Unicast, attrs, none, std::span<const InetNlri>(), Flow(), &out) &&
               EncodeAnnounce(kIpv6Unicast, attrs, none, std::vector<InetNlri>{{*Prefix::Parse("::/0"), 0}}, Flow(),
                              &out));
  out.clear();
  EncodeWithdraw(kV4Flow, std::span<const GenericNlri>(rules), Flow(), &out);
  EXPECT_EQ(Bytes(out.begin() + kHeaderSize, out.end()),
            Hex(Body("", MpUnreach(std::string(kSource) + kDestination))));
}

}  // namespace
}  // namespace herald::wire
