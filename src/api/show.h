// What `show neighbor` and `show adj-rib` print, in ExaBGP 5.0's layouts.
//
// Pure formatting: the daemon fills a NeighborStatus per peer (net::Peer::
// Status) and asks for text or JSON; nothing here reaches into a session.
//   show neighbor summary      -> ShowSummaryHeader() + ShowSummaryLine() each
//   show neighbor extensive    -> ShowExtensive() each
//   show neighbor json         -> ShowJson() (one line, every neighbor)
//   show adj-rib out [...]     -> AdjRibText() / AdjRibJson() per route
//                                 (AdjRibGenericText() / AdjRibGenericJson()
//                                 for the routes of generic families)
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ip.h"
#include "rib/route.h"
#include "wire/family.h"
#include "wire/nlri.h"

namespace herald::api {

// Messages by BGP type (1 OPEN, 2 UPDATE, 3 NOTIFICATION, 4 KEEPALIVE,
// 5 ROUTE-REFRESH), since the neighbor was configured.
struct MessageCounts {
  std::array<uint64_t, 6> sent{};
  std::array<uint64_t, 6> received{};
};

struct NeighborStatus {
  IpAddress peer_address;
  std::optional<IpAddress> local_address;  // configured, else of the session
  uint32_t local_as = 0;
  uint32_t peer_as = 0;
  IpAddress router_id;
  std::optional<IpAddress> peer_id;     // from the peer's OPEN
  uint16_t local_hold = 0;
  std::optional<uint16_t> peer_hold;    // from the peer's OPEN
  std::string_view fsm = "IDLE";        // session::StateName
  bool up = false;
  uint64_t seconds = 0;                 // up for, or down for
  // Capability name -> announced by herald, by the peer (none: no OPEN yet).
  struct Flag {
    std::string name;
    bool local = false;
    std::optional<bool> peer;
  };
  std::vector<Flag> capabilities;  // asn4, route-refresh, ... in ExaBGP's order
  std::vector<Flag> families;      // "ipv4 unicast", ...
  // Per family (same order): whether path identifiers are sent, received
  // (RFC 7911) on the session; before the OPENs, null where herald asks for
  // ADD-PATH and false elsewhere, as ExaBGP shows them.
  struct AddPath {
    std::optional<bool> send, receive;
  };
  std::vector<AddPath> add_path;
  MessageCounts messages;
};

// Python's str(timedelta(seconds=s)): "0:00:05", "1 day, 2:03:04".
std::string Duration(uint64_t seconds);

std::string ShowSummaryHeader();
std::string ShowSummaryLine(const NeighborStatus& n);
// Several lines (no trailing newline).
std::string ShowExtensive(const NeighborStatus& n);
// A JSON array of every neighbor, as ExaBGP's `show neighbor json`.
std::string ShowJson(const std::vector<NeighborStatus>& neighbors);

// One route of an adj-RIB: "127.0.0.2 ipv4 unicast 10.0.0.0/24 next-hop
// 192.0.2.1", or extensive, "<neighbor name> ipv4 unicast 10.0.0.0/24
// next-hop 192.0.2.1 med 5 ..." (every attribute, as a route is written in
// the configuration).
std::string AdjRibText(std::string_view neighbor, wire::Family family, const wire::InetNlri& nlri,
                       const rib::NextHop& next_hop, const wire::PathAttributes& attrs, bool extensive);
// {"127.0.0.2": {"routes": [{"prefix": "10.0.0.0/24", "family": "ipv4 unicast"}]}}
std::string AdjRibJson(const IpAddress& peer, wire::Family family, const wire::InetNlri& nlri);

// The same for a route of a family kept as generic NLRI (FlowSpec, ...;
// api/render_nlri.h): "127.0.0.2 ipv4 flow flow destination-ipv4
// 10.0.0.0/24 next-hop 1.2.3.4" (the route's text form, its next hop in it),
// or extensive, "<neighbor name> ipv4 flow flow ... origin igp
// extended-community rate-limit:0" (the attributes as the text encoder
// writes them; ExaBGP 5.0 prints them so for these families).
std::string AdjRibGenericText(std::string_view neighbor, wire::Family family, const wire::GenericNlri& nlri,
                              const rib::NextHop& next_hop, const wire::PathAttributes& attrs, bool extensive);
// The JSON line, {"127.0.0.2": {"routes": [{"prefix": "10.0.0.0/24",
// "family": "ipv4 mpls-vpn"}]}} (only the prefix: no label, no route
// distinguisher, as 5.0 lists them), or nullopt where ExaBGP 5.0 lists
// nothing: its `show adj-rib ... json` lists only routes with a prefix,
// never a FlowSpec one.
std::optional<std::string> AdjRibGenericJson(const IpAddress& peer, wire::Family family,
                                             const wire::GenericNlri& nlri);

}  // namespace herald::api
