// herald-bench-count: the process a speaker feeds with `encoder json` in the
// receive benchmarks (S2, S3). It counts the `"nlri"` entries of the lines
// it reads (ExaBGP's JSON, 4.2 and 5.0 alike, gives every announced and
// every withdrawn prefix as `{ "nlri": "..." }`) and, once the count reaches
// N, writes to OUTFILE (via a rename, so a reader never sees half of it):
//   first <t>             when the first bytes arrived
//   reach <t> <count>     when the count reached N
// If stdin closes first it writes `eof <t> <count>` instead of `reach`.
// It reads until EOF either way, so the speaker never blocks on it.
//
//   herald-bench-count N OUTFILE
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "bench_util.h"

using namespace herald::bench;

namespace {

constexpr char kPattern[] = "\"nlri\"";
constexpr size_t kPatternSize = sizeof(kPattern) - 1;

void Report(const std::string& path, double first, const char* what, double t, long count) {
  std::string tmp = path + ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "w");
  if (!f) return;
  std::fprintf(f, "first %.9f\n%s %.9f %ld\n", first, what, t, count);
  std::fclose(f);
  std::rename(tmp.c_str(), path.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s N OUTFILE\n", argv[0]);
    return 2;
  }
  const long target = std::strtol(argv[1], nullptr, 10);
  const std::string out = argv[2];
  // The last kPatternSize-1 bytes of the previous read stay in front of the
  // next one, so a pattern split across two reads is still seen, once.
  static char buf[(1 << 20) + kPatternSize];
  size_t carry = 0;
  long count = 0;
  double first = 0;
  bool reached = false;
  for (;;) {
    ssize_t n = read(0, buf + carry, sizeof(buf) - carry);
    if (n <= 0) break;
    if (first == 0) first = Now();
    size_t size = carry + static_cast<size_t>(n);
    const char* p = buf;
    const char* end = buf + size;
    while (const char* hit =
               static_cast<const char*>(memmem(p, static_cast<size_t>(end - p), kPattern, kPatternSize))) {
      ++count;
      p = hit + kPatternSize;
    }
    if (!reached && count >= target) {
      reached = true;
      Report(out, first, "reach", Now(), count);
    }
    carry = std::min(size, kPatternSize - 1);
    std::memmove(buf, end - carry, carry);
  }
  if (!reached) Report(out, first, "eof", Now(), count);
  return 0;
}
