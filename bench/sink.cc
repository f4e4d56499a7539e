// herald-bench-sink: a minimal BGP receiver for benchmarks. It accepts one
// session at a time on ADDRESS:PORT, answers OPEN with an OPEN that mirrors
// the speaker's families, keeps the session alive, and counts the prefixes
// announced in UPDATEs. It prints, on stdout, one line per event with a
// CLOCK_MONOTONIC time in seconds:
//   established <t>
//   progress <t> <announced>         (every 100,000 prefixes)
//   complete <t> <announced>         (once <expect> prefixes have arrived)
//   eor <t> <announced>
//   closed <t> <announced>
// It uses herald's own decoder, so its ceiling is herald's decoding speed.
//
//   herald-bench-sink ADDRESS PORT ASN EXPECT
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "base/bytes.h"
#include "wire/message.h"

using namespace herald;

static double Now() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool WriteAll(int fd, const Bytes& b) {
  size_t off = 0;
  while (off < b.size()) {
    ssize_t w = write(fd, b.data() + off, b.size() - off);
    if (w <= 0) return false;
    off += static_cast<size_t>(w);
  }
  return true;
}

static void Session(int fd, uint32_t asn, long expect) {
  wire::Negotiated negotiated;
  std::vector<uint8_t> buf(1 << 20);
  size_t begin = 0, end = 0;
  long announced = 0;
  bool complete = false;
  double last_keepalive = Now();
  bool up = false;
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    int r = poll(&p, 1, 1000);
    if (Now() - last_keepalive > 20) {
      WriteAll(fd, wire::EncodeKeepalive());
      last_keepalive = Now();
    }
    if (r <= 0) continue;
    if (end == buf.size()) {
      std::memmove(buf.data(), buf.data() + begin, end - begin);
      end -= begin;
      begin = 0;
    }
    ssize_t n = read(fd, buf.data() + end, buf.size() - end);
    if (n <= 0) break;
    end += static_cast<size_t>(n);
    while (end - begin >= 19) {
      size_t len = (size_t{buf[begin + 16]} << 8) | buf[begin + 17];
      if (len < 19) return;
      if (end - begin < len) break;
      ByteSpan msg(buf.data() + begin, len);
      uint8_t type = buf[begin + 18];
      if (type == 1) {
        auto m = wire::DecodeMessage(msg, negotiated);
        if (!m) return;
        const auto& open = std::get<wire::Open>(*m);
        wire::Open reply;
        reply.my_as = static_cast<uint16_t>(asn > 65535 ? wire::kAsTrans : asn);
        reply.hold_time = open.hold_time;
        reply.bgp_id = 0x0a0000fe;
        for (const auto& c : open.capabilities)
          if (c.code == 1 || c.code == 6) reply.capabilities.push_back(c);
        reply.capabilities.push_back({65, wire::As4Cap{asn}});
        negotiated.extended_message = open.has(wire::CapabilityCode::kExtendedMessage);
        negotiated.asn4 = open.has(wire::CapabilityCode::kAs4);
        WriteAll(fd, wire::EncodeMessage(reply, negotiated));
        WriteAll(fd, wire::EncodeKeepalive());
      } else if (type == 4) {
        if (!up) {
          up = true;
          std::printf("established %.6f\n", Now());
          std::fflush(stdout);
        }
      } else if (type == 2) {
        ByteReader body(msg.subspan(19));
        auto u = wire::Update::Decode(body, negotiated);
        if (!u) return;
        long before = announced;
        announced += static_cast<long>(u->nlri.size());
        if (u->mp_reach) announced += static_cast<long>(u->mp_reach->nlri.size());
        if (u->EndOfRib()) {
          std::printf("eor %.6f %ld\n", Now(), announced);
          std::fflush(stdout);
        }
        if (announced / 100000 != before / 100000) {
          std::printf("progress %.6f %ld\n", Now(), announced);
          std::fflush(stdout);
        }
        if (!complete && expect > 0 && announced >= expect) {
          complete = true;
          std::printf("complete %.6f %ld\n", Now(), announced);
          std::fflush(stdout);
        }
      }
      begin += len;
    }
    if (begin == end) begin = end = 0;
  }
  std::printf("closed %.6f %ld\n", Now(), announced);
  std::fflush(stdout);
}

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s ADDRESS PORT ASN EXPECT\n", argv[0]);
    return 2;
  }
  int s = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(std::atoi(argv[2])));
  if (inet_pton(AF_INET, argv[1], &a.sin_addr) != 1 ||
      bind(s, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0 || listen(s, 4) != 0) {
    std::perror("listen");
    return 1;
  }
  std::printf("listening %.6f\n", Now());
  std::fflush(stdout);
  uint32_t asn = static_cast<uint32_t>(std::strtoul(argv[3], nullptr, 10));
  long expect = std::strtol(argv[4], nullptr, 10);
  for (;;) {
    int fd = accept(s, nullptr, nullptr);
    if (fd < 0) continue;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    Session(fd, asn, expect);
    close(fd);
  }
}
