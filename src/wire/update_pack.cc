// Packing routes into UPDATE messages: herald's send hot path.
//
// The attributes are encoded once into a small buffer; each message then
// copies them and takes as many NLRI as fit under the negotiated size limit.
// Sizes are computed before anything is written, so every length field is
// written right the first time, the Extended Length bit of MP_REACH/MP_UNREACH
// is set only when the value exceeds 255 bytes, and nothing is allocated
// per prefix.
#include <cassert>

#include "wire/attribute_codec.h"
#include "wire/message.h"
#include "wire/mp_nlri.h"
#include "wire/update.h"

#include "wire/next_hop.h"

namespace herald::wire {
namespace {

constexpr size_t kUpdateFixed = kHeaderSize + 2 + 2;  // header, withdrawn length, attributes length
constexpr size_t kMaxAttrHeader = 4;                  // flags, code, 2-byte length

size_t AttrHeaderSize(size_t value_size) { return value_size > 255 ? 4 : 3; }

size_t NlriSize(const InetNlri& n, bool add_path) { return InetNlriSize(n, add_path); }
size_t NlriSize(const GenericNlri& n, bool add_path) { return GenericNlriSize(n, add_path); }
void WriteOne(ByteWriter& w, const InetNlri& n, bool add_path) { EncodeInetNlri(w, n, add_path); }
void WriteOne(ByteWriter& w, const GenericNlri& n, bool add_path) { EncodeGenericNlri(w, n, add_path); }

// How many NLRI from `from` fit in `room` bytes; their size in *bytes.
template <typename Nlri>
size_t CountFitting(std::span<const Nlri> nlri, size_t from, size_t room, bool add_path, size_t* bytes) {
  size_t used = 0, i = from;
  for (; i < nlri.size(); ++i) {
    size_t s = NlriSize(nlri[i], add_path);
    if (used + s > room) break;
    used += s;
  }
  *bytes = used;
  return i - from;
}

template <typename Nlri>
void WriteNlri(ByteWriter& w, std::span<const Nlri> nlri, bool add_path) {
  for (const Nlri& n : nlri) WriteOne(w, n, add_path);
}

template <typename Nlri>
bool Announce(Family family, const PathAttributes& attrs, const MpNextHop& next_hop, std::span<const Nlri> nlri,
              const Negotiated& negotiated, Bytes* out);
template <typename Nlri>
void Withdraw(Family family, std::span<const Nlri> nlri, const Negotiated& negotiated, Bytes* out);

}  // namespace

bool EncodeAnnounce(Family family, const PathAttributes& attrs, const MpNextHop& next_hop,
                    std::span<const InetNlri> nlri, const Negotiated& negotiated, Bytes* out) {
  if (IsGenericFamily(family)) return false;
  return Announce(family, attrs, next_hop, nlri, negotiated, out);
}
bool EncodeAnnounce(Family family, const PathAttributes& attrs, const MpNextHop& next_hop,
                    std::span<const GenericNlri> nlri, const Negotiated& negotiated, Bytes* out) {
  // Generic families never use the classic fields.
  if (!IsGenericFamily(family)) return false;
  return Announce(family, attrs, next_hop, nlri, negotiated, out);
}
void EncodeWithdraw(Family family, std::span<const InetNlri> nlri, const Negotiated& negotiated, Bytes* out) {
  if (IsGenericFamily(family)) return;
  Withdraw(family, nlri, negotiated, out);
}
void EncodeWithdraw(Family family, std::span<const GenericNlri> nlri, const Negotiated& negotiated, Bytes* out) {
  if (!IsGenericFamily(family)) return;
  Withdraw(family, nlri, negotiated, out);
}

namespace {

template <typename Nlri>
bool Announce(Family family, const PathAttributes& attrs, const MpNextHop& next_hop, std::span<const Nlri> nlri,
              const Negotiated& negotiated, Bytes* out) {
  if (nlri.empty()) return true;
  // RFC 8950: IPv4 routes over an IPv6 next hop go in MP_REACH_NLRI, to a
  // peer that announced it takes them.
  const bool v6_next_hop = family.afi == Afi::kIpv4 && !next_hop.none && next_hop.address.is_v6();
  if (v6_next_hop && !negotiated.SendsV6NextHop(family) && !TakesAnyNextHop(family)) return false;
  const bool classic = family == kIpv4Unicast && !v6_next_hop;
  const bool add_path = negotiated.SendsPathId(family);
  const size_t limit = negotiated.max_message_size();
  // RFC 4271 §5.1.3: routes in the classic NLRI field need NEXT_HOP.
  if (classic && !attrs.next_hop) return false;

  Bytes attr_bytes;
  attr_bytes.reserve(128);
  ByteWriter aw(&attr_bytes, limit);
  size_t mp_at = 0;
  internal::EncodeAttributesSplit(aw, attrs, negotiated, /*with_next_hop=*/classic, &mp_at);
  if (!aw.ok()) return false;

  // Bytes of every message besides the NLRI, counting the MP_REACH header
  // at its largest (the cost is at most one byte of packing).
  size_t fixed = kUpdateFixed + attr_bytes.size();
  size_t mp_fields = 0;  // MP_REACH value bytes before the NLRI
  if (!classic) {
    mp_fields = internal::MpReachValueSize(family, next_hop, 0);
    if (mp_fields == 0) return false;  // unsupported family or next hop
    fixed += kMaxAttrHeader + mp_fields;
  }
  if (fixed >= limit) return false;
  const size_t room = limit - fixed;
  if (NlriSize(nlri[0], add_path) > room) return false;

  size_t i = 0;
  while (i < nlri.size()) {
    size_t nlri_bytes = 0;
    size_t n = CountFitting(nlri, i, room, add_path, &nlri_bytes);
    std::span<const Nlri> batch = nlri.subspan(i, n);
    i += n;

    ByteWriter w(out);
    out->reserve(out->size() + fixed + nlri_bytes);
    size_t start = BeginMessage(w, MessageType::kUpdate);
    w.U16(0);  // no withdrawn routes
    if (classic) {
      w.U16(static_cast<uint16_t>(attr_bytes.size()));
      w.Append(attr_bytes);
      WriteNlri(w, batch, add_path);
    } else {
      size_t mp_value = mp_fields + nlri_bytes;
      w.U16(static_cast<uint16_t>(attr_bytes.size() + AttrHeaderSize(mp_value) + mp_value));
      w.Append(attr_bytes.data(), mp_at);
      internal::BeginMpReach(w, family, next_hop, nlri_bytes);
      WriteNlri(w, batch, add_path);
      w.Append(attr_bytes.data() + mp_at, attr_bytes.size() - mp_at);
    }
    EndMessage(w, start);
  }
  return true;
}

template <typename Nlri>
void Withdraw(Family family, std::span<const Nlri> nlri, const Negotiated& negotiated, Bytes* out) {
  if (nlri.empty()) return;
  const bool classic = family == kIpv4Unicast;
  if (!classic && !IsSupportedFamily(family)) return;
  const bool add_path = negotiated.SendsPathId(family);
  const size_t limit = negotiated.max_message_size();
  // MP_UNREACH_NLRI: header, AFI, SAFI.
  const size_t fixed = kUpdateFixed + (classic ? 0 : kMaxAttrHeader + 3);
  const size_t room = limit - fixed;

  size_t i = 0;
  while (i < nlri.size()) {
    size_t nlri_bytes = 0;
    size_t n = CountFitting(nlri, i, room, add_path, &nlri_bytes);
    std::span<const Nlri> batch = nlri.subspan(i, n);
    i += n;

    ByteWriter w(out);
    out->reserve(out->size() + fixed + nlri_bytes);
    size_t start = BeginMessage(w, MessageType::kUpdate);
    if (classic) {
      w.U16(static_cast<uint16_t>(nlri_bytes));
      WriteNlri(w, batch, add_path);
      w.U16(0);  // no attributes
    } else {
      w.U16(0);
      w.U16(static_cast<uint16_t>(AttrHeaderSize(3 + nlri_bytes) + 3 + nlri_bytes));
      internal::BeginMpUnreach(w, family, nlri_bytes);
      WriteNlri(w, batch, add_path);
    }
    EndMessage(w, start);
  }
}

}  // namespace

Bytes EncodeEndOfRib(Family family) {
  // RFC 4724 §2: an UPDATE with nothing in it for IPv4 unicast, else one
  // holding only an empty MP_UNREACH_NLRI of the family.
  Bytes out;
  ByteWriter w(&out);
  size_t start = BeginMessage(w, MessageType::kUpdate);
  w.U16(0);
  if (family == kIpv4Unicast) {
    w.U16(0);
  } else {
    w.U16(6);
    w.U8(kFlagOptional);
    w.U8(static_cast<uint8_t>(AttrCode::kMpUnreachNlri));
    w.U8(3);
    w.U16(static_cast<uint16_t>(family.afi));
    w.U8(static_cast<uint8_t>(family.safi));
  }
  EndMessage(w, start);
  return out;
}

}  // namespace herald::wire
