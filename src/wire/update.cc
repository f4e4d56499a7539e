// UPDATE decoding and whole-message encoding (RFC 4271 §4.3, RFC 4760,
// RFC 7606). The packing encoders used by senders are in update_pack.cc.
#include "wire/update.h"

#include "wire/attribute_codec.h"
#include "wire/mp_nlri.h"
#include "wire/next_hop.h"

namespace herald::wire {
namespace {

using internal::MergeSoft;

// RFC 7606 §3(d): a missing well-known mandatory attribute is
// treat-as-withdraw; the NOTIFICATION data would be its type (RFC 4271 §6.3).
void CheckMandatory(Update* u) {
  const bool classic = !u->nlri.empty();
  const bool announces = classic || (u->mp_reach && !u->mp_reach->nlri.empty());
  if (!announces) return;
  auto missing = [&](AttrCode code, const char* name) {
    MergeSoft(&u->soft_error, UpdateError(UpdateSubcode::kMissingWellKnownAttribute,
                                          std::string("missing well-known attribute ") + name,
                                          Bytes{static_cast<uint8_t>(code)}, ErrorAction::kTreatAsWithdraw));
  };
  if (!u->attrs.origin) missing(AttrCode::kOrigin, "ORIGIN");
  if (!u->attrs.as_path) missing(AttrCode::kAsPath, "AS_PATH");
  // RFC 4760 §3: NEXT_HOP is needed only for routes in the classic field.
  if (classic && !u->attrs.next_hop) missing(AttrCode::kNextHop, "NEXT_HOP");
}

// The classic NLRI field's routes become withdrawals.
void WithdrawClassic(Update* u) {
  u->withdrawn.insert(u->withdrawn.end(), u->nlri.begin(), u->nlri.end());
  u->nlri.clear();
}

// MP_REACH_NLRI's routes become withdrawals of their family.
void WithdrawMpReach(Update* u) {
  if (!u->mp_reach) return;
  MpReach reach = std::move(*u->mp_reach);
  u->mp_reach.reset();
  // IPv4 unicast routes have the classic withdrawn field.
  if (reach.family == kIpv4Unicast) {
    u->withdrawn.insert(u->withdrawn.end(), reach.nlri.begin(), reach.nlri.end());
    return;
  }
  if (!u->mp_unreach) {
    u->mp_unreach = MpUnreach{reach.family, std::move(reach.nlri)};
    return;
  }
  if (u->mp_unreach->family != reach.family) {
    // MpUnreach holds one family. With IPv4 and IPv6 unicast the only
    // registered families, the MP_UNREACH one is then IPv4 unicast, which
    // the classic field can hold. A third family will need MpUnreach lists.
    u->withdrawn.insert(u->withdrawn.end(), u->mp_unreach->withdrawn.begin(), u->mp_unreach->withdrawn.end());
    u->mp_unreach = MpUnreach{reach.family, {}};
  }
  auto& w = u->mp_unreach->withdrawn;
  w.insert(w.end(), reach.nlri.begin(), reach.nlri.end());
}

// Treat-as-withdraw (RFC 7606 §2): every route the message announces is
// withdrawn instead.
void WithdrawAll(Update* u) {
  WithdrawClassic(u);
  WithdrawMpReach(u);
}

// RFC 4271 §6.3: a next hop that is syntactically right but semantically
// wrong (NextHopProblem, or the receiver's own address) is logged and the
// routes using it are ignored, with no NOTIFICATION: the classic NLRI for
// NEXT_HOP (which only they use, RFC 4760 §3), MP_REACH_NLRI's own routes
// for its next hop. Recorded as a treat-as-withdraw 3/8 soft error.
void CheckNextHops(Update* u, const Negotiated& negotiated) {
  if (!u->nlri.empty() && u->attrs.next_hop) {
    const IpAddress& nh = *u->attrs.next_hop;
    if (std::string why = ReceivedNextHopProblem(nh, negotiated); !why.empty()) {
      Bytes data = {kFlagTransitive, static_cast<uint8_t>(AttrCode::kNextHop), 4};
      data.insert(data.end(), nh.bytes().begin(), nh.bytes().end());
      MergeSoft(&u->soft_error,
                UpdateError(UpdateSubcode::kInvalidNextHop, "NEXT_HOP " + nh.ToString() + " is " + why,
                            std::move(data), ErrorAction::kTreatAsWithdraw));
      WithdrawClassic(u);
    }
  }
  if (u->mp_reach && !u->mp_reach->nlri.empty()) {
    const IpAddress& nh = u->mp_reach->next_hop.address;
    if (std::string why = ReceivedNextHopProblem(nh, negotiated); !why.empty()) {
      MergeSoft(&u->soft_error, UpdateError(UpdateSubcode::kInvalidNextHop,
                                            "MP_REACH_NLRI " + u->mp_reach->family.Name() + " next hop " +
                                                nh.ToString() + " is " + why,
                                            Bytes(nh.bytes().begin(), nh.bytes().end()),
                                            ErrorAction::kTreatAsWithdraw));
      WithdrawMpReach(u);
    }
  }
}

WireError Malformed(std::string what) {
  // RFC 4271 §6.3 / RFC 7606 §4: lengths that do not fit the message leave
  // it unreadable.
  return UpdateError(UpdateSubcode::kMalformedAttributeList, std::move(what));
}

}  // namespace

std::optional<Family> Update::EndOfRib() const {
  if (!withdrawn.empty() || !nlri.empty() || mp_reach || !skipped.empty() || !(attrs == PathAttributes{}))
    return std::nullopt;
  if (!mp_unreach) return kIpv4Unicast;
  if (mp_unreach->withdrawn.empty()) return mp_unreach->family;
  return std::nullopt;
}

bool Update::empty() const {
  return withdrawn.empty() && nlri.empty() && !mp_reach && !mp_unreach && skipped.empty() &&
         attrs == PathAttributes{};
}

Result<Update, WireError> Update::Decode(ByteReader& body, const Negotiated& negotiated) {
  Update u;
  uint16_t withdrawn_length = 0, attrs_length = 0;
  ByteReader withdrawn, attrs;
  if (!body.ReadU16(&withdrawn_length) || !body.Sub(withdrawn_length, &withdrawn))
    return Fail(Malformed("UPDATE: withdrawn routes length runs past the end of the message"));
  if (!body.ReadU16(&attrs_length) || !body.Sub(attrs_length, &attrs))
    return Fail(Malformed("UPDATE: path attributes length runs past the end of the message"));

  // RFC 7606 §5.3: errors in the classic NLRI fields reset the session.
  if (auto err = DecodeInetNlri(withdrawn, Afi::kIpv4, false, &u.withdrawn)) {
    err->what = "UPDATE withdrawn routes: " + err->what;
    return Fail(std::move(*err));
  }
  ByteSpan reach, unreach;
  auto decoded = DecodeAttributes(attrs, negotiated, &reach, &unreach, &u.soft_error);
  if (!decoded) return Fail(std::move(decoded).error());
  u.attrs = std::move(*decoded);
  if (reach.data() != nullptr) {  // present, maybe empty
    if (auto err = internal::DecodeMpReach(reach, negotiated, &u.mp_reach, &u.skipped)) return Fail(std::move(*err));
  }
  if (unreach.data() != nullptr) {
    if (auto err = internal::DecodeMpUnreach(unreach, negotiated, &u.mp_unreach, &u.skipped)) return Fail(std::move(*err));
  }
  if (auto err = DecodeInetNlri(body, Afi::kIpv4, false, &u.nlri)) {
    err->what = "UPDATE NLRI: " + err->what;
    return Fail(std::move(*err));
  }

  CheckMandatory(&u);
  if (u.soft_error && u.soft_error->action == ErrorAction::kTreatAsWithdraw) WithdrawAll(&u);
  CheckNextHops(&u, negotiated);
  return u;
}

void Update::Encode(ByteWriter& w, const Negotiated& negotiated) const {
  size_t at = w.Reserve16();
  for (const InetNlri& n : withdrawn) EncodeInetNlri(w, n, false);
  w.Patch16(at, w.Since(at, 2));

  Bytes reach, unreach;
  ByteWriter rw(&reach), uw(&unreach);
  if (mp_reach) internal::EncodeMpReach(rw, *mp_reach);
  if (mp_unreach) internal::EncodeMpUnreach(uw, *mp_unreach);
  if (!rw.ok() || !uw.ok()) return w.Fail();
  at = w.Reserve16();
  EncodeAttributes(w, attrs, negotiated, true, unreach, reach);
  w.Patch16(at, w.Since(at, 2));

  for (const InetNlri& n : nlri) EncodeInetNlri(w, n, false);
}

}  // namespace herald::wire
