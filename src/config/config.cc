#include "config/config.h"

#include <fmt/format.h>

namespace herald::config {

std::string ConfigError::ToString() const {
  if (where.line <= 0) return fmt::format("{}: {}", where.file, message);
  return fmt::format("{}:{}:{}: {}", where.file, where.line, where.column, message);
}

}  // namespace herald::config
