#include "rib/fit.h"

#include <fmt/format.h>

#include "wire/message.h"
#include "wire/update.h"

namespace herald::rib {
namespace {

// Bytes of an UPDATE besides its attributes' values: header, the two length
// fields, and at most 4 header bytes per attribute that export may add or
// that the set holds (counted with the attributes).
constexpr size_t kUpdateFixed = wire::kHeaderSize + 2 + 2;
// What export may add: ORIGIN (4), AS_PATH with the local AS and its
// AS4_PATH twin (2 x 10), NEXT_HOP (7), LOCAL_PREF (7); and MP_REACH_NLRI
// with a 32-byte next hop (4 + 5 + 32), the longest prefix (17).
constexpr size_t kExportAllowance = 4 + 20 + 7 + 7 + 41 + 17;
constexpr size_t kAttrHeader = 4;

size_t AsPathBound(const wire::AsPath& path) {
  // Each ASN takes 4 bytes in AS_PATH and, on a 2-byte-AS session, 2 in
  // AS_PATH plus 4 in AS4_PATH: 6 at most; each run of 255 ASNs a 2-byte
  // segment header in each.
  size_t n = 2 * kAttrHeader;
  for (const wire::AsSegment& s : path) n += 4 * ((s.asns.size() + 254) / 255 + 1) + 6 * s.asns.size();
  return n;
}

}  // namespace

size_t MaxUpdateSize(const AttrSet& set) {
  const wire::PathAttributes& a = set.attrs();
  size_t n = kUpdateFixed + kExportAllowance;
  if (a.as_path) n += AsPathBound(*a.as_path);
  // MED, LOCAL_PREF, ATOMIC_AGGREGATE, AGGREGATOR (+AS4_AGGREGATOR),
  // ORIGINATOR_ID: small and fixed.
  n += 4 * kAttrHeader + 4 + 4 + 8 + 8 + 4;
  n += kAttrHeader + 4 * a.communities.size();
  n += kAttrHeader + 4 * a.cluster_list.size();
  n += kAttrHeader + 8 * a.extended_communities.size();
  n += kAttrHeader + 12 * a.large_communities.size();
  if (a.aigp) n += kAttrHeader + 11;  // one AIGP TLV (RFC 7311)
  n += kAttrHeader + 20 * a.ipv6_extended_communities.size();  // RFC 5701
  if (a.prefix_sid) {
    n += kAttrHeader;
    for (const wire::PrefixSidTlv& t : *a.prefix_sid) n += 3 + t.value.size();
  }
  for (const wire::RawAttribute& r : a.unknown) n += kAttrHeader + r.value.size();
  return n;
}

Status CheckFits(const AttrSet& set, wire::Family family, const PeerContext& peer) {
  auto exported = Export(set, family, peer);
  if (!exported) return Ok();
  Bytes scratch;
  if (wire::IsGenericFamily(family)) {
    // The attributes with a small NLRI (a FlowSpec rule of one component).
    const wire::GenericNlri small{Bytes(8, 0), 0};
    if (wire::EncodeAnnounce(family, exported->attrs, exported->next_hop, std::span(&small, 1), peer.negotiated,
                             &scratch))
      return Ok();
  } else {
    IpAddress any = family.afi == wire::Afi::kIpv6 ? IpAddress::V6({}) : IpAddress::V4(0);
    const wire::InetNlri longest{Prefix(any, family.afi == wire::Afi::kIpv6 ? 128 : 32), 0};
    if (wire::EncodeAnnounce(family, exported->attrs, exported->next_hop, std::span(&longest, 1),
                             peer.negotiated, &scratch))
      return Ok();
  }
  // Measure the attributes alone for the message.
  Bytes attrs;
  ByteWriter w(&attrs);
  wire::EncodeAttributes(w, exported->attrs, peer.negotiated, family == wire::kIpv4Unicast);
  // One attribute past 65535 bytes cannot even be written.
  std::string size = w.ok() ? fmt::format("{} bytes", attrs.size()) : "over 65535 bytes";
  return Fail(fmt::format("its attributes take {}, more than one UPDATE of at most {} bytes can carry{}", size,
                          peer.negotiated.max_message_size(),
                          peer.negotiated.extended_message ? "" : " (no extended messages, RFC 8654)"));
}

Status CheckFitsAnySession(const AttrSet& set, wire::Family family) {
  PeerContext best;
  best.negotiated.asn4 = true;
  best.negotiated.extended_message = true;
  best.negotiated.local_as = 1;
  best.negotiated.peer_as = 1;  // iBGP: nothing prepended to AS_PATH
  best.negotiated.families = {family};
  best.self_v4 = IpAddress::V4(0);
  best.self_v6 = IpAddress::V6({});
  return CheckFits(set, family, best);
}

}  // namespace herald::rib
