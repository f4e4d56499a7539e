#include "wire/attributes.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "wire/open.h"
#include "wire/attribute_test_util.h"

namespace herald::wire {
namespace {

using testing::ExactBuffer;
using testing::Hex;
using testing::IsError;
using testing::DecodeAttrs;
using testing::EncodeAttrs;
using testing::Ibgp;
using testing::Decoded;

PathAttributes Full() {
  PathAttributes a;
  a.origin = Origin::kIncomplete;
  a.as_path = AsPath{{AsSegmentType::kSequence, {65001, 4200000001u}}, {AsSegmentType::kSet, {65010, 65011}}};
  a.next_hop = IpAddress::V4(0xc0000201);
  a.med = 50;
  a.local_pref = 200;
  a.atomic_aggregate = true;
  a.aggregator = Aggregator{4200000001u, IpAddress::V4(0x0a000001)};
  a.communities = {0xfde90064, kNoExport};
  a.originator_id = IpAddress::V4(0x0a000002);
  a.cluster_list = {IpAddress::V4(0x0a000003), IpAddress::V4(0x0a000004)};
  a.extended_communities = {0x0002fde900000007ull};
  a.large_communities = {{4200000001u, 1, 2}};
  a.unknown = {{kFlagOptional | kFlagTransitive | kFlagPartial, 99, Hex("0102")}};
  return a;
}

// Full() on a 4-byte session, written out by hand from RFC 4271 §4.3.
const std::string kFullHex =
    "400101" "02"                                  // ORIGIN incomplete
    "400214" "0202" "0000fde9" "fa56ea01" "0102" "0000fdf2" "0000fdf3"  // AS_PATH
    "400304" "c0000201"                            // NEXT_HOP
    "800404" "00000032"                            // MED
    "400504" "000000c8"                            // LOCAL_PREF
    "400600"                                       // ATOMIC_AGGREGATE
    "c00708" "fa56ea01" "0a000001"                 // AGGREGATOR
    "c00808" "fde90064" "ffffff01"                 // COMMUNITIES
    "800904" "0a000002"                            // ORIGINATOR_ID
    "800a08" "0a000003" "0a000004"                 // CLUSTER_LIST
    "c01008" "0002fde900000007"                    // EXTENDED_COMMUNITIES
    "c0200c" "fa56ea01" "00000001" "00000002"      // LARGE_COMMUNITY
    "e06302" "0102";                               // unknown 99, Partial

TEST(AttributesTest, EncodesEveryAttributeInCodeOrder) {
  EXPECT_EQ(EncodeAttrs(Full(), Ibgp()), Hex(kFullHex));
}

TEST(AttributesTest, DecodesEveryAttribute) {
  Decoded d = DecodeAttrs(kFullHex, Ibgp());
  ASSERT_TRUE(d.attrs.ok()) << d.attrs.error().what;
  EXPECT_FALSE(d.soft) << d.soft->what;
  EXPECT_EQ(*d.attrs, Full());
  EXPECT_FALSE(d.has_reach);
  EXPECT_FALSE(d.has_unreach);
}

TEST(AttributesTest, RoundTripsOnTwoByteSessionsThroughAs4Attributes) {
  Negotiated n = Ibgp(false);
  PathAttributes a = Full();
  Bytes bytes = EncodeAttrs(a, n);
  // AS_PATH with AS_TRANS (0x5ba0) in place of 4200000001, then AS4_PATH and
  // AS4_AGGREGATOR.
  auto find = [&](const std::string& h) {
    Bytes needle = Hex(h);
    return std::search(bytes.begin(), bytes.end(), needle.begin(), needle.end()) != bytes.end();
  };
  EXPECT_TRUE(find("40020c" "0202" "fde9" "5ba0" "0102" "fdf2" "fdf3"));
  EXPECT_TRUE(find("c00706" "5ba0" "0a000001"));
  EXPECT_TRUE(find("c01114" "0202" "0000fde9" "fa56ea01" "0102" "0000fdf2" "0000fdf3"));
  EXPECT_TRUE(find("c01208" "fa56ea01" "0a000001"));
  Decoded d = DecodeAttrs(bytes, n);
  ASSERT_TRUE(d.attrs.ok()) << d.attrs.error().what;
  EXPECT_FALSE(d.soft);
  EXPECT_EQ(*d.attrs, a);
  EXPECT_EQ(EncodeAttrs(*d.attrs, n), bytes);
}

TEST(AttributesTest, NoAs4AttributesWhenEveryAsFitsTwoBytes) {
  PathAttributes a;
  a.as_path = AsPath{{AsSegmentType::kSequence, {65001, 65002}}};
  a.aggregator = Aggregator{65001, IpAddress::V4(1)};
  EXPECT_EQ(EncodeAttrs(a, Ibgp(false)), Hex("400206" "0202" "fde9" "fdea" "c00706" "fde9" "00000001"));
}

TEST(AttributesTest, MergesAs4PathAfterOldSpeakersPrepended) {
  // RFC 6793 §4.2.3: AS_PATH has 3 ASes, AS4_PATH 2: keep the first of
  // AS_PATH, then AS4_PATH.
  // AS_PATH [65000 23456 65001] from a path [70000 65001] to which the
  // 2-byte speaker 65000 prepended itself.
  Decoded d = DecodeAttrs("400208" "0203" "fde8" "5ba0" "fde9" "c0110a" "0202" "00011170" "0000fde9",
                          testing::Ebgp(1, 2, false));
  ASSERT_TRUE(d.attrs.ok());
  EXPECT_EQ(*d.attrs->as_path, (AsPath{{AsSegmentType::kSequence, {65000, 70000, 65001}}}));
}

TEST(AttributesTest, IgnoresAs4PathLongerThanAsPath) {
  Decoded d = DecodeAttrs("400204" "0201" "5ba0" "c0110a" "0202" "00011170" "0000fde9", testing::Ebgp(1, 2, false));
  ASSERT_TRUE(d.attrs.ok());
  EXPECT_EQ(*d.attrs->as_path, (AsPath{{AsSegmentType::kSequence, {23456}}}));
}

TEST(AttributesTest, IgnoresAs4AttributesWhenAggregatorIsNotAsTrans) {
  Decoded d = DecodeAttrs("400204" "0201" "5ba0" "c00706" "fde9" "0a000001" "c01208" "00011170" "0a000001"
                          "c01106" "0201" "00011170",
                          testing::Ebgp(1, 2, false));
  ASSERT_TRUE(d.attrs.ok());
  EXPECT_EQ(*d.attrs->as_path, (AsPath{{AsSegmentType::kSequence, {23456}}}));
  EXPECT_EQ(d.attrs->aggregator->asn, 65001u);
}

TEST(AttributesTest, KeepsLeadingConfederationSegmentsWhenMerging) {
  PathAttributes a;
  a.as_path = AsPath{{AsSegmentType::kConfedSequence, {65100, 65101}},
                     {AsSegmentType::kSequence, {70000, 65002}},
                     {AsSegmentType::kSet, {80000, 65003}}};
  // Confederation segments come from internal peers only (RFC 5065 §5).
  Negotiated n = testing::Ebgp(1, 1, false);
  Bytes bytes = EncodeAttrs(a, n);
  Decoded d = DecodeAttrs(bytes, n);
  ASSERT_TRUE(d.attrs.ok());
  EXPECT_FALSE(d.soft);
  EXPECT_EQ(*d.attrs, a);
}

TEST(AttributesTest, As4AttributesAreDroppedBetweenFourByteSpeakers) {
  Decoded d = DecodeAttrs("400206" "0201" "0000fde9" "c01106" "0201" "00011170" "c01208" "00011170" "0a000001",
                          testing::Ebgp(1, 2));
  ASSERT_TRUE(d.attrs.ok());
  EXPECT_FALSE(d.soft);
  EXPECT_EQ(*d.attrs->as_path, (AsPath{{AsSegmentType::kSequence, {65001}}}));
  EXPECT_TRUE(d.attrs->unknown.empty());
}

TEST(AttributesTest, EmptyAsPathIsAllowed) {
  Decoded d = DecodeAttrs("400200", Ibgp());
  ASSERT_TRUE(d.attrs.ok());
  EXPECT_FALSE(d.soft);
  EXPECT_EQ(d.attrs->as_path, AsPath{});
  EXPECT_EQ(EncodeAttrs(*d.attrs, Ibgp()), Hex("400200"));
}

TEST(AttributesTest, LongSegmentsAreSplitAt255) {
  PathAttributes a;
  a.as_path = AsPath{{AsSegmentType::kSequence, std::vector<uint32_t>(300, 65001)}};
  Bytes bytes = EncodeAttrs(a, Ibgp());
  // 2 + 255*4 + 2 + 45*4 = 1204 bytes: extended length.
  EXPECT_EQ(Bytes(bytes.begin(), bytes.begin() + 6), Hex("5002" "04b4" "02ff"));
  Decoded d = DecodeAttrs(bytes, Ibgp());
  ASSERT_TRUE(d.attrs.ok());
  ASSERT_EQ(d.attrs->as_path->size(), 2u);
  EXPECT_EQ((*d.attrs->as_path)[1].asns.size(), 45u);
}

TEST(AttributesTest, ExtendedLengthOnlyWhenNeeded) {
  // Received with the Extended Length bit on a short value: accepted, and
  // re-encoded without it.
  Decoded d = DecodeAttrs("50010001" "00", Ibgp());
  ASSERT_TRUE(d.attrs.ok());
  EXPECT_EQ(d.attrs->origin, Origin::kIgp);
  EXPECT_EQ(EncodeAttrs(*d.attrs, Ibgp()), Hex("400101" "00"));
  PathAttributes a;
  a.communities.assign(64, 1);  // 256 bytes
  Bytes bytes = EncodeAttrs(a, Ibgp());
  EXPECT_EQ(Bytes(bytes.begin(), bytes.begin() + 4), Hex("d008" "0100"));
  a.communities.resize(63);  // 252 bytes
  bytes = EncodeAttrs(a, Ibgp());
  EXPECT_EQ(Bytes(bytes.begin(), bytes.begin() + 3), Hex("c008" "fc"));
}

TEST(AttributesTest, UnknownAttributes) {
  // Optional transitive: kept, with Partial (to be passed on as such);
  // optional non-transitive: dropped; well-known: session reset 3/2.
  Decoded d = DecodeAttrs("c0fe01aa" "80fd01bb" "400101" "00", Ibgp());
  ASSERT_TRUE(d.attrs.ok());
  ASSERT_EQ(d.attrs->unknown.size(), 1u);
  EXPECT_EQ(d.attrs->unknown[0], (RawAttribute{0xe0, 0xfe, Hex("aa")}));
  EXPECT_EQ(EncodeAttrs(*d.attrs, Ibgp()), Hex("400101" "00" "e0fe01aa"));
  d = DecodeAttrs("400101" "00" "40fe01aa", Ibgp());
  ASSERT_FALSE(d.attrs.ok());
  EXPECT_TRUE(IsError(d.attrs.error(), 3, 2, ErrorAction::kSessionReset));
  EXPECT_EQ(d.attrs.error().data, Hex("40fe01aa"));
}

// RFC 4271 §4.3: the low four flag bits are zero when sent, and Partial is
// zero except on optional transitive attributes, where it is as given (a
// user's attribute is herald's own: complete unless the user says so).
// Extended Length is kept when given (a two-octet length for a short value),
// and set when the value needs it.
TEST(AttributesTest, UnknownAttributesAreSentWithCleanFlags) {
  PathAttributes a;
  a.unknown = {{0xaf, 0x97, Hex("01")}, {0xcf, 0x98, Hex("02")}, {0x90, 0x99, Hex("03")},
               {0xd0, 0x9a, Hex("04")}, {0xc0, 0x9b, Bytes(256, 5)}, {0xe0, 0x9c, Hex("06")}};
  std::string long_value;
  for (int i = 0; i < 256; ++i) long_value += "05";
  EXPECT_EQ(EncodeAttrs(a, Ibgp()), Hex("809701" "01" "c09801" "02" "90990001" "03" "d09a0001" "04" "d09b0100" +
                                        long_value + "e09c01" "06"));
}

TEST(AttributesTest, UnknownAttributesAreKeptInCodeOrder) {
  Decoded d = DecodeAttrs("c0fe01aa" "c01401bb" "400101" "00" "c01e00", Ibgp());
  ASSERT_TRUE(d.attrs.ok());
  ASSERT_EQ(d.attrs->unknown.size(), 3u);
  EXPECT_EQ(d.attrs->unknown[0].code, 0x14);
  EXPECT_EQ(d.attrs->unknown[1].code, 0x1e);
  EXPECT_EQ(d.attrs->unknown[2].code, 0xfe);
  // Interleaved with the known ones by code when encoding, MP at 14/15.
  Bytes reach = Hex("800e01ff"), unreach = Hex("800f01ee");
  EXPECT_EQ(EncodeAttrs(*d.attrs, Ibgp(), true, unreach, reach),
            Hex("400101" "00" "800e01ff" "800f01ee" "e01401bb" "e01e00" "e0fe01aa"));
}

Negotiated AigpSession(bool aigp) {
  Negotiated n = Ibgp();
  n.aigp = aigp;
  return n;
}

TEST(AttributesTest, AigpRoundTrip) {
  // The bytes ExaBGP 5.0 sent for `aigp 0x123456789abcdef0`
  // (src/api/testdata/aigp_exabgp50.txt).
  Decoded d = DecodeAttrs("801a0b" "01000b123456789abcdef0", AigpSession(true));
  ASSERT_TRUE(d.attrs.ok());
  EXPECT_FALSE(d.soft);
  EXPECT_EQ(d.attrs->aigp, 0x123456789abcdef0u);
  EXPECT_TRUE(d.attrs->unknown.empty());
  EXPECT_EQ(EncodeAttrs(*d.attrs, AigpSession(true)), Hex("801a0b" "01000b123456789abcdef0"));
  // The encoder writes what it is given; the exporter decides (rib/export.h).
  EXPECT_EQ(EncodeAttrs(*d.attrs, AigpSession(false)), Hex("801a0b" "01000b123456789abcdef0"));
}

TEST(AttributesTest, AigpTlvsPerRfc7311) {
  // Unknown TLVs are skipped, only the first AIGP TLV counts (§3).
  Decoded d = DecodeAttrs("801a1e" "020005aabb" "01000b0000000000000001" "01000b0000000000000002" "090003",
                          AigpSession(true));
  ASSERT_TRUE(d.attrs.ok());
  EXPECT_FALSE(d.soft);
  EXPECT_EQ(d.attrs->aigp, 1u);
  // No AIGP TLV: nothing to keep, and nothing wrong.
  d = DecodeAttrs("801a05" "020005aabb", AigpSession(true));
  ASSERT_TRUE(d.attrs.ok());
  EXPECT_FALSE(d.soft);
  EXPECT_FALSE(d.attrs->aigp);
  // Malformed (§3): attribute discard, 3/9.
  for (const char* bad : {"801a04" "01000400", "801a0b" "01000c0000000000000000", "801a02" "0100",
                          "801a03" "010002", "801a0d" "01000b0000000000000001" "0200"}) {
    SCOPED_TRACE(bad);
    d = DecodeAttrs(bad, AigpSession(true));
    ASSERT_TRUE(d.attrs.ok());
    ASSERT_TRUE(d.soft);
    EXPECT_TRUE(IsError(*d.soft, 3, 9, ErrorAction::kAttributeDiscard));
    EXPECT_FALSE(d.attrs->aigp);
  }
  // Wrong flags (transitive): discarded too.
  d = DecodeAttrs("c01a0b" "01000b0000000000000064", AigpSession(true));
  ASSERT_TRUE(d.attrs.ok());
  ASSERT_TRUE(d.soft);
  EXPECT_TRUE(IsError(*d.soft, 3, 4, ErrorAction::kAttributeDiscard));
  EXPECT_FALSE(d.attrs->aigp);
}

TEST(AttributesTest, AigpIgnoredWithoutAigpSession) {
  // §3: an unrecognized non-transitive attribute, quietly ignored: good,
  // malformed or with wrong flags alike.
  for (const char* hex : {"801a0b" "01000b0000000000000064", "801a04" "01000400", "c01a0b" "01000b0000000000000064"}) {
    SCOPED_TRACE(hex);
    Decoded d = DecodeAttrs(hex, AigpSession(false));
    ASSERT_TRUE(d.attrs.ok());
    EXPECT_FALSE(d.soft);
    EXPECT_FALSE(d.attrs->aigp);
    EXPECT_TRUE(d.attrs->unknown.empty());
  }
}

TEST(AttributesTest, EveryTruncationWithdrawsOrStopsAtAnAttributeBoundary) {
  Bytes whole = Hex(kFullHex);
  // Attribute boundaries, found by walking the headers.
  std::vector<size_t> boundaries = {0};
  for (size_t at = 0; at < whole.size();) {
    bool ext = whole[at] & kFlagExtendedLength;
    size_t len = ext ? (whole[at + 2] << 8 | whole[at + 3]) : whole[at + 2];
    at += (ext ? 4 : 3) + len;
    boundaries.push_back(at);
  }
  // RFC 7606 §4: a cut attribute (no MP_* here) is treat-as-withdraw 3/1;
  // what came before it is kept.
  for (size_t len = 0; len < whole.size(); ++len) {
    Decoded d = DecodeAttrs(Bytes(whole.begin(), whole.begin() + static_cast<ptrdiff_t>(len)), Ibgp());
    bool boundary = std::find(boundaries.begin(), boundaries.end(), len) != boundaries.end();
    ASSERT_TRUE(d.attrs.ok()) << len << ": " << d.attrs.error().what;
    EXPECT_EQ(d.soft.has_value(), !boundary) << len;
    if (d.soft) {
      EXPECT_TRUE(IsError(*d.soft, 3, 1, ErrorAction::kTreatAsWithdraw)) << len;
    }
    if (len >= 4) {
      EXPECT_EQ(d.attrs->origin, Origin::kIncomplete) << len;
    }
  }
  // The same cut inside MP_REACH_NLRI resets the session: its routes are lost.
  Bytes mp = Hex("800e1c" "0002011020010db8000000000000000000000001" "003020010db80001");
  for (size_t len = 1; len < mp.size(); ++len) {
    Decoded d = DecodeAttrs(Bytes(mp.begin(), mp.begin() + static_cast<ptrdiff_t>(len)), Ibgp());
    if (len == 1) {  // the code cannot be read: stray octet
      EXPECT_TRUE(d.attrs.ok());
      continue;
    }
    ASSERT_FALSE(d.attrs.ok()) << len;
    EXPECT_TRUE(IsError(d.attrs.error(), 3, 1, ErrorAction::kSessionReset)) << len;
  }
}

TEST(AttributesTest, EncoderRefusesValuesThatCannotBeWritten) {
  PathAttributes a;
  a.next_hop = *IpAddress::Parse("2001:db8::1");
  Bytes out;
  ByteWriter w(&out);
  EncodeAttributes(w, a, Ibgp(), true);
  EXPECT_FALSE(w.ok()) << "NEXT_HOP is IPv4 only";
  // ... but it is not written at all without with_next_hop.
  EXPECT_TRUE(EncodeAttrs(a, Ibgp(), false).empty());
  PathAttributes big;
  big.communities.assign(20000, 1);  // 80000 bytes
  Bytes out2;
  ByteWriter w2(&out2);
  EncodeAttributes(w2, big, Ibgp(), true);
  EXPECT_FALSE(w2.ok());
}

TEST(AttributesTest, HashFollowsEquality) {
  PathAttributes a = Full(), b = Full();
  EXPECT_EQ(a.Hash(), b.Hash());
  std::vector<PathAttributes> variants(8, Full());
  variants[0].origin = Origin::kIgp;
  variants[1].as_path->back().type = AsSegmentType::kSequence;
  variants[2].med.reset();
  variants[3].communities.push_back(3);
  variants[4].large_communities[0].local2 = 3;
  variants[5].unknown[0].value = Hex("0103");
  variants[6].atomic_aggregate = false;
  variants[7].cluster_list.pop_back();
  for (const PathAttributes& v : variants) EXPECT_NE(v.Hash(), a.Hash());
  EXPECT_NE(PathAttributes{}.Hash(), a.Hash());
}

TEST(AttributesTest, NamesAreExaBgps) {
  EXPECT_EQ(AttrName(1), "origin");
  EXPECT_EQ(AttrName(2), "as-path");
  EXPECT_EQ(AttrName(3), "next-hop");
  EXPECT_EQ(AttrName(4), "med");
  EXPECT_EQ(AttrName(5), "local-preference");
  EXPECT_EQ(AttrName(6), "atomic-aggregate");
  EXPECT_EQ(AttrName(7), "aggregator");
  EXPECT_EQ(AttrName(8), "community");
  EXPECT_EQ(AttrName(9), "originator-id");
  EXPECT_EQ(AttrName(10), "cluster-list");
  EXPECT_EQ(AttrName(16), "extended-community");
  EXPECT_EQ(AttrName(26), "aigp");
  EXPECT_EQ(AttrName(32), "large-community");
  EXPECT_EQ(AttrName(200), "");
}

}  // namespace
}  // namespace herald::wire
