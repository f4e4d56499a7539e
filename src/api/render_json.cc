// ExaBGP's JSON encoder, one line per event: 5.0's ("exabgp": "5.0.0") or,
// in the 4.x format, 4.2's ("exabgp": "4.0.1"; see Format in render.h).
//
// Every line is the envelope
//   { "exabgp": "5.0.0", "time": T, "host" : "H", "pid" : P, "ppid" : PP,
//     "counter": N, "type": "TYPE", CONTENT }
// (counter absent on the daemon's shutdown notice) and, for a neighbor event,
// CONTENT is
//   "neighbor": { "address": {...}, "asn": {...}, "router-id": "R"
//                 [, "direction": "D"] , BODY }
// with ExaBGP's exact spacing, odd spaces included (`"host" : `, a space
// before the comma after router-id, two spaces before the brace of a
// keepalive), because consumers match these lines as strings.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <iterator>
#include <unordered_map>

#include "api/render.h"
#include "api/render_attributes.h"
#include "api/render_common.h"
#include "api/render_nlri.h"
#include "api/render_open.h"
#include "api/render_operational.h"
#include "api/render_routes.h"

namespace herald::api {
namespace {

using render::AppendUint;


double WallClock() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

// `add_path`: the NLRI carried a path identifier (RFC 7911), shown even
// when 0, as ExaBGP shows it.
void AppendNlri(std::string* out, const wire::InetNlri& n, bool compact, bool add_path) {
  const bool path_info = add_path || n.path_id;
  if (compact && !path_info) {  // api.compact
    out->push_back('"');
    n.prefix.AppendTo(out);
    out->push_back('"');
    return;
  }
  out->append("{ \"nlri\": \"");
  n.prefix.AppendTo(out);
  if (path_info) {
    // RFC 7911 path identifier, shown as a dotted quad.
    out->append("\", \"path-information\": \"");
    IpAddress::V4(n.path_id).AppendTo(out);
  }
  out->append("\" }");
}

// Python's signal names, as ExaBGP prints them.
std::string_view SignalName(int signum) {
  switch (signum) {
    case SIGHUP:
      return "SIGHUP";
    case SIGINT:
      return "SIGINT";
    case SIGUSR1:
      return "SIGUSR1";
    case SIGUSR2:
      return "SIGUSR2";
    case SIGALRM:
      return "SIGALRM";
    case SIGTERM:
      return "SIGTERM";
  }
  return "unknown";
}

class JsonRenderer final : public Renderer {
 public:
  JsonRenderer(Host host, Style style) : host_(std::move(host)), style_(style) {
    head_ = "{ \"exabgp\": \"";
    head_ += v4() ? "4.0.1" : "5.0.0";
    head_ += "\", \"time\": ";
    envelope_ = "\"host\" : \"";
    render::AppendJsonEscaped(&envelope_, host_.host);
    fmt::format_to(std::back_inserter(envelope_), "\", \"pid\" : {}, \"ppid\" : {}, ", host_.pid,
                   host_.ppid);
  }

  void Connected(const NeighborInfo& n, std::string* out) override { State(n, "connected", out); }
  void Up(const NeighborInfo& n, std::string* out) override { State(n, "up", out); }

  void Down(const NeighborInfo& n, std::string_view reason, std::string* out) override {
    Begin(out, &n, "state");
    Neighbor(out, n);
    out->append(", \"state\": \"down\", \"reason\": \"");
    // ExaBGP turns brackets and braces into parentheses so that its encoder
    // does not take the reason for a list or an object.
    size_t at = out->size();
    render::AppendJsonEscaped(out, reason);
    for (size_t i = at; i < out->size(); ++i) {
      char& c = (*out)[i];
      if (c == '[' || c == '{')
        c = '(';
      else if (c == ']' || c == '}')
        c = ')';
    }
    out->append("\" } }\n");
  }

  void Open(const NeighborInfo& n, Direction d, const wire::Open& open, std::string* out,
            ByteSpan raw) override {
    Begin(out, &n, "open", raw);
    Neighbor(out, n, d);
    out->append(", \"open\": { \"version\": ");
    AppendUint(out, open.version);
    out->append(", \"asn\": ");
    AppendUint(out, open.my_as);
    out->append(", \"hold_time\": ");
    AppendUint(out, open.hold_time);
    out->append(", \"router_id\": \"");
    IpAddress::V4(open.bgp_id).AppendTo(out);
    out->append("\", \"capabilities\": ");
    render::AppendCapabilitiesJson(out, open.capabilities, style_.format);
    out->append(" } } }\n");
  }

  void Keepalive(const NeighborInfo& n, Direction d, std::string* out, ByteSpan raw) override {
    Begin(out, &n, "keepalive", raw);
    Neighbor(out, n, d);
    out->append("  } }\n");
  }

  void Notification(const NeighborInfo& n, Direction d, const wire::Notification& notification,
                    std::string* out, ByteSpan raw) override {
    Begin(out, &n, "notification", raw);
    Neighbor(out, n, d);
    out->append(", \"notification\": { \"code\": ");
    AppendUint(out, notification.code);
    out->append(", \"subcode\": ");
    AppendUint(out, notification.subcode);
    out->append(", \"data\": \"");
    render::AppendNotificationData(out, notification, d);
    if (!v4()) {
      out->append("\", \"message\": \"");
      render::AppendNotificationMessage(out, notification, d);
    }
    out->append("\" }  } }\n");
  }

  void Update(const NeighborInfo& n, Direction d, const wire::Update& update, std::string* out,
              const NegotiatedView* negotiated, ByteSpan raw) override {
    Begin(out, &n, "update", raw);
    Neighbor(out, n, d);
    out->append(", \"message\": { ");
    if (auto eor = render::EndOfRibFamily(update)) {
      out->append("\"eor\": { \"afi\" : \"");
      render::AppendAfi(out, static_cast<uint16_t>(eor->afi), style_.format);
      out->append("\", \"safi\" : \"");
      render::AppendSafi(out, static_cast<uint8_t>(eor->safi));
      out->append("\" } }");
      EndUpdate(out, negotiated);
      return;
    }
    out->append("\"update\": { ");
    bool attributes = render::HasAttributes(update.attrs);
    if (attributes) {
      out->append("\"attribute\": { ");
      render::AppendAttributesJson(out, update.attrs, style_.format);
      out->append(" }");
    }
    render::RouteSources routes(update);
    bool announced = routes.any_announced();
    bool withdrawn = routes.any_withdrawn();
    if (attributes && (announced || withdrawn)) out->append(", ");
    if (announced) AppendAnnounce(out, routes);
    if (announced && withdrawn) out->append(", ");
    if (withdrawn) AppendWithdraw(out, routes);
    out->append(" } }");
    EndUpdate(out, negotiated);
  }

  void Refresh(const NeighborInfo& n, Direction d, const wire::RouteRefresh& refresh,
               std::string* out, ByteSpan raw) override {
    Begin(out, &n, "refresh", raw);
    Neighbor(out, n, d);
    // ExaBGP 4.2 quotes these values twice ("afi": ""ipv4""), which is not
    // JSON; herald quotes them once.
    out->append(", \"route-refresh\": { \"afi\": \"");
    render::AppendAfi(out, static_cast<uint16_t>(refresh.family.afi), style_.format);
    out->append("\", \"safi\": \"");
    render::AppendSafi(out, static_cast<uint8_t>(refresh.family.safi));
    out->append("\", \"subtype\": \"");
    switch (refresh.subtype) {
      case wire::RouteRefresh::Subtype::kNormal:
        out->append("query");
        break;
      case wire::RouteRefresh::Subtype::kBeginOfRib:
        out->append("begin");
        break;
      case wire::RouteRefresh::Subtype::kEndOfRib:
        out->append("end");
        break;
      default:
        out->append("invalid");
        break;
    }
    out->append("\" } } }\n");
  }

  void Operational(const NeighborInfo& n, Direction d, const wire::Operational& operational, std::string* out,
                   ByteSpan raw) override {
    if (operational.Known() == nullptr) return;
    Begin(out, &n, "operational", raw);
    Neighbor(out, n, d);
    out->append(", ");
    render::AppendOperationalJson(out, operational, style_.format);
    out->append(" } }\n");
  }

  // `"message": { "category": N, "header": "0x..", "body": "0x.." } `, the
  // type named by ExaBGP's long message names (a ROUTE-REFRESH is
  // "route-refresh" here, "refresh" when parsed).
  void Packet(const NeighborInfo& n, Direction d, ByteSpan message, std::string* out,
              const NegotiatedView* negotiated) override {
    uint8_t category = message.size() > 18 ? message[18] : 0;
    Begin(out, &n, render::MessageTypeName(category));
    Neighbor(out, n, d);
    out->append(", \"message\": { \"category\": ");
    AppendUint(out, category);
    out->append(", \"header\": \"");
    render::AppendHexString(out, message.first(std::min(message.size(), wire::kHeaderSize)));
    out->append("\", \"body\": \"");
    if (message.size() > wire::kHeaderSize) render::AppendHexString(out, message.subspan(wire::kHeaderSize));
    else out->append("0x");
    out->append("\" } ");
    if (negotiated) {
      out->append(", ");
      AppendNegotiated(out, *negotiated);
    }
    out->append(" } }\n");
  }

  void Fsm(const NeighborInfo& n, std::string_view state, std::string* out) override {
    Begin(out, &n, "fsm");
    Neighbor(out, n);
    out->append(", \"state\": \"");
    out->append(state);
    out->append("\" } }\n");
  }

  // 5.0: "families": ["ipv4 unicast"], "nexthop": [], "add_path": {"send":
  // [], "receive": []} (json.dumps); 4.2: "families": [ "ipv4 unicast"
  // ,"ipv6 unicast" ], "nexthop": [  ], "add_path": { "send": [  ], ... }.
  void Negotiated(const NeighborInfo& n, const NegotiatedView& v, std::string* out) override {
    Begin(out, &n, "negotiated");
    Neighbor(out, n);
    out->append(", ");
    AppendNegotiated(out, v);
    out->append(" } }\n");
  }

 private:
  // After the "message" object: the "negotiated" one if asked, then the
  // neighbor's and the line's closing braces.
  void EndUpdate(std::string* out, const NegotiatedView* negotiated) {
    if (negotiated) {
      out->append(", ");
      AppendNegotiated(out, *negotiated);
    }
    out->append(" } }\n");
  }

  // `"negotiated": { ... } ` (ExaBGP leaves the space after the brace).
  void AppendNegotiated(std::string* out, const NegotiatedView& v) {
    out->append("\"negotiated\": { \"message_size\": ");
    AppendUint(out, v.message_size);
    out->append(", \"hold_time\": ");
    AppendUint(out, v.hold_time);
    out->append(v.asn4 ? ", \"asn4\": true" : ", \"asn4\": false");
    out->append(v.multisession ? ", \"multisession\": true" : ", \"multisession\": false");
    out->append(v.operational ? ", \"operational\": true" : ", \"operational\": false");
    out->append(", \"refresh\": \"");
    out->append(v.refresh == NegotiatedView::Refresh::kEnhanced ? "enhanced"
                : v.refresh == NegotiatedView::Refresh::kNormal ? "normal"
                                                                 : "absent");
    out->append(v4() ? "\", \"families\": [ " : "\", \"families\": [");
    for (size_t i = 0; i < v.families.size(); ++i) {
      if (i) out->append(v4() ? " ," : ", ");
      out->push_back('"');
      render::AppendFamily(out, v.families[i], ' ', style_.format);
      out->push_back('"');
    }
    out->append(v4() ? " ], \"nexthop\": [ " : "], \"nexthop\": [");
    for (size_t i = 0; i < v.next_hops.size(); ++i) {
      if (i) out->append(v4() ? " ," : ", ");
      out->push_back('"');
      render::AppendFamily(out, v.next_hops[i].family, ' ', style_.format);
      out->push_back(' ');
      render::AppendAfi(out, static_cast<uint16_t>(v.next_hops[i].next_hop_afi), style_.format);
      out->push_back('"');
    }
    out->append(v4() ? " ], \"add_path\": { \"send\": [ " : "], \"add_path\": {\"send\": [");
    AppendFamilies(out, v.add_path_send, style_.format);
    out->append(v4() ? " ], \"receive\": [ " : "], \"receive\": [");
    AppendFamilies(out, v.add_path_receive, style_.format);
    out->append(v4() ? " ] } } " : "]} } ");
  }

  // "ipv4 unicast", "ipv6 unicast" (both formats join ADD-PATH lists so).
  static void AppendFamilies(std::string* out, const std::vector<wire::Family>& families,
                             Format format) {
    for (size_t i = 0; i < families.size(); ++i) {
      if (i) out->append(", ");
      out->push_back('"');
      render::AppendFamily(out, families[i], ' ', format);
      out->push_back('"');
    }
  }

 public:

  void Signal(const NeighborInfo& n, int signum, std::string* out) override {
    Begin(out, &n, "signal");
    Neighbor(out, n);
    out->append(", \"code\": \"");
    AppendUint(out, static_cast<uint64_t>(signum));
    out->append("\", \"name\": \"");
    out->append(SignalName(signum));
    out->append("\" } }\n");
  }

  void Shutdown(std::string* out) override {
    Begin(out, nullptr, "notification");
    out->append("\"notification\": \"shutdown\" }\n");
  }

 private:
  // `{ "exabgp": ..., "type": "TYPE", ` (counter included for a neighbor).
  void Begin(std::string* out, const NeighborInfo* n, std::string_view type) {
    out->append(head_);
    render::AppendPythonFloat(out, host_.now ? host_.now() : WallClock());
    out->append(", ");
    out->append(envelope_);
    if (n) {
      out->append("\"counter\": ");
      AppendUint(out, ++counters_[n->id]);
      out->append(", ");
    }
    out->append("\"type\": \"");
    out->append(type);
    out->append("\", ");
  }
  // The same with, for `consolidate; packets;`, the message's "header"
  // and (when it has one) "body".
  void Begin(std::string* out, const NeighborInfo* n, std::string_view type, ByteSpan raw) {
    Begin(out, n, type);
    if (raw.size() < wire::kHeaderSize) return;
    out->append("\"header\": \"");
    render::AppendHexString(out, raw.first(wire::kHeaderSize));
    out->append("\", ");
    if (raw.size() == wire::kHeaderSize) return;
    out->append("\"body\": \"");
    render::AppendHexString(out, raw.subspan(wire::kHeaderSize));
    out->append("\", ");
  }

  // `"neighbor": { ... "router-id": "R" ` and, for messages, the direction.
  void Neighbor(std::string* out, const NeighborInfo& n) {
    out->append("\"neighbor\": { \"address\": { \"local\": \"");
    n.local_address.AppendTo(out);
    out->append("\", \"peer\": \"");
    n.peer_address.AppendTo(out);
    out->append("\" }, \"asn\": { \"local\": ");
    AppendUint(out, n.local_as);
    out->append(", \"peer\": ");
    AppendUint(out, n.peer_as);
    if (v4()) {  // 4.x has no router-id here
      out->append(" } ");
      return;
    }
    out->append(" }, \"router-id\": \"");
    n.router_id.AppendTo(out);
    out->append("\" ");
  }
  void Neighbor(std::string* out, const NeighborInfo& n, Direction d) {
    Neighbor(out, n);
    out->append(", \"direction\": \"");
    out->append(render::DirectionName(d));
    out->push_back('"');
  }

  void State(const NeighborInfo& n, std::string_view state, std::string* out) {
    Begin(out, &n, "state");
    Neighbor(out, n);
    out->append(", \"state\": \"");
    out->append(state);
    out->append("\" } }\n");
  }

  // "announce": { "FAMILY": { "NEXTHOP": [ routes ], ... }, ... }
  void AppendAnnounce(std::string* out, const render::RouteSources& r) {
    out->append("\"announce\": { ");
    bool first_family = true;
    for (size_t i = 0; i < r.announced_count; ++i) {
      const render::AnnouncedRun& run = r.announced[i];
      if (run.empty() || SeenFamily(r, i)) continue;
      if (!first_family) out->append(", ");
      first_family = false;
      out->push_back('"');
      render::AppendFamily(out, run.family, ' ', style_.format);
      out->append("\": { ");
      bool first_hop = true;
      for (size_t k = i; k < r.announced_count; ++k) {
        const render::AnnouncedRun& hop = r.announced[k];
        if (hop.empty() || hop.family != run.family || SeenHop(r, i, k)) continue;
        if (!first_hop) out->append(", ");
        first_hop = false;
        next_hop_.clear();
        if (hop.next_hop) hop.next_hop->AppendTo(&next_hop_);
        out->push_back('"');
        out->append(hop.next_hop ? std::string_view(next_hop_)
                    : hop.no_next_hop ? render::kNoNextHopKey
                                      : std::string_view("null"));
        out->append("\": [ ");
        bool first_route = true;
        for (size_t m = k; m < r.announced_count; ++m) {
          const render::AnnouncedRun& same = r.announced[m];
          if (same.family != run.family || !render::SameNextHop(same, hop)) continue;
          for (const wire::InetNlri& nlri : same.nlri) {
            if (!first_route) out->append(", ");
            first_route = false;
            AppendNlri(out, nlri, style_.compact, same.add_path);
          }
          for (const wire::GenericNlri& nlri : same.generic) {
            if (!first_route) out->append(", ");
            first_route = false;
            render::AppendGenericJson(out, same.family, nlri, next_hop_, style_, same.add_path);
          }
        }
        out->append(" ]");
      }
      out->append(" }");
    }
    out->append(" }");
  }

  // "withdraw": { "FAMILY": [ routes ], ... }
  void AppendWithdraw(std::string* out, const render::RouteSources& r) {
    out->append("\"withdraw\": { ");
    bool first_family = true;
    for (size_t i = 0; i < r.withdrawn_count; ++i) {
      const render::WithdrawnRun& run = r.withdrawn[i];
      if (run.empty()) continue;
      bool seen = false;
      for (size_t j = 0; j < i; ++j)
        if (!r.withdrawn[j].empty() && r.withdrawn[j].family == run.family) seen = true;
      if (seen) continue;
      if (!first_family) out->append(", ");
      first_family = false;
      out->push_back('"');
      render::AppendFamily(out, run.family, ' ', style_.format);
      out->append("\": [ ");
      bool first_route = true;
      for (size_t k = i; k < r.withdrawn_count; ++k) {
        const render::WithdrawnRun& same = r.withdrawn[k];
        if (same.family != run.family) continue;
        for (const wire::InetNlri& nlri : same.nlri) {
          if (!first_route) out->append(", ");
          first_route = false;
          AppendNlri(out, nlri, style_.compact, same.add_path);
        }
        for (const wire::GenericNlri& nlri : same.generic) {
          if (!first_route) out->append(", ");
          first_route = false;
          render::AppendGenericJson(out, same.family, nlri, {}, style_, same.add_path);
        }
      }
      out->append(" ]");
    }
    out->append(" }");
  }

  // Whether a non-empty run before i has the family of run i.
  static bool SeenFamily(const render::RouteSources& r, size_t i) {
    for (size_t j = 0; j < i; ++j)
      if (!r.announced[j].empty() && r.announced[j].family == r.announced[i].family) return true;
    return false;
  }
  // Whether a non-empty run in [first, k) has the family and next hop of run k.
  static bool SeenHop(const render::RouteSources& r, size_t first, size_t k) {
    for (size_t j = first; j < k; ++j)
      if (!r.announced[j].empty() && r.announced[j].family == r.announced[k].family &&
          render::SameNextHop(r.announced[j], r.announced[k]))
        return true;
    return false;
  }

  bool v4() const { return style_.format == Format::kExabgp4; }

  Host host_;
  Style style_;
  std::string head_;      // `{ "exabgp": "5.0.0", "time": `
  std::string envelope_;  // `"host" : "H", "pid" : P, "ppid" : PP, `
  std::string next_hop_;  // the next hop being rendered, as text (generic NLRI)
  std::unordered_map<uint32_t, uint64_t> counters_;
};

}  // namespace

std::unique_ptr<Renderer> MakeJsonRenderer(Host host, Style style) {
  return std::make_unique<JsonRenderer>(std::move(host), style);
}

}  // namespace herald::api
