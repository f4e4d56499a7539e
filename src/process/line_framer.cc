#include "process/line_framer.h"

#include <cassert>

namespace herald::process {

LineFramer::LineFramer(size_t max_line, size_t read_size)
    : max_line_(max_line),
      read_size_(read_size),
      buf_(std::make_unique_for_overwrite<char[]>(read_size)),
      capacity_(read_size) {
  assert(max_line > 0 && read_size > 0);
}

std::span<char> LineFramer::Prepare() {
  assert(!has_pending());
  if (end_ == 0 && capacity_ > read_size_) {
    // Give back what a long line made us allocate.
    buf_ = std::make_unique_for_overwrite<char[]>(read_size_);
    capacity_ = read_size_;
  }
  if (capacity_ - end_ < read_size_) {
    // Move the partial line to the front: it is copied here once, and the
    // following reads complete it in place.
    if (begin_ > 0) {
      std::memmove(buf_.get(), buf_.get() + begin_, end_ - begin_);
      end_ -= begin_;
      scan_ -= begin_;
      begin_ = 0;
    }
    if (capacity_ - end_ < read_size_) {
      // A long line: grow. Bounded, since a partial line longer than
      // max_line is dropped, so end_ <= max_line_ here.
      size_t wanted = end_ + read_size_;
      auto bigger = std::make_unique_for_overwrite<char[]>(wanted);
      std::memcpy(bigger.get(), buf_.get(), end_);
      buf_ = std::move(bigger);
      capacity_ = wanted;
    }
  }
  return {buf_.get() + end_, capacity_ - end_};
}

void LineFramer::Clear() {
  begin_ = scan_ = end_ = 0;
  skipping_ = false;
}

}  // namespace herald::process
