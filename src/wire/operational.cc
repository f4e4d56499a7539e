#include "wire/operational.h"

#include <algorithm>
#include <cctype>

namespace herald::wire {
namespace {

constexpr size_t kHeader = 4;                        // Type, Length
constexpr size_t kFamilyEnd = kHeader + 3;           // AFI, SAFI
constexpr size_t kSequenceEnd = kFamilyEnd + 4 + 4;  // router-id, sequence
constexpr size_t kCounterEnd = kSequenceEnd + 4;     // counter

// ExaBGP's Notify(5, 0, text): the text is the NOTIFICATION's data.
WireError Short(const std::string& text) {
  return WireError{static_cast<uint8_t>(ErrorCode::kFsm), 0, Bytes(text.begin(), text.end()),
                   ErrorAction::kSessionReset, "OPERATIONAL: " + text};
}

bool EqualsLower(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

}  // namespace

const OperationalType* FindOperationalType(uint16_t code) {
  for (const OperationalType& t : kOperationalTypes)
    if (t.code == code) return &t;
  return nullptr;
}

const OperationalType* FindOperationalType(std::string_view name) {
  for (const OperationalType& t : kOperationalTypes)
    if (EqualsLower(t.name, name)) return &t;
  return nullptr;
}

Result<Operational, WireError> Operational::Decode(ByteReader& body, const Negotiated&) {
  ByteSpan all = body.rest();
  ByteReader r(all);
  Operational m;
  uint16_t length = 0;
  if (!r.ReadU16(&m.type) || !r.ReadU16(&length))
    return Fail(Short("invalid operational message, not enough data for the header"));
  const OperationalType* known = m.Known();
  if (known == nullptr) {
    (void)body.Skip(body.remaining());
    return m;
  }
  using C = OperationalType::Category;
  switch (known->category) {
    case C::kAdvisory: {
      if (all.size() < kFamilyEnd)
        return Fail(Short("invalid operational advisory, not enough data for the family"));
      (void)r.ReadU16(&m.afi);
      (void)r.ReadU8(&m.safi);
      size_t end = std::min(all.size(), size_t{length} + kHeader);
      if (end > kFamilyEnd) m.advisory.assign(all.begin() + kFamilyEnd, all.begin() + end);
      break;
    }
    case C::kQuery:
    case C::kCounter:
      if (all.size() < (known->category == C::kQuery ? kSequenceEnd : kCounterEnd))
        return Fail(Short(known->category == C::kQuery
                              ? "invalid operational query, not enough data"
                              : "invalid operational counter, not enough data"));
      (void)r.ReadU16(&m.afi);
      (void)r.ReadU8(&m.safi);
      (void)r.ReadU32(&m.router_id);
      (void)r.ReadU32(&m.sequence);
      if (known->category == C::kCounter) (void)r.ReadU32(&m.counter);
      break;
  }
  (void)body.Skip(body.remaining());
  return m;
}

void Operational::Encode(ByteWriter& w, const Negotiated&) const {
  w.U16(type);
  size_t length_at = w.position();
  (void)w.Reserve16();
  size_t start = w.position();
  w.U16(afi);
  w.U8(safi);
  const OperationalType* known = Known();
  if (known != nullptr && known->category == OperationalType::Category::kAdvisory) {
    w.Append(reinterpret_cast<const uint8_t*>(advisory.data()), advisory.size());
  } else {
    w.U32(router_id);
    w.U32(sequence);
    if (known != nullptr && known->category == OperationalType::Category::kCounter) w.U32(counter);
  }
  w.Patch16(length_at, w.position() - start);
}

std::string TruncateAdvisory(std::string advisory) {
  if (advisory.size() > kMaxAdvisory) {
    advisory.resize(kMaxAdvisory - 3);
    advisory += "...";
  }
  return advisory;
}

}  // namespace herald::wire
