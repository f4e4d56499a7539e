#include "net/peer.h"

#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/ip.h>

#include <algorithm>
#include <ctime>

#include "base/hex.h"
#include "base/log.h"
#include "net/connection.h"
#include "net/listener.h"
#include "net/socket_options.h"
#include "rib/blame.h"

namespace herald::net {
namespace {

using Clock = std::chrono::steady_clock;
using log::Category;

constexpr std::chrono::seconds kConnectTimeout{10};
// A session the peer ends with a NOTIFICATION within kStableSession of
// coming up is damped: the next session waits 1 s, then 2, 4, ... up to
// kMaxDamping (ExaBGP's longest reconnect delay); a session that lasts
// kStableSession clears the damping.
constexpr std::chrono::seconds kStableSession{60};
constexpr std::chrono::seconds kFirstDamping{1};
constexpr std::chrono::seconds kMaxDamping{60};

}  // namespace

Peer::Peer(asio::io_context& io, uint32_t id, config::NeighborConfig config, PeerSettings settings,
           PeerEvents* events, rib::AttrPool* pool)
    : io_(io),
      id_(id),
      config_(std::move(config)),
      settings_(settings),
      events_(events),
      rib_(pool),
      backoff_(settings.first_backoff, settings.max_backoff),
      retry_timer_(io),
      resume_timer_(io),
      damp_(kFirstDamping, kMaxDamping) {
  info_.id = id_;
  info_.peer_address = config_.peer_address;
  info_.local_address = config_.local_address.value_or(IpAddress());
  info_.local_as = config_.local_as;
  info_.peer_as = config_.peer_as;
  info_.router_id = config_.router_id;
  RegisterWithListener();
}

Peer::~Peer() {
  if (settings_.listener_security) settings_.listener_security->Remove(id_);
}

void Peer::set_config(config::NeighborConfig config) {
  // (Whether the session restarts is the caller's: config::SameSession.)
  bool listener = config.md5 != config_.md5 || config.tcp_ao != config_.tcp_ao ||
                  config.ttl_security != config_.ttl_security || config.incoming_ttl != config_.incoming_ttl;
  // TCP-AO keys roll over on the live connections (when the session goes
  // on: otherwise the reset closes them).
  bool rollover = config.tcp_ao != config_.tcp_ao && config::SameSession(config_, config);
  SocketKeys old_keys = KeysFor(config_);
  config_ = std::move(config);
  if (listener) RegisterWithListener();
  if (rollover) RollKeys(old_keys);
}

void Peer::RollKeys(const SocketKeys& old_keys) {
  SocketKeys keys = KeysFor(config_);
  auto roll = [&](int fd, const char* which) {
    if (fd < 0) return;
    if (herald::Status s = ChangeKeys(fd, config_.peer_address, old_keys, keys, false); !s)
      log::Error(Category::kNetwork, "{}: TCP-AO keys of the {} connection: {}", LogName(), which, s.error().message);
    else
      log::Info(Category::kNetwork, "{}: TCP-AO keys of the {} connection changed (sending with key {})", LogName(),
                which, config_.tcp_ao.current);
  };
  for (auto& c : connections_)
    roll(c->native_handle(), c->state() == session::State::kEstablished ? "established" : "opening");
  if (connecting_ && connecting_->is_open()) roll(connecting_->native_handle(), "connecting");
}

void Peer::RegisterWithListener() {
  if (!settings_.listener_security) return;
  SocketKeys keys = KeysFor(config_);
  bool keyed = !keys.empty();
  herald::Status s =
      settings_.listener_security->Set(id_, config_.peer_address, std::move(keys), TtlFor(config_, true).minimum);
  listener_key_failed_ = !s && keyed;
  if (!s)
    log::Error(Category::kNetwork, "{}: listening sockets: {}{}", LogName(), s.error().message,
               listener_key_failed_ ? "; incoming connections from it are refused" : "");
}

herald::Status Peer::Secure(asio::ip::tcp::socket& socket, const IpAddress& remote, bool accepted) {
  int fd = socket.native_handle();
  bool v6 = remote.is_v6();
  // An accepted socket has the listener's keys for this address already,
  // and sends with the one the peer asks for: herald asks for its current
  // key in return (RNextKeyID).
  SocketKeys keys = KeysFor(config_);
  if (!accepted && !keys.empty())
    if (herald::Status s = ChangeKeys(fd, remote, SocketKeys{}, keys, false); !s) return s;
  if (accepted && !keys.ao.empty())
    if (herald::Status s = SetAoCurrent(fd, keys.ao[keys.current], false); !s) return s;
  TtlPolicy ttl = TtlFor(config_, accepted);
  if (ttl.outgoing)
    if (herald::Status s = SetTtl(fd, v6, ttl.outgoing); !s) return s;
  if (ttl.minimum)
    if (herald::Status s = SetMinTtl(fd, v6, ttl.minimum); !s) return s;
  return Ok();
}

std::string Peer::Name() const {
  return fmt::format("neighbor {} local-ip {} local-as {} peer-as {} router-id {} family-allowed in-open",
                     config_.peer_address.ToString(),
                     config_.local_address ? config_.local_address->ToString() : "auto",
                     config_.local_as, config_.peer_as, config_.router_id.ToString());
}

std::string Peer::LogName() const {
  return fmt::format("neighbor {} AS {}", config_.peer_address.ToString(), config_.peer_as);
}

session::SessionConfig Peer::MakeSessionConfig(const asio::ip::tcp::socket& socket) const {
  session::SessionConfig s;
  asio::error_code ec;
  if (auto local = socket.local_endpoint(ec); !ec) s.local_address = FromAsio(local.address());
  if (auto remote = socket.remote_endpoint(ec); !ec) s.peer_address = FromAsio(remote.address());
  s.local_as = config_.local_as;
  s.peer_as = config_.peer_as;
  s.router_id = config_.router_id.is_v4() ? config_.router_id.v4() : 0;
  s.hold_time = config_.hold_time;
  s.asn4 = config_.capability.asn4;
  s.route_refresh = config_.capability.route_refresh;
  s.operational = config_.capability.operational;
  s.extended_message = config_.capability.extended_message;
  s.graceful_restart = config_.capability.graceful_restart;
  s.multi_session = config_.capability.multi_session;
  s.software_version = config_.capability.software_version;
  s.aigp = config_.capability.aigp;
  s.families = config_.families;
  s.add_path = config_.capability.add_path;
  s.add_path_families = config_.add_path_families;
  s.extended_next_hop = config::ExtendedNextHop(config_);
  s.role = config_.capability.role;
  s.role_strict = config_.capability.role_strict;
  s.host_name = config_.host_name;
  s.domain_name = config_.domain_name;
  return s;
}

void Peer::Start() {
  if (config_.passive || connecting_loop_) return;
  connecting_loop_ = true;
  ++running_;
  co_spawn(io_, ConnectLoop(), detached);
}

session::State Peer::state() const {
  session::State best = session::State::kIdle;
  for (const auto& c : connections_) best = std::max(best, c->state());
  if (best == session::State::kIdle && connecting_) return session::State::kConnect;
  if (best == session::State::kIdle && !config_.passive && !stopping_ && !gave_up_)
    return session::State::kActive;
  return best;
}

bool Peer::established() const {
  for (const auto& c : connections_)
    if (c->state() == session::State::kEstablished) return true;
  return false;
}

std::optional<rib::PeerContext> Peer::SessionContext() const {
  for (const auto& c : connections_)
    if (c->state() == session::State::kEstablished) return ExportContext(*c);
  return std::nullopt;
}

std::vector<wire::Family> Peer::negotiated_families() const {
  for (const auto& c : connections_)
    if (c->state() == session::State::kEstablished) return c->fsm().negotiated().families;
  return {};
}

void Peer::Flush() {
  for (const auto& c : connections_)
    if (c->state() == session::State::kEstablished) c->Kick();
}

void Peer::ResumeReading() {
  for (const auto& c : connections_) c->Resume();
}

bool Peer::RequestRefresh(wire::Family family) {
  for (const auto& c : connections_) {
    if (c->state() != session::State::kEstablished) continue;
    const wire::Negotiated& n = c->fsm().negotiated();
    if (!n.route_refresh || !n.Has(family)) return false;
    c->SendRefresh(family, wire::RouteRefresh::Subtype::kNormal);
    return true;
  }
  return false;
}

std::string Peer::SendOperational(const wire::Operational& operational, wire::Family family) {
  if (!config_.capability.operational) return "the neighbor does not have capability { operational; }";
  if (std::find(config_.families.begin(), config_.families.end(), family) == config_.families.end())
    return "the family " + family.Name() + " is not configured on the neighbor";
  for (const auto& c : connections_) {
    if (c->state() != session::State::kEstablished) continue;
    c->SendOperational(operational);
    return {};
  }
  // As ExaBGP does: kept until the session is established.
  log::Info(Category::kReactor, "{}: operational message queued until the session is established", LogName());
  pending_operational_.push_back(operational);
  return {};
}

rib::PeerContext Peer::ExportContext(const Connection& c) const {
  rib::PeerContext p;
  p.negotiated = c.fsm().negotiated();
  IpAddress local = FromAsio(c.local().address());
  if (local.is_v4()) p.self_v4 = local;
  else p.self_v6 = local;
  p.group_updates = config_.group_updates;
  return p;
}

void Peer::LogRefused(const rib::DrainStats& stats) {
  for (const auto& [nlri, why] : stats.refused)
    log::Error(Category::kRoutes, "{}: route {} not sent: {}", LogName(), nlri.prefix.ToString(), why);
  for (const auto& r : stats.refused_generic)
    log::Error(Category::kRoutes, "{}: {} route (NLRI {}) not sent: {}", LogName(), r.family.Name(),
               ToHex(r.nlri.bytes), r.why);
}

void Peer::Damp(const Connection& c) {
  const auto up = Clock::now() - established_at_;
  const auto& n = c.received_notification();
  if (up >= kStableSession) damp_.Reset();
  // A peer that ends the session in the first minute with a NOTIFICATION
  // other than an administrative Cease most likely objects to something
  // herald sent: reconnecting at once would only repeat it.
  bool administrative = n && n->code == static_cast<uint8_t>(wire::ErrorCode::kCease) && n->subcode != 1;
  if (!n || administrative || up >= kStableSession) return;
  auto delay = damp_.Next();
  damped_until_ = Clock::now() + delay;
  std::string blamed;
  if (auto code = rib::BlamedAttribute(*n)) {
    rib::Blamed b = rib::RoutesCarrying(rib_, ExportContext(c), *code, 3);
    blamed = fmt::format("; attribute {} is in {} of herald's routes", *code, b.total);
    for (size_t i = 0; i < b.routes.size(); ++i)
      blamed += fmt::format("{}{}", i ? ", " : ": ", b.routes[i].second.prefix.ToString());
    if (b.total > b.routes.size()) blamed += ", ...";
  }
  log::Error(Category::kReactor,
             "{}: the peer ended the session {} s after it came up with NOTIFICATION ({},{}) {} / {}, data 0x{}{}; "
             "next session in {} s at the earliest",
             LogName(), std::chrono::duration_cast<std::chrono::seconds>(up).count(), n->code, n->subcode,
             n->CodeName(), n->SubcodeName(), ToHex(n->data), blamed,
             std::chrono::duration_cast<std::chrono::seconds>(delay).count());
}

Connection* Peer::Other(const Connection* c) const {
  for (const auto& o : connections_)
    if (o.get() != c) return o.get();
  return nullptr;
}

void Peer::OnConnectionUp(Connection* c) {
  log::Info(Category::kNetwork, "{}: {} connection {} -> {}", LogName(),
            c->outgoing() ? "outgoing" : "incoming", c->local().address().to_string(),
            c->remote().address().to_string());
  if (announced_connected_) return;
  announced_connected_ = true;
  info_.local_address = FromAsio(c->local().address());
  events_->OnConnected(*this);
}

void Peer::OnConnectionState(Connection* c, session::State state, const std::string& reason) {
  // Every transition at debug level; arriving and leaving at info.
  log::Log(Category::kReactor,
           state == session::State::kEstablished || state == session::State::kIdle
               ? log::Level::kInfo
               : log::Level::kDebug,
           "{}: {} ({})", LogName(), session::StateName(state), reason);
  if (state == session::State::kOpenConfirm && c->fsm().agreement())
    events_->OnNegotiated(*this, ViewOf(*c->fsm().agreement()));
  ReportFsm(state);
  switch (state) {
    case session::State::kOpenConfirm: {
      Connection* o = Other(c);
      if (!o || o->state() < session::State::kOpenSent) break;
      wire::Notification cease = wire::Notification::Cease(wire::CeaseSubcode::kConnectionCollisionResolution);
      if (o->state() == session::State::kEstablished) {
        c->Stop(cease, "connection collision with an established session");
        break;
      }
      session::Survivor s = session::ResolveCollision(
          config_.router_id.is_v4() ? config_.router_id.v4() : 0, c->fsm().agreement()->peer_bgp_id,
          config_.local_as, config_.peer_as);
      bool keep_local = s == session::Survivor::kLocallyInitiated;
      Connection* loser = (c->outgoing() == keep_local) ? o : c;
      loser->Stop(cease, "connection collision");
      break;
    }
    case session::State::kEstablished: {
      backoff_.Reset();
      established_at_ = Clock::now();
      ++counters_.established;
      attempts_ = 0;
      if (Connection* o = Other(c))
        o->Stop(wire::Notification::Cease(wire::CeaseSubcode::kConnectionCollisionResolution),
                "connection collision with an established session");
      const wire::Negotiated& n = c->fsm().negotiated();
      const session::Agreement& a = *c->fsm().agreement();
      for (const wire::Family& f : a.only_local)
        log::Info(Category::kReactor, "{}: the peer did not announce family {}", LogName(), f.Name());
      for (const wire::Family& f : a.only_peer)
        log::Info(Category::kReactor, "{}: the peer announced family {} which is not configured",
                  LogName(), f.Name());
      info_.local_address = FromAsio(c->local().address());
      info_.peer_as = n.peer_as;
      log::Debug(Category::kReactor, "{}: negotiated hold time {}s, families {}", LogName(), a.hold_time,
                 n.families.size());
      rib_.Start(n.families, config_.manual_eor);
      events_->OnUp(*this);
      for (const wire::Operational& op : pending_operational_) c->SendOperational(op);
      pending_operational_.clear();
      c->Kick();
      break;
    }
    case session::State::kIdle:
      if (c->was_established()) {
        down_since_ = Clock::now();
        Damp(*c);
        rib_.Stop();
        // `adj-rib-out false`: the next session starts from nothing (static
        // routes included, as in ExaBGP); the processes announce again.
        if (!config_.adj_rib_out) rib_.WithdrawAll();
        events_->OnSessionEnded(*this);
      }
      break;
    default:
      break;
  }
}

void Peer::OnRouteRefresh(Connection* c, wire::Family family) {
  const session::Agreement& a = *c->fsm().agreement();
  if (!a.negotiated.Has(family)) {
    log::Warn(Category::kReactor, "{}: ROUTE-REFRESH for {} which was not negotiated, ignored", LogName(),
              family.Name());
    return;
  }
  log::Info(Category::kReactor, "{}: ROUTE-REFRESH for {}: sending the routes again", LogName(),
            family.Name());
  // RFC 7313 §4: bracket the routes with Begin-of-RIB and End-of-RIB
  // markers; the adj-RIB-out appends the EoRR after the family's routes.
  if (a.enhanced_route_refresh) c->SendRefresh(family, wire::RouteRefresh::Subtype::kBeginOfRib);
  rib_.Refresh(family, a.enhanced_route_refresh);
  c->Kick();
}

void Peer::ReportFsm(session::State state) {
  // Failed attempts in a row are one ACTIVE.
  if (state == session::State::kActive && reported_ == session::State::kActive) return;
  reported_ = state;
  ++counters_.transitions;
  events_->OnFsm(*this, state);
}

void Peer::Adopt(std::unique_ptr<Connection> c) {
  Connection* raw = c.get();
  connections_.push_back(std::move(c));
  ++running_;
  co_spawn(io_, RunConnection(raw), detached);
}

awaitable<void> Peer::RunConnection(Connection* c) {
  try {
    co_await c->Run();
  } catch (const std::exception& e) {
    // A bug, not an expected event: end this connection only.
    log::Error(Category::kReactor, "{}: internal error, connection reset: {}", LogName(), e.what());
  }
  std::string reason = c->close_reason();
  connections_.erase(std::remove_if(connections_.begin(), connections_.end(),
                                    [c](const auto& p) { return p.get() == c; }),
                     connections_.end());
  if (connections_.empty() && announced_connected_) {
    announced_connected_ = false;
    events_->OnDown(*this, reason.empty() ? "closing connection" : reason);
  }
  retry_timer_.cancel();  // the connect loop may try again
  --running_;
  CheckDone();
}

void Peer::Accept(asio::ip::tcp::socket socket) {
  asio::error_code ec;
  if (stopping_) {
    socket.close(ec);
    return;
  }
  if (Clock::now() < damped_until_) {
    log::Info(Category::kNetwork, "{}: incoming connection refused: the last session was damped", LogName());
    socket.close(ec);
    return;
  }
  if (established() || connections_.size() >= 2) {
    log::Info(Category::kNetwork, "{}: incoming connection refused: a session is already {}", LogName(),
              established() ? "established" : "being set up twice");
    socket.close(ec);
    return;
  }
  if (listener_key_failed_) {
    log::Error(Category::kNetwork, "{}: incoming connection refused: the TCP MD5 or TCP-AO keys could not be "
               "set on the listening socket", LogName());
    socket.close(ec);
    return;
  }
  if (herald::Status s = Secure(socket, config_.peer_address, true); !s) {
    log::Error(Category::kNetwork, "{}: incoming connection refused: {}", LogName(), s.error().message);
    socket.close(ec);
    return;
  }
  ReportFsm(session::State::kActive);
  ReportFsm(session::State::kConnect);
  session::SessionConfig session_config = MakeSessionConfig(socket);
  Adopt(std::make_unique<Connection>(this, std::move(socket), false, std::move(session_config),
                                     settings_.open_wait));
}

awaitable<void> Peer::ConnectLoop() {
  bool first = true;
  while (!stopping_) {
    // One session at a time: wait while a connection is alive.
    while (!connections_.empty() && !stopping_) {
      retry_timer_.expires_at(Clock::time_point::max());
      co_await retry_timer_.async_wait(use_nothrow);
    }
    if (stopping_) break;
    if (first && settings_.delay_minutes) {
      // tcp.delay: start on a minute that is a multiple of the delay, so that
      // restarted speakers come back together.
      std::time_t now = std::time(nullptr);
      std::tm tm{};
      localtime_r(&now, &tm);
      int wait_min = (settings_.delay_minutes - tm.tm_min % settings_.delay_minutes) %
                     settings_.delay_minutes;
      if (wait_min) {
        auto wait = std::chrono::seconds(wait_min * 60 - tm.tm_sec);
        log::Info(Category::kReactor, "{}: tcp.delay: waiting {}s before connecting", LogName(),
                  wait.count());
        retry_timer_.expires_after(wait);
        co_await retry_timer_.async_wait(use_nothrow);
        if (stopping_) break;
      }
    } else if (!first) {
      auto delay = reset_requested_ ? std::chrono::milliseconds(0) : backoff_.Next();
      reset_requested_ = false;
      auto now = Clock::now();
      if (damped_until_ > now)
        delay = std::max(delay, std::chrono::duration_cast<std::chrono::milliseconds>(damped_until_ - now));
      retry_timer_.expires_after(delay);
      co_await retry_timer_.async_wait(use_nothrow);
      if (stopping_) break;
      if (!connections_.empty()) continue;
    }
    first = false;

    ++attempts_;
    ReportFsm(session::State::kActive);
    asio::ip::tcp::endpoint remote(ToAsio(config_.peer_address),
                                   config_.connect ? config_.connect : settings_.port);
    auto socket = std::make_unique<asio::ip::tcp::socket>(io_);
    asio::error_code ec;
    socket->open(remote.protocol(), ec);
    if (auto bind = config::BindAddress(config_); !ec && bind) {
      // Never leave from an unexpected address.
      socket->bind(asio::ip::tcp::endpoint(ToAsio(*bind), 0), ec);
    }
    bool insecure = false;
    if (!ec) {
      // Before connect(): the SYN is signed, and a SYN-ACK from too far
      // away is dropped.
      if (herald::Status s = Secure(*socket, config_.peer_address, false); !s) {
        log::Error(Category::kNetwork, "{}: not connecting: {}", LogName(), s.error().message);
        insecure = true;
        ec = asio::error::operation_not_supported;
      }
    }
    if (!ec) {
      connecting_ = std::move(socket);
      asio::steady_timer timeout(io_);
      timeout.expires_after(kConnectTimeout);
      auto connect = connecting_->async_connect(remote, asio::experimental::deferred);
      auto expire = timeout.async_wait(asio::experimental::deferred);
      auto group = asio::experimental::make_parallel_group(std::move(connect), std::move(expire));
      auto [order, connect_ec, timer_ec] =
          co_await group.async_wait(asio::experimental::wait_for_one(), use_awaitable);
      socket = std::move(connecting_);
      ec = order[0] == 0 ? connect_ec : asio::error::timed_out;
    }
    if (stopping_) break;
    if (ec) {
      if (!insecure)
        log::Info(Category::kNetwork, "{}: connection to {} port {} failed: {}{}", LogName(),
                  remote.address().to_string(), remote.port(), ec.message(),
                  !config_.md5.key.empty()     ? " (TCP MD5 is on: check the password on both sides)"
                  : config_.tcp_ao.enabled() ? " (TCP-AO is on: check the keys on both sides)"
                                             : "");
      if (settings_.once || (settings_.attempts && attempts_ >= settings_.attempts)) {
        log::Warn(Category::kReactor, "{}: giving up after {} connection attempt(s)", LogName(),
                  attempts_);
        gave_up_ = true;
        events_->OnGaveUp(*this);
        break;
      }
      continue;
    }
    if (established()) {
      // The peer connected to us meanwhile and that session is up (§6.8).
      socket->close(ec);
      continue;
    }
    ReportFsm(session::State::kConnect);
    session::SessionConfig session_config = MakeSessionConfig(*socket);
    Adopt(std::make_unique<Connection>(this, std::move(*socket), true, std::move(session_config),
                                       settings_.open_wait));
    if (settings_.once) {
      // tcp.once: this was the one attempt; wait for the session to end, then stop.
      while (!connections_.empty() && !stopping_) {
        retry_timer_.expires_at(Clock::time_point::max());
        co_await retry_timer_.async_wait(use_nothrow);
      }
      if (!stopping_) {
        gave_up_ = true;
        events_->OnGaveUp(*this);
      }
      break;
    }
  }
  connecting_loop_ = false;
  --running_;
  CheckDone();
}

void Peer::Reset(wire::Notification cease, std::string reason) {
  reset_requested_ = true;
  for (const auto& c : connections_) c->Stop(cease, reason);
}

void Peer::Stop(wire::Notification cease, std::string reason, std::function<void()> done) {
  stopping_ = true;
  on_stopped_ = std::move(done);
  asio::error_code ec;
  if (connecting_) connecting_->close(ec);
  retry_timer_.cancel();
  // Copy: Stop() may end connections synchronously.
  std::vector<Connection*> live;
  for (const auto& c : connections_) live.push_back(c.get());
  for (Connection* c : live) c->Stop(cease, reason);
  CheckDone();
}

void Peer::CheckDone() {
  if (!stopping_ || running_ != 0 || !on_stopped_) return;
  // Run the callback outside of any Peer method: it may destroy the Peer.
  asio::post(io_, std::move(on_stopped_));
  on_stopped_ = nullptr;
}

}  // namespace herald::net
