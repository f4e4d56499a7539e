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
    c.announced.insert(c.announced.end(), ClassicNlri(u).begin(), ClassicNlri(u).end());
    c.withdrawn.insert(c.withdrawn.end(), ClassicWithdrawn(u).begin(), ClassicWithdrawn(u).end());
    if (MpReachOf(u)) {
      c.announced.insert(c.announced.end(), MpReachOf(u)->nlri.begin(), MpReachOf(u)->nlri.end());
      c.next_hops.push_back(MpReachOf(u)->next_hop);
    }
    if (MpUnreachOf(u)) c.withdrawn.insert(c.withdrawn.end(), MpUnreachOf(u)->nlri.begin(), MpUnreachOf(u)->nlri.end());
    if (!ClassicNlri(u).empty() || MpReachOf(u)) c.attrs.push_back(u.attrs);
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
  EXPECT_FALSE(EncodeAnnounce({Afi::kIpv4, Safi::kMplsVpn}, Attrs(), {IpAddress::V4(1), std::nullopt}, V4Prefixes(1), n,
                              &out))
      << "a family herald does not code";
  EXPECT_FALSE(EncodeAnnounce({Afi::kIpv4, Safi::kFlowIp}, Attrs(), {IpAddress::V4(1), std::nullopt}, V4Prefixes(1), n,
                              &out))
      << "prefixes for a family whose routes are not prefixes";
  EXPECT_EQ(out, Bytes{0xab});
  PathAttributes no_next_hop = Attrs();
  no_next_hop.next_hop.reset();
  EXPECT_FALSE(EncodeAnnounce(kIpv4Unicast, no_next_hop, {}, V4Prefixes(1), n, &out));
  EXPECT_TRUE(EncodeAnnounce(kIpv4Unicast, Attrs(), {}, std::span<const InetNlri>{}, n, &out)) << "no routes, nothing to do";
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

// RFC 7911: with ADD-PATH send negotiated for a family, every NLRI carries
// its path identifier, and two paths of one prefix are two routes.
TEST(UpdatePackTest, PathIdentifiersWhenAddPathIsNegotiated) {
  Negotiated n = testing::Both();
  n.add_path_send = {kIpv4Unicast, kIpv6Unicast};
  Negotiated peer = n.Sent();  // the receiving end
  std::vector<InetNlri> v4 = {{*Prefix::Parse("10.5.0.0/24"), 1}, {*Prefix::Parse("10.5.0.0/24"), 2}};
  Bytes out;
  ASSERT_TRUE(EncodeAnnounce(kIpv4Unicast, Attrs(), {}, v4, n, &out));
  // Classic NLRI: path id, length, prefix; twice.
  std::string nlri = "00000001" "180a0500" "00000002" "180a0500";
  EXPECT_EQ(Bytes(out.end() - 16, out.end()), Hex(nlri));
  Collected c = Collect(out, peer);
  EXPECT_EQ(c.announced, v4);
  // Without ADD-PATH on the session, no path identifier goes out.
  Bytes plain;
  ASSERT_TRUE(EncodeAnnounce(kIpv4Unicast, Attrs(), {}, {v4.data(), 1}, testing::Both(), &plain));
  EXPECT_EQ(Bytes(plain.end() - 4, plain.end()), Hex("180a0500"));
  // MP_REACH / MP_UNREACH of IPv6, and classic withdrawals.
  std::vector<InetNlri> v6 = {{*Prefix::Parse("2001:db8:5::/48"), 0x01020304}};
  PathAttributes attrs = Attrs();
  attrs.next_hop.reset();
  out.clear();
  ASSERT_TRUE(EncodeAnnounce(kIpv6Unicast, attrs, {*IpAddress::Parse("2001:db8::1"), std::nullopt}, v6, n, &out));
  EncodeWithdraw(kIpv6Unicast, v6, n, &out);
  EncodeWithdraw(kIpv4Unicast, v4, n, &out);
  c = Collect(out, peer);
  EXPECT_EQ(c.announced, v6);
  std::vector<InetNlri> withdrawn = v6;
  withdrawn.insert(withdrawn.end(), v4.begin(), v4.end());
  EXPECT_EQ(c.withdrawn, withdrawn);
  // The receiver flags what carried path identifiers, so that path id 0 is
  // told from none.
  auto m = DecodeMessage(ByteSpan(out.data(), out[16] << 8 | out[17]), peer);
  ASSERT_TRUE(m.ok());
  ASSERT_TRUE(MpReachOf(std::get<Update>(*m)));
  EXPECT_TRUE(MpReachOf(std::get<Update>(*m))->add_path);
  // Decoded without ADD-PATH receive, the same bytes are other prefixes or
  // an error, never the routes sent.
  auto wrong = DecodeMessage(ByteSpan(out.data(), out[16] << 8 | out[17]), testing::Both());
  EXPECT_TRUE(!wrong.ok() || MpReachOf(std::get<Update>(*wrong)) == nullptr ||
              MpReachOf(std::get<Update>(*wrong))->nlri != v6);
}

// A whole Update keeps its fields' ADD-PATH flags through Encode/Decode.
TEST(UpdatePackTest, WholeUpdateRoundTripsWithPathIdentifiers) {
  Update u;
  u.attrs = Attrs();
  u.Withdraw({{*Prefix::Parse("10.9.0.0/16"), 0}}).add_path = true;
  u.Announce({{*Prefix::Parse("10.5.0.0/24"), 7}}).add_path = true;
  Negotiated n = testing::Both();
  n.add_path_receive = {kIpv4Unicast};
  Bytes body;
  ByteWriter w(&body);
  u.Encode(w, n);
  ASSERT_TRUE(w.ok());
  ByteReader r(body);
  auto d = Update::Decode(r, n);
  ASSERT_TRUE(d.ok()) << d.error().what;
  EXPECT_EQ(*d, u);
}

}  // namespace
}  // namespace herald::wire
