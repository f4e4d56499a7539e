// `herald env` against ExaBGP 5.0's `exabgp env` (testdata/env.ini and
// env.env, made by tools/tools_golden.py with no setting given).
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "daemon/tools.h"

namespace herald::daemon {
namespace {

std::string Read(const std::string& name) {
  std::ifstream in(std::string(HERALD_SOURCE_DIR) + "/src/daemon/testdata/" + name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// herald's default for log.short is the long form (doc/compat.md).
std::string Herald(std::string text) {
  text = std::regex_replace(text, std::regex("short = true"), "short = false");
  return std::regex_replace(text, std::regex("log.short=true"), "log.short=false");
}

const char* const kNoSystemFile[] = {"HERALD_SYSTEM_ENV_FILE=", nullptr};

TEST(ToolEnv, DefaultsPrintAsExabgp50) {
  for (bool env_form : {false, true}) {
    std::ostringstream out, err;
    EnvOptions o;
    o.env_form = env_form;
    EXPECT_EQ(RunEnv(o, kNoSystemFile, out, err), 0);
    EXPECT_EQ(err.str(), "");
    std::string golden = Read(env_form ? "env.env" : "env.ini");
    ASSERT_FALSE(golden.empty());
    EXPECT_EQ(out.str(), Herald(golden));
  }
}

TEST(ToolEnv, DiffShowsWhatIsSet) {
  const char* const envp[] = {"HERALD_SYSTEM_ENV_FILE=", "exabgp_tcp_port=1790", "exabgp.api.cli=false",
                              nullptr};
  std::ostringstream out, err;
  EnvOptions o;
  o.diff = true;
  EXPECT_EQ(RunEnv(o, envp, out, err), 0);
  // As 5.0 prints it (`exabgp_tcp_port=1790 exabgp env -d`).
  EXPECT_EQ(out.str(), "\n[exabgp.api]\ncli = false\n\n[exabgp.tcp]\nport = 1790\n");
  std::ostringstream out2;
  o.env_form = true;
  EXPECT_EQ(RunEnv(o, envp, out2, err), 0);
  EXPECT_EQ(out2.str(), "exabgp.tcp.port=1790\nexabgp.api.cli=false\n");
}

TEST(ToolEnv, UnsupportedSettingsWarnAndBadOnesFail) {
  const char* const envp[] = {"HERALD_SYSTEM_ENV_FILE=", "exabgp.api.chunk=2", nullptr};
  std::ostringstream out, err;
  EXPECT_EQ(RunEnv({}, envp, out, err), 0);
  EXPECT_EQ(err.str(), "herald: warning: exabgp.api.chunk: 2 is not supported by herald yet (ignored)\n");
  const char* const bad[] = {"HERALD_SYSTEM_ENV_FILE=", "exabgp.tcp.port=x", nullptr};
  std::ostringstream out2, err2;
  EXPECT_EQ(RunEnv({}, bad, out2, err2), 1);
  EXPECT_NE(err2.str().find("invalid value for exabgp.tcp.port"), std::string::npos);
}

}  // namespace
}  // namespace herald::daemon
