// herald's own memory, CPU time and file descriptors, from /proc/self, for
// the metrics endpoint (the process_* metrics every Prometheus client
// library exports).
#pragma once

#include "metrics/exposition.h"

namespace herald::metrics {

// What /proc/self says now; a field it cannot read stays 0.
SelfSample ReadSelf();

}  // namespace herald::metrics
