// Reading configuration files: only regular files (or a pipe handed over
// as /dev/stdin or /dev/fd/N), and at most kMaxConfigFileSize bytes.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config/config_testing.h"
#include "config/file_parser.h"
#include "config/parser.h"

namespace herald::config {
namespace {

using internal::kMaxConfigFileSize;
using internal::ReadConfigFile;
using testing::TempDir;

std::string ErrorOf(const std::string& path) {
  auto r = ReadConfigFile(path);
  return r ? "(read " + std::to_string(r->size()) + " bytes)" : r.error().ToString();
}

TEST(ConfigFileTest, ReadsARegularFile) {
  TempDir dir;
  auto r = ReadConfigFile(dir.Write("a.conf", "neighbor 10.0.0.1 { }\n"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "neighbor 10.0.0.1 { }\n");
}

TEST(ConfigFileTest, RefusesDevicesAtOnce) {
  // /dev/zero never ends: it must not be read at all.
  EXPECT_EQ(
      ErrorOf("/dev/zero"),
      "/dev/zero: is a character device, not a configuration file (herald reads regular files, "
      "or a pipe as /dev/stdin)");
  EXPECT_EQ(
      ErrorOf("/dev/null"),
      "/dev/null: is a character device, not a configuration file (herald reads regular files, "
      "or a pipe as /dev/stdin)");
}

TEST(ConfigFileTest, RefusesANamedFifoWithoutWaitingForAWriter) {
  TempDir dir;
  const std::string fifo = dir.File("fifo");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_EQ(ErrorOf(fifo),
            fifo +
                ": is a FIFO, not a configuration file (herald reads regular files, or a "
                "pipe as /dev/stdin)");
}

TEST(ConfigFileTest, RefusesADirectoryAndReportsAMissingFile) {
  TempDir dir;
  EXPECT_EQ(ErrorOf(dir.File("")), dir.File("") + ": is a directory, not a configuration file");
  EXPECT_EQ(ErrorOf(dir.File("none")),
            dir.File("none") + ": can not read the file: No such file or directory");
}

TEST(ConfigFileTest, RefusesAFileOverTheCapWithoutReadingIt) {
  TempDir dir;
  const std::string big = dir.File("big.conf");
  // Sparse: no disk used, and never read.
  int fd = open(big.c_str(), O_WRONLY | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(ftruncate(fd, static_cast<off_t>(kMaxConfigFileSize) + 1), 0);
  close(fd);
  EXPECT_EQ(ErrorOf(big), big + ": is larger than 256 MiB, not read (the most herald reads)");
  // Through the parser too, with the other files' errors.
  auto parsed = ParseConfigFiles({big, "/dev/zero"});
  ASSERT_FALSE(parsed.ok());
  ASSERT_EQ(parsed.error().size(), 2u);
  EXPECT_EQ(parsed.error()[0].where.file, big);
  EXPECT_EQ(parsed.error()[1].where.file, "/dev/zero");
}

// `herald validate /dev/stdin < conf` and `<(command)` keep working: a pipe
// named by a descriptor path is read to its end.
TEST(ConfigFileTest, ReadsAPipeGivenAsADescriptorPath) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  const std::string text = "process a { run /bin/cat; }\n";
  ASSERT_EQ(write(p[1], text.data(), text.size()), static_cast<ssize_t>(text.size()));
  close(p[1]);
  const std::string path = "/dev/fd/" + std::to_string(p[0]);
  auto r = ReadConfigFile(path);
  close(p[0]);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(*r, text);
}

TEST(ConfigFileTest, AnEndlessPipeStopsAtTheCap) {
  // A child writes to the pipe for ever: reading stops past the cap.
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(p[0]);
    static char block[65536];
    while (write(p[1], block, sizeof block) > 0) {
    }
    _exit(0);
  }
  close(p[1]);
  const std::string path = "/dev/fd/" + std::to_string(p[0]);
  auto r = ReadConfigFile(path, 1u << 20);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().ToString(),
            path + ": is larger than 1 MiB, not read (the most herald reads)");
  close(p[0]);  // the child gets EPIPE and exits
  int status = 0;
  waitpid(child, &status, 0);
}

}  // namespace
}  // namespace herald::config
