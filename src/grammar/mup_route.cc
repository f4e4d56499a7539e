// MUP routes (mup_route.h).
#include "grammar/mup_route.h"

#include <fmt/format.h>

#include "grammar/attribute_values.h"
#include "grammar/nlri_route.h"
#include "grammar/route_distinguisher.h"

namespace herald::grammar {
namespace {

constexpr std::string_view kNames[] = {"mup-isd", "mup-dsd", "mup-t1st", "mup-t2st"};

ParseStatus Expect(TokenStream& in, std::string_view word, std::string_view form) {
  const Token& t = in.Next();
  if (!t.IsKeyword(word)) return FailAt(t, fmt::format("expected {} in the {} route, found {}", word, form, Describe(t)));
  return {};
}

const char* FamilyName(wire::Afi afi) { return afi == wire::Afi::kIpv6 ? "IPv6" : "IPv4"; }

ParseStatus Address(TokenStream& in, wire::Afi afi, std::string_view what, IpAddress* out) {
  const Token& t = in.Next();
  auto ip = t.is_word() ? IpAddress::Parse(t.text) : std::nullopt;
  if (!ip || ip->is_v6() != (afi == wire::Afi::kIpv6))
    return FailAt(t, fmt::format("invalid {} {} (expected an {} address)", what, Describe(t), FamilyName(afi)));
  *out = *ip;
  return {};
}

ParseStatus PrefixOf(TokenStream& in, wire::Afi afi, Prefix* out) {
  const Token& t = in.Peek();
  if (ParseStatus s = ParsePrefix(in, out); !s) return s;
  if (out->is_v6() != (afi == wire::Afi::kIpv6))
    return FailAt(t, fmt::format("{} is not an {} prefix", t.text, FamilyName(afi)));
  return {};
}

ParseStatus Number(TokenStream& in, std::string_view what, uint64_t max, uint64_t* out) {
  const Token& v = in.Next();
  if (!v.is_word() || !ParseUnsigned(v.text, max, out))
    return FailAt(v, fmt::format("invalid {} {} (expected 0 to {})", what, Describe(v), max));
  return {};
}

// <teid>/<bits>: a value that fits the bits.
ParseStatus Teid(TokenStream& in, wire::MupRoute* m) {
  const Token& v = in.Next();
  const size_t slash = v.is_word() ? v.text.find('/') : std::string_view::npos;
  uint64_t teid = 0, bits = 0;
  if (slash == std::string_view::npos || !ParseUnsigned(v.text.substr(0, slash), 0xFFFFFFFFu, &teid) ||
      !ParseUnsigned(v.text.substr(slash + 1), 32, &bits))
    return FailAt(v, fmt::format("invalid teid {} (expected <teid>/<bits>, bits 0 to 32)", Describe(v)));
  if (bits < 32 && teid >> bits)
    return FailAt(v, fmt::format("teid {} does not fit in {} bits", teid, bits));
  m->teid = static_cast<uint32_t>(teid);
  m->endpoint_bits = static_cast<uint8_t>(m->address.size() * 8 + bits);
  return {};
}

ParseStatus ReadNlri(TokenStream& in, const Token& type, wire::Afi afi, wire::MupRoute* m) {
  const std::string_view name = type.text;
  if (m->kind() == wire::MupType::kIsd || m->kind() == wire::MupType::kT1st) {
    if (ParseStatus s = PrefixOf(in, afi, &m->prefix); !s) return s;
  } else if (ParseStatus s = Address(in, afi, "address", &m->address); !s) {
    return s;
  }
  if (ParseStatus s = Expect(in, "rd", name); !s) return s;
  if (ParseStatus s = ReadRd(in, &m->rd); !s) return s;
  if (m->kind() == wire::MupType::kT2st) {
    if (ParseStatus s = Expect(in, "teid", name); !s) return s;
    return Teid(in, m);
  }
  if (m->kind() != wire::MupType::kT1st) return {};
  uint64_t n = 0;
  if (ParseStatus s = Expect(in, "teid", name); !s) return s;
  if (ParseStatus s = Number(in, "teid", 0xFFFFFFFFu, &n); !s) return s;
  m->teid = static_cast<uint32_t>(n);
  if (ParseStatus s = Expect(in, "qfi", name); !s) return s;
  if (ParseStatus s = Number(in, "qfi", 255, &n); !s) return s;
  m->qfi = static_cast<uint8_t>(n);
  if (ParseStatus s = Expect(in, "endpoint", name); !s) return s;
  if (ParseStatus s = Address(in, afi, "endpoint", &m->address); !s) return s;
  if (!in.AtEnd() && in.Peek().IsKeyword("source")) {
    in.Next();
    IpAddress source;
    if (ParseStatus s = Address(in, afi, "source", &source); !s) return s;
    m->source = source;
  }
  return {};
}

}  // namespace

std::span<const std::string_view> MupRouteTypes() { return kNames; }

ParseStatus ParseMupRoute(TokenStream& in, const Token& at, wire::Afi afi, RouteAction action, rib::Route* route) {
  const Token& type = in.Next();
  wire::MupRoute m;
  for (size_t i = 0; i < std::size(kNames); ++i)
    if (type.IsKeyword(kNames[i])) m.type = static_cast<uint16_t>(i + 1);
  if (m.type == 0)
    return FailAt(type, fmt::format("unknown mup route type {} (mup-isd, mup-dsd, mup-t1st or mup-t2st)",
                                    Describe(type)));
  m.arch = wire::kMupArch3gpp5g;
  m.parsed = true;
  if (ParseStatus s = ReadNlri(in, type, afi, &m); !s) return s;
  RouteState state;
  if (ParseStatus s = ParseNlriRouteAttributes(in, "mup", route, &state); !s) return s;
  if (ParseStatus s = FinishNlriRoute(at, action, "mup", state, route); !s) return s;
  route->nlri.clear();
  route->generic.assign(1, wire::GenericNlri{wire::EncodeMupNlri(m), 0});
  route->family = wire::Family{afi, wire::kSafiMup};
  return {};
}

std::optional<wire::MupRoute> MupNlriOf(const rib::Route& route) {
  if (route.family.safi != wire::kSafiMup || route.generic.size() != 1) return std::nullopt;
  ByteReader in{ByteSpan(route.generic[0].bytes)};
  auto m = wire::DecodeMupNlri(in, route.family.afi);
  if (!m || !in.empty() || !m->parsed) return std::nullopt;
  return *m;
}

std::optional<std::string> PrintMupNlri(const wire::MupRoute& m) {
  if (!m.parsed) return std::nullopt;
  const std::string rd = FormatRouteDistinguisher(m.rd);
  switch (m.kind()) {
    case wire::MupType::kIsd: return fmt::format("mup-isd {} rd {}", m.prefix.ToString(), rd);
    case wire::MupType::kDsd: return fmt::format("mup-dsd {} rd {}", m.address.ToString(), rd);
    case wire::MupType::kT1st: {
      std::string out = fmt::format("mup-t1st {} rd {} teid {} qfi {} endpoint {}", m.prefix.ToString(), rd, m.teid,
                                    m.qfi, m.address.ToString());
      if (m.source) out += " source " + m.source->ToString();
      return out;
    }
    case wire::MupType::kT2st:
      return fmt::format("mup-t2st {} rd {} teid {}/{}", m.address.ToString(), rd, m.teid, m.teid_bits());
  }
  return std::nullopt;
}

}  // namespace herald::grammar
