// The session FSM (session::Fsm) with random event sequences. Input: the
// first byte chooses the configuration; the rest is a list of events, one
// byte each, the OPEN and NOTIFICATION events followed by the bytes of their
// message body (a length byte, then the body, decoded as the driver decodes
// it: one that does not decode becomes OnDecodeError). Only events the driver
// can deliver are given (timers only while armed, messages only once the
// connection is up), and after each one the actions are checked against the
// state machine of RFC 4271 §8 as herald runs it:
//   - the reported state changes end in fsm.state(); nothing changes state
//     without reporting it;
//   - OPEN is sent only from Connect/Active, into OpenSent; KEEPALIVE only
//     from OpenConfirm or Established (or into OpenConfirm);
//     NOTIFICATION only once OPEN was sent, and always with a close and Idle;
//   - Established only from OpenConfirm, and with an agreement;
//   - a route refresh is asked for only in Established;
//   - Idle is final: no event does anything there.
#include <string>

#include "fuzz_check.h"
#include "session/fsm.h"
#include "wire/message.h"

using namespace herald;
using session::Action;
using session::State;

namespace {

struct Input {
  ByteReader r;
  uint8_t U8() {
    uint8_t b = 0;
    (void)r.ReadU8(&b);
    return b;
  }
  // A length byte, then that many bytes (fewer if the input ends).
  ByteReader Body() {
    size_t n = std::min<size_t>(U8(), r.remaining());
    ByteReader body;
    (void)r.Sub(n, &body);
    return body;
  }
};

// A message body decoded as the driver decodes it, then given to the FSM.
template <typename T>
session::Actions Deliver(session::Fsm& fsm, ByteReader body) {
  auto m = T::Decode(body, fsm.negotiated());
  return m ? fsm.OnMessage(*m) : fsm.OnDecodeError(m.error());
}

session::SessionConfig ConfigFromByte(uint8_t b) {
  session::SessionConfig c;
  c.local_as = (b & 0x01) ? 65001 : 4200000001;
  c.peer_as = (b & 0x02) ? c.local_as : 65002;
  c.router_id = 0x0a000001;
  static constexpr uint16_t kHold[] = {0, 3, 9, 180};
  c.hold_time = kHold[(b >> 2) & 3];
  c.asn4 = !(b & 0x10);
  c.route_refresh = b & 0x20;
  c.extended_message = b & 0x40;
  c.families = {wire::kIpv4Unicast};
  if (b & 0x80) c.families.push_back(wire::kIpv6Unicast);
  return c;
}

std::string Describe(State before, int event, const session::Actions& actions, State after) {
  std::string s = "event " + std::to_string(event) + " in " + std::string(session::StateName(before)) + " -> " +
                  std::string(session::StateName(after)) + ", actions:";
  for (const Action& a : actions) s += " " + std::to_string(static_cast<int>(a.kind));
  return s;
}

}  // namespace

extern "C" int FuzzFsm(const uint8_t* data, size_t size) {
  Input in{ByteReader(data, size)};
  const session::SessionConfig config = ConfigFromByte(in.U8());
  session::Fsm fsm(config, 240);
  bool connected = false, hold_armed = false, keepalive_armed = false;
  while (!in.r.empty()) {
    const State before = fsm.state();
    const int event = in.U8() % 12;
    session::Actions actions;
    switch (event) {
      case 0: actions = fsm.OnConnected(); break;
      case 1:
      case 3:
      case 5: {  // OPEN, NOTIFICATION, ROUTE-REFRESH
        ByteReader body = in.Body();
        if (!connected) continue;
        actions = event == 1   ? Deliver<wire::Open>(fsm, body)
                  : event == 3 ? Deliver<wire::Notification>(fsm, body)
                               : Deliver<wire::RouteRefresh>(fsm, body);
        break;
      }
      case 2:
        if (!connected) continue;
        actions = fsm.OnMessage(wire::Keepalive{});
        break;
      case 4:
        if (!connected) continue;
        actions = fsm.OnUpdate();
        break;
      case 6: {  // a message that does not decode
        uint8_t code = in.U8() % 7 + 1, sub = in.U8();
        if (!connected) continue;
        actions = fsm.OnDecodeError(wire::WireError{code, sub, {}, wire::ErrorAction::kSessionReset, "fuzz"});
        break;
      }
      case 7:
        if (!hold_armed) continue;
        actions = fsm.OnHoldTimerExpired();
        break;
      case 8:
        if (!keepalive_armed) continue;
        actions = fsm.OnKeepaliveTimer();
        break;
      case 9: actions = fsm.OnTransportClosed("closed"); break;
      case 10: actions = fsm.Stop(wire::Notification::Cease(wire::CeaseSubcode::kAdministrativeShutdown, "bye"), "stop"); break;
      default: {  // an UPDATE through OnMessage (the Message variant), not OnUpdate
        if (!connected) continue;
        actions = fsm.OnMessage(wire::Update{});
        break;
      }
    }
    const State after = fsm.state();
    const std::string what = Describe(before, event, actions, after);
    if (before == State::kIdle) HERALD_FUZZ_CHECK(actions.empty() && after == State::kIdle, what);
    std::optional<State> reported;
    bool closed = false, notified = false;
    for (const Action& a : actions) {
      switch (a.kind) {
        case Action::Kind::kSendOpen:
          HERALD_FUZZ_CHECK(before == State::kConnect || before == State::kActive, what);
          HERALD_FUZZ_CHECK(after == State::kOpenSent, what);
          break;
        case Action::Kind::kSendKeepalive:
          HERALD_FUZZ_CHECK(after == State::kOpenConfirm || after == State::kEstablished, what);
          HERALD_FUZZ_CHECK(before == State::kOpenSent || before == after, what);
          break;
        case Action::Kind::kSendNotification:
          HERALD_FUZZ_CHECK(before == State::kOpenSent || before == State::kOpenConfirm || before == State::kEstablished,
                            what);
          HERALD_FUZZ_CHECK(a.notification.code >= 1 && a.notification.code <= 7, what);
          notified = true;
          break;
        case Action::Kind::kArmHoldTimer: hold_armed = a.seconds != 0; break;
        case Action::Kind::kArmKeepaliveTimer: keepalive_armed = a.seconds != 0; break;
        case Action::Kind::kClose: closed = true; break;
        case Action::Kind::kStateChanged:
          HERALD_FUZZ_CHECK(!a.reason.empty(), what);
          if (a.state == State::kEstablished)
            HERALD_FUZZ_CHECK(before == State::kOpenConfirm && fsm.agreement(), what);
          if (a.state == State::kOpenConfirm) HERALD_FUZZ_CHECK(fsm.agreement() && fsm.peer_open(), what);
          reported = a.state;
          break;
        case Action::Kind::kRouteRefresh: HERALD_FUZZ_CHECK(before == State::kEstablished, what); break;
      }
    }
    if (reported) HERALD_FUZZ_CHECK(*reported == after, what);
    else HERALD_FUZZ_CHECK(after == before, what);
    if (notified) HERALD_FUZZ_CHECK(closed && after == State::kIdle, what);
    if (closed || after == State::kIdle) HERALD_FUZZ_CHECK(after == State::kIdle, what);
    if (after == State::kIdle) HERALD_FUZZ_CHECK(!hold_armed && !keepalive_armed, what);
    if (after != State::kConnect && after != State::kActive && after != State::kIdle) connected = true;
    if (keepalive_armed) HERALD_FUZZ_CHECK(after == State::kOpenConfirm || after == State::kEstablished, what);
  }
  return 0;
}
