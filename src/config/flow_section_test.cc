// FlowSpec rules in the configuration (flow_section.cc): every form ExaBGP
// 5.0 reads, the NLRI and attributes ExaBGP 5.0 sends for them (the golden
// files of tools/capture_flow.py), errors at their location, and printing
// round trips. Families: `all` and an empty block are what the wire registry
// speaks of what ExaBGP 5.0 announces (src/session/testdata/exabgp50_opens.txt).
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "base/hex.h"
#include "config/config_testing.h"
#include "config/parser.h"
#include "config/printer.h"
#include "wire/flowspec_testdata.h"
#include "wire/nlri.h"

namespace herald::config {
namespace {

using wire::testing::kRfc8956Offset;

using Parsed = Result<Config, std::vector<ConfigError>>;

// A neighbor with every flow family; `body` goes inside it.
std::string Neighbor(std::string_view body, std::string_view families =
                                                "ipv4 unicast; ipv4 flow; ipv4 flow-vpn; ipv6 flow; ipv6 flow-vpn;") {
  return "neighbor 127.0.0.1 {\n"
         "  router-id 1.2.3.4;\n"
         "  local-address 127.0.0.1;\n"
         "  local-as 65001;\n"
         "  peer-as 65001;\n"
         "  family { " + std::string(families) + " }\n" +
         std::string(body) + "}\n";
}

Parsed Parse(std::string_view text) { return ParseConfigText(text, "test.conf"); }

std::string FirstError(std::string_view text) {
  Parsed p = Parse(text);
  return p.ok() ? "(no error)" : p.error()[0].ToString();
}

// The routes of the only neighbor, after checking that the file reads
// back from its printed form to the same configuration.
std::vector<rib::Route> Routes(std::string_view text) { return testing::RoundTrippedRoutes(text, false); }

std::string Be(uint64_t v, int n) {
  Bytes out;
  for (int i = n - 1; i >= 0; --i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
  return ToHex(out);
}

TEST(FlowSectionTest, MatchesGiveTheNlriExabgp50Sends) {
  int compared = 0;
  for (const auto& g : wire::testing::LoadFlowGolden()) {
    if (g.kind != "match") continue;
    SCOPED_TRACE(g.name + ": " + g.match);
    auto routes = Routes(Neighbor("  flow {\n    route " + g.name + " {\n      match { " + g.match +
                                  "; }\n      then { discard; }\n    }\n  }\n"));
    ASSERT_EQ(routes.size(), 1u);
    const rib::Route& r = routes[0];
    EXPECT_EQ(r.family.Name(), g.family);
    ASSERT_EQ(r.generic.size(), 1u);
    auto rfc = kRfc8956Offset.find(g.name);
    EXPECT_EQ(ToHex(r.generic[0].bytes), rfc == kRfc8956Offset.end() ? g.hex : rfc->second);
    EXPECT_EQ(r.attrs.extended_communities, std::vector<uint64_t>{0x8006000000000000});
    ++compared;
  }
  EXPECT_GE(compared, 25);
}

TEST(FlowSectionTest, ThensGiveTheAttributesExabgp50Sends) {
  // tools/capture_flow.py sent each as `route tN { rd 65001:N; match {
  // destination 10.0.0.1/32; } then { ...; } }`.
  int compared = 0;
  for (const std::vector<std::string>& f : wire::testing::LoadFlowThenRows()) {
    ASSERT_EQ(f.size(), 7u) << f[0];
    SCOPED_TRACE(f[0] + ": " + f[1]);
    auto routes = Routes(Neighbor("  flow {\n    route t { rd 65001:1; match { destination 10.0.0.1/32; } then { " +
                                  f[1] + "; } }\n  }\n"));
    ASSERT_EQ(routes.size(), 1u);
    const rib::Route& r = routes[0];
    EXPECT_EQ(r.family.Name(), "ipv4 flow-vpn");
    EXPECT_EQ(ToHex(r.generic[0].bytes), "0e0000fde900000001" "0120" "0a000001");
    const bool hop = r.next_hop.kind == rib::NextHop::Kind::kAddress;
    EXPECT_EQ(hop ? ToHex(r.next_hop.address.bytes()) : "-", f[2]);
    std::string c, e, l;
    for (uint32_t v : r.attrs.communities) c += Be(v, 4);
    for (uint64_t v : r.attrs.extended_communities) e += Be(v, 8);
    for (const auto& v : r.attrs.large_communities) l += Be(v.global_admin, 4) + Be(v.local1, 4) + Be(v.local2, 4);
    EXPECT_EQ(c.empty() ? "-" : c, f[3]);
    EXPECT_EQ(e.empty() ? "-" : e, f[4]);
    EXPECT_EQ(l.empty() ? "-" : l, f[6]);
    ++compared;
  }
  EXPECT_GE(compared, 20);
}

TEST(FlowSectionTest, Forms) {
  auto routes = Routes(Neighbor(
      "  static { route 10.0.0.0/24 next-hop 10.0.0.1; }\n"
      "  flow {\n"
      "    route { route-distinguisher 192.0.2.1:5; next-hop 1.2.3.4;\n"
      "            match { source 10.0.0.1/32; } then { redirect-to-nexthop; } }\n"
      "    route destination 10.0.1.0/24 discard;\n"
      "    route no-then { match { destination 2001:db8::/32; } }\n"
      "  }\n"
      "  route 10.0.2.0/24 next-hop 10.0.0.1;\n"
      "  announce { ipv6 { flow destination-port =443 discard; } ipv4 { flow protocol tcp mark 10; } }\n"));
  ASSERT_EQ(routes.size(), 7u);
  EXPECT_EQ(routes[0].nlri.size(), 1u);
  EXPECT_EQ(routes[1].family.Name(), "ipv4 flow-vpn");
  EXPECT_EQ(ToHex(routes[1].generic[0].bytes), "0e0001c000020100050220" "0a000001");
  EXPECT_EQ(routes[1].next_hop, rib::NextHop::Address(*IpAddress::Parse("1.2.3.4")));
  EXPECT_EQ(routes[2].family.Name(), "ipv4 flow");
  EXPECT_EQ(ToHex(routes[2].generic[0].bytes), "0501180a0001");
  EXPECT_EQ(routes[3].family.Name(), "ipv6 flow");
  EXPECT_TRUE(routes[3].attrs.extended_communities.empty());
  EXPECT_EQ(routes[3].next_hop.kind, rib::NextHop::Kind::kNone);
  EXPECT_EQ(routes[4].nlri.size(), 1u);
  EXPECT_EQ(routes[5].family.Name(), "ipv6 flow");  // no prefix: the block's family
  EXPECT_EQ(ToHex(routes[5].generic[0].bytes), "04059101bb");
  EXPECT_EQ(routes[6].family.Name(), "ipv4 flow");
}

// draft-ietf-idr-flowspec-interfaceset in a rule's scope, and on one line:
// the extended communities ExaBGP 5.0 sends for the same rule (`validate
// -nrv`: 0702000000010000... sorted with the discard's 8006...).
TEST(FlowSectionTest, InterfaceSetScope) {
  const std::string want = "070200000001c002" "0702000004d24005" "470200010000bfff" "8006000000000000";
  for (const std::string& rule :
       {std::string("route a { match { destination 10.0.0.0/8; } scope { interface-set transitive:input:1234:5; "
                    "interface-set [ non-transitive:output:65536:16383 transitive:input-output:1:2 ]; } "
                    "then { discard; } }"),
        std::string("route destination 10.0.0.0/8 discard interface-set [ transitive:input:1234:5 "
                    "non-transitive:output:65536:16383 transitive:input-output:1:2 ];")}) {
    auto routes = Routes(Neighbor("  flow {\n    " + rule + "\n  }\n"));
    ASSERT_EQ(routes.size(), 1u) << rule;
    std::string e;
    for (uint64_t v : routes[0].attrs.extended_communities) e += Be(v, 8);
    EXPECT_EQ(e, want) << rule;
  }
}

// `next-hop self`: the session's local address, given when the rule is sent
// (rib/export.h), as ExaBGP 5.0 takes the local address; it reads back.
TEST(FlowSectionTest, NextHopSelf) {
  for (const std::string& rule :
       {std::string("route a { next-hop self; match { destination 10.0.0.0/8; } then { redirect-to-nexthop; } }"),
        std::string("route a { next-hop self; match { destination 10.0.0.0/8; } then { discard; } }")}) {
    auto routes = Routes(Neighbor("  flow {\n    " + rule + "\n  }\n"));
    ASSERT_EQ(routes.size(), 1u) << rule;
    EXPECT_EQ(routes[0].next_hop, rib::NextHop::Self()) << rule;
  }
}

TEST(FlowSectionTest, TemplatesBringTheirRules) {
  Parsed p = Parse(
      "template {\n neighbor t {\n  flow { route a { match { destination 10.0.0.0/8; } then { discard; } } }\n }\n}\n" +
      Neighbor("  inherit t;\n  flow { route b { match { destination 10.1.0.0/16; } then { discard; } } }\n"));
  ASSERT_TRUE(p.ok()) << p.error()[0].ToString();
  EXPECT_EQ(p->neighbors[0].routes.size(), 2u);
  EXPECT_EQ(p->neighbors[0].routes.generic_count(), 2u);
}

TEST(FlowSectionTest, ErrorsWhereWritten) {
  struct {
    std::string body;
    std::string error;
  } cases[] = {
      {"flow {\n route a { match { destination 10.0.0.0/8; } scope { interface-set transitive:in:1:1; } }\n}\n",
       "8:68: invalid interface-set 'transitive:in:1:1': the direction is input, output or input-output"},
      {"flow {\n route a { match { destination 10.0.0.0/8; } scope { discard; } }\n}\n",
       "8:54: invalid keyword 'discard' in scope"},
      {"flow {\n route a { match { destination 10.0.0.0/8; } then { interface-set transitive:input:1:1; } }\n}\n",
       "8:53: invalid keyword 'interface-set' in then"},
      {"flow {\n route a { next-hop self; match { destination 10.0.0.0/8; } then { redirect 2.2.2.2; } }\n}\n",
       "8:2: next-hop self and the action's 2.2.2.2: a flow rule has one next hop"},
      {"flow {\n route a { origin igp; match { destination 10.0.0.0/8; } }\n}\n",
       "8:12: invalid keyword 'origin' in flow route"},
      {"flow {\n route a { next-hop 1.1.1.1; match { destination 10.0.0.0/8; } then { redirect 2.2.2.2; } }\n}\n",
       "8:2: next-hop 1.1.1.1 and the action's 2.2.2.2: a flow rule has one next hop"},
      {"flow {\n route a { then { discard; } }\n}\n", "8:2: a flow rule needs at least one match"},
      {"flow {\n route a { match { destination 10.0.0.0/8; port 80 } }\n}\n", "8:52: missing ';' before '}'"},
      {"flow {\n route a { match { discard; } }\n}\n", "8:20: invalid keyword 'discard' in match"},
      {"flow {\n route a { then { source 10.0.0.0/8; } }\n}\n", "8:19: invalid keyword 'source' in then"},
      {"flow {\n route a { rd 1; match { destination 10.0.0.0/8; } }\n}\n",
       "8:15: invalid route-distinguisher '1' (ASN:NN or IPv4:NN)"},
      {"flow {\n route a { rd 1:1; rd 1:2; match { destination 10.0.0.0/8; } }\n}\n", "8:20: rd given twice"},
      {"flow {\n route a b { match { destination 10.0.0.0/8; } }\n}\n",
       "8:10: unexpected 'b' after the flow route name"},
      {"flow {\n route destination 10.0.0.0/8 next-hop 1.2.3.4;\n}\n", "8:31: unknown flow keyword 'next-hop'"},
      {"flow {\n match { destination 10.0.0.0/8; }\n}\n", "8:2: invalid keyword 'match' in flow"},
      {"announce {\n ipv4 {\n  flow destination 2001:db8::/32;\n }\n}\n",
       "9:20: 2001:db8::/32 is IPv6 where the rule is IPv4"},
      {"announce {\n ipv4 {\n  flow-vpn destination 10.0.0.0/8;\n }\n}\n",
       "9:3: flow-vpn is not supported by herald yet"},
  };
  for (const auto& c : cases)
    EXPECT_EQ(FirstError(Neighbor(c.body)), "test.conf:" + c.error) << c.body;
  // A rule of a family the neighbor does not announce (ExaBGP 5.0: "Trying
  // to announce a route of type ipv4,flow when we are not announcing the
  // family to our peer").
  EXPECT_EQ(FirstError(Neighbor("flow {\n route a { match { destination 10.0.0.0/8; } }\n}\n", "ipv4 unicast;")),
            "test.conf:8:2: flow route is ipv4 flow but neighbor 127.0.0.1 does not announce that family");
}

// The families an OPEN of tools/capture_oracle_opens.py announces.
// Calls fn(code, value) for each capability of the OPEN `name` in
// src/session/testdata/exabgp50_opens.txt.
void ForEachCapability(const std::string& name, const std::function<void(uint8_t, ByteSpan)>& fn) {
  std::ifstream in(std::string(HERALD_SOURCE_DIR) + "/src/session/testdata/exabgp50_opens.txt");
  std::string line;
  while (std::getline(in, line)) {
    if (!line.starts_with(name + " ")) continue;
    auto open = FromHex(line.substr(name.size() + 1));
    if (!open) break;
    const Bytes& b = *open;
    // Marker, length, type, version, AS, hold time, router id: 29 bytes; then
    // the optional parameters' length and the parameters.
    for (size_t at = 29; at + 2 <= b.size(); at += 2 + b[at + 1]) {
      if (b[at] != 2) continue;
      for (size_t c = at + 2; c + 2 <= at + 2 + b[at + 1]; c += 2 + b[c + 1])
        fn(b[c], ByteSpan(b.data() + c + 2, b[c + 1]));
    }
  }
}

std::vector<wire::Family> OpenFamilies(const std::string& name) {
  std::vector<wire::Family> out;
  ForEachCapability(name, [&](uint8_t code, ByteSpan v) {
    if (code == 1 && v.size() == 4) out.push_back({static_cast<wire::Afi>(v[0] << 8 | v[1]), static_cast<wire::Safi>(v[3])});
  });
  return out;
}

TEST(FlowSectionTest, FamiliesAllAndNoneAreWhatExabgpAnnouncesThatHeraldSpeaks) {
  for (const char* name : {"family-all", "family-empty"}) {
    SCOPED_TRACE(name);
    std::vector<wire::Family> oracle = OpenFamilies(name);
    ASSERT_GE(oracle.size(), 10u);
    std::vector<wire::Family> expected;
    for (const wire::Family& f : oracle)
      if (wire::IsSupportedFamily(f)) expected.push_back(f);
    std::vector<wire::Family> herald(wire::SupportedFamilies().begin(), wire::SupportedFamilies().end());
    EXPECT_EQ(herald, expected);  // herald speaks nothing ExaBGP does not announce, in its order
    std::string block = std::string(name) == "family-all" ? "all;" : "";
    Parsed p = Parse(Neighbor("", block));
    ASSERT_TRUE(p.ok());
    // All but RT-Constrain, which herald leaves out (wire/nlri.cc, doc/compat.md).
    std::erase(expected, wire::Family{wire::Afi::kIpv4, wire::Safi::kRtc});
    EXPECT_EQ(p->neighbors[0].families, expected);
  }
  // ADD-PATH is not announced for FlowSpec, as ExaBGP 5.0 does (flow-addpath).
  Parsed p = Parse(Neighbor("  capability { add-path send; }\n  add-path { ipv4 unicast; ipv4 flow; }\n",
                            "ipv4 unicast; ipv4 flow; ipv6 flow-vpn;"));
  ASSERT_TRUE(p.ok()) << p.error()[0].ToString();
  EXPECT_EQ(p->neighbors[0].add_path_families, std::vector<wire::Family>{wire::kIpv4Unicast});
  ASSERT_EQ(p->warnings.size(), 1u);
  EXPECT_EQ(p->warnings[0].ToString(),
            "test.conf:8:3: add-path: family ipv4 flow has no ADD-PATH; ignored (ExaBGP announces it for unicast, "
            "labeled unicast and VPN only too)");
  std::vector<wire::Family> flow_addpath = OpenFamilies("flow-addpath");
  EXPECT_EQ(flow_addpath.size(), 3u);
}

// The ADD-PATH capability (69) of an OPEN in the golden file: (family, mode).
std::vector<std::pair<wire::Family, int>> OpenAddPath(const std::string& name) {
  std::vector<std::pair<wire::Family, int>> out;
  ForEachCapability(name, [&](uint8_t code, ByteSpan v) {
    if (code != 69) return;
    for (size_t e = 0; e + 4 <= v.size(); e += 4)
      out.push_back({{static_cast<wire::Afi>(v[e] << 8 | v[e + 1]), static_cast<wire::Safi>(v[e + 2])}, v[e + 3]});
  });
  return out;
}

// ExaBGP 5.0 announces ADD-PATH for labeled unicast and VPN as for unicast,
// not for multicast (vpn-addpath); herald the same, in the same order.
TEST(FlowSectionTest, AddPathCoversLabeledUnicastAndVpnLikeExabgp) {
  Parsed p = Parse(Neighbor("  capability { add-path send/receive; }\n",
                            "ipv4 unicast; ipv4 mpls-vpn; ipv4 nlri-mpls; ipv6 mpls-vpn; ipv4 multicast;"));
  ASSERT_TRUE(p.ok()) << p.error()[0].ToString();
  std::vector<wire::Family> oracle;
  for (const auto& [family, mode] : OpenAddPath("vpn-addpath")) {
    EXPECT_EQ(mode, 3) << family.Name();
    oracle.push_back(family);
  }
  EXPECT_EQ(oracle.size(), 4u);
  EXPECT_EQ(p->neighbors[0].add_path_families, oracle);
}

}  // namespace
}  // namespace herald::config
