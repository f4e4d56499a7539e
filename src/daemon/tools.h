// herald's command-line tools other than the server, each in its own file
// (tool_*.cc), with ExaBGP 5.0's options and output:
//
//   herald validate [-n] [-r] [-v] [-p] CONFIG...   tool_validate.cc
//   herald decode [-f "AFI SAFI"] [-o|-u|-n] HEX    tool_decode.cc
//   herald env [-d] [-e]                            tool_env.cc
//   herald cli [--socket PATH] [COMMAND...]         tool_cli.cc (its shell: cli_shell.cc)
//   herald --help                                   tool_help.cc
//
// Each Run* function writes to the streams it is given and returns the
// process exit code, so that tests call it directly.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "api/render.h"

namespace herald::daemon {

struct ValidateOptions {
  std::vector<std::string> files;
  bool neighbors = false;  // -n: list the neighbors checked
  // -r: report the route check (the parser itself checks that each static
  // route fits an UPDATE to its neighbor: config/finalize.cc).
  bool routes = false;
  bool verbose = false;    // -v: show what was understood
  bool print = false;      // -p: print the configuration as herald read it
};
// 0: valid; 1: not.
int RunValidate(const ValidateOptions& options, std::ostream& out, std::ostream& err);

struct DecodeOptions {
  std::string payload;
  std::string family;  // "ipv4 unicast" (-f); the family of -n
  bool open = false;    // -o
  bool update = false;  // -u
  bool nlri = false;    // -n: the payload is only NLRI
  // -i: NLRI carry RFC 7911 path identifiers, in every family whose NLRI is
  // a prefix (ExaBGP reads none in FlowSpec NLRI).
  bool path_information = false;
};
// The JSON a process would get for the message (5.0's decode neighbor:
// 127.0.0.1, AS 65533 on both sides, router-id 10.0.0.2, direction "in").
// 0: decoded; 1: not (the reason on err).
int RunDecode(const DecodeOptions& options, const api::Host& host, std::ostream& out,
              std::ostream& err);

struct EnvOptions {
  std::string env_file;   // --env-file
  bool diff = false;      // -d
  bool env_form = false;  // -e
};
int RunEnv(const EnvOptions& options, const char* const* envp, std::ostream& out,
           std::ostream& err);

struct CliOptions {
  std::string socket;                // api.socket, or --socket
  std::vector<std::string> command;  // empty: commands from stdin
  bool interactive = false;          // stdin is a terminal: a prompt
};
// ExaBGP's CLI nicknames expanded as it expands them: {"s", "n", "s"} ->
// "show neighbor summary".
std::string ExpandNicknames(const std::vector<std::string>& command);
// 0: every command answered done; 1: an error; 2: no answer.
// (At a terminal, stdin and stdout both, `herald cli` alone runs the
// interactive shell instead: RunCliShell in cli_shell.h.)
int RunCli(const CliOptions& options, std::istream& in, std::ostream& out, std::ostream& err);

// One connection to herald's control socket, for the CLI and its shell.
class CliConnection {
 public:
  CliConnection() = default;
  ~CliConnection();
  CliConnection(const CliConnection&) = delete;
  CliConnection& operator=(const CliConnection&) = delete;
  // false: no connection (the reason on err).
  bool Connect(const std::string& socket, std::ostream& err);
  // Sends one command line and writes its answer to out, up to its done or
  // error. 0: done; 1: error; 2: the connection ended first.
  // REQUIRES: Connect returned true.
  int Run(const std::string& line, std::ostream& out, std::ostream& err);

 private:
  int fd_ = -1;
  std::string buffer_;  // what was read past the last answer
};

// The words of a command line, split at spaces and tabs.
std::vector<std::string> SplitCommandWords(std::string_view line);

// `herald --help`.
std::string HelpText();

}  // namespace herald::daemon
