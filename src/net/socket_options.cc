#include "net/socket_options.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

// Older C libraries name these only in their kernel headers.
#ifndef IP_MINTTL
#define IP_MINTTL 21
#endif
#ifndef IPV6_MINHOPCOUNT
#define IPV6_MINHOPCOUNT 73
#endif

namespace herald::net {
namespace {

Status Errno(std::string_view what) { return Fail(fmt::format("{}: {}", what, std::strerror(errno))); }

}  // namespace

Status SetMd5Key(int fd, const IpAddress& peer, std::string_view key) {
  if (key.size() > TCP_MD5SIG_MAXKEYLEN)
    return Fail(fmt::format("TCP MD5 key of {} bytes (at most {})", key.size(), TCP_MD5SIG_MAXKEYLEN));
  struct tcp_md5sig sig;
  std::memset(&sig, 0, sizeof(sig));
  if (peer.is_v4()) {
    auto* sin = reinterpret_cast<sockaddr_in*>(&sig.tcpm_addr);
    sin->sin_family = AF_INET;
    sin->sin_addr.s_addr = htonl(peer.v4());
  } else {
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&sig.tcpm_addr);
    sin6->sin6_family = AF_INET6;
    std::memcpy(&sin6->sin6_addr, peer.data(), 16);
  }
  sig.tcpm_keylen = static_cast<uint16_t>(key.size());
  std::memcpy(sig.tcpm_key, key.data(), key.size());
  if (setsockopt(fd, IPPROTO_TCP, TCP_MD5SIG, &sig, sizeof(sig)) == 0) return Ok();
  if (key.empty() && errno == ENOENT) return Ok();  // no key to remove
  return Errno(key.empty() ? "removing the TCP MD5 key (TCP_MD5SIG)" : "setting the TCP MD5 key (TCP_MD5SIG)");
}

Status SetTtl(int fd, bool v6, int ttl) {
  int rc = v6 ? setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &ttl, sizeof(ttl))
              : setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl));
  if (rc == 0) return Ok();
  return Errno(fmt::format("setting the outgoing TTL to {} ({})", ttl, v6 ? "IPV6_UNICAST_HOPS" : "IP_TTL"));
}

Status SetMinTtl(int fd, bool v6, int min_ttl) {
  int rc = v6 ? setsockopt(fd, IPPROTO_IPV6, IPV6_MINHOPCOUNT, &min_ttl, sizeof(min_ttl))
              : setsockopt(fd, IPPROTO_IP, IP_MINTTL, &min_ttl, sizeof(min_ttl));
  if (rc == 0) return Ok();
  return Errno(
      fmt::format("setting the minimum incoming TTL to {} ({})", min_ttl, v6 ? "IPV6_MINHOPCOUNT" : "IP_MINTTL"));
}

TtlPolicy TtlFor(const config::NeighborConfig& n, bool passive) {
  TtlPolicy p;
  if (n.ttl_security) {
    p.outgoing = 255;
    p.minimum = 256 - *n.ttl_security;
    return p;
  }
  if (n.incoming_ttl) p.minimum = *n.incoming_ttl;
  if (n.outgoing_ttl) p.outgoing = *n.outgoing_ttl;
  else if (passive && n.incoming_ttl) p.outgoing = *n.incoming_ttl;
  return p;
}

}  // namespace herald::net
