// herald cli: sends API commands to a running herald through its control
// socket (api.socket) and prints the answers.
//
//   herald cli show neighbor summary       one command; exit 0 on done, 1 on error
//   herald cli s n s                       ExaBGP's nicknames, expanded as its CLI does
//   herald cli                             commands read from stdin, one per line
//                                          (with a prompt when stdin is a terminal;
//                                          stdout one too: the shell, cli_shell.cc)
#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "daemon/tools.h"

namespace herald::daemon {

namespace {

using Words = std::vector<std::string>;

// ExaBGP 5.0's nicknames, in its order, with its conditions on the words
// already expanded (`pre`) and the position. Its conditions that compare
// the whole list with a word, or count dots in it, never hold; they are
// kept as such so that herald expands exactly what ExaBGP expands.
struct Nickname {
  const char* nick;
  const char* name;
  std::function<bool(size_t pos, const Words& pre)> match;
};

const std::vector<Nickname>& Nicknames() {
  auto first = [](size_t pos, const Words&) { return pos == 0; };
  auto after = [](std::initializer_list<const char*> words) {
    Words w(words.begin(), words.end());
    return [w](size_t, const Words& pre) {
      for (const auto& x : w)
        if (pre.back() == x) return true;
      return false;
    };
  };
  auto never = [](size_t, const Words&) { return false; };
  auto always = [](size_t, const Words&) { return true; };
  static const std::vector<Nickname> table = {
      {"a", "announce", first},
      {"a", "attributes", after({"announce", "withdraw"})},
      {"c", "configuration", always},
      {"e", "eor", after({"announce"})},
      {"e", "extensive", [](size_t, const Words& pre) {
         for (const auto& w : pre)
           if (w == "show") return true;
         return false;
       }},
      {"f", "flow", after({"announce", "withdraw"})},
      {"f", "flush", first},
      {"h", "help", first},
      {"i", "in", after({"adj-rib"})},
      {"n", "neighbor", [](size_t pos, const Words& pre) { return pos == 0 || pre.back() == "show"; }},
      {"r", "route", never},
      {"rr", "route-refresh", never},
      {"s", "show", first},
      {"t", "teardown", first},
      {"s", "summary", [](size_t pos, const Words&) { return pos != 0; }},
      {"v", "vps", after({"announce", "withdraw"})},
      {"o", "operation", after({"announce"})},
      {"o", "out", after({"adj-rib"})},
      {"a", "adj-rib", after({"clear", "flush", "show"})},
      {"w", "withdraw", first},
      {"w", "watchdog", after({"announce", "withdraw"})},
      {"neighbour", "neighbor", always},
      {"neigbour", "neighbor", always},
      {"neigbor", "neighbor", always},
  };
  return table;
}

// Reads one answer: lines until done or error. 0: done, 1: error, 2: the
// connection ended first.
int ReadAnswer(int fd, std::string* buffer, std::ostream& out, std::ostream& err) {
  while (true) {
    size_t nl;
    while ((nl = buffer->find('\n')) != std::string::npos) {
      std::string line = buffer->substr(0, nl);
      buffer->erase(0, nl + 1);
      if (line == "done") return 0;
      if (line == "error") {
        err << "herald returns an error (see herald's log for more information)\n"
               "use help for a list of available commands\n";
        return 1;
      }
      out << line << "\n";
    }
    out.flush();
    char buf[65536];
    ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      err << "herald cli: the connection to herald ended before the answer did\n";
      return 2;
    }
    buffer->append(buf, static_cast<size_t>(n));
  }
}

bool SendLine(int fd, const std::string& line) {
  std::string l = line + "\n";
  size_t at = 0;
  while (at < l.size()) {
    ssize_t n = ::write(fd, l.data() + at, l.size() - at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    at += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

std::string ExpandNicknames(const std::vector<std::string>& command) {
  Words renamed = {""};
  for (size_t pos = 0; pos < command.size(); ++pos) {
    const std::string& token = command[pos];
    bool replaced = false;
    for (const Nickname& n : Nicknames()) {
      std::string_view name = n.name;
      if ((token == n.nick || (!token.empty() && name.starts_with(token))) && n.match(pos, renamed)) {
        renamed.emplace_back(n.name);
        replaced = true;
        break;
      }
    }
    if (!replaced) renamed.push_back(token);
  }
  std::string out;
  for (const auto& w : renamed) {
    if (w.empty()) continue;
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

CliConnection::~CliConnection() {
  if (fd_ >= 0) ::close(fd_);
}

bool CliConnection::Connect(const std::string& socket, std::ostream& err) {
  if (socket.empty()) {
    err << "herald cli: no control socket (api.socket is empty)\n";
    return false;
  }
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (socket.size() >= sizeof(addr.sun_path)) {
    err << "herald cli: socket path too long: " << socket << "\n";
    return false;
  }
  std::strncpy(addr.sun_path, socket.c_str(), sizeof(addr.sun_path) - 1);
  fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    err << "herald cli: cannot connect to herald's control socket " << socket << ": " << std::strerror(errno)
        << " (is herald running? see api.socket)\n";
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    return false;
  }
  return true;
}

int CliConnection::Run(const std::string& line, std::ostream& out, std::ostream& err) {
  if (!SendLine(fd_, line)) {
    err << "herald cli: cannot send the command: " << std::strerror(errno) << "\n";
    return 2;
  }
  return ReadAnswer(fd_, &buffer_, out, err);
}

std::vector<std::string> SplitCommandWords(std::string_view line) {
  std::vector<std::string> words;
  size_t at = 0;
  while (at < line.size()) {
    size_t start = line.find_first_not_of(" \t", at);
    if (start == std::string_view::npos) break;
    size_t end = line.find_first_of(" \t", start);
    words.emplace_back(line.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    at = end == std::string_view::npos ? line.size() : end;
  }
  return words;
}

int RunCli(const CliOptions& options, std::istream& in, std::ostream& out, std::ostream& err) {
  CliConnection connection;
  if (!connection.Connect(options.socket, err)) return 1;
  auto run = [&](const std::string& line) { return connection.Run(line, out, err); };
  int code = 0;
  if (!options.command.empty()) {
    std::string line = ExpandNicknames(options.command);
    std::string given;
    for (const auto& w : options.command) given += (given.empty() ? "" : " ") + w;
    if (line != given) out << "command: " << line << "\n";
    code = run(line);
  } else {
    bool tty = options.interactive;
    std::string line;
    while (true) {
      if (tty) out << "herald> " << std::flush;
      if (!std::getline(in, line)) break;
      std::vector<std::string> words = SplitCommandWords(line);
      if (words.empty()) continue;
      if (tty && (words[0] == "exit" || words[0] == "quit")) break;
      int c = run(ExpandNicknames(words));
      if (c == 2) {
        code = 2;
        break;
      }
      if (c) code = c;
    }
    if (tty) out << "\n";
  }
  return code;
}

}  // namespace herald::daemon
