// EVPN UPDATEs as processes see them, against ExaBGP's own output:
// testdata/evpn_updates.txt (tools/capture_evpn_updates.py) holds, for each
// UPDATE a raw speaker sent, what ExaBGP 5.0 and 4.2 wrote to their JSON and
// text processes. `show adj-rib`: show_evpn_test.cc.
#include <gtest/gtest.h>

#include <map>

#include "api/render.h"
#include "api/render_flow_update_test_util.h"
#include "api/render_nlri.h"
#include "api/render_test_util.h"
#include "wire/evpn.h"

namespace herald::api {
namespace {

using namespace testing;  // NOLINT

// The session of tools/capture_evpn_updates.py: iBGP in AS 65001, IPv4
// unicast and l2vpn evpn.
wire::Negotiated EvpnSession() {
  wire::Negotiated n;
  n.asn4 = true;
  n.local_as = n.peer_as = 65001;
  n.families = {wire::kIpv4Unicast, wire::kL2vpnEvpn};
  return n;
}

std::vector<FlowCase> Cases() { return ReadUpdateCases("evpn_updates.txt"); }

wire::Update Decode(const FlowCase& c) { return DecodeFlowUpdate(c.message, EvpnSession()); }

TEST(RenderEvpnUpdate, EveryCaseIsCaptured) {
  std::vector<FlowCase> nlri;
  std::vector<FlowCase> cases = ReadUpdateCases("evpn_updates.txt", &nlri);
  ASSERT_EQ(cases.size(), 15u);
  EXPECT_EQ(nlri.size(), 10u);
  for (const FlowCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_FALSE(c.message.empty());
    EXPECT_FALSE(c.json50.empty());
    EXPECT_FALSE(c.text50.empty());
    if (c.name == "evpn-withdraw-unknown") continue;  // 4.2 closes the session
    EXPECT_FALSE(c.json42.empty());
    EXPECT_FALSE(c.text42.empty());
  }
}

TEST(RenderEvpnUpdate, Exabgp50) {
  for (const FlowCase& c : Cases()) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(CaptureJson(c.json50, Decode(c), Format::kExabgp5), c.json50 + "\n");
    EXPECT_EQ(CaptureText(Decode(c), Format::kExabgp5), c.text50);
  }
}

TEST(RenderEvpnUpdate, Exabgp42) {
  for (const FlowCase& c : Cases()) {
    if (c.json42.empty()) continue;
    SCOPED_TRACE(c.name);
    EXPECT_EQ(CaptureJson(c.json42, Decode(c), Format::kExabgp4), c.json42 + "\n");
    EXPECT_EQ(CaptureText(Decode(c), Format::kExabgp4), c.text42);
  }
}

// An IPv6 next hop, which ExaBGP 5.0 cannot read (doc/compat.md): the
// routes are kept and shown under it.
TEST(RenderEvpn, Ipv6NextHop) {
  wire::Update u;
  wire::Reach& reach = u.ReachOf(wire::kL2vpnEvpn, false);
  reach.next_hop = {Ip("2001:db8::1"), std::nullopt};
  reach.generic.push_back({B({0x09, 0x01, 0xaa}), 0});
  EXPECT_EQ(CaptureJson(Cases().at(0).json50, u, Format::kExabgp5).find(R"("l2vpn evpn": { "2001:db8::1": [ { "code": 9, "parsed": )"
                                                       R"(false, "raw": "0901AA" } ] })") == std::string::npos,
            false);
  std::string out;
  render::AppendGenericText(&out, wire::kL2vpnEvpn, {B({0x02, 0x01, 0xff}), 0}, "", Style{});
  EXPECT_EQ(out, "0x0201FF");
}

// Every route type as `show adj-rib` prints it (the forms ExaBGP 5.0 gives
// the types its adj-RIB-in did not keep in the capture).
TEST(ShowEvpn, EveryType) {
  std::vector<FlowCase> nlri;
  ReadUpdateCases("evpn_updates.txt", &nlri);
  std::vector<std::string> got;
  for (const FlowCase& c : nlri) {
    std::string out;
    render::FindGenericRenderer(wire::kL2vpnEvpn)->show(&out, {c.message, 0});
    got.push_back(out);
  }
  EXPECT_EQ(got, (std::vector<std::string>{
                     "evpn:ethernetad::10.0.0.1:5:00:11:22:33:44:55:66:77:88:99:0: label 100 (1601)",
                     "evpn:macadv::65001:7:-:10:00:11:22:AA:BB:CC/48:192.168.0.1: label 1000 (16001)",
                     "evpn:macadv::4200000001:9:00:11:22:33:44:55:66:77:88:99:0:02:00:00:00:00:01/48:: label 0",
                     "evpn:macadv::65001:7:-:10:00:11:22:AA:BB:CD/48:2001:db8::1: label 1000 (16001)",
                     "evpn:multicast::65001:7:10:10.0.0.1",
                     "evpn:multicast::10.0.0.1:7:0:2001:db8::2",
                     "evpn:segment::10.0.0.1:1:00:11:22:33:44:55:66:77:88:99:10.0.0.1",
                     "evpn:prfxadv::65001:7:-:0:10.1.0.0/24:0.0.0.0: label 3000 (48001)",
                     "evpn:prfxadv::65001:7:00:11:22:33:44:55:66:77:88:99:5:2001:db8:1::/48:2001:db8::fe: label 3001 "
                     "(48017)",
                     "evpn:unknown:0x0102030405",
                 }));
}

}  // namespace
}  // namespace herald::api
