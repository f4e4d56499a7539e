#include "process/log_throttle.h"

namespace herald::process {

ThrottledLog::ThrottledLog(asio::io_context& io, log::Category category, log::Level level,
                           std::string source)
    : throttle_(category, level, std::move(source)), timer_(io) {}

ThrottledLog::~ThrottledLog() {
  timer_.cancel();
  throttle_.Flush();
}

bool ThrottledLog::Admit() {
  if (throttle_.Admit(log::Throttle::Clock::now())) return true;
  if (!armed_) {
    armed_ = true;
    timer_.expires_at(throttle_.window_end());
    // Cancelled by the destructor: the handler then touches nothing.
    timer_.async_wait([this](asio::error_code ec) {
      if (ec) return;
      armed_ = false;
      throttle_.Flush();
    });
  }
  return false;
}

}  // namespace herald::process
