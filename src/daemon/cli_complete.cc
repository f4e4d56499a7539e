#include "daemon/cli_complete.h"

#include <algorithm>
#include <cstdint>
#include <span>

#include "base/ip.h"
#include "daemon/tools.h"

namespace herald::daemon {

namespace {

using Words = std::vector<std::string>;

// What may follow a command form's words.
enum class Then : uint8_t {
  kEnd,      // nothing
  kFree,     // words the shell does not complete (a route, a name, a number)
  kOptions,  // the groups in `options`, in any order, each at most once
};

// Whether the form may (or must) follow a `neighbor <ip> ...` selector.
enum class Selector : uint8_t { kNo, kMay, kMust };

struct CommandForm {
  std::string_view path;  // <family>: each of kFamilies
  Then then = Then::kEnd;
  // kOptions: groups separated by spaces, a group's alternatives by '|';
  // <neighbor>: a neighbor address.
  std::string_view options = {};
  Selector selector = Selector::kNo;
};

// Every command form herald's API takes (api/command.h, ParseTextCommand),
// and the shell's own exit and quit. `crash` is left out: herald refuses it.
constexpr CommandForm kCommands[] = {
    {"announce route", Then::kFree, {}, Selector::kMay},
    {"announce attributes", Then::kFree, {}, Selector::kMay},
    {"announce <family>", Then::kFree, {}, Selector::kMay},
    {"announce watchdog", Then::kFree, {}, Selector::kMay},
    {"announce eor", Then::kEnd, {}, Selector::kMay},
    {"announce eor <family>", Then::kEnd, {}, Selector::kMay},
    {"announce route-refresh <family>", Then::kEnd, {}, Selector::kMay},
    {"announce operational", Then::kFree, {}, Selector::kMay},
    {"withdraw route", Then::kFree, {}, Selector::kMay},
    {"withdraw attributes", Then::kFree, {}, Selector::kMay},
    {"withdraw <family>", Then::kFree, {}, Selector::kMay},
    {"withdraw watchdog", Then::kFree, {}, Selector::kMay},
    {"teardown", Then::kFree, {}, Selector::kMust},
    {"flush adj-rib out", Then::kEnd, {}, Selector::kMay},
    {"clear adj-rib in", Then::kEnd, {}, Selector::kMay},
    {"clear adj-rib out", Then::kEnd, {}, Selector::kMay},
    {"show neighbor", Then::kOptions, "summary|extensive|configuration json|text <neighbor>"},
    {"show adj-rib in", Then::kOptions, "extensive json|text <neighbor>"},
    {"show adj-rib out", Then::kOptions, "extensive json|text <neighbor>"},
    {"shutdown"},
    {"reload"},
    {"restart"},
    {"version"},
    {"help"},
    {"reset"},
    {"enable-ack"},
    {"disable-ack"},
    {"silence-ack"},
    {"enable-sync"},
    {"disable-sync"},
    {"exit"},
    {"quit"},
};

// The families herald's API takes after eor, route-refresh, announce and
// withdraw (api/command.cc refuses the others as not supported yet).
constexpr std::string_view kFamilies[] = {"ipv4 unicast", "ipv6 unicast"};

// The keys of a selector after `neighbor <ip>`, each followed by a value.
constexpr std::string_view kSelectorKeys[] = {"local-ip", "local-as", "peer-as", "router-id",
                                              "family-allowed"};

Words Split(std::string_view text, char by) {
  Words out;
  size_t at = 0;
  while (at <= text.size()) {
    size_t end = text.find(by, at);
    if (end == std::string_view::npos) end = text.size();
    if (end > at) out.emplace_back(text.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

struct Form {
  Words path;
  const CommandForm* row;
};

// kCommands with <family> replaced by each family's two words.
const std::vector<Form>& Forms() {
  static const std::vector<Form> forms = [] {
    std::vector<Form> out;
    for (const CommandForm& row : kCommands) {
      std::vector<Words> paths = {{}};
      for (const std::string& word : Split(row.path, ' ')) {
        if (word != "<family>") {
          for (Words& p : paths) p.push_back(word);
          continue;
        }
        std::vector<Words> wider;
        for (const Words& p : paths)
          for (std::string_view family : kFamilies) {
            Words w = p;
            for (std::string& f : Split(family, ' ')) w.push_back(std::move(f));
            wider.push_back(std::move(w));
          }
        paths = std::move(wider);
      }
      for (Words& p : paths) out.push_back({std::move(p), &row});
    }
    return out;
  }();
  return forms;
}

bool Allowed(const CommandForm& row, bool selected) {
  if (row.selector == Selector::kNo) return !selected;
  if (row.selector == Selector::kMust) return selected;
  return true;
}

// The candidates a kOptions form offers after its path, given the words
// typed after it; none when one of those words fits no unused group.
void OptionCandidates(const CommandForm& row, std::span<const std::string> typed,
                      const Words& neighbors, Words* out) {
  std::vector<Words> groups;
  for (const std::string& g : Split(row.options, ' ')) groups.push_back(Split(g, '|'));
  std::vector<bool> used(groups.size(), false);
  for (const std::string& word : typed) {
    bool fits = false;
    for (size_t g = 0; g < groups.size() && !fits; ++g) {
      if (used[g]) continue;
      for (const std::string& alt : groups[g])
        if (alt == word || (alt == "<neighbor>" && IpAddress::Parse(word))) fits = true;
      if (fits) used[g] = true;
    }
    if (!fits) return;
  }
  for (size_t g = 0; g < groups.size(); ++g) {
    if (used[g]) continue;
    for (const std::string& alt : groups[g]) {
      if (alt == "<neighbor>")
        out->insert(out->end(), neighbors.begin(), neighbors.end());
      else
        out->push_back(alt);
    }
  }
}

}  // namespace

std::vector<std::string> CompleteCli(const std::vector<std::string>& before,
                                     std::string_view partial,
                                     const std::vector<std::string>& neighbors) {
  const Words words = before.empty() ? Words{} : Split(ExpandNicknames(before), ' ');
  const size_t n = words.size();
  auto only = [&](Words candidates) {
    std::erase_if(candidates, [&](const std::string& c) { return !c.starts_with(partial); });
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    return candidates;
  };
  // The selector: neighbor <ip> [<key> <value>]... [, neighbor <ip> ...]
  size_t at = 0;
  bool selected = false;
  while (at < n && words[at] == "neighbor") {
    if (at + 1 == n) return only(neighbors);
    at += 2;
    selected = true;
    while (at < n && std::find(std::begin(kSelectorKeys), std::end(kSelectorKeys), words[at]) !=
                         std::end(kSelectorKeys)) {
      if (at + 1 == n) return {};  // the key's value
      at += 2;
    }
    if (at < n && words[at] == ",") {
      if (++at == n) return only({"neighbor"});
      if (words[at] != "neighbor") return {};
    }
  }
  Words out;
  if (at == n) {
    if (selected)
      out.assign(std::begin(kSelectorKeys), std::end(kSelectorKeys));
    else
      out.push_back("neighbor");
  }
  const std::span<const std::string> rest(words.data() + at, n - at);
  for (const Form& form : Forms()) {
    if (!Allowed(*form.row, selected)) continue;
    const Words& path = form.path;
    const size_t common = std::min(path.size(), rest.size());
    if (!std::equal(path.begin(), path.begin() + common, rest.begin())) continue;
    if (rest.size() < path.size())
      out.push_back(path[rest.size()]);
    else if (form.row->then == Then::kOptions)
      OptionCandidates(*form.row, rest.subspan(path.size()), neighbors, &out);
  }
  return only(std::move(out));
}

std::vector<std::string> NeighborsFromSummary(std::string_view summary) {
  Words out;
  bool header = true;
  for (const std::string& line : Split(summary, '\n')) {
    if (header) {
      header = false;
      continue;
    }
    const size_t end = line.find_first_of(" \t");
    const std::string first = line.substr(0, end);
    if (IpAddress::Parse(first)) out.push_back(first);
  }
  return out;
}

std::string CommonPrefix(const std::vector<std::string>& candidates) {
  if (candidates.empty()) return {};
  std::string prefix = candidates.front();
  for (const std::string& c : candidates) {
    size_t n = 0;
    while (n < prefix.size() && n < c.size() && prefix[n] == c[n]) ++n;
    prefix.resize(n);
  }
  return prefix;
}

}  // namespace herald::daemon
