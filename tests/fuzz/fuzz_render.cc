// JSON and text rendering of whatever decodes. Input: as fuzz_message.cc
// (one byte for the session, then a stream of messages). Each decoded
// message goes through the FSM, as on a session, and is rendered in both
// directions by both renderers (in the format the last byte picks), with the state changes the FSM reports
// (their reasons quote a peer's NOTIFICATION), the fsm, negotiated and
// signal messages, and UPDATEs with the negotiated object once agreed. Every JSON line must be one
// valid JSON value in valid UTF-8, every text line valid UTF-8 without
// control characters (output_check.h).
#include <memory>
#include <optional>
#include <string>

#include "api/render.h"
#include "net/peer_events.h"
#include "fuzz_check.h"
#include "output_check.h"
#include "session/fsm.h"
#include "wire/message.h"

using namespace herald;

namespace {

struct Renderers {
  std::unique_ptr<api::Renderer> json, text;
  api::NeighborInfo neighbor;
  std::string json_out, text_out;
  const session::Fsm* fsm = nullptr;
  std::optional<api::NegotiatedView> agreed;  // once the OPENs agree (api negotiated)

  template <typename F>
  void Both(F render) {
    render(*json, &json_out);
    render(*text, &text_out);
  }
  void Check() {
    if (std::string e = fuzz::CheckJsonLines(json_out); !e.empty()) fuzz::CheckFailed("invalid JSON", e);
    if (std::string e = fuzz::CheckTextLines(text_out); !e.empty()) fuzz::CheckFailed("invalid text", e);
    json_out.clear();
    text_out.clear();
  }
};

api::Host FixedHost() {
  api::Host h;
  h.host = "fuzz";
  h.pid = 1;
  h.ppid = 1;
  h.now = [] { return 1.0; };
  return h;
}

// Received: parsed, then the bytes alone (`packets`); sent: parsed with the
// bytes (`consolidate; packets;`).
void Render(Renderers& r, const wire::Message& m, ByteSpan bytes) {
  const api::NegotiatedView* agreed = r.agreed ? &*r.agreed : nullptr;
  for (api::Direction d : {api::Direction::kReceive, api::Direction::kSend}) {
    ByteSpan raw = d == api::Direction::kSend ? bytes : ByteSpan();
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          r.Both([&](api::Renderer& x, std::string* out) {
            if constexpr (std::is_same_v<T, wire::Open>) x.Open(r.neighbor, d, v, out, raw);
            else if constexpr (std::is_same_v<T, wire::Update>) x.Update(r.neighbor, d, v, out, agreed, raw);
            else if constexpr (std::is_same_v<T, wire::Notification>) x.Notification(r.neighbor, d, v, out, raw);
            else if constexpr (std::is_same_v<T, wire::Keepalive>) x.Keepalive(r.neighbor, d, out, raw);
            else if constexpr (std::is_same_v<T, wire::Operational>) x.Operational(r.neighbor, d, v, out, raw);
            else x.Refresh(r.neighbor, d, v, out, raw);
          });
        },
        m);
  }
  r.Both([&](api::Renderer& x, std::string* out) { x.Packet(r.neighbor, api::Direction::kReceive, bytes, out, agreed); });
}

void StateChanges(Renderers& r, const session::Actions& actions) {
  for (const session::Action& a : actions) {
    if (a.kind != session::Action::Kind::kStateChanged) continue;
    if (a.state == session::State::kOpenConfirm && r.fsm->agreement()) {
      r.agreed = net::ViewOf(*r.fsm->agreement());
      r.Both([&](api::Renderer& x, std::string* out) { x.Negotiated(r.neighbor, *r.agreed, out); });
    }
    r.Both([&](api::Renderer& x, std::string* out) {
      x.Fsm(r.neighbor, session::StateName(a.state), out);
      x.Signal(r.neighbor, a.state == session::State::kIdle ? 15 : 10, out);
    });
    if (a.state == session::State::kEstablished)
      r.Both([&](api::Renderer& x, std::string* out) { x.Up(r.neighbor, out); });
    else if (a.state == session::State::kIdle)
      r.Both([&](api::Renderer& x, std::string* out) { x.Down(r.neighbor, a.reason, out); });
  }
}

}  // namespace

extern "C" int FuzzRender(const uint8_t* data, size_t size) {
  ByteSpan stream;
  wire::Negotiated negotiated = fuzz::TakeNegotiated(data, size, &stream);
  static const api::Host host = FixedHost();
  // The last input byte picks the format (ExaBGP 5.0's or 4.x's) and
  // api.compact, so that the fuzzer reaches both.
  api::Style style;
  if (size && (data[size - 1] & 1)) style.format = api::Format::kExabgp4;
  style.compact = size && (data[size - 1] & 2);
  Renderers r{api::MakeJsonRenderer(host, style), api::MakeTextRenderer(host, style), {}, {}, {}, nullptr, {}};
  r.neighbor.id = 1;
  r.neighbor.local_address = *IpAddress::Parse("127.0.0.1");
  r.neighbor.peer_address = *IpAddress::Parse("127.0.0.2");
  r.neighbor.local_as = negotiated.local_as;
  r.neighbor.peer_as = negotiated.peer_as;
  r.neighbor.router_id = r.neighbor.local_address;

  session::SessionConfig config;
  config.local_as = negotiated.local_as;
  config.peer_as = negotiated.peer_as;
  config.router_id = 0x7f000001;
  config.families = negotiated.families;
  // The routes of every generic family (FlowSpec, VPN, ...) are decoded and
  // rendered whatever the session byte says (the FSM's OPEN keeps the
  // byte's families).
  for (wire::Family f : wire::SupportedFamilies())
    if (wire::IsGenericFamily(f)) negotiated.families.push_back(f);
  session::Fsm fsm(config, 240);
  r.fsm = &fsm;
  r.Both([&](api::Renderer& x, std::string* out) { x.Connected(r.neighbor, out); });
  StateChanges(r, fsm.OnConnected());
  while (stream.size() >= wire::kHeaderSize) {
    auto header = wire::DecodeHeader(stream, negotiated.max_message_size());
    if (!header || header->length > stream.size()) break;
    ByteSpan bytes = stream.first(header->length);
    auto message = wire::DecodeMessage(bytes, negotiated);
    stream = stream.subspan(header->length);
    if (!message) {
      StateChanges(r, fsm.OnDecodeError(message.error()));
      r.Check();
      break;
    }
    Render(r, *message, bytes);
    StateChanges(r, fsm.OnMessage(*message));
    r.Check();
  }
  r.Both([&](api::Renderer& x, std::string* out) { x.Shutdown(out); });
  r.Check();
  return 0;
}
