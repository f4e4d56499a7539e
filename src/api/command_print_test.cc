#include "api/command_print.h"

#include <gtest/gtest.h>

namespace herald::api {
namespace {

// Parses `line`, prints the Command, and checks the printed line parses to
// the same Command; returns the printed line.
std::string RoundTrip(std::string_view line) {
  Command first, again;
  Status s = ParseTextCommand(line, &first);
  EXPECT_TRUE(s.ok()) << line << ": " << s.error().message;
  std::string printed = PrintTextCommand(first);
  Status t = ParseTextCommand(printed, &again);
  EXPECT_TRUE(t.ok()) << printed << ": " << t.error().message;
  EXPECT_EQ(again, first) << line << " printed as " << printed;
  return printed;
}

TEST(CommandPrintTest, EveryKindAndField) {
  EXPECT_EQ(RoundTrip("announce route 10.0.0.0/24 next-hop 192.0.2.1 med 100"),
            "announce route 10.0.0.0/24 next-hop 192.0.2.1 med 100");
  EXPECT_EQ(RoundTrip("withdraw route 10.0.0.0/24"), "withdraw route 10.0.0.0/24");
  // MVPN and MUP name their family (fuzz_command found the printed line
  // without its route: tests/fuzz/corpus/command/mup-withdraw-printed).
  EXPECT_EQ(RoundTrip("withdraw ipv4 mup mup-dsd 10.0.0.1 rd 100:100"), "withdraw ipv4 mup mup-dsd 10.0.0.1 rd 100:100");
  EXPECT_EQ(RoundTrip("withdraw ipv4 mcast-vpn source-ad source 10.0.0.1 group 239.1.1.1 rd 65000:1"),
            "withdraw ipv4 mcast-vpn source-ad source 10.0.0.1 group 239.1.1.1 rd 65000:1");
  EXPECT_EQ(RoundTrip("announce attributes next-hop self nlri 10.0.0.0/24 10.0.1.0/24"),
            "announce attributes next-hop self nlri 10.0.0.0/24 10.0.1.0/24");
  EXPECT_EQ(RoundTrip("withdraw attributes nlri 10.0.0.0/24 10.0.1.0/24"), "withdraw attributes nlri 10.0.0.0/24 10.0.1.0/24");
  EXPECT_EQ(RoundTrip("announce route 10.0.0.0/23 next-hop 1.1.1.1 split /24"),
            "announce attributes next-hop 1.1.1.1 nlri 10.0.0.0/24 10.0.1.0/24");
  EXPECT_EQ(RoundTrip("announce eor"), "announce eor");
  EXPECT_EQ(RoundTrip("announce route 10.0.0.0/24 next-hop 1.1.1.1 watchdog w withdraw"),
            "announce route 10.0.0.0/24 next-hop 1.1.1.1 watchdog w withdraw");
  EXPECT_EQ(RoundTrip("announce attributes next-hop 1.1.1.1 watchdog w withdraw nlri 10.0.0.0/24 10.0.1.0/24"),
            "announce attributes next-hop 1.1.1.1 watchdog w withdraw nlri 10.0.0.0/24 10.0.1.0/24");
  EXPECT_EQ(RoundTrip("neighbor * withdraw watchdog"), "neighbor * withdraw watchdog");
  EXPECT_EQ(RoundTrip("announce watchdog \"a b\""), "announce watchdog \"a b\"");
  EXPECT_EQ(RoundTrip("show neighbor 10.0.0.1 json summary"), "show neighbor summary json 10.0.0.1");
  EXPECT_EQ(RoundTrip("show adj-rib in extensive"), "show adj-rib in extensive");
  EXPECT_EQ(RoundTrip("neighbor 10.0.0.1 clear adj-rib out"), "neighbor 10.0.0.1 clear adj-rib out");
  EXPECT_EQ(RoundTrip("flush adj-rib out"), "flush adj-rib out");
  EXPECT_EQ(RoundTrip("neighbor 10.0.0.1 announce operational ADM afi ipv4 safi unicast advisory \"a b\""),
            "neighbor 10.0.0.1 announce operational ADM afi ipv4 safi unicast advisory \"a b\"");
  EXPECT_EQ(RoundTrip("announce operational rpcq router-id 1.2.3.4 afi ipv6 safi unicast sequence 0"),
            "announce operational RPCQ router-id 1.2.3.4 afi ipv6 safi unicast sequence 0");
  // An advisory cut (as ExaBGP cuts it) in the middle of a UTF-8 character.
  RoundTrip("announce operational adm afi ipv4 safi unicast advisory \"" + std::string(2044, 'x') + "\xc3\xa9\"");
  RoundTrip("announce operational adm afi ipv4 safi unicast advisory \"\"");
  EXPECT_EQ(RoundTrip("announce operational lpcp afi ipv4 safi unicast sequence 3 counter 4294967295;"),
            "announce operational LPCP afi ipv4 safi unicast sequence 3 counter 4294967295");
  for (const char* simple : {"enable-ack", "disable-ack", "silence-ack", "enable-sync", "disable-sync", "help", "reset",
                             "crash"})
    EXPECT_EQ(RoundTrip(simple), simple);
  EXPECT_EQ(RoundTrip("announce eor ipv6 unicast"), "announce eor ipv6 unicast");
  EXPECT_EQ(RoundTrip("announce route-refresh ipv4 unicast;"), "announce route-refresh ipv4 unicast");
  EXPECT_EQ(RoundTrip("shutdown"), "shutdown");
  EXPECT_EQ(RoundTrip("reload"), "reload");
  EXPECT_EQ(RoundTrip("restart"), "restart");
  EXPECT_EQ(RoundTrip("version"), "version");
  EXPECT_EQ(RoundTrip("#  a comment "), "# a comment");
  EXPECT_EQ(RoundTrip("neighbor 10.0.0.1 router-id 1.2.3.4 local-as 1 family-allowed \"a b\" peer-as 2 "
                      "local-ip 10.0.0.2, neighbor ::1 teardown 4"),
            "neighbor 10.0.0.1 local-ip 10.0.0.2 local-as 1 peer-as 2 router-id 1.2.3.4 family-allowed \"a b\", "
            "neighbor ::1 teardown 4");
  EXPECT_EQ(RoundTrip("neighbor 10.0.0.1 announce route 2001:db8::/32 next-hop 2001:db8::1 origin egp as-path "
                      "[ 1 ( 2 3 ) ] local-preference 5 atomic-aggregate aggregator (1:1.2.3.4) community [ 1:1 ] "
                      "extended-community [ target:1:1 ] large-community [ 1:2:3 ] originator-id 1.1.1.1 "
                      "cluster-list [ 2.2.2.2 ] path-information 9 attribute [ 0x99 0xc0 0x01 ]"),
            "neighbor 10.0.0.1 announce route 2001:db8::/32 next-hop 2001:db8::1 origin egp as-path [ 1 ( 2 3 ) ] "
            "local-preference 5 atomic-aggregate aggregator ( 1:1.2.3.4 ) community [ 1:1 ] extended-community [ "
            "target:1:1 ] large-community [ 1:2:3 ] originator-id 1.1.1.1 cluster-list [ 2.2.2.2 ] "
            "path-information 9 attribute [ 0x99 0xc0 0x01 ]");
}

}  // namespace
}  // namespace herald::api
