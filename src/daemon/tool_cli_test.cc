#include <gtest/gtest.h>

#include <sstream>

#include "daemon/tools.h"

namespace herald::daemon {
namespace {

// What ExaBGP 5.0's `exabgp cli` sends for the same words (its "command:"
// line), checked against the oracle.
TEST(CliTest, NicknamesExpandAsExaBgpExpandsThem) {
  struct {
    std::vector<std::string> words;
    const char* sent;
  } cases[] = {
      {{"s", "n", "s"}, "show neighbor summary"},
      {{"s", "n", "e"}, "show neighbor extensive"},
      {{"s", "n", "c"}, "show neighbor configuration"},
      {{"s", "a", "o"}, "show adj-rib out"},
      {{"s", "a", "i", "e"}, "show adj-rib in extensive"},
      {{"f", "a", "o"}, "flush adj-rib out"},
      {{"a", "w", "dns"}, "announce watchdog dns"},
      {{"w", "w", "dns"}, "withdraw watchdog dns"},
      {{"a", "e"}, "announce eor"},
      {{"h"}, "help"},
      {{"neighbour", "10.0.0.1", "t", "2"}, "neighbor 10.0.0.1 t 2"},
      {{"announce", "route", "10.0.0.0/24", "next-hop", "self"}, "announce route 10.0.0.0/24 next-hop self"},
      {{"a", "r", "10.0.0.0/24"}, "announce r 10.0.0.0/24"},
      {{"sh", "neigh", "sum"}, "show neighbor summary"},
  };
  for (const auto& c : cases) EXPECT_EQ(ExpandNicknames(c.words), c.sent) << c.sent;
}

TEST(CliTest, NoSocketIsAnError) {
  std::istringstream in;
  std::ostringstream out, err;
  CliOptions options;
  options.socket = "/nonexistent/herald.sock";
  options.command = {"version"};
  EXPECT_EQ(RunCli(options, in, out, err), 1);
  EXPECT_NE(err.str().find("cannot connect to herald's control socket /nonexistent/herald.sock"), std::string::npos)
      << err.str();
  options.socket.clear();
  EXPECT_EQ(RunCli(options, in, out, err), 1);
}

}  // namespace
}  // namespace herald::daemon
