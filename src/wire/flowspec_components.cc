// The FlowSpec component table (RFC 8955 §4.2.2, RFC 8956 §3): one row per
// component type, with the named values ExaBGP accepts for it. Names are
// those of the IANA registries (protocol numbers, service names, ICMP types
// and codes, TCP header flags) as ExaBGP spells them: lower case, '-' for '_'.
#include "wire/flowspec.h"

namespace herald::wire {
namespace {

// IANA "Protocol Numbers": the names ExaBGP knows (it prints them too).
constexpr FlowValueName kProtocols[] = {
    {"icmp", 1}, {"igmp", 2}, {"tcp", 6},   {"egp", 8},   {"udp", 17}, {"rsvp", 46}, {"gre", 47},
    {"esp", 50}, {"ah", 51},  {"ospf", 89}, {"ipip", 94}, {"pim", 103}, {"sctp", 132},
};

// IANA "Service Name and Transport Protocol Port Number Registry": the
// common services (ExaBGP knows the whole registry; a name missing here is an
// error in herald, never a silent value: use the number). Ports print as numbers.
constexpr FlowValueName kPorts[] = {
    {"ftp-data", 20}, {"ftp", 21},        {"ssh", 22},         {"telnet", 23},      {"smtp", 25},
    {"domain", 53},   {"bootps", 67},     {"bootpc", 68},      {"tftp", 69},        {"http", 80},
    {"pop3", 110},    {"ntp", 123},       {"imap", 143},       {"snmp", 161},       {"snmptrap", 162},
    {"bgp", 179},     {"ldap", 389},      {"https", 443},      {"microsoft-ds", 445}, {"syslog", 514},
    {"submission", 587}, {"ldaps", 636},  {"imaps", 993},      {"pop3s", 995},      {"radius", 1812},
    {"mysql", 3306},  {"ms-wbt-server", 3389}, {"postgresql", 5432}, {"http-alt", 8080},
};

// IANA "ICMP Type Numbers" (ExaBGP prints these names).
constexpr FlowValueName kIcmpTypes[] = {
    {"echo-reply", 0},
    {"unreachable", 3},
    {"redirect", 5},
    {"echo-request", 8},
    {"router-advertisement", 9},
    {"router-solicit", 10},
    {"time-exceeded", 11},
    {"parameter-problem", 12},
    {"timestamp", 13},
    {"timestamp-reply", 14},
    {"photuris", 40},
    {"experimental-mobility", 41},
    {"extended-echo-request", 42},
    {"extended-echo-reply", 43},
    {"experimental-one", 253},
    {"experimental-two", 254},
};

// IANA ICMP codes of types 3, 5, 11 and 12; several names share a number, so
// ExaBGP (and herald) print codes as numbers.
constexpr FlowValueName kIcmpCodes[] = {
    {"network-unreachable", 0},
    {"host-unreachable", 1},
    {"protocol-unreachable", 2},
    {"port-unreachable", 3},
    {"fragmentation-needed", 4},
    {"source-route-failed", 5},
    {"destination-network-unknown", 6},
    {"destination-host-unknown", 7},
    {"source-host-isolated", 8},
    {"destination-network-prohibited", 9},
    {"destination-host-prohibited", 10},
    {"network-unreachable-for-tos", 11},
    {"host-unreachable-for-tos", 12},
    {"communication-prohibited-by-filtering", 13},
    {"host-precedence-violation", 14},
    {"precedence-cutoff-in-effect", 15},
    {"redirect-for-network", 0},
    {"redirect-for-host", 1},
    {"redirect-for-tos-and-net", 2},
    {"redirect-for-tos-and-host", 3},
    {"ttl-eq-zero-during-transit", 0},
    {"ttl-eq-zero-during-reassembly", 1},
    {"required-option-missing", 1},
    {"ip-header-bad", 2},
};

// TCP header flags (RFC 9293 §3.1, RFC 3168, RFC 3540), one bit each, in the
// order ExaBGP prints them joined by '+'. "urgent" is an alias of "urg".
constexpr FlowValueName kTcpFlags[] = {
    {"fin", 0x01}, {"syn", 0x02}, {"rst", 0x04}, {"push", 0x08},   {"ack", 0x10},
    {"urg", 0x20}, {"ece", 0x40}, {"cwr", 0x80}, {"ns", 0x100}, {"urgent", 0x20},
};

// RFC 8955 §4.2.2.12 fragment bits.
constexpr FlowValueName kFragments[] = {
    {"dont-fragment", 0x01},
    {"is-fragment", 0x02},
    {"first-fragment", 0x04},
    {"last-fragment", 0x08},
};

using K = FlowValueKind;
// Type 11 in IPv6 is ExaBGP's "traffic-class": it takes a whole byte (the
// Debian example conf-flow.conf matches traffic-class 101), where RFC 8956
// §3.5 means the 6 DSCP bits; herald accepts what ExaBGP accepts.
constexpr FlowComponentInfo kTable[] = {
    {FlowType::kDestination, K::kPrefix, true, true, "destination-ipv4", "destination-ipv6", 0, 0, {}, false, ""},
    {FlowType::kSource, K::kPrefix, true, true, "source-ipv4", "source-ipv6", 0, 0, {}, false, ""},
    {FlowType::kIpProtocol, K::kNumeric, true, true, "protocol", "next-header", 0xFF, 0xFF, kProtocols, true, "protocol"},
    {FlowType::kPort, K::kNumeric, true, true, "port", "port", 0xFFFF, 0xFFFF, kPorts, false, ""},
    {FlowType::kDestinationPort, K::kNumeric, true, true, "destination-port", "destination-port", 0xFFFF, 0xFFFF, kPorts,
     false, ""},
    {FlowType::kSourcePort, K::kNumeric, true, true, "source-port", "source-port", 0xFFFF, 0xFFFF, kPorts, false, ""},
    {FlowType::kIcmpType, K::kNumeric, true, true, "icmp-type", "icmp-type", 0xFF, 0xFF, kIcmpTypes, true, "icmp type"},
    {FlowType::kIcmpCode, K::kNumeric, true, true, "icmp-code", "icmp-code", 0xFF, 0xFF, kIcmpCodes, false, ""},
    {FlowType::kTcpFlags, K::kBitmask, true, true, "tcp-flags", "tcp-flags", 0xFFFF, 0xFFFF, kTcpFlags, true, "tcp flag"},
    {FlowType::kPacketLength, K::kNumeric, true, true, "packet-length", "packet-length", 0xFFFF, 0xFFFF, {}, false, ""},
    {FlowType::kDscp, K::kNumeric, true, true, "dscp", "traffic-class", 0x3F, 0xFF, {}, false, ""},
    {FlowType::kFragment, K::kBitmask, true, true, "fragment", "fragment", 0xFF, 0xFF, kFragments, true, "fragment"},
    {FlowType::kFlowLabel, K::kNumeric, false, true, "flow-label", "flow-label", 0, 0xFFFFF, {}, false, ""},
};

}  // namespace

std::span<const FlowComponentInfo> FlowComponentTable() { return kTable; }

const FlowComponentInfo* FindFlowComponent(uint8_t type) {
  if (type < 1 || type > std::size(kTable)) return nullptr;
  return &kTable[type - 1];
}

std::string_view FlowComponentName(const FlowComponentInfo& info, Afi afi) {
  return afi == Afi::kIpv6 ? info.name_v6 : info.name_v4;
}

uint64_t FlowComponentMax(const FlowComponentInfo& info, Afi afi) {
  return afi == Afi::kIpv6 ? info.max_v6 : info.max_v4;
}

bool FlowComponentValid(const FlowComponentInfo& info, Afi afi) {
  return afi == Afi::kIpv6 ? info.ipv6 : afi == Afi::kIpv4 && info.ipv4;
}

}  // namespace herald::wire
