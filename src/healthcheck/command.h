// The commands the health checker runs, through /bin/sh -c, each in its
// own process group: the check (with a timeout, the group killed when it
// passes) and the execute hooks (STATE in their environment).
#pragma once

#include <string>

#include "healthcheck/log.h"

namespace herald::healthcheck {

// Runs the check. true: exit status 0 within timeout_seconds (0: no
// limit). stop_fd: readable means stop waiting (a signal): the group is
// killed and *interrupted set.
bool RunCheck(const std::string& command, int timeout_seconds, int stop_fd, Log& log, bool* interrupted);

// Runs a hook with STATE=state added to the environment, output discarded;
// waits for it.
void RunHook(const std::string& command, const std::string& state, Log& log);

}  // namespace herald::healthcheck
