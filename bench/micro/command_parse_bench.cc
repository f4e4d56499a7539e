// The text API's hot path: one `announce route` line into an api::Command.
// Each benchmark cycles through 4096 distinct lines, as a feed would send
// them; items/s is lines per second on one core.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "api/command.h"

namespace herald::bench {
namespace {

std::vector<std::string> Lines(const std::string& before, const std::string& after, bool v6 = false) {
  std::vector<std::string> lines;
  for (int i = 0; i < 4096; ++i) {
    std::string prefix = v6 ? "2001:db8:" + std::to_string(i) + "::/48"
                            : "10." + std::to_string(i / 256) + "." + std::to_string(i % 256) + ".1/32";
    lines.push_back(before + prefix + after);
  }
  return lines;
}

void Parse(benchmark::State& state, const std::vector<std::string>& lines) {
  api::Command c;
  size_t i = 0, failed = 0;
  for (auto _ : state) {
    failed += !api::ParseTextCommand(lines[i], &c).ok();
    i = (i + 1) & 4095;
  }
  if (failed) state.SkipWithError("a line did not parse");
  state.SetItemsProcessed(state.iterations());
}

void BM_ParseAnnounceSimple(benchmark::State& state) {
  static const auto lines = Lines("announce route ", " next-hop 198.51.100.1 med 100");
  Parse(state, lines);
}
BENCHMARK(BM_ParseAnnounceSimple);

void BM_ParseAnnounceRich(benchmark::State& state) {
  static const auto lines =
      Lines("announce route ",
            " next-hop 198.51.100.1 origin igp as-path [ 65001 65010 65020 ] med 100 "
            "community [ 65001:1 65001:2 no-export ] large-community [ 65001:1:2 ] "
            "extended-community [ target:65001:7 ]");
  Parse(state, lines);
}
BENCHMARK(BM_ParseAnnounceRich);

void BM_ParseAnnounceSelector(benchmark::State& state) {
  static const auto lines =
      Lines("neighbor 127.0.0.2 local-as 65001 announce route ", " next-hop self med 100");
  Parse(state, lines);
}
BENCHMARK(BM_ParseAnnounceSelector);

void BM_ParseAnnounceIpv6(benchmark::State& state) {
  static const auto lines = Lines("announce route ", " next-hop 2001:db8::1 med 100", true);
  Parse(state, lines);
}
BENCHMARK(BM_ParseAnnounceIpv6);

void BM_ParseWithdraw(benchmark::State& state) {
  static const auto lines = Lines("withdraw route ", "");
  Parse(state, lines);
}
BENCHMARK(BM_ParseWithdraw);

}  // namespace
}  // namespace herald::bench
