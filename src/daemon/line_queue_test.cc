#include "daemon/line_queue.h"

#include <gtest/gtest.h>

namespace herald::daemon {
namespace {

TEST(LineQueueTest, ChunksBoundAndTheChunkInFlight) {
  LineQueue q(20);
  EXPECT_TRUE(q.Push("done", false));
  EXPECT_TRUE(q.Push("error", false));  // appended: one write for both
  EXPECT_EQ(q.front(), "done\nerror\n");
  EXPECT_EQ(q.bytes(), 11u);
  // The front chunk is being written: a new chunk.
  EXPECT_TRUE(q.Push("ok", true));
  EXPECT_EQ(q.front(), "done\nerror\n");
  EXPECT_FALSE(q.Push("too long a line", true));  // 14 + 16 > 20: refused, nothing queued
  EXPECT_EQ(q.bytes(), 14u);
  q.pop_front();
  EXPECT_EQ(q.front(), "ok\n");
  EXPECT_EQ(q.bytes(), 3u);
  q.clear();
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.bytes(), 0u);
}

}  // namespace
}  // namespace herald::daemon
