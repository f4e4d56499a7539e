// herald-bench-gen: an API process for benchmarks. Writes N `announce route`
// lines for distinct prefixes sharing one set of attributes, as fast as the
// pipe takes them, then keeps reading its stdin until EOF (so that a speaker
// that acknowledges commands never blocks on it, and the process never dies
// and gets respawned mid-run).
//
//   herald-bench-gen N [first-prefix (default 10.0.0.0)] [length (default 32)]
//                      [attributes (default "next-hop 198.51.100.1 med 100")]
#include <arpa/inet.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s N [first-prefix] [length] [attributes]\n", argv[0]);
    return 2;
  }
  long n = std::strtol(argv[1], nullptr, 10);
  const char* first = argc > 2 ? argv[2] : "10.0.0.0";
  int length = argc > 3 ? std::atoi(argv[3]) : 32;
  std::string attrs = argc > 4 ? argv[4] : "next-hop 198.51.100.1 med 100";
  in_addr base{};
  if (inet_pton(AF_INET, first, &base) != 1 || length < 8 || length > 32) {
    std::fprintf(stderr, "bad prefix or length\n");
    return 2;
  }
  uint32_t start = ntohl(base.s_addr);
  uint32_t step = length == 32 ? 1u : (1u << (32 - length));
  std::string buf;
  buf.reserve(1 << 20);
  char line[256];
  for (long i = 0; i < n; ++i) {
    uint32_t a = start + static_cast<uint32_t>(i) * step;
    int len = std::snprintf(line, sizeof(line), "announce route %u.%u.%u.%u/%d %s\n", a >> 24,
                            (a >> 16) & 255, (a >> 8) & 255, a & 255, length, attrs.c_str());
    buf.append(line, len);
    if (buf.size() > (1 << 20) - 256 || i + 1 == n) {
      size_t off = 0;
      while (off < buf.size()) {
        ssize_t w = write(1, buf.data() + off, buf.size() - off);
        if (w <= 0) return 1;
        off += static_cast<size_t>(w);
      }
      buf.clear();
    }
  }
  char sink[65536];
  while (read(0, sink, sizeof(sink)) > 0) {
  }
  return 0;
}
