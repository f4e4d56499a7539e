// Connection collisions (RFC 4271 §6.8) and connection retry backoff: the two
// pure decisions a peer makes about its TCP connections.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>

namespace herald::session {

enum class Survivor : uint8_t { kLocallyInitiated, kRemotelyInitiated };

// RFC 4271 §6.8: the connection initiated by the speaker with the higher BGP
// identifier survives. RFC 6286 §2.3: with equal identifiers (possible on
// eBGP), the speaker with the larger AS number wins.
inline Survivor ResolveCollision(uint32_t local_id, uint32_t remote_id, uint32_t local_as,
                                 uint32_t remote_as) {
  if (local_id != remote_id)
    return local_id > remote_id ? Survivor::kLocallyInitiated : Survivor::kRemotelyInitiated;
  return local_as > remote_as ? Survivor::kLocallyInitiated : Survivor::kRemotelyInitiated;
}

// Exponential backoff between connection attempts: first, 2*first, ... up to
// max. Reset() after a session reaches Established.
class Backoff {
 public:
  using Duration = std::chrono::milliseconds;
  Backoff(Duration first, Duration max) : first_(first), max_(max), next_(first) {}

  Duration Next() {
    Duration d = next_;
    next_ = std::min(max_, next_ * 2);
    return d;
  }
  void Reset() { next_ = first_; }

 private:
  Duration first_;
  Duration max_;
  Duration next_;
};

}  // namespace herald::session
