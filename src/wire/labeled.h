// Prefix families beside IPv4/IPv6 unicast, kept as generic NLRI: multicast
// (SAFI 2, RFC 4760), labeled unicast (SAFI 4, RFC 8277: "nlri-mpls" in
// ExaBGP) and BGP/MPLS VPN (SAFI 128: RFC 4364 for IPv4, RFC 4659 for IPv6:
// "mpls-vpn").
//
// One NLRI is a length in bits (one byte) covering, in this order, the
// label stack (3 bytes per entry: 20-bit label, 3-bit traffic class, the
// bottom-of-stack bit; SAFI 4 and 128 only), the 8-byte route
// distinguisher (SAFI 128 only), and the prefix in its fewest bytes.
//
// The label stack is a property of the route, not its name: RFC 8277 §2.4
// lets a withdraw carry any label (0x800000 is the customary one), so the
// RIB key (AppendLabeledKey) is the route distinguisher and prefix only.
//
// Pure and bounds-checked: no I/O, no logging.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/ip.h"
#include "base/result.h"
#include "wire/error.h"
#include "wire/family.h"

namespace herald::wire {

// The label entry a withdraw customarily carries (RFC 8277 §2.4, RFC 3107 §3).
inline constexpr uint32_t kWithdrawLabelEntry = 0x800000;
// Label stack entry bits (RFC 3032 §2.1 as RFC 8277 §2 uses them).
inline constexpr uint32_t kBottomOfStack = 0x000001;

// One label stack entry for a 20-bit label: label << 4, the bottom-of-stack
// bit set when `bottom`.
constexpr uint32_t LabelEntry(uint32_t label, bool bottom) { return (label & 0xFFFFF) << 4 | (bottom ? 1u : 0u); }
constexpr uint32_t LabelOf(uint32_t entry) { return entry >> 4; }

// Whether a reader stops the stack at `entry`: the bottom-of-stack bit, a
// withdrawal's 0x800000 (RFC 8277 §2.4), or 0x000000 as the first entry (FRR
// writes it alone, without the bit, in the withdrawals of its VPN routes).
// A stack is only readable back if no entry but its last ends it.
constexpr bool EndsLabelStack(uint32_t entry, bool first) {
  return (entry & kBottomOfStack) || entry == kWithdrawLabelEntry || (first && entry == 0);
}

// Whether the family's NLRI has a label stack, a route distinguisher.
constexpr bool HasLabels(Safi safi) { return safi == Safi::kMplsLabel || safi == Safi::kMplsVpn; }
constexpr bool HasRd(Safi safi) { return safi == Safi::kMplsVpn; }

struct LabeledNlri {
  // Label stack entries as on the wire (24 bits each: LabelEntry); the last
  // has the bottom-of-stack bit, or is kWithdrawLabelEntry. Empty for SAFI 2.
  std::vector<uint32_t> labels;
  std::array<uint8_t, 8> rd{};  // SAFI 128 only; as on the wire
  Prefix prefix;
  friend bool operator==(const LabeledNlri&, const LabeledNlri&) = default;
};

// Decodes ONE NLRI of `family` (SAFI 2, 4 or 128) at the reader's position.
// Errors are 3/10 (Invalid Network Field): a length past the field, a label
// stack without its bottom, a prefix longer than the address family allows.
// RFC 7606 §5.3 and §7.11 reset the session for all of them (the next NLRI
// cannot be found).
Result<LabeledNlri, WireError> DecodeLabeledNlri(ByteReader& in, Family family);

// Appends the NLRI (canonical: bits past the prefix length cleared).
// REQUIRES: the labels fit the length byte (at most 7 entries with an IPv6
// VPN prefix); EncodeLabeledNlri checks it.
void EncodeLabeledNlri(ByteWriter& w, const LabeledNlri& nlri, Family family);
// The NLRI's bytes, or nullopt if its labels and prefix do not fit the
// one-byte length (255 bits).
std::optional<Bytes> EncodeLabeledNlri(const LabeledNlri& nlri, Family family);

// Appends the RIB key of canonical NLRI bytes: the prefix length, the route
// distinguisher and the prefix, without the label stack.
void AppendLabeledKey(ByteSpan nlri, Family family, std::string* key);

}  // namespace herald::wire
