// Listener: accepts BGP connections on the configured addresses and hands
// each to the Peer it belongs to (matched on the remote address, and on the
// local address for neighbors that set one). Connections nobody expects are
// closed at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "base/ip.h"
#include "base/result.h"
#include "net/asio.h"
#include "net/tcp_ao.h"

namespace herald::net {

class Peer;

// What the listening sockets must know of the peers before a connection is
// accepted: each peer's TCP MD5 or TCP-AO keys (the kernel checks the SYN
// against them; accepted connections inherit them) and minimum TTL. Shared by the listener and the peers, which set and
// remove their entries as they come, change and go (a peer may outlive the
// listener at shutdown: then there are no sockets left to change).
//
// Keys are per peer address: TCP_MD5SIG and TCP_AO_ADD_KEY on a listening
// socket key on the remote address. IP_MINTTL on a listening socket is one value for every
// peer, so the listener gets the smallest minimum of the peers of its
// address family (0 unless every one of them asks for one): when all
// agree, the kernel drops a too-distant SYN before any handshake; a peer
// whose minimum is above the listener's gets its own on the accepted
// socket (Peer::Accept), before anything is read from it, so that its
// later segments (and the peer's replies to the OPEN) are dropped and the
// session cannot come up.
class ListenerSecurity {
 public:
  // Returns an error (each socket that refused the key) for the peer to log.
  Status Set(uint32_t owner, const IpAddress& peer, SocketKeys keys, int min_ttl);
  void Remove(uint32_t owner);
  // A new listening socket gets every key and the minimum TTL.
  Status AddSocket(int fd, bool v6);
  void ForgetSockets() { sockets_.clear(); }
  // The minimum TTL the listeners of that family get.
  int ListenerMinTtl(bool v6) const;

 private:
  struct Entry {
    IpAddress peer;
    SocketKeys keys;
    int min_ttl = 0;
    uint64_t serial = 0;  // when set: the last key set for an address wins
  };
  // Each socket of the address's family gets the keys for it: the last ones
  // set among its owners (none: the keys are removed).
  Status ApplyKey(const IpAddress& peer);
  // Each socket of the family gets the lowest minimum, when it changed.
  Status ApplyMinTtl(bool v6);

  std::map<uint32_t, Entry> entries_;
  // Owners with a key, by address then by serial.
  std::map<IpAddress, std::map<uint64_t, uint32_t>> keyed_;
  // The keys the sockets have, by address.
  std::map<IpAddress, SocketKeys> applied_;
  std::multiset<int> minimums_[2];  // [v6]
  int applied_min_[2] = {0, 0};     // what the sockets have
  uint64_t serial_ = 0;
  std::vector<std::pair<int, bool>> sockets_;
};

class Listener {
 public:
  // Returns the peer for a connection from `remote` to `local`:`port`, or null.
  using Match = std::function<Peer*(const IpAddress& remote, const IpAddress& local, uint16_t port)>;

  Listener(asio::io_context& io, Match match);
  ~Listener();

  // Starts listening on address:port (SO_REUSEADDR; IPv6 sockets are v6-only).
  Status Listen(const IpAddress& address, uint16_t port);
  // Stops accepting; sockets already handed to peers are theirs.
  void Close();
  // Addresses being listened on, as "addr:port" / "[addr]:port".
  std::vector<std::string> Endpoints() const;
  // tcp.acl: a connection from an address outside `prefixes` is closed at
  // once (before any neighbor lookup or read), and counted in a log line at
  // most every 10 s. Empty: no such check.
  void SetAcl(std::vector<Prefix> prefixes) { acl_ = std::move(prefixes); }
  uint64_t refused_by_acl() const { return refused_by_acl_; }
  // Per-peer TCP MD5 / TCP-AO keys and minimum TTLs of the listening sockets.
  const std::shared_ptr<ListenerSecurity>& security() const { return security_; }

 private:
  awaitable<void> AcceptLoop(asio::ip::tcp::acceptor* acceptor);

  asio::io_context& io_;
  Match match_;
  std::vector<std::unique_ptr<asio::ip::tcp::acceptor>> acceptors_;
  std::shared_ptr<ListenerSecurity> security_ = std::make_shared<ListenerSecurity>();
  bool Allowed(const IpAddress& remote);
  // A connection nobody may make is logged at most every 10 s, with the
  // count since the last line: a scan or a misconfigured peer retrying
  // does not flood the log.
  struct Refusals {
    std::chrono::steady_clock::time_point logged{};
    uint64_t unlogged = 0;
    // Counts one; true when a line is due, *count the refusals it reports.
    bool Due(uint64_t* count);
  };
  std::vector<Prefix> acl_;
  uint64_t refused_by_acl_ = 0;
  Refusals acl_refusals_;
  Refusals unknown_refusals_;  // no neighbor configured for the addresses
};

// Conversions between herald's and Asio's address types.
asio::ip::address ToAsio(const IpAddress& ip);
IpAddress FromAsio(const asio::ip::address& address);

}  // namespace herald::net
