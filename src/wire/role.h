// BGP roles (RFC 9234): the capability's values, which pairs agree, and the
// Only to Customer (OTC) attribute's rules that follow from the local role.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

namespace herald::wire {

// RFC 9234 §4.1: the BGP Role capability (code 9) carries one of these.
enum class Role : uint8_t { kProvider = 0, kRs = 1, kRsClient = 2, kCustomer = 3, kPeer = 4 };

// The names herald's configuration uses (those of FRR's `local-role`).
inline constexpr std::pair<std::string_view, Role> kRoleNames[] = {
    {"provider", Role::kProvider}, {"rs-server", Role::kRs}, {"rs-client", Role::kRsClient},
    {"customer", Role::kCustomer}, {"peer", Role::kPeer},
};

inline std::optional<Role> RoleFromName(std::string_view name) {
  for (const auto& [n, r] : kRoleNames)
    if (n == name) return r;
  return std::nullopt;
}
inline std::string_view RoleName(Role role) {
  for (const auto& [n, r] : kRoleNames)
    if (r == role) return n;
  return "unknown";
}
// A value received in the capability, or nullopt if RFC 9234 defines none.
inline std::optional<Role> RoleFromWire(uint8_t v) {
  if (v > static_cast<uint8_t>(Role::kPeer)) return std::nullopt;
  return static_cast<Role>(v);
}

// RFC 9234 §4.2, Table 2: the remote role that goes with a local one.
inline Role ExpectedPeerRole(Role local) {
  switch (local) {
    case Role::kProvider: return Role::kCustomer;
    case Role::kCustomer: return Role::kProvider;
    case Role::kRs: return Role::kRsClient;
    case Role::kRsClient: return Role::kRs;
    case Role::kPeer: return Role::kPeer;
  }
  return Role::kPeer;
}

// RFC 9234 §5, ingress: a route with OTC from a customer or an RS-client is a
// leak (the local role is provider or RS); from a peer, when OTC is not the
// peer's AS. Routes from a provider, a peer or an RS get OTC (the peer's AS)
// when they have none.
inline bool OtcMarksLeak(Role local, uint32_t otc, uint32_t peer_as) {
  if (local == Role::kProvider || local == Role::kRs) return true;
  if (local == Role::kPeer) return otc != peer_as;
  return false;
}
inline bool OtcAddedOnIngress(Role local) {
  return local == Role::kCustomer || local == Role::kPeer || local == Role::kRsClient;
}
// RFC 9234 §5, egress: routes to a customer, a peer or an RS-client get OTC
// (the local AS) when they have none; routes with OTC never go to a
// provider, a peer or an RS.
inline bool OtcAddedOnEgress(Role local) {
  return local == Role::kProvider || local == Role::kPeer || local == Role::kRs;
}
inline bool OtcBlocksEgress(Role local) {
  return local == Role::kCustomer || local == Role::kPeer || local == Role::kRsClient;
}

}  // namespace herald::wire
