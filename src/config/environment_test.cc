#include "config/environment.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace herald::config {
namespace {

// An envp built from strings.
class Env {
 public:
  Env(std::initializer_list<std::string> entries) : strings_(entries) {
    for (const std::string& s : strings_) pointers_.push_back(s.c_str());
    pointers_.push_back(nullptr);
  }
  const char* const* envp() const { return pointers_.data(); }

 private:
  std::vector<std::string> strings_;
  std::vector<const char*> pointers_;
};

struct Loaded {
  Result<Environment> env;
  std::vector<std::string> warnings;
};

Loaded Load(const Env& e, const std::string& file = "") {
  std::vector<std::string> warnings;
  auto env = LoadEnvironment(e.envp(), file, &warnings);
  return Loaded{std::move(env), std::move(warnings)};
}

std::string WriteFile(const std::string& text) {
  char tmpl[] = "/tmp/herald-env-test-XXXXXX";
  int fd = mkstemp(tmpl);
  close(fd);
  std::ofstream(tmpl) << text;
  return tmpl;
}

TEST(EnvironmentTest, DefaultsAreExaBgps) {
  Loaded l = Load(Env{});
  ASSERT_TRUE(l.env.ok());
  const Environment& e = *l.env;
  EXPECT_TRUE(l.warnings.empty());
  EXPECT_EQ(e.tcp.port, 179);
  EXPECT_TRUE(e.tcp.bind.empty());
  EXPECT_FALSE(e.tcp.once);
  EXPECT_EQ(e.api.encoder, Encoder::kJson);
  EXPECT_EQ(e.daemon.umask, 0137u);
  std::vector<std::string> lines = DescribeEnvironment(e);
  // ExaBGP 5.0's `exabgp env -e`, in its order, but for log.short (herald's
  // default is the long form, doc/compat.md).
  std::vector<std::string> expected = {
      "exabgp.profile.enable=false",
      "exabgp.profile.file=''",
      "exabgp.pdb.enable=false",
      "exabgp.daemon.pid=''",
      "exabgp.daemon.user='nobody'",
      "exabgp.daemon.daemonize=false",
      "exabgp.daemon.drop=true",
      "exabgp.daemon.umask='0o137'",
      "exabgp.log.enable=true",
      "exabgp.log.level=INFO",
      "exabgp.log.destination='stdout'",
      "exabgp.log.all=false",
      "exabgp.log.configuration=true",
      "exabgp.log.reactor=true",
      "exabgp.log.daemon=true",
      "exabgp.log.processes=true",
      "exabgp.log.network=true",
      "exabgp.log.statistics=true",
      "exabgp.log.packets=false",
      "exabgp.log.rib=false",
      "exabgp.log.message=false",
      "exabgp.log.timers=false",
      "exabgp.log.routes=false",
      "exabgp.log.parser=false",
      "exabgp.log.short=false",
      "exabgp.tcp.once=false",
      "exabgp.tcp.attempts=0",
      "exabgp.tcp.delay=0",
      "exabgp.tcp.bind=''",
      "exabgp.tcp.port=179",
      "exabgp.tcp.acl=false",
      "exabgp.bgp.passive=false",
      "exabgp.bgp.openwait=60",
      "exabgp.cache.attributes=true",
      "exabgp.cache.nexthops=true",
      "exabgp.api.ack=true",
      "exabgp.api.chunk=1",
      "exabgp.api.show-routes-format=v1",
      "exabgp.api.encoder=json",
      "exabgp.api.compact=false",
      "exabgp.api.respawn=true",
      "exabgp.api.terminate=false",
      "exabgp.api.cli=true",
      "exabgp.api.pipename='exabgp'",
      "exabgp.reactor.speed=1.0",
  };
  EXPECT_EQ(lines, expected);
}

TEST(EnvironmentTest, FourSpellings) {
  for (const char* name : {"exabgp.tcp.port", "exabgp_tcp_port", "herald.tcp.port", "herald_tcp_port"}) {
    Loaded l = Load(Env{std::string(name) + "=1790"});
    ASSERT_TRUE(l.env.ok()) << name;
    EXPECT_EQ(l.env->tcp.port, 1790) << name;
    EXPECT_TRUE(l.warnings.empty()) << name;
  }
  // Names are case-sensitive, as in ExaBGP: upper case is someone else's.
  Loaded upper = Load(Env{"EXABGP_TCP_PORT=1", "HERALD.TCP.PORT=2", "PATH=/bin"});
  EXPECT_EQ(upper.env->tcp.port, 179);
  EXPECT_TRUE(upper.warnings.empty());
}

TEST(EnvironmentTest, PrecedenceBetweenSpellings) {
  // Whatever the order in the environment: herald beats exabgp, dotted
  // beats underscore.
  Loaded l = Load(Env{"herald.tcp.port=4", "herald_tcp_port=3", "exabgp.tcp.port=2", "exabgp_tcp_port=1"});
  EXPECT_EQ(l.env->tcp.port, 4);
  l = Load(Env{"exabgp.tcp.port=2", "herald_tcp_port=3", "exabgp_tcp_port=1"});
  EXPECT_EQ(l.env->tcp.port, 3);
  l = Load(Env{"exabgp.tcp.port=2", "exabgp_tcp_port=1"});
  EXPECT_EQ(l.env->tcp.port, 2);
}

TEST(EnvironmentTest, EverySetting) {
  Loaded l = Load(Env{
      "exabgp.tcp.bind=127.0.0.1 ::1",   "exabgp.tcp.once=true",        "exabgp.tcp.connections=3",
      "exabgp.tcp.attempts=5",           "exabgp.tcp.delay=15",          "exabgp.tcp.acl=yes",
      "exabgp.log.enable=false",         "exabgp.log.level=DEBUG",       "exabgp.log.destination=/tmp/x.log",
      "exabgp.log.all=on",               "exabgp.log.packets=1",         "exabgp.log.configuration=0",
      "exabgp.log.short=enable",         "exabgp.api.ack=false",         "exabgp.api.encoder=TEXT",
      "exabgp.api.respawn=no",           "exabgp.api.cli=off",           "exabgp.api.compact=true",
      "exabgp.api.terminate=true",       "exabgp.api.pipename='herald'", "exabgp.daemon.user=root",
      "exabgp.daemon.drop=false",        "exabgp.daemon.daemonize=true", "exabgp.daemon.pid=/run/h.pid",
      "exabgp.daemon.umask=0o022",       "exabgp.bgp.openwait=30",       "exabgp.debug.memory=true",
      "exabgp.log.reactor=false",        "exabgp.log.daemon=false",      "exabgp.log.processes=false",
      "exabgp.log.network=false",        "exabgp.log.rib=true",          "exabgp.log.message=true",
      "exabgp.log.timers=true",          "exabgp.log.routes=true",       "exabgp.log.parser=true",
  });
  ASSERT_TRUE(l.env.ok()) << l.env.error().message;
  const Environment& e = *l.env;
  EXPECT_EQ(e.tcp.bind, (std::vector<IpAddress>{*IpAddress::Parse("127.0.0.1"), *IpAddress::Parse("::1")}));
  EXPECT_TRUE(e.tcp.once);
  EXPECT_EQ(e.tcp.connections, 3u);
  EXPECT_EQ(e.tcp.attempts, 5u);
  EXPECT_EQ(e.tcp.delay, 15u);
  EXPECT_TRUE(e.tcp.acl.on);
  EXPECT_TRUE(e.tcp.acl.prefixes.empty());
  EXPECT_FALSE(e.log.enable);
  EXPECT_EQ(e.log.level, log::Level::kDebug);
  EXPECT_EQ(e.log.destination, "/tmp/x.log");
  EXPECT_TRUE(e.log.all);
  EXPECT_TRUE(e.log.short_format);
  auto cat = [&](log::Category c) { return e.log.categories[static_cast<size_t>(c)]; };
  EXPECT_TRUE(cat(log::Category::kPackets));
  EXPECT_FALSE(cat(log::Category::kConfiguration));
  EXPECT_FALSE(cat(log::Category::kReactor));
  EXPECT_FALSE(cat(log::Category::kDaemon));
  EXPECT_FALSE(cat(log::Category::kProcesses));
  EXPECT_FALSE(cat(log::Category::kNetwork));
  EXPECT_TRUE(cat(log::Category::kRib));
  EXPECT_TRUE(cat(log::Category::kMessage));
  EXPECT_TRUE(cat(log::Category::kTimers));
  EXPECT_TRUE(cat(log::Category::kRoutes));
  EXPECT_TRUE(cat(log::Category::kParser));
  EXPECT_FALSE(e.api.ack);
  EXPECT_EQ(e.api.encoder, Encoder::kText);
  EXPECT_FALSE(e.api.respawn);
  EXPECT_FALSE(e.api.cli);
  EXPECT_TRUE(e.api.compact);
  EXPECT_TRUE(e.api.terminate);
  EXPECT_EQ(e.api.pipename, "herald");
  EXPECT_EQ(e.daemon.user, "root");
  EXPECT_FALSE(e.daemon.drop);
  EXPECT_TRUE(e.daemon.daemonize);
  EXPECT_EQ(e.daemon.pid, "/run/h.pid");
  EXPECT_EQ(e.daemon.umask, 022u);
  EXPECT_EQ(e.bgp.openwait, 30u);
  EXPECT_TRUE(e.debug.memory);
  // What is described reads back to the same values.
  std::vector<std::string> described = DescribeEnvironment(e);
  std::vector<const char*> ptrs;
  for (const std::string& s : described) ptrs.push_back(s.c_str());
  ptrs.push_back(nullptr);
  std::vector<std::string> warnings;
  auto reread = LoadEnvironment(ptrs.data(), "", &warnings);
  ASSERT_TRUE(reread.ok()) << reread.error().message;
  EXPECT_EQ(DescribeEnvironment(*reread), described);
  EXPECT_TRUE(warnings.empty()) << warnings[0];
}

TEST(EnvironmentTest, EmptyBindMeansDoNotListen) {
  Loaded l = Load(Env{"exabgp.tcp.bind="});
  EXPECT_TRUE(l.env->tcp.bind.empty());
  l = Load(Env{"exabgp.tcp.bind= 10.0.0.1  "});
  EXPECT_EQ(l.env->tcp.bind.size(), 1u);
  EXPECT_EQ(DescribeEnvironment(*l.env)[28], "exabgp.tcp.bind='10.0.0.1'");
}

TEST(EnvironmentTest, ApiVersionPicksTheProcessFormat) {
  EXPECT_EQ(Load(Env{}).env->api.version, 5);
  EXPECT_EQ(Load(Env{"exabgp.api.version=4"}).env->api.version, 4);
  EXPECT_EQ(Load(Env{"exabgp_api_version='4'"}).env->api.version, 4);
  EXPECT_EQ(Load(Env{"exabgp.api.version=5"}).env->api.version, 5);
}

TEST(EnvironmentTest, TcpAcl) {
  Loaded l = Load(Env{"exabgp.tcp.acl=10.0.0.0/8, 192.0.2.1 2001:db8::/32"});
  ASSERT_TRUE(l.env) << l.env.error().message;
  EXPECT_TRUE(l.env->tcp.acl.on);
  ASSERT_EQ(l.env->tcp.acl.prefixes.size(), 3u);
  EXPECT_EQ(l.env->tcp.acl.prefixes[1].ToString(), "192.0.2.1/32");
  std::vector<std::string> shown = DescribeEnvironment(*l.env);
  EXPECT_NE(std::find(shown.begin(), shown.end(), "exabgp.tcp.acl='10.0.0.0/8 192.0.2.1/32 2001:db8::/32'"),
            shown.end());
  EXPECT_TRUE(l.warnings.empty());
  EXPECT_FALSE(Load(Env{"exabgp.tcp.acl=false"}).env->tcp.acl.on);
  EXPECT_FALSE(Load(Env{"exabgp.tcp.acl=10.0.0.1/8"}).env);  // host bits set
  EXPECT_FALSE(Load(Env{"exabgp.tcp.acl=maybe"}).env);
}

TEST(EnvironmentTest, MetricsEndpoint) {
  Loaded l = Load(Env{});
  EXPECT_FALSE(l.env->metrics.enable);
  EXPECT_EQ(l.env->metrics.address.ToString(), "127.0.0.1");
  EXPECT_EQ(l.env->metrics.port, 9179);
  for (const std::string& line : DescribeEnvironment(*l.env)) EXPECT_EQ(line.find("metrics"), std::string::npos);
  l = Load(Env{"herald_metrics_enable=true", "exabgp.metrics.address=::1", "exabgp.metrics.port=9100"});
  ASSERT_TRUE(l.env);
  EXPECT_TRUE(l.env->metrics.enable);
  EXPECT_EQ(l.env->metrics.address.ToString(), "::1");
  EXPECT_EQ(l.env->metrics.port, 9100);
  std::vector<std::string> shown = DescribeEnvironment(*l.env);
  EXPECT_NE(std::find(shown.begin(), shown.end(), "exabgp.metrics.enable=true"), shown.end());
  EXPECT_NE(std::find(shown.begin(), shown.end(), "exabgp.metrics.address='::1'"), shown.end());
  EXPECT_FALSE(Load(Env{"exabgp.metrics.address=localhost"}).env);
  EXPECT_FALSE(Load(Env{"exabgp.metrics.port=65536"}).env);
}

TEST(EnvironmentTest, LogFormatAndFacility) {
  Loaded l = Load(Env{});
  EXPECT_FALSE(l.env->log.json);
  EXPECT_EQ(log::FacilityName(l.env->log.facility), "daemon");
  for (const std::string& line : DescribeEnvironment(*l.env)) {
    EXPECT_EQ(line.find("log.format"), std::string::npos);
    EXPECT_EQ(line.find("log.facility"), std::string::npos);
  }
  l = Load(Env{"herald.log.format=JSON", "exabgp_log_facility=local4"});
  ASSERT_TRUE(l.env);
  EXPECT_TRUE(l.env->log.json);
  EXPECT_EQ(log::FacilityName(l.env->log.facility), "local4");
  std::vector<std::string> shown = DescribeEnvironment(*l.env);
  EXPECT_NE(std::find(shown.begin(), shown.end(), "exabgp.log.format=json"), shown.end());
  EXPECT_NE(std::find(shown.begin(), shown.end(), "exabgp.log.facility=local4"), shown.end());
  EXPECT_FALSE(Load(Env{"exabgp.log.format=xml"}).env);
  EXPECT_FALSE(Load(Env{"exabgp.log.facility=local9"}).env);
}

TEST(EnvironmentTest, UmaskSpellings) {
  for (const char* v : {"0137", "137", "0o137", "'0o137'"}) {
    Loaded l = Load(Env{std::string("exabgp.daemon.umask=") + v});
    ASSERT_TRUE(l.env.ok()) << v;
    EXPECT_EQ(l.env->daemon.umask, 0137u) << v;
  }
}

TEST(EnvironmentTest, BadValuesNameTheSettingAndTheValue) {
  struct {
    const char* entry;
    const char* message;
  } cases[] = {
      {"exabgp.tcp.port=abc", "invalid value for exabgp.tcp.port: 'abc' (expected a number from 1 to 65535)"},
      {"exabgp_tcp_port=0", "invalid value for exabgp_tcp_port: '0' (expected a number from 1 to 65535)"},
      {"herald.tcp.port=65536", "invalid value for herald.tcp.port: '65536' (expected a number from 1 to 65535)"},
      {"exabgp.tcp.once=maybe", "invalid value for exabgp.tcp.once: 'maybe' (expected true or false)"},
      {"exabgp.tcp.bind=1.2.3", "invalid value for exabgp.tcp.bind: '1.2.3' (ip 1.2.3 is invalid)"},
      {"exabgp.log.level=LOUD",
       "invalid value for exabgp.log.level: 'LOUD' (expected DEBUG, INFO, NOTICE, WARNING, ERR or CRIT)"},
      {"exabgp.log.destination=host:10.0.0.1",
       "invalid value for exabgp.log.destination: 'host:10.0.0.1' (remote syslog (host:) is not supported by "
       "herald yet)"},
      {"exabgp.api.encoder=xml", "invalid value for exabgp.api.encoder: 'xml' (expected text or json)"},
      {"exabgp.api.version=6", "invalid value for exabgp.api.version: '6' (expected 4 or 5 (the ExaBGP version "
                               "whose JSON and text processes get))"},
      {"exabgp.daemon.umask=0999", "invalid value for exabgp.daemon.umask: '0999' (expected an octal umask such as "
                                   "0137)"},
      {"exabgp.daemon.user=no-such-user-herald",
       "invalid value for exabgp.daemon.user: 'no-such-user-herald' (user no-such-user-herald is not found on "
       "this system)"},
      {"exabgp.bgp.openwait=-1", "invalid value for exabgp.bgp.openwait: '-1' (expected a number from 1 to "
                                 "4294967295)"},
  };
  for (const auto& c : cases) {
    Loaded l = Load(Env{c.entry});
    ASSERT_FALSE(l.env.ok()) << c.entry;
    EXPECT_EQ(l.env.error().message, c.message);
  }
}

TEST(EnvironmentTest, UnimplementedAndUnknownSettingsWarn) {
  Loaded l = Load(Env{"exabgp.profile.enable=true", "exabgp_api_chunk=1", "exabgp.reactor.speed=2.0",
                      "exabgp.tcp.colour=blue", "herald.nonsense=1", "exabgp.debug.pdb=true"});
  ASSERT_TRUE(l.env.ok());
  std::vector<std::string> expected = {
      "unknown setting herald.nonsense (ignored)",
      // api.chunk=1 is ExaBGP's default: quiet.
      "exabgp.profile.enable: true is not supported by herald yet (ignored)",
      "exabgp.reactor.speed: 2.0 is not supported by herald yet (ignored)",
      "unknown setting exabgp.tcp.colour (ignored)",
      "exabgp.debug.pdb: true is not supported by herald yet (ignored)",
  };
  EXPECT_EQ(l.warnings, expected);
}

TEST(EnvironmentTest, EnvFile) {
  std::string path = WriteFile(
      "# a comment\n"
      "; another\n"
      "\n"
      "[exabgp.tcp]\n"
      "port = 1790\n"
      "BIND = '127.0.0.1'\n"
      "[herald.log]\n"
      "level: DEBUG\n"
      "destination = \"stderr\"\n"
      "[exabgp.cache]\n"
      "attributes = false\n"
      "[other]\n"
      "whatever = 1\n");
  Loaded l = Load(Env{}, path);
  ASSERT_TRUE(l.env.ok()) << l.env.error().message;
  EXPECT_EQ(l.env->tcp.port, 1790);
  EXPECT_EQ(l.env->tcp.bind.size(), 1u);
  EXPECT_EQ(l.env->log.level, log::Level::kDebug);
  EXPECT_EQ(l.env->log.destination, "stderr");
  EXPECT_EQ(l.warnings, (std::vector<std::string>{
                            path + ":11: cache.attributes: false is not supported by herald yet (ignored)",
                            path + ":12: unknown section [other] (ignored)",
                        }));
  // The process environment overrides the file.
  l = Load(Env{"exabgp.tcp.port=1791"}, path);
  EXPECT_EQ(l.env->tcp.port, 1791);
  std::filesystem::remove(path);

  path = WriteFile("[exabgp.tcp]\nport = x\n");
  l = Load(Env{}, path);
  ASSERT_FALSE(l.env.ok());
  EXPECT_EQ(l.env.error().message,
            "invalid value for " + path + ":2: tcp.port: 'x' (expected a number from 1 to 65535)");
  std::filesystem::remove(path);

  path = WriteFile("port = 1\n");
  EXPECT_EQ(Load(Env{}, path).env.error().message, path + ":1: option before any [section] header");
  std::filesystem::remove(path);
  path = WriteFile("[exabgp.tcp]\njust words\n");
  EXPECT_EQ(Load(Env{}, path).env.error().message, path + ":2: expected 'option = value', found 'just words'");
  std::filesystem::remove(path);
  path = WriteFile("[exabgp.tcp\n");
  EXPECT_EQ(Load(Env{}, path).env.error().message, path + ":1: invalid section header [exabgp.tcp");
  std::filesystem::remove(path);
  EXPECT_EQ(Load(Env{}, "/nonexistent/env").env.error().message,
            "can not read the env file /nonexistent/env: No such file or directory");
}

TEST(EnvironmentTest, ExaBgpsOwnEnvFile) {
  const std::string path = "/usr/share/doc/exabgp/examples/exabgp.env";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "exabgp examples not installed";
  Loaded l = Load(Env{}, path);
  ASSERT_TRUE(l.env.ok()) << l.env.error().message;
  // It spells out ExaBGP's defaults, which are herald's.
  Loaded defaults = Load(Env{});
  EXPECT_EQ(DescribeEnvironment(*l.env), DescribeEnvironment(*defaults.env));
  // It spells out api.chunk, cache.*, pdb.enable, profile.* and
  // reactor.speed with their defaults: quiet.
  EXPECT_TRUE(l.warnings.empty()) << l.warnings[0];
}

TEST(EnvironmentTest, FindEnvFileAsExaBgp) {
  std::string system = WriteFile("[exabgp.tcp]\nport = 1\n");
  const std::string var = "HERALD_SYSTEM_ENV_FILE=" + system;
  // --env-file first, then $EXABGP_ENVFILE, then the system file if it exists.
  EXPECT_EQ(FindEnvFile(Env{"EXABGP_ENVFILE=/b", var}.envp(), "/a"), "/a");
  EXPECT_EQ(FindEnvFile(Env{"EXABGP_ENVFILE=/b", var}.envp(), ""), "/b");
  EXPECT_EQ(FindEnvFile(Env{"EXABGP_ENVFILE=", var}.envp(), ""), system);
  EXPECT_EQ(FindEnvFile(Env{"HERALD_SYSTEM_ENV_FILE=/nonexistent/exabgp.env"}.envp(), ""), "");
  EXPECT_EQ(FindEnvFile(Env{"HERALD_SYSTEM_ENV_FILE="}.envp(), ""), "");
  std::filesystem::remove(system);
}

TEST(EnvironmentTest, DescribeAsIniAndAsDiff) {
  Loaded l = Load(Env{"exabgp.tcp.port=1790", "exabgp.cache.attributes=false", "exabgp.tcp.connections=2"});
  ASSERT_TRUE(l.env.ok());
  // 5.0's `env -d`: an empty line before each section.
  EXPECT_EQ(DescribeEnvironment(*l.env, {.diff = true}),
            (std::vector<std::string>{"", "[exabgp.cache]", "attributes = false", "", "[exabgp.tcp]",
                                      "connections = 2", "port = 1790"}));
  EXPECT_EQ(DescribeEnvironment(*l.env, {.diff = true, .env_form = true}),
            (std::vector<std::string>{"exabgp.tcp.port=1790", "exabgp.cache.attributes=false",
                                      "exabgp.tcp.connections=2"}));
  // The whole INI form: sections and options sorted.
  std::vector<std::string> ini = DescribeEnvironment(*Load(Env{}).env, {});
  ASSERT_GE(ini.size(), 3u);
  EXPECT_EQ(ini[0], "");
  EXPECT_EQ(ini[1], "[exabgp.api]");
  EXPECT_EQ(ini[2], "ack = true");
  EXPECT_EQ(ini.back(), "port = 179");
  EXPECT_EQ(std::count(ini.begin(), ini.end(), ""), 9);  // api bgp cache daemon log pdb profile reactor tcp
}

TEST(EnvironmentTest, BgpPassive) {
  Loaded l = Load(Env{"exabgp.bgp.passive=true"});
  ASSERT_TRUE(l.env.ok());
  EXPECT_TRUE(l.env->bgp.passive);
  EXPECT_TRUE(l.warnings.empty());
}

}  // namespace
}  // namespace herald::config
