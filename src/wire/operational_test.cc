#include "wire/operational.h"

#include <gtest/gtest.h>

#include <sstream>

#include "wire/message.h"
#include "wire/test_util.h"

namespace herald::wire {
namespace {

using testing::ExactBuffer;
using testing::Hex;

Result<Operational, WireError> Decode(const Bytes& body) {
  ExactBuffer b(body);
  ByteReader r = b.reader();
  auto m = Operational::Decode(r, Negotiated{});
  if (m.ok()) {
    EXPECT_TRUE(r.empty());
  }
  return m;
}

// One "body" of testdata/operational_exabgp50.txt and what ExaBGP 5.0 did
// with it: an error (code, subcode, data hex), ignored, or reported.
struct Captured {
  std::string body;
  std::string error;  // "5 0 <hex>"
  bool ignored = false;
};

struct Golden {
  std::vector<std::pair<std::string, std::string>>
      commands;  // command line, wire hex ("" if refused)
  std::vector<Captured> bodies;
};

Golden Load() {
  std::istringstream in(testing::ReadFile("operational_exabgp50.txt"));
  Golden g;
  std::string line;
  while (std::getline(in, line)) {
    auto word = line.substr(0, line.find(' '));
    std::string rest = line.size() > word.size() ? line.substr(word.size() + 1) : "";
    if (word == "command")
      g.commands.push_back({rest, ""});
    else if (word == "wire")
      g.commands.back().second = rest;
    else if (word == "body")
      g.bodies.push_back({rest, "", false});
    else if (word == "error")
      g.bodies.back().error = rest;
    else if (word == "ignored")
      g.bodies.back().ignored = true;
  }
  EXPECT_GT(g.commands.size(), 10u);
  EXPECT_GT(g.bodies.size(), 15u);
  return g;
}

TEST(OperationalTest, DecodesAsExabgp50) {
  for (const Captured& c : Load().bodies) {
    SCOPED_TRACE(c.body);
    auto m = Decode(Hex(c.body));
    if (!c.error.empty()) {
      ASSERT_FALSE(m.ok());
      const WireError& e = m.error();
      Bytes data = e.data;
      std::string got =
          std::to_string(e.code) + " " + std::to_string(e.subcode) + " " + ToHex(data);
      EXPECT_EQ(got, c.error);
      EXPECT_TRUE(e.fatal());
      continue;
    }
    ASSERT_TRUE(m.ok()) << m.error().what;
    EXPECT_EQ(m->Known() == nullptr, c.ignored);
  }
}

TEST(OperationalTest, DecodesFields) {
  auto m =
      Decode(Hex("0004000f"
                 "0002"
                 "01"
                 "01020304"
                 "00000008"
                 "00000063"));
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->type, 4);
  EXPECT_EQ(m->afi, 2);
  EXPECT_EQ(m->safi, 1);
  EXPECT_EQ(m->router_id, 0x01020304u);
  EXPECT_EQ(m->sequence, 8u);
  EXPECT_EQ(m->counter, 99u);
  m =
      Decode(Hex("00020009"
                 "0001"
                 "01"
                 "6974277322"));
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->advisory, "it's\"");
  // The advisory ends where the Length field says, or at the message's end.
  m =
      Decode(Hex("00010004"
                 "0001"
                 "01"
                 "414243"));
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->advisory, "A");
  m =
      Decode(Hex("000100ff"
                 "0001"
                 "01"
                 "414243"));
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->advisory, "ABC");
}

// The commands ExaBGP 5.0 encoded: herald's decoder reads its bytes, and
// encodes what it read to the same bytes.
TEST(OperationalTest, RoundTripsExabgpEncodings) {
  for (const auto& [command, hex] : Load().commands) {
    if (hex.empty()) continue;
    SCOPED_TRACE(command);
    Bytes wire = Hex(hex);
    auto m = DecodeMessage(wire, Negotiated{});
    ASSERT_TRUE(m.ok()) << m.error().what;
    ASSERT_TRUE(std::holds_alternative<Operational>(*m));
    EXPECT_EQ(ToHex(EncodeMessage(*m, Negotiated{})), hex);
  }
}

// Every cut of a valid message short of its fixed fields is refused with
// 5/0; an advisory cut after its family decodes with the text it has.
TEST(OperationalTest, EveryTruncationIsRefused) {
  const std::string bodies[] = {"0001000800010168656c6c6f", "0003000b0001010102030400000007",
                                "0004000f000101010203040000000800000063"};
  const size_t fixed[] = {7, 15, 19};
  for (size_t i = 0; i < std::size(bodies); ++i) {
    Bytes whole = Hex(bodies[i]);
    for (size_t n = 0; n < whole.size(); ++n) {
      SCOPED_TRACE(bodies[i] + " cut at " + std::to_string(n));
      auto m = Decode(Bytes(whole.begin(), whole.begin() + n));
      if (n < fixed[i]) {
        ASSERT_FALSE(m.ok());
        EXPECT_EQ(m.error().code, 5);
        EXPECT_EQ(m.error().subcode, 0);
      } else {
        ASSERT_TRUE(m.ok());
        EXPECT_EQ(m->advisory.size(), n - 7);
      }
    }
  }
}

TEST(OperationalTest, MessageHeaderTakesTypeSix) {
  // Only the 19 header bytes: accepted by the header, refused (5/0) by the body.
  auto m = DecodeMessage(Hex("ffffffffffffffffffffffffffffffff001306"), Negotiated{});
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().code, 5);
  // Type 7 is still unknown (1/3).
  m = DecodeMessage(Hex("ffffffffffffffffffffffffffffffff001307"), Negotiated{});
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().code, 1);
  EXPECT_EQ(m.error().subcode, 3);
}

TEST(OperationalTest, UnknownTypeIsKeptForTheCallerToIgnore) {
  auto m = Decode(Hex("0009000b0001010102030400000007"));
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->type, 9);
  EXPECT_EQ(m->Known(), nullptr);
}

TEST(OperationalTest, AdvisoryIsTruncatedAsExabgpDoes) {
  EXPECT_EQ(TruncateAdvisory(std::string(2048, 'x')), std::string(2048, 'x'));
  EXPECT_EQ(TruncateAdvisory(std::string(2049, 'x')), std::string(2045, 'x') + "...");
}

TEST(OperationalTest, TypesByNameAndCode) {
  ASSERT_NE(FindOperationalType("RpCp"), nullptr);
  EXPECT_EQ(FindOperationalType("rpcp")->code, 4);
  EXPECT_EQ(FindOperationalType(uint16_t{8})->name, "LPCP");
  EXPECT_EQ(FindOperationalType("ssq"), nullptr);
  EXPECT_EQ(FindOperationalType(uint16_t{0}), nullptr);
}

}  // namespace
}  // namespace herald::wire
