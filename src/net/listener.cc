#include "net/listener.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/log.h"
#include "net/peer.h"
#include "net/socket_options.h"

namespace herald::net {

using log::Category;

asio::ip::address ToAsio(const IpAddress& ip) {
  if (ip.is_v4()) return asio::ip::make_address_v4(ip.v4());
  asio::ip::address_v6::bytes_type b;
  std::copy(ip.data(), ip.data() + 16, b.begin());
  return asio::ip::make_address_v6(b);
}

IpAddress FromAsio(const asio::ip::address& a) {
  if (a.is_v4()) return IpAddress::V4(a.to_v4().to_uint());
  auto v6 = a.to_v6();
  if (v6.is_v4_mapped())
    return IpAddress::V4(asio::ip::make_address_v4(asio::ip::v4_mapped, v6).to_uint());
  auto b = v6.to_bytes();
  return IpAddress::FromBytes(ByteSpan(b.data(), b.size()));
}

Status ListenerSecurity::Set(uint32_t owner, const IpAddress& peer, SocketKeys keys, int min_ttl) {
  std::optional<Entry> old;
  if (auto it = entries_.find(owner); it != entries_.end()) old = it->second;
  if (old && old->peer == peer && old->keys == keys && old->min_ttl == min_ttl) return Ok();
  Entry e{peer, std::move(keys), min_ttl, ++serial_};
  if (old) {
    if (!old->keys.empty()) keyed_[old->peer].erase(old->serial);
    minimums_[old->peer.is_v6()].erase(minimums_[old->peer.is_v6()].find(old->min_ttl));
  }
  if (!e.keys.empty()) keyed_[peer][e.serial] = owner;
  minimums_[peer.is_v6()].insert(min_ttl);
  bool had_key = old && !old->keys.empty();
  bool key_changed = had_key || !e.keys.empty();
  entries_[owner] = std::move(e);

  std::string errors;
  auto add = [&](const Status& s) {
    if (!s) errors += (errors.empty() ? "" : "; ") + s.error().message;
  };
  if (had_key && old->peer != peer) add(ApplyKey(old->peer));
  if (key_changed) add(ApplyKey(peer));
  if (old && old->peer.is_v6() != peer.is_v6()) add(ApplyMinTtl(old->peer.is_v6()));
  add(ApplyMinTtl(peer.is_v6()));
  if (!errors.empty()) return Fail(errors);
  return Ok();
}

void ListenerSecurity::Remove(uint32_t owner) {
  auto it = entries_.find(owner);
  if (it == entries_.end()) return;
  Entry e = std::move(it->second);
  entries_.erase(it);
  std::multiset<int>& mins = minimums_[e.peer.is_v6()];
  mins.erase(mins.find(e.min_ttl));
  if (!e.keys.empty()) {
    auto k = keyed_.find(e.peer);
    k->second.erase(e.serial);
    if (k->second.empty()) keyed_.erase(k);
    if (Status s = ApplyKey(e.peer); !s)
      log::Warn(Category::kNetwork, "listener: {} for {}", s.error().message, e.peer.ToString());
  }
  if (Status s = ApplyMinTtl(e.peer.is_v6()); !s) log::Warn(Category::kNetwork, "listener: {}", s.error().message);
}

Status ListenerSecurity::AddSocket(int fd, bool v6) {
  sockets_.emplace_back(fd, v6);
  std::string errors;
  for (const auto& [peer, keys] : applied_) {
    if (peer.is_v6() != v6) continue;
    if (Status s = ChangeKeys(fd, peer, SocketKeys{}, keys, true); !s)
      errors += fmt::format("{}{} for {}", errors.empty() ? "" : "; ", s.error().message, peer.ToString());
  }
  int min = ListenerMinTtl(v6);
  if (min)
    if (Status s = SetMinTtl(fd, v6, min); !s) errors += (errors.empty() ? "" : "; ") + s.error().message;
  if (!errors.empty()) return Fail(errors);
  return Ok();
}

Status ListenerSecurity::ApplyKey(const IpAddress& peer) {
  SocketKeys keys;
  if (auto k = keyed_.find(peer); k != keyed_.end() && !k->second.empty())
    keys = entries_.at(k->second.rbegin()->second).keys;
  SocketKeys had;
  if (auto a = applied_.find(peer); a != applied_.end()) had = a->second;
  // Recorded before the sockets take them: a socket that refused them is
  // told again (from nothing) only when a listener is added.
  if (keys.empty()) applied_.erase(peer);
  else applied_[peer] = keys;
  std::string errors;
  for (const auto& [fd, v6] : sockets_)
    if (v6 == peer.is_v6())
      if (Status s = ChangeKeys(fd, peer, had, keys, true); !s)
        errors += (errors.empty() ? "" : "; ") + s.error().message;
  if (!errors.empty()) return Fail(errors);
  return Ok();
}

int ListenerSecurity::ListenerMinTtl(bool v6) const {
  return minimums_[v6].empty() ? 0 : *minimums_[v6].begin();
}

Status ListenerSecurity::ApplyMinTtl(bool v6) {
  int min = ListenerMinTtl(v6);
  if (min == applied_min_[v6]) return Ok();
  applied_min_[v6] = min;
  for (const auto& [fd, family] : sockets_)
    if (family == v6)
      if (Status s = SetMinTtl(fd, v6, min); !s) return s;
  return Ok();
}

Listener::Listener(asio::io_context& io, Match match) : io_(io), match_(std::move(match)) {}

Listener::~Listener() {
  Close();
  security_->ForgetSockets();
}

Status Listener::Listen(const IpAddress& address, uint16_t port) {
  asio::ip::tcp::endpoint ep(ToAsio(address), port);
  auto acceptor = std::make_unique<asio::ip::tcp::acceptor>(io_);
  asio::error_code ec;
  acceptor->open(ep.protocol(), ec);
  if (!ec) acceptor->set_option(asio::ip::tcp::acceptor::reuse_address(true), ec);
  if (!ec && address.is_v6()) acceptor->set_option(asio::ip::v6_only(true), ec);
  if (!ec) acceptor->bind(ep, ec);
  if (!ec) acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Fail(fmt::format("cannot listen on {} port {}: {}", address.ToString(), port, ec.message()));
  }
  log::Info(Category::kNetwork, "listening for BGP sessions on {} port {}", address.ToString(), port);
  // The peers' keys and minimum TTL (peers are made after the listener, and
  // set theirs as they come).
  if (Status s = security_->AddSocket(acceptor->native_handle(), address.is_v6()); !s)
    log::Error(Category::kNetwork, "listening socket {} port {}: {}", address.ToString(), port, s.error().message);
  auto* raw = acceptor.get();
  acceptors_.push_back(std::move(acceptor));
  co_spawn(io_, AcceptLoop(raw), detached);
  return Ok();
}

void Listener::Close() {
  asio::error_code ec;
  security_->ForgetSockets();
  for (auto& a : acceptors_) a->close(ec);
}

std::vector<std::string> Listener::Endpoints() const {
  std::vector<std::string> out;
  asio::error_code ec;
  for (const auto& a : acceptors_) {
    auto ep = a->local_endpoint(ec);
    if (ec) continue;
    out.push_back(ep.address().is_v6() ? fmt::format("[{}]:{}", ep.address().to_string(), ep.port())
                                       : fmt::format("{}:{}", ep.address().to_string(), ep.port()));
  }
  return out;
}

bool Listener::Refusals::Due(uint64_t* count) {
  ++unlogged;
  auto now = std::chrono::steady_clock::now();
  if (now - logged < std::chrono::seconds(10) && logged != std::chrono::steady_clock::time_point{}) return false;
  *count = unlogged;
  logged = now;
  unlogged = 0;
  return true;
}

bool Listener::Allowed(const IpAddress& remote) {
  if (acl_.empty()) return true;
  for (const Prefix& p : acl_)
    if (p.Contains(remote)) return true;
  ++refused_by_acl_;
  if (uint64_t n = 0; acl_refusals_.Due(&n))
    log::Warn(Category::kNetwork, "connection from {} refused by tcp.acl ({} refused since the last such line)",
              remote.ToString(), n);
  return false;
}

awaitable<void> Listener::AcceptLoop(asio::ip::tcp::acceptor* acceptor) {
  while (acceptor->is_open()) {
    auto [ec, socket] = co_await acceptor->async_accept(use_nothrow);
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor->is_open()) co_return;
      log::Warn(Category::kNetwork, "accept failed: {}", ec.message());
      continue;
    }
    asio::error_code e1, e2;
    auto remote = socket.remote_endpoint(e1);
    auto local = socket.local_endpoint(e2);
    if (e1 || e2) continue;
    IpAddress remote_ip = FromAsio(remote.address());
    IpAddress local_ip = FromAsio(local.address());
    if (!Allowed(remote_ip)) {
      socket.close(e1);
      continue;
    }
    Peer* peer = match_(remote_ip, local_ip, local.port());
    if (!peer) {
      if (uint64_t n = 0; unknown_refusals_.Due(&n))
        log::Info(Category::kNetwork,
                  "connection from {} to {} refused: no neighbor configured for it ({} such since the last line)",
                  remote_ip.ToString(), local_ip.ToString(), n);
      socket.close(e1);
      continue;
    }
    peer->Accept(std::move(socket));
  }
}

}  // namespace herald::net
