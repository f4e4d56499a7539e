// The text renderer against ExaBGP's own output for the same messages:
// testdata/exabgp50.txt (ExaBGP 5.0, from FORMATS.md) byte for byte, and
// testdata/exabgp42.txt (ExaBGP 4.2, captured) byte for byte once the
// AS_PATH is written the 5.0 way. Each event is compared with the empty line
// ExaBGP writes after it.
#include <gtest/gtest.h>

#include <regex>

#include "api/render.h"
#include "api/render_test_cases.h"
#include "api/render_test_util.h"

namespace herald::api {
namespace {

using namespace testing;  // NOLINT
namespace c = testing::cases;
using RR = wire::RouteRefresh::Subtype;

Host AnyHost() {
  return Host{"vm", 1, 2, [] { return 1.0; }};
}

template <typename F>
std::string RenderText(F f, Host host = AnyHost(), Style style = {}) {
  auto r = MakeTextRenderer(std::move(host), style);
  std::string out;
  f(*r, &out);
  return out;
}

// ---- ExaBGP 5.0, FORMATS.md ----

class Text50 : public ::testing::Test {
 protected:
  std::vector<std::string> blocks_ = TextBlocks(ReadLines("exabgp50.txt"));
  NeighborInfo n_ = Neighbor("127.0.0.1", 65001, 1);
  const std::string& Block(size_t i) { return blocks_.at(i); }
};

TEST_F(Text50, HasTheElevenEvents) { EXPECT_EQ(blocks_.size(), 11u); }

TEST_F(Text50, NeighborChanges) {
  EXPECT_EQ(RenderText([&](Renderer& r, std::string* o) { r.Connected(n_, o); }), Block(0));
  EXPECT_EQ(RenderText([&](Renderer& r, std::string* o) { r.Up(n_, o); }), Block(3));
  EXPECT_EQ(RenderText([&](Renderer& r, std::string* o) { r.Down(n_, "closing connection", o); }),
            Block(9));
}

TEST_F(Text50, OpenAndKeepalive) {
  wire::Open open = c::OpenMin(65001, "10.0.0.1", false);
  open.hold_time = 180;
  open.capabilities.push_back(c::Cap(6, wire::ExtendedMessageCap{}));
  EXPECT_EQ(
      RenderText([&](Renderer& r, std::string* o) { r.Open(n_, Direction::kReceive, open, o); }),
      Block(1));
  EXPECT_EQ(
      RenderText([&](Renderer& r, std::string* o) { r.Keepalive(n_, Direction::kReceive, o); }),
      Block(2));
}

TEST_F(Text50, Updates) {
  wire::Update u1;
  u1.attrs.origin = wire::Origin::kIgp;
  u1.attrs.as_path = Sequence({65001, 65010});
  u1.attrs.next_hop = Ip("127.0.0.1");
  u1.attrs.med = 100;
  u1.attrs.communities = {65001u << 16 | 1, wire::kNoExport};
  u1.attrs.extended_communities = {Ext("0002fde900000007")};
  u1.attrs.large_communities = {{65001, 2, 3}};
  u1.Announce(Nlris({"10.1.0.0/24"}));
  EXPECT_EQ(
      RenderText([&](Renderer& r, std::string* o) { r.Update(n_, Direction::kReceive, u1, o); }),
      Block(4));

  wire::Update u2;
  u2.attrs.origin = wire::Origin::kIncomplete;
  u2.attrs.as_path = Sequence({65001});
  u2.attrs.next_hop = Ip("127.0.0.1");
  u2.Announce(Nlris({"10.2.0.0/24"}));
  EXPECT_EQ(
      RenderText([&](Renderer& r, std::string* o) { r.Update(n_, Direction::kReceive, u2, o); }),
      Block(5));

  wire::Update u3;
  u3.attrs.origin = wire::Origin::kIgp;
  u3.attrs.as_path = Sequence({65001});
  u3.attrs.med = 5;
  u3.Announce(
      wire::kIpv6Unicast, {Ip("::ffff:127.0.0.1"), std::nullopt}, Nlris({"2001:db8:1::/48"}));
  EXPECT_EQ(
      RenderText([&](Renderer& r, std::string* o) { r.Update(n_, Direction::kReceive, u3, o); }),
      Block(6));
}

TEST_F(Text50, EndOfRib) {
  EXPECT_EQ(RenderText([&](Renderer& r, std::string* o) {
              r.Update(n_, Direction::kReceive, c::EorV4(), o);
            }),
            Block(7));
  EXPECT_EQ(RenderText([&](Renderer& r, std::string* o) {
              r.Update(n_, Direction::kReceive, c::EorV6(), o);
            }),
            Block(8));
}

TEST_F(Text50, Shutdown) {
  EXPECT_EQ(RenderText([&](Renderer& r, std::string* o) { r.Shutdown(o); },
                       Host{"vm", 16035, 16029, nullptr}),
            Block(10));
}

// ---- ExaBGP 4.2, captured ----

class Text42 : public ::testing::Test {
 protected:
  std::vector<std::string> blocks_ = TextBlocks(ReadLines("exabgp42.txt"));
  NeighborInfo n61_ = Neighbor("127.0.0.61", 65001, 61);
  NeighborInfo n62_ = Neighbor("127.0.0.62", 65002, 62);
  NeighborInfo n63_ = Neighbor("127.0.0.63", 65003, 63);
  NeighborInfo n64_ = Neighbor("127.0.0.64", 65004, 64);

  std::string Block(std::string_view needle) { return TextBlock(blocks_, needle); }
  std::string Update(const NeighborInfo& n, const wire::Update& u,
                     Direction d = Direction::kReceive) {
    return RenderText([&](Renderer& r, std::string* o) { r.Update(n, d, u, o); });
  }
  // ExaBGP 5.0 brackets each AS_PATH segment; 4.2 brackets the whole path.
  // 5.0's text differs from 4.2's in the as-path form and in 4-octet AS
  // route targets and origins, written without 4.2's "L".
  static std::string AsPath50(std::string block, std::string_view from, std::string_view to) {
    for (size_t at; (at = block.find(from)) != std::string::npos;)
      block.replace(at, from.size(), to);
    static const std::regex kAs4L(R"(((?:target|origin|rtrecord):\d+)L:)");
    return std::regex_replace(block, kAs4L, "$1:");
  }
};

TEST_F(Text42, Open) {
  // FQDN (73): "unassigned 73" in 4.2, "hostname(...)" in 5.0 (lower-cased).
  std::string expected =
      Edit(Block("127.0.0.61 receive open"), "unassigned 73", "hostname(speaker example.net)");
  EXPECT_EQ(RenderText([&](Renderer& r, std::string* o) {
              r.Open(n61_, Direction::kReceive, c::Open61(), o);
            }),
            expected);
  EXPECT_EQ(RenderText([&](Renderer& r, std::string* o) {
              r.Open(n62_, Direction::kReceive, c::Open62(), o);
            }),
            Block("127.0.0.62 receive open"));
  EXPECT_EQ(RenderText([&](Renderer& r, std::string* o) {
              r.Open(n63_, Direction::kReceive, c::Open63(), o);
            }),
            Block("127.0.0.63 receive open"));
  EXPECT_EQ(RenderText([&](Renderer& r, std::string* o) {
              r.Open(n64_, Direction::kReceive, c::Open64(), o);
            }),
            Block("127.0.0.64 receive open"));
}

TEST_F(Text42, NeighborChangesAndKeepalive) {
  EXPECT_EQ(RenderText([&](Renderer& r, std::string* o) { r.Up(n61_, o); }),
            Block("127.0.0.61 up"));
  EXPECT_EQ(
      RenderText([&](Renderer& r, std::string* o) { r.Keepalive(n61_, Direction::kReceive, o); }),
      Block("127.0.0.61 receive keepalive"));
  EXPECT_EQ(
      RenderText([&](Renderer& r, std::string* o) {
        r.Down(
            n63_,
            "peer reset, message [notification received (6,4)] error[Cease / Administrative Reset]",
            o);
      }),
      Block("127.0.0.63 down - peer reset, message [notification received"));
}

TEST_F(Text42, SentUpdate) {
  EXPECT_EQ(Update(n61_, c::SendUpdate61(), Direction::kSend),
            AsPath50(Block("send update announced 192.0.2.0/24"), "[ 65002 ]", "( 65002 )"));
}

TEST_F(Text42, AnnounceWithEveryEbgpAttribute) {
  EXPECT_EQ(Update(n61_, c::V4AnnounceFull()),
            AsPath50(Block("announced 10.1.0.0/24"), "as-path [ 65001 65010 ( 64512 64513 ) ]",
                     "as-path ( 65001 65010 ) [ 64512 64513 ]"));
}

TEST_F(Text42, Withdrawals) {
  EXPECT_EQ(Update(n61_, c::V4Withdraw()), Block("withdrawn 10.1.1.0/24"));
  EXPECT_EQ(Update(n61_, c::V6Withdraw()), Block("withdrawn 2001:db8:2::/64"));
}

TEST_F(Text42, LinkLocalNextHopListsEachRouteTwice) {
  EXPECT_EQ(Update(n61_, c::V6AnnounceLinkLocal()),
            AsPath50(Block("next-hop fe80::61"), "[ 65001 ]", "( 65001 )"));
}

TEST_F(Text42, Ipv6AnnounceAndMixed) {
  EXPECT_EQ(
      Update(n61_, c::V6Announce()),
      AsPath50(Block("announced 2001:db8:3::/48"), "[ 65001 4200000000 ]", "( 65001 4200000000 )"));
  EXPECT_EQ(Update(n61_, c::Mixed()),
            AsPath50(Block("announced 10.2.0.0/16"), "[ 65001 ]", "( 65001 )"));
}

TEST_F(Text42, EndOfRibReceivedAndSent) {
  EXPECT_EQ(Update(n61_, c::EorV4()), Block("127.0.0.61 receive update route eor 1/1"));
  EXPECT_EQ(Update(n61_, c::EorV6()), Block("127.0.0.61 receive update route eor 2/1"));
  EXPECT_EQ(Update(n62_, c::EorV6(), Direction::kSend),
            Block("127.0.0.62 send update route eor 2/1"));
}

TEST_F(Text42, Ibgp) {
  EXPECT_EQ(Update(n62_, c::IbgpAnnounce()), Block("announced 10.3.0.0/24"));
  EXPECT_EQ(Update(n62_, c::IbgpConfed()),
            AsPath50(Block("announced 10.4.0.0/24"), "as-path [ 65003 ][ 65100 65101 ( 65102 ) ]",
                     "as-path {( 65100 65101 )} {[ 65102 ]} ( 65003 )"));
}

TEST_F(Text42, AddPath) {
  EXPECT_EQ(Update(n63_, c::AddPathV4()),
            AsPath50(Block("path-information 0.0.0.2"), "[ 65003 ]", "( 65003 )"));
  EXPECT_EQ(Update(n63_, c::AddPathV6()),
            AsPath50(Block("path-information 1.2.3.4"), "[ 65003 ]", "( 65003 )"));
  EXPECT_EQ(Update(n63_, c::AddPathWithdraw()),
            Block("withdrawn 10.5.0.0/24 path-information 0.0.0.1"));
}

TEST_F(Text42, Notifications) {
  EXPECT_EQ(RenderText([&](Renderer& r, std::string* o) {
              r.Notification(n62_, Direction::kReceive, wire::Notification{3, 1, B({1, 2, 3})}, o);
            }),
            Block("127.0.0.62 receive notification"));
  EXPECT_EQ(RenderText([&](Renderer& r, std::string* o) {
              r.Notification(n63_, Direction::kReceive, wire::Notification{6, 4, {}}, o);
            }),
            Block("127.0.0.63 receive notification"));
}

TEST_F(Text42, RouteRefresh) {
  auto refresh = [&](wire::Family f, RR s) {
    return RenderText([&](Renderer& r, std::string* o) {
      r.Refresh(n61_, Direction::kReceive, c::Refresh(f, s), o);
    });
  };
  EXPECT_EQ(refresh(wire::kIpv6Unicast, RR::kBeginOfRib), Block("safi unicast begin"));
  EXPECT_EQ(refresh(wire::kIpv6Unicast, RR::kEndOfRib), Block("safi unicast end"));
  EXPECT_EQ(refresh(wire::kIpv4Unicast, RR::kNormal), Block("safi unicast query"));
}

// The 4.x format (exabgp.api.version 4) is ExaBGP 4.2's text itself.
TEST_F(Text42, Format4IsTheCapturedText) {
  const Style v4{Format::kExabgp4};
  auto text = [&](auto f) { return RenderText(f, AnyHost(), v4); };
  auto update = [&](const NeighborInfo& n, const wire::Update& u, Direction d = Direction::kReceive) {
    return text([&](Renderer& r, std::string* o) { r.Update(n, d, u, o); });
  };
  EXPECT_EQ(text([&](Renderer& r, std::string* o) { r.Open(n61_, Direction::kReceive, c::Open61(), o); }),
            Block("127.0.0.61 receive open"));
  EXPECT_EQ(text([&](Renderer& r, std::string* o) { r.Open(n64_, Direction::kReceive, c::Open64(), o); }),
            Block("127.0.0.64 receive open"));
  EXPECT_EQ(update(n61_, c::SendUpdate61(), Direction::kSend),
            Block("send update announced 192.0.2.0/24"));
  EXPECT_EQ(update(n61_, c::V4AnnounceFull()), Block("announced 10.1.0.0/24"));
  EXPECT_EQ(update(n61_, c::V6AnnounceLinkLocal()), Block("next-hop fe80::61"));
  EXPECT_EQ(update(n61_, c::V6Announce()), Block("announced 2001:db8:3::/48"));
  EXPECT_EQ(update(n61_, c::Mixed()), Block("announced 10.2.0.0/16"));
  EXPECT_EQ(update(n62_, c::IbgpConfed()), Block("announced 10.4.0.0/24"));
  EXPECT_EQ(update(n63_, c::AddPathV4()), Block("path-information 0.0.0.2"));
  EXPECT_EQ(update(n61_, c::V4Withdraw()), Block("withdrawn 10.1.1.0/24"));
}

TEST_F(Text42, Shutdown) {
  std::string block = Block("shutdown ");
  int pid = 0, ppid = 0;
  ASSERT_EQ(std::sscanf(block.c_str(), "shutdown %d %d", &pid, &ppid), 2);
  EXPECT_EQ(RenderText([&](Renderer& r, std::string* o) { r.Shutdown(o); },
                       Host{"vm", pid, ppid, nullptr}),
            block);
}

// ---- behaviour the captures do not show ----

TEST(TextRenderer, SendDirectionAndNotificationData) {
  NeighborInfo n = Neighbor("2001:db8::1", 65001, 1);
  wire::Notification cease{6, 2, B({2, 'h', 'i', 0xFF})};
  EXPECT_EQ(RenderText([&](Renderer& r, std::string* o) {
              r.Notification(n, Direction::kSend, cease, o);
            }),
            "neighbor 2001:db8::1 send notification code 6 subcode 2 data 0x026869FF\n\n");
  // Received: 'Shutdown Communication: "hi", trailing data: 0xFF' in hex.
  EXPECT_EQ(RenderText([&](Renderer& r, std::string* o) {
              r.Notification(n, Direction::kReceive, cease, o);
            }),
            "neighbor 2001:db8::1 receive notification code 6 subcode 2 data "
            "0x53687574646F776E20436F6D6D756E69636174696F6E3A2022686922"
            "2C20747261696C696E6720646174613A2030784646\n\n");
}

TEST(TextRenderer, DownReasonStaysOnOneLine) {
  NeighborInfo n = Neighbor("192.0.2.1", 65001, 1);
  EXPECT_EQ(RenderText([&](Renderer& r, std::string* o) { r.Down(n, "a\nb\rc", o); }),
            "neighbor 192.0.2.1 down - a b c\n\n");
}

TEST(TextRenderer, RouteWithoutNextHop) {
  NeighborInfo n = Neighbor("192.0.2.1", 65001, 1);
  wire::Update u;
  u.attrs.origin = wire::Origin::kIgp;
  u.Announce(Nlris({"10.0.0.0/8"}));
  EXPECT_EQ(
      RenderText([&](Renderer& r, std::string* o) { r.Update(n, Direction::kReceive, u, o); }),
      "neighbor 192.0.2.1 receive update start\n"
      "neighbor 192.0.2.1 receive update 10.0.0.0/8  origin igp\n"
      "neighbor 192.0.2.1 receive update end\n\n");
}

TEST(TextRenderer, SingleValuesStandAloneAndListsAreSorted) {
  NeighborInfo n = Neighbor("192.0.2.1", 65001, 1);
  wire::Update u;
  u.attrs.next_hop = Ip("10.0.0.1");
  u.attrs.communities = {wire::kNoAdvertise};
  u.attrs.extended_communities = {Ext("8009000000000012"), Ext("0002000100000002")};
  u.attrs.large_communities = {{1, 2, 3}};
  u.attrs.cluster_list = {Ip("10.9.9.9")};
  u.attrs.unknown = {wire::RawAttribute{0x40, 0x63, B({0x0A})}};
  u.Announce(Nlris({"10.0.0.0/8"}));
  auto r = MakeTextRenderer(AnyHost());
  std::string out;
  r->Update(n, Direction::kReceive, u, &out);
  // The same renderer again: scratch buffers must not leak between UPDATEs.
  out.clear();
  r->Update(n, Direction::kReceive, u, &out);
  EXPECT_EQ(out,
            "neighbor 192.0.2.1 receive update start\n"
            "neighbor 192.0.2.1 receive update announced 10.0.0.0/8 next-hop 10.0.0.1 community "
            "no-advertise cluster-list [ 10.9.9.9 ] extended-community [ target:1:2 mark 18 ] "
            "large-community 1:2:3 attribute [ 0x63 0x60 0x0a ]\n"
            "neighbor 192.0.2.1 receive update end\n\n");
}

TEST(TextRenderer, RefreshAndOpenSent) {
  NeighborInfo n = Neighbor("192.0.2.1", 65001, 1);
  wire::Open open = c::OpenMin(65001, "1.2.3.4", true);
  EXPECT_EQ(
      RenderText([&](Renderer& r, std::string* o) { r.Open(n, Direction::kSend, open, o); }),
      "neighbor 192.0.2.1 send open version 4 asn 65001 hold_time 90 router_id 1.2.3.4 "
      "capabilities [multiprotocol(ipv4 unicast,ipv6 unicast), route refresh, asn4(65001)]\n\n");
}

TEST(TextRenderer, PeerHostNameBytesStayOnOneValidLine) {
  NeighborInfo n = Neighbor("192.0.2.1", 65001, 1);
  wire::Open open;
  open.my_as = 65001;
  open.bgp_id = 1;
  open.capabilities = {wire::Capability::Fqdn("a\nb\xff", "c\rd")};
  std::string out = RenderText([&](Renderer& r, std::string* o) { r.Open(n, Direction::kReceive, open, o); });
  EXPECT_NE(out.find("hostname(a b\xef\xbf\xbd c d)"), std::string::npos) << out;
  EXPECT_EQ(out.find('\n'), out.size() - 2) << out;  // one line, then the blank line
}

}  // namespace
}  // namespace herald::api
