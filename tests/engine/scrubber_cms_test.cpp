// scrubber_cms_test.cpp: the claim scrubber's NCCI and MCE rules checked against the raw CMS tables the build
// decompressed into MEDCODE_CODESETS_RAW, read here with CsvReader independently of the pack the scrubber loads:
//   - PTP: 100,000 random code pairs (fixed seed; half drawn from the practitioner table, half not) as two lines of one
//     claim; the engine must flag exactly the pairs in force on the date of service (no deletion date, or DOS <= it;
//     indicator 9 never), each on its column 2 line with the right modifier behaviour; and a sample through the
//     outpatient hospital table on outpatient hospital claims;
//   - MUE: every row of the three tables, at the MUE (passes) and one unit over (fails with the rule of its MAI),
//     MAI 2/3 also over two lines, MUE 0 not payable;
//   - MCE v41.1: every age, sex and manifestation entry, on a date of service whose fiscal year has the code.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "engine/claim.h"
#include "engine/codeset_pack.h"
#include "engine/csv.h"
#include "engine/date.h"
#include "engine/scrubber.h"
#include "scrub_test_util.h"
#include "test_util.h"

using namespace medcode::engine;
using medcode::test::ReadBytes;
using medcode::test::TestScrubber;

namespace {

const std::string kRaw = MEDCODE_CODESETS_RAW;
const Date kToday{2026, 11, 27};
const Date kQ3From{2024, 7, 1};  // the NCCI edition of the raw files: 2024 Q3
constexpr int kQ3Days = 92;      // 2024-07-01 .. 2024-09-30

// The same counts natively and under wasm (node): reading the raw tables and loading the scrubber dominate, not the
// claims (measured under node on the 2-core VM: 20,000 or 100,000 practitioner pairs both took ~12 s wall, loaded).
constexpr int kPtpPairs = 100000;
constexpr int kOutpatientPairs = 20000;

Date AddDays(Date d, int days) {
  for (; days > 0; --days) {
    if (++d.day > DaysInMonth(d.year, d.month)) {
      d.day = 1;
      if (++d.month > 12) d.month = 1, ++d.year;
    }
  }
  return d;
}
int DateKey(const Date& d) { return d.year * 10000 + d.month * 100 + d.day; }

// A claim of two or more lines on one date, the fields every other rule wants filled in.
Claim BaseClaim(ClaimType type, const Date& dos) {
  Claim claim;
  claim.id = "CMS";
  claim.date_of_service = ToIso(dos);
  claim.header.type = type;
  claim.header.patient_age = 50;
  claim.header.patient_sex = PatientSex::kFemale;
  claim.header.billing.npi = "1234567893";
  claim.header.place_of_service = type == ClaimType::kOutpatientHospital ? "22"  // on campus outpatient hospital
                                  : type == ClaimType::kDmeSupplier      ? "12"  // home
                                                                         : "11"; // office
  claim.coding.diagnoses.push_back({"Z00.00"});
  return claim;
}

ServiceLine Line(const std::string& code, int units = 1, std::vector<std::string> modifiers = {}) {
  ServiceLine line;
  line.code = code;
  line.units = units;
  line.modifiers = std::move(modifiers);
  line.charge = "100.00";
  line.pointers = {1};
  return line;
}

std::string Describe(const ScrubReport& report, std::string_view prefix) {
  std::string out;
  for (const auto& f : report.findings) {
    if (f.rule.rfind(prefix, 0) != 0) continue;
    out += f.rule + "@line" + std::to_string(f.line) + " ";
  }
  return out.empty() ? "(none)" : out;
}

// ---- PTP: the raw table as sorted rows, looked up by pair.
struct RawPtp {
  struct Row {
    uint64_t pair;     // column 1 id << 32 | column 2 id
    int32_t deletion;  // YYYYMMDD, 99991231 when active
    uint8_t indicator;
  };
  std::vector<std::string> codes;                 // id -> code
  std::unordered_map<std::string, uint32_t> ids;  // code -> id
  std::vector<Row> rows;                          // by pair, then deletion

  uint32_t Id(std::string_view code) {
    auto [it, added] = ids.emplace(std::string(code), static_cast<uint32_t>(codes.size()));
    if (added) codes.push_back(it->first);
    return it->second;
  }
  static uint64_t Pair(uint32_t a, uint32_t b) { return static_cast<uint64_t>(a) << 32 | b; }
  std::pair<size_t, size_t> Range(uint64_t pair) const {
    auto lo = std::lower_bound(rows.begin(), rows.end(), pair, [](const Row& r, uint64_t p) { return r.pair < p; });
    auto hi = std::upper_bound(lo, rows.end(), pair, [](uint64_t p, const Row& r) { return p < r.pair; });
    return {static_cast<size_t>(lo - rows.begin()), static_cast<size_t>(hi - rows.begin())};
  }
  bool HasPair(uint32_t a, uint32_t b) const {
    auto [lo, hi] = Range(Pair(a, b));
    return lo < hi;
  }
  // The indicator of the edit (a, b) in force on `dos` (CMS: no deletion date, or DOS <= the deletion date, which is
  // the last date the edit applied; indicator 9 never applied): of the rows that apply, the earliest deletion date.
  std::optional<int> InForce(uint32_t a, uint32_t b, int dos) const {
    auto [lo, hi] = Range(Pair(a, b));
    std::optional<int> best;
    int32_t best_deletion = 0;
    for (size_t i = lo; i < hi; ++i) {
      const Row& r = rows[i];
      if (r.indicator == 9 || dos > r.deletion) continue;
      if (!best || r.deletion < best_deletion) best = r.indicator, best_deletion = r.deletion;
    }
    return best;
  }
};

RawPtp ReadRawPtp(const std::string& rel) {
  RawPtp raw;
  const std::string text = ReadBytes(kRaw + "/" + rel);
  CsvReader reader(text, rel);
  REQUIRE(reader.ReadHeader().ok());
  const auto c = reader.Columns({"column1", "column2", "deletion_date", "modifier_indicator"});
  REQUIRE(c.ok());
  const size_t c1 = (*c)[0], c2 = (*c)[1], c_del = (*c)[2], c_mod = (*c)[3];
  std::vector<std::string_view> f;
  raw.rows.reserve(2600000);
  int64_t bad_rows = 0;  // counted, not REQUIREd per row: 2.5 million assertions cost seconds under wasm
  while (reader.Next(f).value()) {
    int32_t deletion = 99991231;
    if (!f[c_del].empty()) {
      auto d = ParseDate(f[c_del]);
      if (!d.ok()) {
        ++bad_rows;
        continue;
      }
      deletion = DateKey(*d);
    }
    if (f[c_mod] != "0" && f[c_mod] != "1" && f[c_mod] != "9") {
      ++bad_rows;
      continue;
    }
    raw.rows.push_back({RawPtp::Pair(raw.Id(f[c1]), raw.Id(f[c2])), deletion, static_cast<uint8_t>(f[c_mod][0] - '0')});
  }
  REQUIRE(bad_rows == 0);
  std::sort(raw.rows.begin(), raw.rows.end(), [](const RawPtp::Row& a, const RawPtp::Row& b) {
    return a.pair != b.pair ? a.pair < b.pair : a.deletion < b.deletion;
  });
  return raw;
}

struct PtpTally {
  int64_t claims = 0, from_table = 0, denied = 0, modifier_needed = 0, bypassed = 0, not_in_force = 0,
          deleted_before_dos = 0, retroactive = 0, both_directions = 0, unchecked = 0, mismatches = 0;
};

// Scrubs `pairs` claims of two lines on `type` claims against `raw`, counting what the raw table expects and every
// difference (the first few are described).
PtpTally CheckPtpPairs(const RawPtp& raw, ClaimType type, int pairs, uint32_t seed) {
  const Scrubber& scrubber = TestScrubber();
  std::mt19937 random(seed);
  auto uniform = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(random); };
  PtpTally t;
  ScrubReport report;
  for (int n = 0; n < pairs; ++n) {
    uint32_t a, b;  // the pair drawn: a as column 1
    Date dos = AddDays(kQ3From, static_cast<int>(uniform(kQ3Days)));
    if (n % 2 == 0) {
      // A row of the table; for a deleted row, often its deletion date (in force) or the day after (not).
      const RawPtp::Row& row = raw.rows[uniform(raw.rows.size())];
      a = static_cast<uint32_t>(row.pair >> 32);
      b = static_cast<uint32_t>(row.pair);
      if (row.deletion != 99991231 && uniform(2) == 0) {
        Date deletion{row.deletion / 10000, row.deletion / 100 % 100, row.deletion % 100};
        dos = uniform(2) == 0 ? deletion : AddDays(deletion, 1);
      }
      ++t.from_table;
    } else {
      // Two codes of the table that are no pair of it, in either order.
      do {
        a = static_cast<uint32_t>(uniform(raw.codes.size()));
        b = static_cast<uint32_t>(uniform(raw.codes.size()));
      } while (a == b || raw.HasPair(a, b) || raw.HasPair(b, a));
    }
    // Modifiers: none (twice as often), 59 or XS on b's line, or RT on a's line and LT on b's.
    const int scenario = static_cast<int>(uniform(5));
    std::vector<std::string> mod_a, mod_b;
    if (scenario == 1) mod_b = {"59"};
    if (scenario == 2) mod_b = {"XS"};
    if (scenario == 3) mod_a = {"RT"}, mod_b = {"LT"};
    const bool a_first = uniform(2) == 0;
    const int line_a = a_first ? 0 : 1, line_b = 1 - line_a;

    Claim claim = BaseClaim(type, dos);
    claim.coding.services.resize(2);
    claim.coding.services[line_a] = Line(raw.codes[a], 1, mod_a);
    claim.coding.services[line_b] = Line(raw.codes[b], 1, mod_b);
    scrubber.Scrub(claim, kToday, report);
    ++t.claims;

    // Each direction (column 1 line -> column 2 line) on its own: the findings on the column 2 line.
    bool ok = true;
    int directions_in_force = 0;
    const int dos_key = DateKey(dos);
    for (const auto& [c1, c2, line1, line2] : {std::tuple{a, b, line_a, line_b}, std::tuple{b, a, line_b, line_a}}) {
      const auto indicator = raw.InForce(c1, c2, dos_key);
      int denied = 0, needed = 0, bypassed = 0;
      const ScrubFinding* needed_finding = nullptr;
      for (const auto& f : report.findings) {
        if (f.line != line2 || f.rule.rfind("ncci.ptp.", 0) != 0) continue;
        if (f.other != line1) ok = false;
        if (f.rule == "ncci.ptp.denied") ++denied;
        else if (f.rule == "ncci.ptp.modifier_needed") ++needed, needed_finding = &f;
        else if (f.rule == "ncci.ptp.bypassed") ++bypassed, ok = ok && f.severity == ScrubSeverity::kInfo;
        else ok = false;
      }
      if (!indicator) {
        if (c1 == a && n % 2 == 0) {
          ++t.not_in_force;
          const auto [lo, hi] = raw.Range(RawPtp::Pair(c1, c2));
          bool deleted = false, retro = false;
          for (size_t i = lo; i < hi; ++i) {
            deleted |= raw.rows[i].indicator != 9 && raw.rows[i].deletion < dos_key;
            retro |= raw.rows[i].indicator == 9;
          }
          t.deleted_before_dos += deleted;
          t.retroactive += retro;
        }
        ok = ok && denied + needed + bypassed == 0;
        continue;
      }
      ++directions_in_force;
      if (*indicator == 0) {
        ++t.denied;
        ok = ok && denied == 1 && needed + bypassed == 0;
        continue;
      }
      // Indicator 1. The modifier scenarios put 59/XS on b's line: for the direction whose column 2 is a, the
      // modifier sits on the column 1 line, which the brief leaves open: not checked.
      const bool bypass_on_column2 = (scenario == 1 || scenario == 2) && c2 == b;
      const bool anatomic = scenario == 3;
      if ((scenario == 1 || scenario == 2) && c2 == a) {
        ++t.unchecked;
        ok = ok && denied == 0 && needed + bypassed == 1;
        continue;
      }
      if (bypass_on_column2 || anatomic) {
        ++t.bypassed;
        ok = ok && bypassed == 1 && denied + needed == 0;
      } else {
        ++t.modifier_needed;
        ok = ok && needed == 1 && denied + bypassed == 0 && needed_finding &&
             needed_finding->action.kind == ScrubFix::Kind::kAddModifier && needed_finding->action.modifier == "59" &&
             needed_finding->action.line == line2;
      }
    }
    t.both_directions += directions_in_force == 2;
    // Nothing else about PTP anywhere on the claim (e.g. on a line that is column 2 of nothing).
    for (const auto& f : report.findings) {
      if (f.rule.rfind("ncci.ptp.", 0) == 0 && f.line != 0 && f.line != 1) ok = false;
    }
    if (!ok) {
      ++t.mismatches;
      if (t.mismatches <= 20) {
        const auto ab = raw.InForce(a, b, dos_key), ba = raw.InForce(b, a, dos_key);
        UNSCOPED_INFO("claim " << n << ": line " << line_a << " " << raw.codes[a]
                               << (mod_a.empty() ? "" : "-" + mod_a[0])
                               << ", line " << line_b << " " << raw.codes[b] << (mod_b.empty() ? "" : "-" + mod_b[0])
                               << " on " << ToIso(dos) << ": raw table in force " << raw.codes[a] << "/"
                               << raw.codes[b] << " = " << (ab ? std::to_string(*ab) : "none") << ", reverse = "
                               << (ba ? std::to_string(*ba) : "none") << "; engine: " << Describe(report, "ncci.ptp."));
      }
    }
  }
  return t;
}

}  // namespace

TEST_CASE("PTP: 100,000 random pairs on practitioner claims are flagged exactly as the raw CMS table says",
          "[scrub][cms][ptp]") {
  const RawPtp raw = ReadRawPtp("ncci/2024q3/ncci_ptp_practitioner_pairs_2024-07-01.csv");
  REQUIRE(raw.rows.size() > 1000000);
  for (ClaimType type : {ClaimType::kProfessional, ClaimType::kDmeSupplier}) {  // DME suppliers: practitioner PTP
    INFO(ClaimTypeName(type));
    const int pairs = type == ClaimType::kProfessional ? kPtpPairs : kPtpPairs / 20;
    const PtpTally t = CheckPtpPairs(raw, type, pairs, 20240701);
    INFO("claims " << t.claims << ", from the table " << t.from_table << ", denied " << t.denied
                   << ", modifier needed " << t.modifier_needed << ", bypassed " << t.bypassed << ", not in force "
                   << t.not_in_force << " (deleted before the DOS " << t.deleted_before_dos << ", retroactive "
                   << t.retroactive << "), both directions " << t.both_directions << ", unchecked " << t.unchecked);
    CHECK(t.mismatches == 0);
    CHECK(t.claims == pairs);
    // The sample reaches every behaviour.
    CHECK(t.denied > pairs / 100);
    CHECK(t.modifier_needed > pairs / 100);
    CHECK(t.bypassed > pairs / 100);
    CHECK(t.deleted_before_dos > pairs / 200);
    CHECK(t.retroactive > 0);
  }
}

TEST_CASE("PTP: a sample through the outpatient hospital table on outpatient hospital claims", "[scrub][cms][ptp]") {
  const RawPtp raw = ReadRawPtp("ncci/2024q3/ncci_ptp_outpatient_hospital_pairs_2024-07-01.csv");
  REQUIRE(raw.rows.size() > 1000000);
  const PtpTally t = CheckPtpPairs(raw, ClaimType::kOutpatientHospital, kOutpatientPairs, 20240930);
  INFO("claims " << t.claims << ", denied " << t.denied << ", modifier needed " << t.modifier_needed << ", bypassed "
                 << t.bypassed << ", not in force " << t.not_in_force << ", unchecked " << t.unchecked);
  CHECK(t.mismatches == 0);
  CHECK(t.denied + t.modifier_needed > kOutpatientPairs / 10);
  CHECK(t.bypassed > kOutpatientPairs / 100);
}

TEST_CASE("MUE: every row of the three CMS tables, at its MUE and one unit over, per its MAI", "[scrub][cms][mue]") {
  const Scrubber& scrubber = TestScrubber();
  const std::pair<ClaimType, const char*> tables[] = {
      {ClaimType::kProfessional, "ncci/2024q3/ncci_mue_practitioner_2024-07-01.csv"},
      {ClaimType::kOutpatientHospital, "ncci/2024q3/ncci_mue_outpatient_hospital_2024-07-01.csv"},
      {ClaimType::kDmeSupplier, "ncci/2024q3/ncci_mue_dme_supplier_2024-07-01.csv"}};
  const Date dos{2024, 8, 1};
  for (const auto& [type, rel] : tables) {
    INFO(rel);
    const std::string text = ReadBytes(kRaw + "/" + rel);
    CsvReader reader(text, rel);
    REQUIRE(reader.ReadHeader().ok());
    const auto c = reader.Columns({"hcpcs_code", "mue_units", "mue_mai"});
    REQUIRE(c.ok());
    std::vector<std::string_view> f;
    int64_t rows = 0, mismatches = 0, zero = 0;
    std::map<int, int64_t> per_mai;
    ScrubReport report;
    // The ncci.mue.* rules the claim got, e.g. "ncci.mue.day".
    auto mue_rules = [&](const Claim& claim) {
      scrubber.Scrub(claim, kToday, report);
      std::multiset<std::string> rules;
      for (const auto& finding : report.findings) {
        if (finding.rule.rfind("ncci.mue.", 0) == 0) rules.insert(finding.rule);
      }
      return rules;
    };
    while (reader.Next(f).value()) {
      ++rows;
      const std::string code(f[(*c)[0]]);
      const int units = std::stoi(std::string(f[(*c)[1]]));
      const int mai = std::stoi(std::string(f[(*c)[2]]));
      ++per_mai[mai];
      const std::string over_rule = mai == 1 ? "ncci.mue.line" : mai == 2 ? "ncci.mue.day" : "ncci.mue.day_appealable";
      std::vector<std::pair<std::string, std::multiset<std::string>>> checks;  // what happened, per claim tried
      bool ok = true;
      auto expect = [&](const char* what, const Claim& claim, std::multiset<std::string> want) {
        const auto got = mue_rules(claim);
        if (got != want) {
          ok = false;
          std::string got_text;
          for (const auto& r : got) got_text += r + " ";
          if (mismatches < 20) {
            UNSCOPED_INFO(reader.Where() << ": " << code << " MUE " << units << " MAI " << mai << ", " << what
                                         << ": got " << (got_text.empty() ? "(none)" : got_text));
          }
        }
      };
      if (units == 0) {
        ++zero;
        Claim claim = BaseClaim(type, dos);
        claim.coding.services = {Line(code, 1)};
        expect("1 unit", claim, {"ncci.mue.not_payable"});
      } else {
        Claim at = BaseClaim(type, dos);
        at.coding.services = {Line(code, units)};
        expect("units = MUE", at, {});
        Claim over = BaseClaim(type, dos);
        over.coding.services = {Line(code, units + 1)};
        expect("units = MUE + 1", over, {over_rule});
        // Two lines, MUE and 1 unit: within the MUE line by line (MAI 1 passes), over it for the date (MAI 2/3).
        Claim two = BaseClaim(type, dos);
        two.coding.services = {Line(code, units), Line(code, 1, {"76"})};
        expect("two lines, MUE + 1 units in all", two,
               mai == 1 ? std::multiset<std::string>{} : std::multiset<std::string>{over_rule});
      }
      mismatches += !ok;
    }
    CHECK(mismatches == 0);
    CHECK(rows > 2000);
    CHECK(per_mai.size() == 3);
    CHECK(zero > 0);
  }
}

TEST_CASE("MCE v41.1: every age, sex and manifestation entry fires exactly as the raw list says",
          "[scrub][cms][mce]") {
  const Scrubber& scrubber = TestScrubber();
  auto pack = CodeSetPack::Open(MEDCODE_TEST_PACK);
  REQUIRE(pack.ok());
  const char* const rel = "mce/mce-v41.1-fy2024/mce_v41.1_code_edits_age_sex_manifestation.csv";
  const std::string text = ReadBytes(kRaw + "/" + rel);
  CsvReader reader(text, rel);
  REQUIRE(reader.ReadHeader().ok());
  const auto c = reader.Columns({"icd_code", "icd_conflict_rule"});
  REQUIRE(c.ok());
  // The MCE definitions' age ranges (inclusive), by the rule text of the file.
  const std::map<std::string, std::pair<int, int>> kAges = {{"Perinatal/Newborn (Age 0 Only)", {0, 0}},
                                                            {"Pediatric (Ages 0-17)", {0, 17}},
                                                            {"Maternity (Ages 9-64)", {9, 64}},
                                                            {"Adult (Ages 15-124)", {15, 124}}};
  struct Edits {
    std::vector<std::pair<int, int>> ages;
    char sex = 0;  // 'F' or 'M' when the code is for one sex only
    bool manifestation = false;
  };
  std::map<std::string, Edits> codes;
  std::vector<std::string_view> f;
  int64_t rows = 0, unknown_rules = 0;
  while (reader.Next(f).value()) {
    ++rows;
    Edits& e = codes[std::string(f[(*c)[0]])];
    const std::string rule(f[(*c)[1]]);
    if (auto it = kAges.find(rule); it != kAges.end()) {
      e.ages.push_back(it->second);
    } else if (rule == "Female Only" || rule == "Male Only") {
      e.sex = rule[0];
    } else if (rule == "Manifestation (Not Allowed as Principal Diagnosis)") {
      e.manifestation = true;
    } else {
      ++unknown_rules;
    }
  }
  REQUIRE(unknown_rules == 0);
  REQUIRE(rows == 7946);

  int64_t mismatches = 0, skipped = 0, sex_checks = 0, age_checks = 0, manifestation_checks = 0;
  ScrubReport report;
  auto count = [&](const char* rule, int diagnosis) {
    int n = 0;
    for (const auto& finding : report.findings) n += finding.rule == rule && finding.diagnosis == diagnosis;
    return n;
  };
  for (const auto& entry : codes) {  // not a structured binding: the lambdas below capture the code (clang 14)
    const std::string& code = entry.first;
    const Edits& e = entry.second;
    // A date of service in a fiscal year that has the code (FY2024 first: the MCE's own year).
    auto icd = pack->Icd(code);
    std::optional<Date> dos;
    for (const auto& [fy, date] :
         {std::pair{2024, Date{2024, 8, 1}}, {2025, Date{2025, 3, 3}}, {2026, Date{2026, 3, 3}}}) {
      if (icd.ok() && icd->ValidIn(fy)) {
        dos = date;
        break;
      }
    }
    int lo = 0, hi = 124;  // the ages all of the code's age edits allow
    for (const auto& [a, b] : e.ages) lo = std::max(lo, a), hi = std::min(hi, b);
    if (!dos || lo > hi) {
      ++skipped;
      UNSCOPED_INFO("skipped " << code << (dos ? ": age edits exclude every age" : ": in no fiscal year loaded"));
      continue;
    }
    const PatientSex right_sex = e.sex == 'M' ? PatientSex::kMale : PatientSex::kFemale;
    auto claim_for = [&](int age, PatientSex sex, bool first) {
      Claim claim = BaseClaim(ClaimType::kProfessional, *dos);
      claim.header.patient_age = age;
      claim.header.patient_sex = sex;
      claim.coding.diagnoses = {{code}};
      if (!first) claim.coding.diagnoses.insert(claim.coding.diagnoses.begin(), CodedDiagnosis{"E11.9"});
      claim.coding.services = {Line("99213")};
      claim.coding.services[0].pointers = {1};
      return claim;
    };
    auto fail = [&](const std::string& what) {
      if (++mismatches <= 30) UNSCOPED_INFO(code << " on " << ToIso(*dos) << ": " << what);
    };
    // Sex: the other sex fires (on the code), the right one does not.
    if (e.sex) {
      ++sex_checks;
      const PatientSex other_sex = right_sex == PatientSex::kMale ? PatientSex::kFemale : PatientSex::kMale;
      scrubber.Scrub(claim_for(lo, other_sex, true), kToday, report);
      if (count("icd.mce_sex", 0) != 1) fail("the other sex: no icd.mce_sex on the diagnosis");
      scrubber.Scrub(claim_for(lo, right_sex, true), kToday, report);
      if (count("icd.mce_sex", 0) != 0) fail("the right sex: icd.mce_sex");
    } else {
      scrubber.Scrub(claim_for(lo, PatientSex::kMale, true), kToday, report);
      const int male = count("icd.mce_sex", 0);
      scrubber.Scrub(claim_for(lo, PatientSex::kFemale, true), kToday, report);
      if (male + count("icd.mce_sex", 0) != 0) fail("no sex edit, yet icd.mce_sex");
    }
    // Age: each edge of each age edit, and just outside it.
    std::set<int> ages = {lo, hi, 40};
    for (const auto& [a, b] : e.ages) {
      for (int age : {a - 1, a, b, b + 1}) {
        if (age >= 0 && age <= 130) ages.insert(age);
      }
    }
    for (int age : ages) {
      if (e.ages.empty() && age != 40) continue;
      ++age_checks;
      scrubber.Scrub(claim_for(age, right_sex, true), kToday, report);
      const bool outside = age < lo || age > hi;
      if (count("icd.mce_age", 0) != (outside && !e.ages.empty() ? 1 : 0)) {
        fail("age " + std::to_string(age) + (outside ? ": no icd.mce_age" : ": icd.mce_age inside the range"));
      }
    }
    // Manifestation: first-listed fires, second does not.
    ++manifestation_checks;
    scrubber.Scrub(claim_for(lo, right_sex, true), kToday, report);
    if (count("icd.manifestation_first", 0) != (e.manifestation ? 1 : 0)) {
      fail(e.manifestation ? "first-listed manifestation: no icd.manifestation_first"
                           : "not a manifestation, yet icd.manifestation_first");
    }
    if (e.manifestation) {
      scrubber.Scrub(claim_for(lo, right_sex, false), kToday, report);
      int any = 0;
      for (const auto& finding : report.findings) any += finding.rule == "icd.manifestation_first";
      if (any != 0) fail("second-listed manifestation: icd.manifestation_first");
    }
  }
  INFO("codes " << codes.size() << ", skipped " << skipped << ", sex checks " << sex_checks << ", age checks "
                << age_checks << ", manifestation checks " << manifestation_checks);
  CHECK(mismatches == 0);
  CHECK(skipped < 20);
  CHECK(sex_checks > 3500);
  CHECK(manifestation_checks > 5000);
}
