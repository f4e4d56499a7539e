// Internal to process/: the state behind Supervisor, shared by
// supervisor.cc (life cycle: start, reap, respawn, stop) and
// supervisor_io.cc (the pipes: reading lines, writing the stdin queue).
//
// Ownership: the Impl owns one Entry per configured name (entries_), and
// each Entry the Run of its program while one is alive. A stopped Run is
// moved to stopping_ until it is reaped. Asio handlers hold a shared_ptr to
// the Run or Entry they act on, and check its `owner` (null once the run is
// finished or the Supervisor destroyed) before touching anything else.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/asio.h"
#include "process/line_framer.h"
#include "process/log_throttle.h"
#include "process/respawn_policy.h"
#include "process/stdin_queue.h"
#include "process/supervisor.h"

namespace herald::process {

using Clock = std::chrono::steady_clock;

class Supervisor::Impl {
 public:
  struct Entry;
  // One run of a program: from its start until it is reaped.
  struct Run {
    Run(asio::io_context& io, std::string run_name, const Limits& limits);

    Impl* owner = nullptr;   // null once finished
    Entry* entry = nullptr;  // null once stopped: no more callbacks
    const std::string name;
    int pid = 0;  // 0 once reaped
    // Set once reaped, while what it wrote before exiting is delivered
    // (FinishOutput); then the run is finished.
    std::optional<int> exit_status;
    int exited_pid = 0;
    int final_reads = 0;
    Clock::time_point started;
    bool started_reported = false;

    asio::posix::stream_descriptor in;   // its stdin (we write)
    asio::posix::stream_descriptor out;  // its stdout (we read lines)
    asio::posix::stream_descriptor err;  // its stderr (we log lines)
    LineFramer out_lines;
    LineFramer err_lines;

    // What waits for its stdin (bytes not yet accepted by the pipe).
    StdinQueue queue;
    bool write_waiting = false;
    bool congested = false;
    // Acks dropped (queue full of acks it does not read): since the run
    // started, and since the program stopped reading (0 once it reads
    // again), of which `acks_reported` are in the log already.
    uint64_t acks_dropped = 0;
    uint64_t acks_dropping = 0;
    uint64_t acks_reported = 0;
    bool ack_timer_armed = false;
    asio::steady_timer ack_timer;
    // Its stderr lines are logged at a bounded rate.
    ThrottledLog stderr_log;

    // Stopping: stdin is closed once the queue is empty (or once half the
    // grace period is over, flush_timer, the queue dropped), SIGTERM a
    // moment later, SIGKILL at kill_deadline.
    bool terminating = false;
    bool term_sent = false;
    Clock::time_point kill_deadline;
    asio::steady_timer kill_timer;
    asio::steady_timer flush_timer;
    // Stdin closed: SIGTERM unless it exits by itself first.
    asio::steady_timer term_timer;
    asio::steady_timer eof_timer;
  };

  // One configured program: its spec, its death record and its current run.
  struct Entry {
    Entry(asio::io_context& io, Spec s, const RespawnPolicy::Settings& settings)
        : spec(std::move(s)), policy(settings), respawn_timer(io) {}

    Impl* owner = nullptr;
    Spec spec;
    RespawnPolicy policy;
    std::shared_ptr<Run> run;
    asio::steady_timer respawn_timer;
    // Bumped at each start attempt: a stale timer or posted failure whose
    // generation differs is ignored.
    uint64_t generation = 0;
    bool removed = false;
  };

  Impl(asio::io_context& io, Callbacks callbacks, Limits limits);
  ~Impl();

  void Start(const Spec& spec);
  void Stop(const std::string& name);
  void StopAll(std::chrono::milliseconds grace, std::function<void()> done);
  bool Write(const std::string& name, std::string_view data);
  bool WriteAcks(const std::string& name, std::string_view lines);
  // The live (not yet reaped) run of `name`, or null.
  Run* Live(const std::string& name) const;

 private:
  enum class Pipe : uint8_t { kStdout, kStderr };
  // kMore: lines read are still waiting (the time budget ran out).
  enum class ReadResult : uint8_t { kData, kMore, kAgain, kEnd };

  // --- supervisor.cc: life cycle
  void Launch(const std::shared_ptr<Entry>& entry);
  void OnRespawnTimer(const std::shared_ptr<Entry>& entry);
  void ReportStarted(Run& run);
  void WaitSigchld();
  void OnSigchld();
  void TryReap(const std::shared_ptr<Run>& run);
  // `status` as reported by on_exited (spawn.h PollExit).
  void OnReaped(const std::shared_ptr<Run>& run, int status);
  // After OnReaped: delivers what is left in its stdout, a read at a time
  // (posting itself between reads), then Finish()es the run.
  void FinishOutput(const std::shared_ptr<Run>& run);
  void Finish(const std::shared_ptr<Run>& run);
  void OnDeath(const std::shared_ptr<Entry>& entry, int status, Clock::time_point started);
  void Detach(const std::shared_ptr<Run>& run);
  void Terminate(const std::shared_ptr<Run>& run, std::chrono::milliseconds grace);
  // Closes stdin and schedules SIGTERM (the queue is flushed or dropped).
  void CloseStdinAndTerm(const std::shared_ptr<Run>& run);
  void SendTerm(Run& run);
  void OnKillTimer(const std::shared_ptr<Run>& run);
  // The grace period is half over and the program has not read what was
  // queued for it: drop it, close stdin, SIGTERM.
  void OnFlushTimer(const std::shared_ptr<Run>& run);
  void OnEofTimer(const std::shared_ptr<Run>& run);
  static void Signal(const Run& run, int sig);
  void CheckAllStopped();
  void PostWritable(const std::string& name);

  // --- supervisor_io.cc: pipes
  void StartReading(const std::shared_ptr<Run>& run, Pipe pipe);
  void OnReadable(const std::shared_ptr<Run>& run, Pipe pipe);
  // Reads once, unless lines of an earlier read are waiting, and delivers
  // lines for up to line_budget (or all of them, when !budgeted).
  ReadResult ReadOnce(const std::shared_ptr<Run>& run, Pipe pipe, bool budgeted);
  // At the end of a run: what its stderr holds, logged at once.
  void DrainStderr(const std::shared_ptr<Run>& run);
  void OnStdoutEnd(const std::shared_ptr<Run>& run);
  void OnStderrEnd(Run& run);
  // The live run of `name` if its stdin takes data, else null.
  std::shared_ptr<Run> Writable(const std::string& name) const;
  void StartWriting(const std::shared_ptr<Run>& run);
  void OnStdinWritable(const std::shared_ptr<Run>& run);
  void Consume(Run& run, size_t n);
  // Ack drops: counted and logged (first drop, every ack_report_interval,
  // once it reads again, at the end of the run).
  void OnAcksDropped(const std::shared_ptr<Run>& run, size_t lines);
  void ArmAckTimer(const std::shared_ptr<Run>& run);
  void OnAckTimer(const std::shared_ptr<Run>& run);
  void ReportAckDrops(Run& run, bool reading_again);
  // Drops the stdin queue (the program cannot take it); ends congestion.
  void DropQueue(Run& run);
  void EndCongestionIfDrained(Run& run);
  void CloseStdin(Run& run);
  // Closes every pipe (after the final drain).
  void ClosePipes(Run& run);

  asio::io_context& io_;
  Callbacks cb_;
  Limits limits_;
  asio::signal_set sigchld_;
  std::map<std::string, std::shared_ptr<Entry>> entries_;
  std::vector<std::shared_ptr<Run>> stopping_;
  std::vector<std::function<void()>> all_stopped_;
  // False once destroyed: posted handlers capture it instead of a Run.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace herald::process
