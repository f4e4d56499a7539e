// PidFile: daemon.pid, written without trusting what is at its path, and
// removed at exit.
//
// The file is opened with O_NOFOLLOW (a symbolic link there is refused,
// never followed) and must then be a regular file with one link (not a
// device, a FIFO, or a hard link to some other file), checked on the
// descriptor itself, so nothing can be swapped in between the check and the
// write. It is created with mode 0644 less the umask (daemon.umask), and
// locked (flock) for the life of the daemon: a second herald given the same
// pid file refuses to start, as ExaBGP 5.0 refuses when the pid in the file
// is alive.
//
// Removal at exit: herald writes the file before it drops its privileges
// (daemon.user), so it works in a directory only root may write, such as
// /run; the descriptor stays open. At exit the path is unlinked if it is
// still this file. After the drop that needs a directory daemon.user may
// write (say /run/herald owned by it); where it may not, the file is
// emptied through the descriptor instead, so that it names no process, and
// a warning says why it stays. (ExaBGP 5.0 writes its pid file only after
// dropping privileges, and cannot start where the user may not write.)
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>

#include "base/result.h"

namespace herald::daemon {

class PidFile {
 public:
  // Writes getpid() to `path`.
  static Result<std::unique_ptr<PidFile>> Create(const std::string& path);
  // Remove()s it.
  ~PidFile();
  PidFile(const PidFile&) = delete;
  PidFile& operator=(const PidFile&) = delete;

  // Unlinks the file if the path still names it, else empties it; closes it.
  void Remove();

 private:
  PidFile(std::string path, int fd, dev_t dev, ino_t ino)
      : path_(std::move(path)), fd_(fd), dev_(dev), ino_(ino) {}

  std::string path_;
  int fd_;
  dev_t dev_;
  ino_t ino_;
};

}  // namespace herald::daemon
