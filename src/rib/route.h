// Route: what the configuration and the API ask herald to announce or
// withdraw, before it is interned in a peer's adj-RIB-out.
//
// One Route is one set of attributes and a next hop with one or more
// prefixes: usually one, several for `split /len` or `announce attributes ...
// nlri p1 p2 ...`. The next hop is kept apart from the wire attributes
// because `next-hop self` only becomes an address per session, and because
// for IPv6 it travels in MP_REACH_NLRI rather than in a NEXT_HOP attribute.
#pragma once

#include <string>
#include <vector>

#include "base/ip.h"
#include "wire/attributes.h"
#include "wire/family.h"
#include "wire/nlri.h"

namespace herald::rib {

struct NextHop {
  enum class Kind : uint8_t {
    kNone,     // not given (withdrawals; announcements need one)
    kAddress,  // an explicit address
    kSelf,     // the session's local address of the route's family
  };
  Kind kind = Kind::kNone;
  IpAddress address;  // kAddress only

  static NextHop Self() { return {Kind::kSelf, {}}; }
  static NextHop Address(const IpAddress& a) { return {Kind::kAddress, a}; }

  friend bool operator==(const NextHop&, const NextHop&) = default;
};

struct Route {
  wire::Family family = wire::kIpv4Unicast;
  std::vector<wire::InetNlri> nlri;  // IPv4/IPv6 unicast
  // Every other family (FlowSpec, ...): canonical NLRI bytes (wire/nlri.h).
  std::vector<wire::GenericNlri> generic;
  // kNone is allowed for families whose next hop is optional (FlowSpec).
  NextHop next_hop;
  // attrs.next_hop is left empty: next_hop above is the route's next hop.
  wire::PathAttributes attrs;
  // `watchdog NAME`: the group `announce watchdog NAME` / `withdraw watchdog
  // NAME` announce and withdraw together (empty: none). Not sent.
  std::string watchdog;

  friend bool operator==(const Route&, const Route&) = default;
};

}  // namespace herald::rib
