// Rendering speed: an UPDATE of 1000 IPv4 prefixes rendered again and again,
// reported in routes per second (printed, not asserted: the number depends
// on the machine and the build type). The goal is >= 1,000,000 routes/s as
// JSON on one core.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "api/render.h"
#include "api/render_test_util.h"

namespace herald::api {
namespace {

using namespace testing;  // NOLINT

wire::Update ThousandRoutes() {
  wire::Update u;
  u.attrs.origin = wire::Origin::kIgp;
  u.attrs.as_path = Sequence({65001, 65010, 65020});
  u.attrs.next_hop = Ip("192.0.2.1");
  u.attrs.med = 100;
  u.attrs.communities = {65001u << 16 | 1, 65001u << 16 | 2};
  u.attrs.large_communities = {{65001, 1, 2}};
  auto& nlri = u.ReachOf(wire::kIpv4Unicast, true).nlri;
  for (uint32_t i = 0; i < 1000; ++i)
    nlri.push_back(wire::InetNlri{Prefix(IpAddress::V4(0x0A000000u + (i << 8)), 24), 0});
  return u;
}

// Renders `u` until about `budget` has passed; returns routes per second.
double RoutesPerSecond(Renderer& r, const wire::Update& u, std::chrono::milliseconds budget,
                       size_t* line_bytes) {
  NeighborInfo n = Neighbor("192.0.2.1", 65001, 1);
  std::string out;
  r.Update(n, Direction::kReceive, u, &out);  // warm up: buffers reach their size
  *line_bytes = out.size();
  using Clock = std::chrono::steady_clock;
  auto start = Clock::now();
  size_t rounds = 0;
  while (Clock::now() - start < budget) {
    for (int i = 0; i < 20; ++i) {
      out.clear();  // the caller's buffer is reused, as the process writer does
      r.Update(n, Direction::kReceive, u, &out);
    }
    rounds += 20;
  }
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  // Same UPDATE each time; only the counter's digits may differ.
  EXPECT_NEAR(static_cast<double>(out.size()), static_cast<double>(*line_bytes), 8.0);
  return static_cast<double>(rounds * wire::ClassicNlri(u).size()) / seconds;
}

TEST(RenderBench, JsonThousandPrefixUpdate) {
  auto r = MakeJsonRenderer(Host{"bench", 1, 2, [] { return 1795317138.3506122; }});
  size_t bytes = 0;
  double rate = RoutesPerSecond(*r, ThousandRoutes(), std::chrono::milliseconds(500), &bytes);
  std::printf("[ BENCH    ] JSON: %.0f routes/s (UPDATE of 1000 IPv4 prefixes, %zu bytes)\n", rate,
              bytes);
  EXPECT_GT(rate, 0);
}

TEST(RenderBench, TextThousandPrefixUpdate) {
  auto r = MakeTextRenderer(Host{"bench", 1, 2, nullptr});
  size_t bytes = 0;
  double rate = RoutesPerSecond(*r, ThousandRoutes(), std::chrono::milliseconds(500), &bytes);
  std::printf("[ BENCH    ] text: %.0f routes/s (UPDATE of 1000 IPv4 prefixes, %zu bytes)\n", rate,
              bytes);
  EXPECT_GT(rate, 0);
}

TEST(RenderBench, JsonOnePrefixUpdates) {
  // The other extreme: one route per UPDATE, so the envelope dominates.
  auto r = MakeJsonRenderer(Host{"bench", 1, 2, [] { return 1795317138.3506122; }});
  wire::Update u = ThousandRoutes();
  u.reach[0].nlri.resize(1);
  size_t bytes = 0;
  double rate = RoutesPerSecond(*r, u, std::chrono::milliseconds(300), &bytes);
  std::printf("[ BENCH    ] JSON: %.0f routes/s (UPDATEs of 1 IPv4 prefix, %zu bytes)\n", rate,
              bytes);
  EXPECT_GT(rate, 0);
}

}  // namespace
}  // namespace herald::api
