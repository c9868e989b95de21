// codeset_msdrg.h: the MS-DRG v41.1 (FY2024, CMS) part of the code-set pack, compiled by codeset_msdrg.cpp from
// codesets/msdrg/v41.1-fy2024: the severity of a secondary diagnosis (CC or MCC, definitions manual appendices G and
// H), its principal-diagnosis (PDX) exclusion group (appendix C: a CC/MCC does not count as one when the principal
// diagnosis is in the group) and the DRG list (appendix A). No v42/v43 (FY2025/FY2026) definitions are in codesets/:
// v41.1 is used for later dates of service (the edition note says so). Not compiled: appendix B (ICD -> MDC/DRG
// index) and D (surgical hierarchy); no grouper logic, weights or GMLOS.
//
// A gap of the source: the appendix C file in codesets/ lists codes with a 7th character without it ("S72.001"
// stands for S72.001A..S72.001R), one row per (level, group), so for such codes the exact group is not known when
// several rows of the code's level remain (5,966 of the 18,215 CC/MCC codes). Those lookups give every candidate
// group (DxSeverity::pdx_group_exact is false) and IsCcExcluded answers only when all candidates agree.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/codeset_pack.h"
#include "engine/result.h"

namespace medcode::engine {

enum class SeverityLevel {
  kNone = 0,  // neither CC nor MCC
  kCc = 1,    // complication or comorbidity (appendix G)
  kMcc = 2,   // major complication or comorbidity (appendix H)
};
const char* SeverityLevelName(SeverityLevel level);  // "none", "CC", "MCC"

// Appendix C group number of the CC/MCC codes that are never excluded ("No Exc" in the file).
inline constexpr int kNoPdxExclusion = 0;
// "0002" as the manual writes group numbers; "No Exc" for kNoPdxExclusion.
std::string PdxGroupName(int group);

struct DxSeverity {
  std::string code;                       // dotted, as the pack stores ICD-10-CM codes
  SeverityLevel level = SeverityLevel::kNone;
  // The appendix C PDX exclusion group(s) of the code at its level, ascending; kNoPdxExclusion alone when it is
  // never excluded; empty when level is kNone. More than one only when pdx_group_exact is false.
  std::vector<int> pdx_groups;
  // False when appendix C (as in codesets/) lists the code only without its 7th character and more than one group
  // of the code's level remains: pdx_groups are then the candidates, not the group.
  bool pdx_group_exact = true;
};

// The MS-DRG v41.1 severity of `code` as a secondary diagnosis ("j96.01", "J9601", spaces ignored), with its PDX
// exclusion group. Level kNone for a code that is not a CC or MCC (or not a code).
DxSeverity IcdSeverity(const CodeSetPack& pack, std::string_view code);

enum class CcExclusion {
  kNotCc,      // the secondary diagnosis is neither a CC nor an MCC
  kCounts,     // it is a CC/MCC and the principal diagnosis is not in its exclusion group: it counts
  kExcluded,   // the principal diagnosis is in its exclusion group: it does not count as a CC/MCC
  kUncertain,  // the code's group is not exact (see DxSeverity) and the principal is in some candidates only
};
const char* CcExclusionMeaning(CcExclusion verdict);

// Whether the CC/MCC `secondary` counts with `principal` as the principal diagnosis.
CcExclusion CcExclusionOf(const CodeSetPack& pack, std::string_view secondary, std::string_view principal);
// True only when `secondary` is a CC/MCC that is excluded with `principal` (CcExclusionOf gives kExcluded).
bool IsCcExcluded(const CodeSetPack& pack, std::string_view secondary, std::string_view principal);

// The principal diagnoses of an exclusion group, dotted, in code order (empty for kNoPdxExclusion or an unknown group).
std::vector<std::string> PdxExclusionGroupMembers(const CodeSetPack& pack, int group);
// Every exclusion group number (kNoPdxExclusion included), ascending.
std::vector<int> PdxExclusionGroups(const CodeSetPack& pack);
// Every group with its principal diagnoses (as PdxExclusionGroupMembers), by group number, in two queries.
std::vector<std::pair<int, std::vector<std::string>>> ListPdxExclusionGroups(const CodeSetPack& pack);
// Every CC/MCC code with its level (pdx_groups as IcdSeverity gives them), in code order.
std::vector<DxSeverity> ListSeverities(const CodeSetPack& pack);

enum class DrgType {
  kNone = 0,      // blank in the manual: DRGs 998 and 999
  kSurgical = 1,  // "P"
  kMedical = 2,   // "M"
};

struct MsDrg {
  int drg = 0;            // 1..999
  std::string mdc;        // "01".."25"; empty for pre-MDC and the DRGs the manual lists without an MDC
  DrgType type = DrgType::kNone;
  std::string title;      // as published, upper case: "SEPTICEMIA OR SEVERE SEPSIS WITHOUT MV >96 HOURS WITH MCC"
};

// The DRG `drg` of v41.1, or kNotFound naming it.
Result<MsDrg> LookupMsDrg(const CodeSetPack& pack, int drg);
// Every DRG of v41.1, by number.
std::vector<MsDrg> ListMsDrgs(const CodeSetPack& pack);

}  // namespace medcode::engine
