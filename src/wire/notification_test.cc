#include "wire/notification.h"

#include <gtest/gtest.h>

#include "wire/test_util.h"

namespace herald::wire {
namespace {

using testing::ExactBuffer;
using testing::Hex;

Notification Decode(const Bytes& body) {
  ExactBuffer b(body);
  ByteReader r = b.reader();
  auto n = Notification::Decode(r, Negotiated{});
  EXPECT_TRUE(n.ok());
  EXPECT_TRUE(r.empty());
  return n.ok() ? *n : Notification{};
}

TEST(NotificationTest, DecodesCodeSubcodeAndData) {
  Notification n = Decode(Hex("0302" "400106"));
  EXPECT_EQ(n.code, 3);
  EXPECT_EQ(n.subcode, 2);
  EXPECT_EQ(n.data, Hex("400106"));
  EXPECT_EQ(Decode(Hex("0400")), (Notification{4, 0, {}}));
}

TEST(NotificationTest, ShorterThanTwoBytesIsALengthError) {
  for (const char* hex : {"", "06"}) {
    ExactBuffer b(Hex(hex));
    ByteReader r = b.reader();
    auto n = Notification::Decode(r, Negotiated{});
    ASSERT_FALSE(n.ok());
    EXPECT_TRUE(testing::IsError(n.error(), 1, 2, ErrorAction::kSessionReset));
  }
}

TEST(NotificationTest, RoundTrips) {
  Notification n{2, 7, Hex("0104000100")};
  Bytes out;
  ByteWriter w(&out);
  n.Encode(w, Negotiated{});
  EXPECT_EQ(out, Hex("0207" "0104000100"));
  EXPECT_EQ(Decode(out), n);
}

TEST(NotificationTest, CeaseCarriesAShutdownCommunication) {
  Notification n = Notification::Cease(CeaseSubcode::kAdministrativeShutdown, "going down");
  EXPECT_EQ(n.code, 6);
  EXPECT_EQ(n.subcode, 2);
  EXPECT_EQ(n.data, Hex("0a" "676f696e6720646f776e"));
  EXPECT_EQ(n.ShutdownReason(), "going down");
  EXPECT_TRUE(Notification::Cease(CeaseSubcode::kAdministrativeReset).data.empty());
  EXPECT_EQ(Notification::Cease(CeaseSubcode::kAdministrativeReset, "r").ShutdownReason(), "r");
  // Only subcodes 2 and 4 carry one (RFC 9003 §2).
  EXPECT_TRUE(Notification::Cease(CeaseSubcode::kPeerDeconfigured, "x").data.empty());
}

TEST(NotificationTest, LongReasonIsCutAtACharacterBoundary) {
  std::string ascii(300, 'a');
  Notification n = Notification::Cease(CeaseSubcode::kAdministrativeShutdown, ascii);
  ASSERT_EQ(n.data.size(), 256u);
  EXPECT_EQ(n.data[0], 255);
  // 127 two-byte characters = 254 bytes, then a 3-byte one that would
  // straddle byte 255: it is dropped whole.
  std::string utf8;
  for (int i = 0; i < 127; ++i) utf8 += "\xc3\xa9";  // é
  utf8 += "\xe2\x82\xac";                           // €
  n = Notification::Cease(CeaseSubcode::kAdministrativeShutdown, utf8);
  EXPECT_EQ(n.data[0], 254);
  EXPECT_EQ(n.ShutdownReason(), utf8.substr(0, 254));
}

TEST(NotificationTest, MalformedShutdownCommunicationGivesNoReason) {
  EXPECT_EQ((Notification{6, 2, Hex("05" "6162")}).ShutdownReason(), "") << "length past the data";
  EXPECT_EQ((Notification{6, 2, Hex("00")}).ShutdownReason(), "");
  EXPECT_EQ((Notification{6, 2, Hex("02" "c328")}).ShutdownReason(), "") << "invalid UTF-8";
  EXPECT_EQ((Notification{6, 2, Hex("02" "c0af")}).ShutdownReason(), "") << "overlong";
  EXPECT_EQ((Notification{6, 2, Hex("03" "eda080")}).ShutdownReason(), "") << "surrogate";
  EXPECT_EQ((Notification{6, 3, Hex("02" "6162")}).ShutdownReason(), "") << "not subcode 2 or 4";
  EXPECT_EQ((Notification{6, 4, Hex("02" "6162" "ff")}).ShutdownReason(), "ab") << "trailing bytes ignored";
}

TEST(NotificationTest, NamesAreExaBgps) {
  EXPECT_EQ((Notification{6, 2, {}}).CodeName(), "Cease");
  EXPECT_EQ((Notification{6, 2, {}}).SubcodeName(), "Administrative Shutdown");
  EXPECT_EQ((Notification{6, 9, {}}).SubcodeName(), "Hard Reset");
  EXPECT_EQ((Notification{1, 1, {}}).CodeName(), "Message header error");
  EXPECT_EQ((Notification{1, 1, {}}).SubcodeName(), "Connection Not Synchronized");
  EXPECT_EQ((Notification{2, 0, {}}).SubcodeName(), "Unspecific");
  EXPECT_EQ((Notification{2, 5, {}}).SubcodeName(), "Authentication Notification (Deprecated)");
  EXPECT_EQ((Notification{3, 11, {}}).SubcodeName(), "Malformed AS_PATH");
  EXPECT_EQ((Notification{4, 0, {}}).CodeName(), "Hold timer expired");
  EXPECT_EQ((Notification{5, 3, {}}).SubcodeName(), "Receive Unexpected Message in Established State");
  EXPECT_EQ((Notification{7, 1, {}}).SubcodeName(), "Invalid Message Length");
  EXPECT_EQ((Notification{7, 1, {}}).CodeName(), "ROUTE-REFRESH message error");
  EXPECT_EQ((Notification{9, 1, {}}).CodeName(), "unknown error");
  EXPECT_EQ((Notification{3, 12, {}}).SubcodeName(), "unknow reason");
  EXPECT_EQ((Notification{7, 0, {}}).SubcodeName(), "unknow reason");
}

TEST(NotificationTest, FromErrorCopiesTheNotification) {
  WireError e = UpdateError(UpdateSubcode::kMissingWellKnownAttribute, "x", Bytes{1});
  EXPECT_EQ(Notification::FromError(e), (Notification{3, 3, Bytes{1}}));
}

}  // namespace
}  // namespace herald::wire
