#include "daemon/demo.h"

#include <fmt/format.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "base/log.h"
#include "config/environment.h"
#include "daemon/daemon.h"

namespace herald::daemon {
namespace {

// The health check: a real one would test the service (curl, dig, a TCP
// connect...). This one plays a service that is up for 4 s, down for 2 s.
constexpr const char* kHealthcheck = R"(#!/bin/sh
# Announce the service IP while the service is healthy, withdraw it when not.
i=1
while [ $i -le 3 ]; do
  echo "healthcheck: service healthy (round $i), announcing 100.10.0.100/32" >&2
  echo "announce route 100.10.0.100/32 next-hop self med 100 community [ 65001:100 ]"
  sleep 4
  echo "healthcheck: service DOWN (round $i), withdrawing 100.10.0.100/32" >&2
  echo "withdraw route 100.10.0.100/32"
  sleep 2
  i=$((i+1))
done
echo "healthcheck: done" >&2
exec cat >/dev/null
)";

// The router's process: prints what the router receives (text encoder).
constexpr const char* kShowRoutes = R"(#!/bin/sh
while read -r line; do
  case "$line" in
    *"receive update start"*|*"receive update end"*|"") ;;
    *) echo "router received: $line" >&2 ;;
  esac
done
)";

constexpr const char* kSpeakerConfig = R"(
# The speaker: herald on a server, driven by a health check.
process healthcheck {
    run /bin/sh @DIR@/healthcheck.sh;
    encoder text;
}
neighbor 127.0.0.2 {
    description "the router";
    router-id 10.0.0.1;
    local-address 127.0.0.1;
    local-as 65001;
    peer-as 65002;
    connect @PORT@;
    hold-time 30;
    family { ipv4 unicast; }
    api { processes [ healthcheck ]; }
}
)";

constexpr const char* kRouterConfig = R"(
# The router: a second herald standing in for BIRD, FRR or a switch.
process show-routes {
    run /bin/sh @DIR@/show-routes.sh;
    encoder text;
}
neighbor 127.0.0.1 {
    description "the server";
    router-id 10.0.0.2;
    local-address 127.0.0.2;
    local-as 65002;
    peer-as 65001;
    passive;
    listen @PORT@;
    hold-time 30;
    family { ipv4 unicast; }
    api {
        processes [ show-routes ];
        neighbor-changes;
        receive { parsed; update; }
    }
}
)";

// Replaces @DIR@ and @PORT@ in a configuration template.
std::string Fill(std::string text, const std::string& dir, uint16_t port) {
  for (auto [key, value] : {std::pair<std::string, std::string>{"@DIR@", dir},
                            {"@PORT@", std::to_string(port)}}) {
    for (size_t at; (at = text.find(key)) != std::string::npos;) text.replace(at, key.size(), value);
  }
  return text;
}

}  // namespace

int RunDemo(const DemoOptions& options) {
  namespace fs = std::filesystem;
  char tmpl[] = "/tmp/herald-demo-XXXXXX";
  if (!mkdtemp(tmpl)) {
    std::cerr << "herald demo: cannot create a temporary directory\n";
    return 1;
  }
  fs::path dir(tmpl);
  std::ofstream(dir / "healthcheck.sh") << kHealthcheck;
  std::ofstream(dir / "show-routes.sh") << kShowRoutes;

  config::Environment env;
  env.daemon.drop = false;
  env.api.ack = false;
  env.log.categories = {};
  env.log.categories[static_cast<size_t>(log::Category::kProcesses)] = true;
  env.log.categories[static_cast<size_t>(log::Category::kReactor)] = true;
  (void)log::Configure(env.log);

  std::cout << "herald demo: a health check drives herald, which announces a service IP to a router.\n"
            << "  server (herald, AS 65001, 127.0.0.1)  --BGP-->  router (herald, AS 65002, "
               "127.0.0.2 port "
            << options.port << ")\n"
            << "  watch the router's table follow the health check: announce, withdraw, three "
               "times.\n\n"
            << std::flush;

  asio::io_context io(1);
  int stopped = 0;
  auto on_stopped = [&] {
    if (++stopped == 2) io.stop();
  };
  Options router_options;
  router_options.config_text = Fill(kRouterConfig, dir.string(), options.port);
  router_options.on_stopped = on_stopped;
  Options speaker_options;
  speaker_options.config_text = Fill(kSpeakerConfig, dir.string(), options.port);
  speaker_options.on_stopped = on_stopped;

  Daemon router(io, env, router_options);
  Daemon speaker(io, env, speaker_options);
  int rc = 0;
  if (Status s = router.Start(); !s) {
    std::cerr << "herald demo: router: " << s.error().message << "\n";
    rc = 1;
  } else if (Status t = speaker.Start(); !t) {
    std::cerr << "herald demo: speaker: " << t.error().message << "\n";
    rc = 1;
  }
  if (rc == 0) {
    asio::steady_timer end(io, std::chrono::seconds(options.seconds));
    end.async_wait([&](asio::error_code ec) {
      if (ec) return;
      speaker.Shutdown("demo over");
      asio::steady_timer* later = new asio::steady_timer(io, std::chrono::milliseconds(500));
      later->async_wait([&, later](asio::error_code) {
        router.Shutdown("demo over");
        delete later;
      });
    });
    io.run();
    std::cout << "\nherald demo: done. Run `herald --help`, and see README.md for real routers.\n";
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  return rc;
}

}  // namespace herald::daemon
