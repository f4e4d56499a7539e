// `herald healthcheck [OPTIONS]`: checks a service and prints API commands
// announcing or withdrawing its IPs on stdout, for herald's (or ExaBGP's)
// `process` blocks. Returns the process exit code.
#pragma once

#include <string>
#include <vector>

namespace herald::healthcheck {

int RunHealthcheck(const std::vector<std::string>& args);

}  // namespace herald::healthcheck
