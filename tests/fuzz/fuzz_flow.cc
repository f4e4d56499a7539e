// FlowSpec NLRI decoding (wire/flowspec.h). Input: one byte (bit 0: IPv6,
// bit 1: flow-vpn), then NLRIs one after another, as in an MP_REACH_NLRI.
// Each NLRI decoded must encode (its canonical form is never longer than the
// bytes it came from), decode again to the same value and encode again to
// the same bytes; its JSON (5.0 and 4.2 styles) must be one valid JSON value and its text valid
// UTF-8 without control characters. A treat-as-withdraw error must leave
// the reader past the NLRI, so decoding goes on; a framing error ends it.
#include <string>

#include "api/render_flow.h"
#include "base/hex.h"
#include "fuzz_check.h"
#include "output_check.h"
#include "wire/flowspec.h"

using namespace herald;

extern "C" int FuzzFlow(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const wire::Afi afi = data[0] & 1 ? wire::Afi::kIpv6 : wire::Afi::kIpv4;
  const bool vpn = data[0] & 2;
  ByteReader in(data + 1, size - 1);
  while (!in.empty()) {
    const size_t before = in.remaining();
    const ByteSpan rest = in.rest();
    auto r = wire::DecodeFlowNlri(in, afi, vpn);
    if (!r) {
      const wire::WireError& e = r.error();
      HERALD_FUZZ_CHECK(e.code == 3 && e.subcode == 10, e.what);
      if (e.action == wire::ErrorAction::kSessionReset) break;
      HERALD_FUZZ_CHECK(e.action == wire::ErrorAction::kTreatAsWithdraw, e.what);
      HERALD_FUZZ_CHECK(in.remaining() < before, "a malformed NLRI left the reader where it was");
      continue;
    }
    const size_t used = before - in.remaining();
    const std::string original = ToHex(rest.first(used));
    auto encoded = wire::EncodeFlowNlri(*r);
    HERALD_FUZZ_CHECK(encoded.has_value(), "a decoded NLRI does not encode: " + original);
    HERALD_FUZZ_CHECK(encoded->size() <= used, "canonical longer than the original: " + original);
    ByteReader again_in(*encoded);
    auto again = wire::DecodeFlowNlri(again_in, afi, vpn);
    HERALD_FUZZ_CHECK(again.ok() && again_in.empty(), "re-encoded: " + ToHex(*encoded));
    HERALD_FUZZ_CHECK(*again == *r, "original: " + original + "\nre-encoded: " + ToHex(*encoded));
    auto second = wire::EncodeFlowNlri(*again);
    HERALD_FUZZ_CHECK(second && *second == *encoded, "not stable: " + ToHex(*encoded));
    for (auto style : {api::render::FlowStyle::kExabgp5, api::render::FlowStyle::kExabgp4}) {
      const std::string json = api::render::FlowJson(*r, "192.0.2.1", style);
      if (std::string e = fuzz::CheckJsonLine(json); !e.empty()) fuzz::CheckFailed("invalid JSON", e + "\n" + json);
      if (std::string e = fuzz::CheckTextLines(api::render::FlowText(*r, {}, style) + "\n"); !e.empty())
        fuzz::CheckFailed("invalid text", e);
    }
  }
  return 0;
}
