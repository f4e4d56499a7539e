// What `show neighbor` and `show adj-rib` print, against ExaBGP 5.0's own
// output (testdata/show_exabgp5.txt), captured with this configuration and a
// process sending the show commands:
//
//   neighbor 127.0.0.2 { router-id 1.2.3.4; local-address 127.0.0.1;
//     local-as 65001; peer-as 65002; passive; api { processes [ cmds ]; }
//     static { route 10.0.0.0/24 next-hop 192.0.2.1 med 5 community [ 65000:1 ];
//              route 10.0.1.0/24 next-hop 192.0.2.1 watchdog dog; } }
//   neighbor 127.0.0.3 { ... peer-as 65003; ... }
#include "api/show.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace herald::api {
namespace {

IpAddress Ip(std::string_view s) { return *IpAddress::Parse(s); }

// The sections of the capture, comment lines dropped.
std::vector<std::string> Sections() {
  std::ifstream in(std::string(HERALD_SOURCE_DIR) + "/src/api/testdata/show_exabgp5.txt");
  EXPECT_TRUE(in.good());
  std::vector<std::string> out(1);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("# ", 0) == 0) continue;
    if (line == "%%") {
      out.emplace_back();
      continue;
    }
    out.back() += line + "\n";
  }
  return out;
}

// A neighbor that never connected, configured as ExaBGP configures one
// without a family block (every family it knows).
NeighborStatus Down(std::string_view peer, uint32_t peer_as) {
  NeighborStatus n;
  n.peer_address = Ip(peer);
  n.local_address = Ip("127.0.0.1");
  n.local_as = 65001;
  n.peer_as = peer_as;
  n.router_id = Ip("1.2.3.4");
  n.local_hold = 180;
  n.fsm = "IDLE";
  n.capabilities = {{"asn4", true, {}},         {"route-refresh", false, {}}, {"multi-session", false, {}},
                    {"operational", false, {}}, {"add-path", false, {}},      {"extended-message", true, {}},
                    {"graceful-restart", false, {}}};
  for (const char* f : {"ipv4 unicast", "ipv4 multicast", "ipv4 nlri-mpls", "ipv4 mcast-vpn", "ipv4 mup",
                        "ipv4 mpls-vpn", "ipv4 rtc", "ipv4 flow", "ipv4 flow-vpn", "ipv6 unicast", "ipv6 multicast",
                        "ipv6 nlri-mpls", "ipv6 mcast-vpn", "ipv6 mup", "ipv6 mpls-vpn", "ipv6 flow", "ipv6 flow-vpn",
                        "l2vpn vpls", "l2vpn evpn", "bgp-ls bgp-ls", "bgp-ls bgp-ls-vpn"})
    n.families.push_back({f, true, {}});
  return n;
}

TEST(ShowTest, NeighborViewsAsExaBgpPrintsThem) {
  auto sections = Sections();
  ASSERT_EQ(sections.size(), 4u);
  NeighborStatus a = Down("127.0.0.2", 65002), b = Down("127.0.0.3", 65003);
  EXPECT_EQ(ShowSummaryHeader() + "\n" + ShowSummaryLine(a) + "\n" + ShowSummaryLine(b) + "\n", sections[0]);
  // The daemon writes the text and a newline: ExaBGP's last, empty line.
  EXPECT_EQ(ShowExtensive(a) + "\n", sections[1]);
  EXPECT_EQ(ShowJson({a, b}) + "\n", sections[2]);
}

TEST(ShowTest, UpNeighborAndCounts) {
  NeighborStatus n = Down("127.0.0.2", 65002);
  n.up = true;
  n.fsm = "ESTABLISHED";
  n.seconds = 90061;
  n.peer_id = Ip("2.2.2.2");
  n.peer_hold = 90;
  n.capabilities = {{"asn4", true, true}, {"route-refresh", true, false}};
  n.families = {{"ipv4 unicast", true, true}, {"ipv6 unicast", true, false}};
  n.messages.sent[2] = 7;
  n.messages.received[2] = 3;
  n.messages.sent[4] = 1;
  EXPECT_EQ(ShowSummaryLine(n),
            "127.0.0.2       65002   1 day, 1:01:01 established           7          3");
  std::string e = ShowExtensive(n);
  EXPECT_NE(e.find("   up for                1 day, 1:01:01"), std::string::npos) << e;
  EXPECT_NE(e.find("   ID                           1.2.3.4         2.2.2.2"), std::string::npos) << e;
  EXPECT_NE(e.find("   route-refresh:               enabled        disabled"), std::string::npos) << e;
  EXPECT_NE(e.find("   update:                            7               3"), std::string::npos) << e;
  EXPECT_NE(e.find("   total:                             8               3"), std::string::npos) << e;
  std::string j = ShowJson({n});
  EXPECT_NE(j.find(R"("capabilities": ["asn4"], "families": ["ipv4 unicast"])"), std::string::npos) << j;
  EXPECT_NE(j.find(R"("state": "up", "duration": 90061, "fsm": "ESTABLISHED")"), std::string::npos) << j;
  EXPECT_NE(j.find(R"("id": "2.2.2.2", "hold": 90})"), std::string::npos) << j;
}

// Per-family ADD-PATH as ExaBGP 5.0 shows it: local, whether path
// identifiers are sent; peer, whether received; the session's as one word.
// Before the OPENs: null where asked for, false elsewhere.
TEST(ShowTest, AddPathPerFamily) {
  NeighborStatus n = Down("127.0.0.2", 65002);
  n.families = {{"ipv4 unicast", true, true}, {"ipv4 mpls-vpn", true, true}, {"ipv6 unicast", true, false}};
  n.add_path = {{true, true}, {false, true}, {false, false}};
  std::string j = ShowJson({n});
  EXPECT_NE(j.find(R"("add-path": {"ipv4 unicast": true, "ipv4 mpls-vpn": false, "ipv6 unicast": false}, "address")"),
            std::string::npos) << j;
  EXPECT_NE(j.find(R"("add-path": {"ipv4 unicast": true, "ipv4 mpls-vpn": true, "ipv6 unicast": false}, "address")"),
            std::string::npos) << j;
  EXPECT_NE(j.find(R"("add-path": {"ipv4 unicast": "send/receive", "ipv4 mpls-vpn": "receive", "ipv6 unicast": )"
                   R"("disabled"}})"),
            std::string::npos) << j;
  n.add_path = {{std::nullopt, std::nullopt}, {false, false}, {false, false}};
  j = ShowJson({n});
  EXPECT_NE(j.find(R"("add-path": {"ipv4 unicast": null, "ipv4 mpls-vpn": false, "ipv6 unicast": false}, "address")"),
            std::string::npos) << j;
  EXPECT_NE(j.find(R"("add-path": {"ipv4 unicast": "disabled", )"), std::string::npos) << j;
}

TEST(ShowTest, Durations) {
  EXPECT_EQ(Duration(0), "0:00:00");
  EXPECT_EQ(Duration(59), "0:00:59");
  EXPECT_EQ(Duration(3600 * 25 + 61), "1 day, 1:01:01");
  EXPECT_EQ(Duration(86400 * 3), "3 days, 0:00:00");
}

TEST(ShowTest, AdjRibLines) {
  auto sections = Sections();
  ASSERT_EQ(sections.size(), 4u);
  wire::PathAttributes attrs;
  attrs.med = 5;
  attrs.communities = {(65000u << 16) | 1};
  std::string name =
      "neighbor 127.0.0.2 local-ip 127.0.0.1 local-as 65001 peer-as 65002 router-id 1.2.3.4 family-allowed in-open";
  rib::NextHop nh = rib::NextHop::Address(Ip("192.0.2.1"));
  wire::InetNlri a{*Prefix::Parse("10.0.0.0/24"), 0}, b{*Prefix::Parse("10.0.1.0/24"), 0};
  // herald writes a community list in brackets, as the configuration does.
  std::string expected = sections[3];
  auto at = expected.find("community 65000:1");
  ASSERT_NE(at, std::string::npos);
  expected.replace(at, 17, "community [ 65000:1 ]");
  EXPECT_EQ(AdjRibText(name, wire::kIpv4Unicast, a, nh, attrs, true) + "\n" +
                AdjRibText(name, wire::kIpv4Unicast, b, nh, {}, true) + "\n" +
                AdjRibJson(Ip("127.0.0.2"), wire::kIpv4Unicast, a) + "\n",
            expected);
  EXPECT_EQ(AdjRibJson(Ip("127.0.0.2"), wire::kIpv4Unicast, b),
            R"({"127.0.0.2": {"routes": [{"prefix": "10.0.1.0/24", "family": "ipv4 unicast"}]}})");
  EXPECT_EQ(AdjRibText("127.0.0.2", wire::kIpv4Unicast, a, nh, attrs, false),
            "127.0.0.2 ipv4 unicast 10.0.0.0/24 next-hop 192.0.2.1");
  EXPECT_EQ(AdjRibText("127.0.0.2", wire::kIpv4Unicast, a, rib::NextHop::Self(), attrs, false),
            "127.0.0.2 ipv4 unicast 10.0.0.0/24 next-hop self");
}

}  // namespace
}  // namespace herald::api
