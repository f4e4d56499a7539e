#include "config/config.h"

#include <algorithm>

#include <fmt/format.h>

namespace herald::config {

std::string ConfigError::ToString() const {
  if (where.line <= 0) return fmt::format("{}: {}", where.file, message);
  return fmt::format("{}:{}:{}: {}", where.file, where.line, where.column, message);
}

bool NeighborConfig::SendsPathIds(wire::Family f) const {
  return (capability.add_path & 2) != 0 &&
         std::find(add_path_families.begin(), add_path_families.end(), f) != add_path_families.end();
}

std::optional<std::vector<wire::ExtendedNextHopCap::Entry>> ExtendedNextHop(const NeighborConfig& n) {
  if (!n.capability.nexthop.value_or(!n.next_hops.empty())) return std::nullopt;
  std::vector<wire::ExtendedNextHopCap::Entry> out;
  for (const wire::Family& f : wire::SupportedFamilies()) {
    const wire::ExtendedNextHopCap::Entry e{f, wire::Afi::kIpv6};
    if (f.afi == wire::Afi::kIpv4 && std::find(n.families.begin(), n.families.end(), f) != n.families.end() &&
        std::find(n.next_hops.begin(), n.next_hops.end(), e) != n.next_hops.end())
      out.push_back(e);
  }
  return out;
}

bool AllowsV6NextHop(const NeighborConfig& n, wire::Family family) {
  const std::optional<std::vector<wire::ExtendedNextHopCap::Entry>> entries = ExtendedNextHop(n);
  if (!entries) return false;
  const wire::ExtendedNextHopCap::Entry e{family, wire::Afi::kIpv6};
  return std::find(entries->begin(), entries->end(), e) != entries->end();
}

}  // namespace herald::config
