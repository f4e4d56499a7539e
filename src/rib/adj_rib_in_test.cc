#include "rib/adj_rib_in.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace herald::rib {
namespace {

wire::InetNlri N(const char* p, uint32_t path_id = 0) { return {*Prefix::Parse(p), path_id}; }
IpAddress Ip(const char* a) { return *IpAddress::Parse(a); }

// prefix -> "next-hop med"
std::map<std::string, std::string> Routes(const AdjRibIn& rib) {
  std::map<std::string, std::string> out;
  rib.ForEach([&](wire::Family f, const wire::InetNlri& n, const AttrSet& set) {
    out[f.Name() + " " + n.prefix.ToString()] =
        set.next_hop().address.ToString() + " " + std::to_string(set.attrs().med.value_or(0));
  });
  return out;
}

wire::Update Announce(std::vector<wire::InetNlri> nlri, const char* nh, uint32_t med) {
  wire::Update u;
  u.attrs.origin = wire::Origin::kIgp;
  u.attrs.med = med;
  u.attrs.next_hop = Ip(nh);
  u.Announce(std::move(nlri));
  return u;
}

TEST(AdjRibInTest, KeepsWhatThePeerAnnouncedAndNotWithdrawn) {
  AttrPool pool;
  AdjRibIn rib(&pool);
  rib.Apply(Announce({N("10.0.0.0/24"), N("10.0.1.0/24")}, "192.0.2.1", 5));
  wire::Update v6;
  v6.attrs.origin = wire::Origin::kIgp;
  v6.Announce(wire::kIpv6Unicast, {Ip("2001:db8::1"), Ip("fe80::1")}, {N("2001:db8:1::/48")});
  rib.Apply(v6);
  EXPECT_EQ(rib.size(), 3u);
  EXPECT_EQ(Routes(rib), (std::map<std::string, std::string>{{"ipv4 unicast 10.0.0.0/24", "192.0.2.1 5"},
                                                             {"ipv4 unicast 10.0.1.0/24", "192.0.2.1 5"},
                                                             {"ipv6 unicast 2001:db8:1::/48", "2001:db8::1 0"}}));
  // A new version replaces the old; a withdrawal removes; unknown ones are ignored.
  rib.Apply(Announce({N("10.0.0.0/24")}, "192.0.2.9", 7));
  wire::Update w;
  w.Withdraw({N("10.0.1.0/24"), N("10.9.9.0/24")});
  w.Withdraw(wire::kIpv6Unicast, {N("2001:db8:1::/48")});
  rib.Apply(w);
  EXPECT_EQ(Routes(rib), (std::map<std::string, std::string>{{"ipv4 unicast 10.0.0.0/24", "192.0.2.9 7"}}));
  rib.Clear();
  EXPECT_EQ(rib.size(), 0u);
  EXPECT_TRUE(Routes(rib).empty());
}

TEST(AdjRibInTest, AttributeSetsAreSharedAndReleased) {
  AttrPool pool;
  {
    AdjRibIn rib(&pool);
    std::vector<wire::InetNlri> many;
    for (int i = 0; i < 1000; ++i) many.push_back(N(("10." + std::to_string(i / 256) + "." +
                                                     std::to_string(i % 256) + ".0/24").c_str()));
    rib.Apply(Announce(many, "192.0.2.1", 5));
    EXPECT_EQ(rib.size(), 1000u);
    EXPECT_EQ(pool.size(), 1u);
    rib.Apply(Announce(many, "192.0.2.1", 6));
    EXPECT_EQ(pool.size(), 1u) << "the old set goes with its last route";
  }
  EXPECT_EQ(pool.size(), 0u) << "everything released with the table";
}

}  // namespace
}  // namespace herald::rib
