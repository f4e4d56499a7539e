// Config -> canonical ExaBGP-syntax text that parses back to an equal Config
// (locations aside): every setting is written out, one statement per line,
// with tabs for indentation, in the order of config.h.
#pragma once

#include <string>
#include <string_view>

#include "config/config.h"

namespace herald::config {

// With `hide_secrets` (for `show neighbor configuration`), an md5-password
// written in the configuration is printed as kHidden; the names of
// md5-password-env variables and md5-password-file paths are printed.
std::string PrintConfig(const Config& config, bool hide_secrets = false);
inline constexpr std::string_view kHidden = "********";

}  // namespace herald::config
