// ExaBGP's text encoder (`encoder text`), 5.0's or 4.2's (render.h, Format).
//
// Each event is one line, or for an UPDATE a block framed by "... update
// start" and "... update end" with one line per route. ExaBGP ends each of
// those strings with a newline and its process writer adds another, so every
// event is followed by an empty line; herald writes the same bytes.
#include <fmt/format.h>

#include <iterator>

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

// " path-information a.b.c.d" when the route has an ADD-PATH id (RFC 7911).
// `add_path`: the NLRI carried a path identifier (RFC 7911), shown even
// when 0.
void AppendPathInfo(std::string* out, const wire::InetNlri& n, bool add_path) {
  if (!n.path_id && !add_path) return;
  out->append(" path-information ");
  IpAddress::V4(n.path_id).AppendTo(out);
}

class TextRenderer final : public Renderer {
 public:
  TextRenderer(Host host, Style style)
      : host_(std::move(host)), style_(style), text_attributes_(style.format) {}

  void Connected(const NeighborInfo& n, std::string* out) override {
    Peer(out, n);
    out->append(" connected\n\n");
  }
  void Up(const NeighborInfo& n, std::string* out) override {
    Peer(out, n);
    out->append(" up\n\n");
  }
  void Down(const NeighborInfo& n, std::string_view reason, std::string* out) override {
    Peer(out, n);
    out->append(" down - ");
    // A reason must not break the line framing the process relies on.
    render::AppendTextSafe(out, reason);
    out->append("\n\n");
  }

  void Open(const NeighborInfo& n, Direction d, const wire::Open& open, std::string* out,
            ByteSpan raw) override {
    Peer(out, n, d);
    out->append(" open version ");
    AppendUint(out, open.version);
    out->append(" asn ");
    AppendUint(out, open.my_as);
    out->append(" hold_time ");
    AppendUint(out, open.hold_time);
    out->append(" router_id ");
    IpAddress::V4(open.bgp_id).AppendTo(out);
    out->append(" capabilities [");
    render::AppendCapabilitiesText(out, open.capabilities, style_.format);
    out->push_back(']');
    HeaderBody(out, raw);
    out->append("\n\n");
  }

  void Keepalive(const NeighborInfo& n, Direction d, std::string* out, ByteSpan raw) override {
    Peer(out, n, d);
    out->append(" keepalive");
    HeaderBody(out, raw);
    out->append("\n\n");
  }

  void Notification(const NeighborInfo& n, Direction d, const wire::Notification& notification,
                    std::string* out, ByteSpan raw) override {
    Peer(out, n, d);
    out->append(" notification code ");
    AppendUint(out, notification.code);
    out->append(" subcode ");
    AppendUint(out, notification.subcode);
    out->append(" data ");
    render::AppendNotificationData(out, notification, d);
    HeaderBody(out, raw);
    out->append("\n\n");
  }

  void Update(const NeighborInfo& n, Direction d, const wire::Update& update, std::string* out,
              const NegotiatedView*, ByteSpan raw) override {
    // "neighbor P DIR update" starts every line of the block.
    prefix_.clear();
    Peer(&prefix_, n, d);
    prefix_.append(" update");
    out->append(prefix_);
    out->append(" start\n");

    if (auto eor = render::EndOfRibFamily(update)) {
      out->append(prefix_);
      fmt::format_to(std::back_inserter(*out), " route eor {}/{} (",
                     static_cast<unsigned>(eor->afi), static_cast<unsigned>(eor->safi));
      render::AppendFamily(out, *eor, ' ', style_.format);
      out->append(")\n");
    } else {
      attributes_.clear();
      text_attributes_.Append(&attributes_, update.attrs);
      // ExaBGP's order: the classic fields, then the MP attributes.
      const IpAddress* classic_nh = update.attrs.next_hop ? &*update.attrs.next_hop : nullptr;
      for (bool classic : {true, false}) {
        for (const wire::Unreach& w : update.unreach) {
          if (w.classic != classic) continue;
          for (const wire::InetNlri& nlri : w.nlri) Withdrawn(out, nlri, w.add_path);
          for (const wire::GenericNlri& nlri : w.generic) Withdrawn(out, w.family, nlri, w.add_path);
        }
        for (const wire::Reach& r : update.reach) {
          if (r.classic != classic) continue;
          // With a link-local next hop every route is listed under both
          // addresses, route by route.
          const wire::MpNextHop& nh = r.next_hop;
          for (const wire::InetNlri& nlri : r.nlri) {
            Announced(out, nlri, classic ? classic_nh : &nh.address, r.add_path);
            if (!classic && nh.link_local) Announced(out, nlri, &*nh.link_local, r.add_path);
          }
          for (const wire::GenericNlri& nlri : r.generic) {
            Announced(out, r.family, nlri, nh.none || classic ? nullptr : &nh.address, r.add_path);
            if (!classic && !nh.none && nh.link_local) Announced(out, r.family, nlri, &*nh.link_local, r.add_path);
          }
        }
      }
    }
    if (!raw.empty()) {  // on a line of its own, as ExaBGP writes it
      HeaderBody(out, raw);
      out->push_back('\n');
    }
    out->append(prefix_);
    out->append(" end\n\n");
  }

  void Refresh(const NeighborInfo& n, Direction d, const wire::RouteRefresh& refresh,
               std::string* out, ByteSpan raw) override {
    Peer(out, n, d);
    out->append(" route-refresh afi ");
    render::AppendAfi(out, static_cast<uint16_t>(refresh.family.afi), style_.format);
    out->append(" safi ");
    render::AppendSafi(out, static_cast<uint8_t>(refresh.family.safi));
    switch (refresh.subtype) {
      case wire::RouteRefresh::Subtype::kNormal:
        out->append(" query");
        break;
      case wire::RouteRefresh::Subtype::kBeginOfRib:
        out->append(" begin");
        break;
      case wire::RouteRefresh::Subtype::kEndOfRib:
        out->append(" end");
        break;
      default:
        out->append(" invalid");
        break;
    }
    HeaderBody(out, raw);
    out->append("\n\n");
  }

  // One line and no empty one after it: ExaBGP's operational strings, unlike
  // its others, do not end in a newline.
  void Operational(const NeighborInfo& n, Direction d, const wire::Operational& operational, std::string* out,
                   ByteSpan raw) override {
    if (operational.Known() == nullptr) return;
    Peer(out, n, d);
    render::AppendOperationalText(out, operational, style_.format);
    HeaderBody(out, raw);
    out->push_back('\n');
  }

  // "neighbor P DIR CATEGORY header 0x.. body 0x.." (no body: no "body").
  void Packet(const NeighborInfo& n, Direction d, ByteSpan message, std::string* out,
              const NegotiatedView*) override {
    Peer(out, n, d);
    out->push_back(' ');
    AppendUint(out, message.size() > 18 ? message[18] : 0);
    HeaderBody(out, message);
    out->append("\n\n");
  }

  void Shutdown(std::string* out) override {
    fmt::format_to(std::back_inserter(*out), "shutdown {} {}\n\n", host_.pid, host_.ppid);
  }

  // ExaBGP's text encoder has nothing to say for these.
  void Fsm(const NeighborInfo&, std::string_view, std::string*) override {}
  void Negotiated(const NeighborInfo&, const NegotiatedView&, std::string*) override {}
  void Signal(const NeighborInfo&, int, std::string*) override {}

 private:
  // " header 0x.. body 0x.." for a message's bytes (nothing for none).
  static void HeaderBody(std::string* out, ByteSpan raw) {
    if (raw.size() < wire::kHeaderSize) return;
    out->append(" header ");
    render::AppendHexString(out, raw.first(wire::kHeaderSize));
    if (raw.size() == wire::kHeaderSize) return;
    out->append(" body ");
    render::AppendHexString(out, raw.subspan(wire::kHeaderSize));
  }

  static void Peer(std::string* out, const NeighborInfo& n) {
    out->append("neighbor ");
    n.peer_address.AppendTo(out);
  }
  static void Peer(std::string* out, const NeighborInfo& n, Direction d) {
    Peer(out, n);
    out->push_back(' ');
    out->append(render::DirectionName(d));
  }

  void Withdrawn(std::string* out, const wire::InetNlri& nlri, bool add_path) {
    out->append(prefix_);
    out->append(" withdrawn ");
    nlri.prefix.AppendTo(out);
    AppendPathInfo(out, nlri, add_path);
    out->push_back('\n');
  }

  void Announced(std::string* out, const wire::InetNlri& nlri, const IpAddress* next_hop, bool add_path) {
    out->append(prefix_);
    if (next_hop) {
      out->append(" announced ");
      nlri.prefix.AppendTo(out);
      AppendPathInfo(out, nlri, add_path);
      out->append(" next-hop ");
      next_hop->AppendTo(out);
    } else {
      // No NEXT_HOP: ExaBGP drops the word "announced" and the next hop.
      out->push_back(' ');
      nlri.prefix.AppendTo(out);
      AppendPathInfo(out, nlri, add_path);
      out->push_back(' ');
    }
    out->append(attributes_);
    out->push_back('\n');
  }

  // A route of a generic family: "withdrawn flow destination-ipv4 ...".
  void Withdrawn(std::string* out, wire::Family family, const wire::GenericNlri& nlri, bool add_path) {
    out->append(prefix_);
    out->append(" withdrawn ");
    render::AppendGenericText(out, family, nlri, {}, style_, add_path);
    out->push_back('\n');
  }

  // "announced flow destination-ipv4 ... next-hop 1.2.3.4 ATTRIBUTES": the
  // next hop is part of the route's text, and "announced" stays without one.
  void Announced(std::string* out, wire::Family family, const wire::GenericNlri& nlri, const IpAddress* next_hop,
                 bool add_path) {
    out->append(prefix_);
    out->append(" announced ");
    next_hop_.clear();
    if (next_hop) next_hop->AppendTo(&next_hop_);
    render::AppendGenericText(out, family, nlri, next_hop_, style_, add_path);
    out->append(attributes_);
    out->push_back('\n');
  }

  Host host_;
  std::string next_hop_;    // the next hop of the generic route being rendered
  std::string prefix_;      // "neighbor P DIR update" of the UPDATE being rendered
  std::string attributes_;  // its attributes, rendered once for all its routes
  Style style_;
  render::TextAttributes text_attributes_;
};

}  // namespace

std::unique_ptr<Renderer> MakeTextRenderer(Host host, Style style) {
  return std::make_unique<TextRenderer>(std::move(host), style);
}

}  // namespace herald::api
