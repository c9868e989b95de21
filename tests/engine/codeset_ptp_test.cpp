// codeset_ptp_test.cpp: the NCCI PTP edit tables of the code-set pack, checked against the raw CMS files the build
// decompressed into MEDCODE_CODESETS_RAW: every row of both tables through PtpTable::Find (a sample through
// LookupPtp), 100,000 random pairs that are not edits, the history rows of one pair and the deletion-date rule, then
// malformed PTP files, which must fail the NCCI compiler with their file and line.
#include "engine/codeset_ptp.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "engine/codeset_build.h"
#include "engine/csv.h"
#include "codeset_test_util.h"
#include "test_util.h"

using namespace medcode::engine;
using medcode::test::ReadBytes;
using medcode::test::CompileAlone;
using medcode::test::WriteRawInput;
using medcode::test::TempDir;
using medcode::test::WriteBytes;

namespace {

const std::string kRaw = MEDCODE_CODESETS_RAW;
const std::string kPackPath = MEDCODE_TEST_PACK;
const char* const kPtpPractitioner = "ncci/2024q3/ncci_ptp_practitioner_pairs_2024-07-01.csv";
const char* const kPtpOutpatient = "ncci/2024q3/ncci_ptp_outpatient_hospital_pairs_2024-07-01.csv";
const std::pair<PtpSetting, const char*> kPtpFiles[] = {{PtpSetting::kPractitioner, kPtpPractitioner},
                                                        {PtpSetting::kOutpatientHospital, kPtpOutpatient}};
const char* const kOtherNcciInputs[] = {
    "ncci/2024q3/ncci_mue_practitioner_2024-07-01.csv", "ncci/2024q3/ncci_mue_outpatient_hospital_2024-07-01.csv",
    "ncci/2024q3/ncci_mue_dme_supplier_2024-07-01.csv", "ncci/2024q3/ncci_add_on_code_edits_2024-06-03.csv"};

// A 5-character code as an integer (its bytes), and back.
uint64_t CodeKey(std::string_view code) {
  uint64_t key = 0;
  for (char ch : code) key = key << 8 | static_cast<unsigned char>(ch);
  return key;
}
std::string KeyCode(uint64_t key) {
  std::string code;
  for (; key != 0; key >>= 8) code.insert(code.begin(), static_cast<char>(key & 0xff));
  return code;
}

Date NextDay(Date d) {
  if (++d.day > DaysInMonth(d.year, d.month)) {
    d.day = 1;
    if (++d.month > 12) {
      d.month = 1;
      ++d.year;
    }
  }
  return d;
}

bool SameEdit(const PtpEdit& e, std::string_view c1, std::string_view c2, PtpSetting setting, std::string_view modifier,
              std::string_view deletion, std::string_view rationale) {
  return e.column1 == c1 && e.column2 == c2 && e.setting == setting &&
         std::to_string(static_cast<int>(e.modifier)) == modifier &&
         (e.deletion_date ? ToIso(*e.deletion_date) : std::string()) == deletion && e.rationale == rationale;
}

// The first `lines` lines of a raw file (header included, line ends kept), for small compiler inputs.
std::string Head(const std::string& rel, size_t lines) {
  std::ifstream in(kRaw + "/" + rel, std::ios::binary);
  std::string out, line;
  for (size_t i = 0; i < lines && std::getline(in, line); ++i) out += line + "\n";
  return out;
}

// Runs the NCCI compiler (MUE, add-on edits, then PTP) over the real MUE/add-on files and small PTP files (the first
// 200 lines of each): `ptp_rel`'s replaced by `content`.
Status CompileNcciWithPtp(const std::string& dir, const std::string& ptp_rel, const std::string& content) {
  for (const char* in : kOtherNcciInputs) WriteRawInput(dir, in, "", "");
  for (const char* in : {kPtpPractitioner, kPtpOutpatient}) {
    WriteBytes(dir + "/" + in, ptp_rel == in ? content : Head(in, 200));
  }
  return CompileAlone(&CompileNcci, dir);
}

}  // namespace

TEST_CASE("every PTP row of both CMS tables round-trips through PtpTable::Find; other pairs are not found",
          "[codesets][ncci][ptp]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  for (const auto& file : kPtpFiles) {
    const PtpSetting setting = file.first;  // not a structured binding: the lambdas below capture it (clang)
    const char* const rel = file.second;
    INFO(rel);
    auto table = PtpTable::Load(*pack, setting);
    REQUIRE(table.ok());
    CHECK(table->setting() == setting);
    const std::string text = ReadBytes(kRaw + "/" + rel);
    CsvReader reader(text, rel);
    REQUIRE(reader.ReadHeader().ok());
    const auto c = reader.Columns({"column1", "column2", "deletion_date", "modifier_indicator", "ptp_edit_rationale"});
    REQUIRE(c.ok());
    const size_t c1 = (*c)[0], c2 = (*c)[1], c_del = (*c)[2], c_mod = (*c)[3], c_rat = (*c)[4];

    // Bookkeeping with the codes as integers (5 bytes): string maps made this test much slower in wasm.
    std::unordered_map<uint64_t, uint32_t> code_ids;  // code -> index, for the set of pairs below
    std::unordered_set<uint64_t> pairs;               // column 1 index << 32 | column 2 index
    std::unordered_map<uint64_t, std::pair<size_t, size_t>> per_code;  // code -> rows as column 1, as column 2
    pairs.reserve(2600000);
    std::vector<std::string_view> f;
    int64_t rows = 0, mismatches = 0, lookups = 0, retroactive = 0;
    while (reader.Next(f).value()) {
      ++rows;
      const uint64_t k1 = CodeKey(f[c1]), k2 = CodeKey(f[c2]);
      const uint32_t i1 = code_ids.emplace(k1, static_cast<uint32_t>(code_ids.size())).first->second;
      const uint32_t i2 = code_ids.emplace(k2, static_cast<uint32_t>(code_ids.size())).first->second;
      pairs.insert(static_cast<uint64_t>(i1) << 32 | i2);
      ++per_code[k1].first;
      ++per_code[k2].second;

      const bool deleted = !f[c_del].empty();
      const Date deletion = deleted ? ParseDate(f[c_del]).value() : Date{};
      bool ok;
      if (f[c_mod] == "9") {
        // Retroactively deleted: never in force, not even on its deletion date; the row is kept (FindAll).
        ++retroactive;
        const auto all = table->FindAll(f[c1], f[c2]);
        ok = deleted && std::any_of(all.begin(), all.end(), [&](const PtpEdit& e) {
          return SameEdit(e, f[c1], f[c2], setting, f[c_mod], f[c_del], f[c_rat]);
        });
        const auto found = table->Find(f[c1], f[c2], deletion);
        ok = ok && !(found && SameEdit(*found, f[c1], f[c2], setting, f[c_mod], f[c_del], f[c_rat]));
      } else {
        // In force up to and including its deletion date (active: on any date, here the edition's first day)...
        const auto found = table->Find(f[c1], f[c2], deleted ? deletion : kPtpEditionFrom);
        ok = found && SameEdit(*found, f[c1], f[c2], setting, f[c_mod], f[c_del], f[c_rat]) &&
             found->InForceOn(deleted ? deletion : kPtpEditionFrom);
        // ... and not the day after.
        if (deleted) {
          const auto after = table->Find(f[c1], f[c2], NextDay(deletion));
          ok = ok && !(after && SameEdit(*after, f[c1], f[c2], setting, f[c_mod], f[c_del], f[c_rat]));
        }
      }
      if (rows % 20000 == 0) {  // the pack-level lookup reads the pack each time: a sample
        ++lookups;
        auto looked_up = LookupPtp(*pack, setting, f[c1], f[c2]);
        ok = ok && looked_up.ok() && std::any_of(looked_up->begin(), looked_up->end(), [&](const PtpEdit& e) {
               return SameEdit(e, f[c1], f[c2], setting, f[c_mod], f[c_del], f[c_rat]);
             });
      }
      if (!ok) {
        ++mismatches;
        if (mismatches < 20) UNSCOPED_INFO("mismatch at " << reader.Where());
      }
    }
    CHECK(mismatches == 0);
    CHECK(rows > 1000000);
    CHECK(lookups > 50);
    CHECK(retroactive > 1000);
    CHECK(table->rows() == static_cast<size_t>(rows));  // nothing else in the table

    // Both directions, counted against the raw file for a spread of codes.
    std::vector<std::string> codes;  // in code order
    for (const auto& [key, index] : code_ids) codes.push_back(KeyCode(key));
    std::sort(codes.begin(), codes.end());
    for (size_t i = 0; i < codes.size(); i += 500) {
      const std::string& code = codes[i];
      INFO(code);
      const auto& counts = per_code.at(CodeKey(code));
      CHECK(table->AsColumn1(code).size() == counts.first);
      const auto as2 = table->AsColumn2(code);
      CHECK(as2.size() == counts.second);
      for (const auto& e : as2) CHECK(e.column2 == code);
    }

    // 100,000 random pairs of codes that are in the table, but not as that pair: not found, on any date.
    std::mt19937 random(20240701);
    std::uniform_int_distribution<size_t> pick(0, codes.size() - 1);
    int64_t tried = 0, found = 0;
    while (tried < 100000) {
      const std::string &a = codes[pick(random)], &b = codes[pick(random)];
      if (pairs.count(static_cast<uint64_t>(code_ids.at(CodeKey(a))) << 32 | code_ids.at(CodeKey(b)))) continue;
      ++tried;
      found += table->Find(a, b, kPtpEditionFrom).has_value() + table->Find(a, b, Date{1996, 1, 1}).has_value() +
               !table->FindAll(a, b).empty();
    }
    CHECK(found == 0);
    for (const char* junk : {"", "9921", "992133", "99 13", "j3490", "ZZZZZ", "\xC3\xA9"}) {
      CHECK_FALSE(table->Find(junk, "99213", kPtpEditionFrom).has_value());
      CHECK_FALSE(table->Find("99213", junk, kPtpEditionFrom).has_value());
    }
  }
}

TEST_CASE("a pair's history rows: the row in force on a date of service, retroactive deletions never",
          "[codesets][ncci][ptp]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  auto table = PtpTable::Load(*pack, PtpSetting::kPractitioner);
  REQUIRE(table.ok());
  CHECK(table->Covers(Date{2024, 7, 1}));
  CHECK(table->Covers(Date{2024, 9, 30}));
  CHECK_FALSE(table->Covers(Date{2024, 6, 30}));  // still answered (see below), but the caller can tell
  CHECK_FALSE(table->Covers(Date{2024, 10, 1}));

  // 0007U/0328U: indicator 0 until 2023-06-30 (its deletion date, inclusive), then the active indicator 1 row.
  const auto history = table->FindAll("0007U", "0328U");
  REQUIRE(history.size() == 2);
  CHECK(history[0].deletion_date == Date{2023, 6, 30});
  CHECK(history[0].modifier == PtpModifier::kNotAllowed);
  CHECK(history[1].active());
  CHECK(history[1].modifier == PtpModifier::kAllowed);
  CHECK(table->Find("0007U", "0328U", Date{2023, 6, 30})->modifier == PtpModifier::kNotAllowed);
  CHECK(table->Find("0007U", "0328U", Date{2023, 7, 1})->modifier == PtpModifier::kAllowed);
  CHECK(table->Find("0007U", "0328U", Date{2024, 8, 15})->modifier == PtpModifier::kAllowed);
  CHECK_FALSE(table->Find("0328U", "0007U", Date{2024, 8, 15}).has_value());  // order matters

  // 00100/99201: deleted 2019-12-31, then again 2020-12-31; nothing after that.
  CHECK(table->Find("00100", "99201", Date{2019, 12, 31})->deletion_date == Date{2019, 12, 31});
  CHECK(table->Find("00100", "99201", Date{2020, 1, 1})->deletion_date == Date{2020, 12, 31});
  CHECK_FALSE(table->Find("00100", "99201", Date{2021, 1, 1}).has_value());

  // 88108/88162: two rows on the same (retroactive) deletion date, differing in rationale: both kept, in rationale
  // order, neither ever in force.
  const auto retro = table->FindAll("88108", "88162");
  REQUIRE(retro.size() == 2);
  CHECK(retro[0].rationale == "Mutually exclusive procedures");
  CHECK(retro[1].rationale == "Standards of medical/surgical practice");
  for (const auto& e : retro) {
    CHECK(e.modifier == PtpModifier::kNotApplicable);
    CHECK_FALSE(e.InForceOn(Date{1996, 1, 1}));
  }
  CHECK_FALSE(table->Find("88108", "88162", Date{1996, 1, 1}).has_value());

  // The pack-level lookups agree, in both directions, and normalise what a person types.
  auto looked_up = LookupPtp(*pack, PtpSetting::kPractitioner, " 0007u", "0328U ");
  REQUIRE(looked_up.ok());
  REQUIRE(looked_up->size() == 2);
  CHECK(looked_up->at(0).deletion_date == history[0].deletion_date);
  CHECK(looked_up->at(1).rationale == history[1].rationale);
  auto missing = LookupPtp(*pack, PtpSetting::kPractitioner, "0328U", "0007U");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::kNotFound);
  CHECK(missing.error().message.find("0328U") != std::string::npos);

  auto office = ListPtpForCode(*pack, PtpSetting::kPractitioner, "99213", 5);
  REQUIRE(office.ok());
  CHECK(office->as_column1 == static_cast<int64_t>(table->AsColumn1("99213").size()));
  CHECK(office->as_column2 == static_cast<int64_t>(table->AsColumn2("99213").size()));
  CHECK(office->as_column2 > office->active_as_column2);
  CHECK(office->active_as_column2 > 0);
  REQUIRE(office->column2_edits.size() == 5);
  for (const auto& e : office->column2_edits) {
    CHECK(e.column2 == "99213");
    CHECK(e.active());  // active rows are listed first
  }
  auto unknown = ListPtpForCode(*pack, PtpSetting::kOutpatientHospital, "E11.9");
  REQUIRE(unknown.ok());
  CHECK(unknown->as_column1 + unknown->as_column2 == 0);

  // The outpatient hospital table is another table: 99213/0469T is 0 for practitioners, 1 for hospitals.
  auto hospital = PtpTable::Load(*pack, PtpSetting::kOutpatientHospital);
  REQUIRE(hospital.ok());
  CHECK(table->Find("99213", "0469T", Date{2024, 8, 1})->modifier == PtpModifier::kNotAllowed);
  CHECK(hospital->Find("99213", "0469T", Date{2024, 8, 1})->modifier == PtpModifier::kAllowed);
  CHECK(std::string(PtpModifierMeaning(PtpModifier::kAllowed)).find("modifier") != std::string::npos);
}

TEST_CASE("malformed PTP files fail the NCCI compiler with their file and line", "[codesets][ncci][ptp]") {
  TempDir dir;
  const std::string raw = dir.File("raw");
  std::string rel = kPtpPractitioner, message;
  std::string content = Head(rel, 200);
  size_t line = 0;
  // Replaces line `n` (1-based) of `content`.
  auto replace_line = [&](size_t n, const std::string& replacement) {
    size_t start = 0;
    for (size_t i = 1; i < n; ++i) start = content.find('\n', start) + 1;
    const size_t end = content.find('\n', start);
    content = content.substr(0, start) + replacement + content.substr(end);
    line = n;
  };
  SECTION("modifier indicator 7") {
    replace_line(50, "29881,29875,,7,More extensive procedure\r");
    message = "modifier_indicator";
  }
  SECTION("a deletion date that does not exist") {
    replace_line(60, "29881,29875,2024-02-30,1,More extensive procedure\r");
    message = "deletion_date";
  }
  SECTION("a deletion date in another format") {
    replace_line(61, "29881,29875,20240630,1,More extensive procedure\r");
    message = "deletion_date";
  }
  SECTION("a short row") {
    replace_line(70, "29881,29875,,1\r");
    message = "columns";
  }
  SECTION("a code that is not 5 characters") {
    rel = kPtpOutpatient;
    content = Head(rel, 200);
    replace_line(80, "2988,29875,,1,More extensive procedure\r");
    message = "column1";
  }
  SECTION("a row repeated exactly") {
    replace_line(150, "29881,29875,,1,More extensive procedure\r");
    replace_line(120, "29881,29875,,1,More extensive procedure\r");
    line = 150;  // the later of the two is reported; the message names the other
    message = "repeats line 120";
  }
  SECTION("two active rows of one pair") {
    replace_line(30, "29881,29875,,0,More extensive procedure\r");
    replace_line(40, "29881,29875,,1,More extensive procedure\r");
    message = "two active rows";
  }
  const Status s = CompileNcciWithPtp(raw, rel, content);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == ErrorCode::kParse);
  CHECK(s.error().where == rel + ":" + std::to_string(line));
  INFO(s.error().message);
  CHECK(s.error().message.find(message) != std::string::npos);
}

TEST_CASE("history rows of one pair compile; the small PTP inputs give a consistent pack", "[codesets][ncci][ptp]") {
  TempDir dir;
  // A deleted and an active row of the same pair, and a retroactive deletion: accepted.
  std::string content = Head(kPtpPractitioner, 200);
  content += "29881,29875,2023-12-31,0,More extensive procedure\r\n29881,29875,,1,More extensive procedure\r\n"
             "29881,29876,2001-04-02,9,Mutually exclusive procedures\r\n";
  const Status s = CompileNcciWithPtp(dir.File("raw"), kPtpPractitioner, content);
  INFO((s.ok() ? std::string() : s.error().ToString()));
  CHECK(s.ok());
}
