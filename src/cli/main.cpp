// main.cpp: entry point of the native `medcode` tool and its exception boundary. Everything else is in RunCli
// (cli.h); an exception reaching here is a bug and ends the process with ExitCode::kInternalError.
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "cli/cli.h"

int main(int argc, char** argv) {
  using medcode::cli::ExitCode;
  try {
    const std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
    return static_cast<int>(medcode::cli::RunCli(args, std::cout, std::cerr));
  } catch (const std::exception& exception) {
    std::cerr << "medcode: internal error: " << exception.what()
              << "\nThis is a bug in medcode; please report it with the command line you ran.\n";
  } catch (...) {
    std::cerr << "medcode: internal error: an unknown exception."
                 "\nThis is a bug in medcode; please report it with the command line you ran.\n";
  }
  return static_cast<int>(ExitCode::kInternalError);
}
