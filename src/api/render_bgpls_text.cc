// The BGP-LS attribute as the text encoder prints it, as ExaBGP 5.0 does
// (render_bgpls.h): Python's str() of each TLV.
#include "api/render_bgpls.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <optional>

#include "api/render_bgpls_util.h"
#include "api/render_common.h"
#include "base/ip.h"
#include "wire/bgpls.h"

namespace herald::api::render {
namespace {

using namespace bgpls;  // NOLINT
using wire::BgpLsTlv;


// Python's repr() of a dict of flags, {'O': 1, 'T': 0, ..., 'RSV': 0}.
void AppendFlagsRepr(std::string* out, uint8_t byte, std::initializer_list<std::string_view> names) {
  std::string json;
  AppendFlags(&json, byte, names);
  for (char c : json) out->push_back(c == '"' ? '\'' : c);
}

// Python's repr() of bytes: b'...'.
void AppendBytesRepr(std::string* out, ByteSpan v) {
  static constexpr char kHex[] = "0123456789abcdef";
  const bool single = std::find(v.begin(), v.end(), '\'') != v.end() && std::find(v.begin(), v.end(), '"') == v.end();
  const char quote = single ? '"' : '\'';
  out->push_back('b');
  out->push_back(quote);
  for (uint8_t c : v) {
    if (c == '\\' || c == quote) {
      out->push_back('\\');
      out->push_back(static_cast<char>(c));
    } else if (c == '\t') out->append("\\t");
    else if (c == '\n') out->append("\\n");
    else if (c == '\r') out->append("\\r");
    else if (c < 0x20 || c >= 0x7F) {
      out->append("\\x");
      out->push_back(kHex[c >> 4]);
      out->push_back(kHex[c & 15]);
    } else out->push_back(static_cast<char>(c));
  }
  out->push_back(quote);
}

void AppendTlvText(std::string* out, const BgpLsTlv& t, const std::vector<BgpLsTlv>& all, size_t index) {
  const ByteSpan v(t.value);
  auto name = [&](std::string_view n) { out->append(n).append(": "); };
  switch (t.type) {
    case 1024: name("Node Flags"); AppendFlagsRepr(out, v[0], {"O", "T", "E", "B", "R", "V", "RSV", "RSV"}); return;
    case 1025: name("Opaque Node Attribute"); AppendBytesRepr(out, v); return;
    case 1026:
      name("Node Name");
      AppendTextSafe(out, std::string_view(reinterpret_cast<const char*>(v.data()), v.size()));
      return;
    case 1027: name("ISIS area id"); AppendBigDecimal(out, v); return;
    case 1028:
    case 1029: {
      name("Local TE Router IDs");
      out->push_back('[');
      bool first = true;
      for (size_t i = index; i < all.size(); ++i) {
        if (!Merged(all[i].type)) continue;
        if (!first) out->append(", ");
        first = false;
        out->push_back('\'');
        AppendIp(out, all[i].value);
        out->push_back('\'');
      }
      out->push_back(']');
      return;
    }
    case 1030:
    case 1031: name("Remote TE Router ID"); AppendIp(out, v); return;
    case 1034: {
      std::string json;
      AppendSrCapabilities(&json, v);
      const size_t at = json.find(", \"sids\": ");
      name("SR Capability Flags");
      AppendFlagsRepr(out, v[0], {"I", "V", "RSV", "RSV", "RSV", "RSV", "RSV", "RSV"});
      out->append(", sids: ").append(json.substr(at + 10));
      return;
    }
    case 1035:
      name("SrAlgorithms");
      if (v.empty()) out->append("[0]");
      else AppendUintList(out, v, 1);
      return;
    case 1088: name("Admin Group mask"); AppendUint(out, Be(v)); return;
    case 1089: name("Maximum link bandwidth"); AppendFloat32(out, v); return;
    case 1090: name("Maximum reservable link bandwidth"); AppendFloat32(out, v); return;
    case 1091:
      name("Maximum link bandwidth");
      out->push_back('(');
      for (size_t at = 0; at < 32; at += 4) {
        if (at) out->append(", ");
        AppendFloat32(out, v.subspan(at, 4));
      }
      out->push_back(')');
      return;
    case 1092: name("TE Default Metric"); AppendUint(out, Be(v)); return;
    case 1093:
      name("Link protection mask");
      AppendFlagsRepr(out, v[0],
                      {"ExtraTrafic", "Unprotected", "Shared", "Dedicated 1:1", "Dedicated 1+1", "Enhanced", "RSV", "RSV"});
      return;
    case 1094:
      name("MPLS Protocol mask");
      AppendFlagsRepr(out, v[0], {"LDP", "RSVP-TE", "RSV", "RSV", "RSV", "RSV", "RSV", "RSV"});
      return;
    case 1095: name("IGP Metric"); AppendUint(out, Be(v)); return;
    case 1096: name("link SRLG values"); AppendUintList(out, v, 4); return;
    case 1097: name("Opaque Link Attribute"); AppendBytesRepr(out, v); return;
    case 1098: name("Link Name"); AppendBytesRepr(out, v); return;
    case 1099:
    case 1158: {
      const bool adj = t.type == 1099;
      std::string list, undecoded;
      SidLists(v, v[0] & (adj ? 0x20 : 0x08), v[0] & (adj ? 0x10 : 0x04), &list, &undecoded);
      for (char& c : undecoded) c = c == '"' ? '\'' : c;
      out->append(adj ? "adj_flags: " : "prefix_flags: ");
      if (adj) AppendFlagsRepr(out, v[0], {"F", "B", "V", "L", "S", "P", "RSV", "RSV"});
      else AppendFlagsRepr(out, v[0], {"R", "N", "P", "E", "V", "L", "RSV", "RSV"});
      out->append(", sids: ").append(list).append(adj ? ", undecoded_sid " : ", undecoded_sid: ").append(undecoded);
      return;
    }
    case 1152: name("IGP flags"); AppendFlagsRepr(out, v[0], {"D", "N", "L", "P", "RSV", "RSV", "RSV", "RSV"}); return;
    case 1153: name("IGP Route Tags"); AppendUintList(out, v, 4); return;
    case 1154: name("IGP Extended Route Tags"); AppendUintList(out, v, 8); return;
    case 1155: name("prefix_metric"); AppendUint(out, Be(v)); return;
    case 1156: name("Ospf forwarding address"); AppendIp(out, v); return;
    case 1157: name("Opaque Prefix Attribute"); AppendBytesRepr(out, v); return;
    case 1170:
      name("Prefix Attr Flags");
      AppendFlagsRepr(out, v[0], {"X", "R", "N", "RSV", "RSV", "RSV", "RSV", "RSV"});
      return;
    case 1171: name("Source router identifier"); AppendIp(out, v); return;
    default:
      if (wire::IsBgpLsSrv6Tlv(t.type)) return AppendSrv6Text(out, t, all, index);
      out->append("Attribute with code [ ");
      AppendUint(out, t.type);
      out->append(" ] not implemented");
  }
}

}  // namespace

void AppendBgpLsAttributeText(std::string* out, const std::vector<BgpLsTlv>& tlvs) {
  AppendMembers(out, tlvs, AppendTlvText);
}

}  // namespace herald::api::render
