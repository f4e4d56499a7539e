#include "api/render_down_reason.h"

#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <utility>

#include "wire/notification.h"

namespace herald::api {
namespace {

// "(C,S)" at `text`'s start, as herald's FSM writes the codes.
std::optional<std::pair<uint8_t, uint8_t>> Codes(std::string_view text) {
  unsigned code = 0, sub = 0;
  size_t i = 0;
  auto number = [&](unsigned* v) {
    size_t start = i;
    while (i < text.size() && i - start < 3 && text[i] >= '0' && text[i] <= '9') *v = *v * 10 + (text[i++] - '0');
    return i > start && *v <= 255;
  };
  if (text.empty() || text[i++] != '(') return std::nullopt;
  if (!number(&code) || i >= text.size() || text[i++] != ',') return std::nullopt;
  if (!number(&sub) || i >= text.size() || text[i] != ')') return std::nullopt;
  return std::pair{static_cast<uint8_t>(code), static_cast<uint8_t>(sub)};
}

std::string Notification(std::string_view how, std::pair<uint8_t, uint8_t> c, Format format) {
  std::string what = fmt::format("notification {} ({},{})", how, c.first, c.second);
  if (format == Format::kExabgp5) return what;
  wire::Notification n{c.first, c.second, {}};
  return fmt::format("peer reset, message [{}] error[{} / {}]", what, n.CodeName(), n.SubcodeName());
}

}  // namespace

std::string ExabgpDownReason(std::string_view reason, Format format) {
  constexpr std::string_view kReceived = "notification received ";
  constexpr std::string_view kSent = "notification sent ";
  // Received: herald's reason starts with it (what follows may be the
  // peer's shutdown text, so nothing after the codes is looked at).
  if (reason.substr(0, kReceived.size()) == kReceived)
    if (auto c = Codes(reason.substr(kReceived.size()))) return Notification("received", *c, format);
  // Sent: herald's reason ends with it.
  size_t at = reason.rfind(kSent);
  if (at != std::string_view::npos) {
    std::string_view codes = reason.substr(at + kSent.size());
    if (auto c = Codes(codes); c && codes.size() == codes.find(')') + 1) {
      std::string_view why = reason.substr(0, at);
      if (why.substr(0, 20) == "herald shutting down") return "stop, message [shutting down]";
      if (why.substr(0, 18) == "peer de-configured") return "stop, message [removed]";
      return Notification("sent", *c, format);
    }
  }
  if (format == Format::kExabgp5) return "closing connection";
  std::string_view error =
      reason == "closing connection" || reason.empty() ? "the TCP connection was closed by the remote end" : reason;
  return fmt::format("peer reset, message [closing connection] error[{}]", error);
}

}  // namespace herald::api
