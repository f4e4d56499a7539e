// The path attribute registry and the loop over an UPDATE's attributes field.
//
// Error handling follows RFC 7606: problems with one attribute's flags or
// value lead to the action §7 gives that attribute, recorded as a soft error
// while decoding goes on; an attribute that runs past the field ends the
// loop with treat-as-withdraw (§4); only problems that touch
// MP_REACH/MP_UNREACH (or an unrecognized well-known attribute) reset the
// session.
// Departures from RFC 4271 §6.3, all per RFC 7606: no NOTIFICATION for most
// attribute errors; repeated attributes other than MP_* keep the first
// occurrence (RFC 7606 §3(g)).
#include <algorithm>
#include <array>
#include <bitset>

#include "wire/attribute_codec.h"

namespace herald::wire {
namespace internal {
namespace {

constexpr uint8_t kWellKnown = kFlagTransitive;
constexpr uint8_t kOptionalTransitive = kFlagOptional | kFlagTransitive;

using enum ErrorAction;

// In code order: EncodeAttributes walks it to write attributes in that order.
constexpr AttrInfo kAttrs[] = {
    {1, "origin", kWellKnown, kTreatAsWithdraw, DecodeOrigin, EncodeOrigin},  // RFC 7606 §7.1
    {2, "as-path", kWellKnown, kTreatAsWithdraw, DecodeAsPath, EncodeAsPath},  // §7.2
    {3, "next-hop", kWellKnown, kTreatAsWithdraw, DecodeNextHop, EncodeNextHop},  // §7.3
    {4, "med", kFlagOptional, kTreatAsWithdraw, DecodeMed, EncodeMed},  // §7.4
    {5, "local-preference", kWellKnown, kTreatAsWithdraw, DecodeLocalPref, EncodeLocalPref},  // §7.5
    {6, "atomic-aggregate", kWellKnown, kAttributeDiscard, DecodeAtomicAggregate,
     EncodeAtomicAggregate},  // §7.6
    {7, "aggregator", kOptionalTransitive, kAttributeDiscard, DecodeAggregator, EncodeAggregator},  // §7.7
    {8, "community", kOptionalTransitive, kTreatAsWithdraw, DecodeCommunities, EncodeCommunities},  // §7.8
    {9, "originator-id", kFlagOptional, kTreatAsWithdraw, DecodeOriginatorId, EncodeOriginatorId},  // §7.9
    {10, "cluster-list", kFlagOptional, kTreatAsWithdraw, DecodeClusterList, EncodeClusterList},  // §7.10
    {14, "mp-reach-nlri", kFlagOptional, kSessionReset, nullptr, nullptr},  // §7.11
    {15, "mp-unreach-nlri", kFlagOptional, kSessionReset, nullptr, nullptr},
    {16, "extended-community", kOptionalTransitive, kTreatAsWithdraw, DecodeExtendedCommunities,
     EncodeExtendedCommunities},  // §7.14
    // RFC 6793 §6: a malformed AS4_PATH or AS4_AGGREGATOR is discarded.
    {17, "as4-path", kOptionalTransitive, kAttributeDiscard, DecodeAs4Path, EncodeAs4Path},
    {18, "as4-aggregator", kOptionalTransitive, kAttributeDiscard, DecodeAs4Aggregator, EncodeAs4Aggregator},
    {25, "extended-community-ipv6", kOptionalTransitive, kTreatAsWithdraw, DecodeIpv6ExtendedCommunities,
     EncodeIpv6ExtendedCommunities},  // RFC 5701, as extended communities (RFC 7606 §7.14)
    // RFC 7311 §3: a malformed AIGP is handled as attribute discard.
    {26, "aigp", kFlagOptional, kAttributeDiscard, DecodeAigp, EncodeAigp},
    // RFC 9552 §8.2.2: a malformed BGP-LS attribute is discarded.
    {29, "bgp-ls", kFlagOptional, kAttributeDiscard, DecodeBgpLs, EncodeBgpLs},
    {32, "large-community", kOptionalTransitive, kTreatAsWithdraw, DecodeLargeCommunities,
     EncodeLargeCommunities},  // RFC 8092 §5
    // RFC 9234 §5: malformed (not 4 octets), treat-as-withdraw. Its value
    // stays in `unknown`, written back as it came.
    {35, "otc", kOptionalTransitive, kTreatAsWithdraw, DecodeOtc, nullptr},
    {40, "bgp-prefix-sid", kOptionalTransitive, kTreatAsWithdraw, DecodePrefixSid, EncodePrefixSid},  // RFC 8669 §6
};

const std::array<const AttrInfo*, 256>& AttrTable() {
  static const std::array<const AttrInfo*, 256> table = [] {
    std::array<const AttrInfo*, 256> t{};
    for (const AttrInfo& a : kAttrs) t[a.code] = &a;
    return t;
  }();
  return table;
}

void WriteRaw(ByteWriter& w, const RawAttribute& a) {
  // The low four bits are unused and must be zero when sent (RFC 4271 §4.3).
  // Partial as given (the decoder sets it on what it keeps: RFC 4271 §5, an
  // optional transitive attribute passed on by a speaker that does not
  // understand it; one the user writes is herald's own, complete unless
  // said otherwise), and zero on any other kind (§4.3).
  uint8_t flags = a.flags & (kFlagOptional | kFlagTransitive | kFlagPartial);
  if ((flags & kOptionalTransitive) != kOptionalTransitive) flags &= static_cast<uint8_t>(~kFlagPartial);
  // Extended Length as the size needs, or as given: RFC 4271 §4.3 lets a
  // two-octet length carry any size, and a user who writes the bit (the
  // decoder clears it on what it keeps) gets it, as ExaBGP sends it.
  if (a.value.size() > 0xFFFF) return w.Fail();
  if (a.value.size() > 255 || (a.flags & kFlagExtendedLength)) {
    w.U8(flags | kFlagExtendedLength);
    w.U8(a.code);
    w.U16(static_cast<uint16_t>(a.value.size()));
  } else {
    w.U8(flags);
    w.U8(a.code);
    w.U8(static_cast<uint8_t>(a.value.size()));
  }
  w.Append(a.value);
}

// Writes the attributes in code order, with the MP bytes (whole attributes)
// at codes 14 and 15. Reports the offset of code 14's place in *mp_at.
void EncodeInOrder(ByteWriter& w, const PathAttributes& attrs, const Negotiated& negotiated,
                   bool with_next_hop, ByteSpan mp_unreach, ByteSpan mp_reach, size_t* mp_at) {
  const size_t base = w.position();
  size_t u = 0;
  auto unknown_below = [&](unsigned code) {
    while (u < attrs.unknown.size() && attrs.unknown[u].code < code) WriteRaw(w, attrs.unknown[u++]);
  };
  for (const AttrInfo& a : kAttrs) {
    unknown_below(a.code);
    if (a.code == static_cast<uint8_t>(AttrCode::kMpReachNlri)) {
      if (mp_at) *mp_at = w.position() - base;
      w.Append(mp_reach);
    } else if (a.code == static_cast<uint8_t>(AttrCode::kMpUnreachNlri)) {
      w.Append(mp_unreach);
    } else if (a.encode && (with_next_hop || a.code != static_cast<uint8_t>(AttrCode::kNextHop))) {
      a.encode(w, attrs, negotiated);
    }
  }
  unknown_below(256);
}

WireError Overrun(size_t left, bool code_read, uint8_t code, bool header_ok, uint16_t length) {
  // RFC 7606 §4: an attribute whose length runs past the Total Path
  // Attribute Length, or 1-3 octets left that cannot hold an attribute
  // header, is treat-as-withdraw: the Total Path Attribute Length still
  // locates the NLRI. But if the attribute is MP_REACH_NLRI or
  // MP_UNREACH_NLRI, the routes it carries cannot be found, and the session
  // is reset (RFC 7606 §5.3, §7.11).
  const bool mp = code_read && (code == static_cast<uint8_t>(AttrCode::kMpReachNlri) ||
                                code == static_cast<uint8_t>(AttrCode::kMpUnreachNlri));
  std::string what;
  if (!header_ok) {
    what = std::to_string(left) + (left == 1 ? " octet" : " octets") +
           " after the last attribute, too few for an attribute header";
    if (code_read) what += " (attribute " + std::to_string(code) + ")";
  } else {
    std::string_view name = AttrName(code);
    what = "attribute " + (name.empty() ? std::to_string(code) : std::string(name)) + " of length " +
           std::to_string(length) + " runs past the end of the attributes (" + std::to_string(left) +
           " octets left with its header)";
  }
  return UpdateError(UpdateSubcode::kMalformedAttributeList, std::move(what), {},
                     mp ? ErrorAction::kSessionReset : ErrorAction::kTreatAsWithdraw);
}

}  // namespace

const AttrInfo* FindAttr(uint8_t code) { return AttrTable()[code]; }

void MergeSoft(std::optional<WireError>* soft, WireError e) {
  if (!*soft) *soft = std::move(e);
  else *soft = WireError::Stronger(std::move(**soft), std::move(e));
}

std::string Hex8(uint8_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  return std::string{'0', 'x', kDigits[v >> 4], kDigits[v & 15]};
}

void PutAttrHeader(ByteWriter& w, uint8_t flags, uint8_t code, size_t length) {
  if (length > 0xFFFF) return w.Fail();
  bool extended = length > 255;
  flags = static_cast<uint8_t>((flags & ~kFlagExtendedLength) | (extended ? kFlagExtendedLength : 0));
  w.U8(flags);
  w.U8(code);
  if (extended) w.U16(static_cast<uint16_t>(length));
  else w.U8(static_cast<uint8_t>(length));
}

WireError AttrContext::Malformed(UpdateSubcode sub, std::string what) const {
  return Error(sub, info.malformed, std::move(what));
}

WireError AttrContext::Error(UpdateSubcode sub, ErrorAction action, std::string what) const {
  return UpdateError(sub, "attribute " + std::string(info.name) + ": " + std::move(what),
                     Bytes(whole.begin(), whole.end()), action);
}

void EncodeAttributesSplit(ByteWriter& w, const PathAttributes& attrs, const Negotiated& negotiated,
                           bool with_next_hop, size_t* mp_at) {
  EncodeInOrder(w, attrs, negotiated, with_next_hop, {}, {}, mp_at);
}

}  // namespace internal

using internal::AttrContext;
using internal::MergeSoft;
using internal::AttrDecodeState;
using internal::AttrInfo;

std::string_view AttrName(uint8_t code) {
  const AttrInfo* a = internal::FindAttr(code);
  return a ? a->name : std::string_view();
}

std::optional<uint8_t> KnownAttrFlags(uint8_t code) {
  const AttrInfo* a = internal::FindAttr(code);
  if (!a) return std::nullopt;
  return a->flags;
}

Result<PathAttributes, WireError> DecodeAttributes(ByteReader& attrs, const Negotiated& negotiated,
                                                   ByteSpan* mp_reach, ByteSpan* mp_unreach,
                                                   std::optional<WireError>* soft_error) {
  AttrDecodeState state;
  std::bitset<256> seen;
  *mp_reach = {};
  *mp_unreach = {};
  while (!attrs.empty()) {
    const size_t start = attrs.offset();
    uint8_t flags = 0, code = 0;
    uint16_t length = 0;
    uint8_t length8 = 0;
    const bool code_read = attrs.ReadU8(&flags) && attrs.ReadU8(&code);
    bool header_ok = code_read;
    if (header_ok) {
      if (flags & kFlagExtendedLength) {
        header_ok = attrs.ReadU16(&length);
      } else {
        header_ok = attrs.ReadU8(&length8);
        length = length8;
      }
    }
    ByteReader value;
    if (!header_ok || !attrs.Sub(length, &value)) {
      WireError e = internal::Overrun(attrs.whole().size() - start, code_read, code, header_ok, length);
      if (e.fatal()) return Fail(std::move(e));
      MergeSoft(soft_error, std::move(e));
      // The Total Path Attribute Length still locates the NLRI field.
      (void)attrs.Skip(attrs.remaining());
      break;
    }
    const ByteSpan whole = attrs.whole().subspan(start, attrs.offset() - start);
    const AttrInfo* info = internal::FindAttr(code);

    if (seen[code]) {
      // RFC 7606 §3(g): MP_REACH/MP_UNREACH twice resets the session; any
      // other attribute keeps its first occurrence.
      if (code == static_cast<uint8_t>(AttrCode::kMpReachNlri) ||
          code == static_cast<uint8_t>(AttrCode::kMpUnreachNlri))
        return Fail(UpdateError(UpdateSubcode::kMalformedAttributeList,
                                "attribute " + std::string(info->name) + " appears twice"));
      MergeSoft(soft_error, UpdateError(UpdateSubcode::kMalformedAttributeList,
                                        "attribute " + std::to_string(code) + " appears twice, repeat discarded",
                                        {}, ErrorAction::kAttributeDiscard));
      continue;
    }
    seen[code] = true;

    if (!info) {
      // RFC 4271 §6.3: an unrecognized well-known attribute is an error;
      // unrecognized optional ones are passed on if transitive (§5), else
      // quietly ignored.
      if (!(flags & kFlagOptional))
        return Fail(UpdateError(UpdateSubcode::kUnrecognizedWellKnownAttribute,
                                "unrecognized well-known attribute " + std::to_string(code),
                                Bytes(whole.begin(), whole.end())));
      if (flags & kFlagTransitive) {
        ByteSpan v = value.rest();
        // Kept with Optional and Transitive, and Partial set: passed on, it
        // went through a speaker that does not understand it (RFC 4271 §5).
        // Extended Length as received (shown so, and kept when sent; the
        // value's size may also need it); the low four bits are unused
        // (§4.3).
        state.attrs.unknown.push_back(
            {static_cast<uint8_t>(internal::kOptionalTransitive | kFlagPartial | (flags & kFlagExtendedLength)),
             code, Bytes(v.begin(), v.end())});
      }
      continue;
    }

    // RFC 6793 §6: between two 4-octet speakers AS4_PATH and AS4_AGGREGATOR
    // are meaningless and are discarded without further checks.
    if (negotiated.asn4 && (code == static_cast<uint8_t>(AttrCode::kAs4Path) ||
                            code == static_cast<uint8_t>(AttrCode::kAs4Aggregator)))
      continue;
    // RFC 7311 §3: on a session without AIGP_SESSION, AIGP is an unrecognized
    // non-transitive attribute, quietly ignored whatever its flags or value.
    if (!negotiated.aigp && code == static_cast<uint8_t>(AttrCode::kAigp)) continue;

    AttrContext ctx{*info, negotiated, flags, whole};
    if ((flags & (kFlagOptional | kFlagTransitive)) != info->flags) {
      // RFC 7606 §3(c): wrong Optional/Transitive bits make the attribute
      // malformed, handled as treat-as-withdraw unless its own RFC says
      // otherwise (MP_*: session reset, §7.11; AS4_*: discard, RFC 6793 §6).
      ErrorAction action = info->malformed == ErrorAction::kSessionReset ? ErrorAction::kSessionReset
                                                                         : ErrorAction::kTreatAsWithdraw;
      if (code == static_cast<uint8_t>(AttrCode::kAs4Path) ||
          code == static_cast<uint8_t>(AttrCode::kAs4Aggregator) || code == static_cast<uint8_t>(AttrCode::kAigp))
        action = ErrorAction::kAttributeDiscard;
      WireError e = ctx.Error(UpdateSubcode::kAttributeFlagsError, action,
                              "flags " + internal::Hex8(flags) + " conflict with the attribute type");
      if (e.fatal()) return Fail(std::move(e));
      MergeSoft(soft_error, std::move(e));
      continue;
    }

    if (code == static_cast<uint8_t>(AttrCode::kMpReachNlri)) {
      *mp_reach = value.rest();
      continue;
    }
    if (code == static_cast<uint8_t>(AttrCode::kMpUnreachNlri)) {
      *mp_unreach = value.rest();
      continue;
    }
    if (auto err = info->decode(value, ctx, &state)) {
      if (err->fatal()) return Fail(std::move(*err));
      MergeSoft(soft_error, std::move(*err));
    }
  }
  if (!negotiated.asn4) internal::MergeAs4(&state);
  internal::OtcIngress(negotiated, &state.attrs);
  std::stable_sort(state.attrs.unknown.begin(), state.attrs.unknown.end(),
                   [](const RawAttribute& a, const RawAttribute& b) { return a.code < b.code; });
  return std::move(state.attrs);
}

void EncodeAttributes(ByteWriter& w, const PathAttributes& attrs, const Negotiated& negotiated,
                      bool with_next_hop, ByteSpan mp_unreach, ByteSpan mp_reach) {
  internal::EncodeInOrder(w, attrs, negotiated, with_next_hop, mp_unreach, mp_reach, nullptr);
}

namespace {

// A 64-bit mixer (the finalizer of SplitMix64): cheap and well spread, which
// is all the interning table needs.
inline uint64_t Mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
  h ^= h >> 30;
  h *= 0xBF58476D1CE4E5B9ull;
  h ^= h >> 27;
  return h;
}

}  // namespace

size_t PathAttributes::Hash() const {
  uint64_t h = 0x6A09E667F3BCC909ull;
  h = Mix(h, origin ? 1 + static_cast<uint64_t>(*origin) : 0);
  if (as_path) {
    h = Mix(h, 0x100 + as_path->size());
    for (const AsSegment& s : *as_path) {
      h = Mix(h, (static_cast<uint64_t>(s.type) << 32) | s.asns.size());
      for (uint32_t a : s.asns) h = Mix(h, a);
    }
  }
  h = Mix(h, next_hop ? next_hop->Hash() : 0);
  h = Mix(h, med ? (uint64_t{1} << 32) | *med : 0);
  h = Mix(h, local_pref ? (uint64_t{1} << 32) | *local_pref : 0);
  h = Mix(h, atomic_aggregate);
  if (aggregator) h = Mix(h, (uint64_t{aggregator->asn} << 32) ^ aggregator->address.Hash());
  h = Mix(h, communities.size());
  for (uint32_t c : communities) h = Mix(h, c);
  h = Mix(h, originator_id ? originator_id->Hash() : 0);
  h = Mix(h, cluster_list.size());
  for (const IpAddress& c : cluster_list) h = Mix(h, c.Hash());
  h = Mix(h, extended_communities.size());
  for (uint64_t c : extended_communities) h = Mix(h, c);
  h = Mix(h, large_communities.size());
  for (const LargeCommunity& c : large_communities)
    h = Mix(Mix(h, (uint64_t{c.global_admin} << 32) | c.local1), c.local2);
  h = Mix(h, aigp ? Mix(1, *aigp) : 0);
  h = Mix(h, ipv6_extended_communities.size());
  for (const Ipv6ExtendedCommunity& c : ipv6_extended_communities)
    for (uint8_t b : c.bytes) h = Mix(h, b);
  h = Mix(h, prefix_sid ? 1 + prefix_sid->size() : 0);
  if (prefix_sid)
    for (const PrefixSidTlv& t : *prefix_sid) {
      h = Mix(h, (uint64_t{t.type} << 32) | t.value.size());
      for (uint8_t b : t.value) h = Mix(h, b);
    }
  h = Mix(h, bgp_ls ? 1 + bgp_ls->size() : 0);
  if (bgp_ls)
    for (const BgpLsTlv& t : *bgp_ls) {
      h = Mix(h, (uint64_t{t.type} << 32) | t.value.size());
      for (uint8_t b : t.value) h = Mix(h, b);
    }
  h = Mix(h, unknown.size());
  for (const RawAttribute& a : unknown) {
    h = Mix(h, (uint64_t{a.flags} << 40) | (uint64_t{a.code} << 32) | a.value.size());
    for (uint8_t b : a.value) h = Mix(h, b);
  }
  return static_cast<size_t>(h);
}

}  // namespace herald::wire
