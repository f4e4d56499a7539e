// Inputs found by the fuzz targets (tests/fuzz/), each with the outcome it
// must have. The inputs are also kept in tests/fuzz/corpus/.
#include <gtest/gtest.h>

#include "wire/open.h"
#include "wire/test_util.h"
#include "wire/update.h"

namespace herald::wire {
namespace {

using testing::Both;
using testing::Hex;

// The UPDATE `first` decoded from its own encoding.
Result<Update, WireError> Again(const Update& first, const Negotiated& n) {
  Bytes again;
  ByteWriter w(&again);
  first.Encode(w, n);
  EXPECT_TRUE(w.ok());
  ByteReader r(again);
  return Update::Decode(r, n);
}

// fuzz_update: on a 2-byte-AS session, a 4-byte path comes with a 2-byte
// aggregator (AS4_AGGREGATOR 5379). Decoded, the path is the AS4_PATH and the
// aggregator 5379. Sent again, AGGREGATOR carries 5379 itself (no AS_TRANS,
// as RFC 6793 §4.2.2 asks for a 2-byte aggregator), and RFC 6793 §4.2.3 then
// makes a receiver ignore AS4_PATH: the path comes back as AS_TRANS. The
// round trip checks of the fuzz targets expect exactly this loss.
TEST(FuzzRegressionTest, TwoByteAggregatorHidesAs4PathOnTheWayBack) {
  const Negotiated two_byte = Both(/*asn4=*/false);
  Bytes body = Hex(
      "0000002f"
      "40010100"                  // ORIGIN igp
      "400204" "02015ba0"         // AS_PATH [ AS_TRANS ]
      "c01106" "0201fa56ea01"     // AS4_PATH [ 4200000001 ]
      "400304" "0a00004e"         // NEXT_HOP
      "c00706" "5ba0" "0a00004e"  // AGGREGATOR AS_TRANS
      "c01208" "00001503" "0a00004e"  // AS4_AGGREGATOR 5379
      "080a");                    // 10.0.0.0/8
  ByteReader r(body);
  auto first = Update::Decode(r, two_byte);
  ASSERT_TRUE(first.ok()) << first.error().what;
  ASSERT_TRUE(first->attrs.as_path && first->attrs.aggregator);
  EXPECT_EQ(*first->attrs.as_path, (AsPath{{AsSegmentType::kSequence, {4200000001}}}));
  EXPECT_EQ(first->attrs.aggregator->asn, 5379u);

  auto second = Again(*first, two_byte);
  ASSERT_TRUE(second.ok()) << second.error().what;
  EXPECT_EQ(*second->attrs.as_path, (AsPath{{AsSegmentType::kSequence, {kAsTrans}}}));
  EXPECT_EQ(second->attrs.aggregator->asn, 5379u);
}

// fuzz_message, fuzz_update: an unknown optional transitive attribute with
// the unused low flag bits set (0xe8). herald sends it on with those bits
// zero (RFC 4271 §4.3), so it keeps only Optional, Transitive and Partial:
// decoded again, the attribute is the same.
TEST(FuzzRegressionTest, UnknownAttributeKeepsNoUnusedFlagBits) {
  const Negotiated n = Both(/*asn4=*/true);
  Bytes body = Hex(
      "00000015"
      "40010100"                  // ORIGIN igp
      "400200"                    // AS_PATH empty
      "4003047f000049"            // NEXT_HOP 127.0.0.73
      "e8990400000001"            // code 0x99, flags O|T|P + unused bit 0x08
      "18cb0071");                // 203.0.113.0/24
  ByteReader r(body);
  auto first = Update::Decode(r, n);
  ASSERT_TRUE(first.ok()) << first.error().what;
  ASSERT_EQ(first->attrs.unknown.size(), 1u);
  EXPECT_EQ(first->attrs.unknown[0].flags, 0xe0);
  auto second = Again(*first, n);
  ASSERT_TRUE(second.ok()) << second.error().what;
  EXPECT_EQ(second->attrs.unknown, first->attrs.unknown);
}

// fuzz_update: NEXT_HOP 255.0.0.61 (not a unicast address) with classic
// NLRI, and an MP_REACH_NLRI for IPv6 with a good next hop. The bad next hop
// withdraws the routes that use it, the classic ones (RFC 4271 §6.3), as a
// 3/8 treat-as-withdraw; the IPv6 routes stand.
TEST(FuzzRegressionTest, BadNextHopWithdrawsOnlyTheRoutesUsingIt) {
  const Negotiated n = Both(/*asn4=*/true);
  Bytes body = Hex(
      "0000"
      "0033"
      "40010100"                              // ORIGIN igp
      "40020602010000fde9"                    // AS_PATH 65001
      "400304ff00003d"                        // NEXT_HOP 255.0.0.61
      "800e1c" "000201" "10" "20010db8000000000000000000000062" "00"
      "3020010db80004"                        // 2001:db8:4::/48
      "100a02");                              // 10.2.0.0/16
  ByteReader r(body);
  auto u = Update::Decode(r, n);
  ASSERT_TRUE(u.ok()) << u.error().what;
  ASSERT_TRUE(u->soft_error);
  EXPECT_EQ(u->soft_error->action, ErrorAction::kTreatAsWithdraw);
  EXPECT_EQ(u->soft_error->subcode, static_cast<uint8_t>(UpdateSubcode::kInvalidNextHop));
  EXPECT_TRUE(ClassicNlri(*u).empty());
  EXPECT_EQ(ClassicWithdrawn(*u).size(), 1u);
  ASSERT_TRUE(MpReachOf(*u));
  EXPECT_EQ(MpReachOf(*u)->nlri.size(), 1u);
}

}  // namespace
}  // namespace herald::wire
