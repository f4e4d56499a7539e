// PerSecond: at most `limit` events in each one-second window (ExaBGP's
// `rate-limit`, which counts messages per second). 0 means no limit.
#pragma once

#include <chrono>
#include <cstdint>

namespace herald::net {

class PerSecond {
 public:
  using Clock = std::chrono::steady_clock;
  explicit PerSecond(uint32_t limit = 0) : limit_(limit) {}

  bool limited() const { return limit_ != 0; }
  // True, and counted, if one more event may happen at `now`; false if the
  // window's events are spent (next() says when the next window opens).
  bool Take(Clock::time_point now) {
    if (!limit_) return true;
    if (now >= start_ + std::chrono::seconds(1)) {
      start_ = now;
      used_ = 0;
    }
    if (used_ >= limit_) return false;
    ++used_;
    return true;
  }
  Clock::time_point next() const { return start_ + std::chrono::seconds(1); }

 private:
  uint32_t limit_;
  uint32_t used_ = 0;
  Clock::time_point start_{};
};

}  // namespace herald::net
