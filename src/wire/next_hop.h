// Next hops no route can use (RFC 4271 §5.1.3, §6.3), one set of rules for
// what herald receives, what it sends, and what the configuration and the
// API accept.
#pragma once

#include <string>
#include <string_view>

#include "base/ip.h"
#include "wire/negotiated.h"

namespace herald::wire {

// Why `address` can never be a next hop, or empty if it can be one: the
// unspecified address and the rest of 0.0.0.0/8 ("this network", RFC 1122
// §3.2.1.3), multicast (224.0.0.0/4, ff00::/8), and 240.0.0.0/4 (reserved,
// RFC 1112 §4, with the limited broadcast 255.255.255.255). An IPv4-mapped
// IPv6 address (::ffff:a.b.c.d) is judged by its IPv4 address. Loopback and
// link-local addresses pass: they are valid next hops on their links.
std::string_view NextHopProblem(const IpAddress& address);

// What is wrong with a next hop received on this session: NextHopProblem,
// or that it is the receiving speaker's own address (RFC 4271 §6.3 a),
// negotiated.local_address). Empty if nothing is.
std::string ReceivedNextHopProblem(const IpAddress& address, const Negotiated& negotiated);

// Whether the family's routes take an IPv4 or an IPv6 next hop whatever
// its AFI, without RFC 8950's capability (MVPN, MUP: ExaBGP 5.0 sends an
// IPv4 MUP route with an IPv6 next hop). From the family registry.
bool TakesAnyNextHop(Family family);

// The same host: equal addresses, an IPv4-mapped IPv6 address standing for
// its IPv4 address.
bool SameHost(const IpAddress& a, const IpAddress& b);

}  // namespace herald::wire
