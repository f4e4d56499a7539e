// What `herald cli`'s interactive shell offers on TAB: given the words typed
// so far, the candidates for the word under the cursor.
//
// herald's API parser (api/command.cc) is written as code, not as a table,
// so the completion vocabulary is a table of its own, kCommands in
// cli_complete.cc: one row per command form the API takes. A command added
// to the API gets its row there too.
//
// Everything here is pure: the neighbor addresses are passed in (the shell
// asks the daemon for them), so the tests need no socket.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace herald::daemon {

// The candidates for `partial`, the word under the cursor, after the complete
// words `before` (as typed: ExaBGP's nicknames are expanded first, so
// `s n <TAB>` completes as `show neighbor <TAB>` does). `neighbors` are the
// addresses offered where a neighbor address goes; inside a route, what
// cli_complete_route.h offers. Sorted, without duplicates; empty when nothing
// fits (where a free value goes, after an unknown word).
std::vector<std::string> CompleteCli(const std::vector<std::string>& before,
                                     std::string_view partial,
                                     const std::vector<std::string>& neighbors);

// The neighbor addresses in the answer to `show neighbor summary`: the first
// column of each line after the header.
std::vector<std::string> NeighborsFromSummary(std::string_view summary);

// The longest prefix every candidate shares ("" when there are none).
std::string CommonPrefix(const std::vector<std::string>& candidates);

}  // namespace herald::daemon
