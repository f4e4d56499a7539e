#include "api/render_rtc.h"

#include <optional>

#include "api/render_common.h"
#include "wire/rtc.h"

namespace herald::api::render {
namespace {

std::optional<wire::RtcNlri> Rtc(const wire::GenericNlri& nlri) {
  ByteReader r(nlri.bytes);
  auto rtc = wire::DecodeRtcNlri(r);
  if (!rtc || r.remaining() != 0) return std::nullopt;
  return *rtc;
}

// The route target as ExaBGP reads it from the NLRI: whatever its sub-type,
// a route target of its type (2-octet AS, IPv4, 4-octet AS), the
// Transitive and IANA bits of the type ignored (RFC 4684 §4 says they mean
// nothing here).
void AppendRouteTarget(std::string* out, const wire::RtcNlri& rtc, const Style& style) {
  uint64_t c = rtc.community();
  const uint64_t type = (c >> 56) & 0x3F;
  if (type <= 2) c = (type << 56) | (uint64_t{0x02} << 48) | (c & 0xFFFFFFFFFFFFull);
  AppendExtendedCommunityText(out, c, style.format == Format::kExabgp4);
}

}  // namespace

bool RtcJson(std::string* out, const wire::GenericNlri& nlri, std::string_view, const Style& style, bool) {
  auto rtc = Rtc(nlri);
  if (!rtc) return false;
  if (rtc->wildcard()) {
    out->append("{ \"origin\": 0, \"route-target\": null }");
    return true;
  }
  out->append("{ \"origin\": ");
  AppendUint(out, rtc->origin_as);
  out->append(", \"route-target\": \"");
  AppendRouteTarget(out, *rtc, style);
  out->push_back('"');
  if (rtc->length != 96) {
    out->append(", \"prefix-length\": ");
    AppendUint(out, rtc->length);
  }
  out->append(" }");
  return true;
}

bool RtcText(std::string* out, const wire::GenericNlri& nlri, std::string_view next_hop, const Style& style, bool) {
  auto rtc = Rtc(nlri);
  if (!rtc) return false;
  if (rtc->wildcard()) {
    out->append("rtc wildcard");
  } else {
    out->append("rtc ");
    AppendUint(out, rtc->origin_as);
    out->push_back(':');
    AppendRouteTarget(out, *rtc, style);
    if (rtc->length != 96) {
      out->push_back('/');
      AppendUint(out, rtc->length);
    }
  }
  if (!next_hop.empty()) out->append(" next-hop ").append(next_hop);
  return true;
}

}  // namespace herald::api::render
