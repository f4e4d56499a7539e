#include "base/log_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace herald::log {

ReopeningFileSink::ReopeningFileSink(std::string path, Clock::duration check_every)
    : path_(std::move(path)), check_every_(check_every) {
  if (int err = OpenLocked(); err != 0)
    throw spdlog::spdlog_ex("cannot open " + path_ + ": " + std::strerror(err));
  last_check_ = Clock::now();
}

ReopeningFileSink::~ReopeningFileSink() {
  if (fd_ >= 0) ::close(fd_);
}

int ReopeningFileSink::OpenLocked() {
  int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) return errno;
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return err;
  }
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
  dev_ = st.st_dev;
  ino_ = st.st_ino;
  return 0;
}

void ReopeningFileSink::Reopen() {
  std::lock_guard<std::mutex> lock(mutex_);
  last_check_ = Clock::now();
  ReopenLocked();
}

void ReopeningFileSink::CheckLocked(Clock::time_point now) {
  last_check_ = now;
  struct stat st {};
  if (::stat(path_.c_str(), &st) == 0 && st.st_dev == dev_ && st.st_ino == ino_) return;
  ReopenLocked();
}

void ReopeningFileSink::ReopenLocked() {
  int err = OpenLocked();
  if (err == 0) {
    failing_ = false;
  } else if (!failing_) {
    failing_ = true;
    std::string line = "herald: cannot reopen the log file " + path_ + ": " + std::strerror(err) +
                       " (writing on to the file open)\n";
    WriteLocked(line.data(), line.size());
  }
}

void ReopeningFileSink::WriteLocked(const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd_, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // a full disk: the line is lost, herald goes on
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
}

void ReopeningFileSink::sink_it_(const spdlog::details::log_msg& msg) {
  Clock::time_point now = Clock::now();
  if (now - last_check_ >= check_every_) CheckLocked(now);
  spdlog::memory_buf_t formatted;
  formatter_->format(msg, formatted);
  WriteLocked(formatted.data(), formatted.size());
}

}  // namespace herald::log
