// Internal to wire/: the address family registry (BIRD's bgp_af_table).
//
// One FamilyCodec per (AFI, SAFI) herald can code: how to read and write its
// NLRI and the next hop of its MP_REACH_NLRI. IPv4 and IPv6 unicast share
// the prefix codec of RFC 4271 §4.3 and fill Reach/Unreach `nlri`; every
// other family (multicast, labeled unicast, VPN, FlowSpec, VPLS; EVPN to come) reads
// its NLRI into canonical bytes (GenericNlri), which are written back as
// they are, so encoding needs no hook.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "wire/error.h"
#include "wire/family.h"
#include "wire/nlri.h"

namespace herald::wire::internal {

struct FamilyCodec {
  Family family;
  // One of the two. Decodes NLRI until the reader is empty (errors are
  // 3/10). The generic decoder may meet errors that spare the rest of the
  // field (RFC 7606 treat-as-withdraw): it records them in *soft, goes on
  // with the next NLRI, and returns only the errors that leave the field
  // unreadable.
  std::optional<WireError> (*decode_nlri)(ByteReader& r, bool add_path, std::vector<InetNlri>* out);
  std::optional<WireError> (*decode_generic)(ByteReader& r, bool add_path, std::vector<GenericNlri>* out,
                                             std::optional<WireError>* soft);
  // Decodes the next-hop field of MP_REACH_NLRI, carved to its length.
  Result<MpNextHop, WireError> (*decode_next_hop)(ByteReader& r);
  // Bytes encode_next_hop writes, or nullopt if the next hop is not valid
  // for the family.
  std::optional<size_t> (*next_hop_size)(const MpNextHop& nh);
  void (*encode_next_hop)(ByteWriter& w, const MpNextHop& nh);
  // Routes may go without a next hop (MpNextHop::none): FlowSpec.
  bool next_hop_optional = false;
  // Appends the RIB key of a generic NLRI's bytes; null: the bytes
  // themselves. Labeled families leave the label stack out.
  void (*append_key)(ByteSpan nlri, std::string* key) = nullptr;
  // ADD-PATH (RFC 7911) is announced for the family: unicast, labeled
  // unicast and VPN, as ExaBGP 5.0 announces it.
  bool add_path = false;
  // The next hop may be IPv4 or IPv6 whatever the AFI (MVPN, MUP).
  bool any_next_hop = false;
  // Part of `family { all; }` and of a neighbor without a family block.
  // RT-Constrain is not (nlri.cc says why).
  bool in_all = true;
};

// The registry entry for a family, or null.
const FamilyCodec* FindFamily(Family family);

// FlowSpec's hooks (flowspec_family.cc).
std::optional<WireError> DecodeFlowGeneric(ByteReader& r, Afi afi, bool vpn, bool add_path,
                                           std::vector<GenericNlri>* out, std::optional<WireError>* soft);
Result<MpNextHop, WireError> DecodeOptionalNextHop(ByteReader& r, Afi afi);
std::optional<size_t> OptionalNextHopSize(const MpNextHop& nh, Afi afi);

// Multicast, labeled unicast and VPN hooks (labeled_family.cc).
std::optional<WireError> DecodeLabeledGeneric(ByteReader& r, Family family, bool add_path,
                                              std::vector<GenericNlri>* out);
Result<MpNextHop, WireError> DecodeVpnNextHop(ByteReader& r, Afi afi);
std::optional<size_t> VpnNextHopSize(const MpNextHop& nh, Afi afi);
void EncodeVpnNextHop(ByteWriter& w, const MpNextHop& nh);

}  // namespace herald::wire::internal
