#include "fuzz_check.h"

#include <cstdio>
#include <cstdlib>

#include "wire/nlri.h"

namespace herald::fuzz {

void CheckFailed(std::string_view what, std::string_view detail) {
  std::fprintf(stderr, "fuzz check failed: %.*s\n", static_cast<int>(what.size()), what.data());
  if (!detail.empty()) std::fprintf(stderr, "%.*s\n", static_cast<int>(detail.size()), detail.data());
  std::abort();
}

wire::Negotiated NegotiatedFromByte(uint8_t b) {
  wire::Negotiated n;
  n.asn4 = b & 0x01;
  n.extended_message = b & 0x02;
  n.route_refresh = b & 0x04;
  n.enhanced_route_refresh = b & 0x08;
  // With it, every IPv4 family takes IPv6 next hops both ways (RFC 8950).
  if (b & 0x08)
    for (const wire::Family& f : wire::SupportedFamilies())
      if (f.afi == wire::Afi::kIpv4) {
        n.v6_next_hop_send.push_back(f);
        n.v6_next_hop_receive.push_back(f);
      }
  n.local_as = 65001;
  n.peer_as = (b & 0x10) ? 65001 : 65002;
  n.families.clear();
  if (!(b & 0x40)) n.families.push_back(wire::kIpv4Unicast);
  if (b & 0x20) n.families.push_back(wire::kIpv6Unicast);
  n.aigp = b & 0x80;  // RFC 7311 AIGP_SESSION
  return n;
}

wire::Negotiated TakeNegotiated(const uint8_t* data, size_t size, ByteSpan* rest) {
  if (size == 0) {
    *rest = {};
    return wire::Negotiated{};
  }
  *rest = ByteSpan(data + 1, size - 1);
  return NegotiatedFromByte(data[0]);
}

}  // namespace herald::fuzz
