#include "base/ip.h"

#include <gtest/gtest.h>

namespace herald {
namespace {

TEST(IpAddressTest, ParsesAndFormatsBothFamilies) {
  auto a = IpAddress::Parse("192.0.2.1");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->is_v4());
  EXPECT_EQ(a->v4(), 0xc0000201u);
  EXPECT_EQ(a->ToString(), "192.0.2.1");
  auto b = IpAddress::Parse("2001:DB8:0:0::1");
  ASSERT_TRUE(b);
  EXPECT_TRUE(b->is_v6());
  EXPECT_EQ(b->ToString(), "2001:db8::1");
  EXPECT_EQ(IpAddress::Parse("::ffff:127.0.0.1")->ToString(), "::ffff:127.0.0.1");
  EXPECT_TRUE(IpAddress::Parse("fe80::1")->is_link_local());
  EXPECT_FALSE(IpAddress::Parse("2001:db8::1")->is_link_local());
}

TEST(IpAddressTest, RejectsGarbage) {
  EXPECT_FALSE(IpAddress::Parse(""));
  EXPECT_FALSE(IpAddress::Parse("1.2.3"));
  EXPECT_FALSE(IpAddress::Parse("256.1.1.1"));
  EXPECT_FALSE(IpAddress::Parse("1.2.3.4.5"));
  EXPECT_FALSE(IpAddress::Parse("2001:db8:::1"));
  EXPECT_FALSE(IpAddress::Parse("self"));
  EXPECT_FALSE(IpAddress::Parse(std::string(100, '1')));
  EXPECT_FALSE(IpAddress::Parse("01.2.3.4")) << "no leading zeros, as inet_pton";
  EXPECT_FALSE(IpAddress::Parse("1.2.3.4."));
  EXPECT_FALSE(IpAddress::Parse("1..3.4"));
  EXPECT_FALSE(IpAddress::Parse("1.2.3.1000"));
  EXPECT_FALSE(IpAddress::Parse(" 1.2.3.4"));
  EXPECT_TRUE(IpAddress::Parse("0.0.0.0"));
  EXPECT_EQ(IpAddress::Parse("255.255.255.255")->v4(), 0xFFFFFFFFu);
}

TEST(IpAddressTest, OrdersV4BeforeV6AndHashesByValue) {
  auto a = *IpAddress::Parse("10.0.0.1");
  auto b = *IpAddress::Parse("10.0.0.2");
  auto c = *IpAddress::Parse("::1");
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_EQ(a.Hash(), IpAddress::V4(0x0a000001).Hash());
  EXPECT_EQ(a, IpAddress::V4(0x0a000001));
}

TEST(PrefixTest, ParsesWithAndWithoutLength) {
  auto p = Prefix::Parse("10.1.0.0/16");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->length(), 16);
  EXPECT_EQ(p->wire_bytes(), 2u);
  EXPECT_EQ(p->ToString(), "10.1.0.0/16");
  EXPECT_EQ(Prefix::Parse("100.10.0.100")->ToString(), "100.10.0.100/32");
  EXPECT_EQ(Prefix::Parse("2001:db8::1")->ToString(), "2001:db8::1/128");
  EXPECT_EQ(Prefix::Parse("2001:db8::/32")->wire_bytes(), 4u);
  EXPECT_EQ(Prefix::Parse("0.0.0.0/0")->wire_bytes(), 0u);
}

TEST(PrefixTest, RejectsHostBitsAndBadLengths) {
  auto p = Prefix::Parse("10.0.0.1/8");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().message, "invalid network 10.0.0.1 for netmask 8");
  EXPECT_FALSE(Prefix::Parse("10.0.0.0/33"));
  EXPECT_FALSE(Prefix::Parse("10.0.0.0/"));
  EXPECT_FALSE(Prefix::Parse("10.0.0.0/x"));
  EXPECT_FALSE(Prefix::Parse("2001:db8::/129"));
  EXPECT_FALSE(Prefix::Parse("/24"));
}

TEST(PrefixTest, ConstructorClearsHostBits) {
  Prefix p(*IpAddress::Parse("10.1.2.3"), 12);
  EXPECT_EQ(p.ToString(), "10.0.0.0/12");
  Prefix q(*IpAddress::Parse("2001:db8:ffff::1"), 33);
  EXPECT_EQ(q.ToString(), "2001:db8:8000::/33");
}

}  // namespace
}  // namespace herald

namespace herald {
namespace {

TEST(PrefixTest, Contains) {
  Prefix p = *Prefix::Parse("10.1.0.0/16");
  EXPECT_TRUE(p.Contains(*IpAddress::Parse("10.1.255.3")));
  EXPECT_FALSE(p.Contains(*IpAddress::Parse("10.2.0.1")));
  EXPECT_FALSE(p.Contains(*IpAddress::Parse("::ffff:10.1.0.1")));  // another version
  EXPECT_TRUE(Prefix::Parse("0.0.0.0/0")->Contains(*IpAddress::Parse("192.0.2.1")));
  EXPECT_TRUE(Prefix::Parse("2001:db8::/32")->Contains(*IpAddress::Parse("2001:db8:ffff::1")));
  EXPECT_FALSE(Prefix::Parse("2001:db8::/33")->Contains(*IpAddress::Parse("2001:db8:ffff::1")));
  EXPECT_TRUE(Prefix::Parse("192.0.2.1")->Contains(*IpAddress::Parse("192.0.2.1")));
}

}  // namespace
}  // namespace herald
