// FlowSpec in the family registry (family_codec.h): the NLRI field of
// MP_REACH_NLRI / MP_UNREACH_NLRI read into canonical bytes, and the
// optional next hop.
#include "wire/attribute_codec.h"
#include "wire/family_codec.h"
#include "wire/flowspec.h"

namespace herald::wire::internal {

std::optional<WireError> DecodeFlowGeneric(ByteReader& r, Afi afi, bool vpn, bool add_path,
                                           std::vector<GenericNlri>* out, std::optional<WireError>* soft) {
  while (!r.empty()) {
    GenericNlri n;
    if (add_path && !r.ReadU32(&n.path_id))
      return UpdateError(UpdateSubcode::kInvalidNetworkField, "FlowSpec path identifier truncated");
    auto flow = DecodeFlowNlri(r, afi, vpn);
    if (!flow) {
      // A length that cannot be read loses the field; a rule that cannot be
      // read is skipped, and the message is a withdraw (RFC 8955 §4.2).
      if (flow.error().action == ErrorAction::kSessionReset) return std::move(flow).error();
      MergeSoft(soft, std::move(flow).error());
      continue;
    }
    // Kept in canonical form, so that a rule sent in another valid layout
    // is the same rule (the RIB key) and prints the same.
    auto bytes = EncodeFlowNlri(*flow);
    if (!bytes) {
      MergeSoft(soft, UpdateError(UpdateSubcode::kInvalidNetworkField, "FlowSpec NLRI cannot be re-encoded",
                                  {}, ErrorAction::kTreatAsWithdraw));
      continue;
    }
    n.bytes = std::move(*bytes);
    out->push_back(std::move(n));
  }
  return std::nullopt;
}

// RFC 8955 §6 gives FlowSpec routes no next hop of their own: a length of 0,
// or an address that redirect-to-IP actions use (draft-simpson,
// RFC 7674's successor drafts): 4 bytes for IPv4, 16 or 32 for IPv6.
Result<MpNextHop, WireError> DecodeOptionalNextHop(ByteReader& r, Afi afi) {
  MpNextHop nh;
  const size_t n = r.remaining();
  if (n == 0) {
    nh.none = true;
    return nh;
  }
  const bool v6 = afi == Afi::kIpv6;
  if (v6 ? (n != 16 && n != 32) : n != 4)
    return Fail(UpdateError(UpdateSubcode::kOptionalAttributeError,
                            "MP_REACH_NLRI: FlowSpec next hop of " + std::to_string(n) + " bytes"));
  ByteSpan b;
  (void)r.ReadSpan(v6 ? 16 : 4, &b);
  nh.address = IpAddress::FromBytes(b);
  if (r.ReadSpan(16, &b)) nh.link_local = IpAddress::FromBytes(b);
  return nh;
}

std::optional<size_t> OptionalNextHopSize(const MpNextHop& nh, Afi afi) {
  if (nh.none) return 0;
  // An IPv4 address for an IPv6 rule would be sent IPv4-mapped by Export.
  if (afi == Afi::kIpv6) {
    if (!nh.address.is_v6()) return std::nullopt;
    if (!nh.link_local) return 16;
    return nh.link_local->is_v6() ? std::optional<size_t>(32) : std::nullopt;
  }
  if (!nh.address.is_v4() || nh.link_local) return std::nullopt;
  return 4;
}

}  // namespace herald::wire::internal
