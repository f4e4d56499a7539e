// AIGP (RFC 7311) as ExaBGP reports it: UPDATEs the 5.0 oracle sent over
// iBGP, captured by ExaBGP 5.0 and 4.2 receivers configured with
// `capability { aigp enable; }` (tools/capture_aigp.py; each UPDATE once as
// packets, with its bytes, and once parsed). herald decodes the captured
// bytes and must print the parsed lines: 5.0's JSON and text, and in the 4.x
// format 4.2's, which never shows AIGP.
#include <gtest/gtest.h>

#include <sstream>

#include "api/render.h"
#include "api/render_test_util.h"

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

wire::Negotiated Session(bool aigp) {
  wire::Negotiated n;
  n.local_as = n.peer_as = 65001;
  n.aigp = aigp;
  return n;
}

wire::Update Decode(const Bytes& message, bool aigp) {
  auto decoded = wire::DecodeMessage(message, Session(aigp));
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

// The `announced` line of the text output (the capture keeps only those; the
// `update start` and `update end` lines around it carry nothing of AIGP).
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

TEST(RenderAigp, Exabgp50CapturesDecodeAndRenderAsCaptured) {
  Captured c = Read("aigp_exabgp50.txt");
  ASSERT_EQ(c.messages.size(), 3u);
  ASSERT_EQ(c.json.size(), 3u);
  ASSERT_EQ(c.text.size(), 3u);
  const uint64_t metrics[] = {100, 0x123456789abcdef0, UINT64_MAX};
  for (size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(c.json[i]);
    wire::Update u = Decode(c.messages[i], /*aigp=*/true);
    ASSERT_TRUE(u.attrs.aigp.has_value());
    EXPECT_EQ(*u.attrs.aigp, metrics[i]);
    EXPECT_EQ(Json(c.json[i], u, Style{}), c.json[i] + "\n");
    EXPECT_EQ(Text(u, Style{}), c.text[i] + "\n");
    // Re-encoded, the attributes are the captured bytes again.
    Bytes again;
    std::vector<wire::InetNlri> nlri = ClassicNlri(u);
    ASSERT_TRUE(wire::EncodeAnnounce(wire::kIpv4Unicast, u.attrs, {}, nlri, Session(true), &again));
    EXPECT_EQ(ToHex(again), ToHex(c.messages[i]));
  }
}

TEST(RenderAigp, WithoutAigpSessionTheAttributeIsIgnored) {
  // RFC 7311 §3: as an unrecognized non-transitive attribute, so the line is
  // the captured one without "aigp".
  Captured c = Read("aigp_exabgp50.txt");
  ASSERT_EQ(c.messages.size(), 3u);
  wire::Update u = Decode(c.messages[0], /*aigp=*/false);
  EXPECT_FALSE(u.attrs.aigp.has_value());
  EXPECT_TRUE(u.attrs.unknown.empty());
  EXPECT_EQ(Json(c.json[0], u, Style{}), Edit(c.json[0], ", \"aigp\": \"0x0000000000000064\"", "") + "\n");
}

TEST(RenderAigp, Exabgp42NeverShowsIt) {
  Captured c = Read("aigp_exabgp42.txt");
  ASSERT_EQ(c.messages.size(), 3u);
  ASSERT_EQ(c.json.size(), 3u);
  ASSERT_EQ(c.text.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(c.json[i]);
    EXPECT_EQ(c.json[i].find("aigp"), std::string::npos);
    wire::Update u = Decode(c.messages[i], /*aigp=*/true);
    ASSERT_TRUE(u.attrs.aigp.has_value());
    EXPECT_EQ(Json(c.json[i], u, Style{Format::kExabgp4}), c.json[i] + "\n");
    EXPECT_EQ(Text(u, Style{Format::kExabgp4}), c.text[i] + "\n");
  }
}

}  // namespace
}  // namespace herald::api
