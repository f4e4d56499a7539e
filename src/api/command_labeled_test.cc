// Multicast, labeled unicast and VPN commands of the text API: the forms
// ExaBGP 5.0 takes (`announce|withdraw route ... rd ... label ...`,
// `announce attributes ... nlri ...`, `announce ipv4|ipv6
// multicast|nlri-mpls|mpls-vpn ...`, with neighbor selectors), the NLRI
// they make (the bytes ExaBGP 5.0 makes for the same routes: see
// src/grammar/testdata/labeled_exabgp.txt), errors, and printing back.
#include <gtest/gtest.h>

#include "api/command.h"
#include "api/command_print.h"
#include "base/hex.h"

namespace herald::api {
namespace {

void ExpectPrintsBack(const Command& c) {
  const std::string line = PrintTextCommand(c);
  Command again;
  Status s = ParseTextCommand(line, &again);
  ASSERT_TRUE(s.ok()) << line << ": " << s.error().message;
  EXPECT_EQ(again, c) << line;
}

std::string Nlri(const Command& c) {
  std::string out;
  for (const wire::GenericNlri& g : c.route.generic) out += (out.empty() ? "" : " ") + ToHex(g.bytes);
  return out;
}

TEST(CommandLabeledTest, Forms) {
  struct {
    const char* line;
    CommandKind kind;
    const char* family;
    const char* nlri;
  } cases[] = {
      {"announce route 10.0.0.0/24 rd 65000:1 label 1000 next-hop 192.0.2.1 split /25", CommandKind::kAnnounceRoute,
       "ipv4 mpls-vpn", "71003e810000fde8000000010a000000 71003e810000fde8000000010a000080"},
      {"announce route 10.2.0.0/24 label 300 next-hop 192.0.2.1", CommandKind::kAnnounceRoute, "ipv4 nlri-mpls",
       "300012c10a0200"},
      {"neighbor 127.0.0.2 announce route 10.1.0.0/24 route-distinguisher 1.2.3.4:5 label [ 100 200 ] next-hop self",
       CommandKind::kAnnounceRoute, "ipv4 mpls-vpn", "88000640000c8100010102030400050a0100"},
      {"announce attributes rd 65000:1 label [ 9 10 ] next-hop 192.0.2.1 nlri 10.8.0.0/24",
       CommandKind::kAnnounceRoute, "ipv4 mpls-vpn", "880000900000a10000fde8000000010a0800"},
      {"announce ipv4 mpls-vpn 10.5.5.5/32 rd 65000:1 label 7 next-hop 192.0.2.1", CommandKind::kAnnounceRoute,
       "ipv4 mpls-vpn", "780000710000fde8000000010a050505"},
      {"announce ipv4 nlri-mpls 10.6.0.0/24 label 5 next-hop 192.0.2.1", CommandKind::kAnnounceRoute,
       "ipv4 nlri-mpls", "300000510a0600"},
      {"announce ipv4 multicast 10.3.0.0/24 next-hop 192.0.2.1", CommandKind::kAnnounceRoute, "ipv4 multicast",
       "180a0300"},
      {"announce ipv6 mpls-vpn 2001:db8::/32 rd 65000:5 label 16 next-hop 2001:db8::1", CommandKind::kAnnounceRoute,
       "ipv6 mpls-vpn", "780001010000fde80000000520010db8"},
      {"announce ipv6 multicast 2001:db8::/32 next-hop 2001:db8::1", CommandKind::kAnnounceRoute, "ipv6 multicast",
       "2020010db8"},
      {"withdraw route 10.0.0.0/24 rd 65000:1 label 1000", CommandKind::kWithdrawRoute, "ipv4 mpls-vpn",
       "70003e810000fde8000000010a0000"},
      {"withdraw route 10.0.0.0/24 rd 65000:1", CommandKind::kWithdrawRoute, "ipv4 mpls-vpn",
       "708000000000fde8000000010a0000"},
      {"neighbor * withdraw ipv4 nlri-mpls 10.6.0.0/24", CommandKind::kWithdrawRoute, "ipv4 nlri-mpls",
       "308000000a0600"},
  };
  for (const auto& t : cases) {
    Command c;
    Status s = ParseTextCommand(t.line, &c);
    ASSERT_TRUE(s.ok()) << t.line << ": " << s.error().message;
    EXPECT_EQ(c.kind, t.kind) << t.line;
    EXPECT_EQ(c.route.family.Name(), t.family) << t.line;
    EXPECT_EQ(Nlri(c), t.nlri) << t.line;
    ExpectPrintsBack(c);
  }
}

// The labeled and VPN lines of Debian's example scripts
// (run/api-attributes-vpn.run, run/api-vpnv4.run).
TEST(CommandLabeledTest, DebianExampleLines) {
  const char* lines[] = {
      "announce attribute route-distinguisher 63333:100 label [ 110 ] next-hop 10.0.99.12 origin igp as-path "
      "[100, 500] local-preference 100 extended-community 0:0 originator-id 10.0.99.12 nlri 128.0.64.0/18 "
      "128.0.0.0/18",
      "announce route 1.4.0.0/16 rd 65000:1 next-hop 101.1.101.1 community 100:1 extended-community "
      "0x0002FDE900000001 label 1000",
      "withdraw route 1.4.0.0/16 rd 65000:1 next-hop 101.1.101.1 community 100:1 extended-community "
      "0x0002FDE900000001 label 1000",
  };
  for (const char* line : lines) {
    Command c;
    Status s = ParseTextCommand(line, &c);
    ASSERT_TRUE(s.ok()) << line << ": " << s.error().message;
    EXPECT_EQ(c.route.family.Name(), "ipv4 mpls-vpn") << line;
    ExpectPrintsBack(c);
  }
}

TEST(CommandLabeledTest, Errors) {
  struct {
    const char* line;
    const char* error;
  } cases[] = {
      {"announce route 10.0.0.0/24 rd 65000:1 next-hop 192.0.2.1",
       "missing label for the ipv4 mpls-vpn route 10.0.0.0/24"},
      {"announce ipv4 mpls-vpn 10.0.0.0/24 label 1 next-hop 192.0.2.1",
       "missing rd for the ipv4 mpls-vpn route 10.0.0.0/24"},
      {"announce ipv4 nlri-mpls 10.0.0.0/24 next-hop 192.0.2.1",
       "missing label for the ipv4 nlri-mpls route 10.0.0.0/24"},
      {"announce ipv4 multicast 10.0.0.0/24 label 3 next-hop 192.0.2.1", "label is not valid in a multicast route"},
      {"announce ipv4 unicast 10.0.0.0/24 rd 1:1 label 3 next-hop 192.0.2.1", "rd is not valid in a unicast route"},
      {"announce ipv6 mpls-vpn 10.0.0.0/24 rd 1:1 label 3 next-hop 192.0.2.1",
       "10.0.0.0/24 is not an ipv6 mpls-vpn prefix"},
      {"announce route 10.0.0.0/24 label 1 label 2 next-hop 192.0.2.1", "label given twice"},
      {"announce route 10.0.0.0/24 label x next-hop 192.0.2.1", "invalid label x (a number from 0 to 1048575)"},
  };
  for (const auto& t : cases) {
    Command c;
    Status s = ParseTextCommand(t.line, &c);
    ASSERT_FALSE(s.ok()) << t.line;
    EXPECT_EQ(s.error().message, t.error) << t.line;
  }
}

}  // namespace
}  // namespace herald::api
