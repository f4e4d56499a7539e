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
#include "wire/operational.h"

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
  bool any = false;  // `neighbor *`: every neighbor (peer_address unused)
  friend bool operator==(const NeighborFilter&, const NeighborFilter&) = default;
};

enum class CommandKind : uint8_t {
  kAnnounceRoute,         // announce route <prefix> <attributes>; announce flow route ...
  kWithdrawRoute,         // withdraw route <prefix> [<attributes>]
  kAnnounceEor,           // announce eor [<afi> <safi>]
  kAnnounceRouteRefresh,  // announce route-refresh <afi> <safi>
  kAnnounceOperational,   // announce operational <type> afi <afi> safi <safi> ...
  kShutdown,              // shutdown
  kReload,                // reload
  kRestart,               // restart
  kVersion,               // version
  kTeardown,              // [neighbor ...] teardown <cease subcode>
  kComment,               // # anything: logged, no effect
  kAnnounceWatchdog,      // announce watchdog [<name>]
  kWithdrawWatchdog,      // withdraw watchdog [<name>]
  kEnableAck,             // enable-ack
  kDisableAck,            // disable-ack
  kSilenceAck,            // silence-ack
  kEnableSync,            // enable-sync (herald): done once the UPDATEs are written
  kDisableSync,           // disable-sync (herald)
  kShowNeighbor,          // show neighbor [summary|extensive|configuration] [json] [<ip>]
  kShowAdjRib,            // show adj-rib in|out [extensive] [json] [<ip>]
  kFlushAdjRibOut,        // [neighbor ...] flush adj-rib out
  kClearAdjRib,           // [neighbor ...] clear adj-rib in|out
  kHelp,                  // help
  kReset,                 // reset
  kCrash,                 // crash (refused)
};

// What `show neighbor` / `show adj-rib` print.
enum class ShowMode : uint8_t { kNone, kSummary, kExtensive, kConfiguration };

struct Command {
  CommandKind kind = CommandKind::kComment;
  // Empty: every neighbor served by the process that sent the command.
  // Otherwise a neighbor must match one of the filters (comma-separated).
  std::vector<NeighborFilter> neighbors;
  // kAnnounceRoute / kWithdrawRoute.
  rib::Route route;
  // kAnnounceEor (absent: every negotiated family), kAnnounceRouteRefresh.
  std::optional<wire::Family> family;
  // kAnnounceOperational: the message; router_id 0 is the neighbor's own
  // router id and sequence 0 is "the next one" (ExaBGP's defaults).
  wire::Operational operational;
  // kTeardown: the Cease subcode; kComment: the text; watchdogs: the name
  // (empty: the name of the process that sent it, as ExaBGP does).
  uint8_t subcode = 0;
  std::string text;
  // kAnnounceRoute with `withdraw`: the route joins its watchdog group
  // without being announced.
  bool held = false;
  // kShowNeighbor / kShowAdjRib: what to print and for which peer address
  // (none: every neighbor); kShowAdjRib, kClearAdjRib: in (true) or out.
  ShowMode show = ShowMode::kNone;
  bool json = false;
  bool rib_in = false;
  std::optional<IpAddress> show_address;

  friend bool operator==(const Command&, const Command&) = default;
};

// Parses one text line (without its newline) into *out, reusing its storage.
// On error *out is unspecified and the error message names the problem, e.g.
// "invalid community 65536:1 (prefix too large)".
//
// The grammar is ExaBGP's (reactor/api/command): an optional selector
// `neighbor <ip> [local-ip <ip>] [local-as <asn>] [peer-as <asn>]
// [router-id <ip>] [family-allowed <x>] [, neighbor <ip> ...]`, then one of
//   announce route <prefix> <attributes>      (grammar/route_parser.h)
//   withdraw route <prefix> [<attributes>]    (read and checked, then unused)
//   announce attributes <attributes> nlri <prefix>...   (also withdraw ...)
//   announce eor [<afi> <safi>]
//   announce route-refresh <afi> <safi>
//   announce operational adm|asm afi <afi> safi <safi> advisory <text>
//   announce operational rpcq|apcq|lpcq afi <afi> safi <safi> sequence <n>
//   announce operational rpcp|apcp|lpcp afi <afi> safi <safi> sequence <n> counter <n>
//     (keywords in that order, as ExaBGP takes them; `router-id <ip>` may
//     come before any pair; <text> is one word or a quoted string)
//   announce|withdraw ipv4|ipv6 unicast <prefix> <attributes>   (= route)
//   announce|withdraw flow route <match and then words>   (grammar/flow_route.h)
//   announce|withdraw flow route { match { <statement>; ... } then { <statement>; ... } }
//   announce|withdraw ipv4|ipv6 flow <match and then words>
//   announce|withdraw ipv4|ipv6 flow-vpn rd <rd> <match and then words>
//     (a FlowSpec rule as the route: `rd <rd>` and `next-hop <ip>` may come
//     among the words, which ExaBGP 5.0 does not take; a withdrawal needs
//     only the match words)
//   announce|withdraw watchdog [<name>]
//   teardown <cease subcode>                  (needs a selector)
//   flush adj-rib out | clear adj-rib in|out
//   show neighbor [summary|extensive|configuration] [json|text] [<ip>]
//   show adj-rib in|out [extensive] [json|text] [<ip>]
//   shutdown | reload | restart | version | help | reset | crash
//   enable-ack | disable-ack | silence-ack    (no selector)
//   enable-sync | disable-sync                (herald's; no selector)
//   # <anything>
// `neighbor *` selects every neighbor. A route's `withdraw` keyword (held
// back until `announce watchdog`) needs a watchdog.
// A trailing ';' is allowed; ';' and braces elsewhere only in the flow
// route block. Unlike ExaBGP 4.2, which reads a bare
// `announce eor` as IPv4 unicast, herald leaves the family empty (every
// negotiated family), as the Command contract says. Every announced route
// needs a next hop, IPv6 ones included.
Status ParseTextCommand(std::string_view line, Command* out);

}  // namespace herald::api
