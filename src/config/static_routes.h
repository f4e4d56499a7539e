// StaticRoutes: a neighbor's configured routes, held compactly.
//
// A large configuration (hundreds of thousands of `route ...;` lines) mostly
// repeats a few attribute sets. Each distinct (family, next hop, attributes)
// is kept once in a table of sets; each prefix is one 28-byte Entry naming
// its set, like the adj-RIB-out does with interned attribute sets
// (rib/attr_pool.h). A rib::Route of the file (one set, one or more
// prefixes: `split`, `attributes ... nlri p1 p2`) is a run of entries, the
// first marked as starting it, so routes come back as they were written and
// the printer writes the same lines. Routes of other families (FlowSpec,
// ...; few, and each NLRI its own byte string) are kept whole, in `others`,
// at their place among the entries.
//
// Copies are cheap: the tables are shared, immutable once shared (copy on
// write), so the daemon and every peer holding a NeighborConfig point to one
// copy. A StaticRoutes may be built on one thread and then read on another;
// it is not safe to modify one object from two threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/ip.h"
#include "rib/route.h"
#include "wire/attributes.h"
#include "wire/family.h"

namespace herald::config {

class StaticRoutes {
 public:
  // One distinct attribute set (attrs.next_hop unused, as in rib::Route).
  struct Set {
    wire::Family family = wire::kIpv4Unicast;
    rib::NextHop next_hop;
    wire::PathAttributes attrs;
    std::string watchdog;  // rib::Route::watchdog
    friend bool operator==(const Set&, const Set&) = default;
  };
  // One prefix of one route.
  struct Entry {
    Prefix prefix;
    uint32_t path_id = 0;
    uint32_t set_and_start = 0;  // set index << 1 | starts a route
    uint32_t set() const { return set_and_start >> 1; }
    bool starts_route() const { return set_and_start & 1u; }
    friend bool operator==(const Entry&, const Entry&) = default;
  };

  StaticRoutes() = default;

  // Adds a route at the end: its attribute set is shared with an equal one
  // already held. A route without prefixes is kept as written (it prints
  // as an `attributes` line without nlri).
  void Add(const rib::Route& route);
  // Adds every route of `other`, in order (template inheritance).
  void Append(const StaticRoutes& other);

  // Number of routes as written (not of prefixes).
  size_t size() const { return data_ ? data_->routes : 0; }
  bool empty() const { return size() == 0; }
  // Number of IPv4/IPv6 unicast prefixes, across every route.
  size_t prefix_count() const { return data_ ? data_->entries.size() : 0; }
  // A route without unicast prefixes: one of another family (its NLRI in
  // `generic`), or an `attributes` line without nlri (none at all).
  struct Other {
    uint32_t before = 0;  // the index of the entry it precedes
    uint32_t set = 0;
    std::vector<wire::GenericNlri> generic;
    friend bool operator==(const Other&, const Other&) = default;
  };
  const std::vector<Other>& others() const { return data_ ? data_->others : kNoOthers; }
  // Number of generic NLRI, across every route.
  size_t generic_count() const { return data_ ? data_->generic : 0; }
  // The i-th route, rebuilt. O(i): for tests, error messages and printing of
  // small configs; iterate with ForEach for all of them.
  // REQUIRES: i < size().
  rib::Route operator[](size_t i) const;
  // Calls fn(const rib::Route&) for every route in order.
  template <typename Fn>
  void ForEach(Fn&& fn) const;

  const std::vector<Set>& sets() const { return data_ ? data_->sets : kNoSets; }
  const std::vector<Entry>& entries() const { return data_ ? data_->entries : kNoEntries; }

  // Releases what building needed (the lookup of sets, spare capacity).
  void Seal();
  // Bytes held on the heap (tables, not counting the attribute values'
  // own allocations).
  size_t MemoryUse() const;

  // Same routes in the same order (sets are numbered in order of first
  // use, so equal route lists give equal tables).
  friend bool operator==(const StaticRoutes& a, const StaticRoutes& b);

 private:
  struct Data {
    std::vector<Set> sets;
    std::vector<Entry> entries;
    size_t routes = 0;  // entries that start a route, plus others
    std::vector<Other> others;
    size_t generic = 0;  // NLRI in others
    // Set hash -> set indexes with that hash; emptied by Seal.
    std::unordered_multimap<size_t, uint32_t> lookup;
  };
  static const std::vector<Set> kNoSets;
  static const std::vector<Entry> kNoEntries;
  static const std::vector<Other> kNoOthers;

  Data& Mutable();
  uint32_t Intern(const rib::Route& route);
  static rib::Route RouteOf(const Set& set);

  std::shared_ptr<Data> data_;
};

template <typename Fn>
void StaticRoutes::ForEach(Fn&& fn) const {
  if (!data_) return;
  const Data& d = *data_;
  size_t next_other = 0;
  auto flush_others = [&](size_t before) {
    for (; next_other < d.others.size() && d.others[next_other].before <= before; ++next_other) {
      rib::Route o = RouteOf(d.sets[d.others[next_other].set]);
      o.generic = d.others[next_other].generic;
      fn(o);
    }
  };
  rib::Route r;
  bool open = false;
  for (size_t i = 0; i < d.entries.size(); ++i) {
    const Entry& e = d.entries[i];
    if (e.starts_route()) {
      if (open) fn(r);
      flush_others(i);
      r = RouteOf(d.sets[e.set()]);
      open = true;
    }
    r.nlri.push_back({e.prefix, e.path_id});
  }
  if (open) fn(r);
  flush_others(d.entries.size());
}

}  // namespace herald::config
