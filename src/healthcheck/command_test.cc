#include "healthcheck/command.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>

namespace herald::healthcheck {
namespace {

std::string Read(const std::string& path) {
  std::ifstream f(path);
  std::string s;
  std::getline(f, s);
  return s;
}

bool Gone(pid_t pid) {
  for (int i = 0; i < 200; ++i) {  // bounded: 10 s
    if (kill(pid, 0) != 0 && errno == ESRCH) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

TEST(Command, ExitStatusIsTheResult) {
  Log log;
  bool interrupted = false;
  EXPECT_TRUE(RunCheck("exit 0", 5, -1, log, &interrupted));
  EXPECT_FALSE(RunCheck("echo some output; exit 3", 5, -1, log, &interrupted));
  EXPECT_FALSE(RunCheck("kill -9 $$", 5, -1, log, &interrupted));
  EXPECT_FALSE(interrupted);
}

TEST(Command, TimeoutKillsTheWholeGroup) {
  Log log;
  bool interrupted = false;
  std::string pid_file = ::testing::TempDir() + "/healthcheck_sleep." + std::to_string(getpid());
  EXPECT_FALSE(RunCheck("sleep 30 & echo $! > " + pid_file + "; wait", 1, -1, log, &interrupted));
  EXPECT_FALSE(interrupted);
  pid_t pid = std::stoi(Read(pid_file));
  EXPECT_TRUE(Gone(pid));
  std::remove(pid_file.c_str());
}

TEST(Command, StopFdInterruptsTheCheck) {
  Log log;
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  ASSERT_EQ(write(fds[1], "x", 1), 1);
  bool interrupted = false;
  EXPECT_FALSE(RunCheck("sleep 30", 0, fds[0], log, &interrupted));
  EXPECT_TRUE(interrupted);
  close(fds[0]);
  close(fds[1]);
}

TEST(Command, HookSeesItsState) {
  Log log;
  std::string out = ::testing::TempDir() + "/healthcheck_state." + std::to_string(getpid());
  RunHook("echo \"$STATE\" > " + out, "DISABLED", log);
  EXPECT_EQ(Read(out), "DISABLED");
  std::remove(out.c_str());
}

}  // namespace
}  // namespace herald::healthcheck
