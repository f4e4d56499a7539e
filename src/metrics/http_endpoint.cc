#include "metrics/http_endpoint.h"

#include <fmt/format.h>

#include <set>

#include "base/log.h"

namespace herald::metrics {

using asio::ip::tcp;
using net::awaitable;
using net::use_nothrow;

struct HttpEndpoint::Shared {
  explicit Shared(asio::io_context& io) : acceptor(io) {}
  tcp::acceptor acceptor;
  Render render;
  std::set<std::shared_ptr<tcp::socket>> clients;
  bool stopped = false;
};

namespace {

std::string Answer(std::string_view status, std::string_view content_type, std::string_view body, bool head,
                   std::string_view extra = "") {
  std::string out = fmt::format("HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n{}Connection: close\r\n\r\n",
                                status, content_type, body.size(), extra);
  if (!head) out += body;
  return out;
}

// The value of header `name` (case-blind) in a request head, or "".
std::string_view Header(std::string_view request, std::string_view name) {
  size_t at = request.find("\r\n");
  while (at != std::string_view::npos && at + 2 < request.size()) {
    size_t start = at + 2;
    size_t end = request.find("\r\n", start);
    std::string_view line = request.substr(start, end == std::string_view::npos ? end : end - start);
    size_t colon = line.find(':');
    if (colon == name.size() && std::equal(name.begin(), name.end(), line.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        })) {
      std::string_view v = line.substr(colon + 1);
      while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
      return v;
    }
    at = end;
  }
  return {};
}

awaitable<void> Serve(std::shared_ptr<HttpEndpoint::Shared> shared, std::shared_ptr<tcp::socket> socket) {
  asio::steady_timer deadline(socket->get_executor());
  deadline.expires_after(HttpEndpoint::kRequestTimeout);
  deadline.async_wait([socket](asio::error_code ec) {
    if (!ec) socket->close(ec);
  });
  std::string request;
  auto [ec, n] = co_await asio::async_read_until(
      *socket, asio::dynamic_buffer(request, HttpEndpoint::kMaxRequest), "\r\n\r\n", use_nothrow);
  std::string answer;
  if (!ec && !shared->stopped) {
    answer = Respond(std::string_view(request).substr(0, n), shared->render);
  } else if (ec == asio::error::not_found) {
    answer = Answer("431 Request Header Fields Too Large", "text/plain; charset=utf-8",
                    "The request head is over 8 KiB.\n", false);
  }
  if (!answer.empty() && socket->is_open()) {
    auto [wec, written] = co_await asio::async_write(*socket, asio::buffer(answer), use_nothrow);
    (void)wec;
    (void)written;
  }
  deadline.cancel();
  asio::error_code ignored;
  socket->shutdown(tcp::socket::shutdown_both, ignored);
  socket->close(ignored);
  shared->clients.erase(socket);
}

awaitable<void> AcceptLoop(std::shared_ptr<HttpEndpoint::Shared> shared) {
  while (!shared->stopped) {
    auto socket = std::make_shared<tcp::socket>(shared->acceptor.get_executor());
    auto [ec] = co_await shared->acceptor.async_accept(*socket, use_nothrow);
    if (shared->stopped || ec == asio::error::operation_aborted) co_return;
    if (ec) {
      log::Warn(log::Category::kNetwork, "metrics endpoint: accept failed: {}", ec.message());
      continue;
    }
    if (shared->clients.size() >= HttpEndpoint::kMaxClients) {
      socket->close(ec);
      continue;
    }
    shared->clients.insert(socket);
    net::co_spawn(shared->acceptor.get_executor(), Serve(shared, socket), net::detached);
  }
}

}  // namespace

std::string Respond(std::string_view request, const HttpEndpoint::Render& render) {
  std::string_view line = request.substr(0, request.find("\r\n"));
  size_t sp1 = line.find(' ');
  size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.substr(sp2 + 1).rfind("HTTP/1.", 0) != 0)
    return Answer("400 Bad Request", "text/plain; charset=utf-8", "Not an HTTP/1 request.\n", false);
  std::string_view method = line.substr(0, sp1);
  std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string_view path = target.substr(0, target.find('?'));
  bool head = method == "HEAD";
  if (method != "GET" && !head)
    return Answer("405 Method Not Allowed", "text/plain; charset=utf-8", "Only GET and HEAD.\n", false,
                  "Allow: GET, HEAD\r\n");
  if (path == "/metrics") {
    Format format = Negotiate(Header(request, "Accept"));
    return Answer("200 OK", ContentType(format), render(format), head);
  }
  if (path == "/")
    return Answer("200 OK", "text/html; charset=utf-8",
                  "<html><head><title>herald</title></head><body><a href=\"/metrics\">Metrics</a></body></html>\n",
                  head);
  return Answer("404 Not Found", "text/plain; charset=utf-8", "Only /metrics is served.\n", head);
}

HttpEndpoint::HttpEndpoint(asio::io_context& io, Render render) : shared_(std::make_shared<Shared>(io)) {
  shared_->render = std::move(render);
}

HttpEndpoint::~HttpEndpoint() { Stop(); }

Status HttpEndpoint::Listen(const IpAddress& address, uint16_t port) {
  asio::error_code ec;
  tcp::endpoint at(asio::ip::make_address(address.ToString(), ec), port);
  if (ec) return Fail(fmt::format("metrics endpoint: bad address {}", address.ToString()));
  tcp::acceptor& a = shared_->acceptor;
  a.open(at.protocol(), ec);
  if (!ec) a.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) a.bind(at, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    asio::error_code ignored;
    a.close(ignored);
    return Fail(fmt::format("metrics endpoint: can not listen on {} port {}: {}", address.ToString(), port,
                            ec.message()));
  }
  net::co_spawn(a.get_executor(), AcceptLoop(shared_), net::detached);
  return Ok();
}

uint16_t HttpEndpoint::port() const {
  asio::error_code ec;
  auto e = shared_->acceptor.local_endpoint(ec);
  return ec ? 0 : e.port();
}

void HttpEndpoint::Stop() {
  if (shared_->stopped) return;
  shared_->stopped = true;
  shared_->render = nullptr;
  asio::error_code ec;
  shared_->acceptor.close(ec);
  for (const auto& c : shared_->clients) c->close(ec);
}

}  // namespace herald::metrics
