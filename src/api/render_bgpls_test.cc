// BGP-LS UPDATEs as the text encoder prints them, against ExaBGP 5.0's
// (testdata/bgpls_text_exabgp50.txt, tools/capture_bgpls.py: the UPDATEs of
// testdata/bgpls_exabgp50.txt, whose JSON `herald decode` is compared with
// in src/daemon/tool_decode_bgpls_test.cc), and the 4.x JSON format, which
// prints BGP-LS as 5.0 does (doc/compat.md).
#include <gtest/gtest.h>

#include <fstream>

#include "api/render.h"
#include "api/render_bgpls.h"
#include "api/render_nlri.h"
#include "api/render_flow_update_test_util.h"
#include "api/render_test_util.h"
#include "wire/bgpls.h"

namespace herald::api {
namespace {

using namespace testing;  // NOLINT

wire::Negotiated BgpLsSession() {
  wire::Negotiated n;
  n.asn4 = true;
  n.local_as = n.peer_as = 65001;
  n.families = {wire::kBgpLsFamily, wire::kBgpLsVpnFamily};
  return n;
}

struct Case {
  std::string name;
  Bytes message;
};

std::vector<Case> Cases() {
  std::ifstream in(std::string(HERALD_SOURCE_DIR) + "/src/api/testdata/bgpls_exabgp50.txt");
  std::vector<Case> out;
  std::string line, name;
  while (std::getline(in, line)) {
    if (line.rfind("# ", 0) == 0) name = line.substr(2);
    else if (line.rfind("ffff", 0) == 0) out.push_back({name, *FromHex(line)});
  }
  return out;
}

// The route lines of each UPDATE in the text capture.
std::vector<std::vector<std::string>> TextBlocks() {
  std::vector<std::vector<std::string>> out;
  for (const std::string& line : ReadLines("bgpls_text_exabgp50.txt")) {
    if (line.find(" update start") != std::string::npos) out.emplace_back();
    else if (line.find(" update end") == std::string::npos && !out.empty()) out.back().push_back(line);
  }
  return out;
}

TEST(RenderBgpLs, TextAsExabgp50PrintsIt) {
  const auto cases = Cases();
  const auto blocks = TextBlocks();
  ASSERT_EQ(cases.size(), 21u);
  ASSERT_EQ(blocks.size(), cases.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(cases[i].name);
    std::vector<std::string> want = blocks[i];
    if (cases[i].name.rfind("vpn", 0) == 0)  // the family as negotiated (doc/compat.md)
      for (std::string& l : want) l.replace(l.find("safi bgp-ls"), 11, "safi bgp-ls-vpn");
    std::vector<std::string> got = CaptureText(DecodeFlowUpdate(cases[i].message, BgpLsSession()), Format::kExabgp5);
    // 5.0 puts a newline between two End.X SIDs, so its line stops after the
    // first; herald goes on with ", " (doc/compat.md).
    if (cases[i].name.find("end.x") != std::string::npos && got.size() == 1 && want.size() == 1) {
      EXPECT_EQ(got[0].rfind(want[0] + ", behavior: ", 0), 0u) << got[0];
      got[0] = want[0];
    }
    EXPECT_EQ(got, want);
  }
}

TEST(RenderBgpLs, The4xFormatPrintsAs50) {
  for (const Case& c : Cases()) {
    SCOPED_TRACE(c.name);
    const wire::Update u = DecodeFlowUpdate(c.message, BgpLsSession());
    for (const wire::Reach& r : u.reach)
      for (const wire::GenericNlri& n : r.generic) {
        std::string v5, v4;
        render::AppendGenericJson(&v5, r.family, n, "10.0.0.1", Style{Format::kExabgp5});
        render::AppendGenericJson(&v4, r.family, n, "10.0.0.1", Style{Format::kExabgp4});
        EXPECT_EQ(v4, v5);
        EXPECT_EQ(v5.rfind("{ ", 0), 0u) << v5;
      }
  }
}

// Bytes that do not decode print as hex, as for every generic family.
TEST(RenderBgpLs, UnreadableBytesPrintAsHex) {
  std::string out;
  render::AppendGenericJson(&out, wire::kBgpLsFamily, wire::GenericNlri{{0x00, 0x01, 0x00, 0x09}, 0}, "",
                    Style{Format::kExabgp5});
  EXPECT_EQ(out, "{ \"nlri\": \"0x00010009\" }");
}

TEST(RenderBgpLs, AttributeMembers) {
  // Two local TE router ids make one member; unknown TLVs of one type too.
  std::vector<wire::BgpLsTlv> tlvs = {{1028, {1, 1, 1, 1}}, {2000, {0xab}}, {1029, Bytes(16, 0)}, {2000, {0xcd}}};
  std::string out;
  render::AppendBgpLsAttributeJson(&out, tlvs);
  EXPECT_EQ(out, "\"local-te-router-ids\": [\"1.1.1.1\", \"::\"], \"generic-lsid-2000\": [\"0xAB\", \"0xCD\"]");
  out.clear();
  render::AppendBgpLsAttributeText(&out, tlvs);
  EXPECT_EQ(out, "Local TE Router IDs: ['1.1.1.1', '::'], Attribute with code [ 2000 ] not implemented");
}

// A bandwidth that is not a number (found by fuzz_render): JSON has no NaN
// or infinity, so null; the text says what Python prints.
TEST(RenderBgpLs, NonFiniteBandwidths) {
  std::vector<wire::BgpLsTlv> tlvs = {{1089, {0xff, 0xc0, 0, 0}}, {1090, {0x7f, 0x80, 0, 0}}};
  std::string out;
  render::AppendBgpLsAttributeJson(&out, tlvs);
  EXPECT_EQ(out, "\"maximum-link-bandwidth\": null, \"maximum-reservable-link-bandwidth\": null");
  out.clear();
  render::AppendBgpLsAttributeText(&out, tlvs);
  EXPECT_EQ(out, "Maximum link bandwidth: nan, Maximum reservable link bandwidth: inf");
}

}  // namespace
}  // namespace herald::api
