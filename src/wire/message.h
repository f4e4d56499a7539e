// The BGP message header and the message variant, RFC 4271 §4.1.
//
// DecodeHeader checks marker, length and type (errors 1/1, 1/2, 1/3) and
// DecodeMessage dispatches the body to the type's own Decode. Encoders write a
// header with a placeholder length (BeginMessage) and back-patch it
// (EndMessage), so a message is written once, straight into the send buffer.
#pragma once

#include <cstdint>
#include <variant>

#include "base/bytes.h"
#include "base/result.h"
#include "wire/error.h"
#include "wire/negotiated.h"
#include "wire/notification.h"
#include "wire/open.h"
#include "wire/operational.h"
#include "wire/route_refresh.h"
#include "wire/update.h"

namespace herald::wire {

enum class MessageType : uint8_t {
  kOpen = 1,
  kUpdate = 2,
  kNotification = 3,
  kKeepalive = 4,
  kRouteRefresh = 5,  // RFC 2918
  kOperational = 6,   // ExaBGP's draft-ietf-idr-operational-message (not IANA assigned)
};

inline constexpr size_t kHeaderSize = 19;
inline constexpr size_t kMaxMessageSize = 4096;
inline constexpr size_t kMaxExtendedMessageSize = 65535;  // RFC 8654

struct Header {
  uint16_t length = 0;  // of the whole message, header included
  MessageType type = MessageType::kKeepalive;
};

// Decodes the 19 header bytes. max_size is 4096, or 65535 once extended
// messages are negotiated (OPEN and KEEPALIVE stay limited to 4096 and 19:
// RFC 8654 §3). An unknown type is 1/3 with the type as data. A length too
// small for its type (OPEN < 29, UPDATE < 23, NOTIFICATION < 21, KEEPALIVE !=
// 19, ROUTE-REFRESH < 23; OPERATIONAL has no minimum beyond the header, as
// in ExaBGP, whose decoder refuses a short one with 5/0) is 1/2 with the length as data; a ROUTE-REFRESH
// longer than 23 is refused by RouteRefresh::Decode (7/1 or 1/2).
// REQUIRES: header.size() >= kHeaderSize
Result<Header, WireError> DecodeHeader(ByteSpan header, size_t max_size);

struct Keepalive {
  friend bool operator==(const Keepalive&, const Keepalive&) = default;
};

using Message = std::variant<Open, Update, Notification, Keepalive, RouteRefresh, Operational>;

// Decodes one whole message (header included).
Result<Message, WireError> DecodeMessage(ByteSpan message, const Negotiated& negotiated);

// Starts a message: writes the marker, a length placeholder and the type.
// Returns the position to pass to EndMessage.
size_t BeginMessage(ByteWriter& w, MessageType type);
// Back-patches the length; fails the writer if the message is too long.
void EndMessage(ByteWriter& w, size_t start);

// Whole messages, for callers that want them as values. EncodeMessage returns
// an empty buffer if the message does not fit its size limit (4096 for OPEN,
// negotiated.max_message_size() for the others).
Bytes EncodeKeepalive();
Bytes EncodeMessage(const Message& message, const Negotiated& negotiated);

}  // namespace herald::wire
