// Helpers for the config tests: comparing Configs whatever their locations,
// files in a temporary directory.
#pragma once

#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
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

// A temporary directory, removed with its files.
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/herald-config-test-XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  // Writes a file (directories made as needed); returns its path.
  std::string Write(const std::string& name, const std::string& text, mode_t mode = 0644) {
    std::string p = File(name);
    std::filesystem::create_directories(std::filesystem::path(p).parent_path());
    std::ofstream(p) << text;
    chmod(p.c_str(), mode);
    return p;
  }
  std::string File(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace herald::config::testing
