#include "daemon/control_socket.h"

#include <errno.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

#include "base/log.h"

namespace herald::daemon {

using log::Category;
using Local = asio::local::stream_protocol;

namespace {

// True if something answers on the socket file at `path`.
bool Answers(const std::string& path) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

ControlSocket::ControlSocket(asio::io_context& io, Callbacks callbacks)
    : io_(io), callbacks_(std::move(callbacks)), acceptor_(io) {}

ControlSocket::~ControlSocket() { Stop(); }

bool ControlSocket::Start(const std::string& path, std::string* error) {
  if (path.size() >= sizeof(sockaddr_un{}.sun_path)) {
    *error = "the path " + path + " is too long for a Unix socket";
    return false;
  }
  auto slash = path.rfind('/');
  if (slash != std::string::npos && slash > 0) {
    std::string dir = path.substr(0, slash);
    if (::mkdir(dir.c_str(), 0750) != 0 && errno != EEXIST) {
      *error = fmt::format("cannot make {}: {}", dir, std::strerror(errno));
      return false;
    }
  }
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    if (!S_ISSOCK(st.st_mode)) {
      *error = path + " exists and is not a socket";
      return false;
    }
    if (Answers(path)) {
      *error = path + " is in use (another herald?)";
      return false;
    }
    ::unlink(path.c_str());  // left by a herald that is gone
  }
  asio::error_code ec;
  acceptor_.open(Local(), ec);
  if (!ec) {
    // 0660 from the start: no moment where anyone may connect.
    mode_t old = ::umask(0117);
    acceptor_.bind(Local::endpoint(path), ec);
    ::umask(old);
  }
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    *error = fmt::format("cannot listen on {}: {}", path, ec.message());
    acceptor_.close(ec);
    return false;
  }
  path_ = path;
  Accept();
  return true;
}

void ControlSocket::Chown(unsigned uid, unsigned gid) {
  if (!path_.empty() && ::chown(path_.c_str(), uid, gid) != 0)
    log::Warn(Category::kDaemon, "control socket {}: cannot give it to uid {}: {}", path_, uid, std::strerror(errno));
}

void ControlSocket::Stop() {
  if (stopped_) return;
  stopped_ = true;
  asio::error_code ec;
  acceptor_.close(ec);
  for (auto& c : clients_) {
    c->Close();
    callbacks_.on_disconnect(*c);
  }
  auto doomed = std::make_shared<std::list<std::unique_ptr<Client>>>(std::move(clients_));
  clients_.clear();
  asio::post(io_, [doomed] {});
  if (!path_.empty()) ::unlink(path_.c_str());
}

void ControlSocket::Accept() {
  acceptor_.async_accept([this](asio::error_code ec, Local::socket socket) {
    if (stopped_ || ec == asio::error::operation_aborted) return;
    if (!ec) {
      if (clients_.size() >= kMaxClients) {
        log::Warn(Category::kDaemon, "control socket {}: {} clients already, one refused", path_, kMaxClients);
      } else {
        clients_.push_back(std::unique_ptr<Client>(new Client(this, std::move(socket))));
        Client& c = *clients_.back();
        callbacks_.on_connect(c);
        c.Read();
      }
    }
    Accept();
  });
}

void ControlSocket::Remove(Client* client) {
  // Destroyed later: this may run inside one of the client's handlers, and
  // handlers of its closed socket still come (and see it closed).
  for (auto it = clients_.begin(); it != clients_.end(); ++it) {
    if (it->get() != client) continue;
    callbacks_.on_disconnect(*client);
    auto owned = std::make_shared<std::unique_ptr<Client>>(std::move(*it));
    clients_.erase(it);
    asio::post(io_, [owned] {});
    return;
  }
}

ControlSocket::Client::Client(ControlSocket* owner, Local::socket socket)
    : owner_(owner), socket_(std::move(socket)), framer_(kMaxLine) {}

void ControlSocket::Client::Read() {
  std::span<char> buf = framer_.Prepare();
  socket_.async_read_some(asio::buffer(buf.data(), buf.size()), [this](asio::error_code ec, size_t n) {
    if (closed_) return;
    if (ec) {
      Close();
      owner_->Remove(this);
      return;
    }
    framer_.Commit(
        n, [this](std::string_view line) { owner_->callbacks_.on_line(*this, line); },
        [this](size_t) { Send("error"); });
    if (closed_) return;
    owner_->callbacks_.on_batch_end(*this);
    Read();
  });
}

void ControlSocket::Client::Send(std::string_view line) {
  if (closed_) return;
  if (!queue_.Push(line, writing_)) {
    // A client that does not read its answers: dropped.
    log::Warn(Category::kDaemon, "control socket: a client is not reading its answers; disconnected");
    Close();
    asio::post(owner_->io_, [this] { owner_->Remove(this); });
    return;
  }
  if (!writing_) {
    writing_ = true;
    Write();
  }
}

void ControlSocket::Client::Write() {
  if (closed_ || queue_.empty()) {
    writing_ = false;
    return;
  }
  asio::async_write(socket_, asio::buffer(queue_.front()), [this](asio::error_code ec, size_t) {
    if (closed_) return;
    queue_.pop_front();
    if (ec) {
      Close();
      owner_->Remove(this);
      return;
    }
    Write();
  });
}

void ControlSocket::Client::Close() {
  if (closed_) return;
  closed_ = true;
  asio::error_code ec;
  socket_.close(ec);
  queue_.clear();
}

}  // namespace herald::daemon
