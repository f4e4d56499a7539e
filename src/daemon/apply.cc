// Applying a configuration: processes and peers at once, static routes in
// slices of bounded time (see reload.h).
#include <time.h>

#include <map>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "base/log.h"
#include "daemon/daemon.h"
#include "daemon/reload.h"
#include "healthcheck/options.h"
#include "process/capabilities.h"

namespace herald::daemon {

using log::Category;

namespace {

using Clock = std::chrono::steady_clock;

bool SameProcess(const config::ProcessConfig& a, const config::ProcessConfig& b) {
  return a.run == b.run && a.encoder == b.encoder && a.respawn == b.respawn &&
         a.version == b.version;
}

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// CPU time of this thread: a slice that took long on the wall clock but
// not here was preempted (a busy machine), not busy.
Clock::duration ThreadCpu() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return std::chrono::seconds(t.tv_sec) + std::chrono::nanoseconds(t.tv_nsec);
}

}  // namespace

bool RouteWork::Step(rib::AttrPool& pool, const Watchdogs& watchdogs, size_t count) {
  for (; count && withdrawn < withdraw.size(); --count, ++withdrawn)
    peer->rib().Withdraw(withdraw[withdrawn].first, withdraw[withdrawn].second);
  for (; count && withdrawn < withdraw.size() + withdraw_generic.size(); --count, ++withdrawn) {
    const GenericWithdrawal& g = withdraw_generic[withdrawn - withdraw.size()];
    peer->rib().Withdraw(g.first, g.second);
  }
  // Routes first, then those configured `withdraw` (held until their
  // watchdog is announced): one index runs through both.
  const size_t total = routes.prefix_count() + held.prefix_count();
  if (refs.size() != routes.sets().size()) refs.resize(routes.sets().size());
  if (held_refs.size() != held.sets().size()) held_refs.resize(held.sets().size());
  for (; count && announced < total; --count, ++announced) {
    bool is_held = announced >= routes.prefix_count();
    const config::StaticRoutes& list = is_held ? held : routes;
    const config::StaticRoutes::Entry& e = list.entries()[is_held ? announced - routes.prefix_count() : announced];
    const config::StaticRoutes::Set& s = list.sets()[e.set()];
    wire::InetNlri nlri{e.prefix, e.path_id};
    if (!s.watchdog.empty() && !WatchdogUp(watchdogs, s.watchdog, is_held)) {
      // Held back: a route the peer may have (its watchdog was just
      // added by a reload) is withdrawn; a held one was never announced.
      if (!is_held) peer->rib().Withdraw(s.family, nlri);
      continue;
    }
    rib::AttrRef& ref = (is_held ? held_refs : refs)[e.set()];
    if (!ref) ref = pool.Intern(s.next_hop, s.attrs);
    // Unchanged routes find the same set in the adj-RIB-out: nothing is sent.
    peer->rib().Announce(s.family, nlri, ref);
  }
  // Then the routes of the other families (FlowSpec, ...): few, in one go.
  // The parsers give them no watchdog and no `withdraw`.
  if (count && announced == total) {
    for (const config::StaticRoutes::Other& o : routes.others()) {
      if (o.generic.empty()) continue;
      const config::StaticRoutes::Set& s = routes.sets()[o.set];
      rib::AttrRef& ref = refs[o.set];
      if (!ref) ref = pool.Intern(s.next_hop, s.attrs);
      for (const wire::GenericNlri& g : o.generic) peer->rib().Announce(s.family, g, ref);
    }
    ++announced;
  }
  if (withdrawn < withdraw.size() + withdraw_generic.size() || announced <= total) return false;
  withdraw = {};
  withdraw_generic = {};
  refs = {};
  held_refs = {};
  return true;
}

void Daemon::Apply(std::shared_ptr<const config::Config> config, bool restart_processes,
                   Diff* diff) {
  // Lines waiting for processes go out first: the table is rebuilt below.
  FlushProcesses();
  // Processes: start new ones, restart changed ones, stop removed ones.
  std::map<std::string, Process> next;
  for (const config::ProcessConfig& pc : config->processes) {
    Process p;
    p.config = pc;
    p.name = pc.name;
    p.who = "process " + pc.name;
    p.daemon = this;
    p.encoder = pc.encoder.value_or(env_.api.encoder);
    p.ack = env_.api.ack;
    api::Style style;
    style.format =
        pc.version.value_or(env_.api.version) == 4 ? api::Format::kExabgp4 : api::Format::kExabgp5;
    style.compact = env_.api.compact;
    p.format = style.format;
    p.renderer = p.encoder == config::Encoder::kJson ? api::MakeJsonRenderer(host_, style)
                                                     : api::MakeTextRenderer(host_, style);
    auto old = processes_.find(pc.name);
    bool keep =
        old != processes_.end() && SameProcess(old->second.config, pc) && !restart_processes;
    if (keep) {
      p.renderer = std::move(old->second.renderer);
      p.ack = old->second.ack;
      p.pending = std::move(old->second.pending);
    } else if (old != processes_.end()) {
      supervisor_->Stop(pc.name);
    }
    next.emplace(pc.name, std::move(p));
  }
  for (auto& [name, p] : processes_)
    if (!next.count(name)) supervisor_->Stop(name);
  std::vector<std::string> to_start;
  for (auto& [name, p] : next)
    if (!supervisor_->Running(name)) to_start.push_back(name);
  dirty_processes_.clear();  // flushed above: nothing is stranded
  processes_ = std::move(next);

  auto job = std::make_unique<ApplyJob>();
  job->started = Clock::now();
  job->started_cpu = ThreadCpu();
  job->reload = diff != nullptr;
  auto queue = [&](net::Peer* peer, const config::NeighborConfig& n, NeighborDiff* d, bool start) {
    RouteWork w;
    w.peer = peer;
    w.start = start;
    if (d) {
      w.withdraw = std::move(d->withdraw);
      w.withdraw_generic = std::move(d->withdraw_generic);
    }
    w.routes = n.routes;  // shares the tables
    w.held = n.withdrawn_routes;
    job->added += d ? d->added : n.routes.prefix_count() + n.withdrawn_routes.prefix_count() + n.routes.generic_count();
    job->kept += d ? d->kept : 0;
    job->removed += w.withdraw.size() + w.withdraw_generic.size();
    job->work.push_back(std::move(w));
  };

  // Neighbors: keep and update the ones still configured, add and remove.
  std::vector<std::unique_ptr<net::Peer>> kept;
  for (auto& peer : peers_) {
    const config::NeighborConfig& old = peer->config();
    const config::NeighborConfig* now = nullptr;
    size_t index = 0;
    for (size_t i = 0; i < config->neighbors.size(); ++i) {
      const auto& n = config->neighbors[i];
      if (n.peer_address == old.peer_address && n.local_address == old.local_address)
        now = &n, index = i;
    }
    if (!now) {
      log::Info(Category::kConfiguration, "{}: removed from the configuration", peer->LogName());
      net::Peer* raw = peer.release();
      watched_.erase(raw);
      raw->Stop(wire::Notification::Cease(wire::CeaseSubcode::kPeerDeconfigured),
                "peer de-configured", [raw] { delete raw; });
      continue;
    }
    bool reset = !config::SameSession(old, *now);
    peer->set_config(*now);
    if (reset) {
      log::Info(Category::kConfiguration, "{}: session settings changed, restarting it",
                peer->LogName());
      peer->Reset(wire::Notification::Cease(wire::CeaseSubcode::kOtherConfigurationChange),
                  "configuration changed");
    }
    // Static routes: withdraw those gone, announce the rest (unchanged
    // ones are not sent again), in slices.
    queue(peer.get(), *now, diff ? &diff->neighbors[index] : nullptr, false);
    kept.push_back(std::move(peer));
  }
  for (size_t i = 0; i < config->neighbors.size(); ++i) {
    const auto& n = config->neighbors[i];
    bool exists = false;
    for (auto& p : kept)
      if (p->config().peer_address == n.peer_address &&
          p->config().local_address == n.local_address)
        exists = true;
    if (exists) continue;
    auto peer = MakePeer(n);
    // Started once its routes are in, so that its first UPDATEs and its
    // End-of-RIB carry all of them, as they did when loading was at once.
    queue(peer.get(), n, nullptr, true);
    kept.push_back(std::move(peer));
  }
  peers_ = std::move(kept);
  if (held_answers_) SettleHeld();  // answers waiting for a neighbor that is gone
  config_ = std::move(config);
  RebuildApi();

  for (const std::string& name : to_start) {
    const Process& p = processes_.at(name);
    process::Spec spec;
    spec.name = name;
    spec.argv = p.config.run;
    for (const auto& [name, value] : p.config.env) spec.env.push_back(name + "=" + value);
    spec.respawn = p.config.respawn.value_or(env_.api.respawn);
    spec.net_admin = healthcheck::SetsAddressesUp(spec.argv);
    if (spec.net_admin && !process::CanGrantNetAdmin())
      log::Warn(Category::kProcesses,
                "process {} sets service addresses up, but herald does not hold CAP_NET_ADMIN to give it "
                "(run herald as root, or under its systemd unit, with this process configured at start)",
                name);
    supervisor_->Start(spec);
  }
  apply_ = std::move(job);
  RunSlice();
}

bool Daemon::Loading(const net::Peer* peer) const {
  if (!apply_) return false;
  for (size_t i = apply_->current; i < apply_->work.size(); ++i)
    if (apply_->work[i].peer == peer && apply_->work[i].start) return true;
  return false;
}

void Daemon::RunSlice() {
  if (!apply_) return;
  if (shutting_down_) {
    apply_.reset();
    return;
  }
  ApplyJob& job = *apply_;
  // The first slice counts from the start of Apply: the loop was held
  // for both.
  Clock::time_point t0 = job.slices ? Clock::now() : job.started;
  Clock::time_point deadline = Clock::now() + kSliceBudget;
  Clock::duration cpu0 = job.slices ? ThreadCpu() : job.started_cpu;
  std::vector<net::Peer*> touched;
  // Steps of 64 routes between looks at the clock.
  while (job.current < job.work.size()) {
    RouteWork& w = job.work[job.current];
    // A new peer is not flushed: it has no session before Start.
    if (!w.start && (touched.empty() || touched.back() != w.peer)) touched.push_back(w.peer);
    if (w.Step(pool_, watchdogs_, 64)) {
      ++job.current;
      if (w.start) w.peer->Start();
      w.routes = {};
      w.held = {};
    }
    if (Clock::now() >= deadline) break;
  }
  for (net::Peer* p : touched) p->Flush();
  Clock::duration took = Clock::now() - t0;
  Clock::duration cpu = ThreadCpu() - cpu0;
  ++job.slices;
  if (took > job.longest) {
    job.longest = took;
    job.longest_cpu = cpu;
  }
  if (took > kSlowSlice)
    log::Warn(Category::kConfiguration,
              "applying the configuration held the event loop for {:.1f} ms ({:.1f} ms of CPU)",
              Ms(took), Ms(cpu));
  if (job.current < job.work.size()) {
    asio::post(io_, [this] { RunSlice(); });
    return;
  }
  FinishApply();
}

void Daemon::FinishApply() {
  std::unique_ptr<ApplyJob> job = std::move(apply_);
#if defined(__GLIBC__)
  // The parse freed hundreds of MB for a large file, much of it in the
  // worker's malloc arena: give it back rather than keep it as RSS.
  malloc_trim(0);
#endif
  log::Info(Category::kConfiguration,
            "configuration {}: static routes {} added, {} kept (sent again only if changed), {} "
            "removed; applied in {:.3f} s in {} slice(s), the longest {:.2f} ms ({:.2f} ms of CPU)",
            job->reload ? "reloaded" : "loaded", job->added, job->kept, job->removed,
            Ms(Clock::now() - job->started) / 1000, job->slices, Ms(job->longest),
            Ms(job->longest_cpu));
  if (!shutting_down_) systemd_.Ready(SessionsStatus());
  if (reload_requested_ && !shutting_down_) {
    uint8_t flags = *reload_requested_;
    reload_requested_.reset();
    RequestReload(flags);
  }
}

}  // namespace herald::daemon
