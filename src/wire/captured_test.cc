// Messages captured from real daemons (testdata/*.hex, made by
// testdata/capture/capture.sh): each decodes, holds what the sender was
// configured to send, and re-encodes to the same bytes wherever the sender
// used herald's canonical layout (attributes in code order, extended length
// only past 255 bytes, one capability per optional parameter).
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "wire/message.h"
#include "wire/test_util.h"

namespace herald::wire {
namespace {

using testing::ExactBuffer;
using testing::LoadHex;

Negotiated GobgpSession() { return testing::Ebgp(65001, 65002); }
Negotiated BirdSession() { return testing::Ebgp(65000, 65000); }
Negotiated ExabgpSession() { return testing::Ebgp(65004, 65003); }
Negotiated TwoByteSession() {
  Negotiated n = testing::Ebgp(65004, kAsTrans, false);
  n.families = {kIpv4Unicast};
  return n;
}

InetNlri N(const char* prefix) { return {*Prefix::Parse(prefix), 0}; }
IpAddress Ip(const char* text) { return *IpAddress::Parse(text); }

struct Captured {
  const char* name;
  Negotiated negotiated;
  bool canonical;
  std::function<void(const Message&)> check;
};

const Update& AsUpdate(const Message& m) { return std::get<Update>(m); }
const Open& AsOpen(const Message& m) { return std::get<Open>(m); }

std::vector<Captured> AllCaptures() {
  return {
      {"gobgp-open", GobgpSession(), false,
       [](const Message& m) {
         const Open& o = AsOpen(m);
         EXPECT_EQ(o.my_as, 65002);
         EXPECT_EQ(o.hold_time, 90);
         EXPECT_EQ(o.bgp_id, 0x0a000048u);
         EXPECT_EQ(o.asn(), 65002u);
         EXPECT_EQ(o.families(), (std::vector<Family>{kIpv4Unicast, kIpv6Unicast}));
         EXPECT_TRUE(o.has(CapabilityCode::kRouteRefresh));
         const FqdnCap* fqdn = o.find<FqdnCap>();
         ASSERT_NE(fqdn, nullptr) << "gobgpd sends its host name";
         EXPECT_EQ(fqdn->domain_name, "");
         const GracefulRestartCap* gr = o.find<GracefulRestartCap>();
         ASSERT_NE(gr, nullptr);
         EXPECT_EQ(gr->restart_time, 120);
         EXPECT_EQ(gr->families.size(), 2u);
       }},
      {"gobgp-keepalive", GobgpSession(), true,
       [](const Message& m) { EXPECT_TRUE(std::holds_alternative<Keepalive>(m)); }},
      {"gobgp-update-ipv4-communities", GobgpSession(), true,
       [](const Message& m) {
         const Update& u = AsUpdate(m);
         EXPECT_FALSE(u.soft_error);
         EXPECT_EQ(ClassicNlri(u), std::vector<InetNlri>{N("198.51.100.0/24")});
         EXPECT_EQ(u.attrs.origin, Origin::kIgp);
         EXPECT_EQ(u.attrs.as_path, (AsPath{{AsSegmentType::kSequence, {65002}}}));
         EXPECT_EQ(u.attrs.next_hop, Ip("127.0.0.72"));
         EXPECT_EQ(u.attrs.med, 10u);
         EXPECT_EQ(u.attrs.communities, (std::vector<uint32_t>{65002u << 16 | 100, kNoExport}));
         EXPECT_EQ(u.attrs.large_communities,
                   (std::vector<LargeCommunity>{{65002, 1, 2}, {65002, 3, 4}}));
       }},
      // gobgpd writes AGGREGATOR before NEXT_HOP.
      {"gobgp-update-ipv4-as-set", GobgpSession(), false,
       [](const Message& m) {
         const Update& u = AsUpdate(m);
         EXPECT_EQ(ClassicNlri(u), std::vector<InetNlri>{N("198.51.101.0/24")});
         EXPECT_EQ(u.attrs.origin, Origin::kIncomplete);
         EXPECT_EQ(u.attrs.as_path, (AsPath{{AsSegmentType::kSequence, {65002, 65010}},
                                            {AsSegmentType::kSet, {65011, 65012}}}));
         EXPECT_EQ(u.attrs.aggregator, (Aggregator{65010, Ip("10.0.0.10")}));
       }},
      {"gobgp-update-ipv6", GobgpSession(), true,
       [](const Message& m) {
         const Update& u = AsUpdate(m);
         ASSERT_TRUE(MpReachOf(u));
         EXPECT_EQ(MpReachOf(u)->family, kIpv6Unicast);
         EXPECT_EQ(MpReachOf(u)->next_hop, (MpNextHop{Ip("2001:db8::72"), std::nullopt}));
         EXPECT_EQ(MpReachOf(u)->nlri, std::vector<InetNlri>{N("2001:db8:72::/48")});
         EXPECT_FALSE(u.attrs.next_hop);
         EXPECT_EQ(u.attrs.med, 20u);
         EXPECT_TRUE(ClassicNlri(u).empty());
       }},
      {"gobgp-update-ipv6-nexthop-fe80", GobgpSession(), true,
       [](const Message& m) {
         const Update& u = AsUpdate(m);
         ASSERT_TRUE(MpReachOf(u));
         EXPECT_EQ(MpReachOf(u)->next_hop, (MpNextHop{Ip("fe80::72"), std::nullopt}));
       }},
      {"gobgp-eor-ipv4", GobgpSession(), true,
       [](const Message& m) { EXPECT_EQ(AsUpdate(m).EndOfRib(), kIpv4Unicast); }},
      {"gobgp-eor-ipv6", GobgpSession(), true,
       [](const Message& m) { EXPECT_EQ(AsUpdate(m).EndOfRib(), kIpv6Unicast); }},
      {"gobgp-withdraw-ipv4", GobgpSession(), true,
       [](const Message& m) {
         EXPECT_EQ(ClassicWithdrawn(AsUpdate(m)), std::vector<InetNlri>{N("198.51.100.0/24")});
         EXPECT_FALSE(AsUpdate(m).EndOfRib());
       }},
      {"gobgp-withdraw-ipv6", GobgpSession(), true,
       [](const Message& m) {
         const Update& u = AsUpdate(m);
         ASSERT_TRUE(MpUnreachOf(u));
         EXPECT_EQ(MpUnreachOf(u)->nlri, std::vector<InetNlri>{N("2001:db8:72::/48")});
         EXPECT_FALSE(u.EndOfRib());
       }},
      {"gobgp-notification-shutdown", GobgpSession(), true,
       [](const Message& m) {
         const Notification& n = std::get<Notification>(m);
         EXPECT_EQ(n.CodeName(), "Cease");
         EXPECT_EQ(n.SubcodeName(), "Administrative Shutdown");
         EXPECT_EQ(n.ShutdownReason(), "herald capture: done");
       }},
      {"exabgp-open", GobgpSession(), true,
       [](const Message& m) {
         const Open& o = AsOpen(m);
         EXPECT_EQ(o.asn(), 65001u);
         EXPECT_EQ(o.hold_time, 180);
         EXPECT_EQ(o.families(), (std::vector<Family>{kIpv4Unicast, kIpv6Unicast}));
         EXPECT_TRUE(o.has(CapabilityCode::kRouteRefresh));
         EXPECT_TRUE(o.has(CapabilityCode::kEnhancedRouteRefresh));
         EXPECT_TRUE(o.has(CapabilityCode::kExtendedMessage));
         ASSERT_NE(o.find<GracefulRestartCap>(), nullptr);
         EXPECT_EQ(o.find<GracefulRestartCap>()->restart_time, 120);
       }},
      {"bird-open", BirdSession(), false,
       [](const Message& m) {
         const Open& o = AsOpen(m);
         EXPECT_EQ(o.asn(), 65000u);
         EXPECT_EQ(o.hold_time, 240);
         EXPECT_EQ(o.bgp_id, 0x0a000049u);
         EXPECT_EQ(o.families(), (std::vector<Family>{kIpv4Unicast, kIpv6Unicast}));
         EXPECT_TRUE(o.has(CapabilityCode::kEnhancedRouteRefresh));
         EXPECT_TRUE(o.has(CapabilityCode::kGracefulRestart));
       }},
      {"bird-update-ipv4-ibgp", BirdSession(), true,
       [](const Message& m) {
         const Update& u = AsUpdate(m);
         EXPECT_FALSE(u.soft_error);
         EXPECT_EQ(ClassicNlri(u), std::vector<InetNlri>{N("203.0.113.0/24")});
         EXPECT_EQ(u.attrs.as_path, AsPath{}) << "iBGP, locally originated";
         EXPECT_EQ(u.attrs.local_pref, 200u);
         EXPECT_EQ(u.attrs.med, 30u);
         EXPECT_EQ(u.attrs.communities, (std::vector<uint32_t>{65000u << 16 | 1, kNoExport}));
         EXPECT_EQ(u.attrs.extended_communities, std::vector<uint64_t>{0x0002fde800000009ull});
         EXPECT_EQ(u.attrs.large_communities, (std::vector<LargeCommunity>{{65000, 3, 4}}));
       }},
      {"bird-update-ipv6-ibgp", BirdSession(), false,
       [](const Message& m) {
         const Update& u = AsUpdate(m);
         ASSERT_TRUE(MpReachOf(u));
         EXPECT_EQ(MpReachOf(u)->next_hop.address, Ip("2001:db8::73"));
         EXPECT_EQ(MpReachOf(u)->nlri, std::vector<InetNlri>{N("2001:db8:73::/48")});
         EXPECT_EQ(u.attrs.local_pref, 200u);
       }},
      {"bird-update-ipv4-reflected", BirdSession(), true,
       [](const Message& m) {
         const Update& u = AsUpdate(m);
         EXPECT_EQ(ClassicNlri(u), std::vector<InetNlri>{N("192.0.2.128/25")});
         EXPECT_EQ(u.attrs.local_pref, 150u);
         EXPECT_EQ(u.attrs.next_hop, Ip("127.0.0.73"));
         EXPECT_EQ(u.attrs.originator_id, Ip("10.0.0.75"));
         EXPECT_EQ(u.attrs.cluster_list, std::vector<IpAddress>{Ip("10.0.0.73")});
       }},
      {"bird-eor-ipv4", BirdSession(), true,
       [](const Message& m) { EXPECT_EQ(AsUpdate(m).EndOfRib(), kIpv4Unicast); }},
      {"bird-eor-ipv6", BirdSession(), true,
       [](const Message& m) { EXPECT_EQ(AsUpdate(m).EndOfRib(), kIpv6Unicast); }},
      {"bird-route-refresh-ipv4", BirdSession(), true,
       [](const Message& m) {
         EXPECT_EQ(std::get<RouteRefresh>(m), (RouteRefresh{kIpv4Unicast, RouteRefresh::Subtype::kNormal}));
       }},
      {"bird-route-refresh-ipv6", BirdSession(), true,
       [](const Message& m) { EXPECT_EQ(std::get<RouteRefresh>(m).family, kIpv6Unicast); }},
      {"bird-notification-cease", BirdSession(), true,
       [](const Message& m) {
         const Notification& n = std::get<Notification>(m);
         EXPECT_EQ(n, (Notification{6, 2, {}}));
         EXPECT_EQ(n.ShutdownReason(), "");
       }},
      {"exabgp-sender-open", ExabgpSession(), true,
       [](const Message& m) {
         EXPECT_EQ(AsOpen(m).asn(), 65003u);
         EXPECT_EQ(AsOpen(m).hold_time, 90);
       }},
      {"exabgp-update-ipv4-full", ExabgpSession(), true,
       [](const Message& m) {
         const Update& u = AsUpdate(m);
         EXPECT_FALSE(u.soft_error);
         EXPECT_EQ(ClassicNlri(u), std::vector<InetNlri>{N("10.76.0.0/16")});
         EXPECT_EQ(u.attrs.origin, Origin::kIgp);
         EXPECT_EQ(u.attrs.as_path, (AsPath{{AsSegmentType::kSequence, {65003, 65010}},
                                            {AsSegmentType::kSet, {65020, 65021}}}));
         EXPECT_EQ(u.attrs.next_hop, Ip("127.0.0.76"));
         EXPECT_EQ(u.attrs.med, 40u);
         EXPECT_TRUE(u.attrs.atomic_aggregate);
         EXPECT_EQ(u.attrs.aggregator, (Aggregator{65003, Ip("10.0.0.76")}));
         EXPECT_EQ(u.attrs.communities, (std::vector<uint32_t>{65003u << 16 | 1, kNoExport}));
         EXPECT_EQ(u.attrs.extended_communities, std::vector<uint64_t>{0x0002fdeb00000005ull});
         EXPECT_EQ(u.attrs.large_communities, (std::vector<LargeCommunity>{{65003, 7, 8}}));
       }},
      {"exabgp-update-ipv4-egp", ExabgpSession(), true,
       [](const Message& m) { EXPECT_EQ(AsUpdate(m).attrs.origin, Origin::kEgp); }},
      // ExaBGP writes MP_REACH_NLRI last.
      {"exabgp-update-ipv6", ExabgpSession(), false,
       [](const Message& m) {
         const Update& u = AsUpdate(m);
         ASSERT_TRUE(MpReachOf(u));
         EXPECT_EQ(MpReachOf(u)->next_hop.address, Ip("2001:db8::76"));
         EXPECT_EQ(MpReachOf(u)->nlri, std::vector<InetNlri>{N("2001:db8:76::/48")});
         EXPECT_EQ(u.attrs.large_communities, (std::vector<LargeCommunity>{{65003, 9, 10}}));
       }},
      {"exabgp-eor-ipv4", ExabgpSession(), true,
       [](const Message& m) { EXPECT_EQ(AsUpdate(m).EndOfRib(), kIpv4Unicast); }},
      {"exabgp-eor-ipv6", ExabgpSession(), false,
       [](const Message& m) { EXPECT_EQ(AsUpdate(m).EndOfRib(), kIpv6Unicast); }},
      {"exabgp-asn2-open", TwoByteSession(), true,
       [](const Message& m) {
         const Open& o = AsOpen(m);
         EXPECT_EQ(o.my_as, kAsTrans);
         EXPECT_FALSE(o.as4());
         EXPECT_EQ(o.families(), std::vector<Family>{kIpv4Unicast});
       }},
      {"exabgp-asn2-update-as4-path", TwoByteSession(), false,
       [](const Message& m) {
         const Update& u = AsUpdate(m);
         EXPECT_FALSE(u.soft_error);
         EXPECT_EQ(u.attrs.as_path,
                   (AsPath{{AsSegmentType::kSequence, {4200000078u, 65010, 4200000001u}}}));
         EXPECT_EQ(u.attrs.aggregator, (Aggregator{4200000078u, Ip("10.0.0.78")}));
         EXPECT_TRUE(u.attrs.unknown.empty()) << "AS4_* are merged, not kept";
       }},
  };
}

TEST(CapturedTest, EveryCaptureDecodesAndHoldsWhatWasSent) {
  for (const Captured& c : AllCaptures()) {
    SCOPED_TRACE(c.name);
    Bytes bytes = LoadHex(std::string(c.name) + ".hex");
    ASSERT_GE(bytes.size(), kHeaderSize);
    ExactBuffer b(bytes);
    auto m = DecodeMessage(b.span(), c.negotiated);
    ASSERT_TRUE(m.ok()) << m.error().what;
    c.check(*m);
    Bytes again = EncodeMessage(*m, c.negotiated);
    if (c.canonical) {
      EXPECT_EQ(ToHex(again), ToHex(bytes));
    }
    // Whatever the sender's layout, herald's re-encoding decodes to the same
    // value and is stable.
    ExactBuffer b2(again);
    auto m2 = DecodeMessage(b2.span(), c.negotiated);
    ASSERT_TRUE(m2.ok()) << m2.error().what;
    EXPECT_EQ(*m2, *m);
    EXPECT_EQ(EncodeMessage(*m2, c.negotiated), again);
  }
}

TEST(CapturedTest, EveryTruncationOfEveryCaptureFailsCleanly) {
  for (const Captured& c : AllCaptures()) {
    SCOPED_TRACE(c.name);
    Bytes bytes = LoadHex(std::string(c.name) + ".hex");
    for (size_t len = 0; len < bytes.size(); ++len) {
      ExactBuffer b(ByteSpan(bytes.data(), len));
      EXPECT_FALSE(DecodeMessage(b.span(), c.negotiated).ok()) << len;
    }
    // The body cut anywhere, with the header length fixed to match: the
    // decoders must stop at the body's end, and succeed only where the cut
    // leaves a real message: between two prefixes of an UPDATE's NLRI
    // field, or anywhere in a NOTIFICATION's free-form data.
    ExactBuffer whole(bytes);
    auto full = DecodeMessage(whole.span(), c.negotiated);
    ASSERT_TRUE(full.ok());
    if (std::holds_alternative<Notification>(*full)) continue;
    std::vector<size_t> boundaries;
    if (auto* u = std::get_if<Update>(&*full)) {
      size_t at = bytes.size();
      for (auto it = ClassicNlri(*u).rbegin(); it != ClassicNlri(*u).rend(); ++it) {
        at -= InetNlriSize(*it, false);
        boundaries.push_back(at);
      }
    }
    for (size_t len = kHeaderSize; len < bytes.size(); ++len) {
      Bytes cut(bytes.begin(), bytes.begin() + static_cast<ptrdiff_t>(len));
      cut[16] = static_cast<uint8_t>(len >> 8);
      cut[17] = static_cast<uint8_t>(len);
      ExactBuffer b(cut);
      bool ok = DecodeMessage(b.span(), c.negotiated).ok();
      EXPECT_EQ(ok, std::find(boundaries.begin(), boundaries.end(), len) != boundaries.end()) << len;
    }
  }
}

// GoBGP (127.0.0.72) sends its own address as NEXT_HOP, as every eBGP
// speaker does: that is the peer's address, a good next hop. Only the
// receiving speaker's own address is refused (RFC 4271 §6.3).
TEST(CapturedTest, NextHopIsJudgedFromTheReceivingEnd) {
  Bytes bytes = LoadHex("gobgp-update-ipv4-communities.hex");
  ExactBuffer b(bytes);
  Negotiated n = GobgpSession();
  n.local_address = Ip("127.0.0.71");
  n.peer_address = Ip("127.0.0.72");
  auto m = DecodeMessage(b.span(), n);
  ASSERT_TRUE(m.ok()) << m.error().what;
  EXPECT_FALSE(AsUpdate(*m).soft_error);
  EXPECT_EQ(ClassicNlri(AsUpdate(*m)), std::vector<InetNlri>{N("198.51.100.0/24")});
  // Had herald been 127.0.0.72, the route would point back at it.
  n.local_address = Ip("127.0.0.72");
  m = DecodeMessage(b.span(), n);
  ASSERT_TRUE(m.ok()) << m.error().what;
  const Update& u = AsUpdate(*m);
  ASSERT_TRUE(u.soft_error);
  EXPECT_EQ(u.soft_error->what, "NEXT_HOP 127.0.0.72 is herald's own address");
  EXPECT_TRUE(ClassicNlri(u).empty());
  EXPECT_EQ(ClassicWithdrawn(u), std::vector<InetNlri>{N("198.51.100.0/24")});
  EXPECT_EQ(u.attrs.med, 10u) << "the attributes are still decoded";
}

TEST(CapturedTest, JsonOfExaBgpIsKeptBesideUpdates) {
  // The renderer's tests read these; make sure they stay next to their bytes.
  for (const char* name : {"gobgp-update-ipv4-communities", "bird-update-ipv4-reflected",
                           "exabgp-update-ipv4-full", "exabgp-asn2-update-as4-path"}) {
    std::string json = testing::ReadFile(std::string(name) + ".json");
    EXPECT_NE(json.find("\"type\": \"update\""), std::string::npos) << name;
  }
}

}  // namespace
}  // namespace herald::wire
