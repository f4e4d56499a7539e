// herald's command line: ExaBGP 5.0's commands, options and exit codes.
#include "daemon/command_line.h"

#include <gtest/gtest.h>

#include <sstream>

namespace herald::daemon {
namespace {

struct Parsed {
  std::optional<CommandLine> cl;
  int rc = -1;
  std::string out, err;
};

Parsed Parse(std::vector<std::string> args) {
  std::ostringstream out, err;
  Parsed p;
  p.cl = ParseCommandLine(std::move(args), out, err, &p.rc);
  p.out = out.str();
  p.err = err.str();
  return p;
}

using Tool = CommandLine::Tool;

TEST(CommandLine, ValidateFlagsCombine) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"validate", "-nrv", "a.conf", "b.conf"},
           {"validate", "-n", "-r", "-v", "a.conf", "b.conf"},
           {"validate", "--neighbor", "--route", "--verbose", "a.conf", "b.conf"},
           {"--test", "-vrn", "a.conf", "b.conf"}}) {
    Parsed p = Parse(args);
    ASSERT_TRUE(p.cl) << args[1] << p.err;
    EXPECT_EQ(p.cl->tool, Tool::kValidate);
    EXPECT_TRUE(p.cl->validate.neighbors && p.cl->validate.routes && p.cl->validate.verbose);
    EXPECT_FALSE(p.cl->validate.print);
    EXPECT_EQ(p.cl->validate.files, (std::vector<std::string>{"a.conf", "b.conf"}));
  }
  Parsed p = Parse({"validate", "-p", "a.conf"});
  ASSERT_TRUE(p.cl);
  EXPECT_TRUE(p.cl->validate.print);
  EXPECT_FALSE(p.cl->validate.neighbors);
}

TEST(CommandLine, UsageErrorsExit2AsArgparse) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"validate"}, {"validate", "-x", "a.conf"}, {"env", "-x"}, {"decode"}, {"decode", "-q", "00"},
           {"decode", "-c", "a.conf", "00"}, {}}) {
    Parsed p = Parse(args);
    EXPECT_FALSE(p.cl);
    EXPECT_EQ(p.rc, 2) << (args.empty() ? "" : args[0]);
    EXPECT_FALSE(p.err.empty());
  }
  // -c is an ExaBGP option herald does not have yet: said so.
  EXPECT_NE(Parse({"decode", "-c", "a.conf", "00"}).err.find("is not supported by herald yet"), std::string::npos);
  Parsed i = Parse({"decode", "-i", "00"});
  ASSERT_TRUE(i.cl);
  EXPECT_TRUE(i.cl->decode.path_information);
}

TEST(CommandLine, HelpNamesTheProgramCommandsSignalsAndSettings) {
  for (const char* flag : {"--help", "-h"}) {
    Parsed p = Parse({flag});
    EXPECT_FALSE(p.cl);
    EXPECT_EQ(p.rc, 0);
    for (const char* word : {"herald", "validate", "decode", "env", "server", "version", "SIGUSR1",
                             "SIGTERM", "/etc/exabgp/exabgp.env", "EXABGP_ENVFILE", "--env-file"})
      EXPECT_NE(p.out.find(word), std::string::npos) << word;
  }
  for (const char* cmd : {"validate", "decode", "env", "server", "demo"}) {
    Parsed p = Parse({cmd, "--help"});
    EXPECT_FALSE(p.cl);
    EXPECT_EQ(p.rc, 0) << cmd;
    EXPECT_NE(p.out.find("herald " + std::string(cmd)), std::string::npos) << p.out;
  }
}

TEST(CommandLine, DecodeOptions) {
  Parsed p = Parse({"decode", "-n", "-f", "ipv6 unicast", "3020010db80072"});
  ASSERT_TRUE(p.cl) << p.err;
  EXPECT_EQ(p.cl->tool, Tool::kDecode);
  EXPECT_TRUE(p.cl->decode.nlri);
  EXPECT_EQ(p.cl->decode.family, "ipv6 unicast");
  EXPECT_EQ(p.cl->decode.payload, "3020010db80072");
  p = Parse({"decode", "-o", "--update", "ff"});
  ASSERT_TRUE(p.cl);
  EXPECT_TRUE(p.cl->decode.open && p.cl->decode.update);
}

TEST(CommandLine, EnvAndEnvFileBeforeOrAfterTheCommand) {
  Parsed p = Parse({"env", "-de"});
  ASSERT_TRUE(p.cl) << p.err;
  EXPECT_EQ(p.cl->tool, Tool::kEnv);
  EXPECT_TRUE(p.cl->env.diff && p.cl->env.env_form);
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--env-file", "/x.env", "env"}, {"--env-file=/x.env", "env"}, {"env", "--env-file", "/x.env"}}) {
    p = Parse(args);
    ASSERT_TRUE(p.cl) << p.err;
    EXPECT_EQ(p.cl->env.env_file, "/x.env");
  }
  p = Parse({"--env-file", "/x.env", "a.conf"});
  ASSERT_TRUE(p.cl) << p.err;
  EXPECT_EQ(p.cl->tool, Tool::kServer);
  EXPECT_EQ(p.cl->env_file, "/x.env");
}

// ExaBGP's -p (its Python debugger) is taken and kept, so that the server
// can say at start that it means nothing to herald.
TEST(CommandLine, PdbIsKeptToBeWarnedAbout) {
  Parsed p = Parse({"server", "-p", "a.conf"});
  ASSERT_TRUE(p.cl) << p.err;
  EXPECT_TRUE(p.cl->server.pdb);
  EXPECT_FALSE(Parse({"a.conf"}).cl->server.pdb);
}

TEST(CommandLine, HealthcheckGetsItsArgumentsUntouched) {
  auto p = Parse({"healthcheck", "-sF", "local0", "--cmd", "curl -sf x", "--help"});
  ASSERT_TRUE(p.cl);
  EXPECT_EQ(p.cl->tool, Tool::kHealthcheck);
  EXPECT_EQ(p.cl->healthcheck_args,
            (std::vector<std::string>{"-sF", "local0", "--cmd", "curl -sf x", "--help"}));
  p = Parse({"--env-file", "x.env", "healthcheck"});
  ASSERT_TRUE(p.cl);
  EXPECT_EQ(p.cl->tool, Tool::kHealthcheck);
  EXPECT_NE(Parse({"--help"}).out.find("herald healthcheck"), std::string::npos);
}

TEST(CommandLine, AConfigAloneIsTheServer) {
  Parsed p = Parse({"-1", "-P", "-s", "5", "a.conf"});
  ASSERT_TRUE(p.cl) << p.err;
  EXPECT_EQ(p.cl->tool, Tool::kServer);
  EXPECT_TRUE(p.cl->server.once && p.cl->server.passive);
  EXPECT_EQ(p.cl->server.signal_after, 5);
  EXPECT_EQ(p.cl->server.files, std::vector<std::string>{"a.conf"});
  p = Parse({"a.conf"});
  ASSERT_TRUE(p.cl);
  EXPECT_EQ(p.cl->tool, Tool::kServer);
  p = Parse({"version"});
  ASSERT_TRUE(p.cl);
  EXPECT_EQ(p.cl->tool, Tool::kVersion);
}

}  // namespace
}  // namespace herald::daemon
