// Routes written back in the route grammar (route_parser.h): what
// configuration printing, `show adj-rib out extensive` and the API's
// command printer share.
#pragma once

#include <string>
#include <string_view>

#include "rib/route.h"

namespace herald::grammar {

// A route as the text after `route` (or, for several prefixes, after
// `attributes`): "10.0.0.0/24 next-hop 192.0.2.1 med 10", or
// "next-hop 192.0.2.1 med 10 nlri 10.0.0.0/25 10.0.0.128/25".
// A VPLS route (vpls_route.h) is the text after `vpls`: "rd 65000:1
// endpoint 5 base 100 offset 1 size 8 next-hop 192.0.2.1 ...". With `withdraw`, the keyword is written among the attributes (before
// `nlri`), as a route held back for its watchdog is written.
std::string PrintRoute(const rib::Route& route, bool withdraw = false);

// A word as the lexer reads it back: bare if it can be, else in double
// quotes with `"` and `\` escaped.
std::string QuoteWord(std::string_view word);

}  // namespace herald::grammar
