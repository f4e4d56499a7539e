#include "process/spawn.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <cstring>

#include "process/capabilities.h"

extern char** environ;

namespace herald::process {
namespace {

constexpr int kPipeSize = 1 << 20;

// Pipes whose ends are both >= 3: dup2() onto 0, 1 and 2 in the child then
// never clobbers another pipe end, and dup2(fd, fd) (which would keep
// FD_CLOEXEC) never happens, even when herald runs with 0, 1 or 2 closed.
int MoveAboveStdio(int fd) {
  if (fd >= 3) return fd;
  int moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
  int saved = errno;
  close(fd);
  errno = saved;
  return moved;
}

bool MakePipe(UniqueFd* read_end, UniqueFd* write_end) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return false;
  UniqueFd r(MoveAboveStdio(fds[0]));
  UniqueFd w(MoveAboveStdio(fds[1]));
  if (!r.valid() || !w.valid()) return false;
  *read_end = std::move(r);
  *write_end = std::move(w);
  return true;
}

bool SetNonBlocking(int fd) {
  int flags = fcntl(fd, F_GETFL);
  return flags >= 0 && fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
}

Failure<SpawnError> SpawnFail(int error, const std::string& what) {
  return Fail(SpawnError{error, what + ": " + std::strerror(error)});
}

// posix_spawn's attribute and file-action objects, destroyed on every path.
struct SpawnSetup {
  posix_spawnattr_t attr;
  posix_spawn_file_actions_t actions;
  SpawnSetup() {
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_init(&actions);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
  }
};

}  // namespace

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) Reset(other.Release());
  return *this;
}

void UniqueFd::Reset(int fd) {
  if (fd_ >= 0) close(fd_);
  fd_ = fd;
}

Result<Spawned, SpawnError> Spawn(const std::vector<std::string>& argv, const std::vector<std::string>& extra,
                                  bool net_admin) {
  assert(!argv.empty());
  UniqueFd in_r, in_w, out_r, out_w, err_r, err_w;
  if (!MakePipe(&in_r, &in_w) || !MakePipe(&out_r, &out_w) || !MakePipe(&err_r, &err_w))
    return SpawnFail(errno, "cannot create pipes for " + argv[0]);
  if (!SetNonBlocking(in_w.get()) || !SetNonBlocking(out_r.get()) || !SetNonBlocking(err_r.get()))
    return SpawnFail(errno, "cannot set the pipes of " + argv[0] + " non-blocking");
  // Larger pipes mean fewer, bigger reads and writes; best effort (the
  // system caps them with fs.pipe-max-size and per-user limits).
  fcntl(in_w.get(), F_SETPIPE_SZ, kPipeSize);
  fcntl(out_r.get(), F_SETPIPE_SZ, kPipeSize);

  SpawnSetup setup;
  // Own process group (pgid 0 means "my own pid"); default dispositions for
  // every signal and an empty mask, whatever herald set for itself.
  sigset_t all, none;
  // Every bit set, not sigfillset(): glibc's sigfillset leaves out its two
  // internal signals (32, 33), and its posix_spawn then sets them to SIG_IGN
  // in the child, which survives the exec. setsigdefault copies the set as
  // is, so the child resets them to SIG_DFL like every other signal.
  std::memset(&all, 0xff, sizeof all);
  sigemptyset(&none);
  posix_spawnattr_setflags(&setup.attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  posix_spawnattr_setpgroup(&setup.attr, 0);
  posix_spawnattr_setsigdefault(&setup.attr, &all);
  posix_spawnattr_setsigmask(&setup.attr, &none);
  // The pipes on 0, 1, 2 and nothing else: herald's sockets, the other
  // children's pipes and any fd a library opened without O_CLOEXEC stay out.
  posix_spawn_file_actions_adddup2(&setup.actions, in_r.get(), 0);
  posix_spawn_file_actions_adddup2(&setup.actions, out_w.get(), 1);
  posix_spawn_file_actions_adddup2(&setup.actions, err_w.get(), 2);
  posix_spawn_file_actions_addclosefrom_np(&setup.actions, 3);

  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  static const std::string kTerm = "TERM=dumb";
  // A variable named in `extra` (up to its '=') is left out of herald's.
  auto replaced = [&](const char* e) {
    for (const std::string& x : extra) {
      size_t eq = x.find('=');
      if (std::strncmp(e, x.c_str(), eq + 1) == 0) return true;
    }
    return false;
  };
  std::vector<char*> env;
  for (char** e = environ; e && *e; ++e)
    if (std::strncmp(*e, "TERM=", 5) != 0 && !replaced(*e)) env.push_back(*e);
  if (!replaced(kTerm.c_str())) env.push_back(const_cast<char*>(kTerm.c_str()));
  for (const std::string& x : extra) env.push_back(const_cast<char*>(x.c_str()));
  env.push_back(nullptr);

  pid_t pid = 0;
  // The child inherits the thread's ambient set, raised for this one only.
  AmbientNetAdmin ambient(net_admin);
  // glibc runs the child with CLONE_VFORK and returns the exec error here.
  int rc = posix_spawnp(&pid, args[0], &setup.actions, &setup.attr, args.data(), env.data());
  if (rc != 0) return SpawnFail(rc, "cannot run " + argv[0]);

  Spawned s;
  s.pid = pid;
  s.stdin_fd = std::move(in_w);
  s.stdout_fd = std::move(out_r);
  s.stderr_fd = std::move(err_r);
  return s;
}

int ExitStatus(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return -WTERMSIG(wait_status);
  return wait_status;
}

int SpawnFailureStatus(int error) { return error == ENOENT ? 127 : 126; }

std::optional<int> PollExit(int pid) {
  int status = 0;
  pid_t r;
  do r = waitpid(pid, &status, WNOHANG);
  while (r < 0 && errno == EINTR);
  if (r == pid) return ExitStatus(status);
  // ECHILD: gone without us; its pid may already be reused, so it must not
  // be treated as running (or signalled) any more.
  if (r < 0 && errno == ECHILD) return kStatusUnknown;
  return std::nullopt;
}

}  // namespace herald::process
