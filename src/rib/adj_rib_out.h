// AdjRibOut: for one peer, the routes herald wants it to have and what has
// been sent, per family (RFC 4271 §3.2 Adj-RIB-Out).
//
// It stores the latest wanted state per prefix, not a queue of changes
// (BIRD's outgoing buckets): announcing a prefix three times before the
// socket can take it sends it once; announcing then withdrawing a prefix that
// was never sent sends nothing. Memory grows with the number of prefixes, not
// the rate of churn.
//
// Routes live in compact per-family RouteTables (16 bytes per IPv4 route
// plus its index slot). Changes mark a prefix "queued" and append its record
// number to the family's dirty list (once). Drain() turns queued prefixes into UPDATE messages: withdrawals
// first, then announcements grouped by interned attribute set, packed into
// as few messages as the size limit allows; a withdrawal queued after an
// announcement goes after it (the order of the commands between the two). A prefix announced again with the
// very same attributes while the peer already has it is not sent again.
//
// Session lifecycle: Start() queues everything for the initial sync and arms
// End-of-RIB per family (sent once that family's queue is empty); Stop()
// forgets what was sent. Routes given while the session is down are kept and
// sent by the next Start().
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "rib/attr_pool.h"
#include "rib/export.h"
#include "rib/nlri_table.h"
#include "rib/route_table.h"
#include "wire/family.h"
#include "wire/nlri.h"

namespace herald::rib {

// What one Drain() call produced, for logs and counters.
struct DrainStats {
  size_t announced = 0;
  size_t withdrawn = 0;
  size_t eors = 0;
  // Routes that could not be sent (next-hop self without an address of
  // that family, attributes too large for one UPDATE); each was withdrawn
  // (the peer keeps no older version) and is logged by the caller with the
  // reason.
  std::vector<std::pair<wire::InetNlri, std::string>> refused;
  struct RefusedGeneric {
    wire::Family family;
    wire::GenericNlri nlri;
    std::string why;
  };
  std::vector<RefusedGeneric> refused_generic;
};

class AdjRibOut {
 public:
  // REQUIRES: pool outlives this AdjRibOut.
  explicit AdjRibOut(AttrPool* pool) : pool_(pool) {}
  ~AdjRibOut();
  AdjRibOut(const AdjRibOut&) = delete;
  AdjRibOut& operator=(const AdjRibOut&) = delete;

  // Wants the peer to have `nlri` with `attrs`. REQUIRES: attrs is not null;
  // InetNlri for IPv4/IPv6 unicast, GenericNlri for the other families
  // (wire::IsGenericFamily).
  void Announce(wire::Family family, const wire::InetNlri& nlri, const AttrRef& attrs);
  void Announce(wire::Family family, const wire::GenericNlri& nlri, const AttrRef& attrs);
  // Wants the peer not to have `nlri`. Returns false if it was not known.
  bool Withdraw(wire::Family family, const wire::InetNlri& nlri);
  bool Withdraw(wire::Family family, const wire::GenericNlri& nlri);
  // Withdraws every route.
  void WithdrawAll();

  // The session is up with these families: queue every route of them for
  // the initial sync; End-of-RIB follows each family unless manual_eor.
  void Start(const std::vector<wire::Family>& families, bool manual_eor);
  // The session is down: nothing is advertised any more.
  void Stop();
  // Queue every route of `family` again (route refresh). If
  // `enhanced` (RFC 7313), the caller sent BoRR and EoRR follows the routes.
  void Refresh(wire::Family family, bool enhanced);
  // Send End-of-RIB for `family` after what is queued (`announce eor`).
  void QueueEndOfRib(wire::Family family);

  bool active() const { return active_; }
  // Something to send (routes or markers) for an active session.
  bool pending() const;
  // Appends UPDATE (and End-of-RIB / EoRR) messages for queued changes to
  // *out, stopping once out->size() reaches `budget` (a whole message may
  // overshoot it). Call again while pending().
  DrainStats Drain(const PeerContext& peer, size_t budget, Bytes* out);

  // Routes wanted (announced and not withdrawn), all families.
  size_t size() const;
  // Bytes held by the tables and dirty lists (not the shared attribute sets).
  size_t memory() const;
  // Per family (in table order): routes wanted, and routes announced and
  // withdrawn in the UPDATEs drained since this adj-RIB-out was made
  // (refused routes count as withdrawn), for the metrics endpoint.
  struct FamilyCounts {
    wire::Family family;
    size_t wanted = 0;
    uint64_t announced = 0;
    uint64_t withdrawn = 0;
  };
  std::vector<FamilyCounts> Counts() const;
  // Calls fn(family, nlri, attrs) for every wanted route.
  void ForEach(const std::function<void(wire::Family, const wire::InetNlri&, const AttrSet&)>& fn) const;
  void ForEachGeneric(const std::function<void(wire::Family, const wire::GenericNlri&, const AttrSet&)>& fn) const;

 private:
  // Record flags (RouteTable reserves 0 for free records).
  static constexpr uint8_t kLive = 1;        // known to this adj-RIB-out
  static constexpr uint8_t kAdvertised = 2;  // the peer has (some version of) it
  static constexpr uint8_t kQueued = 4;      // in the dirty list, to be (re)sent
  // A record whose attr is RouteTable::kNone is to be withdrawn.

  struct Table {
    wire::Family family;
    // One of the three, by family: unicast by address family, the generic
    // families by NLRI bytes.
    enum class Kind : uint8_t { kV4, kV6, kGeneric } kind = Kind::kV4;
    RouteTable<4> v4;
    RouteTable<16> v6;
    NlriTable generic;
    std::vector<uint32_t> dirty;  // record numbers
    size_t cursor = 0;            // dirty[0, cursor) already drained
    size_t wanted = 0;            // records with attributes
    bool active = false;
    bool eor_pending = false;
    bool eorr_pending = false;  // RFC 7313 End-of-RIB route refresh
    uint64_t sent_announced = 0;  // routes put in UPDATEs since the table was made
    uint64_t sent_withdrawn = 0;
  };

  Table& TableFor(wire::Family family);
  template <typename Routes>
  void Announce(Table& t, Routes& routes, const typename Routes::value_type& nlri, uint32_t attr);
  template <typename Routes>
  bool Withdraw(Table& t, Routes& routes, const typename Routes::value_type& nlri);
  template <typename Routes>
  void WithdrawAll(Table& t, Routes& routes);
  template <typename Routes>
  void QueueAll(Table& t, Routes& routes, bool wanted_only);
  template <typename Routes>
  void Forget(Table& t, Routes& routes);
  template <typename Routes>
  void DrainTable(Table& t, Routes& routes, const PeerContext& peer, size_t budget,
                  Bytes* out, DrainStats* stats);
  // Withdraws routes that cannot be sent and reports them in stats->refused.
  template <typename Routes>
  void Refuse(Table& t, Routes& routes, std::span<const typename Routes::value_type> nlri, const std::string& why,
              const wire::Negotiated& negotiated, Bytes* out, DrainStats* stats);
  template <typename Routes, typename Fn>
  void ForEachIn(const Table& t, const Routes& routes, const Fn& fn) const;
  void SetAttr(uint32_t* slot, uint32_t attr);

  AttrPool* const pool_;
  std::vector<Table> tables_;
  bool active_ = false;
  // The session's `next-hop self` addresses, from the last Drain() (so that
  // a route given again with its next hop spelled the other way is not
  // sent again); reset by Stop().
  std::optional<IpAddress> self_v4_, self_v6_;
  // Whether attribute sets a and b send the same thing on this session:
  // equal but for a next hop given as `self` in one and as the address
  // `self` stands for in the other.
  bool SameOnTheWire(uint32_t a, uint32_t b, wire::Family family) const;
  // (The grouping scratch space is shared by every AdjRibOut of the thread:
  // adj_rib_out.cc.)
};

}  // namespace herald::rib
