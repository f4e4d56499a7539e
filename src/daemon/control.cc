// The control channels besides processes: ExaBGP's named pipes for its
// CLI (cli_pipes.h) and herald's control socket (control_socket.h). Their
// lines take the processes' command path (commands.cc).
#include <fmt/ranges.h>

#include "base/log.h"
#include "daemon/daemon.h"

namespace herald::daemon {

using log::Category;

// The CLI's named pipes, when api.cli is on and the operator made them.
void Daemon::StartCli() {
  if (!env_.api.cli) return;
  std::vector<std::string> searched;
  auto dir = FindPipes(env_.api.pipename, &searched);
  if (!dir) {
    log::Info(Category::kDaemon,
              "no named pipes {0}.in and {0}.out for the CLI in {1}: the CLI is off (make them with mkfifo "
              "/run/exabgp/{0}.in /run/exabgp/{0}.out, or set exabgp.api.cli false)",
              env_.api.pipename, fmt::join(searched, " "));
    return;
  }
  cli_source_.name = "cli";
  cli_source_.who = "the CLI (named pipes)";
  cli_source_.all_peers = true;
  cli_source_.ack = true;  // the CLI waits for done or error
  cli_pipes_ = std::make_unique<CliPipes>(
      io_, *dir, env_.api.pipename,
      CliPipes::Callbacks{[this](std::string_view line) { RunLine(cli_source_, line); },
                          [this] { EndBatch(); }});
  cli_source_.pipes = cli_pipes_.get();
  std::string error;
  if (!cli_pipes_->Start(&error)) {
    log::Error(Category::kDaemon, "the CLI is off: {}", error);
    cli_pipes_.reset();
    return;
  }
  log::Info(Category::kDaemon, "CLI: commands read from {}, answers written to {}", cli_pipes_->in_path(),
            cli_pipes_->out_path());
}

// herald's control socket (`herald cli`), when api.socket names one.
void Daemon::StartControlSocket() {
  if (env_.api.socket.empty()) return;
  control_ = std::make_unique<ControlSocket>(
      io_, ControlSocket::Callbacks{
               [this](ControlSocket::Client& c) {
                 auto s = std::make_unique<SocketSource>();
                 s->name = "cli";
                 s->who = "a control socket client";
                 s->all_peers = true;
                 s->client = &c;
                 control_clients_[&c] = std::move(s);
               },
               [this](ControlSocket::Client& c, std::string_view line) {
                 if (auto it = control_clients_.find(&c); it != control_clients_.end()) RunLine(*it->second, line);
               },
               [this](ControlSocket::Client&) { EndBatch(); },
               [this](ControlSocket::Client& c) { control_clients_.erase(&c); }});
  std::string error;
  if (!control_->Start(env_.api.socket, &error)) {
    log::Warn(Category::kDaemon, "no control socket: {}", error);
    control_.reset();
    return;
  }
  log::Info(Category::kDaemon, "control socket: {}", env_.api.socket);
}

}  // namespace herald::daemon
