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
// [SECTION] index
// [SECTION] ptp
// [SECTION] scrub
// [SECTION] The command table
#include <algorithm>
#include <array>
#include <cstdlib>
#include <map>
#include <optional>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "cli/claim_commands.h"
#include "cli/x12_commands.h"
#include "cli/cms1500_commands.h"
#include "engine/build_info.h"
#include "engine/claim.h"
#include "engine/codeset_hcc.h"
#include "engine/codeset_hcpcs.h"
#include "engine/codeset_mpfs.h"
#include "engine/codeset_mce.h"
#include "engine/codeset_msdrg.h"
#include "engine/codeset_index.h"
#include "engine/codeset_ncci.h"
#include "engine/codeset_pack.h"
#include "engine/codeset_tabular.h"
#include "engine/codeset_ptp.h"
#include "engine/date.h"
#include "engine/result.h"
#include "engine/scrubber.h"
#include "engine/search.h"
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

// The physician fee schedule lines of `code`: per modifier row its status, RVUs and national non-facility / facility
// amounts, and with `zip` the amounts of the ZIP's locality with their calculation. Prints nothing when the code is
// not in the fee schedule; an error only for a bad or unknown ZIP.
engine::Status PrintMpfs(const Invocation& invocation, const engine::CodeSetPack& pack, const std::string& code,
                         const std::optional<std::string>& zip) {
  std::ostream& out = invocation.out;
  const auto rows = engine::RvusForCode(pack, code);
  if (rows.empty()) {
    if (zip) return engine::MakeError(engine::ErrorCode::kNotFound, code + " is not in the physician fee schedule");
    return engine::Status::Ok();
  }
  std::optional<engine::MpfsZipLocality> locality;
  std::optional<engine::MpfsGpci> gpci;
  if (zip) {
    auto z = engine::LocalityForZip(pack, *zip);
    if (!z.ok()) return z.error();
    auto g = engine::LookupGpci(pack, z->carrier, z->locality);
    if (!g.ok()) return g.error();
    locality = *z;
    gpci = *g;
  }
  out << "Physician fee schedule (MPFS CY2025 RVU25D, conversion factor " << rows[0].conversion_factor.Text()
      << "):\n";
  for (const auto& r : rows) {
    const std::string label = r.code + (r.modifier.empty() ? "" : "-" + r.modifier);
    out << "  " << label << "  status " << engine::MpfsStatusMeaning(r.status) << '\n';
    out << "    RVU work " << r.work_rvu.Text() << ", PE non-facility " << r.nonfacility_pe_rvu.Text()
        << (r.nonfacility_na ? " (NA)" : "") << ", PE facility " << r.facility_pe_rvu.Text()
        << (r.facility_na ? " (NA)" : "") << ", MP " << r.mp_rvu.Text() << "; totals " << r.nonfacility_total.Text()
        << " / " << r.facility_total.Text() << "; global " << r.global_days
        << (r.not_used_for_medicare_payment ? "; RVUs not used for Medicare payment" : "") << '\n';
    auto nf = engine::NationalPayment(pack, r.code, r.modifier, false);
    auto f = engine::NationalPayment(pack, r.code, r.modifier, true);
    if (nf.ok() && f.ok() && nf->computed) {
      out << "    national: non-facility $" << nf->allowed.Text() << ", facility $" << f->allowed.Text() << '\n';
    } else {
      out << "    national: no amount from RVUs\n";
    }
    if (zip) {
      for (bool facility : {false, true}) {
        auto p = engine::ExpectedPayment(pack, r.code, r.modifier, *zip, facility);
        if (!p.ok()) return p.error();
        out << "    ZIP " << locality->zip5 << ": " << p->Explain() << '\n';
      }
    }
  }
  if (locality && rows[0].status == "J") {  // anesthesia: the locality's anesthesia conversion factor
    auto anes = engine::LookupAnesthesiaCf(pack, locality->carrier, locality->locality);
    auto national = engine::NationalAnesthesiaCf(pack);
    if (anes.ok() && national.ok()) {
      out << "  anesthesia conversion factor here $" << anes->cf.Text() << " per unit (national "
          << national->Text() << "); base units are not in the pack\n";
    }
  }
  if (locality) {
    out << "  ZIP " << locality->zip5 << " (" << locality->state << "): carrier " << locality->carrier << " locality "
        << locality->locality << " " << gpci->name << "; GPCI work " << gpci->work.Text() << ", PE "
        << gpci->pe.Text() << ", MP " << gpci->mp.Text()
        << (locality->needs_zip4 ? "; this ZIP spans localities (priced by ZIP+4, not loaded): ZIP5 locality used"
                                 : "")
        << '\n';
  }
  return engine::Status::Ok();
}

// The tabular's instructional notes for an ICD-10-CM code (its own and those it inherits, one heading per block)
// and its 7th-character rule.
void PrintIcdNotes(std::ostream& out, const engine::CodeSetPack& pack, const std::string& code) {
  auto notes = engine::IcdNotes(pack, code);
  if (notes.ok() && !notes->empty()) {
    out << "tabular notes (FY2021 Tabular List; [from ...] = inherited):\n";
    const engine::IcdNote* previous = nullptr;
    for (const auto& n : *notes) {
      if (!previous || previous->level != n.level || previous->owner != n.owner || previous->block != n.block) {
        out << "  " << engine::IcdNoteKindLabel(n.kind);
        if (n.inherited) {
          out << " [from " << (n.level == engine::IcdNoteLevel::kChapter   ? "chapter "
                               : n.level == engine::IcdNoteLevel::kSection ? "section "
                                                                           : "")
              << n.owner << "]";
        }
        out << ":\n";
      }
      out << "    " << n.text << '\n';
      previous = &n;
    }
  }
  const engine::IcdSeventhRule rule = engine::IcdSeventhCharacters(pack, code);
  if (!rule.needs_seventh) return;
  if (const engine::IcdSeventhCharacter* own = rule.seventh ? rule.Find(rule.seventh) : nullptr) {
    out << "7th character " << own->character << ": " << own->meaning << " (defined at " << rule.defined_at
        << ")\n";
    return;
  }
  out << "7th character required (defined at " << rule.defined_at << "; X fills empty places before it):\n";
  for (const auto& o : rule.options) {
    out << "  " << o.character << "  " << o.meaning << (o.note.empty() ? "" : " (also: " + o.note + ")");
    if (!rule.base.empty()) out << (o.code.empty() ? "  -- no such code" : "  -> " + o.code);
    out << '\n';
  }
}

// " (edition <valid_from>..<valid_to>, used for this later date of service: no newer edition loaded)" when `dos` is
// after the edition `set`/`edition` of the pack; "" otherwise.
std::string LaterDosNote(const engine::CodeSetPack& pack, const char* set, const char* edition,
                         const std::optional<engine::Date>& dos) {
  if (!dos) return {};
  for (const auto& e : pack.Editions()) {
    if (e.set == set && e.edition == edition && engine::ToIso(*dos) > e.valid_to) {
      return " [" + e.valid_from + ".." + e.valid_to + "; used for " + engine::ToIso(*dos) +
             " as no newer edition is loaded]";
    }
  }
  return {};
}

// The risk and edit sets of an ICD-10-CM code: MCE edits, MS-DRG CC/MCC (and exclusion with `principal` when given),
// CMS-HCC V24/V28.
void PrintIcdRisk(std::ostream& out, const engine::CodeSetPack& pack, const std::string& code,
                  const std::optional<engine::Date>& dos, const std::string& principal) {
  const engine::MceEdits mce = engine::IcdMceEdits(pack, code);
  out << "MCE v41.1 (FY2024)" << LaterDosNote(pack, "mce", "v41.1", dos)
      << (mce.None() ? ": no age, sex or manifestation edit\n" : ":\n");
  for (engine::MceEdit e : mce.List()) {
    out << "  " << engine::MceEditRule(e) << ": " << engine::MceEditMeaning(e) << '\n';
  }

  const engine::DxSeverity sev = engine::IcdSeverity(pack, code);
  out << "MS-DRG v41.1 (FY2024)" << LaterDosNote(pack, "msdrg", "v41.1", dos) << ": ";
  if (sev.level == engine::SeverityLevel::kNone) {
    out << "not a CC or MCC\n";
  } else {
    out << engine::SeverityLevelName(sev.level) << " as a secondary diagnosis; PDX exclusion group ";
    std::string groups;
    for (int g : sev.pdx_groups) groups += (groups.empty() ? "" : ", ") + engine::PdxGroupName(g);
    if (sev.pdx_group_exact) {
      out << groups << (sev.pdx_groups == std::vector<int>{engine::kNoPdxExclusion} ? " (never excluded)" : "");
    } else {
      out << "one of " << groups << " (the appendix C file lists this code without its 7th character)";
    }
    out << '\n';
    if (!principal.empty()) {
      const auto verdict = engine::CcExclusionOf(pack, code, principal);
      out << "  with principal dx " << engine::NormalizeIcdCode(principal) << ": "
          << engine::CcExclusionMeaning(verdict) << '\n';
    }
  }

  const engine::IcdHccMap hcc = engine::IcdHcc(pack, code);
  const std::pair<const char*, const std::vector<engine::Hcc>*> models[] = {{"V24 2022", &hcc.v24},
                                                                           {"V28 2024", &hcc.v28}};
  for (const auto& [edition, hccs] : models) {
    out << "CMS-HCC " << edition << " mapping" << LaterDosNote(pack, "hcc", edition, dos) << ": ";
    if (hccs->empty()) out << "no HCC";
    for (size_t i = 0; i < hccs->size(); ++i) {
      const engine::Hcc& h = (*hccs)[i];
      out << (i ? "; " : "") << "HCC " << h.number << " " << h.label << " (community non-dual aged factor "
          << h.cna_factor << ")";
    }
    out << '\n';
  }
}

// Up to 10 Alphabetic Index / table entries leading to an ICD-10-CM code ("index entries leading here").
void PrintIndexEntries(std::ostream& out, const engine::CodeSetPack& pack, const std::string& code) {
  constexpr int kShown = 10;
  const auto hits = engine::IndexEntriesForCode(pack, code, kShown + 1);
  if (hits.empty()) return;
  out << "index entries leading here:\n";
  for (size_t i = 0; i < hits.size() && i < static_cast<size_t>(kShown); ++i) {
    const auto& h = hits[i];
    out << "  " << h.path;
    if (h.column > 0) out << " > " << engine::IndexColumnName(h.term.tree, h.column);
    out << "  " << h.code.printed;
    if (h.term.tree != engine::IndexTree::kIndex) out << "  [" << engine::IndexTreeName(h.term.tree) << "]";
    out << '\n';
  }
  if (hits.size() > static_cast<size_t>(kShown)) out << "  ...\n";
}

ExitCode RunCode(const Invocation& invocation) {
  const auto options = ParseOptions(invocation, {"dos", "pack", "zip", "pdx"});
  if (!options) return ExitCode::kFailed;
  if (options->positionals.size() != 1) return UsageError(invocation, "expected one code");
  const std::string path = PackPath(options->values.count("pack") ? options->values.at("pack") : "");
  auto pack = engine::CodeSetPack::Open(path);
  if (!pack.ok()) return ReportError(invocation, pack.error());
  auto code = pack->Icd(options->positionals[0]);
  if (!code.ok()) {
    // Not an ICD-10-CM code: perhaps a HCPCS Level II code or a CPT number.
    auto hcpcs = engine::LookupHcpcs(*pack, options->positionals[0]);
    const std::optional<std::string> zip =
        options->values.count("zip") ? std::optional<std::string>(options->values.at("zip")) : std::nullopt;
    if (!hcpcs.ok()) {
      // Not in the HCPCS/RBCS lists, but perhaps in the fee schedule (CPT codes have no description there).
      const auto rows = engine::RvusForCode(*pack, options->positionals[0]);
      if (rows.empty()) {
        invocation.err << "medcode code: " << code.error().ToString() << "; as HCPCS/CPT: " << hcpcs.error().message
                       << '\n';
        return ExitCode::kFailed;
      }
      invocation.out << rows[0].code << "  (not in the HCPCS lists loaded; in the physician fee schedule)\n";
      if (engine::Status s = PrintMpfs(invocation, *pack, rows[0].code, zip); !s.ok()) {
        return ReportError(invocation, s.error());
      }
      return ExitCode::kOk;
    }
    if (ExitCode e = PrintHcpcs(invocation, *pack, *hcpcs); e != ExitCode::kOk) return e;
    if (engine::Status s = PrintMpfs(invocation, *pack, hcpcs->code, zip); !s.ok()) {
      return ReportError(invocation, s.error());
    }
    return ExitCode::kOk;
  }
  if (options->values.count("zip")) {
    return UsageError(invocation, "--zip prices CPT/HCPCS codes; " + code->code + " is an ICD-10-CM code");
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
  std::optional<engine::Date> dos_date;
  if (options->values.count("dos")) {
    auto dos = engine::ParseDate(options->values.at("dos"));
    if (!dos.ok()) return ReportError(invocation, dos.error());
    dos_date = *dos;
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
  PrintIcdRisk(out, *pack, code->code, dos_date, options->values.count("pdx") ? options->values.at("pdx") : "");
  const auto children = pack->IcdChildren(code->code);
  if (!children.empty()) {
    out << "children:\n";
    for (const auto& c : children) out << "  " << c.code << "  " << c.description << '\n';
  }
  PrintIcdNotes(out, *pack, code->code);
  PrintIndexEntries(out, *pack, code->code);
  return ExitCode::kOk;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] index
// ---------------------------------------------------------------------------------------------------------------

// A term's line in the index tree: "type 2 (mellitus)  E11.9  see also ...".
void PrintTermLine(std::ostream& out, const engine::IndexTerm& t, int indent) {
  out << std::string(static_cast<size_t>(indent) * 2, ' ') << (t.term.empty() ? t.nonessential : t.term);
  if (!t.term.empty() && !t.nonessential.empty()) out << ' ' << t.nonessential;
  if (!t.code.printed.empty()) out << "  " << t.code.printed;
  if (!t.see.empty()) out << "  see " << t.see;
  if (!t.see_also.empty()) out << "  see also " << t.see_also;
  out << '\n';
}

ExitCode RunIndex(const Invocation& invocation) {
  const auto options = ParseOptions(invocation, {"pack"});
  if (!options) return ExitCode::kFailed;
  if (options->positionals.empty()) return UsageError(invocation, "expected a term prefix");
  std::string prefix;
  for (const auto& word : options->positionals) prefix += (prefix.empty() ? "" : " ") + word;
  const std::string path = PackPath(options->values.count("pack") ? options->values.at("pack") : "");
  auto pack = engine::CodeSetPack::Open(path);
  if (!pack.ok()) return ReportError(invocation, pack.error());
  constexpr int kMainTerms = 5, kLines = 40;  // keep it short: a terminal page
  const auto mains = engine::IndexMainTerms(*pack, engine::IndexTree::kIndex, prefix, kMainTerms + 1);
  if (mains.empty()) {
    invocation.err << "medcode index: no main term of the Alphabetic Index starts with \"" << prefix << "\"\n";
    return ExitCode::kFailed;
  }
  std::ostream& out = invocation.out;
  int lines = 0;
  for (size_t m = 0; m < mains.size() && m < static_cast<size_t>(kMainTerms); ++m) {
    // Depth-first over the main term's subterms, in index order, until the page is full.
    std::vector<std::pair<engine::IndexTerm, int>> todo{{mains[m], 0}};
    while (!todo.empty() && lines < kLines) {
      auto [term, depth] = std::move(todo.back());
      todo.pop_back();
      PrintTermLine(out, term, depth);
      ++lines;
      auto children = engine::IndexChildren(*pack, term.id);
      for (auto it = children.rbegin(); it != children.rend(); ++it) todo.emplace_back(std::move(*it), depth + 1);
    }
    if (!todo.empty()) out << "  ... (" << todo.size() << "+ more subterms)\n";
    if (lines >= kLines) break;
  }
  if (mains.size() > static_cast<size_t>(kMainTerms)) out << "(more main terms start with \"" << prefix << "\")\n";
  return ExitCode::kOk;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] search
// ---------------------------------------------------------------------------------------------------------------

ExitCode RunSearch(const Invocation& invocation) {
  // --json is a flag; the other options take values.
  Invocation rest = invocation;
  const auto json_flag = std::find(rest.args.begin(), rest.args.end(), "--json");
  const bool as_json = json_flag != rest.args.end();
  if (as_json) rest.args.erase(json_flag);
  const auto options = ParseOptions(rest, {"set", "dos", "limit", "pack"});
  if (!options) return ExitCode::kFailed;
  if (options->positionals.empty()) return UsageError(invocation, "expected a query");
  std::string query;
  for (const auto& word : options->positionals) query += (query.empty() ? "" : " ") + word;

  engine::SearchOptions search;
  if (auto it = options->values.find("set"); it != options->values.end()) {
    const std::pair<const char*, engine::SearchSet> sets[] = {{"icd10cm", engine::SearchSet::kIcd10cm},
                                                              {"hcpcs", engine::SearchSet::kHcpcs},
                                                              {"cpt", engine::SearchSet::kCpt},
                                                              {"modifier", engine::SearchSet::kModifier}};
    auto found = std::find_if(std::begin(sets), std::end(sets), [&](const auto& p) { return it->second == p.first; });
    if (found == std::end(sets)) return UsageError(invocation, "--set is icd10cm, hcpcs, cpt or modifier");
    search.sets = static_cast<uint8_t>(found->second);
  }
  if (auto it = options->values.find("limit"); it != options->values.end()) {
    const int limit = std::atoi(it->second.c_str());
    if (limit <= 0 || limit > 1000) return UsageError(invocation, "--limit is a number from 1 to 1000");
    search.limit = static_cast<size_t>(limit);
  }
  int fiscal_year = 0;
  if (auto it = options->values.find("dos"); it != options->values.end()) {
    auto dos = engine::ParseDate(it->second);
    if (!dos.ok()) return ReportError(invocation, dos.error());
    fiscal_year = engine::FiscalYear(*dos);
  }
  const std::string path = PackPath(options->values.count("pack") ? options->values.at("pack") : "");
  auto pack = engine::CodeSetPack::Open(path);
  if (!pack.ok()) return ReportError(invocation, pack.error());
  auto index = engine::BuildSearchIndex(*pack);
  if (!index.ok()) return ReportError(invocation, index.error());

  // With a date of service, ICD-10-CM codes not valid in its fiscal year are left out.
  const size_t wanted = search.limit;
  if (fiscal_year) search.limit = wanted * 4;
  nlohmann::json results = nlohmann::json::array();
  std::ostream& out = invocation.out;
  size_t shown = 0;
  for (const auto& hit : index->Search(query, search)) {
    if (shown == wanted) break;
    const engine::SearchCode& code = index->code(hit.code_id);
    bool billable = code.billable;
    if (fiscal_year && code.set == engine::SearchSet::kIcd10cm) {
      auto icd = pack->Icd(code.code);
      if (!icd.ok() || !icd->ValidIn(fiscal_year)) continue;
      billable = icd->BillableIn(fiscal_year);
    }
    ++shown;
    const std::string text(hit.doc >= 0 ? index->document_text(hit.doc) : std::string_view());
    const char* source = hit.doc >= 0 ? engine::SearchSourceName(index->document_source(hit.doc)) : "code";
    if (as_json) {
      results.push_back({{"code", code.code}, {"set", engine::SearchSetName(code.set)}, {"billable", billable},
                         {"score", hit.score}, {"matched", text}, {"source", source}});
    } else {
      out << shown << ". " << code.code << "  [" << engine::SearchSetName(code.set) << (billable ? "" : ", header")
          << "]  " << (text.empty() ? "(the code itself)" : text) << "  (" << source << ")\n";
    }
  }
  if (as_json) {
    out << results.dump(2) << '\n';
  } else if (shown == 0) {
    out << "no results for \"" << query << "\"\n";
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
// [SECTION] scrub
// ---------------------------------------------------------------------------------------------------------------

// A claims file may be large (a day's batch): read whole, up to this many bytes.
constexpr std::uintmax_t kMaxClaimsFileBytes = 1024u * 1024u * 1024u;  // 1 GiB

// The bytes of `path`, or a message naming the file and what went wrong.
std::optional<std::string> ReadClaimsFile(const std::string& path, std::string& problem) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    problem = path + ": is a directory, not a claims file";
    return std::nullopt;
  }
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (!ec && size > kMaxClaimsFileBytes) {
    problem = path + ": " + std::to_string(size) + " bytes; a claims file may hold at most 1 GiB (split the batch)";
    return std::nullopt;
  }
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problem = path + ": cannot open the file: " + std::strerror(errno);
    return std::nullopt;
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    problem = path + ": cannot read the file: " + std::strerror(errno);
    return std::nullopt;
  }
  return bytes;
}

// Today's date in UTC (the default of --today).
engine::Date TodayUtc() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  return engine::Date{utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday};
}

ExitCode RunScrub(const Invocation& invocation) {
  const auto options = ParseOptions(invocation, {"today", "pack"}, {"pretty"});
  if (!options) return ExitCode::kFailed;
  if (options->positionals.empty()) return UsageError(invocation, "missing <claims.json>");
  if (options->positionals.size() > 1) {
    return UsageError(invocation, "unexpected extra argument " + engine::QuoteForMessage(options->positionals[1]));
  }
  const std::string& path = options->positionals[0];
  engine::Date today = TodayUtc();
  if (auto it = options->values.find("today"); it != options->values.end()) {
    auto parsed = engine::ParseDate(it->second);
    if (!parsed.ok()) return UsageError(invocation, "--today: " + parsed.error().message);
    today = *parsed;
  }

  // Bad input (exit 2) is reported as "<file>, claim <n>: <field>: <problem>", before any output.
  std::string problem;
  const auto bytes = ReadClaimsFile(path, problem);
  if (!bytes) {
    invocation.err << "medcode scrub: " << problem << ".\n";
    return ExitCode::kFailed;
  }
  auto claims = engine::ClaimsFromJson(*bytes, path);
  if (!claims.ok()) {
    const engine::Error& e = claims.error();
    invocation.err << "medcode scrub: " << (e.where.empty() ? "" : e.where + ": ") << e.message << '\n';
    return ExitCode::kFailed;
  }

  const std::string pack_path = PackPath(options->values.count("pack") ? options->values.at("pack") : "");
  auto pack = engine::CodeSetPack::Open(pack_path);
  if (!pack.ok()) return ReportError(invocation, pack.error());
  auto scrubber = engine::Scrubber::Load(*pack);
  if (!scrubber.ok()) return ReportError(invocation, scrubber.error());

  // One JSON document: the reports joined as they come (no second copy of a large batch), then the summary.
  std::string document = "{\"claims\":[";
  engine::ScrubReport report;
  int64_t errors = 0, warnings = 0, infos = 0, clean = 0;
  for (size_t i = 0; i < claims->size(); ++i) {
    const engine::Claim& claim = (*claims)[i];
    scrubber->Scrub(claim, today, report);
    errors += report.errors;
    warnings += report.warnings;
    infos += report.infos;
    clean += report.clean() ? 1 : 0;
    if (i > 0) document += ',';
    document += engine::ScrubReportToJson(claim.id, report);
  }
  const nlohmann::json summary = {{"claims", claims->size()},
                                  {"errors", errors},
                                  {"warnings", warnings},
                                  {"infos", infos},
                                  {"clean", clean}};
  document += "],\"summary\":" + summary.dump() + "}";
  if (options->values.count("pretty")) {
    const auto parsed = nlohmann::json::parse(document, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_discarded()) document = parsed.dump(2);
  }
  invocation.out << document << '\n';
  invocation.out.flush();
  if (!invocation.out) {
    invocation.err << "medcode scrub: could not write to standard output.\n";
    return ExitCode::kFailed;
  }
  return clean == static_cast<int64_t>(claims->size()) ? ExitCode::kOk : ExitCode::kFindings;
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
    {"code", "Look up an ICD-10-CM, HCPCS or CPT code: description, hierarchy, notes, edits, CC/MCC, HCC, MUE, fee",
     "Usage: medcode code <CODE> [--dos YYYY-MM-DD] [--pdx PRINCIPAL-DX] [--zip ZIP5] [--pack FILE]\n"
     "\n"
     "Prints the code's description (or its nearest described parent), chapter and section, whether it is valid\n"
     "and billable in each fiscal year loaded, on the date of service when given, its children, and up to 10\n"
     "entries of the FY2025 Alphabetic Index, Neoplasm Table or Drug Table that lead to it.\n"
     "For an ICD-10-CM code also: the Tabular List notes (its own and those of its chapter, sections and parent\n"
     "codes, from the FY2021 tabular) and its 7th-character options; its Medicare Code Editor v41.1\n"
     "age/sex/manifestation edits, whether it is a CC or MCC (MS-DRG v41.1) with its PDX exclusion group (and, with\n"
     "--pdx, whether it counts with that principal diagnosis), and its CMS-HCC V24 and V28 HCCs. An edition older\n"
     "than --dos is named as such.\n"
     "For a CPT/HCPCS code: its MUEs, how many NCCI PTP edits it is column 1 / column 2 in (with a few examples),\n"
     "and its Medicare physician fee schedule line (CY2025 RVU25D): status, RVUs\n"
     "and the national non-facility / facility amounts; --zip adds the amounts of the ZIP code's locality with\n"
     "their calculation ([work RVU x GPCI + PE RVU x GPCI + MP RVU x GPCI] x CF, then the OPPS cap).\n",
     &RunCode},
    {"index", "Browse the ICD-10-CM Alphabetic Index: main terms by prefix with their subterms",
     "Usage: medcode index <term prefix> [--pack FILE]\n"
     "\n"
     "Prints up to 5 main terms of the FY2025 Alphabetic Index starting with <term prefix> (any case), each with\n"
     "its subterms indented, codes as printed (\"S72.0-\": more characters needed) and see / see also references,\n"
     "at most 40 lines. Example: medcode index diabetes\n",
     &RunIndex},
    {"search", "Search codes by code, code prefix or words (abbreviations, typos), ranked as the encoder does",
     "Usage: medcode search <query...> [--set icd10cm|hcpcs|cpt|modifier] [--dos YYYY-MM-DD] [--limit N] [--json]\n"
     "                     [--pack FILE]\n"
     "\n"
     "Prints the ranked codes for a query: a code or code prefix (E11.6, e116, 9921) or words in any order, each a\n"
     "word prefix (\"diab neuro\"), through medical abbreviations (htn, dm2, chf: codesets/medcode/abbreviations.tsv)\n"
     "and one or two typing errors. Each line shows what matched: a description, an inclusion term or an\n"
     "alphabetic index path. --dos leaves out ICD-10-CM codes not valid on that date; --json prints an array.\n",
     &RunSearch},
    {"ptp", "Check two CPT/HCPCS codes against the NCCI procedure-to-procedure (PTP) edits",
     "Usage: medcode ptp <code1> <code2> [--dos YYYY-MM-DD] [--facility] [--pack FILE]\n"
     "\n"
     "Looks the pair up in both orders in the NCCI 2024 Q3 practitioner PTP table (--facility: the outpatient\n"
     "hospital table) and prints every row (column 1 / column 2, modifier indicator, deletion date, rationale). With\n"
     "--dos, says which row is in force on that date of service: a deletion date is the last date an edit applied.\n",
     &RunPtp},
    {"scrub", "Check claims against every coding and payer rule (NCCI, MCE, ICD-10-CM, HCPCS, claim fields)",
     "Usage: medcode scrub <claims.json> [--today YYYY-MM-DD] [--pack FILE] [--pretty]\n"
     "\n"
     "Reads claims (a JSON array of claims, {\"claims\": [...]}, or one claim: the schema is in src/engine/claim.h)\n"
     "and checks each against the scrubber's rules: ICD-10-CM validity on the date of service, 7th characters,\n"
     "Excludes1, sequencing, MCE age/sex edits; CPT/HCPCS validity, NCCI PTP pairs and modifiers, MUE units, add-on\n"
     "codes; NPI, place of service, pointers, units and charges. Prints one JSON document to standard output:\n"
     "  {\"claims\": [{\"id\", \"errors\", \"warnings\", \"infos\",\n"
     "               \"findings\": [{\"rule\", \"severity\", \"message\", \"fix\", \"source\", \"field\", \"line\",\n"
     "                             \"diagnosis\", ...}]}, ...],   (line, diagnosis: 0-based)\n"
     "   \"summary\": {\"claims\", \"errors\", \"warnings\", \"infos\", \"clean\"}}\n"
     "--today sets the date a date of service may not be after (default: today, UTC); --pretty indents the JSON.\n"
     "\n"
     "Exit codes: 0 every claim is clean (no errors or warnings; info findings may be listed), 1 a claim has\n"
     "findings, 2 bad input (a file that cannot be read, invalid JSON, a missing or ill-typed field: the message\n"
     "names the file, the claim and the field) or no usable code-set pack.\n",
     &RunScrub},
    {"claim 837", kClaim837Summary, kClaim837Usage, &RunClaim837},
    {"x12 write", kClaim837Summary, kClaim837Usage, &RunClaim837},
    {"x12 parse", "Read an X12 file (837P, 835, 999, 277CA): its envelopes and each transaction set's counts as JSON",
     "Usage: medcode x12 parse <file> [--segments] [--pretty]\n"
     "\n"
     "Streams an X12 interchange file of any size (separators from its ISA) and prints JSON: the interchanges with\n"
     "their groups and transaction sets (kind 837P / 835 / 999 / 277CA, implementation reference, claims, lines,\n"
     "charge / paid / payment totals, accepted / rejected) and the totals. --segments adds every segment first:\n"
     "{\"segments\": [{\"number\", \"offset\", \"elements\": [id, e1, e2, ...]}, ...], ...}.\n"
     "Exit codes: 0 read to the end (run `medcode x12 validate` for the problems: problem_count), 2 the file is\n"
     "missing, empty, not X12, cut short or damaged (the reason on standard error or in read_error).\n",
     &RunX12Parse},
    {"x12 validate", "Check an X12 file against the 837P / 835 / 999 / 277CA guides (SNIP 1-3): JSON problems",
     "Usage: medcode x12 validate <file> [--max-problems N] [--pretty]\n"
     "\n"
     "Streams the file and checks SNIP type 1 (envelopes ISA/IEA, GS/GE, ST/SE with their counts and control\n"
     "numbers, segment ids, element types and lengths), type 2 (each guide's loops, required segments and elements,\n"
     "the HL hierarchy, qualifier code values) and type 3 (balancing: 837P CLM02 = sum of SV102; 835 CLP, SVC and\n"
     "BPR/PLB arithmetic). Prints {\"valid\", \"problem_count\", \"problems\": [{\"rule\", \"severity\", \"segment\",\n"
     "\"segment_id\", \"element\", \"component\", \"offset\", \"position\", \"message\"}], \"transaction_sets\",\n"
     "\"totals\"}; at most --max-problems problems are listed (default 200), all are counted.\n"
     "\n"
     "Exit codes: 0 no problems, 1 problems found, 2 unreadable input (missing file, empty, not X12).\n",
     &RunX12Validate},
    {"claim 1500", kClaim1500Summary, kClaim1500Usage, &RunClaim1500},
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
