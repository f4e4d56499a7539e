// NlriTable: the routes of one generic family (FlowSpec, VPN, ...) in one
// peer's adj-RIB, keyed by path id and the family's RIB key of their
// canonical NLRI bytes (wire::GenericNlri, wire::AppendGenericKey: the bytes,
// or for labeled families the bytes without the label stack, so a new label
// replaces the route and a withdraw finds it whatever label it carries).
//
// The same interface as RouteTable (record numbers, flags, attribute ids),
// so AdjRibOut runs one algorithm over both. These families carry
// thousands of routes, not millions, so records simply own their bytes and a
// hash map finds them; RouteTable stays the compact store for unicast.
#pragma once

#include <cassert>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "wire/nlri.h"

namespace herald::rib {

class NlriTable {
 public:
  using value_type = wire::GenericNlri;
  static constexpr uint32_t kNone = 0xFFFFFFFF;

  // The family whose RIB key the table uses; set before the first Insert.
  void set_family(wire::Family family) { family_ = family; }

  struct Record {
    std::string key;  // path id (4 bytes) then the RIB key
    Bytes bytes;  // the NLRI as last inserted or replaced
    uint8_t flags = 0;  // 0: a free record; otherwise owned by AdjRibOut
    uint32_t attr = kNone;
  };

  size_t size() const { return index_.size(); }
  Record& at(uint32_t i) { return records_[i]; }
  const Record& at(uint32_t i) const { return records_[i]; }
  uint32_t bound() const { return static_cast<uint32_t>(records_.size()); }

  uint32_t Find(const value_type& nlri) const {
    auto it = index_.find(KeyOf(nlri));
    return it == index_.end() ? kNone : it->second;
  }

  std::pair<uint32_t, bool> Insert(const value_type& nlri, uint8_t new_flags) {
    assert(new_flags != 0);
    std::string key = KeyOf(nlri);
    if (auto it = index_.find(key); it != index_.end()) return {it->second, false};
    uint32_t i;
    if (!free_.empty()) {
      i = free_.back();
      free_.pop_back();
    } else {
      i = bound();
      records_.emplace_back();
    }
    Record& r = records_[i];
    r.key = std::move(key);
    r.bytes = nlri.bytes;
    r.flags = new_flags;
    r.attr = kNone;
    index_.emplace(r.key, i);
    return {i, true};
  }

  // Stores `nlri` (same key) as the record's bytes; whether they changed
  // (a new label stack).
  bool Replace(uint32_t i, const value_type& nlri) {
    Record& r = records_[i];
    if (r.bytes == nlri.bytes) return false;
    r.bytes = nlri.bytes;
    return true;
  }

  // REQUIRES: the record is in use.
  void Erase(uint32_t i) {
    Record& r = records_[i];
    assert(r.flags != 0);
    index_.erase(r.key);
    r = Record{};
    free_.push_back(i);
    if (index_.empty()) {
      records_.clear();
      free_.clear();
    }
  }

  value_type Nlri(uint32_t i) const {
    const std::string& k = records_[i].key;
    wire::GenericNlri n;
    n.path_id = static_cast<uint32_t>(static_cast<uint8_t>(k[0])) << 24 |
                static_cast<uint32_t>(static_cast<uint8_t>(k[1])) << 16 |
                static_cast<uint32_t>(static_cast<uint8_t>(k[2])) << 8 | static_cast<uint8_t>(k[3]);
    n.bytes = records_[i].bytes;
    return n;
  }

  size_t memory() const {
    size_t n = records_.capacity() * sizeof(Record) + free_.capacity() * 4;
    for (const Record& r : records_) n += (r.key.capacity() > 15 ? r.key.capacity() : 0) + r.bytes.capacity();
    return n + index_.size() * (sizeof(std::string) + 32) + index_.bucket_count() * sizeof(void*);
  }

 private:
  std::string KeyOf(const wire::GenericNlri& n) const {
    std::string k(4, '\0');
    k.reserve(4 + n.bytes.size());
    k[0] = static_cast<char>(n.path_id >> 24);
    k[1] = static_cast<char>(n.path_id >> 16);
    k[2] = static_cast<char>(n.path_id >> 8);
    k[3] = static_cast<char>(n.path_id);
    wire::AppendGenericKey(family_, n.bytes, &k);
    return k;
  }

  wire::Family family_;
  std::vector<Record> records_;
  std::vector<uint32_t> free_;
  std::unordered_map<std::string, uint32_t> index_;
};

}  // namespace herald::rib
