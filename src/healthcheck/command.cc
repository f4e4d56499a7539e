#include "healthcheck/command.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

extern char** environ;

namespace herald::healthcheck {
namespace {

double Now() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

// Spawns /bin/sh -c command in a process group of its own, with no signal
// blocked; out_fd (or /dev/null when -1) as stdout and stderr. -1 on error.
pid_t Spawn(const std::string& command, int out_fd, char** envp) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none;
  sigemptyset(&none);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  sigaddset(&defaults, SIGTERM);
  sigaddset(&defaults, SIGINT);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  if (out_fd >= 0) {
    posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
    posix_spawn_file_actions_adddup2(&actions, out_fd, 2);
  } else {
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
  }
  // The check's stdin is not herald's: herald's stdin carries the acks.
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
  pid_t pid = -1;
  int rc = posix_spawn(&pid, "/bin/sh", &actions, &attr, const_cast<char**>(argv), envp);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  return rc == 0 ? pid : -1;
}

}  // namespace

bool RunCheck(const std::string& command, int timeout_seconds, int stop_fd, Log& log, bool* interrupted) {
  log.Debug("Checking command '" + command + "'");
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    log.Error(std::string("pipe: ") + std::strerror(errno));
    return false;
  }
  pid_t pid = Spawn(command, fds[1], environ);
  close(fds[1]);
  if (pid < 0) {
    close(fds[0]);
    log.Error("unable to run the check command " + command);
    return false;
  }
  std::string output;
  const double deadline = Now() + timeout_seconds;
  bool open = true;
  bool timed_out = false;
  int status = 0;
  for (;;) {
    if (!open) {
      pid_t done = waitpid(pid, &status, WNOHANG);
      if (done == pid) break;
    }
    int wait_ms = 100;
    if (timeout_seconds > 0) {
      double left = deadline - Now();
      if (left <= 0) {
        timed_out = true;
        break;
      }
      wait_ms = std::min(wait_ms, static_cast<int>(left * 1000) + 1);
    }
    pollfd p[2] = {{open ? fds[0] : -1, POLLIN, 0}, {stop_fd, POLLIN, 0}};
    int n = poll(p, 2, open ? (timeout_seconds > 0 ? wait_ms : -1) : 20);
    if (n < 0 && errno != EINTR) break;
    if (p[1].revents & POLLIN) {
      *interrupted = true;
      break;
    }
    if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      char buf[4096];
      ssize_t r = read(fds[0], buf, sizeof(buf));
      if (r > 0 && output.size() < 65536) output.append(buf, static_cast<size_t>(r));
      if (r == 0 || (r < 0 && errno != EINTR && errno != EAGAIN)) open = false;
    }
  }
  close(fds[0]);
  if (timed_out || *interrupted) {
    if (timed_out) log.Warning("Timeout (" + std::to_string(timeout_seconds) + ") while running check command " + command);
    kill(-pid, SIGKILL);
    waitpid(pid, &status, 0);
    return false;
  }
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  while (!output.empty() && std::isspace(static_cast<unsigned char>(output.back()))) output.pop_back();
  if (code != 0) {
    log.Warning("Check command was unsuccessful: " + std::to_string(code));
    if (!output.empty()) log.Info("Output of check command: " + output);
    return false;
  }
  log.Debug("Command was executed successfully " + std::to_string(code) + " " + output);
  return true;
}

void RunHook(const std::string& command, const std::string& state, Log& log) {
  log.Debug("Transition to " + state + ", execute `" + command + "`");
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e)
    if (std::strncmp(*e, "STATE=", 6) != 0) env.push_back(*e);
  env.push_back("STATE=" + state);
  std::vector<char*> envp;
  for (auto& s : env) envp.push_back(s.data());
  envp.push_back(nullptr);
  pid_t pid = Spawn(command, -1, envp.data());
  if (pid < 0) {
    log.Error("unable to run " + command);
    return;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
}

}  // namespace herald::healthcheck
