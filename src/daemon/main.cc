// herald: the command line (command_line.h) and the server's start-up. The
// other tools live in tool_*.cc (tools.h).
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>

#include "base/log.h"
#include "config/environment.h"
#include "daemon/command_line.h"
#include "daemon/daemon.h"
#include "daemon/demo.h"
#include "daemon/pid_file.h"
#include "daemon/tools.h"

extern char** environ;

namespace herald::daemon {
namespace {

using log::Category;

Result<config::Environment> Environment(const std::string& env_file) {
  std::vector<std::string> warnings;
  auto env = config::LoadEnvironment(environ, config::FindEnvFile(environ, env_file), &warnings);
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

api::Host DecodeHost() {
  api::Host host;
  char name[256] = {};
  if (gethostname(name, sizeof(name) - 1) == 0) host.host = name;
  host.pid = getpid();
  host.ppid = getppid();
  return host;
}

int Main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);
  int exit_code = 0;
  auto cl = ParseCommandLine(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr,
                             &exit_code);
  if (!cl) return exit_code;
  using Tool = CommandLine::Tool;
  switch (cl->tool) {
    case Tool::kVersion:
      std::cout << "herald " << HERALD_VERSION << "\n";
      return 0;
    case Tool::kValidate:
      return RunValidate(cl->validate, std::cout, std::cerr);
    case Tool::kDecode:
      return RunDecode(cl->decode, DecodeHost(), std::cout, std::cerr);
    case Tool::kEnv:
      return RunEnv(cl->env, environ, std::cout, std::cerr);
    case Tool::kDemo:
      return RunDemo(cl->demo);
    case Tool::kCli: {
      CliOptions options = cl->cli;
      if (!cl->cli_socket_given) {
        auto env = Environment(cl->env_file);
        if (!env) {
          std::cerr << "herald: " << env.error().message << "\n";
          return 1;
        }
        options.socket = env->api.socket;
      }
      options.interactive = isatty(0);
      return RunCli(options, std::cin, std::cout, std::cerr);
    }
    case Tool::kServer:
      break;
  }

  auto env = Environment(cl->env_file);
  if (!env) {
    std::cerr << "herald: " << env.error().message << "\n";
    return 1;
  }
  const ServerFlags& flags = cl->server;
  if (flags.verbose) env->log.all = true;
  if (flags.debug) {
    env->log.all = true;
    env->log.level = log::Level::kDebug;
    env->log.destination = "stdout";
  }
  if (flags.once) env->tcp.once = true;
  if (flags.memory) env->debug.memory = true;
  Options options;
  options.config_files = flags.files;
  options.passive = flags.passive || env->bgp.passive;
  options.memory = env->debug.memory;
  if (flags.signal_after > 0) options.reload_after = flags.signal_after;
  return Serve(std::move(*env), std::move(options));
}

}  // namespace
}  // namespace herald::daemon

int main(int argc, char** argv) { return herald::daemon::Main(argc, argv); }
