// Multicast, labeled unicast and MPLS VPN UPDATEs as processes read them,
// against ExaBGP's own output: testdata/labeled_updates.txt
// (tools/capture_labeled_updates.py) holds, for each UPDATE a raw speaker
// sent, what ExaBGP 5.0 and 4.2 wrote to their JSON and text processes.
// herald decodes the same bytes and must write the same lines (5.0's by
// default, 4.2's in the 4.x format).
#include <gtest/gtest.h>

#include <sstream>

#include "api/render.h"
#include "api/render_flow_update_test_util.h"
#include "api/render_labeled.h"
#include "api/render_test_util.h"

namespace herald::api {
namespace {

using namespace testing;  // NOLINT

std::vector<FlowCase> Cases() { return ReadUpdateCases("labeled_updates.txt"); }

wire::Update Decode(const FlowCase& c) { return DecodeFlowUpdate(c.message, LabeledSession()); }

std::string Json(const std::string& line, const wire::Update& u, Format format, bool compact = false) {
  return CaptureJson(line, u, format, compact);
}
std::vector<std::string> Text(const wire::Update& u, Format format) { return CaptureText(u, format); }

TEST(RenderLabeledUpdate, EveryCaseIsCaptured) {
  std::vector<FlowCase> nlri;
  std::vector<FlowCase> cases = ReadUpdateCases("labeled_updates.txt", &nlri);
  ASSERT_EQ(cases.size(), 15u);
  EXPECT_EQ(nlri.size(), 12u);
  for (const FlowCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_FALSE(c.message.empty());
    EXPECT_FALSE(c.json50.empty());
    EXPECT_FALSE(c.text50.empty());
    EXPECT_FALSE(c.json42.empty());
    EXPECT_FALSE(c.text42.empty());
  }
}

TEST(RenderLabeledUpdate, Exabgp50Json) {
  for (const FlowCase& c : Cases()) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Json(c.json50, Decode(c), Format::kExabgp5), c.json50 + "\n");
  }
}

TEST(RenderLabeledUpdate, Exabgp50Text) {
  for (const FlowCase& c : Cases()) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Text(Decode(c), Format::kExabgp5), c.text50);
  }
}

TEST(RenderLabeledUpdate, Exabgp42Json) {
  for (const FlowCase& c : Cases()) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Json(c.json42, Decode(c), Format::kExabgp4), c.json42 + "\n");
  }
}

TEST(RenderLabeledUpdate, Exabgp42Text) {
  for (const FlowCase& c : Cases()) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Text(Decode(c), Format::kExabgp4), c.text42);
  }
}

// api.compact: ExaBGP 4.2 shortens a multicast route as a unicast one,
// 5.0 prints every route of these families whole. What 4.2 printed was
// captured by running tools/capture_labeled_updates.py with
// exabgp.api.compact=true in its environment: the golden lines of the
// multicast routes, each { "nlri": "P" } as "P"; everything else the same
// as without (5.0's lines too).
TEST(RenderLabeledUpdate, Compact) {
  int multicast = 0;
  for (const FlowCase& c : Cases()) {
    SCOPED_TRACE(c.name);
    wire::Update u = Decode(c);
    EXPECT_EQ(Json(c.json50, u, Format::kExabgp5, true), c.json50 + "\n");
    std::string expected = c.json42;
    for (const char* prefix : {"239.1.0.0/16", "10.1.2.0/24", "239.2.0.0/16"}) {
      const std::string whole = std::string(R"({ "nlri": ")") + prefix + R"(" })";
      if (expected.find(whole) == std::string::npos) continue;
      expected = Edit(expected, whole, std::string("\"") + prefix + "\"");
      ++multicast;
    }
    EXPECT_EQ(Json(c.json42, u, Format::kExabgp4, true), expected + "\n");
  }
  EXPECT_EQ(multicast, 4);
}

constexpr wire::Family kVpn4{wire::Afi::kIpv4, wire::Safi::kMplsVpn};
constexpr wire::Family kMulticast6{wire::Afi::kIpv6, wire::Safi::kMulticast};

// An RD of a type RFC 4364 does not define prints as its bytes, as ExaBGP
// prints it; an empty label stack (no decoder makes one) as an empty list.
TEST(RenderLabeled, OddValues) {
  wire::LabeledNlri n;
  n.labels = {wire::LabelEntry(7, true)};
  n.rd = {0, 3, 1, 2, 3, 4, 5, 6};
  n.prefix = Prefix::Parse("10.0.0.0/8").value();
  std::string out;
  render::AppendLabeledText(&out, n, kVpn4, false, 0, "1.2.3.4");
  EXPECT_EQ(out, "10.0.0.0/8 label 7 next-hop 1.2.3.4 rd 0x0003010203040506");
  out.clear();
  n.labels.clear();
  render::AppendLabeledJson(&out, n, kVpn4, true, 0xFFFFFFFF);
  EXPECT_EQ(out, R"({ "nlri": "10.0.0.0/8", "path-information": "255.255.255.255", "label": [  ], "rd": "0x0003010203040506" })");
}

// ExaBGP 5.0 refuses IPv6 multicast (doc/compat.md); herald prints it as
// IPv6 unicast, with both next hops when there is a link-local one.
TEST(RenderLabeled, Ipv6Multicast) {
  wire::Update u;
  wire::Reach& reach = u.ReachOf(kMulticast6, false);
  reach.next_hop = {Ip("2001:db8::1"), Ip("fe80::1")};
  reach.generic.push_back({B({0x30, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01}), 0});
  EXPECT_EQ(Text(u, Format::kExabgp5),
            (std::vector<std::string>{
                "neighbor 127.0.0.1 receive update announced 2001:db8:1::/48 next-hop 2001:db8::1",
                "neighbor 127.0.0.1 receive update announced 2001:db8:1::/48 next-hop fe80::1"}));
}

// A VPN-IPv6 next hop with a link-local address, which ExaBGP 5.0 cannot
// read (doc/compat.md): each route under both addresses, as for labeled
// unicast (case lu6-linklocal of the golden file).
TEST(RenderLabeled, Vpn6LinkLocalNextHop) {
  wire::Update u;
  wire::Reach& reach = u.ReachOf({wire::Afi::kIpv6, wire::Safi::kMplsVpn}, false);
  reach.next_hop = {Ip("2001:db8::1"), Ip("fe80::1")};
  // 2001:db8:5::/48, label 2000, RD 65002:1
  reach.generic.push_back({B({0x88, 0x00, 0x7d, 0x01, 0, 0, 0xfd, 0xea, 0, 0, 0, 1, 0x20, 0x01, 0x0d, 0xb8, 0, 5}), 0});
  EXPECT_EQ(Text(u, Format::kExabgp5),
            (std::vector<std::string>{
                "neighbor 127.0.0.1 receive update announced 2001:db8:5::/48 label 2000 next-hop 2001:db8::1 rd 65002:1",
                "neighbor 127.0.0.1 receive update announced 2001:db8:5::/48 label 2000 next-hop fe80::1 rd 65002:1"}));
  NeighborInfo n = CaptureReceiver(Format::kExabgp5);
  std::string out;
  MakeJsonRenderer(Host{"vm", 1, 1, [] { return 0.0; }})->Update(n, Direction::kReceive, u, &out);
  EXPECT_NE(out.find(R"("announce": { "ipv6 mpls-vpn": { "2001:db8::1": [ { "nlri": "2001:db8:5::/48", )"
                     R"("label": [ [2000] ], "rd": "65002:1" } ], "fe80::1": [ { "nlri": "2001:db8:5::/48", )"
                     R"("label": [ [2000] ], "rd": "65002:1" } ] } })"),
            std::string::npos)
      << out;
}

// Bytes a row cannot read (a label stack without its bottom) print as hex.
TEST(RenderLabeled, UnreadableBytesPrintAsHex) {
  wire::Update u;
  wire::Unreach& unreach = u.UnreachOf(kVpn4, false);
  unreach.generic.push_back({B({0x18, 0x00, 0x06, 0x40}), 0});
  std::vector<std::string> text = Text(u, Format::kExabgp5);
  ASSERT_EQ(text.size(), 1u);
  EXPECT_EQ(text[0], "neighbor 127.0.0.1 receive update withdrawn 0x18000640");
}

}  // namespace
}  // namespace herald::api
