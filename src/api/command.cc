// The text API: one line from a process -> one Command.
//
// Lines are tokenized like the configuration (config/lexer.h) and routes use
// the configuration's route grammar (config/route_parser.h). The hot path,
// `announce route <prefix> <attributes>`, allocates nothing once the
// Command's vectors have grown: tokens are string_views into the line, the
// token vector is reused, and the Command is cleared, not rebuilt.
#include "api/command.h"

#include <fmt/format.h>

#include <deque>

#include "config/attribute_values.h"
#include "config/lexer.h"
#include "config/route_parser.h"
#include "config/token_stream.h"

namespace herald::api {
namespace {

using config::Describe;
using config::FailAt;
using config::ParseStatus;
using config::Token;
using config::TokenKind;
using config::TokenStream;

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
  auto asn = config::ParseAsn(t.text);
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
    std::optional<IpAddress> peer;
    if (ParseStatus s = Address(in, "neighbor", &peer); !s) return s;
    f.peer_address = *peer;
    while (true) {
      const Token& key = in.Peek();
      auto once = [&](bool given) -> ParseStatus {
        if (given) return FailAt(key, fmt::format("{} given twice for neighbor {}", key.text, f.peer_address.ToString()));
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
  if (*family != wire::kIpv4Unicast && *family != wire::kIpv6Unicast)
    return FailAt(afi, fmt::format("family {} is not supported by herald yet", family->Name()));
  *out = *family;
  if (!in.AtEnd()) return FailAt(in.Peek(), fmt::format("unexpected {} after the family", Describe(in.Peek())));
  return {};
}

ParseStatus NoMore(TokenStream& in, std::string_view command) {
  if (in.AtEnd()) return {};
  return FailAt(in.Peek(), fmt::format("unexpected {} after {}", Describe(in.Peek()), command));
}

// Commands ExaBGP knows that herald does not implement yet: named, so that
// the error says so rather than "unknown command".
constexpr std::string_view kUnsupportedAnnounce[] = {"flow", "vpls", "operational", "watchdog", "ipv4", "ipv6",
                                                     "l2vpn"};
constexpr std::string_view kUnsupportedVerbs[] = {"show", "flush", "clear", "help", "reset", "crash",
                                                  "enable-ack", "disable-ack", "silence-ack"};

ParseStatus Parse(TokenStream& in, Command* out) {
  if (ParseStatus s = Selector(in, &out->neighbors); !s) return s;
  const bool selected = !out->neighbors.empty();
  const Token& verb = in.Next();
  if (!verb.is_word() || verb.quoted)
    return FailAt(verb, fmt::format("expected a command, found {}", Describe(verb)));

  if (verb.text == "announce" || verb.text == "withdraw") {
    const bool announce = verb.text == "announce";
    const Token& what = in.Next();
    config::RouteState state;
    auto action = announce ? config::RouteAction::kAnnounce : config::RouteAction::kWithdraw;
    if (what.IsKeyword("route")) {
      out->kind = announce ? CommandKind::kAnnounceRoute : CommandKind::kWithdrawRoute;
      return config::ParseRoute(in, action, &out->route, &state);
    }
    if (what.IsKeyword("attributes") || what.IsKeyword("attribute")) {
      out->kind = announce ? CommandKind::kAnnounceRoute : CommandKind::kWithdrawRoute;
      return config::ParseAttributesNlri(in, action, &out->route, &state);
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
    for (std::string_view u : kUnsupportedAnnounce)
      if (what.IsKeyword(u))
        return FailAt(what, fmt::format("{} {} is not supported by herald yet", verb.text, what.text));
    return FailAt(what, fmt::format("unknown command {} {}", verb.text, Describe(what)));
  }
  if (verb.text == "teardown") {
    out->kind = CommandKind::kTeardown;
    if (!selected) return FailAt(verb, "teardown needs a neighbor: neighbor <ip> teardown <subcode>");
    const Token& code = in.Next();
    uint64_t subcode = 0;
    if (!code.is_word() || !config::ParseUnsigned(code.text, 255, &subcode))
      return FailAt(code, fmt::format("invalid teardown subcode {} (expected 0 to 255)", Describe(code)));
    out->subcode = static_cast<uint8_t>(subcode);
    return NoMore(in, "teardown");
  }
  struct Simple {
    std::string_view word;
    CommandKind kind;
  };
  static constexpr Simple kSimple[] = {{"shutdown", CommandKind::kShutdown},
                                       {"reload", CommandKind::kReload},
                                       {"restart", CommandKind::kRestart},
                                       {"version", CommandKind::kVersion}};
  for (const Simple& s : kSimple) {
    if (verb.text != s.word) continue;
    if (selected) return FailAt(verb, fmt::format("{} does not take a neighbor", verb.text));
    out->kind = s.kind;
    return NoMore(in, verb.text);
  }
  for (std::string_view u : kUnsupportedVerbs)
    if (verb.text == u) return FailAt(verb, fmt::format("command {} is not supported by herald yet", verb.text));
  return FailAt(verb, fmt::format("unknown command {}", Describe(verb)));
}

}  // namespace

Status ParseTextCommand(std::string_view line, Command* out) {
  out->kind = CommandKind::kComment;
  out->neighbors.clear();
  config::ClearRoute(&out->route);
  out->family.reset();
  out->subcode = 0;
  out->text.clear();

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
  config::LexError lex_error;
  if (!config::Lex(line, &tokens, &arena, &lex_error)) return Fail(lex_error.message);
  // A trailing ';' is allowed (ExaBGP adds one when it is missing).
  size_t count = tokens.size() - 1;
  if (count && tokens[count - 1].is(TokenKind::kSemicolon)) --count;
  for (size_t i = 0; i < count; ++i)
    if (tokens[i].is(TokenKind::kSemicolon) || tokens[i].is(TokenKind::kLBrace) || tokens[i].is(TokenKind::kRBrace))
      return Fail(fmt::format("unexpected {} in the command", Describe(tokens[i])));
  TokenStream in(std::span<const Token>(tokens.data(), count), tokens.back());
  if (ParseStatus s = Parse(in, out); !s) return Fail(std::move(s).error().message);
  return Ok();
}

}  // namespace herald::api
