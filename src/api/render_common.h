// Pieces shared by the JSON and text renderers (render_json.cc,
// render_text.cc): number and string appenders, ExaBGP's names for families,
// communities and extended communities, NOTIFICATION data as ExaBGP shows
// it, and End-of-RIB detection.
//
// Everything appends to a caller's std::string and allocates nothing of its
// own, because these run once per route on the hot path. Names and spellings
// are ExaBGP's (the behaviour oracle): where ExaBGP prints something odd, the
// function says so and prints the same, so that consumers matching strings
// keep working.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "api/render.h"
#include "base/bytes.h"
#include "wire/family.h"
#include "wire/notification.h"
#include "wire/update.h"

namespace herald::api::render {

// Decimal, as Python's '%d'.
void AppendUint(std::string* out, uint64_t value);

// Python's repr() of a float (the shortest text that reads back to the same
// double), e.g. 1795317138.3506122, 1795317138.0, 1e+16.
void AppendPythonFloat(std::string* out, double value);

// "0x" then two upper-case hex digits per byte (ExaBGP's hexstring()); an
// empty span gives "0x".
void AppendHexString(std::string* out, ByteSpan bytes);
// Upper-case hex digits with no prefix.
void AppendHexUpper(std::string* out, ByteSpan bytes);
// "0x" then lower-case hex digits (how ExaBGP prints a generic attribute).
void AppendHexLower0x(std::string* out, ByteSpan bytes);

// The body of a JSON string: '"' and '\' escaped, control characters as
// \u00XX, well-formed UTF-8 copied as it is and every other byte (peer-given
// text may be anything) replaced by U+FFFD, so the output is always valid
// UTF-8 JSON.
void AppendJsonEscaped(std::string* out, std::string_view text);
// Text for the text encoder's one-line messages: control characters and DEL
// become spaces (a peer's text must not break the line framing), bytes that
// are not well-formed UTF-8 become U+FFFD.
void AppendTextSafe(std::string* out, std::string_view text);
// A JSON string body as Python's json.dumps writes it (ensure_ascii):
// short escapes for \b \f \n \r \t, other control characters and DEL
// and every non-ASCII code point as \uXXXX (past U+FFFF a surrogate pair);
// bytes that are not UTF-8 become \ufffd (Python's 'replace').
void AppendJsonAscii(std::string* out, std::string_view text);

// Whether bytes are well-formed UTF-8 as Python's strict decoder sees it
// (no overlong forms, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(ByteSpan bytes);

// ExaBGP's names: "ipv4", "ipv6", "l2vpn", "bgp-ls", "undefined" (0), and
// for the rest "unknown-afi-0xN" (5.0) or "unknown-afi-0x0xN" (4.x, sic:
// 4.2 prefixes Python's hex() with a second "0x").
void AppendAfi(std::string* out, uint16_t afi, Format format);
// "unicast", "multicast", "nlri-mpls", "vpls", "evpn", "bgp-ls",
// "bgp-ls-vpn", "mpls-vpn", "rtc", "flow", "flow-vpn", else "unknown safi N".
void AppendSafi(std::string* out, uint8_t safi);
// afi, separator, safi: "ipv4 unicast" (sep ' ') or "ipv4/unicast" (sep '/').
void AppendFamily(std::string* out, wire::Family family, char sep, Format format);

// A route distinguisher (RFC 4364 §4.2; 8 bytes as on the wire) as ExaBGP
// prints it, for FlowSpec VPN and MPLS VPN alike: type 0 "65001:7" (2-byte
// AS : 4-byte number), type 1 "192.0.2.1:9" (IPv4 address : 2-byte number),
// type 2 "4200000001:9" (4-byte AS : 2-byte number), any other type its
// bytes "0x..." (AppendHexString).
void AppendRd(std::string* out, const std::array<uint8_t, 8>& rd);

// RFC 1997 community as ExaBGP's text shows it: "65001:1", or the name of a
// well-known one ("no-export", "no-advertise", "no-export-subconfed",
// "no-peer", "blackhole").
void AppendCommunity(std::string* out, uint32_t community);

// RFC 4360 extended community as ExaBGP 4.2 names it ("target:65001:7",
// "origin:...", "redirect:...", "encap:VXLAN", ...). Returns false, and
// appends nothing, for the kinds ExaBGP has no name for: the JSON then shows
// "string": "" and the text 0x%016X (AppendExtendedCommunityText).
// ExaBGP 5.0 writes a 4-octet AS route target, origin or RT-record as
// "target:4200000001:9"; 4.x (`as4_suffix`) as "target:4200000001L:9".
// A 4-octet AS redirect (0x8208) is its hex in 5.0, "redirect:AS:N" in 4.x.
bool AppendExtendedCommunityName(std::string* out, uint64_t community, bool as4_suffix = false);
// The text encoder's form: the name, or "0x" and 16 upper-case hex digits.
void AppendExtendedCommunityText(std::string* out, uint64_t community, bool as4_suffix = false);

// The integer the JSON "value" field shows. It is the community itself,
// except for MAC mobility, which ExaBGP re-encodes from its fields (dropping
// the transitive bit, the reserved octet and unknown flags) before showing it.
uint64_t ExtendedCommunityJsonValue(uint64_t community);

// "65001:2:3"
void AppendLargeCommunity(std::string* out, const wire::LargeCommunity& community);

// The NOTIFICATION data field as ExaBGP prints it (both encoders), "0x..." in
// upper-case hex. Received Cease 2/4 data is first turned into ExaBGP's
// reading of the RFC 9003 shutdown communication ('Shutdown Communication:
// "reason"', or a sentence saying why it is invalid) and that text is what
// gets hex-encoded, as ExaBGP does. Sent notifications show the raw data.
void AppendNotificationData(std::string* out, const wire::Notification& notification, Direction d);
// ExaBGP 5.0's "message": the data as text (a received shutdown
// communication: its text), escaped as Python's json.dumps escapes.
void AppendNotificationMessage(std::string* out, const wire::Notification& notification, Direction d);

// The family an UPDATE marks the End-of-RIB of, following ExaBGP's reading:
// no routes and no attributes it would keep (see HasAttributes); the family is that of an (empty)
// MP_UNREACH_NLRI, else of an (empty) MP_REACH_NLRI, else IPv4 unicast. Not
// an End-of-RIB when the decoder skipped an MP attribute (Update::skipped)
// and nothing else is left.
std::optional<wire::Family> EndOfRibFamily(const wire::Update& update);

// "receive" / "send"
std::string_view DirectionName(Direction d);

// ExaBGP's long name of a message type ("open", "update", "notification",
// "keepalive", "route-refresh", "operational"; "unknown" for the rest), the
// "type" of a `packets` message.
std::string_view MessageTypeName(uint8_t type);

}  // namespace herald::api::render
