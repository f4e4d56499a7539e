// FileParser: one configuration file, statement by statement (internal to
// src/config; parser.h is the public entry point).
//
// The text is lexed once; statements are the tokens up to a `;` (a
// command), a `{` (a section header, whose body follows) or a `}` (the end
// of the enclosing section). Each section has a table of commands and
// subsections (ParseBlock), in the manner of OpenBGPD's bgpctl parser.c and
// ExaBGP's `known` tables, so an unknown or unsupported keyword is reported
// in one place and parsing resumes at the next statement.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "config/config.h"
#include "grammar/flow_parser.h"
#include "grammar/lexer.h"
#include "grammar/route_parser.h"
#include "grammar/token_stream.h"

namespace herald::config {
// The route and value grammar (src/grammar/) is the configuration's
// language; the parser speaks it unqualified.
using namespace herald::grammar;  // NOLINT(google-build-using-namespace)
}  // namespace herald::config

namespace herald::config::internal {

// The largest configuration file read: far above any real one (a million
// static routes take about 75 MB), low enough that a mistaken path cannot
// make herald read for ever.
inline constexpr size_t kMaxConfigFileSize = 256u << 20;

// Reads a configuration file whole: a regular file, or a pipe given as
// /dev/stdin or /dev/fd/N (`herald validate /dev/stdin < conf`, or
// `<(command)`), at most kMaxConfigFileSize bytes. Anything else (a device
// such as /dev/zero, a named FIFO, a socket, a directory) is refused, since
// reading it could block or never end. Errors name the file. (`max` is
// for tests.)
Result<std::string, ConfigError> ReadConfigFile(const std::string& path,
                                                size_t max = kMaxConfigFileSize);

// Settings of a neighbor that templates can supply: one bit each.
enum class Field : uint8_t {
  kRouterId,
  kLocalAddress,
  kLocalAs,
  kPeerAs,
  kHoldTime,
  kPassive,
  kListen,
  kConnect,
  kDescription,
  kHostName,
  kDomainName,
  kGroupUpdates,
  kAutoFlush,
  kAdjRibOut,
  kAdjRibIn,
  kManualEor,
  kRateLimit,
  kOutgoingTtl,
  kIncomingTtl,
  kTtlSecurity,
  kMd5Password,      // md5-password, md5-password-env, md5-password-file
  kMd5Base64,
  kMd5Ip,
  kTcpAo,            // tcp-ao { } (herald's)
  kAsn4,             // capability { asn4 }
  kRouteRefresh,     // capability { route-refresh }
  kExtendedMessage,  // capability { extended-message }
  kGracefulRestart,  // capability { graceful-restart }
  kMultiSession,     // capability { multi-session }
  kSoftwareVersion,  // capability { software-version }
  kAigp,             // capability { aigp }
  kAddPath,          // capability { add-path }
  kOperational,      // capability { operational }
  kNextHop,          // capability { nexthop }
  kRole,             // capability { role }
  kRoleStrict,       // capability { role-strict }
  kCount,
};
inline constexpr size_t kFieldCount = static_cast<size_t>(Field::kCount);

// A neighbor (or template) body as written, before templates apply.
struct NeighborDraft {
  std::string name;  // templates: their name
  NeighborConfig config;
  // Which fields the body set, and where.
  std::array<bool, kFieldCount> set{};
  std::array<Location, kFieldCount> set_where{};
  bool families_given = false;
  bool add_path_given = false;  // an `add-path { ... }` block
  Location add_path_where;      // where that block is
  bool next_hops_given = false; // a `nexthop { ... }` block
  std::vector<std::pair<std::string, Location>> inherit;
  // Templates already merged in, directly or through other templates: each
  // is applied once.
  std::vector<std::string> applied;
  // Where each route was written, in this file (a template's routes come
  // from the same file): 8 bytes a route, not a Location with its own copy
  // of the file name.
  struct Position {
    int line = 0;
    int column = 0;
  };
  std::vector<Position> route_where;      // one per config.routes entry
  std::vector<Position> withdrawn_where;  // one per config.withdrawn_routes entry
  // The routes of `l2vpn { }` sections (vpls_section.cc), added after the
  // neighbor's other routes, as ExaBGP 5.0 orders them (so the last one
  // written for an NLRI is not always the one sent).
  std::vector<std::pair<rib::Route, Position>> l2vpn_routes;
};

struct Statement {
  std::span<const Token> words;  // the tokens before the terminator
  const Token* end = nullptr;    // `;`, `{`, `}` or the kEnd token
};

class FileParser {
 public:
  // `file` names the source in locations; `text` must outlive the parser.
  FileParser(std::string file, std::string_view text, std::vector<ConfigError>* errors,
             std::vector<ConfigError>* warnings);

  // Parses the whole file, then applies templates and checks each neighbor.
  void Parse();

  std::vector<ProcessConfig>& processes() { return processes_; }
  std::vector<NeighborConfig>& neighbors() { return neighbors_; }

  // Statement handlers, public so that the section tables can name them.
  template <typename Ctx>
  using CommandFn = ParseStatus (FileParser::*)(const Statement&, TokenStream&, Ctx&);
  // A section handler reads the header (in the stream) and, on success,
  // the body; on failure the driver skips the body.
  template <typename Ctx>
  using SectionFn = ParseStatus (FileParser::*)(const Statement&, TokenStream&, Ctx&);

  template <typename Ctx>
  struct Entry {
    std::string_view name;
    CommandFn<Ctx> command = nullptr;  // for `name ...;`
    SectionFn<Ctx> section = nullptr;  // for `name ... {`
  };

  // The driver: statements until the closing `}` (or the end of the file,
  // see Unclosed). `unsupported` names ExaBGP keywords herald does not
  // implement yet.
  template <typename Ctx>
  void ParseBlock(std::string_view block, const Token* open, Ctx& ctx, std::span<const Entry<Ctx>> entries,
                  std::span<const std::string_view> unsupported);

  // Top level.
  struct Root {};
  ParseStatus Process(const Statement&, TokenStream&, Root&);
  ParseStatus Template(const Statement&, TokenStream&, Root&);
  ParseStatus Neighbor(const Statement&, TokenStream&, Root&);
  ParseStatus TemplateNeighbor(const Statement&, TokenStream&, Root&);

  // process { }
  ParseStatus Run(const Statement&, TokenStream&, ProcessConfig&);
  ParseStatus EncoderCmd(const Statement&, TokenStream&, ProcessConfig&);
  ParseStatus Respawn(const Statement&, TokenStream&, ProcessConfig&);
  ParseStatus VersionCmd(const Statement&, TokenStream&, ProcessConfig&);
  ParseStatus ProcessEnv(const Statement&, TokenStream&, ProcessConfig&);

  // neighbor { } (neighbor_parser.cc)
  void ParseNeighborBody(const Token& open, NeighborDraft& draft);
  ParseStatus NeighborSetting(const Statement&, TokenStream&, NeighborDraft&);
  ParseStatus Inherit(const Statement&, TokenStream&, NeighborDraft&);
  ParseStatus Family(const Statement&, TokenStream&, NeighborDraft&);
  ParseStatus FamilyEntry(const Statement&, TokenStream&, NeighborDraft&);
  ParseStatus FamilyName(const Statement&, TokenStream&, wire::Family* out);
  ParseStatus AddPathFamilies(const Statement&, TokenStream&, NeighborDraft&);
  ParseStatus AddPathEntry(const Statement&, TokenStream&, NeighborDraft&);
  ParseStatus NextHops(const Statement&, TokenStream&, NeighborDraft&);
  ParseStatus NextHopEntry(const Statement&, TokenStream&, NeighborDraft&);
  ParseStatus Capability(const Statement&, TokenStream&, NeighborDraft&);
  ParseStatus Api(const Statement&, TokenStream&, NeighborDraft&);
  ParseStatus ApiEntry(const Statement&, TokenStream&, ApiConfig&);
  ParseStatus ApiDirection(const Statement&, TokenStream&, ApiConfig&);
  ParseStatus ApiMessage(const Statement&, TokenStream&, ApiMessages&);
  // tcp-ao { } (tcp_ao_section.cc)
  struct TcpAoDraft;
  struct TcpAoKeyDraft;
  ParseStatus TcpAo(const Statement&, TokenStream&, NeighborDraft&);
  ParseStatus TcpAoShort(const Statement&, TokenStream&, TcpAoDraft&);
  ParseStatus TcpAoCurrent(const Statement&, TokenStream&, TcpAoDraft&);
  ParseStatus TcpAoKeyBlock(const Statement&, TokenStream&, TcpAoDraft&);
  ParseStatus TcpAoKeyField(const Statement&, TokenStream&, TcpAoKeyDraft&);
  // operational { } (operational_section.cc)
  ParseStatus Operational(const Statement&, TokenStream&, NeighborDraft&);
  ParseStatus OperationalMessage(const Statement&, TokenStream&, NeighborDraft&);

  // Routes (route_sections.cc).
  ParseStatus Static(const Statement&, TokenStream&, NeighborDraft&);
  ParseStatus RouteCommand(const Statement&, TokenStream&, NeighborDraft&);
  ParseStatus RouteBlock(const Statement&, TokenStream&, NeighborDraft&);
  ParseStatus AttributesCommand(const Statement&, TokenStream&, NeighborDraft&);
  ParseStatus Announce(const Statement&, TokenStream&, NeighborDraft&);
  struct AnnounceCtx {
    NeighborDraft* draft;
    bool v4;  // inside `ipv4 { }` rather than `ipv6 { }`
  };
  ParseStatus AnnounceFamily(const Statement&, TokenStream&, NeighborDraft&);
  ParseStatus AnnouncePrefix(const Statement&, TokenStream&, AnnounceCtx&);  // unicast, multicast, nlri-mpls, mpls-vpn
  ParseStatus AnnounceFlow(const Statement&, TokenStream&, AnnounceCtx&);
  // MVPN and MUP routes (mvpn_mup_section.cc).
  ParseStatus AnnounceMvpn(const Statement&, TokenStream&, AnnounceCtx&);
  ParseStatus AnnounceMup(const Statement&, TokenStream&, AnnounceCtx&);

  // VPLS routes (vpls_section.cc).
  ParseStatus L2vpn(const Statement&, TokenStream&, NeighborDraft&);
  ParseStatus AnnounceL2vpn(const Statement&, TokenStream&, NeighborDraft&);
  ParseStatus VplsCommand(const Statement&, TokenStream&, NeighborDraft&);
  ParseStatus AnnounceVpls(const Statement&, TokenStream&, NeighborDraft&);
  ParseStatus VplsBlock(const Statement&, TokenStream&, NeighborDraft&);
  // EVPN routes (vpls_section.cc, grammar/evpn_route.h).
  ParseStatus EvpnCommand(const Statement&, TokenStream&, NeighborDraft&);
  ParseStatus AnnounceEvpn(const Statement&, TokenStream&, NeighborDraft&);
  void AddL2vpnRoutes(NeighborDraft& draft);  // at the end of the neighbor

  // FlowSpec routes (flow_section.cc).
  struct FlowRuleDraft {
    grammar::FlowMatchState match;
    std::vector<grammar::FlowAction> actions;
    std::optional<rib::NextHop> next_hop;
    std::optional<std::array<uint8_t, 8>> rd;
  };
  ParseStatus Flow(const Statement&, TokenStream&, NeighborDraft&);
  ParseStatus FlowRouteCommand(const Statement&, TokenStream&, NeighborDraft&);
  ParseStatus FlowRouteBlock(const Statement&, TokenStream&, NeighborDraft&);
  ParseStatus FlowRd(const Statement&, TokenStream&, FlowRuleDraft&);
  ParseStatus FlowNextHop(const Statement&, TokenStream&, FlowRuleDraft&);
  ParseStatus FlowMatchBlock(const Statement&, TokenStream&, FlowRuleDraft&);
  ParseStatus FlowThenBlock(const Statement&, TokenStream&, FlowRuleDraft&);
  ParseStatus FlowScopeBlock(const Statement&, TokenStream&, FlowRuleDraft&);
  // The one-line form (`route <words>;`, `flow <words>;`): `afi` is the
  // family block's, if any.
  ParseStatus FlowLine(const Token& at, TokenStream& in, std::optional<wire::Afi> afi, NeighborDraft& draft);
  template <typename Fn>
  void FlowBody(const Token& open, std::string_view block, Fn each);

  // Helpers shared by the handlers.
  Location Where(const Token& t) const { return Location{file_, t.line, t.column}; }
  void Error(const Token& at, std::string message);
  void Error(const ParseError& e);
  void Error(const Location& at, std::string message);
  void Warning(const Token& at, std::string message);
  // Fails unless the stream is used up.
  static ParseStatus ExpectEnd(TokenStream& in, std::string_view after);
  // The next statement, advancing past it.
  Statement NextStatement();
  // Skips the body of a section whose header was refused.
  void SkipBlock();
  // A '}' at the top level: ExaBGP 5.0 stops reading the file there and
  // accepts what came before; so does herald, with a warning that says what
  // is ignored. Moves to the end of the file.
  void StrayBrace(const Token& brace);
  // The block opened by `open` is still open at the end of the file: a
  // warning, as ExaBGP accepts it (its conf-split.conf example lacks a
  // brace), unless the block took in a statement indented as far left as
  // the line that opens it, which was meant to follow it (an unclosed
  // template swallows the neighbors after it, leaving none): an error
  // then, naming that statement. Only the innermost block open reports.
  void Unclosed(std::string_view block, const Token& open);

 private:
  void AddRoute(NeighborDraft& draft, rib::Route&& route, const RouteState& state, const Token& at);
  // Applies templates and semantic checks (finalize.cc).
  void Finalize();
  NeighborDraft* FindTemplate(std::string_view name);
  // Applies the templates `draft` inherits (themselves resolved first);
  // `chain` holds the templates being resolved, to refuse loops.
  void ResolveInherit(NeighborDraft& draft, std::vector<std::string>* chain);
  void ApplyTemplate(NeighborDraft& to, const NeighborDraft& from);
  std::optional<NeighborConfig> Check(NeighborDraft& draft);

  std::string file_;
  std::string_view text_;
  std::vector<ConfigError>* errors_;
  std::vector<ConfigError>* warnings_;
  std::vector<Token> tokens_;
  std::deque<std::string> arena_;
  size_t pos_ = 0;
  // The ApiConfig names seen in the neighbor being read.
  std::vector<std::string> api_names_;
  bool in_template_ = false;
  bool unclosed_reported_ = false;

  std::vector<ProcessConfig> processes_;
  std::vector<NeighborDraft> templates_;
  std::vector<NeighborDraft> drafts_;
  std::vector<NeighborConfig> neighbors_;
};

// ExaBGP's name rule for processes, templates and api blocks: letters,
// digits, '.', '-' and '_'.
bool IsValidName(std::string_view name);

// A boolean value: absent (a bare keyword) means true; ExaBGP's spellings
// true/enable/enabled and false/disable/disabled, in any case.
ParseStatus BoolValue(const Token& keyword, TokenStream& in, bool* out);
// The word after `keyword`, or an error naming what was found instead.
ParseStatus ValueWord(const Token& keyword, TokenStream& in, const Token** out);

// Copies one template-able field (neighbor_parser.cc holds the table).
void CopyField(Field field, const NeighborConfig& from, NeighborConfig* to);

// The keyword of a field, for messages.
std::string_view FieldName(Field field);

template <typename Ctx>
void FileParser::ParseBlock(std::string_view block, const Token* open, Ctx& ctx,
                            std::span<const Entry<Ctx>> entries,
                            std::span<const std::string_view> unsupported) {
  while (true) {
    Statement st = NextStatement();
    const Token& end = *st.end;
    if (end.is(TokenKind::kEnd)) {
      if (!st.words.empty()) Error(end, "missing ';' at end of file");
      if (open) Unclosed(block, *open);
      return;
    }
    if (end.is(TokenKind::kRBrace)) {
      if (!st.words.empty()) Error(end, "missing ';' before '}'");
      if (open) return;
      if (!st.words.empty()) continue;
      StrayBrace(end);
      return;
    }
    const bool section = end.is(TokenKind::kLBrace);
    if (st.words.empty()) {
      if (section) {
        Error(end, "missing section name before '{'");
        SkipBlock();
      }
      continue;  // an empty statement: a lone ';'
    }
    const Token& keyword = st.words[0];
    TokenStream in(st.words, end);
    in.Next();
    const Entry<Ctx>* found = nullptr;
    if (keyword.is_word() && !keyword.quoted)
      for (const Entry<Ctx>& e : entries)
        if (e.name == keyword.text) found = &e;
    auto handler = found ? (section ? found->section : found->command) : nullptr;
    if (handler) {
      ParseStatus s = (this->*handler)(st, in, ctx);
      if (!s) {
        Error(s.error());
        if (section) SkipBlock();
      }
      continue;
    }
    bool is_unsupported = false;
    for (std::string_view u : unsupported) is_unsupported |= keyword.IsKeyword(u);
    if (is_unsupported)
      Error(keyword, std::string(keyword.text) + " is not supported by herald yet");
    else if (found && section)
      Error(keyword, std::string(keyword.text) + " does not open a block (expected ';')");
    else if (found)
      Error(keyword, "missing '{' after " + std::string(keyword.text));
    else
      Error(keyword, "invalid keyword " + Describe(keyword) + " in " + std::string(block));
    if (section) SkipBlock();
  }
}

}  // namespace herald::config::internal
