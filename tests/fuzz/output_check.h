// Strict checks of what the renderers write for processes: the JSON lines
// must each be one valid JSON value (RFC 8259) in valid UTF-8 (RFC 3629), with
// no raw character below 0x20 anywhere (DEL is valid JSON and may stand
// raw); the text lines valid UTF-8 with no control character, DEL included. Written for the fuzz targets, with no JSON library, so
// that nothing lenient stands between herald's output and the check.
#pragma once

#include <string>
#include <string_view>

namespace herald::fuzz {

// Whether `s` is well-formed UTF-8: no overlong forms, no surrogates, nothing
// above U+10FFFF, no truncated sequence.
bool IsValidUtf8(std::string_view s);

// Empty if `line` (without its newline) is exactly one JSON value, with
// optional spaces around it; else what is wrong and where.
std::string CheckJsonLine(std::string_view line);

// Every line of `out` must end in '\n' and pass CheckJsonLine (no empty line).
std::string CheckJsonLines(std::string_view out);

// Every line of `out` must end in '\n' and be valid UTF-8 with no control
// character (below 0x20, or 0x7f); empty lines are allowed (the text
// renderer ends each event with one).
std::string CheckTextLines(std::string_view out);

}  // namespace herald::fuzz
