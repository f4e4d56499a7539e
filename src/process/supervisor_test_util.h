// Test helpers for the Supervisor tests (header only: the folder's *.cc
// files other than *_test.cc go into the library).
//
// Harness runs one io_context with a Supervisor whose callbacks record every
// event, and RunUntil() bounds each wait so that no test can hang.
// LogCapture sends herald's log to a file that the test reads back.
#pragma once

#include <dirent.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "base/log.h"
#include "process/spawn.h"
#include "process/supervisor.h"

namespace herald::process::testing_util {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// A temporary directory, removed with its files.
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/herald-process-test-XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() {
    std::string cmd = "rm -rf '" + path_ + "'";
    if (std::system(cmd.c_str()) != 0) std::fprintf(stderr, "cannot remove %s\n", path_.c_str());
  }
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }
  // Writes an executable /bin/sh script and returns its path.
  std::string Script(const std::string& name, const std::string& body) const {
    std::string p = File(name);
    std::ofstream(p) << "#!/bin/sh\n" << body << "\n";
    chmod(p.c_str(), 0755);
    return p;
  }

 private:
  std::string path_;
};

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Routes herald's log to a file for the life of the object.
class LogCapture {
 public:
  LogCapture() {
    log::Settings s;
    s.destination = dir_.File("herald.log");
    s.level = log::Level::kDebug;
    s.short_format = true;
    EXPECT_TRUE(log::Configure(s).ok());
  }
  ~LogCapture() { (void)log::Configure(log::Settings{}); }
  std::string Text() const {
    log::Flush();
    return ReadFile(dir_.File("herald.log"));
  }
  bool Contains(const std::string& needle) const {
    return Text().find(needle) != std::string::npos;
  }

 private:
  TempDir dir_;
};

struct Exit {
  std::string name;
  int status;
  bool respawning;
  Clock::time_point when;
};

struct Start {
  std::string name;
  int pid;
  Clock::time_point when;
};

class Harness {
 public:
  // With report_overlong, overlong lines are recorded (on_overlong_line)
  // instead of logged by the Supervisor.
  explicit Harness(Limits limits = {}, bool report_overlong = false) {
    Reset(limits, report_overlong);
  }

  // A new Supervisor (the old one is destroyed first).
  void Reset(Limits limits, bool report_overlong = false) {
    Supervisor::Callbacks cb;
    cb.on_line = [this](const std::string& name, std::string_view line) {
      if (on_line) on_line(name, line);
      if (keep_lines) lines[name].emplace_back(line);
      ++line_count;
    };
    cb.on_batch_end = [this](const std::string& name) { ++batches[name]; };
    cb.on_started = [this](const std::string& name, int pid) {
      starts.push_back({name, pid, Clock::now()});
      all_pids.insert(pid);
    };
    cb.on_exited = [this](const std::string& name, int status, bool respawning) {
      exits.push_back({name, status, respawning, Clock::now()});
      if (on_exited) on_exited(name, status, respawning);
    };
    cb.on_writable = [this](const std::string& name) {
      ++writables[name];
      if (on_writable) on_writable(name);
    };
    if (report_overlong)
      cb.on_overlong_line = [this](const std::string& name, size_t length) {
        overlong[name].push_back(length);
        // Where it comes among the lines.
        if (keep_lines) lines[name].push_back("<overlong>");
      };
    sup.reset();
    sup = std::make_unique<Supervisor>(io, std::move(cb), limits);
  }

  // Runs the loop until pred() holds or `timeout` passes; returns pred().
  bool RunUntil(const std::function<bool()>& pred, std::chrono::milliseconds timeout = 5s) {
    auto deadline = Clock::now() + timeout;
    while (!pred()) {
      if (Clock::now() >= deadline) return false;
      if (io.stopped()) io.restart();
      io.run_one_for(10ms);
    }
    return true;
  }
  // Runs the loop for `d`, whatever happens.
  void RunFor(std::chrono::milliseconds d) {
    auto deadline = Clock::now() + d;
    while (Clock::now() < deadline) {
      if (io.stopped()) io.restart();
      io.run_one_until(deadline);
    }
  }

  static Spec Prog(const std::string& name, std::vector<std::string> argv, bool respawn = false) {
    Spec s;
    s.name = name;
    s.argv = std::move(argv);
    s.respawn = respawn;
    return s;
  }
  static Spec Shell(const std::string& name, const std::string& script, bool respawn = false) {
    return Prog(name, {"/bin/sh", "-c", script}, respawn);
  }

  int ExitsOf(const std::string& name) const {
    int n = 0;
    for (const Exit& e : exits) n += e.name == name;
    return n;
  }

  asio::io_context io;
  std::unique_ptr<Supervisor> sup;
  bool keep_lines = true;
  std::map<std::string, std::vector<std::string>> lines;
  size_t line_count = 0;
  std::map<std::string, int> batches;
  std::vector<Start> starts;
  std::vector<Exit> exits;
  std::set<int> all_pids;
  std::map<std::string, int> writables;
  std::map<std::string, std::vector<size_t>> overlong;
  std::function<void(const std::string&, std::string_view)> on_line;
  std::function<void(const std::string&, int, bool)> on_exited;
  std::function<void(const std::string&)> on_writable;
};

// True if pid is no child of ours any more (reaped: no zombie left). Only
// looks (WNOWAIT): reaping here would steal the Supervisor's child.
inline bool Reaped(int pid) {
  siginfo_t info{};
  return waitid(P_PID, pid, &info, WEXITED | WNOHANG | WNOWAIT) == -1 && errno == ECHILD;
}

// True if no process `pid` exists, or only as a zombie of someone else.
inline bool GoneOrZombie(int pid) {
  std::string stat = ReadFile("/proc/" + std::to_string(pid) + "/stat");
  if (stat.empty()) return true;
  size_t paren = stat.rfind(')');
  return paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] == 'Z';
}

// fd -> what it points to, e.g. "3" -> "pipe:[1234]".
inline std::map<std::string, std::string> FdTargets(const std::string& dir) {
  std::map<std::string, std::string> fds;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      if (e->d_name[0] == '.') continue;
      char target[256] = {};
      ssize_t n = readlink((dir + "/" + e->d_name).c_str(), target, sizeof target - 1);
      fds[e->d_name] = n > 0 ? std::string(target, n) : "?";
    }
    closedir(d);
  }
  return fds;
}

inline std::set<std::string> OpenFds(const std::string& dir) {
  std::set<std::string> fds;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d))
      if (e->d_name[0] != '.') fds.insert(e->d_name);
    closedir(d);
  }
  return fds;
}

}  // namespace herald::process::testing_util
