// herald-bench-toggle: the API process of the reaction-latency benchmark
// (S4). Once the session is up it writes, alternately,
//   announce route <prefix> <attributes> med <i>
//   withdraw route <prefix>
// COUNT lines in all (i is the line number, so every announce is told apart
// by its MED), pausing INTERVAL microseconds after each write (never less:
// two lines written back to back after an oversleep could be read by the
// speaker together, and a withdraw following its announce in one read
// rightly sends nothing), and records CLOCK_MONOTONIC just before each
// write(2):
//   <i> announce|withdraw <med or -> <t>
// run.py joins these with the arrival times the sink records.
//
//   herald-bench-toggle --log FILE [--count 1000] [--interval-us 2000]
//       [--prefix 100.10.0.100/32] [--attrs "next-hop 198.51.100.1"]
//       [--start-delay 0] [--no-wait-up]
#include <cstdio>
#include <string>

#include "api_io.h"
#include "bench_util.h"

using namespace herald::bench;

int main(int argc, char** argv) {
  Flags flags(argc, argv, {"--no-wait-up"},
              {"--log", "--count", "--interval-us", "--prefix", "--attrs", "--start-delay"});
  if (!flags.error().empty() || !flags.Has("--log") || !flags.positional().empty()) {
    std::fprintf(stderr, "%s\nusage: %s --log FILE [--count N] [--interval-us US] [--prefix P] "
                         "[--attrs A] [--start-delay S] [--no-wait-up]\n",
                 flags.error().c_str(), argv[0]);
    return 2;
  }
  long count = flags.GetInt("--count", 1000);
  double interval = static_cast<double>(flags.GetInt("--interval-us", 2000)) / 1e6;
  std::string prefix = flags.Get("--prefix", "100.10.0.100/32");
  std::string attrs = flags.Get("--attrs", "next-hop 198.51.100.1");
  FILE* log = std::fopen(flags.Get("--log", "").c_str(), "w");
  if (!log) {
    std::perror("--log");
    return 2;
  }

  ApiIo io;
  if (!flags.Has("--no-wait-up") && !io.WaitUp(600)) {
    std::fprintf(stderr, "herald-bench-toggle: no session came up\n");
    return 1;
  }
  if (!io.Sleep(flags.GetDouble("--start-delay", 0))) return 1;

  std::string line;
  for (long i = 0; i < count; ++i) {
    bool announce = i % 2 == 0;
    line.clear();
    if (announce) {
      line = "announce route " + prefix + " " + attrs + " med " + std::to_string(i) + "\n";
    } else {
      line = "withdraw route " + prefix + "\n";
    }
    double t = Now();
    // The line is short and the pipe empty: one write(2) carries it whole.
    if (!io.Write(line)) return 1;
    std::fprintf(log, "%ld %s %s %.9f\n", i, announce ? "announce" : "withdraw",
                 announce ? std::to_string(i).c_str() : "-", t);
    if (!io.Sleep(interval)) return 1;
  }
  std::fprintf(log, "done %.9f\n", Now());
  std::fclose(log);
  io.DrainUntilEof();
  return 0;
}
