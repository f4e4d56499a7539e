#include "daemon/pid_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/log.h"

namespace herald::daemon {

Result<std::unique_ptr<PidFile>> PidFile::Create(const std::string& path) {
  // O_NONBLOCK: a FIFO there must not make the open wait for a reader.
  const int fd =
      open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0644);
  if (fd < 0) {
    if (errno == ELOOP) return Fail("pid file " + path + " is a symbolic link: refused");
    return Fail(fmt::format("cannot open pid file {}: {}", path, std::strerror(errno)));
  }
  auto refuse = [&](std::string why) {
    close(fd);
    return Fail("pid file " + path + " " + why);
  };
  struct stat st {};
  if (fstat(fd, &st) != 0) return refuse(fmt::format("cannot be read: {}", std::strerror(errno)));
  if (!S_ISREG(st.st_mode)) return refuse("is not a regular file: refused");
  if (st.st_nlink != 1) return refuse("has other hard links: refused");
  if (flock(fd, LOCK_EX | LOCK_NB) != 0)
    return refuse(errno == EWOULDBLOCK ? "is held by another herald running" : "cannot be locked");
  const std::string pid = fmt::format("{}\n", getpid());
  if (ftruncate(fd, 0) != 0 ||
      pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size()))
    return refuse(fmt::format("cannot be written: {}", std::strerror(errno)));
  return std::unique_ptr<PidFile>(new PidFile(path, fd, st.st_dev, st.st_ino));
}

PidFile::~PidFile() { Remove(); }

void PidFile::Remove() {
  if (fd_ < 0) return;
  struct stat st {};
  // Only our file: if it was replaced meanwhile, the new one stays.
  const bool ours = lstat(path_.c_str(), &st) == 0 && st.st_dev == dev_ && st.st_ino == ino_;
  if (ours && unlink(path_.c_str()) != 0) {
    const int error = errno;
    if (ftruncate(fd_, 0) == 0)
      log::Warn(
          log::Category::kDaemon,
          "cannot remove pid file {} ({}); emptied it instead (the directory must be writable by "
          "daemon.user for herald to remove it after dropping privileges)",
          path_, std::strerror(error));
    else
      log::Error(log::Category::kDaemon, "cannot remove pid file {}: {}", path_,
                 std::strerror(error));
  }
  close(fd_);
  fd_ = -1;
}

}  // namespace herald::daemon
