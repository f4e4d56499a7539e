#include "wire/message.h"

#include <gtest/gtest.h>

#include "wire/test_util.h"

namespace herald::wire {
namespace {

using testing::ExactBuffer;
using testing::Hex;
using testing::IsError;

constexpr auto kReset = ErrorAction::kSessionReset;
const std::string kMarker = "ffffffffffffffffffffffffffffffff";

Result<Header, WireError> HeaderOf(const std::string& hex, size_t max = 4096) {
  ExactBuffer b(Hex(hex));
  return DecodeHeader(b.span(), max);
}

TEST(HeaderTest, DecodesLengthAndType) {
  auto h = HeaderOf(kMarker + "0013" "04");
  ASSERT_TRUE(h.ok()) << h.error().what;
  EXPECT_EQ(h->length, 19);
  EXPECT_EQ(h->type, MessageType::kKeepalive);
  h = HeaderOf(kMarker + "0fff" "02");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->length, 4095);
  EXPECT_EQ(h->type, MessageType::kUpdate);
}

TEST(HeaderTest, MarkerNotAllOnesIsConnectionNotSynchronized) {
  auto h = HeaderOf("ffffffffffffffffffffffffffffff7f" "0013" "04");
  ASSERT_FALSE(h.ok());
  EXPECT_TRUE(IsError(h.error(), 1, 1, kReset));
  EXPECT_TRUE(h.error().data.empty());
}

TEST(HeaderTest, BadLengthsAre12WithTheLengthAsData) {
  struct Case {
    const char* length_type;
    size_t max;
  } cases[] = {
      {"0012" "04", 4096},   // shorter than a header
      {"1001" "02", 4096},   // over 4096
      {"0014" "04", 4096},   // KEEPALIVE of 20
      {"001c" "01", 4096},   // OPEN of 28
      {"1001" "01", 65535},  // OPEN over 4096 even with extended messages (RFC 8654 §3)
      {"0016" "02", 4096},   // UPDATE of 22
      {"0014" "03", 4096},   // NOTIFICATION of 20
      {"0016" "05", 4096},   // ROUTE-REFRESH of 22
      {"0014" "04", 65535},  // KEEPALIVE is never extended
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.length_type);
    auto h = HeaderOf(kMarker + c.length_type, c.max);
    ASSERT_FALSE(h.ok());
    EXPECT_TRUE(IsError(h.error(), 1, 2, kReset));
    EXPECT_EQ(h.error().data, Hex(std::string(c.length_type).substr(0, 4)));
  }
}

TEST(HeaderTest, ExtendedMessagesAllowLongUpdates) {
  EXPECT_FALSE(HeaderOf(kMarker + "2000" "02").ok());
  EXPECT_TRUE(HeaderOf(kMarker + "2000" "02", 65535).ok());
  EXPECT_TRUE(HeaderOf(kMarker + "ffff" "03", 65535).ok());
}

TEST(HeaderTest, UnknownTypeIs13WithTheTypeAsData) {
  for (const char* type : {"00", "07", "ff"}) {  // 6 is OPERATIONAL
    auto h = HeaderOf(kMarker + "0013" + type);
    ASSERT_FALSE(h.ok());
    EXPECT_TRUE(IsError(h.error(), 1, 3, kReset));
    EXPECT_EQ(h.error().data, Hex(type));
  }
}

TEST(MessageTest, KeepaliveIsNineteenBytes) {
  Bytes k = EncodeKeepalive();
  EXPECT_EQ(k, Hex(kMarker + "0013" "04"));
  ExactBuffer b(k);
  auto m = DecodeMessage(b.span(), Negotiated{});
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(std::holds_alternative<Keepalive>(*m));
  EXPECT_EQ(EncodeMessage(Keepalive{}, Negotiated{}), k);
}

TEST(MessageTest, LengthFieldMustMatchTheMessage) {
  ExactBuffer b(Hex(kMarker + "0014" "04" "00"));  // KEEPALIVE says 20
  auto m = DecodeMessage(b.span(), Negotiated{});
  ASSERT_FALSE(m.ok());
  EXPECT_TRUE(IsError(m.error(), 1, 2, kReset));
  ExactBuffer c(Hex(kMarker + "0017" "05" "0001"));  // says 23, has 21
  m = DecodeMessage(c.span(), Negotiated{});
  ASSERT_FALSE(m.ok());
  EXPECT_TRUE(IsError(m.error(), 1, 2, kReset));
}

TEST(MessageTest, EveryTypeRoundTrips) {
  Negotiated n = testing::Both();
  Open open;
  open.my_as = 65001;
  open.bgp_id = 0x0a000001;
  open.capabilities = {Capability::Multiprotocol(kIpv4Unicast), Capability::As4(65001)};
  Update update;
  update.attrs.origin = Origin::kIgp;
  update.attrs.as_path = AsPath{{AsSegmentType::kSequence, {65001}}};
  update.attrs.next_hop = IpAddress::V4(0x0a000001);
  update.Announce({{*Prefix::Parse("10.1.0.0/16"), 0}});
  std::vector<Message> messages = {open, update, Notification::Cease(CeaseSubcode::kAdministrativeShutdown, "bye"),
                                   Keepalive{}, RouteRefresh{kIpv6Unicast, RouteRefresh::Subtype::kNormal}};
  for (const Message& m : messages) {
    SCOPED_TRACE(m.index());
    Bytes bytes = EncodeMessage(m, n);
    ASSERT_FALSE(bytes.empty());
    ExactBuffer b(bytes);
    auto decoded = DecodeMessage(b.span(), n);
    ASSERT_TRUE(decoded.ok()) << decoded.error().what;
    EXPECT_EQ(*decoded, m);
    EXPECT_EQ(EncodeMessage(*decoded, n), bytes);
  }
}

TEST(MessageTest, EncodeMessageRefusesWhatDoesNotFit) {
  Notification big{6, 0, Bytes(5000, 'x')};
  EXPECT_TRUE(EncodeMessage(big, Negotiated{}).empty());
  Negotiated ext;
  ext.extended_message = true;
  EXPECT_EQ(EncodeMessage(big, ext).size(), 19u + 2 + 5000);
}

TEST(MessageTest, BeginAndEndBackPatchTheLength) {
  Bytes out = {0xaa};  // something already in the buffer
  ByteWriter w(&out);
  size_t start = BeginMessage(w, MessageType::kNotification);
  w.U8(6);
  w.U8(2);
  EndMessage(w, start);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(out, Hex("aa" + kMarker + "0015" "03" "0602"));
}

TEST(MessageTest, EveryTruncationFailsCleanly) {
  Negotiated n = testing::Both();
  Bytes whole = EncodeMessage(Notification::Cease(CeaseSubcode::kAdministrativeReset, "maintenance"), n);
  for (size_t len = 0; len < whole.size(); ++len) {
    ExactBuffer b(ByteSpan(whole.data(), len));
    EXPECT_FALSE(DecodeMessage(b.span(), n).ok()) << len;
  }
}

}  // namespace
}  // namespace herald::wire
