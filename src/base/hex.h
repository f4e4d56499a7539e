// Hex helpers for tests, logs and the `attribute [ 0x.. ]` syntax.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/bytes.h"

namespace herald {

// "0a0b" (lower case, no separator).
std::string ToHex(ByteSpan bytes);
// Accepts upper or lower case, an optional "0x" prefix, and ignores spaces,
// ':' and newlines between byte pairs. nullopt on any other character or an
// odd number of digits.
std::optional<Bytes> FromHex(std::string_view text);

}  // namespace herald
