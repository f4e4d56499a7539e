#include "config/printer.h"
#include "grammar/route_printer.h"

#include <gtest/gtest.h>

#include "config/config_testing.h"
#include "config/parser.h"

namespace herald::config {
namespace {

Config MustParse(std::string_view text) {
  auto p = ParseConfigText(text, "test.conf");
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error()[0].ToString());
  return p.ok() ? std::move(*p) : Config();
}

void ExpectRoundTrip(std::string_view text) {
  Config c = MustParse(text);
  auto again = testing::Reparse(c);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(testing::WithoutLocations(*again), testing::WithoutLocations(c)) << PrintConfig(c);
  // Printing is a fixed point.
  EXPECT_EQ(PrintConfig(*again), PrintConfig(c));
}

// A program written in pieces (`/bin/ca"t"`) is printed whole and parses
// back. The pieces used to be joined after the first was looked for, so
// that `run /bin/true"x"` validated and printed `run /bin/truex`, which
// does not parse.
TEST(PrinterTest, ProgramWrittenInPiecesRoundTrips) {
  ExpectRoundTrip("process a { run /bin/ca\"t\" --x=\"a b\" 'c'd; }\n");
  EXPECT_EQ(PrintConfig(MustParse("process a { run /bin/ca\"t\" --x=\"a b\" 'c'd; }\n")),
            "process a {\n\trun /bin/cat \"--x=a b\" cd;\n}\n\n");
}

TEST(PrinterTest, ProcessEnvironmentRoundTrips) {
  ExpectRoundTrip("process a { run /bin/cat; env { SERVICE web; EMPTY \"\"; PATH /usr/bin:/bin; MSG \"a b\"; } }\n");
  EXPECT_EQ(PrintConfig(MustParse("process a { run /bin/cat; env { X 1; Y \"a b\"; } }\n")),
            "process a {\n\trun /bin/cat;\n\tenv {\n\t\tX 1;\n\t\tY \"a b\";\n\t}\n}\n\n");
}

TEST(PrinterTest, EverySettingRoundTrips) {
  ExpectRoundTrip(
      "process one { run /bin/sh -c \"echo 'a b'\" \"\" 'x\\\\y'; encoder text; respawn false; }\n"
      "process two { run /bin/cat; encoder json; respawn true; version 4; }\n"
      "process three { run /bin/cat; }\n"
      "neighbor 2001:db8::2 {\n"
      "  router-id 10.0.0.1; local-address 2001:db8::1; local-as 1.10; peer-as 4200000000;\n"
      "  hold-time 0; passive; listen 1790; connect 1791; description \"quote \\\" backslash \\\\ tab \\t;{}#\";\n"
      "  host-name router1; domain-name example.net; group-updates false; auto-flush disable;\n"
      "  adj-rib-out disabled; adj-rib-in false; manual-eor true; outgoing-ttl 1; incoming-ttl 255;\n"
      "  family { ipv6 unicast; ipv4 unicast; }\n"
      "  capability { asn4 disable; route-refresh; extended-message disable; }\n"
      "  api a { processes [ one two ]; neighbor-changes; negotiated; fsm; signal;\n"
      "    send { parsed; packets; consolidate; open; update; notification; keepalive; refresh; operational; }\n"
      "    receive { parsed; update; } }\n"
      "  api { processes [ three ]; }\n"
      "  api { processes-match [ ^t two ]; }\n"
      "  api { }\n"
      "}\n"
      "neighbor 10.0.0.1 { router-id 1.1.1.1; local-as 1; peer-as 2; }\n");
}

TEST(PrinterTest, SessionSecurityRoundTrips) {
  ::setenv("HERALD_PRINTER_MD5", "from-env", 1);
  testing::TempDir dir;
  std::string path = dir.Write("key", "from-file\n");
  ExpectRoundTrip(
      "neighbor 10.0.0.1 { router-id 1.1.1.1; local-address 10.0.0.2; local-as 1; peer-as 2;\n"
      "  md5-password \"c2VjcmV0\"; md5-base64 true; md5-ip 10.0.0.2; ttl-security 1; }\n"
      "neighbor 10.0.0.3 { router-id 1.1.1.1; local-as 1; peer-as 2; md5-password \"a \\\" b\"; md5-base64 auto;\n"
      "  incoming-ttl 254; }\n"
      "neighbor 10.0.0.4 { router-id 1.1.1.1; local-as 1; peer-as 2; md5-password-env HERALD_PRINTER_MD5; }\n"
      "neighbor 10.0.0.5 { router-id 1.1.1.1; local-as 1; peer-as 2; md5-password-file \"" + path + "\"; }\n");
}

// `show neighbor configuration` prints no password written in the file.
TEST(PrinterTest, HidesSecrets) {
  ::setenv("HERALD_PRINTER_MD5", "from-env", 1);
  Config c = MustParse(
      "neighbor 10.0.0.1 { router-id 1.1.1.1; local-as 1; peer-as 2; md5-password topsecret; }\n"
      "neighbor 10.0.0.4 { router-id 1.1.1.1; local-as 1; peer-as 2; md5-password-env HERALD_PRINTER_MD5; }\n");
  std::string shown = PrintConfig(c, /*hide_secrets=*/true);
  EXPECT_EQ(shown.find("topsecret"), std::string::npos) << shown;
  EXPECT_EQ(shown.find("from-env"), std::string::npos) << shown;
  EXPECT_NE(shown.find("\tmd5-password ********;\n"), std::string::npos) << shown;
  EXPECT_NE(shown.find("\tmd5-password-env HERALD_PRINTER_MD5;\n"), std::string::npos) << shown;
  EXPECT_NE(PrintConfig(c).find("\tmd5-password topsecret;\n"), std::string::npos);
}

TEST(PrinterTest, EveryRouteAttributeRoundTrips) {
  ExpectRoundTrip(
      "neighbor 10.0.0.1 { router-id 1.1.1.1; local-as 1; peer-as 2;\n"
      "  static {\n"
      "    route 10.0.0.0/24 next-hop 192.0.2.1 origin egp as-path [ 1 2 ( 3 4 ) 5 ( 6 ) ] med 10\n"
      "      local-preference 20 atomic-aggregate aggregator ( 65000:10.0.0.1 )\n"
      "      community [ 65000:2 no-export no-advertise no-export-subconfed nopeer blackhole 0x87654321 ]\n"
      "      extended-community [ target:65000:1 origin:1.2.3.4:5 target:120000L:7 redirect:1:2 l2info:1:2:3:4\n"
      "                           redirect-to-nexthop bandwidth:1:1000 0x4304000000000001 ]\n"
      "      large-community [ 1:2:3 4294967295:0:1 ] originator-id 1.1.1.1 cluster-list [ 2.2.2.2 1.1.1.1 ]\n"
      "      path-information 7 attribute [ 0x99 0xc0 0x0102 ] attribute [ 0x30 0x80 0x ];\n"
      "    route 10.0.1.0/24 next-hop self origin incomplete as-path [ ];\n"
      "    route 10.0.2.0/24 next-hop self as-path 65000 origin igp;\n"
      "    route 10.0.3.0/24 next-hop 1.1.1.1 attribute [ 0x02 0x40 0x03020000000100000002030100000003 ];\n"
      "    route 10.0.4.0/22 next-hop 1.1.1.1 split /24 path-information 9;\n"
      "    attributes next-hop 1.1.1.1 med 1 nlri 10.1.0.0/16 10.2.0.0/16;\n"
      "    route 10.0.5.0/24 next-hop 1.1.1.1 watchdog w withdraw;\n"
      "    attributes next-hop 1.1.1.1 withdraw nlri 10.3.0.0/16 10.4.0.0/16;\n"
      "    route 2001:db8::/32 next-hop 2001:db8::1;\n"
      "  }\n"
      "}\n");
}

TEST(PrinterTest, AsPathsTheListSyntaxCannotSayGoRaw) {
  Config c = MustParse(
      "neighbor 10.0.0.1 { router-id 1.1.1.1; local-as 1; peer-as 2; static {\n"
      "  route 10.0.3.0/24 next-hop 1.1.1.1 attribute [ 0x02 0x40 0x030200000001000000020201000000030201000000ff ];\n"
      "} }\n");
  const rib::Route route = c.neighbors[0].routes[0];  // rebuilt: a value, not a reference
  const wire::AsPath& path = *route.attrs.as_path;
  ASSERT_EQ(path.size(), 3u);
  EXPECT_EQ(path[0].type, wire::AsSegmentType::kConfedSequence);
  std::string printed = grammar::PrintRoute(c.neighbors[0].routes[0]);
  EXPECT_EQ(printed,
            "10.0.3.0/24 next-hop 1.1.1.1 attribute [ 0x02 0x40 0x030200000001000000020201000000030201000000ff ]");
  // Two sequences in a row would merge in the list syntax: raw too.
  rib::Route r = c.neighbors[0].routes[0];
  r.attrs.as_path = wire::AsPath{{wire::AsSegmentType::kSequence, {1}}, {wire::AsSegmentType::kSequence, {2}}};
  EXPECT_EQ(grammar::PrintRoute(r), "10.0.3.0/24 next-hop 1.1.1.1 attribute [ 0x02 0x40 0x020100000001020100000002 ]");
  ExpectRoundTrip(PrintConfig(c));
}

TEST(PrinterTest, CanonicalText) {
  Config c = MustParse(
      "process p { run /bin/cat -x; encoder json; }\n"
      "neighbor 10.0.0.1 { router-id 1.1.1.1; local-address 10.0.0.2; local-as 1; peer-as 2; host-name h;\n"
      "  domain-name d; family { ipv4 unicast; } api { processes [ p ]; receive { update; } }\n"
      "  static { route 10.0.0.0/8 next-hop 1.1.1.1 community [ 2:2 1:1 ]; } }\n");
  EXPECT_EQ(PrintConfig(c),
            "process p {\n"
            "\trun /bin/cat -x;\n"
            "\tencoder json;\n"
            "}\n"
            "\n"
            "neighbor 10.0.0.1 {\n"
            "\trouter-id 1.1.1.1;\n"
            "\tlocal-address 10.0.0.2;\n"
            "\tlocal-as 1;\n"
            "\tpeer-as 2;\n"
            "\thold-time 180;\n"
            "\tpassive false;\n"
            "\thost-name h;\n"
            "\tdomain-name d;\n"
            "\tgroup-updates true;\n"
            "\tauto-flush true;\n"
            "\tadj-rib-out true;\n"
            "\tadj-rib-in false;\n"
            "\tmanual-eor false;\n"
            "\tfamily {\n"
            "\t\tipv4 unicast;\n"
            "\t}\n"
            "\tcapability {\n"
            "\t\tasn4 enable;\n"
            "\t\troute-refresh disable;\n"
            "\t\textended-message enable;\n"
            "\t\tgraceful-restart disable;\n"
            "\t\tmulti-session disable;\n"
            "\t\tsoftware-version disable;\n"
            "\t}\n"
            "\tapi {\n"
            "\t\tprocesses [ p ];\n"
            "\t\treceive {\n"
            "\t\t\tupdate;\n"
            "\t\t}\n"
            "\t}\n"
            "\tstatic {\n"
            "\t\troute 10.0.0.0/8 next-hop 1.1.1.1 community [ 1:1 2:2 ];\n"
            "\t}\n"
            "}\n");
}

TEST(PrinterTest, QuoteWord) {
  EXPECT_EQ(grammar::QuoteWord("plain-word_1.2"), "plain-word_1.2");
  EXPECT_EQ(grammar::QuoteWord(""), "\"\"");
  EXPECT_EQ(grammar::QuoteWord("two words"), "\"two words\"");
  EXPECT_EQ(grammar::QuoteWord("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(grammar::QuoteWord("x;y"), "\"x;y\"");
  EXPECT_EQ(grammar::QuoteWord("it's"), "\"it's\"");
  EXPECT_EQ(grammar::QuoteWord("line\nbreak\ttab"), "\"line\\nbreak\\ttab\"");
}

TEST(PrinterTest, PrintRouteForms) {
  Config c = MustParse(
      "neighbor 10.0.0.1 { router-id 1.1.1.1; local-as 1; peer-as 2; static {\n"
      "  route 10.0.0.0/8 next-hop 1.1.1.1 med 1;\n"
      "  attributes next-hop self nlri 10.0.0.0/9 10.128.0.0/9;\n"
      "} }\n");
  EXPECT_EQ(grammar::PrintRoute(c.neighbors[0].routes[0]), "10.0.0.0/8 next-hop 1.1.1.1 med 1");
  EXPECT_EQ(grammar::PrintRoute(c.neighbors[0].routes[1]), "next-hop self nlri 10.0.0.0/9 10.128.0.0/9");
}

}  // namespace
}  // namespace herald::config
