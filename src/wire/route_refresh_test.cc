#include "wire/route_refresh.h"

#include <gtest/gtest.h>


#include "wire/test_util.h"

namespace herald::wire {
namespace {

using testing::ExactBuffer;
using testing::Hex;
using testing::IsError;

std::string Hex2(size_t v) { return testing::ToHexByte(v); }

Result<RouteRefresh, WireError> Decode(const std::string& hex, bool enhanced) {
  Negotiated n;
  n.enhanced_route_refresh = enhanced;
  ExactBuffer b(Hex(hex));
  ByteReader r = b.reader();
  auto m = RouteRefresh::Decode(r, n);
  if (m.ok()) {
    EXPECT_TRUE(r.empty());
  }
  return m;
}

TEST(RouteRefreshTest, DecodesFamilyAndSubtype) {
  auto m = Decode("0002" "00" "01", false);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->family, kIpv6Unicast);
  EXPECT_EQ(m->subtype, RouteRefresh::Subtype::kNormal);
  m = Decode("0001" "01" "01", true);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->subtype, RouteRefresh::Subtype::kBeginOfRib);
  m = Decode("0001" "02" "01", true);
  EXPECT_EQ(m->subtype, RouteRefresh::Subtype::kEndOfRib);
}

TEST(RouteRefreshTest, ReservedOctetIsIgnoredWithoutEnhancedRefresh) {
  auto m = Decode("0001" "02" "01", false);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->subtype, RouteRefresh::Subtype::kNormal);
}

TEST(RouteRefreshTest, UnknownSubtypeIsPassedUp) {
  auto m = Decode("0001" "07" "01", true);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(static_cast<int>(m->subtype), 7);
}

TEST(RouteRefreshTest, WrongLengthIs12Or71) {
  for (const char* hex : {"", "0001", "000100", "0001000100"}) {
    SCOPED_TRACE(hex);
    auto m = Decode(hex, false);
    ASSERT_FALSE(m.ok());
    EXPECT_TRUE(IsError(m.error(), 1, 2, ErrorAction::kSessionReset));
    size_t length = 19 + std::string(hex).size() / 2;
    EXPECT_EQ(m.error().data, (Bytes{0, static_cast<uint8_t>(length)}));
    m = Decode(hex, true);
    ASSERT_FALSE(m.ok());
    EXPECT_TRUE(IsError(m.error(), 7, 1, ErrorAction::kSessionReset));
    // RFC 7313 §5: the data is the whole message.
    EXPECT_EQ(m.error().data, Hex(std::string(32, 'f') + "00" + Hex2(length) + "05" + hex));
  }
}

TEST(RouteRefreshTest, RoundTrips) {
  Negotiated n;
  n.enhanced_route_refresh = true;
  for (auto sub : {RouteRefresh::Subtype::kNormal, RouteRefresh::Subtype::kBeginOfRib,
                   RouteRefresh::Subtype::kEndOfRib}) {
    RouteRefresh m{kIpv6Unicast, sub};
    Bytes out;
    ByteWriter w(&out);
    m.Encode(w, n);
    ASSERT_EQ(out.size(), 4u);
    ExactBuffer b(out);
    ByteReader r = b.reader();
    auto back = RouteRefresh::Decode(r, n);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, m);
  }
}

}  // namespace
}  // namespace herald::wire
