// Internal to wire/: MP_REACH_NLRI and MP_UNREACH_NLRI (RFC 4760 §3, §4),
// coded through the family registry (family_codec.h).
#pragma once

#include <optional>
#include <vector>

#include "base/bytes.h"
#include "wire/error.h"
#include "wire/negotiated.h"
#include "wire/update.h"

namespace herald::wire::internal {

// Decodes an attribute value, appending its family's list to *out. A family
// herald does not support, or that was not negotiated, appends nothing, is
// added to *skipped, and is not an error (RFC 4760 §7 lets the receiver
// ignore it). A malformed value of a supported family is fatal (RFC 7606
// §7.11): 3/9 for the structure and next hop, 3/10 for the NLRI; but an
// NLRI of a generic family that can be skipped (a FlowSpec rule herald
// cannot read, RFC 8955 §4.2) is left out and recorded in *soft
// (treat-as-withdraw).
std::optional<WireError> DecodeMpReach(ByteSpan value, const Negotiated& negotiated, std::vector<Reach>* out,
                                       std::vector<Family>* skipped, std::optional<WireError>* soft);
std::optional<WireError> DecodeMpUnreach(ByteSpan value, const Negotiated& negotiated, std::vector<Unreach>* out,
                                         std::vector<Family>* skipped, std::optional<WireError>* soft);

// The size of the attribute value (not the header) for this next hop and
// NLRI bytes; 0 if the next hop is not valid for the family or the family
// is not in the registry.
size_t MpReachValueSize(Family family, const MpNextHop& next_hop, size_t nlri_bytes);

// Writes the header and the fields before the NLRI; the caller then writes
// exactly nlri_bytes of NLRI. Fails the writer for an unsupported family or
// next hop.
void BeginMpReach(ByteWriter& w, Family family, const MpNextHop& next_hop, size_t nlri_bytes);
void BeginMpUnreach(ByteWriter& w, Family family, size_t nlri_bytes);

// Whole attributes, header included.
void EncodeMpReach(ByteWriter& w, const Reach& reach);
void EncodeMpUnreach(ByteWriter& w, const Unreach& unreach);

}  // namespace herald::wire::internal
