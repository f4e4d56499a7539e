// A multicast (SAFI 2), labeled unicast (SAFI 4, "nlri-mpls") or MPLS VPN
// (SAFI 128, "mpls-vpn") route (wire/labeled.h) as ExaBGP prints it; the
// rows of render_nlri.cc for those families.
//
//   JSON: { "nlri": "10.5.5.0/24", "path-information": "0.0.0.1",
//           "label": [ [1001], [1002] ], "rd": "192.0.2.1:9" }
//   text: 10.5.5.0/24 path-information 0.0.0.1 label [ 1001 1002 ] next-hop 10.0.0.1 rd 192.0.2.1:9
//
// "path-information" only under ADD-PATH (or for a non-zero identifier),
// "label" only for SAFI 4 and 128, "rd" only for SAFI 128. A label is the
// 20-bit value of its stack entry (wire::LabelOf), so the customary withdraw
// entry 0x800000 prints as 524288; one label is "label 100" in text, several
// "label [ 100 200 ]". The next hop comes before the route distinguisher.
// A multicast route prints exactly as a unicast one. Both ExaBGP 5.0 and
// 4.2 print these the same way (src/api/testdata/labeled_updates.txt).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "wire/family.h"
#include "wire/labeled.h"

namespace herald::api::render {

// `path_info`: show the path identifier.
void AppendLabeledJson(std::string* out, const wire::LabeledNlri& nlri, wire::Family family, bool path_info,
                       uint32_t path_id);
// `next_hop` empty for none (a withdraw).
void AppendLabeledText(std::string* out, const wire::LabeledNlri& nlri, wire::Family family, bool path_info,
                       uint32_t path_id, std::string_view next_hop);

}  // namespace herald::api::render
