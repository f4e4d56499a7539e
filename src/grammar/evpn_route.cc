// EVPN routes (evpn_route.h).
#include "grammar/evpn_route.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

#include "grammar/attribute_values.h"
#include "grammar/route_distinguisher.h"
#include "wire/labeled.h"
#include "wire/next_hop.h"

namespace herald::grammar {
namespace {

using wire::EvpnType;

// The NLRI's fields (rd and label are read by the shared route grammar).
enum Field : uint8_t {
  kRd = 1, kEsi = 2, kTag = 4, kMac = 8, kIp = 16, kGateway = 32, kLabel = 64, kIplen = 128,
};

// The grammar: one row per route type.
struct TypeRow {
  std::string_view word;
  EvpnType type;
  uint8_t takes;     // the fields it may be given
  uint8_t needs;     // the fields it must be given
  size_t max_labels;
};
constexpr TypeRow kTypes[] = {
    {"ethernet-ad", EvpnType::kEthernetAd, kRd | kEsi | kTag | kLabel, kRd | kLabel, 1},
    {"mac-ip", EvpnType::kMacIp, kRd | kEsi | kTag | kMac | kIp | kLabel, kRd | kMac | kLabel, 2},
    {"multicast", EvpnType::kMulticast, kRd | kTag | kIp, kRd | kIp, 0},
    {"segment", EvpnType::kSegment, kRd | kEsi | kIp, kRd | kIp, 0},
    {"prefix", EvpnType::kPrefix, kRd | kEsi | kTag | kIp | kIplen | kGateway | kLabel, kRd | kIp | kLabel, 1},
};
constexpr std::string_view kTypeWords[] = {"ethernet-ad", "mac-ip", "multicast", "segment", "prefix"};

// The field words, then the route attributes an EVPN route takes.
constexpr std::string_view kKeywords[] = {
    "rd",          "esi",           "ethernet-tag", "etag",       "mac",        "ip",
    "iplen",       "gateway",       "label",        "next-hop",   "origin",     "as-path",
    "med",         "local-preference", "community", "extended-community", "large-community", "originator-id",
    "cluster-list", "aggregator",   "atomic-aggregate", "attribute", "name",
};
const std::span<const std::string_view> kAttributes = std::span(kKeywords).subspan(9);

const TypeRow* RowOf(uint8_t type) {
  for (const TypeRow& r : kTypes)
    if (static_cast<uint8_t>(r.type) == type) return &r;
  return nullptr;
}

const char* FieldName(uint8_t field) {
  switch (field) {
    case kRd: return "rd";
    case kEsi: return "esi";
    case kTag: return "ethernet-tag";
    case kMac: return "mac";
    case kIp: return "ip";
    case kGateway: return "gateway";
    case kLabel: return "label";
    default: return "iplen";
  }
}

// "00:11:22:aa:bb:cc"-like: `n` hex bytes separated by colons.
template <size_t n>
bool ParseColonHex(std::string_view text, std::array<uint8_t, n>* out) {
  if (text.size() != n * 3 - 1) return false;
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < n; ++i) {
    const int hi = digit(text[i * 3]), lo = digit(text[i * 3 + 1]);
    if (hi < 0 || lo < 0 || (i + 1 < n && text[i * 3 + 2] != ':')) return false;
    (*out)[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return true;
}

ParseStatus Value(TokenStream& in, const Token& keyword, const Token** out) {
  const Token& v = in.Next();
  if (!v.is_word()) return FailAt(v, fmt::format("missing value for {}, found {}", keyword.text, Describe(v)));
  *out = &v;
  return {};
}

ParseStatus ReadField(TokenStream& in, const Token& keyword, uint8_t field, EvpnDraft* d) {
  const Token* v = nullptr;
  if (ParseStatus s = Value(in, keyword, &v); !s) return s;
  const std::string_view t = v->text;
  wire::EvpnNlri& n = d->nlri;
  uint64_t number = 0;
  switch (field) {
    case kEsi:
      if (t == "-") n.esi = {};
      else if (!ParseColonHex(t, &n.esi)) return FailAt(*v, fmt::format("invalid esi {} (10 hex bytes a:b:..., or -)", t));
      return {};
    case kTag:
      if (!ParseUnsigned(t, 0xFFFFFFFF, &number)) return FailAt(*v, fmt::format("invalid ethernet-tag {}", t));
      n.etag = static_cast<uint32_t>(number);
      return {};
    case kMac:
      if (!ParseColonHex(t, &n.mac)) return FailAt(*v, fmt::format("invalid mac {} (6 hex bytes a:b:c:d:e:f)", t));
      return {};
    case kIplen:
      if (!ParseUnsigned(t, 128, &number)) return FailAt(*v, fmt::format("invalid iplen {} (0 to 128)", t));
      n.prefix_length = static_cast<uint8_t>(number);
      return {};
    case kGateway:
      if (!(n.gateway = IpAddress::Parse(t))) return FailAt(*v, fmt::format("invalid gateway {}", t));
      return {};
    default: {  // kIp: an address, or ADDRESS/LEN for a prefix route
      const size_t slash = t.find('/');
      if (slash != std::string_view::npos) {
        if (d->type != static_cast<uint8_t>(EvpnType::kPrefix))
          return FailAt(*v, fmt::format("ip {} takes no length in an evpn {} route", t, RowOf(d->type)->word));
        if (d->given & kIplen) return FailAt(*v, "iplen given twice");
        if (!ParseUnsigned(t.substr(slash + 1), 128, &number)) return FailAt(*v, fmt::format("invalid ip {}", t));
        n.prefix_length = static_cast<uint8_t>(number);
        d->given |= kIplen;
      }
      if (!(n.ip = IpAddress::Parse(t.substr(0, slash)))) return FailAt(*v, fmt::format("invalid ip {}", t));
      return {};
    }
  }
}

}  // namespace

ParseStatus ParseEvpnType(TokenStream& in, EvpnDraft* draft) {
  const Token& word = in.Next();
  for (const TypeRow& r : kTypes)
    if (word.IsKeyword(r.word)) {
      draft->type = static_cast<uint8_t>(r.type);
      draft->nlri.type = draft->type;
      return {};
    }
  return FailAt(word, fmt::format("expected an evpn route type (ethernet-ad, mac-ip, multicast, segment, prefix), "
                                  "found {}", Describe(word)));
}

ParseStatus ParseEvpnWord(TokenStream& in, rib::Route* route, EvpnDraft* draft) {
  const Token& keyword = in.Peek();
  const TypeRow* row = RowOf(draft->type);
  if (!keyword.is_word() || keyword.quoted || !row)
    return FailAt(keyword, fmt::format("expected an evpn keyword, found {}", Describe(keyword)));
  static constexpr std::pair<std::string_view, uint8_t> kWords[] = {
      {"esi", kEsi}, {"ethernet-tag", kTag}, {"etag", kTag}, {"mac", kMac}, {"ip", kIp},
      {"iplen", kIplen}, {"gateway", kGateway}, {"rd", kRd}, {"label", kLabel}};
  for (const auto& [word, field] : kWords) {
    if (keyword.text != word) continue;
    if (!(row->takes & field))
      return FailAt(keyword, fmt::format("{} is not valid in an evpn {} route", word, row->word));
    if (draft->given & field) return FailAt(keyword, fmt::format("{} given twice", FieldName(field)));
    draft->given |= field;
    if (field == kRd || field == kLabel) return ParseRouteAttribute(in, route, &draft->state);
    in.Next();
    return ReadField(in, keyword, field, draft);
  }
  if (std::find(kAttributes.begin(), kAttributes.end(), keyword.text) == kAttributes.end()) {
    const auto known = RouteAttributeKeywords();
    if (std::find(known.begin(), known.end(), keyword.text) == known.end())
      return FailAt(keyword, fmt::format("unknown evpn keyword {}", Describe(keyword)));
    return FailAt(keyword, fmt::format("{} is not valid in an evpn route", keyword.text));
  }
  if (keyword.text == "next-hop" && in.PeekAt(1).IsKeyword("self"))
    return FailAt(in.PeekAt(1), "next-hop self is not valid in an evpn route (the session is not l2vpn)");
  return ParseRouteAttribute(in, route, &draft->state);
}

ParseStatus FinishEvpnRoute(const Token& at, RouteAction action, const EvpnDraft& draft, rib::Route* route) {
  const TypeRow* row = RowOf(draft.type);
  if (!row) return FailAt(at, "missing the evpn route type");
  for (uint8_t field = 1; field; field = static_cast<uint8_t>(field << 1))
    if ((row->needs & field) && !(draft.given & field))
      return FailAt(at, fmt::format("missing {} in the evpn {} route", FieldName(field), row->word));
  wire::EvpnNlri n = draft.nlri;
  n.rd = *draft.state.rd;
  const auto& labels = draft.state.labels;
  if (labels.size() > row->max_labels)
    return FailAt(draft.state.label_at ? *draft.state.label_at : at,
                  fmt::format("an evpn {} route takes {} label{} at most", row->word, row->max_labels,
                              row->max_labels == 1 ? "" : "s"));
  n.labels.clear();
  for (size_t i = 0; i < labels.size(); ++i) n.labels.push_back(wire::LabelEntry(labels[i], i + 1 == labels.size()));
  if (n.type == static_cast<uint8_t>(EvpnType::kPrefix)) {
    if (!(draft.given & kIplen)) n.prefix_length = static_cast<uint8_t>(n.ip->size() * 8);
    if (!n.gateway) n.gateway = n.ip->is_v4() ? IpAddress() : *IpAddress::Parse("::");
    if (n.gateway->size() != n.ip->size()) return FailAt(at, "the gateway and the ip are not of one IP version");
    if (n.prefix_length > n.ip->size() * 8)
      return FailAt(at, fmt::format("iplen {} is too long for ip {}", n.prefix_length, n.ip->ToString()));
  }
  auto bytes = wire::EncodeEvpnNlri(n);
  if (!bytes) return FailAt(at, "the evpn route cannot be encoded");
  auto& a = route->attrs;
  auto sort_unique = [](auto& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  };
  sort_unique(a.communities);
  sort_unique(a.extended_communities);
  const rib::NextHop& nh = route->next_hop;
  const Token& nh_at = draft.state.next_hop_at ? *draft.state.next_hop_at : at;
  if (action == RouteAction::kAnnounce) {
    if (nh.kind == rib::NextHop::Kind::kNone) return FailAt(at, "missing next-hop in the evpn route");
    if (std::string_view why = wire::NextHopProblem(nh.address); !why.empty())
      return FailAt(nh_at, fmt::format("invalid next-hop {}: {}; a peer would ignore the route (RFC 4271 §6.3)",
                                       nh.address.ToString(), why));
  }
  route->nlri.clear();
  route->generic.assign(1, wire::GenericNlri{std::move(*bytes), 0});
  route->family = wire::kL2vpnEvpn;
  return {};
}

std::span<const std::string_view> EvpnTypeWords() { return kTypeWords; }
std::span<const std::string_view> EvpnKeywords() { return kKeywords; }

ParseStatus ParseEvpnRoute(TokenStream& in, const Token& at, RouteAction action, rib::Route* route) {
  EvpnDraft draft;
  if (ParseStatus s = ParseEvpnType(in, &draft); !s) return s;
  while (!in.AtEnd())
    if (ParseStatus s = ParseEvpnWord(in, route, &draft); !s) return s;
  return FinishEvpnRoute(at, action, draft, route);
}

std::optional<wire::EvpnNlri> EvpnNlriOf(const rib::Route& route) {
  if (route.family != wire::kL2vpnEvpn || route.generic.size() != 1) return std::nullopt;
  ByteReader in{ByteSpan(route.generic[0].bytes)};
  auto nlri = wire::DecodeEvpnNlri(in);
  if (!nlri || !in.empty() || !RowOf(nlri->type)) return std::nullopt;
  return std::move(*nlri);
}

std::string PrintEvpnNlri(const wire::EvpnNlri& n) {
  const TypeRow* row = RowOf(n.type);
  if (!row) return {};
  std::string out = fmt::format("{} rd {}", row->word, FormatRouteDistinguisher(n.rd));
  if (row->takes & kEsi) {
    bool zero = std::all_of(n.esi.begin(), n.esi.end(), [](uint8_t b) { return b == 0; });
    out += " esi ";
    if (zero) out += '-';
    for (size_t i = 0; !zero && i < n.esi.size(); ++i) out += fmt::format("{}{:02x}", i ? ":" : "", n.esi[i]);
  }
  if (row->takes & kTag) out += fmt::format(" ethernet-tag {}", n.etag);
  if (row->takes & kMac)
    out += fmt::format(" mac {:02X}:{:02X}:{:02X}:{:02X}:{:02X}:{:02X}", n.mac[0], n.mac[1], n.mac[2], n.mac[3],
                       n.mac[4], n.mac[5]);
  if (n.ip) out += " ip " + n.ip->ToString();
  if (n.type == static_cast<uint8_t>(EvpnType::kPrefix))
    out += fmt::format("/{} gateway {}", n.prefix_length, n.gateway ? n.gateway->ToString() : "");
  if (n.labels.size() == 1) out += fmt::format(" label {}", wire::LabelOf(n.labels[0]));
  if (n.labels.size() == 2)
    out += fmt::format(" label [ {} {} ]", wire::LabelOf(n.labels[0]), wire::LabelOf(n.labels[1]));
  return out;
}

}  // namespace herald::grammar
