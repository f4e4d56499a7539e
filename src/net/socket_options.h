// Socket options for session security: TCP MD5 signatures (RFC 2385) and
// TTL limits (outgoing TTL, GTSM's minimum incoming TTL, RFC 5082), on a
// socket's file descriptor. Linux only (TCP_MD5SIG, IP_MINTTL,
// IPV6_MINHOPCOUNT); errors say which option failed and why.
#pragma once

#include <cstdint>
#include <string_view>

#include "base/ip.h"
#include "base/result.h"
#include "config/config.h"

namespace herald::net {

// Signs and checks segments to and from `peer` with `key` (at most 80
// bytes); an empty key removes the peer's key (no error if there was none).
// On a listening socket, the key is inherited by the connections it accepts.
Status SetMd5Key(int fd, const IpAddress& peer, std::string_view key);

// The TTL (IPv6: hop limit) of the packets sent.
Status SetTtl(int fd, bool v6, int ttl);

// Packets arriving with a smaller TTL (hop limit) are dropped by the kernel
// (0: no minimum). On a listening socket this covers the handshake, and the
// connections it accepts inherit it.
Status SetMinTtl(int fd, bool v6, int min_ttl);

// What a neighbor's configuration asks of its sockets.
struct TtlPolicy {
  int outgoing = 0;  // 0: the system's default
  int minimum = 0;   // 0: any
};
// ttl-security HOPS: 255 out, 256 - HOPS in. Otherwise outgoing-ttl and
// incoming-ttl (ExaBGP's minimum TTL accepted). `passive`: for connections
// the peer opened, where ExaBGP also sends with TTL incoming-ttl when no
// outgoing-ttl is set (it sets IP_TTL with IP_MINTTL on the listener).
TtlPolicy TtlFor(const config::NeighborConfig& n, bool passive);

}  // namespace herald::net
