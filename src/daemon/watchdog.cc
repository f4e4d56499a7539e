// Watchdogs (watchdog.h): static routes name theirs in the configuration
// (`watchdog NAME`, `withdraw` to start withdrawn); API routes may too, and
// are recorded per peer. `announce watchdog NAME` / `withdraw watchdog
// NAME` act on every neighbor, as ExaBGP's do.
#include "base/log.h"
#include "daemon/daemon.h"

namespace herald::daemon {

using log::Category;

bool Daemon::Watch(net::Peer* peer, wire::Family family, const wire::InetNlri& nlri, const std::string& name,
                   const rib::AttrRef& attrs, bool held) {
  watched_[peer][{family, nlri.prefix, nlri.path_id}] = {name, attrs, held};
  bool up = WatchdogUp(watchdogs_, name, held);
  if (!up) peer->rib().Withdraw(family, nlri);
  return up;
}

void Daemon::Unwatch(const net::Peer* peer, wire::Family family, const wire::InetNlri& nlri) {
  if (watched_.empty()) return;
  auto it = watched_.find(peer);
  if (it == watched_.end()) return;
  it->second.erase({family, nlri.prefix, nlri.path_id});
  if (it->second.empty()) watched_.erase(it);
}

void Daemon::SetWatchdog(const std::string& name, bool up) {
  watchdogs_[name] = up;
  size_t changed = 0;
  for (auto& owned : peers_) {
    net::Peer* peer = owned.get();
    size_t before = changed;
    const config::NeighborConfig& n = peer->config();
    for (const config::StaticRoutes* list : {&n.routes, &n.withdrawn_routes}) {
      const auto& sets = list->sets();
      std::vector<rib::AttrRef> refs(sets.size());
      bool any = false;
      for (const auto& s : sets) any |= s.watchdog == name;
      if (!any) continue;
      for (const auto& e : list->entries()) {
        const config::StaticRoutes::Set& s = sets[e.set()];
        if (s.watchdog != name) continue;
        wire::InetNlri nlri{e.prefix, e.path_id};
        if (up) {
          rib::AttrRef& ref = refs[e.set()];
          if (!ref) ref = pool_.Intern(s.next_hop, s.attrs);
          peer->rib().Announce(s.family, nlri, ref);
        } else {
          peer->rib().Withdraw(s.family, nlri);
        }
        ++changed;
      }
    }
    if (auto it = watched_.find(peer); it != watched_.end()) {
      for (const auto& [key, w] : it->second) {
        if (w.name != name) continue;
        wire::InetNlri nlri{std::get<1>(key), std::get<2>(key)};
        if (up) peer->rib().Announce(std::get<0>(key), nlri, w.attrs);
        else peer->rib().Withdraw(std::get<0>(key), nlri);
        ++changed;
      }
    }
    if (changed != before &&
        std::find(dirty_peers_.begin(), dirty_peers_.end(), peer) == dirty_peers_.end())
      dirty_peers_.push_back(peer);
  }
  log::Info(Category::kRoutes, "watchdog {}: {} route(s) {}", log::Printable(name), changed,
            up ? "announced" : "withdrawn");
}

}  // namespace herald::daemon
