// The wire helper's captures (src/wire/testdata/*.hex, real messages from
// GoBGP, BIRD and ExaBGP, each with the JSON line ExaBGP 4.2 printed for it)
// decoded and rendered: herald's JSON must equal ExaBGP's line once the
// 4.2 -> 5.0 differences are applied (version, router-id, AS_PATH segments,
// hostname capability) and the packet dump fields ("header", "body", which
// herald does not print) are removed; and in the 4.x format, equal to
// ExaBGP's line as it is.
#include <dirent.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "api/render.h"
#include "api/render_test_util.h"

namespace herald::api {
namespace {

using namespace testing;  // NOLINT

const std::string kDir = std::string(HERALD_SOURCE_DIR) + "/src/wire/testdata/";

// The lines of a capture file that are not "#" comments, joined (a hex
// message may be wrapped over several lines).
std::string DataLines(const std::string& path) {
  std::ifstream in(path);
  std::string line, data;
  while (std::getline(in, line))
    if (!line.empty() && line[0] != '#') data += line;
  return data;
}

std::vector<std::string> JsonCaptures() {
  std::vector<std::string> names;
  if (DIR* d = opendir(kDir.c_str())) {
    while (dirent* e = readdir(d)) {
      std::string name = e->d_name;
      if (name.size() > 5 && name.substr(name.size() - 5) == ".json")
        names.push_back(name.substr(0, name.size() - 5));
    }
    closedir(d);
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string Capture(const std::string& line, const char* pattern) {
  std::smatch m;
  std::regex re(pattern);
  EXPECT_TRUE(std::regex_search(line, m, re)) << pattern << " in " << line;
  return m.empty() ? "" : m[1].str();
}

// FQDN (73) as ExaBGP 5.0 shows it, from 4.2's raw form.
std::string Hostname42To50(std::string line) {
  static const std::regex kRe(
      R"re(\{ "name": "unknown", "iana": "unassigned", "value": 73, "raw": "([0-9A-F]*)" \})re");
  std::smatch m;
  if (!std::regex_search(line, m, kRe)) return line;
  Bytes raw = FromHex(m[1].str()).value_or(Bytes{});
  std::string host, domain;
  if (!raw.empty() && raw.size() >= 1u + raw[0] + 1u) {
    host.assign(raw.begin() + 1, raw.begin() + 1 + raw[0]);
    size_t at = 1u + raw[0];
    domain.assign(raw.begin() + at + 1, raw.begin() + std::min(raw.size(), at + 1 + raw[at]));
  }
  return m.prefix().str() + "{ \"host-name\": \"" + host +
         "\", \"domain-name\": \"" + domain + "\" }" + m.suffix().str();
}

TEST(RenderWireTestdata, DecodedCapturesRenderAsExabgpPrintsThem) {
  std::vector<std::string> names = JsonCaptures();
  if (names.empty()) GTEST_SKIP() << "no captures in " << kDir;
  int checked = 0;
  for (const std::string& name : names) {
    SCOPED_TRACE(name);
    std::string line = DataLines(kDir + name + ".json");
    std::string hex = DataLines(kDir + name + ".hex");
    ASSERT_FALSE(line.empty());
    ASSERT_FALSE(hex.empty());
    auto bytes = FromHex(hex);
    ASSERT_TRUE(bytes.has_value());

    NeighborInfo n =
        Neighbor(Capture(line, R"re("peer": "([^"]+)" \})re"),
                 std::stoul(Capture(line, R"re("asn": \{ "local": \d+, "peer": (\d+))re")), 1,
                 Capture(line, R"re("address": \{ "local": "([^"]+)")re"),
                 std::stoul(Capture(line, R"re("asn": \{ "local": (\d+))re")));
    wire::Negotiated negotiated;
    negotiated.asn4 = name.rfind("exabgp-asn2-", 0) != 0;
    negotiated.local_as = n.local_as;
    negotiated.peer_as = n.peer_as;
    negotiated.families = {wire::kIpv4Unicast, wire::kIpv6Unicast};
    negotiated.route_refresh = negotiated.enhanced_route_refresh = true;
    auto decoded = wire::DecodeMessage(*bytes, negotiated);
    ASSERT_TRUE(decoded.ok()) << decoded.error().what;

    std::string expected = line;
    expected =
        std::regex_replace(expected, std::regex(R"re("(header|body)": "0x[0-9A-F]*", )re"), "");
    expected = AsPath42To50(Hostname42To50(To50(expected)));
    if (expected.find("\"type\": \"refresh\"") != std::string::npos)  // 4.2 quotes twice
      for (size_t at; (at = expected.find("\"\"")) != std::string::npos;) expected.erase(at, 1);
    if (name == "exabgp-asn2-update-as4-path") {
      // 4.2 prints AGGREGATOR (with AS_TRANS) and AS4_AGGREGATOR under the
      // same key, and reads the AS4_AGGREGATOR's AS as 2 octets on a 2-octet
      // session (64086 is the high half of 4200000078); herald merges the
      // two (RFC 6793 §4.2.3) and shows the 4-octet AS.
      expected =
          Edit(expected, "\"aggregator\": \"23456:10.0.0.78\", \"aggregator\": \"64086:10.0.0.78\"",
               "\"aggregator\": \"4200000078:10.0.0.78\"");
    }

    Envelope e = ParseEnvelope(line);
    Direction d = Capture(line, R"re("direction": "(\w+)")re") == "send" ? Direction::kSend
                                                                         : Direction::kReceive;
    auto render = [&](Style style) {
      auto r = AtCounter(MakeJsonRenderer, e, n, style);
      std::string out;
      std::visit(
          [&](const auto& msg) {
            using T = std::decay_t<decltype(msg)>;
            if constexpr (std::is_same_v<T, wire::Open>)
              r->Open(n, d, msg, &out);
            else if constexpr (std::is_same_v<T, wire::Update>)
              r->Update(n, d, msg, &out);
            else if constexpr (std::is_same_v<T, wire::Notification>)
              r->Notification(n, d, msg, &out);
            else if constexpr (std::is_same_v<T, wire::RouteRefresh>)
              r->Refresh(n, d, msg, &out);
            else
              r->Keepalive(n, d, &out);
          },
          *decoded);
      return out;
    };
    EXPECT_EQ(render(Style{}), expected + "\n");
    // The 4.x format is 4.2's line itself, but for the packet fields and
    // the two deliberate differences above (refresh quoting, AGGREGATOR).
    std::string expected42 =
        std::regex_replace(line, std::regex(R"re("(header|body)": "0x[0-9A-F]*", )re"), "");
    if (expected42.find("\"type\": \"refresh\"") != std::string::npos)
      for (size_t at; (at = expected42.find("\"\"")) != std::string::npos;) expected42.erase(at, 1);
    if (name == "exabgp-asn2-update-as4-path")
      expected42 = Edit(expected42,
                        "\"aggregator\": \"23456:10.0.0.78\", \"aggregator\": \"64086:10.0.0.78\"",
                        "\"aggregator\": \"4200000078:10.0.0.78\"");
    EXPECT_EQ(render(Style{Format::kExabgp4}), expected42 + "\n");
    ++checked;
  }
  EXPECT_GE(checked, 25);
}

}  // namespace
}  // namespace herald::api
