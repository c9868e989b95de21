// codeset_reference_test.cpp: place of service and CARC / RARC / group codes in the code-set pack, checked row by row
// against the raw files the build decompressed into MEDCODE_CODESETS_RAW, not against numbers typed here; then
// malformed reference files, which must fail the build with their file and line.
#include "engine/codeset_reference.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "engine/codeset_build.h"
#include "engine/csv.h"
#include "engine/sha256.h"
#include "codeset_test_util.h"
#include "test_util.h"

using namespace medcode::engine;
using medcode::test::ReadBytes;
using medcode::test::WriteRawInput;
using medcode::test::CompileAlone;
using medcode::test::TempDir;
using medcode::test::WriteBytes;

namespace {

const std::string kRaw = MEDCODE_CODESETS_RAW;
const std::string kPackPath = MEDCODE_TEST_PACK;
const char* const kPos = "reference/place_of_service_codes.csv";
const char* const kAdj = "reference/carc_rarc_group_codes.csv";

// Copies every input of the pack the build made (its manifest lists them all) into `dir`, replacing `rel`.
void MakeRawDir(const CodeSetPack& pack, const std::string& dir, const std::string& rel, const std::string& content) {
  for (const auto& in : pack.Inputs()) {
    const std::string out = dir + "/" + in.path;
    std::filesystem::create_directories(std::filesystem::path(out).parent_path());
    if (in.path == rel) {
      WriteBytes(out, content);
    } else {
      std::filesystem::copy_file(kRaw + "/" + in.path, out);
    }
  }
}

// Runs only the reference compiler over a folder holding its inputs, `rel` replaced by `content`: quick, so that each
// malformed case is tried without compiling the other sets first (one case goes through BuildCodeSetPack).
Status CompileReferenceWith(const std::string& dir, const std::string& rel, const std::string& content) {
  for (const char* in : {kPos, kAdj}) {
    WriteRawInput(dir, in, rel, content);
  }
  return CompileAlone(&CompileReference, dir);
}

AdjustmentKind KindOf(std::string_view name) {
  return name == "CARC" ? AdjustmentKind::kCarc : name == "RARC" ? AdjustmentKind::kRarc : AdjustmentKind::kGroup;
}

int64_t CountRows(const CodeSetPack& pack, const char* sql) {
  auto s = pack.db().Prepare(sql);
  REQUIRE(s.ok());
  REQUIRE(s->Step().value());
  return s->ColumnInt(0);
}

}  // namespace

TEST_CASE("every place of service code round-trips through the pack", "[codesets][reference]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  const std::string text = ReadBytes(kRaw + "/" + kPos);
  CsvReader reader(text, kPos);
  REQUIRE(reader.ReadHeader().ok());
  const size_t c_code = reader.Column("pos_code").value(), c_type = reader.Column("pos_type").value(),
               c_name = reader.Column("pos_name").value(), c_desc = reader.Column("pos_description").value();
  std::vector<std::string_view> f;
  int64_t rows = 0;
  while (reader.Next(f).value()) {
    ++rows;
    INFO(reader.Where());
    auto pos = LookupPlaceOfService(*pack, f[c_code]);
    REQUIRE(pos.ok());
    CHECK(pos->code == f[c_code]);
    CHECK(pos->type == f[c_type]);
    CHECK(pos->name == f[c_name]);
    CHECK(pos->description == f[c_desc]);
    CHECK(pos->Assigned() == (f[c_type] != "Unassigned"));
  }
  CHECK(rows == CountRows(*pack, "SELECT count(*) FROM ref_place_of_service"));

  auto office = LookupPlaceOfService(*pack, "11");
  REQUIRE(office.ok());
  CHECK(office->name == "Office");
  CHECK(office->Assigned());
  CHECK_FALSE(office->Facility());
  auto inpatient = LookupPlaceOfService(*pack, "21");
  REQUIRE(inpatient.ok());
  CHECK(inpatient->Facility());
  auto single_digit = LookupPlaceOfService(*pack, " 2");
  REQUIRE(single_digit.ok());
  CHECK(single_digit->code == "02");
  auto letters = LookupPlaceOfService(*pack, "1A");
  REQUIRE_FALSE(letters.ok());
  CHECK(letters.error().code == ErrorCode::kInvalidArgument);
  auto three_digits = LookupPlaceOfService(*pack, "111");
  REQUIRE_FALSE(three_digits.ok());
  CHECK(three_digits.error().code == ErrorCode::kNotFound);
  CHECK(three_digits.error().message.find("111") != std::string::npos);
}

TEST_CASE("every CARC, RARC and group code round-trips through the pack", "[codesets][reference]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  const std::string text = ReadBytes(kRaw + "/" + kAdj);
  CsvReader reader(text, kAdj);
  REQUIRE(reader.ReadHeader().ok());
  const size_t c_code = reader.Column("adj_code").value(), c_type = reader.Column("adj_type").value(),
               c_desc = reader.Column("adj_description").value(), c_usage = reader.Column("adj_usage").value(),
               c_notes = reader.Column("adj_notes").value(), c_start = reader.Column("adj_start_date").value(),
               c_modified = reader.Column("adj_last_modified").value(), c_end = reader.Column("adj_end_date").value();
  std::vector<std::string_view> f;
  std::map<std::string, int64_t> per_kind;
  int64_t mismatches = 0;
  std::string newest_modified, ended_code, ended_on;
  while (reader.Next(f).value()) {
    ++per_kind[std::string(f[c_type])];
    auto a = LookupAdjustmentCode(*pack, KindOf(f[c_type]), f[c_code]);
    if (!a.ok() || a->code != f[c_code] || AdjustmentKindName(a->kind) != f[c_type] || a->description != f[c_desc] ||
        a->usage != f[c_usage] || a->notes != f[c_notes] || a->start_date != f[c_start] ||
        a->last_modified != f[c_modified] || a->end_date != f[c_end]) {
      ++mismatches;
      UNSCOPED_INFO("mismatch at " << reader.Where());
    }
    newest_modified = std::max(newest_modified, std::string(f[c_modified]));
    if (ended_code.empty() && f[c_type] == "CARC" && !f[c_end].empty()) {
      ended_code = std::string(f[c_code]);
      ended_on = std::string(f[c_end]);
    }
  }
  CHECK(mismatches == 0);
  CHECK(per_kind["CARC"] > 100);
  CHECK(per_kind["RARC"] > 100);
  CHECK(per_kind["Group"] > 0);
  CHECK(per_kind["CARC"] + per_kind["RARC"] + per_kind["Group"] ==
        CountRows(*pack, "SELECT count(*) FROM ref_adjustment_code"));

  // Spot checks a coder would recognise.
  auto carc45 = LookupCarc(*pack, "45");
  REQUIRE(carc45.ok());
  CHECK(carc45->description.find("Charge exceeds fee schedule") == 0);
  CHECK(carc45->ActiveOn(ParseDate("2024-07-01").value()));
  auto n130 = LookupRarc(*pack, "n130");
  REQUIRE(n130.ok());
  CHECK(n130->code == "N130");
  auto co = LookupGroupCode(*pack, "CO");
  REQUIRE(co.ok());
  CHECK(co->description == "Contractual Obligations");
  // The same code asked as the wrong kind is not found, and the message says which list was searched.
  auto wrong_kind = LookupCarc(*pack, "N130");
  REQUIRE_FALSE(wrong_kind.ok());
  CHECK(wrong_kind.error().code == ErrorCode::kNotFound);
  CHECK(wrong_kind.error().message.find("CARC") != std::string::npos);
  // An end-dated code is still found, and is active up to and including its stop date only.
  REQUIRE_FALSE(ended_code.empty());
  auto ended = LookupCarc(*pack, ended_code);
  REQUIRE(ended.ok());
  Date stop = ParseDate(ended_on).value();
  CHECK(ended->ActiveOn(stop));
  Date after = stop;
  after.year += 1;
  CHECK_FALSE(ended->ActiveOn(after));

  // The edition says how stale the list is, from the file's own newest last-modified date.
  int editions = 0;
  for (const auto& e : pack->Editions()) {
    if (e.set != "reference") continue;
    ++editions;
    if (e.edition.find("CARC") != std::string::npos) {
      CHECK(e.note.find("last modified " + newest_modified) != std::string::npos);
      CHECK(e.note.find("X12") != std::string::npos);
    }
  }
  CHECK(editions == 2);
  for (const auto& in : pack->Inputs()) {
    if (in.set != "reference") continue;
    INFO(in.path);
    CHECK((in.path == kPos || in.path == kAdj));
    CHECK(in.sha256 == Sha256::Hex(ReadBytes(kRaw + "/" + in.path)));
  }
}

TEST_CASE("malformed reference files fail the reference compiler with their file and line", "[codesets][reference]") {
  TempDir dir;
  const std::string raw = dir.File("raw");
  std::string rel, content, message;
  size_t line = 0;
  SECTION("a place of service file truncated in its last row") {
    rel = kPos;
    const std::string text = ReadBytes(kRaw + "/" + rel);
    content = text.substr(0, text.rfind(','));
    line = static_cast<size_t>(std::count(content.begin(), content.end(), '\n')) + 1;
    message = "columns";
  }
  SECTION("a place of service type that is neither facility nor non-facility") {
    rel = kPos;
    content = "pos_code,pos_type,pos_name,pos_description\n11,Non-Facility,Office,x\n12,Home,Home,x\n";
    line = 3;
    message = "pos_type";
  }
  SECTION("an adjustment code date that is not YYYY-MM-DD") {
    rel = kAdj;
    const std::string text = ReadBytes(kRaw + "/" + rel);
    const std::string header = text.substr(0, text.find('\n') + 1);
    content = header + "CO,Group,Contractual Obligations,,,,,\n45,CARC,Charge exceeds fee schedule,,,01/01/1995,,\n";
    line = 3;
    message = "adj_start_date";
  }
  const Status s = CompileReferenceWith(raw, rel, content);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == ErrorCode::kParse);
  CHECK(s.error().where == rel + ":" + std::to_string(line));
  CHECK(s.error().message.find(message) != std::string::npos);
}

TEST_CASE("a truncated place of service file fails the whole pack build with its file and line",
          "[whole-pack][codesets][reference]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  TempDir dir;
  const std::string raw = dir.File("raw"), out = dir.File("out.pack");
  const std::string text = ReadBytes(kRaw + "/" + kPos);
  const std::string content = text.substr(0, text.rfind(','));
  MakeRawDir(*pack, raw, kPos, content);
  auto s = BuildCodeSetPack(raw, out);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == ErrorCode::kParse);
  CHECK(s.error().where ==
        std::string(kPos) + ":" + std::to_string(std::count(content.begin(), content.end(), '\n') + 1));
  CHECK_FALSE(std::filesystem::exists(out));  // a failed build leaves no pack behind
}
