// The round trip the wire targets check on whatever decodes: encode the
// decoded value, decode the bytes again, and the value must be the same;
// encoding that value again must give the same bytes (the codec is
// canonical from the first encoding on).
#pragma once

#include "wire/message.h"

namespace herald::fuzz {

// What a second decode cannot give back: `skipped` families (MP attributes of
// families not negotiated are not re-encoded) and the soft error (what was
// wrong has been dropped or turned into withdrawals by the first decode), and
// the Partial and Extended Length flags of unknown attributes.
wire::Update Comparable(wire::Update u);
wire::PathAttributes Comparable(wire::PathAttributes a);

// What a second decode gives back of attributes a first decode gave (Comparable too). On a 2-byte
// AS session, an AGGREGATOR with a 2-byte AS other than AS_TRANS is sent as
// it is, and RFC 6793 §4.2.3 then makes the receiver ignore AS4_PATH (an
// AGGREGATOR that is not AS_TRANS tells it that an old speaker aggregated
// after AS4_PATH was made): the path comes back with AS_TRANS for every AS
// that needs 4 bytes. RFC 6793 leaves no way to say both; herald, like BIRD,
// keeps the real aggregator.
wire::PathAttributes Expected(const wire::PathAttributes& attrs, const wire::Negotiated& negotiated);

// Checks the round trip of one decoded message (aborts on a mismatch).
void CheckRoundTrip(const wire::Message& message, const wire::Negotiated& negotiated);

}  // namespace herald::fuzz
