#include "base/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/sinks/syslog_sink.h>
#include <spdlog/spdlog.h>
#include <syslog.h>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <memory>
#include <utility>

#include "base/log_file.h"
#include "base/utf8.h"

namespace herald::log {
namespace {

constexpr std::string_view kNames[] = {"configuration", "reactor", "daemon",  "processes",
                                       "network",       "packets", "rib",     "message",
                                       "timers",        "routes",  "parser"};
static_assert(std::size(kNames) == static_cast<size_t>(Category::kCount));

const std::pair<std::string_view, int> kFacilities[] = {
    {"auth", LOG_AUTH},     {"authpriv", LOG_AUTHPRIV}, {"cron", LOG_CRON},     {"daemon", LOG_DAEMON},
    {"ftp", LOG_FTP},       {"kern", LOG_KERN},         {"lpr", LOG_LPR},       {"mail", LOG_MAIL},
    {"news", LOG_NEWS},     {"syslog", LOG_SYSLOG},     {"user", LOG_USER},     {"uucp", LOG_UUCP},
    {"local0", LOG_LOCAL0}, {"local1", LOG_LOCAL1},     {"local2", LOG_LOCAL2}, {"local3", LOG_LOCAL3},
    {"local4", LOG_LOCAL4}, {"local5", LOG_LOCAL5},     {"local6", LOG_LOCAL6}, {"local7", LOG_LOCAL7},
};

Settings g_settings;
std::shared_ptr<spdlog::logger> g_logger;
// The file sink of g_logger, when the destination is a file (for Reopen()).
std::shared_ptr<ReopeningFileSink> g_file;

constexpr std::string_view kLevelNames[] = {"debug", "info", "notice", "warning", "error", "critical"};

spdlog::level::level_enum ToSpd(Level l) {
  switch (l) {
    case Level::kDebug: return spdlog::level::debug;
    case Level::kInfo: return spdlog::level::info;
    case Level::kNotice: return spdlog::level::info;
    case Level::kWarning: return spdlog::level::warn;
    case Level::kError: return spdlog::level::err;
    case Level::kCritical: return spdlog::level::critical;
  }
  return spdlog::level::info;
}

std::shared_ptr<spdlog::logger> Make(const Settings& s, std::shared_ptr<ReopeningFileSink>* file) {
  spdlog::sink_ptr sink;
  const std::string& d = s.destination;
  if (d.empty() || d == "stdout") {
    sink = std::make_shared<spdlog::sinks::stdout_sink_mt>();
  } else if (d == "stderr") {
    sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  } else if (d == "syslog") {
    sink = std::make_shared<spdlog::sinks::syslog_sink_mt>("herald", LOG_PID, s.facility, true);
  } else {
    *file = std::make_shared<ReopeningFileSink>(d);
    sink = *file;
  }
  auto logger = std::make_shared<spdlog::logger>("herald", sink);
  // Syslog adds its own time and pid; a JSON line is whole.
  if (s.short_format || d == "syslog" || s.json) {
    logger->set_pattern("%v");
  } else {
    logger->set_pattern("%H:%M:%S | %-6P | %v");
  }
  logger->set_level(spdlog::level::trace);
  logger->flush_on(spdlog::level::trace);
  return logger;
}

// RFC 3339, UTC, microseconds: 2026-12-04T08:10:00.123456Z.
void AppendTime(std::string* out) {
  auto now = std::chrono::system_clock::now();
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(us / 1000000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  fmt::format_to(std::back_inserter(*out), "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", tm.tm_year + 1900,
                 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, us % 1000000);
}

// A JSON string's contents: `text` is printable already (no control byte,
// valid UTF-8), so only the quote and the backslash need escaping.
void AppendJsonString(std::string* out, std::string_view text) {
  out->push_back('"');
  for (char c : text) {
    if (c == '"' || c == '\\') out->push_back('\\');
    out->push_back(c);
  }
  out->push_back('"');
}

bool Plain(unsigned char c) { return c >= 0x20 && c < 0x7f; }

// The length of the UTF-8 sequence at text[i] if it is well-formed and
// printable, else 0: the C1 controls (U+0080 to U+009F) are escaped like
// the C0 ones.
size_t PrintableUtf8Length(std::string_view text, size_t i) {
  uint32_t cp = 0;
  const size_t n = Utf8SequenceLength(text, i, &cp);
  return cp > 0x9f ? n : 0;
}

bool AllPlain(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return Plain(c); });
}

}  // namespace

std::string Printable(std::string_view text, size_t max) {
  const size_t size = text.size();
  if (size > max) text = text.substr(0, max);
  std::string out;
  out.reserve(text.size() + 32);
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = text[i];
    if (Plain(c)) {
      out.push_back(static_cast<char>(c));
      ++i;
    } else if (size_t n = c >= 0x80 ? PrintableUtf8Length(text, i) : 0) {
      out.append(text.substr(i, n));
      i += n;
    } else {
      fmt::format_to(std::back_inserter(out), "\\x{:02x}", c);
      ++i;
    }
  }
  if (size > max) fmt::format_to(std::back_inserter(out), "... ({} bytes)", size);
  return out;
}

bool Throttle::Admit(Clock::time_point now) {
  if (!started_ || now >= window_start_ + window_) {
    Flush();
    started_ = true;
    window_start_ = now;
    admitted_ = 0;
  }
  if (admitted_ < burst_) {
    ++admitted_;
    return true;
  }
  ++suppressed_;
  return false;
}

void Throttle::Flush() {
  if (suppressed_ == 0) return;
  Log(category_, level_, "{}: {} similar message{} suppressed", source_, suppressed_,
      suppressed_ == 1 ? "" : "s");
  suppressed_ = 0;
}

std::string_view CategoryName(Category c) { return kNames[static_cast<size_t>(c)]; }

Result<Level> ParseLevel(std::string_view name) {
  std::string n(name);
  std::transform(n.begin(), n.end(), n.begin(), [](unsigned char ch) { return std::toupper(ch); });
  if (n == "DEBUG") return Level::kDebug;
  if (n == "INFO") return Level::kInfo;
  if (n == "NOTICE") return Level::kNotice;
  if (n == "WARNING" || n == "WARN") return Level::kWarning;
  if (n == "ERR" || n == "ERROR") return Level::kError;
  if (n == "CRIT" || n == "CRITICAL" || n == "ALERT" || n == "EMERG") return Level::kCritical;
  return Fail("invalid log level '" + std::string(name) +
              "' (expected DEBUG, INFO, NOTICE, WARNING, ERR or CRIT)");
}

Result<int> ParseFacility(std::string_view name) {
  std::string n(name);
  std::transform(n.begin(), n.end(), n.begin(), [](unsigned char ch) { return std::tolower(ch); });
  for (const auto& [known, value] : kFacilities)
    if (n == known) return value;
  return Fail("unknown syslog facility '" + std::string(name) + "' (expected daemon, user, local0 to local7, ...)");
}

std::string_view FacilityName(int facility) {
  for (const auto& [known, value] : kFacilities)
    if (value == facility) return known;
  return "daemon";
}

Status Configure(const Settings& settings) {
  try {
    std::shared_ptr<ReopeningFileSink> file;
    auto logger = Make(settings, &file);
    g_logger = std::move(logger);
    g_file = std::move(file);
    g_settings = settings;
  } catch (const spdlog::spdlog_ex& e) {
    return Fail("cannot open log destination '" + settings.destination + "': " + e.what());
  }
  return Ok();
}

void Reopen() {
  if (g_file) g_file->Reopen();
}

const Settings& Current() { return g_settings; }

bool Enabled(Category c, Level level) {
  if (!g_settings.enable) return false;
  // Warnings and errors are always shown; the category switches gate the rest.
  if (level >= Level::kWarning) return true;
  if (level < g_settings.level) return false;
  return g_settings.all || g_settings.categories[static_cast<size_t>(c)];
}

void Write(Category c, Level level, std::string_view text) {
  if (!g_logger) g_logger = Make(g_settings, &g_file);
  if (g_settings.json) {
    std::string line = "{\"time\":";
    line.reserve(text.size() + 128);
    line.push_back('"');
    AppendTime(&line);
    fmt::format_to(std::back_inserter(line), "\",\"pid\":{},\"level\":\"{}\",\"category\":\"{}\",\"message\":", getpid(),
                   kLevelNames[static_cast<size_t>(level)], CategoryName(c));
    std::string escaped;
    if (!AllPlain(text)) {
      escaped = Printable(text, std::string_view::npos);
      text = escaped;
    }
    AppendJsonString(&line, text);
    line.push_back('}');
    g_logger->log(ToSpd(level), "{}", line);
    return;
  }
  std::string_view prefix = level >= Level::kError ? "error: " : level == Level::kWarning ? "warning: " : "";
  // One event, one line, whatever the text holds (peer strings, process
  // output quoted in a message).
  if (AllPlain(text)) {
    g_logger->log(ToSpd(level), "{:<15} | {}{}", CategoryName(c), prefix, text);
  } else {
    g_logger->log(ToSpd(level), "{:<15} | {}{}", CategoryName(c), prefix,
                  Printable(text, std::string_view::npos));
  }
}

void Flush() {
  if (g_logger) g_logger->flush();
}

}  // namespace herald::log
