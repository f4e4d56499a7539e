// A neighbor's `operational { }` block: accepted as far as ExaBGP 5.0 loads
// it (src/config/testdata/operational_block_exabgp50.txt, written by
// tools/capture_operational_config.py from `exabgp5 validate -nrv`).
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "config/config_testing.h"
#include "config/parser.h"
#include "config/printer.h"

namespace herald::config {
namespace {

using Parsed = Result<Config, std::vector<ConfigError>>;

Parsed Parse(std::string_view text) { return ParseConfigText(text, "test.conf"); }

std::string Neighbor(std::string_view extra) {
  return "neighbor 127.0.0.1 {\n"
         "  router-id 1.2.3.4;\n"
         "  local-address 127.0.0.1;\n"
         "  local-as 65001;\n"
         "  peer-as 65002;\n" +
         std::string(extra) + "\n}\n";
}

std::vector<std::string> Errors(std::string_view text) {
  Parsed p = Parse(text);
  std::vector<std::string> out;
  if (!p.ok())
    for (const ConfigError& e : p.error()) out.push_back(e.ToString());
  return out;
}

// herald loads exactly the blocks ExaBGP 5.0 loads.
TEST(OperationalSectionTest, LoadsWhatExaBgp50Loads) {
  std::ifstream in(std::string(HERALD_SOURCE_DIR) +
                   "/src/config/testdata/operational_block_exabgp50.txt");
  ASSERT_TRUE(in) << "missing golden file";
  int cases = 0, accepted = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#' || line.starts_with("sent ")) continue;  // the e2e test's
    size_t space = line.find(' ');
    ASSERT_NE(space, std::string::npos) << line;
    std::string verdict = line.substr(0, space);
    std::string block = line.substr(space + 1);
    if (verdict == "refused")
      block = block.substr(0, block.find(" | "));
    else
      ASSERT_EQ(verdict, "accepted") << line;
    Parsed p = Parse(Neighbor(block));
    EXPECT_EQ(p.ok(), verdict == "accepted") << block;
    ++cases;
    accepted += verdict == "accepted";
  }
  EXPECT_EQ(cases, 18);
  EXPECT_EQ(accepted, 2);
}

// The empty block configures nothing: the same neighbor, printed the same
// (ExaBGP's `validate -r` prints nothing of it either).
TEST(OperationalSectionTest, EmptyBlockChangesNothing) {
  Parsed plain = Parse(Neighbor(""));
  Parsed with = Parse(Neighbor("  operational {\n  }"));
  ASSERT_TRUE(plain.ok());
  ASSERT_TRUE(with.ok());
  ASSERT_EQ(with->neighbors.size(), 1u);
  EXPECT_TRUE(with->warnings.empty());
  EXPECT_EQ(testing::WithoutLocations(*with), testing::WithoutLocations(*plain));
  EXPECT_EQ(PrintConfig(*with), PrintConfig(*plain));
  EXPECT_EQ(PrintConfig(*with).find("operational {"), std::string::npos);
}

// Every message is refused where it is written; the block's other errors
// and the rest of the file are still read.
TEST(OperationalSectionTest, MessagesAreRefusedWhereWritten) {
  const std::string tail =
      " in an operational block is not supported by herald yet (ExaBGP 5.0 fails to load it too); "
      "send it with "
      "the API command `announce operational ";
  EXPECT_EQ(Errors(Neighbor("  operational {\n"
                            "    asm afi ipv4 safi unicast advisory \"hello world\";\n"
                            "    rpcp afi ipv4 safi unicast sequence 1 counter 2;\n"
                            "    LPCQ afi ipv4 safi unicast sequence 1;\n"
                            "      adm;\n"
                            "  }\n"
                            "  hold-time 1;")),
            (std::vector<std::string>{
                "test.conf:7:5: asm" + tail + "asm ...`",
                "test.conf:8:5: rpcp" + tail + "rpcp ...`",
                "test.conf:9:5: invalid keyword 'LPCQ' in operational",
                "test.conf:10:7: adm" + tail + "adm ...`",
                "test.conf:12:13: hold-time must be zero or at least three seconds",
            }));
  EXPECT_EQ(Errors(Neighbor("  operational { asm afi ipv4 safi unicast advisory x; }")),
            (std::vector<std::string>{"test.conf:6:17: asm" + tail + "asm ...`"}));
  EXPECT_EQ(Errors(Neighbor("  operational x { }")),
            (std::vector<std::string>{"test.conf:6:15: unexpected 'x' after operational"}));
}

// In a template too, and a neighbor inheriting an empty one loads.
TEST(OperationalSectionTest, InTemplates) {
  std::string base =
      "template {\n"
      "  neighbor t {\n"
      "    local-as 65001; peer-as 65002; router-id 1.2.3.4;\n"
      "    operational { %s }\n"
      "  }\n"
      "}\n"
      "neighbor 127.0.0.1 { inherit t; local-address 127.0.0.1; }\n";
  auto with = [&](std::string_view body) {
    std::string text = base;
    text.replace(text.find("%s"), 2, body);
    return text;
  };
  EXPECT_TRUE(Parse(with("")).ok());
  std::vector<std::string> errors = Errors(with("rpcq afi ipv4 safi unicast sequence 1;"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].substr(0, 22), "test.conf:4:19: rpcq i");
}

}  // namespace
}  // namespace herald::config
