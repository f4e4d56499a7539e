// Blame: which of herald's routes a peer's NOTIFICATION points at.
//
// When a peer ends a session because of something herald sent (an UPDATE
// Message Error, RFC 4271 §6.3), the NOTIFICATION's data names the
// offending attribute. Finding the routes that carry it lets the log say
// which route (and so which API line or static route) makes the peer reset
// the session, instead of a bare error code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "rib/adj_rib_out.h"
#include "rib/export.h"
#include "wire/notification.h"

namespace herald::rib {

// The attribute type code an UPDATE Message Error names in its data
// (RFC 4271 §6.3: subcode 3 carries the type code alone; 2, 4, 5, 6, 8 and
// 9 the whole attribute), or nullopt.
std::optional<uint8_t> BlamedAttribute(const wire::Notification& notification);

struct Blamed {
  std::vector<std::pair<wire::Family, wire::InetNlri>> routes;  // the first `max`
  size_t total = 0;
};

// The routes of `rib` whose attributes, as exported to `peer`, carry
// attribute `code` (for code 3, NEXT_HOP: IPv4 unicast routes). Walks every
// route: for rare events only.
Blamed RoutesCarrying(const AdjRibOut& rib, const PeerContext& peer, uint8_t code, size_t max);

}  // namespace herald::rib
