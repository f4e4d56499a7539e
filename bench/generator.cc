// herald-bench-gen: an API process for benchmarks. Writes N `announce route`
// lines for distinct prefixes sharing one set of attributes, as fast as the
// pipe takes them, then keeps reading its stdin until EOF (so that the
// speaker's acks never block it and it never exits and gets respawned
// mid-run).
//
//   herald-bench-gen [--wait-up] [--rounds R] [--med-base M] [--flow] [--log FILE]
//                    N [first-prefix (10.0.0.0)] [length (32)]
//                    [attributes ("next-hop 198.51.100.1 med 100")]
//
// --flow       write FlowSpec rules instead, one per prefix, in the block
//              form both herald and ExaBGP read (a DDoS-mitigation rule:
//              `announce flow route { match { destination P; protocol udp;
//              destination-port =53; } then { rate-limit 9600; } }`); the
//              attributes are not used.
// --wait-up    read stdin until the speaker reports the session up (the
//              api needs `neighbor-changes;`), then write: the benchmark
//              then measures API-to-wire ("live") rather than routes queued
//              before the session and sent in the initial sync.
// --rounds R   write the N routes R times; with --med-base M, round r adds
//              `med M+r` to the attributes so that every round changes every
//              route (a sustained burst for S4).
// --log FILE   write `start <t>` before the first line and `written <t>
//              <lines>` once the last line was taken by the pipe.
//
// Lines are formatted by hand in 1 MiB chunks, so the generator stays far
// ahead of any speaker (run.py measures its ceiling into a pipe).
#include <cstdio>
#include <cstdlib>
#include <string>

#include "api_io.h"
#include "bench_util.h"

using namespace herald::bench;

int main(int argc, char** argv) {
  Flags flags(argc, argv, {"--wait-up", "--flow"}, {"--rounds", "--med-base", "--log"});
  const auto& pos = flags.positional();
  if (!flags.error().empty() || pos.empty() || pos.size() > 4) {
    std::fprintf(stderr, "%s\nusage: %s [--wait-up] [--rounds R] [--med-base M] [--flow] [--log FILE] N [first] "
                         "[length] [attributes]\n",
                 flags.error().c_str(), argv[0]);
    return 2;
  }
  long n = std::strtol(pos[0].c_str(), nullptr, 10);
  uint32_t first = 0;
  int length = pos.size() > 2 ? std::atoi(pos[2].c_str()) : 32;
  const bool with_med = flags.Has("--med-base");
  // With --med-base the MED comes from the round, so the default has none.
  std::string attrs = pos.size() > 3 ? pos[3]
                      : with_med     ? "next-hop 198.51.100.1"
                                     : "next-hop 198.51.100.1 med 100";
  if (!ParseIpv4(pos.size() > 1 ? pos[1] : "10.0.0.0", &first) || length < 8 || length > 32 ||
      n < 0) {
    std::fprintf(stderr, "bad count, prefix or length\n");
    return 2;
  }
  long rounds = flags.GetInt("--rounds", 1);
  const bool flow = flags.Has("--flow");
  long med_base = flags.GetInt("--med-base", 0);
  FILE* log = nullptr;
  if (flags.Has("--log") && !(log = std::fopen(flags.Get("--log", "").c_str(), "w"))) {
    std::perror("--log");
    return 2;
  }

  ApiIo io;
  if (flags.Has("--wait-up") && !io.WaitUp(600)) {
    std::fprintf(stderr, "herald-bench-gen: no session came up\n");
    return 1;
  }
  if (log) std::fprintf(log, "start %.6f\n", Now()), std::fflush(log);

  constexpr size_t kChunk = 1 << 20;
  std::string buf;
  buf.reserve(kChunk + 512);
  for (long r = 0; r < rounds; ++r) {
    std::string tail = " " + attrs;
    if (with_med) tail += " med " + std::to_string(med_base + r);
    tail += "\n";
    for (long i = 0; i < n; ++i) {
      buf += flow ? "announce flow route { match { destination " : "announce route ";
      AppendIpv4(NthPrefix(first, length, static_cast<uint64_t>(i)), &buf);
      buf += '/';
      AppendUint(static_cast<uint64_t>(length), &buf);
      buf += flow ? "; protocol udp; destination-port =53; } then { rate-limit 9600; } }\n" : tail;
      if (buf.size() >= kChunk) {
        if (!io.Write(buf)) return 1;
        buf.clear();
      }
    }
  }
  if (!io.Write(buf)) return 1;
  if (log) std::fprintf(log, "written %.6f %ld\n", Now(), n * rounds), std::fclose(log);
  io.DrainUntilEof();
  return 0;
}
