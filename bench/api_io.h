// ApiIo: the two pipes of an API process (the speaker reads our stdout and
// writes to our stdin), driven so that neither side ever waits on the other.
//
// A speaker answers every command with `done` (api.ack) and reports session
// changes on our stdin. A process that writes a million commands without
// reading would make the speaker queue a million acks (herald) or block on
// the pipe (a speaker with blocking writes), and either would distort the
// benchmark. So every wait here also drains stdin, and stdout is written
// non-blocking between drains.
#pragma once

#include <string>
#include <string_view>

namespace herald::bench {

class ApiIo {
 public:
  // Puts stdin and stdout in non-blocking mode.
  ApiIo();

  // Reads stdin until a line reports a session up: a text line ending in
  // " up" (`neighbor 127.0.0.2 up`) or a JSON one with `"state": "up"`.
  // False on EOF or after timeout_seconds.
  bool WaitUp(double timeout_seconds);
  // Writes all of data to stdout, draining stdin whenever stdout is full.
  // False if stdout is closed.
  bool Write(std::string_view data);
  // Waits until fd is readable, draining stdin meanwhile. False on stdin EOF.
  bool WaitReadable(int fd);
  // Sleeps for `seconds`, draining stdin meanwhile. False on stdin EOF.
  bool Sleep(double seconds);
  // Reads stdin until EOF (the speaker stopping), so that the process is
  // never restarted mid-run and never blocks the speaker.
  void DrainUntilEof();

 private:
  // Reads what stdin has; false on EOF. Keeps whole lines only while
  // watching for "up".
  bool Drain();

  bool watching_ = false;
  bool up_ = false;
  bool eof_ = false;
  std::string partial_;
};

}  // namespace herald::bench
