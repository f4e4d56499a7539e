#include "grammar/attribute_values.h"

#include <gtest/gtest.h>

namespace herald::grammar {
namespace {

TEST(AttributeValuesTest, Numbers) {
  uint64_t v = 0;
  EXPECT_TRUE(ParseUnsigned("0", 10, &v));
  EXPECT_EQ(v, 0u);
  EXPECT_TRUE(ParseUnsigned("4294967295", 0xFFFFFFFF, &v));
  EXPECT_EQ(v, 4294967295u);
  EXPECT_FALSE(ParseUnsigned("4294967296", 0xFFFFFFFF, &v));
  EXPECT_FALSE(ParseUnsigned("99999999999999999999999", UINT64_MAX, &v));
  EXPECT_TRUE(ParseUnsigned("18446744073709551615", UINT64_MAX, &v));
  EXPECT_FALSE(ParseUnsigned("18446744073709551616", UINT64_MAX, &v));
  for (const char* bad : {"", "-1", "+1", "1a", " 1", "0x10"}) EXPECT_FALSE(ParseUnsigned(bad, 100, &v)) << bad;
  EXPECT_TRUE(ParseNumber("0x10", 100, &v));
  EXPECT_EQ(v, 16u);
  EXPECT_TRUE(ParseNumber("0X00000000000000000000FF", 255, &v));
  EXPECT_EQ(v, 255u);
  EXPECT_FALSE(ParseNumber("0x", 100, &v));
  EXPECT_FALSE(ParseNumber("0xg", 100, &v));
  EXPECT_FALSE(ParseNumber("0x1FFFFFFFFFFFFFFFF", UINT64_MAX, &v));
}

TEST(AttributeValuesTest, Asn) {
  EXPECT_EQ(*ParseAsn("65000"), 65000u);
  EXPECT_EQ(*ParseAsn("4294967295"), 4294967295u);
  EXPECT_EQ(*ParseAsn("1.10"), 65546u);  // RFC 5396 asdot
  EXPECT_EQ(*ParseAsn("65535.65535"), 4294967295u);
  for (const char* bad : {"", "4294967296", "1.65536", "65536.1", "a", "1.", ".1", "1.2.3"}) {
    auto r = ParseAsn(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().message, std::string("invalid ASN ") + bad);
  }
}

TEST(AttributeValuesTest, Communities) {
  EXPECT_EQ(*ParseCommunity("65000:1"), 65000u << 16 | 1);
  EXPECT_EQ(*ParseCommunity("0:0"), 0u);
  EXPECT_EQ(*ParseCommunity("65535:65535"), 0xFFFFFFFFu);
  EXPECT_EQ(*ParseCommunity("no-export"), wire::kNoExport);
  EXPECT_EQ(*ParseCommunity("NO-ADVERTISE"), wire::kNoAdvertise);
  EXPECT_EQ(*ParseCommunity("no-export-subconfed"), wire::kNoExportSubconfed);
  EXPECT_EQ(*ParseCommunity("nopeer"), wire::kNoPeer);
  EXPECT_EQ(*ParseCommunity("no-peer"), wire::kNoPeer);
  EXPECT_EQ(*ParseCommunity("blackhole"), wire::kBlackhole);
  EXPECT_EQ(*ParseCommunity("0x87654321"), 0x87654321u);
  EXPECT_EQ(*ParseCommunity("4294967295"), 0xFFFFFFFFu);
  EXPECT_EQ(*ParseCommunity("0"), 0u);

  struct {
    const char* text;
    const char* message;
  } bad[] = {
      {"65536:1", "invalid community 65536:1 (prefix too large)"},
      {"1:65536", "invalid community 1:65536 (suffix too large)"},
      {"1:x", "invalid community 1:x"},
      {"1:", "invalid community 1:"},
      {"4294967296", "invalid community 4294967296 (too large)"},
      {"0x100000000", "invalid community 0x100000000 (too large)"},
      {"0xzz", "invalid community 0xzz"},
      {"no-such", "invalid community name no-such"},
      {":1", "invalid community name :1"},
  };
  for (const auto& b : bad) {
    auto r = ParseCommunity(b.text);
    ASSERT_FALSE(r.ok()) << b.text;
    EXPECT_EQ(r.error().message, b.message);
  }
  EXPECT_EQ(FormatCommunity(65000u << 16 | 1), "65000:1");
  EXPECT_EQ(FormatCommunity(wire::kNoExport), "no-export");
  EXPECT_EQ(FormatCommunity(wire::kNoPeer), "nopeer");
  EXPECT_EQ(FormatCommunity(wire::kBlackhole), "blackhole");
}

TEST(AttributeValuesTest, ExtendedCommunities) {
  struct {
    const char* text;
    uint64_t value;
    const char* printed;
  } good[] = {
      // RFC 4360 §4: 2-octet AS route target / origin.
      {"target:65000:1", 0x0002FDE800000001, "target:65000:1"},
      {"65000:1", 0x0002FDE800000001, "target:65000:1"},  // bare a:b is a target
      {"origin:65000:4294967295", 0x0003FDE8FFFFFFFF, "origin:65000:4294967295"},
      // AS and an address as the local administrator.
      {"72:0.0.0.1", 0x0002004800000001, "target:72:1"},
      {"target:10283:4.249.92.120", 0x0002282B04F95C78, "target:10283:83451000"},
      // RFC 4360 §3.2 IPv4 address specific.
      {"origin:2.3.4.5:6789", 0x0103020304051A85, "origin:2.3.4.5:6789"},
      {"target:192.0.2.1:100", 0x0102C00002010064, "target:192.0.2.1:100"},
      // RFC 5668: 4-octet AS, by size or by the L suffix.
      {"target:120000L:123", 0x02020001D4C0007B, "target:120000L:123"},
      {"origin:130000:1234", 0x02030001FBD004D2, "origin:130000L:1234"},
      {"target:100L:5", 0x0202000000640005, "target:100L:5"},
      {"target4:1:2", 0x0202000000010002, "target:1L:2"},
      {"origin4:1:2", 0x0203000000010002, "origin:1L:2"},
      // RFC 5575 redirect, RFC 4761 l2info, RFC 7674 redirect to next hop.
      {"redirect:65500:12345", 0x8008FFDC00003039, "redirect:65500:12345"},
      {"l2info:19:0:1500:111", 0x800A130005DC006F, "l2info:19:0:1500:111"},
      // draft-mpmz-bess-mup-safi (ExaBGP 5.0's bytes for mup:10:10).
      {"mup:10:10", 0x0C00000A0000000A, "mup:10:10"},
      {"redirect-to-nexthop", 0x0800000000000000, "redirect-to-nexthop"},
      {"0x0002fde800000001", 0x0002FDE800000001, "target:65000:1"},
      {"0x0002271000000001", 0x0002271000000001, "target:10000:1"},
      {"0x4304000000000001", 0x4304000000000001, "0x4304000000000001"},
  };
  for (const auto& g : good) {
    auto r = ParseExtendedCommunity(g.text);
    ASSERT_TRUE(r.ok()) << g.text << ": " << r.error().message;
    EXPECT_EQ(*r, g.value) << g.text;
    EXPECT_EQ(FormatExtendedCommunity(*r), g.printed) << g.text;
    EXPECT_EQ(*ParseExtendedCommunity(FormatExtendedCommunity(*r)), *r) << g.text;
  }
  auto bandwidth = ParseExtendedCommunity("bandwidth:65000:1000");
  ASSERT_TRUE(bandwidth.ok());
  EXPECT_EQ(*bandwidth >> 32, 0x4004FDE8u);
  EXPECT_EQ(*ParseExtendedCommunity(FormatExtendedCommunity(*bandwidth)), *bandwidth);

  struct {
    const char* text;
    const char* message;
  } bad[] = {
      {"0x0002", "invalid extended community 0x0002 (expected 0x and 16 hexadecimal digits)"},
      {"0x0002fde80000000z", "invalid extended community 0x0002fde80000000z (expected 0x and 16 hexadecimal digits)"},
      {"nothing", "invalid extended community nothing"},
      {"foo:1:2", "invalid extended community foo:1:2 (only target, origin, redirect, l2info, mup and bandwidth "
                  "are supported)"},
      {"mup:65536:1", "invalid extended community mup:65536:1 (mup expects mup:<0-65535>:<0-4294967295>)"},
      {"target:1:2:3", "invalid extended community target:1:2:3 (expected two fields)"},
      {"l2info:1:2", "invalid extended community l2info:1:2 (l2info expects 4 fields)"},
      {"l2info:256:0:0:0", "invalid extended community l2info:256:0:0:0"},
      {"target:70000:65536", "invalid extended community target:70000:65536 (local administrator too large)"},
      {"target:1:4294967296", "invalid extended community target:1:4294967296"},
      {"target:1.2.3.4:70000", "invalid extended community target:1.2.3.4:70000"},
      {"target:70000:1.2.3.4", "invalid extended community target:70000:1.2.3.4"},
      {"redirect:70000:1", "invalid extended community redirect:70000:1 (AS too large)"},
      {"target:a:1", "invalid extended community target:a:1"},
      {"1:2:3:4:5:6", "invalid extended community 1:2:3:4:5:6"},
  };
  for (const auto& b : bad) {
    auto r = ParseExtendedCommunity(b.text);
    ASSERT_FALSE(r.ok()) << b.text;
    EXPECT_EQ(r.error().message, b.message);
  }
}

TEST(AttributeValuesTest, LargeCommunities) {
  auto c = ParseLargeCommunity("2914:3320:123");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(*c, (wire::LargeCommunity{2914, 3320, 123}));
  EXPECT_EQ(FormatLargeCommunity(*c), "2914:3320:123");
  EXPECT_EQ(*ParseLargeCommunity("4294967295:0:4294967295"), (wire::LargeCommunity{0xFFFFFFFF, 0, 0xFFFFFFFF}));
  EXPECT_EQ(*ParseLargeCommunity("0x000000010000000200000003"), (wire::LargeCommunity{1, 2, 3}));
  EXPECT_EQ(*ParseLargeCommunity("18446744082299486211"), (wire::LargeCommunity{1, 2, 3}));
  EXPECT_EQ(ParseLargeCommunity("1:2:4294967296").error().message,
            "invalid large community 1:2:4294967296 (4294967296 too large)");
  EXPECT_EQ(ParseLargeCommunity("1:2").error().message, "invalid large community 1:2 (expected a:b:c)");
  EXPECT_EQ(ParseLargeCommunity("1:2:3:4").error().message, "invalid large community 1:2:3:4 (expected a:b:c)");
  EXPECT_EQ(ParseLargeCommunity("1:x:3").error().message, "invalid large community 1:x:3");
  EXPECT_EQ(ParseLargeCommunity("bogus").error().message, "invalid large community name bogus");
  EXPECT_EQ(ParseLargeCommunity("0x1000000000000000000000000").error().message,
            "invalid large community 0x1000000000000000000000000 (too large)");
}

Bytes B(std::initializer_list<int> v) {
  Bytes b;
  for (int x : v) b.push_back(static_cast<uint8_t>(x));
  return b;
}

TEST(AttributeValuesTest, GenericAttributesWithKnownCodesBecomeTyped) {
  wire::PathAttributes a;
  std::optional<IpAddress> nh;
  EXPECT_EQ(*DecodeGenericAttribute(4, B({0, 0, 0, 100}), &a, &nh), GenericUse::kTyped);
  EXPECT_EQ(a.med, 100u);
  EXPECT_EQ(*DecodeGenericAttribute(1, B({2}), &a, &nh), GenericUse::kTyped);
  EXPECT_EQ(a.origin, wire::Origin::kIncomplete);
  EXPECT_EQ(*DecodeGenericAttribute(2, B({2, 2, 0, 0, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 3}), &a, &nh),
            GenericUse::kTyped);
  ASSERT_TRUE(a.as_path);
  ASSERT_EQ(a.as_path->size(), 2u);
  EXPECT_EQ((*a.as_path)[0].asns, (std::vector<uint32_t>{1, 65536}));
  EXPECT_EQ((*a.as_path)[1].type, wire::AsSegmentType::kSet);
  EXPECT_EQ(*DecodeGenericAttribute(3, B({192, 0, 2, 1}), &a, &nh), GenericUse::kTyped);
  EXPECT_EQ(nh, IpAddress::Parse("192.0.2.1"));
  EXPECT_EQ(*DecodeGenericAttribute(5, B({0, 0, 0, 7}), &a, &nh), GenericUse::kTyped);
  EXPECT_EQ(a.local_pref, 7u);
  EXPECT_EQ(*DecodeGenericAttribute(6, {}, &a, &nh), GenericUse::kTyped);
  EXPECT_TRUE(a.atomic_aggregate);
  EXPECT_EQ(*DecodeGenericAttribute(7, B({0, 1, 0, 0, 10, 0, 0, 1}), &a, &nh), GenericUse::kTyped);
  EXPECT_EQ(a.aggregator->asn, 65536u);
  EXPECT_EQ(*DecodeGenericAttribute(7, B({0, 1, 10, 0, 0, 2}), &a, &nh), GenericUse::kTyped);
  EXPECT_EQ(a.aggregator->asn, 1u);
  EXPECT_EQ(a.aggregator->address, IpAddress::Parse("10.0.0.2"));
  EXPECT_EQ(*DecodeGenericAttribute(8, B({0, 1, 0, 2}), &a, &nh), GenericUse::kTyped);
  EXPECT_EQ(a.communities, (std::vector<uint32_t>{0x00010002}));
  EXPECT_EQ(*DecodeGenericAttribute(9, B({1, 2, 3, 4}), &a, &nh), GenericUse::kTyped);
  EXPECT_EQ(*DecodeGenericAttribute(10, B({1, 2, 3, 4, 5, 6, 7, 8}), &a, &nh), GenericUse::kTyped);
  EXPECT_EQ(a.cluster_list.size(), 2u);
  EXPECT_EQ(*DecodeGenericAttribute(16, B({0, 2, 0, 1, 0, 0, 0, 2}), &a, &nh), GenericUse::kTyped);
  EXPECT_EQ(a.extended_communities, (std::vector<uint64_t>{0x0002000100000002}));
  EXPECT_EQ(*DecodeGenericAttribute(32, B({0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3}), &a, &nh), GenericUse::kTyped);
  EXPECT_EQ(a.large_communities, (std::vector<wire::LargeCommunity>{{1, 2, 3}}));
  EXPECT_EQ(*DecodeGenericAttribute(0x99, B({1}), &a, &nh), GenericUse::kRaw);
  EXPECT_EQ(*DecodeGenericAttribute(35, B({0, 0, 0xfd, 0xea}), &a, &nh), GenericUse::kRaw);  // OTC, kept raw
}

// The flags a peer checks (RFC 7606 §3(c), RFC 4271 §6.3), from the
// registry of wire/attributes.cc.
TEST(AttributeValuesTest, GenericAttributeFlags) {
  struct {
    uint8_t code, flags;
    bool ok;
  } cases[] = {
      {1, 0x40, true},  {1, 0x50, true},  {1, 0x60, true},  {1, 0x00, false}, {1, 0xc0, false},
      {4, 0x80, true},  {4, 0x90, true},  {4, 0xc0, false}, {4, 0x40, false}, {8, 0xc0, true},
      {8, 0xe0, true},  {8, 0x80, false}, {9, 0x80, true},  {10, 0x40, false}, {32, 0xd0, true},
      {26, 0x80, true}, {0x99, 0x80, true}, {0x99, 0xc0, true}, {0x99, 0xf0, true}, {0x99, 0xa0, true},
      {0x99, 0x40, false}, {0x99, 0x00, false}, {0x99, 0x60, false}, {0x99, 0xc1, false}, {4, 0x88, false},
  };
  for (const auto& c : cases) {
    Status s = CheckGenericFlags(c.code, c.flags);
    EXPECT_EQ(s.ok(), c.ok) << int(c.code) << " " << int(c.flags);
  }
}

TEST(AttributeValuesTest, GenericAttributesWithBadDataAreRefused) {
  wire::PathAttributes a;
  std::optional<IpAddress> nh;
  struct {
    uint8_t code;
    Bytes value;
    const char* message;
  } bad[] = {
      {1, B({3}), "invalid attribute 0x01 (origin): expected one byte, 0 to 2"},
      {1, B({}), "invalid attribute 0x01 (origin): expected one byte, 0 to 2"},
      {2, B({2}), "invalid attribute 0x02 (as-path): truncated segment header"},
      {2, B({5, 1, 0, 0, 0, 1}), "invalid attribute 0x02 (as-path): unknown segment type"},
      {2, B({2, 2, 0, 0, 0, 1}), "invalid attribute 0x02 (as-path): truncated segment"},
      {3, B({1, 2, 3}), "invalid attribute 0x03 (next-hop): expected an IPv4 address"},
      {4, B({1, 2, 3}), "invalid attribute 0x04 (med): expected 4 bytes"},
      {6, B({1}), "invalid attribute 0x06 (atomic-aggregate): expected no data"},
      {7, B({1, 2, 3}), "invalid attribute 0x07 (aggregator): expected 6 or 8 bytes"},
      {8, B({1, 2, 3}), "invalid attribute 0x08 (community): expected a multiple of 4 bytes"},
      {16, B({1, 2, 3, 4}), "invalid attribute 0x10 (extended-community): expected a multiple of 8 bytes"},
      {32, B({1, 2, 3, 4}), "invalid attribute 0x20 (large-community): expected a multiple of 12 bytes"},
      {14, B({1}), "attribute 0x0e (mp-reach-nlri) can not be given as a generic attribute"},
      {15, B({1}), "attribute 0x0f (mp-unreach-nlri) can not be given as a generic attribute"},
      {17, B({1}), "attribute 0x11 (as4-path) can not be given as a generic attribute"},
      {18, B({1}), "attribute 0x12 (as4-aggregator) can not be given as a generic attribute"},
      {26, B({1}), "invalid attribute 0x1a (aigp): expected one AIGP TLV, 01000b and an 8-byte metric"},
      {26, B({2, 0, 11, 0, 0, 0, 0, 0, 0, 0, 1}),
       "invalid attribute 0x1a (aigp): expected one AIGP TLV, 01000b and an 8-byte metric"},
      {2, B({2, 0}), "invalid attribute 0x02 (as-path): empty segment"},
      {2, B({2, 2, 0, 0, 0, 1, 0, 0, 0, 0}), "invalid attribute 0x02 (as-path): AS 0 is reserved (RFC 7607)"},
      {7, B({0, 0, 0, 0, 10, 0, 0, 1}), "invalid attribute 0x07 (aggregator): AS 0 is reserved (RFC 7607)"},
      {7, B({0, 0, 10, 0, 0, 1}), "invalid attribute 0x07 (aggregator): AS 0 is reserved (RFC 7607)"},
      {35, B({0, 0, 1}), "invalid attribute 0x23 (otc): expected 4 bytes, an AS number"},
  };
  for (const auto& b : bad) {
    auto r = DecodeGenericAttribute(b.code, b.value, &a, &nh);
    ASSERT_FALSE(r.ok()) << int(b.code);
    EXPECT_EQ(r.error().message, b.message);
  }
}

}  // namespace
}  // namespace herald::grammar
