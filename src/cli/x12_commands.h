// x12_commands.h: the handlers of `medcode x12 parse` and `medcode x12 validate` (x12_commands.cpp), for the command
// table in commands.cpp.
#pragma once

#include "cli/cli.h"

namespace medcode::cli {

ExitCode RunX12Parse(const Invocation& invocation);
ExitCode RunX12Validate(const Invocation& invocation);

}  // namespace medcode::cli
