#include "api/render_common.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <iterator>

#include "api/render_attributes.h"
#include "base/ip.h"
#include "base/utf8.h"

namespace herald::api::render {
namespace {

constexpr char kHexUpper[] = "0123456789ABCDEF";
constexpr char kHexLower[] = "0123456789abcdef";

uint16_t Be16(const uint8_t* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }
uint32_t Be32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

void AppendIpv4(std::string* out, const uint8_t* p) {
  IpAddress::FromBytes(ByteSpan(p, 4)).AppendTo(out);
}

// Python's '%d' of a float: the integer part, printed exactly. Returns false
// where Python raises (inf, nan), so the caller can fall back.
bool AppendTruncatedFloat(std::string* out, float value) {
  if (!std::isfinite(value)) return false;
  double whole = std::trunc(static_cast<double>(value));
  if (whole == 0) {  // int(-0.5) is 0, not -0
    out->push_back('0');
    return true;
  }
  fmt::format_to(std::back_inserter(*out), "{:.0f}", whole);
  return true;
}

float BeFloat(const uint8_t* p) {
  uint32_t bits = Be32(p);
  float f;
  std::memcpy(&f, &bits, sizeof(f));
  return f;
}

}  // namespace

void AppendUint(std::string* out, uint64_t value) {
  char buf[24];
  char* end = std::to_chars(buf, buf + sizeof(buf), value).ptr;
  out->append(buf, end);
}

void AppendPythonFloat(std::string* out, double value) {
  // Python's repr: "nan" whatever its sign, "inf", "-inf".
  if (std::isnan(value)) return out->append("nan"), void();
  if (std::isinf(value)) return out->append(value > 0 ? "inf" : "-inf"), void();
  char buf[64];
  char* end = fmt::format_to_n(buf, sizeof(buf), "{}", value).out;
  std::string_view text(buf, static_cast<size_t>(end - buf));
  out->append(text);
  // fmt prints integral values without a fraction ("1795317138"); Python's
  // repr() always shows one ("1795317138.0") unless it used an exponent.
  if (text.find_first_of(".en") == std::string_view::npos) out->append(".0");
}

void AppendHexUpper(std::string* out, ByteSpan bytes) {
  size_t at = out->size();
  out->resize(at + 2 * bytes.size());
  char* p = out->data() + at;
  for (uint8_t b : bytes) {
    *p++ = kHexUpper[b >> 4];
    *p++ = kHexUpper[b & 15];
  }
}

void AppendHexString(std::string* out, ByteSpan bytes) {
  out->append("0x");
  AppendHexUpper(out, bytes);
}

void AppendHexLower0x(std::string* out, ByteSpan bytes) {
  out->append("0x");
  size_t at = out->size();
  out->resize(at + 2 * bytes.size());
  char* p = out->data() + at;
  for (uint8_t b : bytes) {
    *p++ = kHexLower[b >> 4];
    *p++ = kHexLower[b & 15];
  }
}

namespace {

// The length of the well-formed UTF-8 sequence starting at text[i] (1 for
// ASCII), or 0 if the bytes there are not one.
size_t Utf8SequenceAt(std::string_view text, size_t i) {
  return static_cast<uint8_t>(text[i]) < 0x80 ? 1 : Utf8SequenceLength(text, i);
}

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Appends `text` with every byte that does not start a well-formed UTF-8
// sequence replaced by U+FFFD, and every byte below 0x20 passed to
// `control(out, byte)`; `special(c)` bytes (ASCII) go to control as well.
template <typename Special, typename Control>
void AppendSanitized(std::string* out, std::string_view text, Special special, Control control) {
  size_t start = 0;
  size_t i = 0;
  while (i < text.size()) {
    const uint8_t c = static_cast<uint8_t>(text[i]);
    if (c >= 0x20 && c < 0x80 && !special(c)) {
      ++i;
      continue;
    }
    size_t len = c >= 0x80 ? Utf8SequenceAt(text, i) : 1;
    if (c >= 0x80 && len != 0) {
      i += len;
      continue;
    }
    out->append(text.substr(start, i - start));
    if (len == 0) out->append(kReplacement);
    else control(out, c);
    start = ++i;
  }
  out->append(text.substr(start));
}

}  // namespace

void AppendJsonEscaped(std::string* out, std::string_view text) {
  AppendSanitized(
      out, text, [](uint8_t c) { return c == '"' || c == '\\'; },
      [](std::string* o, uint8_t c) {
        if (c == '"' || c == '\\') {
          o->push_back('\\');
          o->push_back(static_cast<char>(c));
        } else {
          char esc[6] = {'\\', 'u', '0', '0', kHexLower[c >> 4], kHexLower[c & 15]};
          o->append(esc, 6);
        }
      });
}

// A JSON string body as Python's json.dumps writes it (ensure_ascii):
// non-ASCII code points as \uXXXX, past U+FFFF as a surrogate pair; bytes
// that are not UTF-8 become \ufffd.
void AppendJsonAscii(std::string* out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  auto u = [&](uint32_t v) {
    out->append("\\u");
    for (int shift = 12; shift >= 0; shift -= 4) out->push_back(kHex[(v >> shift) & 15]);
  };
  for (size_t i = 0; i < text.size();) {
    unsigned char ch = static_cast<unsigned char>(text[i]);
    if (ch < 0x80) {
      switch (ch) {  // json.dumps' short escapes
        case '\b': out->append("\\b"); break;
        case '\f': out->append("\\f"); break;
        case '\n': out->append("\\n"); break;
        case '\r': out->append("\\r"); break;
        case '\t': out->append("\\t"); break;
        default:
          if (ch == 0x7F) u(ch);  // outside space..~: escaped
          else AppendJsonEscaped(out, text.substr(i, 1));
      }
      ++i;
      continue;
    }
    uint32_t cp = 0xFFFD;
    size_t n = Utf8SequenceLength(text, i, &cp);
    if (n == 0) {
      cp = 0xFFFD;
      n = 1;
    }
    if (cp > 0xFFFF) {
      cp -= 0x10000;
      u(0xD800 + (cp >> 10));
      u(0xDC00 + (cp & 0x3FF));
    } else {
      u(cp);
    }
    i += n;
  }
}

void AppendTextSafe(std::string* out, std::string_view text) {
  AppendSanitized(
      out, text, [](uint8_t c) { return c == 0x7F; }, [](std::string* o, uint8_t) { o->push_back(' '); });
}

bool IsValidUtf8(ByteSpan bytes) {
  std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  for (size_t i = 0; i < text.size();) {
    size_t len = Utf8SequenceAt(text, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

void AppendAfi(std::string* out, uint16_t afi, Format format) {
  switch (afi) {
    case 0:
      out->append("undefined");
      return;
    case 1:
      out->append("ipv4");
      return;
    case 2:
      out->append("ipv6");
      return;
    case 25:
      out->append("l2vpn");
      return;
    case 16388:
      out->append("bgp-ls");
      return;
  }
  // 4.2 formats 'unknown-afi-0x%s' % hex(afi), doubling the "0x"; 5.0 does not.
  fmt::format_to(std::back_inserter(*out), "unknown-afi-{}{:x}",
                 format == Format::kExabgp4 ? "0x0x" : "0x", afi);
}

void AppendSafi(std::string* out, uint8_t safi) {
  switch (safi) {
    case 1:
      out->append("unicast");
      return;
    case 2:
      out->append("multicast");
      return;
    case 4:
      out->append("nlri-mpls");
      return;
    case 5:
      out->append("mcast-vpn");
      return;
    case 65:
      out->append("vpls");
      return;
    case 70:
      out->append("evpn");
      return;
    case 71:
      out->append("bgp-ls");
      return;
    case 72:
      out->append("bgp-ls-vpn");
      return;
    case 85:
      out->append("mup");
      return;
    case 128:
      out->append("mpls-vpn");
      return;
    case 132:
      out->append("rtc");
      return;
    case 133:
      out->append("flow");
      return;
    case 134:
      out->append("flow-vpn");
      return;
  }
  out->append("unknown safi ");
  AppendUint(out, safi);
}

void AppendFamily(std::string* out, wire::Family family, char sep, Format format) {
  AppendAfi(out, static_cast<uint16_t>(family.afi), format);
  out->push_back(sep);
  AppendSafi(out, static_cast<uint8_t>(family.safi));
}

void AppendCommunity(std::string* out, uint32_t community) {
  switch (community) {
    case wire::kNoExport:
      out->append("no-export");
      return;
    case wire::kNoAdvertise:
      out->append("no-advertise");
      return;
    case wire::kNoExportSubconfed:
      out->append("no-export-subconfed");
      return;
    case wire::kNoPeer:
      out->append("no-peer");
      return;
    case wire::kBlackhole:
      out->append("blackhole");
      return;
  }
  AppendUint(out, community >> 16);
  out->push_back(':');
  AppendUint(out, community & 0xFFFF);
}

// ExaBGP 4.2 looks extended communities up by (type & 0x0F, subtype) (RFC
// 4360 §3, RFC 5575 §7, RFC 7432 §7.7, ...), so e.g. a non-transitive route
// target (0x40 0x02) is still shown as "target:". The strings, including the
// odd ones, are ExaBGP's; testdata/extcomm_exabgp42.tsv holds its output.
bool AppendExtendedCommunityName(std::string* out, uint64_t community, bool as4_suffix) {
  uint8_t b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<uint8_t>(community >> (56 - 8 * i));
  const uint8_t type = b[0] & 0x0F;
  const uint8_t subtype = b[1];
  auto out_it = std::back_inserter(*out);

  // MUP (draft-mpmz-bess-mup-safi §3.3): segment identifiers of 2 and 4
  // bytes, as ExaBGP 5.0 prints it.
  if (b[0] == 0x0C && subtype == 0x00) {
    fmt::format_to(out_it, "mup:{}:{}", Be16(b + 2), Be32(b + 4));
    return true;
  }
  // Route target (0x02) and RT-record (0x13): AS2:number, IPv4:number, AS4:number.
  if ((subtype == 0x02 || subtype == 0x13) && type <= 2) {
    out->append(subtype == 0x02 ? "target:" : "rtrecord:");
    if (type == 0) {
      fmt::format_to(out_it, "{}:{}", Be16(b + 2), Be32(b + 4));
    } else if (type == 1) {
      AppendIpv4(out, b + 2);
      fmt::format_to(out_it, ":{}", Be16(b + 6));
    } else {
      fmt::format_to(out_it, "{}{}:{}", Be32(b + 2), as4_suffix ? "L" : "", Be16(b + 6));
    }
    return true;
  }
  if (subtype == 0x03 && type <= 2) {  // route origin
    out->append("origin:");
    if (type == 0) {
      // ExaBGP reads the 4-octet local part of an AS2 origin as an address.
      fmt::format_to(out_it, "{}:", Be16(b + 2));
      AppendIpv4(out, b + 4);
    } else if (type == 1) {
      // ExaBGP swaps the fields of the IPv4 form when printing it.
      fmt::format_to(out_it, "{}:", Be16(b + 6));
      AppendIpv4(out, b + 2);
    } else {
      fmt::format_to(out_it, "{}{}:{}", Be32(b + 2), as4_suffix ? "L" : "", Be16(b + 6));
    }
    return true;
  }
  if (type == 0) {
    switch (subtype) {
      case 0x06: {  // RFC 5575 traffic-rate: "%d" of the float (bytes/s)
        size_t at = out->size();
        out->append("rate-limit:");
        if (AppendTruncatedFloat(out, BeFloat(b + 4))) return true;
        out->resize(at);
        return false;
      }
      case 0x07: {  // traffic-action
        out->append("action ");
        bool sample = b[7] & 0x02, terminal = b[7] & 0x01;
        if (sample) out->append("sample");
        if (sample && terminal) out->push_back('-');
        if (terminal) out->append("terminal");
        return true;
      }
      case 0x08:  // redirect AS2:number
        fmt::format_to(out_it, "redirect:{}:{}", Be16(b + 2), Be32(b + 4));
        return true;
      case 0x09:  // traffic-marking
        fmt::format_to(out_it, "mark {}", b[7]);
        return true;
      case 0x0A:  // layer-2 info (RFC 4761 §3.2.4)
        fmt::format_to(out_it, "l2info:{}:{}:{}:{}", b[2], b[3], Be16(b + 4), Be16(b + 6));
        return true;
    }
    return false;
  }
  if (type == 1 && subtype == 0x0C) {  // draft-simpson redirect to IPv4 next hop, IETF form
    bool copy = Be16(b + 6) & 1;
    out->append(copy ? "copy-to-nexthop-ietf " : "redirect-to-nexthop-ietf ");
    AppendIpv4(out, b + 2);
    if (copy) out->append(" (with copy)");
    return true;
  }
  if (type == 2 && subtype == 0x08) {
    // Redirect AS4:number (RFC 7674). ExaBGP 5.0 has no name for it and
    // shows its hex, in JSON too ("string": "0x8208..."), though it sends it
    // for `redirect 4200000000:100`. ExaBGP 4.2 recurses forever printing
    // it; in the 4.x format herald prints what its code means to print.
    if (as4_suffix)
      fmt::format_to(out_it, "redirect:{}:{}", Be32(b + 2), Be16(b + 6));
    else
      fmt::format_to(out_it, "0x{:016X}", community);
    return true;
  }
  if (type == 3 && subtype == 0x0C) {  // RFC 9012 encapsulation
    uint16_t tunnel = Be16(b + 6);
    const char* name = nullptr;
    switch (tunnel) {
      case 0:
        name = "Default";
        break;
      case 1:
        name = "L2TPv3";
        break;
      case 2:
        name = "GRE";
        break;
      case 7:
        name = "IP-in-IP";
        break;
      case 8:
        name = "VXLAN";
        break;
      case 9:
        name = "NVGRE";
        break;
      case 10:
        name = "MPLS";
        break;
      case 12:
        name = "VXLAN-GPE";
        break;
      case 13:
        name = "MPLS-in-UDP";
        break;
    }
    if (name)
      fmt::format_to(out_it, "encap:{}", name);
    else
      fmt::format_to(out_it, "encap:encap:UNKNOWN-{}", tunnel);  // sic
    return true;
  }
  if (type == 3 && subtype == 0x14) {
    fmt::format_to(out_it, "consistentHashSortOrder:{}", Be32(b + 2));
    return true;
  }
  if (type == 6 && subtype == 0x00) {  // RFC 7432 §7.7 MAC mobility
    fmt::format_to(out_it, "mac-mobility:{}", Be32(b + 4));
    if (b[2] == 1) out->append(":sticky");
    return true;
  }
  if (type == 7 && subtype == 0x02) {  // flowspec interface-set
    uint16_t target = Be16(b + 6);
    unsigned direction = target >> 14;
    out->append("interface-set:");
    switch (direction) {
      case 1:
        out->append("input");
        break;
      case 2:
        out->append("output");
        break;
      case 3:
        out->append("input-output");
        break;
      default:
        AppendUint(out, direction);
    }
    // ExaBGP masks the 14-bit group id with 0x1FFF.
    fmt::format_to(out_it, ":{}:{}", Be32(b + 2), target & 0x1FFF);
    return true;
  }
  if (type == 8 && subtype == 0x00) {  // draft-simpson redirect to next hop
    out->append((b[7] & 1) ? "copy-to-nexthop" : "redirect-to-nexthop");
    return true;
  }
  return false;
}

uint64_t ExtendedCommunityJsonValue(uint64_t community) {
  const uint8_t type = static_cast<uint8_t>(community >> 56) & 0x0F;
  const uint8_t subtype = static_cast<uint8_t>(community >> 48);
  if (type != 6 || subtype != 0) return community;
  const bool sticky = static_cast<uint8_t>(community >> 40) == 1;
  return (uint64_t{0x0600} << 48) | (uint64_t{sticky} << 40) | (community & 0xFFFFFFFF);
}

void AppendExtendedCommunityText(std::string* out, uint64_t community, bool as4_suffix) {
  if (AppendExtendedCommunityName(out, community, as4_suffix)) return;
  fmt::format_to(std::back_inserter(*out), "0x{:016X}", community);
}

void AppendLargeCommunity(std::string* out, const wire::LargeCommunity& c) {
  AppendUint(out, c.global_admin);
  out->push_back(':');
  AppendUint(out, c.local1);
  out->push_back(':');
  AppendUint(out, c.local2);
}

namespace {

// ExaBGP's reading of an RFC 9003 shutdown communication (Cease 2 and 4):
// the text it substitutes for the data before hex-encoding it.
void AppendShutdownText(std::string* out, ByteSpan data) {
  const size_t length = data[0];
  ByteSpan rest = data.subspan(1);
  auto it = std::back_inserter(*out);
  if (length == 0) {
    out->append("empty Shutdown Communication.");
    return;
  }
  if (rest.size() < length) {
    fmt::format_to(it, "invalid Shutdown Communication (buffer underrun) length : {} [", length);
    AppendHexString(out, rest);
    out->push_back(']');
    return;
  }
  if (length > 128) {
    fmt::format_to(it, "invalid Shutdown Communication (too large) length : {} [", length);
    AppendHexString(out, rest);
    out->push_back(']');
    return;
  }
  ByteSpan reason = rest.first(length);
  if (!IsValidUtf8(reason)) {
    fmt::format_to(it, "invalid Shutdown Communication (invalid UTF-8) length : {} [", length);
    AppendHexString(out, rest);
    out->push_back(']');
    return;
  }
  out->append("Shutdown Communication: \"");
  for (uint8_t c : reason) out->push_back(c == '\r' || c == '\n' ? ' ' : static_cast<char>(c));
  out->push_back('"');
  ByteSpan trailer = rest.subspan(length);
  if (!trailer.empty()) {
    out->append(", trailing data: ");
    AppendHexString(out, trailer);
  }
}

}  // namespace

void AppendNotificationData(std::string* out, const wire::Notification& n, Direction d) {
  const bool shutdown = n.code == 6 && (n.subcode == 2 || n.subcode == 4);
  if (d == Direction::kSend || !shutdown || n.data.empty()) {
    AppendHexString(out, n.data);
    return;
  }
  // Short text (at most ~300 bytes): a stack buffer would do, but this is
  // once per session, not per route.
  std::string text;
  AppendShutdownText(&text, n.data);
  AppendHexString(out, ByteSpan(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

void AppendNotificationMessage(std::string* out, const wire::Notification& n, Direction d) {
  const bool shutdown = n.code == 6 && (n.subcode == 2 || n.subcode == 4);
  std::string text;
  if (d == Direction::kReceive && shutdown && !n.data.empty())
    AppendShutdownText(&text, n.data);
  else
    text.assign(reinterpret_cast<const char*>(n.data.data()), n.data.size());
  AppendJsonAscii(out, text);
}

std::optional<wire::Family> EndOfRibFamily(const wire::Update& u) {
  for (const wire::Reach& r : u.reach)
    if (!r.nlri.empty() || !r.generic.empty()) return std::nullopt;
  for (const wire::Unreach& w : u.unreach)
    if (!w.nlri.empty() || !w.generic.empty()) return std::nullopt;
  if (HasAttributes(u.attrs)) return std::nullopt;
  // An MP attribute of a family herald skipped (wire::Update::skipped) may
  // have carried routes: not an End-of-RIB herald can vouch for.
  if (!u.skipped.empty() && u.unreach.empty() && u.reach.empty()) return std::nullopt;
  if (!u.unreach.empty()) return u.unreach.front().family;
  if (!u.reach.empty()) return u.reach.front().family;
  return wire::kIpv4Unicast;
}

std::string_view DirectionName(Direction d) { return d == Direction::kSend ? "send" : "receive"; }

std::string_view MessageTypeName(uint8_t type) {
  switch (type) {
    case 1:
      return "open";
    case 2:
      return "update";
    case 3:
      return "notification";
    case 4:
      return "keepalive";
    case 5:
      return "route-refresh";
    case 6:
      return "operational";
  }
  return "unknown";
}

void AppendRd(std::string* out, const std::array<uint8_t, 8>& rd) {
  const uint16_t type = static_cast<uint16_t>(rd[0] << 8 | rd[1]);
  auto num = [&](size_t at, size_t n) {
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v = v << 8 | rd[at + i];
    return v;
  };
  switch (type) {
    case 0:  // RFC 4364 §4.2: 2-byte AS : 4-byte number
      AppendUint(out, num(2, 2));
      out->push_back(':');
      AppendUint(out, num(4, 4));
      return;
    case 1:  // IPv4 address : 2-byte number
      for (size_t i = 2; i < 6; ++i) {
        AppendUint(out, rd[i]);
        out->push_back(i == 5 ? ':' : '.');
      }
      AppendUint(out, num(6, 2));
      return;
    case 2:  // 4-byte AS : 2-byte number
      AppendUint(out, num(2, 4));
      out->push_back(':');
      AppendUint(out, num(6, 2));
      return;
    default:
      AppendHexString(out, ByteSpan(rd.data(), rd.size()));
  }
}

}  // namespace herald::api::render
