#include "healthcheck/log.h"

#include <syslog.h>

#include <cstring>
#include <iostream>
#include <utility>

namespace herald::healthcheck {
namespace {

const std::pair<const char*, int> kFacilities[] = {
    {"auth", LOG_AUTH},     {"authpriv", LOG_AUTHPRIV}, {"cron", LOG_CRON},     {"daemon", LOG_DAEMON},
    {"ftp", LOG_FTP},       {"kern", LOG_KERN},         {"lpr", LOG_LPR},       {"mail", LOG_MAIL},
    {"news", LOG_NEWS},     {"syslog", LOG_SYSLOG},     {"user", LOG_USER},     {"uucp", LOG_UUCP},
    {"local0", LOG_LOCAL0}, {"local1", LOG_LOCAL1},     {"local2", LOG_LOCAL2}, {"local3", LOG_LOCAL3},
    {"local4", LOG_LOCAL4}, {"local5", LOG_LOCAL5},     {"local6", LOG_LOCAL6}, {"local7", LOG_LOCAL7},
};

}  // namespace

bool Log::Setup(const Options& o, std::string* error) {
  console_ = !o.silent;
  debug_ = o.debug;
  syslog_ = !o.no_syslog && !o.debug;
  if (!syslog_) return true;
  std::string f = o.syslog_facility;
  for (char& c : f) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  int facility = -1;
  for (const auto& [name, value] : kFacilities)
    if (f == name) facility = value;
  if (facility < 0) {
    *error = "unknown syslog facility " + o.syslog_facility;
    return false;
  }
  ident_ = o.name.empty() ? "healthcheck" : "healthcheck-" + o.name;
  openlog(ident_.c_str(), LOG_PID | LOG_NDELAY, facility);
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
