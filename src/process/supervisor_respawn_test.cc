// Supervisor: restarting programs that die, and giving up on crash loops.
#include "process/supervisor_test_util.h"

namespace herald::process {
namespace {

using namespace testing_util;
using std::chrono::milliseconds;

TEST(SupervisorRespawnTest, BackoffDoublesAndTheSixthQuickDeathGivesUp) {
  LogCapture log;
  Limits limits;
  limits.first_backoff = 40ms;
  limits.max_backoff = 10s;
  Harness h(limits);
  h.sup->Start(Harness::Shell("crash", "exit 3", /*respawn=*/true));
  ASSERT_TRUE(h.RunUntil([&] { return h.ExitsOf("crash") == 6; }, 5s));
  ASSERT_EQ(h.starts.size(), 6u);
  EXPECT_EQ(h.all_pids.size(), 6u);  // a new process each time
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(h.exits[i].status, 3);
    EXPECT_EQ(h.exits[i].respawning, i < 5) << i;
  }
  for (int i = 0; i < 5; ++i) {
    const milliseconds want(40 << i);
    auto gap = h.starts[i + 1].when - h.exits[i].when;
    EXPECT_GE(gap, want - 5ms) << "restart " << i;
    EXPECT_LT(gap, want + 300ms) << "restart " << i;
  }
  EXPECT_TRUE(log.Contains("process crash died 6 times in a minute, not respawning")) << log.Text();
  h.RunFor(300ms);
  EXPECT_EQ(h.starts.size(), 6u);
  EXPECT_FALSE(h.sup->Running("crash"));
  for (int pid : h.all_pids) EXPECT_TRUE(Reaped(pid));
}

TEST(SupervisorRespawnTest, RespawnFalseIsNeverRestarted) {
  Limits limits;
  limits.first_backoff = 10ms;
  Harness h(limits);
  h.sup->Start(Harness::Shell("once", "exit 0", /*respawn=*/false));
  ASSERT_TRUE(h.RunUntil([&] { return h.ExitsOf("once") == 1; }));
  h.RunFor(400ms);
  EXPECT_EQ(h.starts.size(), 1u);
  ASSERT_EQ(h.exits.size(), 1u);
  EXPECT_FALSE(h.exits[0].respawning);
}

TEST(SupervisorRespawnTest, AMissingProgramIsReportedAndFollowsThePolicy) {
  LogCapture log;
  Limits limits;
  limits.first_backoff = 10ms;
  Harness h(limits);
  h.sup->Start(Harness::Prog("ghost", {"/nonexistent/herald-ghost", "--flag"}, /*respawn=*/true));
  // Reported from the loop, never from inside Start().
  EXPECT_TRUE(h.exits.empty());
  ASSERT_TRUE(h.RunUntil([&] { return h.ExitsOf("ghost") == 6; }, 5s));
  EXPECT_TRUE(h.starts.empty());
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(h.exits[i].status, 127);
    EXPECT_EQ(h.exits[i].respawning, i < 5);
  }
  std::string text = log.Text();
  EXPECT_NE(
      text.find("process ghost: cannot run /nonexistent/herald-ghost: No such file or directory"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("process ghost died 6 times in a minute, not respawning"), std::string::npos);
  EXPECT_FALSE(h.sup->Running("ghost"));
}

TEST(SupervisorRespawnTest, AMissingProgramWithoutRespawnIsReportedOnce) {
  Harness h;
  h.sup->Start(Harness::Prog("ghost", {"/nonexistent/herald-ghost"}, /*respawn=*/false));
  ASSERT_TRUE(h.RunUntil([&] { return h.ExitsOf("ghost") == 1; }));
  EXPECT_EQ(h.exits[0].status, 127);
  EXPECT_FALSE(h.exits[0].respawning);
  h.RunFor(100ms);
  EXPECT_EQ(h.exits.size(), 1u);
}

TEST(SupervisorRespawnTest, AHealthyRunStartsAFreshCount) {
  TempDir dir;
  Limits limits;
  limits.first_backoff = 10ms;
  limits.healthy_run = 200ms;
  Harness h(limits);
  // Runs 1-5 die at once, run 6 lives 300 ms, the next ones die at once.
  std::string counter = dir.File("count");
  std::string script =
      dir.Script("flaky", "n=$(cat " + counter + " 2>/dev/null || echo 0); n=$((n+1)); echo $n > " +
                              counter + "; [ $n -eq 6 ] && sleep 0.3; exit 1");
  h.sup->Start(Harness::Prog("flaky", {script}, /*respawn=*/true));
  ASSERT_TRUE(h.RunUntil([&] { return h.ExitsOf("flaky") == 7; }, 5s));
  for (int i = 0; i < 7; ++i) EXPECT_TRUE(h.exits[i].respawning) << i;
  // After the healthy run, the backoff is back to first_backoff.
  auto gap = h.starts[6].when - h.exits[5].when;
  EXPECT_LT(gap, 150ms);
  h.sup->StopAll(1s, [] {});
  h.RunFor(100ms);
}

TEST(SupervisorRespawnTest, StartingANameWaitingForItsRespawnStartsItNow) {
  Limits limits;
  limits.first_backoff = 1s;
  Harness h(limits);
  h.sup->Start(Harness::Shell("p", "exit 1", /*respawn=*/true));
  ASSERT_TRUE(h.RunUntil([&] { return h.ExitsOf("p") == 1; }));
  EXPECT_TRUE(h.exits[0].respawning);
  EXPECT_FALSE(h.sup->Running("p"));
  h.sup->Start(Harness::Shell("p", "sleep 30", /*respawn=*/true));
  ASSERT_TRUE(h.RunUntil([&] { return h.starts.size() == 2; }, 500ms));
  // The stale backoff timer must not start a third one.
  h.RunFor(1200ms);
  EXPECT_EQ(h.starts.size(), 2u);
  EXPECT_TRUE(h.sup->Running("p"));
  bool done = false;
  h.sup->StopAll(1s, [&] { done = true; });
  ASSERT_TRUE(h.RunUntil([&] { return done; }));
}

TEST(SupervisorRespawnTest, StartingARunningNameDoesNothing) {
  LogCapture log;
  Harness h;
  h.sup->Start(Harness::Prog("cat", {"/bin/cat"}));
  ASSERT_TRUE(h.RunUntil([&] { return h.starts.size() == 1; }));
  int pid = h.sup->Pid("cat");
  h.sup->Start(Harness::Prog("cat", {"/bin/cat"}));
  h.RunFor(100ms);
  EXPECT_EQ(h.starts.size(), 1u);
  EXPECT_EQ(h.sup->Pid("cat"), pid);
  EXPECT_TRUE(log.Contains("process cat is already running")) << log.Text();
  bool done = false;
  h.sup->StopAll(1s, [&] { done = true; });
  ASSERT_TRUE(h.RunUntil([&] { return done; }));
}

TEST(SupervisorRespawnTest, StopDuringTheBackoffCancelsTheRespawn) {
  Limits limits;
  limits.first_backoff = 200ms;
  Harness h(limits);
  h.sup->Start(Harness::Shell("p", "exit 1", /*respawn=*/true));
  ASSERT_TRUE(h.RunUntil([&] { return h.ExitsOf("p") == 1; }));
  h.sup->Stop("p");
  h.RunFor(400ms);
  EXPECT_EQ(h.starts.size(), 1u);
}

}  // namespace
}  // namespace herald::process
