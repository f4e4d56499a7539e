// BGP-LS NLRI and attribute (wire/bgpls.h). The UPDATEs are those of
// src/api/testdata/bgpls_exabgp50.txt (tools/capture_bgpls.py), whose
// reading by ExaBGP 5.0's decode is recorded there.
#include "wire/bgpls.h"

#include <gtest/gtest.h>

#include <fstream>

#include "base/hex.h"
#include "wire/attribute_codec.h"
#include "wire/message.h"
#include "wire/test_util.h"
#include "wire/update.h"

namespace herald::wire {
namespace {

using testing::ExactBuffer;
using testing::Hex;
using testing::IsError;

struct Case {
  std::string name;
  Bytes message;
};

std::vector<Case> Cases() {
  std::ifstream in(std::string(HERALD_SOURCE_DIR) + "/src/api/testdata/bgpls_exabgp50.txt");
  EXPECT_TRUE(in.good());
  std::vector<Case> out;
  std::string line, name;
  while (std::getline(in, line)) {
    if (line.rfind("# ", 0) == 0) name = line.substr(2);
    else if (line.rfind("ffff", 0) == 0) out.push_back({name, Hex(line)});
  }
  return out;
}

Negotiated Session() {
  Negotiated n;
  n.asn4 = true;
  n.local_as = n.peer_as = 65533;
  n.families = {kBgpLsFamily, kBgpLsVpnFamily};
  return n;
}

Update DecodeUpdate(ByteSpan message) {
  auto m = DecodeMessage(message, Session());
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().what);
  if (!m.ok()) return {};
  const Update* u = std::get_if<Update>(&*m);
  EXPECT_NE(u, nullptr);
  return u ? *u : Update{};
}

// The NLRI field of the message's MP_REACH_NLRI or MP_UNREACH_NLRI (the
// cases carry one of them last before the BGP-LS attribute, if any).
Bytes NlriField(const Bytes& m) {
  ByteReader r(ByteSpan(m).subspan(19));
  uint16_t withdrawn = 0, length = 0;
  (void)r.ReadU16(&withdrawn);
  (void)r.Skip(withdrawn);
  (void)r.ReadU16(&length);
  while (!r.empty()) {
    uint8_t flags = 0, code = 0;
    uint16_t size = 0;
    (void)r.ReadU8(&flags);
    (void)r.ReadU8(&code);
    if (flags & 0x10) (void)r.ReadU16(&size);
    else {
      uint8_t s = 0;
      (void)r.ReadU8(&s);
      size = s;
    }
    ByteSpan v;
    (void)r.ReadSpan(size, &v);
    if (code == 14) {
      const size_t nh = v[3];
      v = v.subspan(4 + nh + 1);
      return Bytes(v.begin(), v.end());
    }
    if (code == 15) return Bytes(v.begin() + 3, v.end());
  }
  return {};
}

TEST(BgpLsTest, CapturedUpdatesDecodeAndTheirNlriWriteBackUnchanged) {
  const auto cases = Cases();
  ASSERT_EQ(cases.size(), 21u);
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Update u = DecodeUpdate(c.message);
    EXPECT_FALSE(u.soft_error.has_value());
    Bytes written;
    ByteWriter w(&written);
    for (const Reach& r : u.reach)
      for (const GenericNlri& n : r.generic) EncodeGenericNlri(w, n, false);
    for (const Unreach& r : u.unreach)
      for (const GenericNlri& n : r.generic) EncodeGenericNlri(w, n, false);
    EXPECT_EQ(ToHex(written), ToHex(NlriField(c.message)));
    // The attribute is kept as received: encoding the attributes gives its bytes back.
    if (u.attrs.bgp_ls) {
      Bytes attrs;
      ByteWriter aw(&attrs);
      internal::EncodeBgpLs(aw, u.attrs, Session());
      EXPECT_NE(ToHex(c.message).find(ToHex(attrs)), std::string::npos);
    }
  }
}

TEST(BgpLsTest, NodeNlriReadsItsDescriptors) {
  // { "ls-nlri-type": "bgpls-node", "l3-routing-topology": 5, "protocol-id": 3, "node-descriptors": [
  //   { "autonomous-system": 65001 }, { "ospf-area-id": "0.0.0.1" },
  //   { "router-id": "10.0.0.2", "designated-router-id": "10.0.0.9" } ] }
  ExactBuffer b(Hex("00010029" "03" "0000000000000005" "0100001c" "020000040000fde9" "0202000400000001"
                    "020300080a0000020a000009"));
  ByteReader r = b.reader();
  auto n = DecodeBgpLsNlri(r, false);
  ASSERT_TRUE(n.ok()) << n.error().what;
  EXPECT_TRUE(n->parsed);
  EXPECT_EQ(n->type, kBgpLsNode);
  EXPECT_EQ(n->protocol_id, 3);
  EXPECT_EQ(n->identifier, 5u);
  ASSERT_EQ(n->local_node.size(), 3u);
  EXPECT_EQ(n->local_node[0].type, kBgpLsAsn);
  BgpLsRouterId id = BgpLsRouterIdOf(n->local_node[2].value, 3);
  EXPECT_EQ(id.id, "10.0.0.2");
  EXPECT_EQ(id.dr, "10.0.0.9");
  EXPECT_TRUE(r.empty());
}

TEST(BgpLsTest, IsisRouterIdWithPseudonode) {
  BgpLsRouterId id = BgpLsRouterIdOf(Hex("19216800000203"), 1);
  EXPECT_EQ(id.id, "19216800000203");
  EXPECT_EQ(id.psn, 3);
  id = BgpLsRouterIdOf(Hex("19216800000200"), 2);
  EXPECT_FALSE(id.psn.has_value());  // 0: no pseudonode, as 5.0 prints it
}

TEST(BgpLsTest, UnknownNlriTypeIsKeptUnparsed) {
  ExactBuffer b(Hex("000900050203040506"));
  ByteReader r = b.reader();
  auto n = DecodeBgpLsNlri(r, false);
  ASSERT_TRUE(n.ok());
  EXPECT_FALSE(n->parsed);
  EXPECT_EQ(ToHex(n->body), "0203040506");
}

// RFC 9552 §8.2.2: malformed content is treat-as-withdraw, the reader past
// the NLRI; a length past the field loses the field (session reset).
TEST(BgpLsTest, MalformedNlri) {
  struct {
    const char* hex;
    ErrorAction action;
  } cases[] = {
      {"0001000a" "09" "0000000000000000" "00", ErrorAction::kTreatAsWithdraw},  // protocol 9
      {"00010005" "0200000000", ErrorAction::kTreatAsWithdraw},                   // < 9 bytes
      {"00010011" "02" "0000000000000000" "0101000400000000", ErrorAction::kTreatAsWithdraw},  // not 256 first
      {"00010011" "02" "0000000000000000" "0100000402040000", ErrorAction::kTreatAsWithdraw},  // sub-TLV 516
      {"00010011" "02" "0000000000000000" "0100000402000003", ErrorAction::kTreatAsWithdraw},  // truncated sub-TLV
      {"00010011" "04" "0000000000000000" "0100000402030000", ErrorAction::kTreatAsWithdraw},  // router id, direct
      {"00010009" "02" "0000000000000000", ErrorAction::kTreatAsWithdraw},                    // node: no descriptor
      {"00030015" "02" "0000000000000000" "01000008020000040000fde9", ErrorAction::kTreatAsWithdraw},  // no reach
      {"00010020" "02", ErrorAction::kSessionReset},                                          // length past the end
      {"000100", ErrorAction::kSessionReset},                                                 // header truncated
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.hex);
    ExactBuffer b(Hex(c.hex));
    ByteReader r = b.reader();
    auto n = DecodeBgpLsNlri(r, false);
    ASSERT_FALSE(n.ok());
    EXPECT_TRUE(IsError(n.error(), 3, 10, c.action));
    if (c.action == ErrorAction::kTreatAsWithdraw) {
      EXPECT_TRUE(r.empty());
    }
  }
}

// Every truncation of every captured NLRI and attribute fails cleanly (or,
// cut at a TLV boundary, reads less).
TEST(BgpLsTest, EveryTruncationIsRejectedCleanly) {
  for (const Case& c : Cases()) {
    SCOPED_TRACE(c.name);
    const bool vpn = c.name.rfind("vpn", 0) == 0;
    const Bytes field = NlriField(c.message);
    for (size_t cut = 0; cut < field.size(); ++cut) {
      ExactBuffer b(ByteSpan(field).first(cut));
      ByteReader r = b.reader();
      while (!r.empty()) {
        auto n = DecodeBgpLsNlri(r, vpn);
        if (!n.ok() && n.error().action == ErrorAction::kSessionReset) break;
      }
    }
    // The whole message cut short: an error, never a crash.
    for (size_t cut = 19; cut < c.message.size(); ++cut) {
      Bytes m(c.message.begin(), c.message.begin() + cut);
      m[16] = static_cast<uint8_t>(cut >> 8);
      m[17] = static_cast<uint8_t>(cut);
      (void)DecodeMessage(m, Session());
    }
  }
}

TEST(BgpLsTest, AttributeTlvsAreChecked) {
  std::string error;
  // Node name, node flags, local TE router id.
  auto ok = ParseBgpLsAttribute(Hex("04020007726f757465723104000001a004040004" "01010101"), &error);
  ASSERT_TRUE(ok.has_value()) << error;
  EXPECT_EQ(ok->size(), 3u);
  const char* bad[] = {
      "0400000201a0",              // node flags of 2 bytes
      "04440005000000000a",        // TE metric of 5 bytes
      "04470000",                  // IGP metric of 0 bytes
      "044b0001a0",                // SR adjacency without its weight
      "04480003000000",            // SRLG not a multiple of 4
      "0404000801010101",          // TLV runs past the attribute
      "040400",                    // header truncated
      "04860007" "00000000" "000000",  // prefix SID: neither V nor L, 3 bytes
  };
  for (const char* hex : bad) {
    SCOPED_TRACE(hex);
    EXPECT_FALSE(ParseBgpLsAttribute(Hex(hex), &error).has_value());
  }
  // TLVs herald does not know are kept.
  auto unknown = ParseBgpLsAttribute(Hex("04150002abcd"), &error);
  ASSERT_TRUE(unknown.has_value());
  EXPECT_EQ((*unknown)[0].type, 1045);
}

// RFC 9552 §8.2.2: a malformed BGP-LS attribute is discarded; the routes stay.
TEST(BgpLsTest, MalformedAttributeIsDiscarded) {
  const auto cases = Cases();
  Bytes m = cases[0].message;
  // The attribute is last: make its node name TLV claim one byte more.
  const std::string hex = ToHex(m);
  const size_t at = hex.find("04020007");
  ASSERT_NE(at, std::string::npos);
  m[at / 2 + 3] = 8;
  auto decoded = DecodeMessage(m, Session());
  ASSERT_TRUE(decoded.ok());
  const Update& u = std::get<Update>(*decoded);
  EXPECT_FALSE(u.attrs.bgp_ls.has_value());
  ASSERT_TRUE(u.soft_error.has_value());
  EXPECT_EQ(u.soft_error->action, ErrorAction::kAttributeDiscard);
  ASSERT_EQ(u.reach.size(), 1u);
  EXPECT_EQ(u.reach[0].generic.size(), 1u);
}

TEST(BgpLsTest, MalformedNlriInAnUpdateIsTreatAsWithdraw) {
  const auto cases = Cases();
  Bytes m = cases[0].message;
  const std::string hex = ToHex(m);
  const size_t at = hex.find("0000000000000000" "0100");  // protocol id before the identifier
  ASSERT_NE(at, std::string::npos);
  m[at / 2 - 1] = 9;  // protocol 9
  auto decoded = DecodeMessage(m, Session());
  ASSERT_TRUE(decoded.ok());
  const Update& u = std::get<Update>(*decoded);
  ASSERT_TRUE(u.soft_error.has_value());
  EXPECT_EQ(u.soft_error->action, ErrorAction::kTreatAsWithdraw);
}

TEST(BgpLsTest, NextHops) {
  for (const char* hex : {"0a000001", "20010db8000000000000000000000001"}) {
    ExactBuffer b(Hex(hex));
    ByteReader r = b.reader();
    EXPECT_TRUE(internal::DecodeBgpLsNextHop(r).ok());
  }
  ExactBuffer vpn(Hex("0000000000000000" "0a000001"));
  ByteReader r = vpn.reader();
  auto nh = internal::DecodeBgpLsVpnNextHop(r);
  ASSERT_TRUE(nh.ok());
  EXPECT_EQ(nh->address.ToString(), "10.0.0.1");
  ExactBuffer bad(Hex("0a0000"));
  ByteReader rb = bad.reader();
  EXPECT_FALSE(internal::DecodeBgpLsNextHop(rb).ok());
}

}  // namespace
}  // namespace herald::wire
