#include "api/command_print.h"

#include <fmt/format.h>

#include "grammar/flow_route.h"
#include "grammar/route_printer.h"
#include "grammar/route_syntax.h"

namespace herald::api {
namespace {

void Selector(std::string* out, const std::vector<NeighborFilter>& filters) {
  for (size_t i = 0; i < filters.size(); ++i) {
    const NeighborFilter& f = filters[i];
    *out += fmt::format("{}neighbor {}", i ? ", " : "", f.any ? std::string("*") : f.peer_address.ToString());
    if (f.local_address) *out += " local-ip " + f.local_address->ToString();
    if (f.local_as) *out += fmt::format(" local-as {}", *f.local_as);
    if (f.peer_as) *out += fmt::format(" peer-as {}", *f.peer_as);
    if (f.router_id) *out += " router-id " + f.router_id->ToString();
    if (f.family_allowed) *out += " family-allowed " + grammar::QuoteWord(*f.family_allowed);
  }
  if (!filters.empty()) *out += ' ';
}

std::string Route(std::string_view verb, const rib::Route& route, bool held) {
  // A FlowSpec rule: `announce ipv4 flow ...` names its family (a rule
  // without prefixes would read back as IPv4).
  // A multicast, labeled or VPN route names its family too (`route` would
  // read a multicast one back as unicast).
  // Several prefixes (split) are an `attributes` line, which rd and label
  // make labeled.
  // VPLS and EVPN: `announce vpls ...`; MVPN and MUP: `announce ipv4 mup
  // mup-dsd ...` (their family, then the route).
  using grammar::RouteSyntaxKind;
  const grammar::RouteSyntax* syntax = grammar::FindRouteSyntax(route.family);
  switch (syntax ? syntax->kind : RouteSyntaxKind::kPrefix) {
    case RouteSyntaxKind::kVpls:
    case RouteSyntaxKind::kEvpn:
    case RouteSyntaxKind::kMvpn:
    case RouteSyntaxKind::kMup:
      return fmt::format("{} {} {}", verb, syntax->api_names_family ? route.family.Name() : syntax->statement,
                         grammar::PrintRoute(route, held));
    case RouteSyntaxKind::kMulticast:
      return fmt::format("{} {} {}", verb, route.family.Name(), grammar::PrintRoute(route, held));
    case RouteSyntaxKind::kLabeled:
      return fmt::format("{} {} {}", verb, route.generic.size() == 1 ? route.family.Name() : "attributes",
                         grammar::PrintRoute(route, held));
    case RouteSyntaxKind::kFlow:
      return fmt::format("{} {} {}", verb, route.family.Name(), grammar::PrintFlowRouteLine(route));
    case RouteSyntaxKind::kPrefix:
    case RouteSyntaxKind::kReceived: break;
  }
  return fmt::format("{} {} {}", verb, route.nlri.size() == 1 ? "route" : "attributes",
                     grammar::PrintRoute(route, held));
}

std::string Show(const Command& c) {
  std::string out;
  switch (c.show) {
    case ShowMode::kNone: break;
    case ShowMode::kSummary: out += " summary"; break;
    case ShowMode::kExtensive: out += " extensive"; break;
    case ShowMode::kConfiguration: out += " configuration"; break;
  }
  if (c.json) out += " json";
  if (c.show_address) out += " " + c.show_address->ToString();
  return out;
}

std::string Name(const std::string& name) { return name.empty() ? "" : " " + grammar::QuoteWord(name); }

std::string Family(const std::optional<wire::Family>& family) { return family ? " " + family->Name() : ""; }

std::string Operational(const Command& c) {
  const wire::Operational& op = c.operational;
  const wire::OperationalType* t = op.Known();
  std::string out = fmt::format("announce operational {}", t ? t->name : "?");
  if (op.router_id) out += " router-id " + IpAddress::V4(op.router_id).ToString();
  out += " afi " + std::string(c.family ? wire::AfiName(c.family->afi) : "?");
  out += " safi " + std::string(c.family ? wire::SafiName(c.family->safi) : "?");
  if (t && t->category == wire::OperationalType::Category::kAdvisory) {
    out += " advisory " + grammar::QuoteWord(op.advisory);
  } else {
    out += fmt::format(" sequence {}", op.sequence);
    if (t && t->category == wire::OperationalType::Category::kCounter) out += fmt::format(" counter {}", op.counter);
  }
  return out;
}

}  // namespace

std::string PrintTextCommand(const Command& c) {
  if (c.kind == CommandKind::kComment) return "# " + c.text;
  std::string out;
  Selector(&out, c.neighbors);
  switch (c.kind) {
    case CommandKind::kAnnounceRoute: out += Route("announce", c.route, c.held); break;
    case CommandKind::kWithdrawRoute: out += Route("withdraw", c.route, false); break;
    case CommandKind::kAnnounceEor: out += "announce eor" + Family(c.family); break;
    case CommandKind::kAnnounceRouteRefresh: out += "announce route-refresh" + Family(c.family); break;
    case CommandKind::kAnnounceOperational: out += Operational(c); break;
    case CommandKind::kShutdown: out += "shutdown"; break;
    case CommandKind::kReload: out += "reload"; break;
    case CommandKind::kRestart: out += "restart"; break;
    case CommandKind::kVersion: out += "version"; break;
    case CommandKind::kTeardown: out += fmt::format("teardown {}", c.subcode); break;
    case CommandKind::kComment: break;
    case CommandKind::kAnnounceWatchdog: out += "announce watchdog" + Name(c.text); break;
    case CommandKind::kWithdrawWatchdog: out += "withdraw watchdog" + Name(c.text); break;
    case CommandKind::kEnableAck: out += "enable-ack"; break;
    case CommandKind::kDisableAck: out += "disable-ack"; break;
    case CommandKind::kSilenceAck: out += "silence-ack"; break;
    case CommandKind::kEnableSync: out += "enable-sync"; break;
    case CommandKind::kDisableSync: out += "disable-sync"; break;
    case CommandKind::kShowNeighbor: out += "show neighbor" + Show(c); break;
    case CommandKind::kShowAdjRib: out += fmt::format("show adj-rib {}{}", c.rib_in ? "in" : "out", Show(c)); break;
    case CommandKind::kFlushAdjRibOut: out += "flush adj-rib out"; break;
    case CommandKind::kClearAdjRib: out += fmt::format("clear adj-rib {}", c.rib_in ? "in" : "out"); break;
    case CommandKind::kHelp: out += "help"; break;
    case CommandKind::kReset: out += "reset"; break;
    case CommandKind::kCrash: out += "crash"; break;
  }
  return out;
}

}  // namespace herald::api
