// `herald env [-d] [-e]`: every setting and its value, as ExaBGP 5.0's
// `exabgp env` prints them (INI form; -e the environment form; -d only those
// that differ from the defaults), after reading the env file (see
// config::FindEnvFile) and the process environment.
#include <iostream>

#include "config/environment.h"
#include "daemon/tools.h"

namespace herald::daemon {

int RunEnv(const EnvOptions& options, const char* const* envp, std::ostream& out,
           std::ostream& err) {
  std::vector<std::string> warnings;
  auto env = config::LoadEnvironment(envp, config::FindEnvFile(envp, options.env_file), &warnings);
  for (const auto& w : warnings) err << "herald: warning: " << w << "\n";
  if (!env) {
    err << "herald: " << env.error().message << "\n";
    return 1;
  }
  for (const auto& line :
       config::DescribeEnvironment(*env, {.diff = options.diff, .env_form = options.env_form}))
    out << line << "\n";
  return 0;
}

}  // namespace herald::daemon
