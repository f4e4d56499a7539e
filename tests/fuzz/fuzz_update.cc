// UPDATE bodies, the hot path (wire::Update::Decode). Input: one byte for
// the session (fuzz_check.h), then the body (after the 19-byte header).
// Whatever decodes must survive the round trip (wire_round_trip.h). Its routes
// are then sent again the way herald sends routes (EncodeAnnounce /
// EncodeWithdraw, which split them over as many messages as needed), and the
// messages must decode to the same routes and attributes.
#include <algorithm>
#include <string>

#include "base/hex.h"
#include "fuzz_check.h"
#include "wire/message.h"
#include "wire/next_hop.h"
#include "wire_round_trip.h"

using namespace herald;

namespace {

// The routes a series of whole messages carries, per family.
struct Routes {
  std::vector<wire::InetNlri> announced, withdrawn;
  std::optional<wire::PathAttributes> attrs;
  std::optional<wire::MpNextHop> next_hop;
};

void Collect(const Bytes& messages, const wire::Negotiated& negotiated, wire::Family family, Routes* out) {
  ByteSpan rest(messages);
  while (!rest.empty()) {
    auto header = wire::DecodeHeader(rest, negotiated.max_message_size());
    HERALD_FUZZ_CHECK(header.ok() && header->length <= rest.size(), "packed: " + ToHex(messages));
    ByteReader body(rest.subspan(wire::kHeaderSize, header->length - wire::kHeaderSize));
    auto u = wire::Update::Decode(body, negotiated);
    HERALD_FUZZ_CHECK(u.ok() && !u->soft_error, "packed: " + ToHex(messages) + "\n" + (u.ok() ? u->soft_error->what : u.error().what));
    rest = rest.subspan(header->length);
    const bool classic = family == wire::kIpv4Unicast;
    const auto& announced = classic ? ClassicNlri(*u) : MpReachOf(*u) ? MpReachOf(*u)->nlri : ClassicNlri(*u);
    const auto& withdrawn = classic ? ClassicWithdrawn(*u) : MpUnreachOf(*u) ? MpUnreachOf(*u)->nlri : ClassicWithdrawn(*u);
    out->announced.insert(out->announced.end(), announced.begin(), announced.end());
    out->withdrawn.insert(out->withdrawn.end(), withdrawn.begin(), withdrawn.end());
    if (!announced.empty()) {
      wire::PathAttributes a = u->attrs;
      if (!classic) out->next_hop = MpReachOf(*u)->next_hop;
      HERALD_FUZZ_CHECK(!out->attrs || *out->attrs == a, "packed messages with different attributes");
      out->attrs = a;
    }
  }
}

void CheckRepack(const wire::Update& u, const wire::Negotiated& negotiated) {
  // Classic IPv4 unicast routes.
  if (!ClassicNlri(u).empty() && u.attrs.next_hop) {
    Bytes out;
    bool ok = wire::EncodeAnnounce(wire::kIpv4Unicast, u.attrs, {}, ClassicNlri(u), negotiated, &out);
    HERALD_FUZZ_CHECK(ok, "the routes of a decoded UPDATE cannot be sent again");
    Routes r;
    Collect(out, negotiated, wire::kIpv4Unicast, &r);
    HERALD_FUZZ_CHECK(r.announced == ClassicNlri(u), "");
    HERALD_FUZZ_CHECK(r.attrs && fuzz::Comparable(*r.attrs) == fuzz::Expected(u.attrs, negotiated), "");
  }
  if (!ClassicWithdrawn(u).empty()) {
    Bytes out;
    wire::EncodeWithdraw(wire::kIpv4Unicast, ClassicWithdrawn(u), negotiated, &out);
    Routes r;
    Collect(out, negotiated, wire::kIpv4Unicast, &r);
    HERALD_FUZZ_CHECK(r.withdrawn == ClassicWithdrawn(u), "");
  }
  // herald sends IPv4 unicast in the classic fields, whatever field it came
  // in: with the MP next hop as NEXT_HOP, if that can be one.
  const wire::Reach* mp_reach = MpReachOf(u);
  if (mp_reach && mp_reach->family == wire::kIpv4Unicast &&
      (mp_reach->next_hop.link_local || !mp_reach->next_hop.address.is_v4()))
    mp_reach = nullptr;
  if (mp_reach && !mp_reach->nlri.empty()) {
    const wire::Reach& mp = *mp_reach;
    const bool classic = mp.family == wire::kIpv4Unicast;
    wire::PathAttributes attrs = u.attrs;
    if (classic) attrs.next_hop = mp.next_hop.address;
    else attrs.next_hop.reset();  // not sent with MP_REACH_NLRI only
    Bytes out;
    bool ok = wire::EncodeAnnounce(mp.family, attrs, mp.next_hop, mp.nlri, negotiated, &out);
    HERALD_FUZZ_CHECK(ok, "the MP routes of a decoded UPDATE cannot be sent again");
    Routes r;
    Collect(out, negotiated, mp.family, &r);
    HERALD_FUZZ_CHECK(r.announced == mp.nlri, "");
    HERALD_FUZZ_CHECK(r.attrs && fuzz::Comparable(*r.attrs) == fuzz::Expected(attrs, negotiated), "");
    HERALD_FUZZ_CHECK(classic || (r.next_hop && *r.next_hop == mp.next_hop), "");
  }
  if (MpUnreachOf(u) && !MpUnreachOf(u)->nlri.empty()) {
    Bytes out;
    wire::EncodeWithdraw(MpUnreachOf(u)->family, MpUnreachOf(u)->nlri, negotiated, &out);
    Routes r;
    Collect(out, negotiated, MpUnreachOf(u)->family, &r);
    HERALD_FUZZ_CHECK(r.withdrawn == MpUnreachOf(u)->nlri, "");
  }
}

// The routes of every family kept as NLRI bytes (FlowSpec), sent again
// with the packer: the same rules come back, with the same next hop.
std::vector<wire::GenericNlri> CollectGeneric(const Bytes& messages, const wire::Negotiated& negotiated,
                                              wire::Family family, bool reach,
                                              std::optional<wire::MpNextHop>* next_hop) {
  std::vector<wire::GenericNlri> out;
  ByteSpan rest(messages);
  while (!rest.empty()) {
    auto header = wire::DecodeHeader(rest, negotiated.max_message_size());
    HERALD_FUZZ_CHECK(header.ok() && header->length <= rest.size(), "packed: " + ToHex(messages));
    ByteReader body(rest.subspan(wire::kHeaderSize, header->length - wire::kHeaderSize));
    auto u = wire::Update::Decode(body, negotiated);
    HERALD_FUZZ_CHECK(u.ok() && !u->soft_error, "packed: " + ToHex(messages));
    rest = rest.subspan(header->length);
    if (reach) {
      for (const wire::Reach& r : u->reach) {
        HERALD_FUZZ_CHECK(r.family == family, "packed rules of another family");
        out.insert(out.end(), r.generic.begin(), r.generic.end());
        *next_hop = r.next_hop;
      }
    } else {
      for (const wire::Unreach& r : u->unreach) {
        HERALD_FUZZ_CHECK(r.family == family, "packed rules of another family");
        out.insert(out.end(), r.generic.begin(), r.generic.end());
      }
    }
  }
  return out;
}

void CheckRepackGeneric(const wire::Update& u, const wire::Negotiated& negotiated) {
  for (const wire::Reach& r : u.reach) {
    if (r.generic.empty()) continue;
    wire::PathAttributes attrs = u.attrs;
    attrs.next_hop.reset();
    Bytes out;
    bool ok = wire::EncodeAnnounce(r.family, attrs, r.next_hop, std::span<const wire::GenericNlri>(r.generic),
                                   negotiated, &out);
    HERALD_FUZZ_CHECK(ok, "the " + r.family.Name() + " routes of a decoded UPDATE cannot be sent again");
    std::optional<wire::MpNextHop> next_hop;
    HERALD_FUZZ_CHECK(CollectGeneric(out, negotiated, r.family, true, &next_hop) == r.generic, "");
    HERALD_FUZZ_CHECK(next_hop && *next_hop == r.next_hop, "");
  }
  for (const wire::Unreach& r : u.unreach) {
    if (r.generic.empty()) continue;
    Bytes out;
    wire::EncodeWithdraw(r.family, std::span<const wire::GenericNlri>(r.generic), negotiated, &out);
    std::optional<wire::MpNextHop> unused;
    HERALD_FUZZ_CHECK(CollectGeneric(out, negotiated, r.family, false, &unused) == r.generic, "");
  }
}

}  // namespace

extern "C" int FuzzUpdate(const uint8_t* data, size_t size) {
  ByteSpan body;
  wire::Negotiated negotiated = fuzz::TakeNegotiated(data, size, &body);
  if (body.size() + wire::kHeaderSize > negotiated.max_message_size()) return 0;
  // FlowSpec whatever the session byte says: every generic family's codec.
  for (wire::Family f : wire::SupportedFamilies())
    if (wire::IsGenericFamily(f)) negotiated.families.push_back(f);
  ByteReader r(body);
  auto u = wire::Update::Decode(r, negotiated);
  if (!u) {
    HERALD_FUZZ_CHECK(u.error().code != 0 && u.error().fatal(), "a decode error that is not fatal");
    return 0;
  }
  if (u->soft_error) {
    HERALD_FUZZ_CHECK(!u->soft_error->fatal(), "a fatal soft error");
    if (u->soft_error->action == wire::ErrorAction::kTreatAsWithdraw) {
      // A bad next hop withdraws only the routes that use it (RFC 4271
      // §6.3): NEXT_HOP the classic NLRI, MP_REACH_NLRI's its own.
      const bool next_hop_only = u->soft_error->subcode == static_cast<uint8_t>(wire::UpdateSubcode::kInvalidNextHop);
      const bool classic_ok = u->attrs.next_hop && wire::ReceivedNextHopProblem(*u->attrs.next_hop, negotiated).empty();
      const bool mp_ok = MpReachOf(*u) && wire::ReceivedNextHopProblem(MpReachOf(*u)->next_hop.address, negotiated).empty();
      HERALD_FUZZ_CHECK(ClassicNlri(*u).empty() || (next_hop_only && classic_ok),
                        "routes left announced after treat-as-withdraw");
      HERALD_FUZZ_CHECK(!MpReachOf(*u) || MpReachOf(*u)->nlri.empty() || (next_hop_only && mp_ok),
                        "MP routes left announced after treat-as-withdraw");
      for (const wire::Reach& r : u->reach)
        HERALD_FUZZ_CHECK(r.generic.empty() || (next_hop_only && (r.next_hop.none || wire::ReceivedNextHopProblem(
                                                                                   r.next_hop.address, negotiated)
                                                                                   .empty())),
                          r.family.Name() + " routes left announced after treat-as-withdraw");
    }
  }
  fuzz::CheckRoundTrip(wire::Message(*u), negotiated);
  CheckRepack(*u, negotiated);
  CheckRepackGeneric(*u, negotiated);
  return 0;
}
