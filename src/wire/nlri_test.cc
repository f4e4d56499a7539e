#include "wire/nlri.h"

#include <gtest/gtest.h>

#include "wire/test_util.h"

namespace herald::wire {
namespace {

using testing::ExactBuffer;
using testing::Hex;
using testing::IsError;

std::optional<WireError> Decode(const std::string& hex, Afi afi, std::vector<InetNlri>* out,
                                bool add_path = false) {
  ExactBuffer b(Hex(hex));
  ByteReader r = b.reader();
  return DecodeInetNlri(r, afi, add_path, out);
}

InetNlri N(const char* prefix, uint32_t path_id = 0) { return {*Prefix::Parse(prefix), path_id}; }

TEST(NlriTest, DecodesIpv4Prefixes) {
  std::vector<InetNlri> out;
  ASSERT_FALSE(Decode("00" "08" "0a" "18" "c00002" "20" "c0000201" "11" "ac1080", Afi::kIpv4, &out));
  EXPECT_EQ(out, (std::vector<InetNlri>{N("0.0.0.0/0"), N("10.0.0.0/8"), N("192.0.2.0/24"), N("192.0.2.1/32"),
                                        N("172.16.128.0/17")}));
}

TEST(NlriTest, DecodesIpv6Prefixes) {
  std::vector<InetNlri> out;
  ASSERT_FALSE(Decode("40" "20010db800000001" "80" "20010db8000000000000000000000001" "00", Afi::kIpv6, &out));
  EXPECT_EQ(out, (std::vector<InetNlri>{N("2001:db8:0:1::/64"), N("2001:db8::1/128"), N("::/0")}));
}

TEST(NlriTest, ClearsBitsPastThePrefixLength) {
  std::vector<InetNlri> out;
  ASSERT_FALSE(Decode("09" "0aff", Afi::kIpv4, &out));
  EXPECT_EQ(out, std::vector<InetNlri>{N("10.128.0.0/9")});
}

TEST(NlriTest, DecodesPathIdentifiers) {
  std::vector<InetNlri> out;
  ASSERT_FALSE(Decode("00000007" "18" "c00002", Afi::kIpv4, &out, true));
  EXPECT_EQ(out, std::vector<InetNlri>{N("192.0.2.0/24", 7)});
}

TEST(NlriTest, BadPrefixesAreInvalidNetworkField) {
  struct Case {
    const char* hex;
    Afi afi;
    bool add_path;
  } cases[] = {
      {"21" "0a000000" "00", Afi::kIpv4, false},  // /33
      {"ff", Afi::kIpv4, false},
      {"81" "20010db8000000000000000000000000" "00", Afi::kIpv6, false},  // /129
      {"18" "c000", Afi::kIpv4, false},       // /24 with 2 bytes
      {"08", Afi::kIpv4, false},              // length without the byte
      {"08" "0a" "10", Afi::kIpv4, false},    // second prefix cut
      {"40" "20010db8", Afi::kIpv6, false},
      {"000000", Afi::kIpv4, true},           // path id cut
      {"00000001", Afi::kIpv4, true},         // path id without a length
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.hex);
    std::vector<InetNlri> out;
    auto err = Decode(c.hex, c.afi, &out, c.add_path);
    ASSERT_TRUE(err);
    EXPECT_TRUE(IsError(*err, 3, 10, ErrorAction::kSessionReset));
  }
}

TEST(NlriTest, RoundTripsEveryLength) {
  for (Afi afi : {Afi::kIpv4, Afi::kIpv6}) {
    std::vector<InetNlri> in;
    const char* base = afi == Afi::kIpv4 ? "203.0.113.255" : "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff";
    for (int len = 0; len <= (afi == Afi::kIpv4 ? 32 : 128); ++len)
      in.push_back({Prefix(*IpAddress::Parse(base), static_cast<uint8_t>(len)), static_cast<uint32_t>(len)});
    for (bool add_path : {false, true}) {
      Bytes bytes;
      ByteWriter w(&bytes);
      size_t expected = 0;
      for (const InetNlri& n : in) {
        EncodeInetNlri(w, n, add_path);
        expected += InetNlriSize(n, add_path);
      }
      ASSERT_TRUE(w.ok());
      EXPECT_EQ(bytes.size(), expected);
      std::vector<InetNlri> out;
      ExactBuffer b(bytes);
      ByteReader r = b.reader();
      ASSERT_FALSE(DecodeInetNlri(r, afi, add_path, &out));
      if (!add_path)
        for (InetNlri& n : in) n.path_id = 0;
      EXPECT_EQ(out, in);
    }
  }
}

TEST(NlriTest, EveryTruncationFailsOrEndsAtAPrefix) {
  Bytes whole = Hex("18" "c00002" "20" "c0000201" "0a" "0a40");
  std::vector<size_t> boundaries = {0, 4, 9, 12};
  for (size_t len = 0; len <= whole.size(); ++len) {
    std::vector<InetNlri> out;
    ExactBuffer b(ByteSpan(whole.data(), len));
    ByteReader r = b.reader();
    bool ok = !DecodeInetNlri(r, Afi::kIpv4, false, &out);
    EXPECT_EQ(ok, std::find(boundaries.begin(), boundaries.end(), len) != boundaries.end()) << len;
  }
}

TEST(NlriTest, RegistryKnowsItsFamilies) {
  EXPECT_TRUE(IsSupportedFamily(kIpv4Unicast));
  EXPECT_TRUE(IsSupportedFamily(kIpv6Unicast));
  EXPECT_FALSE(IsSupportedFamily({Afi::kIpv4, static_cast<Safi>(200)}));  // no such family
  EXPECT_FALSE(IsGenericFamily(kIpv4Unicast));
  EXPECT_FALSE(IsNextHopOptional(kIpv6Unicast));
  const Family flow[] = {{Afi::kIpv4, Safi::kFlowIp}, {Afi::kIpv6, Safi::kFlowIp}, {Afi::kIpv4, Safi::kFlowVpn},
                         {Afi::kIpv6, Safi::kFlowVpn}};
  for (Family f : flow) {
    EXPECT_TRUE(IsSupportedFamily(f)) << f.Name();
    EXPECT_TRUE(IsGenericFamily(f)) << f.Name();
    EXPECT_TRUE(IsNextHopOptional(f)) << f.Name();
  }
  const Family prefixes[] = {{Afi::kIpv4, Safi::kMulticast}, {Afi::kIpv4, Safi::kMplsLabel},
                             {Afi::kIpv4, Safi::kMplsVpn},   {Afi::kIpv6, Safi::kMulticast},
                             {Afi::kIpv6, Safi::kMplsLabel}, {Afi::kIpv6, Safi::kMplsVpn}};
  for (Family f : prefixes) {
    EXPECT_TRUE(IsGenericFamily(f)) << f.Name();
    EXPECT_FALSE(IsNextHopOptional(f)) << f.Name();
  }
  // ExaBGP's order (what it lists in an OPEN for `family { all; }`), but
  // RT-Constrain, which herald leaves out of `all`.
  auto all = DefaultFamilies();
  EXPECT_EQ(std::vector<Family>(all.begin(), all.end()),
            (std::vector<Family>{kIpv4Unicast, prefixes[0], prefixes[1], {Afi::kIpv4, Safi::kMcastVpn},
                                 {Afi::kIpv4, static_cast<Safi>(85)}, prefixes[2], flow[0], flow[2], kIpv6Unicast,
                                 prefixes[3], prefixes[4], {Afi::kIpv6, Safi::kMcastVpn},
                                 {Afi::kIpv6, static_cast<Safi>(85)}, prefixes[5], flow[1], flow[3],
                                 Family{Afi::kL2vpn, Safi::kVpls}, Family{Afi::kL2vpn, Safi::kEvpn},
                                 Family{Afi::kBgpLs, Safi::kBgpLs}, Family{Afi::kBgpLs, Safi::kBgpLsVpn}}));
  auto supported = SupportedFamilies();
  EXPECT_EQ(supported.size(), all.size() + 1);
  EXPECT_EQ(supported[6], (Family{Afi::kIpv4, Safi::kRtc}));
}

}  // namespace
}  // namespace herald::wire
