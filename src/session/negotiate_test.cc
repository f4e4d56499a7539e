#include "session/negotiate.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "base/hex.h"
#include "wire/message.h"

namespace herald::session {
namespace {

// testdata/exabgp50_opens.txt: name -> the OPEN ExaBGP 5.0 sent, as hex
// (made by tools/capture_oracle_opens.py).
std::map<std::string, std::string> OracleOpens() {
  std::ifstream in(std::string(HERALD_SOURCE_DIR) + "/src/session/testdata/exabgp50_opens.txt");
  EXPECT_TRUE(in.good()) << "missing testdata exabgp50_opens.txt";
  std::map<std::string, std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string name, hex;
    words >> name >> hex;
    auto bytes = FromHex(hex);
    EXPECT_TRUE(bytes) << line;
    if (bytes) out[name] = ToHex(*bytes);
  }
  return out;
}

// The configuration of the capture script's neighbor.
SessionConfig OracleNeighbor(uint16_t hold_time, std::vector<wire::Family> families) {
  SessionConfig c;
  c.local_as = 65001;
  c.peer_as = 65002;
  c.router_id = 0x0A000001;
  c.hold_time = hold_time;
  c.families = std::move(families);
  return c;
}

std::string OpenHex(const SessionConfig& c) {
  return ToHex(wire::EncodeMessage(MakeOpen(c), wire::Negotiated{}));
}

TEST(MakeOpenTest, GracefulRestartAsExaBgp50SendsIt) {
  auto oracle = OracleOpens();
  // graceful-restart 120; two families.
  SessionConfig c = OracleNeighbor(180, {wire::kIpv4Unicast, wire::kIpv6Unicast});
  c.graceful_restart = 120;
  EXPECT_EQ(OpenHex(c), oracle["gr-120-two-families"]);
  // graceful-restart; with hold-time 90 (the parser resolves the time).
  c = OracleNeighbor(90, {wire::kIpv4Unicast});
  c.graceful_restart = 90;
  EXPECT_EQ(OpenHex(c), oracle["gr-bare-hold-90"]);
  // graceful-restart 0; (the hold time, 180) on IPv6 only.
  c = OracleNeighbor(180, {wire::kIpv6Unicast});
  c.graceful_restart = 180;
  EXPECT_EQ(OpenHex(c), oracle["gr-zero-ipv6"]);
  c = OracleNeighbor(180, {wire::kIpv4Unicast});
  EXPECT_EQ(OpenHex(c), oracle["gr-disable"]);
}

TEST(MakeOpenTest, MultisessionAndSoftwareVersionAsExaBgp50SendsThem) {
  auto oracle = OracleOpens();
  SessionConfig c = OracleNeighbor(180, {wire::kIpv4Unicast});
  c.multi_session = true;
  EXPECT_EQ(OpenHex(c), oracle["multi-session"]);
  // The software version is herald's: the oracle's OPEN with its text
  // replaced.
  auto swap_version = [](const std::string& hex) {
    auto bytes = FromHex(hex);
    auto m = wire::DecodeMessage(*bytes, wire::Negotiated{});
    EXPECT_TRUE(m.ok());
    wire::Open open = std::get<wire::Open>(*m);
    size_t found = 0;
    for (wire::Capability& cap : open.capabilities)
      if (auto* sw = std::get_if<wire::SoftwareVersionCap>(&cap.value)) {
        EXPECT_EQ(sw->version, "ExaBGP/5.0.13");
        sw->version = std::string(SoftwareVersion());
        ++found;
      }
    EXPECT_EQ(found, 1u);
    return ToHex(wire::EncodeMessage(open, wire::Negotiated{}));
  };
  c = OracleNeighbor(180, {wire::kIpv4Unicast});
  c.software_version = true;
  EXPECT_EQ(OpenHex(c), swap_version(oracle["software-version"]));
  c = OracleNeighbor(180, {wire::kIpv4Unicast});
  c.operational = true;
  EXPECT_EQ(OpenHex(c), oracle["operational"]);
  // Everything herald shares with ExaBGP at once.
  c = OracleNeighbor(90, {wire::kIpv4Unicast, wire::kIpv6Unicast});
  c.graceful_restart = 90;
  c.route_refresh = true;
  c.operational = true;
  c.multi_session = true;
  c.software_version = true;
  EXPECT_EQ(OpenHex(c), swap_version(oracle["everything"]));
  EXPECT_EQ(SoftwareVersion().substr(0, 7), "herald/");
}

// ExaBGP's Negotiated.operational: both OPENs carry capability 185.
TEST(NegotiateTest, OperationalWhenBothSidesAnnounceIt) {
  SessionConfig ours;
  ours.local_as = 65001;
  ours.peer_as = 65002;
  ours.router_id = 1;
  SessionConfig theirs = ours;
  theirs.local_as = 65002;
  theirs.peer_as = 65001;
  theirs.router_id = 2;
  for (bool mine : {false, true}) {
    for (bool peer : {false, true}) {
      ours.operational = mine;
      theirs.operational = peer;
      auto a = Negotiate(ours, MakeOpen(ours), MakeOpen(theirs));
      ASSERT_TRUE(a.ok());
      EXPECT_EQ(a->operational, mine && peer) << mine << peer;
    }
  }
}

TEST(NegotiateTest, MultisessionNeedsThePeerToGroupTheSameFamilies) {
  SessionConfig c;
  c.local_as = 65001;
  c.peer_as = 65002;
  c.multi_session = true;
  c.families = {wire::kIpv4Unicast, wire::kIpv6Unicast};
  wire::Open local = MakeOpen(c);
  wire::Open remote;
  remote.my_as = 65002;
  remote.bgp_id = 7;
  remote.capabilities = {{1, wire::MultiprotocolCap{wire::kIpv6Unicast}},
                         {1, wire::MultiprotocolCap{wire::kIpv4Unicast}}};
  auto a = Negotiate(c, local, remote);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, 2);
  EXPECT_EQ(a.error().subcode, 9);  // grouping required
  remote.capabilities.push_back({68, wire::UnknownCap{}});
  a = Negotiate(c, local, remote);
  ASSERT_TRUE(a) << a.error().what;  // same families, in another order
  remote.capabilities.erase(remote.capabilities.begin());
  a = Negotiate(c, local, remote);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().subcode, 8);  // grouping conflict
  // Without multisession on our side, the peer's is only shown.
  c.multi_session = false;
  a = Negotiate(c, MakeOpen(c), remote);
  ASSERT_TRUE(a) << a.error().what;
}

TEST(MakeOpenTest, AnnouncesConfiguredCapabilitiesInOrder) {
  SessionConfig c;
  c.local_as = 4200000001;
  c.peer_as = 65002;
  c.router_id = 0x01020304;
  c.hold_time = 30;
  c.route_refresh = true;
  c.families = {wire::kIpv4Unicast, wire::kIpv6Unicast};
  wire::Open o = MakeOpen(c);
  EXPECT_EQ(o.my_as, wire::kAsTrans);
  EXPECT_EQ(o.hold_time, 30);
  EXPECT_EQ(o.bgp_id, 0x01020304u);
  std::vector<uint8_t> codes;
  for (auto& cap : o.capabilities) codes.push_back(cap.code);
  EXPECT_EQ(codes, (std::vector<uint8_t>{1, 1, 65, 2, 70, 6}));
  ASSERT_TRUE(o.find<wire::As4Cap>());
  EXPECT_EQ(o.find<wire::As4Cap>()->asn, 4200000001u);
}

TEST(MakeOpenTest, OmitsDisabledCapabilities) {
  SessionConfig c;
  c.local_as = 65001;
  c.asn4 = false;
  c.extended_message = false;
  wire::Open o = MakeOpen(c);
  EXPECT_EQ(o.my_as, 65001);
  ASSERT_EQ(o.capabilities.size(), 1u);
  EXPECT_EQ(o.capabilities[0].code, 1);
}

TEST(NegotiateTest, IntersectsFamiliesAndCapabilities) {
  SessionConfig c;
  c.local_as = 65001;
  c.peer_as = 65002;
  c.route_refresh = true;
  c.families = {wire::kIpv4Unicast, wire::kIpv6Unicast};
  wire::Open local = MakeOpen(c);
  wire::Open remote;
  remote.my_as = 65002;
  remote.hold_time = 9;
  remote.bgp_id = 7;
  remote.capabilities = {{1, wire::MultiprotocolCap{wire::kIpv6Unicast}},
                         {1, wire::MultiprotocolCap{{wire::Afi::kIpv4, wire::Safi::kFlowIp}}},
                         {128, wire::RouteRefreshCap{}},
                         {6, wire::ExtendedMessageCap{}}};
  auto a = Negotiate(c, local, remote);
  ASSERT_TRUE(a) << a.error().what;
  EXPECT_FALSE(a->negotiated.asn4) << "the peer did not announce 4-octet AS";
  EXPECT_TRUE(a->negotiated.extended_message);
  EXPECT_TRUE(a->negotiated.route_refresh) << "the pre-standard code counts";
  EXPECT_FALSE(a->enhanced_route_refresh);
  EXPECT_EQ(a->negotiated.families, (std::vector<wire::Family>{wire::kIpv6Unicast}));
  EXPECT_EQ(a->only_local, (std::vector<wire::Family>{wire::kIpv4Unicast}));
  EXPECT_EQ(a->only_peer.size(), 1u);
  EXPECT_EQ(a->hold_time, 9);
  EXPECT_EQ(a->keepalive_time, 3);
  EXPECT_EQ(a->peer_bgp_id, 7u);
}

TEST(MakeOpenTest, AddPathAsExaBgp50SendsIt) {
  auto oracle = OracleOpens();
  SessionConfig c = OracleNeighbor(180, {wire::kIpv4Unicast, wire::kIpv6Unicast});
  c.add_path = 3;
  c.add_path_families = c.families;
  EXPECT_EQ(OpenHex(c), oracle["add-path-both-two-families"]);
  c = OracleNeighbor(180, {wire::kIpv4Unicast});
  c.add_path = 1;
  c.add_path_families = c.families;
  EXPECT_EQ(OpenHex(c), oracle["add-path-receive"]);
  c = OracleNeighbor(180, {wire::kIpv6Unicast});
  c.add_path = 2;
  c.add_path_families = c.families;
  EXPECT_EQ(OpenHex(c), oracle["add-path-send-ipv6"]);
  // No family for it (an add-path block naming none of the neighbor's): no
  // capability.
  c.add_path_families.clear();
  EXPECT_EQ(OpenHex(c), OpenHex(OracleNeighbor(180, {wire::kIpv6Unicast})));
}

// RFC 7911 §5: path identifiers flow where one end sends and the other
// receives, per family.
TEST(NegotiateTest, AddPathPerFamilyAndDirection) {
  SessionConfig c;
  c.local_as = 65001;
  c.peer_as = 65002;
  c.families = {wire::kIpv4Unicast, wire::kIpv6Unicast};
  c.add_path = 3;
  c.add_path_families = c.families;
  wire::Open local = MakeOpen(c);
  wire::Open remote;
  remote.my_as = 65002;
  remote.hold_time = 90;
  remote.bgp_id = 7;
  remote.capabilities = {{1, wire::MultiprotocolCap{wire::kIpv4Unicast}},
                         {1, wire::MultiprotocolCap{wire::kIpv6Unicast}},
                         {69, wire::AddPathCap{{{wire::kIpv4Unicast, 1}, {wire::kIpv6Unicast, 2}}}}};
  auto a = Negotiate(c, local, remote);
  ASSERT_TRUE(a) << a.error().what;
  EXPECT_EQ(a->negotiated.add_path_send, std::vector<wire::Family>{wire::kIpv4Unicast});
  EXPECT_EQ(a->negotiated.add_path_receive, std::vector<wire::Family>{wire::kIpv6Unicast});
  EXPECT_TRUE(a->negotiated.SendsPathId(wire::kIpv4Unicast));
  EXPECT_FALSE(a->negotiated.ReceivesPathId(wire::kIpv4Unicast));
  // Messages herald sent are read back with the directions swapped.
  EXPECT_TRUE(a->negotiated.Sent().ReceivesPathId(wire::kIpv4Unicast));
  // We only receive: nothing is sent with path ids, whatever the peer says.
  c.add_path = 1;
  a = Negotiate(c, MakeOpen(c), remote);
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->negotiated.add_path_send.empty());
  EXPECT_EQ(a->negotiated.add_path_receive, std::vector<wire::Family>{wire::kIpv6Unicast});
  // A peer without the capability: none at all.
  remote.capabilities.pop_back();
  c.add_path = 3;
  a = Negotiate(c, MakeOpen(c), remote);
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->negotiated.add_path_send.empty());
  EXPECT_TRUE(a->negotiated.add_path_receive.empty());
}

TEST(NegotiateTest, PeerWithoutMultiprotocolMeansIpv4UnicastOnly) {
  SessionConfig c;
  c.local_as = 65001;
  c.peer_as = 65002;
  c.families = {wire::kIpv4Unicast, wire::kIpv6Unicast};
  wire::Open remote;
  remote.my_as = 65002;
  remote.bgp_id = 7;
  auto a = Negotiate(c, MakeOpen(c), remote);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->negotiated.families, (std::vector<wire::Family>{wire::kIpv4Unicast}));
}

TEST(NegotiateTest, FourOctetPeerAsComesFromTheCapability) {
  SessionConfig c;
  c.local_as = 65001;
  c.peer_as = 4200000002;
  wire::Open remote;
  remote.my_as = wire::kAsTrans;
  remote.bgp_id = 7;
  remote.capabilities = {{65, wire::As4Cap{4200000002}}};
  auto a = Negotiate(c, MakeOpen(c), remote);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->negotiated.peer_as, 4200000002u);
  EXPECT_TRUE(a->negotiated.asn4);
  remote.capabilities = {{65, wire::As4Cap{4200000003}}};
  auto b = Negotiate(c, MakeOpen(c), remote);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, 2);
  EXPECT_EQ(b.error().subcode, 2);
}

// RFC 7311 §3 AIGP_SESSION: the configured value, else enabled on iBGP and
// disabled on eBGP. Nothing goes in the OPEN.
TEST(NegotiateTest, AigpSessionDefaultsByPeerType) {
  for (uint32_t peer_as : {65001u, 65002u}) {
    for (std::optional<bool> configured : {std::optional<bool>(), std::optional<bool>(true),
                                           std::optional<bool>(false)}) {
      SessionConfig c;
      c.local_as = 65001;
      c.peer_as = peer_as;
      c.aigp = configured;
      wire::Open remote;
      remote.my_as = static_cast<uint16_t>(peer_as);
      remote.bgp_id = 7;
      wire::Open local = MakeOpen(c);
      SessionConfig plain = c;
      plain.aigp.reset();
      EXPECT_EQ(local, MakeOpen(plain));
      auto a = Negotiate(c, local, remote);
      ASSERT_TRUE(a) << a.error().what;
      EXPECT_EQ(a->negotiated.aigp, configured.value_or(peer_as == 65001)) << peer_as;
    }
  }
}

TEST(NegotiateTest, ZeroHoldTimeDisablesKeepalives) {
  SessionConfig c;
  c.local_as = 1;
  c.peer_as = 2;
  c.hold_time = 0;
  wire::Open remote;
  remote.my_as = 2;
  remote.bgp_id = 7;
  auto a = Negotiate(c, MakeOpen(c), remote);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->hold_time, 0);
  EXPECT_EQ(a->keepalive_time, 0);
}

// RFC 9234 §4.2: the role goes out as capability 9 (one octet), and the
// peer's must be the counterpart of ours (Table 2), else 2/11.
TEST(NegotiateTest, BgpRoles) {
  SessionConfig c;
  c.local_as = 65001;
  c.peer_as = 65002;
  c.role = wire::Role::kProvider;
  // The OPEN BIRD 2.0.12 sends with `local role customer;` carries 02 03 09 01 03.
  EXPECT_NE(OpenHex(c).find("0203090100"), std::string::npos) << OpenHex(c);
  auto remote_with = [](std::vector<uint8_t> roles) {
    wire::Open remote;
    remote.my_as = 65002;
    remote.bgp_id = 7;
    for (uint8_t r : roles) remote.capabilities.push_back({9, wire::UnknownCap{Bytes{r}}});
    return remote;
  };
  auto a = Negotiate(c, MakeOpen(c), remote_with({3}));
  ASSERT_TRUE(a) << a.error().what;
  EXPECT_EQ(a->negotiated.local_role, wire::Role::kProvider);
  EXPECT_FALSE(a->negotiated.Sent().local_role);
  // Table 2, every pair: only the counterparts agree.
  for (uint8_t mine = 0; mine <= 4; ++mine) {
    for (uint8_t theirs = 0; theirs <= 5; ++theirs) {
      c.role = static_cast<wire::Role>(mine);
      auto r = Negotiate(c, MakeOpen(c), remote_with({theirs}));
      const bool pair = (mine == 0 && theirs == 3) || (mine == 3 && theirs == 0) || (mine == 1 && theirs == 2) ||
                        (mine == 2 && theirs == 1) || (mine == 4 && theirs == 4);
      EXPECT_EQ(bool(r), pair) << int(mine) << " " << int(theirs);
      if (!r) {
        EXPECT_EQ(r.error().code, 2);
        EXPECT_EQ(r.error().subcode, 11);
      }
    }
  }
  c.role = wire::Role::kCustomer;
  auto mismatch = Negotiate(c, MakeOpen(c), remote_with({3}));
  ASSERT_FALSE(mismatch);
  EXPECT_EQ(mismatch.error().what, "the peer's BGP role is customer, a customer expects provider");
  // No role from the peer: fine unless strict.
  EXPECT_TRUE(Negotiate(c, MakeOpen(c), remote_with({})));
  c.role_strict = true;
  auto strict = Negotiate(c, MakeOpen(c), remote_with({}));
  ASSERT_FALSE(strict);
  EXPECT_EQ(strict.error().subcode, 11);
  // Two different roles from the peer are refused even without a role here.
  c.role.reset();
  c.role_strict = false;
  EXPECT_FALSE(Negotiate(c, MakeOpen(c), remote_with({0, 3})));
  EXPECT_TRUE(Negotiate(c, MakeOpen(c), remote_with({0, 0})));
  // A role capability of another length.
  wire::Open odd = remote_with({});
  odd.capabilities.push_back({9, wire::UnknownCap{Bytes{0, 3}}});
  EXPECT_FALSE(Negotiate(c, MakeOpen(c), odd));
  EXPECT_FALSE(MakeOpen(c).has(wire::CapabilityCode::kRole));
}

}  // namespace
}  // namespace herald::session
