#include "api/render_evpn.h"

#include "api/render_common.h"

namespace herald::api::render {
namespace {

using wire::EvpnType;

bool Is(const wire::EvpnNlri& n, EvpnType type) { return n.type == static_cast<uint8_t>(type); }

void AppendEsi(std::string* out, const std::array<uint8_t, 10>& esi) {
  static constexpr char kDigits[] = "0123456789abcdef";
  bool zero = true;
  for (uint8_t b : esi) zero = zero && b == 0;
  if (zero) return out->push_back('-');
  for (size_t i = 0; i < esi.size(); ++i) {
    if (i) out->push_back(':');
    out->push_back(kDigits[esi[i] >> 4]);
    out->push_back(kDigits[esi[i] & 15]);
  }
}

void AppendMac(std::string* out, const std::array<uint8_t, 6>& mac) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  for (size_t i = 0; i < mac.size(); ++i) {
    if (i) out->push_back(':');
    out->push_back(kDigits[mac[i] >> 4]);
    out->push_back(kDigits[mac[i] & 15]);
  }
}

bool HasEsi(const wire::EvpnNlri& n) { return !Is(n, EvpnType::kMulticast); }
bool HasTag(const wire::EvpnNlri& n) { return !Is(n, EvpnType::kSegment); }
bool HasLabel(const wire::EvpnNlri& n) { return !n.labels.empty(); }

}  // namespace

void AppendEvpnJson(std::string* out, const wire::EvpnNlri& n, ByteSpan raw) {
  out->append("{ \"code\": ");
  AppendUint(out, n.type);
  const char* name = wire::EvpnTypeName(n.type);
  out->append(name ? ", \"parsed\": true" : ", \"parsed\": false");
  out->append(", \"raw\": \"");
  AppendHexUpper(out, raw);
  out->push_back('"');
  if (!name) {
    out->append(" }");
    return;
  }
  out->append(", \"name\": \"").append(name).append("\", \"rd\": \"");
  AppendRd(out, n.rd);
  out->push_back('"');
  if (HasEsi(n)) {
    out->append(", \"esi\": \"");
    AppendEsi(out, n.esi);
    out->push_back('"');
  }
  if (HasTag(n)) {
    out->append(", \"ethernet-tag\": ");
    AppendUint(out, n.etag);
  }
  if (Is(n, EvpnType::kMacIp)) {
    out->append(", \"mac\": \"");
    AppendMac(out, n.mac);
    out->push_back('"');
  }
  if (HasLabel(n)) {
    out->append(", \"label\": [ [");
    AppendUint(out, n.labels[0] >> 4);
    if (n.labels[0]) {
      out->append(", ");
      AppendUint(out, n.labels[0]);
    }
    out->append("] ]");
  }
  if (n.ip) {
    out->append(", \"ip\": \"");
    n.ip->AppendTo(out);
    out->push_back('"');
  }
  if (Is(n, EvpnType::kPrefix)) {
    out->append(", \"iplen\": ");
    AppendUint(out, n.prefix_length);
    out->append(", \"gateway\": \"");
    if (n.gateway) n.gateway->AppendTo(out);
    out->push_back('"');
  }
  out->append(" }");
}

void AppendEvpnText(std::string* out) { out->append("afi l2vpn safi evpn"); }

void AppendEvpnShow(std::string* out, const wire::EvpnNlri& n, ByteSpan raw) {
  const char* shorts[] = {"unknown", "ethernetad", "macadv", "multicast", "segment", "prfxadv"};
  const bool known = wire::EvpnTypeName(n.type) != nullptr;
  out->append("evpn:").append(shorts[known ? n.type : 0]);
  out->push_back(':');
  if (!known) {
    AppendHexLower0x(out, raw.subspan(raw.size() < 2 ? raw.size() : 2));
    return;
  }
  out->push_back(':');
  AppendRd(out, n.rd);
  if (HasEsi(n)) {
    out->push_back(':');
    AppendEsi(out, n.esi);
  }
  if (HasTag(n)) {
    out->push_back(':');
    AppendUint(out, n.etag);
  }
  if (Is(n, EvpnType::kMacIp)) {
    out->push_back(':');
    AppendMac(out, n.mac);
    out->push_back('/');
    AppendUint(out, n.mac_length);
  }
  if (n.ip) {
    out->push_back(':');
    n.ip->AppendTo(out);
  } else if (Is(n, EvpnType::kMacIp)) {
    out->push_back(':');
  }
  if (Is(n, EvpnType::kPrefix)) {
    out->push_back('/');
    AppendUint(out, n.prefix_length);
    out->push_back(':');
    if (n.gateway) n.gateway->AppendTo(out);
  }
  if (HasLabel(n)) {
    out->append(": label ");
    AppendUint(out, n.labels[0] >> 4);
    if (n.labels[0]) {
      out->append(" (");
      AppendUint(out, n.labels[0]);
      out->push_back(')');
    }
  }
}

}  // namespace herald::api::render
