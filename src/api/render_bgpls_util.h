// Internal to api/render_bgpls*.cc: what the BGP-LS NLRI, attribute JSON
// and attribute text renderers share.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/ip.h"
#include "wire/attributes.h"

namespace herald::api::render::bgpls {

// A big-endian unsigned integer of up to 8 bytes.
inline uint64_t Be(ByteSpan v) {
  uint64_t x = 0;
  for (uint8_t b : v) x = (x << 8) | b;
  return x;
}
inline void AppendIp(std::string* out, ByteSpan v) { out->append(IpAddress::FromBytes(v).ToString()); }
inline void AppendQuotedIp(std::string* out, ByteSpan v) {
  out->push_back('"');
  AppendIp(out, v);
  out->push_back('"');
}

// render_bgpls_attribute.cc.
// Peer-given bytes as a JSON string, as Python's json.dumps writes them once
// decoded as UTF-8 with 'replace'.
void AppendPyString(std::string* out, ByteSpan v);
// An IEEE single-precision float (4 bytes), as Python prints its double.
void AppendFloat32(std::string* out, ByteSpan v);
// The first byte's bits as a JSON object, named from the most significant
// bit; the "RSV" bits are one key, always 0.
void AppendFlags(std::string* out, uint8_t byte, std::initializer_list<std::string_view> names);
// A big-endian unsigned integer of any size, in decimal.
void AppendBigDecimal(std::string* out, ByteSpan v);
// [a, b, ...]: the `each`-byte big-endian integers of v.
void AppendUintList(std::string* out, ByteSpan v, size_t each);
// The SIDs after an SR TLV's 4-byte header: 3-byte labels (V and L set),
// 4-byte indexes (neither), else one undecoded hex string; two JSON lists.
void SidLists(ByteSpan v, bool vf, bool lf, std::string* sids, std::string* undecoded);
// "sr-capability-flags": {...}, "sids": [[range, first label], ...]
void AppendSrCapabilities(std::string* out, ByteSpan v);
// TLVs 1028 and 1029 print as one member, the local TE router ids.
bool Merged(uint16_t type);
// render_bgpls_srv6.cc: the SRv6 TLVs and SR LAN adjacency SIDs
// (wire::IsBgpLsSrv6Tlv) in JSON and in text.
void AppendSrv6Json(std::string* out, const wire::BgpLsTlv& t, const std::vector<wire::BgpLsTlv>& all, size_t index);
void AppendSrv6Text(std::string* out, const wire::BgpLsTlv& t, const std::vector<wire::BgpLsTlv>& all, size_t index);
// The TLVs whose type prints as one member listing them all (1100, 1106-1108).
bool ListedByType(uint16_t type);
// Whether an earlier TLV already printed this one (merged members, and
// TLVs herald does not decode, listed by type).
bool PrintedBefore(const std::vector<wire::BgpLsTlv>& all, size_t index);

// Calls print(out, tlv, all, index) for each member of the attribute,
// comma-separated.
template <typename F>
void AppendMembers(std::string* out, const std::vector<wire::BgpLsTlv>& tlvs, F print) {
  bool first = true;
  for (size_t i = 0; i < tlvs.size(); ++i) {
    if (PrintedBefore(tlvs, i)) continue;
    if (!first) out->append(", ");
    first = false;
    print(out, tlvs[i], tlvs, i);
  }
}

}  // namespace herald::api::render::bgpls
