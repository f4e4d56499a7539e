// Helpers for the config tests: comparing Configs whatever their locations,
// files in a temporary directory.
#pragma once

#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

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

// The routes of the only neighbor of `text`, after checking (gtest
// expectations) that it parses, without warnings when `no_warnings`, and
// reads back from its printed form to the same configuration.
inline std::vector<rib::Route> RoundTrippedRoutes(std::string_view text, bool no_warnings) {
  auto p = ParseConfigText(text, "test.conf");
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error()[0].ToString());
  if (!p.ok() || p->neighbors.size() != 1) return {};
  if (no_warnings) {
    EXPECT_TRUE(p->warnings.empty()) << (p->warnings.empty() ? "" : p->warnings[0].ToString());
  }
  auto again = Reparse(*p);
  EXPECT_TRUE(again.ok()) << (again.ok() ? "" : again.error().message);
  if (again.ok()) {
    EXPECT_EQ(WithoutLocations(*again), WithoutLocations(*p)) << PrintConfig(*p);
  }
  std::vector<rib::Route> out;
  p->neighbors[0].routes.ForEach([&](const rib::Route& r) { out.push_back(r); });
  return out;
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
