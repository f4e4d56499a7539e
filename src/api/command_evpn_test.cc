// EVPN commands of the text API (herald's own syntax, grammar/evpn_route.h):
// each route type gives the NLRI bytes ExaBGP 5.0 decodes as the fields
// written (src/api/testdata/evpn_updates.txt, tools/capture_evpn_updates.py),
// prints back and reads back the same; errors.
#include <gtest/gtest.h>

#include "api/command.h"
#include "api/command_print.h"
#include "base/hex.h"
#include "wire/evpn.h"

namespace herald::api {
namespace {

TEST(CommandEvpnTest, FormsAndPrintingBack) {
  struct {
    const char* line;
    CommandKind kind;
    const char* nlri;
  } cases[] = {
      {"announce evpn ethernet-ad rd 10.0.0.1:5 esi 00:11:22:33:44:55:66:77:88:99 ethernet-tag 0 label 100 "
       "next-hop 10.0.0.1 extended-community [ target:65001:7 ]",
       CommandKind::kAnnounceRoute, "011900010A00000100050011223344556677889900000000000641"},
      {"announce evpn mac-ip rd 65001:7 etag 10 mac 00:11:22:aa:bb:cd ip 2001:db8::1 label 1000 next-hop 10.0.0.1",
       CommandKind::kAnnounceRoute,
       "02310000FDE900000007000000000000000000000000000A30001122AABBCD8020010DB8000000000000000000000001003E81"},
      {"announce l2vpn evpn multicast rd 65001:7 ethernet-tag 10 ip 10.0.0.1 next-hop 2001:db8::1",
       CommandKind::kAnnounceRoute, "03110000FDE9000000070000000A200A000001"},
      {"withdraw evpn segment rd 10.0.0.1:1 esi 00:11:22:33:44:55:66:77:88:99 ip 10.0.0.1",
       CommandKind::kWithdrawRoute, "041700010A000001000100112233445566778899200A000001"},
      {"announce evpn prefix rd 65001:7 esi - ethernet-tag 0 ip 10.1.0.0/24 gateway 0.0.0.0 label 3000 "
       "next-hop 10.0.0.1 origin igp local-preference 100",
       CommandKind::kAnnounceRoute, "05220000FDE9000000070000000000000000000000000000180A0100000000000000BB81"},
      {"announce evpn prefix rd 65001:7 esi 00:11:22:33:44:55:66:77:88:99 ethernet-tag 5 ip 2001:db8:1:: iplen 48 "
       "gateway 2001:db8::fe label 3001 next-hop 10.0.0.1",
       CommandKind::kAnnounceRoute,
       "053A0000FDE90000000700112233445566778899000000053020010DB800010000000000000000000020010DB80000000000000000"
       "000000FE00BB91"},
      // Two labels, a MAC/IP route without IP, defaults (ESI and tag 0).
      {"announce evpn mac-ip rd 4200000001:9 mac 02:00:00:00:00:01 label [ 1000 2000 ] next-hop 10.0.0.2",
       CommandKind::kAnnounceRoute, "02240002FA56EA01000900000000000000000000000000003002000000000100003E80007D01"},
  };
  for (const auto& c : cases) {
    Command cmd;
    Status s = ParseTextCommand(c.line, &cmd);
    ASSERT_TRUE(s.ok()) << c.line << ": " << s.error().message;
    EXPECT_EQ(cmd.kind, c.kind) << c.line;
    EXPECT_EQ(cmd.route.family, wire::kL2vpnEvpn) << c.line;
    ASSERT_EQ(cmd.route.generic.size(), 1u) << c.line;
    EXPECT_EQ(ToHex(cmd.route.generic[0].bytes), ToHex(FromHex(c.nlri).value())) << c.line;
    const std::string line = PrintTextCommand(cmd);
    Command again;
    ASSERT_TRUE(ParseTextCommand(line, &again).ok()) << line;
    EXPECT_EQ(again, cmd) << line;
  }
  Command cmd;
  ASSERT_TRUE(ParseTextCommand("announce evpn prefix rd 65001:7 ip 10.1.0.0/24 label 3000 next-hop 10.0.0.1", &cmd).ok());
  EXPECT_EQ(PrintTextCommand(cmd),
            "announce evpn prefix rd 65001:7 esi - ethernet-tag 0 ip 10.1.0.0/24 gateway 0.0.0.0 label 3000 "
            "next-hop 10.0.0.1");
}

TEST(CommandEvpnTest, Errors) {
  struct {
    const char* line;
    const char* error;
  } cases[] = {
      {"announce evpn mac-ip rd 1:1 mac 00:11:22:33:44:55 label 5", "missing next-hop in the evpn route"},
      {"announce evpn mac-ip rd 1:1 label 5 next-hop 1.2.3.4", "missing mac in the evpn mac-ip route"},
      {"announce evpn bogus rd 1:1",
       "expected an evpn route type (ethernet-ad, mac-ip, multicast, segment, prefix), found 'bogus'"},
      {"announce evpn multicast rd 1:1 ip 10.0.0.1 label 5 next-hop 1.2.3.4",
       "label is not valid in an evpn multicast route"},
      {"announce evpn segment rd 1:1 esi 00:11 ip 10.0.0.1 next-hop 1.2.3.4",
       "invalid esi 00:11 (10 hex bytes a:b:..., or -)"},
      {"announce evpn mac-ip rd 1:1 mac 00:11:22:33:44 label 5 next-hop 1.2.3.4",
       "invalid mac 00:11:22:33:44 (6 hex bytes a:b:c:d:e:f)"},
      {"announce evpn multicast rd 1:1 ip 10.0.0.1 ip 10.0.0.2 next-hop 1.2.3.4", "ip given twice"},
      {"announce evpn multicast rd 1:1 ip 10.0.0.0/8 next-hop 1.2.3.4",
       "ip 10.0.0.0/8 takes no length in an evpn multicast route"},
      {"announce evpn prefix rd 1:1 ip 10.0.0.0/8 gateway 2001:db8::1 label 5 next-hop 1.2.3.4",
       "the gateway and the ip are not of one IP version"},
      {"announce evpn prefix rd 1:1 ip 10.0.0.0 iplen 33 label 5 next-hop 1.2.3.4",
       "iplen 33 is too long for ip 10.0.0.0"},
      {"announce evpn ethernet-ad rd 1:1 label [ 1 2 ] next-hop 1.2.3.4",
       "an evpn ethernet-ad route takes 1 label at most"},
      {"announce evpn multicast rd 1:1 ip 10.0.0.1 next-hop self",
       "next-hop self is not valid in an evpn route (the session is not l2vpn)"},
      {"announce evpn multicast rd 1:1 ip 10.0.0.1 next-hop 1.2.3.4 split /24",
       "split is not valid in an evpn route"},
  };
  for (const auto& c : cases) {
    Command cmd;
    Status s = ParseTextCommand(c.line, &cmd);
    ASSERT_FALSE(s.ok()) << c.line;
    EXPECT_EQ(s.error().message, c.error) << c.line;
  }
}

}  // namespace
}  // namespace herald::api
