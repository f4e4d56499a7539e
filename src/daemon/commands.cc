// The API side of the daemon: lines from a source (a process, the CLI's
// pipes, a control socket client) become commands, commands change the
// peers' adj-RIB-outs, and each command is answered `done` or `error` when
// the source's ack is on.
#include <algorithm>

#include "base/log.h"
#include "api/command_print.h"
#include "daemon/daemon.h"
#include "rib/fit.h"
#include "wire/message.h"

#ifndef HERALD_VERSION
#define HERALD_VERSION "0.0.0"
#endif

namespace herald::daemon {

using log::Category;

namespace {

bool Matches(const api::NeighborFilter& f, const config::NeighborConfig& n) {
  if (!f.any && f.peer_address != n.peer_address) return false;
  if (f.local_address && (!n.local_address || *f.local_address != *n.local_address)) return false;
  if (f.local_as && *f.local_as != n.local_as) return false;
  if (f.peer_as && *f.peer_as != n.peer_as) return false;
  if (f.router_id && *f.router_id != n.router_id) return false;
  // herald has no multi-session: every neighbor negotiates its families in
  // the OPEN, which ExaBGP names "in-open".
  if (f.family_allowed && *f.family_allowed != "in-open") return false;
  return true;
}

bool Configured(const config::NeighborConfig& n, wire::Family f) {
  return std::find(n.families.begin(), n.families.end(), f) != n.families.end();
}

}  // namespace

// flush and clear act on every neighbor (not only the process's), as in
// ExaBGP, unless a selector narrows them.
bool Daemon::Selected(const api::Command& command, const net::Peer& peer) const {
  if (command.neighbors.empty()) return true;
  for (const api::NeighborFilter& f : command.neighbors)
    if (Matches(f, peer.config())) return true;
  return false;
}

std::vector<net::Peer*> Daemon::Select(const Source& source, const api::Command& command) const {
  std::vector<net::Peer*> all;
  if (source.all_peers)
    for (const auto& p : peers_) all.push_back(p.get());
  const std::vector<net::Peer*>& scope = source.all_peers ? all : source.peers;
  if (command.neighbors.empty()) return scope;
  std::vector<net::Peer*> out;
  for (net::Peer* p : scope)
    if (Selected(command, *p)) out.push_back(p);
  return out;
}

// A route whose attributes cannot fit in one UPDATE is refused here when
// that can be told: no session could carry it, or an established session of
// a selected neighbor cannot. The previous version of the route stays. (A
// session that comes up later without extended messages gets the route
// withdrawn at send time, with a log line: rib::AdjRibOut.)
Status Daemon::CheckFits(const rib::AttrSet& attrs, wire::Family family,
                         const std::vector<net::Peer*>& peers) const {
  if (rib::MaxUpdateSize(attrs) <= wire::kMaxMessageSize) return Ok();  // fits every session
  if (Status s = rib::CheckFitsAnySession(attrs, family); !s)
    return Fail("route refused: " + s.error().message + " (no BGP session can carry it)");
  for (const net::Peer* p : peers) {
    auto session = p->SessionContext();
    if (!session || !Configured(p->config(), family)) continue;
    if (Status s = rib::CheckFits(attrs, family, *session); !s)
      return Fail("route refused: " + s.error().message + " to " + p->LogName());
  }
  return Ok();
}

// Acks go to the Supervisor as acks: capped for a process that does not
// read them (supervisor.h), never counted as congestion; output (show,
// help) as events, never dropped.
void Daemon::Process::Write(std::string_view line, bool answer) {
  std::string& out = daemon->PendingFor(*this, answer);
  if (out.empty()) daemon->dirty_processes_.push_back(this);
  out.append(line);
  out.push_back('\n');
}

void Daemon::Refuse(Source& process, std::string_view why, std::string_view line) {
  // A process writing garbage gets an `error` for every line, but the log
  // only the first lines of each second (then a count), each escaped and
  // cut to a readable length.
  ++process.lines_refused;
  if (Admit(process.errors, process.who, log::Level::kError)) {
    if (line.empty())
      log::Error(Category::kProcesses, "{}: {}", process.who, why);
    else
      log::Error(Category::kProcesses, "{}: {} in command: {}", process.who,
                 log::Printable(why), log::Printable(line));
  }
  if (process.ack) Answer(process, "error");
}

bool Daemon::Admit(std::unique_ptr<process::ThrottledLog>& throttle, const std::string& who,
                   log::Level level) {
  if (!throttle) throttle = std::make_unique<process::ThrottledLog>(io_, Category::kProcesses, level, who);
  return throttle->Admit();
}

void Daemon::OnProcessLine(const std::string& name, std::string_view line) {
  if (Process* process = FindProcess(name)) RunLine(*process, line);
}

void Daemon::RunLine(Source& source, std::string_view line) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  if (line.empty()) return;
  ++source.lines_read;
  if (log::Enabled(Category::kProcesses, log::Level::kDebug))
    log::Debug(Category::kProcesses, "command from {}: {}", source.who, log::Printable(line));
  if (Status s = api::ParseTextCommand(line, &command_); !s) return Refuse(source, s.error().message, line);
  touched_.clear();
  if (Status s = Execute(source, command_); !s) return Refuse(source, s.error().message, line);
  if (source.ack) AnswerDone(source);
}

void Daemon::OnProcessOverlongLine(const std::string& name, size_t length) {
  Process* process = FindProcess(name);
  if (!process) return;
  ++process->lines_read;
  // The Supervisor's default limits are the daemon's.
  Refuse(*process,
         fmt::format("line longer than {} bytes ({}+) skipped", process::Limits{}.max_line, length),
         {});
}

void Daemon::OnProcessBatchEnd(const std::string&) { EndBatch(); }

void Daemon::EndBatch() {
  // One flush per batch of lines: a burst of announcements becomes full
  // UPDATEs, a single health-check line goes out at once.
  for (net::Peer* p : dirty_peers_) p->Flush();
  dirty_peers_.clear();
  FlushProcesses();
}

// ExaBGP's defaults (SequencedOperationalFamily.message): the router id of
// the neighbor's OPEN; with no router id given, sequence 1 (ExaBGP counts
// under the absent router id, which it never stores); with one, the next
// number after the last one used for that router id, daemon-wide.
void Daemon::FillOperational(const net::Peer& peer, wire::Operational* op) {
  const wire::OperationalType* t = op->Known();
  if (t == nullptr || t->category == wire::OperationalType::Category::kAdvisory) return;
  bool given = op->router_id != 0;
  if (!given) op->router_id = peer.config().router_id.is_v4() ? peer.config().router_id.v4() : 0;
  if (op->sequence != 0) return;  // given: used as it is, not counted
  op->sequence = given ? static_cast<uint32_t>((uint64_t{operational_sequences_[op->router_id]} + 1) % 0xFFFFFFFF) : 1;
  operational_sequences_[op->router_id] = op->sequence;
}

// A path identifier goes out only under ADD-PATH send (RFC 7911 §3). The
// route is sent without it, as ExaBGP sends it; the process is told once,
// in the log, as the configuration is told at the route's location.
void Daemon::WarnUnsentPathId(const net::Peer& peer, const rib::Route& route) {
  uint32_t id = route.nlri.empty() ? 0 : route.nlri[0].path_id;
  if (id == 0 && !route.generic.empty()) id = route.generic[0].path_id;
  if (id == 0) return;
  if (peer.config().SendsPathIds(route.family)) return;
  if (!unsent_path_ids_.insert(peer.LogName() + " " + route.family.Name()).second) return;
  log::Warn(Category::kRoutes,
            "{}: path-information {} is not sent: the neighbor has no ADD-PATH send for {} (capability {{ "
            "add-path send; }}), so routes to one prefix that differ only by path-information replace each "
            "other at the peer (said once per neighbor and family)",
            peer.LogName(), id, route.family.Name());
}

Status Daemon::Execute(Source& process, const api::Command& command) {
  using Kind = api::CommandKind;
  auto mark = [this](net::Peer* p) {
    if (std::find(dirty_peers_.begin(), dirty_peers_.end(), p) == dirty_peers_.end())
      dirty_peers_.push_back(p);
    if (std::find(touched_.begin(), touched_.end(), p) == touched_.end()) {
      touched_.push_back(p);
      p->NoteChange();
    }
  };
  switch (command.kind) {
    case Kind::kAnnounceRoute:
    case Kind::kWithdrawRoute: {
      std::vector<net::Peer*> peers = Select(process, command);
      if (peers.empty()) return Fail("no neighbor matching the command");
      const rib::Route& r = command.route;
      bool announce = command.kind == Kind::kAnnounceRoute;
      rib::AttrRef attrs;
      if (announce) {
        attrs = pool_.Intern(r.next_hop, r.attrs);
        if (Status s = CheckFits(*attrs, r.family, peers); !s) return s;
      }
      size_t applied = 0;
      for (net::Peer* p : peers) {
        if (!Configured(p->config(), r.family)) {
          log::Warn(Category::kRoutes, "{}: family {} is not configured, route ignored", p->LogName(),
                    r.family.Name());
          continue;
        }
        if (announce) WarnUnsentPathId(*p, r);
        for (const wire::InetNlri& nlri : r.nlri) {
          if (!announce) {
            Unwatch(p, r.family, nlri);
            p->rib().Withdraw(r.family, nlri);
          } else if (r.watchdog.empty()) {
            Unwatch(p, r.family, nlri);
            p->rib().Announce(r.family, nlri, attrs);
          } else if (Watch(p, r.family, nlri, r.watchdog, attrs, command.held)) {
            p->rib().Announce(r.family, nlri, attrs);
          }
        }
        // Other families (FlowSpec): no watchdog groups (the parsers take none).
        for (const wire::GenericNlri& nlri : r.generic) {
          if (announce) p->rib().Announce(r.family, nlri, attrs);
          else p->rib().Withdraw(r.family, nlri);
        }
        ++applied;
        mark(p);
      }
      if (!applied) return Fail("the family " + r.family.Name() + " is not configured on the neighbor(s)");
      if (log::Enabled(Category::kRoutes, log::Level::kDebug)) {
        for (const wire::InetNlri& nlri : r.nlri)
          log::Debug(Category::kRoutes, "route {} {} for {} neighbor(s)",
                     announce ? "announced" : "withdrawn", nlri.prefix.ToString(), applied);
        if (!r.generic.empty())
          log::Debug(Category::kRoutes, "{} {} route(s) {} for {} neighbor(s)", r.generic.size(), r.family.Name(),
                     announce ? "announced" : "withdrawn", applied);
      }
      return Ok();
    }
    case Kind::kAnnounceEor: {
      std::vector<net::Peer*> peers = Select(process, command);
      if (peers.empty()) return Fail("no neighbor matching the command");
      for (net::Peer* p : peers) {
        std::vector<wire::Family> families =
            command.family ? std::vector<wire::Family>{*command.family} : p->negotiated_families();
        for (const wire::Family& f : families) p->rib().QueueEndOfRib(f);
        mark(p);
      }
      return Ok();
    }
    case Kind::kAnnounceRouteRefresh: {
      std::vector<net::Peer*> peers = Select(process, command);
      if (peers.empty()) return Fail("no neighbor matching the command");
      bool any = false;
      for (net::Peer* p : peers) any |= p->RequestRefresh(*command.family);
      if (!any) return Fail("route refresh for " + command.family->Name() + " is not negotiated");
      return Ok();
    }
    case Kind::kAnnounceOperational: {
      std::vector<net::Peer*> peers = Select(process, command);
      if (peers.empty()) return Fail("no neighbor matching the command");
      std::string why;
      size_t sent = 0;
      for (net::Peer* p : peers) {
        wire::Operational op = command.operational;
        FillOperational(*p, &op);
        std::string not_sent = p->SendOperational(op, *command.family);
        if (not_sent.empty()) {
          ++sent;
          log::Info(Category::kReactor, "{}: operational message: {}", p->LogName(),
                    api::PrintTextCommand(command));
        } else {
          log::Warn(Category::kReactor, "{}: operational message not sent: {}", p->LogName(), not_sent);
          why = std::move(not_sent);
        }
      }
      if (!sent) return Fail("operational message not sent: " + why);
      return Ok();
    }
    case Kind::kTeardown: {
      std::vector<net::Peer*> peers = Select(process, command);
      if (peers.empty()) return Fail("no neighbor matching the command");
      for (net::Peer* p : peers) {
        log::Info(Category::kReactor, "{}: teardown requested by {}", p->LogName(), process.who);
        p->Reset(wire::Notification{static_cast<uint8_t>(wire::ErrorCode::kCease), command.subcode, {}},
                 "teardown requested");
      }
      return Ok();
    }
    case Kind::kShutdown:
      Output(process, "shutdown in progress");
      asio::post(io_, [this, who = process.who] { Shutdown("shutdown requested by " + who); });
      return Ok();
    case Kind::kReload:
      Output(process, "reload in progress");
      asio::post(io_, [this] { RequestReload(kReloadOnly); });
      return Ok();
    case Kind::kRestart:
      Output(process, "restart in progress");
      asio::post(io_, [this] { RequestReload(kRestartSessions); });
      return Ok();
    case Kind::kAnnounceWatchdog:
    case Kind::kWithdrawWatchdog:
      SetWatchdog(command.text.empty() ? process.name : command.text,
                  command.kind == Kind::kAnnounceWatchdog);
      return Ok();
    case Kind::kEnableAck:
      process.ack = true;
      return Ok();
    case Kind::kDisableAck:
      // This command is still answered; the next ones are not.
      process.ack = false;
      Answer(process, "done");
      return Ok();
    case Kind::kSilenceAck:
      process.ack = false;
      return Ok();
    case Kind::kEnableSync:
      process.sync = true;
      return Ok();
    case Kind::kDisableSync:
      process.sync = false;
      return Ok();
    case Kind::kShowNeighbor:
      return ShowNeighbor(process, command);
    case Kind::kShowAdjRib:
      return ShowAdjRib(process, command);
    case Kind::kFlushAdjRibOut: {
      // Every route sent again to the selected established neighbors.
      size_t flushed = 0;
      for (auto& owned : peers_) {
        net::Peer* p = owned.get();
        if (!p->established() || !Selected(command, *p)) continue;
        for (const wire::Family& f : p->negotiated_families()) p->rib().Refresh(f, false);
        mark(p);
        ++flushed;
      }
      if (!flushed) return Fail("no established neighbor matching the command");
      return Ok();
    }
    case Kind::kClearAdjRib: {
      size_t cleared = 0;
      if (command.rib_in) {
        for (auto& owned : peers_) {
          if (!Selected(command, *owned)) continue;
          rib::AdjRibIn* in = RibIn(*owned);
          if (!in) continue;
          in->Clear();
          ++cleared;
        }
        if (!cleared)
          return Fail("no matching neighbor keeps an adj-rib-in (`adj-rib-in true;`, off by default in herald)");
        return Ok();
      }
      for (auto& owned : peers_) {
        net::Peer* p = owned.get();
        if (!Selected(command, *p)) continue;
        p->rib().WithdrawAll();
        mark(p);
        ++cleared;
      }
      if (!cleared) return Fail("no neighbor matching the command");
      return Ok();
    }
    case Kind::kHelp:
      Help(process);
      return Ok();
    case Kind::kReset:
      // herald runs each command at once: no queued command to drop.
      return Ok();
    case Kind::kCrash:
      return Fail("crash is refused: herald does not crash on request");
    case Kind::kVersion:
      Answer(process, "herald " HERALD_VERSION);
      return Ok();
    case Kind::kComment:
      if (Admit(process.comments, process.who, log::Level::kInfo))
        log::Info(Category::kProcesses, "{}: {}", process.who, log::Printable(command.text));
      return Ok();
  }
  return Fail("command not supported");
}

}  // namespace herald::daemon
