#include <gtest/gtest.h>

#include <string>

#include "config/config.h"
#include "config/parser.h"

namespace herald::config {
namespace {

NeighborConfig Neighbor(const std::string& body) {
  auto c = ParseConfigText("neighbor 127.0.0.2 { router-id 10.0.0.1; local-address 127.0.0.1; local-as 65001; "
                           "peer-as 65002; " + body + " }",
                           "t.conf");
  EXPECT_TRUE(c.ok()) << body << ": " << (c.ok() ? "" : c.error()[0].message);
  return c.ok() ? c->neighbors.at(0) : NeighborConfig{};
}

// What a running session takes as it goes does not restart it.
TEST(SameSessionTest, RoutesApiAndDescriptionAreNotSessionSettings) {
  NeighborConfig a = Neighbor("");
  EXPECT_TRUE(SameSession(a, Neighbor("static { route 10.0.0.0/24 next-hop 192.0.2.1; }")));
  EXPECT_TRUE(SameSession(a, Neighbor("description \"edge\";")));
  EXPECT_TRUE(SameSession(a, Neighbor("adj-rib-in true;")));
  EXPECT_TRUE(SameSession(a, Neighbor("api { neighbor-changes; }")));
}

// Everything else restarts it, TCP MD5 and TTL settings included, and so
// will a field added later (compared unless listed as not).
TEST(SameSessionTest, EverySessionSettingCounts) {
  NeighborConfig a = Neighbor("");
  for (const char* body : {"hold-time 30;", "passive;", "description x; hold-time 31;", "md5-password secret;",
                           "ttl-security 1;", "outgoing-ttl 5;", "incoming-ttl 5;", "host-name h;",
                           "group-updates false;", "manual-eor true;", "connect 1790;",
                           "capability { route-refresh; }", "family { ipv6 unicast; }"}) {
    SCOPED_TRACE(body);
    EXPECT_FALSE(SameSession(a, Neighbor(body)));
  }
}

}  // namespace
}  // namespace herald::config
