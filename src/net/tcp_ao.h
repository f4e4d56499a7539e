// TCP-AO (RFC 5925) through Linux's socket options (Linux 6.7 and later).
//
// The C library's kernel headers may predate them (Debian 12 ships those of
// Linux 6.1), so the option numbers and the three structures herald uses
// are written here from the kernel's documented ABI (include/uapi/linux/
// tcp.h and Documentation/networking/tcp_ao.rst), their sizes checked.
// A kernel without TCP-AO (CONFIG_TCP_AO unset, or older than 6.7) refuses
// the options with ENOPROTOOPT.
#pragma once

#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/ip.h"
#include "base/result.h"
#include "config/config.h"

namespace herald::net {

namespace tcp_ao_abi {

inline constexpr int kTcpAoAddKey = 38;   // TCP_AO_ADD_KEY: add a key (struct tcp_ao_add)
inline constexpr int kTcpAoDelKey = 39;   // TCP_AO_DEL_KEY: delete a key (struct tcp_ao_del)
inline constexpr int kTcpAoInfo = 40;     // TCP_AO_INFO: current/rnext keys (struct tcp_ao_info_opt)
inline constexpr int kTcpAoGetKeys = 41;  // TCP_AO_GET_KEYS (unused by herald)
inline constexpr size_t kTcpAoMaxKeyLen = 80;  // TCP_AO_MAXKEYLEN

// struct tcp_ao_add
struct alignas(8) tcp_ao_add {
  sockaddr_storage addr;  // the peer's address (port 0)
  char alg_name[64];      // the kernel's crypto name: "hmac(sha1)", "cmac(aes128)"
  int32_t ifindex;        // L3 device (VRF); 0: any
  uint32_t set_current : 1, set_rnext : 1, reserved : 30;
  uint16_t reserved2;
  uint8_t prefix;  // the address's prefix length
  uint8_t sndid;
  uint8_t rcvid;
  uint8_t maclen;
  uint8_t keyflags;
  uint8_t keylen;
  uint8_t key[kTcpAoMaxKeyLen];
};

// struct tcp_ao_del
struct alignas(8) tcp_ao_del {
  sockaddr_storage addr;
  int32_t ifindex;
  uint32_t set_current : 1, set_rnext : 1, del_async : 1, reserved : 29;
  uint16_t reserved2;
  uint8_t prefix;
  uint8_t sndid;
  uint8_t rcvid;
  uint8_t current_key;  // with set_current: the send-id to send with after
  uint8_t rnext;        // with set_rnext: the receive-id to ask the peer for
  uint8_t keyflags;
};

// struct tcp_ao_info_opt
struct alignas(8) tcp_ao_info_opt {
  uint32_t set_current : 1, set_rnext : 1, ao_required : 1, set_counters : 1, accept_icmps : 1, reserved : 27;
  uint16_t reserved2;
  uint8_t current_key;  // a send-id
  uint8_t rnext;        // a receive-id
  uint64_t pkt_good;
  uint64_t pkt_bad;
  uint64_t pkt_key_not_found;
  uint64_t pkt_ao_required;
  uint64_t pkt_dropped_icmp;
};

static_assert(sizeof(sockaddr_storage) == 128);
static_assert(sizeof(tcp_ao_add) == 288);
static_assert(sizeof(tcp_ao_del) == 144);
static_assert(sizeof(tcp_ao_info_opt) == 48);
static_assert(offsetof(tcp_ao_add, ifindex) == 192);
static_assert(offsetof(tcp_ao_add, prefix) == 202);
static_assert(offsetof(tcp_ao_add, key) == 208);
static_assert(offsetof(tcp_ao_del, prefix) == 138);
static_assert(offsetof(tcp_ao_info_opt, current_key) == 6);
static_assert(offsetof(tcp_ao_info_opt, pkt_good) == 8);

}  // namespace tcp_ao_abi

// One key (an MKT, RFC 5925 §3.1) as the kernel takes it.
struct AoKey {
  uint8_t send_id = 0;
  uint8_t receive_id = 0;
  std::string algorithm;  // the kernel's crypto name
  uint8_t mac_length = 12;
  std::string secret;
  friend bool operator==(const AoKey&, const AoKey&) = default;
};

// The keys a socket has for one peer: a TCP MD5 key, or TCP-AO keys and
// the one sent with (`current`, an index into `ao`).
struct SocketKeys {
  std::string md5;
  std::vector<AoKey> ao;
  size_t current = 0;
  bool empty() const { return md5.empty() && ao.empty(); }
  friend bool operator==(const SocketKeys&, const SocketKeys&) = default;
};

// What a neighbor's configuration asks for.
SocketKeys KeysFor(const config::NeighborConfig& n);
AoKey ToAoKey(const config::TcpAoKey& key);

// The structures for a peer (a /32 or /128 key).
tcp_ao_abi::tcp_ao_add MakeAoAdd(const IpAddress& peer, const AoKey& key, bool set_current);
tcp_ao_abi::tcp_ao_del MakeAoDel(const IpAddress& peer, const AoKey& key);
// TCP_AO_INFO: ask the peer for `key` (RNextKeyID = its receive-id) and,
// with `set_current`, send with it (its send-id).
tcp_ao_abi::tcp_ao_info_opt MakeAoInfo(const AoKey& key, bool set_current);

// Changes the keys of `fd` for `peer` from `from` to `to`. A listening
// socket (whose accepted connections inherit its keys, and which has no
// current key) has its removed keys deleted first; a connection gets the
// new ones, then its current and rnext key switched, then the removed
// ones deleted (the kernel refuses to delete the current key).
Status ChangeKeys(int fd, const IpAddress& peer, const SocketKeys& from, const SocketKeys& to, bool listening);

// Tests watch the options set (the kernel here may lack TCP-AO): every
// TCP_AO_* setsockopt goes through this function, ::setsockopt by default.
using SetSockOptFn = int (*)(int fd, int level, int name, const void* value, socklen_t length);
void SetAoSetSockOptForTesting(SetSockOptFn fn);

// The current (with `set_current`) and rnext keys of a connection. Without
// it, the kernel keeps sending with the key the peer asks for.
Status SetAoCurrent(int fd, const AoKey& key, bool set_current);

}  // namespace herald::net
