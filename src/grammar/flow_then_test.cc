// FlowSpec actions (flow_parser.h: ParseFlowThen, EncodeFlowActions): each
// `then` of testdata/flow_then_exabgp.txt (tools/capture_flow.py) puts on
// the route the attributes and next hop ExaBGP 5.0 sends for it.
#include <gtest/gtest.h>

#include <deque>
#include <fstream>
#include <sstream>

#include "base/hex.h"
#include "grammar/flow_parser.h"
#include "wire/flowspec_testdata.h"

namespace herald::grammar {
namespace {

// The actions of `text`, statements separated by ';'.
Result<FlowActionAttributes> Encode(std::string_view text) {
  std::vector<Token> tokens;
  std::deque<std::string> arena;
  LexError lex;
  if (!Lex(text, &tokens, &arena, &lex)) return Fail(lex.message);
  std::vector<FlowAction> actions;
  size_t start = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (!tokens[i].is(TokenKind::kSemicolon) && !tokens[i].is(TokenKind::kEnd)) continue;
    if (i > start) {
      TokenStream in(std::span<const Token>(tokens).subspan(start, i - start), tokens[i]);
      auto s = ParseFlowThen(in, &actions);
      if (!s) return Fail(s.error().message);
      if (!in.AtEnd()) return Fail("unexpected " + Describe(in.Peek()));
    }
    start = i + 1;
  }
  return EncodeFlowActions(actions);
}

template <typename T, typename F>
std::string Hex(const std::vector<T>& values, F bytes) {
  if (values.empty()) return "-";
  Bytes out;
  for (const T& v : values) bytes(v, &out);
  return ToHex(out);
}

void Be(uint64_t v, int n, Bytes* out) {
  for (int i = n - 1; i >= 0; --i) out->push_back(static_cast<uint8_t>(v >> (8 * i)));
}

TEST(FlowThenTest, AttributesAsExabgp50Sends) {
  int compared = 0;
  for (const std::vector<std::string>& f : wire::testing::LoadFlowThenRows()) {
    ASSERT_EQ(f.size(), 7u) << f[0];
    SCOPED_TRACE(f[0] + ": " + f[1]);
    auto r = Encode(f[1]);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->next_hop ? ToHex(r->next_hop->bytes()) : "-", f[2]);
    EXPECT_EQ(Hex(r->communities, [](uint32_t c, Bytes* o) { Be(c, 4, o); }), f[3]);
    EXPECT_EQ(Hex(r->extended_communities, [](uint64_t c, Bytes* o) { Be(c, 8, o); }), f[4]);
    EXPECT_EQ(f[5], "-");  // ExaBGP sent no IPv6 extended community for these
    EXPECT_EQ(Hex(r->large_communities,
                  [](const wire::LargeCommunity& c, Bytes* o) {
                    Be(c.global_admin, 4, o);
                    Be(c.local1, 4, o);
                    Be(c.local2, 4, o);
                  }),
              f[6]);
    ++compared;
  }
  EXPECT_GE(compared, 20);
}

TEST(FlowThenTest, Errors) {
  auto two = Encode("redirect 1.2.3.4; copy 5.6.7.8");
  ASSERT_FALSE(two.ok());
  EXPECT_EQ(two.error().message, "two next hops for one flow rule: 1.2.3.4 and 5.6.7.8");
  EXPECT_TRUE(Encode("redirect 1.2.3.4; copy 1.2.3.4").ok());
  // An IPv6 address goes in an IPv6 extended community (prefix_sid_route_test.cc).
  auto v6 = Encode("redirect-to-nexthop-ietf 2001:db8::1");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->ipv6_extended_communities.size(), 1u);
  EXPECT_FALSE(Encode("community [ 65536:1 ]").ok());
  EXPECT_FALSE(Encode("extended-community nonsense").ok());
  EXPECT_FALSE(Encode("large-community 1:2").ok());
}

TEST(FlowThenTest, DuplicatesGoOnce) {
  auto r = Encode("discard; discard; community [ 65000:1 65000:1 ]");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->extended_communities.size(), 1u);
  EXPECT_EQ(r->communities.size(), 1u);
}

}  // namespace
}  // namespace herald::grammar
