// ScanUpdate must count exactly what herald's full decoder finds, for every
// shape of UPDATE the benchmarks meet, and refuse truncated input.
#include "update_scan.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "wire/message.h"
#include "wire/test_prefixes.h"
#include "wire/update.h"

namespace herald::bench {
namespace {

using wire::InetNlri;
using wire::testing::V4Prefixes;
using wire::testing::V6Slash64s;

wire::PathAttributes Attrs(std::optional<uint32_t> med) {
  wire::PathAttributes a;
  a.origin = wire::Origin::kIgp;
  a.as_path = wire::AsPath{{wire::AsSegmentType::kSequence, {65001}}};
  a.next_hop = IpAddress::V4(0xc6336401);
  a.med = med;
  a.communities = {0xfde90001};
  return a;
}

wire::Negotiated Session(bool extended) {
  wire::Negotiated n;
  n.extended_message = extended;
  n.families = {wire::kIpv4Unicast, wire::kIpv6Unicast};
  return n;
}

// A prefix in its NLRI encoding, as UpdatePrefixes lists it.
Bytes Encoded(const Prefix& p) {
  Bytes out(1 + p.wire_bytes());
  out[0] = p.length();
  std::copy_n(p.address().data(), p.wire_bytes(), out.begin() + 1);
  return out;
}

std::vector<Bytes> Encoded(const std::vector<InetNlri>& a, const std::vector<InetNlri>* b) {
  std::vector<Bytes> out;
  for (const InetNlri& n : a) out.push_back(Encoded(n.prefix));
  if (b)
    for (const InetNlri& n : *b) out.push_back(Encoded(n.prefix));
  return out;
}

std::vector<Bytes> Copied(const std::vector<ByteSpan>& spans) {
  std::vector<Bytes> out;
  for (ByteSpan s : spans) out.emplace_back(s.begin(), s.end());
  return out;
}

// Splits a buffer of whole messages and scans every UPDATE, checking each
// (counts and listed prefixes) against wire::Update::Decode; returns the
// summed counts.
UpdateCounts ScanAll(const Bytes& messages, const wire::Negotiated& n,
                     const WatchedPrefix& watch = {}) {
  UpdateCounts total;
  size_t at = 0;
  while (at < messages.size()) {
    size_t len = (size_t{messages[at + 16]} << 8) | messages[at + 17];
    ByteSpan body(messages.data() + at + wire::kHeaderSize, len - wire::kHeaderSize);
    UpdateCounts c;
    EXPECT_TRUE(ScanUpdate(body, watch, &c));
    UpdateCounts listed;
    UpdatePrefixes prefixes;
    EXPECT_TRUE(ScanUpdate(body, watch, &listed, &prefixes));
    EXPECT_EQ(listed.announced, c.announced);
    EXPECT_EQ(listed.withdrawn, c.withdrawn);
    ByteReader r(body);
    auto u = wire::Update::Decode(r, n);
    EXPECT_TRUE(u.ok());
    if (u.ok()) {
      size_t announced = ClassicNlri(*u).size() + (MpReachOf(*u) ? MpReachOf(*u)->nlri.size() : 0);
      size_t withdrawn = ClassicWithdrawn(*u).size() + (MpUnreachOf(*u) ? MpUnreachOf(*u)->nlri.size() : 0);
      EXPECT_EQ(c.announced, announced);
      EXPECT_EQ(c.withdrawn, withdrawn);
      EXPECT_EQ(c.med, u->attrs.med);
      EXPECT_EQ(c.end_of_rib, u->EndOfRib().has_value());
      EXPECT_EQ(Copied(prefixes.announced),
                Encoded(ClassicNlri(*u), MpReachOf(*u) ? &MpReachOf(*u)->nlri : nullptr));
      EXPECT_EQ(Copied(prefixes.withdrawn),
                Encoded(ClassicWithdrawn(*u), MpUnreachOf(*u) ? &MpUnreachOf(*u)->nlri : nullptr));
    }
    total.announced += c.announced;
    total.withdrawn += c.withdrawn;
    total.watched_announced |= c.watched_announced;
    total.watched_withdrawn |= c.watched_withdrawn;
    if (c.med) total.med = c.med;
    at += len;
  }
  return total;
}

TEST(UpdateScanTest, CountsPackedIpv4Announcements) {
  for (bool extended : {false, true}) {
    Bytes out;
    auto n = Session(extended);
    ASSERT_TRUE(wire::EncodeAnnounce(wire::kIpv4Unicast, Attrs(100), {}, V4Prefixes(10000), n, &out));
    UpdateCounts c = ScanAll(out, n);
    EXPECT_EQ(c.announced, 10000u);
    EXPECT_EQ(c.withdrawn, 0u);
    EXPECT_EQ(c.med, 100u);
  }
}

TEST(UpdateScanTest, CountsShorterPrefixes) {
  Bytes out;
  auto n = Session(false);
  ASSERT_TRUE(wire::EncodeAnnounce(wire::kIpv4Unicast, Attrs(std::nullopt), {},
                                   V4Prefixes(3000, 0x10000000u, 24), n, &out));
  UpdateCounts c = ScanAll(out, n);
  EXPECT_EQ(c.announced, 3000u);
  EXPECT_FALSE(c.med.has_value());
}

TEST(UpdateScanTest, ListsEachPrefixOnce) {
  // ScanAll compares the lists with the decoder's; this checks the lists
  // are not empty by accident and are cleared between two scans.
  Bytes out;
  auto n = Session(false);
  ASSERT_TRUE(wire::EncodeAnnounce(wire::kIpv4Unicast, Attrs(5), {}, V4Prefixes(3, 0x0a000000u, 23),
                                   n, &out));
  ByteSpan body = ByteSpan(out).subspan(wire::kHeaderSize);
  UpdateCounts c;
  UpdatePrefixes prefixes;
  prefixes.withdrawn.push_back(body);  // left over from an earlier scan
  ASSERT_TRUE(ScanUpdate(body, {}, &c, &prefixes));
  EXPECT_EQ(Copied(prefixes.announced),
            (std::vector<Bytes>{{23, 10, 0, 0}, {23, 10, 0, 2}, {23, 10, 0, 4}}));
  EXPECT_TRUE(prefixes.withdrawn.empty());
  ScanAll(out, n);
}

TEST(UpdateScanTest, CountsWithdrawals) {
  Bytes out;
  auto n = Session(false);
  wire::EncodeWithdraw(wire::kIpv4Unicast, V4Prefixes(5000), n, &out);
  UpdateCounts c = ScanAll(out, n);
  EXPECT_EQ(c.withdrawn, 5000u);
  EXPECT_EQ(c.announced, 0u);
}

TEST(UpdateScanTest, CountsMpReachAndMpUnreach) {
  Bytes out;
  auto n = Session(false);
  wire::MpNextHop nh{*IpAddress::Parse("2001:db8::1"), std::nullopt};
  wire::PathAttributes a = Attrs(7);
  a.next_hop.reset();
  ASSERT_TRUE(wire::EncodeAnnounce(wire::kIpv6Unicast, a, nh, V6Slash64s(2000), n, &out));
  wire::EncodeWithdraw(wire::kIpv6Unicast, V6Slash64s(700), n, &out);
  UpdateCounts c = ScanAll(out, n);
  EXPECT_EQ(c.announced, 2000u);
  EXPECT_EQ(c.withdrawn, 700u);
}

TEST(UpdateScanTest, RecognisesEndOfRib) {
  for (wire::Family f : {wire::kIpv4Unicast, wire::kIpv6Unicast}) {
    Bytes eor = wire::EncodeEndOfRib(f);
    UpdateCounts c;
    ASSERT_TRUE(ScanUpdate(ByteSpan(eor).subspan(wire::kHeaderSize), {}, &c));
    EXPECT_TRUE(c.end_of_rib) << f.Name();
  }
  Bytes out;
  auto n = Session(false);
  wire::EncodeWithdraw(wire::kIpv6Unicast, V6Slash64s(1), n, &out);
  UpdateCounts c;
  ASSERT_TRUE(ScanUpdate(ByteSpan(out).subspan(wire::kHeaderSize), {}, &c));
  EXPECT_FALSE(c.end_of_rib);
}

TEST(UpdateScanTest, SeesTheWatchedPrefix) {
  WatchedPrefix watch;
  ASSERT_TRUE(watch.Parse("10.0.0.100/32"));
  WatchedPrefix other;
  ASSERT_TRUE(other.Parse("10.0.0.100/31"));
  EXPECT_FALSE(WatchedPrefix().Parse("10.0.0.1"));
  EXPECT_FALSE(WatchedPrefix().Parse("10.0.0.0/33"));
  auto n = Session(false);

  Bytes announce;
  ASSERT_TRUE(wire::EncodeAnnounce(wire::kIpv4Unicast, Attrs(42), {}, V4Prefixes(1000), n, &announce));
  UpdateCounts c = ScanAll(announce, n, watch);
  EXPECT_TRUE(c.watched_announced);
  EXPECT_FALSE(c.watched_withdrawn);
  EXPECT_FALSE(ScanAll(announce, n, other).watched_announced);

  Bytes withdraw;
  wire::EncodeWithdraw(wire::kIpv4Unicast, V4Prefixes(1, 0x0a000064u), n, &withdraw);
  c = ScanAll(withdraw, n, watch);
  EXPECT_TRUE(c.watched_withdrawn);
  EXPECT_FALSE(c.watched_announced);
}

TEST(UpdateScanTest, RefusesEveryTruncation) {
  Bytes out;
  auto n = Session(false);
  ASSERT_TRUE(wire::EncodeAnnounce(wire::kIpv4Unicast, Attrs(1), {}, V4Prefixes(3), n, &out));
  ByteSpan body = ByteSpan(out).subspan(wire::kHeaderSize);
  UpdateCounts c;
  ASSERT_TRUE(ScanUpdate(body, {}, &c));
  // Cutting the body short leaves either a length field running past its
  // container or a half prefix; cutting inside the NLRI is the latter.
  for (size_t cut = 0; cut < body.size(); ++cut) {
    ByteSpan part = body.first(cut);
    EXPECT_FALSE(ScanUpdate(part, {}, &c) && c.announced == 3) << "cut at " << cut;
  }
  // Attribute length past the body.
  Bytes bad(body.begin(), body.end());
  bad[3] = 0xff;
  EXPECT_FALSE(ScanUpdate(bad, {}, &c));
  // A prefix longer than 128 bits.
  Bytes long_prefix = {0, 0, 0, 0, 200, 1, 2, 3};
  EXPECT_FALSE(ScanUpdate(long_prefix, {}, &c));
}


// FlowSpec rules (S7): one counted per rule, short (one length octet) and
// long (two: 0xf0 and up, RFC 8955 §4) alike, announced and withdrawn.
TEST(UpdateScanTest, CountsFlowRules) {
  const wire::Family flow{wire::Afi::kIpv4, wire::Safi::kFlowIp};
  std::vector<wire::GenericNlri> rules;
  for (uint32_t i = 0; i < 3000; ++i) {
    Bytes rule = {0x01, 0x20, 10, static_cast<uint8_t>(i >> 16), static_cast<uint8_t>(i >> 8),
                  static_cast<uint8_t>(i)};
    if (i % 10 == 0) {  // a long rule: 90 destination ports
      rule.push_back(0x05);
      for (int p = 0; p < 90; ++p) rule.insert(rule.end(), {static_cast<uint8_t>(p == 89 ? 0x91 : 0x11), 0, 80});
    }
    Bytes nlri;
    if (rule.size() >= 240) nlri = {static_cast<uint8_t>(0xf0 | rule.size() >> 8), static_cast<uint8_t>(rule.size())};
    else nlri = {static_cast<uint8_t>(rule.size())};
    nlri.insert(nlri.end(), rule.begin(), rule.end());
    rules.push_back({nlri, 0});
  }
  wire::Negotiated n = Session(false);
  n.families.push_back(flow);
  wire::PathAttributes a = Attrs(1);
  a.next_hop.reset();
  Bytes out;
  ASSERT_TRUE(wire::EncodeAnnounce(flow, a, wire::MpNextHop{{}, std::nullopt, true}, rules, n, &out));
  wire::EncodeWithdraw(flow, std::span(rules).first(1234), n, &out);
  UpdateCounts total;
  for (size_t at = 0; at < out.size();) {
    const size_t len = (size_t{out[at + 16]} << 8) | out[at + 17];
    UpdateCounts c;
    ASSERT_TRUE(ScanUpdate(ByteSpan(out.data() + at + wire::kHeaderSize, len - wire::kHeaderSize), {}, &c));
    total.announced += c.announced;
    total.withdrawn += c.withdrawn;
    at += len;
  }
  EXPECT_EQ(total.announced, 3000u);
  EXPECT_EQ(total.withdrawn, 1234u);
}

}  // namespace
}  // namespace herald::bench
