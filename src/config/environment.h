// Environment settings: ExaBGP's `exabgp.<section>.<option>` values.
//
// They come, later ones winning, from built-in defaults, an env file
// (INI style: `[exabgp.tcp]` then `port = 1790`; see FindEnvFile), and the
// process environment in any of four spellings: `exabgp.tcp.port`,
// `exabgp_tcp_port`, `herald.tcp.port`, `herald_tcp_port`. Command-line
// flags (-d, -1, -P, ...) are applied on top by the daemon.
//
// Every setting ExaBGP 5.0 lists is known. One herald does not act on yet
// (api.chunk, cache.*, reactor.speed, ...)
// is accepted, and draws a "not supported by herald yet" warning when given
// a value other than ExaBGP's default (the default spelled out, as Debian's
// /etc/exabgp/exabgp.env does, changes nothing and is quiet). Unknown
// settings under the exabgp/herald prefixes get a warning too; a bad value
// is an error naming the setting.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/ip.h"
#include "base/log.h"
#include "base/result.h"
#include "config/config.h"

namespace herald::config {

struct Environment {
  struct Tcp {
    uint16_t port = 179;  // to connect to, and to listen on
    // Listen addresses; empty = do not listen (except neighbors with `listen`).
    std::vector<IpAddress> bind;
    bool once = false;         // 4.x: one connection attempt per peer, exit when all are done
    uint32_t connections = 0;  // 5.0: exit after this many sessions have ended (0 = never)
    uint32_t attempts = 0;     // connection attempts per peer before giving up (0 = forever)
    uint32_t delay = 0;        // minutes: wait until minute % delay == 0 before connecting
    // tcp.acl: connections to the listener are taken only from neighbors
    // (always: `true` says so); with prefixes, only from addresses in them
    // too, checked before anything else is done with the connection.
    struct Acl {
      bool on = false;
      std::vector<Prefix> prefixes;
      friend bool operator==(const Acl&, const Acl&) = default;
    } acl;
  } tcp;
  log::Settings log;
  struct Api {
    bool ack = true;  // answer "done"/"error" to each command
    Encoder encoder = Encoder::kJson;
    bool respawn = true;
    bool cli = true;
    bool compact = false;  // JSON: unicast routes as "prefix" strings
    // The format of what processes read: 5 (ExaBGP 5.0's, the default) or 4
    // (ExaBGP 4.x's); a process's `version` overrides it.
    uint8_t version = 5;
    bool terminate = false;  // exit when a process dies and is not respawned
    std::string pipename = "exabgp";
    // herald's control socket (`herald cli`); empty: none.
    std::string socket = "/run/herald/herald.sock";
  } api;
  struct Daemon {
    std::string user = "nobody";
    bool drop = true;
    bool daemonize = false;
    std::string pid;  // pid file
    uint32_t umask = 0137;
  } daemon;
  struct Bgp {
    uint32_t openwait = 60;  // seconds to wait for the peer's OPEN
    bool passive = false;    // 5.0: every peer passive (as the -P flag)
  } bgp;
  // herald's metrics endpoint (metrics/http_endpoint.h): off unless enabled;
  // on loopback unless told otherwise.
  struct Metrics {
    bool enable = false;
    IpAddress address = IpAddress::V4(0x7f000001);
    uint16_t port = 9179;
  } metrics;
  struct Debug {
    bool memory = false;  // -m: print memory use on exit
    // Several configuration files: each reload reads the next one (in
    // turn), instead of one daemon per file.
    bool rotate = false;
  } debug;
  // Settings herald accepts and does not act on, as given ("cache.attributes"
  // -> "false"), so that `herald env` shows them.
  std::map<std::string, std::string> ignored;
};

// Loads the environment. envp is the process environment (null-terminated,
// like environ); env_file may be empty. Warnings are appended to *warnings.
Result<Environment> LoadEnvironment(const char* const* envp, const std::string& env_file,
                                    std::vector<std::string>* warnings);

// The env file to read, as ExaBGP finds it: `flag` (--env-file) if given,
// else $EXABGP_ENVFILE if set, else the system file if it exists. The system
// file is /etc/exabgp/exabgp.env, or $HERALD_SYSTEM_ENV_FILE when that is set
// (empty: none), so that tests do not depend on the machine's /etc. Returns
// "" for none.
std::string FindEnvFile(const char* const* envp, const std::string& flag);

struct DescribeOptions {
  bool diff = false;      // only the settings that differ from the defaults
  bool env_form = false;  // `exabgp.section.option=value` lines, not INI
};

// Every setting with its current value, as `herald env` prints them, one
// string per line: by default ExaBGP 5.0's INI form (an empty line, then
// `[exabgp.section]` and `option = value` lines, sections and options
// sorted), with env_form its `exabgp.section.option=value` lines (in 5.0's
// order). Settings herald has and 5.0 does not list are shown only when they
// differ from the default.
std::vector<std::string> DescribeEnvironment(const Environment& env,
                                             const DescribeOptions& options = {.env_form = true});

}  // namespace herald::config
