// StdinQueue: events and acks in one ordered queue, acks capped.
#include "process/stdin_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace herald::process {
namespace {

// Everything queued, as the pipe would take it.
std::string Contents(const StdinQueue& q) {
  iovec iov[64];
  const int n = q.Gather(iov, 64);
  std::string out;
  for (int i = 0; i < n; ++i) out.append(static_cast<const char*>(iov[i].iov_base), iov[i].iov_len);
  return out;
}

TEST(StdinQueueTest, KeepsOrderAndCountsKinds) {
  StdinQueue q(100);
  q.AppendEvents("{\"a\":1}\n");
  EXPECT_EQ(q.AppendAcks("done\n"), 0u);
  q.AppendEvents("{\"b\":2}\n");
  EXPECT_EQ(q.AppendAcks("error\ndone\n"), 0u);
  EXPECT_EQ(Contents(q), "{\"a\":1}\ndone\n{\"b\":2}\nerror\ndone\n");
  EXPECT_EQ(q.size(), 8u + 5 + 8 + 11);
  EXPECT_EQ(q.acks(), 16u);
  EXPECT_EQ(q.events(), 16u);
  // Written across the kinds: each byte is accounted to its own.
  q.Consume(10);  // the first event and "do"
  EXPECT_EQ(q.acks(), 14u);
  EXPECT_EQ(q.events(), 8u);
  q.Consume(11);  // "ne\n" and the second event
  EXPECT_EQ(q.acks(), 11u);
  EXPECT_EQ(q.events(), 0u);
  EXPECT_EQ(Contents(q), "error\ndone\n");
  q.Consume(11);
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.acks(), 0u);
}

TEST(StdinQueueTest, AcksPastTheCapAreDroppedWholeLines) {
  StdinQueue q(12);
  EXPECT_EQ(q.AppendAcks("done\ndone\n"), 0u);   // 10 bytes
  EXPECT_EQ(q.AppendAcks("done\nerror\n"), 2u);  // 5 more would make 15
  EXPECT_EQ(Contents(q), "done\ndone\n");
  EXPECT_EQ(q.AppendAcks("ok\n"), 1u);  // 13 > 12
  EXPECT_EQ(q.acks(), 10u);
  EXPECT_EQ(q.AppendAcks("o\n"), 0u);  // exactly 12
  EXPECT_EQ(q.acks(), 12u);
  EXPECT_EQ(q.AppendAcks("x\ny"), 2u);  // an unterminated tail is a line
  // Once one line does not fit, the later ones in the call are dropped
  // too, even one that would fit.
  q.Consume(5);
  EXPECT_EQ(q.AppendAcks("error\nok\n"), 2u);
  EXPECT_EQ(Contents(q), "done\no\n");
  EXPECT_EQ(q.AppendAcks("ok\n"), 0u);
  EXPECT_EQ(Contents(q), "done\no\nok\n");
}

TEST(StdinQueueTest, EventsAreNeverCappedAndDoNotCountAsAcks) {
  StdinQueue q(10);
  const std::string big(3 * StdinQueue::kChunk + 17, 'e');
  q.AppendEvents(big);
  q.AppendEvents("tail\n");
  EXPECT_EQ(q.events(), big.size() + 5);
  // Acks are capped on their own, whatever the events queued.
  EXPECT_EQ(q.AppendAcks("done\ndone\n"), 0u);
  EXPECT_EQ(q.AppendAcks("done\n"), 1u);
  EXPECT_EQ(Contents(q), big + "tail\n" + "done\ndone\n");
  q.Consume(big.size() + 5 + 3);
  EXPECT_EQ(q.events(), 0u);
  EXPECT_EQ(q.acks(), 7u);
  q.Clear();
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.acks(), 0u);
}

// Many small appends of both kinds and writes of any size: the bytes come
// out in order and the counts always add up.
TEST(StdinQueueTest, RandomAppendsAndWritesKeepTheAccounts) {
  StdinQueue q(1 << 20);
  std::string expected;
  size_t acks = 0;
  uint32_t seed = 7;
  auto next = [&] { return seed = seed * 1103515245 + 12345, (seed >> 16) & 0x7fff; };
  std::string written;
  // Which kind each byte still queued is: to check acks() after Consume.
  std::string kinds;
  for (int round = 0; round < 2000; ++round) {
    if (next() % 2) {
      std::string e(next() % 300, static_cast<char>('a' + round % 26));
      q.AppendEvents(e);
      expected += e;
      kinds += std::string(e.size(), 'e');
    } else {
      std::string a = next() % 2 ? "done\n" : "error\n";
      ASSERT_EQ(q.AppendAcks(a), 0u);
      expected += a;
      kinds += std::string(a.size(), 'a');
      acks += a.size();
    }
    size_t n = std::min<size_t>(next() % 400, q.size());
    iovec iov[4];
    int count = q.Gather(iov, 4);
    size_t took = 0;
    for (int i = 0; i < count && took < n; ++i) {
      size_t part = std::min(n - took, iov[i].iov_len);
      written.append(static_cast<const char*>(iov[i].iov_base), part);
      took += part;
    }
    q.Consume(took);
    for (size_t i = 0; i < took; ++i) acks -= kinds[i] == 'a';
    kinds.erase(0, took);
    ASSERT_EQ(q.acks(), acks);
    ASSERT_EQ(q.size(), kinds.size());
  }
  EXPECT_EQ(written + Contents(q), expected);
}

}  // namespace
}  // namespace herald::process
