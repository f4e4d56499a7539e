// The statement driver, the top level, `process` and `template`.
#include "config/file_parser.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <utility>

#include "config/program_path.h"

namespace herald::config::internal {

namespace {

// Paths that name one of herald's own descriptors: a pipe there is what the
// user handed over on purpose (a shell redirection or substitution).
bool IsDescriptorPath(std::string_view path) {
  if (path == "/dev/stdin") return true;
  for (std::string_view dir : {"/dev/fd/", "/proc/self/fd/"}) {
    if (path.substr(0, dir.size()) != dir || path.size() == dir.size()) continue;
    std::string_view n = path.substr(dir.size());
    if (std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; })) return true;
  }
  return false;
}

std::string_view FileKind(mode_t mode) {
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

Result<std::string, ConfigError> ReadConfigFile(const std::string& path, size_t max) {
  auto error = [&](std::string message) {
    return Fail(ConfigError{Location{path, 0, 0}, std::move(message)});
  };
  const std::string too_large = fmt::format(
      "is larger than {}, not read (the most herald reads)",
      max >= (1u << 20) ? fmt::format("{} MiB", max >> 20) : fmt::format("{} bytes", max));
  // Non-blocking: opening a FIFO that has no writer must not wait.
  Fd fd(open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  if (fd.get() < 0) return error(fmt::format("can not read the file: {}", std::strerror(errno)));
  struct stat st {};
  if (fstat(fd.get(), &st) != 0)
    return error(fmt::format("can not read the file: {}", std::strerror(errno)));
  if (S_ISDIR(st.st_mode)) return error("is a directory, not a configuration file");
  const bool pipe = S_ISFIFO(st.st_mode) && IsDescriptorPath(path);
  if (!S_ISREG(st.st_mode) && !pipe)
    return error(
        fmt::format("is {}, not a configuration file (herald reads regular files, or a pipe as "
                    "/dev/stdin)",
                    FileKind(st.st_mode)));
  if (S_ISREG(st.st_mode) && static_cast<uint64_t>(st.st_size) > max) return error(too_large);
  // A pipe is read until its writer closes it.
  if (pipe) fcntl(fd.get(), F_SETFL, fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);
  std::string text;
  if (S_ISREG(st.st_mode)) text.reserve(static_cast<size_t>(st.st_size));
  constexpr size_t kReadSize = 64 * 1024;
  while (true) {
    // The file may grow while it is read: the cap holds still.
    if (text.size() > max) return error(too_large);
    const size_t have = text.size();
    text.resize(have + kReadSize);
    ssize_t n;
    do n = read(fd.get(), text.data() + have, kReadSize);
    while (n < 0 && errno == EINTR);
    if (n < 0) return error(fmt::format("can not read the file: {}", std::strerror(errno)));
    text.resize(have + static_cast<size_t>(n));
    if (n == 0) return text;
  }
}

bool IsValidName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

FileParser::FileParser(std::string file, std::string_view text, std::vector<ConfigError>* errors,
                       std::vector<ConfigError>* warnings)
    : file_(std::move(file)), text_(text), errors_(errors), warnings_(warnings) {}

void FileParser::Error(const Token& at, std::string message) {
  errors_->push_back(ConfigError{Where(at), std::move(message)});
}

void FileParser::Error(const ParseError& e) {
  errors_->push_back(ConfigError{Location{file_, e.line, e.column}, e.message});
}

void FileParser::Warning(const Token& at, std::string message) {
  warnings_->push_back(ConfigError{Where(at), std::move(message)});
}

ParseStatus FileParser::ExpectEnd(TokenStream& in, std::string_view after) {
  if (in.AtEnd()) return {};
  const Token& t = in.Peek();
  return FailAt(t, fmt::format("unexpected {} after {}", Describe(t), after));
}

Statement FileParser::NextStatement() {
  size_t i = pos_;
  while (true) {
    TokenKind k = tokens_[i].kind;
    if (k == TokenKind::kSemicolon || k == TokenKind::kLBrace || k == TokenKind::kRBrace ||
        k == TokenKind::kEnd)
      break;
    ++i;
  }
  Statement st{std::span<const Token>(tokens_.data() + pos_, i - pos_), &tokens_[i]};
  pos_ = tokens_[i].is(TokenKind::kEnd) ? i : i + 1;
  return st;
}

void FileParser::StrayBrace(const Token& brace) {
  const Token& next = tokens_[pos_];
  if (next.is(TokenKind::kEnd))
    Warning(brace, "stray '}' ignored (ExaBGP ignores it too)");
  else
    Warning(brace, fmt::format("stray '}}': the rest of the file, from line {}, is ignored, as ExaBGP 5.0 "
                               "ignores it",
                               next.line));
  pos_ = tokens_.size() - 1;  // the end token
}

void FileParser::SkipBlock() {
  int depth = 1;
  while (depth > 0) {
    Statement st = NextStatement();
    if (st.end->is(TokenKind::kEnd)) return;
    if (st.end->is(TokenKind::kLBrace)) ++depth;
    if (st.end->is(TokenKind::kRBrace)) --depth;
  }
}

void FileParser::Unclosed(std::string_view block, const Token& open) {
  if (std::exchange(unclosed_reported_, true)) return;
  const size_t at = static_cast<size_t>(&open - tokens_.data());
  size_t first = at;
  while (first > 0 && tokens_[first - 1].line == open.line) --first;
  const int column = tokens_[first].column;
  for (size_t i = at + 1; i < tokens_.size() && !tokens_[i].is(TokenKind::kEnd); ++i) {
    const Token& t = tokens_[i];
    if (tokens_[i - 1].line == t.line || t.is(TokenKind::kRBrace) || t.column > column) continue;
    Error(open,
          fmt::format("missing '}}' to close {}: it runs to the end of the file and takes in {} at "
                      "line {}, indented as if outside it",
                      block, Describe(t), t.line));
    return;
  }
  Warning(open, "missing '}' to close " + std::string(block) + " at end of file");
}

void FileParser::Parse() {
  LexError lex_error;
  // Room for the tokens of a typical file up front (a route line has one
  // every ~6 bytes): growing by doubling would, for a 50 MB file, copy
  // hundreds of MB and leave the peak at twice what is used. Pages never
  // written are never resident.
  tokens_.reserve(text_.size() / 4 + 16);
  if (!Lex(text_, &tokens_, &arena_, &lex_error)) {
    errors_->push_back(ConfigError{Location{file_, lex_error.line, lex_error.column}, lex_error.message});
    return;
  }
  static constexpr Entry<Root> kRoot[] = {
      {"process", nullptr, &FileParser::Process},
      {"template", nullptr, &FileParser::Template},
      {"neighbor", nullptr, &FileParser::Neighbor},
  };
  Root root;
  ParseBlock<Root>("the configuration", nullptr, root, kRoot, {});
  Finalize();
}

// process <name> { run ...; encoder ...; respawn ...; version 4|5; }
ParseStatus FileParser::Process(const Statement& st, TokenStream& in, Root&) {
  const Token& keyword = st.words[0];
  const Token& name = in.Next();
  if (!name.is_word()) return FailAt(name, "missing process name after process");
  if (!IsValidName(name.text))
    return FailAt(name, fmt::format("invalid process name {} (letters, digits, '.', '-' and '_' only)",
                                    Describe(name)));
  if (ParseStatus s = ExpectEnd(in, "the process name"); !s) return s;
  ProcessConfig process;
  process.name = std::string(name.text);
  process.where = Where(keyword);
  static constexpr Entry<ProcessConfig> kProcess[] = {
      {"run", &FileParser::Run, nullptr},
      {"encoder", &FileParser::EncoderCmd, nullptr},
      {"respawn", &FileParser::Respawn, nullptr},
      {"version", &FileParser::VersionCmd, nullptr},
      {"env", nullptr, &FileParser::ProcessEnv},
  };
  ParseBlock<ProcessConfig>("process", st.end, process, kProcess, {});
  if (process.run.empty()) Error(keyword, fmt::format("process {} has no run command", process.name));
  processes_.push_back(std::move(process));
  return {};
}

// run <program> <arguments>...
ParseStatus FileParser::Run(const Statement& st, TokenStream& in, ProcessConfig& process) {
  const Token& keyword = st.words[0];
  if (!process.run.empty()) return FailAt(keyword, "run given twice");
  if (in.AtEnd()) {
    process.run.emplace_back();  // `run` was given: no second error
    return FailAt(in.end(), "missing program after run");
  }
  // The program is the whole first argument, as a shell joins it
  // (`/bin/cat"x"` is /bin/catx), and is looked for as such (as ExaBGP 5.0).
  const Token& program = in.Next();
  std::string name(program.text);
  while (!in.AtEnd() && in.Peek().joined) name.append(in.Next().text);
  auto path = ResolveProgram(name, file_);
  if (!path) {
    process.run.push_back(std::move(name));  // `run` was given: no second error
    return FailAt(program, path.error().message);
  }
  process.run.push_back(*path);
  // The arguments as a shell would split them: tokens written without
  // whitespace between them (`--opt="a b"`, `x[1]`) make one argument.
  while (!in.AtEnd()) {
    const Token& t = in.Next();
    if (t.joined) process.run.back().append(t.text);
    else process.run.emplace_back(t.text);
  }
  return {};
}

ParseStatus FileParser::EncoderCmd(const Statement& st, TokenStream& in, ProcessConfig& process) {
  const Token& keyword = st.words[0];
  if (process.encoder) return FailAt(keyword, "encoder given twice");
  const Token& v = in.Next();
  if (v.IsKeyword("text")) process.encoder = Encoder::kText;
  else if (v.IsKeyword("json")) process.encoder = Encoder::kJson;
  else return FailAt(v, fmt::format("invalid encoder {} (expected text or json)", Describe(v)));
  return ExpectEnd(in, "the encoder");
}

// version 4|5: the ExaBGP whose JSON and text this process reads (herald's
// own keyword; exabgp.api.version sets it for every process).
ParseStatus FileParser::VersionCmd(const Statement& st, TokenStream& in, ProcessConfig& process) {
  const Token& keyword = st.words[0];
  if (process.version) return FailAt(keyword, "version given twice");
  const Token& v = in.Next();
  if (v.text == "4" || v.text == "5") process.version = static_cast<uint8_t>(v.text[0] - '0');
  else return FailAt(v, fmt::format("invalid version {} (expected 4 or 5)", Describe(v)));
  return ExpectEnd(in, "the version");
}

// env { NAME value; ... } (herald's): variables the program gets, over
// herald's environment. A NAME is a shell variable name; a value is one word,
// quoted for spaces or an empty value.
ParseStatus FileParser::ProcessEnv(const Statement& st, TokenStream& in, ProcessConfig& process) {
  if (ParseStatus s = ExpectEnd(in, "env"); !s) return s;
  auto valid = [](std::string_view n) {
    if (n.empty() || std::isdigit(static_cast<unsigned char>(n[0]))) return false;
    for (char c : n)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
    return true;
  };
  while (true) {
    Statement v = NextStatement();
    const Token& end = *v.end;
    if (end.is(TokenKind::kEnd)) {
      Unclosed("env", *st.end);
      return {};
    }
    if (end.is(TokenKind::kRBrace)) {
      if (!v.words.empty()) Error(end, "missing ';' before '}'");
      return {};
    }
    if (end.is(TokenKind::kLBrace)) {
      Error(end, "env holds `NAME value;` lines, not blocks");
      SkipBlock();
      continue;
    }
    if (v.words.empty()) continue;
    const Token& name = v.words[0];
    if (!name.is_word() || name.quoted || !valid(name.text)) {
      Error(name, fmt::format("invalid variable name {} (letters, digits and '_', not starting with a digit)",
                              Describe(name)));
      continue;
    }
    // The value: one word, as a shell joins it (`/usr/bin:/bin`).
    size_t last = 1;
    while (last + 1 < v.words.size() && v.words[last + 1].joined) ++last;
    if (v.words.size() < 2 || last + 1 != v.words.size()) {
      Error(v.words.size() < 2 ? end : v.words[last + 1],
            fmt::format("expected one value after {} (quote a value with spaces)", name.text));
      continue;
    }
    std::string value;
    for (size_t i = 1; i <= last; ++i) value.append(v.words[i].text);
    std::string n(name.text);
    bool twice = false;
    for (const auto& e : process.env) twice |= e.first == n;
    if (twice) {
      Error(name, fmt::format("{} given twice in env", n));
      continue;
    }
    process.env.emplace_back(std::move(n), std::move(value));
  }
}

ParseStatus FileParser::Respawn(const Statement& st, TokenStream& in, ProcessConfig& process) {
  const Token& keyword = st.words[0];
  if (process.respawn) return FailAt(keyword, "respawn given twice");
  bool value = true;
  if (!in.AtEnd()) {
    const Token& v = in.Next();
    std::string_view t = v.text;
    if (t == "true" || t == "enable" || t == "enabled") value = true;
    else if (t == "false" || t == "disable" || t == "disabled") value = false;
    else return FailAt(v, fmt::format("invalid value {} for respawn (expected true or false)", Describe(v)));
  }
  process.respawn = value;
  return ExpectEnd(in, "respawn");
}

// template { neighbor <name> { ... } }
ParseStatus FileParser::Template(const Statement& st, TokenStream& in, Root& root) {
  if (ParseStatus s = ExpectEnd(in, "template"); !s) return s;
  static constexpr Entry<Root> kTemplate[] = {
      {"neighbor", nullptr, &FileParser::TemplateNeighbor},
  };
  ParseBlock<Root>("template", st.end, root, kTemplate, {});
  return {};
}

ParseStatus FileParser::TemplateNeighbor(const Statement& st, TokenStream& in, Root&) {
  const Token& name = in.Next();
  if (!name.is_word()) return FailAt(name, "missing template name after neighbor");
  if (!IsValidName(name.text))
    return FailAt(name, fmt::format("invalid template name {} (letters, digits, '.', '-' and '_' only)",
                                    Describe(name)));
  if (ParseStatus s = ExpectEnd(in, "the template name"); !s) return s;
  if (FindTemplate(name.text)) return FailAt(name, fmt::format("template {} is defined twice", name.text));
  NeighborDraft draft;
  draft.name = std::string(name.text);
  draft.config.where = Where(st.words[0]);
  in_template_ = true;
  ParseNeighborBody(*st.end, draft);
  in_template_ = false;
  templates_.push_back(std::move(draft));
  return {};
}

// neighbor <ip> { ... }
ParseStatus FileParser::Neighbor(const Statement& st, TokenStream& in, Root&) {
  const Token& address = in.Next();
  if (!address.is_word()) return FailAt(address, "missing peer address after neighbor");
  if (address.text.find('/') != std::string_view::npos)
    return FailAt(address, fmt::format("neighbor ranges ({}) are not supported by herald yet", address.text));
  auto ip = IpAddress::Parse(address.text);
  if (!ip) return FailAt(address, fmt::format("\"{}\" is an invalid IP address", address.text));
  if (ParseStatus s = ExpectEnd(in, "the peer address"); !s) return s;
  NeighborDraft draft;
  draft.config.peer_address = *ip;
  draft.config.where = Where(st.words[0]);
  ParseNeighborBody(*st.end, draft);
  drafts_.push_back(std::move(draft));
  return {};
}

void FileParser::AddRoute(NeighborDraft& draft, rib::Route&& route, const RouteState& state, const Token& at) {
  if (state.withdraw && route.watchdog.empty()) {
    // ExaBGP holds a `withdraw` route back only for its watchdog.
    Warning(state.withdraw_at ? *state.withdraw_at : at, "withdraw without a watchdog has no effect: the route is announced; add watchdog <name> to hold it "
                "until announce watchdog <name>");
  }
  if (state.withdraw && !route.watchdog.empty()) {
    draft.config.withdrawn_routes.Add(route);
    draft.withdrawn_where.push_back({at.line, at.column});
  } else {
    draft.config.routes.Add(route);
    draft.route_where.push_back({at.line, at.column});
  }
}

}  // namespace herald::config::internal
