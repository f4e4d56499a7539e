// IPv4/IPv6 prefixes (RFC 4271 §4.3, RFC 4760 §5, RFC 7911 §3) and the
// registry of address families.
#include "wire/nlri.h"

#include <array>

#include "wire/bgpls.h"
#include "wire/evpn.h"
#include "wire/family_codec.h"
#include "wire/labeled.h"
#include "wire/rtc.h"
#include "wire/mup.h"
#include "wire/next_hop.h"
#include "wire/mvpn.h"
#include "wire/vpls.h"

namespace herald::wire {
namespace {

WireError NetworkError(std::string what) {
  return UpdateError(UpdateSubcode::kInvalidNetworkField, std::move(what));
}

WireError NextHopError(std::string what) {
  // RFC 7606 §7.11: a malformed MP_REACH_NLRI resets the session. RFC 4760
  // gives no subcode; 3/9 (Optional Attribute Error) names the attribute.
  return UpdateError(UpdateSubcode::kOptionalAttributeError, "MP_REACH_NLRI: " + std::move(what));
}

std::optional<WireError> DecodeV4(ByteReader& r, bool add_path, std::vector<InetNlri>* out) {
  return DecodeInetNlri(r, Afi::kIpv4, add_path, out);
}
std::optional<WireError> DecodeV6(ByteReader& r, bool add_path, std::vector<InetNlri>* out) {
  return DecodeInetNlri(r, Afi::kIpv6, add_path, out);
}

// RFC 4760 §3: an IPv4 next hop is 4 bytes (RFC 8950's IPv6 next hops for
// IPv4 need the extended next hop capability, not supported yet).
Result<MpNextHop, WireError> DecodeV4NextHop(ByteReader& r) {
  if (r.remaining() != 4) return Fail(NextHopError("IPv4 next hop of " + std::to_string(r.remaining()) + " bytes"));
  ByteSpan b;
  (void)r.ReadSpan(4, &b);
  return MpNextHop{IpAddress::FromBytes(b), std::nullopt};
}
std::optional<size_t> V4NextHopSize(const MpNextHop& nh) {
  if (nh.none || !nh.address.is_v4() || nh.link_local) return std::nullopt;
  return 4;
}
void EncodeV4NextHop(ByteWriter& w, const MpNextHop& nh) { w.Append(nh.address.bytes()); }

// RFC 2545 §3: a global IPv6 address, optionally followed by a link-local one.
Result<MpNextHop, WireError> DecodeV6NextHop(ByteReader& r) {
  if (r.remaining() != 16 && r.remaining() != 32)
    return Fail(NextHopError("IPv6 next hop of " + std::to_string(r.remaining()) + " bytes"));
  ByteSpan b;
  (void)r.ReadSpan(16, &b);
  MpNextHop nh{IpAddress::FromBytes(b), std::nullopt};
  if (r.ReadSpan(16, &b)) nh.link_local = IpAddress::FromBytes(b);
  return nh;
}
std::optional<size_t> V6NextHopSize(const MpNextHop& nh) {
  if (nh.none || !nh.address.is_v6()) return std::nullopt;
  if (!nh.link_local) return 16;
  if (!nh.link_local->is_v6()) return std::nullopt;
  return 32;
}
void EncodeV6NextHop(ByteWriter& w, const MpNextHop& nh) {
  w.Append(nh.address.bytes());
  if (nh.link_local) w.Append(nh.link_local->bytes());
}

// FlowSpec (RFC 8955, RFC 8956): NLRI kept as canonical bytes, next hop
// optional.
template <Afi kAfi, bool kVpn>
std::optional<WireError> DecodeFlow(ByteReader& r, bool add_path, std::vector<GenericNlri>* out,
                                    std::optional<WireError>* soft) {
  return internal::DecodeFlowGeneric(r, kAfi, kVpn, add_path, out, soft);
}
template <Afi kAfi>
Result<MpNextHop, WireError> DecodeFlowNextHop(ByteReader& r) {
  return internal::DecodeOptionalNextHop(r, kAfi);
}
template <Afi kAfi>
std::optional<size_t> FlowNextHopSize(const MpNextHop& nh) {
  return internal::OptionalNextHopSize(nh, kAfi);
}
void EncodeOptionalNextHop(ByteWriter& w, const MpNextHop& nh) {
  if (nh.none) return;
  EncodeV6NextHop(w, nh);  // the address, and the link-local one if any
}

// Multicast, labeled unicast and VPN: prefixes with labels and an RD.
template <Afi kAfi, Safi kSafi>
std::optional<WireError> DecodeLabeled(ByteReader& r, bool add_path, std::vector<GenericNlri>* out,
                                       std::optional<WireError>*) {
  return internal::DecodeLabeledGeneric(r, Family{kAfi, kSafi}, add_path, out);
}
template <Afi kAfi, Safi kSafi>
void LabeledKey(ByteSpan nlri, std::string* key) {
  AppendLabeledKey(nlri, Family{kAfi, kSafi}, key);
}
template <Afi kAfi>
Result<MpNextHop, WireError> DecodeVpnNextHop(ByteReader& r) {
  return internal::DecodeVpnNextHop(r, kAfi);
}
template <Afi kAfi>
std::optional<size_t> VpnNextHopSize(const MpNextHop& nh) {
  return internal::VpnNextHopSize(nh, kAfi);
}

// MVPN, MUP and RT-Constrain: an IPv4 or an IPv6 next hop whatever the AFI
// (ExaBGP 5.0 sends an IPv6 one for an IPv4 MUP route whose next-hop is
// IPv6, and reads either for RT-Constrain). EncodeV6NextHop writes either.
Result<MpNextHop, WireError> DecodeAnyNextHop(ByteReader& r) {
  return r.remaining() == 4 ? DecodeV4NextHop(r) : DecodeV6NextHop(r);
}
std::optional<size_t> AnyNextHopSize(const MpNextHop& nh) {
  return nh.address.is_v4() ? V4NextHopSize(nh) : V6NextHopSize(nh);
}
template <Afi kAfi>
std::optional<WireError> DecodeMup(ByteReader& r, bool add_path, std::vector<GenericNlri>* out,
                                   std::optional<WireError>* soft) {
  return internal::DecodeMupGeneric(r, kAfi, add_path, out, soft);
}
template <Afi kAfi>
void MupKey(ByteSpan nlri, std::string* key) {
  internal::AppendMupKey(nlri, kAfi, key);
}

using internal::FamilyCodec;
using internal::EncodeVpnNextHop;
constexpr Afi kV4 = Afi::kIpv4;
constexpr Afi kV6 = Afi::kIpv6;

// A prefix family kept as generic NLRI; labeled ones keyed without labels.
template <Afi kAfi, Safi kSafi>
constexpr FamilyCodec Labeled() {
  constexpr bool v6 = kAfi == kV6;
  if constexpr (kSafi == Safi::kMplsVpn)
    return {{kAfi, kSafi}, nullptr, DecodeLabeled<kAfi, kSafi>, DecodeVpnNextHop<kAfi>, VpnNextHopSize<kAfi>,
            EncodeVpnNextHop, false, LabeledKey<kAfi, kSafi>, true};
  else
    return {{kAfi, kSafi}, nullptr, DecodeLabeled<kAfi, kSafi>, v6 ? DecodeV6NextHop : DecodeV4NextHop,
            v6 ? V6NextHopSize : V4NextHopSize, v6 ? EncodeV6NextHop : EncodeV4NextHop, false,
            kSafi == Safi::kMplsLabel ? LabeledKey<kAfi, kSafi> : nullptr, kSafi == Safi::kMplsLabel};
}

template <Afi kAfi, bool kVpn>
constexpr FamilyCodec Flow() {
  return {{kAfi, kVpn ? Safi::kFlowVpn : Safi::kFlowIp}, nullptr, DecodeFlow<kAfi, kVpn>, DecodeFlowNextHop<kAfi>,
          FlowNextHopSize<kAfi>, EncodeOptionalNextHop, true};
}

// Registry order is the order families are listed in (OPEN, `family { all; }`):
// ExaBGP's, by AFI then SAFI.
constexpr FamilyCodec kFamilies[] = {
    {kIpv4Unicast, DecodeV4, nullptr, DecodeV4NextHop, V4NextHopSize, EncodeV4NextHop, false, nullptr, true},
    Labeled<kV4, Safi::kMulticast>(),
    Labeled<kV4, Safi::kMplsLabel>(),
    {kIpv4McastVpn, nullptr, internal::DecodeMvpnGeneric, DecodeAnyNextHop, AnyNextHopSize, EncodeV6NextHop, false,
     nullptr, false, true},
    {kIpv4Mup, nullptr, DecodeMup<kV4>, DecodeAnyNextHop, AnyNextHopSize, EncodeV6NextHop, false, MupKey<kV4>, false,
     true},
    Labeled<kV4, Safi::kMplsVpn>(),
    // RT-Constrain (rtc.h): keyed by the whole NLRI. Not in `all`: herald
    // announces no route target membership, and a peer that negotiates the
    // family sends a speaker without any membership no VPN routes at all
    // (RFC 4684 §6), which `all` must not bring about.
    {kIpv4Rtc, nullptr, internal::DecodeRtcGeneric, DecodeAnyNextHop, AnyNextHopSize, EncodeV6NextHop, false,
     nullptr, false, false, false},
    Flow<kV4, false>(),
    Flow<kV4, true>(),
    {kIpv6Unicast, DecodeV6, nullptr, DecodeV6NextHop, V6NextHopSize, EncodeV6NextHop, false, nullptr, true},
    Labeled<kV6, Safi::kMulticast>(),
    Labeled<kV6, Safi::kMplsLabel>(),
    {kIpv6McastVpn, nullptr, internal::DecodeMvpnGeneric, DecodeAnyNextHop, AnyNextHopSize, EncodeV6NextHop, false,
     nullptr, false, true},
    {kIpv6Mup, nullptr, DecodeMup<kV6>, DecodeAnyNextHop, AnyNextHopSize, EncodeV6NextHop, false, MupKey<kV6>, false,
     true},
    Labeled<kV6, Safi::kMplsVpn>(),
    Flow<kV6, false>(),
    Flow<kV6, true>(),
    // VPLS (vpls.h): an IPv4 next hop of 4 bytes, as ExaBGP 5.0 sends and
    // requires; the RIB key is the whole NLRI.
    {kL2vpnVpls, nullptr, internal::DecodeVplsGeneric, DecodeV4NextHop, V4NextHopSize, EncodeV4NextHop, false,
     nullptr, false},
    // EVPN (evpn.h): an IPv4 or IPv6 next hop; the RIB key leaves out what
    // RFC 7432 / 9136 leave out of the route (labels, ESI of type 2, ...).
    {kL2vpnEvpn, nullptr, internal::DecodeEvpnGeneric, internal::DecodeEvpnNextHop, internal::EvpnNextHopSize,
     internal::EncodeEvpnNextHop, false, AppendEvpnKey, false},
    // BGP-LS (bgpls.h), received only: an IPv4 or IPv6 next hop, with a
    // zero RD before it for bgp-ls-vpn.
    {kBgpLsFamily, nullptr, internal::DecodeBgpLsGeneric, internal::DecodeBgpLsNextHop, internal::BgpLsNextHopSize,
     internal::EncodeBgpLsNextHop, false, nullptr, false},
    {kBgpLsVpnFamily, nullptr, internal::DecodeBgpLsVpnGeneric, internal::DecodeBgpLsVpnNextHop,
     internal::BgpLsVpnNextHopSize, internal::EncodeBgpLsVpnNextHop, false, nullptr, false},
};

constexpr std::array<Family, std::size(kFamilies)> kFamilyList = [] {
  std::array<Family, std::size(kFamilies)> out{};
  for (size_t i = 0; i < std::size(kFamilies); ++i) out[i] = kFamilies[i].family;
  return out;
}();

constexpr size_t kDefaultCount = [] {
  size_t n = 0;
  for (const FamilyCodec& f : kFamilies) n += f.in_all;
  return n;
}();
constexpr std::array<Family, kDefaultCount> kDefaultList = [] {
  std::array<Family, kDefaultCount> out{};
  size_t n = 0;
  for (const FamilyCodec& f : kFamilies)
    if (f.in_all) out[n++] = f.family;
  return out;
}();

// How many prefixes the field holds, walking only their length bytes (the
// decoder proper checks everything): one exact allocation instead of a
// vector doubling up to hundreds of kB for a 64 KiB message.
size_t CountPrefixes(ByteSpan field, bool add_path) {
  size_t count = 0;
  const size_t skip = add_path ? 4 : 0;
  for (size_t at = skip; at < field.size(); at += skip + 1 + (field[at] + 7u) / 8u) ++count;
  return count;
}

}  // namespace

std::optional<WireError> DecodeInetNlri(ByteReader& r, Afi afi, bool add_path, std::vector<InetNlri>* out) {
  const bool v6 = afi == Afi::kIpv6;
  const size_t max_bits = v6 ? 128 : 32;
  out->reserve(out->size() + CountPrefixes(r.rest(), add_path));
  while (!r.empty()) {
    InetNlri n;
    uint8_t length = 0;
    if (add_path && !r.ReadU32(&n.path_id)) return NetworkError("path identifier truncated");
    if (!r.ReadU8(&length)) return NetworkError("prefix length missing");
    if (length > max_bits)
      return NetworkError("prefix length " + std::to_string(length) + " exceeds " + std::to_string(max_bits));
    std::array<uint8_t, 16> bytes{};
    if (!r.ReadInto(bytes.data(), (length + 7u) / 8u))
      return NetworkError("prefix /" + std::to_string(length) + " runs past the end of the field");
    // Bits past the prefix length are cleared (Prefix does it), as RFC 4271
    // §4.3 calls them irrelevant.
    n.prefix = Prefix(IpAddress::FromBytes(ByteSpan(bytes.data(), v6 ? 16 : 4)), length);
    out->push_back(n);
  }
  return std::nullopt;
}

void EncodeInetNlri(ByteWriter& w, const InetNlri& nlri, bool add_path) {
  if (add_path) w.U32(nlri.path_id);
  w.U8(nlri.prefix.length());
  w.Append(nlri.prefix.address().data(), nlri.prefix.wire_bytes());
}

void EncodeGenericNlri(ByteWriter& w, const GenericNlri& nlri, bool add_path) {
  if (add_path) w.U32(nlri.path_id);
  w.Append(nlri.bytes);
}

bool IsSupportedFamily(Family family) { return internal::FindFamily(family) != nullptr; }

bool IsGenericFamily(Family family) {
  const internal::FamilyCodec* f = internal::FindFamily(family);
  return f && f->decode_generic;
}

bool HasAddPath(Family family) {
  const internal::FamilyCodec* f = internal::FindFamily(family);
  return f && f->add_path;
}

bool IsNextHopOptional(Family family) {
  const internal::FamilyCodec* f = internal::FindFamily(family);
  return f && f->next_hop_optional;
}

std::span<const Family> SupportedFamilies() { return kFamilyList; }
std::span<const Family> DefaultFamilies() { return kDefaultList; }

bool TakesAnyNextHop(Family family) {
  const internal::FamilyCodec* f = internal::FindFamily(family);
  return f && f->any_next_hop;
}

void AppendGenericKey(Family family, ByteSpan nlri, std::string* key) {
  const internal::FamilyCodec* f = internal::FindFamily(family);
  if (f && f->append_key) f->append_key(nlri, key);
  else key->append(reinterpret_cast<const char*>(nlri.data()), nlri.size());
}

namespace internal {

const FamilyCodec* FindFamily(Family family) {
  for (const FamilyCodec& f : kFamilies)
    if (f.family == family) return &f;
  return nullptr;
}

}  // namespace internal
}  // namespace herald::wire
