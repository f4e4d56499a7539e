// Rendering received UPDATEs for processes: api::MakeJsonRenderer (and the
// text renderer) -> Update(...), with the caller's buffer reused as the
// process writer does. Argument: prefixes per UPDATE (1: the envelope
// dominates; 800: a full 4096-byte UPDATE of /24s). items/s is prefixes
// (routes) per second.
#include <benchmark/benchmark.h>

#include <memory>

#include "api/render.h"
#include "micro/micro_data.h"

namespace herald::bench {
namespace {

wire::Update MakeUpdate(size_t prefixes) {
  wire::Update u;
  u.attrs = TypicalAttributes();
  u.Announce(Ipv4Prefixes(prefixes, 24));
  return u;
}

api::NeighborInfo Neighbor() {
  api::NeighborInfo n;
  n.id = 1;
  n.local_address = IpAddress::V4(0x7f000001);
  n.peer_address = IpAddress::V4(0x7f000002);
  n.local_as = 65001;
  n.peer_as = 65002;
  n.router_id = IpAddress::V4(0x0a000001);
  return n;
}

void Render(benchmark::State& state, api::Renderer& r) {
  const wire::Update u = MakeUpdate(static_cast<size_t>(state.range(0)));
  const api::NeighborInfo n = Neighbor();
  std::string out;
  size_t bytes = 0;
  for (auto _ : state) {
    out.clear();
    r.Update(n, api::Direction::kReceive, u, &out);
    bytes += out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

void BM_RenderJson(benchmark::State& state) {
  auto r = api::MakeJsonRenderer(api::Host{"bench", 1, 2, [] { return 1795317138.35; }});
  Render(state, *r);
}
BENCHMARK(BM_RenderJson)->Arg(1)->Arg(800);

void BM_RenderText(benchmark::State& state) {
  auto r = api::MakeTextRenderer(api::Host{"bench", 1, 2, nullptr});
  Render(state, *r);
}
BENCHMARK(BM_RenderText)->Arg(1)->Arg(800);

}  // namespace
}  // namespace herald::bench
