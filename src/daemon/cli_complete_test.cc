#include "daemon/cli_complete.h"

#include <gtest/gtest.h>

#include <set>

#include "api/command.h"
#include "daemon/cli_complete_route.h"
#include "grammar/flow_parser.h"
#include "grammar/route_parser.h"
#include "wire/nlri.h"

namespace herald::daemon {
namespace {

using Words = std::vector<std::string>;

const Words kNeighbors = {"127.0.0.2", "2001:db8::2"};

Words Complete(const Words& before, std::string_view partial) {
  return CompleteCli(before, partial, kNeighbors);
}

TEST(CliCompleteTest, FirstWords) {
  EXPECT_EQ(Complete({}, ""),
            (Words{"announce", "clear", "disable-ack", "disable-sync", "enable-ack", "enable-sync", "exit",
                   "flush", "help", "neighbor", "quit", "reload", "reset", "restart", "show", "shutdown",
                   "silence-ack", "version", "withdraw"}));
  EXPECT_EQ(Complete({}, "s"), (Words{"show", "shutdown", "silence-ack"}));
  EXPECT_EQ(Complete({}, "sh"), (Words{"show", "shutdown"}));
  EXPECT_EQ(Complete({}, "ver"), (Words{"version"}));
  EXPECT_EQ(Complete({}, "x"), Words{});
  // teardown needs a selector; crash is refused by herald, so not offered.
  EXPECT_EQ(Complete({}, "t"), Words{});
  EXPECT_EQ(Complete({}, "cr"), Words{});
}

TEST(CliCompleteTest, Subcommands) {
  EXPECT_EQ(Complete({"show"}, ""), (Words{"adj-rib", "neighbor"}));
  EXPECT_EQ(Complete({"show"}, "nei"), (Words{"neighbor"}));
  EXPECT_EQ(Complete({"show", "adj-rib"}, ""), (Words{"in", "out"}));
  EXPECT_EQ(Complete({"flush"}, ""), (Words{"adj-rib"}));
  EXPECT_EQ(Complete({"flush", "adj-rib"}, ""), (Words{"out"}));
  EXPECT_EQ(Complete({"clear", "adj-rib"}, ""), (Words{"in", "out"}));
  EXPECT_EQ(Complete({"announce"}, ""),
            (Words{"attributes", "eor", "evpn", "flow", "ipv4", "ipv6", "l2vpn", "operational", "route",
                   "route-refresh", "vpls", "watchdog"}));
  EXPECT_EQ(Complete({"withdraw"}, ""),
            (Words{"attributes", "evpn", "flow", "ipv4", "ipv6", "l2vpn", "route", "vpls", "watchdog"}));
  // An EVPN route: its type first, then its fields and attributes.
  EXPECT_EQ(Complete({"announce", "evpn"}, "m"), (Words{"mac-ip", "multicast"}));
  EXPECT_EQ(Complete({"announce", "l2vpn", "evpn", "segment", "rd", "1:1"}, "es"), (Words{"esi"}));
  // A VPLS route: its fields and attributes, then a value where one is closed.
  EXPECT_EQ(Complete({"announce", "vpls", "rd", "1:1"}, "en"), (Words{"endpoint"}));
  EXPECT_EQ(Complete({"announce", "l2vpn", "vpls", "endpoint", "5"}, "o"),
            (Words{"offset", "origin", "originator-id"}));
  EXPECT_EQ(Complete({"withdraw", "vpls", "origin"}, ""), (Words{"egp", "igp", "incomplete"}));
  EXPECT_EQ(Complete({"announce", "flow"}, ""), (Words{"route"}));
  EXPECT_EQ(Complete({"announce"}, "route"), (Words{"route", "route-refresh"}));
  // Nothing after a complete command, nor where a route's prefix goes.
  EXPECT_EQ(Complete({"version"}, ""), Words{});
  EXPECT_EQ(Complete({"flush", "adj-rib", "out"}, ""), Words{});
  EXPECT_EQ(Complete({"announce", "route"}, ""), Words{});
  EXPECT_EQ(Complete({"bogus"}, ""), Words{});
}

TEST(CliCompleteTest, Families) {
  EXPECT_EQ(Complete({"announce", "eor"}, ""), (Words{"ipv4", "ipv6", "l2vpn"}));
  EXPECT_EQ(Complete({"announce", "eor", "l2vpn"}, ""), (Words{"evpn", "vpls"}));
  // The families herald speaks (wire::SupportedFamilies()).
  EXPECT_EQ(Complete({"announce", "eor", "ipv6"}, ""),
            (Words{"flow", "flow-vpn", "mcast-vpn", "mpls-vpn", "multicast", "mup", "nlri-mpls", "unicast"}));
  EXPECT_EQ(Complete({"announce", "eor", "ipv6", "unicast"}, ""), Words{});
  EXPECT_EQ(Complete({"announce", "route-refresh"}, "ipv"), (Words{"ipv4", "ipv6"}));
  EXPECT_EQ(Complete({"announce", "route-refresh", "ipv4"}, "u"), (Words{"unicast"}));
  EXPECT_EQ(Complete({"withdraw", "ipv4"}, ""),
            (Words{"flow", "flow-vpn", "mcast-vpn", "mpls-vpn", "multicast", "mup", "nlri-mpls", "unicast"}));
  EXPECT_EQ(Complete({"withdraw", "ipv4", "unicast"}, ""), Words{});  // the prefix
  // MVPN and MUP: the route type, then the attributes.
  EXPECT_EQ(Complete({"announce", "ipv4", "mcast-vpn"}, ""), (Words{"shared-join", "source-ad", "source-join"}));
  EXPECT_EQ(Complete({"announce", "ipv6", "mup"}, "mup-t"), (Words{"mup-t1st", "mup-t2st"}));
  EXPECT_EQ(Complete({"announce", "ipv4", "mup", "mup-dsd", "10.0.0.1", "rd", "1:1"}, "next"), Words{"next-hop"});
}

TEST(CliCompleteTest, ShowOptionsInAnyOrderEachOnce) {
  EXPECT_EQ(Complete({"show", "neighbor"}, ""), (Words{"127.0.0.2", "2001:db8::2", "configuration",
                                                       "extensive", "json", "summary", "text"}));
  EXPECT_EQ(Complete({"show", "neighbor"}, "su"), (Words{"summary"}));
  EXPECT_EQ(Complete({"show", "neighbor", "summary"}, ""),
            (Words{"127.0.0.2", "2001:db8::2", "json", "text"}));
  EXPECT_EQ(Complete({"show", "neighbor", "json", "127.0.0.2"}, ""),
            (Words{"configuration", "extensive", "summary"}));
  EXPECT_EQ(Complete({"show", "neighbor", "summary", "extensive"}, ""), Words{});
  EXPECT_EQ(Complete({"show", "adj-rib", "out"}, ""),
            (Words{"127.0.0.2", "2001:db8::2", "extensive", "json", "text"}));
  EXPECT_EQ(Complete({"show", "adj-rib", "in", "extensive"}, "j"), (Words{"json"}));
}

TEST(CliCompleteTest, NicknamesBeforeTheCursor) {
  // `s n s` is `show neighbor summary`, as the CLI expands it when sent.
  EXPECT_EQ(Complete({"s"}, ""), (Words{"adj-rib", "neighbor"}));
  EXPECT_EQ(Complete({"s", "n"}, "su"), (Words{"summary"}));
  EXPECT_EQ(Complete({"sh", "nei"}, "su"), (Words{"summary"}));
  EXPECT_EQ(Complete({"s", "a"}, ""), (Words{"in", "out"}));
  EXPECT_EQ(Complete({"a"}, "e"), (Words{"eor", "evpn"}));
  EXPECT_EQ(Complete({"f", "a"}, ""), (Words{"out"}));
  EXPECT_EQ(Complete({"neighbour"}, ""), kNeighbors);
}

TEST(CliCompleteTest, NeighborSelector) {
  EXPECT_EQ(Complete({"neighbor"}, ""), kNeighbors);
  EXPECT_EQ(Complete({"neighbor"}, "127"), (Words{"127.0.0.2"}));
  EXPECT_EQ(Complete({"neighbor", "127.0.0.2"}, ""),
            (Words{"announce", "clear", "family-allowed", "flush", "local-as", "local-ip",
                   "peer-as", "router-id", "teardown", "withdraw"}));
  EXPECT_EQ(Complete({"neighbor", "127.0.0.2"}, "t"), (Words{"teardown"}));
  EXPECT_EQ(Complete({"neighbor", "127.0.0.2", "peer-as"}, ""), Words{});
  EXPECT_EQ(Complete({"neighbor", "127.0.0.2", "peer-as", "65002"}, "f"),
            (Words{"family-allowed", "flush"}));
  EXPECT_EQ(Complete({"neighbor", "127.0.0.2", "peer-as", "65002", "flush"}, ""),
            (Words{"adj-rib"}));
  EXPECT_EQ(Complete({"neighbor", "127.0.0.2", ","}, ""), (Words{"neighbor"}));
  EXPECT_EQ(Complete({"neighbor", "127.0.0.2", ",", "neighbor"}, "2001"), (Words{"2001:db8::2"}));
  EXPECT_EQ(Complete({"neighbor", "127.0.0.2", ",", "neighbor", "2001:db8::2"}, "an"),
            (Words{"announce"}));
  // show takes no selector.
  EXPECT_EQ(Complete({"neighbor", "127.0.0.2"}, "sh"), Words{});
  // No neighbors known (herald has none, or did not answer).
  EXPECT_EQ(CompleteCli({"neighbor"}, "", {}), Words{});
}

// The answer to `show neighbor summary` from herald (e2e run of
// tests/e2e/test_cli.py, two neighbors, one up).
TEST(CliCompleteTest, NeighborsFromTheSummary) {
  const char* summary =
      "Peer            AS        up/down state       |     #sent     #recvd\n"
      "127.0.0.2       65002       0:00:03 established          1          0\n"
      "2001:db8::2     65003        down active                 0          0\n";
  EXPECT_EQ(NeighborsFromSummary(summary), (Words{"127.0.0.2", "2001:db8::2"}));
  EXPECT_EQ(NeighborsFromSummary(
                "Peer            AS        up/down state       |     #sent     #recvd\n"),
            Words{});
  EXPECT_EQ(NeighborsFromSummary(""), Words{});
  EXPECT_EQ(NeighborsFromSummary("Peer\nnot-an-address x\n"), Words{});
}

// The table and the API parser agree: every command the completion leads to
// is one herald's API takes, but for the forms that need words the shell
// does not complete (a route, a teardown subcode) and the shell's own words.
TEST(CliCompleteTest, EveryCompletedCommandParses) {
  const std::string selector = "neighbor 127.0.0.2 ";
  const std::set<std::string> keys = {"local-ip", "local-as", "peer-as", "router-id",
                                      "family-allowed"};
  // Inside a route the words go on without end (`withdraw withdraw ...`):
  // a route form's path is checked, not what follows it.
  auto inside_route = [](const Words& w) {
    size_t verb = 0;
    while (verb < w.size() && w[verb] != "announce" && w[verb] != "withdraw") ++verb;
    if (verb == w.size()) return false;
    const size_t after = w.size() - verb - 1;
    if (after == 0) return false;
    const std::string& what = w[verb + 1];
    if (what == "route" || what == "attributes" || what == "vpls" || what == "evpn") return true;
    if (what == "flow" || what == "ipv4" || what == "ipv6" || what == "l2vpn") return after >= 2;
    return false;
  };
  std::vector<Words> pending = {{}};
  std::set<std::string> unparsed_leaves;
  size_t parsed = 0;
  while (!pending.empty()) {
    const Words words = pending.back();
    pending.pop_back();
    const bool route = inside_route(words);
    const Words next = route ? Words{} : CompleteCli(words, "", {"127.0.0.2"});
    for (const std::string& word : next) {
      if (keys.count(word)) continue;  // their values are not completed
      Words longer = words;
      longer.push_back(word);
      pending.push_back(std::move(longer));
    }
    if (words.empty()) continue;
    std::string line;
    for (const std::string& w : words) line += (line.empty() ? "" : " ") + w;
    api::Command command;
    if (api::ParseTextCommand(line, &command).ok()) {
      ++parsed;
    } else if (next.empty()) {
      unparsed_leaves.insert(line.starts_with(selector) ? line.substr(selector.size()) : line);
    }
  }
  EXPECT_GT(parsed, 100u);
  std::set<std::string> leaves{"announce attributes", "announce flow route", "announce operational",
                               "announce route",      "exit",                "quit",
                               "teardown",            "withdraw attributes", "withdraw flow route",
                               "withdraw route",      "announce vpls",       "withdraw vpls",
                               "announce evpn",       "withdraw evpn"};
  for (const char* verb : {"announce", "withdraw"})
    for (const wire::Family& f : wire::SupportedFamilies())
      if (f.afi != wire::Afi::kBgpLs && f.safi != wire::Safi::kRtc)  // received only
        leaves.insert(std::string(verb) + " " + f.Name());
  EXPECT_EQ(unparsed_leaves, leaves);
}

// Inside a route: the route grammar's attribute keywords
// (grammar::RouteAttributeKeywords), then a value where it is a closed set.
const Words kAttributes = {"aggregator", "aigp", "as-path", "atomic-aggregate", "attribute", "bgp-prefix-sid",
                           "bgp-prefix-sid-srv6", "cluster-list",
                           "community", "extended-community", "label", "large-community", "local-preference",
                           "med", "name", "next-hop", "origin", "originator-id", "path-information", "rd",
                           "route-distinguisher", "split", "watchdog", "withdraw"};

Words Without(Words words, std::string_view word) {
  std::erase(words, std::string(word));
  return words;
}

TEST(CliCompleteTest, InsideARoute) {
  const Words route = {"announce", "route", "10.0.0.0/24"};
  auto after = [&](Words more) {
    Words w = route;
    w.insert(w.end(), more.begin(), more.end());
    return w;
  };
  EXPECT_EQ(Complete(route, ""), kAttributes);
  EXPECT_EQ(Complete(route, "ori"), (Words{"origin", "originator-id"}));
  EXPECT_EQ(Complete(after({"origin"}), ""), (Words{"egp", "igp", "incomplete"}));
  EXPECT_EQ(Complete(after({"origin"}), "i"), (Words{"igp", "incomplete"}));
  EXPECT_EQ(Complete(after({"next-hop"}), ""), (Words{"self"}));
  EXPECT_EQ(Complete(after({"med"}), ""), Words{});  // a number
  EXPECT_EQ(Complete(after({"next-hop", "1.2.3.4", "med", "10"}), "l"),
            (Words{"label", "large-community", "local-preference"}));
  // A flag takes no value; a list is read to its end.
  EXPECT_EQ(Complete(after({"atomic-aggregate"}), "w"), (Words{"watchdog", "withdraw"}));
  EXPECT_EQ(Complete(after({"community", "[", "1:1"}), ""), Words{});
  EXPECT_EQ(Complete(after({"community", "[", "1:1", "2:2", "]"}), "m"), (Words{"med"}));
  EXPECT_EQ(Complete(after({"community", "[1:1", "2:2]"}), "m"), (Words{"med"}));
  EXPECT_EQ(Complete(after({"as-path", "[", "1", "(", "2", "3", ")", "]", "origin"}), "e"), (Words{"egp"}));
  // Words the grammar refuses: nothing.
  EXPECT_EQ(Complete(after({"colour"}), ""), Words{});
  EXPECT_EQ(Complete(after({"origin", "bgp"}), ""), Words{});
  EXPECT_EQ(Complete({"announce", "route", "10.0.0"}, ""), Words{});
  // The other route forms, with a selector too.
  EXPECT_EQ(Complete({"neighbor", "127.0.0.2", "announce", "ipv6", "unicast", "2001:db8::/32"}, ""), kAttributes);
  EXPECT_EQ(Complete({"withdraw", "route", "10.0.0.0/24"}, ""), Without(kAttributes, "withdraw"));
  Words with_nlri = kAttributes;
  with_nlri.push_back("nlri");
  std::sort(with_nlri.begin(), with_nlri.end());
  EXPECT_EQ(Complete({"announce", "attributes"}, ""), with_nlri);
  EXPECT_EQ(Complete({"announce", "attributes", "next-hop", "1.2.3.4"}, "n"), (Words{"name", "next-hop", "nlri"}));
  EXPECT_EQ(Complete({"announce", "attributes", "next-hop", "1.2.3.4", "nlri", "10.0.0.0/24"}, ""), Words{});
  // An unterminated quote: nothing.
  EXPECT_EQ(Complete(after({"name", "\"a"}), ""), Words{});
}

TEST(CliCompleteTest, InsideAFlowRoute) {
  std::vector<std::string_view> match = grammar::FlowMatchKeywords();
  std::span<const std::string_view> then = grammar::FlowThenKeywords();
  Words line(match.begin(), match.end());
  line.insert(line.end(), then.begin(), then.end());
  line.insert(line.end(), {"next-hop", "rd"});
  std::sort(line.begin(), line.end());
  Words first = line;
  first.push_back("{");
  EXPECT_EQ(Complete({"announce", "flow", "route"}, ""), first);
  EXPECT_EQ(Complete({"announce", "flow", "route", "destination", "10.0.0.0/24"}, ""), line);
  EXPECT_EQ(Complete({"announce", "ipv6", "flow", "source", "2001:db8::/32"}, ""), line);
  EXPECT_EQ(Complete({"announce", "flow", "route"}, "dis"), (Words{"discard"}));
  EXPECT_EQ(Complete({"announce", "flow", "route"}, "red"),
            (Words{"redirect", "redirect-to-nexthop", "redirect-to-nexthop-ietf"}));
  // A component's named values (wire/flowspec.h's table), an action's.
  const Words protocol = Complete({"announce", "flow", "route", "protocol"}, "");
  EXPECT_TRUE(std::find(protocol.begin(), protocol.end(), "tcp") != protocol.end());
  EXPECT_TRUE(std::find(protocol.begin(), protocol.end(), "udp") != protocol.end());
  EXPECT_EQ(Complete({"announce", "flow", "route", "tcp-flags"}, "sy"), (Words{"syn"}));
  EXPECT_EQ(Complete({"announce", "flow", "route", "fragment"}, "is"), (Words{"is-fragment"}));
  EXPECT_EQ(Complete({"announce", "flow", "route", "port", "=80", "action"}, ""),
            (Words{"sample", "sample-terminal", "terminal"}));
  EXPECT_EQ(Complete({"announce", "flow", "route", "source"}, ""), Words{});  // a prefix
  EXPECT_EQ(Complete({"announce", "flow", "route", "rd"}, ""), Words{});
  EXPECT_EQ(Complete({"announce", "flow", "route", "rd", "65000:1"}, "disc"), (Words{"discard"}));
  EXPECT_EQ(Complete({"announce", "flow", "route", "port", "[", "=80"}, ""), Words{});
  EXPECT_EQ(Complete({"announce", "flow", "route", "bogus"}, ""), Words{});
}

TEST(CliCompleteTest, InsideAFlowRouteBlock) {
  const Words open = {"announce", "flow", "route", "{"};
  auto after = [&](Words more) {
    Words w = open;
    w.insert(w.end(), more.begin(), more.end());
    return w;
  };
  EXPECT_EQ(Complete(open, ""), (Words{"match", "next-hop", "rd", "then"}));
  EXPECT_EQ(Complete(after({"match"}), ""), (Words{"{"}));
  EXPECT_EQ(Complete(after({"match", "{"}), "dest"),
            (Words{"destination", "destination-ipv4", "destination-ipv6", "destination-port"}));
  EXPECT_EQ(Complete(after({"match", "{", "protocol"}), "ud"), (Words{"udp"}));
  EXPECT_EQ(Complete(after({"match", "{", "protocol", "udp", ";"}), "proto"), (Words{"protocol"}));
  EXPECT_EQ(Complete(after({"match", "{", "protocol", "udp", ";", "}"}), ""),
            (Words{"match", "next-hop", "rd", "then"}));
  EXPECT_EQ(Complete(after({"match", "{", "protocol", "udp;", "}", "then", "{"}), "d"), (Words{"discard"}));
  EXPECT_EQ(Complete(after({"rd", "65000:1;", "then", "{", "action"}), ""),
            (Words{"sample", "sample-terminal", "terminal"}));
  EXPECT_EQ(Complete(after({"match", "{", "protocol", "udp"}), ""), Words{});  // its ';'
  EXPECT_EQ(Complete(after({"then", "{", "discard;", "}", "}"}), ""), Words{});
  EXPECT_EQ(Complete(after({"match", "{", "discard"}), ""), Words{});
}

// What is offered inside a route is what the grammar takes: every keyword,
// and every value hint, in a line herald's API parses.
TEST(CliCompleteTest, RouteWordsAreTheGrammars) {
  for (std::string_view k : grammar::RouteAttributeKeywords()) {
    api::Command command;
    auto parsed = api::ParseTextCommand("announce route 10.0.0.0/24 next-hop 1.2.3.4 " + std::string(k), &command);
    if (!parsed.ok()) {
      EXPECT_EQ(parsed.error().message.find("unknown route attribute"), std::string::npos) << k;
    }
  }
  for (std::string_view k : grammar::FlowMatchKeywords()) EXPECT_TRUE(grammar::IsFlowMatchKeyword(k)) << k;
  for (std::string_view k : grammar::FlowThenKeywords()) EXPECT_TRUE(grammar::IsFlowThenKeyword(k)) << k;
  for (const ValueHint& h : kHints)
    for (std::string_view v : h.values) {
      std::string line = h.context == RouteContext::kRoute
                             ? "announce route 10.0.0.0/24 " +
                                   std::string(h.keyword == "next-hop" ? "" : "next-hop 1.2.3.4 ")
                             : "announce flow route destination 10.0.0.0/24 ";
      line += std::string(h.keyword) + " " + std::string(v);
      api::Command command;
      EXPECT_TRUE(api::ParseTextCommand(line, &command).ok()) << line;
    }
  for (std::string_view k : grammar::FlowMatchKeywords())
    for (const std::string& v : Complete({"announce", "flow", "route", std::string(k)}, "")) {
      std::string line = "announce flow route " + std::string(k) + " " + v + " discard";
      api::Command command;
      auto parsed = api::ParseTextCommand(line, &command);
      EXPECT_TRUE(parsed.ok()) << line << ": " << (parsed.ok() ? "" : parsed.error().message);
    }
}

// Whatever is typed inside a route, the completion answers (no crash, no
// endless loop): every sequence of three of these words after each form.
TEST(CliCompleteTest, AnyWordsInsideARoute) {
  const Words pieces = {"[", "]", "(", ")", "{", "}", ";", ",", "\"", "nlri", "10.0.0.0/24", "origin", "igp",
                        "withdraw", "community", "match", "then", "source", "protocol", "discard", "rd", "x"};
  const std::vector<Words> forms = {{"announce", "route"}, {"withdraw", "attributes"}, {"announce", "flow", "route"},
                                    {"announce", "ipv6", "flow-vpn"}};
  size_t offered = 0;
  for (const Words& form : forms)
    for (const std::string& a : pieces)
      for (const std::string& b : pieces)
        for (const std::string& c : pieces) {
          Words words = form;
          words.insert(words.end(), {a, b, c});
          offered += Complete(words, "").size();
        }
  EXPECT_GT(offered, 0u);
}

TEST(CliCompleteTest, CommonPrefix) {
  EXPECT_EQ(CommonPrefix({}), "");
  EXPECT_EQ(CommonPrefix({"show", "shutdown"}), "sh");
  EXPECT_EQ(CommonPrefix({"route", "route-refresh"}), "route");
  EXPECT_EQ(CommonPrefix({"in", "out"}), "");
}

}  // namespace
}  // namespace herald::daemon
