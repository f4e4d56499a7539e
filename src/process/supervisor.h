// Supervisor: runs the external programs of the configuration's `process`
// sections, frames their stdout into lines, and feeds their stdin.
//
// Each program is started once with its arguments (posix_spawn, no shell
// unless the program is one; see spawn.h for what the child gets: its own
// process group, default signals, only fds 0-2, TERM=dumb), its stdout read
// in large batches and split into lines (bounded length: a longer line is
// reported as an error and skipped; see line_framer.h), its stderr forwarded
// line by line to herald's log (category processes). When it dies it is
// respawned with a backoff, unless it died more than 5 times in the last
// minute, in which case it is given up on with a log line (see
// respawn_policy.h).
//
// Writes never block the daemon: they are queued per process and written as
// the pipe accepts them, in order. What is queued is of two kinds (see
// stdin_queue.h): events (Write), never dropped, and acks (WriteAcks),
// capped at max_queued_acks bytes, past which they are dropped with a log
// line. Past a high-water mark of events the process is "congested"; the
// daemon uses that to stop reading the BGP sessions that feed it until the
// events drain to the low-water mark (on_writable). Acks never make a
// process congested.
//
// Dropping acks is logged: a warning at the first drop (the program is not
// reading its stdin), then at most one line every ack_report_interval with
// the count, and a line with the total once the program reads again (its
// acks queued fall to half the cap) or ends.
//
// Life of one run of a program:
//   Start -> on_started -> on_line* / on_batch_end ... -> on_exited
// A run ends when the program is reaped (SIGCHLD; the Supervisor is the only
// owner of SIGCHLD in herald and reaps only its own children). Whatever the
// program wrote before exiting is still delivered, before on_exited. If it
// closes its stdout but keeps running, it is terminated after eof_grace
// (SIGTERM, then SIGKILL after stop_grace) and its exit reported as usual.
// An unterminated last line is dropped (logged as a warning).
//
// Stop and StopAll end a program quietly: from then on no callback is made
// for that run (its stdout is still drained, its stderr still logged); the
// exit is logged. Stopping: the queued stdin bytes are written (for half
// the grace period at most: what a program that does not read is left is
// dropped, logged), stdin is closed, and 100 ms later (as ExaBGP waits
// 0.1 s) the process group gets SIGTERM unless the program already exited
// on EOF; SIGKILL at the end of the grace period. So a program always gets
// SIGTERM, and time to act on it, before SIGKILL.
//
// Single-threaded: every method and callback runs on the io_context thread.
// Callbacks are never made from inside Start, Stop, StopAll or Write (they
// are posted), so the caller's state is never re-entered mid-call.
// Callbacks may call any method but must not destroy the Supervisor.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "net/asio.h"

namespace herald::process {

struct Spec {
  std::string name;
  // argv[0] is the program (an absolute path, resolved by the config parser).
  std::vector<std::string> argv;
  // NAME=value entries set in its environment (see Spawn).
  std::vector<std::string> env;
  bool respawn = true;
  // Started with CAP_NET_ADMIN (a health checker that sets addresses up).
  bool net_admin = false;
};

struct Limits {
  size_t max_line = 1 << 20;                     // longest stdout line accepted
  size_t high_water = 16u << 20;                 // queued event bytes that make a process congested
  size_t low_water = 4u << 20;                   // ... and that end the congestion (at or below)
  // Ack bytes queued for a program at most (1 MiB: about 200,000 `done`
  // lines, on top of the 1 MiB its pipe holds); further acks are dropped
  // until it reads.
  size_t max_queued_acks = 1u << 20;
  // While acks are dropped: one log line with the count per interval.
  std::chrono::milliseconds ack_report_interval{10000};
  int max_deaths_per_minute = 5;                 // then it is not respawned any more
  std::chrono::milliseconds first_backoff{250};  // doubled at each quick death, up to max
  std::chrono::milliseconds max_backoff{8000};
  // A run at least this long starts a fresh death count.
  std::chrono::milliseconds healthy_run{30000};
  // Stop(): from the call to SIGKILL (flushing stdin and SIGTERM included).
  std::chrono::milliseconds stop_grace{2000};
  // How long a program may run on after closing its stdout.
  std::chrono::milliseconds eof_grace{1000};
  // Lines of one program handled in one go at most for about this long: a
  // bulk feeder's read (16 KiB, a few hundred lines) is split so that
  // another program's line (a health check) or a peer waits at most this
  // much behind it. 0: a whole read at once.
  std::chrono::microseconds line_budget{100};
};

class Supervisor {
 public:
  struct Callbacks {
    // One stdout line, without its '\n' (a trailing '\r' is removed too).
    // The view is valid during the call only.
    std::function<void(const std::string& name, std::string_view line)> on_line;
    // After all the lines of one read have been delivered (whether at once
    // or, past line_budget, in several turns).
    std::function<void(const std::string& name)> on_batch_end;
    // The program was (re)started.
    std::function<void(const std::string& name, int pid)> on_started;
    // The program exited, or could not be started; `respawning` says
    // whether it will be started again. `status` is the exit code (0-255),
    // -N if it was killed by signal N, or 127 (not found) / 126 (not
    // executable) if it could not be started, as a shell reports; 256 if
    // it was reaped by someone else and its status is unknown.
    std::function<void(const std::string& name, int status, bool respawning)> on_exited;
    // The process stopped being congested: its stdin queue drained to the
    // low-water mark, or was dropped (the program died or was stopped).
    std::function<void(const std::string& name)> on_writable;
    // A stdout line longer than max_line was skipped (`length`: the bytes
    // seen when it was found too long). Without this callback, the
    // Supervisor logs it.
    std::function<void(const std::string& name, size_t length)> on_overlong_line;
  };

  // Installs the SIGCHLD handler; sets SIGPIPE to ignored if it was at its
  // default (a write to a dead program must fail with EPIPE, not kill herald).
  Supervisor(asio::io_context& io, Callbacks callbacks, Limits limits = {});
  // Kills (SIGKILL to each process group) and reaps every program left,
  // waiting at most about half a second in all.
  ~Supervisor();
  Supervisor(const Supervisor&) = delete;
  Supervisor& operator=(const Supervisor&) = delete;

  // Starts a program. Failing to start (missing file, exec error) is logged,
  // reported by on_exited, and counts as a death for the respawn policy.
  // Starting a name that is running does nothing (logged); starting a name
  // that waits for its respawn starts it now. A name that was given up on
  // starts with a fresh death count.
  // REQUIRES: !spec.argv.empty().
  void Start(const Spec& spec);
  // Stops one program (stdin flushed and closed, SIGTERM to its process
  // group, SIGKILL after limits.stop_grace) and forgets it: it will not be
  // respawned, no callback is made for it any more, and the name may be
  // started again at once.
  void Stop(const std::string& name);
  // Stops every program: flushes and closes their stdin, sends SIGTERM, then
  // SIGKILL to any still alive after `grace`; cancels pending respawns;
  // calls done once all (including those being stopped by Stop) have been
  // reaped. done is always called from the io_context, never from inside
  // StopAll.
  void StopAll(std::chrono::milliseconds grace, std::function<void()> done);

  // Queues event bytes for the program's stdin. Never blocks. Returns
  // false, and drops the data, if the program is not running (or being
  // stopped, or its stdin is broken).
  bool Write(const std::string& name, std::string_view data);
  // Queues ack lines (`done`, `error`, ...), each ending in '\n', after
  // what is queued already; the lines past max_queued_acks are dropped,
  // counted and logged. Returns false as Write does.
  bool WriteAcks(const std::string& name, std::string_view lines);
  // Bytes queued and not yet accepted by the pipe (events and acks).
  size_t Queued(const std::string& name) const;
  // Ack lines dropped for the running program since it started.
  uint64_t AcksDropped(const std::string& name) const;
  // Events above the high-water mark and not yet back below the low-water
  // mark.
  bool Congested(const std::string& name) const;
  bool Running(const std::string& name) const;
  // Pid of the running program, or 0.
  int Pid(const std::string& name) const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace herald::process
