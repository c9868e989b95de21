// codeset_hcpcs_test.cpp: the HCPCS part of the code-set pack the build made (MEDCODE_TEST_PACK), checked against the
// raw CMS files themselves (MEDCODE_CODESETS_RAW), not against numbers typed here; then malformed HCPCS inputs, which
// must fail the build with their file and line.
#include "engine/codeset_hcpcs.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "engine/csv.h"
#include "engine/sha256.h"
#include "test_util.h"

using namespace medcode::engine;
using medcode::test::ReadBytes;
using medcode::test::TempDir;
using medcode::test::WriteBytes;

namespace {

const std::string kRaw = MEDCODE_CODESETS_RAW;
const char* const kAttributes = "hcpcs/2024jul/hcpcs_level2_attributes_2024jul.csv";
const char* const kDescriptions = "hcpcs/2024jul/hcpcs_level2_descriptions_2024jul.csv";
const char* const kNoc = "hcpcs/2024jul/hcpcs_level2_noc_codes_2024jul.csv";
const char* const kModifiers = "hcpcs/2024jul/modifiers_level1_level2.csv";
const char* const kModifiersAdditional = "hcpcs/2024jul/modifiers_additional.csv";
const char* const kRbcs = "hcpcs/2024jul/rbcs_restructured_betos.csv";
const char* const kList2026 = "hcpcs/2026q3-codes-only/hcpcs_level2_2026q3_codes-only.txt";
const char* const kHcpcsInputs[] = {kAttributes,          kDescriptions, kNoc,     kModifiers,
                                    kModifiersAdditional, kRbcs,         kList2026};
// The sets compiled before HCPCS (their inputs must be present for the build to reach the HCPCS compiler).
const char* const kEarlierInputs[] = {"icd10cm/fy2024-order-flat/icd10cm_order_2024_flat.csv",
                                      "icd10cm/fy2025-derived-csv/ICD10CM_2025_codes.csv",
                                      "icd10cm/fy2025-derived-csv/ICD10CM_2025_chapters.csv",
                                      "icd10cm/fy2025-derived-csv/ICD10CM_2025_sections.csv",
                                      "icd10cm/fy2026-codes-only/icd10cm_codes_2026_codes-only.txt",
                                      "icd10cm/fy2021-tabular-full/icd10cm_tabular_2021.xml",
                                      "icd10cm/fy2025-derived-csv/ICD10CM_2025_Index.csv",
                                      "icd10cm/fy2025-derived-csv/ICD10CM_2025_neoplasms.csv",
                                      "icd10cm/fy2025-derived-csv/ICD10CM_2025_Drugs.csv",
                                      "icd10cm/fy2025-derived-csv/ICD10CM_2025_ExternalIndex.csv"};

// Copies the real raw inputs up to and including HCPCS into `dir`, replacing `rel` with `content`.
void MakeRawDir(const std::string& dir, const std::string& rel, const std::string& content) {
  std::vector<const char*> all(std::begin(kEarlierInputs), std::end(kEarlierInputs));
  all.insert(all.end(), std::begin(kHcpcsInputs), std::end(kHcpcsInputs));
  for (const char* in : all) {
    const std::string out = dir + "/" + in;
    std::filesystem::create_directories(std::filesystem::path(out).parent_path());
    WriteBytes(out, rel == in ? content : ReadBytes(kRaw + "/" + in));
  }
}

// A raw CSV file read whole, with its rows as maps column -> value.
std::vector<std::map<std::string, std::string>> ReadCsv(const char* rel) {
  const std::string text = ReadBytes(kRaw + "/" + rel);
  CsvReader reader(text, rel);
  REQUIRE(reader.ReadHeader().ok());
  std::vector<std::map<std::string, std::string>> rows;
  std::vector<std::string_view> f;
  while (reader.Next(f).value()) {
    auto& row = rows.emplace_back();
    for (size_t i = 0; i < f.size(); ++i) row[reader.header()[i]] = std::string(f[i]);
  }
  REQUIRE_FALSE(rows.empty());
  return rows;
}

std::vector<std::string> ReadList2026() {
  std::istringstream in(ReadBytes(kRaw + "/" + kList2026));
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

CodeSetPack OpenBuiltPack() {
  auto pack = CodeSetPack::Open(MEDCODE_TEST_PACK);
  INFO(MEDCODE_TEST_PACK);
  REQUIRE(pack.ok());
  return std::move(pack).value();
}

}  // namespace

TEST_CASE("the pack holds every HCPCS Level II code of the July 2026 list, and marks the undescribed ones",
          "[codesets][hcpcs]") {
  const CodeSetPack pack = OpenBuiltPack();
  std::set<std::string> in_2024;
  for (const auto& r : ReadCsv(kDescriptions)) in_2024.insert(r.at("hcpcs_code"));
  const auto list = ReadList2026();
  int64_t new_codes = 0;
  for (const auto& code : list) {
    auto h = LookupHcpcs(pack, code);
    INFO(code);
    REQUIRE(h.ok());
    CHECK(h->in_2026q3);
    CHECK(h->level == 2);
    if (!in_2024.count(code)) {
      ++new_codes;
      CHECK_FALSE(h->in_2024jul);
      CHECK(h->long_description.empty());
      CHECK(h->short_descriptions.empty());
      CHECK(h->date_added.empty());
      CHECK(h->description_status == HcpcsDescriptionStatus::kNotInJuly2024);
      CHECK(std::string(HcpcsDescriptionGap(h->description_status)).find("July 2024") != std::string::npos);
    }
  }
  CHECK(CountHcpcs(pack, HcpcsCount::kValid2026Q3) == static_cast<int64_t>(list.size()));
  CHECK(new_codes > 0);
}

TEST_CASE("every July 2024 attributes and descriptions row round-trips through the pack", "[codesets][hcpcs]") {
  const CodeSetPack pack = OpenBuiltPack();
  std::set<std::string> codes_2024;
  int64_t mismatches = 0;
  for (const auto& r : ReadCsv(kAttributes)) {
    codes_2024.insert(r.at("hcpcs_code"));
    auto h = LookupHcpcs(pack, r.at("hcpcs_code"));
    if (!h.ok() || !h->in_2024jul || h->coverage != r.at("cov") || h->betos != r.at("betos") ||
        h->pricing != r.at("price") || h->type_of_service != r.at("tos") || h->date_added != r.at("date_added") ||
        h->date_terminated != r.at("date_term")) {
      UNSCOPED_INFO(r.at("hcpcs_code"));
      ++mismatches;
    }
  }
  CHECK(mismatches == 0);

  int64_t dental_rows = 0;
  for (const auto& r : ReadCsv(kDescriptions)) {
    const std::string& code = r.at("hcpcs_code");
    codes_2024.insert(code);
    auto h = LookupHcpcs(pack, code);
    REQUIRE(h.ok());
    if (code[0] == 'D') {
      ++dental_rows;
      CHECK(h->long_description.empty());
      CHECK(h->short_descriptions.empty());
      CHECK(h->description_status == HcpcsDescriptionStatus::kDentalRemoved);
    } else if (r.at("desc_type") == "Long") {
      if (h->long_description != r.at("description")) ++mismatches;
    } else if (!Contains(h->short_descriptions, r.at("description"))) {
      ++mismatches;
    }
  }
  CHECK(mismatches == 0);
  CHECK(dental_rows > 0);
  CHECK(CountHcpcs(pack, HcpcsCount::kJuly2024) == static_cast<int64_t>(codes_2024.size()));

  std::set<std::string> noc;
  for (const auto& r : ReadCsv(kNoc)) {
    noc.insert(r.at("hcpcs"));
    auto h = LookupHcpcs(pack, r.at("hcpcs"));
    REQUIRE(h.ok());
    CHECK(h->noc);
  }
  CHECK(CountHcpcs(pack, HcpcsCount::kNoc) == static_cast<int64_t>(noc.size()));
}

TEST_CASE("RBCS classifies HCPCS codes and gives CPT code numbers without descriptors", "[codesets][hcpcs]") {
  const CodeSetPack pack = OpenBuiltPack();
  // The classification in force is the row with the latest RBCS effective date.
  std::map<std::string, std::map<std::string, std::string>> latest;
  for (const auto& r : ReadCsv(kRbcs)) {
    auto& l = latest[r.at("hcpcs_code")];
    if (l.empty() || r.at("rbcs_date_effective") > l.at("rbcs_date_effective")) l = r;
  }
  int64_t cpt = 0, mismatches = 0;
  for (const auto& [code, r] : latest) {
    auto h = LookupHcpcs(pack, code);
    const bool is_cpt = std::isdigit(static_cast<unsigned char>(code[0]));
    cpt += is_cpt;
    if (!h.ok() || h->rbcs_category != r.at("rbcs_category") || h->rbcs_subcategory != r.at("rbcs_subcategory") ||
        h->rbcs_family != r.at("rbcs_family") || h->rbcs_code_ended != r.at("hcpcs_date_ended") ||
        h->level != (is_cpt ? 1 : 2) || (is_cpt && !h->long_description.empty())) {
      UNSCOPED_INFO(code);
      ++mismatches;
    }
  }
  CHECK(mismatches == 0);
  CHECK(CountHcpcs(pack, HcpcsCount::kCptNumbers) == cpt);

  // 99213 (office visit, established patient): a number and its category, never the AMA descriptor.
  auto visit = LookupHcpcs(pack, "99213");
  REQUIRE(visit.ok());
  CHECK(visit->level == 1);
  CHECK(visit->rbcs_category == latest.at("99213").at("rbcs_category"));
  CHECK(visit->rbcs_category == "E&M");
  CHECK(visit->long_description.empty());
  CHECK(visit->short_descriptions.empty());
  CHECK(visit->description_status == HcpcsDescriptionStatus::kCptNumberOnly);
  CHECK_FALSE(visit->in_2026q3);
}

TEST_CASE("HCPCS spot checks a coder would recognise", "[codesets][hcpcs]") {
  const CodeSetPack pack = OpenBuiltPack();
  auto cpap = LookupHcpcs(pack, " e0601");
  REQUIRE(cpap.ok());
  CHECK(cpap->code == "E0601");
  CHECK(cpap->long_description == "Continuous positive airway pressure (cpap) device");
  CHECK(cpap->described());
  CHECK_FALSE(cpap->short_descriptions.empty());
  CHECK(cpap->in_2024jul);
  CHECK(cpap->in_2026q3);
  CHECK_FALSE(cpap->noc);
  CHECK(cpap->rbcs_category == "DME");
  CHECK(std::string(HcpcsCoverageText(cpap->coverage)) != "");

  auto bad = LookupHcpcs(pack, "E060");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == ErrorCode::kInvalidArgument);
  CHECK(bad.error().message.find("E0601") != std::string::npos);  // says what a code looks like
  auto unknown = LookupHcpcs(pack, "Z9999");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().code == ErrorCode::kNotFound);
  CHECK(unknown.error().message.find("Z9999") != std::string::npos);

  // Modifiers: every code of both lists, with its type; CPT ones without text.
  std::set<std::string> mods;
  std::map<std::string, std::set<std::string>> types;
  for (const auto& r : ReadCsv(kModifiers)) {
    mods.insert(r.at("mod_code"));
    types[r.at("mod_code")].insert(r.at("mod_type"));
  }
  for (const auto& r : ReadCsv(kModifiersAdditional)) mods.insert(r.at("modifier"));
  for (const auto& code : mods) {
    auto m = LookupModifier(pack, code);
    INFO(code);
    REQUIRE(m.ok());
    const auto& t = types[code];
    CHECK(m->type == (t.count("HCPCS") ? "HCPCS" : t.count("CPT") ? "CPT" : ""));
    CHECK(m->also_cpt == (t.count("HCPCS") && t.count("CPT")));
    if (m->type == "CPT") CHECK(m->description.empty());
    if (m->type == "HCPCS") CHECK_FALSE(m->description.empty());
  }
  CHECK(CountHcpcs(pack, HcpcsCount::kModifiers) == static_cast<int64_t>(mods.size()));
  auto rt = LookupModifier(pack, "rt");
  REQUIRE(rt.ok());
  CHECK(rt->type == "HCPCS");
  CHECK(rt->description.find("Right side") == 0);
  auto distinct = LookupModifier(pack, "59");
  REQUIRE(distinct.ok());
  CHECK(distinct->type == "CPT");
  CHECK(distinct->description.empty());
  CHECK_FALSE(LookupModifier(pack, "ABC").ok());

  // Editions and manifest.
  std::map<std::string, PackEdition> editions;
  for (const auto& e : pack.Editions()) {
    if (e.set == "hcpcs") editions[e.edition] = e;
  }
  REQUIRE(editions.size() == 2);
  CHECK(editions.at("2024 July").valid_from == "2024-07-01");
  CHECK(editions.at("2024 July").valid_to == "2024-09-30");
  CHECK(editions.at("2026 Q3").valid_from == "2026-07-01");
  CHECK(editions.at("2026 Q3").valid_to == "2026-09-30");
  CHECK(editions.at("2026 Q3").note.find(std::to_string(ReadList2026().size())) != std::string::npos);
  int64_t inputs = 0;
  for (const auto& in : pack.Inputs()) {
    if (in.set != "hcpcs") continue;
    ++inputs;
    INFO(in.path);
    CHECK(in.sha256 == Sha256::Hex(ReadBytes(kRaw + "/" + in.path)));
    CHECK(in.rows > 0);
  }
  CHECK(inputs == static_cast<int64_t>(std::size(kHcpcsInputs)));
}

TEST_CASE("malformed HCPCS input fails the build with its file and line", "[whole-pack][codesets][hcpcs]") {
  TempDir dir;
  const std::string raw = dir.File("raw");
  const std::string out = dir.File("out.pack");
  auto expect_failure = [&](const char* rel, const std::string& content, size_t line, const char* words) {
    MakeRawDir(raw, rel, content);
    auto s = BuildCodeSetPack(raw, out);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == ErrorCode::kParse);
    CHECK(s.error().where == std::string(rel) + ":" + std::to_string(line));
    INFO(s.error().message);
    CHECK(s.error().message.find(words) != std::string::npos);
  };
  SECTION("an attributes file cut in the middle of a row") {
    const std::string text = ReadBytes(kRaw + "/" + kAttributes);
    const size_t cut = text.find("\nE0601,");
    REQUIRE(cut != std::string::npos);
    const size_t line = std::count(text.begin(), text.begin() + cut + 1, '\n') + 1;
    expect_failure(kAttributes, text.substr(0, cut + 12), line, "truncated");
  }
  SECTION("a bad date in RBCS") {
    const std::string text = ReadBytes(kRaw + "/" + kRbcs);
    const size_t second_row = text.find('\n', text.find('\n') + 1) + 1;
    const size_t third_row = text.find('\n', second_row) + 1;
    std::string row = text.substr(second_row, third_row - second_row);
    row.replace(row.rfind(",") + 1, 10, "2017-13-01");
    expect_failure(kRbcs, text.substr(0, second_row) + row, 3, "rbcs_date_effective");
  }
  SECTION("a line that is not a code in the 2026 list") {
    expect_failure(kList2026, "A0021\nA0080\nA008\n", 3, "not a HCPCS Level II code");
  }
  SECTION("a dental code with its CDT descriptor") {
    expect_failure(kDescriptions,
                   "hcpcs_code,desc_type,description\r\nA0021,Long,Ambulance\r\nD0120,Short,Periodic\r\n", 3, "ADA");
  }
  SECTION("a CPT modifier with its AMA descriptor") {
    expect_failure(kModifiers,
                   "mod_code,mod_type,mod_category,mod_description,mod_information,mod_instructions,mod_correct_use,"
                   "mod_incorrect_use,mod_resources\nRT,HCPCS,,Right side,,,,,\n59,CPT,General,Distinct,,,,,\n",
                   3, "AMA");
  }
  CHECK_FALSE(std::filesystem::exists(out));  // a failed build leaves no pack behind
}
