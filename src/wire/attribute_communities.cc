// COMMUNITIES (RFC 1997), EXTENDED_COMMUNITIES (RFC 4360), IPv6 Address
// Specific Extended Communities (RFC 5701) and LARGE_COMMUNITY (RFC 8092):
// lists of fixed-size values. An empty list or a length that is not a
// multiple of the value size is malformed, handled as treat-as-withdraw (RFC
// 7606 §7.8, §7.14 (which RFC 5701's communities follow, as extended
// communities); RFC 8092 §5).
#include "wire/attribute_codec.h"

namespace herald::wire::internal {
namespace {

std::optional<WireError> CheckListLength(ByteReader& v, const AttrContext& ctx, size_t unit) {
  if (!v.empty() && v.remaining() % unit == 0) return std::nullopt;
  return ctx.Malformed(UpdateSubcode::kAttributeLengthError,
                       "length " + std::to_string(v.remaining()) + ", expected a non-zero multiple of " +
                           std::to_string(unit));
}

}  // namespace

std::optional<WireError> DecodeCommunities(ByteReader& v, const AttrContext& ctx, AttrDecodeState* state) {
  if (auto err = CheckListLength(v, ctx, 4)) return err;
  std::vector<uint32_t>& out = state->attrs.communities;
  out.resize(v.remaining() / 4);
  for (uint32_t& c : out) (void)v.ReadU32(&c);
  return std::nullopt;
}

void EncodeCommunities(ByteWriter& w, const PathAttributes& attrs, const Negotiated&) {
  if (attrs.communities.empty()) return;
  PutAttrHeader(w, kFlagOptional | kFlagTransitive, static_cast<uint8_t>(AttrCode::kCommunities),
                4 * attrs.communities.size());
  for (uint32_t c : attrs.communities) w.U32(c);
}

std::optional<WireError> DecodeExtendedCommunities(ByteReader& v, const AttrContext& ctx,
                                                   AttrDecodeState* state) {
  if (auto err = CheckListLength(v, ctx, 8)) return err;
  std::vector<uint64_t>& out = state->attrs.extended_communities;
  out.resize(v.remaining() / 8);
  for (uint64_t& c : out) (void)v.ReadU64(&c);
  return std::nullopt;
}

void EncodeExtendedCommunities(ByteWriter& w, const PathAttributes& attrs, const Negotiated&) {
  if (attrs.extended_communities.empty()) return;
  PutAttrHeader(w, kFlagOptional | kFlagTransitive, static_cast<uint8_t>(AttrCode::kExtendedCommunities),
                8 * attrs.extended_communities.size());
  for (uint64_t c : attrs.extended_communities) w.U64(c);
}

std::optional<WireError> DecodeIpv6ExtendedCommunities(ByteReader& v, const AttrContext& ctx,
                                                       AttrDecodeState* state) {
  if (auto err = CheckListLength(v, ctx, 20)) return err;
  std::vector<Ipv6ExtendedCommunity>& out = state->attrs.ipv6_extended_communities;
  out.resize(v.remaining() / 20);
  for (Ipv6ExtendedCommunity& c : out) (void)v.ReadInto(c.bytes.data(), c.bytes.size());
  return std::nullopt;
}

void EncodeIpv6ExtendedCommunities(ByteWriter& w, const PathAttributes& attrs, const Negotiated&) {
  if (attrs.ipv6_extended_communities.empty()) return;
  PutAttrHeader(w, kFlagOptional | kFlagTransitive, static_cast<uint8_t>(AttrCode::kIpv6ExtendedCommunities),
                20 * attrs.ipv6_extended_communities.size());
  for (const Ipv6ExtendedCommunity& c : attrs.ipv6_extended_communities) w.Append(ByteSpan(c.bytes));
}

std::optional<WireError> DecodeLargeCommunities(ByteReader& v, const AttrContext& ctx, AttrDecodeState* state) {
  if (auto err = CheckListLength(v, ctx, 12)) return err;
  std::vector<LargeCommunity>& out = state->attrs.large_communities;
  out.resize(v.remaining() / 12);
  for (LargeCommunity& c : out) {
    (void)v.ReadU32(&c.global_admin);
    (void)v.ReadU32(&c.local1);
    (void)v.ReadU32(&c.local2);
  }
  return std::nullopt;
}

void EncodeLargeCommunities(ByteWriter& w, const PathAttributes& attrs, const Negotiated&) {
  if (attrs.large_communities.empty()) return;
  PutAttrHeader(w, kFlagOptional | kFlagTransitive, static_cast<uint8_t>(AttrCode::kLargeCommunities),
                12 * attrs.large_communities.size());
  for (const LargeCommunity& c : attrs.large_communities) {
    w.U32(c.global_admin);
    w.U32(c.local1);
    w.U32(c.local2);
  }
}

}  // namespace herald::wire::internal
