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
  size_t hash = HashOf(next_hop, attrs);
  // Look up with a stack probe first: the common case (the same attributes
  // as many times before) must not copy them.
  AttrSet probe(this, next_hop, {}, hash);
  // The probe's attrs are empty; compare by hand against candidates.
  auto bucket = sets_.bucket(&probe);
  for (auto it = sets_.begin(bucket); it != sets_.end(bucket); ++it) {
    AttrSet* s = *it;
    if (s->hash() == hash && s->next_hop() == next_hop && s->attrs() == attrs) return AttrRef(s);
  }
  auto* set = new AttrSet(this, next_hop, attrs, hash);
  sets_.insert(set);
  return AttrRef(set);
}

void AttrPool::Drop(AttrSet* set) {
  sets_.erase(set);
  delete set;
}

}  // namespace herald::rib
