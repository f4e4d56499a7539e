// ByteReader and ByteWriter: bounds-checked, big-endian access to wire bytes.
//
// ByteReader reads and advances; every read returns false instead of reading
// past the end (LevelDB's GetVarint32, OpenBGPD's ibuf_get_n16). Every length
// field on the wire is consumed through Sub(len), which carves a reader over
// exactly that many bytes, so an inner decoder can never read into its
// neighbour; the caller then checks that the sub-reader is empty.
//
// ByteWriter appends to a std::vector<uint8_t> that it does not own. It knows
// a size limit (the BGP message limit): a write past the limit, or a length
// that does not fit its field, sets a sticky failure flag checked once at the
// end (OpenBGPD's `errs +=` habit). Lengths are back-patched at a reserved
// position rather than computed twice.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <span>
#include <vector>

namespace herald {

using Bytes = std::vector<uint8_t>;
using ByteSpan = std::span<const uint8_t>;

class ByteReader {
 public:
  ByteReader() = default;
  ByteReader(const uint8_t* data, size_t size) : begin_(data), pos_(data), end_(data + size) {}
  explicit ByteReader(ByteSpan bytes) : ByteReader(bytes.data(), bytes.size()) {}

  size_t remaining() const { return static_cast<size_t>(end_ - pos_); }
  bool empty() const { return pos_ == end_; }
  // Bytes consumed since this reader was made.
  size_t offset() const { return static_cast<size_t>(pos_ - begin_); }
  // The unread bytes.
  ByteSpan rest() const { return ByteSpan(pos_, remaining()); }
  // Every byte this reader covers, read or not.
  ByteSpan whole() const { return ByteSpan(begin_, static_cast<size_t>(end_ - begin_)); }

  bool ReadU8(uint8_t* out) {
    if (remaining() < 1) return false;
    *out = *pos_++;
    return true;
  }
  bool ReadU16(uint16_t* out) {
    if (remaining() < 2) return false;
    *out = static_cast<uint16_t>((pos_[0] << 8) | pos_[1]);
    pos_ += 2;
    return true;
  }
  bool ReadU24(uint32_t* out) {
    if (remaining() < 3) return false;
    *out = (uint32_t{pos_[0]} << 16) | (uint32_t{pos_[1]} << 8) | pos_[2];
    pos_ += 3;
    return true;
  }
  bool ReadU32(uint32_t* out) {
    if (remaining() < 4) return false;
    *out = (uint32_t{pos_[0]} << 24) | (uint32_t{pos_[1]} << 16) | (uint32_t{pos_[2]} << 8) | pos_[3];
    pos_ += 4;
    return true;
  }
  bool ReadU64(uint64_t* out) {
    uint32_t hi, lo;
    if (remaining() < 8) return false;
    (void)ReadU32(&hi);
    (void)ReadU32(&lo);
    *out = (uint64_t{hi} << 32) | lo;
    return true;
  }
  // Copies n bytes to out.
  bool ReadInto(uint8_t* out, size_t n) {
    if (remaining() < n) return false;
    if (n) std::memcpy(out, pos_, n);
    pos_ += n;
    return true;
  }
  // Points out at the next n bytes (no copy) and advances past them.
  bool ReadSpan(size_t n, ByteSpan* out) {
    if (remaining() < n) return false;
    *out = ByteSpan(pos_, n);
    pos_ += n;
    return true;
  }
  bool Skip(size_t n) {
    if (remaining() < n) return false;
    pos_ += n;
    return true;
  }
  // Carves a reader over the next n bytes and advances past them.
  bool Sub(size_t n, ByteReader* out) {
    if (remaining() < n) return false;
    *out = ByteReader(pos_, n);
    pos_ += n;
    return true;
  }
  // Looks at the next byte without consuming it.
  bool PeekU8(uint8_t* out) const {
    if (remaining() < 1) return false;
    *out = *pos_;
    return true;
  }

 private:
  const uint8_t* begin_ = nullptr;
  const uint8_t* pos_ = nullptr;
  const uint8_t* end_ = nullptr;
};

class ByteWriter {
 public:
  // Appends to *out (which must outlive the writer); fails once out->size()
  // would exceed limit.
  explicit ByteWriter(Bytes* out, size_t limit = std::numeric_limits<size_t>::max())
      : out_(out), start_(out->size()), limit_(limit) {}

  // False once any write failed: past the limit, or a value too wide for its field.
  bool ok() const { return ok_; }
  // Bytes written by this writer.
  size_t size() const { return out_->size() - start_; }
  // Absolute size of the underlying buffer.
  size_t position() const { return out_->size(); }
  size_t limit() const { return limit_; }
  // Bytes that can still be written before the limit.
  size_t room() const { return out_->size() >= limit_ ? 0 : limit_ - out_->size(); }
  void Fail() { ok_ = false; }

  void U8(uint8_t v) {
    if (!Fits(1)) return;
    out_->push_back(v);
  }
  void U16(uint16_t v) {
    if (!Fits(2)) return;
    uint8_t b[2] = {static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)};
    out_->insert(out_->end(), b, b + 2);
  }
  void U24(uint32_t v) {
    if (v > 0xFFFFFF) return Fail();
    if (!Fits(3)) return;
    uint8_t b[3] = {static_cast<uint8_t>(v >> 16), static_cast<uint8_t>(v >> 8),
                    static_cast<uint8_t>(v)};
    out_->insert(out_->end(), b, b + 3);
  }
  void U32(uint32_t v) {
    if (!Fits(4)) return;
    uint8_t b[4] = {static_cast<uint8_t>(v >> 24), static_cast<uint8_t>(v >> 16),
                    static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)};
    out_->insert(out_->end(), b, b + 4);
  }
  void U64(uint64_t v) {
    U32(static_cast<uint32_t>(v >> 32));
    U32(static_cast<uint32_t>(v));
  }
  void Append(ByteSpan bytes) {
    if (!Fits(bytes.size())) return;
    out_->insert(out_->end(), bytes.begin(), bytes.end());
  }
  void Append(const uint8_t* data, size_t n) { Append(ByteSpan(data, n)); }
  void Zeros(size_t n) {
    if (!Fits(n)) return;
    out_->insert(out_->end(), n, 0);
  }

  // Reserves a 1- or 2-byte length field and returns its absolute position.
  size_t Reserve8() {
    size_t at = out_->size();
    U8(0);
    return at;
  }
  size_t Reserve16() {
    size_t at = out_->size();
    U16(0);
    return at;
  }
  // Writes value at a reserved position; fails if it does not fit.
  void Patch8(size_t at, size_t value) {
    if (value > 0xFF || at + 1 > out_->size()) return Fail();
    (*out_)[at] = static_cast<uint8_t>(value);
  }
  void Patch16(size_t at, size_t value) {
    if (value > 0xFFFF || at + 2 > out_->size()) return Fail();
    (*out_)[at] = static_cast<uint8_t>(value >> 8);
    (*out_)[at + 1] = static_cast<uint8_t>(value);
  }
  // Length of everything written after a field reserved at `at` of `width` bytes.
  size_t Since(size_t at, size_t width) const { return out_->size() - at - width; }

  Bytes* buffer() { return out_; }

 private:
  bool Fits(size_t n) {
    if (!ok_) return false;
    if (out_->size() + n > limit_) {
      ok_ = false;
      return false;
    }
    return true;
  }

  Bytes* const out_;
  const size_t start_;
  const size_t limit_;
  bool ok_ = true;
};

}  // namespace herald
