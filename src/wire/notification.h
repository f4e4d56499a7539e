// NOTIFICATION message, RFC 4271 §4.5, with the shutdown communication of
// RFC 9003 (Cease 2 and 4 may carry a UTF-8 reason).
#pragma once

#include <cstdint>
#include <string>

#include "base/bytes.h"
#include "base/result.h"
#include "wire/error.h"
#include "wire/negotiated.h"

namespace herald::wire {

struct Notification {
  uint8_t code = 0;
  uint8_t subcode = 0;
  Bytes data;

  friend bool operator==(const Notification&, const Notification&) = default;

  static Notification FromError(const WireError& e) { return {e.code, e.subcode, e.data}; }
  // Cease with a shutdown communication (RFC 9003) when reason is not empty.
  static Notification Cease(CeaseSubcode sub, std::string_view reason = {});

  // "Cease", "OPEN message error", ... and the subcode's name.
  std::string CodeName() const;
  std::string SubcodeName() const;
  // The RFC 9003 reason when present and well formed, else empty.
  std::string ShutdownReason() const;

  static Result<Notification, WireError> Decode(ByteReader& body, const Negotiated& negotiated);
  void Encode(ByteWriter& w, const Negotiated& negotiated) const;
};

}  // namespace herald::wire
