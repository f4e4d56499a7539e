// Small helpers shared by the benchmark programs (bench/*.cc): the clock,
// whole writes, a flag parser and fast text formatting of IPv4 prefixes.
//
// Every time a benchmark program prints is CLOCK_MONOTONIC in seconds, the
// clock Python's time.monotonic() reads on Linux, so bench/run.py can join
// times taken by different processes on the same machine.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace herald::bench {

// CLOCK_MONOTONIC, in seconds.
double Now();

// Writes all of data to a blocking fd; false on error.
bool WriteAll(int fd, const void* data, size_t size);
inline bool WriteAll(int fd, std::string_view s) { return WriteAll(fd, s.data(), s.size()); }

// Sets O_NONBLOCK on fd.
void SetNonBlocking(int fd);

// `--name value` and `--name` (a switch) flags, then positional arguments.
// Unknown flags are an error reported by Check(), so a typo never silently
// changes a benchmark.
class Flags {
 public:
  // `switches` are the flags that take no value; `valued` those that take one.
  Flags(int argc, char** argv, std::vector<std::string> switches, std::vector<std::string> valued);

  bool Has(const std::string& name) const { return values_.count(name) != 0; }
  std::string Get(const std::string& name, const std::string& fallback) const;
  long GetInt(const std::string& name, long fallback) const;
  double GetDouble(const std::string& name, double fallback) const;
  const std::vector<std::string>& positional() const { return positional_; }
  // Empty, or what was wrong with the command line.
  const std::string& error() const { return error_; }

 private:
  std::map<std::string, std::string> values_;
  std::vector<std::string> positional_;
  std::string error_;
};

// Appends "a.b.c.d" for a host-order IPv4 address, without printf.
void AppendIpv4(uint32_t address, std::string* out);
// Appends a decimal number.
void AppendUint(uint64_t value, std::string* out);
// Parses a dotted quad into host order; false if it is not one.
bool ParseIpv4(const std::string& text, uint32_t* out);

// Address of the i-th prefix of length `length` counting from `first`
// (host order): consecutive, distinct prefixes of that length.
inline uint32_t NthPrefix(uint32_t first, int length, uint64_t i) {
  uint32_t step = length >= 32 ? 1u : (1u << (32 - length));
  return first + static_cast<uint32_t>(i * step);
}

}  // namespace herald::bench
