// herald cli's interactive shell, used when stdin and stdout are both
// terminals and no command is given: libedit line editing, history kept
// across sessions, and TAB completion (cli_complete.h).
//
// History: ~/.herald_history, or $HERALD_HISTORY (empty: no file), the last
// 1000 lines, loaded at start and saved at exit; a file that cannot be read
// or written is a warning on stderr. exit, quit or Ctrl-D on an empty line
// leave; Ctrl-C clears the line (the terminal's signal keys are off while a
// line is edited, so Ctrl-Z and Ctrl-\ do nothing there; they work while an
// answer is printed). Neighbor addresses for completion come from
// `show neighbor summary` over the same connection, asked again when the
// last answer is more than a few seconds old.
//
// This file alone links libedit (the herald_cli_shell library), so the
// tools' library and its tests do not need it.
#pragma once

#include "daemon/tools.h"

namespace herald::daemon {

// The shell on the process's terminal. Exit code as RunCli's.
int RunCliShell(const CliOptions& options);

}  // namespace herald::daemon
