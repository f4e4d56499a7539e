#include "daemon/cli_complete.h"

#include <algorithm>
#include <cstdint>
#include <span>

#include "base/ip.h"
#include "daemon/cli_complete_route.h"
#include "daemon/tools.h"
#include "grammar/route_syntax.h"
#include "wire/family.h"
#include "wire/nlri.h"

namespace herald::daemon {

namespace {

using Words = std::vector<std::string>;

// What may follow a command form's words.
enum class Then : uint8_t {
  kEnd,      // nothing
  kFree,     // words the shell does not complete (a name, a number, a message)
  kRoute,    // a route of the form `route` (or the family's, for <family>): cli_complete_route.h
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
  RouteForm route = RouteForm::kRoute;
};

// Every command form herald's API takes (api/command.h, ParseTextCommand),
// and the shell's own exit and quit. `crash` is left out: herald refuses it.
constexpr CommandForm kCommands[] = {
    {"announce route", Then::kRoute, {}, Selector::kMay},
    {"announce attributes", Then::kRoute, {}, Selector::kMay, RouteForm::kAttributes},
    {"announce <family>", Then::kRoute, {}, Selector::kMay},
    {"announce flow route", Then::kRoute, {}, Selector::kMay, RouteForm::kFlow},
    {"announce vpls", Then::kRoute, {}, Selector::kMay, RouteForm::kVpls},
    {"announce evpn", Then::kRoute, {}, Selector::kMay, RouteForm::kEvpn},
    {"announce watchdog", Then::kFree, {}, Selector::kMay},
    {"announce eor", Then::kEnd, {}, Selector::kMay},
    {"announce eor <family>", Then::kEnd, {}, Selector::kMay},
    {"announce route-refresh <family>", Then::kEnd, {}, Selector::kMay},
    {"announce operational", Then::kFree, {}, Selector::kMay},
    {"withdraw route", Then::kRoute, {}, Selector::kMay},
    {"withdraw attributes", Then::kRoute, {}, Selector::kMay, RouteForm::kAttributes},
    {"withdraw <family>", Then::kRoute, {}, Selector::kMay},
    {"withdraw flow route", Then::kRoute, {}, Selector::kMay, RouteForm::kFlow},
    {"withdraw vpls", Then::kRoute, {}, Selector::kMay, RouteForm::kVpls},
    {"withdraw evpn", Then::kRoute, {}, Selector::kMay, RouteForm::kEvpn},
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
  RouteForm route;  // the row's, or its family's
};

// The families herald speaks (the wire registry's), which its API takes
// after eor, route-refresh, announce and withdraw; a FlowSpec family's
// routes are flow rules. BGP-LS and RT-Constrain are left out: their routes
// are received only (`announce bgp-ls` is refused, herald has no syntax for
// route target memberships).
struct FamilyWords {
  Words words;
  RouteForm route;
};
std::vector<FamilyWords> Families() {
  std::vector<FamilyWords> out;
  using grammar::RouteSyntaxKind;
  for (const wire::Family& f : wire::SupportedFamilies()) {
    RouteForm form = RouteForm::kRoute;
    switch (grammar::SyntaxKindOf(f)) {
      case RouteSyntaxKind::kReceived: continue;
      case RouteSyntaxKind::kPrefix:
      case RouteSyntaxKind::kLabeled:
      case RouteSyntaxKind::kMulticast: form = RouteForm::kRoute; break;
      case RouteSyntaxKind::kFlow: form = RouteForm::kFlow; break;
      case RouteSyntaxKind::kVpls: form = RouteForm::kVpls; break;
      case RouteSyntaxKind::kEvpn: form = RouteForm::kEvpn; break;
      case RouteSyntaxKind::kMvpn: form = RouteForm::kMvpn; break;
      case RouteSyntaxKind::kMup: form = RouteForm::kMup; break;
    }
    out.push_back({Split(f.Name(), ' '), form});
  }
  return out;
}

// kCommands with <family> replaced by each family's two words.
const std::vector<Form>& Forms() {
  static const std::vector<Form> forms = [] {
    std::vector<Form> out;
    const std::vector<FamilyWords> families = Families();
    for (const CommandForm& row : kCommands) {
      std::vector<Form> expanded = {{{}, &row, row.route}};
      for (const std::string& word : Split(row.path, ' ')) {
        if (word != "<family>") {
          for (Form& f : expanded) f.path.push_back(word);
          continue;
        }
        std::vector<Form> wider;
        for (const Form& f : expanded)
          for (const FamilyWords& family : families) {
            Form w = f;
            w.path.insert(w.path.end(), family.words.begin(), family.words.end());
            w.route = family.route;
            wider.push_back(std::move(w));
          }
        expanded = std::move(wider);
      }
      for (Form& f : expanded) out.push_back(std::move(f));
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
    else if (form.row->then == Then::kRoute) {
      Words inside = RouteCandidates(form.route, path[0] == "announce", rest.subspan(path.size()));
      out.insert(out.end(), inside.begin(), inside.end());
    }
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
