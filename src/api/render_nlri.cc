// The generic NLRI rendering table (render_nlri.h).
#include "api/render_nlri.h"

#include <array>
#include <optional>

#include "api/render_common.h"
#include "api/render_flow.h"
#include "wire/flowspec.h"

namespace herald::api::render {
namespace {

FlowStyle StyleOf(Format format) {
  return format == Format::kExabgp4 ? FlowStyle::kExabgp4 : FlowStyle::kExabgp5;
}

// A FlowSpec NLRI of (afi, vpn), which must use up the bytes.
template <wire::Afi kAfi, bool kVpn>
std::optional<wire::FlowNlri> Flow(const wire::GenericNlri& nlri) {
  ByteReader r(nlri.bytes);
  auto flow = wire::DecodeFlowNlri(r, kAfi, kVpn);
  if (!flow || r.remaining() != 0) return std::nullopt;
  return std::move(*flow);
}

template <wire::Afi kAfi, bool kVpn>
bool FlowJson(std::string* out, const wire::GenericNlri& nlri, std::string_view next_hop, Format format) {
  auto flow = Flow<kAfi, kVpn>(nlri);
  if (!flow) return false;
  AppendFlowJson(out, *flow, next_hop, StyleOf(format));
  return true;
}

template <wire::Afi kAfi, bool kVpn>
bool FlowText(std::string* out, const wire::GenericNlri& nlri, std::string_view next_hop, Format format) {
  auto flow = Flow<kAfi, kVpn>(nlri);
  if (!flow) return false;
  AppendFlowText(out, *flow, next_hop, StyleOf(format));
  return true;
}

template <wire::Afi kAfi, wire::Safi kSafi>
constexpr GenericRenderer FlowRow() {
  constexpr bool vpn = kSafi == wire::Safi::kFlowVpn;
  return {{kAfi, kSafi}, &FlowJson<kAfi, vpn>, &FlowText<kAfi, vpn>, false};
}

constexpr std::array kRenderers = {
    FlowRow<wire::Afi::kIpv4, wire::Safi::kFlowIp>(),
    FlowRow<wire::Afi::kIpv6, wire::Safi::kFlowIp>(),
    FlowRow<wire::Afi::kIpv4, wire::Safi::kFlowVpn>(),
    FlowRow<wire::Afi::kIpv6, wire::Safi::kFlowVpn>(),
};

}  // namespace

const GenericRenderer* FindGenericRenderer(wire::Family family) {
  for (const GenericRenderer& r : kRenderers)
    if (r.family == family) return &r;
  return nullptr;
}

void AppendGenericJson(std::string* out, wire::Family family, const wire::GenericNlri& nlri,
                       std::string_view next_hop, Format format) {
  const GenericRenderer* r = FindGenericRenderer(family);
  if (r && r->json(out, nlri, next_hop, format)) return;
  out->append("{ \"nlri\": \"");
  AppendHexString(out, nlri.bytes);
  out->append("\" }");
}

void AppendGenericText(std::string* out, wire::Family family, const wire::GenericNlri& nlri,
                       std::string_view next_hop, Format format) {
  const GenericRenderer* r = FindGenericRenderer(family);
  if (r && r->text(out, nlri, next_hop, format)) return;
  AppendHexString(out, nlri.bytes);
}

}  // namespace herald::api::render
