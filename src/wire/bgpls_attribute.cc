// The BGP-LS attribute (RFC 9552 §5.3, type 29): its TLVs checked against
// the sizes ExaBGP 5.0 requires of those it decodes, and kept in order.
#include <string>

#include "wire/attribute_codec.h"
#include "wire/bgpls.h"

namespace herald::wire {
namespace {

// An error message if the value of TLV `type` is malformed, as far as herald
// knows the TLV.
std::optional<std::string> CheckTlv(uint16_t type, ByteSpan v) {
  const size_t n = v.size();
  auto size = [&](bool ok) -> std::optional<std::string> {
    if (ok) return std::nullopt;
    return "TLV " + std::to_string(type) + " of " + std::to_string(n) + " bytes";
  };
  switch (type) {
    case 1024:  // node flags
    case 1094:  // MPLS protocol mask
    case 1152:  // IGP flags
      return size(n == 1);
    case 1093: return size(n == 2);  // link protection type
    case 1026:  // node name
    case 1098:  // link name
      return size(n <= 255);
    case 1027:  // IS-IS area id
    case 1170:  // prefix attribute flags
      return size(n >= 1);
    case 1028:
    case 1029:  // local TE router id
    case 1030:
    case 1031:  // remote TE router id
    case 1156:  // OSPF forwarding address
    case 1171:  // source router id
      return size(n == 4 || n == 16);
    case 1034: {  // SR capabilities: flags, reserved, ranges
      if (n < 1) return size(false);
      ByteReader r(v.subspan(std::min<size_t>(n, 2)));
      while (!r.empty()) {
        uint32_t range = 0;
        uint16_t sub = 0, length = 0;
        if (!r.ReadU24(&range) || !r.ReadU16(&sub) || !r.ReadU16(&length)) return "SR capabilities range truncated";
        if (sub != 1161) return "SR capabilities sub-TLV " + std::to_string(sub);
        if (!r.Skip(length)) return "SR capabilities SID/label truncated";
      }
      return std::nullopt;
    }
    case 1088:  // admin group
    case 1089:  // maximum link bandwidth
    case 1090:  // maximum reservable bandwidth
    case 1092:  // TE metric
    case 1155:  // prefix metric
      return size(n == 4);
    case 1091: return size(n == 32);  // unreserved bandwidth
    case 1095: return size(n >= 1 && n <= 3);  // IGP metric
    case 1096:  // SRLG
    case 1153:  // route tags
      return size(n % 4 == 0);
    case 1154: return size(n % 8 == 0);  // extended route tags
    case 1099:    // SR adjacency SID: flags, weight, reserved, SIDs
    case 1158: {  // SR prefix SID: flags, algorithm, reserved, SIDs
      if (n < 2) return size(false);
      const bool vf = v[0] & (type == 1099 ? 0x20 : 0x08), lf = v[0] & (type == 1099 ? 0x10 : 0x04);
      if (vf != lf || n <= 4) return std::nullopt;
      const size_t rest = n - 4, each = vf ? 3 : 4;
      if (type == 1158 && !vf) return size(rest == 4);
      if (rest % each) return "SID truncated in TLV " + std::to_string(type);
      return std::nullopt;
    }
    default:
      if (IsBgpLsSrv6Tlv(type)) return CheckBgpLsSrv6Tlv(type, v);
      return std::nullopt;
  }
}

}  // namespace

std::optional<std::vector<BgpLsTlv>> ParseBgpLsAttribute(ByteSpan value, std::string* error) {
  std::vector<BgpLsTlv> out;
  ByteReader r(value);
  while (!r.empty()) {
    BgpLsTlv t;
    uint16_t length = 0;
    ByteSpan v;
    if (!r.ReadU16(&t.type) || !r.ReadU16(&length)) {
      *error = "BGP-LS attribute: truncated TLV header";
      return std::nullopt;
    }
    if (!r.ReadSpan(length, &v)) {
      *error = "BGP-LS attribute: TLV " + std::to_string(t.type) + " runs past the attribute";
      return std::nullopt;
    }
    if (auto e = CheckTlv(t.type, v)) {
      *error = "BGP-LS attribute: " + *e;
      return std::nullopt;
    }
    t.value.assign(v.begin(), v.end());
    out.push_back(std::move(t));
  }
  return out;
}

namespace internal {

std::optional<WireError> DecodeBgpLs(ByteReader& v, const AttrContext& ctx, AttrDecodeState* state) {
  std::string error;
  auto tlvs = ParseBgpLsAttribute(v.rest(), &error);
  // RFC 9552 §8.2.2: a malformed BGP-LS attribute is discarded.
  if (!tlvs) return ctx.Malformed(UpdateSubcode::kOptionalAttributeError, std::move(error));
  state->attrs.bgp_ls = std::move(*tlvs);
  return std::nullopt;
}

void EncodeBgpLs(ByteWriter& w, const PathAttributes& attrs, const Negotiated&) {
  if (!attrs.bgp_ls) return;
  size_t length = 0;
  for (const BgpLsTlv& t : *attrs.bgp_ls) length += 4 + t.value.size();
  PutAttrHeader(w, kFlagOptional, static_cast<uint8_t>(AttrCode::kBgpLs), length);
  for (const BgpLsTlv& t : *attrs.bgp_ls) {
    w.U16(t.type);
    w.U16(static_cast<uint16_t>(t.value.size()));
    w.Append(t.value);
  }
}

}  // namespace internal
}  // namespace herald::wire
