// UPDATE packing: wire::EncodeAnnounce / EncodeWithdraw of many prefixes
// sharing one attribute set, the send path of a large announcement.
// Arguments: prefixes, then 1 for RFC 8654 extended messages (65535-byte
// UPDATEs) or 0 for the standard 4096. items/s is prefixes per second.
#include <benchmark/benchmark.h>

#include <array>

#include "micro/micro_data.h"
#include "wire/update.h"

namespace herald::bench {
namespace {

void BM_EncodeAnnounce(benchmark::State& state) {
  const auto nlri = Ipv4Prefixes(static_cast<size_t>(state.range(0)), 32);
  const auto attrs = TypicalAttributes();
  const auto session = Session(state.range(1) != 0);
  Bytes out;
  for (auto _ : state) {
    out.clear();  // the send buffer is reused, as a session's is
    if (!wire::EncodeAnnounce(wire::kIpv4Unicast, attrs, {}, nlri, session, &out))
      state.SkipWithError("EncodeAnnounce failed");
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(out.size()));
}
// 100000 prefixes appended to one buffer shows how appending scales.
BENCHMARK(BM_EncodeAnnounce)
    ->Args({1, 0})
    ->Args({1000, 0})
    ->Args({10000, 0})
    ->Args({100000, 0})
    ->Args({10000, 1});

// The same into a fresh buffer each time: what a caller that does not keep
// its send buffer pays (growth of the buffer included).
void BM_EncodeAnnounceFreshBuffer(benchmark::State& state) {
  const auto nlri = Ipv4Prefixes(static_cast<size_t>(state.range(0)), 32);
  const auto attrs = TypicalAttributes();
  const auto session = Session(false);
  for (auto _ : state) {
    Bytes out;
    if (!wire::EncodeAnnounce(wire::kIpv4Unicast, attrs, {}, nlri, session, &out))
      state.SkipWithError("EncodeAnnounce failed");
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_EncodeAnnounceFreshBuffer)->Arg(10000)->Arg(100000);

void BM_EncodeAnnounceIpv6(benchmark::State& state) {
  std::vector<wire::InetNlri> nlri;
  for (int64_t i = 0; i < state.range(0); ++i) {
    std::array<uint8_t, 16> b{0x20, 0x01, 0x0d, 0xb8};
    b[4] = static_cast<uint8_t>(i >> 8);
    b[5] = static_cast<uint8_t>(i);
    nlri.push_back({Prefix(IpAddress::V6(b), 48), 0});
  }
  auto attrs = TypicalAttributes();
  attrs.next_hop.reset();
  const wire::MpNextHop nh{*IpAddress::Parse("2001:db8::1"), std::nullopt};
  const auto session = Session(false);
  Bytes out;
  for (auto _ : state) {
    out.clear();
    if (!wire::EncodeAnnounce(wire::kIpv6Unicast, attrs, nh, nlri, session, &out))
      state.SkipWithError("EncodeAnnounce failed");
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_EncodeAnnounceIpv6)->Arg(10000);

void BM_EncodeWithdraw(benchmark::State& state) {
  const auto nlri = Ipv4Prefixes(static_cast<size_t>(state.range(0)), 32);
  const auto session = Session(false);
  Bytes out;
  for (auto _ : state) {
    out.clear();
    wire::EncodeWithdraw(wire::kIpv4Unicast, nlri, session, &out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_EncodeWithdraw)->Arg(10000);

}  // namespace
}  // namespace herald::bench
