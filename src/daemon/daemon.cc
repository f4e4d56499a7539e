#include "daemon/daemon.h"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "api/render_down_reason.h"
#include "base/log.h"
#include "config/parser.h"
#include "daemon/reload.h"

namespace herald::daemon {

using log::Category;

namespace {

std::string HostName() {
  char buf[256] = {};
  if (gethostname(buf, sizeof(buf) - 1) != 0) return "localhost";
  std::string h(buf);
  // ExaBGP prints the short host name.
  if (auto dot = h.find('.'); dot != std::string::npos) h.resize(dot);
  return h;
}

double Now() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

std::string MemoryUse() {
  std::ifstream in("/proc/self/status");
  std::string line, out;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0 || line.rfind("VmHWM:", 0) == 0) {
      if (!out.empty()) out += ", ";
      out += line;
    }
  }
  return out;
}

}  // namespace

Daemon::Daemon(asio::io_context& io, config::Environment env, Options options)
    : io_(io),
      env_(std::move(env)),
      options_(std::move(options)),
      signals_(io),
      reload_timer_(io) {
  host_.host = HostName();
  host_.pid = getpid();
  host_.ppid = getppid();
  host_.now = Now;
}

Daemon::~Daemon() {
  // A parse still running ends by itself; its result is never handled.
  if (parse_thread_.joinable()) parse_thread_.join();
  asio::error_code ec;
  signals_.cancel(ec);
  reload_timer_.cancel();
  // Peers hold references into the pool: drop them first.
  peers_.clear();
}

Result<std::shared_ptr<const config::Config>, std::vector<config::ConfigError>> Daemon::LoadConfig(
    size_t rotation) const {
  const std::vector<std::string>& files = options_.config_files;
  auto parsed = options_.config_text ? config::ParseConfigText(*options_.config_text, "<demo>")
                : options_.rotate && !files.empty()
                    ? config::ParseConfigFiles({files[rotation % files.size()]})
                    : config::ParseConfigFiles(files);
  if (!parsed) return Fail(std::move(parsed).error());
  config::Config c = std::move(*parsed);
  if (options_.passive)
    for (auto& n : c.neighbors) n.passive = true;
  return std::shared_ptr<const config::Config>(std::make_shared<config::Config>(std::move(c)));
}

Status Daemon::Start() {
  auto loaded = LoadConfig(0);
  if (!loaded) {
    for (const auto& e : loaded.error()) log::Error(Category::kConfiguration, "{}", e.ToString());
    return Fail("the configuration has errors");
  }
  supervisor_ = std::make_unique<process::Supervisor>(
      io_, process::Supervisor::Callbacks{
               [this](const std::string& name, std::string_view line) { OnProcessLine(name, line); },
               [this](const std::string& name) { OnProcessBatchEnd(name); },
               [](const std::string& name, int pid) {
                 log::Info(Category::kProcesses, "process {} started (pid {})", name, pid);
               },
               [this](const std::string& name, int status, bool respawning) {
                 log::Warn(Category::kProcesses, "process {} exited (status {}){}", name, status,
                           respawning ? ", respawning" : "");
                 if (!respawning && env_.api.terminate && !shutting_down_)
                   Shutdown("process " + name + " ended (api.terminate)");
               },
               [this](const std::string&) {
                 for (auto& p : peers_) p->ResumeReading();
               },
               [this](const std::string& name, size_t length) {
                 OnProcessOverlongLine(name, length);
               }});
  listener_ = std::make_unique<net::Listener>(
      io_, [this](const IpAddress& remote, const IpAddress& local, uint16_t port) {
        return MatchIncoming(remote, local, port);
      });
  config_ = *loaded;
  for (const auto& w : config_->warnings) log::Warn(Category::kConfiguration, "{}", w.ToString());
  if (Status s = StartListening(); !s) return s;
  StartControlSocket();  // before the privilege drop: /run/herald needs root

  if (getuid() == 0 && env_.daemon.drop) {
    // Bound what needed root; now become daemon.user (ExaBGP's default).
    struct passwd* pw = getpwnam(env_.daemon.user.c_str());
    if (!pw) return Fail("daemon.user '" + env_.daemon.user + "' does not exist (or set daemon.drop=false)");
    if (setgroups(0, nullptr) != 0 || setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0)
      return Fail("cannot drop privileges to '" + env_.daemon.user + "'");
    if (control_) control_->Chown(pw->pw_uid, pw->pw_gid);
    log::Info(Category::kDaemon, "dropped privileges to user {}", env_.daemon.user);
  }

  WaitSignals();
  StartCli();
  // At start-up the file is parsed here, but the static routes go in
  // slices like on reload: peers start once theirs are in.
  Apply(config_, false, nullptr);
  if (options_.reload_after) {
    reload_timer_.expires_after(std::chrono::seconds(*options_.reload_after));
    reload_timer_.async_wait([](asio::error_code ec) {
      if (!ec) ::kill(getpid(), SIGUSR1);
    });
  }
  log::Info(Category::kReactor, "herald running: {} neighbor(s), {} process(es)", peers_.size(),
            processes_.size());
  return Ok();
}

Status Daemon::StartListening() {
  std::set<std::pair<IpAddress, uint16_t>> endpoints;
  for (const IpAddress& a : env_.tcp.bind) endpoints.insert({a, env_.tcp.port});
  for (const auto& n : config_->neighbors) {
    if (n.listen) {
      endpoints.insert({n.local_address.value_or(n.peer_address.is_v4() ? IpAddress() : IpAddress::V6({})),
                        n.listen});
    } else if (n.passive && env_.tcp.bind.empty() && options_.passive) {
      endpoints.insert({n.local_address.value_or(n.peer_address.is_v4() ? IpAddress() : IpAddress::V6({})),
                        env_.tcp.port});
    }
  }
  for (const auto& [address, port] : endpoints)
    if (Status s = listener_->Listen(address, port); !s) return s;
  for (const auto& n : config_->neighbors) {
    if (n.passive && endpoints.empty())
      log::Warn(Category::kConfiguration,
                "neighbor {} is passive but herald listens nowhere (set exabgp.tcp.bind or `listen`)",
                n.peer_address.ToString());
  }
  return Ok();
}

net::Peer* Daemon::MatchIncoming(const IpAddress& remote, const IpAddress& local, uint16_t port) {
  if (shutting_down_) return nullptr;
  for (auto& p : peers_) {
    const config::NeighborConfig& n = p->config();
    if (n.peer_address != remote) continue;
    if (n.local_address && *n.local_address != local) continue;
    if (n.listen && n.listen != port) continue;
    if (Loading(p.get())) continue;  // not started: its routes are still going in
    return p.get();
  }
  return nullptr;
}

std::unique_ptr<net::Peer> Daemon::MakePeer(const config::NeighborConfig& n) {
  net::PeerSettings s;
  s.port = env_.tcp.port;
  s.open_wait = env_.bgp.openwait;
  s.attempts = env_.tcp.attempts;
  s.once = env_.tcp.once;
  s.delay_minutes = env_.tcp.delay;
  if (listener_) s.listener_security = listener_->security();
  return std::make_unique<net::Peer>(io_, next_peer_id_++, n, s, this, &pool_);
}

void Daemon::RebuildApi() {
  std::map<const net::Peer*, PeerApi> old = std::move(peer_api_);
  peer_api_.clear();
  // adj-rib-in tables: kept for the neighbors that still have one.
  std::map<const net::Peer*, std::unique_ptr<rib::AdjRibIn>> old_in = std::move(rib_in_);
  rib_in_.clear();
  for (auto& peer : peers_) {
    if (!peer->config().adj_rib_in) continue;
    auto was = old_in.find(peer.get());
    rib_in_[peer.get()] = was != old_in.end() ? std::move(was->second) : std::make_unique<rib::AdjRibIn>(&pool_);
  }
  for (auto& [name, p] : processes_) p.peers.clear();
  for (auto& peer : peers_) {
    PeerApi api;
    net::Wants rx, tx;
    for (const config::ApiConfig& a : peer->config().api) {
      bool parsed_rx = a.receive.parsed || a.receive.consolidate;
      bool parsed_tx = a.send.parsed || a.send.consolidate;
      // Messages a direction takes: parsed, as bytes, or both.
      bool any_rx = parsed_rx || a.receive.packets;
      bool any_tx = parsed_tx || a.send.packets;
      for (const std::string& name : a.processes) {
        Process* p = FindProcess(name);
        if (!p) continue;
        if (std::find(p->peers.begin(), p->peers.end(), peer.get()) == p->peers.end())
          p->peers.push_back(peer.get());
        auto add = [p](std::vector<Process*>& v, bool on) {
          if (on && std::find(v.begin(), v.end(), p) == v.end()) v.push_back(p);
        };
        add(api.changes, a.neighbor_changes);
        add(api.fsm, a.fsm);
        add(api.negotiated, a.negotiated);
        add(api.signal, a.signal);
        add(api.receive_open, any_rx && a.receive.open);
        add(api.receive_keepalive, any_rx && a.receive.keepalive);
        add(api.receive_notification, any_rx && a.receive.notification);
        add(api.receive_update, any_rx && a.receive.update);
        add(api.receive_refresh, any_rx && a.receive.refresh);
        add(api.send_open, any_tx && a.send.open);
        add(api.send_keepalive, any_tx && a.send.keepalive);
        add(api.send_notification, any_tx && a.send.notification);
        add(api.send_update, any_tx && a.send.update);
        add(api.send_refresh, any_tx && a.send.refresh);
        add(api.all, true);
        // Several api blocks naming the same process add up.
        auto packets = [p](std::vector<PeerApi::Packets>& v, const config::ApiMessages& m) {
          if (!m.packets) return;
          auto it = std::find_if(v.begin(), v.end(), [p](const PeerApi::Packets& e) { return e.process == p; });
          if (it == v.end()) it = v.insert(v.end(), PeerApi::Packets{p, false, false});
          it->parsed |= m.parsed;
          it->consolidate |= m.consolidate;
        };
        packets(api.receive_packets, a.receive);
        packets(api.send_packets, a.send);
      }
    }
    rx.open = !api.receive_open.empty();
    rx.keepalive = !api.receive_keepalive.empty();
    rx.notification = !api.receive_notification.empty();
    rx.update = !api.receive_update.empty() || peer->config().adj_rib_in;
    rx.refresh = !api.receive_refresh.empty();
    tx.open = !api.send_open.empty();
    tx.keepalive = !api.send_keepalive.empty();
    tx.notification = !api.send_notification.empty();
    tx.update = !api.send_update.empty();
    tx.refresh = !api.send_refresh.empty();
    rx.packets = !api.receive_packets.empty();
    tx.packets = !api.send_packets.empty();
    peer->receive_wants = rx;
    peer->send_wants = tx;
    if (auto was = old.find(peer.get()); was != old.end()) api.agreed = was->second.agreed;
    peer_api_[peer.get()] = std::move(api);
  }
}

Daemon::Process* Daemon::FindProcess(const std::string& name) {
  auto it = processes_.find(name);
  return it == processes_.end() ? nullptr : &it->second;
}

void Daemon::WaitSignals() {
  for (int s : {SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGUSR2, SIGALRM}) signals_.add(s);
  signals_.async_wait([this](asio::error_code ec, int signal) {
    if (ec) return;
    // `api { signal; }`: every neighbor tells its processes, before acting.
    for (auto& peer : peers_)
      Report(ApiOf(*peer).signal,
             [&](api::Renderer& r, std::string* out) { r.Signal(peer->info(), signal, out); });
    switch (signal) {
      case SIGUSR1:
        log::Info(Category::kReactor, "SIGUSR1 received");
        RequestReload(kReloadOnly);
        break;
      case SIGUSR2:
        log::Info(Category::kReactor, "SIGUSR2 received");
        RequestReload(kRestartProcesses);
        break;
      case SIGALRM:
        log::Info(Category::kReactor, "SIGALRM received");
        RequestReload(kRestartSessions);
        break;
      default:
        log::Info(Category::kReactor, "{} received", signal == SIGINT    ? "SIGINT"
                                                     : signal == SIGHUP ? "SIGHUP"
                                                                        : "SIGTERM");
        Shutdown("signal");
        return;  // no more signals: a second SIGTERM is the default action
    }
    WaitSignals();
  });
}

void Daemon::Shutdown(const std::string& why) {
  if (shutting_down_) return;
  shutting_down_ = true;
  log::Info(Category::kReactor, "performing shutdown ({})", why);
  if (listener_) listener_->Close();
  if (cli_pipes_) cli_pipes_->StopReading();
  reload_timer_.cancel();
  auto remaining = std::make_shared<size_t>(peers_.size());
  auto finished = std::make_shared<bool>(false);
  auto finish = [this, finished] {
    if (*finished) return;
    *finished = true;
    FinishShutdown();
  };
  if (peers_.empty()) return finish();
  for (auto& p : peers_) {
    p->Stop(wire::Notification::Cease(wire::CeaseSubcode::kAdministrativeShutdown),
            "herald shutting down", [remaining, finish] {
              if (--*remaining == 0) finish();
            });
  }
  // A peer that cannot flush its Cease (stuck socket) does not hold us up.
  auto guard = std::make_shared<asio::steady_timer>(io_, std::chrono::seconds(5));
  guard->async_wait([guard, finish](asio::error_code) { finish(); });
}

void Daemon::FinishShutdown() {
  if (control_) control_->Stop();
  for (auto& [name, p] : processes_) {
    p.renderer->Shutdown(&PendingFor(p, false));
    WritePending(p);
  }
  if (options_.memory) log::Info(Category::kDaemon, "memory use: {}", MemoryUse());
  supervisor_->StopAll(std::chrono::seconds(2), [this] {
    log::Info(Category::kReactor, "herald stopped");
    log::Flush();
    if (options_.on_stopped) options_.on_stopped();
    else io_.stop();
  });
}

void Daemon::CheckExitConditions() {
  if (shutting_down_ || peers_.empty()) return;
  // With tcp.once or tcp.attempts, stop once every active peer gave up.
  if (!env_.tcp.once && !env_.tcp.attempts) return;
  for (auto& p : peers_)
    if (p->config().passive || !p->gave_up()) return;
  Shutdown(env_.tcp.once ? "tcp.once: every peer has had its connection"
                         : "tcp.attempts: every peer gave up connecting");
}

// --- PeerEvents ------------------------------------------------------------

const Daemon::PeerApi& Daemon::ApiOf(const net::Peer& peer) const {
  static const PeerApi kNone;
  auto it = peer_api_.find(&peer);
  return it == peer_api_.end() ? kNone : it->second;
}

template <typename Fn>
void Daemon::Report(const std::vector<Process*>& to, Fn&& render) {
  for (Process* p : to) {
    std::string& out = PendingFor(*p, false);
    bool was_empty = out.empty();
    if constexpr (std::is_invocable_v<Fn, api::Renderer&, std::string*, Process&>)
      render(*p->renderer, &out, *p);
    else
      render(*p->renderer, &out);
    if (was_empty && !out.empty()) dirty_processes_.push_back(p);
  }
  if (!dirty_processes_.empty() && !flush_posted_) {
    // Flush once per turn of the event loop, after the current batch.
    flush_posted_ = true;
    asio::post(io_, [this] { FlushProcesses(); });
  }
}

void Daemon::FlushProcesses() {
  flush_posted_ = false;
  for (Process* p : dirty_processes_) WritePending(*p);
  dirty_processes_.clear();
}

std::string& Daemon::PendingFor(Process& process, bool acks) {
  // A process stays in dirty_processes_ meanwhile; it may be listed twice,
  // and FlushProcesses finds nothing the second time.
  if (process.pending.acks != acks) WritePending(process);
  process.pending.acks = acks;
  return process.pending.lines;
}

void Daemon::WritePending(Process& process) {
  Pending& p = process.pending;
  if (p.lines.empty()) return;
  if (p.acks)
    supervisor_->WriteAcks(process.config.name, p.lines);
  else
    supervisor_->Write(process.config.name, p.lines);
  p.lines.clear();
}

void Daemon::OnConnected(net::Peer& peer) {
  Report(ApiOf(peer).changes,
         [&](api::Renderer& r, std::string* out) { r.Connected(peer.info(), out); });
}

void Daemon::OnUp(net::Peer& peer) {
  Report(ApiOf(peer).changes,
         [&](api::Renderer& r, std::string* out) { r.Up(peer.info(), out); });
}

void Daemon::OnFsm(net::Peer& peer, session::State state) {
  Report(ApiOf(peer).fsm, [&](api::Renderer& r, std::string* out) {
    r.Fsm(peer.info(), session::StateName(state), out);
  });
}

void Daemon::OnNegotiated(net::Peer& peer, const api::NegotiatedView& negotiated) {
  if (auto it = peer_api_.find(&peer); it != peer_api_.end()) it->second.agreed = negotiated;
  Report(ApiOf(peer).negotiated,
         [&](api::Renderer& r, std::string* out) { r.Negotiated(peer.info(), negotiated, out); });
}

void Daemon::OnDown(net::Peer& peer, std::string_view reason) {
  log::Info(Category::kReactor, "{}: session down: {}", peer.LogName(), reason);
  // Processes get ExaBGP's words for it (api/render_down_reason.h).
  Report(ApiOf(peer).changes, [&](api::Renderer& r, std::string* out, Process& p) {
    r.Down(peer.info(), api::ExabgpDownReason(reason, p.format), out);
  });
}

void Daemon::OnMessage(net::Peer& peer, api::Direction d, const wire::Message& message, ByteSpan raw) {
  const PeerApi& api = ApiOf(peer);
  const api::NeighborInfo& info = peer.info();
  bool rx = d == api::Direction::kReceive;
  // What the session agreed, for a process of `api { negotiated; }`.
  auto agreed = [&](Process& p) -> const api::NegotiatedView* {
    if (!api.agreed || std::find(api.negotiated.begin(), api.negotiated.end(), &p) == api.negotiated.end())
      return nullptr;
    return &*api.agreed;
  };
  // Each process of `to` gets the parsed message (`parsed(r, out, p, raw)`,
  // with the bytes for `consolidate; packets;`) and/or the bytes alone.
  const std::vector<PeerApi::Packets>& packets = rx ? api.receive_packets : api.send_packets;
  auto report = [&](const std::vector<Process*>& to, bool parsed_too, auto&& parsed) {
    Report(to, [&](api::Renderer& r, std::string* out, Process& p) {
      auto it = std::find_if(packets.begin(), packets.end(), [&p](const PeerApi::Packets& e) { return e.process == &p; });
      if (it == packets.end()) {
        if (parsed_too) parsed(r, out, p, ByteSpan{});
        return;
      }
      if (it->consolidate) {
        if (parsed_too) parsed(r, out, p, raw);
        return;
      }
      r.Packet(info, d, raw, out, agreed(p));
      if (it->parsed && parsed_too) parsed(r, out, p, ByteSpan{});
    });
  };
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, wire::Update>) {
          if (rx)
            if (rib::AdjRibIn* in = RibIn(peer)) in->Apply(m);
          // An UPDATE of families herald skips reaches here only for the
          // processes that take the bytes.
          report(rx ? api.receive_update : api.send_update, m.CarriesRoutes(),
                 [&](api::Renderer& r, std::string* out, Process& p, ByteSpan bytes) {
                   r.Update(info, d, m, out, agreed(p), bytes);
                 });
        } else if constexpr (std::is_same_v<T, wire::Open>) {
          report(rx ? api.receive_open : api.send_open, true,
                 [&](api::Renderer& r, std::string* out, Process&, ByteSpan bytes) { r.Open(info, d, m, out, bytes); });
        } else if constexpr (std::is_same_v<T, wire::Notification>) {
          report(rx ? api.receive_notification : api.send_notification, true,
                 [&](api::Renderer& r, std::string* out, Process&, ByteSpan bytes) {
                   r.Notification(info, d, m, out, bytes);
                 });
        } else if constexpr (std::is_same_v<T, wire::Keepalive>) {
          report(rx ? api.receive_keepalive : api.send_keepalive, true,
                 [&](api::Renderer& r, std::string* out, Process&, ByteSpan bytes) { r.Keepalive(info, d, out, bytes); });
        } else if constexpr (std::is_same_v<T, wire::RouteRefresh>) {
          report(rx ? api.receive_refresh : api.send_refresh, true,
                 [&](api::Renderer& r, std::string* out, Process&, ByteSpan bytes) {
                   r.Refresh(info, d, m, out, bytes);
                 });
        }
      },
      message);
}

bool Daemon::CanDeliver(net::Peer& peer) {
  for (Process* p : ApiOf(peer).all)
    if (supervisor_->Congested(p->config.name)) return false;
  return true;
}

void Daemon::OnWritten(net::Peer&) {
  if (held_answers_) SettleHeld();
}

void Daemon::OnSessionEnded(net::Peer& peer) {
  // Answers waiting for this session's UPDATEs will not get them.
  if (held_answers_) asio::post(io_, [this] { SettleHeld(); });
  // What a peer said holds while its session does.
  if (rib::AdjRibIn* in = RibIn(peer)) in->Clear();
  // `adj-rib-out false`: its routes are gone (net::Peer), watchdogs too.
  if (!peer.config().adj_rib_out) watched_.erase(&peer);
  ++sessions_ended_;
  if (env_.tcp.connections && sessions_ended_ >= env_.tcp.connections)
    asio::post(io_, [this] { Shutdown("tcp.connections: session count reached"); });
}

void Daemon::OnGaveUp(net::Peer& peer) {
  asio::post(io_, [this] { CheckExitConditions(); });
}

}  // namespace herald::daemon
