#include "base/base64.h"

#include <gtest/gtest.h>

namespace herald {
namespace {

// Expected values from Python's base64.b64decode(value, validate=True), what
// ExaBGP 5.0 (util/psk.py) decodes md5-base64 keys with.
TEST(Base64Test, DecodesAsPythonValidateDoes) {
  EXPECT_EQ(DecodeBase64("c2VjcmV0"), "secret");
  EXPECT_EQ(DecodeBase64("c2VjcmV0MQ=="), "secret1");
  EXPECT_EQ(DecodeBase64("c2VjcmV0MTI="), "secret12");
  EXPECT_EQ(DecodeBase64("c2VjcmV0MR=="), "secret1");  // unused low bits ignored
  EXPECT_EQ(DecodeBase64("ab=="), "i");
  EXPECT_EQ(DecodeBase64("abcd=="), std::string("i\xb7\x1d"));  // padding after a full group ignored
  EXPECT_EQ(DecodeBase64("+/+/"), std::string("\xfb\xff\xbf"));
  EXPECT_EQ(DecodeBase64(""), "");
}

TEST(Base64Test, RefusesWhatPythonRefuses) {
  for (const char* bad : {"ab=", "abc", "abc==", "a===", "c2VjcmV0MQ", "c2Vj cmV0", "====", "=", "ab=c",
                          "c2VjcmV0-", "c2VjcmV0_"})
    EXPECT_FALSE(DecodeBase64(bad)) << bad;
}

}  // namespace
}  // namespace herald
