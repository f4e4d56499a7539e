// RouteTable: the prefixes of one address family in one peer's adj-RIB-out,
// stored compactly.
//
// Each route is a fixed-size Record (16 bytes for IPv4, 28 for IPv6: the
// address bytes, length, flags, ADD-PATH path id and the AttrPool id of its
// attributes) in one vector, found through an open-addressing index (linear
// probing, at most 70% full) whose 8-byte slots hold a record number and 32
// bits of the key's hash, so that probing rarely touches a record. A million
// IPv4 routes take about 16 MB of records and 12-24 MB of index, with no
// allocation per route; record numbers are stable, so a dirty list can name
// routes with 4 bytes. Erased records are reused.
//
// The table knows nothing of attributes or BGP: AdjRibOut gives the flags and
// attribute ids their meaning.
#pragma once

#include <array>
#include <cassert>
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

#include "wire/nlri.h"

namespace herald::rib {

template <size_t N>  // address bytes: 4 (IPv4) or 16 (IPv6)
class RouteTable {
 public:
  static constexpr uint32_t kNone = 0xFFFFFFFF;

  struct Record {
    std::array<uint8_t, N> address;
    uint8_t length = 0;
    uint8_t flags = 0;  // 0: a free record; otherwise owned by AdjRibOut
    uint32_t path_id = 0;
    uint32_t attr = kNone;
  };

  size_t size() const { return live_; }
  Record& at(uint32_t index) { return records_[index]; }
  const Record& at(uint32_t index) const { return records_[index]; }
  // Record numbers run below this bound (some may be free: flags == 0).
  uint32_t bound() const { return static_cast<uint32_t>(records_.size()); }

  // The record of `nlri`, or kNone.
  uint32_t Find(const wire::InetNlri& nlri) const {
    if (slots_.empty()) return kNone;
    Key k = KeyOf(nlri);
    uint64_t h = Hash(k);
    uint32_t tag = Tag(h);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.index == kEmpty) return kNone;
      if (s.tag == tag && s.index != kTomb && Same(records_[s.index], k)) return s.index;
    }
  }

  // The record of `nlri`, made if absent (with flags `new_flags`, which must
  // not be 0). Returns the record number and whether it was made.
  std::pair<uint32_t, bool> Insert(const wire::InetNlri& nlri, uint8_t new_flags) {
    assert(new_flags != 0);
    if ((live_ + tombs_ + 1) * 10 >= slots_.size() * 7) Rehash();
    Key k = KeyOf(nlri);
    uint64_t h = Hash(k);
    uint32_t tag = Tag(h);
    size_t tomb = SIZE_MAX;
    size_t i = h & mask_;
    for (;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.index == kEmpty) break;
      if (s.index == kTomb) {
        if (tomb == SIZE_MAX) tomb = i;
      } else if (s.tag == tag && Same(records_[s.index], k)) {
        return {s.index, false};
      }
    }
    if (tomb != SIZE_MAX) {
      i = tomb;
      --tombs_;
    }
    uint32_t index;
    if (!free_.empty()) {
      index = free_.back();
      free_.pop_back();
    } else {
      index = static_cast<uint32_t>(records_.size());
      records_.emplace_back();
    }
    Record& r = records_[index];
    r.address = k.address;
    r.length = k.length;
    r.path_id = k.path_id;
    r.flags = new_flags;
    r.attr = kNone;
    slots_[i] = {index, tag};
    ++live_;
    return {index, true};
  }

  // Removes a record. REQUIRES: it is in use.
  void Erase(uint32_t index) {
    Record& r = records_[index];
    assert(r.flags != 0);
    Key k{r.address, r.length, r.path_id};
    for (size_t i = Hash(k) & mask_;; i = (i + 1) & mask_) {
      if (slots_[i].index == index) {
        slots_[i].index = kTomb;
        break;
      }
    }
    ++tombs_;
    --live_;
    r.flags = 0;
    r.attr = kNone;
    free_.push_back(index);
    if (live_ == 0) Clear();
  }

  wire::InetNlri Nlri(uint32_t index) const {
    const Record& r = records_[index];
    return {Prefix(IpAddress::FromBytes(ByteSpan(r.address.data(), N)), r.length), r.path_id};
  }

  // Bytes held (for memory accounting).
  size_t memory() const {
    return records_.capacity() * sizeof(Record) + slots_.capacity() * sizeof(Slot) +
           free_.capacity() * 4;
  }

 private:
  static constexpr uint32_t kEmpty = 0xFFFFFFFF;
  static constexpr uint32_t kTomb = 0xFFFFFFFE;

  struct Slot {
    uint32_t index;
    uint32_t tag;
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
  static uint32_t Tag(uint64_t h) { return static_cast<uint32_t>(h >> 32); }

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

  void Rehash() {
    size_t cap = slots_.empty() ? 16 : slots_.size();
    while ((live_ + 1) * 10 >= cap * 5) cap *= 2;  // rebuild at most half full
    slots_.assign(cap, Slot{kEmpty, 0});
    mask_ = cap - 1;
    tombs_ = 0;
    for (uint32_t index = 0; index < records_.size(); ++index) {
      const Record& r = records_[index];
      if (r.flags == 0) continue;
      uint64_t h = Hash(Key{r.address, r.length, r.path_id});
      size_t i = h & mask_;
      while (slots_[i].index != kEmpty) i = (i + 1) & mask_;
      slots_[i] = {index, Tag(h)};
    }
  }

  void Clear() {
    records_ = {};
    slots_ = {};
    free_ = {};
    mask_ = 0;
    tombs_ = 0;
  }

  std::vector<Record> records_;
  std::vector<Slot> slots_;
  std::vector<uint32_t> free_;
  size_t mask_ = 0;
  size_t live_ = 0;
  size_t tombs_ = 0;
};

}  // namespace herald::rib
