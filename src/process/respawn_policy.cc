#include "process/respawn_policy.h"

#include <algorithm>

namespace herald::process {

RespawnPolicy::Decision RespawnPolicy::OnDeath(Clock::time_point started, Clock::time_point died) {
  // A long enough run shows the program works: earlier deaths were another
  // episode, not part of a crash loop.
  if (died - started >= settings_.healthy_run) deaths_.clear();
  while (!deaths_.empty() && died - deaths_.front() >= kWindow) deaths_.pop_front();
  deaths_.push_back(died);

  Decision d;
  d.recent_deaths = static_cast<int>(deaths_.size());
  if (d.recent_deaths > settings_.max_deaths_per_minute) return d;
  d.respawn = true;
  // first_backoff << (deaths - 1), without overflowing the shift.
  auto delay = settings_.first_backoff;
  for (int i = 1; i < d.recent_deaths && delay < settings_.max_backoff; ++i) delay *= 2;
  d.delay = std::min(delay, settings_.max_backoff);
  return d;
}

}  // namespace herald::process
