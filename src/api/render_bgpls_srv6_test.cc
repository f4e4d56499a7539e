// The SRv6 TLVs of the BGP-LS attribute and the SR LAN adjacency SIDs as
// herald prints them where ExaBGP 5.0 cannot be the reference (doc/compat.md):
// the golden UPDATEs (testdata/bgpls_exabgp50.txt) are compared in
// render_bgpls_test.cc and daemon/tool_decode_bgpls_test.cc.
#include <gtest/gtest.h>

#include "api/render_bgpls.h"
#include "base/hex.h"
#include "wire/bgpls.h"

namespace herald::api {
namespace {

std::vector<wire::BgpLsTlv> Tlvs(const char* hex) {
  std::string error;
  auto tlvs = wire::ParseBgpLsAttribute(*FromHex(hex), &error);
  EXPECT_TRUE(tlvs.has_value()) << error;
  return tlvs.value_or(std::vector<wire::BgpLsTlv>{});
}

std::string Json(const std::vector<wire::BgpLsTlv>& tlvs) {
  std::string out;
  render::AppendBgpLsAttributeJson(&out, tlvs);
  return out;
}

std::string Text(const std::vector<wire::BgpLsTlv>& tlvs) {
  std::string out;
  render::AppendBgpLsAttributeText(&out, tlvs);
  return out;
}

// The O flag is bit 1 of the flags (RFC 9352 §2), 0x4000; 5.0 tests 0x0040.
TEST(RenderBgpLsSrv6, CapabilitiesOFlag) {
  EXPECT_EQ(Json(Tlvs("040e000440000000")), "\"srv6-capabilities\": {\"flags\": {\"O\": 1}}");
  EXPECT_EQ(Json(Tlvs("040e000400400000")), "\"srv6-capabilities\": {\"flags\": {\"O\": 0}}");
  EXPECT_EQ(Json(Tlvs("040e0000")), "\"srv6-capabilities\": {\"flags\": {\"O\": 0}}");
  EXPECT_EQ(Text(Tlvs("040e000440000000")), "flags: {'O': 1}");
}

// The SID after the 4-byte OSPFv3 neighbor id (5.0 reads it 4 bytes early).
TEST(RenderBgpLsSrv6, OspfLanEndX) {
  const auto tlvs = Tlvs("04540022" "00398000" "0300" "0a000002" "fc000000000100e00000000000000000"
                         "04e4000420101000");
  EXPECT_EQ(Json(tlvs),
            "\"srv6-lan-endx-ospf\": [ {\"flags\": {\"B\": 1, \"S\": 0, \"P\": 0, \"RSV\": 0}, "
            "\"neighbor-id\": \"10.0.0.2\", \"behavior\": 57, \"algorithm\": 0, \"weight\": 3, "
            "\"sid\": \"fc00:0:1:e0::\", \"srv6-sid-structure\": {\"loc_block_len\": 32, \"loc_node_len\": 16, "
            "\"func_len\": 16, \"arg_len\": 0}} ]");
  EXPECT_EQ(Text(tlvs),
            "behavior: 57, neighbor-id: 10.0.0.2, flags: {'B': 1, 'S': 0, 'P': 0, 'RSV': 0}, algorithm: 0, "
            "weight: 3, sid: fc00:0:1:e0::");
}

// Two End.X SIDs print as one member, one line of text; a sub-TLV key seen
// twice keeps its first place and its last value.
TEST(RenderBgpLsSrv6, EndXMembers) {
  const auto tlvs = Tlvs("04520016" "00398000" "0a00" "fc000000000100e00000000000000000"
                         "0447000100"
                         "04520028" "00098000" "0000" "fc000000000100e10000000000000000"
                         "07cf0001aa" "04e4000420101000" "07cf0001bb");
  EXPECT_EQ(Json(tlvs),
            "\"srv6-endx\": [ {\"flags\": {\"B\": 1, \"S\": 0, \"P\": 0, \"RSV\": 0}, \"behavior\": 57, "
            "\"algorithm\": 0, \"weight\": 10, \"sid\": \"fc00:0:1:e0::\"}, {\"flags\": {\"B\": 1, \"S\": 0, "
            "\"P\": 0, \"RSV\": 0}, \"behavior\": 9, \"algorithm\": 0, \"weight\": 0, \"sid\": \"fc00:0:1:e1::\", "
            "\"subtlv-not-implemented-1999\": \"0xBB\", \"srv6-sid-structure\": {\"loc_block_len\": 32, "
            "\"loc_node_len\": 16, \"func_len\": 16, \"arg_len\": 0}} ], \"igp-metric\": 0");
  EXPECT_EQ(Text(tlvs),
            "behavior: 57, flags: {'B': 1, 'S': 0, 'P': 0, 'RSV': 0}, algorithm: 0, weight: 10, sid: fc00:0:1:e0::, "
            "behavior: 9, flags: {'B': 1, 'S': 0, 'P': 0, 'RSV': 0}, algorithm: 0, weight: 0, sid: fc00:0:1:e1::, "
            "IGP Metric: 0");
}

// Whatever herald accepts prints, however short: every cut of every value.
TEST(RenderBgpLsSrv6, EveryAcceptedTruncationPrints) {
  const char* values[] = {
      "040e000440000000",
      "044c000d30050000192168000002003e84",
      "0452001e00398000" "0a00" "fc000000000100e00000000000000000" "04e4000420101000",
      "0453002400398000" "0a00" "192168000002" "fc000000000100e00000000000000000" "04e4000420101000",
      "0454002200398000" "0a00" "0a000002" "fc000000000100e00000000000000000" "04e4000420101000",
      "048a0008808000000000000a",
      "04e2000400300000",
      "04e4000420101000",
  };
  for (const char* hex : values) {
    const Bytes full = *FromHex(hex);
    for (size_t cut = 0; cut + 4 <= full.size(); ++cut) {
      SCOPED_TRACE(std::string(hex) + " value cut at " + std::to_string(cut));
      Bytes b(full.begin(), full.begin() + 4 + cut);
      b[2] = static_cast<uint8_t>(cut >> 8);
      b[3] = static_cast<uint8_t>(cut);
      std::string error;
      auto tlvs = wire::ParseBgpLsAttribute(b, &error);
      if (!tlvs) continue;
      EXPECT_FALSE(Json(*tlvs).empty());
      EXPECT_FALSE(Text(*tlvs).empty());
    }
  }
}

}  // namespace
}  // namespace herald::api
