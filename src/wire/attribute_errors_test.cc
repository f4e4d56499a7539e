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
  constexpr auto kTaw = ErrorAction::kTreatAsWithdraw;
  constexpr auto kDiscard = ErrorAction::kAttributeDiscard;
  constexpr auto kReset = ErrorAction::kSessionReset;
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
      {"header cut", "40", 1, kReset},
      {"length cut", "4001", 1, kReset},
      {"extended length cut", "500100", 1, kReset},
      {"value past the end", "40010200", 1, kReset},
      {"extended value past the end", "5001000200", 1, kReset},
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
