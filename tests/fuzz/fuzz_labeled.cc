// Multicast, labeled unicast and MPLS VPN NLRI decoding (wire/labeled.h).
// Input: one byte choosing the family (bit 0: IPv6; bits 1-2: 0 multicast,
// 1 nlri-mpls, 2 and 3 mpls-vpn), then NLRIs one after another, as in an
// MP_REACH_NLRI. Each NLRI decoded must encode to the bytes it came from
// (host bits cleared, nothing else changed), decode again to the same
// value, and have a RIB key that ignores its label stack. Every error is
// 3/10 with a session reset, and ends the field.
#include <string>

#include "base/hex.h"
#include "fuzz_check.h"
#include "wire/labeled.h"
#include "wire/nlri.h"

using namespace herald;

extern "C" int FuzzLabeled(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static constexpr wire::Safi kSafis[] = {wire::Safi::kMulticast, wire::Safi::kMplsLabel, wire::Safi::kMplsVpn,
                                          wire::Safi::kMplsVpn};
  const wire::Family family{data[0] & 1 ? wire::Afi::kIpv6 : wire::Afi::kIpv4, kSafis[(data[0] >> 1) & 3]};
  ByteReader in(data + 1, size - 1);
  while (!in.empty()) {
    const size_t before = in.remaining();
    const ByteSpan rest = in.rest();
    auto r = wire::DecodeLabeledNlri(in, family);
    if (!r) {
      const wire::WireError& e = r.error();
      HERALD_FUZZ_CHECK(e.code == 3 && e.subcode == 10 && e.action == wire::ErrorAction::kSessionReset, e.what);
      break;
    }
    const size_t used = before - in.remaining();
    const std::string original = ToHex(rest.first(used));
    auto encoded = wire::EncodeLabeledNlri(*r, family);
    HERALD_FUZZ_CHECK(encoded.has_value(), "a decoded NLRI does not encode: " + original);
    HERALD_FUZZ_CHECK(encoded->size() == used, "canonical of another length: " + original);
    // Only the prefix's bits past its length may differ.
    const size_t prefix_at = used - r->prefix.wire_bytes();
    HERALD_FUZZ_CHECK(std::equal(encoded->begin(), encoded->begin() + prefix_at, rest.begin()),
                      "labels or RD changed: " + original);
    ByteReader again_in(*encoded);
    auto again = wire::DecodeLabeledNlri(again_in, family);
    HERALD_FUZZ_CHECK(again.ok() && again_in.empty() && *again == *r, "re-encoded: " + ToHex(*encoded));
    // The key: the same route with a different label stack has the same one.
    wire::LabeledNlri relabeled = *r;
    if (wire::HasLabels(family.safi)) relabeled.labels = {wire::kWithdrawLabelEntry};
    auto other = wire::EncodeLabeledNlri(relabeled, family);
    if (other) {
      std::string k1, k2;
      wire::AppendGenericKey(family, *encoded, &k1);
      wire::AppendGenericKey(family, *other, &k2);
      HERALD_FUZZ_CHECK(k1 == k2, "the key depends on the labels: " + original);
    }
  }
  return 0;
}
