// The text forms of attribute values in ExaBGP's syntax, both ways: AS
// numbers, communities (RFC 1997), extended communities (RFC 4360, RFC
// 5668), large communities (RFC 8092), and the typed reading of a generic
// `attribute [ 0xCODE 0xFLAGS 0xDATA ]` whose code herald knows.
//
// Parsers return an error naming the value and the problem, e.g.
// "invalid community 65536:1 (prefix too large)". Formatters produce a form
// the parsers read back to the same value (the printer relies on it).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/ip.h"
#include "base/result.h"
#include "wire/attributes.h"

namespace herald::grammar {

// True if `text` equals `lower` (which is lower case), ignoring ASCII case.
bool EqualsLower(std::string_view text, std::string_view lower);

// The configuration keyword of an attribute code ("med", "as-path", ...),
// or "unknown".
std::string_view AttributeKeyword(uint8_t code);

// A decimal number without sign or spaces, at most `max`.
bool ParseUnsigned(std::string_view text, uint64_t max, uint64_t* out);
// Decimal, or hexadecimal with a 0x prefix; at most `max`.
bool ParseNumber(std::string_view text, uint64_t max, uint64_t* out);

// "65000", or asdot "1.10" (RFC 5396) for 65546.
Result<uint32_t> ParseAsn(std::string_view text);

// "65000:1", a well-known name (no-export, no-advertise, no-export-subconfed,
// nopeer / no-peer, blackhole), a decimal or a 0x hexadecimal number.
Result<uint32_t> ParseCommunity(std::string_view text);
// "65000:1", or the well-known name.
std::string FormatCommunity(uint32_t community);

// 0x + 16 hex digits; target:/origin: with AS:number (the 4-byte-AS type if
// the AS is written with an L suffix or exceeds 65535), AS:IPv4 or IPv4:number;
// target4:/origin4:, redirect:AS:number, l2info:encaps:control:mtu:preference,
// bandwidth:AS:bytes-per-second, redirect-to-nexthop. Without a prefix,
// "a:b" is a route target, as in ExaBGP.
Result<uint64_t> ParseExtendedCommunity(std::string_view text);
std::string FormatExtendedCommunity(uint64_t community);

// "a:b:c", each part a 32-bit number; or one 96-bit decimal / 0x number.
Result<wire::LargeCommunity> ParseLargeCommunity(std::string_view text);
std::string FormatLargeCommunity(const wire::LargeCommunity& community);

// What a generic attribute turned into.
enum class GenericUse : uint8_t {
  kTyped,    // decoded into its typed field of *attrs (or *next_hop)
  kRaw,      // not a code herald types: keep it as a RawAttribute
};

// Checks the flags of a generic attribute against what a receiver checks
// (the registry of wire/attributes.h): a code herald knows must carry the
// Optional and Transitive bits of its definition (a peer treats the routes
// as withdrawn otherwise, RFC 7606 §3(c)); a code herald does not know must
// be optional (a peer that does not know it either resets the session on an
// unrecognized well-known attribute, RFC 4271 §6.3); the four unused low
// bits must be zero (RFC 4271 §4.3). Partial and Extended Length are free:
// the encoder sets them as RFC 4271 §5 and the length require.
Status CheckGenericFlags(uint8_t code, uint8_t flags);

// Reads the value of a generic attribute whose code herald knows (ORIGIN,
// AS_PATH with 4-byte AS numbers, NEXT_HOP, MED, LOCAL_PREF, ATOMIC_AGGREGATE,
// AGGREGATOR, COMMUNITIES, ORIGINATOR_ID, CLUSTER_LIST, EXTENDED_COMMUNITIES,
// AIGP (one AIGP TLV), LARGE_COMMUNITIES) into its typed field, so that herald never holds the
// same attribute twice. Values a peer would find malformed are refused, as
// is AS 0 in AS_PATH and AGGREGATOR (RFC 7607). (Confederation segments in
// AS_PATH are accepted; they are sent to internal peers only, see
// rib/export.h.) MP_REACH_NLRI, MP_UNREACH_NLRI, AS4_PATH and
// AS4_AGGREGATOR are refused: herald builds those itself.
Result<GenericUse> DecodeGenericAttribute(uint8_t code, ByteSpan value, wire::PathAttributes* attrs,
                                          std::optional<IpAddress>* next_hop);

}  // namespace herald::grammar
