// `packets` against what ExaBGP printed for it: testdata/packets_exabgp50.*
// (5.0.13) and packets_exabgp42.* (4.2), captured by
// tools/capture_api_packets.py in three api modes: `packets;` alone (the
// bytes: "category"/"header"/"body"), `parsed; packets;` (the bytes, then
// the parsed message) and `consolidate; packets;` (the parsed message with
// its "header" and "body"). Each captured line is rendered again from the
// bytes it shows and compared byte for byte.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>

#include "api/render.h"
#include "api/render_test_util.h"
#include "base/hex.h"

namespace herald::api {
namespace {

using namespace testing;  // NOLINT

// The lines of a capture, by "# mode M" section (other "# " lines dropped).
std::map<std::string, std::vector<std::string>> Modes(const std::string& name) {
  std::ifstream in(std::string(HERALD_SOURCE_DIR) + "/src/api/testdata/" + name);
  EXPECT_TRUE(in.good()) << "missing testdata " << name;
  std::map<std::string, std::vector<std::string>> modes;
  std::string mode, line;
  while (std::getline(in, line)) {
    if (line.rfind("# mode ", 0) == 0) {
      mode = line.substr(7);
      continue;
    }
    if (line.rfind("# ", 0) == 0) continue;
    modes[mode].push_back(line);
  }
  return modes;
}

// header and body, from `"header": "0x.."` / `header 0x..` and the body after it.
Bytes RawOf(const std::string& text) {
  static const std::regex kRe(R"re("?header"?:? "?0x([0-9A-F]*)"?(?:,? "?body"?:? "?0x([0-9A-F]*))?)re");
  std::smatch m;
  if (!std::regex_search(text, m, kRe)) return {};
  return FromHex(m[1].str() + m[2].str()).value_or(Bytes{});
}

wire::Negotiated Session() {
  wire::Negotiated negotiated;
  negotiated.local_as = 65001;
  negotiated.peer_as = 65002;
  negotiated.route_refresh = true;
  return negotiated;
}

// The parsed message of `raw`, rendered by r.
void RenderParsed(Renderer& r, const NeighborInfo& n, Direction d, ByteSpan raw, ByteSpan shown,
                  std::string* out) {
  auto m = wire::DecodeMessage(raw, Session());
  ASSERT_TRUE(m.ok()) << m.error().what;
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, wire::Open>) r.Open(n, d, v, out, shown);
        if constexpr (std::is_same_v<T, wire::Update>) r.Update(n, d, v, out, nullptr, shown);
        if constexpr (std::is_same_v<T, wire::Keepalive>) r.Keepalive(n, d, out, shown);
        if constexpr (std::is_same_v<T, wire::Notification>) r.Notification(n, d, v, out, shown);
        if constexpr (std::is_same_v<T, wire::RouteRefresh>) r.Refresh(n, d, v, out, shown);
      },
      *m);
}

// ExaBGP shows its own OPEN's capabilities from its configuration, not from
// the bytes (named keys, an FQDN entry it did not send): herald renders
// what went over the wire. Those lines are compared from "header" up to
// "open", which is what `packets` adds.
bool OwnOpen(const std::string& line, Direction d) {
  return d == Direction::kSend && (line.find("\"type\": \"open\"") != std::string::npos ||
                                   line.find(" send open ") != std::string::npos);
}

std::string UpTo(const std::string& s, std::string_view needle) {
  size_t at = s.find(needle);
  return at == std::string::npos ? s : s.substr(0, at);
}

void ExpectJson(const std::string& file, const NeighborInfo& n, Style style) {
  SCOPED_TRACE(file);
  auto modes = Modes(file);
  ASSERT_EQ(modes.size(), 3u);
  int checked = 0;
  for (const auto& [mode, lines] : modes) {
    SCOPED_TRACE(mode);
    Bytes last;  // the bytes of the packets line a parsed line follows
    for (const std::string& line : lines) {
      if (line.find("\"notification\": \"shutdown\"") != std::string::npos) continue;
      SCOPED_TRACE(line);
      Direction d = line.find("\"direction\": \"send\"") != std::string::npos ? Direction::kSend
                                                                              : Direction::kReceive;
      auto r = AtCounter(MakeJsonRenderer, ParseEnvelope(line), n, style);
      std::string out;
      bool packet = line.find("\"category\": ") != std::string::npos;
      if (packet) {
        last = RawOf(line);
        ASSERT_GE(last.size(), wire::kHeaderSize);
        r->Packet(n, d, last, &out);
        EXPECT_EQ(out, line + "\n");
      } else if (mode == "consolidate") {
        Bytes raw = RawOf(line);
        ASSERT_GE(raw.size(), wire::kHeaderSize);
        RenderParsed(*r, n, d, raw, raw, &out);
        if (OwnOpen(line, d))
          EXPECT_EQ(UpTo(out, "\"open\": "), UpTo(line, "\"open\": "));
        else
          EXPECT_EQ(out, line + "\n");
      } else {
        ASSERT_FALSE(last.empty());
        RenderParsed(*r, n, d, last, {}, &out);
        if (OwnOpen(line, d))
          EXPECT_EQ(UpTo(out, "\"open\": "), UpTo(line, "\"open\": "));
        else
          EXPECT_EQ(out, line + "\n");
      }
      ++checked;
    }
  }
  EXPECT_GE(checked, 20);
}

void ExpectText(const std::string& file, const NeighborInfo& n, Style style) {
  SCOPED_TRACE(file);
  auto modes = Modes(file);
  ASSERT_EQ(modes.size(), 3u);
  int checked = 0;
  for (const auto& [mode, lines] : modes) {
    SCOPED_TRACE(mode);
    Bytes last;
    for (const std::string& block : TextBlocks(lines)) {
      if (block.rfind("shutdown ", 0) == 0) continue;
      SCOPED_TRACE(block);
      Direction d = block.find(" send ") != std::string::npos ? Direction::kSend : Direction::kReceive;
      auto r = MakeTextRenderer(Host{"h", 1, 2, nullptr}, style);
      std::string out;
      static const std::regex kPacket(R"(^neighbor \S+ \w+ \d+ header )");
      if (std::regex_search(block, kPacket)) {
        last = RawOf(block);
        r->Packet(n, d, last, &out);
        EXPECT_EQ(out, block);
      } else {
        Bytes raw = mode == "consolidate" ? RawOf(block) : last;
        ASSERT_GE(raw.size(), wire::kHeaderSize);
        RenderParsed(*r, n, d, raw, mode == "consolidate" ? ByteSpan(raw) : ByteSpan(), &out);
        if (OwnOpen(block, d) && mode == "consolidate")
          EXPECT_EQ(out.substr(std::min(out.size(), out.find(" header "))), block.substr(block.find(" header ")));
        else if (OwnOpen(block, d))
          EXPECT_EQ(UpTo(out, " capabilities ["), UpTo(block, " capabilities ["));
        else
          EXPECT_EQ(out, block);
      }
      ++checked;
    }
  }
  EXPECT_GE(checked, 20);
}

TEST(RenderPackets, AsExabgp50PrintsThem) {
  NeighborInfo n = Neighbor("127.0.0.2", 65002, 1, "127.0.0.1", 65001, "10.0.0.1");
  ExpectJson("packets_exabgp50.json", n, Style{});
  ExpectText("packets_exabgp50.txt", n, Style{});
}

TEST(RenderPackets, AsExabgp42PrintsThem) {
  NeighborInfo n = Neighbor("127.0.0.2", 65002, 1, "127.0.0.3", 65001, "10.0.0.1");
  ExpectJson("packets_exabgp42.json", n, Style{Format::kExabgp4});
  ExpectText("packets_exabgp42.txt", n, Style{Format::kExabgp4});
}

// The message names ExaBGP gives the "type" of a packets line; a
// ROUTE-REFRESH is "route-refresh" there (parsed: "refresh"), and the
// negotiated object follows "message" when asked.
TEST(RenderPackets, TypesAndNegotiated) {
  auto r = MakeJsonRenderer(Host{"h", 1, 2, [] { return 1.0; }});
  NeighborInfo n = Neighbor("127.0.0.2", 65002, 1);
  Bytes refresh = FromHex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00170500010001").value();
  NegotiatedView v;
  v.hold_time = 90;
  v.asn4 = true;
  v.families = {wire::kIpv4Unicast};
  std::string out;
  r->Packet(n, Direction::kReceive, refresh, &out, &v);
  EXPECT_NE(out.find(R"("type": "route-refresh", )"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("message": { "category": 5, "header": "0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001705", )"
                     R"("body": "0x00010001" } , "negotiated": { "message_size": 4096, "hold_time": 90, )"),
            std::string::npos)
      << out;
  EXPECT_EQ(out.substr(out.size() - 7), "}  } }\n") << out;
  out.clear();
  Bytes unknown = FromHex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001309").value();
  r->Packet(n, Direction::kReceive, unknown, &out);
  EXPECT_NE(out.find(R"("type": "unknown", )"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("category": 9, "header": "0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001309", "body": "0x" })"),
            std::string::npos)
      << out;
}

}  // namespace
}  // namespace herald::api
