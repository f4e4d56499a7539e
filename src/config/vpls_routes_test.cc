// VPLS routes in the configuration: `l2vpn { vpls ...; vpls NAME { } }` and
// `announce { l2vpn { vpls ...; } }` as ExaBGP 5.0 reads them, the NLRI
// bytes it makes for them (`exabgp5 validate -nrv`, the "NLRI l2vpn vpls
// ... payload" lines), errors at their location, printing round trips.
#include <gtest/gtest.h>

#include "base/hex.h"
#include "config/config_testing.h"
#include "config/parser.h"

namespace herald::config {
namespace {

std::string Neighbor(std::string_view body) {
  return "neighbor 127.0.0.1 {\n"
         "  router-id 1.2.3.4;\n"
         "  local-address 127.0.0.1;\n"
         "  local-as 65001;\n"
         "  peer-as 65001;\n"
         "  family { l2vpn vpls; }\n" +
         std::string(body) + "}\n";
}

std::string FirstError(std::string_view text) {
  auto p = ParseConfigText(text, "test.conf");
  return p.ok() ? "(no error)" : p.error()[0].ToString();
}

std::vector<std::string> Routes(std::string_view text) {
  std::vector<std::string> out;
  for (const rib::Route& r : testing::RoundTrippedRoutes(text, true)) {
    std::string line = r.family.Name() + " " + r.next_hop.address.ToString();
    for (const wire::GenericNlri& g : r.generic) line += " " + ToHex(g.bytes);
    out.push_back(line);
  }
  return out;
}

TEST(VplsRoutesTest, FormsMakeExaBgpsNlri) {
  // The NLRI ExaBGP 5.0 makes for each; the routes of `l2vpn { }` come after
  // the others, as in ExaBGP 5.0.
  EXPECT_EQ(Routes(Neighbor("  l2vpn {\n"
                            "    vpls rd 1:1 endpoint 5 base 100 offset 1 size 8 next-hop 1.2.3.4;\n"
                            "    vpls site5 {\n      endpoint 65535; base 100; offset 65535; size 65535;\n"
                            "      next-hop 1.2.3.5; rd 65536:1;\n    }\n"
                            "  }\n"
                            "  announce {\n    l2vpn {\n"
                            "      vpls rd 192.168.201.1:123 endpoint 5 base 10702 offset 1 size 8 "
                            "next-hop 192.168.201.1 extended-community [ target:54591:6 l2info:19:0:1500:111 ];\n"
                            "    }\n  }\n")),
            (std::vector<std::string>{
                "l2vpn vpls 192.168.201.1 00110001c0a8c901007b000500010008029ce1",
                "l2vpn vpls 1.2.3.4 00110000000100000001000500010008000641",
                "l2vpn vpls 1.2.3.5 00110002000100000001ffffffffffff000641",
            }));
  // ExaBGP 5.0: "rd 1:1 endpoint 0 base 0 offset 0 size 0" is 0011 0000 0001 0000 0001 0000 0000 0000 000001.
  EXPECT_EQ(Routes(Neighbor("  l2vpn { vpls rd 1:1 endpoint 0 base 0 offset 0 size 0 next-hop 1.2.3.4 med 5 "
                            "local-preference 7 community [ 65000:2 65000:1 ] atomic-aggregate; }\n")),
            std::vector<std::string>{"l2vpn vpls 1.2.3.4 00110000000100000001000000000000000001"});
}

TEST(VplsRoutesTest, ErrorsAreLocated) {
  auto error = [](std::string_view route) {
    return FirstError(Neighbor("  l2vpn {\n    vpls " + std::string(route) + ";\n  }\n"));
  };
  EXPECT_EQ(error("rd 1:1 endpoint 65536 base 100 offset 1 size 8 next-hop 1.2.3.4"),
            "test.conf:8:26: invalid vpls endpoint 65536 (expected 0 to 65535)");
  EXPECT_EQ(error("rd 1:1 endpoint 5 base 1048576 offset 1 size 8 next-hop 1.2.3.4"),
            "test.conf:8:33: invalid vpls base 1048576 (expected 0 to 1048575)");
  EXPECT_EQ(error("rd 1:1 endpoint 5 base 1 offset 65536 size 8 next-hop 1.2.3.4"),
            "test.conf:8:42: invalid vpls offset 65536 (expected 0 to 65535)");
  EXPECT_EQ(error("rd 1:1 endpoint 5 base 1 offset 1 size 65536 next-hop 1.2.3.4"),
            "test.conf:8:49: invalid vpls size 65536 (expected 0 to 65535)");
  EXPECT_EQ(error("rd 1:1 endpoint x base 1 offset 1 size 8 next-hop 1.2.3.4"),
            "test.conf:8:26: invalid vpls endpoint x (expected 0 to 65535)");
  EXPECT_EQ(error("endpoint 5 base 1 offset 1 size 8 next-hop 1.2.3.4"),
            "test.conf:8:5: missing rd in the vpls route");
  EXPECT_EQ(error("rd 1:1 base 1 offset 1 size 8 next-hop 1.2.3.4"), "test.conf:8:5: missing endpoint in the vpls route");
  EXPECT_EQ(error("rd 1:1 endpoint 5 offset 1 size 8 next-hop 1.2.3.4"), "test.conf:8:5: missing base in the vpls route");
  EXPECT_EQ(error("rd 1:1 endpoint 5 base 1 size 8 next-hop 1.2.3.4"), "test.conf:8:5: missing offset in the vpls route");
  EXPECT_EQ(error("rd 1:1 endpoint 5 base 1 offset 1 next-hop 1.2.3.4"), "test.conf:8:5: missing size in the vpls route");
  EXPECT_EQ(error("rd 1:1 endpoint 5 base 1 offset 1 size 8"), "test.conf:8:5: missing next-hop in the vpls route");
  EXPECT_EQ(error("rd 1:1 endpoint 5 base 1 offset 1 size 8 next-hop 2001:db8::1"),
            "test.conf:8:60: next-hop 2001:db8::1 is not an IPv4 address (a vpls next hop is 4 bytes)");
  EXPECT_EQ(error("rd 1:1 endpoint 5 base 1 offset 1 size 8 next-hop self"),
            "test.conf:8:60: next-hop self is not valid in a vpls route (the session is not l2vpn)");
  EXPECT_EQ(error("rd 1:1 endpoint 5 endpoint 6 base 1 offset 1 size 8 next-hop 1.2.3.4"),
            "test.conf:8:28: endpoint given twice");
  for (const char* word : {"label 5", "path-information 1", "route-distinguisher 1:1", "large-community 1:2:3",
                           "aigp 5", "split /24", "watchdog w", "withdraw"}) {
    EXPECT_EQ(error(std::string("rd 1:1 endpoint 5 base 1 offset 1 size 8 next-hop 1.2.3.4 ") + word),
              "test.conf:8:68: " + std::string(word).substr(0, std::string(word).find(' ')) +
                  " is not valid in a vpls route")
        << word;
  }
  EXPECT_EQ(error("rd 1:1 endpoint 5 base 1 offset 1 size 8 next-hop 1.2.3.4 bogus 1"),
            "test.conf:8:68: unknown vpls keyword 'bogus'");
  EXPECT_EQ(FirstError(Neighbor("  l2vpn {\n    vpls s { rd 1:1; endpoint 5; base 1; offset 1; size 99999; "
                                "next-hop 1.2.3.4; }\n  }\n")),
            "test.conf:8:57: invalid vpls size 99999 (expected 0 to 65535)");
  EXPECT_EQ(FirstError(Neighbor("  l2vpn {\n    vpls s { rd 1:1; endpoint 5; base 1; offset 1; next-hop 1.2.3.4; }\n"
                                "  }\n")),
            "test.conf:8:5: missing size in the vpls route");
}

TEST(VplsRoutesTest, TheNeighborNeedsTheFamily) {
  const std::string text = "neighbor 127.0.0.1 {\n  router-id 1.2.3.4;\n  local-as 65001;\n  peer-as 65001;\n"
                           "  family { ipv4 unicast; }\n"
                           "  l2vpn { vpls rd 1:1 endpoint 5 base 1 offset 1 size 8 next-hop 1.2.3.4; }\n}\n";
  EXPECT_NE(FirstError(text).find("l2vpn vpls"), std::string::npos) << FirstError(text);
}

}  // namespace
}  // namespace herald::config
