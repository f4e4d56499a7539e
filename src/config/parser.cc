#include "config/parser.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <regex>

#include "config/file_parser.h"

namespace herald::config {
namespace {

std::string Describe(const Location& l) { return fmt::format("{}:{}:{}", l.file, l.line, l.column); }

std::string SessionName(const NeighborConfig& n) {
  return n.peer_address.ToString() + (n.local_address ? " from " + n.local_address->ToString() : "");
}

// Resolves `processes-match` into the names of the processes it matches (in
// their order), as ExaBGP 5.0 does: exclusive with `processes`, and an error
// when no process matches any of the expressions.
void ResolveProcessesMatch(Config& config, std::vector<ConfigError>* errors) {
  for (NeighborConfig& n : config.neighbors) {
    for (ApiConfig& api : n.api) {
      if (api.processes_match.empty()) continue;
      if (!api.processes.empty()) {
        errors->push_back({api.where, fmt::format("processes and processes-match are mutually exclusive "
                                                  "(neighbor {})",
                                                  n.peer_address.ToString())});
        continue;
      }
      for (const ProcessConfig& p : config.processes) {
        for (const std::string& pattern : api.processes_match) {
          std::regex re(pattern);  // checked when parsed
          if (std::regex_search(p.name, re, std::regex_constants::match_continuous)) {
            api.processes.push_back(p.name);
            break;
          }
        }
      }
      if (api.processes.empty())
        errors->push_back({api.where, fmt::format("no process matches processes-match [ {} ] of neighbor {}",
                                                  fmt::join(api.processes_match, " "),
                                                  n.peer_address.ToString())});
    }
  }
}

// Checks that need every file: unique process names and neighbor sessions,
// and api blocks naming processes that exist.
void CheckMerged(const Config& config, std::vector<ConfigError>* errors) {
  for (size_t i = 0; i < config.processes.size(); ++i) {
    const ProcessConfig& p = config.processes[i];
    for (size_t j = 0; j < i; ++j) {
      if (config.processes[j].name != p.name) continue;
      errors->push_back({p.where, fmt::format("a process section called \"{}\" already exists (at {})", p.name,
                                              Describe(config.processes[j].where))});
      break;
    }
  }
  for (size_t i = 0; i < config.neighbors.size(); ++i) {
    const NeighborConfig& n = config.neighbors[i];
    for (size_t j = 0; j < i; ++j) {
      const NeighborConfig& m = config.neighbors[j];
      if (m.peer_address != n.peer_address || m.local_address != n.local_address) continue;
      errors->push_back({n.where, fmt::format("duplicate peer definition {} (first at {})", SessionName(n),
                                              Describe(m.where))});
      break;
    }
    for (const ApiConfig& api : n.api)
      for (const std::string& name : api.processes)
        if (!config.FindProcess(name))
          errors->push_back({api.where, fmt::format("an api called \"{}\" is used by neighbor {} but not defined",
                                                    name, n.peer_address.ToString())});
  }
}

struct Source {
  std::string name;
  std::string text;
};

Result<Config, std::vector<ConfigError>> ParseSources(const std::vector<Source>& sources,
                                                      std::vector<ConfigError> errors) {
  Config config;
  for (const Source& source : sources) {
    config.files.push_back(source.name);
    internal::FileParser parser(source.name, source.text, &errors, &config.warnings);
    parser.Parse();
    for (ProcessConfig& p : parser.processes()) config.processes.push_back(std::move(p));
    for (NeighborConfig& n : parser.neighbors()) config.neighbors.push_back(std::move(n));
  }
  ResolveProcessesMatch(config, &errors);
  CheckMerged(config, &errors);
  if (!errors.empty()) {
    // By file, then position: the order a reader goes through them.
    std::stable_sort(errors.begin(), errors.end(), [&](const ConfigError& a, const ConfigError& b) {
      auto file_index = [&](const std::string& f) {
        for (size_t i = 0; i < sources.size(); ++i)
          if (sources[i].name == f) return i;
        return sources.size();
      };
      size_t fa = file_index(a.where.file), fb = file_index(b.where.file);
      if (fa != fb) return fa < fb;
      if (a.where.line != b.where.line) return a.where.line < b.where.line;
      return a.where.column < b.where.column;
    });
    return Fail(std::move(errors));
  }
  return config;
}

}  // namespace

Result<Config, std::vector<ConfigError>> ParseConfigFiles(const std::vector<std::string>& paths) {
  std::vector<ConfigError> errors;
  if (paths.empty()) {
    errors.push_back({Location{"herald", 0, 0}, "no configuration file given"});
    return Fail(std::move(errors));
  }
  std::vector<Source> sources;
  for (const std::string& path : paths) {
    auto text = internal::ReadConfigFile(path);
    if (!text) {
      errors.push_back(std::move(text).error());
      continue;
    }
    sources.push_back({path, std::move(*text)});
  }
  return ParseSources(sources, std::move(errors));
}

Result<Config, std::vector<ConfigError>> ParseConfigText(std::string_view text, std::string_view name) {
  return ParseSources({Source{std::string(name), std::string(text)}}, {});
}

}  // namespace herald::config
