// FlowSpec grammar (flow_parser.h): every match rule of the golden file
// (src/wire/testdata/flowspec_exabgp.txt, tools/capture_flow.py) encodes to
// the bytes ExaBGP 5.0 sends for it; the API's one-line form; then actions;
// and the errors.
#include "grammar/flow_parser.h"

#include <gtest/gtest.h>

#include <deque>
#include <map>

#include "base/hex.h"
#include "wire/flowspec_testdata.h"

namespace herald::grammar {
namespace {

// ExaBGP 5.0 encodes IPv6 prefixes with an offset as the whole prefix; herald
// sends RFC 8956's pattern (src/wire/flowspec_test.cc, doc/compat.md).
const std::map<std::string, std::string> kRfcBytes = {
    {"ipv6-offset", "0402807801"},
    {"ipv6-conf-flow", "21" "0180002a020b80001500007aca39fffeaea87a" "02807801" "0381110b81650d9107dd"},
};

std::string EncodeText(std::string_view match) {
  auto nlri = ParseFlowMatchText(match);
  if (!nlri) return "error: " + nlri.error().message;
  auto bytes = wire::EncodeFlowNlri(*nlri);
  return bytes ? ToHex(*bytes) : "(does not encode)";
}

TEST(FlowParserTest, MatchesEncodeAsExabgp50Sends) {
  int compared = 0;
  for (const auto& g : wire::testing::LoadFlowGolden()) {
    if (g.kind != "match") continue;
    SCOPED_TRACE(g.name + ": " + g.match);
    auto rfc = kRfcBytes.find(g.name);
    EXPECT_EQ(EncodeText(g.match), rfc == kRfcBytes.end() ? g.hex : rfc->second);
    auto nlri = ParseFlowMatchText(g.match);
    ASSERT_TRUE(nlri.ok());
    EXPECT_EQ(nlri->afi == wire::Afi::kIpv6, g.family == "ipv6 flow");
    ++compared;
  }
  EXPECT_GE(compared, 30);
}

TEST(FlowParserTest, Spellings) {
  // Names ignore case and take '_' for '-'; 0x numbers; '+' adds.
  EXPECT_EQ(EncodeText("tcp-flags [ SYN Ack ]"), EncodeText("tcp-flags [ syn ack ]"));
  EXPECT_EQ(EncodeText("protocol TCP"), EncodeText("protocol 6"));
  EXPECT_EQ(EncodeText("icmp-type echo_request"), EncodeText("icmp-type 8"));
  EXPECT_EQ(EncodeText("tcp-flags 0x12"), EncodeText("tcp-flags syn+ack"));
  EXPECT_EQ(EncodeText("destination-port =https"), EncodeText("destination-port =443"));
  EXPECT_EQ(EncodeText("destination-port 443"), EncodeText("destination-port =443"));
  EXPECT_EQ(EncodeText("source-ipv4 10.0.0.0/8"), EncodeText("source 10.0.0.0/8"));
  EXPECT_EQ(EncodeText("destination-ipv6 2001:db8::/32"), EncodeText("destination 2001:db8::/32/0"));
  EXPECT_EQ(EncodeText("next-header udp"), EncodeText("protocol udp"));
  EXPECT_EQ(EncodeText("traffic-class 10"), EncodeText("dscp 10"));
  // trueN / falseN keep their value, as ExaBGP does.
  EXPECT_EQ(EncodeText("port true80"), "03048750");
  // A repeated statement adds its values (ORed).
  EXPECT_EQ(EncodeText("destination-port =80; destination-port =443"),
            EncodeText("destination-port [ =80 =443 ]"));
  // Components are sorted whatever the order they are written in.
  EXPECT_EQ(EncodeText("destination-port =80; source 10.0.0.0/8"),
            EncodeText("source 10.0.0.0/8; destination-port =80"));
}

TEST(FlowParserTest, FamilyFollowsThePrefixesAndFlowLabel) {
  auto v6 = ParseFlowMatchText("destination-port =80; flow-label 5");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->afi, wire::Afi::kIpv6);
  auto v4 = ParseFlowMatchText("destination-port =80");
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(v4->afi, wire::Afi::kIpv4);
}

TEST(FlowParserTest, Errors) {
  const std::pair<const char*, const char*> cases[] = {
      {"colour red", "1:1: unknown flow match 'colour'"},
      {"source 10.0.0.1", "1:8: '10.0.0.1' is not a prefix (address/length)"},
      {"source 10.1.255.255/17", "1:8: invalid network 10.1.255.255 for netmask 17"},
      {"source 10.0.0.0/33", "1:8: prefix length 33 too long in '10.0.0.0/33'"},
      {"source 10.0.0.0/8/4", "1:8: '10.0.0.0/8/4': an offset is for IPv6 prefixes only"},
      {"source 2001:db8::/64/64", "1:8: '2001:db8::/64/64': the offset must be below the length (RFC 8956 §3.1)"},
      {"source 10.0.0.0/8; source 11.0.0.0/8", "1:20: source given twice (RFC 8955 §4.2: one per rule)"},
      {"source 10.0.0.0/8; destination ::/0", "1:32: ::/0 is IPv6 where the rule is IPv4"},
      {"source 10.0.0.0/8; flow-label 1", "1:20: flow-label is for IPv6 rules only (RFC 8956)"},
      {"protocol 300", "1:10: protocol value '300' is larger than 255"},
      {"protocol tcpp", "1:10: unknown protocol value 'tcpp'"},
      {"destination-port =80&", "1:18: '=80&' ends with '&'"},
      {"destination-port =http-alternative", "1:18: unknown destination-port value 'http-alternative'"},
      {"destination-port =65536", "1:18: destination-port value '65536' is larger than 65535"},
      {"tcp-flags 0x10000", "1:11: tcp-flags value '0x10000' is larger than 65535"},
      {"port true", "1:6: unknown port value ''"},
      {"packet-length 100+20", "1:15: invalid packet-length value '100+20' (a number up to 65535)"},
      {"dscp 64", "1:8: dscp value 64 is larger than 63 in an ipv4 rule"},
      {"fragment not-a-fragment", "1:10: unknown fragment value 'not-a-fragment'"},
      {"tcp-flags [ ]", "1:13: no value in tcp-flags [ ]"},
      {"tcp-flags [ syn", "1:16: missing ] after the tcp-flags values"},
      {"tcp-flags", "1:10: missing tcp-flags value, found end of line"},
      {"source 10.0.0.0/8 extra", "1:19: unexpected 'extra'"},
      {"", "1:1: a flow rule needs at least one match"},
  };
  for (const auto& [text, error] : cases) {
    SCOPED_TRACE(text);
    auto r = ParseFlowMatchText(text);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, error);
  }
}

struct Line {
  FlowRoute route;
  ParseStatus status;
};

Line ParseLine(std::string_view text) {
  std::vector<Token> tokens;
  std::deque<std::string> arena;
  LexError lex;
  Line out;
  EXPECT_TRUE(Lex(text, &tokens, &arena, &lex));
  TokenStream in(std::span<const Token>(tokens.data(), tokens.size() - 1), tokens.back());
  out.status = ParseFlowRouteLine(in, tokens.front(), &out.route);
  return out;
}

TEST(FlowParserTest, ApiLineMixesMatchAndThen) {
  Line l = ParseLine("source 10.0.0.0/24 destination-port [ =80 =443 ] protocol tcp rate-limit 9600 "
                     "community [ 30740:0 30740:30740 ] discard");
  ASSERT_TRUE(l.status.ok()) << l.status.error().message;
  EXPECT_EQ(ToHex(*wire::EncodeFlowNlri(l.route.nlri)),
            EncodeText("source 10.0.0.0/24; destination-port [ =80 =443 ]; protocol tcp"));
  ASSERT_EQ(l.route.actions.size(), 3u);
  EXPECT_EQ(l.route.actions[0].kind, FlowActionKind::kRateLimit);
  EXPECT_EQ(l.route.actions[0].rate, 9600u);
  EXPECT_EQ(l.route.actions[1].kind, FlowActionKind::kCommunity);
  EXPECT_EQ(l.route.actions[1].values, (std::vector<std::string>{"30740:0", "30740:30740"}));
  EXPECT_EQ(l.route.actions[2].kind, FlowActionKind::kDiscard);

  Line bad = ParseLine("source 10.0.0.0/24 drop");
  ASSERT_FALSE(bad.status.ok());
  EXPECT_EQ(bad.status.error().message, "unknown flow keyword 'drop'");
  EXPECT_EQ(bad.status.error().column, 20);
}

FlowAction Then(std::string_view text) {
  Line l = ParseLine(std::string("source 10.0.0.0/8 ") + std::string(text));
  EXPECT_TRUE(l.status.ok()) << text << ": " << (l.status.ok() ? "" : l.status.error().message);
  return l.route.actions.empty() ? FlowAction{} : l.route.actions[0];
}

TEST(FlowParserTest, ThenActions) {
  EXPECT_EQ(Then("accept").kind, FlowActionKind::kAccept);
  EXPECT_EQ(Then("redirect-to-nexthop").kind, FlowActionKind::kRedirectToNexthop);
  FlowAction rt = Then("redirect 65500:12345");
  EXPECT_EQ(rt.kind, FlowActionKind::kRedirect);
  EXPECT_EQ(rt.asn, 65500u);
  EXPECT_EQ(rt.number, 12345u);
  EXPECT_FALSE(rt.address.has_value());
  FlowAction rt4 = Then("redirect 4200000000:100");
  EXPECT_EQ(rt4.asn, 4200000000u);
  FlowAction ip = Then("redirect 1.2.3.4");
  ASSERT_TRUE(ip.address.has_value());
  EXPECT_EQ(ip.address->ToString(), "1.2.3.4");
  EXPECT_EQ(Then("redirect [2001:db8::1]").address->ToString(), "2001:db8::1");
  EXPECT_EQ(Then("copy 1.2.3.4").address->ToString(), "1.2.3.4");
  EXPECT_EQ(Then("redirect-to-nexthop-ietf 2001:db8::2").address->ToString(), "2001:db8::2");
  EXPECT_EQ(Then("mark 10").number, 10u);
  FlowAction st = Then("action sample-terminal");
  EXPECT_TRUE(st.sample);
  EXPECT_TRUE(st.terminal);
  EXPECT_FALSE(Then("action terminal").sample);
  EXPECT_EQ(Then("extended-community target:65000:1").values, std::vector<std::string>{"target:65000:1"});
  EXPECT_EQ(Then("large-community [ 1:2:3 ]").kind, FlowActionKind::kLargeCommunity);

  const std::pair<const char*, const char*> bad[] = {
      {"rate-limit fast", "invalid rate-limit 'fast' (a number up to 1000000000000)"},
      {"mark 64", "invalid mark '64' (a number up to 63)"},
      {"redirect 4200000000:70000", "redirect '4200000000:70000': with a 4-byte ASN the number is 16 bits at most"},
      {"redirect nowhere", "invalid redirect 'nowhere' (ASN:NN or an IP address)"},
      {"copy 1.2.3", "invalid copy address '1.2.3'"},
      {"action drop", "invalid flow action 'drop' (sample, terminal or sample-terminal)"},
      {"community [ ]", "no value in community [ ]"},
      {"rate-limit", "missing rate-limit value, found end of line"},
  };
  for (const auto& [text, error] : bad) {
    SCOPED_TRACE(text);
    Line l = ParseLine(std::string("source 10.0.0.0/8 ") + text);
    ASSERT_FALSE(l.status.ok());
    EXPECT_EQ(l.status.error().message, error);
  }
}

}  // namespace
}  // namespace herald::grammar
