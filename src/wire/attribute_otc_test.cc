// RFC 9234 §5: the OTC attribute on receipt (malformed, leaks, added) and
// its helpers.
#include <gtest/gtest.h>

#include "wire/attribute_test_util.h"
#include "wire/role.h"

namespace herald::wire {
namespace {

using testing::Decoded;
using testing::DecodeAttrs;
using testing::Ebgp;
using testing::Hex;
using testing::IsError;

// ORIGIN IGP, AS_PATH [65002], then the OTC given.
const std::string kBase = "400101" "00" "400206" "0201" "0000fdea";

Negotiated WithRole(std::optional<Role> role) {
  Negotiated n = Ebgp(65001, 65002);
  n.local_role = role;
  return n;
}

TEST(OtcTest, KeptAsReceivedWithoutARole) {
  // As FRR 8.4 sends it to a customer: flags c0, the provider's AS.
  Decoded d = DecodeAttrs(kBase + "c02304" "0000fdea", WithRole(std::nullopt));
  ASSERT_TRUE(d.attrs.ok());
  EXPECT_FALSE(d.soft);
  EXPECT_EQ(OtcValue(*d.attrs), 65002u);
  ASSERT_EQ(d.attrs->unknown.size(), 1u);
  EXPECT_EQ(d.attrs->unknown[0].flags, 0xc0);
  EXPECT_EQ(testing::EncodeAttrs(*d.attrs, WithRole(std::nullopt)), Hex(kBase + "c02304" "0000fdea"));
  // Partial as it came.
  d = DecodeAttrs(kBase + "e02304" "0000fdea", WithRole(std::nullopt));
  ASSERT_TRUE(d.attrs.ok());
  EXPECT_EQ(d.attrs->unknown[0].flags, 0xe0);
}

TEST(OtcTest, MalformedIsTreatAsWithdraw) {
  // Not 4 octets (3/9), or not optional transitive (3/4, RFC 7606 §3(c)).
  const std::pair<const char*, uint8_t> kBad[] = {
      {"c02303" "00fdea", 9}, {"c02305" "000000fdea", 9}, {"c02300", 9}, {"802304" "0000fdea", 4}};
  for (const auto& [bad, subcode] : kBad) {
    Decoded d = DecodeAttrs(kBase + bad, WithRole(Role::kProvider));
    ASSERT_TRUE(d.attrs.ok()) << bad;
    ASSERT_TRUE(d.soft) << bad;
    EXPECT_TRUE(IsError(*d.soft, 3, subcode, ErrorAction::kTreatAsWithdraw)) << bad;
    EXPECT_TRUE(d.attrs->unknown.empty()) << bad;
  }
}

TEST(OtcTest, LeaksAreWithdrawn) {
  // From a customer (we are its provider) or an RS-client (we are the RS):
  // any OTC is a leak.
  for (Role local : {Role::kProvider, Role::kRs}) {
    Decoded d = DecodeAttrs(kBase + "c02304" "0000fdea", WithRole(local));
    ASSERT_TRUE(d.soft);
    EXPECT_EQ(d.soft->action, ErrorAction::kTreatAsWithdraw);
    EXPECT_NE(d.soft->what.find("route leak"), std::string::npos) << d.soft->what;
  }
  // From a peer: a leak unless OTC is the peer's AS.
  EXPECT_FALSE(DecodeAttrs(kBase + "c02304" "0000fdea", WithRole(Role::kPeer)).soft);
  EXPECT_TRUE(DecodeAttrs(kBase + "c02304" "0000fdeb", WithRole(Role::kPeer)).soft);
  // From a provider or an RS: kept whatever its value.
  for (Role local : {Role::kCustomer, Role::kRsClient}) {
    Decoded d = DecodeAttrs(kBase + "c02304" "00000001", WithRole(local));
    EXPECT_FALSE(d.soft);
    EXPECT_EQ(OtcValue(*d.attrs), 1u);
  }
}

TEST(OtcTest, AddedToRoutesFromProvidersPeersAndRses) {
  for (Role local : {Role::kCustomer, Role::kPeer, Role::kRsClient}) {
    Decoded d = DecodeAttrs(kBase, WithRole(local));
    ASSERT_TRUE(d.attrs.ok());
    EXPECT_EQ(OtcValue(*d.attrs), 65002u) << RoleName(local);
  }
  for (std::optional<Role> local : {std::optional<Role>(Role::kProvider), std::optional<Role>(Role::kRs),
                                    std::optional<Role>()}) {
    Decoded d = DecodeAttrs(kBase, WithRole(local));
    EXPECT_FALSE(OtcValue(*d.attrs)) << (local ? RoleName(*local) : "none");
  }
  // Not on a withdrawal (no attributes).
  EXPECT_FALSE(OtcValue(*DecodeAttrs("", WithRole(Role::kCustomer)).attrs));
}

TEST(OtcTest, AddKeepsCodeOrder) {
  PathAttributes a;
  a.unknown = {{0xc0, 30, Hex("01")}, {0xc0, 99, Hex("02")}};
  AddOtc(&a, 65001);
  ASSERT_EQ(a.unknown.size(), 3u);
  EXPECT_EQ(a.unknown[1].code, 35);
  EXPECT_EQ(a.unknown[1].value, Hex("0000fde9"));
  EXPECT_EQ(OtcValue(a), 65001u);
}

TEST(RoleTest, NamesAndPairs) {
  for (const auto& [name, role] : kRoleNames) {
    EXPECT_EQ(RoleFromName(name), role);
    EXPECT_EQ(RoleName(role), name);
    EXPECT_EQ(ExpectedPeerRole(ExpectedPeerRole(role)), role);
  }
  EXPECT_FALSE(RoleFromName("rs"));
  EXPECT_FALSE(RoleFromWire(5));
}

}  // namespace
}  // namespace herald::wire
