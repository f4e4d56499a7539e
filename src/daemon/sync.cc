// `enable-sync` (a herald command): a source's `done` for a command that
// changed routes waits until the UPDATEs are on the wire of every selected
// established session, so that a script knows its route is out.
//
// Each peer counts the changes the daemon gives its adj-RIB-out
// (Peer::NoteChange) and learns from its session's writer how many of them
// are written (Peer::written(), PeerEvents::OnWritten). A held answer lists
// (peer, count) pairs; it is written once each peer's written count reaches
// its pair, or as `error` when that session ends first (the routes stay in
// the adj-RIB-out and go out with the next session, as always). Answers
// after a held one wait behind it: a source reads its answers in command
// order.
#include <algorithm>

#include "base/log.h"
#include "daemon/daemon.h"

namespace herald::daemon {

using log::Category;

void Daemon::Answer(Source& source, std::string_view line) {
  if (!source.held.empty()) {
    source.held.push_back(HeldAnswer{std::string(line), {}});
    ++held_answers_;
    return;
  }
  source.Write(line, true);
}

void Daemon::AnswerDone(Source& source) {
  if (source.sync) {
    HeldAnswer held{"done", {}};
    for (net::Peer* p : touched_)
      if (p->established() && p->written() < p->changes()) held.waits.emplace_back(p->id(), p->changes());
    if (!held.waits.empty()) {
      source.held.push_back(std::move(held));
      ++held_answers_;
      return;
    }
  }
  Answer(source, "done");
}

void Daemon::SettleHeld(Source& source) {
  for (HeldAnswer& h : source.held) {
    std::erase_if(h.waits, [&](const std::pair<uint32_t, uint64_t>& w) {
      auto it = std::find_if(peers_.begin(), peers_.end(), [&](const auto& p) { return p->id() == w.first; });
      if (it != peers_.end() && (*it)->established()) return (*it)->written() >= w.second;
      log::Warn(Category::kProcesses, "{}: enable-sync: {} ended before the UPDATEs were written; answered error "
                "(the routes stay for its next session)", source.who,
                it != peers_.end() ? (*it)->LogName() : std::string("a removed neighbor's session"));
      h.answer = "error";
      return true;
    });
  }
  while (!source.held.empty() && source.held.front().waits.empty()) {
    source.Write(source.held.front().answer, true);
    source.held.pop_front();
  }
}

void Daemon::SettleHeld() {
  size_t left = 0;
  auto settle = [&](Source& s) {
    if (s.held.empty()) return;
    SettleHeld(s);
    left += s.held.size();
  };
  for (auto& [name, p] : processes_) settle(p);
  settle(cli_source_);
  for (auto& [client, s] : control_clients_) settle(*s);
  held_answers_ = left;
  FlushProcesses();
}

}  // namespace herald::daemon
