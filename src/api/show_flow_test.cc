// `show adj-rib in|out [extensive|json]` for FlowSpec routes, against ExaBGP
// 5.0's answers (testdata/flow_show_exabgp5.txt, made by
// tools/capture_flow_updates.py: the adj-RIB-in holds what the UPDATEs of
// testdata/flow_updates.txt left, the adj-RIB-out the configured routes
// listed at the top of the file).
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "api/render_flow_update_test_util.h"
#include "api/show.h"
#include "wire/flowspec.h"

namespace herald::api {
namespace {

using namespace testing;  // NOLINT

std::map<std::string, std::vector<std::string>> Sections() { return ShowSections("flow_show_exabgp5.txt"); }

constexpr wire::Family kFlow4{wire::Afi::kIpv4, wire::Safi::kFlowIp};
constexpr wire::Family kFlow6{wire::Afi::kIpv6, wire::Safi::kFlowIp};
constexpr wire::Family kFlowVpn4{wire::Afi::kIpv4, wire::Safi::kFlowVpn};

const char kExtensiveName[] =
    "neighbor 127.0.0.1 local-ip 127.0.0.2 local-as 65001 peer-as 65001 router-id 10.0.0.2 family-allowed in-open";

struct Held {
  wire::Family family;
  wire::GenericNlri nlri;
  rib::NextHop next_hop;
  wire::PathAttributes attrs;
};

// What ExaBGP's adj-RIB-in holds after the captured UPDATEs: the routes of
// "mixed" and "unicast-and-flow", the second one of "v4-vpn" (the first was
// withdrawn), "v6-vpn".
std::vector<Held> AdjRibIn() {
  std::map<std::string, wire::Update> updates;
  for (const FlowCase& c : ReadFlowCases()) updates[c.name] = DecodeFlowUpdate(c.message);
  std::vector<Held> held;
  for (auto [name, index] : {std::pair{"mixed", 0}, {"unicast-and-flow", 0}, {"v4-vpn", 1}, {"v6-vpn", 0}}) {
    const wire::Update& u = updates[name];
    const wire::Reach* reach = MpReachOf(u);  // the MP_REACH_NLRI one
    EXPECT_NE(reach, nullptr) << name;
    if (!reach || reach->generic.size() <= static_cast<size_t>(index)) continue;
    held.push_back({reach->family, reach->generic[index], {}, u.attrs});
  }
  return held;
}

wire::GenericNlri Encode(const wire::FlowNlri& flow) {
  auto bytes = wire::EncodeFlowNlri(flow);
  EXPECT_TRUE(bytes.has_value());
  return {bytes.value_or(Bytes{}), 0};
}

wire::FlowComponent Prefix(wire::FlowType type, std::string_view address, uint8_t length) {
  return {type, {Ip(address), length, 0}, {}};
}
wire::FlowComponent Match(wire::FlowType type, uint8_t op, uint64_t value) { return {type, {}, {{op, value}}}; }

// The routes of the configuration, as herald's grammar would make them.
std::vector<Held> AdjRibOut() {
  using wire::FlowType;
  std::vector<Held> held;
  wire::FlowNlri a;
  a.components = {Prefix(FlowType::kDestination, "10.9.0.0", 24), Match(FlowType::kIpProtocol, wire::kFlowOpEq, 6),
                  Match(FlowType::kDestinationPort, wire::kFlowOpEq, 80)};
  wire::PathAttributes discard;
  discard.extended_communities = {Ext("8006000000000000")};
  held.push_back({kFlow4, Encode(a), {}, discard});

  wire::FlowNlri b;
  b.components = {Prefix(FlowType::kSource, "10.8.0.0", 16),
                  Match(FlowType::kPacketLength, wire::kFlowOpGt | wire::kFlowOpEq, 1000)};
  wire::PathAttributes redirect;
  redirect.communities = {(65000u << 16) | 1};
  redirect.extended_communities = {Ext("0800000000000000")};
  held.push_back({kFlow4, Encode(b), rib::NextHop::Address(Ip("1.2.3.4")), redirect});

  wire::FlowNlri c;
  c.vpn = true;
  c.rd = {0, 0, 0xfd, 0xe9, 0, 0, 0, 7};  // 65001:7
  c.components = {Prefix(FlowType::kDestination, "10.7.0.0", 24)};
  wire::PathAttributes rate;
  rate.extended_communities = {Ext("8006000046160000")};
  held.push_back({kFlowVpn4, Encode(c), {}, rate});

  wire::FlowNlri d;
  d.afi = wire::Afi::kIpv6;
  d.components = {Prefix(FlowType::kDestination, "2001:db8:9::", 48), Match(FlowType::kIpProtocol, wire::kFlowOpEq, 17)};
  wire::PathAttributes mark;
  mark.extended_communities = {Ext("800900000000002e")};
  held.push_back({kFlow6, Encode(d), {}, mark});
  return held;
}

std::vector<std::string> Lines(const std::vector<Held>& held, bool extensive) {
  std::vector<std::string> lines;
  for (const Held& h : held)
    lines.push_back(AdjRibGenericText(extensive ? kExtensiveName : "127.0.0.1", h.family, h.nlri, h.next_hop, h.attrs,
                                      extensive));
  return lines;
}

TEST(ShowFlow, AdjRibIn) {
  auto sections = Sections();
  std::vector<Held> held = AdjRibIn();
  ASSERT_EQ(held.size(), 4u);
  EXPECT_EQ(Lines(held, false), sections["show adj-rib in"]);
  EXPECT_EQ(Lines(held, true), sections["show adj-rib in extensive"]);
}

TEST(ShowFlow, AdjRibOut) {
  auto sections = Sections();
  // herald keeps a rule's values as numbers; ExaBGP prints the port name
  // the configuration used (doc/compat.md).
  auto expected = [&](const std::string& section) {
    std::vector<std::string> lines = sections[section];
    EXPECT_FALSE(lines.empty()) << section;
    if (!lines.empty()) lines[0] = Edit(lines[0], "destination-port =http", "destination-port =80");
    return lines;
  };
  EXPECT_EQ(Lines(AdjRibOut(), false), expected("show adj-rib out"));
  EXPECT_EQ(Lines(AdjRibOut(), true), expected("show adj-rib out extensive"));
}

TEST(ShowFlow, JsonListsNoFlowRoute) {
  auto sections = Sections();
  ASSERT_TRUE(sections.count("show adj-rib in json"));
  ASSERT_TRUE(sections.count("show adj-rib out json"));
  EXPECT_TRUE(sections["show adj-rib in json"].empty());
  EXPECT_TRUE(sections["show adj-rib out json"].empty());
  for (const Held& h : AdjRibIn()) EXPECT_FALSE(AdjRibGenericJson(Ip("127.0.0.1"), h.family, h.nlri).has_value());
  for (const Held& h : AdjRibOut()) EXPECT_FALSE(AdjRibGenericJson(Ip("127.0.0.1"), h.family, h.nlri).has_value());
}

TEST(ShowFlow, NextHopSelf) {
  Held h = AdjRibOut()[0];
  EXPECT_EQ(AdjRibGenericText("127.0.0.1", h.family, h.nlri, rib::NextHop::Self(), {}, false),
            "127.0.0.1 ipv4 flow flow destination-ipv4 10.9.0.0/24 protocol =tcp destination-port =80 next-hop self");
}

}  // namespace
}  // namespace herald::api
