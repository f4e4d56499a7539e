#include "daemon/daemon.h"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "base/log.h"
#include "config/parser.h"
#include "healthcheck/options.h"
#include "process/capabilities.h"
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
               [this](const std::string& name, int pid) {
                 log::Info(Category::kProcesses, "process {} started (pid {})", name, pid);
                 if (Process* p = FindProcess(name)) ++p->starts;
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
  listener_->SetAcl(env_.tcp.acl.prefixes);
  config_ = *loaded;
  for (const auto& w : config_->warnings) log::Warn(Category::kConfiguration, "{}", w.ToString());
  if (Status s = StartListening(); !s) return s;
  StartControlSocket();  // before the privilege drop: /run/herald needs root
  if (Status s = StartMetrics(); !s) return s;  // its port may be privileged

  // CAP_NET_ADMIN is kept past start-up only for a health checker that
  // sets addresses up (process/capabilities.h); one added by a reload
  // later cannot have it.
  const bool net_admin = std::any_of(config_->processes.begin(), config_->processes.end(),
                                     [](const config::ProcessConfig& p) { return healthcheck::SetsAddressesUp(p.run); });
  if (getuid() == 0 && env_.daemon.drop) {
    // Bound what needed root; now become daemon.user (ExaBGP's default).
    struct passwd* pw = getpwnam(env_.daemon.user.c_str());
    if (!pw) return Fail("daemon.user '" + env_.daemon.user + "' does not exist (or set daemon.drop=false)");
    if (net_admin) {
      if (Status s = process::KeepCapabilitiesAcrossSetuid(); !s) return s;
    }
    if (setgroups(0, nullptr) != 0 || setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0)
      return Fail("cannot drop privileges to '" + env_.daemon.user + "'");
    if (control_) control_->Chown(pw->pw_uid, pw->pw_gid);
    log::Info(Category::kDaemon, "dropped privileges to user {}{}", env_.daemon.user,
              net_admin ? " (keeping CAP_NET_ADMIN for the health checker's addresses)" : "");
  }
  if (Status s = process::LimitCapabilities(net_admin); !s)
    return Fail("cannot limit herald's capabilities: " + s.error().message);

  WaitSignals();
  StartCli();
  // At start-up the file is parsed here, but the static routes go in
  // slices like on reload: peers start once theirs are in (then systemd
  // hears READY=1, from FinishApply).
  Apply(config_, false, nullptr);
  systemd_.StartWatchdog();
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
    IpAddress local = config::BindAddress(n).value_or(n.peer_address.is_v4() ? IpAddress() : IpAddress::V6({}));
    if (n.listen) {
      endpoints.insert({local, n.listen});
    } else if (n.passive && env_.tcp.bind.empty() && options_.passive) {
      endpoints.insert({local, env_.tcp.port});
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
    if (auto bind = config::BindAddress(n); bind && *bind != local) continue;
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

Daemon::Process* Daemon::FindProcess(const std::string& name) {
  auto it = processes_.find(name);
  return it == processes_.end() ? nullptr : &it->second;
}

void Daemon::WaitSignals() {
  for (int s : {SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGUSR2, SIGALRM}) signals_.add(s);
  signals_.async_wait([this](asio::error_code ec, int signal) {
    if (ec) return;
    // `api { signal; }`: every neighbor tells its processes, before acting.
    ReportSignal(signal);
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
  systemd_.Stopping();
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

}  // namespace herald::daemon
