#include "wire/message.h"

#include <type_traits>

namespace herald::wire {
namespace {

Bytes LengthData(uint16_t length) {
  return Bytes{static_cast<uint8_t>(length >> 8), static_cast<uint8_t>(length)};
}

// The smallest legal length of each type (RFC 4271 §4.2-§4.5, RFC 2918 §3).
size_t MinLength(MessageType type) {
  switch (type) {
    case MessageType::kOpen: return 29;
    case MessageType::kUpdate: return 23;
    case MessageType::kNotification: return 21;
    case MessageType::kKeepalive: return 19;
    case MessageType::kRouteRefresh: return 23;
    case MessageType::kOperational: return kHeaderSize;
  }
  return kHeaderSize;
}

// RFC 8654 §3: OPEN and KEEPALIVE are not extended.
size_t MaxLength(MessageType type, size_t max_size) {
  switch (type) {
    case MessageType::kOpen: return kMaxMessageSize;
    case MessageType::kKeepalive: return kHeaderSize;
    default: return max_size;
  }
}

}  // namespace

Result<Header, WireError> DecodeHeader(ByteSpan header, size_t max_size) {
  ByteReader r(header);
  // RFC 4271 §6.1: the marker must be all ones.
  for (int i = 0; i < 16; ++i) {
    uint8_t b = 0;
    if (!r.ReadU8(&b)) return Fail(HeaderError(HeaderSubcode::kBadMessageLength, "header: truncated"));
    if (b != 0xFF)
      return Fail(HeaderError(HeaderSubcode::kConnectionNotSynchronized, "header: marker is not all ones"));
  }
  uint16_t length = 0;
  uint8_t type = 0;
  if (!r.ReadU16(&length) || !r.ReadU8(&type))
    return Fail(HeaderError(HeaderSubcode::kBadMessageLength, "header: truncated"));
  if (length < kHeaderSize || length > max_size)
    return Fail(HeaderError(HeaderSubcode::kBadMessageLength,
                            "header: bad message length " + std::to_string(length), LengthData(length)));
  if (type < static_cast<uint8_t>(MessageType::kOpen) ||
      type > static_cast<uint8_t>(MessageType::kOperational))
    return Fail(HeaderError(HeaderSubcode::kBadMessageType, "header: unknown message type " + std::to_string(type),
                            Bytes{type}));
  auto t = static_cast<MessageType>(type);
  // A ROUTE-REFRESH longer than 23 bytes is left to RouteRefresh::Decode,
  // which knows whether enhanced route refresh makes it a 7/1 (RFC 7313 §5).
  if (length < MinLength(t) || length > MaxLength(t, max_size))
    return Fail(HeaderError(HeaderSubcode::kBadMessageLength,
                            "header: bad length " + std::to_string(length) + " for message type " +
                                std::to_string(type),
                            LengthData(length)));
  return Header{length, t};
}

Result<Message, WireError> DecodeMessage(ByteSpan message, const Negotiated& negotiated) {
  if (message.size() < kHeaderSize)
    return Fail(HeaderError(HeaderSubcode::kBadMessageLength, "message shorter than a header"));
  auto header = DecodeHeader(message, negotiated.max_message_size());
  if (!header) return Fail(std::move(header).error());
  if (header->length != message.size())
    return Fail(HeaderError(HeaderSubcode::kBadMessageLength,
                            "header length " + std::to_string(header->length) + " but message of " +
                                std::to_string(message.size()) + " bytes",
                            LengthData(header->length)));
  ByteReader body(message.subspan(kHeaderSize));
  switch (header->type) {
    case MessageType::kOpen: {
      auto m = Open::Decode(body, negotiated);
      if (!m) return Fail(std::move(m).error());
      return Message(std::move(*m));
    }
    case MessageType::kUpdate: {
      auto m = Update::Decode(body, negotiated);
      if (!m) return Fail(std::move(m).error());
      return Message(std::move(*m));
    }
    case MessageType::kNotification: {
      auto m = Notification::Decode(body, negotiated);
      if (!m) return Fail(std::move(m).error());
      return Message(std::move(*m));
    }
    case MessageType::kKeepalive:
      return Message(Keepalive{});
    case MessageType::kRouteRefresh: {
      auto m = RouteRefresh::Decode(body, negotiated);
      if (!m) return Fail(std::move(m).error());
      return Message(std::move(*m));
    }
    case MessageType::kOperational: {
      auto m = Operational::Decode(body, negotiated);
      if (!m) return Fail(std::move(m).error());
      return Message(std::move(*m));
    }
  }
  return Fail(HeaderError(HeaderSubcode::kBadMessageType, "unknown message type"));
}

size_t BeginMessage(ByteWriter& w, MessageType type) {
  size_t start = w.position();
  for (int i = 0; i < 16; ++i) w.U8(0xFF);
  (void)w.Reserve16();
  w.U8(static_cast<uint8_t>(type));
  return start;
}

void EndMessage(ByteWriter& w, size_t start) {
  size_t length = w.position() - start;
  if (length < kHeaderSize) return w.Fail();
  w.Patch16(start + 16, length);
}

Bytes EncodeKeepalive() {
  Bytes out;
  ByteWriter w(&out, kHeaderSize);
  EndMessage(w, BeginMessage(w, MessageType::kKeepalive));
  return out;
}

Bytes EncodeMessage(const Message& message, const Negotiated& negotiated) {
  Bytes out;
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, Keepalive>) {
          out = EncodeKeepalive();
        } else {
          MessageType type = MessageType::kOpen;
          size_t limit = negotiated.max_message_size();
          if constexpr (std::is_same_v<T, Open>) {
            limit = kMaxMessageSize;  // RFC 8654 §3
          } else if constexpr (std::is_same_v<T, Update>) {
            type = MessageType::kUpdate;
          } else if constexpr (std::is_same_v<T, Notification>) {
            type = MessageType::kNotification;
          } else if constexpr (std::is_same_v<T, RouteRefresh>) {
            type = MessageType::kRouteRefresh;
          } else {
            type = MessageType::kOperational;
          }
          ByteWriter w(&out, limit);
          size_t start = BeginMessage(w, type);
          m.Encode(w, negotiated);
          EndMessage(w, start);
          if (!w.ok()) out.clear();
        }
      },
      message);
  return out;
}

}  // namespace herald::wire
