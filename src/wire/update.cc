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
  bool classic = false, announces = false;
  for (const Reach& r : u->reach) {
    if (r.nlri.empty() && r.generic.empty()) continue;
    announces = true;
    classic = classic || r.classic;
  }
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

// The routes of u->reach[i] become withdrawals of their family and field;
// the entry is removed.
void WithdrawReach(Update* u, size_t i) {
  Reach reach = std::move(u->reach[i]);
  u->reach.erase(u->reach.begin() + static_cast<std::ptrdiff_t>(i));
  if (reach.nlri.empty() && reach.generic.empty() && !reach.classic) {
    // An empty MP_REACH_NLRI withdraws nothing, but its family is still named.
    u->UnreachOf(reach.family, false).add_path = reach.add_path;
    return;
  }
  Unreach& unreach = u->UnreachOf(reach.family, reach.classic);
  unreach.add_path = reach.add_path;
  unreach.nlri.insert(unreach.nlri.end(), reach.nlri.begin(), reach.nlri.end());
  unreach.generic.insert(unreach.generic.end(), std::make_move_iterator(reach.generic.begin()),
                         std::make_move_iterator(reach.generic.end()));
}

// Treat-as-withdraw (RFC 7606 §2): every route the message announces is
// withdrawn instead.
void WithdrawAll(Update* u) {
  while (!u->reach.empty()) WithdrawReach(u, 0);
}

// RFC 4271 §6.3: a next hop that is syntactically right but semantically
// wrong (NextHopProblem, or the receiver's own address) is logged and the
// routes using it are ignored, with no NOTIFICATION: the classic NLRI for
// NEXT_HOP (which only they use, RFC 4760 §3), MP_REACH_NLRI's own routes
// for its next hop. Recorded as a treat-as-withdraw 3/8 soft error.
void CheckNextHops(Update* u, const Negotiated& negotiated) {
  for (size_t i = 0; i < u->reach.size();) {
    const Reach& r = u->reach[i];
    if ((r.nlri.empty() && r.generic.empty()) || (r.classic && !u->attrs.next_hop) || (!r.classic && r.next_hop.none)) {
      ++i;
      continue;
    }
    const IpAddress& nh = r.classic ? *u->attrs.next_hop : r.next_hop.address;
    std::string why = ReceivedNextHopProblem(nh, negotiated);
    if (why.empty()) {
      ++i;
      continue;
    }
    if (r.classic) {
      Bytes data = {kFlagTransitive, static_cast<uint8_t>(AttrCode::kNextHop), 4};
      data.insert(data.end(), nh.bytes().begin(), nh.bytes().end());
      MergeSoft(&u->soft_error,
                UpdateError(UpdateSubcode::kInvalidNextHop, "NEXT_HOP " + nh.ToString() + " is " + why,
                            std::move(data), ErrorAction::kTreatAsWithdraw));
    } else {
      MergeSoft(&u->soft_error,
                UpdateError(UpdateSubcode::kInvalidNextHop,
                            "MP_REACH_NLRI " + r.family.Name() + " next hop " + nh.ToString() + " is " + why,
                            Bytes(nh.bytes().begin(), nh.bytes().end()), ErrorAction::kTreatAsWithdraw));
    }
    WithdrawReach(u, i);
  }
}

WireError Malformed(std::string what) {
  // RFC 4271 §6.3 / RFC 7606 §4: lengths that do not fit the message leave
  // it unreadable.
  return UpdateError(UpdateSubcode::kMalformedAttributeList, std::move(what));
}

}  // namespace

Reach& Update::ReachOf(Family family, bool classic) {
  for (Reach& r : reach)
    if (r.family == family && r.classic == classic) return r;
  // The classic field comes first, as in the message.
  auto at = classic ? reach.begin() : reach.end();
  return *reach.insert(at, Reach{family, classic, {}, {}});
}

Unreach& Update::UnreachOf(Family family, bool classic) {
  for (Unreach& r : unreach)
    if (r.family == family && r.classic == classic) return r;
  auto at = classic ? unreach.begin() : unreach.end();
  return *unreach.insert(at, Unreach{family, classic, {}});
}

Reach& Update::Announce(const std::vector<InetNlri>& nlri) {
  Reach& r = ReachOf(kIpv4Unicast, true);
  r.nlri = nlri;
  return r;
}

Reach& Update::Announce(Family family, const MpNextHop& next_hop, const std::vector<InetNlri>& nlri) {
  Reach& r = ReachOf(family, false);
  r.next_hop = next_hop;
  r.nlri = nlri;
  return r;
}

Unreach& Update::Withdraw(const std::vector<InetNlri>& nlri) {
  Unreach& r = UnreachOf(kIpv4Unicast, true);
  r.nlri = nlri;
  return r;
}

Unreach& Update::Withdraw(Family family, const std::vector<InetNlri>& nlri) {
  Unreach& r = UnreachOf(family, false);
  r.nlri = nlri;
  return r;
}

const Reach* Update::FindReach(bool classic) const {
  for (const Reach& r : reach)
    if (r.classic == classic) return &r;
  return nullptr;
}

const Unreach* Update::FindUnreach(bool classic) const {
  for (const Unreach& r : unreach)
    if (r.classic == classic) return &r;
  return nullptr;
}

std::optional<Family> Update::EndOfRib() const {
  if (!reach.empty() || !skipped.empty() || !(attrs == PathAttributes{})) return std::nullopt;
  if (unreach.empty()) return kIpv4Unicast;
  if (unreach.size() == 1 && !unreach[0].classic && unreach[0].nlri.empty() && unreach[0].generic.empty())
    return unreach[0].family;
  return std::nullopt;
}

bool Update::empty() const {
  return reach.empty() && unreach.empty() && skipped.empty() && attrs == PathAttributes{};
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
  const bool add_path = negotiated.ReceivesPathId(kIpv4Unicast);
  std::vector<InetNlri> classic;
  if (auto err = DecodeInetNlri(withdrawn, Afi::kIpv4, add_path, &classic)) {
    err->what = "UPDATE withdrawn routes: " + err->what;
    return Fail(std::move(*err));
  }
  if (!classic.empty()) u.unreach.push_back(Unreach{kIpv4Unicast, true, std::move(classic), add_path});
  ByteSpan reach, unreach;
  auto decoded = DecodeAttributes(attrs, negotiated, &reach, &unreach, &u.soft_error);
  if (!decoded) return Fail(std::move(decoded).error());
  u.attrs = std::move(*decoded);
  if (reach.data() != nullptr) {  // present, maybe empty
    if (auto err = internal::DecodeMpReach(reach, negotiated, &u.reach, &u.skipped, &u.soft_error)) return Fail(std::move(*err));
  }
  if (unreach.data() != nullptr) {
    if (auto err = internal::DecodeMpUnreach(unreach, negotiated, &u.unreach, &u.skipped, &u.soft_error)) return Fail(std::move(*err));
  }
  classic.clear();
  if (auto err = DecodeInetNlri(body, Afi::kIpv4, add_path, &classic)) {
    err->what = "UPDATE NLRI: " + err->what;
    return Fail(std::move(*err));
  }
  if (!classic.empty())
    u.reach.insert(u.reach.begin(), Reach{kIpv4Unicast, true, {}, std::move(classic), add_path});

  CheckMandatory(&u);
  if (u.soft_error && u.soft_error->action == ErrorAction::kTreatAsWithdraw) WithdrawAll(&u);
  CheckNextHops(&u, negotiated);
  return u;
}

void Update::Encode(ByteWriter& w, const Negotiated& negotiated) const {
  // One field or attribute each: a decoded message, or one built so.
  const Reach* classic_reach = nullptr;
  const Unreach* classic_unreach = nullptr;
  size_t mp_reach = 0, mp_unreach = 0;
  Bytes reach_bytes, unreach_bytes;
  ByteWriter rw(&reach_bytes), uw(&unreach_bytes);
  for (const Reach& r : reach) {
    if (r.classic ? (classic_reach != nullptr || r.family != kIpv4Unicast) : mp_reach++ > 0) return w.Fail();
    if (r.classic) classic_reach = &r;
    else internal::EncodeMpReach(rw, r);
  }
  for (const Unreach& r : unreach) {
    if (r.classic ? (classic_unreach != nullptr || r.family != kIpv4Unicast) : mp_unreach++ > 0) return w.Fail();
    if (r.classic) classic_unreach = &r;
    else internal::EncodeMpUnreach(uw, r);
  }
  if (!rw.ok() || !uw.ok()) return w.Fail();

  size_t at = w.Reserve16();
  if (classic_unreach)
    for (const InetNlri& n : classic_unreach->nlri) EncodeInetNlri(w, n, classic_unreach->add_path);
  w.Patch16(at, w.Since(at, 2));
  at = w.Reserve16();
  EncodeAttributes(w, attrs, negotiated, true, unreach_bytes, reach_bytes);
  w.Patch16(at, w.Since(at, 2));
  if (classic_reach)
    for (const InetNlri& n : classic_reach->nlri) EncodeInetNlri(w, n, classic_reach->add_path);
}

}  // namespace herald::wire
