// Path attributes, RFC 4271 §4.3 and §5, as one typed value.
//
// PathAttributes is plain data: one field per attribute herald understands,
// and the rest kept verbatim in `unknown`. It is what the RIB interns (many
// prefixes share one), what the API and config parsers fill in, and what the
// JSON and text renderers read. MP_REACH_NLRI and MP_UNREACH_NLRI are not here:
// they carry routes, not attributes, and live in Update.
//
// Coding goes through a registry keyed by attribute code (attributes.cc), in
// the manner of BIRD's bgp_attr_table: each entry has the name, the flags, a
// decoder and an encoder. A new attribute is a field here plus one entry.
//
// 2-byte-AS sessions (RFC 6793 §4.2): AS4_PATH and AS4_AGGREGATOR are merged
// into as_path and aggregator when decoding, and generated when encoding, so
// the rest of herald only ever sees 4-byte AS numbers.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/ip.h"
#include "base/result.h"
#include "wire/error.h"
#include "wire/negotiated.h"

namespace herald::wire {

// IANA "BGP Path Attributes".
enum class AttrCode : uint8_t {
  kOrigin = 1,
  kAsPath = 2,
  kNextHop = 3,
  kMed = 4,  // MULTI_EXIT_DISC
  kLocalPref = 5,
  kAtomicAggregate = 6,
  kAggregator = 7,
  kCommunities = 8,  // RFC 1997
  kOriginatorId = 9,  // RFC 4456
  kClusterList = 10,  // RFC 4456
  kMpReachNlri = 14,  // RFC 4760
  kMpUnreachNlri = 15,
  kExtendedCommunities = 16,  // RFC 4360
  kAs4Path = 17,  // RFC 6793
  kAs4Aggregator = 18,
  kIpv6ExtendedCommunities = 25,  // RFC 5701
  kAigp = 26,  // RFC 7311
  kLargeCommunities = 32,  // RFC 8092
  kBgpLs = 29,  // RFC 9552
  kOtc = 35,  // RFC 9234 Only to Customer: kept in `unknown`, checked on receipt
  kPrefixSid = 40,  // RFC 8669
};

// Attribute flags, RFC 4271 §4.3.
inline constexpr uint8_t kFlagOptional = 0x80;
inline constexpr uint8_t kFlagTransitive = 0x40;
inline constexpr uint8_t kFlagPartial = 0x20;
inline constexpr uint8_t kFlagExtendedLength = 0x10;

enum class Origin : uint8_t { kIgp = 0, kEgp = 1, kIncomplete = 2 };

enum class AsSegmentType : uint8_t {
  kSet = 1,
  kSequence = 2,
  kConfedSequence = 3,  // RFC 5065
  kConfedSet = 4,
};

struct AsSegment {
  AsSegmentType type = AsSegmentType::kSequence;
  std::vector<uint32_t> asns;
  friend bool operator==(const AsSegment&, const AsSegment&) = default;
  friend auto operator<=>(const AsSegment&, const AsSegment&) = default;
};
using AsPath = std::vector<AsSegment>;

struct Aggregator {
  uint32_t asn = 0;
  IpAddress address;  // IPv4
  friend bool operator==(const Aggregator&, const Aggregator&) = default;
  friend auto operator<=>(const Aggregator&, const Aggregator&) = default;
};

// Well-known communities, RFC 1997 and RFC 7999.
inline constexpr uint32_t kNoExport = 0xFFFFFF01;
inline constexpr uint32_t kNoAdvertise = 0xFFFFFF02;
inline constexpr uint32_t kNoExportSubconfed = 0xFFFFFF03;
inline constexpr uint32_t kNoPeer = 0xFFFFFF04;  // RFC 3765
inline constexpr uint32_t kBlackhole = 0xFFFF029A;  // RFC 7999

struct LargeCommunity {
  uint32_t global_admin = 0;
  uint32_t local1 = 0;
  uint32_t local2 = 0;
  friend bool operator==(const LargeCommunity&, const LargeCommunity&) = default;
  friend auto operator<=>(const LargeCommunity&, const LargeCommunity&) = default;
};

// An IPv6 Address Specific Extended Community (RFC 5701 §2), its 20 bytes as
// on the wire: type, sub-type, IPv6 global administrator, 2-byte local
// administrator.
struct Ipv6ExtendedCommunity {
  std::array<uint8_t, 20> bytes{};
  friend bool operator==(const Ipv6ExtendedCommunity&, const Ipv6ExtendedCommunity&) = default;
  friend auto operator<=>(const Ipv6ExtendedCommunity&, const Ipv6ExtendedCommunity&) = default;
};

// One TLV of the BGP Prefix-SID attribute (RFC 8669 §3, RFC 9252 §2), its
// value as on the wire (the header is rebuilt from `type` and the size).
// The decoder checks the TLVs herald knows (prefix_sid.h); others are kept
// as they are and passed on (RFC 8669 §3).
struct PrefixSidTlv {
  uint8_t type = 0;
  Bytes value;
  friend bool operator==(const PrefixSidTlv&, const PrefixSidTlv&) = default;
  friend auto operator<=>(const PrefixSidTlv&, const PrefixSidTlv&) = default;
};

// One TLV of the BGP-LS attribute (RFC 9552 §5.3) or of a BGP-LS NLRI's
// descriptors, its value as on the wire (the header is rebuilt from `type`
// and the size). wire/bgpls.h checks those herald knows.
struct BgpLsTlv {
  uint16_t type = 0;
  Bytes value;
  friend bool operator==(const BgpLsTlv&, const BgpLsTlv&) = default;
  friend auto operator<=>(const BgpLsTlv&, const BgpLsTlv&) = default;
};

// An attribute herald does not interpret, kept as received.
struct RawAttribute {
  uint8_t flags = 0;
  uint8_t code = 0;
  Bytes value;
  friend bool operator==(const RawAttribute&, const RawAttribute&) = default;
  friend auto operator<=>(const RawAttribute&, const RawAttribute&) = default;
};

struct PathAttributes {
  std::optional<Origin> origin;
  std::optional<AsPath> as_path;
  std::optional<IpAddress> next_hop;  // the NEXT_HOP attribute (IPv4)
  std::optional<uint32_t> med;
  std::optional<uint32_t> local_pref;
  bool atomic_aggregate = false;
  std::optional<Aggregator> aggregator;
  std::vector<uint32_t> communities;
  std::optional<IpAddress> originator_id;
  std::vector<IpAddress> cluster_list;
  std::vector<uint64_t> extended_communities;
  // RFC 5701, in the order received or written.
  std::vector<Ipv6ExtendedCommunity> ipv6_extended_communities;
  std::vector<LargeCommunity> large_communities;
  // RFC 7311: the metric of the AIGP attribute's AIGP TLV (type 1).
  std::optional<uint64_t> aigp;
  // RFC 8669: the BGP Prefix-SID attribute's TLVs, in order (present even
  // when empty).
  std::optional<std::vector<PrefixSidTlv>> prefix_sid;
  // RFC 9552: the BGP-LS attribute's TLVs, in order (received only).
  std::optional<std::vector<BgpLsTlv>> bgp_ls;
  // Unknown and uninterpreted attributes, in code order.
  std::vector<RawAttribute> unknown;

  friend bool operator==(const PathAttributes&, const PathAttributes&) = default;

  // Hash consistent with operator==, for interning.
  size_t Hash() const;
};

// The name of an attribute code as ExaBGP prints it ("origin", "as-path",
// "med", ...), or empty for codes herald does not know.
std::string_view AttrName(uint8_t code);

// The Optional and Transitive flags the RFC requires for a code herald
// knows (what a receiver checks, RFC 7606 §3(c)), or nullopt for a code it
// does not know.
std::optional<uint8_t> KnownAttrFlags(uint8_t code);

// Decodes the path attributes field of an UPDATE (RFC 4271 §4.3, RFC 7606).
// MP_REACH/MP_UNREACH are handed back raw in *mp_reach / *mp_unreach (their
// values, header excluded; a default span, with a null data(), when absent,
// so that a present but empty value can be told apart) for Update to decode
// with the family registry.
//
// RFC 7606 handling:
//   - an attribute whose length runs past the end of the field, or 1-3
//     octets left that cannot hold an attribute header (§4): treat-as-
//     withdraw (3/1, no data), the rest of the field skipped (the Total Path
//     Attribute Length still locates the NLRI); but if that attribute is
//     MP_REACH/MP_UNREACH, its routes cannot be found: fatal (3/1);
//   - MP_REACH/MP_UNREACH repeated: fatal (3/1); other repeats keep the
//     first occurrence (attribute discard, 3/1);
//   - an unrecognized well-known attribute: fatal (3/2); unrecognized
//     optional transitive attributes are kept in `unknown`, optional
//     non-transitive ones dropped;
//   - wrong Optional or Transitive flags: treat-as-withdraw (3/4) except for
//     AS4_PATH, AS4_AGGREGATOR and AIGP (discard) and MP_* (fatal);
//   - IPv6 extended communities (RFC 5701) whose length is not a non-zero
//     multiple of 20 are treat-as-withdraw (as extended communities, RFC
//     7606 §7.14); a malformed BGP Prefix-SID (a TLV, sub-TLV or sub-sub-TLV
//     that overruns its container, a known one of the wrong size) is
//     treat-as-withdraw (RFC 8669 §6; RFC 9252 for the SRv6 TLVs; see
//     attribute_prefix_sid.cc);
//   - AIGP (RFC 7311 §3) is ignored unless negotiated.aigp (AIGP_SESSION);
//     a malformed one (a TLV running past the attribute or shorter than its
//     header, an AIGP TLV whose length is not 11) is discarded (3/9);
//   - values are checked with the action of RFC 7606 §7 for each attribute,
//     which includes: AS 0 in AS_PATH (treat-as-withdraw, 3/11) or AS4_PATH
//     (discard), in AGGREGATOR or AS4_AGGREGATOR (discard, 3/9) (RFC 7607);
//     AS_CONFED_SEQUENCE/AS_CONFED_SET in AS_PATH from an external peer
//     (treat-as-withdraw, 3/11: herald has no confederations, RFC 5065 §5);
//     LOCAL_PREF, ORIGINATOR_ID and CLUSTER_LIST from an external peer are
//     discarded (§7.5, §7.9, §7.10).
// The NEXT_HOP value is checked by Update::Decode, which knows whether the
// classic NLRI uses it.
//
// Returns the fatal error (action kSessionReset) if the session must be
// reset. Non-fatal errors (attribute discard, treat-as-withdraw) are merged
// into *soft_error, keeping the strongest, and decoding goes on.
Result<PathAttributes, WireError> DecodeAttributes(ByteReader& attrs, const Negotiated& negotiated,
                                                   ByteSpan* mp_reach, ByteSpan* mp_unreach,
                                                   std::optional<WireError>* soft_error);

// Encodes every present attribute in code order, with the flags of the
// registry (unknown ones with their own Optional, Transitive and Partial
// flags, Partial set if optional transitive, the unused low bits cleared).
// On a 2-byte-AS session, AS_PATH is written with AS_TRANS and AS4_PATH /
// AS4_AGGREGATOR are added when needed. `with_next_hop` is false for UPDATEs
// that carry only MP_REACH_NLRI (RFC 4760 §3). The optional `mp` bytes (whole
// MP_REACH/MP_UNREACH attributes, header included) are inserted at their
// code position.
void EncodeAttributes(ByteWriter& w, const PathAttributes& attrs, const Negotiated& negotiated,
                      bool with_next_hop, ByteSpan mp_unreach = {}, ByteSpan mp_reach = {});

// RFC 9234 OTC (attribute 35, kept in `unknown`): its AS number if present,
// and adding it (flags optional transitive, in code order).
std::optional<uint32_t> OtcValue(const PathAttributes& attrs);
void AddOtc(PathAttributes* attrs, uint32_t asn);

}  // namespace herald::wire
