// The messages of testdata/exabgp42_sent.hex, built by hand as typed values
// (what the wire decoder is meant to produce for those bytes), so the
// renderers can be checked against ExaBGP's output for the same messages
// without depending on the decoder.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "api/render_test_util.h"

namespace herald::api::testing::cases {

using wire::AsSegmentType;
using wire::Capability;

inline Capability Cap(uint8_t code, decltype(Capability::value) value) {
  return Capability{code, std::move(value)};
}

// 127.0.0.61: every capability kind.
inline wire::Open Open61() {
  wire::Open o;
  o.my_as = 65001;
  o.hold_time = 90;
  o.bgp_id = Ip("10.0.0.61").v4();
  wire::GracefulRestartCap gr;
  gr.flags = 0x8;
  gr.restart_time = 120;
  gr.families = {{wire::kIpv4Unicast, 0x80}, {wire::kIpv6Unicast, 0x00}};
  wire::AddPathCap ap;
  ap.families = {{wire::kIpv4Unicast, 3}, {wire::kIpv6Unicast, 1}};
  o.capabilities = {
      Cap(1, wire::MultiprotocolCap{wire::kIpv4Unicast}),
      Cap(1, wire::MultiprotocolCap{wire::kIpv6Unicast}),
      Cap(2, wire::RouteRefreshCap{}),
      Cap(128, wire::RouteRefreshCap{}),
      Cap(70, wire::EnhancedRouteRefreshCap{}),
      Cap(64, gr),
      Cap(65, wire::As4Cap{65001}),
      Cap(69, ap),
      Cap(73, wire::FqdnCap{"Speaker", "example.net"}),
      Cap(6, wire::ExtendedMessageCap{}),
      Cap(5, wire::ExtendedNextHopCap{{{wire::kIpv4Unicast, wire::Afi::kIpv6}}}),
      Cap(99, wire::UnknownCap{B({0xde, 0xad})}),
      Cap(200, wire::UnknownCap{}),
  };
  return o;
}

inline wire::Open OpenMin(uint32_t asn, std::string_view router_id, bool route_refresh) {
  wire::Open o;
  o.my_as = static_cast<uint16_t>(asn);
  o.hold_time = 90;
  o.bgp_id = Ip(router_id).v4();
  o.capabilities = {Cap(1, wire::MultiprotocolCap{wire::kIpv4Unicast}),
                    Cap(1, wire::MultiprotocolCap{wire::kIpv6Unicast}), Cap(65, wire::As4Cap{asn})};
  if (route_refresh) o.capabilities.push_back(Cap(2, wire::RouteRefreshCap{}));
  return o;
}
inline wire::Open Open62() { return OpenMin(65002, "10.0.0.62", true); }
inline wire::Open Open64() { return OpenMin(65004, "10.0.0.64", false); }
inline wire::Open Open63() {
  wire::Open o = OpenMin(65003, "10.0.0.63", false);
  wire::AddPathCap ap;
  ap.families = {{wire::kIpv4Unicast, 3}, {wire::kIpv6Unicast, 3}};
  o.capabilities.push_back(Cap(69, ap));
  return o;
}

// What the receiver itself announced to 127.0.0.61 (direction "send").
inline wire::Update SendUpdate61() {
  wire::Update u;
  u.attrs.origin = wire::Origin::kIgp;
  u.attrs.as_path = Sequence({65002});
  u.attrs.next_hop = Ip("127.0.0.1");
  u.Announce(Nlris({"192.0.2.0/24"}));
  return u;
}

// The extended communities of v4-announce-full, in the order sent.
inline std::vector<uint64_t> FullExtended() {
  return {Ext("0002fde900000007"), Ext("0102c00002010008"), Ext("0202fa56ea010009"),
          Ext("0003fde900000005"), Ext("0103c00002020006"), Ext("0203fa56ea02000a"),
          Ext("4004fde94cee6b28"), Ext("030c000000000008"), Ext("8006fde900000000"),
          Ext("8008fde900000064"), Ext("800900000000002e"), Ext("060001000000002a"),
          Ext("4377010203040506")};
}

inline wire::Update V4AnnounceFull() {
  wire::Update u;
  wire::PathAttributes& a = u.attrs;
  a.origin = wire::Origin::kIgp;
  a.as_path = wire::AsPath{Segment(AsSegmentType::kSequence, {65001, 65010}),
                           Segment(AsSegmentType::kSet, {64512, 64513})};
  a.next_hop = Ip("127.0.0.61");
  a.med = 100;
  a.atomic_aggregate = true;
  a.aggregator = wire::Aggregator{65010, Ip("10.0.0.10")};
  a.communities = {65001u << 16 | 300, wire::kNoExport, 65001u << 16 | 1, wire::kBlackhole};
  a.extended_communities = FullExtended();
  a.large_communities = {{65001, 2, 3}, {65001, 1, 9}};
  a.unknown = {wire::RawAttribute{0xE0, 0xF0, B({1, 2, 3})}};  // as decoded: Partial set (sent as 0xC0)
  u.Announce(Nlris({"10.1.0.0/24", "10.1.1.0/24", "10.1.2.128/25"}));
  return u;
}

inline wire::Update V4Withdraw() {
  wire::Update u;
  u.Withdraw(Nlris({"10.1.0.0/24", "10.1.1.0/24"}));
  return u;
}

inline wire::Update V6AnnounceLinkLocal() {
  wire::Update u;
  u.attrs.origin = wire::Origin::kIgp;
  u.attrs.as_path = Sequence({65001});
  u.attrs.med = 5;
  u.Announce(wire::kIpv6Unicast,
                             {Ip("2001:db8::61"), Ip("fe80::61")},
                             Nlris({"2001:db8:1::/48", "2001:db8:2::/64"}));
  return u;
}

inline wire::Update V6Announce() {
  wire::Update u;
  u.attrs.origin = wire::Origin::kIncomplete;
  u.attrs.as_path = Sequence({65001, 4200000000u});
  u.Announce(
      wire::kIpv6Unicast, {Ip("2001:db8::61"), std::nullopt}, Nlris({"2001:db8:3::/48"}));
  return u;
}

inline wire::Update V6Withdraw() {
  wire::Update u;
  u.Withdraw(wire::kIpv6Unicast, Nlris({"2001:db8:1::/48", "2001:db8:2::/64"}));
  return u;
}

inline wire::Update Mixed() {
  wire::Update u;
  u.Withdraw(Nlris({"10.1.2.128/25"}));
  u.attrs.origin = wire::Origin::kEgp;
  u.attrs.as_path = Sequence({65001});
  u.attrs.next_hop = Ip("127.0.0.61");
  u.Withdraw(wire::kIpv6Unicast, Nlris({"2001:db8:3::/48"}));
  u.Announce(
      wire::kIpv6Unicast, {Ip("2001:db8::62"), std::nullopt}, Nlris({"2001:db8:4::/48"}));
  u.Announce(Nlris({"10.2.0.0/16"}));
  return u;
}

inline wire::Update EorV4() { return wire::Update{}; }
inline wire::Update EorV6() {
  wire::Update u;
  u.Withdraw(wire::kIpv6Unicast, {});
  return u;
}

inline wire::RouteRefresh Refresh(wire::Family f, wire::RouteRefresh::Subtype s) {
  return wire::RouteRefresh{f, s};
}

inline wire::Update IbgpAnnounce() {
  wire::Update u;
  wire::PathAttributes& a = u.attrs;
  a.origin = wire::Origin::kIgp;
  a.as_path = wire::AsPath{};  // present but empty, as iBGP sends it
  a.next_hop = Ip("127.0.0.62");
  a.local_pref = 200;
  a.originator_id = Ip("10.0.0.9");
  a.cluster_list = {Ip("10.0.0.1"), Ip("10.0.0.2")};
  a.communities = {65002u << 16 | 7};
  a.extended_communities = {Ext("0002fde900000007")};
  a.large_communities = {{65002, 0, 1}};
  a.unknown = {wire::RawAttribute{0xD0, 0xF1, B({0xab, 0xab, 0xab})}};
  u.Announce(Nlris({"10.3.0.0/24"}));
  return u;
}

inline wire::Update IbgpConfed() {
  wire::Update u;
  wire::PathAttributes& a = u.attrs;
  a.origin = wire::Origin::kIgp;
  a.as_path = wire::AsPath{Segment(AsSegmentType::kConfedSequence, {65100, 65101}),
                           Segment(AsSegmentType::kConfedSet, {65102}),
                           Segment(AsSegmentType::kSequence, {65003})};
  a.next_hop = Ip("127.0.0.62");
  a.local_pref = 100;
  a.cluster_list = {Ip("10.0.0.1")};
  u.Announce(Nlris({"10.4.0.0/24"}));
  return u;
}

inline wire::Update AddPathV4() {
  wire::Update u;
  u.attrs.origin = wire::Origin::kIgp;
  u.attrs.as_path = Sequence({65003});
  u.attrs.next_hop = Ip("127.0.0.63");
  u.Announce({Nlri("10.5.0.0/24", 1), Nlri("10.5.0.0/24", 2)}).add_path = true;
  return u;
}

inline wire::Update AddPathV6() {
  wire::Update u;
  u.attrs.origin = wire::Origin::kIgp;
  u.attrs.as_path = Sequence({65003});
  u.Announce(wire::kIpv6Unicast,
                             {Ip("2001:db8::63"), std::nullopt},
                             {Nlri("2001:db8:5::/48", 0x01020304)})
      .add_path = true;
  return u;
}

inline wire::Update AddPathWithdraw() {
  wire::Update u;
  u.Withdraw({Nlri("10.5.0.0/24", 1)}).add_path = true;
  return u;
}

// Every message of exabgp42_sent.hex but the KEEPALIVEs, by "SPEAKER NAME".
inline std::vector<std::pair<std::string, wire::Message>> SentMessages() {
  using RR = wire::RouteRefresh::Subtype;
  return {
      {"127.0.0.61 open", Open61()},
      {"127.0.0.62 open", Open62()},
      {"127.0.0.63 open", Open63()},
      {"127.0.0.64 open", Open64()},
      {"127.0.0.61 v4-announce-full", V4AnnounceFull()},
      {"127.0.0.61 v4-withdraw", V4Withdraw()},
      {"127.0.0.61 v6-announce-linklocal", V6AnnounceLinkLocal()},
      {"127.0.0.61 v6-announce", V6Announce()},
      {"127.0.0.61 v6-withdraw", V6Withdraw()},
      {"127.0.0.61 mixed", Mixed()},
      {"127.0.0.61 eor-v4", EorV4()},
      {"127.0.0.61 eor-v6", EorV6()},
      {"127.0.0.61 refresh-begin", Refresh(wire::kIpv6Unicast, RR::kBeginOfRib)},
      {"127.0.0.61 refresh-end", Refresh(wire::kIpv6Unicast, RR::kEndOfRib)},
      {"127.0.0.61 refresh", Refresh(wire::kIpv4Unicast, RR::kNormal)},
      {"127.0.0.62 ibgp-announce", IbgpAnnounce()},
      {"127.0.0.62 ibgp-confed", IbgpConfed()},
      {"127.0.0.62 notification-data", wire::Notification{3, 1, B({1, 2, 3})}},
      {"127.0.0.63 addpath-v4", AddPathV4()},
      {"127.0.0.63 addpath-v6", AddPathV6()},
      {"127.0.0.63 addpath-withdraw", AddPathWithdraw()},
      {"127.0.0.63 notification-cease", wire::Notification{6, 4, {}}},
  };
}

}  // namespace herald::api::testing::cases
