// Config -> canonical ExaBGP-syntax text that parses back to an equal Config
// (locations aside): every setting is written out, one statement per line,
// with tabs for indentation, in the order of config.h.
#pragma once

#include <string>
#include <string_view>

#include "config/config.h"
#include "rib/route.h"

namespace herald::config {

// With `hide_secrets` (for `show neighbor configuration`), an md5-password
// written in the configuration is printed as kHidden; the names of
// md5-password-env variables and md5-password-file paths are printed.
std::string PrintConfig(const Config& config, bool hide_secrets = false);
inline constexpr std::string_view kHidden = "********";

// A route as the text after `route` (or, for several prefixes, after
// `attributes`): "10.0.0.0/24 next-hop 192.0.2.1 med 10", or
// "next-hop 192.0.2.1 med 10 nlri 10.0.0.0/25 10.0.0.128/25".
// With `withdraw`, the keyword is written among the attributes (before
// `nlri`), as a route held back for its watchdog is written.
std::string PrintRoute(const rib::Route& route, bool withdraw = false);

// A word as the lexer reads it back: bare if it can be, else in double
// quotes with `"` and `\` escaped.
std::string QuoteWord(std::string_view word);

}  // namespace herald::config
