// codeset_mpfs_test.cpp: the Medicare Physician Fee Schedule part of the code-set pack, checked row by row against
// the raw CMS files the build decompressed into MEDCODE_CODESETS_RAW (re-read here, not numbers typed in); the
// allowed amount recomputed in integers from the raw RVU and GPCI rows; malformed files, which must fail the build
// with their file and line.
#include "engine/codeset_mpfs.h"

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
const char* const kRvuFile = "mpfs/rvu25d/PPRRVU2025_Oct.csv";
const char* const kGpciFile = "mpfs/rvu25d/GPCI2025.csv";
const char* const kLocalityFile = "mpfs/rvu25d/25LOCCO.csv";
const char* const kAnesFile = "mpfs/rvu25d/ANES2025.csv";
const char* const kOppsCapFile = "mpfs/rvu25d/OPPSCAP_Oct.csv";
const char* const kZipFile = "mpfs/zip-locality-oct2025/ZIP5_OCT2025.txt";
const char* const kAllInputs[] = {kRvuFile, kGpciFile, kLocalityFile, kAnesFile, kOppsCapFile, kZipFile};

std::string Trimmed(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

// "1.065" -> 1065 at 3 places, "1" -> 1000, "19.31 " -> 1931 at 2 places: the test's own exact reading of a raw
// number (string surgery, no floating point), independent of the compiler's.
int64_t Scaled(std::string_view text, int places) {
  std::string s = Trimmed(text);
  const size_t point = s.find('.');
  std::string whole = s.substr(0, point), fraction = point == std::string::npos ? "" : s.substr(point + 1);
  REQUIRE(fraction.size() <= static_cast<size_t>(places));
  fraction.append(static_cast<size_t>(places) - fraction.size(), '0');
  return std::stoll(whole + fraction);
}

std::string Pad(std::string_view s, size_t width) {
  std::string t = Trimmed(s);
  return std::string(width - t.size(), '0') + t;
}

// Reads a CMS CSV, positioned after the row whose first field (trimmed) is `heading`.
void SkipToHeading(CsvReader& reader, std::string_view heading) {
  std::vector<std::string_view> f;
  for (int i = 0; i < 20; ++i) {
    REQUIRE(reader.Next(f).value());
    if (Trimmed(f[0]) == heading) return;
  }
  FAIL("no heading row " << heading);
}

bool IsDataRow(const std::vector<std::string_view>& f) {
  const std::string first = Trimmed(f[0]);
  return !first.empty() && first[0] >= '0' && first[0] <= '9';
}

// Runs only the MPFS compiler over a folder holding its inputs, `rel` replaced by `content`.
Status CompileMpfsWith(const std::string& dir, const std::string& rel, const std::string& content) {
  for (const char* in : kAllInputs) {
    WriteRawInput(dir, in, rel, content);
  }
  return CompileAlone(&CompileMpfs, dir);
}

// The raw CSV line starting with `prefix`, split (for the hand computations).
std::vector<std::string> RawRow(const char* rel, const std::string& prefix) {
  const std::string text = ReadBytes(kRaw + "/" + rel);
  CsvReader reader(text, rel);
  std::vector<std::string_view> f;
  while (reader.Next(f).value()) {
    std::string joined;
    for (auto v : f) joined += std::string(v) + ",";
    if (joined.rfind(prefix, 0) == 0) return {f.begin(), f.end()};
  }
  FAIL("no row " << prefix << " in " << rel);
  return {};
}

}  // namespace

TEST_CASE("every PPRRVU row round-trips through the pack, every number exact", "[codesets][mpfs]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  const std::string text = ReadBytes(kRaw + "/" + kRvuFile);
  CsvReader reader(text, kRvuFile);
  SkipToHeading(reader, "HCPCS");
  std::map<std::pair<std::string, std::string>, MpfsRvu> in_pack;
  for (auto& r : ListRvus(*pack)) in_pack.emplace(std::make_pair(r.code, r.modifier), std::move(r));
  std::vector<std::string_view> f;
  int64_t rows = 0, mismatches = 0;
  while (reader.Next(f).value()) {
    ++rows;
    REQUIRE(f.size() == 31);
    auto it = in_pack.find({std::string(f[0]), std::string(f[1])});
    if (it == in_pack.end()) {
      ++mismatches;
      UNSCOPED_INFO("missing " << reader.Where());
      continue;
    }
    const MpfsRvu& r = it->second;
    // Decimals compared as text: the CMS file writes every RVU with 2 decimals and the CF with 4.
    const bool same =
        r.description == f[2] && r.status == f[3] && r.not_used_for_medicare_payment == (f[4] == "+") &&
        r.work_rvu.Text() == f[5] && r.nonfacility_pe_rvu.Text() == f[6] && r.nonfacility_na == (f[7] == "NA") &&
        r.facility_pe_rvu.Text() == f[8] && r.facility_na == (f[9] == "NA") && r.mp_rvu.Text() == f[10] &&
        r.nonfacility_total.Text() == f[11] && r.facility_total.Text() == f[12] && std::to_string(r.pctc) == f[13] &&
        r.global_days == f[14] && r.pre_op.Text() == f[15] && r.intra_op.Text() == f[16] &&
        r.post_op.Text() == f[17] && std::to_string(r.mult_proc) == f[18] && std::to_string(r.bilateral) == f[19] &&
        std::to_string(r.assistant) == f[20] && std::to_string(r.co_surgeon) == f[21] &&
        std::to_string(r.team) == f[22] && r.endo_base == f[23] && r.conversion_factor.Text() == f[24] &&
        r.supervision == f[25] && std::to_string(r.calculation_flag) == f[26] && r.imaging_family == f[27] &&
        r.opps_nonfacility_pe_rvu.Text() == f[28] && r.opps_facility_pe_rvu.Text() == f[29] &&
        r.opps_mp_rvu.Text() == f[30];
    if (!same) {
      ++mismatches;
      UNSCOPED_INFO("mismatch at " << reader.Where());
    }
    if (rows % 97 == 0) {
      auto looked_up = LookupRvu(*pack, f[0], f[1]);
      if (!looked_up.ok() || looked_up->work_rvu.scaled != r.work_rvu.scaled || looked_up->status != r.status) {
        ++mismatches;
        UNSCOPED_INFO("LookupRvu differs at " << reader.Where());
      }
    }
  }
  CHECK(mismatches == 0);
  CHECK(rows == 19090);  // PROVENANCE's 19,099 counts the 9 lines of the title block above the heading too
  CHECK(static_cast<int64_t>(in_pack.size()) == rows);

  // Spot checks (codesets/mpfs/SOURCE.md): 99213 work 1.30, PE 1.35 / 0.57, MP 0.10, CF 32.3465.
  auto visit = LookupRvu(*pack, " 99213 ");
  REQUIRE(visit.ok());
  CHECK(visit->status == "A");
  CHECK(visit->work_rvu.scaled == 130);
  CHECK(visit->nonfacility_pe_rvu.scaled == 135);
  CHECK(visit->facility_pe_rvu.scaled == 57);
  CHECK(visit->mp_rvu.scaled == 10);
  CHECK(visit->conversion_factor.scaled == 323465);
  CHECK(visit->conversion_factor.places == 4);
  CHECK(visit->conversion_factor.Text() == "32.3465");
  CHECK(visit->work_rvu.Text() == "1.30");
  CHECK(visit->global_days == "XXX");
  auto tc = LookupRvu(*pack, "70496", "tc");  // modifiers in any case
  REQUIRE(tc.ok());
  CHECK(tc->modifier == "TC");
  const auto rows_70496 = RvusForCode(*pack, "70496");
  REQUIRE(rows_70496.size() == 3);
  CHECK(rows_70496[0].modifier.empty());
  CHECK(rows_70496[1].modifier == "26");
  CHECK(rows_70496[2].modifier == "TC");

  auto missing = LookupRvu(*pack, "99213", "TC");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::kNotFound);
  CHECK(missing.error().message.find("99213") != std::string::npos);
}

TEST_CASE("every GPCI, locality, anesthesia CF and OPPS cap row round-trips through the pack", "[codesets][mpfs]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  std::vector<std::string_view> f;

  {  // GPCI2025.csv: 2 title lines, the heading, the rows, footnotes.
    const std::string text = ReadBytes(kRaw + "/" + kGpciFile);
    CsvReader reader(text, kGpciFile);
    SkipToHeading(reader, "Medicare Administrative Contractor (MAC)");
    int64_t rows = 0, mismatches = 0;
    while (reader.Next(f).value()) {
      if (!IsDataRow(f)) continue;
      ++rows;
      auto g = LookupGpci(*pack, f[0], f[2]);
      if (!g.ok() || g->carrier != f[0] || g->locality != f[2] || g->state != f[1] || g->name != f[3] ||
          g->work.scaled != Scaled(f[4], 3) || g->pe.scaled != Scaled(f[5], 3) || g->mp.scaled != Scaled(f[6], 3)) {
        ++mismatches;
        UNSCOPED_INFO("GPCI mismatch at " << reader.Where());
      }
    }
    CHECK(mismatches == 0);
    CHECK(rows == 109);
    auto alaska = LookupGpci(*pack, "2102", "1");  // short forms padded
    REQUIRE(alaska.ok());
    CHECK(alaska->work.Text() == "1.500");
    CHECK(LookupGpci(*pack, "99999", "01").error().code == ErrorCode::kNotFound);
    CHECK(LookupGpci(*pack, "1x", "01").error().code == ErrorCode::kInvalidArgument);
  }

  {  // 25LOCCO.csv: the state is given on the first row of each state only.
    const std::string text = ReadBytes(kRaw + "/" + kLocalityFile);
    CsvReader reader(text, kLocalityFile);
    SkipToHeading(reader, "Medicare Adminstrative Contractor");
    std::map<std::pair<std::string, std::string>, std::vector<std::string>> expected;
    std::string state;
    int64_t rows = 0;
    while (reader.Next(f).value()) {
      if (!IsDataRow(f)) continue;
      ++rows;
      if (!Trimmed(f[2]).empty()) state = Trimmed(f[2]);
      expected[{Pad(f[0], 5), Pad(f[1], 2)}].push_back(state + "|" + Trimmed(f[3]) + "|" + Trimmed(f[4]));
    }
    CHECK(rows == 110);
    int64_t mismatches = 0;
    for (const auto& [key, want] : expected) {
      std::vector<std::string> got;
      for (const auto& c : LocalityCounties(*pack, key.first, key.second)) {
        got.push_back(c.state + "|" + c.area + "|" + c.counties);
      }
      if (got != want) {
        ++mismatches;
        UNSCOPED_INFO("counties differ for " << key.first << "/" << key.second);
      }
    }
    CHECK(mismatches == 0);
    const auto manhattan = LocalityCounties(*pack, "13202", "01");
    REQUIRE(manhattan.size() == 1);
    CHECK(manhattan[0].area == "MANHATTAN");
    CHECK(manhattan[0].state == "NEW YORK");
  }

  {  // ANES2025.csv: the national CF is in the heading.
    const std::string text = ReadBytes(kRaw + "/" + kAnesFile);
    CsvReader reader(text, kAnesFile);
    REQUIRE(reader.ReadHeader().ok());
    const std::string heading = reader.header().at(3);
    const size_t of = heading.find(" of ");
    REQUIRE(of != std::string::npos);
    auto national = NationalAnesthesiaCf(*pack);
    REQUIRE(national.ok());
    CHECK(national->scaled == Scaled(heading.substr(of + 4), 4));
    CHECK(national->Text() == "20.3178");
    int64_t rows = 0, mismatches = 0;
    while (reader.Next(f).value()) {
      if (!IsDataRow(f)) continue;
      ++rows;
      auto a = LookupAnesthesiaCf(*pack, f[0], f[1]);
      if (!a.ok() || a->carrier != Trimmed(f[0]) || a->name != Trimmed(f[2]) || a->cf.scaled != Scaled(f[3], 2)) {
        ++mismatches;
        UNSCOPED_INFO("anesthesia CF mismatch at " << reader.Where());
      }
    }
    CHECK(mismatches == 0);
    CHECK(rows == 109);
  }

  {  // OPPSCAP_Oct.csv: every row, from one query, and LookupOppsCap on a sample.
    std::map<std::tuple<std::string, std::string, std::string, std::string>, std::tuple<std::string, int64_t, int64_t>>
        in_pack;
    auto s = pack->db().Prepare("SELECT code, modifier, carrier, locality, status, facility, nonfacility FROM "
                                "mpfs_opps_cap");
    REQUIRE(s.ok());
    while (s->Step().value()) {
      in_pack[{s->ColumnText(0), s->ColumnText(1), s->ColumnText(2), s->ColumnText(3)}] = {
          s->ColumnText(4), s->ColumnInt(5), s->ColumnInt(6)};
    }
    const std::string text = ReadBytes(kRaw + "/" + kOppsCapFile);
    CsvReader reader(text, kOppsCapFile);
    REQUIRE(reader.ReadHeader().ok());
    int64_t rows = 0, mismatches = 0;
    while (reader.Next(f).value()) {
      if (f[0].empty()) continue;  // the trailing ",,,,,," line
      ++rows;
      auto it = in_pack.find({std::string(f[0]), std::string(f[1]), std::string(f[3]), std::string(f[4])});
      if (it == in_pack.end() || std::get<0>(it->second) != f[2] || std::get<1>(it->second) != Scaled(f[5], 2) ||
          std::get<2>(it->second) != Scaled(f[6], 2)) {
        ++mismatches;
        UNSCOPED_INFO("OPPS cap mismatch at " << reader.Where());
      } else if (rows % 501 == 0) {
        auto cap = LookupOppsCap(*pack, f[0], f[1], f[3], f[4]);
        if (!cap.ok() || cap->nonfacility_price.scaled != Scaled(f[6], 2)) ++mismatches;
      }
    }
    CHECK(mismatches == 0);
    CHECK(rows == 16100);
    CHECK(static_cast<int64_t>(in_pack.size()) == rows);
  }
}

TEST_CASE("every ZIP5 record round-trips; a Manhattan ZIP maps to carrier 13202 locality 01", "[codesets][mpfs]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  std::map<int64_t, std::string> in_pack;  // zip -> "state|carrier|locality|rural|needs_zip4"
  auto s = pack->db().Prepare("SELECT zip, state, carrier, locality, rural, needs_zip4 FROM mpfs_zip");
  REQUIRE(s.ok());
  while (s->Step().value()) {
    in_pack[s->ColumnInt(0)] = s->ColumnText(1) + "|" + s->ColumnText(2) + "|" + s->ColumnText(3) + "|" +
                               s->ColumnText(4) + "|" + std::to_string(s->ColumnInt(5));
  }
  const std::string text = ReadBytes(kRaw + "/" + kZipFile);
  size_t pos = 0, lines = 0, mismatches = 0;
  while (pos < text.size()) {
    const size_t end = text.find('\n', pos);
    std::string line = text.substr(pos, end - pos);
    pos = end == std::string::npos ? text.size() : end + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    ++lines;
    const std::string rural = line[14] == ' ' ? "" : line.substr(14, 1);
    const std::string want = line.substr(0, 2) + "|" + line.substr(7, 5) + "|" + line.substr(12, 2) + "|" + rural +
                             "|" + (line[20] == '1' ? "1" : "0");
    auto it = in_pack.find(std::stoll(line.substr(2, 5)));
    if (it == in_pack.end() || it->second != want) {
      ++mismatches;
      UNSCOPED_INFO("ZIP mismatch at line " << lines);
    } else if (lines % 499 == 0) {
      auto z = LocalityForZip(*pack, line.substr(2, 5));
      if (!z.ok() || z->zip5 != line.substr(2, 5) || z->carrier != line.substr(7, 5) ||
          z->locality != line.substr(12, 2) || z->state != line.substr(0, 2)) {
        ++mismatches;
      }
    }
  }
  CHECK(mismatches == 0);
  CHECK(lines == 42956);
  CHECK(in_pack.size() == lines);

  auto manhattan = LocalityForZip(*pack, "10001");
  REQUIRE(manhattan.ok());
  CHECK(manhattan->state == "NY");
  CHECK(manhattan->carrier == "13202");
  CHECK(manhattan->locality == "01");
  CHECK(LookupGpci(*pack, manhattan->carrier, manhattan->locality)->name == "MANHATTAN");
  auto alaska = LocalityForZip(*pack, "99501");  // leading digits kept; Anchorage
  REQUIRE(alaska.ok());
  CHECK(alaska->state == "AK");
  auto leading_zero = LocalityForZip(*pack, "02108");  // Boston: a ZIP with a leading zero
  REQUIRE(leading_zero.ok());
  CHECK(leading_zero->zip5 == "02108");
  CHECK(leading_zero->state == "MA");
  CHECK(LocalityForZip(*pack, "1000").error().code == ErrorCode::kInvalidArgument);
  CHECK(LocalityForZip(*pack, "ABCDE").error().code == ErrorCode::kInvalidArgument);
  CHECK(LocalityForZip(*pack, "00000").error().code == ErrorCode::kNotFound);
}

TEST_CASE("ExpectedPayment for 99213 in Manhattan equals the CMS formula worked from the raw rows",
          "[codesets][mpfs]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  // The raw rows, read here: PPRRVU 99213 (columns: work 5, NF PE 6, F PE 8, MP 10, CF 24), GPCI 13202/01.
  const auto rvu = RawRow(kRvuFile, "99213,,");
  const auto gpci = RawRow(kGpciFile, "13202,NY,01,");
  const int64_t work = Scaled(rvu[5], 2), pe_nf = Scaled(rvu[6], 2), pe_f = Scaled(rvu[8], 2), mp = Scaled(rvu[10], 2);
  const int64_t cf = Scaled(rvu[24], 4);
  const int64_t gw = Scaled(gpci[4], 3), gpe = Scaled(gpci[5], 3), gmp = Scaled(gpci[6], 3);
  for (const bool facility : {false, true}) {
    INFO((facility ? "facility" : "non-facility"));
    // [(work x GPCI) + (PE x GPCI) + (MP x GPCI)] x CF, in units of 10^-9 dollars, rounded half up to cents.
    const int64_t adjusted = work * gw + (facility ? pe_f : pe_nf) * gpe + mp * gmp;  // 10^-5 RVU
    const int64_t cents = (adjusted * cf + 5'000'000) / 10'000'000;
    auto p = ExpectedPayment(*pack, "99213", "", "10001", facility);
    REQUIRE(p.ok());
    CHECK(p->computed);
    CHECK(p->pricing == MpfsPricing::kPaid);
    CHECK(p->gpci.name == "MANHATTAN");
    CHECK(p->total_adjusted.scaled == adjusted);
    CHECK(p->unrounded.scaled == adjusted * cf);
    CHECK(p->fee.scaled == cents);
    CHECK(p->allowed.scaled == cents);
    CHECK_FALSE(p->opps_cap.has_value());
    const std::string explain = p->Explain();
    CHECK(explain.find("1.065") != std::string::npos);  // the work GPCI shown in the calculation
    CHECK(explain.find("$" + p->allowed.Text()) != std::string::npos);
    // National (every GPCI 1.000): the file's own total RVUs x CF.
    auto national = NationalPayment(*pack, "99213", "", facility);
    REQUIRE(national.ok());
    const int64_t total = Scaled(rvu[facility ? 12 : 11], 2);
    CHECK(national->fee.scaled == (total * 1000 * cf + 5'000'000) / 10'000'000);
  }
  // Malformed or unknown input.
  CHECK(ExpectedPayment(*pack, "99213", "", "1000", false).error().code == ErrorCode::kInvalidArgument);
  CHECK(ExpectedPayment(*pack, "99213", "", "00000", false).error().code == ErrorCode::kNotFound);
  CHECK(ExpectedPayment(*pack, "ZZZZZ", "", "10001", false).error().code == ErrorCode::kNotFound);
}

TEST_CASE("statuses that are not priced from RVUs come back explained, without an amount", "[codesets][mpfs]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  // One code of each status, taken from the pack; each must say what its status means.
  std::map<std::string, MpfsRvu> by_status;
  for (auto& r : ListRvus(*pack)) by_status.emplace(r.status, r);
  REQUIRE(by_status.size() >= 12);
  for (const auto& [status, r] : by_status) {
    INFO(status << " " << r.code);
    auto p = ExpectedPayment(*pack, r.code, r.modifier, "10001", false);
    REQUIRE(p.ok());
    CHECK(p->pricing != MpfsPricing::kUnknown);
    CHECK(p->status_meaning.rfind(status + ": ", 0) == 0);
    const bool priced_status = status == "A" || status == "T" || status == "R";
    if (!priced_status) {
      CHECK_FALSE(p->computed);
      CHECK(p->allowed.scaled == 0);
      CHECK(p->Explain().find("no amount") != std::string::npos);
    }
  }
  auto anesthesia = ExpectedPayment(*pack, "00100", "", "10001", false);
  REQUIRE(anesthesia.ok());
  CHECK(anesthesia->pricing == MpfsPricing::kAnesthesia);
  // RVUs published with "+" (not used for Medicare payment) are never priced, even with status I or N.
  auto not_used = ExpectedPayment(*pack, "27215", "", "10001", true);
  REQUIRE(not_used.ok());
  CHECK(not_used->rvu.not_used_for_medicare_payment);
  CHECK_FALSE(not_used->computed);
  CHECK(PricingForStatus("Q") == MpfsPricing::kUnknown);
  auto anes_cf = LookupAnesthesiaCf(*pack, "13202", "01");
  REQUIRE(anes_cf.ok());
  CHECK(anes_cf->name == "MANHATTAN");
}

TEST_CASE("the OPPS cap is applied when it is lower than the fee schedule amount", "[codesets][mpfs]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  // Every capped status-A code of the Manhattan locality: allowed = min(fee, cap), recomputed from the raw cap row.
  const std::string text = ReadBytes(kRaw + "/" + kOppsCapFile);
  CsvReader reader(text, kOppsCapFile);
  REQUIRE(reader.ReadHeader().ok());
  std::vector<std::string_view> f;
  int64_t checked = 0, capped = 0, mismatches = 0;
  while (reader.Next(f).value()) {
    if (f[3] != "13202" || f[4] != "01" || f[2] != "A") continue;
    auto p = ExpectedPayment(*pack, f[0], f[1], "10001", false);
    REQUIRE(p.ok());
    ++checked;
    const int64_t cap = Scaled(f[6], 2);
    if (!p->opps_cap || p->allowed.scaled != std::min(cap, p->fee.scaled) ||
        p->opps_cap_applied != (cap < p->fee.scaled)) {
      ++mismatches;
      UNSCOPED_INFO("cap not applied right at " << reader.Where());
    }
    capped += p->opps_cap_applied;
    if (p->opps_cap_applied) CHECK(p->Explain().find("OPPS cap $" + p->allowed.Text()) != std::string::npos);
  }
  CHECK(mismatches == 0);
  CHECK(checked > 50);
  CHECK(capped > 0);
}

TEST_CASE("the pack records the MPFS inputs and the CY2025 RVU25D edition with its gaps", "[codesets][mpfs]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  std::map<std::string, int64_t> rows;
  for (const auto& in : pack->Inputs()) {
    if (in.set != "mpfs") continue;
    INFO(in.path);
    rows[in.path] = in.rows;
    CHECK(in.sha256 == Sha256::Hex(ReadBytes(kRaw + "/" + in.path)));
  }
  CHECK(rows == std::map<std::string, int64_t>{{kRvuFile, 19090}, {kGpciFile, 109}, {kLocalityFile, 110},
                                               {kAnesFile, 109}, {kOppsCapFile, 16100}, {kZipFile, 42956}});
  int editions = 0;
  for (const auto& e : pack->Editions()) {
    if (e.set != "mpfs") continue;
    ++editions;
    CHECK(e.edition == "MPFS CY2025 RVU25D");
    CHECK(e.valid_from == "2025-01-01");
    CHECK(e.valid_to == "2025-12-31");
    for (const char* word : {"October", "RVU25D", "2026", "ZIP+4", "32.3465", "OPPS"}) {
      CHECK(e.note.find(word) != std::string::npos);
    }
  }
  CHECK(editions == 1);
}

TEST_CASE("malformed MPFS files fail the MPFS compiler with their file and line", "[codesets][mpfs]") {
  TempDir dir;
  const std::string raw = dir.File("raw");
  std::string rel, content, message;
  size_t line = 0;
  SECTION("a work RVU that is not a number") {
    rel = kRvuFile;
    std::tie(line, content) = ReplaceLine(ReadBytes(kRaw + "/" + rel), "99213,",
                                          "99213,,,A,,1.3O,1.35,,0.57,,0.10,2.75,1.97,0,XXX,0.00,0.00,0.00,0,0,0,0,0,,"
                                          "32.3465,09,0,99,0.00,0.00,0.00");
    message = "WORK RVU";
  }
  SECTION("an RVU with three decimals (would not be exact in hundredths)") {
    rel = kRvuFile;
    std::tie(line, content) = ReplaceLine(ReadBytes(kRaw + "/" + rel), "99213,",
                                          "99213,,,A,,1.30,1.355,,0.57,,0.10,2.75,1.97,0,XXX,0.00,0.00,0.00,0,0,0,0,0,,"
                                          "32.3465,09,0,99,0.00,0.00,0.00");
    message = "NON-FAC PE RVU";
  }
  SECTION("a short RVU row") {
    rel = kRvuFile;
    std::tie(line, content) = ReplaceLine(ReadBytes(kRaw + "/" + rel), "99213,", "99213,,,A,,1.30,1.35");
    message = "columns";
  }
  SECTION("an RVU file whose heading row is missing") {
    rel = kRvuFile;
    std::tie(line, content) = ReplaceLine(ReadBytes(kRaw + "/" + rel), "HCPCS,MOD,", "CODE,MOD,");
    line = 1;
    message = "heading";
  }
  SECTION("a GPCI that is not a number") {
    rel = kGpciFile;
    std::tie(line, content) =
        ReplaceLine(ReadBytes(kRaw + "/" + rel), "13202,NY,01,", "13202,NY,01,MANHATTAN,1.065,high,1.656");
    message = "2025 PE GPCI";
  }
  SECTION("an anesthesia CF that is not a number") {
    rel = kAnesFile;
    std::tie(line, content) = ReplaceLine(ReadBytes(kRaw + "/" + rel), "13202 ,01 ,", "13202 ,01 ,MANHATTAN,22.7x ");
    message = "Anesthesia CF";
  }
  SECTION("an OPPS cap price that is not a number") {
    rel = kOppsCapFile;
    std::tie(line, content) =
        ReplaceLine(ReadBytes(kRaw + "/" + rel), "0633T,TC,C,01112,05,", "0633T,TC,C,01112,05,150.69,$150.69");
    message = "NON-FACILTY PRICE";
  }
  SECTION("a truncated ZIP line") {
    rel = kZipFile;
    std::tie(line, content) = ReplaceLine(ReadBytes(kRaw + "/" + rel), "NY10001", "NY100011320201 Z9   0 A");
    message = "80 characters";
  }
  SECTION("a ZIP line with letters in the ZIP code") {
    rel = kZipFile;
    const std::string text = ReadBytes(kRaw + "/" + rel);
    const size_t at = text.find("NY10001");
    REQUIRE(at != std::string::npos);
    const std::string good = text.substr(at, 80);
    std::tie(line, content) = ReplaceLine(text, "NY10001", "NY1O001" + good.substr(7));
    message = "ZIP code (columns 3-7)";
  }
  SECTION("a ZIP line of another quarter") {
    rel = kZipFile;
    const std::string text = ReadBytes(kRaw + "/" + rel);
    const size_t at = text.find("NY10001");
    const std::string good = text.substr(at, 80);
    std::tie(line, content) = ReplaceLine(text, "NY10001", good.substr(0, 75) + "20253");
    message = "20254";
  }
  const Status s = CompileMpfsWith(raw, rel, content);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == ErrorCode::kParse);
  CHECK(s.error().where == rel + ":" + std::to_string(line));
  CHECK(s.error().message.find(message) != std::string::npos);
}

TEST_CASE("a bad ZIP line fails the whole pack build with its file and line", "[whole-pack][codesets][mpfs]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  TempDir dir;
  const std::string raw = dir.File("raw"), out = dir.File("out.pack");
  for (const auto& in : pack->Inputs()) {
    const std::string path = raw + "/" + in.path;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::filesystem::copy_file(kRaw + "/" + in.path, path);
  }
  const auto [line, content] = ReplaceLine(ReadBytes(kRaw + "/" + kZipFile), "NY10001", "NY10001");
  WriteBytes(raw + "/" + kZipFile, content);
  auto s = BuildCodeSetPack(raw, out);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().where == std::string(kZipFile) + ":" + std::to_string(line));
  CHECK_FALSE(std::filesystem::exists(out));
}
