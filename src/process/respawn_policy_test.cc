#include "process/respawn_policy.h"

#include <gtest/gtest.h>

namespace herald::process {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Clock = RespawnPolicy::Clock;

class RespawnPolicyTest : public testing::Test {
 protected:
  // A death after running for `ran`, `gap` after the previous one.
  RespawnPolicy::Decision Die(RespawnPolicy& p, milliseconds ran,
                              milliseconds gap = milliseconds(0)) {
    now_ += gap;
    return p.OnDeath(now_ - ran, now_);
  }
  Clock::time_point now_ = Clock::time_point() + std::chrono::hours(1);
};

TEST_F(RespawnPolicyTest, BackoffDoublesAndTheSixthDeathGivesUp) {
  RespawnPolicy p({});
  const int want_ms[] = {250, 500, 1000, 2000, 4000};
  for (int i = 0; i < 5; ++i) {
    auto d = Die(p, milliseconds(100), seconds(1));
    EXPECT_TRUE(d.respawn) << i;
    EXPECT_EQ(d.delay, milliseconds(want_ms[i])) << i;
    EXPECT_EQ(d.recent_deaths, i + 1);
  }
  auto d = Die(p, milliseconds(100), seconds(1));
  EXPECT_FALSE(d.respawn);
  EXPECT_EQ(d.recent_deaths, 6);
}

TEST_F(RespawnPolicyTest, BackoffIsCapped) {
  RespawnPolicy::Settings s;
  s.max_deaths_per_minute = 50;
  s.first_backoff = milliseconds(100);
  s.max_backoff = milliseconds(1000);
  RespawnPolicy p(s);
  milliseconds last{0};
  for (int i = 0; i < 40; ++i) last = Die(p, milliseconds(1), milliseconds(10)).delay;
  EXPECT_EQ(last, milliseconds(1000));
}

TEST_F(RespawnPolicyTest, DeathsOlderThanAMinuteAreForgotten) {
  RespawnPolicy p({});
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(Die(p, milliseconds(10), seconds(1)).respawn);
  // The five deaths are 56..60 s old: still counted only if younger than 60 s.
  auto d = Die(p, milliseconds(10), seconds(56));
  EXPECT_TRUE(d.respawn);
  EXPECT_EQ(d.recent_deaths, 5);  // the first one (60 s old) left the window
  d = Die(p, milliseconds(10), seconds(61));
  EXPECT_TRUE(d.respawn);
  EXPECT_EQ(d.recent_deaths, 1);
  EXPECT_EQ(d.delay, milliseconds(250));
}

TEST_F(RespawnPolicyTest, AHealthyRunStartsAFreshCount) {
  RespawnPolicy p({});
  for (int i = 0; i < 5; ++i) Die(p, milliseconds(10), milliseconds(100));
  auto d = Die(p, seconds(30), seconds(30));
  EXPECT_TRUE(d.respawn);
  EXPECT_EQ(d.recent_deaths, 1);
  EXPECT_EQ(d.delay, milliseconds(250));
  EXPECT_EQ(p.remembered(), 1);
}

TEST_F(RespawnPolicyTest, ARunJustShortOfHealthyKeepsTheCount) {
  RespawnPolicy p({});
  for (int i = 0; i < 5; ++i) Die(p, milliseconds(10), milliseconds(100));
  auto d = Die(p, milliseconds(29999), milliseconds(29999));
  EXPECT_FALSE(d.respawn);
  EXPECT_EQ(d.recent_deaths, 6);
}

TEST_F(RespawnPolicyTest, ZeroDeathsAllowedNeverRespawns) {
  RespawnPolicy::Settings s;
  s.max_deaths_per_minute = 0;
  RespawnPolicy p(s);
  EXPECT_FALSE(Die(p, seconds(100)).respawn);
}

}  // namespace
}  // namespace herald::process
