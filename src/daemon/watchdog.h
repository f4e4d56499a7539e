// Watchdogs: named groups of routes that `announce watchdog NAME` and
// `withdraw watchdog NAME` announce and withdraw together (ExaBGP's
// health-check pattern: a route follows its service).
#pragma once

#include <map>
#include <string>

namespace herald::daemon {

// Watchdog name -> announced (true) or withdrawn, once a command named it.
using Watchdogs = std::map<std::string, bool>;

// Whether routes of watchdog `name` are announced: as the last command
// said, else as configured (a route marked `withdraw` waits for
// `announce watchdog`).
inline bool WatchdogUp(const Watchdogs& watchdogs, const std::string& name, bool held) {
  auto it = watchdogs.find(name);
  return it != watchdogs.end() ? it->second : !held;
}

}  // namespace herald::daemon
