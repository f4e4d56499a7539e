#include "wire/update.h"

#include <gtest/gtest.h>

#include "wire/message.h"
#include "wire/test_util.h"

namespace herald::wire {
namespace {

using testing::ExactBuffer;
using testing::Hex;
using testing::IsError;

constexpr auto kReset = ErrorAction::kSessionReset;
constexpr auto kTaw = ErrorAction::kTreatAsWithdraw;

Result<Update, WireError> Decode(const Bytes& body, const Negotiated& n) {
  ExactBuffer b(body);
  ByteReader r = b.reader();
  auto u = Update::Decode(r, n);
  if (u.ok()) {
    EXPECT_TRUE(r.empty());
  }
  return u;
}
Result<Update, WireError> Decode(const std::string& hex, const Negotiated& n = testing::Both()) {
  return Decode(Hex(hex), n);
}

Bytes Encode(const Update& u, const Negotiated& n = testing::Both()) {
  Bytes out;
  ByteWriter w(&out, 65535);
  u.Encode(w, n);
  EXPECT_TRUE(w.ok());
  return out;
}

InetNlri N(const char* prefix) { return {*Prefix::Parse(prefix), 0}; }

const std::string kBaseAttrs = "400101" "00" "400206" "0201" "0000fde9";  // ORIGIN igp, AS_PATH 65001
const std::string kNextHop = "400304" "c0000201";

Update V4Update() {
  Update u;
  u.Withdraw({N("10.9.0.0/16")});
  u.attrs.origin = Origin::kIgp;
  u.attrs.as_path = AsPath{{AsSegmentType::kSequence, {65001}}};
  u.attrs.next_hop = IpAddress::V4(0xc0000201);
  u.Announce({N("192.0.2.0/24"), N("198.51.100.128/25")});
  return u;
}
const std::string kV4Hex = "0003" "100a09" "0014" + kBaseAttrs + kNextHop + "18c00002" "19c6336480";

TEST(UpdateTest, EncodesIpv4Unicast) { EXPECT_EQ(Encode(V4Update()), Hex(kV4Hex)); }

TEST(UpdateTest, DecodesIpv4Unicast) {
  auto u = Decode(kV4Hex);
  ASSERT_TRUE(u.ok()) << u.error().what;
  EXPECT_FALSE(u->soft_error);
  EXPECT_EQ(*u, V4Update());
  EXPECT_FALSE(u->EndOfRib());
  EXPECT_FALSE(u->empty());
}

Update V6Update(bool link_local) {
  Update u;
  u.attrs.origin = Origin::kIgp;
  u.attrs.as_path = AsPath{{AsSegmentType::kSequence, {65001}}};
  u.Announce(kIpv6Unicast, {*IpAddress::Parse("2001:db8::1"), std::nullopt}, {N("2001:db8:1::/48")});
  if (link_local) MpReachOf(u)->next_hop.link_local = *IpAddress::Parse("fe80::1");
  u.Withdraw(kIpv6Unicast, {N("2001:db8:2::/48")});
  return u;
}

TEST(UpdateTest, Ipv6RoundTripsWithBothNextHopForms) {
  std::string reach16 = "800e" "1c" "0002" "01" "10" "20010db8000000000000000000000001" "00" "30" "20010db80001";
  std::string unreach = "800f" "0a" "0002" "01" "30" "20010db80002";
  EXPECT_EQ(Encode(V6Update(false)), Hex("0000" "0039" + kBaseAttrs + reach16 + unreach));
  for (bool ll : {false, true}) {
    Bytes bytes = Encode(V6Update(ll));
    auto u = Decode(bytes, testing::Both());
    ASSERT_TRUE(u.ok()) << u.error().what;
    EXPECT_EQ(*u, V6Update(ll));
    EXPECT_EQ(Encode(*u), bytes);
  }
}

TEST(UpdateTest, EndOfRib) {
  for (Family f : {kIpv4Unicast, kIpv6Unicast}) {
    Bytes eor = EncodeEndOfRib(f);
    ExactBuffer b(eor);
    auto m = DecodeMessage(b.span(), testing::Both());
    ASSERT_TRUE(m.ok());
    const Update& u = std::get<Update>(*m);
    EXPECT_EQ(u.EndOfRib(), f);
    EXPECT_EQ(EncodeMessage(u, testing::Both()), eor);
  }
  EXPECT_EQ(EncodeEndOfRib(kIpv4Unicast), Hex(std::string(32, 'f') + "0017" "02" "00000000"));
  EXPECT_EQ(EncodeEndOfRib(kIpv6Unicast), Hex(std::string(32, 'f') + "001d" "02" "0000" "0006" "800f03000201"));
  EXPECT_TRUE(Update{}.empty());
  EXPECT_FALSE(V4Update().EndOfRib());
}

TEST(UpdateTest, LengthsPastTheMessageResetTheSession) {
  for (const char* hex : {"", "00", "0001", "0000", "000000", "00000001", "0001" "00" "0005" "400101"}) {
    SCOPED_TRACE(hex);
    auto u = Decode(hex);
    ASSERT_FALSE(u.ok());
    EXPECT_TRUE(IsError(u.error(), 3, 1, kReset));
  }
}

TEST(UpdateTest, BadClassicNlriResetsTheSession) {
  auto u = Decode("0002" "21" "0a" "0000");  // withdrawn /33
  ASSERT_FALSE(u.ok());
  EXPECT_TRUE(IsError(u.error(), 3, 10, kReset));
  u = Decode("0000" "0014" + kBaseAttrs + kNextHop + "18c000");  // NLRI cut
  ASSERT_FALSE(u.ok());
  EXPECT_TRUE(IsError(u.error(), 3, 10, kReset));
}

TEST(UpdateTest, MalformedMpReachResetsTheSession) {
  struct Case {
    const char* name;
    std::string attr;
    uint8_t subcode;
  } cases[] = {
      {"empty", "800e00", 9},
      {"afi only", "800e02" "0002", 9},
      {"no next hop length", "800e03" "000201", 9},
      {"next hop past the end", "800e05" "000201" "10" "00", 9},
      {"v6 next hop of 4", "800e09" "000201" "04" "c0000201" "00", 9},
      {"v6 next hop of 17", "800e16" "000201" "11" "20010db8000000000000000000000001ff" "00", 9},
      {"v4 next hop of 16", "800e15" "000101" "10" "20010db8000000000000000000000001" "00", 9},
      {"no reserved octet", "800e14" "000201" "10" "20010db8000000000000000000000001", 9},
      {"nlri /129", "800e16" "000201" "10" "20010db8000000000000000000000001" "00" "81", 10},
      {"nlri cut", "800e17" "000201" "10" "20010db8000000000000000000000001" "00" "4020", 10},
      {"unreach afi cut", "800f01" "00", 9},
      {"unreach nlri cut", "800f05" "000201" "3020", 10},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::string attrs = kBaseAttrs + c.attr;
    auto u = Decode("0000" + testing::ToHexByte(0) + testing::ToHexByte(attrs.size() / 2) + attrs);
    ASSERT_FALSE(u.ok());
    EXPECT_TRUE(IsError(u.error(), 3, c.subcode, kReset));
  }
}

TEST(UpdateTest, UnsupportedOrUnnegotiatedFamiliesAreSkipped) {
  // FlowSpec (1/133) and, on an IPv4-only session, IPv6 unicast: ignored
  // (RFC 4760 §7), whatever their content.
  std::string flow = "800e05" "000185" "00" "00";
  auto u = Decode("0000" "0015" + kBaseAttrs + flow);
  ASSERT_TRUE(u.ok()) << u.error().what;
  EXPECT_FALSE(MpReachOf(*u));
  EXPECT_FALSE(u->soft_error);
  EXPECT_EQ(u->skipped, (std::vector<Family>{{Afi::kIpv4, Safi::kFlowIp}}));
  Negotiated v4only;
  std::string v6 = "800e09" "000201" "04" "c0000201" "00";  // malformed, but not ours
  u = Decode(Hex("0000" "0019" + kBaseAttrs + v6), v4only);
  ASSERT_TRUE(u.ok()) << u.error().what;
  EXPECT_FALSE(MpReachOf(*u));
  u = Decode(Hex("0000" "0006" "800f03" "000201"), v4only);
  ASSERT_TRUE(u.ok());
  EXPECT_FALSE(MpUnreachOf(*u));
  EXPECT_EQ(u->skipped, std::vector<Family>{kIpv6Unicast});
  // That was an IPv6 End-of-RIB, which must not pass for an IPv4 one.
  EXPECT_FALSE(u->EndOfRib());
  EXPECT_FALSE(u->empty());
}

TEST(UpdateTest, MissingWellKnownAttributeWithdrawsTheRoutes) {
  struct Case {
    std::string attrs;
    uint8_t missing;
  } cases[] = {
      {"400206" "0201" "0000fde9" + kNextHop, 1},
      {"400101" "00" + kNextHop, 2},
      {kBaseAttrs, 3},
      {"", 1},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.attrs);
    auto u = Decode("0000" "00" + testing::ToHexByte(c.attrs.size() / 2) + c.attrs + "18c00002");
    ASSERT_TRUE(u.ok()) << u.error().what;
    ASSERT_TRUE(u->soft_error);
    EXPECT_TRUE(IsError(*u->soft_error, 3, 3, kTaw));
    EXPECT_EQ(u->soft_error->data, Bytes{c.missing});
    EXPECT_TRUE(ClassicNlri(*u).empty());
    EXPECT_EQ(ClassicWithdrawn(*u), std::vector<InetNlri>{N("192.0.2.0/24")});
  }
  // IPv6 needs no NEXT_HOP; a withdrawal needs no attribute at all.
  Update v6 = V6Update(false);
  auto u = Decode(Encode(v6), testing::Both());
  ASSERT_TRUE(u.ok());
  EXPECT_FALSE(u->soft_error);
  u = Decode("0004" "18c00002" "0000");
  ASSERT_TRUE(u.ok());
  EXPECT_FALSE(u->soft_error);
}

TEST(UpdateTest, TreatAsWithdrawMovesEveryAnnouncedRoute) {
  // Invalid ORIGIN, classic NLRI and IPv6 MP_REACH: all withdrawn.
  Update v6 = V6Update(true);
  v6.attrs.origin.reset();
  v6.attrs.next_hop = IpAddress::V4(1);
  v6.Announce({N("192.0.2.0/24")});
  Bytes bytes = Encode(v6);
  // Splice an ORIGIN of value 7 in front of the attributes.
  Bytes bad = Hex("0000");
  uint16_t attrs_len = static_cast<uint16_t>((bytes[2] << 8 | bytes[3]) + 4);
  bad.push_back(static_cast<uint8_t>(attrs_len >> 8));
  bad.push_back(static_cast<uint8_t>(attrs_len));
  for (uint8_t b : Hex("40010107")) bad.push_back(b);
  bad.insert(bad.end(), bytes.begin() + 4, bytes.end());
  auto u = Decode(bad, testing::Both());
  ASSERT_TRUE(u.ok()) << u.error().what;
  ASSERT_TRUE(u->soft_error);
  EXPECT_TRUE(IsError(*u->soft_error, 3, 6, kTaw));
  EXPECT_EQ(u->soft_error->data, Hex("40010107"));
  EXPECT_TRUE(ClassicNlri(*u).empty());
  EXPECT_FALSE(MpReachOf(*u));
  EXPECT_EQ(ClassicWithdrawn(*u), std::vector<InetNlri>{N("192.0.2.0/24")});
  ASSERT_TRUE(MpUnreachOf(*u));
  EXPECT_EQ(MpUnreachOf(*u)->nlri, (std::vector<InetNlri>{N("2001:db8:2::/48"), N("2001:db8:1::/48")}));
}

TEST(UpdateTest, TreatAsWithdrawKeepsEachFamilyAndField) {
  // MP_REACH of IPv6 with an MP_UNREACH of IPv4 unicast: after
  // treat-as-withdraw each family keeps a withdrawn list of its own.
  Update u;
  u.attrs.as_path = AsPath{};
  u.Announce(kIpv6Unicast, {*IpAddress::Parse("2001:db8::1"), std::nullopt}, {N("2001:db8:1::/48")});
  u.Withdraw(kIpv4Unicast, {N("10.0.0.0/8")});
  auto d = Decode(Encode(u), testing::Both());  // no ORIGIN
  ASSERT_TRUE(d.ok());
  ASSERT_TRUE(d->soft_error);
  EXPECT_TRUE(d->reach.empty());
  ASSERT_EQ(d->unreach.size(), 2u);
  EXPECT_EQ(d->unreach[0], (Unreach{kIpv4Unicast, false, {N("10.0.0.0/8")}}));
  EXPECT_EQ(d->unreach[1], (Unreach{kIpv6Unicast, false, {N("2001:db8:1::/48")}}));
  // IPv4 unicast in MP_REACH, with classic withdrawn routes: the MP routes
  // join MP_UNREACH's list of the family, not the classic field's.
  Update v4;
  v4.attrs.as_path = AsPath{};
  v4.Withdraw({N("10.9.0.0/16")});
  v4.Announce(kIpv4Unicast, {IpAddress::V4(1), std::nullopt}, {N("10.1.0.0/16")});
  d = Decode(Encode(v4), testing::Both());
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(ClassicWithdrawn(*d), std::vector<InetNlri>{N("10.9.0.0/16")});
  ASSERT_TRUE(MpUnreachOf(*d));
  EXPECT_EQ(MpUnreachOf(*d)->family, kIpv4Unicast);
  EXPECT_EQ(MpUnreachOf(*d)->nlri, std::vector<InetNlri>{N("10.1.0.0/16")});
}

TEST(UpdateTest, AttributeDiscardKeepsTheRoutes) {
  std::string attrs = kBaseAttrs + kNextHop + "40060100";  // ATOMIC_AGGREGATE of length 1
  auto u = Decode("0000" "00" + testing::ToHexByte(attrs.size() / 2) + attrs + "18c00002");
  ASSERT_TRUE(u.ok());
  ASSERT_TRUE(u->soft_error);
  EXPECT_EQ(u->soft_error->action, ErrorAction::kAttributeDiscard);
  EXPECT_EQ(ClassicNlri(*u), std::vector<InetNlri>{N("192.0.2.0/24")});
  EXPECT_FALSE(u->attrs.atomic_aggregate);
}

// RFC 7606 §4: stray octets after the last attribute withdraw the routes of
// the UPDATE, found through the Total Path Attribute Length.
TEST(UpdateTest, StrayOctetsAfterTheAttributesWithdrawTheRoutes) {
  for (const std::string stray : {"40", "4003", "500300"}) {
    SCOPED_TRACE(stray);
    std::string attrs = kBaseAttrs + kNextHop + stray;
    auto u = Decode("0003" "100a09" "00" + testing::ToHexByte(attrs.size() / 2) + attrs + "18c00002" "19c6336480");
    ASSERT_TRUE(u.ok()) << u.error().what;
    ASSERT_TRUE(u->soft_error);
    EXPECT_TRUE(IsError(*u->soft_error, 3, 1, kTaw));
    EXPECT_TRUE(u->soft_error->data.empty());
    EXPECT_TRUE(ClassicNlri(*u).empty());
    EXPECT_EQ(ClassicWithdrawn(*u), (std::vector<InetNlri>{N("10.9.0.0/16"), N("192.0.2.0/24"), N("198.51.100.128/25")}));
  }
  // An attribute that runs past the field: the same, and MP_REACH_NLRI's
  // routes (decoded before it) are withdrawn too.
  Update v6 = V6Update(false);
  v6.unreach.clear();
  Bytes bytes = Encode(v6);
  bytes[3] += 3;  // Total Path Attribute Length
  for (uint8_t b : Hex("c00808")) bytes.push_back(b);  // COMMUNITIES of 8, nothing after
  auto u = Decode(bytes, testing::Both());
  ASSERT_TRUE(u.ok()) << u.error().what;
  ASSERT_TRUE(u->soft_error);
  EXPECT_TRUE(IsError(*u->soft_error, 3, 1, kTaw));
  EXPECT_FALSE(MpReachOf(*u));
  ASSERT_TRUE(MpUnreachOf(*u));
  EXPECT_EQ(MpUnreachOf(*u)->nlri, std::vector<InetNlri>{N("2001:db8:1::/48")});
  // But an MP_REACH_NLRI that runs past the field hides its routes.
  std::string attrs = kBaseAttrs + "800e1c" "000201";
  u = Decode("0000" "00" + testing::ToHexByte(attrs.size() / 2) + attrs);
  ASSERT_FALSE(u.ok());
  EXPECT_TRUE(IsError(u.error(), 3, 1, kReset));
}

Negotiated Session(const char* local, const char* peer) {
  Negotiated n = testing::Both();
  n.local_address = *IpAddress::Parse(local);
  n.peer_address = *IpAddress::Parse(peer);
  return n;
}

// RFC 4271 §6.3: a NEXT_HOP that no route can use, or herald's own address,
// is logged and its routes ignored (withdrawn), with no NOTIFICATION.
TEST(UpdateTest, UnusableNextHopWithdrawsTheClassicRoutes) {
  const Negotiated n = Session("192.0.2.7", "192.0.2.8");
  struct Case {
    const char* next_hop;
    const char* why;
  } bad[] = {
      {"00000000", "the unspecified address"},
      {"00010203", "an address in 0.0.0.0/8 (this network)"},
      {"e0000005", "a multicast address"},
      {"efffffff", "a multicast address"},
      {"f0000001", "a reserved address (240.0.0.0/4)"},
      {"ffffffff", "the broadcast address"},
      {"c0000207", "herald's own address"},
  };
  for (const Case& c : bad) {
    SCOPED_TRACE(c.next_hop);
    std::string attrs = kBaseAttrs + "400304" + c.next_hop;
    auto u = Decode(Hex("0003" "100a09" "0014" + attrs + "18c00002"), n);
    ASSERT_TRUE(u.ok()) << u.error().what;
    ASSERT_TRUE(u->soft_error);
    EXPECT_TRUE(IsError(*u->soft_error, 3, 8, kTaw));
    EXPECT_EQ(u->soft_error->data, Hex(std::string("400304") + c.next_hop));
    EXPECT_NE(u->soft_error->what.find(c.why), std::string::npos) << u->soft_error->what;
    EXPECT_TRUE(ClassicNlri(*u).empty());
    EXPECT_EQ(ClassicWithdrawn(*u), (std::vector<InetNlri>{N("10.9.0.0/16"), N("192.0.2.0/24")}));
  }
  // The peer's own address is the usual next hop; loopback and the rest of
  // unicast space are fine.
  for (const char* good : {"c0000208", "7f000001", "c0000201", "dfffffff"}) {
    SCOPED_TRACE(good);
    auto u = Decode(Hex("0000" "0014" + kBaseAttrs + "400304" + good + "18c00002"), n);
    ASSERT_TRUE(u.ok());
    EXPECT_FALSE(u->soft_error);
    EXPECT_EQ(ClassicNlri(*u), std::vector<InetNlri>{N("192.0.2.0/24")});
  }
  // Without classic NLRI the NEXT_HOP attribute is unused (RFC 4760 §3).
  Update v6 = V6Update(false);
  v6.attrs.next_hop = IpAddress::V4(0);
  auto u = Decode(Encode(v6), n);
  ASSERT_TRUE(u.ok());
  EXPECT_FALSE(u->soft_error);
  EXPECT_TRUE(MpReachOf(*u));
}

TEST(UpdateTest, UnusableMpNextHopWithdrawsTheMpRoutes) {
  const Negotiated n = Session("2001:db8::7", "2001:db8::8");
  for (const char* next_hop : {"::", "ff02::1", "ff0e::1", "2001:db8::7", "::ffff:0.0.0.0", "::ffff:224.0.0.1"}) {
    SCOPED_TRACE(next_hop);
    Update v6 = V6Update(false);
    MpReachOf(v6)->next_hop.address = *IpAddress::Parse(next_hop);
    v6.Announce({N("192.0.2.0/24")});
    v6.attrs.next_hop = IpAddress::V4(0xc0000201);
    auto u = Decode(Encode(v6), n);
    ASSERT_TRUE(u.ok()) << u.error().what;
    ASSERT_TRUE(u->soft_error);
    EXPECT_TRUE(IsError(*u->soft_error, 3, 8, kTaw));
    EXPECT_EQ(u->soft_error->data, Bytes(MpReachOf(v6)->next_hop.address.bytes().begin(),
                                         MpReachOf(v6)->next_hop.address.bytes().end()));
    EXPECT_FALSE(MpReachOf(*u));
    ASSERT_TRUE(MpUnreachOf(*u));
    EXPECT_EQ(MpUnreachOf(*u)->nlri, (std::vector<InetNlri>{N("2001:db8:2::/48"), N("2001:db8:1::/48")}));
    EXPECT_EQ(ClassicNlri(*u), std::vector<InetNlri>{N("192.0.2.0/24")}) << "the classic routes have a good next hop";
  }
  // An IPv4 route in MP_REACH whose next hop is herald's own IPv4 address.
  Update v4;
  v4.attrs.origin = Origin::kIgp;
  v4.attrs.as_path = AsPath{};
  v4.Announce(kIpv4Unicast, {IpAddress::V4(0xc0000207), std::nullopt}, {N("10.1.0.0/16")});
  auto u = Decode(Encode(v4), Session("192.0.2.7", "192.0.2.8"));
  ASSERT_TRUE(u.ok());
  ASSERT_TRUE(u->soft_error);
  EXPECT_TRUE(IsError(*u->soft_error, 3, 8, kTaw));
  ASSERT_TRUE(MpUnreachOf(*u));
  EXPECT_EQ(MpUnreachOf(*u)->nlri, std::vector<InetNlri>{N("10.1.0.0/16")});
  // A link-local or the peer's own next hop is fine.
  for (const char* next_hop : {"fe80::1", "2001:db8::8", "::1"}) {
    Update v6 = V6Update(false);
    MpReachOf(v6)->next_hop.address = *IpAddress::Parse(next_hop);
    u = Decode(Encode(v6), n);
    ASSERT_TRUE(u.ok());
    EXPECT_FALSE(u->soft_error) << next_hop;
  }
}

TEST(UpdateTest, EveryTruncationFailsOrIsAShorterValidUpdate) {
  Update v = V6Update(true);
  v.attrs.next_hop = IpAddress::V4(0xc0000201);
  v.attrs.communities = {kNoExport};
  v.Withdraw({N("10.0.0.0/8")});
  v.Announce({N("192.0.2.0/24"), N("192.0.2.128/25")});
  Bytes whole = Encode(v);
  size_t ok = 0;
  for (size_t len = 0; len < whole.size(); ++len) {
    Bytes cut(whole.begin(), whole.begin() + static_cast<ptrdiff_t>(len));
    auto u = Decode(cut, testing::Both());
    if (!u.ok()) continue;
    // Only cutting whole prefixes off the NLRI field gives a valid UPDATE.
    ++ok;
    EXPECT_EQ(Encode(*u), cut) << len;
  }
  EXPECT_EQ(ok, 2u) << "after the attributes, and after the first prefix";
}

TEST(UpdateTest, EncodeFailsForUnsupportedMpFamilyOrNextHop) {
  Update u;
  u.Announce({Afi::kIpv4, static_cast<Safi>(200)}, {IpAddress::V4(1), std::nullopt}, {});  // no such family
  Bytes out;
  ByteWriter w(&out);
  u.Encode(w, testing::Both());
  EXPECT_FALSE(w.ok());
  Update v = V6Update(false);
  MpReachOf(v)->next_hop.address = IpAddress::V4(1);
  Bytes out2;
  ByteWriter w2(&out2);
  v.Encode(w2, testing::Both());
  EXPECT_FALSE(w2.ok()) << "IPv4 next hop for IPv6 routes";
}

}  // namespace
}  // namespace herald::wire
