// `api { negotiated; fsm; signal; }` against what ExaBGP printed for them:
// testdata/events_exabgp50.json (5.0.13) and events_exabgp42.json (4.2),
// captured by tools/capture_api_events.py, byte for byte in each format.
#include <gtest/gtest.h>

#include <csignal>
#include <functional>

#include "api/render.h"
#include "api/render_test_cases.h"
#include "api/render_test_util.h"

namespace herald::api {
namespace {

using namespace testing;  // NOLINT
namespace cases = testing::cases;

NegotiatedView Agreed() {
  NegotiatedView v;
  v.message_size = 4096;
  v.hold_time = 90;
  v.asn4 = true;
  v.refresh = NegotiatedView::Refresh::kNormal;
  v.families = {wire::kIpv4Unicast, wire::kIpv6Unicast};
  return v;
}

// The captured line of this type (and, for fsm and signal, containing
// `needle`), rendered with the envelope it shows.
void ExpectEvent(const std::vector<std::string>& lines, std::string_view type, std::string_view needle,
                 const NeighborInfo& n, Style style,
                 const std::function<void(Renderer&, std::string*)>& render) {
  std::string line;
  for (const std::string& l : lines)
    if (l.find("\"type\": \"" + std::string(type) + "\"") != std::string::npos &&
        l.find(needle) != std::string::npos) {
      line = l;
      break;
    }
  ASSERT_FALSE(line.empty()) << type << " " << needle;
  auto r = AtCounter(MakeJsonRenderer, ParseEnvelope(line), n, style);
  std::string out;
  render(*r, &out);
  EXPECT_EQ(out, line + "\n");
}

void ExpectCapture(const char* file, const NeighborInfo& n, Style style) {
  SCOPED_TRACE(file);
  std::vector<std::string> lines = ReadLines(file);
  ASSERT_GE(lines.size(), 8u);
  for (const char* state : {"ACTIVE", "CONNECT", "OPENSENT", "OPENCONFIRM", "ESTABLISHED", "IDLE"})
    ExpectEvent(lines, "fsm", std::string("\"state\": \"") + state + "\"", n, style,
                [&](Renderer& r, std::string* o) { r.Fsm(n, state, o); });
  ExpectEvent(lines, "negotiated", "", n, style,
              [&](Renderer& r, std::string* o) { r.Negotiated(n, Agreed(), o); });
  ExpectEvent(lines, "signal", "SIGUSR1", n, style,
              [&](Renderer& r, std::string* o) { r.Signal(n, SIGUSR1, o); });
  ExpectEvent(lines, "signal", "SIGTERM", n, style,
              [&](Renderer& r, std::string* o) { r.Signal(n, SIGTERM, o); });
}

TEST(RenderEvents, AsExabgp50PrintsThem) {
  ExpectCapture("events_exabgp50.json", Neighbor("127.0.0.2", 65002, 1, "127.0.0.1", 65001, "10.0.0.1"),
                Style{});
}

TEST(RenderEvents, AsExabgp42PrintsThem) {
  ExpectCapture("events_exabgp42.json", Neighbor("127.0.0.2", 65002, 1, "127.0.0.3", 65001, "10.0.0.1"),
                Style{Format::kExabgp4});
}

// With `negotiated`, ExaBGP adds the object to every UPDATE line, End-of-RIB
// included, after "message" (seen with 4.2 in tests/e2e/test_formats.py).
TEST(RenderEvents, UpdatesCarryTheNegotiatedObject) {
  std::vector<std::string> lines = ReadLines("exabgp42.json");
  NeighborInfo n = Neighbor("127.0.0.61", 65001, 61);
  const std::string object42 =
      R"(, "negotiated": { "message_size": 4096, "hold_time": 90, "asn4": true, "multisession": false, )"
      R"("operational": false, "refresh": "normal", "families": [ "ipv4 unicast" ,"ipv6 unicast" ], )"
      R"("nexthop": [  ], "add_path": { "send": [  ], "receive": [  ] } }  } })";
  for (int counter : {9, 14}) {  // a withdrawal, an End-of-RIB
    std::string line = JsonLine(lines, "127.0.0.61", counter);
    ASSERT_EQ(line.substr(line.size() - 4), " } }");
    std::string expected = line.substr(0, line.size() - 4) + object42;
    auto r = AtCounter(MakeJsonRenderer, ParseEnvelope(line), n, Style{Format::kExabgp4});
    std::string out;
    NegotiatedView v = Agreed();
    r->Update(n, Direction::kReceive, counter == 9 ? cases::V4Withdraw() : cases::EorV4(), &out, &v);
    EXPECT_EQ(out, expected + "\n");
  }
  // 5.0: the same place, json.dumps lists.
  auto r = MakeJsonRenderer(Host{"h", 1, 2, [] { return 1.0; }});
  std::string out;
  NegotiatedView v = Agreed();
  r->Update(n, Direction::kReceive, cases::V4Withdraw(), &out, &v);
  EXPECT_NE(out.find(R"( } } }, "negotiated": { "message_size": 4096, "hold_time": 90, "asn4": true, )"
                     R"("multisession": false, "operational": false, "refresh": "normal", "families": )"
                     R"(["ipv4 unicast", "ipv6 unicast"], "nexthop": [], "add_path": {"send": [], )"
                     R"("receive": []} }  } })"
                     "\n"),
            std::string::npos)
      << out;
}

// The extended next hop entries both sides announced (RFC 8950): 5.0 and
// 4.2 list them as "AFI SAFI NEXTHOP-AFI" (their reactor/api/response/json.py).
TEST(RenderEvents, NegotiatedExtendedNextHops) {
  NeighborInfo n = Neighbor("127.0.0.61", 65001, 61);
  NegotiatedView v = Agreed();
  v.next_hops = {{wire::kIpv4Unicast, wire::Afi::kIpv6}, {wire::Family{wire::Afi::kIpv4, wire::Safi::kMplsVpn},
                                                          wire::Afi::kIpv6}};
  std::string out;
  MakeJsonRenderer(Host{"h", 1, 2, [] { return 1.0; }})->Negotiated(n, v, &out);
  EXPECT_NE(out.find(R"("nexthop": ["ipv4 unicast ipv6", "ipv4 mpls-vpn ipv6"], "add_path")"), std::string::npos)
      << out;
  out.clear();
  MakeJsonRenderer(Host{"h", 1, 2, [] { return 1.0; }}, Style{Format::kExabgp4})->Negotiated(n, v, &out);
  EXPECT_NE(out.find(R"("nexthop": [ "ipv4 unicast ipv6" ,"ipv4 mpls-vpn ipv6" ], "add_path")"), std::string::npos)
      << out;
}

// ADD-PATH lists (RFC 7911): family names, json.dumps style in 5.0 and
// ExaBGP 4.2's "[ a, b ]" in 4.x (4.2 itself fails on a non-empty send list:
// doc/compat.md).
TEST(RenderEvents, NegotiatedAddPathLists) {
  NeighborInfo n = Neighbor("127.0.0.2", 65002, 1);
  NegotiatedView v = Agreed();
  v.add_path_send = {wire::kIpv4Unicast};
  v.add_path_receive = {wire::kIpv4Unicast, wire::kIpv6Unicast};
  std::string out;
  MakeJsonRenderer(Host{"h", 1, 2, [] { return 1.0; }})->Negotiated(n, v, &out);
  EXPECT_NE(out.find(R"("add_path": {"send": ["ipv4 unicast"], "receive": ["ipv4 unicast", "ipv6 unicast"]} } )"),
            std::string::npos)
      << out;
  out.clear();
  MakeJsonRenderer(Host{"h", 1, 2, [] { return 1.0; }}, Style{Format::kExabgp4})->Negotiated(n, v, &out);
  EXPECT_NE(out.find(R"("add_path": { "send": [ "ipv4 unicast" ], "receive": [ "ipv4 unicast", "ipv6 unicast" ] } } )"),
            std::string::npos)
      << out;
}

TEST(RenderEvents, TextProcessesGetNothing) {
  auto r = MakeTextRenderer(Host{"h", 1, 2, nullptr});
  NeighborInfo n = Neighbor("127.0.0.2", 65002, 1);
  std::string out;
  r->Fsm(n, "IDLE", &out);
  r->Negotiated(n, Agreed(), &out);
  r->Signal(n, SIGUSR1, &out);
  EXPECT_EQ(out, "");
}

TEST(RenderEvents, NegotiatedVariants) {
  auto r = MakeJsonRenderer(Host{"h", 1, 2, [] { return 1.0; }});
  NeighborInfo n = Neighbor("127.0.0.2", 65002, 1);
  NegotiatedView v;
  v.message_size = 65535;
  v.hold_time = 0;
  v.multisession = true;
  v.refresh = NegotiatedView::Refresh::kEnhanced;
  v.families = {wire::kIpv6Unicast};
  std::string out;
  r->Negotiated(n, v, &out);
  EXPECT_NE(out.find(R"("negotiated": { "message_size": 65535, "hold_time": 0, "asn4": false, )"
                     R"("multisession": true, "operational": false, "refresh": "enhanced", )"
                     R"("families": ["ipv6 unicast"], )"),
            std::string::npos)
      << out;
  out.clear();
  v.refresh = NegotiatedView::Refresh::kAbsent;
  v.families.clear();
  r->Negotiated(n, v, &out);
  EXPECT_NE(out.find(R"("refresh": "absent", "families": [], )"), std::string::npos) << out;
}

}  // namespace
}  // namespace herald::api
