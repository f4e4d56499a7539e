#include "update_scan.h"

#include <arpa/inet.h>

#include <cstdlib>
#include <cstring>
#include <string>

namespace herald::bench {
namespace {

constexpr uint8_t kExtendedLength = 0x10;
constexpr uint8_t kMed = 4;
constexpr uint8_t kMpReach = 14;
constexpr uint8_t kMpUnreach = 15;

// Counts the prefixes of an NLRI field, notes whether `watch` is one of
// them and, with `list`, appends each. Prefixes are length-prefixed (RFC
// 4271 §4.3); ADD-PATH is never negotiated by the sink, so there are no path
// identifiers.
bool CountPrefixes(ByteReader r, const WatchedPrefix& watch, uint32_t* count, bool* seen,
                   std::vector<ByteSpan>* list) {
  while (!r.empty()) {
    ByteSpan at = r.rest();
    uint8_t bits;
    if (!r.ReadU8(&bits) || bits > 128) return false;
    size_t bytes = (bits + 7u) / 8u;
    if (!r.Skip(bytes)) return false;
    ++*count;
    if (list) list->push_back(at.first(bytes + 1));
    if (watch.size == bytes + 1 && std::memcmp(at.data(), watch.bytes, watch.size) == 0)
      *seen = true;
  }
  return true;
}

// Counts the FlowSpec rules of an NLRI field (RFC 8955 §4: a length of one
// octet, or two below 0xf000 when the first is 0xf0 or more, then the rule).
bool CountFlowRules(ByteReader r, uint32_t* count) {
  while (!r.empty()) {
    uint8_t first;
    if (!r.ReadU8(&first)) return false;
    size_t len = first;
    if (first >= 0xf0) {
      uint8_t second;
      if (!r.ReadU8(&second)) return false;
      len = (static_cast<size_t>(first & 0x0f) << 8) | second;
    }
    if (len == 0 || !r.Skip(len)) return false;
    ++*count;
  }
  return true;
}

constexpr bool IsFlowSafi(uint8_t safi) { return safi == 133 || safi == 134; }

}  // namespace

bool WatchedPrefix::Parse(const char* text) {
  std::string s(text);
  size_t slash = s.find('/');
  if (slash == std::string::npos) return false;
  in_addr a{};
  if (inet_pton(AF_INET, s.substr(0, slash).c_str(), &a) != 1) return false;
  int len = std::atoi(s.c_str() + slash + 1);
  if (len < 0 || len > 32) return false;
  bytes[0] = static_cast<uint8_t>(len);
  std::memcpy(bytes + 1, &a.s_addr, 4);  // network order already
  size = 1 + (static_cast<size_t>(len) + 7) / 8;
  return true;
}

bool ScanUpdate(ByteSpan body, const WatchedPrefix& watch, UpdateCounts* out,
                UpdatePrefixes* prefixes) {
  *out = UpdateCounts{};
  std::vector<ByteSpan>* up = nullptr;    // where announced prefixes go, if listed
  std::vector<ByteSpan>* down = nullptr;  // withdrawn ones
  if (prefixes) {
    up = &prefixes->announced;
    down = &prefixes->withdrawn;
    up->clear();
    down->clear();
  }
  ByteReader r(body);
  uint16_t withdrawn_len, attrs_len;
  ByteReader withdrawn, attrs;
  if (!r.ReadU16(&withdrawn_len) || !r.Sub(withdrawn_len, &withdrawn)) return false;
  if (!r.ReadU16(&attrs_len) || !r.Sub(attrs_len, &attrs)) return false;
  // What is left of the body is the NLRI field.
  const bool nlri_empty = r.empty();
  if (!CountPrefixes(withdrawn, watch, &out->withdrawn, &out->watched_withdrawn, down) ||
      !CountPrefixes(r, watch, &out->announced, &out->watched_announced, up))
    return false;

  bool only_empty_unreach = attrs_len > 0;
  while (!attrs.empty()) {
    uint8_t flags, code;
    uint16_t len;
    if (!attrs.ReadU8(&flags) || !attrs.ReadU8(&code)) return false;
    if (flags & kExtendedLength) {
      if (!attrs.ReadU16(&len)) return false;
    } else {
      uint8_t l8;
      if (!attrs.ReadU8(&l8)) return false;
      len = l8;
    }
    ByteReader value;
    if (!attrs.Sub(len, &value)) return false;
    if (code != kMpUnreach) only_empty_unreach = false;
    if (code == kMed) {
      uint32_t med;
      if (value.ReadU32(&med)) out->med = med;
    } else if (code == kMpReach) {
      // AFI, SAFI, next hop length and next hop, one reserved octet, NLRI.
      uint8_t safi, nh_len, reserved;
      if (!value.Skip(2) || !value.ReadU8(&safi) || !value.ReadU8(&nh_len) || !value.Skip(nh_len) ||
          !value.ReadU8(&reserved))
        return false;
      if (IsFlowSafi(safi)) {
        if (!CountFlowRules(value, &out->announced)) return false;
      } else if (!CountPrefixes(value, watch, &out->announced, &out->watched_announced, up)) {
        return false;
      }
    } else if (code == kMpUnreach) {
      // AFI, SAFI, withdrawn routes.
      uint8_t safi;
      if (!value.Skip(2) || !value.ReadU8(&safi)) return false;
      if (!value.empty()) only_empty_unreach = false;
      if (IsFlowSafi(safi)) {
        if (!CountFlowRules(value, &out->withdrawn)) return false;
      } else if (!CountPrefixes(value, watch, &out->withdrawn, &out->watched_withdrawn, down)) {
        return false;
      }
    }
  }
  out->end_of_rib = withdrawn_len == 0 && nlri_empty && (attrs_len == 0 || only_empty_unreach);
  return true;
}

}  // namespace herald::bench
