// Helpers shared by the wire/ tests (header only, not part of the library).
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/hex.h"
#include "wire/error.h"
#include "wire/negotiated.h"

namespace herald::wire::testing {

// Bytes on the heap in a block of exactly their size, so that ASan reports
// a read one byte past the end (a std::vector may have spare capacity).
class ExactBuffer {
 public:
  explicit ExactBuffer(ByteSpan bytes) : size_(bytes.size()), data_(new uint8_t[bytes.size() ? bytes.size() : 1]) {
    if (size_) std::memcpy(data_.get(), bytes.data(), size_);
  }
  ByteSpan span() const { return ByteSpan(data_.get(), size_); }
  ByteReader reader() const { return ByteReader(data_.get(), size_); }

 private:
  size_t size_;
  std::unique_ptr<uint8_t[]> data_;
};

// "0a": one byte as two hex digits.
inline std::string ToHexByte(size_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  return std::string{kDigits[(v >> 4) & 15], kDigits[v & 15]};
}

inline Bytes Hex(std::string_view text) {
  auto b = FromHex(text);
  EXPECT_TRUE(b.has_value()) << "bad hex in test: " << text;
  return b ? *b : Bytes{};
}

// A testdata/*.hex file: '#' lines are comments, the rest is hex.
inline Bytes LoadHex(const std::string& name) {
  std::ifstream in(std::string(HERALD_SOURCE_DIR) + "/src/wire/testdata/" + name);
  EXPECT_TRUE(in.good()) << "missing testdata " << name;
  std::string line, hex;
  while (std::getline(in, line))
    if (!line.empty() && line[0] != '#') hex += line;
  return Hex(hex);
}

inline std::string ReadFile(const std::string& name) {
  std::ifstream in(std::string(HERALD_SOURCE_DIR) + "/src/wire/testdata/" + name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Out of line: GCC 12 warns (-Wmaybe-uninitialized, a false positive) about
// the initializer list of Negotiated::families when this is inlined.
[[gnu::noinline]] inline Negotiated Both(bool asn4 = true) {
  Negotiated n;
  n.asn4 = asn4;
  n.families = {kIpv4Unicast, kIpv6Unicast};
  return n;
}

inline Negotiated Ebgp(uint32_t local, uint32_t peer, bool asn4 = true) {
  Negotiated n = Both(asn4);
  n.local_as = local;
  n.peer_as = peer;
  return n;
}

inline ::testing::AssertionResult IsError(const WireError& e, uint8_t code, uint8_t subcode, ErrorAction action) {
  if (e.code == code && e.subcode == subcode && e.action == action) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "got " << int(e.code) << "/" << int(e.subcode) << " action "
                                       << int(e.action) << " (" << e.what << "), want " << int(code) << "/"
                                       << int(subcode) << " action " << int(action);
}

}  // namespace herald::wire::testing
