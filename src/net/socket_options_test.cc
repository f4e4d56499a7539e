#include "net/socket_options.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/listener.h"

namespace herald::net {
namespace {

#ifndef IP_MINTTL
#define IP_MINTTL 21
#endif

IpAddress Ip(std::string_view s) { return *IpAddress::Parse(s); }

SocketKeys Md5(std::string key) {
  SocketKeys k;
  k.md5 = std::move(key);
  return k;
}

struct Fd {
  int fd;
  explicit Fd(int f) : fd(f) {}
  ~Fd() {
    if (fd >= 0) close(fd);
  }
};

int MinTtl(int fd) {
  int v = -1;
  socklen_t len = sizeof(v);
  getsockopt(fd, IPPROTO_IP, IP_MINTTL, &v, &len);
  return v;
}

TEST(TtlForTest, TtlSecurityAndExaBgpSettings) {
  config::NeighborConfig n;
  EXPECT_EQ(TtlFor(n, false).outgoing, 0);
  EXPECT_EQ(TtlFor(n, false).minimum, 0);
  n.ttl_security = 1;
  EXPECT_EQ(TtlFor(n, false).outgoing, 255);
  EXPECT_EQ(TtlFor(n, false).minimum, 255);
  n.ttl_security = 3;
  EXPECT_EQ(TtlFor(n, true).minimum, 253);
  n.ttl_security.reset();
  n.incoming_ttl = 200;
  EXPECT_EQ(TtlFor(n, false).outgoing, 0);  // connecting: the system's TTL
  EXPECT_EQ(TtlFor(n, false).minimum, 200);
  EXPECT_EQ(TtlFor(n, true).outgoing, 200);  // accepted: as ExaBGP's listener
  n.outgoing_ttl = 5;
  EXPECT_EQ(TtlFor(n, true).outgoing, 5);
}

TEST(SocketOptionsTest, Md5KeyOnASocket) {
  Fd s(socket(AF_INET, SOCK_STREAM, 0));
  ASSERT_GE(s.fd, 0);
  EXPECT_TRUE(SetMd5Key(s.fd, Ip("127.0.0.2"), "secret").ok());
  EXPECT_TRUE(SetMd5Key(s.fd, Ip("127.0.0.2"), "").ok());
  EXPECT_TRUE(SetMd5Key(s.fd, Ip("127.0.0.3"), "").ok());  // no key to remove: fine
  EXPECT_TRUE(SetMd5Key(s.fd, Ip("127.0.0.2"), std::string(80, 'k')).ok());
  auto too_long = SetMd5Key(s.fd, Ip("127.0.0.2"), std::string(81, 'k'));
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().message, "TCP MD5 key of 81 bytes (at most 80)");
  Fd s6(socket(AF_INET6, SOCK_STREAM, 0));
  ASSERT_GE(s6.fd, 0);
  EXPECT_TRUE(SetMd5Key(s6.fd, Ip("::1"), "secret").ok());
  // A closed descriptor: the error names the option.
  auto bad = SetMd5Key(-1, Ip("127.0.0.2"), "secret");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "setting the TCP MD5 key (TCP_MD5SIG): Bad file descriptor");
}

TEST(SocketOptionsTest, ListenerMinimumTtlIsTheLowestOfItsPeers) {
  Fd l(socket(AF_INET, SOCK_STREAM, 0));
  ASSERT_GE(l.fd, 0);
  ListenerSecurity sec;
  ASSERT_TRUE(sec.AddSocket(l.fd, false).ok());
  EXPECT_EQ(MinTtl(l.fd), 0);
  ASSERT_TRUE(sec.Set(1, Ip("127.0.0.2"), Md5(""), 255).ok());
  EXPECT_EQ(MinTtl(l.fd), 255);  // every peer agrees
  ASSERT_TRUE(sec.Set(2, Ip("127.0.0.3"), Md5(""), 254).ok());
  EXPECT_EQ(MinTtl(l.fd), 254);
  ASSERT_TRUE(sec.Set(3, Ip("127.0.0.4"), Md5(""), 0).ok());
  EXPECT_EQ(MinTtl(l.fd), 0);  // one peer accepts any TTL: the accepted socket checks
  ASSERT_TRUE(sec.Set(4, Ip("::1"), Md5(""), 200).ok());
  EXPECT_EQ(sec.ListenerMinTtl(true), 200);
  EXPECT_EQ(MinTtl(l.fd), 0);
  sec.Remove(3);
  EXPECT_EQ(MinTtl(l.fd), 254);
  sec.Remove(2);
  sec.Remove(1);
  EXPECT_EQ(MinTtl(l.fd), 0);
  sec.ForgetSockets();
  sec.Remove(4);  // no sockets left: nothing to change
}

// Connects to 127.0.0.1:port from a socket keyed with `key` (none if
// empty); true if the handshake completes within `wait_ms`.
bool Connects(uint16_t port, const std::string& key, int wait_ms) {
  Fd c(socket(AF_INET, SOCK_STREAM, 0));
  if (!key.empty() && !SetMd5Key(c.fd, Ip("127.0.0.1"), key).ok()) return false;
  fcntl(c.fd, F_SETFL, O_NONBLOCK);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(c.fd, reinterpret_cast<sockaddr*>(&to), sizeof(to)) == 0) return true;
  if (errno != EINPROGRESS) return false;
  pollfd p{c.fd, POLLOUT, 0};
  if (poll(&p, 1, wait_ms) != 1) return false;
  int err = 0;
  socklen_t len = sizeof(err);
  getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
  return err == 0;
}

// The kernel checks the signature of the SYN against the listener's key for
// the remote address: a keyed client gets in, an unkeyed or mis-keyed one's
// SYN is dropped (its connect never completes).
TEST(SocketOptionsTest, ListenerKeyAdmitsOnlyTheRightKey) {
  Fd l(socket(AF_INET, SOCK_STREAM, 0));
  sockaddr_in at{};
  at.sin_family = AF_INET;
  at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(l.fd, reinterpret_cast<sockaddr*>(&at), sizeof(at)), 0);
  ASSERT_EQ(listen(l.fd, 8), 0);
  socklen_t len = sizeof(at);
  getsockname(l.fd, reinterpret_cast<sockaddr*>(&at), &len);
  uint16_t port = ntohs(at.sin_port);
  ListenerSecurity sec;
  ASSERT_TRUE(sec.AddSocket(l.fd, false).ok());
  ASSERT_TRUE(sec.Set(7, Ip("127.0.0.1"), Md5("right"), 0).ok());
  EXPECT_TRUE(Connects(port, "right", 5000));
  EXPECT_FALSE(Connects(port, "wrong", 300));
  EXPECT_FALSE(Connects(port, "", 300));
  // Two neighbors with the same peer address (other local addresses): the
  // kernel holds one key per address, the one set last; when that
  // neighbor goes, the other's is back.
  ASSERT_TRUE(sec.Set(8, Ip("127.0.0.1"), Md5("second"), 0).ok());
  EXPECT_TRUE(Connects(port, "second", 5000));
  EXPECT_FALSE(Connects(port, "right", 300));
  sec.Remove(8);
  EXPECT_TRUE(Connects(port, "right", 5000));
  // A neighbor without a key does not unkey the address.
  ASSERT_TRUE(sec.Set(9, Ip("127.0.0.1"), Md5(""), 0).ok());
  EXPECT_FALSE(Connects(port, "", 300));
  sec.Remove(9);
  // The peer goes: its key with it.
  sec.Remove(7);
  EXPECT_TRUE(Connects(port, "", 5000));
}

}  // namespace
}  // namespace herald::net
