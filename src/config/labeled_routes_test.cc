// Multicast, labeled unicast and VPN routes in the configuration: every
// form ExaBGP 5.0 reads (`static { route ... rd ... label ...; }`, the
// block and `attributes ... nlri` forms, `announce { ipv4 { mpls-vpn ...;
// nlri-mpls ...; multicast ...; } }`), the families they need, errors at
// their location, and printing round trips. The NLRI bytes themselves are
// checked against ExaBGP 5.0's in src/grammar/labeled_route_test.cc.
#include <gtest/gtest.h>

#include "base/hex.h"
#include "config/config_testing.h"
#include "config/parser.h"
#include "config/printer.h"

namespace herald::config {
namespace {

using Parsed = Result<Config, std::vector<ConfigError>>;

constexpr std::string_view kFamilies =
    "ipv4 unicast; ipv4 multicast; ipv4 nlri-mpls; ipv4 mpls-vpn; ipv6 unicast; ipv6 nlri-mpls; ipv6 mpls-vpn;";

std::string Neighbor(std::string_view body, std::string_view families = kFamilies) {
  return "neighbor 127.0.0.1 {\n"
         "  router-id 1.2.3.4;\n"
         "  local-address 127.0.0.1;\n"
         "  local-as 65001;\n"
         "  peer-as 65001;\n"
         "  family { " + std::string(families) + " }\n" +
         std::string(body) + "}\n";
}

Parsed Parse(std::string_view text) { return ParseConfigText(text, "test.conf"); }

std::string FirstError(std::string_view text) {
  Parsed p = Parse(text);
  return p.ok() ? "(no error)" : p.error()[0].ToString();
}

// "family hex hex ..." for each route of the only neighbor, after checking
// that the file reads back from its printed form to the same configuration.
std::vector<std::string> Routes(std::string_view text) {
  std::vector<std::string> out;
  for (const rib::Route& r : testing::RoundTrippedRoutes(text, true)) {
    std::string line = r.family.Name();
    for (const wire::GenericNlri& g : r.generic) line += " " + ToHex(g.bytes);
    for (const wire::InetNlri& n : r.nlri) line += " " + n.prefix.ToString();
    out.push_back(line);
  }
  return out;
}

TEST(LabeledRoutesTest, Forms) {
  // conf-vpn.conf's route; ExaBGP 5.0 sends 71003e81... for it (testdata
  // of src/grammar/labeled_route_test.cc).
  EXPECT_EQ(Routes(Neighbor("  static {\n    route 10.0.0.0/24 rd 65000:1 next-hop 200.10.0.101 extended-community "
                            "[ 0x0002fde800000001 0x0002271000000001 ] label 1000 split /25;\n  }\n")),
            std::vector<std::string>{"ipv4 mpls-vpn 71003e810000fde8000000010a000000 71003e810000fde8000000010a000080"});
  EXPECT_EQ(Routes(Neighbor("  static {\n    route 10.2.0.0/24 label 300 next-hop 192.0.2.1;\n"
                            "    route 10.7.0.0/24 { route-distinguisher 65000:1; label 1; next-hop 192.0.2.1; }\n"
                            "    attributes rd 1.2.3.4:1 label 9 next-hop 192.0.2.1 nlri 10.9.0.0/24 10.10.0.0/24;\n"
                            "    route 10.1.0.0/24 next-hop 192.0.2.1;\n  }\n")),
            (std::vector<std::string>{
                "ipv4 nlri-mpls 300012c10a0200",
                "ipv4 mpls-vpn 700000110000fde8000000010a0700",
                "ipv4 mpls-vpn 700000910001010203040001" "0a0900 700000910001010203040001" "0a0a00",
                "ipv4 unicast 10.1.0.0/24",
            }));
  EXPECT_EQ(Routes(Neighbor("  announce {\n    ipv4 {\n      mpls-vpn 10.1.0.0/24 rd 1.2.3.4:5 label [ 100 200 ] "
                            "next-hop 192.0.2.1;\n      nlri-mpls 10.2.0.0/24 label 300 next-hop 192.0.2.1;\n"
                            "      multicast 10.3.0.0/24 next-hop 192.0.2.1;\n    }\n    ipv6 {\n"
                            "      mpls-vpn 2001:db8::/32 rd 65000:5 label 16 next-hop 2001:db8::1;\n"
                            "    }\n  }\n")),
            (std::vector<std::string>{
                "ipv4 mpls-vpn 88000640000c8100010102030400050a0100",
                "ipv4 nlri-mpls 300012c10a0200",
                "ipv4 multicast 180a0300",
                "ipv6 mpls-vpn 78000101" "0000fde80000000520010db8",
            }));
}

TEST(LabeledRoutesTest, MulticastSplitPrintsOneLineAPrefix) {
  Parsed p = Parse(Neighbor("  announce {\n    ipv4 {\n      multicast 10.0.0.0/23 next-hop 192.0.2.1 split /24;\n"
                            "    }\n  }\n"));
  ASSERT_TRUE(p.ok()) << p.error()[0].ToString();
  std::string text = PrintConfig(*p);
  EXPECT_NE(text.find("\t\t\tmulticast 10.0.0.0/24 next-hop 192.0.2.1;\n\t\t\tmulticast 10.0.1.0/24 next-hop 192.0.2.1;"),
            std::string::npos)
      << text;
  auto again = testing::Reparse(*p);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->neighbors[0].routes.generic_count(), 2u);
}

TEST(LabeledRoutesTest, ErrorsWhereWritten) {
  struct {
    std::string body;
    std::string error;
  } cases[] = {
      {"  static {\n    route 10.0.0.0/24 rd 65000:1 next-hop 192.0.2.1;\n  }\n",
       "test.conf:8:11: missing label for the ipv4 mpls-vpn route 10.0.0.0/24"},
      {"  static {\n    route 10.0.0.0/24 rd 65000:1 label 1048576 next-hop 192.0.2.1;\n  }\n",
       "test.conf:8:40: invalid label 1048576 (a number from 0 to 1048575)"},
      {"  static {\n    route 10.0.0.0/24 rd 6500 label 1 next-hop 192.0.2.1;\n  }\n",
       "test.conf:8:26: invalid route-distinguisher '6500' (ASN:NN or IPv4:NN)"},
      {"  announce {\n    ipv4 {\n      nlri-mpls 10.0.0.0/24 rd 1:1 label 1 next-hop 192.0.2.1;\n    }\n  }\n",
       "test.conf:9:29: rd is not valid in a nlri-mpls route"},
      {"  announce {\n    ipv4 {\n      multicast 10.0.0.0/24 label 1 next-hop 192.0.2.1;\n    }\n  }\n",
       "test.conf:9:29: label is not valid in a multicast route"},
      {"  announce {\n    ipv4 {\n      mpls-vpn 10.0.0.0/24 label 1 next-hop 192.0.2.1;\n    }\n  }\n",
       "test.conf:9:16: missing rd for the ipv4 mpls-vpn route 10.0.0.0/24"},
      {"  announce {\n    ipv6 {\n      mpls-vpn 10.0.0.0/24 rd 1:1 label 1 next-hop 192.0.2.1;\n    }\n  }\n",
       "test.conf:9:16: 10.0.0.0/24 is not an IPv6 prefix"},
      {"  announce {\n    ipv4 {\n      unicast 10.0.0.0/24 label 1 next-hop 192.0.2.1;\n    }\n  }\n",
       "test.conf:9:27: label is not valid in a unicast route"},
  };
  for (const auto& c : cases) EXPECT_EQ(FirstError(Neighbor(c.body)), c.error) << c.body;
}

TEST(LabeledRoutesTest, FamiliesAreSupported) {
  Parsed p = Parse(Neighbor("", "ipv4 multicast; ipv4 nlri-mpls; ipv4 mpls-vpn; ipv6 nlri-mpls; ipv6 mpls-vpn;"));
  ASSERT_TRUE(p.ok()) << p.error()[0].ToString();
  EXPECT_TRUE(p->warnings.empty()) << p->warnings[0].ToString();
}

}  // namespace
}  // namespace herald::config
