#include "healthcheck/checker.h"

#include <cmath>

namespace herald::healthcheck {

const char* StateName(State state) {
  switch (state) {
    case State::kInit: return "INIT";
    case State::kDisabled: return "DISABLED";
    case State::kRising: return "RISING";
    case State::kFalling: return "FALLING";
    case State::kUp: return "UP";
    case State::kDown: return "DOWN";
    case State::kExit: return "EXIT";
    case State::kEnd: return "END";
  }
  return "?";
}

std::vector<std::string> Lines(const Options& o, State target, std::optional<long> med_override) {
  long metric = 0;
  std::string as_path = o.as_path;
  const std::optional<std::string>* per_state = nullptr;
  if (target == State::kUp) metric = o.up_metric, per_state = &o.up_as_path;
  if (target == State::kDown) metric = o.down_metric, per_state = &o.down_as_path;
  if (target == State::kDisabled) metric = o.disabled_metric, per_state = &o.disabled_as_path;
  if (per_state && per_state->has_value()) as_path = **per_state;
  if (med_override) metric = *med_override;

  std::string prefix = "neighbor *";
  bool all = o.neighbors.empty();
  for (const auto& n : o.neighbors) all = all || n == "*";
  if (!all) {
    prefix.clear();
    for (const auto& n : o.neighbors) prefix += (prefix.empty() ? "neighbor " : ", neighbor ") + n;
  }
  std::string community = o.community;
  if ((target == State::kDown || target == State::kDisabled) && !o.disabled_community.empty())
    community = o.disabled_community;

  std::vector<std::string> lines;
  for (const Prefix& ip : o.ips) {
    bool withdraw = (o.withdraw_on_down || target == State::kExit) && target != State::kUp;
    std::string line = prefix + (withdraw ? " withdraw" : " announce") + " route " + ip.ToString() +
                       " next-hop " + (o.next_hop ? o.next_hop->ToString() : "self");
    if (!withdraw) {
      line += " med " + std::to_string(metric);
      if (o.local_preference >= 0) line += " local-preference " + std::to_string(o.local_preference);
      if (!community.empty()) line += " community [ " + community + " ]";
      if (!o.extended_community.empty()) line += " extended-community [ " + o.extended_community + " ]";
      if (!o.large_community.empty()) line += " large-community [ " + o.large_community + " ]";
      if (!as_path.empty()) line += " as-path [ " + as_path + " ]";
    }
    if (o.path_id) line += " path-information " + std::to_string(o.path_id);
    metric += o.increase;
    lines.push_back(std::move(line));
  }
  return lines;
}

State Checker::Trigger(State target, std::vector<Action>* actions) {
  if (target == State::kRising && options_.rise <= 1) target = State::kUp;
  if (target == State::kFalling && options_.fall <= 1) target = State::kDown;
  actions->push_back({Action::Kind::kLog, std::string("Transition to ") + StateName(target), "", 'D'});
  const std::vector<std::string>* own = nullptr;
  if (target == State::kUp) own = &options_.up_execute;
  if (target == State::kDown) own = &options_.down_execute;
  if (target == State::kDisabled) own = &options_.disabled_execute;
  std::vector<std::string> cmds = own ? *own : std::vector<std::string>{};
  cmds.insert(cmds.end(), options_.execute.begin(), options_.execute.end());
  for (const auto& cmd : cmds) actions->push_back({Action::Kind::kExecute, cmd, StateName(target)});
  return target;
}

void Checker::Announce(State target, std::vector<Action>* actions) {
  if (target != State::kUp && target != State::kDown && target != State::kDisabled && target != State::kExit)
    return;
  double at = 0;
  // herald's drain: from UP (announced with the up metric) to DOWN or
  // DISABLED, the MED steps towards the target's metric, one step a second
  // (at least one step), before the target's own lines.
  if (options_.drain > 0 && announced_ == State::kUp && (target == State::kDown || target == State::kDisabled)) {
    long to = target == State::kDown ? options_.down_metric : options_.disabled_metric;
    int steps = std::max(1, static_cast<int>(std::lround(options_.drain)));
    Options up = options_;
    up.withdraw_on_down = false;
    actions->push_back({Action::Kind::kLog,
                        std::string("draining for ") + StateName(target) + " over " +
                            std::to_string(options_.drain) + " seconds",
                        "", 'I'});
    for (int k = 0; k < steps; ++k) {
      long med = options_.up_metric + (to - options_.up_metric) * (k + 1) / (steps + 1);
      for (auto& line : Lines(up, State::kUp, med)) actions->push_back({Action::Kind::kPrint, line, "", 'I', at});
      at += options_.drain / steps;
    }
  }
  if (target == State::kUp && options_.ip_dynamic) {
    actions->push_back({Action::Kind::kLog, "service up, restoring loopback and ip-ifname ips", "", 'I', at});
    actions->push_back({Action::Kind::kSetupIps, "", "", 'I', at});
  }
  actions->push_back({Action::Kind::kLog, std::string("send announces for ") + StateName(target) + " state to ExaBGP",
                      "", 'I', at});
  for (auto& line : Lines(options_, target)) actions->push_back({Action::Kind::kPrint, line, "", 'I', at});
  announced_ = target;
  if (target == State::kExit && (options_.ip_dynamic || options_.ip_setup)) {
    actions->push_back({Action::Kind::kLog, "exiting, deleting setup ips", "", 'I', at});
    actions->push_back({Action::Kind::kRemoveIps, "", "", 'I', at});
  }
  if ((target == State::kDown || target == State::kDisabled) && options_.ip_dynamic) {
    actions->push_back({Action::Kind::kLog, "service down, deleting setup ips", "", 'I', at});
    actions->push_back({Action::Kind::kRemoveIps, "", "", 'I', at});
  }
}

Tick Checker::Step(bool disabled, bool successful) {
  Tick tick;
  auto* a = &tick.actions;
  successful = disabled || successful;
  State before = state_;
  if (state_ != State::kDisabled && disabled) {
    state_ = Trigger(State::kDisabled, a);
  } else if (state_ == State::kInit) {
    if (successful && options_.rise <= 1) {
      state_ = Trigger(State::kUp, a);
    } else if (successful) {
      state_ = Trigger(State::kRising, a);
      checks_ = 1;
    } else {
      state_ = Trigger(State::kFalling, a);
      checks_ = 1;
    }
  } else if (state_ == State::kDisabled) {
    if (!disabled) state_ = Trigger(State::kInit, a);
  } else if (state_ == State::kRising) {
    if (successful) {
      if (++checks_ >= options_.rise) state_ = Trigger(State::kUp, a);
    } else {
      state_ = Trigger(State::kFalling, a);
      checks_ = 1;
    }
  } else if (state_ == State::kFalling) {
    if (!successful) {
      if (++checks_ >= options_.fall) state_ = Trigger(State::kDown, a);
    } else {
      state_ = Trigger(State::kRising, a);
      checks_ = 1;
    }
  } else if (state_ == State::kUp) {
    if (!successful) {
      state_ = Trigger(State::kFalling, a);
      checks_ = 1;
    }
  } else if (state_ == State::kDown) {
    if (successful) {
      state_ = Trigger(State::kRising, a);
      checks_ = 1;
    }
  }
  // Announced at every iteration (unless --debounce), in case a peer lost
  // its routes and the adj-rib-out is off.
  if (!options_.debounce || state_ != before) Announce(state_, a);

  if (state_ == State::kRising || state_ == State::kFalling) {
    tick.delay = options_.fast_interval;
  } else if (options_.interval == 0) {
    tick.actions.push_back({Action::Kind::kLog, "interval set to zero, exiting after the announcement", "", 'I',
                            tick.actions.empty() ? 0 : tick.actions.back().at});
  } else {
    tick.delay = options_.interval;
  }
  return tick;
}

Tick Checker::Exit() {
  Tick tick;
  Announce(State::kExit, &tick.actions);
  state_ = State::kExit;
  return tick;
}

}  // namespace herald::healthcheck
