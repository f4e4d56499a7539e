#include "api_io.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>

#include "bench_util.h"

namespace herald::bench {
namespace {

bool LineSaysUp(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
  if (line.size() >= 3 && line.substr(line.size() - 3) == " up") return true;
  return line.find("\"state\": \"up\"") != std::string_view::npos;
}

int PollMs(double seconds) {
  if (seconds < 0) return -1;
  return static_cast<int>(std::ceil(seconds * 1000));
}

}  // namespace

ApiIo::ApiIo() {
  SetNonBlocking(0);
  SetNonBlocking(1);
}

bool ApiIo::Drain() {
  char buf[65536];
  for (;;) {
    ssize_t n = read(0, buf, sizeof(buf));
    if (n == 0) {
      eof_ = true;
      return false;
    }
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) return true;
      eof_ = true;
      return false;
    }
    if (!watching_) continue;
    partial_.append(buf, static_cast<size_t>(n));
    size_t start = 0;
    for (size_t nl; (nl = partial_.find('\n', start)) != std::string::npos; start = nl + 1) {
      if (LineSaysUp(std::string_view(partial_).substr(start, nl - start))) up_ = true;
    }
    partial_.erase(0, start);
  }
}

bool ApiIo::WaitUp(double timeout_seconds) {
  watching_ = true;
  double deadline = Now() + timeout_seconds;
  while (!up_) {
    double left = deadline - Now();
    if (left <= 0) break;
    pollfd p{0, POLLIN, 0};
    if (poll(&p, 1, PollMs(left)) < 0 && errno != EINTR) break;
    if (!Drain()) break;
  }
  watching_ = false;
  partial_.clear();
  return up_;
}

bool ApiIo::Write(std::string_view data) {
  while (!data.empty()) {
    ssize_t w = write(1, data.data(), data.size());
    if (w > 0) {
      data.remove_prefix(static_cast<size_t>(w));
      continue;
    }
    if (w < 0 && errno != EAGAIN && errno != EINTR) return false;
    // Once stdin is closed, poll only stdout (a closed stdin always polls ready).
    pollfd p[2] = {{1, POLLOUT, 0}, {eof_ ? -1 : 0, POLLIN, 0}};
    if (poll(p, 2, -1) < 0 && errno != EINTR) return false;
    if (p[1].revents) Drain();  // EOF on stdin is not our concern while writing
    if (p[0].revents & (POLLERR | POLLHUP)) return false;
  }
  return true;
}

bool ApiIo::WaitReadable(int fd) {
  for (;;) {
    pollfd p[2] = {{fd, POLLIN, 0}, {0, POLLIN, 0}};
    if (poll(p, 2, -1) < 0 && errno != EINTR) return false;
    if (p[1].revents && !Drain()) return false;
    if (p[0].revents) return true;
  }
}

bool ApiIo::Sleep(double seconds) {
  double deadline = Now() + seconds;
  for (;;) {
    double left = deadline - Now();
    if (left <= 0) return true;
    pollfd p{0, POLLIN, 0};
    int r = poll(&p, 1, PollMs(left));
    if (r < 0 && errno != EINTR) return false;
    if (r > 0 && !Drain()) return false;
  }
}

void ApiIo::DrainUntilEof() {
  for (;;) {
    pollfd p{0, POLLIN, 0};
    if (poll(&p, 1, -1) < 0 && errno != EINTR) return;
    if (!Drain()) return;
  }
}

}  // namespace herald::bench
