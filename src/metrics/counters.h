// PeerCounters: what a neighbor counts for the metrics endpoint, beyond the
// message counts `show neighbor` prints (api::MessageCounts). Counted by the
// peer and its connections since the neighbor was configured; a reload that
// replaces the neighbor starts from zero (Prometheus sees a counter reset).
#pragma once

#include <cstdint>
#include <map>
#include <utility>

#include "wire/family.h"

namespace herald::metrics {

struct PeerCounters {
  // FSM states the peer went through (as `api { fsm; }` reports them).
  uint64_t transitions = 0;
  // Sessions that reached Established.
  uint64_t established = 0;
  // Routes in the UPDATEs received, per family (treat-as-withdraw makes an
  // announced route a withdrawn one).
  struct Routes {
    uint64_t announced = 0;
    uint64_t withdrawn = 0;
  };
  std::map<wire::Family, Routes> received;
  // NOTIFICATIONs by (code, subcode).
  std::map<std::pair<uint8_t, uint8_t>, uint64_t> notifications_sent;
  std::map<std::pair<uint8_t, uint8_t>, uint64_t> notifications_received;
  // RFC 7606 errors in received UPDATEs that kept the session up.
  uint64_t treat_as_withdraw = 0;
  uint64_t attribute_discard = 0;
};

}  // namespace herald::metrics
