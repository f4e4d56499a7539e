// RespawnPolicy: decides whether, and after how long, a program that died is
// started again.
//
// Deaths are counted over a sliding window of one minute. Each death within
// the window doubles the delay before the next start (first_backoff, then 2x,
// 4x, ... capped at max_backoff). When the window holds more than
// max_deaths_per_minute deaths, the program is given up on. A program that
// ran for at least healthy_run before dying starts a fresh count: the deaths
// before that run are forgotten. A failure to start (exec error) is a death
// after a run of zero.
//
// ExaBGP counts deaths in buckets of about 64 s and gives up past 5; the
// sliding window keeps the limit while not resetting at bucket boundaries.
//
// Pure: the caller passes the times. Not thread-safe.
#pragma once

#include <chrono>
#include <deque>

namespace herald::process {

class RespawnPolicy {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::seconds kWindow{60};

  struct Settings {
    int max_deaths_per_minute = 5;
    std::chrono::milliseconds first_backoff{250};
    std::chrono::milliseconds max_backoff{8000};
    std::chrono::milliseconds healthy_run{30000};
  };

  struct Decision {
    bool respawn = false;
    // Wait before the next start (meaningful when respawn).
    std::chrono::milliseconds delay{0};
    // Deaths in the last minute, this one included.
    int recent_deaths = 0;
  };

  explicit RespawnPolicy(const Settings& settings) : settings_(settings) {}

  // Records a death at `died` of a run that began at `started`.
  // REQUIRES: started <= died, and `died` not before the previous death.
  Decision OnDeath(Clock::time_point started, Clock::time_point died);

  // Deaths currently remembered (for tests).
  int remembered() const { return static_cast<int>(deaths_.size()); }

 private:
  Settings settings_;
  std::deque<Clock::time_point> deaths_;
};

}  // namespace herald::process
