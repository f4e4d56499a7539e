#include "grammar/route_parser.h"

#include <gtest/gtest.h>

#include <deque>
#include <span>

namespace herald::grammar {
namespace {

struct Parsed {
  rib::Route route;
  RouteState state;
  ParseError error;
  bool ok = false;
};

// Parses `<prefix> <attributes>` (or, with nlri = true, `<attributes> nlri
// <prefixes>`) from one line.
Parsed ParseLine(std::string_view text, RouteAction action = RouteAction::kAnnounce, bool nlri = false) {
  std::vector<Token> tokens;
  std::deque<std::string> arena;
  LexError lex_error;
  Parsed p;
  if (!Lex(text, &tokens, &arena, &lex_error)) {
    p.error.message = lex_error.message;
    return p;
  }
  TokenStream in(std::span<const Token>(tokens.data(), tokens.size() - 1), tokens.back());
  ParseStatus s = nlri ? ParseAttributesNlri(in, action, &p.route, &p.state)
                       : ParseRoute(in, action, &p.route, &p.state);
  p.ok = s.ok();
  if (!s) p.error = s.error();
  return p;
}

IpAddress Ip(std::string_view s) { return *IpAddress::Parse(s); }
Prefix P(std::string_view s) { return *Prefix::Parse(s); }

struct BadCase {
  const char* line;
  const char* message;
  int column;
};

// Each line fails to parse with its message, at line 1 and its column.
void ExpectErrors(std::span<const BadCase> cases) {
  for (const BadCase& c : cases) {
    Parsed p = ParseLine(c.line);
    EXPECT_FALSE(p.ok) << c.line;
    EXPECT_EQ(p.error.message, c.message) << c.line;
    EXPECT_EQ(p.error.line, 1) << c.line;
    EXPECT_EQ(p.error.column, c.column) << c.line;
  }
}

TEST(RouteParserTest, EveryAttribute) {
  Parsed p = ParseLine(
      "10.0.0.0/24 next-hop 192.0.2.1 origin egp as-path [ 1 2 ( 3 4 ) 5 ] med 10 local-preference 20 "
      "atomic-aggregate aggregator ( 65000:10.0.0.1 ) community [ 65000:2 no-export 65000:1 ] "
      "extended-community [ target:65000:1 origin:1.2.3.4:5 ] large-community [ 1:2:3 ] "
      "originator-id 1.1.1.1 cluster-list [ 2.2.2.2 1.1.1.1 ] path-information 7 "
      "attribute [ 0x99 0xc0 0x0102 ] name some-name watchdog dog");
  ASSERT_TRUE(p.ok) << p.error.message;
  const rib::Route& r = p.route;
  EXPECT_EQ(r.family, wire::kIpv4Unicast);
  ASSERT_EQ(r.nlri.size(), 1u);
  EXPECT_EQ(r.nlri[0].prefix, P("10.0.0.0/24"));
  EXPECT_EQ(r.nlri[0].path_id, 7u);
  EXPECT_EQ(r.next_hop, rib::NextHop::Address(Ip("192.0.2.1")));
  const wire::PathAttributes& a = r.attrs;
  EXPECT_FALSE(a.next_hop);  // the next hop lives in Route
  EXPECT_EQ(a.origin, wire::Origin::kEgp);
  ASSERT_TRUE(a.as_path);
  ASSERT_EQ(a.as_path->size(), 3u);
  EXPECT_EQ((*a.as_path)[0], (wire::AsSegment{wire::AsSegmentType::kSequence, {1, 2}}));
  EXPECT_EQ((*a.as_path)[1], (wire::AsSegment{wire::AsSegmentType::kSet, {3, 4}}));
  EXPECT_EQ((*a.as_path)[2], (wire::AsSegment{wire::AsSegmentType::kSequence, {5}}));
  EXPECT_EQ(a.med, 10u);
  EXPECT_EQ(a.local_pref, 20u);
  EXPECT_TRUE(a.atomic_aggregate);
  EXPECT_EQ(a.aggregator, (wire::Aggregator{65000, Ip("10.0.0.1")}));
  // Sorted.
  EXPECT_EQ(a.communities, (std::vector<uint32_t>{65000u << 16 | 1, 65000u << 16 | 2, wire::kNoExport}));
  EXPECT_EQ(a.extended_communities, (std::vector<uint64_t>{0x0002FDE800000001, 0x0103010203040005}));
  EXPECT_EQ(a.large_communities, (std::vector<wire::LargeCommunity>{{1, 2, 3}}));
  EXPECT_EQ(a.originator_id, Ip("1.1.1.1"));
  EXPECT_EQ(a.cluster_list, (std::vector<IpAddress>{Ip("2.2.2.2"), Ip("1.1.1.1")}));  // order kept
  ASSERT_EQ(a.unknown.size(), 1u);
  EXPECT_EQ(a.unknown[0], (wire::RawAttribute{0xc0, 0x99, {1, 2}}));
  EXPECT_FALSE(p.state.withdraw);
}

TEST(RouteParserTest, SingleValueForms) {
  Parsed p = ParseLine(
      "2001:db8::/32 next-hop 2001:db8::1 as-path 65001 community 65000:1 extended-community target:1:1 "
      "large-community 1:2:3 cluster-list 1.2.3.4 aggregator 1.10:10.0.0.1 path-information 1.2.3.4");
  ASSERT_TRUE(p.ok) << p.error.message;
  const rib::Route& r = p.route;
  EXPECT_EQ(r.family, wire::kIpv6Unicast);
  EXPECT_EQ(r.attrs.as_path, (wire::AsPath{{wire::AsSegmentType::kSequence, {65001}}}));
  EXPECT_EQ(r.attrs.communities.size(), 1u);
  EXPECT_EQ(r.attrs.extended_communities.size(), 1u);
  EXPECT_EQ(r.attrs.large_communities.size(), 1u);
  EXPECT_EQ(r.attrs.cluster_list.size(), 1u);
  EXPECT_EQ(r.attrs.aggregator->asn, 65546u);
  EXPECT_EQ(r.nlri[0].path_id, 0x01020304u);
}

TEST(RouteParserTest, ListsAcceptCommasAndDropDuplicates) {
  Parsed p = ParseLine(
      "10.0.0.0/8 next-hop self community [ 2:2, 1:1, 2:2 ] large-community [ 2914:3320:123 2914:0:666 "
      "2914:3320:123 ] extended-community [ 0x0002fde800000001 target:65000:1 ] as-path [ 1, 2 ]");
  ASSERT_TRUE(p.ok) << p.error.message;
  EXPECT_EQ(p.route.next_hop, rib::NextHop::Self());
  EXPECT_EQ(p.route.attrs.communities, (std::vector<uint32_t>{0x00010001, 0x00020002}));
  EXPECT_EQ(p.route.attrs.large_communities,
            (std::vector<wire::LargeCommunity>{{2914, 0, 666}, {2914, 3320, 123}}));
  EXPECT_EQ(p.route.attrs.extended_communities.size(), 1u);
  EXPECT_EQ(p.route.attrs.as_path, (wire::AsPath{{wire::AsSegmentType::kSequence, {1, 2}}}));
}

TEST(RouteParserTest, EmptyAsPathAndOrigins) {
  Parsed p = ParseLine("10.0.0.0/8 next-hop 1.1.1.1 as-path [ ] origin INCOMPLETE");
  ASSERT_TRUE(p.ok) << p.error.message;
  ASSERT_TRUE(p.route.attrs.as_path);
  EXPECT_TRUE(p.route.attrs.as_path->empty());
  EXPECT_EQ(p.route.attrs.origin, wire::Origin::kIncomplete);
  EXPECT_EQ(ParseLine("10.0.0.0/8 next-hop 1.1.1.1 origin igp").route.attrs.origin, wire::Origin::kIgp);
}

TEST(RouteParserTest, BareAddressIsAHostRoute) {
  EXPECT_EQ(ParseLine("10.0.0.1 next-hop 1.1.1.1").route.nlri[0].prefix, P("10.0.0.1/32"));
  EXPECT_EQ(ParseLine("2001:db8::1 next-hop ::1").route.nlri[0].prefix, P("2001:db8::1/128"));
}

// A next hop of the other address family is taken as ExaBGP takes it (the
// configuration and the exporter decide where it can go: RFC 8950).
TEST(RouteParserTest, NextHopOfTheOtherFamily) {
  Parsed p = ParseLine("10.0.0.0/8 next-hop 2001::1");
  ASSERT_TRUE(p.ok) << p.error.message;
  EXPECT_EQ(p.route.family, wire::kIpv4Unicast);
  EXPECT_EQ(p.route.next_hop, rib::NextHop::Address(Ip("2001::1")));
  p = ParseLine("2001::/16 next-hop 1.2.3.4");
  ASSERT_TRUE(p.ok) << p.error.message;
  EXPECT_EQ(p.route.family, wire::kIpv6Unicast);
  EXPECT_EQ(p.route.next_hop, rib::NextHop::Address(Ip("1.2.3.4")));
}

TEST(RouteParserTest, GenericAttributeWithKnownCodeIsTyped) {
  Parsed p = ParseLine("10.0.0.0/8 next-hop 1.1.1.1 attribute [ 0x04 0x80 0x00000064 ]");
  ASSERT_TRUE(p.ok) << p.error.message;
  EXPECT_EQ(p.route.attrs.med, 100u);
  EXPECT_TRUE(p.route.attrs.unknown.empty());
  p = ParseLine("10.0.0.0/8 attribute [ 0x03 0x40 0x01020304 ]");
  ASSERT_TRUE(p.ok) << p.error.message;
  EXPECT_EQ(p.route.next_hop, rib::NextHop::Address(Ip("1.2.3.4")));
  p = ParseLine("10.0.0.0/8 next-hop 1.1.1.1 attribute [ 0x20 0xc0 0x0000000100000002000000030000000A0000000B0000000C ]");
  ASSERT_TRUE(p.ok) << p.error.message;
  EXPECT_EQ(p.route.attrs.large_communities, (std::vector<wire::LargeCommunity>{{1, 2, 3}, {10, 11, 12}}));
  // Unknown codes stay raw, in code order.
  p = ParseLine("10.0.0.0/8 next-hop 1.1.1.1 attribute [ 0x99 0xe0 0x00000064 ] attribute [ 0x30 0xc0 0x ]");
  ASSERT_TRUE(p.ok) << p.error.message;
  ASSERT_EQ(p.route.attrs.unknown.size(), 2u);
  EXPECT_EQ(p.route.attrs.unknown[0].code, 0x30);
  EXPECT_TRUE(p.route.attrs.unknown[0].value.empty());
  EXPECT_EQ(p.route.attrs.unknown[1].code, 0x99);
  EXPECT_EQ(p.route.attrs.unknown[1].flags, 0xe0);
  // Flags as the registry has them, with Partial or Extended Length added.
  for (const char* spec : {"0x04 0x80 0x00000064", "0x04 0x90 0x00000064", "0x08 0xe0 0x00010002",
                           "0x01 0x40 0x00", "0x01 0x50 0x00", "0x99 0x80 0x01", "0x99 0xd0 0x01"}) {
    p = ParseLine(std::string("10.0.0.0/8 next-hop 1.1.1.1 attribute [ ") + spec + " ]");
    EXPECT_TRUE(p.ok) << spec << ": " << p.error.message;
  }
}

// aigp N as ExaBGP 5.0.13 takes it (decimal or 0x hex, 64 bits, whatever its
// help's "40 bits" says), and the generic attribute as one AIGP TLV.
TEST(RouteParserTest, Aigp) {
  const std::pair<const char*, uint64_t> good[] = {
      {"0", 0}, {"100", 100}, {"0x64", 100}, {"0XFF", 255}, {"18446744073709551615", UINT64_MAX},
      {"0xffffffffffffffff", UINT64_MAX}, {"0x123456789abcdef0", 0x123456789abcdef0},
  };
  for (const auto& [text, value] : good) {
    Parsed p = ParseLine(std::string("10.0.0.0/8 next-hop 1.1.1.1 aigp ") + text);
    ASSERT_TRUE(p.ok) << text << ": " << p.error.message;
    EXPECT_EQ(p.route.attrs.aigp, value) << text;
  }
  for (const char* bad : {"18446744073709551616", "0x10000000000000000", "-1", "abc", "0x", "1.5"}) {
    Parsed p = ParseLine(std::string("10.0.0.0/8 next-hop 1.1.1.1 aigp ") + bad);
    ASSERT_FALSE(p.ok) << bad;
    EXPECT_EQ(p.error.message, std::string("aigp requires a number (decimal or hexadecimal 0x prefixed) of at most "
                                           "64 bits, found '") + bad + "'");
    EXPECT_EQ(p.error.column, 34) << bad;
  }
  Parsed p = ParseLine("10.0.0.0/8 next-hop 1.1.1.1 aigp");
  ASSERT_FALSE(p.ok);
  EXPECT_EQ(p.error.message,
            "aigp requires a number (decimal or hexadecimal 0x prefixed) of at most 64 bits, found end of line");
  p = ParseLine("10.0.0.0/8 next-hop 1.1.1.1 attribute [ 0x1a 0x80 0x01000b123456789abcdef0 ]");
  ASSERT_TRUE(p.ok) << p.error.message;
  EXPECT_EQ(p.route.attrs.aigp, 0x123456789abcdef0u);
  EXPECT_TRUE(p.route.attrs.unknown.empty());
  ClearRoute(&p.route);
  EXPECT_FALSE(p.route.attrs.aigp);
}

// RFC 4271 §5.1.3: a next hop no route can use is refused for an
// announcement, where it was written; a withdrawal ignores its next hop.
TEST(RouteParserTest, UnusableNextHopsAreRefused) {
  const BadCase cases[] = {
      {"10.0.0.0/8 next-hop 0.0.0.0",
       "invalid next-hop 0.0.0.0: the unspecified address; "
       "a peer would ignore the route (RFC 4271 §6.3)", 21},
      {"10.0.0.0/8 next-hop 0.1.2.3",
       "invalid next-hop 0.1.2.3: an address in 0.0.0.0/8 (this network); "
       "a peer would ignore the route (RFC 4271 §6.3)", 21},
      {"10.0.0.0/8 next-hop 224.0.0.5",
       "invalid next-hop 224.0.0.5: a multicast address; "
       "a peer would ignore the route (RFC 4271 §6.3)", 21},
      {"10.0.0.0/8 next-hop 240.0.0.1",
       "invalid next-hop 240.0.0.1: a reserved address (240.0.0.0/4); "
       "a peer would ignore the route (RFC 4271 §6.3)", 21},
      {"10.0.0.0/8 next-hop 255.255.255.255",
       "invalid next-hop 255.255.255.255: the broadcast address; "
       "a peer would ignore the route (RFC 4271 §6.3)", 21},
      {"2001::/16 next-hop ::",
       "invalid next-hop ::: the unspecified address; "
       "a peer would ignore the route (RFC 4271 §6.3)", 20},
      {"2001::/16 next-hop ff02::1",
       "invalid next-hop ff02::1: a multicast address; "
       "a peer would ignore the route (RFC 4271 §6.3)", 20},
      {"2001::/16 next-hop ::ffff:0.0.0.0",
       "invalid next-hop ::ffff:0.0.0.0: the unspecified address; "
       "a peer would ignore the route (RFC 4271 §6.3)", 20},
      {"10.0.0.0/8 med 1 attribute [ 0x03 0x40 0xe0000001 ]",
       "invalid next-hop 224.0.0.1: a multicast address; "
       "a peer would ignore the route (RFC 4271 §6.3)", 40},
  };
  ExpectErrors(cases);
  Parsed p = ParseLine("next-hop 0.0.0.0 nlri 10.0.0.0/8 10.1.0.0/16", RouteAction::kAnnounce, true);
  EXPECT_EQ(p.error.message,
            "invalid next-hop 0.0.0.0: the unspecified address; a peer would ignore the route (RFC 4271 §6.3)");
  EXPECT_EQ(p.error.column, 10);
  for (const char* line : {"10.0.0.0/8 next-hop 0.0.0.0", "2001::/16 next-hop ::"}) {
    p = ParseLine(line, RouteAction::kWithdraw);
    EXPECT_TRUE(p.ok) << line << ": " << p.error.message;
  }
  // Loopback and link-local addresses are usable next hops.
  for (const char* line : {"10.0.0.0/8 next-hop 127.0.0.1", "2001::/16 next-hop fe80::1", "2001::/16 next-hop ::1"}) {
    p = ParseLine(line);
    EXPECT_TRUE(p.ok) << line << ": " << p.error.message;
  }
}

// Generic attributes a peer would refuse, or that herald must never send.
TEST(RouteParserTest, GenericAttributesInvalidOnTheWireAreRefused) {
  const BadCase cases[] = {
      {"10.0.0.0/8 next-hop 1.1.1.1 attribute [ 0x99 0x40 0x01 ]",
       "invalid attribute flags 0x40 for unknown attribute 0x99: an attribute herald does not know must be "
       "optional (0x80 or 0xc0), a peer that does not know it either resets the session on a well-known one "
       "(RFC 4271 §6.3)",
       46},
      {"10.0.0.0/8 next-hop 1.1.1.1 attribute [ 0x99 0x60 0x00000064 ]",
       "invalid attribute flags 0x60 for unknown attribute 0x99: an attribute herald does not know must be "
       "optional (0x80 or 0xc0), a peer that does not know it either resets the session on a well-known one "
       "(RFC 4271 §6.3)",
       46},
      {"10.0.0.0/8 next-hop 1.1.1.1 attribute [ 0x04 0xc0 0x00000001 ]",
       "invalid attribute flags 0xc0 for attribute 0x04 (med), which is optional non-transitive (0x80, Partial "
       "and Extended Length allowed): a peer would treat the routes as withdrawn (RFC 7606 §3(c))",
       46},
      {"10.0.0.0/8 next-hop 1.1.1.1 attribute [ 0x01 0x80 0x00 ]",
       "invalid attribute flags 0x80 for attribute 0x01 (origin), which is well-known (0x40, Partial and "
       "Extended Length allowed): a peer would treat the routes as withdrawn (RFC 7606 §3(c))",
       46},
      {"10.0.0.0/8 next-hop 1.1.1.1 attribute [ 0x08 0x80 0x00010002 ]",
       "invalid attribute flags 0x80 for attribute 0x08 (community), which is optional transitive (0xc0, "
       "Partial and Extended Length allowed): a peer would treat the routes as withdrawn (RFC 7606 §3(c))",
       46},
      {"10.0.0.0/8 next-hop 1.1.1.1 attribute [ 0x99 0xc1 0x01 ]",
       "invalid attribute flags 0xc1: the four low bits are unused and must be zero (RFC 4271 §4.3)", 46},
      {"10.0.0.0/8 next-hop 1.1.1.1 attribute [ 0x0e 0x80 0x01 ]",
       "attribute 0x0e (mp-reach-nlri) can not be given as a generic attribute", 51},
      {"10.0.0.0/8 next-hop 1.1.1.1 attribute [ 0x1a 0x80 0x0100000b0000000000000001 ]",
       "invalid attribute 0x1a (aigp): expected one AIGP TLV, 01000b and an 8-byte metric", 51},
      {"10.0.0.0/8 next-hop 1.1.1.1 attribute [ 0x02 0x40 0x020200000001 ]",
       "invalid attribute 0x02 (as-path): truncated segment", 51},
      {"10.0.0.0/8 next-hop 1.1.1.1 attribute [ 0x02 0x40 0x0200 ]",
       "invalid attribute 0x02 (as-path): empty segment", 51},
      {"10.0.0.0/8 next-hop 1.1.1.1 attribute [ 0x02 0x40 0x02020000fde900000000 ]",
       "invalid attribute 0x02 (as-path): AS 0 is reserved (RFC 7607)", 51},
      {"10.0.0.0/8 next-hop 1.1.1.1 attribute [ 0x07 0xc0 0x000000000a000001 ]",
       "invalid attribute 0x07 (aggregator): AS 0 is reserved (RFC 7607)", 51},
      {"10.0.0.0/8 next-hop 1.1.1.1 attribute [ 0x07 0xc0 0x00000a000001 ]",
       "invalid attribute 0x07 (aggregator): AS 0 is reserved (RFC 7607)", 51},
  };
  ExpectErrors(cases);
}

// RFC 7607: herald never sends AS 0.
TEST(RouteParserTest, AsZeroIsRefused) {
  const BadCase cases[] = {
      {"10.0.0.0/8 next-hop 1.1.1.1 as-path [ 1 0 ]", "invalid ASN 0 in as-path: AS 0 is reserved (RFC 7607)", 41},
      {"10.0.0.0/8 next-hop 1.1.1.1 as-path 0", "invalid ASN 0 in as-path: AS 0 is reserved (RFC 7607)", 37},
      {"10.0.0.0/8 next-hop 1.1.1.1 as-path [ ( 1 0.0 ) ]",
       "invalid ASN 0.0 in as-path: AS 0 is reserved (RFC 7607)", 43},
      {"10.0.0.0/8 next-hop 1.1.1.1 aggregator ( 0:1.2.3.4 )",
       "invalid aggregator 0:1.2.3.4: AS 0 is reserved (RFC 7607)", 42},
  };
  ExpectErrors(cases);
}

TEST(RouteParserTest, Split) {
  Parsed p = ParseLine("172.10.0.0/22 next-hop 192.0.2.1 med 200 split /24");
  ASSERT_TRUE(p.ok) << p.error.message;
  ASSERT_EQ(p.route.nlri.size(), 4u);
  EXPECT_EQ(p.route.nlri[0].prefix, P("172.10.0.0/24"));
  EXPECT_EQ(p.route.nlri[1].prefix, P("172.10.1.0/24"));
  EXPECT_EQ(p.route.nlri[3].prefix, P("172.10.3.0/24"));
  EXPECT_EQ(p.route.attrs.med, 200u);
  // Carries across bytes.
  p = ParseLine("10.0.255.0/23 next-hop 1.1.1.1 split /24");
  // 10.0.255.0/23 is not a network: the parser refuses host bits.
  EXPECT_FALSE(p.ok);
  p = ParseLine("10.0.254.0/23 next-hop 1.1.1.1 split /24");
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(p.route.nlri[1].prefix, P("10.0.255.0/24"));
  p = ParseLine("10.0.255.0/24 next-hop 1.1.1.1 split /25 path-information 3");
  ASSERT_TRUE(p.ok);
  ASSERT_EQ(p.route.nlri.size(), 2u);
  EXPECT_EQ(p.route.nlri[1].prefix, P("10.0.255.128/25"));
  EXPECT_EQ(p.route.nlri[1].path_id, 3u);
  p = ParseLine("2001:db8::/63 next-hop 2001:db8::1 split /64");
  ASSERT_TRUE(p.ok);
  ASSERT_EQ(p.route.nlri.size(), 2u);
  EXPECT_EQ(p.route.nlri[1].prefix, P("2001:db8:0:1::/64"));
  // A prefix already as long as the split stays as it is.
  p = ParseLine("10.0.0.0/24 next-hop 1.1.1.1 split /24");
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(p.route.nlri.size(), 1u);
  p = ParseLine("0.0.0.0/0 next-hop 1.1.1.1 split /16");
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(p.route.nlri.size(), 65536u);
  EXPECT_EQ(p.route.nlri.back().prefix, P("255.255.0.0/16"));
}

TEST(RouteParserTest, AttributesNlriForm) {
  Parsed p = ParseLine("next-hop 1.1.1.1 med 5 nlri 10.0.0.0/24 10.0.1.0/24 10.0.2.0/24", RouteAction::kAnnounce,
                       true);
  ASSERT_TRUE(p.ok) << p.error.message;
  ASSERT_EQ(p.route.nlri.size(), 3u);
  EXPECT_EQ(p.route.nlri[2].prefix, P("10.0.2.0/24"));
  EXPECT_EQ(p.route.attrs.med, 5u);
  p = ParseLine("next-hop 1.1.1.1 nlri 10.0.0.0/24 2001:db8::/32", RouteAction::kAnnounce, true);
  EXPECT_FALSE(p.ok);
  EXPECT_EQ(p.error.message, "prefix 2001:db8::/32 is not ipv4 unicast like the others");
  EXPECT_EQ(p.error.column, 35);
  p = ParseLine("next-hop 1.1.1.1", RouteAction::kAnnounce, true);
  EXPECT_EQ(p.error.message, "missing nlri before the prefixes");
  p = ParseLine("next-hop 1.1.1.1 nlri", RouteAction::kAnnounce, true);
  EXPECT_EQ(p.error.message, "missing prefix after nlri");
}

TEST(RouteParserTest, WithdrawNeedsNoNextHop) {
  Parsed p = ParseLine("10.0.0.0/8", RouteAction::kWithdraw);
  EXPECT_TRUE(p.ok) << p.error.message;
  p = ParseLine("10.0.0.0/8 med 1 withdraw", RouteAction::kWithdraw);
  EXPECT_TRUE(p.ok);
  EXPECT_TRUE(p.state.withdraw);
}

TEST(RouteParserTest, ClearRouteKeepsCapacity) {
  Parsed p = ParseLine("10.0.0.0/8 next-hop 1.1.1.1 community [ 1:1 2:2 3:3 ] as-path [ 1 2 ] med 3");
  ASSERT_TRUE(p.ok);
  size_t capacity = p.route.attrs.communities.capacity();
  ClearRoute(&p.route);
  EXPECT_EQ(p.route, rib::Route());
  EXPECT_EQ(p.route.attrs.communities.capacity(), capacity);
}

TEST(RouteParserTest, ErrorsNameTheProblemAndTheWord) {
  const BadCase cases[] = {
      {"10.0.0.1/8 next-hop 1.1.1.1", "invalid network 10.0.0.1 for netmask 8", 1},
      {"10.0.0.0/33 next-hop 1.1.1.1", "prefix length 33 too long in '10.0.0.0/33'", 1},
      {"bogus next-hop 1.1.1.1", "invalid IP address 'bogus'", 1},
      {"", "missing prefix, found end of line", 1},
      {"10.0.0.0/8", "missing next-hop for 10.0.0.0/8", 1},
      {"10.0.0.0/8 next-hop", "missing value for next-hop, found end of line", 20},
      {"10.0.0.0/8 next-hop 1.2.3", "invalid next-hop 1.2.3", 21},
      {"10.0.0.0/8 next-hop 1.1.1.1 next-hop 1.1.1.2", "next-hop given twice", 29},
      {"10.0.0.0/8 next-hop 1.1.1.1 med 1 med 2", "med given twice", 35},
      {"10.0.0.0/8 next-hop 1.1.1.1 med -1", "invalid MED -1", 33},
      {"10.0.0.0/8 next-hop 1.1.1.1 med 4294967296", "invalid MED 4294967296", 33},
      {"10.0.0.0/8 next-hop 1.1.1.1 local-preference x", "invalid local preference x", 46},
      {"10.0.0.0/8 next-hop 1.1.1.1 origin bgp", "unknown origin bgp (expected igp, egp or incomplete)", 36},
      {"10.0.0.0/8 next-hop 1.1.1.1 community [ 65536:1 ]", "invalid community 65536:1 (prefix too large)", 41},
      {"10.0.0.0/8 next-hop 1.1.1.1 community [ 1:1", "missing ']' to close community, found end of line", 44},
      {"10.0.0.0/8 next-hop 1.1.1.1 community", "missing value for community, found end of line", 38},
      {"10.0.0.0/8 next-hop 1.1.1.1 extended-community [ bogus ]", "invalid extended community bogus", 50},
      {"10.0.0.0/8 next-hop 1.1.1.1 large-community 1:2", "invalid large community 1:2 (expected a:b:c)", 45},
      {"10.0.0.0/8 next-hop 1.1.1.1 as-path [ 1 x ]", "invalid ASN x in as-path", 41},
      {"10.0.0.0/8 next-hop 1.1.1.1 as-path [ 1 ( 2 ]", "missing ']' to close as-path, found end of line", 46},
      {"10.0.0.0/8 next-hop 1.1.1.1 as-path [ 1 ( 2", "missing ')' to close the AS set, found end of line", 44},
      {"10.0.0.0/8 next-hop 1.1.1.1 as-path [ ( ) ]", "empty AS set in as-path", 39},
      {"10.0.0.0/8 next-hop 1.1.1.1 as-path [ 1", "missing ']' to close as-path, found end of line", 40},
      {"10.0.0.0/8 next-hop 1.1.1.1 aggregator ( 1:2.3.4.5", "missing ')' to close aggregator, found end of line",
       51},
      {"10.0.0.0/8 next-hop 1.1.1.1 aggregator 65000", "invalid aggregator 65000 (expected asn:ipv4)", 40},
      {"10.0.0.0/8 next-hop 1.1.1.1 aggregator 1:::1", "invalid aggregator 1:::1 (expected asn:ipv4)", 40},
      {"10.0.0.0/8 next-hop 1.1.1.1 originator-id ::1", "invalid originator-id ::1", 43},
      {"10.0.0.0/8 next-hop 1.1.1.1 cluster-list [ ]", "empty cluster-list", 29},
      {"10.0.0.0/8 next-hop 1.1.1.1 cluster-list [ 1 ]", "invalid cluster-id 1", 44},
      {"10.0.0.0/8 next-hop 1.1.1.1 path-information x", "invalid path-information x (expected a number or an "
                                                         "IPv4 address)", 46},
      {"10.0.0.0/8 next-hop 1.1.1.1 path-information 1 path-information 2", "path-information given twice", 48},
      {"10.0.0.0/8 next-hop 1.1.1.1 split 24", "invalid split 24 (expected /<length>)", 35},
      {"10.0.0.0/8 next-hop 1.1.1.1 split /33", "split /33 is longer than a ipv4 unicast prefix", 1},
      {"10.0.0.0/8 next-hop 1.1.1.1 split /32", "split /32 would create more than 65536 routes", 1},
      {"10.0.0.0/8 next-hop 1.1.1.1 watchdog withdraw", "invalid watchdog name withdraw", 38},
      {"10.0.0.0/8 next-hop 1.1.1.1 attribute 0x1", "invalid attribute, does not start with [ (expected [ 0xCODE "
                                                    "0xFLAGS 0xDATA ])", 39},
      {"10.0.0.0/8 next-hop 1.1.1.1 attribute [ 12 0x40 0x00 ]", "invalid attribute code '12' (expected 0x and hex "
                                                                 "digits)", 41},
      {"10.0.0.0/8 next-hop 1.1.1.1 attribute [ 0x100 0x40 0x00 ]", "invalid attribute code '0x100' (expected 0x "
                                                                    "and hex digits)", 41},
      {"10.0.0.0/8 next-hop 1.1.1.1 attribute [ 0x99 zz 0x00 ]", "invalid attribute flags 'zz' (expected 0x and "
                                                                 "hex digits)", 46},
      {"10.0.0.0/8 next-hop 1.1.1.1 attribute [ 0x99 0x40 0x0 ]", "invalid attribute data '0x0' (expected 0x and "
                                                                  "hex digits)", 51},
      {"10.0.0.0/8 next-hop 1.1.1.1 attribute [ 0x99 0x40 0x00", "invalid attribute, does not end with ], found "
                                                                 "end of line", 55},
      {"10.0.0.0/8 next-hop 1.1.1.1 attribute [ 0x04 0x80 0x01 ]", "invalid attribute 0x04 (med): expected 4 bytes",
       51},
      {"10.0.0.0/8 next-hop 1.1.1.1 med 1 attribute [ 0x04 0x80 0x00000001 ]", "attribute 0x04 (med) given twice",
       47},
      // rd and label: labeled_route_test.cc.
      {"10.0.0.0/8 next-hop 1.1.1.1 rd 1:1", "missing label for the ipv4 mpls-vpn route 10.0.0.0/8", 1},
      {"10.0.0.0/8 next-hop 1.1.1.1 bgp-prefix-sid 1", "expected '[' in bgp-prefix-sid, found '1'", 44},
      {"10.0.0.0/8 next-hop 1.1.1.1 aigp 1 aigp 2", "aigp given twice", 36},
      {"10.0.0.0/8 next-hop 1.1.1.1 aigp 1 attribute [ 0x1a 0x80 0x01000b0000000000000001 ]",
       "attribute 0x1a (aigp) given twice", 48},
      {"10.0.0.0/8 next-hop 1.1.1.1 colour red", "unknown route attribute 'colour'", 29},
      {"10.0.0.0/8 next-hop 1.1.1.1 ]", "expected a route attribute, found ']'", 29},
      {"10.0.0.0/8 next-hop 1.1.1.1 \"med\" 1", "expected a route attribute, found \"med\"", 29},
  };
  ExpectErrors(cases);
}

// Truncating a valid line anywhere gives a clean result or a clean error.
TEST(RouteParserTest, EveryTruncationIsHandled) {
  const std::string line =
      "10.0.0.0/22 next-hop 192.0.2.1 as-path [ 1 ( 2 3 ) ] aggregator ( 1:1.2.3.4 ) community [ 1:1 no-export ] "
      "attribute [ 0x99 0xc0 0x0102 ] split /24";
  for (size_t n = 0; n <= line.size(); ++n) {
    Parsed p = ParseLine(line.substr(0, n));
    if (!p.ok) {
      EXPECT_FALSE(p.error.message.empty()) << n;
    }
  }
}

}  // namespace
}  // namespace herald::grammar
