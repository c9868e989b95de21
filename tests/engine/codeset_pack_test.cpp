// codeset_pack_test.cpp: the code-set pack compiled from the real CDC files in codesets/ (decompressed by the build
// into MEDCODE_CODESETS_RAW), checked against those files themselves, not against numbers typed here; then bad
// inputs and damaged packs.
#include "engine/codeset_pack.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
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
const char* const kOrder2024 = "icd10cm/fy2024-order-flat/icd10cm_order_2024_flat.csv";
const char* const kCodes2025 = "icd10cm/fy2025-derived-csv/ICD10CM_2025_codes.csv";
const char* const kList2026 = "icd10cm/fy2026-codes-only/icd10cm_codes_2026_codes-only.txt";
const char* const kAllInputs[] = {kOrder2024, kCodes2025, "icd10cm/fy2025-derived-csv/ICD10CM_2025_chapters.csv",
                                  "icd10cm/fy2025-derived-csv/ICD10CM_2025_sections.csv", kList2026,
                                  "icd10cm/fy2021-tabular-full/icd10cm_tabular_2021.xml"};

// Copies the real raw inputs into `dir`, replacing `rel` with `content` when given.
void MakeRawDir(const std::string& dir, const std::string& rel = "", const std::string& content = "") {
  for (const char* in : kAllInputs) {
    const std::string out = dir + "/" + in;
    std::filesystem::create_directories(std::filesystem::path(out).parent_path());
    WriteBytes(out, rel == in ? content : ReadBytes(kRaw + "/" + in));
  }
}

}  // namespace

TEST_CASE("the pack compiled from the real ICD-10-CM files agrees with them", "[whole-pack][codesets]") {
  TempDir dir;
  const std::string pack_path = dir.File("codesets.pack");
  REQUIRE(BuildCodeSetPack(kRaw, pack_path).ok());
  auto pack = CodeSetPack::Open(pack_path);
  REQUIRE(pack.ok());

  // FY2026: exactly the codes of the list are billable, each one valid.
  std::istringstream list(ReadBytes(kRaw + "/" + kList2026));
  std::string line;
  int64_t listed = 0;
  while (std::getline(list, line)) {
    if (line.empty()) continue;
    ++listed;
    auto code = pack->Icd(line);
    INFO(line);
    REQUIRE(code.ok());
    CHECK(code->BillableIn(2026));
    CHECK(code->ValidIn(2026));
  }
  CHECK(listed > 70000);
  CHECK(pack->CountIcd(2026, true) == listed);

  // FY2024: every row of the order file is valid, and exactly its billable rows are billable.
  const std::string order = ReadBytes(kRaw + "/" + kOrder2024);
  CsvReader reader(order, kOrder2024);
  REQUIRE(reader.ReadHeader().ok());
  const size_t c_code = reader.Column("icd_code").value(), c_billable = reader.Column("valid_billable").value();
  std::vector<std::string_view> f;
  int64_t rows = 0, billable = 0, mismatches = 0;
  while (reader.Next(f).value()) {
    ++rows;
    const bool is_billable = f[c_billable] == "1";
    billable += is_billable;
    auto code = pack->Icd(f[c_code]);
    if (!code.ok() || !code->ValidIn(2024) || code->BillableIn(2024) != is_billable) ++mismatches;
  }
  CHECK(mismatches == 0);
  CHECK(pack->CountIcd(2024, true) == billable);
  CHECK(pack->CountIcd(2024, false) == rows);

  // Spot checks a coder would recognise.
  auto e119 = pack->Icd("e119");
  REQUIRE(e119.ok());
  CHECK(e119->code == "E11.9");
  CHECK(e119->description == "Type 2 diabetes mellitus without complications");
  CHECK(e119->chapter == 4);
  CHECK(e119->section == "E08-E13");
  auto fracture = pack->Icd("S72.001A");
  REQUIRE(fracture.ok());
  for (int fy = 2024; fy <= 2026; ++fy) CHECK(fracture->BillableIn(fy));
  CHECK(fracture->section == "S70-S79");  // inherited from S72.001: the tabular does not list 7th characters
  auto e11 = pack->Icd("E11");
  REQUIRE(e11.ok());
  CHECK(e11->ValidIn(2026));
  CHECK_FALSE(e11->BillableIn(2026));
  const auto children = pack->IcdChildren("E11");
  REQUIRE_FALSE(children.empty());
  CHECK(children.front().code == "E11.0");
  for (const auto& c : children) CHECK(c.code.size() == 5);
  CHECK(pack->ChapterTitle(4).find("Endocrine") == 0);
  CHECK_FALSE(pack->Icd("E11.99").ok());

  // A FY2026 code no edition describes is marked so and shows its nearest described parent, never a blank.
  int64_t undescribed = 0;
  std::istringstream again(ReadBytes(kRaw + "/" + kList2026));
  while (std::getline(again, line)) {
    if (line.empty()) continue;
    auto code = pack->Icd(line);
    if (code.ok() && code->description.empty()) {
      ++undescribed;
      CHECK(code->description_edition.empty());
      auto parent = pack->NearestDescribedParent(*code);
      INFO(code->code);
      CHECK((parent.has_value() || code->code.rfind("QA0", 0) == 0));
    }
  }
  CHECK(undescribed > 0);
  CHECK(undescribed < 1000);

  // The manifest names every input with the sha256 of its bytes, the ICD-10-CM ones among them.
  const auto inputs = pack->Inputs();
  std::set<std::string> paths;
  for (const auto& in : inputs) {
    INFO(in.path);
    paths.insert(in.path);
    CHECK(in.sha256 == Sha256::Hex(ReadBytes(kRaw + "/" + in.path)));
    CHECK(in.rows > 0);
  }
  for (const char* in : kAllInputs) CHECK(paths.count(in) == 1);
  int icd_editions = 0;
  for (const auto& e : pack->Editions()) icd_editions += e.set == "icd10cm";
  CHECK(icd_editions == 3);
  CHECK(pack->Summary().rfind("ICD-10-CM FY2024-FY2026", 0) == 0);

  // Reproducible: the same inputs give the same bytes.
  const std::string second = dir.File("again.pack");
  REQUIRE(BuildCodeSetPack(kRaw, second).ok());
  CHECK(ReadBytes(second) == ReadBytes(pack_path));
}

TEST_CASE("malformed or missing code-set input fails the build with its file and line", "[codesets]") {
  TempDir dir;
  const std::string raw = dir.File("raw");
  const std::string out = dir.File("out.pack");
  SECTION("an order file cut inside a quoted field") {
    const std::string order = ReadBytes(kRaw + "/" + kOrder2024);
    const size_t cut = order.find("\"Cholera due to");
    REQUIRE(cut != std::string::npos);
    MakeRawDir(raw, kOrder2024, order.substr(0, cut + 10));
    auto s = BuildCodeSetPack(raw, out);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == ErrorCode::kParse);
    CHECK(s.error().where == std::string(kOrder2024) + ":3");
  }
  SECTION("a bad billable flag") {
    MakeRawDir(raw, kOrder2024,
               "order,icd_code,valid_billable,long_description,chapter_no,chapter_name,chapter_range,category_name,"
               "category_range\n1,A00,0,Cholera,1,x,y,z,w\n2,A00.0,yes,Cholera,1,x,y,z,w\n");
    auto s = BuildCodeSetPack(raw, out);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().where == std::string(kOrder2024) + ":3");
    CHECK(s.error().message.find("valid_billable") != std::string::npos);
  }
  SECTION("a line that is not a code in the FY2026 list") {
    MakeRawDir(raw, kList2026, "A000\nA001\nnot a code\n");
    auto s = BuildCodeSetPack(raw, out);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().where == std::string(kList2026) + ":3");
  }
  SECTION("a missing input names the codesets file to restore") {
    MakeRawDir(raw);
    std::filesystem::remove(raw + "/" + kCodes2025);
    auto s = BuildCodeSetPack(raw, out);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == ErrorCode::kNotFound);
    CHECK(s.error().message.find(std::string("codesets/") + kCodes2025 + ".xz") != std::string::npos);
  }
  CHECK_FALSE(std::filesystem::exists(out));  // a failed build leaves no pack behind
}

TEST_CASE("a damaged or foreign pack fails to open with a clear message", "[codesets]") {
  TempDir dir;
  const std::string path = dir.File("codesets.pack");
  SECTION("missing") {
    auto pack = CodeSetPack::Open(path);
    REQUIRE_FALSE(pack.ok());
    CHECK(pack.error().code == ErrorCode::kNotFound);
  }
  SECTION("not a database") {
    WriteBytes(path, std::string(10000, 'x'));
    auto pack = CodeSetPack::Open(path);
    REQUIRE_FALSE(pack.ok());
    CHECK(pack.error().message.find("damaged") != std::string::npos);
  }
  SECTION("a SQLite file that is not a pack") {
    {
      auto db = Database::Open(path);
      REQUIRE(db.ok());
      REQUIRE(db->Exec("CREATE TABLE t(x)").ok());
    }
    auto pack = CodeSetPack::Open(path);
    REQUIRE_FALSE(pack.ok());
    CHECK(pack.error().message.find("not a Medcode code-set pack") != std::string::npos);
  }
}
