// A neighbor's `operational { ... }` block (ExaBGP's configuration/operational/):
//
//   operational {
//     asm afi ipv4 safi unicast advisory "text";
//     rpcq afi ipv4 safi unicast sequence 1;
//     ...  (adm, asm, rpcq, rpcp, apcq, apcp, lpcq, lpcp)
//   }
//
// ExaBGP 5.0.13 loads the block only when it is empty: with any message in
// it, loading the neighbor fails ("'tuple' object has no attribute
// 'afi_safi'"; src/config/testdata/operational_block_exabgp50.txt, from
// tools/capture_operational_config.py), so a configured OPERATIONAL message
// is never sent. herald accepts the empty block, which configures nothing,
// and refuses each message where it is written, pointing at the API command
// that does send one.
#include <fmt/format.h>

#include "config/file_parser.h"

namespace herald::config::internal {

// operational { }
ParseStatus FileParser::Operational(const Statement& st, TokenStream& in, NeighborDraft& draft) {
  if (ParseStatus s = ExpectEnd(in, "operational"); !s) return s;
  // ExaBGP's statements: wire::kOperationalTypes' names, in lower case.
  static constexpr Entry<NeighborDraft> kOperational[] = {
      {"adm", &FileParser::OperationalMessage, nullptr},
      {"asm", &FileParser::OperationalMessage, nullptr},
      {"rpcq", &FileParser::OperationalMessage, nullptr},
      {"rpcp", &FileParser::OperationalMessage, nullptr},
      {"apcq", &FileParser::OperationalMessage, nullptr},
      {"apcp", &FileParser::OperationalMessage, nullptr},
      {"lpcq", &FileParser::OperationalMessage, nullptr},
      {"lpcp", &FileParser::OperationalMessage, nullptr},
  };
  ParseBlock<NeighborDraft>("operational", st.end, draft, kOperational, {});
  return {};
}

ParseStatus FileParser::OperationalMessage(const Statement& st, TokenStream&, NeighborDraft&) {
  const Token& keyword = st.words[0];
  return FailAt(
      keyword,
      fmt::format("{0} in an operational block is not supported by herald yet (ExaBGP 5.0 fails "
                  "to load it too); send it with the API command `announce operational {0} ...`",
                  keyword.text));
}

}  // namespace herald::config::internal
