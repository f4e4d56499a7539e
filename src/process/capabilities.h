// The one capability herald keeps for its programs: CAP_NET_ADMIN, for a
// health checker that puts service addresses on an interface (netlink).
//
// Started as root, herald binds what needs root, then drops to
// daemon.user; started by systemd as its own user, it holds the unit's
// AmbientCapabilities. Either way, once started herald keeps CAP_NET_ADMIN
// (permitted and inheritable, never effective: herald itself does not use
// it) only when a configured program needs it, and nothing else; that
// program alone gets it, as an ambient capability (Linux 4.3), and every
// other program starts with none.
//
// Capabilities are per thread: these act on the calling thread, which must
// be the one that spawns programs (threads started later inherit its sets).
#pragma once

#include "base/result.h"

namespace herald::process {

// Before a setuid() away from root: keep the permitted capabilities across
// it (PR_SET_KEEPCAPS), so that LimitCapabilities can keep CAP_NET_ADMIN.
Status KeepCapabilitiesAcrossSetuid();

// Leaves the thread with CAP_NET_ADMIN permitted and inheritable when
// `net_admin` and it had it permitted, and no other capability; the
// effective and ambient sets emptied. Not for root (uid 0): a root herald
// (daemon.drop=false) keeps root's powers, and its programs too.
Status LimitCapabilities(bool net_admin);

// True when a program spawned now can be given CAP_NET_ADMIN: herald runs
// as root, or holds it permitted and inheritable.
bool CanGrantNetAdmin();

// For the life of the object, CAP_NET_ADMIN is in the thread's ambient set
// (when `on` and herald is not root), so that the program spawned meanwhile
// keeps it across execve.
class AmbientNetAdmin {
 public:
  explicit AmbientNetAdmin(bool on);
  ~AmbientNetAdmin();
  AmbientNetAdmin(const AmbientNetAdmin&) = delete;
  AmbientNetAdmin& operator=(const AmbientNetAdmin&) = delete;
  bool raised() const { return raised_; }

 private:
  bool raised_ = false;
};

}  // namespace herald::process
