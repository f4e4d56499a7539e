// The body of `neighbor` and `template { neighbor }`: settings, `family`,
// `capability` and `api` blocks.
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>

#include "grammar/attribute_values.h"
#include "config/file_parser.h"
#include "config/session_security.h"
#include "wire/nlri.h"

namespace herald::config::internal {
namespace {

using ParseFn = ParseStatus (*)(const Token& keyword, TokenStream& in, NeighborConfig* n);
using CopyFn = void (*)(const NeighborConfig& from, NeighborConfig* to);

template <auto M>
ParseStatus Bool(const Token& kw, TokenStream& in, NeighborConfig* n) {
  return BoolValue(kw, in, &(n->*M));
}
template <auto M>
ParseStatus CapabilityBool(const Token& kw, TokenStream& in, NeighborConfig* n) {
  return BoolValue(kw, in, &(n->capability.*M));
}
template <auto M>
ParseStatus CapabilityOptionalBool(const Token& kw, TokenStream& in, NeighborConfig* n) {
  bool on = false;
  ParseStatus s = BoolValue(kw, in, &on);
  if (s) n->capability.*M = on;
  return s;
}
template <auto M>
void Copy(const NeighborConfig& from, NeighborConfig* to) {
  to->*M = from.*M;
}
template <auto M>
void CopyCapability(const NeighborConfig& from, NeighborConfig* to) {
  to->capability.*M = from.capability.*M;
}

ParseStatus RouterId(const Token& kw, TokenStream& in, NeighborConfig* n) {
  const Token* v;
  if (ParseStatus s = ValueWord(kw, in, &v); !s) return s;
  auto ip = IpAddress::Parse(v->text);
  if (!ip || !ip->is_v4()) return FailAt(*v, fmt::format("\"{}\" is an invalid router-id", v->text));
  n->router_id = *ip;
  return FileParser::ExpectEnd(in, kw.text);
}

ParseStatus LocalAddress(const Token& kw, TokenStream& in, NeighborConfig* n) {
  const Token* v;
  if (ParseStatus s = ValueWord(kw, in, &v); !s) return s;
  if (v->IsKeyword("auto")) {
    n->local_address.reset();
  } else {
    auto ip = IpAddress::Parse(v->text);
    if (!ip) return FailAt(*v, fmt::format("\"{}\" is an invalid IP address", v->text));
    n->local_address = *ip;
  }
  return FileParser::ExpectEnd(in, kw.text);
}

template <auto M>
ParseStatus As(const Token& kw, TokenStream& in, NeighborConfig* n) {
  const Token* v;
  if (ParseStatus s = ValueWord(kw, in, &v); !s) return s;
  if (v->IsKeyword("auto")) return FailAt(*v, fmt::format("{} auto is not supported by herald yet", kw.text));
  auto asn = ParseAsn(v->text);
  if (!asn) return FailAt(*v, fmt::format("\"{}\" is an invalid ASN", v->text));
  if (*asn == 0) return FailAt(*v, "AS 0 is reserved (RFC 7607)");
  n->*M = *asn;
  return FileParser::ExpectEnd(in, kw.text);
}

ParseStatus HoldTime(const Token& kw, TokenStream& in, NeighborConfig* n) {
  const Token* v;
  if (ParseStatus s = ValueWord(kw, in, &v); !s) return s;
  uint64_t t = 0;
  if (!ParseUnsigned(v->text, UINT64_MAX, &t)) return FailAt(*v, fmt::format("\"{}\" is an invalid hold-time", v->text));
  // RFC 4271 §4.2: zero, or at least three seconds.
  if (t != 0 && t < 3) return FailAt(*v, "hold-time must be zero or at least three seconds");
  if (t > 65535) return FailAt(*v, "hold-time must be smaller or equal to 65535");
  n->hold_time = static_cast<uint16_t>(t);
  return FileParser::ExpectEnd(in, kw.text);
}

// ExaBGP's words: a count per second, or disable(d) for none.
ParseStatus RateLimit(const Token& kw, TokenStream& in, NeighborConfig* n) {
  const Token* v;
  if (ParseStatus s = ValueWord(kw, in, &v); !s) return s;
  uint64_t rate = 0;
  if (v->IsKeyword("disable") || v->IsKeyword("disabled")) {
    rate = 0;
  } else if (!ParseUnsigned(v->text, UINT32_MAX, &rate)) {
    return FailAt(*v, fmt::format("\"{}\" is an invalid rate-limit", v->text));
  } else if (rate == 0) {
    return FailAt(*v, "rate-limit must be at least 1 (per second), or disable");
  }
  n->rate_limit = static_cast<uint32_t>(rate);
  return FileParser::ExpectEnd(in, kw.text);
}

template <auto M>
ParseStatus Port(const Token& kw, TokenStream& in, NeighborConfig* n) {
  const Token* v;
  if (ParseStatus s = ValueWord(kw, in, &v); !s) return s;
  uint64_t p = 0;
  if (!ParseUnsigned(v->text, 65535, &p) || p == 0)
    return FailAt(*v, fmt::format("\"{}\" is an invalid port (1 to 65535)", v->text));
  n->*M = static_cast<uint16_t>(p);
  return FileParser::ExpectEnd(in, kw.text);
}

ParseStatus Description(const Token& kw, TokenStream& in, NeighborConfig* n) {
  const Token* v;
  if (ParseStatus s = ValueWord(kw, in, &v); !s) return s;
  n->description = std::string(v->text);
  if (!in.AtEnd())
    return FailAt(in.Peek(), fmt::format("unexpected {} after description (quote a description with spaces)",
                                         Describe(in.Peek())));
  return {};
}

bool IsAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// A DNS name: letters, digits, '.' and '-', starting and ending with a
// letter or digit, no empty label, at most 255 characters.
bool IsDnsName(std::string_view v) {
  if (v.empty() || v.size() > 255 || !IsAlnum(v.front()) || !IsAlnum(v.back())) return false;
  if (v.find("..") != std::string_view::npos) return false;
  return std::all_of(v.begin(), v.end(), [](char c) { return IsAlnum(c) || c == '.' || c == '-'; });
}

template <auto M>
ParseStatus DnsName(const Token& kw, TokenStream& in, NeighborConfig* n) {
  const Token* v;
  if (ParseStatus s = ValueWord(kw, in, &v); !s) return s;
  if (!IsDnsName(v->text)) return FailAt(*v, fmt::format("bad {} {}", kw.text, Describe(*v)));
  n->*M = std::string(v->text);
  return FileParser::ExpectEnd(in, kw.text);
}

template <auto M>
ParseStatus Ttl(const Token& kw, TokenStream& in, NeighborConfig* n) {
  const Token* v;
  if (ParseStatus s = ValueWord(kw, in, &v); !s) return s;
  if (v->IsKeyword("false") || v->IsKeyword("disable") || v->IsKeyword("disabled")) {
    (n->*M).reset();
    return FileParser::ExpectEnd(in, kw.text);
  }
  uint64_t ttl = 0;
  if (!ParseUnsigned(v->text, UINT64_MAX, &ttl)) return FailAt(*v, fmt::format("invalid {} \"{}\"", kw.text, v->text));
  if (ttl == 0 || ttl > 255) return FailAt(*v, fmt::format("{} must be between 1 and 255", kw.text));
  n->*M = static_cast<uint8_t>(ttl);
  return FileParser::ExpectEnd(in, kw.text);
}

// graceful-restart [TIME|disable]: a bare keyword (or 0) means the hold
// time, resolved once templates apply (ExaBGP's Neighbor.infer).
ParseStatus GracefulRestart(const Token& kw, TokenStream& in, NeighborConfig* n) {
  if (in.AtEnd()) {
    n->capability.graceful_restart = 0;
    return {};
  }
  const Token& v = in.Next();
  if (v.IsKeyword("disable") || v.IsKeyword("disabled")) {
    n->capability.graceful_restart.reset();
    return FileParser::ExpectEnd(in, kw.text);
  }
  uint64_t t = 0;
  if (!v.is_word() || !ParseUnsigned(v.text, UINT64_MAX, &t))
    return FailAt(v, fmt::format("{} is an invalid graceful-restart time", Describe(v)));
  if (t > 65535) return FailAt(v, "graceful-restart must be smaller or equal to 65535");
  n->capability.graceful_restart = static_cast<uint16_t>(t);
  return FileParser::ExpectEnd(in, kw.text);
}

// add-path send|receive|send/receive|disable (RFC 7911 §4's values).
ParseStatus AddPath(const Token& kw, TokenStream& in, NeighborConfig* n) {
  static constexpr std::pair<std::string_view, uint8_t> kModes[] = {
      {"disable", 0}, {"disabled", 0}, {"receive", 1}, {"send", 2}, {"send/receive", 3},
  };
  const Token& v = in.Next();
  for (const auto& [name, mode] : kModes) {
    if (!v.IsKeyword(name)) continue;
    n->capability.add_path = mode;
    return FileParser::ExpectEnd(in, kw.text);
  }
  return FailAt(v, fmt::format("{} is an invalid add-path, options are: send, receive, send/receive, disable",
                               Describe(v)));
}

// role provider|rs-server|rs-client|customer|peer (RFC 9234 §4.1), or
// disable.
ParseStatus Role(const Token& kw, TokenStream& in, NeighborConfig* n) {
  const Token& v = in.Next();
  if (v.IsKeyword("disable") || v.IsKeyword("disabled")) {
    n->capability.role.reset();
    return FileParser::ExpectEnd(in, kw.text);
  }
  std::optional<wire::Role> role = v.is_word() ? wire::RoleFromName(v.text) : std::nullopt;
  if (!role)
    return FailAt(v, fmt::format("{} is an invalid role, options are: provider, rs-server, rs-client, customer, "
                                 "peer, disable",
                                 Describe(v)));
  n->capability.role = role;
  return FileParser::ExpectEnd(in, kw.text);
}

struct Setting {
  std::string_view name;
  Field field;
  ParseFn parse;
  CopyFn copy;
};

using NC = NeighborConfig;
using CC = CapabilityConfig;

// The neighbor settings, in Field order.
constexpr Setting kSettings[] = {
    {"router-id", Field::kRouterId, RouterId, Copy<&NC::router_id>},
    {"local-address", Field::kLocalAddress, LocalAddress, Copy<&NC::local_address>},
    {"local-as", Field::kLocalAs, As<&NC::local_as>, Copy<&NC::local_as>},
    {"peer-as", Field::kPeerAs, As<&NC::peer_as>, Copy<&NC::peer_as>},
    {"hold-time", Field::kHoldTime, HoldTime, Copy<&NC::hold_time>},
    {"passive", Field::kPassive, Bool<&NC::passive>, Copy<&NC::passive>},
    {"listen", Field::kListen, Port<&NC::listen>, Copy<&NC::listen>},
    {"connect", Field::kConnect, Port<&NC::connect>, Copy<&NC::connect>},
    {"description", Field::kDescription, Description, Copy<&NC::description>},
    {"host-name", Field::kHostName, DnsName<&NC::host_name>, Copy<&NC::host_name>},
    {"domain-name", Field::kDomainName, DnsName<&NC::domain_name>, Copy<&NC::domain_name>},
    {"group-updates", Field::kGroupUpdates, Bool<&NC::group_updates>, Copy<&NC::group_updates>},
    {"auto-flush", Field::kAutoFlush, Bool<&NC::auto_flush>, Copy<&NC::auto_flush>},
    {"adj-rib-out", Field::kAdjRibOut, Bool<&NC::adj_rib_out>, Copy<&NC::adj_rib_out>},
    {"adj-rib-in", Field::kAdjRibIn, Bool<&NC::adj_rib_in>, Copy<&NC::adj_rib_in>},
    {"manual-eor", Field::kManualEor, Bool<&NC::manual_eor>, Copy<&NC::manual_eor>},
    {"rate-limit", Field::kRateLimit, RateLimit, Copy<&NC::rate_limit>},
    {"outgoing-ttl", Field::kOutgoingTtl, Ttl<&NC::outgoing_ttl>, Copy<&NC::outgoing_ttl>},
    {"incoming-ttl", Field::kIncomingTtl, Ttl<&NC::incoming_ttl>, Copy<&NC::incoming_ttl>},
    {"ttl-security", Field::kTtlSecurity, TtlSecurity, Copy<&NC::ttl_security>},
    {"md5-password", Field::kMd5Password, Md5Password, CopyMd5Password},
    {"md5-base64", Field::kMd5Base64, Md5Base64, CopyMd5Base64},
    {"md5-ip", Field::kMd5Ip, Md5Ip, CopyMd5Ip},
    {"tcp-ao", Field::kTcpAo, TcpAoNotACommand, Copy<&NC::tcp_ao>},
    {"asn4", Field::kAsn4, CapabilityBool<&CC::asn4>, CopyCapability<&CC::asn4>},
    {"route-refresh", Field::kRouteRefresh, CapabilityBool<&CC::route_refresh>, CopyCapability<&CC::route_refresh>},
    {"extended-message", Field::kExtendedMessage, CapabilityBool<&CC::extended_message>,
     CopyCapability<&CC::extended_message>},
    {"graceful-restart", Field::kGracefulRestart, GracefulRestart, CopyCapability<&CC::graceful_restart>},
    {"multi-session", Field::kMultiSession, CapabilityBool<&CC::multi_session>, CopyCapability<&CC::multi_session>},
    {"software-version", Field::kSoftwareVersion, CapabilityBool<&CC::software_version>,
     CopyCapability<&CC::software_version>},
    {"aigp", Field::kAigp, CapabilityOptionalBool<&CC::aigp>, CopyCapability<&CC::aigp>},
    {"add-path", Field::kAddPath, AddPath, CopyCapability<&CC::add_path>},
    {"operational", Field::kOperational, CapabilityBool<&CC::operational>, CopyCapability<&CC::operational>},
    {"nexthop", Field::kNextHop, CapabilityOptionalBool<&CC::nexthop>, CopyCapability<&CC::nexthop>},
    {"role", Field::kRole, Role, CopyCapability<&CC::role>},
    {"role-strict", Field::kRoleStrict, CapabilityBool<&CC::role_strict>, CopyCapability<&CC::role_strict>},
};
static_assert(std::size(kSettings) == kFieldCount);

constexpr bool SettingsInFieldOrder() {
  for (size_t i = 0; i < std::size(kSettings); ++i)
    if (static_cast<size_t>(kSettings[i].field) != i) return false;
  return true;
}
static_assert(SettingsInFieldOrder());

// Other spellings of a setting: the same field, given once whichever is used.
constexpr Setting kAliases[] = {
    {"md5-password-env", Field::kMd5Password, Md5PasswordEnv, CopyMd5Password},
    {"md5-password-file", Field::kMd5Password, Md5PasswordFile, CopyMd5Password},
};

const Setting* FindSetting(std::string_view name) {
  for (const Setting& s : kSettings)
    if (s.name == name) return &s;
  for (const Setting& s : kAliases)
    if (s.name == name) return &s;
  return nullptr;
}

// ExaBGP's neighbor keywords and sections that herald does not implement.
constexpr std::string_view kUnsupportedNeighbor[] = {
    "vpls",
};

// Every family ExaBGP 4.2 knows (configuration/neighbor/family.py), and
// those 5.0 adds.
constexpr std::pair<std::string_view, std::string_view> kExaBgpFamilies[] = {
    {"ipv4", "unicast"},   {"ipv4", "multicast"}, {"ipv4", "nlri-mpls"}, {"ipv4", "mpls-vpn"},
    {"ipv4", "flow"},      {"ipv4", "flow-vpn"},  {"ipv6", "unicast"},   {"ipv6", "nlri-mpls"},
    {"ipv6", "mpls-vpn"},  {"ipv6", "flow"},      {"ipv6", "flow-vpn"},  {"l2vpn", "vpls"},
    {"l2vpn", "evpn"},     {"bgp-ls", "bgp-ls"},  {"bgp-ls", "bgp-ls-vpn"},
    // ExaBGP 5.0's MVPN and MUP.
    {"ipv4", "mcast-vpn"}, {"ipv6", "mcast-vpn"}, {"ipv4", "mup"},       {"ipv6", "mup"},
    // herald's own: ExaBGP 5.0 reaches RT-Constrain only through `all`.
    {"ipv4", "rtc"},
};

}  // namespace

// A boolean value: absent (a bare keyword) means true. ExaBGP spells them
// true/enable/enabled and false/disable/disabled.
// The word after a keyword (a setting's value).
ParseStatus ValueWord(const Token& keyword, TokenStream& in, const Token** out) {
  const Token& v = in.Next();
  if (!v.is_word()) return FailAt(v, fmt::format("missing value for {}, found {}", keyword.text, Describe(v)));
  *out = &v;
  return {};
}

ParseStatus BoolValue(const Token& keyword, TokenStream& in, bool* out) {
  if (in.AtEnd()) {
    *out = true;
    return {};
  }
  const Token& v = in.Next();
  if (EqualsLower(v.text, "true") || EqualsLower(v.text, "enable") || EqualsLower(v.text, "enabled")) *out = true;
  else if (EqualsLower(v.text, "false") || EqualsLower(v.text, "disable") || EqualsLower(v.text, "disabled"))
    *out = false;
  else
    return FailAt(v, fmt::format("invalid value {} for {} (expected true, false, enable or disable)",
                                 Describe(v), keyword.text));
  return FileParser::ExpectEnd(in, keyword.text);
}

void CopyField(Field field, const NeighborConfig& from, NeighborConfig* to) {
  kSettings[static_cast<size_t>(field)].copy(from, to);
}

std::string_view FieldName(Field field) { return kSettings[static_cast<size_t>(field)].name; }

void FileParser::ParseNeighborBody(const Token& open, NeighborDraft& draft) {
  static constexpr Entry<NeighborDraft> kNeighbor[] = {
      {"router-id", &FileParser::NeighborSetting, nullptr},
      {"local-address", &FileParser::NeighborSetting, nullptr},
      {"local-as", &FileParser::NeighborSetting, nullptr},
      {"peer-as", &FileParser::NeighborSetting, nullptr},
      {"hold-time", &FileParser::NeighborSetting, nullptr},
      {"passive", &FileParser::NeighborSetting, nullptr},
      {"listen", &FileParser::NeighborSetting, nullptr},
      {"connect", &FileParser::NeighborSetting, nullptr},
      {"description", &FileParser::NeighborSetting, nullptr},
      {"host-name", &FileParser::NeighborSetting, nullptr},
      {"domain-name", &FileParser::NeighborSetting, nullptr},
      {"group-updates", &FileParser::NeighborSetting, nullptr},
      {"auto-flush", &FileParser::NeighborSetting, nullptr},
      {"adj-rib-out", &FileParser::NeighborSetting, nullptr},
      {"adj-rib-in", &FileParser::NeighborSetting, nullptr},
      {"manual-eor", &FileParser::NeighborSetting, nullptr},
      {"rate-limit", &FileParser::NeighborSetting, nullptr},
      {"outgoing-ttl", &FileParser::NeighborSetting, nullptr},
      {"incoming-ttl", &FileParser::NeighborSetting, nullptr},
      {"ttl-security", &FileParser::NeighborSetting, nullptr},
      {"md5-password", &FileParser::NeighborSetting, nullptr},
      {"md5-password-env", &FileParser::NeighborSetting, nullptr},
      {"md5-password-file", &FileParser::NeighborSetting, nullptr},
      {"md5-base64", &FileParser::NeighborSetting, nullptr},
      {"md5-ip", &FileParser::NeighborSetting, nullptr},
      {"inherit", &FileParser::Inherit, nullptr},
      {"family", nullptr, &FileParser::Family},
      {"add-path", nullptr, &FileParser::AddPathFamilies},
      {"nexthop", nullptr, &FileParser::NextHops},
      {"capability", nullptr, &FileParser::Capability},
      {"tcp-ao", nullptr, &FileParser::TcpAo},
      {"api", nullptr, &FileParser::Api},
      {"operational", nullptr, &FileParser::Operational},
      {"static", nullptr, &FileParser::Static},
      {"flow", nullptr, &FileParser::Flow},
      {"l2vpn", nullptr, &FileParser::L2vpn},
      {"announce", nullptr, &FileParser::Announce},
      {"route", &FileParser::RouteCommand, &FileParser::RouteBlock},
  };
  api_names_.clear();
  ParseBlock<NeighborDraft>(in_template_ ? "template neighbor" : "neighbor", &open, draft, kNeighbor,
                            kUnsupportedNeighbor);
  AddL2vpnRoutes(draft);
}

ParseStatus FileParser::NeighborSetting(const Statement& st, TokenStream& in, NeighborDraft& draft) {
  const Token& keyword = st.words[0];
  const Setting* setting = FindSetting(keyword.text);
  size_t field = static_cast<size_t>(setting->field);
  if (draft.set[field]) {
    const Location& first = draft.set_where[field];
    return FailAt(keyword, fmt::format("{} given twice (first at line {})", keyword.text, first.line));
  }
  // Marked as given even if its value is refused, so that the checks after
  // the file do not add "missing ..." to the error already reported.
  draft.set[field] = true;
  draft.set_where[field] = Where(keyword);
  return setting->parse(keyword, in, &draft.config);
}

// inherit <template>; or inherit [ <template> ... ];
ParseStatus FileParser::Inherit(const Statement& st, TokenStream& in, NeighborDraft& draft) {
  auto add = [&](const Token& t) -> ParseStatus {
    if (!IsValidName(t.text)) return FailAt(t, fmt::format("invalid template name {}", Describe(t)));
    draft.inherit.emplace_back(std::string(t.text), Where(t));
    return {};
  };
  const Token& first = in.Next();
  if (first.is_word()) {
    if (ParseStatus s = add(first); !s) return s;
    return ExpectEnd(in, "the template name");
  }
  if (!first.is(TokenKind::kLBracket)) return FailAt(first, "missing template name after inherit");
  while (true) {
    const Token& t = in.Next();
    if (t.is(TokenKind::kRBracket)) break;
    if (t.is(TokenKind::kComma)) continue;
    if (!t.is_word()) return FailAt(t, fmt::format("missing ']' to close inherit, found {}", Describe(t)));
    if (ParseStatus s = add(t); !s) return s;
  }
  return ExpectEnd(in, "inherit");
}

// family { ipv4 unicast; ipv6 unicast; } or family { all; }
ParseStatus FileParser::Family(const Statement& st, TokenStream& in, NeighborDraft& draft) {
  if (ParseStatus s = ExpectEnd(in, "family"); !s) return s;
  static constexpr Entry<NeighborDraft> kFamily[] = {
      {"ipv4", &FileParser::FamilyEntry, nullptr},  {"ipv6", &FileParser::FamilyEntry, nullptr},
      {"l2vpn", &FileParser::FamilyEntry, nullptr}, {"bgp-ls", &FileParser::FamilyEntry, nullptr},
      {"all", &FileParser::FamilyEntry, nullptr},   {"minimal", &FileParser::FamilyEntry, nullptr},
  };
  draft.families_given = true;
  ParseBlock<NeighborDraft>("family", st.end, draft, kFamily, {});
  return {};
}

// `afi safi;` of a family herald speaks.
ParseStatus FileParser::FamilyName(const Statement& st, TokenStream& in, wire::Family* out) {
  const Token& afi = st.words[0];
  const Token& safi = in.Next();
  if (!safi.is_word()) return FailAt(safi, fmt::format("missing safi after {}", afi.text));
  if (ParseStatus s = ExpectEnd(in, "the family"); !s) return s;
  bool known = false;
  for (const auto& [a, s] : kExaBgpFamilies) known |= a == afi.text && s == safi.text;
  if (!known) return FailAt(safi, fmt::format("invalid afi/safi pair {}/{}", afi.text, safi.text));
  auto family = wire::Family::Parse(afi.text, safi.text);
  if (!family || !wire::IsSupportedFamily(*family))
    return FailAt(afi, fmt::format("family {} {} is not supported by herald yet", afi.text, safi.text));
  *out = *family;
  return {};
}

ParseStatus FileParser::FamilyEntry(const Statement& st, TokenStream& in, NeighborDraft& draft) {
  const Token& afi = st.words[0];
  std::vector<wire::Family>& families = draft.config.families;
  if (afi.text == "minimal") return FailAt(afi, "family minimal is deprecated");
  if (afi.text == "all") {
    if (!families.empty()) return FailAt(afi, "all can not be used with any other options");
    // The families herald speaks (the wire registry's default ones).
    const auto supported = wire::DefaultFamilies();
    families.assign(supported.begin(), supported.end());
    return ExpectEnd(in, "all");
  }
  wire::Family family;
  if (ParseStatus s = FamilyName(st, in, &family); !s) return s;
  if (std::find(families.begin(), families.end(), family) != families.end())
    return FailAt(afi, fmt::format("duplicate afi/safi pair {}/{}", afi.text, wire::SafiName(family.safi)));
  families.push_back(family);
  return {};
}

// add-path { ipv4 unicast; ... }: the families ADD-PATH is announced for
// (RFC 7911), when `capability { add-path ...; }` asks for it.
ParseStatus FileParser::AddPathFamilies(const Statement& st, TokenStream& in, NeighborDraft& draft) {
  if (ParseStatus s = ExpectEnd(in, "add-path"); !s) return s;
  static constexpr Entry<NeighborDraft> kAddPath[] = {
      {"ipv4", &FileParser::AddPathEntry, nullptr},
      {"ipv6", &FileParser::AddPathEntry, nullptr},
      {"l2vpn", &FileParser::AddPathEntry, nullptr},
      {"bgp-ls", &FileParser::AddPathEntry, nullptr},
  };
  draft.add_path_given = true;
  draft.add_path_where = Where(st.words[0]);
  ParseBlock<NeighborDraft>("add-path", st.end, draft, kAddPath, {});
  return {};
}

ParseStatus FileParser::AddPathEntry(const Statement& st, TokenStream& in, NeighborDraft& draft) {
  wire::Family family;
  if (ParseStatus s = FamilyName(st, in, &family); !s) return s;
  std::vector<wire::Family>& families = draft.config.add_path_families;
  if (std::find(families.begin(), families.end(), family) == families.end()) families.push_back(family);
  return {};
}

// nexthop { ipv4 unicast ipv6; ipv6 unicast ipv4; }: the families whose
// routes may have a next hop of the other address family (RFC 8950 for IPv4
// routes; IPv6 routes over an IPv4 next hop need no capability).
ParseStatus FileParser::NextHops(const Statement& st, TokenStream& in, NeighborDraft& draft) {
  if (ParseStatus s = ExpectEnd(in, "nexthop"); !s) return s;
  static constexpr Entry<NeighborDraft> kNextHop[] = {
      {"ipv4", &FileParser::NextHopEntry, nullptr},
      {"ipv6", &FileParser::NextHopEntry, nullptr},
  };
  draft.next_hops_given = true;
  ParseBlock<NeighborDraft>("nexthop", st.end, draft, kNextHop, {});
  return {};
}

// `afi safi nexthop-afi;`: the prefix families ExaBGP allows, and the other
// address family.
ParseStatus FileParser::NextHopEntry(const Statement& st, TokenStream& in, NeighborDraft& draft) {
  const Token& afi = st.words[0];
  const Token& safi = in.Next();
  if (!safi.is_word()) return FailAt(safi, fmt::format("missing safi after {}", afi.text));
  static constexpr std::string_view kSafis[] = {"unicast", "multicast", "nlri-mpls", "mpls-vpn"};
  if (std::find(std::begin(kSafis), std::end(kSafis), safi.text) == std::end(kSafis))
    return FailAt(safi, fmt::format("invalid afi/safi pair {}/{}", afi.text, safi.text));
  const Token& nh = in.Next();
  const std::string_view other = afi.text == "ipv4" ? "ipv6" : "ipv4";
  if (!nh.is_word() || nh.text != other)
    return FailAt(nh, fmt::format("invalid nexthop afi {} (a {} {} route can only take an {} next hop here)",
                                  nh.is_word() ? std::string(nh.text) : Describe(nh), afi.text, safi.text, other));
  if (ParseStatus s = ExpectEnd(in, "the nexthop entry"); !s) return s;
  auto family = wire::Family::Parse(afi.text, safi.text);
  if (!family || !wire::IsSupportedFamily(*family))
    return FailAt(afi, fmt::format("family {} {} is not supported by herald yet", afi.text, safi.text));
  if (afi.text == "ipv6")
    warnings_->push_back(ConfigError{Where(afi), fmt::format("nexthop: {} {} ipv4 changes nothing (an IPv6 route "
                                                             "over an IPv4 next hop needs no capability and goes "
                                                             "as an IPv4-mapped address; ExaBGP does not announce "
                                                             "it either)",
                                                             afi.text, safi.text)});
  wire::ExtendedNextHopCap::Entry e{*family, afi.text == "ipv4" ? wire::Afi::kIpv6 : wire::Afi::kIpv4};
  std::vector<wire::ExtendedNextHopCap::Entry>& entries = draft.config.next_hops;
  if (std::find(entries.begin(), entries.end(), e) == entries.end()) entries.push_back(e);
  return {};
}

ParseStatus FileParser::Capability(const Statement& st, TokenStream& in, NeighborDraft& draft) {
  if (ParseStatus s = ExpectEnd(in, "capability"); !s) return s;
  static constexpr Entry<NeighborDraft> kCapability[] = {
      {"asn4", &FileParser::NeighborSetting, nullptr},
      {"route-refresh", &FileParser::NeighborSetting, nullptr},
      {"extended-message", &FileParser::NeighborSetting, nullptr},
      {"graceful-restart", &FileParser::NeighborSetting, nullptr},
      {"add-path", &FileParser::NeighborSetting, nullptr},
      {"multi-session", &FileParser::NeighborSetting, nullptr},
      {"software-version", &FileParser::NeighborSetting, nullptr},
      {"operational", &FileParser::NeighborSetting, nullptr},
      {"aigp", &FileParser::NeighborSetting, nullptr},
      {"nexthop", &FileParser::NeighborSetting, nullptr},
      {"role", &FileParser::NeighborSetting, nullptr},
      {"role-strict", &FileParser::NeighborSetting, nullptr},
  };
  ParseBlock<NeighborDraft>("capability", st.end, draft, kCapability, {});
  return {};
}

}  // namespace herald::config::internal
