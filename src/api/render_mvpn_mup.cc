// MVPN and MUP routes for processes (render_mvpn_mup.h).
#include "api/render_mvpn_mup.h"

#include "api/render_common.h"
#include "base/hex.h"
#include "wire/mup.h"
#include "wire/mvpn.h"

namespace herald::api::render {
namespace {

// , "key": "value"
void Str(std::string* out, std::string_view key, std::string_view value) {
  out->append(", \"").append(key).append("\": \"").append(value).append("\"");
}
// , "key": N
void Num(std::string* out, std::string_view key, uint64_t value) {
  out->append(", \"").append(key).append("\": ");
  AppendUint(out, value);
}

void Raw(std::string* out, ByteSpan nlri) {
  out->append("\"raw\": \"");
  AppendHexUpper(out, nlri);
  out->push_back('"');
}

std::string_view MvpnName(uint8_t type) {
  switch (type) {
    case 5: return "Source Active A-D Route";
    case 6: return "C-Multicast Shared Tree Join route";
    case 7: return "C-Multicast Source Tree Join route";
  }
  return {};
}

std::string_view MupName(wire::MupType type) {
  switch (type) {
    case wire::MupType::kIsd: return "InterworkSegmentDiscoveryRoute";
    case wire::MupType::kDsd: return "DirectSegmentDiscoveryRoute";
    case wire::MupType::kT1st: return "Type1SessionTransformedRoute";
    case wire::MupType::kT2st: return "Type2SessionTransformedRoute";
  }
  return {};
}

std::string RdText(const std::array<uint8_t, 8>& rd) {
  std::string out;
  AppendRd(&out, rd);
  return out;
}

}  // namespace

bool AppendMvpnJson(std::string* out, const wire::GenericNlri& nlri) {
  ByteReader r(nlri.bytes);
  auto m = wire::DecodeMvpnNlri(r);
  if (!m || r.remaining() != 0) return false;
  out->append("{ \"code\": ");
  AppendUint(out, m->type);
  if (!m->parsed) {
    out->append(", \"parsed\": false, ");
    Raw(out, nlri.bytes);
    out->append(" }");
    return true;
  }
  out->append(", \"parsed\": true, ");
  Raw(out, nlri.bytes);
  Str(out, "name", MvpnName(m->type));
  Str(out, "rd", RdText(m->rd));
  if (m->type != static_cast<uint8_t>(wire::MvpnType::kSourceAd)) Str(out, "source-as", std::to_string(m->source_as));
  Str(out, "source", m->source.ToString());
  Str(out, "group", m->group.ToString());
  out->append("}");
  return true;
}

bool AppendMupJson(std::string* out, const wire::GenericNlri& nlri, wire::Afi afi) {
  ByteReader r(nlri.bytes);
  auto m = wire::DecodeMupNlri(r, afi);
  if (!m || r.remaining() != 0) return false;
  if (!m->parsed) {
    out->append("{ \"arch\": ");
    AppendUint(out, m->arch);
    Num(out, "code", m->type);
    out->append(", ");
    Raw(out, nlri.bytes);
    out->append(" }");
    return true;
  }
  out->append("{ \"name\": \"").append(MupName(m->kind())).append("\",");
  // (sic: 5.0 puts two spaces here for t2st)
  out->append(m->kind() == wire::MupType::kT2st ? "  \"arch\": " : " \"arch\": ");
  AppendUint(out, m->arch);
  Num(out, "code", m->type);
  const std::string rd = RdText(m->rd);
  switch (m->kind()) {
    case wire::MupType::kIsd:
      Num(out, "prefix_ip_len", m->prefix.length());
      Str(out, "prefix_ip", m->prefix.address().ToString());
      Str(out, "rd", rd);
      break;
    case wire::MupType::kDsd:
      Str(out, "ip", m->address.ToString());
      Str(out, "rd", rd);
      break;
    case wire::MupType::kT1st:
      Num(out, "prefix_ip_len", m->prefix.length());
      Str(out, "prefix_ip", m->prefix.address().ToString());
      Str(out, "teid", std::to_string(m->teid));
      Str(out, "qfi", std::to_string(m->qfi));
      Str(out, "rd", rd);
      Num(out, "endpoint_ip_len", m->address.size() * 8);
      Str(out, "endpoint_ip", m->address.ToString());
      Num(out, "source_ip_len", m->source ? m->source->size() * 8 : 0);
      Str(out, "source_ip", m->source ? m->source->ToString() : std::string());
      break;
    case wire::MupType::kT2st:
      Num(out, "endpoint_len", m->endpoint_bits);
      Str(out, "endpoint_ip", m->address.ToString());
      Str(out, "rd", rd);
      Str(out, "teid", std::to_string(m->teid));
      break;
  }
  out->append(", ");
  Raw(out, nlri.bytes);
  out->append(" }");
  return true;
}

bool AppendMvpnShow(std::string* out, const wire::GenericNlri& nlri) {
  ByteReader r(nlri.bytes);
  auto m = wire::DecodeMvpnNlri(r);
  if (!m || r.remaining() != 0) return false;
  if (!m->parsed) {
    out->append("mvpn:unknown:0x").append(ToHex(m->body));
    return true;
  }
  const bool ad = m->type == static_cast<uint8_t>(wire::MvpnType::kSourceAd);
  out->append(ad ? "mvpn:sourcead::" : m->type == 6 ? "mvpn:shared-join::" : "mvpn:source-join::");
  out->append(RdText(m->rd)).push_back(':');
  if (!ad) out->append(std::to_string(m->source_as)).push_back(':');
  out->append(m->source.ToString()).push_back(':');
  out->append(m->group.ToString());
  return true;
}

bool AppendMupShow(std::string* out, const wire::GenericNlri& nlri, wire::Afi afi) {
  ByteReader r(nlri.bytes);
  auto m = wire::DecodeMupNlri(r, afi);
  if (!m || r.remaining() != 0) return false;
  if (!m->parsed) {
    out->append("mup:unknown:0x").append(ToHex(m->body));
    return true;
  }
  const std::string rd = RdText(m->rd);
  const std::string prefix = m->prefix.address().ToString() + "/" + std::to_string(m->prefix.length());
  switch (m->kind()) {
    case wire::MupType::kIsd: out->append("mup:isd::" + rd + ":" + prefix); break;
    case wire::MupType::kDsd: out->append("mup:dsd::" + rd + ":" + m->address.ToString()); break;
    case wire::MupType::kT1st:
      // (sic: the endpoint with the prefix's length)
      out->append("mup:t1st::" + rd + ":" + prefix + ":" + std::to_string(m->teid) + ":" + std::to_string(m->qfi) +
                  ":" + m->address.ToString() + "/" + std::to_string(m->prefix.length()));
      if (m->source) out->append(":" + m->source->ToString() + "/" + std::to_string(m->source->size() * 8));
      break;
    case wire::MupType::kT2st:
      out->append("mup:t2st::" + rd + ":" + std::to_string(m->endpoint_bits) + ":" + m->address.ToString() + ":" +
                  std::to_string(m->teid) + ":");
      break;
  }
  return true;
}

}  // namespace herald::api::render
