// Capabilities, RFC 5492 §4: each one is (code, length, value) and its value
// is decoded from a reader carved to exactly that length.
#include <type_traits>

#include "wire/open.h"

namespace herald::wire {
namespace {

WireError CapError(std::string what) {
  // RFC 5492 gives no subcode for a malformed capability; 2/0 (unspecific
  // OPEN error) is what BIRD and OpenBGPD send too.
  return WireError{static_cast<uint8_t>(ErrorCode::kOpenMessage), 0, {}, ErrorAction::kSessionReset,
                   "capability " + std::move(what)};
}

Result<Capability, WireError> ExactlyEmpty(uint8_t code, ByteReader& v, const char* name, auto value) {
  if (!v.empty())
    return Fail(CapError(std::string(name) + ": length " + std::to_string(v.remaining()) + ", expected 0"));
  return Capability{code, value};
}

Family ReadFamily(uint16_t afi, uint8_t safi) { return Family{static_cast<Afi>(afi), static_cast<Safi>(safi)}; }

}  // namespace

Capability Capability::Multiprotocol(Family f) {
  return {static_cast<uint8_t>(CapabilityCode::kMultiprotocol), MultiprotocolCap{f}};
}
Capability Capability::RouteRefresh() {
  return {static_cast<uint8_t>(CapabilityCode::kRouteRefresh), RouteRefreshCap{}};
}
Capability Capability::ExtendedMessage() {
  return {static_cast<uint8_t>(CapabilityCode::kExtendedMessage), ExtendedMessageCap{}};
}
Capability Capability::As4(uint32_t asn) { return {static_cast<uint8_t>(CapabilityCode::kAs4), As4Cap{asn}}; }
Capability Capability::Fqdn(std::string host, std::string domain) {
  return {static_cast<uint8_t>(CapabilityCode::kFqdn), FqdnCap{std::move(host), std::move(domain)}};
}

Result<Capability, WireError> Capability::Decode(uint8_t code, ByteReader& v) {
  switch (static_cast<CapabilityCode>(code)) {
    case CapabilityCode::kMultiprotocol: {  // RFC 4760 §8: AFI, reserved, SAFI
      uint16_t afi = 0;
      uint8_t reserved = 0, safi = 0;
      if (v.remaining() != 4)
        return Fail(CapError("multiprotocol: length " + std::to_string(v.remaining()) + ", expected 4"));
      (void)v.ReadU16(&afi);
      (void)v.ReadU8(&reserved);
      (void)v.ReadU8(&safi);
      return Capability{code, MultiprotocolCap{ReadFamily(afi, safi)}};
    }
    case CapabilityCode::kRouteRefresh:  // RFC 2918 §2
    case CapabilityCode::kCiscoRouteRefresh:
      return ExactlyEmpty(code, v, "route-refresh", RouteRefreshCap{});
    case CapabilityCode::kExtendedMessage:  // RFC 8654 §3
      return ExactlyEmpty(code, v, "extended-message", ExtendedMessageCap{});
    case CapabilityCode::kEnhancedRouteRefresh:  // RFC 7313 §3.1
      return ExactlyEmpty(code, v, "enhanced-route-refresh", EnhancedRouteRefreshCap{});
    case CapabilityCode::kAs4: {  // RFC 6793 §3
      uint32_t asn = 0;
      if (v.remaining() != 4)
        return Fail(CapError("asn4: length " + std::to_string(v.remaining()) + ", expected 4"));
      (void)v.ReadU32(&asn);
      return Capability{code, As4Cap{asn}};
    }
    case CapabilityCode::kGracefulRestart: {  // RFC 4724 §3
      uint16_t head = 0;
      if (v.remaining() < 2 || (v.remaining() - 2) % 4 != 0)
        return Fail(CapError("graceful-restart: length " + std::to_string(v.remaining()) +
                             ", expected 2 + 4 per family"));
      (void)v.ReadU16(&head);
      GracefulRestartCap gr;
      gr.flags = static_cast<uint8_t>(head >> 12);
      gr.restart_time = head & 0x0FFF;
      while (!v.empty()) {
        uint16_t afi = 0;
        uint8_t safi = 0, flags = 0;
        (void)v.ReadU16(&afi);
        (void)v.ReadU8(&safi);
        (void)v.ReadU8(&flags);
        gr.families.push_back({ReadFamily(afi, safi), flags});
      }
      return Capability{code, std::move(gr)};
    }
    case CapabilityCode::kAddPath: {  // RFC 7911 §4
      if (v.remaining() % 4 != 0)
        return Fail(CapError("add-path: length " + std::to_string(v.remaining()) + ", expected 4 per family"));
      AddPathCap ap;
      while (!v.empty()) {
        uint16_t afi = 0;
        uint8_t safi = 0, sr = 0;
        (void)v.ReadU16(&afi);
        (void)v.ReadU8(&safi);
        (void)v.ReadU8(&sr);
        ap.families.push_back({ReadFamily(afi, safi), sr});
      }
      return Capability{code, std::move(ap)};
    }
    case CapabilityCode::kExtendedNextHop: {  // RFC 8950 §3
      if (v.remaining() % 6 != 0)
        return Fail(CapError("extended next hop: length " + std::to_string(v.remaining()) +
                             ", expected 6 per family"));
      ExtendedNextHopCap nh;
      while (!v.empty()) {
        uint16_t afi = 0, safi = 0, nh_afi = 0;
        (void)v.ReadU16(&afi);
        (void)v.ReadU16(&safi);
        (void)v.ReadU16(&nh_afi);
        // SAFIs are one octet (RFC 4760 §5): the high one of the two is
        // ignored, as ExaBGP ignores it.
        nh.entries.push_back({ReadFamily(afi, static_cast<uint8_t>(safi)), static_cast<Afi>(nh_afi)});
      }
      return Capability{code, std::move(nh)};
    }
    case CapabilityCode::kLongLivedGracefulRestart: {  // RFC 9494 §3: AFI, SAFI, flags, 24-bit time
      if (v.remaining() % 7 != 0) break;  // kept raw, see open.h
      LongLivedGracefulRestartCap llgr;
      while (!v.empty()) {
        uint16_t afi = 0;
        uint8_t safi = 0, flags = 0, t0 = 0;
        uint16_t t12 = 0;
        (void)v.ReadU16(&afi);
        (void)v.ReadU8(&safi);
        (void)v.ReadU8(&flags);
        (void)v.ReadU8(&t0);
        (void)v.ReadU16(&t12);
        llgr.families.push_back({ReadFamily(afi, safi), flags, (uint32_t{t0} << 16) | t12});
      }
      return Capability{code, std::move(llgr)};
    }
    case CapabilityCode::kSoftwareVersion: {  // draft-abraitis-bgp-version-capability §3
      uint8_t len = 0;
      ByteSpan text;
      if (v.empty()) return Fail(CapError("software-version: empty"));
      (void)v.ReadU8(&len);
      if (!v.ReadSpan(len, &text))
        return Fail(CapError("software-version: length octet says " + std::to_string(len) + " bytes, " +
                             std::to_string(v.remaining()) + " follow"));
      (void)v.Skip(v.remaining());
      return Capability{code, SoftwareVersionCap{std::string(text.begin(), text.end())}};
    }
    case CapabilityCode::kFqdn: {  // draft-walton-bgp-hostname-capability §3
      FqdnCap fqdn;
      ByteSpan host, domain;
      uint8_t len = 0;
      if (!v.ReadU8(&len) || !v.ReadSpan(len, &host) || !v.ReadU8(&len) || !v.ReadSpan(len, &domain) ||
          !v.empty())
        return Fail(CapError("fqdn: host and domain lengths do not add up to the capability length"));
      fqdn.host_name.assign(host.begin(), host.end());
      fqdn.domain_name.assign(domain.begin(), domain.end());
      return Capability{code, std::move(fqdn)};
    }
    default:
      break;
  }
  ByteSpan rest = v.rest();
  (void)v.Skip(rest.size());
  return Capability{code, UnknownCap{Bytes(rest.begin(), rest.end())}};
}

void Capability::Encode(ByteWriter& w) const {
  w.U8(code);
  size_t at = w.Reserve8();
  std::visit(
      [&](const auto& c) {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, MultiprotocolCap>) {
          w.U16(static_cast<uint16_t>(c.family.afi));
          w.U8(0);
          w.U8(static_cast<uint8_t>(c.family.safi));
        } else if constexpr (std::is_same_v<T, As4Cap>) {
          w.U32(c.asn);
        } else if constexpr (std::is_same_v<T, GracefulRestartCap>) {
          if (c.flags > 0x0F || c.restart_time > 0x0FFF) return w.Fail();
          w.U16(static_cast<uint16_t>((c.flags << 12) | c.restart_time));
          for (const auto& e : c.families) {
            w.U16(static_cast<uint16_t>(e.family.afi));
            w.U8(static_cast<uint8_t>(e.family.safi));
            w.U8(e.flags);
          }
        } else if constexpr (std::is_same_v<T, AddPathCap>) {
          for (const auto& e : c.families) {
            w.U16(static_cast<uint16_t>(e.family.afi));
            w.U8(static_cast<uint8_t>(e.family.safi));
            w.U8(e.send_receive);
          }
        } else if constexpr (std::is_same_v<T, FqdnCap>) {
          // As ExaBGP sends it: each name prefixed by one length byte.
          if (c.host_name.size() > 255 || c.domain_name.size() > 255) return w.Fail();
          w.U8(static_cast<uint8_t>(c.host_name.size()));
          w.Append(reinterpret_cast<const uint8_t*>(c.host_name.data()), c.host_name.size());
          w.U8(static_cast<uint8_t>(c.domain_name.size()));
          w.Append(reinterpret_cast<const uint8_t*>(c.domain_name.data()), c.domain_name.size());
        } else if constexpr (std::is_same_v<T, LongLivedGracefulRestartCap>) {
          for (const auto& e : c.families) {
            if (e.stale_time > 0xFFFFFF) return w.Fail();
            w.U16(static_cast<uint16_t>(e.family.afi));
            w.U8(static_cast<uint8_t>(e.family.safi));
            w.U8(e.flags);
            w.U8(static_cast<uint8_t>(e.stale_time >> 16));
            w.U16(static_cast<uint16_t>(e.stale_time));
          }
        } else if constexpr (std::is_same_v<T, ExtendedNextHopCap>) {
          for (const auto& e : c.entries) {
            w.U16(static_cast<uint16_t>(e.family.afi));
            w.U16(static_cast<uint8_t>(e.family.safi));
            w.U16(static_cast<uint16_t>(e.next_hop_afi));
          }
        } else if constexpr (std::is_same_v<T, SoftwareVersionCap>) {
          if (c.version.size() > 254) return w.Fail();  // with its length octet, in 255
          w.U8(static_cast<uint8_t>(c.version.size()));
          w.Append(reinterpret_cast<const uint8_t*>(c.version.data()), c.version.size());
        } else if constexpr (std::is_same_v<T, UnknownCap>) {
          w.Append(c.value);
        }
        // RouteRefreshCap, ExtendedMessageCap, EnhancedRouteRefreshCap: no value.
      },
      value);
  w.Patch8(at, w.Since(at, 1));
}

}  // namespace herald::wire
