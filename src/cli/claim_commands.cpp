// claim_commands.cpp: `medcode claim 837` / `medcode x12 write`: reads billing claims and the practice settings,
// rebuilds each claim with the claim builder, and writes one 837P interchange, or prints the problems that keep the
// batch from being billed (see claim_commands.h for the usage).
#include "cli/claim_commands.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>

#include <nlohmann/json.hpp>

#include "engine/billing.h"
#include "engine/text.h"
#include "engine/x12_837.h"

namespace medcode::cli {
namespace {

// A batch of claims may be large: read whole up to this many bytes.
constexpr std::uintmax_t kMaxClaimsBytes = 1024u * 1024u * 1024u;  // 1 GiB

engine::Result<std::string> ReadWholeFile(const std::string& path, std::uintmax_t max_bytes) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return engine::MakeError(engine::ErrorCode::kInvalidArgument, "is a directory, not a JSON file", path);
  }
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (!ec && size > max_bytes) {
    return engine::MakeError(engine::ErrorCode::kTooLarge, std::to_string(size) + " bytes is over the limit of " +
                                                               std::to_string(max_bytes) + " bytes",
                             path);
  }
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return engine::MakeError(errno == ENOENT ? engine::ErrorCode::kNotFound : engine::ErrorCode::kIo,
                             std::string("cannot open the file: ") + std::strerror(errno), path);
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return engine::MakeError(engine::ErrorCode::kIo, "cannot read the file", path);
  return bytes;
}

// "--name value" options and flags; anything else is positional ("--" ends the options).
struct ParsedArgs {
  std::vector<std::string> positionals;
  std::map<std::string, std::string> values;
};

std::optional<ParsedArgs> ParseArgs(const Invocation& invocation, std::initializer_list<std::string_view> names,
                                    std::initializer_list<std::string_view> flags) {
  ParsedArgs out;
  bool ended = false;
  for (size_t i = 0; i < invocation.args.size(); ++i) {
    const std::string& a = invocation.args[i];
    if (ended || a.rfind("-", 0) != 0 || a == "-") {
      out.positionals.push_back(a);
      continue;
    }
    if (a == "--") {
      ended = true;
      continue;
    }
    const std::string name = a.rfind("--", 0) == 0 ? a.substr(2) : a.substr(1);
    if (std::find(flags.begin(), flags.end(), name) != flags.end()) {
      out.values[name] = "";
      continue;
    }
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      UsageError(invocation, "unknown option " + engine::QuoteForMessage(a));
      return std::nullopt;
    }
    if (i + 1 >= invocation.args.size()) {
      UsageError(invocation, "option " + a + " needs a value");
      return std::nullopt;
    }
    out.values[name] = invocation.args[++i];
  }
  return out;
}

bool ParseCount(const std::string& text, int64_t max, int64_t& out) {
  if (text.empty() || text.size() > 10) return false;
  int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  if (v < 1 || v > max) return false;
  out = v;
  return true;
}

ExitCode PrintProblems(const Invocation& invocation, const nlohmann::json& problems) {
  invocation.out << nlohmann::json{{"problems", problems}}.dump(2) << '\n';
  return ExitCode::kFindings;
}

}  // namespace

ExitCode RunClaim837(const Invocation& invocation) {
  const auto args = ParseArgs(invocation,
                              {"practice", "out", "interchange", "group", "transaction", "date", "time",
                               "per-transaction", "separators"},
                              {"production", "line-breaks"});
  if (!args) return ExitCode::kFailed;
  if (args->positionals.empty()) return UsageError(invocation, "missing <claims.json>");
  if (args->positionals.size() > 1) {
    return UsageError(invocation, "unexpected extra argument " + engine::QuoteForMessage(args->positionals[1]));
  }
  auto value = [&](const char* name) -> const std::string* {
    auto it = args->values.find(name);
    return it == args->values.end() ? nullptr : &it->second;
  };
  if (value("practice") == nullptr) {
    return UsageError(invocation, "missing --practice <practice.json> (billing provider, payers, submitter)");
  }
  auto fail = [&](const engine::Error& e) {
    invocation.err << "medcode " << invocation.command.name << ": " << (e.where.empty() ? "" : e.where + ": ")
                   << e.message << ".\n";
    return ExitCode::kFailed;
  };

  // Options first, so that a typo fails before any file is read.
  const std::string& practice_path = *value("practice");
  auto practice_text = ReadWholeFile(practice_path, engine::kMaxDocumentBytes);
  if (!practice_text.ok()) return fail(practice_text.error());
  auto practice = engine::PracticeSettingsFromJson(*practice_text, practice_path);
  if (!practice.ok()) return fail(practice.error());
  engine::X12837Options options = engine::X12837OptionsFromPractice(*practice);
  struct Number {
    const char* name;
    int64_t* out;
  };
  for (const Number& n : {Number{"interchange", &options.interchange_control_number},
                          Number{"group", &options.group_control_number},
                          Number{"transaction", &options.transaction_set_control_number}}) {
    if (const std::string* v = value(n.name); v && !ParseCount(*v, 999999999, *n.out)) {
      return UsageError(invocation, std::string("--") + n.name + " must be a number from 1 to 999999999");
    }
  }
  if (const std::string* v = value("per-transaction")) {
    int64_t per = 0;
    if (!ParseCount(*v, 1000000, per)) return UsageError(invocation, "--per-transaction must be a number from 1");
    options.max_claims_per_transaction = static_cast<size_t>(per);
  }
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char date[40], time[24];  // room for any int the compiler assumes
  std::snprintf(date, sizeof date, "%04d%02d%02d", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday);
  std::snprintf(time, sizeof time, "%02d%02d", utc.tm_hour, utc.tm_min);
  options.date = value("date") ? *value("date") : date;
  options.time = value("time") ? *value("time") : time;
  if (const std::string* v = value("separators")) {
    if (v->size() != 4) {
      return UsageError(invocation, "--separators takes 4 characters: element, component, repetition, segment");
    }
    options.separators = {(*v)[0], (*v)[1], (*v)[2], (*v)[3]};
  }
  if (value("production")) options.production = true;
  if (value("line-breaks")) options.line_breaks = true;

  const std::string& claims_path = args->positionals[0];
  auto claims_text = ReadWholeFile(claims_path, kMaxClaimsBytes);
  if (!claims_text.ok()) return fail(claims_text.error());
  auto inputs = engine::BillingClaimsFromJson(*claims_text, claims_path);
  if (!inputs.ok()) return fail(inputs.error());

  // Build every claim; the practice's own problems once, each claim's after them.
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& p : engine::CheckPracticeSettings(*practice)) {
    problems.push_back({{"claim", nullptr}, {"id", nullptr}, {"field", p.field}, {"message", p.message}});
  }
  std::vector<engine::BillingClaim> claims;
  claims.reserve(inputs->size());
  for (size_t i = 0; i < inputs->size(); ++i) {
    const engine::BillingClaim& in = (*inputs)[i];
    engine::BuiltClaim built = engine::BuildBillingClaim(in.claim, *practice, in.patient);
    for (const auto& p : built.problems) {
      if (p.field.rfind("practice.", 0) == 0) continue;
      problems.push_back({{"claim", i + 1}, {"id", in.claim.id}, {"field", p.field}, {"message", p.message}});
    }
    built.claim.frequency_code = in.frequency_code;
    built.claim.original_claim_number = in.original_claim_number;
    built.claim.prior_authorization = in.prior_authorization;
    claims.push_back(std::move(built.claim));
  }
  if (!problems.empty()) return PrintProblems(invocation, problems);

  engine::X12837Output written = engine::Write837P(claims, options);
  if (!written.ok()) {
    for (const auto& p : written.problems) {
      if (p.field.rfind("options.", 0) == 0) {
        return UsageError(invocation, "--" + p.field.substr(8) + ": " + p.message);
      }
    }
    for (const auto& p : written.problems) {
      // "claims[3].patient.last_name" -> claim 4, field "patient.last_name".
      nlohmann::json claim = nullptr, id = nullptr;
      std::string field = p.field;
      if (field.rfind("claims[", 0) == 0) {
        const size_t close = field.find(']');
        const size_t index = static_cast<size_t>(std::stoul(field.substr(7, close - 7)));
        claim = index + 1;
        if (index < claims.size()) id = claims[index].claim.id;
        field = close + 2 <= field.size() ? field.substr(close + 2) : std::string();
      }
      problems.push_back({{"claim", claim}, {"id", id}, {"field", field}, {"message", p.message}});
    }
    return PrintProblems(invocation, problems);
  }

  if (const std::string* out_path = value("out")) {
    errno = 0;
    std::ofstream out(*out_path, std::ios::binary | std::ios::trunc);
    if (out) out.write(written.text.data(), static_cast<std::streamsize>(written.text.size()));
    out.close();
    if (!out) {
      return fail(engine::MakeError(engine::ErrorCode::kIo, std::string("cannot write the file: ") + std::strerror(errno),
                                    *out_path));
    }
    int64_t total = 0;
    for (const auto& c : claims) total += engine::ParseCents(c.total_charge).value_or(0);
    invocation.out << nlohmann::json{{"out", *out_path},
                                     {"claims", claims.size()},
                                     {"transaction_sets", written.transaction_sets},
                                     {"segments", written.segments},
                                     {"bytes", written.text.size()},
                                     {"total_charge", engine::FormatCents(total)}}
                          .dump()
                   << '\n';
  } else {
    invocation.out << written.text;
  }
  invocation.out.flush();
  if (!invocation.out) {
    invocation.err << "medcode " << invocation.command.name << ": could not write to standard output.\n";
    return ExitCode::kFailed;
  }
  return ExitCode::kOk;
}

}  // namespace medcode::cli
