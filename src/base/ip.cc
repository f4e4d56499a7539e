#include "base/ip.h"

#include <arpa/inet.h>

#include <charconv>

namespace herald {

IpAddress IpAddress::V4(uint32_t host_order) {
  IpAddress a;
  a.bytes_[0] = static_cast<uint8_t>(host_order >> 24);
  a.bytes_[1] = static_cast<uint8_t>(host_order >> 16);
  a.bytes_[2] = static_cast<uint8_t>(host_order >> 8);
  a.bytes_[3] = static_cast<uint8_t>(host_order);
  return a;
}

IpAddress IpAddress::FromBytes(ByteSpan bytes) {
  assert(bytes.size() == 4 || bytes.size() == 16);
  IpAddress a;
  a.v6_ = bytes.size() == 16;
  std::memcpy(a.bytes_.data(), bytes.data(), bytes.size());
  return a;
}

IpAddress IpAddress::V6(const std::array<uint8_t, 16>& bytes) {
  IpAddress a;
  a.v6_ = true;
  a.bytes_ = bytes;
  return a;
}

// Dotted quad, by hand: it sits on the API's hot path. Same rules as glibc's
// inet_pton: four decimal octets of at most 255, no leading zeros, nothing else.
static bool ParseV4(std::string_view text, uint8_t* out) {
  size_t i = 0;
  for (int octet = 0; octet < 4; ++octet) {
    if (octet) {
      if (i >= text.size() || text[i] != '.') return false;
      ++i;
    }
    size_t start = i;
    unsigned value = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < 3) {
      value = value * 10 + static_cast<unsigned>(text[i] - '0');
      ++i;
    }
    if (i == start || value > 255 || (i - start > 1 && text[start] == '0')) return false;
    out[octet] = static_cast<uint8_t>(value);
  }
  return i == text.size();
}

std::optional<IpAddress> IpAddress::Parse(std::string_view text) {
  if (text.find(':') == std::string_view::npos) {
    IpAddress a;
    if (!ParseV4(text, a.bytes_.data())) return std::nullopt;
    return a;
  }
  char buf[INET6_ADDRSTRLEN + 1];
  if (text.empty() || text.size() >= sizeof(buf)) return std::nullopt;
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = 0;
  IpAddress a;
  if (inet_pton(AF_INET6, buf, a.bytes_.data()) != 1) return std::nullopt;
  a.v6_ = true;
  return a;
}

uint32_t IpAddress::v4() const {
  assert(!v6_);
  return (uint32_t{bytes_[0]} << 24) | (uint32_t{bytes_[1]} << 16) | (uint32_t{bytes_[2]} << 8) |
         bytes_[3];
}

bool IpAddress::is_unspecified() const {
  for (size_t i = 0; i < size(); ++i)
    if (bytes_[i]) return false;
  return true;
}

void IpAddress::AppendTo(std::string* out) const {
  if (!v6_) {
    // Dotted quad by hand: this sits on the JSON rendering hot path.
    char buf[16];
    char* p = buf;
    for (int i = 0; i < 4; ++i) {
      if (i) *p++ = '.';
      p = std::to_chars(p, buf + sizeof(buf), bytes_[i]).ptr;
    }
    out->append(buf, p);
    return;
  }
  char buf[INET6_ADDRSTRLEN];
  inet_ntop(AF_INET6, bytes_.data(), buf, sizeof(buf));
  out->append(buf);
}

std::string IpAddress::ToString() const {
  std::string s;
  AppendTo(&s);
  return s;
}

size_t IpAddress::Hash() const {
  // FNV-1a over the used bytes; cheap and good enough for hash maps.
  uint64_t h = v6_ ? 1469598103934665603ull ^ 6 : 1469598103934665603ull;
  for (size_t i = 0; i < size(); ++i) {
    h ^= bytes_[i];
    h *= 1099511628211ull;
  }
  return static_cast<size_t>(h);
}

bool Prefix::Contains(const IpAddress& ip) const {
  return ip.version() == version() && Prefix(ip, length_) == *this;
}

Prefix::Prefix(const IpAddress& address, uint8_t length) : length_(length) {
  assert(length <= (address.is_v4() ? 32 : 128));
  uint8_t bytes[16] = {};
  std::memcpy(bytes, address.data(), address.size());
  size_t full = length / 8;
  if (full < address.size()) {
    if (length % 8) bytes[full] &= static_cast<uint8_t>(0xFF00u >> (length % 8));
    else bytes[full] = 0;
    for (size_t i = full + 1; i < address.size(); ++i) bytes[i] = 0;
  }
  address_ = IpAddress::FromBytes(ByteSpan(bytes, address.size()));
}

Result<Prefix> Prefix::Parse(std::string_view text) {
  std::string_view addr = text;
  std::optional<unsigned> length;
  if (auto slash = text.find('/'); slash != std::string_view::npos) {
    addr = text.substr(0, slash);
    std::string_view len = text.substr(slash + 1);
    unsigned v = 0;
    auto [p, ec] = std::from_chars(len.data(), len.data() + len.size(), v);
    if (len.empty() || ec != std::errc() || p != len.data() + len.size())
      return Fail("invalid prefix length in '" + std::string(text) + "'");
    length = v;
  }
  auto ip = IpAddress::Parse(addr);
  if (!ip) return Fail("invalid IP address '" + std::string(addr) + "'");
  unsigned max = ip->is_v4() ? 32 : 128;
  unsigned len = length.value_or(max);
  if (len > max) return Fail("prefix length " + std::to_string(len) + " too long in '" + std::string(text) + "'");
  Prefix p(*ip, static_cast<uint8_t>(len));
  if (p.address() != *ip)
    return Fail("invalid network " + ip->ToString() + " for netmask " + std::to_string(len));
  return p;
}

void Prefix::AppendTo(std::string* out) const {
  address_.AppendTo(out);
  char buf[4];
  char* p = buf;
  *p++ = '/';
  p = std::to_chars(p, buf + sizeof(buf), length_).ptr;
  out->append(buf, p);
}

std::string Prefix::ToString() const {
  std::string s;
  AppendTo(&s);
  return s;
}

}  // namespace herald
