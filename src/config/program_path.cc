#include "config/program_path.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

namespace herald::config {
namespace {

bool Exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

std::string Absolute(const std::filesystem::path& p) {
  std::error_code ec;
  std::filesystem::path a = std::filesystem::absolute(p, ec);
  return (ec ? p : a).lexically_normal().string();
}

}  // namespace

Result<std::string> ResolveProgram(std::string_view program, std::string_view config_file) {
  if (program.empty()) return Fail("missing program to run");
  std::string found(program);
  if (program.front() != '/') {
    std::vector<std::string> options;
    options.push_back(Absolute(std::filesystem::path("/etc/exabgp") / program));
    std::filesystem::path dir = std::filesystem::path(config_file).parent_path();
    options.push_back(Absolute(dir / program));
    if (program.find('/') == std::string_view::npos) {
      const char* path = std::getenv("PATH");
      std::string_view rest = path ? path : "";
      while (!rest.empty()) {
        size_t colon = rest.find(':');
        std::string_view entry = rest.substr(0, colon);
        if (!entry.empty()) options.push_back(Absolute(std::filesystem::path(entry) / program));
        if (colon == std::string_view::npos) break;
        rest.remove_prefix(colon + 1);
      }
    }
    for (const std::string& o : options) {
      if (Exists(o)) {
        found = o;
        break;
      }
    }
  }
  struct stat st;
  if (::stat(found.c_str(), &st) != 0) return Fail("can not locate the program \"" + std::string(program) + "\"");
  if (S_ISDIR(st.st_mode)) return Fail("can not execute directories \"" + found + "\"");
  if (st.st_mode & S_ISUID) return Fail("refusing to run setuid programs \"" + found + "\"");
  if (::access(found.c_str(), X_OK) != 0)
    return Fail("herald will not be able to run this program \"" + found + "\" (not executable)");
  return found;
}

}  // namespace herald::config
