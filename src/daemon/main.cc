// herald: the command line (command_line.h) and the server's start-up. The
// other tools live in tool_*.cc (tools.h).
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>

#include "base/log.h"
#include "config/environment.h"
#include "daemon/cli_shell.h"
#include "daemon/command_line.h"
#include "daemon/daemon.h"
#include "daemon/demo.h"
#include "daemon/pid_file.h"
#include "daemon/tools.h"
#include "healthcheck/healthcheck.h"

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

// Several configuration files, neither merged (--merge) nor taken in turn
// (debug.rotate): one daemon per file, as ExaBGP forks one per file. The
// parent passes its signals on to them and waits for them all. What would
// clash between them is refused (a log file, a pid file) or given to the
// first one only (the CLI's named pipes and the control socket).
int ServeEach(config::Environment env, Options options) {
  const std::vector<std::string> files = options.config_files;
  const std::string& dest = env.log.destination;
  if (!(dest == "stdout" || dest == "stderr" || dest == "syslog")) {
    std::cerr << "herald: can not log to a file with several configuration files (one daemon each): use "
                 "--merge, debug.rotate, or log.destination stdout, stderr or syslog\n";
    return 1;
  }
  if (!env.daemon.pid.empty()) {
    std::cerr << "herald: daemon.pid with several configuration files (one daemon each): use --merge or "
                 "debug.rotate\n";
    return 1;
  }
  // Blocked until the children run: a signal meanwhile waits, then goes on.
  sigset_t forwarded, old;
  sigemptyset(&forwarded);
  for (int sig : {SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGUSR2, SIGALRM}) sigaddset(&forwarded, sig);
  sigprocmask(SIG_BLOCK, &forwarded, &old);
  std::vector<pid_t> children;
  for (size_t i = 0; i < files.size(); ++i) {
    pid_t pid = fork();
    if (pid < 0) {
      std::cerr << "herald: fork failed\n";
      for (pid_t c : children) kill(c, SIGTERM);
      break;
    }
    if (pid == 0) {
      sigprocmask(SIG_SETMASK, &old, nullptr);
      config::Environment mine = env;
      Options one = options;
      one.config_files = {files[i]};
      if (i > 0) {  // one CLI per machine: the first daemon's
        mine.api.cli = false;
        mine.api.socket.clear();
      }
      _exit(Serve(std::move(mine), std::move(one)));
    }
    children.push_back(pid);
  }
  int exit_code = 0;
  size_t running = children.size();
  while (running > 0) {
    int sig = 0;
    timespec tick{0, 200 * 1000 * 1000};
    siginfo_t info{};
    sig = sigtimedwait(&forwarded, &info, &tick);
    // SIGINT comes from the terminal, to the whole process group: the
    // daemons have it already (a second one would stop them at once).
    if (sig > 0 && sig != SIGINT)
      for (pid_t c : children) kill(c, sig);
    int status = 0;
    pid_t done;
    while ((done = waitpid(-1, &status, WNOHANG)) > 0) {
      --running;
      int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      if (code && !exit_code) exit_code = code;
    }
  }
  return exit_code;
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
  std::vector<std::string> args(argv + 1, argv + argc);
  // Installed as heraldcli (or exabgpcli, the compatibility package's
  // name), herald is `herald cli`.
  std::string_view self = argc > 0 ? argv[0] : "";
  self = self.substr(self.rfind('/') == std::string_view::npos ? 0 : self.rfind('/') + 1);
  if (self == "heraldcli" || self == "exabgpcli") args.insert(args.begin(), "cli");
  auto cl = ParseCommandLine(std::move(args), std::cout, std::cerr, &exit_code);
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
    case Tool::kHealthcheck:
      return healthcheck::RunHealthcheck(cl->healthcheck_args);
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
      // Both ends a terminal: the shell with line editing, history and
      // completion; otherwise lines from stdin as scripts pipe them in.
      if (options.command.empty() && isatty(0) && isatty(1)) return RunCliShell(options);
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
  if (flags.pdb) std::cerr << "herald: -p/--pdb (ExaBGP's Python debugger) has no meaning for herald: ignored\n";
  Options options;
  options.config_files = flags.files;
  options.passive = flags.passive || env->bgp.passive;
  options.memory = env->debug.memory;
  if (flags.signal_after > 0) options.reload_after = flags.signal_after;
  if (flags.files.size() > 1 && !flags.merge) {
    if (!env->debug.rotate) return ServeEach(std::move(*env), std::move(options));
    options.rotate = true;
  }
  return Serve(std::move(*env), std::move(options));
}

}  // namespace
}  // namespace herald::daemon

int main(int argc, char** argv) { return herald::daemon::Main(argc, argv); }
