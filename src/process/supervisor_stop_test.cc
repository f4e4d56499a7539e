// Supervisor: stopping programs, killing stubborn ones, leaving no zombie
// and no leaked descriptor.
#include <fcntl.h>

#include <charconv>

#include "process/supervisor_test_util.h"

namespace herald::process {
namespace {

using namespace testing_util;

TEST(SupervisorStopTest, StopAllKillsAProgramThatIgnoresSigterm) {
  LogCapture log;
  Harness h;
  // The shell and its background child both ignore SIGTERM.
  h.sup->Start(Harness::Shell("stubborn", "trap '' TERM; sleep 30 & echo $!; wait"));
  ASSERT_TRUE(h.RunUntil([&] { return h.lines["stubborn"].size() == 1; }));
  int pid = h.sup->Pid("stubborn");
  int grandchild = 0;
  const std::string& line = h.lines["stubborn"][0];
  std::from_chars(line.data(), line.data() + line.size(), grandchild);
  ASSERT_GT(grandchild, 0);

  bool done = false;
  auto t0 = Clock::now();
  h.sup->StopAll(300ms, [&] { done = true; });
  EXPECT_FALSE(done);  // never from inside StopAll
  ASSERT_TRUE(h.RunUntil([&] { return done; }, 3s));
  auto took = Clock::now() - t0;
  EXPECT_GE(took, 300ms);
  EXPECT_LT(took, 1300ms);
  EXPECT_TRUE(Reaped(pid));
  // SIGKILL went to the whole group; init reaps the orphan.
  EXPECT_TRUE(h.RunUntil([&] { return GoneOrZombie(grandchild); }, 2s));
  EXPECT_TRUE(h.exits.empty());  // stopped quietly
  std::string text = log.Text();
  EXPECT_NE(text.find("still running after its grace period, killing it"), std::string::npos)
      << text;
  EXPECT_NE(text.find("process stubborn (pid " + std::to_string(pid) + ") stopped, status -9"),
            std::string::npos)
      << text;
}

// What is queued for a program that does not read it is written for half
// the grace period at most: then dropped, stdin closed, SIGTERM; SIGKILL
// only at the end of the grace period.
TEST(SupervisorStopTest, AProgramThatDoesNotReadItsStdinGetsSigtermBeforeSigkill) {
  LogCapture log;
  TempDir dir;
  Harness h;
  const std::string mark = dir.File("term");
  h.sup->Start(Harness::Shell(
      "deaf", "trap 'echo term > " + mark + "; exit 0' TERM; while :; do sleep 0.05; done"));
  ASSERT_TRUE(h.RunUntil([&] { return h.sup->Running("deaf"); }));
  // More than its pipe holds: some stays queued, for ever.
  ASSERT_TRUE(h.sup->Write("deaf", std::string(4u << 20, 'x')));
  h.RunFor(50ms);
  ASSERT_GT(h.sup->Queued("deaf"), 0u);
  const int pid = h.sup->Pid("deaf");
  bool done = false;
  auto t0 = Clock::now();
  h.sup->StopAll(1s, [&] { done = true; });
  ASSERT_TRUE(h.RunUntil([&] { return done; }, 3s));
  EXPECT_GE(Clock::now() - t0, 500ms);
  EXPECT_EQ(ReadFile(mark), "term\n");
  EXPECT_TRUE(Reaped(pid));
  std::string text = log.Text();
  EXPECT_NE(text.find("process deaf (pid " + std::to_string(pid) +
                      ") did not read its stdin while stopping: "),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("process deaf (pid " + std::to_string(pid) + ") stopped, status 0"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("killing it"), std::string::npos) << text;
}

TEST(SupervisorStopTest, StopAllSendsSigtermToTheWholeGroup) {
  Harness h;
  h.sup->Start(Harness::Shell("polite", "sleep 30 & echo $!; wait"));
  ASSERT_TRUE(h.RunUntil([&] { return h.lines["polite"].size() == 1; }));
  int pid = h.sup->Pid("polite");
  int grandchild = std::stoi(h.lines["polite"][0]);
  bool done = false;
  auto t0 = Clock::now();
  h.sup->StopAll(5s, [&] { done = true; });
  ASSERT_TRUE(h.RunUntil([&] { return done; }, 3s));
  EXPECT_LT(Clock::now() - t0, 1s);  // SIGTERM sufficed
  EXPECT_TRUE(Reaped(pid));
  EXPECT_TRUE(h.RunUntil([&] { return GoneOrZombie(grandchild); }, 2s));
}

TEST(SupervisorStopTest, StopAllFlushesStdinBeforeClosingIt) {
  TempDir dir;
  Harness h;
  std::string out = dir.File("out");
  // cat ignores SIGTERM: it ends on EOF only, after reading everything.
  h.sup->Start(Harness::Shell("sink", "trap '' TERM; exec cat > " + out));
  ASSERT_TRUE(h.RunUntil([&] { return h.sup->Running("sink"); }));
  constexpr size_t kBytes = 8u << 20;
  ASSERT_TRUE(h.sup->Write("sink", std::string(kBytes, 's')));
  int pid = h.sup->Pid("sink");
  bool done = false;
  auto t0 = Clock::now();
  h.sup->StopAll(3s, [&] { done = true; });
  EXPECT_FALSE(h.sup->Write("sink", "late\n"));
  ASSERT_TRUE(h.RunUntil([&] { return done; }, 4s));
  EXPECT_LT(Clock::now() - t0, 2s);  // ended on EOF, not by SIGKILL
  EXPECT_EQ(ReadFile(out).size(), kBytes);
  EXPECT_TRUE(Reaped(pid));
}

TEST(SupervisorStopTest, StopAllWithNothingRunningCallsDoneFromTheLoop) {
  Harness h;
  int done = 0;
  h.sup->StopAll(1s, [&] { ++done; });
  EXPECT_EQ(done, 0);
  ASSERT_TRUE(h.RunUntil([&] { return done == 1; }, 1s));
}

TEST(SupervisorStopTest, StopThenStartTheSameNameRunsANewProgram) {
  Harness h;
  h.sup->Start(Harness::Prog("cat", {"/bin/cat"}));
  ASSERT_TRUE(h.RunUntil([&] { return h.starts.size() == 1; }));
  int old_pid = h.sup->Pid("cat");
  h.sup->Stop("cat");
  EXPECT_FALSE(h.sup->Running("cat"));
  EXPECT_FALSE(h.sup->Write("cat", "x\n"));
  h.sup->Start(Harness::Prog("cat", {"/bin/cat"}));
  ASSERT_TRUE(h.RunUntil([&] { return h.starts.size() == 2; }));
  EXPECT_NE(h.sup->Pid("cat"), old_pid);
  ASSERT_TRUE(h.RunUntil([&] { return Reaped(old_pid); }));
  EXPECT_TRUE(h.exits.empty());  // the stopped one is not reported
  EXPECT_TRUE(h.sup->Write("cat", "new\n"));
  ASSERT_TRUE(h.RunUntil([&] { return h.lines["cat"].size() == 1; }));
  EXPECT_EQ(h.lines["cat"][0], "new");
  bool done = false;
  h.sup->StopAll(1s, [&] { done = true; });
  ASSERT_TRUE(h.RunUntil([&] { return done; }));
}

TEST(SupervisorStopTest, StoppingACongestedProgramReleasesItsWaiters) {
  Limits limits;
  limits.high_water = 1 << 20;
  limits.low_water = 1 << 18;
  Harness h(limits);
  h.sup->Start(Harness::Prog("deaf", {"/bin/sleep", "30"}));  // never reads
  ASSERT_TRUE(h.RunUntil([&] { return h.sup->Running("deaf"); }));
  ASSERT_TRUE(h.sup->Write("deaf", std::string(4 << 20, 'x')));
  h.RunFor(50ms);
  EXPECT_TRUE(h.sup->Congested("deaf"));
  EXPECT_GT(h.sup->Queued("deaf"), 2u << 20);
  h.sup->Stop("deaf");
  EXPECT_EQ(h.writables["deaf"], 0);  // posted, not called from inside Stop
  ASSERT_TRUE(h.RunUntil([&] { return h.writables["deaf"] == 1; }));
  EXPECT_FALSE(h.sup->Congested("deaf"));
  bool done = false;
  h.sup->StopAll(1s, [&] { done = true; });
  ASSERT_TRUE(h.RunUntil([&] { return done; }));
}

TEST(SupervisorStopTest, TheDestructorKillsAndReapsWhatIsLeft) {
  Harness h;
  h.sup->Start(Harness::Shell("stubborn", "trap '' TERM; exec sleep 30"));
  h.sup->Start(Harness::Prog("cat", {"/bin/cat"}));
  ASSERT_TRUE(h.RunUntil([&] { return h.starts.size() == 2; }));
  int pid1 = h.sup->Pid("stubborn");
  int pid2 = h.sup->Pid("cat");
  auto t0 = Clock::now();
  h.sup.reset();
  EXPECT_LT(Clock::now() - t0, 700ms);
  EXPECT_TRUE(Reaped(pid1));
  EXPECT_TRUE(Reaped(pid2));
  // Handlers still queued in the loop must not touch the dead Supervisor.
  h.RunFor(50ms);
}

TEST(SupervisorStopTest, ChildrenGetOnlyStdinStdoutAndStderr) {
  int leak = open("/dev/null", O_RDONLY);  // no O_CLOEXEC on purpose
  ASSERT_GE(leak, 0);
  Harness h;
  // Looked at once they print: while the dynamic loader maps libraries
  // (right after the exec), a program briefly has more fds open.
  const std::string script = "echo ready; read x; echo \"got $x\"";
  h.sup->Start(Harness::Shell("a", script));
  h.sup->Start(Harness::Shell("b", script));  // must not hold a's pipes
  ASSERT_TRUE(h.RunUntil([&] { return h.lines["a"].size() == 1 && h.lines["b"].size() == 1; }));
  const std::set<std::string> stdio = {"0", "1", "2"};
  EXPECT_EQ(OpenFds("/proc/" + std::to_string(h.sup->Pid("a")) + "/fd"), stdio);
  EXPECT_EQ(OpenFds("/proc/" + std::to_string(h.sup->Pid("b")) + "/fd"), stdio);
  EXPECT_TRUE(h.sup->Write("a", "x\n"));
  ASSERT_TRUE(h.RunUntil([&] { return h.lines["a"].size() == 2; }));
  EXPECT_EQ(h.lines["a"][1], "got x");
  bool done = false;
  h.sup->StopAll(2s, [&] { done = true; });
  ASSERT_TRUE(h.RunUntil([&] { return done; }));
  close(leak);
}

TEST(SupervisorStopTest, RunsLeaveNoDescriptorAndNoZombieBehind) {
  Limits limits;
  limits.first_backoff = 5ms;
  limits.max_deaths_per_minute = 1000;
  limits.max_backoff = 10ms;
  Harness h(limits);
  // Warm up: the first start creates the loop's own descriptors.
  h.sup->Start(Harness::Shell("warm", "echo hi"));
  ASSERT_TRUE(h.RunUntil([&] { return h.ExitsOf("warm") == 1; }));
  auto before = FdTargets("/proc/self/fd");
  h.sup->Start(Harness::Shell("loop", "echo out; echo err >&2; exit 1", /*respawn=*/true));
  ASSERT_TRUE(h.RunUntil([&] { return h.ExitsOf("loop") >= 20; }));
  bool done = false;
  h.sup->StopAll(1s, [&] { done = true; });
  ASSERT_TRUE(h.RunUntil([&] { return done; }));
  auto after = FdTargets("/proc/self/fd");
  // The directory fd FdTargets itself uses differs from call to call.
  for (auto* fds : {&before, &after})
    std::erase_if(*fds, [](const auto& fd) { return fd.second.rfind("/proc/", 0) == 0; });
  EXPECT_EQ(after, before);
  for (int pid : h.all_pids) EXPECT_TRUE(Reaped(pid)) << pid;
  siginfo_t info{};
  EXPECT_EQ(waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT), -1);
}

TEST(SupervisorStopTest, AChildReapedElsewhereIsReportedWithAnUnknownStatus) {
  LogCapture log;
  Harness h;
  h.sup->Start(Harness::Shell("stolen", "exit 5"));
  int pid = h.sup->Pid("stolen");
  ASSERT_GT(pid, 0);
  // Someone else in herald reaps it before the Supervisor can.
  ASSERT_EQ(waitpid(pid, nullptr, 0), pid);
  ASSERT_TRUE(h.RunUntil([&] { return h.ExitsOf("stolen") == 1; }));
  EXPECT_EQ(h.exits[0].status, kStatusUnknown);
  EXPECT_FALSE(h.sup->Running("stolen"));
  EXPECT_TRUE(log.Contains("was reaped outside the supervisor")) << log.Text();
}

}  // namespace
}  // namespace herald::process
