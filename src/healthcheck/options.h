// The options of `herald healthcheck`: those of ExaBGP 5.0's healthcheck
// (long and short forms, a --config FILE of `key = value` lines and bare
// flags), plus herald's --drain SECONDS.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "base/ip.h"

namespace herald::healthcheck {

struct IpIfname {
  Prefix ip;
  std::string ifname;
};

struct Options {
  // logging
  bool silent = false;
  std::string syslog_facility = "daemon";
  bool no_syslog = false;
  bool debug = false;
  bool no_ack = false;
  bool sudo = false;
  std::string name;
  std::string config;
  std::string pid_file;
  std::string user;
  std::string group;
  // checking healthiness
  double interval = 5;
  double fast_interval = 1;
  int timeout = 5;
  int rise = 3;
  int fall = 3;
  std::string disable;  // empty: none
  std::optional<std::string> command;
  // advertising
  std::optional<IpAddress> next_hop;
  std::vector<Prefix> ips;
  std::vector<IpIfname> ip_ifnames;
  long local_preference = -1;
  bool deaggregate_networks = false;
  bool ip_setup = true;
  bool ip_dynamic = false;
  std::optional<std::string> label;
  bool label_exact_match = false;
  int start_ip = 0;
  long up_metric = 100;
  long down_metric = 1000;
  long disabled_metric = 500;
  long increase = 1;
  std::string community;
  std::string extended_community;
  std::string large_community;
  std::string disabled_community;
  std::string as_path;
  std::optional<std::string> up_as_path;
  std::optional<std::string> down_as_path;
  std::optional<std::string> disabled_as_path;
  bool withdraw_on_down = false;
  long path_id = 0;                    // 0: none
  std::vector<std::string> neighbors;  // addresses as printed, or "*"
  bool debounce = false;
  std::vector<std::string> execute;
  std::vector<std::string> up_execute;
  std::vector<std::string> down_execute;
  std::vector<std::string> disabled_execute;
  // herald's own: step the MED from up to down metric over this many seconds
  double drain = 0;
};

// Parses args (those after `healthcheck`). A --config FILE's lines come
// before the command line's options, as ExaBGP 5.0 reads them. nullopt:
// help printed (exit 0) or a usage error (exit 2, as argparse) written to
// err; *exit_code says which.
std::optional<Options> ParseOptions(const std::vector<std::string>& args, std::ostream& out,
                                    std::ostream& err, int* exit_code);

// The arguments a configuration file's text stands for: `--KEY` [VALUE]
// per line, `#` comments and blank lines skipped.
std::vector<std::string> ConfigFileArgs(const std::string& text);

// True when a `process`'s run line starts a health checker (herald's, or
// ExaBGP's: `... herald healthcheck ...`, `exabgp healthcheck`, `python3 -m
// exabgp healthcheck`) whose options let it set service addresses up (no
// --no-ip-setup): that program needs CAP_NET_ADMIN.
bool SetsAddressesUp(const std::vector<std::string>& run);

std::string UsageText();
std::string HelpText();

}  // namespace herald::healthcheck
