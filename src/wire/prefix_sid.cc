// BGP Prefix-SID TLVs (RFC 8669, RFC 9252): checking, reading, building.
// The attribute codec (DecodePrefixSid, EncodePrefixSid) is at the end.
#include "wire/prefix_sid.h"

#include "wire/attribute_codec.h"

namespace herald::wire {
namespace {

constexpr size_t kLabelIndexLength = 7;   // RFC 8669 §3.1
constexpr size_t kSrgbFlagsLength = 2;    // RFC 8669 §3.2
constexpr size_t kSrgbEntryLength = 6;
constexpr size_t kSidInformationFixed = 21;  // RFC 9252 §3.1
constexpr size_t kSidStructureLength = 6;    // RFC 9252 §3.2.1
constexpr uint8_t kSidInformation = 1;
constexpr uint8_t kSidStructure = 1;

// Calls f(type, value) for each TLV (1-byte type, 2-byte length) of `data`;
// false if one is truncated or runs past the end.
template <typename F>
bool ForEachTlv(ByteSpan data, F f) {
  ByteReader r(data);
  while (!r.empty()) {
    uint8_t type = 0;
    uint16_t length = 0;
    ByteSpan value;
    if (!r.ReadU8(&type) || !r.ReadU16(&length) || !r.ReadSpan(length, &value)) return false;
    if (!f(type, value)) return false;
  }
  return true;
}

std::optional<std::string> CheckSrv6Service(ByteSpan value) {
  if (value.empty()) return "SRv6 Service TLV without its reserved byte";
  std::optional<std::string> error;
  bool ok = ForEachTlv(value.subspan(1), [&](uint8_t type, ByteSpan sub) {
    if (type != kSidInformation) return true;
    if (sub.size() < kSidInformationFixed) {
      error = "SRv6 SID Information sub-TLV of length " + std::to_string(sub.size()) + ", expected at least 21";
      return false;
    }
    return ForEachTlv(sub.subspan(kSidInformationFixed), [&](uint8_t t, ByteSpan subsub) {
      if (t == kSidStructure && subsub.size() != kSidStructureLength) {
        error = "SRv6 SID Structure sub-sub-TLV of length " + std::to_string(subsub.size()) + ", expected 6";
        return false;
      }
      return true;
    });
  });
  if (error) return error;
  if (!ok) return "SRv6 sub-TLV or sub-sub-TLV runs past its container";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> ParsePrefixSid(ByteSpan value, std::vector<PrefixSidTlv>* out) {
  std::optional<std::string> error;
  std::vector<PrefixSidTlv> tlvs;
  bool ok = ForEachTlv(value, [&](uint8_t type, ByteSpan v) {
    if (type == kPrefixSidLabelIndex && v.size() != kLabelIndexLength)
      error = "Label-Index TLV of length " + std::to_string(v.size()) + ", expected 7";
    else if (type == kPrefixSidSrgb && (v.size() < kSrgbFlagsLength || (v.size() - 2) % kSrgbEntryLength != 0))
      error = "Originator SRGB TLV of length " + std::to_string(v.size()) + ", expected 2 plus a multiple of 6";
    else if (type == kPrefixSidSrv6L3Service || type == kPrefixSidSrv6L2Service)
      error = CheckSrv6Service(v);
    if (error) return false;
    tlvs.push_back({type, Bytes(v.begin(), v.end())});
    return true;
  });
  if (error) return error;
  if (!ok) return "TLV truncated or running past the end of the attribute";
  *out = std::move(tlvs);
  return std::nullopt;
}

uint32_t LabelIndexOf(const PrefixSidTlv& tlv) {
  ByteReader r(tlv.value);
  uint32_t index = 0;
  (void)r.Skip(3);
  (void)r.ReadU32(&index);
  return index;
}

std::vector<Srgb> SrgbsOf(const PrefixSidTlv& tlv) {
  std::vector<Srgb> out;
  ByteReader r(tlv.value);
  (void)r.Skip(kSrgbFlagsLength);
  Srgb s;
  while (r.ReadU24(&s.base) && r.ReadU24(&s.range)) out.push_back(s);
  return out;
}

std::vector<Srv6SubTlv> Srv6SubTlvsOf(const PrefixSidTlv& tlv) {
  std::vector<Srv6SubTlv> out;
  if (tlv.value.empty()) return out;
  (void)ForEachTlv(ByteSpan(tlv.value).subspan(1), [&](uint8_t type, ByteSpan sub) {
    Srv6SubTlv s{type, std::nullopt};
    if (type == kSidInformation && sub.size() >= kSidInformationFixed) {
      Srv6SubTlv::Information& info = s.information.emplace();
      ByteReader r(sub);
      (void)r.Skip(1);
      (void)r.ReadInto(info.sid.data(), info.sid.size());
      (void)r.ReadU8(&info.flags);
      (void)r.ReadU16(&info.behavior);
      (void)ForEachTlv(sub.subspan(kSidInformationFixed), [&](uint8_t t, ByteSpan v) {
        if (t == kSidStructure && v.size() == kSidStructureLength && !info.structure)
          info.structure = SidStructure{v[0], v[1], v[2], v[3], v[4], v[5]};
        return true;
      });
    }
    out.push_back(std::move(s));
    return true;
  });
  return out;
}

PrefixSidTlv LabelIndexTlv(uint32_t index) {
  PrefixSidTlv tlv{kPrefixSidLabelIndex, {}};
  ByteWriter w(&tlv.value);
  w.Zeros(3);  // reserved, flags
  w.U32(index);
  return tlv;
}

PrefixSidTlv SrgbTlv(const std::vector<Srgb>& srgbs) {
  PrefixSidTlv tlv{kPrefixSidSrgb, {}};
  ByteWriter w(&tlv.value);
  w.U16(0);  // flags
  for (const Srgb& s : srgbs) {
    w.U24(s.base & 0xFFFFFF);
    w.U24(s.range & 0xFFFFFF);
  }
  return tlv;
}

PrefixSidTlv Srv6ServiceTlv(bool l2, const std::array<uint8_t, 16>& sid, uint16_t behavior,
                            const std::optional<SidStructure>& structure) {
  PrefixSidTlv tlv{l2 ? kPrefixSidSrv6L2Service : kPrefixSidSrv6L3Service, {}};
  ByteWriter w(&tlv.value);
  w.U8(0);  // reserved
  w.U8(kSidInformation);
  w.U16(static_cast<uint16_t>(kSidInformationFixed + (structure ? 3 + kSidStructureLength : 0)));
  w.U8(0);  // reserved
  w.Append(ByteSpan(sid));
  w.U8(0);  // flags
  w.U16(behavior);
  w.U8(0);  // reserved
  if (structure) {
    const SidStructure& s = *structure;
    w.U8(kSidStructure);
    w.U16(kSidStructureLength);
    for (uint8_t v : {s.locator_block, s.locator_node, s.function, s.argument, s.transposition_length,
                      s.transposition_offset})
      w.U8(v);
  }
  return tlv;
}

void AppendPrefixSid(ByteWriter& w, const std::vector<PrefixSidTlv>& tlvs) {
  for (const PrefixSidTlv& t : tlvs) {
    if (t.value.size() > 0xFFFF) return w.Fail();
    w.U8(t.type);
    w.U16(static_cast<uint16_t>(t.value.size()));
    w.Append(t.value);
  }
}

namespace internal {

// RFC 8669 §6: a malformed attribute is handled as treat-as-withdraw (the
// registry's action for code 40); TLVs herald does not know are kept.
std::optional<WireError> DecodePrefixSid(ByteReader& v, const AttrContext& ctx, AttrDecodeState* state) {
  std::vector<PrefixSidTlv> tlvs;
  if (auto error = ParsePrefixSid(v.rest(), &tlvs))
    return ctx.Malformed(UpdateSubcode::kOptionalAttributeError, std::move(*error));
  state->attrs.prefix_sid = std::move(tlvs);
  return std::nullopt;
}

void EncodePrefixSid(ByteWriter& w, const PathAttributes& attrs, const Negotiated&) {
  if (!attrs.prefix_sid) return;
  size_t length = 0;
  for (const PrefixSidTlv& t : *attrs.prefix_sid) length += 3 + t.value.size();
  PutAttrHeader(w, kFlagOptional | kFlagTransitive, static_cast<uint8_t>(AttrCode::kPrefixSid), length);
  AppendPrefixSid(w, *attrs.prefix_sid);
}

}  // namespace internal
}  // namespace herald::wire
