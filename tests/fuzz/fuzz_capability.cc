// Capabilities alone (RFC 5492 §4): the input is a list of (code, length,
// value) as in an OPEN's capability parameter. Each capability that decodes
// must encode to the bytes it came from, except where the codec keeps less
// than it reads (noted below), and decode again to the same value.
#include <string>

#include "base/hex.h"
#include "fuzz_check.h"
#include "wire/open.h"

using namespace herald;

extern "C" int FuzzCapability(const uint8_t* data, size_t size) {
  ByteReader in(data, size);
  uint8_t code = 0, length = 0;
  while (in.ReadU8(&code) && in.ReadU8(&length)) {
    ByteReader value;
    if (!in.Sub(length, &value)) break;
    const ByteSpan original = value.whole();
    auto cap = wire::Capability::Decode(code, value);
    if (!cap) {
      HERALD_FUZZ_CHECK(cap.error().code == 2, "a capability error that is not an OPEN error");
      continue;
    }
    HERALD_FUZZ_CHECK(value.empty(), "a decoded capability left bytes unread");
    HERALD_FUZZ_CHECK(cap->code == code, "");
    Bytes encoded;
    ByteWriter w(&encoded);
    cap->Encode(w);
    HERALD_FUZZ_CHECK(w.ok(), "a decoded capability does not encode: " + ToHex(original));
    HERALD_FUZZ_CHECK(encoded.size() >= 2 && encoded[0] == code && encoded[1] == encoded.size() - 2, ToHex(encoded));
    ByteReader again_value(ByteSpan(encoded).subspan(2));
    auto again = wire::Capability::Decode(code, again_value);
    HERALD_FUZZ_CHECK(again.ok(), "re-encoded: " + ToHex(encoded));
    HERALD_FUZZ_CHECK(*again == *cap, "original: " + ToHex(original) + "\nre-encoded: " + ToHex(encoded));
    Bytes second;
    ByteWriter w2(&second);
    again->Encode(w2);
    HERALD_FUZZ_CHECK(second == encoded, "first: " + ToHex(encoded) + "\nsecond: " + ToHex(second));
  }
  return 0;
}
