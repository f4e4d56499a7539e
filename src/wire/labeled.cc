#include "wire/labeled.h"

#include <string>

namespace herald::wire {
namespace {

WireError NetworkError(std::string what) {
  return UpdateError(UpdateSubcode::kInvalidNetworkField, std::move(what));
}

size_t PrefixBits(Family family) { return family.afi == Afi::kIpv6 ? 128 : 32; }

}  // namespace

Result<LabeledNlri, WireError> DecodeLabeledNlri(ByteReader& in, Family family) {
  const std::string name = std::string(SafiName(family.safi));
  uint8_t bits = 0;
  if (!in.ReadU8(&bits)) return Fail(NetworkError(name + " NLRI length missing"));
  size_t left = bits;
  LabeledNlri n;
  if (HasLabels(family.safi)) {
    for (;;) {
      uint32_t entry = 0;
      if (left < 24 || !in.ReadU24(&entry))
        return Fail(NetworkError(name + " NLRI: label stack without its bottom"));
      left -= 24;
      n.labels.push_back(entry);
      if (EndsLabelStack(entry, n.labels.size() == 1)) break;
    }
  }
  if (HasRd(family.safi)) {
    if (left < 64 || !in.ReadInto(n.rd.data(), 8))
      return Fail(NetworkError(name + " NLRI: route distinguisher truncated"));
    left -= 64;
  }
  if (left > PrefixBits(family))
    return Fail(NetworkError(name + " NLRI: prefix length " + std::to_string(left) + " exceeds " +
                             std::to_string(PrefixBits(family))));
  std::array<uint8_t, 16> bytes{};
  if (!in.ReadInto(bytes.data(), (left + 7) / 8))
    return Fail(NetworkError(name + " NLRI: prefix /" + std::to_string(left) + " runs past the end of the field"));
  const bool v6 = family.afi == Afi::kIpv6;
  n.prefix = Prefix(IpAddress::FromBytes(ByteSpan(bytes.data(), v6 ? 16 : 4)), static_cast<uint8_t>(left));
  return n;
}

void EncodeLabeledNlri(ByteWriter& w, const LabeledNlri& n, Family family) {
  const size_t labels = HasLabels(family.safi) ? n.labels.size() : 0;
  const size_t bits = labels * 24 + (HasRd(family.safi) ? 64 : 0) + n.prefix.length();
  w.U8(static_cast<uint8_t>(bits));
  for (size_t i = 0; i < labels; ++i) {
    w.U24(n.labels[i] & 0xFFFFFF);
  }
  if (HasRd(family.safi)) w.Append(ByteSpan(n.rd.data(), n.rd.size()));
  w.Append(n.prefix.address().data(), n.prefix.wire_bytes());
}

std::optional<Bytes> EncodeLabeledNlri(const LabeledNlri& n, Family family) {
  const size_t labels = HasLabels(family.safi) ? n.labels.size() : 0;
  if (labels * 24 + (HasRd(family.safi) ? 64 : 0) + n.prefix.length() > 255) return std::nullopt;
  if (n.prefix.is_v6() != (family.afi == Afi::kIpv6)) return std::nullopt;
  Bytes out;
  ByteWriter w(&out);
  EncodeLabeledNlri(w, n, family);
  return out;
}

void AppendLabeledKey(ByteSpan nlri, Family family, std::string* key) {
  if (nlri.empty()) return;
  size_t at = 1;
  size_t bits = nlri[0];
  if (HasLabels(family.safi)) {
    while (at + 3 <= nlri.size() && bits >= 24) {
      const uint32_t entry = uint32_t{nlri[at]} << 16 | uint32_t{nlri[at + 1]} << 8 | nlri[at + 2];
      const bool first = at == 1;
      at += 3;
      bits -= 24;
      if (EndsLabelStack(entry, first)) break;
    }
  }
  key->push_back(static_cast<char>(bits));
  key->append(reinterpret_cast<const char*>(nlri.data()) + at, nlri.size() - at);
}

}  // namespace herald::wire
