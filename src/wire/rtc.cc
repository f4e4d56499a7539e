#include "wire/rtc.h"

#include <string>

namespace herald::wire {
namespace {

WireError NetworkError(std::string what) {
  return UpdateError(UpdateSubcode::kInvalidNetworkField, "rtc NLRI: " + std::move(what));
}

}  // namespace

Result<RtcNlri, WireError> DecodeRtcNlri(ByteReader& in) {
  RtcNlri n;
  if (!in.ReadU8(&n.length)) return Fail(NetworkError("length missing"));
  if (n.length == 0) return n;
  if (n.length < 32 || n.length > 96)
    return Fail(NetworkError("length " + std::to_string(n.length) + " bits, expected 0 or 32 to 96"));
  const size_t rt_bytes = (n.length - 32u + 7u) / 8u;
  if (!in.ReadU32(&n.origin_as) || !in.ReadInto(n.route_target.data(), rt_bytes))
    return Fail(NetworkError("runs past the end of the field"));
  // Bits past the length are irrelevant (as for any prefix): cleared, so
  // that one route has one key.
  const unsigned rt_bits = n.length - 32u;
  if (rt_bits % 8 != 0) n.route_target[rt_bits / 8] &= static_cast<uint8_t>(0xFF00 >> (rt_bits % 8));
  return n;
}

void EncodeRtcNlri(ByteWriter& w, const RtcNlri& n) {
  w.U8(n.length);
  if (n.length == 0) return;
  w.U32(n.origin_as);
  w.Append(ByteSpan(n.route_target.data(), (n.length - 32u + 7u) / 8u));
}

Bytes EncodeRtcNlri(const RtcNlri& n) {
  Bytes out;
  ByteWriter w(&out);
  EncodeRtcNlri(w, n);
  return out;
}

namespace internal {

std::optional<WireError> DecodeRtcGeneric(ByteReader& r, bool add_path, std::vector<GenericNlri>* out,
                                          std::optional<WireError>*) {
  while (!r.empty()) {
    GenericNlri n;
    if (add_path && !r.ReadU32(&n.path_id)) return NetworkError("path identifier truncated");
    auto nlri = DecodeRtcNlri(r);
    if (!nlri) return std::move(nlri).error();
    ByteWriter w(&n.bytes);
    EncodeRtcNlri(w, *nlri);
    out->push_back(std::move(n));
  }
  return std::nullopt;
}

}  // namespace internal
}  // namespace herald::wire
