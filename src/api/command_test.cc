#include "api/command.h"

#include <gtest/gtest.h>

#include "grammar/route_printer.h"

namespace herald::api {
namespace {

IpAddress Ip(std::string_view s) { return *IpAddress::Parse(s); }

NeighborFilter Peer(std::string_view ip) { return NeighborFilter{Ip(ip), {}, {}, {}, {}, {}}; }

NeighborFilter Any() {
  NeighborFilter f;
  f.any = true;
  return f;
}

struct Case {
  const char* line;
  CommandKind kind;
  // The route as grammar::PrintRoute writes it, or "" for no route.
  const char* route = "";
  std::vector<NeighborFilter> neighbors = {};
  std::optional<wire::Family> family = {};
  uint8_t subcode = 0;
  const char* text = "";
};

TEST(CommandTest, TableOfLines) {
  NeighborFilter full = Peer("10.0.0.1");
  full.local_address = Ip("10.0.0.2");
  full.local_as = 65001;
  full.peer_as = 65002;
  full.router_id = Ip("1.2.3.4");
  full.family_allowed = "in-open";

  const Case cases[] = {
      {"announce route 10.0.0.0/24 next-hop 192.0.2.1", CommandKind::kAnnounceRoute,
       "10.0.0.0/24 next-hop 192.0.2.1"},
      {"announce route 10.0.0.1/32 next-hop 192.0.2.1 med 100 community [65000:1]", CommandKind::kAnnounceRoute,
       "10.0.0.1/32 next-hop 192.0.2.1 med 100 community [ 65000:1 ]"},
      {"  announce   route 10.0.0.1 next-hop self ;", CommandKind::kAnnounceRoute, "10.0.0.1/32 next-hop self"},
      {"announce route 2001:db8::/32 next-hop 2001:db8::1 origin igp as-path [ 1 2 (3 4) ] local-preference 5",
       CommandKind::kAnnounceRoute,
       "2001:db8::/32 next-hop 2001:db8::1 origin igp as-path [ 1 2 ( 3 4 ) ] local-preference 5"},
      {"announce route 10.0.0.0/24 next-hop 1.1.1.1 atomic-aggregate aggregator (65000:1.2.3.4) "
       "extended-community [target:65000:1 origin:65000:2] large-community [1:2:3] originator-id 1.1.1.1 "
       "cluster-list [1.1.1.1 2.2.2.2] path-information 5 attribute [0x99 0xc0 0x01] name n watchdog w",
       CommandKind::kAnnounceRoute,
       "10.0.0.0/24 next-hop 1.1.1.1 atomic-aggregate aggregator ( 65000:1.2.3.4 ) extended-community [ "
       "target:65000:1 origin:65000:2 ] large-community [ 1:2:3 ] originator-id 1.1.1.1 cluster-list [ 1.1.1.1 "
       "2.2.2.2 ] path-information 5 watchdog w attribute [ 0x99 0xc0 0x01 ]"},
      {"announce route 10.0.0.0/23 next-hop 1.1.1.1 split /24", CommandKind::kAnnounceRoute,
       "next-hop 1.1.1.1 nlri 10.0.0.0/24 10.0.1.0/24"},
      {"withdraw route 10.0.0.0/24", CommandKind::kWithdrawRoute, "10.0.0.0/24"},
      {"withdraw route 10.0.0.0/24 next-hop 1.1.1.1 med 5", CommandKind::kWithdrawRoute,
       "10.0.0.0/24 next-hop 1.1.1.1 med 5"},
      {"announce attributes next-hop 1.1.1.1 med 5 nlri 10.0.0.0/24 10.0.1.0/24", CommandKind::kAnnounceRoute,
       "next-hop 1.1.1.1 med 5 nlri 10.0.0.0/24 10.0.1.0/24"},
      {"announce attribute next-hop 1.1.1.1 nlri 10.0.0.0/24", CommandKind::kAnnounceRoute,
       "10.0.0.0/24 next-hop 1.1.1.1"},
      {"withdraw attributes nlri 10.0.0.0/24 10.0.1.0/24", CommandKind::kWithdrawRoute,
       "nlri 10.0.0.0/24 10.0.1.0/24"},
      {"announce eor", CommandKind::kAnnounceEor},
      {"announce eor ipv4 unicast", CommandKind::kAnnounceEor, "", {}, wire::kIpv4Unicast},
      {"announce eor ipv6 unicast", CommandKind::kAnnounceEor, "", {}, wire::kIpv6Unicast},
      {"announce route-refresh ipv6 unicast", CommandKind::kAnnounceRouteRefresh, "", {}, wire::kIpv6Unicast},
      {"shutdown", CommandKind::kShutdown},
      {"reload", CommandKind::kReload},
      {"restart", CommandKind::kRestart},
      {"version", CommandKind::kVersion},
      {"# a comment, with [ anything ]", CommandKind::kComment, "", {}, {}, 0, "a comment, with [ anything ]"},
      {"#", CommandKind::kComment},
      {"neighbor 10.0.0.1 teardown 2", CommandKind::kTeardown, "", {Peer("10.0.0.1")}, {}, 2},
      {"neighbor 10.0.0.1 announce route 10.0.0.0/24 next-hop 1.1.1.1", CommandKind::kAnnounceRoute,
       "10.0.0.0/24 next-hop 1.1.1.1", {Peer("10.0.0.1")}},
      {"neighbor 10.0.0.1 local-ip 10.0.0.2 local-as 65001 peer-as 65002 router-id 1.2.3.4 family-allowed in-open "
       "announce eor",
       CommandKind::kAnnounceEor, "", {full}},
      // Keys in any order, as extract_neighbors takes them.
      {"neighbor 10.0.0.1 family-allowed in-open router-id 1.2.3.4 peer-as 65002 local-as 65001 local-ip 10.0.0.2 "
       "announce eor",
       CommandKind::kAnnounceEor, "", {full}},
      {"neighbor 10.0.0.1, neighbor ::1 withdraw route 10.0.0.0/24", CommandKind::kWithdrawRoute, "10.0.0.0/24",
       {Peer("10.0.0.1"), Peer("::1")}},
      {"neighbor 10.0.0.1 , neighbor 10.0.0.2 peer-as 1 teardown 6", CommandKind::kTeardown, "",
       {Peer("10.0.0.1"), NeighborFilter{Ip("10.0.0.2"), {}, {}, 1, {}, {}}}, {}, 6},
      {"neighbor 10.0.0.1 announce route-refresh ipv4 unicast", CommandKind::kAnnounceRouteRefresh, "",
       {Peer("10.0.0.1")}, wire::kIpv4Unicast},
      {"neighbor * announce route 10.0.0.0/24 next-hop 1.1.1.1", CommandKind::kAnnounceRoute,
       "10.0.0.0/24 next-hop 1.1.1.1", {Any()}},
      {"neighbor * peer-as 1 teardown 2", CommandKind::kTeardown, "",
       {[] { NeighborFilter f = Any(); f.peer_as = 1; return f; }()}, {}, 2},
      {"announce ipv4 unicast 10.0.0.0/24 next-hop 1.1.1.1 med 5", CommandKind::kAnnounceRoute,
       "10.0.0.0/24 next-hop 1.1.1.1 med 5"},
      {"withdraw ipv6 unicast 2001:db8::/32", CommandKind::kWithdrawRoute, "2001:db8::/32"},
      {"announce route 10.0.0.0/24 next-hop 1.1.1.1 watchdog dns", CommandKind::kAnnounceRoute,
       "10.0.0.0/24 next-hop 1.1.1.1 watchdog dns"},
      {"announce watchdog dns", CommandKind::kAnnounceWatchdog, "", {}, {}, 0, "dns"},
      {"withdraw watchdog dns", CommandKind::kWithdrawWatchdog, "", {}, {}, 0, "dns"},
      {"withdraw watchdog", CommandKind::kWithdrawWatchdog},
      {"enable-ack", CommandKind::kEnableAck},
      {"enable-sync", CommandKind::kEnableSync},
      {"disable-sync", CommandKind::kDisableSync},
      {"disable-ack", CommandKind::kDisableAck},
      {"silence-ack", CommandKind::kSilenceAck},
      {"show neighbor", CommandKind::kShowNeighbor},
      {"show neighbor summary", CommandKind::kShowNeighbor},
      {"show adj-rib out", CommandKind::kShowAdjRib},
      {"flush adj-rib out", CommandKind::kFlushAdjRibOut},
      {"neighbor 10.0.0.1 flush adj-rib out", CommandKind::kFlushAdjRibOut, "", {Peer("10.0.0.1")}},
      {"clear adj-rib out", CommandKind::kClearAdjRib},
      {"clear adj-rib in", CommandKind::kClearAdjRib},
      {"help", CommandKind::kHelp},
      {"reset", CommandKind::kReset},
      {"crash", CommandKind::kCrash},
  };
  Command c;
  for (const Case& k : cases) {
    Status s = ParseTextCommand(k.line, &c);
    ASSERT_TRUE(s.ok()) << k.line << ": " << s.error().message;
    EXPECT_EQ(c.kind, k.kind) << k.line;
    EXPECT_EQ(c.neighbors, k.neighbors) << k.line;
    EXPECT_EQ(c.family, k.family) << k.line;
    EXPECT_EQ(c.subcode, k.subcode) << k.line;
    EXPECT_EQ(c.text, k.text) << k.line;
    if (*k.route) {
      EXPECT_EQ(grammar::PrintRoute(c.route), k.route) << k.line;
    } else {
      EXPECT_EQ(c.route, rib::Route()) << k.line;
    }
  }
}

// ExaBGP's `announce operational` (configuration/operational/parser.py):
// keywords in its order, sequence 0 meaning "the next one".
TEST(CommandTest, Operational) {
  Command c;
  ASSERT_TRUE(ParseTextCommand("neighbor 10.0.0.1 announce operational adm afi ipv4 safi unicast advisory hello", &c).ok());
  EXPECT_EQ(c.kind, CommandKind::kAnnounceOperational);
  EXPECT_EQ(c.neighbors, std::vector<NeighborFilter>{Peer("10.0.0.1")});
  EXPECT_EQ(c.family, wire::kIpv4Unicast);
  EXPECT_EQ(c.operational.type, 1);
  EXPECT_EQ(c.operational.advisory, "hello");
  ASSERT_TRUE(ParseTextCommand("announce operational ASM AFI ipv6 SAFI unicast ADVISORY \"two words\"", &c).ok())
      << "keywords are case-insensitive, as ExaBGP lower-cases them";
  EXPECT_EQ(c.operational.type, 2);
  EXPECT_EQ(c.operational.afi, 2);
  EXPECT_EQ(c.operational.advisory, "two words");
  ASSERT_TRUE(ParseTextCommand("announce operational apcp afi ipv4 safi unicast sequence 8 counter 99", &c).ok());
  EXPECT_EQ(c.operational.type, 6);
  EXPECT_EQ(c.operational.sequence, 8u);
  EXPECT_EQ(c.operational.counter, 99u);
  EXPECT_EQ(c.operational.router_id, 0u);
  ASSERT_TRUE(ParseTextCommand("announce operational lpcq router-id 1.2.3.4 afi ipv4 safi unicast sequence 0", &c).ok());
  EXPECT_EQ(c.operational.router_id, 0x01020304u);
  EXPECT_EQ(c.operational.sequence, 0u);
  ASSERT_TRUE(ParseTextCommand(
      "announce operational adm afi ipv4 safi unicast advisory " + std::string(3000, 'x'), &c).ok());
  EXPECT_EQ(c.operational.advisory, std::string(2045, 'x') + "...");
  // The next command starts afresh.
  ASSERT_TRUE(ParseTextCommand("announce eor", &c).ok());
  EXPECT_EQ(c.operational, wire::Operational{});
}

TEST(CommandTest, ShowOptionsInAnyOrder) {
  Command c;
  ASSERT_TRUE(ParseTextCommand("show neighbor json 10.0.0.1 summary", &c).ok());
  EXPECT_EQ(c.show, ShowMode::kSummary);
  EXPECT_TRUE(c.json);
  EXPECT_EQ(c.show_address, Ip("10.0.0.1"));
  ASSERT_TRUE(ParseTextCommand("show neighbor configuration", &c).ok());
  EXPECT_EQ(c.show, ShowMode::kConfiguration);
  EXPECT_FALSE(c.json);
  EXPECT_FALSE(c.show_address);
  ASSERT_TRUE(ParseTextCommand("show adj-rib in extensive", &c).ok());
  EXPECT_TRUE(c.rib_in);
  EXPECT_EQ(c.show, ShowMode::kExtensive);
  ASSERT_TRUE(ParseTextCommand("show adj-rib out json text", &c).ok());
  EXPECT_FALSE(c.rib_in);
  EXPECT_FALSE(c.json);
  ASSERT_TRUE(ParseTextCommand("clear adj-rib out", &c).ok());
  EXPECT_FALSE(c.rib_in);
}

TEST(CommandTest, WatchdogRouteHeldByWithdraw) {
  Command c;
  ASSERT_TRUE(ParseTextCommand("announce route 10.0.0.0/24 next-hop 1.1.1.1 watchdog dns withdraw", &c).ok());
  EXPECT_EQ(c.route.watchdog, "dns");
  EXPECT_TRUE(c.held);
  ASSERT_TRUE(ParseTextCommand("announce route 10.0.0.0/24 next-hop 1.1.1.1", &c).ok());
  EXPECT_EQ(c.route.watchdog, "");
  EXPECT_FALSE(c.held);
}

TEST(CommandTest, RouteFields) {
  Command c;
  ASSERT_TRUE(ParseTextCommand("announce route 10.0.0.1/32 next-hop 192.0.2.1 med 100 community [65000:1]", &c).ok());
  EXPECT_EQ(c.route.family, wire::kIpv4Unicast);
  ASSERT_EQ(c.route.nlri.size(), 1u);
  EXPECT_EQ(c.route.nlri[0].prefix, *Prefix::Parse("10.0.0.1/32"));
  EXPECT_EQ(c.route.next_hop, rib::NextHop::Address(Ip("192.0.2.1")));
  EXPECT_EQ(c.route.attrs.med, 100u);
  EXPECT_EQ(c.route.attrs.communities, (std::vector<uint32_t>{65000u << 16 | 1}));
  ASSERT_TRUE(ParseTextCommand("announce route 2001:db8::/48 next-hop self", &c).ok());
  EXPECT_EQ(c.route.family, wire::kIpv6Unicast);
  EXPECT_EQ(c.route.next_hop, rib::NextHop::Self());
}

// Nothing of one line leaks into the next.
TEST(CommandTest, ReusedCommandIsResetEachTime) {
  Command c;
  ASSERT_TRUE(ParseTextCommand("neighbor 10.0.0.1 announce route 10.0.0.0/24 next-hop 1.1.1.1 med 1 community "
                               "[1:1] as-path [1 2] origin igp",
                               &c)
                  .ok());
  ASSERT_TRUE(ParseTextCommand("announce eor ipv4 unicast", &c).ok());
  ASSERT_TRUE(ParseTextCommand("# note", &c).ok());
  ASSERT_TRUE(ParseTextCommand("neighbor 1.1.1.1 teardown 3", &c).ok());
  ASSERT_TRUE(ParseTextCommand("version", &c).ok());
  Command fresh;
  fresh.kind = CommandKind::kVersion;
  EXPECT_EQ(c, fresh);
  // A failed parse followed by a good one gives the good one.
  EXPECT_FALSE(ParseTextCommand("neighbor 1.1.1.1 announce route 10.0.0.0/24 med 1", &c).ok());
  ASSERT_TRUE(ParseTextCommand("announce route 10.0.0.0/24 next-hop 1.1.1.1", &c).ok());
  EXPECT_TRUE(c.neighbors.empty());
  EXPECT_FALSE(c.route.attrs.med);
}

TEST(CommandTest, ErrorsNameTheProblemAndTheWord) {
  struct {
    const char* line;
    const char* message;
  } cases[] = {
      {"", "empty command"},
      {"   ", "empty command"},
      {"bogus", "unknown command 'bogus'"},
      {"announce", "unknown command announce end of line"},
      {"announce bogus 1", "unknown command announce 'bogus'"},
      {"withdraw eor", "unknown command withdraw 'eor'"},
      {"announce bgp-ls node", "announce bgp-ls is not supported by herald yet (BGP-LS routes are only received)"},
      {"withdraw bgp-ls", "withdraw bgp-ls is not supported by herald yet (BGP-LS routes are only received)"},
      {"announce route 10.0.0.0/24", "missing next-hop for 10.0.0.0/24"},
      {"announce route 10.0.0.0/24 next-hop 1.1.1.1 community [65536:1]",
       "invalid community 65536:1 (prefix too large)"},
      {"announce route 10.0.0.0/24 next-hop 1.1.1.1 med x", "invalid MED x"},
      {"announce route 10.0.0.0/24 next-hop 1.1.1.1 colour red", "unknown route attribute 'colour'"},
      {"announce route 10.0.0.0/24 next-hop 1.1.1.1 bgp-prefix-sid 5", "expected '[' in bgp-prefix-sid, found '5'"},
      {"announce route 10.0.0.0/24 next-hop 0.0.0.0",
       "invalid next-hop 0.0.0.0: the unspecified address; a peer would ignore the route (RFC 4271 §6.3)"},
      {"announce attributes next-hop ff02::2 nlri 2001:db8::/32",
       "invalid next-hop ff02::2: a multicast address; a peer would ignore the route (RFC 4271 §6.3)"},
      {"announce route 10.0.0.0/24 next-hop 1.1.1.1 attribute [ 0x99 0x40 0x01 ]",
       "invalid attribute flags 0x40 for unknown attribute 0x99: an attribute herald does not know must be "
       "optional (0x80 or 0xc0), a peer that does not know it either resets the session on a well-known one "
       "(RFC 4271 §6.3)"},
      {"announce route 10.0.0.0/24 next-hop 1.1.1.1 as-path [ 65001 0 ]",
       "invalid ASN 0 in as-path: AS 0 is reserved (RFC 7607)"},
      {"announce route 10.0.0.0/24 next-hop 1.1.1.1 aggregator ( 0:192.0.2.1 )",
       "invalid aggregator 0:192.0.2.1: AS 0 is reserved (RFC 7607)"},
      {"neighbor 10.0.0.1 local-as 0 announce route 10.0.0.0/24 next-hop 1.1.1.1",
       "invalid local-as 0: AS 0 is reserved (RFC 7607)"},
      {"neighbor 10.0.0.1 peer-as 0 announce route 10.0.0.0/24 next-hop 1.1.1.1",
       "invalid peer-as 0: AS 0 is reserved (RFC 7607)"},
      {"announce route 10.0.0.1/24 next-hop 1.1.1.1", "invalid network 10.0.0.1 for netmask 24"},
      {"announce route", "missing prefix, found end of line"},
      {"announce attributes next-hop 1.1.1.1", "missing nlri before the prefixes"},
      {"announce attributes next-hop 1.1.1.1 nlri 10.0.0.0/8 ::/0", "prefix ::/0 is not ipv4 unicast like the others"},
      {"announce eor ipv4", "expected <afi> <safi> after eor, found 'ipv4'"},
      {"announce eor ipv6 rtc", "family ipv6 rtc is not supported by herald yet"},
      {"announce eor ipv9 unicast", "unknown family ipv9 unicast"},
      {"announce eor ipv4 unicast extra", "unexpected 'extra' after the family"},
      {"announce route-refresh", "expected <afi> <safi> after route-refresh, found end of line"},
      {"announce flow route { match { } }", "a flow rule needs at least one match"},
      {"announce flow route { match { } } }", "unexpected '}' after the flow route"},
      {"announce flow route destination 1.1.1.1/32 origin igp", "unknown flow keyword 'origin'"},
      {"announce vpls 1", "unknown vpls keyword '1'"},
      {"announce watchdog dnsr extra", "unexpected 'extra' after the watchdog name"},
      {"announce operational asm afi ipv4", "expected safi in the operational message, found end of line"},
      {"announce operational rpcq afi ipv4 safi unicast", "expected sequence in the operational message, found end of line"},
      {"announce operational ssq afi ipv4 safi unicast sequence 1",
       "unknown operational message 'ssq' (adm, asm, rpcq, rpcp, apcq, apcp, lpcq, lpcp)"},
      {"announce operational rpcq afi ipv4 safi unicast sequence 4294967296",
       "invalid operational sequence 4294967296 (expected 0 to 4294967295)"},
      {"announce operational rpcp afi ipv4 safi unicast counter 9 sequence 8",
       "expected sequence in the operational message, found 'counter'"},
      {"announce operational rpcq afi ipv7 safi unicast sequence 3", "unknown family ipv7 unicast"},
      {"announce operational rpcq router-id 2001:db8::1 afi ipv4 safi unicast sequence 3",
       "invalid operational router-id '2001:db8::1'"},
      {"announce operational adm afi ipv4 safi unicast advisory a b", "unexpected 'b' after the operational message"},
      {"withdraw operational adm afi ipv4 safi unicast advisory a", "unknown command withdraw 'operational'"},
      {"show neighbor summary extensive", "extensive given with another view"},
      {"show neighbor bogus", "unexpected 'bogus' after show"},
      {"show neighbor 10.0.0.1 10.0.0.2", "unexpected '10.0.0.2' after show"},
      {"show adj-rib", "expected in or out after show adj-rib, found end of line"},
      {"show adj-rib out summary", "unexpected 'summary' after show"},
      {"show routes", "unknown command show 'routes' (show neighbor, show adj-rib)"},
      {"neighbor 10.0.0.1 show neighbor", "show does not take a neighbor selector (name the address after it)"},
      {"flush adj-rib in", "expected out after flush adj-rib, found 'in'"},
      {"flush adj-rib out now", "unexpected 'now' after flush adj-rib out"},
      {"clear adj-rib", "expected in or out after clear adj-rib, found end of line"},
      {"neighbor 10.0.0.1 enable-ack", "enable-ack does not take a neighbor"},
      {"announce route 10.0.0.0/24 next-hop 1.1.1.1 withdraw",
       "withdraw (announce the route later) needs a watchdog: watchdog <name> withdraw"},
      {"withdraw route 10.0.0.0/24 watchdog w withdraw", "withdraw route does not take the withdraw keyword"},
      {"announce ipv4 unicast 2001:db8::/32 next-hop 2001:db8::1", "2001:db8::/32 is not an ipv4 unicast prefix"},
      {"announce ipv4 mcast-vpn 10.0.0.0/8",
       "unknown mcast-vpn route type '10.0.0.0/8' (source-ad, shared-join or source-join)"},
      {"announce ipv4", "expected a safi after ipv4, found end of line"},
      {"teardown 2", "teardown needs a neighbor: neighbor <ip> teardown <subcode>"},
      {"neighbor 10.0.0.1 teardown", "invalid teardown subcode end of line (expected 0 to 255)"},
      {"neighbor 10.0.0.1 teardown x", "invalid teardown subcode 'x' (expected 0 to 255)"},
      {"neighbor 10.0.0.1 teardown 256", "invalid teardown subcode '256' (expected 0 to 255)"},
      {"neighbor 10.0.0.1 teardown 2 now", "unexpected 'now' after teardown"},
      {"neighbor 10.0.0.1 shutdown", "shutdown does not take a neighbor"},
      {"version 2", "unexpected '2' after version"},
      {"neighbor", "missing address after neighbor"},
      {"neighbor bogus announce eor", "invalid neighbor bogus"},
      {"neighbor 10.0.0.1 local-ip x announce eor", "invalid local-ip x"},
      {"neighbor 10.0.0.1 local-as 4294967296 announce eor", "invalid local-as 4294967296"},
      {"neighbor 10.0.0.1 peer-as", "missing AS number after peer-as"},
      {"neighbor 10.0.0.1 router-id ::1 announce eor", "invalid router-id ::1"},
      {"neighbor 10.0.0.1 family-allowed", "missing value after family-allowed"},
      {"neighbor 10.0.0.1 peer-as 1 peer-as 2 announce eor", "peer-as given twice for neighbor 10.0.0.1"},
      {"neighbor 10.0.0.1 neighbor 10.0.0.2 announce eor", "missing ',' between two neighbors"},
      {"neighbor 10.0.0.1 , announce eor", "expected neighbor after ',', found 'announce'"},
      {"neighbor 10.0.0.1", "expected a command, found end of line"},
      {"[ announce", "expected a command, found '['"},
      {"announce route 10.0.0.0/24 next-hop 1.1.1.1; shutdown", "unexpected ';' in the command"},
      {"announce route 10.0.0.0/24 next-hop 1.1.1.1 name \"unterminated", "unterminated string (missing closing \")"},
  };
  Command c;
  for (const auto& k : cases) {
    Status s = ParseTextCommand(k.line, &c);
    ASSERT_FALSE(s.ok()) << k.line;
    EXPECT_EQ(s.error().message, k.message) << k.line;
  }
}

// Every prefix of some long lines gives a command or an error, never a crash.
TEST(CommandTest, EveryTruncationIsHandled) {
  const std::string lines[] = {
      "neighbor 10.0.0.1 local-ip 10.0.0.2 local-as 1 peer-as 2 router-id 1.1.1.1 family-allowed in-open , "
      "neighbor ::1 announce route 10.0.0.0/22 next-hop 1.1.1.1 as-path [ 1 ( 2 3 ) ] community [ 1:1 no-export ] "
      "extended-community [ target:1:1 ] large-community [ 1:2:3 ] aggregator ( 1:1.1.1.1 ) split /24",
      "announce attributes next-hop self med 1 attribute [ 0x99 0xc0 0x0102 ] nlri 10.0.0.0/24 10.0.1.0/24",
      "neighbor 10.0.0.1 teardown 2",
      "announce route-refresh ipv4 unicast",
  };
  Command c;
  for (const std::string& line : lines) {
    for (size_t n = 0; n <= line.size(); ++n) {
      Status s = ParseTextCommand(line.substr(0, n), &c);
      if (!s.ok()) {
        EXPECT_FALSE(s.error().message.empty());
      }
    }
    EXPECT_TRUE(ParseTextCommand(line, &c).ok()) << line;
  }
}

}  // namespace
}  // namespace herald::api

namespace herald::api {
namespace {

TEST(CommandTest, RandomTokenSoup) {
  const char* const words[] = {
      "announce", "withdraw", "route", "attributes", "nlri", "eor", "route-refresh", "ipv4", "unicast",
      "neighbor", "10.0.0.1", "local-ip", "peer-as", "1", ",", "teardown", "shutdown", "10.0.0.0/8",
      "next-hop", "self", "med", "community", "[", "]", "(", ")", "1:1", "as-path", "split", "/9", "#", ";",
      "\"", "attribute", "0x99", "0x40", "0x0102", "family-allowed", "::/0", "aggregator", "1:1.1.1.1",
  };
  uint64_t state = 7;
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<size_t>(state >> 33);
  };
  Command c;
  for (int round = 0; round < 20000; ++round) {
    std::string line;
    size_t length = next() % 16;
    for (size_t i = 0; i < length; ++i) {
      line += words[next() % std::size(words)];
      line += ' ';
    }
    Status s = ParseTextCommand(line, &c);
    if (!s.ok()) {
      EXPECT_FALSE(s.error().message.empty()) << line;
    }
  }
}

}  // namespace
}  // namespace herald::api
