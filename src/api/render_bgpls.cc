// BGP-LS NLRI in JSON, as ExaBGP 5.0 prints them (render_bgpls.h).
#include "api/render_bgpls.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <optional>

#include "api/render_bgpls_util.h"
#include "api/render_common.h"
#include "base/ip.h"
#include "wire/bgpls.h"

namespace herald::api::render {
namespace {

using namespace bgpls;  // NOLINT
using wire::BgpLsNlri;
using wire::BgpLsTlv;

// ---------------------------------------------------------------- NLRI

void AppendNodeDescriptors(std::string* out, const std::vector<BgpLsTlv>& subs, uint8_t protocol) {
  out->push_back('[');
  for (size_t i = 0; i < subs.size(); ++i) {
    out->append(i ? ", { " : " { ");
    const BgpLsTlv& s = subs[i];
    const ByteSpan v(s.value);
    switch (s.type) {
      case wire::kBgpLsAsn:
        out->append("\"autonomous-system\": ");
        AppendUint(out, Be(v));
        break;
      case wire::kBgpLsId:
        out->append("\"bgp-ls-identifier\": \"");
        AppendUint(out, Be(v));
        out->push_back('"');
        break;
      case wire::kBgpLsOspfArea:
        out->append("\"ospf-area-id\": ");
        AppendQuotedIp(out, v);
        break;
      default: {
        const wire::BgpLsRouterId id = wire::BgpLsRouterIdOf(v, protocol);
        out->append("\"router-id\": \"").append(id.id).append("\"");
        if (id.dr) out->append(", \"designated-router-id\": \"").append(*id.dr).append("\"");
        if (id.psn) {
          out->append(", \"psn\": \"");
          AppendUint(out, *id.psn);
          out->push_back('"');
        }
      }
    }
    out->append(" }");
  }
  out->append(subs.empty() ? "  ]" : " ]");
}

void AppendAddresses(std::string* out, const BgpLsNlri& n, uint16_t v4, uint16_t v6) {
  out->append("[ ");
  bool first = true;
  for (const BgpLsTlv& t : n.descriptors) {
    if (t.type != v4 && t.type != v6) continue;
    if (!first) out->append(", ");
    first = false;
    AppendQuotedIp(out, t.value);
  }
  out->append(" ]");
}

const BgpLsTlv* Last(const BgpLsNlri& n, uint16_t type) {
  const BgpLsTlv* found = nullptr;
  for (const BgpLsTlv& t : n.descriptors)
    if (t.type == type) found = &t;
  return found;
}

void AppendHead(std::string* out, const BgpLsNlri& n, std::string_view name) {
  out->append("{ \"ls-nlri-type\": \"").append(name).append("\", \"l3-routing-topology\": ");
  AppendUint(out, n.identifier);
  out->append(", \"protocol-id\": ");
  AppendUint(out, n.protocol_id);
}

void AppendNextHop(std::string* out, std::string_view next_hop) {
  out->append(", \"nexthop\": \"").append(next_hop.empty() ? std::string_view("None") : next_hop).append("\"");
}

void AppendRdMember(std::string* out, const BgpLsNlri& n) {
  if (!n.rd) return;
  out->append(", \"rd\": \"");
  AppendRd(out, *n.rd);
  out->push_back('"');
}

void AppendLink(std::string* out, const BgpLsNlri& n) {
  AppendHead(out, n, "bgpls-link");
  out->append(", \"local-node-descriptors\": ");
  AppendNodeDescriptors(out, n.local_node, n.protocol_id);
  out->append(", \"remote-node-descriptors\": ");
  AppendNodeDescriptors(out, n.remote_node, n.protocol_id);
  out->append(", \"interface-addresses\": ");
  AppendAddresses(out, n, wire::kBgpLsIpv4Interface, wire::kBgpLsIpv6Interface);
  out->append(", \"neighbor-addresses\": ");
  AppendAddresses(out, n, wire::kBgpLsIpv4Neighbor, wire::kBgpLsIpv6Neighbor);
  out->append(", \"multi-topology-ids\": [ ");
  bool first = true;
  for (const BgpLsTlv& t : n.descriptors) {
    if (t.type != wire::kBgpLsMultiTopology) continue;
    if (!first) out->append(", ");
    first = false;
    AppendUint(out, Be(ByteSpan(t.value).first(2)) & 0x0FFF);
  }
  out->append(" ], \"link-identifiers\": [ ");
  if (const BgpLsTlv* ids = Last(n, wire::kBgpLsLinkIds)) {
    out->append("{ \"link-local-id\": ");
    AppendUint(out, Be(ByteSpan(ids->value).first(4)));
    out->append(", \"link-remote-id\": ");
    AppendUint(out, Be(ByteSpan(ids->value).subspan(4, 4)));
    out->append(" }");
  }
  out->append(" ]");
  AppendRdMember(out, n);
  out->append(" }");
}

// The prefix of an IP Reachability TLV as ExaBGP prints it: the bytes given,
// zero-padded.
void AppendReach(std::string* out, ByteSpan v, bool v6) {
  std::array<uint8_t, 16> bytes{};
  const ByteSpan prefix = v.subspan(1);
  std::memcpy(bytes.data(), prefix.data(), prefix.size());
  std::string address;
  AppendIp(&address, ByteSpan(bytes.data(), v6 ? 16 : 4));
  out->append(", \"ip-reachability-tlv\": \"").append(address).append("\", \"ip-reach-prefix\": \"");
  out->append(address).push_back('/');
  AppendUint(out, v[0]);
  out->push_back('"');
}

void AppendPrefix(std::string* out, const BgpLsNlri& n, std::string_view next_hop) {
  const bool v6 = n.type == wire::kBgpLsPrefixV6;
  AppendHead(out, n, v6 ? "bgpls-prefix-v6" : "bgpls-prefix-v4");
  out->append(", \"node-descriptors\": ");
  AppendNodeDescriptors(out, n.local_node, n.protocol_id);
  AppendReach(out, Last(n, wire::kBgpLsIpReachability)->value, v6);
  AppendNextHop(out, next_hop);
  if (const BgpLsTlv* route = Last(n, wire::kBgpLsOspfRouteType); route) {
    out->append(", \"ospf-route-type\": ");
    AppendUint(out, route->value[0]);
  }
  AppendRdMember(out, n);
  out->append(" }");
}

void AppendSrv6Sid(std::string* out, const BgpLsNlri& n) {
  AppendHead(out, n, "bgpls-srv6sid");
  out->append(", \"node-descriptors\": ");
  AppendNodeDescriptors(out, n.local_node, n.protocol_id);
  out->append(", \"srv6-sid-descriptors\": {\"multi-topology-ids\": [");
  bool first = true;
  for (const BgpLsTlv& t : n.descriptors) {
    if (t.type != wire::kBgpLsMultiTopology) continue;
    if (!first) out->append(", ");
    first = false;
    out->push_back('"');
    AppendUint(out, Be(ByteSpan(t.value).first(2)) & 0x0FFF);
    out->push_back('"');
  }
  out->push_back(']');
  // The SID and other TLVs (by type, each with its values) in the order
  // first seen.
  for (size_t i = 0; i < n.descriptors.size(); ++i) {
    const uint16_t type = n.descriptors[i].type;
    if (type == wire::kBgpLsMultiTopology) continue;
    bool seen = false;
    for (size_t j = 0; j < i; ++j) seen = seen || n.descriptors[j].type == type;
    if (seen) continue;
    if (type == wire::kBgpLsSrv6SidInfo) {
      out->append(", \"srv6-sid\": ");
      AppendQuotedIp(out, Last(n, type)->value);
      continue;
    }
    out->append(", \"generic-tlv-");
    AppendUint(out, type);
    out->append("\": [");
    bool first_value = true;
    for (size_t j = i; j < n.descriptors.size(); ++j) {
      if (n.descriptors[j].type != type) continue;
      if (!first_value) out->append(", ");
      first_value = false;
      out->push_back('"');
      AppendHexString(out, n.descriptors[j].value);
      out->push_back('"');
    }
    out->push_back(']');
  }
  out->append("} }");
}

}  // namespace

bool AppendBgpLsNlriJson(std::string* out, const wire::GenericNlri& nlri, bool vpn, std::string_view next_hop) {
  ByteReader r(nlri.bytes);
  auto decoded = wire::DecodeBgpLsNlri(r, vpn);
  if (!decoded || r.remaining() != 0) return false;
  const BgpLsNlri& n = *decoded;
  if (!n.parsed) {
    out->append("{ \"code\": ");
    AppendUint(out, n.type);
    out->append(", \"parsed\": false, \"raw\": \"");
    AppendHexUpper(out, nlri.bytes);
    out->append("\" }");
    return true;
  }
  switch (n.type) {
    case wire::kBgpLsNode:
      AppendHead(out, n, "bgpls-node");
      out->append(", \"node-descriptors\": ");
      AppendNodeDescriptors(out, n.local_node, n.protocol_id);
      AppendNextHop(out, next_hop);
      AppendRdMember(out, n);
      out->append(" }");
      return true;
    case wire::kBgpLsLink: AppendLink(out, n); return true;
    case wire::kBgpLsSrv6Sid: AppendSrv6Sid(out, n); return true;
    default: AppendPrefix(out, n, next_hop); return true;
  }
}


}  // namespace herald::api::render
