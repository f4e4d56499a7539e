// Only to Customer (RFC 9234 §5): attribute 35, an AS number that marks a
// route as one that may only go down to customers. The value is kept with
// the unknown attributes, as it came, so processes see what ExaBGP shows;
// the rules that depend on the session's role live in wire/role.h.
#include "wire/attribute_codec.h"
#include "wire/role.h"

namespace herald::wire {
namespace {
constexpr uint8_t kOtcCode = static_cast<uint8_t>(AttrCode::kOtc);
}  // namespace

std::optional<uint32_t> OtcValue(const PathAttributes& attrs) {
  for (const RawAttribute& a : attrs.unknown)
    if (a.code == kOtcCode && a.value.size() == 4)
      return uint32_t{a.value[0]} << 24 | uint32_t{a.value[1]} << 16 | uint32_t{a.value[2]} << 8 | a.value[3];
  return std::nullopt;
}

void AddOtc(PathAttributes* attrs, uint32_t asn) {
  RawAttribute otc{kFlagOptional | kFlagTransitive, kOtcCode,
                   Bytes{static_cast<uint8_t>(asn >> 24), static_cast<uint8_t>(asn >> 16),
                         static_cast<uint8_t>(asn >> 8), static_cast<uint8_t>(asn)}};
  auto at = attrs->unknown.begin();
  while (at != attrs->unknown.end() && at->code < kOtcCode) ++at;
  attrs->unknown.insert(at, std::move(otc));
}

namespace internal {

std::optional<WireError> DecodeOtc(ByteReader& v, const AttrContext& ctx, AttrDecodeState* state) {
  ByteSpan value = v.rest();
  if (value.size() != 4)
    return ctx.Malformed(UpdateSubcode::kOptionalAttributeError,
                         "OTC of " + std::to_string(value.size()) + " octets, expected 4 (RFC 9234 §5)");
  const uint32_t otc = uint32_t{value[0]} << 24 | uint32_t{value[1]} << 16 | uint32_t{value[2]} << 8 | value[3];
  const std::optional<Role> role = ctx.negotiated.local_role;
  if (role && OtcMarksLeak(*role, otc, ctx.negotiated.peer_as)) {
    // Not malformed: ineligible, which for herald (no route selection)
    // means the same as a withdrawal of the UPDATE's routes.
    return ctx.Error(UpdateSubcode::kOptionalAttributeError, ErrorAction::kTreatAsWithdraw,
                     "route leak: OTC " + std::to_string(otc) + " from a " +
                         std::string(RoleName(ExpectedPeerRole(*role))) + " (RFC 9234 §5)");
  }
  state->attrs.unknown.push_back(
      {static_cast<uint8_t>(kFlagOptional | kFlagTransitive | (ctx.flags & kFlagPartial)), kOtcCode, Bytes(value.begin(), value.end())});
  return std::nullopt;
}

void OtcIngress(const Negotiated& negotiated, PathAttributes* attrs) {
  if (!negotiated.local_role || !OtcAddedOnIngress(*negotiated.local_role)) return;
  if (OtcValue(*attrs)) return;
  // Withdrawals and End-of-RIB carry no attributes to mark.
  if (!attrs->origin && !attrs->as_path) return;
  AddOtc(attrs, negotiated.peer_as);
}

}  // namespace internal
}  // namespace herald::wire
