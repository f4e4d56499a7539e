// The configuration model: what an ExaBGP-syntax configuration file says, as
// typed values (parser.h reads it, printer.h writes it back).
//
// Vocabulary is ExaBGP's where a field mirrors a keyword; defaults are
// ExaBGP's unless a comment says otherwise. Config is immutable once parsed:
// the daemon holds a shared_ptr<const Config> and swaps it on reload.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/ip.h"
#include "config/static_routes.h"
#include "rib/route.h"
#include "wire/family.h"
#include "wire/role.h"
#include "wire/open.h"

namespace herald::config {

// Where something was written: for error messages and for `validate`.
struct Location {
  std::string file;
  int line = 0;    // 1-based
  int column = 0;  // 1-based
  friend bool operator==(const Location&, const Location&) = default;
};

// "file:line:column: message"
struct ConfigError {
  Location where;
  std::string message;
  std::string ToString() const;
  friend bool operator==(const ConfigError&, const ConfigError&) = default;
};

enum class Encoder : uint8_t { kText, kJson };

struct ProcessConfig {
  std::string name;
  // The program and its arguments (`run prog arg1 arg2;`), split as ExaBGP
  // splits them; no shell is involved unless the program is one.
  std::vector<std::string> run;
  // From `encoder`; if absent, the environment's api.encoder applies.
  std::optional<Encoder> encoder;
  // From `respawn`; if absent, the environment's api.respawn applies.
  std::optional<bool> respawn;
  // From `version 4|5` (herald's): the ExaBGP format of what the process
  // reads; if absent, the environment's api.version applies.
  std::optional<uint8_t> version;
  // From `env { NAME value; ... }` (herald's): set in the program's
  // environment, over herald's own.
  std::vector<std::pair<std::string, std::string>> env;
  Location where;
  friend bool operator==(const ProcessConfig&, const ProcessConfig&) = default;
};

// Which messages of one direction a neighbor reports to its processes
// (`api { receive { parsed; update; ... } }`).
struct ApiMessages {
  bool parsed = false;
  bool packets = false;
  bool consolidate = false;
  bool open = false;
  bool update = false;
  bool notification = false;
  bool keepalive = false;
  bool refresh = false;
  bool operational = false;
  friend bool operator==(const ApiMessages&, const ApiMessages&) = default;
};

// One `api { ... }` block of a neighbor. A neighbor may have several; each
// applies its switches to its own processes (ExaBGP's ParseAPI.flatten).
struct ApiConfig {
  std::vector<std::string> processes;
  // `processes-match [ REGEX ... ]`: the processes whose names match one of
  // them (from their start, as Python's re.match), resolved into
  // `processes` once every file is read. Exclusive with `processes`.
  std::vector<std::string> processes_match;
  bool neighbor_changes = false;
  bool negotiated = false;
  bool fsm = false;
  bool signal = false;
  ApiMessages receive;
  ApiMessages send;
  Location where;
  friend bool operator==(const ApiConfig&, const ApiConfig&) = default;
};

struct CapabilityConfig {
  bool asn4 = true;               // RFC 6793
  bool route_refresh = false;     // RFC 2918 (+ RFC 7313 enhanced)
  bool extended_message = true;   // RFC 8654; ExaBGP announces it by default
  // RFC 4724 restart time announced in the GR capability; absent: not sent.
  // While parsing, 0 stands for "the hold time" (ExaBGP's default for a
  // bare `graceful-restart;` or `graceful-restart 0;`); finalize resolves it.
  std::optional<uint16_t> graceful_restart;
  bool multi_session = false;     // draft-ietf-idr-bgp-multisession, as ExaBGP sends it
  bool software_version = false;  // draft-abraitis-bgp-version-capability
  // RFC 7911 ADD-PATH: 1 receive, 2 send, 3 send/receive, 0 not announced
  // (`add-path disable`).
  uint8_t add_path = 0;
  // ExaBGP's operational capability (185): OPERATIONAL messages
  // (`announce operational ...`) are sent only when it is set.
  bool operational = false;
  // RFC 7311 §3 AIGP_SESSION (`aigp enable|disable`, nothing is sent in the
  // OPEN); absent: the RFC's default, enabled on iBGP, disabled on eBGP.
  std::optional<bool> aigp;
  // RFC 8950 extended next hop (`nexthop enable|disable`); absent: announced
  // when the neighbor has a `nexthop { }` block, as ExaBGP does.
  std::optional<bool> nexthop;
  // RFC 9234 BGP role (herald's `role NAME`), announced and checked, and the
  // OTC attribute's rules; `role-strict`: a peer must announce its role.
  std::optional<wire::Role> role;
  bool role_strict = false;
  friend bool operator==(const CapabilityConfig&, const CapabilityConfig&) = default;
};

// TCP MD5 signatures (RFC 2385) on the session's connections.
struct Md5Config {
  // Where the password comes from: `md5-password`, or herald's
  // `md5-password-env NAME` / `md5-password-file PATH` (so that a
  // configuration need not hold the secret).
  enum class Source : uint8_t { kNone, kInline, kEnv, kFile };
  Source source = Source::kNone;
  // kInline: the password as written; kEnv: the variable's name; kFile: the path.
  std::string given;
  // `md5-base64`: true, false, or auto (nullopt: ExaBGP's guess, a password
  // of only [0-9a-f] is tried as base64 with its padding left out).
  std::optional<bool> base64 = false;
  // The key the kernel gets (the password, base64-decoded when it is),
  // resolved when the file is read; at most 80 bytes (TCP_MD5SIG_MAXKEYLEN).
  std::string key;
  // `md5-ip`: ExaBGP's local address of MD5 sessions (where it binds and
  // listens); defaults to local-address, ignored when that is auto.
  std::optional<IpAddress> ip;
  friend bool operator==(const Md5Config&, const Md5Config&) = default;
};

// TCP-AO (RFC 5925, herald's `tcp-ao { }`): the keys of the session's
// connections (see session_security.h for the syntax).
enum class TcpAoAlgorithm : uint8_t { kHmacSha1_96, kAes128Cmac96, kHmacSha256_128 };
struct TcpAoKey {
  uint8_t name = 0;  // `key N`, or the short form's key-id
  uint8_t send_id = 0;
  uint8_t receive_id = 0;
  TcpAoAlgorithm algorithm = TcpAoAlgorithm::kHmacSha1_96;
  // `password`, `password-env NAME` or `password-file PATH`; `given` is the
  // password as written, the variable's name or the path (as Md5Config).
  Md5Config::Source source = Md5Config::Source::kNone;
  std::string given;
  std::string secret;  // what the kernel gets, at most 80 bytes
  friend bool operator==(const TcpAoKey&, const TcpAoKey&) = default;
};
struct TcpAoConfig {
  bool short_form = false;     // written as `tcp-ao { key-id N; ... }`
  std::vector<TcpAoKey> keys;  // empty: no TCP-AO
  uint8_t current = 0;         // the name of the key herald sends with
  bool current_given = false;  // `current N` was written
  bool enabled() const { return !keys.empty(); }
  const TcpAoKey* Current() const {
    for (const TcpAoKey& k : keys)
      if (k.name == current) return &k;
    return keys.empty() ? nullptr : &keys.front();
  }
  friend bool operator==(const TcpAoConfig&, const TcpAoConfig&) = default;
};

struct NeighborConfig {
  IpAddress peer_address;
  // Absent means "auto": whatever the kernel picks (ExaBGP's auto-discovery).
  std::optional<IpAddress> local_address;
  // Defaults to local_address for IPv4 sessions (an error if that is absent).
  IpAddress router_id;
  uint32_t local_as = 0;
  uint32_t peer_as = 0;
  uint16_t hold_time = 180;
  bool passive = false;
  // `listen N`: accept this peer on local_address:N. 0 = only the global
  // listener (tcp.bind / tcp.port).
  uint16_t listen = 0;
  // `connect N`: the port to connect to. 0 = tcp.port.
  uint16_t connect = 0;
  std::string description;
  // The FQDN capability: empty (not sent) unless one is configured; then the
  // other defaults to this machine's name.
  std::string host_name;
  std::string domain_name;
  bool group_updates = true;
  bool auto_flush = true;
  bool adj_rib_out = true;
  // Keep the routes the peer announced (show adj-rib in). Off by default,
  // where ExaBGP keeps them: storing costs ~300 ns and ~32 bytes per received
  // route, which a speaker that only streams them to processes need not pay.
  bool adj_rib_in = false;
  bool manual_eor = false;
  // `rate-limit N` (ExaBGP's): at most N UPDATE messages read from the peer,
  // and N sent to it, per second. 0: no limit (`disable`).
  uint32_t rate_limit = 0;
  std::optional<uint8_t> outgoing_ttl;
  std::optional<uint8_t> incoming_ttl;
  // `ttl-security HOPS` (herald; GTSM, RFC 5082): send with TTL 255 and
  // accept only TTLs of at least 256 - HOPS.
  std::optional<uint8_t> ttl_security;
  Md5Config md5;
  TcpAoConfig tcp_ao;
  // From `family { ... }`; when the block is absent, every family herald
  // supports (ExaBGP announces every family it knows).
  std::vector<wire::Family> families;
  // The families ADD-PATH is announced for: the `add-path { ... }` block as
  // written, then (finalize) those of `families` it names, or all of them
  // without a block, in family table order; empty when add_path is 0.
  std::vector<wire::Family> add_path_families;
  // The `nexthop { ipv4 unicast ipv6; ... }` block as written: which
  // families' routes may have a next hop of the other address family.
  std::vector<wire::ExtendedNextHopCap::Entry> next_hops;
  CapabilityConfig capability;
  std::vector<ApiConfig> api;
  // Static routes (`static { route ...; }`, bare `route ...;`,
  // `announce { ipv4 { unicast ...; } }`), in file order, then those
  // inherited from templates; held compactly (static_routes.h).
  StaticRoutes routes;
  // Static routes marked `watchdog <name> withdraw`: configured but not
  // announced until `announce watchdog <name>`. (`withdraw` without a
  // watchdog is a warning, and the route is in `routes`.)
  StaticRoutes withdrawn_routes;
  Location where;
  // Whether the configuration sends path identifiers for `f`: ADD-PATH
  // send announced for it (whether the peer agrees is the session's).
  bool SendsPathIds(wire::Family f) const;
  friend bool operator==(const NeighborConfig&, const NeighborConfig&) = default;
};

// RFC 8950: the extended next hop capability herald announces to the
// neighbor (nullopt: none): the `nexthop` block's IPv4-over-IPv6 entries of
// the neighbor's families, in family table order, as ExaBGP announces them
// (it leaves out IPv6 routes over IPv4 next hops, which it accepts without
// the capability; herald sends those as IPv4-mapped addresses).
std::optional<std::vector<wire::ExtendedNextHopCap::Entry>> ExtendedNextHop(const NeighborConfig& n);

// Whether the neighbor's routes of an IPv4 family may have an IPv6 next hop:
// its `nexthop` block lists the family and the capability is announced.
bool AllowsV6NextHop(const NeighborConfig& n, wire::Family family);

// The address herald binds for the neighbor's sessions, outgoing and
// listening: `md5-ip` if given (ExaBGP's meaning), else local-address;
// none with local-address auto.
inline std::optional<IpAddress> BindAddress(const NeighborConfig& n) {
  if (!n.local_address) return std::nullopt;
  return n.md5.ip ? n.md5.ip : n.local_address;
}

// Whether a running session can take `b` in place of `a` without a reset:
// they differ at most in what the daemon applies as it goes (static routes,
// api blocks, description, adj-rib-in, the settings herald only warns about, and TCP-AO
// keys that can roll over on the live connection). Every other field, one added later
// included, counts: a reload cannot miss a changed session setting.
bool SameSession(const NeighborConfig& a, const NeighborConfig& b);

// Several files (ExaBGP runs one daemon per file) are merged into one
// Config: processes and neighbors keep file order, and names and sessions
// must be unique across all files (see parser.h).
struct Config {
  std::vector<std::string> files;
  std::vector<ProcessConfig> processes;
  std::vector<NeighborConfig> neighbors;
  // Things ExaBGP accepts that herald accepts too but reports, such as a
  // block left open at the end of a file.
  std::vector<ConfigError> warnings;

  friend bool operator==(const Config&, const Config&) = default;

  const ProcessConfig* FindProcess(const std::string& name) const {
    for (const auto& p : processes)
      if (p.name == name) return &p;
    return nullptr;
  }
};

}  // namespace herald::config
