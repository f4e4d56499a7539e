#include "grammar/route_syntax.h"

#include <set>

#include <gtest/gtest.h>

#include "grammar/labeled_route.h"
#include "wire/nlri.h"

namespace herald::grammar {
namespace {

// One row per family herald speaks, and none for a family it does not.
TEST(RouteSyntaxTest, OneRowPerSupportedFamily) {
  std::set<wire::Family> supported;
  for (const wire::Family& f : wire::SupportedFamilies()) {
    supported.insert(f);
    EXPECT_NE(FindRouteSyntax(f), nullptr) << f.Name();
  }
  std::set<wire::Family> rows;
  for (const RouteSyntax& row : RouteSyntaxes()) {
    EXPECT_TRUE(rows.insert(row.family).second) << "two rows for " << row.family.Name();
    EXPECT_TRUE(supported.count(row.family)) << row.family.Name() << " has a row but is not spoken";
  }
  EXPECT_EQ(FindRouteSyntax(wire::Family{wire::Afi::kIpv4, static_cast<wire::Safi>(99)}), nullptr);
}

// A family whose routes have NLRI words of their own is carried by a named
// statement; the others are not.
TEST(RouteSyntaxTest, TypedRowsHaveStatements) {
  for (const RouteSyntax& row : RouteSyntaxes()) {
    const bool typed = row.kind == RouteSyntaxKind::kVpls || row.kind == RouteSyntaxKind::kEvpn ||
                       row.kind == RouteSyntaxKind::kMvpn || row.kind == RouteSyntaxKind::kMup;
    EXPECT_EQ(typed, row.nlri_words != nullptr) << row.family.Name();
    if (typed || row.kind == RouteSyntaxKind::kMulticast) {
      EXPECT_FALSE(row.statement.empty()) << row.family.Name();
    }
  }
  EXPECT_EQ(FindRouteSyntax(*wire::Family::Parse("ipv6", "mup"))->statement, "mup");
  EXPECT_EQ(FindRouteSyntax(*wire::Family::Parse("l2vpn", "evpn"))->kind, RouteSyntaxKind::kEvpn);
}

TEST(RouteSyntaxTest, LabeledFamiliesComeFromTheTable) {
  EXPECT_TRUE(IsLabeledFamily(*wire::Family::Parse("ipv4", "multicast")));
  EXPECT_TRUE(IsLabeledFamily(*wire::Family::Parse("ipv6", "mpls-vpn")));
  EXPECT_TRUE(IsLabeledFamily(*wire::Family::Parse("ipv4", "nlri-mpls")));
  EXPECT_FALSE(IsLabeledFamily(wire::kIpv4Unicast));
  EXPECT_FALSE(IsLabeledFamily(*wire::Family::Parse("ipv4", "flow")));
  EXPECT_EQ(SyntaxKindOf(wire::Family{wire::Afi::kIpv4, static_cast<wire::Safi>(99)}), RouteSyntaxKind::kPrefix);
}

}  // namespace
}  // namespace herald::grammar
