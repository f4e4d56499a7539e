// UPDATE message, RFC 4271 §4.3, with MP_REACH_NLRI / MP_UNREACH_NLRI (RFC
// 4760) and the error handling of RFC 7606.
//
// Decoding: fatal problems return a WireError (the session is reset with its
// NOTIFICATION). Non-fatal ones are recorded in soft_error; for
// treat-as-withdraw, every announced route of the message is moved to the
// withdrawn lists, so the caller can act on the Update as it stands (IPv4
// unicast routes of MP_REACH go to `withdrawn`, others to mp_unreach).
// Fatal: withdrawn or total path attribute length past the body (3/1), bad
// classic NLRI (3/10), a malformed MP_REACH/MP_UNREACH of a negotiated,
// supported family (3/9 or 3/10, RFC 7606 §7.11), and what DecodeAttributes
// finds fatal (an MP_REACH/MP_UNREACH running past the attributes field,
// ...). An attribute running past the field, or stray octets after the last
// one, is treat-as-withdraw 3/1 (RFC 7606 §4): the NLRI field is still
// found from the Total Path Attribute Length. MP_REACH/MP_UNREACH of other
// families are skipped (RFC 4760 §7). Missing ORIGIN or AS_PATH when routes
// are announced, or NEXT_HOP when the classic NLRI field is used, is
// treat-as-withdraw 3/3 with the type code as data (RFC 7606 §3(d)).
// A next hop no route can use (wire/next_hop.h: 0.0.0.0/8, multicast,
// 240.0.0.0/4, ::, ff00::/8, or herald's own address on the session,
// Negotiated::local_address) is semantically incorrect (RFC 4271 §6.3): the
// routes that use it are withdrawn instead (the classic NLRI for NEXT_HOP,
// MP_REACH_NLRI's routes for its next hop), with a 3/8 treat-as-withdraw
// soft error carrying the NEXT_HOP attribute (or the MP next hop address).
//
// Encoding a whole Update is for tests and tools. Senders use
// EncodeAnnounce/EncodeWithdraw, which split routes across as many messages
// as the size limit needs and write them straight into a send buffer.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "wire/attributes.h"
#include "wire/error.h"
#include "wire/family.h"
#include "wire/negotiated.h"
#include "wire/nlri.h"

namespace herald::wire {

struct MpReach {
  Family family;
  MpNextHop next_hop;
  std::vector<InetNlri> nlri;
  friend bool operator==(const MpReach&, const MpReach&) = default;
};

struct MpUnreach {
  Family family;
  std::vector<InetNlri> withdrawn;
  friend bool operator==(const MpUnreach&, const MpUnreach&) = default;
};

struct Update {
  std::vector<InetNlri> withdrawn;  // IPv4 unicast, classic field
  PathAttributes attrs;
  std::vector<InetNlri> nlri;  // IPv4 unicast, classic field
  std::optional<MpReach> mp_reach;
  std::optional<MpUnreach> mp_unreach;
  // RFC 7606: the strongest non-fatal error met while decoding.
  std::optional<WireError> soft_error;
  // Families of MP_REACH/MP_UNREACH attributes skipped while decoding because
  // herald does not support them or they were not negotiated (RFC 4760 §7).
  // Not encoded.
  std::vector<Family> skipped;

  friend bool operator==(const Update&, const Update&) = default;

  // End-of-RIB (RFC 4724 §2): an empty UPDATE for IPv4 unicast, or one with
  // only an empty MP_UNREACH_NLRI for other families. nullopt when an MP
  // attribute was skipped (an End-of-RIB of a family herald does not use).
  std::optional<Family> EndOfRib() const;
  bool empty() const;
  // Routes (announced or withdrawn) of a family herald decodes, or an
  // End-of-RIB: what processes are told of.
  bool CarriesRoutes() const {
    return !withdrawn.empty() || !nlri.empty() || mp_reach || mp_unreach || EndOfRib();
  }

  // Body only (after the header).
  static Result<Update, WireError> Decode(ByteReader& body, const Negotiated& negotiated);
  // REQUIRES: the result fits in one message (fails the writer otherwise).
  void Encode(ByteWriter& w, const Negotiated& negotiated) const;
};

// Appends to *out as many whole UPDATE messages (headers included) as needed
// to announce every route of `nlri` with `attrs`. IPv4 unicast routes go in
// the classic NLRI field with attrs.next_hop as NEXT_HOP; other families go in
// MP_REACH_NLRI with `next_hop` (and no NEXT_HOP attribute). Attributes are
// encoded once. Returns false (and writes nothing) if the attributes alone
// do not leave room for one route, if an IPv4 unicast announcement has no
// attrs.next_hop, or if the family or next hop cannot be encoded.
// REQUIRES: every prefix is of the family's address family.
bool EncodeAnnounce(Family family, const PathAttributes& attrs, const MpNextHop& next_hop,
                    std::span<const InetNlri> nlri, const Negotiated& negotiated, Bytes* out);
// Same, withdrawing: classic withdrawn field for IPv4 unicast, MP_UNREACH_NLRI
// otherwise. Writes nothing for a family the registry does not know.
void EncodeWithdraw(Family family, std::span<const InetNlri> nlri, const Negotiated& negotiated,
                    Bytes* out);
// The End-of-RIB marker for a family, as a whole message.
Bytes EncodeEndOfRib(Family family);

}  // namespace herald::wire
