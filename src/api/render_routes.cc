#include "api/render_routes.h"

namespace herald::api::render {

RouteSources::RouteSources(const wire::Update& u) {
  const IpAddress* classic_nh = u.attrs.next_hop ? &*u.attrs.next_hop : nullptr;
  for (bool classic : {true, false}) {
    for (const wire::Reach& r : u.reach) {
      if (r.classic != classic) continue;
      if (classic) {
        Add(AnnouncedRun{r.family, classic_nh, false, r.nlri, r.generic, r.add_path});
        continue;
      }
      if (r.next_hop.none) {
        Add(AnnouncedRun{r.family, nullptr, true, r.nlri, r.generic, r.add_path});
        continue;
      }
      Add(AnnouncedRun{r.family, &r.next_hop.address, false, r.nlri, r.generic, r.add_path});
      if (r.next_hop.link_local)
        Add(AnnouncedRun{r.family, &*r.next_hop.link_local, false, r.nlri, r.generic, r.add_path});
    }
    for (const wire::Unreach& w : u.unreach)
      if (w.classic == classic) Add(WithdrawnRun{w.family, w.nlri, w.generic, w.add_path});
  }
}

void RouteSources::Add(const AnnouncedRun& run) {
  if (announced_count < std::size(announced)) announced[announced_count++] = run;
}

void RouteSources::Add(const WithdrawnRun& run) {
  if (withdrawn_count < std::size(withdrawn)) withdrawn[withdrawn_count++] = run;
}

bool RouteSources::any_announced() const {
  for (size_t i = 0; i < announced_count; ++i)
    if (!announced[i].empty()) return true;
  return false;
}

bool RouteSources::any_withdrawn() const {
  for (size_t i = 0; i < withdrawn_count; ++i)
    if (!withdrawn[i].empty()) return true;
  return false;
}

}  // namespace herald::api::render
