// `herald validate [-n] [-r] [-v] [-p] CONFIG...` (also `herald --test`).
//
// The lines on stderr are ExaBGP 5.0's `exabgp validate` lines for a valid
// configuration ("configuration   loading F", "✓ loading", and with -n/-r the
// checks of the neighbors and routes); an invalid one is reported as herald
// reports it, every error as `file:line:column: message`. The files are read
// together, as the server reads them. -v shows the configuration as herald
// understood it, each line prefixed with the file name (5.0's -n -v form;
// also without -n), and with -r each route as
// `parser          parsed route ...` (FlowSpec rules in ExaBGP's text); -p prints the
// configuration on stdout. doc/compat.md lists the differences.
#include <iostream>

#include "config/parser.h"
#include "config/printer.h"
#include "api/render_attributes.h"
#include "api/render_flow.h"
#include "grammar/flow_route.h"
#include "grammar/route_printer.h"
#include "grammar/route_syntax.h"
#include "daemon/tools.h"

namespace herald::daemon {
namespace {

constexpr std::string_view kConfiguration = "configuration   ";
constexpr std::string_view kParser = "parser          ";

// Every line of `text`, prefixed.
void Prefixed(std::ostream& err, std::string_view prefix, const std::string& text) {
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    err << prefix << std::string_view(text).substr(at, end - at) << "\n";
    at = end + 1;
  }
}

// A route as the -r lines show it: unicast routes in herald's route
// grammar (multicast ones after their family's name), FlowSpec rules as ExaBGP 5.0 prints them ("flow
// destination-ipv4 10.0.0.0/24 next-hop 1.2.3.4 extended-community
// rate-limit:0").
// `self` is the neighbor's local address, if set: what a rule's `next-hop
// self` becomes (ExaBGP 5.0 prints the address too).
std::string RouteText(const rib::Route& route, const std::optional<IpAddress>& self) {
  const grammar::RouteSyntax* syntax = grammar::FindRouteSyntax(route.family);
  if (syntax && syntax->nlri_words) return std::string(syntax->statement) + " " + grammar::PrintRoute(route);
  // Named by the family, as an API line names them (`ipv4 multicast ...`).
  if (syntax && syntax->kind == grammar::RouteSyntaxKind::kMulticast)
    return route.family.Name() + " " + grammar::PrintRoute(route);
  auto nlri = grammar::FlowNlriOf(route);
  if (!nlri) return grammar::PrintRoute(route);
  std::string hop;
  if (route.next_hop.kind == rib::NextHop::Kind::kAddress) hop = route.next_hop.address.ToString();
  if (route.next_hop.kind == rib::NextHop::Kind::kSelf) hop = self ? self->ToString() : "self";
  std::string out = api::render::FlowText(*nlri, hop);
  api::render::TextAttributes().Append(&out, route.attrs);
  return out;
}

}  // namespace

int RunValidate(const ValidateOptions& options, std::ostream& out, std::ostream& err) {
  for (const std::string& f : options.files) err << kConfiguration << "loading " << f << "\n";
  auto parsed = config::ParseConfigFiles(options.files);
  if (!parsed) {
    for (const auto& e : parsed.error()) err << e.ToString() << "\n";
    return 1;
  }
  for (const auto& w : parsed->warnings) err << w.ToString() << "\n";
  err << kConfiguration << "\u2713 loading\n";
  const std::string file = options.files.empty() ? "" : options.files.front();
  if (options.neighbors) err << kConfiguration << "checking neighbors\n";
  if (options.verbose) Prefixed(err, file + " ", config::PrintConfig(*parsed));
  if (options.neighbors) {
    for (const auto& n : parsed->neighbors)
      err << kConfiguration << "\u2713 neighbor  " << n.peer_address.ToString() << "\n";
  }
  if (options.routes) {
    err << kConfiguration << "checking routes\n";
    if (options.verbose)
      for (const auto& n : parsed->neighbors)
        n.routes.ForEach([&](const rib::Route& route) {
          err << kParser << "parsed route " << RouteText(route, n.local_address) << "\n";
        });
    err << kConfiguration << "\u2713 routes\n";
  }
  if (options.print) out << config::PrintConfig(*parsed);
  return 0;
}

}  // namespace herald::daemon
