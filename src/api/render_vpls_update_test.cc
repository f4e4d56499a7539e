// VPLS UPDATEs as processes read them, against ExaBGP's own output:
// testdata/vpls_updates.txt (tools/capture_vpls_updates.py) holds, for
// each UPDATE a raw speaker sent, what ExaBGP 5.0 and 4.2 wrote to their
// JSON and text processes. herald decodes the same bytes and must write the
// same lines (5.0's by default, 4.2's in the 4.x format).
#include <gtest/gtest.h>

#include "api/render.h"
#include "api/render_flow_update_test_util.h"
#include "api/render_nlri.h"
#include "api/render_test_util.h"
#include "wire/vpls.h"

namespace herald::api {
namespace {

using namespace testing;  // NOLINT

// The session of tools/capture_vpls_updates.py: iBGP in AS 65001, IPv4
// unicast and l2vpn vpls.
wire::Negotiated VplsSession() {
  wire::Negotiated n;
  n.asn4 = true;
  n.local_as = n.peer_as = 65001;
  n.families = {wire::kIpv4Unicast, wire::kL2vpnVpls};
  return n;
}

std::vector<FlowCase> Cases() { return ReadUpdateCases("vpls_updates.txt"); }

wire::Update Decode(const FlowCase& c) { return DecodeFlowUpdate(c.message, VplsSession()); }

TEST(RenderVplsUpdate, EveryCaseIsCaptured) {
  std::vector<FlowCase> nlri;
  std::vector<FlowCase> cases = ReadUpdateCases("vpls_updates.txt", &nlri);
  ASSERT_EQ(cases.size(), 6u);
  EXPECT_EQ(nlri.size(), 3u);
  for (const FlowCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_FALSE(c.message.empty());
    EXPECT_FALSE(c.json50.empty());
    EXPECT_FALSE(c.text50.empty());
    EXPECT_FALSE(c.json42.empty());
    EXPECT_FALSE(c.text42.empty());
  }
}

TEST(RenderVplsUpdate, Exabgp50) {
  for (const FlowCase& c : Cases()) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(CaptureJson(c.json50, Decode(c), Format::kExabgp5), c.json50 + "\n");
    EXPECT_EQ(CaptureText(Decode(c), Format::kExabgp5), c.text50);
  }
}

TEST(RenderVplsUpdate, Exabgp42) {
  for (const FlowCase& c : Cases()) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(CaptureJson(c.json42, Decode(c), Format::kExabgp4), c.json42 + "\n");
    EXPECT_EQ(CaptureText(Decode(c), Format::kExabgp4), c.text42);
  }
}

// Two NLRI in one attribute, which ExaBGP 5.0 cannot read (doc/compat.md):
// each its own route. Bytes the row cannot read print as hex.
TEST(RenderVpls, SeveralNlriAndUnreadableBytes) {
  wire::Update u;
  wire::Reach& reach = u.ReachOf(wire::kL2vpnVpls, false);
  reach.next_hop = {Ip("10.0.0.1"), std::nullopt};
  wire::VplsNlri a;
  a.rd = {0, 0, 0xfd, 0xe9, 0, 0, 0, 7};
  a.endpoint = 1;
  a.label_entry = 0x800000;  // label 524288, no bottom-of-stack bit
  wire::VplsNlri b = a;
  b.endpoint = 2;
  reach.generic.push_back({wire::EncodeVplsNlri(a), 0});
  reach.generic.push_back({wire::EncodeVplsNlri(b), 0});
  EXPECT_EQ(CaptureText(u, Format::kExabgp5),
            (std::vector<std::string>{
                "neighbor 127.0.0.1 receive update announced vpls rd 65001:7 endpoint 1 base 524288 offset 0 size 0 "
                "next-hop 10.0.0.1",
                "neighbor 127.0.0.1 receive update announced vpls rd 65001:7 endpoint 2 base 524288 offset 0 size 0 "
                "next-hop 10.0.0.1"}));
  std::string out;
  render::AppendGenericText(&out, wire::kL2vpnVpls, {B({0x00, 0x01, 0xff}), 0}, "", Style{});
  EXPECT_EQ(out, "0x0001FF");
}

}  // namespace
}  // namespace herald::api
