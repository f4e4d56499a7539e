// MVPN and MUP UPDATEs as processes read them, against ExaBGP 5.0's own
// output: testdata/mvpnmup_updates.txt (tools/capture_mvpnmup.py) holds, for
// each UPDATE a raw speaker sent, what 5.0 wrote to its JSON and text
// processes (4.2 knows neither family). herald decodes the same bytes and
// must write the same lines, but where doc/compat.md says it departs.
#include <gtest/gtest.h>

#include "api/render.h"
#include "api/render_flow_update_test_util.h"
#include "api/render_test_util.h"
#include "wire/mup.h"
#include "wire/mvpn.h"

namespace herald::api {
namespace {

using namespace testing;  // NOLINT

// The session of tools/capture_mvpnmup.py: iBGP in AS 65001.
wire::Negotiated Session() {
  wire::Negotiated n;
  n.asn4 = true;
  n.local_as = n.peer_as = 65001;
  n.families = {wire::kIpv4Unicast, wire::kIpv4McastVpn, wire::kIpv6McastVpn, wire::kIpv4Mup, wire::kIpv6Mup};
  return n;
}

std::vector<FlowCase> Cases() { return ReadUpdateCases("mvpnmup_updates.txt"); }

wire::Update Decode(const FlowCase& c) { return DecodeFlowUpdate(c.message, Session()); }

void Replace(std::string* s, std::string_view from, std::string_view to) {
  const size_t at = s->find(from);
  ASSERT_NE(at, std::string::npos) << from;
  s->replace(at, from.size(), to);
}

// 5.0's line as herald writes it (doc/compat.md, "MVPN and MUP").
std::string Expected(const FlowCase& c) {
  std::string json = c.json50;
  if (c.name.starts_with("mup-t1st")) {
    // 5.0 leaves out a comma and prints an absent source as Python bytes.
    Replace(&json, "\"endpoint_ip\": \"10.0.0.1\"\"source_ip_len\"", "\"endpoint_ip\": \"10.0.0.1\", \"source_ip_len\"");
    if (c.name == "mup-t1st-no-source") Replace(&json, "\"source_ip\": \"b''\"", "\"source_ip\": \"\"");
  }
  if (c.name == "mup-other-arch") {
    // 5.0 swaps the AFI and the architecture of a route it does not read.
    Replace(&json, "\"ipv6 mup\"", "\"ipv4 mup\"");
    Replace(&json, "{ \"arch\": 1,", "{ \"arch\": 2,");
    Replace(&json, "\"raw\": \"01000102ABCD\"", "\"raw\": \"02000102ABCD\"");
  }
  return json;
}

std::vector<std::string> ExpectedText(const FlowCase& c) {
  std::vector<std::string> text = c.text50;
  if (c.name == "mup-other-arch") Replace(&text[0], "afi ipv6", "afi ipv4");
  return text;
}

TEST(RenderMvpnMupUpdate, EveryCaseIsCaptured) {
  std::vector<FlowCase> cases = Cases();
  ASSERT_EQ(cases.size(), 14u);
  for (const FlowCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_FALSE(c.message.empty());
    EXPECT_FALSE(c.json50.empty());
    EXPECT_FALSE(c.text50.empty());
  }
}

TEST(RenderMvpnMupUpdate, Exabgp50) {
  for (const FlowCase& c : Cases()) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(CaptureJson(c.json50, Decode(c), Format::kExabgp5), Expected(c) + "\n");
    EXPECT_EQ(CaptureText(Decode(c), Format::kExabgp5), ExpectedText(c));
  }
}

}  // namespace
}  // namespace herald::api
