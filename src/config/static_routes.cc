#include "config/static_routes.h"

#include <cassert>

namespace herald::config {

const std::vector<StaticRoutes::Set> StaticRoutes::kNoSets;
const std::vector<StaticRoutes::Entry> StaticRoutes::kNoEntries;
const std::vector<StaticRoutes::Other> StaticRoutes::kNoOthers;

namespace {

size_t HashOf(const rib::Route& r) {
  size_t h = r.attrs.Hash();
  h ^= (static_cast<size_t>(r.family.afi) << 8 | static_cast<size_t>(r.family.safi)) +
       0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  h ^= static_cast<size_t>(r.next_hop.kind) + (h << 6) + (h >> 2);
  if (r.next_hop.kind == rib::NextHop::Kind::kAddress)
    h ^= r.next_hop.address.Hash() + (h << 6) + (h >> 2);
  return h;
}

}  // namespace

StaticRoutes::Data& StaticRoutes::Mutable() {
  if (!data_) {
    data_ = std::make_shared<Data>();
  } else if (data_.use_count() > 1) {
    // Shared: copy before writing (rare: a neighbor adding to what it
    // inherited). Intern rebuilds the lookup from the sets.
    auto copy = std::make_shared<Data>();
    copy->sets = data_->sets;
    copy->entries = data_->entries;
    copy->routes = data_->routes;
    copy->others = data_->others;
    copy->generic = data_->generic;
    data_ = std::move(copy);
  }
  return *data_;
}

uint32_t StaticRoutes::Intern(const rib::Route& route) {
  Data& d = Mutable();
  if (d.lookup.empty() && !d.sets.empty()) {
    // Sealed or copied, then added to: index the sets once more.
    for (uint32_t i = 0; i < d.sets.size(); ++i) d.lookup.emplace(HashOf(RouteOf(d.sets[i])), i);
  }
  size_t hash = HashOf(route);
  auto [first, last] = d.lookup.equal_range(hash);
  for (auto it = first; it != last; ++it) {
    const Set& s = d.sets[it->second];
    if (s.family == route.family && s.next_hop == route.next_hop && s.attrs == route.attrs &&
        s.watchdog == route.watchdog)
      return it->second;
  }
  uint32_t index = static_cast<uint32_t>(d.sets.size());
  d.sets.push_back({route.family, route.next_hop, route.attrs, route.watchdog});
  d.lookup.emplace(hash, index);
  return index;
}

void StaticRoutes::Add(const rib::Route& route) {
  uint32_t set = Intern(route);
  Data& d = *data_;
  ++d.routes;
  if (route.nlri.empty()) {
    d.others.push_back({static_cast<uint32_t>(d.entries.size()), set, route.generic});
    d.generic += route.generic.size();
    return;
  }
  for (size_t i = 0; i < route.nlri.size(); ++i)
    d.entries.push_back(
        {route.nlri[i].prefix, route.nlri[i].path_id, set << 1 | (i == 0 ? 1u : 0u)});
}

void StaticRoutes::Append(const StaticRoutes& other) {
  if (other.empty()) return;
  if (empty()) {
    data_ = other.data_;  // shared until either is added to
    return;
  }
  // Copy first: `other` may be this very object.
  StaticRoutes from = other;
  from.ForEach([this](const rib::Route& r) { Add(r); });
}

rib::Route StaticRoutes::RouteOf(const Set& set) {
  rib::Route r;
  r.family = set.family;
  r.next_hop = set.next_hop;
  r.attrs = set.attrs;
  r.watchdog = set.watchdog;
  return r;
}

rib::Route StaticRoutes::operator[](size_t i) const {
  assert(i < size());
  rib::Route found;
  size_t n = 0;
  bool done = false;
  ForEach([&](const rib::Route& r) {
    if (!done && n++ == i) {
      found = r;
      done = true;
    }
  });
  return found;
}

void StaticRoutes::Seal() {
  if (!data_) return;
  // In place even when shared: only the cache and spare capacity go.
  Data& d = *data_;
  d.lookup = {};
  d.sets.shrink_to_fit();
  d.entries.shrink_to_fit();
  d.others.shrink_to_fit();
}

size_t StaticRoutes::MemoryUse() const {
  if (!data_) return 0;
  const Data& d = *data_;
  return sizeof(Data) + d.sets.capacity() * sizeof(Set) + d.entries.capacity() * sizeof(Entry) +
         d.others.capacity() * sizeof(Other) + d.lookup.size() * (sizeof(size_t) * 4);
}

bool operator==(const StaticRoutes& a, const StaticRoutes& b) {
  if (a.data_ == b.data_) return true;
  return a.size() == b.size() && a.sets() == b.sets() && a.entries() == b.entries() &&
         a.others() == b.others();
}

}  // namespace herald::config
