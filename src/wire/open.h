// OPEN message, RFC 4271 §4.2, and its capabilities (RFC 5492).
//
// Capabilities are kept in the order received, one entry per capability
// (a multiprotocol capability per family), each decoded into its own type.
// Unknown ones are kept as bytes so they can be shown and, if configured,
// sent again. Optional parameters other than capabilities (type 2) are an
// error 2/4, as RFC 5492 §3 allows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "wire/error.h"
#include "wire/family.h"
#include "wire/negotiated.h"

namespace herald::wire {

// IANA "Capability Codes".
enum class CapabilityCode : uint8_t {
  kMultiprotocol = 1,          // RFC 4760
  kRouteRefresh = 2,           // RFC 2918
  kExtendedNextHop = 5,        // RFC 8950
  kExtendedMessage = 6,        // RFC 8654
  kRole = 9,                   // RFC 9234 (kept as UnknownCap: one octet, wire/role.h)
  kGracefulRestart = 64,       // RFC 4724
  kAs4 = 65,                   // RFC 6793
  kMultisession = 68,          // draft-ietf-idr-bgp-multisession
  kAddPath = 69,               // RFC 7911
  kEnhancedRouteRefresh = 70,  // RFC 7313
  kLongLivedGracefulRestart = 71,  // RFC 9494
  kFqdn = 73,                  // draft-walton-bgp-hostname-capability
  kSoftwareVersion = 75,       // draft-abraitis-bgp-version-capability
  kCiscoRouteRefresh = 128,    // pre-standard route refresh
  kCiscoMultisession = 131,    // what Cisco sends for multisession
  kOperational = 185,          // ExaBGP's draft-ietf-idr-operational-message (private use)
};

inline constexpr uint16_t kAsTrans = 23456;  // RFC 6793 §9

struct MultiprotocolCap {  // code 1: one family
  Family family;
  friend bool operator==(const MultiprotocolCap&, const MultiprotocolCap&) = default;
};
struct RouteRefreshCap {  // code 2 (or 128, the pre-standard code, kept in Capability::code)
  friend bool operator==(const RouteRefreshCap&, const RouteRefreshCap&) = default;
};
struct ExtendedMessageCap {  // code 6
  friend bool operator==(const ExtendedMessageCap&, const ExtendedMessageCap&) = default;
};
struct As4Cap {  // code 65
  uint32_t asn = 0;
  friend bool operator==(const As4Cap&, const As4Cap&) = default;
};
struct GracefulRestartCap {  // code 64, RFC 4724 §3
  static constexpr uint8_t kRestartState = 0x8;        // R, in `flags`
  static constexpr uint8_t kForwardingState = 0x80;    // F, in each Entry's flags
  uint8_t flags = 0;          // restart flags (high 4 bits of the first octet)
  uint16_t restart_time = 0;  // 12 bits
  struct Entry {
    Family family;
    uint8_t flags = 0;  // forwarding state
    friend bool operator==(const Entry&, const Entry&) = default;
  };
  std::vector<Entry> families;
  friend bool operator==(const GracefulRestartCap&, const GracefulRestartCap&) = default;
};
struct AddPathCap {  // code 69, decoded for display; ADD-PATH is a later issue
  struct Entry {
    Family family;
    uint8_t send_receive = 0;  // 1 receive, 2 send, 3 both
    friend bool operator==(const Entry&, const Entry&) = default;
  };
  std::vector<Entry> families;
  friend bool operator==(const AddPathCap&, const AddPathCap&) = default;
};
struct EnhancedRouteRefreshCap {  // code 70
  friend bool operator==(const EnhancedRouteRefreshCap&, const EnhancedRouteRefreshCap&) = default;
};
struct FqdnCap {  // code 73: host-name / domain-name
  std::string host_name;
  std::string domain_name;
  friend bool operator==(const FqdnCap&, const FqdnCap&) = default;
};
struct LongLivedGracefulRestartCap {  // code 71, RFC 9494 §3: decoded for display
  struct Entry {
    Family family;
    uint8_t flags = 0;         // 0x80: F, forwarding state preserved
    uint32_t stale_time = 0;   // 24 bits, seconds
    friend bool operator==(const Entry&, const Entry&) = default;
  };
  std::vector<Entry> families;
  friend bool operator==(const LongLivedGracefulRestartCap&, const LongLivedGracefulRestartCap&) = default;
};
struct SoftwareVersionCap {  // code 75: one length octet, then the text (not NUL-terminated)
  std::string version;
  friend bool operator==(const SoftwareVersionCap&, const SoftwareVersionCap&) = default;
};
struct ExtendedNextHopCap {  // code 5, RFC 8950 §3: NLRI AFI, NLRI SAFI (2 octets), next-hop AFI
  struct Entry {
    Family family;
    Afi next_hop_afi = Afi::kIpv6;
    friend bool operator==(const Entry&, const Entry&) = default;
  };
  std::vector<Entry> entries;
  friend bool operator==(const ExtendedNextHopCap&, const ExtendedNextHopCap&) = default;
};
struct UnknownCap {  // anything else, value kept verbatim
  Bytes value;
  friend bool operator==(const UnknownCap&, const UnknownCap&) = default;
};

struct Capability {
  uint8_t code = 0;
  std::variant<MultiprotocolCap, RouteRefreshCap, ExtendedMessageCap, As4Cap, GracefulRestartCap,
               AddPathCap, EnhancedRouteRefreshCap, FqdnCap, LongLivedGracefulRestartCap,
               SoftwareVersionCap, ExtendedNextHopCap, UnknownCap>
      value;
  friend bool operator==(const Capability&, const Capability&) = default;

  static Capability Multiprotocol(Family f);
  static Capability RouteRefresh();
  static Capability ExtendedMessage();
  static Capability As4(uint32_t asn);
  static Capability Fqdn(std::string host, std::string domain);

  // Decodes the value of capability `code` (RFC 5492 §4) from a reader carved
  // to the capability's length; the whole reader is consumed. A length wrong
  // for the type (as4 not 4 bytes, multiprotocol not 4, route refresh not 0,
  // software version shorter than its length octet says, ...) is error 2/0
  // whose `what` names the capability. Long-lived graceful restart, which
  // herald only shows, is kept as unknown bytes when its length is not 7 per
  // family, as ExaBGP (which does not know it) keeps it. Bytes after a
  // software version are ignored, as ExaBGP ignores them.
  static Result<Capability, WireError> Decode(uint8_t code, ByteReader& value);
  // Writes code, length and value. Fails the writer if the value exceeds 255
  // bytes or a field does not fit (graceful restart time > 4095).
  void Encode(ByteWriter& w) const;
};

struct Open {
  uint8_t version = 4;
  uint16_t my_as = 0;  // AS_TRANS when the real AS needs 4 octets
  uint16_t hold_time = 180;
  uint32_t bgp_id = 0;  // router id, host order
  std::vector<Capability> capabilities;

  friend bool operator==(const Open&, const Open&) = default;

  // The 4-octet AS if announced, else my_as.
  uint32_t asn() const;
  std::optional<uint32_t> as4() const;
  // Families of the multiprotocol capabilities, in order. An OPEN without any
  // means IPv4 unicast only (RFC 4760 §8), which callers decide, not this.
  std::vector<Family> families() const;
  bool has(CapabilityCode code) const;
  template <typename T>
  const T* find() const {
    for (const Capability& c : capabilities)
      if (auto* v = std::get_if<T>(&c.value)) return v;
    return nullptr;
  }

  // Body only (after the header). Errors: 2/1 version (data 0x0004, the
  // highest version herald speaks), 2/2 bad peer AS (zero), 2/3 BGP
  // identifier (zero), 2/4 optional parameter other than capabilities, 2/6
  // hold time 1 or 2; 1/2 when the body cannot hold the fixed fields, and
  // 2/0 when the optional parameter lengths do not add up to the body.
  // Several capabilities per parameter and several parameters are accepted,
  // and so are RFC 9072 extended optional parameters.
  static Result<Open, WireError> Decode(ByteReader& body, const Negotiated& negotiated);
  // One optional parameter per capability (as ExaBGP and GoBGP send them);
  // uses RFC 9072 extended optional parameters if they exceed 255 bytes.
  void Encode(ByteWriter& w, const Negotiated& negotiated) const;
};

}  // namespace herald::wire
