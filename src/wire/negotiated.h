// Negotiated: what both ends agreed in their OPENs, passed explicitly to every
// encoder and decoder whose bytes depend on the session (GoBGP's
// MarshallingOption, BIRD's bgp_parse_state). Code in wire/ never reaches into
// a peer object. session/negotiate.h computes it.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "base/ip.h"
#include "wire/family.h"
#include "wire/role.h"

namespace herald::wire {

struct Negotiated {
  // RFC 6793: both sides announced the 4-octet AS capability.
  bool asn4 = true;
  uint32_t local_as = 0;
  uint32_t peer_as = 0;
  // RFC 8654: UPDATE, NOTIFICATION and ROUTE-REFRESH may be up to 65535 bytes.
  bool extended_message = false;
  // RFC 2918 / RFC 7313: the peer accepts ROUTE-REFRESH.
  bool route_refresh = false;
  // RFC 7313: both sides announced enhanced route refresh, so a ROUTE-REFRESH
  // of the wrong length is error 7/1 rather than 1/2.
  bool enhanced_route_refresh = false;
  // Families both sides announced (RFC 4760 §8), in a stable order.
  std::vector<Family> families = {kIpv4Unicast};
  // The two ends of the session's TCP connection, when known: a next hop
  // equal to the local one is refused on receipt (RFC 4271 §6.3), one equal
  // to the peer's is never sent (§5.1.3).
  std::optional<IpAddress> local_address;
  std::optional<IpAddress> peer_address;
  // RFC 7311 §3 AIGP_SESSION: the AIGP attribute is accepted on this session
  // (ignored otherwise), and the exporter sends it only then.
  bool aigp = false;
  // RFC 7911 §4: families whose NLRI carry a path identifier, in the
  // messages herald sends (it announced send, the peer receive) and in those
  // it receives (it announced receive, the peer send).
  std::vector<Family> add_path_send;
  std::vector<Family> add_path_receive;
  // RFC 8950 §3, extended next hop: IPv4 families whose routes may carry an
  // IPv6 next hop in the messages herald sends (the peer announced it can
  // receive them) and in those it receives (herald announced it).
  std::vector<Family> v6_next_hop_send;
  std::vector<Family> v6_next_hop_receive;
  // RFC 9234: herald's configured BGP role on this session, which drives the
  // OTC attribute's ingress (decoder) and egress (exporter) procedures.
  std::optional<Role> local_role;

  // herald has no confederations (RFC 5065): a peer is internal exactly when
  // it is in our AS. The decoders use it for LOCAL_PREF, ORIGINATOR_ID,
  // CLUSTER_LIST and AS_CONFED segments; the exporter for the defaults.
  bool ibgp() const { return local_as == peer_as; }
  bool Has(Family f) const { return In(families, f); }
  bool SendsPathId(Family f) const { return In(add_path_send, f); }
  bool ReceivesPathId(Family f) const { return In(add_path_receive, f); }
  bool SendsV6NextHop(Family f) const { return In(v6_next_hop_send, f); }
  bool ReceivesV6NextHop(Family f) const { return In(v6_next_hop_receive, f); }
  // The same session seen from the peer's end for ADD-PATH and extended next
  // hops, to decode the messages herald sent.
  Negotiated Sent() const {
    Negotiated n = *this;
    std::swap(n.add_path_send, n.add_path_receive);
    std::swap(n.v6_next_hop_send, n.v6_next_hop_receive);
    n.local_role.reset();  // herald's own messages are not received routes
    return n;
  }
  // The largest message allowed for UPDATE/NOTIFICATION/ROUTE-REFRESH.
  size_t max_message_size() const { return extended_message ? 65535 : 4096; }

 private:
  static bool In(const std::vector<Family>& list, Family f) {
    for (const Family& g : list)
      if (g == f) return true;
    return false;
  }
};

}  // namespace herald::wire
