// The `nexthop { }` block and `capability { nexthop; }` (RFC 8950 extended
// next hop): what herald announces, compared with the OPENs ExaBGP 5.0 sent
// for the same neighbor (src/session/testdata/exabgp50_opens.txt, made by
// tools/capture_oracle_opens.py), and which routes may take a next hop of
// the other address family.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "base/hex.h"
#include "config/parser.h"
#include "config/printer.h"
#include "session/negotiate.h"
#include "wire/message.h"

namespace herald::config {
namespace {

using Parsed = Result<Config, std::vector<ConfigError>>;
using Entry = wire::ExtendedNextHopCap::Entry;

// The capture script's neighbor; `families`, `capability` and `more` as in
// its CASES.
std::string Neighbor(std::string_view families, std::string_view capability, std::string_view more = "",
                     std::string_view routes = "") {
  return "neighbor 127.0.0.1 {\n"
         "  router-id 10.0.0.1;\n"
         "  local-address 127.0.0.1;\n"
         "  local-as 65001;\n"
         "  peer-as 65002;\n"
         "  family { " + std::string(families) + " }\n"
         "  capability { " + std::string(capability) + " }\n"
         "  " + std::string(more) + "\n" + std::string(routes) + "}\n";
}

Parsed Parse(std::string_view text) { return ParseConfigText(text, "test.conf"); }

std::string FirstError(std::string_view text) {
  Parsed p = Parse(text);
  return p.ok() ? "(no error)" : p.error()[0].ToString();
}

std::string OracleOpen(const std::string& name) {
  std::ifstream in(std::string(HERALD_SOURCE_DIR) + "/src/session/testdata/exabgp50_opens.txt");
  std::string line;
  while (std::getline(in, line)) {
    if (!line.starts_with(name + " ")) continue;
    auto bytes = FromHex(line.substr(name.size() + 1));
    EXPECT_TRUE(bytes);
    return bytes ? ToHex(*bytes) : "";
  }
  ADD_FAILURE() << "no OPEN " << name << " in exabgp50_opens.txt";
  return "";
}

// The OPEN herald sends for the neighbor, as the daemon builds it.
std::string HeraldOpen(const NeighborConfig& n) {
  session::SessionConfig s;
  s.local_as = n.local_as;
  s.peer_as = n.peer_as;
  s.router_id = n.router_id.v4();
  s.hold_time = n.hold_time;
  s.families = n.families;
  s.add_path = n.capability.add_path;
  s.add_path_families = n.add_path_families;
  s.extended_next_hop = ExtendedNextHop(n);
  return ToHex(wire::EncodeMessage(session::MakeOpen(s), wire::Negotiated{}));
}

NeighborConfig Only(const Parsed& p) {
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error()[0].ToString());
  EXPECT_EQ(p->neighbors.size(), 1u);
  return p->neighbors[0];
}

TEST(NextHopSectionTest, AnnouncedAsExabgp50AnnouncesIt) {
  struct Case {
    const char* name;
    const char* families;
    const char* capability;
    const char* more;
  };
  // The cases of tools/capture_oracle_opens.py.
  const Case kCases[] = {
      {"nexthop-capability", "ipv4 unicast; ipv6 unicast;", "nexthop true;", ""},
      {"nexthop-block", "ipv4 unicast; ipv6 unicast;", "", "nexthop { ipv4 unicast ipv6; }"},
      {"nexthop-both", "ipv4 unicast; ipv4 mpls-vpn; ipv6 unicast; ipv6 mpls-vpn;", "nexthop true; add-path send;",
       "nexthop { ipv6 unicast ipv4; ipv4 mpls-vpn ipv6; ipv4 unicast ipv6; }"},
      {"nexthop-other-family", "ipv6 unicast;", "nexthop true;", "nexthop { ipv4 unicast ipv6; }"},
      {"nexthop-disabled", "ipv4 unicast;", "nexthop false;", "nexthop { ipv4 unicast ipv6; }"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(HeraldOpen(Only(Parse(Neighbor(c.families, c.capability, c.more)))), OracleOpen(c.name));
  }
}

TEST(NextHopSectionTest, MulticastAndLabeledEntriesAreAnnouncedWhereExabgp50LeavesThemOut) {
  // doc/compat.md: ExaBGP 5.0 announces an empty capability for this
  // block; herald announces what it asks for (RFC 8950 §3 names SAFIs 1, 2,
  // 4 and 128).
  NeighborConfig n = Only(Parse(Neighbor("ipv4 unicast; ipv4 multicast; ipv4 nlri-mpls;", "nexthop true;",
                                         "nexthop { ipv4 multicast ipv6; ipv4 nlri-mpls ipv6; ipv4 unicast ipv6; }")));
  const std::string oracle = OracleOpen("nexthop-multicast-labeled");
  ASSERT_NE(oracle.find("02020500"), std::string::npos) << oracle;  // capability 5, empty
  const wire::Family multicast{wire::Afi::kIpv4, wire::Safi::kMulticast};
  const wire::Family labeled{wire::Afi::kIpv4, wire::Safi::kMplsLabel};
  // In family table order, whatever the block's.
  EXPECT_EQ(ExtendedNextHop(n), (std::vector<Entry>{{wire::kIpv4Unicast, wire::Afi::kIpv6},
                                                    {multicast, wire::Afi::kIpv6},
                                                    {labeled, wire::Afi::kIpv6}}));
  std::string expected = oracle;
  const std::string entries = "000100010002" "000100020002" "000100040002";
  expected.replace(expected.find("02020500"), 8, "0214" "0512" + entries);
  // The lengths: message +18, optional parameters +18.
  auto bump = [&](size_t at, size_t width) {
    unsigned long v = std::stoul(expected.substr(at, width), nullptr, 16) + 18;
    std::string hex = fmt::format("{:0{}x}", v, width);
    expected.replace(at, width, hex);
  };
  bump(32, 4);
  bump(56, 2);
  EXPECT_EQ(HeraldOpen(n), expected);
}

TEST(NextHopSectionTest, BlockEntriesAndErrors) {
  EXPECT_EQ(FirstError(Neighbor("ipv4 unicast;", "", "nexthop { ipv4 flow ipv6; }")),
            "test.conf:8:18: invalid afi/safi pair ipv4/flow");
  EXPECT_EQ(FirstError(Neighbor("ipv4 unicast;", "", "nexthop { ipv4 unicast ipv4; }")),
            "test.conf:8:26: invalid nexthop afi ipv4 (a ipv4 unicast route can only take an ipv6 next hop here)");
  EXPECT_EQ(FirstError(Neighbor("ipv4 unicast;", "", "nexthop { ipv6 unicast; }")),
            "test.conf:8:25: invalid nexthop afi ';' (a ipv6 unicast route can only take an ipv4 next hop here)");
  EXPECT_EQ(FirstError(Neighbor("ipv4 unicast;", "", "nexthop { l2vpn vpls ipv4; }")),
            "test.conf:8:13: invalid keyword 'l2vpn' in nexthop");
  EXPECT_EQ(FirstError(Neighbor("ipv4 unicast;", "nexthop maybe;")),
            "test.conf:7:24: invalid value 'maybe' for nexthop (expected true, false, enable or disable)");
  // Written twice: once.
  NeighborConfig n = Only(Parse(Neighbor("ipv4 unicast;", "", "nexthop { ipv4 unicast ipv6; ipv4 unicast ipv6; }")));
  EXPECT_EQ(n.next_hops, (std::vector<Entry>{{wire::kIpv4Unicast, wire::Afi::kIpv6}}));
  EXPECT_TRUE(AllowsV6NextHop(n, wire::kIpv4Unicast));
  n = Only(Parse(Neighbor("ipv4 unicast;", "nexthop disable;", "nexthop { ipv4 unicast ipv6; }")));
  EXPECT_FALSE(AllowsV6NextHop(n, wire::kIpv4Unicast));
  EXPECT_EQ(ExtendedNextHop(n), std::nullopt);
}

TEST(NextHopSectionTest, PrintedAndReadBack) {
  const std::string text = Neighbor("ipv4 unicast; ipv4 mpls-vpn; ipv6 unicast;", "nexthop enable;",
                                    "nexthop { ipv4 unicast ipv6; ipv6 unicast ipv4; ipv4 mpls-vpn ipv6; }",
                                    "  static { route 10.0.0.0/24 next-hop 2001:db8::1; }\n");
  NeighborConfig n = Only(Parse(text));
  std::string printed = PrintConfig(Config{{}, {}, {n}, {}});
  EXPECT_NE(printed.find("\t\tnexthop enable;\n"), std::string::npos) << printed;
  EXPECT_NE(printed.find("\tnexthop {\n\t\tipv4 unicast ipv6;\n\t\tipv6 unicast ipv4;\n\t\tipv4 mpls-vpn ipv6;\n\t}\n"),
            std::string::npos)
      << printed;
  Parsed p = Parse(text);
  ASSERT_EQ(p->warnings.size(), 1u);
  EXPECT_EQ(p->warnings[0].ToString(),
            "test.conf:8:32: nexthop: ipv6 unicast ipv4 changes nothing (an IPv6 route over an IPv4 next hop needs "
            "no capability and goes as an IPv4-mapped address; ExaBGP does not announce it either)");
  NeighborConfig again = Only(Parse(printed));
  EXPECT_EQ(again.next_hops, n.next_hops);
  EXPECT_EQ(again.capability.nexthop, n.capability.nexthop);
  EXPECT_TRUE(SameSession(again, n));
}

TEST(NextHopSectionTest, RoutesOverTheOtherAddressFamily) {
  // An IPv4 route over an IPv6 next hop needs the block's entry for its
  // family (ExaBGP 5.0's validate fails such a route without it).
  const std::string route = "  static { route 10.0.0.0/24 next-hop 2001:db8::1; }\n";
  EXPECT_EQ(FirstError(Neighbor("ipv4 unicast;", "", "", route)),
            "test.conf:9:18: route 10.0.0.0/24 can never be sent to neighbor 127.0.0.1: its next hop 2001:db8::1 is "
            "IPv6, which needs the extended next hop capability (RFC 8950): add `nexthop { ipv4 unicast ipv6; }` to "
            "the neighbor");
  EXPECT_EQ(FirstError(Neighbor("ipv4 unicast;", "nexthop false;", "nexthop { ipv4 unicast ipv6; }", route)),
            "test.conf:9:18: route 10.0.0.0/24 can never be sent to neighbor 127.0.0.1: its next hop 2001:db8::1 is "
            "IPv6, which needs the extended next hop capability (RFC 8950): add `nexthop { ipv4 unicast ipv6; }` to "
            "the neighbor");
  NeighborConfig n = Only(Parse(Neighbor("ipv4 unicast;", "", "nexthop { ipv4 unicast ipv6; }", route)));
  ASSERT_EQ(n.routes.size(), 1u);
  EXPECT_EQ(n.routes[0].next_hop.address.ToString(), "2001:db8::1");
  // An IPv6 route over an IPv4 next hop needs nothing (it travels as an
  // IPv4-mapped address).
  n = Only(Parse(Neighbor("ipv6 unicast;", "", "",
                          "  static { route 2001:db8::/32 next-hop 192.0.2.1; }\n")));
  ASSERT_EQ(n.routes.size(), 1u);
  EXPECT_EQ(n.routes[0].next_hop.address.ToString(), "192.0.2.1");
  // A VPN route, as in Debian's conf-prefix-sid-srv6.conf.
  n = Only(Parse(Neighbor("ipv4 mpls-vpn;", "nexthop true;", "nexthop { ipv4 mpls-vpn ipv6; }",
                          "  static { route 10.0.0.0/24 rd 1:1 label 3 next-hop cafe::1; }\n")));
  EXPECT_EQ(n.routes.size(), 1u);
}

}  // namespace
}  // namespace herald::config
