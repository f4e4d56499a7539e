// The TCP-AO structures as the kernel reads them, and what herald does on a
// kernel that lacks TCP-AO.
#include "net/tcp_ao.h"

#include "net/listener.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace herald::net {
namespace {

IpAddress Ip(std::string_view s) { return *IpAddress::Parse(s); }

AoKey Key(uint8_t send, uint8_t receive, std::string secret) {
  AoKey k;
  k.send_id = send;
  k.receive_id = receive;
  k.algorithm = "hmac(sha1)";
  k.mac_length = 12;
  k.secret = std::move(secret);
  return k;
}

// The bytes at `offset` of a structure.
template <typename T>
uint8_t At(const T& s, size_t offset) {
  return reinterpret_cast<const uint8_t*>(&s)[offset];
}

TEST(TcpAoTest, AddForAnIpv4Peer) {
  tcp_ao_abi::tcp_ao_add add = MakeAoAdd(Ip("192.0.2.7"), Key(3, 4, "secret"), true);
  // struct sockaddr_in at the start: family, port 0, address.
  EXPECT_EQ(At(add, 0) | At(add, 1) << 8, AF_INET);
  EXPECT_EQ(At(add, 2), 0);
  EXPECT_EQ(At(add, 4), 192);
  EXPECT_EQ(At(add, 7), 7);
  EXPECT_STREQ(reinterpret_cast<const char*>(&add) + 128, "hmac(sha1)");
  EXPECT_EQ(At(add, 192), 0);  // ifindex
  EXPECT_EQ(At(add, 196), 0x03);  // set_current and set_rnext, the two low bits
  EXPECT_EQ(At(add, 202), 32);  // prefix
  EXPECT_EQ(At(add, 203), 3);   // sndid
  EXPECT_EQ(At(add, 204), 4);   // rcvid
  EXPECT_EQ(At(add, 205), 12);  // maclen
  EXPECT_EQ(At(add, 206), 0);   // keyflags
  EXPECT_EQ(At(add, 207), 6);   // keylen
  EXPECT_EQ(std::memcmp(reinterpret_cast<const char*>(&add) + 208, "secret", 6), 0);
  EXPECT_EQ(At(add, 214), 0);
  tcp_ao_abi::tcp_ao_add plain = MakeAoAdd(Ip("192.0.2.7"), Key(3, 4, "secret"), false);
  EXPECT_EQ(At(plain, 196), 0);
}

TEST(TcpAoTest, AddForAnIpv6Peer) {
  tcp_ao_abi::tcp_ao_add add = MakeAoAdd(Ip("2001:db8::1"), Key(200, 201, std::string(80, 'k')), false);
  EXPECT_EQ(At(add, 0) | At(add, 1) << 8, AF_INET6);
  // struct sockaddr_in6: family, port, flowinfo, then the address at 8.
  EXPECT_EQ(At(add, 8), 0x20);
  EXPECT_EQ(At(add, 9), 0x01);
  EXPECT_EQ(At(add, 23), 0x01);
  EXPECT_EQ(At(add, 202), 128);
  EXPECT_EQ(At(add, 203), 200);
  EXPECT_EQ(At(add, 204), 201);
  EXPECT_EQ(At(add, 207), 80);
  EXPECT_EQ(At(add, 287), 'k');
}

TEST(TcpAoTest, DelAndInfo) {
  tcp_ao_abi::tcp_ao_del del = MakeAoDel(Ip("10.1.2.3"), Key(5, 6, "x"));
  EXPECT_EQ(At(del, 0) | At(del, 1) << 8, AF_INET);
  EXPECT_EQ(At(del, 132), 0);   // no set_current, set_rnext, del_async
  EXPECT_EQ(At(del, 138), 32);  // prefix
  EXPECT_EQ(At(del, 139), 5);
  EXPECT_EQ(At(del, 140), 6);
  tcp_ao_abi::tcp_ao_info_opt info = MakeAoInfo(Key(5, 6, "x"), true);
  EXPECT_EQ(At(info, 0), 0x03);  // set_current, set_rnext
  EXPECT_EQ(At(info, 6), 5);     // current_key: a send-id
  EXPECT_EQ(At(info, 7), 6);     // rnext: a receive-id
  tcp_ao_abi::tcp_ao_info_opt rnext = MakeAoInfo(Key(5, 6, "x"), false);
  EXPECT_EQ(At(rnext, 0), 0x02);  // set_rnext only
  EXPECT_EQ(At(rnext, 6), 0);
  EXPECT_EQ(At(rnext, 7), 6);
}

TEST(TcpAoTest, KeysForANeighbor) {
  config::NeighborConfig n;
  config::TcpAoKey a;
  a.name = 1, a.send_id = 1, a.receive_id = 2, a.algorithm = config::TcpAoAlgorithm::kAes128Cmac96, a.secret = "a";
  config::TcpAoKey b;
  b.name = 2, b.send_id = 3, b.receive_id = 4, b.algorithm = config::TcpAoAlgorithm::kHmacSha256_128, b.secret = "b";
  n.tcp_ao.keys = {a, b};
  n.tcp_ao.current = 2;
  SocketKeys keys = KeysFor(n);
  ASSERT_EQ(keys.ao.size(), 2u);
  EXPECT_EQ(keys.current, 1u);
  EXPECT_EQ(keys.ao[0].algorithm, "cmac(aes128)");
  EXPECT_EQ(keys.ao[0].mac_length, 12);
  EXPECT_EQ(keys.ao[1].algorithm, "hmac(sha256)");
  EXPECT_EQ(keys.ao[1].mac_length, 16);
  EXPECT_EQ(keys.ao[1].send_id, 3);
  EXPECT_TRUE(keys.md5.empty());
}

// What a fake kernel was asked, one line an option: "add 2/2 current",
// "info current 2 rnext 2", "del 1/1". `refuse_del_current` makes
// TCP_AO_DEL_KEY of the current key fail with EBUSY, as the kernel does.
std::vector<std::string>* calls = nullptr;
int current_send_id = -1;

int FakeSetSockOpt(int, int level, int name, const void* value, socklen_t length) {
  EXPECT_EQ(level, IPPROTO_TCP);
  if (name == tcp_ao_abi::kTcpAoAddKey) {
    EXPECT_EQ(length, sizeof(tcp_ao_abi::tcp_ao_add));
    auto* add = static_cast<const tcp_ao_abi::tcp_ao_add*>(value);
    calls->push_back(fmt::format("add {}/{}{}", add->sndid, add->rcvid, add->set_current ? " current" : ""));
    if (add->set_current) current_send_id = add->sndid;
  } else if (name == tcp_ao_abi::kTcpAoDelKey) {
    auto* del = static_cast<const tcp_ao_abi::tcp_ao_del*>(value);
    calls->push_back(fmt::format("del {}/{}", del->sndid, del->rcvid));
    if (del->sndid == current_send_id) {
      errno = EBUSY;
      return -1;
    }
  } else if (name == tcp_ao_abi::kTcpAoInfo) {
    auto* info = static_cast<const tcp_ao_abi::tcp_ao_info_opt*>(value);
    calls->push_back(fmt::format("info{} rnext {}", info->set_current ? fmt::format(" current {}", info->current_key) : "",
                                 info->rnext));
    if (info->set_current) current_send_id = info->current_key;
  } else {
    ADD_FAILURE() << "option " << name;
  }
  return 0;
}

struct FakeKernel {
  std::vector<std::string> seen;
  FakeKernel() {
    calls = &seen;
    current_send_id = -1;
    SetAoSetSockOptForTesting(FakeSetSockOpt);
  }
  ~FakeKernel() {
    SetAoSetSockOptForTesting(nullptr);
    calls = nullptr;
  }
};

SocketKeys Keys(std::vector<AoKey> ao, size_t current) {
  SocketKeys k;
  k.ao = std::move(ao);
  k.current = current;
  return k;
}

// A connection: its first keys with the current one marked as it is added;
// a rollover adds, switches, then deletes, so that the kernel never has to
// delete the current key.
TEST(TcpAoTest, RolloverOrderOnAConnection) {
  FakeKernel kernel;
  IpAddress peer = Ip("127.0.0.2");
  AoKey one = Key(1, 1, "one"), two = Key(2, 2, "two");
  SocketKeys first = Keys({one}, 0), both = Keys({one, two}, 0), both_current = Keys({one, two}, 1),
             second = Keys({two}, 0);
  ASSERT_TRUE(ChangeKeys(7, peer, SocketKeys{}, first, false));
  ASSERT_TRUE(ChangeKeys(7, peer, first, both, false));
  ASSERT_TRUE(ChangeKeys(7, peer, both, both_current, false));
  ASSERT_TRUE(ChangeKeys(7, peer, both_current, second, false));
  EXPECT_EQ(kernel.seen, (std::vector<std::string>{"add 1/1 current", "add 2/2", "info current 1 rnext 1",
                                                   "info current 2 rnext 2", "info current 2 rnext 2", "del 1/1"}));
  // Straight from key 1 to key 2: added, made current, then 1 deleted.
  kernel.seen.clear();
  current_send_id = 1;
  ASSERT_TRUE(ChangeKeys(7, peer, first, second, false));
  EXPECT_EQ(kernel.seen, (std::vector<std::string>{"add 2/2", "info current 2 rnext 2", "del 1/1"}));
  // Nothing changed: nothing asked.
  kernel.seen.clear();
  ASSERT_TRUE(ChangeKeys(7, peer, second, second, false));
  EXPECT_TRUE(kernel.seen.empty());
}

// A listening socket has no current key: removed keys go first (a key
// changed in place is deleted, then added again), none is marked current.
TEST(TcpAoTest, ListenerKeysChange) {
  FakeKernel kernel;
  IpAddress peer = Ip("2001:db8::2");
  AoKey one = Key(1, 1, "one"), changed = Key(1, 1, "new"), two = Key(2, 2, "two");
  ASSERT_TRUE(ChangeKeys(3, peer, SocketKeys{}, Keys({one, two}, 1), true));
  ASSERT_TRUE(ChangeKeys(3, peer, Keys({one, two}, 1), Keys({changed, two}, 1), true));
  ASSERT_TRUE(ChangeKeys(3, peer, Keys({changed, two}, 1), SocketKeys{}, true));
  EXPECT_EQ(kernel.seen, (std::vector<std::string>{"add 1/1", "add 2/2", "del 1/1", "add 1/1", "del 1/1", "del 2/2"}));
}

// The kernel's refusal comes back with the option's name.
TEST(TcpAoTest, RefusalIsReported) {
  FakeKernel kernel;
  current_send_id = 1;
  Status s = ChangeKeys(7, Ip("127.0.0.2"), Keys({Key(1, 1, "a"), Key(2, 2, "b")}, 0), Keys({Key(2, 2, "b")}, 0), false);
  // herald makes key 2 current before deleting key 1: no refusal.
  EXPECT_TRUE(s);
  // A listener deletes first: the fake refuses key 5 as if it were current.
  current_send_id = 5;
  Status busy = ChangeKeys(7, Ip("127.0.0.2"), Keys({Key(5, 5, "x"), Key(6, 6, "y")}, 0), Keys({Key(6, 6, "y")}, 0),
                           true);
  ASSERT_FALSE(busy);
  EXPECT_NE(busy.error().message.find("deleting the TCP-AO key 5/5 (TCP_AO_DEL_KEY)"), std::string::npos)
      << busy.error().message;
}

// The listening sockets follow a neighbor's keys through a rollover, and a
// listener opened later gets the keys of the moment.
TEST(TcpAoTest, ListenerSecurityFollowsTheKeys) {
  FakeKernel kernel;
  ListenerSecurity sec;
  IpAddress peer = Ip("127.0.0.2");
  AoKey one = Key(1, 1, "one"), two = Key(2, 2, "two");
  ASSERT_TRUE(sec.AddSocket(9, false));
  ASSERT_TRUE(sec.Set(1, peer, Keys({one}, 0), 0));
  ASSERT_TRUE(sec.Set(1, peer, Keys({one, two}, 0), 0));
  ASSERT_TRUE(sec.Set(1, peer, Keys({one, two}, 1), 0));
  ASSERT_TRUE(sec.Set(1, peer, Keys({two}, 0), 0));
  EXPECT_EQ(kernel.seen, (std::vector<std::string>{"add 1/1", "add 2/2", "del 1/1"}));
  kernel.seen.clear();
  ASSERT_TRUE(sec.AddSocket(10, false));
  ASSERT_TRUE(sec.AddSocket(11, true));  // IPv6: not for this peer
  EXPECT_EQ(kernel.seen, (std::vector<std::string>{"add 2/2"}));
  kernel.seen.clear();
  sec.Remove(1);
  EXPECT_EQ(kernel.seen, (std::vector<std::string>{"del 2/2", "del 2/2"}));  // on sockets 9 and 10
  sec.ForgetSockets();
}

// A socket gets the keys, or an error that names the option; on a kernel
// without TCP-AO the error says so (and the connection is not attempted).
TEST(TcpAoTest, SetsKeysOrSaysWhy) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  SocketKeys keys;
  keys.ao = {Key(1, 1, "one"), Key(2, 2, "two")};
  Status s = ChangeKeys(fd, Ip("127.0.0.2"), SocketKeys{}, keys, false);
  if (!s) {
    EXPECT_NE(s.error().message.find("TCP_AO_ADD_KEY"), std::string::npos) << s.error().message;
    if (s.error().message.find("Protocol not available") != std::string::npos) {
      EXPECT_NE(s.error().message.find("this kernel has no TCP-AO"), std::string::npos);
    }
    close(fd);
    GTEST_SKIP() << "no TCP-AO here: " << s.error().message;
  }
  // Rollover on a socket that is not connected: add 3, make it current,
  // remove 1.
  SocketKeys next = keys;
  next.ao = {Key(2, 2, "two"), Key(3, 3, "three")};
  next.current = 1;
  EXPECT_TRUE(ChangeKeys(fd, Ip("127.0.0.2"), keys, next, false));
  close(fd);
}

}  // namespace
}  // namespace herald::net
