// IPv6 Address Specific Extended Communities (RFC 5701) and the BGP
// Prefix-SID (RFC 8669, RFC 9252): the attributes ExaBGP 5.0 sent in
// src/api/testdata/pfxsid_exabgp50.txt (tools/capture_pfxsid.py; the
// attributes cut out of the captured UPDATEs), decoded and encoded back,
// every truncation rejected cleanly, malformed ones treat-as-withdraw.
#include <gtest/gtest.h>

#include "wire/attribute_test_util.h"
#include "wire/prefix_sid.h"

namespace herald::wire {
namespace {

using testing::Decoded;
using testing::DecodeAttrs;
using testing::EncodeAttrs;
using testing::Hex;
using testing::Ibgp;
using testing::IsError;

// The whole attributes, header included, as ExaBGP 5.0 sent them.
const char* const kCaptured[] = {
    // redirect-to-nexthop-ietf 2a02:b80:0:1::1
    "c01914000c2a020b800000000100000000000000010000",
    // three RFC 5701 communities, not in order
    "c0193c000c20010db80000000000000000000000020001000220010db80000000000000000000000010064800b20010db8000000"
    "0000000000000000030005",
    // bgp-prefix-sid [ 777 ]
    "c0280a01000700000000000309",
    // bgp-prefix-sid [ 300, [ ( 800000,4096 ), ( 1000000,5000 ) ] ]
    "c0281b0100070000000000012c03000e00000c35000010000f4240001388",
    // bgp-prefix-sid-srv6 ( l3-service 2001:db8::10 )
    "c0281c050019000100150020010db800000000000000000000001000ffff00",
    // bgp-prefix-sid-srv6 ( l3-service 2001:db8::20 0x13 [ 64, 24, 16, 0, 16, 64 ] )
    "c028250500220001001e0020010db800000000000000000000002000001300010006401810001040",
    // bgp-prefix-sid-srv6 ( l2-service 2001:db8::30 17 )
    "c0281c060019000100150020010db800000000000000000000003000001100",
    // a Label-Index TLV and an unknown TLV 4
    "c0280f0100070000000000000a040002abcd",
    // an Originator SRGB TLV alone
    "c0280b03000800000c3500001000",
    // an SRv6 L3 Service TLV with a sub-TLV of unknown type 2
    "c0280905000600020002abcd",
};

TEST(PrefixSidTest, CapturedAttributesDecodeAndEncodeBack) {
  for (const char* hex : kCaptured) {
    SCOPED_TRACE(hex);
    Decoded d = DecodeAttrs(hex, Ibgp());
    ASSERT_TRUE(d.attrs.ok());
    EXPECT_FALSE(d.soft);
    EXPECT_TRUE(d.attrs->unknown.empty());
    EXPECT_TRUE(d.attrs->prefix_sid || !d.attrs->ipv6_extended_communities.empty());
    EXPECT_EQ(EncodeAttrs(*d.attrs, Ibgp()), Hex(hex));
  }
}

TEST(PrefixSidTest, BuildersMakeExabgpsBytes) {
  PathAttributes a;
  a.prefix_sid.emplace().push_back(LabelIndexTlv(300));
  a.prefix_sid->push_back(SrgbTlv({{800000, 4096}, {1000000, 5000}}));
  EXPECT_EQ(EncodeAttrs(a, Ibgp()), Hex(kCaptured[3]));
  std::array<uint8_t, 16> sid{0x20, 0x01, 0x0d, 0xb8};
  sid[15] = 0x20;
  a.prefix_sid = {Srv6ServiceTlv(false, sid, 0x13, SidStructure{64, 24, 16, 0, 16, 64})};
  EXPECT_EQ(EncodeAttrs(a, Ibgp()), Hex(kCaptured[5]));
  sid[15] = 0x30;
  a.prefix_sid = {Srv6ServiceTlv(true, sid, 17, std::nullopt)};
  EXPECT_EQ(EncodeAttrs(a, Ibgp()), Hex(kCaptured[6]));
}

// Every shorter value (the attribute length adjusted) either decodes, when
// the cut falls between TLVs or communities, or is treat-as-withdraw; never
// anything else.
TEST(PrefixSidTest, EveryTruncationIsRejectedCleanly) {
  for (const char* hex : kCaptured) {
    Bytes whole = Hex(hex);
    for (size_t n = 0; n < whole.size() - 3; ++n) {
      SCOPED_TRACE(std::string(hex) + " cut to " + std::to_string(n));
      Bytes cut(whole.begin(), whole.begin() + 3 + static_cast<std::ptrdiff_t>(n));
      cut[2] = static_cast<uint8_t>(n);
      Decoded d = DecodeAttrs(cut, Ibgp());
      ASSERT_TRUE(d.attrs.ok());
      const bool kept = d.attrs->prefix_sid || !d.attrs->ipv6_extended_communities.empty();
      if (d.soft) {
        EXPECT_TRUE(IsError(*d.soft, 3, whole[1] == 25 ? 5 : 9, ErrorAction::kTreatAsWithdraw));
        EXPECT_FALSE(kept);
      } else {
        EXPECT_TRUE(kept);
        EXPECT_EQ(EncodeAttrs(*d.attrs, Ibgp()), cut);
      }
    }
  }
}

TEST(PrefixSidTest, MalformedValuesAreTreatAsWithdraw) {
  const char* const bad[] = {
      "c01913" "000c2a020b8000000001000000000000000100",  // 19 bytes
      "c01900",                                          // empty
      "c02809" "010006000000000003",                     // Label-Index of length 6
      "c0280a" "030007" "0000" "0c35000010",             // Originator SRGB of 2 + 5 bytes
      "c02803" "050000",                                 // SRv6 service without its reserved byte
      "c02819" "050016" "00" "010012" "00" "20010db8000000000000000000000010" "00",  // SID information of 18
      "c0280c" "050009" "00" "010005" "0001020304",      // SID information of 5
      "c02822" "05001f" "00" "01001b" "00" "20010db8000000000000000000000020" "00" "0013" "00"
      "010003" "010203",                                 // SID structure of 3
      "c0280a" "050007" "00" "010015" "000000",          // sub-TLV running past its TLV
  };
  for (const char* hex : bad) {
    SCOPED_TRACE(hex);
    Decoded d = DecodeAttrs(hex, Ibgp());
    ASSERT_TRUE(d.attrs.ok());
    ASSERT_TRUE(d.soft);
    EXPECT_EQ(d.soft->action, ErrorAction::kTreatAsWithdraw);
    EXPECT_FALSE(d.attrs->prefix_sid);
    EXPECT_TRUE(d.attrs->ipv6_extended_communities.empty());
  }
}

TEST(PrefixSidTest, WrongFlagsAreTreatAsWithdraw) {
  for (const char* hex : {"801914000c2a020b800000000100000000000000010000", "40280a01000700000000000309"}) {
    Decoded d = DecodeAttrs(hex, Ibgp());
    ASSERT_TRUE(d.attrs.ok());
    ASSERT_TRUE(d.soft);
    EXPECT_TRUE(IsError(*d.soft, 3, 4, ErrorAction::kTreatAsWithdraw));
  }
}

TEST(PrefixSidTest, EmptyPrefixSidIsKeptAndSent) {
  Decoded d = DecodeAttrs("c02800", Ibgp());
  ASSERT_TRUE(d.attrs.ok());
  EXPECT_FALSE(d.soft);
  ASSERT_TRUE(d.attrs->prefix_sid);
  EXPECT_TRUE(d.attrs->prefix_sid->empty());
  EXPECT_EQ(EncodeAttrs(*d.attrs, Ibgp()), Hex("c02800"));
}

}  // namespace
}  // namespace herald::wire
