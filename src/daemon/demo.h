// `herald demo`: herald's main job in one command, on loopback, with no
// other software: a health-check program drives herald (the "speaker"),
// which announces and withdraws a service IP to a BGP peer; the peer is a
// second herald (the "router") whose process prints every UPDATE it gets.
#pragma once

#include <cstdint>

namespace herald::daemon {

struct DemoOptions {
  uint16_t port = 17900;  // where the router herald listens (127.0.0.2)
  int seconds = 22;       // the health check runs three up/down cycles of 6 s
};

int RunDemo(const DemoOptions& options);

}  // namespace herald::daemon
