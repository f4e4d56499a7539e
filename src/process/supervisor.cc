// Supervisor life cycle: starting programs, reaping them, respawning them
// and stopping them. The pipes are handled in supervisor_io.cc.
#include "process/supervisor.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <utility>

#include "base/log.h"
#include "process/spawn.h"
#include "process/supervisor_impl.h"

namespace herald::process {

using log::Category;

namespace {

// The destructor waits this long at most for SIGKILLed programs to be reaped.
constexpr std::chrono::milliseconds kDestructorReapBudget{500};
// stderr is only logged: smaller reads are enough.
constexpr size_t kStderrReadSize = 64 * 1024;
// Between closing a stopped program's stdin and sending SIGTERM: time to
// read its last messages and exit on EOF by itself (ExaBGP waits 0.1 s).
constexpr std::chrono::milliseconds kTermDelay{100};

RespawnPolicy::Settings PolicySettings(const Limits& l) {
  RespawnPolicy::Settings s;
  s.max_deaths_per_minute = l.max_deaths_per_minute;
  s.first_backoff = l.first_backoff;
  s.max_backoff = l.max_backoff;
  s.healthy_run = l.healthy_run;
  return s;
}

}  // namespace

Supervisor::Impl::Run::Run(asio::io_context& io, std::string run_name, const Limits& limits)
    : name(std::move(run_name)),
      in(io),
      out(io),
      err(io),
      out_lines(limits.max_line),
      err_lines(limits.max_line, kStderrReadSize),
      queue(limits.max_queued_acks),
      ack_timer(io),
      stderr_log(io, Category::kProcesses, log::Level::kInfo, name + " stderr"),
      kill_timer(io),
      flush_timer(io),
      term_timer(io),
      eof_timer(io) {}

Supervisor::Impl::Impl(asio::io_context& io, Callbacks callbacks, Limits limits)
    : io_(io), cb_(std::move(callbacks)), limits_(limits), sigchld_(io, SIGCHLD) {
  // A write to a program that died must fail with EPIPE, not kill herald.
  struct sigaction old {};
  if (sigaction(SIGPIPE, nullptr, &old) == 0 && old.sa_handler == SIG_DFL) signal(SIGPIPE, SIG_IGN);
  WaitSigchld();
}

Supervisor::Impl::~Impl() {
  *alive_ = false;
  std::vector<std::shared_ptr<Run>> runs = stopping_;
  for (auto& [name, entry] : entries_) {
    entry->owner = nullptr;
    entry->respawn_timer.cancel();
    if (entry->run) runs.push_back(entry->run);
  }
  for (auto& run : runs) {
    run->owner = nullptr;
    if (run->pid > 0) Signal(*run, SIGKILL);
    run->kill_timer.cancel();
    run->flush_timer.cancel();
    run->term_timer.cancel();
    run->eof_timer.cancel();
    run->ack_timer.cancel();
    asio::error_code ignored;
    run->in.close(ignored);
    run->out.close(ignored);
    run->err.close(ignored);
  }
  // SIGKILL cannot be caught: the programs die at once, unless stuck in the
  // kernel, and we do not wait for those for long.
  auto deadline = Clock::now() + kDestructorReapBudget;
  while (true) {
    bool left = false;
    for (auto& run : runs) {
      if (run->pid <= 0) continue;
      if (PollExit(run->pid))
        run->pid = 0;
      else
        left = true;
    }
    if (!left) break;
    if (Clock::now() >= deadline) {
      for (auto& run : runs)
        if (run->pid > 0)
          log::Error(Category::kProcesses,
                     "process {} (pid {}) did not die after SIGKILL, left unreaped", run->name,
                     run->pid);
      break;
    }
    usleep(1000);
  }
}

// --- starting -----------------------------------------------------------

void Supervisor::Impl::Start(const Spec& spec) {
  assert(!spec.argv.empty());
  auto it = entries_.find(spec.name);
  if (it != entries_.end()) {
    const std::shared_ptr<Entry>& entry = it->second;
    if (entry->run) {
      log::Warn(Category::kProcesses,
                "process {} is already running (pid {}), not starting it again", spec.name,
                entry->run->pid);
      return;
    }
    // Waiting for its respawn: start it now.
    entry->spec = spec;
    entry->respawn_timer.cancel();
    Launch(entry);
    return;
  }
  auto entry = std::make_shared<Entry>(io_, spec, PolicySettings(limits_));
  entry->owner = this;
  entries_.emplace(spec.name, entry);
  Launch(entry);
}

void Supervisor::Impl::Launch(const std::shared_ptr<Entry>& entry) {
  const uint64_t generation = ++entry->generation;
  const std::string& name = entry->spec.name;
  auto spawned = Spawn(entry->spec.argv, entry->spec.env, entry->spec.net_admin);
  if (!spawned) {
    log::Error(Category::kProcesses, "process {}: {}", name, spawned.error().message);
    // Not being able to run is a death like any other; reported from the
    // loop so that Start() never calls back into its caller.
    const int status = SpawnFailureStatus(spawned.error().error);
    const Clock::time_point when = Clock::now();
    asio::post(io_, [this, alive = alive_, entry, generation, status, when] {
      if (!*alive || entry->removed || entry->generation != generation || entry->run) return;
      OnDeath(entry, status, when);
    });
    return;
  }
  auto run = std::make_shared<Run>(io_, name, limits_);
  run->owner = this;
  run->entry = entry.get();
  run->pid = spawned->pid;
  run->started = Clock::now();
  run->in.assign(spawned->stdin_fd.Release());
  run->out.assign(spawned->stdout_fd.Release());
  run->err.assign(spawned->stderr_fd.Release());
  entry->run = run;
  log::Debug(Category::kProcesses, "process {}: started {} (pid {})", name, entry->spec.argv[0],
             run->pid);
  StartReading(run, Pipe::kStdout);
  StartReading(run, Pipe::kStderr);
  asio::post(io_, [this, alive = alive_, run] {
    if (*alive && run->entry) ReportStarted(*run);
  });
}

// on_started comes before anything else about the run, even if a SIGCHLD
// already queued in the loop reaps it before the posted report runs.
void Supervisor::Impl::ReportStarted(Run& run) {
  if (run.started_reported) return;
  run.started_reported = true;
  if (cb_.on_started) cb_.on_started(run.name, run.pid);
}

void Supervisor::Impl::OnRespawnTimer(const std::shared_ptr<Entry>& entry) {
  if (entry->removed || entry->run) return;
  Launch(entry);
}

// --- reaping ------------------------------------------------------------

void Supervisor::Impl::WaitSigchld() {
  sigchld_.async_wait([this, alive = alive_](asio::error_code ec, int) {
    if (ec || !*alive) return;
    OnSigchld();
    WaitSigchld();
  });
}

// SIGCHLDs coalesce: check every live run. Only our own pids are waited
// for, so children that other parts of herald might start are left alone.
void Supervisor::Impl::OnSigchld() {
  std::vector<std::pair<std::shared_ptr<Run>, int>> reaped;
  auto check = [&](const std::shared_ptr<Run>& run) {
    if (!run || run->pid <= 0) return;
    if (std::optional<int> status = PollExit(run->pid)) reaped.emplace_back(run, *status);
  };
  for (auto& [name, entry] : entries_) check(entry->run);
  for (auto& run : stopping_) check(run);
  // Callbacks made while handling one may change the collections.
  for (auto& [run, status] : reaped) OnReaped(run, status);
}

void Supervisor::Impl::TryReap(const std::shared_ptr<Run>& run) {
  if (run->pid <= 0) return;
  if (std::optional<int> status = PollExit(run->pid)) OnReaped(run, *status);
}

void Supervisor::Impl::OnReaped(const std::shared_ptr<Run>& run, int status) {
  if (status == kStatusUnknown)
    log::Warn(Category::kProcesses,
              "process {} (pid {}) was reaped outside the supervisor, status unknown", run->name,
              run->pid);
  // A program reaped before anything of it was read is reported started
  // first, with its pid.
  if (run->entry) ReportStarted(*run);
  run->exited_pid = std::exchange(run->pid, 0);
  run->exit_status = status;
  run->kill_timer.cancel();
  run->flush_timer.cancel();
  run->term_timer.cancel();
  run->eof_timer.cancel();
  // What it wrote before exiting is in the pipes: deliver it first, as any
  // other output (a read, and line_budget of its lines, per turn), before
  // on_exited. Reading to EOF could wait forever (a child of the program may
  // hold the pipe), so this takes what is there now, up to a pipe's worth.
  asio::error_code ignored;
  run->out.cancel(ignored);  // FinishOutput reads from now on
  FinishOutput(run);
}

void Supervisor::Impl::Finish(const std::shared_ptr<Run>& run) {
  const int pid = run->exited_pid;
  const int status = *run->exit_status;
  DrainStderr(run);
  OnStdoutEnd(run);
  OnStderrEnd(*run);
  ClosePipes(*run);
  ReportAckDrops(*run, false);
  run->ack_timer.cancel();
  run->stderr_log.Flush();
  run->owner = nullptr;

  if (!run->entry) {
    log::Info(Category::kProcesses, "process {} (pid {}) stopped, status {}", run->name, pid,
              status);
    stopping_.erase(std::remove(stopping_.begin(), stopping_.end(), run), stopping_.end());
    CheckAllStopped();
    return;
  }
  auto it = entries_.find(run->name);
  assert(it != entries_.end() && it->second->run == run);
  std::shared_ptr<Entry> entry = it->second;
  entry->run.reset();
  run->entry = nullptr;
  OnDeath(entry, status, run->started);
}

// Exits are the daemon's to report (on_exited); the details are logged at
// debug level, the giving up as an error.
void Supervisor::Impl::OnDeath(const std::shared_ptr<Entry>& entry, int status,
                               Clock::time_point started) {
  const std::string name = entry->spec.name;
  bool respawning = false;
  if (entry->spec.respawn) {
    RespawnPolicy::Decision d = entry->policy.OnDeath(started, Clock::now());
    if (d.respawn) {
      respawning = true;
      log::Debug(Category::kProcesses, "process {} ended (status {}), restarting it in {} ms", name,
                 status, d.delay.count());
      entry->respawn_timer.expires_after(d.delay);
      entry->respawn_timer.async_wait([entry, generation = entry->generation](asio::error_code ec) {
        if (ec || !entry->owner || entry->generation != generation) return;
        entry->owner->OnRespawnTimer(entry);
      });
    } else {
      // ExaBGP logs "Too many death for <name> (5) terminating program".
      log::Error(Category::kProcesses, "process {} died {} times in a minute, not respawning", name,
                 d.recent_deaths);
    }
  } else {
    log::Debug(Category::kProcesses, "process {} ended (status {})", name, status);
  }
  if (!respawning) {
    entry->removed = true;
    entries_.erase(name);
  }
  if (cb_.on_exited) cb_.on_exited(name, status, respawning);
}

// --- stopping -----------------------------------------------------------

void Supervisor::Impl::Stop(const std::string& name) {
  auto it = entries_.find(name);
  if (it == entries_.end()) return;
  std::shared_ptr<Entry> entry = std::move(it->second);
  entries_.erase(it);
  entry->removed = true;
  entry->respawn_timer.cancel();
  if (std::shared_ptr<Run> run = std::move(entry->run)) {
    log::Info(Category::kProcesses, "stopping process {} (pid {})", name, run->pid);
    Detach(run);
    Terminate(run, limits_.stop_grace);
  }
}

void Supervisor::Impl::StopAll(std::chrono::milliseconds grace, std::function<void()> done) {
  if (done) all_stopped_.push_back(std::move(done));
  auto entries = std::move(entries_);
  entries_.clear();
  for (auto& [name, entry] : entries) {
    entry->removed = true;
    entry->respawn_timer.cancel();
    if (std::shared_ptr<Run> run = std::move(entry->run)) Detach(run);
  }
  // Those stopped earlier get the new deadline too, if it is sooner.
  for (auto run : stopping_) Terminate(run, grace);
  CheckAllStopped();
}

void Supervisor::Impl::Detach(const std::shared_ptr<Run>& run) {
  run->entry = nullptr;
  stopping_.push_back(run);
  // Whoever waited for it to drain must not wait for ever.
  if (run->congested) {
    run->congested = false;
    PostWritable(run->name);
  }
}

void Supervisor::Impl::PostWritable(const std::string& name) {
  asio::post(io_, [this, alive = alive_, name] {
    if (*alive && cb_.on_writable) cb_.on_writable(name);
  });
}

// Flush stdin (for half the grace period at most), close it, SIGTERM a
// moment later unless it exited on EOF; SIGKILL at the deadline. A program
// that reads its stdin thus sees the last messages, then EOF; one that does
// not still gets SIGTERM, and half the grace period to act on it.
void Supervisor::Impl::Terminate(const std::shared_ptr<Run>& run, std::chrono::milliseconds grace) {
  if (run->pid <= 0) {
    run->terminating = true;
    return;
  }
  const Clock::time_point now = Clock::now();
  const Clock::time_point deadline = now + grace;
  if (run->terminating && deadline >= run->kill_deadline) return;
  run->terminating = true;
  run->kill_deadline = deadline;
  run->kill_timer.expires_at(deadline);
  run->kill_timer.async_wait([run](asio::error_code ec) {
    if (ec || !run->owner) return;
    run->owner->OnKillTimer(run);
  });
  if (run->queue.empty() || !run->in.is_open()) {
    CloseStdinAndTerm(run);
    return;
  }
  // OnStdinWritable closes stdin once the queue is written; if the program
  // does not read it by then, OnFlushTimer does.
  run->flush_timer.expires_at(now + grace / 2);
  run->flush_timer.async_wait([run](asio::error_code ec) {
    if (ec || !run->owner) return;
    run->owner->OnFlushTimer(run);
  });
}

void Supervisor::Impl::OnFlushTimer(const std::shared_ptr<Run>& run) {
  if (!run->in.is_open() || run->pid <= 0) return;
  log::Warn(Category::kProcesses,
            "process {} (pid {}) did not read its stdin while stopping: {} bytes dropped",
            run->name, run->pid, run->queue.size());
  DropQueue(*run);
  CloseStdinAndTerm(run);
}

void Supervisor::Impl::CloseStdinAndTerm(const std::shared_ptr<Run>& run) {
  run->flush_timer.cancel();
  CloseStdin(*run);
  if (run->pid <= 0 || run->term_sent) return;
  const auto left = run->kill_deadline - Clock::now();
  if (left <= Clock::duration::zero()) {
    SendTerm(*run);
    return;
  }
  run->term_timer.expires_after(std::min<Clock::duration>(kTermDelay, left / 2));
  run->term_timer.async_wait([run](asio::error_code ec) {
    if (ec || !run->owner) return;
    run->owner->SendTerm(*run);
  });
}

void Supervisor::Impl::SendTerm(Run& run) {
  if (run.pid <= 0 || run.term_sent) return;
  run.term_sent = true;
  Signal(run, SIGTERM);
}

void Supervisor::Impl::OnKillTimer(const std::shared_ptr<Run>& run) {
  TryReap(run);
  if (run->pid <= 0) return;
  log::Warn(Category::kProcesses,
            "process {} (pid {}) still running after its grace period, killing it", run->name,
            run->pid);
  DropQueue(*run);
  CloseStdin(*run);
  Signal(*run, SIGKILL);
}

// The whole process group: what the program started goes too. If the
// program left its group (setsid), signal it directly as well.
void Supervisor::Impl::Signal(const Run& run, int sig) {
  if (run.pid <= 0) return;
  if (kill(-run.pid, sig) != 0 || getpgid(run.pid) != run.pid) kill(run.pid, sig);
}

void Supervisor::Impl::OnEofTimer(const std::shared_ptr<Run>& run) {
  if (run->pid <= 0 || run->terminating) return;
  log::Warn(Category::kProcesses,
            "process {} (pid {}) closed its stdout but is still running, stopping it", run->name,
            run->pid);
  Terminate(run, limits_.stop_grace);
}

void Supervisor::Impl::CheckAllStopped() {
  if (!stopping_.empty() || all_stopped_.empty()) return;
  for (auto& done : std::exchange(all_stopped_, {}))
    asio::post(io_, [alive = alive_, done = std::move(done)] {
      if (*alive) done();
    });
}

// --- queries ------------------------------------------------------------

Supervisor::Impl::Run* Supervisor::Impl::Live(const std::string& name) const {
  auto it = entries_.find(name);
  if (it == entries_.end() || !it->second->run || it->second->run->pid <= 0) return nullptr;
  return it->second->run.get();
}

// --- Supervisor ---------------------------------------------------------

Supervisor::Supervisor(asio::io_context& io, Callbacks callbacks, Limits limits)
    : impl_(std::make_unique<Impl>(io, std::move(callbacks), limits)) {}

Supervisor::~Supervisor() = default;

void Supervisor::Start(const Spec& spec) { impl_->Start(spec); }
void Supervisor::Stop(const std::string& name) { impl_->Stop(name); }
void Supervisor::StopAll(std::chrono::milliseconds grace, std::function<void()> done) {
  impl_->StopAll(grace, std::move(done));
}
bool Supervisor::Write(const std::string& name, std::string_view data) {
  return impl_->Write(name, data);
}

bool Supervisor::WriteAcks(const std::string& name, std::string_view lines) {
  return impl_->WriteAcks(name, lines);
}

size_t Supervisor::Queued(const std::string& name) const {
  const Impl::Run* run = impl_->Live(name);
  return run ? run->queue.size() : 0;
}

uint64_t Supervisor::AcksDropped(const std::string& name) const {
  const Impl::Run* run = impl_->Live(name);
  return run ? run->acks_dropped : 0;
}

bool Supervisor::Congested(const std::string& name) const {
  const Impl::Run* run = impl_->Live(name);
  return run && run->congested;
}

bool Supervisor::Running(const std::string& name) const { return impl_->Live(name) != nullptr; }

int Supervisor::Pid(const std::string& name) const {
  const Impl::Run* run = impl_->Live(name);
  return run ? run->pid : 0;
}

}  // namespace herald::process
