#include "rib/adj_rib_out.h"

#include <algorithm>

#include "wire/message.h"
#include "wire/update.h"

namespace herald::rib {
namespace {

// Dirty prefixes handled per grouping pass: large enough to fill many full
// UPDATEs per attribute set, small enough to bound the scratch space.
constexpr size_t kChunk = 32768;

}  // namespace

AdjRibOut::Table& AdjRibOut::TableFor(wire::Family family) {
  for (Table& t : tables_)
    if (t.family == family) return t;
  tables_.emplace_back();
  tables_.back().family = family;
  return tables_.back();
}

void AdjRibOut::Queue(Table& t, const wire::InetNlri& nlri, Entry& e) {
  if (!t.active || e.queued) return;
  e.queued = true;
  t.dirty.push_back(nlri);
}

void AdjRibOut::Announce(wire::Family family, const wire::InetNlri& nlri, const AttrRef& attrs) {
  assert(attrs);
  Table& t = TableFor(family);
  auto [it, inserted] = t.routes.try_emplace(nlri);
  Entry& e = it->second;
  if (!e.wanted) ++t.wanted;
  if (e.wanted == attrs && (e.advertised || e.queued)) return;  // nothing new
  e.wanted = attrs;
  Queue(t, nlri, e);
}

bool AdjRibOut::Withdraw(wire::Family family, const wire::InetNlri& nlri) {
  Table& t = TableFor(family);
  auto it = t.routes.find(nlri);
  if (it == t.routes.end()) return false;
  Entry& e = it->second;
  if (!e.wanted) return true;  // already being withdrawn
  --t.wanted;
  if (!e.advertised) {
    // Never sent: forget it. A stale dirty-list key is skipped by Drain.
    t.routes.erase(it);
    return true;
  }
  e.wanted = AttrRef();
  Queue(t, nlri, e);
  return true;
}

void AdjRibOut::WithdrawAll() {
  for (Table& t : tables_) {
    for (auto it = t.routes.begin(); it != t.routes.end();) {
      Entry& e = it->second;
      if (!e.advertised) {
        it = t.routes.erase(it);
        continue;
      }
      e.wanted = AttrRef();
      Queue(t, it->first, e);
      ++it;
    }
    t.wanted = 0;
  }
}

void AdjRibOut::Start(const std::vector<wire::Family>& families, bool manual_eor) {
  Stop();
  active_ = true;
  for (const wire::Family& f : families) {
    Table& t = TableFor(f);
    t.active = true;
    t.eor_pending = !manual_eor;
    t.dirty.reserve(t.routes.size());
    for (auto& [nlri, e] : t.routes) Queue(t, nlri, e);
  }
}

void AdjRibOut::Stop() {
  active_ = false;
  for (Table& t : tables_) {
    t.active = false;
    t.eor_pending = false;
    t.eorr_pending = false;
    t.dirty.clear();
    t.dirty.shrink_to_fit();
    t.cursor = 0;
    for (auto it = t.routes.begin(); it != t.routes.end();) {
      it->second.advertised = false;
      it->second.queued = false;
      if (!it->second.wanted) it = t.routes.erase(it);
      else ++it;
    }
  }
}

void AdjRibOut::Refresh(wire::Family family, bool enhanced) {
  Table& t = TableFor(family);
  if (!t.active) return;
  for (auto& [nlri, e] : t.routes)
    if (e.wanted) Queue(t, nlri, e);
  if (enhanced) t.eorr_pending = true;
}

void AdjRibOut::QueueEndOfRib(wire::Family family) {
  Table& t = TableFor(family);
  if (t.active) t.eor_pending = true;
}

bool AdjRibOut::pending() const {
  for (const Table& t : tables_)
    if (t.active && (t.cursor < t.dirty.size() || t.eor_pending || t.eorr_pending)) return true;
  return false;
}

size_t AdjRibOut::size() const {
  size_t n = 0;
  for (const Table& t : tables_) n += t.wanted;
  return n;
}

void AdjRibOut::ForEach(
    const std::function<void(wire::Family, const wire::InetNlri&, const AttrSet&)>& fn) const {
  for (const Table& t : tables_)
    for (const auto& [nlri, e] : t.routes)
      if (e.wanted) fn(t.family, nlri, *e.wanted);
}

DrainStats AdjRibOut::Drain(const PeerContext& peer, size_t budget, Bytes* out) {
  DrainStats stats;
  for (Table& t : tables_) {
    if (!t.active) continue;
    DrainTable(t, peer, budget, out, &stats);
    if (out->size() >= budget) break;
  }
  return stats;
}

void AdjRibOut::DrainTable(Table& t, const PeerContext& peer, size_t budget, Bytes* out,
                           DrainStats* stats) {
  const wire::Negotiated& negotiated = peer.negotiated;
  while (t.cursor < t.dirty.size() && out->size() < budget) {
    // Group one chunk of dirty prefixes by what is to be done with them.
    size_t end = std::min(t.dirty.size(), t.cursor + kChunk);
    for (Group& g : groups_) g.nlri.clear();
    size_t used_groups = 0;
    group_index_.clear();
    withdrawals_.clear();
    for (; t.cursor < end; ++t.cursor) {
      const wire::InetNlri& nlri = t.dirty[t.cursor];
      auto it = t.routes.find(nlri);
      if (it == t.routes.end() || !it->second.queued) continue;  // stale or duplicate key
      Entry& e = it->second;
      e.queued = false;
      if (!e.wanted) {
        withdrawals_.push_back(nlri);
        t.routes.erase(it);
        continue;
      }
      auto [gi, fresh] = group_index_.try_emplace(e.wanted.get(), used_groups);
      if (fresh) {
        if (used_groups == groups_.size()) groups_.push_back({});
        groups_[used_groups].attrs = e.wanted.get();
        ++used_groups;
      }
      groups_[gi->second].nlri.push_back(nlri);
      e.advertised = true;
    }

    if (!withdrawals_.empty()) {
      if (peer.group_updates) {
        wire::EncodeWithdraw(t.family, withdrawals_, negotiated, out);
      } else {
        for (const wire::InetNlri& n : withdrawals_)
          wire::EncodeWithdraw(t.family, std::span(&n, 1), negotiated, out);
      }
      stats->withdrawn += withdrawals_.size();
    }
    for (size_t g = 0; g < used_groups; ++g) {
      Group& group = groups_[g];
      auto exported = Export(*group.attrs, t.family, peer);
      if (!exported) {
        for (const wire::InetNlri& n : group.nlri) {
          stats->refused.emplace_back(n, exported.error().message);
          // Not sent: the peer does not have it (if it had an older version,
          // that one is withdrawn so the peer is not left with stale data).
          auto it = t.routes.find(n);
          if (it != t.routes.end()) it->second.advertised = false;
        }
        wire::EncodeWithdraw(t.family, group.nlri, negotiated, out);
        continue;
      }
      if (peer.group_updates) {
        wire::EncodeAnnounce(t.family, exported->attrs, exported->next_hop, group.nlri, negotiated,
                             out);
      } else {
        for (const wire::InetNlri& n : group.nlri)
          wire::EncodeAnnounce(t.family, exported->attrs, exported->next_hop, std::span(&n, 1),
                               negotiated, out);
      }
      stats->announced += group.nlri.size();
    }
  }
  if (t.cursor < t.dirty.size()) return;  // budget reached; more next time
  t.dirty.clear();
  t.cursor = 0;
  if (t.eor_pending) {
    Bytes eor = wire::EncodeEndOfRib(t.family);
    out->insert(out->end(), eor.begin(), eor.end());
    t.eor_pending = false;
    ++stats->eors;
  }
  if (t.eorr_pending) {
    Bytes eorr = wire::EncodeMessage(
        wire::RouteRefresh{t.family, wire::RouteRefresh::Subtype::kEndOfRib}, negotiated);
    out->insert(out->end(), eorr.begin(), eorr.end());
    t.eorr_pending = false;
  }
}

}  // namespace herald::rib
