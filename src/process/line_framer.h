// LineFramer: splits the byte stream read from a pipe into '\n'-terminated
// lines, in place, with a bound on the length of a line.
//
// The framer owns the read buffer: the caller reads straight into Prepare()
// and hands the count to Commit(), which calls on_line with a view into the
// buffer for each complete line (no copy). A caller that wants to stop
// between two lines (after a time budget, say) uses Add() and Next()
// instead, and comes back for the rest while has_pending() says so. Only the unterminated tail of a
// read is kept, moved once to the front of the buffer so that the next read
// completes it in place; a line that spans several reads is thus assembled
// once, not re-copied at every read.
//
// Lines: the '\n' is removed, and one '\r' before it too (CRLF). Empty lines
// are delivered (as empty views). A line whose raw length (bytes before the
// '\n', '\r' included) exceeds max_line is not delivered: on_overlong is
// called once for it, with the number of bytes seen when it was found too
// long, and the bytes up to and including the next '\n' are dropped. The
// buffer therefore never grows beyond max_line + read_size.
//
// At EOF, an unterminated last line is not a line: herald drops it (the
// caller decides whether to log it) because a command must be complete to be
// acted upon; ExaBGP 4.2 likewise only acts on '\n'-terminated lines.
//
// Pure: no I/O, no clock. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <span>
#include <string_view>

namespace herald::process {

class LineFramer {
 public:
  // One read's worth of lines is handled in one go: 16 KiB (about 250
  // `announce route` lines, under 0.2 ms) keeps bursts efficient without
  // holding up other work, such as a health-check line, for long.
  static constexpr size_t kDefaultReadSize = 16 * 1024;

  // REQUIRES: max_line > 0, read_size > 0.
  explicit LineFramer(size_t max_line, size_t read_size = kDefaultReadSize);
  LineFramer(const LineFramer&) = delete;
  LineFramer& operator=(const LineFramer&) = delete;

  // Where the next read must store its bytes: at least read_size bytes long.
  // Valid until the next call to a non-const method.
  std::span<char> Prepare();

  // `n` bytes were stored at the start of the span Prepare() returned.
  // Calls on_line(std::string_view) for each complete line, in order, and
  // on_overlong(size_t) for each line found longer than max_line. The views
  // are valid during the call only. The callbacks must not call into this
  // framer.
  // REQUIRES: n <= Prepare().size() of the preceding Prepare().
  template <typename OnLine, typename OnOverlong>
  void Commit(size_t n, OnLine&& on_line, OnOverlong&& on_overlong);

  // The same, a line at a time: Add(n) takes the bytes, then each Next()
  // stores the next complete line in *line (valid until Prepare() or
  // Clear()) and returns true, or returns false once none is left, having
  // called on_overlong for the lines it skipped. The caller may stop
  // calling Next() early: the rest stays for later (has_pending()).
  // REQUIRES for Add: n <= Prepare().size() of the preceding Prepare().
  void Add(size_t n) { end_ += n; }
  template <typename OnOverlong>
  bool Next(std::string_view* line, OnOverlong&& on_overlong);
  // True while bytes read have not all been through Next() (they may hold
  // lines): Prepare() must not be called then.
  bool has_pending() const { return scan_ < end_; }

  // Bytes held of an unterminated line (0 while skipping an overlong one).
  size_t partial() const { return end_ - begin_; }
  // The unterminated line held, e.g. to log it at EOF.
  std::string_view partial_line() const { return {buf_.get() + begin_, end_ - begin_}; }
  // True while dropping the rest of an overlong line.
  bool skipping() const { return skipping_; }
  // Forgets any partial line and the skipping state; keeps the buffer.
  void Clear();

  size_t max_line() const { return max_line_; }
  // Current size of the buffer, for tests of its bound.
  size_t capacity() const { return capacity_; }

 private:
  // Finishes a Commit: handles the unterminated tail.
  template <typename OnOverlong>
  void KeepTail(OnOverlong&& on_overlong);

  const size_t max_line_;
  const size_t read_size_;
  std::unique_ptr<char[]> buf_;
  size_t capacity_ = 0;
  size_t begin_ = 0;  // first byte of the current (unterminated) line
  size_t scan_ = 0;   // bytes before this offset are known to hold no '\n'
  size_t end_ = 0;    // end of the bytes read
  bool skipping_ = false;
};

template <typename OnLine, typename OnOverlong>
void LineFramer::Commit(size_t n, OnLine&& on_line, OnOverlong&& on_overlong) {
  Add(n);
  std::string_view line;
  while (Next(&line, on_overlong)) on_line(line);
}

template <typename OnOverlong>
bool LineFramer::Next(std::string_view* line, OnOverlong&& on_overlong) {
  char* const buf = buf_.get();
  if (skipping_) {
    // Everything up to the next '\n' belongs to the overlong line.
    const void* nl = std::memchr(buf + scan_, '\n', end_ - scan_);
    if (!nl) {
      begin_ = scan_ = end_ = 0;
      return false;
    }
    skipping_ = false;
    begin_ = scan_ = static_cast<const char*>(nl) - buf + 1;
  }
  while (scan_ < end_) {
    const void* found = std::memchr(buf + scan_, '\n', end_ - scan_);
    if (!found) break;
    const size_t nl = static_cast<const char*>(found) - buf;
    const size_t start = begin_;
    size_t len = nl - start;
    begin_ = scan_ = nl + 1;
    if (len > max_line_) {
      on_overlong(len);
      continue;
    }
    if (len > 0 && buf[start + len - 1] == '\r') --len;
    *line = std::string_view(buf + start, len);
    return true;
  }
  KeepTail(on_overlong);
  return false;
}

template <typename OnOverlong>
void LineFramer::KeepTail(OnOverlong&& on_overlong) {
  scan_ = end_;
  if (begin_ == end_) {
    begin_ = scan_ = end_ = 0;
  } else if (end_ - begin_ > max_line_) {
    // Too long already: report it now (the rest may never come) and drop
    // the bytes until its '\n'.
    on_overlong(end_ - begin_);
    skipping_ = true;
    begin_ = scan_ = end_ = 0;
  }
}

}  // namespace herald::process
