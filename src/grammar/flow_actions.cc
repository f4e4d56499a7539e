// The attributes FlowSpec actions put on a route (flow_parser.h,
// EncodeFlowActions). Encodings checked against what ExaBGP 5.0 sends
// (testdata/flow_then_exabgp.txt, tools/capture_flow.py).
#include <algorithm>
#include <bit>
#include <cstring>

#include <fmt/format.h>

#include "grammar/attribute_values.h"
#include "grammar/flow_parser.h"

namespace herald::grammar {
namespace {

// Extended community type and subtype (the first two bytes), RFC 8955 §7,
// RFC 7674, and the redirect-to-IP drafts as ExaBGP sends them.
constexpr uint16_t kTrafficRate = 0x8006;     // AS(2) + IEEE float bytes/s
constexpr uint16_t kTrafficAction = 0x8007;   // ... S (0x02) and T (0x01) bits in the last byte
constexpr uint16_t kRedirectAs2 = 0x8008;     // AS(2) + number(4)
constexpr uint16_t kRedirectAs4 = 0x8208;     // AS(4) + number(2), RFC 7674
constexpr uint16_t kTrafficMarking = 0x8009;  // ... DSCP in the last byte
constexpr uint16_t kRedirectIpSimpson = 0x0800;  // draft-simpson-idr-flowspec-redirect: copy flag in the last byte
constexpr uint16_t kRedirectIpIetf = 0x010c;     // draft-ietf-idr-flowspec-redirect-ip: IPv4(4) + flags(2)
constexpr uint16_t kRedirectIpv6Ietf = 0x000c;  // the same in an IPv6 extended community (RFC 5701), as ExaBGP sends it

uint64_t Community(uint16_t type, uint64_t value48) { return (uint64_t{type} << 48) | (value48 & 0xFFFFFFFFFFFF); }

uint32_t FloatBits(uint64_t rate) {
  const float f = static_cast<float>(rate);  // round to nearest, as Python's struct.pack('!f')
  return std::bit_cast<uint32_t>(f);
}

}  // namespace

Result<FlowActionAttributes> EncodeFlowActions(const std::vector<FlowAction>& actions) {
  FlowActionAttributes out;
  auto set_next_hop = [&](const IpAddress& ip) -> Status {
    if (out.next_hop && *out.next_hop != ip)
      return Fail(fmt::format("two next hops for one flow rule: {} and {}", out.next_hop->ToString(), ip.ToString()));
    out.next_hop = ip;
    return Ok();
  };
  for (const FlowAction& a : actions) {
    auto& ext = out.extended_communities;
    switch (a.kind) {
      case FlowActionKind::kAccept:
        break;
      case FlowActionKind::kDiscard:
        ext.push_back(Community(kTrafficRate, 0));
        break;
      case FlowActionKind::kRateLimit:
        ext.push_back(Community(kTrafficRate, FloatBits(a.rate)));
        break;
      case FlowActionKind::kRedirect:
        if (a.address) {
          if (auto s = set_next_hop(*a.address); !s) return Fail(s.error());
          ext.push_back(Community(kRedirectIpSimpson, 0));
        } else if (a.asn > 0xFFFF) {
          ext.push_back(Community(kRedirectAs4, (uint64_t{a.asn} << 16) | (a.number & 0xFFFF)));
        } else {
          ext.push_back(Community(kRedirectAs2, (uint64_t{a.asn} << 32) | a.number));
        }
        break;
      case FlowActionKind::kRedirectToNexthop:
        ext.push_back(Community(kRedirectIpSimpson, 0));
        break;
      case FlowActionKind::kRedirectToNexthopIetf:
        if (!a.address) return Fail("redirect-to-nexthop-ietf without an address");
        if (a.address->is_v4()) {
          ext.push_back(Community(kRedirectIpIetf, uint64_t{a.address->v4()} << 16));
        } else {
          // An IPv6 Address Specific Extended Community (RFC 5701): type
          // 0x00, sub-type 0x0c, IPv6 address, flags zero: what ExaBGP 5.0
          // sends in attribute 25.
          wire::Ipv6ExtendedCommunity c;
          c.bytes[0] = kRedirectIpv6Ietf >> 8;
          c.bytes[1] = kRedirectIpv6Ietf & 0xFF;
          std::copy_n(a.address->bytes().begin(), 16, c.bytes.begin() + 2);
          out.ipv6_extended_communities.push_back(c);
        }
        break;
      case FlowActionKind::kCopy:
        if (auto s = set_next_hop(*a.address); !s) return Fail(s.error());
        ext.push_back(Community(kRedirectIpSimpson, 1));
        break;
      case FlowActionKind::kMark:
        ext.push_back(Community(kTrafficMarking, a.number & 0x3F));
        break;
      case FlowActionKind::kAction:
        ext.push_back(Community(kTrafficAction, (a.sample ? 2 : 0) | (a.terminal ? 1 : 0)));
        break;
      case FlowActionKind::kCommunity:
        for (const std::string& v : a.values) {
          auto c = ParseCommunity(v);
          if (!c) return Fail(c.error());
          out.communities.push_back(*c);
        }
        break;
      case FlowActionKind::kExtendedCommunity:
        for (const std::string& v : a.values) {
          auto c = ParseExtendedCommunity(v);
          if (!c) return Fail(c.error());
          ext.push_back(*c);
        }
        break;
      case FlowActionKind::kInterfaceSet:
        for (const std::string& v : a.values) {
          auto c = ParseInterfaceSet(v);
          if (!c) return Fail(c.error());
          ext.push_back(*c);
        }
        break;
      case FlowActionKind::kLargeCommunity:
        for (const std::string& v : a.values) {
          auto c = ParseLargeCommunity(v);
          if (!c) return Fail(c.error());
          out.large_communities.push_back(*c);
        }
        break;
    }
  }
  auto sort_unique = [](auto& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  };
  sort_unique(out.communities);
  sort_unique(out.extended_communities);
  sort_unique(out.ipv6_extended_communities);
  sort_unique(out.large_communities);
  return out;
}

}  // namespace herald::grammar
