// Capability negotiation, as a pure function of the two OPENs (OpenBGPD's
// capa_neg_calc): what this side sends, and what both sides then agree on.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/ip.h"
#include "base/result.h"
#include "wire/error.h"
#include "wire/family.h"
#include "wire/negotiated.h"
#include "wire/open.h"

namespace herald::session {

// What the configuration says about one neighbor's session.
struct SessionConfig {
  uint32_t local_as = 0;
  uint32_t peer_as = 0;
  uint32_t router_id = 0;  // host order
  uint16_t hold_time = 180;
  bool asn4 = true;
  bool route_refresh = false;
  // ExaBGP's operational capability (185, empty), after route refresh.
  bool operational = false;
  bool extended_message = true;
  std::vector<wire::Family> families = {wire::kIpv4Unicast};
  // RFC 4724: the restart time to announce; absent, no GR capability.
  std::optional<uint16_t> graceful_restart;
  // Multisession (68) as ExaBGP sends it; the peer must announce it too and
  // the same families.
  bool multi_session = false;
  // The software version capability (75), SoftwareVersion() below.
  bool software_version = false;
  // The FQDN capability is sent when either is set.
  std::string host_name;
  std::string domain_name;
  // The two ends of the TCP connection, passed on in wire::Negotiated for
  // the next-hop checks (RFC 4271 §5.1.3, §6.3).
  std::optional<IpAddress> local_address;
  std::optional<IpAddress> peer_address;
  // `capability { aigp }`: RFC 7311 §3 AIGP_SESSION; absent, the RFC's
  // default (enabled on iBGP, disabled on eBGP).
  std::optional<bool> aigp;
  // RFC 7911 ADD-PATH (69): 1 receive, 2 send, 3 both, for each of
  // add_path_families; 0, not announced.
  uint8_t add_path = 0;
  std::vector<wire::Family> add_path_families;
  // RFC 8950 extended next hop (5): the entries to announce, sent when
  // set (an empty capability when it holds none, as ExaBGP sends it).
  std::optional<std::vector<wire::ExtendedNextHopCap::Entry>> extended_next_hop;
  // RFC 9234 BGP role: announced when set; with role_strict, a peer that
  // does not announce one is refused (2/11).
  std::optional<wire::Role> role;
  bool role_strict = false;
};

// The result of a successful OPEN exchange.
struct Agreement {
  wire::Negotiated negotiated;
  uint16_t hold_time = 0;       // 0: no keepalives, no hold timer (RFC 4271 §4.4)
  uint16_t keepalive_time = 0;  // hold_time / 3
  uint32_t peer_bgp_id = 0;
  bool enhanced_route_refresh = false;  // RFC 7313 on both sides
  bool multisession = false;            // both sides announced multisession (68)
  bool operational = false;             // both sides announced operational (185)
  // RFC 8950: the (family, next-hop AFI) entries both sides announced, as
  // ExaBGP lists them in its "negotiated" message.
  std::vector<wire::ExtendedNextHopCap::Entry> extended_next_hop;
  // Families one side announced and the other did not (for the log).
  std::vector<wire::Family> only_local;
  std::vector<wire::Family> only_peer;
};

// "herald/<version>", what the software version capability carries.
std::string_view SoftwareVersion();

// The OPEN this side sends: multiprotocol for each family, 4-octet AS (with
// AS_TRANS in my_as when needed), graceful restart, route refresh (2) with
// enhanced route refresh (70), operational (185), extended message, FQDN, software version,
// multisession; in that order, which is ExaBGP's. Multisession goes out as
// ExaBGP 5.0 sends it: two capabilities 68, of one byte each, 0 and 1 (the
// multiprotocol code). Graceful restart is sent as ExaBGP 5.0 sends it: the Restart
// State bit set (ExaBGP always sets it, so the peer need not wait for our
// End-of-RIB before sending its routes, RFC 4724 §3) and every family
// with the Forwarding State bit set.
wire::Open MakeOpen(const SessionConfig& config);

// Checks the peer's OPEN against the configuration and computes the agreement.
// Errors (RFC 4271 §6.2, RFC 6286, RFC 6793): the peer's AS is not the
// configured one (2/2); an iBGP peer using our BGP identifier (2/3). With
// multisession sent (draft-ietf-idr-bgp-multisession §6, as ExaBGP checks
// it): a peer without it (2/9, grouping required), or with other families
// (2/8, grouping conflict).
// RFC 9234 §4.2: BGP role capabilities that disagree with each other or with
// the configured role, or none from the peer in strict mode (2/11, Role
// Mismatch).
// Version, zero identifier and hold times 1-2 are already refused by
// wire::Open::Decode.
Result<Agreement, wire::WireError> Negotiate(const SessionConfig& config, const wire::Open& local,
                                             const wire::Open& remote);

}  // namespace herald::session
