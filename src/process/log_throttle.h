// ThrottledLog: a log::Throttle (base/log.h) whose count of suppressed
// messages is logged when its window ends, even if no later message comes
// (a process that wrote a burst of garbage and then went quiet).
//
// Single-threaded: on the io_context thread.
#pragma once

#include <string>

#include "base/log.h"
#include "net/asio.h"

namespace herald::process {

class ThrottledLog {
 public:
  ThrottledLog(asio::io_context& io, log::Category category, log::Level level, std::string source);
  // Logs the count left, if any.
  ~ThrottledLog();
  ThrottledLog(const ThrottledLog&) = delete;
  ThrottledLog& operator=(const ThrottledLog&) = delete;

  // True if a message may be logged now; if not, it is counted, and the
  // count logged when the window ends.
  bool Admit();
  // Logs the count now, if any.
  void Flush() { throttle_.Flush(); }

 private:
  log::Throttle throttle_;
  asio::steady_timer timer_;
  bool armed_ = false;
};

}  // namespace herald::process
