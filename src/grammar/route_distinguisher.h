// Route distinguishers as ExaBGP writes them (RFC 4364 §4.2), shared by
// the FlowSpec rules (flow-vpn) and the labeled routes (mpls-vpn).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace herald::grammar {

// ExaBGP's route distinguisher spellings: ASN:NN, type 0 when ASN fits 16
// bits (NN 32 bits), else type 2 (NN 16 bits); IPv4:NN, type 1 (NN 16 bits).
Result<std::array<uint8_t, 8>> ParseRouteDistinguisher(std::string_view text);
// The inverse for types 0, 1 and 2; other types as 0x and 16 hex digits
// (which the parser refuses: no configuration makes them).
std::string FormatRouteDistinguisher(const std::array<uint8_t, 8>& rd);

}  // namespace herald::grammar
