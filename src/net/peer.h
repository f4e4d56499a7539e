// Peer: one configured neighbor. It owns the neighbor's adj-RIB-out, makes
// outgoing connections (unless passive) with backoff, takes incoming ones
// from the listener, resolves collisions between them (RFC 4271 §6.8), and
// runs each connection's session (net/connection.h).
//
// Lifetime: created and destroyed by the daemon. Stop() ends every
// connection (with a Cease) and calls back once nothing of the peer is
// running any more; only then may the Peer be destroyed.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/render.h"
#include "api/show.h"
#include "base/result.h"
#include "config/config.h"
#include "metrics/counters.h"
#include "net/asio.h"
#include "net/peer_events.h"
#include "net/tcp_ao.h"
#include "rib/adj_rib_out.h"
#include "session/collision.h"
#include "session/fsm.h"

namespace herald::net {

class Connection;
class ListenerSecurity;

// Daemon-wide settings a peer needs (from the environment).
struct PeerSettings {
  uint16_t port = 179;        // tcp.port: where to connect unless `connect N`
  uint32_t open_wait = 60;    // bgp.openwait
  uint32_t attempts = 0;      // tcp.attempts (0: forever)
  bool once = false;          // tcp.once: one attempt
  uint32_t delay_minutes = 0; // tcp.delay
  std::chrono::milliseconds first_backoff{1000};
  std::chrono::milliseconds max_backoff{15000};
  // The listener's per-peer keys and TTLs (null: no listener, as in tests).
  std::shared_ptr<ListenerSecurity> listener_security;
};

class Peer {
 public:
  // REQUIRES: pool outlives the peer (its adj-RIB-out refers into it).
  Peer(asio::io_context& io, uint32_t id, config::NeighborConfig config, PeerSettings settings,
       PeerEvents* events, rib::AttrPool* pool);
  ~Peer();
  Peer(const Peer&) = delete;
  Peer& operator=(const Peer&) = delete;

  // Starts connecting (unless passive).
  void Start();
  // Ends every connection with `cease` and stops connecting; `done` runs
  // once nothing of this peer runs any more.
  void Stop(wire::Notification cease, std::string reason, std::function<void()> done);
  // Resets the current session with `cease` (teardown); reconnects afterwards.
  void Reset(wire::Notification cease, std::string reason);
  // An incoming connection the listener matched to this peer.
  void Accept(asio::ip::tcp::socket socket);

  // `enable-sync`: the daemon counts the changes it gives the adj-RIB-out
  // (NoteChange returns the count so far); written() is the count the
  // established session's writer has put on the wire (all sent, socket
  // write done), reported through PeerEvents::OnWritten.
  uint64_t NoteChange() { return ++changes_; }
  uint64_t changes() const { return changes_; }
  uint64_t written() const { return written_; }
  void MarkWritten(uint64_t changes) {
    if (changes <= written_) return;
    written_ = changes;
    events_->OnWritten(*this);
  }

  // Routes: changes go to the adj-RIB-out; Flush() wakes the writer.
  rib::AdjRibOut& rib() { return rib_; }
  void Flush();
  // Processes that were congested can take messages again.
  void ResumeReading();
  // Sends ROUTE-REFRESH for a family (when negotiated).
  bool RequestRefresh(wire::Family family);
  // Sends an OPERATIONAL message when ExaBGP would: the neighbor has
  // `capability { operational; }` and `family`; on the established session,
  // or the next one to be established. Returns why it was refused, or an
  // empty string.
  std::string SendOperational(const wire::Operational& operational, wire::Family family);

  uint32_t id() const { return id_; }
  const config::NeighborConfig& config() const { return config_; }
  // The neighbor's new configuration (TCP MD5, TCP-AO and TTL settings
  // reach the listener, TCP-AO keys the live connections); whether the session restarts for it is the caller's
  // (config::SameSession).
  void set_config(config::NeighborConfig config);
  // The state of the most advanced connection.
  session::State state() const;
  bool established() const;
  // When the established session came up (meaningless unless established()).
  std::chrono::steady_clock::time_point established_at() const { return established_at_; }
  // The connect loop stopped for good (tcp.once / tcp.attempts).
  bool gave_up() const { return gave_up_; }
  // What exporting a route to the established session depends on (nullopt
  // when no session is established).
  std::optional<rib::PeerContext> SessionContext() const;
  // Negotiated families of the established session (empty otherwise).
  std::vector<wire::Family> negotiated_families() const;
  // For rendering: addresses of the live (or last) connection.
  const api::NeighborInfo& info() const { return info_; }
  // ExaBGP's neighbor description used by API selectors:
  // "neighbor 127.0.0.1 local-ip 127.0.0.1 local-as 1 peer-as 1 router-id 1.2.3.4 family-allowed in-open"
  std::string Name() const;
  // Short form for log lines: "neighbor 127.0.0.2 AS 65002".
  std::string LogName() const;

  // For `show neighbor`: the session's state, its two OPENs and the
  // message counts (peer_status.cc).
  api::NeighborStatus Status() const;
  // Messages by type, counted by the connections.
  api::MessageCounts& counts() { return counts_; }
  // What the metrics endpoint shows beyond them (metrics/counters.h).
  metrics::PeerCounters& counters() { return counters_; }
  const metrics::PeerCounters& counters() const { return counters_; }
  const api::MessageCounts& counts() const { return counts_; }

  // Which messages processes want, set by the daemon from the api config.
  Wants receive_wants;
  Wants send_wants;

 private:
  // `announce operational` messages waiting for the session (SendOperational).
  std::vector<wire::Operational> pending_operational_;
  friend class Connection;
class ListenerSecurity;
  // Called by connections.
  void OnConnectionState(Connection* c, session::State state, const std::string& reason);
  // `api { fsm; }`: ACTIVE as a connection attempt starts (outgoing) or
  // arrives (incoming), CONNECT once TCP is up, then the session's states.
  void ReportFsm(session::State state);
  void OnRouteRefresh(Connection* c, wire::Family family);
  void OnConnectionUp(Connection* c);
  PeerEvents* events() { return events_; }
  const PeerSettings& settings() const { return settings_; }
  rib::PeerContext ExportContext(const Connection& c) const;
  void LogRefused(const rib::DrainStats& stats);
  void Damp(const Connection& c);
  // Gives the listener this peer's keys and minimum TTL.
  void RegisterWithListener();
  // The TCP-AO keys of the live sockets, from `old_keys` to the config's.
  void RollKeys(const SocketKeys& old_keys);
  // TCP MD5 / TCP-AO keys and TTLs on a socket before connect() (outgoing) or before it
  // is read (accepted); an error means the socket must not be used.
  herald::Status Secure(asio::ip::tcp::socket& socket, const IpAddress& remote, bool accepted);

  awaitable<void> ConnectLoop();
  awaitable<void> RunConnection(Connection* c);
  void Adopt(std::unique_ptr<Connection> c);
  Connection* Other(const Connection* c) const;
  void CheckDone();
  // For a session on `socket` (whose two ends it records).
  session::SessionConfig MakeSessionConfig(const asio::ip::tcp::socket& socket) const;

  asio::io_context& io_;
  const uint32_t id_;
  config::NeighborConfig config_;
  const PeerSettings settings_;
  PeerEvents* const events_;

  rib::AdjRibOut rib_;
  std::vector<std::unique_ptr<Connection>> connections_;
  api::NeighborInfo info_;
  session::Backoff backoff_;
  asio::steady_timer retry_timer_;
  asio::steady_timer resume_timer_;
  std::unique_ptr<asio::ip::tcp::socket> connecting_;
  bool connecting_loop_ = false;
  bool stopping_ = false;
  bool announced_connected_ = false;
  session::State reported_ = session::State::kIdle;  // the last state ReportFsm told
  uint64_t changes_ = 0;
  uint64_t written_ = 0;
  uint32_t attempts_ = 0;
  int running_ = 0;  // coroutines of this peer still running
  std::function<void()> on_stopped_;
  // Set by Reset(): the connect loop retries right away.
  bool reset_requested_ = false;
  // Damping (see Peer::Damp): a session the peer ends with a NOTIFICATION
  // soon after it came up is not re-established at once, again and again.
  session::Backoff damp_;
  std::chrono::steady_clock::time_point established_at_;
  std::chrono::steady_clock::time_point down_since_ = std::chrono::steady_clock::now();
  api::MessageCounts counts_;
  metrics::PeerCounters counters_;
  std::chrono::steady_clock::time_point damped_until_;
  bool gave_up_ = false;
  // The listener refused this peer's MD5 or TCP-AO keys: incoming connections would
  // not be signed, so none is accepted.
  bool listener_key_failed_ = false;
};

}  // namespace herald::net
