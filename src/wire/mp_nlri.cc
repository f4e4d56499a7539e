#include "wire/mp_nlri.h"

#include "wire/attribute_codec.h"
#include "wire/family_codec.h"

namespace herald::wire::internal {
namespace {

WireError Structure(const char* attr, std::string what) {
  // RFC 4760 names no subcode; 3/9 (Optional Attribute Error) points at the
  // attribute, and RFC 7606 §7.11 makes it a session reset.
  return UpdateError(UpdateSubcode::kOptionalAttributeError, std::string(attr) + ": " + std::move(what));
}

size_t NlriBytes(const std::vector<InetNlri>& nlri, const std::vector<GenericNlri>& generic, bool add_path) {
  size_t n = 0;
  for (const InetNlri& x : nlri) n += InetNlriSize(x, add_path);
  for (const GenericNlri& x : generic) n += GenericNlriSize(x, add_path);
  return n;
}

void WriteNlri(ByteWriter& w, const std::vector<InetNlri>& nlri, const std::vector<GenericNlri>& generic,
               bool add_path) {
  for (const InetNlri& n : nlri) EncodeInetNlri(w, n, add_path);
  for (const GenericNlri& n : generic) EncodeGenericNlri(w, n, add_path);
}

// Reads the NLRI field into the family's list.
std::optional<WireError> DecodeNlriField(const FamilyCodec& codec, ByteReader& r, bool add_path,
                                         std::vector<InetNlri>* nlri, std::vector<GenericNlri>* generic,
                                         std::optional<WireError>* soft, const char* attr) {
  std::optional<WireError> err;
  std::optional<WireError> skipped;
  if (codec.decode_generic) err = codec.decode_generic(r, add_path, generic, &skipped);
  else err = codec.decode_nlri(r, add_path, nlri);
  if (err) {
    err->what = std::string(attr) + " " + codec.family.Name() + ": " + err->what;
    return err;
  }
  if (skipped) {
    skipped->what = std::string(attr) + " " + codec.family.Name() + ": " + skipped->what;
    MergeSoft(soft, std::move(*skipped));
  }
  return std::nullopt;
}

}  // namespace

std::optional<WireError> DecodeMpReach(ByteSpan value, const Negotiated& negotiated, std::vector<Reach>* out,
                                       std::vector<Family>* skipped, std::optional<WireError>* soft) {
  ByteReader r(value);
  uint16_t afi = 0;
  uint8_t safi = 0, nh_length = 0, reserved = 0;
  if (!r.ReadU16(&afi) || !r.ReadU8(&safi)) return Structure("MP_REACH_NLRI", "AFI/SAFI truncated");
  Family family{static_cast<Afi>(afi), static_cast<Safi>(safi)};
  const FamilyCodec* codec = FindFamily(family);
  if (!codec || !negotiated.Has(family)) {
    skipped->push_back(family);
    return std::nullopt;
  }
  ByteReader nh;
  if (!r.ReadU8(&nh_length) || !r.Sub(nh_length, &nh))
    return Structure("MP_REACH_NLRI", "next hop runs past the end of the attribute");
  ByteReader again = nh;
  auto next_hop = codec->decode_next_hop(nh);
  if (!next_hop && negotiated.ReceivesV6NextHop(family)) {
    // RFC 8950 §3: an IPv6 next hop for IPv4 routes, coded as the IPv6
    // family of the same SAFI codes it.
    if (const FamilyCodec* v6 = FindFamily(Family{Afi::kIpv6, family.safi}))
      if (auto v6_next_hop = v6->decode_next_hop(again)) next_hop = std::move(v6_next_hop);
  }
  if (!next_hop) return std::move(next_hop).error();
  // RFC 4760 §3: the octet after the next hop is reserved (it counted SNPAs
  // in RFC 2858) and is ignored.
  if (!r.ReadU8(&reserved)) return Structure("MP_REACH_NLRI", "reserved octet missing");
  const bool add_path = negotiated.ReceivesPathId(family);
  Reach reach{family, false, std::move(*next_hop), {}, add_path};
  if (auto err = DecodeNlriField(*codec, r, add_path, &reach.nlri, &reach.generic, soft, "MP_REACH_NLRI"))
    return err;
  out->push_back(std::move(reach));
  return std::nullopt;
}

std::optional<WireError> DecodeMpUnreach(ByteSpan value, const Negotiated& negotiated, std::vector<Unreach>* out,
                                         std::vector<Family>* skipped, std::optional<WireError>* soft) {
  ByteReader r(value);
  uint16_t afi = 0;
  uint8_t safi = 0;
  if (!r.ReadU16(&afi) || !r.ReadU8(&safi)) return Structure("MP_UNREACH_NLRI", "AFI/SAFI truncated");
  Family family{static_cast<Afi>(afi), static_cast<Safi>(safi)};
  const FamilyCodec* codec = FindFamily(family);
  if (!codec || !negotiated.Has(family)) {
    skipped->push_back(family);
    return std::nullopt;
  }
  const bool add_path = negotiated.ReceivesPathId(family);
  Unreach unreach{family, false, {}, add_path};
  if (auto err = DecodeNlriField(*codec, r, add_path, &unreach.nlri, &unreach.generic, soft, "MP_UNREACH_NLRI"))
    return err;
  out->push_back(std::move(unreach));
  return std::nullopt;
}

namespace {

// The codec of the family's next hops; for an IPv6 next hop of IPv4 routes
// (RFC 8950), the IPv6 family's of the same SAFI.
const FamilyCodec* NextHopCodec(Family family, const MpNextHop& next_hop) {
  if (family.afi == Afi::kIpv4 && !next_hop.none && next_hop.address.is_v6())
    return FindFamily(Family{Afi::kIpv6, family.safi});
  return FindFamily(family);
}

}  // namespace

size_t MpReachValueSize(Family family, const MpNextHop& next_hop, size_t nlri_bytes) {
  if (!FindFamily(family)) return 0;
  const FamilyCodec* codec = NextHopCodec(family, next_hop);
  if (!codec) return 0;
  std::optional<size_t> nh = codec->next_hop_size(next_hop);
  if (!nh) return 0;
  return 2 + 1 + 1 + *nh + 1 + nlri_bytes;
}

void BeginMpReach(ByteWriter& w, Family family, const MpNextHop& next_hop, size_t nlri_bytes) {
  size_t size = MpReachValueSize(family, next_hop, nlri_bytes);
  if (size == 0) return w.Fail();
  const FamilyCodec* codec = NextHopCodec(family, next_hop);
  PutAttrHeader(w, kFlagOptional, static_cast<uint8_t>(AttrCode::kMpReachNlri), size);
  w.U16(static_cast<uint16_t>(family.afi));
  w.U8(static_cast<uint8_t>(family.safi));
  w.U8(static_cast<uint8_t>(*codec->next_hop_size(next_hop)));
  codec->encode_next_hop(w, next_hop);
  w.U8(0);
}

void BeginMpUnreach(ByteWriter& w, Family family, size_t nlri_bytes) {
  if (!FindFamily(family)) return w.Fail();
  PutAttrHeader(w, kFlagOptional, static_cast<uint8_t>(AttrCode::kMpUnreachNlri), 3 + nlri_bytes);
  w.U16(static_cast<uint16_t>(family.afi));
  w.U8(static_cast<uint8_t>(family.safi));
}

void EncodeMpReach(ByteWriter& w, const Reach& reach) {
  BeginMpReach(w, reach.family, reach.next_hop, NlriBytes(reach.nlri, reach.generic, reach.add_path));
  WriteNlri(w, reach.nlri, reach.generic, reach.add_path);
}

void EncodeMpUnreach(ByteWriter& w, const Unreach& unreach) {
  BeginMpUnreach(w, unreach.family, NlriBytes(unreach.nlri, unreach.generic, unreach.add_path));
  WriteNlri(w, unreach.nlri, unreach.generic, unreach.add_path);
}

}  // namespace herald::wire::internal
