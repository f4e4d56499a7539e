// Internal to wire/: the path attribute registry (BIRD's bgp_attr_table).
//
// One AttrInfo per attribute code herald understands: its name, the
// Optional/Transitive flags the RFC requires, the RFC 7606 §7 action for a
// malformed value, and its decoder and encoder. attributes.cc owns the table
// and the loop over the attributes field; attribute_*.cc hold the codecs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "wire/attributes.h"
#include "wire/error.h"
#include "wire/negotiated.h"

namespace herald::wire::internal {

// What DecodeAttributes accumulates: the typed attributes plus the RFC 6793
// attributes that are merged once every attribute has been seen.
struct AttrDecodeState {
  PathAttributes attrs;
  std::optional<AsPath> as4_path;
  std::optional<Aggregator> as4_aggregator;
};

struct AttrInfo;

// The attribute being decoded.
struct AttrContext {
  const AttrInfo& info;
  const Negotiated& negotiated;
  uint8_t flags;
  // The whole attribute, header included: the NOTIFICATION data of RFC 4271
  // §6.3 for most attribute errors.
  ByteSpan whole;

  // An error with this attribute's RFC 7606 action and the whole attribute as data.
  WireError Malformed(UpdateSubcode sub, std::string what) const;
  // The same with an explicit action (LOCAL_PREF from an external peer, ...).
  WireError Error(UpdateSubcode sub, ErrorAction action, std::string what) const;
};

// Decodes the value (a reader carved to the attribute length) into *state.
// Returns an error to record, in which case nothing was stored.
using AttrDecodeFn = std::optional<WireError> (*)(ByteReader& value, const AttrContext& ctx,
                                                   AttrDecodeState* state);
// Appends the whole attribute (header included) if present in attrs; may
// write nothing. AS_PATH and AGGREGATOR also produce AS4_PATH/AS4_AGGREGATOR
// on 2-byte sessions, through the entries of codes 17/18.
using AttrEncodeFn = void (*)(ByteWriter& w, const PathAttributes& attrs, const Negotiated& negotiated);

struct AttrInfo {
  uint8_t code;
  std::string_view name;  // as ExaBGP prints it
  uint8_t flags;          // the Optional and Transitive bits the RFC requires
  ErrorAction malformed;  // RFC 7606 §7
  AttrDecodeFn decode;    // null: handled by the caller (MP_REACH/MP_UNREACH)
  AttrEncodeFn encode;    // null: nothing typed to write (kept in `unknown`)
};

// The entry for a code, or null if herald does not know it.
const AttrInfo* FindAttr(uint8_t code);

// Records a non-fatal error, keeping the strongest (RFC 7606 §3).
void MergeSoft(std::optional<WireError>* soft, WireError e);

// "0x4f", for error messages.
std::string Hex8(uint8_t v);

// Writes flags, code and length; the Extended Length bit is set exactly when
// length > 255 (whatever `flags` says). Fails the writer past 65535.
void PutAttrHeader(ByteWriter& w, uint8_t flags, uint8_t code, size_t length);

// Per-attribute codecs (attribute_*.cc).
// RFC 9234 OTC (attribute_otc.cc): the value checked, a route leak refused
// (treat-as-withdraw); OtcIngress adds the attribute to routes from a
// provider, a peer or an RS that come without it.
std::optional<WireError> DecodeOtc(ByteReader&, const AttrContext&, AttrDecodeState*);
void OtcIngress(const Negotiated& negotiated, PathAttributes* attrs);
std::optional<WireError> DecodeOrigin(ByteReader&, const AttrContext&, AttrDecodeState*);
std::optional<WireError> DecodeAsPath(ByteReader&, const AttrContext&, AttrDecodeState*);
std::optional<WireError> DecodeAs4Path(ByteReader&, const AttrContext&, AttrDecodeState*);
std::optional<WireError> DecodeNextHop(ByteReader&, const AttrContext&, AttrDecodeState*);
std::optional<WireError> DecodeMed(ByteReader&, const AttrContext&, AttrDecodeState*);
std::optional<WireError> DecodeLocalPref(ByteReader&, const AttrContext&, AttrDecodeState*);
std::optional<WireError> DecodeAtomicAggregate(ByteReader&, const AttrContext&, AttrDecodeState*);
std::optional<WireError> DecodeAggregator(ByteReader&, const AttrContext&, AttrDecodeState*);
std::optional<WireError> DecodeAs4Aggregator(ByteReader&, const AttrContext&, AttrDecodeState*);
std::optional<WireError> DecodeCommunities(ByteReader&, const AttrContext&, AttrDecodeState*);
std::optional<WireError> DecodeOriginatorId(ByteReader&, const AttrContext&, AttrDecodeState*);
std::optional<WireError> DecodeClusterList(ByteReader&, const AttrContext&, AttrDecodeState*);
std::optional<WireError> DecodeExtendedCommunities(ByteReader&, const AttrContext&, AttrDecodeState*);
std::optional<WireError> DecodeLargeCommunities(ByteReader&, const AttrContext&, AttrDecodeState*);
std::optional<WireError> DecodeAigp(ByteReader&, const AttrContext&, AttrDecodeState*);
std::optional<WireError> DecodeIpv6ExtendedCommunities(ByteReader&, const AttrContext&, AttrDecodeState*);
std::optional<WireError> DecodePrefixSid(ByteReader&, const AttrContext&, AttrDecodeState*);  // prefix_sid.cc
std::optional<WireError> DecodeBgpLs(ByteReader&, const AttrContext&, AttrDecodeState*);  // bgpls_attribute.cc

void EncodeOrigin(ByteWriter&, const PathAttributes&, const Negotiated&);
void EncodeAsPath(ByteWriter&, const PathAttributes&, const Negotiated&);
void EncodeAs4Path(ByteWriter&, const PathAttributes&, const Negotiated&);
void EncodeNextHop(ByteWriter&, const PathAttributes&, const Negotiated&);
void EncodeMed(ByteWriter&, const PathAttributes&, const Negotiated&);
void EncodeAigp(ByteWriter&, const PathAttributes&, const Negotiated&);
void EncodeLocalPref(ByteWriter&, const PathAttributes&, const Negotiated&);
void EncodeAtomicAggregate(ByteWriter&, const PathAttributes&, const Negotiated&);
void EncodeAggregator(ByteWriter&, const PathAttributes&, const Negotiated&);
void EncodeAs4Aggregator(ByteWriter&, const PathAttributes&, const Negotiated&);
void EncodeCommunities(ByteWriter&, const PathAttributes&, const Negotiated&);
void EncodeOriginatorId(ByteWriter&, const PathAttributes&, const Negotiated&);
void EncodeClusterList(ByteWriter&, const PathAttributes&, const Negotiated&);
void EncodeExtendedCommunities(ByteWriter&, const PathAttributes&, const Negotiated&);
void EncodeLargeCommunities(ByteWriter&, const PathAttributes&, const Negotiated&);
void EncodeIpv6ExtendedCommunities(ByteWriter&, const PathAttributes&, const Negotiated&);
void EncodePrefixSid(ByteWriter&, const PathAttributes&, const Negotiated&);
void EncodeBgpLs(ByteWriter&, const PathAttributes&, const Negotiated&);

// RFC 6793 §4.2.3: folds AS4_PATH and AS4_AGGREGATOR into state->attrs on a
// 2-byte-AS session.
void MergeAs4(AttrDecodeState* state);

// Encodes the attributes like EncodeAttributes, without MP_REACH/MP_UNREACH,
// and reports where they belong: *mp_at is the offset in the written bytes
// (relative to where this call started) at which code-14/15 attributes go.
void EncodeAttributesSplit(ByteWriter& w, const PathAttributes& attrs, const Negotiated& negotiated,
                           bool with_next_hop, size_t* mp_at);

}  // namespace herald::wire::internal
