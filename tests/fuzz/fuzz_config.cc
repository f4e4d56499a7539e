// The configuration parser (config::ParseConfigText). Input: a configuration
// file. One that parses is printed (config::PrintConfig, what `herald
// validate --print` writes), and the printed text must parse to the same
// Config (locations aside); printing that again must give the same text.
#include <string>
#include <string_view>

#include "config/config_testing.h"
#include "config/parser.h"
#include "config/printer.h"
#include "fuzz_check.h"

using namespace herald;

namespace {

std::string Errors(const std::vector<config::ConfigError>& errors) {
  std::string s;
  for (const config::ConfigError& e : errors) s += e.ToString() + "\n";
  return s;
}

}  // namespace

extern "C" int FuzzConfig(const uint8_t* data, size_t size) {
  // Large inputs only slow the search down: the grammar is line-sized.
  if (size > 16384) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto first = config::ParseConfigText(text, "fuzz.conf");
  if (!first) {
    for (const config::ConfigError& e : first.error()) HERALD_FUZZ_CHECK(!e.message.empty(), "an error without a message");
    return 0;
  }
  const std::string printed = config::PrintConfig(*first);
  auto again = config::ParseConfigText(printed, "printed.conf");
  HERALD_FUZZ_CHECK(again.ok(), "printed:\n" + printed + "errors:\n" + Errors(again.error()));
  HERALD_FUZZ_CHECK(config::testing::WithoutLocations(*again) == config::testing::WithoutLocations(*first),
                    "printed:\n" + printed + "reprinted:\n" + config::PrintConfig(*again));
  HERALD_FUZZ_CHECK(config::PrintConfig(*again) == printed, "printed:\n" + printed);
  return 0;
}
