// The log file follows logrotate: moved, removed, truncated, or not
// reopenable.
#include "base/log_file.h"

#include <gtest/gtest.h>
#include <spdlog/logger.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

namespace herald::log {
namespace {

class Rotation : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/herald-log-file-test-XXXXXX";
    dir_ = mkdtemp(tmpl);
    path_ = dir_ + "/herald.log";
  }
  void TearDown() override {
    logger_.reset();
    sink_.reset();
    for (const char* name : {"/herald.log", "/herald.log.1"}) unlink((dir_ + name).c_str());
    rmdir((dir_ + "/sub").c_str());
    rmdir(dir_.c_str());
  }
  // A logger on a sink that compares its path with its file at every line
  // (check_every 0), or never (a long interval).
  void Open(std::string path, bool check_every_line) {
    sink_ = std::make_shared<ReopeningFileSink>(
        std::move(path), check_every_line ? ReopeningFileSink::Clock::duration::zero() : std::chrono::hours(1));
    logger_ = std::make_shared<spdlog::logger>("test", sink_);
    logger_->set_pattern("%v");
  }
  void Line(const std::string& text) { logger_->info("{}", text); }
  static std::string Read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  std::string dir_, path_;
  std::shared_ptr<ReopeningFileSink> sink_;
  std::shared_ptr<spdlog::logger> logger_;
};

TEST_F(Rotation, AppendsToAFileThatExists) {
  { std::ofstream(path_) << "old\n"; }
  Open(path_, false);
  Line("new");
  EXPECT_EQ(Read(path_), "old\nnew\n");
}

TEST_F(Rotation, AMovedFileIsFollowedByANewOne) {
  Open(path_, true);
  Line("one");
  ASSERT_EQ(rename(path_.c_str(), (path_ + ".1").c_str()), 0);
  Line("two");
  EXPECT_EQ(Read(path_ + ".1"), "one\n");
  EXPECT_EQ(Read(path_), "two\n");
}

TEST_F(Rotation, ARemovedFileIsCreatedAgain) {
  Open(path_, true);
  Line("one");
  ASSERT_EQ(unlink(path_.c_str()), 0);
  Line("two");
  EXPECT_EQ(Read(path_), "two\n");
}

TEST_F(Rotation, ATruncatedFileIsWrittenFromItsStart) {
  // logrotate's copytruncate: the descriptor stays, O_APPEND writes at
  // the new end, with no hole of NULs.
  Open(path_, false);
  Line("one");
  ASSERT_EQ(truncate(path_.c_str(), 0), 0);
  Line("two");
  EXPECT_EQ(Read(path_), "two\n");
}

TEST_F(Rotation, WithoutACheckTheMovedFileIsKeptUntilReopen) {
  Open(path_, false);
  Line("one");
  ASSERT_EQ(rename(path_.c_str(), (path_ + ".1").c_str()), 0);
  Line("two");
  sink_->Reopen();
  Line("three");
  EXPECT_EQ(Read(path_ + ".1"), "one\ntwo\n");
  EXPECT_EQ(Read(path_), "three\n");
}

TEST_F(Rotation, AFailedReopenKeepsTheOpenFileAndSaysSoOnce) {
  const std::string sub = dir_ + "/sub";
  ASSERT_EQ(mkdir(sub.c_str(), 0700), 0);
  const std::string path = sub + "/herald.log";
  Open(path, true);
  Line("one");
  // The file and its directory are gone: nothing can be opened there.
  ASSERT_EQ(rename(path.c_str(), path_.c_str()), 0);
  ASSERT_EQ(rmdir(sub.c_str()), 0);
  Line("two");
  Line("three");
  sink_->Reopen();
  Line("four");
  const std::string note = "herald: cannot reopen the log file " + path +
                           ": No such file or directory (writing on to the file open)\n";
  EXPECT_EQ(Read(path_), "one\n" + note + "two\nthree\nfour\n");
  // Once it can be opened again, it is.
  ASSERT_EQ(mkdir(sub.c_str(), 0700), 0);
  Line("five");
  EXPECT_EQ(Read(path), "five\n");
  unlink(path.c_str());
}

TEST_F(Rotation, AFileThatCannotBeOpenedIsAnError) {
  EXPECT_THROW(ReopeningFileSink(dir_ + "/missing/herald.log"), spdlog::spdlog_ex);
}

}  // namespace
}  // namespace herald::log
