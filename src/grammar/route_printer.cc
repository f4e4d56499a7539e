#include "grammar/route_printer.h"

#include <fmt/format.h>

#include "base/hex.h"
#include "grammar/attribute_values.h"
#include "grammar/labeled_route.h"
#include "grammar/route_distinguisher.h"
#include "grammar/route_syntax.h"
#include "wire/prefix_sid.h"

namespace herald::grammar {
namespace {

// An AS_PATH the `as-path [ ... ]` syntax can say: sequences and sets, no
// two sequences in a row (the parser would join them), nothing empty.
bool AsPathIsPrintable(const wire::AsPath& path) {
  for (size_t i = 0; i < path.size(); ++i) {
    const wire::AsSegment& s = path[i];
    if (s.asns.empty()) return false;
    if (s.type != wire::AsSegmentType::kSequence && s.type != wire::AsSegmentType::kSet) return false;
    if (i && s.type == wire::AsSegmentType::kSequence && path[i - 1].type == wire::AsSegmentType::kSequence)
      return false;
  }
  return true;
}

// AS_PATH as a generic attribute (4-byte AS numbers), for the paths the
// list syntax cannot say.
std::string AsPathHex(const wire::AsPath& path) {
  Bytes b;
  for (const wire::AsSegment& s : path) {
    b.push_back(static_cast<uint8_t>(s.type));
    b.push_back(static_cast<uint8_t>(s.asns.size()));
    for (uint32_t a : s.asns)
      for (int shift = 24; shift >= 0; shift -= 8) b.push_back(static_cast<uint8_t>(a >> shift));
  }
  return ToHex(b);
}

template <typename T, typename F>
void List(std::string* out, std::string_view keyword, const std::vector<T>& values, F format) {
  if (values.empty()) return;
  *out += fmt::format(" {} [", keyword);
  for (const T& v : values) {
    *out += ' ';
    *out += format(v);
  }
  *out += " ]";
}

// A Prefix-SID in the words that build it (bgp-prefix-sid [ I ] or
// [ I, [ ( B,R ) ... ] ], bgp-prefix-sid-srv6 ( ... )), or empty when no
// words build exactly these TLVs (then it goes as a generic attribute).
std::string PrefixSidWords(const std::vector<wire::PrefixSidTlv>& tlvs) {
  if (tlvs.empty()) return "";
  const wire::PrefixSidTlv& first = tlvs[0];
  if (first.type == wire::kPrefixSidLabelIndex && tlvs.size() <= 2) {
    uint32_t index = wire::LabelIndexOf(first);
    std::vector<wire::Srgb> srgbs;
    if (tlvs.size() == 2) {
      if (tlvs[1].type != wire::kPrefixSidSrgb) return "";
      srgbs = wire::SrgbsOf(tlvs[1]);
      if (srgbs.empty() || tlvs[1] != wire::SrgbTlv(srgbs)) return "";
    }
    if (first != wire::LabelIndexTlv(index)) return "";
    std::string out = fmt::format(" bgp-prefix-sid [ {}", index);
    if (!srgbs.empty()) {
      out += ", [";
      for (size_t i = 0; i < srgbs.size(); ++i)
        out += fmt::format("{} ( {},{} )", i ? "," : "", srgbs[i].base, srgbs[i].range);
      out += " ]";
    }
    return out + " ]";
  }
  bool l2 = first.type == wire::kPrefixSidSrv6L2Service;
  if (tlvs.size() != 1 || (!l2 && first.type != wire::kPrefixSidSrv6L3Service)) return "";
  std::vector<wire::Srv6SubTlv> subs = wire::Srv6SubTlvsOf(first);
  if (subs.size() != 1 || !subs[0].information) return "";
  const wire::Srv6SubTlv::Information& info = *subs[0].information;
  if (first != wire::Srv6ServiceTlv(l2, info.sid, info.behavior, info.structure)) return "";
  std::string out = fmt::format(" bgp-prefix-sid-srv6 ( {} {} {}", l2 ? "l2-service" : "l3-service",
                                IpAddress::FromBytes(ByteSpan(info.sid)).ToString(), info.behavior);
  if (const auto& s = info.structure)
    out += fmt::format(" [ {}, {}, {}, {}, {}, {} ]", s->locator_block, s->locator_node, s->function, s->argument,
                       s->transposition_length, s->transposition_offset);
  return out + " )";
}

void Attributes(std::string* out, const rib::Route& route) {
  const wire::PathAttributes& a = route.attrs;
  switch (route.next_hop.kind) {
    case rib::NextHop::Kind::kSelf: *out += " next-hop self"; break;
    case rib::NextHop::Kind::kAddress: *out += " next-hop " + route.next_hop.address.ToString(); break;
    case rib::NextHop::Kind::kNone: break;
  }
  if (a.origin) {
    const char* names[] = {"igp", "egp", "incomplete"};
    *out += fmt::format(" origin {}", names[static_cast<int>(*a.origin) % 3]);
  }
  std::string raw_as_path;
  if (a.as_path && AsPathIsPrintable(*a.as_path)) {
    *out += " as-path [";
    for (const wire::AsSegment& s : *a.as_path) {
      bool set = s.type == wire::AsSegmentType::kSet;
      if (set) *out += " (";
      for (uint32_t asn : s.asns) *out += fmt::format(" {}", asn);
      if (set) *out += " )";
    }
    *out += " ]";
  } else if (a.as_path) {
    raw_as_path = AsPathHex(*a.as_path);
  }
  if (a.med) *out += fmt::format(" med {}", *a.med);
  if (a.local_pref) *out += fmt::format(" local-preference {}", *a.local_pref);
  if (a.atomic_aggregate) *out += " atomic-aggregate";
  if (a.aggregator) *out += fmt::format(" aggregator ( {}:{} )", a.aggregator->asn, a.aggregator->address.ToString());
  List(out, "community", a.communities, FormatCommunity);
  List(out, "extended-community", a.extended_communities, FormatExtendedCommunity);
  List(out, "large-community", a.large_communities, FormatLargeCommunity);
  if (a.originator_id) *out += " originator-id " + a.originator_id->ToString();
  List(out, "cluster-list", a.cluster_list, [](const IpAddress& ip) { return ip.ToString(); });
  if (a.aigp) *out += fmt::format(" aigp 0x{:016x}", *a.aigp);
  std::optional<std::string> raw_prefix_sid;
  if (a.prefix_sid) {
    std::string words = PrefixSidWords(*a.prefix_sid);
    if (words.empty()) {
      Bytes b;
      ByteWriter w(&b);
      wire::AppendPrefixSid(w, *a.prefix_sid);
      raw_prefix_sid = ToHex(b);
    }
    *out += words;
  }
  if (!route.nlri.empty() && route.nlri[0].path_id)
    *out += fmt::format(" path-information {}", route.nlri[0].path_id);
  if (!route.watchdog.empty()) *out += " watchdog " + QuoteWord(route.watchdog);
  if (!raw_as_path.empty()) *out += fmt::format(" attribute [ 0x02 0x40 0x{} ]", raw_as_path);
  // RFC 5701 communities have no keyword of their own (ExaBGP 5.0 has none).
  if (!a.ipv6_extended_communities.empty()) {
    Bytes b;
    for (const wire::Ipv6ExtendedCommunity& c : a.ipv6_extended_communities)
      b.insert(b.end(), c.bytes.begin(), c.bytes.end());
    *out += fmt::format(" attribute [ 0x19 0xc0 0x{} ]", ToHex(b));
  }
  if (raw_prefix_sid) *out += fmt::format(" attribute [ 0x28 0xc0 0x{} ]", *raw_prefix_sid);
  for (const wire::RawAttribute& r : a.unknown)
    *out += fmt::format(" attribute [ 0x{:02x} 0x{:02x} 0x{} ]", r.code, r.flags, ToHex(r.value));
}

// A labeled route's `rd RD label [ L ... ]` (labeled_route.h), with a
// leading space; empty for the others.
std::string Qualifiers(const LabeledRouteView& view) {
  std::string out;
  if (view.rd) out += " rd " + FormatRouteDistinguisher(*view.rd);
  if (!view.labels.empty()) List(&out, "label", view.labels, [](uint32_t l) { return std::to_string(l); });
  return out;
}

// The route, with `withdraw` among its attributes if asked.
std::string RouteText(const rib::Route& original, bool withdraw) {
  std::optional<std::string> words;
  if (const RouteSyntax* syntax = FindRouteSyntax(original.family); syntax && syntax->nlri_words)
    words = syntax->nlri_words(original);
  if (words) {
    std::string out = std::move(*words);
    Attributes(&out, original);
    if (withdraw) out += " withdraw";
    return out;
  }
  std::optional<LabeledRouteView> view = ViewLabeledRoute(original);
  const rib::Route& route = view ? view->unicast : original;
  std::string out;
  if (route.nlri.size() == 1) {
    out = route.nlri[0].prefix.ToString();
    if (view) out += Qualifiers(*view);
    Attributes(&out, route);
    if (withdraw) out += " withdraw";
    return out;
  }
  if (view) out += Qualifiers(*view);
  Attributes(&out, route);
  if (withdraw) out += " withdraw";
  out += " nlri";
  for (const wire::InetNlri& n : route.nlri) out += " " + n.prefix.ToString();
  return out.substr(1);
}

}  // namespace

std::string QuoteWord(std::string_view word) {
  bool bare = !word.empty();
  for (char c : word) {
    if (static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '\'' || c == '\\' || c == '#' || c == '{' ||
        c == '}' || c == ';' || c == '[' || c == ']' || c == '(' || c == ')' || c == ',' || c == 0x7f)
      bare = false;
  }
  if (bare) return std::string(word);
  std::string out = "\"";
  for (char c : word) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default: out += c;
    }
  }
  out += '"';
  return out;
}


std::string PrintRoute(const rib::Route& route, bool withdraw) { return RouteText(route, withdraw); }

}  // namespace herald::grammar
