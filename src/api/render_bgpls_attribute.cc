// The BGP-LS attribute in JSON, as ExaBGP 5.0 prints it (render_bgpls.h),
// and the helpers its text form shares (render_bgpls_util.h).
#include "api/render_bgpls.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <optional>

#include "api/render_bgpls_util.h"
#include "api/render_common.h"
#include "base/ip.h"
#include "wire/bgpls.h"

namespace herald::api::render {
namespace bgpls {

void AppendPyString(std::string* out, ByteSpan v) {
  out->push_back('"');
  AppendJsonAscii(out, std::string_view(reinterpret_cast<const char*>(v.data()), v.size()));
  out->push_back('"');
}

// An IEEE single-precision float, as Python prints the double it becomes.
void AppendFloat32(std::string* out, ByteSpan v) {
  AppendPythonFloat(out, static_cast<double>(std::bit_cast<float>(static_cast<uint32_t>(Be(v)))));
}

namespace {

// The same in JSON, where a NaN or an infinity has no number: null (ExaBGP
// writes Python's nan / inf, which no JSON parser reads; doc/compat.md).
void AppendJsonFloat32(std::string* out, ByteSpan v) {
  if (!std::isfinite(std::bit_cast<float>(static_cast<uint32_t>(Be(v))))) return out->append("null"), void();
  AppendFloat32(out, v);
}

}  // namespace

// Flags as a JSON object of the first byte's bits, named from the most
// significant; the "RSV" bits are one key, always 0.
void AppendFlags(std::string* out, uint8_t byte, std::initializer_list<std::string_view> names) {
  out->push_back('{');
  int bit = 7;
  bool first = true, rsv = false;
  for (std::string_view name : names) {
    const int value = (byte >> bit--) & 1;
    if (name == "RSV") {
      if (rsv) continue;
      rsv = true;
    }
    if (!first) out->append(", ");
    first = false;
    out->push_back('"');
    out->append(name);
    out->append("\": ");
    out->push_back(name == "RSV" ? '0' : static_cast<char>('0' + value));
  }
  out->push_back('}');
}

// Decimal of a big-endian unsigned integer of any size.
void AppendBigDecimal(std::string* out, ByteSpan v) {
  std::vector<uint8_t> n(v.begin(), v.end());
  std::string digits;
  bool zero = false;
  while (!zero) {
    unsigned rem = 0;
    zero = true;
    for (uint8_t& b : n) {
      const unsigned cur = (rem << 8) | b;
      b = static_cast<uint8_t>(cur / 10);
      rem = cur % 10;
      if (b) zero = false;
    }
    digits.push_back(static_cast<char>('0' + rem));
  }
  out->append(digits.rbegin(), digits.rend());
}

void AppendUintList(std::string* out, ByteSpan v, size_t each) {
  out->push_back('[');
  for (size_t at = 0; at + each <= v.size(); at += each) {
    if (at) out->append(", ");
    AppendUint(out, Be(v.subspan(at, each)));
  }
  out->push_back(']');
}

// SIDs after a 4-byte header: 3-byte labels (V and L set), 4-byte indexes
// (neither), else one undecoded hex string; two JSON lists.
void SidLists(ByteSpan v, bool vf, bool lf, std::string* sids, std::string* undecoded) {
  sids->push_back('[');
  undecoded->push_back('[');
  ByteSpan rest = v.size() > 4 ? v.subspan(4) : ByteSpan();
  if (!rest.empty() && vf != lf) {
    undecoded->push_back('"');
    AppendHexString(undecoded, rest);
    undecoded->push_back('"');
  } else if (!rest.empty()) {
    const size_t each = vf ? 3 : 4;
    for (size_t at = 0; at + each <= rest.size(); at += each) {
      if (at) sids->append(", ");
      AppendUint(sids, Be(rest.subspan(at, each)));
    }
  }
  sids->push_back(']');
  undecoded->push_back(']');
}

void AppendSrCapabilities(std::string* out, ByteSpan v) {
  out->append("\"sr-capability-flags\": ");
  AppendFlags(out, v[0], {"I", "V", "RSV", "RSV", "RSV", "RSV", "RSV", "RSV"});
  out->append(", \"sids\": [");
  ByteReader r(v.subspan(std::min<size_t>(v.size(), 2)));
  bool first = true;
  while (!r.empty()) {
    uint32_t range = 0;
    uint16_t sub = 0, length = 0;
    ByteSpan label;
    if (!r.ReadU24(&range) || !r.ReadU16(&sub) || !r.ReadU16(&length)) break;
    if ((length == 3 || length == 4) && r.ReadSpan(length, &label)) {
      if (!first) out->append(", ");
      first = false;
      out->push_back('[');
      AppendUint(out, range);
      out->append(", ");
      AppendUint(out, length == 3 ? Be(label) & 0xFFFFF : Be(label));
      out->push_back(']');
    } else if (!r.Skip(length)) {
      break;
    }
  }
  out->push_back(']');
}

bool Merged(uint16_t type) { return type == 1028 || type == 1029; }

// The TLVs herald decodes; the others print as generic-lsid-N.
bool Known(uint16_t type) {
  return (type >= 1024 && type <= 1031) || type == 1034 || type == 1035 || (type >= 1088 && type <= 1099) ||
         (type >= 1152 && type <= 1158) || type == 1170 || type == 1171 || wire::IsBgpLsSrv6Tlv(type);
}

bool PrintedBefore(const std::vector<wire::BgpLsTlv>& all, size_t index) {
  const uint16_t type = all[index].type;
  for (size_t i = 0; i < index; ++i) {
    if (Merged(type) && Merged(all[i].type)) return true;
    if ((!Known(type) || ListedByType(type)) && all[i].type == type) return true;
  }
  return false;
}

}  // namespace bgpls

namespace {

using namespace bgpls;  // NOLINT
using wire::BgpLsTlv;

void AppendTlv(std::string* out, const BgpLsTlv& t, const std::vector<BgpLsTlv>& all, size_t index) {
  const ByteSpan v(t.value);
  switch (t.type) {
    case 1024:
      out->append("\"node-flags\": ");
      AppendFlags(out, v[0], {"O", "T", "E", "B", "R", "V", "RSV", "RSV"});
      return;
    case 1025: out->append("\"opaque\": "); AppendPyString(out, v); return;
    case 1026: out->append("\"node-name\": "); AppendPyString(out, v); return;
    case 1027:
      out->append("\"area-id\": \"");
      AppendBigDecimal(out, v);
      out->push_back('"');
      return;
    case 1028:
    case 1029: {
      out->append("\"local-te-router-ids\": [");
      bool first = true;
      for (size_t i = index; i < all.size(); ++i) {
        if (!Merged(all[i].type)) continue;
        if (!first) out->append(", ");
        first = false;
        AppendQuotedIp(out, all[i].value);
      }
      out->push_back(']');
      return;
    }
    case 1030:
    case 1031: out->append("\"remote-te-router-id\": "); AppendQuotedIp(out, v); return;
    case 1034: AppendSrCapabilities(out, v); return;
    case 1035:
      out->append("\"sr-algorithms\": ");
      if (v.empty()) out->append("[0]");
      else AppendUintList(out, v, 1);
      return;
    case 1088: out->append("\"admin-group-mask\": "); AppendUint(out, Be(v)); return;
    case 1089: out->append("\"maximum-link-bandwidth\": "); AppendJsonFloat32(out, v); return;
    case 1090: out->append("\"maximum-reservable-link-bandwidth\": "); AppendJsonFloat32(out, v); return;
    case 1091:
      out->append("\"unreserved-bandwidth\": [");
      for (size_t at = 0; at < 32; at += 4) {
        if (at) out->append(", ");
        AppendJsonFloat32(out, v.subspan(at, 4));
      }
      out->push_back(']');
      return;
    case 1092: out->append("\"te-metric\": "); AppendUint(out, Be(v)); return;
    case 1093:
      out->append("\"link-protection-flags\": ");
      AppendFlags(out, v[0],
                  {"ExtraTrafic", "Unprotected", "Shared", "Dedicated 1:1", "Dedicated 1+1", "Enhanced", "RSV", "RSV"});
      return;
    case 1094:
      out->append("\"mpls-mask\": ");
      AppendFlags(out, v[0], {"LDP", "RSVP-TE", "RSV", "RSV", "RSV", "RSV", "RSV", "RSV"});
      return;
    case 1095: out->append("\"igp-metric\": "); AppendUint(out, Be(v)); return;
    case 1096: out->append("\"shared-risk-link-groups\": "); AppendUintList(out, v, 4); return;
    case 1097: out->append("\"opaque-link\": "); AppendPyString(out, v); return;
    case 1098: out->append("\"link-name\": "); AppendPyString(out, v); return;
    case 1099:
    {
      std::string sids, undecoded;
      SidLists(v, v[0] & 0x20, v[0] & 0x10, &sids, &undecoded);
      out->append("\"sr-adj\": {\"flags\": ");
      AppendFlags(out, v[0], {"F", "B", "V", "L", "S", "P", "RSV", "RSV"});
      out->append(", \"sids\": ").append(sids).append(", \"weight\": ");
      AppendUint(out, v[1]);
      out->append(", \"undecoded-sids\": ").append(undecoded).append("}");
      return;
    }
    case 1152:
      out->append("\"igp-flags\": ");
      AppendFlags(out, v[0], {"D", "N", "L", "P", "RSV", "RSV", "RSV", "RSV"});
      return;
    case 1153: out->append("\"igp-route-tags\": "); AppendUintList(out, v, 4); return;
    case 1154: out->append("\"igp-extended-route-tags\": "); AppendUintList(out, v, 8); return;
    case 1155: out->append("\"prefix-metric\": "); AppendUint(out, Be(v)); return;
    case 1156: out->append("\"ospf-forwarding-address\": "); AppendQuotedIp(out, v); return;
    case 1157: out->append("\"opaque-prefix\": "); AppendPyString(out, v); return;
    case 1158:
    {
      std::string sids, undecoded;
      SidLists(v, v[0] & 0x08, v[0] & 0x04, &sids, &undecoded);
      out->append("\"sr-prefix-flags\": ");
      AppendFlags(out, v[0], {"R", "N", "P", "E", "V", "L", "RSV", "RSV"});
      out->append(", \"sids\": ").append(sids).append(", \"undecoded-sids\": ").append(undecoded);
      out->append(", \"sr-algorithm\": ");
      AppendUint(out, v[1]);
      return;
    }
    case 1170:
      out->append("\"sr-prefix-attribute-flags\": ");
      AppendFlags(out, v[0], {"X", "R", "N", "RSV", "RSV", "RSV", "RSV", "RSV"});
      return;
    case 1171: out->append("\"sr-source-router-id\": "); AppendQuotedIp(out, v); return;
    default: {
      if (wire::IsBgpLsSrv6Tlv(t.type)) return AppendSrv6Json(out, t, all, index);
      // The values of every TLV of this type, in order.
      out->append("\"generic-lsid-");
      AppendUint(out, t.type);
      out->append("\": [");
      bool first = true;
      for (size_t i = index; i < all.size(); ++i) {
        if (all[i].type != t.type) continue;
        if (!first) out->append(", ");
        first = false;
        out->push_back('"');
        AppendHexString(out, all[i].value);
        out->push_back('"');
      }
      out->push_back(']');
    }
  }
}

}  // namespace

void AppendBgpLsAttributeJson(std::string* out, const std::vector<BgpLsTlv>& tlvs) {
  AppendMembers(out, tlvs, AppendTlv);
}

}  // namespace herald::api::render
