// herald-bench-sink: a minimal BGP receiver for benchmarks. One thread, one
// epoll set, any number of sessions accepted on ADDRESS:PORT. It answers
// each OPEN with one that mirrors the speaker's families (and extended
// messages), keeps every session alive, and counts what arrives, scanning
// UPDATEs with ScanUpdate (update_scan.h) rather than decoding them.
//
//   herald-bench-sink --listen ADDRESS --port PORT [--asn 65002]
//       [--expect N] [--wave K] [--watch PREFIX] [--track] [--hold-timer]
//
// --track       keep every session's IPv4 routes (prefix -> MED) and a digest
//               of them, for `held` (tools/soak.py checks the routes a peer
//               holds against those wanted)
// --hold-timer  run the hold timer like a real peer: a session silent for
//               longer than its hold time gets NOTIFICATION 4/0 and is closed
//
// Events go to stdout, one line each, times in CLOCK_MONOTONIC seconds:
//   listening <t>
//   established <t> <session> <peer-ip> <local-ip>
//   complete <t> <session> <announced>    (once a session has had N announced)
//   med <t> <med> <count>                 (once K prefixes arrived with that MED, all sessions)
//   eor <t> <session> <announced>
//   notification <t> <session> <code> <subcode>
//   closed <t> <session> <announced> <withdrawn>
//   expired <t> <session> <silence>       (--hold-timer)
// Commands on stdin: `stats` prints one line per session,
//   session <id> <peer-ip> <local-ip> <established-t> <announced> <withdrawn>
//           <updates> <keepalives> <max-keepalive-gap> <first-keepalive-t> <last-keepalive-t>
// then, in arrival order, every UPDATE that touched the watched prefix,
//   watch <t> <session> announce|withdraw <med or ->
// then `end`. `quit` (or EOF) exits. The keepalive gap is the longest time
// between two KEEPALIVEs received on an established session.
// `held` prints one line per open session,
//   held <id> <peer-ip> <established 0|1> <hold-time> <routes> <digest> <max-silence>
// then `end <sessions ever> <max silence/hold of any session ever> <sessions
// whose silence exceeded their hold time>`. The silence is the longest time
// between two messages received once Established (with the current one
// counted up to now); the digest (--track) is the sum mod 2^64 of
// RouteHash(prefix, MED) over the routes held, in hex, `-` without --track.
// `drop <peer-ip> [notify]` closes the open sessions from that address, after
// a NOTIFICATION Cease/Administrative Reset with `notify`.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "bench_util.h"
#include "update_scan.h"
#include "wire/message.h"

using namespace herald;
using namespace herald::bench;

namespace {

struct Session {
  int fd = -1;
  int id = 0;
  std::string peer, local;
  bool open_received = false;
  bool established = false;
  double established_at = 0;
  double keepalive_interval = 0;  // ours: negotiated hold time / 3
  double last_sent = 0;
  uint64_t announced = 0, withdrawn = 0, updates = 0, keepalives = 0;
  double first_keepalive = 0, last_keepalive = 0, max_gap = 0;
  bool complete = false;
  Bytes pending;  // a partial message carried to the next read
  double hold_time = 0;     // negotiated (the sink mirrors the speaker's)
  double last_received = 0;  // once established
  double max_silence = 0;
  // --track: IPv4 routes held, by RouteKey, with their MED (0 if none).
  std::unordered_map<uint64_t, uint32_t> routes;
  uint64_t digest = 0;
};

// splitmix64's finalizer. The digest of a table is the sum of RouteHash
// over its routes, so that it can be kept up to date route by route and
// compared with one computed elsewhere (tools/soak.py has the same function).
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// (address << 8) | length of an IPv4 prefix in its NLRI encoding; 0 for
// anything longer than /32 (not tracked).
uint64_t RouteKey(ByteSpan nlri) {
  if (nlri[0] > 32) return 0;
  uint32_t address = 0;
  for (size_t i = 1; i < nlri.size(); ++i) address |= uint32_t{nlri[i]} << (32 - 8 * i);
  return (uint64_t{address} << 8) | nlri[0];
}

uint64_t RouteHash(uint64_t key, uint32_t med) { return Mix(Mix(key) ^ med); }

struct WatchEvent {
  double t;
  int session;
  bool announce;
  std::optional<uint32_t> med;
};

class Sink {
 public:
  Sink(uint32_t asn, uint64_t expect, uint64_t wave, WatchedPrefix watch, bool track,
       bool hold_timer)
      : asn_(asn),
        expect_(expect),
        wave_(wave),
        watch_(watch),
        track_(track),
        hold_timer_(hold_timer),
        buf_(kBufSize) {}

  int Run(int listen_fd);

 private:
  // One read per wake-up, at most kReadSize bytes: scanning a read takes
  // about 1 ms per MiB, and a session with a burst must not hold up the
  // arrival time of another one's UPDATE (S4) for longer than that.
  static constexpr size_t kReadSize = 128 << 10;
  // Room for a partial message (at most 64 KiB) and a read.
  static constexpr size_t kBufSize = kReadSize + (64 << 10);

  void Accept(int listen_fd);
  void Read(Session& s);
  // Handles one whole message; false to close the session.
  bool Handle(Session& s, ByteSpan msg);
  void Close(Session& s);
  void Timers();
  bool Command();  // false: quit
  void Send(Session& s, const Bytes& b);
  // --track: applies an UPDATE's prefixes (listed in prefixes_) to s.routes.
  void Track(Session& s, std::optional<uint32_t> med);
  // Notes the time since the session's previous message.
  void Heard(Session& s, double now);
  void PrintHeld();
  void Drop(const std::string& peer, bool notify);

  const uint32_t asn_;
  const uint64_t expect_;
  const uint64_t wave_;
  const WatchedPrefix watch_;
  const bool track_;
  const bool hold_timer_;
  UpdatePrefixes prefixes_;
  double max_silence_ratio_ = 0;  // of any session, closed ones included
  uint64_t late_sessions_ = 0;     // sessions silent for longer than their hold time
  int epoll_ = -1;
  int next_id_ = 1;
  std::unordered_map<int, std::unique_ptr<Session>> sessions_;  // by fd
  std::vector<std::unique_ptr<Session>> closed_;
  std::unordered_map<uint32_t, uint64_t> per_med_;
  std::vector<WatchEvent> watched_;
  std::vector<uint8_t> buf_;
  std::string stdin_;
  double last_timers_ = 0;
};

void Event(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void Event(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  std::vprintf(fmt, ap);
  va_end(ap);
  std::fflush(stdout);
}

std::string AddressOf(const sockaddr_in& a) {
  char text[INET_ADDRSTRLEN] = {};
  inet_ntop(AF_INET, &a.sin_addr, text, sizeof(text));
  return text;
}

void Sink::Send(Session& s, const Bytes& b) {
  // Messages the sink sends are a few dozen bytes on an otherwise idle
  // direction; a full socket buffer would mean the speaker stopped reading,
  // and then a lost KEEPALIVE is what should happen.
  ssize_t w = write(s.fd, b.data(), b.size());
  (void)w;
  s.last_sent = Now();
}

int Sink::Run(int listen_fd) {
  epoll_ = epoll_create1(0);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = listen_fd;
  epoll_ctl(epoll_, EPOLL_CTL_ADD, listen_fd, &ev);
  ev.data.fd = 0;
  epoll_ctl(epoll_, EPOLL_CTL_ADD, 0, &ev);
  SetNonBlocking(0);
  Event("listening %.6f\n", Now());

  std::vector<epoll_event> events(1024);
  for (;;) {
    int n = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 200);
    if (n < 0 && errno != EINTR) return 1;
    for (int i = 0; i < n; ++i) {
      int fd = events[i].data.fd;
      if (fd == listen_fd) {
        Accept(listen_fd);
      } else if (fd == 0) {
        if (!Command()) return 0;
      } else if (auto it = sessions_.find(fd); it != sessions_.end()) {
        Read(*it->second);
      }
    }
    Timers();
  }
}

void Sink::Accept(int listen_fd) {
  for (;;) {
    sockaddr_in peer{}, local{};
    socklen_t len = sizeof(peer);
    int fd = accept4(listen_fd, reinterpret_cast<sockaddr*>(&peer), &len, SOCK_NONBLOCK);
    if (fd < 0) return;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    len = sizeof(local);
    getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len);
    auto s = std::make_unique<Session>();
    s->fd = fd;
    s->id = next_id_++;
    s->peer = AddressOf(peer);
    s->local = AddressOf(local);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev);
    sessions_[fd] = std::move(s);
  }
}

void Sink::Read(Session& s) {
  // The partial message left by the previous read goes first, then as much
  // as the socket has.
  size_t have = s.pending.size();
  std::memcpy(buf_.data(), s.pending.data(), have);
  ssize_t n = read(s.fd, buf_.data() + have, kReadSize);
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
  if (n <= 0) return Close(s);
  size_t end = have + static_cast<size_t>(n);
  size_t at = 0;
  while (end - at >= wire::kHeaderSize) {
    size_t len = (size_t{buf_[at + 16]} << 8) | buf_[at + 17];
    if (len < wire::kHeaderSize) return Close(s);
    if (end - at < len) break;
    if (!Handle(s, ByteSpan(buf_.data() + at, len))) return Close(s);
    at += len;
  }
  s.pending.assign(buf_.begin() + static_cast<long>(at), buf_.begin() + static_cast<long>(end));
}

bool Sink::Handle(Session& s, ByteSpan msg) {
  const uint8_t type = msg[18];
  const double now = Now();
  if (s.established) Heard(s, now);
  if (type == static_cast<uint8_t>(wire::MessageType::kUpdate)) {
    UpdateCounts c;
    if (!ScanUpdate(msg.subspan(wire::kHeaderSize), watch_, &c, track_ ? &prefixes_ : nullptr)) {
      Event("malformed %.6f %d\n", now, s.id);
      return false;
    }
    if (track_) Track(s, c.med);
    ++s.updates;
    s.announced += c.announced;
    s.withdrawn += c.withdrawn;
    if (c.watched_announced || c.watched_withdrawn)
      watched_.push_back({now, s.id, c.watched_announced, c.med});
    if (wave_ && c.med && c.announced) {
      uint64_t& m = per_med_[*c.med];
      uint64_t before = m;
      m += c.announced;
      if (before < wave_ && m >= wave_) Event("med %.6f %u %lu\n", now, *c.med, m);
    }
    if (c.end_of_rib) Event("eor %.6f %d %lu\n", now, s.id, s.announced);
    if (!s.complete && expect_ && s.announced >= expect_) {
      s.complete = true;
      Event("complete %.6f %d %lu\n", now, s.id, s.announced);
    }
  } else if (type == static_cast<uint8_t>(wire::MessageType::kKeepalive)) {
    if (s.open_received && !s.established) {
      s.established = true;
      s.established_at = now;
      s.last_received = now;
      Event("established %.6f %d %s %s\n", now, s.id, s.peer.c_str(), s.local.c_str());
    } else if (s.established) {
      if (s.keepalives) s.max_gap = std::max(s.max_gap, now - s.last_keepalive);
      if (!s.keepalives) s.first_keepalive = now;
      s.last_keepalive = now;
      ++s.keepalives;
    }
  } else if (type == static_cast<uint8_t>(wire::MessageType::kOpen)) {
    wire::Negotiated negotiated;
    auto m = wire::DecodeMessage(msg, negotiated);
    if (!m) return false;
    const auto& open = std::get<wire::Open>(*m);
    wire::Open reply;
    reply.my_as = static_cast<uint16_t>(asn_ > 65535 ? wire::kAsTrans : asn_);
    reply.hold_time = open.hold_time;
    reply.bgp_id = 0x0afffffe;  // 10.255.255.254: never one of the speakers' ids
    for (const auto& cap : open.capabilities)
      if (cap.code == 1 || cap.code == 6) reply.capabilities.push_back(cap);
    reply.capabilities.push_back(wire::Capability::As4(asn_));
    Send(s, wire::EncodeMessage(reply, negotiated));
    Send(s, wire::EncodeKeepalive());
    s.open_received = true;
    s.keepalive_interval = open.hold_time / 3.0;
    s.hold_time = open.hold_time;
  } else if (type == static_cast<uint8_t>(wire::MessageType::kNotification)) {
    Event("notification %.6f %d %u %u\n", now, s.id, msg.size() > 19 ? msg[19] : 0,
          msg.size() > 20 ? msg[20] : 0);
    return false;
  }
  return true;
}

void Sink::Track(Session& s, std::optional<uint32_t> med) {
  for (ByteSpan p : prefixes_.withdrawn) {
    auto it = s.routes.find(RouteKey(p));
    if (it == s.routes.end()) continue;
    s.digest -= RouteHash(it->first, it->second);
    s.routes.erase(it);
  }
  const uint32_t m = med.value_or(0);
  for (ByteSpan p : prefixes_.announced) {
    const uint64_t key = RouteKey(p);
    if (!key) continue;
    auto [it, added] = s.routes.try_emplace(key, m);
    if (!added) s.digest -= RouteHash(key, it->second);
    it->second = m;
    s.digest += RouteHash(key, m);
  }
}

void Sink::Heard(Session& s, double now) {
  const double silence = now - s.last_received;
  s.last_received = now;
  if (silence <= s.max_silence) return;
  if (s.hold_time > 0 && s.max_silence <= s.hold_time && silence > s.hold_time) ++late_sessions_;
  s.max_silence = silence;
  if (s.hold_time > 0) max_silence_ratio_ = std::max(max_silence_ratio_, silence / s.hold_time);
}

void Sink::Close(Session& s) {
  Event("closed %.6f %d %lu %lu\n", Now(), s.id, s.announced, s.withdrawn);
  s.routes = {};  // a closed session's routes are gone; only its counts stay
  epoll_ctl(epoll_, EPOLL_CTL_DEL, s.fd, nullptr);
  close(s.fd);
  auto it = sessions_.find(s.fd);
  s.fd = -1;
  closed_.push_back(std::move(it->second));
  sessions_.erase(it);
}

void Sink::Timers() {
  double now = Now();
  if (now - last_timers_ < 0.25) return;
  last_timers_ = now;
  std::vector<Session*> expired;
  for (auto& [fd, s] : sessions_) {
    const double since_sent = now - s->last_sent;
    if (s->open_received && s->keepalive_interval > 0 && since_sent >= s->keepalive_interval)
      Send(*s, wire::EncodeKeepalive());
    if (hold_timer_ && s->established && s->hold_time > 0 && now - s->last_received > s->hold_time)
      expired.push_back(s.get());
  }
  for (Session* s : expired) {
    // RFC 4271 §6.5: Hold Timer Expired.
    Heard(*s, now);
    Event("expired %.6f %d %.3f\n", now, s->id, s->max_silence);
    Send(*s, wire::EncodeMessage(wire::Notification{4, 0, {}}, wire::Negotiated{}));
    Close(*s);
  }
}

void Sink::PrintHeld() {
  const double now = Now();
  double ratio = max_silence_ratio_;
  uint64_t late = late_sessions_;
  for (const auto& [fd, s] : sessions_) {
    // The current silence counts too: a session that went quiet for good
    // has no next message to measure it.
    double silence = s->established ? std::max(s->max_silence, now - s->last_received) : 0;
    if (s->hold_time > 0) {
      ratio = std::max(ratio, silence / s->hold_time);
      if (s->max_silence <= s->hold_time && silence > s->hold_time) ++late;
    }
    char digest[24] = "-";
    if (track_) std::snprintf(digest, sizeof(digest), "%016" PRIx64, s->digest);
    std::printf("held %d %s %d %.0f %zu %s %.3f\n", s->id, s->peer.c_str(), s->established ? 1 : 0,
                s->hold_time, s->routes.size(), digest, silence);
  }
  std::printf("end %d %.4f %" PRIu64 "\n", next_id_ - 1, ratio, late);
  std::fflush(stdout);
}

void Sink::Drop(const std::string& peer, bool notify) {
  std::vector<Session*> victims;
  for (auto& [fd, s] : sessions_)
    if (s->peer == peer) victims.push_back(s.get());
  for (Session* s : victims) {
    Event("dropped %.6f %d %s\n", Now(), s->id, notify ? "notify" : "close");
    if (notify) {
      auto cease = wire::Notification::Cease(wire::CeaseSubcode::kAdministrativeReset);
      Send(*s, wire::EncodeMessage(cease, wire::Negotiated{}));
    }
    Close(*s);
  }
}

bool Sink::Command() {
  char b[4096];
  for (;;) {
    ssize_t n = read(0, b, sizeof(b));
    if (n == 0) return false;
    if (n < 0) break;
    stdin_.append(b, static_cast<size_t>(n));
  }
  for (size_t nl; (nl = stdin_.find('\n')) != std::string::npos;) {
    std::string cmd = stdin_.substr(0, nl);
    stdin_.erase(0, nl + 1);
    if (cmd == "quit") return false;
    if (cmd == "held") {
      PrintHeld();
      continue;
    }
    if (cmd.rfind("drop ", 0) == 0) {
      std::string peer = cmd.substr(5);
      const bool notify = peer.size() > 7 && peer.substr(peer.size() - 7) == " notify";
      if (notify) peer.resize(peer.size() - 7);
      Drop(peer, notify);
      continue;
    }
    if (cmd != "stats") continue;
    std::vector<const Session*> all;
    for (const auto& s : closed_) all.push_back(s.get());
    for (const auto& [fd, s] : sessions_) all.push_back(s.get());
    for (const Session* s : all) {
      std::printf("session %d %s %s %.6f %lu %lu %lu %lu %.6f %.6f %.6f\n", s->id, s->peer.c_str(),
                  s->local.c_str(), s->established_at, s->announced, s->withdrawn, s->updates,
                  s->keepalives, s->max_gap, s->first_keepalive, s->last_keepalive);
    }
    for (const WatchEvent& w : watched_) {
      std::printf("watch %.9f %d %s %s\n", w.t, w.session, w.announce ? "announce" : "withdraw",
                  w.med ? std::to_string(*w.med).c_str() : "-");
    }
    std::printf("end\n");
    std::fflush(stdout);
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags(argc, argv, {"--track", "--hold-timer"},
              {"--listen", "--port", "--asn", "--expect", "--wave", "--watch"});
  if (!flags.error().empty() || !flags.Has("--listen") || !flags.Has("--port")) {
    std::fprintf(stderr, "%s\nusage: %s --listen ADDRESS --port PORT [--asn N] [--expect N] "
                         "[--wave K] [--watch PREFIX] [--track] [--hold-timer]\n",
                 flags.error().c_str(), argv[0]);
    return 2;
  }
  WatchedPrefix watch;
  if (flags.Has("--watch") && !watch.Parse(flags.Get("--watch", "").c_str())) {
    std::fprintf(stderr, "bad --watch prefix\n");
    return 2;
  }
  int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int one = 1;
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(flags.GetInt("--port", 0)));
  if (inet_pton(AF_INET, flags.Get("--listen", "").c_str(), &a.sin_addr) != 1 ||
      bind(s, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0 || listen(s, 4096) != 0) {
    std::perror("listen");
    return 1;
  }
  Sink sink(static_cast<uint32_t>(flags.GetInt("--asn", 65002)),
            static_cast<uint64_t>(flags.GetInt("--expect", 0)),
            static_cast<uint64_t>(flags.GetInt("--wave", 0)), watch, flags.Has("--track"),
            flags.Has("--hold-timer"));
  return sink.Run(s);
}
