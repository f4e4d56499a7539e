#include "metrics/exposition.h"

#include <fmt/format.h>

#include <initializer_list>
#include <string_view>
#include <utility>

namespace herald::metrics {

namespace {

enum class Type { kCounter, kGauge, kInfo };

using Labels = std::initializer_list<std::pair<std::string_view, std::string_view>>;

// The BGP FSM's states (RFC 4271 §8.2.2), as session::StateName spells them
// and as the `state` label gives them (lower case).
constexpr std::pair<std::string_view, std::string_view> kStates[] = {
    {"IDLE", "idle"},         {"CONNECT", "connect"},         {"ACTIVE", "active"},
    {"OPENSENT", "opensent"}, {"OPENCONFIRM", "openconfirm"}, {"ESTABLISHED", "established"},
};

// Message types as the `type` label gives them, by BGP type code.
constexpr std::string_view kMessageTypes[] = {"", "open", "update", "notification", "keepalive", "route-refresh"};

// Writes metric families: a family's HELP and TYPE lines, then its samples.
// A counter family is named without `_total` in OpenMetrics and with it in
// Prometheus's format; its samples always end in `_total`.
class Writer {
 public:
  explicit Writer(Format format) : format_(format) {}

  void Family(std::string_view name, Type type, std::string_view help) {
    name_ = name;
    type_ = type;
    std::string family(name);
    if (format_ == Format::kPrometheus && type == Type::kCounter) family += "_total";
    if (format_ == Format::kPrometheus && type == Type::kInfo) family += "_info";
    const char* type_name = type == Type::kCounter ? "counter"
                            : type == Type::kInfo && format_ == Format::kOpenMetrics ? "info"
                                                                                   : "gauge";
    fmt::format_to(std::back_inserter(out_), "# HELP {} {}\n# TYPE {} {}\n", family, help, family, type_name);
  }

  template <typename Value>
  void Sample(Labels labels, Value value) {
    out_ += name_;
    if (type_ == Type::kCounter) out_ += "_total";
    if (type_ == Type::kInfo) out_ += "_info";
    if (labels.size()) {
      out_ += '{';
      bool first = true;
      for (const auto& [key, v] : labels) {
        if (!first) out_ += ',';
        first = false;
        out_ += key;
        out_ += "=\"";
        Escape(v);
        out_ += '"';
      }
      out_ += '}';
    }
    fmt::format_to(std::back_inserter(out_), " {}\n", value);
  }

  std::string Finish() {
    if (format_ == Format::kOpenMetrics) out_ += "# EOF\n";
    return std::move(out_);
  }

 private:
  void Escape(std::string_view v) {
    for (char c : v) {
      if (c == '\\') out_ += "\\\\";
      else if (c == '"') out_ += "\\\"";
      else if (c == '\n') out_ += "\\n";
      else out_ += c;
    }
  }

  Format format_;
  std::string out_;
  std::string_view name_;
  Type type_ = Type::kGauge;
};

void WriteSelf(const Snapshot& s, Writer& w) {
  w.Family("herald_build", Type::kInfo, "herald's version.");
  w.Sample({{"version", s.version}}, 1);
  w.Family("process_start_time_seconds", Type::kGauge, "Start time of the process since the Unix epoch, in seconds.");
  w.Sample({}, s.start_time);
  w.Family("process_resident_memory_bytes", Type::kGauge, "Resident memory size, in bytes.");
  w.Sample({}, s.self.resident_bytes);
  w.Family("process_virtual_memory_bytes", Type::kGauge, "Virtual memory size, in bytes.");
  w.Sample({}, s.self.virtual_bytes);
  w.Family("process_cpu_seconds", Type::kCounter, "User and system CPU time spent, in seconds.");
  w.Sample({}, s.self.cpu_seconds);
  w.Family("process_open_fds", Type::kGauge, "Open file descriptors.");
  w.Sample({}, s.self.open_fds);
  w.Family("process_max_fds", Type::kGauge, "The most file descriptors the process may open.");
  w.Sample({}, s.self.max_fds);
}

void WriteSessions(const Snapshot& s, Writer& w) {
  w.Family("herald_bgp_session_up", Type::kGauge, "1 if the session with the neighbor is established, else 0.");
  for (const PeerSample& p : s.peers) {
    std::string as = std::to_string(p.peer_as);
    w.Sample({{"neighbor", p.neighbor}, {"peer_as", as}}, p.state == "ESTABLISHED" ? 1 : 0);
  }
  w.Family("herald_bgp_session_state", Type::kGauge, "1 for the FSM state the session with the neighbor is in.");
  for (const PeerSample& p : s.peers)
    for (const auto& [name, label] : kStates) w.Sample({{"neighbor", p.neighbor}, {"state", label}}, p.state == name ? 1 : 0);
  w.Family("herald_bgp_session_uptime_seconds", Type::kGauge,
           "How long the session has been established, in seconds (0 when it is not).");
  for (const PeerSample& p : s.peers) w.Sample({{"neighbor", p.neighbor}}, p.uptime_seconds);
  w.Family("herald_bgp_session_transitions", Type::kCounter, "FSM state changes of the neighbor's session.");
  for (const PeerSample& p : s.peers) w.Sample({{"neighbor", p.neighbor}}, p.counters.transitions);
  w.Family("herald_bgp_session_established", Type::kCounter, "Sessions with the neighbor that reached Established.");
  for (const PeerSample& p : s.peers) w.Sample({{"neighbor", p.neighbor}}, p.counters.established);
}

void WriteMessages(const Snapshot& s, Writer& w) {
  w.Family("herald_bgp_messages", Type::kCounter, "BGP messages sent to and received from the neighbor, by type.");
  for (const PeerSample& p : s.peers)
    for (const auto& [direction, counts] : {std::pair{"sent", &p.sent}, std::pair{"received", &p.received}})
      for (size_t t = 1; t < std::size(kMessageTypes); ++t)
        w.Sample({{"neighbor", p.neighbor}, {"direction", direction}, {"type", kMessageTypes[t]}}, (*counts)[t]);

  w.Family("herald_bgp_notifications", Type::kCounter,
           "NOTIFICATION messages sent to and received from the neighbor, by error code and subcode.");
  for (const PeerSample& p : s.peers)
    for (const auto& [direction, counts] : {std::pair{"sent", &p.counters.notifications_sent},
                                            std::pair{"received", &p.counters.notifications_received}})
      for (const auto& [codes, n] : *counts) {
        std::string code = std::to_string(codes.first), subcode = std::to_string(codes.second);
        w.Sample({{"neighbor", p.neighbor}, {"direction", direction}, {"code", code}, {"subcode", subcode}}, n);
      }

  w.Family("herald_bgp_update_errors", Type::kCounter,
           "Malformed UPDATEs received that kept the session up (RFC 7606), by the action taken.");
  for (const PeerSample& p : s.peers) {
    w.Sample({{"neighbor", p.neighbor}, {"action", "treat-as-withdraw"}}, p.counters.treat_as_withdraw);
    w.Sample({{"neighbor", p.neighbor}, {"action", "attribute-discard"}}, p.counters.attribute_discard);
  }
}

void WriteRoutes(const Snapshot& s, Writer& w) {
  w.Family("herald_bgp_routes", Type::kCounter,
           "Routes announced and withdrawn in the UPDATEs sent to and received from the neighbor, per family.");
  for (const PeerSample& p : s.peers) {
    for (const PeerSample::Out& o : p.out) {
      std::string family = o.family.Name();
      w.Sample({{"neighbor", p.neighbor}, {"direction", "sent"}, {"family", family}, {"action", "announce"}},
               o.announced);
      w.Sample({{"neighbor", p.neighbor}, {"direction", "sent"}, {"family", family}, {"action", "withdraw"}},
               o.withdrawn);
    }
    for (const auto& [f, r] : p.counters.received) {
      std::string family = f.Name();
      w.Sample({{"neighbor", p.neighbor}, {"direction", "received"}, {"family", family}, {"action", "announce"}},
               r.announced);
      w.Sample({{"neighbor", p.neighbor}, {"direction", "received"}, {"family", family}, {"action", "withdraw"}},
               r.withdrawn);
    }
  }
  w.Family("herald_bgp_adj_rib_out_routes", Type::kGauge,
           "Routes herald announces to the neighbor (its adj-RIB-out), per family.");
  for (const PeerSample& p : s.peers)
    for (const PeerSample::Out& o : p.out) {
      std::string family = o.family.Name();
      w.Sample({{"neighbor", p.neighbor}, {"family", family}}, o.routes);
    }
  w.Family("herald_bgp_adj_rib_in_routes", Type::kGauge,
           "Routes kept from the neighbor (neighbors with adj-rib-in only).");
  for (const PeerSample& p : s.peers)
    if (p.rib_in) w.Sample({{"neighbor", p.neighbor}}, *p.rib_in);
}

void WriteProcesses(const Snapshot& s, Writer& w) {
  w.Family("herald_api_process_up", Type::kGauge, "1 if the configured process is running, else 0.");
  for (const ProcessSample& p : s.processes) w.Sample({{"process", p.name}}, p.running ? 1 : 0);
  w.Family("herald_api_process_restarts", Type::kCounter, "Times the process was started again after it ended.");
  for (const ProcessSample& p : s.processes) w.Sample({{"process", p.name}}, p.restarts);
  w.Family("herald_api_lines", Type::kCounter, "API lines (commands) read from the process.");
  for (const ProcessSample& p : s.processes) w.Sample({{"process", p.name}}, p.lines);
  w.Family("herald_api_errors", Type::kCounter, "API lines from the process that were refused (answered error).");
  for (const ProcessSample& p : s.processes) w.Sample({{"process", p.name}}, p.errors);
  w.Family("herald_api_queued_bytes", Type::kGauge, "Bytes waiting to be written to the process's stdin.");
  for (const ProcessSample& p : s.processes) w.Sample({{"process", p.name}}, p.queued_bytes);
}

}  // namespace

const char* ContentType(Format format) {
  return format == Format::kOpenMetrics ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                                        : "text/plain; version=0.0.4; charset=utf-8";
}

Format Negotiate(std::string_view accept) {
  return accept.find("application/openmetrics-text") != std::string_view::npos ? Format::kOpenMetrics
                                                                              : Format::kPrometheus;
}

std::string Render(const Snapshot& snapshot, Format format) {
  Writer w(format);
  WriteSelf(snapshot, w);
  WriteSessions(snapshot, w);
  WriteMessages(snapshot, w);
  WriteRoutes(snapshot, w);
  WriteProcesses(snapshot, w);
  return w.Finish();
}

}  // namespace herald::metrics
