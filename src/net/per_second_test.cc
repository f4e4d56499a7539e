#include "net/per_second.h"

#include <gtest/gtest.h>

namespace herald::net {
namespace {

using namespace std::chrono_literals;

TEST(PerSecondTest, CountsEachWindowOfOneSecond) {
  PerSecond rate(3);
  ASSERT_TRUE(rate.limited());
  auto t = PerSecond::Clock::time_point{} + 100s;
  EXPECT_TRUE(rate.Take(t));
  EXPECT_TRUE(rate.Take(t + 100ms));
  EXPECT_TRUE(rate.Take(t + 200ms));
  EXPECT_FALSE(rate.Take(t + 300ms));
  EXPECT_EQ(rate.next(), t + 1s);
  EXPECT_FALSE(rate.Take(t + 999ms));
  EXPECT_TRUE(rate.Take(t + 1s));  // a new window
  EXPECT_EQ(rate.next(), t + 2s);
}

TEST(PerSecondTest, ZeroIsNoLimit) {
  PerSecond rate;
  EXPECT_FALSE(rate.limited());
  auto t = PerSecond::Clock::time_point{} + 5s;
  for (int i = 0; i < 100000; ++i) ASSERT_TRUE(rate.Take(t));
}

}  // namespace
}  // namespace herald::net
