// The text API: one line from a process -> one Command.
//
// Lines are tokenized like the configuration (grammar/lexer.h) and routes use
// the configuration's route grammar (grammar/route_parser.h). The hot path,
// `announce route <prefix> <attributes>`, allocates nothing once the
// Command's vectors have grown: tokens are string_views into the line, the
// token vector is reused, and the Command is cleared, not rebuilt.
#include "api/command.h"

#include <fmt/format.h>

#include <cctype>
#include <deque>

#include "grammar/attribute_values.h"
#include "grammar/flow_route.h"
#include "grammar/labeled_route.h"
#include "grammar/evpn_route.h"
#include "grammar/mup_route.h"
#include "grammar/mvpn_route.h"
#include "grammar/route_syntax.h"
#include "grammar/vpls_route.h"
#include "grammar/lexer.h"
#include "grammar/route_parser.h"
#include "grammar/token_stream.h"
#include "wire/nlri.h"

namespace herald::api {
namespace {

using grammar::Describe;
using grammar::FailAt;
using grammar::ParseStatus;
using grammar::Token;
using grammar::TokenKind;
using grammar::TokenStream;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

ParseStatus Address(TokenStream& in, std::string_view what, std::optional<IpAddress>* out, bool v4_only = false) {
  const Token& t = in.Next();
  if (!t.is_word()) return FailAt(t, fmt::format("missing address after {}", what));
  auto ip = IpAddress::Parse(t.text);
  if (!ip || (v4_only && !ip->is_v4())) return FailAt(t, fmt::format("invalid {} {}", what, t.text));
  *out = *ip;
  return {};
}

ParseStatus Asn(TokenStream& in, std::string_view what, std::optional<uint32_t>* out) {
  const Token& t = in.Next();
  if (!t.is_word()) return FailAt(t, fmt::format("missing AS number after {}", what));
  auto asn = grammar::ParseAsn(t.text);
  if (!asn) return FailAt(t, fmt::format("invalid {} {}", what, t.text));
  if (*asn == 0) return FailAt(t, fmt::format("invalid {} 0: AS 0 is reserved (RFC 7607)", what));
  *out = *asn;
  return {};
}

// `neighbor <ip> [local-ip <ip>] [local-as <asn>] [peer-as <asn>]
// [router-id <ip>] [family-allowed <x>] [, neighbor <ip> ...]`, split as
// ExaBGP's extract_neighbors splits it: the keys may come in any order, a
// comma starts the next neighbor, and the first other word is the command.
ParseStatus Selector(TokenStream& in, std::vector<NeighborFilter>* filters) {
  while (in.Peek().IsKeyword("neighbor")) {
    in.Next();
    NeighborFilter& f = filters->emplace_back();
    if (in.Peek().is_word() && in.Peek().text == "*") {
      in.Next();
      f.any = true;
    } else {
      std::optional<IpAddress> peer;
      if (ParseStatus s = Address(in, "neighbor", &peer); !s) return s;
      f.peer_address = *peer;
    }
    while (true) {
      const Token& key = in.Peek();
      auto once = [&](bool given) -> ParseStatus {
        if (given)
          return FailAt(key, fmt::format("{} given twice for neighbor {}", key.text,
                                         f.any ? std::string("*") : f.peer_address.ToString()));
        in.Next();
        return {};
      };
      ParseStatus s;
      if (key.IsKeyword("local-ip")) {
        if (!(s = once(f.local_address.has_value()))) return s;
        s = Address(in, "local-ip", &f.local_address);
      } else if (key.IsKeyword("local-as")) {
        if (!(s = once(f.local_as.has_value()))) return s;
        s = Asn(in, "local-as", &f.local_as);
      } else if (key.IsKeyword("peer-as")) {
        if (!(s = once(f.peer_as.has_value()))) return s;
        s = Asn(in, "peer-as", &f.peer_as);
      } else if (key.IsKeyword("router-id")) {
        if (!(s = once(f.router_id.has_value()))) return s;
        s = Address(in, "router-id", &f.router_id, true);
      } else if (key.IsKeyword("family-allowed")) {
        if (!(s = once(f.family_allowed.has_value()))) return s;
        const Token& v = in.Next();
        if (!v.is_word()) return FailAt(v, "missing value after family-allowed");
        f.family_allowed.emplace(v.text);
      } else if (key.is(TokenKind::kComma)) {
        in.Next();
        if (!in.Peek().IsKeyword("neighbor"))
          return FailAt(in.Peek(), fmt::format("expected neighbor after ',', found {}", Describe(in.Peek())));
        break;
      } else if (key.IsKeyword("neighbor")) {
        return FailAt(key, "missing ',' between two neighbors");
      } else {
        return {};
      }
      if (!s) return s;
    }
  }
  return {};
}

// "ipv4 unicast" after eor / route-refresh.
ParseStatus FamilyWords(TokenStream& in, std::string_view command, std::optional<wire::Family>* out) {
  const Token& afi = in.Next();
  const Token& safi = in.Next();
  if (!afi.is_word() || !safi.is_word())
    return FailAt(afi, fmt::format("expected <afi> <safi> after {}, found {}", command, Describe(afi)));
  auto family = wire::Family::Parse(afi.text, safi.text);
  if (!family) return FailAt(afi, fmt::format("unknown family {} {}", afi.text, safi.text));
  if (!wire::IsSupportedFamily(*family))
    return FailAt(afi, fmt::format("family {} is not supported by herald yet", family->Name()));
  *out = *family;
  if (!in.AtEnd()) return FailAt(in.Peek(), fmt::format("unexpected {} after the family", Describe(in.Peek())));
  return {};
}

ParseStatus NoMore(TokenStream& in, std::string_view command) {
  if (in.AtEnd()) return {};
  return FailAt(in.Peek(), fmt::format("unexpected {} after {}", Describe(in.Peek()), command));
}


// `announce operational <type> afi A safi S ...`: the keyword/value pairs
// ExaBGP's operational parser takes, in its order (configuration/operational/
// parser.py): afi, safi, then advisory, or sequence [counter]. `router-id`
// may come before any pair. Values are checked as ExaBGP checks them
// (sequence and counter 32-bit; sequence 0 means "the next one").
// ExaBGP lower-cases the keywords of an operational message.
bool OperationalKey(const Token& t, std::string_view word) {
  if (!t.is_word() || t.quoted || t.text.size() != word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(t.text[i])) != word[i]) return false;
  return true;
}

ParseStatus OperationalWords(const Token& what, TokenStream& in, Command* out) {
  const Token& type = in.Next();
  const wire::OperationalType* t = type.is_word() ? wire::FindOperationalType(type.text) : nullptr;
  if (t == nullptr)
    return FailAt(type, fmt::format("unknown operational message {} (adm, asm, rpcq, rpcp, apcq, apcp, lpcq, lpcp)",
                                    Describe(type)));
  wire::Operational& op = out->operational;
  op = wire::Operational{};
  op.type = t->code;
  using C = wire::OperationalType::Category;
  std::vector<std::string_view> expected = {"afi", "safi"};
  if (t->category == C::kAdvisory) expected.push_back("advisory");
  else expected.push_back("sequence");
  if (t->category == C::kCounter) expected.push_back("counter");
  const Token* afi = nullptr;
  for (size_t i = 0; i < expected.size();) {
    const Token& key = in.Next();
    if (OperationalKey(key, "router-id")) {
      const Token& v = in.Next();
      auto ip = v.is_word() ? IpAddress::Parse(v.text) : std::nullopt;
      if (!ip || !ip->is_v4()) return FailAt(v, fmt::format("invalid operational router-id {}", Describe(v)));
      op.router_id = ip->v4();
      continue;
    }
    if (!OperationalKey(key, expected[i]))
      return FailAt(key, fmt::format("expected {} in the operational message, found {}", expected[i], Describe(key)));
    const Token& v = in.Next();
    if (expected[i] == "advisory") {
      if (!v.is_word() && !v.quoted)
        return FailAt(v, fmt::format("expected the advisory text, found {}", Describe(v)));
      op.advisory = wire::TruncateAdvisory(std::string(v.text));
    } else if (!v.is_word()) {
      return FailAt(v, fmt::format("missing value for {}, found {}", expected[i], Describe(v)));
    } else if (expected[i] == "afi") {
      afi = &v;
    } else if (expected[i] == "safi") {
      auto family = wire::Family::Parse(afi->text, v.text);
      if (!family) return FailAt(*afi, fmt::format("unknown family {} {}", afi->text, v.text));
      out->family = *family;
      op.afi = static_cast<uint16_t>(family->afi);
      op.safi = static_cast<uint8_t>(family->safi);
    } else {
      uint64_t n = 0;
      if (!grammar::ParseUnsigned(v.text, UINT32_MAX, &n))
        return FailAt(v, fmt::format("invalid operational {} {} (expected 0 to 4294967295)", expected[i], v.text));
      (expected[i] == "sequence" ? op.sequence : op.counter) = static_cast<uint32_t>(n);
    }
    ++i;
  }
  (void)what;
  return NoMore(in, "the operational message");
}

// A route's `withdraw` and `watchdog` go to the command.
ParseStatus RouteEnd(const Token& at, const grammar::RouteState& state, bool announce, Command* out) {
  if (state.withdraw) {
    if (!announce) return FailAt(at, "withdraw route does not take the withdraw keyword");
    if (out->route.watchdog.empty())
      return FailAt(at, "withdraw (announce the route later) needs a watchdog: watchdog <name> withdraw");
    out->held = true;
  }
  return {};
}

// `ipv4 unicast <prefix> ...` after announce/withdraw: the route form
// named by its family.
ParseStatus FamilyRoute(const Token& afi, TokenStream& in, grammar::RouteAction action, Command* out,
                        grammar::RouteState* state) {
  const Token& safi = in.Next();
  if (!safi.is_word()) return FailAt(safi, fmt::format("expected a safi after {}, found {}", afi.text, Describe(safi)));
  auto family = wire::Family::Parse(afi.text, safi.text);
  if (!family) return FailAt(safi, fmt::format("unknown family {} {}", afi.text, safi.text));
  using grammar::RouteSyntaxKind;
  const grammar::RouteSyntax* syntax = grammar::FindRouteSyntax(*family);
  switch (syntax ? syntax->kind : RouteSyntaxKind::kReceived) {
    case RouteSyntaxKind::kFlow: {
      // ExaBGP's `announce ipv4 flow <match and then words>`. Its flow-vpn
      // form takes no route distinguisher and sends the NLRI without one;
      // herald's needs `rd`.
      if (ParseStatus s = grammar::ParseFlowRule(in, afi, family->afi, true, &out->route); !s) return s;
      if (out->route.family == *family) return {};
      const auto parsed = grammar::FlowNlriOf(out->route);
      return FailAt(safi, parsed && parsed->vpn ? fmt::format("rd makes a flow-vpn rule, not {}", family->Name())
                                                : fmt::format("{} needs rd <route distinguisher>", family->Name()));
    }
    // ExaBGP 5.0's `announce ipv4 mcast-vpn source-ad ...`, `... mup mup-isd ...`.
    case RouteSyntaxKind::kMvpn: return grammar::ParseMvpnRoute(in, afi, family->afi, action, &out->route);
    case RouteSyntaxKind::kMup: return grammar::ParseMupRoute(in, afi, family->afi, action, &out->route);
    case RouteSyntaxKind::kPrefix:
    case RouteSyntaxKind::kLabeled:
    case RouteSyntaxKind::kMulticast: break;
    case RouteSyntaxKind::kVpls:
    case RouteSyntaxKind::kEvpn:
    case RouteSyntaxKind::kReceived:
      return FailAt(afi, fmt::format("family {} is not supported by herald yet", family->Name()));
  }
  // unicast, multicast, nlri-mpls, mpls-vpn: the route grammar with rd and
  // label, in the family named.
  state->safi = family->safi;
  const Token& first = in.Peek();
  if (ParseStatus s = grammar::ParseRoute(in, action, &out->route, state); !s) return s;
  if (out->route.family != *family)
    return FailAt(first, fmt::format("{} is not an {} prefix", first.text, family->Name()));
  return {};
}

// The words after `show neighbor` / `show adj-rib in|out`, in any order:
// summary, extensive, configuration, json, text, and one address.
ParseStatus ShowWords(TokenStream& in, bool neighbor, Command* out) {
  while (!in.AtEnd()) {
    const Token& w = in.Next();
    auto mode = [&](ShowMode m) -> ParseStatus {
      if (out->show != ShowMode::kNone) return FailAt(w, fmt::format("{} given with another view", w.text));
      out->show = m;
      return {};
    };
    ParseStatus s;
    if (w.IsKeyword("extensive")) s = mode(ShowMode::kExtensive);
    else if (neighbor && w.IsKeyword("summary")) s = mode(ShowMode::kSummary);
    else if (neighbor && w.IsKeyword("configuration")) s = mode(ShowMode::kConfiguration);
    else if (w.IsKeyword("json")) out->json = true;
    else if (w.IsKeyword("text")) out->json = false;
    else if (auto ip = w.is_word() ? IpAddress::Parse(w.text) : std::nullopt; ip && !out->show_address)
      out->show_address = *ip;
    else return FailAt(w, fmt::format("unexpected {} after show", Describe(w)));
    if (!s) return s;
  }
  return {};
}

// `in` or `out` after adj-rib.
ParseStatus RibSide(TokenStream& in, std::string_view command, bool out_only, Command* out) {
  const Token& side = in.Next();
  if (side.IsKeyword("in") && !out_only) out->rib_in = true;
  else if (!side.IsKeyword("out"))
    return FailAt(side, fmt::format("expected {} after {}, found {}", out_only ? "out" : "in or out", command,
                                    Describe(side)));
  return {};
}

ParseStatus Parse(TokenStream& in, Command* out) {
  if (ParseStatus s = Selector(in, &out->neighbors); !s) return s;
  const bool selected = !out->neighbors.empty();
  const Token& verb = in.Next();
  if (!verb.is_word() || verb.quoted)
    return FailAt(verb, fmt::format("expected a command, found {}", Describe(verb)));

  if (verb.text == "announce" || verb.text == "withdraw") {
    const bool announce = verb.text == "announce";
    const Token& what = in.Next();
    grammar::RouteState state;
    auto action = announce ? grammar::RouteAction::kAnnounce : grammar::RouteAction::kWithdraw;
    if (what.IsKeyword("route")) {
      out->kind = announce ? CommandKind::kAnnounceRoute : CommandKind::kWithdrawRoute;
      if (ParseStatus s = grammar::ParseRoute(in, action, &out->route, &state); !s) return s;
      return RouteEnd(what, state, announce, out);
    }
    if (what.IsKeyword("attributes") || what.IsKeyword("attribute")) {
      out->kind = announce ? CommandKind::kAnnounceRoute : CommandKind::kWithdrawRoute;
      if (ParseStatus s = grammar::ParseAttributesNlri(in, action, &out->route, &state); !s) return s;
      return RouteEnd(what, state, announce, out);
    }
    if (what.IsKeyword("ipv4") || what.IsKeyword("ipv6")) {
      out->kind = announce ? CommandKind::kAnnounceRoute : CommandKind::kWithdrawRoute;
      if (ParseStatus s = FamilyRoute(what, in, action, out, &state); !s) return s;
      return RouteEnd(what, state, announce, out);
    }
    if (what.IsKeyword("flow")) {
      // announce|withdraw flow route <match and then words>
      out->kind = announce ? CommandKind::kAnnounceRoute : CommandKind::kWithdrawRoute;
      const Token& route = in.Next();
      if (!route.IsKeyword("route"))
        return FailAt(route, fmt::format("expected route after {} flow, found {}", verb.text, Describe(route)));
      if (in.Peek().is(TokenKind::kLBrace)) return grammar::ParseFlowRuleBlock(in, route, &out->route);
      return grammar::ParseFlowRule(in, route, std::nullopt, true, &out->route);
    }
    if (what.IsKeyword("evpn") || (what.IsKeyword("l2vpn") && in.Peek().IsKeyword("evpn"))) {
      // announce|withdraw evpn <type, fields, attributes> (herald's own:
      // grammar/evpn_route.h), or `l2vpn evpn ...` naming the family.
      if (what.IsKeyword("l2vpn")) in.Next();
      out->kind = announce ? CommandKind::kAnnounceRoute : CommandKind::kWithdrawRoute;
      return grammar::ParseEvpnRoute(in, what, action, &out->route);
    }
    if (what.IsKeyword("vpls") || what.IsKeyword("l2vpn")) {
      // announce|withdraw vpls <rd, endpoint, base, offset, size, attributes>
      // (ExaBGP's), or `l2vpn vpls ...` naming the family (herald's, as the
      // CLI completes <family>).
      if (what.IsKeyword("l2vpn")) {
        const Token& safi = in.Next();
        if (!safi.IsKeyword("vpls"))
          return FailAt(safi, fmt::format("expected vpls after l2vpn, found {}", Describe(safi)));
      }
      out->kind = announce ? CommandKind::kAnnounceRoute : CommandKind::kWithdrawRoute;
      return grammar::ParseVplsRoute(in, what, action, &out->route);
    }
    if (what.IsKeyword("bgp-ls"))
      // BGP-LS is received and printed only (wire/bgpls.h), as in ExaBGP 5.0.
      return FailAt(what, fmt::format("{} bgp-ls is not supported by herald yet (BGP-LS routes are only received)",
                                      verb.text));
    if (what.IsKeyword("watchdog")) {
      out->kind = announce ? CommandKind::kAnnounceWatchdog : CommandKind::kWithdrawWatchdog;
      if (in.AtEnd()) return {};
      const Token& name = in.Next();
      if (!name.is_word()) return FailAt(name, fmt::format("invalid watchdog name {}", Describe(name)));
      out->text.assign(name.text);
      return NoMore(in, "the watchdog name");
    }
    if (announce && what.IsKeyword("eor")) {
      out->kind = CommandKind::kAnnounceEor;
      if (in.AtEnd()) return {};
      return FamilyWords(in, "eor", &out->family);
    }
    if (announce && what.IsKeyword("route-refresh")) {
      out->kind = CommandKind::kAnnounceRouteRefresh;
      return FamilyWords(in, "route-refresh", &out->family);
    }
    if (announce && what.IsKeyword("operational")) {
      out->kind = CommandKind::kAnnounceOperational;
      return OperationalWords(what, in, out);
    }
    return FailAt(what, fmt::format("unknown command {} {}", verb.text, Describe(what)));
  }
  if (verb.text == "teardown") {
    out->kind = CommandKind::kTeardown;
    if (!selected) return FailAt(verb, "teardown needs a neighbor: neighbor <ip> teardown <subcode>");
    const Token& code = in.Next();
    uint64_t subcode = 0;
    if (!code.is_word() || !grammar::ParseUnsigned(code.text, 255, &subcode))
      return FailAt(code, fmt::format("invalid teardown subcode {} (expected 0 to 255)", Describe(code)));
    out->subcode = static_cast<uint8_t>(subcode);
    return NoMore(in, "teardown");
  }
  if (verb.text == "flush") {
    out->kind = CommandKind::kFlushAdjRibOut;
    if (!in.Next().IsKeyword("adj-rib")) return FailAt(verb, "expected flush adj-rib out");
    if (ParseStatus s = RibSide(in, "flush adj-rib", true, out); !s) return s;
    return NoMore(in, "flush adj-rib out");
  }
  if (verb.text == "clear") {
    out->kind = CommandKind::kClearAdjRib;
    if (!in.Next().IsKeyword("adj-rib")) return FailAt(verb, "expected clear adj-rib in|out");
    if (ParseStatus s = RibSide(in, "clear adj-rib", false, out); !s) return s;
    return NoMore(in, "clear adj-rib");
  }
  if (verb.text == "show") {
    if (selected) return FailAt(verb, "show does not take a neighbor selector (name the address after it)");
    const Token& what = in.Next();
    if (what.IsKeyword("neighbor") || what.IsKeyword("neighbors")) {
      out->kind = CommandKind::kShowNeighbor;
      return ShowWords(in, true, out);
    }
    if (what.IsKeyword("adj-rib")) {
      out->kind = CommandKind::kShowAdjRib;
      if (ParseStatus s = RibSide(in, "show adj-rib", false, out); !s) return s;
      return ShowWords(in, false, out);
    }
    return FailAt(what, fmt::format("unknown command show {} (show neighbor, show adj-rib)", Describe(what)));
  }
  struct Simple {
    std::string_view word;
    CommandKind kind;
  };
  static constexpr Simple kSimple[] = {{"shutdown", CommandKind::kShutdown},
                                       {"reload", CommandKind::kReload},
                                       {"restart", CommandKind::kRestart},
                                       {"version", CommandKind::kVersion},
                                       {"enable-ack", CommandKind::kEnableAck},
                                       {"disable-ack", CommandKind::kDisableAck},
                                       {"silence-ack", CommandKind::kSilenceAck},
                                       {"enable-sync", CommandKind::kEnableSync},
                                       {"disable-sync", CommandKind::kDisableSync},
                                       {"help", CommandKind::kHelp},
                                       {"reset", CommandKind::kReset},
                                       {"crash", CommandKind::kCrash}};
  for (const Simple& s : kSimple) {
    if (verb.text != s.word) continue;
    if (selected) return FailAt(verb, fmt::format("{} does not take a neighbor", verb.text));
    out->kind = s.kind;
    return NoMore(in, verb.text);
  }
  return FailAt(verb, fmt::format("unknown command {}", Describe(verb)));
}

}  // namespace

Status ParseTextCommand(std::string_view line, Command* out) {
  out->kind = CommandKind::kComment;
  out->neighbors.clear();
  grammar::ClearRoute(&out->route);
  out->family.reset();
  out->operational = wire::Operational{};
  out->subcode = 0;
  out->text.clear();
  out->held = false;
  out->show = ShowMode::kNone;
  out->json = false;
  out->rib_in = false;
  out->show_address.reset();

  line = Trim(line);
  if (line.empty()) return Fail("empty command");
  if (line.front() == '#') {
    out->text.assign(Trim(line.substr(1)));
    return Ok();
  }
  // One token buffer per thread, reused line after line.
  thread_local std::vector<Token> tokens;
  thread_local std::deque<std::string> arena;
  tokens.clear();
  arena.clear();
  grammar::LexError lex_error;
  if (!grammar::Lex(line, &tokens, &arena, &lex_error)) return Fail(lex_error.message);
  // A trailing ';' is allowed (ExaBGP adds one when it is missing).
  size_t count = tokens.size() - 1;
  if (count && tokens[count - 1].is(TokenKind::kSemicolon)) --count;
  for (size_t i = 0; i < count; ++i) {
    if (!tokens[i].is(TokenKind::kSemicolon) && !tokens[i].is(TokenKind::kLBrace) && !tokens[i].is(TokenKind::kRBrace))
      continue;
    // `flow route { match { ...; } then { ...; } }`: the block reads its own.
    if (tokens[i].is(TokenKind::kLBrace) && i >= 2 && tokens[i - 1].IsKeyword("route") &&
        tokens[i - 2].IsKeyword("flow"))
      break;
    return Fail(fmt::format("unexpected {} in the command", Describe(tokens[i])));
  }
  TokenStream in(std::span<const Token>(tokens.data(), count), tokens.back());
  if (ParseStatus s = Parse(in, out); !s) return Fail(std::move(s).error().message);
  return Ok();
}

}  // namespace herald::api
