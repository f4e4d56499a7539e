// BGP-LS (RFC 9552, formerly RFC 7752; AFI 16388, SAFI 71 "bgp-ls" and 72
// "bgp-ls-vpn"): decode only, as ExaBGP 5.0 does. herald reads and checks
// the NLRI and the BGP-LS attribute (type 29) and keeps both as received;
// the API renders them (api/render_bgpls.cc).
//
// NLRI (RFC 9552 §5.2): type (2) | length (2) | [RD (8), bgp-ls-vpn] |
// protocol-id (1) | identifier (8) | descriptor TLVs (type 2, length 2).
// Types 1 node, 2 link, 3 IPv4 prefix, 4 IPv6 prefix and 6 SRv6 SID
// (RFC 9514) are read; others are kept unparsed.
//
// Errors (RFC 9552 §8.2.2): an NLRI whose length runs past the field loses
// the field (3/10, session reset: the next NLRI cannot be found); an NLRI
// whose content is malformed is treat-as-withdraw. A malformed BGP-LS
// attribute is discarded (attribute discard).
//
// Pure and bounds-checked: no I/O, no logging.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "wire/attributes.h"
#include "wire/error.h"
#include "wire/family.h"
#include "wire/nlri.h"

namespace herald::wire {

inline constexpr Family kBgpLsFamily{Afi::kBgpLs, Safi::kBgpLs};
inline constexpr Family kBgpLsVpnFamily{Afi::kBgpLs, Safi::kBgpLsVpn};

// NLRI types (RFC 9552 §5.2, RFC 9514 §6).
inline constexpr uint16_t kBgpLsNode = 1;
inline constexpr uint16_t kBgpLsLink = 2;
inline constexpr uint16_t kBgpLsPrefixV4 = 3;
inline constexpr uint16_t kBgpLsPrefixV6 = 4;
inline constexpr uint16_t kBgpLsSrv6Sid = 6;

// Descriptor TLV types (RFC 9552 §5.2, RFC 9514 §6.1).
inline constexpr uint16_t kBgpLsLocalNode = 256;
inline constexpr uint16_t kBgpLsRemoteNode = 257;
inline constexpr uint16_t kBgpLsLinkIds = 258;
inline constexpr uint16_t kBgpLsIpv4Interface = 259;
inline constexpr uint16_t kBgpLsIpv4Neighbor = 260;
inline constexpr uint16_t kBgpLsIpv6Interface = 261;
inline constexpr uint16_t kBgpLsIpv6Neighbor = 262;
inline constexpr uint16_t kBgpLsMultiTopology = 263;
inline constexpr uint16_t kBgpLsOspfRouteType = 264;
inline constexpr uint16_t kBgpLsIpReachability = 265;
inline constexpr uint16_t kBgpLsSrv6SidInfo = 518;
// Node descriptor sub-TLVs (RFC 9552 §5.2.1.4).
inline constexpr uint16_t kBgpLsAsn = 512;
inline constexpr uint16_t kBgpLsId = 513;
inline constexpr uint16_t kBgpLsOspfArea = 514;
inline constexpr uint16_t kBgpLsIgpRouterId = 515;

struct BgpLsNlri {
  uint16_t type = 0;
  std::optional<std::array<uint8_t, 8>> rd;  // bgp-ls-vpn
  // False for an NLRI type herald does not parse: only `body` is set.
  bool parsed = false;
  uint8_t protocol_id = 0;
  uint64_t identifier = 0;
  std::vector<BgpLsTlv> local_node;   // sub-TLVs of TLV 256, checked
  std::vector<BgpLsTlv> remote_node;  // sub-TLVs of TLV 257, checked
  // The other descriptor TLVs in order, each checked when herald knows it.
  std::vector<BgpLsTlv> descriptors;
  // The NLRI after its type and length (RD included), as received.
  Bytes body;
};

// Decodes ONE NLRI at the reader's position (the whole NLRI, header
// included) for SAFI 71 (vpn false) or 72. A header or length running past
// the field is 3/10 session reset; malformed content is 3/10
// treat-as-withdraw, and the reader is then past the NLRI.
Result<BgpLsNlri, WireError> DecodeBgpLsNlri(ByteReader& in, bool vpn);

// "0000.0000.0001"-less ISIS system id as ExaBGP prints it ("000000000001"),
// and the IGP router id descriptor's parts, for the renderer.
struct BgpLsRouterId {
  std::string id;               // "000000000001" (IS-IS) or "10.0.0.1"
  std::optional<uint8_t> psn;   // IS-IS pseudonode
  std::optional<std::string> dr;  // OSPF designated router
};
BgpLsRouterId BgpLsRouterIdOf(ByteSpan value, uint8_t protocol_id);

// RFC 9552 §4: the BGP-LS attribute's TLVs, checked (those herald knows)
// and kept in order; nullopt and *error if malformed.
std::optional<std::vector<BgpLsTlv>> ParseBgpLsAttribute(ByteSpan value, std::string* error);

// RFC 9514 §4.1 and §4.2: an SRv6 End.X SID (TLV 1106) or LAN End.X SID
// (TLV 1107 IS-IS, 1108 OSPFv3) of the BGP-LS attribute, read from its value
// (bgpls_srv6.cc).
struct BgpLsSrv6EndX {
  uint16_t behavior = 0;
  uint8_t flags = 0;
  uint8_t algorithm = 0;
  uint8_t weight = 0;
  Bytes neighbor;  // IS-IS system id (1107, 6 bytes), OSPFv3 router id (1108, 4), none (1106)
  std::array<uint8_t, 16> sid{};
  // The sub-TLVs in order; an SRv6 SID structure (1252) has at least 4 bytes.
  std::vector<BgpLsTlv> sub_tlvs;
};
// nullopt and *error if the value is too short or a sub-TLV runs past it.
std::optional<BgpLsSrv6EndX> ParseBgpLsSrv6EndX(uint16_t type, ByteSpan value, std::string* error);
// Whether herald reads TLV `type` as an SRv6 (RFC 9514) or SR LAN adjacency
// SID (RFC 9085 §2.2.2) TLV; then the error if its value is malformed.
bool IsBgpLsSrv6Tlv(uint16_t type);
std::optional<std::string> CheckBgpLsSrv6Tlv(uint16_t type, ByteSpan value);

namespace internal {
// The registry's hooks (family_codec.h).
std::optional<WireError> DecodeBgpLsGeneric(ByteReader& r, bool add_path, std::vector<GenericNlri>* out,
                                            std::optional<WireError>* soft);
std::optional<WireError> DecodeBgpLsVpnGeneric(ByteReader& r, bool add_path, std::vector<GenericNlri>* out,
                                               std::optional<WireError>* soft);
// Next hop: IPv4 (4 bytes) or IPv6 (16, or 32 with a link-local one),
// after an 8-byte RD for bgp-ls-vpn.
Result<MpNextHop, WireError> DecodeBgpLsNextHop(ByteReader& r);
Result<MpNextHop, WireError> DecodeBgpLsVpnNextHop(ByteReader& r);
std::optional<size_t> BgpLsNextHopSize(const MpNextHop& nh);
void EncodeBgpLsNextHop(ByteWriter& w, const MpNextHop& nh);
std::optional<size_t> BgpLsVpnNextHopSize(const MpNextHop& nh);
void EncodeBgpLsVpnNextHop(ByteWriter& w, const MpNextHop& nh);
}  // namespace internal

}  // namespace herald::wire
