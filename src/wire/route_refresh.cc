#include "wire/route_refresh.h"

namespace herald::wire {

Result<RouteRefresh, WireError> RouteRefresh::Decode(ByteReader& body, const Negotiated& negotiated) {
  // RFC 2918 §3: AFI (2), Reserved (1), SAFI (1); RFC 7313 §3.2 turns the
  // reserved octet into the message subtype.
  if (body.remaining() != 4) {
    size_t length = 19 + body.offset() + body.remaining();
    Bytes length_data{static_cast<uint8_t>(length >> 8), static_cast<uint8_t>(length)};
    if (!negotiated.enhanced_route_refresh)
      return Fail(HeaderError(HeaderSubcode::kBadMessageLength,
                              "ROUTE-REFRESH: bad length " + std::to_string(length), std::move(length_data)));
    // RFC 7313 §5: Invalid Message Length, with the whole message as data.
    Bytes message;
    ByteWriter w(&message);
    for (int i = 0; i < 16; ++i) w.U8(0xFF);
    w.U16(static_cast<uint16_t>(length));
    w.U8(5);
    w.Append(body.whole());
    return Fail(WireError{static_cast<uint8_t>(ErrorCode::kRouteRefresh), 1, std::move(message),
                          ErrorAction::kSessionReset,
                          "ROUTE-REFRESH: bad length " + std::to_string(length)});
  }
  uint16_t afi = 0;
  uint8_t subtype = 0;
  uint8_t safi = 0;
  (void)body.ReadU16(&afi);
  (void)body.ReadU8(&subtype);
  (void)body.ReadU8(&safi);
  RouteRefresh m;
  m.family = Family{static_cast<Afi>(afi), static_cast<Safi>(safi)};
  // Without RFC 7313 the octet is reserved and ignored by the receiver (RFC
  // 2918 §3). With it, values other than 0-2 are passed up as they are: RFC
  // 7313 §5 has the receiver ignore such a message, which is the session's
  // call.
  m.subtype = negotiated.enhanced_route_refresh ? static_cast<Subtype>(subtype) : Subtype::kNormal;
  return m;
}

void RouteRefresh::Encode(ByteWriter& w, const Negotiated& negotiated) const {
  w.U16(static_cast<uint16_t>(family.afi));
  w.U8(static_cast<uint8_t>(subtype));
  w.U8(static_cast<uint8_t>(family.safi));
}

}  // namespace herald::wire
