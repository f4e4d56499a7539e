#include "daemon/command_line.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>

namespace herald::daemon {

std::optional<CommandLine> ParseCommandLine(std::vector<std::string> args, std::ostream& out,
                                            std::ostream& err, int* exit_code) {
  CommandLine cl;
  // `--env-file F` may come before the command, as in ExaBGP 5.0.
  while (!args.empty() && args[0].rfind("--env-file", 0) == 0) {
    if (args[0].rfind("--env-file=", 0) == 0) {
      cl.env_file = args[0].substr(11);
      args.erase(args.begin());
    } else if (args[0] == "--env-file" && args.size() >= 2) {
      cl.env_file = args[1];
      args.erase(args.begin(), args.begin() + 2);
    } else {
      break;
    }
  }
  if (args.empty() || args[0] == "-h" || args[0] == "--help") {
    (args.empty() ? err : out) << HelpText();
    *exit_code = args.empty() ? 2 : 0;
    return std::nullopt;
  }
  // `herald CONFIG...` is `herald server CONFIG...`; `--test` is `validate`.
  // `healthcheck` has ExaBGP's argparse options (-sF, --cmd): its own parser.
  if (args[0] == "healthcheck") {
    cl.tool = CommandLine::Tool::kHealthcheck;
    cl.healthcheck_args.assign(args.begin() + 1, args.end());
    return cl;
  }
  static const char* kCommands[] = {"server",    "validate", "decode", "env", "demo", "version",
                                    "--version", "cli",      "healthcheck"};
  if (args[0] == "--test") args[0] = "validate";
  if (std::find(std::begin(kCommands), std::end(kCommands), args[0]) == std::end(kCommands))
    args.insert(args.begin(), "server");

  CLI::App app{"herald: a fast, ExaBGP-compatible BGP speaker", "herald"};
  app.set_version_flag("--version", "herald " HERALD_VERSION);
  app.require_subcommand(1);

  auto* server = app.add_subcommand("server", "run the daemon (the default command)");
  ServerFlags& s = cl.server;
  server->add_option("configuration", s.files, "configuration file(s)")->required();
  server->add_flag("-v,--verbose", s.verbose, "turn on every log category");
  server->add_flag("-d,--debug", s.debug, "debug logging of everything to the terminal");
  server->add_option("-s,--signal", s.signal_after, "send SIGUSR1 (reload) to herald after N seconds");
  server->add_flag("-1,--once", s.once, "one connection attempt per peer (tcp.once)");
  server->add_flag("-P,--passive", s.passive, "only accept incoming connections");
  server->add_flag("-m,--memory", s.memory, "print memory use on exit");
  server->add_flag("-p,--pdb", s.pdb, "ExaBGP's Python debugger: accepted, with a warning that herald has none");
  server->add_flag("--merge", s.merge,
                   "several files make one configuration (without it, as ExaBGP: one daemon per file, or with "
                   "debug.rotate, one file per reload in turn)");
  server->add_option("--env-file", cl.env_file, "read environment settings from this file");

  auto* validate = app.add_subcommand("validate", "check configuration files and exit");
  ValidateOptions& v = cl.validate;
  validate->add_option("configuration", v.files, "configuration file(s)")->required();
  validate->add_flag("-n,--neighbor", v.neighbors, "check the parsing of the neighbors");
  validate->add_flag("-r,--route", v.routes, "check the parsing of the routes");
  validate->add_flag("-v,--verbose", v.verbose, "be verbose in the display");
  validate->add_flag("-p,--print", v.print, "print the configuration as herald understood it");

  auto* decode = app.add_subcommand("decode", "decode hex-encoded BGP messages");
  DecodeOptions& d = cl.decode;
  bool debug = false;
  std::vector<std::string> configuration;
  decode->add_option("payload", d.payload, "the BGP message in hexadecimal")->required();
  decode->add_flag("-n,--nlri", d.nlri, "the data is only the NLRI");
  decode->add_flag("-u,--update", d.update, "the data is an update message (does nothing)");
  decode->add_flag("-o,--open", d.open, "the data is an open message (does nothing)");
  decode->add_option("-f,--family", d.family, "family expected (format like \"ipv4 unicast\")");
  decode->add_flag("-d,--debug", debug, "accepted for ExaBGP compatibility; ignored");
  auto* config_opt = decode->add_option("-c,--configuration", configuration, "configuration file(s)");
  decode->add_flag("-i,--path-information", d.path_information, "decode path-information");

  auto* env = app.add_subcommand("env", "show herald's environment settings");
  env->add_flag("-d,--diff", cl.env.diff, "show only what differs from the defaults");
  env->add_flag("-e,--env", cl.env.env_form, "display as environment variables (not ini)");
  env->add_option("--env-file", cl.env_file, "read environment settings from this file");

  auto* demo = app.add_subcommand(
      "demo", "announce a health-checked service IP to a BGP peer on loopback, and show it");
  demo->add_option("--port", cl.demo.port, "TCP port of the demo peer");
  demo->add_option("--seconds", cl.demo.seconds, "how long the demo runs");

  auto* version = app.add_subcommand("version", "print the version");

  auto* cli = app.add_subcommand("cli", "send a command to a running herald (ExaBGP's nicknames: s n s)");
  auto* socket_opt = cli->add_option("--socket", cl.cli.socket, "herald's control socket (default: api.socket)");
  cli->add_option("command", cl.cli.command, "the command; none: read commands from stdin");
  cli->prefix_command();

  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e, out, err);
    // Help and --version exit 0; a usage error 2, as argparse.
    *exit_code = code == 0 ? 0 : 2;
    return std::nullopt;
  }
  if (config_opt->count()) {
    err << "herald decode: -c (a configuration) is not supported by herald yet\n";
    *exit_code = 2;
    return std::nullopt;
  }
  cl.env.env_file = cl.env_file;
  if (server->parsed()) cl.tool = CommandLine::Tool::kServer;
  if (validate->parsed()) cl.tool = CommandLine::Tool::kValidate;
  if (decode->parsed()) cl.tool = CommandLine::Tool::kDecode;
  if (env->parsed()) cl.tool = CommandLine::Tool::kEnv;
  if (demo->parsed()) cl.tool = CommandLine::Tool::kDemo;
  if (version->parsed()) cl.tool = CommandLine::Tool::kVersion;
  if (cli->parsed()) {
    cl.tool = CommandLine::Tool::kCli;
    cl.cli_socket_given = socket_opt->count() > 0;
    // After prefix_command(), the command's words are left as remaining.
    for (const std::string& w : cli->remaining()) cl.cli.command.push_back(w);
  }
  return cl;
}

}  // namespace herald::daemon
