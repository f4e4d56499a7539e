// Finding the program of a `process { run <program> ...; }` the way ExaBGP
// does (configuration/process/parser.py `run`), and refusing programs that
// cannot or must not be run.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace herald::config {

// An absolute path is taken as is. A relative one is looked for in
// /etc/exabgp, then in the directory of the configuration file, then (if it
// has no '/') in each directory of $PATH; the first that exists wins.
// (ExaBGP keeps the last one that exists, so $PATH beats the configuration
// directory there; herald prefers the file next to the configuration.)
// The result must exist, not be a directory, not be setuid, and be
// executable by this process.
Result<std::string> ResolveProgram(std::string_view program, std::string_view config_file);

}  // namespace herald::config
