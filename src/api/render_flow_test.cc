// FlowSpec rendering (render_flow.h) against what ExaBGP 5.0 prints for the
// same NLRIs (`exabgp5 decode -n`; 4.2's `exabgp --decode` too, src/wire/testdata/flowspec_exabgp.txt,
// tools/capture_flow.py), byte for byte.
#include "api/render_flow.h"

#include <gtest/gtest.h>

#include <map>

#include "base/hex.h"
#include "wire/flowspec_testdata.h"

namespace herald::api::render {
namespace {

using wire::Afi;

// NLRIs whose bytes herald reads differently from ExaBGP, with what herald
// prints and why.
const std::map<std::string, std::string> kDifferent = {
    // RFC 8955 §4.2.1.1: the first pair's and-bit is ignored on receipt;
    // ExaBGP prints it ("&=80").
    {"first-and", R"({ "destination-port": [ "=80" ], "string": "flow destination-port =80" })"},
};

// ExaBGP 5.0 encodes IPv6 prefixes with an offset in its own way (see
// src/wire/flowspec_test.cc); the same rule in RFC 8956's bytes prints as
// ExaBGP prints its own.
const std::map<std::string, std::string> kRfcBytes = {
    {"ipv6-offset", "0402807801"},
    {"ipv6-conf-flow", "21" "0180002a020b80001500007aca39fffeaea87a" "02807801" "0381110b81650d9107dd"},
};

wire::FlowNlri Decode(const std::string& hex, Afi afi, bool vpn) {
  auto bytes = FromHex(hex);
  EXPECT_TRUE(bytes.has_value());
  ByteReader in(*bytes);
  auto r = wire::DecodeFlowNlri(in, afi, vpn);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().what);
  return r.ok() ? *r : wire::FlowNlri{};
}

TEST(RenderFlowTest, JsonAndTextAsExabgp50) {
  int compared = 0;
  for (const auto& g : wire::testing::LoadFlowGolden()) {
    if (g.json50 == "-") continue;  // ExaBGP refused it
    SCOPED_TRACE(g.name);
    const Afi afi = g.family.rfind("ipv6", 0) == 0 ? Afi::kIpv6 : Afi::kIpv4;
    auto rfc = kRfcBytes.find(g.name);
    const bool vpn = g.family.find("flow-vpn") != std::string::npos;
    wire::FlowNlri nlri = Decode(rfc == kRfcBytes.end() ? g.hex : rfc->second, afi, vpn);
    auto diff = kDifferent.find(g.name);
    const std::string& want = diff == kDifferent.end() ? g.json50 : diff->second;
    EXPECT_EQ(FlowJson(nlri), want);
    // The text form is the JSON's "string".
    const size_t at = want.find("\"string\": \"");
    ASSERT_NE(at, std::string::npos);
    EXPECT_EQ(FlowText(nlri), want.substr(at + 11, want.size() - at - 11 - 3));
    ++compared;
  }
  EXPECT_GE(compared, 38);
}

// ExaBGP 4.2 (api.version 4), from `exabgp --decode` of the same NLRIs.
TEST(RenderFlowTest, JsonAndTextAsExabgp42) {
  const std::map<std::string, std::string> different = {
      {"first-and", R"({ "destination-port": [ "=80" ], "string": "flow destination-port =80" })"},
      // 4.2 prints the empty value as nothing between two commas, which is not JSON.
      {"bitmask-unnamed", R"({ "tcp-flags": [ "", "=fin", "=unknown tcp flag type 513" ], )"
                          R"("string": "flow tcp-flags [  =fin+unknown tcp flag type 513 ]" })"},
  };
  int compared = 0;
  for (const auto& g : wire::testing::LoadFlowGolden()) {
    if (g.json42 == "-") continue;
    SCOPED_TRACE(g.name);
    const Afi afi = g.family.rfind("ipv6", 0) == 0 ? Afi::kIpv6 : Afi::kIpv4;
    const bool vpn = g.family.find("flow-vpn") != std::string::npos;
    auto rfc = kRfcBytes.find(g.name);
    wire::FlowNlri nlri = Decode(rfc == kRfcBytes.end() ? g.hex : rfc->second, afi, vpn);
    auto diff = different.find(g.name);
    const std::string& want = diff == different.end() ? g.json42 : diff->second;
    EXPECT_EQ(FlowJson(nlri, {}, FlowStyle::kExabgp4), want);
    const size_t at = want.find("\"string\": \"");
    ASSERT_NE(at, std::string::npos);
    EXPECT_EQ(FlowText(nlri, {}, FlowStyle::kExabgp4), want.substr(at + 11, want.size() - at - 11 - 3));
    ++compared;
  }
  EXPECT_GE(compared, 38);
}

TEST(RenderFlowTest, FragmentZero) {
  wire::FlowNlri n;
  n.components.push_back({wire::FlowType::kFragment, {}, {{wire::kFlowOpMatch, 0}, {wire::kFlowOpNot, 2}}});
  // 5.0 prints nothing for the value 0; 4.2 names it.
  EXPECT_EQ(FlowJson(n), R"({ "fragment": [ "=", "!is-fragment" ], "string": "flow fragment [ = !is-fragment ]" })");
  EXPECT_EQ(FlowJson(n, {}, FlowStyle::kExabgp4),
            R"({ "fragment": [ "=not-a-fragment", "not-a-fragment" ], )"
            R"("string": "flow fragment [ =not-a-fragment !is-fragment ]" })");
}

TEST(RenderFlowTest, RdAndNextHop) {
  wire::FlowNlri n;
  n.vpn = true;
  n.components.push_back({wire::FlowType::kSource, {*IpAddress::Parse("10.0.0.3"), 32, 0}, {}});
  // RFC 4364 §4.2 types 0, 1, 2, and an unknown type in hex as ExaBGP prints it.
  const std::pair<const char*, const char*> rds[] = {
      {"0000ffff00010000", "65535:65536"},
      {"00010102030400ff", "1.2.3.4:255"},
      {"000200010000ffff", "65536:65535"},
      {"0003000000000001", "0x0003000000000001"},
  };
  for (const auto& [hex, text] : rds) {
    auto b = FromHex(hex);
    std::copy(b->begin(), b->end(), n.rd.begin());
    EXPECT_EQ(FlowText(n), std::string("flow source-ipv4 10.0.0.3/32 rd ") + text);
  }
  std::copy_n(FromHex("0000ffff00010000")->begin(), 8, n.rd.begin());
  EXPECT_EQ(FlowJson(n, "5.6.7.8"),
            R"({ "source-ipv4": [ "10.0.0.3/32" ], "rd": "65535:65536", "next-hop": "5.6.7.8", )"
            R"("string": "flow source-ipv4 10.0.0.3/32 rd 65535:65536 next-hop 5.6.7.8" })");
}

}  // namespace
}  // namespace herald::api::render
