// RFC 8950 extended next hop: IPv4 routes over an IPv6 next hop in
// MP_REACH_NLRI, sent only to a peer that announced the capability for the
// family and read only when herald announced it. The messages are what
// ExaBGP 5.0.13 sent for Debian's extended-nexthop.conf and for an
// ipv4 mpls-vpn route over `next-hop cafe::1` (captured by a sink as in
// tests/e2e/parity.py).
#include <gtest/gtest.h>

#include "wire/message.h"
#include "wire/open.h"
#include "wire/test_util.h"
#include "wire/update.h"

namespace herald::wire {
namespace {

using testing::ExactBuffer;
using testing::Hex;
using testing::IsError;

constexpr Family kV4Vpn{Afi::kIpv4, Safi::kMplsVpn};

// route 153.153.153.153 next-hop BAD:CAFE:BAD:CAFE:BAD:CAFE:BAD:CAFE (iBGP).
const char* kUnicast =
    "0000002b" "40010100" "400200" "40050400000064"
    "800e1a" "0001" "01" "10" "0badcafe0badcafe0badcafe0badcafe" "00" "2099999999";
// route 10.0.0.0/24 rd 1:1 next-hop cafe::1 label 3: a zero RD before the
// IPv6 address (RFC 8950 §3, RFC 4364 §4.3.2).
const char* kVpn =
    "0000003d" "40010100" "400200" "40050400000064"
    "800e2c" "0001" "80" "18" "0000000000000000" "cafe0000000000000000000000000001" "00"
    "70" "000031" "0000000100000001" "0a0000";

Negotiated Session(bool v6_next_hops) {
  Negotiated n = testing::Both();
  n.local_as = n.peer_as = 65000;
  n.families.push_back(kV4Vpn);
  if (v6_next_hops) {
    n.v6_next_hop_send = {kIpv4Unicast, kV4Vpn};
    n.v6_next_hop_receive = {kIpv4Unicast, kV4Vpn};
  }
  return n;
}

Result<Update, WireError> Decode(const std::string& hex, const Negotiated& n) {
  ExactBuffer b(Hex(hex));
  ByteReader r = b.reader();
  return Update::Decode(r, n);
}

PathAttributes Ibgp() {
  PathAttributes a;
  a.origin = Origin::kIgp;
  a.as_path = AsPath{};
  a.local_pref = 100;
  return a;
}

// The UPDATE's body out of a whole message.
std::string BodyOf(const Bytes& message) { return ToHex(ByteSpan(message).subspan(kHeaderSize)); }

TEST(UpdateNextHopTest, Ipv4UnicastOverIpv6IsSentInMpReach) {
  MpNextHop nh{*IpAddress::Parse("bad:cafe:bad:cafe:bad:cafe:bad:cafe"), std::nullopt};
  const InetNlri route{*Prefix::Parse("153.153.153.153/32"), 0};
  Bytes out;
  ASSERT_TRUE(EncodeAnnounce(kIpv4Unicast, Ibgp(), nh, std::span(&route, 1), Session(true), &out));
  EXPECT_EQ(BodyOf(out), ToHex(Hex(kUnicast)));
  // Not to a peer that did not announce the capability (RFC 8950 §4).
  out.clear();
  EXPECT_FALSE(EncodeAnnounce(kIpv4Unicast, Ibgp(), nh, std::span(&route, 1), Session(false), &out));
  EXPECT_TRUE(out.empty());
}

TEST(UpdateNextHopTest, Ipv4UnicastOverIpv6IsRead) {
  auto u = Decode(kUnicast, Session(true));
  ASSERT_TRUE(u.ok()) << u.error().what;
  ASSERT_EQ(u->reach.size(), 1u);
  EXPECT_EQ(u->reach[0].family, kIpv4Unicast);
  EXPECT_FALSE(u->reach[0].classic);
  EXPECT_EQ(u->reach[0].next_hop.address.ToString(), "bad:cafe:bad:cafe:bad:cafe:bad:cafe");
  ASSERT_EQ(u->reach[0].nlri.size(), 1u);
  EXPECT_EQ(u->reach[0].nlri[0].prefix.ToString(), "153.153.153.153/32");
  EXPECT_FALSE(u->attrs.next_hop);
  // Re-encoded to the same bytes.
  Bytes out;
  ByteWriter w(&out, 4096);
  u->Encode(w, Session(true));
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(ToHex(out), ToHex(Hex(kUnicast)));
  // With a link-local address too (32 bytes).
  std::string with_ll = std::string("0000003b" "40010100" "400200" "40050400000064"
                                    "800e2a" "0001" "01" "20" "0badcafe0badcafe0badcafe0badcafe"
                                    "fe800000000000000000000000000001" "00" "2099999999");
  u = Decode(with_ll, Session(true));
  ASSERT_TRUE(u.ok()) << u.error().what;
  ASSERT_TRUE(u->reach[0].next_hop.link_local);
  EXPECT_EQ(u->reach[0].next_hop.link_local->ToString(), "fe80::1");
}

TEST(UpdateNextHopTest, Ipv6NextHopWithoutTheCapabilityResetsTheSession) {
  // RFC 4760 §3 leaves only 4 bytes for an IPv4 next hop then: a malformed
  // MP_REACH_NLRI (RFC 7606 §7.11).
  for (const char* hex : {kUnicast, kVpn}) {
    auto u = Decode(hex, Session(false));
    ASSERT_FALSE(u.ok());
    EXPECT_TRUE(IsError(u.error(), 3, 9, ErrorAction::kSessionReset));
  }
  // Lengths no family has stay errors with the capability.
  auto u = Decode("0000001e" "40010100" "400200" "40050400000064" "800e0d" "0001" "01" "05" "0102030405" "00"
                  "2099999999",
                  Session(true));
  ASSERT_FALSE(u.ok());
  EXPECT_TRUE(IsError(u.error(), 3, 9, ErrorAction::kSessionReset));
}

TEST(UpdateNextHopTest, VpnIpv4OverIpv6RoundTrips) {
  auto u = Decode(kVpn, Session(true));
  ASSERT_TRUE(u.ok()) << u.error().what;
  ASSERT_EQ(u->reach.size(), 1u);
  EXPECT_EQ(u->reach[0].family, kV4Vpn);
  EXPECT_EQ(u->reach[0].next_hop.address.ToString(), "cafe::1");
  ASSERT_EQ(u->reach[0].generic.size(), 1u);
  Bytes out;
  ASSERT_TRUE(EncodeAnnounce(kV4Vpn, Ibgp(), u->reach[0].next_hop, std::span(u->reach[0].generic), Session(true),
                             &out));
  EXPECT_EQ(BodyOf(out), ToHex(Hex(kVpn)));
}

TEST(UpdateNextHopTest, CapabilityRoundTrips) {
  // AFI 1, SAFI 1 (two octets), next-hop AFI 2; then ipv4 mpls-vpn.
  ExactBuffer b(Hex("000100010002" "000100800002"));
  ByteReader r = b.reader();
  auto c = Capability::Decode(5, r);
  ASSERT_TRUE(c.ok());
  const auto* nh = std::get_if<ExtendedNextHopCap>(&c->value);
  ASSERT_NE(nh, nullptr);
  EXPECT_EQ(nh->entries, (std::vector<ExtendedNextHopCap::Entry>{{kIpv4Unicast, Afi::kIpv6}, {kV4Vpn, Afi::kIpv6}}));
  Bytes out;
  ByteWriter w(&out);
  c->Encode(w);
  EXPECT_EQ(ToHex(out), "050c000100010002000100800002");
  // Empty (as ExaBGP sends `capability { nexthop; }` alone) is valid.
  ExactBuffer empty(Bytes{});
  ByteReader er = empty.reader();
  ASSERT_TRUE(Capability::Decode(5, er).ok());
  // Not a whole number of entries: 2/0.
  for (const char* bad : {"0001", "00010001000200"}) {
    ExactBuffer e(Hex(bad));
    ByteReader br = e.reader();
    auto d = Capability::Decode(5, br);
    ASSERT_FALSE(d.ok()) << bad;
    EXPECT_TRUE(IsError(d.error(), 2, 0, ErrorAction::kSessionReset));
  }
}

}  // namespace
}  // namespace herald::wire
