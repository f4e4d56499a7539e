// The reload worker and the comparison it makes (see reload.h).
#include "daemon/reload.h"

#include <algorithm>
#include <tuple>

#include "base/log.h"
#include "daemon/daemon.h"

namespace herald::daemon {

using log::Category;

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

struct Key {
  wire::Family family;
  Prefix prefix;
  uint32_t path_id;
  friend bool operator<(const Key& a, const Key& b) {
    return std::tie(a.family, a.prefix, a.path_id) < std::tie(b.family, b.prefix, b.path_id);
  }
};

Key KeyOf(const config::StaticRoutes& routes, const config::StaticRoutes::Entry& e) {
  return {routes.sets()[e.set()].family, e.prefix, e.path_id};
}

// The generic routes (FlowSpec, ...) of a neighbor: few, compared whole.
using GenericKey = std::tuple<wire::Family, Bytes, uint32_t>;
std::vector<GenericKey> GenericKeys(const config::NeighborConfig& n) {
  std::vector<GenericKey> keys;
  for (const config::StaticRoutes* list : {&n.routes, &n.withdrawn_routes})
    for (const auto& o : list->others())
      for (const wire::GenericNlri& g : o.generic) keys.emplace_back(list->sets()[o.set].family, g.bytes, g.path_id);
  std::sort(keys.begin(), keys.end());
  return keys;
}

const config::NeighborConfig* Find(const config::Config& c, const config::NeighborConfig& n) {
  for (const auto& o : c.neighbors)
    if (o.peer_address == n.peer_address && o.local_address == n.local_address) return &o;
  return nullptr;
}

}  // namespace

Diff Compare(const config::Config* base, const config::Config& next) {
  Diff diff;
  diff.neighbors.resize(next.neighbors.size());
  for (size_t i = 0; i < next.neighbors.size(); ++i) {
    const config::NeighborConfig& n = next.neighbors[i];
    NeighborDiff& d = diff.neighbors[i];
    const config::NeighborConfig* old = base ? Find(*base, n) : nullptr;
    // Held routes (`withdraw`, waiting for their watchdog) count too: one
    // announced by `announce watchdog` must go when its line goes.
    size_t count = n.routes.prefix_count() + n.withdrawn_routes.prefix_count() + n.routes.generic_count() +
                   n.withdrawn_routes.generic_count();
    if (!old) {
      d.added = count;
      continue;
    }
    // Sorted keys of the new routes, then one look-up per old prefix:
    // O(n log n) in 24 bytes a prefix, on the worker.
    std::vector<Key> wanted;
    wanted.reserve(count);
    for (const config::StaticRoutes* list : {&n.routes, &n.withdrawn_routes})
      for (const auto& e : list->entries()) wanted.push_back(KeyOf(*list, e));
    std::sort(wanted.begin(), wanted.end());
    for (const config::StaticRoutes* list : {&old->routes, &old->withdrawn_routes}) {
      for (const auto& e : list->entries()) {
        Key k = KeyOf(*list, e);
        if (std::binary_search(wanted.begin(), wanted.end(), k))
          ++d.kept;
        else
          d.withdraw.push_back({k.family, wire::InetNlri{k.prefix, k.path_id}});
      }
    }
    std::vector<GenericKey> generic = GenericKeys(n);
    for (const GenericKey& k : GenericKeys(*old)) {
      if (std::binary_search(generic.begin(), generic.end(), k))
        ++d.kept;
      else
        d.withdraw_generic.push_back({std::get<0>(k), wire::GenericNlri{std::get<1>(k), std::get<2>(k)}});
    }
    d.added = count > d.kept ? count - d.kept : 0;
  }
  return diff;
}

void Daemon::RequestReload(uint8_t flags) {
  if (shutting_down_) return;
  // After a log rotation, `kill -USR1` makes herald write to the new file.
  log::Reopen();
  if (parsing_ || apply_) {
    // Collapsed: however many arrive meanwhile, one more reload runs after.
    reload_requested_ = reload_requested_.value_or(kReloadOnly) | flags;
    log::Info(Category::kConfiguration, "a reload is in progress: reloading again once it is done");
    return;
  }
  reload_requested_.reset();
  parsing_ = true;
  systemd_.Reloading();
  log::Info(Category::kConfiguration, "reloading the configuration{}",
            flags & kRestartProcesses ? " and restarting the processes" : "");
  if (parse_thread_.joinable()) parse_thread_.join();
  // The worker reads options_ (never changed after construction) and the
  // immutable configuration in force; it hands its result to the loop.
  // debug.rotate: the next file, in turn (ExaBGP moves on even when the
  // file it reads has errors).
  size_t rotation = options_.rotate ? ++rotation_ : 0;
  if (options_.rotate)
    log::Info(Category::kConfiguration, "debug.rotate: reading {}",
              options_.config_files[rotation % options_.config_files.size()]);
  parse_thread_ = std::thread([this, flags, rotation, base = config_] {
    auto parsed = std::make_shared<Parsed>();
    parsed->flags = flags;
    parsed->base = base;
    Clock::time_point t0 = Clock::now();
    auto loaded = LoadConfig(rotation);
    Clock::time_point t1 = Clock::now();
    parsed->parse_seconds = Seconds(t1 - t0);
    if (loaded) {
      parsed->config = std::move(*loaded);
      parsed->diff = Compare(base.get(), *parsed->config);
      parsed->compare_seconds = Seconds(Clock::now() - t1);
    } else {
      parsed->errors = std::move(loaded).error();
    }
    asio::post(io_, [this, parsed] { OnParsed(parsed); });
  });
}

void Daemon::OnParsed(std::shared_ptr<Parsed> parsed) {
  if (parse_thread_.joinable()) parse_thread_.join();
  parsing_ = false;
  if (shutting_down_) return;
  if (!parsed->config) {
    for (const auto& e : parsed->errors) log::Error(Category::kConfiguration, "{}", e.ToString());
    log::Error(Category::kConfiguration,
               "reload failed: the previous configuration stays in force");
    systemd_.Ready("reload failed: the previous configuration stays in force; " + SessionsStatus());
  } else {
    log::Info(Category::kConfiguration,
              "configuration read in {:.3f} s, compared in {:.3f} s (off the event loop)",
              parsed->parse_seconds, parsed->compare_seconds);
    Apply(parsed->config, parsed->flags & kRestartProcesses, &parsed->diff);
  }
  // SIGALRM restarts the sessions even when the file has errors (with the
  // configuration in force), as it did when reloads were synchronous; a
  // peer not started yet has no session to restart.
  if (parsed->flags & kRestartSessions)
    for (auto& p : peers_)
      if (!Loading(p.get()))
        p->Reset(wire::Notification::Cease(wire::CeaseSubcode::kAdministrativeReset), "restart");
  if (!apply_ && reload_requested_) {
    uint8_t flags = *reload_requested_;
    reload_requested_.reset();
    RequestReload(flags);
  }
}

}  // namespace herald::daemon
