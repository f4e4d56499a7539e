// The routes of an UPDATE in the order and grouping ExaBGP uses.
//
// ExaBGP flattens an UPDATE into one list: classic withdrawn routes, classic
// announced routes (next hop: the NEXT_HOP attribute), MP_UNREACH_NLRI routes,
// then MP_REACH_NLRI routes. With a 32-byte IPv6 next hop (global +
// link-local, RFC 2545 §3) every MP_REACH route is listed twice, once under
// each address, global first. The text encoder prints that list in order; the
// JSON encoder groups announced routes by family then next hop and withdrawn
// routes by family, each group in order of first appearance.
//
// Every run holds the routes of one family: IPv4/IPv6 unicast prefixes in
// `nlri`, the other families' in `generic` (rendered through render_nlri.h).
//
// RouteSources names the runs of routes so both renderers can walk them
// without copying: a decoded UPDATE has at most three announced runs (classic,
// MP_REACH's two next hops) and three withdrawn ones (classic, MP_UNREACH,
// and MP_REACH's routes after treat-as-withdraw).
#pragma once

#include <span>

#include "base/ip.h"
#include "wire/family.h"
#include "wire/nlri.h"
#include "wire/update.h"

namespace herald::api::render {

struct AnnouncedRun {
  wire::Family family;
  // Null: no NEXT_HOP ("null" in JSON), or with `no_next_hop` an MP_REACH
  // next hop of length 0 (FlowSpec; "no-nexthop" in JSON).
  const IpAddress* next_hop = nullptr;
  bool no_next_hop = false;
  std::span<const wire::InetNlri> nlri;
  std::span<const wire::GenericNlri> generic;
  bool add_path = false;  // the NLRI carried path identifiers (RFC 7911)

  bool empty() const { return nlri.empty() && generic.empty(); }
};

struct WithdrawnRun {
  wire::Family family;
  std::span<const wire::InetNlri> nlri;
  std::span<const wire::GenericNlri> generic;
  bool add_path = false;

  bool empty() const { return nlri.empty() && generic.empty(); }
};

struct RouteSources {
  explicit RouteSources(const wire::Update& u);

  // Classic NLRI, MP_REACH under its global next hop, MP_REACH under its
  // link-local next hop (empty runs are kept; callers skip them).
  AnnouncedRun announced[4];
  size_t announced_count = 0;
  // Classic withdrawn routes, then MP_UNREACH_NLRI.
  WithdrawnRun withdrawn[4];
  size_t withdrawn_count = 0;

  bool any_announced() const;
  bool any_withdrawn() const;

 private:
  void Add(const AnnouncedRun& run);
  void Add(const WithdrawnRun& run);
};

// Same next hop key, as ExaBGP compares them (by their text).
inline bool SameNextHop(const AnnouncedRun& a, const AnnouncedRun& b) {
  if (!a.next_hop || !b.next_hop) return !a.next_hop && !b.next_hop && a.no_next_hop == b.no_next_hop;
  return *a.next_hop == *b.next_hop;
}

}  // namespace herald::api::render
