// Helpers shared by the render*_test.cc files: reading testdata/, locating
// captured lines, rewriting ExaBGP 4.2 lines into the 5.0 format where the
// two differ, and building typed inputs by hand.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <initializer_list>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "api/render.h"
#include "api/render_common.h"
#include "base/hex.h"
#include "base/ip.h"
#include "wire/message.h"

namespace herald::api::testing {

// The lines of src/api/testdata/NAME, without the "# " comment lines.
inline std::vector<std::string> ReadLines(std::string_view name) {
  std::ifstream in(std::string(HERALD_SOURCE_DIR) + "/src/api/testdata/" + std::string(name));
  EXPECT_TRUE(in.good()) << "missing testdata " << name;
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("# ", 0) != 0) lines.push_back(line);
  return lines;
}

// The one JSON line of `peer` with this counter.
inline std::string JsonLine(const std::vector<std::string>& lines, std::string_view peer,
                            int counter) {
  std::string peer_key = "\"peer\": \"" + std::string(peer) + "\"";
  std::string counter_key = "\"counter\": " + std::to_string(counter) + ",";
  std::string found;
  for (const std::string& l : lines) {
    if (l.find(peer_key) == std::string::npos || l.find(counter_key) == std::string::npos) continue;
    EXPECT_TRUE(found.empty()) << "two lines for " << peer << " #" << counter;
    found = l;
  }
  EXPECT_FALSE(found.empty()) << "no line for " << peer << " #" << counter;
  return found;
}

// Text output as blocks: each event's lines with the empty line after them.
inline std::vector<std::string> TextBlocks(const std::vector<std::string>& lines) {
  std::vector<std::string> blocks;
  std::string block;
  for (const std::string& l : lines) {
    if (l.empty()) {
      blocks.push_back(block + "\n");
      block.clear();
    } else {
      block += l + "\n";
    }
  }
  if (!block.empty()) blocks.push_back(block + "\n");  // the file's last block
  return blocks;
}

// The one block that contains `needle`.
inline std::string TextBlock(const std::vector<std::string>& blocks, std::string_view needle) {
  std::string found;
  for (const std::string& b : blocks) {
    if (b.find(needle) == std::string::npos) continue;
    EXPECT_TRUE(found.empty()) << "two blocks contain " << needle;
    found = b;
  }
  EXPECT_FALSE(found.empty()) << "no block contains " << needle;
  return found;
}

// Replaces the one occurrence of `from`; fails the test if there is none,
// so an edit can never silently do nothing.
inline std::string Edit(std::string text, std::string_view from, std::string_view to) {
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "edit target not found: " << from << "\nin: " << text;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// The differences between ExaBGP 4.2's and 5.0's JSON that apply to every
// line (FORMATS.md): the format version, the local router id in the
// neighbor object, and the two spaces 5.0 leaves after a graceful-restart
// capability's "restart-flags" (seen with the 5.0.13 oracle's `decode -o`,
// src/api/testdata/exabgp50_open_decode.txt). (AS_PATH and the rest are
// edited per case.)
// Sorts the elements of the JSON array that follows `key` (ExaBGP 5.0 sorts
// received communities; 4.2 kept them in wire order), by the numbers each
// element starts with. `element` matches one element.
inline std::string SortArray(std::string line, const std::string& key, const std::regex& element) {
  size_t at = line.find("\"" + key + "\": [ ");
  if (at == std::string::npos) return line;
  size_t begin = at + key.size() + 6;
  // The array ends at the first " ]" not inside an element.
  std::vector<std::pair<std::vector<uint64_t>, std::string>> items;
  std::string rest = line.substr(begin);
  std::smatch m;
  size_t consumed = 0;
  std::string tail = rest;
  while (std::regex_search(tail, m, element, std::regex_constants::match_continuous)) {
    std::vector<uint64_t> key_numbers;
    static const std::regex kNumber(R"(\d+)");
    std::string text = m[0].str();
    for (auto it = std::sregex_iterator(text.begin(), text.end(), kNumber); it != std::sregex_iterator(); ++it)
      key_numbers.push_back(std::stoull(it->str()));
    std::string item = text;
    while (!item.empty() && (item.back() == ' ' || item.back() == ',')) item.pop_back();
    items.emplace_back(key_numbers, item);
    consumed += m[0].length();
    tail = rest.substr(consumed);
  }
  std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string joined;
  for (size_t i = 0; i < items.size(); ++i) joined += (i ? ", " : "") + items[i].second;
  return line.substr(0, begin) + joined + tail;
}

inline std::string To50(std::string line, std::string_view router_id = "10.0.0.2") {
  line = Edit(line, "\"exabgp\": \"4.0.1\"", "\"exabgp\": \"5.0.0\"");
  static const std::regex kRestartFlags(R"(("restart-flags": \[[^\]]*\]) \})");
  line = std::regex_replace(line, kRestartFlags, "$1  }");
  // 5.0 sorts received communities, and writes a 4-octet AS route target
  // or origin without 4.2's "L".
  static const std::regex kCommunity(R"(\[ \d+, \d+ \](, )?)");
  static const std::regex kExtended(R"re(\{ "value": \d+, "string": "[^"]*" \}(, )?)re");
  static const std::regex kLarge(R"(\[ \d+, \d+ , \d+ \](, )?)");
  line = SortArray(line, "community", kCommunity);
  line = SortArray(line, "extended-community", kExtended);
  line = SortArray(line, "large-community", kLarge);
  static const std::regex kAs4L(R"(((?:target|origin|rtrecord):\d+)L:)");
  line = std::regex_replace(line, kAs4L, "$1:");
  // 5.0 adds the notification's data as text (json.dumps-escaped).
  static const std::regex kNotificationData(R"re(("notification": \{ "code": \d+, "subcode": \d+, "data": "0x([0-9A-F]*)"))re");
  std::smatch m;
  if (std::regex_search(line, m, kNotificationData)) {
    Bytes data = FromHex(m[2].str()).value_or(Bytes{});
    std::string message;
    render::AppendJsonAscii(&message, std::string_view(reinterpret_cast<const char*>(data.data()), data.size()));
    line = m.prefix().str() + m[1].str() + ", \"message\": \"" + message + "\"" + m.suffix().str();
  }
  if (line.find("\"neighbor\"") != std::string::npos) {
    static const std::regex kAsn(R"(("asn": \{ "local": \d+, "peer": \d+ \}) ,)");
    line = std::regex_replace(line, kAsn, "$1, \"router-id\": \"" + std::string(router_id) + "\" ,",
                              std::regex_constants::format_first_only);
  }
  return line;
}

// ExaBGP 4.2 flattens the AS_PATH into "as-path", "as-set",
// "confederation-path" and "confederation-set" lists; 5.0 prints the
// segments. Rewrites the 4.2 lists into 5.0's object, assuming the usual wire
// order (confederation sequence, confederation set, sequence, set), which is
// all 4.2's flattening leaves to go on.
inline std::string AsPath42To50(const std::string& line) {
  static const std::regex kRe(
      R"re("as-path": (\[\]|\[ [0-9, ]* \]), (?:"as-set": \[ ([0-9, ]*) \], )?"confederation-path": (\[\]|\[ [0-9, ]* \])(?:, "confederation-set": \[ ([0-9, ]*) \])?)re");
  std::smatch m;
  if (!std::regex_search(line, m, kRe)) return line;
  auto inner = [](std::string list) {  // "[ 1, 2 ]" or "1, 2" -> "1, 2"
    if (list == "[]") return std::string();
    if (list.size() >= 4 && list.front() == '[') list = list.substr(2, list.size() - 4);
    return list;
  };
  std::string segments;
  int index = 0;
  auto add = [&](std::string_view element, const std::string& asns) {
    if (asns.empty()) return;
    if (index) segments += ", ";
    segments += "\"" + std::to_string(index++) + "\": {\"element\": \"" + std::string(element) +
                "\", \"value\": [" + asns + "]}";
  };
  add("confed-sequence", inner(m[3]));
  add("confed-set", m[4].matched ? inner(m[4]) : "");
  add("as-sequence", inner(m[1]));
  add("as-set", m[2].matched ? inner(m[2]) : "");
  return m.prefix().str() + "\"as-path\": {" + segments + "}" + m.suffix().str();
}

// What the envelope of a captured line says.
struct Envelope {
  double time = 0;
  std::string host;
  int pid = 0;
  int ppid = 0;
  int counter = 0;  // 0: none
};

inline Envelope ParseEnvelope(const std::string& line) {
  static const std::regex kRe(
      R"re("time": ([0-9.e+-]+), "host" : "([^"]*)", "pid" : (\d+), "ppid" : (\d+), (?:"counter": (\d+), )?)re");
  std::smatch m;
  Envelope e;
  EXPECT_TRUE(std::regex_search(line, m, kRe)) << line;
  if (m.empty()) return e;
  e.time = std::stod(m[1]);
  e.host = m[2];
  e.pid = std::stoi(m[3]);
  e.ppid = std::stoi(m[4]);
  if (m[5].matched) e.counter = std::stoi(m[5]);
  return e;
}

// A Host that reports exactly what the captured line shows.
inline Host HostOf(const Envelope& e) {
  double t = e.time;
  return Host{e.host, e.pid, e.ppid, [t] { return t; }};
}

// A renderer whose counter for neighbor n is about to produce `counter`
// (earlier messages rendered into a scratch string).
template <typename Make>
std::unique_ptr<Renderer> AtCounter(Make make, const Envelope& e, const NeighborInfo& n,
                                    Style style = {}) {
  std::unique_ptr<Renderer> r = make(HostOf(e), style);
  std::string scratch;
  for (int i = 1; i < e.counter; ++i) r->Keepalive(n, Direction::kReceive, &scratch);
  return r;
}

// ---- typed inputs ----

inline IpAddress Ip(std::string_view text) {
  auto ip = IpAddress::Parse(text);
  EXPECT_TRUE(ip.has_value()) << text;
  return ip.value_or(IpAddress());
}

inline wire::InetNlri Nlri(std::string_view prefix, uint32_t path_id = 0) {
  auto p = Prefix::Parse(prefix);
  EXPECT_TRUE(p.ok()) << prefix;
  return wire::InetNlri{p.ok() ? *p : Prefix(), path_id};
}

inline std::vector<wire::InetNlri> Nlris(std::initializer_list<std::string_view> prefixes) {
  std::vector<wire::InetNlri> v;
  for (std::string_view p : prefixes) v.push_back(Nlri(p));
  return v;
}

inline wire::AsSegment Segment(wire::AsSegmentType type, std::vector<uint32_t> asns) {
  return wire::AsSegment{type, std::move(asns)};
}
inline wire::AsPath Sequence(std::vector<uint32_t> asns) {
  return {Segment(wire::AsSegmentType::kSequence, std::move(asns))};
}

// An extended community from its 16 hex digits.
inline uint64_t Ext(std::string_view hex) {
  auto bytes = FromHex(hex);
  EXPECT_TRUE(bytes && bytes->size() == 8) << hex;
  uint64_t v = 0;
  if (bytes)
    for (uint8_t b : *bytes) v = (v << 8) | b;
  return v;
}

inline Bytes B(std::initializer_list<uint8_t> bytes) { return Bytes(bytes); }

inline NeighborInfo Neighbor(std::string_view peer, uint32_t peer_as, uint32_t id,
                             std::string_view local = "127.0.0.1", uint32_t local_as = 65002,
                             std::string_view router_id = "10.0.0.2") {
  NeighborInfo n;
  n.id = id;
  n.local_address = Ip(local);
  n.peer_address = Ip(peer);
  n.local_as = local_as;
  n.peer_as = peer_as;
  n.router_id = Ip(router_id);
  return n;
}

}  // namespace herald::api::testing
