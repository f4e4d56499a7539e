#include "rib/blame.h"

#include <gtest/gtest.h>

namespace herald::rib {
namespace {

wire::InetNlri N(const char* p) { return {*Prefix::Parse(p), 0}; }

TEST(BlameTest, TheAttributeAnUpdateErrorNames) {
  auto n = [](uint8_t code, uint8_t sub, Bytes data) { return wire::Notification{code, sub, std::move(data)}; };
  EXPECT_EQ(BlamedAttribute(n(3, 2, {0x40, 0x99, 0x01, 0x01})), 0x99);  // unrecognized well-known
  EXPECT_EQ(BlamedAttribute(n(3, 4, {0x80, 0x08, 0x00})), 8);           // flags
  EXPECT_EQ(BlamedAttribute(n(3, 3, {0x05})), 5);                       // missing: the code alone
  EXPECT_EQ(BlamedAttribute(n(3, 1, {})), std::nullopt);                // no data
  EXPECT_EQ(BlamedAttribute(n(3, 2, {0x40})), std::nullopt);            // too short
  EXPECT_EQ(BlamedAttribute(n(6, 2, {0x40, 0x99})), std::nullopt);      // not an UPDATE error
}

TEST(BlameTest, FindsTheRoutesCarryingTheAttribute) {
  AttrPool pool;
  AdjRibOut rib(&pool);
  PeerContext peer;
  peer.negotiated.local_as = 65001;
  peer.negotiated.peer_as = 65002;
  peer.negotiated.families = {wire::kIpv4Unicast, wire::kIpv6Unicast};
  peer.self_v4 = *IpAddress::Parse("192.0.2.1");
  peer.self_v6 = *IpAddress::Parse("2001:db8::1");

  wire::PathAttributes odd;
  odd.unknown = {wire::RawAttribute{0x40, 0x99, {0x01}}};
  AttrRef bad = pool.Intern(NextHop::Self(), odd);
  AttrRef good = pool.Intern(NextHop::Self(), wire::PathAttributes{});
  rib.Announce(wire::kIpv4Unicast, N("10.0.0.0/24"), good);
  rib.Announce(wire::kIpv4Unicast, N("10.55.0.0/24"), bad);
  rib.Announce(wire::kIpv4Unicast, N("10.56.0.0/24"), bad);
  rib.Announce(wire::kIpv6Unicast, N("2001:db8:55::/48"), bad);

  Blamed b = RoutesCarrying(rib, peer, 0x99, 2);
  EXPECT_EQ(b.total, 3u);
  ASSERT_EQ(b.routes.size(), 2u);
  for (const auto& [family, nlri] : b.routes) EXPECT_NE(nlri, N("10.0.0.0/24"));

  // NEXT_HOP (3) travels in IPv4 unicast UPDATEs only; ORIGIN (1) in all,
  // as export adds it.
  EXPECT_EQ(RoutesCarrying(rib, peer, 3, 10).total, 3u);
  EXPECT_EQ(RoutesCarrying(rib, peer, 1, 10).total, 4u);
  EXPECT_EQ(RoutesCarrying(rib, peer, 8, 10).total, 0u);
}

}  // namespace
}  // namespace herald::rib
