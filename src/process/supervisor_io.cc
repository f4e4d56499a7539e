// Supervisor pipes: reading the programs' stdout (lines) and stderr (log),
// and writing their stdin queue, all without blocking the io_context.
//
// Reads are done here with read(2) after an async_wait rather than with
// async_read_some, so that the final drain at reap time (supervisor.cc) can
// be synchronous and still keep the lines in order.
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "base/log.h"
#include "process/supervisor_impl.h"

namespace herald::process {

using log::Category;

namespace {

// Chunks gathered in one writev().
constexpr int kMaxIov = 16;
// Bytes written to one program per turn of the loop: 256 KiB is copied into
// the pipe in about 50 us; 1 MiB turns held a health-check line up to
// 0.3 ms while herald wrote a received table's JSON.
constexpr size_t kMaxWritePerTurn = 256u << 10;
// Reads at reap time: enough for a full pipe (at most 1 MiB) at one read
// size (line_framer.h) each, plus one to see the end.
constexpr int kMaxDrainReads = (1 << 20) / LineFramer::kDefaultReadSize + 1;

}  // namespace

// --- reading ------------------------------------------------------------

void Supervisor::Impl::StartReading(const std::shared_ptr<Run>& run, Pipe pipe) {
  auto& d = pipe == Pipe::kStdout ? run->out : run->err;
  if (!d.is_open()) return;
  d.async_wait(asio::posix::descriptor_base::wait_read, [run, pipe](asio::error_code ec) {
    if (ec || !run->owner) return;
    run->owner->OnReadable(run, pipe);
  });
}

void Supervisor::Impl::OnReadable(const std::shared_ptr<Run>& run, Pipe pipe) {
  auto& d = pipe == Pipe::kStdout ? run->out : run->err;
  // Once it is reaped, FinishOutput reads (a continuation posted before may
  // still come here).
  if (!d.is_open() || run->exit_status) return;
  // One read per wake-up, its lines handled for at most line_budget: other
  // programs and the BGP sessions get their turn in between.
  switch (ReadOnce(run, pipe, true)) {
    case ReadResult::kEnd:
      if (pipe == Pipe::kStdout)
        OnStdoutEnd(run);
      else
        OnStderrEnd(*run);
      return;
    case ReadResult::kMore:
      // The rest of the lines after what is ready now (posted handlers run
      // after those already queued).
      asio::post(io_, [run, pipe] {
        if (run->owner) run->owner->OnReadable(run, pipe);
      });
      return;
    case ReadResult::kData:
    case ReadResult::kAgain:
      if (run->owner) StartReading(run, pipe);
      return;
  }
}

Supervisor::Impl::ReadResult Supervisor::Impl::ReadOnce(const std::shared_ptr<Run>& run,
                                                        Pipe pipe, bool budgeted) {
  auto& d = pipe == Pipe::kStdout ? run->out : run->err;
  LineFramer& framer = pipe == Pipe::kStdout ? run->out_lines : run->err_lines;
  if (!framer.has_pending()) {
    std::span<char> space = framer.Prepare();
    ssize_t n;
    do n = ::read(d.native_handle(), space.data(), space.size());
    while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return ReadResult::kAgain;
    if (n < 0) {
      log::Warn(Category::kProcesses, "process {}: cannot read its {}: {}", run->name,
                pipe == Pipe::kStdout ? "stdout" : "stderr", std::strerror(errno));
      return ReadResult::kEnd;
    }
    if (n == 0) return ReadResult::kEnd;
    framer.Add(static_cast<size_t>(n));
  }

  const bool out = pipe == Pipe::kStdout;
  auto overlong = [&](size_t len) {
    if (out && run->entry && cb_.on_overlong_line) {
      cb_.on_overlong_line(run->name, len);
    } else if (out || run->stderr_log.Admit()) {
      log::Error(Category::kProcesses, "process {}: {}line longer than {} bytes ({}+) skipped",
                 run->name, out ? "" : "stderr ", framer.max_line(), len);
    }
  };
  if (out && run->entry) ReportStarted(*run);
  // The clock is read every few lines only: a line takes a microsecond or
  // two at most.
  constexpr int kLinesPerClockRead = 8;
  const bool timed = budgeted && limits_.line_budget.count() > 0;
  const auto deadline = timed ? Clock::now() + limits_.line_budget : Clock::time_point::max();
  std::string_view line;
  bool more = false;
  for (int lines = 1; framer.Next(&line, overlong); ++lines) {
    if (!out) {
      if (run->stderr_log.Admit())
        log::Info(Category::kProcesses, "{} stderr: {}", run->name, log::Printable(line));
    } else if (run->entry && cb_.on_line) {
      // run->entry is checked for each line: a callback may Stop this program.
      cb_.on_line(run->name, line);
    }
    if (timed && lines % kLinesPerClockRead == 0 && framer.has_pending() && Clock::now() >= deadline) {
      more = true;
      break;
    }
  }
  if (more) return ReadResult::kMore;
  // A pause is not the end of a batch: UPDATEs stay as full as before.
  if (out && run->entry && cb_.on_batch_end) cb_.on_batch_end(run->name);
  return ReadResult::kData;
}

void Supervisor::Impl::FinishOutput(const std::shared_ptr<Run>& run) {
  // Lines already read always go out; new reads up to a pipe's worth.
  const bool more = run->out_lines.has_pending() || run->final_reads < kMaxDrainReads;
  if (run->out.is_open() && more) {
    ReadResult r = ReadOnce(run, Pipe::kStdout, true);
    if (r == ReadResult::kData) ++run->final_reads;
    if (r == ReadResult::kData || r == ReadResult::kMore) {
      asio::post(io_, [run] {
        if (run->owner) run->owner->FinishOutput(run);
      });
      return;
    }
  }
  Finish(run);
}

void Supervisor::Impl::DrainStderr(const std::shared_ptr<Run>& run) {
  if (!run->err.is_open()) return;
  // The pending wait completes as aborted and does nothing.
  asio::error_code ignored;
  run->err.cancel(ignored);
  // Its lines are only logged: all of them at once, then what the pipe holds.
  for (int i = 0; i < kMaxDrainReads + 1 && run->err.is_open(); ++i) {
    ReadResult r = ReadOnce(run, Pipe::kStderr, false);
    if (r == ReadResult::kEnd) OnStderrEnd(*run);
    if (r != ReadResult::kData) break;
  }
}

void Supervisor::Impl::OnStdoutEnd(const std::shared_ptr<Run>& run) {
  if (!run->out.is_open()) return;
  LineFramer& framer = run->out_lines;
  // Only '\n'-terminated lines are commands (line_framer.h).
  if (framer.partial() > 0)
    log::Warn(Category::kProcesses, "process {}: dropped its unterminated last line ({} bytes)",
              run->name, framer.partial());
  framer.Clear();
  asio::error_code ignored;
  run->out.close(ignored);
  if (run->pid <= 0 || run->terminating) return;
  // Usually the program has exited and SIGCHLD is on its way; if it keeps
  // running without a stdout, it is of no use: stop it after eof_grace.
  TryReap(run);
  if (run->pid <= 0) return;
  run->eof_timer.expires_after(limits_.eof_grace);
  run->eof_timer.async_wait([run](asio::error_code ec) {
    if (ec || !run->owner) return;
    run->owner->OnEofTimer(run);
  });
}

void Supervisor::Impl::OnStderrEnd(Run& run) {
  if (!run.err.is_open()) return;
  // Unlike commands, a last log line is worth showing even without its '\n'.
  if (run.err_lines.partial() > 0 && run.stderr_log.Admit())
    log::Info(Category::kProcesses, "{} stderr: {}", run.name,
              log::Printable(run.err_lines.partial_line()));
  run.err_lines.Clear();
  asio::error_code ignored;
  run.err.close(ignored);
}

void Supervisor::Impl::ClosePipes(Run& run) {
  DropQueue(run);
  CloseStdin(run);
  asio::error_code ignored;
  run.out.close(ignored);
  run.err.close(ignored);
}

// --- writing ------------------------------------------------------------

std::shared_ptr<Supervisor::Impl::Run> Supervisor::Impl::Writable(const std::string& name) const {
  auto it = entries_.find(name);
  if (it == entries_.end() || !it->second->run) return nullptr;
  const std::shared_ptr<Run>& run = it->second->run;
  if (run->pid <= 0 || run->terminating || !run->in.is_open()) return nullptr;
  return run;
}

bool Supervisor::Impl::Write(const std::string& name, std::string_view data) {
  std::shared_ptr<Run> run = Writable(name);
  if (!run) return false;
  if (data.empty()) return true;
  run->queue.AppendEvents(data);
  if (!run->congested && run->queue.events() > limits_.high_water) {
    run->congested = true;
    log::Debug(Category::kProcesses, "process {}: {} bytes queued for its stdin, congested", name,
               run->queue.size());
  }
  if (!run->write_waiting) StartWriting(run);
  return true;
}

bool Supervisor::Impl::WriteAcks(const std::string& name, std::string_view lines) {
  std::shared_ptr<Run> run = Writable(name);
  if (!run) return false;
  if (size_t dropped = run->queue.AppendAcks(lines)) OnAcksDropped(run, dropped);
  if (!run->queue.empty() && !run->write_waiting) StartWriting(run);
  return true;
}

void Supervisor::Impl::OnAcksDropped(const std::shared_ptr<Run>& run, size_t lines) {
  if (run->acks_dropping == 0)
    log::Warn(Category::kProcesses,
              "process {} (pid {}) is not reading its stdin: {} bytes of acks wait for it; further "
              "acks are dropped until it reads",
              run->name, run->pid, run->queue.acks());
  run->acks_dropped += lines;
  run->acks_dropping += lines;
  if (!run->ack_timer_armed) ArmAckTimer(run);
}

void Supervisor::Impl::ArmAckTimer(const std::shared_ptr<Run>& run) {
  run->ack_timer_armed = true;
  run->ack_timer.expires_after(limits_.ack_report_interval);
  run->ack_timer.async_wait([run](asio::error_code ec) {
    if (ec || !run->owner) return;
    run->owner->OnAckTimer(run);
  });
}

void Supervisor::Impl::OnAckTimer(const std::shared_ptr<Run>& run) {
  run->ack_timer_armed = false;
  if (run->acks_dropping == run->acks_reported) return;  // none since: rearmed by the next
  log::Warn(Category::kProcesses,
            "process {}: {} acks dropped in the last {} s ({} since it stopped reading)", run->name,
            run->acks_dropping - run->acks_reported,
            std::chrono::duration_cast<std::chrono::seconds>(limits_.ack_report_interval).count(),
            run->acks_dropping);
  run->acks_reported = run->acks_dropping;
  ArmAckTimer(run);
}

// The end of a stretch of drops: the program reads again, or its run ends.
void Supervisor::Impl::ReportAckDrops(Run& run, bool reading_again) {
  if (run.acks_dropping == 0) return;
  if (reading_again)
    log::Warn(Category::kProcesses, "process {} reads its stdin again; {} acks were dropped",
              run.name, run.acks_dropping);
  else
    log::Warn(Category::kProcesses,
              "process {} ended; {} acks were dropped since it stopped reading", run.name,
              run.acks_dropping);
  run.acks_dropping = 0;
  run.acks_reported = 0;
  run.ack_timer_armed = false;
  run.ack_timer.cancel();
}

void Supervisor::Impl::Consume(Run& run, size_t n) {
  run.queue.Consume(n);
  // Hysteresis: it reads again once half the cap is free.
  if (run.acks_dropping > 0 && run.queue.acks() <= limits_.max_queued_acks / 2)
    ReportAckDrops(run, true);
}

void Supervisor::Impl::StartWriting(const std::shared_ptr<Run>& run) {
  run->write_waiting = true;
  run->in.async_wait(asio::posix::descriptor_base::wait_write, [run](asio::error_code ec) {
    run->write_waiting = false;
    if (ec || !run->owner) return;
    run->owner->OnStdinWritable(run);
  });
}

void Supervisor::Impl::OnStdinWritable(const std::shared_ptr<Run>& run) {
  if (!run->in.is_open()) return;
  // Until the pipe is full, but no more than kMaxWritePerTurn: a program
  // reading as fast as we write would otherwise keep us here.
  size_t budget = kMaxWritePerTurn;
  while (!run->queue.empty() && budget > 0) {
    iovec iov[kMaxIov];
    const int count = run->queue.Gather(iov, kMaxIov);
    ssize_t n = ::writev(run->in.native_handle(), iov, count);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    if (n < 0) {
      // EPIPE: the program closed its stdin or died; what is queued can
      // never be read.
      if (errno == EPIPE)
        log::Debug(Category::kProcesses,
                   "process {}: its stdin is closed, dropping {} queued bytes", run->name,
                   run->queue.size());
      else
        log::Warn(Category::kProcesses, "process {}: cannot write to its stdin: {}", run->name,
                  std::strerror(errno));
      DropQueue(*run);
      if (run->terminating)
        CloseStdinAndTerm(run);
      else
        CloseStdin(*run);
      return;
    }
    Consume(*run, static_cast<size_t>(n));
    budget -= std::min(budget, static_cast<size_t>(n));
  }
  EndCongestionIfDrained(*run);
  if (!run->in.is_open()) return;  // on_writable may have stopped it
  if (!run->queue.empty()) {
    if (!run->write_waiting) StartWriting(run);
  } else if (run->terminating) {
    CloseStdinAndTerm(run);
  }
}

void Supervisor::Impl::EndCongestionIfDrained(Run& run) {
  if (!run.congested || run.queue.events() > limits_.low_water) return;
  run.congested = false;
  log::Debug(Category::kProcesses, "process {}: stdin queue down to {} bytes, writable", run.name,
             run.queue.size());
  if (run.entry && cb_.on_writable) cb_.on_writable(run.name);
}

void Supervisor::Impl::DropQueue(Run& run) {
  run.queue.Clear();
  EndCongestionIfDrained(run);
}

void Supervisor::Impl::CloseStdin(Run& run) {
  asio::error_code ignored;
  run.in.close(ignored);
}

}  // namespace herald::process
