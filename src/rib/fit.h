// Fit: whether a route's attributes fit in one UPDATE message (RFC 4271 §4:
// 4096 bytes; RFC 8654: 65535 once extended messages are negotiated).
//
// A route whose attributes do not fit cannot be sent at all, and must never
// be left behind in silence: the API refuses it when it can tell (the
// session is up, or no session could carry it), and the adj-RIB-out
// withdraws it, with a log line, when the limit only shows at send time
// (rib/adj_rib_out.h).
//
// MaxUpdateSize is the cheap test every announcement goes through: an upper
// bound computed from the attribute counts, without encoding anything. Only
// sets past 4096 bytes are checked exactly, by encoding them as exported to
// a session.
#pragma once

#include <cstddef>

#include "base/result.h"
#include "rib/attr_pool.h"
#include "rib/export.h"
#include "wire/family.h"

namespace herald::rib {

// An upper bound on the size of an UPDATE that announces one route with
// `set` to any session (2- or 4-byte AS, the attributes export adds, the
// largest MP_REACH next hop, the longest prefix).
size_t MaxUpdateSize(const AttrSet& set);

// Whether one route of `family` with `set` fits in an UPDATE to the session
// described by `peer`. Fails with a message saying how large the
// attributes are and what the session allows. A route that cannot be
// exported for another reason (no next hop for `next-hop self`) is not this
// check's business: Ok.
Status CheckFits(const AttrSet& set, wire::Family family, const PeerContext& peer);

// Whether any session at all (4-byte AS, extended messages) could carry it.
Status CheckFitsAnySession(const AttrSet& set, wire::Family family);

}  // namespace herald::rib
