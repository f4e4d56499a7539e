#include "api/show.h"

#include <fmt/format.h>

#include "api/render_attributes.h"
#include "api/render_nlri.h"
#include "grammar/route_printer.h"

namespace herald::api {
namespace {

constexpr std::string_view kMessageNames[] = {"open", "notification", "keepalive", "update", "refresh"};
constexpr size_t kMessageTypes[] = {1, 3, 4, 2, 5};

std::string Enabled(std::optional<bool> v) {
  if (!v) return "n/a";
  return *v ? "enabled" : "disabled";
}

std::string Json(std::optional<bool> v) {
  if (!v) return "null";
  return *v ? "true" : "false";
}

std::string Row(std::string_view label, std::string_view local, std::string_view remote,
                std::string_view extra = "") {
  return fmt::format("   {:<20} {:>15} {:>15} {:<15}", label, local, remote, extra);
}

uint64_t Total(const std::array<uint64_t, 6>& counts) {
  uint64_t t = 0;
  for (uint64_t c : counts) t += c;
  return t;
}

}  // namespace

std::string Duration(uint64_t seconds) {
  uint64_t days = seconds / 86400;
  seconds %= 86400;
  std::string hms = fmt::format("{}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
  if (!days) return hms;
  return fmt::format("{} day{}, {}", days, days == 1 ? "" : "s", hms);
}

std::string ShowSummaryHeader() {
  return "Peer            AS        up/down state       |     #sent     #recvd";
}

std::string ShowSummaryLine(const NeighborStatus& n) {
  std::string state(n.fsm);
  for (char& c : state) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return fmt::format("{:<15} {:<7} {:>9} {:<12} {:>10} {:>10}", n.peer_address.ToString(), n.peer_as,
                     n.up ? Duration(n.seconds) : "down", state, n.messages.sent[2], n.messages.received[2]);
}

std::string ShowExtensive(const NeighborStatus& n) {
  std::string out = fmt::format("Neighbor {}\n\n    Session                       Local\n", n.peer_address.ToString());
  out += Row("local", n.local_address ? n.local_address->ToString() : "auto", "") + "\n";
  out += Row("state", n.fsm, "") + "\n";
  out += Row(n.up ? "up for" : "down for", Duration(n.seconds), "") + "\n";
  out += "\n    Setup                         Local          Remote\n";
  out += Row("AS", std::to_string(n.local_as), std::to_string(n.peer_as)) + "\n";
  out += Row("ID", n.router_id.ToString(), n.peer_id ? n.peer_id->ToString() : "n/a") + "\n";
  out += Row("hold-time", std::to_string(n.local_hold), n.peer_hold ? std::to_string(*n.peer_hold) : "n/a") + "\n";
  out += "\n    Capability                    Local          Remote\n";
  for (const auto& c : n.capabilities) out += Row(c.name + ":", Enabled(c.local), Enabled(c.peer)) + "\n";
  out += "\n    Families                      Local          Remote        Add-Path\n";
  for (const auto& f : n.families) out += Row(f.name + ":", Enabled(f.local), Enabled(f.peer), "disabled") + "\n";
  out += "\n    Message Statistic              Sent        Received\n";
  for (size_t i = 0; i < 5; ++i)
    out += Row(std::string(kMessageNames[i]) + ":", std::to_string(n.messages.sent[kMessageTypes[i]]),
               std::to_string(n.messages.received[kMessageTypes[i]])) +
           "\n";
  out += Row("total:", std::to_string(Total(n.messages.sent)), std::to_string(Total(n.messages.received))) + "\n";
  return out;
}

std::string ShowJson(const std::vector<NeighborStatus>& neighbors) {
  std::string out = "[";
  for (size_t i = 0; i < neighbors.size(); ++i) {
    const NeighborStatus& n = neighbors[i];
    if (i) out += ", ";
    out += fmt::format(R"({{"state": "{}", "duration": {}, "fsm": "{}", )", n.up ? "up" : "down", n.seconds, n.fsm);
    auto flags = [&](const std::vector<NeighborStatus::Flag>& list, bool local) {
      std::string s = "{";
      for (size_t j = 0; j < list.size(); ++j)
        s += fmt::format(R"({}"{}": {})", j ? ", " : "", list[j].name,
                         local ? Json(list[j].local) : Json(list[j].peer));
      return s + "}";
    };
    // ExaBGP's three add-path objects: local, whether path identifiers are
    // sent; peer, whether received; the session's, both in one word.
    enum class AddPathView { kSend, kReceive, kBoth };
    auto add_path = [&](AddPathView view) {
      std::string s = "{";
      for (size_t j = 0; j < n.families.size(); ++j) {
        const NeighborStatus::AddPath ap = j < n.add_path.size() ? n.add_path[j] : NeighborStatus::AddPath{false, false};
        std::string value;
        if (view == AddPathView::kSend) value = Json(ap.send);
        else if (view == AddPathView::kReceive) value = Json(ap.receive);
        else {
          const bool send = ap.send.value_or(false), receive = ap.receive.value_or(false);
          value = send && receive ? "\"send/receive\"" : send ? "\"send\"" : receive ? "\"receive\"" : "\"disabled\"";
        }
        s += fmt::format(R"({}"{}": {})", j ? ", " : "", n.families[j].name, value);
      }
      return s + "}";
    };
    out += fmt::format(
        R"("local": {{"capabilities": {}, "families": {}, "add-path": {}, "address": {}, "as": {}, "id": "{}", "hold": {}}}, )",
        flags(n.capabilities, true), flags(n.families, true), add_path(AddPathView::kSend),
        n.local_address ? "\"" + n.local_address->ToString() + "\"" : "null", n.local_as, n.router_id.ToString(),
        n.local_hold);
    out += fmt::format(
        R"("peer": {{"capabilities": {}, "families": {}, "add-path": {}, "address": "{}", "as": {}, "id": {}, "hold": {}}}, )",
        flags(n.capabilities, false), flags(n.families, false), add_path(AddPathView::kReceive),
        n.peer_address.ToString(),
        n.peer_as, n.peer_id ? "\"" + n.peer_id->ToString() + "\"" : "null",
        n.peer_hold ? std::to_string(*n.peer_hold) : "null");
    auto messages = [&](const std::array<uint64_t, 6>& counts) {
      std::string s = "{";
      for (size_t j = 0; j < 5; ++j) s += fmt::format(R"("{}": {}, )", kMessageNames[j], counts[kMessageTypes[j]]);
      return s + fmt::format(R"("total": {}}})", Total(counts));
    };
    out += fmt::format(R"("messages": {{"sent": {}, "received": {}}}, )", messages(n.messages.sent),
                       messages(n.messages.received));
    std::string both_caps, both_families;
    for (const auto& c : n.capabilities)
      if (c.local && c.peer.value_or(false)) both_caps += fmt::format(R"({}"{}")", both_caps.empty() ? "" : ", ", c.name);
    for (const auto& f : n.families)
      if (f.local && f.peer.value_or(false))
        both_families += fmt::format(R"({}"{}")", both_families.empty() ? "" : ", ", f.name);
    out += fmt::format(R"("capabilities": [{}], "families": [{}], "add-path": {}}})", both_caps, both_families,
                       add_path(AddPathView::kBoth));
  }
  return out + "]";
}

std::string AdjRibText(std::string_view neighbor, wire::Family family, const wire::InetNlri& nlri,
                       const rib::NextHop& next_hop, const wire::PathAttributes& attrs, bool extensive) {
  if (!extensive) {
    std::string nh;
    switch (next_hop.kind) {
      case rib::NextHop::Kind::kNone: break;
      case rib::NextHop::Kind::kSelf: nh = " next-hop self"; break;
      case rib::NextHop::Kind::kAddress: nh = " next-hop " + next_hop.address.ToString(); break;
    }
    return fmt::format("{} {} {}{}", neighbor, family.Name(), nlri.prefix.ToString(), nh);
  }
  rib::Route route;
  route.family = family;
  route.nlri = {nlri};
  route.next_hop = next_hop;
  route.attrs = attrs;
  return fmt::format("{} {} {}", neighbor, family.Name(), grammar::PrintRoute(route));
}

std::string AdjRibJson(const IpAddress& peer, wire::Family family, const wire::InetNlri& nlri) {
  return fmt::format(R"({{"{}": {{"routes": [{{"prefix": "{}", "family": "{}"}}]}}}})", peer.ToString(),
                     nlri.prefix.ToString(), family.Name());
}

std::string AdjRibGenericText(std::string_view neighbor, wire::Family family, const wire::GenericNlri& nlri,
                              const rib::NextHop& next_hop, const wire::PathAttributes& attrs, bool extensive) {
  std::string out = fmt::format("{} {} ", neighbor, family.Name());
  std::string nh;
  switch (next_hop.kind) {
    case rib::NextHop::Kind::kNone: break;
    case rib::NextHop::Kind::kSelf: nh = "self"; break;
    case rib::NextHop::Kind::kAddress: nh = next_hop.address.ToString(); break;
  }
  const render::GenericRenderer* r = render::FindGenericRenderer(family);
  if (!r || !r->show || !r->show(&out, nlri)) render::AppendGenericText(&out, family, nlri, nh, Style{});
  if (extensive) render::TextAttributes(Format::kExabgp5).Append(&out, attrs);
  return out;
}

std::optional<std::string> AdjRibGenericJson(const IpAddress& peer, wire::Family family,
                                             const wire::GenericNlri& nlri) {
  const render::GenericRenderer* r = render::FindGenericRenderer(family);
  if (r && !r->prefix) return std::nullopt;
  std::string route;
  if (r && r->prefix(&route, nlri))
    return fmt::format(R"({{"{}": {{"routes": [{{"prefix": "{}", "family": "{}"}}]}}}})", peer.ToString(), route,
                       family.Name());
  // A family without a row, or bytes its row cannot read: the bytes, rather
  // than nothing.
  route.clear();
  render::AppendGenericText(&route, family, nlri, {}, Style{});
  return fmt::format(R"({{"{}": {{"routes": [{{"nlri": "{}", "family": "{}"}}]}}}})", peer.ToString(), route,
                     family.Name());
}

}  // namespace herald::api
