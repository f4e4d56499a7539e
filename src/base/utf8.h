// UTF-8 (RFC 3629), for text that must come out valid: a log line, JSON.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace herald {

// The length (2 to 4) of the well-formed multi-byte UTF-8 sequence at
// text[at], or 0 if the bytes there are not one (an ASCII byte, a stray
// continuation byte, a truncated sequence, an overlong form, a surrogate,
// a code point past U+10FFFF). If `code_point` is given, it gets the
// sequence's code point.
// REQUIRES: at < text.size().
inline size_t Utf8SequenceLength(std::string_view text, size_t at, uint32_t* code_point = nullptr) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[at + k]); };
  const unsigned char lead = byte(0);
  size_t n;
  uint32_t cp;
  if (lead >= 0xc2 && lead <= 0xdf) {
    n = 2;
    cp = lead & 0x1f;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    n = 3;
    cp = lead & 0x0f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    n = 4;
    cp = lead & 0x07;
  } else {
    return 0;
  }
  if (text.size() - at < n) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(k) & 0xc0) != 0x80) return 0;
    cp = cp << 6 | (byte(k) & 0x3f);
  }
  static constexpr uint32_t kShortest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kShortest[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  if (code_point) *code_point = cp;
  return n;
}

}  // namespace herald
