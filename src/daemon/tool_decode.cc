// `herald decode [-f "AFI SAFI"] [-o|-u|-n] HEX`: the JSON line a process
// would get for a BGP message, as ExaBGP 5.0's `exabgp decode` prints it.
//
// HEX may hold colons and spaces. A whole message (it starts with the
// 16-byte marker) may be an OPEN, UPDATE or NOTIFICATION; without the
// marker, the bytes are an UPDATE's body (5.0 reads no other type without
// its header). With -n they are only NLRI of the -f family (default ipv4
// unicast), printed one per line: `{ "nlri": ... }`, or for the families
// api/render_nlri.h shows (FlowSpec, multicast, nlri-mpls, mpls-vpn) the
// route's own JSON object, e.g. `{ "nlri": "10.0.0.0/24", "label": [ [100] ],
// "rd": "65001:7" }`. The session is 5.0's
// decode session: 127.0.0.1 to 127.0.0.1, AS 65533 on both sides (so
// iBGP), router-id 10.0.0.2, every family herald has, 4-octet ASNs.
//
// What 5.0 cannot decode prints "invalid payload" on stdout, as 5.0 does,
// and herald says why on stderr and exits 1 (5.0 exits 0); a family herald
// does not have yet is "not supported by herald yet".
#include <fmt/format.h>

#include <array>
#include <iostream>
#include <sstream>

#include "api/render_nlri.h"
#include "base/bytes.h"
#include "base/hex.h"
#include "daemon/tools.h"
#include "wire/family_codec.h"
#include "wire/message.h"

namespace herald::daemon {
namespace {

constexpr std::string_view kInvalid = "invalid payload\n";

std::optional<Bytes> Hex(std::string_view text) {
  std::string digits;
  for (char c : text)
    if (c != ':' && c != ' ' && c != '\t' && c != '\n') digits.push_back(c);
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) digits.erase(0, 2);
  if (digits.size() % 2) return std::nullopt;
  return FromHex(digits);
}

// Every family herald can decode, for the decode session.
std::vector<wire::Family> Families() {
  static constexpr wire::Afi kAfis[] = {wire::Afi::kIpv4, wire::Afi::kIpv6, wire::Afi::kL2vpn,
                                        wire::Afi::kBgpLs};
  std::vector<wire::Family> out;
  for (wire::Afi afi : kAfis)
    for (int safi = 1; safi < 256; ++safi) {
      wire::Family f{afi, static_cast<wire::Safi>(safi)};
      if (wire::internal::FindFamily(f)) out.push_back(f);
    }
  return out;
}

std::optional<wire::Family> ParseFamily(std::string_view name) {
  std::istringstream words{std::string(name)};
  std::string afi, safi, extra;
  if (!(words >> afi >> safi) || (words >> extra)) return std::nullopt;
  return wire::Family::Parse(afi, safi);
}

// Whether -i gives the family's NLRI path identifiers: every family whose
// NLRI is a prefix, as 5.0's decode reads them; not FlowSpec's.
bool PathIdFamily(wire::Family f) { return !wire::IsNextHopOptional(f); }

// The decode session (5.0's; see the top of the file).
wire::Negotiated DecodeSession(bool path_information) {
  wire::Negotiated negotiated;
  negotiated.asn4 = true;
  negotiated.local_as = negotiated.peer_as = 65533;
  negotiated.extended_message = true;
  negotiated.route_refresh = true;
  // 5.0's decode neighbor has no `capability { aigp }`: AIGP is ignored, as
  // on a session configured with `aigp disable` (RFC 7311 §3).
  negotiated.aigp = false;
  negotiated.families = Families();
  if (path_information)
    for (wire::Family f : negotiated.families)
      if (PathIdFamily(f)) negotiated.add_path_receive.push_back(f);
  return negotiated;
}

// -n for a family whose routes are generic NLRI (FlowSpec, ...): each
// prints as its JSON object, one per line, as 5.0 prints them.
int GenericNlri(const Bytes& bytes, const wire::internal::FamilyCodec& codec, bool add_path, std::ostream& out,
                std::ostream& err) {
  ByteReader r(bytes);
  std::vector<wire::GenericNlri> nlri;
  std::optional<wire::WireError> soft;
  auto error = codec.decode_generic(r, add_path, &nlri, &soft);
  if (error || soft) {
    out << kInvalid;
    err << "herald decode: " << (error ? error->what : soft->what) << "\n";
    return 1;
  }
  std::string line;
  for (const wire::GenericNlri& n : nlri) {
    line.clear();
    api::render::AppendGenericJson(&line, codec.family, n, {}, api::Style{}, add_path);
    out << line << "\n";
  }
  return 0;
}

int Nlri(const Bytes& bytes, const DecodeOptions& options, std::ostream& out, std::ostream& err) {
  std::string name = options.family.empty() ? "ipv4 unicast" : options.family;
  auto family = ParseFamily(name);
  if (!family) {
    err << "herald decode: unknown family '" << name << "' (expected AFI SAFI, such as \"ipv4 unicast\")\n";
    return 1;
  }
  const auto* codec = wire::internal::FindFamily(*family);
  const bool add_path = options.path_information && PathIdFamily(*family);
  if (codec && codec->decode_generic && api::render::FindGenericRenderer(*family))
    return GenericNlri(bytes, *codec, add_path, out, err);
  if (!codec || !codec->decode_nlri) {
    err << "herald decode: family " << family->Name() << " is not supported by herald yet\n";
    return 1;
  }
  ByteReader r(bytes);
  std::vector<wire::InetNlri> nlri;
  if (auto error = codec->decode_nlri(r, add_path, &nlri)) {
    out << kInvalid;
    err << "herald decode: " << error->what << "\n";
    return 1;
  }
  for (const wire::InetNlri& n : nlri) {
    std::string line = "{ \"nlri\": \"";
    n.prefix.AppendTo(&line);
    if (add_path) {
      line += "\", \"path-information\": \"";
      IpAddress::V4(n.path_id).AppendTo(&line);
    }
    out << line << "\" }\n";
  }
  return 0;
}

}  // namespace

int RunDecode(const DecodeOptions& options, const api::Host& host, std::ostream& out,
              std::ostream& err) {
  auto bytes = Hex(options.payload);
  if (!bytes || bytes->empty()) {
    err << "herald decode: the BGP message must be a hexadecimal string; colons and spaces are "
           "ignored, for example:\n"
           "  001E0200000007900F0003000101\n"
           "  FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:001E:02:0000:0007:900F:0003:0001:01\n";
    return 1;
  }
  if (options.nlri) return Nlri(*bytes, options, out, err);

  static constexpr std::array<uint8_t, 16> kMarker = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                                      0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
  Bytes message;
  if (bytes->size() >= kMarker.size() && std::equal(kMarker.begin(), kMarker.end(), bytes->begin())) {
    message = std::move(*bytes);
  } else if (options.open) {
    out << kInvalid;
    err << "herald decode: an OPEN must be given with its 19-byte header\n";
    return 1;
  } else {
    // An UPDATE's body: give it its header.
    size_t length = wire::kHeaderSize + bytes->size();
    if (length > wire::kMaxExtendedMessageSize) {
      out << kInvalid;
      err << "herald decode: the message is too long\n";
      return 1;
    }
    message.assign(kMarker.begin(), kMarker.end());
    message.push_back(static_cast<uint8_t>(length >> 8));
    message.push_back(static_cast<uint8_t>(length));
    message.push_back(static_cast<uint8_t>(wire::MessageType::kUpdate));
    message.insert(message.end(), bytes->begin(), bytes->end());
  }
  if (message.size() >= wire::kHeaderSize) {
    uint8_t type = message[18];
    if (type == static_cast<uint8_t>(wire::MessageType::kKeepalive) ||
        type == static_cast<uint8_t>(wire::MessageType::kRouteRefresh) ||
        type == static_cast<uint8_t>(wire::MessageType::kOperational)) {
      out << fmt::format("unknown type {}\n", type) << kInvalid;
      err << "herald decode: only OPEN, UPDATE and NOTIFICATION messages are decoded\n";
      return 1;
    }
  }

  auto decoded = wire::DecodeMessage(message, DecodeSession(options.path_information));
  if (!decoded) {
    out << kInvalid;
    err << "herald decode: " << decoded.error().what << "\n";
    return 1;
  }

  api::NeighborInfo n;
  n.id = 1;
  n.local_address = n.peer_address = *IpAddress::Parse("127.0.0.1");
  n.local_as = n.peer_as = 65533;
  n.router_id = *IpAddress::Parse("10.0.0.2");
  auto renderer = api::MakeJsonRenderer(host);
  const auto d = api::Direction::kReceive;
  std::string line;
  if (const auto* open = std::get_if<wire::Open>(&*decoded)) {
    renderer->Open(n, d, *open, &line);
  } else if (const auto* update = std::get_if<wire::Update>(&*decoded)) {
    if (!update->skipped.empty()) {
      err << "herald decode: family " << update->skipped.front().Name()
          << " is not supported by herald yet\n";
      return 1;
    }
    renderer->Update(n, d, *update, &line);
  } else if (const auto* notification = std::get_if<wire::Notification>(&*decoded)) {
    renderer->Notification(n, d, *notification, &line);
  }
  // A process is told "receive"; 5.0's decode says "in".
  constexpr std::string_view kReceive = "\"direction\": \"receive\"";
  if (size_t at = line.find(kReceive); at != std::string::npos)
    line.replace(at, kReceive.size(), "\"direction\": \"in\"");
  out << line;
  return 0;
}

}  // namespace herald::daemon
