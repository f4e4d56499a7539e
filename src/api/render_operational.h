// The OPERATIONAL message as ExaBGP's encoders show it (reactor/api/response
// json.py and text.py, `_operational_advisory/_query/_counter`): the same in
// 5.0 and 4.2 but for two 4.2 faults herald does not copy (doc/compat.md):
// 4.2's JSON quotes name, afi, safi and advisory twice (""ADM""), and its
// text encoder fails on a counter whose sequence is 0. `format` only picks
// how an unknown AFI is spelled (AppendAfi).
#pragma once

#include <string>
#include <string_view>

#include "api/render.h"
#include "wire/operational.h"

namespace herald::api::render {

// JSON: `"operational": { "name": "ADM", "afi": "ipv4", "safi": "unicast",
// "advisory": "text" }` (advisory: the bytes read as UTF-8, others replaced
// by U+FFFD, escaped as json.dumps does); a query shows name, afi and safi
// only; a counter adds "router-id": "a.b.c.d", "sequence": N and "counter":
// N. A sequence of 0 is "None" (ExaBGP reads 0 as "no sequence").
void AppendOperationalJson(std::string* out, const wire::Operational& operational, Format format);

// Text: ` operational ADM afi ipv4 safi unicast advisory "b'text'"` (the
// advisory as Python prints bytes, inside double quotes, as ExaBGP does), a
// query ` operational RPCQ afi ipv4 safi unicast`, a counter the same with
// ` router-id R sequence N counter N`.
void AppendOperationalText(std::string* out, const wire::Operational& operational, Format format);

// Python's repr() of a bytes value: b'...' (b"..." when the bytes hold a
// single quote and no double quote), \t \n \r \\ and the quote escaped,
// other bytes outside 0x20-0x7e as \xNN.
void AppendPythonBytesRepr(std::string* out, std::string_view bytes);

}  // namespace herald::api::render
