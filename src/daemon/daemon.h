// Daemon: the ownership root of a running herald (STYLE.md §6).
//
// It holds the configuration snapshot, the environment, the interned
// attribute pool, the peers, the listener and the process supervisor, all on
// one io_context and one thread. Data flows:
//   process stdout line -> api::ParseTextCommand -> Execute -> peers' adj-RIB-out
//     -> (at the end of each batch of lines) Peer::Flush -> UPDATEs on the wire;
//   peer message/state -> PeerEvents -> each interested process's Renderer
//     -> Supervisor::Write (queued, never blocking; backpressure pauses peers).
// Signals: SIGTERM, SIGINT, SIGHUP shut down (Cease to every peer);
// SIGUSR1 reloads the configuration; SIGUSR2 reloads it and restarts the
// processes; SIGALRM restarts every session with the reloaded configuration.
#pragma once

#include <chrono>
#include <functional>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "api/command.h"
#include "api/render.h"
#include "config/config.h"
#include "config/environment.h"
#include "daemon/cli_pipes.h"
#include "daemon/control_socket.h"
#include "daemon/systemd.h"
#include "daemon/watchdog.h"
#include "metrics/exposition.h"
#include "metrics/http_endpoint.h"
#include "net/asio.h"
#include "net/listener.h"
#include "net/peer.h"
#include "process/log_throttle.h"
#include "process/supervisor.h"
#include "rib/adj_rib_in.h"
#include "rib/attr_pool.h"

namespace herald::daemon {

struct Options {
  std::vector<std::string> config_files;
  // When set, the configuration comes from this text instead of files (demo).
  std::optional<std::string> config_text;
  // -P: every neighbor passive, listening.
  bool passive = false;
  // -s N: send ourselves SIGUSR1 after N seconds.
  std::optional<int> reload_after;
  // -m: print memory use at exit.
  bool memory = false;
  // debug.rotate: config_files are read one at a time, the next one at each
  // reload (in turn); otherwise they are merged into one configuration.
  bool rotate = false;
  // Called once the daemon has stopped (default: stop the io_context).
  std::function<void()> on_stopped;
};

// Reload machinery (reload.h).
struct Diff;
struct Parsed;
struct ApplyJob;

class Daemon : public net::PeerEvents {
 public:
  Daemon(asio::io_context& io, config::Environment env, Options options);
  ~Daemon() override;

  // Loads the configuration, starts the listener, the processes and the
  // peers. On failure nothing is left running.
  Status Start();
  // Graceful stop: Cease to every peer, shutdown notice to processes, stop
  // processes, then stop the io_context.
  void Shutdown(const std::string& why);
  int exit_code() const { return exit_code_; }

  // net::PeerEvents
  void OnConnected(net::Peer& peer) override;
  void OnUp(net::Peer& peer) override;
  void OnFsm(net::Peer& peer, session::State state) override;
  void OnNegotiated(net::Peer& peer, const api::NegotiatedView& negotiated) override;
  void OnDown(net::Peer& peer, std::string_view reason) override;
  void OnMessage(net::Peer& peer, api::Direction direction, const wire::Message& message, ByteSpan raw) override;
  bool CanDeliver(net::Peer& peer) override;
  void OnSessionEnded(net::Peer& peer) override;
  void OnWritten(net::Peer& peer) override;
  void OnGaveUp(net::Peer& peer) override;

 private:
  // Lines for a process waiting for Flush: events (rendered messages) or
  // acks, never both, so that each goes to the Supervisor as what it is
  // (acks are capped there, events are not) and in the order made.
  struct Pending {
    std::string lines;
    bool acks = false;
  };
  // Where a command comes from and where its answers go (commands.cc): a
  // process, or the named pipes of the CLI (control.h). One command path
  // serves them all.
  // An answer held back for `enable-sync` (sync.cc): written once every
  // (peer id, change count) in `waits` is on the wire, in command order.
  struct HeldAnswer {
    std::string answer;
    std::vector<std::pair<uint32_t, uint64_t>> waits;
  };
  struct Source {
    virtual ~Source() = default;
    Source() = default;
    Source(Source&&) = default;
    Source& operator=(Source&&) = default;
    std::string name;  // a watchdog command without a name uses it
    std::string who;   // for logs: "process NAME", "the CLI (named pipes)", ...
    // `done`/`error` after each command (api.ack; enable-ack, disable-ack
    // and silence-ack change it).
    bool ack = true;
    // `enable-sync` (herald's): a command that changes routes is answered
    // once its UPDATEs are written to every selected established session;
    // answers after it wait their turn in `held`.
    bool sync = false;
    std::deque<HeldAnswer> held;
    // A command without a selector acts on every neighbor, or on `peers`.
    bool all_peers = false;
    std::vector<net::Peer*> peers;
    // The errors its lines cause, and its comments, are logged at a
    // bounded rate (made at the first one).
    std::unique_ptr<process::ThrottledLog> errors;
    std::unique_ptr<process::ThrottledLog> comments;
    // For the metrics endpoint: lines read, and those answered `error`.
    uint64_t lines_read = 0;
    uint64_t lines_refused = 0;
    // One line for the source: an answer (done, error) or output.
    virtual void Write(std::string_view line, bool answer) = 0;
  };
  // One configured process and what herald knows about it; `peers` are the
  // neighbors whose api names it.
  struct Process : Source {
    config::ProcessConfig config;
    config::Encoder encoder = config::Encoder::kJson;
    api::Format format = api::Format::kExabgp5;  // the ExaBGP whose output it reads
    std::unique_ptr<api::Renderer> renderer;
    Pending pending;
    Daemon* daemon = nullptr;
    uint64_t starts = 0;  // runs of the program (metrics: restarts)
    void Write(std::string_view line, bool answer) override;
  };
  // The named pipes' CLI (cli_pipes.h): every neighbor, always answered.
  struct CliSource : Source {
    CliPipes* pipes = nullptr;
    void Write(std::string_view line, bool) override { pipes->Send(line); }
  };
  // A client of the control socket (control_socket.h): every neighbor,
  // always answered.
  struct SocketSource : Source {
    ControlSocket::Client* client = nullptr;
    void Write(std::string_view line, bool) override { client->Send(line); }
  };
  // For each peer, which processes get which events (from its api blocks).
  struct PeerApi {
    std::vector<Process*> changes;
    std::vector<Process*> fsm, negotiated, signal;  // api { fsm; negotiated; signal; }
    // What the session's OPENs agreed, once they have been exchanged, for
    // the UPDATEs of `negotiated` processes.
    std::optional<api::NegotiatedView> agreed;
    std::vector<Process*> receive_open, receive_keepalive, receive_notification, receive_update,
        receive_refresh, receive_operational;
    std::vector<Process*> send_open, send_keepalive, send_notification, send_update, send_refresh,
        send_operational;
    std::vector<Process*> all;  // every process that gets something from this peer
    // The processes above that asked for `packets` in a direction: they get
    // the message's bytes, alone (and the parsed message too with `parsed`)
    // or, with `consolidate`, inside the parsed message.
    struct Packets {
      Process* process;
      bool parsed;
      bool consolidate;
    };
    std::vector<Packets> receive_packets, send_packets;
  };

  // Configuration.
  // `rotation`: which file, with Options::rotate (counted modulo their number).
  Result<std::shared_ptr<const config::Config>, std::vector<config::ConfigError>> LoadConfig(
      size_t rotation) const;
  // Switches to `config`: processes and peers at once, static routes in
  // slices (reload.cc); `diff` is what the worker found changed since
  // config_ (null at start-up).
  void Apply(std::shared_ptr<const config::Config> config, bool restart_processes, Diff* diff);
  std::unique_ptr<net::Peer> MakePeer(const config::NeighborConfig& n);

  // Reload off the event loop (reload.cc): a signal asks for one; the
  // configuration is read and parsed, and compared with the one in force,
  // on a worker thread; the result comes back through the io_context and
  // its static routes are applied in slices of bounded time. A request
  // made meanwhile is remembered (once) and runs after.
  enum ReloadFlags : uint8_t { kReloadOnly = 0, kRestartProcesses = 1, kRestartSessions = 2 };
  void RequestReload(uint8_t flags);
  void StartParse();
  void OnParsed(std::shared_ptr<Parsed> parsed);
  void RunSlice();
  void FinishApply();
  bool Loading(const net::Peer* peer) const;
  void RebuildApi();  // which process hears what from which neighbor (report.cc)
  Status StartListening();
  net::Peer* MatchIncoming(const IpAddress& remote, const IpAddress& local, uint16_t port);

  // Commands (commands.cc): one line from a source, parsed, run, answered.
  void RunLine(Source& source, std::string_view line);
  // The end of a batch of lines: peers changed send their UPDATEs.
  void EndBatch();
  // The CLI's named pipes and the control socket (control.cc).
  void StartCli();
  void StartControlSocket();
  // The metrics endpoint (metrics.cc), when metrics.enable is set.
  Status StartMetrics();
  metrics::Snapshot MetricsSnapshot() const;
  // "2 of 3 sessions established, 1 process" (systemd's STATUS=).
  std::string SessionsStatus() const;

  // Processes (commands.cc).
  void OnProcessLine(const std::string& name, std::string_view line);
  void OnProcessOverlongLine(const std::string& name, size_t length);
  void OnProcessBatchEnd(const std::string& name);
  // A line refused: logged (rate-limited) and answered `error`. `line`
  // is quoted after `why` unless empty.
  void Refuse(Source& source, std::string_view why, std::string_view line);
  // True if a message of the kind `throttle` limits may be logged now.
  bool Admit(std::unique_ptr<process::ThrottledLog>& throttle, const std::string& who,
             log::Level level);
  Status Execute(Source& source, const api::Command& command);
  void FillOperational(const net::Peer& peer, wire::Operational* op);
  // Warns once per neighbor and family when a process gives a route
  // path-information the neighbor's configuration never sends.
  void WarnUnsentPathId(const net::Peer& peer, const rib::Route& route);
  std::vector<net::Peer*> Select(const Source& source, const api::Command& command) const;
  bool Selected(const api::Command& command, const net::Peer& peer) const;
  Status CheckFits(const rib::AttrSet& attrs, wire::Family family, const std::vector<net::Peer*>& peers) const;
  void Answer(Source& source, std::string_view line);
  // `done` for a command that ran: held back under `enable-sync` until the
  // sessions it changed (touched_) have written their UPDATEs.
  void AnswerDone(Source& source);
  // Writes the held answers whose UPDATEs are out (or whose session ended:
  // `error`), for every source (sync.cc).
  void SettleHeld();
  void SettleHeld(Source& source);
  // Lines of output (show, help): written as events, never dropped.
  void Output(Source& source, std::string_view text) { source.Write(text, false); }

  // Commands that print (show.cc).
  Status ShowNeighbor(Source& source, const api::Command& command);
  Status ShowAdjRib(Source& source, const api::Command& command);
  void Help(Source& source);
  std::vector<net::Peer*> Shown(const api::Command& command) const;

  // Watchdogs (watchdog.cc): groups of routes announced and withdrawn
  // together. A static route's group is in its StaticRoutes set; an API
  // route's is recorded here.
  struct Watched {
    std::string name;
    rib::AttrRef attrs;
    bool held = false;
  };
  using WatchKey = std::tuple<wire::Family, Prefix, uint32_t>;
  // Records an API route of a watchdog; true if it is to be announced now
  // (else its previous version was withdrawn).
  bool Watch(net::Peer* peer, wire::Family family, const wire::InetNlri& nlri, const std::string& name,
             const rib::AttrRef& attrs, bool held);
  void Unwatch(const net::Peer* peer, wire::Family family, const wire::InetNlri& nlri);
  // `announce watchdog` (up) / `withdraw watchdog`: every neighbor.
  void SetWatchdog(const std::string& name, bool up);
  Process* FindProcess(const std::string& name);

  // Reporting to processes (report.cc). `render` is called as
  // render(renderer, out, process).
  template <typename Fn>
  void Report(const std::vector<Process*>& to, Fn&& render);
  void FlushProcesses();
  // `api { signal; }`: every neighbor's processes hear of `signal`.
  void ReportSignal(int signal);
  // The process's pending lines, made ready for lines of this kind: what
  // they held of the other kind is written first.
  std::string& PendingFor(Process& process, bool acks);
  // Hands the pending lines to the Supervisor.
  void WritePending(Process& process);
  const PeerApi& ApiOf(const net::Peer& peer) const;

  // Signals and shutdown.
  void WaitSignals();
  void FinishShutdown();
  void CheckExitConditions();

  asio::io_context& io_;
  config::Environment env_;
  // The reload worker: at most one parse at a time; joined when its result
  // arrives, or by the destructor (a shutdown waits for a parse to end).
  std::thread parse_thread_;
  bool parsing_ = false;
  std::optional<uint8_t> reload_requested_;  // flags of a reload to run next
  std::unique_ptr<ApplyJob> apply_;   // static routes still to apply
  Options options_;
  std::shared_ptr<const config::Config> config_;
  int exit_code_ = 0;

  // Declared before the peers: their adj-RIB-outs hold references into it.
  rib::AttrPool pool_;
  std::vector<std::unique_ptr<net::Peer>> peers_;
  std::map<const net::Peer*, PeerApi> peer_api_;
  size_t rotation_ = 0;  // reloads started, for Options::rotate
  // The routes each `adj-rib-in` neighbor announced, while its session is up.
  std::map<const net::Peer*, std::unique_ptr<rib::AdjRibIn>> rib_in_;
  rib::AdjRibIn* RibIn(const net::Peer& peer) {
    auto it = rib_in_.find(&peer);
    return it == rib_in_.end() ? nullptr : it->second.get();
  }
  std::map<std::string, Process> processes_;
  std::vector<Process*> dirty_processes_;
  std::vector<net::Peer*> dirty_peers_;
  std::vector<net::Peer*> touched_;  // by the command running now
  size_t held_answers_ = 0;          // in every source's `held`, as last counted

  std::unique_ptr<CliPipes> cli_pipes_;
  // Declared first: destroyed after the socket, whose Stop() reports
  // every client gone.
  std::map<const ControlSocket::Client*, std::unique_ptr<SocketSource>> control_clients_;
  std::unique_ptr<ControlSocket> control_;
  CliSource cli_source_;
  std::unique_ptr<process::Supervisor> supervisor_;
  std::unique_ptr<net::Listener> listener_;
  std::unique_ptr<metrics::HttpEndpoint> metrics_;
  double start_time_ = 0;  // Unix time, for the metrics endpoint
  asio::signal_set signals_;
  Systemd systemd_{io_};
  asio::steady_timer reload_timer_;
  api::Command command_;  // reused line after line
  Watchdogs watchdogs_;
  std::map<const net::Peer*, std::map<WatchKey, Watched>> watched_;
  // The last OPERATIONAL sequence number used per router id (FillOperational).
  std::map<uint32_t, uint32_t> operational_sequences_;
  // "neighbor family" pairs already warned that path-information is not
  // sent to them (WarnUnsentPathId): once each.
  std::set<std::string> unsent_path_ids_;
  api::Host host_;

  uint32_t next_peer_id_ = 1;
  uint32_t sessions_ended_ = 0;
  bool shutting_down_ = false;
  bool flush_posted_ = false;
};

}  // namespace herald::daemon
