// Message framing and every message type. Input: one byte for the session
// (fuzz_check.h), then a byte stream cut into messages as net/connection.cc
// cuts it: header, then the body of the length it announces. Each message
// that decodes must survive the round trip (wire_round_trip.h); the first
// one that does not decode ends the stream, as it ends a session.
#include "fuzz_check.h"
#include "wire/message.h"
#include "wire_round_trip.h"

using namespace herald;

extern "C" int FuzzMessage(const uint8_t* data, size_t size) {
  ByteSpan stream;
  wire::Negotiated negotiated = fuzz::TakeNegotiated(data, size, &stream);
  while (stream.size() >= wire::kHeaderSize) {
    auto header = wire::DecodeHeader(stream, negotiated.max_message_size());
    if (!header) break;
    HERALD_FUZZ_CHECK(header->length >= wire::kHeaderSize, "");
    if (header->length > stream.size()) break;
    auto message = wire::DecodeMessage(stream.first(header->length), negotiated);
    if (!message) {
      HERALD_FUZZ_CHECK(message.error().code != 0, "a decode error without a NOTIFICATION code");
      break;
    }
    if (auto* u = std::get_if<wire::Update>(&*message); u && u->soft_error)
      HERALD_FUZZ_CHECK(!u->soft_error->fatal(), "a fatal soft error");
    fuzz::CheckRoundTrip(*message, negotiated);
    stream = stream.subspan(header->length);
  }
  return 0;
}
