// The SRv6 TLVs of the BGP-LS attribute (RFC 9514) and the SR LAN adjacency
// SID (RFC 9085 §2.2.2): checked as herald reads them. ExaBGP 5.0's minimum
// sizes hold; herald is stricter with sub-TLVs (one running past its TLV
// makes the attribute malformed) and reads the OSPFv3 LAN End.X SID after its
// 4-byte neighbor id (doc/compat.md).
#include <algorithm>
#include <string>

#include "wire/bgpls.h"

namespace herald::wire {
namespace {

std::string Short(uint16_t type, size_t n) {
  return "TLV " + std::to_string(type) + " of " + std::to_string(n) + " bytes";
}

}  // namespace

std::optional<BgpLsSrv6EndX> ParseBgpLsSrv6EndX(uint16_t type, ByteSpan value, std::string* error) {
  // behavior (2) | flags | algorithm | weight | reserved | [neighbor] | SID (16) | sub-TLVs
  const size_t neighbor = type == 1107 ? 6 : type == 1108 ? 4 : 0;
  ByteReader r(value);
  BgpLsSrv6EndX x;
  uint8_t reserved = 0;
  ByteSpan id, sid;
  if (!r.ReadU16(&x.behavior) || !r.ReadU8(&x.flags) || !r.ReadU8(&x.algorithm) || !r.ReadU8(&x.weight) ||
      !r.ReadU8(&reserved) || !r.ReadSpan(neighbor, &id) || !r.ReadSpan(16, &sid)) {
    *error = Short(type, value.size());
    return std::nullopt;
  }
  x.neighbor.assign(id.begin(), id.end());
  std::copy(sid.begin(), sid.end(), x.sid.begin());
  while (!r.empty()) {
    BgpLsTlv sub;
    uint16_t length = 0;
    ByteSpan v;
    if (!r.ReadU16(&sub.type) || !r.ReadU16(&length) || !r.ReadSpan(length, &v)) {
      *error = "sub-TLV runs past TLV " + std::to_string(type);
      return std::nullopt;
    }
    if (sub.type == 1252 && v.size() < 4) {
      *error = "SRv6 SID structure of " + std::to_string(v.size()) + " bytes in TLV " + std::to_string(type);
      return std::nullopt;
    }
    sub.value.assign(v.begin(), v.end());
    x.sub_tlvs.push_back(std::move(sub));
  }
  return x;
}

bool IsBgpLsSrv6Tlv(uint16_t type) {
  switch (type) {
    case 1038:  // SRv6 capabilities
    case 1100:  // SR LAN adjacency SID
    case 1106:  // SRv6 End.X SID
    case 1107:  // IS-IS SRv6 LAN End.X SID
    case 1108:  // OSPFv3 SRv6 LAN End.X SID
    case 1162:  // SRv6 locator
    case 1250:  // SRv6 endpoint behavior
    case 1252:  // SRv6 SID structure
      return true;
    default: return false;
  }
}

std::optional<std::string> CheckBgpLsSrv6Tlv(uint16_t type, ByteSpan v) {
  const size_t n = v.size();
  switch (type) {
    case 1100: {  // flags, weight, reserved (2), IS-IS system id (6), SIDs
      if (n < 10) return Short(type, n);
      const bool vf = v[0] & 0x20, lf = v[0] & 0x10;
      if (vf == lf && (n - 10) % (vf ? 3 : 4)) return "SID truncated in TLV 1100";
      return std::nullopt;
    }
    case 1106:
    case 1107:
    case 1108: {
      std::string error;
      if (!ParseBgpLsSrv6EndX(type, v, &error)) return error;
      return std::nullopt;
    }
    case 1162:  // flags, algorithm, reserved (2), metric (4), sub-TLVs
      if (n < 8) return Short(type, n);
      return std::nullopt;
    case 1250:  // endpoint behavior (2), flags, algorithm
    case 1252:  // LB, LN, function and argument lengths
      if (n < 4) return Short(type, n);
      return std::nullopt;
    default: return std::nullopt;  // 1038: flags (2), reserved (2), read as far as present
  }
}

}  // namespace herald::wire
