// The FlowSpec `then` statements (flow_parser.h), read into typed actions.
// Their spellings and limits are ExaBGP 5.0's (configuration/flow/parser.py
// as the oracle runs it): rate-limit in bytes per second, at most 10^12;
// redirect ASN:NN with a 4-byte ASN only if NN fits 16 bits; mark a DSCP 0..63.
#include <fmt/format.h>

#include <array>

#include "grammar/attribute_values.h"
#include "grammar/flow_parser.h"

namespace herald::grammar {
namespace {

using K = FlowActionKind;

// What each keyword takes after it.
enum class Arg : uint8_t { kNone, kNumber, kRedirect, kAddress, kAction, kList };

struct ThenKeyword {
  std::string_view word;
  FlowActionKind kind;
  Arg arg;
};

constexpr ThenKeyword kThen[] = {
    {"accept", K::kAccept, Arg::kNone},
    {"discard", K::kDiscard, Arg::kNone},
    {"rate-limit", K::kRateLimit, Arg::kNumber},
    {"redirect", K::kRedirect, Arg::kRedirect},
    {"redirect-to-nexthop", K::kRedirectToNexthop, Arg::kNone},
    {"redirect-to-nexthop-ietf", K::kRedirectToNexthopIetf, Arg::kAddress},
    {"copy", K::kCopy, Arg::kAddress},
    {"mark", K::kMark, Arg::kNumber},
    {"action", K::kAction, Arg::kAction},
    {"community", K::kCommunity, Arg::kList},
    {"extended-community", K::kExtendedCommunity, Arg::kList},
    {"large-community", K::kLargeCommunity, Arg::kList},
    // Not a then keyword (IsFlowThenKeyword): a rule's scope.
    {"interface-set", K::kInterfaceSet, Arg::kList},
};

constexpr uint64_t kMaxDscp = 63;

const ThenKeyword* FindThen(std::string_view word) {
  for (const ThenKeyword& k : kThen)
    if (k.word == word) return &k;
  return nullptr;
}

// redirect ASN:NN (a route target: RFC 8955 §7.4, RFC 7674), or redirect IP
// (a next hop: draft-ietf-idr-flowspec-redirect-ip), [IPv6] included.
ParseStatus ParseRedirect(const Token& t, FlowAction* a) {
  std::string_view text = t.text;
  if (text.size() > 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  if (auto ip = IpAddress::Parse(text)) {
    a->address = *ip;
    return {};
  }
  const size_t colon = text.find(':');
  uint64_t asn = 0, nn = 0;
  if (colon == std::string_view::npos || !ParseUnsigned(text.substr(0, colon), 0xFFFFFFFF, &asn) ||
      !ParseUnsigned(text.substr(colon + 1), 0xFFFFFFFF, &nn))
    return FailAt(t, fmt::format("invalid redirect '{}' (ASN:NN or an IP address)", t.text));
  if (asn > 0xFFFF && nn > 0xFFFF)
    return FailAt(t, fmt::format("redirect '{}': with a 4-byte ASN the number is 16 bits at most", t.text));
  a->asn = static_cast<uint32_t>(asn);
  a->number = static_cast<uint32_t>(nn);
  return {};
}

}  // namespace

bool IsFlowThenKeyword(std::string_view word) {
  const ThenKeyword* k = FindThen(word);
  return k && k->kind != K::kInterfaceSet;
}

std::span<const std::string_view> FlowThenKeywords() {
  static constexpr auto kWords = [] {
    std::array<std::string_view, std::size(kThen) - 1> words;
    for (size_t i = 0; i < words.size(); ++i) words[i] = kThen[i].word;
    return words;
  }();
  return kWords;
}

Result<uint64_t> ParseInterfaceSet(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return Fail(fmt::format("invalid interface-set '{}': {}", text, why));
  };
  std::array<std::string_view, 4> part;
  size_t at = 0;
  for (size_t i = 0; i < 4; ++i) {
    const size_t colon = i == 3 ? std::string_view::npos : text.find(':', at);
    if (i < 3 && colon == std::string_view::npos) return bad("expected transitive:direction:ASN:GROUP");
    part[i] = text.substr(at, colon == std::string_view::npos ? std::string_view::npos : colon - at);
    at = colon + 1;
  }
  if (part[3].find(':') != std::string_view::npos) return bad("expected transitive:direction:ASN:GROUP");
  uint64_t type = 0;
  if (part[0] == "transitive") type = 0x07;
  else if (part[0] == "non-transitive") type = 0x47;
  else return bad("transitive or non-transitive");
  uint64_t direction = 0;
  if (part[1] == "input") direction = 1;
  else if (part[1] == "output") direction = 2;
  else if (part[1] == "input-output") direction = 3;
  else return bad("the direction is input, output or input-output");
  uint64_t asn = 0, group = 0;
  if (!ParseUnsigned(part[2], 0xFFFFFFFF, &asn)) return bad("the ASN is a 32-bit number");
  if (!ParseUnsigned(part[3], 0x3FFF, &group)) return bad("the group is a 14-bit number");
  return type << 56 | uint64_t{0x02} << 48 | asn << 16 | direction << 14 | group;
}

ParseStatus ParseFlowThen(TokenStream& in, std::vector<FlowAction>* actions) {
  const Token& keyword = in.Next();
  const ThenKeyword* k = keyword.is_word() && !keyword.quoted ? FindThen(keyword.text) : nullptr;
  if (!k) return FailAt(keyword, fmt::format("unknown flow action {}", Describe(keyword)));
  FlowAction a;
  a.kind = k->kind;
  if (k->arg == Arg::kNone) {
    actions->push_back(std::move(a));
    return {};
  }
  if (k->arg == Arg::kList) {
    const bool bracket = in.Peek().is(TokenKind::kLBracket);
    if (bracket) in.Next();
    do {
      const Token& t = in.Next();
      if (bracket && t.is(TokenKind::kRBracket)) break;
      if (!t.is_word()) return FailAt(t, fmt::format("missing {} value, found {}", keyword.text, Describe(t)));
      if (k->kind == K::kInterfaceSet) {
        if (auto c = ParseInterfaceSet(t.text); !c) return FailAt(t, c.error().message);
      }
      a.values.emplace_back(t.text);
    } while (bracket);
    if (a.values.empty()) return FailAt(in.Last(), fmt::format("no value in {} [ ]", keyword.text));
    actions->push_back(std::move(a));
    return {};
  }
  // An IPv6 redirect may be written in brackets: redirect [ 2001:db8::1 ].
  const bool bracket = k->arg == Arg::kRedirect && in.Peek().is(TokenKind::kLBracket);
  if (bracket) in.Next();
  const Token& t = in.Next();
  if (!t.is_word()) return FailAt(t, fmt::format("missing {} value, found {}", keyword.text, Describe(t)));
  if (bracket) {
    auto ip = IpAddress::Parse(t.text);
    if (!ip || !ip->is_v6()) return FailAt(t, fmt::format("invalid IPv6 redirect '{}'", t.text));
    if (!in.Next().is(TokenKind::kRBracket)) return FailAt(in.Last(), "missing ] after the redirect address");
    a.address = *ip;
    actions->push_back(std::move(a));
    return {};
  }
  switch (k->arg) {
    case Arg::kNumber: {
      const uint64_t max = k->kind == K::kMark ? kMaxDscp : kMaxFlowRate;
      uint64_t v = 0;
      if (!ParseUnsigned(t.text, max, &v))
        return FailAt(t, fmt::format("invalid {} '{}' (a number up to {})", keyword.text, t.text, max));
      if (k->kind == K::kMark)
        a.number = static_cast<uint32_t>(v);
      else
        a.rate = v;
      break;
    }
    case Arg::kRedirect:
      if (auto s = ParseRedirect(t, &a); !s) return s;
      break;
    case Arg::kAddress: {
      auto ip = IpAddress::Parse(t.text);
      if (!ip) return FailAt(t, fmt::format("invalid {} address '{}'", keyword.text, t.text));
      a.address = *ip;
      break;
    }
    case Arg::kAction:
      // ExaBGP: sample, terminal, sample-terminal (and anything naming them).
      a.sample = t.text.find("sample") != std::string_view::npos;
      a.terminal = t.text.find("terminal") != std::string_view::npos;
      if (!a.sample && !a.terminal)
        return FailAt(t, fmt::format("invalid flow action '{}' (sample, terminal or sample-terminal)", t.text));
      break;
    default:
      break;
  }
  actions->push_back(std::move(a));
  return {};
}

}  // namespace herald::grammar
