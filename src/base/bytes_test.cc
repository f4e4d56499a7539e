#include "base/bytes.h"

#include <gtest/gtest.h>

namespace herald {
namespace {

TEST(ByteReaderTest, ReadsBigEndianAndAdvances) {
  const uint8_t data[] = {1, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a};
  ByteReader r(data, sizeof(data));
  uint8_t a;
  uint16_t b;
  uint32_t c;
  ASSERT_TRUE(r.ReadU8(&a));
  ASSERT_TRUE(r.ReadU16(&b));
  ASSERT_TRUE(r.ReadU32(&c));
  EXPECT_EQ(a, 1);
  EXPECT_EQ(b, 0x0203);
  EXPECT_EQ(c, 0x04050607u);
  EXPECT_EQ(r.remaining(), 3u);
  EXPECT_EQ(r.offset(), 7u);
  EXPECT_FALSE(r.ReadU32(&c)) << "must not read past the end";
  EXPECT_EQ(r.remaining(), 3u) << "a failed read consumes nothing";
}

TEST(ByteReaderTest, SubReaderIsBoundedToItsLength) {
  const uint8_t data[] = {0xaa, 0xbb, 0xcc, 0xdd};
  ByteReader r(data, sizeof(data));
  ByteReader sub;
  ASSERT_TRUE(r.Sub(2, &sub));
  uint16_t v;
  ASSERT_TRUE(sub.ReadU16(&v));
  EXPECT_EQ(v, 0xaabb);
  uint8_t x;
  EXPECT_FALSE(sub.ReadU8(&x)) << "sub-reader must stop at its own length";
  ASSERT_TRUE(r.ReadU8(&x));
  EXPECT_EQ(x, 0xcc);
  EXPECT_FALSE(r.Sub(2, &sub));
}

TEST(ByteReaderTest, ReadU64AndSpan) {
  const uint8_t data[] = {0, 0, 0, 1, 0, 0, 0, 2, 9};
  ByteReader r(data, sizeof(data));
  uint64_t v;
  ASSERT_TRUE(r.ReadU64(&v));
  EXPECT_EQ(v, (uint64_t{1} << 32) | 2);
  ByteSpan s;
  EXPECT_FALSE(r.ReadSpan(2, &s));
  ASSERT_TRUE(r.ReadSpan(1, &s));
  EXPECT_EQ(s[0], 9);
  EXPECT_TRUE(r.empty());
}

TEST(ByteWriterTest, WritesAndBackPatchesLengths) {
  Bytes out;
  ByteWriter w(&out);
  w.U8(1);
  size_t at = w.Reserve16();
  w.U32(0xdeadbeef);
  w.Patch16(at, w.Since(at, 2));
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(out, (Bytes{1, 0, 4, 0xde, 0xad, 0xbe, 0xef}));
}

TEST(ByteWriterTest, FailsPastLimitAndStaysFailed) {
  Bytes out;
  ByteWriter w(&out, 3);
  w.U16(1);
  EXPECT_TRUE(w.ok());
  w.U16(2);
  EXPECT_FALSE(w.ok());
  w.U8(3);
  EXPECT_FALSE(w.ok());
  EXPECT_EQ(out.size(), 2u) << "nothing written after the failure";
}

TEST(ByteWriterTest, PatchRefusesValuesTooWide) {
  Bytes out;
  ByteWriter w(&out);
  size_t at = w.Reserve8();
  w.Patch8(at, 256);
  EXPECT_FALSE(w.ok());
  Bytes out2;
  ByteWriter w2(&out2);
  w2.U24(0x1000000);
  EXPECT_FALSE(w2.ok());
}

}  // namespace
}  // namespace herald
