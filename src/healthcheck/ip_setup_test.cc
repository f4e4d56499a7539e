#include "healthcheck/ip_setup.h"

#include <gtest/gtest.h>

namespace herald::healthcheck {
namespace {

Prefix P(const char* s) { return *Prefix::Parse(s); }

SystemAddress A(const char* ifname, const char* ip, uint8_t len, const char* label = "") {
  SystemAddress a;
  a.ifname = ifname;
  IpAddress addr = *IpAddress::Parse(ip);
  a.prefix = Prefix(addr, len);
  a.network = a.prefix.address() == addr;
  a.label = label;
  return a;
}

TEST(IpSetup, SystemIpsSkipLoopbackAndOtherInterfaces) {
  std::vector<SystemAddress> all = {A("lo", "127.0.0.1", 8, "lo"), A("lo", "::1", 128),
                                    A("lo", "192.0.2.10", 32, "lo:web1"), A("lo", "192.0.2.11", 32, "lo:db"),
                                    A("lo", "2001:db8::1", 128), A("eth0", "198.51.100.1", 32, "eth0"),
                                    A("lo", "192.0.2.1", 24, "lo")};  // host bits set: skipped
  EXPECT_EQ(SystemIps(all, {"lo"}, std::nullopt, false),
            (std::vector<Prefix>{P("192.0.2.10/32"), P("192.0.2.11/32"), P("2001:db8::1/128")}));
  EXPECT_EQ(SystemIps(all, {"lo", "eth0"}, std::nullopt, false).size(), 4u);
  EXPECT_EQ(SystemIps(all, {"lo"}, std::string("web"), false), (std::vector<Prefix>{P("192.0.2.10/32")}));
  EXPECT_TRUE(SystemIps(all, {"lo"}, std::string("web"), true).empty());
  EXPECT_EQ(SystemIps(all, {"lo"}, std::string("web1"), true), (std::vector<Prefix>{P("192.0.2.10/32")}));
}

TEST(IpSetup, HostsOfANetwork) {
  EXPECT_EQ(Hosts(P("192.0.2.10/32"), 10), (std::vector<Prefix>{P("192.0.2.10/32")}));
  EXPECT_EQ(Hosts(P("192.0.2.0/30"), 10), (std::vector<Prefix>{P("192.0.2.0/32"), P("192.0.2.1/32"),
                                                               P("192.0.2.2/32"), P("192.0.2.3/32")}));
  EXPECT_EQ(Hosts(P("2001:db8::/127"), 10), (std::vector<Prefix>{P("2001:db8::/128"), P("2001:db8::1/128")}));
  EXPECT_EQ(Hosts(P("10.0.0.0/8"), 3).size(), 3u);
  EXPECT_EQ(Hosts(P("255.255.255.254/31"), 10).size(), 2u);  // no wrap past the last address
}

TEST(IpSetup, IfnameOf) {
  std::vector<IpIfname> x = {{P("192.0.2.10/32"), "eth1"}};
  EXPECT_EQ(IfnameOf(P("192.0.2.10/32"), x), "eth1");
  EXPECT_EQ(IfnameOf(P("192.0.2.11/32"), x), "lo");
}

}  // namespace
}  // namespace herald::healthcheck
