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
  const IpAddress* next_hop = nullptr;  // null: no NEXT_HOP ("null" in JSON)
  std::span<const wire::InetNlri> nlri;
  bool add_path = false;  // the NLRI carried path identifiers (RFC 7911)
};

struct WithdrawnRun {
  wire::Family family;
  std::span<const wire::InetNlri> nlri;
  bool add_path = false;
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
inline bool SameNextHop(const IpAddress* a, const IpAddress* b) {
  if (!a || !b) return a == b;
  return *a == *b;
}

}  // namespace herald::api::render
