// RFC 7606 handling of bad path attributes: one hand-made input per error
// path, each with its code, subcode, action and NOTIFICATION data.
#include <gtest/gtest.h>

#include "wire/attribute_test_util.h"

namespace herald::wire {
namespace {

using testing::Decoded;
using testing::DecodeAttrs;
using testing::Hex;
using testing::Ibgp;
using testing::IsError;

constexpr auto kTaw = ErrorAction::kTreatAsWithdraw;
constexpr auto kReset = ErrorAction::kSessionReset;

TEST(AttributeErrorsTest, MpAttributesAreHandedBackRaw) {
  Decoded d = DecodeAttrs("800e03" "000201" "900f0003" "000101" "800e00", Ibgp());
  ASSERT_FALSE(d.attrs.ok()) << "MP_REACH twice resets the session";
  EXPECT_TRUE(IsError(d.attrs.error(), 3, 1, ErrorAction::kSessionReset));
  d = DecodeAttrs("800e03" "000201" "900f0003" "000101", Ibgp());
  ASSERT_TRUE(d.attrs.ok());
  EXPECT_EQ(d.reach, Hex("000201"));
  EXPECT_EQ(d.unreach, Hex("000101"));
  d = DecodeAttrs("800e00", Ibgp());
  ASSERT_TRUE(d.attrs.ok());
  EXPECT_TRUE(d.has_reach) << "present though empty";
  EXPECT_FALSE(d.has_unreach);
  d = DecodeAttrs("c00e00", Ibgp());
  ASSERT_FALSE(d.attrs.ok()) << "MP_REACH flags error resets the session";
  EXPECT_TRUE(IsError(d.attrs.error(), 3, 4, ErrorAction::kSessionReset));
}

TEST(AttributeErrorsTest, RepeatedAttributeKeepsTheFirst) {
  Decoded d = DecodeAttrs("400101" "00" "400101" "02", Ibgp());
  ASSERT_TRUE(d.attrs.ok());
  EXPECT_EQ(d.attrs->origin, Origin::kIgp);
  ASSERT_TRUE(d.soft);
  EXPECT_TRUE(IsError(*d.soft, 3, 1, ErrorAction::kAttributeDiscard));
}

// One bad attribute per line, with the RFC 7606 outcome.
struct BadCase {
  const char* name;
  std::string hex;
  uint8_t subcode;
  ErrorAction action;
  bool ebgp = false;
  bool asn4 = true;
};

TEST(AttributeErrorsTest, EachMalformedAttributeGetsItsRfc7606Action) {
  constexpr auto kDiscard = ErrorAction::kAttributeDiscard;
  const BadCase cases[] = {
      {"origin length 2", "4001020000", 5, kTaw},
      {"origin length 0", "400100", 5, kTaw},
      {"origin value 3", "40010103", 6, kTaw},
      {"origin flags optional", "c0010100", 4, kTaw},
      {"as-path segment length 0", "4002020200", 11, kTaw},
      {"as-path segment type 5", "400206050100000001", 11, kTaw},
      {"as-path segment type 0", "400206000100000001", 11, kTaw},
      {"as-path segment overrun", "400206020200000001", 11, kTaw},
      {"as-path segment header cut", "40020102", 11, kTaw},
      {"as-path 2-byte overrun", "40020402020001", 11, kTaw, false, false},
      {"as-path flags", "80020100", 4, kTaw},
      {"next-hop length 3", "400303010203", 5, kTaw},
      {"next-hop length 16", "40031000000000000000000000000000000001", 5, kTaw},
      {"med length 2", "80040200ff", 5, kTaw},
      {"med flags transitive", "c0040400000001", 4, kTaw},
      {"local-pref length 5", "4005050000000001", 5, kTaw},
      {"local-pref from ebgp", "40050400000064", 1, kDiscard, true},
      {"atomic-aggregate length 1", "40060100", 5, kDiscard},
      {"atomic-aggregate flags", "c00600", 4, kTaw},
      {"aggregator 6 bytes on asn4", "c00706fde90a000001", 5, kDiscard},
      {"aggregator 8 bytes on asn2", "c00708fa56ea010a000001", 5, kDiscard, false, false},
      {"communities length 3", "c00803000001", 5, kTaw},
      {"communities length 0", "c00800", 5, kTaw},
      {"originator-id length 3", "800903010203", 5, kTaw},
      {"originator-id from ebgp", "8009040a000001", 1, kDiscard, true},
      {"cluster-list length 6", "800a06010203040506", 5, kTaw},
      {"cluster-list length 0", "800a00", 5, kTaw},
      {"cluster-list from ebgp", "800a040a000001", 1, kDiscard, true},
      {"extended-communities length 4", "c0100400000001", 5, kTaw},
      {"extended-communities length 0", "c01000", 5, kTaw},
      {"large-communities length 8", "c020080000000100000002", 5, kTaw},
      {"large-communities length 0", "c02000", 5, kTaw},
      {"as4-path confed segment", "c01106" "0301" "00000001", 11, kDiscard, false, false},
      {"as4-path segment length 0", "c011020200", 11, kDiscard, false, false},
      {"as4-aggregator length 6", "c01206fde90a000001", 5, kDiscard, false, false},
      {"as4-path flags", "401106" "0201" "00000001", 4, kDiscard, false, false},
      // RFC 7607: AS 0.
      {"as-path AS 0", "40020a" "0202" "0000fde9" "00000000", 11, kTaw},
      {"as-path AS 0 in a set", "400206" "0101" "00000000", 11, kTaw},
      {"as-path 2-byte AS 0", "400204" "0201" "0000", 11, kTaw, false, false},
      {"as4-path AS 0", "c01106" "0201" "00000000", 11, kDiscard, false, false},
      {"aggregator AS 0", "c00708" "00000000" "0a000001", 9, kDiscard},
      {"aggregator 2-byte AS 0", "c00706" "0000" "0a000001", 9, kDiscard, false, false},
      {"as4-aggregator AS 0", "c01208" "00000000" "0a000001", 9, kDiscard, false, false},
      // RFC 5065 §5: confederation segments from an external peer.
      {"as-path confed sequence from ebgp", "40020c" "0301" "0000fdea" "0201" "0000fdea", 11, kTaw, true},
      {"as-path confed set from ebgp", "400206" "0401" "0000fdea", 11, kTaw, true},
      {"as-path 2-byte confed from ebgp", "400204" "0301" "fdea", 11, kTaw, true, false},
      // RFC 5065 §4.1: confederation segments only lead a path (fuzz_message).
      {"as-path confed after a sequence from ibgp", "40020c" "0201" "0000fdea" "0301" "0000fdea", 11, kTaw, false},
      {"as-path 2-byte confed after a set from ibgp", "400208" "0101" "fdea" "0401" "fdeb", 11, kTaw, false, false},
  };
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string& hex = c.hex;
    Negotiated n = c.ebgp ? testing::Ebgp(65001, 65002, c.asn4) : Ibgp(c.asn4);
    Decoded d = DecodeAttrs(hex, n);
    if (c.action == kReset) {
      ASSERT_FALSE(d.attrs.ok());
      EXPECT_TRUE(IsError(d.attrs.error(), 3, c.subcode, kReset));
      continue;
    }
    ASSERT_TRUE(d.attrs.ok()) << d.attrs.error().what;
    ASSERT_TRUE(d.soft.has_value());
    EXPECT_TRUE(IsError(*d.soft, 3, c.subcode, c.action));
    // The NOTIFICATION data is the whole attribute (RFC 4271 §6.3) for
    // per-attribute errors.
    EXPECT_EQ(d.soft->data, Hex(hex));
    // Nothing of the bad attribute is kept.
    EXPECT_EQ(*d.attrs, PathAttributes{});
  }
}

TEST(AttributeErrorsTest, ConfederationSegmentsAreKeptFromInternalPeers) {
  Decoded d = DecodeAttrs("40020c" "0301" "0000fdea" "0201" "0000fdea", Ibgp());
  ASSERT_TRUE(d.attrs.ok());
  EXPECT_FALSE(d.soft);
  EXPECT_EQ(d.attrs->as_path, (AsPath{{AsSegmentType::kConfedSequence, {65002}}, {AsSegmentType::kSequence, {65002}}}));
  // From an external peer the segment makes AS_PATH malformed: nothing of it
  // is kept and the routes are withdrawn (RFC 7606 §7.2).
  d = DecodeAttrs("40020c" "0301" "0000fdea" "0201" "0000fdea", testing::Ebgp(65001, 65002));
  ASSERT_TRUE(d.attrs.ok());
  ASSERT_TRUE(d.soft);
  EXPECT_EQ(d.soft->what, "attribute as-path: confederation segment from an external peer (RFC 5065 §5)");
}

// RFC 7606 §4: an attribute running past the attributes field, or 1-3
// octets too few for a header, are treat-as-withdraw 3/1 (no data) and end
// the field; unless that attribute is MP_REACH_NLRI/MP_UNREACH_NLRI, whose
// routes then cannot be found: session reset 3/1.
TEST(AttributeErrorsTest, OverrunsAreTreatAsWithdrawUnlessMp) {
  struct Case {
    const char* name;
    std::string hex;
    ErrorAction action;
  } cases[] = {
      {"1 stray octet", "40", kTaw},
      {"2 stray octets", "4001", kTaw},
      {"3 stray octets, extended length", "500100", kTaw},
      {"value past the end", "40010200", kTaw},
      {"extended value past the end", "5001000200", kTaw},
      {"unknown optional past the end", "c0990500", kTaw},
      {"stray octet after a good attribute", "40010100" "80", kTaw},
      {"stray octets after MP_REACH", "800e03" "000201" "4002", kTaw},
      {"MP_REACH code, no length", "800e", kReset},
      {"MP_REACH code, extended length cut", "900e00", kReset},
      {"MP_REACH past the end", "800e05" "000201", kReset},
      {"MP_UNREACH past the end", "900f0010" "000201", kReset},
      {"MP_UNREACH after a good attribute", "40010100" "800f", kReset},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Decoded d = DecodeAttrs(c.hex, Ibgp());
    if (c.action == kReset) {
      ASSERT_FALSE(d.attrs.ok());
      EXPECT_TRUE(IsError(d.attrs.error(), 3, 1, kReset));
      EXPECT_TRUE(d.attrs.error().data.empty());
      continue;
    }
    ASSERT_TRUE(d.attrs.ok()) << d.attrs.error().what;
    ASSERT_TRUE(d.soft);
    EXPECT_TRUE(IsError(*d.soft, 3, 1, kTaw));
    EXPECT_TRUE(d.soft->data.empty());
  }
  // What came before the overrun is decoded (and handed back).
  Decoded d = DecodeAttrs("40010100" "80", Ibgp());
  ASSERT_TRUE(d.attrs.ok());
  EXPECT_EQ(d.attrs->origin, Origin::kIgp);
  EXPECT_EQ(d.soft->what, "1 octet after the last attribute, too few for an attribute header");
  d = DecodeAttrs("800e03" "000201" "4002", Ibgp());
  ASSERT_TRUE(d.attrs.ok());
  EXPECT_EQ(d.reach, Hex("000201"));
  EXPECT_EQ(d.soft->what, "2 octets after the last attribute, too few for an attribute header (attribute 2)");
  d = DecodeAttrs("c0080800000001", Ibgp());
  ASSERT_TRUE(d.attrs.ok());
  EXPECT_EQ(d.soft->what, "attribute community of length 8 runs past the end of the attributes (7 octets left "
                          "with its header)");
  d = DecodeAttrs("800e05" "000201", Ibgp());
  ASSERT_FALSE(d.attrs.ok());
  EXPECT_EQ(d.attrs.error().what, "attribute mp-reach-nlri of length 5 runs past the end of the attributes (6 "
                                  "octets left with its header)");
}

TEST(AttributeErrorsTest, StrongestSoftErrorWins) {
  // Discard (atomic aggregate) then treat-as-withdraw (origin) then discard.
  Decoded d = DecodeAttrs("40060100" "40010103" "c00706fde90a000001" "c0080400000001", Ibgp());
  ASSERT_TRUE(d.attrs.ok());
  ASSERT_TRUE(d.soft);
  EXPECT_TRUE(IsError(*d.soft, 3, 6, ErrorAction::kTreatAsWithdraw));
  EXPECT_EQ(d.attrs->communities, std::vector<uint32_t>{1}) << "decoding goes on past soft errors";
}

}  // namespace
}  // namespace herald::wire
