// The FlowSpec match grammar (flow_parser.h). Component knowledge (keywords,
// kinds, value names and limits) comes from wire's component table.
#include "grammar/flow_parser.h"

#include <algorithm>
#include <deque>

#include <fmt/format.h>

#include "grammar/attribute_values.h"

namespace herald::grammar {
namespace {

using wire::Afi;
using wire::FlowComponentInfo;
using wire::FlowMatch;
using wire::FlowType;
using wire::FlowValueKind;

// The component a match keyword names: the table's names in either family,
// and "source" / "destination" for the prefixes.
const FlowComponentInfo* MatchComponent(std::string_view word) {
  if (word == "source") return wire::FindFlowComponent(static_cast<uint8_t>(FlowType::kSource));
  if (word == "destination") return wire::FindFlowComponent(static_cast<uint8_t>(FlowType::kDestination));
  for (const FlowComponentInfo& info : wire::FlowComponentTable())
    if (word == info.name_v4 || word == info.name_v6) return &info;
  return nullptr;
}

// The widest value the component may take in either family (the family may
// not be known yet); FinishFlowMatch checks the family's own limit.
uint64_t WidestValue(const FlowComponentInfo& info) { return std::max(info.max_v4, info.max_v6); }

// One name, number or 0x number of a component with named values.
bool NamedPart(const FlowComponentInfo& info, std::string_view part, uint64_t* out) {
  for (const wire::FlowValueName& n : info.names) {
    if (part.size() != n.name.size()) continue;
    bool same = true;
    for (size_t i = 0; i < part.size() && same; ++i) {
      char c = part[i] >= 'A' && part[i] <= 'Z' ? static_cast<char>(part[i] - 'A' + 'a') : part[i];
      if (c == '_') c = '-';
      same = c == n.name[i];
    }
    if (same) {
      *out = n.value;
      return true;
    }
  }
  return ParseNumber(part, 0xFFFFFFFF, out);
}

// A value: for components with named values, names and numbers added with
// '+' (ExaBGP's Resource.named); for the others, a decimal number.
Result<uint64_t> ParseValue(const FlowComponentInfo& info, std::string_view text) {
  const uint64_t max = WidestValue(info);
  uint64_t value = 0;
  if (info.names.empty()) {
    if (!ParseUnsigned(text, max, &value))
      return Fail(fmt::format("invalid {} value '{}' (a number up to {})", info.name_v4, text, max));
    return value;
  }
  std::string_view rest = text;
  for (;;) {
    const size_t plus = rest.find('+');
    std::string_view part = rest.substr(0, plus);
    uint64_t v = 0;
    if (part.empty() || !NamedPart(info, part, &v))
      return Fail(fmt::format("unknown {} value '{}'", info.name_v4, part));
    value += v;
    if (value > max) return Fail(fmt::format("{} value '{}' is larger than {}", info.name_v4, text, max));
    if (plus == std::string_view::npos) break;
    rest = rest.substr(plus + 1);
  }
  return value;
}

// The operator at the start of `word`; advances past it.
uint8_t NumericOperator(std::string_view* word) {
  std::string_view w = *word;
  auto take = [&](size_t n, uint8_t op) {
    *word = w.substr(n);
    return op;
  };
  if (w.starts_with(">=")) return take(2, wire::kFlowOpGt | wire::kFlowOpEq);
  if (w.starts_with("<=")) return take(2, wire::kFlowOpLt | wire::kFlowOpEq);
  if (w.starts_with("!=")) return take(2, wire::kFlowOpLt | wire::kFlowOpGt);
  if (w.starts_with("=")) return take(1, wire::kFlowOpEq);
  if (w.starts_with(">")) return take(1, wire::kFlowOpGt);
  if (w.starts_with("<")) return take(1, wire::kFlowOpLt);
  if (w.size() >= 4 && EqualsLower(w.substr(0, 4), "true"))
    return take(4, wire::kFlowOpLt | wire::kFlowOpGt | wire::kFlowOpEq);
  if (w.size() >= 5 && EqualsLower(w.substr(0, 5), "false")) return take(5, 0);
  return wire::kFlowOpEq;  // a bare value means equal
}

uint8_t BitmaskOperator(std::string_view* word) {
  std::string_view w = *word;
  if (w.starts_with("!=")) {
    *word = w.substr(2);
    return wire::kFlowOpNot | wire::kFlowOpMatch;
  }
  if (w.starts_with("=")) {
    *word = w.substr(1);
    return wire::kFlowOpMatch;
  }
  if (w.starts_with("!")) {
    *word = w.substr(1);
    return wire::kFlowOpNot;
  }
  return 0;  // any of the bits
}

// One word: {operator, value} pairs joined by '&' ("&" is "and").
ParseStatus ParseMatchWord(const Token& t, const FlowComponentInfo& info, std::vector<FlowMatch>* out) {
  if (!t.is_word()) return FailAt(t, fmt::format("missing {} value, found {}", info.name_v4, Describe(t)));
  std::string_view rest = t.text;
  bool and_bit = false;
  for (;;) {
    const uint8_t op = info.kind == FlowValueKind::kBitmask ? BitmaskOperator(&rest) : NumericOperator(&rest);
    const size_t amp = rest.find('&');
    auto value = ParseValue(info, rest.substr(0, amp));
    if (!value) return FailAt(t, value.error().message);
    out->push_back({static_cast<uint8_t>(op | (and_bit ? wire::kFlowOpAnd : 0)), *value});
    if (amp == std::string_view::npos) return {};
    rest = rest.substr(amp + 1);
    if (rest.empty()) return FailAt(t, fmt::format("'{}' ends with '&'", t.text));
    and_bit = true;
  }
}

// 10.0.0.0/24, 2001:db8::/32, 2001:db8::/64/32 (length/offset, RFC 8956).
ParseStatus ParseFlowPrefix(const Token& t, wire::FlowPrefix* out) {
  if (!t.is_word()) return FailAt(t, fmt::format("missing prefix, found {}", Describe(t)));
  std::string_view text = t.text;
  const size_t first = text.find('/');
  if (first == std::string_view::npos) return FailAt(t, fmt::format("'{}' is not a prefix (address/length)", text));
  std::optional<uint64_t> offset;
  const size_t second = text.find('/', first + 1);
  if (second != std::string_view::npos) {
    uint64_t v = 0;
    if (!ParseUnsigned(text.substr(second + 1), 128, &v)) return FailAt(t, fmt::format("invalid offset in '{}'", text));
    offset = v;
    text = text.substr(0, second);
  }
  auto prefix = Prefix::Parse(text);
  if (!prefix) return FailAt(t, prefix.error().message);
  if (offset && prefix->is_v4()) return FailAt(t, fmt::format("'{}': an offset is for IPv6 prefixes only", t.text));
  const uint8_t off = static_cast<uint8_t>(offset.value_or(0));
  if (off != 0 && off >= prefix->length())
    return FailAt(t, fmt::format("'{}': the offset must be below the length (RFC 8956 §3.1)", t.text));
  out->address = prefix->address();
  out->length = prefix->length();
  out->offset = off;
  // RFC 8956 §3.1: bits before the offset are not matched; keep them zero so
  // that the value is the one the wire carries.
  if (off) {
    std::array<uint8_t, 16> bytes{};
    std::copy(out->address.bytes().begin(), out->address.bytes().end(), bytes.begin());
    for (size_t bit = 0; bit < off; ++bit) bytes[bit / 8] &= static_cast<uint8_t>(~(0x80 >> (bit % 8)));
    out->address = IpAddress::V6(bytes);
  }
  return {};
}

wire::FlowComponent* Component(wire::FlowNlri* nlri, FlowType type) {
  for (wire::FlowComponent& c : nlri->components)
    if (c.type == type) return &c;
  return nullptr;
}

}  // namespace

bool IsFlowMatchKeyword(std::string_view word) { return MatchComponent(word) != nullptr; }

std::vector<std::string_view> FlowMatchKeywords() {
  std::vector<std::string_view> out = {"source", "destination"};
  for (const FlowComponentInfo& info : wire::FlowComponentTable())
    for (std::string_view name : {info.name_v4, info.name_v6})
      if (!name.empty() && std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  return out;
}

const FlowComponentInfo* FlowMatchComponent(std::string_view word) { return MatchComponent(word); }

ParseStatus ParseFlowMatch(TokenStream& in, FlowMatchState* state) {
  const Token& keyword = in.Next();
  const FlowComponentInfo* info = keyword.is_word() && !keyword.quoted ? MatchComponent(keyword.text) : nullptr;
  if (!info) return FailAt(keyword, fmt::format("unknown flow match {}", Describe(keyword)));
  wire::FlowNlri& nlri = state->nlri;

  if (info->kind == FlowValueKind::kPrefix) {
    const Token& t = in.Next();
    wire::FlowPrefix prefix;
    if (auto s = ParseFlowPrefix(t, &prefix); !s) return s;
    const bool v6 = prefix.address.is_v6();
    if ((v6 && state->ipv4) || (!v6 && state->ipv6))
      return FailAt(t, fmt::format("{} is {} where the rule is {}", t.text, v6 ? "IPv6" : "IPv4", v6 ? "IPv4" : "IPv6"));
    if (Component(&nlri, info->type))
      return FailAt(keyword, fmt::format("{} given twice (RFC 8955 §4.2: one per rule)", keyword.text));
    (v6 ? state->ipv6 : state->ipv4) = true;
    nlri.components.push_back({info->type, prefix, {}});
    return {};
  }

  if (info->type == FlowType::kFlowLabel) {
    if (state->ipv4) return FailAt(keyword, "flow-label is for IPv6 rules only (RFC 8956)");
    state->ipv6 = true;
  }
  std::vector<FlowMatch> matches;
  if (in.Peek().is(TokenKind::kLBracket)) {
    in.Next();
    while (!in.Peek().is(TokenKind::kRBracket)) {
      const Token& t = in.Next();
      if (t.is(TokenKind::kEnd) || t.is(TokenKind::kSemicolon))
        return FailAt(t, fmt::format("missing ] after the {} values", keyword.text));
      if (auto s = ParseMatchWord(t, *info, &matches); !s) return s;
    }
    in.Next();
    if (matches.empty()) return FailAt(in.Last(), fmt::format("no value in {} [ ]", keyword.text));
  } else {
    if (auto s = ParseMatchWord(in.Next(), *info, &matches); !s) return s;
  }
  if (wire::FlowComponent* c = Component(&nlri, info->type)) {
    // ExaBGP: a repeated statement adds its pairs, OR-ed with those before.
    c->matches.insert(c->matches.end(), matches.begin(), matches.end());
  } else {
    nlri.components.push_back({info->type, {}, std::move(matches)});
  }
  return {};
}

ParseStatus FinishFlowMatch(const Token& at, FlowMatchState* state) {
  wire::FlowNlri& nlri = state->nlri;
  if (nlri.components.empty()) return FailAt(at, "a flow rule needs at least one match");
  nlri.afi = state->ipv6 ? Afi::kIpv6 : Afi::kIpv4;
  for (const wire::FlowComponent& c : nlri.components) {
    const FlowComponentInfo* info = wire::FindFlowComponent(static_cast<uint8_t>(c.type));
    const uint64_t max = wire::FlowComponentMax(*info, nlri.afi);
    for (const FlowMatch& m : c.matches)
      if (m.value > max)
        return FailAt(at, fmt::format("{} value {} is larger than {} in an {} rule",
                                      wire::FlowComponentName(*info, nlri.afi), m.value, max,
                                      wire::AfiName(nlri.afi)));
  }
  wire::SortFlowComponents(&nlri);
  if (!wire::EncodeFlowNlri(nlri)) return FailAt(at, "the flow rule is too long to encode (4095 bytes at most)");
  return {};
}

ParseStatus ParseFlowRouteLine(TokenStream& in, const Token& at, FlowRoute* route) {
  FlowMatchState state;
  while (!in.AtEnd()) {
    const Token& t = in.Peek();
    if (t.is_word() && !t.quoted && IsFlowMatchKeyword(t.text)) {
      if (auto s = ParseFlowMatch(in, &state); !s) return s;
    } else if (t.is_word() && !t.quoted && IsFlowThenKeyword(t.text)) {
      if (auto s = ParseFlowThen(in, &route->actions); !s) return s;
    } else {
      return FailAt(t, fmt::format("unknown flow keyword {}", Describe(t)));
    }
  }
  if (auto s = FinishFlowMatch(at, &state); !s) return s;
  route->nlri = std::move(state.nlri);
  return {};
}

Result<wire::FlowNlri> ParseFlowMatchText(std::string_view text) {
  std::vector<Token> tokens;
  std::deque<std::string> arena;
  LexError lex;
  auto where = [](int line, int column, const std::string& message) {
    return fmt::format("{}:{}: {}", line, column, message);
  };
  if (!Lex(text, &tokens, &arena, &lex)) return Fail(where(lex.line, lex.column, lex.message));
  FlowMatchState state;
  size_t start = 0;
  const Token& end = tokens.back();
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (!tokens[i].is(TokenKind::kSemicolon) && !tokens[i].is(TokenKind::kEnd)) continue;
    if (i > start) {
      TokenStream in(std::span<const Token>(tokens).subspan(start, i - start), tokens[i]);
      auto s = ParseFlowMatch(in, &state);
      if (s && !in.AtEnd()) s = FailAt(in.Peek(), fmt::format("unexpected {}", Describe(in.Peek())));
      if (!s) return Fail(where(s.error().line, s.error().column, s.error().message));
    }
    start = i + 1;
  }
  if (auto s = FinishFlowMatch(end, &state); !s)
    return Fail(where(s.error().line, s.error().column, s.error().message));
  return std::move(state.nlri);
}

}  // namespace herald::grammar
