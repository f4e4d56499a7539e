// `show adj-rib in|out [extensive|json]` for multicast, labeled unicast and
// MPLS VPN routes, against ExaBGP 5.0's answers
// (testdata/labeled_show_exabgp5.txt, made by tools/capture_labeled_updates.py:
// the adj-RIB-in holds what the UPDATEs of testdata/labeled_updates.txt left,
// the adj-RIB-out the configured routes listed at the top of the file).
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "api/render_flow_update_test_util.h"
#include "api/show.h"
#include "wire/labeled.h"

namespace herald::api {
namespace {

using namespace testing;  // NOLINT

std::map<std::string, std::vector<std::string>> Sections() { return ShowSections("labeled_show_exabgp5.txt"); }

const char kExtensiveName[] =
    "neighbor 127.0.0.1 local-ip 127.0.0.2 local-as 65001 peer-as 65001 router-id 10.0.0.2 family-allowed in-open";

struct Held {
  wire::Family family;
  wire::GenericNlri nlri;
  rib::NextHop next_hop;
  wire::PathAttributes attrs;
};

// What ExaBGP's adj-RIB-in holds after the captured UPDATEs (the others were
// withdrawn), in the order it lists them: (case, route of its MP_REACH_NLRI).
std::vector<Held> AdjRibIn() {
  std::map<std::string, wire::Update> updates;
  for (const FlowCase& c : ReadUpdateCases("labeled_updates.txt"))
    updates[c.name] = DecodeFlowUpdate(c.message, LabeledSession());
  std::vector<Held> held;
  for (auto [name, index] : {std::pair{"mc4-announce", 1}, {"lu6-and-mc4", 0}, {"lu4-announce", 1},
                             {"vpn4-mixed", 0}, {"vpn6-rd1", 1}, {"vpn6-announce", 0}}) {
    const wire::Update& u = updates[name];
    const wire::Reach* reach = MpReachOf(u);
    EXPECT_NE(reach, nullptr) << name;
    if (!reach) continue;
    wire::PathAttributes attrs = u.attrs;
    attrs.next_hop.reset();
    held.push_back({reach->family, reach->generic.at(index), rib::NextHop::Address(reach->next_hop.address), attrs});
  }
  return held;
}

std::vector<std::string> Lines(const std::vector<Held>& held, bool extensive) {
  std::vector<std::string> lines;
  for (const Held& h : held)
    lines.push_back(AdjRibGenericText(extensive ? kExtensiveName : "127.0.0.1", h.family, h.nlri, h.next_hop, h.attrs,
                                      extensive));
  return lines;
}

// herald's adj-RIB-in does not keep whether a route came under ADD-PATH: a
// path identifier of 0 does not show (doc/compat.md).
std::vector<std::string> WithoutPathZero(std::vector<std::string> lines) {
  for (std::string& line : lines)
    if (line.find(" nlri-mpls ") != std::string::npos) line = Edit(line, " path-information 0.0.0.0", "");
  return lines;
}

TEST(ShowLabeled, AdjRibIn) {
  auto sections = Sections();
  std::vector<Held> held = AdjRibIn();
  ASSERT_EQ(held.size(), 6u);
  EXPECT_EQ(Lines(held, false), WithoutPathZero(sections["show adj-rib in"]));
  EXPECT_EQ(Lines(held, true), WithoutPathZero(sections["show adj-rib in extensive"]));
}

TEST(ShowLabeled, AdjRibInJson) {
  auto sections = Sections();
  std::vector<std::string> lines;
  for (const Held& h : AdjRibIn()) lines.push_back(AdjRibGenericJson(Ip("127.0.0.1"), h.family, h.nlri).value_or("-"));
  EXPECT_EQ(lines, sections["show adj-rib in json"]);
}

TEST(ShowLabeled, NonZeroPathIdShows) {
  Held h = AdjRibIn()[2];
  h.nlri.path_id = 5;
  EXPECT_EQ(AdjRibGenericText("127.0.0.1", h.family, h.nlri, rib::NextHop::Self(), {}, false),
            "127.0.0.1 ipv4 nlri-mpls 10.3.3.0/24 path-information 0.0.0.5 label [ 16 1048575 ] next-hop self");
}

// One route of the adj-RIB-out (the configured routes listed at the top of
// the golden file).
Held Out(wire::Family family, std::string_view prefix, std::vector<uint32_t> labels, std::array<uint8_t, 8> rd,
         std::string_view next_hop) {
  wire::LabeledNlri n;
  for (size_t i = 0; i < labels.size(); ++i) n.labels.push_back(wire::LabelEntry(labels[i], i + 1 == labels.size()));
  n.rd = rd;
  n.prefix = Prefix::Parse(prefix).value();
  auto bytes = wire::EncodeLabeledNlri(n, family);
  EXPECT_TRUE(bytes.has_value());
  return {family, {bytes.value_or(Bytes{}), 0}, rib::NextHop::Address(Ip(next_hop)), {}};
}

std::vector<Held> AdjRibOut() {
  std::vector<Held> held;
  held.push_back(Out({wire::Afi::kIpv4, wire::Safi::kMulticast}, "239.9.0.0/16", {}, {}, "10.0.0.9"));
  held.push_back(Out({wire::Afi::kIpv4, wire::Safi::kMplsLabel}, "10.8.0.0/16", {20, 21}, {}, "10.0.0.9"));
  held.push_back(
      Out({wire::Afi::kIpv4, wire::Safi::kMplsVpn}, "10.9.0.0/24", {99}, {0, 0, 0xfd, 0xe9, 0, 0, 0, 9}, "10.0.0.9"));
  held.push_back(Out({wire::Afi::kIpv6, wire::Safi::kMplsVpn}, "2001:db8:9::/48", {44, 45},
                     {0, 1, 192, 0, 2, 9, 0, 4}, "2001:db8::9"));
  held.back().attrs.communities = {65000u << 16 | 1};
  return held;
}

TEST(ShowLabeled, AdjRibOut) {
  auto sections = Sections();
  EXPECT_EQ(Lines(AdjRibOut(), false), sections["show adj-rib out"]);
  EXPECT_EQ(Lines(AdjRibOut(), true), sections["show adj-rib out extensive"]);
  std::vector<std::string> lines;
  for (const Held& h : AdjRibOut()) lines.push_back(AdjRibGenericJson(Ip("127.0.0.1"), h.family, h.nlri).value_or("-"));
  EXPECT_EQ(lines, sections["show adj-rib out json"]);
}

// Bytes the row cannot read: the JSON still lists the route, as its bytes.
TEST(ShowLabeled, UnreadableBytesInJson) {
  wire::GenericNlri n{B({0x18, 0x00, 0x06, 0x40}), 0};
  EXPECT_EQ(AdjRibGenericJson(Ip("127.0.0.1"), {wire::Afi::kIpv4, wire::Safi::kMplsVpn}, n),
            R"({"127.0.0.1": {"routes": [{"nlri": "0x18000640", "family": "ipv4 mpls-vpn"}]}})");
}

}  // namespace
}  // namespace herald::api
