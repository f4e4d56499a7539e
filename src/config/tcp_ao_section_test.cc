// herald's `tcp-ao { }`: both forms, templates, every error, the printer,
// and which changes restart the session.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "config/config.h"
#include "config/config_testing.h"
#include "config/parser.h"
#include "config/printer.h"

namespace herald::config {
namespace {

using Parsed = Result<Config, std::vector<ConfigError>>;

std::string Neighbor(std::string_view extra) {
  return "neighbor 127.0.0.2 {\n"
         "  router-id 1.2.3.4;\n"
         "  local-address 127.0.0.1;\n"
         "  local-as 65001;\n"
         "  peer-as 65002;\n" +
         std::string(extra) + "}\n";
}

Parsed Parse(std::string_view text) { return ParseConfigText(text, "test.conf"); }

std::string FirstError(std::string_view text) {
  Parsed p = Parse(text);
  return p.ok() ? "(no error)" : p.error()[0].ToString();
}

TcpAoConfig Ao(std::string_view extra) {
  Parsed p = Parse(Neighbor(extra));
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error()[0].ToString());
  return p.ok() ? p->neighbors.at(0).tcp_ao : TcpAoConfig{};
}

TEST(TcpAoConfigTest, ShortForm) {
  TcpAoConfig ao = Ao("  tcp-ao { key-id 7; algorithm hmac-sha-1-96; password \"secret\"; }\n");
  ASSERT_EQ(ao.keys.size(), 1u);
  EXPECT_TRUE(ao.short_form);
  EXPECT_EQ(ao.keys[0].name, 7);
  EXPECT_EQ(ao.keys[0].send_id, 7);
  EXPECT_EQ(ao.keys[0].receive_id, 7);
  EXPECT_EQ(ao.keys[0].algorithm, TcpAoAlgorithm::kHmacSha1_96);
  EXPECT_EQ(ao.keys[0].secret, "secret");
  EXPECT_EQ(ao.keys[0].source, Md5Config::Source::kInline);
  EXPECT_EQ(ao.Current(), &ao.keys[0]);
  EXPECT_FALSE(Ao("").enabled());
}

TEST(TcpAoConfigTest, FullFormForRollover) {
  ::setenv("HERALD_TEST_AO", "from-env", 1);
  TcpAoConfig ao = Ao(
      "  tcp-ao {\n"
      "    key 1 { send-id 10; receive-id 11; algorithm aes-128-cmac-96; password s1; }\n"
      "    key 2 { algorithm hmac-sha-256-128; password-env HERALD_TEST_AO; }\n"
      "    current 2;\n"
      "  }\n");
  ASSERT_EQ(ao.keys.size(), 2u);
  EXPECT_FALSE(ao.short_form);
  EXPECT_EQ(ao.keys[0].send_id, 10);
  EXPECT_EQ(ao.keys[0].receive_id, 11);
  EXPECT_EQ(ao.keys[0].algorithm, TcpAoAlgorithm::kAes128Cmac96);
  EXPECT_EQ(ao.keys[1].send_id, 2);  // defaults to the key's number
  EXPECT_EQ(ao.keys[1].receive_id, 2);
  EXPECT_EQ(ao.keys[1].secret, "from-env");
  EXPECT_EQ(ao.keys[1].source, Md5Config::Source::kEnv);
  EXPECT_EQ(ao.keys[1].given, "HERALD_TEST_AO");
  EXPECT_EQ(ao.Current(), &ao.keys[1]);
  // Without `current`: the first key.
  TcpAoConfig first = Ao("  tcp-ao { key 5 { algorithm hmac-sha-1-96; password a; }\n"
                         "           key 6 { algorithm hmac-sha-1-96; password b; } }\n");
  EXPECT_EQ(first.Current(), &first.keys[0]);
}

TEST(TcpAoConfigTest, PasswordFile) {
  testing::TempDir dir;
  std::string path = dir.Write("ao", "file-secret\n");
  TcpAoConfig ao = Ao("  tcp-ao { key-id 1; algorithm hmac-sha-1-96; password-file \"" + path + "\"; }\n");
  ASSERT_EQ(ao.keys.size(), 1u);
  EXPECT_EQ(ao.keys[0].secret, "file-secret");
  EXPECT_EQ(ao.keys[0].given, path);
}

TEST(TcpAoConfigTest, FromTemplate) {
  Parsed p = Parse(
      "template { neighbor ao { tcp-ao { key-id 3; algorithm hmac-sha-1-96; password t; } } }\n"
      "neighbor 127.0.0.2 { inherit ao; router-id 1.2.3.4; local-address 127.0.0.1; local-as 1; peer-as 2; }\n");
  ASSERT_TRUE(p.ok()) << p.error()[0].ToString();
  ASSERT_EQ(p->neighbors[0].tcp_ao.keys.size(), 1u);
  EXPECT_EQ(p->neighbors[0].tcp_ao.keys[0].send_id, 3);
}

TEST(TcpAoConfigTest, Errors) {
  EXPECT_EQ(FirstError(Neighbor("  tcp-ao { key-id 1; algorithm md5; password x; }\n")),
            "test.conf:6:32: unknown TCP-AO algorithm 'md5', options are: hmac-sha-1-96, aes-128-cmac-96, "
            "hmac-sha-256-128");
  EXPECT_EQ(FirstError(Neighbor("  tcp-ao { key-id 256; algorithm hmac-sha-1-96; password x; }\n")),
            "test.conf:6:19: invalid key-id '256' (a key id, 0 to 255)");
  EXPECT_EQ(FirstError(Neighbor("  tcp-ao { key 1 { send-id 300; algorithm hmac-sha-1-96; password x; } }\n")),
            "test.conf:6:28: invalid send-id '300' (a key id, 0 to 255)");
  EXPECT_EQ(FirstError(Neighbor("  tcp-ao { key 1 { algorithm hmac-sha-1-96; password x; }\n"
                                "    key 2 { send-id 1; algorithm hmac-sha-1-96; password y; } }\n")),
            "test.conf:7:5: tcp-ao key 2 has the send-id 1 of key 1");
  EXPECT_EQ(FirstError(Neighbor("  tcp-ao { key 1 { algorithm hmac-sha-1-96; password x; }\n"
                                "    key 2 { receive-id 1; algorithm hmac-sha-1-96; password y; } }\n")),
            "test.conf:7:5: tcp-ao key 2 has the receive-id 1 of key 1");
  EXPECT_EQ(FirstError(Neighbor("  tcp-ao { key 1 { algorithm hmac-sha-1-96; password x; } current 2; }\n")),
            "test.conf:6:59: tcp-ao current 2 names no key");
  EXPECT_EQ(FirstError(Neighbor("  md5-password m;\n  tcp-ao { key-id 1; algorithm hmac-sha-1-96; password x; }\n")),
            "test.conf:7:3: neighbor 127.0.0.2: tcp-ao and md5-password cannot both be used (RFC 5925 forbids "
            "both on one connection)");
  EXPECT_EQ(FirstError(Neighbor("  tcp-ao { key-id 1; password x; }\n")), "test.conf:6:3: tcp-ao has no algorithm");
  EXPECT_EQ(FirstError(Neighbor("  tcp-ao { key-id 1; algorithm hmac-sha-1-96; }\n")),
            "test.conf:6:3: tcp-ao has no password");
  EXPECT_EQ(FirstError(Neighbor("  tcp-ao { algorithm hmac-sha-1-96; password x; }\n")),
            "test.conf:6:3: tcp-ao has no key-id");
  EXPECT_EQ(FirstError(Neighbor("  tcp-ao { }\n")), "test.conf:6:3: tcp-ao has no key");
  EXPECT_EQ(FirstError(Neighbor("  tcp-ao { key 1 { password x; } }\n")), "test.conf:6:12: tcp-ao key 1 has no algorithm");
  EXPECT_EQ(FirstError(Neighbor("  tcp-ao { key-id 1; algorithm hmac-sha-1-96; password x;\n"
                                "    key 2 { algorithm hmac-sha-1-96; password y; } }\n")),
            "test.conf:6:3: tcp-ao mixes key-id/algorithm/password with key blocks: use one form");
  EXPECT_EQ(FirstError(Neighbor("  tcp-ao { key-id 1; key-id 2; }\n")),
            "test.conf:6:22: key-id given twice in this tcp-ao key");
  EXPECT_EQ(FirstError(Neighbor("  tcp-ao { key 1 { key-id 1; } }\n")),
            "test.conf:6:20: invalid keyword 'key-id' in tcp-ao key");
  EXPECT_EQ(FirstError(Neighbor("  tcp-ao { key 1 { algorithm hmac-sha-1-96; password x; }\n"
                                "    key 1 { algorithm hmac-sha-1-96; password y; } }\n")),
            "test.conf:7:5: tcp-ao key 1 given twice (first at line 6)");
  EXPECT_EQ(FirstError(Neighbor("  tcp-ao { key-id 1; algorithm hmac-sha-1-96; password " + std::string(81, 'x') +
                                "; }\n")),
            "test.conf:6:56: the TCP-AO password is 81 bytes long (at most 80)");
  EXPECT_EQ(FirstError(Neighbor("  tcp-ao { key-id 1; algorithm hmac-sha-1-96; password-env HERALD_NO_SUCH_VAR; }\n")),
            "test.conf:6:60: password-env: environment variable HERALD_NO_SUCH_VAR is not set");
  EXPECT_EQ(FirstError(Neighbor("  tcp-ao { key-id 1; algorithm hmac-sha-1-96; password x; }\n"
                                "  tcp-ao { key-id 1; algorithm hmac-sha-1-96; password x; }\n")),
            "test.conf:7:3: tcp-ao given twice (first at line 6)");
  EXPECT_EQ(FirstError(Neighbor("  tcp-ao;\n")), "test.conf:6:3: missing '{' after tcp-ao");
  EXPECT_EQ(FirstError(Neighbor("  tcp-ao { bogus 1; }\n")), "test.conf:6:12: invalid keyword 'bogus' in tcp-ao");
}

void ExpectRoundTrip(std::string_view text) {
  auto parsed = Parse(text);
  ASSERT_TRUE(parsed.ok()) << parsed.error()[0].ToString();
  auto again = testing::Reparse(*parsed);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(testing::WithoutLocations(*again), testing::WithoutLocations(*parsed)) << PrintConfig(*parsed);
  EXPECT_EQ(PrintConfig(*again), PrintConfig(*parsed));
}

TEST(TcpAoConfigTest, PrinterRoundTrips) {
  ::setenv("HERALD_TEST_AO", "from-env", 1);
  ExpectRoundTrip(Neighbor("  tcp-ao { key-id 9; algorithm aes-128-cmac-96; password \"a \\\" b\"; }\n"));
  ExpectRoundTrip(Neighbor("  tcp-ao { key 1 { send-id 4; receive-id 5; algorithm hmac-sha-1-96; password s1; }\n"
                           "    key 2 { algorithm hmac-sha-256-128; password-env HERALD_TEST_AO; } current 2; }\n"));
  ExpectRoundTrip(Neighbor("  tcp-ao { key 1 { algorithm hmac-sha-1-96; password s1; } }\n"));
  Parsed p = Parse(Neighbor("  tcp-ao { key-id 9; algorithm aes-128-cmac-96; password topsecret; }\n"));
  ASSERT_TRUE(p.ok());
  std::string shown = PrintConfig(*p, /*hide_secrets=*/true);
  EXPECT_EQ(shown.find("topsecret"), std::string::npos) << shown;
  EXPECT_NE(shown.find("\ttcp-ao {\n\t\tkey-id 9;\n\t\talgorithm aes-128-cmac-96;\n\t\tpassword ********;\n\t}\n"),
            std::string::npos)
      << shown;
}

NeighborConfig N(std::string_view ao) {
  Parsed p = Parse(Neighbor(ao));
  EXPECT_TRUE(p.ok()) << ao << ": " << (p.ok() ? "" : p.error()[0].ToString());
  return p.ok() ? p->neighbors.at(0) : NeighborConfig{};
}

// Keys added, made current and removed roll over on the live connection;
// turning TCP-AO on or off, or changing a key in place, restarts it.
TEST(TcpAoConfigTest, WhichChangesRestartTheSession) {
  const char* one = "tcp-ao { key 1 { algorithm hmac-sha-1-96; password s1; } }";
  const char* two = "tcp-ao { key 1 { algorithm hmac-sha-1-96; password s1; }"
                    " key 2 { algorithm aes-128-cmac-96; password s2; } }";
  const char* two_current = "tcp-ao { key 1 { algorithm hmac-sha-1-96; password s1; }"
                            " key 2 { algorithm aes-128-cmac-96; password s2; } current 2; }";
  const char* only_two = "tcp-ao { key 2 { algorithm aes-128-cmac-96; password s2; } }";
  EXPECT_TRUE(SameSession(N(one), N(two)));
  EXPECT_TRUE(SameSession(N(two), N(two_current)));
  EXPECT_TRUE(SameSession(N(two_current), N(only_two)));
  EXPECT_TRUE(SameSession(N(one), N("tcp-ao { key-id 1; algorithm hmac-sha-1-96; password s1; }")));
  EXPECT_FALSE(SameSession(N(""), N(one)));
  EXPECT_FALSE(SameSession(N(one), N("")));
  EXPECT_FALSE(SameSession(N(one), N("tcp-ao { key 1 { algorithm hmac-sha-1-96; password other; } }")));
  EXPECT_FALSE(SameSession(N(one), N("tcp-ao { key 1 { algorithm aes-128-cmac-96; password s1; } }")));
  EXPECT_FALSE(SameSession(N(one), N("tcp-ao { key 1 { receive-id 9; algorithm hmac-sha-1-96; password s1; } }")));
  EXPECT_FALSE(SameSession(N(one), N(std::string(one) + " hold-time 30;")));
}

}  // namespace
}  // namespace herald::config
