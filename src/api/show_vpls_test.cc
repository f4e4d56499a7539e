// `show adj-rib in|out [extensive|json]` for VPLS routes, against ExaBGP
// 5.0's answers (testdata/vpls_show_exabgp5.txt, made by
// tools/capture_vpls_updates.py: the adj-RIB-in holds what the UPDATEs of
// testdata/vpls_updates.txt left, the adj-RIB-out the configured routes
// listed at the top of the file). 5.0 lists no VPLS route in JSON.
#include <gtest/gtest.h>

#include <map>

#include "api/render_flow_update_test_util.h"
#include "api/show.h"
#include "api/command.h"
#include "wire/vpls.h"

namespace herald::api {
namespace {

using namespace testing;  // NOLINT

const char kExtensiveName[] =
    "neighbor 127.0.0.1 local-ip 127.0.0.2 local-as 65001 peer-as 65001 router-id 10.0.0.2 family-allowed in-open";

struct Held {
  wire::GenericNlri nlri;
  rib::NextHop next_hop;
  wire::PathAttributes attrs;
};

wire::Negotiated VplsSession() {
  wire::Negotiated n;
  n.asn4 = true;
  n.local_as = n.peer_as = 65001;
  n.families = {wire::kIpv4Unicast, wire::kL2vpnVpls};
  return n;
}

// What ExaBGP's adj-RIB-in holds after the captured UPDATEs (the others were
// withdrawn), in the order it lists them.
std::vector<Held> AdjRibIn() {
  std::map<std::string, wire::Update> updates;
  for (const FlowCase& c : ReadUpdateCases("vpls_updates.txt")) updates[c.name] = DecodeFlowUpdate(c.message, VplsSession());
  std::vector<Held> held;
  for (const char* name : {"vpls-rd2", "vpls-mixed"}) {
    const wire::Update& u = updates[name];
    const wire::Reach* reach = MpReachOf(u);
    EXPECT_NE(reach, nullptr) << name;
    if (!reach) continue;
    held.push_back({reach->generic.at(0), rib::NextHop::Address(reach->next_hop.address), u.attrs});
  }
  return held;
}

// The configured routes, read by the API's grammar.
std::vector<Held> AdjRibOut() {
  std::vector<Held> held;
  for (const char* line : {"rd 192.168.201.1:123 endpoint 5 base 10702 offset 1 size 8 next-hop 10.0.0.9 "
                           "extended-community [ target:54591:6 l2info:19:0:1500:111 ]",
                           "rd 65001:9 endpoint 7 base 300 offset 2 size 10 next-hop 10.0.0.9 community 65000:1"}) {
    Command c;
    EXPECT_TRUE(ParseTextCommand(std::string("announce vpls ") + line, &c).ok()) << line;
    const rib::Route& route = c.route;
    if (route.generic.size() == 1) held.push_back({route.generic[0], route.next_hop, route.attrs});
  }
  return held;
}

std::vector<std::string> Lines(const std::vector<Held>& held, bool extensive) {
  std::vector<std::string> lines;
  for (const Held& h : held)
    lines.push_back(AdjRibGenericText(extensive ? kExtensiveName : "127.0.0.1", wire::kL2vpnVpls, h.nlri, h.next_hop,
                                      h.attrs, extensive));
  return lines;
}

std::vector<std::string> Json(const std::vector<Held>& held) {
  std::vector<std::string> lines;
  for (const Held& h : held)
    if (auto j = AdjRibGenericJson(Ip("127.0.0.1"), wire::kL2vpnVpls, h.nlri)) lines.push_back(*j);
  return lines;
}

TEST(ShowVpls, AdjRibIn) {
  auto sections = ShowSections("vpls_show_exabgp5.txt");
  std::vector<Held> held = AdjRibIn();
  ASSERT_EQ(held.size(), 2u);
  EXPECT_EQ(Lines(held, false), sections["show adj-rib in"]);
  EXPECT_EQ(Lines(held, true), sections["show adj-rib in extensive"]);
  EXPECT_EQ(Json(held), sections["show adj-rib in json"]);
}

TEST(ShowVpls, AdjRibOut) {
  auto sections = ShowSections("vpls_show_exabgp5.txt");
  std::vector<Held> held = AdjRibOut();
  ASSERT_EQ(held.size(), 2u);
  EXPECT_EQ(Lines(held, false), sections["show adj-rib out"]);
  EXPECT_EQ(Lines(held, true), sections["show adj-rib out extensive"]);
  EXPECT_EQ(Json(held), sections["show adj-rib out json"]);
}

}  // namespace
}  // namespace herald::api
