#include "output_check.h"

#include <gtest/gtest.h>

namespace herald::fuzz {
namespace {

TEST(OutputCheckTest, Utf8) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\xff\xfe"));
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // a surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xe2\x82"));          // truncated
}

TEST(OutputCheckTest, ValidJson) {
  for (const char* ok : {"{}", "[]", "0", "-1.5e+3", "true", "null", "\"\\u00e9\\ud83d\\ude00\\n\"", "\"a\x7f\"",
                         "{ \"a\": [ 1, 2, { \"b\": \"caf\xc3\xa9\" } ], \"c\": false }"})
    EXPECT_EQ(CheckJsonLine(ok), "") << ok;
}

TEST(OutputCheckTest, InvalidJson) {
  for (const char* bad : {"", "{", "{\"a\" 1}", "{\"a\": 1,}", "[1,]", "01", "1.", "\"\\x\"", "\"\\ud800\"",
                          "\"\\udc00\"", "\"a\tb\"", "\"\xff\"", "{} {}", "tru", "'a'", "{a: 1}", "+1"})
    EXPECT_NE(CheckJsonLine(bad), "") << bad;
}

TEST(OutputCheckTest, Lines) {
  EXPECT_EQ(CheckJsonLines("{}\n[]\n"), "");
  EXPECT_NE(CheckJsonLines("{}\n\n"), "");
  EXPECT_NE(CheckJsonLines("{}"), "");
  EXPECT_EQ(CheckTextLines("neighbor 1.2.3.4 up\n\n"), "");
  EXPECT_NE(CheckTextLines("a\rb\n"), "");
  EXPECT_NE(CheckTextLines("a\xff\n"), "");
  EXPECT_NE(CheckTextLines("a\x7f\n"), "");
}

}  // namespace
}  // namespace herald::fuzz
