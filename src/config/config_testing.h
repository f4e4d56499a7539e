// Helpers for the config tests: comparing Configs whatever their locations.
#pragma once

#include <string>

#include "config/config.h"
#include "config/parser.h"
#include "config/printer.h"

namespace herald::config::testing {

// Clears every Location and the file list, which a round trip through the
// printer changes.
inline Config WithoutLocations(Config c) {
  c.files.clear();
  c.warnings.clear();
  for (ProcessConfig& p : c.processes) p.where = {};
  for (NeighborConfig& n : c.neighbors) {
    n.where = {};
    for (ApiConfig& a : n.api) a.where = {};
  }
  return c;
}

// Prints `config`, parses the text again, and returns the reparsed Config
// (or the errors as text).
inline Result<Config> Reparse(const Config& config) {
  std::string text = PrintConfig(config);
  auto again = ParseConfigText(text, "printed.conf");
  if (!again) {
    std::string message = "the printed configuration does not parse:\n";
    for (const ConfigError& e : again.error()) message += e.ToString() + "\n";
    return Fail(message + text);
  }
  return std::move(*again);
}

}  // namespace herald::config::testing
