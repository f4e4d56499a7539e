// Runs of prefixes for the tests of UPDATE packing and scanning (header
// only, not part of the library).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "base/ip.h"
#include "wire/nlri.h"

namespace herald::wire::testing {

// `count` consecutive IPv4 networks of length `len` from `first`
// (10.0.0.0/32, 10.0.0.1/32, ... by default).
inline std::vector<InetNlri> V4Prefixes(size_t count, uint32_t first = 0x0a000000u, int len = 32) {
  std::vector<InetNlri> out;
  const uint32_t step = len == 32 ? 1 : 1u << (32 - len);
  for (size_t i = 0; i < count; ++i)
    out.push_back({Prefix(IpAddress::V4(first + static_cast<uint32_t>(i) * step), static_cast<uint8_t>(len)), 0});
  return out;
}

// `count` IPv6 /64s: 2001:db8:0:N::/64.
inline std::vector<InetNlri> V6Slash64s(size_t count) {
  std::vector<InetNlri> out;
  for (size_t i = 0; i < count; ++i) {
    std::array<uint8_t, 16> b{0x20, 0x01, 0x0d, 0xb8};
    b[6] = static_cast<uint8_t>(i >> 8);
    b[7] = static_cast<uint8_t>(i);
    out.push_back({Prefix(IpAddress::V6(b), 64), 0});
  }
  return out;
}

}  // namespace herald::wire::testing
