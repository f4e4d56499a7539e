#include "output_check.h"

#include <cstdint>
#include <string>

namespace herald::fuzz {
namespace {

// The length of the UTF-8 sequence at s[i], 0 if it is not valid.
size_t Utf8Length(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<uint8_t>(s[i + k]); };
  const uint8_t c = b(0);
  if (c < 0x80) return 1;
  size_t n;
  uint32_t cp;
  if (c >= 0xC2 && c <= 0xDF) n = 2, cp = c & 0x1F;
  else if (c >= 0xE0 && c <= 0xEF) n = 3, cp = c & 0x0F;
  else if (c >= 0xF0 && c <= 0xF4) n = 4, cp = c & 0x07;
  else return 0;
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(k) & 0x3F);
  }
  if (n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return 0;
  if (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return 0;
  return n;
}

class JsonParser {
 public:
  explicit JsonParser(std::string_view s) : s_(s) {}

  std::string Run() {
    Spaces();
    if (!Value(0)) return Error();
    Spaces();
    if (i_ != s_.size()) {
      why_ = "text after the value";
      return Error();
    }
    return {};
  }

 private:
  std::string Error() const { return why_ + " at byte " + std::to_string(i_) + " of: " + std::string(s_); }
  bool Fail(const char* why) {
    why_ = why;
    return false;
  }
  bool More() const { return i_ < s_.size(); }
  char Peek() const { return s_[i_]; }
  void Spaces() {
    while (More() && (Peek() == ' ' || Peek() == '\t')) ++i_;
  }
  bool Literal(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return Fail("bad literal");
    i_ += word.size();
    return true;
  }

  bool Value(int depth) {
    if (depth > 64) return Fail("nested too deep");
    if (!More()) return Fail("missing value");
    switch (Peek()) {
      case '{': return Object(depth);
      case '[': return Array(depth);
      case '"': return String();
      case 't': return Literal("true");
      case 'f': return Literal("false");
      case 'n': return Literal("null");
      default: return Number();
    }
  }

  bool Object(int depth) {
    ++i_;
    Spaces();
    if (More() && Peek() == '}') return ++i_, true;
    while (true) {
      Spaces();
      if (!More() || Peek() != '"') return Fail("expected a key");
      if (!String()) return false;
      Spaces();
      if (!More() || Peek() != ':') return Fail("expected ':'");
      ++i_;
      Spaces();
      if (!Value(depth + 1)) return false;
      Spaces();
      if (!More()) return Fail("unterminated object");
      if (Peek() == '}') return ++i_, true;
      if (Peek() != ',') return Fail("expected ',' or '}'");
      ++i_;
    }
  }

  bool Array(int depth) {
    ++i_;
    Spaces();
    if (More() && Peek() == ']') return ++i_, true;
    while (true) {
      Spaces();
      if (!Value(depth + 1)) return false;
      Spaces();
      if (!More()) return Fail("unterminated array");
      if (Peek() == ']') return ++i_, true;
      if (Peek() != ',') return Fail("expected ',' or ']'");
      ++i_;
    }
  }

  static bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
  static uint32_t HexValue(std::string_view h) { return static_cast<uint32_t>(std::stoul(std::string(h), nullptr, 16)); }

  // \uXXXX at i_ (after the backslash and 'u'); a high surrogate must be
  // followed by a low one.
  bool Unicode() {
    if (i_ + 4 > s_.size()) return Fail("short \\u escape");
    for (size_t k = 0; k < 4; ++k)
      if (!IsHex(s_[i_ + k])) return Fail("bad \\u escape");
    uint32_t cp = HexValue(s_.substr(i_, 4));
    i_ += 4;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return Fail("lone low surrogate");
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (s_.substr(i_, 2) != "\\u" || i_ + 6 > s_.size()) return Fail("lone high surrogate");
      for (size_t k = 2; k < 6; ++k)
        if (!IsHex(s_[i_ + k])) return Fail("bad \\u escape");
      uint32_t low = HexValue(s_.substr(i_ + 2, 4));
      if (low < 0xDC00 || low > 0xDFFF) return Fail("high surrogate without a low one");
      i_ += 6;
    }
    return true;
  }

  bool String() {
    ++i_;
    while (true) {
      if (!More()) return Fail("unterminated string");
      const auto c = static_cast<uint8_t>(Peek());
      if (c == '"') return ++i_, true;
      if (c < 0x20) return Fail("raw control character in a string");  // DEL may stand raw (RFC 8259 §7)
      if (c == '\\') {
        ++i_;
        if (!More()) return Fail("unterminated escape");
        const char e = Peek();
        ++i_;
        if (e == 'u') {
          if (!Unicode()) return false;
        } else if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' && e != 't') {
          return Fail("bad escape");
        }
        continue;
      }
      size_t n = Utf8Length(s_, i_);
      if (!n) return Fail("invalid UTF-8 in a string");
      i_ += n;
    }
  }

  bool Digits() {
    size_t start = i_;
    while (More() && Peek() >= '0' && Peek() <= '9') ++i_;
    return i_ > start;
  }

  bool Number() {
    if (More() && Peek() == '-') ++i_;
    if (!More()) return Fail("bad number");
    if (Peek() == '0') {
      ++i_;
    } else if (!Digits()) {
      return Fail("unexpected character");
    }
    if (More() && Peek() == '.') {
      ++i_;
      if (!Digits()) return Fail("bad fraction");
    }
    if (More() && (Peek() == 'e' || Peek() == 'E')) {
      ++i_;
      if (More() && (Peek() == '+' || Peek() == '-')) ++i_;
      if (!Digits()) return Fail("bad exponent");
    }
    return true;
  }

  std::string_view s_;
  size_t i_ = 0;
  std::string why_;
};

// Calls check(line) for every '\n'-terminated line; the first error wins.
template <typename F>
std::string EachLine(std::string_view out, F check) {
  if (!out.empty() && out.back() != '\n') return "output does not end in a newline";
  size_t start = 0;
  while (start < out.size()) {
    size_t end = out.find('\n', start);
    if (std::string e = check(out.substr(start, end - start)); !e.empty()) return e;
    start = end + 1;
  }
  return {};
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t n = Utf8Length(s, i);
    if (!n) return false;
    i += n;
  }
  return true;
}

std::string CheckJsonLine(std::string_view line) { return JsonParser(line).Run(); }

std::string CheckJsonLines(std::string_view out) {
  return EachLine(out, [](std::string_view line) -> std::string {
    if (line.empty()) return "empty JSON line";
    return CheckJsonLine(line);
  });
}

std::string CheckTextLines(std::string_view out) {
  return EachLine(out, [](std::string_view line) -> std::string {
    if (!IsValidUtf8(line)) return "invalid UTF-8 in text line: " + std::string(line);
    for (char c : line)
      if (static_cast<uint8_t>(c) < 0x20 || c == 0x7f) return "control character in text line: " + std::string(line);
    return {};
  });
}

}  // namespace herald::fuzz
