#include "process/spawn.h"

#include <dirent.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <set>
#include <string>

namespace herald::process {
namespace {

// Reads fd until EOF (or, with until_newline, until a line ends), for at
// most 5 s.
std::string ReadAll(int fd, bool until_newline = false) {
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    if (until_newline && !out.empty() && out.back() == '\n') break;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buf[4096];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n > 0) out.append(buf, n);
  }
  return out;
}

std::string ReadLine(int fd) { return ReadAll(fd, true); }

// Waits for pid for at most 5 s; returns its waitpid status, or -1.
int Reap(int pid) {
  for (int i = 0; i < 500; ++i) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return status;
    usleep(10000);
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  return -1;
}

std::set<std::string> OpenFds(const std::string& dir) {
  std::set<std::string> fds;
  DIR* d = opendir(dir.c_str());
  if (!d) return fds;
  while (dirent* e = readdir(d))
    if (e->d_name[0] != '.') fds.insert(e->d_name);
  closedir(d);
  return fds;
}

TEST(SpawnTest, RunsTheProgramWithPipes) {
  auto s = Spawn({"/bin/sh", "-c", "read x; echo \"got $x\"; echo err >&2; exit 3"});
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_EQ(write(s->stdin_fd.get(), "hello\n", 6), 6);
  s->stdin_fd.Reset();
  EXPECT_EQ(ReadAll(s->stdout_fd.get()), "got hello\n");
  EXPECT_EQ(ReadAll(s->stderr_fd.get()), "err\n");
  EXPECT_EQ(ExitStatus(Reap(s->pid)), 3);
}

TEST(SpawnTest, HeraldsEndsAreNonBlockingAndCloseOnExec) {
  auto s = Spawn({"/bin/cat"});
  ASSERT_TRUE(s.ok());
  for (int fd : {s->stdin_fd.get(), s->stdout_fd.get(), s->stderr_fd.get()}) {
    EXPECT_GE(fd, 3);
    EXPECT_TRUE(fcntl(fd, F_GETFL) & O_NONBLOCK);
    EXPECT_TRUE(fcntl(fd, F_GETFD) & FD_CLOEXEC);
  }
  s->stdin_fd.Reset();
  EXPECT_EQ(ExitStatus(Reap(s->pid)), 0);
}

TEST(SpawnTest, ChildLeadsItsOwnProcessGroup) {
  auto s = Spawn({"/bin/sleep", "10"});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(getpgid(s->pid), s->pid);
  EXPECT_NE(getpgid(s->pid), getpgrp());
  ASSERT_EQ(kill(-s->pid, SIGTERM), 0);
  EXPECT_EQ(ExitStatus(Reap(s->pid)), -SIGTERM);
}

TEST(SpawnTest, ChildHasOnlyStdioOpen) {
  // Descriptors herald might hold without O_CLOEXEC must not reach children.
  int leak1 = open("/dev/null", O_RDONLY);
  int leak2 = dup(leak1);
  ASSERT_GE(leak2, 0);
  auto s = Spawn({"/bin/cat"});
  ASSERT_TRUE(s.ok());
  // posix_spawn returns right after the exec, while the dynamic loader may
  // still hold a library open: wait until cat has echoed a line (it is then
  // blocked reading stdin) before looking at its descriptor table.
  ASSERT_EQ(write(s->stdin_fd.get(), "x\n", 2), 2);
  ASSERT_EQ(ReadLine(s->stdout_fd.get()), "x\n");
  EXPECT_EQ(OpenFds("/proc/" + std::to_string(s->pid) + "/fd"),
            (std::set<std::string>{"0", "1", "2"}));
  s->stdin_fd.Reset();
  Reap(s->pid);
  close(leak1);
  close(leak2);
}

TEST(SpawnTest, ChildGetsDefaultSignalsAndAnEmptyMask) {
  struct sigaction old_usr1;
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGUSR1, &ignore, &old_usr1);
  struct sigaction old_rt;
  sigaction(SIGRTMAX, &ignore, &old_rt);
  sigset_t block, old_mask;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR2);
  sigaddset(&block, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &block, &old_mask);

  auto s = Spawn({"/bin/grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status"});

  pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  sigaction(SIGUSR1, &old_usr1, nullptr);
  sigaction(SIGRTMAX, &old_rt, nullptr);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(ReadAll(s->stdout_fd.get()), "SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n");
  Reap(s->pid);
}

TEST(SpawnTest, PassesTheEnvironmentWithTermDumb) {
  const char* old_term = getenv("TERM");
  std::string saved = old_term ? old_term : "";
  setenv("TERM", "xterm-256color", 1);
  setenv("HERALD_SPAWN_TEST", "passed through", 1);
  auto s = Spawn({"env"});  // no '/': found in PATH
  if (old_term)
    setenv("TERM", saved.c_str(), 1);
  else
    unsetenv("TERM");
  unsetenv("HERALD_SPAWN_TEST");
  ASSERT_TRUE(s.ok()) << s.error().message;
  std::string out = ReadAll(s->stdout_fd.get());
  EXPECT_NE(out.find("\nHERALD_SPAWN_TEST=passed through\n"), std::string::npos) << out;
  EXPECT_NE(out.find("TERM=dumb\n"), std::string::npos);
  EXPECT_EQ(out.find("TERM=xterm"), std::string::npos);
  Reap(s->pid);
}

TEST(SpawnTest, ExtraVariablesReplaceHeraldsOwn) {
  setenv("HERALD_SPAWN_TEST", "herald's", 1);
  auto s = Spawn({"env"}, {"HERALD_SPAWN_TEST=the process's", "HERALD_SPAWN_NEW=", "TERM=vt100"});
  unsetenv("HERALD_SPAWN_TEST");
  ASSERT_TRUE(s.ok()) << s.error().message;
  std::string out = ReadAll(s->stdout_fd.get());
  EXPECT_NE(out.find("HERALD_SPAWN_TEST=the process's\n"), std::string::npos) << out;
  EXPECT_EQ(out.find("herald's"), std::string::npos);
  EXPECT_NE(out.find("HERALD_SPAWN_NEW=\n"), std::string::npos);
  EXPECT_NE(out.find("TERM=vt100\n"), std::string::npos);
  EXPECT_EQ(out.find("TERM=dumb"), std::string::npos);
  Reap(s->pid);
}

TEST(SpawnTest, MissingProgramFailsAtOnceWithoutLeakingFds) {
  std::set<std::string> before = OpenFds("/proc/self/fd");
  auto s = Spawn({"/nonexistent/herald-test-program", "x"});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().error, ENOENT);
  EXPECT_NE(s.error().message.find("/nonexistent/herald-test-program"), std::string::npos);
  EXPECT_EQ(SpawnFailureStatus(s.error().error), 127);
  EXPECT_EQ(OpenFds("/proc/self/fd"), before);
  // And no child was left behind.
  EXPECT_EQ(waitpid(-1, nullptr, WNOHANG), -1);
  EXPECT_EQ(errno, ECHILD);
}

TEST(SpawnTest, NonExecutableFileFailsWith126) {
  char path[] = "/tmp/herald-spawn-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, "#!/bin/sh\n", 10), 10);
  close(fd);
  chmod(path, 0644);
  auto s = Spawn({path});
  unlink(path);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().error, EACCES);
  EXPECT_EQ(SpawnFailureStatus(s.error().error), 126);
}

TEST(SpawnTest, ExitStatusOfASignalIsNegative) {
  auto s = Spawn({"/bin/sleep", "10"});
  ASSERT_TRUE(s.ok());
  kill(s->pid, SIGKILL);
  EXPECT_EQ(ExitStatus(Reap(s->pid)), -SIGKILL);
}

TEST(UniqueFdTest, ClosesOnResetAndDestruction) {
  int raw = open("/dev/null", O_RDONLY | O_CLOEXEC);
  {
    UniqueFd fd(raw);
    UniqueFd moved = std::move(fd);
    EXPECT_FALSE(fd.valid());
    EXPECT_EQ(moved.get(), raw);
  }
  EXPECT_EQ(fcntl(raw, F_GETFD), -1);
  EXPECT_EQ(errno, EBADF);
}

}  // namespace
}  // namespace herald::process
