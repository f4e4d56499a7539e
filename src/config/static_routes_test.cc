#include "config/static_routes.h"

#include <gtest/gtest.h>

#include <string>

#include "config/config_testing.h"
#include "config/parser.h"
#include "config/printer.h"

namespace herald::config {
namespace {

rib::Route R(std::string_view prefix, uint32_t med, std::string_view nh = "1.1.1.1") {
  rib::Route r;
  r.nlri.push_back({*Prefix::Parse(prefix), 0});
  r.next_hop = rib::NextHop::Address(*IpAddress::Parse(nh));
  r.attrs.med = med;
  return r;
}

TEST(StaticRoutesTest, EqualAttributeSetsAreHeldOnce) {
  StaticRoutes s;
  for (int i = 0; i < 1000; ++i)
    s.Add(R("10." + std::to_string(i / 256) + "." + std::to_string(i % 256) + ".0/24", i % 2));
  s.Add(R("11.0.0.0/8", 0, "2.2.2.2"));
  EXPECT_EQ(s.size(), 1001u);
  EXPECT_EQ(s.prefix_count(), 1001u);
  ASSERT_EQ(s.sets().size(), 3u);  // med 0, med 1, and the other next hop
  EXPECT_EQ(s.entries()[0].set(), 0u);
  EXPECT_EQ(s.entries()[1].set(), 1u);
  EXPECT_EQ(s.entries()[1000].set(), 2u);
  EXPECT_EQ(s[3].nlri[0].prefix.ToString(), "10.0.3.0/24");
  EXPECT_EQ(s[3].attrs.med, 1u);
  EXPECT_EQ(s[1000].next_hop, rib::NextHop::Address(*IpAddress::Parse("2.2.2.2")));
}

TEST(StaticRoutesTest, AnEntryIsSmall) {
  // The point of the exercise: a prefix costs its Entry, not a Route.
  EXPECT_LE(sizeof(StaticRoutes::Entry), 28u);
  StaticRoutes s;
  for (int i = 0; i < 100000; ++i) {
    rib::Route r = R("10.0.0.0/24", 5);
    r.nlri[0].prefix = Prefix(IpAddress::V4(0x0a000000u + (static_cast<uint32_t>(i) << 8)), 24);
    s.Add(r);
  }
  s.Seal();
  EXPECT_LT(s.MemoryUse() / 100000.0, 30.0);
}

TEST(StaticRoutesTest, RoutesWithSeveralPrefixesComeBackAsWritten) {
  StaticRoutes s;
  rib::Route two = R("10.0.0.0/9", 1);
  two.nlri.push_back({*Prefix::Parse("10.128.0.0/9"), 0});
  s.Add(R("9.0.0.0/8", 1));
  s.Add(two);
  rib::Route none = R("8.0.0.0/8", 1);
  none.nlri.clear();
  s.Add(none);
  s.Add(R("7.0.0.0/8", 2));
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s.prefix_count(), 4u);
  std::vector<rib::Route> back;
  s.ForEach([&](const rib::Route& r) { back.push_back(r); });
  ASSERT_EQ(back.size(), 4u);
  EXPECT_EQ(back[0], R("9.0.0.0/8", 1));
  EXPECT_EQ(back[1], two);
  EXPECT_EQ(back[2], none);
  EXPECT_EQ(back[3], R("7.0.0.0/8", 2));
  EXPECT_EQ(s[1], two);
}

TEST(StaticRoutesTest, EqualityIsSameRoutesInSameOrder) {
  StaticRoutes a, b, c;
  for (StaticRoutes* s : {&a, &b}) {
    s->Add(R("10.0.0.0/8", 1));
    s->Add(R("11.0.0.0/8", 2));
  }
  b.Seal();  // sealing drops a cache only
  EXPECT_EQ(a, b);
  c.Add(R("11.0.0.0/8", 2));
  c.Add(R("10.0.0.0/8", 1));
  EXPECT_NE(a, c);
  StaticRoutes d = a;
  EXPECT_EQ(d, a);
  d.Add(R("12.0.0.0/8", 1));  // copy on write: `a` is untouched
  EXPECT_NE(d, a);
  EXPECT_EQ(a.size(), 2u);
  EXPECT_EQ(d.size(), 3u);
  EXPECT_EQ(d.sets().size(), 2u);  // the new route found its set again
  StaticRoutes e;
  e.Add(R("10.0.0.0/8", 1));
  e.Add(R("11.0.0.0/8", 3));
  EXPECT_NE(a, e);  // same prefixes, another MED
  EXPECT_EQ(StaticRoutes(), StaticRoutes());
}

TEST(StaticRoutesTest, AppendKeepsOrderAndSharing) {
  StaticRoutes a, b;
  a.Add(R("10.0.0.0/8", 1));
  b.Add(R("11.0.0.0/8", 2));
  b.Add(R("12.0.0.0/8", 1));
  a.Append(b);
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a.sets().size(), 2u);
  EXPECT_EQ(a[2], R("12.0.0.0/8", 1));
  a.Append(a);
  EXPECT_EQ(a.size(), 6u);
  EXPECT_EQ(a[5], R("12.0.0.0/8", 1));
  StaticRoutes empty;
  empty.Append(b);
  EXPECT_EQ(empty, b);
  EXPECT_EQ(b.size(), 2u);
}

TEST(StaticRoutesTest, ParsedRoutesShareSetsAndPrintBack) {
  std::string text =
      "neighbor 10.0.0.1 { router-id 1.1.1.1; local-as 1; peer-as 2;\n"
      "  static {\n";
  for (int i = 0; i < 50; ++i)
    text += "    route 10.0." + std::to_string(i) + ".0/24 next-hop 1.1.1.1 med " +
            std::to_string(i % 3) + ";\n";
  text += "    route 10.1.0.0/16 next-hop self split /17;\n";
  text += "    route 10.2.0.0/24 next-hop 1.1.1.1 med 9 watchdog w withdraw;\n";
  text += "  }\n}\n";
  auto parsed = ParseConfigText(text, "test.conf");
  ASSERT_TRUE(parsed.ok()) << parsed.error()[0].ToString();
  const NeighborConfig& n = parsed->neighbors[0];
  EXPECT_EQ(n.routes.size(), 51u);
  EXPECT_EQ(n.routes.prefix_count(), 52u);
  EXPECT_EQ(n.routes.sets().size(), 4u);
  EXPECT_EQ(n.withdrawn_routes.size(), 1u);
  std::string printed = PrintConfig(*parsed);
  EXPECT_NE(printed.find("route 10.0.49.0/24 next-hop 1.1.1.1 med 1;"), std::string::npos)
      << printed;
  auto again = testing::Reparse(*parsed);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(testing::WithoutLocations(*again), testing::WithoutLocations(*parsed));
  EXPECT_EQ(PrintConfig(*again), printed);
}

TEST(StaticRoutesTest, InheritedRoutesFollowTheNeighborsOwn) {
  auto parsed = ParseConfigText(
      "template { neighbor t { static { route 1.0.0.0/8 next-hop 1.1.1.1; } } }\n"
      "neighbor 10.0.0.1 { inherit t; router-id 1.1.1.1; local-as 1; peer-as 2;\n"
      "  static { route 2.0.0.0/8 next-hop 1.1.1.1; } }\n"
      "neighbor 10.0.0.2 { inherit t; router-id 1.1.1.1; local-as 1; peer-as 2; }\n",
      "test.conf");
  ASSERT_TRUE(parsed.ok()) << parsed.error()[0].ToString();
  const StaticRoutes& a = parsed->neighbors[0].routes;
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].nlri[0].prefix.ToString(), "2.0.0.0/8");
  EXPECT_EQ(a[1].nlri[0].prefix.ToString(), "1.0.0.0/8");
  EXPECT_EQ(a.sets().size(), 1u);
  ASSERT_EQ(parsed->neighbors[1].routes.size(), 1u);
  EXPECT_EQ(parsed->neighbors[1].routes[0].nlri[0].prefix.ToString(), "1.0.0.0/8");
}

}  // namespace
}  // namespace herald::config
