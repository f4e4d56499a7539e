#include "daemon/systemd.h"

#include <fmt/format.h>
#include <time.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "base/log.h"

namespace herald::daemon {

using log::Category;

Systemd::Systemd(asio::io_context& io) : timer_(io) {
  const char* socket_path = std::getenv("NOTIFY_SOCKET");
  const char* usec = std::getenv("WATCHDOG_USEC");
  const char* pid = std::getenv("WATCHDOG_PID");
  // The watchdog is for this process unless WATCHDOG_PID names another.
  if (usec && (!pid || std::strtoul(pid, nullptr, 10) == static_cast<unsigned long>(getpid())))
    watchdog_ = std::chrono::microseconds(std::strtoull(usec, nullptr, 10));
  std::string path = socket_path ? socket_path : "";
  unsetenv("NOTIFY_SOCKET");
  unsetenv("WATCHDOG_USEC");
  unsetenv("WATCHDOG_PID");
  // An absolute path, or an abstract socket written with a leading '@'.
  if (path.size() < 2 || (path[0] != '/' && path[0] != '@') || path.size() >= sizeof(address_.sun_path)) {
    if (!path.empty()) log::Warn(Category::kDaemon, "NOTIFY_SOCKET '{}' is not a socket path: ignored", path);
    return;
  }
  address_.sun_family = AF_UNIX;
  std::memcpy(address_.sun_path, path.data(), path.size());
  if (path[0] == '@') address_.sun_path[0] = '\0';
  length_ = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size());
  fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
}

Systemd::~Systemd() {
  if (fd_ >= 0) close(fd_);
}

void Systemd::Send(std::string_view message) {
  if (fd_ < 0) return;
  if (sendto(fd_, message.data(), message.size(), MSG_NOSIGNAL, reinterpret_cast<const sockaddr*>(&address_),
             length_) < 0)
    log::Debug(Category::kDaemon, "systemd notification failed: {}", std::strerror(errno));
}

void Systemd::Ready(std::string_view status) { Send(fmt::format("READY=1\nSTATUS={}", status)); }

void Systemd::Reloading() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  uint64_t usec = static_cast<uint64_t>(now.tv_sec) * 1000000 + static_cast<uint64_t>(now.tv_nsec) / 1000;
  Send(fmt::format("RELOADING=1\nMONOTONIC_USEC={}\nSTATUS=reloading the configuration", usec));
}

void Systemd::Stopping() { Send("STOPPING=1\nSTATUS=shutting down"); }

void Systemd::Status(std::string_view status) { Send(fmt::format("STATUS={}", status)); }

void Systemd::StartWatchdog() {
  if (fd_ < 0 || watchdog_.count() <= 0) return;
  log::Info(Category::kDaemon, "systemd watchdog: a ping every {} ms", watchdog_.count() / 2000);
  Ping();
}

void Systemd::Ping() {
  Send("WATCHDOG=1");
  timer_.expires_after(watchdog_ / 2);
  timer_.async_wait([this](asio::error_code ec) {
    if (!ec) Ping();
  });
}

}  // namespace herald::daemon
