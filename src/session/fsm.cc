#include "session/fsm.h"

#include <fmt/format.h>

namespace herald::session {
namespace {

Action Do(Action::Kind kind) { return Action{kind}; }
Action Arm(Action::Kind kind, uint32_t seconds) {
  Action a{kind};
  a.seconds = seconds;
  return a;
}
Action SendNotification(wire::Notification n) {
  Action a{Action::Kind::kSendNotification};
  a.notification = std::move(n);
  return a;
}
std::string Codes(const wire::Notification& n) {
  return fmt::format("({},{})", n.code, n.subcode);
}

}  // namespace

std::string_view StateName(State s) {
  switch (s) {
    case State::kIdle: return "IDLE";
    case State::kConnect: return "CONNECT";
    case State::kActive: return "ACTIVE";
    case State::kOpenSent: return "OPENSENT";
    case State::kOpenConfirm: return "OPENCONFIRM";
    case State::kEstablished: return "ESTABLISHED";
  }
  return "?";
}

Fsm::Fsm(SessionConfig config, uint32_t open_wait)
    : config_(std::move(config)), open_wait_(open_wait), local_open_(MakeOpen(config_)) {}

void Fsm::Enter(Actions* out, State s, std::string reason) {
  state_ = s;
  Action a{Action::Kind::kStateChanged};
  a.state = s;
  a.reason = std::move(reason);
  out->push_back(std::move(a));
}

Actions Fsm::OnConnected() {
  Actions out;
  if (state_ != State::kConnect && state_ != State::kActive) return out;
  out.push_back(Do(Action::Kind::kSendOpen));
  // RFC 4271 §8.2.2 suggests a large hold time while waiting for OPEN.
  out.push_back(Arm(Action::Kind::kArmHoldTimer, open_wait_));
  Enter(&out, State::kOpenSent, "OPEN sent");
  return out;
}

Actions Fsm::Fatal(wire::Notification n, std::string reason) {
  Actions out;
  if (state_ == State::kIdle) return out;
  out.push_back(SendNotification(std::move(n)));
  out.push_back(Arm(Action::Kind::kArmHoldTimer, 0));
  out.push_back(Arm(Action::Kind::kArmKeepaliveTimer, 0));
  out.push_back(Do(Action::Kind::kClose));
  Enter(&out, State::kIdle, std::move(reason));
  return out;
}

Actions Fsm::FsmError(std::string_view what) {
  // RFC 6608 §4: the subcode says in which state the message was unexpected.
  uint8_t sub = state_ == State::kOpenSent ? 1 : state_ == State::kOpenConfirm ? 2 : 3;
  wire::Notification n{static_cast<uint8_t>(wire::ErrorCode::kFsm), sub, {}};
  return Fatal(n, fmt::format("unexpected {} in {}: notification sent {}", what, StateName(state_),
                              Codes(n)));
}

Actions Fsm::OnMessage(const wire::Message& message) {
  if (state_ == State::kIdle) return {};
  if (auto* open = std::get_if<wire::Open>(&message)) return OnOpen(*open);
  if (auto* n = std::get_if<wire::Notification>(&message)) return OnNotification(*n);
  if (std::holds_alternative<wire::Update>(message)) return OnUpdate();
  if (std::holds_alternative<wire::Keepalive>(message)) {
    if (state_ == State::kOpenConfirm) {
      Actions out;
      Enter(&out, State::kEstablished, "KEEPALIVE received");
      return out;
    }
    if (state_ == State::kEstablished) return {};
    return FsmError("KEEPALIVE");
  }
  if (auto* rr = std::get_if<wire::RouteRefresh>(&message)) {
    if (state_ != State::kEstablished) return FsmError("ROUTE-REFRESH");
    // Begin/End-of-RIB markers (RFC 7313) are the peer's own bracketing of
    // what it sends us; only a plain request asks us to send again.
    if (rr->subtype != wire::RouteRefresh::Subtype::kNormal) return {};
    Action a{Action::Kind::kRouteRefresh};
    a.family = rr->family;
    return {a};
  }
  // OPERATIONAL (ExaBGP's message type 6) only reaches processes; it asks
  // nothing of the session.
  if (std::holds_alternative<wire::Operational>(message) && state_ != State::kEstablished)
    return FsmError("OPERATIONAL");
  return {};
}

Actions Fsm::OnOpen(const wire::Open& open) {
  if (state_ != State::kOpenSent) return FsmError("OPEN");
  auto agreed = Negotiate(config_, local_open_, open);
  if (!agreed) {
    const wire::WireError& e = agreed.error();
    wire::Notification n = wire::Notification::FromError(e);
    return Fatal(n, fmt::format("{}: notification sent {}", e.what, Codes(n)));
  }
  peer_open_ = open;
  agreement_ = std::move(*agreed);
  Actions out;
  out.push_back(Do(Action::Kind::kSendKeepalive));
  out.push_back(Arm(Action::Kind::kArmHoldTimer, agreement_->hold_time));
  out.push_back(Arm(Action::Kind::kArmKeepaliveTimer, agreement_->keepalive_time));
  Enter(&out, State::kOpenConfirm, "OPEN received");
  return out;
}

Actions Fsm::OnNotification(const wire::Notification& n) {
  Actions out;
  out.push_back(Arm(Action::Kind::kArmHoldTimer, 0));
  out.push_back(Arm(Action::Kind::kArmKeepaliveTimer, 0));
  out.push_back(Do(Action::Kind::kClose));
  std::string reason = fmt::format("notification received {} {} / {}", Codes(n), n.CodeName(),
                                   n.SubcodeName());
  if (std::string why = n.ShutdownReason(); !why.empty()) reason += " (" + why + ")";
  Enter(&out, State::kIdle, std::move(reason));
  return out;
}

Actions Fsm::OnUpdate() {
  if (state_ == State::kEstablished) return {};
  if (state_ == State::kIdle) return {};
  return FsmError("UPDATE");
}

Actions Fsm::OnDecodeError(const wire::WireError& error) {
  wire::Notification n = wire::Notification::FromError(error);
  return Fatal(n, fmt::format("{}: notification sent {}", error.what, Codes(n)));
}

Actions Fsm::OnHoldTimerExpired() {
  wire::Notification n{static_cast<uint8_t>(wire::ErrorCode::kHoldTimerExpired), 0, {}};
  return Fatal(n, state_ == State::kOpenSent ? "no OPEN received in time: notification sent (4,0)"
                                             : "hold timer expired: notification sent (4,0)");
}

Actions Fsm::OnKeepaliveTimer() {
  if (state_ == State::kOpenConfirm || state_ == State::kEstablished)
    return {Do(Action::Kind::kSendKeepalive)};
  return {};
}

Actions Fsm::OnTransportClosed(std::string_view reason) {
  Actions out;
  if (state_ == State::kIdle) return out;
  out.push_back(Arm(Action::Kind::kArmHoldTimer, 0));
  out.push_back(Arm(Action::Kind::kArmKeepaliveTimer, 0));
  Enter(&out, State::kIdle, std::string(reason));
  return out;
}

Actions Fsm::Stop(const wire::Notification& cease, std::string_view reason) {
  if (state_ == State::kIdle) return {};
  // Before OPEN is sent there is nobody to notify (RFC 4271 §8.2.2, Connect).
  if (state_ == State::kConnect || state_ == State::kActive) {
    Actions out;
    out.push_back(Do(Action::Kind::kClose));
    Enter(&out, State::kIdle, std::string(reason));
    return out;
  }
  return Fatal(cease, fmt::format("{}: notification sent {}", reason, Codes(cease)));
}

}  // namespace herald::session
