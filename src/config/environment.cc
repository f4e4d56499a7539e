#include "config/environment.h"

#include <pwd.h>
#include <sys/stat.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <string_view>
#include <type_traits>

#include "grammar/attribute_values.h"

namespace herald::config {
namespace {

// A setting's value readers report what was wrong; the caller names the
// setting and the value around it.
using Reader = Status (*)(std::string_view value, Environment* env);
using Writer = std::string (*)(const Environment& env);

struct Setting {
  std::string_view section;
  std::string_view option;
  Reader read;   // nullptr: kept as given in Environment::ignored
  Writer write;  // nullptr: likewise
  // ExaBGP 5.0's default, as `exabgp env` prints it ("" for a setting 5.0
  // does not list: herald's own, or 4.2's).
  std::string_view exabgp;
  // herald does not act on this setting: a value other than `quiet` (or,
  // when quiet is empty, other than ExaBGP's default) draws a warning.
  bool unsupported = false;
  std::string_view quiet = {};
  // herald's default, for a setting 5.0 does not list.
  std::string_view herald = {};
};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

// ExaBGP's unquote: surrounding whitespace, then surrounding quotes, go.
std::string_view Unquote(std::string_view s) {
  s = Trim(s);
  while (!s.empty() && (s.front() == '\'' || s.front() == '"')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == '\'' || s.back() == '"')) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string Quoted(std::string_view s) { return fmt::format("'{}'", s); }

Status ReadBoolean(std::string_view value, bool* out) {
  std::string v = Lower(value);
  // ExaBGP's true words; ExaBGP reads anything else as false, herald only
  // its opposites (and an empty value), so that a typo is an error.
  if (v == "1" || v == "yes" || v == "on" || v == "enable" || v == "enabled" || v == "true") {
    *out = true;
    return Ok();
  }
  if (v.empty() || v == "0" || v == "no" || v == "off" || v == "disable" || v == "disabled" || v == "false") {
    *out = false;
    return Ok();
  }
  return Fail("expected true or false");
}

template <auto Section, auto Member>
Status Bool(std::string_view v, Environment* e) {
  return ReadBoolean(v, &((e->*Section).*Member));
}
template <auto Section, auto Member>
std::string WriteBool(const Environment& e) {
  return (e.*Section).*Member ? "true" : "false";
}

template <auto Section, auto Member, uint64_t Min, uint64_t Max>
Status Integer(std::string_view v, Environment* e) {
  uint64_t n = 0;
  if (!grammar::ParseUnsigned(v, Max, &n) || n < Min) return Fail(fmt::format("expected a number from {} to {}", Min, Max));
  (e->*Section).*Member = static_cast<std::remove_reference_t<decltype((e->*Section).*Member)>>(n);
  return Ok();
}
template <auto Section, auto Member>
std::string WriteInteger(const Environment& e) {
  return std::to_string((e.*Section).*Member);
}

template <auto Section, auto Member>
Status String(std::string_view v, Environment* e) {
  (e->*Section).*Member = std::string(v);
  return Ok();
}
template <auto Section, auto Member>
std::string WriteString(const Environment& e) {
  return Quoted((e.*Section).*Member);
}

template <log::Category C>
Status Category(std::string_view v, Environment* e) {
  return ReadBoolean(v, &e->log.categories[static_cast<size_t>(C)]);
}
template <log::Category C>
std::string WriteCategory(const Environment& e) {
  return e.log.categories[static_cast<size_t>(C)] ? "true" : "false";
}

// The words of a list value, split at any of `separators`; empty words
// (repeated separators) skipped.
std::vector<std::string_view> Words(std::string_view v, std::string_view separators) {
  std::vector<std::string_view> out;
  while (!v.empty()) {
    size_t sep = v.find_first_of(separators);
    if (sep != 0) out.push_back(v.substr(0, sep));
    if (sep == std::string_view::npos) break;
    v.remove_prefix(sep + 1);
  }
  return out;
}

Status Bind(std::string_view v, Environment* e) {
  std::vector<IpAddress> ips;
  for (std::string_view word : Words(v, " \t")) {
    auto ip = IpAddress::Parse(word);
    if (!ip) return Fail(fmt::format("ip {} is invalid", word));
    ips.push_back(*ip);
  }
  e->tcp.bind = std::move(ips);
  return Ok();
}
std::string WriteBind(const Environment& e) {
  std::string out;
  for (const IpAddress& ip : e.tcp.bind) {
    if (!out.empty()) out += ' ';
    out += ip.ToString();
  }
  return Quoted(out);
}

Status MetricsAddress(std::string_view v, Environment* e) {
  auto ip = IpAddress::Parse(v);
  if (!ip) return Fail(fmt::format("ip {} is invalid", v));
  e->metrics.address = *ip;
  return Ok();
}
std::string WriteMetricsAddress(const Environment& e) { return Quoted(e.metrics.address.ToString()); }

// tcp.acl: a boolean, as ExaBGP spells it, or prefixes (a bare address is
// one host) separated by spaces or commas.
Status Acl(std::string_view v, Environment* e) {
  Environment::Tcp::Acl acl;
  if (v.find_first_of("./:") == std::string_view::npos) {
    if (Status s = ReadBoolean(v, &acl.on); !s) return Fail("expected true, false or a list of prefixes");
    e->tcp.acl = acl;
    return Ok();
  }
  for (std::string_view word : Words(v, " \t,")) {
    auto p = Prefix::Parse(word);
    if (!p) return Fail(fmt::format("{} is not a prefix or an address", word));
    acl.prefixes.push_back(*p);
  }
  acl.on = true;
  e->tcp.acl = std::move(acl);
  return Ok();
}
std::string WriteAcl(const Environment& e) {
  if (e.tcp.acl.prefixes.empty()) return e.tcp.acl.on ? "true" : "false";
  std::string out;
  for (const Prefix& p : e.tcp.acl.prefixes) {
    if (!out.empty()) out += ' ';
    out += p.ToString();
  }
  return Quoted(out);
}

Status Level(std::string_view v, Environment* e) {
  auto level = log::ParseLevel(v);
  if (!level) return Fail("expected DEBUG, INFO, NOTICE, WARNING, ERR or CRIT");
  e->log.level = *level;
  return Ok();
}
std::string WriteLevel(const Environment& e) {
  switch (e.log.level) {
    case log::Level::kDebug: return "DEBUG";
    case log::Level::kInfo: return "INFO";
    case log::Level::kNotice: return "NOTICE";
    case log::Level::kWarning: return "WARNING";
    case log::Level::kError: return "ERR";
    case log::Level::kCritical: return "CRIT";
  }
  return "INFO";
}

Status Destination(std::string_view v, Environment* e) {
  if (v.substr(0, 5) == "host:") return Fail("remote syslog (host:) is not supported by herald yet");
  // ExaBGP: "syslog (or no setting) sends the data to the local syslog".
  e->log.destination = v.empty() ? "syslog" : std::string(v);
  return Ok();
}

Status LogFormat(std::string_view v, Environment* e) {
  std::string l = Lower(v);
  if (l == "text") e->log.json = false;
  else if (l == "json") e->log.json = true;
  else return Fail("expected text or json");
  return Ok();
}
std::string WriteLogFormat(const Environment& e) { return e.log.json ? "json" : "text"; }

Status LogFacility(std::string_view v, Environment* e) {
  auto facility = log::ParseFacility(v);
  if (!facility) return Fail("expected a syslog facility: daemon, user, local0 to local7, ...");
  e->log.facility = *facility;
  return Ok();
}
std::string WriteLogFacility(const Environment& e) { return std::string(log::FacilityName(e.log.facility)); }

Status EncoderValue(std::string_view v, Environment* e) {
  std::string l = Lower(v);
  if (l == "text") e->api.encoder = Encoder::kText;
  else if (l == "json") e->api.encoder = Encoder::kJson;
  else return Fail("expected text or json");
  return Ok();
}
std::string WriteEncoder(const Environment& e) { return e.api.encoder == Encoder::kText ? "text" : "json"; }

Status User(std::string_view v, Environment* e) {
  std::string name(v);
  if (!getpwnam(name.c_str())) return Fail(fmt::format("user {} is not found on this system", name));
  e->daemon.user = std::move(name);
  return Ok();
}

// Octal, as "0137", "137" or Python's "0o137".
Status Umask(std::string_view v, Environment* e) {
  std::string_view digits = v;
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'o' || digits[1] == 'O')) digits.remove_prefix(2);
  if (digits.empty() || digits.size() > 4) return Fail("expected an octal umask such as 0137");
  uint32_t mask = 0;
  for (char c : digits) {
    if (c < '0' || c > '7') return Fail("expected an octal umask such as 0137");
    mask = mask * 8 + static_cast<uint32_t>(c - '0');
  }
  if (mask > 0777) return Fail("expected an octal umask such as 0137");
  e->daemon.umask = mask;
  return Ok();
}
std::string WriteUmask(const Environment& e) { return Quoted(fmt::format("0o{:o}", e.daemon.umask)); }

// The JSON/text format for processes: ExaBGP 5.0's (5) or 4.x's (4).
Status ApiVersion(std::string_view v, Environment* e) {
  std::string_view u = Unquote(v);
  if (u == "4" || u == "5") {
    e->api.version = static_cast<uint8_t>(u[0] - '0');
    return Ok();
  }
  return Fail("expected 4 or 5 (the ExaBGP version whose JSON and text processes get)");
}
std::string WriteApiVersion(const Environment& e) { return std::to_string(e.api.version); }

using E = Environment;
using L = log::Category;

// Every setting of ExaBGP 5.0 (`exabgp env -e`), in its order, then those of
// 4.2 and herald that 5.0 does not list.
constexpr Setting kSettings[] = {
    {"profile", "enable", nullptr, nullptr, "false", true},
    {"profile", "file", nullptr, nullptr, "''", true},
    {"pdb", "enable", nullptr, nullptr, "false", true},
    {"daemon", "pid", String<&E::daemon, &E::Daemon::pid>, WriteString<&E::daemon, &E::Daemon::pid>, "''"},
    {"daemon", "user", User, WriteString<&E::daemon, &E::Daemon::user>, "'nobody'"},
    {"daemon", "daemonize", Bool<&E::daemon, &E::Daemon::daemonize>, WriteBool<&E::daemon, &E::Daemon::daemonize>,
     "false"},
    {"daemon", "drop", Bool<&E::daemon, &E::Daemon::drop>, WriteBool<&E::daemon, &E::Daemon::drop>, "true"},
    {"daemon", "umask", Umask, WriteUmask, "'0o137'"},
    {"log", "enable", Bool<&E::log, &log::Settings::enable>, WriteBool<&E::log, &log::Settings::enable>, "true"},
    {"log", "level", Level, WriteLevel, "INFO"},
    {"log", "destination", Destination, WriteString<&E::log, &log::Settings::destination>, "'stdout'"},
    {"log", "all", Bool<&E::log, &log::Settings::all>, WriteBool<&E::log, &log::Settings::all>, "false"},
    {"log", "configuration", Category<L::kConfiguration>, WriteCategory<L::kConfiguration>, "true"},
    {"log", "reactor", Category<L::kReactor>, WriteCategory<L::kReactor>, "true"},
    {"log", "daemon", Category<L::kDaemon>, WriteCategory<L::kDaemon>, "true"},
    {"log", "processes", Category<L::kProcesses>, WriteCategory<L::kProcesses>, "true"},
    {"log", "network", Category<L::kNetwork>, WriteCategory<L::kNetwork>, "true"},
    {"log", "statistics", nullptr, nullptr, "true", true},
    {"log", "packets", Category<L::kPackets>, WriteCategory<L::kPackets>, "false"},
    {"log", "rib", Category<L::kRib>, WriteCategory<L::kRib>, "false"},
    {"log", "message", Category<L::kMessage>, WriteCategory<L::kMessage>, "false"},
    {"log", "timers", Category<L::kTimers>, WriteCategory<L::kTimers>, "false"},
    {"log", "routes", Category<L::kRoutes>, WriteCategory<L::kRoutes>, "false"},
    {"log", "parser", Category<L::kParser>, WriteCategory<L::kParser>, "false"},
    {"log", "short", Bool<&E::log, &log::Settings::short_format>, WriteBool<&E::log, &log::Settings::short_format>,
     "true"},
    {"tcp", "once", Bool<&E::tcp, &E::Tcp::once>, WriteBool<&E::tcp, &E::Tcp::once>, "false"},
    {"tcp", "attempts", Integer<&E::tcp, &E::Tcp::attempts, 0, 0xFFFFFFFF>, WriteInteger<&E::tcp, &E::Tcp::attempts>,
     "0"},
    {"tcp", "delay", Integer<&E::tcp, &E::Tcp::delay, 0, 0xFFFFFFFF>, WriteInteger<&E::tcp, &E::Tcp::delay>, "0"},
    {"tcp", "bind", Bind, WriteBind, "''"},
    {"tcp", "port", Integer<&E::tcp, &E::Tcp::port, 1, 65535>, WriteInteger<&E::tcp, &E::Tcp::port>, "179"},
    // 5.0: "(experimental please do not use) unimplemented"; herald's: who
    // may connect to the listener (Environment::Tcp::Acl).
    {"tcp", "acl", Acl, WriteAcl, "false"},
    {"bgp", "passive", Bool<&E::bgp, &E::Bgp::passive>, WriteBool<&E::bgp, &E::Bgp::passive>, "false"},
    {"bgp", "openwait", Integer<&E::bgp, &E::Bgp::openwait, 1, 0xFFFFFFFF>, WriteInteger<&E::bgp, &E::Bgp::openwait>,
     "60"},
    {"cache", "attributes", nullptr, nullptr, "true", true},
    {"cache", "nexthops", nullptr, nullptr, "true", true},
    {"api", "ack", Bool<&E::api, &E::Api::ack>, WriteBool<&E::api, &E::Api::ack>, "true"},
    {"api", "chunk", nullptr, nullptr, "1", true},
    {"api", "show-routes-format", nullptr, nullptr, "v1", true},
    {"api", "encoder", EncoderValue, WriteEncoder, "json"},
    {"api", "compact", Bool<&E::api, &E::Api::compact>, WriteBool<&E::api, &E::Api::compact>, "false"},
    {"api", "respawn", Bool<&E::api, &E::Api::respawn>, WriteBool<&E::api, &E::Api::respawn>, "true"},
    {"api", "terminate", Bool<&E::api, &E::Api::terminate>, WriteBool<&E::api, &E::Api::terminate>, "false"},
    // The CLI's named pipes (daemon/cli_pipes.h).
    {"api", "cli", Bool<&E::api, &E::Api::cli>, WriteBool<&E::api, &E::Api::cli>, "true"},
    {"api", "pipename", String<&E::api, &E::Api::pipename>, WriteString<&E::api, &E::Api::pipename>, "'exabgp'"},
    {"reactor", "speed", nullptr, nullptr, "1.0", true},
    // Not in 5.0's list.
    {"api", "socket", String<&E::api, &E::Api::socket>, WriteString<&E::api, &E::Api::socket>, "", false, {},
     "'/run/herald/herald.sock'"},
    {"api", "version", ApiVersion, WriteApiVersion, "", false, {}, "5"},
    {"tcp", "connections", Integer<&E::tcp, &E::Tcp::connections, 0, 0xFFFFFFFF>,
     WriteInteger<&E::tcp, &E::Tcp::connections>, "", false, {}, "0"},
    // Log lines as JSON objects; the syslog facility.
    {"log", "format", LogFormat, WriteLogFormat, "", false, {}, "text"},
    {"log", "facility", LogFacility, WriteLogFacility, "", false, {}, "daemon"},
    // The metrics endpoint (http://127.0.0.1:9179/metrics when enabled).
    {"metrics", "enable", Bool<&E::metrics, &E::Metrics::enable>, WriteBool<&E::metrics, &E::Metrics::enable>, "",
     false, {}, "false"},
    {"metrics", "address", MetricsAddress, WriteMetricsAddress, "", false, {}, "'127.0.0.1'"},
    {"metrics", "port", Integer<&E::metrics, &E::Metrics::port, 0, 65535>, WriteInteger<&E::metrics, &E::Metrics::port>,
     "", false, {}, "9179"},
    {"debug", "memory", Bool<&E::debug, &E::Debug::memory>, WriteBool<&E::debug, &E::Debug::memory>, "", false, {},
     "false"},
    {"debug", "configuration", nullptr, nullptr, "", true, {}, "false"},
    {"debug", "defensive", nullptr, nullptr, "", true, {}, "false"},
    {"debug", "pdb", nullptr, nullptr, "", true, {}, "false"},
    {"debug", "rotate", Bool<&E::debug, &E::Debug::rotate>, WriteBool<&E::debug, &E::Debug::rotate>, "", false, {},
     "false"},
    {"debug", "route", nullptr, nullptr, "", true, {}, "''"},
    {"debug", "selfcheck", nullptr, nullptr, "", true, {}, "false"},
};

// The value shown for a setting: what was read, or given and ignored, or
// the default.
std::string Shown(const Setting& s, const Environment& env) {
  if (s.write) return s.write(env);
  std::string_view dflt = s.exabgp.empty() ? s.herald : s.exabgp;
  auto given = env.ignored.find(fmt::format("{}.{}", s.section, s.option));
  if (given == env.ignored.end()) return std::string(dflt);
  return !dflt.empty() && dflt.front() == '\'' ? Quoted(given->second) : given->second;
}

// A value as compared with a default: unquoted, lower case, a boolean
// word as true or false.
std::string Normal(std::string_view v) {
  std::string l = Lower(Unquote(v));
  bool b = false;
  if (!l.empty() && ReadBoolean(l, &b)) return b ? "true" : "false";
  return l;
}

const Setting* Find(std::string_view section, std::string_view option) {
  for (const Setting& s : kSettings)
    if (s.section == section && s.option == option) return &s;
  return nullptr;
}

// Applies one value given under `name` (how the user spelled it, for
// messages).
Status Apply(std::string_view section, std::string_view option, std::string_view value, const std::string& name,
             Environment* env, std::vector<std::string>* warnings) {
  const Setting* s = Find(section, option);
  if (!s) {
    warnings->push_back(fmt::format("unknown setting {} (ignored)", name));
    return Ok();
  }
  std::string_view v = Unquote(value);
  if (s->read) {
    if (Status st = s->read(v, env); !st)
      return Fail(fmt::format("invalid value for {}: '{}' ({})", name, v, st.error().message));
  } else {
    env->ignored[fmt::format("{}.{}", s->section, s->option)] = std::string(v);
  }
  if (s->unsupported) {
    std::string_view quiet = !s->quiet.empty() ? s->quiet : !s->exabgp.empty() ? s->exabgp : s->herald;
    std::string shown = Shown(*s, *env);
    if (Normal(shown) != Normal(quiet))
      warnings->push_back(fmt::format("{}: {} is not supported by herald yet (ignored)", name, shown));
  }
  return Ok();
}

// Splits "tcp.port" / "tcp_port" at the first separator.
bool SplitName(std::string_view rest, char separator, std::string_view* section, std::string_view* option) {
  size_t at = rest.find(separator);
  if (at == std::string_view::npos || at == 0 || at + 1 == rest.size()) return false;
  *section = rest.substr(0, at);
  *option = rest.substr(at + 1);
  return true;
}

// The INI env file: `[exabgp.section]` headers, `option = value` (or
// `option: value`) lines, `#` and `;` comment lines. Options are case-blind,
// as Python's ConfigParser makes them.
Status LoadFile(const std::string& path, Environment* env, std::vector<std::string>* warnings) {
  std::ifstream in(path);
  if (!in) return Fail(fmt::format("can not read the env file {}: {}", path, std::strerror(errno)));
  std::string line;
  std::string section;  // empty before the first header
  bool foreign = false;  // inside a section that is not exabgp.* or herald.*
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::string_view l = Trim(line);
    if (l.empty() || l[0] == '#' || l[0] == ';') continue;
    if (l.front() == '[') {
      if (l.back() != ']') return Fail(fmt::format("{}:{}: invalid section header {}", path, number, l));
      std::string_view name = Trim(l.substr(1, l.size() - 2));
      std::string_view rest;
      if (name.substr(0, 7) == "exabgp.") rest = name.substr(7);
      else if (name.substr(0, 7) == "herald.") rest = name.substr(7);
      foreign = rest.empty();
      if (foreign) warnings->push_back(fmt::format("{}:{}: unknown section [{}] (ignored)", path, number, name));
      section.assign(foreign ? name : rest);
      continue;
    }
    size_t sep = l.find_first_of("=:");
    if (sep == std::string_view::npos)
      return Fail(fmt::format("{}:{}: expected 'option = value', found '{}'", path, number, l));
    if (section.empty()) return Fail(fmt::format("{}:{}: option before any [section] header", path, number));
    if (foreign) continue;
    std::string option = Lower(Trim(l.substr(0, sep)));
    std::string name = fmt::format("{}:{}: {}.{}", path, number, section, option);
    if (Status s = Apply(section, option, l.substr(sep + 1), name, env, warnings); !s) return s;
  }
  return Ok();
}

}  // namespace

Result<Environment> LoadEnvironment(const char* const* envp, const std::string& env_file,
                                    std::vector<std::string>* warnings) {
  Environment env;
  if (!env_file.empty())
    if (Status s = LoadFile(env_file, &env, warnings); !s) return Fail(s.error());

  // The process environment. Names are case-sensitive and lower case, as
  // in ExaBGP. When one setting is given in several spellings, the dotted
  // form beats the underscore form and herald's prefix beats exabgp's.
  struct Given {
    int rank;
    std::string name;
    std::string_view section, option, value;
  };
  std::vector<Given> given;
  static constexpr struct {
    std::string_view prefix;
    char separator;
    int rank;
  } kSpellings[] = {{"exabgp_", '_', 0}, {"exabgp.", '.', 1}, {"herald_", '_', 2}, {"herald.", '.', 3}};
  for (const char* const* p = envp; p && *p; ++p) {
    std::string_view entry(*p);
    size_t eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = entry.substr(0, eq);
    for (const auto& spelling : kSpellings) {
      if (key.substr(0, spelling.prefix.size()) != spelling.prefix) continue;
      std::string_view section, option;
      if (!SplitName(key.substr(spelling.prefix.size()), spelling.separator, &section, &option)) {
        warnings->push_back(fmt::format("unknown setting {} (ignored)", key));
        continue;
      }
      given.push_back({spelling.rank, std::string(key), section, option, entry.substr(eq + 1)});
    }
  }
  std::stable_sort(given.begin(), given.end(), [](const Given& a, const Given& b) { return a.rank < b.rank; });
  for (const Given& g : given)
    if (Status s = Apply(g.section, g.option, g.value, g.name, &env, warnings); !s) return Fail(s.error());
  return env;
}

std::string FindEnvFile(const char* const* envp, const std::string& flag) {
  if (!flag.empty()) return flag;
  std::optional<std::string> envfile, system;
  for (const char* const* p = envp; p && *p; ++p) {
    std::string_view entry(*p);
    size_t eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = entry.substr(0, eq), value = entry.substr(eq + 1);
    if (key == "EXABGP_ENVFILE") envfile = std::string(value);
    if (key == "HERALD_SYSTEM_ENV_FILE") system = std::string(value);
  }
  if (envfile && !envfile->empty()) return *envfile;
  std::string path = system ? *system : "/etc/exabgp/exabgp.env";
  struct stat st {};
  if (path.empty() || stat(path.c_str(), &st) != 0) return "";
  return path;
}

std::vector<std::string> DescribeEnvironment(const Environment& env, const DescribeOptions& options) {
  std::vector<const Setting*> shown;
  const Environment defaults;
  for (const Setting& s : kSettings) {
    bool differs = Shown(s, env) != Shown(s, defaults);
    if ((options.diff || s.exabgp.empty()) && !differs) continue;
    shown.push_back(&s);
  }
  std::vector<std::string> lines;
  if (options.env_form) {
    for (const Setting* s : shown)
      lines.push_back(fmt::format("exabgp.{}.{}={}", s->section, s->option, Shown(*s, env)));
    return lines;
  }
  std::stable_sort(shown.begin(), shown.end(), [](const Setting* a, const Setting* b) {
    return a->section != b->section ? a->section < b->section : a->option < b->option;
  });
  std::string_view section;
  for (const Setting* s : shown) {
    if (s->section != section) {
      section = s->section;
      lines.push_back("");
      lines.push_back(fmt::format("[exabgp.{}]", section));
    }
    lines.push_back(fmt::format("{} = {}", s->option, Shown(*s, env)));
  }
  return lines;
}

}  // namespace herald::config
