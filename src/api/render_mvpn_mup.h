// MVPN (wire/mvpn.h) and MUP (wire/mup.h) routes as ExaBGP 5.0 shows them
// to processes (render_nlri.h's rows for ipv4/ipv6 mcast-vpn and mup).
//
// JSON, the NLRI's fields in 5.0's order and spelling, with "raw" its bytes
// in upper-case hex:
//   { "code": 5, "parsed": true, "raw": "0512...", "name": "Source Active A-D Route",
//     "rd": "65000:1", "source": "10.0.0.1", "group": "239.1.1.1"}
//   (joins add "source-as": "65001" before "source"; other types
//   { "code": 1, "parsed": false, "raw": "..." })
//   { "name": "InterworkSegmentDiscoveryRoute", "arch": 1, "code": 1, "prefix_ip_len": 16,
//     "prefix_ip": "10.1.0.0", "rd": "100:100", "raw": "..." }
//   (dsd "ip"; t1st "teid", "qfi", "endpoint_ip_len", "endpoint_ip",
//   "source_ip_len", "source_ip"; t2st "endpoint_len", "endpoint_ip",
//   "teid"; other routes { "arch": 2, "code": 1, "raw": "..." }).
// Text: "afi ipv4 safi mcast-vpn", the family, as 5.0's text encoder shows
// any route of these families (no next hop). `show adj-rib`: below.
#pragma once

#include <string>
#include <string_view>

#include "wire/nlri.h"

namespace herald::api::render {

// Append the JSON object; false (nothing appended) if the bytes do not
// decode.
bool AppendMvpnJson(std::string* out, const wire::GenericNlri& nlri);
bool AppendMupJson(std::string* out, const wire::GenericNlri& nlri, wire::Afi afi);

// Append the route as `show adj-rib` names it (5.0's): "mvpn:sourcead::RD:
// SOURCE:GROUP", "mvpn:source-join::RD:AS:SOURCE:GROUP", "mup:isd::RD:
// PREFIX", "mup:t1st::RD:PREFIX:TEID:QFI:ENDPOINT/PREFIX-LENGTH[:SOURCE/
// BITS]" (sic), "mup:t2st::RD:BITS:ENDPOINT:TEID:", and for other types
// "mvpn:unknown:0x" / "mup:unknown:0x" and the body's hex; false if the bytes
// do not decode.
bool AppendMvpnShow(std::string* out, const wire::GenericNlri& nlri);
bool AppendMupShow(std::string* out, const wire::GenericNlri& nlri, wire::Afi afi);

}  // namespace herald::api::render
