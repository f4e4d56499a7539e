// AdjRibIn: the routes one peer has announced and not withdrawn (RFC 4271
// §3.2 Adj-RIB-In), for `show adj-rib in` and `clear adj-rib in` when the
// neighbor keeps them (`adj-rib-in`, on by default as in ExaBGP).
//
// Stored as compactly as the adj-RIB-out: a RouteTable per address family
// (16 bytes per IPv4 route plus its index slot) naming interned attribute
// sets (the received attributes, the next hop apart), so a full table of a
// million IPv4 routes with few distinct attribute sets takes some 40 MB.
// herald takes no decision on these routes: it keeps them for display.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "rib/attr_pool.h"
#include "rib/nlri_table.h"
#include "rib/route_table.h"
#include "wire/update.h"

namespace herald::rib {

class AdjRibIn {
 public:
  // REQUIRES: pool outlives this AdjRibIn.
  explicit AdjRibIn(AttrPool* pool) : pool_(pool) {}
  ~AdjRibIn() { Clear(); }
  AdjRibIn(const AdjRibIn&) = delete;
  AdjRibIn& operator=(const AdjRibIn&) = delete;

  // Applies a received UPDATE as decoded (treat-as-withdraw already turned
  // into withdrawals): withdrawn routes go, announced ones replace what the
  // peer said before for the same prefix (and path id).
  void Apply(const wire::Update& update);
  // Forgets every route (`clear adj-rib in`, or the session ended).
  void Clear();

  size_t size() const;
  size_t memory() const;
  // Every route, by family in the order families were first seen. The set's
  // attributes are as received: NEXT_HOP (IPv4) may be there too.
  void ForEach(const std::function<void(wire::Family, const wire::InetNlri&, const AttrSet&)>& fn) const;
  // Every route of the generic families (FlowSpec, ...). The set's next hop
  // is kNone when the route came without one.
  void ForEachGeneric(const std::function<void(wire::Family, const wire::GenericNlri&, const AttrSet&)>& fn) const;

 private:
  struct Table {
    wire::Family family;
    bool generic = false;  // routes in `other`, else in v4 or v6
    RouteTable<4> v4;
    RouteTable<16> v6;
    NlriTable other;
  };
  Table& TableFor(wire::Family family);
  template <typename Nlri>
  void Announce(wire::Family family, const std::vector<Nlri>& nlri, uint32_t attr);
  template <typename Nlri>
  void Withdraw(wire::Family family, const std::vector<Nlri>& nlri);

  AttrPool* const pool_;
  std::vector<Table> tables_;
};

}  // namespace herald::rib
