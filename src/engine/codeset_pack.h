// codeset_pack.h: the code-set pack: one SQLite file compiled from the raw CDC/CMS files in codesets/ (by
// BuildCodeSetPack, `medcode codesets build`), read by the app and the CLI (CodeSetPack). The pack records where it
// came from (each input's path, sha256, rows, edition) and is reproducible: the same inputs give the same bytes.
//
// Editions: ICD-10-CM fiscal years run October 1 - September 30 (FY2026 = 2025-10-01 .. 2026-09-30). What the
// pack holds, one compiler and one header per set (the honest list of editions and gaps: CodeSetPack::Editions()):
//   ICD-10-CM FY2024-FY2026 validity, billable flags, descriptions, chapters, sections (codeset_icd10cm.cpp, here);
//   FY2021 tabular notes and 7th characters (codeset_tabular.h); FY2025 alphabetic index, neoplasm and drug tables,
//   external cause index (codeset_index.h); HCPCS Level II, CPT numbers, modifiers, RBCS (codeset_hcpcs.h); NCCI
//   MUE, add-on and PTP edits (codeset_ncci.h); POS, CARC/RARC (codeset_reference.h); physician fee schedule
//   (codeset_mpfs.h); MCE (codeset_mce.h); MS-DRG CC/MCC (codeset_msdrg.h); CMS-HCC V24/V28 (codeset_hcc.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/date.h"
#include "engine/result.h"
#include "engine/sqlite_db.h"

namespace medcode::engine {

// Bumped whenever the pack's tables change; a pack of another format is refused with a message to rebuild it.
inline constexpr int kCodeSetPackFormat = 2;  // 2: notes, index, fee schedule, MCE, MS-DRG, HCC

// The ICD-10-CM fiscal years a pack can hold, as bits of IcdCode::valid_mask / billable_mask.
inline constexpr int kFirstIcdFiscalYear = 2024;
inline constexpr int kLastIcdFiscalYear = 2026;

// One input file of the pack.
struct PackInput {
  std::string path;     // relative to codesets/, without .xz: "icd10cm/fy2026-codes-only/...txt"
  std::string set;      // "icd10cm", "hcpcs", ...
  std::string edition;  // "FY2026", "2024 Q3", ...
  std::string sha256;   // of the decompressed bytes (the same digest codesets/<set>/SOURCE.md lists)
  int64_t bytes = 0;
  int64_t rows = 0;
};

// One edition of one code set, with what it covers and what it lacks.
struct PackEdition {
  std::string set;
  std::string edition;
  std::string valid_from;  // YYYY-MM-DD
  std::string valid_to;    // YYYY-MM-DD
  std::string note;        // derivations and known gaps, in plain words
};

struct IcdCode {
  std::string code;         // dotted, as coders write it: "E11.9", "S72.001A"
  std::string description;  // best available edition; see description_edition
  std::string description_edition;  // "FY2025", "FY2024", or "" when no edition describes the code
  uint32_t valid_mask = 0;     // bit (FY - kFirstIcdFiscalYear): the code exists in that fiscal year
  uint32_t billable_mask = 0;  // bit (FY - kFirstIcdFiscalYear): the code is billable (a leaf) in that year
  int chapter = 0;             // 1..22, 0 when unknown
  std::string section;         // "E08-E13"
  std::string category;        // the 3-character category, "E11"

  bool ValidIn(int fiscal_year) const { return Bit(fiscal_year) & valid_mask; }
  bool BillableIn(int fiscal_year) const { return Bit(fiscal_year) & billable_mask; }
  static uint32_t Bit(int fiscal_year) {
    return fiscal_year < kFirstIcdFiscalYear || fiscal_year > kLastIcdFiscalYear
               ? 0u
               : 1u << (fiscal_year - kFirstIcdFiscalYear);
  }
};

// "E119" or "e11.9" -> "E11.9": upper case, dot after the third character.
std::string NormalizeIcdCode(std::string_view code);

// Compiles the pack at `out_path` from `raw_dir`, a folder holding the codesets/ files decompressed (same relative
// paths without .xz). Fails with the input's file and line on malformed input; writes nothing then.
Status BuildCodeSetPack(const std::string& raw_dir, const std::string& out_path);

// A compiled pack, opened read-only.
class CodeSetPack {
 public:
  // Errors: kNotFound (no file), kCorruptDatabase (damaged), kParse (not a pack, or another format version).
  static Result<CodeSetPack> Open(const std::string& path);

  std::vector<PackInput> Inputs() const;
  std::vector<PackEdition> Editions() const;
  // "ICD-10-CM FY2024-FY2026, HCPCS 2024 July-2026 Q3, NCCI 2024 Q3": one line for the status bar and
  // `medcode version` (the sets whose editions decide validity on a date of service).
  std::string Summary() const;

  // The code as the pack knows it (any edition), or kNotFound with a message naming the code.
  Result<IcdCode> Icd(std::string_view code) const;
  // The nearest ancestor (dropping characters from the end) that has a description, for codes without one.
  std::optional<IcdCode> NearestDescribedParent(const IcdCode& code) const;
  // Chapter and section titles for the breadcrumb.
  std::string ChapterTitle(int chapter) const;
  std::string SectionTitle(const std::string& section) const;
  // Codes one level below `code` (children in the hierarchy), in code order.
  std::vector<IcdCode> IcdChildren(std::string_view code) const;
  // Number of codes billable / valid in a fiscal year.
  int64_t CountIcd(int fiscal_year, bool billable_only) const;

  // The pack's SQLite database, for the lookups of each set (codeset_<set>.h).
  Database& db() const { return m_db; }

 private:
  explicit CodeSetPack(Database db) : m_db(std::move(db)) {}
  mutable Database m_db;
};

}  // namespace medcode::engine
