// MVPN and MUP routes (mvpn_route.h, mup_route.h): the NLRI bytes are those
// ExaBGP 5.0 makes for the same words (`exabgp5 validate -nrv`, the
// configuration of tools/capture_mvpnmup.py), errors are located, and the
// printer writes routes that read back the same.
#include <gtest/gtest.h>

#include <cctype>
#include <deque>
#include <span>

#include "base/hex.h"
#include "grammar/mup_route.h"
#include "grammar/mvpn_route.h"
#include "grammar/route_printer.h"

namespace herald::grammar {
namespace {

struct Parsed {
  rib::Route route;
  ParseError error;
  bool ok = false;
};

// `mvpn` picks the grammar; the words are those after `mcast-vpn` / `mup`.
Parsed ParseLine(std::string_view text, bool mvpn, wire::Afi afi, RouteAction action = RouteAction::kAnnounce) {
  std::vector<Token> tokens;
  std::deque<std::string> arena;
  LexError lex_error;
  Parsed p;
  if (!Lex(text, &tokens, &arena, &lex_error)) {
    p.error.message = lex_error.message;
    return p;
  }
  TokenStream in(std::span<const Token>(tokens.data(), tokens.size() - 1), tokens.back());
  const Token& at = tokens.front();
  ParseStatus s = mvpn ? ParseMvpnRoute(in, at, afi, action, &p.route) : ParseMupRoute(in, at, afi, action, &p.route);
  p.ok = s.ok();
  if (!s) p.error = s.error();
  return p;
}

std::string ToLower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

constexpr wire::Afi k4 = wire::Afi::kIpv4;
constexpr wire::Afi k6 = wire::Afi::kIpv6;

struct Case {
  bool mvpn;
  wire::Afi afi;
  const char* words;
  const char* hex;  // ExaBGP 5.0's NLRI
};

constexpr Case kCases[] = {
    {true, k4, "source-ad source 10.0.0.1 group 239.1.1.1 rd 65000:1 next-hop 10.0.0.2 extended-community [ target:65000:1 ]",
     "05120000FDE800000001200A00000120EF010101"},
    {true, k4, "shared-join rp 10.0.0.3 group 239.1.1.2 rd 1.2.3.4:5 source-as 65001 next-hop 10.0.0.2",
     "061600010102030400050000FDE9200A00000320EF010102"},
    {true, k4, "source-join source 10.0.0.4 group 239.1.1.3 rd 4200000000:7 source-as 4200000001 next-hop 10.0.0.2",
     "07160002FA56EA000007FA56EA01200A00000420EF010103"},
    {true, k6, "source-ad source 2001:db8::1 group ff0e::1 rd 65000:1 next-hop 2001::2",
     "052A0000FDE8000000018020010DB8000000000000000000000001" "80FF0E0000000000000000000000000001"},
    {true, k6, "shared-join rp 2001:db8::2 group ff0e::2 rd 65000:1 source-as 65001 next-hop 2001::2",
     "062E0000FDE8000000010000FDE98020010DB8000000000000000000000002" "80FF0E0000000000000000000000000002"},
    {false, k4, "mup-isd 10.1.0.0/16 rd 100:100 next-hop 2001::1 extended-community [ target:10:10 mup:10:10 ]",
     "0100010B0000006400000064100A01"},
    {false, k4, "mup-dsd 10.0.0.1 rd 100:100 next-hop 2001::1", "0100020C00000064000000640A000001"},
    {false, k4, "mup-t1st 192.168.0.1/32 rd 100:100 teid 12345 qfi 9 endpoint 10.0.0.1 source 10.0.1.1 next-hop 10.0.0.2",
     "0100031C000000640000006420C0A8000100003039" "09200A000001200A000101"},
    {false, k4, "mup-t1st 192.168.0.0/24 rd 100:100 teid 12345 qfi 9 endpoint 10.0.0.1 next-hop 10.0.0.2",
     "01000316000000640000006418C0A80000003039" "09200A000001"},
    {false, k4, "mup-t2st 10.0.0.1 rd 100:100 teid 12345/32 next-hop 10.0.0.2",
     "010004110000006400000064400A00000100003039"},
    {false, k4, "mup-t2st 10.0.0.2 rd 100:100 teid 5/12 next-hop 10.0.0.2", "0100040F00000064000000642C0A0000020005"},
    {false, k6, "mup-isd 2001:db8:1::/48 rd 100:100 next-hop 2001::1", "0100010F00000064000000643020010DB80001"},
    {false, k6, "mup-dsd 2001::1 rd 100:100 next-hop 2001::1 extended-community [ mup:10:10 ]",
     "0100021800000064000000642001000000000000000000000000" "0001"},
    {false, k6,
     "mup-t1st 2001:db8:1:1::1/128 rd 100:100 teid 12345 qfi 9 endpoint 2001::1 source 2001::2 next-hop 2001::1",
     "0100034000000064000000648020010DB8000100010000000000000001000030390980"
     "20010000000000000000000000000001" "8020010000000000000000000000000002"},
    {false, k6, "mup-t2st 2001::1 rd 100:100 teid 12345/32 next-hop 2001::1",
     "0100041D0000006400000064A0200100000000000000000000000000010000" "3039"},
    {false, k6, "mup-t2st 2001::2 rd 100:100 teid 0/0 next-hop 2001::1",
     "0100041900000064000000648020010000000000000000000000000002"},
};

TEST(MvpnMupRouteTest, BytesAsExabgpMakesThem) {
  for (const Case& c : kCases) {
    Parsed p = ParseLine(c.words, c.mvpn, c.afi);
    ASSERT_TRUE(p.ok) << c.words << ": " << p.error.message;
    EXPECT_EQ(p.route.family, (wire::Family{c.afi, c.mvpn ? wire::Safi::kMcastVpn : wire::kSafiMup})) << c.words;
    ASSERT_EQ(p.route.generic.size(), 1u) << c.words;
    EXPECT_EQ(ToHex(p.route.generic[0].bytes), ToLower(c.hex)) << c.words;
  }
}

TEST(MvpnMupRouteTest, PrintedRoutesReadBack) {
  for (const Case& c : kCases) {
    Parsed p = ParseLine(c.words, c.mvpn, c.afi);
    ASSERT_TRUE(p.ok) << c.words;
    const std::string printed = PrintRoute(p.route);
    Parsed again = ParseLine(printed, c.mvpn, c.afi);
    ASSERT_TRUE(again.ok) << printed << ": " << again.error.message;
    EXPECT_EQ(again.route.generic, p.route.generic) << printed;
    EXPECT_EQ(again.route.attrs, p.route.attrs) << printed;
    EXPECT_EQ(again.route.next_hop.address, p.route.next_hop.address) << printed;
  }
  Parsed t1 = ParseLine("mup-t1st 192.168.0.0/24 rd 100:100 teid 7 qfi 9 endpoint 10.0.0.1 next-hop 10.0.0.2 "
                        "extended-community [ mup:10:10 ]",
                        false, k4);
  ASSERT_TRUE(t1.ok);
  EXPECT_EQ(PrintRoute(t1.route), "mup-t1st 192.168.0.0/24 rd 100:100 teid 7 qfi 9 endpoint 10.0.0.1 "
                                  "next-hop 10.0.0.2 extended-community [ mup:10:10 ]");
}

TEST(MvpnMupRouteTest, ErrorsAreLocated) {
  struct {
    bool mvpn;
    wire::Afi afi;
    const char* words;
    const char* message;
  } cases[] = {
      {true, k4, "source-ad source 10.0.0.1 group 239.1.1.1 rd 65000:1",
       "missing next-hop in the mcast-vpn route"},
      {true, k4, "source-ad source 2001::1 group 239.1.1.1 rd 65000:1 next-hop 10.0.0.2",
       "invalid source '2001::1' (expected an IPv4 address)"},
      {true, k4, "source-ad group 239.1.1.1", "expected source in the source-ad route, found 'group'"},
      {true, k4, "shared-join rp 10.0.0.3 group 239.1.1.2 rd 1.2.3.4:5 next-hop 10.0.0.2",
       "expected source-as in the shared-join route, found 'next-hop'"},
      {true, k4, "source-join source 10.0.0.4 group 239.1.1.3 rd 1:1 source-as 4294967296 next-hop 10.0.0.2",
       "invalid source-as '4294967296' (expected 0 to 4294967295)"},
      {true, k4, "intra-as rd 1:1", "unknown mcast-vpn route type 'intra-as' (source-ad, shared-join or source-join)"},
      {true, k4, "source-ad source 10.0.0.1 group 239.1.1.1 rd 65000:1 next-hop 10.0.0.2 label 5",
       "label is not valid in a mcast-vpn route"},
      {true, k4, "source-ad source 10.0.0.1 group 239.1.1.1 rd 65000:1 next-hop self",
       "next-hop self is not supported by herald yet in a mcast-vpn route"},
      {false, k4, "mup-isd 2001::/16 rd 1:1 next-hop 10.0.0.2", "2001::/16 is not an IPv4 prefix"},
      {false, k4, "mup-t1st 10.0.0.1/32 rd 1:1 teid 1 qfi 256 endpoint 10.0.0.1 next-hop 10.0.0.2",
       "invalid qfi '256' (expected 0 to 255)"},
      {false, k4, "mup-t2st 10.0.0.1 rd 1:1 teid 16/4 next-hop 10.0.0.2", "teid 16 does not fit in 4 bits"},
      {false, k4, "mup-t2st 10.0.0.1 rd 1:1 teid 16/33 next-hop 10.0.0.2",
       "invalid teid '16/33' (expected <teid>/<bits>, bits 0 to 32)"},
      {false, k4, "mup-t2st 10.0.0.1 rd 1:1 teid 16 next-hop 10.0.0.2",
       "invalid teid '16' (expected <teid>/<bits>, bits 0 to 32)"},
      {false, k4, "mup-xyz 10.0.0.1", "unknown mup route type 'mup-xyz' (mup-isd, mup-dsd, mup-t1st or mup-t2st)"},
      {false, k6, "mup-dsd 10.0.0.1 rd 1:1 next-hop 2001::1", "invalid address '10.0.0.1' (expected an IPv6 address)"},
      {false, k4, "mup-dsd 10.0.0.1 rd 1:1 next-hop 10.0.0.2 split /24", "split is not valid in a mup route"},
      {false, k4, "mup-dsd 10.0.0.1 rd 1:1 next-hop 10.0.0.2 bogus 1", "unknown mup keyword 'bogus'"},
  };
  for (const auto& c : cases) {
    Parsed p = ParseLine(c.words, c.mvpn, c.afi);
    ASSERT_FALSE(p.ok) << c.words;
    EXPECT_EQ(p.error.message, c.message) << c.words;
  }
  // A withdrawal needs no next hop.
  EXPECT_TRUE(ParseLine("mup-dsd 10.0.0.1 rd 1:1", false, k4, RouteAction::kWithdraw).ok);
}

}  // namespace
}  // namespace herald::grammar
