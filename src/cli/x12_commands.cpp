// x12_commands.cpp: `medcode x12 parse <file>` (the envelopes and each transaction set's kind and counts as JSON;
// --segments adds every segment with its number) and `medcode x12 validate <file>` (the SNIP 1-3 problems as JSON;
// exit 0 clean, 1 problems, 2 unreadable input). Both stream the file through engine::ValidateX12 in flat memory.
#include "cli/x12_commands.h"

#include <string>

#include <nlohmann/json.hpp>

#include "engine/text.h"
#include "engine/x12.h"
#include "engine/x12_validate.h"

namespace medcode::cli {
namespace {

using nlohmann::json;

// JSON text of `value`; bytes that are not UTF-8 (X12 files are often Latin-1) become U+FFFD.
std::string Dump(const json& value, bool pretty) {
  return value.dump(pretty ? 2 : -1, ' ', false, json::error_handler_t::replace);
}

struct X12Args {
  std::string path;
  bool pretty = false, segments = false;
  size_t max_problems = 200;
};

// <file> [--pretty] [--segments (parse)] [--max-problems N (validate)]; false after printing a usage error.
bool ParseX12Args(const Invocation& invocation, bool parse, X12Args& args) {
  bool positional_only = false;
  for (size_t i = 0; i < invocation.args.size(); ++i) {
    const std::string& a = invocation.args[i];
    if (!positional_only && a == "--") {
      positional_only = true;
    } else if (!positional_only && a == "--pretty") {
      args.pretty = true;
    } else if (!positional_only && parse && a == "--segments") {
      args.segments = true;
    } else if (!positional_only && !parse && a == "--max-problems") {
      if (i + 1 >= invocation.args.size()) return UsageError(invocation, "--max-problems needs a number"), false;
      const std::string& n = invocation.args[++i];
      if (n.empty() || n.size() > 9 || n.find_first_not_of("0123456789") != std::string::npos)
        return UsageError(invocation, "--max-problems " + engine::QuoteForMessage(n) + " is not a number"), false;
      args.max_problems = std::stoul(n);
    } else if (!positional_only && a.size() > 1 && a[0] == '-') {
      return UsageError(invocation, "unknown option " + engine::QuoteForMessage(a)), false;
    } else if (args.path.empty()) {
      args.path = a;
    } else {
      return UsageError(invocation, "unexpected extra argument " + engine::QuoteForMessage(a)), false;
    }
  }
  if (args.path.empty()) return UsageError(invocation, "missing <file>"), false;
  return true;
}

json TransactionJson(const engine::X12TransactionSummary& t) {
  json out = {{"id", t.id},
              {"kind", engine::X12TransactionKindName(t.kind)},
              {"control_number", t.control_number},
              {"implementation", t.implementation},
              {"first_segment", t.first_segment},
              {"segments", t.segments},
              {"claims", t.claims},
              {"lines", t.lines}};
  switch (t.kind) {
    case engine::X12TransactionKind::k837P: out["charge"] = engine::FormatCents(t.charge_cents); break;
    case engine::X12TransactionKind::k835:
      out["charge"] = engine::FormatCents(t.charge_cents);
      out["paid"] = engine::FormatCents(t.paid_cents);
      out["payment"] = engine::FormatCents(t.payment_cents);
      break;
    case engine::X12TransactionKind::k999:
      out["accepted"] = t.accepted;
      out["rejected"] = t.rejected;
      break;
    case engine::X12TransactionKind::k277CA:
      out["accepted"] = t.accepted;
      out["rejected"] = t.rejected;
      out["charge"] = engine::FormatCents(t.charge_cents);
      break;
    case engine::X12TransactionKind::kOther: break;
  }
  return out;
}

// The envelopes nested: interchanges > groups > transaction sets (each placed by its first segment).
json EnvelopesJson(const engine::X12Validation& v) {
  json interchanges = json::array();
  size_t g = 0, t = 0;
  for (size_t i = 0; i < v.interchanges.size(); ++i) {
    const auto& x = v.interchanges[i];
    const uint64_t end = i + 1 < v.interchanges.size() ? v.interchanges[i + 1].first_segment : UINT64_MAX;
    json groups = json::array();
    for (; g < v.groups.size() && v.groups[g].first_segment < end; ++g) {
      const auto& group = v.groups[g];
      const uint64_t group_end = g + 1 < v.groups.size() ? std::min(end, v.groups[g + 1].first_segment) : end;
      json sets = json::array();
      for (; t < v.transactions.size() && v.transactions[t].first_segment < group_end; ++t)
        sets.push_back(TransactionJson(v.transactions[t]));
      groups.push_back({{"functional_id", group.functional_id},
                        {"sender", group.sender},
                        {"receiver", group.receiver},
                        {"control_number", group.control_number},
                        {"version", group.version},
                        {"first_segment", group.first_segment},
                        {"transaction_sets", std::move(sets)}});
    }
    interchanges.push_back({{"sender", x.sender},
                            {"receiver", x.receiver},
                            {"control_number", x.control_number},
                            {"date", x.date},
                            {"time", x.time},
                            {"usage", x.usage},
                            {"separators",
                             {{"element", std::string(1, x.separators.element)},
                              {"component", std::string(1, x.separators.component)},
                              {"repetition", x.separators.repetition ? std::string(1, x.separators.repetition) : ""},
                              {"segment", std::string(1, x.separators.segment)}}},
                            {"first_segment", x.first_segment},
                            {"groups", std::move(groups)}});
  }
  return interchanges;
}

json TotalsJson(const engine::X12Validation& v) {
  return {{"bytes", v.bytes},
          {"segments", v.segments},
          {"interchanges", v.interchange_count},
          {"groups", v.group_count},
          {"transaction_sets", v.transaction_count},
          {"claims", v.claims},
          {"lines", v.lines},
          {"charge", engine::FormatCents(v.charge_cents)},
          {"paid", engine::FormatCents(v.paid_cents)}};
}

json ProblemJson(const engine::X12Problem& p) {
  return {{"rule", p.rule},
          {"severity", p.severity == engine::X12Severity::kError ? "error" : "warning"},
          {"segment", p.at.segment_number},
          {"segment_id", p.at.segment_id},
          {"element", p.at.element},
          {"component", p.at.component},
          {"offset", p.at.offset},
          {"position", p.at.Text()},
          {"message", p.message}};
}

ExitCode Finish(const Invocation& invocation, const std::string& text, ExitCode code) {
  invocation.out << text << '\n';
  invocation.out.flush();
  if (!invocation.out) {
    invocation.err << "medcode " << invocation.command.name << ": could not write to standard output.\n";
    return ExitCode::kFailed;
  }
  return code;
}

// An input that is not X12 at all: the reason on standard error, exit 2.
ExitCode Unreadable(const Invocation& invocation, const engine::X12Reader& reader, const engine::X12Validation& v) {
  // The reader's error names the file and the byte ("message (file, byte N)").
  const std::string reason = reader.failed() ? reader.error().ToString()
                                             : (v.problems.empty() ? "unreadable input" : v.problems.front().message);
  invocation.err << "medcode " << invocation.command.name << ": " << reason << '\n';
  return ExitCode::kFailed;
}

}  // namespace

ExitCode RunX12Parse(const Invocation& invocation) {
  X12Args args;
  if (!ParseX12Args(invocation, true, args)) return ExitCode::kFailed;
  auto reader = engine::X12Reader::FromFile(args.path);
  engine::X12ValidateOptions options;
  options.max_problems = 20;
  // Segments are written as they are read (flat memory for any file size), before the summary.
  bool first = true;
  if (args.segments) {
    invocation.out << "{\"segments\":[";
    options.on_segment = [&](const engine::X12Segment& s) {
      json elements = json::array();
      for (std::string_view e : s.elements) elements.push_back(std::string(e));
      invocation.out << (first ? "" : ",") << (args.pretty ? "\n  " : "")
                     << Dump({{"number", s.number}, {"offset", s.offset}, {"elements", std::move(elements)}}, false);
      first = false;
    };
  }
  const engine::X12Validation v = engine::ValidateX12(reader, options);
  json summary = {{"file", args.path},
                  {"interchanges", EnvelopesJson(v)},
                  {"totals", TotalsJson(v)},
                  {"problem_count", v.problem_count}};
  if (reader.failed()) summary["read_error"] = ProblemJson(v.problems.front());
  if (args.segments) {
    std::string rest = Dump(summary, args.pretty);
    rest.erase(0, 1);  // joins the summary's members to the open object
    invocation.out << "]," << (args.pretty ? "\n" : "") << rest;
    if (!v.readable) {
      invocation.out << '\n';
      return Unreadable(invocation, reader, v);
    }
    return Finish(invocation, "", reader.failed() ? ExitCode::kFailed : ExitCode::kOk);
  }
  if (!v.readable) return Unreadable(invocation, reader, v);
  // A file cut short or with a runaway segment was only partly parsed: exit 2 after what was read.
  return Finish(invocation, Dump(summary, args.pretty), reader.failed() ? ExitCode::kFailed : ExitCode::kOk);
}

ExitCode RunX12Validate(const Invocation& invocation) {
  X12Args args;
  if (!ParseX12Args(invocation, false, args)) return ExitCode::kFailed;
  auto reader = engine::X12Reader::FromFile(args.path);
  engine::X12ValidateOptions options;
  options.max_problems = args.max_problems;
  const engine::X12Validation v = engine::ValidateX12(reader, options);
  if (!v.readable) return Unreadable(invocation, reader, v);
  json problems = json::array();
  for (const engine::X12Problem& p : v.problems) problems.push_back(ProblemJson(p));
  const json out = {{"file", args.path},
                    {"valid", v.clean()},
                    {"problem_count", v.problem_count},
                    {"errors", v.error_count},
                    {"warnings", v.warning_count},
                    {"problems_not_listed", v.problem_count - v.problems.size()},
                    {"problems", std::move(problems)},
                    {"transaction_sets", [&] {
                       json sets = json::array();
                       for (const auto& t : v.transactions) sets.push_back(TransactionJson(t));
                       return sets;
                     }()},
                    {"totals", TotalsJson(v)}};
  return Finish(invocation, Dump(out, args.pretty), v.clean() ? ExitCode::kOk : ExitCode::kFindings);
}

}  // namespace medcode::cli
