#include "rib/export.h"

#include <cstring>

#include "wire/next_hop.h"
#include "wire/role.h"

namespace herald::rib {

Result<Exported> Export(const AttrSet& set, wire::Family family, const PeerContext& peer) {
  Exported out;
  out.attrs = set.attrs();
  wire::PathAttributes& a = out.attrs;
  const wire::Negotiated& n = peer.negotiated;

  IpAddress nh;
  switch (set.next_hop().kind) {
    case NextHop::Kind::kAddress:
      nh = set.next_hop().address;
      break;
    case NextHop::Kind::kSelf: {
      const std::optional<IpAddress>& self = family.afi == wire::Afi::kIpv6 ? peer.self_v6 : peer.self_v4;
      if (!self) {
        return Fail(std::string("next-hop self needs a local ") +
                    (family.afi == wire::Afi::kIpv6 ? "IPv6" : "IPv4") +
                    " address on this session (set local-address, or give the next hop)");
      }
      nh = *self;
      break;
    }
    case NextHop::Kind::kNone:
      // FlowSpec rules need none (RFC 8955 §6): MP_REACH_NLRI's is empty.
      if (!wire::IsNextHopOptional(family)) return Fail("route has no next hop");
      out.next_hop.none = true;
      break;
  }

  // RFC 4271 §5.1.3: a route is never sent to a peer with that peer's own
  // address as next hop (the peer would ignore it, §6.3).
  if (!out.next_hop.none && n.peer_address && wire::SameHost(nh, *n.peer_address))
    return Fail("next hop " + nh.ToString() + " is the peer's own address (RFC 4271 §5.1.3)");

  if (out.next_hop.none) {
    a.next_hop.reset();
  } else if (family.afi == wire::Afi::kIpv4 && nh.is_v6()) {
    // RFC 8950 §4: only to a peer that announced it takes IPv6 next hops for
    // the family; the route goes in MP_REACH_NLRI (IPv4 unicast included).
    if (!n.SendsV6NextHop(family) && !wire::TakesAnyNextHop(family))
      return Fail("next hop " + nh.ToString() + " is IPv6 and the peer did not announce the extended next hop "
                  "capability for " + family.Name() + " (RFC 8950)");
    a.next_hop.reset();
    out.next_hop.address = nh;
  } else if (family == wire::kIpv4Unicast) {
    a.next_hop = nh;
  } else {
    a.next_hop.reset();
    if (family.afi == wire::Afi::kIpv6 && nh.is_v4() && !wire::TakesAnyNextHop(family)) {
      // An IPv4 next hop for an IPv6 route travels as an IPv4-mapped address
      // (RFC 4291 §2.5.5.2; RFC 4798 §2, RFC 4659 §3.2.1.2).
      uint8_t mapped[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
      std::memcpy(mapped + 12, nh.data(), 4);
      nh = IpAddress::FromBytes(ByteSpan(mapped, 16));
    }
    out.next_hop.address = nh;
  }

  // RFC 7311 §3: AIGP only on sessions with AIGP_SESSION (iBGP unless
  // configured otherwise, eBGP with `capability { aigp enable; }`).
  if (!n.aigp) a.aigp.reset();

  // RFC 9234 §5, egress: OTC marks routes sent down to a customer, a peer or
  // an RS-client (the local AS), and keeps marked ones from going up or
  // sideways.
  if (n.local_role) {
    std::optional<uint32_t> otc = wire::OtcValue(a);
    if (otc && wire::OtcBlocksEgress(*n.local_role))
      return Fail("route carries OTC " + std::to_string(*otc) + " and the peer is a " +
                  std::string(wire::RoleName(wire::ExpectedPeerRole(*n.local_role))) +
                  ": it goes only to customers (RFC 9234 §5)");
    if (!otc && wire::OtcAddedOnEgress(*n.local_role)) wire::AddOtc(&a, n.local_as);
  }

  if (!a.origin) a.origin = wire::Origin::kIgp;
  if (!a.as_path) {
    a.as_path = wire::AsPath{};
    if (!n.ibgp()) a.as_path->push_back({wire::AsSegmentType::kSequence, {n.local_as}});
  }
  if (n.ibgp()) {
    if (!a.local_pref) a.local_pref = 100;
  } else {
    a.local_pref.reset();
    // RFC 4456 §8: ORIGINATOR_ID and CLUSTER_LIST are route reflection
    // attributes, internal to an AS; an external peer discards them (RFC
    // 7606 §7.9, §7.10).
    a.originator_id.reset();
    a.cluster_list.clear();
    // RFC 5065 §5: confederation segments never leave the confederation
    // (an external peer would treat the routes as withdrawn, RFC 7606 §7.2).
    if (a.as_path) {
      std::erase_if(*a.as_path, [](const wire::AsSegment& s) {
        return s.type == wire::AsSegmentType::kConfedSequence || s.type == wire::AsSegmentType::kConfedSet;
      });
    }
  }
  return out;
}

}  // namespace herald::rib
