// BGP-LS (wire/bgpls.h) as ExaBGP 5.0 prints it in JSON
// (src/api/testdata/bgpls_exabgp50.txt): the NLRI of families bgp-ls and
// bgp-ls-vpn, and the BGP-LS attribute (type 29).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "wire/attributes.h"
#include "wire/nlri.h"

namespace herald::api::render {

// One NLRI of SAFI 71 (vpn false) or 72; false, and nothing appended, if the
// bytes do not decode. `next_hop` empty for a withdrawal ("None").
bool AppendBgpLsNlriJson(std::string* out, const wire::GenericNlri& nlri, bool vpn, std::string_view next_hop);

// The attribute's members without braces: "node-name": "r1", ...
void AppendBgpLsAttributeJson(std::string* out, const std::vector<wire::BgpLsTlv>& tlvs);

// The text encoder's form: each TLV as "Name: value", comma-separated, as
// ExaBGP 5.0 prints it.
void AppendBgpLsAttributeText(std::string* out, const std::vector<wire::BgpLsTlv>& tlvs);

}  // namespace herald::api::render
