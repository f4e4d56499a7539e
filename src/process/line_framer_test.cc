#include "process/line_framer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace herald::process {
namespace {

struct Collected {
  std::vector<std::string> lines;
  std::vector<size_t> overlong;
};

// Feeds `data` to the framer in reads of at most `chunk` bytes.
void Feed(LineFramer& f, std::string_view data, size_t chunk, Collected* out) {
  while (!data.empty()) {
    std::span<char> space = f.Prepare();
    ASSERT_GE(space.size(), 1u);
    size_t n = std::min({chunk, space.size(), data.size()});
    std::memcpy(space.data(), data.data(), n);
    data.remove_prefix(n);
    f.Commit(
        n, [&](std::string_view line) { out->lines.emplace_back(line); },
        [&](size_t len) { out->overlong.push_back(len); });
  }
}

Collected FeedAll(std::string_view data, size_t chunk, size_t max_line = 1000,
                  size_t read_size = 64) {
  LineFramer f(max_line, read_size);
  Collected c;
  Feed(f, data, chunk, &c);
  return c;
}

using Lines = std::vector<std::string>;

TEST(LineFramerTest, SplitsLinesOfOneRead) {
  Collected c = FeedAll("one\ntwo\nthree\n", 1000, 1000, 1000);
  EXPECT_EQ(c.lines, (Lines{"one", "two", "three"}));
  EXPECT_TRUE(c.overlong.empty());
}

TEST(LineFramerTest, LinesPointIntoTheReadBuffer) {
  LineFramer f(100, 64);
  std::span<char> space = f.Prepare();
  std::memcpy(space.data(), "abc\ndef\n", 8);
  std::vector<const char*> where;
  f.Commit(
      8, [&](std::string_view line) { where.push_back(line.data()); }, [](size_t) {});
  ASSERT_EQ(where.size(), 2u);
  EXPECT_EQ(where[0], space.data());
  EXPECT_EQ(where[1], space.data() + 4);
}

TEST(LineFramerTest, JoinsLinesSplitAcrossReads) {
  const std::string text = "announce route 10.0.0.0/8 next-hop 1.2.3.4\nshow neighbor\n\nx\n";
  for (size_t chunk = 1; chunk <= text.size(); ++chunk) {
    Collected c = FeedAll(text, chunk);
    EXPECT_EQ(c.lines,
              (Lines{"announce route 10.0.0.0/8 next-hop 1.2.3.4", "show neighbor", "", "x"}))
        << "chunk " << chunk;
  }
}

TEST(LineFramerTest, StripsOneCarriageReturn) {
  Collected c = FeedAll("a\r\nb\r\r\n\r\nc\rd\n\r", 3);
  EXPECT_EQ(c.lines, (Lines{"a", "b\r", "", "c\rd"}));
}

TEST(LineFramerTest, DeliversEmptyLines) {
  Collected c = FeedAll("\n\n\nx\n\n", 2);
  EXPECT_EQ(c.lines, (Lines{"", "", "", "x", ""}));
}

TEST(LineFramerTest, KeepsTheUnterminatedTail) {
  LineFramer f(100, 16);
  Collected c;
  Feed(f, "done\npart", 100, &c);
  EXPECT_EQ(c.lines, (Lines{"done"}));
  EXPECT_EQ(f.partial(), 4u);
  EXPECT_EQ(f.partial_line(), "part");
  f.Clear();
  EXPECT_EQ(f.partial(), 0u);
  Feed(f, "ial\n", 100, &c);
  EXPECT_EQ(c.lines, (Lines{"done", "ial"}));
}

TEST(LineFramerTest, AcceptsALineOfExactlyMaxLine) {
  std::string line(50, 'x');
  Collected c = FeedAll(line + "\n", 7, 50, 16);
  EXPECT_EQ(c.lines, (Lines{line}));
  EXPECT_TRUE(c.overlong.empty());
}

TEST(LineFramerTest, CountsTheCarriageReturnInTheLimit) {
  std::string line(50, 'x');
  Collected c = FeedAll(line + "\r\nok\n", 100, 50, 128);
  EXPECT_EQ(c.lines, (Lines{"ok"}));
  EXPECT_EQ(c.overlong, (std::vector<size_t>{51}));
}

TEST(LineFramerTest, SkipsAnOverlongLineInOneRead) {
  std::string text = "before\n" + std::string(51, 'y') + "\nafter\n";
  Collected c = FeedAll(text, 1000, 50, 1000);
  EXPECT_EQ(c.lines, (Lines{"before", "after"}));
  EXPECT_EQ(c.overlong, (std::vector<size_t>{51}));
}

TEST(LineFramerTest, SkipsAnOverlongLineSpanningManyReads) {
  LineFramer f(50, 16);
  Collected c;
  Feed(f, "before\n" + std::string(10000, 'z'), 16, &c);
  // Reported as soon as it is known to be too long, then dropped.
  EXPECT_EQ(c.overlong.size(), 1u);
  EXPECT_GT(c.overlong[0], 50u);
  EXPECT_TRUE(f.skipping());
  EXPECT_EQ(f.partial(), 0u);
  EXPECT_LE(f.capacity(), 50u + 16u);
  Feed(f, std::string(100, 'z') + "\r\nafter\nlast\n", 16, &c);
  EXPECT_FALSE(f.skipping());
  EXPECT_EQ(c.lines, (Lines{"before", "after", "last"}));
  EXPECT_EQ(c.overlong.size(), 1u);
}

TEST(LineFramerTest, OverlongLineEndingInTheSameReadAsItsSkipStarts) {
  // The partial part crosses the limit, and the next read both ends it and
  // carries a full line.
  LineFramer f(20, 32);
  Collected c;
  Feed(f, std::string(25, 'q'), 100, &c);
  EXPECT_TRUE(f.skipping());
  Feed(f, "qq\nnext\n", 100, &c);
  EXPECT_EQ(c.lines, (Lines{"next"}));
  EXPECT_EQ(c.overlong.size(), 1u);
}

TEST(LineFramerTest, BufferStaysBoundedAndShrinksBack) {
  LineFramer f(1000, 64);
  Collected c;
  Feed(f, std::string(900, 'a'), 64, &c);
  EXPECT_EQ(f.partial(), 900u);
  EXPECT_LE(f.capacity(), 1000u + 64u);
  Feed(f, "\n", 64, &c);
  ASSERT_EQ(c.lines.size(), 1u);
  EXPECT_EQ(c.lines[0].size(), 900u);
  f.Prepare();
  EXPECT_EQ(f.capacity(), 64u);
}

// Reference splitter: what the framer must produce whatever the chunking.
Collected Reference(std::string_view text, size_t max_line) {
  Collected c;
  size_t pos = 0;
  while (true) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) break;
    std::string_view line = text.substr(pos, nl - pos);
    if (line.size() > max_line) {
      c.overlong.push_back(line.size());
    } else {
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      c.lines.emplace_back(line);
    }
    pos = nl + 1;
  }
  return c;
}

// Fewer than max_lines lines of 'a', 'b', ' ', '\r' and 'c', one in
// long_one_in of them up to 120 bytes long, the others under 20.
std::string RandomLines(std::mt19937& rng, int max_lines, int long_one_in) {
  std::string text;
  int lines = rng() % max_lines;
  for (int i = 0; i < lines; ++i) {
    size_t len = rng() % long_one_in == 0 ? rng() % 120 : rng() % 20;
    for (size_t j = 0; j < len; ++j) text.push_back("ab\r c"[rng() % 5]);
    text.push_back('\n');
  }
  return text;
}

TEST(LineFramerTest, AnyChunkingGivesTheSameLines) {
  std::mt19937 rng(42);
  for (int round = 0; round < 200; ++round) {
    std::string text = RandomLines(rng, 40, 3);
    const size_t max_line = 1 + rng() % 80;
    const size_t read_size = 1 + rng() % 50;
    const size_t chunk = 1 + rng() % 60;
    Collected want = Reference(text, max_line);
    Collected got = FeedAll(text, chunk, max_line, read_size);
    EXPECT_EQ(got.lines, want.lines) << "round " << round;
    // An overlong line is reported once, possibly before its full length is known.
    EXPECT_EQ(got.overlong.size(), want.overlong.size()) << "round " << round;
  }
}

// As Feed, through Add/Next, taking at most `per_turn` lines before looking
// at has_pending() and coming back, as a caller with a time budget does.
Collected FeedInTurns(std::string_view data, size_t chunk, size_t per_turn, size_t max_line,
                      size_t read_size) {
  LineFramer f(max_line, read_size);
  Collected c;
  auto overlong = [&](size_t len) { c.overlong.push_back(len); };
  while (!data.empty() || f.has_pending()) {
    if (!f.has_pending()) {
      std::span<char> space = f.Prepare();
      size_t n = std::min({chunk, space.size(), data.size()});
      std::memcpy(space.data(), data.data(), n);
      data.remove_prefix(n);
      f.Add(n);
    }
    std::string_view line;
    for (size_t taken = 0; taken < per_turn && f.Next(&line, overlong); ++taken)
      c.lines.emplace_back(line);
  }
  return c;
}

TEST(LineFramerTest, NextHandsOutLinesOneAtATime) {
  LineFramer f(100, 64);
  std::string_view text = "one\ntwo\r\nthr";
  std::span<char> space = f.Prepare();
  std::memcpy(space.data(), text.data(), text.size());
  f.Add(text.size());
  auto never = [](size_t) { FAIL(); };
  std::string_view line;
  ASSERT_TRUE(f.Next(&line, never));
  EXPECT_EQ(line, "one");
  EXPECT_TRUE(f.has_pending());
  ASSERT_TRUE(f.Next(&line, never));
  EXPECT_EQ(line, "two");
  EXPECT_FALSE(f.Next(&line, never));
  EXPECT_FALSE(f.has_pending());
  EXPECT_EQ(f.partial_line(), "thr");
}

TEST(LineFramerTest, StoppingBetweenLinesLosesNothing) {
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    std::string text = RandomLines(rng, 60, 4);
    const size_t max_line = 1 + rng() % 80;
    const size_t read_size = 1 + rng() % 50;
    const size_t chunk = 1 + rng() % 60;
    const size_t per_turn = 1 + rng() % 4;
    Collected want = Reference(text, max_line);
    Collected got = FeedInTurns(text, chunk, per_turn, max_line, read_size);
    EXPECT_EQ(got.lines, want.lines) << "round " << round;
    EXPECT_EQ(got.overlong.size(), want.overlong.size()) << "round " << round;
  }
}

}  // namespace
}  // namespace herald::process
