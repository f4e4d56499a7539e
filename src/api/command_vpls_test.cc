// VPLS commands of the text API: `announce|withdraw vpls ...` as Debian's
// run/api-vpls.run writes them (ExaBGP 5.0 sends the bytes checked here for
// them: tests/e2e/testdata/wire_parity/api-vpls.json), errors, and
// printing back.
#include <gtest/gtest.h>

#include "api/command.h"
#include "api/command_print.h"
#include "base/hex.h"
#include "wire/vpls.h"

namespace herald::api {
namespace {

TEST(CommandVplsTest, FormsAndPrintingBack) {
  struct {
    const char* line;
    CommandKind kind;
    const char* nlri;
  } cases[] = {
      {"neighbor 127.0.0.1 announce vpls endpoint 5 base 10702 offset 1 size 8 rd 192.168.201.1:123 "
       "next-hop 192.168.201.1 origin igp as-path [ 30740 30740 ] local-preference 100 med 2000 "
       "community [ 54591:123] extended-community [ target:54591:6 l2info:19:0:1500:111] "
       "originator-id 192.168.22.1 cluster-list [ 3.3.3.3 192.168.201.1 ]",
       CommandKind::kAnnounceRoute, "00110001c0a8c901007b000500010008029ce1"},
      {"neighbor 127.0.0.1 withdraw vpls endpoint 5 base 10702 offset 1 size 8 rd 192.168.201.1:123 "
       "next-hop 192.168.201.1",
       CommandKind::kWithdrawRoute, "00110001c0a8c901007b000500010008029ce1"},
      {"withdraw vpls rd 65000:7 endpoint 7 base 700 offset 2 size 10", CommandKind::kWithdrawRoute,
       "00110000fde80000000700070002000a002bc1"},
      // herald's spelling naming the family.
      {"announce l2vpn vpls rd 65000:7 endpoint 7 base 700 offset 2 size 10 next-hop 192.0.2.7",
       CommandKind::kAnnounceRoute, "00110000fde80000000700070002000a002bc1"},
  };
  for (const auto& c : cases) {
    Command cmd;
    Status s = ParseTextCommand(c.line, &cmd);
    ASSERT_TRUE(s.ok()) << c.line << ": " << s.error().message;
    EXPECT_EQ(cmd.kind, c.kind) << c.line;
    EXPECT_EQ(cmd.route.family, wire::kL2vpnVpls) << c.line;
    ASSERT_EQ(cmd.route.generic.size(), 1u) << c.line;
    EXPECT_EQ(ToHex(cmd.route.generic[0].bytes), c.nlri) << c.line;
    const std::string line = PrintTextCommand(cmd);
    Command again;
    ASSERT_TRUE(ParseTextCommand(line, &again).ok()) << line;
    EXPECT_EQ(again, cmd) << line;
  }
}

TEST(CommandVplsTest, Errors) {
  struct {
    const char* line;
    const char* error;
  } cases[] = {
      {"announce vpls rd 1:1 endpoint 5 base 1 offset 1 size 8", "missing next-hop in the vpls route"},
      {"announce vpls endpoint 5 base 1 offset 1 size 8 next-hop 1.2.3.4", "missing rd in the vpls route"},
      {"announce vpls rd 1:1 endpoint 70000 base 1 offset 1 size 8 next-hop 1.2.3.4",
       "invalid vpls endpoint 70000 (expected 0 to 65535)"},
      {"announce vpls rd 1:1 endpoint 5 base 1 offset 1 size 8 next-hop 1.2.3.4 label 5",
       "label is not valid in a vpls route"},
      {"announce vpls rd 1:1 endpoint 5 base 1 offset 1 size 8 next-hop 2001:db8::1",
       "next-hop 2001:db8::1 is not an IPv4 address (a vpls next hop is 4 bytes)"},
      {"announce l2vpn bogus rd 1:1", "expected vpls after l2vpn, found 'bogus'"},
  };
  for (const auto& c : cases) {
    Command cmd;
    Status s = ParseTextCommand(c.line, &cmd);
    ASSERT_FALSE(s.ok()) << c.line;
    EXPECT_EQ(s.error().message, c.error) << c.line;
  }
}

}  // namespace
}  // namespace herald::api
