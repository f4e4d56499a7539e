// herald-bench-churn: the API process of the churn benchmark (S6). Once the
// session is up it announces ROUTES prefixes with `med 100`, then runs WAVES
// waves: each waits for a line on the control FIFO (run.py writes one when
// the previous wave has reached the peer and it has sampled the speaker's
// memory), withdraws WAVE of the prefixes and announces them again with
// `med 1000+w`, w = 1, 2, ... Consecutive waves take consecutive slices of
// the table, wrapping around. It logs, with CLOCK_MONOTONIC times:
//   initial <t>           before the first announce
//   wave <w> <t>          before the first line of wave w
//
//   herald-bench-churn --control FIFO --log FILE [--routes 100000]
//       [--wave 10000] [--waves 100] [--first 10.0.0.0] [--length 32]
//       [--attrs "next-hop 198.51.100.1"]
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "api_io.h"
#include "bench_util.h"

using namespace herald::bench;

namespace {

void AppendPrefix(uint32_t first, int length, uint64_t i, std::string* out) {
  AppendIpv4(NthPrefix(first, length, i), out);
  out->push_back('/');
  AppendUint(static_cast<uint64_t>(length), out);
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags(argc, argv, {},
              {"--control", "--log", "--routes", "--wave", "--waves", "--first", "--length",
               "--attrs"});
  if (!flags.error().empty() || !flags.Has("--control") || !flags.Has("--log") ||
      !flags.positional().empty()) {
    std::fprintf(stderr, "%s\nusage: %s --control FIFO --log FILE [--routes N] [--wave N] "
                         "[--waves N] [--first IP] [--length L] [--attrs A]\n",
                 flags.error().c_str(), argv[0]);
    return 2;
  }
  const long routes = flags.GetInt("--routes", 100000);
  const long wave = flags.GetInt("--wave", 10000);
  const long waves = flags.GetInt("--waves", 100);
  const int length = static_cast<int>(flags.GetInt("--length", 32));
  const std::string attrs = " " + flags.Get("--attrs", "next-hop 198.51.100.1");
  uint32_t first = 0;
  if (!ParseIpv4(flags.Get("--first", "10.0.0.0"), &first) || wave <= 0 || wave > routes ||
      length < 8 || length > 32) {
    std::fprintf(stderr, "bad --first, --length, --routes or --wave\n");
    return 2;
  }
  FILE* log = std::fopen(flags.Get("--log", "").c_str(), "w");
  if (!log) {
    std::perror("--log");
    return 2;
  }

  ApiIo io;
  if (!io.WaitUp(600)) {
    std::fprintf(stderr, "herald-bench-churn: no session came up\n");
    return 1;
  }
  // Opened after the session is up: run.py holds the FIFO open read-write,
  // so this open never blocks.
  int control = open(flags.Get("--control", "").c_str(), O_RDONLY | O_NONBLOCK);
  if (control < 0) {
    std::perror("--control");
    return 1;
  }

  std::string buf;
  buf.reserve(1 << 20);
  auto flush_if_big = [&]() {
    if (buf.size() < (1 << 20)) return true;
    bool ok = io.Write(buf);
    buf.clear();
    return ok;
  };

  std::fprintf(log, "initial %.9f\n", Now());
  std::fflush(log);
  for (long i = 0; i < routes; ++i) {
    buf += "announce route ";
    AppendPrefix(first, length, static_cast<uint64_t>(i), &buf);
    buf += attrs;
    buf += " med 100\n";
    if (!flush_if_big()) return 1;
  }
  if (!io.Write(buf)) return 1;
  buf.clear();

  const long slices = routes / wave;
  for (long w = 1; w <= waves; ++w) {
    // One control line per wave.
    char c = 0;
    for (;;) {
      if (!io.WaitReadable(control)) return 1;
      ssize_t r = read(control, &c, 1);
      if (r == 1 && c == '\n') break;
      if (r == 0) return 0;  // run.py closed the FIFO: stop early
    }
    std::fprintf(log, "wave %ld %.9f\n", w, Now());
    std::fflush(log);
    const uint64_t base = static_cast<uint64_t>(((w - 1) % slices) * wave);
    for (long i = 0; i < wave; ++i) {
      buf += "withdraw route ";
      AppendPrefix(first, length, base + static_cast<uint64_t>(i), &buf);
      buf += '\n';
      if (!flush_if_big()) return 1;
    }
    const std::string tail = attrs + " med " + std::to_string(1000 + w) + "\n";
    for (long i = 0; i < wave; ++i) {
      buf += "announce route ";
      AppendPrefix(first, length, base + static_cast<uint64_t>(i), &buf);
      buf += tail;
      if (!flush_if_big()) return 1;
    }
    if (!io.Write(buf)) return 1;
    buf.clear();
  }
  std::fprintf(log, "done %.9f\n", Now());
  std::fclose(log);
  io.DrainUntilEof();
  return 0;
}
