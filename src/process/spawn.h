// Spawn: starts a program with pipes on its stdin, stdout and stderr.
//
// The child (posix_spawn, so no fork of herald's memory):
//   - runs argv[0] (searched in PATH only if it holds no '/'), argv as given;
//   - leads its own process group (pgid == pid), so that herald can signal it
//     and everything it started with kill(-pid, ...);
//   - has every signal at its default disposition and an empty signal mask,
//     whatever herald ignores or blocks (SIG_IGN survives exec otherwise);
//   - has fds 0, 1, 2 on the pipes and no other fd open;
//   - gets herald's environment with TERM=dumb: ExaBGP sets TERM=dumb for its
//     processes (so readline prints no escape codes on the pipe) and herald
//     keeps that deliberate compatibility choice; then `env`'s NAME=value
//     entries, which replace a variable of the same name (TERM included).
// Herald's ends of the pipes are non-blocking and close-on-exec; the stdin
// and stdout pipes are enlarged to 1 MiB where the system allows it.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"

namespace herald::process {

// Owns a file descriptor; closes it on destruction.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  ~UniqueFd() { Reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  // Gives up ownership.
  int Release() { return std::exchange(fd_, -1); }
  void Reset(int fd = -1);

 private:
  int fd_ = -1;
};

struct Spawned {
  int pid = 0;
  UniqueFd stdin_fd;   // write end of the child's stdin
  UniqueFd stdout_fd;  // read end of the child's stdout
  UniqueFd stderr_fd;  // read end of the child's stderr
};

struct SpawnError {
  int error = 0;  // errno value
  std::string message;
};

// Starts argv. Fails if the pipes cannot be made or the program cannot be
// executed (missing, not executable, bad interpreter, ...): exec errors are
// reported here, synchronously, not as an exit of the child.
// `net_admin`: the program keeps CAP_NET_ADMIN (process/capabilities.h);
// every other one starts with no capability unless herald runs as root.
// REQUIRES: !argv.empty().
Result<Spawned, SpawnError> Spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env = {},
                                  bool net_admin = false);

// The exit status herald reports, from a waitpid() status: the exit code
// (0-255), or -N when the program was killed by signal N.
int ExitStatus(int wait_status);

// The status reported when the program could not be executed, as a shell
// would: 127 when it was not found, 126 otherwise.
int SpawnFailureStatus(int error);

// The status reported when the exit status could not be collected: the
// child was reaped by someone else (a stray waitpid(-1), SIGCHLD ignored).
inline constexpr int kStatusUnknown = 256;

// Checks, without blocking, whether child `pid` has exited, and reaps it if
// so. Returns nullopt while it runs, else its ExitStatus(), or
// kStatusUnknown if it is not (any more) a child of this process.
std::optional<int> PollExit(int pid);

}  // namespace herald::process
