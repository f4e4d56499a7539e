// The fixed-size attributes: ORIGIN, NEXT_HOP, MULTI_EXIT_DISC, LOCAL_PREF,
// ATOMIC_AGGREGATE, AGGREGATOR and AS4_AGGREGATOR (RFC 4271 §4.3, RFC 6793),
// ORIGINATOR_ID and CLUSTER_LIST (RFC 4456 §8), AIGP (RFC 7311). Each length
// and value check carries the action of RFC 7606 §7.
#include "wire/attribute_codec.h"
#include "wire/open.h"

namespace herald::wire::internal {
namespace {

WireError LengthError(const AttrContext& ctx, size_t got, const char* expected) {
  return ctx.Malformed(UpdateSubcode::kAttributeLengthError,
                       "length " + std::to_string(got) + ", expected " + expected);
}

IpAddress ReadV4(ByteReader& v) {
  uint32_t a = 0;
  (void)v.ReadU32(&a);
  return IpAddress::V4(a);
}

void PutU32Attr(ByteWriter& w, uint8_t flags, AttrCode code, uint32_t value) {
  PutAttrHeader(w, flags, static_cast<uint8_t>(code), 4);
  w.U32(value);
}

void PutV4(ByteWriter& w, const IpAddress& a) {
  if (!a.is_v4()) return w.Fail();
  w.Append(a.bytes());
}

}  // namespace

std::optional<WireError> DecodeOrigin(ByteReader& v, const AttrContext& ctx, AttrDecodeState* state) {
  uint8_t origin = 0;
  if (v.remaining() != 1) return LengthError(ctx, v.remaining(), "1");
  (void)v.ReadU8(&origin);
  if (origin > static_cast<uint8_t>(Origin::kIncomplete))
    return ctx.Malformed(UpdateSubcode::kInvalidOrigin, "invalid value " + std::to_string(origin));
  state->attrs.origin = static_cast<Origin>(origin);
  return std::nullopt;
}

void EncodeOrigin(ByteWriter& w, const PathAttributes& attrs, const Negotiated&) {
  if (!attrs.origin) return;
  PutAttrHeader(w, kFlagTransitive, static_cast<uint8_t>(AttrCode::kOrigin), 1);
  w.U8(static_cast<uint8_t>(*attrs.origin));
}

// Only the length is checked here: whether the address can be a next hop
// (RFC 4271 §6.3) matters only for the classic NLRI, which Update::Decode
// sees (CheckNextHops in update.cc).
std::optional<WireError> DecodeNextHop(ByteReader& v, const AttrContext& ctx, AttrDecodeState* state) {
  if (v.remaining() != 4) return LengthError(ctx, v.remaining(), "4");
  state->attrs.next_hop = ReadV4(v);
  return std::nullopt;
}

void EncodeNextHop(ByteWriter& w, const PathAttributes& attrs, const Negotiated&) {
  if (!attrs.next_hop) return;
  PutAttrHeader(w, kFlagTransitive, static_cast<uint8_t>(AttrCode::kNextHop), 4);
  PutV4(w, *attrs.next_hop);
}

std::optional<WireError> DecodeMed(ByteReader& v, const AttrContext& ctx, AttrDecodeState* state) {
  uint32_t med = 0;
  if (v.remaining() != 4) return LengthError(ctx, v.remaining(), "4");
  (void)v.ReadU32(&med);
  state->attrs.med = med;
  return std::nullopt;
}

void EncodeMed(ByteWriter& w, const PathAttributes& attrs, const Negotiated&) {
  if (attrs.med) PutU32Attr(w, kFlagOptional, AttrCode::kMed, *attrs.med);
}

std::optional<WireError> DecodeLocalPref(ByteReader& v, const AttrContext& ctx, AttrDecodeState* state) {
  uint32_t pref = 0;
  // RFC 7606 §7.5: from an external peer the attribute is discarded.
  if (!ctx.negotiated.ibgp())
    return ctx.Error(UpdateSubcode::kMalformedAttributeList, ErrorAction::kAttributeDiscard,
                     "received from an external peer");
  if (v.remaining() != 4) return LengthError(ctx, v.remaining(), "4");
  (void)v.ReadU32(&pref);
  state->attrs.local_pref = pref;
  return std::nullopt;
}

void EncodeLocalPref(ByteWriter& w, const PathAttributes& attrs, const Negotiated&) {
  if (attrs.local_pref) PutU32Attr(w, kFlagTransitive, AttrCode::kLocalPref, *attrs.local_pref);
}

std::optional<WireError> DecodeAtomicAggregate(ByteReader& v, const AttrContext& ctx, AttrDecodeState* state) {
  if (!v.empty()) return LengthError(ctx, v.remaining(), "0");
  state->attrs.atomic_aggregate = true;
  return std::nullopt;
}

void EncodeAtomicAggregate(ByteWriter& w, const PathAttributes& attrs, const Negotiated&) {
  if (attrs.atomic_aggregate)
    PutAttrHeader(w, kFlagTransitive, static_cast<uint8_t>(AttrCode::kAtomicAggregate), 0);
}

std::optional<WireError> DecodeAggregator(ByteReader& v, const AttrContext& ctx, AttrDecodeState* state) {
  // RFC 6793 §3: the AS is 4 bytes between 4-octet speakers, else 2.
  bool asn4 = ctx.negotiated.asn4;
  if (v.remaining() != (asn4 ? 8u : 6u)) return LengthError(ctx, v.remaining(), asn4 ? "8" : "6");
  Aggregator agg;
  if (asn4) {
    (void)v.ReadU32(&agg.asn);
  } else {
    uint16_t a16 = 0;
    (void)v.ReadU16(&a16);
    agg.asn = a16;
  }
  agg.address = ReadV4(v);
  // RFC 7607 §2: AS 0 makes the attribute malformed (discard, RFC 7606 §7.7).
  if (agg.asn == 0) return ctx.Malformed(UpdateSubcode::kOptionalAttributeError, "AS 0 (RFC 7607)");
  state->attrs.aggregator = agg;
  return std::nullopt;
}

void EncodeAggregator(ByteWriter& w, const PathAttributes& attrs, const Negotiated& negotiated) {
  if (!attrs.aggregator) return;
  const Aggregator& agg = *attrs.aggregator;
  PutAttrHeader(w, kFlagOptional | kFlagTransitive, static_cast<uint8_t>(AttrCode::kAggregator),
                negotiated.asn4 ? 8 : 6);
  if (negotiated.asn4) w.U32(agg.asn);
  else w.U16(agg.asn > 0xFFFF ? kAsTrans : static_cast<uint16_t>(agg.asn));
  PutV4(w, agg.address);
}

std::optional<WireError> DecodeAs4Aggregator(ByteReader& v, const AttrContext& ctx, AttrDecodeState* state) {
  if (v.remaining() != 8) return LengthError(ctx, v.remaining(), "8");
  Aggregator agg;
  (void)v.ReadU32(&agg.asn);
  agg.address = ReadV4(v);
  // RFC 7607 §2: malformed, handled as RFC 6793 §6 says (discard).
  if (agg.asn == 0) return ctx.Malformed(UpdateSubcode::kOptionalAttributeError, "AS 0 (RFC 7607)");
  state->as4_aggregator = agg;
  return std::nullopt;
}

void EncodeAs4Aggregator(ByteWriter& w, const PathAttributes& attrs, const Negotiated& negotiated) {
  // RFC 6793 §4.2.2: only towards a 2-byte speaker, when the AS needs 4 bytes.
  if (negotiated.asn4 || !attrs.aggregator || attrs.aggregator->asn <= 0xFFFF) return;
  PutAttrHeader(w, kFlagOptional | kFlagTransitive, static_cast<uint8_t>(AttrCode::kAs4Aggregator), 8);
  w.U32(attrs.aggregator->asn);
  PutV4(w, attrs.aggregator->address);
}

std::optional<WireError> DecodeOriginatorId(ByteReader& v, const AttrContext& ctx, AttrDecodeState* state) {
  // RFC 7606 §7.9: discarded from an external peer, else exactly 4 bytes.
  if (!ctx.negotiated.ibgp())
    return ctx.Error(UpdateSubcode::kMalformedAttributeList, ErrorAction::kAttributeDiscard,
                     "received from an external peer");
  if (v.remaining() != 4) return LengthError(ctx, v.remaining(), "4");
  state->attrs.originator_id = ReadV4(v);
  return std::nullopt;
}

void EncodeOriginatorId(ByteWriter& w, const PathAttributes& attrs, const Negotiated&) {
  if (!attrs.originator_id) return;
  PutAttrHeader(w, kFlagOptional, static_cast<uint8_t>(AttrCode::kOriginatorId), 4);
  PutV4(w, *attrs.originator_id);
}

std::optional<WireError> DecodeClusterList(ByteReader& v, const AttrContext& ctx, AttrDecodeState* state) {
  // RFC 7606 §7.10: discarded from an external peer; empty or not a
  // multiple of 4 is malformed.
  if (!ctx.negotiated.ibgp())
    return ctx.Error(UpdateSubcode::kMalformedAttributeList, ErrorAction::kAttributeDiscard,
                     "received from an external peer");
  if (v.empty() || v.remaining() % 4 != 0) return LengthError(ctx, v.remaining(), "a non-zero multiple of 4");
  std::vector<IpAddress> list;
  list.reserve(v.remaining() / 4);
  while (!v.empty()) list.push_back(ReadV4(v));
  state->attrs.cluster_list = std::move(list);
  return std::nullopt;
}

void EncodeClusterList(ByteWriter& w, const PathAttributes& attrs, const Negotiated&) {
  if (attrs.cluster_list.empty()) return;
  PutAttrHeader(w, kFlagOptional, static_cast<uint8_t>(AttrCode::kClusterList), 4 * attrs.cluster_list.size());
  for (const IpAddress& a : attrs.cluster_list) PutV4(w, a);
}

// RFC 7311 §3: a sequence of TLVs (type 1 byte, length 2 bytes counting the
// TLV header); the AIGP TLV is type 1, 11 bytes, an 8-byte metric. Only the
// first AIGP TLV counts; TLVs of other types are skipped (an attribute with
// repeated or unknown TLVs is not malformed). On a session without
// AIGP_SESSION the attribute is an unrecognized non-transitive one: quietly
// ignored, unchecked (§3).
std::optional<WireError> DecodeAigp(ByteReader& v, const AttrContext& ctx, AttrDecodeState* state) {
  if (!ctx.negotiated.aigp) return std::nullopt;
  std::optional<uint64_t> metric;
  while (!v.empty()) {
    uint8_t type = 0;
    uint16_t length = 0;
    if (!v.ReadU8(&type) || !v.ReadU16(&length) || length < 3)
      return ctx.Malformed(UpdateSubcode::kOptionalAttributeError, "AIGP TLV header truncated or too short");
    if (v.remaining() < length - 3u)
      return ctx.Malformed(UpdateSubcode::kOptionalAttributeError, "TLV runs past the end of the attribute");
    if (type == 1 && length != 11)
      return ctx.Malformed(UpdateSubcode::kOptionalAttributeError, "AIGP TLV of length " + std::to_string(length));
    uint64_t value = 0;
    if (type == 1) {
      (void)v.ReadU64(&value);
      if (!metric) metric = value;
    } else {
      (void)v.Skip(length - 3u);
    }
  }
  // Without an AIGP TLV there is no metric to keep.
  if (metric) state->attrs.aigp = metric;
  return std::nullopt;
}

void EncodeAigp(ByteWriter& w, const PathAttributes& attrs, const Negotiated&) {
  if (!attrs.aigp) return;
  PutAttrHeader(w, kFlagOptional, static_cast<uint8_t>(AttrCode::kAigp), 11);
  w.U8(1);
  w.U16(11);
  w.U64(*attrs.aigp);
}

}  // namespace herald::wire::internal
