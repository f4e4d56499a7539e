// EVPN NLRI (wire/evpn.h) and their UPDATEs. The NLRI are those of
// src/api/testdata/evpn_updates.txt (tools/capture_evpn_updates.py), as
// `exabgp5 decode` reads them ("raw", quoted with each).
#include "wire/evpn.h"

#include <gtest/gtest.h>

#include "base/hex.h"
#include "wire/test_util.h"
#include "wire/update.h"

namespace herald::wire {
namespace {

using testing::ExactBuffer;
using testing::Hex;
using testing::IsError;

// "Ethernet Auto-Discovery", "rd": "10.0.0.1:5", "esi": "00:11:...:99", "ethernet-tag": 0, "label": [ [100, 1601] ]
const char* kEad = "011900010A00000100050011223344556677889900000000000641";
// "MAC/IP advertisement", "rd": "65001:7", "esi": "-", "ethernet-tag": 10, "mac": "00:11:22:AA:BB:CC",
// "label": [ [1000, 16001] ], "ip": "192.168.0.1" (a second label, 2000)
const char* kMacIp = "02280000FDE900000007000000000000000000000000000A30001122AABBCC20C0A80001003E81007D01";
// "rd": "4200000001:9", "mac": "02:00:00:00:00:01", "label": [ [0] ], no IP
const char* kMacNoIp = "02210002FA56EA01000900112233445566778899000000003002000000000100000000";
// "ip": "2001:db8::1"
const char* kMacV6 =
    "02310000FDE900000007000000000000000000000000000A30001122AABBCD8020010DB8000000000000000000000001003E81";
// "Inclusive Multicast Ethernet Tag", "rd": "65001:7", "ethernet-tag": 10, "ip": "10.0.0.1"
const char* kMulticast = "03110000FDE9000000070000000A200A000001";
const char* kMulticastV6 = "031D00010A0000010007000000008020010DB8000000000000000000000002";
// "Ethernet Segment", "rd": "10.0.0.1:1", "esi": "00:11:...:99", "ip": "10.0.0.1"
const char* kSegment = "041700010A000001000100112233445566778899200A000001";
// "IP Prefix Advertisement", "rd": "65001:7", "esi": "-", "ethernet-tag": 0, "label": [ [3000, 48001] ],
// "ip": "10.1.0.0", "iplen": 24, "gateway": "0.0.0.0"
const char* kPrefix = "05220000FDE9000000070000000000000000000000000000180A0100000000000000BB81";
// "ip": "2001:db8:1::", "iplen": 48, "gateway": "2001:db8::fe"
const char* kPrefixV6 =
    "053A0000FDE90000000700112233445566778899000000053020010DB800010000000000000000000020010DB80000000000000000"
    "000000FE00BB91";
// { "code": 9, "parsed": false, "raw": "09050102030405" }
const char* kUnknown = "09050102030405";

const char* kAll[] = {kEad, kMacIp, kMacNoIp, kMacV6, kMulticast, kMulticastV6, kSegment, kPrefix, kPrefixV6, kUnknown};

Result<EvpnNlri, WireError> DecodeOne(const std::string& hex, size_t* left = nullptr) {
  ExactBuffer b(Hex(hex));
  ByteReader r = b.reader();
  auto n = DecodeEvpnNlri(r);
  if (left) *left = r.remaining();
  return n;
}

TEST(EvpnNlriTest, EveryTypeDecodesAndEncodesBack) {
  for (const char* hex : kAll) {
    size_t left = 99;
    auto n = DecodeOne(hex, &left);
    ASSERT_TRUE(n.ok()) << hex << ": " << n.error().what;
    EXPECT_EQ(left, 0u) << hex;
    auto back = EncodeEvpnNlri(*n);
    ASSERT_TRUE(back) << hex;
    EXPECT_EQ(*back, Hex(hex));
  }
}

TEST(EvpnNlriTest, FieldsAreRead) {
  auto ead = DecodeOne(kEad);
  ASSERT_TRUE(ead.ok());
  EXPECT_EQ(ead->type, 1);
  EXPECT_EQ(Bytes(ead->rd.begin(), ead->rd.end()), Hex("00010A0000010005"));
  EXPECT_EQ(Bytes(ead->esi.begin(), ead->esi.end()), Hex("00112233445566778899"));
  ASSERT_EQ(ead->labels.size(), 1u);
  EXPECT_EQ(ead->labels[0], 1601u);

  auto mac = DecodeOne(kMacIp);
  ASSERT_TRUE(mac.ok());
  EXPECT_EQ(mac->etag, 10u);
  EXPECT_EQ(mac->mac_length, 48);
  EXPECT_EQ(Bytes(mac->mac.begin(), mac->mac.end()), Hex("001122AABBCC"));
  EXPECT_EQ(mac->ip, IpAddress::Parse("192.168.0.1"));
  EXPECT_EQ(mac->labels, (std::vector<uint32_t>{16001, 32001}));

  auto none = DecodeOne(kMacNoIp);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->ip);

  auto multicast = DecodeOne(kMulticastV6);
  ASSERT_TRUE(multicast.ok());
  EXPECT_EQ(multicast->ip, IpAddress::Parse("2001:db8::2"));

  auto segment = DecodeOne(kSegment);
  ASSERT_TRUE(segment.ok());
  EXPECT_EQ(segment->ip, IpAddress::Parse("10.0.0.1"));

  auto prefix = DecodeOne(kPrefixV6);
  ASSERT_TRUE(prefix.ok());
  EXPECT_EQ(prefix->etag, 5u);
  EXPECT_EQ(prefix->prefix_length, 48);
  EXPECT_EQ(prefix->ip, IpAddress::Parse("2001:db8:1::"));
  EXPECT_EQ(prefix->gateway, IpAddress::Parse("2001:db8::fe"));

  auto unknown = DecodeOne(kUnknown);
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->type, 9);
  EXPECT_EQ(unknown->opaque, Hex("0102030405"));
}

TEST(EvpnNlriTest, EveryTruncationResetsTheSession) {
  for (const char* hex : kAll) {
    const Bytes whole = Hex(hex);
    for (size_t n = 0; n < whole.size(); ++n) {
      ExactBuffer b(Bytes(whole.begin(), whole.begin() + static_cast<ptrdiff_t>(n)));
      ByteReader r = b.reader();
      auto v = DecodeEvpnNlri(r);
      ASSERT_FALSE(v.ok()) << hex << " " << n;
      EXPECT_TRUE(IsError(v.error(), 3, 10, ErrorAction::kSessionReset)) << hex << " " << n;
    }
  }
}

// The length byte changed to `length` and the body cut or padded to match:
// the next NLRI can still be found, so only this one is withdrawn.
std::string Relength(const char* hex, size_t length) {
  Bytes b = Hex(hex);
  b.resize(2 + length, 0);
  b[1] = static_cast<uint8_t>(length);
  return ToHex(b);
}

TEST(EvpnNlriTest, InconsistentInnerLengthsAreTreatedAsWithdraw) {
  std::vector<std::string> bad;
  for (const char* hex : kAll) {
    if (hex == kUnknown) continue;
    const size_t length = Hex(hex)[1];
    bad.push_back(Relength(hex, length - 1));
    bad.push_back(Relength(hex, length + 1));
  }
  // Type 2: MAC length 49, IP length 24 (and 4 bytes), IP length 128 on a
  // 4-byte IP.
  std::string mac = kMacIp;
  bad.push_back(mac.substr(0, 48) + "31" + mac.substr(50));
  bad.push_back(mac.substr(0, 62) + "18" + mac.substr(64));
  bad.push_back(mac.substr(0, 62) + "80" + mac.substr(64));
  // Type 3 and 4: IP length 24.
  std::string multicast = kMulticast, segment = kSegment;
  bad.push_back(multicast.substr(0, 28) + "18" + multicast.substr(30));
  bad.push_back(segment.substr(0, 40) + "18" + segment.substr(42));
  // Type 5: prefix length 33 for IPv4.
  std::string prefix = kPrefix;
  bad.push_back(prefix.substr(0, 48) + "21" + prefix.substr(50));
  for (const std::string& hex : bad) {
    size_t left = 99;
    auto v = DecodeOne(hex, &left);
    ASSERT_FALSE(v.ok()) << hex;
    EXPECT_TRUE(IsError(v.error(), 3, 10, ErrorAction::kTreatAsWithdraw)) << hex;
    EXPECT_EQ(left, 0u) << hex;
  }
}

TEST(EvpnNlriTest, TheRibKeyLeavesOutWhatRfc7432LeavesOut) {
  auto key = [](const std::string& hex) {
    std::string k;
    AppendGenericKey(kL2vpnEvpn, Hex(hex), &k);
    return k;
  };
  std::string mac = kMacIp;
  // Another ESI, other labels: the same MAC/IP route.
  std::string other = mac.substr(0, 20) + "FFFFFFFFFFFFFFFFFFFF" + mac.substr(40, 40) + "0000110000F1";
  EXPECT_EQ(key(mac), key(other));
  // Another MAC, IP, tag or RD: another route.
  EXPECT_NE(key(mac), key(mac.substr(0, 60) + "CD" + mac.substr(62)));
  EXPECT_NE(key(mac), key(mac.substr(0, 70) + "02" + mac.substr(72)));
  EXPECT_NE(key(mac), key(mac.substr(0, 46) + "0B" + mac.substr(48)));
  EXPECT_NE(key(mac), key(mac.substr(0, 19) + "8" + mac.substr(20)));
  // Type 5: the gateway, ESI and label are out; the prefix length is in.
  std::string prefix = kPrefix;
  EXPECT_EQ(key(prefix), key(prefix.substr(0, 20) + "01010101010101010101" + prefix.substr(40, 18) +
                             "0A000001" "0001F1"));
  EXPECT_NE(key(prefix), key(prefix.substr(0, 48) + "10" + prefix.substr(50)));
  // Type 1: the label is out, the ESI in.
  std::string ead = kEad;
  EXPECT_EQ(key(ead), key(ead.substr(0, 48) + "000011"));
  EXPECT_NE(key(ead), key(ead.substr(0, 20) + "01" + ead.substr(22)));
  // Types differ; unknown types are keyed by all their bytes.
  EXPECT_NE(key(kMulticast), key(std::string("04") + (kMulticast + 2)));
  EXPECT_NE(key(kUnknown), key("09050102030406"));
}

TEST(EvpnNlriTest, TheFamilyIsRegistered) {
  EXPECT_TRUE(IsSupportedFamily(kL2vpnEvpn));
  EXPECT_TRUE(IsGenericFamily(kL2vpnEvpn));
  EXPECT_FALSE(HasAddPath(kL2vpnEvpn));
  EXPECT_FALSE(IsNextHopOptional(kL2vpnEvpn));
  EXPECT_EQ(kL2vpnEvpn.Name(), "l2vpn evpn");
  EXPECT_EQ(Family::Parse("l2vpn", "evpn"), kL2vpnEvpn);
}

Negotiated Families() {
  Negotiated n = testing::Both();
  n.families.push_back(kL2vpnEvpn);
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

// An UPDATE body: ORIGIN, AS_PATH and MP_REACH_NLRI of `nlri` with next hop `nh`.
std::string Reach(const std::string& nh, const std::string& nlri) {
  std::string mp = "001946" + testing::ToHexByte(nh.size() / 2) + nh + "00" + nlri;
  std::string attrs = "40010100" "400200" "800e" + testing::ToHexByte(mp.size() / 2) + mp;
  return "0000" "00" + testing::ToHexByte(attrs.size() / 2) + attrs;
}

TEST(EvpnUpdateTest, SeveralNlriAndBothNextHopsRoundTrip) {
  for (const char* nh : {"0a000001", "20010db8000000000000000000000001",
                         "20010db8000000000000000000000001fe800000000000000000000000000001"}) {
    const std::string hex = Reach(nh, std::string(kEad) + kMulticast + kPrefixV6 + kUnknown);
    auto u = DecodeUpdate(hex);
    ASSERT_TRUE(u.ok()) << u.error().what;
    ASSERT_EQ(u->reach.size(), 1u);
    EXPECT_EQ(u->reach[0].family, kL2vpnEvpn);
    ASSERT_EQ(u->reach[0].generic.size(), 4u);
    EXPECT_EQ(u->reach[0].generic[2].bytes, Hex(kPrefixV6));
    EXPECT_EQ(ToHex(Encode(*u)), ToHex(Hex(hex)));
  }
}

TEST(EvpnUpdateTest, WithdrawRoundTrips) {
  std::string mp = std::string("001946") + kMacIp + kSegment;
  std::string withdraw = "0000" "00" + testing::ToHexByte(mp.size() / 2 + 3) + "800f" +
                         testing::ToHexByte(mp.size() / 2) + mp;
  auto u = DecodeUpdate(withdraw);
  ASSERT_TRUE(u.ok()) << u.error().what;
  ASSERT_EQ(u->unreach.size(), 1u);
  ASSERT_EQ(u->unreach[0].generic.size(), 2u);
  EXPECT_EQ(ToHex(Encode(*u)), ToHex(Hex(withdraw)));
}

TEST(EvpnUpdateTest, ABadRouteWithdrawsTheUpdateAndKeepsTheOthers) {
  auto u = DecodeUpdate(Reach("0a000001", std::string(kEad) + Relength(kMulticast, 18) + kSegment));
  ASSERT_TRUE(u.ok()) << u.error().what;
  ASSERT_TRUE(u->soft_error);
  EXPECT_TRUE(IsError(*u->soft_error, 3, 10, ErrorAction::kTreatAsWithdraw));
  // Treat-as-withdraw: the readable routes are withdrawn.
  EXPECT_TRUE(u->reach.empty());
  ASSERT_EQ(u->unreach.size(), 1u);
  EXPECT_EQ(u->unreach[0].generic.size(), 2u);
}

TEST(EvpnUpdateTest, BadNextHopsAndLengthsResetTheSession) {
  auto u = DecodeUpdate(Reach("0a0000", kEad));
  ASSERT_FALSE(u.ok());
  EXPECT_TRUE(IsError(u.error(), 3, 9, ErrorAction::kSessionReset));
  auto v = DecodeUpdate(Reach("0a000001", std::string(kEad).substr(0, 20)));
  ASSERT_FALSE(v.ok());
  EXPECT_TRUE(IsError(v.error(), 3, 10, ErrorAction::kSessionReset));
}

TEST(EvpnNlriTest, EncodeRefusesWhatCannotBeWritten) {
  auto prefix = DecodeOne(kPrefix);
  ASSERT_TRUE(prefix.ok());
  EvpnNlri mixed = *prefix;
  mixed.gateway = IpAddress::Parse("2001:db8::1");
  EXPECT_FALSE(EncodeEvpnNlri(mixed));
  EvpnNlri nolabel = *prefix;
  nolabel.labels.clear();
  EXPECT_FALSE(EncodeEvpnNlri(nolabel));
  EvpnNlri multicast;
  multicast.type = 3;
  EXPECT_FALSE(EncodeEvpnNlri(multicast));
  EvpnNlri big;
  big.type = 200;
  big.opaque.resize(256);
  EXPECT_FALSE(EncodeEvpnNlri(big));
}

}  // namespace
}  // namespace herald::wire
