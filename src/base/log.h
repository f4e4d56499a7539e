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
#include <chrono>
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
  // One JSON object per line (time, pid, level, category, message) instead
  // of the columns.
  bool json = false;
  // The syslog facility (LOG_DAEMON), when the destination is syslog.
  int facility = 3 << 3;
};

// The name used in log lines and in `exabgp.log.<name>` settings.
std::string_view CategoryName(Category c);
// Parses "DEBUG", "INFO", "NOTICE", "WARNING", "ERR", "CRIT", ... (any case).
Result<Level> ParseLevel(std::string_view name);

// Parses a syslog facility name: "daemon", "user", "local0" ... "local7",
// "auth", "authpriv", "cron", "ftp", "kern", "lpr", "mail", "news", "syslog",
// "uucp" (any case); the LOG_* value.
Result<int> ParseFacility(std::string_view name);
std::string_view FacilityName(int facility);

// Installs settings; fails if the destination cannot be opened.
Status Configure(const Settings& settings);
// Opens the log file again (after a rotation); nothing for other
// destinations. The file is also reopened by itself when its path comes to
// name another file (base/log_file.h).
void Reopen();
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

// Text from outside (a process's line, its stderr) made safe for one log
// line: control bytes and bytes that are not UTF-8 become \xNN (so no raw
// escape sequence or line break reaches a terminal or a log parser), and
// text longer than `max` bytes is cut there, with its size noted:
// "<first max bytes>... (8388608 bytes)". Write() escapes every line the
// same way, but does not cut it.
inline constexpr size_t kMaxQuoted = 512;
std::string Printable(std::string_view text, size_t max = kMaxQuoted);

// Throttle: rate-limits one kind of message from one source (the errors a
// process's lines cause, the lines it writes to stderr): at most `burst`
// messages per `window`, the others counted and reported by one line,
// "<source>: N similar messages suppressed", when a later message is
// admitted or Flush() is called (at window_end(), by a timer; see
// process/log_throttle.h).
//
// Pure: the caller passes the time. Not thread-safe.
class Throttle {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr int kBurst = 20;
  static constexpr std::chrono::milliseconds kWindow{1000};

  // The messages are of `category` and `level`; so is the count's line.
  Throttle(Category category, Level level, std::string source, int burst = kBurst,
           std::chrono::milliseconds window = kWindow)
      : category_(category),
        level_(level),
        source_(std::move(source)),
        burst_(burst),
        window_(window) {}

  // A message is about to be logged at `now`: true if it may be (reporting
  // first what an earlier window suppressed), false if it is suppressed.
  bool Admit(Clock::time_point now);
  // Logs the count of messages suppressed and not reported yet, if any.
  void Flush();
  // Messages suppressed and not reported yet.
  uint64_t suppressed() const { return suppressed_; }
  // When the current window ends.
  Clock::time_point window_end() const { return window_start_ + window_; }

 private:
  Category category_;
  Level level_;
  std::string source_;
  int burst_;
  std::chrono::milliseconds window_;
  Clock::time_point window_start_{};
  bool started_ = false;
  int admitted_ = 0;
  uint64_t suppressed_ = 0;
};

}  // namespace herald::log
