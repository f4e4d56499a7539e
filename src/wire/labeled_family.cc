// Multicast, labeled unicast and MPLS VPN in the family registry
// (family_codec.h): NLRI read into canonical bytes, the RIB key without the
// label stack, and the VPN next hop (a zero route distinguisher before the
// address, RFC 4364 §4.3.2, RFC 4659 §3.2.1).
#include "wire/family_codec.h"
#include "wire/labeled.h"

namespace herald::wire::internal {

std::optional<WireError> DecodeLabeledGeneric(ByteReader& r, Family family, bool add_path,
                                              std::vector<GenericNlri>* out) {
  while (!r.empty()) {
    GenericNlri n;
    if (add_path && !r.ReadU32(&n.path_id))
      return UpdateError(UpdateSubcode::kInvalidNetworkField,
                         std::string(SafiName(family.safi)) + " path identifier truncated");
    auto nlri = DecodeLabeledNlri(r, family);
    if (!nlri) return std::move(nlri).error();
    ByteWriter w(&n.bytes);
    EncodeLabeledNlri(w, *nlri, family);
    out->push_back(std::move(n));
  }
  return std::nullopt;
}

namespace {

WireError NextHopError(std::string what) {
  return UpdateError(UpdateSubcode::kOptionalAttributeError, "MP_REACH_NLRI: " + std::move(what));
}

}  // namespace

// RFC 4364 §4.3.2 / RFC 4659 §3.2.1.1: RD (8 bytes, zero) + address; for
// IPv6 a link-local address may follow, with its own RD (RFC 4659 §3.2.1.2).
// A non-zero RD is read and ignored, as the receiver has no use for it.
Result<MpNextHop, WireError> DecodeVpnNextHop(ByteReader& r, Afi afi) {
  const size_t n = r.remaining();
  const bool v6 = afi == Afi::kIpv6;
  if (v6 ? (n != 24 && n != 48) : n != 12)
    return Fail(NextHopError(std::string(v6 ? "IPv6" : "IPv4") + " VPN next hop of " + std::to_string(n) +
                             " bytes"));
  ByteSpan b;
  (void)r.ReadSpan(8, &b);
  (void)r.ReadSpan(v6 ? 16 : 4, &b);
  MpNextHop nh{IpAddress::FromBytes(b), std::nullopt};
  if (r.ReadSpan(8, &b) && r.ReadSpan(16, &b)) nh.link_local = IpAddress::FromBytes(b);
  return nh;
}

std::optional<size_t> VpnNextHopSize(const MpNextHop& nh, Afi afi) {
  if (nh.none) return std::nullopt;
  if (afi == Afi::kIpv4) return nh.address.is_v4() && !nh.link_local ? std::optional<size_t>(12) : std::nullopt;
  if (!nh.address.is_v6()) return std::nullopt;
  if (!nh.link_local) return 24;
  return nh.link_local->is_v6() ? std::optional<size_t>(48) : std::nullopt;
}

void EncodeVpnNextHop(ByteWriter& w, const MpNextHop& nh) {
  static constexpr uint8_t kZeroRd[8] = {};
  w.Append(kZeroRd, 8);
  w.Append(nh.address.bytes());
  if (nh.link_local) {
    w.Append(kZeroRd, 8);
    w.Append(nh.link_local->bytes());
  }
}

}  // namespace herald::wire::internal
