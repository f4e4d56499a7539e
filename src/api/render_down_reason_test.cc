// herald's reasons for a session's end, as ExaBGP words them for processes
// (the 4.2 texts as captured in testdata/exabgp42.json).
#include "api/render_down_reason.h"

#include <gtest/gtest.h>

namespace herald::api {
namespace {

constexpr Format k5 = Format::kExabgp5, k4 = Format::kExabgp4;

TEST(ExabgpDownReason, NotificationReceived) {
  std::string_view r = "notification received (6,4) Cease / Administrative Reset (reason: \"notification sent (1,1)\")";
  EXPECT_EQ(ExabgpDownReason(r, k5), "notification received (6,4)");
  EXPECT_EQ(ExabgpDownReason(r, k4),
            "peer reset, message [notification received (6,4)] error[Cease / Administrative Reset]");
}

TEST(ExabgpDownReason, NotificationSent) {
  EXPECT_EQ(ExabgpDownReason("hold timer expired: notification sent (4,0)", k5), "notification sent (4,0)");
  EXPECT_EQ(ExabgpDownReason("attribute ORIGIN: invalid value 7: notification sent (3,6)", k5),
            "notification sent (3,6)");
  EXPECT_EQ(ExabgpDownReason("teardown requested: notification sent (6,2)", k4),
            "peer reset, message [notification sent (6,2)] error[Cease / Administrative Shutdown]");
}

TEST(ExabgpDownReason, StopAndRemoval) {
  for (Format f : {k5, k4}) {
    EXPECT_EQ(ExabgpDownReason("herald shutting down: notification sent (6,2)", f), "stop, message [shutting down]");
    EXPECT_EQ(ExabgpDownReason("peer de-configured: notification sent (6,3)", f), "stop, message [removed]");
  }
}

TEST(ExabgpDownReason, ConnectionClosed) {
  EXPECT_EQ(ExabgpDownReason("closing connection", k5), "closing connection");
  EXPECT_EQ(ExabgpDownReason("Connection reset by peer", k5), "closing connection");
  EXPECT_EQ(ExabgpDownReason("closing connection", k4),
            "peer reset, message [closing connection] error[the TCP connection was closed by the remote end]");
  EXPECT_EQ(ExabgpDownReason("Connection reset by peer", k4),
            "peer reset, message [closing connection] error[Connection reset by peer]");
  // Codes that are not herald's format are not taken for a notification.
  EXPECT_EQ(ExabgpDownReason("notification sent (1000,1)", k5), "closing connection");
  EXPECT_EQ(ExabgpDownReason("x: notification sent (1,1) and more", k5), "closing connection");
}

}  // namespace
}  // namespace herald::api
