#include "healthcheck/ip_setup.h"

#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace herald::healthcheck {
namespace {

class NetlinkSocket {
 public:
  NetlinkSocket() {
    fd_ = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd_ >= 0) {
      timeval tv{5, 0};
      setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    }
  }
  ~NetlinkSocket() {
    if (fd_ >= 0) close(fd_);
  }
  NetlinkSocket(const NetlinkSocket&) = delete;
  NetlinkSocket& operator=(const NetlinkSocket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
};

void AddAttribute(std::vector<uint8_t>* msg, uint16_t type, const void* data, size_t len) {
  size_t at = NLMSG_ALIGN(msg->size());
  rtattr rta{};
  rta.rta_len = static_cast<unsigned short>(RTA_LENGTH(len));
  rta.rta_type = type;
  msg->resize(at + RTA_SPACE(len), 0);
  std::memcpy(msg->data() + at, &rta, sizeof(rta));
  std::memcpy(msg->data() + at + RTA_LENGTH(0), data, len);
  reinterpret_cast<nlmsghdr*>(msg->data())->nlmsg_len = static_cast<uint32_t>(msg->size());
}

bool IsLoopback(const Prefix& p) {
  if (p.is_v4()) return p.address().data()[0] == 127;
  static const IpAddress one = *IpAddress::Parse("::1");
  return p.address() == one;
}

}  // namespace

std::vector<SystemAddress> ListAddresses(std::string* error) {
  std::vector<SystemAddress> out;
  NetlinkSocket s;
  if (s.fd() < 0) {
    *error = std::string("netlink socket: ") + std::strerror(errno);
    return out;
  }
  struct {
    nlmsghdr h;
    ifaddrmsg m;
  } req{};
  req.h.nlmsg_len = sizeof(req);
  req.h.nlmsg_type = RTM_GETADDR;
  req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  req.h.nlmsg_seq = 1;
  req.m.ifa_family = AF_UNSPEC;
  if (send(s.fd(), &req, sizeof(req), 0) < 0) {
    *error = std::string("netlink send: ") + std::strerror(errno);
    return out;
  }
  std::vector<uint8_t> buf(1 << 16);
  for (;;) {
    ssize_t n = recv(s.fd(), buf.data(), buf.size(), 0);
    if (n <= 0) {
      *error = std::string("netlink receive: ") + std::strerror(errno);
      return out;
    }
    int len = static_cast<int>(n);
    for (auto* h = reinterpret_cast<nlmsghdr*>(buf.data()); NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
      if (h->nlmsg_type == NLMSG_DONE) return out;
      if (h->nlmsg_type == NLMSG_ERROR) {
        *error = "netlink address dump failed";
        return out;
      }
      if (h->nlmsg_type != RTM_NEWADDR || h->nlmsg_len < NLMSG_LENGTH(sizeof(ifaddrmsg))) continue;
      auto* m = static_cast<ifaddrmsg*>(NLMSG_DATA(h));
      if (m->ifa_family != AF_INET && m->ifa_family != AF_INET6) continue;
      size_t want = m->ifa_family == AF_INET ? 4 : 16;
      if (m->ifa_prefixlen > want * 8) continue;
      std::optional<IpAddress> local, address;
      std::string label;
      int alen = static_cast<int>(IFA_PAYLOAD(h));
      for (auto* a = IFA_RTA(m); RTA_OK(a, alen); a = RTA_NEXT(a, alen)) {
        size_t plen = RTA_PAYLOAD(a);
        auto* p = static_cast<const uint8_t*>(RTA_DATA(a));
        if ((a->rta_type == IFA_LOCAL || a->rta_type == IFA_ADDRESS) && plen == want) {
          IpAddress ip = IpAddress::FromBytes(ByteSpan(p, plen));
          (a->rta_type == IFA_LOCAL ? local : address) = ip;
        } else if (a->rta_type == IFA_LABEL && plen > 0) {
          label.assign(reinterpret_cast<const char*>(p), strnlen(reinterpret_cast<const char*>(p), plen));
        }
      }
      IpAddress ip = local ? *local : address ? *address : IpAddress();
      if (!local && !address) continue;
      char name[IF_NAMESIZE] = {};
      if (!if_indextoname(m->ifa_index, name)) continue;
      SystemAddress sa;
      sa.ifname = name;
      sa.prefix = Prefix(ip, m->ifa_prefixlen);
      sa.network = sa.prefix.address() == ip;
      sa.label = label;
      out.push_back(std::move(sa));
    }
  }
}

std::vector<Prefix> SystemIps(const std::vector<SystemAddress>& all, const std::set<std::string>& ifnames,
                              const std::optional<std::string>& label, bool exact) {
  std::vector<Prefix> out;
  for (const SystemAddress& a : all) {
    if (!ifnames.count(a.ifname) || !a.network || IsLoopback(a.prefix)) continue;
    if (label) {
      // The label after the interface's name: lo:web1 -> web1.
      auto colon = a.label.find(':');
      if (a.label.empty() || colon == std::string::npos || !ifnames.count(a.label.substr(0, colon))) continue;
      std::string own = a.label.substr(colon + 1);
      if (exact ? own != *label : own.rfind(*label, 0) != 0) continue;
    }
    out.push_back(a.prefix);
  }
  return out;
}

std::vector<Prefix> Hosts(const Prefix& network, size_t limit) {
  std::vector<Prefix> out;
  const uint8_t bits = network.max_length();
  std::array<uint8_t, 16> bytes{};
  std::memcpy(bytes.data(), network.address().data(), network.address().size());
  const size_t size = network.address().size();
  // Counting through the host part: +1 on the address bytes until the
  // network part would change.
  for (;;) {
    IpAddress ip = size == 4 ? IpAddress::FromBytes(ByteSpan(bytes.data(), 4)) : IpAddress::V6(bytes);
    if (!(Prefix(ip, network.length()) == network) || out.size() >= limit) break;
    out.push_back(Prefix(ip, bits));
    int i = static_cast<int>(size) - 1;
    while (i >= 0 && ++bytes[i] == 0) --i;
    if (i < 0) break;
  }
  return out;
}

std::string IfnameOf(const Prefix& ip, const std::vector<IpIfname>& ip_ifnames) {
  for (const IpIfname& x : ip_ifnames)
    if (x.ip == ip) return x.ifname;
  return "lo";
}

std::string ChangeAddress(bool add, const std::string& ifname, const Prefix& ip,
                          const std::optional<std::string>& label) {
  unsigned index = if_nametoindex(ifname.c_str());
  if (index == 0) return "no interface " + ifname;
  NetlinkSocket s;
  if (s.fd() < 0) return std::string("netlink socket: ") + std::strerror(errno);
  std::vector<uint8_t> msg(NLMSG_LENGTH(sizeof(ifaddrmsg)), 0);
  auto* h = reinterpret_cast<nlmsghdr*>(msg.data());
  h->nlmsg_len = static_cast<uint32_t>(msg.size());
  h->nlmsg_type = add ? RTM_NEWADDR : RTM_DELADDR;
  h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_EXCL : 0);
  h->nlmsg_seq = 1;
  auto* m = static_cast<ifaddrmsg*>(NLMSG_DATA(h));
  m->ifa_family = ip.is_v4() ? AF_INET : AF_INET6;
  m->ifa_prefixlen = ip.length();
  m->ifa_index = index;
  m->ifa_scope = RT_SCOPE_UNIVERSE;
  AddAttribute(&msg, IFA_LOCAL, ip.address().data(), ip.address().size());
  AddAttribute(&msg, IFA_ADDRESS, ip.address().data(), ip.address().size());
  if (label && ip.is_v4()) {
    std::string full = ifname + ":" + *label;
    if (full.size() >= IFNAMSIZ) return "label " + full + " is longer than " + std::to_string(IFNAMSIZ - 1);
    AddAttribute(&msg, IFA_LABEL, full.c_str(), full.size() + 1);
  }
  if (send(s.fd(), msg.data(), msg.size(), 0) < 0) return std::string("netlink send: ") + std::strerror(errno);
  std::vector<uint8_t> buf(8192);
  ssize_t n = recv(s.fd(), buf.data(), buf.size(), 0);
  if (n < static_cast<ssize_t>(NLMSG_LENGTH(sizeof(nlmsgerr)))) return "netlink: no answer";
  auto* r = reinterpret_cast<nlmsghdr*>(buf.data());
  if (r->nlmsg_type != NLMSG_ERROR) return "";
  int code = -static_cast<nlmsgerr*>(NLMSG_DATA(r))->error;
  if (code == 0 || (add && code == EEXIST)) return "";
  return std::string(add ? "adding " : "deleting ") + ip.ToString() + " on " + ifname + ": " + std::strerror(code);
}

}  // namespace herald::healthcheck
