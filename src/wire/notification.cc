#include "wire/notification.h"

#include <algorithm>
#include <utility>

namespace herald::wire {
namespace {

// RFC 9003 §2: the shutdown communication is at most 255 bytes of UTF-8.
constexpr size_t kMaxShutdownCommunication = 255;

bool IsContinuation(uint8_t b) { return (b & 0xC0) == 0x80; }

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing past
// U+10FFFF.
bool ValidUtf8(ByteSpan s) {
  size_t i = 0;
  while (i < s.size()) {
    uint8_t b = s[i];
    size_t n = 0;
    uint32_t cp = 0;
    if (b < 0x80) {
      ++i;
      continue;
    } else if ((b & 0xE0) == 0xC0) {
      n = 1;
      cp = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
      n = 2;
      cp = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
      n = 3;
      cp = b & 0x07;
    } else {
      return false;
    }
    if (s.size() - i < n + 1) return false;
    for (size_t k = 1; k <= n; ++k) {
      if (!IsContinuation(s[i + k])) return false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

bool HasShutdownCommunication(uint8_t code, uint8_t subcode) {
  return code == static_cast<uint8_t>(ErrorCode::kCease) &&
         (subcode == static_cast<uint8_t>(CeaseSubcode::kAdministrativeShutdown) ||
          subcode == static_cast<uint8_t>(CeaseSubcode::kAdministrativeReset));
}

}  // namespace

Notification Notification::Cease(CeaseSubcode sub, std::string_view reason) {
  Notification n{static_cast<uint8_t>(ErrorCode::kCease), static_cast<uint8_t>(sub), {}};
  if (reason.empty() || !HasShutdownCommunication(n.code, n.subcode)) return n;
  size_t len = std::min(reason.size(), kMaxShutdownCommunication);
  // Cut at a character boundary: back off over continuation bytes so a
  // multi-byte character is dropped whole rather than split (RFC 9003 §2).
  if (len < reason.size())
    while (len > 0 && IsContinuation(static_cast<uint8_t>(reason[len]))) --len;
  n.data.reserve(len + 1);
  n.data.push_back(static_cast<uint8_t>(len));
  n.data.insert(n.data.end(), reason.begin(), reason.begin() + static_cast<ptrdiff_t>(len));
  return n;
}

// The names are the ones ExaBGP prints, so logs and API output match it;
// ExaBGP has no name for code 7 and Cease 9, which RFC 7313 and RFC 8538
// supply.
std::string Notification::CodeName() const {
  switch (code) {
    case 1: return "Message header error";
    case 2: return "OPEN message error";
    case 3: return "UPDATE message error";
    case 4: return "Hold timer expired";
    case 5: return "State machine error";
    case 6: return "Cease";
    case 7: return "ROUTE-REFRESH message error";
  }
  return "unknown error";
}

std::string Notification::SubcodeName() const {
  if (subcode == 0 && code >= 1 && code <= 6) return "Unspecific";
  switch (code) {
    case 1:
      switch (subcode) {
        case 1: return "Connection Not Synchronized";
        case 2: return "Bad Message Length";
        case 3: return "Bad Message Type";
      }
      break;
    case 2:
      switch (subcode) {
        case 1: return "Unsupported Version Number";
        case 2: return "Bad Peer AS";
        case 3: return "Bad BGP Identifier";
        case 4: return "Unsupported Optional Parameter";
        case 5: return "Authentication Notification (Deprecated)";
        case 6: return "Unacceptable Hold Time";
        case 7: return "Unsupported Capability";
        case 8: return "Grouping Conflict";
        case 9: return "Grouping Required";
        case 10: return "Capability Value Mismatch";
      }
      break;
    case 3:
      switch (subcode) {
        case 1: return "Malformed Attribute List";
        case 2: return "Unrecognized Well-known Attribute";
        case 3: return "Missing Well-known Attribute";
        case 4: return "Attribute Flags Error";
        case 5: return "Attribute Length Error";
        case 6: return "Invalid ORIGIN Attribute";
        case 7: return "AS Routing Loop";
        case 8: return "Invalid NEXT_HOP Attribute";
        case 9: return "Optional Attribute Error";
        case 10: return "Invalid Network Field";
        case 11: return "Malformed AS_PATH";
      }
      break;
    case 5:
      switch (subcode) {
        case 1: return "Receive Unexpected Message in OpenSent State";
        case 2: return "Receive Unexpected Message in OpenConfirm State";
        case 3: return "Receive Unexpected Message in Established State";
      }
      break;
    case 6:
      switch (subcode) {
        case 1: return "Maximum Number of Prefixes Reached";
        case 2: return "Administrative Shutdown";
        case 3: return "Peer De-configured";
        case 4: return "Administrative Reset";
        case 5: return "Connection Rejected";
        case 6: return "Other Configuration Change";
        case 7: return "Connection Collision Resolution";
        case 8: return "Out of Resources";
        case 9: return "Hard Reset";  // RFC 8538 §3
      }
      break;
    case 7:
      switch (subcode) {
        case 1: return "Invalid Message Length";
        case 2: return "Malformed Message Subtype";
      }
      break;
  }
  return "unknow reason";  // sic: ExaBGP's spelling
}

std::string Notification::ShutdownReason() const {
  if (!HasShutdownCommunication(code, subcode) || data.empty()) return {};
  size_t len = data[0];
  if (len == 0 || len > data.size() - 1) return {};
  ByteSpan text(data.data() + 1, len);
  if (!ValidUtf8(text)) return {};
  return std::string(text.begin(), text.end());
}

Result<Notification, WireError> Notification::Decode(ByteReader& body, const Negotiated& negotiated) {
  Notification n;
  // The header check already asks for 21 bytes; a shorter body here means
  // the caller framed it wrongly, which is a length error all the same.
  if (!body.ReadU8(&n.code) || !body.ReadU8(&n.subcode)) {
    size_t length = 19 + body.offset() + body.remaining();  // the whole message
    return Fail(HeaderError(HeaderSubcode::kBadMessageLength, "NOTIFICATION: shorter than 2 bytes",
                            Bytes{static_cast<uint8_t>(length >> 8), static_cast<uint8_t>(length)}));
  }
  ByteSpan rest = body.rest();
  n.data.assign(rest.begin(), rest.end());
  (void)body.Skip(rest.size());
  return n;
}

void Notification::Encode(ByteWriter& w, const Negotiated& negotiated) const {
  w.U8(code);
  w.U8(subcode);
  w.Append(data);
}

}  // namespace herald::wire
