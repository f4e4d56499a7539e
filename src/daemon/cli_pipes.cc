#include "daemon/cli_pipes.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include "base/log.h"

namespace herald::daemon {

using log::Category;

namespace {

bool IsFifo(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISFIFO(st.st_mode);
}

}  // namespace

std::optional<std::string> FindPipes(const std::string& name, std::vector<std::string>* searched) {
  std::string uid = std::to_string(::getuid());
  const std::string dirs[] = {"/run/exabgp/", "/run/" + uid + "/", "/run/",
                              "/var/run/exabgp/", "/var/run/" + uid + "/", "/var/run/"};
  for (const std::string& d : dirs) {
    if (searched) searched->push_back(d);
    if (IsFifo(d + name + ".in") && IsFifo(d + name + ".out")) return d;
  }
  return std::nullopt;
}

CliPipes::CliPipes(asio::io_context& io, std::string dir, std::string name, Callbacks callbacks)
    : io_(io),
      in_path_(dir + name + ".in"),
      out_path_(dir + name + ".out"),
      callbacks_(std::move(callbacks)),
      in_(io) {}

CliPipes::~CliPipes() { Stop(); }

bool CliPipes::Start(std::string* error) {
  // Read and write: the FIFO never reaches end of file when a CLI closes it.
  int fd = ::open(in_path_.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    *error = fmt::format("cannot open {}: {}", in_path_, std::strerror(errno));
    return false;
  }
  in_.assign(fd);
  Read();
  return true;
}

void CliPipes::StopReading() {
  asio::error_code ec;
  in_.close(ec);
}

void CliPipes::Stop() {
  if (stopped_) return;
  stopped_ = true;
  asio::error_code ec;
  in_.close(ec);
  if (out_) out_->close(ec);
  out_.reset();
  queue_.clear();
}

void CliPipes::Read() {
  std::span<char> buf = framer_.Prepare();
  in_.async_read_some(asio::buffer(buf.data(), buf.size()), [this](asio::error_code ec, size_t n) {
    if (stopped_ || !in_.is_open()) return;
    if (ec) {
      if (ec == asio::error::operation_aborted) return;
      log::Error(Category::kProcesses, "cli pipe {}: {}; the CLI is off", in_path_, ec.message());
      return;
    }
    framer_.Commit(
        n, [this](std::string_view line) { callbacks_.on_line(line); },
        [this](size_t length) {
          log::Error(Category::kProcesses, "cli pipe {}: line longer than {} bytes ({}+) skipped", in_path_,
                     kMaxLine, length);
          Send("error");
        });
    callbacks_.on_batch_end();
    Read();
  });
}

void CliPipes::Send(std::string_view line) {
  if (stopped_) return;
  if (!queue_.Push(line, writing_)) {
    if (dropped_++ == 0)
      log::Warn(Category::kProcesses, "cli pipe {}: the CLI is not reading its answers; dropping them",
                out_path_);
    return;
  }
  if (!writing_) asio::post(io_, [this] { Write(); });
  writing_ = true;
}

void CliPipes::Write() {
  if (stopped_) return;
  if (queue_.empty()) {
    // All said: close, so the next answer finds the next reader.
    asio::error_code ec;
    if (out_) out_->close(ec);
    out_.reset();
    writing_ = false;
    dropped_ = 0;
    return;
  }
  if (!out_) {
    int fd = ::open(out_path_.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
      // ENXIO: no CLI reading; the answers are for nobody.
      log::Debug(Category::kProcesses, "cli pipe {}: {}; {} byte(s) of answers dropped", out_path_,
                 std::strerror(errno), queue_.bytes());
      queue_.clear();
      writing_ = false;
      return;
    }
    out_.emplace(io_, fd);
  }
  asio::async_write(*out_, asio::buffer(queue_.front()), [this](asio::error_code ec, size_t) {
    if (stopped_) return;
    queue_.pop_front();
    if (ec) {
      // EPIPE: the CLI went away; what is left was for it.
      log::Debug(Category::kProcesses, "cli pipe {}: {}", out_path_, ec.message());
      queue_.clear();
      asio::error_code ignored;
      out_->close(ignored);
      out_.reset();
      writing_ = false;
      return;
    }
    Write();
  });
}

}  // namespace herald::daemon
