// IPv6 Address Specific Extended Communities (RFC 5701) and BGP Prefix-SIDs
// (RFC 8669, RFC 9252) as ExaBGP reports them: UPDATEs the 5.0 oracle sent
// over iBGP, captured by ExaBGP 5.0 and 4.2 receivers
// (tools/capture_pfxsid.py; each UPDATE once as packets, with its bytes, and
// once parsed). herald decodes the captured bytes, must print the parsed
// lines, and must encode the attributes back to the captured bytes.
#include <gtest/gtest.h>

#include <sstream>

#include "api/render.h"
#include "api/render_test_util.h"
#include "wire/prefix_sid.h"

namespace herald::api {
namespace {

using namespace testing;  // NOLINT

struct Captured {
  std::vector<Bytes> messages;     // the UPDATEs with routes, in order
  std::vector<std::string> json;   // the parsed line of each
  std::vector<std::string> text;   // the text lines (ExaBGP's text encoder)
};

Captured Read(std::string_view name) {
  Captured c;
  for (const std::string& line : ReadLines(name)) {
    if (line.find("\"header\": \"") != std::string::npos) {
      std::string header = std::regex_replace(line, std::regex(R"re(.*"header": "0x([0-9A-F]*)".*)re"), "$1");
      std::string body = std::regex_replace(line, std::regex(R"re(.*"body": "0x([0-9A-F]*)".*)re"), "$1");
      if (body.size() <= 8) continue;  // End-of-RIB
      auto bytes = FromHex(header + body);
      EXPECT_TRUE(bytes.has_value()) << line;
      c.messages.push_back(bytes.value_or(Bytes{}));
    } else if (line.find("\"update\": {") != std::string::npos) {
      c.json.push_back(line);
    } else if (line.find(" announced ") != std::string::npos) {
      c.text.push_back(line);
    }
  }
  return c;
}

wire::Negotiated Session() {
  wire::Negotiated n;
  n.local_as = n.peer_as = 65001;
  return n;
}

wire::Update Decode(const Bytes& message) {
  auto decoded = wire::DecodeMessage(message, Session());
  EXPECT_TRUE(decoded.ok());
  if (!decoded.ok()) return {};
  const auto* update = std::get_if<wire::Update>(&*decoded);
  EXPECT_NE(update, nullptr);
  return update ? *update : wire::Update{};
}

std::string Json(const std::string& line, const wire::Update& u, Style style) {
  NeighborInfo n = Neighbor("127.0.0.1", 65001, 1, style.format == Format::kExabgp4 ? "127.0.0.3" : "127.0.0.2",
                            65001, style.format == Format::kExabgp4 ? "127.0.0.3" : "127.0.0.2");
  auto r = AtCounter(MakeJsonRenderer, ParseEnvelope(line), n, style);
  std::string out;
  r->Update(n, Direction::kReceive, u, &out);
  return out;
}

// The `announced` line of the text output (the capture keeps only those).
std::string Text(const wire::Update& u, Style style) {
  NeighborInfo n = Neighbor("127.0.0.1", 65001, 1, "127.0.0.2", 65001, "127.0.0.2");
  auto r = MakeTextRenderer(Host{"vm", 1, 1, [] { return 0.0; }}, style);
  std::string out;
  r->Update(n, Direction::kReceive, u, &out);
  std::istringstream lines(out);
  std::string line, announced;
  while (std::getline(lines, line))
    if (line.find(" announced ") != std::string::npos) announced += line + "\n";
  return announced;
}

// ExaBGP 5.0 prints an SRv6 SID Information sub-TLV's SID and behavior as
// "%s" and %d (its format string is never filled in); herald prints them
// (doc/compat.md).
std::string FillSrv6(std::string line, std::string_view sid, std::string_view behavior) {
  line = Edit(line, "\"sid\": \"%s\"", "\"sid\": \"" + std::string(sid) + "\"");
  return Edit(line, "\"endpoint_behavior\": %d", "\"endpoint_behavior\": " + std::string(behavior));
}

void ExpectReencodes(const wire::Update& u, const Bytes& message) {
  Bytes again;
  std::vector<wire::InetNlri> nlri = ClassicNlri(u);
  ASSERT_TRUE(wire::EncodeAnnounce(wire::kIpv4Unicast, u.attrs, {}, nlri, Session(), &again));
  EXPECT_EQ(ToHex(again), ToHex(message));
}

TEST(RenderPrefixSid, Exabgp50CapturesDecodeRenderAndEncodeAsCaptured) {
  Captured c = Read("pfxsid_exabgp50.txt");
  ASSERT_EQ(c.messages.size(), 10u);
  ASSERT_EQ(c.json.size(), 10u);
  ASSERT_EQ(c.text.size(), 10u);
  const std::pair<const char*, const char*> srv6[] = {{"2001:db8::10", "65535"}, {"2001:db8::20", "19"},
                                                       {"2001:db8::30", "17"}};
  for (size_t i = 0; i < 10; ++i) {
    SCOPED_TRACE(c.json[i]);
    wire::Update u = Decode(c.messages[i]);
    std::string json = c.json[i];
    if (i >= 4 && i <= 6) json = FillSrv6(json, srv6[i - 4].first, srv6[i - 4].second);
    EXPECT_EQ(Json(c.json[i], u, Style{}), json + "\n");
    EXPECT_EQ(Text(u, Style{}), c.text[i] + "\n");
    ExpectReencodes(u, c.messages[i]);
  }
}

TEST(RenderPrefixSid, ReceivedIpv6ExtendedCommunitiesKeepTheirOrderAndPrintSorted) {
  Captured c = Read("pfxsid_exabgp50.txt");
  ASSERT_GE(c.messages.size(), 2u);
  wire::Update u = Decode(c.messages[1]);
  ASSERT_EQ(u.attrs.ipv6_extended_communities.size(), 3u);
  EXPECT_EQ(u.attrs.ipv6_extended_communities[0].bytes[1], 0x0C);  // as received
  EXPECT_EQ(u.attrs.ipv6_extended_communities[1].bytes[1], 0x02);
  EXPECT_EQ(u.attrs.ipv6_extended_communities[2].bytes[0], 0x80);
}

TEST(RenderPrefixSid, DecodedTlvsReadBack) {
  Captured c = Read("pfxsid_exabgp50.txt");
  ASSERT_EQ(c.messages.size(), 10u);
  wire::Update u = Decode(c.messages[3]);
  ASSERT_TRUE(u.attrs.prefix_sid.has_value());
  ASSERT_EQ(u.attrs.prefix_sid->size(), 2u);
  EXPECT_EQ(wire::LabelIndexOf((*u.attrs.prefix_sid)[0]), 300u);
  EXPECT_EQ(wire::SrgbsOf((*u.attrs.prefix_sid)[1]),
            (std::vector<wire::Srgb>{{800000, 4096}, {1000000, 5000}}));
  u = Decode(c.messages[5]);
  ASSERT_TRUE(u.attrs.prefix_sid.has_value());
  ASSERT_EQ(u.attrs.prefix_sid->size(), 1u);
  auto subs = wire::Srv6SubTlvsOf((*u.attrs.prefix_sid)[0]);
  ASSERT_EQ(subs.size(), 1u);
  ASSERT_TRUE(subs[0].information.has_value());
  EXPECT_EQ(subs[0].information->behavior, 0x13);
  EXPECT_EQ(subs[0].information->structure, (wire::SidStructure{64, 24, 16, 0, 16, 64}));
}

TEST(RenderPrefixSid, Exabgp42CapturesRenderInThe4xFormat) {
  Captured c = Read("pfxsid_exabgp42.txt");
  ASSERT_EQ(c.messages.size(), 3u);
  ASSERT_EQ(c.json.size(), 3u);
  ASSERT_EQ(c.text.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(c.json[i]);
    wire::Update u = Decode(c.messages[i]);
    EXPECT_EQ(Json(c.json[i], u, Style{Format::kExabgp4}), c.json[i] + "\n");
    EXPECT_EQ(Text(u, Style{Format::kExabgp4}), c.text[i] + "\n");
  }
}

}  // namespace
}  // namespace herald::api
