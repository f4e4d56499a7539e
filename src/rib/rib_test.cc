#include <gtest/gtest.h>
#include <malloc.h>

#include <memory>

#include "rib/adj_rib_out.h"
#include "rib/attr_pool.h"
#include "rib/export.h"
#include "rib/fit.h"
#include "wire/message.h"

namespace herald::rib {
namespace {

wire::InetNlri N(const char* p) { return {*Prefix::Parse(p), 0}; }

wire::PathAttributes Med(uint32_t med) {
  wire::PathAttributes a;
  a.med = med;
  return a;
}

NextHop Nh(const char* ip) { return NextHop::Address(*IpAddress::Parse(ip)); }

PeerContext Ebgp() {
  PeerContext p;
  p.negotiated.local_as = 65001;
  p.negotiated.peer_as = 65002;
  p.negotiated.families = {wire::kIpv4Unicast, wire::kIpv6Unicast};
  p.self_v4 = *IpAddress::Parse("192.0.2.1");
  return p;
}

PeerContext Ibgp() {
  PeerContext p = Ebgp();
  p.negotiated.peer_as = 65001;
  return p;
}

// Every UPDATE in a drained buffer, decoded.
std::vector<wire::Update> Decode(const Bytes& bytes, const wire::Negotiated& n) {
  std::vector<wire::Update> out;
  size_t at = 0;
  while (at < bytes.size()) {
    size_t len = (size_t{bytes[at + 16]} << 8) | bytes[at + 17];
    auto m = wire::DecodeMessage(ByteSpan(bytes.data() + at, len), n);
    EXPECT_TRUE(m) << (m ? "" : m.error().what);
    if (!m) break;
    if (auto* u = std::get_if<wire::Update>(&*m)) out.push_back(*u);
    at += len;
  }
  return out;
}

TEST(AttrPoolTest, InternsEqualSetsOnceAndFreesTheLast) {
  AttrPool pool;
  {
    AttrRef a = pool.Intern(Nh("192.0.2.1"), Med(1));
    AttrRef b = pool.Intern(Nh("192.0.2.1"), Med(1));
    AttrRef c = pool.Intern(Nh("192.0.2.1"), Med(2));
    AttrRef d = pool.Intern(NextHop::Self(), Med(1));
    EXPECT_EQ(a, b);
    EXPECT_FALSE(a == c);
    EXPECT_FALSE(a == d);
    EXPECT_EQ(pool.size(), 3u);
    a = AttrRef();
    EXPECT_EQ(pool.size(), 3u) << "b still holds the set";
  }
  EXPECT_EQ(pool.size(), 0u);
}

TEST(ExportTest, AppliesSessionDefaults) {
  AttrPool pool;
  AttrRef self = pool.Intern(NextHop::Self(), wire::PathAttributes{});
  auto e = Export(*self, wire::kIpv4Unicast, Ebgp());
  ASSERT_TRUE(e);
  EXPECT_EQ(e->attrs.next_hop->ToString(), "192.0.2.1");
  EXPECT_EQ(*e->attrs.origin, wire::Origin::kIgp);
  ASSERT_EQ(e->attrs.as_path->size(), 1u);
  EXPECT_EQ((*e->attrs.as_path)[0].asns, std::vector<uint32_t>{65001});
  EXPECT_FALSE(e->attrs.local_pref);

  PeerContext ibgp = Ibgp();
  wire::PathAttributes lp;
  lp.local_pref = 200;
  AttrRef given = pool.Intern(Nh("192.0.2.9"), lp);
  auto i = Export(*given, wire::kIpv4Unicast, ibgp);
  ASSERT_TRUE(i);
  EXPECT_TRUE(i->attrs.as_path->empty());
  EXPECT_EQ(*i->attrs.local_pref, 200u);
  auto d = Export(*self, wire::kIpv4Unicast, ibgp);
  EXPECT_EQ(*d->attrs.local_pref, 100u);

  auto eb = Export(*given, wire::kIpv4Unicast, Ebgp());
  EXPECT_FALSE(eb->attrs.local_pref) << "never sent on eBGP";
}

// RFC 4456 §8 and RFC 5065 §5: route reflection attributes stay inside the
// AS, confederation segments inside the confederation (herald has none).
// RFC 8950: an IPv4 route over an IPv6 next hop goes in MP_REACH_NLRI, and
// only to a peer that announced the extended next hop capability for the
// family; an IPv6 route over an IPv4 next hop takes its IPv4-mapped form.
TEST(ExportTest, NextHopsOfTheOtherFamily) {
  AttrPool pool;
  AttrRef v6 = pool.Intern(Nh("2001:db8::1"), wire::PathAttributes{});
  auto refused = Export(*v6, wire::kIpv4Unicast, Ebgp());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message,
            "next hop 2001:db8::1 is IPv6 and the peer did not announce the extended next hop capability for ipv4 "
            "unicast (RFC 8950)");
  PeerContext peer = Ebgp();
  peer.negotiated.v6_next_hop_send = {wire::kIpv4Unicast};
  auto e = Export(*v6, wire::kIpv4Unicast, peer);
  ASSERT_TRUE(e);
  EXPECT_FALSE(e->attrs.next_hop);  // no NEXT_HOP attribute: MP_REACH_NLRI carries it
  EXPECT_EQ(e->next_hop.address.ToString(), "2001:db8::1");
  AttrRef v4 = pool.Intern(Nh("192.0.2.9"), wire::PathAttributes{});
  e = Export(*v4, wire::kIpv6Unicast, Ebgp());
  ASSERT_TRUE(e);
  EXPECT_EQ(e->next_hop.address.ToString(), "::ffff:192.0.2.9");
}

TEST(ExportTest, InternalAttributesGoToInternalPeersOnly) {
  AttrPool pool;
  wire::PathAttributes internal;
  internal.originator_id = *IpAddress::Parse("192.0.2.5");
  internal.cluster_list = {*IpAddress::Parse("192.0.2.6"), *IpAddress::Parse("192.0.2.7")};
  internal.as_path = wire::AsPath{{wire::AsSegmentType::kConfedSequence, {65010, 65011}},
                                  {wire::AsSegmentType::kSequence, {65001, 65020}},
                                  {wire::AsSegmentType::kConfedSet, {65012}}};
  AttrRef given = pool.Intern(Nh("192.0.2.9"), internal);
  auto i = Export(*given, wire::kIpv4Unicast, Ibgp());
  ASSERT_TRUE(i);
  EXPECT_EQ(i->attrs.originator_id, internal.originator_id);
  EXPECT_EQ(i->attrs.cluster_list, internal.cluster_list);
  EXPECT_EQ(i->attrs.as_path, internal.as_path);
  auto e = Export(*given, wire::kIpv4Unicast, Ebgp());
  ASSERT_TRUE(e);
  EXPECT_FALSE(e->attrs.originator_id);
  EXPECT_TRUE(e->attrs.cluster_list.empty());
  EXPECT_EQ(e->attrs.as_path, (wire::AsPath{{wire::AsSegmentType::kSequence, {65001, 65020}}}));
}

// RFC 7311 §3: AIGP only where the session has AIGP_SESSION
// (session::Negotiate: iBGP unless configured otherwise, eBGP with
// `capability { aigp enable; }`).
TEST(ExportTest, AigpOnlyToAigpSessions) {
  AttrPool pool;
  wire::PathAttributes with;
  with.aigp = 100;
  AttrRef given = pool.Intern(Nh("192.0.2.9"), with);
  for (PeerContext peer : {Ibgp(), Ebgp()}) {
    peer.negotiated.aigp = true;
    auto on = Export(*given, wire::kIpv4Unicast, peer);
    ASSERT_TRUE(on);
    EXPECT_EQ(on->attrs.aigp, 100u);
    peer.negotiated.aigp = false;
    auto off = Export(*given, wire::kIpv4Unicast, peer);
    ASSERT_TRUE(off);
    EXPECT_FALSE(off->attrs.aigp);
  }
}

// RFC 9234 §5, egress: OTC (the local AS) on routes to customers, peers and
// RS-clients; routes already marked go to customers only.
TEST(ExportTest, OtcByRole) {
  AttrPool pool;
  AttrRef plain = pool.Intern(Nh("192.0.2.9"), wire::PathAttributes{});
  wire::PathAttributes marked_attrs;
  wire::AddOtc(&marked_attrs, 64999);
  AttrRef marked = pool.Intern(Nh("192.0.2.9"), marked_attrs);
  PeerContext peer = Ebgp();
  EXPECT_FALSE(wire::OtcValue(Export(*plain, wire::kIpv4Unicast, peer)->attrs)) << "no role, no OTC";
  for (wire::Role local : {wire::Role::kProvider, wire::Role::kPeer, wire::Role::kRs}) {
    peer.negotiated.local_role = local;
    auto e = Export(*plain, wire::kIpv4Unicast, peer);
    ASSERT_TRUE(e);
    EXPECT_EQ(wire::OtcValue(e->attrs), 65001u) << wire::RoleName(local);
  }
  for (wire::Role local : {wire::Role::kCustomer, wire::Role::kRsClient}) {
    peer.negotiated.local_role = local;
    auto e = Export(*plain, wire::kIpv4Unicast, peer);
    ASSERT_TRUE(e);
    EXPECT_FALSE(wire::OtcValue(e->attrs)) << wire::RoleName(local);
  }
  for (wire::Role local : {wire::Role::kCustomer, wire::Role::kPeer, wire::Role::kRsClient}) {
    peer.negotiated.local_role = local;
    EXPECT_FALSE(Export(*marked, wire::kIpv4Unicast, peer)) << wire::RoleName(local);
  }
  peer.negotiated.local_role = wire::Role::kCustomer;
  EXPECT_EQ(Export(*marked, wire::kIpv4Unicast, peer).error().message,
            "route carries OTC 64999 and the peer is a provider: it goes only to customers (RFC 9234 §5)");
  peer.negotiated.local_role = wire::Role::kProvider;
  auto kept = Export(*marked, wire::kIpv4Unicast, peer);
  ASSERT_TRUE(kept);
  EXPECT_EQ(wire::OtcValue(kept->attrs), 64999u) << "kept as given, not added twice";
  EXPECT_EQ(kept->attrs.unknown.size(), 1u);
}

// RFC 4271 §5.1.3: never the peer's own address as next hop.
TEST(ExportTest, TheNextHopIsNeverThePeersAddress) {
  AttrPool pool;
  PeerContext peer = Ebgp();
  peer.negotiated.peer_address = *IpAddress::Parse("192.0.2.8");
  AttrRef v4 = pool.Intern(Nh("192.0.2.8"), wire::PathAttributes{});
  auto e = Export(*v4, wire::kIpv4Unicast, peer);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().message, "next hop 192.0.2.8 is the peer's own address (RFC 4271 §5.1.3)");
  // Also as an IPv4-mapped next hop for an IPv6 route.
  EXPECT_FALSE(Export(*v4, wire::kIpv6Unicast, peer));
  AttrRef other = pool.Intern(Nh("192.0.2.9"), wire::PathAttributes{});
  EXPECT_TRUE(Export(*other, wire::kIpv4Unicast, peer));
}

TEST(ExportTest, NextHopSelfNeedsAnAddressOfTheFamily) {
  AttrPool pool;
  AttrRef self = pool.Intern(NextHop::Self(), wire::PathAttributes{});
  auto e = Export(*self, wire::kIpv6Unicast, Ebgp());
  EXPECT_FALSE(e);
  AttrRef v4 = pool.Intern(Nh("192.0.2.7"), wire::PathAttributes{});
  auto m = Export(*v4, wire::kIpv6Unicast, Ebgp());
  ASSERT_TRUE(m);
  EXPECT_EQ(m->next_hop.address.ToString(), "::ffff:192.0.2.7");
  EXPECT_FALSE(m->attrs.next_hop);
}

TEST(AdjRibOutTest, RoutesGivenWhileDownAreSentOnStartThenEndOfRib) {
  AttrPool pool;
  AdjRibOut rib(&pool);
  AttrRef a = pool.Intern(Nh("192.0.2.1"), Med(5));
  rib.Announce(wire::kIpv4Unicast, N("10.0.0.0/24"), a);
  rib.Announce(wire::kIpv4Unicast, N("10.0.1.0/24"), a);
  EXPECT_FALSE(rib.pending()) << "session down: nothing to send";
  rib.Start({wire::kIpv4Unicast}, false);
  ASSERT_TRUE(rib.pending());
  Bytes out;
  PeerContext peer = Ebgp();
  DrainStats s = rib.Drain(peer, 1 << 20, &out);
  EXPECT_EQ(s.announced, 2u);
  EXPECT_EQ(s.eors, 1u);
  EXPECT_FALSE(rib.pending());
  auto updates = Decode(out, peer.negotiated);
  ASSERT_EQ(updates.size(), 2u) << "one UPDATE for both prefixes, then End-of-RIB";
  EXPECT_EQ(ClassicNlri(updates[0]).size(), 2u);
  EXPECT_EQ(*updates[0].attrs.med, 5u);
  EXPECT_EQ(updates[1].EndOfRib(), wire::kIpv4Unicast);
}

TEST(AdjRibOutTest, UnchangedReannounceIsNotSentAgain) {
  AttrPool pool;
  AdjRibOut rib(&pool);
  PeerContext peer = Ebgp();
  rib.Start({wire::kIpv4Unicast}, true);
  AttrRef a = pool.Intern(Nh("192.0.2.1"), Med(5));
  rib.Announce(wire::kIpv4Unicast, N("10.0.0.0/24"), a);
  Bytes out;
  rib.Drain(peer, 1 << 20, &out);
  EXPECT_FALSE(out.empty());
  rib.Announce(wire::kIpv4Unicast, N("10.0.0.0/24"), pool.Intern(Nh("192.0.2.1"), Med(5)));
  EXPECT_FALSE(rib.pending());
  rib.Announce(wire::kIpv4Unicast, N("10.0.0.0/24"), pool.Intern(Nh("192.0.2.1"), Med(6)));
  EXPECT_TRUE(rib.pending()) << "changed attributes replace the route";
  out.clear();
  rib.Drain(peer, 1 << 20, &out);
  auto updates = Decode(out, peer.negotiated);
  ASSERT_EQ(updates.size(), 1u);
  EXPECT_EQ(*updates[0].attrs.med, 6u);
}

// `next-hop self` and the address it stands for on this session send the
// same UPDATE: given one after the other, the route is not sent again.
TEST(AdjRibOutTest, NextHopSelfAndItsAddressAreTheSameRoute) {
  AttrPool pool;
  AdjRibOut rib(&pool);
  PeerContext peer = Ebgp();  // self_v4 192.0.2.1
  rib.Start({wire::kIpv4Unicast}, true);
  rib.Announce(wire::kIpv4Unicast, N("10.0.0.0/24"), pool.Intern(Nh("192.0.2.1"), Med(5)));
  Bytes out;
  rib.Drain(peer, 1 << 20, &out);
  ASSERT_FALSE(out.empty());
  rib.Announce(wire::kIpv4Unicast, N("10.0.0.0/24"), pool.Intern(NextHop::Self(), Med(5)));
  EXPECT_FALSE(rib.pending()) << "self is 192.0.2.1 here";
  rib.Announce(wire::kIpv4Unicast, N("10.0.0.0/24"), pool.Intern(Nh("192.0.2.1"), Med(5)));
  EXPECT_FALSE(rib.pending());
  // Another address, or other attributes, are a change.
  rib.Announce(wire::kIpv4Unicast, N("10.0.0.0/24"), pool.Intern(NextHop::Self(), Med(6)));
  EXPECT_TRUE(rib.pending());
  out.clear();
  rib.Drain(peer, 1 << 20, &out);
  rib.Announce(wire::kIpv4Unicast, N("10.0.0.0/24"), pool.Intern(Nh("192.0.2.7"), Med(6)));
  EXPECT_TRUE(rib.pending());
  out.clear();
  rib.Drain(peer, 1 << 20, &out);
  auto updates = Decode(out, peer.negotiated);
  ASSERT_EQ(updates.size(), 1u);
  EXPECT_EQ(*updates[0].attrs.next_hop, *IpAddress::Parse("192.0.2.7"));
}

TEST(AdjRibOutTest, ChurnBeforeSendingCollapsesToTheLatestState) {
  AttrPool pool;
  AdjRibOut rib(&pool);
  PeerContext peer = Ebgp();
  rib.Start({wire::kIpv4Unicast}, true);
  AttrRef a = pool.Intern(Nh("192.0.2.1"), Med(5));
  for (int i = 0; i < 100; ++i) {
    rib.Announce(wire::kIpv4Unicast, N("10.9.0.0/16"), a);
    rib.Withdraw(wire::kIpv4Unicast, N("10.9.0.0/16"));
  }
  Bytes out;
  rib.Drain(peer, 1 << 20, &out);
  EXPECT_TRUE(out.empty()) << "never sent, then withdrawn: nothing to say";
  EXPECT_EQ(rib.size(), 0u);

  rib.Announce(wire::kIpv4Unicast, N("10.9.0.0/16"), a);
  rib.Drain(peer, 1 << 20, &out);
  out.clear();
  for (int i = 0; i < 100; ++i) {
    rib.Withdraw(wire::kIpv4Unicast, N("10.9.0.0/16"));
    rib.Announce(wire::kIpv4Unicast, N("10.9.0.0/16"), pool.Intern(Nh("192.0.2.1"), Med(i)));
  }
  rib.Withdraw(wire::kIpv4Unicast, N("10.9.0.0/16"));
  rib.Drain(peer, 1 << 20, &out);
  auto updates = Decode(out, peer.negotiated);
  ASSERT_EQ(updates.size(), 1u);
  EXPECT_EQ(ClassicWithdrawn(updates[0]).size(), 1u);
  EXPECT_TRUE(ClassicNlri(updates[0]).empty());
}

// Between announcements and withdrawals the order of the commands holds:
// a covering route announced before a more specific is withdrawn goes out
// first (make before break); withdrawals given first go first.
TEST(AdjRibOutTest, AnnounceThenWithdrawKeepsTheirOrder) {
  AttrPool pool;
  AdjRibOut rib(&pool);
  PeerContext peer = Ebgp();
  rib.Start({wire::kIpv4Unicast}, true);
  AttrRef a = pool.Intern(Nh("192.0.2.1"), Med(5));
  Bytes out;
  rib.Announce(wire::kIpv4Unicast, N("2.2.0.0/25"), a);
  rib.Announce(wire::kIpv4Unicast, N("3.3.0.0/25"), a);
  rib.Drain(peer, 1 << 20, &out);
  out.clear();

  rib.Announce(wire::kIpv4Unicast, N("2.2.0.0/24"), a);
  rib.Withdraw(wire::kIpv4Unicast, N("2.2.0.0/25"));
  rib.Withdraw(wire::kIpv4Unicast, N("3.3.0.0/25"));
  rib.Announce(wire::kIpv4Unicast, N("3.3.0.0/24"), a);
  rib.Drain(peer, 1 << 20, &out);
  auto updates = Decode(out, peer.negotiated);
  ASSERT_EQ(updates.size(), 3u);
  ASSERT_EQ(ClassicNlri(updates[0]).size(), 1u);
  EXPECT_EQ(ClassicNlri(updates[0])[0], N("2.2.0.0/24"));
  EXPECT_TRUE(ClassicWithdrawn(updates[0]).empty());
  // The two withdrawals together, then the last announcement.
  EXPECT_EQ(ClassicWithdrawn(updates[1]), (std::vector<wire::InetNlri>{N("2.2.0.0/25"), N("3.3.0.0/25")}));
  EXPECT_TRUE(ClassicNlri(updates[1]).empty());
  ASSERT_EQ(ClassicNlri(updates[2]).size(), 1u);
  EXPECT_EQ(ClassicNlri(updates[2])[0], N("3.3.0.0/24"));
}

TEST(AdjRibOutTest, StopForgetsWhatWasSentAndStartResendsEverything) {
  AttrPool pool;
  AdjRibOut rib(&pool);
  PeerContext peer = Ebgp();
  AttrRef a = pool.Intern(Nh("192.0.2.1"), Med(1));
  rib.Start({wire::kIpv4Unicast}, true);
  for (int i = 0; i < 1000; ++i) {
    IpAddress ip = IpAddress::V4(0x0a000000u + (uint32_t(i) << 8));
    rib.Announce(wire::kIpv4Unicast, {Prefix(ip, 24), 0}, a);
  }
  Bytes out;
  rib.Drain(peer, 1 << 20, &out);
  rib.Withdraw(wire::kIpv4Unicast, N("10.0.0.0/24"));  // queued withdrawal, then the session drops
  rib.Stop();
  EXPECT_EQ(rib.size(), 999u);
  rib.Start({wire::kIpv4Unicast}, false);
  out.clear();
  rib.Drain(peer, 1 << 20, &out);
  size_t announced = 0, withdrawn = 0;
  for (auto& u : Decode(out, peer.negotiated)) {
    announced += ClassicNlri(u).size();
    withdrawn += ClassicWithdrawn(u).size();
  }
  EXPECT_EQ(announced, 999u);
  EXPECT_EQ(withdrawn, 0u);
}

TEST(AdjRibOutTest, DrainRespectsTheBudgetAndResumes) {
  AttrPool pool;
  AdjRibOut rib(&pool);
  PeerContext peer = Ebgp();
  AttrRef a = pool.Intern(Nh("192.0.2.1"), Med(1));
  for (uint32_t i = 0; i < 100000; ++i)
    rib.Announce(wire::kIpv4Unicast, {Prefix(IpAddress::V4(0x0a000000u + i), 32), 0}, a);
  rib.Start({wire::kIpv4Unicast}, false);
  Bytes out;
  size_t calls = 0;
  while (rib.pending()) {
    size_t before = out.size();
    rib.Drain(peer, out.size() + 64 * 1024, &out);
    ASSERT_GT(out.size(), before);
    ++calls;
  }
  EXPECT_GT(calls, 3u);
  size_t announced = 0, eor = 0;
  for (auto& u : Decode(out, peer.negotiated)) {
    announced += ClassicNlri(u).size();
    if (u.EndOfRib()) ++eor;
  }
  EXPECT_EQ(announced, 100000u);
  EXPECT_EQ(eor, 1u);
}

TEST(AdjRibOutTest, GroupsByAttributesAndUsesMpReachForIpv6) {
  AttrPool pool;
  AdjRibOut rib(&pool);
  PeerContext peer = Ebgp();
  peer.self_v6 = *IpAddress::Parse("2001:db8::1");
  rib.Start({wire::kIpv4Unicast, wire::kIpv6Unicast}, true);
  AttrRef m1 = pool.Intern(Nh("192.0.2.1"), Med(1));
  AttrRef m2 = pool.Intern(Nh("192.0.2.1"), Med(2));
  AttrRef v6 = pool.Intern(NextHop::Self(), Med(3));
  rib.Announce(wire::kIpv4Unicast, N("10.0.0.0/24"), m1);
  rib.Announce(wire::kIpv4Unicast, N("10.0.1.0/24"), m2);
  rib.Announce(wire::kIpv4Unicast, N("10.0.2.0/24"), m1);
  rib.Announce(wire::kIpv6Unicast, N("2001:db8:1::/48"), v6);
  Bytes out;
  rib.Drain(peer, 1 << 20, &out);
  auto updates = Decode(out, peer.negotiated);
  ASSERT_EQ(updates.size(), 3u);
  EXPECT_EQ(ClassicNlri(updates[0]).size(), 2u);
  EXPECT_EQ(ClassicNlri(updates[1]).size(), 1u);
  ASSERT_TRUE(MpReachOf(updates[2]));
  EXPECT_EQ(MpReachOf(updates[2])->next_hop.address.ToString(), "2001:db8::1");
  EXPECT_EQ(MpReachOf(updates[2])->nlri.size(), 1u);
}

TEST(AdjRibOutTest, UngroupedSendsOneRoutePerUpdate) {
  AttrPool pool;
  AdjRibOut rib(&pool);
  PeerContext peer = Ebgp();
  peer.group_updates = false;
  rib.Start({wire::kIpv4Unicast}, true);
  AttrRef a = pool.Intern(Nh("192.0.2.1"), Med(1));
  rib.Announce(wire::kIpv4Unicast, N("10.0.0.0/24"), a);
  rib.Announce(wire::kIpv4Unicast, N("10.0.1.0/24"), a);
  Bytes out;
  rib.Drain(peer, 1 << 20, &out);
  EXPECT_EQ(Decode(out, peer.negotiated).size(), 2u);
}

TEST(AdjRibOutTest, RefusedRoutesAreReportedNotSent) {
  AttrPool pool;
  AdjRibOut rib(&pool);
  PeerContext peer = Ebgp();
  rib.Start({wire::kIpv6Unicast}, true);
  rib.Announce(wire::kIpv6Unicast, N("2001:db8::/32"), pool.Intern(NextHop::Self(), Med(1)));
  Bytes out;
  DrainStats s = rib.Drain(peer, 1 << 20, &out);
  ASSERT_EQ(s.refused.size(), 1u);
  EXPECT_NE(s.refused[0].second.find("next-hop self"), std::string::npos);
  EXPECT_EQ(s.announced, 0u);
}

wire::PathAttributes LongPath(uint32_t med, size_t asns, uint32_t asn = 65010) {
  wire::PathAttributes a = Med(med);
  a.as_path = wire::AsPath{{wire::AsSegmentType::kSequence, std::vector<uint32_t>(asns, asn)}};
  return a;
}

// Issue 7 item 1: a re-announce whose attributes no longer fit in one
// UPDATE must not leave the peer with the older version.
TEST(AdjRibOutTest, ARouteThatNoLongerFitsIsWithdrawnNotLeftStale) {
  AttrPool pool;
  AdjRibOut rib(&pool);
  PeerContext peer = Ebgp();  // no extended messages: 4096 bytes
  rib.Start({wire::kIpv4Unicast}, true);
  rib.Announce(wire::kIpv4Unicast, N("10.55.0.0/24"), pool.Intern(Nh("192.0.2.1"), Med(1)));
  Bytes out;
  rib.Drain(peer, 1 << 20, &out);
  ASSERT_EQ(Decode(out, peer.negotiated).size(), 1u);

  rib.Announce(wire::kIpv4Unicast, N("10.55.0.0/24"), pool.Intern(Nh("192.0.2.1"), LongPath(2, 2000)));
  out.clear();
  DrainStats s = rib.Drain(peer, 1 << 20, &out);
  ASSERT_EQ(s.refused.size(), 1u);
  EXPECT_EQ(s.refused[0].first, N("10.55.0.0/24"));
  EXPECT_NE(s.refused[0].second.find("more than one UPDATE of at most 4096 bytes"), std::string::npos)
      << s.refused[0].second;
  EXPECT_EQ(s.announced, 0u);
  auto updates = Decode(out, peer.negotiated);
  ASSERT_EQ(updates.size(), 1u);
  EXPECT_TRUE(ClassicNlri(updates[0]).empty());
  EXPECT_EQ(ClassicWithdrawn(updates[0]), std::vector<wire::InetNlri>{N("10.55.0.0/24")});
  EXPECT_FALSE(rib.pending());

  // With extended messages the same route goes out; and a version that fits
  // again is announced again on a 4096-byte session.
  PeerContext big = peer;
  big.negotiated.extended_message = true;
  rib.Refresh(wire::kIpv4Unicast, false);
  out.clear();
  s = rib.Drain(big, 1 << 20, &out);
  EXPECT_TRUE(s.refused.empty());
  EXPECT_EQ(s.announced, 1u);
  rib.Announce(wire::kIpv4Unicast, N("10.55.0.0/24"), pool.Intern(Nh("192.0.2.1"), Med(3)));
  out.clear();
  s = rib.Drain(peer, 1 << 20, &out);
  updates = Decode(out, peer.negotiated);
  ASSERT_EQ(updates.size(), 1u);
  EXPECT_EQ(*updates[0].attrs.med, 3u);
}

TEST(FitTest, CheapBoundAndExactChecks) {
  AttrPool pool;
  AttrRef small = pool.Intern(Nh("192.0.2.1"), LongPath(1, 10));
  EXPECT_LE(MaxUpdateSize(*small), wire::kMaxMessageSize);
  EXPECT_TRUE(CheckFits(*small, wire::kIpv4Unicast, Ebgp()));

  // 1,100 ASNs: 4.4 KB as 4-byte ASNs; fits only with extended messages.
  AttrRef mid = pool.Intern(Nh("192.0.2.1"), LongPath(1, 1100));
  EXPECT_GT(MaxUpdateSize(*mid), wire::kMaxMessageSize);
  EXPECT_FALSE(CheckFits(*mid, wire::kIpv4Unicast, Ebgp()));
  PeerContext big = Ebgp();
  big.negotiated.extended_message = true;
  EXPECT_TRUE(CheckFits(*mid, wire::kIpv4Unicast, big));
  EXPECT_TRUE(CheckFitsAnySession(*mid, wire::kIpv6Unicast));

  // 20,000 communities: 80 KB, more than any message.
  wire::PathAttributes many;
  for (uint32_t i = 0; i < 20000; ++i) many.communities.push_back(i);
  AttrRef huge = pool.Intern(Nh("192.0.2.1"), many);
  EXPECT_FALSE(CheckFitsAnySession(*huge, wire::kIpv4Unicast));

  // The bound holds for every set checked exactly (2-byte-AS sessions
  // included, where AS4_PATH doubles the path).
  PeerContext as2 = big;
  as2.negotiated.asn4 = false;
  for (size_t asns : {0, 1, 100, 600, 1200}) {
    AttrRef a = pool.Intern(Nh("192.0.2.1"), LongPath(1, asns, 4200000001u));
    for (const PeerContext& p : {Ebgp(), as2}) {
      auto e = Export(*a, wire::kIpv4Unicast, p);
      ASSERT_TRUE(e);
      Bytes attrs;
      ByteWriter w(&attrs);
      wire::EncodeAttributes(w, e->attrs, p.negotiated, true);
      EXPECT_LE(attrs.size() + 23 + 17, MaxUpdateSize(*a)) << asns;
    }
  }
}

// Found by the soak test: each peer kept the grouping scratch space of its
// largest drain (an attribute set per route: ~136 kB per peer, 130 MB for
// 1,000 peers after flaps). What a peer holds after draining is its routes.
TEST(AdjRibOutTest, DrainingKeepsNoScratchPerPeer) {
  AttrPool pool;
  PeerContext peer = Ebgp();
  std::vector<AttrRef> sets;
  for (uint32_t i = 0; i < 2000; ++i) sets.push_back(pool.Intern(Nh("192.0.2.1"), Med(i)));
  auto heap = [] { return mallinfo2().uordblks; };
  std::vector<std::unique_ptr<AdjRibOut>> ribs;
  auto one_more = [&] {
    ribs.push_back(std::make_unique<AdjRibOut>(&pool));
    AdjRibOut& rib = *ribs.back();
    rib.Start({wire::kIpv4Unicast}, true);
    for (uint32_t i = 0; i < 2000; ++i)
      rib.Announce(wire::kIpv4Unicast, {Prefix(IpAddress::V4(0x0A000000 + (i << 8)), 24), 0}, sets[i]);
    Bytes out;
    while (rib.pending()) rib.Drain(peer, 1 << 20, &out);
    return rib.memory();
  };
  one_more();  // warms the shared scratch
  size_t before = heap();
  size_t tables = 0;
  for (int i = 0; i < 10; ++i) tables += one_more() + sizeof(AdjRibOut);
  size_t grown = heap() - before;
  EXPECT_LT(grown, tables + 10 * 4096) << "heap grew " << grown << " for route tables of " << tables;
}

TEST(AdjRibOutTest, RefreshResendsTheFamily) {
  AttrPool pool;
  AdjRibOut rib(&pool);
  PeerContext peer = Ebgp();
  rib.Start({wire::kIpv4Unicast}, true);
  rib.Announce(wire::kIpv4Unicast, N("10.0.0.0/24"), pool.Intern(Nh("192.0.2.1"), Med(1)));
  Bytes out;
  rib.Drain(peer, 1 << 20, &out);
  out.clear();
  rib.Refresh(wire::kIpv4Unicast, true);
  rib.Drain(peer, 1 << 20, &out);
  auto m = Decode(out, peer.negotiated);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(ClassicNlri(m[0]).size(), 1u);
  EXPECT_GT(out.size(), 23u + 19u) << "EoRR follows the routes";
}

}  // namespace
}  // namespace herald::rib
