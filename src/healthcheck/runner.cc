// The health checker's process: options, logging, pid file, IP setup,
// privileges, then the loop that runs the check and performs what the
// Checker (checker.h) decides, with SIGTERM/SIGINT withdrawing the IPs.
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

#include "healthcheck/checker.h"
#include "healthcheck/command.h"
#include "healthcheck/healthcheck.h"
#include "healthcheck/ip_setup.h"
#include "healthcheck/log.h"

namespace herald::healthcheck {
namespace {

constexpr size_t kMaxHosts = 65536;  // the addresses one --ip may set up
constexpr int kAckTimeoutMs = 10000;

double Now() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

std::set<std::string> Ifnames(const Options& o) {
  std::set<std::string> names{"lo"};
  for (const auto& x : o.ip_ifnames) names.insert(x.ifname);
  return names;
}

std::vector<Prefix> AllHosts(const Options& o) {
  std::vector<Prefix> out;
  for (const Prefix& net : o.ips)
    for (const Prefix& h : Hosts(net, kMaxHosts)) out.push_back(h);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Adds the missing IPs (add) or removes those set up (!add), warning about
// each failure. false: the addresses could not be listed.
bool ChangeIps(const Options& o, bool add, Log& log) {
  std::string error;
  auto all = ListAddresses(&error);
  if (!error.empty()) {
    log.Error(error);
    return false;
  }
  auto existing = SystemIps(all, Ifnames(o), o.label, o.label_exact_match);
  std::sort(existing.begin(), existing.end());
  for (const Prefix& ip : AllHosts(o)) {
    bool present = std::binary_search(existing.begin(), existing.end(), ip);
    if (present == add) continue;
    std::string ifname = IfnameOf(ip, o.ip_ifnames);
    log.Debug(std::string(add ? "Setup " : "Remove ") + ifname + " IP address " + ip.ToString());
    std::string e = ChangeAddress(add, ifname, ip, o.label);
    if (e.empty()) continue;
    if (add) {
      // As ExaBGP 5.0, which ignores every error `ip address add` reports
      // from the kernel: the service is announced all the same.
      log.Warning("Unable to setup " + ifname + " IP address " + ip.ToString() + " (" + e + ")");
    } else {
      log.Warning("Unable to remove " + ifname + " IP address " + ip.ToString() +
                  " - is healthcheck running as root? (" + e + ")");
    }
  }
  return true;
}

bool DropPrivileges(const Options& o, Log& log) {
  if (!o.group.empty()) {
    group* g = getgrnam(o.group.c_str());
    if (!g || setresgid(g->gr_gid, g->gr_gid, g->gr_gid) != 0) {
      log.Error("unable to set group " + o.group);
      return false;
    }
    log.Debug("Dropping privileges to group " + o.group + "/" + std::to_string(g->gr_gid));
  }
  if (!o.user.empty()) {
    passwd* p = getpwnam(o.user.c_str());
    if (!p || setresuid(p->pw_uid, p->pw_uid, p->pw_uid) != 0) {
      log.Error("unable to set user " + o.user);
      return false;
    }
    log.Debug("Dropping privileges to user " + o.user + "/" + std::to_string(p->pw_uid));
  }
  return true;
}

class Loop {
 public:
  Loop(const Options& o, Log& log, int signal_fd)
      : options_(o), log_(log), signal_fd_(signal_fd), checker_(o), acks_(!o.no_ack && !isatty(1)) {}

  int Run() {
    for (;;) {
      bool disabled = false;
      if (!options_.disable.empty()) {
        struct stat st;
        disabled = stat(options_.disable.c_str(), &st) == 0;
      }
      bool successful = true;
      bool interrupted = false;
      if (!disabled && options_.command)
        successful = RunCheck(*options_.command, options_.timeout, signal_fd_, log_, &interrupted);
      if (interrupted) return Exit();
      Tick tick = checker_.Step(disabled, successful);
      if (!Perform(tick)) return failed_ ? 1 : Exit();
      if (!tick.delay) return 0;
      if (!Sleep(*tick.delay)) return Exit();
    }
  }

 private:
  // false: a signal came (or stdout failed: failed_).
  bool Perform(const Tick& tick) {
    const double start = Now();
    for (const Action& a : tick.actions) {
      if (a.at > 0 && !Sleep(start + a.at - Now())) return false;
      switch (a.kind) {
        case Action::Kind::kLog: log_.Write(a.level, a.text); break;
        case Action::Kind::kExecute: RunHook(a.text, a.state, log_); break;
        case Action::Kind::kSetupIps: ChangeIps(options_, true, log_); break;
        case Action::Kind::kRemoveIps: ChangeIps(options_, false, log_); break;
        case Action::Kind::kPrint:
          log_.Debug("exabgp: " + a.text);
          std::cout << a.text << "\n" << std::flush;
          if (!std::cout) {
            log_.Error("unable to write to stdout");
            failed_ = true;
            return false;
          }
          WaitAck();
          break;
      }
    }
    return true;
  }

  int Exit() {
    Tick tick = checker_.Exit();
    signal_fd_ = -1;  // a second signal does not cut the withdrawals short
    Perform(tick);
    return failed_ ? 1 : 0;
  }

  // false: a signal came first.
  bool Sleep(double seconds) {
    const double end = Now() + seconds;
    for (;;) {
      double left = end - Now();
      if (left <= 0) return true;
      pollfd p{signal_fd_, POLLIN, 0};
      int n = poll(&p, 1, static_cast<int>(left * 1000) + 1);
      if (n > 0 && (p.revents & POLLIN)) return false;
    }
  }

  // One line from stdin (`done`, or anything) after each command, unless
  // --no-ack, stdout is a terminal, or stdin ended. No answer within
  // kAckTimeoutMs: acks are not waited for any more.
  void WaitAck() {
    if (!acks_) return;
    for (;;) {
      if (auto nl = pending_.find('\n'); nl != std::string::npos) {
        pending_.erase(0, nl + 1);
        return;
      }
      pollfd p[2] = {{0, POLLIN, 0}, {signal_fd_, POLLIN, 0}};
      int n = poll(p, 2, kAckTimeoutMs);
      if (n < 0 && errno == EINTR) continue;
      if (n == 0) {
        log_.Warning("no acknowledgement on stdin within " + std::to_string(kAckTimeoutMs / 1000) +
                     " seconds: not waiting for them any more (--no-ack)");
        acks_ = false;
        return;
      }
      if (p[1].revents & POLLIN) return;  // the loop sees the signal next
      char buf[512];
      ssize_t r = read(0, buf, sizeof(buf));
      if (r <= 0) {
        if (r < 0 && errno == EINTR) continue;
        acks_ = false;  // stdin ended: as readline() returning at once
        return;
      }
      pending_.append(buf, static_cast<size_t>(r));
      if (pending_.size() > 65536) pending_.clear();
    }
  }

  const Options& options_;
  Log& log_;
  int signal_fd_;
  Checker checker_;
  bool acks_;
  bool failed_ = false;
  std::string pending_;
};

}  // namespace

int RunHealthcheck(const std::vector<std::string>& args) {
  int exit_code = 0;
  auto parsed = ParseOptions(args, std::cout, std::cerr, &exit_code);
  if (!parsed) return exit_code;
  Options o = std::move(*parsed);
  Log log;
  std::string error;
  if (!log.Setup(o, &error)) {
    std::cerr << "herald healthcheck: " << error << "\n";
    return 2;
  }
  if (o.sudo)
    log.Warning("--sudo is not supported by herald yet: herald sets addresses up through netlink, "
                "which needs CAP_NET_ADMIN (not sudo); ignored");
  if (!o.pid_file.empty()) {
    std::ofstream pid(o.pid_file, std::ios::trunc);
    if (!pid) {
      std::cerr << "herald healthcheck: can't open '" << o.pid_file << "'\n";
      return 2;
    }
    pid << getpid() << "\n";
  }
  // SIGTERM and SIGINT arrive through a signalfd, so that every wait sees them.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigprocmask(SIG_BLOCK, &set, nullptr);
  int signal_fd = signalfd(-1, &set, SFD_CLOEXEC);
  signal(SIGPIPE, SIG_IGN);

  if (o.ips.empty()) {
    auto all = ListAddresses(&error);
    if (error.empty()) o.ips = SystemIps(all, {"lo"}, o.label, o.label_exact_match);
    if (o.ips.empty()) {
      log.Error("No IP found");
      return 1;
    }
  }
  if (o.ip_setup && !ChangeIps(o, true, log)) return 1;
  if (!DropPrivileges(o, log)) return 1;
  if (o.deaggregate_networks) {
    std::vector<Prefix> hosts;
    for (const Prefix& net : o.ips)
      for (const Prefix& h : Hosts(net, kMaxHosts)) hosts.push_back(h);
    o.ips = std::move(hosts);
  }
  if (!o.ips.empty()) {
    long n = static_cast<long>(o.ips.size());
    long shift = ((o.start_ip % n) + n) % n;
    std::rotate(o.ips.begin(), o.ips.begin() + shift, o.ips.end());
  }
  return Loop(o, log, signal_fd).Run();
}

}  // namespace herald::healthcheck
