// Multicast, labeled unicast and VPN routes: the NLRI bytes match what
// ExaBGP 5.0 makes (testdata/labeled_exabgp.txt, tools/capture_labeled.py),
// the family is the one ExaBGP picks, errors are located, and the printer
// writes routes that read back the same.
#include "grammar/labeled_route.h"

#include <gtest/gtest.h>

#include <deque>
#include <fstream>
#include <span>
#include <sstream>

#include "base/hex.h"
#include "grammar/route_printer.h"
#include "wire/labeled.h"

namespace herald::grammar {
namespace {

struct Parsed {
  rib::Route route;
  ParseError error;
  bool ok = false;
};

Parsed ParseLine(std::string_view text, std::optional<wire::Safi> safi = std::nullopt,
                 RouteAction action = RouteAction::kAnnounce, bool nlri = false) {
  std::vector<Token> tokens;
  std::deque<std::string> arena;
  LexError lex_error;
  Parsed p;
  if (!Lex(text, &tokens, &arena, &lex_error)) {
    p.error.message = lex_error.message;
    return p;
  }
  TokenStream in(std::span<const Token>(tokens.data(), tokens.size() - 1), tokens.back());
  RouteState state;
  state.safi = safi;
  ParseStatus s = nlri ? ParseAttributesNlri(in, action, &p.route, &state) : ParseRoute(in, action, &p.route, &state);
  p.ok = s.ok();
  if (!s) p.error = s.error();
  return p;
}

std::string Hex(const rib::Route& r) {
  std::string out;
  for (const wire::GenericNlri& g : r.generic) out += (out.empty() ? "" : " ") + ToHex(g.bytes);
  return out;
}

TEST(LabeledRouteTest, BytesAsExabgpMakesThem) {
  std::ifstream in(std::string(HERALD_SOURCE_DIR) + "/src/grammar/testdata/labeled_exabgp.txt");
  ASSERT_TRUE(in) << "testdata/labeled_exabgp.txt";
  std::string line;
  int rows = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string route, family, hex;
    std::getline(fields, route, '\t');
    std::getline(fields, family, '\t');
    std::getline(fields, hex, '\t');
    Parsed p = ParseLine(route);
    ASSERT_TRUE(p.ok) << route << ": " << p.error.message;
    EXPECT_EQ(p.route.family.Name(), family) << route;
    EXPECT_EQ(Hex(p.route), hex) << route;
    EXPECT_TRUE(p.route.nlri.empty()) << route;
    ++rows;
  }
  EXPECT_GE(rows, 10);
}

TEST(LabeledRouteTest, FamilyAsExabgpDecides) {
  // rd makes mpls-vpn (label or not given: checked below), label nlri-mpls,
  // neither unicast; a statement naming its family keeps it.
  EXPECT_EQ(ParseLine("10.0.0.0/24 label 5 rd 65000:1 next-hop 192.0.2.1").route.family.Name(), "ipv4 mpls-vpn");
  EXPECT_EQ(ParseLine("10.0.0.0/24 label 5 next-hop 192.0.2.1").route.family.Name(), "ipv4 nlri-mpls");
  EXPECT_EQ(ParseLine("2001:db8::/32 label 5 next-hop 2001:db8::1").route.family.Name(), "ipv6 nlri-mpls");
  EXPECT_EQ(ParseLine("2001:db8::/32 rd 65000:1 label 5 next-hop 2001:db8::1").route.family.Name(),
            "ipv6 mpls-vpn");
  EXPECT_EQ(ParseLine("10.0.0.0/24 next-hop 192.0.2.1").route.family.Name(), "ipv4 unicast");
  Parsed m = ParseLine("10.0.0.0/24 next-hop 192.0.2.1", wire::Safi::kMulticast);
  ASSERT_TRUE(m.ok) << m.error.message;
  EXPECT_EQ(m.route.family.Name(), "ipv4 multicast");
  EXPECT_EQ(Hex(m.route), "180a0000");
  EXPECT_EQ(m.route.next_hop, rib::NextHop::Address(*IpAddress::Parse("192.0.2.1")));
  Parsed v = ParseLine("10.0.0.0/24 rd 65000:1 label 5 next-hop self", wire::Safi::kMplsVpn);
  ASSERT_TRUE(v.ok) << v.error.message;
  EXPECT_EQ(v.route.family.Name(), "ipv4 mpls-vpn");
  EXPECT_EQ(v.route.next_hop, rib::NextHop::Self());
}

TEST(LabeledRouteTest, PathInformationAndAttributesNlri) {
  Parsed p = ParseLine("10.0.0.0/24 label 5 next-hop 192.0.2.1 path-information 7");
  ASSERT_TRUE(p.ok) << p.error.message;
  ASSERT_EQ(p.route.generic.size(), 1u);
  EXPECT_EQ(p.route.generic[0].path_id, 7u);
  Parsed a = ParseLine("rd 65000:1 label 9 next-hop 192.0.2.1 nlri 10.0.0.0/24 10.1.0.0/24", std::nullopt,
                       RouteAction::kAnnounce, true);
  ASSERT_TRUE(a.ok) << a.error.message;
  EXPECT_EQ(a.route.family.Name(), "ipv4 mpls-vpn");
  EXPECT_EQ(Hex(a.route), "700000910000fde8000000010a0000 700000910000fde8000000010a0100");
}

TEST(LabeledRouteTest, WithdrawWithoutLabel) {
  // RFC 8277 §2.4: the withdrawal's label is 0x800000 (not looked at).
  Parsed p = ParseLine("10.0.0.0/24 rd 65000:1", std::nullopt, RouteAction::kWithdraw);
  ASSERT_TRUE(p.ok) << p.error.message;
  EXPECT_EQ(Hex(p.route), "708000000000fde8000000010a0000");
  EXPECT_EQ(PrintRoute(p.route), "10.0.0.0/24 rd 65000:1");
}

struct BadCase {
  const char* line;
  std::optional<wire::Safi> safi;
  const char* message;
  int column;
};

TEST(LabeledRouteTest, Errors) {
  const BadCase cases[] = {
      {"10.0.0.0/24 rd 65000:1 next-hop 192.0.2.1", {}, "missing label for the ipv4 mpls-vpn route 10.0.0.0/24", 1},
      {"10.0.0.0/24 label 5 next-hop 192.0.2.1", wire::Safi::kMplsVpn,
       "missing rd for the ipv4 mpls-vpn route 10.0.0.0/24", 1},
      {"10.0.0.0/24 next-hop 192.0.2.1", wire::Safi::kMplsLabel,
       "missing label for the ipv4 nlri-mpls route 10.0.0.0/24", 1},
      {"10.0.0.0/24 rd 65000:1 label 5 next-hop 192.0.2.1", wire::Safi::kMplsLabel,
       "rd is not valid in a nlri-mpls route", 13},
      {"10.0.0.0/24 label 5 next-hop 192.0.2.1", wire::Safi::kMulticast, "label is not valid in a multicast route",
       13},
      {"10.0.0.0/24 label 5 next-hop 192.0.2.1", wire::Safi::kUnicast, "label is not valid in a unicast route", 13},
      {"10.0.0.0/24 label 1048576 next-hop 192.0.2.1", {}, "invalid label 1048576 (a number from 0 to 1048575)", 19},
      {"10.0.0.0/24 label [ ] next-hop 192.0.2.1", {}, "empty label stack", 13},
      {"10.0.0.0/24 label 1 label 2 next-hop 192.0.2.1", {}, "label given twice", 21},
      // Found by fuzz_command: the stack would be read back as [0] alone.
      {"10.0.0.0/24 rd 65000:1 label [ 0 10 ] next-hop 192.0.2.1", {},
       "label 0 can only be the last of a stack: a peer reads it as the end of the stack", 24},
      {"10.0.0.0/24 label [ 7 524288 10 ] next-hop 192.0.2.1", {},
       "label 524288 can only be the last of a stack: a peer reads it as the end of the stack", 13},
      {"10.0.0.0/24 rd 1:1 route-distinguisher 1:2 label 1", {}, "route-distinguisher given twice", 20},
      {"10.0.0.0/24 rd 65000 label 1 next-hop 192.0.2.1", {},
       "invalid route-distinguisher '65000' (ASN:NN or IPv4:NN)", 16},
      {"10.0.0.0/24 rd 70000:65536 label 1 next-hop 192.0.2.1", {},
       "invalid route-distinguisher '70000:65536' (ASN:NN or IPv4:NN)", 16},
      {"2001:db8::/128 rd 1:1 label [ 1 2 3 4 5 6 7 8 ] next-hop 2001:db8::1", {},
       "8 labels and the prefix 2001:db8::/128 do not fit one NLRI", 23},
  };
  for (const BadCase& c : cases) {
    Parsed p = ParseLine(c.line, c.safi);
    EXPECT_FALSE(p.ok) << c.line;
    EXPECT_EQ(p.error.message, c.message) << c.line;
    EXPECT_EQ(p.error.line, 1) << c.line;
    EXPECT_EQ(p.error.column, c.column) << c.line;
  }
}

TEST(LabeledRouteTest, PrintsBackTheSameRoute) {
  const char* lines[] = {
      "10.0.0.0/24 rd 65000:1 label [ 1000 ] next-hop 192.0.2.1 med 5",
      "10.0.0.0/24 rd 1.2.3.4:5 label [ 100 200 ] next-hop self community [ 65000:1 ]",
      "10.0.0.0/24 rd 70000:5 label [ 16 ] next-hop 192.0.2.1 path-information 9",
      "2001:db8::/32 label [ 3 ] next-hop 2001:db8::1",
      "rd 65000:1 label [ 9 ] next-hop 192.0.2.1 nlri 10.0.0.0/25 10.0.0.128/25",
  };
  for (const char* line : lines) {
    Parsed p = ParseLine(line, std::nullopt, RouteAction::kAnnounce, std::string_view(line).starts_with("rd"));
    ASSERT_TRUE(p.ok) << line << ": " << p.error.message;
    EXPECT_EQ(PrintRoute(p.route), line);
  }
  Parsed m = ParseLine("10.0.0.0/24 next-hop 192.0.2.1", wire::Safi::kMulticast);
  EXPECT_EQ(PrintRoute(m.route), "10.0.0.0/24 next-hop 192.0.2.1");
  auto view = ViewLabeledRoute(m.route);
  ASSERT_TRUE(view);
  EXPECT_TRUE(view->labels.empty());
  EXPECT_FALSE(view->rd);
}

TEST(LabeledRouteTest, SplitKeepsLabelsAndRd) {
  Parsed p = ParseLine("10.0.0.0/23 rd 65000:1 label 9 next-hop 192.0.2.1 split /24");
  ASSERT_TRUE(p.ok) << p.error.message;
  EXPECT_EQ(Hex(p.route), "700000910000fde8000000010a0000 700000910000fde8000000010a0001");
}

}  // namespace
}  // namespace herald::grammar
