// cli.cpp: dispatch of `medcode` arguments to the command table, the help text, and the argument checks and messages
// shared by every command. The commands themselves are in commands.cpp.
#include "cli/cli.h"

#include <algorithm>
#include <utility>

#include "engine/text.h"

namespace medcode::cli {
namespace {

std::vector<std::string_view> SplitWords(std::string_view name) {
  std::vector<std::string_view> words;
  while (!name.empty()) {
    size_t space = name.find(' ');
    words.push_back(name.substr(0, space));
    if (space == std::string_view::npos) break;
    name.remove_prefix(space + 1);
  }
  return words;
}

std::string_view FirstWord(std::string_view name) { return name.substr(0, name.find(' ')); }

// Levenshtein distance, for "did you mean" on a mistyped command.
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

bool IsHelpFlag(std::string_view arg) { return arg == "--help" || arg == "-h"; }

}  // namespace

void PrintUsage(std::ostream& out, const Command& command) {
  out << command.usage;
  if (!command.usage.empty() && command.usage.back() != '\n') out << '\n';
}

void PrintHelp(std::ostream& out) {
  size_t width = 0;
  for (const Command& command : Commands()) width = std::max(width, command.name.size());
  out << "medcode: the Medcode medical-coding engine on the command line.\n"
         "\n"
         "Usage: medcode <command> [arguments]\n"
         "       medcode help <command>    show one command's usage (also: medcode <command> --help)\n"
         "\n"
         "Commands:\n";
  for (const Command& command : Commands()) {
    out << "  " << command.name << std::string(width - command.name.size() + 3, ' ') << command.summary << '\n';
  }
  out << "\n"
         "Exit codes:\n"
         "  0  success\n"
         "  1  the command ran and found problems (medcode scrub: a claim with errors or warnings)\n"
         "  2  usage error, or the command failed (the reason is printed to standard error)\n"
         "  3  internal error: a bug in medcode; please report it with the command line you ran\n";
}

const Command* FindCommand(std::span<const std::string> words, size_t* words_used) {
  const Command* best = nullptr;
  size_t best_words = 0;
  for (const Command& command : Commands()) {
    const std::vector<std::string_view> name_words = SplitWords(command.name);
    if (name_words.size() > words.size() || name_words.size() <= best_words) continue;
    if (std::equal(name_words.begin(), name_words.end(), words.begin())) {
      best = &command;
      best_words = name_words.size();
    }
  }
  if (words_used != nullptr) *words_used = best_words;
  return best;
}

ExitCode ReportUnknownCommand(std::span<const std::string> words, std::ostream& err) {
  const std::string_view first = words.empty() ? std::string_view() : std::string_view(words[0]);
  if (first.size() > 1 && first[0] == '-') {
    err << "medcode: unknown option " << engine::QuoteForMessage(first) << " (options go after the command).\n"
        << "Run \"medcode help\" to list the commands.\n";
    return ExitCode::kFailed;
  }

  // A known group with a wrong or missing subcommand: "db", "db frob".
  std::vector<std::string_view> group;
  for (const Command& command : Commands()) {
    if (FirstWord(command.name) == first && command.name != first) group.push_back(command.name);
  }
  if (!group.empty()) {
    if (words.size() == 1) {
      err << "medcode: " << engine::QuoteForMessage(first) << " needs a subcommand.\n";
    } else {
      err << "medcode: unknown command " << engine::QuoteForMessage(std::string(first) + " " + words[1]) << ".\n";
    }
    err << "The " << first << " commands are:";
    for (std::string_view name : group) err << " \"medcode " << name << "\"";
    err << ".\nRun \"medcode help " << first << "\" for their usage.\n";
    return ExitCode::kFailed;
  }

  err << "medcode: unknown command " << engine::QuoteForMessage(first) << ".\n";
  const Command* closest = nullptr;
  size_t closest_distance = 3;  // suggest only names within two edits
  for (const Command& command : Commands()) {
    size_t distance = EditDistance(first, FirstWord(command.name));
    if (distance < closest_distance) {
      closest = &command;
      closest_distance = distance;
    }
  }
  if (closest != nullptr) err << "Did you mean \"medcode " << closest->name << "\"?\n";
  err << "Run \"medcode help\" to list the commands.\n";
  return ExitCode::kFailed;
}

ExitCode UsageError(const Invocation& invocation, std::string_view problem) {
  invocation.err << "medcode " << invocation.command.name << ": " << problem << ".\n\n";
  PrintUsage(invocation.err, invocation.command);
  return ExitCode::kFailed;
}

std::optional<std::vector<std::string>> ExpectPositionals(const Invocation& invocation,
                                                          std::initializer_list<std::string_view> names) {
  std::vector<std::string> positionals;
  bool options_ended = false;
  for (const std::string& arg : invocation.args) {
    if (!options_ended && arg == "--") {
      options_ended = true;
    } else if (!options_ended && arg.size() > 1 && arg[0] == '-') {
      UsageError(invocation, "unknown option " + engine::QuoteForMessage(arg));
      return std::nullopt;
    } else {
      positionals.push_back(arg);
    }
  }
  if (positionals.size() < names.size()) {
    UsageError(invocation, "missing <" + std::string(names.begin()[positionals.size()]) + ">");
    return std::nullopt;
  }
  if (positionals.size() > names.size()) {
    UsageError(invocation, names.size() == 0
                               ? "takes no arguments, but got " + engine::QuoteForMessage(positionals[0])
                               : "unexpected extra argument " + engine::QuoteForMessage(positionals[names.size()]));
    return std::nullopt;
  }
  return positionals;
}

ExitCode RunCli(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
  if (args.empty() || IsHelpFlag(args[0])) {
    PrintHelp(out);
    return ExitCode::kOk;
  }
  std::vector<std::string> words(args.begin(), args.end());
  if (words[0] == "--version") words[0] = "version";

  size_t words_used = 0;
  const Command* command = FindCommand(words, &words_used);
  if (command == nullptr) return ReportUnknownCommand(words, err);

  std::vector<std::string> command_args(words.begin() + static_cast<std::ptrdiff_t>(words_used), words.end());
  Invocation invocation{*command, std::move(command_args), out, err};
  for (const std::string& arg : invocation.args) {
    if (arg == "--") break;
    if (IsHelpFlag(arg)) {
      PrintUsage(out, *command);
      return ExitCode::kOk;
    }
  }
  return command->handler(invocation);
}

}  // namespace medcode::cli
