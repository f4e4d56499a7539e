// A FlowSpec rule as a rib::Route, and back to text (flow_route.h).
#include "grammar/flow_route.h"

#include <bit>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "grammar/attribute_values.h"
#include "wire/nlri.h"

namespace herald::grammar {
namespace {

// The extended communities the actions make (flow_actions.cc), by their
// first two bytes.
constexpr uint16_t kTrafficRate = 0x8006;
constexpr uint16_t kTrafficAction = 0x8007;
constexpr uint16_t kRedirectAs2 = 0x8008;
constexpr uint16_t kRedirectAs4 = 0x8208;
constexpr uint16_t kTrafficMarking = 0x8009;
constexpr uint16_t kRedirectIpSimpson = 0x0800;
constexpr uint16_t kRedirectIpIetf = 0x010c;
constexpr uint16_t kRedirectIpv6Ietf = 0x000c;  // the same in an IPv6 extended community (RFC 5701), as ExaBGP sends it

void AppendPrefix(std::string* out, const wire::FlowPrefix& p) {
  *out += fmt::format("{}/{}", p.address.ToString(), p.length);
  if (p.offset) *out += fmt::format("/{}", p.offset);
}

// One {operator, value} pair as the match grammar reads it (flow_parser.cc):
// the value by its name where the component names its values (tcp,
// echo-request, syn, is-fragment), else as a number.
void AppendPair(std::string* out, const wire::FlowComponentInfo& info, const wire::FlowMatch& m) {
  const wire::FlowValueKind kind = info.kind;
  if (kind == wire::FlowValueKind::kBitmask) {
    static constexpr const char* kOps[] = {"", "=", "!", "!="};
    *out += kOps[m.op & 3];
  } else {
    static constexpr const char* kOps[] = {"false", "=", ">", ">=", "<", "<=", "!=", "true"};
    *out += kOps[m.op & 7];
  }
  if (info.render_names)
    for (const wire::FlowValueName& n : info.names)
      if (n.value == m.value) {
        *out += n.name;
        return;
      }
  *out += fmt::format("{}", m.value);
}

// The rate of a traffic-rate community if `rate-limit N` makes it exactly.
std::optional<uint64_t> RateOf(uint64_t c) {
  if ((c >> 32 & 0xFFFF) != 0) return std::nullopt;  // the AS field: ExaBGP writes 0
  const float f = std::bit_cast<float>(static_cast<uint32_t>(c));
  if (!(f >= 0) || f > static_cast<float>(kMaxFlowRate) || std::floor(f) != f) return std::nullopt;
  const uint64_t rate = std::min<uint64_t>(static_cast<uint64_t>(f), kMaxFlowRate);
  if (std::bit_cast<uint32_t>(static_cast<float>(rate)) != static_cast<uint32_t>(c)) return std::nullopt;
  return rate;
}

// The then statement of one extended community; empty where only
// `extended-community` says it. `next_hop` is the route's: the redirect
// and copy actions carry it.
std::string ThenOf(uint64_t c, const std::optional<IpAddress>& next_hop, bool* next_hop_said) {
  const uint16_t type = static_cast<uint16_t>(c >> 48);
  const uint64_t value = c & 0xFFFFFFFFFFFFull;
  switch (type) {
    case kTrafficRate:
      if (c == uint64_t{kTrafficRate} << 48) return "discard";
      if (auto rate = RateOf(c)) return fmt::format("rate-limit {}", *rate);
      break;
    case kTrafficAction:
      if (value == 1) return "action terminal";
      if (value == 2) return "action sample";
      if (value == 3) return "action sample-terminal";
      break;
    case kRedirectAs2:
      return fmt::format("redirect {}:{}", value >> 32, value & 0xFFFFFFFF);
    case kRedirectAs4:
      if ((value >> 16) > 0xFFFF) return fmt::format("redirect {}:{}", value >> 16, value & 0xFFFF);
      break;
    case kTrafficMarking:
      if (value <= 63) return fmt::format("mark {}", value);
      break;
    case kRedirectIpSimpson:
      if (value > 1) break;
      if (!next_hop) return value == 0 ? "redirect-to-nexthop" : "";
      *next_hop_said = true;
      return fmt::format("{} {}", value == 0 ? "redirect" : "copy", next_hop->ToString());
    case kRedirectIpIetf:
      if ((value & 0xFFFF) == 0)
        return fmt::format("redirect-to-nexthop-ietf {}", IpAddress::V4(static_cast<uint32_t>(value >> 16)).ToString());
      break;
    default:
      break;
  }
  return "";
}

template <typename T, typename F>
std::string ListStatement(std::string_view keyword, const std::vector<T>& values, F format) {
  std::string out = fmt::format("{} [", keyword);
  for (const T& v : values) out += " " + format(v);
  return out + " ]";
}

}  // namespace


ParseStatus MakeFlowRoute(const Token& at, const wire::FlowNlri& nlri, const std::vector<FlowAction>& actions,
                          const std::optional<rib::NextHop>& next_hop, rib::Route* route) {
  auto attrs = EncodeFlowActions(actions);
  if (!attrs) return FailAt(at, attrs.error().message);
  std::optional<rib::NextHop> hop = next_hop;
  if (attrs->next_hop) {
    const rib::NextHop action_hop = rib::NextHop::Address(*attrs->next_hop);
    if (hop && *hop != action_hop)
      return FailAt(at, fmt::format("next-hop {} and the action's {}: a flow rule has one next hop",
                                    hop->kind == rib::NextHop::Kind::kSelf ? "self" : hop->address.ToString(),
                                    attrs->next_hop->ToString()));
    hop = action_hop;
  }
  auto bytes = wire::EncodeFlowNlri(nlri);
  if (!bytes) return FailAt(at, "the flow rule is too long to encode (4095 bytes at most)");
  *route = rib::Route{};
  route->family = wire::Family{nlri.afi, nlri.vpn ? wire::Safi::kFlowVpn : wire::Safi::kFlowIp};
  route->generic.push_back({std::move(*bytes), 0});
  if (hop) route->next_hop = *hop;
  route->attrs.communities = std::move(attrs->communities);
  route->attrs.extended_communities = std::move(attrs->extended_communities);
  route->attrs.ipv6_extended_communities = std::move(attrs->ipv6_extended_communities);
  route->attrs.large_communities = std::move(attrs->large_communities);
  return {};
}

namespace {

// What a rule says besides its match and then statements.
struct RuleExtras {
  std::optional<std::array<uint8_t, 8>> rd;
  std::optional<rib::NextHop> next_hop;
};

// `rd RD` or `next-hop IP`, the keyword next in the stream.
ParseStatus ParseExtra(TokenStream& in, RuleExtras* extras) {
  const Token& t = in.Next();
  const Token& v = in.Next();
  if (!v.is_word()) return FailAt(v, fmt::format("missing value for {}, found {}", t.text, Describe(v)));
  const bool rd = t.text == "rd";
  if (rd ? extras->rd.has_value() : extras->next_hop.has_value())
    return FailAt(t, fmt::format("{} given twice", t.text));
  if (rd) {
    auto value = ParseRouteDistinguisher(v.text);
    if (!value) return FailAt(v, value.error().message);
    extras->rd = *value;
  } else if (v.IsKeyword("self")) {
    extras->next_hop = rib::NextHop::Self();  // the session's local address (rib/export.h)
  } else {
    auto ip = IpAddress::Parse(v.text);
    if (!ip) return FailAt(v, fmt::format("invalid next-hop {}", Describe(v)));
    extras->next_hop = rib::NextHop::Address(*ip);
  }
  return {};
}

bool IsExtra(const Token& t) { return t.is_word() && !t.quoted && (t.text == "rd" || t.text == "next-hop"); }

ParseStatus FinishRule(const Token& at, FlowMatchState* state, const std::vector<FlowAction>& actions,
                       const RuleExtras& extras, rib::Route* route) {
  if (auto s = FinishFlowMatch(at, state); !s) return s;
  if (extras.rd) {
    state->nlri.vpn = true;
    state->nlri.rd = *extras.rd;
  }
  return MakeFlowRoute(at, state->nlri, actions, extras.next_hop, route);
}

FlowMatchState StateOf(std::optional<wire::Afi> afi) {
  FlowMatchState state;
  if (afi) (*afi == wire::Afi::kIpv6 ? state.ipv6 : state.ipv4) = true;
  return state;
}

// The statements of a `match { }` or `then { }` on one line, after its '{':
// each ends with ';' (or the block's '}').
template <typename Fn>
ParseStatus BlockStatements(TokenStream& in, std::string_view block, Fn statement) {
  while (true) {
    const Token& t = in.Peek();
    if (t.is(TokenKind::kRBrace)) {
      in.Next();
      return {};
    }
    if (t.is(TokenKind::kSemicolon)) {
      in.Next();
      continue;
    }
    if (in.AtEnd()) return FailAt(t, fmt::format("missing '}}' to close {}", block));
    if (auto s = statement(); !s) return s;
    const Token& end = in.Peek();
    if (!end.is(TokenKind::kSemicolon) && !end.is(TokenKind::kRBrace))
      return FailAt(end, fmt::format("unexpected {} in {} (expected ';')", Describe(end), block));
  }
}

}  // namespace

ParseStatus ParseFlowRule(TokenStream& in, const Token& at, std::optional<wire::Afi> afi, bool rd_next_hop,
                          rib::Route* route) {
  FlowMatchState state = StateOf(afi);
  std::vector<FlowAction> actions;
  RuleExtras extras;
  while (!in.AtEnd()) {
    const Token& t = in.Peek();
    const bool word = t.is_word() && !t.quoted;
    if (word && IsFlowMatchKeyword(t.text)) {
      if (auto s = ParseFlowMatch(in, &state); !s) return s;
    } else if (word && IsFlowThenKeyword(t.text)) {
      if (auto s = ParseFlowThen(in, &actions); !s) return s;
    } else if (rd_next_hop && IsExtra(t)) {
      if (auto s = ParseExtra(in, &extras); !s) return s;
    } else if (word && t.text == "interface-set") {
      if (auto s = ParseFlowThen(in, &actions); !s) return s;
    } else {
      return FailAt(t, fmt::format("unknown flow keyword {}", Describe(t)));
    }
  }
  return FinishRule(at, &state, actions, extras, route);
}

ParseStatus ParseFlowRuleBlock(TokenStream& in, const Token& at, rib::Route* route) {
  FlowMatchState state;
  std::vector<FlowAction> actions;
  RuleExtras extras;
  if (!in.Next().is(TokenKind::kLBrace)) return FailAt(in.Last(), "expected '{'");
  while (true) {
    const Token& t = in.Peek();
    if (t.is(TokenKind::kRBrace)) {
      in.Next();
      break;
    }
    if (t.is(TokenKind::kSemicolon)) {
      in.Next();
      continue;
    }
    if (in.AtEnd()) return FailAt(t, "missing '}' to close the flow route");
    if (IsExtra(t)) {
      if (auto s = ParseExtra(in, &extras); !s) return s;
      if (!in.Peek().is(TokenKind::kSemicolon) && !in.Peek().is(TokenKind::kRBrace))
        return FailAt(in.Peek(), fmt::format("unexpected {} after {} (expected ';')", Describe(in.Peek()), t.text));
      continue;
    }
    const bool match = t.IsKeyword("match");
    const bool scope = t.IsKeyword("scope");
    if (!match && !scope && !t.IsKeyword("then"))
      return FailAt(t, fmt::format("invalid keyword {} in the flow route (rd, next-hop, match, scope, then)",
                                   Describe(t)));
    in.Next();
    if (!in.Next().is(TokenKind::kLBrace)) return FailAt(in.Last(), fmt::format("missing '{{' after {}", t.text));
    auto statement = [&]() -> ParseStatus {
      const Token& k = in.Peek();
      const bool word = k.is_word() && !k.quoted;
      if (match && word && IsFlowMatchKeyword(k.text)) return ParseFlowMatch(in, &state);
      if (!match && !scope && word && IsFlowThenKeyword(k.text)) return ParseFlowThen(in, &actions);
      // A rule's scope (draft-ietf-idr-flowspec-interfaceset): only there, as in ExaBGP.
      if (scope && word && k.text == "interface-set") return ParseFlowThen(in, &actions);
      return FailAt(k, fmt::format("invalid keyword {} in {}", Describe(k), t.text));
    };
    if (auto s = BlockStatements(in, t.text, statement); !s) return s;
  }
  if (!in.AtEnd()) return FailAt(in.Peek(), fmt::format("unexpected {} after the flow route", Describe(in.Peek())));
  return FinishRule(at, &state, actions, extras, route);
}

std::optional<wire::FlowNlri> FlowNlriOf(const rib::Route& route) {
  const wire::Safi safi = route.family.safi;
  if ((safi != wire::Safi::kFlowIp && safi != wire::Safi::kFlowVpn) || route.generic.size() != 1) return std::nullopt;
  ByteReader in(route.generic[0].bytes);
  auto nlri = wire::DecodeFlowNlri(in, route.family.afi, safi == wire::Safi::kFlowVpn);
  if (!nlri || !in.empty()) return std::nullopt;
  return std::move(*nlri);
}

std::optional<FlowRouteText> DescribeFlowRoute(const rib::Route& route) {
  auto nlri = FlowNlriOf(route);
  if (!nlri) return std::nullopt;
  FlowRouteText out;
  if (nlri->vpn) out.rd = FormatRouteDistinguisher(nlri->rd);
  for (const wire::FlowComponent& c : nlri->components) {
    const wire::FlowComponentInfo* info = wire::FindFlowComponent(static_cast<uint8_t>(c.type));
    if (!info) continue;
    std::string s;
    if (info->kind == wire::FlowValueKind::kPrefix) {
      s = c.type == wire::FlowType::kSource ? "source " : "destination ";
      AppendPrefix(&s, c.prefix);
      out.match.push_back(std::move(s));
      continue;
    }
    s = std::string(wire::FlowComponentName(*info, nlri->afi)) + " [ ";
    for (size_t i = 0; i < c.matches.size(); ++i) {
      // '&' joins a pair to the one before it (the and bit); a space starts
      // an OR-ed group. (The parser never sets the first pair's and bit.)
      if (i > 0) s += c.matches[i].and_bit() ? "&" : " ";
      AppendPair(&s, *info, c.matches[i]);
    }
    out.match.push_back(s + " ]");
  }
  std::optional<IpAddress> hop;
  if (route.next_hop.kind == rib::NextHop::Kind::kAddress) hop = route.next_hop.address;
  bool hop_said = false;
  std::vector<uint64_t> plain;
  for (uint64_t c : route.attrs.extended_communities) {
    std::string s = ThenOf(c, hop, &hop_said);
    if (s.empty()) plain.push_back(c);
    else out.then.push_back(std::move(s));
  }
  if (hop && !hop_said) out.next_hop = hop->ToString();
  if (route.next_hop.kind == rib::NextHop::Kind::kSelf) out.next_hop = "self";
  const wire::PathAttributes& a = route.attrs;
  for (const wire::Ipv6ExtendedCommunity& c : a.ipv6_extended_communities) {
    // Only redirect-to-nexthop-ietf puts one on a flow rule.
    if (((c.bytes[0] << 8) | c.bytes[1]) != kRedirectIpv6Ietf || c.bytes[18] || c.bytes[19]) continue;
    out.then.push_back("redirect-to-nexthop-ietf " + IpAddress::FromBytes(ByteSpan(c.bytes).subspan(2, 16)).ToString());
  }
  if (!a.communities.empty()) out.then.push_back(ListStatement("community", a.communities, FormatCommunity));
  if (!plain.empty()) out.then.push_back(ListStatement("extended-community", plain, FormatExtendedCommunity));
  if (!a.large_communities.empty())
    out.then.push_back(ListStatement("large-community", a.large_communities, FormatLargeCommunity));
  return out;
}

std::string PrintFlowRouteLine(const rib::Route& route) {
  auto text = DescribeFlowRoute(route);
  if (!text) return "";
  std::vector<std::string> words;
  if (!text->rd.empty()) words.push_back("rd " + text->rd);
  if (!text->next_hop.empty()) words.push_back("next-hop " + text->next_hop);
  words.insert(words.end(), text->match.begin(), text->match.end());
  words.insert(words.end(), text->then.begin(), text->then.end());
  return fmt::format("{}", fmt::join(words, " "));
}

}  // namespace herald::grammar
