// Multicast, labeled unicast and MPLS VPN routes as ExaBGP prints them
// (render_labeled.h).
#include "api/render_labeled.h"

#include "api/render_common.h"
#include "base/ip.h"

namespace herald::api::render {
namespace {

void AppendPathId(std::string* out, uint32_t path_id) { IpAddress::V4(path_id).AppendTo(out); }

}  // namespace

void AppendLabeledJson(std::string* out, const wire::LabeledNlri& nlri, wire::Family family, bool path_info,
                       uint32_t path_id) {
  out->append("{ \"nlri\": \"");
  nlri.prefix.AppendTo(out);
  out->push_back('"');
  if (path_info) {
    out->append(", \"path-information\": \"");
    AppendPathId(out, path_id);
    out->push_back('"');
  }
  if (wire::HasLabels(family.safi)) {
    out->append(", \"label\": [ ");
    for (size_t i = 0; i < nlri.labels.size(); ++i) {
      if (i) out->append(", ");
      out->push_back('[');
      AppendUint(out, wire::LabelOf(nlri.labels[i]));
      out->push_back(']');
    }
    out->append(" ]");
  }
  if (wire::HasRd(family.safi)) {
    out->append(", \"rd\": \"");
    AppendRd(out, nlri.rd);
    out->push_back('"');
  }
  out->append(" }");
}

void AppendLabeledText(std::string* out, const wire::LabeledNlri& nlri, wire::Family family, bool path_info,
                       uint32_t path_id, std::string_view next_hop) {
  nlri.prefix.AppendTo(out);
  if (path_info) {
    out->append(" path-information ");
    AppendPathId(out, path_id);
  }
  if (wire::HasLabels(family.safi)) {
    out->append(" label ");
    const bool bracket = nlri.labels.size() != 1;
    if (bracket) out->append("[ ");
    for (size_t i = 0; i < nlri.labels.size(); ++i) {
      if (i) out->push_back(' ');
      AppendUint(out, wire::LabelOf(nlri.labels[i]));
    }
    if (bracket) out->append(" ]");
  }
  if (!next_hop.empty()) out->append(" next-hop ").append(next_hop);
  if (wire::HasRd(family.safi)) {
    out->append(" rd ");
    AppendRd(out, nlri.rd);
  }
}

}  // namespace herald::api::render
