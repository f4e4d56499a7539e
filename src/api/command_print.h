// Command -> the text line ParseTextCommand reads back into an equal Command.
//
// Every field the parser fills is written: the neighbor selector with each
// of its keys, the command words, the route as grammar::PrintRoute writes it
// (`announce route <prefix> ...` for one prefix, `announce attributes ...
// nlri ...` for several), the family, the teardown subcode, the comment.
// For logs, tests and the fuzz target's round trip (tests/fuzz/).
#pragma once

#include <string>

#include "api/command.h"

namespace herald::api {

std::string PrintTextCommand(const Command& command);

}  // namespace herald::api
