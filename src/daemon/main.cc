// herald: the command line.
//
//   herald [server] [-v] [-d] [-s N] [-1] [-P] [-m] [-p] [--env-file F] CONFIG...
//   herald validate [-p] CONFIG...      (also: herald --test CONFIG...)
//   herald env [--env-file F]
//   herald demo [--port N] [--seconds N]
//   herald version
//
// The server flags are those of ExaBGP 5.0's `exabgp server`, with the same
// meaning; -p (ExaBGP's Python debugger) is accepted and ignored.
#include <CLI/CLI.hpp>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>

#include "base/log.h"
#include "config/environment.h"
#include "config/parser.h"
#include "config/printer.h"
#include "daemon/daemon.h"
#include "daemon/demo.h"
#include "daemon/pid_file.h"

extern char** environ;

namespace herald::daemon {
namespace {

using log::Category;

int Validate(const std::vector<std::string>& files, bool print) {
  auto parsed = config::ParseConfigFiles(files);
  if (!parsed) {
    for (const auto& e : parsed.error()) std::cerr << e.ToString() << "\n";
    return 1;
  }
  for (const auto& w : parsed->warnings) std::cerr << w.ToString() << "\n";
  if (print) std::cout << config::PrintConfig(*parsed);
  else std::cout << "configuration valid: " << parsed->neighbors.size() << " neighbor(s), "
                 << parsed->processes.size() << " process(es)\n";
  return 0;
}

Result<config::Environment> Environment(const std::string& env_file) {
  std::vector<std::string> warnings;
  auto env = config::LoadEnvironment(environ, env_file, &warnings);
  if (!env) return Fail(env.error().message);
  for (const auto& w : warnings) std::cerr << "herald: warning: " << w << "\n";
  return env;
}

// Forks into the background (daemon.daemonize).
Status Daemonize(const config::Environment& env) {
  if (env.daemon.daemonize) {
    pid_t pid = fork();
    if (pid < 0) return Fail("fork failed");
    if (pid > 0) _exit(0);
    setsid();
    pid = fork();
    if (pid < 0) return Fail("fork failed");
    if (pid > 0) _exit(0);
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
      dup2(null, 0);
      if (env.log.destination == "stdout" || env.log.destination == "stderr") {
        dup2(null, 1);
        dup2(null, 2);
      }
      if (null > 2) close(null);
    }
  }
  return Ok();
}

// The server reads its configuration again at each reload: a pipe or a
// device would give something else (or nothing) the second time.
Status CheckServerFiles(const std::vector<std::string>& files) {
  for (const std::string& f : files) {
    struct stat st {};
    // A missing file is the parser's to report, with the others.
    if (stat(f.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
      return Fail(
          f + " is not a regular file: the server reads its configuration again at each reload");
  }
  return Ok();
}

int Serve(config::Environment env, Options options) {
  if (Status s = CheckServerFiles(options.config_files); !s) {
    std::cerr << "herald: " << s.error().message << "\n";
    return 1;
  }
  // Before anything is created, the log file included (0640 with the
  // default 0137, as ExaBGP, which also sets it before opening its log).
  umask(env.daemon.umask);
  if (Status s = log::Configure(env.log); !s) {
    std::cerr << "herald: " << s.error().message << "\n";
    return 1;
  }
  if (Status s = Daemonize(env); !s) {
    log::Error(Category::kDaemon, "{}", s.error().message);
    return 1;
  }
  // Removed when Serve returns, also after the privilege drop (pid_file.h).
  std::unique_ptr<PidFile> pid_file;
  if (!env.daemon.pid.empty()) {
    auto created = PidFile::Create(env.daemon.pid);
    if (!created) {
      log::Error(Category::kDaemon, "{}", created.error().message);
      log::Flush();
      return 1;
    }
    pid_file = std::move(*created);
  }
  log::Info(Category::kDaemon, "herald {} starting", HERALD_VERSION);
  asio::io_context io(1);
  Daemon daemon(io, std::move(env), std::move(options));
  if (Status s = daemon.Start(); !s) {
    log::Error(Category::kDaemon, "{}", s.error().message);
    log::Flush();
    return 1;
  }
  io.run();
  log::Flush();
  return daemon.exit_code();
}

int Main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);
  // `herald CONFIG...` is `herald server CONFIG...`; `--test` is `validate`.
  std::vector<std::string> args(argv + 1, argv + argc);
  static const char* kCommands[] = {"server", "validate", "version", "demo", "env",
                                    "-h",     "--help",   "--version"};
  if (!args.empty() && args[0] == "--test") args[0] = "validate";
  if (args.empty() || std::find(std::begin(kCommands), std::end(kCommands), args[0]) == std::end(kCommands))
    args.insert(args.begin(), "server");

  CLI::App app{"herald: a fast, ExaBGP-compatible BGP speaker"};
  app.set_version_flag("--version", "herald " HERALD_VERSION);
  app.require_subcommand(1);

  auto* server = app.add_subcommand("server", "run the daemon (the default command)");
  std::vector<std::string> files;
  bool verbose = false, debug = false, once = false, passive = false, memory = false, pdb = false;
  int signal_after = 0;
  std::string env_file;
  server->add_option("configuration", files, "configuration file(s)")->required();
  server->add_flag("-v,--verbose", verbose, "turn on every log category");
  server->add_flag("-d,--debug", debug, "debug logging of everything to the terminal");
  server->add_option("-s,--signal", signal_after, "send SIGUSR1 (reload) to herald after N seconds");
  server->add_flag("-1,--once", once, "one connection attempt per peer (tcp.once)");
  server->add_flag("-P,--passive", passive, "only accept incoming connections");
  server->add_flag("-m,--memory", memory, "print memory use on exit");
  server->add_flag("-p,--pdb", pdb, "accepted for ExaBGP compatibility; ignored");
  server->add_option("--env-file", env_file, "read environment settings from this file");

  auto* validate = app.add_subcommand("validate", "check configuration files and exit");
  std::vector<std::string> vfiles;
  bool vprint = false;
  validate->add_option("configuration", vfiles, "configuration file(s)")->required();
  validate->add_flag("-p,--print", vprint, "print the configuration as herald understood it");
  validate->add_flag("-v,--verbose", verbose, "accepted for ExaBGP compatibility");

  auto* version = app.add_subcommand("version", "print the version");

  auto* envcmd = app.add_subcommand("env", "print every environment setting and its value");
  envcmd->add_option("--env-file", env_file, "read environment settings from this file");

  auto* demo = app.add_subcommand(
      "demo", "announce a health-checked service IP to a BGP peer on loopback, and show it");
  DemoOptions demo_options;
  demo->add_option("--port", demo_options.port, "TCP port of the demo peer");
  demo->add_option("--seconds", demo_options.seconds, "how long the demo runs");

  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  if (version->parsed()) {
    std::cout << "herald " << HERALD_VERSION << "\n";
    return 0;
  }
  if (validate->parsed()) return Validate(vfiles, vprint);
  if (envcmd->parsed()) {
    auto env = Environment(env_file);
    if (!env) {
      std::cerr << "herald: " << env.error().message << "\n";
      return 1;
    }
    for (const auto& line : config::DescribeEnvironment(*env)) std::cout << line << "\n";
    return 0;
  }
  if (demo->parsed()) return RunDemo(demo_options);

  auto env = Environment(env_file);
  if (!env) {
    std::cerr << "herald: " << env.error().message << "\n";
    return 1;
  }
  if (verbose) env->log.all = true;
  if (debug) {
    env->log.all = true;
    env->log.level = log::Level::kDebug;
    env->log.destination = "stdout";
  }
  if (once) env->tcp.once = true;
  if (memory) env->debug.memory = true;
  Options options;
  options.config_files = files;
  options.passive = passive;
  options.memory = env->debug.memory;
  if (signal_after > 0) options.reload_after = signal_after;
  return Serve(std::move(*env), std::move(options));
}

}  // namespace
}  // namespace herald::daemon

int main(int argc, char** argv) { return herald::daemon::Main(argc, argv); }
