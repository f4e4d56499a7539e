// What TAB offers inside a route (cli_complete_route.h). The words typed so
// far are read by the grammar itself (grammar/route_parser.h,
// grammar/flow_parser.h): whatever it reads whole is passed over, and where
// it runs out of words just after a keyword, the keyword's value is what
// comes next. The keywords are the grammar's own tables; only the closed
// sets of values are listed (kHints), and a test checks the grammar takes
// each of them.
#include "daemon/cli_complete_route.h"

#include <deque>

#include "grammar/flow_parser.h"
#include "grammar/lexer.h"
#include "grammar/route_parser.h"
#include "grammar/token_stream.h"
#include "grammar/evpn_route.h"
#include "grammar/mup_route.h"
#include "grammar/mvpn_route.h"
#include "grammar/nlri_route.h"
#include "grammar/vpls_route.h"
#include "rib/route.h"

namespace herald::daemon {

namespace {

using grammar::Token;
using grammar::TokenKind;
using grammar::TokenStream;
using Words = std::vector<std::string>;

// A flow rule's own statements besides match and then (herald's API takes
// them on the one-line form too).
constexpr std::string_view kFlowRuleWords[] = {"rd", "next-hop"};

bool IsRuleWord(const Token& t) {
  for (std::string_view w : kFlowRuleWords)
    if (t.IsKeyword(w)) return true;
  return false;
}

bool IsKeyword(const Token& t, bool (*is)(std::string_view)) {
  return t.is_word() && !t.quoted && is(t.text);
}

// True if the grammar failed on the end token: it wanted more words.
bool RanOut(const grammar::ParseStatus& s, const Token& end) {
  return !s && s.error().line == end.line && s.error().column == end.column;
}

void Add(std::span<const std::string_view> words, Words* out) {
  out->insert(out->end(), words.begin(), words.end());
}

// The values of `keyword` when they are a closed set.
void AddValues(RouteContext context, std::string_view keyword, Words* out) {
  for (const ValueHint& h : kHints)
    if (h.context == context && h.keyword == keyword) Add(h.values, out);
  if (context != RouteContext::kFlowMatch) return;
  if (const wire::FlowComponentInfo* info = grammar::FlowMatchComponent(keyword))
    for (const wire::FlowValueName& n : info->names) out->emplace_back(n.name);
}

// `<prefix> <attribute>...` or `<attribute>... nlri <prefix>...`.
Words RouteLine(RouteForm form, bool announce, TokenStream& in) {
  Words out;
  if (form == RouteForm::kRoute) {
    if (in.AtEnd()) return out;  // the prefix
    Prefix prefix;
    if (!grammar::ParsePrefix(in, &prefix)) return out;
  }
  rib::Route route;
  grammar::RouteState state;
  while (!in.AtEnd()) {
    if (form == RouteForm::kAttributes && in.Peek().IsKeyword("nlri")) return out;  // the prefixes
    const Token& keyword = in.Peek();
    const size_t left = in.remaining();
    grammar::ParseStatus s = grammar::ParseRouteAttribute(in, &route, &state);
    if (s) continue;
    if (left == 1 && RanOut(s, in.end())) AddValues(RouteContext::kRoute, keyword.text, &out);
    return out;
  }
  // A withdrawal does not take `withdraw` (api/command.cc refuses it).
  for (std::string_view k : grammar::RouteAttributeKeywords())
    if (announce || k != "withdraw") out.emplace_back(k);
  if (form == RouteForm::kAttributes) out.emplace_back("nlri");
  return out;
}

// A VPLS route's words (grammar/vpls_route.h) in any order.
Words VplsLine(TokenStream& in) {
  Words out;
  rib::Route route;
  grammar::VplsDraft draft;
  while (!in.AtEnd()) {
    const Token& keyword = in.Peek();
    const size_t left = in.remaining();
    grammar::ParseStatus s = grammar::ParseVplsWord(in, &route, &draft);
    if (s) continue;
    if (left == 1 && RanOut(s, in.end())) AddValues(RouteContext::kRoute, keyword.text, &out);
    return out;
  }
  Add(grammar::VplsKeywords(), &out);
  return out;
}

// An EVPN route (grammar/evpn_route.h): its type, then its words in any order.
Words EvpnLine(TokenStream& in) {
  Words out;
  if (in.AtEnd()) {
    Add(grammar::EvpnTypeWords(), &out);
    return out;
  }
  rib::Route route;
  grammar::EvpnDraft draft;
  if (!grammar::ParseEvpnType(in, &draft)) return out;
  while (!in.AtEnd()) {
    const Token& keyword = in.Peek();
    const size_t left = in.remaining();
    grammar::ParseStatus s = grammar::ParseEvpnWord(in, &route, &draft);
    if (s) continue;
    if (left == 1 && RanOut(s, in.end())) AddValues(RouteContext::kRoute, keyword.text, &out);
    return out;
  }
  Add(grammar::EvpnKeywords(), &out);
  return out;
}

// An MVPN or MUP route: its type first; after it the NLRI's words (values
// with no closed set) and the attributes, which are offered.
Words TypedLine(RouteForm form, TokenStream& in) {
  Words out;
  if (in.AtEnd()) Add(form == RouteForm::kMvpn ? grammar::MvpnRouteTypes() : grammar::MupRouteTypes(), &out);
  else Add(grammar::NlriRouteAttributeKeywords(), &out);
  return out;
}

// Match and then statements (and rd, next-hop) in any order, no braces.
Words FlowLine(TokenStream& in) {
  Words out;
  const bool first = in.AtEnd();
  grammar::FlowMatchState match;
  std::vector<grammar::FlowAction> actions;
  while (!in.AtEnd()) {
    const Token& keyword = in.Peek();
    const size_t left = in.remaining();
    grammar::ParseStatus s;
    RouteContext context;
    if (IsKeyword(keyword, grammar::IsFlowMatchKeyword)) {
      context = RouteContext::kFlowMatch;
      s = grammar::ParseFlowMatch(in, &match);
    } else if (IsKeyword(keyword, grammar::IsFlowThenKeyword)) {
      context = RouteContext::kFlowThen;
      s = grammar::ParseFlowThen(in, &actions);
    } else if (IsRuleWord(keyword)) {
      in.Next();
      if (in.AtEnd()) return out;  // its value
      in.Next();
      continue;
    } else {
      return out;
    }
    if (s) continue;
    if (left == 1 && RanOut(s, in.end())) AddValues(context, keyword.text, &out);
    return out;
  }
  std::vector<std::string_view> match_words = grammar::FlowMatchKeywords();
  Add(match_words, &out);
  Add(grammar::FlowThenKeywords(), &out);
  Add(kFlowRuleWords, &out);
  if (first) out.emplace_back("{");
  return out;
}

// `{ rd ...; next-hop ...; match { <statement>; ... } then { <statement>; ... } }`.
Words FlowBlock(TokenStream& in) {
  enum class Block : uint8_t { kRule, kMatch, kThen };
  std::vector<Block> open;
  in.Next();  // {
  open.push_back(Block::kRule);
  while (!in.AtEnd()) {
    if (open.empty()) return {};  // past the rule's closing brace
    const Token& t = in.Next();
    if (t.is(TokenKind::kRBrace)) {
      open.pop_back();
      continue;
    }
    if (t.is(TokenKind::kSemicolon)) continue;
    const Block block = open.back();
    if (block == Block::kRule && (t.IsKeyword("match") || t.IsKeyword("then"))) {
      if (in.AtEnd()) return {"{"};
      if (!in.Next().is(TokenKind::kLBrace)) return {};
      open.push_back(t.IsKeyword("match") ? Block::kMatch : Block::kThen);
      continue;
    }
    const bool known = block == Block::kRule    ? IsRuleWord(t)
                       : block == Block::kMatch ? IsKeyword(t, grammar::IsFlowMatchKeyword)
                                                : IsKeyword(t, grammar::IsFlowThenKeyword);
    if (!known) return {};
    if (in.AtEnd()) {  // the statement's value
      Words out;
      if (block != Block::kRule)
        AddValues(block == Block::kMatch ? RouteContext::kFlowMatch : RouteContext::kFlowThen,
                  t.text, &out);
      return out;
    }
    // The statement's words, up to its ';' (or the block's '}').
    while (!in.AtEnd() && !in.Peek().is(TokenKind::kSemicolon) && !in.Peek().is(TokenKind::kRBrace))
      in.Next();
    if (in.AtEnd()) return {};  // inside the value
  }
  Words out;
  if (open.empty()) return out;
  switch (open.back()) {
    case Block::kRule:
      Add(kFlowRuleWords, &out);
      out.emplace_back("match");
      out.emplace_back("then");
      break;
    case Block::kMatch: {
      std::vector<std::string_view> words = grammar::FlowMatchKeywords();
      Add(words, &out);
      break;
    }
    case Block::kThen:
      Add(grammar::FlowThenKeywords(), &out);
      break;
  }
  return out;
}

}  // namespace

std::vector<std::string> RouteCandidates(RouteForm form, bool announce,
                                         std::span<const std::string> words) {
  std::string text;
  for (const std::string& w : words) {
    if (!text.empty()) text += ' ';
    text += w;
  }
  std::vector<Token> tokens;
  std::deque<std::string> arena;
  grammar::LexError error;
  if (!grammar::Lex(text, &tokens, &arena, &error)) return {};  // inside a quoted word
  TokenStream in(std::span<const Token>(tokens).first(tokens.size() - 1), tokens.back());
  if (form == RouteForm::kVpls) return VplsLine(in);
  if (form == RouteForm::kEvpn) return EvpnLine(in);
  if (form == RouteForm::kMvpn || form == RouteForm::kMup) return TypedLine(form, in);
  if (form != RouteForm::kFlow) return RouteLine(form, announce, in);
  if (in.Peek().is(TokenKind::kLBrace)) return FlowBlock(in);
  return FlowLine(in);
}

}  // namespace herald::daemon
