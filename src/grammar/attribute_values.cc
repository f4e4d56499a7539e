#include "grammar/attribute_values.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <span>

#include "wire/prefix_sid.h"

namespace herald::grammar {

// Keywords are case-insensitive, as in ExaBGP (`IGP`, `Self`, `True`).
bool EqualsLower(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

namespace {

using wire::AttrCode;

Failure<Error> Invalid(std::string_view what, std::string_view value, std::string_view why = {}) {
  std::string m = fmt::format("invalid {} {}", what, value);
  if (!why.empty()) m += fmt::format(" ({})", why);
  return Fail(std::move(m));
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool HasHexPrefix(std::string_view s) { return s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'); }

struct Named {
  std::string_view name;
  uint32_t value;
};
// RFC 1997, RFC 3765, RFC 7999. The first spelling of a value is printed.
constexpr Named kWellKnown[] = {
    {"no-export", wire::kNoExport},
    {"no-advertise", wire::kNoAdvertise},
    {"no-export-subconfed", wire::kNoExportSubconfed},
    {"nopeer", wire::kNoPeer},
    {"no-peer", wire::kNoPeer},
    {"blackhole", wire::kBlackhole},
};

// Splits on ':' into at most N parts; returns the number found (N + 1 means
// "more than N").
template <size_t N>
size_t SplitColons(std::string_view text, std::array<std::string_view, N>* parts) {
  size_t count = 0;
  while (true) {
    size_t colon = text.find(':');
    if (count == N) return N + 1;
    (*parts)[count++] = text.substr(0, colon);
    if (colon == std::string_view::npos) return count;
    text.remove_prefix(colon + 1);
  }
}

// The 8 bytes of an extended community from its type, subtype and the six
// value bytes given as big-endian integers of the given widths.
uint64_t Extended(uint8_t type, uint8_t subtype, uint64_t global, int global_bytes, uint64_t local) {
  uint64_t v = (uint64_t{type} << 56) | (uint64_t{subtype} << 48);
  int local_bytes = 6 - global_bytes;
  v |= (global & ((uint64_t{1} << (8 * global_bytes)) - 1)) << (8 * local_bytes);
  v |= local & ((uint64_t{1} << (8 * local_bytes)) - 1);
  return v;
}

// Reads "123" or "123L" (the L asks for a 4-byte AS type in ExaBGP's syntax).
bool ParseAdmin(std::string_view text, uint64_t* out, bool* long_form) {
  *long_form = !text.empty() && (text.back() == 'L' || text.back() == 'l');
  if (*long_form) text.remove_suffix(1);
  return ParseUnsigned(text, 0xFFFFFFFF, out);
}

uint32_t ReadU32(ByteSpan b, size_t at) {
  return (uint32_t{b[at]} << 24) | (uint32_t{b[at + 1]} << 16) | (uint32_t{b[at + 2]} << 8) | b[at + 3];
}

}  // namespace

std::string_view AttributeKeyword(uint8_t code) {
  switch (static_cast<AttrCode>(code)) {
    case AttrCode::kOrigin: return "origin";
    case AttrCode::kAsPath: return "as-path";
    case AttrCode::kNextHop: return "next-hop";
    case AttrCode::kMed: return "med";
    case AttrCode::kLocalPref: return "local-preference";
    case AttrCode::kAtomicAggregate: return "atomic-aggregate";
    case AttrCode::kAggregator: return "aggregator";
    case AttrCode::kCommunities: return "community";
    case AttrCode::kOriginatorId: return "originator-id";
    case AttrCode::kClusterList: return "cluster-list";
    case AttrCode::kMpReachNlri: return "mp-reach-nlri";
    case AttrCode::kMpUnreachNlri: return "mp-unreach-nlri";
    case AttrCode::kExtendedCommunities: return "extended-community";
    case AttrCode::kAs4Path: return "as4-path";
    case AttrCode::kAs4Aggregator: return "as4-aggregator";
    case AttrCode::kIpv6ExtendedCommunities: return "extended-community-ipv6";
    case AttrCode::kAigp: return "aigp";
    case AttrCode::kLargeCommunities: return "large-community";
    case AttrCode::kPrefixSid: return "bgp-prefix-sid";
    case AttrCode::kOtc: return "otc";
    case AttrCode::kBgpLs: return "bgp-ls";
  }
  return "unknown";
}

bool ParseUnsigned(std::string_view text, uint64_t max, uint64_t* out) {
  if (text.empty() || text.size() > 20) return false;
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
  }
  if (v > max) return false;
  *out = v;
  return true;
}

bool ParseNumber(std::string_view text, uint64_t max, uint64_t* out) {
  if (!HasHexPrefix(text)) return ParseUnsigned(text, max, out);
  text.remove_prefix(2);
  if (text.size() > 16) {
    // Leading zeros are fine; anything else would overflow.
    size_t nz = text.find_first_not_of('0');
    if (nz == std::string_view::npos) nz = text.size() - 1;
    if (text.size() - nz > 16) return false;
    text.remove_prefix(nz);
  }
  uint64_t v = 0;
  for (char c : text) {
    int d = HexDigit(c);
    if (d < 0) return false;
    v = (v << 4) | static_cast<uint64_t>(d);
  }
  if (v > max) return false;
  *out = v;
  return true;
}

Result<uint32_t> ParseAsn(std::string_view text) {
  uint64_t v = 0;
  if (size_t dot = text.find('.'); dot != std::string_view::npos) {
    uint64_t high = 0, low = 0;
    if (!ParseUnsigned(text.substr(0, dot), 0xFFFF, &high) ||
        !ParseUnsigned(text.substr(dot + 1), 0xFFFF, &low))
      return Invalid("ASN", text);
    return static_cast<uint32_t>(high << 16 | low);
  }
  if (!ParseUnsigned(text, 0xFFFFFFFF, &v)) return Invalid("ASN", text);
  return static_cast<uint32_t>(v);
}

Result<uint32_t> ParseCommunity(std::string_view text) {
  if (size_t colon = text.find(':'); colon != std::string_view::npos && colon > 0) {
    std::string_view high = text.substr(0, colon), low = text.substr(colon + 1);
    uint64_t h = 0, l = 0;
    if (!ParseUnsigned(high, UINT64_MAX, &h) || !ParseUnsigned(low, UINT64_MAX, &l))
      return Invalid("community", text);
    if (h > 0xFFFF) return Invalid("community", text, "prefix too large");
    if (l > 0xFFFF) return Invalid("community", text, "suffix too large");
    return static_cast<uint32_t>(h << 16 | l);
  }
  uint64_t v = 0;
  if (HasHexPrefix(text) || (!text.empty() && text[0] >= '0' && text[0] <= '9')) {
    if (!ParseNumber(text, UINT64_MAX, &v)) return Invalid("community", text);
    if (v > 0xFFFFFFFF) return Invalid("community", text, "too large");
    return static_cast<uint32_t>(v);
  }
  for (const Named& n : kWellKnown)
    if (EqualsLower(text, n.name)) return n.value;
  return Fail(fmt::format("invalid community name {}", text));
}

std::string FormatCommunity(uint32_t community) {
  for (const Named& n : kWellKnown)
    if (n.value == community) return std::string(n.name);
  return fmt::format("{}:{}", community >> 16, community & 0xFFFF);
}

Result<uint64_t> ParseExtendedCommunity(std::string_view text) {
  if (HasHexPrefix(text)) {
    uint64_t v = 0;
    if (text.size() != 18 || !ParseNumber(text, UINT64_MAX, &v))
      return Invalid("extended community", text, "expected 0x and 16 hexadecimal digits");
    return v;
  }
  if (text == "redirect-to-nexthop") return Extended(0x08, 0x00, 0, 2, 0);  // RFC 7674 §3.1
  std::array<std::string_view, 5> parts;
  size_t count = SplitColons(text, &parts);
  if (count < 2 || count > 5) return Invalid("extended community", text);
  std::string_view command = count == 2 ? std::string_view("target") : parts[0];
  std::span<const std::string_view> fields(parts.data() + (count == 2 ? 0 : 1), count == 2 ? 2 : count - 1);

  if (command == "l2info") {  // RFC 4761 §3.2.4: encaps, control flags, MTU, preference
    if (fields.size() != 4) return Invalid("extended community", text, "l2info expects 4 fields");
    uint64_t encaps = 0, control = 0, mtu = 0, preference = 0;
    if (!ParseUnsigned(fields[0], 0xFF, &encaps) || !ParseUnsigned(fields[1], 0xFF, &control) ||
        !ParseUnsigned(fields[2], 0xFFFF, &mtu) || !ParseUnsigned(fields[3], 0xFFFF, &preference))
      return Invalid("extended community", text);
    return Extended(0x80, 0x0A, encaps << 8 | control, 2, mtu << 16 | preference);
  }
  if (command == "mup") {  // draft-mpmz-bess-mup-safi §3.3: 2- and 4-byte segment identifiers
    uint64_t sgid2 = 0, sgid4 = 0;
    if (fields.size() != 2 || !ParseUnsigned(fields[0], 0xFFFF, &sgid2) || !ParseUnsigned(fields[1], 0xFFFFFFFF, &sgid4))
      return Invalid("extended community", text, "mup expects mup:<0-65535>:<0-4294967295>");
    return Extended(0x0C, 0x00, sgid2, 2, sgid4);
  }
  bool is_target = command == "target" || command == "target4";
  bool is_origin = command == "origin" || command == "origin4";
  if (!is_target && !is_origin && command != "redirect" && command != "bandwidth")
    return Invalid("extended community", text,
                   "only target, origin, redirect, l2info, mup and bandwidth are supported");
  if (fields.size() != 2) return Invalid("extended community", text, "expected two fields");
  std::string_view ga = fields[0], la = fields[1];
  uint8_t subtype = is_target ? 0x02 : 0x03;  // RFC 4360 §4 and §5

  if ((is_target || is_origin) && command.size() == 6 &&
      (ga.find('.') != std::string_view::npos || la.find('.') != std::string_view::npos)) {
    auto ga_ip = IpAddress::Parse(ga);
    auto la_ip = IpAddress::Parse(la);
    uint64_t number = 0;
    if (la_ip && la_ip->is_v4() && ParseUnsigned(ga, 0xFFFF, &number))
      // 2-octet AS specific with an address as the local administrator.
      return Extended(0x00, subtype, number, 2, la_ip->v4());
    if (ga_ip && ga_ip->is_v4() && ParseUnsigned(la, 0xFFFF, &number))
      // RFC 4360 §3.2, IPv4 address specific. (ExaBGP 4.2 writes type 0x00
      // here, which a peer reads as an AS number; herald writes the type the
      // RFC defines for an address.)
      return Extended(0x01, subtype, ga_ip->v4(), 4, number);
    return Invalid("extended community", text);
  }

  uint64_t global = 0, local = 0;
  bool global_long = false, local_long = false;
  if (!ParseAdmin(ga, &global, &global_long) || !ParseAdmin(la, &local, &local_long))
    return Invalid("extended community", text);
  if (command == "redirect") {  // RFC 5575 §7, 2-octet AS traffic redirect
    if (global > 0xFFFF) return Invalid("extended community", text, "AS too large");
    return Extended(0x80, 0x08, global, 2, local);
  }
  if (command == "bandwidth") {  // draft-ietf-idr-link-bandwidth: AS, IEEE float
    if (global > 0xFFFF) return Invalid("extended community", text, "AS too large");
    float bandwidth = static_cast<float>(local);
    return Extended(0x40, 0x04, global, 2, std::bit_cast<uint32_t>(bandwidth));
  }
  bool four_byte = command.size() == 7 || global_long || global > 0xFFFF;
  if (four_byte) {  // RFC 5668 §2
    if (local > 0xFFFF) return Invalid("extended community", text, "local administrator too large");
    return Extended(0x02, subtype, global, 4, local);
  }
  return Extended(0x00, subtype, global, 2, local);
}

std::string FormatExtendedCommunity(uint64_t c) {
  uint8_t type = static_cast<uint8_t>(c >> 56);
  uint8_t subtype = static_cast<uint8_t>(c >> 48);
  uint64_t value = c & 0xFFFFFFFFFFFFull;
  const char* kind = subtype == 0x02 ? "target" : subtype == 0x03 ? "origin" : nullptr;
  if (kind && type == 0x00) return fmt::format("{}:{}:{}", kind, value >> 32, value & 0xFFFFFFFF);
  if (kind && type == 0x01)
    return fmt::format("{}:{}:{}", kind, IpAddress::V4(static_cast<uint32_t>(value >> 16)).ToString(),
                       value & 0xFFFF);
  if (kind && type == 0x02) return fmt::format("{}:{}L:{}", kind, value >> 16, value & 0xFFFF);
  if (type == 0x80 && subtype == 0x08) return fmt::format("redirect:{}:{}", value >> 32, value & 0xFFFFFFFF);
  if (type == 0x80 && subtype == 0x0A)
    return fmt::format("l2info:{}:{}:{}:{}", value >> 40, (value >> 32) & 0xFF, (value >> 16) & 0xFFFF,
                       value & 0xFFFF);
  if (type == 0x08 && subtype == 0x00 && value == 0) return "redirect-to-nexthop";
  if (type == 0x0C && subtype == 0x00) return fmt::format("mup:{}:{}", value >> 32, value & 0xFFFFFFFF);
  return fmt::format("0x{:016x}", c);
}

Result<wire::LargeCommunity> ParseLargeCommunity(std::string_view text) {
  if (text.find(':') != std::string_view::npos) {
    std::array<std::string_view, 3> parts;
    if (SplitColons(text, &parts) != 3) return Invalid("large community", text, "expected a:b:c");
    uint64_t v[3];
    for (int i = 0; i < 3; ++i) {
      if (!ParseUnsigned(parts[i], UINT64_MAX, &v[i])) return Invalid("large community", text);
      if (v[i] > 0xFFFFFFFF)
        return Invalid("large community", text, fmt::format("{} too large", parts[i]));
    }
    return wire::LargeCommunity{static_cast<uint32_t>(v[0]), static_cast<uint32_t>(v[1]),
                                static_cast<uint32_t>(v[2])};
  }
  // One 96-bit number, decimal or hexadecimal.
  unsigned __int128 v = 0;
  const unsigned __int128 kMax = (static_cast<unsigned __int128>(1) << 96) - 1;
  bool hex = HasHexPrefix(text);
  std::string_view digits = hex ? text.substr(2) : text;
  if (digits.empty() || digits.size() > 40) return Invalid("large community", text);
  for (char c : digits) {
    int d = hex ? HexDigit(c) : (c >= '0' && c <= '9' ? c - '0' : -1);
    if (d < 0) return Fail(fmt::format("invalid large community name {}", text));
    v = v * (hex ? 16 : 10) + static_cast<unsigned>(d);
    if (v > kMax) return Invalid("large community", text, "too large");
  }
  return wire::LargeCommunity{static_cast<uint32_t>(v >> 64), static_cast<uint32_t>(v >> 32),
                              static_cast<uint32_t>(v)};
}

std::string FormatLargeCommunity(const wire::LargeCommunity& c) {
  return fmt::format("{}:{}:{}", c.global_admin, c.local1, c.local2);
}

Status CheckGenericFlags(uint8_t code, uint8_t flags) {
  using wire::kFlagOptional;
  using wire::kFlagTransitive;
  constexpr uint8_t kUnused = 0x0F;
  if (flags & kUnused)
    return Fail(fmt::format("invalid attribute flags 0x{:02x}: the four low bits are unused and must be zero "
                            "(RFC 4271 §4.3)",
                            flags));
  auto kind = [](uint8_t f) -> std::string_view {
    if (!(f & kFlagOptional)) return "well-known";
    return f & kFlagTransitive ? "optional transitive" : "optional non-transitive";
  };
  const uint8_t got = flags & (kFlagOptional | kFlagTransitive);
  if (std::optional<uint8_t> want = wire::KnownAttrFlags(code)) {
    if (got == *want) return Ok();
    return Fail(fmt::format("invalid attribute flags 0x{:02x} for attribute 0x{:02x} ({}), which is {} "
                            "(0x{:02x}, Partial and Extended Length allowed): a peer would treat the "
                            "routes as withdrawn (RFC 7606 §3(c))",
                            flags, code, AttributeKeyword(code), kind(*want), *want));
  }
  if (got & kFlagOptional) return Ok();
  return Fail(fmt::format("invalid attribute flags 0x{:02x} for unknown attribute 0x{:02x}: an attribute "
                          "herald does not know must be optional (0x80 or 0xc0), a peer that does not know "
                          "it either resets the session on a well-known one (RFC 4271 §6.3)",
                          flags, code));
}

Result<GenericUse> DecodeGenericAttribute(uint8_t code, ByteSpan value, wire::PathAttributes* attrs,
                                          std::optional<IpAddress>* next_hop) {
  auto bad = [&](std::string_view why) {
    return Fail(fmt::format("invalid attribute 0x{:02x} ({}): {}", code, AttributeKeyword(code), why));
  };
  auto fixed = [&](size_t n) { return value.size() == n; };
  switch (static_cast<AttrCode>(code)) {
    case AttrCode::kOrigin:  // RFC 4271 §4.3 a)
      if (!fixed(1) || value[0] > 2) return bad("expected one byte, 0 to 2");
      attrs->origin = static_cast<wire::Origin>(value[0]);
      return GenericUse::kTyped;
    case AttrCode::kAsPath: {  // RFC 4271 §4.3 b), with 4-byte AS numbers (RFC 6793)
      wire::AsPath path;
      size_t i = 0;
      while (i < value.size()) {
        if (value.size() - i < 2) return bad("truncated segment header");
        uint8_t type = value[i], count = value[i + 1];
        if (type < 1 || type > 4) return bad("unknown segment type");
        if (value.size() - i - 2 < size_t{count} * 4) return bad("truncated segment");
        if (count == 0) return bad("empty segment");
        wire::AsSegment segment{static_cast<wire::AsSegmentType>(type), {}};
        for (size_t k = 0; k < count; ++k) segment.asns.push_back(ReadU32(value, i + 2 + 4 * k));
        if (std::count(segment.asns.begin(), segment.asns.end(), 0u))
          return bad("AS 0 is reserved (RFC 7607)");
        path.push_back(std::move(segment));
        i += 2 + size_t{count} * 4;
      }
      attrs->as_path = std::move(path);
      return GenericUse::kTyped;
    }
    case AttrCode::kNextHop:
      if (!fixed(4)) return bad("expected an IPv4 address");
      *next_hop = IpAddress::FromBytes(value);
      return GenericUse::kTyped;
    case AttrCode::kMed:
      if (!fixed(4)) return bad("expected 4 bytes");
      attrs->med = ReadU32(value, 0);
      return GenericUse::kTyped;
    case AttrCode::kLocalPref:
      if (!fixed(4)) return bad("expected 4 bytes");
      attrs->local_pref = ReadU32(value, 0);
      return GenericUse::kTyped;
    case AttrCode::kAtomicAggregate:
      if (!fixed(0)) return bad("expected no data");
      attrs->atomic_aggregate = true;
      return GenericUse::kTyped;
    case AttrCode::kAggregator: {  // 4-byte AS form (RFC 6793 §3), or the 2-byte one
      wire::Aggregator agg;
      if (fixed(8)) {
        agg = wire::Aggregator{ReadU32(value, 0), IpAddress::FromBytes(value.subspan(4))};
      } else if (fixed(6)) {
        agg = wire::Aggregator{static_cast<uint32_t>(value[0] << 8 | value[1]),
                               IpAddress::FromBytes(value.subspan(2))};
      } else {
        return bad("expected 6 or 8 bytes");
      }
      if (agg.asn == 0) return bad("AS 0 is reserved (RFC 7607)");
      attrs->aggregator = agg;
      return GenericUse::kTyped;
    }
    case AttrCode::kCommunities:
      if (value.empty() || value.size() % 4) return bad("expected a multiple of 4 bytes");
      for (size_t i = 0; i < value.size(); i += 4) attrs->communities.push_back(ReadU32(value, i));
      return GenericUse::kTyped;
    case AttrCode::kOriginatorId:
      if (!fixed(4)) return bad("expected an IPv4 address");
      attrs->originator_id = IpAddress::FromBytes(value);
      return GenericUse::kTyped;
    case AttrCode::kClusterList:
      if (value.empty() || value.size() % 4) return bad("expected a multiple of 4 bytes");
      for (size_t i = 0; i < value.size(); i += 4)
        attrs->cluster_list.push_back(IpAddress::FromBytes(value.subspan(i, 4)));
      return GenericUse::kTyped;
    case AttrCode::kExtendedCommunities:
      if (value.empty() || value.size() % 8) return bad("expected a multiple of 8 bytes");
      for (size_t i = 0; i < value.size(); i += 8)
        attrs->extended_communities.push_back(uint64_t{ReadU32(value, i)} << 32 | ReadU32(value, i + 4));
      return GenericUse::kTyped;
    case AttrCode::kLargeCommunities:
      if (value.empty() || value.size() % 12) return bad("expected a multiple of 12 bytes");
      for (size_t i = 0; i < value.size(); i += 12)
        attrs->large_communities.push_back(
            wire::LargeCommunity{ReadU32(value, i), ReadU32(value, i + 4), ReadU32(value, i + 8)});
      return GenericUse::kTyped;
    case AttrCode::kMpReachNlri:
    case AttrCode::kMpUnreachNlri:
    case AttrCode::kAs4Path:
    case AttrCode::kAs4Aggregator:
      return Fail(fmt::format("attribute 0x{:02x} ({}) can not be given as a generic attribute", code,
                              AttributeKeyword(code)));
    case AttrCode::kAigp:
      // RFC 7311 §3: one AIGP TLV (type 1, length 11), kept as the `aigp`
      // keyword keeps it, so that it goes only to sessions with AIGP_SESSION.
      if (!fixed(11) || value[0] != 1 || value[1] != 0 || value[2] != 11)
        return bad("expected one AIGP TLV, 01000b and an 8-byte metric");
      attrs->aigp = (uint64_t{ReadU32(value, 3)} << 32) | ReadU32(value, 7);
      return GenericUse::kTyped;
    case AttrCode::kIpv6ExtendedCommunities:  // RFC 5701: 20-byte values
      if (value.empty() || value.size() % 20) return bad("expected a non-zero multiple of 20 bytes");
      for (size_t i = 0; i < value.size(); i += 20) {
        wire::Ipv6ExtendedCommunity c;
        std::copy_n(value.begin() + static_cast<std::ptrdiff_t>(i), 20, c.bytes.begin());
        attrs->ipv6_extended_communities.push_back(c);
      }
      return GenericUse::kTyped;
    case AttrCode::kPrefixSid: {  // RFC 8669, RFC 9252: TLVs, checked as a receiver checks them
      std::vector<wire::PrefixSidTlv> tlvs;
      if (auto error = wire::ParsePrefixSid(value, &tlvs)) return bad(*error);
      attrs->prefix_sid = std::move(tlvs);
      return GenericUse::kTyped;
    }
    case AttrCode::kOtc:  // RFC 9234 §5: an AS number; a peer treats any other length as withdrawn
      if (!fixed(4)) return bad("expected 4 bytes, an AS number");
      return GenericUse::kRaw;
    default:
      return GenericUse::kRaw;
  }
}

}  // namespace herald::grammar
