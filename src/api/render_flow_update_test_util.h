// The UPDATEs captured from ExaBGP 5.0 and 4.2 and herald's decoding of
// them, for the tests of the renderers, `show adj-rib` and `herald decode`:
// FlowSpec in src/api/testdata/flow_updates.txt (made by
// tools/capture_flow_updates.py), multicast, labeled unicast and MPLS VPN
// in src/api/testdata/labeled_updates.txt (tools/capture_labeled_updates.py).
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "api/render_test_util.h"
#include "base/hex.h"
#include "wire/message.h"

namespace herald::api::testing {

struct FlowCase {
  std::string name;               // empty for a bare NLRI block
  std::string nlri_family;        // a bare NLRI block: `decode -n -f FAMILY`
  bool add_path = false;          // ... with -i (a path identifier first)
  Bytes message;                  // the whole UPDATE
  std::string decode50;           // `exabgp5 decode HEX`
  std::string json50;             // what 5.0's JSON process read
  std::vector<std::string> text50;  // the route lines 5.0's text process read
  std::string json42;             // the same from 4.2 (empty: not sent to 4.2)
  std::vector<std::string> text42;
};

// The UPDATE blocks of `file` (src/api/testdata/), and its bare NLRI blocks
// in `nlri` when given.
inline std::vector<FlowCase> ReadUpdateCases(const char* file, std::vector<FlowCase>* nlri = nullptr) {
  std::vector<FlowCase> cases;
  for (const std::string& line : ReadLines(file)) {
    if (line == "%%") {
      cases.emplace_back();
      continue;
    }
    if (cases.empty()) continue;
    FlowCase& c = cases.back();
    size_t space = line.find(' ');
    std::string key = line.substr(0, space), value = space == std::string::npos ? "" : line.substr(space + 1);
    if (key == "case") c.name = value;
    else if (key == "hex") c.message = FromHex(value).value_or(Bytes{});
    else if (key == "decode50") c.decode50 = value;
    else if (key == "json50") c.json50 = value;
    else if (key == "text50") c.text50.push_back(value);
    else if (key == "json42") c.json42 = value;
    else if (key == "text42") c.text42.push_back(value);
    else if (key == "nlri") {
      c.add_path = value.ends_with(" addpath");
      c.nlri_family = c.add_path ? value.substr(0, value.size() - 8) : value;
    } else ADD_FAILURE() << "unknown line " << line;
  }
  std::vector<FlowCase> updates;
  for (FlowCase& c : cases) {
    if (c.nlri_family.empty()) updates.push_back(std::move(c));
    else if (nlri) nlri->push_back(std::move(c));
  }
  return updates;
}

// The sections of a `show adj-rib` capture (src/api/testdata/FILE, made by
// the same tools): "show adj-rib in" -> its lines.
inline std::map<std::string, std::vector<std::string>> ShowSections(const char* file) {
  std::ifstream in(std::string(HERALD_SOURCE_DIR) + "/src/api/testdata/" + file);
  EXPECT_TRUE(in.good()) << file;
  std::map<std::string, std::vector<std::string>> out;
  std::string line, section;
  while (std::getline(in, line)) {
    if (line.rfind("# show ", 0) == 0) {
      section = line.substr(2);
      out[section];
    } else if (line.rfind("#", 0) != 0 && !section.empty()) {
      out[section].push_back(line);
    }
  }
  return out;
}

inline std::vector<FlowCase> ReadFlowCases() { return ReadUpdateCases("flow_updates.txt"); }

// The session of the capture: iBGP in AS 65001, 4-octet ASNs, IPv4 unicast
// and the four FlowSpec families.
inline wire::Negotiated FlowSession() {
  wire::Negotiated n;
  n.asn4 = true;
  n.local_as = n.peer_as = 65001;
  n.families = {wire::kIpv4Unicast,
                {wire::Afi::kIpv4, wire::Safi::kFlowIp},
                {wire::Afi::kIpv6, wire::Safi::kFlowIp},
                {wire::Afi::kIpv4, wire::Safi::kFlowVpn},
                {wire::Afi::kIpv6, wire::Safi::kFlowVpn}};
  return n;
}

// The session of tools/capture_labeled_updates.py: iBGP in AS 65001, IPv4
// unicast and multicast, IPv4/IPv6 nlri-mpls and mpls-vpn, ADD-PATH received
// for ipv4 nlri-mpls.
inline wire::Negotiated LabeledSession() {
  wire::Negotiated n;
  n.asn4 = true;
  n.local_as = n.peer_as = 65001;
  n.families = {wire::kIpv4Unicast,
                {wire::Afi::kIpv4, wire::Safi::kMulticast},
                {wire::Afi::kIpv4, wire::Safi::kMplsLabel},
                {wire::Afi::kIpv6, wire::Safi::kMplsLabel},
                {wire::Afi::kIpv4, wire::Safi::kMplsVpn},
                {wire::Afi::kIpv6, wire::Safi::kMplsVpn}};
  n.add_path_receive = {{wire::Afi::kIpv4, wire::Safi::kMplsLabel}};
  return n;
}

inline wire::Update DecodeFlowUpdate(const Bytes& message, const wire::Negotiated& session = FlowSession()) {
  auto decoded = wire::DecodeMessage(message, session);
  EXPECT_TRUE(decoded.ok());
  if (!decoded.ok()) return {};
  const auto* update = std::get_if<wire::Update>(&*decoded);
  EXPECT_NE(update, nullptr);
  if (!update) return {};
  EXPECT_TRUE(update->skipped.empty()) << "the families must be decoded";
  EXPECT_FALSE(update->soft_error.has_value()) << update->soft_error->what;
  return *update;
}


// The receiving ExaBGP of the captures: 127.0.0.2 (5.0) or 127.0.0.3 (4.2),
// AS 65001, from the speaker 127.0.0.1 in AS 65001.
inline NeighborInfo CaptureReceiver(Format format) {
  const char* local = format == Format::kExabgp4 ? "127.0.0.3" : "127.0.0.2";
  return Neighbor("127.0.0.1", 65001, 1, local, 65001, "10.0.0.2");
}

// What herald's JSON renderer prints for `u`, at the envelope (time,
// counter, ...) of the captured `line`.
inline std::string CaptureJson(const std::string& line, const wire::Update& u, Format format, bool compact = false) {
  NeighborInfo n = CaptureReceiver(format);
  auto r = AtCounter(MakeJsonRenderer, ParseEnvelope(line), n, Style{format, compact});
  std::string out;
  r->Update(n, Direction::kReceive, u, &out);
  return out;
}

// The route lines herald's text renderer prints for `u` (without "update
// start" / "update end").
inline std::vector<std::string> CaptureText(const wire::Update& u, Format format) {
  NeighborInfo n = CaptureReceiver(format);
  auto r = MakeTextRenderer(Host{"vm", 1, 1, [] { return 0.0; }}, Style{format});
  std::string out;
  r->Update(n, Direction::kReceive, u, &out);
  std::istringstream lines(out);
  std::string line;
  std::vector<std::string> routes;
  while (std::getline(lines, line))
    if (!line.empty() && line.find(" update start") == std::string::npos &&
        line.find(" update end") == std::string::npos)
      routes.push_back(line);
  return routes;
}

}  // namespace herald::api::testing
