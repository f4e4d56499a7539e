// Export: what one session sends for a stored route. The RIB stores routes as
// the API and the configuration gave them; these are the per-session rules
// that turn them into wire attributes (ExaBGP's Attributes.pack defaults):
//   - next-hop self: the session's local address of the route's family;
//   - ORIGIN: IGP when not given;
//   - AS_PATH: on eBGP, [local-as] when not given, as given otherwise (herald,
//     like ExaBGP, does not prepend to an explicit path); on iBGP, empty when
//     not given;
//   - LOCAL_PREF: on iBGP, 100 when not given; never sent on eBGP;
//   - ORIGINATOR_ID, CLUSTER_LIST: as given on iBGP, never sent on eBGP
//     (RFC 4456 §8: route reflection stays inside the AS);
//   - AS_PATH confederation segments (only a generic attribute can give
//     them): as given on iBGP, removed on eBGP (RFC 5065 §5; herald has no
//     confederation of its own);
//   - AIGP: only where the session has AIGP_SESSION (RFC 7311 §3,
//     wire::Negotiated::aigp).
// A route whose next hop is the peer's own address is not sent (RFC 4271
// §5.1.3).
#pragma once

#include <optional>

#include "base/ip.h"
#include "base/result.h"
#include "rib/attr_pool.h"
#include "wire/attributes.h"
#include "wire/family.h"
#include "wire/negotiated.h"
#include "wire/nlri.h"

namespace herald::rib {

// The facts of one established session that exporting depends on.
struct PeerContext {
  wire::Negotiated negotiated;
  // Local addresses for `next-hop self`, per family (the session's own
  // address for its family; the other only if configured).
  std::optional<IpAddress> self_v4;
  std::optional<IpAddress> self_v6;
  // group-updates: pack routes sharing attributes into one UPDATE.
  bool group_updates = true;
};

struct Exported {
  wire::PathAttributes attrs;  // with NEXT_HOP set for IPv4 unicast
  wire::MpNextHop next_hop;    // for MP_REACH families
};

// Fails (with a message for the log) when `next-hop self` has no address of
// the route's family on this session, the next hop's family cannot be
// carried for this family, or the next hop is the peer's address.
Result<Exported> Export(const AttrSet& set, wire::Family family, const PeerContext& peer);

}  // namespace herald::rib
