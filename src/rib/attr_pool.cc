#include "rib/attr_pool.h"

#include <cassert>

namespace herald::rib {
namespace {

size_t HashOf(const NextHop& nh, const wire::PathAttributes& attrs) {
  size_t h = attrs.Hash();
  h ^= (static_cast<size_t>(nh.kind) + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2));
  if (nh.kind == NextHop::Kind::kAddress) h ^= nh.address.Hash() + 0x9e3779b97f4a7c15ull + (h << 6);
  return h;
}

}  // namespace

AttrPool::~AttrPool() {
  // Every AttrRef must be gone before its pool (the daemon destroys peers,
  // which hold the references, before the pool).
  assert(sets_.empty());
  for (AttrSet* s : sets_) delete s;
}

AttrRef AttrPool::Intern(const NextHop& next_hop, const wire::PathAttributes& attrs) {
  // A burst of announcements usually repeats one set: comparing with the
  // last one is cheaper than hashing.
  if (last_ && last_->next_hop() == next_hop && last_->attrs() == attrs) return AttrRef(last_);
  size_t hash = HashOf(next_hop, attrs);
  // Look up with a stack probe first: the common case (the same attributes
  // as many times before) must not copy them.
  AttrSet probe(this, next_hop, {}, hash, 0);
  // The probe's attrs are empty; compare by hand against candidates.
  auto bucket = sets_.bucket(&probe);
  for (auto it = sets_.begin(bucket); it != sets_.end(bucket); ++it) {
    AttrSet* s = *it;
    if (s->hash() == hash && s->next_hop() == next_hop && s->attrs() == attrs) {
      last_ = s;
      return AttrRef(s);
    }
  }
  uint32_t id;
  if (!free_ids_.empty()) {
    id = free_ids_.back();
    free_ids_.pop_back();
  } else {
    id = static_cast<uint32_t>(by_id_.size());
    by_id_.push_back(nullptr);
  }
  auto* set = new AttrSet(this, next_hop, attrs, hash, id);
  by_id_[id] = set;
  sets_.insert(set);
  last_ = set;
  return AttrRef(set);
}

void AttrPool::Drop(AttrSet* set) {
  if (set == last_) last_ = nullptr;
  sets_.erase(set);
  by_id_[set->id()] = nullptr;
  free_ids_.push_back(set->id());
  delete set;
}

}  // namespace herald::rib
