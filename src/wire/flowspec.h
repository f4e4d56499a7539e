// FlowSpec NLRI: RFC 8955 (IPv4, SAFI 133), RFC 8956 (IPv6), and FlowSpec
// VPN (SAFI 134: an 8-byte route distinguisher, then the same components).
//
// A FlowSpec NLRI is a length (RFC 8955 §4.1: one byte below 240, else two
// bytes 0xFnnn carrying 12 bits) followed by components in increasing type
// order, each at most once (§4.2). A component is either a prefix (types 1
// and 2) or a list of {operator, value} pairs: numeric operators (§4.2.1.1:
// end-of-list, and, len, lt, gt, eq) or bitmask operators (§4.2.1.2:
// end-of-list, and, len, not, match).
//
// The typed value keeps what the operators mean, not how they were laid out:
// the end-of-list and len fields are the encoder's business, so a decoded
// NLRI and the same rule parsed from a configuration compare equal, and
// EncodeFlowNlri always writes one canonical form (components sorted by type,
// each value in the fewest bytes it fits in, end-of-list set on the last pair
// only, the first pair's and-bit cleared, reserved bits zero).
//
// What each component type is (its number, kind, families, value width, and
// the names its values have) lives in one table, FlowComponentTable().
//
// Pure and bounds-checked: no I/O, no logging.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/ip.h"
#include "base/result.h"
#include "wire/error.h"
#include "wire/family.h"

namespace herald::wire {

// RFC 8955 §4.2.2 and RFC 8956 §3: component type numbers (IANA "Flow Spec
// Component Types"). Type 11 is DSCP for IPv4 and the traffic class's DSCP
// bits for IPv6; type 13 (flow label) is IPv6 only; type 3 is the IPv4
// protocol or the IPv6 last next header.
enum class FlowType : uint8_t {
  kDestination = 1,
  kSource = 2,
  kIpProtocol = 3,
  kPort = 4,
  kDestinationPort = 5,
  kSourcePort = 6,
  kIcmpType = 7,
  kIcmpCode = 8,
  kTcpFlags = 9,
  kPacketLength = 10,
  kDscp = 11,
  kFragment = 12,
  kFlowLabel = 13,
};

enum class FlowValueKind : uint8_t { kPrefix, kNumeric, kBitmask };

// Operator bits as they sit in the operator byte (RFC 8955 §4.2.1).
inline constexpr uint8_t kFlowOpEnd = 0x80;  // e: end of list (encoder's business)
inline constexpr uint8_t kFlowOpAnd = 0x40;  // a: AND with the previous pair (else OR)
inline constexpr uint8_t kFlowOpLen = 0x30;  // len: value is 1 << len bytes (encoder's business)
// Numeric operator (§4.2.1.1).
inline constexpr uint8_t kFlowOpLt = 0x04;
inline constexpr uint8_t kFlowOpGt = 0x02;
inline constexpr uint8_t kFlowOpEq = 0x01;
// Bitmask operator (§4.2.1.2).
inline constexpr uint8_t kFlowOpNot = 0x02;
inline constexpr uint8_t kFlowOpMatch = 0x01;

// One {operator, value} pair. `op` holds only the and-bit and the comparison
// bits (lt/gt/eq, or not/match); never end-of-list, len or reserved bits.
struct FlowMatch {
  uint8_t op = 0;
  uint64_t value = 0;

  bool and_bit() const { return op & kFlowOpAnd; }
  friend bool operator==(const FlowMatch&, const FlowMatch&) = default;
};

// A destination or source prefix. For IPv4, offset is 0. For IPv6 (RFC 8956
// §3.1) only the bits [offset, length) of `address` are matched; every other
// bit of `address` is zero; offset < length unless both are 0.
struct FlowPrefix {
  IpAddress address;
  uint8_t length = 0;
  uint8_t offset = 0;

  friend bool operator==(const FlowPrefix&, const FlowPrefix&) = default;
};

struct FlowComponent {
  FlowType type = FlowType::kDestination;
  FlowPrefix prefix;               // types 1 and 2
  std::vector<FlowMatch> matches;  // every other type; never empty once decoded

  friend bool operator==(const FlowComponent&, const FlowComponent&) = default;
};

struct FlowNlri {
  Afi afi = Afi::kIpv4;
  bool vpn = false;                   // SAFI 134: `rd` is meaningful
  std::array<uint8_t, 8> rd{};        // route distinguisher, as on the wire
  std::vector<FlowComponent> components;  // in increasing type order, each type once

  // The component of `type`, or nullptr.
  const FlowComponent* Find(FlowType type) const;
  friend bool operator==(const FlowNlri&, const FlowNlri&) = default;
};

// ---------------------------------------------------------------- the table

// A named value of a component ("tcp" = 6, "syn" = 0x02, "is-fragment" = 2).
struct FlowValueName {
  std::string_view name;
  uint32_t value;
};

// Everything herald knows about one component type.
struct FlowComponentInfo {
  FlowType type;
  FlowValueKind kind;
  bool ipv4;  // valid in IPv4 FlowSpec
  bool ipv6;  // valid in IPv6 FlowSpec
  // ExaBGP's names for it (configuration keyword and JSON key), per family.
  std::string_view name_v4;
  std::string_view name_v6;
  // The largest value that means something (ports: 65535), per family.
  uint64_t max_v4;
  uint64_t max_v6;
  // Named values: for parsing, and (where `render_names`) for printing.
  std::span<const FlowValueName> names;
  bool render_names;  // ExaBGP prints the name rather than the number
  // What ExaBGP calls a value it has no name for ("unknown tcp flag type
  // 513"): "protocol", "icmp type", "tcp flag", "fragment"; empty if it
  // prints the number.
  std::string_view unknown_as;
};

// Every component type, 1..13 in order.
std::span<const FlowComponentInfo> FlowComponentTable();
// The row of `type`, or nullptr for an unknown type number.
const FlowComponentInfo* FindFlowComponent(uint8_t type);
// The component's name in family `afi` ("protocol" / "next-header").
std::string_view FlowComponentName(const FlowComponentInfo& info, Afi afi);
// The largest meaningful value of the component in family `afi`.
uint64_t FlowComponentMax(const FlowComponentInfo& info, Afi afi);
// True if `type` may appear in a FlowSpec NLRI of family `afi`.
bool FlowComponentValid(const FlowComponentInfo& info, Afi afi);

// ------------------------------------------------------------- the codec

// Decodes ONE FlowSpec NLRI of family (afi, vpn ? 134 : 133) at the reader's
// position, length field included, and advances past it.
//
// Every error is an UPDATE error, subcode Invalid Network Field (10):
//  - action kSessionReset when the length field itself cannot be read or
//    runs past the end of `in`: the NLRI field's framing is lost, so no
//    later NLRI can be found (RFC 7606 §5.3 / RFC 8955 §4.2 give no way to
//    continue). The reader's position is then unspecified.
//  - action kTreatAsWithdraw when the NLRI's length is sound but its content
//    is not (a truncated component, an unknown or invalid-for-the-family
//    type, components out of order or repeated, a prefix too long, an empty
//    NLRI, a missing RD): RFC 8955 §4.2 / RFC 7606 §2. The reader has then
//    moved past this NLRI, so the caller may go on with the next one; it must
//    treat the whole UPDATE as a withdraw of the family's routes it carries
//    (no FlowSpec route of this UPDATE may be installed).
Result<FlowNlri, WireError> DecodeFlowNlri(ByteReader& in, Afi afi, bool vpn);

// Appends the canonical encoding of `nlri` (length field included). Fails the
// writer (w.ok() false) if the NLRI cannot be encoded: more than 4095 bytes,
// a component listed twice or out of order, a type not valid for the family,
// a numeric or bitmask component without matches, a prefix longer than its
// family allows or an offset not below its length.
void EncodeFlowNlri(ByteWriter& w, const FlowNlri& nlri);

// The same as a byte string; nullopt if it cannot be encoded.
std::optional<Bytes> EncodeFlowNlri(const FlowNlri& nlri);

// RFC 8955 §5.1 order of precedence between two rules of one family:
// negative if `a` comes first (has precedence), positive if `b` does, 0 if
// neither. Component by component in type order: the rule with the lower
// type present comes first; for prefixes, the lower address over the
// common length, then the longer prefix (for IPv6, first the lower offset,
// as RFC 8956 orders them); for the others, the lower encoded operator/value bytes over
// their common length, then the longer ones. A rule's RD is not compared.
int CompareFlowPrecedence(const FlowNlri& a, const FlowNlri& b);

// Puts the components in increasing type order (the order EncodeFlowNlri
// requires); components of one type keep their relative order.
void SortFlowComponents(FlowNlri* nlri);

}  // namespace herald::wire
