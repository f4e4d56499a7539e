// FlowSpec routes in a neighbor (ExaBGP's configuration/flow/):
//
//   flow {
//     route [NAME] { rd 65000:1; next-hop 1.2.3.4;
//                    match { source 10.0.0.0/24; destination-port =80; }
//                    then { discard; community [ 65000:1 ]; } }
//     route destination 10.0.0.0/24 discard;   (match and then words on one line)
//   }
//
// and `announce { ipv4 { flow <match and then words>; } }`. The statements
// are the grammar's (grammar/flow_parser.h); each rule becomes one rib::Route
// (grammar/flow_route.h) among the neighbor's static routes.
#include <fmt/format.h>

#include "config/file_parser.h"
#include "grammar/flow_parser.h"
#include "grammar/flow_route.h"
#include "grammar/route_distinguisher.h"

namespace herald::config::internal {
namespace {

}  // namespace

// flow { route ... }
ParseStatus FileParser::Flow(const Statement& st, TokenStream& in, NeighborDraft& draft) {
  if (ParseStatus s = ExpectEnd(in, "flow"); !s) return s;
  static constexpr Entry<NeighborDraft> kFlow[] = {
      {"route", &FileParser::FlowRouteCommand, &FileParser::FlowRouteBlock},
  };
  ParseBlock<NeighborDraft>("flow", st.end, draft, kFlow, {});
  return {};
}

// route <match and then words>;
ParseStatus FileParser::FlowRouteCommand(const Statement& st, TokenStream& in, NeighborDraft& draft) {
  return FlowLine(st.words[0], in, std::nullopt, draft);
}

// The one-line form of a rule: match and then words in any order.
ParseStatus FileParser::FlowLine(const Token& at, TokenStream& in, std::optional<wire::Afi> afi,
                                 NeighborDraft& draft) {
  rib::Route route;
  if (ParseStatus s = grammar::ParseFlowRule(in, at, afi, false, &route); !s) return s;
  AddRoute(draft, std::move(route), RouteState{}, at);
  return {};
}

// route [NAME] { rd ...; next-hop ...; match { } then { } }
ParseStatus FileParser::FlowRouteBlock(const Statement& st, TokenStream& in, NeighborDraft& draft) {
  const Token& at = st.words[0];
  // The name only tells rules apart in the file (ExaBGP does not use it).
  if (!in.AtEnd() && in.Peek().is_word()) in.Next();
  if (ParseStatus s = ExpectEnd(in, "the flow route name"); !s) return s;
  FlowRuleDraft rule;
  static constexpr Entry<FlowRuleDraft> kRoute[] = {
      {"rd", &FileParser::FlowRd, nullptr},
      {"route-distinguisher", &FileParser::FlowRd, nullptr},
      {"next-hop", &FileParser::FlowNextHop, nullptr},
      {"match", nullptr, &FileParser::FlowMatchBlock},
      {"then", nullptr, &FileParser::FlowThenBlock},
      {"scope", nullptr, &FileParser::FlowScopeBlock},
  };
  const size_t errors = errors_->size();
  ParseBlock<FlowRuleDraft>("flow route", st.end, rule, kRoute, {});
  if (errors_->size() != errors) return {};  // already reported; finishing would only add noise
  // The body is read: errors are reported here, not returned (the caller
  // would skip a block that is no longer ahead).
  if (ParseStatus s = grammar::FinishFlowMatch(at, &rule.match); !s) {
    Error(s.error());
    return {};
  }
  if (rule.rd) {
    rule.match.nlri.vpn = true;
    rule.match.nlri.rd = *rule.rd;
  }
  rib::Route route;
  if (ParseStatus s = grammar::MakeFlowRoute(at, rule.match.nlri, rule.actions, rule.next_hop, &route); !s) {
    Error(s.error());
    return {};
  }
  AddRoute(draft, std::move(route), RouteState{}, at);
  return {};
}

ParseStatus FileParser::FlowRd(const Statement& st, TokenStream& in, FlowRuleDraft& rule) {
  const Token& keyword = st.words[0];
  const Token* v;
  if (ParseStatus s = ValueWord(keyword, in, &v); !s) return s;
  if (rule.rd) return FailAt(keyword, fmt::format("{} given twice", keyword.text));
  auto rd = grammar::ParseRouteDistinguisher(v->text);
  if (!rd) return FailAt(*v, rd.error().message);
  rule.rd = *rd;
  return ExpectEnd(in, keyword.text);
}

ParseStatus FileParser::FlowNextHop(const Statement& st, TokenStream& in, FlowRuleDraft& rule) {
  const Token& keyword = st.words[0];
  const Token* v;
  if (ParseStatus s = ValueWord(keyword, in, &v); !s) return s;
  if (rule.next_hop) return FailAt(keyword, "next-hop given twice");
  if (v->IsKeyword("self")) {
    rule.next_hop = rib::NextHop::Self();  // the session's local address (rib/export.h)
    return ExpectEnd(in, keyword.text);
  }
  auto ip = IpAddress::Parse(v->text);
  if (!ip) return FailAt(*v, fmt::format("\"{}\" is an invalid next-hop", v->text));
  rule.next_hop = rib::NextHop::Address(*ip);
  return ExpectEnd(in, keyword.text);
}

// match { <match statement>; ... }
ParseStatus FileParser::FlowMatchBlock(const Statement& st, TokenStream& in, FlowRuleDraft& rule) {
  if (ParseStatus s = ExpectEnd(in, "match"); !s) return s;
  FlowBody(*st.end, "match", [&](TokenStream& body) -> ParseStatus {
    const Token& keyword = body.Peek();
    if (!keyword.is_word() || keyword.quoted || !grammar::IsFlowMatchKeyword(keyword.text))
      return FailAt(keyword, fmt::format("invalid keyword {} in match", Describe(keyword)));
    if (ParseStatus s = grammar::ParseFlowMatch(body, &rule.match); !s) return s;
    return ExpectEnd(body, keyword.text);
  });
  return {};
}

// then { <then statement>; ... }
ParseStatus FileParser::FlowThenBlock(const Statement& st, TokenStream& in, FlowRuleDraft& rule) {
  if (ParseStatus s = ExpectEnd(in, "then"); !s) return s;
  FlowBody(*st.end, "then", [&](TokenStream& body) -> ParseStatus {
    const Token& keyword = body.Peek();
    if (!keyword.is_word() || keyword.quoted || !grammar::IsFlowThenKeyword(keyword.text))
      return FailAt(keyword, fmt::format("invalid keyword {} in then", Describe(keyword)));
    if (ParseStatus s = grammar::ParseFlowThen(body, &rule.actions); !s) return s;
    return ExpectEnd(body, keyword.text);
  });
  return {};
}

// scope { interface-set ...; } (draft-ietf-idr-flowspec-interfaceset): the
// only statement ExaBGP takes there.
ParseStatus FileParser::FlowScopeBlock(const Statement& st, TokenStream& in, FlowRuleDraft& rule) {
  if (ParseStatus s = ExpectEnd(in, "scope"); !s) return s;
  FlowBody(*st.end, "scope", [&](TokenStream& body) -> ParseStatus {
    const Token& keyword = body.Peek();
    if (!keyword.IsKeyword("interface-set"))
      return FailAt(keyword, fmt::format("invalid keyword {} in scope", Describe(keyword)));
    if (ParseStatus s = grammar::ParseFlowThen(body, &rule.actions); !s) return s;
    return ExpectEnd(body, keyword.text);
  });
  return {};
}

// The statements of a match or then block, each handed to `each`, up to its
// '}'. Errors are reported and reading goes on.
template <typename Fn>
void FileParser::FlowBody(const Token& open, std::string_view block, Fn each) {
  while (true) {
    Statement body = NextStatement();
    if (body.end->is(TokenKind::kEnd)) {
      if (!body.words.empty()) Error(*body.end, "missing ';' at end of file");
      Unclosed(block, open);
      return;
    }
    if (body.end->is(TokenKind::kRBrace) && body.words.empty()) return;
    if (body.end->is(TokenKind::kLBrace)) {
      Error(body.words.empty() ? *body.end : body.words[0], fmt::format("unexpected block inside {}", block));
      SkipBlock();
      continue;
    }
    if (body.words.empty()) continue;
    TokenStream statement(body.words, *body.end);
    if (ParseStatus s = each(statement); !s) Error(s.error());
    if (body.end->is(TokenKind::kRBrace)) {
      Error(*body.end, "missing ';' before '}'");
      return;
    }
  }
}

}  // namespace herald::config::internal
