// FlowSpec commands of the text API: each line of
// testdata/flow_api_exabgp.txt (tools/capture_flow_api.py) that ExaBGP 5.0
// took gives the route whose NLRI, next hop and attributes ExaBGP sent for
// it; the lines it refused are refused by herald too, except where herald
// reads more (doc/compat.md). Every command prints back to itself.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "api/command.h"
#include "api/command_print.h"
#include "base/hex.h"

namespace herald::api {
namespace {

struct Row {
  std::string name, line, action, family, nlri, next_hop, communities, extended, large;
};

std::vector<Row> Golden() {
  std::ifstream in(std::string(HERALD_SOURCE_DIR) + "/src/api/testdata/flow_api_exabgp.txt");
  EXPECT_TRUE(in.good());
  std::vector<Row> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string field; std::getline(ss, field, '\t');) f.push_back(field);
    f.resize(9, "");
    out.push_back({f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8]});
  }
  return out;
}

std::string Be(uint64_t v, int n) {
  Bytes out;
  for (int i = n - 1; i >= 0; --i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
  return ToHex(out);
}

template <typename T, typename F>
std::string Hex(const std::vector<T>& values, F hex) {
  std::string out;
  for (const T& v : values) out += hex(v);
  return out.empty() ? "-" : out;
}

void ExpectPrintsBack(const Command& c) {
  const std::string line = PrintTextCommand(c);
  Command again;
  Status s = ParseTextCommand(line, &again);
  ASSERT_TRUE(s.ok()) << line << ": " << s.error().message;
  EXPECT_EQ(again, c) << line;
}

// Lines ExaBGP 5.0 refused that herald reads: `rd` and `next-hop` among the
// words (ExaBGP has no way to give a flow-vpn rule its route distinguisher
// on the API). The NLRI herald makes for them.
const std::map<std::string, std::pair<std::string, std::string>> kHeraldReads = {
    {"route-rd", {"ipv4 flow-vpn", "0d0000fde800000007" "01180a0008"}},
    {"route-next-hop", {"ipv4 flow", "0501180a0009"}},
    {"ipv4-flow-vpn-rd", {"ipv4 flow-vpn", "0d0000fde800000008" "01180a000e"}},
};

// Lines ExaBGP 5.0 took that herald refuses, and why.
const std::map<std::string, std::string> kHeraldRefuses = {
    // ExaBGP sends this flow-vpn NLRI without a route distinguisher.
    {"ipv4-flow-vpn", "ipv4 flow-vpn needs rd <route distinguisher>"},
};

TEST(CommandFlowTest, LinesAsExabgp50TakesThem) {
  int compared = 0;
  for (const Row& r : Golden()) {
    SCOPED_TRACE(r.name + ": " + r.line);
    Command c;
    Status s = ParseTextCommand(r.line, &c);
    if (auto it = kHeraldRefuses.find(r.name); it != kHeraldRefuses.end()) {
      ASSERT_FALSE(s.ok());
      EXPECT_EQ(s.error().message, it->second);
      continue;
    }
    if (r.action == "refused" && !kHeraldReads.count(r.name)) {
      EXPECT_FALSE(s.ok());
      continue;
    }
    ASSERT_TRUE(s.ok()) << s.error().message;
    ASSERT_EQ(c.route.generic.size(), 1u);
    EXPECT_TRUE(c.route.nlri.empty());
    if (auto it = kHeraldReads.find(r.name); it != kHeraldReads.end()) {
      EXPECT_EQ(c.route.family.Name(), it->second.first);
      EXPECT_EQ(ToHex(c.route.generic[0].bytes), it->second.second);
      ExpectPrintsBack(c);
      continue;
    }
    EXPECT_EQ(c.kind, r.action == "announce" ? CommandKind::kAnnounceRoute : CommandKind::kWithdrawRoute);
    EXPECT_EQ(c.route.family.Name(), r.family);
    EXPECT_EQ(ToHex(c.route.generic[0].bytes), r.nlri);
    if (r.action == "announce") {
      const bool hop = c.route.next_hop.kind == rib::NextHop::Kind::kAddress;
      EXPECT_EQ(hop ? ToHex(c.route.next_hop.address.bytes()) : "-", r.next_hop);
      const wire::PathAttributes& a = c.route.attrs;
      EXPECT_EQ(Hex(a.communities, [](uint32_t v) { return Be(v, 4); }), r.communities);
      EXPECT_EQ(Hex(a.extended_communities, [](uint64_t v) { return Be(v, 8); }), r.extended);
      EXPECT_EQ(Hex(a.large_communities,
                    [](const wire::LargeCommunity& v) {
                      return Be(v.global_admin, 4) + Be(v.local1, 4) + Be(v.local2, 4);
                    }),
                r.large);
    }
    ExpectPrintsBack(c);
    ++compared;
  }
  EXPECT_GE(compared, 15);
}

TEST(CommandFlowTest, FormsAndErrors) {
  Command c;
  // The family forms: an IPv6 rule without prefixes stays IPv6.
  ASSERT_TRUE(ParseTextCommand("announce ipv6 flow destination-port =80 discard", &c).ok());
  EXPECT_EQ(c.route.family.Name(), "ipv6 flow");
  ExpectPrintsBack(c);
  ASSERT_TRUE(ParseTextCommand("withdraw ipv6 flow-vpn rd 1.2.3.4:5 destination 2001:db8::/32", &c).ok());
  EXPECT_EQ(c.kind, CommandKind::kWithdrawRoute);
  EXPECT_EQ(c.route.family.Name(), "ipv6 flow-vpn");
  ExpectPrintsBack(c);
  // The block form with rd and next-hop, a selector, a trailing ';'.
  ASSERT_TRUE(ParseTextCommand("neighbor 127.0.0.2 announce flow route { rd 65000:1; next-hop 1.2.3.4; "
                               "match { source 10.0.0.0/24; protocol [ tcp udp ]; } then { redirect-to-nexthop; "
                               "community [ 1:2 ]; } };",
                               &c)
                  .ok());
  EXPECT_EQ(c.neighbors.size(), 1u);
  EXPECT_EQ(c.route.family.Name(), "ipv4 flow-vpn");
  EXPECT_EQ(c.route.next_hop, rib::NextHop::Address(*IpAddress::Parse("1.2.3.4")));
  ExpectPrintsBack(c);

  struct {
    const char* line;
    const char* error;
  } cases[] = {
      {"announce flow destination 1.1.1.1/32", "expected route after announce flow, found 'destination'"},
      {"announce flow route", "a flow rule needs at least one match"},
      {"announce ipv4 flow destination 2001:db8::/32", "2001:db8::/32 is IPv6 where the rule is IPv4"},
      {"announce ipv4 flow rd 1:1 destination 10.0.0.0/8", "rd makes a flow-vpn rule, not ipv4 flow"},
      {"announce ipv4 flow-vpn destination 10.0.0.0/8", "ipv4 flow-vpn needs rd <route distinguisher>"},
      {"announce flow route destination 10.0.0.0/8 discard; x", "unexpected ';' in the command"},
      {"announce route 10.0.0.0/8 { }", "unexpected '{' in the command"},
      {"announce flow route { match { destination 10.0.0.0/8; }", "missing '}' to close the flow route"},
      {"announce flow route { match { destination 10.0.0.0/8; } then { discard } x }",
       "invalid keyword 'x' in the flow route (rd, next-hop, match, scope, then)"},
      {"announce flow route { match { discard; } }", "invalid keyword 'discard' in match"},
      {"announce flow route { scope { discard } }", "invalid keyword 'discard' in scope"},
      {"announce flow route { match { destination 10.0.0.0/8; } } extra", "unexpected 'extra' after the flow route"},
      {"announce flow route destination 10.0.0.0/8 interface-set transitive:sideways:1:1",
       "invalid interface-set 'transitive:sideways:1:1': the direction is input, output or input-output"},
  };
  for (const auto& t : cases) {
    Status s = ParseTextCommand(t.line, &c);
    ASSERT_FALSE(s.ok()) << t.line;
    EXPECT_EQ(s.error().message, t.error) << t.line;
  }
}

}  // namespace
}  // namespace herald::api
