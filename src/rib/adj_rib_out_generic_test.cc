// The adj-RIB-out with a generic family (FlowSpec): routes keyed by their
// NLRI bytes, sent in MP_REACH_NLRI without a next hop unless one is given,
// withdrawn in MP_UNREACH_NLRI, End-of-RIB per family.
#include <gtest/gtest.h>

#include "rib/adj_rib_in.h"
#include "rib/adj_rib_out.h"
#include "rib/attr_pool.h"
#include "rib/export.h"
#include "rib/nlri_table.h"
#include "wire/message.h"

namespace herald::rib {
namespace {

constexpr wire::Family kFlow{wire::Afi::kIpv4, wire::Safi::kFlowIp};

// ExaBGP's encodings of `source 10.0.0.0/24` and `destination 192.168.0.1/32`.
wire::GenericNlri Source() { return {{0x05, 0x02, 0x18, 0x0a, 0x00, 0x00}, 0}; }
wire::GenericNlri Destination() { return {{0x06, 0x01, 0x20, 0xc0, 0xa8, 0x00, 0x01}, 0}; }

wire::PathAttributes Discard() {
  wire::PathAttributes a;
  a.extended_communities = {0x8006000000000000};
  return a;
}

PeerContext Peer() {
  PeerContext p;
  p.negotiated.local_as = 65001;
  p.negotiated.peer_as = 65002;
  p.negotiated.families = {wire::kIpv4Unicast, kFlow};
  p.self_v4 = *IpAddress::Parse("192.0.2.1");
  return p;
}

std::vector<wire::Update> Drain(AdjRibOut& rib, const PeerContext& peer) {
  Bytes bytes;
  rib.Drain(peer, SIZE_MAX, &bytes);
  std::vector<wire::Update> out;
  for (size_t at = 0; at < bytes.size();) {
    size_t len = (size_t{bytes[at + 16]} << 8) | bytes[at + 17];
    auto m = wire::DecodeMessage(ByteSpan(bytes.data() + at, len), peer.negotiated);
    EXPECT_TRUE(m) << (m ? "" : m.error().what);
    if (!m) break;
    if (auto* u = std::get_if<wire::Update>(&*m)) out.push_back(*u);
    at += len;
  }
  return out;
}

TEST(NlriTableTest, FindsInsertsErasesAndReusesRecords) {
  NlriTable t;
  auto [a, made] = t.Insert(Source(), 1);
  EXPECT_TRUE(made);
  EXPECT_EQ(t.Insert(Source(), 1), std::make_pair(a, false));
  wire::GenericNlri other_path = Source();
  other_path.path_id = 7;
  auto [b, made_b] = t.Insert(other_path, 1);
  EXPECT_TRUE(made_b) << "another path id is another route";
  EXPECT_NE(a, b);
  EXPECT_EQ(t.Nlri(b), other_path);
  EXPECT_EQ(t.Find(Destination()), NlriTable::kNone);
  t.Erase(a);
  EXPECT_EQ(t.Find(Source()), NlriTable::kNone);
  EXPECT_EQ(t.Insert(Destination(), 1).first, a) << "the freed record is reused";
  EXPECT_EQ(t.size(), 2u);
}

TEST(AdjRibOutGenericTest, SendsWithoutNextHopThenWithdrawsAndEndsTheRib) {
  AttrPool pool;
  AdjRibOut rib(&pool);
  AttrRef discard = pool.Intern(NextHop{}, Discard());
  rib.Announce(kFlow, Source(), discard);
  rib.Announce(kFlow, Destination(), discard);
  rib.Announce(kFlow, Source(), discard);  // again: one route
  EXPECT_EQ(rib.size(), 2u);
  PeerContext peer = Peer();
  rib.Start({kFlow}, false);
  auto sent = Drain(rib, peer);
  ASSERT_EQ(sent.size(), 2u);
  ASSERT_EQ(sent[0].reach.size(), 1u);
  const wire::Reach& r = sent[0].reach[0];
  EXPECT_EQ(r.family, kFlow);
  EXPECT_TRUE(r.next_hop.none);
  EXPECT_EQ(r.generic, (std::vector<wire::GenericNlri>{Source(), Destination()}));
  EXPECT_EQ(sent[0].attrs.extended_communities, Discard().extended_communities);
  EXPECT_EQ(*sent[0].attrs.origin, wire::Origin::kIgp);
  EXPECT_EQ(sent[1].EndOfRib(), kFlow);

  int seen = 0;
  rib.ForEachGeneric([&](wire::Family f, const wire::GenericNlri& n, const AttrSet& set) {
    EXPECT_EQ(f, kFlow);
    EXPECT_TRUE(n == Source() || n == Destination());
    EXPECT_EQ(set.attrs(), Discard());
    ++seen;
  });
  EXPECT_EQ(seen, 2);

  EXPECT_TRUE(rib.Withdraw(kFlow, Source()));
  EXPECT_FALSE(rib.Withdraw(kFlow, wire::GenericNlri{{0x01, 0x02}, 0}));
  sent = Drain(rib, peer);
  ASSERT_EQ(sent.size(), 1u);
  ASSERT_EQ(sent[0].unreach.size(), 1u);
  EXPECT_EQ(sent[0].unreach[0].generic, std::vector<wire::GenericNlri>{Source()});
  EXPECT_EQ(rib.size(), 1u);
}

TEST(AdjRibOutGenericTest, RedirectNextHopGoesInMpReach) {
  AttrPool pool;
  AdjRibOut rib(&pool);
  rib.Announce(kFlow, Source(), pool.Intern(NextHop::Address(*IpAddress::Parse("10.9.9.9")), Discard()));
  rib.Start({kFlow}, true);
  auto sent = Drain(rib, Peer());
  ASSERT_EQ(sent.size(), 1u);
  ASSERT_EQ(sent[0].reach.size(), 1u);
  EXPECT_FALSE(sent[0].reach[0].next_hop.none);
  EXPECT_EQ(sent[0].reach[0].next_hop.address, *IpAddress::Parse("10.9.9.9"));
  EXPECT_FALSE(sent[0].attrs.next_hop) << "no NEXT_HOP attribute outside the classic fields";
}

TEST(AdjRibOutGenericTest, UnicastRoutesStillNeedANextHop) {
  AttrPool pool;
  AttrRef none = pool.Intern(NextHop{}, wire::PathAttributes{});
  EXPECT_FALSE(Export(*none, wire::kIpv4Unicast, Peer()));
  auto flow = Export(*none, kFlow, Peer());
  ASSERT_TRUE(flow);
  EXPECT_TRUE(flow->next_hop.none);
}

TEST(AdjRibInGenericTest, KeepsReceivedRulesUntilWithdrawn) {
  AttrPool pool;
  AdjRibIn in(&pool);
  wire::Update u;
  u.attrs = Discard();
  wire::Reach& r = u.ReachOf(kFlow, false);
  r.next_hop.none = true;
  r.generic = {Source(), Destination()};
  in.Apply(u);
  EXPECT_EQ(in.size(), 2u);
  int seen = 0;
  in.ForEachGeneric([&](wire::Family f, const wire::GenericNlri&, const AttrSet& set) {
    EXPECT_EQ(f, kFlow);
    EXPECT_EQ(set.next_hop().kind, NextHop::Kind::kNone);
    ++seen;
  });
  EXPECT_EQ(seen, 2);
  in.ForEach([&](wire::Family, const wire::InetNlri&, const AttrSet&) { ADD_FAILURE() << "no unicast route"; });
  wire::Update w;
  w.UnreachOf(kFlow, false).generic = {Source()};
  in.Apply(w);
  EXPECT_EQ(in.size(), 1u);
  in.Clear();
  EXPECT_EQ(in.size(), 0u);
  EXPECT_EQ(pool.size(), 0u);
}

// VPN routes are named by RD and prefix, not by their label stack
// (wire/labeled.h): a new label replaces the route and is sent, a withdraw
// with the customary label 0x800000 withdraws it.
constexpr wire::Family kVpn{wire::Afi::kIpv4, wire::Safi::kMplsVpn};
// 10.0.0.0/24, rd 65000:1, with label 100, label 200, and the withdraw label.
wire::GenericNlri Vpn(uint32_t entry) {
  return {{0x70, uint8_t(entry >> 16), uint8_t(entry >> 8), uint8_t(entry), 0, 0, 0xfd, 0xe8, 0, 0, 0, 1, 10, 0, 0},
          0};
}

TEST(AdjRibOutGenericTest, ANewLabelReplacesTheVpnRoute) {
  AttrPool pool;
  AdjRibOut rib(&pool);
  PeerContext peer = Peer();
  peer.negotiated.families.push_back(kVpn);
  AttrRef set = pool.Intern(NextHop::Self(), wire::PathAttributes{});
  rib.Announce(kVpn, Vpn(0x000641), set);
  rib.Start({kVpn}, false);
  auto sent = Drain(rib, peer);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].reach[0].generic, std::vector<wire::GenericNlri>{Vpn(0x000641)});
  EXPECT_EQ(sent[0].reach[0].next_hop.address, *IpAddress::Parse("192.0.2.1"));

  rib.Announce(kVpn, Vpn(0x000641), set);
  EXPECT_TRUE(Drain(rib, peer).empty()) << "the same route again is not news";
  rib.Announce(kVpn, Vpn(0x000c81), set);
  EXPECT_EQ(rib.size(), 1u);
  sent = Drain(rib, peer);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].reach[0].generic, std::vector<wire::GenericNlri>{Vpn(0x000c81)});

  EXPECT_TRUE(rib.Withdraw(kVpn, Vpn(0x800000)));
  sent = Drain(rib, peer);
  ASSERT_EQ(sent.size(), 1u);
  ASSERT_EQ(sent[0].unreach.size(), 1u);
  EXPECT_EQ(sent[0].unreach[0].generic, std::vector<wire::GenericNlri>{Vpn(0x000c81)});
  EXPECT_EQ(rib.size(), 0u);
}

TEST(AdjRibInGenericTest, ANewLabelReplacesTheReceivedVpnRoute) {
  AttrPool pool;
  AdjRibIn in(&pool);
  wire::Update u;
  wire::Reach& r = u.ReachOf(kVpn, false);
  r.next_hop.address = *IpAddress::Parse("192.0.2.1");
  r.generic = {Vpn(0x000641)};
  in.Apply(u);
  r.generic = {Vpn(0x000c81)};
  in.Apply(u);
  EXPECT_EQ(in.size(), 1u);
  in.ForEachGeneric([&](wire::Family, const wire::GenericNlri& n, const AttrSet&) { EXPECT_EQ(n, Vpn(0x000c81)); });
  wire::Update w;
  w.UnreachOf(kVpn, false).generic = {Vpn(0x800000)};
  in.Apply(w);
  EXPECT_EQ(in.size(), 0u);
}

}  // namespace
}  // namespace herald::rib
