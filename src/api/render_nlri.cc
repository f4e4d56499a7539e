// The generic NLRI rendering table (render_nlri.h).
#include "api/render_nlri.h"

#include <array>
#include <optional>

#include "api/render_bgpls.h"
#include "api/render_common.h"
#include "api/render_evpn.h"
#include "api/render_flow.h"
#include "api/render_labeled.h"
#include "api/render_mvpn_mup.h"
#include "api/render_rtc.h"
#include "wire/flowspec.h"
#include "wire/labeled.h"
#include "wire/mup.h"
#include "wire/rtc.h"
#include "wire/vpls.h"

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
bool FlowJson(std::string* out, const wire::GenericNlri& nlri, std::string_view next_hop, const Style& style, bool) {
  auto flow = Flow<kAfi, kVpn>(nlri);
  if (!flow) return false;
  AppendFlowJson(out, *flow, next_hop, StyleOf(style.format));
  return true;
}

template <wire::Afi kAfi, bool kVpn>
bool FlowText(std::string* out, const wire::GenericNlri& nlri, std::string_view next_hop, const Style& style, bool) {
  auto flow = Flow<kAfi, kVpn>(nlri);
  if (!flow) return false;
  AppendFlowText(out, *flow, next_hop, StyleOf(style.format));
  return true;
}

template <wire::Afi kAfi, wire::Safi kSafi>
constexpr GenericRenderer FlowRow() {
  constexpr bool vpn = kSafi == wire::Safi::kFlowVpn;
  return {{kAfi, kSafi}, &FlowJson<kAfi, vpn>, &FlowText<kAfi, vpn>, nullptr};
}

// A multicast, labeled unicast or MPLS VPN NLRI of `family`, which must use
// up the bytes.
std::optional<wire::LabeledNlri> Labeled(const wire::GenericNlri& nlri, wire::Family family) {
  ByteReader r(nlri.bytes);
  auto labeled = wire::DecodeLabeledNlri(r, family);
  if (!labeled || r.remaining() != 0) return std::nullopt;
  return std::move(*labeled);
}

// ExaBGP shows the path identifier when ADD-PATH is on, even 0.
bool PathInfo(const wire::GenericNlri& nlri, bool add_path) { return add_path || nlri.path_id != 0; }

template <wire::Afi kAfi, wire::Safi kSafi>
bool LabeledJson(std::string* out, const wire::GenericNlri& nlri, std::string_view, const Style& style,
                 bool add_path) {
  constexpr wire::Family family{kAfi, kSafi};
  auto labeled = Labeled(nlri, family);
  if (!labeled) return false;
  const bool path_info = PathInfo(nlri, add_path);
  // api.compact: 4.2 shortens a multicast route as a unicast one; 5.0 does not.
  if (kSafi == wire::Safi::kMulticast && style.compact && style.format == Format::kExabgp4 && !path_info) {
    out->push_back('"');
    labeled->prefix.AppendTo(out);
    out->push_back('"');
    return true;
  }
  AppendLabeledJson(out, *labeled, family, path_info, nlri.path_id);
  return true;
}

template <wire::Afi kAfi, wire::Safi kSafi>
bool LabeledText(std::string* out, const wire::GenericNlri& nlri, std::string_view next_hop, const Style&,
                 bool add_path) {
  constexpr wire::Family family{kAfi, kSafi};
  auto labeled = Labeled(nlri, family);
  if (!labeled) return false;
  AppendLabeledText(out, *labeled, family, PathInfo(nlri, add_path), nlri.path_id, next_hop);
  return true;
}

template <wire::Afi kAfi, wire::Safi kSafi>
bool LabeledPrefix(std::string* out, const wire::GenericNlri& nlri) {
  auto labeled = Labeled(nlri, {kAfi, kSafi});
  if (!labeled) return false;
  labeled->prefix.AppendTo(out);
  return true;
}

template <wire::Afi kAfi, wire::Safi kSafi>
constexpr GenericRenderer LabeledRow() {
  return {{kAfi, kSafi}, &LabeledJson<kAfi, kSafi>, &LabeledText<kAfi, kSafi>, &LabeledPrefix<kAfi, kSafi>};
}

// VPLS (wire/vpls.h), as ExaBGP 5.0 and 4.2 both print it
// (src/api/testdata/vpls_updates.txt): JSON { "rd": "65001:7", "endpoint":
// 5, "base": 10702, "offset": 1, "size": 8 }, text "vpls rd 65001:7
// endpoint 5 base 10702 offset 1 size 8 next-hop 10.0.0.1"; a withdrawal's
// text ends with a space where the next hop would be. No path identifier
// (ExaBGP has no ADD-PATH for the family), no prefix for `show ... json`.
std::optional<wire::VplsNlri> Vpls(const wire::GenericNlri& nlri) {
  ByteReader r(nlri.bytes);
  auto vpls = wire::DecodeVplsNlri(r);
  if (!vpls || r.remaining() != 0) return std::nullopt;
  return *vpls;
}

bool VplsJson(std::string* out, const wire::GenericNlri& nlri, std::string_view, const Style&, bool) {
  auto vpls = Vpls(nlri);
  if (!vpls) return false;
  out->append("{ \"rd\": \"");
  AppendRd(out, vpls->rd);
  out->append("\", \"endpoint\": ");
  AppendUint(out, vpls->endpoint);
  out->append(", \"base\": ");
  AppendUint(out, vpls->base());
  out->append(", \"offset\": ");
  AppendUint(out, vpls->offset);
  out->append(", \"size\": ");
  AppendUint(out, vpls->size);
  out->append(" }");
  return true;
}

bool VplsText(std::string* out, const wire::GenericNlri& nlri, std::string_view next_hop, const Style&, bool) {
  auto vpls = Vpls(nlri);
  if (!vpls) return false;
  out->append("vpls rd ");
  AppendRd(out, vpls->rd);
  out->append(" endpoint ");
  AppendUint(out, vpls->endpoint);
  out->append(" base ");
  AppendUint(out, vpls->base());
  out->append(" offset ");
  AppendUint(out, vpls->offset);
  out->append(" size ");
  AppendUint(out, vpls->size);
  if (next_hop.empty()) out->push_back(' ');
  else out->append(" next-hop ").append(next_hop);
  return true;
}

// EVPN (render_evpn.h): no path identifier (ExaBGP has no ADD-PATH for the
// family), no prefix for `show ... json`.
std::optional<wire::EvpnNlri> Evpn(const wire::GenericNlri& nlri) {
  ByteReader r(nlri.bytes);
  auto evpn = wire::DecodeEvpnNlri(r);
  if (!evpn || r.remaining() != 0) return std::nullopt;
  return std::move(*evpn);
}

bool EvpnJson(std::string* out, const wire::GenericNlri& nlri, std::string_view, const Style&, bool) {
  auto evpn = Evpn(nlri);
  if (!evpn) return false;
  AppendEvpnJson(out, *evpn, nlri.bytes);
  return true;
}

bool EvpnText(std::string* out, const wire::GenericNlri& nlri, std::string_view, const Style&, bool) {
  if (!Evpn(nlri)) return false;
  AppendEvpnText(out);
  return true;
}

bool EvpnShow(std::string* out, const wire::GenericNlri& nlri) {
  auto evpn = Evpn(nlri);
  if (!evpn) return false;
  AppendEvpnShow(out, *evpn, nlri.bytes);
  return true;
}

// MVPN and MUP (render_mvpn_mup.h): text is the family alone, as 5.0's
// text encoder shows these routes.
bool MvpnRowJson(std::string* out, const wire::GenericNlri& nlri, std::string_view, const Style&, bool) {
  return AppendMvpnJson(out, nlri);
}
template <wire::Afi kAfi>
bool MupRowJson(std::string* out, const wire::GenericNlri& nlri, std::string_view, const Style&, bool) {
  return AppendMupJson(out, nlri, kAfi);
}
template <wire::Afi kAfi>
bool MupRowShow(std::string* out, const wire::GenericNlri& nlri) {
  return AppendMupShow(out, nlri, kAfi);
}
template <wire::Afi kAfi, wire::Safi kSafi>
bool FamilyText(std::string* out, const wire::GenericNlri&, std::string_view, const Style& style,
                bool) {
  out->append("afi ");
  AppendAfi(out, static_cast<uint16_t>(kAfi), style.format);
  out->append(" safi ");
  AppendSafi(out, static_cast<uint8_t>(kSafi));
  return true;
}
template <wire::Afi kAfi, wire::Safi kSafi>
constexpr GenericRenderer MvpnMupRow() {
  if constexpr (kSafi == wire::kSafiMup)
    return {{kAfi, kSafi}, &MupRowJson<kAfi>, &FamilyText<kAfi, kSafi>, nullptr, &MupRowShow<kAfi>};
  else
    return {{kAfi, kSafi}, &MvpnRowJson, &FamilyText<kAfi, kSafi>, nullptr, &AppendMvpnShow};
}

// BGP-LS (wire/bgpls.h, api/render_bgpls.h), decoded only, in JSON as
// ExaBGP 5.0 prints it (the 4.x format too: doc/compat.md). Its text is only
// the family, "afi bgp-ls safi bgp-ls", without the next hop.
template <bool kVpn>
bool BgpLsJson(std::string* out, const wire::GenericNlri& nlri, std::string_view next_hop, const Style&, bool) {
  return AppendBgpLsNlriJson(out, nlri, kVpn, next_hop);
}
template <bool kVpn>
bool BgpLsText(std::string* out, const wire::GenericNlri&, std::string_view, const Style&, bool) {
  out->append(kVpn ? "afi bgp-ls safi bgp-ls-vpn" : "afi bgp-ls safi bgp-ls");
  return true;
}

constexpr std::array kRenderers = {
    FlowRow<wire::Afi::kIpv4, wire::Safi::kFlowIp>(),
    FlowRow<wire::Afi::kIpv6, wire::Safi::kFlowIp>(),
    FlowRow<wire::Afi::kIpv4, wire::Safi::kFlowVpn>(),
    FlowRow<wire::Afi::kIpv6, wire::Safi::kFlowVpn>(),
    LabeledRow<wire::Afi::kIpv4, wire::Safi::kMulticast>(),
    LabeledRow<wire::Afi::kIpv6, wire::Safi::kMulticast>(),
    LabeledRow<wire::Afi::kIpv4, wire::Safi::kMplsLabel>(),
    LabeledRow<wire::Afi::kIpv6, wire::Safi::kMplsLabel>(),
    LabeledRow<wire::Afi::kIpv4, wire::Safi::kMplsVpn>(),
    LabeledRow<wire::Afi::kIpv6, wire::Safi::kMplsVpn>(),
    GenericRenderer{wire::kL2vpnVpls, &VplsJson, &VplsText, nullptr},
    GenericRenderer{wire::kIpv4Rtc, &RtcJson, &RtcText, nullptr},  // render_rtc.h
    GenericRenderer{wire::kL2vpnEvpn, &EvpnJson, &EvpnText, nullptr, &EvpnShow},
    MvpnMupRow<wire::Afi::kIpv4, wire::Safi::kMcastVpn>(),
    MvpnMupRow<wire::Afi::kIpv6, wire::Safi::kMcastVpn>(),
    MvpnMupRow<wire::Afi::kIpv4, wire::kSafiMup>(),
    MvpnMupRow<wire::Afi::kIpv6, wire::kSafiMup>(),
    GenericRenderer{{wire::Afi::kBgpLs, wire::Safi::kBgpLs}, &BgpLsJson<false>, &BgpLsText<false>, nullptr},
    GenericRenderer{{wire::Afi::kBgpLs, wire::Safi::kBgpLsVpn}, &BgpLsJson<true>, &BgpLsText<true>, nullptr},
};

}  // namespace

const GenericRenderer* FindGenericRenderer(wire::Family family) {
  for (const GenericRenderer& r : kRenderers)
    if (r.family == family) return &r;
  return nullptr;
}

void AppendGenericJson(std::string* out, wire::Family family, const wire::GenericNlri& nlri,
                       std::string_view next_hop, const Style& style, bool add_path) {
  const GenericRenderer* r = FindGenericRenderer(family);
  if (r && r->json(out, nlri, next_hop, style, add_path)) return;
  out->append("{ \"nlri\": \"");
  AppendHexString(out, nlri.bytes);
  out->append("\" }");
}

void AppendGenericText(std::string* out, wire::Family family, const wire::GenericNlri& nlri,
                       std::string_view next_hop, const Style& style, bool add_path) {
  const GenericRenderer* r = FindGenericRenderer(family);
  if (r && r->text(out, nlri, next_hop, style, add_path)) return;
  AppendHexString(out, nlri.bytes);
}

}  // namespace herald::api::render
