#include "base/log.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/sinks/syslog_sink.h>
#include <spdlog/spdlog.h>
#include <syslog.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace herald::log {
namespace {

constexpr std::string_view kNames[] = {"configuration", "reactor", "daemon",  "processes",
                                       "network",       "packets", "rib",     "message",
                                       "timers",        "routes",  "parser"};
static_assert(std::size(kNames) == static_cast<size_t>(Category::kCount));

Settings g_settings;
std::shared_ptr<spdlog::logger> g_logger;

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

std::shared_ptr<spdlog::logger> Make(const Settings& s) {
  spdlog::sink_ptr sink;
  const std::string& d = s.destination;
  if (d.empty() || d == "stdout") {
    sink = std::make_shared<spdlog::sinks::stdout_sink_mt>();
  } else if (d == "stderr") {
    sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  } else if (d == "syslog") {
    sink = std::make_shared<spdlog::sinks::syslog_sink_mt>("herald", LOG_PID, LOG_DAEMON, true);
  } else {
    sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(d, false);
  }
  auto logger = std::make_shared<spdlog::logger>("herald", sink);
  // Syslog adds its own time and pid.
  if (s.short_format || d == "syslog") {
    logger->set_pattern("%v");
  } else {
    logger->set_pattern("%H:%M:%S | %-6P | %v");
  }
  logger->set_level(spdlog::level::trace);
  logger->flush_on(spdlog::level::trace);
  return logger;
}

}  // namespace

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

Status Configure(const Settings& settings) {
  try {
    auto logger = Make(settings);
    g_logger = std::move(logger);
    g_settings = settings;
  } catch (const spdlog::spdlog_ex& e) {
    return Fail("cannot open log destination '" + settings.destination + "': " + e.what());
  }
  return Ok();
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
  if (!g_logger) g_logger = Make(g_settings);
  std::string_view prefix = level >= Level::kError ? "error: " : level == Level::kWarning ? "warning: " : "";
  g_logger->log(ToSpd(level), "{:<15} | {}{}", CategoryName(c), prefix, text);
}

void Flush() {
  if (g_logger) g_logger->flush();
}

}  // namespace herald::log
