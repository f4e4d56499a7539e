// Reading ExaBGP-syntax configuration into a Config.
//
// The grammar is ExaBGP 4.2's (and the older spellings it still accepts):
//
//   process <name> { run <program> <args>...; encoder text|json; respawn <bool>;
//                    version 4|5; }   (version: herald's, see api/render.h Format)
//   template { neighbor <name> { <neighbor statements> } }
//   neighbor <ip> { <neighbor statements> }
//
// with, inside a neighbor: router-id, local-address, local-as, peer-as,
// hold-time, passive, listen, connect, description, host-name, domain-name,
// group-updates, auto-flush, adj-rib-out, adj-rib-in, manual-eor,
// outgoing-ttl, incoming-ttl, inherit, `family { }`, `capability { }`,
// `api [<name>] { processes [ ... ]; neighbor-changes; send { } receive { } }`,
// `static { route ...; attributes ... nlri ...; }`, bare `route ...;`, and
// `announce { ipv4 { unicast ...; } ipv6 { unicast ...; } }` (the route
// grammar is route_parser.h's). ExaBGP features herald does not implement
// yet (MD5, TTL security, FlowSpec, VPLS, VPN, add-path, graceful restart,
// ...) are errors saying so, never silently ignored.
//
// A neighbor that inherits templates takes every setting it does not make
// itself from them (the first template listed wins), and adds their
// families, api blocks and routes to its own. (ExaBGP 4.2 lets a template
// overwrite a value the neighbor sets, contrary to its documentation; herald
// lets the neighbor win.)
//
// Errors carry file:line:column. The parser collects every error it can,
// resuming at the next statement, and returns them all.
//
// Several files: ExaBGP runs each configuration file as a separate daemon.
// herald merges them into one Config instead: processes and neighbors are
// concatenated in file order, templates stay private to their file, and
// process names and neighbor sessions (peer and local address) must be
// unique across all the files.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "config/config.h"

namespace herald::config {

Result<Config, std::vector<ConfigError>> ParseConfigFiles(const std::vector<std::string>& paths);

// Parses configuration text held in memory; `name` stands for the file name
// in locations (and its directory, if any, is where relative `run` programs
// are looked for).
Result<Config, std::vector<ConfigError>> ParseConfigText(std::string_view text, std::string_view name);

}  // namespace herald::config
