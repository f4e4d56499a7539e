// Command: one typed request from a process (or later the CLI, or JSON).
//
// Text lines (`announce route 10.0.0.0/24 next-hop self med 100`) and, later,
// JSON commands are both parsed into a Command, so there is one path into the
// RIB. Command is a plain struct rather than a variant so that a parser can
// reuse one object (and its vectors' capacity) line after line.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ip.h"
#include "base/result.h"
#include "rib/route.h"
#include "wire/family.h"

namespace herald::api {

// One `neighbor <ip> [local-ip ip] [local-as n] [peer-as n] [router-id ip]
// [family-allowed f]` clause: a neighbor matches when every given field does.
struct NeighborFilter {
  IpAddress peer_address;
  std::optional<IpAddress> local_address;
  std::optional<uint32_t> local_as;
  std::optional<uint32_t> peer_as;
  std::optional<IpAddress> router_id;
  std::optional<std::string> family_allowed;
  friend bool operator==(const NeighborFilter&, const NeighborFilter&) = default;
};

enum class CommandKind : uint8_t {
  kAnnounceRoute,         // announce route <prefix> <attributes>
  kWithdrawRoute,         // withdraw route <prefix> [<attributes>]
  kAnnounceEor,           // announce eor [<afi> <safi>]
  kAnnounceRouteRefresh,  // announce route-refresh <afi> <safi>
  kShutdown,              // shutdown
  kReload,                // reload
  kRestart,               // restart
  kVersion,               // version
  kTeardown,              // [neighbor ...] teardown <cease subcode>
  kComment,               // # anything: logged, no effect
};

struct Command {
  CommandKind kind = CommandKind::kComment;
  // Empty: every neighbor served by the process that sent the command.
  // Otherwise a neighbor must match one of the filters (comma-separated).
  std::vector<NeighborFilter> neighbors;
  // kAnnounceRoute / kWithdrawRoute.
  rib::Route route;
  // kAnnounceEor (absent: every negotiated family), kAnnounceRouteRefresh.
  std::optional<wire::Family> family;
  // kTeardown: the Cease subcode; kComment: the text.
  uint8_t subcode = 0;
  std::string text;

  friend bool operator==(const Command&, const Command&) = default;
};

// Parses one text line (without its newline) into *out, reusing its storage.
// On error *out is unspecified and the error message names the problem, e.g.
// "invalid community 65536:1 (prefix too large)".
//
// The grammar is ExaBGP's (reactor/api/command): an optional selector
// `neighbor <ip> [local-ip <ip>] [local-as <asn>] [peer-as <asn>]
// [router-id <ip>] [family-allowed <x>] [, neighbor <ip> ...]`, then one of
//   announce route <prefix> <attributes>      (config/route_parser.h)
//   withdraw route <prefix> [<attributes>]    (read and checked, then unused)
//   announce attributes <attributes> nlri <prefix>...   (also withdraw ...)
//   announce eor [<afi> <safi>]
//   announce route-refresh <afi> <safi>
//   teardown <cease subcode>                  (needs a selector)
//   shutdown | reload | restart | version     (no selector)
//   # <anything>
// A trailing ';' is allowed. Unlike ExaBGP 4.2, which reads a bare
// `announce eor` as IPv4 unicast, herald leaves the family empty (every
// negotiated family), as the Command contract says. Every announced route
// needs a next hop, IPv6 ones included.
Status ParseTextCommand(std::string_view line, Command* out);

}  // namespace herald::api
