// The healthcheck's log: `LEVEL[healthcheck] message` on stderr (unless
// --silent), and syslog with the --syslog-facility as
// `healthcheck[-NAME][PID]: message` (unless --no-syslog or --debug), as
// ExaBGP 5.0's healthcheck logs.
#pragma once

#include <string>

#include "healthcheck/options.h"

namespace herald::healthcheck {

class Log {
 public:
  Log() = default;
  // Opens syslog when it is on. error set for an unknown facility.
  bool Setup(const Options& options, std::string* error);
  void Write(char level, const std::string& message);
  void Debug(const std::string& m) { Write('D', m); }
  void Info(const std::string& m) { Write('I', m); }
  void Warning(const std::string& m) { Write('W', m); }
  void Error(const std::string& m) { Write('E', m); }

 private:
  bool console_ = true;
  bool syslog_ = false;
  bool debug_ = false;
  std::string ident_;
};

}  // namespace herald::healthcheck
