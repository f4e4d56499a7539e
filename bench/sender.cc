// herald-bench-send: a BGP speaker that sends N IPv4 prefixes as fast as the
// socket takes them, for the receive benchmarks (S2, S3) and for measuring
// the sink's ceiling. It accepts one session (--listen) or makes one
// (--connect), completes OPEN/KEEPALIVE, encodes every route with herald's
// wire::EncodeAnnounce (distinct prefixes sharing one attribute set: ORIGIN
// IGP, AS_PATH [asn], NEXT_HOP, MED 100, COMMUNITY asn:1), and only then
// starts the clock and writes, --rounds times over (the same UPDATEs again:
// a receiver without an adj-RIB-in handles each round in full). It keeps the
// session up until the peer closes it or stdin says `quit` (or reaches EOF).
//
//   herald-bench-send (--listen ADDRESS | --connect ADDRESS [--local ADDRESS])
//       --port PORT --count N [--asn 65002] [--first 16.0.0.0] [--length 24]
//       [--extended] [--eor] [--hold 180] [--rounds 1]
//
// stdout, times in CLOCK_MONOTONIC seconds:
//   listening <t>
//   established <t> <local-ip> <peer-ip>
//   encoded <t> <messages> <bytes>          (encoding done, before the clock starts)
//   start <t>                               (just before the first write)
//   sent <t>                                (the socket took the last byte)
//   closed <t>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <string>

#include "bench_util.h"
#include "wire/message.h"

using namespace herald;
using namespace herald::bench;

namespace {

// The connection and the few bytes of protocol the sender needs around the
// pre-encoded UPDATEs.
class Session {
 public:
  Session(int fd, uint32_t asn, uint16_t hold, bool extended)
      : fd_(fd), asn_(asn), hold_(hold), extended_(extended) {}

  // OPEN out, OPEN and KEEPALIVE in. False if the peer goes away.
  bool Establish();
  // Writes `updates` (whole messages), with KEEPALIVEs between messages
  // when due. False if the peer goes away.
  bool Blast(const Bytes& updates);
  // Keeps the session up until the peer closes it or stdin asks to quit.
  void Idle();
  const wire::Negotiated& negotiated() const { return negotiated_; }

 private:
  bool WriteFully(const uint8_t* data, size_t size);
  // Reads and handles what the peer sent; false once it closed.
  bool ReadSome();
  void KeepaliveIfDue();

  const int fd_;
  const uint32_t asn_;
  const uint16_t hold_;
  const bool extended_;
  wire::Negotiated negotiated_;
  bool open_received_ = false;
  bool keepalive_received_ = false;
  double interval_ = 60;
  double last_sent_ = 0;
  Bytes in_;
};

bool Session::Establish() {
  wire::Open open;
  open.my_as = static_cast<uint16_t>(asn_ > 65535 ? wire::kAsTrans : asn_);
  open.hold_time = hold_;
  open.bgp_id = 0x0afffffd;  // 10.255.255.253
  open.capabilities.push_back(wire::Capability::Multiprotocol(wire::kIpv4Unicast));
  open.capabilities.push_back(wire::Capability::As4(asn_));
  if (extended_) open.capabilities.push_back(wire::Capability::ExtendedMessage());
  Bytes b = wire::EncodeMessage(open, negotiated_);
  if (!WriteFully(b.data(), b.size())) return false;
  last_sent_ = Now();
  while (!keepalive_received_) {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, 1000) < 0 && errno != EINTR) return false;
    if (p.revents && !ReadSome()) return false;
  }
  return true;
}

bool Session::ReadSome() {
  uint8_t buf[65536];
  ssize_t n = read(fd_, buf, sizeof(buf));
  if (n < 0) return errno == EAGAIN || errno == EINTR;
  if (n == 0) return false;
  in_.insert(in_.end(), buf, buf + n);
  size_t at = 0;
  while (in_.size() - at >= wire::kHeaderSize) {
    size_t len = (size_t{in_[at + 16]} << 8) | in_[at + 17];
    if (len < wire::kHeaderSize) return false;
    if (in_.size() - at < len) break;
    uint8_t type = in_[at + 18];
    if (type == static_cast<uint8_t>(wire::MessageType::kOpen) && !open_received_) {
      auto m = wire::DecodeMessage(ByteSpan(in_.data() + at, len), negotiated_);
      if (!m) return false;
      const auto& open = std::get<wire::Open>(*m);
      negotiated_.asn4 = open.has(wire::CapabilityCode::kAs4);
      negotiated_.extended_message = extended_ && open.has(wire::CapabilityCode::kExtendedMessage);
      negotiated_.local_as = asn_;
      negotiated_.peer_as = open.asn();
      uint16_t hold = std::min(open.hold_time, hold_);
      interval_ = hold ? hold / 3.0 : 0;
      open_received_ = true;
      Bytes ka = wire::EncodeKeepalive();
      if (!WriteFully(ka.data(), ka.size())) return false;
      last_sent_ = Now();
    } else if (type == static_cast<uint8_t>(wire::MessageType::kKeepalive) && open_received_) {
      keepalive_received_ = true;
    } else if (type == static_cast<uint8_t>(wire::MessageType::kNotification)) {
      std::fprintf(stderr, "herald-bench-send: NOTIFICATION %u/%u\n", len > 19 ? in_[at + 19] : 0,
                   len > 20 ? in_[at + 20] : 0);
      return false;
    }
    at += len;
  }
  in_.erase(in_.begin(), in_.begin() + static_cast<long>(at));
  return true;
}

bool Session::WriteFully(const uint8_t* data, size_t size) {
  while (size) {
    ssize_t w = write(fd_, data, size);
    if (w > 0) {
      data += w;
      size -= static_cast<size_t>(w);
      continue;
    }
    if (w < 0 && errno != EAGAIN && errno != EINTR) return false;
    // Full: read what the peer sends meanwhile, so that neither side waits
    // on the other.
    pollfd p{fd_, POLLOUT | POLLIN, 0};
    if (poll(&p, 1, 1000) < 0 && errno != EINTR) return false;
    if ((p.revents & POLLIN) && !ReadSome()) return false;
  }
  return true;
}

void Session::KeepaliveIfDue() {
  if (interval_ > 0 && Now() - last_sent_ >= interval_) {
    Bytes ka = wire::EncodeKeepalive();
    WriteFully(ka.data(), ka.size());
    last_sent_ = Now();
  }
}

bool Session::Blast(const Bytes& updates) {
  // Chunks of whole messages, so a KEEPALIVE can go in between when a slow
  // receiver makes the blast last longer than the keepalive interval.
  constexpr size_t kChunk = 256 << 10;
  size_t at = 0;
  while (at < updates.size()) {
    size_t end = at;
    while (end < updates.size() && end - at < kChunk)
      end += (size_t{updates[end + 16]} << 8) | updates[end + 17];
    if (!WriteFully(updates.data() + at, end - at)) return false;
    last_sent_ = Now();
    at = end;
    KeepaliveIfDue();
  }
  return true;
}

void Session::Idle() {
  std::string cmd;
  for (;;) {
    pollfd p[2] = {{fd_, POLLIN, 0}, {0, POLLIN, 0}};
    if (poll(p, 2, 500) < 0 && errno != EINTR) return;
    if (p[0].revents && !ReadSome()) return;
    if (p[1].revents) {
      char b[256];
      ssize_t n = read(0, b, sizeof(b));
      if (n <= 0) return;
      cmd.append(b, static_cast<size_t>(n));
      if (cmd.find("quit") != std::string::npos) return;
    }
    KeepaliveIfDue();
  }
}

int Listen(const std::string& address, int port) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, address.c_str(), &a.sin_addr) != 1 ||
      bind(s, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0 || listen(s, 4) != 0) {
    std::perror("listen");
    return -1;
  }
  std::printf("listening %.6f\n", Now());
  std::fflush(stdout);
  return accept(s, nullptr, nullptr);
}

int Connect(const std::string& address, int port, const std::string& local) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  if (!local.empty()) {
    if (inet_pton(AF_INET, local.c_str(), &a.sin_addr) != 1 ||
        bind(s, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0) {
      std::perror("bind");
      return -1;
    }
  }
  a.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, address.c_str(), &a.sin_addr) != 1 ||
      connect(s, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0) {
    std::perror("connect");
    return -1;
  }
  return s;
}

std::string Address(int fd, bool peer) {
  sockaddr_in a{};
  socklen_t len = sizeof(a);
  if (peer ? getpeername(fd, reinterpret_cast<sockaddr*>(&a), &len)
           : getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len))
    return "0.0.0.0";
  char text[INET_ADDRSTRLEN] = {};
  inet_ntop(AF_INET, &a.sin_addr, text, sizeof(text));
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags(argc, argv, {"--extended", "--eor"},
              {"--listen", "--connect", "--local", "--port", "--count", "--asn", "--first",
               "--length", "--hold", "--rounds"});
  if (!flags.error().empty() || flags.Has("--listen") == flags.Has("--connect") ||
      !flags.Has("--port") || !flags.Has("--count")) {
    std::fprintf(stderr, "%s\nusage: %s (--listen ADDRESS | --connect ADDRESS [--local ADDRESS]) "
                         "--port PORT --count N [--asn N] [--first IP] [--length L] [--extended] "
                         "[--eor] [--hold S] [--rounds R]\n",
                 flags.error().c_str(), argv[0]);
    return 2;
  }
  const long count = flags.GetInt("--count", 0);
  const long rounds = flags.GetInt("--rounds", 1);
  const int length = static_cast<int>(flags.GetInt("--length", 24));
  const uint32_t asn = static_cast<uint32_t>(flags.GetInt("--asn", 65002));
  uint32_t first = 0;
  if (!ParseIpv4(flags.Get("--first", "16.0.0.0"), &first) || length < 8 || length > 32 || rounds < 1 ||
      count < 0) {
    std::fprintf(stderr, "bad --first, --length, --count or --rounds\n");
    return 2;
  }
  const int port = static_cast<int>(flags.GetInt("--port", 0));
  int fd = flags.Has("--listen") ? Listen(flags.Get("--listen", ""), port)
                                 : Connect(flags.Get("--connect", ""), port, flags.Get("--local", ""));
  if (fd < 0) return 1;
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  SetNonBlocking(fd);

  Session session(fd, asn, static_cast<uint16_t>(flags.GetInt("--hold", 180)), flags.Has("--extended"));
  if (!session.Establish()) {
    std::printf("closed %.6f\n", Now());
    return 1;
  }
  std::string local = Address(fd, false);
  std::printf("established %.6f %s %s\n", Now(), local.c_str(), Address(fd, true).c_str());
  std::fflush(stdout);

  wire::PathAttributes attrs;
  attrs.origin = wire::Origin::kIgp;
  attrs.as_path = wire::AsPath{{wire::AsSegmentType::kSequence, {asn}}};
  attrs.next_hop = IpAddress::Parse(local);
  attrs.med = 100;
  attrs.communities = {(asn & 0xffff) << 16 | 1};
  std::vector<wire::InetNlri> nlri;
  nlri.reserve(static_cast<size_t>(count));
  for (long i = 0; i < count; ++i)
    nlri.push_back({Prefix(IpAddress::V4(NthPrefix(first, length, static_cast<uint64_t>(i))),
                           static_cast<uint8_t>(length)),
                    0});
  Bytes updates;
  // EncodeAnnounce reserves exactly one more message each time it appends
  // one, which turns a million-route buffer quadratic; reserving the whole
  // (over-estimated) size first keeps encoding in milliseconds.
  updates.reserve(static_cast<size_t>(count) * (1 + (length + 7) / 8) * 11 / 10 + (1 << 16));
  if (!wire::EncodeAnnounce(wire::kIpv4Unicast, attrs, {}, nlri, session.negotiated(), &updates)) {
    std::fprintf(stderr, "herald-bench-send: cannot encode the routes\n");
    return 1;
  }
  size_t messages = 0;
  for (size_t at = 0; at < updates.size(); ++messages)
    at += (size_t{updates[at + 16]} << 8) | updates[at + 17];
  std::printf("encoded %.6f %zu %zu\n", Now(), messages, updates.size());
  std::printf("start %.6f\n", Now());
  std::fflush(stdout);
  bool ok = true;
  for (long r = 0; r < rounds && ok; ++r) ok = session.Blast(updates);
  if (ok && flags.Has("--eor")) ok = session.Blast(wire::EncodeEndOfRib(wire::kIpv4Unicast));
  std::printf("%s %.6f\n", ok ? "sent" : "closed", Now());
  std::fflush(stdout);
  if (!ok) return 1;
  session.Idle();
  std::printf("closed %.6f\n", Now());
  return 0;
}
