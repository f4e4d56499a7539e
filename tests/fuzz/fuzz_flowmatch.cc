// The FlowSpec grammar (grammar/flow_parser.h). Input: text, read twice: as
// the body of a `match { }` block (statements separated by ';') and as the
// API's one-line form (match and then statements mixed). A rule that parses
// must encode, and decode back to the same NLRI; its rendering must be valid;
// its actions go through EncodeFlowActions.
#include <deque>
#include <string>

#include "api/render_flow.h"
#include "base/hex.h"
#include "fuzz_check.h"
#include "grammar/flow_parser.h"
#include "output_check.h"

using namespace herald;

namespace {

void CheckRule(const wire::FlowNlri& nlri) {
  auto encoded = wire::EncodeFlowNlri(nlri);
  HERALD_FUZZ_CHECK(encoded.has_value(), "a parsed rule does not encode");
  ByteReader in(*encoded);
  auto back = wire::DecodeFlowNlri(in, nlri.afi, nlri.vpn);
  HERALD_FUZZ_CHECK(back.ok() && in.empty(), "encoded rule does not decode: " + ToHex(*encoded));
  HERALD_FUZZ_CHECK(*back == nlri, "decoded rule differs: " + ToHex(*encoded));
  const std::string json = api::render::FlowJson(nlri);
  if (std::string e = fuzz::CheckJsonLine(json); !e.empty()) fuzz::CheckFailed("invalid JSON", e + "\n" + json);
}

}  // namespace

extern "C" int FuzzFlowmatch(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto r = grammar::ParseFlowMatchText(text)) CheckRule(*r);

  std::vector<grammar::Token> tokens;
  std::deque<std::string> arena;
  grammar::LexError lex;
  if (!grammar::Lex(text, &tokens, &arena, &lex)) return 0;
  grammar::TokenStream in(std::span<const grammar::Token>(tokens.data(), tokens.size() - 1), tokens.back());
  grammar::FlowRoute route;
  if (grammar::ParseFlowRouteLine(in, tokens.back(), &route)) {
    CheckRule(route.nlri);
    (void)grammar::EncodeFlowActions(route.actions);  // may refuse, must not crash
  }
  return 0;
}
