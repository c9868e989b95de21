// commands.cpp: the table of `medcode` commands and their handlers. Each handler checks its arguments, calls the
// engine, prints results to out and engine errors (Error::ToString) to err. To add a command: write a handler and
// add a row to kCommands.
//
// [SECTION] Helpers
// [SECTION] version
// [SECTION] db info
// [SECTION] text decode
// [SECTION] help
// [SECTION] codesets build / codesets info / code
// [SECTION] ptp
// [SECTION] The command table
#include <algorithm>
#include <array>
#include <cstdlib>
#include <map>
#include <optional>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "cli/cli.h"
#include "engine/build_info.h"
#include "engine/codeset_hcpcs.h"
#include "engine/codeset_ncci.h"
#include "engine/codeset_pack.h"
#include "engine/codeset_ptp.h"
#include "engine/date.h"
#include "engine/result.h"
#include "engine/text.h"
#include "engine/user_store.h"

namespace medcode::cli {
namespace {

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Helpers
// ---------------------------------------------------------------------------------------------------------------

ExitCode ReportError(const Invocation& invocation, const engine::Error& error) {
  invocation.err << "medcode " << invocation.command.name << ": " << error.ToString() << '\n';
  return ExitCode::kFailed;
}

// Reads a whole document file, refusing (before reading) one over engine::kMaxDocumentBytes.
engine::Result<std::string> ReadDocumentFile(const std::string& path) {
  std::error_code size_error;
  const std::uintmax_t size = std::filesystem::file_size(path, size_error);
  if (!size_error) {
    if (engine::Status fits = engine::CheckDocumentSize(size, path); !fits.ok()) return fits.error();
  }

  errno = 0;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (file == nullptr) {
    const int open_errno = errno;
    return engine::MakeError(open_errno == ENOENT ? engine::ErrorCode::kNotFound : engine::ErrorCode::kIo,
                             std::string("Cannot open the file: ") + std::strerror(open_errno) + ".", path);
  }
  std::string bytes;
  std::array<char, 64 * 1024> buffer;
  for (;;) {
    const size_t count = std::fread(buffer.data(), 1, buffer.size(), file.get());
    bytes.append(buffer.data(), count);
    // Files whose size the system does not report (pipes, /proc) are capped here instead.
    if (bytes.size() > engine::kMaxDocumentBytes) return engine::CheckDocumentSize(bytes.size(), path).error();
    if (count < buffer.size()) break;
  }
  if (std::ferror(file.get())) {
    return engine::MakeError(engine::ErrorCode::kIo, std::string("Cannot read the file: ") + std::strerror(errno) + ".",
                             path);
  }
  return bytes;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] version
// ---------------------------------------------------------------------------------------------------------------

// The pack commands read: --pack FILE, else $MEDCODE_PACK, else the pack this build compiled (MEDCODE_DEFAULT_PACK).
std::string PackPath(const std::string& option) {
  if (!option.empty()) return option;
  if (const char* env = std::getenv("MEDCODE_PACK"); env && *env) return env;
#ifdef MEDCODE_DEFAULT_PACK
  return MEDCODE_DEFAULT_PACK;
#else
  return "codesets.pack";
#endif
}

// Which code-set data this process would load, for `medcode version`.
std::string LoadedDataSummary() {
  const std::string path = PackPath("");
  auto pack = engine::CodeSetPack::Open(path);
  if (!pack.ok()) return "no code-set pack loaded (" + pack.error().ToString() + ")";
  return pack->Summary() + " (" + path + ")";
}

// Splits "--name value" options from positional arguments. Unknown options are a usage error.
struct Options {
  std::vector<std::string> positionals;
  std::map<std::string, std::string> values;
};
// `flags` are options without a value ("--facility"): present in `values` with an empty value.
std::optional<Options> ParseOptions(const Invocation& invocation, std::initializer_list<std::string_view> names,
                                    std::initializer_list<std::string_view> flags = {}) {
  Options out;
  for (size_t i = 0; i < invocation.args.size(); ++i) {
    const std::string& a = invocation.args[i];
    if (a.rfind("--", 0) != 0) {
      out.positionals.push_back(a);
      continue;
    }
    const std::string name = a.substr(2);
    if (std::find(flags.begin(), flags.end(), name) != flags.end()) {
      out.values[name] = "";
      continue;
    }
    if (std::find(names.begin(), names.end(), name) == names.end() || i + 1 >= invocation.args.size()) {
      UsageError(invocation, i + 1 >= invocation.args.size() && std::find(names.begin(), names.end(), name) != names.end()
                                 ? "option " + a + " needs a value"
                                 : "unknown option " + a);
      return std::nullopt;
    }
    out.values[name] = invocation.args[++i];
  }
  return out;
}

ExitCode RunVersion(const Invocation& invocation) {
  if (!ExpectPositionals(invocation, {})) return ExitCode::kFailed;
  namespace build_info = engine::build_info;
  invocation.out << "medcode " << build_info::kVersion << " (commit " << build_info::kGitSha << ", "
                 << build_info::kGitDate << ")\n"
                 << "data: " << LoadedDataSummary() << '\n';
  return ExitCode::kOk;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] db info
// ---------------------------------------------------------------------------------------------------------------

ExitCode RunDbInfo(const Invocation& invocation) {
  const auto positionals = ExpectPositionals(invocation, {"file"});
  if (!positionals) return ExitCode::kFailed;
  const std::string& path = (*positionals)[0];

  // UserStore::Open creates a missing file; an info command must not, so a typo does not leave an empty database.
  std::error_code status_error;
  const std::filesystem::file_status status = std::filesystem::status(path, status_error);
  if (status.type() == std::filesystem::file_type::not_found) {
    invocation.err << "medcode db info: " << engine::QuoteForMessage(path, 1000)
                   << " does not exist. Give the path of an existing Medcode database; this command never creates "
                      "one.\n";
    return ExitCode::kFailed;
  }
  if (status_error) {
    invocation.err << "medcode db info: cannot look at " << engine::QuoteForMessage(path, 1000) << ": "
                   << status_error.message() << ".\n";
    return ExitCode::kFailed;
  }
  if (std::filesystem::is_directory(status)) {
    invocation.err << "medcode db info: " << engine::QuoteForMessage(path, 1000)
                   << " is a directory. Give the path of a Medcode database file.\n";
    return ExitCode::kFailed;
  }

  engine::Result<engine::UserStore> store = engine::UserStore::Open(path);
  if (!store) return ReportError(invocation, store.error());
  engine::Result<std::vector<engine::EncounterSummary>> encounters = store->ListEncounters();
  if (!encounters) return ReportError(invocation, encounters.error());

  invocation.out << "path: " << store->path() << '\n'
                 << "schema version: " << store->SchemaVersion() << " (this build writes "
                 << engine::UserStore::LatestSchemaVersion() << ")\n"
                 << "encounters: " << encounters->size() << '\n';
  return ExitCode::kOk;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] text decode
// ---------------------------------------------------------------------------------------------------------------

ExitCode RunTextDecode(const Invocation& invocation) {
  const auto positionals = ExpectPositionals(invocation, {"file"});
  if (!positionals) return ExitCode::kFailed;
  const std::string& path = (*positionals)[0];

  engine::Result<std::string> bytes = ReadDocumentFile(path);
  if (!bytes) return ReportError(invocation, bytes.error());
  engine::Result<std::string> text = engine::DecodeDocumentText(*bytes, path);
  if (!text) return ReportError(invocation, text.error());

  invocation.out << *text;
  invocation.out.flush();
  if (!invocation.out) {
    invocation.err << "medcode text decode: could not write to standard output.\n";
    return ExitCode::kFailed;
  }
  return ExitCode::kOk;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] help
// ---------------------------------------------------------------------------------------------------------------

ExitCode RunHelp(const Invocation& invocation) {
  const std::vector<std::string>& words = invocation.args;
  if (words.empty()) {
    PrintHelp(invocation.out);
    return ExitCode::kOk;
  }
  size_t words_used = 0;
  if (const Command* command = FindCommand(words, &words_used)) {
    if (words_used < words.size()) {
      return UsageError(invocation, "unexpected extra argument " + engine::QuoteForMessage(words[words_used]));
    }
    PrintUsage(invocation.out, *command);
    return ExitCode::kOk;
  }
  // "help db": the usage of every db command.
  if (words.size() == 1) {
    bool printed = false;
    for (const Command& command : Commands()) {
      if (command.name.substr(0, command.name.find(' ')) != words[0]) continue;
      if (printed) invocation.out << '\n';
      PrintUsage(invocation.out, command);
      printed = true;
    }
    if (printed) return ExitCode::kOk;
  }
  return ReportUnknownCommand(words, invocation.err);
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] codesets build / codesets info / code
// ---------------------------------------------------------------------------------------------------------------

ExitCode RunCodesetsBuild(const Invocation& invocation) {
  const auto positionals = ExpectPositionals(invocation, {"raw-dir", "out-file"});
  if (!positionals) return ExitCode::kFailed;
  if (engine::Status s = engine::BuildCodeSetPack((*positionals)[0], (*positionals)[1]); !s.ok()) {
    return ReportError(invocation, s.error());
  }
  auto pack = engine::CodeSetPack::Open((*positionals)[1]);
  if (!pack.ok()) return ReportError(invocation, pack.error());
  invocation.out << "built " << (*positionals)[1] << ": " << pack->Summary() << '\n';
  return ExitCode::kOk;
}

ExitCode RunCodesetsInfo(const Invocation& invocation) {
  const auto options = ParseOptions(invocation, {"pack"});
  if (!options) return ExitCode::kFailed;
  if (!options->positionals.empty()) return UsageError(invocation, "no positional arguments are taken");
  const std::string path = PackPath(options->values.count("pack") ? options->values.at("pack") : "");
  auto pack = engine::CodeSetPack::Open(path);
  if (!pack.ok()) return ReportError(invocation, pack.error());
  invocation.out << "pack: " << path << "\n\neditions:\n";
  for (const auto& e : pack->Editions()) {
    invocation.out << "  " << e.set << " " << e.edition << " (" << e.valid_from << " .. " << e.valid_to << "): "
                   << e.note << '\n';
  }
  invocation.out << "\ninputs:\n";
  for (const auto& in : pack->Inputs()) {
    invocation.out << "  " << in.path << "  " << in.rows << " rows, " << in.bytes << " bytes, sha256 " << in.sha256
                   << '\n';
  }
  for (int fy = engine::kFirstIcdFiscalYear; fy <= engine::kLastIcdFiscalYear; ++fy) {
    invocation.out << "ICD-10-CM FY" << fy << ": " << pack->CountIcd(fy, false) << " codes, "
                   << pack->CountIcd(fy, true) << " billable\n";
  }
  return ExitCode::kOk;
}

// "0 (no modifier)", "1 (modifier allowed)", "9 (not applicable)": short forms for listings.
const char* PtpModifierShort(engine::PtpModifier m) {
  switch (m) {
    case engine::PtpModifier::kNotAllowed: return "0 (no modifier)";
    case engine::PtpModifier::kAllowed: return "1 (modifier allowed)";
    case engine::PtpModifier::kNotApplicable: return "9 (not applicable)";
  }
  return "?";
}

// One PTP row on one line: "29881 / 29875  modifier 1 (modifier allowed)  active  Misuse of ...".
void PrintPtpRow(std::ostream& out, const engine::PtpEdit& e) {
  out << e.column1 << " / " << e.column2 << "  modifier " << PtpModifierShort(e.modifier) << "  "
      << (e.deletion_date ? "deleted after " + engine::ToIso(*e.deletion_date) : std::string("active")) << "  "
      << e.rationale << '\n';
}

// For `medcode code`: how many PTP edits the code is in, per setting and column, and a few of them.
void PrintPtpForCode(std::ostream& out, const engine::CodeSetPack& pack, const std::string& code) {
  constexpr size_t kExamples = 3;
  for (auto setting : {engine::PtpSetting::kPractitioner, engine::PtpSetting::kOutpatientHospital}) {
    auto edits = engine::ListPtpForCode(pack, setting, code, kExamples);
    if (!edits.ok()) {
      out << "PTP " << engine::PtpSettingName(setting) << ": " << edits.error().ToString() << '\n';
      continue;
    }
    out << "PTP " << engine::PtpSettingName(setting) << " (NCCI " << engine::kPtpEdition << "): column 1 in "
        << edits->as_column1 << " edit(s) (" << edits->active_as_column1 << " active), column 2 in "
        << edits->as_column2 << " (" << edits->active_as_column2 << " active)\n";
    for (const auto* list : {&edits->column1_edits, &edits->column2_edits}) {
      for (const auto& e : *list) {
        out << "  ";
        PrintPtpRow(out, e);
      }
    }
  }
}

ExitCode PrintHcpcs(const Invocation& invocation, const engine::CodeSetPack& pack, const engine::HcpcsCode& c) {
  std::ostream& out = invocation.out;
  out << c.code << "  ";
  if (c.described()) {
    out << c.long_description << "  [HCPCS 2024 July]\n";
  } else {
    out << "(" << engine::HcpcsDescriptionGap(c.description_status) << ")\n";
  }
  if (c.level == 1) {
    out << "CPT code number (validity of CPT codes is not in the pack yet)\n";
  } else {
    out << "HCPCS Level II; in the 2024 July file: " << (c.in_2024jul ? "yes" : "no")
        << ", in the 2026 Q3 list: " << (c.in_2026q3 ? "yes" : "no") << (c.noc ? "; not otherwise classified" : "")
        << '\n';
  }
  if (!c.coverage.empty()) out << "coverage " << c.coverage << ": " << engine::HcpcsCoverageText(c.coverage) << '\n';
  if (!c.betos.empty()) out << "BETOS " << c.betos << '\n';
  if (!c.rbcs_category.empty()) {
    out << "RBCS: " << c.rbcs_category << " > " << c.rbcs_subcategory << " > " << c.rbcs_family << '\n';
  }
  if (!c.date_terminated.empty()) out << "terminated " << c.date_terminated << '\n';
  for (auto table : {engine::MueTable::kPractitioner, engine::MueTable::kOutpatientHospital,
                     engine::MueTable::kDmeSupplier}) {
    if (auto mue = engine::LookupMue(pack, table, c.code); mue.ok()) {
      out << "MUE " << engine::MueTableName(table) << ": " << mue->units << " unit(s); "
          << engine::MueAdjudicationMeaning(mue->mai) << '\n';
    }
  }
  PrintPtpForCode(out, pack, c.code);
  return ExitCode::kOk;
}

ExitCode RunCode(const Invocation& invocation) {
  const auto options = ParseOptions(invocation, {"dos", "pack"});
  if (!options) return ExitCode::kFailed;
  if (options->positionals.size() != 1) return UsageError(invocation, "expected one code");
  const std::string path = PackPath(options->values.count("pack") ? options->values.at("pack") : "");
  auto pack = engine::CodeSetPack::Open(path);
  if (!pack.ok()) return ReportError(invocation, pack.error());
  auto code = pack->Icd(options->positionals[0]);
  if (!code.ok()) {
    // Not an ICD-10-CM code: perhaps a HCPCS Level II code or a CPT number.
    auto hcpcs = engine::LookupHcpcs(*pack, options->positionals[0]);
    if (!hcpcs.ok()) {
      invocation.err << "medcode code: " << code.error().ToString() << "; as HCPCS/CPT: " << hcpcs.error().message
                     << '\n';
      return ExitCode::kFailed;
    }
    return PrintHcpcs(invocation, *pack, *hcpcs);
  }
  std::ostream& out = invocation.out;
  out << code->code << "  ";
  if (!code->description.empty()) {
    out << code->description << "  [" << code->description_edition << "]\n";
  } else if (auto parent = pack->NearestDescribedParent(*code)) {
    out << "(no description in any edition loaded; nearest described parent " << parent->code << ": "
        << parent->description << ")\n";
  } else {
    out << "(no description in any edition loaded)\n";
  }
  out << "chapter " << code->chapter << ": " << pack->ChapterTitle(code->chapter) << '\n';
  if (!code->section.empty()) out << "section " << code->section << ": " << pack->SectionTitle(code->section) << '\n';
  for (int fy = engine::kFirstIcdFiscalYear; fy <= engine::kLastIcdFiscalYear; ++fy) {
    out << "FY" << fy << ": "
        << (code->BillableIn(fy) ? "valid, billable" : code->ValidIn(fy) ? "valid header (not billable)" : "not valid")
        << '\n';
  }
  if (options->values.count("dos")) {
    auto dos = engine::ParseDate(options->values.at("dos"));
    if (!dos.ok()) return ReportError(invocation, dos.error());
    const int fy = engine::FiscalYear(*dos);
    out << "on " << engine::ToIso(*dos) << " (FY" << fy << "): ";
    if (fy < engine::kFirstIcdFiscalYear || fy > engine::kLastIcdFiscalYear) {
      out << "outside the editions loaded (FY" << engine::kFirstIcdFiscalYear << "-FY" << engine::kLastIcdFiscalYear
          << "): cannot say\n";
    } else {
      out << (code->BillableIn(fy) ? "billable" : code->ValidIn(fy) ? "a header: choose a more specific code"
                                                                     : "not valid")
          << '\n';
    }
  }
  const auto children = pack->IcdChildren(code->code);
  if (!children.empty()) {
    out << "children:\n";
    for (const auto& c : children) out << "  " << c.code << "  " << c.description << '\n';
  }
  return ExitCode::kOk;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] ptp
// ---------------------------------------------------------------------------------------------------------------

ExitCode RunPtp(const Invocation& invocation) {
  const auto options = ParseOptions(invocation, {"dos", "pack"}, {"facility"});
  if (!options) return ExitCode::kFailed;
  if (options->positionals.size() != 2) return UsageError(invocation, "expected two codes");
  std::optional<engine::Date> dos;
  if (options->values.count("dos")) {
    auto parsed = engine::ParseDate(options->values.at("dos"));
    if (!parsed.ok()) return ReportError(invocation, parsed.error());
    dos = *parsed;
  }
  const auto setting =
      options->values.count("facility") ? engine::PtpSetting::kOutpatientHospital : engine::PtpSetting::kPractitioner;
  const std::string path = PackPath(options->values.count("pack") ? options->values.at("pack") : "");
  auto pack = engine::CodeSetPack::Open(path);
  if (!pack.ok()) return ReportError(invocation, pack.error());
  std::ostream& out = invocation.out;
  const std::string& a = options->positionals[0];
  const std::string& b = options->positionals[1];
  bool any = false;
  for (auto [column1, column2] : {std::pair{a, b}, std::pair{b, a}}) {
    auto rows = engine::LookupPtp(*pack, setting, column1, column2);
    if (!rows.ok()) {
      if (rows.error().code != engine::ErrorCode::kNotFound) return ReportError(invocation, rows.error());
      continue;
    }
    any = true;
    out << engine::PtpSettingName(setting) << " PTP edit, NCCI " << engine::kPtpEdition << ": column 1 "
        << rows->front().column1 << ", column 2 " << rows->front().column2 << " (" << rows->size() << " row(s))\n";
    for (const auto& e : *rows) {
      out << "  ";
      PrintPtpRow(out, e);
    }
    if (dos) {
      // The pair's rows are in deletion order: the first in force is the one for this date (as PtpTable::Find).
      const engine::PtpEdit* in_force = nullptr;
      for (const auto& e : *rows) {
        if (e.InForceOn(*dos)) {
          in_force = &e;
          break;
        }
      }
      out << "on " << engine::ToIso(*dos) << ": ";
      if (in_force) {
        out << "in force; " << engine::PtpModifierMeaning(in_force->modifier) << '\n';
      } else {
        out << "not in force (deleted before that date, or deleted retroactively)\n";
      }
    }
    out << engine::PtpModifierMeaning(rows->back().modifier) << " (latest row)\n";
  }
  if (!any) {
    out << "no " << engine::PtpSettingName(setting) << " PTP edit between " << a << " and " << b << " (either order) in NCCI "
        << engine::kPtpEdition << '\n';
  }
  if (dos && (*dos < engine::kPtpEditionFrom || *dos > engine::kPtpEditionTo)) {
    out << "note: " << engine::ToIso(*dos) << " is outside the edition loaded (" << engine::ToIso(engine::kPtpEditionFrom)
        << " .. " << engine::ToIso(engine::kPtpEditionTo)
        << "); the answer is that edition's, and without effective dates an edit added later looks in force earlier\n";
  }
  return ExitCode::kOk;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] The command table
// ---------------------------------------------------------------------------------------------------------------

constexpr Command kCommands[] = {
    {"version", "Print the version, the commit it was built from and the loaded code-set data",
     "Usage: medcode version\n"
     "       medcode --version\n"
     "\n"
     "Prints this build's version, the commit and commit date it was built from, and which code-set data is loaded.\n",
     &RunVersion},
    {"db info", "Show a user database's path, schema version and number of encounters",
     "Usage: medcode db info <file>\n"
     "\n"
     "Opens a Medcode user database (encounters, their notes, settings) and prints its path, its schema version and\n"
     "the number of encounters in it. <file> must exist: unlike the app, this command never creates a database.\n"
     "A database written by an older Medcode is upgraded to the current schema when opened, as the app would do.\n",
     &RunDbInfo},
    {"text decode", "Decode a clinical note file to UTF-8 with LF line ends, as the app reads it",
     "Usage: medcode text decode <file>\n"
     "\n"
     "Reads a clinical note the way the app opens one and writes it to standard output as UTF-8 with LF line ends.\n"
     "A byte-order mark selects UTF-8 or UTF-16 (LE/BE); text that is not valid UTF-8 is read as Windows-1252.\n"
     "Fails on binary files (a NUL byte), broken UTF-16 and files over the note size limit.\n",
     &RunTextDecode},
    {"codesets build", "Compile the code-set pack from the decompressed codesets/ files",
     "Usage: medcode codesets build <raw-dir> <out-file>\n"
     "\n"
     "Reads the CDC/CMS files of codesets/ decompressed under <raw-dir> (same paths without .xz) and writes the\n"
     "code-set pack (SQLite) to <out-file>: same inputs, same bytes. Malformed input fails with its file and line.\n",
     &RunCodesetsBuild},
    {"codesets info", "List a pack's editions, known gaps and input files with their sha256",
     "Usage: medcode codesets info [--pack FILE]\n"
     "\n"
     "The pack is --pack, else $MEDCODE_PACK, else the one this build compiled.\n",
     &RunCodesetsInfo},
    {"code", "Look up an ICD-10-CM, HCPCS or CPT code: description, hierarchy, validity, MUE, PTP edits",
     "Usage: medcode code <CODE> [--dos YYYY-MM-DD] [--pack FILE]\n"
     "\n"
     "Prints the code's description (or its nearest described parent), chapter and section, whether it is valid\n"
     "and billable in each fiscal year loaded, on the date of service when given, and its children. For a HCPCS or\n"
     "CPT code: its MUEs, and how many NCCI PTP edits it is column 1 / column 2 in, with a few examples.\n",
     &RunCode},
    {"ptp", "Check two CPT/HCPCS codes against the NCCI procedure-to-procedure (PTP) edits",
     "Usage: medcode ptp <code1> <code2> [--dos YYYY-MM-DD] [--facility] [--pack FILE]\n"
     "\n"
     "Looks the pair up in both orders in the NCCI 2024 Q3 practitioner PTP table (--facility: the outpatient\n"
     "hospital table) and prints every row (column 1 / column 2, modifier indicator, deletion date, rationale). With\n"
     "--dos, says which row is in force on that date of service: a deletion date is the last date an edit applied.\n",
     &RunPtp},
    {"help", "List the commands, or show one command's usage",
     "Usage: medcode help\n"
     "       medcode help <command>\n"
     "\n"
     "Lists the commands, or prints one command's usage; \"medcode help db\" prints the usage of every db command.\n",
     &RunHelp},
};

}  // namespace

std::span<const Command> Commands() { return kCommands; }

}  // namespace medcode::cli
