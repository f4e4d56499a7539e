// What the fuzz targets share: a failed check that every fuzzer and the
// corpus replay test report the same way, and the decoding context a target
// takes from the first byte of its input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/bytes.h"
#include "wire/negotiated.h"

namespace herald::fuzz {

// Prints "fuzz check failed: what" (and `detail` if any) to stderr and aborts,
// so that libFuzzer keeps the input as a crash.
[[noreturn]] void CheckFailed(std::string_view what, std::string_view detail = {});

#define HERALD_FUZZ_CHECK(cond, detail)                                                        \
  do {                                                                                         \
    if (!(cond)) ::herald::fuzz::CheckFailed(#cond " (" __FILE__ ":" HERALD_FUZZ_STR(__LINE__) ")", \
                                             (detail));                                        \
  } while (0)
#define HERALD_FUZZ_STR2(x) #x
#define HERALD_FUZZ_STR(x) HERALD_FUZZ_STR2(x)

// The session an input is decoded in, from one byte:
//   bit 0  asn4                    bit 1  extended message
//   bit 2  route refresh           bit 3  enhanced route refresh, and
//                                         IPv6 next hops for the IPv4
//                                         families (RFC 8950)
//   bit 4  iBGP (local AS = peer AS; else 65001 and 65002)
//   bit 5  IPv6 unicast negotiated bit 6  IPv4 unicast not negotiated
//   bit 7  AIGP_SESSION (RFC 7311: AIGP accepted)
wire::Negotiated NegotiatedFromByte(uint8_t b);

// The first byte of an input as the session, the rest as `rest`. An empty
// input gives the default session and nothing else.
wire::Negotiated TakeNegotiated(const uint8_t* data, size_t size, ByteSpan* rest);

}  // namespace herald::fuzz

// Every target's body: `int FuzzX(const uint8_t* data, size_t size);`, called
// by libFuzzer through fuzz_main.cc and by the corpus replay test.
extern "C" {
int FuzzMessage(const uint8_t* data, size_t size);
int FuzzCapability(const uint8_t* data, size_t size);
int FuzzUpdate(const uint8_t* data, size_t size);
int FuzzRender(const uint8_t* data, size_t size);
int FuzzCommand(const uint8_t* data, size_t size);
int FuzzConfig(const uint8_t* data, size_t size);
int FuzzFsm(const uint8_t* data, size_t size);
int FuzzFlow(const uint8_t* data, size_t size);
int FuzzFlowmatch(const uint8_t* data, size_t size);
int FuzzLabeled(const uint8_t* data, size_t size);
}
