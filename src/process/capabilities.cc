#include "process/capabilities.h"

#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace herald::process {
namespace {

// Version 3: two 32-bit words per set; CAP_NET_ADMIN (12) is in the first.
struct Sets {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3]{};
};

constexpr uint32_t kNetAdmin = 1u << CAP_NET_ADMIN;

bool Get(Sets* s) { return syscall(SYS_capget, &s->header, s->data) == 0; }
bool Set(Sets* s) { return syscall(SYS_capset, &s->header, s->data) == 0; }

std::string Why(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

}  // namespace

Status KeepCapabilitiesAcrossSetuid() {
  if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0) return Fail(Why("prctl(PR_SET_KEEPCAPS)"));
  return Ok();
}

Status LimitCapabilities(bool net_admin) {
  if (getuid() == 0) return Ok();
  // Ambient first: a capability leaving the permitted set leaves it too,
  // but the set is cleared whatever herald keeps.
  if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL)
    return Fail(Why("prctl(PR_CAP_AMBIENT_CLEAR_ALL)"));
  prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
  Sets s;
  if (!Get(&s)) return Fail(Why("capget"));
  const bool keep = net_admin && (s.data[0].permitted & kNetAdmin);
  for (auto& d : s.data) d = {};
  if (keep) {
    s.data[0].permitted = kNetAdmin;
    s.data[0].inheritable = kNetAdmin;
  }
  if (!Set(&s)) return Fail(Why("capset"));
  return Ok();
}

bool CanGrantNetAdmin() {
  if (getuid() == 0) return true;
  Sets s;
  if (!Get(&s)) return false;
  return (s.data[0].permitted & kNetAdmin) && (s.data[0].inheritable & kNetAdmin);
}

AmbientNetAdmin::AmbientNetAdmin(bool on) {
  if (!on || getuid() == 0) return;
  raised_ = prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_NET_ADMIN, 0, 0) == 0;
}

AmbientNetAdmin::~AmbientNetAdmin() {
  if (raised_) prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_LOWER, CAP_NET_ADMIN, 0, 0);
}

}  // namespace herald::process
