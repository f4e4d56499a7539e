// A FlowSpec NLRI (wire/flowspec.h) as ExaBGP 5.0 prints it.
//
//   JSON, the object inside "announce": { "ipv4 flow": { "no-nexthop": [ ... ] } }:
//     { "destination-ipv4": [ "192.168.0.0/24" ], "destination-port": [ "=80", ">8080&<8088" ],
//       "rd": "65535:65536", "next-hop": "5.6.7.8", "string": "flow destination-ipv4 ..." }
//   text (the "string" field):
//     flow destination-ipv4 192.168.0.0/24 destination-port [ =80 >8080&<8088 ] rd 65535:65536 next-hop 5.6.7.8
//
// Each component is one key; pairs joined by "and" make one value
// (">8080&<8088"), the others are separate values. Numbers print in decimal,
// except the values ExaBGP names (protocols, ICMP types, TCP flags and
// fragment bits, from the component table). ExaBGP 4.2 prints the same
// (src/api/testdata/flow_exabgp.txt holds both). Oddities kept on purpose,
// as ExaBGP prints them: a bitmask value of 0 prints as nothing ("=" alone),
// bits without a name print as "unknown tcp flag type N" after the named
// ones, N being the whole value ("fin+unknown tcp flag type 513"), and a numeric "true"/"false" operator with the and-bit
// prints its value after it ("&true80").
#pragma once

#include <string>
#include <string_view>

#include "wire/flowspec.h"

namespace herald::api::render {

// One pair as ExaBGP prints it: ">=1024", "&<2048", "=tcp", "!=syn+ack".
void AppendFlowMatch(std::string* out, const wire::FlowComponentInfo& info, wire::Afi afi,
                     const wire::FlowMatch& match);

// The text form; `next_hop` empty for none.
void AppendFlowText(std::string* out, const wire::FlowNlri& nlri, std::string_view next_hop = {});
std::string FlowText(const wire::FlowNlri& nlri, std::string_view next_hop = {});

// The JSON object, "string" included; `next_hop` empty for none.
void AppendFlowJson(std::string* out, const wire::FlowNlri& nlri, std::string_view next_hop = {});
std::string FlowJson(const wire::FlowNlri& nlri, std::string_view next_hop = {});

}  // namespace herald::api::render
