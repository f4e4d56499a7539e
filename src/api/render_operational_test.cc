// OPERATIONAL reports against what ExaBGP 5.0 and 4.2's own encoders print
// for the same bytes (src/wire/testdata/operational_exabgp{50,42}.txt, made
// by tools/capture_operational.py).
#include "api/render_operational.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "api/render.h"
#include "api/render_test_util.h"

namespace herald::api {
namespace {

using testing::AtCounter;
using testing::ParseEnvelope;

struct Case {
  std::string body;
  std::vector<std::pair<std::string, std::string>>
      lines;  // kind ("json", "text-packets", ...), line
};

std::vector<Case> Load(const std::string& name) {
  std::ifstream in(std::string(HERALD_SOURCE_DIR) + "/src/wire/testdata/" + name);
  EXPECT_TRUE(in.good()) << name;
  std::vector<Case> cases;
  std::string line;
  while (std::getline(in, line)) {
    std::string word = line.substr(0, line.find(' '));
    std::string rest = line.size() > word.size() ? line.substr(word.size() + 1) : "";
    if (word == "body")
      cases.push_back({rest, {}});
    else if (word.starts_with("json") || word.starts_with("text"))
      cases.back().lines.push_back({word, rest});
  }
  return cases;
}

Bytes Message(const Bytes& body) {
  Bytes m(16, 0xFF);
  m.push_back(static_cast<uint8_t>((19 + body.size()) >> 8));
  m.push_back(static_cast<uint8_t>(19 + body.size()));
  m.push_back(6);
  m.insert(m.end(), body.begin(), body.end());
  return m;
}

// The receiving side of the capture: 127.0.0.1 (AS 65001, router id
// 10.0.0.1) hears from 127.0.0.2 (AS 65002).
NeighborInfo Neighbor() {
  return testing::Neighbor("127.0.0.2", 65002, 1, "127.0.0.1", 65001, "10.0.0.1");
}

// Renders every reported body and compares with the captured lines;
// returns how many lines were compared.
size_t Compare(const std::string& name, Format format,
               const std::function<std::string(std::string)>& expect) {
  size_t compared = 0;
  for (const Case& c : Load(name)) {
    auto body = FromHex(c.body);
    EXPECT_TRUE(body.has_value());
    if (!body) continue;
    ByteReader r(*body);
    auto m = wire::Operational::Decode(r, wire::Negotiated{});
    if (!m.ok()) continue;
    Bytes raw = Message(*body);
    for (const auto& [kind, line] : c.lines) {
      SCOPED_TRACE(name + ": " + kind + " of " + c.body);
      if (line.starts_with("FAILS")) continue;  // ExaBGP's encoder raised (doc/compat.md)
      bool packets = kind.ends_with("-packets");
      ByteSpan bytes = packets ? ByteSpan(raw) : ByteSpan{};
      std::string out;
      if (kind.starts_with("json")) {
        auto e = ParseEnvelope(line);
        auto renderer = AtCounter([](Host h, Style s) { return MakeJsonRenderer(std::move(h), s); },
                                  e, Neighbor(), Style{format, false});
        renderer->Operational(Neighbor(), Direction::kReceive, *m, &out, bytes);
      } else {
        auto renderer = MakeTextRenderer(Host{}, Style{format, false});
        renderer->Operational(Neighbor(), Direction::kReceive, *m, &out, bytes);
      }
      EXPECT_EQ(out, expect(line) + "\n");
      ++compared;
    }
  }
  return compared;
}

TEST(RenderOperationalTest, MatchesExabgp50) {
  EXPECT_GT(Compare("operational_exabgp50.txt", Format::kExabgp5, [](std::string l) { return l; }),
            40u);
}

// 4.2 quotes name, afi and safi twice (""RPCP""), which is not JSON: herald
// quotes them once. 4.2 cannot decode an advisory (it calls encode() on
// bytes) and its text encoder fails on sequence 0: nothing to compare there.
TEST(RenderOperationalTest, MatchesExabgp42) {
  static const std::regex kDoubled(R"re(""([^"]*)"")re");
  EXPECT_GT(Compare("operational_exabgp42.txt", Format::kExabgp4,
                    [](std::string l) { return std::regex_replace(l, kDoubled, "\"$1\""); }),
            20u);
}

TEST(RenderOperationalTest, UnknownTypeRendersNothing) {
  wire::Operational m;
  m.type = 9;
  std::string out;
  MakeJsonRenderer(Host{})->Operational(Neighbor(), Direction::kReceive, m, &out);
  MakeTextRenderer(Host{})->Operational(Neighbor(), Direction::kSend, m, &out);
  EXPECT_EQ(out, "");
}

TEST(RenderOperationalTest, PythonBytesRepr) {
  auto repr = [](std::string_view s) {
    std::string out;
    render::AppendPythonBytesRepr(&out, s);
    return out;
  };
  EXPECT_EQ(repr(""), "b''");
  EXPECT_EQ(repr("it's"), "b\"it's\"");
  EXPECT_EQ(repr("it's\""), "b'it\\'s\"'");
  EXPECT_EQ(repr("a\\b\t\n\r\x7f\x01\xc3\xa9"), "b'a\\\\b\\t\\n\\r\\x7f\\x01\\xc3\\xa9'");
}

}  // namespace
}  // namespace herald::api
