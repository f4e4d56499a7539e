#include "config/printer.h"

#include <fmt/format.h>

#include "base/hex.h"
#include "grammar/attribute_values.h"

namespace herald::config {
namespace {

const char* OnOff(bool v) { return v ? "true" : "false"; }

// An AS_PATH the `as-path [ ... ]` syntax can say: sequences and sets, no
// two sequences in a row (the parser would join them), nothing empty.
bool AsPathIsPrintable(const wire::AsPath& path) {
  for (size_t i = 0; i < path.size(); ++i) {
    const wire::AsSegment& s = path[i];
    if (s.asns.empty()) return false;
    if (s.type != wire::AsSegmentType::kSequence && s.type != wire::AsSegmentType::kSet) return false;
    if (i && s.type == wire::AsSegmentType::kSequence && path[i - 1].type == wire::AsSegmentType::kSequence)
      return false;
  }
  return true;
}

// AS_PATH as a generic attribute (4-byte AS numbers), for the paths the
// list syntax cannot say.
std::string AsPathHex(const wire::AsPath& path) {
  Bytes b;
  for (const wire::AsSegment& s : path) {
    b.push_back(static_cast<uint8_t>(s.type));
    b.push_back(static_cast<uint8_t>(s.asns.size()));
    for (uint32_t a : s.asns)
      for (int shift = 24; shift >= 0; shift -= 8) b.push_back(static_cast<uint8_t>(a >> shift));
  }
  return ToHex(b);
}

template <typename T, typename F>
void List(std::string* out, std::string_view keyword, const std::vector<T>& values, F format) {
  if (values.empty()) return;
  *out += fmt::format(" {} [", keyword);
  for (const T& v : values) {
    *out += ' ';
    *out += format(v);
  }
  *out += " ]";
}

void Attributes(std::string* out, const rib::Route& route) {
  const wire::PathAttributes& a = route.attrs;
  switch (route.next_hop.kind) {
    case rib::NextHop::Kind::kSelf: *out += " next-hop self"; break;
    case rib::NextHop::Kind::kAddress: *out += " next-hop " + route.next_hop.address.ToString(); break;
    case rib::NextHop::Kind::kNone: break;
  }
  if (a.origin) {
    const char* names[] = {"igp", "egp", "incomplete"};
    *out += fmt::format(" origin {}", names[static_cast<int>(*a.origin) % 3]);
  }
  std::string raw_as_path;
  if (a.as_path && AsPathIsPrintable(*a.as_path)) {
    *out += " as-path [";
    for (const wire::AsSegment& s : *a.as_path) {
      bool set = s.type == wire::AsSegmentType::kSet;
      if (set) *out += " (";
      for (uint32_t asn : s.asns) *out += fmt::format(" {}", asn);
      if (set) *out += " )";
    }
    *out += " ]";
  } else if (a.as_path) {
    raw_as_path = AsPathHex(*a.as_path);
  }
  if (a.med) *out += fmt::format(" med {}", *a.med);
  if (a.local_pref) *out += fmt::format(" local-preference {}", *a.local_pref);
  if (a.atomic_aggregate) *out += " atomic-aggregate";
  if (a.aggregator) *out += fmt::format(" aggregator ( {}:{} )", a.aggregator->asn, a.aggregator->address.ToString());
  List(out, "community", a.communities, grammar::FormatCommunity);
  List(out, "extended-community", a.extended_communities, grammar::FormatExtendedCommunity);
  List(out, "large-community", a.large_communities, grammar::FormatLargeCommunity);
  if (a.originator_id) *out += " originator-id " + a.originator_id->ToString();
  List(out, "cluster-list", a.cluster_list, [](const IpAddress& ip) { return ip.ToString(); });
  if (a.aigp) *out += fmt::format(" aigp 0x{:016x}", *a.aigp);
  if (!route.nlri.empty() && route.nlri[0].path_id)
    *out += fmt::format(" path-information {}", route.nlri[0].path_id);
  if (!route.watchdog.empty()) *out += " watchdog " + QuoteWord(route.watchdog);
  if (!raw_as_path.empty()) *out += fmt::format(" attribute [ 0x02 0x40 0x{} ]", raw_as_path);
  for (const wire::RawAttribute& r : a.unknown)
    *out += fmt::format(" attribute [ 0x{:02x} 0x{:02x} 0x{} ]", r.code, r.flags, ToHex(r.value));
}

// The route, with `withdraw` among its attributes if asked.
std::string RouteText(const rib::Route& route, bool withdraw) {
  std::string out;
  if (route.nlri.size() == 1) {
    out = route.nlri[0].prefix.ToString();
    Attributes(&out, route);
    if (withdraw) out += " withdraw";
    return out;
  }
  Attributes(&out, route);
  if (withdraw) out += " withdraw";
  out += " nlri";
  for (const wire::InetNlri& n : route.nlri) out += " " + n.prefix.ToString();
  return out.substr(1);
}

void Messages(std::string* out, std::string_view direction, const ApiMessages& m) {
  std::pair<bool, const char*> items[] = {
      {m.parsed, "parsed"},   {m.packets, "packets"},     {m.consolidate, "consolidate"},
      {m.open, "open"},       {m.update, "update"},       {m.notification, "notification"},
      {m.keepalive, "keepalive"}, {m.refresh, "refresh"}, {m.operational, "operational"},
  };
  bool any = false;
  for (const auto& [on, name] : items) any |= on;
  if (!any) return;
  *out += fmt::format("\t\t{} {{\n", direction);
  for (const auto& [on, name] : items)
    if (on) *out += fmt::format("\t\t\t{};\n", name);
  *out += "\t\t}\n";
}

void Neighbor(std::string* out, const NeighborConfig& n, bool hide_secrets) {
  *out += fmt::format("neighbor {} {{\n", n.peer_address.ToString());
  *out += fmt::format("\trouter-id {};\n", n.router_id.ToString());
  if (n.local_address) *out += fmt::format("\tlocal-address {};\n", n.local_address->ToString());
  *out += fmt::format("\tlocal-as {};\n", n.local_as);
  *out += fmt::format("\tpeer-as {};\n", n.peer_as);
  *out += fmt::format("\thold-time {};\n", n.hold_time);
  *out += fmt::format("\tpassive {};\n", OnOff(n.passive));
  if (n.listen) *out += fmt::format("\tlisten {};\n", n.listen);
  if (n.connect) *out += fmt::format("\tconnect {};\n", n.connect);
  if (!n.description.empty()) *out += fmt::format("\tdescription {};\n", QuoteWord(n.description));
  if (!n.host_name.empty()) *out += fmt::format("\thost-name {};\n", QuoteWord(n.host_name));
  if (!n.domain_name.empty()) *out += fmt::format("\tdomain-name {};\n", QuoteWord(n.domain_name));
  *out += fmt::format("\tgroup-updates {};\n", OnOff(n.group_updates));
  *out += fmt::format("\tauto-flush {};\n", OnOff(n.auto_flush));
  *out += fmt::format("\tadj-rib-out {};\n", OnOff(n.adj_rib_out));
  *out += fmt::format("\tadj-rib-in {};\n", OnOff(n.adj_rib_in));
  *out += fmt::format("\tmanual-eor {};\n", OnOff(n.manual_eor));
  if (n.rate_limit) *out += fmt::format("\trate-limit {};\n", n.rate_limit);
  if (n.outgoing_ttl) *out += fmt::format("\toutgoing-ttl {};\n", *n.outgoing_ttl);
  if (n.incoming_ttl) *out += fmt::format("\tincoming-ttl {};\n", *n.incoming_ttl);
  if (n.ttl_security) *out += fmt::format("\tttl-security {};\n", *n.ttl_security);
  switch (n.md5.source) {
    case Md5Config::Source::kNone: break;
    case Md5Config::Source::kInline:
      *out += fmt::format("\tmd5-password {};\n", hide_secrets ? std::string(kHidden) : QuoteWord(n.md5.given));
      break;
    case Md5Config::Source::kEnv: *out += fmt::format("\tmd5-password-env {};\n", QuoteWord(n.md5.given)); break;
    case Md5Config::Source::kFile: *out += fmt::format("\tmd5-password-file {};\n", QuoteWord(n.md5.given)); break;
  }
  if (n.md5.source != Md5Config::Source::kNone)
    *out += fmt::format("\tmd5-base64 {};\n", !n.md5.base64 ? "auto" : *n.md5.base64 ? "true" : "false");
  if (n.md5.ip) *out += fmt::format("\tmd5-ip {};\n", n.md5.ip->ToString());
  *out += "\tfamily {\n";
  for (const wire::Family& f : n.families) *out += fmt::format("\t\t{};\n", f.Name());
  *out += "\t}\n";
  *out += "\tcapability {\n";
  *out += fmt::format("\t\tasn4 {};\n", n.capability.asn4 ? "enable" : "disable");
  *out += fmt::format("\t\troute-refresh {};\n", n.capability.route_refresh ? "enable" : "disable");
  *out += fmt::format("\t\textended-message {};\n", n.capability.extended_message ? "enable" : "disable");
  if (n.capability.graceful_restart)
    *out += fmt::format("\t\tgraceful-restart {};\n", *n.capability.graceful_restart);
  else
    *out += "\t\tgraceful-restart disable;\n";
  *out += fmt::format("\t\tmulti-session {};\n", n.capability.multi_session ? "enable" : "disable");
  *out += fmt::format("\t\tsoftware-version {};\n", n.capability.software_version ? "enable" : "disable");
  if (n.capability.aigp) *out += fmt::format("\t\taigp {};\n", *n.capability.aigp ? "enable" : "disable");
  *out += "\t}\n";
  for (const ApiConfig& api : n.api) {
    *out += "\tapi {\n";
    if (!api.processes_match.empty()) {
      *out += "\t\tprocesses-match [";
      for (const std::string& p : api.processes_match) *out += " " + p;
      *out += " ];\n";
    } else if (!api.processes.empty()) {
      *out += "\t\tprocesses [";
      for (const std::string& p : api.processes) *out += " " + p;
      *out += " ];\n";
    }
    if (api.neighbor_changes) *out += "\t\tneighbor-changes;\n";
    if (api.negotiated) *out += "\t\tnegotiated;\n";
    if (api.fsm) *out += "\t\tfsm;\n";
    if (api.signal) *out += "\t\tsignal;\n";
    Messages(out, "send", api.send);
    Messages(out, "receive", api.receive);
    *out += "\t}\n";
  }
  if (!n.routes.empty() || !n.withdrawn_routes.empty()) {
    *out += "\tstatic {\n";
    n.routes.ForEach([&](const rib::Route& r) {
      *out += fmt::format("\t\t{} {};\n", r.nlri.size() == 1 ? "route" : "attributes", RouteText(r, false));
    });
    n.withdrawn_routes.ForEach([&](const rib::Route& r) {
      *out += fmt::format("\t\t{} {};\n", r.nlri.size() == 1 ? "route" : "attributes", RouteText(r, true));
    });
    *out += "\t}\n";
  }
  *out += "}\n";
}

}  // namespace

std::string QuoteWord(std::string_view word) {
  bool bare = !word.empty();
  for (char c : word) {
    if (static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '\'' || c == '\\' || c == '#' || c == '{' ||
        c == '}' || c == ';' || c == '[' || c == ']' || c == '(' || c == ')' || c == ',' || c == 0x7f)
      bare = false;
  }
  if (bare) return std::string(word);
  std::string out = "\"";
  for (char c : word) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default: out += c;
    }
  }
  out += '"';
  return out;
}

std::string PrintRoute(const rib::Route& route, bool withdraw) { return RouteText(route, withdraw); }

std::string PrintConfig(const Config& config, bool hide_secrets) {
  std::string out;
  for (const ProcessConfig& p : config.processes) {
    out += fmt::format("process {} {{\n\trun", p.name);
    for (const std::string& arg : p.run) out += " " + QuoteWord(arg);
    out += ";\n";
    if (p.encoder) out += fmt::format("\tencoder {};\n", *p.encoder == Encoder::kText ? "text" : "json");
    if (p.version) out += fmt::format("\tversion {};\n", *p.version);
    if (p.respawn) out += fmt::format("\trespawn {};\n", OnOff(*p.respawn));
    out += "}\n\n";
  }
  for (size_t i = 0; i < config.neighbors.size(); ++i) {
    if (i) out += "\n";
    Neighbor(&out, config.neighbors[i], hide_secrets);
  }
  return out;
}

}  // namespace herald::config
