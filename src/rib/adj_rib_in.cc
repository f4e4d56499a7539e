#include "rib/adj_rib_in.h"

namespace herald::rib {
namespace {

constexpr uint8_t kLive = 1;

template <typename F>
void WithRoutes(wire::Family family, RouteTable<4>& v4, RouteTable<16>& v6, F&& f) {
  if (family.afi == wire::Afi::kIpv6) f(v6);
  else f(v4);
}

}  // namespace

AdjRibIn::Table& AdjRibIn::TableFor(wire::Family family) {
  for (Table& t : tables_)
    if (t.family == family) return t;
  tables_.emplace_back();
  tables_.back().family = family;
  return tables_.back();
}

void AdjRibIn::Announce(wire::Family family, const std::vector<wire::InetNlri>& nlri, uint32_t attr) {
  Table& t = TableFor(family);
  WithRoutes(family, t.v4, t.v6, [&](auto& routes) {
    for (const wire::InetNlri& n : nlri) {
      auto [index, made] = routes.Insert(n, kLive);
      auto& r = routes.at(index);
      if (r.attr == attr) continue;
      pool_->Retain(attr);
      if (r.attr != RouteTable<4>::kNone) pool_->Release(r.attr);
      r.attr = attr;
    }
  });
}

void AdjRibIn::Withdraw(wire::Family family, const std::vector<wire::InetNlri>& nlri) {
  if (nlri.empty()) return;
  Table& t = TableFor(family);
  WithRoutes(family, t.v4, t.v6, [&](auto& routes) {
    for (const wire::InetNlri& n : nlri) {
      uint32_t index = routes.Find(n);
      if (index == RouteTable<4>::kNone) continue;
      auto& r = routes.at(index);
      if (r.attr != RouteTable<4>::kNone) pool_->Release(r.attr);
      r.attr = RouteTable<4>::kNone;
      routes.Erase(index);
    }
  });
}

void AdjRibIn::Apply(const wire::Update& u) {
  for (const wire::Unreach& w : u.unreach) Withdraw(w.family, w.nlri);
  // The attributes are interned as received (NEXT_HOP included: copying
  // them to drop it would cost an allocation per UPDATE); ForEach's callers
  // take the route's next hop from the set's.
  for (const wire::Reach& r : u.reach) {
    if (r.nlri.empty() || (r.classic && !u.attrs.next_hop)) continue;
    AttrRef set = pool_->Intern(NextHop::Address(r.classic ? *u.attrs.next_hop : r.next_hop.address), u.attrs);
    Announce(r.family, r.nlri, set->id());
  }
}

void AdjRibIn::Clear() {
  for (Table& t : tables_) {
    WithRoutes(t.family, t.v4, t.v6, [&](auto& routes) {
      for (uint32_t i = 0; i < routes.bound(); ++i) {
        auto& r = routes.at(i);
        if (r.flags == 0) continue;
        if (r.attr != RouteTable<4>::kNone) pool_->Release(r.attr);
        r.attr = RouteTable<4>::kNone;
        routes.Erase(i);
      }
    });
  }
  tables_.clear();
}

size_t AdjRibIn::size() const {
  size_t n = 0;
  for (const Table& t : tables_) n += t.v4.size() + t.v6.size();
  return n;
}

size_t AdjRibIn::memory() const {
  size_t n = 0;
  for (const Table& t : tables_) n += t.v4.memory() + t.v6.memory();
  return n;
}

void AdjRibIn::ForEach(
    const std::function<void(wire::Family, const wire::InetNlri&, const AttrSet&)>& fn) const {
  for (const Table& t : tables_) {
    auto each = [&](const auto& routes) {
      for (uint32_t i = 0; i < routes.bound(); ++i) {
        const auto& r = routes.at(i);
        if (r.flags != 0 && r.attr != RouteTable<4>::kNone) fn(t.family, routes.Nlri(i), pool_->Get(r.attr));
      }
    };
    if (t.family.afi == wire::Afi::kIpv6) each(t.v6);
    else each(t.v4);
  }
}

}  // namespace herald::rib
