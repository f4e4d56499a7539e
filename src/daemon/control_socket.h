// ControlSocket: herald's own control channel, a Unix stream socket
// (api.socket, /run/herald/herald.sock by default) that `herald cli` and
// scripts connect to. Several clients at once, each answered on its own
// connection: a line is a command (the API's), its answer is the output
// lines then `done` or `error`. The socket is made mode 0660 (its directory
// 0750 when herald makes it); a socket file left by a herald that died is
// replaced, one a running herald answers on is left alone.
#pragma once

#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <string>
#include <string_view>

#include "daemon/line_queue.h"
#include "net/asio.h"
#include "process/line_framer.h"

namespace herald::daemon {

class ControlSocket {
 public:
  // One connected client. Alive until it disconnects or the socket stops.
  class Client {
   public:
    // Queues one line (a '\n' is added).
    void Send(std::string_view line);
    std::string& context() { return context_; }

   private:
    friend class ControlSocket;
    Client(ControlSocket* owner, asio::local::stream_protocol::socket socket);
    void Read();
    void Write();
    void Close();

    ControlSocket* owner_;
    asio::local::stream_protocol::socket socket_;
    process::LineFramer framer_;
    LineQueue queue_{kMaxQueued};
    bool writing_ = false;
    bool closed_ = false;
    std::string context_;
  };

  struct Callbacks {
    std::function<void(Client&)> on_connect;
    std::function<void(Client&, std::string_view line)> on_line;
    std::function<void(Client&)> on_batch_end;
    std::function<void(Client&)> on_disconnect;
  };
  static constexpr size_t kMaxLine = 1u << 20;
  static constexpr size_t kMaxQueued = 64u << 20;  // answers for one client
  static constexpr size_t kMaxClients = 64;

  ControlSocket(asio::io_context& io, Callbacks callbacks);
  ~ControlSocket();
  ControlSocket(const ControlSocket&) = delete;
  ControlSocket& operator=(const ControlSocket&) = delete;

  // Binds `path` and accepts clients. An error says why (in use by
  // another herald, cannot create the directory, ...).
  bool Start(const std::string& path, std::string* error);
  // Stops accepting and closes every client; removes the socket file.
  void Stop();
  // Makes the socket file owned by uid/gid (after a privilege drop).
  void Chown(unsigned uid, unsigned gid);

 private:
  void Accept();
  void Remove(Client* client);

  asio::io_context& io_;
  Callbacks callbacks_;
  asio::local::stream_protocol::acceptor acceptor_;
  std::list<std::unique_ptr<Client>> clients_;
  std::string path_;
  bool stopped_ = false;
};

}  // namespace herald::daemon
