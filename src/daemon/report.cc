// What peers tell the daemon (net::PeerEvents) and how it reaches the
// processes: which process hears what from which neighbor (RebuildApi),
// rendering into each process's pending lines (Report), and writing them
// out once per turn of the event loop.
#include <algorithm>

#include "api/render_down_reason.h"
#include "base/log.h"
#include "daemon/daemon.h"

namespace herald::daemon {

using log::Category;

void Daemon::RebuildApi() {
  std::map<const net::Peer*, PeerApi> old = std::move(peer_api_);
  peer_api_.clear();
  // adj-rib-in tables: kept for the neighbors that still have one.
  std::map<const net::Peer*, std::unique_ptr<rib::AdjRibIn>> old_in = std::move(rib_in_);
  rib_in_.clear();
  for (auto& peer : peers_) {
    if (!peer->config().adj_rib_in) continue;
    auto was = old_in.find(peer.get());
    rib_in_[peer.get()] = was != old_in.end() ? std::move(was->second) : std::make_unique<rib::AdjRibIn>(&pool_);
  }
  for (auto& [name, p] : processes_) p.peers.clear();
  for (auto& peer : peers_) {
    PeerApi api;
    net::Wants rx, tx;
    for (const config::ApiConfig& a : peer->config().api) {
      bool parsed_rx = a.receive.parsed || a.receive.consolidate;
      bool parsed_tx = a.send.parsed || a.send.consolidate;
      // Messages a direction takes: parsed, as bytes, or both.
      bool any_rx = parsed_rx || a.receive.packets;
      bool any_tx = parsed_tx || a.send.packets;
      for (const std::string& name : a.processes) {
        Process* p = FindProcess(name);
        if (!p) continue;
        if (std::find(p->peers.begin(), p->peers.end(), peer.get()) == p->peers.end())
          p->peers.push_back(peer.get());
        auto add = [p](std::vector<Process*>& v, bool on) {
          if (on && std::find(v.begin(), v.end(), p) == v.end()) v.push_back(p);
        };
        add(api.changes, a.neighbor_changes);
        add(api.fsm, a.fsm);
        add(api.negotiated, a.negotiated);
        add(api.signal, a.signal);
        add(api.receive_open, any_rx && a.receive.open);
        add(api.receive_keepalive, any_rx && a.receive.keepalive);
        add(api.receive_notification, any_rx && a.receive.notification);
        add(api.receive_update, any_rx && a.receive.update);
        add(api.receive_refresh, any_rx && a.receive.refresh);
        add(api.receive_operational, any_rx && a.receive.operational);
        add(api.send_open, any_tx && a.send.open);
        add(api.send_keepalive, any_tx && a.send.keepalive);
        add(api.send_notification, any_tx && a.send.notification);
        add(api.send_update, any_tx && a.send.update);
        add(api.send_refresh, any_tx && a.send.refresh);
        add(api.send_operational, any_tx && a.send.operational);
        add(api.all, true);
        // Several api blocks naming the same process add up.
        auto packets = [p](std::vector<PeerApi::Packets>& v, const config::ApiMessages& m) {
          if (!m.packets) return;
          auto it = std::find_if(v.begin(), v.end(), [p](const PeerApi::Packets& e) { return e.process == p; });
          if (it == v.end()) it = v.insert(v.end(), PeerApi::Packets{p, false, false});
          it->parsed |= m.parsed;
          it->consolidate |= m.consolidate;
        };
        packets(api.receive_packets, a.receive);
        packets(api.send_packets, a.send);
      }
    }
    rx.open = !api.receive_open.empty();
    rx.keepalive = !api.receive_keepalive.empty();
    rx.notification = !api.receive_notification.empty();
    rx.update = !api.receive_update.empty() || peer->config().adj_rib_in;
    rx.refresh = !api.receive_refresh.empty();
    rx.operational = !api.receive_operational.empty();
    tx.open = !api.send_open.empty();
    tx.keepalive = !api.send_keepalive.empty();
    tx.notification = !api.send_notification.empty();
    tx.update = !api.send_update.empty();
    tx.refresh = !api.send_refresh.empty();
    tx.operational = !api.send_operational.empty();
    rx.packets = !api.receive_packets.empty();
    tx.packets = !api.send_packets.empty();
    peer->receive_wants = rx;
    peer->send_wants = tx;
    if (auto was = old.find(peer.get()); was != old.end()) api.agreed = was->second.agreed;
    peer_api_[peer.get()] = std::move(api);
  }
}

// --- PeerEvents ------------------------------------------------------------

const Daemon::PeerApi& Daemon::ApiOf(const net::Peer& peer) const {
  static const PeerApi kNone;
  auto it = peer_api_.find(&peer);
  return it == peer_api_.end() ? kNone : it->second;
}

template <typename Fn>
void Daemon::Report(const std::vector<Process*>& to, Fn&& render) {
  for (Process* p : to) {
    std::string& out = PendingFor(*p, false);
    bool was_empty = out.empty();
    if constexpr (std::is_invocable_v<Fn, api::Renderer&, std::string*, Process&>)
      render(*p->renderer, &out, *p);
    else
      render(*p->renderer, &out);
    if (was_empty && !out.empty()) dirty_processes_.push_back(p);
  }
  if (!dirty_processes_.empty() && !flush_posted_) {
    // Flush once per turn of the event loop, after the current batch.
    flush_posted_ = true;
    asio::post(io_, [this] { FlushProcesses(); });
  }
}

void Daemon::FlushProcesses() {
  flush_posted_ = false;
  for (Process* p : dirty_processes_) WritePending(*p);
  dirty_processes_.clear();
}

std::string& Daemon::PendingFor(Process& process, bool acks) {
  // A process stays in dirty_processes_ meanwhile; it may be listed twice,
  // and FlushProcesses finds nothing the second time.
  if (process.pending.acks != acks) WritePending(process);
  process.pending.acks = acks;
  return process.pending.lines;
}

void Daemon::WritePending(Process& process) {
  Pending& p = process.pending;
  if (p.lines.empty()) return;
  if (p.acks)
    supervisor_->WriteAcks(process.config.name, p.lines);
  else
    supervisor_->Write(process.config.name, p.lines);
  p.lines.clear();
}

void Daemon::OnConnected(net::Peer& peer) {
  Report(ApiOf(peer).changes,
         [&](api::Renderer& r, std::string* out) { r.Connected(peer.info(), out); });
}

void Daemon::OnUp(net::Peer& peer) {
  if (systemd_.enabled()) systemd_.Status(SessionsStatus());
  Report(ApiOf(peer).changes,
         [&](api::Renderer& r, std::string* out) { r.Up(peer.info(), out); });
}

void Daemon::OnFsm(net::Peer& peer, session::State state) {
  Report(ApiOf(peer).fsm, [&](api::Renderer& r, std::string* out) {
    r.Fsm(peer.info(), session::StateName(state), out);
  });
}

void Daemon::OnNegotiated(net::Peer& peer, const api::NegotiatedView& negotiated) {
  if (auto it = peer_api_.find(&peer); it != peer_api_.end()) it->second.agreed = negotiated;
  Report(ApiOf(peer).negotiated,
         [&](api::Renderer& r, std::string* out) { r.Negotiated(peer.info(), negotiated, out); });
}

void Daemon::OnDown(net::Peer& peer, std::string_view reason) {
  log::Info(Category::kReactor, "{}: session down: {}", peer.LogName(), reason);
  if (systemd_.enabled() && !shutting_down_) systemd_.Status(SessionsStatus());
  // Processes get ExaBGP's words for it (api/render_down_reason.h).
  Report(ApiOf(peer).changes, [&](api::Renderer& r, std::string* out, Process& p) {
    r.Down(peer.info(), api::ExabgpDownReason(reason, p.format), out);
  });
}

void Daemon::OnMessage(net::Peer& peer, api::Direction d, const wire::Message& message, ByteSpan raw) {
  const PeerApi& api = ApiOf(peer);
  const api::NeighborInfo& info = peer.info();
  bool rx = d == api::Direction::kReceive;
  // What the session agreed, for a process of `api { negotiated; }`.
  auto agreed = [&](Process& p) -> const api::NegotiatedView* {
    if (!api.agreed || std::find(api.negotiated.begin(), api.negotiated.end(), &p) == api.negotiated.end())
      return nullptr;
    return &*api.agreed;
  };
  // Each process of `to` gets the parsed message (`parsed(r, out, p, raw)`,
  // with the bytes for `consolidate; packets;`) and/or the bytes alone.
  const std::vector<PeerApi::Packets>& packets = rx ? api.receive_packets : api.send_packets;
  auto report = [&](const std::vector<Process*>& to, bool parsed_too, auto&& parsed) {
    Report(to, [&](api::Renderer& r, std::string* out, Process& p) {
      auto it = std::find_if(packets.begin(), packets.end(), [&p](const PeerApi::Packets& e) { return e.process == &p; });
      if (it == packets.end()) {
        if (parsed_too) parsed(r, out, p, ByteSpan{});
        return;
      }
      if (it->consolidate) {
        if (parsed_too) parsed(r, out, p, raw);
        return;
      }
      r.Packet(info, d, raw, out, agreed(p));
      if (it->parsed && parsed_too) parsed(r, out, p, ByteSpan{});
    });
  };
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, wire::Update>) {
          if (rx)
            if (rib::AdjRibIn* in = RibIn(peer)) in->Apply(m);
          // An UPDATE of families herald skips reaches here only for the
          // processes that take the bytes.
          report(rx ? api.receive_update : api.send_update, m.CarriesRoutes(),
                 [&](api::Renderer& r, std::string* out, Process& p, ByteSpan bytes) {
                   r.Update(info, d, m, out, agreed(p), bytes);
                 });
        } else if constexpr (std::is_same_v<T, wire::Open>) {
          report(rx ? api.receive_open : api.send_open, true,
                 [&](api::Renderer& r, std::string* out, Process&, ByteSpan bytes) { r.Open(info, d, m, out, bytes); });
        } else if constexpr (std::is_same_v<T, wire::Notification>) {
          report(rx ? api.receive_notification : api.send_notification, true,
                 [&](api::Renderer& r, std::string* out, Process&, ByteSpan bytes) {
                   r.Notification(info, d, m, out, bytes);
                 });
        } else if constexpr (std::is_same_v<T, wire::Keepalive>) {
          report(rx ? api.receive_keepalive : api.send_keepalive, true,
                 [&](api::Renderer& r, std::string* out, Process&, ByteSpan bytes) { r.Keepalive(info, d, out, bytes); });
        } else if constexpr (std::is_same_v<T, wire::RouteRefresh>) {
          report(rx ? api.receive_refresh : api.send_refresh, true,
                 [&](api::Renderer& r, std::string* out, Process&, ByteSpan bytes) {
                   r.Refresh(info, d, m, out, bytes);
                 });
        } else if constexpr (std::is_same_v<T, wire::Operational>) {
          // A type herald does not know is reported nowhere, as in ExaBGP
          // (but for its bytes, to the processes that take them).
          report(rx ? api.receive_operational : api.send_operational, m.Known() != nullptr,
                 [&](api::Renderer& r, std::string* out, Process&, ByteSpan bytes) {
                   r.Operational(info, d, m, out, bytes);
                 });
        }
      },
      message);
}

bool Daemon::CanDeliver(net::Peer& peer) {
  for (Process* p : ApiOf(peer).all)
    if (supervisor_->Congested(p->config.name)) return false;
  return true;
}

void Daemon::OnWritten(net::Peer&) {
  if (held_answers_) SettleHeld();
}

void Daemon::OnSessionEnded(net::Peer& peer) {
  // Answers waiting for this session's UPDATEs will not get them.
  if (held_answers_) asio::post(io_, [this] { SettleHeld(); });
  // What a peer said holds while its session does.
  if (rib::AdjRibIn* in = RibIn(peer)) in->Clear();
  // `adj-rib-out false`: its routes are gone (net::Peer), watchdogs too.
  if (!peer.config().adj_rib_out) watched_.erase(&peer);
  ++sessions_ended_;
  if (env_.tcp.connections && sessions_ended_ >= env_.tcp.connections)
    asio::post(io_, [this] { Shutdown("tcp.connections: session count reached"); });
}

void Daemon::OnGaveUp(net::Peer& peer) {
  asio::post(io_, [this] { CheckExitConditions(); });
}

void Daemon::ReportSignal(int signal) {
  for (auto& peer : peers_)
    Report(ApiOf(*peer).signal, [&](api::Renderer& r, std::string* out) { r.Signal(peer->info(), signal, out); });
}

}  // namespace herald::daemon
