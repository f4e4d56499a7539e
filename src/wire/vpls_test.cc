// VPLS NLRI (wire/vpls.h) and their UPDATEs. The bytes are ExaBGP 5.0's:
// `exabgp5 validate -nrv` on Debian's conf-l2vpn.conf (the UPDATE body of
// its first route) and `exabgp5 decode` on the NLRI of
// src/api/testdata/vpls_updates.txt (tools/capture_vpls_updates.py), whose
// reading is quoted with each one.
#include "wire/vpls.h"

#include <gtest/gtest.h>

#include "base/hex.h"
#include "wire/test_util.h"
#include "wire/update.h"

namespace herald::wire {
namespace {

using testing::ExactBuffer;
using testing::Hex;
using testing::IsError;

// { "rd": "192.168.201.1:123", "endpoint": 5, "base": 10702, "offset": 1, "size": 8 }
const char* kSite = "0011" "0001c0a8c901007b" "0005" "0001" "0008" "029ce1";
// { "rd": "4200000001:9", "endpoint": 0, "base": 0, "offset": 0, "size": 0 } (no bottom-of-stack bit)
const char* kZero = "0011" "0002fa56ea010009" "0000" "0000" "0000" "000000";
// { "rd": "65001:7", "endpoint": 65535, "base": 1048575, "offset": 65535, "size": 65535 }
const char* kMax = "0011" "0000fde900000007" "ffff" "ffff" "ffff" "fffff1";

Result<VplsNlri, WireError> DecodeOne(const std::string& hex, size_t* left = nullptr) {
  ExactBuffer b(Hex(hex));
  ByteReader r = b.reader();
  auto n = DecodeVplsNlri(r);
  if (left) *left = r.remaining();
  return n;
}

TEST(VplsNlriTest, DecodesAndEncodesBack) {
  struct {
    const char* hex;
    uint16_t endpoint, offset, size;
    uint32_t base;
  } cases[] = {{kSite, 5, 1, 8, 10702}, {kZero, 0, 0, 0, 0}, {kMax, 65535, 65535, 65535, 1048575}};
  for (const auto& c : cases) {
    size_t left = 99;
    auto n = DecodeOne(c.hex, &left);
    ASSERT_TRUE(n.ok()) << c.hex << ": " << n.error().what;
    EXPECT_EQ(left, 0u);
    EXPECT_EQ(n->endpoint, c.endpoint) << c.hex;
    EXPECT_EQ(n->offset, c.offset) << c.hex;
    EXPECT_EQ(n->size, c.size) << c.hex;
    EXPECT_EQ(n->base(), c.base) << c.hex;
    EXPECT_EQ(EncodeVplsNlri(*n), Hex(c.hex));
  }
  auto site = DecodeOne(kSite);
  ASSERT_TRUE(site.ok());
  EXPECT_EQ(Bytes(site->rd.begin(), site->rd.end()), Hex("0001c0a8c901007b"));
  EXPECT_EQ(site->label_entry, 0x029ce1u);
}

TEST(VplsNlriTest, EveryTruncationIsRejected) {
  const Bytes whole = Hex(kSite);
  for (size_t n = 0; n < whole.size(); ++n) {
    ExactBuffer b(Bytes(whole.begin(), whole.begin() + static_cast<ptrdiff_t>(n)));
    ByteReader r = b.reader();
    auto v = DecodeVplsNlri(r);
    ASSERT_FALSE(v.ok()) << n;
    EXPECT_TRUE(IsError(v.error(), 3, 10, ErrorAction::kSessionReset)) << n;
  }
}

TEST(VplsNlriTest, OtherLengthsAreRejected) {
  for (const char* hex : {"0010" "0001c0a8c901007b" "0005" "0001" "0008" "029c",
                          "0012" "0001c0a8c901007b" "0005" "0001" "0008" "029ce100", "0000"}) {
    auto v = DecodeOne(hex);
    ASSERT_FALSE(v.ok()) << hex;
    EXPECT_TRUE(IsError(v.error(), 3, 10, ErrorAction::kSessionReset)) << hex;
  }
}

TEST(VplsNlriTest, TheFamilyIsRegistered) {
  EXPECT_TRUE(IsSupportedFamily(kL2vpnVpls));
  EXPECT_TRUE(IsGenericFamily(kL2vpnVpls));
  EXPECT_FALSE(HasAddPath(kL2vpnVpls));
  EXPECT_FALSE(IsNextHopOptional(kL2vpnVpls));
  EXPECT_EQ(kL2vpnVpls.Name(), "l2vpn vpls");
  EXPECT_EQ(Family::Parse("l2vpn", "vpls"), kL2vpnVpls);
  // The RIB key is the whole NLRI: two label blocks of one VE ID are two
  // routes, as in ExaBGP 5.0.
  std::string a, b;
  AppendGenericKey(kL2vpnVpls, Hex(kSite), &a);
  AppendGenericKey(kL2vpnVpls, Hex("0011" "0001c0a8c901007b" "0005" "0001" "0008" "029d01"), &b);
  EXPECT_EQ(a, std::string(reinterpret_cast<const char*>(Hex(kSite).data()), Hex(kSite).size()));
  EXPECT_NE(a, b);
}

Negotiated Families() {
  Negotiated n = testing::Both();
  n.families.push_back(kL2vpnVpls);
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

// conf-l2vpn.conf's first route as ExaBGP 5.0 sends it (`exabgp5 validate
// -nrv`, "parsed hex" without the marker, length and type).
const char* kConfL2vpnUpdate =
    "0000007e4001010040021e02070000781400007814000078140000781400007814000078140000781480040400"
    "0007d040050400000064c00804d53f007b800904c0a81601800a0803030303c0a8c901c01010"
    "0002d53f00000006800a130005dc006f800e1c00194104c0a8c901000011"
    "0001c0a8c901007b000500010008029ce1";

TEST(VplsUpdateTest, AnnounceDecodesAndEncodesBack) {
  auto u = DecodeUpdate(kConfL2vpnUpdate);
  ASSERT_TRUE(u.ok()) << u.error().what;
  ASSERT_EQ(u->reach.size(), 1u);
  const Reach& r = u->reach[0];
  EXPECT_EQ(r.family, kL2vpnVpls);
  EXPECT_EQ(r.next_hop.address, *IpAddress::Parse("192.168.201.1"));
  ASSERT_EQ(r.generic.size(), 1u);
  EXPECT_EQ(r.generic[0].bytes, Hex(kSite));
  // herald writes the attributes in type code order (RFC 4271 §5), ExaBGP
  // MP_REACH_NLRI last: the same attributes, the community one first.
  std::string ordered = kConfL2vpnUpdate;
  const std::string ext = "c010100002d53f00000006800a130005dc006f";
  const size_t at = ordered.find(ext);
  ASSERT_NE(at, std::string::npos);
  ordered.erase(at, ext.size());
  ordered += ext;
  EXPECT_EQ(ToHex(Encode(*u)), ordered);
}

TEST(VplsUpdateTest, WithdrawAndSeveralNlriDecode) {
  // { "withdraw": { "l2vpn vpls": [ { "rd": "192.168.201.1:123", "endpoint": 5, ... } ] } }
  const char* withdraw = "00000019800f1600194100110001c0a8c901007b000500010008029ce1";
  auto u = DecodeUpdate(withdraw);
  ASSERT_TRUE(u.ok()) << u.error().what;
  ASSERT_EQ(u->unreach.size(), 1u);
  EXPECT_EQ(u->unreach[0].family, kL2vpnVpls);
  ASSERT_EQ(u->unreach[0].generic.size(), 1u);
  EXPECT_EQ(Encode(*u), Hex(withdraw));
  // Two NLRI in one MP_REACH_NLRI (ExaBGP 5.0 reads only one: doc/compat.md).
  std::string mp = std::string("001941" "04" "0a000001" "00") + kSite + kMax;
  std::string attrs = "40010100" "400200" "800e" + testing::ToHexByte(mp.size() / 2) + mp;
  std::string two = "0000" "00" + testing::ToHexByte(attrs.size() / 2) + attrs;
  auto v = DecodeUpdate(two);
  ASSERT_TRUE(v.ok()) << v.error().what;
  ASSERT_EQ(v->reach[0].generic.size(), 2u);
  EXPECT_EQ(v->reach[0].generic[1].bytes, Hex(kMax));
  EXPECT_EQ(Encode(*v), Hex(two));
}

TEST(VplsUpdateTest, BadNextHopsAndNlriResetTheSession) {
  // A 16-byte next hop: ExaBGP 5.0 refuses it too ("invalid l2vpn vpls
  // next-hop length 16 expected 4").
  std::string mp = std::string("001941" "10" "20010db8000000000000000000000001" "00") + kSite;
  std::string attrs = "40010100" "400200" "800e" + testing::ToHexByte(mp.size() / 2) + mp;
  auto u = DecodeUpdate("0000" "00" + testing::ToHexByte(attrs.size() / 2) + attrs);
  ASSERT_FALSE(u.ok());
  EXPECT_TRUE(IsError(u.error(), 3, 9, ErrorAction::kSessionReset));
  // An NLRI cut short.
  std::string cut = std::string("001941") + "00110001c0a8c901007b000500010008";
  std::string unreach = "800f" + testing::ToHexByte(cut.size() / 2) + cut;
  auto v = DecodeUpdate("0000" "00" + testing::ToHexByte(unreach.size() / 2) + unreach);
  ASSERT_FALSE(v.ok());
  EXPECT_TRUE(IsError(v.error(), 3, 10, ErrorAction::kSessionReset));
}

}  // namespace
}  // namespace herald::wire
