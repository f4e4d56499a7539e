#include "daemon/cli_complete.h"

#include <gtest/gtest.h>

#include <set>

#include "api/command.h"

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
            (Words{"attributes", "eor", "ipv4", "ipv6", "operational", "route", "route-refresh", "watchdog"}));
  EXPECT_EQ(Complete({"withdraw"}, ""), (Words{"attributes", "ipv4", "ipv6", "route", "watchdog"}));
  EXPECT_EQ(Complete({"announce"}, "route"), (Words{"route", "route-refresh"}));
  // Nothing after a complete command, nor inside a route.
  EXPECT_EQ(Complete({"version"}, ""), Words{});
  EXPECT_EQ(Complete({"flush", "adj-rib", "out"}, ""), Words{});
  EXPECT_EQ(Complete({"announce", "route"}, ""), Words{});
  EXPECT_EQ(Complete({"announce", "route", "10.0.0.0/24"}, ""), Words{});
  EXPECT_EQ(Complete({"bogus"}, ""), Words{});
}

TEST(CliCompleteTest, Families) {
  EXPECT_EQ(Complete({"announce", "eor"}, ""), (Words{"ipv4", "ipv6"}));
  EXPECT_EQ(Complete({"announce", "eor", "ipv6"}, ""), (Words{"unicast"}));
  EXPECT_EQ(Complete({"announce", "eor", "ipv6", "unicast"}, ""), Words{});
  EXPECT_EQ(Complete({"announce", "route-refresh"}, "ipv"), (Words{"ipv4", "ipv6"}));
  EXPECT_EQ(Complete({"announce", "route-refresh", "ipv4"}, "u"), (Words{"unicast"}));
  EXPECT_EQ(Complete({"withdraw", "ipv4"}, ""), (Words{"unicast"}));
  EXPECT_EQ(Complete({"withdraw", "ipv4", "unicast"}, ""), Words{});
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
  EXPECT_EQ(Complete({"a"}, "e"), (Words{"eor"}));
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
  std::vector<Words> pending = {{}};
  std::set<std::string> unparsed_leaves;
  size_t parsed = 0;
  while (!pending.empty()) {
    const Words words = pending.back();
    pending.pop_back();
    const Words next = CompleteCli(words, "", {"127.0.0.2"});
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
  EXPECT_EQ(unparsed_leaves,
            (std::set<std::string>{"announce attributes", "announce ipv4 unicast",
                                   "announce ipv6 unicast", "announce operational", "announce route", "exit", "quit",
                                   "teardown", "withdraw attributes", "withdraw ipv4 unicast",
                                   "withdraw ipv6 unicast", "withdraw route"}));
}

TEST(CliCompleteTest, CommonPrefix) {
  EXPECT_EQ(CommonPrefix({}), "");
  EXPECT_EQ(CommonPrefix({"show", "shutdown"}), "sh");
  EXPECT_EQ(CommonPrefix({"route", "route-refresh"}), "route");
  EXPECT_EQ(CommonPrefix({"in", "out"}), "");
}

}  // namespace
}  // namespace herald::daemon
