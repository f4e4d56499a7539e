// OPERATIONAL message (BGP message type 6), as ExaBGP speaks
// draft-ietf-idr-operational-message: after the BGP header, Type (2) and
// Length (2), then by the type's category
//   advisory ADM (1), ASM (2):        AFI (2) SAFI (1) UTF-8 text
//   query RPCQ (3), APCQ (5), LPCQ (7): AFI SAFI router-id (4) sequence (4)
//   counter RPCP (4), APCP (6), LPCP (8): AFI SAFI router-id sequence counter (4)
// Length counts what follows it. Every type is named once, in kOperationalTypes.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/result.h"
#include "wire/error.h"
#include "wire/negotiated.h"

namespace herald::wire {

// ExaBGP truncates a longer advisory to 2045 bytes followed by "...".
inline constexpr size_t kMaxAdvisory = 2048;

struct OperationalType {
  enum class Category : uint8_t { kAdvisory, kQuery, kCounter };
  uint16_t code;
  std::string_view name;  // "ADM", as ExaBGP prints it
  Category category;
};

inline constexpr OperationalType kOperationalTypes[] = {
    {1, "ADM", OperationalType::Category::kAdvisory},
    {2, "ASM", OperationalType::Category::kAdvisory},
    {3, "RPCQ", OperationalType::Category::kQuery},
    {4, "RPCP", OperationalType::Category::kCounter},
    {5, "APCQ", OperationalType::Category::kQuery},
    {6, "APCP", OperationalType::Category::kCounter},
    {7, "LPCQ", OperationalType::Category::kQuery},
    {8, "LPCP", OperationalType::Category::kCounter},
};

// The type of a code or of a (case-insensitive) name; null if unknown.
const OperationalType* FindOperationalType(uint16_t code);
const OperationalType* FindOperationalType(std::string_view name);

struct Operational {
  uint16_t type = 1;  // a code of kOperationalTypes, or an unknown one (decoded, then ignored)
  uint16_t afi = 1;   // as on the wire: ExaBGP reports unknown values too
  uint8_t safi = 1;
  std::string advisory;    // advisory: the bytes as received (UTF-8 when sent by herald)
  uint32_t router_id = 0;  // query and counter
  uint32_t sequence = 0;   // query and counter
  uint32_t counter = 0;    // counter

  friend bool operator==(const Operational&, const Operational&) = default;

  // kOperationalTypes' entry; null for a type herald does not know.
  const OperationalType* Known() const { return FindOperationalType(type); }

  // As ExaBGP 5.0 decodes: fewer than 4 bytes, or fewer than the type's
  // fixed fields (7 for advisory, 15 for query, 19 for counter), is error
  // 5/0 with ExaBGP's text as data. An advisory is what lies between the
  // family and the Length field's end, cut at the message's end; bytes after
  // the fixed fields of a query or counter are ignored, and an unknown type
  // decodes with only its code set (the receiver ignores it).
  static Result<Operational, WireError> Decode(ByteReader& body, const Negotiated& negotiated);
  void Encode(ByteWriter& w, const Negotiated& negotiated) const;
};

// `advisory` cut to kMaxAdvisory bytes as ExaBGP does (2045 bytes and "...").
std::string TruncateAdvisory(std::string advisory);

}  // namespace herald::wire
