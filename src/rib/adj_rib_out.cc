#include "rib/adj_rib_out.h"

#include <algorithm>
#include <span>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include "rib/fit.h"
#include "wire/message.h"
#include "wire/update.h"

namespace herald::rib {
namespace {

// Dirty prefixes handled per grouping pass: enough to fill several full
// UPDATEs per attribute set, few enough that a pass takes well under a
// millisecond, so that a burst to one peer does not hold up a health-check
// route to another for long (the budget is checked between passes).
constexpr size_t kChunk = 4096;
constexpr uint32_t kNone = RouteTable<4>::kNone;

// Scratch space for one grouping pass, shared by every AdjRibOut of the
// thread (peers are drained one at a time): its size is bounded by kChunk
// whatever the number of peers. Kept per peer, each peer's high-water mark
// stayed allocated: 136 kB per peer once a flap had made it resend a table
// with an attribute set per route (1,000 peers: 130 MB).
template <typename Nlri>
struct DrainScratch {
  std::unordered_map<uint32_t, uint32_t> group_of;  // attribute set id -> group
  std::vector<uint32_t> group_attr;                  // group -> attribute set id
  std::vector<uint32_t> group_start;                 // group -> offset in `grouped`
  std::vector<std::pair<uint32_t, Nlri>> queued;     // (group, route), dirty order
  std::vector<Nlri> grouped;  // the routes of group g at [group_start[g], group_start[g+1])
  std::vector<Nlri> withdrawals;
  std::vector<uint32_t> next;  // GroupRoutes' cursor per group

  void Clear() {
    group_of.clear();
    group_attr.clear();
    queued.clear();
    withdrawals.clear();
  }
  // Sorts `queued` into `grouped` by group, keeping the dirty order within
  // each (a counting sort: no allocation once warm).
  void GroupRoutes() {
    const size_t groups = group_attr.size();
    group_start.assign(groups + 1, 0);
    for (const auto& [g, nlri] : queued) ++group_start[g + 1];
    for (size_t g = 0; g < groups; ++g) group_start[g + 1] += group_start[g];
    grouped.resize(queued.size());
    next.assign(group_start.begin(), group_start.end() - 1);
    for (const auto& [g, nlri] : queued) grouped[next[g]++] = nlri;
  }
  std::span<const Nlri> Routes(size_t g) const {
    return std::span(grouped).subspan(group_start[g], group_start[g + 1] - group_start[g]);
  }
};

template <typename Nlri>
DrainScratch<Nlri>& Scratch() {
  thread_local DrainScratch<Nlri> scratch;
  return scratch;
}

}  // namespace

// Calls fn(routes) with the table of the family's routes.
template <typename Table, typename Fn>
void WithRoutes(Table& t, Fn&& fn) {
  switch (t.kind) {
    case Table::Kind::kV4: return fn(t.v4);
    case Table::Kind::kV6: return fn(t.v6);
    case Table::Kind::kGeneric: return fn(t.generic);
  }
}

AdjRibOut::~AdjRibOut() {
  // Give back every attribute reference held by a record.
  for (Table& t : tables_) {
    WithRoutes(t, [&](auto& routes) {
      for (uint32_t i = 0; i < routes.bound(); ++i) {
        auto& r = routes.at(i);
        if (r.flags != 0 && r.attr != kNone) pool_->Release(r.attr);
      }
    });
  }
}

AdjRibOut::Table& AdjRibOut::TableFor(wire::Family family) {
  for (Table& t : tables_)
    if (t.family == family) return t;
  tables_.emplace_back();
  Table& t = tables_.back();
  t.family = family;
  t.generic.set_family(family);
  if (wire::IsGenericFamily(family)) t.kind = Table::Kind::kGeneric;
  else if (family.afi == wire::Afi::kIpv6) t.kind = Table::Kind::kV6;
  return t;
}

void AdjRibOut::SetAttr(uint32_t* slot, uint32_t attr) {
  if (attr != kNone) pool_->Retain(attr);
  if (*slot != kNone) pool_->Release(*slot);
  *slot = attr;
}

template <typename Routes>
void AdjRibOut::Announce(Table& t, Routes& routes, const typename Routes::value_type& nlri, uint32_t attr) {
  auto [index, made] = routes.Insert(nlri, kLive);
  auto& r = routes.at(index);
  if (r.attr == kNone) ++t.wanted;
  // The same route with other NLRI bytes (a new label stack) is news.
  bool relabeled = false;
  if constexpr (std::is_same_v<Routes, NlriTable>) relabeled = !made && routes.Replace(index, nlri);
  if (!relabeled && r.attr == attr && (r.flags & (kAdvertised | kQueued))) return;  // nothing new
  if (!relabeled && (r.flags & kAdvertised) && !(r.flags & kQueued) && r.attr != kNone &&
      SameOnTheWire(r.attr, attr, t.family)) {
    SetAttr(&r.attr, attr);  // the peer has it as it would be sent: keep, do not send
    return;
  }
  SetAttr(&r.attr, attr);
  if (t.active && !(r.flags & kQueued)) {
    r.flags |= kQueued;
    t.dirty.push_back(index);
  }
}

bool AdjRibOut::SameOnTheWire(uint32_t a, uint32_t b, wire::Family family) const {
  const AttrSet& x = pool_->Get(a);
  const AttrSet& y = pool_->Get(b);
  const NextHop &nx = x.next_hop(), &ny = y.next_hop();
  using K = NextHop::Kind;
  if (!((nx.kind == K::kSelf && ny.kind == K::kAddress) || (nx.kind == K::kAddress && ny.kind == K::kSelf)))
    return false;
  const IpAddress& given = nx.kind == K::kAddress ? nx.address : ny.address;
  // What `self` stands for in this family, as Export reads it.
  const std::optional<IpAddress>& self = family.afi == wire::Afi::kIpv6 ? self_v6_ : self_v4_;
  return self && *self == given && x.attrs() == y.attrs();
}

void AdjRibOut::Announce(wire::Family family, const wire::InetNlri& nlri, const AttrRef& attrs) {
  assert(attrs);
  Table& t = TableFor(family);
  if (t.kind == Table::Kind::kV4) Announce(t, t.v4, nlri, attrs->id());
  else if (t.kind == Table::Kind::kV6) Announce(t, t.v6, nlri, attrs->id());
}

void AdjRibOut::Announce(wire::Family family, const wire::GenericNlri& nlri, const AttrRef& attrs) {
  assert(attrs);
  Table& t = TableFor(family);
  if (t.kind == Table::Kind::kGeneric) Announce(t, t.generic, nlri, attrs->id());
}

template <typename Routes>
bool AdjRibOut::Withdraw(Table& t, Routes& routes, const typename Routes::value_type& nlri) {
  uint32_t index = routes.Find(nlri);
  if (index == kNone) return false;
  auto& r = routes.at(index);
  if (r.attr == kNone) return true;  // already being withdrawn
  --t.wanted;
  SetAttr(&r.attr, kNone);
  if (!(r.flags & kAdvertised)) {
    // Never sent: forget it. A stale dirty-list entry is skipped by Drain.
    routes.Erase(index);
    return true;
  }
  if (t.active && !(r.flags & kQueued)) {
    r.flags |= kQueued;
    t.dirty.push_back(index);
  }
  return true;
}

bool AdjRibOut::Withdraw(wire::Family family, const wire::InetNlri& nlri) {
  Table& t = TableFor(family);
  if (t.kind == Table::Kind::kV4) return Withdraw(t, t.v4, nlri);
  if (t.kind == Table::Kind::kV6) return Withdraw(t, t.v6, nlri);
  return false;
}

bool AdjRibOut::Withdraw(wire::Family family, const wire::GenericNlri& nlri) {
  Table& t = TableFor(family);
  return t.kind == Table::Kind::kGeneric && Withdraw(t, t.generic, nlri);
}

template <typename Routes>
void AdjRibOut::WithdrawAll(Table& t, Routes& routes) {
  for (uint32_t i = 0; i < routes.bound(); ++i) {
    auto& r = routes.at(i);
    if (r.flags == 0 || r.attr == kNone) continue;
    SetAttr(&r.attr, kNone);
    if (!(r.flags & kAdvertised)) {
      routes.Erase(i);
      continue;
    }
    if (t.active && !(r.flags & kQueued)) {
      r.flags |= kQueued;
      t.dirty.push_back(i);
    }
  }
  t.wanted = 0;
}

void AdjRibOut::WithdrawAll() {
  for (Table& t : tables_) WithRoutes(t, [&](auto& routes) { WithdrawAll(t, routes); });
}

template <typename Routes>
void AdjRibOut::QueueAll(Table& t, Routes& routes, bool wanted_only) {
  t.dirty.reserve(t.dirty.size() + routes.size());
  for (uint32_t i = 0; i < routes.bound(); ++i) {
    auto& r = routes.at(i);
    if (r.flags == 0 || (r.flags & kQueued) || (wanted_only && r.attr == kNone)) continue;
    r.flags |= kQueued;
    t.dirty.push_back(i);
  }
}

template <typename Routes>
void AdjRibOut::Forget(Table& t, Routes& routes) {
  // What was sent no longer counts; what was only to be withdrawn goes.
  for (uint32_t i = 0; i < routes.bound(); ++i) {
    auto& r = routes.at(i);
    if (r.flags == 0) continue;
    r.flags = kLive;
    if (r.attr == kNone) routes.Erase(i);
  }
}

void AdjRibOut::Start(const std::vector<wire::Family>& families, bool manual_eor) {
  Stop();
  active_ = true;
  for (const wire::Family& f : families) {
    Table& t = TableFor(f);
    t.active = true;
    t.eor_pending = !manual_eor;
    WithRoutes(t, [&](auto& routes) { QueueAll(t, routes, true); });
  }
}

void AdjRibOut::Stop() {
  active_ = false;
  self_v4_.reset();
  self_v6_.reset();
  for (Table& t : tables_) {
    t.active = false;
    t.eor_pending = false;
    t.eorr_pending = false;
    t.dirty = {};
    t.cursor = 0;
    WithRoutes(t, [&](auto& routes) { Forget(t, routes); });
  }
}

void AdjRibOut::Refresh(wire::Family family, bool enhanced) {
  Table& t = TableFor(family);
  if (!t.active) return;
  WithRoutes(t, [&](auto& routes) { QueueAll(t, routes, true); });
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

std::vector<AdjRibOut::FamilyCounts> AdjRibOut::Counts() const {
  std::vector<FamilyCounts> out;
  out.reserve(tables_.size());
  for (const Table& t : tables_) out.push_back({t.family, t.wanted, t.sent_announced, t.sent_withdrawn});
  return out;
}

size_t AdjRibOut::memory() const {
  size_t n = 0;
  for (const Table& t : tables_) n += t.v4.memory() + t.v6.memory() + t.generic.memory() + t.dirty.capacity() * 4;
  return n;
}

template <typename Routes, typename Fn>
void AdjRibOut::ForEachIn(const Table& t, const Routes& routes, const Fn& fn) const {
  for (uint32_t i = 0; i < routes.bound(); ++i) {
    const auto& r = routes.at(i);
    if (r.flags != 0 && r.attr != kNone) fn(t.family, routes.Nlri(i), pool_->Get(r.attr));
  }
}

void AdjRibOut::ForEach(
    const std::function<void(wire::Family, const wire::InetNlri&, const AttrSet&)>& fn) const {
  for (const Table& t : tables_) {
    if (t.kind == Table::Kind::kV4) ForEachIn(t, t.v4, fn);
    else if (t.kind == Table::Kind::kV6) ForEachIn(t, t.v6, fn);
  }
}

void AdjRibOut::ForEachGeneric(
    const std::function<void(wire::Family, const wire::GenericNlri&, const AttrSet&)>& fn) const {
  for (const Table& t : tables_)
    if (t.kind == Table::Kind::kGeneric) ForEachIn(t, t.generic, fn);
}

DrainStats AdjRibOut::Drain(const PeerContext& peer, size_t budget, Bytes* out) {
  DrainStats stats;
  self_v4_ = peer.self_v4;
  self_v6_ = peer.self_v6;
  for (Table& t : tables_) {
    if (!t.active) continue;
    WithRoutes(t, [&](auto& routes) { DrainTable(t, routes, peer, budget, out, &stats); });
    if (out->size() >= budget) break;
  }
  return stats;
}

template <typename Routes>
void AdjRibOut::Refuse(Table& t, Routes& routes, std::span<const typename Routes::value_type> nlri,
                       const std::string& why, const wire::Negotiated& negotiated, Bytes* out,
                       DrainStats* stats) {
  for (const auto& n : nlri) {
    if constexpr (std::is_same_v<typename Routes::value_type, wire::InetNlri>) stats->refused.emplace_back(n, why);
    else stats->refused_generic.push_back({t.family, n, why});
    // Not sent: the peer does not have it (if it had an older version, that
    // one is withdrawn so the peer is not left with stale data).
    uint32_t index = routes.Find(n);
    if (index != kNone) routes.at(index).flags &= static_cast<uint8_t>(~kAdvertised);
  }
  wire::EncodeWithdraw(t.family, nlri, negotiated, out);
  stats->withdrawn += nlri.size();
  t.sent_withdrawn += nlri.size();
}

template <typename Routes>
void AdjRibOut::DrainTable(Table& t, Routes& routes, const PeerContext& peer, size_t budget,
                           Bytes* out, DrainStats* stats) {
  using Nlri = typename Routes::value_type;
  const wire::Negotiated& negotiated = peer.negotiated;
  while (t.cursor < t.dirty.size() && out->size() < budget) {
    // Group one chunk of dirty prefixes by what is to be done with them.
    size_t end = std::min(t.dirty.size(), t.cursor + kChunk);
    DrainScratch<Nlri>& s = Scratch<Nlri>();
    s.Clear();
    for (; t.cursor < end; ++t.cursor) {
      uint32_t index = t.dirty[t.cursor];
      if (index >= routes.bound()) continue;  // the table was emptied meanwhile
      auto& r = routes.at(index);
      if (!(r.flags & kQueued)) continue;  // stale or duplicate entry
      // Withdrawals go before the announcements of their chunk, unless an
      // announcement was given first: that one is sent first (a covering
      // route announced, then a more specific withdrawn: make before break,
      // in the order the commands came, as ExaBGP sends them).
      if (r.attr == kNone && !s.queued.empty()) break;
      r.flags &= static_cast<uint8_t>(~kQueued);
      if (r.attr == kNone) {
        s.withdrawals.push_back(routes.Nlri(index));
        routes.Erase(index);
        continue;
      }
      auto [gi, fresh] = s.group_of.try_emplace(r.attr, static_cast<uint32_t>(s.group_attr.size()));
      if (fresh) s.group_attr.push_back(r.attr);
      s.queued.emplace_back(gi->second, routes.Nlri(index));
      r.flags |= kAdvertised;
    }
    s.GroupRoutes();

    if (!s.withdrawals.empty()) {
      if (peer.group_updates) {
        wire::EncodeWithdraw(t.family, std::span<const Nlri>(s.withdrawals), negotiated, out);
      } else {
        for (const Nlri& n : s.withdrawals)
          wire::EncodeWithdraw(t.family, std::span<const Nlri>(&n, 1), negotiated, out);
      }
      stats->withdrawn += s.withdrawals.size();
      t.sent_withdrawn += s.withdrawals.size();
    }
    for (size_t g = 0; g < s.group_attr.size(); ++g) {
      std::span<const Nlri> group = s.Routes(g);
      const AttrSet& set = pool_->Get(s.group_attr[g]);
      auto exported = Export(set, t.family, peer);
      if (!exported) {
        Refuse(t, routes, group, exported.error().message, negotiated, out, stats);
        continue;
      }
      auto announce = [&](std::span<const Nlri> nlri) {
        if (wire::EncodeAnnounce(t.family, exported->attrs, exported->next_hop, nlri, negotiated, out)) {
          stats->announced += nlri.size();
          t.sent_announced += nlri.size();
          return;
        }
        // The attributes do not fit in one UPDATE to this session (e.g. no
        // extended messages): the routes cannot be sent, and an older
        // version the peer has must not stay there.
        Status why = CheckFits(set, t.family, peer);
        Refuse(t, routes, nlri, why ? "it cannot be encoded" : why.error().message, negotiated, out, stats);
      };
      if (peer.group_updates) {
        announce(group);
      } else {
        for (const Nlri& n : group) announce(std::span<const Nlri>(&n, 1));
      }
    }
  }
  if (t.cursor < t.dirty.size()) return;  // budget reached; more next time
  // All sent: let a large dirty list go rather than keep its capacity.
  if (t.dirty.capacity() > 65536) t.dirty = {};
  else t.dirty.clear();
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
