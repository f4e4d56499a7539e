#include "base/hex.h"

#include <gtest/gtest.h>

namespace herald {
namespace {

TEST(HexTest, RoundTrips) {
  Bytes b = {0x00, 0xff, 0x10, 0xab};
  EXPECT_EQ(ToHex(b), "00ff10ab");
  EXPECT_EQ(*FromHex("00FF10ab"), b);
  EXPECT_EQ(*FromHex("0x00ff10ab"), b);
  EXPECT_EQ(*FromHex("00 ff:10\nab"), b);
}

TEST(HexTest, RejectsOddAndNonHex) {
  EXPECT_FALSE(FromHex("abc"));
  EXPECT_FALSE(FromHex("zz"));
  EXPECT_FALSE(FromHex("a b"));
  EXPECT_TRUE(FromHex("")->empty());
}

}  // namespace
}  // namespace herald
