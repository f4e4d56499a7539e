#include "wire/vpls.h"

#include <string>

namespace herald::wire {
namespace {

WireError NetworkError(std::string what) {
  return UpdateError(UpdateSubcode::kInvalidNetworkField, "vpls NLRI: " + std::move(what));
}

}  // namespace

Result<VplsNlri, WireError> DecodeVplsNlri(ByteReader& in) {
  uint16_t length = 0;
  if (!in.ReadU16(&length)) return Fail(NetworkError("length truncated"));
  if (length != kVplsNlriLength)
    return Fail(NetworkError("length " + std::to_string(length) + ", expected " + std::to_string(kVplsNlriLength)));
  VplsNlri n;
  if (!in.ReadInto(n.rd.data(), n.rd.size()) || !in.ReadU16(&n.endpoint) || !in.ReadU16(&n.offset) ||
      !in.ReadU16(&n.size) || !in.ReadU24(&n.label_entry))
    return Fail(NetworkError("runs past the end of the field"));
  return n;
}

void EncodeVplsNlri(ByteWriter& w, const VplsNlri& n) {
  w.U16(kVplsNlriLength);
  w.Append(ByteSpan(n.rd.data(), n.rd.size()));
  w.U16(n.endpoint);
  w.U16(n.offset);
  w.U16(n.size);
  w.U24(n.label_entry & 0xFFFFFF);
}

Bytes EncodeVplsNlri(const VplsNlri& n) {
  Bytes out;
  ByteWriter w(&out);
  EncodeVplsNlri(w, n);
  return out;
}

namespace internal {

std::optional<WireError> DecodeVplsGeneric(ByteReader& r, bool add_path, std::vector<GenericNlri>* out,
                                           std::optional<WireError>*) {
  while (!r.empty()) {
    GenericNlri n;
    if (add_path && !r.ReadU32(&n.path_id)) return NetworkError("path identifier truncated");
    auto nlri = DecodeVplsNlri(r);
    if (!nlri) return std::move(nlri).error();
    ByteWriter w(&n.bytes);
    EncodeVplsNlri(w, *nlri);
    out->push_back(std::move(n));
  }
  return std::nullopt;
}

}  // namespace internal
}  // namespace herald::wire
