// codeset_hcc_test.cpp: the CMS-HCC part of the code-set pack (V24 and V28 ICD-10-CM -> HCC maps, labels,
// hierarchies, community non-dual aged factors), checked row by row against the raw CMS files the build decompressed
// into MEDCODE_CODESETS_RAW; spot checks from PROVENANCE.md; malformed files, which must fail the compiler with their
// file and line.
#include "engine/codeset_hcc.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
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

struct ModelFiles {
  HccModel model;
  const char* map;
  const char* labels;
  const char* hierarchy;
  const char* factors;
};
const ModelFiles kModels[] = {
    {HccModel::kV24, "hcc/cms-hcc-v24/F2422P1M.TXT", "hcc/cms-hcc-v24/V24H86L1_labels.csv",
     "hcc/cms-hcc-v24/V24H86H1_hierarchy.csv", "hcc/cms-hcc-v24/V24hcccoefn.csv"},
    {HccModel::kV28, "hcc/cms-hcc-v28/F2824T1N.TXT", "hcc/cms-hcc-v28/V28115L3_labels.csv",
     "hcc/cms-hcc-v28/V28115H1_hierarchy.csv", "hcc/cms-hcc-v28/V28hcccoefn.csv"},
};

// Runs only the HCC compiler over a folder holding its inputs, `rel` replaced by `content`.
Status CompileHccWith(const std::string& dir, const std::string& rel, const std::string& content) {
  for (const auto& m : kModels) {
    for (const char* in : {m.map, m.labels, m.hierarchy, m.factors}) {
      WriteRawInput(dir, in, rel, content);
    }
  }
  return CompileAlone(&CompileHcc, dir);
}

std::vector<std::vector<std::string>> ReadCsvRows(const char* rel, std::vector<std::string>* header) {
  const std::string text = ReadBytes(kRaw + "/" + rel);
  CsvReader reader(text, rel);
  REQUIRE(reader.ReadHeader().ok());
  *header = reader.header();
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string_view> f;
  while (reader.Next(f).value()) rows.emplace_back(f.begin(), f.end());
  return rows;
}

}  // namespace

TEST_CASE("every ICD-10-CM -> HCC row of the V24 and V28 maps round-trips", "[codesets][hcc]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  for (const auto& m : kModels) {
    INFO(m.map);
    // Re-read the raw tab-separated file by hand (not with the compiler's reader): code, HCC, flag.
    std::istringstream in(ReadBytes(kRaw + "/" + m.map));
    std::set<std::pair<std::string, int>> expected;
    std::string line;
    int64_t rows = 0, flagged = 0;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty()) continue;
      ++rows;
      const size_t tab1 = line.find('\t'), tab2 = line.find('\t', tab1 + 1);
      REQUIRE(tab1 != std::string::npos);
      const std::string code = line.substr(0, tab1);
      const int hcc = std::stoi(line.substr(tab1 + 1, tab2 - tab1 - 1));
      flagged += tab2 != std::string::npos && line.substr(tab2 + 1) == "D";
      expected.emplace(IcdDotted(code), hcc);
    }
    const auto listed = ListHccMap(*pack, m.model);
    CHECK(std::set<std::pair<std::string, int>>(listed.begin(), listed.end()) == expected);
    CHECK(static_cast<int64_t>(listed.size()) == rows);
    CHECK(flagged > 250);  // codes with a second HCC ("D") are in the map like the others
    // IcdHcc on every code agrees with the bulk listing (dotless input).
    std::map<std::string, std::vector<int>> by_code;
    for (const auto& [code, hcc] : expected) by_code[code].push_back(hcc);
    int64_t mismatches = 0;
    for (const auto& [code, hccs] : by_code) {
      const IcdHccMap got = IcdHcc(*pack, IcdDotless(code));
      std::vector<int> numbers;
      for (const auto& h : m.model == HccModel::kV24 ? got.v24 : got.v28) {
        numbers.push_back(h.number);
        if (h.label.empty()) ++mismatches;
      }
      if (numbers != hccs || got.code != code) {
        ++mismatches;
        UNSCOPED_INFO("IcdHcc differs for " << code);
      }
    }
    CHECK(mismatches == 0);
  }
}

TEST_CASE("every HCC label, hierarchy row and CNA factor of V24 and V28 round-trips", "[codesets][hcc]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  for (const auto& m : kModels) {
    INFO(m.labels);
    std::vector<std::string> header;
    std::map<int, std::string> labels;
    int64_t cc_rows = 0, mismatches = 0;
    for (const auto& r : ReadCsvRows(m.labels, &header)) {
      if (r[0].rfind("HCC", 0) == 0) {
        labels[std::stoi(r[0].substr(3))] = r[1];
      } else {
        ++cc_rows;
        auto h = LookupHcc(*pack, m.model, std::stoi(r[0].substr(2)));  // CC<n>: same label as HCC<n>
        if (!h.ok() || h->label != r[1]) ++mismatches;
      }
    }
    CHECK(cc_rows == (m.model == HccModel::kV28 ? 115 : 0));
    const auto hccs = ListHccs(*pack, m.model);
    CHECK(hccs.size() == (m.model == HccModel::kV24 ? 86u : 115u));
    std::map<int, std::string> in_pack;
    for (const auto& h : hccs) in_pack[h.number] = h.label;
    CHECK(in_pack == labels);

    // Hierarchy: every row's dropped HCCs and group name; HCCs without a row drop nothing.
    std::set<int> heads;
    for (const auto& r : ReadCsvRows(m.hierarchy, &header)) {
      const int hcc = std::stoi(r[0]);
      heads.insert(hcc);
      std::vector<int> drops;
      std::istringstream words(r[1]);
      for (int n; words >> n;) drops.push_back(n);
      std::sort(drops.begin(), drops.end());
      auto h = LookupHcc(*pack, m.model, hcc);
      if (HccDrops(*pack, m.model, hcc) != drops || !h.ok() || h->hierarchy_group != r[2]) {
        ++mismatches;
        UNSCOPED_INFO("hierarchy differs for HCC " << hcc);
      }
    }
    for (const auto& h : hccs) {
      if (!heads.count(h.number) && (!HccDrops(*pack, m.model, h.number).empty() || !h.hierarchy_group.empty())) {
        ++mismatches;
      }
    }

    // Factors: the CNA_HCC<n> column of the one row of values.
    const auto factor_rows = ReadCsvRows(m.factors, &header);
    REQUIRE(factor_rows.size() == 1);
    for (const auto& h : hccs) {
      const auto col = std::find(header.begin(), header.end(), "CNA_HCC" + std::to_string(h.number));
      if (col == header.end() || factor_rows[0][static_cast<size_t>(col - header.begin())] != h.cna_factor) {
        ++mismatches;
        UNSCOPED_INFO("factor differs for HCC " << h.number);
      }
    }
    CHECK(mismatches == 0);
  }
}

TEST_CASE("HCC spot checks: E11.9, a code with two HCCs, hierarchies", "[codesets][hcc]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  // E11.9 -> V24 HCC 19, V28 HCC 38 (PROVENANCE.md: E119 -> 19; E119 -> 38).
  const IcdHccMap dm = IcdHcc(*pack, "e11.9");
  CHECK(dm.code == "E11.9");
  REQUIRE(dm.v24.size() == 1);
  CHECK(dm.v24[0].number == 19);
  CHECK(dm.v24[0].label == "Diabetes without Complication");
  CHECK(dm.v24[0].cna_factor == "0.105");
  REQUIRE(dm.v28.size() == 1);
  CHECK(dm.v28[0].number == 38);
  CHECK(dm.v28[0].label == "Diabetes with Glycemic, Unspecified, or No Complications");
  // E08.3511 (diabetes due to underlying condition with proliferative retinopathy with macular edema, right eye):
  // V24 HCC 18 and 122, V28 HCC 37 and 298 (the files flag the second HCC "D").
  const IcdHccMap retinopathy = IcdHcc(*pack, "E08.3511");
  REQUIRE(retinopathy.v24.size() == 2);
  CHECK(retinopathy.v24[0].number == 18);
  CHECK(retinopathy.v24[1].number == 122);
  REQUIRE(retinopathy.v28.size() == 2);
  CHECK(retinopathy.v28[0].number == 37);
  CHECK(retinopathy.v28[1].number == 298);
  // Z00.00 (general adult exam) maps to nothing; neither does a string that is no code.
  CHECK(IcdHcc(*pack, "Z00.00").v24.empty());
  CHECK(IcdHcc(*pack, "Z00.00").v28.empty());
  CHECK(IcdHcc(*pack, "zzz").v28.empty());

  // V24: HCC 17 (diabetes with acute complications) drops 18 and 19; 85 (heart failure) is untouched.
  CHECK(HccDrops(*pack, HccModel::kV24, 17) == std::vector<int>{18, 19});
  auto v24 = ApplyHccHierarchy(*pack, HccModel::kV24, {19, 85, 17, 18, 19});
  REQUIRE(v24.ok());
  CHECK(*v24 == std::vector<int>{17, 85});
  CHECK(ApplyHccHierarchy(*pack, HccModel::kV24, {18, 19}).value() == std::vector<int>{18});
  CHECK(ApplyHccHierarchy(*pack, HccModel::kV24, {}).value().empty());
  // V28: HCC 35 drops 36, 37, 38.
  CHECK(ApplyHccHierarchy(*pack, HccModel::kV28, {38, 35, 226}).value() == std::vector<int>{35, 226});
  // A number that is not a payment HCC of the model is an error, not silently kept.
  auto wrong = ApplyHccHierarchy(*pack, HccModel::kV28, {19, 122});
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().code == ErrorCode::kInvalidArgument);
  CHECK(wrong.error().message.find("122") != std::string::npos);
  CHECK(wrong.error().message.find("V28") != std::string::npos);
  CHECK_FALSE(LookupHcc(*pack, HccModel::kV24, 38).ok());
}

TEST_CASE("the pack records the HCC inputs and the V24/V28 editions with their gaps", "[codesets][hcc]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  std::set<std::string> inputs, want;
  for (const auto& m : kModels) want.insert({m.map, m.labels, m.hierarchy, m.factors});
  for (const auto& in : pack->Inputs()) {
    if (in.set != "hcc") continue;
    inputs.insert(in.path);
    CHECK(in.sha256 == Sha256::Hex(ReadBytes(kRaw + "/" + in.path)));
    CHECK(in.rows > 0);
  }
  CHECK(inputs == want);  // F24_AllYearsCombined and F2823T2N are deliberately not compiled
  std::map<std::string, PackEdition> editions;
  for (const auto& e : pack->Editions()) {
    if (e.set == "hcc") editions[e.edition] = e;
  }
  REQUIRE(editions.size() == 2);
  CHECK(editions.at("V24 2022").note.find("F24_AllYearsCombined") != std::string::npos);
  CHECK(editions.at("V28 2024").valid_from == "2023-01-01");
  CHECK(editions.at("V28 2024").note.find("later dates of service") != std::string::npos);
}

TEST_CASE("malformed HCC files fail the HCC compiler with their file and line", "[codesets][hcc]") {
  TempDir dir;
  const std::string raw = dir.File("raw");
  std::string rel, content, message;
  size_t line = 0;
  SECTION("an HCC that is not a number") {
    rel = kModels[0].map;
    std::tie(line, content) = ReplaceLine(ReadBytes(kRaw + "/" + rel), "E119\t", "E119\tnineteen\t");
    message = "HCC (2nd)";
  }
  SECTION("an HCC the model does not have") {
    rel = kModels[1].map;
    std::tie(line, content) = ReplaceLine(ReadBytes(kRaw + "/" + rel), "E119\t", "E119\t19000\t");
    message = "not a payment HCC";
  }
  SECTION("a code written with a dot in a dotless file") {
    rel = kModels[1].map;
    std::tie(line, content) = ReplaceLine(ReadBytes(kRaw + "/" + rel), "E119\t", "E11.9\t38\t");
    message = "without a dot";
  }
  SECTION("a map row without its HCC") {
    rel = kModels[0].map;
    std::tie(line, content) = ReplaceLine(ReadBytes(kRaw + "/" + rel), "E119\t", "E119");
    message = "field";
  }
  SECTION("a label name that is not HCC<n>") {
    rel = kModels[0].labels;
    std::tie(line, content) = ReplaceLine(ReadBytes(kRaw + "/" + rel), "HCC19,", "HCX19,Diabetes without Complication");
    message = "'hcc'";
  }
  SECTION("a hierarchy dropping an unknown HCC") {
    rel = kModels[0].hierarchy;
    std::tie(line, content) = ReplaceLine(ReadBytes(kRaw + "/" + rel), "17,", "17,18 19 20,Diabetes 1");
    message = "drops_hccs_space_separated";
  }
  const Status s = CompileHccWith(raw, rel, content);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == ErrorCode::kParse);
  CHECK(s.error().where == rel + ":" + std::to_string(line));
  CHECK(s.error().message.find(message) != std::string::npos);
}
