#include "session/fsm.h"

#include <gtest/gtest.h>

#include "session/collision.h"

namespace herald::session {
namespace {

using Kind = Action::Kind;

SessionConfig Config() {
  SessionConfig c;
  c.local_as = 65001;
  c.peer_as = 65002;
  c.router_id = 0x0a000001;
  c.hold_time = 90;
  c.families = {wire::kIpv4Unicast, wire::kIpv6Unicast};
  return c;
}

wire::Open PeerOpen(uint32_t asn = 65002, uint16_t hold = 180) {
  wire::Open o;
  o.my_as = static_cast<uint16_t>(asn > 0xFFFF ? wire::kAsTrans : asn);
  o.hold_time = hold;
  o.bgp_id = 0x0a000002;
  o.capabilities.push_back({1, wire::MultiprotocolCap{wire::kIpv4Unicast}});
  o.capabilities.push_back({65, wire::As4Cap{asn}});
  return o;
}

bool Has(const Actions& actions, Kind kind) {
  for (const Action& a : actions)
    if (a.kind == kind) return true;
  return false;
}
const Action& Find(const Actions& actions, Kind kind) {
  for (const Action& a : actions)
    if (a.kind == kind) return a;
  static const Action none = [] {
    Action a;
    a.kind = Kind::kClose;
    return a;
  }();
  ADD_FAILURE() << "action not found";
  return none;
}

// Drives a fresh FSM to the given state.
Fsm At(State target) {
  Fsm f(Config(), 60);
  if (target == State::kConnect) return f;
  f.OnConnected();
  if (target == State::kOpenSent) return f;
  f.OnMessage(PeerOpen());
  if (target == State::kOpenConfirm) return f;
  f.OnMessage(wire::Keepalive{});
  return f;
}

TEST(FsmTest, ConnectedSendsOpenAndArmsOpenWait) {
  Fsm f(Config(), 60);
  Actions a = f.OnConnected();
  EXPECT_TRUE(Has(a, Kind::kSendOpen));
  EXPECT_EQ(Find(a, Kind::kArmHoldTimer).seconds, 60u);
  EXPECT_EQ(f.state(), State::kOpenSent);
}

TEST(FsmTest, OpenNegotiatesHoldTimeAndSendsKeepalive) {
  Fsm f = At(State::kOpenSent);
  Actions a = f.OnMessage(PeerOpen(65002, 180));
  EXPECT_EQ(f.state(), State::kOpenConfirm);
  EXPECT_TRUE(Has(a, Kind::kSendKeepalive));
  EXPECT_EQ(Find(a, Kind::kArmHoldTimer).seconds, 90u) << "the smaller hold time wins";
  EXPECT_EQ(Find(a, Kind::kArmKeepaliveTimer).seconds, 30u);
  ASSERT_TRUE(f.agreement());
  EXPECT_EQ(f.negotiated().families, (std::vector<wire::Family>{wire::kIpv4Unicast}));
  EXPECT_TRUE(f.negotiated().asn4);
}

TEST(FsmTest, KeepaliveInOpenConfirmEstablishes) {
  Fsm f = At(State::kOpenConfirm);
  Actions a = f.OnMessage(wire::Keepalive{});
  EXPECT_EQ(f.state(), State::kEstablished);
  EXPECT_EQ(Find(a, Kind::kStateChanged).state, State::kEstablished);
  EXPECT_TRUE(f.OnMessage(wire::Keepalive{}).empty());
  EXPECT_TRUE(f.OnUpdate().empty());
}

TEST(FsmTest, WrongPeerAsIsBadPeerAs) {
  Fsm f = At(State::kOpenSent);
  Actions a = f.OnMessage(PeerOpen(65009));
  EXPECT_EQ(f.state(), State::kIdle);
  const Action& n = Find(a, Kind::kSendNotification);
  EXPECT_EQ(n.notification.code, 2);
  EXPECT_EQ(n.notification.subcode, 2);
  EXPECT_TRUE(Has(a, Kind::kClose));
}

TEST(FsmTest, IbgpPeerWithOurIdentifierIsRefused) {
  SessionConfig c = Config();
  c.peer_as = 65001;
  Fsm f(c, 60);
  f.OnConnected();
  wire::Open o = PeerOpen(65001);
  o.bgp_id = c.router_id;
  Actions a = f.OnMessage(o);
  const Action& n = Find(a, Kind::kSendNotification);
  EXPECT_EQ(n.notification.code, 2);
  EXPECT_EQ(n.notification.subcode, 3);
}

TEST(FsmTest, UnexpectedMessagesUseRfc6608Subcodes) {
  {
    Fsm f = At(State::kOpenSent);
    Actions a = f.OnMessage(wire::Keepalive{});
    EXPECT_EQ(Find(a, Kind::kSendNotification).notification.code, 5);
    EXPECT_EQ(Find(a, Kind::kSendNotification).notification.subcode, 1);
  }
  {
    Fsm f = At(State::kOpenConfirm);
    Actions a = f.OnUpdate();
    EXPECT_EQ(Find(a, Kind::kSendNotification).notification.subcode, 2);
  }
  {
    Fsm f = At(State::kEstablished);
    Actions a = f.OnMessage(PeerOpen());
    EXPECT_EQ(Find(a, Kind::kSendNotification).notification.subcode, 3);
    EXPECT_EQ(f.state(), State::kIdle);
  }
}

TEST(FsmTest, HoldTimerExpirySendsHoldTimerExpired) {
  for (State s : {State::kOpenSent, State::kOpenConfirm, State::kEstablished}) {
    Fsm f = At(s);
    Actions a = f.OnHoldTimerExpired();
    EXPECT_EQ(Find(a, Kind::kSendNotification).notification.code, 4);
    EXPECT_TRUE(Has(a, Kind::kClose));
    EXPECT_EQ(f.state(), State::kIdle);
  }
}

TEST(FsmTest, KeepaliveTimerSendsOnlyOnceOpenIsReceived) {
  EXPECT_TRUE(At(State::kOpenSent).OnKeepaliveTimer().empty());
  EXPECT_TRUE(Has(At(State::kOpenConfirm).OnKeepaliveTimer(), Kind::kSendKeepalive));
  EXPECT_TRUE(Has(At(State::kEstablished).OnKeepaliveTimer(), Kind::kSendKeepalive));
}

TEST(FsmTest, NotificationReceivedClosesWithoutAnswering) {
  Fsm f = At(State::kEstablished);
  wire::Notification cease{6, 2, {}};
  Actions a = f.OnMessage(cease);
  EXPECT_FALSE(Has(a, Kind::kSendNotification));
  EXPECT_TRUE(Has(a, Kind::kClose));
  EXPECT_EQ(f.state(), State::kIdle);
  EXPECT_NE(Find(a, Kind::kStateChanged).reason.find("notification received (6,2)"),
            std::string::npos);
}

TEST(FsmTest, DecodeErrorSendsItsNotification) {
  Fsm f = At(State::kEstablished);
  wire::WireError e = wire::UpdateError(wire::UpdateSubcode::kMalformedAttributeList, "bad");
  Actions a = f.OnDecodeError(e);
  EXPECT_EQ(Find(a, Kind::kSendNotification).notification.code, 3);
  EXPECT_EQ(Find(a, Kind::kSendNotification).notification.subcode, 1);
}

TEST(FsmTest, StopSendsCeaseUnlessNotYetOpen) {
  wire::Notification cease{6, 2, {}};
  Fsm f = At(State::kEstablished);
  Actions a = f.Stop(cease, "shutdown");
  EXPECT_EQ(Find(a, Kind::kSendNotification).notification.code, 6);
  Fsm g = At(State::kConnect);
  Actions b = g.Stop(cease, "shutdown");
  EXPECT_FALSE(Has(b, Kind::kSendNotification));
  EXPECT_TRUE(Has(b, Kind::kClose));
  EXPECT_TRUE(f.Stop(cease, "again").empty()) << "idle: nothing more to do";
}

TEST(FsmTest, TransportClosedGoesIdleWithReason) {
  Fsm f = At(State::kEstablished);
  Actions a = f.OnTransportClosed("closing connection");
  EXPECT_EQ(f.state(), State::kIdle);
  EXPECT_EQ(Find(a, Kind::kStateChanged).reason, "closing connection");
  EXPECT_TRUE(f.OnTransportClosed("again").empty());
}

TEST(FsmTest, RouteRefreshOnlyWhenEstablished) {
  wire::RouteRefresh rr{wire::kIpv6Unicast, wire::RouteRefresh::Subtype::kNormal};
  Fsm f = At(State::kEstablished);
  Actions a = f.OnMessage(rr);
  EXPECT_EQ(Find(a, Kind::kRouteRefresh).family, wire::kIpv6Unicast);
  rr.subtype = wire::RouteRefresh::Subtype::kBeginOfRib;
  EXPECT_TRUE(f.OnMessage(rr).empty());
  Fsm g = At(State::kOpenConfirm);
  EXPECT_TRUE(Has(g.OnMessage(rr), Kind::kSendNotification));
}

TEST(FsmTest, EveryStateEventPairHasAnOutcome) {
  // Each event in each state either leaves the FSM where it was with no
  // actions, or produces actions; none may crash or leave a non-idle state
  // after closing.
  const State states[] = {State::kConnect, State::kOpenSent, State::kOpenConfirm,
                          State::kEstablished};
  for (State s : states) {
    for (int event = 0; event < 8; ++event) {
      Fsm f = At(s);
      Actions a;
      switch (event) {
        case 0: a = f.OnConnected(); break;
        case 1: a = f.OnMessage(PeerOpen()); break;
        case 2: a = f.OnMessage(wire::Keepalive{}); break;
        case 3: a = f.OnUpdate(); break;
        case 4: a = f.OnHoldTimerExpired(); break;
        case 5: a = f.OnKeepaliveTimer(); break;
        case 6: a = f.OnTransportClosed("x"); break;
        case 7: a = f.Stop(wire::Notification{6, 2, {}}, "stop"); break;
      }
      if (Has(a, Kind::kClose)) {
        EXPECT_EQ(f.state(), State::kIdle) << int(s) << "/" << event;
      }
    }
  }
}

TEST(CollisionTest, HigherIdentifierKeepsItsConnection) {
  EXPECT_EQ(ResolveCollision(2, 1, 1, 1), Survivor::kLocallyInitiated);
  EXPECT_EQ(ResolveCollision(1, 2, 1, 1), Survivor::kRemotelyInitiated);
  EXPECT_EQ(ResolveCollision(5, 5, 65002, 65001), Survivor::kLocallyInitiated);
  EXPECT_EQ(ResolveCollision(5, 5, 65001, 65002), Survivor::kRemotelyInitiated);
}

TEST(BackoffTest, DoublesUpToMaxAndResets) {
  Backoff b(std::chrono::milliseconds(500), std::chrono::milliseconds(3000));
  EXPECT_EQ(b.Next().count(), 500);
  EXPECT_EQ(b.Next().count(), 1000);
  EXPECT_EQ(b.Next().count(), 2000);
  EXPECT_EQ(b.Next().count(), 3000);
  EXPECT_EQ(b.Next().count(), 3000);
  b.Reset();
  EXPECT_EQ(b.Next().count(), 500);
}

}  // namespace
}  // namespace herald::session
