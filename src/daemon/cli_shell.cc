#include "daemon/cli_shell.h"

#include <histedit.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "daemon/cli_complete.h"

namespace herald::daemon {

namespace {

constexpr int kHistoryLines = 1000;
// How long the neighbor addresses asked for completion are reused.
constexpr std::chrono::seconds kNeighborsFresh{5};

struct Shell {
  CliConnection connection;
  std::vector<std::string> neighbors;
  std::chrono::steady_clock::time_point asked;
  bool have_neighbors = false;

  const std::vector<std::string>& Neighbors() {
    const auto now = std::chrono::steady_clock::now();
    if (have_neighbors && now - asked < kNeighborsFresh) return neighbors;
    std::ostringstream answer, errors;
    neighbors.clear();
    if (connection.Run("show neighbor summary", answer, errors) == 0)
      neighbors = NeighborsFromSummary(answer.str());
    asked = now;
    have_neighbors = true;
    return neighbors;
  }
};

char* Prompt(EditLine*) {
  static char prompt[] = "herald> ";
  return prompt;
}

// TAB: completes the word under the cursor as far as every candidate
// agrees (with a space after a single one), else lists the candidates.
unsigned char Complete(EditLine* el, int) {
  Shell* shell = nullptr;
  el_get(el, EL_CLIENTDATA, &shell);
  const LineInfo* li = el_line(el);
  const std::string typed(li->buffer, static_cast<size_t>(li->cursor - li->buffer));
  const size_t space = typed.find_last_of(" \t");
  const std::string partial = space == std::string::npos ? typed : typed.substr(space + 1);
  const std::vector<std::string> before =
      SplitCommandWords(std::string_view(typed).substr(0, typed.size() - partial.size()));
  const std::vector<std::string> candidates = CompleteCli(before, partial, shell->Neighbors());
  if (candidates.empty()) return CC_REFRESH_BEEP;
  if (candidates.size() == 1) {
    const std::string rest = candidates[0].substr(partial.size()) + " ";
    return el_insertstr(el, rest.c_str()) == 0 ? CC_REFRESH : CC_ERROR;
  }
  const std::string common = CommonPrefix(candidates);
  if (common.size() > partial.size())
    return el_insertstr(el, common.substr(partial.size()).c_str()) == 0 ? CC_REFRESH : CC_ERROR;
  std::string list = "\n";
  for (const std::string& c : candidates) list += c + "  ";
  list += "\n";
  std::fputs(list.c_str(), stdout);
  return CC_REDISPLAY;
}

// Ctrl-C: the line is dropped and a fresh prompt shown. The terminal's
// signal keys are off while a line is edited (setty -isig below), so Ctrl-C
// reaches libedit as a key rather than as SIGINT.
unsigned char Interrupt(EditLine* el, int) {
  const LineInfo* li = el_line(el);
  el_cursor(el, static_cast<int>(li->lastchar - li->cursor));
  li = el_line(el);
  el_deletestr(el, static_cast<int>(li->cursor - li->buffer));
  std::fputs("^C\n", stdout);
  return CC_REDISPLAY;
}

// $HERALD_HISTORY if set (empty: none), else ~/.herald_history.
std::string HistoryFile() {
  if (const char* path = std::getenv("HERALD_HISTORY")) return path;
  const char* home = std::getenv("HOME");
  if (!home || !*home) return {};
  return std::string(home) + "/.herald_history";
}

}  // namespace

int RunCliShell(const CliOptions& options) {
  Shell shell;
  if (!shell.connection.Connect(options.socket, std::cerr)) return 1;

  HistEvent event;
  History* history_ = history_init();
  history(history_, &event, H_SETSIZE, kHistoryLines);
  history(history_, &event, H_SETUNIQUE, 1);
  const std::string file = HistoryFile();
  if (!file.empty() && ::access(file.c_str(), F_OK) == 0 &&
      history(history_, &event, H_LOAD, file.c_str()) < 0)
    std::cerr << "herald cli: warning: cannot read the history file " << file << "\n";

  EditLine* el = el_init("herald", stdin, stdout, stderr);
  if (!el) {  // no terminal after all: lines as scripts send them
    history_end(history_);
    std::cerr << "herald cli: warning: no line editing on this terminal\n";
    return RunCli(options, std::cin, std::cout, std::cerr);
  }
  el_set(el, EL_EDITOR, "emacs");
  el_set(el, EL_PROMPT, Prompt);
  el_set(el, EL_HIST, history, history_);
  el_set(el, EL_CLIENTDATA, &shell);
  el_set(el, EL_ADDFN, "herald-complete", "complete the command word", Complete);
  el_set(el, EL_BIND, "^I", "herald-complete", nullptr);
  el_set(el, EL_ADDFN, "herald-interrupt", "drop the line", Interrupt);
  el_set(el, EL_BIND, "^C", "herald-interrupt", nullptr);
  el_set(el, EL_SETTY, "-d", "-isig", nullptr);
  el_source(el, nullptr);  // the user's ~/.editrc, as other libedit programs read it

  int code = 0;
  while (true) {
    // The terminal in edit mode before the prompt shows (el_gets prints it
    // first), so that keys typed as soon as it appears reach libedit as
    // keys: not echoed by the terminal as well, and Ctrl-D not taken as
    // the terminal's end of file.
    el_set(el, EL_PREP_TERM, 1);
    int count = 0;
    const char* got = el_gets(el, &count);
    if (!got || count <= 0) {  // Ctrl-D on an empty line
      std::fputs("\n", stdout);
      break;
    }
    std::string line(got, static_cast<size_t>(count));
    // The newline, and the space a completion leaves, stay out of history.
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
    const std::vector<std::string> words = SplitCommandWords(line);
    if (words.empty()) continue;
    history(history_, &event, H_ENTER, line.c_str());
    if (words[0] == "exit" || words[0] == "quit") break;
    std::fflush(stdout);
    const int c = shell.connection.Run(ExpandNicknames(words), std::cout, std::cerr);
    std::cout.flush();
    if (c == 2) {
      code = 2;
      break;
    }
    if (c) code = c;
  }
  el_end(el);
  if (!file.empty() && history(history_, &event, H_SAVE, file.c_str()) < 0)
    std::cerr << "herald cli: warning: cannot write the history file " << file << ": "
              << std::strerror(errno) << "\n";
  history_end(history_);
  return code;
}

}  // namespace herald::daemon
