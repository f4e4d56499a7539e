#include "base/result.h"

#include <gtest/gtest.h>

namespace herald {
namespace {

Result<int> Half(int v) {
  if (v % 2) return Fail("odd value " + std::to_string(v));
  return v / 2;
}

TEST(ResultTest, CarriesValueOrError) {
  auto a = Half(4);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(*a, 2);
  auto b = Half(3);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().message, "odd value 3");
}

TEST(ResultTest, WorksWhenValueAndErrorTypesAreAlike) {
  Result<std::string> s = std::string("value");
  EXPECT_TRUE(s.ok());
  Result<std::string> e = Fail("error");
  EXPECT_FALSE(e.ok());
  EXPECT_EQ(e.error().message, "error");
  Status ok = Ok();
  EXPECT_TRUE(ok);
  Status bad = Fail("nope");
  EXPECT_FALSE(bad);
}

}  // namespace
}  // namespace herald
