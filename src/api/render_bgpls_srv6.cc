// The SRv6 TLVs of the BGP-LS attribute (RFC 9514) and the SR LAN adjacency
// SIDs (RFC 9085 §2.2.2), in JSON and text as ExaBGP 5.0 prints them, but
// for the differences doc/compat.md lists: the SRv6 capabilities' O flag is
// bit 1 of the flags (0x4000), an OSPFv3 LAN End.X SID is read after its
// neighbor id, and End.X SIDs of one type are one text line.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "api/render_bgpls_util.h"
#include "api/render_common.h"
#include "wire/bgpls.h"

namespace herald::api::render::bgpls {
namespace {

using wire::BgpLsTlv;

void AppendHexLower(std::string* out, ByteSpan v) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (uint8_t b : v) {
    out->push_back(kHex[b >> 4]);
    out->push_back(kHex[b & 15]);
  }
}

// Python's repr() of what JSON prints here: no value holds a quote.
std::string Repr(std::string json) {
  for (char& c : json)
    if (c == '"') c = '\'';
  return json;
}

void AppendEndXFlags(std::string* out, uint8_t flags) {
  AppendFlags(out, flags, {"B", "S", "P", "RSV", "RSV", "RSV", "RSV", "RSV"});
}

void AppendAdjFlags(std::string* out, uint8_t flags) {
  AppendFlags(out, flags, {"F", "B", "V", "L", "S", "P", "RSV", "RSV"});
}

// The O flag: bit 1 of the 2-byte flags (RFC 9352 §2), 0 or 1.
int Srv6CapabilitiesO(ByteSpan v) { return v.size() >= 2 && (v[0] & 0x40) ? 1 : 0; }

void AppendSidStructure(std::string* out, ByteSpan v) {
  out->append("{\"loc_block_len\": ");
  AppendUint(out, v[0]);
  out->append(", \"loc_node_len\": ");
  AppendUint(out, v[1]);
  out->append(", \"func_len\": ");
  AppendUint(out, v[2]);
  out->append(", \"arg_len\": ");
  AppendUint(out, v[3]);
  out->push_back('}');
}

void AppendNeighbor(std::string* out, uint16_t type, ByteSpan id) {
  if (type == 1107) AppendHexLower(out, id);
  else AppendIp(out, id);
}

// One End.X or LAN End.X SID: a JSON object, or its text.
void AppendEndX(std::string* out, uint16_t type, ByteSpan value, bool json) {
  std::string error;
  const auto x = wire::ParseBgpLsSrv6EndX(type, value, &error);
  if (!x) {  // checked when received
    out->append(json ? "{}" : "?");
    return;
  }
  if (!json) {
    out->append("behavior: ");
    AppendUint(out, x->behavior);
    if (type != 1106) {
      out->append(", neighbor-id: ");
      AppendNeighbor(out, type, x->neighbor);
    }
    std::string flags;
    AppendEndXFlags(&flags, x->flags);
    out->append(", flags: ").append(Repr(flags)).append(", algorithm: ");
    AppendUint(out, x->algorithm);
    out->append(", weight: ");
    AppendUint(out, x->weight);
    out->append(", sid: ");
    AppendIp(out, x->sid);
    return;
  }
  out->append("{\"flags\": ");
  AppendEndXFlags(out, x->flags);
  if (type != 1106) {
    out->append(", \"neighbor-id\": \"");
    AppendNeighbor(out, type, x->neighbor);
    out->push_back('"');
  }
  out->append(", \"behavior\": ");
  AppendUint(out, x->behavior);
  out->append(", \"algorithm\": ");
  AppendUint(out, x->algorithm);
  out->append(", \"weight\": ");
  AppendUint(out, x->weight);
  out->append(", \"sid\": \"");
  AppendIp(out, x->sid);
  out->push_back('"');
  // One member per sub-TLV key, where it first appears, with its last value.
  std::vector<std::pair<std::string, std::string>> members;
  for (const BgpLsTlv& sub : x->sub_tlvs) {
    std::string key, value;
    if (sub.type == 1252) {
      key = "srv6-sid-structure";
      AppendSidStructure(&value, sub.value);
    } else {
      key = type == 1106 ? "subtlv-not-implemented-" + std::to_string(sub.type)
                         : std::to_string(sub.type) + "-undecoded";
      value.push_back('"');
      AppendHexString(&value, sub.value);
      value.push_back('"');
    }
    auto it = std::find_if(members.begin(), members.end(), [&](const auto& m) { return m.first == key; });
    if (it != members.end()) it->second = std::move(value);
    else members.emplace_back(std::move(key), std::move(value));
  }
  for (const auto& [key, value] : members) out->append(", \"").append(key).append("\": ").append(value);
  out->push_back('}');
}

// One SR LAN adjacency SID as a JSON object.
void AppendLanAdj(std::string* out, ByteSpan v) {
  std::string sids, undecoded;
  SidLists(v.subspan(6), v[0] & 0x20, v[0] & 0x10, &sids, &undecoded);  // the SIDs after byte 10
  out->append("{\"flags\": ");
  AppendAdjFlags(out, v[0]);
  out->append(", \"weight\": ");
  AppendUint(out, v[1]);
  out->append(", \"system-id\": \"");
  AppendHexLower(out, v.subspan(4, 6));
  out->append("\", \"sids\": ").append(sids).append(", \"undecoded\": ").append(undecoded).append("}");
}

// Every TLV of t's type from `index` on, each printed by `each`, ", " between.
template <typename F>
std::string Listed(const std::vector<BgpLsTlv>& all, size_t index, F each) {
  std::string out;
  for (size_t i = index; i < all.size(); ++i) {
    if (all[i].type != all[index].type) continue;
    if (!out.empty()) out.append(", ");
    each(&out, ByteSpan(all[i].value));
  }
  return out;
}

const char* EndXName(uint16_t type) {
  return type == 1106 ? "srv6-endx" : type == 1107 ? "srv6-lan-endx-isis" : "srv6-lan-endx-ospf";
}

}  // namespace

bool ListedByType(uint16_t type) { return type == 1100 || type == 1106 || type == 1107 || type == 1108; }

void AppendSrv6Json(std::string* out, const BgpLsTlv& t, const std::vector<BgpLsTlv>& all, size_t index) {
  const ByteSpan v(t.value);
  switch (t.type) {
    case 1038:
      out->append("\"srv6-capabilities\": {\"flags\": {\"O\": ");
      AppendUint(out, Srv6CapabilitiesO(v));
      out->append("}}");
      return;
    case 1100:
      out->append("\"sr-adj-lan-sids\": [").append(Listed(all, index, AppendLanAdj)).append("]");
      return;
    case 1106:
    case 1107:
    case 1108:
      out->append("\"").append(EndXName(t.type)).append("\": [ ");
      out->append(Listed(all, index, [&](std::string* o, ByteSpan x) { AppendEndX(o, t.type, x, true); }));
      out->append(" ]");
      return;
    case 1162:
      out->append("\"srv6-locator\": {\"flags\": ");
      AppendFlags(out, v[0], {"D", "RSV", "RSV", "RSV", "RSV", "RSV", "RSV", "RSV"});
      out->append(", \"algorithm\": ");
      AppendUint(out, v[1]);
      out->append(", \"metric\": ");
      AppendUint(out, Be(v.subspan(4, 4)));
      out->push_back('}');
      return;
    case 1250:
      out->append("\"srv6-endpoint-behavior\": {\"endpoint-behavior\": ");
      AppendUint(out, Be(v.first(2)));
      out->append(", \"flags\": [], \"algorithm\": ");
      AppendUint(out, v[3]);
      out->push_back('}');
      return;
    case 1252:
      out->append("\"srv6-sid-structure\": ");
      AppendSidStructure(out, v);
      return;
    default: return;
  }
}

void AppendSrv6Text(std::string* out, const BgpLsTlv& t, const std::vector<BgpLsTlv>& all, size_t index) {
  const ByteSpan v(t.value);
  switch (t.type) {
    case 1038:
      out->append("flags: {'O': ");
      AppendUint(out, Srv6CapabilitiesO(v));
      out->push_back('}');
      return;
    case 1100:
      out->append("sr-adj-lan-sids: [").append(Repr(Listed(all, index, AppendLanAdj))).append("]");
      return;
    case 1106:
    case 1107:
    case 1108:
      out->append(Listed(all, index, [&](std::string* o, ByteSpan x) { AppendEndX(o, t.type, x, false); }));
      return;
    case 1162: {
      std::string flags;
      AppendFlags(&flags, v[0], {"D", "RSV", "RSV", "RSV", "RSV", "RSV", "RSV", "RSV"});
      out->append("flags: ").append(Repr(flags)).append(", algorithm: ");
      AppendUint(out, v[1]);
      out->append(", metric: ");
      AppendUint(out, Be(v.subspan(4, 4)));
      return;
    }
    case 1250:  // the behavior in decimal after "0x", as ExaBGP 5.0 prints it
      out->append("srv6-endpoint-behavior [0x");
      AppendUint(out, Be(v.first(2)));
      out->append(", flags: [], algorithm: ");
      AppendUint(out, v[3]);
      out->push_back(']');
      return;
    case 1252:
      out->append("sid-structure [");
      for (size_t i = 0; i < 4; ++i) {
        AppendUint(out, v[i]);
        out->push_back(',');
      }
      out->push_back(']');
      return;
    default: return;
  }
}

}  // namespace herald::api::render::bgpls
