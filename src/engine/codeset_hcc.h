// codeset_hcc.h: the CMS-HCC risk adjustment part of the code-set pack (Medicare Advantage), compiled by codeset_hcc.cpp
// from codesets/hcc: ICD-10-CM -> HCC mappings of model V24 (2022 mapping, F2422P1M) and V28 (2024 final mapping,
// F2824T1N), the HCC labels, the hierarchies (which HCCs a higher HCC drops) and the community, non-dual, aged
// relative factor of each HCC.
//
// V24: F2422P1M is compiled, not F24_AllYearsCombined. The all-years file is the same 9,875 pairs plus 32 from older
// years: 27 for codes that are headers or gone by FY2024 (N18.3, I48.1, J82, T40.4X1A, ...; a claim of the pack's
// years cannot carry them) and 5 that give E08.52/E09.52/E10.52/E11.52/E13.52 a third HCC, 108, from a year before
// they mapped to 106: mixing years would be wrong there. F2422P1M is one year's mapping as CMS published it. Neither
// V24 file maps codes added to ICD-10-CM after FY2022 (e.g. the FY2023 T40.7X2A split). V28: 2024 final mapping; no 2025/2026 mapping is in
// codesets/, so it is used for later dates of service and codes added since FY2024 map to nothing. Not compiled: the
// V28 FY22/FY23 mapping F2823T2N, the other model segments' factors and the interaction terms (D1.., DIABETES_CHF..),
// normalization and coding-intensity factors; no RxHCC, ESRD or HHS-HCC models.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/codeset_pack.h"
#include "engine/result.h"

namespace medcode::engine {

enum class HccModel {
  kV24 = 24,  // CMS-HCC V24 (86 payment HCCs): blended with V28 for payment years 2024 (67%) and 2025 (33%)
  kV28 = 28,  // CMS-HCC V28 (115 payment HCCs): 33% of PY2024, 67% of PY2025, 100% from PY2026
};
const char* HccModelName(HccModel model);  // "CMS-HCC V24"

struct Hcc {
  HccModel model = HccModel::kV24;
  int number = 0;             // 19: "HCC19"
  std::string label;          // "Diabetes without Complication"
  std::string hierarchy_group;  // the group of the hierarchy rule this HCC heads ("Diabetes 1"); empty if none
  std::string cna_factor;     // community, non-dual, aged relative factor as published ("0.105"); CNA_HCC<n>
};

struct IcdHccMap {
  std::string code;      // dotted, as the pack stores ICD-10-CM codes
  std::vector<Hcc> v24;  // ascending by number; empty when the code maps to no V24 HCC (at most two)
  std::vector<Hcc> v28;
};

// The V24 and V28 HCCs of `code` ("E11.9", "e119", spaces ignored).
IcdHccMap IcdHcc(const CodeSetPack& pack, std::string_view code);
// The HCC `number` of `model`, or kNotFound naming it.
Result<Hcc> LookupHcc(const CodeSetPack& pack, HccModel model, int number);
// Every payment HCC of `model`, by number.
std::vector<Hcc> ListHccs(const CodeSetPack& pack, HccModel model);
// The HCCs `hcc` drops when both are present (the model's hierarchy), ascending; empty when it drops none.
std::vector<int> HccDrops(const CodeSetPack& pack, HccModel model, int hcc);
// The HCCs that remain of `hccs` once the hierarchy is applied: any HCC dropped by another one present is removed.
// Ascending, without duplicates. kInvalidArgument naming the number when one is not a payment HCC of `model`.
Result<std::vector<int>> ApplyHccHierarchy(const CodeSetPack& pack, HccModel model, const std::vector<int>& hccs);
// Every (code, HCC number) pair of `model`'s mapping, in code then HCC order (one query: for browsing or checking).
std::vector<std::pair<std::string, int>> ListHccMap(const CodeSetPack& pack, HccModel model);

}  // namespace medcode::engine
