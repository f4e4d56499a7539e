#include "net/tcp_ao.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "net/socket_options.h"

namespace herald::net {
namespace {

using tcp_ao_abi::tcp_ao_add;
using tcp_ao_abi::tcp_ao_del;
using tcp_ao_abi::tcp_ao_info_opt;

SetSockOptFn set_sock_opt = ::setsockopt;

uint8_t SetAddress(sockaddr_storage* ss, const IpAddress& peer) {
  if (peer.is_v4()) {
    auto* sin = reinterpret_cast<sockaddr_in*>(ss);
    sin->sin_family = AF_INET;
    sin->sin_addr.s_addr = htonl(peer.v4());
    return 32;
  }
  auto* sin6 = reinterpret_cast<sockaddr_in6*>(ss);
  sin6->sin6_family = AF_INET6;
  std::memcpy(&sin6->sin6_addr, peer.data(), 16);
  return 128;
}

std::string KeyName(const AoKey& k) { return fmt::format("TCP-AO key {}/{}", k.send_id, k.receive_id); }

Status Errno(const std::string& what, const char* option) {
  int e = errno;
  std::string hint = e == ENOPROTOOPT ? " (this kernel has no TCP-AO: Linux 6.7 or later with CONFIG_TCP_AO)" : "";
  return Fail(fmt::format("{} ({}): {}{}", what, option, std::strerror(e), hint));
}

Status AddKey(int fd, const IpAddress& peer, const AoKey& key, bool set_current) {
  tcp_ao_add add = MakeAoAdd(peer, key, set_current);
  if (set_sock_opt(fd, IPPROTO_TCP, tcp_ao_abi::kTcpAoAddKey, &add, sizeof(add)) == 0) return Ok();
  return Errno("adding the " + KeyName(key), "TCP_AO_ADD_KEY");
}

Status DelKey(int fd, const IpAddress& peer, const AoKey& key) {
  tcp_ao_del del = MakeAoDel(peer, key);
  if (set_sock_opt(fd, IPPROTO_TCP, tcp_ao_abi::kTcpAoDelKey, &del, sizeof(del)) == 0) return Ok();
  return Errno("deleting the " + KeyName(key), "TCP_AO_DEL_KEY");
}

bool Has(const std::vector<AoKey>& keys, const AoKey& k) {
  return std::find(keys.begin(), keys.end(), k) != keys.end();
}

}  // namespace

void SetAoSetSockOptForTesting(SetSockOptFn fn) { set_sock_opt = fn ? fn : ::setsockopt; }

AoKey ToAoKey(const config::TcpAoKey& key) {
  AoKey k;
  k.send_id = key.send_id;
  k.receive_id = key.receive_id;
  // RFC 5926's two, and HMAC-SHA-256 truncated to 128 bits.
  switch (key.algorithm) {
    case config::TcpAoAlgorithm::kHmacSha1_96: k.algorithm = "hmac(sha1)"; break;
    case config::TcpAoAlgorithm::kAes128Cmac96: k.algorithm = "cmac(aes128)"; break;
    case config::TcpAoAlgorithm::kHmacSha256_128:
      k.algorithm = "hmac(sha256)";
      k.mac_length = 16;
      break;
  }
  k.secret = key.secret;
  return k;
}

SocketKeys KeysFor(const config::NeighborConfig& n) {
  SocketKeys keys;
  keys.md5 = n.md5.key;
  const config::TcpAoKey* current = n.tcp_ao.Current();
  for (const config::TcpAoKey& k : n.tcp_ao.keys) {
    if (&k == current) keys.current = keys.ao.size();
    keys.ao.push_back(ToAoKey(k));
  }
  return keys;
}

tcp_ao_add MakeAoAdd(const IpAddress& peer, const AoKey& key, bool set_current) {
  tcp_ao_add add{};
  add.prefix = SetAddress(&add.addr, peer);
  std::memcpy(add.alg_name, key.algorithm.data(), std::min(key.algorithm.size(), sizeof(add.alg_name) - 1));
  add.set_current = set_current;
  add.set_rnext = set_current;
  add.sndid = key.send_id;
  add.rcvid = key.receive_id;
  add.maclen = key.mac_length;
  size_t len = std::min(key.secret.size(), tcp_ao_abi::kTcpAoMaxKeyLen);
  add.keylen = static_cast<uint8_t>(len);
  std::memcpy(add.key, key.secret.data(), len);
  return add;
}

tcp_ao_del MakeAoDel(const IpAddress& peer, const AoKey& key) {
  tcp_ao_del del{};
  del.prefix = SetAddress(&del.addr, peer);
  del.sndid = key.send_id;
  del.rcvid = key.receive_id;
  return del;
}

tcp_ao_info_opt MakeAoInfo(const AoKey& key, bool set_current) {
  tcp_ao_info_opt info{};
  info.set_current = set_current;
  info.set_rnext = 1;
  info.current_key = set_current ? key.send_id : 0;
  info.rnext = key.receive_id;
  return info;
}

Status SetAoCurrent(int fd, const AoKey& key, bool set_current) {
  tcp_ao_info_opt info = MakeAoInfo(key, set_current);
  if (set_sock_opt(fd, IPPROTO_TCP, tcp_ao_abi::kTcpAoInfo, &info, sizeof(info)) == 0) return Ok();
  return Errno("making the " + KeyName(key) + " current", "TCP_AO_INFO");
}

Status ChangeKeys(int fd, const IpAddress& peer, const SocketKeys& from, const SocketKeys& to, bool listening) {
  if (from == to) return Ok();
  // MD5 off before TCP-AO on (the kernel refuses both for one peer).
  if (!from.md5.empty() && to.md5 != from.md5 && to.md5.empty())
    if (Status s = SetMd5Key(fd, peer, ""); !s) return s;
  auto remove = [&]() -> Status {
    for (const AoKey& k : from.ao)
      if (!Has(to.ao, k))
        if (Status s = DelKey(fd, peer, k); !s) return s;
    return Ok();
  };
  if (listening)
    if (Status s = remove(); !s) return s;
  // A connection without keys yet takes its current key as it is added.
  const bool fresh = from.ao.empty();
  for (size_t i = 0; i < to.ao.size(); ++i)
    if (!Has(from.ao, to.ao[i]))
      if (Status s = AddKey(fd, peer, to.ao[i], fresh && !listening && i == to.current); !s) return s;
  if (!listening && !fresh) {
    // Also when it did not change: the kernel follows the peer's RNext, so
    // the current key may not be the one herald last set.
    if (!to.ao.empty())
      if (Status s = SetAoCurrent(fd, to.ao[to.current], true); !s) return s;
    if (Status s = remove(); !s) return s;
  }
  if (!to.md5.empty() && to.md5 != from.md5)
    if (Status s = SetMd5Key(fd, peer, to.md5); !s) return s;
  return Ok();
}

}  // namespace herald::net
