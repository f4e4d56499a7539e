// A FlowSpec rule as a rib::Route (flow_route.h): the route of each match
// of src/wire/testdata/flowspec_exabgp.txt and each then of
// testdata/flow_then_exabgp.txt (tools/capture_flow.py) carries the NLRI,
// attributes and next hop ExaBGP 5.0 sends for it, and the printers write it
// back in a form that reads again to the same route.
#include "grammar/flow_route.h"

#include <gtest/gtest.h>

#include <deque>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "base/hex.h"
#include "wire/flowspec_testdata.h"

namespace herald::grammar {
namespace {

using wire::testing::kRfc8956Offset;

// ParseFlowRule on `text` (';' read as a space, as the golden files write
// statements).
Result<rib::Route> Rule(std::string text, std::optional<wire::Afi> afi = std::nullopt, bool rd_next_hop = true) {
  for (char& c : text)
    if (c == ';') c = ' ';
  std::vector<Token> tokens;
  std::deque<std::string> arena;
  LexError lex;
  if (!Lex(text, &tokens, &arena, &lex)) return Fail(lex.message);
  TokenStream in(std::span<const Token>(tokens.data(), tokens.size() - 1), tokens.back());
  rib::Route route;
  if (auto s = ParseFlowRule(in, tokens.back(), afi, rd_next_hop, &route); !s)
    return Fail(fmt::format("{}:{}: {}", s.error().line, s.error().column, s.error().message));
  return route;
}

std::string Be(uint64_t v, int n) {
  Bytes out;
  for (int i = n - 1; i >= 0; --i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
  return ToHex(out);
}

template <typename T, typename F>
std::string Hex(const std::vector<T>& values, F hex) {
  if (values.empty()) return "-";
  std::string out;
  for (const T& v : values) out += hex(v);
  return out;
}

// The line printed for `route` reads back to it.
void ExpectRoundTrip(const rib::Route& route) {
  const std::string line = PrintFlowRouteLine(route);
  auto again = Rule(line, route.family.afi);
  ASSERT_TRUE(again.ok()) << line << ": " << again.error().message;
  EXPECT_EQ(*again, route) << line;
}

TEST(FlowRouteTest, MatchesGiveTheNlriExabgp50Sends) {
  int compared = 0;
  for (const auto& g : wire::testing::LoadFlowGolden()) {
    if (g.kind != "match") continue;
    SCOPED_TRACE(g.name + ": " + g.match);
    const wire::Afi afi = g.family.starts_with("ipv6") ? wire::Afi::kIpv6 : wire::Afi::kIpv4;
    auto route = Rule(g.match, afi);
    ASSERT_TRUE(route.ok()) << route.error().message;
    EXPECT_EQ(route->family, (wire::Family{afi, wire::Safi::kFlowIp}));
    ASSERT_EQ(route->generic.size(), 1u);
    auto rfc = kRfc8956Offset.find(g.name);
    EXPECT_EQ(ToHex(route->generic[0].bytes), rfc == kRfc8956Offset.end() ? g.hex : rfc->second);
    EXPECT_TRUE(route->nlri.empty());
    EXPECT_EQ(route->next_hop.kind, rib::NextHop::Kind::kNone);
    EXPECT_EQ(route->attrs, wire::PathAttributes{});
    ExpectRoundTrip(*route);
    ++compared;
  }
  EXPECT_GE(compared, 25);
}

TEST(FlowRouteTest, ThensGiveTheAttributesExabgp50Sends) {
  int compared = 0;
  for (const std::vector<std::string>& f : wire::testing::LoadFlowThenRows()) {
    ASSERT_EQ(f.size(), 7u) << f[0];
    SCOPED_TRACE(f[0] + ": " + f[1]);
    // The captured routes were flow-vpn with rd 65001:N: the attributes do
    // not depend on it.
    auto route = Rule("rd 65001:1 destination 10.0.0.1/32 " + f[1]);
    ASSERT_TRUE(route.ok()) << route.error().message;
    EXPECT_EQ(route->family, (wire::Family{wire::Afi::kIpv4, wire::Safi::kFlowVpn}));
    const bool hop = route->next_hop.kind == rib::NextHop::Kind::kAddress;
    EXPECT_EQ(hop ? ToHex(route->next_hop.address.bytes()) : "-", f[2]);
    const wire::PathAttributes& a = route->attrs;
    EXPECT_EQ(Hex(a.communities, [](uint32_t c) { return Be(c, 4); }), f[3]);
    EXPECT_EQ(Hex(a.extended_communities, [](uint64_t c) { return Be(c, 8); }), f[4]);
    EXPECT_EQ(Hex(a.large_communities,
                  [](const wire::LargeCommunity& c) {
                    return Be(c.global_admin, 4) + Be(c.local1, 4) + Be(c.local2, 4);
                  }),
              f[6]);
    ExpectRoundTrip(*route);
    ++compared;
  }
  EXPECT_GE(compared, 20);
}

TEST(FlowRouteTest, RouteDistinguishers) {
  struct {
    const char* text;
    const char* hex;
  } cases[] = {
      {"65000:1", "0000fde800000001"},        {"65535:65536", "0000ffff00010000"},
      {"65536:1", "0002000100000001"},        {"4200000000:65535", "0002fa56ea00ffff"},
      {"192.0.2.1:7", "0001c00002010007"},
  };
  for (const auto& c : cases) {
    auto rd = ParseRouteDistinguisher(c.text);
    ASSERT_TRUE(rd.ok()) << c.text;
    EXPECT_EQ(ToHex(*rd), c.hex) << c.text;
    EXPECT_EQ(FormatRouteDistinguisher(*rd), c.text);
  }
  for (const char* bad : {"", "1", ":1", "65536:65536", "1.2.3:4", "192.0.2.1:65536", "a:b", "1:4294967296"})
    EXPECT_FALSE(ParseRouteDistinguisher(bad).ok()) << bad;
  EXPECT_EQ(FormatRouteDistinguisher({0, 9, 1, 2, 3, 4, 5, 6}), "0x0009010203040506");
}

TEST(FlowRouteTest, RdAndNextHop) {
  // conf-flow.conf's a-vpn-route: the NLRI ExaBGP 5.0 sends for it
  // (`exabgp5 validate -nrv`: 0x0800 redirect-to-nexthop, MP_REACH next hop 5.6.7.8).
  auto route = Rule("rd 65535:65536 next-hop 5.6.7.8 source 10.0.0.3/32 redirect-to-nexthop");
  ASSERT_TRUE(route.ok()) << route.error().message;
  EXPECT_EQ(route->family, (wire::Family{wire::Afi::kIpv4, wire::Safi::kFlowVpn}));
  EXPECT_EQ(ToHex(route->generic[0].bytes), "0e0000ffff0001000002200a000003");
  EXPECT_EQ(route->next_hop, rib::NextHop::Address(*IpAddress::Parse("5.6.7.8")));
  // next-hop with redirect-to-nexthop is what `redirect 5.6.7.8` makes.
  EXPECT_EQ(PrintFlowRouteLine(*route), "rd 65535:65536 source 10.0.0.3/32 redirect 5.6.7.8");
  ExpectRoundTrip(*route);
  // A redirect to the same address as next-hop is one next hop; printed once.
  auto same = Rule("next-hop 1.2.3.4 destination 10.0.0.0/8 redirect 1.2.3.4");
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(PrintFlowRouteLine(*same), "destination 10.0.0.0/8 redirect 1.2.3.4");
  ExpectRoundTrip(*same);
  // next-hop self: the session's local address when sent.
  auto self = Rule("next-hop self destination 10.0.0.0/8 redirect-to-nexthop");
  ASSERT_TRUE(self.ok()) << self.error().message;
  EXPECT_EQ(self->next_hop, rib::NextHop::Self());
  EXPECT_EQ(PrintFlowRouteLine(*self), "next-hop self destination 10.0.0.0/8 redirect-to-nexthop");
  ExpectRoundTrip(*self);
}

TEST(FlowRouteTest, Errors) {
  struct {
    const char* line;
    const char* error;
  } cases[] = {
      {"next-hop 1.1.1.1 destination 10.0.0.0/8 redirect 2.2.2.2",
       "1:57: next-hop 1.1.1.1 and the action's 2.2.2.2: a flow rule has one next hop"},
      {"next-hop self destination 10.0.0.0/8 redirect 2.2.2.2",
       "1:54: next-hop self and the action's 2.2.2.2: a flow rule has one next hop"},
      {"rd 1 destination 10.0.0.0/8", "1:4: invalid route-distinguisher '1' (ASN:NN or IPv4:NN)"},
      {"rd 1:1 rd 1:2 destination 10.0.0.0/8", "1:8: rd given twice"},
      {"next-hop destination 10.0.0.0/8", "1:10: invalid next-hop 'destination'"},
      {"destination 10.0.0.0/8 interface-set transitive:input:1:16384",
       "1:38: invalid interface-set 'transitive:input:1:16384': the group is a 14-bit number"},
      {"destination 10.0.0.0/8 origin igp", "1:24: unknown flow keyword 'origin'"},
      {"discard", "1:8: a flow rule needs at least one match"},
  };
  for (const auto& c : cases) {
    auto r = Rule(c.line);
    ASSERT_FALSE(r.ok()) << c.line;
    EXPECT_EQ(r.error().message, c.error) << c.line;
  }
  // Without rd_next_hop (the configuration's one-line form), rd and
  // next-hop are not words of the rule.
  auto config = Rule("rd 1:1 destination 10.0.0.0/8", std::nullopt, false);
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().message, "1:1: unknown flow keyword 'rd'");
  // The family given is the rule's: an IPv4 prefix in an IPv6 rule is refused.
  auto mixed = Rule("destination 10.0.0.0/8", wire::Afi::kIpv6);
  ASSERT_FALSE(mixed.ok());
  EXPECT_EQ(mixed.error().message, "1:13: 10.0.0.0/8 is IPv4 where the rule is IPv6");
}

TEST(FlowRouteTest, IpV6RuleWithoutPrefixKeepsItsFamily) {
  auto route = Rule("destination-port =80 discard", wire::Afi::kIpv6);
  ASSERT_TRUE(route.ok());
  EXPECT_EQ(route->family, (wire::Family{wire::Afi::kIpv6, wire::Safi::kFlowIp}));
  ExpectRoundTrip(*route);
}

TEST(FlowRouteTest, ThenStatementsForEveryKnownCommunity) {
  // Values no action makes print as extended-community and read back.
  auto route = Rule(
      "destination 10.0.0.0/8 extended-community [ 0x8006000100000000 0x8006000000000001 0x800700000000000f "
      "0x820800000001000a 0x8009000000000040 0x0800000000000002 0x010c010203040001 target:65000:1 ]");
  ASSERT_TRUE(route.ok()) << route.error().message;
  auto text = DescribeFlowRoute(*route);
  ASSERT_TRUE(text);
  ASSERT_EQ(text->then.size(), 1u);
  EXPECT_TRUE(text->then[0].starts_with("extended-community [ ")) << text->then[0];
  ExpectRoundTrip(*route);
  // A redirect-to-nexthop without a next hop, and a rate that is not whole.
  auto bare = Rule("destination 10.0.0.0/8 redirect-to-nexthop rate-limit 16777217");
  ASSERT_TRUE(bare.ok());
  ExpectRoundTrip(*bare);
  EXPECT_FALSE(DescribeFlowRoute(rib::Route{}));
}

}  // namespace
}  // namespace herald::grammar
