// Supervisor: feeding the programs' stdin without ever blocking the loop.
#include <algorithm>
#include <cstdio>
#include <fstream>

#include "process/supervisor_test_util.h"

namespace herald::process {
namespace {

using namespace testing_util;
using Lines = std::vector<std::string>;

TEST(SupervisorWriteTest, CatEchoesWhatIsWritten) {
  Harness h;
  h.sup->Start(Harness::Prog("cat", {"/bin/cat"}));
  ASSERT_TRUE(h.RunUntil([&] { return h.sup->Running("cat"); }));
  EXPECT_TRUE(h.sup->Write("cat", "hello\n"));
  EXPECT_TRUE(h.sup->Write("cat", "wor"));
  EXPECT_TRUE(h.sup->Write("cat", "ld\n"));
  EXPECT_TRUE(h.sup->Write("cat", ""));
  ASSERT_TRUE(h.RunUntil([&] { return h.lines["cat"].size() == 2; }));
  EXPECT_EQ(h.lines["cat"], (Lines{"hello", "world"}));
  EXPECT_EQ(h.sup->Queued("cat"), 0u);
}

TEST(SupervisorWriteTest, ManySmallWritesComeBackInOrder) {
  Harness h;
  h.keep_lines = false;
  size_t next = 0;
  bool in_order = true;
  h.on_line = [&](const std::string&, std::string_view line) {
    in_order &= line == "line " + std::to_string(next++);
  };
  h.sup->Start(Harness::Prog("cat", {"/bin/cat"}));
  ASSERT_TRUE(h.RunUntil([&] { return h.sup->Running("cat"); }));
  // Written all at once: the queue is gathered into large writes while cat
  // echoes, with both pipes busy at the same time.
  constexpr size_t kLines = 200000;
  for (size_t i = 0; i < kLines; ++i)
    ASSERT_TRUE(h.sup->Write("cat", "line " + std::to_string(i) + "\n"));
  ASSERT_TRUE(h.RunUntil([&] { return h.line_count == kLines; }, 8s));
  EXPECT_TRUE(in_order);
}

TEST(SupervisorWriteTest, WriteToAnUnknownOrDeadProgramFails) {
  Harness h;
  EXPECT_FALSE(h.sup->Write("nobody", "x\n"));
  EXPECT_FALSE(h.sup->Congested("nobody"));
  EXPECT_EQ(h.sup->Queued("nobody"), 0u);
  h.sup->Start(Harness::Shell("brief", "exit 0"));
  ASSERT_TRUE(h.RunUntil([&] { return h.ExitsOf("brief") == 1; }));
  EXPECT_FALSE(h.sup->Write("brief", "x\n"));
}

TEST(SupervisorWriteTest, AClosedStdinDropsTheQueueWithoutHarm) {
  LogCapture log;
  Limits limits;
  limits.high_water = 1 << 20;
  limits.low_water = 1 << 18;
  Harness h(limits);
  h.sup->Start(Harness::Shell("deaf", "exec 0<&-; echo closed; sleep 30"));
  ASSERT_TRUE(h.RunUntil([&] { return h.lines["deaf"].size() == 1; }));
  ASSERT_TRUE(h.sup->Write("deaf", std::string(4 << 20, 'x')));
  EXPECT_TRUE(h.sup->Congested("deaf"));
  // EPIPE (SIGPIPE is ignored): the queue is dropped, congestion ends.
  ASSERT_TRUE(h.RunUntil([&] { return h.writables["deaf"] == 1; }));
  EXPECT_EQ(h.sup->Queued("deaf"), 0u);
  EXPECT_FALSE(h.sup->Congested("deaf"));
  EXPECT_TRUE(h.sup->Running("deaf"));
  EXPECT_FALSE(h.sup->Write("deaf", "more\n"));
  EXPECT_TRUE(log.Contains("process deaf: its stdin is closed, dropping 4194304 queued bytes"))
      << log.Text();
}

// Acks for a program that never reads its stdin: capped, counted, logged,
// and never a cause of congestion; events still are.
TEST(SupervisorWriteTest, AcksToAProgramThatNeverReadsAreCappedAndNeverCongest) {
  LogCapture log;
  Limits limits;
  limits.max_queued_acks = 64u << 10;
  limits.ack_report_interval = 100ms;
  Harness h(limits);
  h.sup->Start(Harness::Shell("deaf", "exec sleep 30"));
  ASSERT_TRUE(h.RunUntil([&] { return h.sup->Running("deaf"); }));
  // 2 million `done` (10 MB), a batch of 4,000 at a time, as the daemon
  // answers a read's worth of commands.
  std::string batch;
  for (int i = 0; i < 4000; ++i) batch += "done\n";
  size_t max_queued = 0;
  for (int i = 0; i < 500; ++i) {
    ASSERT_TRUE(h.sup->WriteAcks("deaf", batch));
    EXPECT_FALSE(h.sup->Congested("deaf"));
    max_queued = std::max(max_queued, h.sup->Queued("deaf"));
    h.io.poll();
  }
  EXPECT_LE(max_queued, limits.max_queued_acks);
  // All but what the pipe (up to 1 MiB) and the queue hold.
  const uint64_t dropped = h.sup->AcksDropped("deaf");
  EXPECT_GE(dropped, 2000000u - (((1u << 20) + limits.max_queued_acks) / 5));
  EXPECT_LT(dropped, 2000000u);
  ASSERT_TRUE(h.RunUntil([&] { return log.Contains("acks dropped in the last"); }, 2s));
  std::string text = log.Text();
  EXPECT_NE(text.find("is not reading its stdin: "), std::string::npos) << text;
  EXPECT_EQ(text.find("reads its stdin again"), std::string::npos) << text;
  // Events are not capped, and do congest it.
  ASSERT_TRUE(h.sup->Write("deaf", std::string(limits.high_water + 1, 'e')));
  EXPECT_TRUE(h.sup->Congested("deaf"));
  EXPECT_EQ(h.sup->AcksDropped("deaf"), dropped);
}

// A program that waits for the answer to each command before the next one
// has one ack queued at a time: it never loses one, even with a cap as
// small as one `done`.
TEST(SupervisorWriteTest, AProgramThatReadsEachAckLosesNone) {
  Limits limits;
  limits.max_queued_acks = 5;
  Harness h(limits);
  h.sup->Start(Harness::Prog("cat", {"/bin/cat"}));
  ASSERT_TRUE(h.RunUntil([&] { return h.sup->Running("cat"); }));
  for (size_t i = 1; i <= 300; ++i) {
    ASSERT_TRUE(h.sup->WriteAcks("cat", i % 3 ? "done\n" : "err\n"));
    ASSERT_TRUE(h.RunUntil([&] { return h.lines["cat"].size() == i; }));
  }
  EXPECT_EQ(h.sup->AcksDropped("cat"), 0u);
  // The cap is real: two at once do not fit.
  ASSERT_TRUE(h.sup->WriteAcks("cat", "done\ndone\n"));
  EXPECT_EQ(h.sup->AcksDropped("cat"), 1u);
}

TEST(SupervisorWriteTest, AProgramReadingAgainIsToldInTheLogWithTheTotal) {
  LogCapture log;
  TempDir dir;
  Limits limits;
  limits.max_queued_acks = 4096;
  Harness h(limits);
  const std::string go = dir.File("go");
  h.sup->Start(Harness::Shell(
      "late", "while [ ! -e " + go + " ]; do sleep 0.02; done; exec cat >/dev/null"));
  ASSERT_TRUE(h.RunUntil([&] { return h.sup->Running("late"); }));
  // Batches smaller than the cap (as the daemon's are), 1.2 MB in all:
  // more than its pipe and the queue hold.
  std::string batch;
  for (int i = 0; i < 100; ++i) batch += "error\n";
  for (int i = 0; i < 2000; ++i) {
    ASSERT_TRUE(h.sup->WriteAcks("late", batch));
    h.io.poll();
  }
  const uint64_t dropped = h.sup->AcksDropped("late");
  ASSERT_GT(dropped, 0u);
  std::ofstream(go) << "go";
  const std::string again =
      "process late reads its stdin again; " + std::to_string(dropped) + " acks were dropped";
  ASSERT_TRUE(h.RunUntil([&] { return log.Contains(again); }, 3s)) << log.Text();
  // From then on, nothing is dropped.
  ASSERT_TRUE(h.RunUntil([&] { return h.sup->Queued("late") == 0; }));
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(h.sup->WriteAcks("late", "done\n"));
    h.RunFor(5ms);
  }
  EXPECT_EQ(h.sup->AcksDropped("late"), dropped);
}

// 100 MB for a program that reads nothing for a while, then slowly, then
// everything: the loop never stalls, congestion starts above high_water and
// on_writable fires once below low_water.
TEST(SupervisorWriteTest, HundredMegabytesToASlowReaderNeverBlockTheLoop) {
  Harness h;  // default limits: 16 MiB high, 4 MiB low
  constexpr size_t kTotal = 100u << 20;
  constexpr size_t kPiece = 1u << 20;
  // Nothing until the test has queued everything (it creates `go`), then
  // 64 KiB every 20 ms for a while, then the rest as fast as it can.
  TempDir dir;
  const std::string go = dir.File("go");
  constexpr size_t kSlowPart = 20 * 65536;
  h.sup->Start(Harness::Shell(
      "slow", "while [ ! -e " + go + " ]; do sleep 0.02; done; " +
                  "for i in $(seq 1 20); do head -c 65536 >/dev/null; sleep 0.02; done; head -c " +
                  std::to_string(kTotal - kSlowPart) + " | wc -c"));
  ASSERT_TRUE(h.RunUntil([&] { return h.sup->Running("slow"); }));

  // A ticker re-armed 5 ms ahead at each tick measures how late the loop
  // runs it, i.e. how long the loop was kept from its timers.
  asio::steady_timer ticker(h.io);
  // Lateness while the test queues the data (its own copies count), and
  // while only the Supervisor works (writing to the pipe as it empties).
  auto max_late_queueing = Clock::duration::zero();
  auto max_late_draining = Clock::duration::zero();
  bool queueing = true;
  int ticks = 0;
  std::function<void()> tick = [&] {
    ticker.expires_after(5ms);
    ticker.async_wait([&](asio::error_code ec) {
      if (ec) return;
      auto& max_late = queueing ? max_late_queueing : max_late_draining;
      max_late = std::max(max_late, Clock::now() - ticker.expiry());
      ++ticks;
      tick();
    });
  };
  tick();

  // The writer queues 1 MiB per turn of the loop, as the daemon would.
  size_t written = 0;
  bool was_congested = false;
  size_t max_queued = 0;
  const std::string piece(kPiece, 'w');
  std::function<void()> write_more = [&] {
    if (written == kTotal) return;
    ASSERT_TRUE(h.sup->Write("slow", piece));
    written += kPiece;
    max_queued = std::max(max_queued, h.sup->Queued("slow"));
    was_congested |= h.sup->Congested("slow");
    asio::post(h.io, write_more);
  };
  size_t queued_at_writable = 0;
  h.on_writable = [&](const std::string& name) { queued_at_writable = h.sup->Queued(name); };
  auto t0 = Clock::now();
  asio::post(h.io, write_more);
  ASSERT_TRUE(h.RunUntil([&] { return written == kTotal; }, 8s));
  auto queued_in = Clock::now() - t0;
  queueing = false;
  // Held 0.2 s more at 100 MiB, then let the reader go.
  h.RunFor(200ms);
  EXPECT_GE(h.sup->Queued("slow"), kTotal - (2u << 20));  // minus what the pipe holds
  std::ofstream(go) << "go";
  EXPECT_TRUE(was_congested);
  EXPECT_TRUE(h.sup->Congested("slow"));
  EXPECT_GE(max_queued, kTotal - (2u << 20));

  ASSERT_TRUE(h.RunUntil([&] { return h.ExitsOf("slow") == 1; }, 9s));
  ticker.cancel();
  EXPECT_EQ(h.lines["slow"], (Lines{std::to_string(kTotal - kSlowPart)}));
  EXPECT_EQ(h.writables["slow"], 1);
  EXPECT_LE(queued_at_writable, 4u << 20);
  using std::chrono::duration_cast;
  using std::chrono::microseconds;
  auto late_queueing = duration_cast<microseconds>(max_late_queueing).count();
  auto late_draining = duration_cast<microseconds>(max_late_draining).count();
  auto total = duration_cast<microseconds>(Clock::now() - t0).count();
  std::printf(
      "[ MEASURE  ] 100 MiB queued in %lld ms, through in %lld ms; 5 ms ticker: %d ticks, latest "
      "%lld us "
      "late while queueing, %lld us while draining\n",
      static_cast<long long>(duration_cast<std::chrono::milliseconds>(queued_in).count()),
      static_cast<long long>(total / 1000), ticks, static_cast<long long>(late_queueing),
      static_cast<long long>(late_draining));
  EXPECT_GT(ticks, 20);
  // Generous bounds: this machine has two cores shared with compilers, and
  // sanitizers slow the copies down; a blocking write would stall the loop
  // for the 0.5 s the reader sleeps.
  EXPECT_LT(late_queueing, 250000);
  EXPECT_LT(late_draining, 250000);
}

}  // namespace
}  // namespace herald::process
