// The route attribute keywords: one handler each, found through a table
// (ExaBGP's ParseStaticRoute.known, less what herald does not support yet).
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "base/hex.h"
#include "grammar/attribute_values.h"
#include "grammar/route_distinguisher.h"
#include "grammar/route_parser.h"
#include "wire/prefix_sid.h"

namespace herald::grammar {
namespace {


using wire::AttrCode;

constexpr size_t Code(AttrCode c) { return static_cast<size_t>(c); }

// A word value after a keyword, or an error naming the keyword.
ParseStatus ExpectWord(TokenStream& in, std::string_view keyword, const Token** out) {
  const Token& t = in.Next();
  if (!t.is_word()) return FailAt(t, fmt::format("missing value for {}, found {}", keyword, Describe(t)));
  *out = &t;
  return {};
}

// Marks an attribute code as given; a second time is an error.
ParseStatus Once(const Token& keyword, size_t code, RouteState* state) {
  if (state->seen[code]) return FailAt(keyword, fmt::format("{} given twice", keyword.text));
  state->seen[code] = true;
  return {};
}

// Reads `[ v v ... ]` or a single `v`, calling add(token) for each value.
// Commas between values are allowed.
template <typename F>
ParseStatus ForEachValue(TokenStream& in, std::string_view keyword, F add) {
  const Token& first = in.Next();
  if (first.is_word()) return add(first);
  if (!first.is(TokenKind::kLBracket))
    return FailAt(first, fmt::format("missing value for {}, found {}", keyword, Describe(first)));
  while (true) {
    const Token& t = in.Next();
    if (t.is(TokenKind::kRBracket)) return {};
    if (t.is(TokenKind::kComma)) continue;
    if (!t.is_word()) return FailAt(t, fmt::format("missing ']' to close {}, found {}", keyword, Describe(t)));
    if (ParseStatus s = add(t); !s) return s;
  }
}

template <typename T>
ParseStatus Located(const Token& at, Result<T>&& r, T* out) {
  if (!r) return FailAt(at, std::move(r).error().message);
  *out = std::move(*r);
  return {};
}

ParseStatus IPv4Value(const Token& t, std::string_view what, IpAddress* out) {
  auto ip = IpAddress::Parse(t.text);
  if (!ip || !ip->is_v4()) return FailAt(t, fmt::format("invalid {} {}", what, t.text));
  *out = *ip;
  return {};
}

using Handler = ParseStatus (*)(const Token& keyword, TokenStream& in, rib::Route* route, RouteState* state);

ParseStatus NextHop(const Token& kw, TokenStream& in, rib::Route* route, RouteState* state) {
  if (ParseStatus s = Once(kw, Code(AttrCode::kNextHop), state); !s) return s;
  const Token* v;
  if (ParseStatus s = ExpectWord(in, kw.text, &v); !s) return s;
  if (EqualsLower(v->text, "self")) {
    route->next_hop = rib::NextHop::Self();
    return {};
  }
  auto ip = IpAddress::Parse(v->text);
  if (!ip) return FailAt(*v, fmt::format("invalid next-hop {}", v->text));
  route->next_hop = rib::NextHop::Address(*ip);
  state->next_hop_at = v;
  return {};
}

ParseStatus Origin(const Token& kw, TokenStream& in, rib::Route* route, RouteState* state) {
  if (ParseStatus s = Once(kw, Code(AttrCode::kOrigin), state); !s) return s;
  const Token* v;
  if (ParseStatus s = ExpectWord(in, kw.text, &v); !s) return s;
  if (EqualsLower(v->text, "igp")) route->attrs.origin = wire::Origin::kIgp;
  else if (EqualsLower(v->text, "egp")) route->attrs.origin = wire::Origin::kEgp;
  else if (EqualsLower(v->text, "incomplete")) route->attrs.origin = wire::Origin::kIncomplete;
  else return FailAt(*v, fmt::format("unknown origin {} (expected igp, egp or incomplete)", v->text));
  return {};
}

ParseStatus AsPath(const Token& kw, TokenStream& in, rib::Route* route, RouteState* state) {
  if (ParseStatus s = Once(kw, Code(AttrCode::kAsPath), state); !s) return s;
  wire::AsPath& path = route->attrs.as_path.emplace();
  auto asn = [](const Token& t, std::vector<uint32_t>* out) -> ParseStatus {
    auto a = ParseAsn(t.text);
    if (!a) return FailAt(t, fmt::format("invalid ASN {} in as-path", t.text));
    if (*a == 0) return FailAt(t, fmt::format("invalid ASN {} in as-path: AS 0 is reserved (RFC 7607)", t.text));
    out->push_back(*a);
    return {};
  };
  const Token& first = in.Next();
  if (first.is_word()) {
    path.push_back({wire::AsSegmentType::kSequence, {}});
    return asn(first, &path.back().asns);
  }
  if (!first.is(TokenKind::kLBracket))
    return FailAt(first, fmt::format("missing value for as-path, found {}", Describe(first)));
  // Numbers form AS_SEQUENCE segments, `( ... )` AS_SET segments, in the order written.
  while (true) {
    const Token& t = in.Next();
    if (t.is(TokenKind::kRBracket)) return {};
    if (t.is(TokenKind::kComma)) continue;
    if (t.is(TokenKind::kLParen) || t.is(TokenKind::kLBracket)) {
      wire::AsSegment set{wire::AsSegmentType::kSet, {}};
      while (true) {
        const Token& m = in.Next();
        if (m.is(TokenKind::kRParen) || m.is(TokenKind::kRBracket)) break;
        if (m.is(TokenKind::kComma)) continue;
        if (!m.is_word()) return FailAt(m, fmt::format("missing ')' to close the AS set, found {}", Describe(m)));
        if (ParseStatus s = asn(m, &set.asns); !s) return s;
      }
      if (set.asns.empty()) return FailAt(t, "empty AS set in as-path");
      path.push_back(std::move(set));
      continue;
    }
    if (!t.is_word()) return FailAt(t, fmt::format("missing ']' to close as-path, found {}", Describe(t)));
    if (path.empty() || path.back().type != wire::AsSegmentType::kSequence)
      path.push_back({wire::AsSegmentType::kSequence, {}});
    if (ParseStatus s = asn(t, &path.back().asns); !s) return s;
  }
}

ParseStatus Number32(const Token& kw, TokenStream& in, std::string_view what, std::optional<uint32_t>* out) {
  const Token* v;
  if (ParseStatus s = ExpectWord(in, kw.text, &v); !s) return s;
  uint64_t n = 0;
  if (!ParseUnsigned(v->text, 0xFFFFFFFF, &n)) return FailAt(*v, fmt::format("invalid {} {}", what, v->text));
  *out = static_cast<uint32_t>(n);
  return {};
}

ParseStatus Med(const Token& kw, TokenStream& in, rib::Route* route, RouteState* state) {
  if (ParseStatus s = Once(kw, Code(AttrCode::kMed), state); !s) return s;
  return Number32(kw, in, "MED", &route->attrs.med);
}

// aigp N: decimal or 0x-prefixed hexadecimal, up to 2^64-1 (the metric of
// the AIGP TLV, RFC 7311 §3; ExaBGP's help says 40 bits, its parser takes 64).
ParseStatus Aigp(const Token& kw, TokenStream& in, rib::Route* route, RouteState* state) {
  if (ParseStatus s = Once(kw, Code(AttrCode::kAigp), state); !s) return s;
  const Token& v = in.Next();
  uint64_t n = 0;
  if (!v.is_word() || !ParseNumber(v.text, UINT64_MAX, &n))
    return FailAt(v, fmt::format("aigp requires a number (decimal or hexadecimal 0x prefixed) of at most 64 bits, "
                                 "found {}",
                                 Describe(v)));
  route->attrs.aigp = n;
  return {};
}

ParseStatus LocalPref(const Token& kw, TokenStream& in, rib::Route* route, RouteState* state) {
  if (ParseStatus s = Once(kw, Code(AttrCode::kLocalPref), state); !s) return s;
  return Number32(kw, in, "local preference", &route->attrs.local_pref);
}

ParseStatus AtomicAggregate(const Token& kw, TokenStream&, rib::Route* route, RouteState* state) {
  if (ParseStatus s = Once(kw, Code(AttrCode::kAtomicAggregate), state); !s) return s;
  route->attrs.atomic_aggregate = true;
  return {};
}

ParseStatus Aggregator(const Token& kw, TokenStream& in, rib::Route* route, RouteState* state) {
  if (ParseStatus s = Once(kw, Code(AttrCode::kAggregator), state); !s) return s;
  bool paren = in.Peek().is(TokenKind::kLParen);
  if (paren) in.Next();
  const Token* v;
  if (ParseStatus s = ExpectWord(in, kw.text, &v); !s) return s;
  size_t colon = v->text.find(':');
  auto invalid = [&] { return FailAt(*v, fmt::format("invalid aggregator {} (expected asn:ipv4)", v->text)); };
  if (colon == std::string_view::npos) return invalid();
  auto asn = ParseAsn(v->text.substr(0, colon));
  auto ip = IpAddress::Parse(v->text.substr(colon + 1));
  if (!asn || !ip || !ip->is_v4()) return invalid();
  if (*asn == 0)
    return FailAt(*v, fmt::format("invalid aggregator {}: AS 0 is reserved (RFC 7607)", v->text));
  route->attrs.aggregator = wire::Aggregator{*asn, *ip};
  if (paren) {
    const Token& close = in.Next();
    if (!close.is(TokenKind::kRParen))
      return FailAt(close, fmt::format("missing ')' to close aggregator, found {}", Describe(close)));
  }
  return {};
}

ParseStatus Communities(const Token& kw, TokenStream& in, rib::Route* route, RouteState* state) {
  if (ParseStatus s = Once(kw, Code(AttrCode::kCommunities), state); !s) return s;
  return ForEachValue(in, kw.text, [&](const Token& t) -> ParseStatus {
    uint32_t c = 0;
    if (ParseStatus s = Located(t, ParseCommunity(t.text), &c); !s) return s;
    route->attrs.communities.push_back(c);
    return {};
  });
}

ParseStatus ExtendedCommunities(const Token& kw, TokenStream& in, rib::Route* route, RouteState* state) {
  if (ParseStatus s = Once(kw, Code(AttrCode::kExtendedCommunities), state); !s) return s;
  return ForEachValue(in, kw.text, [&](const Token& t) -> ParseStatus {
    uint64_t c = 0;
    if (ParseStatus s = Located(t, ParseExtendedCommunity(t.text), &c); !s) return s;
    route->attrs.extended_communities.push_back(c);
    return {};
  });
}

ParseStatus LargeCommunities(const Token& kw, TokenStream& in, rib::Route* route, RouteState* state) {
  if (ParseStatus s = Once(kw, Code(AttrCode::kLargeCommunities), state); !s) return s;
  return ForEachValue(in, kw.text, [&](const Token& t) -> ParseStatus {
    wire::LargeCommunity c;
    if (ParseStatus s = Located(t, ParseLargeCommunity(t.text), &c); !s) return s;
    route->attrs.large_communities.push_back(c);
    return {};
  });
}

ParseStatus OriginatorId(const Token& kw, TokenStream& in, rib::Route* route, RouteState* state) {
  if (ParseStatus s = Once(kw, Code(AttrCode::kOriginatorId), state); !s) return s;
  const Token* v;
  if (ParseStatus s = ExpectWord(in, kw.text, &v); !s) return s;
  return IPv4Value(*v, "originator-id", &route->attrs.originator_id.emplace());
}

ParseStatus ClusterList(const Token& kw, TokenStream& in, rib::Route* route, RouteState* state) {
  if (ParseStatus s = Once(kw, Code(AttrCode::kClusterList), state); !s) return s;
  ParseStatus s = ForEachValue(in, kw.text, [&](const Token& t) -> ParseStatus {
    IpAddress ip;
    if (ParseStatus s = IPv4Value(t, "cluster-id", &ip); !s) return s;
    route->attrs.cluster_list.push_back(ip);
    return {};
  });
  if (s && route->attrs.cluster_list.empty()) return FailAt(kw, "empty cluster-list");
  return s;
}

ParseStatus PathInformation(const Token& kw, TokenStream& in, rib::Route*, RouteState* state) {
  if (state->path_id) return FailAt(kw, "path-information given twice");
  const Token* v;
  if (ParseStatus s = ExpectWord(in, kw.text, &v); !s) return s;
  uint64_t n = 0;
  if (ParseUnsigned(v->text, 0xFFFFFFFF, &n)) {
    state->path_id = static_cast<uint32_t>(n);
    return {};
  }
  auto ip = IpAddress::Parse(v->text);
  if (!ip || !ip->is_v4())
    return FailAt(*v, fmt::format("invalid path-information {} (expected a number or an IPv4 address)", v->text));
  state->path_id = ip->v4();
  return {};
}

// A number in a Prefix-SID form: decimal, or 0x hexadecimal where ExaBGP
// takes it.
ParseStatus SidNumber(const Token& t, bool hex, uint64_t max, std::string_view what, uint64_t* out) {
  bool ok = t.is_word() && (hex ? ParseNumber(t.text, max, out) : ParseUnsigned(t.text, max, out));
  if (!ok) return FailAt(t, fmt::format("invalid {} {} (a number from 0 to {})", what, Describe(t), max));
  return {};
}

ParseStatus Expect(TokenStream& in, TokenKind kind, std::string_view what, std::string_view keyword) {
  const Token& t = in.Next();
  if (!t.is(kind)) return FailAt(t, fmt::format("expected '{}' in {}, found {}", what, keyword, Describe(t)));
  return {};
}

// bgp-prefix-sid [ INDEX ] | [ INDEX, [ ( BASE,RANGE ), ... ] ]: a Label-Index
// TLV (32 bits) and an Originator SRGB TLV (24-bit bases and ranges), RFC
// 8669 §3, as ExaBGP 5.0 reads and encodes them.
ParseStatus PrefixSid(const Token& kw, TokenStream& in, rib::Route* route, RouteState* state) {
  if (ParseStatus s = Once(kw, Code(AttrCode::kPrefixSid), state); !s) return s;
  if (ParseStatus s = Expect(in, TokenKind::kLBracket, "[", kw.text); !s) return s;
  uint64_t index = 0;
  if (ParseStatus s = SidNumber(in.Next(), false, 0xFFFFFFFF, "label index", &index); !s) return s;
  std::vector<wire::Srgb> srgbs;
  bool inner = false;
  while (true) {
    const Token& t = in.Next();
    if (t.is(TokenKind::kComma)) continue;
    if (t.is(TokenKind::kRBracket)) break;
    if (t.is(TokenKind::kLBracket) && !inner) {
      inner = true;
      continue;
    }
    if (!t.is(TokenKind::kLParen) || !inner)
      return FailAt(t, fmt::format("expected '[ ( base,range ) ... ]' or ']' in {}, found {}", kw.text, Describe(t)));
    uint64_t base = 0, range = 0;
    if (ParseStatus s = SidNumber(in.Next(), false, 0xFFFFFF, "SRGB base", &base); !s) return s;
    if (ParseStatus s = Expect(in, TokenKind::kComma, ",", kw.text); !s) return s;
    if (ParseStatus s = SidNumber(in.Next(), false, 0xFFFFFF, "SRGB range", &range); !s) return s;
    if (ParseStatus s = Expect(in, TokenKind::kRParen, ")", kw.text); !s) return s;
    srgbs.push_back({static_cast<uint32_t>(base), static_cast<uint32_t>(range)});
  }
  if (inner)
    if (ParseStatus s = Expect(in, TokenKind::kRBracket, "]", kw.text); !s) return s;
  auto& tlvs = route->attrs.prefix_sid.emplace();
  tlvs.push_back(wire::LabelIndexTlv(static_cast<uint32_t>(index)));
  if (!srgbs.empty()) tlvs.push_back(wire::SrgbTlv(srgbs));
  return {};
}

// bgp-prefix-sid-srv6 ( l3-service|l2-service SID [BEHAVIOR [ [ LBL, LNL, FL,
// AL, TL, TO ] ] ] ): an SRv6 Service TLV with one SID Information sub-TLV
// (behavior 0xffff when not given) and its SID Structure (RFC 9252 §2, §3),
// as ExaBGP 5.0 reads and encodes them.
ParseStatus PrefixSidSrv6(const Token& kw, TokenStream& in, rib::Route* route, RouteState* state) {
  if (ParseStatus s = Once(kw, Code(AttrCode::kPrefixSid), state); !s) return s;
  if (ParseStatus s = Expect(in, TokenKind::kLParen, "(", kw.text); !s) return s;
  const Token& service = in.Next();
  bool l2 = service.is_word() && service.text == "l2-service";
  if (!l2 && !(service.is_word() && service.text == "l3-service"))
    return FailAt(service, fmt::format("expected l3-service or l2-service, found {}", Describe(service)));
  const Token& sid_token = in.Next();
  std::optional<IpAddress> sid;
  if (sid_token.is_word()) sid = IpAddress::Parse(sid_token.text);
  if (!sid || sid->is_v4()) return FailAt(sid_token, fmt::format("invalid SRv6 SID {} (an IPv6 address)",
                                                                 Describe(sid_token)));
  std::array<uint8_t, 16> sid_bytes{};
  std::copy_n(sid->bytes().begin(), 16, sid_bytes.begin());
  uint64_t behavior = 0xFFFF;
  std::optional<wire::SidStructure> structure;
  const Token* t = &in.Next();
  if (!t->is(TokenKind::kRParen)) {
    if (ParseStatus s = SidNumber(*t, true, 0xFFFF, "endpoint behavior", &behavior); !s) return s;
    t = &in.Next();
    if (t->is(TokenKind::kLBracket)) {
      uint64_t v[6] = {};
      for (int i = 0; i < 6; ++i) {
        if (i)
          if (ParseStatus s = Expect(in, TokenKind::kComma, ",", kw.text); !s) return s;
        if (ParseStatus s = SidNumber(in.Next(), true, 0xFF, "SID structure length", &v[i]); !s) return s;
      }
      if (ParseStatus s = Expect(in, TokenKind::kRBracket, "]", kw.text); !s) return s;
      auto b = [&](int i) { return static_cast<uint8_t>(v[i]); };
      structure = wire::SidStructure{b(0), b(1), b(2), b(3), b(4), b(5)};
      t = &in.Next();
    }
  }
  if (!t->is(TokenKind::kRParen)) return FailAt(*t, fmt::format("expected ')' in {}, found {}", kw.text, Describe(*t)));
  route->attrs.prefix_sid.emplace().push_back(
      wire::Srv6ServiceTlv(l2, sid_bytes, static_cast<uint16_t>(behavior), structure));
  return {};
}

// "0x.." at most 0xff.
bool HexByte(const Token& t, uint64_t* out) {
  return t.is_word() && t.text.size() > 2 && t.text[0] == '0' && (t.text[1] == 'x' || t.text[1] == 'X') &&
         ParseNumber(t.text, 0xFF, out);
}

// attribute [ 0xCODE 0xFLAGS 0xDATA ]
ParseStatus Generic(const Token& kw, TokenStream& in, rib::Route* route, RouteState* state) {
  const Token& open = in.Next();
  if (!open.is(TokenKind::kLBracket))
    return FailAt(open, "invalid attribute, does not start with [ (expected [ 0xCODE 0xFLAGS 0xDATA ])");
  uint64_t code = 0, flags = 0;
  const Token& code_token = in.Next();
  if (!HexByte(code_token, &code))
    return FailAt(code_token, fmt::format("invalid attribute code {} (expected 0x and hex digits)",
                                          Describe(code_token)));
  const Token& flag_token = in.Next();
  if (!HexByte(flag_token, &flags))
    return FailAt(flag_token, fmt::format("invalid attribute flags {} (expected 0x and hex digits)",
                                          Describe(flag_token)));
  const Token& data_token = in.Next();
  std::optional<Bytes> data;
  if (data_token.is_word() && data_token.text.size() >= 2 && data_token.text[0] == '0' &&
      (data_token.text[1] == 'x' || data_token.text[1] == 'X') &&
      data_token.text.find_first_of(" :\t\r\n") == std::string_view::npos)
    data = FromHex(data_token.text);
  if (!data)
    return FailAt(data_token, fmt::format("invalid attribute data {} (expected 0x and hex digits)",
                                          Describe(data_token)));
  const Token& close = in.Next();
  if (!close.is(TokenKind::kRBracket))
    return FailAt(close, fmt::format("invalid attribute, does not end with ], found {}", Describe(close)));
  if (data->size() > 0xFFFF) return FailAt(data_token, "attribute data longer than 65535 bytes");

  auto c = static_cast<uint8_t>(code);
  if (state->seen[c])
    return FailAt(code_token, fmt::format("attribute {} ({}) given twice", code_token.text, AttributeKeyword(c)));
  state->seen[c] = true;
  if (Status s = CheckGenericFlags(c, static_cast<uint8_t>(flags)); !s)
    return FailAt(flag_token, std::move(s).error().message);
  std::optional<IpAddress> next_hop;
  auto use = DecodeGenericAttribute(c, *data, &route->attrs, &next_hop);
  if (!use) return FailAt(data_token, std::move(use).error().message);
  if (next_hop) {
    route->next_hop = rib::NextHop::Address(*next_hop);
    state->next_hop_at = &data_token;
  }
  if (*use == GenericUse::kRaw) {
    auto& unknown = route->attrs.unknown;
    wire::RawAttribute raw{static_cast<uint8_t>(flags), c, std::move(*data)};
    // Kept in code order, as PathAttributes requires.
    auto at = std::lower_bound(unknown.begin(), unknown.end(), c,
                               [](const wire::RawAttribute& a, uint8_t v) { return a.code < v; });
    unknown.insert(at, std::move(raw));
  }
  return {};
}

ParseStatus Split(const Token& kw, TokenStream& in, rib::Route*, RouteState* state) {
  if (state->split) return FailAt(kw, "split given twice");
  const Token* v;
  if (ParseStatus s = ExpectWord(in, kw.text, &v); !s) return s;
  uint64_t n = 0;
  if (v->text.size() < 2 || v->text[0] != '/' || !ParseUnsigned(v->text.substr(1), 128, &n))
    return FailAt(*v, fmt::format("invalid split {} (expected /<length>)", v->text));
  state->split = static_cast<uint8_t>(n);
  return {};
}

// rd RD | route-distinguisher RD (route_distinguisher.h)
ParseStatus Rd(const Token& kw, TokenStream& in, rib::Route*, RouteState* state) {
  if (state->rd) return FailAt(kw, fmt::format("{} given twice", kw.text));
  const Token* v;
  if (ParseStatus s = ExpectWord(in, kw.text, &v); !s) return s;
  auto rd = ParseRouteDistinguisher(v->text);
  if (!rd) return FailAt(*v, rd.error().message);
  state->rd = *rd;
  state->rd_at = &kw;
  return {};
}

// label L | label [ L1 L2 ... ]: 20-bit MPLS labels, outermost first.
ParseStatus Label(const Token& kw, TokenStream& in, rib::Route*, RouteState* state) {
  if (state->label_at) return FailAt(kw, "label given twice");
  state->label_at = &kw;
  ParseStatus s = ForEachValue(in, kw.text, [&](const Token& t) -> ParseStatus {
    uint64_t n = 0;
    if (!ParseUnsigned(t.text, 0xFFFFF, &n))
      return FailAt(t, fmt::format("invalid label {} (a number from 0 to 1048575)", t.text));
    state->labels.push_back(static_cast<uint32_t>(n));
    return {};
  });
  if (s && state->labels.empty()) return FailAt(kw, "empty label stack");
  return s;
}

ParseStatus Name(const Token& kw, TokenStream& in, rib::Route*, RouteState* state) {
  if (state->seen_name) return FailAt(kw, "name given twice");
  state->seen_name = true;
  const Token* v;
  return ExpectWord(in, kw.text, &v);
}

ParseStatus Watchdog(const Token& kw, TokenStream& in, rib::Route* route, RouteState* state) {
  if (state->watchdog_at) return FailAt(kw, "watchdog given twice");
  state->watchdog_at = &kw;
  const Token* v;
  if (ParseStatus s = ExpectWord(in, kw.text, &v); !s) return s;
  if (EqualsLower(v->text, "announce") || EqualsLower(v->text, "withdraw"))
    return FailAt(*v, fmt::format("invalid watchdog name {}", v->text));
  route->watchdog.assign(v->text);
  return {};
}

ParseStatus Withdraw(const Token& kw, TokenStream&, rib::Route*, RouteState* state) {
  state->withdraw = true;
  state->withdraw_at = &kw;
  return {};
}

struct Keyword {
  std::string_view name;
  Handler handler;
};

// ExaBGP's ParseStaticRoute.known, less what herald does not support yet.
constexpr Keyword kKeywords[] = {
    {"next-hop", NextHop},
    {"origin", Origin},
    {"as-path", AsPath},
    {"med", Med},
    {"local-preference", LocalPref},
    {"community", Communities},
    {"extended-community", ExtendedCommunities},
    {"large-community", LargeCommunities},
    {"atomic-aggregate", AtomicAggregate},
    {"aggregator", Aggregator},
    {"originator-id", OriginatorId},
    {"cluster-list", ClusterList},
    {"aigp", Aigp},
    {"bgp-prefix-sid", PrefixSid},
    {"bgp-prefix-sid-srv6", PrefixSidSrv6},
    {"path-information", PathInformation},
    {"attribute", Generic},
    {"split", Split},
    {"rd", Rd},
    {"route-distinguisher", Rd},
    {"label", Label},
    {"name", Name},
    {"watchdog", Watchdog},
    {"withdraw", Withdraw},
};

constexpr auto kKeywordNames = [] {
  std::array<std::string_view, std::size(kKeywords)> names;
  for (size_t i = 0; i < names.size(); ++i) names[i] = kKeywords[i].name;
  return names;
}();

}  // namespace

std::span<const std::string_view> RouteAttributeKeywords() { return kKeywordNames; }

ParseStatus ParseRouteAttribute(TokenStream& in, rib::Route* route, RouteState* state) {
  const Token& kw = in.Next();
  if (!kw.is_word() || kw.quoted)
    return FailAt(kw, fmt::format("expected a route attribute, found {}", Describe(kw)));
  for (const Keyword& k : kKeywords)
    if (k.name == kw.text) return k.handler(kw, in, route, state);
  return FailAt(kw, fmt::format("unknown route attribute {}", Describe(kw)));
}

ParseStatus ParseRouteAttributes(TokenStream& in, rib::Route* route, RouteState* state,
                                 std::string_view stop) {
  while (!in.AtEnd()) {
    if (!stop.empty() && in.Peek().IsKeyword(stop)) return {};
    if (ParseStatus s = ParseRouteAttribute(in, route, state); !s) return s;
  }
  return {};
}

}  // namespace herald::grammar
