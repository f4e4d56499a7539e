// Helpers shared by the attribute tests (header only).
#pragma once

#include "wire/attributes.h"
#include "wire/test_util.h"

namespace herald::wire::testing {

struct Decoded {
  Result<PathAttributes, WireError> attrs = PathAttributes{};
  std::optional<WireError> soft;
  Bytes reach, unreach;
  bool has_reach = false, has_unreach = false;
};

inline Decoded DecodeAttrs(const Bytes& bytes, const Negotiated& n) {
  ExactBuffer b(bytes);
  ByteReader r = b.reader();
  Decoded d;
  ByteSpan reach, unreach;
  d.attrs = DecodeAttributes(r, n, &reach, &unreach, &d.soft);
  d.has_reach = reach.data() != nullptr;
  d.has_unreach = unreach.data() != nullptr;
  d.reach.assign(reach.begin(), reach.end());
  d.unreach.assign(unreach.begin(), unreach.end());
  if (d.attrs.ok()) {
    EXPECT_TRUE(r.empty());
  }
  return d;
}
inline Decoded DecodeAttrs(const std::string& hex, const Negotiated& n) { return DecodeAttrs(Hex(hex), n); }

inline Bytes EncodeAttrs(const PathAttributes& a, const Negotiated& n, bool with_next_hop = true, ByteSpan unreach = {},
                  ByteSpan reach = {}) {
  Bytes out;
  ByteWriter w(&out);
  EncodeAttributes(w, a, n, with_next_hop, unreach, reach);
  EXPECT_TRUE(w.ok());
  return out;
}

inline Negotiated Ibgp(bool asn4 = true) { return Ebgp(65000, 65000, asn4); }

}  // namespace herald::wire::testing
