#include "metrics/exposition.h"

#include <gtest/gtest.h>

namespace herald::metrics {
namespace {

Snapshot Sample() {
  Snapshot s;
  s.version = "0.9";
  s.start_time = 1764820000.5;
  s.self.resident_bytes = 7405568;
  s.self.cpu_seconds = 0.25;
  PeerSample& p = s.peers.emplace_back();
  p.neighbor = "127.0.0.2";
  p.peer_as = 65002;
  p.state = "ESTABLISHED";
  p.uptime_seconds = 12.5;
  p.sent[1] = 1;
  p.sent[2] = 40;
  p.received[4] = 3;
  p.counters.transitions = 5;
  p.counters.established = 1;
  p.counters.received[wire::kIpv4Unicast] = {7, 2};
  p.counters.notifications_sent[{6, 2}] = 1;
  p.out.push_back({wire::kIpv6Unicast, 3, 4, 1});
  p.rib_in = 5;
  ProcessSample& q = s.processes.emplace_back();
  q.name = "watch \"web\"";
  q.running = true;
  q.restarts = 2;
  q.lines = 10;
  q.errors = 1;
  return s;
}

bool Has(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos || text.rfind(line + "\n", 0) == 0;
}

TEST(Exposition, PrometheusText) {
  std::string t = Render(Sample(), Format::kPrometheus);
  EXPECT_TRUE(Has(t, "# TYPE herald_build_info gauge")) << t;
  EXPECT_TRUE(Has(t, "herald_build_info{version=\"0.9\"} 1"));
  EXPECT_TRUE(Has(t, "process_start_time_seconds 1764820000.5"));
  EXPECT_TRUE(Has(t, "process_resident_memory_bytes 7405568"));
  EXPECT_TRUE(Has(t, "# TYPE process_cpu_seconds_total counter"));
  EXPECT_TRUE(Has(t, "process_cpu_seconds_total 0.25"));
  EXPECT_TRUE(Has(t, "herald_bgp_session_up{neighbor=\"127.0.0.2\",peer_as=\"65002\"} 1"));
  EXPECT_TRUE(Has(t, "herald_bgp_session_state{neighbor=\"127.0.0.2\",state=\"established\"} 1"));
  EXPECT_TRUE(Has(t, "herald_bgp_session_state{neighbor=\"127.0.0.2\",state=\"idle\"} 0"));
  EXPECT_TRUE(Has(t, "herald_bgp_session_uptime_seconds{neighbor=\"127.0.0.2\"} 12.5"));
  EXPECT_TRUE(Has(t, "herald_bgp_session_transitions_total{neighbor=\"127.0.0.2\"} 5"));
  EXPECT_TRUE(Has(t, "herald_bgp_messages_total{neighbor=\"127.0.0.2\",direction=\"sent\",type=\"update\"} 40"));
  EXPECT_TRUE(Has(t, "herald_bgp_messages_total{neighbor=\"127.0.0.2\",direction=\"received\",type=\"keepalive\"} 3"));
  EXPECT_TRUE(Has(t, "herald_bgp_messages_total{neighbor=\"127.0.0.2\",direction=\"received\",type=\"route-refresh\"} 0"));
  EXPECT_TRUE(
      Has(t, "herald_bgp_notifications_total{neighbor=\"127.0.0.2\",direction=\"sent\",code=\"6\",subcode=\"2\"} 1"));
  EXPECT_TRUE(Has(t, "herald_bgp_routes_total{neighbor=\"127.0.0.2\",direction=\"received\",family=\"ipv4 unicast\","
                     "action=\"announce\"} 7"));
  EXPECT_TRUE(Has(t, "herald_bgp_routes_total{neighbor=\"127.0.0.2\",direction=\"sent\",family=\"ipv6 unicast\","
                     "action=\"withdraw\"} 1"));
  EXPECT_TRUE(Has(t, "herald_bgp_adj_rib_out_routes{neighbor=\"127.0.0.2\",family=\"ipv6 unicast\"} 3"));
  EXPECT_TRUE(Has(t, "herald_bgp_adj_rib_in_routes{neighbor=\"127.0.0.2\"} 5"));
  // Label values are escaped.
  EXPECT_TRUE(Has(t, "herald_api_process_restarts_total{process=\"watch \\\"web\\\"\"} 2"));
  EXPECT_TRUE(Has(t, "herald_api_errors_total{process=\"watch \\\"web\\\"\"} 1"));
  EXPECT_EQ(t.find("# EOF"), std::string::npos);
}

TEST(Exposition, OpenMetrics) {
  std::string t = Render(Sample(), Format::kOpenMetrics);
  EXPECT_TRUE(Has(t, "# TYPE herald_build info")) << t;
  EXPECT_TRUE(Has(t, "herald_build_info{version=\"0.9\"} 1"));
  EXPECT_TRUE(Has(t, "# TYPE herald_bgp_messages counter"));
  EXPECT_TRUE(Has(t, "herald_bgp_messages_total{neighbor=\"127.0.0.2\",direction=\"sent\",type=\"open\"} 1"));
  EXPECT_TRUE(t.size() > 6 && t.substr(t.size() - 6) == "# EOF\n");
}

TEST(Exposition, NoPeersNoProcesses) {
  Snapshot s;
  s.version = "1";
  std::string t = Render(s, Format::kPrometheus);
  EXPECT_TRUE(Has(t, "# TYPE herald_bgp_session_up gauge"));
  EXPECT_EQ(t.find("herald_bgp_session_up{"), std::string::npos);
}

TEST(Exposition, Negotiate) {
  EXPECT_EQ(Negotiate(""), Format::kPrometheus);
  EXPECT_EQ(Negotiate("text/plain;version=0.0.4;q=0.5,*/*;q=0.1"), Format::kPrometheus);
  EXPECT_EQ(Negotiate("application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"),
            Format::kOpenMetrics);
}

}  // namespace
}  // namespace herald::metrics
