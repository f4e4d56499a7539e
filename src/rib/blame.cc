#include "rib/blame.h"

#include <unordered_map>

namespace herald::rib {

std::optional<uint8_t> BlamedAttribute(const wire::Notification& n) {
  if (n.code != static_cast<uint8_t>(wire::ErrorCode::kUpdateMessage)) return std::nullopt;
  switch (n.subcode) {
    case 3:  // Missing Well-known Attribute: the type code
      if (!n.data.empty()) return n.data[0];
      return std::nullopt;
    case 2:  // Unrecognized Well-known Attribute
    case 4:  // Attribute Flags Error
    case 5:  // Attribute Length Error
    case 6:  // Invalid ORIGIN Attribute
    case 8:  // Invalid NEXT_HOP Attribute
    case 9:  // Optional Attribute Error
      if (n.data.size() >= 2) return n.data[1];
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

namespace {

// Whether encoded attributes hold one of type `code`.
bool Carries(const Bytes& attrs, uint8_t code) {
  ByteReader r{ByteSpan(attrs)};
  while (!r.empty()) {
    uint8_t flags = 0, type = 0, len8 = 0;
    uint16_t length = 0;
    if (!r.ReadU8(&flags) || !r.ReadU8(&type)) return false;
    if (flags & wire::kFlagExtendedLength) {
      if (!r.ReadU16(&length)) return false;
    } else {
      if (!r.ReadU8(&len8)) return false;
      length = len8;
    }
    if (type == code) return true;
    ByteReader value;
    if (!r.Sub(length, &value)) return false;
  }
  return false;
}

}  // namespace

Blamed RoutesCarrying(const AdjRibOut& rib, const PeerContext& peer, uint8_t code, size_t max) {
  Blamed out;
  // Many routes share a set: encode each (set, family) once.
  std::unordered_map<uint64_t, bool> carries;
  rib.ForEach([&](wire::Family family, const wire::InetNlri& nlri, const AttrSet& set) {
    uint64_t key = (uint64_t{set.id()} << 32) | (uint64_t{static_cast<uint16_t>(family.afi)} << 8) |
                   static_cast<uint8_t>(family.safi);
    auto [it, fresh] = carries.try_emplace(key, false);
    if (fresh) {
      auto exported = Export(set, family, peer);
      if (exported) {
        Bytes attrs;
        ByteWriter w(&attrs);
        wire::EncodeAttributes(w, exported->attrs, peer.negotiated, family == wire::kIpv4Unicast);
        it->second = w.ok() && Carries(attrs, code);
      }
    }
    if (!it->second) return;
    if (out.routes.size() < max) out.routes.emplace_back(family, nlri);
    ++out.total;
  });
  return out;
}

}  // namespace herald::rib
