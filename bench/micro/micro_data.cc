#include "micro/micro_data.h"

#include "bench_util.h"

namespace herald::bench {

std::vector<wire::InetNlri> Ipv4Prefixes(size_t count, int length) {
  std::vector<wire::InetNlri> out;
  out.reserve(count);
  for (size_t i = 0; i < count; ++i)
    out.push_back({Prefix(IpAddress::V4(NthPrefix(0x0a000000u, length, i)), static_cast<uint8_t>(length)),
                   0});
  return out;
}

wire::PathAttributes TypicalAttributes() {
  wire::PathAttributes a;
  a.origin = wire::Origin::kIgp;
  a.as_path = wire::AsPath{{wire::AsSegmentType::kSequence, {65001, 65010, 65020}}};
  a.next_hop = IpAddress::V4(0xc0000201);
  a.med = 100;
  a.communities = {65001u << 16 | 1, 65001u << 16 | 2};
  a.large_communities = {{65001, 1, 2}};
  return a;
}

wire::Negotiated Session(bool extended) {
  wire::Negotiated n;
  n.local_as = 65001;
  n.peer_as = 65002;
  n.extended_message = extended;
  n.families = {wire::kIpv4Unicast, wire::kIpv6Unicast};
  return n;
}

}  // namespace herald::bench
