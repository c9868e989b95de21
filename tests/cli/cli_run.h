// cli_run.h: runs `medcode` in-process (RunCli) and keeps its exit code, standard output and standard error, for the
// CLI tests.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"

namespace medcode::test {

struct CliRun {
  cli::ExitCode code;
  std::string out, err;
};

inline CliRun Cli(std::vector<std::string> args) {
  std::ostringstream out, err;
  const cli::ExitCode code = cli::RunCli(args, out, err);
  return {code, out.str(), err.str()};
}

}  // namespace medcode::test
