#include "rib/adj_rib_in.h"

#include <type_traits>

namespace herald::rib {
namespace {

constexpr uint8_t kLive = 1;
constexpr uint32_t kNone = RouteTable<4>::kNone;

// Calls f(routes) with the table holding the family's routes of type Nlri
// (nothing if the family keeps the other type).
template <typename Nlri, typename Table, typename F>
void WithRoutes(Table& t, F&& f) {
  if constexpr (std::is_same_v<Nlri, wire::GenericNlri>) {
    if (t.generic) f(t.other);
  } else if (!t.generic) {
    if (t.family.afi == wire::Afi::kIpv6) f(t.v6);
    else f(t.v4);
  }
}

}  // namespace

AdjRibIn::Table& AdjRibIn::TableFor(wire::Family family) {
  for (Table& t : tables_)
    if (t.family == family) return t;
  tables_.emplace_back();
  tables_.back().family = family;
  tables_.back().generic = wire::IsGenericFamily(family);
  tables_.back().other.set_family(family);
  return tables_.back();
}

template <typename Nlri>
void AdjRibIn::Announce(wire::Family family, const std::vector<Nlri>& nlri, uint32_t attr) {
  if (nlri.empty()) return;
  WithRoutes<Nlri>(TableFor(family), [&](auto& routes) {
    for (const Nlri& n : nlri) {
      auto [index, made] = routes.Insert(n, kLive);
      auto& r = routes.at(index);
      if constexpr (std::is_same_v<Nlri, wire::GenericNlri>) {
        if (!made) routes.Replace(index, n);  // a new label stack
      }
      if (r.attr == attr) continue;
      pool_->Retain(attr);
      if (r.attr != kNone) pool_->Release(r.attr);
      r.attr = attr;
    }
  });
}

template <typename Nlri>
void AdjRibIn::Withdraw(wire::Family family, const std::vector<Nlri>& nlri) {
  if (nlri.empty()) return;
  WithRoutes<Nlri>(TableFor(family), [&](auto& routes) {
    for (const Nlri& n : nlri) {
      uint32_t index = routes.Find(n);
      if (index == kNone) continue;
      auto& r = routes.at(index);
      if (r.attr != kNone) pool_->Release(r.attr);
      r.attr = kNone;
      routes.Erase(index);
    }
  });
}

void AdjRibIn::Apply(const wire::Update& u) {
  for (const wire::Unreach& w : u.unreach) {
    Withdraw(w.family, w.nlri);
    Withdraw(w.family, w.generic);
  }
  // The attributes are interned as received (NEXT_HOP included: copying
  // them to drop it would cost an allocation per UPDATE); ForEach's callers
  // take the route's next hop from the set's.
  for (const wire::Reach& r : u.reach) {
    if (!r.nlri.empty() && !(r.classic && !u.attrs.next_hop)) {
      AttrRef set =
          pool_->Intern(NextHop::Address(r.classic ? *u.attrs.next_hop : r.next_hop.address), u.attrs);
      Announce(r.family, r.nlri, set->id());
    }
    if (!r.generic.empty()) {
      AttrRef set = pool_->Intern(r.next_hop.none ? NextHop{} : NextHop::Address(r.next_hop.address), u.attrs);
      Announce(r.family, r.generic, set->id());
    }
  }
}

void AdjRibIn::Clear() {
  auto clear = [&](auto& routes) {
    for (uint32_t i = 0; i < routes.bound(); ++i) {
      auto& r = routes.at(i);
      if (r.flags == 0) continue;
      if (r.attr != kNone) pool_->Release(r.attr);
      r.attr = kNone;
      routes.Erase(i);
    }
  };
  for (Table& t : tables_) {
    WithRoutes<wire::InetNlri>(t, clear);
    WithRoutes<wire::GenericNlri>(t, clear);
  }
  tables_.clear();
}

size_t AdjRibIn::size() const {
  size_t n = 0;
  for (const Table& t : tables_) n += t.v4.size() + t.v6.size() + t.other.size();
  return n;
}

size_t AdjRibIn::memory() const {
  size_t n = 0;
  for (const Table& t : tables_) n += t.v4.memory() + t.v6.memory() + t.other.memory();
  return n;
}

namespace {

template <typename Routes, typename Fn>
void Each(wire::Family family, const Routes& routes, const AttrPool& pool, const Fn& fn) {
  for (uint32_t i = 0; i < routes.bound(); ++i) {
    const auto& r = routes.at(i);
    if (r.flags != 0 && r.attr != kNone) fn(family, routes.Nlri(i), pool.Get(r.attr));
  }
}

}  // namespace

void AdjRibIn::ForEach(
    const std::function<void(wire::Family, const wire::InetNlri&, const AttrSet&)>& fn) const {
  for (const Table& t : tables_)
    WithRoutes<wire::InetNlri>(t, [&](const auto& routes) { Each(t.family, routes, *pool_, fn); });
}

void AdjRibIn::ForEachGeneric(
    const std::function<void(wire::Family, const wire::GenericNlri&, const AttrSet&)>& fn) const {
  for (const Table& t : tables_)
    WithRoutes<wire::GenericNlri>(t, [&](const auto& routes) { Each(t.family, routes, *pool_, fn); });
}

}  // namespace herald::rib
