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
  return s;
}

}  // namespace

bool SameSession(const NeighborConfig& a, const NeighborConfig& b) { return SessionPart(a) == SessionPart(b); }

}  // namespace herald::config
