// code_detail.h: everything the screen shows about one code (ICD-10-CM, HCPCS Level II or CPT) on a date of service,
// gathered from the code-set pack and the user's imported CPT descriptors. The search box previews it; the Code
// detail part of the Codes panel shows it whole. A view model: plain data, no UI.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/codeset_pack.h"
#include "engine/date.h"

namespace medcode::app {

enum class CodeKind { kNone, kIcd10cm, kHcpcs, kCpt };
const char* CodeKindName(CodeKind kind);  // "ICD-10-CM", "HCPCS Level II", "CPT"

// One labelled line in a group of facts: "MUE practitioner" -> "2 units per day (MAI 3: ...)".
struct DetailFact {
  std::string group;  // "Validity", "Edits", "Payment", "Risk adjustment", "Classification"
  std::string label;
  std::string value;
};

// A code a note names, as written ("E10.-", "E08-E13") and the code the detail view opens for it ("E10", "E08").
struct DetailLink {
  std::string label;
  std::string code;
};

// An instructional note (ICD-10-CM tabular) with the codes it names, which the UI makes clickable.
struct DetailNote {
  std::string kind;  // "Excludes1", "Code first", ...
  std::string text;
  std::string from;  // where the tabular puts it when inherited: "E11", "chapter 4", "section E08-E13"; "" when own
  int block = 0;     // notes of one heading (kind + from + block) are shown together
  std::vector<DetailLink> links;
};

// One 7th-character choice of a code that needs one.
struct SeventhOption {
  std::string character;  // "A"
  std::string meaning;    // "initial encounter for closed fracture"
  std::string code;       // the full code with it ("S72.001A"), or "" when the code shown has no such code below it
};

struct CodeLookup {
  std::string query;  // the query this answers
  bool found = false;
  CodeKind kind = CodeKind::kNone;
  std::string code;                     // as coders write it: "E11.9", "99213", "E0601"
  std::string shown_description;        // never blank: the text, or why there is none
  std::vector<std::string> badges;      // "Billable", "Header", "HCC 38 (V28)", "MCC", "Add-on", "NOC"
  std::vector<std::string> breadcrumb;  // ICD: chapter, section, category, each "ID  title"
  std::string at_date_of_service;       // "Billable on 2025-03-04 (FY2025).", "Not valid on ...", ...
  bool billable_at_dos = false;
  bool dos_checked = false;             // the date of service is a date within the editions loaded
  std::string valid_dates;              // "2023-10-01 .. 2026-09-30 (FY2024-FY2026, the editions loaded)"
  std::vector<DetailFact> facts;
  std::vector<DetailNote> notes;
  std::string seventh_rule;             // "7th character required (defined at S72)", "7th character A: ...", ""
  std::vector<SeventhOption> seventh_characters;
  engine::IcdCode icd;                  // kind == kIcd10cm: the pack's record (validity masks per fiscal year)
  std::vector<engine::IcdCode> children;  // ICD: codes one level below
  std::string message;                  // when not found: what to do
};

// Where a lookup gets the user's own licensed CPT descriptor of a code (the Session's store); nullopt when none.
using CptDescriptorSource = std::function<std::optional<std::string>(const std::string& code)>;

// How much to gather: a preview (the search box, recomputed as the user types) leaves out what it does not show
// (tabular notes, 7th characters, index entries, PTP edits).
enum class LookupDepth { kPreview, kFull };

// Looks `query` up as an ICD-10-CM code first (E11.9, e119), then as a HCPCS Level II or CPT code. `dos` is the
// open encounter's date of service ("" when none or not a date).
CodeLookup LookUpCode(const engine::CodeSetPack& pack, const std::string& query, const std::string& dos,
                      const CptDescriptorSource& cpt_descriptor, LookupDepth depth = LookupDepth::kFull);

}  // namespace medcode::app
