// The `reason` of a neighbor's "down" message, as ExaBGP writes it.
//
// herald logs a detailed reason for a session's end ("hold timer expired:
// notification sent (4,0)", "notification received (6,4) Cease /
// Administrative Reset", ...); processes get ExaBGP's words for the same
// event, since consumers match them:
//
//   event                          ExaBGP 5.0                        ExaBGP 4.x
//   NOTIFICATION received          notification received (C,S)       peer reset, message [notification received (C,S)] error[CODE / SUBCODE]
//   NOTIFICATION sent              notification sent (C,S)           peer reset, message [notification sent (C,S)] error[CODE / SUBCODE]
//   herald shutting down           stop, message [shutting down]     (same)
//   neighbor removed by a reload   stop, message [removed]           (same)
//   the connection closed          closing connection                peer reset, message [closing connection] error[WHY]
//
// (the JSON encoder turns the brackets into parentheses). herald sends a
// Cease when it shuts down or drops a removed neighbor, where ExaBGP closes
// the connection: the words are ExaBGP's all the same.
#pragma once

#include <string>
#include <string_view>

#include "api/render.h"

namespace herald::api {

// `reason`: herald's own (net/peer.h, session/fsm.cc formats).
std::string ExabgpDownReason(std::string_view reason, Format format);

}  // namespace herald::api
