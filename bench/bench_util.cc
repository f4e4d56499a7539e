#include "bench_util.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>

namespace herald::bench {

double Now() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

bool WriteAll(int fd, const void* data, size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t w = write(fd, p, size);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    size -= static_cast<size_t>(w);
  }
  return true;
}

void SetNonBlocking(int fd) {
  int flags = fcntl(fd, F_GETFL, 0);
  if (flags >= 0) fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

Flags::Flags(int argc, char** argv, std::vector<std::string> switches,
             std::vector<std::string> valued) {
  auto in = [](const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  };
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.size() > 2 && a.rfind("--", 0) == 0) {
      if (in(switches, a)) {
        values_[a] = "1";
      } else if (in(valued, a)) {
        if (i + 1 >= argc) {
          error_ = a + " needs a value";
          return;
        }
        values_[a] = argv[++i];
      } else {
        error_ = "unknown flag " + a;
        return;
      }
    } else {
      positional_.push_back(a);
    }
  }
}

std::string Flags::Get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

long Flags::GetInt(const std::string& name, long fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : std::strtol(it->second.c_str(), nullptr, 10);
}

double Flags::GetDouble(const std::string& name, double fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : std::strtod(it->second.c_str(), nullptr);
}

void AppendUint(uint64_t value, std::string* out) {
  char digits[20];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value);
  while (n) out->push_back(digits[--n]);
}

void AppendIpv4(uint32_t address, std::string* out) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    AppendUint((address >> shift) & 255, out);
    if (shift) out->push_back('.');
  }
}

bool ParseIpv4(const std::string& text, uint32_t* out) {
  in_addr a{};
  if (inet_pton(AF_INET, text.c_str(), &a) != 1) return false;
  *out = ntohl(a.s_addr);
  return true;
}

}  // namespace herald::bench
