// codeset_ncci_test.cpp: the NCCI part of the code-set pack (MUE tables, add-on code edits), checked row by row
// against the raw CMS files the build decompressed into MEDCODE_CODESETS_RAW, not against numbers typed here; then
// malformed NCCI files, which must fail the build with their file and line.
#include "engine/codeset_ncci.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>
#include <utility>

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
const char* const kMuePractitioner = "ncci/2024q3/ncci_mue_practitioner_2024-07-01.csv";
const char* const kMueOutpatient = "ncci/2024q3/ncci_mue_outpatient_hospital_2024-07-01.csv";
const char* const kMueDme = "ncci/2024q3/ncci_mue_dme_supplier_2024-07-01.csv";
const char* const kAddOn = "ncci/2024q3/ncci_add_on_code_edits_2024-06-03.csv";
const char* const kPtpPractitioner = "ncci/2024q3/ncci_ptp_practitioner_pairs_2024-07-01.csv";
const char* const kPtpOutpatient = "ncci/2024q3/ncci_ptp_outpatient_hospital_pairs_2024-07-01.csv";
const std::pair<MueTable, const char*> kMueFiles[] = {{MueTable::kPractitioner, kMuePractitioner},
                                                      {MueTable::kOutpatientHospital, kMueOutpatient},
                                                      {MueTable::kDmeSupplier, kMueDme}};

// Links every input of the pack the build made (its manifest lists them all, whichever sets are compiled) into
// `dir`, but writes `rel` with `content`. Symbolic links: the PTP tables alone are 270 MB.
void MakeRawDir(const CodeSetPack& pack, const std::string& dir, const std::string& rel, const std::string& content) {
  for (const auto& in : pack.Inputs()) {
    const std::string out = dir + "/" + in.path;
    std::filesystem::create_directories(std::filesystem::path(out).parent_path());
    if (in.path == rel) {
      WriteBytes(out, content);
    } else {
      std::filesystem::create_symlink(std::filesystem::absolute(kRaw + "/" + in.path), out);
    }
  }
}

// Runs only the NCCI compiler over a folder holding the NCCI inputs, `rel` replaced by `content`: quick, so that each
// malformed case is tried without compiling the other sets first (one case goes through BuildCodeSetPack).
Status CompileNcciWith(const std::string& dir, const std::string& rel, const std::string& content) {
  for (const char* in : {kMuePractitioner, kMueOutpatient, kMueDme, kAddOn}) {
    WriteRawInput(dir, in, rel, content);
  }
  // The PTP tables (read last, see codeset_ptp_test.cpp): their header and one row each, to keep this quick.
  for (const char* in : {kPtpPractitioner, kPtpOutpatient}) {
    WriteBytes(dir + "/" + in,
               "column1,column2,deletion_date,modifier_indicator,ptp_edit_rationale\r\n"
               "29881,29875,,1,More extensive procedure\r\n");
  }
  return CompileAlone(&CompileNcci, dir);
}

size_t CountLines(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) +
         (text.empty() || text.back() == '\n' ? 0 : 1);
}

}  // namespace

TEST_CASE("every MUE row of the three CMS tables round-trips through the pack", "[codesets][ncci]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  for (const auto& [table, rel] : kMueFiles) {
    INFO(rel);
    const std::string text = ReadBytes(kRaw + "/" + rel);
    CsvReader reader(text, rel);
    REQUIRE(reader.ReadHeader().ok());
    const size_t c_code = reader.Column("hcpcs_code").value(), c_units = reader.Column("mue_units").value(),
                 c_mai = reader.Column("mue_mai").value(), c_rationale = reader.Column("mue_rationale").value();
    // The whole table in one query (fast in the wasm build too), every row checked; LookupMue on a sample.
    std::map<std::string, Mue> in_pack;
    for (auto& m : ListMue(*pack, table)) in_pack.emplace(m.code, std::move(m));
    std::vector<std::string_view> f;
    int64_t rows = 0, mismatches = 0;
    while (reader.Next(f).value()) {
      ++rows;
      auto it = in_pack.find(std::string(f[c_code]));
      if (it == in_pack.end() || it->second.table != table || std::to_string(it->second.units) != f[c_units] ||
          std::to_string(static_cast<int>(it->second.mai)) != f[c_mai] || it->second.rationale != f[c_rationale]) {
        ++mismatches;
        UNSCOPED_INFO("mismatch at " << reader.Where());
        continue;
      }
      if (rows % 25 == 0) {
        auto looked_up = LookupMue(*pack, table, f[c_code]);
        if (!looked_up.ok() || looked_up->code != it->second.code || looked_up->units != it->second.units ||
            looked_up->mai != it->second.mai || looked_up->rationale != it->second.rationale) {
          ++mismatches;
          UNSCOPED_INFO("LookupMue differs at " << reader.Where());
        }
      }
    }
    CHECK(mismatches == 0);
    CHECK(rows > 1000);
    CHECK(static_cast<int64_t>(in_pack.size()) == rows);  // nothing else in the pack's table
  }

  // Spot checks a coder would recognise (the values codesets/ncci/SOURCE.md says were checked).
  auto office_visit = LookupMue(*pack, MueTable::kPractitioner, "99213");
  REQUIRE(office_visit.ok());
  CHECK(office_visit->units == 2);
  CHECK(office_visit->mai == MueAdjudication::kPerDayAppealable);
  CHECK(std::string(MueAdjudicationMeaning(office_visit->mai)).find("appeal") != std::string::npos);
  auto cpap = LookupMue(*pack, MueTable::kDmeSupplier, " e0601 ");  // spaces and case do not matter
  REQUIRE(cpap.ok());
  CHECK(cpap->code == "E0601");
  CHECK(cpap->units == 1);
  auto cpap_practitioner = LookupMue(*pack, MueTable::kPractitioner, "E0601");
  REQUIRE(cpap_practitioner.ok());
  CHECK(cpap_practitioner->units == 0);  // DME is billed by the supplier, not the practitioner

  auto missing = LookupMue(*pack, MueTable::kDmeSupplier, "99213");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::kNotFound);
  CHECK(missing.error().message.find("99213") != std::string::npos);
  CHECK(missing.error().message.find("DME supplier") != std::string::npos);
}

TEST_CASE("every add-on code edit round-trips through the pack, CCCCC kept as the any-primary placeholder",
          "[codesets][ncci]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  const std::string text = ReadBytes(kRaw + "/" + kAddOn);
  CsvReader reader(text, kAddOn);
  REQUIRE(reader.ReadHeader().ok());
  const size_t c_primary = reader.Column("primary_code").value(), c_add_on = reader.Column("add_on_code").value(),
               c_type = reader.Column("aoc_edit_type").value();
  std::map<std::string, std::map<std::string, std::string>> expected;  // add-on -> primary -> edit type
  std::set<std::string> primaries;
  std::vector<std::string_view> f;
  int64_t rows = 0, any_primary = 0;
  while (reader.Next(f).value()) {
    ++rows;
    expected[std::string(f[c_add_on])][std::string(f[c_primary])] = std::string(f[c_type]);
    primaries.emplace(f[c_primary]);
    any_primary += f[c_primary] == kAnyPrimaryCode;
  }
  REQUIRE(rows > 1000);
  REQUIRE(any_primary > 0);

  int64_t mismatches = 0, pairs = 0, any_primary_in_pack = 0;
  for (const auto& [add_on, want] : expected) {
    const auto edits = AddOnPrimaries(*pack, add_on);
    std::map<std::string, std::string> got;
    for (const auto& e : edits) {
      got[e.primary_code] = std::to_string(static_cast<int>(e.type));
      if (e.add_on_code != add_on) ++mismatches;
      any_primary_in_pack += e.AnyPrimary();
    }
    pairs += static_cast<int64_t>(edits.size());
    if (got != want || !IsAddOnCode(*pack, add_on)) {
      ++mismatches;
      UNSCOPED_INFO("mismatch for add-on " << add_on);
    }
  }
  CHECK(mismatches == 0);
  CHECK(pairs == rows);
  CHECK(any_primary_in_pack == any_primary);
  auto count = pack->db().Prepare("SELECT count(*) FROM ncci_add_on");
  REQUIRE(count.ok());
  REQUIRE(count->Step().value());
  CHECK(count->ColumnInt(0) == rows);

  // A primary code that is never an add-on code is not one; nor is the placeholder.
  std::string primary_only;
  for (const auto& p : primaries) {
    if (p != kAnyPrimaryCode && !expected.count(p)) {
      primary_only = p;
      break;
    }
  }
  REQUIRE_FALSE(primary_only.empty());
  CHECK_FALSE(IsAddOnCode(*pack, primary_only));
  CHECK(AddOnPrimaries(*pack, primary_only).empty());
  CHECK_FALSE(IsAddOnCode(*pack, kAnyPrimaryCode));
  CHECK(std::string(AddOnEditTypeMeaning(AddOnEditType::kNoListedPrimaries)).find("contractor") != std::string::npos);
}

TEST_CASE("the pack records the NCCI inputs and the 2024 Q3 edition with its gaps", "[codesets][ncci]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  std::set<std::string> ncci_inputs;
  for (const auto& in : pack->Inputs()) {
    if (in.set != "ncci") continue;
    INFO(in.path);
    ncci_inputs.insert(in.path);
    CHECK(in.edition == "2024 Q3");
    CHECK(in.sha256 == Sha256::Hex(ReadBytes(kRaw + "/" + in.path)));
    CHECK(in.rows > 0);
  }
  CHECK(ncci_inputs ==
        std::set<std::string>{kMuePractitioner, kMueOutpatient, kMueDme, kAddOn, kPtpPractitioner, kPtpOutpatient});
  int editions = 0;
  for (const auto& e : pack->Editions()) {
    if (e.set != "ncci") continue;
    ++editions;
    CHECK(e.edition == "2024 Q3");
    CHECK(e.valid_from == "2024-07-01");
    CHECK(e.valid_to == "2024-09-30");
    CHECK(e.note.find("PTP edits: ") != std::string::npos);
    CHECK(e.note.find("no effective dates") != std::string::npos);
    CHECK(e.note.find("CCCCC") != std::string::npos);
  }
  CHECK(editions == 1);
}

TEST_CASE("malformed NCCI files fail the NCCI compiler with their file and line", "[codesets][ncci]") {
  TempDir dir;
  const std::string raw = dir.File("raw");
  std::string rel, content, message;
  size_t line = 0;
  SECTION("an MUE adjudication indicator that is not 1, 2 or 3") {
    rel = kMuePractitioner;
    std::tie(line, content) =
        ReplaceLine(ReadBytes(kRaw + "/" + rel), "99213,", "99213,2,4,Clinical: Data,Practitioner");
    message = "mue_mai";
  }
  SECTION("MUE units that are not a number") {
    rel = kMueDme;
    std::tie(line, content) = ReplaceLine(ReadBytes(kRaw + "/" + rel), "E0601,", "E0601,one,3,CMS Policy,DME Supplier");
    message = "mue_units";
  }
  SECTION("an MUE file given for the wrong table") {
    rel = kMueOutpatient;
    content = ReadBytes(kRaw + "/" + kMuePractitioner);
    line = 2;
    message = "mue_service";
  }
  SECTION("an add-on edit file truncated in its last row") {
    rel = kAddOn;
    const std::string text = ReadBytes(kRaw + "/" + rel);
    const size_t last_comma = text.rfind(',');
    content = text.substr(0, last_comma);
    line = CountLines(content);
    message = "columns";
  }
  SECTION("an add-on edit type that is not 1, 2 or 3") {
    rel = kAddOn;
    std::tie(line, content) = ReplaceLine(ReadBytes(kRaw + "/" + rel), "CCCCC,", "CCCCC,0054T,9");
    message = "aoc_edit_type";
  }
  const Status s = CompileNcciWith(raw, rel, content);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == ErrorCode::kParse);
  CHECK(s.error().where == rel + ":" + std::to_string(line));
  CHECK(s.error().message.find(message) != std::string::npos);
}

TEST_CASE("a bad MUE adjudication indicator fails the whole pack build with its file and line", "[whole-pack][codesets][ncci]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  TempDir dir;
  const std::string raw = dir.File("raw"), out = dir.File("out.pack");
  const auto [line, content] =
      ReplaceLine(ReadBytes(kRaw + "/" + kMuePractitioner), "99213,", "99213,2,4,Clinical: Data,Practitioner");
  MakeRawDir(*pack, raw, kMuePractitioner, content);
  auto s = BuildCodeSetPack(raw, out);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == ErrorCode::kParse);
  CHECK(s.error().where == std::string(kMuePractitioner) + ":" + std::to_string(line));
  CHECK(s.error().message.find("mue_mai") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(out));  // a failed build leaves no pack behind
}
