// session: the BGP finite state machine of RFC 4271 §8, for one transport
// connection, as a pure class: events in, actions out. It never sees a
// socket or reads a clock; net::PeerIo owns those, turns socket and timer
// happenings into events, and carries out the actions (Boost.MySQL's sans-I/O
// algorithms, OpenBGPD's bgp_fsm).
//
// Scope. One Fsm lives from the moment a TCP connection is up (either
// direction) until it closes; connecting, retrying with backoff and choosing
// between two colliding connections are the peer's business (net/peer.h,
// session/collision.h), so this FSM starts in Connect/Active and goes
// straight to OpenSent (herald does not use DelayOpen).
//
// Timers. The FSM arms and disarms two timers through actions: the hold
// timer (during OpenSent it is the open-wait, bgp.openwait) and the keepalive
// timer (periodic). The driver pushes the hold deadline forward itself on
// every message received after OpenSent — that is the one per-message duty
// it has — so that UPDATEs, the hot path, cost the FSM nothing but a state
// check (OnUpdate).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "session/negotiate.h"
#include "wire/error.h"
#include "wire/message.h"

namespace herald::session {

enum class State : uint8_t { kIdle, kConnect, kActive, kOpenSent, kOpenConfirm, kEstablished };
std::string_view StateName(State s);  // "IDLE", "OPENSENT", ... as ExaBGP logs them

struct Action {
  enum class Kind : uint8_t {
    kSendOpen,          // send LocalOpen()
    kSendKeepalive,
    kSendNotification,  // send `notification`
    kArmHoldTimer,      // (re)start the hold timer for `seconds`; 0 disarms it
    kArmKeepaliveTimer, // start the periodic keepalive timer every `seconds`; 0 disarms it
    kClose,             // close the connection once pending writes are flushed
    kStateChanged,      // entered `state`; `reason` says why (for logs and processes)
    kRouteRefresh,      // the peer asked for the routes of `family` again
  };
  Action() = default;
  explicit Action(Kind k) : kind(k) {}

  Kind kind = Kind::kSendKeepalive;
  uint32_t seconds = 0;
  State state = State::kIdle;
  wire::Family family;
  wire::Notification notification;
  std::string reason;
};
using Actions = std::vector<Action>;

class Fsm {
 public:
  // `open_wait`: seconds to wait for the peer's OPEN (bgp.openwait).
  Fsm(SessionConfig config, uint32_t open_wait);

  State state() const { return state_; }
  const wire::Open& local_open() const { return local_open_; }
  // Valid once an OPEN has been received (OpenConfirm and later).
  const std::optional<wire::Open>& peer_open() const { return peer_open_; }
  const std::optional<Agreement>& agreement() const { return agreement_; }
  // The decoding context: defaults before the OPENs are exchanged.
  const wire::Negotiated& negotiated() const {
    return agreement_ ? agreement_->negotiated : default_negotiated_;
  }

  // The TCP connection is up: send OPEN, wait for the peer's.
  Actions OnConnected();
  // A decoded message other than UPDATE.
  Actions OnMessage(const wire::Message& message);
  // An UPDATE arrived; the driver decoded it. Empty unless the state is wrong.
  Actions OnUpdate();
  // The bytes of a message could not be decoded (or a fatal RFC 7606 error).
  Actions OnDecodeError(const wire::WireError& error);
  Actions OnHoldTimerExpired();
  Actions OnKeepaliveTimer();
  // The connection failed or the peer closed it.
  Actions OnTransportClosed(std::string_view reason);
  // An administrative stop: send this Cease and close.
  Actions Stop(const wire::Notification& cease, std::string_view reason);

 private:
  Actions OnOpen(const wire::Open& open);
  Actions OnNotification(const wire::Notification& n);
  // Unexpected message: RFC 6608 subcodes 1-3 by state.
  Actions FsmError(std::string_view what);
  Actions Fatal(wire::Notification n, std::string reason);
  void Enter(Actions* out, State s, std::string reason);

  const SessionConfig config_;
  const uint32_t open_wait_;
  const wire::Open local_open_;
  const wire::Negotiated default_negotiated_;
  State state_ = State::kConnect;
  std::optional<wire::Open> peer_open_;
  std::optional<Agreement> agreement_;
};

}  // namespace herald::session
