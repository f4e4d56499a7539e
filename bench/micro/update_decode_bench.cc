// UPDATE decoding: wire::Update::Decode over the messages EncodeAnnounce
// made for N prefixes (standard or extended size), the receive path of a
// large announcement. items/s is prefixes per second.
#include <benchmark/benchmark.h>

#include "micro/micro_data.h"
#include "wire/message.h"
#include "wire/update.h"

namespace herald::bench {
namespace {

// Bodies (after the header) of the messages in `messages`.
std::vector<ByteSpan> Bodies(const Bytes& messages) {
  std::vector<ByteSpan> out;
  for (size_t at = 0; at < messages.size();) {
    size_t len = (size_t{messages[at + 16]} << 8) | messages[at + 17];
    out.push_back(ByteSpan(messages.data() + at + wire::kHeaderSize, len - wire::kHeaderSize));
    at += len;
  }
  return out;
}

void BM_DecodeUpdate(benchmark::State& state) {
  const auto session = Session(state.range(1) != 0);
  Bytes messages;
  const auto nlri = Ipv4Prefixes(static_cast<size_t>(state.range(0)), 24);
  if (!wire::EncodeAnnounce(wire::kIpv4Unicast, TypicalAttributes(), {}, nlri, session, &messages)) {
    state.SkipWithError("EncodeAnnounce failed");
    return;
  }
  const auto bodies = Bodies(messages);
  size_t decoded = 0;
  for (auto _ : state) {
    for (ByteSpan body : bodies) {
      ByteReader r(body);
      auto u = wire::Update::Decode(r, session);
      if (!u.ok()) {
        state.SkipWithError("Decode failed");
        return;
      }
      decoded += ClassicNlri(*u).size();
      benchmark::DoNotOptimize(ClassicNlri(*u).data());
    }
  }
  if (decoded != static_cast<size_t>(state.iterations() * state.range(0)))
    state.SkipWithError("wrong prefix count");
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(messages.size()));
  state.counters["messages"] = static_cast<double>(bodies.size());
}
BENCHMARK(BM_DecodeUpdate)->Args({1, 0})->Args({10000, 0})->Args({10000, 1});

}  // namespace
}  // namespace herald::bench
