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

// The routes of one family an UPDATE announces: IPv4 unicast in the
// message's own NLRI field (`classic`, RFC 4271 §4.3, next hop in
// attrs.next_hop), or any family in MP_REACH_NLRI (RFC 4760 §3) with its
// next hop.
struct Reach {
  Family family;
  bool classic = false;
  MpNextHop next_hop;  // MP_REACH_NLRI only
  std::vector<InetNlri> nlri;  // IPv4/IPv6 unicast
  // The NLRI carry path identifiers (RFC 7911 ADD-PATH).
  bool add_path = false;
  std::vector<GenericNlri> generic;  // every other family
  friend bool operator==(const Reach&, const Reach&) = default;
};

// The routes of one family an UPDATE withdraws: IPv4 unicast in the
// Withdrawn Routes field (`classic`), or any family in MP_UNREACH_NLRI.
struct Unreach {
  Family family;
  bool classic = false;
  std::vector<InetNlri> nlri;  // IPv4/IPv6 unicast
  bool add_path = false;       // RFC 7911
  std::vector<GenericNlri> generic;  // every other family
  friend bool operator==(const Unreach&, const Unreach&) = default;
};

struct Update {
  PathAttributes attrs;
  // Per family, in message order: the classic field first (when present),
  // then the MP attribute. A decoded message has at most one of each; after
  // treat-as-withdraw, MP_REACH's routes join the withdrawn list of their
  // family and field.
  std::vector<Reach> reach;
  std::vector<Unreach> unreach;
  // RFC 7606: the strongest non-fatal error met while decoding.
  std::optional<WireError> soft_error;
  // Families of MP_REACH/MP_UNREACH attributes skipped while decoding because
  // herald does not support them or they were not negotiated (RFC 4760 §7).
  // Not encoded.
  std::vector<Family> skipped;

  friend bool operator==(const Update&, const Update&) = default;

  // The list of `family` in the classic field or an MP attribute, made
  // (after the others) if absent.
  Reach& ReachOf(Family family, bool classic);
  Unreach& UnreachOf(Family family, bool classic);
  // Shorthands for the classic fields and the MP attributes (tests, tools).
  Reach& Announce(const std::vector<InetNlri>& nlri);  // classic IPv4 unicast
  Reach& Announce(Family family, const MpNextHop& next_hop, const std::vector<InetNlri>& nlri);
  Unreach& Withdraw(const std::vector<InetNlri>& nlri);  // classic IPv4 unicast
  Unreach& Withdraw(Family family, const std::vector<InetNlri>& nlri);
  // The list, or null.
  const Reach* FindReach(bool classic) const;
  const Unreach* FindUnreach(bool classic) const;

  // End-of-RIB (RFC 4724 §2): an empty UPDATE for IPv4 unicast, or one with
  // only an empty MP_UNREACH_NLRI for other families. nullopt when an MP
  // attribute was skipped (an End-of-RIB of a family herald does not use).
  std::optional<Family> EndOfRib() const;
  bool empty() const;
  // Routes (announced or withdrawn) of a family herald decodes, or an
  // End-of-RIB: what processes are told of.
  bool CarriesRoutes() const { return !reach.empty() || !unreach.empty() || EndOfRib(); }

  // Body only (after the header).
  static Result<Update, WireError> Decode(ByteReader& body, const Negotiated& negotiated);
  // REQUIRES: the result fits in one message (fails the writer otherwise).
  void Encode(ByteWriter& w, const Negotiated& negotiated) const;
};

// The routes of an Update's classic fields (empty if absent) and of its MP
// attributes (null if absent), for tests and tools.
inline const std::vector<InetNlri>& ClassicNlri(const Update& u) {
  static const std::vector<InetNlri> kNone;
  const Reach* r = u.FindReach(true);
  return r ? r->nlri : kNone;
}
inline const std::vector<InetNlri>& ClassicWithdrawn(const Update& u) {
  static const std::vector<InetNlri> kNone;
  const Unreach* r = u.FindUnreach(true);
  return r ? r->nlri : kNone;
}
inline const Reach* MpReachOf(const Update& u) { return u.FindReach(false); }
inline const Unreach* MpUnreachOf(const Update& u) { return u.FindUnreach(false); }
inline Reach* MpReachOf(Update& u) { return const_cast<Reach*>(u.FindReach(false)); }
inline Unreach* MpUnreachOf(Update& u) { return const_cast<Unreach*>(u.FindUnreach(false)); }

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
// The same for a family whose routes are GenericNlri (IsGenericFamily):
// always MP_REACH_NLRI, with no next hop when next_hop.none and the family
// allows it.
bool EncodeAnnounce(Family family, const PathAttributes& attrs, const MpNextHop& next_hop,
                    std::span<const GenericNlri> nlri, const Negotiated& negotiated, Bytes* out);
// Same, withdrawing: classic withdrawn field for IPv4 unicast, MP_UNREACH_NLRI
// otherwise. Writes nothing for a family the registry does not know.
void EncodeWithdraw(Family family, std::span<const InetNlri> nlri, const Negotiated& negotiated,
                    Bytes* out);
void EncodeWithdraw(Family family, std::span<const GenericNlri> nlri, const Negotiated& negotiated,
                    Bytes* out);
// The End-of-RIB marker for a family, as a whole message.
Bytes EncodeEndOfRib(Family family);

}  // namespace herald::wire
