// ExaBGP's FlowSpec grammar, read into wire::FlowNlri (wire/flowspec.h).
//
// The configuration's block
//
//   flow { route NAME { rd 65000:1; next-hop 1.2.3.4;
//     match { source 10.0.0.0/24; destination-port [ =80 =443 ]; port >1024&<2048;
//             protocol [ tcp udp ]; tcp-flags [ syn !ack ]; fragment [ is-fragment ];
//             packet-length >200; dscp 46; icmp-type echo-request; }
//     then { discard; } } }
//
// and the text API's one-line form, where match and then statements follow
// each other without braces or ';'
//
//   announce flow route source 10.0.0.0/24 destination-port [ =80 =443 ] protocol tcp discard
//
// share the statements read here: ParseFlowMatch reads one match statement,
// ParseFlowThen one then statement, and FinishFlowMatch completes the NLRI.
//
// Match values (ExaBGP's spellings): a single word, or several in [ ];
// each word is one or more {operator, value} pairs joined by '&' (and).
//   numeric operators: =N (also a bare N), >N, >=N, <N, <=N, !=N, trueN, falseN
//   bitmask operators: V (any of the bits), =V (exactly), !V (none), !=V (not exactly)
//   values: numbers, 0x hex (for components with named values), or names
//   (tcp, udp, http, syn, is-fragment, echo-request ...; case does not matter),
//   several added with '+' (syn+ack).
// Prefixes: 10.0.0.0/24; 2001:db8::/32 or 2001:db8::/64/32 (length/offset).
//
// The family of the NLRI comes from its prefixes (IPv4 unless one is IPv6)
// and from flow-label (IPv6 only). `protocol` and `next-header`, `dscp` and
// `traffic-class` are the same component (types 3 and 11) in either family.
// A statement repeated for the same component adds its pairs to those given
// before (OR-ed), as in ExaBGP; a second source or destination prefix is an
// error (RFC 8955 §4.2: each component at most once; ExaBGP sends both).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/ip.h"
#include "grammar/token_stream.h"
#include "wire/attributes.h"
#include "wire/flowspec.h"

namespace herald::grammar {

// A match being read: the components so far, in the order given, and what
// fixed the family.
struct FlowMatchState {
  wire::FlowNlri nlri;
  bool ipv4 = false;  // an IPv4 prefix was given
  bool ipv6 = false;  // an IPv6 prefix or flow-label was given
};

// True for a match keyword: source, destination (and their -ipv4 / -ipv6
// spellings), protocol, next-header, port, destination-port, source-port,
// icmp-type, icmp-code, tcp-flags, packet-length, dscp, traffic-class,
// fragment, flow-label.
bool IsFlowMatchKeyword(std::string_view word);
// The keywords IsFlowMatchKeyword takes, and the component each names (for
// the CLI's completion).
std::vector<std::string_view> FlowMatchKeywords();
const wire::FlowComponentInfo* FlowMatchComponent(std::string_view word);

// Reads one match statement: its keyword, then its value (a word or a
// [ ] list). Leaves whatever follows in the stream.
ParseStatus ParseFlowMatch(TokenStream& in, FlowMatchState* state);

// Completes the NLRI once every match statement is read: sets its family,
// sorts the components by type (RFC 8955 §4.2) and checks that it encodes
// (at least one component, at most 4095 bytes). `at` locates errors about
// the whole rule.
ParseStatus FinishFlowMatch(const Token& at, FlowMatchState* state);

// ------------------------------------------------------------ then actions

// RFC 8955 §7 traffic actions and what else a `then` block may say, as
// written; EncodeFlowActions makes their attributes.
enum class FlowActionKind : uint8_t {
  kAccept,                  // accept (does nothing)
  kDiscard,                 // discard: traffic-rate 0
  kRateLimit,               // rate-limit BYTES-PER-SECOND: traffic-rate
  kRedirect,                // redirect ASN:NN (route target) or redirect IP (next hop)
  kRedirectToNexthop,       // redirect-to-nexthop (draft-simpson)
  kRedirectToNexthopIetf,   // redirect-to-nexthop-ietf IP
  kCopy,                    // copy IP
  kMark,                    // mark DSCP: traffic-marking
  kAction,                  // action sample | terminal | sample-terminal: traffic-action
  kCommunity,               // community [ ... ] (the words as written)
  kExtendedCommunity,       // extended-community [ ... ]
  kLargeCommunity,          // large-community [ ... ]
  kInterfaceSet,            // interface-set [ ... ] (a rule's scope, not a then statement)
};

// ExaBGP caps `rate-limit` at 1 TB/s.
inline constexpr uint64_t kMaxFlowRate = 1000000000000;

struct FlowAction {
  FlowActionKind kind = FlowActionKind::kAccept;
  uint64_t rate = 0;                 // kRateLimit (bytes per second)
  uint32_t asn = 0;                  // kRedirect to a route target
  uint32_t number = 0;               // kRedirect's NN; kMark's DSCP
  std::optional<IpAddress> address;  // kRedirect to an IP, kCopy, kRedirectToNexthopIetf
  bool sample = false;               // kAction
  bool terminal = false;             // kAction
  std::vector<std::string> values;   // the community kinds: each value as written

  friend bool operator==(const FlowAction&, const FlowAction&) = default;
};

// True for a then keyword (accept, discard, rate-limit, redirect,
// redirect-to-nexthop, redirect-to-nexthop-ietf, copy, mark, action,
// community, extended-community, large-community).
bool IsFlowThenKeyword(std::string_view word);
// The keywords IsFlowThenKeyword takes (for the CLI's completion).
std::span<const std::string_view> FlowThenKeywords();

// Reads one then statement and appends it to *actions. It also reads
// `interface-set`, which ExaBGP takes in a single-line rule and in a
// `scope { }` block, but not in `then { }`.
ParseStatus ParseFlowThen(TokenStream& in, std::vector<FlowAction>* actions);

// draft-ietf-idr-flowspec-interfaceset: `transitive|non-transitive:
// input|output|input-output:ASN:GROUP` (ASN 32 bits, GROUP 14 bits) as the
// extended community (type 0x07, or 0x47 non-transitive; sub-type 0x02).
Result<uint64_t> ParseInterfaceSet(std::string_view text);

// What a rule's actions put on its route: RFC 8955 §7 extended communities
// (traffic-rate 0x8006, traffic-action 0x8007, redirect 0x8008 / 0x8208
// (RFC 7674), traffic-marking 0x8009), the redirect-to-IP ones ExaBGP sends
// (0x0800, draft-simpson, with its copy flag; 0x010c, the IETF draft's), the
// communities given, and the next hop `redirect IP` and `copy IP` set. Each
// list is sorted without duplicates, as ExaBGP 5.0 sends them.
struct FlowActionAttributes {
  std::vector<uint32_t> communities;
  std::vector<uint64_t> extended_communities;
  // redirect-to-nexthop-ietf to an IPv6 address (RFC 5701).
  std::vector<wire::Ipv6ExtendedCommunity> ipv6_extended_communities;
  std::vector<wire::LargeCommunity> large_communities;
  std::optional<IpAddress> next_hop;
};

// Errors: a community that does not parse, two different next hops.
Result<FlowActionAttributes> EncodeFlowActions(const std::vector<FlowAction>& actions);

// ---------------------------------------------------------- the API's line

struct FlowRoute {
  wire::FlowNlri nlri;
  std::vector<FlowAction> actions;
};

// The text API's form: match and then statements until the stream ends, in
// any order, then FinishFlowMatch. `at` locates errors about the whole rule.
ParseStatus ParseFlowRouteLine(TokenStream& in, const Token& at, FlowRoute* route);

// Convenience for tests and tools: `text` holds match statements separated
// by ';' (the body of a `match { }` block). Errors say "line:column: ...".
Result<wire::FlowNlri> ParseFlowMatchText(std::string_view text);

}  // namespace herald::grammar
