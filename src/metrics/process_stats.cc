#include "metrics/process_stats.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace herald::metrics {

namespace {

// Entries of /proc/self/fd, less the one opendir uses to list them.
uint64_t OpenFds() {
  DIR* d = opendir("/proc/self/fd");
  if (!d) return 0;
  uint64_t n = 0;
  while (const dirent* e = readdir(d))
    if (e->d_name[0] != '.') ++n;
  closedir(d);
  return n ? n - 1 : 0;
}

}  // namespace

SelfSample ReadSelf() {
  SelfSample s;
  const long page = sysconf(_SC_PAGESIZE);
  const long ticks = sysconf(_SC_CLK_TCK);
  std::ifstream statm("/proc/self/statm");
  uint64_t size = 0, resident = 0;
  if (statm >> size >> resident) {
    s.virtual_bytes = size * static_cast<uint64_t>(page);
    s.resident_bytes = resident * static_cast<uint64_t>(page);
  }
  // /proc/self/stat: "pid (comm) state ..." where comm may hold spaces and
  // parentheses; utime and stime are the 14th and 15th fields.
  std::ifstream stat("/proc/self/stat");
  std::string line;
  if (std::getline(stat, line) && ticks > 0) {
    size_t close = line.rfind(')');
    if (close != std::string::npos) {
      std::istringstream rest(line.substr(close + 1));
      std::string field;
      uint64_t utime = 0, stime = 0;
      // Fields 3..13 come before utime.
      for (int i = 3; i <= 13 && (rest >> field); ++i) {
      }
      if (rest >> utime >> stime) s.cpu_seconds = static_cast<double>(utime + stime) / static_cast<double>(ticks);
    }
  }
  s.open_fds = OpenFds();
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) s.max_fds = limit.rlim_cur;
  return s;
}

}  // namespace herald::metrics
