// The service IPs on the loopback (or the --ip-ifname interface), through
// rtnetlink: RTM_GETADDR to list, RTM_NEWADDR/RTM_DELADDR (with IFA_LABEL
// `lo:LABEL` for IPv4) to add and remove. Needs CAP_NET_ADMIN to change.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/ip.h"
#include "healthcheck/options.h"

namespace herald::healthcheck {

struct SystemAddress {
  std::string ifname;
  Prefix prefix;      // address/length; host bits set: not a network (skipped)
  bool network = true;  // false: host bits set
  std::string label;  // IFA_LABEL ("lo:web1"), IPv4 only
};

// Every address of every interface. error set on failure.
std::vector<SystemAddress> ListAddresses(std::string* error);

// The addresses among `all` on `ifnames` that herald counts as set up: not
// loopback (127/8, ::1), a network, and with --label, a label
// IFNAME:LABEL... (exactly IFNAME:LABEL with --label-exact-match).
std::vector<Prefix> SystemIps(const std::vector<SystemAddress>& all, const std::set<std::string>& ifnames,
                              const std::optional<std::string>& label, bool exact);

// Each address of `network` as a host prefix (/32 or /128); at most `limit`.
std::vector<Prefix> Hosts(const Prefix& network, size_t limit);

// The interface of `ip`: its --ip-ifname, else lo.
std::string IfnameOf(const Prefix& ip, const std::vector<IpIfname>& ip_ifnames);

// Adds (or deletes) ip on ifname, labelled IFNAME:LABEL when label is set.
// An address already there is no error. Returns the error, empty if none.
std::string ChangeAddress(bool add, const std::string& ifname, const Prefix& ip,
                          const std::optional<std::string>& label);

}  // namespace herald::healthcheck
