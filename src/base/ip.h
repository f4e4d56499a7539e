// IP addresses and prefixes, for both families, as plain values.
//
// IpAddress holds 4 or 16 bytes in network order. Prefix is an address plus a
// length whose host bits are zero (Parse rejects "10.0.0.1/8", as ExaBGP
// does). Text forms are those of inet_ntop, which is what ExaBGP prints.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/result.h"

namespace herald {

enum class IpVersion : uint8_t { kV4 = 4, kV6 = 6 };

class IpAddress {
 public:
  // 0.0.0.0
  IpAddress() = default;

  static IpAddress V4(uint32_t host_order);
  // REQUIRES: bytes.size() is 4 or 16.
  static IpAddress FromBytes(ByteSpan bytes);
  static IpAddress V6(const std::array<uint8_t, 16>& bytes);
  // Accepts dotted quads and every inet_pton IPv6 form.
  static std::optional<IpAddress> Parse(std::string_view text);

  IpVersion version() const { return v6_ ? IpVersion::kV6 : IpVersion::kV4; }
  bool is_v4() const { return !v6_; }
  bool is_v6() const { return v6_; }
  // 4 or 16.
  size_t size() const { return v6_ ? 16 : 4; }
  // The address bytes in network order (4 or 16 of them).
  ByteSpan bytes() const { return ByteSpan(bytes_.data(), size()); }
  const uint8_t* data() const { return bytes_.data(); }
  // REQUIRES: is_v4()
  uint32_t v4() const;
  bool is_unspecified() const;
  // fe80::/10
  bool is_link_local() const { return v6_ && bytes_[0] == 0xfe && (bytes_[1] & 0xc0) == 0x80; }

  std::string ToString() const;
  // Appends the text form to *out without a temporary string.
  void AppendTo(std::string* out) const;

  friend bool operator==(const IpAddress& a, const IpAddress& b) {
    return a.v6_ == b.v6_ && a.bytes_ == b.bytes_;
  }
  friend std::strong_ordering operator<=>(const IpAddress& a, const IpAddress& b) {
    if (auto c = a.v6_ <=> b.v6_; c != 0) return c;
    return a.bytes_ <=> b.bytes_;
  }
  size_t Hash() const;

 private:
  std::array<uint8_t, 16> bytes_{};
  bool v6_ = false;
};

class Prefix {
 public:
  Prefix() = default;
  // REQUIRES: length <= address bits. Host bits of address are cleared.
  Prefix(const IpAddress& address, uint8_t length);

  // "10.0.0.0/8", "2001:db8::/32"; a bare address is a host route (/32, /128).
  // Host bits set is an error, as in ExaBGP.
  static Result<Prefix> Parse(std::string_view text);

  const IpAddress& address() const { return address_; }
  uint8_t length() const { return length_; }
  IpVersion version() const { return address_.version(); }
  bool is_v4() const { return address_.is_v4(); }
  bool is_v6() const { return address_.is_v6(); }
  uint8_t max_length() const { return is_v4() ? 32 : 128; }
  // Bytes needed on the wire for the address part: ceil(length / 8).
  size_t wire_bytes() const { return (length_ + 7u) / 8u; }

  std::string ToString() const;
  void AppendTo(std::string* out) const;
  // Whether `ip` (of the same version) is in this prefix.
  bool Contains(const IpAddress& ip) const;

  friend bool operator==(const Prefix& a, const Prefix& b) = default;
  friend std::strong_ordering operator<=>(const Prefix& a, const Prefix& b) {
    if (auto c = a.address_ <=> b.address_; c != 0) return c;
    return a.length_ <=> b.length_;
  }
  size_t Hash() const { return address_.Hash() * 131u + length_; }

 private:
  IpAddress address_;
  uint8_t length_ = 0;
};

}  // namespace herald

template <>
struct std::hash<herald::IpAddress> {
  size_t operator()(const herald::IpAddress& a) const { return a.Hash(); }
};
template <>
struct std::hash<herald::Prefix> {
  size_t operator()(const herald::Prefix& p) const { return p.Hash(); }
};
