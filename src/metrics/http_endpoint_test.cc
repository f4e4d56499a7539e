#include "metrics/http_endpoint.h"

#include <gtest/gtest.h>

#include <thread>

namespace herald::metrics {
namespace {

std::string Body(Format f) { return f == Format::kOpenMetrics ? "om\n# EOF\n" : "prom 1\n"; }

TEST(HttpRespond, Metrics) {
  std::string a = Respond("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", Body);
  EXPECT_EQ(a.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << a;
  EXPECT_NE(a.find("Content-Type: text/plain; version=0.0.4"), std::string::npos);
  EXPECT_NE(a.find("Content-Length: 7\r\n"), std::string::npos);
  EXPECT_EQ(a.substr(a.size() - 7), "prom 1\n");
}

TEST(HttpRespond, OpenMetricsByAccept) {
  std::string a = Respond("GET /metrics?x=1 HTTP/1.1\r\naccept:  application/openmetrics-text; version=1.0.0\r\n\r\n",
                          Body);
  EXPECT_NE(a.find("Content-Type: application/openmetrics-text"), std::string::npos) << a;
  EXPECT_EQ(a.substr(a.size() - 9), "om\n# EOF\n");
}

TEST(HttpRespond, HeadHasNoBody) {
  std::string a = Respond("HEAD /metrics HTTP/1.0\r\n\r\n", Body);
  EXPECT_NE(a.find("Content-Length: 7\r\n"), std::string::npos);
  EXPECT_EQ(a.substr(a.size() - 4), "\r\n\r\n");
}

TEST(HttpRespond, Errors) {
  EXPECT_EQ(Respond("GET /other HTTP/1.1\r\n\r\n", Body).rfind("HTTP/1.1 404", 0), 0u);
  std::string post = Respond("POST /metrics HTTP/1.1\r\n\r\n", Body);
  EXPECT_EQ(post.rfind("HTTP/1.1 405", 0), 0u);
  EXPECT_NE(post.find("Allow: GET, HEAD\r\n"), std::string::npos);
  EXPECT_EQ(Respond("GET /metrics\r\n\r\n", Body).rfind("HTTP/1.1 400", 0), 0u);
  EXPECT_EQ(Respond("\x01\x02 garbage\r\n\r\n", Body).rfind("HTTP/1.1 400", 0), 0u);
  EXPECT_EQ(Respond("GET / HTTP/1.1\r\n\r\n", Body).rfind("HTTP/1.1 200", 0), 0u);
}

// A client on another thread (the endpoint runs on the io_context's).
std::string Fetch(uint16_t port, const std::string& request) {
  asio::io_context io;
  asio::ip::tcp::socket s(io);
  s.connect({asio::ip::make_address("127.0.0.1"), port});
  asio::write(s, asio::buffer(request));
  std::string reply;
  asio::error_code ec;
  asio::read(s, asio::dynamic_buffer(reply), ec);
  return reply;
}

TEST(HttpEndpoint, ServesOverTcp) {
  asio::io_context io;
  int renders = 0;
  HttpEndpoint endpoint(io, [&](Format f) {
    ++renders;
    return Body(f);
  });
  ASSERT_TRUE(endpoint.Listen(*IpAddress::Parse("127.0.0.1"), 0));
  uint16_t port = endpoint.port();
  ASSERT_NE(port, 0);
  std::string ok, big;
  std::thread client([&] {
    ok = Fetch(port, "GET /metrics HTTP/1.1\r\nHost: h\r\n\r\n");
    big = Fetch(port, "GET /metrics HTTP/1.1\r\nX: " + std::string(HttpEndpoint::kMaxRequest, 'a') + "\r\n\r\n");
    asio::post(io, [&] { endpoint.Stop(); });
  });
  io.run_for(std::chrono::seconds(30));
  client.join();
  EXPECT_EQ(ok.rfind("HTTP/1.1 200 OK", 0), 0u) << ok;
  EXPECT_EQ(ok.substr(ok.size() - 7), "prom 1\n");
  EXPECT_EQ(big.rfind("HTTP/1.1 431", 0), 0u) << big;
  EXPECT_EQ(renders, 1);
}

TEST(HttpEndpoint, ListenFailsOnABusyPort) {
  asio::io_context io;
  HttpEndpoint a(io, Body), b(io, Body);
  ASSERT_TRUE(a.Listen(*IpAddress::Parse("127.0.0.1"), 0));
  Status s = b.Listen(*IpAddress::Parse("127.0.0.1"), a.port());
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("can not listen on 127.0.0.1 port"), std::string::npos);
}

}  // namespace
}  // namespace herald::metrics
