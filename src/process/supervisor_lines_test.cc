// Supervisor: what the programs print (stdout lines, stderr log lines).
#include <charconv>
#include <cstdio>

#include "process/supervisor_test_util.h"

namespace herald::process {
namespace {

using namespace testing_util;
using Lines = std::vector<std::string>;

TEST(SupervisorLinesTest, LinesArriveInOrderThenTheExit) {
  Harness h;
  h.sup->Start(Harness::Shell("p", "printf 'first\\nsecond\\nthird\\n'; exit 4"));
  ASSERT_TRUE(h.RunUntil([&] { return h.ExitsOf("p") == 1; }));
  EXPECT_EQ(h.lines["p"], (Lines{"first", "second", "third"}));
  ASSERT_EQ(h.starts.size(), 1u);
  EXPECT_GT(h.starts[0].pid, 0);
  EXPECT_EQ(h.exits[0].status, 4);
  EXPECT_FALSE(h.exits[0].respawning);
  EXPECT_GE(h.batches["p"], 1);
  EXPECT_FALSE(h.sup->Running("p"));
  EXPECT_EQ(h.sup->Pid("p"), 0);
  EXPECT_TRUE(Reaped(h.starts[0].pid));
}

TEST(SupervisorLinesTest, StartedIsReportedBeforeTheFirstLine) {
  Harness h;
  bool started_first = false;
  h.on_line = [&](const std::string&, std::string_view) { started_first = h.starts.size() == 1; };
  h.sup->Start(Harness::Shell("p", "echo hi"));
  ASSERT_TRUE(h.RunUntil([&] { return h.ExitsOf("p") == 1; }));
  EXPECT_TRUE(started_first);
}

TEST(SupervisorLinesTest, ASilentProgramIsReportedStartedWithItsPid) {
  Harness h;
  h.sup->Start(Harness::Shell("quiet", "exit 3"));
  ASSERT_TRUE(h.RunUntil([&] { return h.ExitsOf("quiet") == 1; }));
  ASSERT_EQ(h.starts.size(), 1u);
  EXPECT_GT(h.starts[0].pid, 0);
  EXPECT_TRUE(Reaped(h.starts[0].pid));
  EXPECT_EQ(h.exits[0].status, 3);
}

TEST(SupervisorLinesTest, JoinsALineWrittenInPieces) {
  Harness h;
  h.sup->Start(Harness::Shell("slow",
                              "printf 'hel'; sleep 0.2; printf 'lo\\nwor'; sleep 0.2; printf "
                              "'ld\\n'; sleep 0.1; echo end"));
  ASSERT_TRUE(h.RunUntil([&] { return h.ExitsOf("slow") == 1; }));
  EXPECT_EQ(h.lines["slow"], (Lines{"hello", "world", "end"}));
  // One batch per read, lines or not: at least the four separate writes.
  EXPECT_GE(h.batches["slow"], 4);
}

TEST(SupervisorLinesTest, StripsCrlfAndKeepsEmptyLines) {
  Harness h;
  h.sup->Start(Harness::Shell("crlf", "printf 'one\\r\\n\\r\\n\\ntwo\\r\\nthree\\n'"));
  ASSERT_TRUE(h.RunUntil([&] { return h.ExitsOf("crlf") == 1; }));
  EXPECT_EQ(h.lines["crlf"], (Lines{"one", "", "", "two", "three"}));
}

TEST(SupervisorLinesTest, SkipsTooLongLinesAndKeepsTheNextOnes) {
  LogCapture log;
  Limits limits;
  limits.max_line = 100000;
  Harness h(limits);
  // A 3 MB line spans many reads; a line of exactly max_line is accepted.
  h.sup->Start(
      Harness::Shell("long",
                     "echo before; head -c 3000000 /dev/zero | tr '\\0' y; echo; echo after; "
                     "head -c 100000 /dev/zero | tr '\\0' a; echo; "
                     "head -c 100001 /dev/zero | tr '\\0' b; echo; echo end"));
  ASSERT_TRUE(h.RunUntil([&] { return h.ExitsOf("long") == 1; }));
  const Lines& got = h.lines["long"];
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0], "before");
  EXPECT_EQ(got[1], "after");
  EXPECT_EQ(got[2], std::string(100000, 'a'));
  EXPECT_EQ(got[3], "end");
  std::string text = log.Text();
  EXPECT_NE(text.find("process long: line longer than 100000 bytes"), std::string::npos) << text;
  // Once per overlong line.
  size_t count = 0;
  for (size_t at = 0; (at = text.find("line longer than", at)) != std::string::npos; ++at) ++count;
  EXPECT_EQ(count, 2u);
}

TEST(SupervisorLinesTest, OverlongLinesAreReportedInTheirPlace) {
  LogCapture log;
  Limits limits;
  limits.max_line = 1000;
  Harness h(limits, true);
  h.sup->Start(Harness::Shell("long",
                              "echo a; head -c 8000000 /dev/zero | tr '\\0' y; echo; echo b; "
                              "head -c 1001 /dev/zero | tr '\\0' z; echo; echo c"));
  ASSERT_TRUE(h.RunUntil([&] { return h.ExitsOf("long") == 1; }));
  EXPECT_EQ(h.lines["long"], (Lines{"a", "<overlong>", "b", "<overlong>", "c"}));
  ASSERT_EQ(h.overlong["long"].size(), 2u);
  EXPECT_GT(h.overlong["long"][0], 1000u);
  EXPECT_GT(h.overlong["long"][1], 1000u);
  // The daemon logs them, not the Supervisor.
  EXPECT_FALSE(log.Contains("line longer than")) << log.Text();
}

TEST(SupervisorLinesTest, DropsAnUnterminatedLastLine) {
  LogCapture log;
  Harness h;
  h.sup->Start(Harness::Shell("half", "printf 'full\\nhalf'"));
  ASSERT_TRUE(h.RunUntil([&] { return h.ExitsOf("half") == 1; }));
  EXPECT_EQ(h.lines["half"], (Lines{"full"}));
  EXPECT_TRUE(log.Contains("process half: dropped its unterminated last line (4 bytes)"))
      << log.Text();
}

TEST(SupervisorLinesTest, EverythingPrintedBeforeExitComesBeforeOnExited) {
  Harness h;
  std::vector<size_t> lines_at_exit;
  h.on_exited = [&](const std::string& name, int, bool) {
    lines_at_exit.push_back(h.lines[name].size());
  };
  for (int i = 0; i < 5; ++i) {
    std::string name = "burst" + std::to_string(i);
    h.sup->Start(Harness::Shell(name, "seq 1 50000; exit 7"));
  }
  ASSERT_TRUE(h.RunUntil([&] { return h.exits.size() == 5; }));
  EXPECT_EQ(lines_at_exit, (std::vector<size_t>(5, 50000)));
  for (const Exit& e : h.exits) EXPECT_EQ(e.status, 7);
  EXPECT_EQ(h.lines["burst3"].back(), "50000");
}

TEST(SupervisorLinesTest, DeliversAMillionLines) {
  Harness h;
  h.keep_lines = false;
  long expected = 1;
  bool in_order = true;
  h.on_line = [&](const std::string&, std::string_view line) {
    long v = 0;
    std::from_chars(line.data(), line.data() + line.size(), v);
    in_order &= v == expected++;
  };
  auto t0 = Clock::now();
  h.sup->Start(Harness::Prog("seq", {"/usr/bin/seq", "1", "1000000"}));
  ASSERT_TRUE(h.RunUntil([&] { return h.ExitsOf("seq") == 1; }, 9s));
  double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  EXPECT_EQ(h.line_count, 1000000u);
  EXPECT_TRUE(in_order);
  EXPECT_EQ(h.exits[0].status, 0);
  std::printf("[ MEASURE  ] 1000000 lines from seq in %.3f s: %.0f lines/s, %d batches\n", secs,
              1e6 / secs, h.batches["seq"]);
  testing::Test::RecordProperty("lines_per_second", static_cast<int>(1e6 / secs));
}

TEST(SupervisorLinesTest, StderrLinesGoToTheLog) {
  LogCapture log;
  Harness h;
  h.sup->Start(Harness::Shell("errs", "echo 'to stderr' >&2; echo out; printf 'no newline' >&2"));
  ASSERT_TRUE(h.RunUntil([&] { return h.ExitsOf("errs") == 1; }));
  EXPECT_EQ(h.lines["errs"], (Lines{"out"}));
  std::string text = log.Text();
  EXPECT_NE(text.find("processes       | errs stderr: to stderr\n"), std::string::npos) << text;
  EXPECT_NE(text.find("errs stderr: no newline\n"), std::string::npos) << text;
}

// A program's stderr reaches the log escaped (no raw escape sequence or
// binary byte), cut to a readable length, and at a bounded rate: the first
// lines of each second, then a count of the others.
TEST(SupervisorLinesTest, StderrIsEscapedCutAndThrottled) {
  LogCapture log;
  Harness h;
  h.sup->Start(Harness::Shell(
      "noisy",
      "printf 'clear\\033[2J\\001\\377\\n' >&2; head -c 5000 /dev/zero | tr '\\0' L >&2; "
      "echo >&2; seq 1 5000 | sed 's/^/spam /' >&2"));
  ASSERT_TRUE(h.RunUntil([&] { return h.ExitsOf("noisy") == 1; }));
  // The count comes at the end of the window at the latest.
  ASSERT_TRUE(h.RunUntil([&] { return log.Contains("similar messages suppressed"); }, 3s));
  std::string text = log.Text();
  EXPECT_NE(text.find("noisy stderr: clear\\x1b[2J\\x01\\xff\n"), std::string::npos) << text;
  EXPECT_NE(text.find("noisy stderr: " + std::string(log::kMaxQuoted, 'L') + "... (5000 bytes)\n"),
            std::string::npos)
      << text;
  // Every line is either logged or counted.
  size_t logged = 0, counted = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("noisy stderr: spam ") != std::string::npos) ++logged;
    size_t at = line.find("noisy stderr: ");
    if (at != std::string::npos && line.find(" similar message") != std::string::npos)
      counted += std::stoul(line.substr(at + 14));
  }
  EXPECT_GE(logged, 1u);
  EXPECT_LE(logged, 3u * log::Throttle::kBurst);
  EXPECT_EQ(logged + counted + 2, 5002u) << text;
}

TEST(SupervisorLinesTest, StopFromALineCallbackEndsDeliveryAtOnce) {
  Harness h;
  h.on_line = [&](const std::string& name, std::string_view line) {
    if (line == "10") h.sup->Stop(name);
  };
  h.sup->Start(Harness::Prog("seq", {"/usr/bin/seq", "1", "100000"}));
  ASSERT_TRUE(h.RunUntil([&] { return !h.lines["seq"].empty() && !h.sup->Running("seq"); }));
  h.RunFor(300ms);
  EXPECT_EQ(h.lines["seq"].size(), 10u);
  EXPECT_TRUE(h.exits.empty());
  ASSERT_EQ(h.starts.size(), 1u);
  ASSERT_TRUE(h.RunUntil([&] { return Reaped(h.starts[0].pid); }));
}

TEST(SupervisorLinesTest, AProgramThatClosesItsStdoutIsStopped) {
  LogCapture log;
  Limits limits;
  limits.eof_grace = 100ms;
  limits.stop_grace = 2s;
  Harness h(limits);
  h.sup->Start(Harness::Shell("mute", "echo bye; exec >&-; sleep 30"));
  ASSERT_TRUE(h.RunUntil([&] { return h.ExitsOf("mute") == 1; }));
  EXPECT_EQ(h.lines["mute"], (Lines{"bye"}));
  EXPECT_EQ(h.exits[0].status, -SIGTERM);
  EXPECT_GE(h.exits[0].when - h.starts[0].when, 100ms);
  EXPECT_TRUE(log.Contains("closed its stdout but is still running")) << log.Text();
}

// Busy for `d`, as a costly command would be.
void Spin(std::chrono::microseconds d) {
  for (auto end = Clock::now() + d; Clock::now() < end;) {
  }
}

// Lines delivered when a handler posted at the first line ran: how long
// other work waited behind one program's read.
size_t LinesBeforeOtherWork(std::chrono::microseconds budget) {
  Limits limits;
  limits.line_budget = budget;
  Harness h(limits);
  size_t seen = 0, at_marker = 0;
  h.on_line = [&](const std::string&, std::string_view) {
    if (seen++ == 0) asio::post(h.io, [&] { at_marker = seen; });
    Spin(2us);
  };
  // Still running: lines left at exit are taken at once (OnReaped).
  h.sup->Start(Harness::Shell("seq", "seq 1 2000; sleep 5"));
  EXPECT_TRUE(h.RunUntil([&] { return h.lines["seq"].size() == 2000 && at_marker > 0; }));
  for (int i = 0; i < 2000; ++i) EXPECT_EQ(h.lines["seq"][i], std::to_string(i + 1));
  // on_batch_end follows the lines of a read, not each pause.
  EXPECT_LE(h.batches["seq"], 10);
  return at_marker;
}

TEST(SupervisorLinesTest, ALineBudgetLetsOtherWorkRunWithinARead) {
  // The clock is looked at every 8 lines: by then 1 us is spent.
  EXPECT_EQ(LinesBeforeOtherWork(1us), 8u);
}

TEST(SupervisorLinesTest, WithoutABudgetAReadIsHandledAtOnce) {
  // seq writes 4 KiB at a time: the first read holds at least 1,000 lines.
  EXPECT_GE(LinesBeforeOtherWork(0us), 1000u);
}

TEST(SupervisorLinesTest, WhatAProgramLeftAtExitIsHandledInTurnsToo) {
  Limits limits;
  limits.line_budget = 1us;
  Harness h(limits);
  size_t seen = 0, at_marker = 0, at_exit = 0;
  h.on_line = [&](const std::string&, std::string_view) {
    if (++seen == 1500) asio::post(h.io, [&] { at_marker = seen; });
    Spin(2us);
  };
  h.on_exited = [&](const std::string&, int, bool) { at_exit = seen; };
  // Exits at once: most of its 2,000 lines (4 ms of work) are still in the
  // pipe when it is reaped; they too go out in turns of 8 lines.
  h.sup->Start(Harness::Shell("seq", "seq 1 2000; exit 3"));
  ASSERT_TRUE(h.RunUntil([&] { return h.ExitsOf("seq") == 1 && at_marker > 0; }));
  EXPECT_LE(at_marker, 1500u + 8);
  EXPECT_EQ(at_exit, 2000u);
  EXPECT_EQ(h.exits[0].status, 3);
  ASSERT_EQ(h.lines["seq"].size(), 2000u);
  EXPECT_EQ(h.lines["seq"].back(), "2000");
}

TEST(SupervisorLinesTest, TwoBusyProgramsTakeTurnsWithinARead) {
  Limits limits;
  limits.line_budget = 1000us;
  Harness h(limits);
  std::string order;
  h.on_line = [&](const std::string& name, std::string_view) {
    order += name;
    Spin(50us);
  };
  // 3,000 lines each (one 16 KiB read), 150 ms of work each, written at
  // the same time (once both have read "go"): handled in turns of about
  // 1 ms (20 lines).
  h.sup->Start(Harness::Shell("a", "read x; seq 1 3000; sleep 5"));
  h.sup->Start(Harness::Shell("b", "read x; seq 1 3000; sleep 5"));
  ASSERT_TRUE(h.sup->Write("a", "go\n"));
  ASSERT_TRUE(h.sup->Write("b", "go\n"));
  ASSERT_TRUE(h.RunUntil([&] { return h.lines["a"].size() == 3000 && h.lines["b"].size() == 3000; }, 10s));
  EXPECT_EQ(h.lines["b"].back(), "3000");
  int turns = 0;
  for (size_t i = 1; i < order.size(); ++i) turns += order[i] != order[i - 1];
  EXPECT_GE(turns, 20) << order.substr(0, 200);
}

}  // namespace
}  // namespace herald::process
