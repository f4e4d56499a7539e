#include "api/command_print.h"

#include <fmt/format.h>

#include "config/printer.h"

namespace herald::api {
namespace {

void Selector(std::string* out, const std::vector<NeighborFilter>& filters) {
  for (size_t i = 0; i < filters.size(); ++i) {
    const NeighborFilter& f = filters[i];
    *out += fmt::format("{}neighbor {}", i ? ", " : "", f.peer_address.ToString());
    if (f.local_address) *out += " local-ip " + f.local_address->ToString();
    if (f.local_as) *out += fmt::format(" local-as {}", *f.local_as);
    if (f.peer_as) *out += fmt::format(" peer-as {}", *f.peer_as);
    if (f.router_id) *out += " router-id " + f.router_id->ToString();
    if (f.family_allowed) *out += " family-allowed " + config::QuoteWord(*f.family_allowed);
  }
  if (!filters.empty()) *out += ' ';
}

std::string Route(std::string_view verb, const rib::Route& route) {
  return fmt::format("{} {} {}", verb, route.nlri.size() == 1 ? "route" : "attributes", config::PrintRoute(route));
}

std::string Family(const std::optional<wire::Family>& family) { return family ? " " + family->Name() : ""; }

}  // namespace

std::string PrintTextCommand(const Command& c) {
  if (c.kind == CommandKind::kComment) return "# " + c.text;
  std::string out;
  Selector(&out, c.neighbors);
  switch (c.kind) {
    case CommandKind::kAnnounceRoute: out += Route("announce", c.route); break;
    case CommandKind::kWithdrawRoute: out += Route("withdraw", c.route); break;
    case CommandKind::kAnnounceEor: out += "announce eor" + Family(c.family); break;
    case CommandKind::kAnnounceRouteRefresh: out += "announce route-refresh" + Family(c.family); break;
    case CommandKind::kShutdown: out += "shutdown"; break;
    case CommandKind::kReload: out += "reload"; break;
    case CommandKind::kRestart: out += "restart"; break;
    case CommandKind::kVersion: out += "version"; break;
    case CommandKind::kTeardown: out += fmt::format("teardown {}", c.subcode); break;
    case CommandKind::kComment: break;
  }
  return out;
}

}  // namespace herald::api
