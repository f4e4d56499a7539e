#include "wire/mup.h"

#include "wire/attribute_codec.h"

namespace herald::wire {
namespace {

WireError NetworkError(std::string what, ErrorAction action = ErrorAction::kSessionReset) {
  return UpdateError(UpdateSubcode::kInvalidNetworkField, "mup NLRI: " + std::move(what), {}, action);
}

size_t AfiBytes(Afi afi) { return afi == Afi::kIpv6 ? 16 : 4; }

bool ReadPrefix(ByteReader& r, Afi afi, Prefix* out) {
  uint8_t bits = 0;
  if (!r.ReadU8(&bits) || bits > AfiBytes(afi) * 8) return false;
  std::array<uint8_t, 16> b{};
  if (!r.ReadInto(b.data(), (bits + 7u) / 8u)) return false;
  *out = Prefix(IpAddress::FromBytes(ByteSpan(b.data(), AfiBytes(afi))), bits);
  return true;
}

// A length in bits (32 or 128) and the address.
bool ReadSizedAddress(ByteReader& r, IpAddress* out) {
  uint8_t bits = 0;
  ByteSpan b;
  if (!r.ReadU8(&bits) || (bits != 32 && bits != 128) || !r.ReadSpan(bits / 8, &b)) return false;
  *out = IpAddress::FromBytes(b);
  return true;
}

bool ReadBody(ByteReader& r, Afi afi, MupRoute* m) {
  if (!r.ReadInto(m->rd.data(), m->rd.size())) return false;
  switch (m->kind()) {
    case MupType::kIsd: return ReadPrefix(r, afi, &m->prefix) && r.empty();
    case MupType::kDsd: {
      ByteSpan b;
      if (r.remaining() != 4 && r.remaining() != 16) return false;
      (void)r.ReadSpan(r.remaining(), &b);
      m->address = IpAddress::FromBytes(b);
      return true;
    }
    case MupType::kT1st: {
      if (!ReadPrefix(r, afi, &m->prefix) || !r.ReadU32(&m->teid) || !r.ReadU8(&m->qfi) ||
          !ReadSizedAddress(r, &m->address))
        return false;
      if (r.empty()) return true;
      IpAddress source;
      if (!ReadSizedAddress(r, &source) || !r.empty()) return false;
      m->source = source;
      return true;
    }
    case MupType::kT2st: {
      const size_t size = AfiBytes(afi);
      ByteSpan b;
      if (!r.ReadU8(&m->endpoint_bits) || m->endpoint_bits < size * 8 || m->endpoint_bits > size * 8 + 32 ||
          !r.ReadSpan(size, &b))
        return false;
      m->address = IpAddress::FromBytes(b);
      if (r.remaining() != (m->teid_bits() + 7) / 8) return false;
      uint8_t byte = 0;
      while (r.ReadU8(&byte)) m->teid = m->teid << 8 | byte;
      return true;
    }
  }
  return false;
}

void WritePrefix(ByteWriter& w, const Prefix& p) {
  w.U8(p.length());
  w.Append(p.address().data(), p.wire_bytes());
}

void WriteSizedAddress(ByteWriter& w, const IpAddress& ip) {
  w.U8(static_cast<uint8_t>(ip.size() * 8));
  w.Append(ip.bytes());
}

void WriteBody(ByteWriter& w, const MupRoute& m) {
  w.Append(ByteSpan(m.rd.data(), m.rd.size()));
  switch (m.kind()) {
    case MupType::kIsd: WritePrefix(w, m.prefix); break;
    case MupType::kDsd: w.Append(m.address.bytes()); break;
    case MupType::kT1st:
      WritePrefix(w, m.prefix);
      w.U32(m.teid);
      w.U8(m.qfi);
      WriteSizedAddress(w, m.address);
      if (m.source) WriteSizedAddress(w, *m.source);
      break;
    case MupType::kT2st: {
      w.U8(m.endpoint_bits);
      w.Append(m.address.bytes());
      for (unsigned bytes = (m.teid_bits() + 7) / 8; bytes > 0; --bytes)
        w.U8(static_cast<uint8_t>(m.teid >> (8 * (bytes - 1))));
      break;
    }
  }
}

}  // namespace

Result<MupRoute, WireError> DecodeMupNlri(ByteReader& in, Afi afi) {
  MupRoute m;
  uint8_t length = 0;
  if (!in.ReadU8(&m.arch) || !in.ReadU16(&m.type) || !in.ReadU8(&length))
    return Fail(NetworkError("header truncated"));
  ByteSpan body;
  if (!in.ReadSpan(length, &body))
    return Fail(NetworkError("length " + std::to_string(length) + " runs past the end of the field"));
  if (m.arch != kMupArch3gpp5g || m.type < 1 || m.type > 4) {
    m.body.assign(body.begin(), body.end());
    return m;
  }
  m.parsed = true;
  ByteReader r(body);
  if (!ReadBody(r, afi, &m))
    return Fail(NetworkError("route type " + std::to_string(m.type) + " of " + std::to_string(length) +
                                 " bytes does not read",
                             ErrorAction::kTreatAsWithdraw));
  return m;
}

void EncodeMupNlri(ByteWriter& w, const MupRoute& m) {
  Bytes body;
  if (m.parsed) {
    ByteWriter b(&body);
    WriteBody(b, m);
  }
  const Bytes& out = m.parsed ? body : m.body;
  w.U8(m.arch);
  w.U16(m.type);
  w.U8(static_cast<uint8_t>(out.size()));
  w.Append(out);
}

Bytes EncodeMupNlri(const MupRoute& m) {
  Bytes out;
  ByteWriter w(&out);
  EncodeMupNlri(w, m);
  return out;
}

namespace internal {

std::optional<WireError> DecodeMupGeneric(ByteReader& r, Afi afi, bool add_path, std::vector<GenericNlri>* out,
                                          std::optional<WireError>* soft) {
  while (!r.empty()) {
    GenericNlri n;
    if (add_path && !r.ReadU32(&n.path_id)) return NetworkError("path identifier truncated");
    auto m = DecodeMupNlri(r, afi);
    if (!m) {
      if (m.error().action == ErrorAction::kSessionReset) return std::move(m).error();
      MergeSoft(soft, std::move(m).error());
      continue;
    }
    ByteWriter w(&n.bytes);
    EncodeMupNlri(w, *m);
    out->push_back(std::move(n));
  }
  return std::nullopt;
}

void AppendMupKey(ByteSpan nlri, Afi afi, std::string* key) {
  ByteReader r(nlri);
  auto m = DecodeMupNlri(r, afi);
  if (m && m->parsed && m->kind() == MupType::kT1st) {
    // The types and RD (not the length), then the prefix: one route per
    // user prefix.
    key->append(reinterpret_cast<const char*>(nlri.data()), 3);
    key->append(reinterpret_cast<const char*>(nlri.data()) + 4, 8);
    key->push_back(static_cast<char>(m->prefix.length()));
    key->append(reinterpret_cast<const char*>(m->prefix.address().data()), m->prefix.wire_bytes());
    return;
  }
  key->append(reinterpret_cast<const char*>(nlri.data()), nlri.size());
}

}  // namespace internal
}  // namespace herald::wire
