// `show adj-rib in [extensive|json]` for EVPN routes, against ExaBGP 5.0's
// answers (testdata/evpn_show_exabgp5.txt, made by
// tools/capture_evpn_updates.py: the adj-RIB-in holds what the UPDATEs of
// testdata/evpn_updates.txt left). 5.0 lists no EVPN route in JSON.
#include <gtest/gtest.h>

#include <map>

#include "api/render_flow_update_test_util.h"
#include "api/show.h"
#include "wire/evpn.h"

namespace herald::api {
namespace {

using namespace testing;  // NOLINT

wire::Negotiated EvpnSession() {
  wire::Negotiated n;
  n.asn4 = true;
  n.local_as = n.peer_as = 65001;
  n.families = {wire::kIpv4Unicast, wire::kL2vpnEvpn};
  return n;
}

std::vector<FlowCase> Cases() { return ReadUpdateCases("evpn_updates.txt"); }

wire::Update Decode(const FlowCase& c) { return DecodeFlowUpdate(c.message, EvpnSession()); }

const char kExtensiveName[] =
    "neighbor 127.0.0.1 local-ip 127.0.0.2 local-as 65001 peer-as 65001 router-id 10.0.0.2 family-allowed in-open";

// What ExaBGP's adj-RIB-in holds after the captured UPDATEs (the others were
// withdrawn), in the order it lists them.
TEST(ShowEvpn, AdjRibIn) {
  std::map<std::string, wire::Update> updates;
  for (const FlowCase& c : Cases()) updates[c.name] = Decode(c);
  struct Held {
    const char* name;
    size_t index;
  };
  std::vector<std::string> lines, extensive, json;
  for (Held h : {Held{"evpn-macip-v6", 0}, Held{"evpn-multicast-v6", 0}, Held{"evpn-several", 2}}) {
    const wire::Update& u = updates[h.name];
    const wire::Reach* reach = MpReachOf(u);
    ASSERT_NE(reach, nullptr) << h.name;
    const wire::GenericNlri& nlri = reach->generic.at(h.index);
    const rib::NextHop nh = rib::NextHop::Address(reach->next_hop.address);
    lines.push_back(AdjRibGenericText("127.0.0.1", wire::kL2vpnEvpn, nlri, nh, u.attrs, false));
    extensive.push_back(AdjRibGenericText(kExtensiveName, wire::kL2vpnEvpn, nlri, nh, u.attrs, true));
    if (auto j = AdjRibGenericJson(Ip("127.0.0.1"), wire::kL2vpnEvpn, nlri)) json.push_back(*j);
  }
  auto sections = ShowSections("evpn_show_exabgp5.txt");
  EXPECT_EQ(lines, sections["show adj-rib in"]);
  EXPECT_EQ(extensive, sections["show adj-rib in extensive"]);
  EXPECT_EQ(json, sections["show adj-rib in json"]);
}

}  // namespace
}  // namespace herald::api
