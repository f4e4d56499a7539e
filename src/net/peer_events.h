// What a Peer tells the rest of the daemon (the daemon implements it): state
// changes for `neighbor-changes`, messages for `api { receive/send { ... } }`,
// and whether those can be taken right now (process backpressure).
#pragma once

#include <string_view>

#include "api/render.h"
#include "session/fsm.h"
#include "wire/message.h"

namespace herald::net {

class Peer;

// What the processes of `api { negotiated; }` are told the OPENs agreed.
inline api::NegotiatedView ViewOf(const session::Agreement& a) {
  api::NegotiatedView v;
  v.message_size = static_cast<uint32_t>(a.negotiated.max_message_size());
  v.hold_time = a.hold_time;
  v.asn4 = a.negotiated.asn4;
  v.multisession = a.multisession;
  v.refresh = a.enhanced_route_refresh      ? api::NegotiatedView::Refresh::kEnhanced
              : a.negotiated.route_refresh ? api::NegotiatedView::Refresh::kNormal
                                           : api::NegotiatedView::Refresh::kAbsent;
  v.families = a.negotiated.families;
  v.add_path_send = a.negotiated.add_path_send;
  v.add_path_receive = a.negotiated.add_path_receive;
  v.next_hops = a.extended_next_hop;
  v.operational = a.operational;
  return v;
}

// Which messages the processes of a peer want, by direction.
struct Wants {
  bool open = false;
  bool keepalive = false;
  bool notification = false;
  bool update = false;
  bool refresh = false;
  bool operational = false;
  // Some process takes the messages' bytes (`packets`): it hears of every
  // UPDATE, even one that only carried families herald does not decode.
  bool packets = false;
};

class PeerEvents {
 public:
  virtual ~PeerEvents() = default;
  // TCP is up on a connection (the first live one of the peer).
  virtual void OnConnected(Peer& peer) = 0;
  // The session reached Established.
  virtual void OnUp(Peer& peer) = 0;
  // A connection's FSM entered `state` (`api { fsm; }`).
  virtual void OnFsm(Peer& peer, session::State state) = 0;
  // A connection's OPENs are exchanged and agree (`api { negotiated; }`);
  // comes just before the OPENCONFIRM state.
  virtual void OnNegotiated(Peer& peer, const api::NegotiatedView& negotiated) = 0;
  // The peer's last live connection closed; `reason` says why.
  virtual void OnDown(Peer& peer, std::string_view reason) = 0;
  // A message to hand to the processes that asked for it (see Peer::wants);
  // `raw` is the message as it went over the wire, header included.
  virtual void OnMessage(Peer& peer, api::Direction direction, const wire::Message& message, ByteSpan raw) = 0;
  // False while the processes that read this peer's messages are congested:
  // the peer stops reading its socket until ResumeReading().
  virtual bool CanDeliver(Peer& peer) = 0;
  // A session that had been established has ended (tcp.connections counts these).
  virtual void OnSessionEnded(Peer& peer) = 0;
  // The session's writer put on the wire every change counted up to
  // peer.written() (Peer::NoteChange): `enable-sync` answers wait for it.
  virtual void OnWritten(Peer& peer) = 0;
  // The peer gave up connecting (tcp.attempts / tcp.once exhausted).
  virtual void OnGaveUp(Peer& peer) = 0;
};

}  // namespace herald::net
