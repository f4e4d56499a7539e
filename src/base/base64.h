// Base64 (RFC 4648 §4) decoding, as strict as Python's
// base64.b64decode(value, validate=True), which ExaBGP uses for
// `md5-base64` keys: only the standard alphabet, padding only at the end and
// complete.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace herald {

// nullopt on any character outside the alphabet, misplaced or missing
// padding, or a length that no encoding has.
std::optional<std::string> DecodeBase64(std::string_view text);

}  // namespace herald
