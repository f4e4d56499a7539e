// ExaBGP 4.2's own example configurations (Debian's exabgp package): those
// using only what herald supports must parse (and survive a round trip
// through the printer); the others must fail cleanly, naming the feature.
#include <gtest/gtest.h>

#include <filesystem>

#include "config/config_testing.h"
#include "config/parser.h"

namespace herald::config {
namespace {

const std::string kDir = "/usr/share/doc/exabgp/examples/";

bool HaveExamples() { return std::filesystem::exists(kDir + "parse-simple-v4.conf"); }

// Every example that uses only features herald implements (each also
// accepted by ExaBGP 5.0.13's `validate -nrv`).
const char* const kSupported[] = {
    "api-announce.conf",          "api-announcement.conf",
    "api-eor.conf",               "api-fast.conf",
    "api-manual-eor.conf",        "api-multi-neighbor.conf",
    "api-no-respawn.conf",        "api-notification.conf",
    "api-reload.1.conf",          "api-reload.2.conf",
    "conf-group.conf",            "api-multisession.conf",
    "parse-multisession.conf",
    "api-attributes.conf",        "api-check.conf",
    "api-nexthop-self.conf",      "api-nexthop.conf",
    "api-add-remove.conf",
    "api-teardown.conf",          "api-watchdog.conf",
    "conf-aggregator.conf",
    "conf-group-limit.conf",
    "conf-ipself4.conf",          "conf-ipself6.conf",
    "conf-ipv46routes4family.conf", "conf-ipv46routes6family.conf",
    "conf-ipv6grouping.conf",     "conf-largecommunity.conf",
    "conf-name.conf",             "conf-new-v4.conf",
    "conf-new-v6.conf",           "conf-no-asn4.conf",
    "conf-template.conf",         "conf-path-information.conf",
    "conf-split.conf",            "conf-unknowncap.conf",
    "example-healthcheck.conf",   "example-tcp-control.conf",
    "parse-community.conf",       "parse-dual-neighbor.conf",
    "parse-multiple-process.conf", "parse-process.conf",
    "parse-simple-v4.conf",       "parse-simple-v6.conf",
    "parse-ttl.conf",             "parse-md5.conf",
    "conf-flow.conf",             "api-flow.conf",
    "api-broken-flow.conf",
    "api-api.conf",               "api-attributes-vpn.conf",
    "api-vpnv4.conf",
    "conf-vpn.conf",              "conf-parity.conf",
    "conf-addpath.conf",
    "api-open.conf",              "extended-nexthop.conf",
    "conf-flow-redirect.conf",    "conf-prefix-sid.conf",
    "conf-l2vpn.conf",            "api-vpls.conf",
};

TEST(ExamplesTest, SupportedExamplesParseAndRoundTrip) {
  if (!HaveExamples()) GTEST_SKIP() << "exabgp examples not installed";
  for (const char* name : kSupported) {
    auto p = ParseConfigFiles({kDir + name});
    ASSERT_TRUE(p.ok()) << name << ": " << p.error()[0].ToString();
    EXPECT_FALSE(p->neighbors.empty()) << name;
    auto again = testing::Reparse(*p);
    ASSERT_TRUE(again.ok()) << name << ": " << again.error().message;
    EXPECT_EQ(testing::WithoutLocations(*again), testing::WithoutLocations(*p)) << name;
  }
}

// Every other example fails, and its first error names what herald lacks
// or what is wrong.
TEST(ExamplesTest, UnsupportedExamplesFailWithLocatedMessages) {
  if (!HaveExamples()) GTEST_SKIP() << "exabgp examples not installed";
  struct {
    const char* name;
    const char* first_error;
  } cases[] = {
      // `bgp-prefix-sid-srv6 ( vpn ... )`: ExaBGP 5.0 refuses it too.
      {"conf-prefix-sid-srv6.conf", "21:117: expected l3-service or l2-service, found 'vpn'"},
  };
  for (const auto& c : cases) {
    auto p = ParseConfigFiles({kDir + c.name});
    ASSERT_FALSE(p.ok()) << c.name;
    EXPECT_EQ(p.error()[0].ToString(), kDir + c.name + ":" + c.first_error);
  }
  // Two examples are refused for what they would send. conf-attributes
  // uses 255.255.255.255 as a next hop, which peers ignore (RFC 4271 §6.3).
  const std::string attributes = kDir + "conf-attributes.conf";
  auto broadcast = ParseConfigFiles({attributes});
  ASSERT_FALSE(broadcast.ok());
  EXPECT_EQ(broadcast.error()[0].ToString(),
            attributes + ":18:13: invalid next-hop 255.255.255.255: the broadcast address; a peer would ignore "
                         "the route (RFC 4271 §6.3)");
  // In conf-generic-attribute, attribute 0x99 is unknown to herald and to
  // peers, and its flags 0x60/0x70 make it well-known: a peer would reset
  // the session (RFC 4271 §6.3).
  const std::string generic = kDir + "conf-generic-attribute.conf";
  auto refused = ParseConfigFiles({generic});
  ASSERT_FALSE(refused.ok());
  ASSERT_EQ(refused.error().size(), 2u);
  const std::string why = ": an attribute herald does not know must be optional (0x80 or 0xc0), a peer that "
                          "does not know it either resets the session on a well-known one (RFC 4271 §6.3)";
  EXPECT_EQ(refused.error()[0].ToString(),
            generic + ":21:64: invalid attribute flags 0x60 for unknown attribute 0x99" + why);
  EXPECT_EQ(refused.error()[1].ToString(),
            generic + ":24:64: invalid attribute flags 0x70 for unknown attribute 0x99" + why);
  // And every example is in one list or the other.
  size_t all = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kDir))
    if (entry.path().extension() == ".conf") ++all;
  size_t failing = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kDir)) {
    if (entry.path().extension() != ".conf") continue;
    auto p = ParseConfigFiles({entry.path().string()});
    if (!p.ok() && (entry.path() == generic || entry.path() == attributes)) {
      ++failing;
    } else if (!p.ok()) {
      ++failing;
      for (const ConfigError& e : p.error()) {
        EXPECT_GT(e.where.line, 0) << e.ToString();
        // conf-prefix-sid-srv6 writes `bgp-prefix-sid-srv6 ( vpn ... )`,
        // which ExaBGP 5.0 refuses too (doc/compat.md).
        if (e.message.starts_with("expected l3-service or l2-service")) continue;
        EXPECT_NE(e.message.find("not supported by herald yet"), std::string::npos) << e.ToString();
      }
    }
  }
  EXPECT_EQ(failing + std::size(kSupported), all);
}

TEST(ExamplesTest, ContentOfSomeExamples) {
  if (!HaveExamples()) GTEST_SKIP() << "exabgp examples not installed";
  // split /24 of two /22s, one of them in the block form.
  auto split = ParseConfigFiles({kDir + "conf-split.conf"});
  ASSERT_TRUE(split.ok());
  const NeighborConfig& n = split->neighbors[0];
  ASSERT_EQ(n.routes.size(), 2u);
  EXPECT_EQ(n.routes[0].nlri.size(), 4u);
  EXPECT_EQ(n.routes[1].nlri.size(), 4u);
  EXPECT_EQ(n.routes[1].nlri[3].prefix.ToString(), "172.10.7.0/24");
  EXPECT_FALSE(n.group_updates);
  EXPECT_EQ(split->warnings.size(), 1u);  // the brace the file lacks


  // Duplicated large communities are dropped.
  auto large = ParseConfigFiles({kDir + "conf-largecommunity.conf"});
  ASSERT_TRUE(large.ok());
  EXPECT_EQ(large->neighbors[0].routes[1].attrs.large_communities.size(), 2u);

  // The watchdog example's `withdraw` route is kept aside.
  auto watchdog = ParseConfigFiles({kDir + "api-watchdog.conf"});
  ASSERT_TRUE(watchdog.ok());
  EXPECT_EQ(watchdog->neighbors[0].routes.size(), 3u);
  EXPECT_EQ(watchdog->neighbors[0].withdrawn_routes.size(), 1u);

  // A template brings families, an api block and routes.
  auto check = ParseConfigFiles({kDir + "api-check.conf"});
  ASSERT_TRUE(check.ok());
  const NeighborConfig& c = check->neighbors[0];
  EXPECT_EQ(c.hold_time, 30);
  EXPECT_EQ(c.api.size(), 1u);
  EXPECT_EQ(c.routes.size(), 2u);
  EXPECT_EQ(check->processes[0].encoder, Encoder::kText);
  EXPECT_EQ(check->processes[0].run[0], kDir + "run/api-check.run");
}

}  // namespace
}  // namespace herald::config
