// StdinQueue: the bytes waiting to be written to a program's stdin, in
// order, and what they are: events (the messages herald reports: JSON or
// text) or acks (`done`, `error` and other answers to its commands).
//
// The two are bounded differently. Events are never dropped: their backlog
// is what makes a program "congested", and herald then stops reading the
// sessions that feed it (backpressure, supervisor.h). Acks do not count
// towards that, so that a program that never reads its stdin (a health
// check that only writes) never stalls a session; instead they are capped:
// an ack line that would take the acks queued past max_acks is dropped and
// counted. A program that reads its acks (one command, then wait for `done`)
// has one queued at a time and never loses one.
//
// The bytes are kept in chunks of about kChunk bytes, so that appending
// never moves what is queued and a write gathers many small appends.
//
// Pure: no I/O. Not thread-safe.
#pragma once

#include <sys/uio.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

namespace herald::process {

class StdinQueue {
 public:
  static constexpr size_t kChunk = 256 * 1024;

  explicit StdinQueue(size_t max_acks) : max_acks_(max_acks) {}

  // Queues event bytes (any bytes; never dropped).
  void AppendEvents(std::string_view data);
  // Queues the '\n'-terminated lines of `lines` (an unterminated tail counts
  // as a line) as long as the acks queued stay within max_acks; the lines
  // that do not fit are dropped. Returns the number of lines dropped.
  size_t AppendAcks(std::string_view lines);

  // Fills up to `max` iovecs with the start of the queue; returns how many.
  int Gather(iovec* iov, int max) const;
  // The first n bytes were written.
  // REQUIRES: n <= size().
  void Consume(size_t n);
  // Drops everything queued.
  void Clear();

  bool empty() const { return size_ == 0; }
  // Bytes queued, acks included.
  size_t size() const { return size_; }
  // Ack bytes queued.
  size_t acks() const { return acks_; }
  // Event bytes queued: what congestion is measured on.
  size_t events() const { return size_ - acks_; }
  size_t max_acks() const { return max_acks_; }

 private:
  void Append(std::string_view data, bool ack);

  // A run of queued bytes of one kind.
  struct Span {
    bool ack;
    size_t bytes;
  };

  const size_t max_acks_;
  std::deque<std::string> chunks_;
  size_t head_ = 0;  // bytes of chunks_.front() already written
  std::deque<Span> spans_;
  size_t size_ = 0;
  size_t acks_ = 0;
};

}  // namespace herald::process
