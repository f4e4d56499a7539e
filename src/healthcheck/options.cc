#include "healthcheck/options.h"

#include <cctype>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <ostream>
#include <sstream>

namespace herald::healthcheck {
namespace {

enum class Arity { kFlag, kOne, kOptional };

struct Spec {
  std::vector<std::string> names;  // first: the long name used in messages
  Arity arity;
  // Stores the value; returns an error message ("invalid int value: 'x'").
  std::function<std::string(Options&, const std::string&)> set;
  int group = 0;  // 1: the mutually exclusive logging group
};

std::string Quote(const std::string& s) { return "'" + s + "'"; }

std::string SetInt(long* out, const std::string& v, long min = LONG_MIN) {
  errno = 0;
  char* end = nullptr;
  long n = std::strtol(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0' || errno) return "invalid int value: " + Quote(v);
  if (n < min) return "invalid value: " + Quote(v) + " (at least " + std::to_string(min) + ")";
  *out = n;
  return "";
}

std::string SetInt(int* out, const std::string& v, long min = INT32_MIN) {
  long n = 0;
  std::string e = SetInt(&n, v, min);
  if (e.empty() && n > INT32_MAX) e = "invalid int value: " + Quote(v);
  if (e.empty()) *out = static_cast<int>(n);
  return e;
}

std::string SetSeconds(double* out, const std::string& v) {
  char* end = nullptr;
  double d = std::strtod(v.c_str(), &end);
  if (v.empty() || *end != '\0') return "invalid float value: " + Quote(v);
  if (!std::isfinite(d) || d < 0) return "invalid value: " + Quote(v) + " (seconds, 0 or more)";
  *out = d;
  return "";
}

// One line of text spliced into an API command: no control characters
// other than tab.
std::string SetAttribute(std::string* out, const std::string& v) {
  for (unsigned char c : v)
    if ((c < 0x20 && c != '\t') || c == 0x7f) return "invalid value: " + Quote(v) + " contains a control character";
  *out = v;
  return "";
}

std::string SetOptAttribute(std::optional<std::string>* out, const std::string& v) {
  std::string s;
  std::string e = SetAttribute(&s, v);
  if (e.empty()) *out = s;
  return e;
}

using S = Options;
#define FLAG(field, value) [](S& o, const std::string&) { o.field = value; return std::string(); }
#define STR(field) [](S& o, const std::string& v) { o.field = v; return std::string(); }
#define APPEND(field) [](S& o, const std::string& v) { o.field.push_back(v); return std::string(); }

const std::vector<Spec>& Specs() {
  static const std::vector<Spec> specs = {
      {{"--silent", "-s"}, Arity::kFlag, FLAG(silent, true), 1},
      {{"--syslog-facility", "-sF"}, Arity::kOptional, STR(syslog_facility), 1},
      {{"--no-syslog"}, Arity::kFlag, FLAG(no_syslog, true), 1},
      {{"--debug", "-d"}, Arity::kFlag, FLAG(debug, true)},
      {{"--no-ack", "-a"}, Arity::kFlag, FLAG(no_ack, true)},
      {{"--sudo"}, Arity::kFlag, FLAG(sudo, true)},
      {{"--name", "-n"}, Arity::kOne, STR(name)},
      {{"--config", "-F"}, Arity::kOne, STR(config)},
      {{"--pid", "-p"}, Arity::kOne, STR(pid_file)},
      {{"--user"}, Arity::kOne, STR(user)},
      {{"--group"}, Arity::kOne, STR(group)},
      {{"--interval", "-i"}, Arity::kOne, [](S& o, const std::string& v) { return SetSeconds(&o.interval, v); }},
      {{"--fast-interval", "-f"}, Arity::kOne,
       [](S& o, const std::string& v) { return SetSeconds(&o.fast_interval, v); }},
      {{"--timeout", "-t"}, Arity::kOne, [](S& o, const std::string& v) { return SetInt(&o.timeout, v, 0); }},
      {{"--rise"}, Arity::kOne, [](S& o, const std::string& v) { return SetInt(&o.rise, v); }},
      {{"--fall"}, Arity::kOne, [](S& o, const std::string& v) { return SetInt(&o.fall, v); }},
      {{"--disable"}, Arity::kOne, STR(disable)},
      {{"--command", "--cmd", "-c"}, Arity::kOne, STR(command)},
      {{"--next-hop", "-N"}, Arity::kOne,
       [](S& o, const std::string& v) {
         auto a = IpAddress::Parse(v);
         if (!a) return "invalid ip_address value: " + Quote(v);
         o.next_hop = *a;
         return std::string();
       }},
      {{"--ip"}, Arity::kOne,
       [](S& o, const std::string& v) {
         auto p = Prefix::Parse(v);
         if (!p) return "invalid ip_network value: " + Quote(v);
         o.ips.push_back(*p);
         return std::string();
       }},
      {{"--ip-ifname"}, Arity::kOne,
       [](S& o, const std::string& v) {
         // Checked once every --ip is known (ParseOptions).
         o.ip_ifnames.push_back({Prefix(), v});
         return std::string();
       }},
      {{"--local-preference"}, Arity::kOne,
       [](S& o, const std::string& v) { return SetInt(&o.local_preference, v); }},
      {{"--deaggregate-networks"}, Arity::kFlag, FLAG(deaggregate_networks, true)},
      {{"--no-ip-setup"}, Arity::kFlag, FLAG(ip_setup, false)},
      {{"--dynamic-ip-setup"}, Arity::kFlag, FLAG(ip_dynamic, true)},
      {{"--label"}, Arity::kOne, STR(label)},
      {{"--label-exact-match"}, Arity::kFlag, FLAG(label_exact_match, true)},
      {{"--start-ip"}, Arity::kOne, [](S& o, const std::string& v) { return SetInt(&o.start_ip, v); }},
      {{"--up-metric"}, Arity::kOne, [](S& o, const std::string& v) { return SetInt(&o.up_metric, v); }},
      {{"--down-metric"}, Arity::kOne, [](S& o, const std::string& v) { return SetInt(&o.down_metric, v); }},
      {{"--disabled-metric"}, Arity::kOne,
       [](S& o, const std::string& v) { return SetInt(&o.disabled_metric, v); }},
      {{"--increase"}, Arity::kOne, [](S& o, const std::string& v) { return SetInt(&o.increase, v); }},
      {{"--community"}, Arity::kOne, [](S& o, const std::string& v) { return SetAttribute(&o.community, v); }},
      {{"--extended-community"}, Arity::kOne,
       [](S& o, const std::string& v) { return SetAttribute(&o.extended_community, v); }},
      {{"--large-community"}, Arity::kOne,
       [](S& o, const std::string& v) { return SetAttribute(&o.large_community, v); }},
      {{"--disabled-community"}, Arity::kOne,
       [](S& o, const std::string& v) { return SetAttribute(&o.disabled_community, v); }},
      {{"--as-path"}, Arity::kOne, [](S& o, const std::string& v) { return SetAttribute(&o.as_path, v); }},
      {{"--up-as-path"}, Arity::kOne, [](S& o, const std::string& v) { return SetOptAttribute(&o.up_as_path, v); }},
      {{"--down-as-path"}, Arity::kOne,
       [](S& o, const std::string& v) { return SetOptAttribute(&o.down_as_path, v); }},
      {{"--disabled-as-path"}, Arity::kOne,
       [](S& o, const std::string& v) { return SetOptAttribute(&o.disabled_as_path, v); }},
      {{"--withdraw-on-down"}, Arity::kFlag, FLAG(withdraw_on_down, true)},
      {{"--path-id"}, Arity::kOne, [](S& o, const std::string& v) { return SetInt(&o.path_id, v); }},
      {{"--neighbor"}, Arity::kOne,
       [](S& o, const std::string& v) {
         std::string t = v;
         while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.erase(0, 1);
         while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.pop_back();
         if (t == "*") {
           o.neighbors.push_back("*");
           return std::string();
         }
         auto a = IpAddress::Parse(v);
         if (!a) return "invalid neighbor_address value: " + Quote(v);
         o.neighbors.push_back(a->ToString());
         return std::string();
       }},
      {{"--debounce"}, Arity::kFlag, FLAG(debounce, true)},
      {{"--execute"}, Arity::kOne, APPEND(execute)},
      {{"--up-execute"}, Arity::kOne, APPEND(up_execute)},
      {{"--down-execute"}, Arity::kOne, APPEND(down_execute)},
      {{"--disabled-execute"}, Arity::kOne, APPEND(disabled_execute)},
      {{"--drain"}, Arity::kOne, [](S& o, const std::string& v) { return SetSeconds(&o.drain, v); }},
  };
  return specs;
}

#undef FLAG
#undef STR
#undef APPEND

std::string DisplayName(const Spec& s) {
  std::string n;
  for (const auto& x : s.names) n += (n.empty() ? "" : "/") + x;
  return n;
}

bool LooksLikeNegativeNumber(const std::string& t) {
  if (t.size() < 2 || t[0] != '-') return false;
  char* end = nullptr;
  std::strtod(t.c_str(), &end);
  return *end == '\0';
}

// Finds the option `word` names: exactly, else a unique prefix of a long
// name (as argparse allows). *error set when ambiguous.
const Spec* Find(const std::string& word, std::string* error) {
  for (const Spec& s : Specs())
    for (const auto& n : s.names)
      if (n == word) return &s;
  if (word.rfind("--", 0) != 0) return nullptr;
  std::vector<std::pair<const Spec*, std::string>> matches;
  for (const Spec& s : Specs())
    for (const auto& n : s.names)
      if (n.rfind("--", 0) == 0 && n.rfind(word, 0) == 0) matches.push_back({&s, n});
  if (matches.size() == 1) return matches[0].first;
  if (matches.size() > 1) {
    *error = "ambiguous option: " + word + " could match ";
    for (size_t i = 0; i < matches.size(); ++i) *error += (i ? ", " : "") + matches[i].second;
  }
  return nullptr;
}

// One pass over args into *o. Returns the error message, empty when none.
std::string ParseInto(const std::vector<std::string>& args, Options* o, bool* help) {
  std::vector<std::string> unknown;
  const Spec* group_seen = nullptr;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string word = args[i];
    if (word == "-h" || word == "--help") {
      *help = true;
      return "";
    }
    std::optional<std::string> inline_value;
    std::string error;
    const Spec* spec = nullptr;
    if (word.size() > 1 && word[0] == '-' && !LooksLikeNegativeNumber(word)) {
      spec = Find(word, &error);
      if (!spec && error.empty()) {
        if (auto eq = word.find('='); eq != std::string::npos && word.rfind("--", 0) == 0) {
          spec = Find(word.substr(0, eq), &error);
          if (spec) inline_value = word.substr(eq + 1);
        } else if (word.rfind("--", 0) != 0 && word.size() > 2) {
          // -i5: a short option with its value attached
          spec = Find(word.substr(0, 2), &error);
          if (spec && spec->arity != Arity::kFlag) inline_value = word.substr(2);
          else spec = nullptr;
        }
      }
    }
    if (!error.empty()) return error;
    if (!spec) {
      unknown.push_back(word);
      continue;
    }
    if (spec->group) {
      if (group_seen && group_seen != spec)
        return "argument " + DisplayName(*spec) + ": not allowed with argument " + DisplayName(*group_seen);
      group_seen = spec;
    }
    std::string value;
    if (spec->arity == Arity::kFlag) {
      if (inline_value) return "argument " + DisplayName(*spec) + ": ignored explicit argument " + Quote(*inline_value);
    } else if (inline_value) {
      value = *inline_value;
    } else {
      bool next_is_value = i + 1 < args.size() &&
                           (args[i + 1].empty() || args[i + 1][0] != '-' || LooksLikeNegativeNumber(args[i + 1]));
      if (next_is_value) {
        value = args[++i];
      } else if (spec->arity == Arity::kOptional) {
        value = "daemon";
      } else {
        return "argument " + DisplayName(*spec) + ": expected one argument";
      }
    }
    if (std::string e = spec->set(*o, value); !e.empty()) return "argument " + DisplayName(*spec) + ": " + e;
  }
  if (!unknown.empty()) {
    std::string e = "unrecognized arguments:";
    for (const auto& u : unknown) e += " " + u;
    return e;
  }
  return "";
}

}  // namespace

std::vector<std::string> ConfigFileArgs(const std::string& text) {
  auto strip = [](std::string s) {
    const char* ws = " \t\r\n\f\v";
    s.erase(0, s.find_first_not_of(ws) == std::string::npos ? s.size() : s.find_first_not_of(ws));
    s.erase(s.find_last_not_of(ws) + 1);
    return s;
  };
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    line = strip(line);
    if (line.empty() || line[0] == '#') continue;
    std::string arg = "--" + line;
    auto eq = arg.find('=');
    if (eq == std::string::npos) {
      out.push_back(strip(arg));
    } else {
      out.push_back(strip(arg.substr(0, eq)));
      out.push_back(strip(arg.substr(eq + 1)));
    }
  }
  return out;
}

std::optional<Options> ParseOptions(const std::vector<std::string>& args, std::ostream& out,
                                    std::ostream& err, int* exit_code) {
  auto usage_error = [&](const std::string& message) {
    err << UsageText() << "herald healthcheck: error: " << message << "\n";
    *exit_code = 2;
    return std::nullopt;
  };
  Options o;
  bool help = false;
  if (std::string e = ParseInto(args, &o, &help); !e.empty()) return usage_error(e);
  if (help) {
    out << HelpText();
    *exit_code = 0;
    return std::nullopt;
  }
  if (!o.config.empty()) {
    std::ifstream file(o.config);
    if (!file) return usage_error("argument --config/-F: can't open " + Quote(o.config));
    std::stringstream text;
    text << file.rdbuf();
    std::vector<std::string> all = ConfigFileArgs(text.str());
    all.insert(all.end(), args.begin(), args.end());
    o = Options();
    if (std::string e = ParseInto(all, &o, &help); !e.empty()) return usage_error(e);
    if (help) {
      out << HelpText();
      *exit_code = 0;
      return std::nullopt;
    }
  }
  // IP%IFNAME: the IP one of the --ip, the name an interface name.
  for (IpIfname& x : o.ip_ifnames) {
    std::string v = x.ifname;
    auto pct = v.find('%');
    if (pct == std::string::npos || v.find('%', pct + 1) != std::string::npos) {
      err << "herald healthcheck: expected IP to IFNAME parameter: <ip_address>%<ifname>, got " << Quote(v) << "\n";
      *exit_code = 1;
      return std::nullopt;
    }
    auto p = Prefix::Parse(v.substr(0, pct));
    if (!p) {
      err << "herald healthcheck: " << Quote(v.substr(0, pct)) << " does not appear to be an IPv4 or IPv6 network\n";
      *exit_code = 1;
      return std::nullopt;
    }
    bool known = false;
    for (const Prefix& ip : o.ips) known = known || ip == *p;
    if (!known) {
      err << "herald healthcheck: no 'ip' parameter has been defined for the ip_ifname pair " << Quote(v) << "\n";
      *exit_code = 1;
      return std::nullopt;
    }
    std::string ifname = v.substr(pct + 1);
    bool ok = !ifname.empty() && ifname.size() <= 15;
    for (char c : ifname) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == ':' || c == '-');
    if (!ok) {
      err << "herald healthcheck: expected NIC interface name but got " << Quote(ifname) << "\n";
      *exit_code = 1;
      return std::nullopt;
    }
    x.ip = *p;
    x.ifname = ifname;
  }
  *exit_code = 0;
  return o;
}

bool SetsAddressesUp(const std::vector<std::string>& run) {
  auto base = [](const std::string& path) { return path.substr(path.rfind('/') + 1); };
  for (size_t i = 1; i < run.size(); ++i) {
    if (run[i] != "healthcheck") continue;
    const std::string program = base(run[i - 1]);
    if (program.rfind("herald", 0) != 0 && program.rfind("exabgp", 0) != 0) continue;
    std::ostringstream out, err;
    int exit_code = 0;
    auto o = ParseOptions(std::vector<std::string>(run.begin() + static_cast<long>(i) + 1, run.end()), out, err,
                          &exit_code);
    return o && o->ip_setup;
  }
  return false;
}

}  // namespace herald::healthcheck
