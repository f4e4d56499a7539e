// RouteTable: the prefixes of one address family in one peer's adj-RIB-out,
// stored compactly.
//
// Each route is a fixed-size Record (16 bytes for IPv4, 28 for IPv6: the
// address bytes, length, flags, ADD-PATH path id and the AttrPool id of its
// attributes), kept in pages of 16,384 records, found through an
// open-addressing index (linear probing, at most 70% full) whose 8-byte
// slots hold a record number and 32 bits of the key's hash, so that probing
// rarely touches a record. A million IPv4 routes take about 16 MB of records
// and 12-24 MB of index, with no allocation per route; record numbers are
// stable, so a dirty list can name routes with 4 bytes. Erased records are
// reused.
//
// Nothing here takes long at once, whatever the size: records never move
// (pages, not one growing array), and a grown index is filled a few slots per
// insert from the old one (incremental rehashing) rather than in one pass,
// which at a million routes would stall everything else (a health-check
// line, keepalives) for tens of milliseconds. While the old index is being
// emptied, lookups try the new one, then the rest of the old one.
//
// The table knows nothing of attributes or BGP: AdjRibOut gives the flags and
// attribute ids their meaning.
#pragma once

#include <algorithm>
#include <array>
#include <cassert>
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

#include "rib/zeroed_array.h"
#include "wire/nlri.h"

namespace herald::rib {

template <size_t N>  // address bytes: 4 (IPv4) or 16 (IPv6)
class RouteTable {
 public:
  using value_type = wire::InetNlri;
  static constexpr uint32_t kNone = 0xFFFFFFFF;

  struct Record {
    std::array<uint8_t, N> address;
    uint8_t length = 0;
    uint8_t flags = 0;  // 0: a free record; otherwise owned by AdjRibOut
    uint32_t path_id = 0;
    uint32_t attr = kNone;
  };

  size_t size() const { return live_; }
  Record& at(uint32_t index) { return pages_[index >> kPageBits][index & kPageMask]; }
  const Record& at(uint32_t index) const { return pages_[index >> kPageBits][index & kPageMask]; }
  // Record numbers run below this bound (some may be free: flags == 0).
  uint32_t bound() const { return records_; }

  // The record of `nlri`, or kNone.
  uint32_t Find(const wire::InetNlri& nlri) const {
    if (slots_.empty()) return kNone;
    Key k = KeyOf(nlri);
    uint64_t h = Hash(k);
    uint32_t tag = Tag(h);
    for (size_t i = Home(h, slots_);; i = (i + 1) & slots_.mask()) {
      const Slot& s = slots_[i];
      if (s.ref == kEmpty) break;
      if (s.tag == tag && s.ref != kTomb && Same(at(s.ref - 1), k)) return s.ref - 1;
    }
    return FindOldKey(h, tag, k);
  }

  // The record of `nlri`, made if absent (with flags `new_flags`, which must
  // not be 0). Returns the record number and whether it was made.
  std::pair<uint32_t, bool> Insert(const wire::InetNlri& nlri, uint8_t new_flags) {
    assert(new_flags != 0);
    if (!old_.empty()) Migrate(kMigrateStep);
    if (!next_.empty()) Prepare();
    if ((live_ + tombs_ + 1) * 10 >= slots_.size() * 7) Grow();
    Key k = KeyOf(nlri);
    uint64_t h = Hash(k);
    uint32_t tag = Tag(h);
    size_t tomb = SIZE_MAX;
    size_t i = Home(h, slots_);
    for (;; i = (i + 1) & slots_.mask()) {
      const Slot& s = slots_[i];
      if (s.ref == kEmpty) break;
      if (s.ref == kTomb) {
        if (tomb == SIZE_MAX) tomb = i;
      } else if (s.tag == tag && Same(at(s.ref - 1), k)) {
        return {s.ref - 1, false};
      }
    }
    if (uint32_t old = FindOldKey(h, tag, k); old != kNone) return {old, false};
    if (tomb != SIZE_MAX) {
      i = tomb;
      --tombs_;
    }
    uint32_t index = NewRecord();
    Record& r = at(index);
    r.address = k.address;
    r.length = k.length;
    r.path_id = k.path_id;
    r.flags = new_flags;
    r.attr = kNone;
    slots_[i] = {index + 1, tag};
    ++live_;
    return {index, true};
  }

  // Removes a record. REQUIRES: it is in use.
  void Erase(uint32_t index) {
    if (!old_.empty()) Migrate(kMigrateStep);  // a shrinking table finishes it too
    Record& r = at(index);
    assert(r.flags != 0);
    uint64_t h = Hash(Key{r.address, r.length, r.path_id});
    bool found = false;
    for (size_t i = Home(h, slots_); slots_[i].ref != kEmpty; i = (i + 1) & slots_.mask()) {
      if (slots_[i].ref == index + 1) {
        slots_[i].ref = kTomb;
        ++tombs_;
        found = true;
        break;
      }
    }
    if (!found) {
      size_t o = FindOld(h, [&](const Slot& s) { return s.ref == index + 1; });
      assert(o != SIZE_MAX);
      if (o != SIZE_MAX) old_[o].ref = kTomb;
    }
    --live_;
    r.flags = 0;
    r.attr = kNone;
    free_.push_back(index);
    if (live_ == 0) Clear();
  }

  wire::InetNlri Nlri(uint32_t index) const {
    const Record& r = at(index);
    return {Prefix(IpAddress::FromBytes(ByteSpan(r.address.data(), N)), r.length), r.path_id};
  }

  // Bytes held (for memory accounting).
  size_t memory() const {
    size_t records = 0;
    for (const auto& p : pages_) records += p.capacity() * sizeof(Record);
    // Of the old index, only what was not yet given back to the kernel.
    size_t old = old_.size() - std::min(old_.size(), released_);
    return records + (slots_.size() + old + next_.size()) * sizeof(Slot) + free_.capacity() * 4 +
           pages_.capacity() * sizeof(pages_[0]);
  }

 private:
  // A slot's ref is the record number + 1: 0 (what calloc gives) is empty.
  static constexpr uint32_t kEmpty = 0;
  static constexpr uint32_t kTomb = 0xFFFFFFFF;
  static constexpr int kPageBits = 14;
  static constexpr uint32_t kPageSize = 1u << kPageBits;
  static constexpr uint32_t kPageMask = kPageSize - 1;
  // Old slots moved to the new index per insert while one is being emptied:
  // the old one is gone well before the new one is 70% full.
  static constexpr size_t kMigrateStep = 8;
  // Moved old slots are given back to the kernel 16 Ki slots (128 KiB) at a time.
  static constexpr size_t kRelease = 16 << 10;
  // Indexes from this size on prepare the next one (which is mapped from the
  // kernel, zeroed_array.h), 64 slots (one 4 KiB page per 8 inserts): ready
  // after 1/32 of the index's size in inserts, at about 73% full.
  static constexpr size_t kPrepareFrom = 64 << 10;
  static constexpr size_t kTouchStep = 64;

  struct Slot {
    uint32_t ref;
    uint32_t tag;
  };
  // A power-of-two array of slots, zero (all empty) at first.
  class Slots : public ZeroedArray<Slot> {
   public:
    using ZeroedArray<Slot>::ZeroedArray;
    size_t mask() const { return this->size() - 1; }
  };
  struct Key {
    std::array<uint8_t, N> address;
    uint8_t length;
    uint32_t path_id;
  };

  static Key KeyOf(const wire::InetNlri& n) {
    Key k;
    assert(n.prefix.address().size() == N);
    std::memcpy(k.address.data(), n.prefix.address().data(), N);
    k.length = n.prefix.length();
    k.path_id = n.path_id;
    return k;
  }
  static bool Same(const Record& r, const Key& k) {
    return r.length == k.length && r.path_id == k.path_id && r.address == k.address;
  }
  // A slot keeps the upper half of its key's hash, which also gives its home
  // slot: moving it to a larger index needs no look at the record.
  static uint32_t Tag(uint64_t h) { return static_cast<uint32_t>(h >> 32); }
  static size_t Home(uint64_t h, const Slots& slots) { return Tag(h) & slots.mask(); }

  static uint64_t Hash(const Key& k) {
    // 64-bit mix of the address words, the length and the path id (the
    // MurmurHash3 finalizer). (Keeping runs of consecutive networks in
    // consecutive slots was tried: with linear probing the runs pile up and
    // inserts got three times slower.)
    uint64_t h = (uint64_t{k.length} << 32) ^ k.path_id;
    for (size_t i = 0; i < N; i += 4) {
      uint32_t w;
      std::memcpy(&w, k.address.data() + i, 4);
      h = (h ^ w) * 0x9E3779B97F4A7C15ull;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
  }

  // The old index's slot (not empty, not a tomb) with hash h satisfying
  // `match`, or SIZE_MAX. Slots below cursor_ have been moved and emptied; a
  // probe that starts or wraps below it goes on at cursor_ (whatever it was
  // looking for was either moved or lies beyond), and gives up after one
  // round of the slots still there.
  template <typename Match>
  size_t FindOld(uint64_t h, Match match) const {
    if (old_.empty()) return SIZE_MAX;
    size_t i = Home(h, old_);
    if (i < cursor_) i = cursor_;
    for (size_t left = old_.size() - cursor_; left > 0; --left) {
      const Slot& s = old_[i];
      if (s.ref == kEmpty) return SIZE_MAX;
      if (s.ref != kTomb && match(s)) return i;
      if (++i == old_.size()) i = cursor_;
    }
    return SIZE_MAX;
  }

  // The record of key k (hash h, tag) in the old index, or kNone.
  uint32_t FindOldKey(uint64_t h, uint32_t tag, const Key& k) const {
    size_t i = FindOld(h, [&](const Slot& s) { return s.tag == tag && Same(at(s.ref - 1), k); });
    return i == SIZE_MAX ? kNone : old_[i].ref - 1;
  }

  // Moves up to `step` old slots into the new index.
  void Migrate(size_t step) {
    size_t end = std::min(old_.size(), cursor_ + step);
    for (; cursor_ < end; ++cursor_) {
      Slot& s = old_[cursor_];
      if (s.ref != kEmpty && s.ref != kTomb) {
        size_t i = s.tag & slots_.mask();  // Home() without the record
        while (slots_[i].ref != kEmpty && slots_[i].ref != kTomb) i = (i + 1) & slots_.mask();
        if (slots_[i].ref == kTomb) --tombs_;
        slots_[i] = s;
      }
      s.ref = kEmpty;
    }
    // Hand back what is done as we go: freeing it all at the end would take
    // milliseconds at a million routes.
    if (cursor_ - released_ >= kRelease) {
      old_.ReleaseBelow(cursor_);
      released_ = cursor_;
    }
    if (cursor_ == old_.size()) {
      old_ = Slots();
      cursor_ = released_ = 0;
    }
  }

  // Starts a new index sized for the live records (at most half full), the
  // current one becoming the old one, emptied by later inserts.
  static size_t Capacity(size_t live) {
    size_t cap = 16;
    while ((live + 1) * 10 >= cap * 5) cap *= 2;
    return cap;
  }

  // Maps a few more pages of the next index.
  void Prepare() {
    size_t end = std::min(next_.size(), touched_ + kTouchStep);
    next_.Touch(touched_, end);
    touched_ = end;
  }

  // At 70% full: a large index first makes the next one and has its pages
  // mapped a few per insert (inserts at random into an unmapped index took
  // page faults a few hundred per batch of lines: milliseconds in a VM),
  // going on meanwhile up to 85%; then the new index takes over.
  void Grow() {
    if (!old_.empty()) Migrate(old_.size());  // rare: finish the last one first
    size_t cap = Capacity(live_);
    if (next_.empty() && slots_.size() >= kPrepareFrom) {
      next_ = Slots(cap);
      touched_ = 0;
    }
    bool ready = touched_ >= next_.size();
    if (!ready && (live_ + tombs_ + 1) * 100 < slots_.size() * 85) return;
    old_ = std::move(slots_);
    cursor_ = released_ = 0;
    if (next_.size() >= cap) {
      if (!ready) next_.Touch(touched_, next_.size());
      slots_ = std::move(next_);
    } else {
      slots_ = Slots(cap);
    }
    next_ = Slots();
    tombs_ = 0;
    if (old_.empty()) return;
    Migrate(kMigrateStep);
  }

  uint32_t NewRecord() {
    if (!free_.empty()) {
      uint32_t index = free_.back();
      free_.pop_back();
      return index;
    }
    if ((records_ & kPageMask) == 0 && (records_ >> kPageBits) == pages_.size()) {
      pages_.emplace_back();
      // The first page grows as needed (a small table stays small); later
      // ones are whole pages from the start.
      if (pages_.size() > 1) pages_.back().reserve(kPageSize);
    }
    pages_.back().emplace_back();
    return records_++;
  }

  void Clear() {
    pages_ = {};
    records_ = 0;
    slots_ = Slots();
    old_ = Slots();
    cursor_ = released_ = 0;
    next_ = Slots();
    free_ = {};
    tombs_ = 0;
  }

  std::vector<std::vector<Record>> pages_;
  uint32_t records_ = 0;
  Slots slots_;        // the index
  Slots old_;          // while growing: the previous index, moved from
  size_t cursor_ = 0;    // old_ slots below this have been moved
  size_t released_ = 0;  // and below this given back
  Slots next_;           // from 70% full: the next index, being mapped
  size_t touched_ = 0;   // next_ pages below this are mapped
  std::vector<uint32_t> free_;
  size_t live_ = 0;
  size_t tombs_ = 0;  // in slots_
};

}  // namespace herald::rib
