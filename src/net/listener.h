// Listener: accepts BGP connections on the configured addresses and hands
// each to the Peer it belongs to (matched on the remote address, and on the
// local address for neighbors that set one). Connections nobody expects are
// closed at once.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "base/ip.h"
#include "base/result.h"
#include "net/asio.h"

namespace herald::net {

class Peer;

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

 private:
  awaitable<void> AcceptLoop(asio::ip::tcp::acceptor* acceptor);

  asio::io_context& io_;
  Match match_;
  std::vector<std::unique_ptr<asio::ip::tcp::acceptor>> acceptors_;
};

// Conversions between herald's and Asio's address types.
asio::ip::address ToAsio(const IpAddress& ip);
IpAddress FromAsio(const asio::ip::address& address);

}  // namespace herald::net
