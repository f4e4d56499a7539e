#include "api/render_prefix_sid.h"

#include <algorithm>

#include "api/render_common.h"
#include "base/ip.h"
#include "wire/prefix_sid.h"

namespace herald::api::render {
namespace {

using wire::Ipv6ExtendedCommunity;
using wire::PrefixSidTlv;

// The decimal digits of a big-endian unsigned number of any width.
void AppendBigDecimal(std::string* out, ByteSpan bytes) {
  std::vector<uint8_t> n(bytes.begin(), bytes.end());
  std::string digits;
  while (std::any_of(n.begin(), n.end(), [](uint8_t b) { return b != 0; })) {
    unsigned rest = 0;
    for (uint8_t& b : n) {
      unsigned v = (rest << 8) | b;
      b = static_cast<uint8_t>(v / 10);
      rest = v % 10;
    }
    digits.push_back(static_cast<char>('0' + rest));
  }
  if (digits.empty()) digits = "0";
  out->append(digits.rbegin(), digits.rend());
}

// ExaBGP picks a class by (type & 0x0F, sub-type): (0x00, 0x0C) is the
// FlowSpec redirect to an IPv6 next hop, with the copy flag in the last bit
// (draft-ietf-idr-flowspec-redirect); (0x00, 0x0B) has a class that prints
// the community in hex. Others have none: an empty JSON "string", hex text.
enum class Kind { kRedirect, kHex, kNone };
Kind KindOf(const Ipv6ExtendedCommunity& c) {
  if ((c.bytes[0] & 0x0F) == 0 && c.bytes[1] == 0x0C) return Kind::kRedirect;
  if ((c.bytes[0] & 0x0F) == 0 && c.bytes[1] == 0x0B) return Kind::kHex;
  return Kind::kNone;
}

void AppendRedirect(std::string* out, const Ipv6ExtendedCommunity& c) {
  const bool copy = c.bytes[19] & 1;
  out->append(copy ? "copy-to-nexthop-ietf " : "redirect-to-nexthop-ietf ");
  IpAddress::FromBytes(ByteSpan(c.bytes).subspan(2, 16)).AppendTo(out);
  if (copy) out->append(" (with copy)");
}

void AppendHex(std::string* out, const Ipv6ExtendedCommunity& c) {
  out->append("0x");
  AppendHexUpper(out, c.bytes);
}

void AppendCommunityText(std::string* out, const Ipv6ExtendedCommunity& c) {
  if (KindOf(c) == Kind::kRedirect) AppendRedirect(out, c);
  else AppendHex(out, c);
}

std::vector<Ipv6ExtendedCommunity> SortedCopy(const std::vector<Ipv6ExtendedCommunity>& list) {
  std::vector<Ipv6ExtendedCommunity> sorted(list);
  std::sort(sorted.begin(), sorted.end());
  return sorted;
}

// json.dumps() of the SID Structure's dict.
void AppendStructureJson(std::string* out, const wire::SidStructure& s) {
  const std::pair<const char*, uint8_t> fields[] = {
      {"locator-block-length", s.locator_block}, {"locator-node-length", s.locator_node},
      {"function-length", s.function},           {"argument-length", s.argument},
      {"transposition-length", s.transposition_length}, {"transposition-offset", s.transposition_offset},
  };
  out->append("\"structure\": {");
  for (size_t i = 0; i < std::size(fields); ++i) {
    if (i) out->append(", ");
    out->push_back('"');
    out->append(fields[i].first);
    out->append("\": ");
    AppendUint(out, fields[i].second);
  }
  out->push_back('}');
}

bool IsSrv6(const PrefixSidTlv& t) {
  return t.type == wire::kPrefixSidSrv6L3Service || t.type == wire::kPrefixSidSrv6L2Service;
}

void AppendSrv6Json(std::string* out, const PrefixSidTlv& tlv) {
  out->append(tlv.type == wire::kPrefixSidSrv6L3Service ? "\"l3-service\": [ " : "\"l2-service\": [ ");
  bool first = true;
  for (const wire::Srv6SubTlv& sub : wire::Srv6SubTlvsOf(tlv)) {
    // ExaBGP shows an unknown sub-TLV as nothing, commas kept (no JSON):
    // herald leaves it out.
    if (!sub.information) continue;
    if (!first) out->append(", ");
    first = false;
    const auto& info = *sub.information;
    out->append("{ \"sid\": \"");
    IpAddress::FromBytes(ByteSpan(info.sid)).AppendTo(out);
    out->append("\", \"flags\": ");
    AppendUint(out, info.flags);
    out->append(", \"endpoint_behavior\": ");
    AppendUint(out, info.behavior);
    if (info.structure) {
      out->append(", ");
      AppendStructureJson(out, *info.structure);
    }
    out->append(" }");
  }
  out->append(" ]");
}

void AppendSrv6Text(std::string* out, const PrefixSidTlv& tlv) {
  out->append(tlv.type == wire::kPrefixSidSrv6L3Service ? "l3-service [ " : "l2-service [ ");
  bool first = true;
  for (const wire::Srv6SubTlv& sub : wire::Srv6SubTlvsOf(tlv)) {
    if (!first) out->append(", ");
    first = false;
    if (!sub.information) {
      out->append("SRv6 Service Sub-TLV type ");
      AppendUint(out, sub.type);
      out->append(" not implemented");
      continue;
    }
    const auto& info = *sub.information;
    out->append("sid-information [ sid:");
    IpAddress::FromBytes(ByteSpan(info.sid)).AppendTo(out);
    out->append(" flags:");
    AppendUint(out, info.flags);
    out->append(" endpoint_behavior:0x");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (uint16_t v = info.behavior; v || hex.empty(); v >>= 4) hex.insert(hex.begin(), kHex[v & 15]);
    out->append(hex);
    out->push_back(' ');
    if (const auto& s = info.structure) {
      out->append(" [ sid-structure [");
      const uint8_t v[] = {s->locator_block, s->locator_node, s->function, s->argument, s->transposition_length,
                           s->transposition_offset};
      for (size_t i = 0; i < 6; ++i) {
        if (i) out->push_back(',');
        AppendUint(out, v[i]);
      }
      out->append("] ]");
    }
    // (sic) ExaBGP 5.0 leaves the sid-information bracket open.
  }
  out->append(" ]");
}

void AppendSrgbsText(std::string* out, const PrefixSidTlv& tlv) {
  out->append("[ ");
  bool first = true;
  for (const wire::Srgb& s : wire::SrgbsOf(tlv)) {
    if (!first) out->append(", ");
    first = false;
    out->append("( ");
    AppendUint(out, s.base);
    out->push_back(',');
    AppendUint(out, s.range);
    out->append(" )");
  }
  out->append(" ]");
}

const PrefixSidTlv* Find(const std::vector<PrefixSidTlv>& tlvs, uint8_t type) {
  for (const PrefixSidTlv& t : tlvs)
    if (t.type == type) return &t;
  return nullptr;
}

}  // namespace

void AppendIpv6ExtendedCommunitiesJson(std::string* out, const std::vector<Ipv6ExtendedCommunity>& list,
                                       Format format) {
  const std::vector<Ipv6ExtendedCommunity> sorted = SortedCopy(list);
  if (format == Format::kExabgp4) {
    out->push_back('"');
    AppendIpv6ExtendedCommunitiesText(out, list);
    out->push_back('"');
    return;
  }
  out->append("[ ");
  for (size_t i = 0; i < sorted.size(); ++i) {
    if (i) out->append(", ");
    out->append("{ \"value\": ");
    AppendBigDecimal(out, sorted[i].bytes);
    out->append(", \"string\": \"");
    switch (KindOf(sorted[i])) {
      case Kind::kRedirect: AppendRedirect(out, sorted[i]); break;
      case Kind::kHex: AppendHex(out, sorted[i]); break;
      case Kind::kNone: break;
    }
    out->append("\" }");
  }
  out->append(" ]");
}

void AppendIpv6ExtendedCommunitiesText(std::string* out, const std::vector<Ipv6ExtendedCommunity>& list) {
  const std::vector<Ipv6ExtendedCommunity> sorted = SortedCopy(list);
  if (sorted.size() > 1) out->append("[ ");
  for (size_t i = 0; i < sorted.size(); ++i) {
    if (i) out->push_back(' ');
    AppendCommunityText(out, sorted[i]);
  }
  if (sorted.size() > 1) out->append(" ]");
}

void AppendPrefixSidJson(std::string* out, const std::vector<PrefixSidTlv>& tlvs) {
  out->append("{ ");
  for (size_t i = 0; i < tlvs.size(); ++i) {
    const PrefixSidTlv& t = tlvs[i];
    if (i) out->append(", ");
    if (t.type == wire::kPrefixSidLabelIndex) {
      out->append("\"sr-label-index\": ");
      AppendUint(out, wire::LabelIndexOf(t));
    } else if (t.type == wire::kPrefixSidSrgb) {
      // json.dumps() of a list of pairs.
      out->append("\"sr-srgbs\": [");
      bool first = true;
      for (const wire::Srgb& s : wire::SrgbsOf(t)) {
        if (!first) out->append(", ");
        first = false;
        out->push_back('[');
        AppendUint(out, s.base);
        out->append(", ");
        AppendUint(out, s.range);
        out->push_back(']');
      }
      out->push_back(']');
    } else if (IsSrv6(t)) {
      AppendSrv6Json(out, t);
    } else {
      out->append("\"attribute-not-implemented-");
      AppendUint(out, t.type);
      out->append("\": \"");
      AppendHexString(out, t.value);
      out->push_back('"');
    }
  }
  out->append(" }");
}

void AppendPrefixSidText(std::string* out, const std::vector<PrefixSidTlv>& tlvs) {
  // With a Label-Index TLV, ExaBGP shows it and the SRGB TLV only.
  if (const PrefixSidTlv* index = Find(tlvs, wire::kPrefixSidLabelIndex)) {
    out->append("[ ");
    AppendUint(out, wire::LabelIndexOf(*index));
    if (const PrefixSidTlv* srgb = Find(tlvs, wire::kPrefixSidSrgb)) {
      out->append(", ");
      AppendSrgbsText(out, *srgb);
    }
    out->append(" ]");
    return;
  }
  out->append("[ ");
  for (size_t i = 0; i < tlvs.size(); ++i) {
    const PrefixSidTlv& t = tlvs[i];
    if (i) out->append(", ");
    if (t.type == wire::kPrefixSidSrgb) {
      AppendSrgbsText(out, t);
    } else if (IsSrv6(t)) {
      AppendSrv6Text(out, t);
    } else {
      out->append("Attribute with code [ ");
      AppendUint(out, t.type);
      out->append(" ] not implemented");
    }
  }
  out->append(" ]");
}

}  // namespace herald::api::render
