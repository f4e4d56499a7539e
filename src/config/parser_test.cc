#include "config/parser.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "config/config_testing.h"
#include "wire/nlri.h"

namespace herald::config {
namespace {

using testing::TempDir;
using Parsed = Result<Config, std::vector<ConfigError>>;

Parsed Parse(std::string_view text) { return ParseConfigText(text, "test.conf"); }

std::vector<std::string> Errors(std::string_view text) {
  Parsed p = Parse(text);
  std::vector<std::string> out;
  if (p.ok()) return out;
  for (const ConfigError& e : p.error()) out.push_back(e.ToString());
  return out;
}

// True if `expected` is one of the errors.
::testing::AssertionResult HasError(std::string_view text, const std::string& expected) {
  auto errors = Errors(text);
  for (const std::string& e : errors)
    if (e == expected) return ::testing::AssertionSuccess();
  auto failure = ::testing::AssertionFailure() << "no error \"" << expected << "\" among:";
  for (const std::string& e : errors) failure << "\n  " << e;
  return failure;
}

std::string FirstError(std::string_view text) {
  auto errors = Errors(text);
  return errors.empty() ? "(no error)" : errors[0];
}

// A complete neighbor; `extra` goes inside it.
std::string Neighbor(std::string_view extra) {
  return "neighbor 127.0.0.1 {\n"
         "  router-id 1.2.3.4;\n"
         "  local-address 127.0.0.1;\n"
         "  local-as 65001;\n"
         "  peer-as 65002;\n" +
         std::string(extra) + "}\n";
}

const NeighborConfig& Only(const Parsed& p) {
  EXPECT_TRUE(p.ok());
  EXPECT_EQ(p->neighbors.size(), 1u);
  return p->neighbors[0];
}

IpAddress Ip(std::string_view s) { return *IpAddress::Parse(s); }

using V = std::vector<std::string>;

TEST(ParserTest, MinimalNeighborGetsExaBgpDefaults) {
  Parsed p = Parse(Neighbor(""));
  ASSERT_TRUE(p.ok()) << p.error()[0].ToString();
  const NeighborConfig& n = Only(p);
  EXPECT_EQ(n.peer_address, Ip("127.0.0.1"));
  EXPECT_EQ(n.local_address, Ip("127.0.0.1"));
  EXPECT_EQ(n.router_id, Ip("1.2.3.4"));
  EXPECT_EQ(n.local_as, 65001u);
  EXPECT_EQ(n.peer_as, 65002u);
  EXPECT_EQ(n.hold_time, 180);
  EXPECT_FALSE(n.passive);
  EXPECT_EQ(n.listen, 0);
  EXPECT_EQ(n.connect, 0);
  EXPECT_TRUE(n.group_updates);
  EXPECT_TRUE(n.auto_flush);
  EXPECT_TRUE(n.adj_rib_out);
  EXPECT_FALSE(n.adj_rib_in);  // herald's default (ExaBGP: true), doc/compat.md
  EXPECT_FALSE(n.manual_eor);
  EXPECT_FALSE(n.outgoing_ttl);
  EXPECT_FALSE(n.incoming_ttl);
  EXPECT_TRUE(n.host_name.empty()) << "no FQDN capability unless asked for";
  EXPECT_EQ(n.families,
            std::vector<wire::Family>(wire::DefaultFamilies().begin(), wire::DefaultFamilies().end()));
  EXPECT_TRUE(n.capability.asn4);
  EXPECT_FALSE(n.capability.route_refresh);
  EXPECT_TRUE(n.capability.extended_message);
  EXPECT_TRUE(n.api.empty());
  EXPECT_TRUE(n.routes.empty());
  EXPECT_EQ(n.where, (Location{"test.conf", 1, 1}));
  EXPECT_EQ(p->files, V{"test.conf"});
  EXPECT_TRUE(p->warnings.empty());
}

TEST(ParserTest, EveryNeighborSetting) {
  Parsed p = Parse(
      "neighbor 2001:db8::2 {\n"
      "  router-id 10.0.0.1; local-address 2001:db8::1; local-as 1.10; peer-as 4200000000;\n"
      "  hold-time 0; passive; listen 1790; connect 1791; description \"a test peer\";\n"
      "  host-name router1; domain-name example.net; group-updates false; auto-flush disable;\n"
      "  adj-rib-out disabled; adj-rib-in false; manual-eor true; outgoing-ttl 1; incoming-ttl 255;\n"
      "  rate-limit 50;\n"
      "  capability { asn4 disable; route-refresh; extended-message disable; }\n"
      "}\n");
  ASSERT_TRUE(p.ok()) << p.error()[0].ToString();
  const NeighborConfig& n = Only(p);
  EXPECT_EQ(n.peer_address, Ip("2001:db8::2"));
  EXPECT_EQ(n.local_address, Ip("2001:db8::1"));
  EXPECT_EQ(n.router_id, Ip("10.0.0.1"));
  EXPECT_EQ(n.local_as, 65546u);
  EXPECT_EQ(n.peer_as, 4200000000u);
  EXPECT_EQ(n.hold_time, 0);
  EXPECT_TRUE(n.passive);
  EXPECT_EQ(n.listen, 1790);
  EXPECT_EQ(n.connect, 1791);
  EXPECT_EQ(n.description, "a test peer");
  EXPECT_EQ(n.host_name, "router1");
  EXPECT_EQ(n.domain_name, "example.net");
  EXPECT_FALSE(n.group_updates);
  EXPECT_FALSE(n.auto_flush);
  EXPECT_TRUE(n.adj_rib_out);  // turned back on by route-refresh, with a warning
  EXPECT_FALSE(n.adj_rib_in);
  EXPECT_TRUE(n.manual_eor);
  EXPECT_EQ(n.rate_limit, 50u);
  EXPECT_EQ(n.outgoing_ttl, 1);
  EXPECT_EQ(n.incoming_ttl, 255);
  EXPECT_FALSE(n.capability.asn4);
  EXPECT_TRUE(n.capability.route_refresh);
  EXPECT_FALSE(n.capability.extended_message);
}

TEST(ParserTest, BooleanSpellings) {
  for (const char* v : {"", " true", " enable", " enabled", " TRUE", " Enable"})
    EXPECT_TRUE(Only(Parse(Neighbor(std::string("passive") + v + ";"))).passive) << v;
  for (const char* v : {" false", " disable", " disabled", " False"})
    EXPECT_FALSE(Only(Parse(Neighbor(std::string("passive") + v + ";"))).passive) << v;
  EXPECT_EQ(FirstError(Neighbor("passive maybe;")),
            "test.conf:6:9: invalid value 'maybe' for passive (expected true, false, enable or disable)");
}

TEST(ParserTest, RouterIdComesFromAnIpv4LocalAddress) {
  Parsed p = Parse("neighbor 10.0.0.2 { local-address 10.0.0.1; local-as 1; peer-as 1; }");
  EXPECT_EQ(Only(p).router_id, Ip("10.0.0.1"));
  EXPECT_EQ(FirstError("neighbor ::2 { local-address ::1; local-as 1; peer-as 1; }"),
            "test.conf:1:1: neighbor ::2: missing router-id (only an IPv4 local-address can stand for it)");
  EXPECT_EQ(FirstError("neighbor 10.0.0.2 { local-address auto; local-as 1; peer-as 1; }"),
            "test.conf:1:1: neighbor 10.0.0.2: missing router-id (only an IPv4 local-address can stand for it)");
  p = Parse("neighbor 10.0.0.2 { local-address auto; router-id 1.1.1.1; local-as 1; peer-as 1; }");
  EXPECT_FALSE(Only(p).local_address);
  p = Parse("neighbor 10.0.0.2 { router-id 1.1.1.1; local-as 1; peer-as 1; }");
  EXPECT_FALSE(Only(p).local_address);
}

TEST(ParserTest, Families) {
  EXPECT_EQ(Only(Parse(Neighbor("family { ipv6 unicast; }"))).families, (std::vector<wire::Family>{wire::kIpv6Unicast}));
  EXPECT_EQ(Only(Parse(Neighbor("family { ipv6 unicast; ipv4 unicast; }"))).families,
            (std::vector<wire::Family>{wire::kIpv6Unicast, wire::kIpv4Unicast}));
  // `all` and an empty block: every family herald speaks (flow_section_test.cc
  // compares them with what ExaBGP 5.0 announces).
  const std::vector<wire::Family> all(wire::DefaultFamilies().begin(), wire::DefaultFamilies().end());
  EXPECT_EQ(Only(Parse(Neighbor("family { all; }"))).families, all);
  EXPECT_EQ(Only(Parse(Neighbor("family { }"))).families, all);
  EXPECT_EQ(FirstError(Neighbor("family {\n ipv4 bogus;\n}")), "test.conf:7:7: invalid afi/safi pair ipv4/bogus");
  EXPECT_EQ(FirstError(Neighbor("family {\n ipv4 unicast; ipv4 unicast;\n}")),
            "test.conf:7:16: duplicate afi/safi pair ipv4/unicast");
  EXPECT_EQ(FirstError(Neighbor("family {\n ipv4 unicast; all;\n}")),
            "test.conf:7:16: all can not be used with any other options");
  EXPECT_EQ(FirstError(Neighbor("family {\n minimal;\n}")), "test.conf:7:2: family minimal is deprecated");
  EXPECT_EQ(FirstError(Neighbor("family {\n ipv4;\n}")), "test.conf:7:6: missing safi after ipv4");
  EXPECT_EQ(FirstError(Neighbor("family {\n ipv5 unicast;\n}")), "test.conf:7:2: invalid keyword 'ipv5' in family");
}

// graceful-restart as ExaBGP 4.2 and 5.0 read it: a time, nothing (the
// hold time), 0 (the hold time too) or disable.
TEST(ParserTest, GracefulRestart) {
  EXPECT_EQ(Only(Parse(Neighbor(""))).capability.graceful_restart, std::nullopt);
  EXPECT_EQ(Only(Parse(Neighbor("capability { graceful-restart 120; }"))).capability.graceful_restart, 120);
  EXPECT_EQ(Only(Parse(Neighbor("capability { graceful-restart; }"))).capability.graceful_restart, 180);
  EXPECT_EQ(Only(Parse(Neighbor("hold-time 30; capability { graceful-restart 0; }"))).capability.graceful_restart,
            30);
  EXPECT_EQ(Only(Parse(Neighbor("capability { graceful-restart; }\nhold-time 0;"))).capability.graceful_restart, 0);
  EXPECT_EQ(Only(Parse(Neighbor("capability { graceful-restart disable; }"))).capability.graceful_restart,
            std::nullopt);
  EXPECT_EQ(Only(Parse(Neighbor("capability { graceful-restart disabled; }"))).capability.graceful_restart,
            std::nullopt);
  // The hold time is the neighbor's, whatever template gave the keyword.
  Parsed t = Parse(
      "template {\n neighbor gr {\n  capability { graceful-restart; }\n }\n}\n" +
      Neighbor("inherit gr;\nhold-time 45;\n"));
  EXPECT_EQ(Only(t).capability.graceful_restart, 45);
  // Beyond the 12 bits of the capability: 4095, with a warning.
  Parsed big = Parse(Neighbor("capability {\n graceful-restart 5000;\n}"));
  EXPECT_EQ(Only(big).capability.graceful_restart, 4095);
  ASSERT_EQ(big->warnings.size(), 1u);
  EXPECT_EQ(big->warnings[0].ToString(),
            "test.conf:7:2: graceful-restart time 5000 (given) exceeds 4095, the most the capability carries "
            "(RFC 4724 §3); herald announces 4095");
  Parsed long_hold = Parse(Neighbor("hold-time 6000;\ncapability {\n graceful-restart;\n}"));
  EXPECT_EQ(Only(long_hold).capability.graceful_restart, 4095);
  ASSERT_EQ(long_hold->warnings.size(), 1u);
  EXPECT_EQ(long_hold->warnings[0].ToString(),
            "test.conf:8:2: graceful-restart time 6000 (the hold time) exceeds 4095, the most the capability "
            "carries (RFC 4724 §3); herald announces 4095");
  EXPECT_EQ(FirstError(Neighbor("capability {\n graceful-restart soon;\n}")),
            "test.conf:7:19: 'soon' is an invalid graceful-restart time");
  EXPECT_EQ(FirstError(Neighbor("capability {\n graceful-restart -1;\n}")),
            "test.conf:7:19: '-1' is an invalid graceful-restart time");
  EXPECT_EQ(FirstError(Neighbor("capability {\n graceful-restart 65536;\n}")),
            "test.conf:7:19: graceful-restart must be smaller or equal to 65535");
  EXPECT_EQ(FirstError(Neighbor("capability {\n graceful-restart 1 2;\n}")),
            "test.conf:7:21: unexpected '2' after graceful-restart");
  EXPECT_EQ(FirstError(Neighbor("capability {\n graceful-restart 1;\n graceful-restart 2;\n}")),
            "test.conf:8:2: graceful-restart given twice (first at line 7)");
  // Printed and read back.
  Parsed p = Parse(Neighbor("capability { graceful-restart 77; }"));
  auto again = testing::Reparse(*p);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(testing::WithoutLocations(*again), testing::WithoutLocations(*p));
  EXPECT_NE(PrintConfig(*p).find("\t\tgraceful-restart 77;\n"), std::string::npos);
  EXPECT_NE(PrintConfig(*Parse(Neighbor(""))).find("\t\tgraceful-restart disable;\n"), std::string::npos);
}

TEST(ParserTest, MultiSessionAndSoftwareVersion) {
  Parsed plain = Parse(Neighbor(""));
  const NeighborConfig& none = Only(plain);
  EXPECT_FALSE(none.capability.multi_session);
  EXPECT_FALSE(none.capability.software_version);
  Parsed p = Parse(Neighbor("capability { multi-session; software-version enable; }"));
  EXPECT_TRUE(Only(p).capability.multi_session);
  EXPECT_TRUE(Only(p).capability.software_version);
  // A bare software-version means enable (ExaBGP 5.0.13 reads it as
  // disable, see doc/compat.md).
  EXPECT_TRUE(Only(Parse(Neighbor("capability { software-version; }"))).capability.software_version);
  EXPECT_FALSE(Only(Parse(Neighbor("capability { multi-session disable; software-version false; }")))
                   .capability.multi_session);
  EXPECT_EQ(FirstError(Neighbor("capability {\n software-version sometimes;\n}")),
            "test.conf:7:19: invalid value 'sometimes' for software-version (expected true, false, enable or "
            "disable)");
  // From a template, printed and read back.
  Parsed t = Parse("template {\n neighbor ms {\n  capability { multi-session; software-version; }\n }\n}\n" +
                   Neighbor("inherit ms;\n"));
  EXPECT_TRUE(Only(t).capability.multi_session);
  EXPECT_TRUE(Only(t).capability.software_version);
  auto again = testing::Reparse(*t);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(testing::WithoutLocations(*again), testing::WithoutLocations(*t));
}

TEST(ParserTest, UnknownCapability) {
  EXPECT_EQ(FirstError(Neighbor("capability {\n refresh;\n}")), "test.conf:7:2: invalid keyword 'refresh' in capability");
}

// A path identifier on a route to a neighbor without ADD-PATH send for its
// family is not sent: said once per family, at the first such route.
TEST(ParserTest, PathInformationWithoutAddPathSendIsWarnedAbout) {
  const std::string routes =
      "static {\n"
      "  route 10.0.0.0/24 next-hop 10.0.0.254;\n"
      "  route 10.0.0.0/24 next-hop 10.0.0.254 path-information 1;\n"
      "  route 10.0.0.0/24 next-hop 10.0.0.253 path-information 0.0.0.2;\n"
      "  route 2001:db8::/32 next-hop 2001:db8::1 path-information 3;\n"
      "  route 10.1.0.0/24 rd 65000:1 label 100 next-hop 10.0.0.254 path-information 4;\n"
      "}\n";
  auto warnings = [](const Parsed& p) {
    std::vector<std::string> out;
    for (const ConfigError& w : p->warnings) out.push_back(w.ToString());
    return out;
  };
  auto expected = [](int line, int column, const std::string& route, int id, const std::string& family) {
    return "test.conf:" + std::to_string(line) + ":" + std::to_string(column) + ": " + route +
           ": path-information " + std::to_string(id) + " is not sent: neighbor 127.0.0.1 has no ADD-PATH send for " +
           family +
           " (capability { add-path send; }), so routes to one prefix that differ only by path-information "
           "replace each other at the peer";
  };
  Parsed p = Parse(Neighbor(routes));
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(warnings(p), (std::vector<std::string>{
                             expected(8, 9, "route 10.0.0.0/24", 1, "ipv4 unicast"),
                             expected(10, 9, "route 2001:db8::/32", 3, "ipv6 unicast"),
                             expected(11, 9, "route 10.1.0.0/24", 4, "ipv4 mpls-vpn"),
                         }));
  // Receive only sends none either.
  p = Parse(Neighbor("capability { add-path receive; }\n" + routes));
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(warnings(p).size(), 3u);
  // Send for IPv4 unicast only (the block): the others are still said.
  p = Parse(Neighbor("capability { add-path send; }\nadd-path { ipv4 unicast; }\n" + routes));
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(warnings(p), (std::vector<std::string>{
                             expected(12, 9, "route 2001:db8::/32", 3, "ipv6 unicast"),
                             expected(13, 9, "route 10.1.0.0/24", 4, "ipv4 mpls-vpn"),
                         }));
  // Send for every family: nothing to say.
  p = Parse(Neighbor("capability { add-path send/receive; }\n" + routes));
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->warnings.empty()) << warnings(p)[0];
}

// RFC 7911 ADD-PATH: the mode in the capability block, the families in an
// add-path block (those the neighbor has), or all the neighbor's.
TEST(ParserTest, AddPath) {
  using wire::kIpv4Unicast;
  using wire::kIpv6Unicast;
  NeighborConfig n = Only(Parse(Neighbor("")));
  EXPECT_EQ(n.capability.add_path, 0);
  EXPECT_TRUE(n.add_path_families.empty());
  n = Only(Parse(Neighbor("capability { add-path send/receive; }")));
  EXPECT_EQ(n.capability.add_path, 3);
  // No family block: every family, so unicast, labeled unicast and VPN.
  const wire::Family labeled4{wire::Afi::kIpv4, wire::Safi::kMplsLabel}, vpn4{wire::Afi::kIpv4, wire::Safi::kMplsVpn};
  const wire::Family labeled6{wire::Afi::kIpv6, wire::Safi::kMplsLabel}, vpn6{wire::Afi::kIpv6, wire::Safi::kMplsVpn};
  // By SAFI, then AFI, as ExaBGP 5.0 announces them (vpn-addpath in
  // src/session/testdata/exabgp50_opens.txt).
  EXPECT_EQ(n.add_path_families,
            (std::vector<wire::Family>{kIpv4Unicast, kIpv6Unicast, labeled4, labeled6, vpn4, vpn6}));
  n = Only(Parse(Neighbor("family { ipv6 unicast; ipv4 unicast; }\ncapability { add-path receive; }")));
  EXPECT_EQ(n.capability.add_path, 1);
  EXPECT_EQ(n.add_path_families, (std::vector<wire::Family>{kIpv4Unicast, kIpv6Unicast})) << "family table order";
  n = Only(Parse(Neighbor("capability { add-path send; }\nadd-path { ipv6 unicast; }")));
  EXPECT_EQ(n.capability.add_path, 2);
  EXPECT_EQ(n.add_path_families, std::vector<wire::Family>{kIpv6Unicast});
  // A family the neighbor does not have is left out, as ExaBGP does, with
  // a warning.
  Parsed p = Parse(Neighbor("family { ipv4 unicast; }\ncapability { add-path send; }\nadd-path { ipv6 unicast; }"));
  EXPECT_TRUE(Only(p).add_path_families.empty());
  ASSERT_EQ(p->warnings.size(), 1u);
  EXPECT_EQ(p->warnings[0].ToString(),
            "test.conf:8:1: add-path: family ipv6 unicast is not one of the neighbor's; ignored (as in ExaBGP)");
  // The block alone announces nothing, and says so; `disable` either.
  p = Parse(Neighbor("add-path { ipv4 unicast; }"));
  EXPECT_TRUE(Only(p).add_path_families.empty());
  ASSERT_EQ(p->warnings.size(), 1u);
  EXPECT_EQ(p->warnings[0].ToString(),
            "test.conf:6:1: add-path block without capability { add-path ...; }: no ADD-PATH announced");
  n = Only(Parse(Neighbor("capability { add-path disable; }")));
  EXPECT_EQ(n.capability.add_path, 0);
  EXPECT_TRUE(n.add_path_families.empty());
  EXPECT_EQ(FirstError(Neighbor("capability {\n add-path both;\n}")),
            "test.conf:7:11: 'both' is an invalid add-path, options are: send, receive, send/receive, disable");
  // Printed and read back, through a template.
  Parsed t = Parse("template {\n neighbor a {\n  capability { add-path send/receive; }\n  add-path { ipv6 unicast; }\n }\n}\n" +
                   Neighbor("inherit a;\n"));
  EXPECT_EQ(Only(t).add_path_families, std::vector<wire::Family>{kIpv6Unicast});
  auto again = testing::Reparse(*t);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(testing::WithoutLocations(*again), testing::WithoutLocations(*t));
}

// herald's RFC 9234 keywords: `role NAME` and `role-strict`.
TEST(ParserTest, BgpRole) {
  EXPECT_FALSE(Only(Parse(Neighbor(""))).capability.role.has_value());
  NeighborConfig n = Only(Parse(Neighbor("capability { role rs-client; role-strict true; }")));
  EXPECT_EQ(n.capability.role, wire::Role::kRsClient);
  EXPECT_TRUE(n.capability.role_strict);
  EXPECT_FALSE(Only(Parse(Neighbor("capability { role disable; }"))).capability.role);
  EXPECT_EQ(FirstError(Neighbor("capability {\n role rs;\n}")),
            "test.conf:7:7: 'rs' is an invalid role, options are: provider, rs-server, rs-client, customer, peer, "
            "disable");
  EXPECT_EQ(FirstError(Neighbor("capability {\n role-strict true;\n}")),
            "test.conf:7:2: neighbor 127.0.0.1: role-strict needs a role (capability { role NAME; })");
  Parsed p = Parse(Neighbor("capability { role provider; role-strict; }"));
  EXPECT_NE(PrintConfig(*p).find("\t\trole provider;\n\t\trole-strict enable;\n"), std::string::npos);
  Parsed t = Parse("template {\n neighbor a {\n  capability { role peer; }\n }\n}\n" + Neighbor("inherit a;\n"));
  EXPECT_EQ(Only(t).capability.role, wire::Role::kPeer);
  auto again = testing::Reparse(*t);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(testing::WithoutLocations(*again), testing::WithoutLocations(*t));
}

// ExaBGP's operational capability: off unless written; `operational;` alone
// means enable.
TEST(ParserTest, OperationalCapability) {
  EXPECT_FALSE(Only(Parse(Neighbor(""))).capability.operational);
  EXPECT_TRUE(Only(Parse(Neighbor("capability { operational; }"))).capability.operational);
  EXPECT_TRUE(Only(Parse(Neighbor("capability { operational enable; }"))).capability.operational);
  EXPECT_FALSE(Only(Parse(Neighbor("capability { operational disable; }"))).capability.operational);
}

// RFC 7311 AIGP_SESSION: unset unless written (the RFC's default then
// applies: iBGP on, eBGP off); `aigp;` alone means enable, as in ExaBGP.
TEST(ParserTest, AigpCapability) {
  EXPECT_FALSE(Only(Parse(Neighbor(""))).capability.aigp.has_value());
  EXPECT_EQ(Only(Parse(Neighbor("capability { aigp; }"))).capability.aigp, true);
  EXPECT_EQ(Only(Parse(Neighbor("capability { aigp enable; }"))).capability.aigp, true);
  EXPECT_EQ(Only(Parse(Neighbor("capability { aigp true; }"))).capability.aigp, true);
  EXPECT_EQ(Only(Parse(Neighbor("capability { aigp disable; }"))).capability.aigp, false);
  EXPECT_EQ(Only(Parse(Neighbor("capability { aigp false; }"))).capability.aigp, false);
  EXPECT_EQ(FirstError(Neighbor("capability {\n aigp sometimes;\n}")),
            "test.conf:7:7: invalid value 'sometimes' for aigp (expected true, false, enable or disable)");
  Parsed p = Parse(Neighbor("capability { aigp enable; }"));
  EXPECT_NE(PrintConfig(*p).find("\t\taigp enable;\n"), std::string::npos);
  EXPECT_EQ(PrintConfig(*Parse(Neighbor(""))).find("aigp"), std::string::npos);
  // From a template, printed and read back.
  Parsed t = Parse("template {\n neighbor a {\n  capability { aigp disable; }\n }\n}\n" + Neighbor("inherit a;\n"));
  EXPECT_EQ(Only(t).capability.aigp, false);
  auto again = testing::Reparse(*t);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(testing::WithoutLocations(*again), testing::WithoutLocations(*t));
}

TEST(ParserTest, ApiBlocks) {
  Parsed p = Parse(
      "process a { run /bin/cat; }\n"
      "process b { run /bin/cat; encoder text; }\n" +
      Neighbor("api { processes [ a ]; neighbor-changes; receive { parsed; update; } }\n"
               "api named { processes [ a, b ]; negotiated; fsm; signal false;\n"
               "  send { packets; consolidate; open; notification; keepalive; refresh; operational; }\n"
               "  receive { open false; } }\n"
               "api { processes b; }\n"));
  ASSERT_TRUE(p.ok()) << p.error()[0].ToString();
  const NeighborConfig& n = Only(p);
  ASSERT_EQ(n.api.size(), 3u);
  EXPECT_EQ(n.api[0].processes, V{"a"});
  EXPECT_TRUE(n.api[0].neighbor_changes);
  EXPECT_TRUE(n.api[0].receive.parsed);
  EXPECT_TRUE(n.api[0].receive.update);
  EXPECT_FALSE(n.api[0].receive.open);
  EXPECT_FALSE(n.api[0].send.parsed);
  EXPECT_EQ(n.api[0].where, (Location{"test.conf", 8, 1}));
  EXPECT_EQ(n.api[1].processes, (V{"a", "b"}));
  EXPECT_TRUE(n.api[1].negotiated);
  EXPECT_TRUE(n.api[1].fsm);
  EXPECT_FALSE(n.api[1].signal);
  ApiMessages all{false, true, true, true, false, true, true, true, true};
  EXPECT_EQ(n.api[1].send, all);
  EXPECT_EQ(n.api[1].receive, ApiMessages());
  EXPECT_EQ(n.api[2].processes, V{"b"});

  EXPECT_EQ(FirstError("process a { run /bin/cat; }\n" + Neighbor("api x { processes [ a ]; }\napi x { }\n")),
            "test.conf:8:5: the name \"x\" already exists in api");
  EXPECT_EQ(FirstError(Neighbor("api {\n processes [ nobody ];\n}")),
            "test.conf:6:1: an api called \"nobody\" is used by neighbor 127.0.0.1 but not defined");
  EXPECT_TRUE(HasError(Neighbor("api {\n processes nobody here;\n}"),
                       "test.conf:7:19: unexpected 'here' after the process name"));
  EXPECT_TRUE(HasError(Neighbor("api {\n processes [ a;\n}"), "test.conf:7:15: invalid processes, does not end with ]"));
  EXPECT_TRUE(HasError(Neighbor("api {\n receive { parsed; bogus; }\n}"),
                       "test.conf:7:20: invalid keyword 'bogus' in api receive"));
  EXPECT_EQ(FirstError(Neighbor("api \"a b\" {\n}")), "test.conf:6:5: invalid character in name for api \"a b\"");
}

TEST(ParserTest, Processes) {
  Parsed p = Parse(
      "process one {\n run /bin/sh -c \"echo 'a b'; exit 0\" --x=\"y z\" [x];\n encoder text;\n respawn false;\n}\n"
      "process two { run /bin/cat; encoder json; respawn; version 4; }\n"
      "process three { run /bin/cat; }\n");
  ASSERT_TRUE(p.ok()) << p.error()[0].ToString();
  ASSERT_EQ(p->processes.size(), 3u);
  const ProcessConfig& one = p->processes[0];
  EXPECT_EQ(one.name, "one");
  EXPECT_EQ(one.run, (V{"/bin/sh", "-c", "echo 'a b'; exit 0", "--x=y z", "[x]"}));
  EXPECT_EQ(one.encoder, Encoder::kText);
  EXPECT_EQ(one.respawn, false);
  EXPECT_EQ(one.where, (Location{"test.conf", 1, 1}));
  EXPECT_EQ(p->processes[1].encoder, Encoder::kJson);
  EXPECT_EQ(p->processes[1].respawn, true);
  EXPECT_FALSE(p->processes[2].encoder);  // the environment's api.encoder applies
  EXPECT_FALSE(p->processes[2].respawn);
  EXPECT_EQ(p->processes[1].version, 4);
  EXPECT_FALSE(p->processes[2].version);  // the environment's api.version applies
  EXPECT_EQ(p->FindProcess("two"), &p->processes[1]);
  EXPECT_EQ(p->FindProcess("four"), nullptr);

  EXPECT_EQ(FirstError("process a {\n encoder json;\n}"), "test.conf:1:1: process a has no run command");

  // env { NAME value; } (herald's).
  Parsed env = Parse("process a {\n run /bin/cat;\n env {\n  SERVICE web;\n  PATH /usr/bin:/bin;\n  E \"\";\n"
                     "  M \"a b\";\n }\n}\n");
  ASSERT_TRUE(env.ok()) << env.error()[0].ToString();
  using Env = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(env->processes[0].env,
            (Env{{"SERVICE", "web"}, {"PATH", "/usr/bin:/bin"}, {"E", ""}, {"M", "a b"}}));
  EXPECT_EQ(FirstError("process a {\n run /bin/cat;\n env {\n  1X y;\n }\n}"),
            "test.conf:4:3: invalid variable name '1X' (letters, digits and '_', not starting with a digit)");
  EXPECT_EQ(FirstError("process a {\n run /bin/cat;\n env {\n  X a b;\n }\n}"),
            "test.conf:4:7: expected one value after X (quote a value with spaces)");
  EXPECT_EQ(FirstError("process a {\n run /bin/cat;\n env {\n  X;\n }\n}"),
            "test.conf:4:4: expected one value after X (quote a value with spaces)");
  EXPECT_EQ(FirstError("process a {\n run /bin/cat;\n env {\n  X a;\n  X b;\n }\n}"),
            "test.conf:5:3: X given twice in env");
  EXPECT_EQ(FirstError("process a {\n run /bin/cat;\n env {\n  X { }\n }\n}"),
            "test.conf:4:5: env holds `NAME value;` lines, not blocks");
  EXPECT_EQ(FirstError("process a {\n run /bin/cat;\n env X;\n}"), "test.conf:3:2: missing '{' after env");
  EXPECT_EQ(FirstError("process a {\n run /bin/cat;\n encoder xml;\n}"),
            "test.conf:3:10: invalid encoder 'xml' (expected text or json)");
  EXPECT_EQ(FirstError("process a {\n run /bin/cat;\n run /bin/cat;\n}"), "test.conf:3:2: run given twice");
  EXPECT_EQ(FirstError("process a {\n run /bin/cat;\n version 4.2;\n}"),
            "test.conf:3:10: invalid version '4.2' (expected 4 or 5)");
  EXPECT_EQ(FirstError("process a {\n run /bin/cat;\n version 4;\n version 5;\n}"),
            "test.conf:4:2: version given twice");
  EXPECT_EQ(FirstError("process a {\n run;\n}"), "test.conf:2:5: missing program after run");
  EXPECT_EQ(FirstError("process a {\n run /no/such/program;\n}"),
            "test.conf:2:6: can not locate the program \"/no/such/program\"");
  EXPECT_EQ(FirstError("process a {\n run /tmp;\n}"), "test.conf:2:6: can not execute directories \"/tmp\"");
  // The program is the whole first argument, quotes joined as a shell joins
  // them: /bin/cat"x" is /bin/catx, which does not exist (ExaBGP 5.0 says
  // the same); it used to validate and then run /bin/catx.
  EXPECT_EQ(FirstError("process a {\n run /bin/cat\"x\";\n}"),
            "test.conf:2:6: can not locate the program \"/bin/catx\"");
  Parsed joined = Parse("process a {\n run /bin/ca't' x\"y\" z;\n}\n");
  ASSERT_TRUE(joined.ok()) << joined.error()[0].ToString();
  EXPECT_EQ(joined->processes[0].run, (V{"/bin/cat", "xy", "z"}));
  EXPECT_EQ(FirstError("process a {\n run /etc/passwd;\n}"),
            "test.conf:2:6: herald will not be able to run this program \"/etc/passwd\" (not executable)");
  EXPECT_EQ(FirstError("process a {\n run /bin/cat;\n respawn sometimes;\n}"),
            "test.conf:3:10: invalid value 'sometimes' for respawn (expected true or false)");
  EXPECT_EQ(FirstError("process a/b {\n run /bin/cat;\n}"),
            "test.conf:1:9: invalid process name 'a/b' (letters, digits, '.', '-' and '_' only)");
  EXPECT_EQ(FirstError("process a { run /bin/cat; }\nprocess a { run /bin/cat; }\n"),
            "test.conf:2:1: a process section called \"a\" already exists (at test.conf:1:1)");
  EXPECT_EQ(FirstError("process a {\n run /bin/cat;\n user nobody;\n}"), "test.conf:3:2: invalid keyword 'user' in process");
}

TEST(ParserTest, RunFindsProgramsLikeExaBgp) {
  TempDir dir;
  dir.Write("run/script.run", "#!/bin/sh\n", 0755);
  dir.Write("plain.txt", "x", 0644);
  dir.Write("setuid.run", "#!/bin/sh\n", 04755);
  std::string conf = dir.Write("herald.conf",
                               "process a { run ./run/script.run arg; }\n"
                               "process b { run sh -c true; }\n");
  Parsed p = ParseConfigFiles({conf});
  ASSERT_TRUE(p.ok()) << p.error()[0].ToString();
  EXPECT_EQ(p->processes[0].run, (V{dir.path() + "/run/script.run", "arg"}));
  ASSERT_FALSE(p->processes[1].run.empty());
  EXPECT_EQ(std::filesystem::path(p->processes[1].run[0]).filename(), "sh");  // from $PATH
  EXPECT_EQ(p->processes[1].run[0].front(), '/');

  std::string bad = dir.Write("bad.conf", "process a {\n run ./plain.txt;\n}\nprocess b {\n run setuid.run;\n}\n");
  Parsed q = ParseConfigFiles({bad});
  ASSERT_FALSE(q.ok());
  ASSERT_EQ(q.error().size(), 2u);
  EXPECT_EQ(q.error()[0].ToString(), bad + ":2:6: herald will not be able to run this program \"" + dir.path() +
                                         "/plain.txt\" (not executable)");
  EXPECT_EQ(q.error()[1].ToString(), bad + ":5:6: refusing to run setuid programs \"" + dir.path() + "/setuid.run\"");
}

TEST(ParserTest, StaticRoutesInEveryForm) {
  Parsed p = Parse(Neighbor(
      "static {\n"
      "  route 10.0.0.0/24 next-hop 192.0.2.1 med 10;\n"
      "  route 10.0.1.0/24 {\n    next-hop 192.0.2.1;\n    community [ 1:1 ];\n  }\n"
      "  attributes next-hop 192.0.2.1 local-preference 5 nlri 10.0.2.0/24 10.0.3.0/24;\n"
      "  attribute next-hop 192.0.2.1 nlri 10.0.4.0/24;\n"
      "  route 10.0.5.0/24 next-hop 192.0.2.1 watchdog dog withdraw;\n"
      "}\n"
      "route 10.0.6.0/24 next-hop self;\n"
      "route 10.0.7.0/24 { next-hop 192.0.2.1; split /25; }\n"
      "announce {\n  ipv4 {\n    unicast 10.0.8.0/24 next-hop 192.0.2.1;\n  }\n"
      "  ipv6 {\n    unicast 2001:db8::/32 next-hop 2001:db8::1;\n  }\n}\n"));
  ASSERT_TRUE(p.ok()) << p.error()[0].ToString();
  const NeighborConfig& n = Only(p);
  ASSERT_EQ(n.routes.size(), 8u);
  EXPECT_EQ(n.routes[0].nlri[0].prefix.ToString(), "10.0.0.0/24");
  EXPECT_EQ(n.routes[0].attrs.med, 10u);
  EXPECT_EQ(n.routes[1].nlri[0].prefix.ToString(), "10.0.1.0/24");
  EXPECT_EQ(n.routes[1].attrs.communities.size(), 1u);
  ASSERT_EQ(n.routes[2].nlri.size(), 2u);
  EXPECT_EQ(n.routes[2].attrs.local_pref, 5u);
  EXPECT_EQ(n.routes[3].nlri[0].prefix.ToString(), "10.0.4.0/24");
  EXPECT_EQ(n.routes[4].next_hop, rib::NextHop::Self());
  ASSERT_EQ(n.routes[5].nlri.size(), 2u);
  EXPECT_EQ(n.routes[5].nlri[1].prefix.ToString(), "10.0.7.128/25");
  EXPECT_EQ(n.routes[6].nlri[0].prefix.ToString(), "10.0.8.0/24");
  EXPECT_EQ(n.routes[7].family, wire::kIpv6Unicast);
  ASSERT_EQ(n.withdrawn_routes.size(), 1u);
  EXPECT_EQ(n.withdrawn_routes[0].nlri[0].prefix.ToString(), "10.0.5.0/24");
}

TEST(ParserTest, RouteErrorsAreLocated) {
  EXPECT_EQ(FirstError(Neighbor("static {\n  route 10.0.0.0/24 med 10;\n}")),
            "test.conf:7:9: missing next-hop for 10.0.0.0/24");
  EXPECT_EQ(FirstError(Neighbor("static {\n  route 10.0.0.0/24 next-hop 1.1.1.1 community [ 65536:1 ];\n}")),
            "test.conf:7:50: invalid community 65536:1 (prefix too large)");
  EXPECT_EQ(FirstError(Neighbor("static {\n  route 10.0.0.0/24 {\n    next-hop 1.1.1.1;\n    med x;\n  }\n}")),
            "test.conf:9:9: invalid MED x");
  // Refusals for what a peer would reject (RFC 4271 §6.3, RFC 7607, RFC 7606), at the value.
  EXPECT_EQ(FirstError(Neighbor("static {\n  route 10.0.0.0/24 {\n    med 1;\n    next-hop 0.0.0.0;\n  }\n}")),
            "test.conf:9:14: invalid next-hop 0.0.0.0: the unspecified address; a peer would ignore the route "
            "(RFC 4271 §6.3)");
  EXPECT_EQ(FirstError(Neighbor("static {\n  route 10.0.0.0/24 next-hop 224.0.0.9;\n}")),
            "test.conf:7:30: invalid next-hop 224.0.0.9: a multicast address; a peer would ignore the route "
            "(RFC 4271 §6.3)");
  EXPECT_EQ(FirstError(Neighbor("static {\n  route 10.0.0.0/24 next-hop 1.1.1.1 as-path [ 65001 0 ];\n}")),
            "test.conf:7:54: invalid ASN 0 in as-path: AS 0 is reserved (RFC 7607)");
  EXPECT_EQ(FirstError(Neighbor("static {\n  route 10.0.0.0/24 next-hop 1.1.1.1 attribute [ 0x99 0x40 0x01 ];\n}")),
            "test.conf:7:55: invalid attribute flags 0x40 for unknown attribute 0x99: an attribute herald does not "
            "know must be optional (0x80 or 0xc0), a peer that does not know it either resets the session on a "
            "well-known one (RFC 4271 §6.3)");
  EXPECT_EQ(FirstError(Neighbor("static {\n  route 10.0.0.0/24 {\n    med 1;\n  }\n}")),
            "test.conf:7:9: missing next-hop for 10.0.0.0/24");
  EXPECT_EQ(FirstError(Neighbor("static {\n  route 10.0.0.0/24 {\n    next-hop 1.1.1.1 med 1;\n  }\n}")),
            "test.conf:8:22: unexpected 'med' after next-hop");
  EXPECT_EQ(FirstError(Neighbor("static {\n  route 10.0.0.0/24 {\n    next-hop 1.1.1.1\n  }\n}")),
            "test.conf:9:3: missing ';' before '}'");
  EXPECT_EQ(FirstError(Neighbor("static {\n  route 10.0.0.0/24 {\n    x { }\n  }\n}")),
            "test.conf:8:5: unexpected block inside a route");
  EXPECT_EQ(FirstError(Neighbor("static {\n  route 10.0.0.1/24 { next-hop 1.1.1.1; }\n}")),
            "test.conf:7:9: invalid network 10.0.0.1 for netmask 24");
  EXPECT_EQ(FirstError(Neighbor("announce {\n  ipv4 {\n    unicast 2001::/16 next-hop 1.1.1.1;\n  }\n}")),
            "test.conf:8:13: 2001::/16 is not an IPv4 prefix");
  EXPECT_EQ(FirstError(Neighbor("announce {\n  ipv6 {\n    flow-vpn destination 2001::/16;\n  }\n}")),
            "test.conf:8:5: flow-vpn is not supported by herald yet");
  EXPECT_EQ(FirstError(Neighbor("announce {\n  l2vpn {\n    bogus x;\n  }\n}")),
            "test.conf:8:5: invalid keyword 'bogus' in announce l2vpn");
  EXPECT_EQ(FirstError(Neighbor("family { ipv6 unicast; }\nstatic {\n  route 10.0.0.0/24 next-hop 1.1.1.1;\n}")),
            "test.conf:8:9: route 10.0.0.0/24 is ipv4 unicast but neighbor 127.0.0.1 does not announce that family");
  // Routes with NLRI of their own are named by their statement and type.
  EXPECT_EQ(FirstError(Neighbor("family { ipv4 unicast; }\nannounce {\n  l2vpn {\n    evpn multicast rd 1:1 etag 0 "
                                "ip 192.0.2.1 next-hop 192.0.2.1;\n  }\n}")),
            "test.conf:9:5: evpn route multicast is l2vpn evpn but neighbor 127.0.0.1 does not announce that family");
  EXPECT_EQ(FirstError(Neighbor("family { ipv4 unicast; }\nannounce {\n  l2vpn {\n    vpls rd 1:1 endpoint 1 base "
                                "100 offset 1 size 8 next-hop 192.0.2.1;\n  }\n}")),
            "test.conf:9:5: vpls route is l2vpn vpls but neighbor 127.0.0.1 does not announce that family");
  EXPECT_EQ(FirstError(Neighbor("static {\n  route 10.0.0.0/24 next-hop 1.1.1.1 bgp-prefix-sid 100;\n}")),
            "test.conf:7:53: expected '[' in bgp-prefix-sid, found '100'");
  EXPECT_EQ(FirstError(Neighbor("family { ipv4 unicast; }\nstatic {\n  route 10.0.0.0/24 next-hop 1.1.1.1 label 100;\n}")),
            "test.conf:8:9: route 10.0.0.0/24 is ipv4 nlri-mpls but neighbor 127.0.0.1 does not announce that "
            "family");
}

TEST(ParserTest, Templates) {
  Parsed p = Parse(
      "template {\n"
      "  neighbor base {\n"
      "    local-as 65000; peer-as 65001; hold-time 30; description \"from base\";\n"
      "    family { ipv4 unicast; }\n"
      "    capability { route-refresh; }\n"
      "    static { route 1.0.0.0/8 next-hop 1.1.1.1; }\n"
      "  }\n"
      "  neighbor extra {\n"
      "    inherit base;\n"
      "    hold-time 60; passive;\n"
      "    family { ipv6 unicast; }\n"
      "  }\n"
      "}\n"
      "neighbor 10.0.0.1 {\n"
      "  inherit [ extra base ];\n"
      "  router-id 1.1.1.1; local-address 10.0.0.2; hold-time 90;\n"
      "  static { route 2.0.0.0/8 next-hop 1.1.1.1; }\n"
      "}\n"
      "neighbor 10.0.0.3 { inherit base; router-id 1.1.1.1; peer-as 7; }\n");
  ASSERT_TRUE(p.ok()) << p.error()[0].ToString();
  ASSERT_EQ(p->neighbors.size(), 2u);
  const NeighborConfig& a = p->neighbors[0];
  EXPECT_EQ(a.local_as, 65000u);
  EXPECT_EQ(a.peer_as, 65001u);
  EXPECT_EQ(a.hold_time, 90);  // the neighbor's own value wins
  EXPECT_TRUE(a.passive);       // from extra
  EXPECT_EQ(a.description, "from base");
  EXPECT_TRUE(a.capability.route_refresh);
  EXPECT_EQ(a.families, (std::vector<wire::Family>{wire::kIpv6Unicast, wire::kIpv4Unicast}));
  ASSERT_EQ(a.routes.size(), 2u);  // its own, then the template's (inherited once)
  EXPECT_EQ(a.routes[0].nlri[0].prefix.ToString(), "2.0.0.0/8");
  EXPECT_EQ(a.routes[1].nlri[0].prefix.ToString(), "1.0.0.0/8");
  const NeighborConfig& b = p->neighbors[1];
  EXPECT_EQ(b.peer_as, 7u);
  EXPECT_EQ(b.hold_time, 30);
  EXPECT_EQ(b.families, (std::vector<wire::Family>{wire::kIpv4Unicast}));

  EXPECT_EQ(FirstError("neighbor 10.0.0.1 {\n  inherit nowhere;\n  router-id 1.1.1.1; local-as 1; peer-as 1;\n}"),
            "test.conf:2:11: template nowhere is not defined");
  EXPECT_EQ(FirstError("template {\n neighbor a {\n  inherit b;\n }\n neighbor b {\n  inherit a;\n }\n}\n"),
            "test.conf:6:11: template a inherits itself");
  EXPECT_EQ(FirstError("template {\n neighbor a { }\n neighbor a { }\n}"), "test.conf:3:11: template a is defined twice");
  EXPECT_EQ(FirstError("template {\n process a { }\n}"), "test.conf:2:2: invalid keyword 'process' in template");
  EXPECT_EQ(FirstError("template {\n neighbor a {\n  hold-time 1;\n }\n}"),
            "test.conf:3:13: hold-time must be zero or at least three seconds");
}

// The FQDN capability holds 255 bytes: two length octets and the names. A
// config whose names do not fit is refused (herald could not send its OPEN).
TEST(ParserTest, FqdnNamesMustFitTheCapability) {
  std::string fits = "host-name " + std::string(200, 'h') + "; domain-name " + std::string(53, 'd') + ";\n";
  EXPECT_EQ(FirstError(Neighbor(fits)), "(no error)");
  std::string over = "host-name " + std::string(200, 'h') + "; domain-name " + std::string(54, 'd') + ";\n";
  EXPECT_EQ(FirstError(Neighbor(over)),
            "test.conf:6:1: host-name and domain-name are 254 bytes together; the FQDN capability carries at most 253");
}

// A static route whose attributes no UPDATE can hold is refused where it is
// written; one that needs extended messages is refused only when the
// neighbor disables them (else a peer without them gets it withdrawn at
// send time, with a log line).
TEST(ParserTest, StaticRoutesMustFitAnUpdate) {
  std::string path = "as-path [";
  for (int i = 0; i < 1500; ++i) path += " 65010";
  path += " ]";
  std::string communities = "community [";
  for (int i = 0; i < 20000; ++i) communities += " 65010:" + std::to_string(i % 65536);
  communities += " ]";
  const std::string big = "static { route 10.56.0.0/24 next-hop 192.0.2.9 " + path + "; }\n";
  EXPECT_EQ(FirstError(Neighbor(big)), "(no error)");
  std::string e = FirstError(Neighbor("capability { extended-message disable; }\n" + big));
  EXPECT_TRUE(e.starts_with("test.conf:7:16: route 10.56.0.0/24 can never be sent to neighbor 127.0.0.1: "
                            "its attributes take ")) << e;
  EXPECT_TRUE(e.ends_with("(extended-message is disabled)")) << e;
  e = FirstError(Neighbor("static {\n route 10.1.0.0/24 next-hop 192.0.2.9;\n route 10.57.0.0/24 next-hop 192.0.2.9 " +
                          communities + ";\n}\n"));
  EXPECT_TRUE(e.starts_with("test.conf:8:8: route 10.57.0.0/24 can never be sent to neighbor 127.0.0.1: "
                            "its attributes take over 65535 bytes")) << e;
  EXPECT_NE(e.find("no BGP session can carry it"), std::string::npos) << e;
}

TEST(ParserTest, IncomingTtlIsApplied) {
  auto p = Parse(Neighbor("incoming-ttl 10;\n"));
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->warnings.empty());
  EXPECT_EQ(Only(p).incoming_ttl, 10);
}

TEST(ParserTest, TtlSecurity) {
  auto p = Parse(Neighbor("ttl-security 1;\n"));
  EXPECT_EQ(Only(p).ttl_security, 1);
  EXPECT_FALSE(Only(Parse(Neighbor("ttl-security disable;\n"))).ttl_security);
  EXPECT_EQ(FirstError(Neighbor("ttl-security 0;\n")),
            "test.conf:6:14: invalid ttl-security \"0\" (the peer's distance in hops, 1 to 254)");
  EXPECT_EQ(FirstError(Neighbor("ttl-security 255;\n")),
            "test.conf:6:14: invalid ttl-security \"255\" (the peer's distance in hops, 1 to 254)");
  EXPECT_EQ(FirstError(Neighbor("ttl-security 1;\noutgoing-ttl 255;\n")),
            "test.conf:6:1: neighbor 127.0.0.1: ttl-security sets the outgoing and incoming TTLs; remove "
            "outgoing-ttl and incoming-ttl, or ttl-security");
}

TEST(ParserTest, Md5Password) {
  auto parsed = Parse(Neighbor("md5-password \"s3cret with space\";\n"));
  const NeighborConfig& n = Only(parsed);
  EXPECT_EQ(n.md5.source, Md5Config::Source::kInline);
  EXPECT_EQ(n.md5.given, "s3cret with space");
  EXPECT_EQ(n.md5.key, "s3cret with space");
  EXPECT_EQ(n.md5.base64, false);
  EXPECT_EQ(Only(Parse(Neighbor("md5-password bare;\n"))).md5.key, "bare");
  // Exactly 80 bytes is the most TCP_MD5SIG takes.
  EXPECT_EQ(Only(Parse(Neighbor("md5-password " + std::string(80, 'x') + ";\n"))).md5.key.size(), 80u);
  EXPECT_EQ(FirstError(Neighbor("md5-password " + std::string(81, 'x') + ";\n")),
            "test.conf:6:1: neighbor 127.0.0.1: MD5 password must be no larger than 80 characters (it is 81)");
  EXPECT_EQ(FirstError(Neighbor("md5-password \"\";\n")), "test.conf:6:14: md5-password is empty");
  EXPECT_EQ(FirstError(Neighbor("md5-password;\n")), "test.conf:6:13: missing value for md5-password, found ';'");
  EXPECT_EQ(FirstError(Neighbor("md5-password a;\nmd5-password b;\n")),
            "test.conf:7:1: md5-password given twice (first at line 6)");
}

TEST(ParserTest, Md5Base64) {
  // "c2VjcmV0" is base64("secret").
  auto parsed = Parse(Neighbor("md5-password c2VjcmV0;\nmd5-base64 true;\n"));
  const NeighborConfig& n = Only(parsed);
  EXPECT_EQ(n.md5.key, "secret");
  EXPECT_EQ(n.md5.given, "c2VjcmV0");
  // Order does not matter, and a bare md5-base64 means true.
  EXPECT_EQ(Only(Parse(Neighbor("md5-base64;\nmd5-password c2VjcmV0;\n"))).md5.key, "secret");
  EXPECT_EQ(Only(Parse(Neighbor("md5-password c2VjcmV0;\nmd5-base64 false;\n"))).md5.key, "c2VjcmV0");
  EXPECT_EQ(FirstError(Neighbor("md5-password c2VjcmV0!;\nmd5-base64 enable;\n")),
            "test.conf:6:1: neighbor 127.0.0.1: invalid MD5 password: not valid base64");
  // 81 bytes once decoded (108 characters of base64).
  std::string long_key = "eHh4" ;
  for (int i = 0; i < 26; ++i) long_key += "eHh4";  // 27 * 3 = 81 bytes of 'x'
  EXPECT_EQ(FirstError(Neighbor("md5-password " + long_key + ";\nmd5-base64 true;\n")),
            "test.conf:6:1: neighbor 127.0.0.1: MD5 password must be no larger than 80 characters (it is 81)");
  // auto: ExaBGP's guess, a password of only [0-9a-f] is base64 with its
  // padding left out ("abcd" -> 69 b7 1d); anything else is taken as is.
  EXPECT_EQ(Only(Parse(Neighbor("md5-password abcd;\nmd5-base64 auto;\n"))).md5.key, std::string("i\xb7\x1d"));
  EXPECT_EQ(Only(Parse(Neighbor("md5-password ab;\nmd5-base64 auto;\n"))).md5.key, "i");
  EXPECT_EQ(Only(Parse(Neighbor("md5-password secret;\nmd5-base64 auto;\n"))).md5.key, "secret");
  EXPECT_EQ(FirstError(Neighbor("md5-base64 maybe;\n")),
            "test.conf:6:12: invalid value 'maybe' for md5-base64 (expected true, false, enable or disable)");
  auto p = Parse(Neighbor("md5-base64 true;\n"));
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->warnings.size(), 1u);
  EXPECT_EQ(p->warnings[0].ToString(), "test.conf:6:1: md5-base64 without md5-password has no effect");
}

TEST(ParserTest, Md5PasswordFromEnvironment) {
  ::setenv("HERALD_TEST_MD5", "from-env", 1);
  auto parsed = Parse(Neighbor("md5-password-env HERALD_TEST_MD5;\n"));
  const NeighborConfig& n = Only(parsed);
  EXPECT_EQ(n.md5.source, Md5Config::Source::kEnv);
  EXPECT_EQ(n.md5.given, "HERALD_TEST_MD5");
  EXPECT_EQ(n.md5.key, "from-env");
  ::unsetenv("HERALD_TEST_MD5_UNSET");
  EXPECT_EQ(FirstError(Neighbor("md5-password-env HERALD_TEST_MD5_UNSET;\n")),
            "test.conf:6:18: md5-password-env: environment variable HERALD_TEST_MD5_UNSET is not set");
  ::setenv("HERALD_TEST_MD5_EMPTY", "", 1);
  EXPECT_EQ(FirstError(Neighbor("md5-password-env HERALD_TEST_MD5_EMPTY;\n")),
            "test.conf:6:18: md5-password-env: environment variable HERALD_TEST_MD5_EMPTY is empty");
  // One password, whichever way it is given.
  EXPECT_EQ(FirstError(Neighbor("md5-password a;\nmd5-password-env HERALD_TEST_MD5;\n")),
            "test.conf:7:1: md5-password-env given twice (first at line 6)");
}

TEST(ParserTest, Md5PasswordFromFile) {
  TempDir dir;
  std::string path = dir.Write("md5.key", "from-file\n");
  auto parsed = Parse(Neighbor("md5-password-file \"" + path + "\";\n"));
  const NeighborConfig& n = Only(parsed);
  EXPECT_EQ(n.md5.source, Md5Config::Source::kFile);
  EXPECT_EQ(n.md5.given, path);
  EXPECT_EQ(n.md5.key, "from-file");
  dir.Write("md5.key", "");
  EXPECT_EQ(FirstError(Neighbor("md5-password-file \"" + path + "\";\n")),
            "test.conf:6:19: md5-password-file: " + path + " is empty");
  std::string big = dir.Write("big.key", std::string(600, 'x'));
  EXPECT_EQ(FirstError(Neighbor("md5-password-file \"" + big + "\";\n")),
            "test.conf:6:19: md5-password-file: " + big + " is too long for a password (512 bytes or more)");
  // A FIFO would block the load until someone writes to it.
  std::string fifo = dir.File("fifo");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_EQ(FirstError(Neighbor("md5-password-file \"" + fifo + "\";\n")),
            "test.conf:6:19: md5-password-file: " + fifo + " is not a regular file");
  EXPECT_EQ(FirstError(Neighbor("md5-password-file /nonexistent/md5.key;\n")),
            "test.conf:6:19: md5-password-file: cannot read /nonexistent/md5.key: No such file or directory");
}

TEST(ParserTest, Md5Ip) {
  EXPECT_EQ(Only(Parse(Neighbor("md5-ip 127.0.0.1;\n"))).md5.ip, Ip("127.0.0.1"));
  // Another address: where herald binds and listens for this neighbor.
  const NeighborConfig n = Only(Parse(Neighbor("md5-ip 127.0.0.9;\n")));
  EXPECT_EQ(BindAddress(n), Ip("127.0.0.9"));
  EXPECT_EQ(BindAddress(Only(Parse(Neighbor("")))), Ip("127.0.0.1"));  // local-address
  EXPECT_EQ(FirstError(Neighbor("md5-ip ::1;\n")),
            "test.conf:6:1: neighbor 127.0.0.1: md5-ip ::1 is not of the neighbor's address family");
  EXPECT_EQ(FirstError(Neighbor("md5-ip bad;\n")), "test.conf:6:8: \"bad\" is an invalid IP address");
  auto p = Parse("neighbor 127.0.0.1 {\n router-id 1.2.3.4; local-as 1; peer-as 1;\n md5-ip 127.0.0.9;\n}\n");
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->warnings.size(), 1u);
  EXPECT_EQ(p->warnings[0].ToString(), "test.conf:3:2: md5-ip has no effect when local-address is auto (as in ExaBGP)");
}

TEST(ParserTest, Md5FromTemplate) {
  auto p = Parse(
      "template {\n neighbor t {\n  md5-password c2VjcmV0;\n  md5-base64 true;\n  ttl-security 2;\n }\n}\n" +
      Neighbor("inherit t;\n"));
  const NeighborConfig& n = Only(p);
  EXPECT_EQ(n.md5.key, "secret");
  EXPECT_EQ(n.ttl_security, 2);
}

TEST(ParserTest, SettingValuesNotImplementedAreWarnedAbout) {
  auto p = Parse(Neighbor("adj-rib-out false;\nauto-flush false;\nadj-rib-in true;\ngroup-updates false;\n"));
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->warnings.size(), 1u);
  EXPECT_TRUE(p->warnings[0].ToString().starts_with("test.conf:7:1: auto-flush false is not supported by herald yet"));
  EXPECT_FALSE(Only(p).adj_rib_out);
  // adj-rib-out false with route refresh: turned on, as ExaBGP does.
  auto r = Parse(Neighbor("adj-rib-out false;\ncapability { route-refresh; }\n"));
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_TRUE(r->warnings[0].ToString().starts_with("test.conf:6:1: adj-rib-out false with route-refresh"));
  EXPECT_TRUE(Only(r).adj_rib_out);
  // What herald does: quiet.
  auto q = Parse(Neighbor("adj-rib-out true;\nauto-flush true;\nadj-rib-in false;\n"));
  ASSERT_TRUE(q.ok());
  EXPECT_TRUE(q->warnings.empty());
}

// Routes of a watchdog keep its name; `withdraw` holds them back, and
// without a watchdog it has no effect (a warning, the route announced).
TEST(ParserTest, WatchdogRoutes) {
  auto p = Parse(Neighbor("static {\n route 10.0.0.0/24 next-hop 1.1.1.1 watchdog dog;\n"
                          " route 10.0.1.0/24 next-hop 1.1.1.1 watchdog dog withdraw;\n"
                          " route 10.0.2.0/24 next-hop 1.1.1.1 withdraw;\n}\n"));
  ASSERT_TRUE(p.ok());
  const auto& n = p->neighbors[0];
  ASSERT_EQ(n.routes.size(), 2u);
  ASSERT_EQ(n.withdrawn_routes.size(), 1u);
  EXPECT_EQ(n.routes[0].watchdog, "dog");
  EXPECT_EQ(n.routes[1].watchdog, "");
  EXPECT_EQ(n.withdrawn_routes[0].watchdog, "dog");
  ASSERT_EQ(p->warnings.size(), 1u);
  EXPECT_EQ(p->warnings[0].ToString(),
            "test.conf:9:37: withdraw without a watchdog has no effect: the route is announced; add watchdog <name> "
            "to hold it until announce watchdog <name>");
}

TEST(ParserTest, SettingErrorsAreLocated) {
  struct {
    const char* extra;
    const char* error;
  } cases[] = {
      {"router-id 1.2.3;", "test.conf:6:11: \"1.2.3\" is an invalid router-id"},
      {"router-id ::1;", "test.conf:6:11: \"::1\" is an invalid router-id"},
      {"router-id;", "test.conf:6:10: missing value for router-id, found ';'"},
      {"local-address nowhere;", "test.conf:6:15: \"nowhere\" is an invalid IP address"},
      {"local-as 4294967296;", "test.conf:6:10: \"4294967296\" is an invalid ASN"},
      {"local-as 0;", "test.conf:6:10: AS 0 is reserved (RFC 7607)"},
      {"peer-as auto;", "test.conf:6:9: peer-as auto is not supported by herald yet"},
      {"hold-time 2;", "test.conf:6:11: hold-time must be zero or at least three seconds"},
      {"hold-time 65536;", "test.conf:6:11: hold-time must be smaller or equal to 65535"},
      {"hold-time x;", "test.conf:6:11: \"x\" is an invalid hold-time"},
      {"listen 0;", "test.conf:6:8: \"0\" is an invalid port (1 to 65535)"},
      {"connect 65536;", "test.conf:6:9: \"65536\" is an invalid port (1 to 65535)"},
      {"description two words;", "test.conf:6:17: unexpected 'words' after description (quote a description "
                                 "with spaces)"},
      {"host-name -bad;", "test.conf:6:11: bad host-name '-bad'"},
      {"domain-name a..b;", "test.conf:6:13: bad domain-name 'a..b'"},
      {"outgoing-ttl 256;", "test.conf:6:14: outgoing-ttl must be between 1 and 255"},
      {"incoming-ttl x;", "test.conf:6:14: invalid incoming-ttl \"x\""},
      {"group-updates false extra;", "test.conf:6:21: unexpected 'extra' after group-updates"},
      {"hold-time 30; hold-time 40;", "test.conf:6:15: hold-time given twice (first at line 6)"},
      {"rate-limit 0;", "test.conf:6:12: rate-limit must be at least 1 (per second), or disable"},
      {"rate-limit fast;", "test.conf:6:12: \"fast\" is an invalid rate-limit"},
      {"flow { match { } }", "test.conf:6:8: invalid keyword 'match' in flow"},
      {"vpls { }", "test.conf:6:1: vpls is not supported by herald yet"},
      {"vpls { }", "test.conf:6:1: vpls is not supported by herald yet"},
      {"announce { bgp-ls { } }", "test.conf:6:12: bgp-ls is not supported by herald yet"},
      {"operational;", "test.conf:6:1: missing '{' after operational"},
      {"operational { bogus 1; }", "test.conf:6:15: invalid keyword 'bogus' in operational"},
      {"add-path { ipv4 bogus; }", "test.conf:6:17: invalid afi/safi pair ipv4/bogus"},
      {"nexthop { ipv4 flow ipv6; }", "test.conf:6:16: invalid afi/safi pair ipv4/flow"},
      {"colour blue;", "test.conf:6:1: invalid keyword 'colour' in neighbor"},
      {"family;", "test.conf:6:1: missing '{' after family"},
      {"hold-time { }", "test.conf:6:1: hold-time does not open a block (expected ';')"},
      {"{ }", "test.conf:6:1: missing section name before '{'"},
      {"hold-time 30 }", "test.conf:6:14: missing ';' before '}'"},
  };
  for (const auto& c : cases) {
    std::string text = std::string_view(c.extra).substr(0, 8) == "router-i" ||
                               std::string_view(c.extra).substr(0, 6) == "local-" ||
                               std::string_view(c.extra).substr(0, 8) == "peer-as "
                           ? "neighbor 127.0.0.1 {\n\n\n\n\n" + std::string(c.extra) + "\n}\n"
                           : Neighbor(c.extra);
    EXPECT_TRUE(HasError(text, c.error)) << c.extra;
  }
}

// A '}' at the top level ends the file, as in ExaBGP 5.0, with a warning.
TEST(ParserTest, StrayBraceEndsTheFile) {
  auto p = Parse("neighbor 10.0.0.1 { local-as 1; peer-as 1; router-id 1.1.1.1; }\n}\n");
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->warnings.size(), 1u);
  EXPECT_EQ(p->warnings[0].ToString(), "test.conf:2:1: stray '}' ignored (ExaBGP ignores it too)");
  p = Parse("neighbor 10.0.0.1 { local-as 1; peer-as 1; router-id 1.1.1.1; }\n}\n"
            "neighbor 10.0.0.2 { local-as 1; peer-as 1; router-id 1.1.1.1; }\n");
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->neighbors.size(), 1u);
  ASSERT_EQ(p->warnings.size(), 1u);
  EXPECT_EQ(p->warnings[0].ToString(),
            "test.conf:2:1: stray '}': the rest of the file, from line 3, is ignored, as ExaBGP 5.0 ignores it");
}

TEST(ParserTest, TopLevelErrors) {
  EXPECT_EQ(FirstError("neighbor {\n}"), "test.conf:1:10: missing peer address after neighbor");
  EXPECT_EQ(FirstError("neighbor 10.0.0.0/24 {\n}"),
            "test.conf:1:10: neighbor ranges (10.0.0.0/24) are not supported by herald yet");
  EXPECT_EQ(FirstError("neighbor 10.0.0 {\n}"), "test.conf:1:10: \"10.0.0\" is an invalid IP address");
  EXPECT_EQ(FirstError("neighbor 10.0.0.1 10.0.0.2 {\n}"), "test.conf:1:19: unexpected '10.0.0.2' after the peer address");
  EXPECT_EQ(FirstError("group x {\n}"), "test.conf:1:1: invalid keyword 'group' in the configuration");
  EXPECT_EQ(FirstError("hold-time 30;"), "test.conf:1:1: invalid keyword 'hold-time' in the configuration");
  EXPECT_EQ(FirstError("neighbor 10.0.0.1 {\n  description \"unterminated;\n}"),
            "test.conf:2:15: unterminated string (missing closing \")");
  EXPECT_EQ(FirstError("neighbor 10.0.0.2 { local-address 10.0.0.1; local-as 1; }"),
            "test.conf:1:1: neighbor 10.0.0.2: missing peer-as");
  EXPECT_EQ(FirstError("neighbor 10.0.0.2 { local-address 10.0.0.1; peer-as 1; }"),
            "test.conf:1:1: neighbor 10.0.0.2: missing local-as");
  EXPECT_EQ(FirstError("neighbor 10.0.0.2 {\n router-id 1.1.1.1; local-address ::1; local-as 1; peer-as 1;\n}"),
            "test.conf:2:21: local-address ::1 and peer address 10.0.0.2 must be of the same family");
  EXPECT_EQ(FirstError(Neighbor("") + Neighbor("")),
            "test.conf:7:1: duplicate peer definition 127.0.0.1 from 127.0.0.1 (first at test.conf:1:1)");
  EXPECT_EQ(FirstError("neighbor 10.0.0.1 {\n local-as 1;"), "test.conf:1:1: neighbor 10.0.0.1: missing peer-as");
}

TEST(ParserTest, CollectsEveryErrorAndResumes) {
  std::vector<std::string> errors = Errors(
      "neighbor 10.0.0.1 {\n"
      "  router-id 1.1.1.1; local-as x; peer-as 2;\n"
      "  hold-time 1;\n"
      "  operational { rpcq afi ipv4 safi unicast sequence 1; }\n"
      "  bogus { nested { deeper; } }\n"
      "  static {\n"
      "    route 10.0.0.0/8 med 1;\n"
      "    route 11.0.0.0/8 next-hop 1.1.1.1;\n"
      "  }\n"
      "}\n"
      "process p {\n"
      "  run /nonexistent;\n"
      "}\n");
  EXPECT_EQ(errors, (V{
                        "test.conf:2:31: \"x\" is an invalid ASN",
                        "test.conf:3:13: hold-time must be zero or at least three seconds",
                        "test.conf:4:17: rpcq in an operational block is not supported by herald yet (ExaBGP 5.0 "
                        "fails to load it too); send it with the API command `announce operational rpcq ...`",
                        "test.conf:5:3: invalid keyword 'bogus' in neighbor",
                        "test.conf:7:11: missing next-hop for 10.0.0.0/8",
                        "test.conf:12:7: can not locate the program \"/nonexistent\"",
                    }));
}

TEST(ParserTest, UnclosedBlockAtEndOfFileIsOnlyAWarning) {
  // ExaBGP accepts this (its conf-split.conf example lacks a brace).
  Parsed p = Parse("neighbor 10.0.0.1 {\n  router-id 1.1.1.1; local-as 1; peer-as 2;\n  static {\n"
                   "    route 10.0.0.0/8 next-hop 1.1.1.1;\n  }\n");
  ASSERT_TRUE(p.ok()) << p.error()[0].ToString();
  EXPECT_EQ(Only(p).routes.size(), 1u);
  ASSERT_EQ(p->warnings.size(), 1u);
  EXPECT_EQ(p->warnings[0].ToString(), "test.conf:1:19: missing '}' to close neighbor at end of file");
}

// conf-new-v4.conf with its template's closing brace left out: the
// template takes in the neighbor after it, and the configuration would
// have none. The neighbor, indented as if outside, gives the mistake away.
TEST(ParserTest, AnUnclosedBlockThatSwallowsWhatFollowsIsAnError) {
  const std::string tmpl =
      "template {\n"
      "\tneighbor a-few-routes {\n"
      "\t\tannounce {\n"
      "\t\t\tipv4 {\n"
      "\t\t\t\tunicast 10.0.1.0/24 next-hop 10.0.255.254;\n"
      "\t\t\t}\n"
      "\t\t}\n";
  const std::string neighbor =
      "\n"
      "neighbor 127.0.0.1 {\n"
      "\tinherit a-few-routes;\n"
      "\trouter-id 10.0.0.2;\n"
      "\tlocal-as 65533;\n"
      "\tpeer-as 65533;\n"
      "}\n";
  // The template's brace missing.
  EXPECT_EQ(Errors(tmpl + "\t}\n" + neighbor),
            (V{"test.conf:1:10: missing '}' to close template: it runs to the end of the file and "
               "takes in 'neighbor' at line 10, indented as if outside it"}));
  // The template neighbor's brace missing: it takes the template's, and
  // the template is the block left open.
  EXPECT_EQ(Errors(tmpl + "}\n" + neighbor),
            (V{"test.conf:1:10: missing '}' to close template: it runs to the end of the file and "
               "takes in 'neighbor' at line 10, indented as if outside it"}));
  // The whole file well-formed: one neighbor.
  Parsed p = Parse(tmpl + "\t}\n}\n" + neighbor);
  ASSERT_TRUE(p.ok()) << p.error()[0].ToString();
  EXPECT_EQ(p->neighbors.size(), 1u);
  // Only the brace at the very end missing: a warning, as before.
  Parsed q = Parse(tmpl + "\t}\n}\n" + neighbor.substr(0, neighbor.size() - 2));
  ASSERT_TRUE(q.ok()) << q.error()[0].ToString();
  EXPECT_EQ(q->neighbors.size(), 1u);
  ASSERT_EQ(q->warnings.size(), 1u);
  EXPECT_EQ(q->warnings[0].ToString(),
            "test.conf:11:20: missing '}' to close neighbor at end of file");
}

TEST(ParserTest, CommentsQuotesAndLayout) {
  Parsed p = Parse(
      "# a comment\n"
      "neighbor 10.0.0.1 { router-id 1.1.1.1; local-as 1; # trailing\n"
      "peer-as\n2\n; static { route 10.0.0.0/8 next-hop 1.1.1.1 community [1:1,2:2]; } }");
  ASSERT_TRUE(p.ok()) << p.error()[0].ToString();
  EXPECT_EQ(Only(p).peer_as, 2u);
  EXPECT_EQ(Only(p).routes[0].attrs.communities.size(), 2u);
  EXPECT_TRUE(HasError("neighbor 10.0.0.1 { description 'it''s'; }",
                       "test.conf:1:37: unexpected \"s\" after description (quote a description with spaces)"));
}

TEST(ParserTest, SeveralFilesMergeIntoOneConfig) {
  TempDir dir;
  std::string a = dir.Write("a.conf",
                            "process p { run /bin/cat; }\n"
                            "template { neighbor t { local-as 1; peer-as 2; } }\n"
                            "neighbor 10.0.0.1 { inherit t; router-id 1.1.1.1; api { processes [ q ]; } }\n");
  std::string b = dir.Write("b.conf",
                            "process q { run /bin/cat; }\n"
                            "neighbor 10.0.0.2 { router-id 1.1.1.1; local-as 1; peer-as 2; api { processes [ p ]; } }\n");
  Parsed p = ParseConfigFiles({a, b});
  ASSERT_TRUE(p.ok()) << p.error()[0].ToString();
  EXPECT_EQ(p->files, (V{a, b}));
  ASSERT_EQ(p->processes.size(), 2u);
  ASSERT_EQ(p->neighbors.size(), 2u);
  EXPECT_EQ(p->neighbors[1].where.file, b);

  // Templates are private to their file; names and sessions are global.
  std::string c = dir.Write("c.conf",
                            "process p { run /bin/cat; }\n"
                            "neighbor 10.0.0.1 { inherit t; router-id 1.1.1.1; local-as 1; peer-as 2; }\n");
  Parsed q = ParseConfigFiles({a, b, c});
  ASSERT_FALSE(q.ok());
  std::vector<std::string> errors;
  for (const auto& e : q.error()) errors.push_back(e.ToString());
  EXPECT_EQ(errors, (V{
                        c + ":1:1: a process section called \"p\" already exists (at " + a + ":1:1)",
                        c + ":2:1: duplicate peer definition 10.0.0.1 (first at " + a + ":3:1)",
                        c + ":2:29: template t is not defined",
                    }));
  Parsed missing = ParseConfigFiles({dir.path() + "/none.conf"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error()[0].ToString(), dir.path() + "/none.conf: can not read the file: No such file or directory");
  Parsed directory = ParseConfigFiles({dir.path()});
  ASSERT_FALSE(directory.ok());
  EXPECT_EQ(directory.error()[0].ToString(), dir.path() + ": is a directory, not a configuration file");
  EXPECT_FALSE(ParseConfigFiles({}).ok());
}

TEST(ParserTest, ErrorToStringWithoutALine) {
  EXPECT_EQ((ConfigError{Location{"f", 0, 0}, "m"}).ToString(), "f: m");
  EXPECT_EQ((ConfigError{Location{"f", 3, 4}, "m"}).ToString(), "f:3:4: m");
}

// Any prefix of a valid configuration gives errors or a Config, never a crash.
TEST(ParserTest, EveryTruncationIsHandled) {
  const std::string text =
      "process p { run /bin/cat; encoder text; }\n"
      "template { neighbor t { family { ipv4 unicast; } api { processes [ p ]; receive { parsed; } } } }\n"
      "neighbor 10.0.0.1 { inherit t; router-id 1.1.1.1; local-as 1; peer-as 2; description \"x y\";\n"
      "  static { route 10.0.0.0/8 { next-hop 1.1.1.1; community [ 1:1 ]; } attributes next-hop self nlri 1.0.0.0/8; }\n"
      "  announce { ipv4 { unicast 2.0.0.0/8 next-hop 1.1.1.1 split /9; } }\n"
      "}\n";
  for (size_t n = 0; n <= text.size(); ++n) {
    Parsed p = Parse(text.substr(0, n));
    if (!p.ok()) {
      EXPECT_FALSE(p.error().empty());
    }
  }
  EXPECT_TRUE(Parse(text).ok());
}

}  // namespace
}  // namespace herald::config

namespace herald::config {
namespace {

// Random statements from the configuration's own vocabulary: whatever comes
// out, the parser returns a Config or located errors (run under ASan/UBSan).
TEST(ParserTest, RandomTokenSoup) {
  const char* const words[] = {
      "neighbor", "10.0.0.1", "::1", "template", "process", "run", "/bin/cat", "inherit", "t", "static",
      "route", "10.0.0.0/8", "next-hop", "self", "med", "1", "community", "1:1", "as-path", "(", ")", "[",
      "]", "{", "}", ";", ";", "}", ",", "family", "ipv4", "unicast", "api", "processes", "receive", "parsed",
      "announce", "ipv6", "attributes", "nlri", "split", "/9", "local-as", "peer-as", "router-id", "1.1.1.1",
      "capability", "asn4", "disable", "\"q s\"", "#", "\n", "attribute", "0x99", "0x40", "0x01", "withdraw",
  };
  uint64_t state = 42;
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<size_t>(state >> 33);
  };
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    size_t length = next() % 60;
    for (size_t i = 0; i < length; ++i) {
      text += words[next() % std::size(words)];
      text += ' ';
    }
    auto p = ParseConfigText(text, "soup.conf");
    if (!p.ok()) {
      for (const ConfigError& e : p.error()) {
        EXPECT_FALSE(e.message.empty()) << text;
        EXPECT_GE(e.where.line, 1) << text;
        EXPECT_GE(e.where.column, 1) << text;
      }
    }
  }
}

// processes-match: regular expressions matched from the start of each
// process name (Python's re.match), resolved once every file is read.
TEST(ParserTest, ProcessesMatch) {
  auto p = Parse("process watch-a { run /bin/cat; }\nprocess other { run /bin/cat; }\n"
                 "process watch-b { run /bin/cat; }\nprocess xwatch { run /bin/cat; }\n" +
                 Neighbor("api { processes-match [ watch- ^oth ]; neighbor-changes; }\n"));
  ASSERT_TRUE(p.ok()) << p.error()[0].ToString();
  const ApiConfig& api = p->neighbors.at(0).api.at(0);
  EXPECT_EQ(api.processes_match, (std::vector<std::string>{"watch-", "^oth"}));
  EXPECT_EQ(api.processes, (std::vector<std::string>{"watch-a", "other", "watch-b"}));
  EXPECT_EQ(FirstError("process a { run /bin/cat; }\n" + Neighbor("api { processes-match [ ^b ]; }\n")),
            "test.conf:7:1: no process matches processes-match [ ^b ] of neighbor 127.0.0.1");
  EXPECT_EQ(FirstError("process a { run /bin/cat; }\n" +
                       Neighbor("api { processes-match [ a ]; processes [ a ]; }\n")),
            "test.conf:7:1: processes and processes-match are mutually exclusive (neighbor 127.0.0.1)");
  EXPECT_NE(FirstError("process a { run /bin/cat; }\n" + Neighbor("api { processes-match [ *a ]; }\n"))
                .find("invalid regular expression '*a' in processes-match"),
            std::string::npos);
}

// Found by the config fuzz target (tests/fuzz/corpus/config/crash-915e92a9...):
// a back-reference numbered past INT_MAX overflowed inside libstdc++'s
// regex compiler. Back-references and counts over 999 are refused first.
TEST(ParserTest, ProcessesMatchRefusesWhatStdRegexCannotTake) {
  auto first = [](const std::string& re) {
    return FirstError("process a { run /bin/cat; }\n" + Neighbor("api { processes-match [ \"" + re + "\" ]; }\n"));
  };
  EXPECT_NE(first("a\\\\1111111111111111111").find("back-references are not allowed"), std::string::npos)
      << first("a\\\\1111111111111111111");
  EXPECT_NE(first("a{1000}").find("repetition counts above 999"), std::string::npos) << first("a{1000}");
  EXPECT_NE(first("a{2,1111111111111111111}").find("repetition counts above 999"), std::string::npos);
  // Small counts are fine.
  auto p = Parse("process a1 { run /bin/cat; }\n" + Neighbor("api { processes-match [ \"a{1,3}1\" ]; }\n"));
  ASSERT_TRUE(p.ok()) << p.error()[0].ToString();
  EXPECT_EQ(p->neighbors.at(0).api.at(0).processes, (std::vector<std::string>{"a1"}));
}

// ExaBGP 5.0's negotiated, fsm and signal messages: parsed as booleans.
TEST(ParserTest, ApiNegotiatedFsmSignal) {
  auto p = Parse("process p { run /bin/cat; }\n" +
                 Neighbor("api { processes [ p ]; negotiated; fsm false; signal; }\n"));
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->warnings.empty());
  const ApiConfig& api = p->neighbors.at(0).api.at(0);
  EXPECT_TRUE(api.negotiated);
  EXPECT_FALSE(api.fsm);
  EXPECT_TRUE(api.signal);
}

}  // namespace
}  // namespace herald::config
