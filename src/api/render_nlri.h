// How the routes of every family kept as generic NLRI (wire::GenericNlri:
// each family but IPv4/IPv6 unicast) are shown to processes and the CLI.
//
// One row per family: its JSON object (what sits in "announce" / "withdraw"
// lists) and its text form (what follows "announced" / "withdrawn" in the
// text encoder, and the family name in `show adj-rib`), in ExaBGP 5.0's or
// 4.x's spelling. render_json.cc, render_text.cc and show.cc ask this table
// and nothing else; a new family is one more row in render_nlri.cc.
//
// FlowSpec (ipv4/ipv6 flow and flow-vpn) is built on render_flow.h: JSON
// `{ "destination-ipv4": [ "10.0.0.0/24" ], ..., "next-hop": "1.2.3.4",
// "string": "flow destination-ipv4 10.0.0.0/24 next-hop 1.2.3.4" }`, text the
// "string". ExaBGP reads no path identifier in a FlowSpec NLRI (it has no
// ADD-PATH for those families) and so shows none; neither does herald.
//
// Multicast, labeled unicast and MPLS VPN (ipv4/ipv6 multicast, nlri-mpls,
// mpls-vpn) are built on render_labeled.h: JSON `{ "nlri": "10.0.0.0/24",
// "label": [ [100] ], "rd": "65001:7" }`, text
// "10.0.0.0/24 label 100 next-hop 1.2.3.4 rd 65001:7"; with ADD-PATH their
// path identifier, as for unicast. api.compact (Style) shortens a multicast
// route without a path identifier to "10.0.0.0/24" in the 4.x format only:
// ExaBGP 4.2 does so, 5.0 does not (nor for labeled routes, in either).
//
// VPLS (l2vpn vpls, wire/vpls.h): JSON `{ "rd": "65001:7", "endpoint": 5,
// "base": 10702, "offset": 1, "size": 8 }`, text "vpls rd 65001:7 endpoint
// 5 base 10702 offset 1 size 8 next-hop 10.0.0.1", as 5.0 and 4.2 both
// print it; no prefix, so `show adj-rib ... json` lists none, as 5.0.
//
// EVPN (l2vpn evpn, wire/evpn.h): render_evpn.h.
//
// Bytes a row cannot read (they come from the wire codec, so only a bug
// could bring them) print as their hex, "0x..." ({ "nlri": "0x..." } in
// JSON), the same for a family without a row: never a crash, never silence.
#pragma once

#include <string>
#include <string_view>

#include "api/render.h"
#include "wire/family.h"
#include "wire/nlri.h"

namespace herald::api::render {

struct GenericRenderer {
  wire::Family family;
  // Appends the JSON object of one route; `next_hop` empty for none,
  // `add_path` when the route came with a path identifier (RFC 7911). False
  // (and nothing appended) if the bytes do not decode.
  bool (*json)(std::string* out, const wire::GenericNlri& nlri, std::string_view next_hop, const Style& style,
               bool add_path);
  // Appends the text form (next hop included when given); false as above.
  bool (*text)(std::string* out, const wire::GenericNlri& nlri, std::string_view next_hop, const Style& style,
               bool add_path);
  // Appends the route's prefix ("10.0.0.0/24"), what ExaBGP's `show adj-rib
  // ... json` lists; false as above. Null for a family without one
  // (FlowSpec): 5.0 lists none of its routes.
  bool (*prefix)(std::string* out, const wire::GenericNlri& nlri);
  // Appends the route as `show adj-rib` names it when that is not `text`
  // without a next hop (EVPN, whose text form is only "afi l2vpn safi evpn";
  // MVPN, MUP: "mvpn:sourcead::65000:1:10.0.0.1:239.1.1.1", as ExaBGP 5.0
  // prints it); false as above. Null: `text`.
  bool (*show)(std::string* out, const wire::GenericNlri& nlri) = nullptr;
};

// The row of `family`, or null.
const GenericRenderer* FindGenericRenderer(wire::Family family);

// The JSON key of an announced route's next hop when it has none
// (FlowSpec's usual case): ExaBGP's "no-nexthop".
inline constexpr std::string_view kNoNextHopKey = "no-nexthop";

// The row's forms, or the hex fallback.
void AppendGenericJson(std::string* out, wire::Family family, const wire::GenericNlri& nlri,
                       std::string_view next_hop, const Style& style, bool add_path = false);
void AppendGenericText(std::string* out, wire::Family family, const wire::GenericNlri& nlri,
                       std::string_view next_hop, const Style& style, bool add_path = false);

}  // namespace herald::api::render
