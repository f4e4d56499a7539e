// The `api [<name>] { ... }` block of a neighbor: which processes hear about
// it, and which messages they are sent.
#include <fmt/format.h>

#include <algorithm>
#include <regex>

#include "config/file_parser.h"

namespace herald::config::internal {
namespace {

// What std::regex must not be given (libstdc++ reads the numbers of
// back-references and repetition counts into an int without a bound, and a
// large count builds a huge automaton): back-references (`\1`; no process
// name needs one) and counts over 999 (`a{1000}`). Empty when neither.
std::string UnsafeRegex(std::string_view re) {
  for (size_t i = 0; i < re.size(); ++i) {
    if (re[i] == '\\') {
      if (i + 1 < re.size() && re[i + 1] >= '0' && re[i + 1] <= '9') return "back-references are not allowed";
      ++i;  // the escaped character
      continue;
    }
    if (re[i] != '{') continue;
    size_t digits = 0;
    for (size_t j = i + 1; j < re.size() && re[j] != '}'; ++j) {
      if (re[j] >= '0' && re[j] <= '9') {
        if (++digits > 3) return "repetition counts above 999 are not allowed";
      } else {
        digits = 0;
      }
    }
  }
  return {};
}

}  // namespace

// api [<name>] { processes [ ... ] | processes-match [ ... ]; neighbor-changes;
//                negotiated; fsm; signal; send { ... } receive { ... } }
ParseStatus FileParser::Api(const Statement& st, TokenStream& in, NeighborDraft& draft) {
  if (!in.AtEnd()) {
    const Token& name = in.Next();
    if (!name.is_word() || !IsValidName(name.text))
      return FailAt(name, fmt::format("invalid character in name for api {}", Describe(name)));
    if (std::find(api_names_.begin(), api_names_.end(), name.text) != api_names_.end())
      return FailAt(name, fmt::format("the name \"{}\" already exists in api", name.text));
    api_names_.emplace_back(name.text);
    if (ParseStatus s = ExpectEnd(in, "the api name"); !s) return s;
  }
  static constexpr Entry<ApiConfig> kApi[] = {
      {"processes", &FileParser::ApiEntry, nullptr},   {"processes-match", &FileParser::ApiEntry, nullptr},
      {"neighbor-changes", &FileParser::ApiEntry, nullptr},
      {"negotiated", &FileParser::ApiEntry, nullptr},  {"fsm", &FileParser::ApiEntry, nullptr},
      {"signal", &FileParser::ApiEntry, nullptr},      {"send", nullptr, &FileParser::ApiDirection},
      {"receive", nullptr, &FileParser::ApiDirection},
  };
  ApiConfig api;
  api.where = Where(st.words[0]);
  ParseBlock<ApiConfig>("api", st.end, api, kApi, {});
  draft.config.api.push_back(std::move(api));
  return {};
}

ParseStatus FileParser::ApiEntry(const Statement& st, TokenStream& in, ApiConfig& api) {
  const Token& keyword = st.words[0];
  if (keyword.text == "neighbor-changes") return BoolValue(keyword, in, &api.neighbor_changes);
  if (keyword.text == "negotiated") return BoolValue(keyword, in, &api.negotiated);
  if (keyword.text == "fsm") return BoolValue(keyword, in, &api.fsm);
  if (keyword.text == "signal") return BoolValue(keyword, in, &api.signal);
  // processes [ a b ] / processes [ a, b ] / processes a; processes-match
  // takes regular expressions the same ways.
  const bool match = keyword.text == "processes-match";
  auto add = [&](const Token& t) -> ParseStatus {
    if (match) {
      // Bounded: std::regex compiles and matches recursively.
      if (t.text.size() > 256) return FailAt(t, "regular expression in processes-match longer than 256 characters");
      if (std::string why = UnsafeRegex(t.text); !why.empty())
        return FailAt(t, fmt::format("regular expression {} in processes-match: {}", Describe(t), why));
      try {
        std::regex check(std::string(t.text));
      } catch (const std::regex_error& e) {
        return FailAt(t, fmt::format("invalid regular expression {} in processes-match ({})", Describe(t), e.what()));
      }
      api.processes_match.emplace_back(t.text);
      return {};
    }
    if (!IsValidName(t.text)) return FailAt(t, fmt::format("invalid process name {}", Describe(t)));
    api.processes.emplace_back(t.text);
    return {};
  };
  const Token& first = in.Next();
  if (first.is_word()) {
    if (ParseStatus s = add(first); !s) return s;
    return ExpectEnd(in, "the process name");
  }
  if (!first.is(TokenKind::kLBracket)) return FailAt(first, "invalid processes, does not start with [");
  while (true) {
    const Token& t = in.Next();
    if (t.is(TokenKind::kRBracket)) break;
    if (t.is(TokenKind::kComma)) continue;
    if (!t.is_word()) return FailAt(t, "invalid processes, does not end with ]");
    if (ParseStatus s = add(t); !s) return s;
  }
  return ExpectEnd(in, "processes");
}

ParseStatus FileParser::ApiDirection(const Statement& st, TokenStream& in, ApiConfig& api) {
  const Token& keyword = st.words[0];
  if (ParseStatus s = ExpectEnd(in, keyword.text); !s) return s;
  static constexpr Entry<ApiMessages> kMessages[] = {
      {"parsed", &FileParser::ApiMessage, nullptr},       {"packets", &FileParser::ApiMessage, nullptr},
      {"consolidate", &FileParser::ApiMessage, nullptr},  {"open", &FileParser::ApiMessage, nullptr},
      {"update", &FileParser::ApiMessage, nullptr},       {"notification", &FileParser::ApiMessage, nullptr},
      {"keepalive", &FileParser::ApiMessage, nullptr},    {"refresh", &FileParser::ApiMessage, nullptr},
      {"operational", &FileParser::ApiMessage, nullptr},
  };
  bool send = keyword.text == "send";
  ParseBlock<ApiMessages>(send ? "api send" : "api receive", st.end, send ? api.send : api.receive, kMessages,
                          {});
  return {};
}

ParseStatus FileParser::ApiMessage(const Statement& st, TokenStream& in, ApiMessages& m) {
  const Token& keyword = st.words[0];
  std::string_view k = keyword.text;
  bool* field = k == "parsed"         ? &m.parsed
                : k == "packets"      ? &m.packets
                : k == "consolidate"  ? &m.consolidate
                : k == "open"         ? &m.open
                : k == "update"       ? &m.update
                : k == "notification" ? &m.notification
                : k == "keepalive"    ? &m.keepalive
                : k == "refresh"      ? &m.refresh
                                      : &m.operational;
  return BoolValue(keyword, in, field);
}

}  // namespace herald::config::internal
