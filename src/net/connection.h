// Connection: one TCP connection of a peer and the BGP session on it.
//
// It owns the socket, the session::Fsm and the two session timers, and runs
// four coroutines joined with `||` (asio's awaitable operators): the reader
// (frames and decodes messages, feeds the FSM, pushes the hold deadline
// forward), the writer (control messages first, then UPDATEs drained from
// the peer's adj-RIB-out, gathered into large writes), the hold-timer
// watchdog and the keepalive ticker. When one ends (close, error, hold timer)
// the others are cancelled and Run() returns; the Peer then destroys the
// Connection.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "base/bytes.h"
#include "net/asio.h"
#include "net/per_second.h"
#include "session/fsm.h"

namespace herald::net {

class Peer;

class Connection {
 public:
  // `outgoing`: herald initiated it (for collision resolution).
  Connection(Peer* peer, asio::ip::tcp::socket socket, bool outgoing, session::SessionConfig config,
             uint32_t open_wait);
  ~Connection();

  // Runs the session until the connection closes.
  awaitable<void> Run();

  // Ends the session with this NOTIFICATION.
  void Stop(const wire::Notification& cease, std::string_view reason);
  // Wakes the writer: the adj-RIB-out has something to send.
  void Kick();
  // Resumes a reader paused for process backpressure.
  void Resume();
  // Queues a ROUTE-REFRESH message (a request, or an RFC 7313 marker).
  void SendRefresh(wire::Family family, wire::RouteRefresh::Subtype subtype);
  // Queues an OPERATIONAL message.
  void SendOperational(const wire::Operational& operational);

  bool outgoing() const { return outgoing_; }
  const session::Fsm& fsm() const { return fsm_; }
  session::State state() const { return fsm_.state(); }
  const asio::ip::tcp::endpoint& local() const { return local_; }
  const asio::ip::tcp::endpoint& remote() const { return remote_; }
  // The socket's descriptor (-1 once closed), for its keys (TCP-AO rollover).
  int native_handle() { return socket_.is_open() ? socket_.native_handle() : -1; }
  // Why the session ended (valid once Run() returned).
  const std::string& close_reason() const { return close_reason_; }
  bool was_established() const { return was_established_; }
  // The NOTIFICATION the peer sent, if it sent one.
  const std::optional<wire::Notification>& received_notification() const { return received_notification_; }

 private:
  awaitable<void> ReadLoop();
  void CountSent();
  void CountRoutes(const wire::Update& update);
  awaitable<void> WriteLoop();
  awaitable<void> HoldLoop();
  awaitable<void> KeepaliveLoop();

  // Consumes complete messages from the read buffer, for about
  // kMessageBudget: true if it stopped with more bytes to look at.
  bool ProcessMessages();
  void HandleMessage(ByteSpan message);
  void Apply(const session::Actions& actions);
  // Queues a message. A message that cannot be encoded (larger than its
  // size limit) is never skipped in silence: a NOTIFICATION is sent with its
  // data cut to fit; anything else is logged and ends the session.
  void Send(const wire::Message& message);
  void ArmHold(uint32_t seconds);

  Peer* const peer_;
  asio::ip::tcp::socket socket_;
  const bool outgoing_;
  session::Fsm fsm_;
  asio::ip::tcp::endpoint local_;
  asio::ip::tcp::endpoint remote_;

  Bytes in_;            // read buffer: [in_begin_, in_.size()) unconsumed
  size_t in_begin_ = 0;
  size_t in_end_ = 0;
  Bytes control_;       // OPEN/KEEPALIVE/NOTIFICATION/ROUTE-REFRESH waiting to be written
  Bytes out_;           // being written

  asio::steady_timer wake_;       // parked at max; cancelled to wake the writer
  asio::steady_timer hold_timer_;
  asio::steady_timer keepalive_timer_;
  asio::steady_timer resume_;     // parked while the reader is paused
  // `rate-limit N`: UPDATEs read and sent per second. The reader waits on
  // rate_timer_ until read_wait_; the writer keeps what it drained beyond
  // the allowance in paced_.
  PerSecond read_rate_, write_rate_;
  asio::steady_timer rate_timer_;
  std::chrono::steady_clock::time_point read_wait_{};
  Bytes paced_;
  uint64_t drained_ = 0;  // the peer's change count the UPDATEs being sent cover (enable-sync)
  std::chrono::steady_clock::time_point hold_deadline_;
  uint32_t hold_seconds_ = 0;
  uint32_t keepalive_seconds_ = 0;
  bool closing_ = false;   // flush control_, then end
  bool closed_ = false;    // the FSM is idle: end now
  bool was_established_ = false;
  // Reads completed; while drain_after_read_ is set, the writer holds the
  // first UPDATEs until that many reads are done (bytes the peer had sent
  // when the session came up are handled first).
  uint64_t reads_ = 0;
  uint64_t drain_after_read_ = 0;
  std::string close_reason_;
  std::string unsendable_;
  std::optional<wire::Notification> received_notification_;  // set by Send(): why the session must end
};

}  // namespace herald::net
