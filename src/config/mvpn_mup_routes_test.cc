// MVPN and MUP routes in `announce { ipv4|ipv6 { mcast-vpn ...; mup ...; } }`
// as ExaBGP 5.0 reads them, the NLRI bytes it makes for them (`exabgp5
// validate -nrv`, the "NLRI ipv4 mcast-vpn ... payload" lines), errors at
// their location, printing round trips.
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
         "  family { ipv4 mcast-vpn; ipv6 mcast-vpn; ipv4 mup; ipv6 mup; }\n" +
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

TEST(MvpnMupRoutesTest, FormsMakeExaBgpsNlri) {
  EXPECT_EQ(Routes(Neighbor("  announce {\n    ipv4 {\n"
                            "      mcast-vpn source-ad source 10.0.0.1 group 239.1.1.1 rd 65000:1 next-hop 10.0.0.2 "
                            "extended-community [ target:65000:1 ];\n"
                            "      mup mup-isd 10.1.0.0/16 rd 100:100 next-hop 2001::1 extended-community "
                            "[ target:10:10 mup:10:10 ];\n"
                            "    }\n    ipv6 {\n"
                            "      mup mup-t2st 2001::2 rd 100:100 teid 0/0 next-hop 2001::1;\n"
                            "    }\n  }\n")),
            (std::vector<std::string>{
                "ipv4 mcast-vpn 10.0.0.2 05120000fde800000001200a00000120ef010101",
                "ipv4 mup 2001::1 0100010b0000006400000064100a01",
                "ipv6 mup 2001::1 0100041900000064000000648020010000000000000000000000000002",
            }));
}

TEST(MvpnMupRoutesTest, ErrorsAreLocated) {
  EXPECT_EQ(FirstError(Neighbor("  announce {\n    ipv4 {\n      mcast-vpn source-ad source 10.0.0.1;\n"
                                "    }\n  }\n")),
            "test.conf:9:42: expected group in the source-ad route, found ';'");
  EXPECT_EQ(FirstError(Neighbor("  announce {\n    ipv6 {\n      mup mup-dsd 2001::1 rd 1:1;\n    }\n  }\n")),
            "test.conf:9:7: missing next-hop in the mup route");
}

}  // namespace
}  // namespace herald::config
