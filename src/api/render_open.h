// OPEN capabilities (RFC 5492) as ExaBGP shows them in the "open" JSON object
// and on the text "open" line.
//
// ExaBGP keeps capabilities in a dictionary keyed by code, so repeated codes
// merge: multiprotocol families accumulate, ADD-PATH and graceful-restart
// families merge (a later entry for a family replaces an earlier one, the
// restart flags and time are the last seen), and for any other code the last
// capability wins. JSON lists codes in order of first appearance; text lists
// them by ascending code, lower-cased. herald does the same.
//
// Names and shapes are ExaBGP's, with these choices:
// - FQDN (code 73) is shown as ExaBGP 5.0 registers it: JSON { "name":
//   "hostname", "host-name": ..., "domain-name": ... }, text
//   "hostname(host domain)". ExaBGP 4.2 does not know code 73 and shows it as
//   an unassigned capability.
// - Route refresh (2 and 128) and multisession (68 and 131) print the variant
//   of the last such capability of the OPEN for every one of them, as ExaBGP
//   does (it keeps the variant in its class, not in each capability).
// - Codes herald's decoder keeps raw but ExaBGP knows are decoded here:
//   extended next hop (5, RFC 8950), multisession (68, 131), operational (185).
// - Long-lived graceful restart (71), unknown to ExaBGP 5.0, is shown as an
//   unassigned capability with its bytes, as ExaBGP shows it.
// - Software version (75) as ExaBGP 5.0 shows it: JSON { "software": ... }
//   (no "name"), text "software(...)".
#pragma once

#include <string>
#include <vector>

#include "api/render.h"
#include "wire/open.h"

namespace herald::api::render {

// `{ "1": { "name": "multiprotocol", ... }, "65": ... }`; `{  }` when empty.
// The 4.x format shows long-lived GR (71), FQDN (73) and software version
// (75) as unassigned codes with their bytes, as ExaBGP 4.2 does, and leaves
// one space after "restart-flags" where 5.0 leaves two.
void AppendCapabilitiesJson(std::string* out, const std::vector<wire::Capability>& caps,
                            Format format = Format::kExabgp5);

// `multiprotocol(ipv4 unicast,ipv6 unicast), asn4(65001)` (what goes between
// the brackets of "capabilities [...]").
void AppendCapabilitiesText(std::string* out, const std::vector<wire::Capability>& caps,
                            Format format = Format::kExabgp5);

}  // namespace herald::api::render
