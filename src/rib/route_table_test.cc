#include "rib/route_table.h"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <map>
#include <random>
#include <unordered_map>
#include <vector>

#include "rib/adj_rib_out.h"
#include "rib/zeroed_array.h"

namespace herald::rib {
namespace {

wire::InetNlri V4(uint32_t addr, uint8_t len = 32, uint32_t path_id = 0) {
  return {Prefix(IpAddress::V4(addr), len), path_id};
}

TEST(RouteTableTest, InsertFindErase) {
  RouteTable<4> t;
  auto [a, made] = t.Insert(V4(0x0a000000, 24), 1);
  EXPECT_TRUE(made);
  auto [b, again] = t.Insert(V4(0x0a000000, 24), 1);
  EXPECT_FALSE(again);
  EXPECT_EQ(a, b);
  EXPECT_EQ(t.Find(V4(0x0a000000, 24)), a);
  EXPECT_EQ(t.Find(V4(0x0a000000, 25)), RouteTable<4>::kNone) << "length is part of the key";
  EXPECT_EQ(t.Find(V4(0x0a000000, 24, 7)), RouteTable<4>::kNone) << "so is the path id";
  EXPECT_EQ(t.Nlri(a), V4(0x0a000000, 24));
  t.Erase(a);
  EXPECT_EQ(t.Find(V4(0x0a000000, 24)), RouteTable<4>::kNone);
  EXPECT_EQ(t.size(), 0u);
}

TEST(RouteTableTest, MatchesAMapUnderRandomChurn) {
  RouteTable<4> t;
  std::map<uint32_t, uint32_t> model;  // address -> record
  std::mt19937 rng(7);
  for (int step = 0; step < 200000; ++step) {
    uint32_t addr = rng() % 5000;
    if (rng() % 3) {
      auto [index, made] = t.Insert(V4(addr), 1);
      EXPECT_EQ(made, !model.count(addr));
      if (!made) {
        EXPECT_EQ(model[addr], index);
      }
      model[addr] = index;
    } else if (auto it = model.find(addr); it != model.end()) {
      EXPECT_EQ(t.Find(V4(addr)), it->second);
      t.Erase(it->second);
      model.erase(it);
    } else {
      EXPECT_EQ(t.Find(V4(addr)), RouteTable<4>::kNone);
    }
  }
  EXPECT_EQ(t.size(), model.size());
  for (auto [addr, index] : model) EXPECT_EQ(t.Find(V4(addr)), index);
}

TEST(RouteTableTest, LookupsAndErasesWhileALargeIndexIsMigrated) {
  // 300,000 keys: the index grows several times, the last ones large enough
  // to be mapped from the kernel and handed back as they are emptied; every
  // insert also looks up and sometimes erases an older key, so many happen
  // while an old index is half moved.
  RouteTable<4> t;
  std::unordered_map<uint32_t, uint32_t> model;  // address -> record
  std::vector<uint32_t> keys;
  std::mt19937 rng(11);
  for (uint32_t i = 0; i < 300000; ++i) {
    uint32_t addr = 0x0a000000 + i * 7;
    auto [index, made] = t.Insert(V4(addr), 1);
    ASSERT_TRUE(made);
    model[addr] = index;
    keys.push_back(addr);
    uint32_t probe = keys[rng() % keys.size()];
    auto it = model.find(probe);
    ASSERT_EQ(t.Find(V4(probe)), it == model.end() ? RouteTable<4>::kNone : it->second) << i;
    if (i % 3 == 0 && it != model.end()) {
      t.Erase(it->second);
      model.erase(it);
    }
    ASSERT_EQ(t.Find(V4(addr + 1)), RouteTable<4>::kNone);
  }
  EXPECT_EQ(t.size(), model.size());
  for (auto [addr, index] : model) ASSERT_EQ(t.Find(V4(addr)), index);
  for (auto [addr, index] : model) t.Erase(index);
  EXPECT_EQ(t.size(), 0u);
  EXPECT_EQ(t.Insert(V4(1), 1).second, true) << "an emptied table starts again";
}

// True if the page holding `p` is mapped (mincore fails with ENOMEM if not).
bool Mapped(const void* p) {
  static const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  unsigned char vec;
  return mincore(reinterpret_cast<void*>(reinterpret_cast<uintptr_t>(p) & ~(page - 1)), 1, &vec) == 0;
}

TEST(ZeroedArrayTest, StartsZeroTouchKeepsValuesReleaseBelowUnmaps) {
  struct Pair {
    uint32_t a, b;
  };
  for (size_t n : {size_t{1000}, size_t{1} << 20}) {  // from calloc, then mapped
    ZeroedArray<Pair> z(n);
    ASSERT_EQ(z.size(), n);
    for (size_t i = 0; i < n; i += 97) EXPECT_EQ(z[i].a | z[i].b, 0u);
    for (size_t i = 0; i < n; ++i) z[i] = {static_cast<uint32_t>(i), 7};
    z.Touch(0, n);
    for (size_t i = 0; i < n; i += 97) ASSERT_EQ(z[i].a, i);
    z.ReleaseBelow(n / 4);
    z.ReleaseBelow(n / 8);  // going back does nothing
    z.ReleaseBelow(n / 2);
    if (n >= (size_t{1} << 17)) {  // mapped: whole pages below n/2 are gone
      EXPECT_FALSE(Mapped(&z[0]));
      EXPECT_FALSE(Mapped(&z[n / 2 - 1024]));
    }
    EXPECT_TRUE(Mapped(&z[n / 2]));
    EXPECT_EQ(z[n / 2].a, n / 2) << "from n/2 on nothing changed";
    EXPECT_EQ(z[n - 1].a, n - 1);
    ZeroedArray<Pair> moved = std::move(z);
    EXPECT_TRUE(z.empty());
    EXPECT_EQ(moved[n - 1].b, 7u);
  }
}

TEST(RouteTableTest, Ipv6KeysAndRecordNumbersStayStable) {
  RouteTable<16> t;
  std::vector<uint32_t> indexes;
  for (int i = 0; i < 10000; ++i) {
    std::array<uint8_t, 16> a{0x20, 0x01, 0x0d, 0xb8};
    a[4] = static_cast<uint8_t>(i >> 8);
    a[5] = static_cast<uint8_t>(i);
    indexes.push_back(t.Insert({Prefix(IpAddress::V6(a), 48), 0}, 1).first);
  }
  for (int i = 0; i < 10000; ++i) {
    std::array<uint8_t, 16> a{0x20, 0x01, 0x0d, 0xb8};
    a[4] = static_cast<uint8_t>(i >> 8);
    a[5] = static_cast<uint8_t>(i);
    EXPECT_EQ(t.Find({Prefix(IpAddress::V6(a), 48), 0}), indexes[i]) << "records do not move on rehash";
  }
}

TEST(RouteTableTest, RecordsAreSmall) {
  EXPECT_EQ(sizeof(RouteTable<4>::Record), 16u);
  EXPECT_EQ(sizeof(RouteTable<16>::Record), 28u);
}

TEST(AdjRibOutMemoryTest, AMillionRoutesSharingAttributesFitIn40BytesEach) {
  AttrPool pool;
  AdjRibOut rib(&pool);
  wire::PathAttributes a;
  a.med = 1;
  AttrRef attrs = pool.Intern(NextHop::Address(*IpAddress::Parse("198.51.100.1")), a);
  for (uint32_t i = 0; i < 1000000; ++i) rib.Announce(wire::kIpv4Unicast, V4(0x0a000000 + i), attrs);
  EXPECT_EQ(rib.size(), 1000000u);
  EXPECT_LE(rib.memory(), 40u * 1000000) << rib.memory() / 1000000.0 << " bytes per route";
  EXPECT_EQ(pool.size(), 1u);
}

}  // namespace
}  // namespace herald::rib
