// What the daemon says of itself: the metrics endpoint (/metrics, see
// metrics/) and the status line systemd shows.
#include <chrono>
#include <set>

#include "base/log.h"
#include "daemon/daemon.h"
#include "metrics/process_stats.h"

namespace herald::daemon {

using log::Category;

Status Daemon::StartMetrics() {
  start_time_ = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  if (!env_.metrics.enable) return Ok();
  metrics_ = std::make_unique<metrics::HttpEndpoint>(
      io_, [this](metrics::Format format) { return metrics::Render(MetricsSnapshot(), format); });
  if (Status s = metrics_->Listen(env_.metrics.address, env_.metrics.port); !s) {
    metrics_.reset();
    return s;
  }
  const std::string& a = env_.metrics.address.ToString();
  log::Info(Category::kDaemon, "metrics on http://{}:{}/metrics", env_.metrics.address.is_v4() ? a : "[" + a + "]",
            metrics_->port());
  return Ok();
}

std::string Daemon::SessionsStatus() const {
  size_t up = 0;
  for (const auto& p : peers_) up += p->established();
  return fmt::format("{} of {} session{} established, {} process{}", up, peers_.size(),
                     peers_.size() == 1 ? "" : "s", processes_.size(), processes_.size() == 1 ? "" : "es");
}

metrics::Snapshot Daemon::MetricsSnapshot() const {
  metrics::Snapshot s;
  s.version = HERALD_VERSION;
  s.start_time = start_time_;
  s.self = metrics::ReadSelf();
  const auto now = std::chrono::steady_clock::now();
  // Two neighbors may share a peer address (different local addresses):
  // the label stays unique.
  std::set<std::string> names;
  for (const auto& p : peers_) {
    metrics::PeerSample& m = s.peers.emplace_back();
    m.neighbor = p->config().peer_address.ToString();
    for (int n = 2; !names.insert(m.neighbor).second; ++n)
      m.neighbor = fmt::format("{} ({})", p->config().peer_address.ToString(), n);
    m.peer_as = p->config().peer_as;
    m.state = session::StateName(p->state());
    if (p->established())
      m.uptime_seconds = std::chrono::duration<double>(now - p->established_at()).count();
    m.sent = p->counts().sent;
    m.received = p->counts().received;
    m.counters = p->counters();
    for (const rib::AdjRibOut::FamilyCounts& c : p->rib().Counts())
      m.out.push_back({c.family, c.wanted, c.announced, c.withdrawn});
    if (auto it = rib_in_.find(p.get()); it != rib_in_.end() && it->second) m.rib_in = it->second->size();
  }
  for (const auto& [name, process] : processes_) {
    metrics::ProcessSample& m = s.processes.emplace_back();
    m.name = name;
    m.running = supervisor_ && supervisor_->Running(name);
    m.restarts = process.starts > 1 ? process.starts - 1 : 0;
    m.lines = process.lines_read;
    m.errors = process.lines_refused;
    m.queued_bytes = supervisor_ ? supervisor_->Queued(name) : 0;
  }
  return s;
}

}  // namespace herald::daemon
