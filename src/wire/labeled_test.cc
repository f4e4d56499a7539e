// Multicast, labeled unicast and MPLS VPN NLRI (wire/labeled.h) and their
// UPDATEs. The hex was built by hand from RFC 4364, 4659, 8277 and checked
// with ExaBGP 5.0's `exabgp decode`, whose reading is quoted with each one.
#include "wire/labeled.h"

#include <gtest/gtest.h>

#include "wire/test_util.h"
#include "wire/update.h"

namespace herald::wire {
namespace {

using testing::ExactBuffer;
using testing::Hex;
using testing::IsError;

constexpr Family kV4Vpn{Afi::kIpv4, Safi::kMplsVpn};
constexpr Family kV6Vpn{Afi::kIpv6, Safi::kMplsVpn};
constexpr Family kV4Labeled{Afi::kIpv4, Safi::kMplsLabel};
constexpr Family kV4Multicast{Afi::kIpv4, Safi::kMulticast};

// "ipv4 mpls-vpn": 10.0.0.0/24, label [ [100] ], rd 65000:1.
const char* kVpn4 = "70" "000641" "0000fde800000001" "0a0000";
// The same prefix, labels [ [100], [200] ], rd 1.2.3.4:200.
const char* kVpn4TwoLabels = "88" "000640" "000c81" "00010102030400c8" "0a0000";
// A withdraw's label 0x800000 (label [ [524288] ]), rd 65536:7.
const char* kVpn4Withdraw = "70" "800000" "0002000100000007" "0a0000";
// "ipv6 mpls-vpn": 2001:db8::/32, label [ [100] ], rd 65000:1.
const char* kVpn6 = "78" "000641" "0000fde800000001" "20010db8";
// "ipv4 nlri-mpls": 10.0.0.0/24, label [ [100] ].
const char* kLabeled4 = "30" "000641" "0a0000";

Result<LabeledNlri, WireError> DecodeOne(const std::string& hex, Family family, size_t* left = nullptr) {
  ExactBuffer b(Hex(hex));
  ByteReader r = b.reader();
  auto n = DecodeLabeledNlri(r, family);
  if (left) *left = r.remaining();
  return n;
}

std::string KeyOf(const std::string& hex, Family family) {
  std::string key;
  AppendLabeledKey(Hex(hex), family, &key);
  return key;
}

TEST(LabeledNlriTest, VpnRoundTrips) {
  struct {
    const char* hex;
    Family family;
    std::vector<uint32_t> labels;
    const char* prefix;
  } cases[] = {
      {kVpn4, kV4Vpn, {LabelEntry(100, true)}, "10.0.0.0/24"},
      {kVpn4TwoLabels, kV4Vpn, {LabelEntry(100, false), LabelEntry(200, true)}, "10.0.0.0/24"},
      {kVpn4Withdraw, kV4Vpn, {kWithdrawLabelEntry}, "10.0.0.0/24"},
      {kVpn6, kV6Vpn, {LabelEntry(100, true)}, "2001:db8::/32"},
      {kLabeled4, kV4Labeled, {LabelEntry(100, true)}, "10.0.0.0/24"},
      {"180a0000", kV4Multicast, {}, "10.0.0.0/24"},
  };
  for (const auto& c : cases) {
    size_t left = 99;
    auto n = DecodeOne(c.hex, c.family, &left);
    ASSERT_TRUE(n.ok()) << c.hex << ": " << n.error().what;
    EXPECT_EQ(left, 0u) << c.hex;
    EXPECT_EQ(n->labels, c.labels) << c.hex;
    EXPECT_EQ(n->prefix, *Prefix::Parse(c.prefix)) << c.hex;
    EXPECT_EQ(EncodeLabeledNlri(*n, c.family), Hex(c.hex)) << c.hex;
  }
  auto rd = DecodeOne(kVpn4TwoLabels, kV4Vpn);
  EXPECT_EQ(Bytes(rd->rd.begin(), rd->rd.end()), Hex("00010102030400c8"));
  EXPECT_EQ(LabelOf(rd->labels[1]), 200u);
}

TEST(LabeledNlriTest, HostBitsAreClearedAndTheNextNlriFollows) {
  // 10.0.255.0/23 on the wire, then a second NLRI.
  size_t left = 0;
  auto n = DecodeOne("2f" "000641" "0a00ff" "30" "000641" "0b0000", kV4Labeled, &left);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->prefix, *Prefix::Parse("10.0.254.0/23"));
  EXPECT_EQ(left, 7u);
  EXPECT_EQ(EncodeLabeledNlri(*n, kV4Labeled), Hex("2f" "000641" "0a00fe"));
}

TEST(LabeledNlriTest, EveryTruncationAndBadLengthIsInvalidNetworkField) {
  const std::string whole = kVpn4TwoLabels;
  for (size_t cut = 0; cut < whole.size(); cut += 2) {
    auto n = DecodeOne(whole.substr(0, cut), kV4Vpn);
    ASSERT_FALSE(n.ok()) << cut;
    EXPECT_TRUE(IsError(n.error(), 3, 10, ErrorAction::kSessionReset)) << cut;
  }
  // A stack that never reaches its bottom within the length.
  EXPECT_FALSE(DecodeOne("30" "000640" "000640" "0a", kV4Labeled).ok());
  // Too short for the label and the RD.
  EXPECT_FALSE(DecodeOne("50" "000641" "0000fde800000001", kV4Vpn).ok());
  // 33 prefix bits for IPv4, 129 for IPv6.
  EXPECT_FALSE(DecodeOne("79" "000641" "0000fde800000001" "0a000000ff", kV4Vpn).ok());
  EXPECT_FALSE(DecodeOne("21" "0a000000ff", kV4Multicast).ok());
  EXPECT_FALSE(DecodeOne("e1" "000641" "0000fde800000001" "20010db8000000000000000000000000ff", kV6Vpn).ok());
}

TEST(LabeledNlriTest, EncodeRefusesWhatTheLengthByteCannotSay) {
  LabeledNlri n;
  n.prefix = *Prefix::Parse("2001:db8::/128");
  n.labels.assign(3, LabelEntry(1, false));  // 72 + 64 + 128 bits
  EXPECT_FALSE(EncodeLabeledNlri(n, kV6Vpn).has_value());
  n.labels.resize(2);  // 48 + 64 + 128 = 240
  EXPECT_TRUE(EncodeLabeledNlri(n, kV6Vpn).has_value());
  EXPECT_FALSE(EncodeLabeledNlri(n, kV4Vpn).has_value()) << "an IPv6 prefix in an IPv4 family";
}

// The RIB key leaves the label stack out: the announce with label 100, the
// one with labels 100 200 and the withdraw with 0x800000 name one route
// when RD and prefix agree, and the RD and prefix length stay in the key.
TEST(LabeledNlriTest, KeyIgnoresTheLabelStack) {
  EXPECT_EQ(KeyOf(kVpn4, kV4Vpn), KeyOf("88" "000640" "000c81" "0000fde800000001" "0a0000", kV4Vpn));
  EXPECT_EQ(KeyOf(kVpn4, kV4Vpn), KeyOf("70" "800000" "0000fde800000001" "0a0000", kV4Vpn));
  EXPECT_NE(KeyOf(kVpn4, kV4Vpn), KeyOf(kVpn4Withdraw, kV4Vpn));
  EXPECT_NE(KeyOf(kVpn4, kV4Vpn), KeyOf("71" "000641" "0000fde800000001" "0a0000", kV4Vpn));
  EXPECT_EQ(KeyOf(kLabeled4, kV4Labeled), std::string("\x18\x0a\x00\x00", 4));
  std::string via_registry;
  AppendGenericKey(kV4Labeled, Hex(kLabeled4), &via_registry);
  EXPECT_EQ(via_registry, KeyOf(kLabeled4, kV4Labeled));
  std::string multicast;
  AppendGenericKey(kV4Multicast, Hex("180a0000"), &multicast);
  EXPECT_EQ(multicast, std::string("\x18\x0a\x00\x00", 4));
}

// FRR 8.4 withdraws a VPN route with the label field 0x000000, no
// bottom-of-stack bit (testdata/peers/frr-withdraw-ipv4-mpls-vpn.hex): as the
// whole stack it ends it, as `exabgp decode` reads it (label [ [0] ]); deeper
// in a stack it is an ordinary entry.
TEST(LabeledNlriTest, ZeroLabelFieldAloneEndsTheStack) {
  const char* frr = "70" "000000" "0000fdea00000003" "0a2900";
  size_t left = 99;
  auto n = DecodeOne(frr, kV4Vpn, &left);
  ASSERT_TRUE(n.ok()) << n.error().what;
  EXPECT_EQ(left, 0u);
  EXPECT_EQ(n->labels, std::vector<uint32_t>{0});
  EXPECT_EQ(n->rd, (std::array<uint8_t, 8>{0, 0, 0xfd, 0xea, 0, 0, 0, 3}));
  EXPECT_EQ(n->prefix, *Prefix::Parse("10.41.0.0/24"));
  EXPECT_EQ(KeyOf(frr, kV4Vpn), KeyOf("70" "014d01" "0000fdea00000003" "0a2900", kV4Vpn));
  auto again = EncodeLabeledNlri(*n, kV4Vpn);
  ASSERT_TRUE(again);
  EXPECT_EQ(ToHex(*again), frr);
  // Second in the stack, 0x000000 does not end it: 100, 0, 200 (bottom).
  auto three = DecodeOne("a0" "000640" "000000" "000c81" "0000fdea00000003" "0a2900", kV4Vpn);
  ASSERT_TRUE(three.ok()) << three.error().what;
  EXPECT_EQ(three->labels, (std::vector<uint32_t>{0x000640, 0, 0x000c81}));
}

// Whole UPDATEs, as `exabgp decode` reads them.
Negotiated Families() {
  Negotiated n = testing::Both();
  n.families.insert(n.families.end(), {kV4Vpn, kV6Vpn, kV4Labeled, kV4Multicast});
  return n;
}

Result<Update, WireError> DecodeUpdate(const std::string& hex) {
  ExactBuffer b(Hex(hex));
  ByteReader r = b.reader();
  return Update::Decode(r, Families());
}

Bytes Encode(const Update& u) {
  Bytes out;
  ByteWriter w(&out, 4096);
  u.Encode(w, Families());
  EXPECT_TRUE(w.ok());
  return out;
}

TEST(LabeledUpdateTest, AnnouncesDecodeAndEncodeBack) {
  struct {
    const char* hex;
    Family family;
    const char* next_hop;
    const char* nlri;
  } cases[] = {
      // { "ipv4 mpls-vpn": { "192.0.2.1": [ { "nlri": "10.0.0.0/24", "label": [ [100] ], "rd": "65000:1" } ] } }
      {"0000002a40010100400200800e200001800c0000000000000000c000020100700006410000fde8000000010a0000", kV4Vpn,
       "192.0.2.1", kVpn4},
      // { "ipv6 mpls-vpn": { "2001:db8::1": [ { "nlri": "2001:db8::/32", "label": [ [100] ], "rd": "65000:1" } ] } }
      {"0000003740010100400200800e2d00028018000000000000000020010db8000000000000000000000001007800064100"
       "00fde80000000120010db8",
       kV6Vpn, "2001:db8::1", kVpn6},
      // { "ipv4 nlri-mpls": { "192.0.2.1": [ { "nlri": "10.0.0.0/24", "label": [ [100] ] } ] } }
      {"0000001a40010100400200800e1000010404c000020100300006410a0000", kV4Labeled, "192.0.2.1", kLabeled4},
      // { "ipv4 multicast": { "192.0.2.1": [ { "nlri": "10.0.0.0/24" } ] } }
      {"0000001740010100400200800e0d00010204c000020100180a0000", kV4Multicast, "192.0.2.1", "180a0000"},
  };
  for (const auto& c : cases) {
    auto u = DecodeUpdate(c.hex);
    ASSERT_TRUE(u.ok()) << c.hex << ": " << u.error().what;
    ASSERT_EQ(u->reach.size(), 1u) << c.hex;
    const Reach& r = u->reach[0];
    EXPECT_EQ(r.family, c.family);
    EXPECT_EQ(r.next_hop.address, *IpAddress::Parse(c.next_hop));
    EXPECT_FALSE(r.next_hop.link_local.has_value());
    ASSERT_EQ(r.generic.size(), 1u);
    EXPECT_EQ(r.generic[0].bytes, Hex(c.nlri));
    EXPECT_TRUE(r.nlri.empty());
    EXPECT_EQ(Encode(*u), Hex(c.hex)) << c.hex;
  }
}

TEST(LabeledUpdateTest, WithdrawDecodesAndEncodesBack) {
  // { "withdraw": { "ipv4 mpls-vpn": [ { "nlri": "10.0.0.0/24", "label": [ [524288] ], "rd": "65536:7" } ] } }
  const char* hex = "0000001c40010100400200800f120001807080000000020001000000070a0000";
  auto u = DecodeUpdate(hex);
  ASSERT_TRUE(u.ok()) << u.error().what;
  ASSERT_EQ(u->unreach.size(), 1u);
  EXPECT_EQ(u->unreach[0].family, kV4Vpn);
  ASSERT_EQ(u->unreach[0].generic.size(), 1u);
  EXPECT_EQ(u->unreach[0].generic[0].bytes, Hex(kVpn4Withdraw));
  EXPECT_EQ(Encode(*u), Hex(hex));
}

TEST(LabeledUpdateTest, VpnNextHopLengthsAreChecked) {
  // A 4-byte IPv4 next hop in ipv4 mpls-vpn (12 are needed): 3/9, reset.
  auto u = DecodeUpdate("0000002240010100400200800e18000180" "04" "c0000201" "00" "700006410000fde8000000010a0000");
  ASSERT_FALSE(u.ok());
  EXPECT_TRUE(IsError(u.error(), 3, 9, ErrorAction::kSessionReset));
  // RD + global + RD + link-local (48 bytes) for IPv6.
  const std::string nh = "0000000000000000" "20010db8000000000000000000000001" "0000000000000000"
                         "fe800000000000000000000000000001";
  std::string mp = "000280" "30" + nh + "00" + kVpn6;
  std::string attrs = "40010100" "400200" "800e" + testing::ToHexByte(mp.size() / 2) + mp;
  std::string hex = "0000" "00" + testing::ToHexByte(attrs.size() / 2) + attrs;
  auto v = DecodeUpdate(hex);
  ASSERT_TRUE(v.ok()) << v.error().what;
  ASSERT_TRUE(v->reach[0].next_hop.link_local.has_value());
  EXPECT_EQ(*v->reach[0].next_hop.link_local, *IpAddress::Parse("fe80::1"));
  EXPECT_EQ(Encode(*v), Hex(hex));
}

TEST(LabeledUpdateTest, AnNlriThatCannotBeReadResetsTheSession) {
  // The label stack of the only NLRI has no bottom.
  auto u = DecodeUpdate("0000001840010100400200800e0e00010404c0000201003000064000");
  ASSERT_FALSE(u.ok());
  EXPECT_TRUE(IsError(u.error(), 3, 10, ErrorAction::kSessionReset));
}

}  // namespace
}  // namespace herald::wire
