// The health checker's logic, pure: the state machine (INIT, RISING,
// FALLING, UP, DOWN, DISABLED, EXIT, END with rise/fall hysteresis, as
// ExaBGP 5.0's healthcheck behaves), the API lines each state prints, and
// herald's gradual drain. It runs no command and reads no clock: the runner
// (runner.cc) feeds it each check's result and performs what it returns.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "healthcheck/options.h"

namespace herald::healthcheck {

enum class State { kInit, kDisabled, kRising, kFalling, kUp, kDown, kExit, kEnd };

// "INIT", "UP", ...: the STATE variable of the execute hooks, and logs.
const char* StateName(State state);

// The lines announcing (or withdrawing) every IP for `target` (UP, DOWN,
// DISABLED or EXIT). med_override: the first IP's MED instead of the
// state's metric (a drain step; later IPs add --increase each).
std::vector<std::string> Lines(const Options& options, State target,
                               std::optional<long> med_override = std::nullopt);

// One thing for the runner to do, in order.
struct Action {
  enum class Kind { kPrint, kExecute, kSetupIps, kRemoveIps, kLog };
  Kind kind = Kind::kPrint;
  std::string text;   // the line, the command, or the log message
  std::string state;  // kExecute: the STATE variable
  char level = 'I';   // kLog: 'D'ebug, 'I'nfo, 'W'arning, 'E'rror
  double at = 0;      // seconds after the step began (drain steps are later)
};

struct Tick {
  std::vector<Action> actions;
  // Seconds to wait after the actions before the next check; nullopt: exit
  // (--interval 0 once the state is settled).
  std::optional<double> delay;
};

class Checker {
 public:
  // options.ips: the IPs to announce, in order (after --start-ip and
  // --deaggregate-networks).
  explicit Checker(Options options) : options_(std::move(options)) {}

  // One iteration: `disabled` (the --disable file exists) or the check
  // command's result.
  Tick Step(bool disabled, bool successful);
  // SIGTERM/SIGINT: withdraw every IP (and remove the IPs set up).
  Tick Exit();

  State state() const { return state_; }
  int checks() const { return checks_; }

 private:
  State Trigger(State target, std::vector<Action>* actions);
  void Announce(State target, std::vector<Action>* actions);

  Options options_;
  State state_ = State::kInit;
  int checks_ = 0;
  State announced_ = State::kInit;  // the last state whose lines were printed
};

}  // namespace herald::healthcheck
