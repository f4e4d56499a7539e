// CliPipes: the named pipes ExaBGP's CLI talks through (`exabgpcli`,
// `exabgp cli`), so that both drive herald unchanged.
//
// The operator makes two FIFOs, NAME.in and NAME.out (NAME is api.pipename,
// "exabgp" by default), in one of ExaBGP's run directories; herald looks for
// them at start (FindPipes) when api.cli is on. Each line written to NAME.in
// is a command; its answers (output lines, then done or error) go to
// NAME.out. NAME.in is held open for reading and writing, so that a CLI
// closing its end is no end of file. NAME.out is opened when there is
// something to say and closed when all of it is written: a CLI opens it for
// reading before it sends its command; with no reader the answer is dropped
// (ENXIO), as ExaBGP drops it. Answers wait in a bounded queue while the
// reader is slow.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/line_queue.h"
#include "net/asio.h"
#include "process/line_framer.h"

namespace herald::daemon {

// The directory (ending in '/') where NAME.in and NAME.out are both FIFOs,
// searched in ExaBGP's order: /run/exabgp/, /run/<uid>/, /run/,
// /var/run/exabgp/, /var/run/<uid>/, /var/run/. None: not found;
// `searched` then lists the directories looked at.
std::optional<std::string> FindPipes(const std::string& name, std::vector<std::string>* searched);

class CliPipes {
 public:
  struct Callbacks {
    std::function<void(std::string_view line)> on_line;
    std::function<void()> on_batch_end;  // after the lines of one read
  };
  // Answers queued beyond this are dropped (a CLI that stopped reading).
  static constexpr size_t kMaxQueued = 64u << 20;
  static constexpr size_t kMaxLine = 1u << 20;

  CliPipes(asio::io_context& io, std::string dir, std::string name, Callbacks callbacks);
  ~CliPipes();
  CliPipes(const CliPipes&) = delete;
  CliPipes& operator=(const CliPipes&) = delete;

  // Opens NAME.in and starts reading. An error names the file.
  bool Start(std::string* error);
  // No more commands; answers still queued are written.
  void StopReading();
  void Stop();
  // Queues one line (a '\n' is added) for NAME.out.
  void Send(std::string_view line);

  const std::string& in_path() const { return in_path_; }
  const std::string& out_path() const { return out_path_; }

 private:
  void Read();
  void Write();

  asio::io_context& io_;
  std::string in_path_, out_path_;
  Callbacks callbacks_;
  asio::posix::stream_descriptor in_;
  std::optional<asio::posix::stream_descriptor> out_;
  process::LineFramer framer_{kMaxLine};
  LineQueue queue_{kMaxQueued};
  bool writing_ = false;
  bool stopped_ = false;
  size_t dropped_ = 0;
};

}  // namespace herald::daemon
