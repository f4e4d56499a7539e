#include "config/config.h"

namespace herald::config {

namespace {

// The neighbor without what a running session takes as it goes.
NeighborConfig SessionPart(const NeighborConfig& n) {
  NeighborConfig s = n;  // the static route tables are shared, not copied
  s.routes = {};
  s.withdrawn_routes = {};
  s.api.clear();
  s.description.clear();
  s.adj_rib_in = false;
  s.auto_flush = true;
  s.adj_rib_out = true;
  s.where = {};
  s.tcp_ao = {};  // compared by KeysRoll
  return s;
}

// TCP-AO keys change on a live connection (added, made current, deleted),
// but TCP-AO cannot be turned on or off there, and a key cannot change its
// algorithm or secret while keeping its send-id or receive-id (the kernel
// holds one key per id): those restart the session.
bool KeysRoll(const TcpAoConfig& a, const TcpAoConfig& b) {
  if (a.enabled() != b.enabled()) return false;
  for (const TcpAoKey& ka : a.keys)
    for (const TcpAoKey& kb : b.keys) {
      if (ka.send_id != kb.send_id && ka.receive_id != kb.receive_id) continue;
      if (ka.send_id != kb.send_id || ka.receive_id != kb.receive_id || ka.algorithm != kb.algorithm ||
          ka.secret != kb.secret)
        return false;
    }
  return true;
}

}  // namespace

bool SameSession(const NeighborConfig& a, const NeighborConfig& b) {
  return SessionPart(a) == SessionPart(b) && KeysRoll(a.tcp_ao, b.tcp_ao);
}

}  // namespace herald::config
