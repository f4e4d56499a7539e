// Path attributes as ExaBGP 5.0 shows them: the members of the JSON
// "attribute" object, and the attribute part of a text "announced" line.
//
// Both list attributes in code order, as ExaBGP does, with unknown ones
// interleaved by code. NEXT_HOP is never listed (it keys the routes instead).
// An uninterpreted attribute is shown only if it is transitive: ExaBGP drops
// unknown non-transitive attributes on receipt (RFC 4271 §5), so it never
// prints them. It is shown with the Partial bit set, as ExaBGP stores it.
//
// ExaBGP 5.0 differs from 4.2 in the AS_PATH: JSON is an object of segments,
// {"0": {"element": "as-sequence", "value": [65001, 65010]}}, with no
// "confederation-path"; text puts each segment in its own brackets,
// "( 65001 65010 ) [ 64512 64513 ]" (sequence in parentheses, set in square
// brackets, confederation segments as "{( )}" and "{[ ]}"). An AS_PATH with
// no segments is not shown (ExaBGP drops an empty AS_PATH when decoding).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "api/render.h"
#include "wire/attributes.h"

namespace herald::api::render {

// Whether ExaBGP would hold any attribute for this UPDATE (it then prints an
// "attribute" object, even one left empty because only NEXT_HOP was there).
bool HasAttributes(const wire::PathAttributes& attrs);

// `"origin": "igp", "as-path": {...}, "med": 100, ...` without the braces.
// The 4.x format flattens the AS_PATH ("as-path": [ 65001, 65010 ],
// "confederation-path": [], with "as-set" and "confederation-set" only when
// not empty), keeps communities in wire order and writes a 4-octet AS route
// target as 4.2 does ("target:4200000001L:9").
void AppendAttributesJson(std::string* out, const wire::PathAttributes& attrs,
                          Format format = Format::kExabgp5);

// Builds the text form: ` origin igp as-path ( 65001 ) med 100 ...`, each
// item preceded by one space. Communities, extended and large communities
// are sorted (ExaBGP sorts them for text, not for JSON); the scratch vectors
// are kept between calls so that steady-state rendering does not allocate.
//
// The 4.x format writes the whole AS_PATH in one pair of brackets, the set
// in parentheses inside it: "as-path [ 65001 65010 ( 64512 64513 ) ]", and
// the confederation segments after it in a second pair.
class TextAttributes {
 public:
  explicit TextAttributes(Format format = Format::kExabgp5) : format_(format) {}
  void Append(std::string* out, const wire::PathAttributes& attrs);

 private:
  Format format_;
  std::vector<uint32_t> communities_;
  std::vector<uint64_t> extended_;
  std::vector<wire::LargeCommunity> large_;
};

}  // namespace herald::api::render
