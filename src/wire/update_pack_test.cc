// EncodeAnnounce / EncodeWithdraw: many routes packed into as few messages
// as the size limit allows, each message valid on its own.
#include <gtest/gtest.h>

#include <algorithm>

#include "wire/message.h"
#include "wire/test_prefixes.h"
#include "wire/test_util.h"
#include "wire/update.h"

namespace herald::wire {
namespace {

using testing::Hex;
using testing::V4Prefixes;
using testing::V6Slash64s;

PathAttributes Attrs() {
  PathAttributes a;
  a.origin = Origin::kIgp;
  a.as_path = AsPath{{AsSegmentType::kSequence, {65001, 65002}}};
  a.next_hop = IpAddress::V4(0xc0000201);
  a.med = 10;
  a.communities = {kNoExport, 0xfde90001};
  a.large_communities = {{65001, 1, 1}};
  return a;
}

// Splits a buffer into messages, checks each against the limit, decodes it
// and collects what it announces or withdraws.
struct Collected {
  size_t messages = 0;
  std::vector<InetNlri> announced, withdrawn;
  std::vector<PathAttributes> attrs;
  std::vector<MpNextHop> next_hops;
};

Collected Collect(const Bytes& buffer, const Negotiated& n) {
  Collected c;
  size_t at = 0;
  while (at < buffer.size()) {
    EXPECT_GE(buffer.size() - at, kHeaderSize);
    size_t len = buffer[at + 16] << 8 | buffer[at + 17];
    EXPECT_LE(len, n.max_message_size());
    EXPECT_LE(at + len, buffer.size());
    testing::ExactBuffer b(ByteSpan(buffer.data() + at, len));
    auto m = DecodeMessage(b.span(), n);
    EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().what);
    if (!m.ok()) break;
    const Update& u = std::get<Update>(*m);
    EXPECT_FALSE(u.soft_error);
    c.announced.insert(c.announced.end(), u.nlri.begin(), u.nlri.end());
    c.withdrawn.insert(c.withdrawn.end(), u.withdrawn.begin(), u.withdrawn.end());
    if (u.mp_reach) {
      c.announced.insert(c.announced.end(), u.mp_reach->nlri.begin(), u.mp_reach->nlri.end());
      c.next_hops.push_back(u.mp_reach->next_hop);
    }
    if (u.mp_unreach) c.withdrawn.insert(c.withdrawn.end(), u.mp_unreach->withdrawn.begin(), u.mp_unreach->withdrawn.end());
    if (!u.nlri.empty() || u.mp_reach) c.attrs.push_back(u.attrs);
    ++c.messages;
    at += len;
  }
  return c;
}

TEST(UpdatePackTest, TenThousandIpv4HostRoutes) {
  auto routes = V4Prefixes(10000);
  size_t messages[2] = {};
  for (bool extended : {false, true}) {
    Negotiated n = testing::Both();
    n.extended_message = extended;
    Bytes out;
    ASSERT_TRUE(EncodeAnnounce(kIpv4Unicast, Attrs(), {}, routes, n, &out));
    Collected c = Collect(out, n);
    EXPECT_EQ(c.announced, routes);
    for (const PathAttributes& a : c.attrs) EXPECT_EQ(a, Attrs());
    messages[extended] = c.messages;

    Bytes wd;
    EncodeWithdraw(kIpv4Unicast, routes, n, &wd);
    Collected w = Collect(wd, n);
    EXPECT_EQ(w.withdrawn, routes);
    EXPECT_TRUE(w.announced.empty());
  }
  // 5 bytes a route: 4096 - 23 - attributes fits ~800 per message.
  EXPECT_EQ(messages[0], 13u);
  EXPECT_LT(messages[1], messages[0]);
  EXPECT_EQ(messages[1], 1u);
}

TEST(UpdatePackTest, ThousandIpv6Slash64Routes) {
  auto routes = V6Slash64s(1000);
  MpNextHop nh{*IpAddress::Parse("2001:db8::1"), *IpAddress::Parse("fe80::1")};
  size_t messages[2] = {};
  for (bool extended : {false, true}) {
    Negotiated n = testing::Both();
    n.extended_message = extended;
    Bytes out;
    ASSERT_TRUE(EncodeAnnounce(kIpv6Unicast, Attrs(), nh, routes, n, &out));
    Collected c = Collect(out, n);
    EXPECT_EQ(c.announced, routes);
    for (const MpNextHop& got : c.next_hops) EXPECT_EQ(got, nh);
    PathAttributes without_nh = Attrs();
    without_nh.next_hop.reset();  // RFC 4760 §3: no NEXT_HOP with MP_REACH only
    for (const PathAttributes& a : c.attrs) EXPECT_EQ(a, without_nh);
    messages[extended] = c.messages;

    Bytes wd;
    EncodeWithdraw(kIpv6Unicast, routes, n, &wd);
    Collected w = Collect(wd, n);
    EXPECT_EQ(w.withdrawn, routes);
  }
  EXPECT_GT(messages[0], 1u);
  EXPECT_LT(messages[1], messages[0]);
}

TEST(UpdatePackTest, MessagesAreFilledToTheLimit) {
  Negotiated n = testing::Both();
  Bytes out;
  ASSERT_TRUE(EncodeAnnounce(kIpv4Unicast, Attrs(), {}, V4Prefixes(2000), n, &out));
  // Every message but the last has no room left for one more /32.
  size_t at = 0;
  while (at < out.size()) {
    size_t len = out[at + 16] << 8 | out[at + 17];
    at += len;
    if (at < out.size()) {
      EXPECT_GT(len + 5, n.max_message_size());
    }
  }
}

TEST(UpdatePackTest, ExtendedLengthForMpAttributesOnlyWhenNeeded) {
  Negotiated n = testing::Both();
  MpNextHop nh{*IpAddress::Parse("2001:db8::1"), std::nullopt};
  Bytes one;
  ASSERT_TRUE(EncodeAnnounce(kIpv6Unicast, Attrs(), nh, V6Slash64s(1), n, &one));
  Collected c = Collect(one, n);
  ASSERT_EQ(c.messages, 1u);
  // ... the MP_REACH_NLRI header is 3 bytes (flags 0x80) for a small value.
  Bytes needle = Hex("800e" "1e" "0002" "01" "10");
  EXPECT_NE(std::search(one.begin(), one.end(), needle.begin(), needle.end()), one.end());
  Bytes wd;
  EncodeWithdraw(kIpv6Unicast, V6Slash64s(1), n, &wd);
  EXPECT_EQ(wd, Hex(std::string(32, 'f') + "0026" "02" "0000" "000f" "800f0c" "000201" "40" "20010db800000000"));
  Bytes many;
  EncodeWithdraw(kIpv6Unicast, V6Slash64s(100), n, &many);
  Bytes ext = Hex("900f" "0387" "000201");  // 3 + 100 * 9 = 903
  EXPECT_EQ(Bytes(many.begin() + 23, many.begin() + 30), ext);
}

TEST(UpdatePackTest, RefusesWhatCannotCarryOneRoute) {
  Negotiated n = testing::Both();
  PathAttributes huge = Attrs();
  huge.communities.assign(1100, 1);  // 4400 bytes of attributes
  Bytes out = {0xab};
  EXPECT_FALSE(EncodeAnnounce(kIpv4Unicast, huge, {}, V4Prefixes(1), n, &out));
  EXPECT_EQ(out, Bytes{0xab}) << "nothing written";
  EXPECT_FALSE(EncodeAnnounce(kIpv6Unicast, Attrs(), {IpAddress::V4(1), std::nullopt}, V6Slash64s(1), n, &out))
      << "IPv4 next hop for IPv6 routes";
  EXPECT_FALSE(EncodeAnnounce({Afi::kIpv4, Safi::kFlowIp}, Attrs(), {IpAddress::V4(1), std::nullopt}, V4Prefixes(1), n,
                              &out));
  EXPECT_EQ(out, Bytes{0xab});
  PathAttributes no_next_hop = Attrs();
  no_next_hop.next_hop.reset();
  EXPECT_FALSE(EncodeAnnounce(kIpv4Unicast, no_next_hop, {}, V4Prefixes(1), n, &out));
  EXPECT_TRUE(EncodeAnnounce(kIpv4Unicast, Attrs(), {}, {}, n, &out)) << "no routes, nothing to do";
  EXPECT_EQ(out, Bytes{0xab});
}

TEST(UpdatePackTest, TwoByteSessionsGetAs4Path) {
  Negotiated n = testing::Ebgp(65001, 65002, false);
  PathAttributes a = Attrs();
  a.as_path = AsPath{{AsSegmentType::kSequence, {4200000000u, 65002}}};
  Bytes out;
  ASSERT_TRUE(EncodeAnnounce(kIpv4Unicast, a, {}, V4Prefixes(3), n, &out));
  Collected c = Collect(out, n);
  ASSERT_EQ(c.attrs.size(), 1u);
  EXPECT_EQ(c.attrs[0].as_path, a.as_path);
}

}  // namespace
}  // namespace herald::wire
