// codeset_mce.h: the Medicare Code Editor (MCE, CMS) part of the code-set pack, compiled by codeset_mce.cpp from
// codesets/mce/mce-v41.1-fy2024: for an ICD-10-CM code, the MCE v41.1 (FY2024) age, sex and manifestation edits
// (newborn, pediatric, maternity, adult; female only, male only; manifestation code not allowed as principal dx).
// Only these edits are in codesets/: no unacceptable principal dx, questionable admission, non-specific principal dx
// or other MCE lists. No FY2025/FY2026 MCE either: v41.1 is used for later dates of service (the edition note says
// so) and codes added to ICD-10-CM since FY2024 have no edits here. The older HHS-HCC 2019 MCE age/sex lists in
// codesets/mce/ are not compiled: all but two of their codes are in v41.1 with the same edit, their age bands
// (maternity 12-55, adult 14+) belong to another program, and the two others (O86.0, O90.4) stopped being codes in
// FY2019.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/codeset_pack.h"

namespace medcode::engine {

// One MCE edit; the value is the bit of MceEdits::mask (and of mce_edit.edits in the pack).
enum class MceEdit {
  kNewborn = 0,        // Age: "Perinatal/Newborn (Age 0 Only)"
  kPediatric = 1,      // Age: "Pediatric (Ages 0-17)"
  kMaternity = 2,      // Age: "Maternity (Ages 9-64)"
  kAdult = 3,          // Age: "Adult (Ages 15-124)"
  kFemaleOnly = 4,     // Sex: "Female Only"
  kMaleOnly = 5,       // Sex: "Male Only"
  kManifestation = 6,  // Other: "Manifestation (Not Allowed as Principal Diagnosis)"
};
inline constexpr int kMceEditCount = 7;

// The edit as CMS names it in the MCE definitions ("Maternity (Ages 9-64)"), the group ("Age", "Sex", "Other") and a
// sentence for a coder ("the patient's age must be 9-64: a maternity code").
const char* MceEditRule(MceEdit edit);
const char* MceEditGroup(MceEdit edit);
const char* MceEditMeaning(MceEdit edit);
// The ages (in whole years, inclusive) an age edit allows; nullopt for the sex and manifestation edits.
struct MceAgeRange {
  int min_age = 0;
  int max_age = 0;
};
std::optional<MceAgeRange> MceEditAges(MceEdit edit);

struct MceEdits {
  std::string code;   // dotted, as the pack stores ICD-10-CM codes: "O80"
  uint32_t mask = 0;  // bit (int)MceEdit; 0 when the code has none of these edits
  bool Has(MceEdit edit) const { return mask & (1u << static_cast<int>(edit)); }
  bool None() const { return mask == 0; }
  std::vector<MceEdit> List() const;  // in enum order
};

// The MCE v41.1 edits of `code` ("e11.9", "O80", spaces ignored). A code with no edits (or not an ICD-10-CM code at
// all) gives mask 0: check the code itself with CodeSetPack::Icd.
MceEdits IcdMceEdits(const CodeSetPack& pack, std::string_view code);
// Every code with at least one edit, in code order (one query: for browsing, or checking many codes at once).
std::vector<MceEdits> ListMceEdits(const CodeSetPack& pack);

}  // namespace medcode::engine
