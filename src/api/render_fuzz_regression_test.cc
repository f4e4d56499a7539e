// Inputs found by the render fuzz target (tests/fuzz/fuzz_render.cc), each
// with the outcome it must have; the inputs are kept in
// tests/fuzz/corpus/render/ too. Both are OPENs whose FQDN capability
// carries bytes that are not text: they must come out as valid JSON and as
// one valid text line.
#include <gtest/gtest.h>

#include "api/render.h"
#include "base/hex.h"
#include "wire/message.h"

namespace herald::api {
namespace {

// The JSON and text lines of a received OPEN given as hex.
std::pair<std::string, std::string> RenderOpen(std::string_view hex) {
  auto bytes = FromHex(hex);
  EXPECT_TRUE(bytes.has_value());
  auto m = wire::DecodeMessage(*bytes, wire::Negotiated{});
  EXPECT_TRUE(m.ok()) << m.error().what;
  const auto& open = std::get<wire::Open>(*m);
  Host host;
  host.host = "h";
  host.now = [] { return 1.0; };
  std::string json, text;
  MakeJsonRenderer(host)->Open(NeighborInfo{}, Direction::kReceive, open, &json);
  MakeTextRenderer(host)->Open(NeighborInfo{}, Direction::kReceive, open, &text);
  return {json, text};
}

// True if `s` has no control character but a line's final newline (and the
// text renderer's empty line after it).
bool NoControlCharacters(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) < 0x20 && s[i] != '\n') || s[i] == 0x7f) return false;
  return true;
}

// A host-name "v\x03": a control character.
TEST(RenderFuzzRegressionTest, ControlCharacterInHostName) {
  auto [json, text] = RenderOpen(
      "ffffffffffffffffffffffffffffffff004d0104fdea005a0a00004830022e02004904027603006d000104000100010104010006"
      "0041040000eafd400a000101780a0100ff004d0104fdea005a");
  EXPECT_NE(json.find(R"("host-name": "v\u0003")"), std::string::npos) << json;
  EXPECT_TRUE(NoControlCharacters(json)) << json;
  EXPECT_TRUE(NoControlCharacters(text)) << text;
  EXPECT_EQ(text.find('\n'), text.size() - 2) << text;  // one line, then the empty one
}

// A domain-name "exampl\x04\x00\x00\xfd\xeb": control characters, NUL and
// bytes that are not UTF-8 (each becomes U+FFFD).
TEST(RenderFuzzRegressionTest, InvalidUtf8InDomainName) {
  auto [json, text] = RenderOpen(
      "ffffffffffffffffffffffffffffffff00410104fdeb005a0a00003f240216491407537065616b65720b6578616d706c040000fd"
      "eb020a45080001010003020103");
  EXPECT_NE(json.find("\"domain-name\": \"exampl\\u0004\\u0000\\u0000\xef\xbf\xbd\xef\xbf\xbd\""), std::string::npos)
      << json;
  EXPECT_TRUE(NoControlCharacters(json)) << json;
  EXPECT_TRUE(NoControlCharacters(text)) << text;
  EXPECT_EQ(text.find('\n'), text.size() - 2) << text;
}

}  // namespace
}  // namespace herald::api
