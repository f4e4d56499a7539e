// RT-Constrain routes (ipv4 rtc, wire/rtc.h) as processes and the CLI see
// them: JSON `{ "origin": 65000, "route-target": "target:65001:100" }` and
// `{ "origin": 0, "route-target": null }` for the wildcard, as ExaBGP 5.0
// prints them (src/api/testdata/rtc_updates.txt). A route target shorter
// than 64 bits (RFC 4684 allows it; ExaBGP cannot read one) adds
// "prefix-length". Text: "rtc 65000:target:65001:100 next-hop 10.0.0.1" and
// "rtc wildcard ..." (ExaBGP 5.0's text names no route: doc/compat.md).
#pragma once

#include <string>
#include <string_view>

#include "api/render.h"
#include "wire/nlri.h"

namespace herald::api::render {

bool RtcJson(std::string* out, const wire::GenericNlri& nlri, std::string_view next_hop, const Style& style,
             bool add_path);
bool RtcText(std::string* out, const wire::GenericNlri& nlri, std::string_view next_hop, const Style& style,
             bool add_path);

}  // namespace herald::api::render
