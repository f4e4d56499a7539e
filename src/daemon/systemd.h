// Systemd: tells systemd how herald is doing, for `Type=notify` units
// (etc/systemd/herald.service), by the sd_notify protocol: datagrams to the
// Unix socket $NOTIFY_SOCKET (no libsystemd needed). READY=1 once the
// configuration is applied and the sessions are started; RELOADING=1 then
// READY=1 around a reload; STOPPING=1 at shutdown; STATUS= with the
// sessions established; WATCHDOG=1 every half of $WATCHDOG_USEC (the unit's
// WatchdogSec) from the event loop, so a stuck loop gets herald restarted.
// Outside systemd (no $NOTIFY_SOCKET) every call does nothing. The three
// variables are removed from the environment, so herald's processes do not
// inherit them.
#pragma once

#include <sys/socket.h>
#include <sys/un.h>

#include <chrono>
#include <string>
#include <string_view>

#include "net/asio.h"

namespace herald::daemon {

class Systemd {
 public:
  explicit Systemd(asio::io_context& io);
  ~Systemd();
  Systemd(const Systemd&) = delete;
  Systemd& operator=(const Systemd&) = delete;

  bool enabled() const { return fd_ >= 0; }
  void Ready(std::string_view status);
  void Reloading();
  void Stopping();
  void Status(std::string_view status);
  // Starts the pings when systemd asked for them (WatchdogSec).
  void StartWatchdog();
  std::chrono::microseconds watchdog() const { return watchdog_; }

 private:
  void Send(std::string_view message);
  void Ping();

  int fd_ = -1;
  sockaddr_un address_{};
  socklen_t length_ = 0;
  std::chrono::microseconds watchdog_{0};
  asio::steady_timer timer_;
};

}  // namespace herald::daemon
