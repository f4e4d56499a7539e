// Logging: what reaches the log from outside is escaped, cut and throttled.
#include "base/log.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <regex>
#include <vector>
#include <sstream>
#include <string>

namespace herald::log {
namespace {

using namespace std::chrono_literals;

TEST(LogPrintableTest, PlainTextIsKept) {
  EXPECT_EQ(Printable("announce route 10.0.0.0/24 next-hop self"),
            "announce route 10.0.0.0/24 next-hop self");
  EXPECT_EQ(Printable(""), "");
}

TEST(LogPrintableTest, ControlAndInvalidBytesAreEscaped) {
  // An escape sequence that would clear a terminal, a NUL, CR/LF and a tab.
  EXPECT_EQ(Printable(std::string_view("a\x1b[2Jb\0c\r\n\td", 12)),
            "a\\x1b[2Jb\\x00c\\x0d\\x0a\\x09d");
  EXPECT_EQ(Printable("\x7f"), "\\x7f");
  // Bytes that are not UTF-8: lone continuation, truncated sequence,
  // overlong encoding, surrogate, beyond U+10FFFF.
  EXPECT_EQ(Printable("\x80"), "\\x80");
  EXPECT_EQ(Printable("\xe2\x82"), "\\xe2\\x82");
  EXPECT_EQ(Printable("\xc0\xaf"), "\\xc0\\xaf");
  EXPECT_EQ(Printable("\xed\xa0\x80"), "\\xed\\xa0\\x80");
  EXPECT_EQ(Printable("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");
  EXPECT_EQ(Printable("\xff\xfe"), "\\xff\\xfe");
  // C1 controls (U+009B is a one-byte CSI on some terminals).
  EXPECT_EQ(Printable("\xc2\x9b"), "\\xc2\\x9b");
}

TEST(LogPrintableTest, UnicodeTextIsKept) {
  EXPECT_EQ(Printable("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
            "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
}

TEST(LogPrintableTest, LongTextIsCutWithItsSize) {
  const std::string line(8 << 20, 'x');
  const std::string out = Printable(line);
  EXPECT_EQ(out, std::string(kMaxQuoted, 'x') + "... (8388608 bytes)");
  EXPECT_EQ(Printable("abcdef", 3), "abc... (6 bytes)");
  EXPECT_EQ(Printable("abc", 3), "abc");
}

// Sends the log to a file for the life of the object.
class LogFile {
 public:
  explicit LogFile(bool json = false) {
    char tmpl[] = "/tmp/herald-log-test-XXXXXX";
    dir_ = mkdtemp(tmpl);
    Settings s;
    s.destination = dir_ + "/log";
    s.short_format = true;
    s.level = Level::kDebug;
    s.all = true;
    s.json = json;
    EXPECT_TRUE(Configure(s).ok());
  }
  ~LogFile() {
    (void)Configure(Settings{});
    unlink((dir_ + "/log").c_str());
    unlink((dir_ + "/log.1").c_str());
    rmdir(dir_.c_str());
  }
  std::string Text(const char* name = "log") const {
    Flush();
    std::ifstream in(dir_ + "/" + name);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

 private:
  std::string dir_;

 public:
  const std::string& dir() const { return dir_; }
};

TEST(LogWriteTest, EveryLineIsOneLineOfPrintableText) {
  LogFile file;
  Info(Category::kReactor, "peer says {}", std::string_view("hi\nthere\x1b[0m\xff", 13));
  EXPECT_EQ(file.Text(), "reactor         | peer says hi\\x0athere\\x1b[0m\\xff\n");
}

TEST(LogWriteTest, JsonLinesAreOneObjectEach) {
  LogFile file(/*json=*/true);
  Warn(Category::kNetwork, "peer {} said \"{}\"", "192.0.2.1", std::string_view("a\\b\nc\xff", 6));
  Debug(Category::kRib, "plain");
  const std::string text = file.Text();
  const std::regex line(
      R"re(\{"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z","pid":(\d+),"level":"([a-z]+)",)re"
      R"re("category":"([a-z]+)","message":"((?:[^"\\]|\\.)*)"\})re");
  std::istringstream lines(text);
  std::string one;
  std::vector<std::string> kept;
  while (std::getline(lines, one)) kept.push_back(one);
  ASSERT_EQ(kept.size(), 2u) << text;
  std::smatch m;
  ASSERT_TRUE(std::regex_match(kept[0], m, line)) << kept[0];
  EXPECT_EQ(m[1], std::to_string(getpid()));
  EXPECT_EQ(m[2], "warning");
  EXPECT_EQ(m[3], "network");
  // The quote and the backslash escaped for JSON; the control byte and
  // the byte that is not UTF-8 as \xNN, as in text lines.
  EXPECT_EQ(m[4], R"re(peer 192.0.2.1 said \"a\\b\\x0ac\\xff\")re");
  ASSERT_TRUE(std::regex_match(kept[1], m, line)) << kept[1];
  EXPECT_EQ(m[2], "debug");
  EXPECT_EQ(m[3], "rib");
  EXPECT_EQ(m[4], "plain");
}

TEST(LogWriteTest, ReopenFollowsARotatedFile) {
  LogFile file;
  Info(Category::kReactor, "before");
  ASSERT_EQ(rename((file.dir() + "/log").c_str(), (file.dir() + "/log.1").c_str()), 0);
  Info(Category::kReactor, "still to the moved file");
  Reopen();
  Info(Category::kReactor, "after");
  EXPECT_EQ(file.Text("log.1"), "reactor         | before\nreactor         | still to the moved file\n");
  EXPECT_EQ(file.Text(), "reactor         | after\n");
}

TEST(LogFacilityTest, NamesAndValues) {
  EXPECT_EQ(*ParseFacility("daemon"), 3 << 3);
  EXPECT_EQ(*ParseFacility("LOCAL3"), 19 << 3);
  EXPECT_EQ(*ParseFacility("user"), 1 << 3);
  EXPECT_EQ(FacilityName(19 << 3), "local3");
  EXPECT_EQ(FacilityName(Settings{}.facility), "daemon");
  EXPECT_FALSE(ParseFacility("local8"));
  EXPECT_FALSE(ParseFacility(""));
}

TEST(LogThrottleTest, AdmitsABurstPerWindowThenCounts) {
  LogFile file;
  Throttle t(Category::kProcesses, Level::kError, "process p", 3, 1000ms);
  const auto t0 = Throttle::Clock::time_point{} + 100s;
  int admitted = 0;
  for (int i = 0; i < 10; ++i) admitted += t.Admit(t0 + std::chrono::milliseconds(i));
  EXPECT_EQ(admitted, 3);
  EXPECT_EQ(t.suppressed(), 7u);
  EXPECT_EQ(t.window_end(), t0 + 1000ms);
  EXPECT_EQ(file.Text(), "");
  // The next window: the count is reported first, then 3 more pass.
  EXPECT_TRUE(t.Admit(t0 + 1000ms));
  EXPECT_EQ(file.Text(), "processes       | error: process p: 7 similar messages suppressed\n");
  EXPECT_TRUE(t.Admit(t0 + 1001ms));
  EXPECT_TRUE(t.Admit(t0 + 1002ms));
  EXPECT_FALSE(t.Admit(t0 + 1003ms));
  // Flush (a timer at the end of the window) reports what is left, once.
  t.Flush();
  t.Flush();
  EXPECT_EQ(file.Text(),
            "processes       | error: process p: 7 similar messages suppressed\n"
            "processes       | error: process p: 1 similar message suppressed\n");
  EXPECT_EQ(t.suppressed(), 0u);
}

TEST(LogThrottleTest, AQuietSourceIsNeverThrottled) {
  Throttle t(Category::kProcesses, Level::kInfo, "p", 2, 1000ms);
  const auto t0 = Throttle::Clock::time_point{} + 100s;
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(t.Admit(t0 + std::chrono::milliseconds(600 * i)));
  EXPECT_EQ(t.suppressed(), 0u);
}

}  // namespace
}  // namespace herald::log
