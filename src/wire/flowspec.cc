// FlowSpec NLRI decoding and canonical encoding (RFC 8955 §4, RFC 8956 §3).
#include "wire/flowspec.h"

#include <algorithm>
#include <string>

namespace herald::wire {
namespace {

constexpr size_t kMaxNlriLength = 0xFFF;   // RFC 8955 §4.1: 12 bits in the 0xFnnn form
constexpr size_t kOneByteLengthLimit = 240;  // below this, the length takes one byte

WireError Framing(std::string what) {
  return UpdateError(UpdateSubcode::kInvalidNetworkField, "flow NLRI: " + std::move(what), {},
                     ErrorAction::kSessionReset);
}
WireError Malformed(std::string what) {
  return UpdateError(UpdateSubcode::kInvalidNetworkField, "flow NLRI: " + std::move(what), {},
                     ErrorAction::kTreatAsWithdraw);
}

bool GetBit(const uint8_t* bytes, size_t bit) { return (bytes[bit / 8] >> (7 - bit % 8)) & 1; }
void SetBit(uint8_t* bytes, size_t bit) { bytes[bit / 8] |= static_cast<uint8_t>(0x80 >> (bit % 8)); }

// Types 1 and 2. IPv4: <length, prefix bytes> (RFC 8955 §4.2.2.1). IPv6:
// <length, offset, pattern> where the pattern holds bits [offset, length)
// in ceil((length - offset) / 8) bytes (RFC 8956 §3.1). Bits past the
// length (the padding) are dropped.
Result<FlowPrefix, WireError> DecodePrefix(ByteReader& in, Afi afi) {
  const bool v6 = afi == Afi::kIpv6;
  const size_t max = v6 ? 128 : 32;
  uint8_t length = 0, offset = 0;
  if (!in.ReadU8(&length)) return Fail(Malformed("truncated prefix length"));
  if (v6 && !in.ReadU8(&offset)) return Fail(Malformed("truncated prefix offset"));
  if (length > max) return Fail(Malformed("prefix length " + std::to_string(length) + " too long"));
  // RFC 8956 §3.1: offset < length, unless both are 0 (every address).
  if (v6 && (length == 0 ? offset != 0 : offset >= length))
    return Fail(Malformed("prefix offset " + std::to_string(offset) + " not below its length " +
                          std::to_string(length)));
  const size_t bits = length - offset;
  uint8_t pattern[16] = {};
  if (!in.ReadInto(pattern, (bits + 7) / 8)) return Fail(Malformed("truncated prefix"));
  std::array<uint8_t, 16> address{};
  for (size_t i = 0; i < bits; ++i)
    if (GetBit(pattern, i)) SetBit(address.data(), offset + i);
  FlowPrefix p;
  p.address = v6 ? IpAddress::V6(address) : IpAddress::FromBytes(ByteSpan(address.data(), 4));
  p.length = length;
  p.offset = offset;
  return p;
}

void EncodePrefix(ByteWriter& w, const FlowPrefix& p, Afi afi) {
  const bool v6 = afi == Afi::kIpv6;
  if (p.address.is_v6() != v6 || p.length > (v6 ? 128 : 32) || (!v6 && p.offset) ||
      (p.length == 0 ? p.offset != 0 : p.offset >= p.length))
    return w.Fail();
  w.U8(p.length);
  if (v6) w.U8(p.offset);
  const size_t bits = p.length - p.offset;
  uint8_t pattern[16] = {};
  for (size_t i = 0; i < bits; ++i)
    if (GetBit(p.address.data(), p.offset + i)) SetBit(pattern, i);
  w.Append(pattern, (bits + 7) / 8);
}

// RFC 8955 §4.2.1: {operator, value} pairs up to the one with end-of-list.
// The first pair's and-bit and every reserved bit are ignored on receipt.
Result<std::vector<FlowMatch>, WireError> DecodeMatches(ByteReader& in, FlowValueKind kind) {
  const uint8_t keep = kFlowOpAnd | (kind == FlowValueKind::kNumeric ? (kFlowOpLt | kFlowOpGt | kFlowOpEq)
                                                                     : (kFlowOpNot | kFlowOpMatch));
  std::vector<FlowMatch> out;
  for (;;) {
    uint8_t op = 0;
    if (!in.ReadU8(&op)) return Fail(Malformed("truncated operator"));
    const size_t size = size_t{1} << ((op & kFlowOpLen) >> 4);
    uint64_t value = 0;
    for (size_t i = 0; i < size; ++i) {
      uint8_t b = 0;
      if (!in.ReadU8(&b)) return Fail(Malformed("truncated value"));
      value = (value << 8) | b;
    }
    FlowMatch m{static_cast<uint8_t>(op & keep), value};
    if (out.empty()) m.op &= static_cast<uint8_t>(~kFlowOpAnd);
    out.push_back(m);
    if (op & kFlowOpEnd) return out;
  }
}

void EncodeMatches(ByteWriter& w, const std::vector<FlowMatch>& matches, FlowValueKind kind) {
  if (matches.empty()) return w.Fail();
  const uint8_t keep = kFlowOpAnd | (kind == FlowValueKind::kNumeric ? (kFlowOpLt | kFlowOpGt | kFlowOpEq)
                                                                     : (kFlowOpNot | kFlowOpMatch));
  for (size_t i = 0; i < matches.size(); ++i) {
    const FlowMatch& m = matches[i];
    uint8_t op = m.op & keep;
    if (i == 0) op &= static_cast<uint8_t>(~kFlowOpAnd);
    if (i + 1 == matches.size()) op |= kFlowOpEnd;
    const uint8_t len = m.value <= 0xFF ? 0 : m.value <= 0xFFFF ? 1 : m.value <= 0xFFFFFFFF ? 2 : 3;
    w.U8(static_cast<uint8_t>(op | (len << 4)));
    for (int shift = (8 << len) - 8; shift >= 0; shift -= 8) w.U8(static_cast<uint8_t>(m.value >> shift));
  }
}

}  // namespace

const FlowComponent* FlowNlri::Find(FlowType type) const {
  for (const FlowComponent& c : components)
    if (c.type == type) return &c;
  return nullptr;
}

Result<FlowNlri, WireError> DecodeFlowNlri(ByteReader& in, Afi afi, bool vpn) {
  uint8_t first = 0;
  if (!in.ReadU8(&first)) return Fail(Framing("missing length"));
  size_t length = first;
  if ((first & 0xF0) == 0xF0) {  // RFC 8955 §4.1: 0xFnnn
    uint8_t second = 0;
    if (!in.ReadU8(&second)) return Fail(Framing("truncated extended length"));
    length = (size_t{first & 0x0Fu} << 8) | second;
  }
  ByteReader body;
  if (!in.Sub(length, &body))
    return Fail(Framing("length " + std::to_string(length) + " past the end (" + std::to_string(in.remaining()) +
                        " bytes left)"));

  if (afi != Afi::kIpv4 && afi != Afi::kIpv6) return Fail(Malformed("not an IPv4 or IPv6 family"));
  FlowNlri nlri;
  nlri.afi = afi;
  nlri.vpn = vpn;
  if (vpn && !body.ReadInto(nlri.rd.data(), nlri.rd.size()))
    return Fail(Malformed("truncated route distinguisher"));
  if (body.empty()) return Fail(Malformed("no component"));
  uint8_t last = 0;
  while (!body.empty()) {
    uint8_t type = 0;
    (void)body.ReadU8(&type);
    const FlowComponentInfo* info = FindFlowComponent(type);
    if (!info || !FlowComponentValid(*info, afi))
      return Fail(Malformed("component type " + std::to_string(type) + " unknown in " +
                            std::string(AfiName(afi)) + " flow"));
    // RFC 8955 §4.2: each type at most once, in increasing order.
    if (type <= last)
      return Fail(Malformed("component type " + std::to_string(type) +
                            (type == last ? " repeated" : " after type " + std::to_string(last))));
    last = type;
    FlowComponent c;
    c.type = info->type;
    if (info->kind == FlowValueKind::kPrefix) {
      auto p = DecodePrefix(body, afi);
      if (!p) return Fail(std::move(p).error());
      c.prefix = *p;
    } else {
      auto m = DecodeMatches(body, info->kind);
      if (!m) return Fail(std::move(m).error());
      c.matches = std::move(*m);
    }
    nlri.components.push_back(std::move(c));
  }
  return nlri;
}

void EncodeFlowNlri(ByteWriter& w, const FlowNlri& nlri) {
  Bytes body;
  ByteWriter b(&body, kMaxNlriLength);
  if (nlri.vpn) b.Append(nlri.rd.data(), nlri.rd.size());
  if (nlri.components.empty()) b.Fail();
  uint8_t last = 0;
  for (const FlowComponent& c : nlri.components) {
    const uint8_t type = static_cast<uint8_t>(c.type);
    const FlowComponentInfo* info = FindFlowComponent(type);
    if (!info || !FlowComponentValid(*info, nlri.afi) || type <= last) return w.Fail();
    last = type;
    b.U8(type);
    if (info->kind == FlowValueKind::kPrefix)
      EncodePrefix(b, c.prefix, nlri.afi);
    else
      EncodeMatches(b, c.matches, info->kind);
  }
  if (!b.ok()) return w.Fail();
  if (body.size() < kOneByteLengthLimit)
    w.U8(static_cast<uint8_t>(body.size()));
  else
    w.U16(static_cast<uint16_t>(0xF000 | body.size()));
  w.Append(body);
}

std::optional<Bytes> EncodeFlowNlri(const FlowNlri& nlri) {
  Bytes out;
  ByteWriter w(&out);
  EncodeFlowNlri(w, nlri);
  if (!w.ok()) return std::nullopt;
  return out;
}

namespace {

// -1, 0, 1 as a is lower, equal, higher.
template <typename T>
int Sign(T a, T b) {
  return a < b ? -1 : b < a ? 1 : 0;
}

int ComparePrefixes(const FlowPrefix& a, const FlowPrefix& b) {
  if (int c = Sign(a.offset, b.offset)) return c;  // RFC 8956: the lower offset first
  const size_t common = std::min(a.length, b.length);
  for (size_t bit = a.offset; bit < common; ++bit)
    if (int c = Sign(GetBit(a.address.data(), bit), GetBit(b.address.data(), bit))) return c;
  return Sign(b.length, a.length);  // equal: the longer prefix first
}

Bytes ComponentBytes(const FlowComponent& c, FlowValueKind kind) {
  Bytes out;
  ByteWriter w(&out);
  EncodeMatches(w, c.matches, kind);
  return out;
}

}  // namespace

int CompareFlowPrecedence(const FlowNlri& a, const FlowNlri& b) {
  size_t i = 0;
  for (; i < a.components.size() && i < b.components.size(); ++i) {
    const FlowComponent& x = a.components[i];
    const FlowComponent& y = b.components[i];
    // The rule with the lower type here has a component the other lacks.
    if (int c = Sign(x.type, y.type)) return c;
    const FlowComponentInfo* info = FindFlowComponent(static_cast<uint8_t>(x.type));
    if (!info) continue;
    if (info->kind == FlowValueKind::kPrefix) {
      if (int c = ComparePrefixes(x.prefix, y.prefix)) return c;
      continue;
    }
    const Bytes xb = ComponentBytes(x, info->kind), yb = ComponentBytes(y, info->kind);
    const size_t common = std::min(xb.size(), yb.size());
    for (size_t k = 0; k < common; ++k)
      if (int c = Sign(xb[k], yb[k])) return c;
    if (int c = Sign(yb.size(), xb.size())) return c;  // equal: the longer string first
  }
  // A rule with more components: its next type is lower than "none".
  return Sign(b.components.size() - i, a.components.size() - i);
}

void SortFlowComponents(FlowNlri* nlri) {
  std::stable_sort(nlri->components.begin(), nlri->components.end(),
                   [](const FlowComponent& a, const FlowComponent& b) { return a.type < b.type; });
}

}  // namespace herald::wire
