// Supervisor: runs the external programs of the configuration's `process`
// sections, frames their stdout into lines, and feeds their stdin.
//
// Each program is started once with its arguments (execve, no shell unless
// the program is one), its stdout read in large batches and split into lines
// (bounded length: a longer line is reported as an error and skipped), its
// stderr forwarded line by line to herald's log. When it dies it is
// respawned with a backoff, unless it died more than 5 times in the last
// minute, in which case it is given up on with a log line.
//
// Writes never block the daemon: they are queued per process and written as
// the pipe accepts them. Past a high-water mark the process is "congested";
// the daemon uses that to stop reading the BGP sessions that feed it until
// the queue drains below a low-water mark (on_writable). See README
// "Processes".
//
// Single-threaded: every method and callback runs on the io_context thread.
#pragma once

#include <chrono>
#include <cstddef>
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
  bool respawn = true;
};

struct Limits {
  size_t max_line = 1 << 20;          // longest stdout line accepted
  size_t high_water = 16u << 20;      // queued stdin bytes that make a process congested
  size_t low_water = 4u << 20;        // ... and that end the congestion
  int max_deaths_per_minute = 5;      // then it is not respawned any more
  std::chrono::milliseconds first_backoff{250};  // doubled at each quick death, up to max
  std::chrono::milliseconds max_backoff{8000};
};

class Supervisor {
 public:
  struct Callbacks {
    // One stdout line, without its '\n' (a trailing '\r' is removed too).
    // The view is valid during the call only.
    std::function<void(const std::string& name, std::string_view line)> on_line;
    // After all the lines of one read have been delivered.
    std::function<void(const std::string& name)> on_batch_end;
    // The program was (re)started.
    std::function<void(const std::string& name, int pid)> on_started;
    // The program exited; `respawning` says whether it will be started again.
    std::function<void(const std::string& name, int status, bool respawning)> on_exited;
    // The stdin queue went from congested to below the low-water mark.
    std::function<void(const std::string& name)> on_writable;
  };

  Supervisor(asio::io_context& io, Callbacks callbacks, Limits limits = {});
  ~Supervisor();
  Supervisor(const Supervisor&) = delete;
  Supervisor& operator=(const Supervisor&) = delete;

  // Starts a program. Failing to start (missing file, exec error) counts as a
  // death and follows the respawn policy.
  void Start(const Spec& spec);
  // Stops one program (SIGTERM, then SIGKILL after the grace period) and
  // forgets it: it will not be respawned.
  void Stop(const std::string& name);
  // Stops every program: closes their stdin, sends SIGTERM, then SIGKILL to
  // any still alive after `grace`; calls done once all have exited.
  void StopAll(std::chrono::milliseconds grace, std::function<void()> done);

  // Queues bytes for the program's stdin. Never blocks. Returns false, and
  // drops the data, if the program is not running.
  bool Write(const std::string& name, std::string_view data);
  // Bytes queued and not yet accepted by the pipe.
  size_t Queued(const std::string& name) const;
  // Above the high-water mark and not yet back below the low-water mark.
  bool Congested(const std::string& name) const;
  bool Running(const std::string& name) const;
  // Pid of the running program, or 0.
  int Pid(const std::string& name) const;

 private:
  struct Child;
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace herald::process
