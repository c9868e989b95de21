// codeset_mce_test.cpp: the Medicare Code Editor part of the code-set pack (MCE v41.1 age, sex and manifestation
// edits), checked row by row against the raw CMS file the build decompressed into MEDCODE_CODESETS_RAW; spot checks a
// coder would recognise; malformed MCE files, which must fail the compiler with their file and line.
#include "engine/codeset_mce.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
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
using medcode::test::CompileAlone;
using medcode::test::TempDir;
using medcode::test::WriteBytes;

namespace {

const std::string kRaw = MEDCODE_CODESETS_RAW;
const std::string kPackPath = MEDCODE_TEST_PACK;
const char* const kMceFile = "mce/mce-v41.1-fy2024/mce_v41.1_code_edits_age_sex_manifestation.csv";

// Runs only the MCE compiler over a folder holding its input replaced by `content`.
Status CompileMceWith(const std::string& dir, const std::string& content) {
  const std::string out = dir + "/" + kMceFile;
  std::filesystem::create_directories(std::filesystem::path(out).parent_path());
  WriteBytes(out, content);
  return CompileAlone(&CompileMce, dir);
}

}  // namespace

TEST_CASE("every MCE v41.1 row round-trips through the pack", "[codesets][mce]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  const std::string text = ReadBytes(kRaw + "/" + kMceFile);
  CsvReader reader(text, kMceFile);
  REQUIRE(reader.ReadHeader().ok());
  const size_t c_code = reader.Column("icd_code").value(), c_group = reader.Column("icd_conflict_group").value(),
               c_rule = reader.Column("icd_conflict_rule").value();
  std::map<std::string, uint32_t> expected;  // code as published (dotted) -> edits
  std::map<std::string, int64_t> per_rule;
  std::vector<std::string_view> f;
  int64_t rows = 0, unknown = 0;
  while (reader.Next(f).value()) {
    ++rows;
    ++per_rule[std::string(f[c_rule])];
    bool known = false;
    for (int i = 0; i < kMceEditCount; ++i) {
      const auto edit = static_cast<MceEdit>(i);
      if (f[c_rule] == MceEditRule(edit) && f[c_group] == MceEditGroup(edit)) {
        expected[std::string(f[c_code])] |= 1u << i;
        known = true;
      }
    }
    if (!known) {
      ++unknown;
      UNSCOPED_INFO("rule not known at " << reader.Where());
    }
  }
  CHECK(unknown == 0);
  // The counts PROVENANCE.md gives for the file.
  CHECK(rows == 7946);
  CHECK(per_rule["Perinatal/Newborn (Age 0 Only)"] == 42);
  CHECK(per_rule["Pediatric (Ages 0-17)"] == 125);
  CHECK(per_rule["Maternity (Ages 9-64)"] == 2543);
  CHECK(per_rule["Adult (Ages 15-124)"] == 854);
  CHECK(per_rule["Female Only"] == 3431);
  CHECK(per_rule["Male Only"] == 529);
  CHECK(per_rule["Manifestation (Not Allowed as Principal Diagnosis)"] == 422);

  // The whole table in one query, every code checked; IcdMceEdits for every code too (5,343 small lookups).
  std::map<std::string, uint32_t> in_pack;
  for (const auto& e : ListMceEdits(*pack)) in_pack[e.code] = e.mask;
  CHECK(in_pack == expected);
  int64_t mismatches = 0;
  for (const auto& [code, mask] : expected) {
    const MceEdits e = IcdMceEdits(*pack, IcdDotless(code));  // dotless input finds the dotted code
    if (e.code != code || e.mask != mask) {
      ++mismatches;
      UNSCOPED_INFO("IcdMceEdits differs for " << code);
    }
  }
  CHECK(mismatches == 0);
}

TEST_CASE("MCE spot checks: maternity, male-only, newborn, manifestation codes", "[codesets][mce]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  // O80 Encounter for full-term uncomplicated delivery: maternity age (9-64) and female only.
  const MceEdits delivery = IcdMceEdits(*pack, " o80 ");
  CHECK(delivery.code == "O80");
  CHECK(delivery.List() == std::vector<MceEdit>{MceEdit::kMaternity, MceEdit::kFemaleOnly});
  const auto ages = MceEditAges(MceEdit::kMaternity);
  REQUIRE(ages.has_value());
  CHECK(ages->min_age == 9);
  CHECK(ages->max_age == 64);
  // C61 Malignant neoplasm of prostate: male only; N40.0 (benign prostatic hyperplasia) also adult.
  CHECK(IcdMceEdits(*pack, "C61").List() == std::vector<MceEdit>{MceEdit::kMaleOnly});
  CHECK(IcdMceEdits(*pack, "N40.0").List() == std::vector<MceEdit>{MceEdit::kAdult, MceEdit::kMaleOnly});
  // Z38.00 Single liveborn infant, delivered vaginally: newborn (age 0).
  CHECK(IcdMceEdits(*pack, "Z38.00").List() == std::vector<MceEdit>{MceEdit::kNewborn});
  CHECK(MceEditAges(MceEdit::kNewborn)->max_age == 0);
  // G63 Polyneuropathy in diseases classified elsewhere: a manifestation, not allowed as principal dx.
  const MceEdits manifestation = IcdMceEdits(*pack, "G63");
  CHECK(manifestation.Has(MceEdit::kManifestation));
  CHECK(std::string(MceEditMeaning(MceEdit::kManifestation)).find("principal") != std::string::npos);
  CHECK_FALSE(MceEditAges(MceEdit::kManifestation).has_value());
  // E11.9 has none of these edits; neither has a string that is no code.
  CHECK(IcdMceEdits(*pack, "E11.9").None());
  CHECK(IcdMceEdits(*pack, "zzz").None());
}

TEST_CASE("the pack records the MCE input and the v41.1 edition with its gaps", "[codesets][mce]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  std::set<std::string> inputs;
  for (const auto& in : pack->Inputs()) {
    if (in.set != "mce") continue;
    inputs.insert(in.path);
    CHECK(in.edition == "v41.1");
    CHECK(in.sha256 == Sha256::Hex(ReadBytes(kRaw + "/" + in.path)));
    CHECK(in.rows == 7946);
  }
  CHECK(inputs == std::set<std::string>{kMceFile});  // the HHS-HCC 2019 lists are deliberately not compiled
  int editions = 0;
  for (const auto& e : pack->Editions()) {
    if (e.set != "mce") continue;
    ++editions;
    CHECK(e.edition == "v41.1");
    CHECK(e.valid_from == "2023-10-01");
    CHECK(e.valid_to == "2024-09-30");
    CHECK(e.note.find("later dates of service") != std::string::npos);
    CHECK(e.note.find("unacceptable principal diagnosis") != std::string::npos);
  }
  CHECK(editions == 1);
}

TEST_CASE("malformed MCE files fail the MCE compiler with their file and line", "[codesets][mce]") {
  TempDir dir;
  const std::string raw = dir.File("raw");
  const std::string text = ReadBytes(kRaw + "/" + kMceFile);
  std::string content, message;
  size_t line = 0;
  SECTION("an edit rule the compiler does not know") {
    std::tie(line, content) = ReplaceLine(text, "C61,", "C61,Malignant neoplasm of prostate,Sex,Male Mostly");
    message = "icd_conflict_rule";
  }
  SECTION("a rule in the wrong group") {
    std::tie(line, content) = ReplaceLine(text, "C61,", "C61,Malignant neoplasm of prostate,Age,Male Only");
    message = "icd_conflict_group";
  }
  SECTION("a code that is not an ICD-10-CM code") {
    std::tie(line, content) = ReplaceLine(text, "C61,", "C6-1,Malignant neoplasm of prostate,Sex,Male Only");
    message = "icd_code";
  }
  SECTION("a row cut short") {
    std::tie(line, content) = ReplaceLine(text, "C61,", "C61,Malignant neoplasm of prostate");
    message = "columns";
  }
  SECTION("the same edit twice for a code") {
    std::tie(line, content) = ReplaceLine(text, "C61,", "C61,Malignant neoplasm of prostate,Sex,Male Only\r\n"
                                                        "C61,Malignant neoplasm of prostate,Sex,Male Only");
    ++line;
    message = "twice";
  }
  const Status s = CompileMceWith(raw, content);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == ErrorCode::kParse);
  CHECK(s.error().where == std::string(kMceFile) + ":" + std::to_string(line));
  CHECK(s.error().message.find(message) != std::string::npos);
}
