#include "wire_round_trip.h"

#include <string>

#include "base/hex.h"
#include "fuzz_check.h"

namespace herald::fuzz {

wire::PathAttributes Comparable(wire::PathAttributes a) {
  // An unknown attribute is kept optional transitive with Partial (RFC
  // 4271 §5) and sent so; Extended Length only when the value needs it.
  for (wire::RawAttribute& r : a.unknown) r.flags &= ~wire::kFlagExtendedLength;
  return a;
}

wire::Update Comparable(wire::Update u) {
  u.skipped.clear();
  u.soft_error.reset();
  u.attrs = Comparable(std::move(u.attrs));
  return u;
}

namespace {

wire::Message ComparableMessage(wire::Message m) {
  if (auto* u = std::get_if<wire::Update>(&m)) *u = Comparable(std::move(*u));
  return m;
}

wire::Message ExpectedMessage(const wire::Message& m, const wire::Negotiated& negotiated) {
  wire::Message out = ComparableMessage(m);
  if (auto* u = std::get_if<wire::Update>(&out)) u->attrs = Expected(u->attrs, negotiated);
  return out;
}

// The fields of two UPDATEs that differ, for the failure message.
std::string Diff(const wire::Message& a, const wire::Message& b) {
  auto* x = std::get_if<wire::Update>(&a);
  auto* y = std::get_if<wire::Update>(&b);
  if (!x || !y) return "messages differ";
  std::string d = "fields that differ:";
  auto field = [&](const char* name, bool same) {
    if (!same) d += std::string(" ") + name;
  };
  const wire::PathAttributes &p = x->attrs, &q = y->attrs;
  field("withdrawn", ClassicWithdrawn(*x) == ClassicWithdrawn(*y));
  field("nlri", ClassicNlri(*x) == ClassicNlri(*y));
  field("mp_reach", MpReachOf(*x) == MpReachOf(*y));
  field("mp_unreach", MpUnreachOf(*x) == MpUnreachOf(*y));
  field("origin", p.origin == q.origin);
  field("as_path", p.as_path == q.as_path);
  field("next_hop", p.next_hop == q.next_hop);
  field("med", p.med == q.med);
  field("local_pref", p.local_pref == q.local_pref);
  field("atomic_aggregate", p.atomic_aggregate == q.atomic_aggregate);
  field("aggregator", p.aggregator == q.aggregator);
  field("communities", p.communities == q.communities);
  field("originator_id", p.originator_id == q.originator_id);
  field("cluster_list", p.cluster_list == q.cluster_list);
  field("extended_communities", p.extended_communities == q.extended_communities);
  field("large_communities", p.large_communities == q.large_communities);
  field("unknown", p.unknown == q.unknown);
  return d;
}

}  // namespace

wire::PathAttributes Expected(const wire::PathAttributes& attrs, const wire::Negotiated& negotiated) {
  wire::PathAttributes a = Comparable(attrs);
  if (negotiated.asn4 || !a.as_path || !a.aggregator) return a;
  const uint32_t agg = a.aggregator->asn;
  if (agg > 0xFFFF || agg == wire::kAsTrans) return a;
  for (wire::AsSegment& s : *a.as_path)
    for (uint32_t& asn : s.asns)
      if (asn > 0xFFFF) asn = wire::kAsTrans;
  return a;
}

// An UPDATE whose routes treat-as-withdraw moved (RFC 7606) may withdraw
// more families than one message can (one MP_UNREACH_NLRI): it says what to
// do, it is not a message to send.
bool OneMessage(const wire::Message& message) {
  const auto* u = std::get_if<wire::Update>(&message);
  if (!u) return true;
  size_t mp_reach = 0, mp_unreach = 0;
  for (const wire::Reach& r : u->reach) mp_reach += !r.classic;
  for (const wire::Unreach& r : u->unreach) mp_unreach += !r.classic;
  return mp_reach <= 1 && mp_unreach <= 1;
}

void CheckRoundTrip(const wire::Message& message, const wire::Negotiated& negotiated) {
  if (!OneMessage(message)) return;
  Bytes first = wire::EncodeMessage(message, negotiated);
  HERALD_FUZZ_CHECK(!first.empty(), "a decoded message does not encode again");
  auto again = wire::DecodeMessage(first, negotiated);
  HERALD_FUZZ_CHECK(again.ok(), "re-encoded: " + ToHex(first) + "\nerror: " + again.error().what);
  const wire::Message expected = ExpectedMessage(message, negotiated);
  HERALD_FUZZ_CHECK(ComparableMessage(*again) == expected,
                    "re-encoded: " + ToHex(first) + "\n" + Diff(ComparableMessage(*again), expected));
  // (Both without the Extended Length bits kept as received.)
  Bytes second = wire::EncodeMessage(ComparableMessage(*again), negotiated);
  Bytes want = wire::EncodeMessage(expected, negotiated);
  HERALD_FUZZ_CHECK(second == want, "first: " + ToHex(want) + "\nsecond: " + ToHex(second));
}

}  // namespace herald::fuzz
