// codeset_reference.h: the claim reference lists of the code-set pack, compiled by codeset_reference.cpp from
// codesets/reference: CMS place of service (POS) codes, and the X12 claim adjustment reason codes (CARC), remittance
// advice remark codes (RARC) and claim adjustment group codes. The CARC/RARC list is © X12: fine for validating
// remittance data, not to be republished (see codesets/reference/SOURCE.md); it was last modified 2022-11-16, so
// codes added or changed since are missing.
#pragma once

#include <string>
#include <string_view>

#include "engine/codeset_pack.h"
#include "engine/date.h"
#include "engine/result.h"

namespace medcode::engine {

struct PlaceOfService {
  std::string code;         // two digits, "11"
  std::string type;         // as published: "Facility", "Non-Facility" or "Unassigned"
  std::string name;         // "Office"
  std::string description;  // CMS definition
  bool Assigned() const { return type != "Unassigned"; }
  // Facility rates of the physician fee schedule apply (hospital, SNF, ...); false for non-facility and unassigned.
  bool Facility() const { return type == "Facility"; }
};

// The POS code `code` ("11"; a single digit "9" is read as "09"). Every code 01..99 is in the list, unassigned ones
// too (Assigned() is false for them); kNotFound for anything else, kInvalidArgument for a value that is not digits.
Result<PlaceOfService> LookupPlaceOfService(const CodeSetPack& pack, std::string_view code);

// The kinds of adjustment codes; the names are stored in the pack as published (ref_adjustment_code.kind).
enum class AdjustmentKind {
  kCarc,   // claim adjustment reason code (CAS02/05/...): "45"
  kRarc,   // remittance advice remark code (LQ segment, MOA/MIA): "N130"
  kGroup,  // claim adjustment group code (CAS01): "CO", "PR", "OA", "PI", "CR"
};
// "CARC", "RARC", "Group": the kind as the source file names it.
const char* AdjustmentKindName(AdjustmentKind kind);

struct AdjustmentCode {
  AdjustmentKind kind = AdjustmentKind::kCarc;
  std::string code;
  std::string description;
  std::string usage;          // X12 usage note, often empty
  std::string notes;          // X12 notes ("(Modified 4/1/07, 7/1/08)"), often empty
  std::string start_date;     // YYYY-MM-DD; empty for the group codes
  std::string last_modified;  // YYYY-MM-DD or empty
  std::string end_date;       // YYYY-MM-DD (X12 stop date) or empty while the code is in use
  // Started on or before `on` and not stopped before it (the stop date itself still counts).
  bool ActiveOn(const Date& on) const;
};

// The code of that kind (spaces ignored, any case). kNotFound names the kind and the list's edition. An end-dated
// code is still returned: check end_date / ActiveOn() for the date of service.
Result<AdjustmentCode> LookupAdjustmentCode(const CodeSetPack& pack, AdjustmentKind kind, std::string_view code);
inline Result<AdjustmentCode> LookupCarc(const CodeSetPack& pack, std::string_view code) {
  return LookupAdjustmentCode(pack, AdjustmentKind::kCarc, code);
}
inline Result<AdjustmentCode> LookupRarc(const CodeSetPack& pack, std::string_view code) {
  return LookupAdjustmentCode(pack, AdjustmentKind::kRarc, code);
}
inline Result<AdjustmentCode> LookupGroupCode(const CodeSetPack& pack, std::string_view code) {
  return LookupAdjustmentCode(pack, AdjustmentKind::kGroup, code);
}

}  // namespace medcode::engine
