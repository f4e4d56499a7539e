// Interned, immutable attribute sets shared by many prefixes (OpenBGPD's
// aspath_get, BIRD's attribute cache).
//
// A route's attributes and next hop are interned once in the AttrPool and
// referred to by AttrRef, a reference-counted pointer, or, where every byte
// counts (the adj-RIB-out holds one per prefix), by the set's 32-bit id with
// explicit Retain()/Release(). A million prefixes announced with the same
// attributes hold one AttrSet. When the last reference goes, the set leaves
// the pool and its id is reused.
//
// Single-threaded: reference counts are plain integers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_set>
#include <utility>
#include <vector>

#include "rib/route.h"
#include "wire/attributes.h"

namespace herald::rib {

class AttrPool;

class AttrSet {
 public:
  const NextHop& next_hop() const { return next_hop_; }
  const wire::PathAttributes& attrs() const { return attrs_; }
  size_t hash() const { return hash_; }
  // Stable while the set lives; reused afterwards.
  uint32_t id() const { return id_; }

 private:
  friend class AttrPool;
  friend class AttrRef;
  AttrSet(AttrPool* pool, NextHop nh, wire::PathAttributes attrs, size_t hash, uint32_t id)
      : pool_(pool), next_hop_(nh), attrs_(std::move(attrs)), hash_(hash), id_(id) {}

  AttrPool* const pool_;
  const NextHop next_hop_;
  const wire::PathAttributes attrs_;
  const size_t hash_;
  const uint32_t id_;
  uint32_t refs_ = 0;
};

// A counted reference to an interned AttrSet; null when default-constructed.
class AttrRef {
 public:
  AttrRef() = default;
  AttrRef(const AttrRef& o) : set_(o.set_) { Retain(); }
  AttrRef(AttrRef&& o) noexcept : set_(std::exchange(o.set_, nullptr)) {}
  AttrRef& operator=(AttrRef o) noexcept {
    std::swap(set_, o.set_);
    return *this;
  }
  ~AttrRef() { Release(); }

  const AttrSet* get() const { return set_; }
  const AttrSet* operator->() const { return set_; }
  const AttrSet& operator*() const { return *set_; }
  explicit operator bool() const { return set_ != nullptr; }
  // Interned sets are unique, so identity is equality.
  friend bool operator==(const AttrRef& a, const AttrRef& b) { return a.set_ == b.set_; }

 private:
  friend class AttrPool;
  explicit AttrRef(AttrSet* set) : set_(set) { Retain(); }
  void Retain() {
    if (set_) ++set_->refs_;
  }
  void Release();

  AttrSet* set_ = nullptr;
};

class AttrPool {
 public:
  AttrPool() = default;
  ~AttrPool();
  AttrPool(const AttrPool&) = delete;
  AttrPool& operator=(const AttrPool&) = delete;

  // The interned set equal to (next_hop, attrs), created if needed.
  AttrRef Intern(const NextHop& next_hop, const wire::PathAttributes& attrs);
  // Number of distinct sets alive.
  size_t size() const { return sets_.size(); }

  // Id-based references, for compact storage. REQUIRES: id is alive.
  const AttrSet& Get(uint32_t id) const { return *by_id_[id]; }
  void Retain(uint32_t id) { ++by_id_[id]->refs_; }
  void Release(uint32_t id) {
    AttrSet* s = by_id_[id];
    if (--s->refs_ == 0) Drop(s);
  }

 private:
  friend class AttrRef;
  void Drop(AttrSet* set);

  struct Hash {
    size_t operator()(const AttrSet* s) const { return s->hash(); }
  };
  struct Eq {
    bool operator()(const AttrSet* a, const AttrSet* b) const {
      return a->hash() == b->hash() && a->next_hop() == b->next_hop() && a->attrs() == b->attrs();
    }
  };
  std::unordered_set<AttrSet*, Hash, Eq> sets_;
  std::vector<AttrSet*> by_id_;
  AttrSet* last_ = nullptr;  // the set interned last (not a reference)
  std::vector<uint32_t> free_ids_;
};

inline void AttrRef::Release() {
  if (set_ && --set_->refs_ == 0) set_->pool_->Drop(set_);
  set_ = nullptr;
}

}  // namespace herald::rib
