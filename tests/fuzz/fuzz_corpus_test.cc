// Replays every input kept in tests/fuzz/corpus/TARGET/ (the seeds and every
// past finding, named after what it found) through the fuzz target's body,
// in the ordinary unit test build: a finding, once fixed, stays fixed.
// A failed check aborts with "fuzz check failed: ..." on stderr.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz_check.h"

namespace herald::fuzz {
namespace {

struct Target {
  const char* name;
  int (*body)(const uint8_t*, size_t);
};

constexpr Target kTargets[] = {
    {"message", FuzzMessage}, {"capability", FuzzCapability}, {"update", FuzzUpdate}, {"render", FuzzRender},
    {"command", FuzzCommand}, {"config", FuzzConfig},         {"fsm", FuzzFsm},
    {"flow", FuzzFlow},       {"flowmatch", FuzzFlowmatch},     {"labeled", FuzzLabeled},
};

class CorpusTest : public ::testing::TestWithParam<Target> {};

TEST_P(CorpusTest, EveryKeptInputPasses) {
  const std::filesystem::path dir = std::filesystem::path(HERALD_SOURCE_DIR) / "tests/fuzz/corpus" / GetParam().name;
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.is_regular_file()) files.push_back(e.path());
  ASSERT_FALSE(files.empty()) << "no input kept in " << dir;
  for (const auto& f : files) {
    SCOPED_TRACE(f.string());
    std::ifstream in(f, std::ios::binary);
    std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    EXPECT_EQ(GetParam().body(bytes.data(), bytes.size()), 0);
  }
}

INSTANTIATE_TEST_SUITE_P(Fuzz, CorpusTest, ::testing::ValuesIn(kTargets),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace herald::fuzz
