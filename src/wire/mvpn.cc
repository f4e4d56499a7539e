#include "wire/mvpn.h"

#include <string>

#include "wire/attribute_codec.h"

namespace herald::wire {
namespace {

WireError NetworkError(std::string what, ErrorAction action = ErrorAction::kSessionReset) {
  return UpdateError(UpdateSubcode::kInvalidNetworkField, "mcast-vpn NLRI: " + std::move(what), {}, action);
}

// A length in bits (32 or 128) and the address.
bool ReadAddress(ByteReader& r, IpAddress* out) {
  uint8_t bits = 0;
  if (!r.ReadU8(&bits) || (bits != 32 && bits != 128)) return false;
  ByteSpan b;
  if (!r.ReadSpan(bits / 8, &b)) return false;
  *out = IpAddress::FromBytes(b);
  return true;
}

void WriteAddress(ByteWriter& w, const IpAddress& ip) {
  w.U8(static_cast<uint8_t>(ip.size() * 8));
  w.Append(ip.bytes());
}

// The body of a known type, or nullopt.
std::optional<MvpnRoute> ReadBody(uint8_t type, ByteSpan body) {
  MvpnRoute m;
  m.type = type;
  m.parsed = true;
  ByteReader r(body);
  if (!r.ReadInto(m.rd.data(), m.rd.size())) return std::nullopt;
  if (type != static_cast<uint8_t>(MvpnType::kSourceAd) && !r.ReadU32(&m.source_as)) return std::nullopt;
  if (!ReadAddress(r, &m.source) || !ReadAddress(r, &m.group) || !r.empty()) return std::nullopt;
  if (m.source.is_v6() != m.group.is_v6()) return std::nullopt;  // one family for both
  return m;
}

}  // namespace

bool IsKnownMvpnType(uint8_t type) {
  return type >= static_cast<uint8_t>(MvpnType::kSourceAd) && type <= static_cast<uint8_t>(MvpnType::kSourceJoin);
}

Result<MvpnRoute, WireError> DecodeMvpnNlri(ByteReader& in) {
  uint8_t type = 0, length = 0;
  if (!in.ReadU8(&type) || !in.ReadU8(&length)) return Fail(NetworkError("header truncated"));
  ByteSpan body;
  if (!in.ReadSpan(length, &body))
    return Fail(NetworkError("length " + std::to_string(length) + " runs past the end of the field"));
  if (!IsKnownMvpnType(type)) {
    MvpnRoute m;
    m.type = type;
    m.body.assign(body.begin(), body.end());
    return m;
  }
  auto m = ReadBody(type, body);
  if (!m)
    return Fail(NetworkError("route type " + std::to_string(type) + " of " + std::to_string(length) +
                                 " bytes does not read",
                             ErrorAction::kTreatAsWithdraw));
  return std::move(*m);
}

void EncodeMvpnNlri(ByteWriter& w, const MvpnRoute& m) {
  w.U8(m.type);
  if (!m.parsed) {
    w.U8(static_cast<uint8_t>(m.body.size()));
    w.Append(m.body);
    return;
  }
  const bool join = m.type != static_cast<uint8_t>(MvpnType::kSourceAd);
  w.U8(static_cast<uint8_t>(8 + (join ? 4 : 0) + 2 + m.source.size() + m.group.size()));
  w.Append(ByteSpan(m.rd.data(), m.rd.size()));
  if (join) w.U32(m.source_as);
  WriteAddress(w, m.source);
  WriteAddress(w, m.group);
}

Bytes EncodeMvpnNlri(const MvpnRoute& m) {
  Bytes out;
  ByteWriter w(&out);
  EncodeMvpnNlri(w, m);
  return out;
}

namespace internal {

std::optional<WireError> DecodeMvpnGeneric(ByteReader& r, bool add_path, std::vector<GenericNlri>* out,
                                           std::optional<WireError>* soft) {
  while (!r.empty()) {
    GenericNlri n;
    if (add_path && !r.ReadU32(&n.path_id)) return NetworkError("path identifier truncated");
    auto m = DecodeMvpnNlri(r);
    if (!m) {
      if (m.error().action == ErrorAction::kSessionReset) return std::move(m).error();
      MergeSoft(soft, std::move(m).error());
      continue;
    }
    ByteWriter w(&n.bytes);
    EncodeMvpnNlri(w, *m);
    out->push_back(std::move(n));
  }
  return std::nullopt;
}

}  // namespace internal
}  // namespace herald::wire
