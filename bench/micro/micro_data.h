// Inputs shared by the micro-benchmarks: the routes and attributes a
// health-check feed or a full-table peer typically carries.
#pragma once

#include <string>
#include <vector>

#include "wire/attributes.h"
#include "wire/negotiated.h"
#include "wire/nlri.h"

namespace herald::bench {

// `count` consecutive IPv4 prefixes of `length` bits from 10.0.0.0.
std::vector<wire::InetNlri> Ipv4Prefixes(size_t count, int length);

// ORIGIN IGP, AS_PATH [65001 65010 65020], NEXT_HOP 192.0.2.1, MED 100,
// two communities and a large community: a typical attribute set.
wire::PathAttributes TypicalAttributes();

// An eBGP session, IPv4 and IPv6 unicast, with or without RFC 8654
// extended messages.
wire::Negotiated Session(bool extended);

}  // namespace herald::bench
