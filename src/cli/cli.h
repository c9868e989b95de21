// cli.h: the `medcode` command-line tool as a function of its arguments and two output streams, so that main() is
// only the exception boundary and the whole tool can be driven from a test. Commands are one table (Commands(), in
// commands.cpp); this header also holds the small helpers every command uses to check its arguments and report.
#pragma once

#include <initializer_list>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace medcode::cli {

// Process exit codes; the same list is printed by `medcode help`.
enum class ExitCode : int {
  kOk = 0,             // the command did what was asked
  kFindings = 1,       // the command ran and found problems in its input (medcode scrub: a claim with findings)
  kFailed = 2,         // a usage error, or the command failed; the reason is on standard error
  kInternalError = 3,  // an unexpected exception escaped to main(): a bug in medcode
};

struct Command;

// What a command's handler gets: its own table row, the arguments after its name, and where to write.
struct Invocation {
  const Command& command;
  std::vector<std::string> args;
  std::ostream& out;
  std::ostream& err;
};

using CommandHandler = ExitCode (*)(const Invocation& invocation);

struct Command {
  std::string_view name;     // one or more words, as typed after `medcode`: "version", "db info"
  std::string_view summary;  // one line for the command list
  std::string_view usage;    // for `medcode help <name>`: "Usage: medcode ..." line(s), a blank line, what it does
  CommandHandler handler;
};

// Every command, in the order `medcode help` lists them.
std::span<const Command> Commands();

// Runs `medcode <args...>` (args without argv[0]) and returns the exit code. Does not catch exceptions: main() does.
ExitCode RunCli(std::span<const std::string> args, std::ostream& out, std::ostream& err);

// The command whose (possibly multi-word) name is the longest prefix of `words`, and how many words it used.
const Command* FindCommand(std::span<const std::string> words, size_t* words_used);

// A command's usage text, ending in a newline.
void PrintUsage(std::ostream& out, const Command& command);

// The full `medcode help` text: synopsis, the commands with their summaries, exit codes.
void PrintHelp(std::ostream& out);

// Reports that `words` name no command (with a suggestion when one is close) and returns ExitCode::kFailed.
ExitCode ReportUnknownCommand(std::span<const std::string> words, std::ostream& err);

// Prints "medcode <command>: <problem>" and the command's usage to err; returns ExitCode::kFailed.
ExitCode UsageError(const Invocation& invocation, std::string_view problem);

// The command's positional arguments when there are exactly as many as `names` (used in the error message). Options
// are not accepted: anything starting with '-' is an error, except after "--" (so `-- -notes.txt` names a file).
// On a mismatch prints the problem and the usage to err and returns nullopt.
std::optional<std::vector<std::string>> ExpectPositionals(const Invocation& invocation,
                                                          std::initializer_list<std::string_view> names);

}  // namespace medcode::cli
