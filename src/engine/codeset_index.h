// codeset_index.h: the ICD-10-CM FY2025 Alphabetic Index part of the code-set pack, compiled by codeset_index.cpp from
// codesets/icd10cm/fy2025-derived-csv (derived flat CSVs of the official CDC index and table XML): the Index of
// Diseases and Injuries, the External Cause of Injuries Index, the Neoplasm Table (6 code columns) and the Table of
// Drugs and Chemicals (6 code columns). Each term keeps its place in its tree (main term > subterm > ...), its "see" /
// "see also" text, nonessential modifiers and code(s), linked to the pack's ICD-10-CM codes.
// Edition FY2025 (2024-10-01 .. 2025-09-30), the newest index in codesets/: the app uses it for FY2026 too.
//
// Codes are kept as printed ("S72.0-", "T36.0X-", "I63.-", "E11.40", "-" / "--" for none in the tables) and resolved
// (IndexCode::code: the dotted code, or for a partial code the prefix without the dash: "S72.0", "T36.0X", "I63").
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/codeset_pack.h"
#include "engine/result.h"

namespace medcode::engine {

// The four trees of the index; the values are stored in the pack (icd_index_term.tree).
enum class IndexTree {
  kIndex = 1,     // Index of Diseases and Injuries (the Alphabetic Index)
  kNeoplasm = 2,  // Neoplasm Table: one main term "Neoplasm, neoplastic", rows by site, 6 code columns
  kDrug = 3,      // Table of Drugs and Chemicals: rows by substance, 6 code columns
  kExternal = 4,  // External Cause of Injuries Index
};
const char* IndexTreeName(IndexTree tree);  // "Alphabetic Index", "Neoplasm Table", ...

// How a printed index code links to the pack's ICD-10-CM codes (any fiscal year the pack holds).
enum class IndexCodeKind {
  kNone = 0,        // no code: empty, or "-" / "--" in a table cell
  kCode = 1,        // printed without a dash and a code of the pack ("E11.40", "S06.0XA")
  kPrefix = 2,      // partial ("S72.0-", "I63.-") or a header: the pack has codes below `code`; more characters needed
  kUnresolved = 3,  // printed, but neither a code of the pack nor a prefix of one
};

struct IndexCode {
  std::string printed;  // as in the source
  std::string code;     // resolved: dotted code or prefix, "" for kNone
  IndexCodeKind kind = IndexCodeKind::kNone;
};

struct IndexTerm {
  int64_t id = 0;  // unique over the four trees; ids follow the source row order within a tree
  IndexTree tree = IndexTree::kIndex;
  int64_t source_row = 0;  // RowID of the source CSV row
  int64_t parent_id = 0;   // 0 for a main term
  int level = 0;           // 0 for a main term, 1 for its subterms, ...
  std::string term;          // "" for the few subterms that are only a nonessential modifier: "(somatoform)"
  std::string see;           // "see" target text ("Pain, abdominal"), "" when none
  std::string see_also;      // "see also" target text
  std::string nonessential;  // nonessential modifiers as printed: "(-astasia) (hysterical)"
  IndexCode code;            // index and external-cause trees; kNone in the two tables (see TableRow)
};

// The Neoplasm Table's and the Drug Table's 6 code columns (column 1..6; 0 is the index code of a term).
inline constexpr int kTableColumns = 6;
// Neoplasm: "malignant primary", "malignant secondary", "ca in situ", "benign", "uncertain behavior", "unspecified
// behavior". Drug: "poisoning accidental (unintentional)", "poisoning intentional self-harm", "poisoning assault",
// "poisoning undetermined", "adverse effect", "underdosing". "" for a column out of range.
const char* IndexColumnName(IndexTree tree, int column);

struct TableRow {
  IndexTerm term;
  std::string path;                            // "Neoplasm, neoplastic > lung"
  std::array<IndexCode, kTableColumns> cells;  // cells[column - 1]
};

// The term `id`, or kNotFound.
Result<IndexTerm> LookupIndexTerm(const CodeSetPack& pack, int64_t id);
// The term's path from its main term down to it (the term last); empty when `id` is unknown.
std::vector<IndexTerm> IndexTermPath(const CodeSetPack& pack, int64_t id);
// "Diabetes, diabetic > type 2 > with > neuropathy": the terms' texts (or their nonessential modifiers when the text
// is empty) joined with " > ".
std::string IndexPathText(const std::vector<IndexTerm>& path);
// The subterms one level below `id`, in source order (for an index browser: main term -> subterms).
std::vector<IndexTerm> IndexChildren(const CodeSetPack& pack, int64_t id);
// Main terms of `tree` whose text starts with `prefix` (any case; "" for all), alphabetical (case-insensitive),
// at most `limit`.
std::vector<IndexTerm> IndexMainTerms(const CodeSetPack& pack, IndexTree tree, std::string_view prefix,
                                      int limit = 100);

// Where a "see" / "see also" text leads.
enum class IndexReferenceKind {
  kTerm,           // a main term of the same tree (main_term_ids), and as deep a subterm as its parts match (term_id)
  kNeoplasmTable,  // "Neoplasm, malignant, by site", "Table of Neoplasms, ...": the Neoplasm Table (term_id: the
                   // deepest row matched, else its main term)
  kDrugTable,      // "Table of Drugs and Chemicals, by drug, poisoning": the Drug Table (term_id 0)
  kCodeRange,      // "category M01", "subcategory M14.8-", "E08-E13 with .620": a place in the Tabular List
  kInstruction,    // a generic instruction, not a term: "condition", "specific condition", "by site"
  kUnresolved,     // none of the above
};
struct IndexReference {
  IndexReferenceKind kind = IndexReferenceKind::kUnresolved;
  std::vector<int64_t> main_term_ids;  // kTerm: every main term matching the first part(s); first = best
  int64_t term_id = 0;                 // the deepest term matched (a main term or a subterm below main_term_ids[0])
  int parts = 0;                       // comma-separated parts of the text ("Pain, abdominal" has 2)
  int parts_matched = 0;               // how many of them term_id's path covers
};
// Resolves a see / see-also text found in `tree` (main terms are matched case-insensitively, on the whole text or
// its first word(s) before a comma: "Arteriosclerosis" finds "Arteriosclerosis, arteriosclerotic").
IndexReference ResolveIndexReference(const CodeSetPack& pack, IndexTree tree, std::string_view text);

// An index entry leading to a code.
struct IndexHit {
  IndexTerm term;
  std::string path;  // "Neoplasm, neoplastic > lung" (tables: the column is `column`)
  int column = 0;    // 0: the term's index code; 1..6: a table column (IndexColumnName)
  IndexCode code;
  bool exact = false;  // the entry names this code; false: a code above it ("E11.4-", "T51.3X1")
};
// The index entries pointing to `code` (any tree): exact ones first, then entries naming a code above it, most
// specific first: partial codes ("S72.0-" for S72.001A) and codes printed without their 7th character (the Drug
// Table's "T51.3X1" for T51.3X1A); source order within each; at most `limit` (0: all).
std::vector<IndexHit> IndexEntriesForCode(const CodeSetPack& pack, std::string_view code, int limit = 0);

// Neoplasm Table / Drug Table rows whose term is `term` (any case; subterms too, e.g. "lung"), in source order.
std::vector<TableRow> NeoplasmRows(const CodeSetPack& pack, std::string_view term);
std::vector<TableRow> DrugRows(const CodeSetPack& pack, std::string_view term);
// The table row of term `id` (a Neoplasm or Drug Table term), or kNotFound.
Result<TableRow> LookupTableRow(const CodeSetPack& pack, int64_t id);

// One coded index path, for building a search index and for relevance checks ("path text as query, code as answer").
struct IndexPathEntry {
  int64_t term_id = 0;
  IndexTree tree = IndexTree::kIndex;
  int column = 0;    // 0, or the table column 1..6
  std::string path;  // "Diabetes, diabetic > type 2 > with > neuropathy"; tables end with " > <column name>"
  std::string nonessential;  // of the term itself
  IndexCode code;
};
// Calls `visit` for every term or table cell that prints a code (kind != kNone), trees in IndexTree order, source
// order within each: about 62,000 index, 7,000 external-cause and 40,000 table entries. Errors: a damaged pack.
Status ForEachIndexPath(const CodeSetPack& pack, const std::function<void(const IndexPathEntry&)>& visit);

}  // namespace medcode::engine
