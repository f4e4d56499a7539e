#include "api/render_open.h"

#include <array>
#include <cstdint>
#include <string_view>
#include <utility>

#include "api/render_common.h"
#include "base/utf8.h"

namespace herald::api::render {
namespace {

using wire::Capability;
using wire::Family;

// Capability codes ExaBGP 4.2 knows beyond those herald decodes.
constexpr uint8_t kCodeNextHop = 5;
constexpr uint8_t kCodeMultisession = 68;
constexpr uint8_t kCodeMultisessionCisco = 131;
constexpr uint8_t kCodeOperational = 185;
constexpr uint8_t kCodeRouteRefresh = 2;
constexpr uint8_t kCodeRouteRefreshCisco = 128;

enum class Output : uint8_t { kJson, kText };

// Merged view of every capability of one code.
struct Group {
  uint8_t code = 0;
  const Capability* last = nullptr;  // the last capability with this code
  std::vector<Family> mp_families;
  std::vector<std::pair<Family, uint8_t>> addpath;      // family -> send/receive
  std::vector<std::pair<Family, uint8_t>> gr_families;  // family -> flags
  uint8_t gr_flags = 0;
  uint16_t gr_time = 0;
};

void Upsert(std::vector<std::pair<Family, uint8_t>>* v, Family f, uint8_t value) {
  for (auto& [family, existing] : *v) {
    if (family == f) {
      existing = value;
      return;
    }
  }
  v->emplace_back(f, value);
}

Group Collect(const std::vector<Capability>& caps, uint8_t code) {
  Group g;
  g.code = code;
  for (const Capability& c : caps) {
    if (c.code != code) continue;
    g.last = &c;
    if (auto* mp = std::get_if<wire::MultiprotocolCap>(&c.value))
      g.mp_families.push_back(mp->family);
    if (auto* ap = std::get_if<wire::AddPathCap>(&c.value))
      for (const auto& e : ap->families) Upsert(&g.addpath, e.family, e.send_receive);
    if (auto* gr = std::get_if<wire::GracefulRestartCap>(&c.value)) {
      g.gr_flags = gr->flags;
      g.gr_time = gr->restart_time;
      for (const auto& e : gr->families) Upsert(&g.gr_families, e.family, e.flags);
    }
  }
  return g;
}

// The code of the last capability of the OPEN with code a or b.
uint8_t LastOf(const std::vector<Capability>& caps, uint8_t a, uint8_t b) {
  uint8_t last = a;
  for (const Capability& c : caps)
    if (c.code == a || c.code == b) last = c.code;
  return last;
}

std::string_view AddPathName(uint8_t send_receive) {
  switch (send_receive) {
    case 0:
      return "disabled";
    case 1:
      return "receive";
    case 2:
      return "send";
    case 3:
      return "send/receive";
  }
  return "invalid";  // ExaBGP fails on these; herald names them
}

std::string_view IanaRange(uint8_t code) {
  if (code >= 128) return "reserved";
  if (code >= 70) return "unassigned";
  return "unknown";
}

void AppendHexByte(std::string* out, uint8_t v) {
  // Python's hex(): "0x0", "0x80".
  static constexpr char kHex[] = "0123456789abcdef";
  out->append("0x");
  if (v >= 16) out->push_back(kHex[v >> 4]);
  out->push_back(kHex[v & 15]);
}

// One capability group, JSON value or text item.
void AppendGroup(std::string* out, const Group& g, const std::vector<Capability>& caps,
                 Output how, Format format) {
  const bool json = how == Output::kJson;
  const Capability& c = *g.last;
  // Decoded codes that ExaBGP 4.2 does not know: shown as unknown (below).
  const bool unknown_to_42 =
      format == Format::kExabgp4 &&
      (std::holds_alternative<wire::FqdnCap>(c.value) ||
       std::holds_alternative<wire::SoftwareVersionCap>(c.value) ||
       std::holds_alternative<wire::LongLivedGracefulRestartCap>(c.value));
  auto family_slash = [&](Family f) {
    AppendAfi(out, static_cast<uint16_t>(f.afi), format);
    out->push_back('/');
    AppendSafi(out, static_cast<uint8_t>(f.safi));
  };
  auto family_space = [&](Family f) { AppendFamily(out, f, ' ', format); };

  if (std::holds_alternative<wire::MultiprotocolCap>(c.value)) {
    if (json) {
      out->append("{ \"name\": \"multiprotocol\", \"families\": [");
      for (size_t i = 0; i < g.mp_families.size(); ++i) {
        out->append(i ? ", \"" : " \"");
        family_slash(g.mp_families[i]);
        out->push_back('"');
      }
      out->append(" ] }");
    } else {
      out->append("Multiprotocol(");
      for (size_t i = 0; i < g.mp_families.size(); ++i) {
        if (i) out->push_back(',');
        family_space(g.mp_families[i]);
      }
      out->push_back(')');
    }
    return;
  }
  if (auto* as4 = std::get_if<wire::As4Cap>(&c.value)) {
    if (json) {
      out->append("{ \"name\": \"asn4\", \"asn4\": ");
      AppendUint(out, as4->asn);
      out->append(" }");
    } else {
      out->append("ASN4(");
      AppendUint(out, as4->asn);
      out->push_back(')');
    }
    return;
  }
  if (std::holds_alternative<wire::GracefulRestartCap>(c.value)) {
    if (json) {
      out->append("{ \"name\": \"graceful restart\", \"time\": ");
      AppendUint(out, g.gr_time);
      out->append(", \"address-family-flags\": { ");
      for (size_t i = 0; i < g.gr_families.size(); ++i) {
        if (i) out->append(", ");
        out->push_back('"');
        family_slash(g.gr_families[i].first);
        // ExaBGP labels the forwarding-state bit "restart" and the restart
        // bit "forwarding" (RFC 4724 §3); herald prints the same labels.
        out->append(g.gr_families[i].second & 0x80 ? "\": [ \"restart\" ] " : "\": [ ] ");
      }
      out->append("}, \"restart-flags\": [");
      out->append(g.gr_flags & 0x8 ? " \"forwarding\" " : " ");
      // ExaBGP 5.0 leaves two spaces here, 4.2 one.
      out->append(format == Format::kExabgp4 ? "] }" : "]  }");
    } else {
      out->append("Graceful Restart Flags ");
      AppendHexByte(out, g.gr_flags);
      out->append(" Time ");
      AppendUint(out, g.gr_time);
      out->push_back(' ');
      for (size_t i = 0; i < g.gr_families.size(); ++i) {
        if (i) out->push_back(' ');
        family_slash(g.gr_families[i].first);
        out->push_back('=');
        AppendHexByte(out, g.gr_families[i].second & 0x80);
      }
    }
    return;
  }
  if (std::holds_alternative<wire::AddPathCap>(c.value)) {
    if (json) {
      out->append("{ \"name\": \"addpath\"");
      for (size_t i = 0; i < g.addpath.size(); ++i) {
        out->append(i ? ",\"" : ", \"");
        family_slash(g.addpath[i].first);
        out->append("\": \"");
        out->append(AddPathName(g.addpath[i].second));
        out->push_back('"');
      }
      out->append(" }");
    } else {
      out->append("AddPath(");
      for (size_t i = 0; i < g.addpath.size(); ++i) {
        if (i) out->push_back(',');
        out->append(AddPathName(g.addpath[i].second));
        out->push_back(' ');
        family_space(g.addpath[i].first);
      }
      out->push_back(')');
    }
    return;
  }
  auto* fqdn = std::get_if<wire::FqdnCap>(&c.value);
  if (fqdn && !unknown_to_42) {
    if (json) {
      out->append("{ \"host-name\": \"");
      AppendJsonEscaped(out, fqdn->host_name);
      out->append("\", \"domain-name\": \"");
      AppendJsonEscaped(out, fqdn->domain_name);
      out->append("\" }");
    } else {
      out->append("Hostname(");
      AppendTextSafe(out, fqdn->host_name);
      out->push_back(' ');
      AppendTextSafe(out, fqdn->domain_name);
      out->push_back(')');
    }
    return;
  }

  auto* sw = std::get_if<wire::SoftwareVersionCap>(&c.value);
  if (sw && !unknown_to_42) {
    // ExaBGP 5.0 gives this one no "name", and writes it with Python's
    // json.dumps: non-ASCII as \uXXXX.
    if (json) {
      out->append("{ \"software\": \"");
      AppendJsonAscii(out, sw->version);
      out->append("\" }");
    } else {
      out->append("Software(");
      AppendTextSafe(out, sw->version);
      out->push_back(')');
    }
    return;
  }

  // The rest carry nothing herald keeps, or are decoded from raw bytes here:
  // go by code.
  const auto* raw = std::get_if<wire::UnknownCap>(&c.value);
  switch (g.code) {
    case kCodeRouteRefresh:
    case kCodeRouteRefreshCisco: {
      bool cisco =
          LastOf(caps, kCodeRouteRefresh, kCodeRouteRefreshCisco) == kCodeRouteRefreshCisco;
      if (json)
        out->append(cisco ? "{ \"name\": \"route-refresh\", \"variant\": \"Cisco\" }"
                          : "{ \"name\": \"route-refresh\", \"variant\": \"RFC\" }");
      else
        out->append(cisco ? "Cisco Route Refresh" : "Route Refresh");
      return;
    }
    case static_cast<uint8_t>(wire::CapabilityCode::kEnhancedRouteRefresh):
      out->append(json ? "{ \"name\": \"enhanced-route-refresh\" }" : "Enhanced Route Refresh");
      return;
    case static_cast<uint8_t>(wire::CapabilityCode::kExtendedMessage):
      out->append(json ? "{ \"name\": \"extended-message\", \"size\": 65535 }"
                       : "Extended Message(65535)");
      return;
    case kCodeOperational:
      out->append(json ? "{ \"name\": \"operational\" }" : "Operational");
      return;
    case kCodeMultisession:
    case kCodeMultisessionCisco: {
      bool cisco =
          LastOf(caps, kCodeMultisession, kCodeMultisessionCisco) == kCodeMultisessionCisco;
      // ExaBGP ignores the listed codes when decoding, so the list is empty.
      if (json)
        out->append(
            cisco ? "{ \"name\": \"multisession\", \"variant\": \"Cisco\", \"capabilities\": [ ] }"
                  : "{ \"name\": \"multisession\", \"variant\": \"RFC\", \"capabilities\": [ ] }");
      else
        out->append(cisco ? "Multisession " : "Multisession (RFC) ");
      return;
    }
    case kCodeNextHop:
      if (const auto* nh = std::get_if<wire::ExtendedNextHopCap>(&c.value)) {
        bool first = true;
        out->append(json ? "{ \"name\": \"nexthop\", \"conversion\": [" : "NextHop(");
        for (const auto& e : nh->entries) {
          const uint16_t afi = static_cast<uint16_t>(e.family.afi);
          const uint8_t safi = static_cast<uint8_t>(e.family.safi);
          if (json) {
            out->append(first ? " \"" : ", \"");
            AppendAfi(out, afi, format);
            out->push_back('/');
            AppendSafi(out, safi);
            out->push_back('/');
            AppendAfi(out, static_cast<uint16_t>(e.next_hop_afi), format);
            out->push_back('"');
          } else {
            if (!first) out->push_back(',');
            AppendAfi(out, afi, format);
            out->push_back(' ');
            AppendSafi(out, safi);
            out->push_back(' ');
            AppendAfi(out, static_cast<uint16_t>(e.next_hop_afi), format);
          }
          first = false;
        }
        out->append(json ? " ] }" : ")");
        return;
      }
      break;
  }

  // Long-lived graceful restart (71), which ExaBGP 5.0 does not know, is
  // shown as it shows unknown codes: its bytes (so are FQDN and software
  // version in the 4.x format).
  Bytes encoded;
  if (!raw && (unknown_to_42 || std::holds_alternative<wire::LongLivedGracefulRestartCap>(c.value))) {
    ByteWriter w(&encoded);
    c.Encode(w);
    if (!w.ok() || encoded.size() < 2) encoded.clear();
    else encoded.erase(encoded.begin(), encoded.begin() + 2);  // code and length
  }
  ByteSpan value = raw ? ByteSpan(raw->value) : ByteSpan(encoded);
  if (json) {
    out->append("{ \"name\": \"unknown\", \"iana\": \"");
    out->append(IanaRange(g.code));
    out->append("\", \"value\": ");
    AppendUint(out, g.code);
    out->append(", \"raw\": \"");
    AppendHexUpper(out, value);
    out->append("\" }");
  } else {
    std::string_view range = IanaRange(g.code);
    out->append(range == "reserved"     ? "Reserved "
                : range == "unassigned" ? "Unassigned "
                                        : "Unknown ");
    AppendUint(out, g.code);
  }
}

}  // namespace

void AppendCapabilitiesJson(std::string* out, const std::vector<Capability>& caps,
                            Format format) {
  out->append("{ ");
  std::array<bool, 256> done{};
  bool first = true;
  for (const Capability& c : caps) {
    if (done[c.code]) continue;
    done[c.code] = true;
    if (!first) out->append(", ");
    first = false;
    out->push_back('"');
    AppendUint(out, c.code);
    out->append("\": ");
    AppendGroup(out, Collect(caps, c.code), caps, Output::kJson, format);
  }
  out->append(" }");
}

void AppendCapabilitiesText(std::string* out, const std::vector<Capability>& caps,
                            Format format) {
  std::array<bool, 256> present{};
  for (const Capability& c : caps) present[c.code] = true;
  const size_t start = out->size();
  bool first = true;
  for (int code = 0; code < 256; ++code) {
    if (!present[code]) continue;
    if (!first) out->append(", ");
    first = false;
    AppendGroup(out, Collect(caps, static_cast<uint8_t>(code)), caps, Output::kText, format);
  }
  // ExaBGP lower-cases the whole list (host names included).
  for (size_t i = start; i < out->size(); ++i) {
    char& ch = (*out)[i];
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
}

}  // namespace herald::api::render
