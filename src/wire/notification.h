// NOTIFICATION message, RFC 4271 §4.5, with the shutdown communication of
// RFC 9003 (Cease 2 and 4 may carry a UTF-8 reason).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

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
  // Cease with a shutdown communication (RFC 9003) when reason is not empty
  // and the subcode is Administrative Shutdown or Reset (the only two that
  // carry one, RFC 9003 §2): a length byte and the reason, cut to at most 255
  // bytes at a UTF-8 character boundary. Other subcodes get no data.
  static Notification Cease(CeaseSubcode sub, std::string_view reason = {});

  // "Cease", "OPEN message error", ... and the subcode's name, with ExaBGP's
  // strings ("unknown error" / "unknow reason" for numbers it does not know).
  std::string CodeName() const;
  std::string SubcodeName() const;
  // The RFC 9003 reason when present and well formed (Cease 2 or 4, length
  // byte within the data, valid UTF-8), else empty. Trailing bytes after the
  // reason are ignored.
  std::string ShutdownReason() const;

  // Body only. Fewer than 2 bytes is 1/2; everything after the subcode is data.
  static Result<Notification, WireError> Decode(ByteReader& body, const Negotiated& negotiated);
  void Encode(ByteWriter& w, const Negotiated& negotiated) const;
};

}  // namespace herald::wire
