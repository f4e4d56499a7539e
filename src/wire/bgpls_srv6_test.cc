// The SRv6 TLVs of the BGP-LS attribute (RFC 9514) and the SR LAN adjacency
// SID (RFC 9085 §2.2.2): what herald accepts and refuses (wire/bgpls.h,
// bgpls_srv6.cc). How they print is in api/render_bgpls_srv6_test.cc.
#include <gtest/gtest.h>

#include "base/hex.h"
#include "wire/bgpls.h"
#include "wire/test_util.h"

namespace herald::wire {
namespace {

using testing::Hex;

Bytes Tlv(uint16_t type, const Bytes& value) {
  Bytes out = {static_cast<uint8_t>(type >> 8), static_cast<uint8_t>(type), static_cast<uint8_t>(value.size() >> 8),
               static_cast<uint8_t>(value.size())};
  out.insert(out.end(), value.begin(), value.end());
  return out;
}

Bytes Cat(const Bytes& a, const Bytes& b) {
  Bytes out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

const Bytes kSid = Hex("fc000000000100e00000000000000000");
const Bytes kStructure = Tlv(1252, {32, 16, 16, 0});
const Bytes kEndXHead = Hex("0039800a0a00");  // behavior 57, B flag, algorithm 0, weight 10
const Bytes kSysId = Hex("192168000002");

// Whether `cut` is where one of the sub-TLVs after `start` ends.
bool SubTlvBoundary(const Bytes& value, size_t start, size_t cut) {
  size_t at = start;
  while (at < cut) at += 4 + ((value[at + 2] << 8) | value[at + 3]);
  return at == cut;
}

struct Value {
  uint16_t type;
  Bytes value;
  size_t minimum;  // the shortest value herald accepts
};

// A well-formed value of each TLV, with sub-TLVs where it has some.
std::vector<Value> Values() {
  return {
      {1038, Hex("40000000"), 0},
      {1100, Cat(Hex("30050000"), Cat(kSysId, Hex("003e84"))), 10},
      {1106, Cat(Cat(kEndXHead, kSid), Cat(Tlv(1999, {0xab}), kStructure)), 22},
      {1107, Cat(Cat(kEndXHead, kSysId), Cat(kSid, kStructure)), 28},
      {1108, Cat(Cat(kEndXHead, Hex("0a000002")), Cat(kSid, kStructure)), 26},
      {1162, Hex("808000000000000a"), 8},
      {1250, Hex("00300000"), 4},
      {1252, Hex("20101000"), 4},
  };
}

TEST(BgpLsSrv6Test, WellFormedValuesAreKeptAsReceived) {
  for (const Value& v : Values()) {
    SCOPED_TRACE(v.type);
    EXPECT_TRUE(IsBgpLsSrv6Tlv(v.type));
    std::string error;
    const Bytes attr = Tlv(v.type, v.value);
    auto tlvs = ParseBgpLsAttribute(attr, &error);
    ASSERT_TRUE(tlvs.has_value()) << error;
    ASSERT_EQ(tlvs->size(), 1u);
    EXPECT_EQ((*tlvs)[0].type, v.type);
    EXPECT_EQ(ToHex((*tlvs)[0].value), ToHex(v.value));
  }
  EXPECT_FALSE(IsBgpLsSrv6Tlv(1099));
}

// Every value cut short: refused below its minimum and inside a sub-TLV,
// never a crash; the error says which TLV.
TEST(BgpLsSrv6Test, EveryTruncation) {
  for (const Value& v : Values()) {
    for (size_t cut = 0; cut < v.value.size(); ++cut) {
      SCOPED_TRACE(std::to_string(v.type) + " cut at " + std::to_string(cut));
      std::string error;
      const Bytes short_value(v.value.begin(), v.value.begin() + cut);
      auto tlvs = ParseBgpLsAttribute(Tlv(v.type, short_value), &error);
      const bool end_x = v.type >= 1106 && v.type <= 1108;
      if (cut < v.minimum || (end_x && !SubTlvBoundary(v.value, v.minimum, cut))) {
        EXPECT_FALSE(tlvs.has_value());
        EXPECT_NE(error.find(std::to_string(v.type)), std::string::npos) << error;
      } else if (v.type != 1100) {
        EXPECT_TRUE(tlvs.has_value()) << error;
      }
    }
  }
}

TEST(BgpLsSrv6Test, EndXReadsItsFields) {
  std::string error;
  const Bytes ospf = Values()[4].value;
  auto x = ParseBgpLsSrv6EndX(1108, ospf, &error);
  ASSERT_TRUE(x.has_value()) << error;
  EXPECT_EQ(x->behavior, 57);
  EXPECT_EQ(x->flags, 0x80);
  EXPECT_EQ(x->algorithm, 10);
  EXPECT_EQ(x->weight, 10);
  EXPECT_EQ(ToHex(x->neighbor), ToHex(Hex("0a000002")));
  EXPECT_EQ(ToHex(Bytes(x->sid.begin(), x->sid.end())), ToHex(kSid));
  ASSERT_EQ(x->sub_tlvs.size(), 1u);
  EXPECT_EQ(x->sub_tlvs[0].type, 1252);
  // Read as IS-IS, the same bytes are 2 short.
  EXPECT_FALSE(ParseBgpLsSrv6EndX(1107, ospf, &error).has_value());
  // End.X (no neighbor): its sub-TLVs in order.
  x = ParseBgpLsSrv6EndX(1106, Values()[2].value, &error);
  ASSERT_TRUE(x.has_value()) << error;
  EXPECT_TRUE(x->neighbor.empty());
  ASSERT_EQ(x->sub_tlvs.size(), 2u);
  EXPECT_EQ(x->sub_tlvs[0].type, 1999);
  EXPECT_EQ(x->sub_tlvs[1].type, 1252);
}

TEST(BgpLsSrv6Test, MalformedValues) {
  const char* bad[] = {
      "044c0009301905000019216800",        // LAN adjacency SID of 9 bytes
      "044c000c300500001921680000020102",  // LAN adjacency SID: a label of 2 bytes
      "044c000c000500001921680000020001",  // ... an index of 2 bytes
      "048a000700000000000000",            // locator of 7 bytes
      "04e20003003000",                    // endpoint behavior of 3 bytes
      "04e40003201010",                    // SID structure of 3 bytes
  };
  for (const char* hex : bad) {
    SCOPED_TRACE(hex);
    std::string error;
    EXPECT_FALSE(ParseBgpLsAttribute(Hex(hex), &error).has_value());
  }
  // End.X: trailing bytes too short for a sub-TLV header, and a SID
  // structure of 2 bytes.
  for (const Bytes& tail : {Hex("0102"), Tlv(1252, {32, 16})}) {
    std::string error;
    EXPECT_FALSE(ParseBgpLsAttribute(Tlv(1106, Cat(Cat(kEndXHead, kSid), tail)), &error).has_value());
    EXPECT_FALSE(error.empty());
  }
}

}  // namespace
}  // namespace herald::wire
