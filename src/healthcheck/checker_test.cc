#include "healthcheck/checker.h"

#include <gtest/gtest.h>

namespace herald::healthcheck {
namespace {

Options Base() {
  Options o;
  o.ips = {*Prefix::Parse("192.0.2.10/32")};
  o.rise = 1;
  o.fall = 1;
  o.interval = 5;
  o.fast_interval = 1;
  return o;
}

// One check's input: the disable file exists, or the check's result.
struct In {
  bool ok = true;
  bool disabled = false;
};
const In kOk{true, false}, kFail{false, false}, kOff{true, true};

struct Printed {
  double at;
  std::string line;
  friend bool operator==(const Printed&, const Printed&) = default;
};

// Drives a Checker with a fake clock: each step's actions at their offsets,
// then the step's delay. Returns every printed line with its time.
std::vector<Printed> Drive(Checker& c, const std::vector<In>& ins, std::vector<Action>* all = nullptr,
                         double* end = nullptr) {
  std::vector<Printed> out;
  double now = 0;
  for (const In& in : ins) {
    Tick t = c.Step(in.disabled, in.ok);
    double last = 0;
    for (const Action& a : t.actions) {
      if (a.kind == Action::Kind::kPrint) out.push_back({now + a.at, a.text});
      if (all) all->push_back(a);
      last = std::max(last, a.at);
    }
    now += last + t.delay.value_or(0);
    if (!t.delay) break;
  }
  if (end) *end = now;
  return out;
}

std::vector<std::string> Lines(const std::vector<Printed>& p) {
  std::vector<std::string> out;
  for (const auto& x : p) out.push_back(x.line);
  return out;
}

const std::string kUp = "neighbor * announce route 192.0.2.10/32 next-hop self med 100";
const std::string kDown = "neighbor * announce route 192.0.2.10/32 next-hop self med 1000";
const std::string kDisabled = "neighbor * announce route 192.0.2.10/32 next-hop self med 500";

TEST(Checker, UpDownUpAnnouncesEveryInterval) {
  Checker c(Base());
  auto p = Drive(c, {kOk, kOk, kFail, kOk});
  EXPECT_EQ(p, (std::vector<Printed>{{0, kUp}, {5, kUp}, {10, kDown}, {15, kUp}}));
}

TEST(Checker, RiseAndFallCountChecksAtTheFastInterval) {
  Options o = Base();
  o.rise = 3;
  o.fall = 2;
  Checker c(o);
  // RISING (1), RISING (2), UP (3); FALLING (1), DOWN (2).
  auto p = Drive(c, {kOk, kOk, kOk, kOk, kFail, kFail, kFail});
  EXPECT_EQ(p, (std::vector<Printed>{{2, kUp}, {7, kUp}, {13, kDown}, {18, kDown}}));
  EXPECT_EQ(c.state(), State::kDown);
}

TEST(Checker, AFlapWhileRisingStartsFalling) {
  Options o = Base();
  o.rise = 2;
  o.fall = 2;
  Checker c(o);
  auto p = Drive(c, {kOk, kFail, kOk, kOk});
  EXPECT_EQ(Lines(p), (std::vector<std::string>{kUp}));
  EXPECT_EQ(c.state(), State::kUp);
  Checker d(o);
  Drive(d, {kFail});
  EXPECT_EQ(d.state(), State::kFalling);
  EXPECT_EQ(d.checks(), 1);
}

TEST(Checker, DisableFileAppearsAndGoes) {
  Options o = Base();
  o.rise = 2;
  Checker c(o);
  std::vector<Action> actions;
  auto p = Drive(c, {kOk, kOk, kOff, kOff, kOk, kOk, kOk}, &actions);
  // UP, UP, DISABLED, DISABLED, INIT (nothing), RISING (nothing), UP.
  EXPECT_EQ(Lines(p), (std::vector<std::string>{kUp, kDisabled, kDisabled, kUp}));
}

TEST(Checker, DebounceAnnouncesOnlyChanges) {
  Options o = Base();
  o.debounce = true;
  Checker c(o);
  auto p = Drive(c, {kOk, kOk, kOk, kFail, kFail, kOk});
  EXPECT_EQ(Lines(p), (std::vector<std::string>{kUp, kDown, kUp}));
}

TEST(Checker, WithdrawOnDownAndDisabled) {
  Options o = Base();
  o.withdraw_on_down = true;
  Checker c(o);
  auto p = Drive(c, {kOk, kFail, kOff});
  const std::string w = "neighbor * withdraw route 192.0.2.10/32 next-hop self";
  EXPECT_EQ(Lines(p), (std::vector<std::string>{kUp, w, w}));
}

TEST(Checker, MetricsIncreaseOverSeveralIps) {
  Options o = Base();
  o.ips = {*Prefix::Parse("192.0.2.10/32"), *Prefix::Parse("192.0.2.11/32"), *Prefix::Parse("2001:db8::1/128")};
  o.increase = 10;
  EXPECT_EQ(healthcheck::Lines(o, State::kUp),
            (std::vector<std::string>{"neighbor * announce route 192.0.2.10/32 next-hop self med 100",
                                      "neighbor * announce route 192.0.2.11/32 next-hop self med 110",
                                      "neighbor * announce route 2001:db8::1/128 next-hop self med 120"}));
  EXPECT_EQ(healthcheck::Lines(o, State::kDisabled)[2],
            "neighbor * announce route 2001:db8::1/128 next-hop self med 520");
}

TEST(Checker, AttributesPerState) {
  Options o = Base();
  o.next_hop = *IpAddress::Parse("192.0.2.1");
  o.local_preference = 0;
  o.community = "65000:1";
  o.disabled_community = "65000:666";
  o.extended_community = "target:65000:1";
  o.large_community = "1:2:3";
  o.as_path = "65001";
  o.up_as_path = "65002 65002";
  o.down_as_path = "";  // given empty: no as-path when down
  o.path_id = 4;
  const std::string attrs = " extended-community [ target:65000:1 ] large-community [ 1:2:3 ]";
  EXPECT_EQ(healthcheck::Lines(o, State::kUp)[0],
            "neighbor * announce route 192.0.2.10/32 next-hop 192.0.2.1 med 100 local-preference 0 community [ "
            "65000:1 ]" + attrs + " as-path [ 65002 65002 ] path-information 4");
  EXPECT_EQ(healthcheck::Lines(o, State::kDown)[0],
            "neighbor * announce route 192.0.2.10/32 next-hop 192.0.2.1 med 1000 local-preference 0 community [ "
            "65000:666 ]" + attrs + " path-information 4");
  EXPECT_EQ(healthcheck::Lines(o, State::kDisabled)[0],
            "neighbor * announce route 192.0.2.10/32 next-hop 192.0.2.1 med 500 local-preference 0 community [ "
            "65000:666 ]" + attrs + " as-path [ 65001 ] path-information 4");
  EXPECT_EQ(healthcheck::Lines(o, State::kExit)[0],
            "neighbor * withdraw route 192.0.2.10/32 next-hop 192.0.2.1 path-information 4");
  o.community.clear();
  EXPECT_EQ(healthcheck::Lines(o, State::kUp)[0].find("community [ 65000"), std::string::npos);
  EXPECT_NE(healthcheck::Lines(o, State::kDown)[0].find("community [ 65000:666 ]"), std::string::npos);
}

TEST(Checker, NeighborPrefix) {
  Options o = Base();
  o.neighbors = {"10.0.0.1", "2001:db8::2"};
  EXPECT_EQ(healthcheck::Lines(o, State::kUp)[0],
            "neighbor 10.0.0.1, neighbor 2001:db8::2 announce route 192.0.2.10/32 next-hop self med 100");
  o.neighbors.push_back("*");
  EXPECT_EQ(healthcheck::Lines(o, State::kUp)[0], kUp);
}

TEST(Checker, PathIdZeroIsNone) {
  Options o = Base();
  o.path_id = 0;
  EXPECT_EQ(healthcheck::Lines(o, State::kUp)[0], kUp);
}

TEST(Checker, IntervalZeroExitsOnceSettled) {
  Options o = Base();
  o.interval = 0;
  o.rise = 2;
  Checker c(o);
  Tick t = c.Step(false, true);  // RISING: the fast interval
  EXPECT_EQ(t.delay, 1.0);
  t = c.Step(false, true);  // UP: announced, then exit
  EXPECT_FALSE(t.delay);
  int printed = 0;
  for (const auto& a : t.actions) printed += a.kind == Action::Kind::kPrint;
  EXPECT_EQ(printed, 1);
}

TEST(Checker, ExitWithdrawsAndRemovesIps) {
  Options o = Base();
  Checker c(o);
  Drive(c, {kOk});
  Tick t = c.Exit();
  std::vector<Action::Kind> kinds;
  for (const auto& a : t.actions)
    if (a.kind != Action::Kind::kLog) kinds.push_back(a.kind);
  EXPECT_EQ(kinds, (std::vector<Action::Kind>{Action::Kind::kPrint, Action::Kind::kRemoveIps}));
  o.ip_setup = false;
  Checker d(o);
  t = d.Exit();
  EXPECT_EQ(t.actions.back().kind, Action::Kind::kPrint);
  EXPECT_EQ(t.actions.back().text, "neighbor * withdraw route 192.0.2.10/32 next-hop self");
}

TEST(Checker, DynamicIpSetup) {
  Options o = Base();
  o.ip_dynamic = true;
  Checker c(o);
  std::vector<Action> actions;
  Drive(c, {kOk, kFail}, &actions);
  std::vector<Action::Kind> kinds;
  for (const auto& a : actions)
    if (a.kind == Action::Kind::kSetupIps || a.kind == Action::Kind::kRemoveIps || a.kind == Action::Kind::kPrint)
      kinds.push_back(a.kind);
  // Set up before UP's lines; removed after DOWN's.
  EXPECT_EQ(kinds, (std::vector<Action::Kind>{Action::Kind::kSetupIps, Action::Kind::kPrint, Action::Kind::kPrint,
                                              Action::Kind::kRemoveIps}));
}

TEST(Checker, ExecuteHooksWithTheirState) {
  Options o = Base();
  o.rise = 2;
  o.execute = {"all"};
  o.up_execute = {"up"};
  o.down_execute = {"down"};
  o.disabled_execute = {"off"};
  Checker c(o);
  std::vector<Action> actions;
  Drive(c, {kOk, kOk, kOff, kFail}, &actions);
  std::vector<std::string> run;
  for (const auto& a : actions)
    if (a.kind == Action::Kind::kExecute) run.push_back(a.text + "=" + a.state);
  // RISING, UP, DISABLED, INIT (the file went; the check is not counted).
  EXPECT_EQ(run, (std::vector<std::string>{"all=RISING", "up=UP", "all=UP", "off=DISABLED", "all=DISABLED",
                                           "all=INIT"}));
}

TEST(Checker, DrainStepsTheMedBeforeDown) {
  Options o = Base();
  o.drain = 4;
  o.ips.push_back(*Prefix::Parse("192.0.2.11/32"));
  Checker c(o);
  auto p = Drive(c, {kOk, kFail, kFail, kOk});
  auto med = [](const std::string& ip, int m) {
    return "neighbor * announce route " + ip + "/32 next-hop self med " + std::to_string(m);
  };
  // 100 -> 1000 in 4 steps a second apart (280, 460, 640, 820), then DOWN.
  EXPECT_EQ(p, (std::vector<Printed>{{0, med("192.0.2.10", 100)},    {0, med("192.0.2.11", 101)},
                                     {5, med("192.0.2.10", 280)},    {5, med("192.0.2.11", 281)},
                                     {6, med("192.0.2.10", 460)},    {6, med("192.0.2.11", 461)},
                                     {7, med("192.0.2.10", 640)},    {7, med("192.0.2.11", 641)},
                                     {8, med("192.0.2.10", 820)},    {8, med("192.0.2.11", 821)},
                                     {9, med("192.0.2.10", 1000)},   {9, med("192.0.2.11", 1001)},
                                     {14, med("192.0.2.10", 1000)},  {14, med("192.0.2.11", 1001)},
                                     {19, med("192.0.2.10", 100)},   {19, med("192.0.2.11", 101)}}));
}

TEST(Checker, DrainThenWithdraw) {
  Options o = Base();
  o.drain = 1;
  o.withdraw_on_down = true;
  Checker c(o);
  auto p = Drive(c, {kOk, kOff});
  EXPECT_EQ(p, (std::vector<Printed>{{0, kUp},
                                     {5, "neighbor * announce route 192.0.2.10/32 next-hop self med 300"},
                                     {6, "neighbor * withdraw route 192.0.2.10/32 next-hop self"}}));
}

}  // namespace
}  // namespace herald::healthcheck
