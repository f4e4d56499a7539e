#include "net/connection.h"

#include <utility>

#include "base/log.h"
#include "net/peer.h"
#include "wire/message.h"

namespace herald::net {
namespace {

using Clock = std::chrono::steady_clock;
using log::Category;

// The read buffer starts small (thousands of idle sessions must stay cheap),
// doubles while reads fill it, up to kMaxRead, and shrinks back once a burst
// is over: 32 KiB (about 8,000 prefixes) measured faster than 256 KiB (a
// million received routes to a JSON process in 0.14 s, was 0.19 s). A read's
// messages are handled for at most kMessageBudget at a time (an UPDATE of
// 1,000 prefixes takes ~0.1 ms to decode and render as JSON); then the rest
// waits for a turn of the loop, so that a peer sending a full table holds up
// a health-check line or another peer for that long at most.
// UPDATE bytes produced per write: kWriteBudget.
constexpr size_t kFirstRead = 16 * 1024;
constexpr size_t kMaxRead = 32 * 1024;
constexpr auto kMessageBudget = std::chrono::microseconds(100);
constexpr size_t kWriteBudget = 64 * 1024;

// True once the coroutine's group has been cancelled (the connection is
// ending). Each loop takes its cancellation state once, at the start: GCC 12
// corrupts sibling coroutine frames when a nested awaitable<bool> helper is
// awaited in a condition, so there is deliberately no such helper here.
bool Cancelled(const asio::cancellation_state& cs) {
  return cs.cancelled() != asio::cancellation_type::none;
}

std::string Describe(const asio::error_code& ec) {
  if (ec == asio::error::eof) return "closing connection";
  return "connection error: " + ec.message();
}

}  // namespace

Connection::Connection(Peer* peer, asio::ip::tcp::socket socket, bool outgoing,
                       session::SessionConfig config, uint32_t open_wait)
    : peer_(peer),
      socket_(std::move(socket)),
      outgoing_(outgoing),
      fsm_(std::move(config), open_wait),
      wake_(socket_.get_executor()),
      hold_timer_(socket_.get_executor()),
      keepalive_timer_(socket_.get_executor()),
      resume_(socket_.get_executor()),
      read_rate_(peer->config().rate_limit),
      write_rate_(peer->config().rate_limit),
      rate_timer_(socket_.get_executor()),
      hold_deadline_(Clock::time_point::max()) {
  asio::error_code ec;
  local_ = socket_.local_endpoint(ec);
  remote_ = socket_.remote_endpoint(ec);
  socket_.set_option(asio::ip::tcp::no_delay(true), ec);
}

Connection::~Connection() = default;

awaitable<void> Connection::Run() {
  in_.resize(kFirstRead);
  peer_->OnConnectionUp(this);
  Apply(fsm_.OnConnected());
  // The four children run until one returns; the group then cancels the
  // others and completes once all have finished.
  auto ex = co_await asio::this_coro::executor;
  auto reader = co_spawn(ex, ReadLoop(), asio::experimental::deferred);
  auto writer = co_spawn(ex, WriteLoop(), asio::experimental::deferred);
  auto hold = co_spawn(ex, HoldLoop(), asio::experimental::deferred);
  auto keepalive = co_spawn(ex, KeepaliveLoop(), asio::experimental::deferred);
  auto group = asio::experimental::make_parallel_group(std::move(reader), std::move(writer),
                                                       std::move(hold), std::move(keepalive));
  co_await group.async_wait(asio::experimental::wait_for_one(), use_awaitable);
  if (fsm_.state() != session::State::kIdle) {
    Apply(fsm_.OnTransportClosed(close_reason_.empty() ? "closing connection" : close_reason_));
  }
  asio::error_code ec;
  socket_.close(ec);
}

void Connection::Stop(const wire::Notification& cease, std::string_view reason) {
  Apply(fsm_.Stop(cease, reason));
}

void Connection::Kick() { wake_.cancel(); }
void Connection::Resume() { resume_.cancel(); }

void Connection::SendRefresh(wire::Family family, wire::RouteRefresh::Subtype subtype) {
  Send(wire::RouteRefresh{family, subtype});
  Kick();
}

void Connection::SendOperational(const wire::Operational& operational) {
  Send(operational);
  Kick();
}

void Connection::Send(const wire::Message& message) {
  Bytes bytes = wire::EncodeMessage(message, fsm_.negotiated());
  if (bytes.empty()) {
    if (const auto* n = std::get_if<wire::Notification>(&message)) {
      // The data field (the offending bytes) is what made it too large:
      // send the codes with as much of it as fits.
      wire::Notification cut = *n;
      size_t room = fsm_.negotiated().max_message_size() - wire::kHeaderSize - 2;
      if (cut.data.size() > room) cut.data.resize(room);
      bytes = wire::EncodeMessage(cut, fsm_.negotiated());
    }
  }
  if (bytes.empty()) {
    std::string kind = std::visit(
        [](const auto& m) -> std::string {
          using T = std::decay_t<decltype(m)>;
          if constexpr (std::is_same_v<T, wire::Open>) return "OPEN";
          if constexpr (std::is_same_v<T, wire::RouteRefresh>) return "ROUTE-REFRESH";
          if constexpr (std::is_same_v<T, wire::Update>) return "UPDATE";
          if constexpr (std::is_same_v<T, wire::Operational>) return "OPERATIONAL";
          return "message";
        },
        message);
    log::Error(Category::kNetwork, "{}: cannot encode the {} to send: it does not fit a BGP message; ending the session",
               peer_->LogName(), kind);
    if (unsendable_.empty()) unsendable_ = "herald could not encode its " + kind;
    return;
  }
  control_.insert(control_.end(), bytes.begin(), bytes.end());
  if (const auto* n = std::get_if<wire::Notification>(&message)) ++peer_->counters().notifications_sent[{n->code, n->subcode}];
  if (peer_->send_wants.open || peer_->send_wants.notification || peer_->send_wants.refresh ||
      peer_->send_wants.keepalive || peer_->send_wants.operational) {
    bool want = std::visit(
        [&](const auto& m) {
          using T = std::decay_t<decltype(m)>;
          if constexpr (std::is_same_v<T, wire::Open>) return peer_->send_wants.open;
          if constexpr (std::is_same_v<T, wire::Notification>) return peer_->send_wants.notification;
          if constexpr (std::is_same_v<T, wire::RouteRefresh>) return peer_->send_wants.refresh;
          if constexpr (std::is_same_v<T, wire::Keepalive>) return peer_->send_wants.keepalive;
          if constexpr (std::is_same_v<T, wire::Operational>) return peer_->send_wants.operational;
          return false;
        },
        message);
    if (want) peer_->events()->OnMessage(*peer_, api::Direction::kSend, message, bytes);
  }
}

void Connection::ArmHold(uint32_t seconds) {
  hold_seconds_ = seconds;
  hold_deadline_ = seconds ? Clock::now() + std::chrono::seconds(seconds) : Clock::time_point::max();
  hold_timer_.cancel();
}

void Connection::Apply(const session::Actions& actions) {
  using Kind = session::Action::Kind;
  for (const session::Action& a : actions) {
    switch (a.kind) {
      case Kind::kSendOpen:
        Send(fsm_.local_open());
        break;
      case Kind::kSendKeepalive:
        Send(wire::Keepalive{});
        break;
      case Kind::kSendNotification:
        // A Cease is ours to send (shutdown, collision, teardown); anything
        // else means the peer or the session went wrong.
        log::Log(Category::kNetwork,
                 a.notification.code == static_cast<uint8_t>(wire::ErrorCode::kCease)
                     ? log::Level::kInfo
                     : log::Level::kWarning,
                 "{}: sending NOTIFICATION ({},{}) {} / {}", peer_->LogName(), a.notification.code,
                 a.notification.subcode, a.notification.CodeName(), a.notification.SubcodeName());
        Send(a.notification);
        break;
      case Kind::kArmHoldTimer:
        ArmHold(a.seconds);
        break;
      case Kind::kArmKeepaliveTimer:
        keepalive_seconds_ = a.seconds;
        keepalive_timer_.cancel();
        break;
      case Kind::kClose:
        closing_ = true;
        break;
      case Kind::kStateChanged:
        if (a.state == session::State::kEstablished) {
          was_established_ = true;
          // What the peer sent before herald's first UPDATEs is read before
          // them (an error in it is answered before any route goes out).
          asio::error_code ec;
          if (socket_.available(ec) > 0 && !ec) drain_after_read_ = reads_ + 1;
        }
        if (a.state == session::State::kIdle) {
          if (close_reason_.empty()) close_reason_ = a.reason;
          if (!closing_) closed_ = true;
        }
        peer_->OnConnectionState(this, a.state, a.reason);
        break;
      case Kind::kRouteRefresh:
        peer_->OnRouteRefresh(this, a.family);
        break;
    }
  }
  if (!unsendable_.empty() && fsm_.state() != session::State::kIdle) {
    // A message herald must send could not be encoded: the session cannot
    // go on as the FSM believes (never Established without our OPEN).
    std::string why = std::move(unsendable_);
    unsendable_.clear();
    if (close_reason_.empty()) close_reason_ = why;
    Apply(fsm_.OnTransportClosed(why));
    return;
  }
  if (!control_.empty() || closing_ || closed_) Kick();
  if (closed_) {
    resume_.cancel();
    rate_timer_.cancel();
  }
}

awaitable<void> Connection::ReadLoop() {
  co_await asio::this_coro::throw_if_cancelled(false);
  asio::cancellation_state cs = co_await asio::this_coro::cancellation_state;
  while (!closed_) {
    if (!closing_ && !peer_->events()->CanDeliver(*peer_)) {
      // Backpressure: the processes reading this peer's messages are
      // congested. Stop reading (TCP flow control reaches the peer) and
      // suspend the hold timer: we are not reading its keepalives.
      auto saved = hold_seconds_;
      ArmHold(0);
      log::Warn(Category::kNetwork, "{}: processes are not keeping up: reading paused",
                peer_->LogName());
      resume_.expires_at(Clock::time_point::max());
      co_await resume_.async_wait(use_nothrow);
      if (Cancelled(cs)) co_return;
      log::Info(Category::kNetwork, "{}: reading resumed", peer_->LogName());
      if (saved && !closed_ && !closing_) ArmHold(saved);
      continue;
    }
    if (in_end_ == in_.size()) {
      // Compact, and grow if one message does not fit.
      std::copy(in_.begin() + in_begin_, in_.begin() + in_end_, in_.begin());
      in_end_ -= in_begin_;
      in_begin_ = 0;
      if (in_end_ == in_.size()) in_.resize(in_.size() * 2);
    }
    auto [ec, n] = co_await socket_.async_read_some(
        asio::buffer(in_.data() + in_end_, in_.size() - in_end_), use_nothrow);
    if (ec) {
      if (Cancelled(cs)) co_return;
      if (close_reason_.empty()) close_reason_ = Describe(ec);
      Apply(fsm_.OnTransportClosed(close_reason_));
      co_return;
    }
    bool filled = in_end_ + n == in_.size();
    in_end_ += n;
    ++reads_;
    // (A plain bool call as the condition: see Cancelled() on GCC 12.)
    while (!closing_ && ProcessMessages()) {
      if (read_wait_ != Clock::time_point{}) {
        // rate-limit: the next UPDATE waits for the next second, and the
        // hold timer with it (herald is the one not reading).
        auto saved = hold_seconds_;
        ArmHold(0);
        rate_timer_.expires_at(read_wait_);
        co_await rate_timer_.async_wait(use_nothrow);
        read_wait_ = {};
        if (Cancelled(cs)) co_return;
        if (saved && !closed_ && !closing_) ArmHold(saved);
        continue;
      }
      co_await asio::post(socket_.get_executor(), use_nothrow);
      if (Cancelled(cs)) co_return;
    }
    if (drain_after_read_ && reads_ >= drain_after_read_) {
      drain_after_read_ = 0;
      Kick();
    }
    if (in_begin_ == in_end_) {
      in_begin_ = in_end_ = 0;
      if (filled && in_.size() < kMaxRead) in_.resize(in_.size() * 2);
      else if (!filled && n < kFirstRead / 4 && in_.size() > kFirstRead) Bytes(kFirstRead).swap(in_);
    } else if (filled && in_.size() < kMaxRead) {
      in_.resize(in_.size() * 2);
    }
  }
}

bool Connection::ProcessMessages() {
  // OPEN and KEEPALIVE are limited to 4096 bytes even with extended
  // messages (RFC 8654 §3); DecodeHeader applies that per type.
  size_t max_size = fsm_.agreement() ? fsm_.negotiated().max_message_size() : 4096;
  const auto deadline = Clock::now() + kMessageBudget;
  while (!closing_ && !closed_ && in_end_ - in_begin_ >= wire::kHeaderSize) {
    ByteSpan available(in_.data() + in_begin_, in_end_ - in_begin_);
    auto header = wire::DecodeHeader(available, max_size);
    if (!header) {
      Apply(fsm_.OnDecodeError(header.error()));
      return false;
    }
    if (available.size() < header->length) break;
    if (available[18] == static_cast<uint8_t>(wire::MessageType::kUpdate) && read_rate_.limited() &&
        !read_rate_.Take(Clock::now())) {
      read_wait_ = read_rate_.next();
      return true;
    }
    HandleMessage(available.first(header->length));
    in_begin_ += header->length;
    if (in_end_ - in_begin_ >= wire::kHeaderSize && Clock::now() >= deadline) return true;
  }
  return false;
}

void Connection::HandleMessage(ByteSpan message) {
  if (hold_seconds_) hold_deadline_ = Clock::now() + std::chrono::seconds(hold_seconds_);
  if (message[18] < peer_->counts().received.size()) ++peer_->counts().received[message[18]];
  if (message[18] == static_cast<uint8_t>(wire::MessageType::kUpdate)) {
    session::Actions wrong = fsm_.OnUpdate();
    if (!wrong.empty()) return Apply(wrong);
    ByteReader body(message.subspan(wire::kHeaderSize));
    auto update = wire::Update::Decode(body, fsm_.negotiated());
    if (!update) {
      log::Warn(Category::kNetwork, "{}: malformed UPDATE: {}", peer_->LogName(), update.error().what);
      return Apply(fsm_.OnDecodeError(update.error()));
    }
    CountRoutes(*update);
    if (update->soft_error) {
      // RFC 7606: the session stays up; the routes of this UPDATE were
      // withdrawn (treat-as-withdraw) or the attribute dropped.
      const wire::WireError& e = *update->soft_error;
      ++(e.action == wire::ErrorAction::kTreatAsWithdraw ? peer_->counters().treat_as_withdraw
                                                         : peer_->counters().attribute_discard);
      log::Warn(Category::kNetwork, "{}: UPDATE error ({},{}) {}: {}", peer_->LogName(), e.code,
                e.subcode,
                e.action == wire::ErrorAction::kTreatAsWithdraw ? "routes treated as withdrawn"
                                                                : "attribute discarded",
                e.what);
    }
    // Processes hear about routes of the families herald decodes (an UPDATE
    // that only carried a skipped family says nothing to them).
    // (Those that take the bytes hear of it all the same.)
    const Wants& w = peer_->receive_wants;
    if (w.update && (w.packets || update->CarriesRoutes()))
      peer_->events()->OnMessage(*peer_, api::Direction::kReceive, wire::Message(std::move(*update)), message);
    return;
  }
  auto decoded = wire::DecodeMessage(message, fsm_.negotiated());
  if (!decoded) {
    log::Warn(Category::kNetwork, "{}: malformed message: {}", peer_->LogName(), decoded.error().what);
    return Apply(fsm_.OnDecodeError(decoded.error()));
  }
  const wire::Message& m = *decoded;
  if (const auto* n = std::get_if<wire::Notification>(&m)) {
    received_notification_ = *n;
    ++peer_->counters().notifications_received[{n->code, n->subcode}];
  }
  const Wants& w = peer_->receive_wants;
  bool want = std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, wire::Open>) return w.open;
        if constexpr (std::is_same_v<T, wire::Notification>) return w.notification;
        if constexpr (std::is_same_v<T, wire::RouteRefresh>) return w.refresh;
        if constexpr (std::is_same_v<T, wire::Keepalive>) return w.keepalive;
        if constexpr (std::is_same_v<T, wire::Operational>) return w.operational && (w.packets || v.Known() != nullptr);
        return false;
      },
      m);
  if (want) peer_->events()->OnMessage(*peer_, api::Direction::kReceive, m, message);
  Apply(fsm_.OnMessage(m));
}

awaitable<void> Connection::WriteLoop() {
  co_await asio::this_coro::throw_if_cancelled(false);
  asio::cancellation_state cs = co_await asio::this_coro::cancellation_state;
  while (true) {
    out_.clear();
    bool updates = false;
    if (!control_.empty()) {
      out_.swap(control_);
    } else if (closing_ || closed_) {
      asio::error_code ec;
      socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ec);
      co_return;
    } else if (fsm_.state() == session::State::kEstablished && !drain_after_read_ &&
               (!paced_.empty() || peer_->rib().pending())) {
      if (paced_.empty()) {
        drained_ = peer_->changes();
        rib::DrainStats stats = peer_->rib().Drain(peer_->ExportContext(*this), kWriteBudget, &paced_);
        peer_->LogRefused(stats);
        if (paced_.empty()) continue;
      }
      if (!write_rate_.limited()) {
        out_.swap(paced_);
      } else {
        // rate-limit: the UPDATEs this second allows; the rest waits.
        size_t at = 0;
        const auto now = Clock::now();
        while (at + wire::kHeaderSize <= paced_.size() && write_rate_.Take(now))
          at += (size_t{paced_[at + 16]} << 8) | paced_[at + 17];
        if (at == 0) {
          wake_.expires_at(write_rate_.next());
          co_await wake_.async_wait(use_nothrow);
          if (Cancelled(cs)) co_return;
          continue;
        }
        out_.assign(paced_.begin(), paced_.begin() + static_cast<std::ptrdiff_t>(at));
        paced_.erase(paced_.begin(), paced_.begin() + static_cast<std::ptrdiff_t>(at));
      }
      updates = true;
      if (peer_->send_wants.update) {
        // Show processes exactly what goes on the wire, as it goes.
        size_t at = 0;
        const wire::Negotiated sent = fsm_.negotiated().Sent();
        while (at + wire::kHeaderSize <= out_.size()) {
          size_t len = (size_t{out_[at + 16]} << 8) | out_[at + 17];
          auto m = wire::DecodeMessage(ByteSpan(out_.data() + at, len), sent);
          if (m) peer_->events()->OnMessage(*peer_, api::Direction::kSend, *m, ByteSpan(out_.data() + at, len));
          at += len;
        }
      }
    } else {
      // Every change is on the wire (or was nothing to send).
      if (fsm_.state() == session::State::kEstablished && !drain_after_read_ && !peer_->rib().pending())
        peer_->MarkWritten(peer_->changes());
      // Idle: give back what a burst needed.
      if (out_.capacity() > 64 * 1024) Bytes().swap(out_);
      if (control_.capacity() > 64 * 1024) Bytes().swap(control_);
      if (paced_.capacity() > 64 * 1024) Bytes().swap(paced_);
      wake_.expires_at(Clock::time_point::max());
      co_await wake_.async_wait(use_nothrow);
      if (Cancelled(cs)) co_return;
      continue;
    }
    auto [ec, n] = co_await asio::async_write(socket_, asio::buffer(out_), use_nothrow);
    if (!ec) CountSent();
    if (!ec && updates && paced_.empty() && !peer_->rib().pending()) peer_->MarkWritten(drained_);
    if (ec) {
      if (Cancelled(cs)) co_return;
      if (close_reason_.empty()) close_reason_ = Describe(ec);
      Apply(fsm_.OnTransportClosed(close_reason_));
      co_return;
    }
  }
}

awaitable<void> Connection::HoldLoop() {
  co_await asio::this_coro::throw_if_cancelled(false);
  asio::cancellation_state cs = co_await asio::this_coro::cancellation_state;
  while (true) {
    hold_timer_.expires_at(hold_deadline_);
    co_await hold_timer_.async_wait(use_nothrow);
    if (Cancelled(cs)) co_return;
    if (hold_deadline_ != Clock::time_point::max() && Clock::now() >= hold_deadline_) {
      hold_deadline_ = Clock::time_point::max();
      Apply(fsm_.OnHoldTimerExpired());
    }
  }
}

awaitable<void> Connection::KeepaliveLoop() {
  co_await asio::this_coro::throw_if_cancelled(false);
  asio::cancellation_state cs = co_await asio::this_coro::cancellation_state;
  while (true) {
    if (keepalive_seconds_ == 0) keepalive_timer_.expires_at(Clock::time_point::max());
    else keepalive_timer_.expires_after(std::chrono::seconds(keepalive_seconds_));
    auto [ec] = co_await keepalive_timer_.async_wait(use_nothrow);
    if (Cancelled(cs)) co_return;
    if (ec) continue;  // re-armed
    Apply(fsm_.OnKeepaliveTimer());
  }
}

// Routes received, per family, for the metrics endpoint.
void Connection::CountRoutes(const wire::Update& update) {
  auto& received = peer_->counters().received;
  for (const wire::Reach& r : update.reach) received[r.family].announced += r.nlri.size() + r.generic.size();
  for (const wire::Unreach& u : update.unreach) received[u.family].withdrawn += u.nlri.size() + u.generic.size();
}

// Messages written, by type, for `show neighbor`: out_ holds whole messages.
void Connection::CountSent() {
  auto& sent = peer_->counts().sent;
  for (size_t at = 0; at + wire::kHeaderSize <= out_.size();) {
    size_t len = (size_t{out_[at + 16]} << 8) | out_[at + 17];
    if (out_[at + 18] < sent.size()) ++sent[out_[at + 18]];
    if (len < wire::kHeaderSize) break;
    at += len;
  }
}

}  // namespace herald::net
