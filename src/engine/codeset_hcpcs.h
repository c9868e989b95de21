// codeset_hcpcs.h: the HCPCS part of the code-set pack (compiled by codeset_hcpcs.cpp from codesets/hcpcs/, see its
// SOURCE.md), read with free functions over an open CodeSetPack.
//
// Editions: "2024 July" (CMS alpha-numeric file, July 2024 quarter: descriptions and attributes) and "2026 Q3" (the
// July 2026 code list: validity only, no text). What the pack holds per code:
//   Level II codes (letter + 4 digits): validity in each edition, long and short descriptions (July 2024), the
//     attributes a coder and the claim scrubber need (pricing, coverage, BETOS, TOS, action, dates), the NOC flag.
//   CPT code numbers (Level I), known only from Restructured BETOS (RBCS): the number and its RBCS classification,
//     never a descriptor (AMA licence).
//   RBCS category / subcategory / family for both levels.
//   Modifiers (HCPCS Level II and CPT) with their type and, except for CPT ones, their CMS description.
// Gaps, in plain words: a code added after July 2024 is valid in 2026 Q3 but has no description or attributes
// (description_status says so, no text is invented); dental D codes keep empty descriptions (CDT text, © ADA).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/codeset_pack.h"
#include "engine/result.h"

namespace medcode::engine {

// Why a code has (or has no) description text. Stored as its integer value in hcpcs_code.description_status.
enum class HcpcsDescriptionStatus {
  kDescribed = 0,           // long (and usually short) description from the July 2024 file
  kNotInJuly2024 = 1,       // valid in 2026 Q3 but added after the July 2024 file: no text available here
  kDentalRemoved = 2,       // a D code: the CDT descriptor (© ADA) was emptied when codesets/ was gathered
  kCptNumberOnly = 3,       // a CPT code number known from RBCS: CPT descriptors (© AMA) are not distributed
  kRbcsOnly = 4,            // a Level II code known only from RBCS (in neither HCPCS file here): no text
};

// A plain-words reason for an empty description, for the UI and the CLI ("" when described).
const char* HcpcsDescriptionGap(HcpcsDescriptionStatus status);

struct HcpcsCode {
  std::string code;  // upper case, 5 characters: "E0601", "99213", "0001A"
  int level = 2;     // 2 = HCPCS Level II (letter + 4 digits); 1 = a CPT (Level I) code number from RBCS

  bool in_2024jul = false;  // in the July 2024 file (attributes or descriptions)
  bool in_2026q3 = false;   // listed in the July 2026 code list (the CMS file also lists recently terminated codes:
                            // see date_terminated)
  bool noc = false;         // not otherwise classified (July 2024 NOC list): needs a narrative on the claim

  HcpcsDescriptionStatus description_status = HcpcsDescriptionStatus::kDescribed;
  std::string long_description;                 // July 2024; "" when description_status says why
  std::vector<std::string> short_descriptions;  // distinct short texts in file order (usually one, a few have two)

  // July 2024 attributes (all "" for codes without attributes: D codes, CPT numbers, codes added after July 2024).
  std::string pricing;          // pricing indicator(s), "00", "51", "11:21" when several
  std::string multiple_pricing; // multiple pricing indicator: "A", "9", "C"
  std::string coverage;         // "C", "D", "I", "M", "S": see HcpcsCoverageText
  std::string betos;            // BETOS code, "D1E"
  std::string type_of_service;  // TOS code(s), "R", "1:P" when several
  std::string action;           // action code of the July 2024 file: "N" no change, "A" added, "C" changed, ...
  std::string cross_reference;  // a code to use instead (terminated codes), as published
  std::string date_added;       // YYYY-MM-DD
  std::string date_terminated;  // YYYY-MM-DD, "" when not terminated
  std::string date_action;      // YYYY-MM-DD of the last action, "" when none

  // Restructured BETOS (the row with the latest RBCS effective date); all "" when RBCS does not list the code.
  std::string rbcs_procedure;    // "Major", "Other", "Non-Procedure"
  std::string rbcs_category;     // "DME", "E&M", "Procedure", "Test", ...
  std::string rbcs_subcategory;  // "Other DME"
  std::string rbcs_family;       // "CPAP (sleep apnea)", or "No RBCS Family"
  std::string rbcs_effective;    // YYYY-MM-DD the classification took effect
  std::string rbcs_code_added;   // YYYY-MM-DD the code number was added (RBCS's own date; the only one for CPT)
  std::string rbcs_code_ended;   // YYYY-MM-DD the code number ended; "9999-12-31" when open

  bool described() const { return description_status == HcpcsDescriptionStatus::kDescribed; }
};

struct HcpcsModifier {
  std::string code;         // upper case: "59", "RT", "P1"; single letters are ambulance origin/destination codes
  std::string type;         // "HCPCS" (Level II), "CPT" (Level I), or "" when only modifiers_additional.csv lists it
  bool also_cpt = false;    // listed as CPT too (P1-P6: ASA physical status, published by CMS and in CPT)
  std::string categories;   // both files' categories, distinct, "; "-separated: "Anatomic Side of Body; Anatomical"
  std::string description;  // CMS text; "" for CPT modifiers (AMA licence) and the ambulance letters (none published)
  std::string additional_description;  // modifiers_additional.csv's text when it differs from `description`
};

// "C" -> "Carrier judgment", ...: the coverage code's meaning (CMS HCPCS record layout); "" for an unknown code.
const char* HcpcsCoverageText(std::string_view coverage);

// "e0601 " -> "E0601": spaces removed, upper case.
std::string NormalizeHcpcsCode(std::string_view code);

// The code as the pack knows it (Level II from either edition, or a CPT number from RBCS). kInvalidArgument when the
// text is not shaped like a HCPCS/CPT code (5 letters or digits); kNotFound naming the editions searched.
Result<HcpcsCode> LookupHcpcs(const CodeSetPack& pack, std::string_view code);
// The modifier (1-2 characters), or kNotFound / kInvalidArgument with a message naming it.
Result<HcpcsModifier> LookupModifier(const CodeSetPack& pack, std::string_view code);

// Which codes CountHcpcs counts.
enum class HcpcsCount {
  kValid2026Q3,  // Level II codes listed in the July 2026 code list
  kJuly2024,     // Level II codes in the July 2024 file (attributes or descriptions, D codes included)
  kCptNumbers,   // CPT code numbers known from RBCS
  kNoc,          // Level II codes flagged not otherwise classified
  kModifiers,    // modifiers
};
// The number of codes of that kind in the pack; -1 when the pack holds no HCPCS tables (a pack built before them).
int64_t CountHcpcs(const CodeSetPack& pack, HcpcsCount what);

}  // namespace medcode::engine
