// ScanUpdate: counts what an UPDATE carries without building it, for the
// benchmark sink, whose job is to count faster than any speaker sends.
//
// It walks the RFC 4271 §4.3 layout (withdrawn routes, path attributes,
// NLRI) and the MP_REACH_NLRI / MP_UNREACH_NLRI attributes (RFC 4760 §3,
// §4), carving a sub-reader for every length field, and counts prefixes by
// their length octets only. It also picks out the MED (RFC 4271 §5.1.4) and
// whether one watched prefix is announced or withdrawn (the S4 toggle), and,
// when asked, lists the prefixes themselves (the soak test's route table).
// Unlike wire::Update::Decode it checks structure only, not attribute
// semantics: the sink trusts the speaker under test and only needs counts.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "base/bytes.h"

namespace herald::bench {

struct UpdateCounts {
  uint32_t announced = 0;  // prefixes (or FlowSpec rules) in NLRI and MP_REACH_NLRI
  uint32_t withdrawn = 0;  // prefixes in Withdrawn Routes and MP_UNREACH_NLRI
  std::optional<uint32_t> med;
  bool watched_announced = false;
  bool watched_withdrawn = false;
  // An empty UPDATE, or one with only an empty MP_UNREACH_NLRI (RFC 4724 §2).
  bool end_of_rib = false;
};

// A prefix in its NLRI encoding: length octet then ceil(length/8) octets.
struct WatchedPrefix {
  uint8_t bytes[17] = {};
  size_t size = 0;  // 0: nothing watched
  // Parses "a.b.c.d/len"; false if it is not an IPv4 prefix.
  bool Parse(const char* text);
};

// The prefixes of an UPDATE in their NLRI encoding (length octet, then
// ceil(length/8) octets), views into the scanned body.
struct UpdatePrefixes {
  std::vector<ByteSpan> announced;  // NLRI and MP_REACH_NLRI, in order
  std::vector<ByteSpan> withdrawn;  // Withdrawn Routes and MP_UNREACH_NLRI
};

// Scans an UPDATE body (after the 19-byte header). False if a length field
// runs past its container or a prefix is longer than 128 bits. With
// `prefixes`, also lists every prefix (the vectors are cleared first).
bool ScanUpdate(ByteSpan body, const WatchedPrefix& watch, UpdateCounts* out,
                UpdatePrefixes* prefixes = nullptr);

}  // namespace herald::bench
