// herald's command line, parsed (ExaBGP 5.0's commands and options):
//
//   herald [--env-file F] [server] [-v] [-d] [-s N] [-1] [-P] [-m] [-p] [--merge] [--env-file F] CONFIG...
//   herald validate [-n] [-r] [-v] [-p] CONFIG...   (also: herald --test CONFIG...)
//   herald decode [-f "AFI SAFI"] [-o|-u|-n] [-d] [-c CONFIG] [-i] HEX
//   herald env [-d] [-e]
//   herald cli [--socket PATH] [COMMAND...]
//   herald demo [--port N] [--seconds N]
//   herald healthcheck [OPTIONS]   (its own parser: src/healthcheck/options.h)
//   herald version | --version | --help
//
// Short flags combine (`-nrv`). A usage error exits 2, as Python's argparse
// makes ExaBGP exit.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "daemon/demo.h"
#include "daemon/tools.h"

namespace herald::daemon {

struct ServerFlags {
  std::vector<std::string> files;
  bool verbose = false, debug = false, once = false, passive = false, memory = false;
  // --merge (herald's): several files make one configuration.
  bool merge = false;
  // -p/--pdb: ExaBGP's Python debugger, which herald has no use for (it
  // says so at start).
  bool pdb = false;
  int signal_after = 0;
};

struct CommandLine {
  enum class Tool { kServer, kValidate, kDecode, kEnv, kDemo, kVersion, kCli, kHealthcheck };
  Tool tool = Tool::kServer;
  std::string env_file;  // --env-file, before or after the command
  ServerFlags server;
  ValidateOptions validate;
  DecodeOptions decode;
  EnvOptions env;
  CliOptions cli;
  bool cli_socket_given = false;  // --socket (else api.socket)
  DemoOptions demo;
  // `healthcheck`: the arguments after it, untouched.
  std::vector<std::string> healthcheck_args;
};

// Parses the arguments after the program name. Returns nullopt when herald
// should exit at once (help shown, or a usage error), with *exit_code set
// and the text written to out or err.
std::optional<CommandLine> ParseCommandLine(std::vector<std::string> args, std::ostream& out,
                                            std::ostream& err, int* exit_code);

}  // namespace herald::daemon
