#include "config/printer.h"

#include <algorithm>

#include <fmt/format.h>

#include "grammar/flow_route.h"
#include "grammar/route_printer.h"
#include "grammar/route_syntax.h"

namespace herald::config {
namespace {

const char* OnOff(bool v) { return v ? "true" : "false"; }

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

// A FlowSpec rule as `route { ... }` in a flow block, or, for an IPv6 rule
// that no prefix or flow-label makes IPv6, as the line that only
// `announce { ipv6 { flow ...; } }` can say (*in_announce set).
std::string FlowRoute(const rib::Route& r, bool* in_announce) {
  auto text = grammar::DescribeFlowRoute(r);
  auto nlri = grammar::FlowNlriOf(r);
  if (!text || !nlri) return "";
  bool v6_said = false;
  for (const wire::FlowComponent& c : nlri->components)
    v6_said |= c.type == wire::FlowType::kSource || c.type == wire::FlowType::kDestination ||
               c.type == wire::FlowType::kFlowLabel;
  *in_announce = nlri->afi == wire::Afi::kIpv6 && !v6_said && !nlri->vpn;
  if (*in_announce) return "\t\t\tflow " + grammar::PrintFlowRouteLine(r) + ";\n";
  std::string out = "\t\troute {\n";
  if (!text->rd.empty()) out += fmt::format("\t\t\trd {};\n", text->rd);
  if (!text->next_hop.empty()) out += fmt::format("\t\t\tnext-hop {};\n", text->next_hop);
  out += "\t\t\tmatch {\n";
  for (const std::string& m : text->match) out += fmt::format("\t\t\t\t{};\n", m);
  out += "\t\t\t}\n";
  if (!text->then.empty()) {
    out += "\t\t\tthen {\n";
    for (const std::string& t : text->then) out += fmt::format("\t\t\t\t{};\n", t);
    out += "\t\t\t}\n";
  }
  return out + "\t\t}\n";
}

// The routes in the order written: runs of unicast, labeled and VPN routes
// in `static { }`, of FlowSpec rules in `flow { }`, of the routes a family
// statement carries (multicast, mcast-vpn, mup; vpls and evpn under l2vpn)
// and of IPv6 rules only the family can say in `announce { <afi> { } }`, so
// that the file reads back to the same list (VPLS routes keep their place
// there, unlike in `l2vpn { }`); then the routes held for a watchdog.
void Routes(std::string* out, const NeighborConfig& n) {
  // The block open: "", "static", "flow", or the afi of `announce { <afi> {`.
  std::string_view open;
  auto enter = [&](std::string_view block) {
    if (block == open) return;
    if (open == "static" || open == "flow") *out += "\t}\n";
    else if (!open.empty()) *out += "\t\t}\n\t}\n";
    if (block == "static" || block == "flow") *out += fmt::format("\t{} {{\n", block);
    else if (!block.empty()) *out += fmt::format("\tannounce {{\n\t\t{} {{\n", block);
    open = block;
  };
  auto route_line = [&](const rib::Route& r, bool withdraw) {
    const grammar::RouteSyntax* syntax = grammar::FindRouteSyntax(r.family);
    if (syntax && syntax->kind == grammar::RouteSyntaxKind::kMulticast) {
      enter(wire::AfiName(r.family.afi));
      // One prefix a line: the statement has no `nlri` form (a split
      // route reads back as several).
      rib::Route one = r;
      for (const wire::GenericNlri& g : r.generic) {
        one.generic.assign(1, g);
        *out += fmt::format("\t\t\t{} {};\n", syntax->statement, grammar::PrintRoute(one, withdraw));
      }
      return;
    }
    if (syntax && !syntax->statement.empty()) {
      enter(wire::AfiName(r.family.afi));
      *out += fmt::format("\t\t\t{} {};\n", syntax->statement, grammar::PrintRoute(r, withdraw));
      return;
    }
    enter("static");
    const size_t prefixes = r.nlri.empty() ? r.generic.size() : r.nlri.size();
    *out += fmt::format("\t\t{} {};\n", prefixes == 1 ? "route" : "attributes", grammar::PrintRoute(r, withdraw));
  };
  n.routes.ForEach([&](const rib::Route& r) {
    if (grammar::SyntaxKindOf(r.family) != grammar::RouteSyntaxKind::kFlow) {
      route_line(r, false);
      return;
    }
    bool in_announce = false;
    std::string text = FlowRoute(r, &in_announce);
    enter(in_announce ? wire::AfiName(r.family.afi) : "flow");
    *out += text;
  });
  n.withdrawn_routes.ForEach([&](const rib::Route& r) { route_line(r, true); });
  enter("");
}

// herald's tcp-ao block, in the form it was written.
void PrintTcpAo(const TcpAoConfig& ao, bool hide_secrets, std::string* out) {
  auto key = [&](const TcpAoKey& k, std::string_view indent) {
    static constexpr std::string_view kNames[] = {"hmac-sha-1-96", "aes-128-cmac-96", "hmac-sha-256-128"};
    *out += fmt::format("{}algorithm {};\n", indent, kNames[static_cast<size_t>(k.algorithm)]);
    switch (k.source) {
      case Md5Config::Source::kNone: break;
      case Md5Config::Source::kInline:
        *out += fmt::format("{}password {};\n", indent, hide_secrets ? std::string(kHidden) : grammar::QuoteWord(k.given));
        break;
      case Md5Config::Source::kEnv: *out += fmt::format("{}password-env {};\n", indent, grammar::QuoteWord(k.given)); break;
      case Md5Config::Source::kFile: *out += fmt::format("{}password-file {};\n", indent, grammar::QuoteWord(k.given)); break;
    }
  };
  *out += "\ttcp-ao {\n";
  if (ao.short_form) {
    *out += fmt::format("\t\tkey-id {};\n", ao.keys.front().name);
    key(ao.keys.front(), "\t\t");
  } else {
    for (const TcpAoKey& k : ao.keys) {
      *out += fmt::format("\t\tkey {} {{\n\t\t\tsend-id {};\n\t\t\treceive-id {};\n", k.name, k.send_id, k.receive_id);
      key(k, "\t\t\t");
      *out += "\t\t}\n";
    }
    if (ao.current_given) *out += fmt::format("\t\tcurrent {};\n", ao.current);
  }
  *out += "\t}\n";
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
  if (!n.description.empty()) *out += fmt::format("\tdescription {};\n", grammar::QuoteWord(n.description));
  if (!n.host_name.empty()) *out += fmt::format("\thost-name {};\n", grammar::QuoteWord(n.host_name));
  if (!n.domain_name.empty()) *out += fmt::format("\tdomain-name {};\n", grammar::QuoteWord(n.domain_name));
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
      *out += fmt::format("\tmd5-password {};\n", hide_secrets ? std::string(kHidden) : grammar::QuoteWord(n.md5.given));
      break;
    case Md5Config::Source::kEnv: *out += fmt::format("\tmd5-password-env {};\n", grammar::QuoteWord(n.md5.given)); break;
    case Md5Config::Source::kFile: *out += fmt::format("\tmd5-password-file {};\n", grammar::QuoteWord(n.md5.given)); break;
  }
  if (n.md5.source != Md5Config::Source::kNone)
    *out += fmt::format("\tmd5-base64 {};\n", !n.md5.base64 ? "auto" : *n.md5.base64 ? "true" : "false");
  if (n.md5.ip) *out += fmt::format("\tmd5-ip {};\n", n.md5.ip->ToString());
  if (n.tcp_ao.enabled()) PrintTcpAo(n.tcp_ao, hide_secrets, out);
  *out += "\tfamily {\n";
  // Every family herald speaks is `all` (some, like ipv6 multicast, have
  // no statement of their own: ExaBGP reaches them only through `all`).
  const auto all = wire::DefaultFamilies();
  if (std::equal(n.families.begin(), n.families.end(), all.begin(), all.end())) *out += "\t\tall;\n";
  else
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
  if (n.capability.operational) *out += "\t\toperational enable;\n";
  if (n.capability.aigp) *out += fmt::format("\t\taigp {};\n", *n.capability.aigp ? "enable" : "disable");
  static constexpr const char* kAddPath[] = {"disable", "receive", "send", "send/receive"};
  if (n.capability.add_path) *out += fmt::format("\t\tadd-path {};\n", kAddPath[n.capability.add_path & 3]);
  if (n.capability.nexthop) *out += fmt::format("\t\tnexthop {};\n", *n.capability.nexthop ? "enable" : "disable");
  if (n.capability.role) *out += fmt::format("\t\trole {};\n", wire::RoleName(*n.capability.role));
  if (n.capability.role_strict) *out += "\t\trole-strict enable;\n";
  *out += "\t}\n";
  if (!n.next_hops.empty()) {
    *out += "\tnexthop {\n";
    for (const auto& e : n.next_hops)
      *out += fmt::format("\t\t{} {};\n", e.family.Name(), e.next_hop_afi == wire::Afi::kIpv6 ? "ipv6" : "ipv4");
    *out += "\t}\n";
  }
  if (!n.add_path_families.empty()) {
    *out += "\tadd-path {\n";
    for (const wire::Family& f : n.add_path_families) *out += fmt::format("\t\t{};\n", f.Name());
    *out += "\t}\n";
  }
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
  Routes(out, n);
  *out += "}\n";
}

}  // namespace

std::string PrintConfig(const Config& config, bool hide_secrets) {
  std::string out;
  for (const ProcessConfig& p : config.processes) {
    out += fmt::format("process {} {{\n\trun", p.name);
    for (const std::string& arg : p.run) out += " " + grammar::QuoteWord(arg);
    out += ";\n";
    if (p.encoder) out += fmt::format("\tencoder {};\n", *p.encoder == Encoder::kText ? "text" : "json");
    if (p.version) out += fmt::format("\tversion {};\n", *p.version);
    if (p.respawn) out += fmt::format("\trespawn {};\n", OnOff(*p.respawn));
    if (!p.env.empty()) {
      out += "\tenv {\n";
      for (const auto& [name, value] : p.env) out += fmt::format("\t\t{} {};\n", name, grammar::QuoteWord(value));
      out += "\t}\n";
    }
    out += "}\n\n";
  }
  for (size_t i = 0; i < config.neighbors.size(); ++i) {
    if (i) out += "\n";
    Neighbor(&out, config.neighbors[i], hide_secrets);
  }
  return out;
}

}  // namespace herald::config
