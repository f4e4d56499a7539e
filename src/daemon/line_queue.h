// LineQueue: answers waiting to be written to a pipe or a socket, held in
// chunks of up to 64 KiB (one write for a burst of lines), bounded in
// bytes. The chunk at the front may be in an asynchronous write: lines are
// then never appended to it.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>

namespace herald::daemon {

class LineQueue {
 public:
  explicit LineQueue(size_t max_bytes) : max_bytes_(max_bytes) {}

  // Queues `line` and a '\n'; false (nothing queued) past the bound.
  bool Push(std::string_view line, bool front_in_flight) {
    if (bytes_ + line.size() + 1 > max_bytes_) return false;
    bytes_ += line.size() + 1;
    bool append = !chunks_.empty() && chunks_.back().size() < kChunk && !(front_in_flight && chunks_.size() == 1);
    if (!append) chunks_.emplace_back();
    chunks_.back().append(line);
    chunks_.back().push_back('\n');
    return true;
  }
  bool empty() const { return chunks_.empty(); }
  size_t bytes() const { return bytes_; }
  const std::string& front() const { return chunks_.front(); }
  void pop_front() {
    bytes_ -= chunks_.front().size();
    chunks_.pop_front();
  }
  void clear() {
    chunks_.clear();
    bytes_ = 0;
  }

 private:
  static constexpr size_t kChunk = 64 * 1024;
  const size_t max_bytes_;
  std::deque<std::string> chunks_;
  size_t bytes_ = 0;
};

}  // namespace herald::daemon
