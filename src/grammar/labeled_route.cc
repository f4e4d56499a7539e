// Multicast, labeled unicast and VPN routes (labeled_route.h).
#include "grammar/labeled_route.h"

#include <fmt/format.h>

#include "grammar/route_syntax.h"
#include "wire/labeled.h"

namespace herald::grammar {
namespace {

// The SAFI the route lands in: the one the statement names, else rd makes
// mpls-vpn, label nlri-mpls (ExaBGP's static route), else unicast.
ParseStatus ChooseSafi(const RouteState& state, wire::Safi* out) {
  if (!state.safi) {
    *out = state.rd ? wire::Safi::kMplsVpn : !state.labels.empty() ? wire::Safi::kMplsLabel : wire::Safi::kUnicast;
    return {};
  }
  *out = *state.safi;
  const std::string_view name = wire::SafiName(*out);
  if (state.rd && !wire::HasRd(*out))
    return FailAt(*state.rd_at, fmt::format("{} is not valid in a {} route", state.rd_at->text, name));
  if (!state.labels.empty() && !wire::HasLabels(*out))
    return FailAt(*state.label_at, fmt::format("label is not valid in a {} route", name));
  return {};
}

}  // namespace

bool IsLabeledFamily(const wire::Family& family) {
  const RouteSyntaxKind kind = SyntaxKindOf(family);
  return kind == RouteSyntaxKind::kLabeled || kind == RouteSyntaxKind::kMulticast;
}

ParseStatus MakeLabeledRoute(const Token& at, RouteAction action, const RouteState& state, rib::Route* route) {
  wire::Safi safi;
  if (ParseStatus s = ChooseSafi(state, &safi); !s) return s;
  if (safi == wire::Safi::kUnicast || route->nlri.empty()) return {};
  const wire::Family family{route->family.afi, safi};
  const std::string first = route->nlri[0].prefix.ToString();
  wire::LabeledNlri nlri;
  if (wire::HasLabels(safi)) {
    if (state.labels.empty()) {
      // RFC 8277 §2.4: a withdrawal's label is not looked at.
      if (action == RouteAction::kAnnounce)
        return FailAt(at, fmt::format("missing label for the {} route {}", family.Name(), first));
      nlri.labels.push_back(wire::kWithdrawLabelEntry);
    }
    for (size_t i = 0; i < state.labels.size(); ++i) {
      const bool bottom = i + 1 == state.labels.size();
      nlri.labels.push_back(wire::LabelEntry(state.labels[i], bottom));
      // 0 first, or 524288 anywhere, reads as the end of the stack (0x000000,
      // 0x800000), so every later label would be taken for the RD or prefix.
      if (!bottom && wire::EndsLabelStack(nlri.labels.back(), i == 0))
        return FailAt(*state.label_at, fmt::format("label {} can only be the last of a stack: a peer reads it as "
                                                   "the end of the stack",
                                                   state.labels[i]));
    }
  }
  if (wire::HasRd(safi)) {
    if (!state.rd) return FailAt(at, fmt::format("missing rd for the {} route {}", family.Name(), first));
    nlri.rd = *state.rd;
  }
  route->generic.clear();
  route->generic.reserve(route->nlri.size());
  for (const wire::InetNlri& n : route->nlri) {
    nlri.prefix = n.prefix;
    auto bytes = wire::EncodeLabeledNlri(nlri, family);
    if (!bytes)
      return FailAt(state.label_at ? *state.label_at : at,
                    fmt::format("{} labels and the prefix {} do not fit one NLRI", nlri.labels.size(),
                                n.prefix.ToString()));
    route->generic.push_back(wire::GenericNlri{std::move(*bytes), n.path_id});
  }
  route->nlri.clear();
  route->family = family;
  return {};
}

std::optional<LabeledRouteView> ViewLabeledRoute(const rib::Route& route) {
  if (!IsLabeledFamily(route.family) || route.generic.empty() || !route.nlri.empty()) return std::nullopt;
  LabeledRouteView view;
  view.unicast = route;
  view.unicast.generic.clear();
  view.unicast.family = {route.family.afi, wire::Safi::kUnicast};
  for (size_t i = 0; i < route.generic.size(); ++i) {
    ByteReader in{ByteSpan(route.generic[i].bytes)};
    auto nlri = wire::DecodeLabeledNlri(in, route.family);
    if (!nlri || !in.empty()) return std::nullopt;
    if (i == 0) {
      // A withdrawal's customary label is no label the grammar wrote.
      if (nlri->labels != std::vector<uint32_t>{wire::kWithdrawLabelEntry})
        for (uint32_t entry : nlri->labels) view.labels.push_back(wire::LabelOf(entry));
      if (wire::HasRd(route.family.safi)) view.rd = nlri->rd;
    }
    view.unicast.nlri.push_back(wire::InetNlri{nlri->prefix, route.generic[i].path_id});
  }
  return view;
}

}  // namespace herald::grammar
