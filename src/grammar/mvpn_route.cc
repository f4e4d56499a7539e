// MVPN routes (mvpn_route.h).
#include "grammar/mvpn_route.h"

#include <fmt/format.h>

#include "grammar/attribute_values.h"
#include "grammar/nlri_route.h"
#include "grammar/route_distinguisher.h"

namespace herald::grammar {
namespace {

// The route types, their words in order.
struct MvpnForm {
  std::string_view name;
  wire::MvpnType type;
  std::string_view source;  // the word before the first address
  bool source_as;
};
constexpr MvpnForm kForms[] = {
    {"source-ad", wire::MvpnType::kSourceAd, "source", false},
    {"shared-join", wire::MvpnType::kSharedJoin, "rp", true},
    {"source-join", wire::MvpnType::kSourceJoin, "source", true},
};
constexpr std::string_view kNames[] = {"source-ad", "shared-join", "source-join"};

ParseStatus Expect(TokenStream& in, std::string_view word, std::string_view form) {
  const Token& t = in.Next();
  if (!t.IsKeyword(word)) return FailAt(t, fmt::format("expected {} in the {} route, found {}", word, form, Describe(t)));
  return {};
}

ParseStatus Address(TokenStream& in, wire::Afi afi, std::string_view what, IpAddress* out) {
  const Token& t = in.Next();
  auto ip = t.is_word() ? IpAddress::Parse(t.text) : std::nullopt;
  const bool v6 = afi == wire::Afi::kIpv6;
  if (!ip || ip->is_v6() != v6)
    return FailAt(t, fmt::format("invalid {} {} (expected an {} address)", what, Describe(t), v6 ? "IPv6" : "IPv4"));
  *out = *ip;
  return {};
}

}  // namespace

std::span<const std::string_view> MvpnRouteTypes() { return kNames; }

ParseStatus ParseMvpnRoute(TokenStream& in, const Token& at, wire::Afi afi, RouteAction action, rib::Route* route) {
  const Token& type = in.Next();
  const MvpnForm* form = nullptr;
  for (const MvpnForm& f : kForms)
    if (type.IsKeyword(f.name)) form = &f;
  if (!form)
    return FailAt(type, fmt::format("unknown mcast-vpn route type {} (source-ad, shared-join or source-join)",
                                    Describe(type)));
  wire::MvpnRoute m;
  m.type = static_cast<uint8_t>(form->type);
  m.parsed = true;
  if (ParseStatus s = Expect(in, form->source, form->name); !s) return s;
  if (ParseStatus s = Address(in, afi, form->source, &m.source); !s) return s;
  if (ParseStatus s = Expect(in, "group", form->name); !s) return s;
  if (ParseStatus s = Address(in, afi, "group", &m.group); !s) return s;
  if (ParseStatus s = Expect(in, "rd", form->name); !s) return s;
  if (ParseStatus s = ReadRd(in, &m.rd); !s) return s;
  if (form->source_as) {
    if (ParseStatus s = Expect(in, "source-as", form->name); !s) return s;
    const Token& v = in.Next();
    uint64_t n = 0;
    if (!v.is_word() || !ParseUnsigned(v.text, 0xFFFFFFFFu, &n))
      return FailAt(v, fmt::format("invalid source-as {} (expected 0 to 4294967295)", Describe(v)));
    m.source_as = static_cast<uint32_t>(n);
  }
  RouteState state;
  if (ParseStatus s = ParseNlriRouteAttributes(in, "mcast-vpn", route, &state); !s) return s;
  if (ParseStatus s = FinishNlriRoute(at, action, "mcast-vpn", state, route); !s) return s;
  route->nlri.clear();
  route->generic.assign(1, wire::GenericNlri{wire::EncodeMvpnNlri(m), 0});
  route->family = wire::Family{afi, wire::Safi::kMcastVpn};
  return {};
}

std::optional<wire::MvpnRoute> MvpnNlriOf(const rib::Route& route) {
  if (route.family.safi != wire::Safi::kMcastVpn || route.generic.size() != 1) return std::nullopt;
  ByteReader in{ByteSpan(route.generic[0].bytes)};
  auto m = wire::DecodeMvpnNlri(in);
  if (!m || !in.empty() || !m->parsed) return std::nullopt;
  return *m;
}

std::optional<std::string> PrintMvpnNlri(const wire::MvpnRoute& m) {
  for (const MvpnForm& f : kForms) {
    if (static_cast<uint8_t>(f.type) != m.type || !m.parsed) continue;
    std::string out = fmt::format("{} {} {} group {} rd {}", f.name, f.source, m.source.ToString(), m.group.ToString(),
                                  FormatRouteDistinguisher(m.rd));
    if (f.source_as) out += fmt::format(" source-as {}", m.source_as);
    return out;
  }
  return std::nullopt;
}

}  // namespace herald::grammar
