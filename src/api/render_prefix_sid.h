// IPv6 Address Specific Extended Communities (RFC 5701) and the BGP
// Prefix-SID (RFC 8669, RFC 9252) as ExaBGP prints received ones
// (src/api/testdata/pfxsid_exabgp50.txt, pfxsid_exabgp42.txt, made by
// tools/capture_pfxsid.py). Each appends the value after the attribute's
// name: JSON from the ':' on, text from the space on.
#pragma once

#include <string>
#include <vector>

#include "api/render.h"
#include "wire/attributes.h"

namespace herald::api::render {

// 5.0: `[ { "value": N, "string": "..." }, ... ]`, sorted (N the community
// as a 160-bit number). 4.x: `"..."` for the value of "attribute-0x19-0xC0".
void AppendIpv6ExtendedCommunitiesJson(std::string* out, const std::vector<wire::Ipv6ExtendedCommunity>& list,
                                       Format format);
// `X` or `[ X Y ]`, sorted.
void AppendIpv6ExtendedCommunitiesText(std::string* out, const std::vector<wire::Ipv6ExtendedCommunity>& list);

// `{ "sr-label-index": 1, "sr-srgbs": [[b, r]], "l3-service": [ ... ] }`.
void AppendPrefixSidJson(std::string* out, const std::vector<wire::PrefixSidTlv>& tlvs);
// `[ 300, [ ( 800000,4096 ) ] ]`, `[ l3-service [ sid-information [ ... ] ]`.
void AppendPrefixSidText(std::string* out, const std::vector<wire::PrefixSidTlv>& tlvs);

}  // namespace herald::api::render
