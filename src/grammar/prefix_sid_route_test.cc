// bgp-prefix-sid, bgp-prefix-sid-srv6 and IPv6 extended communities in
// route lines: the forms ExaBGP 5.0 takes, built into the bytes it sends
// (src/wire/prefix_sid_test.cc has them, from tools/capture_pfxsid.py), the
// errors with their columns, and the printer's round trip.
#include <gtest/gtest.h>

#include <deque>
#include <span>

#include "base/hex.h"
#include "grammar/flow_parser.h"
#include "grammar/route_parser.h"
#include "grammar/route_printer.h"
#include "wire/prefix_sid.h"

namespace herald::grammar {
namespace {

struct Parsed {
  rib::Route route;
  RouteState state;
  ParseError error;
  bool ok = false;
};

Parsed ParseLine(std::string_view text) {
  std::vector<Token> tokens;
  std::deque<std::string> arena;
  LexError lex_error;
  Parsed p;
  if (!Lex(text, &tokens, &arena, &lex_error)) {
    p.error.message = lex_error.message;
    return p;
  }
  TokenStream in(std::span<const Token>(tokens.data(), tokens.size() - 1), tokens.back());
  ParseStatus s = ParseRoute(in, RouteAction::kAnnounce, &p.route, &p.state);
  p.ok = s.ok();
  if (!s) p.error = s.error();
  return p;
}

// The Prefix-SID attribute's value (its TLVs), as hex.
std::string SidHex(const rib::Route& route) {
  if (!route.attrs.prefix_sid) return "absent";
  Bytes b;
  ByteWriter w(&b);
  wire::AppendPrefixSid(w, *route.attrs.prefix_sid);
  return ToHex(b);
}

constexpr std::string_view kHead = "10.0.0.0/8 next-hop 1.1.1.1 ";

TEST(PrefixSidRouteTest, FormsBuildExabgpsBytesAndPrintBack) {
  const std::pair<const char*, const char*> cases[] = {
      {"bgp-prefix-sid [ 777 ]", "01000700000000000309"},
      {"bgp-prefix-sid [ 300, [ ( 800000,4096 ), ( 1000000,5000 ) ] ]",
       "0100070000000000012c03000e00000c35000010000f4240001388"},
      {"bgp-prefix-sid [ 300 , [ ( 800000 , 4096 ) ( 1000000,5000 ) ] ]",
       "0100070000000000012c03000e00000c35000010000f4240001388"},
      {"bgp-prefix-sid [ 4294967295 ]", "010007000000ffffffff"},
      {"bgp-prefix-sid-srv6 ( l3-service 2001:db8::10 )",
       "050019000100150020010db800000000000000000000001000ffff00"},
      {"bgp-prefix-sid-srv6 ( l3-service 2001:db8::20 0x13 [ 64, 24, 16, 0, 16, 64 ] )",
       "0500220001001e0020010db800000000000000000000002000001300010006401810001040"},
      {"bgp-prefix-sid-srv6 ( l2-service 2001:db8::30 17 )",
       "060019000100150020010db800000000000000000000003000001100"},
  };
  for (const auto& [words, hex] : cases) {
    Parsed p = ParseLine(std::string(kHead) + words);
    ASSERT_TRUE(p.ok) << words << ": " << p.error.message;
    EXPECT_EQ(SidHex(p.route), hex) << words;
    Parsed again = ParseLine(PrintRoute(p.route));
    ASSERT_TRUE(again.ok) << PrintRoute(p.route) << ": " << again.error.message;
    EXPECT_EQ(again.route.attrs, p.route.attrs) << PrintRoute(p.route);
  }
  EXPECT_EQ(PrintRoute(ParseLine(std::string(kHead) + cases[1].first).route),
            "10.0.0.0/8 next-hop 1.1.1.1 bgp-prefix-sid [ 300, [ ( 800000,4096 ), ( 1000000,5000 ) ] ]");
  EXPECT_EQ(PrintRoute(ParseLine(std::string(kHead) + cases[5].first).route),
            "10.0.0.0/8 next-hop 1.1.1.1 bgp-prefix-sid-srv6 ( l3-service 2001:db8::20 19 [ 64, 24, 16, 0, 16, 64 ] )");
}

TEST(PrefixSidRouteTest, GenericAttributesAreTypedAndPrintBack) {
  Parsed p = ParseLine(std::string(kHead) +
                       "attribute [ 0x28 0xc0 0x0100070000000000000A040002ABCD ] "
                       "attribute [ 0x19 0xc0 0x000C2A020B800000000100000000000000010000 ]");
  ASSERT_TRUE(p.ok) << p.error.message;
  EXPECT_TRUE(p.route.attrs.unknown.empty());
  EXPECT_EQ(SidHex(p.route), "0100070000000000000a040002abcd");
  ASSERT_EQ(p.route.attrs.ipv6_extended_communities.size(), 1u);
  EXPECT_EQ(p.route.attrs.ipv6_extended_communities[0].bytes[1], 0x0c);
  std::string printed = PrintRoute(p.route);
  EXPECT_EQ(printed,
            "10.0.0.0/8 next-hop 1.1.1.1 attribute [ 0x19 0xc0 0x000c2a020b800000000100000000000000010000 ] "
            "attribute [ 0x28 0xc0 0x0100070000000000000a040002abcd ]");
  Parsed again = ParseLine(printed);
  ASSERT_TRUE(again.ok) << again.error.message;
  EXPECT_EQ(again.route.attrs, p.route.attrs);
}

TEST(PrefixSidRouteTest, BadFormsFailWhereTheyAre) {
  const struct {
    const char* words;
    const char* message;
    int column;  // in the words
  } cases[] = {
      {"bgp-prefix-sid 777", "expected '[' in bgp-prefix-sid, found '777'", 16},
      {"bgp-prefix-sid [ 4294967296 ]", "invalid label index '4294967296' (a number from 0 to 4294967295)", 18},
      {"bgp-prefix-sid [ x ]", "invalid label index 'x' (a number from 0 to 4294967295)", 18},
      {"bgp-prefix-sid [ 1, [ ( 16777216,1 ) ] ]", "invalid SRGB base '16777216' (a number from 0 to 16777215)", 25},
      {"bgp-prefix-sid [ 1, [ ( 1 2 ) ] ]", "expected ',' in bgp-prefix-sid, found '2'", 27},
      {"bgp-prefix-sid [ 1, ( 1,2 ) ]",
       "expected '[ ( base,range ) ... ]' or ']' in bgp-prefix-sid, found '('", 21},
      {"bgp-prefix-sid [ 1, [ ( 1,2 ) ]", "expected ']' in bgp-prefix-sid, found end of line", 32},
      {"bgp-prefix-sid [ 1 ] bgp-prefix-sid-srv6 ( l3-service ::1 )", "bgp-prefix-sid-srv6 given twice", 22},
      {"bgp-prefix-sid-srv6 ( vpn 2001:1::10 )", "expected l3-service or l2-service, found 'vpn'", 23},
      {"bgp-prefix-sid-srv6 l3-service ::1", "expected '(' in bgp-prefix-sid-srv6, found 'l3-service'", 21},
      {"bgp-prefix-sid-srv6 ( l3-service 10.0.0.1 )", "invalid SRv6 SID '10.0.0.1' (an IPv6 address)", 34},
      {"bgp-prefix-sid-srv6 ( l3-service ::1 0x10000 )",
       "invalid endpoint behavior '0x10000' (a number from 0 to 65535)", 38},
      {"bgp-prefix-sid-srv6 ( l3-service ::1 1 [ 1, 2, 3 ] )", "expected ',' in bgp-prefix-sid-srv6, found ']'", 50},
      {"bgp-prefix-sid-srv6 ( l3-service ::1 1 [ 1, 2, 3, 4, 5, 256 ] )",
       "invalid SID structure length '256' (a number from 0 to 255)", 57},
      {"bgp-prefix-sid-srv6 ( l3-service ::1 1 2 )", "expected ')' in bgp-prefix-sid-srv6, found '2'", 40},
      {"attribute [ 0x19 0xc0 0x000c ]",
       "invalid attribute 0x19 (extended-community-ipv6): expected a non-zero multiple of 20 bytes", 23},
      {"attribute [ 0x28 0xc0 0x010006000000000003 ]",
       "invalid attribute 0x28 (bgp-prefix-sid): Label-Index TLV of length 6, expected 7", 23},
      {"attribute [ 0x28 0xc0 0x01000700 ]",
       "invalid attribute 0x28 (bgp-prefix-sid): TLV truncated or running past the end of the attribute", 23},
  };
  for (const auto& c : cases) {
    Parsed p = ParseLine(std::string(kHead) + c.words);
    EXPECT_FALSE(p.ok) << c.words;
    EXPECT_EQ(p.error.message, c.message) << c.words;
    EXPECT_EQ(p.error.column, static_cast<int>(kHead.size()) + c.column) << c.words;
  }
}

TEST(PrefixSidRouteTest, RedirectToAnIpv6NextHopIsAnIpv6ExtendedCommunity) {
  // ExaBGP 5.0 sends 0x000c, the address, flags 0 in attribute 25
  // (`exabgp5 validate -nrv` of Debian's conf-flow-redirect.conf).
  FlowAction a;
  a.kind = FlowActionKind::kRedirectToNexthopIetf;
  a.address = IpAddress::Parse("2A02:B80:0:1::1");
  auto attrs = EncodeFlowActions({a});
  ASSERT_TRUE(attrs.ok()) << attrs.error().message;
  EXPECT_TRUE(attrs->extended_communities.empty());
  ASSERT_EQ(attrs->ipv6_extended_communities.size(), 1u);
  EXPECT_EQ(ToHex(attrs->ipv6_extended_communities[0].bytes), "000c2a020b800000000100000000000000010000");
}

}  // namespace
}  // namespace herald::grammar
