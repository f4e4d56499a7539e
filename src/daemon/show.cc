// Commands that print: show neighbor, show adj-rib, help. Their lines go to
// the asking process as output (never dropped, unlike acks), then `done`.
#include "api/show.h"
#include "base/log.h"
#include "config/printer.h"
#include "daemon/daemon.h"

namespace herald::daemon {

std::vector<net::Peer*> Daemon::Shown(const api::Command& command) const {
  std::vector<net::Peer*> out;
  for (const auto& p : peers_)
    if (!command.show_address || *command.show_address == p->config().peer_address) out.push_back(p.get());
  return out;
}

Status Daemon::ShowNeighbor(Source& process, const api::Command& command) {
  std::vector<net::Peer*> peers = Shown(command);
  if (command.json) {
    std::vector<api::NeighborStatus> all;
    for (net::Peer* p : peers) all.push_back(p->Status());
    Output(process, api::ShowJson(all));
    return Ok();
  }
  switch (command.show) {
    case api::ShowMode::kSummary:
      Output(process, api::ShowSummaryHeader());
      for (net::Peer* p : peers) Output(process, api::ShowSummaryLine(p->Status()));
      return Ok();
    case api::ShowMode::kExtensive:
      for (net::Peer* p : peers) Output(process, api::ShowExtensive(p->Status()));
      return Ok();
    case api::ShowMode::kConfiguration:
      for (net::Peer* p : peers) {
        config::Config one;
        one.neighbors.push_back(p->config());
        std::string text = config::PrintConfig(one, /*hide_secrets=*/true);
        if (!text.empty() && text.back() == '\n') text.pop_back();
        Output(process, text);
      }
      return Ok();
    case api::ShowMode::kNone:
      break;
  }
  Output(process, "please specify summary, extensive or configuration\n"
                  "you can filter by peer ip address adding it after the word neighbor");
  return Ok();
}

Status Daemon::ShowAdjRib(Source& process, const api::Command& command) {
  bool extensive = command.show == api::ShowMode::kExtensive;
  std::string text;
  if (command.rib_in) {
    bool any = false;
    for (net::Peer* p : Shown(command)) any = any || RibIn(*p);
    if (!any)
      return Fail("no adj-rib-in to show: herald keeps received routes only for neighbors with "
                  "`adj-rib-in true;` (ExaBGP keeps them by default)");
  }
  for (net::Peer* p : Shown(command)) {
    std::string name = extensive ? p->Name() : p->config().peer_address.ToString();
    auto show = [&](wire::Family family, const wire::InetNlri& nlri, const rib::AttrSet& attrs) {
      if (!text.empty()) text.push_back('\n');
      if (command.json) text += api::AdjRibJson(p->config().peer_address, family, nlri);
      else text += api::AdjRibText(name, family, nlri, attrs.next_hop(), attrs.attrs(), extensive);
    };
    // The routes of generic families (FlowSpec, ...), after the unicast ones.
    auto show_generic = [&](wire::Family family, const wire::GenericNlri& nlri, const rib::AttrSet& attrs) {
      std::optional<std::string> line;
      if (command.json) {
        line = api::AdjRibGenericJson(p->config().peer_address, family, nlri);
      } else {
        wire::PathAttributes a = attrs.attrs();
        a.next_hop.reset();  // the route's next hop is attrs.next_hop()
        line = api::AdjRibGenericText(name, family, nlri, attrs.next_hop(), a, extensive);
      }
      if (!line) return;
      if (!text.empty()) text.push_back('\n');
      text += *line;
    };
    if (!command.rib_in) {
      p->rib().ForEach(show);
      p->rib().ForEachGeneric(show_generic);
    } else if (rib::AdjRibIn* in = RibIn(*p)) {  // none: `adj-rib-in false`
      in->ForEach([&](wire::Family family, const wire::InetNlri& nlri, const rib::AttrSet& attrs) {
        if (!text.empty()) text.push_back('\n');
        if (command.json) {
          text += api::AdjRibJson(p->config().peer_address, family, nlri);
          return;
        }
        wire::PathAttributes a = attrs.attrs();
        a.next_hop.reset();  // the route's next hop is attrs.next_hop()
        text += api::AdjRibText(name, family, nlri, attrs.next_hop(), a, extensive);
      });
      in->ForEachGeneric(show_generic);
    }
  }
  if (!text.empty()) Output(process, text);
  return Ok();
}

void Daemon::Help(Source& process) {
  Output(process,
         "\n"
         "available API commands are listed here:\n"
         "=======================================\n"
         "\n"
         "filter can be: [local-ip <ip>][local-as <asn>][peer-as <asn>][router-id <router-id>]\n"
         "\n"
         "command are:\n"
         "------------\n"
         "\n"
         "# \n"
         "[neighbor <ip> [filters]] announce attribute\n"
         "[neighbor <ip> [filters]] announce attributes\n"
         "[neighbor <ip> [filters]] announce eor\n"
         "[neighbor <ip> [filters]] announce ipv4\n"
         "[neighbor <ip> [filters]] announce ipv6\n"
         "[neighbor <ip> [filters]] announce operational\n"
         "[neighbor <ip> [filters]] announce route\n"
         "[neighbor <ip> [filters]] announce route-refresh\n"
         "[neighbor <ip> [filters]] announce watchdog\n"
         "[neighbor <ip> [filters]] clear adj-rib\n"
         "[neighbor <ip> [filters]] flush adj-rib out\n"
         "[neighbor <ip> [filters]] teardown\n"
         "[neighbor <ip> [filters]] withdraw attribute\n"
         "[neighbor <ip> [filters]] withdraw attributes\n"
         "[neighbor <ip> [filters]] withdraw ipv4\n"
         "[neighbor <ip> [filters]] withdraw ipv6\n"
         "[neighbor <ip> [filters]] withdraw route\n"
         "[neighbor <ip> [filters]] withdraw watchdog\n"
         "disable-ack \n"
         "disable-sync \n"
         "enable-ack \n"
         "enable-sync \n"
         "help \n"
         "reload \n"
         "reset \n"
         "restart \n"
         "show adj-rib out [ extensive ] \n"
         "show neighbor [ summary | extensive | configuration ] \n"
         "shutdown \n"
         "silence-ack \n"
         "version \n");
}

}  // namespace herald::daemon
