// RT-Constrain UPDATEs as processes read them, against ExaBGP 5.0's own
// output: testdata/rtc_updates.txt (tools/capture_rtc_updates.py). The JSON
// is 5.0's; the text names the route, which 5.0's does not (doc/compat.md).
#include <gtest/gtest.h>

#include "api/render.h"
#include "api/render_flow_update_test_util.h"
#include "api/render_nlri.h"
#include "api/render_test_util.h"
#include "wire/rtc.h"

namespace herald::api {
namespace {

using namespace testing;  // NOLINT

wire::Negotiated RtcSession() {
  wire::Negotiated n;
  n.asn4 = true;
  n.local_as = n.peer_as = 65001;
  n.families = {wire::kIpv4Unicast, wire::kIpv4Rtc};
  return n;
}

TEST(RenderRtcUpdate, Exabgp50Json) {
  std::vector<FlowCase> cases = ReadUpdateCases("rtc_updates.txt");
  ASSERT_EQ(cases.size(), 5u);
  for (const FlowCase& c : cases) {
    SCOPED_TRACE(c.name);
    wire::Update u = DecodeFlowUpdate(c.message, RtcSession());
    EXPECT_EQ(CaptureJson(c.json50, u, Format::kExabgp5), c.json50 + "\n");
    EXPECT_EQ(CaptureText(u, Format::kExabgp5).size(), c.text50.size());
  }
}

TEST(RenderRtcUpdate, TextNamesTheRoute) {
  std::vector<FlowCase> cases = ReadUpdateCases("rtc_updates.txt");
  ASSERT_EQ(cases.size(), 5u);
  EXPECT_EQ(CaptureText(DecodeFlowUpdate(cases[2].message, RtcSession()), Format::kExabgp5),
            (std::vector<std::string>{
                "neighbor 127.0.0.1 receive update announced rtc 65000:target:192.0.2.1:42 next-hop 10.0.0.2 origin "
                "igp local-preference 100",
                "neighbor 127.0.0.1 receive update announced rtc 4200000001:target:4200000000:7 next-hop 10.0.0.2 "
                "origin igp local-preference 100"}));
  EXPECT_EQ(CaptureText(DecodeFlowUpdate(cases[3].message, RtcSession()), Format::kExabgp5),
            (std::vector<std::string>{"neighbor 127.0.0.1 receive update withdrawn rtc 65000:target:65001:100"}));
  std::string out;
  render::AppendGenericJson(&out, wire::kIpv4Rtc, {B({0x34, 0, 0, 0xFD, 0xE8, 0, 0x02, 0xF0}), 0}, "", Style{});
  EXPECT_EQ(out, "{ \"origin\": 65000, \"route-target\": \"target:61440:0\", \"prefix-length\": 52 }");
  out.clear();
  render::AppendGenericText(&out, wire::kIpv4Rtc, {B({0x00}), 0}, "10.0.0.1", Style{});
  EXPECT_EQ(out, "rtc wildcard next-hop 10.0.0.1");
}

}  // namespace
}  // namespace herald::api
