// Peer::Status: what `show neighbor` prints about one neighbor.
#include <algorithm>

#include "net/connection.h"
#include "net/listener.h"
#include "net/peer.h"

namespace herald::net {

namespace {

bool Announced(const wire::Open& open, uint8_t code) {
  for (const wire::Capability& c : open.capabilities)
    if (c.code == code) return true;
  return false;
}

}  // namespace

api::NeighborStatus Peer::Status() const {
  api::NeighborStatus s;
  s.peer_address = config_.peer_address;
  s.local_address = config_.local_address;
  s.local_as = config_.local_as;
  s.peer_as = config_.peer_as;
  s.router_id = config_.router_id;
  s.local_hold = config_.hold_time;
  s.messages = counts_;
  session::State state = this->state();
  s.fsm = session::StateName(state);
  const Connection* best = nullptr;
  for (const auto& c : connections_)
    if (!best || c->state() > best->state()) best = c.get();
  const wire::Open* peer_open = best && best->fsm().peer_open() ? &*best->fsm().peer_open() : nullptr;
  if (!s.local_address && best) s.local_address = FromAsio(best->local().address());
  s.up = state == session::State::kEstablished;
  auto since = s.up ? established_at_ : down_since_;
  s.seconds = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - since).count());
  if (peer_open) {
    s.peer_id = IpAddress::V4(peer_open->bgp_id);
    s.peer_hold = peer_open->hold_time;
  }
  auto peer_has = [&](std::initializer_list<uint8_t> codes) -> std::optional<bool> {
    if (!peer_open) return std::nullopt;
    for (uint8_t code : codes)
      if (Announced(*peer_open, code)) return true;
    return false;
  };
  using Code = wire::CapabilityCode;
  auto code = [](Code c) { return static_cast<uint8_t>(c); };
  const auto& cap = config_.capability;
  s.capabilities = {
      {"asn4", cap.asn4, peer_has({code(Code::kAs4)})},
      {"route-refresh", cap.route_refresh, peer_has({code(Code::kRouteRefresh), code(Code::kCiscoRouteRefresh)})},
      {"multi-session", cap.multi_session, peer_has({68, 131})},
      {"operational", cap.operational, peer_has({185})},
      {"add-path", cap.add_path != 0 && !config_.add_path_families.empty(), peer_has({code(Code::kAddPath)})},
      {"extended-message", cap.extended_message, peer_has({code(Code::kExtendedMessage)})},
      {"graceful-restart", cap.graceful_restart.has_value(), peer_has({code(Code::kGracefulRestart)})},
  };
  std::vector<wire::Family> peer_families;
  if (peer_open) {
    peer_families = peer_open->families();
    if (peer_families.empty()) peer_families.push_back(wire::kIpv4Unicast);  // RFC 4760 §8
  }
  const session::Fsm* agreed = best && best->fsm().agreement() ? &best->fsm() : nullptr;
  for (const wire::Family& f : config_.families) {
    std::optional<bool> peer;
    if (peer_open) peer = std::find(peer_families.begin(), peer_families.end(), f) != peer_families.end();
    s.families.push_back({f.Name(), true, peer});
    if (agreed) {
      s.add_path.push_back({agreed->negotiated().SendsPathId(f), agreed->negotiated().ReceivesPathId(f)});
    } else {
      const auto& asked = config_.add_path_families;
      std::optional<bool> unknown;
      if (std::find(asked.begin(), asked.end(), f) == asked.end()) unknown = false;
      s.add_path.push_back({unknown, unknown});
    }
  }
  return s;
}

}  // namespace herald::net
