// `herald --help`: the program, its commands, its signals, and where its
// settings come from.
#include "daemon/tools.h"

namespace herald::daemon {

std::string HelpText() {
  return R"(herald: a fast BGP speaker that runs ExaBGP's configurations, commands and processes

usage:
  herald [server] [options] CONFIG...       run the daemon (`server` may be left out)
  herald validate [-n] [-r] [-v] [-p] CONFIG...
                                            check configuration files and exit (also: herald --test CONFIG...)
  herald decode [-f "AFI SAFI"] [-o|-u|-n] HEX
                                            print the JSON a process would get for a BGP message
  herald env [-d] [-e]                      print every environment setting and its value
  herald cli [--socket PATH] [COMMAND...]   send commands to a running herald (ExaBGP's nicknames: s n s);
                                            no COMMAND: one per line from stdin
  herald demo [--port N] [--seconds N]      announce a health-checked service IP to a peer on loopback
  herald healthcheck [OPTIONS]              check a service and print announce/withdraw commands for its IPs,
                                            to run as a process (ExaBGP 5.0's healthcheck options, plus --drain)
  herald version                            print the version
  herald COMMAND --help                     the options of one command

server options (those of ExaBGP 5.0's `exabgp server`):
  -v, --verbose        turn on every log category
  -d, --debug          debug logging of everything to the terminal
  -s, --signal N       send SIGUSR1 (reload) to herald after N seconds
  -1, --once           one connection attempt per peer (tcp.once)
  -P, --passive        only accept incoming connections (bgp.passive)
  -m, --memory         print memory use on exit
  -p, --pdb            ExaBGP's Python debugger: ignored, with a warning
  --env-file FILE      read environment settings from FILE (also before the command)

signals:
  SIGUSR1              reload the configuration
  SIGUSR2              reload the configuration and restart the processes
  SIGALRM              reload the configuration and restart every session
  SIGTERM, SIGINT,
  SIGHUP               shut down (the pid file is removed)

settings (`herald env` lists them), later sources winning:
  1. herald's defaults (ExaBGP's)
  2. one env file, INI style ([exabgp.tcp] then port = 1790): --env-file FILE, else
     $EXABGP_ENVFILE, else /etc/exabgp/exabgp.env if it exists
     ($HERALD_SYSTEM_ENV_FILE names another system file; empty: none)
  3. the environment: exabgp.tcp.port=1790, exabgp_tcp_port, herald.tcp.port or herald_tcp_port
  4. the command-line options above

README.md and doc/compat.md describe what herald does and where it differs from ExaBGP.
)";
}

}  // namespace herald::daemon
