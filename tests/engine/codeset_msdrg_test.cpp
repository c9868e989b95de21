// codeset_msdrg_test.cpp: the MS-DRG v41.1 part of the code-set pack (CC/MCC levels, appendix C PDX exclusion groups,
// DRG list), checked row by row against the raw CMS files the build decompressed into MEDCODE_CODESETS_RAW; spot
// checks a coder would recognise; malformed files, which must fail the compiler with their file and line.
#include "engine/codeset_msdrg.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <map>
#include <set>
#include <tuple>

#include "engine/codeset_build.h"
#include "engine/csv.h"
#include "engine/sha256.h"
#include "codeset_test_util.h"
#include "test_util.h"

using namespace medcode::engine;
using medcode::test::ReadBytes;
using medcode::test::ReplaceLine;
using medcode::test::WriteRawInput;
using medcode::test::CompileAlone;
using medcode::test::TempDir;
using medcode::test::WriteBytes;

namespace {

const std::string kRaw = MEDCODE_CODESETS_RAW;
const std::string kPackPath = MEDCODE_TEST_PACK;
const char* const kDrgs = "msdrg/v41.1-fy2024/msdrg_41.csv";
const char* const kCcs = "msdrg/v41.1-fy2024/msdrg_icd_ccs_41.csv";
const char* const kMccs = "msdrg/v41.1-fy2024/msdrg_icd_mccs_41.csv";
const char* const kCcPdx = "msdrg/v41.1-fy2024/msdrg_appendixC_cc_mcc_pdx_group_41.csv";
const char* const kPdxGroups = "msdrg/v41.1-fy2024/msdrg_appendixC_pdx_exclusion_groups_41.csv";
const char* const kInputs[] = {kDrgs, kCcs, kMccs, kCcPdx, kPdxGroups};

// Runs only the MS-DRG compiler over a folder holding its inputs, `rel` replaced by `content`.
Status CompileMsDrgWith(const std::string& dir, const std::string& rel, const std::string& content) {
  for (const char* in : kInputs) {
    WriteRawInput(dir, in, rel, content);
  }
  return CompileAlone(&CompileMsDrg, dir);
}

// Reads a raw CSV whole: header columns by name, then every record as strings.
struct RawCsv {
  std::map<std::string, size_t> columns;
  std::vector<std::vector<std::string>> rows;
  const std::string& At(size_t row, const char* column) const { return rows[row][columns.at(column)]; }
};
RawCsv ReadRaw(const char* rel) {
  RawCsv out;
  const std::string text = ReadBytes(kRaw + "/" + rel);
  CsvReader reader(text, rel);
  REQUIRE(reader.ReadHeader().ok());
  for (size_t i = 0; i < reader.header().size(); ++i) out.columns[reader.header()[i]] = i;
  std::vector<std::string_view> f;
  while (reader.Next(f).value()) out.rows.emplace_back(f.begin(), f.end());
  return out;
}

int GroupNumber(const std::string& text) { return text == "No Exc" ? kNoPdxExclusion : std::stoi(text); }

}  // namespace

TEST_CASE("every CC and MCC of appendices G and H round-trips with its level", "[codesets][msdrg]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  std::map<std::string, SeverityLevel> expected;
  for (const auto& [rel, level] : {std::pair{kCcs, SeverityLevel::kCc}, std::pair{kMccs, SeverityLevel::kMcc}}) {
    const RawCsv raw = ReadRaw(rel);
    for (size_t i = 0; i < raw.rows.size(); ++i) {
      CHECK(raw.At(i, "dx_type") == SeverityLevelName(level));
      expected[raw.At(i, "icd_code")] = level;
    }
  }
  CHECK(expected.size() == 14885 + 3330);
  std::map<std::string, SeverityLevel> in_pack;
  for (const auto& d : ListSeverities(*pack)) in_pack[d.code] = d.level;
  CHECK(in_pack == expected);
  int64_t mismatches = 0, n = 0;
  for (const auto& [code, level] : expected) {
    if (++n % 10 != 0) continue;  // IcdSeverity on a sample (dotless input)
    if (IcdSeverity(*pack, IcdDotless(code)).level != level) ++mismatches;
  }
  CHECK(mismatches == 0);
}

TEST_CASE("every appendix C row round-trips: each CC/MCC gets the groups of its code (or 7th-character stem)",
          "[codesets][msdrg]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  const RawCsv raw = ReadRaw(kCcPdx);
  std::map<std::pair<std::string, int>, std::set<int>> rows;  // (code as listed, level) -> groups
  for (size_t i = 0; i < raw.rows.size(); ++i) {
    const int level = raw.At(i, "cc_mcc") == "MCC" ? 2 : 1;
    rows[{raw.At(i, "icd_code"), level}].insert(GroupNumber(raw.At(i, "pdx_exclusion_group")));
  }
  CHECK(raw.rows.size() == 13747);

  std::set<std::pair<std::string, int>> used;
  int64_t mismatches = 0, inexact = 0;
  for (const auto& d : ListSeverities(*pack)) {
    const int level = static_cast<int>(d.level);
    std::set<int> want;
    bool exact = true;
    if (auto it = rows.find({d.code, level}); it != rows.end()) {
      want = it->second;
      used.insert(it->first);
    } else if (auto stem = rows.find({d.code.substr(0, d.code.size() - 1), level}); stem != rows.end()) {
      want = stem->second;
      used.insert(stem->first);
      exact = want.size() == 1;
    }
    inexact += !exact;
    if (std::set<int>(d.pdx_groups.begin(), d.pdx_groups.end()) != want || d.pdx_group_exact != exact ||
        want.empty()) {
      ++mismatches;
      UNSCOPED_INFO("groups differ for " << d.code);
    }
  }
  CHECK(mismatches == 0);
  CHECK(used.size() == rows.size());  // every (code, level) of appendix C reaches some CC/MCC
  CHECK(inexact == 5966);             // the gap the edition note and codeset_msdrg.h state
  auto count = pack->db().Prepare("SELECT count(*) FROM msdrg_cc_pdx");
  REQUIRE(count.ok());
  REQUIRE(count->Step().value());
  CHECK(count->ColumnInt(0) == static_cast<int64_t>(raw.rows.size()));
}

TEST_CASE("every exclusion group -> principal dx row of appendix C round-trips", "[codesets][msdrg]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  const RawCsv raw = ReadRaw(kPdxGroups);
  CHECK(raw.rows.size() == 171392);
  std::map<int, std::vector<std::string>> expected;
  for (size_t i = 0; i < raw.rows.size(); ++i) {
    auto& members = expected[GroupNumber(raw.At(i, "pdx_exclusion_group"))];
    if (!raw.At(i, "principal_dx_icd_code").empty()) members.push_back(raw.At(i, "principal_dx_icd_code"));
  }
  for (auto& [g, members] : expected) std::sort(members.begin(), members.end());
  std::map<int, std::vector<std::string>> in_pack;
  for (auto& [g, members] : ListPdxExclusionGroups(*pack)) in_pack[g] = std::move(members);
  CHECK(in_pack.size() == 2040);
  CHECK(in_pack == expected);
  CHECK(in_pack.at(kNoPdxExclusion).empty());
  // The one-group reader agrees with the bulk one.
  CHECK(PdxExclusionGroupMembers(*pack, 1044) == expected.at(1044));
  CHECK(PdxExclusionGroupMembers(*pack, 99999).empty());

  // IsCcExcluded over a sample of exact CC/MCC codes: every member of its group excludes it, the codes just outside
  // the group's ends in the sorted list of all principal dx do not (unless in the group).
  std::set<std::string> all_pdx;
  for (const auto& [g, members] : expected) all_pdx.insert(members.begin(), members.end());
  int64_t checked = 0, wrong = 0, n = 0;
  for (const auto& d : ListSeverities(*pack)) {
    if (++n % 97 != 0 || !d.pdx_group_exact || d.pdx_groups[0] == kNoPdxExclusion) continue;
    const auto& members = expected.at(d.pdx_groups[0]);
    const std::set<std::string> member_set(members.begin(), members.end());
    for (size_t i = 0; i < members.size(); i += 1 + members.size() / 8) {
      ++checked;
      if (CcExclusionOf(*pack, d.code, members[i]) != CcExclusion::kExcluded) ++wrong;
    }
    for (const std::string& edge : {members.front(), members.back()}) {
      auto it = all_pdx.find(edge);
      for (auto near : {it == all_pdx.begin() ? all_pdx.end() : std::prev(it), std::next(it)}) {
        if (near == all_pdx.end() || member_set.count(*near)) continue;
        ++checked;
        if (IsCcExcluded(*pack, d.code, *near)) ++wrong;
      }
    }
  }
  CHECK(checked > 200);
  CHECK(wrong == 0);
}

TEST_CASE("MS-DRG spot checks: a known MCC and CC, own-PDX exclusion, a 7th-character code", "[codesets][msdrg]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  // J96.01 Acute respiratory failure with hypoxia: an MCC, exclusion group 1044.
  const DxSeverity arf = IcdSeverity(*pack, "j9601");
  CHECK(arf.code == "J96.01");
  CHECK(arf.level == SeverityLevel::kMcc);
  CHECK(arf.pdx_groups == std::vector<int>{1044});
  CHECK(arf.pdx_group_exact);
  CHECK(PdxGroupName(arf.pdx_groups[0]) == "1044");
  // N17.9 Acute kidney failure, unspecified: a CC, group 1377.
  const DxSeverity aki = IcdSeverity(*pack, "N17.9");
  CHECK(aki.level == SeverityLevel::kCc);
  CHECK(aki.pdx_groups == std::vector<int>{1377});
  // A CC/MCC is not one when it is also the principal diagnosis (its own group holds it).
  CHECK(IsCcExcluded(*pack, "J96.01", "J96.01"));
  CHECK(IsCcExcluded(*pack, "N17.9", "N17.9"));
  CHECK(CcExclusionOf(*pack, "N17.9", "J96.01") == CcExclusion::kCounts);
  CHECK(CcExclusionOf(*pack, "J96.01", "N17.9") == CcExclusion::kCounts);
  // E11.9 is neither.
  CHECK(IcdSeverity(*pack, "E11.9").level == SeverityLevel::kNone);
  CHECK(IcdSeverity(*pack, "E11.9").pdx_groups.empty());
  CHECK(CcExclusionOf(*pack, "E11.9", "J96.01") == CcExclusion::kNotCc);
  CHECK_FALSE(IsCcExcluded(*pack, "E11.9", "E11.9"));
  // S72.001A (fracture of the right femoral neck, initial encounter, closed) is an MCC; appendix C as in codesets/
  // lists it as "S72.001" with two MCC groups, so both are candidates. S72.001K (subsequent encounter) is a CC with
  // the stem's only CC group.
  const DxSeverity fracture = IcdSeverity(*pack, "S72.001A");
  CHECK(fracture.level == SeverityLevel::kMcc);
  CHECK(fracture.pdx_groups == std::vector<int>{1808, 1809});
  CHECK_FALSE(fracture.pdx_group_exact);
  const DxSeverity later = IcdSeverity(*pack, "S72.001K");
  CHECK(later.level == SeverityLevel::kCc);
  CHECK(later.pdx_groups == std::vector<int>{1265});
  CHECK(later.pdx_group_exact);
  CHECK(IcdSeverity(*pack, "S72.001D").level == SeverityLevel::kNone);  // routine healing: not a CC
  CHECK(std::string(CcExclusionMeaning(CcExclusion::kUncertain)).find("7th character") != std::string::npos);
}

TEST_CASE("every DRG of appendix A round-trips", "[codesets][msdrg]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  const RawCsv raw = ReadRaw(kDrgs);
  const auto drgs = ListMsDrgs(*pack);
  REQUIRE(drgs.size() == raw.rows.size());
  CHECK(drgs.size() == 766);
  int64_t mismatches = 0;
  for (size_t i = 0; i < drgs.size(); ++i) {
    const std::string type = drgs[i].type == DrgType::kSurgical ? "P" : drgs[i].type == DrgType::kMedical ? "M" : "";
    if (std::stoi(raw.At(i, "drg")) != drgs[i].drg || raw.At(i, "mdc") != drgs[i].mdc ||
        raw.At(i, "drg_abb") != type || raw.At(i, "drg_description") != drgs[i].title) {
      ++mismatches;
      UNSCOPED_INFO("DRG differs at row " << i + 2);
    }
  }
  CHECK(mismatches == 0);
  auto sepsis = LookupMsDrg(*pack, 871);
  REQUIRE(sepsis.ok());
  CHECK(sepsis->mdc == "18");
  CHECK(sepsis->type == DrgType::kMedical);
  CHECK(sepsis->title == "SEPTICEMIA OR SEVERE SEPSIS WITHOUT MV >96 HOURS WITH MCC");
  CHECK(LookupMsDrg(*pack, 998)->type == DrgType::kNone);
  auto missing = LookupMsDrg(*pack, 9);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::kNotFound);
}

TEST_CASE("the pack records the MS-DRG inputs and the v41.1 edition with its gaps", "[codesets][msdrg]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  std::set<std::string> inputs;
  for (const auto& in : pack->Inputs()) {
    if (in.set != "msdrg") continue;
    inputs.insert(in.path);
    CHECK(in.edition == "v41.1");
    CHECK(in.sha256 == Sha256::Hex(ReadBytes(kRaw + "/" + in.path)));
  }
  CHECK(inputs == std::set<std::string>(std::begin(kInputs), std::end(kInputs)));
  int editions = 0;
  for (const auto& e : pack->Editions()) {
    if (e.set != "msdrg") continue;
    ++editions;
    CHECK(e.valid_from == "2023-10-01");
    CHECK(e.valid_to == "2024-09-30");
    CHECK(e.note.find("later dates of service") != std::string::npos);
    CHECK(e.note.find("7th-character") != std::string::npos);
  }
  CHECK(editions == 1);
}

TEST_CASE("malformed MS-DRG files fail the MS-DRG compiler with their file and line", "[codesets][msdrg]") {
  TempDir dir;
  const std::string raw = dir.File("raw");
  std::string rel, content, message;
  size_t line = 0;
  SECTION("a CC/MCC level that is neither") {
    rel = kCcPdx;
    std::tie(line, content) = ReplaceLine(ReadBytes(kRaw + "/" + rel), "J96.01,", "J96.01,XCC,1044");
    message = "cc_mcc";
  }
  SECTION("an exclusion group that is not 4 digits") {
    rel = kCcPdx;
    std::tie(line, content) = ReplaceLine(ReadBytes(kRaw + "/" + rel), "J96.01,", "J96.01,MCC,10A4");
    message = "pdx_exclusion_group";
  }
  SECTION("appendix C naming a level appendix H does not give the code") {
    rel = kCcPdx;
    std::tie(line, content) = ReplaceLine(ReadBytes(kRaw + "/" + rel), "J96.01,", "J96.01,CC,1044");
    message = "appendix G/H";
  }
  SECTION("appendix G listing an MCC") {
    rel = kCcs;
    std::tie(line, content) =
        ReplaceLine(ReadBytes(kRaw + "/" + rel), "N17.9,", "N17.9,\"Acute kidney failure, unspecified\",MCC");
    message = "dx_type";
  }
  SECTION("a principal dx that is not a code") {
    rel = kPdxGroups;
    std::tie(line, content) = ReplaceLine(ReadBytes(kRaw + "/" + rel), "1044,J96.01", "1044,J9601");
    message = "principal_dx_icd_code";
  }
  SECTION("a DRG listed twice") {
    rel = kDrgs;
    std::tie(line, content) = ReplaceLine(ReadBytes(kRaw + "/" + rel), "871,",
                                          "871,18,M,SEPTICEMIA\r\n871,18,M,SEPTICEMIA AGAIN");
    ++line;
    message = "twice";
  }
  const Status s = CompileMsDrgWith(raw, rel, content);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == ErrorCode::kParse);
  CHECK(s.error().where == rel + ":" + std::to_string(line));
  CHECK(s.error().message.find(message) != std::string::npos);
}
