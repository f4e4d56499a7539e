#include "wire/open.h"

#include <gtest/gtest.h>

#include "wire/test_util.h"

namespace herald::wire {
namespace {

using testing::ExactBuffer;
using testing::Hex;
using testing::IsError;

constexpr auto kReset = ErrorAction::kSessionReset;

Result<Open, WireError> Decode(const Bytes& body) {
  ExactBuffer b(body);
  ByteReader r = b.reader();
  auto o = Open::Decode(r, Negotiated{});
  if (o.ok()) {
    EXPECT_TRUE(r.empty()) << "Decode must consume the whole body";
  }
  return o;
}
Result<Open, WireError> Decode(const std::string& hex) { return Decode(Hex(hex)); }

Bytes Encode(const Open& o) {
  Bytes out;
  ByteWriter w(&out, 4096 - 19);
  o.Encode(w, Negotiated{});
  EXPECT_TRUE(w.ok());
  return out;
}

// version 4, AS 65001, hold 180, id 10.0.0.1
const std::string kFixed = "04" "fde9" "00b4" "0a000001";

TEST(OpenTest, DecodesFixedFieldsWithoutParameters) {
  auto o = Decode(kFixed + "00");
  ASSERT_TRUE(o.ok()) << o.error().what;
  EXPECT_EQ(o->version, 4);
  EXPECT_EQ(o->my_as, 65001);
  EXPECT_EQ(o->hold_time, 180);
  EXPECT_EQ(o->bgp_id, 0x0a000001u);
  EXPECT_TRUE(o->capabilities.empty());
  EXPECT_EQ(o->asn(), 65001u);
  EXPECT_FALSE(o->as4());
}

TEST(OpenTest, DecodesEveryCapabilityType) {
  std::string caps =
      "010400010001"          // multiprotocol ipv4 unicast
      "010400020001"          // multiprotocol ipv6 unicast
      "0200"                  // route refresh
      "8000"                  // route refresh (pre-standard)
      "0600"                  // extended message
      "4600"                  // enhanced route refresh
      "410400010f2c"          // as4 69420
      "400a" "8078" "00010180" "00020100"  // graceful restart R bit, 120 s
      "45080001010300020102"  // add-path
      "4908" "036e7331" "03636f6d"          // fqdn ns1 com
      "0506" "000100010002";  // extended next hop: ipv4 unicast over ipv6
  std::string hex = caps;
  // One parameter holding them all (BIRD's habit).
  auto o = Decode(kFixed + testing::ToHexByte(hex.size() / 2 + 2) + "02" + testing::ToHexByte(hex.size() / 2) + hex);
  ASSERT_TRUE(o.ok()) << o.error().what;
  ASSERT_EQ(o->capabilities.size(), 11u);
  EXPECT_EQ(o->families(), (std::vector<Family>{kIpv4Unicast, kIpv6Unicast}));
  EXPECT_EQ(o->capabilities[2], Capability::RouteRefresh());
  EXPECT_EQ(o->capabilities[3].code, 128);
  EXPECT_TRUE(std::holds_alternative<RouteRefreshCap>(o->capabilities[3].value));
  EXPECT_EQ(o->capabilities[4], Capability::ExtendedMessage());
  EXPECT_TRUE(o->has(CapabilityCode::kEnhancedRouteRefresh));
  EXPECT_EQ(o->as4(), 69420u);
  EXPECT_EQ(o->asn(), 69420u);
  const auto* gr = o->find<GracefulRestartCap>();
  ASSERT_NE(gr, nullptr);
  EXPECT_EQ(gr->flags, 8);
  EXPECT_EQ(gr->restart_time, 120);
  ASSERT_EQ(gr->families.size(), 2u);
  EXPECT_EQ(gr->families[0].family, kIpv4Unicast);
  EXPECT_EQ(gr->families[0].flags, 0x80);
  const auto* ap = o->find<AddPathCap>();
  ASSERT_NE(ap, nullptr);
  ASSERT_EQ(ap->families.size(), 2u);
  EXPECT_EQ(ap->families[0].send_receive, 3);
  EXPECT_EQ(ap->families[1].family, kIpv6Unicast);
  EXPECT_EQ(o->capabilities[9], Capability::Fqdn("ns1", "com"));
  EXPECT_EQ(o->capabilities[10].code, 5);
  EXPECT_EQ(std::get<ExtendedNextHopCap>(o->capabilities[10].value).entries,
            (std::vector<ExtendedNextHopCap::Entry>{{kIpv4Unicast, Afi::kIpv6}}));
  EXPECT_TRUE(o->has(CapabilityCode::kExtendedNextHop));
}

// Long-lived graceful restart (RFC 9494 §3): AFI, SAFI, flags, 24-bit
// stale time per family; of another length it is kept raw (herald only
// shows it, and ExaBGP 5.0 does not know it).
TEST(OpenTest, DecodesLongLivedGracefulRestart) {
  const std::string llgr = "0210" "470e" "0001018000012c" "00020100000e10";
  auto o = Decode(kFixed + "12" + llgr);
  ASSERT_TRUE(o.ok()) << o.error().what;
  const auto* cap = o->find<LongLivedGracefulRestartCap>();
  ASSERT_NE(cap, nullptr);
  ASSERT_EQ(cap->families.size(), 2u);
  EXPECT_EQ(cap->families[0], (LongLivedGracefulRestartCap::Entry{kIpv4Unicast, 0x80, 300}));
  EXPECT_EQ(cap->families[1], (LongLivedGracefulRestartCap::Entry{kIpv6Unicast, 0, 3600}));
  EXPECT_TRUE(o->has(CapabilityCode::kLongLivedGracefulRestart));
  EXPECT_EQ(Encode(*o), Hex(kFixed + "12" + llgr));
  o = Decode(kFixed + "05" "0203" "470100");
  ASSERT_TRUE(o.ok()) << o.error().what;
  EXPECT_EQ(o->capabilities[0], (Capability{71, UnknownCap{Hex("00")}}));
  o = Decode(kFixed + "04" "0202" "4700");
  ASSERT_TRUE(o.ok()) << o.error().what;
  EXPECT_EQ(o->capabilities[0], (Capability{71, LongLivedGracefulRestartCap{}}));
}

// Software version as ExaBGP 5.0.13 sends it (src/session/testdata/
// exabgp50_opens.txt); multisession stays raw.
TEST(OpenTest, DecodesSoftwareVersion) {
  const std::string caps = "0210" "4b0e0d4578614247502f352e302e3133" "0203" "440100";
  auto o = Decode(kFixed + "17" + caps);
  ASSERT_TRUE(o.ok()) << o.error().what;
  ASSERT_EQ(o->capabilities.size(), 2u);
  EXPECT_EQ(o->capabilities[0], (Capability{75, SoftwareVersionCap{"ExaBGP/5.0.13"}}));
  EXPECT_EQ(o->capabilities[1], (Capability{68, UnknownCap{Hex("00")}}));
  EXPECT_EQ(Encode(*o), Hex(kFixed + "17" + caps));
  // Bytes after the text are ignored, as ExaBGP ignores them.
  o = Decode(kFixed + "07" "0205" "4b03016178");
  ASSERT_TRUE(o.ok()) << o.error().what;
  EXPECT_EQ(o->capabilities[0], (Capability{75, SoftwareVersionCap{"a"}}));
  // Empty, or shorter than its length octet says: 2/0.
  for (const char* bad : {"04" "0202" "4b00", "06" "0204" "4b020361"}) {
    o = Decode(kFixed + bad);
    ASSERT_FALSE(o.ok()) << bad;
    EXPECT_TRUE(IsError(o.error(), 2, 0, kReset)) << bad;
    EXPECT_NE(o.error().what.find("software-version"), std::string::npos) << o.error().what;
  }
}

TEST(OpenTest, SeveralParametersAndSeveralCapabilitiesPerParameter) {
  auto o = Decode(kFixed + "12" "0206" "010400010001" "0208" "0200" "41040000fde9");
  ASSERT_TRUE(o.ok()) << o.error().what;
  ASSERT_EQ(o->capabilities.size(), 3u);
  EXPECT_EQ(o->capabilities[1], Capability::RouteRefresh());
  EXPECT_EQ(o->capabilities[2], Capability::As4(65001));
}

TEST(OpenTest, EmptyCapabilityParameterIsAccepted) {
  auto o = Decode(kFixed + "02" "0200");
  ASSERT_TRUE(o.ok());
  EXPECT_TRUE(o->capabilities.empty());
}

TEST(OpenTest, RoundTripsOneCapabilityPerParameter) {
  Open o;
  o.my_as = kAsTrans;
  o.hold_time = 90;
  o.bgp_id = 0xc0000201;
  o.capabilities = {Capability::Multiprotocol(kIpv4Unicast), Capability::Multiprotocol(kIpv6Unicast),
                    Capability::RouteRefresh(), {70, EnhancedRouteRefreshCap{}}, Capability::ExtendedMessage(),
                    Capability::As4(4200000000u),
                    {64, GracefulRestartCap{0, 120, {{kIpv4Unicast, 0x80}}}},
                    {69, AddPathCap{{{kIpv6Unicast, 1}}}},
                    Capability::Fqdn("host", "example.org"),
                    {128, RouteRefreshCap{}},
                    {200, UnknownCap{Hex("0102")}}};
  Bytes bytes = Encode(o);
  EXPECT_EQ(Bytes(bytes.begin(), bytes.begin() + 12), Hex("04" "5ba0" "005a" "c0000201" "55" "02" "06"));
  auto back = Decode(bytes);
  ASSERT_TRUE(back.ok()) << back.error().what;
  EXPECT_EQ(*back, o);
  EXPECT_EQ(back->asn(), 4200000000u);
  EXPECT_EQ(Encode(*back), bytes);
}

TEST(OpenTest, ExtendedOptionalParametersOverTwoHundredFiftyFiveBytes) {
  Open o;
  o.my_as = 65001;
  o.bgp_id = 1;
  for (int i = 0; i < 50; ++i) o.capabilities.push_back(Capability::Multiprotocol(kIpv4Unicast));
  Bytes bytes = Encode(o);
  // 50 x (param type, 2-byte length, cap 6) = 450
  EXPECT_EQ(Bytes(bytes.begin() + 9, bytes.begin() + 16), Hex("ff" "ff" "01c2" "02" "0006"));
  auto back = Decode(bytes);
  ASSERT_TRUE(back.ok()) << back.error().what;
  EXPECT_EQ(*back, o);
  // A short RFC 9072 form is accepted too.
  auto small = Decode(kFixed + "ff" "ff" "0009" "02" "0006" "010400020001");
  ASSERT_TRUE(small.ok()) << small.error().what;
  EXPECT_EQ(small->families(), std::vector<Family>{kIpv6Unicast});
}

TEST(OpenTest, ErrorsCarryTheirNotification) {
  struct Case {
    std::string hex;
    uint8_t code, subcode;
    Bytes data;
  } cases[] = {
      {"03" "fde9" "00b4" "0a000001" "00", 2, 1, Hex("0004")},  // version 3
      {"05" "fde9" "00b4" "0a000001" "00", 2, 1, Hex("0004")},
      {"04" "0000" "00b4" "0a000001" "00", 2, 2, {}},  // AS 0 (RFC 7607)
      {kFixed + "08" "0206" "410400000000", 2, 2, {}},  // AS 0 in the 4-octet AS capability
      {"04" "5ba0" "00b4" "0a000001" "08" "0206" "410400000000", 2, 2, {}},  // the same, with AS_TRANS
      {"04" "fde9" "00b4" "00000000" "00", 2, 3, {}},  // id 0
      {"04" "fde9" "0001" "0a000001" "00", 2, 6, {}},  // hold 1
      {"04" "fde9" "0002" "0a000001" "00", 2, 6, {}},  // hold 2
      {kFixed + "04" "0102" "0000", 2, 4, {}},         // authentication parameter (type 1)
      {kFixed + "05" "0203" "0200", 2, 0, {}},         // length too long for the rest
      {kFixed + "03" "0202" "0200" "00", 2, 0, {}},    // a byte after the parameters
      {kFixed + "02" "0203", 2, 0, {}},                // parameter runs past the end
      {kFixed + "04" "0202" "0201", 2, 0, {}},         // capability runs past its parameter
      {kFixed + "03" "0201" "02", 2, 0, {}},           // capability header cut
      {kFixed + "04" "0202" "4100", 2, 0, {}},          // as4 of 0 bytes
      {kFixed + "07" "0205" "4103000100", 2, 0, {}},    // as4 of 3 bytes
      {kFixed + "07" "0205" "0103000100", 2, 0, {}},    // multiprotocol of 3 bytes
      {kFixed + "05" "0203" "020100", 2, 0, {}},          // route refresh with a value
      {kFixed + "05" "0203" "060100", 2, 0, {}},          // extended message with a value
      {kFixed + "05" "0203" "460100", 2, 0, {}},          // enhanced route refresh with a value
      {kFixed + "05" "0203" "400100", 2, 0, {}},          // graceful restart of 1 byte
      {kFixed + "08" "0206" "40040078" "0001", 2, 0, {}},  // graceful restart of 2 + 2
      {kFixed + "07" "0205" "4503000101", 2, 0, {}},      // add-path of 3
      {kFixed + "08" "0206" "4904" "0561" "0162", 2, 0, {}},  // fqdn lengths past the end
      {kFixed + "09" "0207" "4905" "0161" "0162" "00", 2, 0, {}},  // fqdn trailing byte
      {kFixed + "ff" "ff" "00", 2, 0, {}},                // RFC 9072 length cut
      {kFixed + "ff" "ff" "0005" "02" "0006", 2, 0, {}},  // RFC 9072 parameter past the end
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.hex);
    auto o = Decode(c.hex);
    ASSERT_FALSE(o.ok());
    EXPECT_TRUE(IsError(o.error(), c.code, c.subcode, kReset));
    EXPECT_EQ(o.error().data, c.data);
  }
}

TEST(OpenTest, CapabilityLengthErrorsNameTheCapability) {
  auto o = Decode(kFixed + "07" "0205" "4103000100");
  ASSERT_FALSE(o.ok());
  EXPECT_NE(o.error().what.find("asn4"), std::string::npos) << o.error().what;
  o = Decode(kFixed + "07" "0205" "0103000100");
  ASSERT_FALSE(o.ok());
  EXPECT_NE(o.error().what.find("multiprotocol"), std::string::npos) << o.error().what;
}

TEST(OpenTest, BodyShorterThanFixedFieldsIsALengthError) {
  auto o = Decode("04fde900b40a0000");
  ASSERT_FALSE(o.ok());
  EXPECT_TRUE(IsError(o.error(), 1, 2, kReset));
}

TEST(OpenTest, EveryTruncationFailsCleanly) {
  Open o;
  o.my_as = 65001;
  o.bgp_id = 7;
  o.capabilities = {Capability::Multiprotocol(kIpv4Unicast), Capability::As4(65001),
                    Capability::Fqdn("a", "b"), {64, GracefulRestartCap{0, 120, {{kIpv4Unicast, 0}}}}};
  Bytes whole = Encode(o);
  for (size_t len = 0; len < whole.size(); ++len)
    EXPECT_FALSE(Decode(Bytes(whole.begin(), whole.begin() + static_cast<ptrdiff_t>(len))).ok()) << len;
}

TEST(OpenTest, EncoderRefusesValuesThatDoNotFit) {
  Open o;
  o.capabilities = {{64, GracefulRestartCap{0, 5000, {}}}};
  Bytes out;
  ByteWriter w(&out);
  o.Encode(w, Negotiated{});
  EXPECT_FALSE(w.ok()) << "restart time is 12 bits";
  Open big;
  big.capabilities = {Capability::Fqdn(std::string(300, 'h'), "")};
  Bytes out3;
  ByteWriter w3(&out3);
  Open sw;
  sw.capabilities = {{75, SoftwareVersionCap{std::string(255, 'v')}}};
  sw.Encode(w3, Negotiated{});
  EXPECT_FALSE(w3.ok()) << "255 bytes of text do not fit with their length octet";
  Bytes out4;
  ByteWriter w4(&out4);
  Open llgr;
  llgr.capabilities = {{71, LongLivedGracefulRestartCap{{{kIpv4Unicast, 0, 1u << 24}}}}};
  llgr.Encode(w4, Negotiated{});
  EXPECT_FALSE(w4.ok()) << "the stale time is 24 bits";
  Bytes out2;
  ByteWriter w2(&out2);
  big.Encode(w2, Negotiated{});
  EXPECT_FALSE(w2.ok());
}

}  // namespace
}  // namespace herald::wire
