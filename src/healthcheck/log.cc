#include "healthcheck/log.h"

#include <syslog.h>

#include <cstring>
#include <iostream>
#include <utility>

#include "base/log.h"

namespace herald::healthcheck {

bool Log::Setup(const Options& o, std::string* error) {
  console_ = !o.silent;
  debug_ = o.debug;
  syslog_ = !o.no_syslog && !o.debug;
  if (!syslog_) return true;
  auto facility = herald::log::ParseFacility(o.syslog_facility);
  if (!facility) {
    *error = "unknown syslog facility " + o.syslog_facility;
    return false;
  }
  ident_ = o.name.empty() ? "healthcheck" : "healthcheck-" + o.name;
  openlog(ident_.c_str(), LOG_PID | LOG_NDELAY, *facility);
  return true;
}

void Log::Write(char level, const std::string& message) {
  if (level == 'D' && !debug_) return;
  const char* name = level == 'D' ? "DEBUG" : level == 'I' ? "INFO" : level == 'W' ? "WARNING" : "ERROR";
  if (console_) std::cerr << name << "[healthcheck] " << message << std::endl;
  if (syslog_) {
    int priority = level == 'D' ? LOG_DEBUG : level == 'I' ? LOG_INFO : level == 'W' ? LOG_WARNING : LOG_ERR;
    syslog(priority, "%s", message.c_str());
  }
}

}  // namespace herald::healthcheck
