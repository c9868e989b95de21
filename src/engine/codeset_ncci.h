// codeset_ncci.h: the NCCI (National Correct Coding Initiative, CMS) part of the code-set pack, compiled by
// codeset_ncci.cpp from codesets/ncci/2024q3: Medically Unlikely Edits (MUE: the most units of a code one provider
// reports for one patient, per table) and add-on code edits (which primary codes an add-on code needs).
// Edition 2024 Q3 (2024-07-01 .. 2024-09-30); no 2025/2026 release is in codesets/ (see codesets/ncci/SOURCE.md).
// The procedure-to-procedure (PTP) pair tables of the same release: codeset_ptp.h.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/codeset_pack.h"
#include "engine/result.h"

namespace medcode::engine {

// The three MUE tables CMS publishes; the values are stored in the pack (ncci_mue.mue_table).
enum class MueTable {
  kPractitioner = 1,        // practitioner services (professional claims)
  kOutpatientHospital = 2,  // outpatient hospital services (facility claims)
  kDmeSupplier = 3,         // durable medical equipment supplier claims
};
// "practitioner", "outpatient hospital", "DME supplier": for messages.
const char* MueTableName(MueTable table);

// MUE adjudication indicator (MAI): how the units are counted against the MUE.
enum class MueAdjudication {
  kPerLine = 1,           // claim line edit: the units of each line are compared with the MUE on their own
  kPerDayAbsolute = 2,    // date of service edit, policy: all lines of the date count; an absolute limit, no appeal
  kPerDayAppealable = 3,  // date of service edit, clinical: all lines of the date count; may be paid on appeal
};
// A sentence a coder understands, e.g. "per date of service; units above it may be paid on appeal with documentation".
const char* MueAdjudicationMeaning(MueAdjudication mai);

struct Mue {
  std::string code;  // CPT/HCPCS code as published: "99213", "E0601"
  MueTable table = MueTable::kPractitioner;
  int units = 0;  // the most units allowed; 0 means the code is not payable in this setting (see the rationale)
  MueAdjudication mai = MueAdjudication::kPerLine;
  std::string rationale;  // CMS rationale category: "CMS Policy", "Clinical: Data", ...
};

// The MUE of `code` (spaces ignored, any case) in `table`. kNotFound when the table has no MUE for the code: CMS
// publishes MUEs for most but not all codes, so a missing MUE means "no published unit limit", not "invalid code".
Result<Mue> LookupMue(const CodeSetPack& pack, MueTable table, std::string_view code);
// Every MUE of `table`, in code order (one query: for browsing a table, or checking many codes at once).
std::vector<Mue> ListMue(const CodeSetPack& pack, MueTable table);

// Add-on code edit types (CMS NCCI add-on code edit tables).
enum class AddOnEditType {
  kListedPrimaries = 1,      // paid only with one of the listed primary codes (the list is complete)
  kNoListedPrimaries = 2,    // CPT/CMS name no primary codes: the Medicare contractor decides which are allowed
  kSomeListedPrimaries = 3,  // some primary codes are listed; the contractor may allow others
};
const char* AddOnEditTypeMeaning(AddOnEditType type);

// The CMS placeholder in the primary-code column: "any primary code allowed by the CPT instructions for the add-on
// code". Kept as published (it is not a real code): check AddOnEdit::AnyPrimary() before treating it as one.
inline constexpr std::string_view kAnyPrimaryCode = "CCCCC";

struct AddOnEdit {
  std::string add_on_code;   // "22552"
  std::string primary_code;  // "22551", or kAnyPrimaryCode
  AddOnEditType type = AddOnEditType::kListedPrimaries;
  bool AnyPrimary() const { return primary_code == kAnyPrimaryCode; }
};

// The primary codes of an add-on code, in primary-code order; empty when `add_on_code` is not an add-on code.
std::vector<AddOnEdit> AddOnPrimaries(const CodeSetPack& pack, std::string_view add_on_code);
// True when `code` appears as an add-on code in the add-on code edit table.
bool IsAddOnCode(const CodeSetPack& pack, std::string_view code);

}  // namespace medcode::engine
