#include "healthcheck/options.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace herald::healthcheck {
namespace {

struct Parsed {
  std::optional<Options> options;
  int code = -1;
  std::string out, err;
};

Parsed Parse(std::vector<std::string> args) {
  Parsed p;
  std::ostringstream out, err;
  p.options = ParseOptions(args, out, err, &p.code);
  p.out = out.str();
  p.err = err.str();
  return p;
}

TEST(Options, Defaults) {
  auto p = Parse({});
  ASSERT_TRUE(p.options);
  const Options& o = *p.options;
  EXPECT_EQ(o.interval, 5);
  EXPECT_EQ(o.fast_interval, 1);
  EXPECT_EQ(o.timeout, 5);
  EXPECT_EQ(o.rise, 3);
  EXPECT_EQ(o.fall, 3);
  EXPECT_EQ(o.up_metric, 100);
  EXPECT_EQ(o.down_metric, 1000);
  EXPECT_EQ(o.disabled_metric, 500);
  EXPECT_EQ(o.increase, 1);
  EXPECT_EQ(o.local_preference, -1);
  EXPECT_EQ(o.syslog_facility, "daemon");
  EXPECT_TRUE(o.ip_setup);
  EXPECT_FALSE(o.command);
  EXPECT_EQ(o.drain, 0);
}

TEST(Options, EveryLongOption) {
  auto p = Parse({"--debug", "--no-ack", "--sudo", "--name", "web", "--pid", "/tmp/p", "--user", "nobody",
                  "--group", "nogroup", "--interval", "0.5", "--fast-interval", "0.25", "--timeout", "2",
                  "--rise", "4", "--fall", "5", "--disable", "/tmp/off", "--command", "true", "--next-hop",
                  "192.0.2.1", "--ip", "192.0.2.10/32", "--ip", "2001:DB8::1", "--ip-ifname", "192.0.2.10/32%eth0",
                  "--local-preference", "200", "--deaggregate-networks", "--no-ip-setup", "--dynamic-ip-setup",
                  "--label", "web", "--label-exact-match", "--start-ip", "1", "--up-metric", "10",
                  "--down-metric", "20", "--disabled-metric", "30", "--increase", "2", "--community", "65000:1",
                  "--extended-community", "target:65000:1", "--large-community", "1:2:3",
                  "--disabled-community", "65000:666", "--as-path", "1 2", "--up-as-path", "3",
                  "--down-as-path", "4", "--disabled-as-path", "5", "--withdraw-on-down", "--path-id", "7",
                  "--neighbor", "10.0.0.1", "--neighbor", "*", "--debounce", "--execute", "a", "--up-execute",
                  "b", "--down-execute", "c", "--disabled-execute", "d", "--execute", "e", "--drain", "4",
                  "--no-syslog"});
  ASSERT_TRUE(p.options) << p.err;
  const Options& o = *p.options;
  EXPECT_TRUE(o.debug && o.no_ack && o.sudo && o.no_syslog && o.deaggregate_networks && o.ip_dynamic &&
              o.label_exact_match && o.withdraw_on_down && o.debounce);
  EXPECT_FALSE(o.ip_setup);
  EXPECT_EQ(o.name, "web");
  EXPECT_EQ(o.pid_file, "/tmp/p");
  EXPECT_EQ(o.user, "nobody");
  EXPECT_EQ(o.group, "nogroup");
  EXPECT_EQ(o.interval, 0.5);
  EXPECT_EQ(o.fast_interval, 0.25);
  EXPECT_EQ(o.timeout, 2);
  EXPECT_EQ(o.rise, 4);
  EXPECT_EQ(o.fall, 5);
  EXPECT_EQ(o.disable, "/tmp/off");
  EXPECT_EQ(*o.command, "true");
  EXPECT_EQ(o.next_hop->ToString(), "192.0.2.1");
  ASSERT_EQ(o.ips.size(), 2u);
  EXPECT_EQ(o.ips[1].ToString(), "2001:db8::1/128");
  ASSERT_EQ(o.ip_ifnames.size(), 1u);
  EXPECT_EQ(o.ip_ifnames[0].ifname, "eth0");
  EXPECT_EQ(o.ip_ifnames[0].ip.ToString(), "192.0.2.10/32");
  EXPECT_EQ(o.local_preference, 200);
  EXPECT_EQ(*o.label, "web");
  EXPECT_EQ(o.start_ip, 1);
  EXPECT_EQ(o.up_metric, 10);
  EXPECT_EQ(o.down_metric, 20);
  EXPECT_EQ(o.disabled_metric, 30);
  EXPECT_EQ(o.increase, 2);
  EXPECT_EQ(o.community, "65000:1");
  EXPECT_EQ(o.extended_community, "target:65000:1");
  EXPECT_EQ(o.large_community, "1:2:3");
  EXPECT_EQ(o.disabled_community, "65000:666");
  EXPECT_EQ(o.as_path, "1 2");
  EXPECT_EQ(*o.up_as_path, "3");
  EXPECT_EQ(*o.down_as_path, "4");
  EXPECT_EQ(*o.disabled_as_path, "5");
  EXPECT_EQ(o.path_id, 7);
  EXPECT_EQ(o.neighbors, (std::vector<std::string>{"10.0.0.1", "*"}));
  EXPECT_EQ(o.execute, (std::vector<std::string>{"a", "e"}));
  EXPECT_EQ(o.up_execute, (std::vector<std::string>{"b"}));
  EXPECT_EQ(o.down_execute, (std::vector<std::string>{"c"}));
  EXPECT_EQ(o.disabled_execute, (std::vector<std::string>{"d"}));
  EXPECT_EQ(o.drain, 4);
}

TEST(Options, ShortFormsAndAliases) {
  auto p = Parse({"-s", "-d", "-a", "-n", "x", "-p", "/tmp/p", "-i", "2", "-f", "0.5", "-t", "3", "-c", "true",
                  "-N", "192.0.2.1"});
  ASSERT_TRUE(p.options) << p.err;
  EXPECT_TRUE(p.options->silent && p.options->debug && p.options->no_ack);
  EXPECT_EQ(p.options->interval, 2);
  EXPECT_EQ(p.options->fast_interval, 0.5);
  EXPECT_EQ(p.options->timeout, 3);
  EXPECT_EQ(*p.options->command, "true");
  for (const char* alias : {"--cmd", "--command", "-c", "--comma"}) {
    auto q = Parse({alias, "exit 0"});
    ASSERT_TRUE(q.options) << alias << q.err;
    EXPECT_EQ(*q.options->command, "exit 0");
  }
  auto q = Parse({"--interval=7", "-i8"});
  ASSERT_TRUE(q.options) << q.err;
  EXPECT_EQ(q.options->interval, 8);
}

TEST(Options, SyslogFacilityValueIsOptional) {
  auto p = Parse({"-sF", "local3"});
  ASSERT_TRUE(p.options) << p.err;
  EXPECT_EQ(p.options->syslog_facility, "local3");
  p = Parse({"--syslog-facility", "--debug"});
  ASSERT_TRUE(p.options) << p.err;
  EXPECT_EQ(p.options->syslog_facility, "daemon");
  EXPECT_TRUE(p.options->debug);
}

TEST(Options, UsageErrorsExit2) {
  for (std::vector<std::string> bad : std::vector<std::vector<std::string>>{
           {"--unknown"},
           {"positional"},
           {"--interval"},
           {"--interval", "x"},
           {"--rise", "1.5"},
           {"--ip", "192.0.2.1/24"},
           {"--ip", "nope"},
           {"--next-hop", "nope"},
           {"--neighbor", "nope"},
           {"--silent", "--no-syslog"},
           {"--no-syslog", "-sF", "user"},
           {"--d"},  // ambiguous: --debug, --disable, ...
           {"--debug=yes"},
           {"--community", "a\nb"},
           {"--config", "/nonexistent/file"},
       }) {
    auto p = Parse(bad);
    EXPECT_FALSE(p.options) << bad[0];
    EXPECT_EQ(p.code, 2) << bad[0];
    EXPECT_NE(p.err.find("herald healthcheck: error: "), std::string::npos) << p.err;
  }
  auto p = Parse({"--silent", "--no-syslog"});
  EXPECT_NE(p.err.find("argument --no-syslog: not allowed with argument --silent"), std::string::npos) << p.err;
  p = Parse({"--bogus", "x"});
  EXPECT_NE(p.err.find("unrecognized arguments: --bogus x"), std::string::npos) << p.err;
}

TEST(Options, IpIfnameErrorsExit1) {
  for (std::vector<std::string> bad : std::vector<std::vector<std::string>>{
           {"--ip", "192.0.2.1", "--ip-ifname", "192.0.2.1"},
           {"--ip", "192.0.2.1", "--ip-ifname", "192.0.2.2%eth0"},
           {"--ip", "192.0.2.1", "--ip-ifname", "192.0.2.1%eth/0"},
           {"--ip", "192.0.2.1", "--ip-ifname", "192.0.2.1%averyveryverylongname"},
       }) {
    auto p = Parse(bad);
    EXPECT_FALSE(p.options) << bad[3];
    EXPECT_EQ(p.code, 1) << bad[3];
  }
}

TEST(Options, Help) {
  auto p = Parse({"--help"});
  EXPECT_FALSE(p.options);
  EXPECT_EQ(p.code, 0);
  EXPECT_NE(p.out.find("--drain SECONDS"), std::string::npos);
  EXPECT_NE(p.out.find("--ip-ifname IP%IFNAME"), std::string::npos);
}

TEST(Options, ConfigFileLines) {
  EXPECT_EQ(ConfigFileArgs("# comment\n debug\n\nname = haproxy\ninterval=10\ncommand = curl -sf http://x/?a=b\n"),
            (std::vector<std::string>{"--debug", "--name", "haproxy", "--interval", "10", "--command",
                                      "curl -sf http://x/?a=b"}));
}

TEST(Options, ConfigFileThenCommandLine) {
  std::string path = ::testing::TempDir() + "/healthcheck.conf." + std::to_string(getpid());
  {
    std::ofstream f(path);
    f << "debug\nname = haproxy\ninterval = 10\nip = 192.0.2.1\nfast-interval = 1\n";
  }
  auto p = Parse({"--config", path, "--interval", "3", "--ip", "192.0.2.2"});
  ASSERT_TRUE(p.options) << p.err;
  EXPECT_TRUE(p.options->debug);
  EXPECT_EQ(p.options->name, "haproxy");
  EXPECT_EQ(p.options->interval, 3);  // the command line comes after the file
  ASSERT_EQ(p.options->ips.size(), 2u);
  EXPECT_EQ(p.options->ips[0].ToString(), "192.0.2.1/32");
  EXPECT_EQ(p.options->ips[1].ToString(), "192.0.2.2/32");
  {
    std::ofstream f(path);
    f << "no-such-option = 1\n";
  }
  p = Parse({"-F", path});
  EXPECT_EQ(p.code, 2);
  std::remove(path.c_str());
}

TEST(Options, SetsAddressesUp) {
  using V = std::vector<std::string>;
  EXPECT_TRUE(SetsAddressesUp(V{"/usr/sbin/herald", "healthcheck", "--cmd", "true", "--ip", "192.0.2.1/32"}));
  EXPECT_TRUE(SetsAddressesUp(V{"/usr/bin/python3", "-m", "exabgp", "healthcheck", "--ip", "192.0.2.1/32"}));
  EXPECT_TRUE(SetsAddressesUp(V{"/usr/sbin/exabgp", "healthcheck"}));  // lo's labelled addresses
  EXPECT_FALSE(SetsAddressesUp(V{"/usr/sbin/herald", "healthcheck", "--ip", "192.0.2.1/32", "--no-ip-setup"}));
  EXPECT_FALSE(SetsAddressesUp(V{"/usr/sbin/herald", "healthcheck", "--help"}));
  EXPECT_FALSE(SetsAddressesUp(V{"/usr/sbin/herald", "healthcheck", "--no-such-option"}));
  EXPECT_FALSE(SetsAddressesUp(V{"/usr/local/bin/my-check", "healthcheck", "--ip", "192.0.2.1/32"}));
  EXPECT_FALSE(SetsAddressesUp(V{"/usr/bin/python3", "/etc/herald/announce.py"}));
  EXPECT_FALSE(SetsAddressesUp(V{"healthcheck"}));
}

}  // namespace
}  // namespace herald::healthcheck
