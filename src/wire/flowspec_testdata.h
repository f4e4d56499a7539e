// The FlowSpec golden file src/wire/testdata/flowspec_exabgp.txt (made by
// tools/capture_flow.py from ExaBGP 5.0 and 4.2), read by the wire, grammar
// and api tests. Header only, for tests.
#pragma once

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace herald::wire::testing {

struct FlowGolden {
  std::string kind;    // "match" (encoded by ExaBGP from `match`) or "hex" (written by hand)
  std::string name;
  std::string family;  // "ipv4 flow" or "ipv6 flow"
  std::string match;   // the `match { }` body, statements separated by ';' ("-" for hex cases)
  std::string hex;     // the NLRI, length field included
  std::string json50;  // ExaBGP 5.0's JSON object, "-" if it refused the NLRI
  std::string json42;  // ExaBGP 4.2's, "-" if it refused it
};

inline std::vector<FlowGolden> LoadFlowGolden() {
  std::vector<FlowGolden> out;
  std::ifstream in(std::string(HERALD_SOURCE_DIR) + "/src/wire/testdata/flowspec_exabgp.txt");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, '\t')) f.push_back(field);
    if (f.size() != 7) continue;
    out.push_back({f[0], f[1], f[2], f[3], f[4], f[5], f[6]});
  }
  return out;
}

// The rows of src/grammar/testdata/flow_then_exabgp.txt (what ExaBGP 5.0
// sends for each `then` action, tools/capture_flow.py), split at tabs:
// name, then, next hop, communities, extended communities, IPv6 extended
// communities, large communities.
inline std::vector<std::vector<std::string>> LoadFlowThenRows() {
  std::vector<std::vector<std::string>> out;
  std::ifstream in(std::string(HERALD_SOURCE_DIR) + "/src/grammar/testdata/flow_then_exabgp.txt");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string field; std::getline(ss, field, '\t');) f.push_back(field);
    out.push_back(std::move(f));
  }
  return out;
}

// ExaBGP 5.0 encodes an IPv6 prefix with an offset as the whole prefix;
// herald sends RFC 8956 §3.1's bytes (src/wire/flowspec_test.cc,
// doc/compat.md): those golden cases' NLRI as herald sends them.
inline const std::map<std::string, std::string> kRfc8956Offset = {
    {"ipv6-offset", "0402807801"},
    {"ipv6-conf-flow", "21" "0180002a020b80001500007aca39fffeaea87a" "02807801" "0381110b81650d9107dd"},
};

}  // namespace herald::wire::testing
