// EVPN routes in the configuration (herald's own syntax: grammar/evpn_route.h,
// doc/compat.md "EVPN (issue 9)"): `announce { l2vpn { evpn ...; } }` and
// `l2vpn { evpn ...; }` give the NLRI bytes ExaBGP 5.0 decodes as the fields
// written (src/api/testdata/evpn_updates.txt), print back and read back the
// same (config_testing.h RoundTrippedRoutes), and errors carry their place.
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
         "  family { l2vpn evpn; }\n" +
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

TEST(EvpnRoutesTest, FormsMakeTheNlri) {
  EXPECT_EQ(Routes(Neighbor("  l2vpn {\n"
                            "    evpn segment rd 10.0.0.1:1 esi 00:11:22:33:44:55:66:77:88:99 ip 10.0.0.1 "
                            "next-hop 10.0.0.1;\n"
                            "  }\n"
                            "  announce {\n    l2vpn {\n"
                            "      evpn multicast rd 65001:7 ethernet-tag 10 ip 10.0.0.1 next-hop 10.0.0.1 "
                            "extended-community [ target:65001:7 ];\n"
                            "      evpn prefix rd 65001:7 ip 10.1.0.0/24 label 3000 next-hop 2001:db8::1;\n"
                            "    }\n  }\n")),
            (std::vector<std::string>{
                "l2vpn evpn 10.0.0.1 03110000fde9000000070000000a200a000001",
                "l2vpn evpn 2001:db8::1 05220000fde9000000070000000000000000000000000000180a0100000000000000bb81",
                "l2vpn evpn 10.0.0.1 041700010a000001000100112233445566778899200a000001",
            }));
}

TEST(EvpnRoutesTest, ErrorsCarryTheirPlace) {
  EXPECT_EQ(FirstError(Neighbor("  announce {\n    l2vpn {\n      evpn mac-ip rd 1:1 label 5 next-hop 1.2.3.4;\n"
                                "    }\n  }\n")),
            "test.conf:9:7: missing mac in the evpn mac-ip route");
  EXPECT_EQ(FirstError(Neighbor("  announce {\n    l2vpn {\n      evpn segment rd 1:1 ip 10.0.0.1 etag 5;\n"
                                "    }\n  }\n")),
            "test.conf:9:39: etag is not valid in an evpn segment route");
}

}  // namespace
}  // namespace herald::config
