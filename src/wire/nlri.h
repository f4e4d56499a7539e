// NLRI: the routes carried by UPDATE, and the registry of address families.
//
// The registry (nlri.cc) is keyed by (AFI, SAFI), like BIRD's bgp_af_table:
// each entry knows how to decode and encode its NLRI and its MP_REACH next
// hop. IPv4 and IPv6 unicast have their own NLRI type (InetNlri); multicast,
// labeled unicast, VPN (wire/labeled.h) and FlowSpec (wire/flowspec.h) are
// kept as canonical bytes (GenericNlri); EVPN, BGP-LS, ... are later rows.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/ip.h"
#include "wire/error.h"
#include "wire/family.h"
#include "wire/negotiated.h"

namespace herald::wire {

// An IPv4/IPv6 unicast route: RFC 4271 §4.3 prefix encoding, with the path
// identifier of RFC 7911 when ADD-PATH is negotiated (0 otherwise).
struct InetNlri {
  Prefix prefix;
  uint32_t path_id = 0;
  friend bool operator==(const InetNlri&, const InetNlri&) = default;
};

// A route of any family other than IPv4/IPv6 unicast (FlowSpec, VPN, ...):
// its NLRI exactly as the family's codec writes it, in canonical form (for
// FlowSpec, wire/flowspec.h's encoding, length field included), without the
// ADD-PATH path identifier, which is kept apart. Two routes are the same
// route when their bytes and path ids are equal, so the bytes are the RIB
// key too. The family's entry in the registry decodes them into a typed
// value where one is needed (rendering, the CLI).
struct GenericNlri {
  Bytes bytes;
  uint32_t path_id = 0;
  friend bool operator==(const GenericNlri&, const GenericNlri&) = default;
};

// The next hop of MP_REACH_NLRI (RFC 4760 §3, RFC 2545 §3): one address, or
// for IPv6 a global address followed by a link-local one; or none at all
// (a next hop length of 0), which FlowSpec routes have unless an action
// redirects to an IP (RFC 8955 §4 leaves the field to the actions).
struct MpNextHop {
  IpAddress address;
  std::optional<IpAddress> link_local;
  bool none = false;  // no next hop: address and link_local are unset
  friend bool operator==(const MpNextHop&, const MpNextHop&) = default;
};

// Decodes prefixes until the reader is empty, appending to *out. A prefix
// longer than the family allows, or running past the end, is error 3/10
// (Invalid Network Field) with action session reset: RFC 7606 §5.3 resets
// the session for the classic fields and §7.11 for MP_REACH/MP_UNREACH.
// Bits past the prefix length are cleared.
std::optional<WireError> DecodeInetNlri(ByteReader& r, Afi afi, bool add_path,
                                        std::vector<InetNlri>* out);
// Appends one prefix.
void EncodeInetNlri(ByteWriter& w, const InetNlri& nlri, bool add_path);
// Bytes EncodeInetNlri writes for this prefix.
inline size_t InetNlriSize(const InetNlri& n, bool add_path) {
  return (add_path ? 4 : 0) + 1 + n.prefix.wire_bytes();
}

// Whether herald can decode and encode this family.
bool IsSupportedFamily(Family family);
// Whether its routes are GenericNlri (every supported family but IPv4/IPv6
// unicast, whose routes are InetNlri).
bool IsGenericFamily(Family family);
// Whether herald announces ADD-PATH (RFC 7911) for it when configured:
// unicast, labeled unicast and VPN, as ExaBGP 5.0 does.
bool HasAddPath(Family family);
// Whether its routes may go without a next hop (MpNextHop::none): FlowSpec.
bool IsNextHopOptional(Family family);
// Bytes of one NLRI as EncodeGenericNlri writes it.
inline size_t GenericNlriSize(const GenericNlri& n, bool add_path) { return (add_path ? 4 : 0) + n.bytes.size(); }
void EncodeGenericNlri(ByteWriter& w, const GenericNlri& nlri, bool add_path);
// Appends the RIB key of a generic NLRI's bytes: the bytes, but for labeled
// unicast and VPN, whose label stack is left out (wire/labeled.h).
void AppendGenericKey(Family family, ByteSpan nlri, std::string* key);
// Families herald supports, in registry order.
std::span<const Family> SupportedFamilies();
// Those of `family { all; }` and of a neighbor without a family block: every
// supported family but RT-Constrain, in registry order.
std::span<const Family> DefaultFamilies();

}  // namespace herald::wire
