// Route distinguishers as ExaBGP writes them (route_distinguisher.h).
#include "grammar/route_distinguisher.h"

#include <fmt/format.h>

#include "base/ip.h"
#include "grammar/attribute_values.h"

namespace herald::grammar {
namespace {

uint64_t Put(uint64_t v, int bytes, std::array<uint8_t, 8>* rd, int at) {
  for (int i = bytes - 1; i >= 0; --i, v >>= 8) (*rd)[at + i] = static_cast<uint8_t>(v);
  return v;
}

uint64_t Get(const std::array<uint8_t, 8>& rd, int at, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = v << 8 | rd[at + i];
  return v;
}

}  // namespace

Result<std::array<uint8_t, 8>> ParseRouteDistinguisher(std::string_view text) {
  auto invalid = [&] { return Fail(fmt::format("invalid route-distinguisher '{}' (ASN:NN or IPv4:NN)", text)); };
  const size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return invalid();
  const std::string_view admin = text.substr(0, colon);
  uint64_t number = 0;
  std::array<uint8_t, 8> rd{};
  if (admin.find('.') != std::string_view::npos) {
    auto ip = IpAddress::Parse(admin);
    if (!ip || !ip->is_v4() || !ParseUnsigned(text.substr(colon + 1), 0xFFFF, &number)) return invalid();
    Put(1, 2, &rd, 0);
    Put(ip->v4(), 4, &rd, 2);
    Put(number, 2, &rd, 6);
    return rd;
  }
  uint64_t asn = 0;
  if (!ParseUnsigned(admin, 0xFFFFFFFF, &asn) || !ParseUnsigned(text.substr(colon + 1), 0xFFFFFFFF, &number))
    return invalid();
  if (asn <= 0xFFFF) {
    Put(0, 2, &rd, 0);
    Put(asn, 2, &rd, 2);
    Put(number, 4, &rd, 4);
  } else if (number <= 0xFFFF) {
    Put(2, 2, &rd, 0);
    Put(asn, 4, &rd, 2);
    Put(number, 2, &rd, 6);
  } else {
    return invalid();
  }
  return rd;
}

std::string FormatRouteDistinguisher(const std::array<uint8_t, 8>& rd) {
  switch (Get(rd, 0, 2)) {
    case 0: return fmt::format("{}:{}", Get(rd, 2, 2), Get(rd, 4, 4));
    case 1: return fmt::format("{}:{}", IpAddress::V4(static_cast<uint32_t>(Get(rd, 2, 4))).ToString(), Get(rd, 6, 2));
    case 2: return fmt::format("{}:{}", Get(rd, 2, 4), Get(rd, 6, 2));
    default: return fmt::format("0x{:016x}", Get(rd, 0, 8));
  }
}

}  // namespace herald::grammar
