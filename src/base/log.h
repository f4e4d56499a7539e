// Logging: one line per event, with the category switches of ExaBGP's
// `exabgp.log.*` settings (configuration, reactor, daemon, processes, network,
// packets, rib, message, timers, routes, parser).
//
// spdlog sits behind this header (log.cc) so that only one file pays for it.
// Lines look like ExaBGP's: "HH:MM:SS | pid    | category        | text".
// wire/ never logs: it returns errors, and its callers log once with the
// peer's context. Individual routes are logged at debug level only.
#pragma once

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace herald::log {

enum class Category : uint8_t {
  kConfiguration,
  kReactor,
  kDaemon,
  kProcesses,
  kNetwork,
  kPackets,
  kRib,
  kMessage,
  kTimers,
  kRoutes,
  kParser,
  kCount,
};

// Syslog severities, as ExaBGP's exabgp.log.level names them.
enum class Level : uint8_t { kDebug, kInfo, kNotice, kWarning, kError, kCritical };

struct Settings {
  bool enable = true;
  Level level = Level::kInfo;
  // "stdout", "stderr", "syslog", or a file name.
  std::string destination = "stdout";
  // Per-category switches; `all` turns every one on.
  std::array<bool, static_cast<size_t>(Category::kCount)> categories = {
      true, true, true, true, true, false, false, false, false, false, false};
  bool all = false;
  // Drop the time and pid columns.
  bool short_format = false;
};

// The name used in log lines and in `exabgp.log.<name>` settings.
std::string_view CategoryName(Category c);
// Parses "DEBUG", "INFO", "NOTICE", "WARNING", "ERR", "CRIT", ... (any case).
Result<Level> ParseLevel(std::string_view name);

// Installs settings; fails if the destination cannot be opened.
Status Configure(const Settings& settings);
const Settings& Current();

// True if a line of this category and level would be written.
bool Enabled(Category c, Level level);

// Writes an already formatted line.
void Write(Category c, Level level, std::string_view text);

template <typename... Args>
void Log(Category c, Level level, fmt::format_string<Args...> format, Args&&... args) {
  if (!Enabled(c, level)) return;
  Write(c, level, fmt::format(format, std::forward<Args>(args)...));
}
template <typename... Args>
void Debug(Category c, fmt::format_string<Args...> format, Args&&... args) {
  Log(c, Level::kDebug, format, std::forward<Args>(args)...);
}
template <typename... Args>
void Info(Category c, fmt::format_string<Args...> format, Args&&... args) {
  Log(c, Level::kInfo, format, std::forward<Args>(args)...);
}
template <typename... Args>
void Warn(Category c, fmt::format_string<Args...> format, Args&&... args) {
  Log(c, Level::kWarning, format, std::forward<Args>(args)...);
}
template <typename... Args>
void Error(Category c, fmt::format_string<Args...> format, Args&&... args) {
  Log(c, Level::kError, format, std::forward<Args>(args)...);
}

// Flushes buffered output (before exit).
void Flush();

}  // namespace herald::log
