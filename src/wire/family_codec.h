// Internal to wire/: the address family registry (BIRD's bgp_af_table).
//
// One FamilyCodec per (AFI, SAFI) herald can code: how to read and write its
// NLRI and the next hop of its MP_REACH_NLRI. IPv4 and IPv6 unicast share
// the prefix codec of RFC 4271 §4.3; labeled unicast, VPN, FlowSpec and EVPN
// are to be new entries (and new NLRI types in Reach/Unreach).
#pragma once

#include <optional>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "wire/error.h"
#include "wire/family.h"
#include "wire/nlri.h"

namespace herald::wire::internal {

struct FamilyCodec {
  Family family;
  // Decodes NLRI until the reader is empty (errors are 3/10).
  std::optional<WireError> (*decode_nlri)(ByteReader& r, bool add_path, std::vector<InetNlri>* out);
  // Decodes the next-hop field of MP_REACH_NLRI, carved to its length.
  Result<MpNextHop, WireError> (*decode_next_hop)(ByteReader& r);
  // Bytes encode_next_hop writes, or 0 if the next hop is not valid for the
  // family.
  size_t (*next_hop_size)(const MpNextHop& nh);
  void (*encode_next_hop)(ByteWriter& w, const MpNextHop& nh);
};

// The registry entry for a family, or null.
const FamilyCodec* FindFamily(Family family);

}  // namespace herald::wire::internal
