// BGP-LS NLRI (bgpls.h).
#include <algorithm>
#include <string>

#include "base/hex.h"
#include "base/ip.h"
#include "wire/attribute_codec.h"
#include "wire/bgpls.h"

namespace herald::wire {
namespace {

constexpr size_t kFixed = 9;  // protocol-id (1) + identifier (8)

WireError FieldError(std::string what) {
  return UpdateError(UpdateSubcode::kInvalidNetworkField, "bgp-ls NLRI: " + std::move(what));
}
WireError ContentError(std::string what) {
  return UpdateError(UpdateSubcode::kInvalidNetworkField, "bgp-ls NLRI: " + std::move(what), {},
                     ErrorAction::kTreatAsWithdraw);
}

// The protocols ExaBGP 5.0 accepts (RFC 9552 §5.2 and 227, freeRtr's).
bool KnownProtocol(uint8_t p) { return (p >= 1 && p <= 6) || p == 227; }

// Reads the TLVs of `data` into *out; an error if one is truncated.
std::optional<std::string> ReadTlvs(ByteSpan data, std::vector<BgpLsTlv>* out) {
  ByteReader r(data);
  while (!r.empty()) {
    BgpLsTlv t;
    uint16_t length = 0;
    ByteSpan value;
    if (!r.ReadU16(&t.type) || !r.ReadU16(&length)) return "truncated TLV header";
    if (!r.ReadSpan(length, &value))
      return "TLV " + std::to_string(t.type) + " claims " + std::to_string(length) + " bytes but only " +
             std::to_string(r.remaining()) + " remain";
    t.value.assign(value.begin(), value.end());
    out->push_back(std::move(t));
  }
  return std::nullopt;
}

// Node descriptor sub-TLVs (RFC 9552 §5.2.1.4) with the sizes ExaBGP 5.0
// accepts; any other sub-TLV is an error, as there.
std::optional<std::string> ReadNode(ByteSpan data, uint8_t protocol, std::vector<BgpLsTlv>* out) {
  std::vector<BgpLsTlv> subs;
  if (auto e = ReadTlvs(data, &subs)) return "node descriptor: " + *e;
  for (const BgpLsTlv& s : subs) {
    const size_t n = s.value.size();
    bool ok = false;
    switch (s.type) {
      case kBgpLsAsn:
      case kBgpLsId: ok = n == 4; break;
      case kBgpLsOspfArea: ok = n == 4 || n == 16; break;
      case kBgpLsIgpRouterId:
        if (protocol == 1 || protocol == 2) ok = n == 6 || n == 7;
        else if (protocol == 3 || protocol == 5 || protocol == 6 || protocol == 227) ok = n == 4 || n == 8;
        else return "router-id sub-TLV for protocol " + std::to_string(protocol);
        break;
      default: return "unknown node descriptor sub-TLV " + std::to_string(s.type);
    }
    if (!ok) return "node descriptor sub-TLV " + std::to_string(s.type) + " of " + std::to_string(n) + " bytes";
  }
  for (BgpLsTlv& s : subs) out->push_back(std::move(s));
  return std::nullopt;
}

std::optional<std::string> CheckDescriptor(const BgpLsTlv& t, uint16_t nlri_type) {
  const size_t n = t.value.size();
  switch (t.type) {
    case kBgpLsLinkIds:
      if (nlri_type == kBgpLsLink && n < 8) return "link identifiers of " + std::to_string(n) + " bytes";
      break;
    case kBgpLsIpv4Interface:
    case kBgpLsIpv4Neighbor:
    case kBgpLsIpv6Interface:
    case kBgpLsIpv6Neighbor:
      if (nlri_type == kBgpLsLink && n != 4 && n != 16) return "address of " + std::to_string(n) + " bytes";
      break;
    case kBgpLsMultiTopology:
      if ((nlri_type == kBgpLsLink || nlri_type == kBgpLsSrv6Sid) && n < 2) return "multi-topology id truncated";
      break;
    case kBgpLsOspfRouteType:
      if ((nlri_type == kBgpLsPrefixV4 || nlri_type == kBgpLsPrefixV6) && n != 1)
        return "OSPF route type of " + std::to_string(n) + " bytes";
      break;
    case kBgpLsIpReachability:
      if (nlri_type == kBgpLsPrefixV4 || nlri_type == kBgpLsPrefixV6) {
        const size_t max = nlri_type == kBgpLsPrefixV4 ? 4 : 16;
        if (n == 0) return "IP reachability without prefix length";
        if (n - 1 > max) return "IP reachability prefix of " + std::to_string(n - 1) + " bytes";
      }
      break;
    case kBgpLsSrv6SidInfo:
      if (nlri_type == kBgpLsSrv6Sid && n != 16) return "SRv6 SID of " + std::to_string(n) + " bytes";
      break;
    default: break;
  }
  return std::nullopt;
}

std::optional<std::string> ParseBody(ByteSpan data, BgpLsNlri* n) {
  if (data.size() < kFixed)
    return "type " + std::to_string(n->type) + " too short: need at least 9 bytes, got " + std::to_string(data.size());
  ByteReader r(data);
  (void)r.ReadU8(&n->protocol_id);
  (void)r.ReadU64(&n->identifier);
  if (!KnownProtocol(n->protocol_id)) return "Protocol-ID " + std::to_string(n->protocol_id) + " is not valid";
  std::vector<BgpLsTlv> tlvs;
  if (auto e = ReadTlvs(r.rest(), &tlvs)) return e;
  const bool node_first = n->type == kBgpLsNode || n->type == kBgpLsSrv6Sid;
  if (node_first && (tlvs.empty() || tlvs[0].type != kBgpLsLocalNode))
    return "type " + std::to_string(n->type) + " without Local Node descriptors first";
  bool local = false, reach = false;
  for (size_t i = 0; i < tlvs.size(); ++i) {
    BgpLsTlv& t = tlvs[i];
    // A node NLRI is its local node descriptors; ExaBGP 5.0 reads no more.
    if (n->type == kBgpLsNode && i > 0) break;
    if (t.type == kBgpLsLocalNode && (i == 0 || !node_first)) {
      if (n->type == kBgpLsLink) n->local_node.clear();  // the last one counts
      if (auto e = ReadNode(t.value, n->protocol_id, &n->local_node)) return e;
      local = true;
      continue;
    }
    if (t.type == kBgpLsRemoteNode && n->type == kBgpLsLink) {
      n->remote_node.clear();
      if (auto e = ReadNode(t.value, n->protocol_id, &n->remote_node)) return e;
      continue;
    }
    if (auto e = CheckDescriptor(t, n->type)) return e;
    if (t.type == kBgpLsIpReachability) reach = true;
    n->descriptors.push_back(std::move(t));
  }
  if (n->type == kBgpLsPrefixV4 || n->type == kBgpLsPrefixV6) {
    if (!local) return "prefix without the Local Node Descriptors TLV";
    if (!reach) return "prefix without the IP Reachability Information TLV";
  }
  return std::nullopt;
}

}  // namespace

Result<BgpLsNlri, WireError> DecodeBgpLsNlri(ByteReader& in, bool vpn) {
  BgpLsNlri n;
  uint16_t length = 0;
  ByteSpan body;
  if (!in.ReadU16(&n.type) || !in.ReadU16(&length)) return Fail(FieldError("header truncated"));
  if (!in.ReadSpan(length, &body))
    return Fail(FieldError("length " + std::to_string(length) + " runs past the end of the field"));
  n.body.assign(body.begin(), body.end());
  const bool known = n.type == kBgpLsNode || n.type == kBgpLsLink || n.type == kBgpLsPrefixV4 ||
                     n.type == kBgpLsPrefixV6 || n.type == kBgpLsSrv6Sid;
  if (!known) return n;  // kept unparsed, as ExaBGP 5.0 does
  if (vpn) {
    if (body.size() < 8) return Fail(ContentError("too short for its route distinguisher"));
    n.rd.emplace();
    std::copy(body.begin(), body.begin() + 8, n.rd->begin());
    body = body.subspan(8);
  }
  if (auto e = ParseBody(body, &n)) return Fail(ContentError(std::move(*e)));
  n.parsed = true;
  return n;
}

BgpLsRouterId BgpLsRouterIdOf(ByteSpan v, uint8_t protocol) {
  BgpLsRouterId out;
  if (protocol == 1 || protocol == 2) {
    out.id = ToHex(v);
    if (v.size() == 7 && v[6] != 0) out.psn = v[6];
    return out;
  }
  if (v.size() >= 4) out.id = IpAddress::FromBytes(v.first(4)).ToString();
  if (v.size() == 8) out.dr = IpAddress::FromBytes(v.subspan(4, 4)).ToString();
  return out;
}

namespace internal {
namespace {

std::optional<WireError> DecodeGeneric(ByteReader& r, bool vpn, bool add_path, std::vector<GenericNlri>* out,
                                       std::optional<WireError>* soft) {
  while (!r.empty()) {
    GenericNlri g;
    if (add_path && !r.ReadU32(&g.path_id)) return FieldError("path identifier truncated");
    const ByteSpan start = r.rest();
    auto nlri = DecodeBgpLsNlri(r, vpn);
    if (!nlri) {
      if (nlri.error().action == ErrorAction::kSessionReset) return std::move(nlri).error();
      MergeSoft(soft, std::move(nlri).error());
      continue;
    }
    const ByteSpan whole = start.first(start.size() - r.remaining());
    g.bytes.assign(whole.begin(), whole.end());
    out->push_back(std::move(g));
  }
  return std::nullopt;
}

}  // namespace

std::optional<WireError> DecodeBgpLsGeneric(ByteReader& r, bool add_path, std::vector<GenericNlri>* out,
                                            std::optional<WireError>* soft) {
  return DecodeGeneric(r, false, add_path, out, soft);
}
std::optional<WireError> DecodeBgpLsVpnGeneric(ByteReader& r, bool add_path, std::vector<GenericNlri>* out,
                                               std::optional<WireError>* soft) {
  return DecodeGeneric(r, true, add_path, out, soft);
}

Result<MpNextHop, WireError> DecodeBgpLsNextHop(ByteReader& r) {
  const size_t n = r.remaining();
  if (n != 4 && n != 16 && n != 32)
    return Fail(UpdateError(UpdateSubcode::kOptionalAttributeError,
                            "MP_REACH_NLRI: bgp-ls next hop of " + std::to_string(n) + " bytes"));
  ByteSpan b;
  (void)r.ReadSpan(n == 4 ? 4 : 16, &b);
  MpNextHop nh{IpAddress::FromBytes(b), std::nullopt};
  if (r.ReadSpan(16, &b)) nh.link_local = IpAddress::FromBytes(b);
  return nh;
}

Result<MpNextHop, WireError> DecodeBgpLsVpnNextHop(ByteReader& r) {
  if (!r.Skip(8))
    return Fail(UpdateError(UpdateSubcode::kOptionalAttributeError, "MP_REACH_NLRI: bgp-ls-vpn next hop truncated"));
  return DecodeBgpLsNextHop(r);
}

std::optional<size_t> BgpLsNextHopSize(const MpNextHop& nh) {
  if (nh.none) return std::nullopt;
  if (nh.address.is_v4()) return nh.link_local ? std::nullopt : std::optional<size_t>(4);
  return nh.link_local ? 32 : 16;
}

void EncodeBgpLsNextHop(ByteWriter& w, const MpNextHop& nh) {
  w.Append(nh.address.bytes());
  if (nh.link_local) w.Append(nh.link_local->bytes());
}

// bgp-ls-vpn: a zero RD before the address, as the decoder reads it.
std::optional<size_t> BgpLsVpnNextHopSize(const MpNextHop& nh) {
  std::optional<size_t> n = BgpLsNextHopSize(nh);
  if (n) *n += 8;
  return n;
}

void EncodeBgpLsVpnNextHop(ByteWriter& w, const MpNextHop& nh) {
  w.U64(0);
  EncodeBgpLsNextHop(w, nh);
}

}  // namespace internal
}  // namespace herald::wire
