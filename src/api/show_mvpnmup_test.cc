// `show adj-rib in|out [extensive|json]` for MVPN and MUP routes, against
// ExaBGP 5.0's answers (testdata/mvpnmup_show_exabgp5.txt, made by
// tools/capture_mvpnmup.py: the adj-RIB-in holds what the UPDATEs of
// testdata/mvpnmup_updates.txt left, the adj-RIB-out the configured routes
// listed at the top of the file). 5.0 lists none of these routes in JSON.
#include <gtest/gtest.h>

#include <map>

#include "api/command.h"
#include "api/render_flow_update_test_util.h"
#include "api/show.h"
#include "wire/mup.h"
#include "wire/mvpn.h"

namespace herald::api {
namespace {

using namespace testing;  // NOLINT

const char kExtensiveName[] =
    "neighbor 127.0.0.1 local-ip 127.0.0.2 local-as 65001 peer-as 65001 router-id 10.0.0.2 family-allowed in-open";

struct Held {
  wire::Family family;
  wire::GenericNlri nlri;
  rib::NextHop next_hop;
  wire::PathAttributes attrs;
};

wire::Negotiated Session() {
  wire::Negotiated n;
  n.asn4 = true;
  n.local_as = n.peer_as = 65001;
  n.families = {wire::kIpv4Unicast, wire::kIpv4McastVpn, wire::kIpv6McastVpn, wire::kIpv4Mup, wire::kIpv6Mup};
  return n;
}

// What ExaBGP's adj-RIB-in holds after the captured UPDATEs, in the order it
// lists them (by family); the route of another MUP architecture is left out:
// 5.0 files it under the wrong AFI (doc/compat.md).
std::vector<Held> AdjRibIn() {
  std::map<std::string, wire::Update> updates;
  for (const FlowCase& c : ReadUpdateCases("mvpnmup_updates.txt")) updates[c.name] = DecodeFlowUpdate(c.message, Session());
  std::vector<Held> held;
  for (const char* name : {"mvpn-shared-join", "mvpn-intra-as", "mup-t1st", "mup-t1st-no-source", "mup-t2st-12-bits",
                           "mvpn-source-join6", "mup-dsd6"}) {
    const wire::Update& u = updates[name];
    const wire::Reach* reach = MpReachOf(u);
    EXPECT_NE(reach, nullptr) << name;
    if (!reach) continue;
    held.push_back({reach->family, reach->generic.at(0), rib::NextHop::Address(reach->next_hop.address), u.attrs});
  }
  return held;
}

// The configured routes, read by the API's grammar.
std::vector<Held> AdjRibOut() {
  std::vector<Held> held;
  for (const char* line : {"ipv4 mcast-vpn source-ad source 10.0.0.1 group 239.1.1.1 rd 65000:1 next-hop 10.0.0.9",
                           "ipv4 mup mup-dsd 10.0.0.1 rd 100:100 next-hop 10.0.0.9 extended-community [ mup:10:10 ]"}) {
    Command c;
    EXPECT_TRUE(ParseTextCommand(std::string("announce ") + line, &c).ok()) << line;
    const rib::Route& route = c.route;
    if (route.generic.size() == 1) held.push_back({route.family, route.generic[0], route.next_hop, route.attrs});
  }
  return held;
}

std::vector<std::string> Lines(const std::vector<Held>& held, bool extensive) {
  std::vector<std::string> lines;
  for (const Held& h : held)
    lines.push_back(
        AdjRibGenericText(extensive ? kExtensiveName : "127.0.0.1", h.family, h.nlri, h.next_hop, h.attrs, extensive));
  return lines;
}

std::vector<std::string> Json(const std::vector<Held>& held) {
  std::vector<std::string> lines;
  for (const Held& h : held)
    if (auto j = AdjRibGenericJson(Ip("127.0.0.1"), h.family, h.nlri)) lines.push_back(*j);
  return lines;
}

std::vector<std::string> WithoutLast(std::vector<std::string> v) {
  if (!v.empty()) v.pop_back();
  return v;
}

TEST(ShowMvpnMup, AdjRibIn) {
  auto sections = ShowSections("mvpnmup_show_exabgp5.txt");
  std::vector<Held> held = AdjRibIn();
  ASSERT_EQ(held.size(), 7u);
  EXPECT_EQ(Lines(held, false), WithoutLast(sections["show adj-rib in"]));
  EXPECT_EQ(Lines(held, true), WithoutLast(sections["show adj-rib in extensive"]));
  EXPECT_EQ(Json(held), sections["show adj-rib in json"]);
}

TEST(ShowMvpnMup, AdjRibOut) {
  auto sections = ShowSections("mvpnmup_show_exabgp5.txt");
  std::vector<Held> held = AdjRibOut();
  ASSERT_EQ(held.size(), 2u);
  EXPECT_EQ(Lines(held, false), sections["show adj-rib out"]);
  EXPECT_EQ(Lines(held, true), sections["show adj-rib out extensive"]);
  EXPECT_EQ(Json(held), sections["show adj-rib out json"]);
}

}  // namespace
}  // namespace herald::api
