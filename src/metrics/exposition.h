// The metrics endpoint's text: a Snapshot of the daemon, written in
// Prometheus's text format (0.0.4) or OpenMetrics 1.0 (chosen by the
// scraper's Accept header). Pure: the daemon makes the snapshot, this only
// formats it. The metric names are listed in the README (Metrics).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "metrics/counters.h"
#include "wire/family.h"

namespace herald::metrics {

struct PeerSample {
  std::string neighbor;  // the peer's address
  uint32_t peer_as = 0;
  std::string state;     // the FSM state, as session::StateName spells it
  double uptime_seconds = 0;  // 0 unless established
  // Messages by BGP type (1 OPEN ... 5 ROUTE-REFRESH).
  std::array<uint64_t, 6> sent{};
  std::array<uint64_t, 6> received{};
  PeerCounters counters;
  // The adj-RIB-out, per family: routes wanted, announced and withdrawn.
  struct Out {
    wire::Family family;
    uint64_t routes = 0;
    uint64_t announced = 0;
    uint64_t withdrawn = 0;
  };
  std::vector<Out> out;
  std::optional<uint64_t> rib_in;  // routes kept from the peer (adj-rib-in)
};

struct ProcessSample {
  std::string name;
  bool running = false;
  uint64_t restarts = 0;  // starts after the first
  uint64_t lines = 0;     // API lines read from it
  uint64_t errors = 0;    // of which refused
  uint64_t queued_bytes = 0;  // waiting to be written to its stdin
};

// herald's own process, from /proc/self (process_stats.h).
struct SelfSample {
  uint64_t resident_bytes = 0;
  uint64_t virtual_bytes = 0;
  double cpu_seconds = 0;
  uint64_t open_fds = 0;
  uint64_t max_fds = 0;
};

struct Snapshot {
  std::string version;
  double start_time = 0;  // Unix time herald started, in seconds
  SelfSample self;
  std::vector<PeerSample> peers;
  std::vector<ProcessSample> processes;
};

enum class Format { kPrometheus, kOpenMetrics };

// The content type to answer with.
const char* ContentType(Format format);
// What an Accept header asks for: OpenMetrics if it names it.
Format Negotiate(std::string_view accept);

std::string Render(const Snapshot& snapshot, Format format);

}  // namespace herald::metrics
