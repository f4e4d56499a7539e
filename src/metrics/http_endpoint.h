// HttpEndpoint: the metrics endpoint's HTTP server (metrics.enable,
// metrics.address, metrics.port). It answers `GET /metrics` (and HEAD) with
// what `render` makes, in the format the Accept header asks for
// (exposition.h), a short page at `/`, 404 elsewhere, 405 for other methods.
// One request per connection (Connection: close). Bounded: a request head
// of at most 8 KiB (431 past it), 10 s to send it, 32 clients at once (more
// are closed at once). Runs on the daemon's io_context and thread; render is
// called there.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "base/ip.h"
#include "base/result.h"
#include "metrics/exposition.h"
#include "net/asio.h"

namespace herald::metrics {

class HttpEndpoint {
 public:
  using Render = std::function<std::string(Format)>;
  static constexpr size_t kMaxRequest = 8192;
  static constexpr size_t kMaxClients = 32;
  static constexpr std::chrono::seconds kRequestTimeout{10};

  HttpEndpoint(asio::io_context& io, Render render);
  ~HttpEndpoint();  // Stop()
  HttpEndpoint(const HttpEndpoint&) = delete;
  HttpEndpoint& operator=(const HttpEndpoint&) = delete;

  // Listens on address:port (port 0: one the system picks, see port()).
  Status Listen(const IpAddress& address, uint16_t port);
  uint16_t port() const;
  // Closes the listening socket and every client's; render is not called
  // any more.
  void Stop();

  struct Shared;

 private:
  std::shared_ptr<Shared> shared_;
};

// The answer to one request head (pure, for tests): status line, headers
// and body.
std::string Respond(std::string_view request, const HttpEndpoint::Render& render);

}  // namespace herald::metrics
