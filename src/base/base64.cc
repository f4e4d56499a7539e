#include "base/base64.h"

namespace herald {
namespace {

int Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

std::optional<std::string> DecodeBase64(std::string_view text) {
  size_t end = 0;
  while (end < text.size() && Value(text[end]) >= 0) ++end;
  std::string_view data = text.substr(0, end);
  size_t pad = text.size() - end;
  for (size_t i = end; i < text.size(); ++i)
    if (text[i] != '=') return std::nullopt;  // outside the alphabet, or data after padding
  if (pad && data.empty()) return std::nullopt;
  // Python's rules: a complete last group ignores any padding after it;
  // two characters left need "==", three need "=" and no more; one left
  // over carries only 6 bits, which no encoding produces.
  switch (data.size() % 4) {
    case 1: return std::nullopt;
    case 2: if (pad < 2) return std::nullopt; break;
    case 3: if (pad != 1) return std::nullopt; break;
    default: break;
  }
  std::string out;
  out.reserve(data.size() * 3 / 4);
  uint32_t bits = 0;
  int count = 0;
  for (char c : data) {
    int v = Value(c);
    if (v < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<uint32_t>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out.push_back(static_cast<char>((bits >> count) & 0xFF));
    }
  }
  return out;
}

}  // namespace herald
