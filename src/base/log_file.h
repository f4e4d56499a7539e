// The log file sink: a file that follows rotation.
//
// Opened with O_APPEND (so logrotate's copytruncate works), reopened by
// Reopen() (herald calls it on every reload: SIGUSR1 after a rotation), and
// reopened by itself when, checked at most once a second as lines are
// written, its path no longer names the file it has open (logrotate's
// default: the file was moved away or removed, and perhaps created anew).
// When reopening fails, lines keep going to the file already open and the
// failure is written there once.
#pragma once

#include <spdlog/sinks/base_sink.h>
#include <sys/types.h>

#include <chrono>
#include <mutex>
#include <string>

namespace herald::log {

class ReopeningFileSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::seconds kCheckEvery{1};

  // Throws spdlog::spdlog_ex when the file cannot be opened. `check_every`:
  // how often the path is compared with the file open.
  explicit ReopeningFileSink(std::string path, Clock::duration check_every = kCheckEvery);
  ~ReopeningFileSink() override;
  ReopeningFileSink(const ReopeningFileSink&) = delete;
  ReopeningFileSink& operator=(const ReopeningFileSink&) = delete;

  // Opens the path again now; thread-safe.
  void Reopen();

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override {}

 private:
  // Opens path_; on success the old descriptor is closed. Returns errno, or 0.
  int OpenLocked();
  // Opens path_ again; a failure is written to the file open, once.
  void ReopenLocked();
  // Reopens when the path names another file, or none.
  void CheckLocked(Clock::time_point now);
  void WriteLocked(const char* data, size_t size);

  std::string path_;
  Clock::duration check_every_;
  int fd_ = -1;
  dev_t dev_ = 0;
  ino_t ino_ = 0;
  Clock::time_point last_check_{};
  bool failing_ = false;  // the last reopen failed (reported once)
};

}  // namespace herald::log
