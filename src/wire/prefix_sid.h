// The TLVs of the BGP Prefix-SID attribute (RFC 8669 §3; the SRv6 Services
// TLVs of RFC 9252 §2), read from and built into PrefixSidTlv values.
//
// TLV header: type (1 byte), length (2 bytes, the value's size). Known TLVs:
//   1  Label-Index: reserved (1), flags (2), label index (4)        RFC 8669 §3.1
//   3  Originator SRGB: flags (2), then (base (3), range (3))*       RFC 8669 §3.2
//   5  SRv6 L3 Service, 6 SRv6 L2 Service: reserved (1), then
//      sub-TLVs (same header); sub-TLV 1, SRv6 SID Information:
//      reserved (1), SID (16), flags (1), endpoint behavior (2),
//      reserved (1), then sub-sub-TLVs (same header); sub-sub-TLV 1,
//      SID Structure: six 1-byte lengths                           RFC 9252 §2, §3.1, §3.2.1
// Other types, at each level, are kept as they are.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wire/attributes.h"

namespace herald::wire {

inline constexpr uint8_t kPrefixSidLabelIndex = 1;
inline constexpr uint8_t kPrefixSidSrgb = 3;
inline constexpr uint8_t kPrefixSidSrv6L3Service = 5;
inline constexpr uint8_t kPrefixSidSrv6L2Service = 6;

struct Srgb {
  uint32_t base = 0;   // 24 bits
  uint32_t range = 0;  // 24 bits
  friend bool operator==(const Srgb&, const Srgb&) = default;
};

// The SID Structure sub-sub-TLV (RFC 9252 §3.2.1), in wire order.
struct SidStructure {
  uint8_t locator_block = 0, locator_node = 0, function = 0, argument = 0;
  uint8_t transposition_length = 0, transposition_offset = 0;
  friend bool operator==(const SidStructure&, const SidStructure&) = default;
};

// The SID Information sub-TLV (RFC 9252 §3.1); `structure` is its SID
// Structure sub-sub-TLV (the first, if several). Declared apart from
// Srv6SubTlv: clang finds a nested struct with default member initializers
// not default constructible inside its enclosing class.
struct Srv6SidInformation {
  std::array<uint8_t, 16> sid{};
  uint8_t flags = 0;
  uint16_t behavior = 0;
  std::optional<SidStructure> structure;
};
// One sub-TLV of an SRv6 Service TLV; `information` is set for the SID
// Information sub-TLV (type 1).
struct Srv6SubTlv {
  using Information = Srv6SidInformation;
  uint8_t type = 0;
  std::optional<Information> information;
};

// Checks a Prefix-SID attribute's value (the TLVs, back to back) and splits
// it. Returns an error message if a TLV, sub-TLV or sub-sub-TLV runs past its
// container or a known one has the wrong size.
std::optional<std::string> ParsePrefixSid(ByteSpan value, std::vector<PrefixSidTlv>* out);

// The content of checked TLVs (from ParsePrefixSid or the builders below).
uint32_t LabelIndexOf(const PrefixSidTlv& tlv);
std::vector<Srgb> SrgbsOf(const PrefixSidTlv& tlv);
std::vector<Srv6SubTlv> Srv6SubTlvsOf(const PrefixSidTlv& tlv);

// TLVs as ExaBGP 5.0 builds them from its configuration (flags and reserved
// bytes zero).
PrefixSidTlv LabelIndexTlv(uint32_t index);
PrefixSidTlv SrgbTlv(const std::vector<Srgb>& srgbs);
PrefixSidTlv Srv6ServiceTlv(bool l2, const std::array<uint8_t, 16>& sid, uint16_t behavior,
                            const std::optional<SidStructure>& structure);

// The attribute's value: the TLVs with their headers.
void AppendPrefixSid(ByteWriter& w, const std::vector<PrefixSidTlv>& tlvs);

}  // namespace herald::wire
