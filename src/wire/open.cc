#include "wire/open.h"

namespace herald::wire {
namespace {

constexpr uint8_t kCapabilitiesParameter = 2;  // RFC 5492 §4
constexpr uint8_t kExtendedParameters = 255;   // RFC 9072 §2
constexpr size_t kOpenFixedBody = 10;          // version .. optional parameters length

WireError Unspecific(std::string what) {
  return WireError{static_cast<uint8_t>(ErrorCode::kOpenMessage), 0, {}, ErrorAction::kSessionReset,
                   "OPEN: " + std::move(what)};
}

// Decodes the capabilities of one optional parameter of type 2.
std::optional<WireError> DecodeCapabilities(ByteReader& param, std::vector<Capability>* out) {
  while (!param.empty()) {
    uint8_t code = 0, length = 0;
    ByteReader value;
    // A capability header or value that runs past its parameter: the
    // parameter lengths do not add up, 2/0.
    if (!param.ReadU8(&code) || !param.ReadU8(&length) || !param.Sub(length, &value))
      return Unspecific("capability runs past the end of its optional parameter");
    auto cap = Capability::Decode(code, value);
    if (!cap) return std::move(cap).error();
    out->push_back(std::move(*cap));
  }
  return std::nullopt;
}

}  // namespace

uint32_t Open::asn() const {
  if (auto a = as4()) return *a;
  return my_as;
}

std::optional<uint32_t> Open::as4() const {
  if (const As4Cap* c = find<As4Cap>()) return c->asn;
  return std::nullopt;
}

std::vector<Family> Open::families() const {
  std::vector<Family> out;
  for (const Capability& c : capabilities)
    if (auto* m = std::get_if<MultiprotocolCap>(&c.value)) out.push_back(m->family);
  return out;
}

bool Open::has(CapabilityCode code) const {
  for (const Capability& c : capabilities)
    if (c.code == static_cast<uint8_t>(code)) return true;
  return false;
}

Result<Open, WireError> Open::Decode(ByteReader& body, const Negotiated& negotiated) {
  Open open;
  // RFC 4271 §4.2. The header check already guarantees 29 bytes; a body
  // shorter than the fixed fields means the message length is wrong for an
  // OPEN, so 1/2 with the message length as data.
  if (body.remaining() < kOpenFixedBody) {
    size_t length = 19 + body.remaining();
    return Fail(HeaderError(HeaderSubcode::kBadMessageLength, "OPEN: shorter than its fixed fields",
                            Bytes{static_cast<uint8_t>(length >> 8), static_cast<uint8_t>(length)}));
  }
  uint8_t params_length = 0;
  (void)body.ReadU8(&open.version);
  (void)body.ReadU16(&open.my_as);
  (void)body.ReadU16(&open.hold_time);
  (void)body.ReadU32(&open.bgp_id);
  (void)body.ReadU8(&params_length);

  // RFC 4271 §6.2, in the order the RFC lists the checks.
  if (open.version != 4)
    return Fail(OpenError(OpenSubcode::kUnsupportedVersion, "OPEN: unsupported version " +
                                                                std::to_string(open.version),
                          Bytes{0x00, 0x04}));
  // RFC 7607 §2: AS 0 in My Autonomous System (here) or in the 4-octet AS
  // capability (below) is Bad Peer AS.
  if (open.my_as == 0) return Fail(OpenError(OpenSubcode::kBadPeerAs, "OPEN: my AS is 0 (RFC 7607)"));
  if (open.hold_time == 1 || open.hold_time == 2)
    return Fail(OpenError(OpenSubcode::kUnacceptableHoldTime,
                          "OPEN: hold time " + std::to_string(open.hold_time)));
  if (open.bgp_id == 0) return Fail(OpenError(OpenSubcode::kBadBgpIdentifier, "OPEN: BGP identifier is 0"));

  // RFC 9072 §2: a length of 255 followed by a type of 255 announces
  // extended optional parameters with 2-byte lengths.
  bool extended = false;
  size_t total = params_length;
  uint8_t peek = 0;
  if (params_length == kExtendedParameters && body.PeekU8(&peek) && peek == kExtendedParameters) {
    uint16_t ext_length = 0;
    (void)body.Skip(1);
    if (!body.ReadU16(&ext_length)) return Fail(Unspecific("extended optional parameters length truncated"));
    extended = true;
    total = ext_length;
  }
  // The parameters must fill the rest of the message exactly. The RFC has no
  // subcode for this; 2/0 (unspecific) is what OpenBGPD's parse_open sends.
  if (total != body.remaining())
    return Fail(Unspecific("optional parameters length " + std::to_string(total) + " but " +
                           std::to_string(body.remaining()) + " bytes follow"));
  while (!body.empty()) {
    uint8_t type = 0;
    uint8_t len8 = 0;
    uint16_t len16 = 0;
    if (!body.ReadU8(&type) || !(extended ? body.ReadU16(&len16) : body.ReadU8(&len8)))
      return Fail(Unspecific("optional parameter header truncated"));
    ByteReader param;
    if (!body.Sub(extended ? len16 : len8, &param))
      return Fail(Unspecific("optional parameter runs past the end of the message"));
    // RFC 5492 §3 lets a speaker refuse parameters it does not know; herald
    // knows only capabilities.
    if (type != kCapabilitiesParameter)
      return Fail(OpenError(OpenSubcode::kUnsupportedOptionalParameter,
                            "OPEN: unsupported optional parameter " + std::to_string(type)));
    if (auto err = DecodeCapabilities(param, &open.capabilities)) return Fail(std::move(*err));
  }
  if (open.as4() == 0u)
    return Fail(OpenError(OpenSubcode::kBadPeerAs, "OPEN: AS 0 in the 4-octet AS capability (RFC 7607)"));
  return open;
}

void Open::Encode(ByteWriter& w, const Negotiated& negotiated) const {
  w.U8(version);
  w.U16(my_as);
  w.U16(hold_time);
  w.U32(bgp_id);
  // Each capability in its own parameter: 2 bytes of parameter header plus
  // 2 + value per capability. Measure first to choose the RFC 9072 form.
  Bytes params;
  ByteWriter pw(&params);
  for (const Capability& c : capabilities) c.Encode(pw);
  if (!pw.ok()) return w.Fail();
  // Capability encodings are self-delimiting: walk them to re-frame.
  size_t total = params.size() + 2 * capabilities.size();
  bool extended = total > 255;
  if (extended) {
    w.U8(kExtendedParameters);
    w.U8(kExtendedParameters);
    total = params.size() + 3 * capabilities.size();
    if (total > 0xFFFF) return w.Fail();
    w.U16(static_cast<uint16_t>(total));
  } else {
    w.U8(static_cast<uint8_t>(total));
  }
  size_t at = 0;
  for (size_t i = 0; i < capabilities.size(); ++i) {
    size_t cap_size = 2 + params[at + 1];
    w.U8(kCapabilitiesParameter);
    if (extended) w.U16(static_cast<uint16_t>(cap_size));
    else w.U8(static_cast<uint8_t>(cap_size));
    w.Append(params.data() + at, cap_size);
    at += cap_size;
  }
}

}  // namespace herald::wire
