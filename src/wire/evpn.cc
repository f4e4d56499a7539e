#include "wire/evpn.h"

#include <string>

#include "wire/attribute_codec.h"

namespace herald::wire {
namespace {

WireError FieldError(std::string what) {
  return UpdateError(UpdateSubcode::kInvalidNetworkField, "evpn NLRI: " + std::move(what));
}

WireError RouteError(std::string what) {
  return UpdateError(UpdateSubcode::kInvalidNetworkField, "evpn NLRI: " + std::move(what), {},
                     ErrorAction::kTreatAsWithdraw);
}

std::optional<IpAddress> ReadIp(ByteReader& r, size_t bytes) {
  ByteSpan b;
  if (!r.ReadSpan(bytes, &b)) return std::nullopt;
  return IpAddress::FromBytes(b);
}

// The label stack of the rest of the body: whole 3-byte entries.
bool ReadLabels(ByteReader& r, std::vector<uint32_t>* labels) {
  if (r.remaining() % 3 != 0) return false;
  while (!r.empty()) {
    uint32_t entry = 0;
    (void)r.ReadU24(&entry);
    labels->push_back(entry);
  }
  return true;
}

// Reads the route-type specific body of a known type; false if its inner
// lengths disagree with its size.
bool ReadBody(ByteReader& r, EvpnNlri* n) {
  const size_t size = r.remaining();
  auto rd = [&] { return r.ReadInto(n->rd.data(), n->rd.size()); };
  auto esi = [&] { return r.ReadInto(n->esi.data(), n->esi.size()); };
  switch (static_cast<EvpnType>(n->type)) {
    case EvpnType::kEthernetAd:
      return size == 25 && rd() && esi() && r.ReadU32(&n->etag) && ReadLabels(r, &n->labels);
    case EvpnType::kMacIp: {
      uint8_t ip_bits = 0;
      if (size < 33 || !rd() || !esi() || !r.ReadU32(&n->etag) || !r.ReadU8(&n->mac_length) ||
          n->mac_length > 48 || !r.ReadInto(n->mac.data(), n->mac.size()) || !r.ReadU8(&ip_bits))
        return false;
      if (ip_bits != 0 && ip_bits != 32 && ip_bits != 128) return false;
      if (ip_bits && !(n->ip = ReadIp(r, ip_bits / 8))) return false;
      // One label, or two (RFC 7432 §7.2).
      return (r.remaining() == 3 || r.remaining() == 6) && ReadLabels(r, &n->labels);
    }
    case EvpnType::kMulticast:
    case EvpnType::kSegment: {
      const bool segment = n->type == static_cast<uint8_t>(EvpnType::kSegment);
      uint8_t ip_bits = 0;
      if (!rd() || (segment ? !esi() : !r.ReadU32(&n->etag)) || !r.ReadU8(&ip_bits)) return false;
      if (ip_bits != 32 && ip_bits != 128) return false;
      return r.remaining() == ip_bits / 8u && (n->ip = ReadIp(r, ip_bits / 8));
    }
    case EvpnType::kPrefix: {
      if (size != 34 && size != 58) return false;
      const size_t ip_size = size == 34 ? 4 : 16;
      if (!rd() || !esi() || !r.ReadU32(&n->etag) || !r.ReadU8(&n->prefix_length) ||
          n->prefix_length > ip_size * 8)
        return false;
      n->ip = ReadIp(r, ip_size);
      n->gateway = ReadIp(r, ip_size);
      return n->ip && n->gateway && ReadLabels(r, &n->labels);
    }
  }
  ByteSpan rest;
  (void)r.ReadSpan(r.remaining(), &rest);
  n->opaque.assign(rest.begin(), rest.end());
  return true;
}

void WriteIp(ByteWriter& w, const std::optional<IpAddress>& ip) {
  if (ip) w.Append(ip->bytes());
}

}  // namespace

const char* EvpnTypeName(uint8_t type) {
  switch (static_cast<EvpnType>(type)) {
    case EvpnType::kEthernetAd: return "Ethernet Auto-Discovery";
    case EvpnType::kMacIp: return "MAC/IP advertisement";
    case EvpnType::kMulticast: return "Inclusive Multicast Ethernet Tag";
    case EvpnType::kSegment: return "Ethernet Segment";
    case EvpnType::kPrefix: return "IP Prefix Advertisement";
  }
  return nullptr;
}

Result<EvpnNlri, WireError> DecodeEvpnNlri(ByteReader& in) {
  EvpnNlri n;
  uint8_t length = 0;
  if (!in.ReadU8(&n.type) || !in.ReadU8(&length)) return Fail(FieldError("route type or length truncated"));
  ByteSpan body;
  if (!in.ReadSpan(length, &body))
    return Fail(FieldError("route type " + std::to_string(n.type) + " of " + std::to_string(length) +
                           " bytes runs past the end of the field"));
  ByteReader r(body);
  if (!ReadBody(r, &n) || !r.empty())
    return Fail(RouteError("route type " + std::to_string(n.type) + ": fields disagree with its length " +
                           std::to_string(length)));
  return n;
}

std::optional<Bytes> EncodeEvpnNlri(const EvpnNlri& n) {
  Bytes body;
  ByteWriter w(&body);
  auto labels = [&] {
    for (uint32_t entry : n.labels) w.U24(entry & 0xFFFFFF);
  };
  const ByteSpan rd(n.rd.data(), n.rd.size()), esi(n.esi.data(), n.esi.size());
  switch (static_cast<EvpnType>(n.type)) {
    case EvpnType::kEthernetAd:
      if (n.labels.size() != 1) return std::nullopt;
      w.Append(rd), w.Append(esi), w.U32(n.etag), labels();
      break;
    case EvpnType::kMacIp:
      if (n.labels.empty() || n.labels.size() > 2 || n.mac_length > 48) return std::nullopt;
      w.Append(rd), w.Append(esi), w.U32(n.etag), w.U8(n.mac_length);
      w.Append(n.mac.data(), n.mac.size());
      w.U8(n.ip ? static_cast<uint8_t>(n.ip->size() * 8) : 0), WriteIp(w, n.ip), labels();
      break;
    case EvpnType::kMulticast:
    case EvpnType::kSegment:
      if (!n.ip) return std::nullopt;
      w.Append(rd);
      if (n.type == static_cast<uint8_t>(EvpnType::kSegment)) w.Append(esi);
      else w.U32(n.etag);
      w.U8(static_cast<uint8_t>(n.ip->size() * 8)), WriteIp(w, n.ip);
      break;
    case EvpnType::kPrefix:
      if (!n.ip || !n.gateway || n.ip->size() != n.gateway->size() || n.labels.size() != 1 ||
          n.prefix_length > n.ip->size() * 8)
        return std::nullopt;
      w.Append(rd), w.Append(esi), w.U32(n.etag), w.U8(n.prefix_length);
      WriteIp(w, n.ip), WriteIp(w, n.gateway), labels();
      break;
    default:
      w.Append(n.opaque);
  }
  if (body.size() > 255) return std::nullopt;
  Bytes out{n.type, static_cast<uint8_t>(body.size())};
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

void AppendEvpnKey(ByteSpan nlri, std::string* key) {
  auto add = [&](size_t from, size_t to) {
    if (to > nlri.size()) to = nlri.size();
    if (from < to) key->append(reinterpret_cast<const char*>(nlri.data() + from), to - from);
  };
  if (nlri.size() < 2 || !EvpnTypeName(nlri[0])) return add(0, nlri.size());
  // Offsets below count the type and length bytes: the RD is at 2..10.
  add(0, 1);
  add(2, 10);
  switch (static_cast<EvpnType>(nlri[0])) {
    case EvpnType::kEthernetAd: return add(10, 24);  // ESI, tag
    case EvpnType::kMacIp: {                          // tag, MAC, IP
      const size_t ip_end = 32 + (nlri.size() > 31 ? nlri[31] / 8u : 0);
      return add(20, ip_end);
    }
    case EvpnType::kMulticast: return add(10, nlri.size());  // tag, IP
    case EvpnType::kSegment: return add(10, nlri.size());    // ESI, IP
    case EvpnType::kPrefix: {                                // tag, prefix
      const size_t ip_size = nlri.size() == 36 ? 4 : 16;
      return add(20, 25 + ip_size);
    }
  }
}

namespace internal {

std::optional<WireError> DecodeEvpnGeneric(ByteReader& r, bool add_path, std::vector<GenericNlri>* out,
                                           std::optional<WireError>* soft) {
  while (!r.empty()) {
    GenericNlri n;
    if (add_path && !r.ReadU32(&n.path_id)) return FieldError("path identifier truncated");
    const size_t start = r.offset();
    auto nlri = DecodeEvpnNlri(r);
    if (!nlri) {
      if (nlri.error().fatal()) return std::move(nlri).error();
      MergeSoft(soft, std::move(nlri).error());
      continue;
    }
    const ByteSpan whole = r.whole();
    n.bytes.assign(whole.begin() + static_cast<ptrdiff_t>(start), whole.begin() + static_cast<ptrdiff_t>(r.offset()));
    out->push_back(std::move(n));
  }
  return std::nullopt;
}

Result<MpNextHop, WireError> DecodeEvpnNextHop(ByteReader& r) {
  const size_t size = r.remaining();
  if (size != 4 && size != 16 && size != 32)
    return Fail(UpdateError(UpdateSubcode::kOptionalAttributeError,
                            "MP_REACH_NLRI: evpn next hop of " + std::to_string(size) + " bytes"));
  ByteSpan b;
  (void)r.ReadSpan(size == 4 ? 4 : 16, &b);
  MpNextHop nh{IpAddress::FromBytes(b), std::nullopt};
  if (r.ReadSpan(16, &b)) nh.link_local = IpAddress::FromBytes(b);
  return nh;
}

std::optional<size_t> EvpnNextHopSize(const MpNextHop& nh) {
  if (nh.none) return std::nullopt;
  if (nh.address.is_v4()) return nh.link_local ? std::nullopt : std::optional<size_t>(4);
  if (!nh.link_local) return 16;
  return nh.link_local->is_v6() ? std::optional<size_t>(32) : std::nullopt;
}

void EncodeEvpnNextHop(ByteWriter& w, const MpNextHop& nh) {
  w.Append(nh.address.bytes());
  if (nh.link_local) w.Append(nh.link_local->bytes());
}

}  // namespace internal
}  // namespace herald::wire
