// Reload without stopping the world: what the worker thread hands back to
// the event loop, and the static-route work the loop then does in slices.
//
// A signal asks for a reload (Daemon::RequestReload). A worker thread reads
// and parses the configuration and compares each neighbor's static routes
// with those of the configuration in force (Compare); the loop keeps
// running meanwhile. The result is posted back to the io_context, where
// Daemon::Apply switches processes and peers at once and queues one
// RouteWork per peer; RunSlice then withdraws and announces at most
// kSliceBudget worth of routes per turn of the loop. At most one parse runs,
// and no parse starts while routes are still being applied, so the
// configuration a result was compared with is always the one in force when
// it is applied; requests made meanwhile collapse into one more reload.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "config/config.h"
#include "daemon/watchdog.h"
#include "net/peer.h"
#include "rib/attr_pool.h"

namespace herald::daemon {

// How long one slice of route work may hold the event loop.
inline constexpr std::chrono::microseconds kSliceBudget{500};
// A slice (or anything measured the same way) longer than this is logged
// as a warning.
inline constexpr std::chrono::milliseconds kSlowSlice{100};

using Withdrawal = std::pair<wire::Family, wire::InetNlri>;
using GenericWithdrawal = std::pair<wire::Family, wire::GenericNlri>;

// One neighbor of the new configuration against the same neighbor (same
// peer and local address) in the old one.
struct NeighborDiff {
  std::vector<Withdrawal> withdraw;  // prefixes the new configuration lacks
  std::vector<GenericWithdrawal> withdraw_generic;  // other families' routes it lacks
  size_t kept = 0;                   // routes in both
  size_t added = 0;                  // routes only in the new one
};

// Indexed like the new configuration's neighbors.
struct Diff {
  std::vector<NeighborDiff> neighbors;
};

// Compares the static routes of `next` with those of `base` (null: none).
Diff Compare(const config::Config* base, const config::Config& next);

// What the worker made of one reload request.
struct Parsed {
  uint8_t flags = 0;                             // Daemon::ReloadFlags
  std::shared_ptr<const config::Config> base;    // in force when it started
  std::shared_ptr<const config::Config> config;  // null if it has errors
  std::vector<config::ConfigError> errors;
  Diff diff;
  double parse_seconds = 0;
  double compare_seconds = 0;
};

// The static routes one peer's adj-RIB-out still has to take.
struct RouteWork {
  net::Peer* peer = nullptr;  // owned by Daemon::peers_
  bool start = false;         // a new peer: started once its routes are in
  std::vector<Withdrawal> withdraw;
  std::vector<GenericWithdrawal> withdraw_generic;
  size_t withdrawn = 0;  // next index in withdraw, then in withdraw_generic
  config::StaticRoutes routes;
  config::StaticRoutes held;       // configured `withdraw`: see WatchdogUp
  std::vector<rib::AttrRef> refs;  // by set, interned when first used
  std::vector<rib::AttrRef> held_refs;
  size_t announced = 0;            // next index in routes, then in held, then in routes' generic NLRI

  // Does at most `count` withdrawals and announcements; true once all done.
  // Routes whose watchdog is withdrawn are not announced.
  bool Step(rib::AttrPool& pool, const Watchdogs& watchdogs, size_t count);
};

struct ApplyJob {
  std::vector<RouteWork> work;
  size_t current = 0;   // work[current] is the one going on
  bool reload = false;  // false at start-up
  size_t added = 0, kept = 0, removed = 0;
  std::chrono::steady_clock::time_point started;
  std::chrono::steady_clock::duration started_cpu{};  // thread CPU time then
  std::chrono::steady_clock::duration longest{};      // wall clock
  std::chrono::steady_clock::duration longest_cpu{};  // that slice's CPU time
  size_t slices = 0;
};

}  // namespace herald::daemon
