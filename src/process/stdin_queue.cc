#include "process/stdin_queue.h"

#include <algorithm>
#include <cassert>

namespace herald::process {

void StdinQueue::AppendEvents(std::string_view data) { Append(data, false); }

size_t StdinQueue::AppendAcks(std::string_view lines) {
  // Whole lines only: a program never reads half an ack. Once a line does
  // not fit, the later ones of the call are dropped too, even shorter ones,
  // so that a program reading again sees its acks resume in order.
  size_t room = max_acks_ > acks_ ? max_acks_ - acks_ : 0;
  if (lines.size() <= room) {
    // The usual case: everything fits, no need to look at the lines.
    Append(lines, true);
    return 0;
  }
  size_t fit = 0;
  while (fit < lines.size()) {
    const size_t nl = lines.find('\n', fit);
    const size_t end = nl == std::string_view::npos ? lines.size() : nl + 1;
    if (end - fit > room) break;
    room -= end - fit;
    fit = end;
  }
  Append(lines.substr(0, fit), true);
  const std::string_view rest = lines.substr(fit);
  if (rest.empty()) return 0;
  return static_cast<size_t>(std::count(rest.begin(), rest.end(), '\n')) + (rest.back() != '\n');
}

void StdinQueue::Append(std::string_view data, bool ack) {
  if (data.empty()) return;
  size_ += data.size();
  if (ack) acks_ += data.size();
  if (!spans_.empty() && spans_.back().ack == ack)
    spans_.back().bytes += data.size();
  else
    spans_.push_back({ack, data.size()});
  if (data.size() >= kChunk) {
    chunks_.emplace_back(data);
    return;
  }
  if (chunks_.empty() || chunks_.back().size() + data.size() > kChunk) {
    chunks_.emplace_back();
    chunks_.back().reserve(kChunk);
  }
  chunks_.back().append(data);
}

int StdinQueue::Gather(iovec* iov, int max) const {
  int count = 0;
  size_t offset = head_;
  for (const std::string& chunk : chunks_) {
    if (count == max) break;
    iov[count++] = {const_cast<char*>(chunk.data()) + offset, chunk.size() - offset};
    offset = 0;
  }
  return count;
}

void StdinQueue::Consume(size_t n) {
  assert(n <= size_);
  size_ -= n;
  for (size_t left = n; left > 0;) {
    Span& span = spans_.front();
    const size_t take = std::min(left, span.bytes);
    if (span.ack) acks_ -= take;
    span.bytes -= take;
    left -= take;
    if (span.bytes == 0) spans_.pop_front();
  }
  while (n > 0) {
    const size_t left = chunks_.front().size() - head_;
    if (n < left) {
      head_ += n;
      return;
    }
    n -= left;
    chunks_.pop_front();
    head_ = 0;
  }
}

void StdinQueue::Clear() {
  chunks_.clear();
  spans_.clear();
  head_ = 0;
  size_ = 0;
  acks_ = 0;
}

}  // namespace herald::process
