// `herald decode` of BGP-LS UPDATEs against ExaBGP 5.0's `exabgp decode`:
// src/api/testdata/bgpls_exabgp50.txt (tools/capture_bgpls.py) holds each
// message and the oracle's JSON from "message" on.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "daemon/tools.h"

namespace herald::daemon {
namespace {

struct Case {
  std::string name, hex, json;
};

std::vector<Case> Cases() {
  std::ifstream in(std::string(HERALD_SOURCE_DIR) + "/src/api/testdata/bgpls_exabgp50.txt");
  EXPECT_TRUE(in.good());
  std::vector<Case> out;
  std::string line;
  Case c;
  while (std::getline(in, line)) {
    if (line.rfind("# ", 0) == 0) {
      c = Case{line.substr(2), "", ""};
    } else if (c.hex.empty()) {
      c.hex = line;
    } else {
      c.json = line;
      out.push_back(c);
    }
  }
  return out;
}

TEST(ToolDecodeBgpLs, PrintsWhatExabgp50Prints) {
  const auto cases = Cases();
  ASSERT_EQ(cases.size(), 21u);
  api::Host host{"h", 1, 2, [] { return 1.5; }};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::ostringstream out, err;
    DecodeOptions o;
    o.payload = c.hex;
    ASSERT_EQ(RunDecode(o, host, out, err), 0) << err.str();
    std::string got = out.str();
    const size_t at = got.find("\"message\": ");
    ASSERT_NE(at, std::string::npos) << got;
    got = got.substr(at);
    while (!got.empty() && got.back() == '\n') got.pop_back();
    std::string want = c.json;
    // ExaBGP 5.0 files bgp-ls-vpn routes under "bgp-ls bgp-ls" (doc/compat.md).
    if (c.name.rfind("vpn", 0) == 0) {
      const size_t family = want.find("\"bgp-ls bgp-ls\"");
      ASSERT_NE(family, std::string::npos);
      want.replace(family, 15, "\"bgp-ls bgp-ls-vpn\"");
    }
    EXPECT_EQ(got, want);
  }
}

}  // namespace
}  // namespace herald::daemon
