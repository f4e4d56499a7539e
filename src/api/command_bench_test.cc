// How fast the text API parses the common announcement. herald's target is
// about 1,000,000 lines per second on one core; this test prints the rate
// (it does not assert it: machines differ, and sanitizer builds are slow).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "api/command.h"

namespace herald::api {
namespace {

TEST(CommandBenchTest, AnnounceRouteLinesPerSecond) {
  // Distinct prefixes, as a real feed would send them.
  std::vector<std::string> lines;
  for (int i = 0; i < 4096; ++i)
    lines.push_back("announce route 10." + std::to_string(i / 256) + "." + std::to_string(i % 256) +
                    ".1/32 next-hop 192.0.2.1 med 100 community [65000:1]");
  Command c;
  size_t ok = 0;
  for (const std::string& line : lines) ok += ParseTextCommand(line, &c).ok();  // warm up
  ASSERT_EQ(ok, lines.size());

  constexpr int kRounds = 100;
  auto start = std::chrono::steady_clock::now();
  for (int r = 0; r < kRounds; ++r)
    for (const std::string& line : lines) ok += ParseTextCommand(line, &c).ok();
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_EQ(ok, lines.size() * (kRounds + 1));
  double rate = static_cast<double>(lines.size()) * kRounds / elapsed.count();
  std::printf("[ rate     ] %.0f lines/s (%.0f ns/line) for '%s'\n", rate, 1e9 / rate, lines[0].c_str());
  EXPECT_EQ(c.route.attrs.med, 100u);
}

}  // namespace
}  // namespace herald::api
