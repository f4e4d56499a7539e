// WireError: a decode failure together with the NOTIFICATION it implies.
//
// Like GoBGP's MessageError and OpenBGPD's rde_update_err, every decoder in
// wire/ returns the code/subcode/data of RFC 4271 §6 and, for UPDATE
// attributes, the RFC 7606 action. Only session/ turns an error into a
// NOTIFICATION and a state change; wire/ never logs.
#pragma once

#include <cstdint>
#include <string>

#include "base/bytes.h"

namespace herald::wire {

// RFC 4271 §4.5 error codes.
enum class ErrorCode : uint8_t {
  kMessageHeader = 1,
  kOpenMessage = 2,
  kUpdateMessage = 3,
  kHoldTimerExpired = 4,
  kFsm = 5,
  kCease = 6,
  kRouteRefresh = 7,  // RFC 7313 §5
};

// RFC 4271 §6.1
enum class HeaderSubcode : uint8_t {
  kConnectionNotSynchronized = 1,
  kBadMessageLength = 2,
  kBadMessageType = 3,
};

// RFC 4271 §6.2, RFC 5492 §5 (7), RFC 9234 (11)
enum class OpenSubcode : uint8_t {
  kUnsupportedVersion = 1,
  kBadPeerAs = 2,
  kBadBgpIdentifier = 3,
  kUnsupportedOptionalParameter = 4,
  kUnacceptableHoldTime = 6,
  kUnsupportedCapability = 7,
};

// RFC 4271 §6.3
enum class UpdateSubcode : uint8_t {
  kMalformedAttributeList = 1,
  kUnrecognizedWellKnownAttribute = 2,
  kMissingWellKnownAttribute = 3,
  kAttributeFlagsError = 4,
  kAttributeLengthError = 5,
  kInvalidOrigin = 6,
  kInvalidNextHop = 8,
  kOptionalAttributeError = 9,
  kInvalidNetworkField = 10,
  kMalformedAsPath = 11,
};

// RFC 4486 / RFC 8203 Cease subcodes.
enum class CeaseSubcode : uint8_t {
  kMaxPrefixes = 1,
  kAdministrativeShutdown = 2,
  kPeerDeconfigured = 3,
  kAdministrativeReset = 4,
  kConnectionRejected = 5,
  kOtherConfigurationChange = 6,
  kConnectionCollisionResolution = 7,
  kOutOfResources = 8,
  kHardReset = 9,
};

// RFC 7606 §2, ordered by severity: a stronger error replaces a weaker one.
enum class ErrorAction : uint8_t {
  kAttributeDiscard = 1,
  kTreatAsWithdraw = 2,
  kAfiSafiDisable = 3,
  kSessionReset = 4,
};

struct WireError {
  uint8_t code = 0;
  uint8_t subcode = 0;
  // The NOTIFICATION data field (offending bytes, as the RFC asks).
  Bytes data;
  ErrorAction action = ErrorAction::kSessionReset;
  // What was wrong, for the log: "attribute ORIGIN: invalid value 7".
  std::string what;

  friend bool operator==(const WireError&, const WireError&) = default;

  bool fatal() const { return action == ErrorAction::kSessionReset; }
  // Keeps the more severe of two errors (GoBGP's Stronger()).
  static WireError Stronger(WireError a, WireError b) { return b.action > a.action ? b : a; }
};

// Shorthand constructors.
inline WireError HeaderError(HeaderSubcode sub, std::string what, Bytes data = {}) {
  return WireError{static_cast<uint8_t>(ErrorCode::kMessageHeader), static_cast<uint8_t>(sub),
                   std::move(data), ErrorAction::kSessionReset, std::move(what)};
}
inline WireError OpenError(OpenSubcode sub, std::string what, Bytes data = {}) {
  return WireError{static_cast<uint8_t>(ErrorCode::kOpenMessage), static_cast<uint8_t>(sub),
                   std::move(data), ErrorAction::kSessionReset, std::move(what)};
}
inline WireError UpdateError(UpdateSubcode sub, std::string what, Bytes data = {},
                             ErrorAction action = ErrorAction::kSessionReset) {
  return WireError{static_cast<uint8_t>(ErrorCode::kUpdateMessage), static_cast<uint8_t>(sub),
                   std::move(data), action, std::move(what)};
}

}  // namespace herald::wire
