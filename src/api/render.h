// Renderer: turns what happens on a session into the lines a process reads on
// its stdin, in ExaBGP's JSON (`encoder json`) or text (`encoder text`) form.
//
// One Renderer per process (each keeps its own per-neighbor message counter,
// like ExaBGP's "counter" field: it starts at 1 and counts every JSON line of
// that neighbor; the shutdown notice carries none; the text form has none).
// Every method appends zero or more complete lines, each ending in '\n', to
// *out; rendering reads the wire types directly and builds no intermediate
// tree. The text renderer ends every event with an empty line, as ExaBGP does
// (its strings end in a newline and its writer adds one).
//
// src/api/testdata/ holds ExaBGP's output byte for byte (5.0 from
// /work/shared/FORMATS.md, 4.2 captured for many more messages) and the
// render*_test.cc files compare against it. The deliberate departures from
// ExaBGP are listed where they happen (render_json.cc, render_common.h,
// render_open.h, render_attributes.h).
//
// Not thread-safe; a Renderer is used from the io_context thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/ip.h"
#include "wire/message.h"

namespace herald::api {

// The session a message belongs to: what the JSON "neighbor" object shows.
struct NeighborInfo {
  // Stable for the life of the neighbor; keys the per-neighbor counter.
  uint32_t id = 0;
  IpAddress local_address;
  IpAddress peer_address;
  uint32_t local_as = 0;
  uint32_t peer_as = 0;
  IpAddress router_id;  // the local router id
};

enum class Direction : uint8_t { kReceive, kSend };

// What the two OPENs agreed, for `api { negotiated; }` (ExaBGP's
// "negotiated" message).
struct NegotiatedView {
  enum class Refresh : uint8_t { kAbsent, kNormal, kEnhanced };
  uint32_t message_size = 4096;  // 65535 with extended message (RFC 8654)
  uint16_t hold_time = 0;
  bool asn4 = false;
  bool multisession = false;
  Refresh refresh = Refresh::kAbsent;
  bool operational = false;  // both OPENs carry capability 185
  std::vector<wire::Family> families;
  // RFC 7911: families whose NLRI carry path identifiers, sent / received.
  std::vector<wire::Family> add_path_send;
  std::vector<wire::Family> add_path_receive;
  // RFC 8950: (family, next-hop AFI) both OPENs announced.
  std::vector<wire::ExtendedNextHopCap::Entry> next_hops;
};

// Which ExaBGP's output a renderer reproduces. 5.0 ("exabgp": "5.0.0") is
// the default; 4.x ("exabgp": "4.0.1", what ExaBGP 4.2 prints) is there for
// consumers written against it (`exabgp.api.version 4`, or `version 4;` in a
// process block). They differ in: the format version; 5.0's local
// "router-id" in the neighbor object; the AS_PATH (4.x: flat "as-path",
// "as-set", "confederation-path" and "confederation-set" lists; text in one
// pair of brackets); received communities (5.0 sorts them in JSON, 4.x keeps
// the wire order); route targets and origins with a 4-octet AS (4.x writes
// "L" after the AS); the notification's "message" (5.0 only); capabilities
// 4.x does not know (long-lived GR 71, FQDN 73, software version 75: shown
// as unassigned, with their bytes); and one space after a graceful-restart
// capability's "restart-flags".
enum class Format : uint8_t { kExabgp5, kExabgp4 };

struct Style {
  Format format = Format::kExabgp5;
  // api.compact: an IPv4/IPv6 unicast route without a path identifier is
  // shown as "10.0.0.0/24" instead of { "nlri": "10.0.0.0/24" } (JSON only).
  bool compact = false;
  friend bool operator==(const Style&, const Style&) = default;
};

// The process-wide facts of the JSON envelope.
struct Host {
  std::string host;  // host name
  int pid = 0;
  int ppid = 0;
  // Seconds since the epoch; replaceable for tests. Empty: the system clock.
  std::function<double()> now;
};

class Renderer {
 public:
  virtual ~Renderer() = default;

  // neighbor-changes
  virtual void Connected(const NeighborInfo& n, std::string* out) = 0;
  virtual void Up(const NeighborInfo& n, std::string* out) = 0;
  virtual void Down(const NeighborInfo& n, std::string_view reason, std::string* out) = 0;

  // Messages, when the neighbor's api asks for them in this direction.
  // `raw`, when not empty, is the whole message as it went over the wire
  // (`consolidate; packets;`): the line carries its "header" and "body" in
  // hex, as ExaBGP's does.
  virtual void Open(const NeighborInfo& n, Direction d, const wire::Open& open, std::string* out,
                    ByteSpan raw = {}) = 0;
  virtual void Keepalive(const NeighborInfo& n, Direction d, std::string* out, ByteSpan raw = {}) = 0;
  virtual void Notification(const NeighborInfo& n, Direction d, const wire::Notification& notification,
                            std::string* out, ByteSpan raw = {}) = 0;
  // An UPDATE, End-of-RIB included (rendered as ExaBGP renders it).
  // With `negotiated` (the process asked for `api { negotiated; }`), the
  // JSON line carries the session's "negotiated" object too, as ExaBGP's does.
  virtual void Update(const NeighborInfo& n, Direction d, const wire::Update& update,
                      std::string* out, const NegotiatedView* negotiated = nullptr, ByteSpan raw = {}) = 0;
  virtual void Refresh(const NeighborInfo& n, Direction d, const wire::RouteRefresh& refresh,
                       std::string* out, ByteSpan raw = {}) = 0;
  // OPERATIONAL of a type kOperationalTypes knows (render_operational.cc).
  virtual void Operational(const NeighborInfo& n, Direction d, const wire::Operational& operational,
                           std::string* out, ByteSpan raw = {}) = 0;
  // `packets` without `consolidate`: one message as bytes (`message`, its
  // header included), ExaBGP's "category"/"header"/"body" message; with
  // `negotiated`, the JSON line carries the session's agreement too.
  virtual void Packet(const NeighborInfo& n, Direction d, ByteSpan message, std::string* out,
                      const NegotiatedView* negotiated = nullptr) = 0;

  // `api { fsm; }`: the session's FSM entered `state` ("IDLE", "CONNECT",
  // "ACTIVE", "OPENSENT", "OPENCONFIRM", "ESTABLISHED").
  virtual void Fsm(const NeighborInfo& n, std::string_view state, std::string* out) = 0;
  // `api { negotiated; }`: the OPENs are exchanged (before OPENCONFIRM).
  virtual void Negotiated(const NeighborInfo& n, const NegotiatedView& negotiated,
                          std::string* out) = 0;
  // `api { signal; }`: the daemon received signal `signum` (SIGUSR1, ...).
  // ExaBGP's text encoder writes nothing for these three; neither does herald's.
  virtual void Signal(const NeighborInfo& n, int signum, std::string* out) = 0;

  // The daemon is stopping (JSON: "type": "notification", "notification": "shutdown").
  virtual void Shutdown(std::string* out) = 0;
};

// ExaBGP's JSON ("exabgp": "5.0.0", or "4.0.1" in the 4.x format).
std::unique_ptr<Renderer> MakeJsonRenderer(Host host, Style style = {});
// ExaBGP's text lines.
std::unique_ptr<Renderer> MakeTextRenderer(Host host, Style style = {});

}  // namespace herald::api
