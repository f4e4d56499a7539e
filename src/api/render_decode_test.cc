// End to end through the wire decoder: the bytes the capture speaker sent
// (testdata/exabgp42_sent.hex) are decoded with herald's wire::DecodeMessage
// and rendered, and must give exactly what the hand-built messages of
// render_test_cases.h give, which the other tests compare with ExaBGP's
// output for those bytes. The decoded values are also compared with the
// hand-built ones, so a disagreement shows where it starts.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "api/render.h"
#include "api/render_test_cases.h"
#include "api/render_test_util.h"

namespace herald::api {
namespace {

using namespace testing;  // NOLINT

std::map<std::string, Bytes> SentHex() {
  std::map<std::string, Bytes> sent;
  for (const std::string& line : ReadLines("exabgp42_sent.hex")) {
    std::istringstream in(line);
    std::string speaker, name, hex;
    in >> speaker >> name >> hex;
    auto bytes = FromHex(hex);
    EXPECT_TRUE(bytes.has_value()) << line;
    if (bytes) sent[speaker + " " + name] = *bytes;
  }
  return sent;
}

// Everything both renderers write for one message, in the given format.
std::string RenderAll(const NeighborInfo& n, const wire::Message& m, Style style = {}) {
  std::string out;
  for (auto make : {MakeJsonRenderer, MakeTextRenderer}) {
    auto r = make(Host{"vm", 1, 2, [] { return 1.5; }}, style);
    std::visit(
        [&](const auto& msg) {
          using T = std::decay_t<decltype(msg)>;
          if constexpr (std::is_same_v<T, wire::Open>)
            r->Open(n, Direction::kReceive, msg, &out);
          else if constexpr (std::is_same_v<T, wire::Update>)
            r->Update(n, Direction::kReceive, msg, &out);
          else if constexpr (std::is_same_v<T, wire::Notification>)
            r->Notification(n, Direction::kReceive, msg, &out);
          else if constexpr (std::is_same_v<T, wire::RouteRefresh>)
            r->Refresh(n, Direction::kReceive, msg, &out);
          else
            r->Keepalive(n, Direction::kReceive, &out);
        },
        m);
  }
  return out;
}

TEST(RenderDecoded, CapturedBytesRenderAsTheHandBuiltMessages) {
  std::map<std::string, Bytes> sent = SentHex();
  int checked = 0;
  for (const auto& [name, built] : cases::SentMessages()) {
    SCOPED_TRACE(name);
    auto it = sent.find(name);
    ASSERT_NE(it, sent.end());
    // What the receiver negotiated with each speaker (capture/receiver.conf.in).
    const std::string speaker = name.substr(0, name.find(' '));
    const uint32_t peer_as =
        65000 + static_cast<uint32_t>(std::stoul(speaker.substr(speaker.rfind('.') + 1)) - 60);
    wire::Negotiated negotiated;
    negotiated.families = {wire::kIpv4Unicast, wire::kIpv6Unicast};
    negotiated.local_as = 65002;
    negotiated.peer_as = peer_as;
    negotiated.route_refresh = true;
    negotiated.enhanced_route_refresh = speaker == "127.0.0.61";
    // 127.0.0.63 sends path identifiers (add-path send/receive on both).
    if (speaker == "127.0.0.63") negotiated.add_path_receive = negotiated.families;
    auto decoded = wire::DecodeMessage(it->second, negotiated);
    ASSERT_TRUE(decoded.ok()) << decoded.error().what;
    NeighborInfo n = Neighbor(speaker, peer_as, 1);
    std::string expected = RenderAll(n, built);
    if (name == "127.0.0.62 ibgp-announce") {
      // The decoder keeps an unknown attribute optional transitive with
      // Partial and its Extended Length bit (sent as 0xD0), and shows it
      // so, as ExaBGP does.
      ASSERT_EQ(std::get<wire::Update>(*decoded).attrs.unknown.at(0).flags, 0xF0);
    } else {
      EXPECT_TRUE(*decoded == built);
    }
    EXPECT_EQ(RenderAll(n, *decoded), expected);
    ++checked;
  }
  EXPECT_EQ(checked, 22);
}

// Whatever the decoder accepts, both renderers render: every captured
// message with bytes flipped at random (fixed seed), decoded where the
// decoder takes it, rendered, and checked to be whole lines. Meant to run
// under ASan/UBSan too.
TEST(RenderDecoded, MutatedMessagesRenderWithoutFault) {
  std::map<std::string, Bytes> sent = SentHex();
  wire::Negotiated negotiated;
  negotiated.families = {wire::kIpv4Unicast, wire::kIpv6Unicast};
  negotiated.local_as = 65002;
  negotiated.peer_as = 65002;
  negotiated.enhanced_route_refresh = true;
  NeighborInfo n = Neighbor("127.0.0.61", 65001, 1);
  uint32_t seed = 12345;
  auto next = [&seed] { return seed = seed * 1103515245u + 12345u, seed >> 16; };
  int rendered = 0;
  for (const auto& [name, bytes] : sent) {
    for (int round = 0; round < 300; ++round) {
      Bytes m = bytes;
      int flips = 1 + next() % 4;
      for (int i = 0; i < flips && m.size() > 19; ++i)
        m[19 + next() % (m.size() - 19)] = static_cast<uint8_t>(next());
      auto decoded = wire::DecodeMessage(m, negotiated);
      if (!decoded.ok()) continue;
      for (Style style : {Style{}, Style{Format::kExabgp4, true}}) {
        std::string out = RenderAll(n, *decoded, style);
        ASSERT_FALSE(out.empty());
        EXPECT_EQ(out.back(), '\n') << name;
      }
      ++rendered;
    }
  }
  EXPECT_GT(rendered, 100);
}

TEST(RenderDecoded, OutOfRangeEnumsRender) {
  NeighborInfo n = Neighbor("127.0.0.61", 65001, 1);
  wire::Update u;
  u.attrs.origin = static_cast<wire::Origin>(7);
  u.attrs.as_path = wire::AsPath{Segment(static_cast<wire::AsSegmentType>(9), {1})};
  u.attrs.next_hop = Ip("10.0.0.1");
  u.Announce(Nlris({"10.0.0.0/8"}));
  std::string out = RenderAll(n, u);
  EXPECT_NE(out.find("\"origin\": \"invalid\""), std::string::npos) << out;
  EXPECT_NE(out.find(" origin invalid as-path ( 1 )"), std::string::npos) << out;
  wire::RouteRefresh rr{wire::Family{static_cast<wire::Afi>(0xFFFF), static_cast<wire::Safi>(0xFF)},
                        static_cast<wire::RouteRefresh::Subtype>(9)};
  out = RenderAll(n, rr);
  EXPECT_NE(out.find("\"afi\": \"unknown-afi-0xffff\", \"safi\": \"unknown safi 255\", "
                     "\"subtype\": \"invalid\""),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("route-refresh afi unknown-afi-0xffff safi unknown safi 255 invalid\n"),
            std::string::npos)
      << out;
  out = RenderAll(n, rr, Style{Format::kExabgp4, false});
  EXPECT_NE(out.find("\"afi\": \"unknown-afi-0x0xffff\""), std::string::npos) << out;
  EXPECT_NE(out.find("route-refresh afi unknown-afi-0x0xffff safi"), std::string::npos) << out;
  wire::Open open;
  open.capabilities = {cases::Cap(5, wire::ExtendedNextHopCap{}),      // no entries
                       cases::Cap(1, wire::UnknownCap{B({1})}),        // malformed MP kept raw
                       cases::Cap(69, wire::AddPathCap{{{wire::kIpv4Unicast, 7}}})};
  out = RenderAll(n, open);
  EXPECT_NE(out.find("\"5\": { \"name\": \"nexthop\", \"conversion\": [ ] }, \"1\": { \"name\": "
                     "\"unknown\", \"iana\": \"unknown\", \"value\": 1, \"raw\": \"01\" }, \"69\": "
                     "{ \"name\": \"addpath\", \"ipv4/unicast\": \"invalid\" }"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("capabilities [unknown 1, nexthop(), addpath(invalid ipv4 unicast)]"),
            std::string::npos)
      << out;
}

}  // namespace
}  // namespace herald::api
