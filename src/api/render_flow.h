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
// fragment bits, from the component table). Oddities kept on purpose, as
// ExaBGP prints them: a bitmask value of 0 prints as nothing ("=" alone),
// bits without a name print as "unknown tcp flag type N" after the named
// ones, N being the whole value ("fin+unknown tcp flag type 513"), and a
// numeric "true"/"false" operator with the and-bit prints its value after it
// ("&true80").
//
// FlowStyle::kExabgp4 prints as ExaBGP 4.2 does (api.version 4): a value
// without a name is "unknown protocol type 99" / "unknown icmp type type 128"
// where 5.0 prints the number, a fragment value of 0 is "not-a-fragment",
// and in JSON each bit of a bitmask value is a value of its own ("syn",
// "ack" for 5.0's "syn+ack") and "!is-fragment" becomes "not-a-fragment".
// Where 4.2 prints an empty bitmask value as nothing between two commas
// (`[ , "=fin" ]`, not JSON), herald prints "" (doc/compat.md).
// src/wire/testdata/flowspec_exabgp.txt holds what both print.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "wire/flowspec.h"

namespace herald::api::render {

enum class FlowStyle : uint8_t { kExabgp5, kExabgp4 };

// One pair as ExaBGP prints it: ">=1024", "&<2048", "=tcp", "!=syn+ack".
void AppendFlowMatch(std::string* out, const wire::FlowComponentInfo& info, const wire::FlowMatch& match,
                     FlowStyle style = FlowStyle::kExabgp5);

// The text form; `next_hop` empty for none.
void AppendFlowText(std::string* out, const wire::FlowNlri& nlri, std::string_view next_hop = {},
                    FlowStyle style = FlowStyle::kExabgp5);
std::string FlowText(const wire::FlowNlri& nlri, std::string_view next_hop = {},
                     FlowStyle style = FlowStyle::kExabgp5);

// The JSON object, "string" included; `next_hop` empty for none.
void AppendFlowJson(std::string* out, const wire::FlowNlri& nlri, std::string_view next_hop = {},
                    FlowStyle style = FlowStyle::kExabgp5);
std::string FlowJson(const wire::FlowNlri& nlri, std::string_view next_hop = {},
                     FlowStyle style = FlowStyle::kExabgp5);

}  // namespace herald::api::render
