#include "wire/next_hop.h"

namespace herald::wire {
namespace {

// ::ffff:a.b.c.d (RFC 4291 §2.5.5.2) as a.b.c.d; any other address as is.
IpAddress Unmapped(const IpAddress& a) {
  if (!a.is_v4()) {
    ByteSpan b = a.bytes();
    for (size_t i = 0; i < 10; ++i)
      if (b[i] != 0) return a;
    if (b[10] == 0xff && b[11] == 0xff) return IpAddress::FromBytes(b.subspan(12));
  }
  return a;
}

}  // namespace

std::string_view NextHopProblem(const IpAddress& address) {
  const IpAddress a = Unmapped(address);
  if (a.is_unspecified()) return "the unspecified address";
  if (a.is_v6()) {
    if (a.data()[0] == 0xff) return "a multicast address";
    return {};
  }
  const uint8_t first = a.data()[0];
  if (first == 0) return "an address in 0.0.0.0/8 (this network)";
  if (first >= 224 && first < 240) return "a multicast address";
  if (a.v4() == 0xFFFFFFFF) return "the broadcast address";
  if (first >= 240) return "a reserved address (240.0.0.0/4)";
  return {};
}

std::string ReceivedNextHopProblem(const IpAddress& address, const Negotiated& negotiated) {
  if (std::string_view p = NextHopProblem(address); !p.empty()) return std::string(p);
  if (negotiated.local_address && SameHost(address, *negotiated.local_address)) return "herald's own address";
  return {};
}

bool SameHost(const IpAddress& a, const IpAddress& b) { return Unmapped(a) == Unmapped(b); }

}  // namespace herald::wire
