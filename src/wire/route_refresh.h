// ROUTE-REFRESH message, RFC 2918 §3, with the subtypes of RFC 7313 §3.2.
#pragma once

#include <cstdint>

#include "base/bytes.h"
#include "base/result.h"
#include "wire/error.h"
#include "wire/family.h"
#include "wire/negotiated.h"

namespace herald::wire {

struct RouteRefresh {
  enum class Subtype : uint8_t { kNormal = 0, kBeginOfRib = 1, kEndOfRib = 2 };
  Family family;
  Subtype subtype = Subtype::kNormal;

  friend bool operator==(const RouteRefresh&, const RouteRefresh&) = default;

  // A body that is not 4 bytes is error 7/1 (RFC 7313 §5, data: the whole
  // message) when negotiated.enhanced_route_refresh, else 1/2 (data: the
  // message length). Without enhanced route refresh the subtype octet is
  // reserved and decodes as kNormal; with it, unknown subtypes are returned
  // as they are, for the caller to ignore (RFC 7313 §5).
  static Result<RouteRefresh, WireError> Decode(ByteReader& body, const Negotiated& negotiated);
  void Encode(ByteWriter& w, const Negotiated& negotiated) const;
};

}  // namespace herald::wire
