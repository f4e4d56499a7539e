#include "api/render_routes.h"

namespace herald::api::render {

RouteSources::RouteSources(const wire::Update& u) {
  const IpAddress* classic_nh = u.attrs.next_hop ? &*u.attrs.next_hop : nullptr;
  announced[announced_count++] = {wire::kIpv4Unicast, classic_nh, u.nlri};
  if (u.mp_reach) {
    announced[announced_count++] = {u.mp_reach->family, &u.mp_reach->next_hop.address,
                                    u.mp_reach->nlri};
    if (u.mp_reach->next_hop.link_local)
      announced[announced_count++] = {u.mp_reach->family, &*u.mp_reach->next_hop.link_local,
                                      u.mp_reach->nlri};
  }
  withdrawn[withdrawn_count++] = {wire::kIpv4Unicast, u.withdrawn};
  if (u.mp_unreach) withdrawn[withdrawn_count++] = {u.mp_unreach->family, u.mp_unreach->withdrawn};
}

bool RouteSources::any_announced() const {
  for (size_t i = 0; i < announced_count; ++i)
    if (!announced[i].nlri.empty()) return true;
  return false;
}

bool RouteSources::any_withdrawn() const {
  for (size_t i = 0; i < withdrawn_count; ++i)
    if (!withdrawn[i].nlri.empty()) return true;
  return false;
}

}  // namespace herald::api::render
