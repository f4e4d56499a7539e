// `herald healthcheck --help`: the options of ExaBGP 5.0's healthcheck and
// herald's --drain.
#include "healthcheck/options.h"

namespace herald::healthcheck {

std::string UsageText() {
  return "usage: herald healthcheck [-h] [--silent | --syslog-facility [FACILITY] | --no-syslog]\n"
         "                          [--debug] [--no-ack] [--sudo] [--name NAME] [--config FILE]\n"
         "                          [--pid FILE] [--user USER] [--group GROUP] [--interval N]\n"
         "                          [--fast-interval N] [--timeout N] [--rise N] [--fall N]\n"
         "                          [--disable FILE] [--command CMD] [--next-hop IP] [--ip IP]\n"
         "                          [--ip-ifname IP%IFNAME] [--local-preference P] ... [--drain SECONDS]\n";
}

std::string HelpText() {
  return UsageText() + R"(
A health checker run as a herald (or ExaBGP) process: it runs a check command
and prints announce/withdraw commands for the service IPs on stdout:

  process watch-haproxy {
      run /usr/sbin/herald healthcheck --cmd "curl -sf http://127.0.0.1/healthcheck" --ip 192.0.2.10/32;
  }

A --config FILE holds one long option per line (`interval = 10`, `debug`).

options:
  -h, --help            show this help message and exit
  --silent, -s          don't log to console
  --syslog-facility [FACILITY], -sF [FACILITY]
                        log to syslog using FACILITY, default FACILITY is daemon
  --no-syslog           disable syslog logging
  --debug, -d           enable debugging
  --no-ack, -a          don't wait for `done` on stdin after each command
  --sudo                accepted; herald sets IP addresses up through netlink (not supported by herald yet)
  --name NAME, -n NAME  name for this healthchecker
  --config FILE, -F FILE
                        read configuration from a file
  --pid FILE, -p FILE   write PID to the provided file
  --user USER           set user after setting ip addresses
  --group GROUP         set group after setting ip addresses

checking healthiness:
  --interval N, -i N    wait N seconds between each healthcheck (zero to exit after first announcement)
  --fast-interval N, -f N
                        when a state change is about to occur, wait N seconds between each healthcheck
  --timeout N, -t N     wait N seconds for the check command to execute
  --rise N              check N times before considering the service up
  --fall N              check N times before considering the service down
  --disable FILE        if FILE exists, the service is considered disabled
  --command CMD, --cmd CMD, -c CMD
                        command to use for healthcheck

advertising options:
  --next-hop IP, -N IP  self IP address to use as next hop
  --ip IP               advertise this IP address or network (CIDR notation)
  --ip-ifname IP%IFNAME bind this IP address or network (CIDR) to the given interface (i.e. 192.165.14.1%eth0)
  --local-preference P  advertise with local preference P
  --deaggregate-networks
                        deaggregate networks specified in --ip
  --no-ip-setup         don't setup missing IP addresses
  --dynamic-ip-setup    delete setup ips on state down and disabled, then restore them when up
  --label LABEL         use the provided label to match setup ip addresses
  --label-exact-match   use the provided label to exactly match setup ip addresses, not a prefix match
  --start-ip N          index of the first IP in the list of IP addresses
  --up-metric M         first IP get the metric M when the service is up
  --down-metric M       first IP get the metric M when the service is down
  --disabled-metric M   first IP get the metric M when the service is disabled
  --increase M          for each additional IP address, increase metric value by M
  --community COMMUNITY announce IPs with the supplied community
  --extended-community EXTENDEDCOMMUNITY
                        announce IPs with the supplied extended community
  --large-community LARGECOMMUNITY
                        announce IPs with the supplied large community
  --disabled-community DISABLEDCOMMUNITY
                        announce IPs with the supplied community when disabled
  --as-path ASPATH      announce IPs with the supplied as-path
  --up-as-path ASPATH   announce IPs with the supplied as-path when the service is up
  --down-as-path ASPATH announce IPs with the supplied as-path when the service is down
  --disabled-as-path ASPATH
                        announce IPs with the supplied as-path when the service is disabled
  --withdraw-on-down    instead of increasing the metric on health failure, withdraw the route
  --path-id PATHID      path ID to advertise for the route
  --neighbor NEIGHBOR   advertise the route to the selected neighbors (* for all)
  --debounce            announce only on state changes, instead of every iteration
  --drain SECONDS       herald: when the service goes down or is disabled, step the MED from the
                        up metric to the down (disabled) metric over SECONDS, then announce the
                        final state

reporting:
  --execute CMD         execute CMD on state change
  --up-execute CMD      execute CMD when the service becomes available
  --down-execute CMD    execute CMD when the service becomes unavailable
  --disabled-execute CMD
                        execute CMD when the service is disabled
)";
}

}  // namespace herald::healthcheck
