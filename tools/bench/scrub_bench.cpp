// scrub_bench.cpp: the claim scrubber's benchmark (tools/bench/scrub runs it; not a test). Generates realistic claims
// with a fixed seed from the real code-set pack (codes drawn so that the PTP, MUE, add-on, ICD-10-CM and MCE rules
// really fire), scrubs them with Medcode's Scrubber, then runs the same checks as SQL joins in SQLite over the same
// tables (raw CMS PTP CSVs, the pack's MUE, add-on, ICD-10-CM, MCE, HCPCS, modifier and POS tables) and the same
// claims loaded as tables, and compares the finding counts per rule. Built natively and as wasm for node (the same
// source; the wasm build reads the real files through NODERAWFS).
//
//   medcode_bench_scrub <pack> <codesets-raw dir> [lines=1000000] [seed=1] [sql_lines=lines]
//       Generates claims totalling `lines` service lines, scrubs them all with Medcode, and the claims holding the
//       first `sql_lines` lines with the SQL peer (0: no peer). Prints readable lines, the per-rule cross-check and one
//       `BENCH {json}` line per engine for tools/bench/scrub. MEDCODE_BENCH_SQL_DB=<file>: the SQL database in that
//       file instead of memory (to look at its query plans with the sqlite3 shell).
//   medcode_bench_scrub claims <pack> <out.json> [lines=1000] [seed=1]
//       Writes the generated claims as JSON (the `medcode scrub` input), for looking at them.
//
// [SECTION] Helpers
// [SECTION] Code pools from the pack
// [SECTION] Claim generator
// [SECTION] Medcode
// [SECTION] SQL peer: loading
// [SECTION] SQL peer: the rules as queries
// [SECTION] Cross-check and report
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "engine/claim.h"
#include "engine/codeset_mce.h"
#include "engine/codeset_ncci.h"
#include "engine/codeset_pack.h"
#include "engine/codeset_ptp.h"
#include "engine/codeset_tabular.h"
#include "engine/csv.h"
#include "engine/date.h"
#include "engine/scrubber.h"
#include "engine/sqlite_db.h"

using namespace medcode::engine;
using Clock = std::chrono::steady_clock;

namespace {

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Helpers
// ---------------------------------------------------------------------------------------------------------------
// The scrubber's "today": fixed, so a run is reproducible (no generated DOS is after it).
constexpr Date kToday{2026, 11, 27};

double Ms(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

// CPU time of the process in ms (the machine is shared: wall time counts other jobs, CPU time does not). Natively the
// process CPU clock; in wasm, whose clock_gettime knows only the real-time and monotonic clocks, utime + stime of
// /proc/self/stat (node's whole process, its GC and compiler threads included; 10 ms steps); -1 when neither exists.
double CpuMs() {
  timespec t{};
  if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t) == 0) {
    return static_cast<double>(t.tv_sec) * 1000.0 + static_cast<double>(t.tv_nsec) / 1e6;
  }
  std::ifstream in("/proc/self/stat");
  std::string stat;
  if (!std::getline(in, stat)) return -1;
  const size_t close = stat.rfind(')');  // the command name may hold spaces: fields count from after it
  if (close == std::string::npos) return -1;
  std::istringstream fields(stat.substr(close + 2));
  std::string field;
  double utime = -1, stime = -1;
  for (int i = 3; fields >> field && i <= 15; ++i) {  // field 3 is the state; 14 utime, 15 stime (clock ticks)
    if (i == 14) utime = std::strtod(field.c_str(), nullptr);
    if (i == 15) stime = std::strtod(field.c_str(), nullptr);
  }
  return utime < 0 || stime < 0 ? -1 : (utime + stime) * 10.0;  // USER_HZ is 100 on Linux
}

int Fail(const Error& e) {
  std::fprintf(stderr, "%s\n", e.ToString().c_str());
  return 1;
}

// Resident set size in bytes from /proc/self/status (under node with NODERAWFS: node's own): "VmHWM:" the peak,
// "VmRSS:" the current; 0 if unknown.
double RssBytes(const char* what = "VmHWM:") {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(what, 0) == 0) return std::strtod(line.c_str() + std::strlen(what), nullptr) * 1024.0;
  }
  return 0;
}
double PeakRssBytes() { return RssBytes("VmHWM:"); }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Random numbers from mt19937's raw output (the same on every platform; a std distribution's is not). Draw at most
// once per expression where the order is unspecified (operands of +, function arguments): g++ and clang differ.
class Rng {
 public:
  explicit Rng(unsigned seed) : m_rng(seed) {}
  uint32_t Below(uint32_t n) { return n == 0 ? 0 : static_cast<uint32_t>(m_rng() % n); }
  bool Chance(double p) { return m_rng() < p * 4294967296.0; }
  int Between(int lo, int hi) { return lo + static_cast<int>(Below(static_cast<uint32_t>(hi - lo + 1))); }
  template <class T>
  const T& Pick(const std::vector<T>& v) { return v[Below(static_cast<uint32_t>(v.size()))]; }
  // An index drawn with the given weights.
  size_t Weighted(std::initializer_list<int> weights) {
    int total = 0;
    for (int w : weights) total += w;
    int r = static_cast<int>(Below(static_cast<uint32_t>(total)));
    size_t i = 0;
    for (int w : weights) {
      if (r < w) return i;
      r -= w, ++i;
    }
    return i - 1;
  }

 private:
  std::mt19937 m_rng;
};

Date AddDays(Date d, int days) {
  for (; days > 0; --days) {
    if (++d.day > DaysInMonth(d.year, d.month)) {
      d.day = 1;
      if (++d.month > 12) d.month = 1, ++d.year;
    }
  }
  return d;
}

// A valid NPI: 1 or 2, eight random digits, the Luhn check digit over "80840" + those nine.
std::string MakeNpi(Rng& rng, bool valid) {
  std::string npi(1, static_cast<char>('1' + rng.Below(2)));
  for (int i = 0; i < 8; ++i) npi += static_cast<char>('0' + rng.Below(10));
  const std::string full = "80840" + npi;
  int sum = 0;
  for (size_t i = 0; i < full.size(); ++i) {  // from the right, every other digit (the rightmost first) is doubled
    int d = full[full.size() - 1 - i] - '0';
    if (i % 2 == 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  const int check = (10 - sum % 10) % 10;
  npi += static_cast<char>('0' + (valid ? check : (check + 1 + rng.Below(9)) % 10));
  return npi;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Code pools from the pack
// ---------------------------------------------------------------------------------------------------------------
struct PtpPair {
  std::string column1, column2;
  PtpModifier modifier = PtpModifier::kNotAllowed;
};

struct MueCode {
  std::string code;
  int units = 0;
  MueAdjudication mai = MueAdjudication::kPerLine;
};

struct Pools {
  std::vector<std::string> icd_billable;   // billable in FY2024 and FY2025, no MCE edit, not V00-Y99
  std::vector<std::string> icd_header;     // valid in FY2024, not billable (categories, subcategories)
  std::vector<std::string> icd_later;      // valid only from FY2025 or FY2026 on (not yet a code on a 2024 DOS)
  std::vector<std::string> icd_invalid;    // shaped like codes, in no edition
  std::vector<std::string> icd_seventh;    // 7-character codes typed without their placeholder X or 7th character
  std::vector<std::string> icd_external;   // V00-Y99, billable in FY2024
  std::vector<std::string> mce[kMceEditCount];  // billable FY2024 codes having that edit (and no manifestation edit)
  std::vector<std::pair<std::string, std::string>> excludes1;  // billable pairs an Excludes1 note separates
  std::vector<std::string> em = {"99202", "99203", "99204", "99205", "99211", "99212", "99213", "99214", "99215"};
  std::vector<std::string> proc[2];        // CPT/HCPCS with a positive MUE in the setting, in the pack, no add-on code
  std::vector<MueCode> mue_per_line[2];    // MAI 1 (few codes: most MUEs count per day)
  std::vector<std::string> proc_ended;     // codes that ended before 2024-07-01 (not valid on a Q3 date)
  std::vector<std::string> proc_unknown;   // shaped like CPT/HCPCS codes, in no list
  std::vector<PtpPair> ptp[2][2];          // [setting 0 practitioner / 1 OH][indicator 0 / 1], in force in 2024 Q3
  std::vector<PtpPair> ptp_deleted[2];     // deleted before 2024-07-01 (no finding on a Q3 date)
  std::vector<MueCode> mue[2];             // MUE > 0, [practitioner / OH]
  std::vector<std::string> mue_zero[2];    // MUE 0: not payable in the setting
  std::vector<std::pair<std::string, std::vector<std::string>>> add_ons;  // type 1 add-on codes and their primaries
  std::vector<std::string> modifiers = {"25", "26", "TC", "RT", "LT", "76", "GT", "95", "GA", "KX", "Q6", "50"};
  std::vector<std::string> bypass = {"59", "XS", "XU", "XE", "XP"};
  std::vector<std::string> bad_modifiers;  // two characters, not a modifier
  std::vector<std::string> pos_professional = {"11", "11", "11", "11", "11", "11", "22", "19", "21", "23", "02", "10",
                                               "12", "31", "32"};
  std::vector<std::string> pos_outpatient = {"22", "22", "22", "19"};
  std::vector<std::string> pos_unassigned;  // two digits the POS list marks unassigned
  std::unordered_map<std::string, MueCode> mue_of[2];
};

template <class T>
void Keep(std::vector<T>& pool, T value, size_t limit, Rng& rng, size_t& seen) {  // reservoir sampling
  ++seen;
  if (pool.size() < limit) pool.push_back(std::move(value));
  else if (size_t j = rng.Below(static_cast<uint32_t>(seen)); j < limit) pool[j] = std::move(value);
}

Result<Pools> MakePools(const CodeSetPack& pack, Rng& rng) {
  Pools p;
  Database& db = pack.db();
  std::unordered_set<std::string> mce_codes;
  const std::vector<MceEdits> mce = ListMceEdits(pack);
  for (const auto& e : mce) mce_codes.insert(e.code);
  std::unordered_map<std::string, uint32_t> billable;  // code -> billable mask
  std::unordered_set<std::string> icd_all;
  {
    auto s = db.Prepare("SELECT code, valid_mask, billable_mask, chapter FROM icd10cm_code ORDER BY code");
    if (!s.ok()) return s.error();
    while (s->Step().value_or(false)) {
      std::string code = s->ColumnText(0);
      const auto valid = static_cast<uint32_t>(s->ColumnInt(1)), bill = static_cast<uint32_t>(s->ColumnInt(2));
      const bool external = s->ColumnInt(3) == 20;
      icd_all.insert(code);
      billable[code] = bill;
      if ((valid & 1) == 0) p.icd_later.push_back(code);
      else if ((bill & 1) == 0) p.icd_header.push_back(code);
      else if (external) p.icd_external.push_back(code);
      else if ((bill & 3) == 3 && !mce_codes.count(code)) p.icd_billable.push_back(code);
      // "T36.0X1A" -> "T36.01A" (placeholder dropped); "S72.001A" -> "S72.001" (7th character dropped).
      if ((bill & 1) && code.size() == 8 && !external && code.find('X', 4) != std::string::npos) {
        p.icd_seventh.push_back(code.substr(0, code.find('X', 4)) + code.substr(code.find('X', 4) + 1));
      } else if ((bill & 1) && code.size() == 8 && !external && p.icd_seventh.size() % 2 == 0) {
        p.icd_seventh.push_back(code.substr(0, 7));
      }
    }
  }
  for (const auto& e : mce) {
    auto it = billable.find(e.code);
    if (it == billable.end() || (it->second & 1) == 0 || e.Has(MceEdit::kManifestation)) continue;
    for (int k = 0; k < kMceEditCount; ++k) {
      if (e.Has(static_cast<MceEdit>(k))) p.mce[k].push_back(e.code);
    }
  }
  // Invalid codes: a real category with a subdivision that does not exist ("K21.7" when K21 has .0 and .9).
  for (size_t tries = 0; p.icd_invalid.size() < 200 && tries < 100000; ++tries) {
    const std::string& base = rng.Pick(p.icd_billable);
    const uint32_t d1 = rng.Below(10), d2 = rng.Below(10);  // one draw a statement: operands of + are unsequenced
    std::string code = base.substr(0, 3) + "." + std::to_string(d1) + std::to_string(d2);
    if (code[0] >= 'V' || icd_all.count(code) || icd_all.count(code.substr(0, 5))) continue;
    p.icd_invalid.push_back(code);
  }
  // Excludes1 pairs: codes whose own or inherited Excludes1 notes name billable codes; each pair checked with
  // FindIcdExcludes1, the pack's own reading of the notes.
  for (size_t tries = 0; p.excludes1.size() < 400 && tries < 6000; ++tries) {
    const std::string& a = rng.Pick(p.icd_billable);
    const auto refs = IcdExcludes1Refs(pack, a);
    if (refs.empty()) continue;
    const IcdNoteRef& ref = refs[rng.Below(static_cast<uint32_t>(refs.size()))];
    const auto covered = IcdExpandReference(pack, ref.first, ref.last, 2024);
    std::vector<std::string> ok;
    for (const auto& b : covered) {
      auto it = billable.find(b);
      if (b != a && it != billable.end() && (it->second & 3) == 3 && !mce_codes.count(b) && b[0] < 'V') ok.push_back(b);
    }
    if (ok.empty()) continue;
    const std::string& b = rng.Pick(ok);
    if (FindIcdExcludes1(pack, a, b)) p.excludes1.emplace_back(a, b);
  }

  // Procedures: codes with an MUE in the setting that the pack knows as a HCPCS code or CPT number in July 2024.
  std::unordered_set<std::string> known;
  {
    auto s = db.Prepare("SELECT code FROM hcpcs_code WHERE (level = 1 AND rbcs_code_added <= '2024-07-01' AND "
                        "rbcs_code_ended >= '2024-09-30') OR (level = 2 AND in_2024jul = 1 AND date_terminated = '')");
    if (!s.ok()) return s.error();
    while (s->Step().value_or(false)) known.insert(s->ColumnText(0));
  }
  std::unordered_set<std::string> add_on_codes;
  {
    auto s = db.Prepare("SELECT DISTINCT add_on_code FROM ncci_add_on");
    if (!s.ok()) return s.error();
    while (s->Step().value_or(false)) add_on_codes.insert(s->ColumnText(0));
    auto e = db.Prepare("SELECT code FROM hcpcs_code WHERE (level = 2 AND date_terminated <> '' AND date_terminated < "
                        "'2024-07-01') OR (level = 1 AND rbcs_code_ended < '2024-07-01') ORDER BY code");
    if (!e.ok()) return e.error();
    while (e->Step().value_or(false)) p.proc_ended.push_back(e->ColumnText(0));
    auto all = db.Prepare("SELECT code FROM hcpcs_code");
    if (!all.ok()) return all.error();
    std::unordered_set<std::string> listed;
    while (all->Step().value_or(false)) listed.insert(all->ColumnText(0));
    for (int n = 0; p.proc_unknown.size() < 50 && n < 10000; ++n) {
      const uint32_t number = 10000 + rng.Below(90000), letter = rng.Below(26);
      std::string code = std::to_string(number).substr(1) + static_cast<char>('A' + letter);
      if (!listed.count(code)) p.proc_unknown.push_back(code);
    }
  }
  const MueTable tables[2] = {MueTable::kPractitioner, MueTable::kOutpatientHospital};
  for (int t = 0; t < 2; ++t) {
    for (const auto& m : ListMue(pack, tables[t])) {
      if (!known.count(m.code)) continue;
      MueCode mc{m.code, m.units, m.mai};
      p.mue_of[t][m.code] = mc;
      if (m.units == 0) {
        p.mue_zero[t].push_back(m.code);
      } else {
        p.mue[t].push_back(mc);
        if (m.mai == MueAdjudication::kPerLine) p.mue_per_line[t].push_back(mc);
        if (!add_on_codes.count(m.code)) p.proc[t].push_back(m.code);
      }
    }
  }
  // PTP pairs: every row where a sampled code is column 1, both settings.
  std::vector<std::string> ptp_codes;
  {
    auto s = db.Prepare("SELECT code FROM ncci_ptp_code ORDER BY id");
    if (!s.ok()) return s.error();
    while (s->Step().value_or(false)) ptp_codes.push_back(s->ColumnText(0));
  }
  const PtpSetting settings[2] = {PtpSetting::kPractitioner, PtpSetting::kOutpatientHospital};
  for (int t = 0; t < 2; ++t) {
    auto table = PtpTable::Load(pack, settings[t]);
    if (!table.ok()) return table.error();
    size_t seen[3] = {0, 0, 0};
    for (int n = 0; n < 3000; ++n) {
      const std::string& c1 = rng.Pick(ptp_codes);
      if (!known.count(c1)) continue;
      for (const auto& e : table->AsColumn1(c1)) {
        if (!known.count(e.column2)) continue;
        PtpPair pair{e.column1, e.column2, e.modifier};
        if (e.active() && e.modifier != PtpModifier::kNotApplicable) {
          const int k = e.modifier == PtpModifier::kNotAllowed ? 0 : 1;
          Keep(p.ptp[t][k], std::move(pair), 3000, rng, seen[k]);
        } else if (e.deletion_date && *e.deletion_date < kPtpEditionFrom &&
                   table->FindAll(e.column1, e.column2).size() == 1) {
          Keep(p.ptp_deleted[t], std::move(pair), 1000, rng, seen[2]);
        }
      }
    }
  }
  // Add-on codes with listed primaries (type 1).
  {
    auto s = db.Prepare("SELECT add_on_code, primary_code FROM ncci_add_on WHERE edit_type = 1 "
                        "ORDER BY add_on_code, primary_code");
    if (!s.ok()) return s.error();
    while (s->Step().value_or(false)) {
      std::string a = s->ColumnText(0), b = s->ColumnText(1);
      if (!known.count(a) || !known.count(b)) continue;
      if (p.add_ons.empty() || p.add_ons.back().first != a) p.add_ons.push_back({a, {}});
      p.add_ons.back().second.push_back(b);
    }
  }
  {
    std::unordered_set<std::string> mods;
    auto s = db.Prepare("SELECT code FROM hcpcs_modifier");
    if (!s.ok()) return s.error();
    while (s->Step().value_or(false)) mods.insert(s->ColumnText(0));
    for (const auto& m : p.modifiers) {
      if (!mods.count(m)) return MakeError(ErrorCode::kNotFound, "modifier " + m + " is not in the pack");
    }
    for (const char* m : {"9Z", "Z9", "0Y", "Y0", "8X", "Q0"}) {
      if (!mods.count(m)) p.bad_modifiers.push_back(m);
    }
    auto u = db.Prepare("SELECT code FROM ref_place_of_service WHERE type = 'Unassigned' ORDER BY code");
    if (!u.ok()) return u.error();
    while (u->Step().value_or(false)) p.pos_unassigned.push_back(u->ColumnText(0));
  }
  for (const auto* pool : {&p.icd_billable, &p.icd_header, &p.icd_later, &p.icd_invalid, &p.icd_external,
                           &p.icd_seventh, &p.proc[0], &p.proc[1], &p.mue_zero[0], &p.mue_zero[1], &p.bad_modifiers,
                           &p.pos_unassigned, &p.proc_ended, &p.proc_unknown}) {
    if (pool->empty()) return MakeError(ErrorCode::kNotFound, "a code pool is empty: is the pack complete?");
  }
  if (p.excludes1.empty() || p.add_ons.empty() || p.mue_per_line[0].empty() || p.mue_per_line[1].empty() || p.ptp[0][0].empty() || p.ptp[0][1].empty() || p.ptp[1][0].empty() ||
      p.ptp[1][1].empty() || p.ptp_deleted[0].empty()) {
    return MakeError(ErrorCode::kNotFound, "no Excludes1, add-on or PTP pairs found: is the pack complete?");
  }
  return p;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Claim generator
// ---------------------------------------------------------------------------------------------------------------
// One claim: professional mostly (15% outpatient hospital), 1-6 lines (mean about 3), 1-6 diagnoses. The rates
// below are per claim or per line, chosen so that each rule fires on 0.1-5% of claims, as on a practice's claims.
Claim MakeClaim(const Pools& p, Rng& rng, size_t index, int lines) {
  Claim c;
  c.id = "C" + std::to_string(index + 1);
  ClaimHeader& h = c.header;
  h.type = rng.Chance(0.15) ? ClaimType::kOutpatientHospital : ClaimType::kProfessional;
  const int t = h.type == ClaimType::kOutpatientHospital ? 1 : 0;
  Date dos = AddDays(kPtpEditionFrom, rng.Between(0, 91));
  if (rng.Chance(0.01)) {  // outside the NCCI edition: before it (FY2024), after it (FY2025), or before the ICD editions
    const size_t k = rng.Weighted({4, 4, 2});
    dos = k == 0 ? Date{2024, 3, rng.Between(1, 31)} : k == 1 ? Date{2024, 11, rng.Between(1, 30)}
                                                               : Date{2023, 8, rng.Between(1, 31)};
  }
  c.date_of_service = ToIso(dos);
  h.patient_sex = rng.Chance(0.02) ? PatientSex::kUnknown : rng.Chance(0.5) ? PatientSex::kFemale : PatientSex::kMale;
  const size_t band = rng.Weighted({3, 12, 45, 40});
  h.patient_age = band == 0 ? 0 : band == 1 ? rng.Between(1, 17) : band == 2 ? rng.Between(18, 64) : rng.Between(65, 95);
  if (rng.Chance(0.01)) h.patient_age.reset();
  h.billing.npi = MakeNpi(rng, !rng.Chance(0.005));
  h.billing.taxonomy = "207Q00000X";
  if (rng.Chance(0.5)) h.rendering.npi = MakeNpi(rng, !rng.Chance(0.005)), h.rendering.taxonomy = "207R00000X";
  h.payer = {"00430", "Medicare Part B"};
  h.place_of_service = rng.Chance(0.003) ? rng.Pick(p.pos_unassigned)
                                         : rng.Pick(t == 1 ? p.pos_outpatient : p.pos_professional);

  // Diagnoses.
  auto& dx = c.coding.diagnoses;
  const int n_dx = 1 + static_cast<int>(rng.Weighted({30, 25, 20, 12, 8, 5}));
  for (int i = 0; i < n_dx; ++i) {
    const size_t k = rng.Weighted({9400, 150, 60, 40, 350, 30});
    const auto& pool = k == 0 ? p.icd_billable : k == 1 ? p.icd_header : k == 2 ? p.icd_later
                     : k == 3 ? p.icd_invalid : k == 5 ? p.icd_seventh : (i == 0 ? p.icd_billable : p.icd_external);
    dx.push_back({rng.Pick(pool)});
  }
  if (rng.Chance(0.004)) dx[0].code = rng.Pick(p.icd_external);  // external cause first-listed
  if (rng.Chance(0.015)) {  // an Excludes1 pair
    const auto& [a, b] = rng.Pick(p.excludes1);
    dx.push_back({a});
    dx.push_back({b});
  }
  const double mce_roll = rng.Below(1000) / 1000.0;
  if (mce_roll < 0.03) {  // an MCE code: a conflict in two thirds of them
    const bool conflict = mce_roll < 0.02;
    const auto edit = static_cast<MceEdit>(rng.Below(6));
    const auto& pool = p.mce[static_cast<int>(edit)];
    if (!pool.empty()) {
      dx.push_back({rng.Pick(pool)});
      switch (edit) {
        case MceEdit::kNewborn: h.patient_age = conflict ? rng.Between(1, 90) : 0; break;
        case MceEdit::kPediatric: h.patient_age = conflict ? rng.Between(18, 90) : rng.Between(0, 17); break;
        case MceEdit::kMaternity: h.patient_age = conflict ? rng.Between(65, 90) : rng.Between(18, 40); break;
        case MceEdit::kAdult: h.patient_age = conflict ? rng.Between(1, 14) : rng.Between(15, 90); break;
        case MceEdit::kFemaleOnly: h.patient_sex = conflict ? PatientSex::kMale : PatientSex::kFemale; break;
        case MceEdit::kMaleOnly: h.patient_sex = conflict ? PatientSex::kFemale : PatientSex::kMale; break;
        default: break;
      }
      if (edit == MceEdit::kMaternity) h.patient_sex = PatientSex::kFemale;
    }
  }
  if (rng.Chance(0.003)) dx.push_back(dx[0]);  // a duplicate
  if (dx.size() > EncounterCoding::kMaxDiagnoses) dx.resize(EncounterCoding::kMaxDiagnoses);
  const int n = static_cast<int>(dx.size());

  // Service lines: codes first, then what every line carries.
  std::vector<ServiceLine>& sl = c.coding.services;
  sl.resize(static_cast<size_t>(lines));
  const auto& mue_of = p.mue_of[t];
  for (int i = 0; i < lines; ++i) {
    sl[i].code = (i == 0 && t == 0 && rng.Chance(0.6)) ? rng.Pick(p.em) : rng.Pick(p.proc[t]);
  }
  if (lines >= 2 && rng.Chance(0.22)) {  // a PTP pair in force: 40% indicator 0, 60% indicator 1
    const int k = rng.Chance(0.4) ? 0 : 1;
    const PtpPair& pair = rng.Pick(p.ptp[t][k]);
    const int a = static_cast<int>(rng.Below(static_cast<uint32_t>(lines)));
    const int b = (a + 1 + static_cast<int>(rng.Below(static_cast<uint32_t>(lines - 1)))) % lines;
    sl[a].code = pair.column1;
    sl[b].code = pair.column2;
    if (k == 1 && rng.Chance(0.35)) {  // the distinct-service modifier, or different sides
      if (rng.Chance(0.75)) {
        sl[b].modifiers.push_back(rng.Pick(p.bypass));
      } else {
        sl[a].modifiers.push_back("RT");
        sl[b].modifiers.push_back("LT");
      }
    }
  } else if (lines >= 2 && rng.Chance(0.03)) {  // a pair deleted before 2024-07-01
    const PtpPair& pair = rng.Pick(p.ptp_deleted[t]);
    sl[0].code = pair.column1;
    sl[1].code = pair.column2;
  }
  if (rng.Chance(0.04)) {  // an add-on code: 60% with one of its primaries
    const auto& [add_on, primaries] = rng.Pick(p.add_ons);
    const int a = static_cast<int>(rng.Below(static_cast<uint32_t>(lines)));
    sl[a].code = add_on;
    if (lines >= 2 && rng.Chance(0.6)) sl[(a + 1) % lines].code = rng.Pick(primaries);
  }
  for (int i = 0; i < lines; ++i) {
    ServiceLine& l = sl[i];
    if (rng.Chance(0.003)) l.code = rng.Pick(p.mue_zero[t]);
    else if (rng.Chance(0.002)) l.code = rng.Pick(p.proc_ended);
    else if (rng.Chance(0.001)) l.code = rng.Pick(p.proc_unknown);
    else if (rng.Chance(0.004)) l.code = rng.Pick(p.mue_per_line[t]).code;
    auto m = mue_of.find(l.code);
    const int limit = m == mue_of.end() ? 4 : m->second.units;
    l.units = std::max(1, std::min(limit, rng.Chance(0.85) ? 1 : rng.Between(2, 4)));
    if (m != mue_of.end() && limit > 0 && rng.Chance(0.025)) l.units = limit + rng.Between(1, 3);  // above the MUE
    if (l.modifiers.empty()) {
      if (i == 0 && l.code.rfind("992", 0) == 0 && rng.Chance(0.25)) l.modifiers.push_back("25");
      else if (rng.Chance(0.12)) l.modifiers.push_back(rng.Pick(p.modifiers));
    }
    if (rng.Chance(0.003)) l.modifiers.push_back(rng.Pick(p.bad_modifiers));
    if (!l.modifiers.empty() && rng.Chance(0.002)) l.modifiers.push_back(l.modifiers[0]);  // a repeated modifier
    l.charge = rng.Chance(0.002) ? "" : rng.Chance(0.001) ? "0.00" : std::to_string(rng.Between(20, 900)) + ".00";
    const int n_ptr = rng.Chance(0.002) ? 0 : 1 + static_cast<int>(rng.Below(static_cast<uint32_t>(std::min(4, n))));
    for (int k = 0; k < n_ptr; ++k) l.pointers.push_back(1 + (k + static_cast<int>(rng.Below(2))) % n);
    std::sort(l.pointers.begin(), l.pointers.end());
    l.pointers.erase(std::unique(l.pointers.begin(), l.pointers.end()), l.pointers.end());
    if (rng.Chance(0.003)) l.pointers.push_back(n + 1);  // a pointer past the diagnoses
    if (rng.Chance(0.03)) l.date_of_service = rng.Chance(0.7) ? c.date_of_service : ToIso(AddDays(dos, 1));
  }
  if (lines >= 2 && rng.Chance(0.005)) sl[lines - 1] = sl[0];  // a duplicate line
  if (lines >= 2 && rng.Chance(0.01)) {  // a per-day MUE split over two lines (each within the MUE)
    const MueCode& m = rng.Pick(p.mue[t]);
    if (m.mai != MueAdjudication::kPerLine) {
      sl[0].code = sl[1].code = m.code;
      sl[0].modifiers.clear();
      sl[1].modifiers = {"76"};
      sl[0].units = m.units;
      sl[1].units = 1;
      sl[0].date_of_service = sl[1].date_of_service = "";
    }
  }
  return c;
}

// FNV-1a over what the rules read of every claim: equal in both places when native and wasm generated the same.
uint64_t ClaimsDigest(const std::vector<Claim>& claims) {
  uint64_t h = 1469598103934665603ull;
  auto add = [&](std::string_view s) {
    for (char ch : s) h = (h ^ static_cast<unsigned char>(ch)) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull;
  };
  for (const Claim& c : claims) {
    add(c.id), add(c.date_of_service), add(ClaimTypeName(c.header.type)), add(PatientSexCode(c.header.patient_sex));
    add(std::to_string(c.header.patient_age.value_or(-1))), add(c.header.place_of_service), add(c.header.billing.npi);
    add(c.header.rendering.npi);
    for (const auto& d : c.coding.diagnoses) add(d.code);
    for (const auto& l : c.coding.services) {
      add(l.code), add(std::to_string(l.units)), add(l.charge), add(l.date_of_service);
      for (const auto& m : l.modifiers) add(m);
      for (int ptr : l.pointers) add(std::to_string(ptr));
    }
  }
  return h;
}

std::vector<Claim> MakeClaims(const Pools& p, size_t total_lines, unsigned seed) {
  Rng rng(seed * 7919u + 17u);
  std::vector<Claim> claims;
  claims.reserve(total_lines / 3 + 16);
  for (size_t made = 0; made < total_lines;) {
    int lines = 1 + static_cast<int>(rng.Weighted({15, 20, 28, 20, 10, 7}));
    lines = static_cast<int>(std::min<size_t>(static_cast<size_t>(lines), total_lines - made));
    claims.push_back(MakeClaim(p, rng, claims.size(), lines));
    made += static_cast<size_t>(lines);
  }
  return claims;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Medcode
// ---------------------------------------------------------------------------------------------------------------
// A finding reduced to what both engines can name: claim, the line or diagnosis it points at.
struct Key {
  uint32_t claim;
  int32_t at;
  friend bool operator<(const Key& a, const Key& b) { return std::tie(a.claim, a.at) < std::tie(b.claim, b.at); }
};
using Findings = std::map<std::string, std::vector<Key>>;  // rule id -> findings

int32_t KeyAt(const ScrubFinding& f) { return f.line >= 0 ? f.line : f.diagnosis >= 0 ? 1000 + f.diagnosis : -1; }

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] SQL peer: loading
// ---------------------------------------------------------------------------------------------------------------
// The reference tables and the claims in one in-memory SQLite database. PTP from the raw CMS CSVs (the pack stores
// PTP as encoded blocks); MUE, add-on, ICD-10-CM, MCE, HCPCS, modifiers and POS copied from the pack's plain tables
// (ATTACH). Indexes are created while loading, before any query is timed.
class SqlPeer {
 public:
  Status Load(const std::string& pack_path, const std::string& raw_dir, const std::vector<Claim>& claims,
              size_t claim_count) {
    // In memory; MEDCODE_BENCH_SQL_DB=<file> keeps the database in a file instead (to look at query plans).
    const char* db_file = std::getenv("MEDCODE_BENCH_SQL_DB");
    if (db_file) std::remove(db_file);
    auto db = Database::Open(db_file ? db_file : ":memory:");
    if (!db.ok()) return db.error();
    m_db = std::move(*db);
    if (Status s = m_db.Exec(
            "PRAGMA cache_size = -1048576;"  // 1 GB page cache: a file database stays in memory as well
            "CREATE TABLE ptp(setting INTEGER NOT NULL, column1 TEXT NOT NULL, column2 TEXT NOT NULL,"
            "  deletion_date TEXT, modifier_indicator INTEGER NOT NULL);"
            "CREATE TABLE claim(id INTEGER PRIMARY KEY, type INTEGER NOT NULL, dos TEXT NOT NULL, age INTEGER,"
            "  sex TEXT NOT NULL, pos TEXT NOT NULL, billing_npi TEXT NOT NULL, rendering_npi TEXT NOT NULL);"
            "CREATE TABLE diagnosis(claim_id INTEGER NOT NULL, seq INTEGER NOT NULL, code TEXT NOT NULL,"
            "  PRIMARY KEY(claim_id, seq)) WITHOUT ROWID;"
            "CREATE TABLE line(claim_id INTEGER NOT NULL, seq INTEGER NOT NULL, code TEXT NOT NULL,"
            "  units INTEGER NOT NULL, charge TEXT NOT NULL, dos TEXT NOT NULL, PRIMARY KEY(claim_id, seq))"
            "  WITHOUT ROWID;"
            "CREATE TABLE line_modifier(claim_id INTEGER NOT NULL, line_seq INTEGER NOT NULL, seq INTEGER NOT NULL,"
            "  modifier TEXT NOT NULL, PRIMARY KEY(claim_id, line_seq, seq)) WITHOUT ROWID;"
            "CREATE TABLE line_pointer(claim_id INTEGER NOT NULL, line_seq INTEGER NOT NULL, seq INTEGER NOT NULL,"
            "  pointer INTEGER NOT NULL, PRIMARY KEY(claim_id, line_seq, seq)) WITHOUT ROWID;");
        !s.ok()) {
      return s;
    }
    // Reference tables from the pack.
    std::string attach = "ATTACH DATABASE '" + pack_path + "' AS pack;";
    if (Status s = m_db.Exec(attach +
            "CREATE TABLE icd(code TEXT PRIMARY KEY, valid_mask INTEGER NOT NULL, billable_mask INTEGER NOT NULL,"
            "  chapter INTEGER NOT NULL) WITHOUT ROWID;"
            "INSERT INTO icd SELECT code, valid_mask, billable_mask, chapter FROM pack.icd10cm_code;"
            // Tabular: Excludes1 references by owner, 7th-character and code-first owners, categories' chapters.
            "CREATE TABLE excl(level INTEGER NOT NULL, owner TEXT NOT NULL, first TEXT NOT NULL, last TEXT NOT NULL);"
            "INSERT INTO excl SELECT n.level, n.owner, r.first, r.last FROM pack.icd10cm_note n JOIN pack.icd10cm_note_ref"
            "  r ON r.level = n.level AND r.owner = n.owner AND r.seq = n.seq WHERE n.kind = 3;"
            "CREATE TABLE seventh(owner TEXT PRIMARY KEY, characters TEXT NOT NULL) WITHOUT ROWID;"
            "INSERT INTO seventh SELECT owner, group_concat(character, '') FROM (SELECT owner, character FROM"
            "  pack.icd10cm_seventh WHERE level = 3 ORDER BY owner, seq) GROUP BY owner;"
            "CREATE TABLE code_first(owner TEXT PRIMARY KEY) WITHOUT ROWID;"
            "INSERT INTO code_first SELECT DISTINCT owner FROM pack.icd10cm_note WHERE kind = 5 AND level = 3;"
            "CREATE TABLE tabcat(category TEXT PRIMARY KEY, chapter INTEGER NOT NULL, sections TEXT NOT NULL)"
            "  WITHOUT ROWID;"
            "INSERT INTO tabcat SELECT category, chapter, sections FROM pack.icd10cm_tabular_category;"
            // The sections holding each category, one row each (the pack keeps them comma-separated).
            "CREATE TABLE cat_section(category TEXT NOT NULL, section TEXT NOT NULL, PRIMARY KEY(category, section))"
            "  WITHOUT ROWID;"
            "WITH RECURSIVE split(category, section, rest) AS (SELECT category, '', sections || ',' FROM tabcat"
            "  UNION ALL SELECT category, substr(rest, 1, instr(rest, ',') - 1), substr(rest, instr(rest, ',') + 1)"
            "  FROM split WHERE rest <> '')"
            "  INSERT OR IGNORE INTO cat_section SELECT category, section FROM split WHERE section <> '';"
            "CREATE TABLE mce(code TEXT PRIMARY KEY, edits INTEGER NOT NULL) WITHOUT ROWID;"
            "INSERT INTO mce SELECT code, edits FROM pack.mce_edit;"
            "CREATE TABLE hcpcs(code TEXT PRIMARY KEY, level INTEGER NOT NULL, in_2024jul INTEGER NOT NULL,"
            "  in_2026q3 INTEGER NOT NULL, date_added TEXT NOT NULL, date_terminated TEXT NOT NULL,"
            "  rbcs_code_added TEXT NOT NULL, rbcs_code_ended TEXT NOT NULL) WITHOUT ROWID;"
            "INSERT INTO hcpcs SELECT code, level, in_2024jul, in_2026q3, date_added, date_terminated, rbcs_code_added,"
            "  rbcs_code_ended FROM pack.hcpcs_code;"
            "CREATE TABLE modifier(code TEXT PRIMARY KEY) WITHOUT ROWID;"
            "INSERT INTO modifier SELECT code FROM pack.hcpcs_modifier;"
            "CREATE TABLE pos(code TEXT PRIMARY KEY, type TEXT NOT NULL) WITHOUT ROWID;"
            "INSERT INTO pos SELECT code, type FROM pack.ref_place_of_service;"
            "CREATE TABLE mue(mue_table INTEGER NOT NULL, code TEXT NOT NULL, units INTEGER NOT NULL,"
            "  mai INTEGER NOT NULL, PRIMARY KEY(mue_table, code)) WITHOUT ROWID;"
            "INSERT INTO mue SELECT mue_table, code, units, mai FROM pack.ncci_mue;"
            "CREATE TABLE add_on(add_on_code TEXT NOT NULL, primary_code TEXT NOT NULL, edit_type INTEGER NOT NULL,"
            "  PRIMARY KEY(add_on_code, primary_code)) WITHOUT ROWID;"
            "INSERT INTO add_on SELECT add_on_code, primary_code, edit_type FROM pack.ncci_add_on;"
            "DETACH DATABASE pack;");
        !s.ok()) {
      return s;
    }
    // PTP from the raw CMS files (both settings): 4.3 million rows as published.
    if (Status s = m_db.Exec("BEGIN"); !s.ok()) return s;
    auto ins = m_db.Prepare("INSERT INTO ptp VALUES(?, ?, ?, ?, ?)");
    if (!ins.ok()) return ins.error();
    const std::pair<int, const char*> files[] = {
        {1, "ncci/2024q3/ncci_ptp_practitioner_pairs_2024-07-01.csv"},
        {2, "ncci/2024q3/ncci_ptp_outpatient_hospital_pairs_2024-07-01.csv"}};
    for (const auto& [setting, file] : files) {
      const std::string path = raw_dir + "/" + file;
      const std::string text = ReadFile(path);
      if (text.empty()) return MakeError(ErrorCode::kNotFound, "cannot read the raw PTP file", path);
      CsvReader csv(text, path);
      if (Status s = csv.ReadHeader(); !s.ok()) return s;
      auto cols = csv.Columns({"column1", "column2", "deletion_date", "modifier_indicator"});
      if (!cols.ok()) return cols.error();
      std::vector<std::string_view> f;
      for (;;) {
        auto more = csv.Next(f);
        if (!more.ok()) return more.error();
        if (!*more) break;
        const auto& c = *cols;
        ins->Bind(1, static_cast<int64_t>(setting)).Bind(2, f[c[0]]).Bind(3, f[c[1]]);
        if (f[c[2]].empty()) ins->BindNull(4);
        else ins->Bind(4, f[c[2]]);
        ins->Bind(5, static_cast<int64_t>(std::strtol(std::string(f[c[3]]).c_str(), nullptr, 10)));
        if (Status s = ins->Run(); !s.ok()) return s;
        ins->Reset();
        ++m_ptp_rows;
      }
    }
    // The claims.
    auto ic = m_db.Prepare("INSERT INTO claim VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
    auto id = m_db.Prepare("INSERT INTO diagnosis VALUES(?, ?, ?)");
    auto il = m_db.Prepare("INSERT INTO line VALUES(?, ?, ?, ?, ?, ?)");
    auto im = m_db.Prepare("INSERT INTO line_modifier VALUES(?, ?, ?, ?)");
    auto ip = m_db.Prepare("INSERT INTO line_pointer VALUES(?, ?, ?, ?)");
    for (auto* st : {&ic, &id, &il, &im, &ip}) {
      if (!st->ok()) return st->error();
    }
    for (size_t ci = 0; ci < claim_count; ++ci) {
      const Claim& c = claims[ci];
      const auto cid = static_cast<int64_t>(ci);
      ic->Bind(1, cid).Bind(2, static_cast<int64_t>(c.header.type)).Bind(3, c.date_of_service);
      if (c.header.patient_age) ic->Bind(4, static_cast<int64_t>(*c.header.patient_age));
      else ic->BindNull(4);
      ic->Bind(5, PatientSexCode(c.header.patient_sex)).Bind(6, c.header.place_of_service);
      ic->Bind(7, c.header.billing.npi).Bind(8, c.header.rendering.npi);
      if (Status s = ic->Run(); !s.ok()) return s;
      ic->Reset();
      for (size_t d = 0; d < c.coding.diagnoses.size(); ++d) {
        id->Bind(1, cid).Bind(2, static_cast<int64_t>(d)).Bind(3, c.coding.diagnoses[d].code);
        if (Status s = id->Run(); !s.ok()) return s;
        id->Reset();
      }
      for (size_t l = 0; l < c.coding.services.size(); ++l) {
        const ServiceLine& line = c.coding.services[l];
        const auto seq = static_cast<int64_t>(l);
        il->Bind(1, cid).Bind(2, seq).Bind(3, line.code).Bind(4, static_cast<int64_t>(line.units)).Bind(5, line.charge);
        il->Bind(6, line.date_of_service.empty() ? c.date_of_service : line.date_of_service);
        if (Status s = il->Run(); !s.ok()) return s;
        il->Reset();
        for (size_t m = 0; m < line.modifiers.size(); ++m) {
          im->Bind(1, cid).Bind(2, seq).Bind(3, static_cast<int64_t>(m)).Bind(4, line.modifiers[m]);
          if (Status s = im->Run(); !s.ok()) return s;
          im->Reset();
        }
        for (size_t k = 0; k < line.pointers.size(); ++k) {
          ip->Bind(1, cid).Bind(2, seq).Bind(3, static_cast<int64_t>(k)).Bind(4, static_cast<int64_t>(line.pointers[k]));
          if (Status s = ip->Run(); !s.ok()) return s;
          ip->Reset();
        }
        ++m_lines;
      }
    }
    // Indexes the queries use (the primary keys above cover claim / line / diagnosis / modifier / pointer access; an
    // index on line(code) made the planner walk lines in code order, 2-6x slower than in claim order: not created).
    return m_db.Exec("COMMIT;"
                     "CREATE INDEX ptp_pair ON ptp(setting, column1, column2);"
                     "CREATE INDEX excl_owner ON excl(level, owner);"
                     "ANALYZE;");
  }

  size_t lines() const { return m_lines; }
  size_t ptp_rows() const { return m_ptp_rows; }
  double Bytes() {
    auto s = m_db.Prepare("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
    return s.ok() && s->Step().value_or(false) ? static_cast<double>(s->ColumnInt(0)) : 0;
  }

  // Runs every rule query; returns the findings per rule and the time the queries took.
  Result<Findings> Run(double& ms, double& cpu_ms, std::map<std::string, double>& ms_by_rule);

 private:
  Database m_db;
  size_t m_lines = 0;
  size_t m_ptp_rows = 0;
};

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] SQL peer: the rules as queries
// ---------------------------------------------------------------------------------------------------------------
// Each query returns (rule, claim id, at): `at` is the 0-based line, or 1000 + the 0-based diagnosis, or -1 for the
// claim, as KeyAt() reduces Medcode's findings. Written from the rule catalogue (scrubber.cpp) and the tables' own
// documentation (codeset_ptp.h, codeset_ncci.h, codeset_mce.h).
// The DOS of a claim as a fiscal year (October 1 starts the next one).
constexpr const char* kFy = "(CAST(substr(c.dos, 1, 4) AS INTEGER) + (substr(c.dos, 6, 2) >= '10'))";

// The Luhn check of an NPI with the 80840 prefix (its digits add 24), as a SQL condition on column `npi`.
std::string NpiInvalidSql(const std::string& npi) {
  std::string sum = "24";
  for (int i = 1; i <= 9; ++i) {
    const std::string d = "CAST(substr(" + npi + ", " + std::to_string(i) + ", 1) AS INTEGER)";
    sum += i % 2 == 1 ? " + (CASE WHEN " + d + " * 2 > 9 THEN " + d + " * 2 - 9 ELSE " + d + " * 2 END)" : " + " + d;
  }
  return "(length(" + npi + ") <> 10 OR " + npi + " GLOB '*[^0-9]*' OR substr(" + npi + ", 1, 1) NOT IN ('1', '2') OR "
         "(10 - (" + sum + ") % 10) % 10 <> CAST(substr(" + npi + ", 10, 1) AS INTEGER))";
}

std::vector<std::pair<std::string, std::string>> RuleQueries() {
  const std::string fy = kFy;
  // ICD-10-CM validity is checked for dates in FY2024-FY2026 (the editions loaded); outside, icd.edition says so.
  const std::string in_icd_editions = "c.dos BETWEEN '2023-10-01' AND '2026-09-30'";
  // A header that is the base of 7-character codes, where the pack has a full code to suggest, is reported as
  // icd.seventh_character: the options of the nearest 7th-character definition over the code, and either the code
  // with its last character as an option but the placeholder X missing (T36.01A -> T36.0X1A), or the code padded
  // with X to 6 characters plus an option (S72.001 -> S72.001A).
  const std::string options = "(SELECT s.characters FROM seventh s WHERE s.owner IN (substr(d.code, 1, 3),"
                              " substr(d.code, 1, 5), substr(d.code, 1, 6), substr(d.code, 1, 7))"
                              " ORDER BY length(s.owner) DESC LIMIT 1)";
  const std::string padded = "substr((CASE WHEN length(d.code) = 3 THEN d.code || '.' ELSE d.code END) || 'XXXX', 1, 7)";
  const std::string seventh_suggestion =
      "((length(d.code) = 7 AND instr(" + options + ", substr(d.code, 7, 1)) > 0 AND EXISTS (SELECT 1 FROM icd x"
      "  WHERE x.code IN (substr(d.code, 1, 4) || 'X' || substr(d.code, 5), substr(d.code, 1, 5) || 'X' ||"
      "  substr(d.code, 6), substr(d.code, 1, 6) || 'X' || substr(d.code, 7))))"
      " OR EXISTS (SELECT 1 FROM icd x WHERE x.code > " + padded + " AND x.code < " + padded + " || '~'"
      "  AND length(x.code) = 8 AND instr(" + options + ", substr(x.code, 8, 1)) > 0))";
  // A diagnosis whose code is in the pack.
  const std::string known_dx = "JOIN icd i ON i.code = d.code";
  // The modifiers that bypass an indicator-1 PTP edit besides the anatomic ones (IsPtpBypassModifier; 24, 25 and 57
  // only on an E/M line, 99202-99499) and the anatomic ones (IsAnatomicModifier): those bypass when both lines carry
  // some and not the same ones.
  const std::string bypass = "('59','XE','XS','XP','XU','24','25','57','58','78','79','27','91')";
  const std::string anatomic = "('E1','E2','E3','E4','FA','F1','F2','F3','F4','F5','F6','F7','F8','F9','TA','T1','T2',"
                               "'T3','T4','T5','T6','T7','T8','T9','LT','RT','LC','LD','RC','LM','RI')";
  auto anat = [&](const char* alias, const char* seq) {
    return std::string("SELECT modifier FROM line_modifier ") + alias + " WHERE " + alias + ".claim_id = pair.claim_id AND " +
           alias + ".line_seq = " + seq + " AND " + alias + ".modifier IN " + anatomic;
  };
  // PTP: ordered pairs of lines of a claim on the same date with different codes, column 1 / column 2 in the claim
  // type's table (outpatient hospital claims: that table; others: practitioner), the edit in force on the date (not
  // indicator 9; no deletion date, or DOS <= it; of several, the earliest deletion date). The column 2 line is the
  // finding's line.
  const std::string ptp =
      "WITH pair AS ("
      "  SELECT l1.claim_id, l1.seq AS s1, l2.seq AS s2, p.modifier_indicator AS mi,"
      "    min(coalesce(p.deletion_date, '9999-12-31')) AS d"
      "  FROM claim c JOIN line l1 ON l1.claim_id = c.id"
      "  JOIN line l2 ON l2.claim_id = l1.claim_id AND l2.seq <> l1.seq AND l2.dos = l1.dos AND l2.code <> l1.code"
      "  JOIN ptp p ON p.setting = (CASE c.type WHEN 1 THEN 2 ELSE 1 END) AND p.column1 = l1.code"
      "    AND p.column2 = l2.code"
      "  WHERE p.modifier_indicator <> 9 AND (p.deletion_date IS NULL OR l1.dos <= p.deletion_date)"
      "  GROUP BY l1.claim_id, l1.seq, l2.seq),"
      " judged AS ("
      "  SELECT claim_id, s2, mi, (mi = 1 AND (EXISTS (SELECT 1 FROM line_modifier m JOIN line l ON l.claim_id ="
      "      m.claim_id AND l.seq = m.line_seq WHERE m.claim_id = pair.claim_id AND m.line_seq IN (s1, s2)"
      "      AND m.modifier IN " + bypass + " AND (m.modifier NOT IN ('24', '25', '57')"
      "      OR (length(l.code) = 5 AND l.code BETWEEN '99202' AND '99499')))"
      "    OR (EXISTS (" + anat("a", "s1") + ") AND EXISTS (" + anat("b", "s2") + ")"
      "      AND (EXISTS (" + anat("a", "s1") + " EXCEPT " + anat("b", "s2") + ")"
      "        OR EXISTS (" + anat("b", "s2") + " EXCEPT " + anat("a", "s1") + "))))) AS bypassed FROM pair)"
      " SELECT CASE WHEN mi = 0 THEN 'ncci.ptp.denied' WHEN bypassed THEN 'ncci.ptp.bypassed'"
      "   ELSE 'ncci.ptp.modifier_needed' END, claim_id, s2 FROM judged";
  const std::string mue_table = "(CASE c.type WHEN 1 THEN 2 WHEN 2 THEN 3 ELSE 1 END)";
  // Excludes1: for two diagnoses a, b of a claim (known codes, not equal), a note of a's chapter, of a section holding
  // a's category, or of a or one of its ancestor codes whose reference covers b (the code or below it; for a range,
  // b's first characters between the ends). One finding per pair, at the later diagnosis.
  const std::string covers =
      " AND length(b.code) >= length(e.first) AND (CASE WHEN e.first = e.last THEN substr(b.code, 1, length(e.first))"
      " = e.first ELSE substr(b.code, 1, length(e.first)) >= e.first AND substr(b.code, 1, length(e.last)) <= e.last"
      " END)";
  const std::string dx_pair =
      " FROM diagnosis a JOIN icd ia ON ia.code = a.code JOIN diagnosis b ON b.claim_id = a.claim_id AND b.seq <> a.seq"
      " AND b.code <> a.code JOIN icd ib ON ib.code = b.code";
  const std::string excludes1 =
      "SELECT 'icd.excludes1', claim_id, 1000 + hi FROM (SELECT DISTINCT claim_id, min(sa, sb) AS lo, max(sa, sb) AS hi"
      " FROM ("
      " SELECT a.claim_id, a.seq AS sa, b.seq AS sb" + dx_pair +
      " LEFT JOIN tabcat t ON t.category = substr(a.code, 1, 3)"
      " JOIN excl e ON e.level = 1 AND e.owner = CAST(CASE WHEN t.chapter > 0 THEN t.chapter ELSE ia.chapter END AS TEXT)"
      + covers +
      " UNION ALL SELECT a.claim_id, a.seq, b.seq" + dx_pair +
      " JOIN cat_section cs ON cs.category = substr(a.code, 1, 3) JOIN excl e ON e.level = 2 AND e.owner = cs.section"
      + covers +
      " UNION ALL SELECT a.claim_id, a.seq, b.seq" + dx_pair +
      " JOIN excl e ON e.level = 3 AND e.owner IN (substr(a.code, 1, 3), substr(a.code, 1, 5), substr(a.code, 1, 6),"
      "  substr(a.code, 1, 7), a.code) AND e.owner IN (SELECT code FROM icd)" + covers + "))";
  return {
      {"icd.code", "SELECT CASE WHEN EXISTS (SELECT 1 FROM seventh s WHERE s.owner IN (substr(d.code, 1, 3),"
                   "  substr(d.code, 1, 5), substr(d.code, 1, 6), substr(d.code, 1, 7))) THEN 'icd.seventh_character'"
                   "  ELSE 'icd.unknown' END, d.claim_id, 1000 + d.seq"
                   " FROM diagnosis d WHERE NOT EXISTS (SELECT 1 FROM icd i WHERE i.code = d.code)"
                   " UNION ALL "
                   "SELECT CASE WHEN (i.valid_mask >> (" + fy + " - 2024)) & 1 = 0 THEN 'icd.not_valid_on_dos'"
                   "  WHEN length(d.code) < 8 AND " + seventh_suggestion + " THEN 'icd.seventh_character'"
                   "  ELSE 'icd.header' END, d.claim_id, 1000 + d.seq"
                   " FROM diagnosis d JOIN claim c ON c.id = d.claim_id " + known_dx + " WHERE " + in_icd_editions +
                   " AND ((i.valid_mask >> (" + fy + " - 2024)) & 1 = 0 OR (i.billable_mask >> (" + fy + " - 2024)) & 1 = 0)"},
      {"icd.edition", "SELECT 'icd.edition', c.id, -1 FROM claim c WHERE NOT (" + in_icd_editions + ") AND EXISTS"
                      " (SELECT 1 FROM diagnosis d WHERE d.claim_id = c.id)"},
      {"icd.duplicate", "SELECT 'icd.duplicate', d.claim_id, 1000 + d.seq FROM diagnosis d WHERE EXISTS (SELECT 1 FROM"
                        " diagnosis e WHERE e.claim_id = d.claim_id AND e.seq < d.seq AND e.code = d.code)"},
      {"icd.excludes1", excludes1},
      {"icd.external_cause_first", "SELECT 'icd.external_cause_first', d.claim_id, 1000 FROM diagnosis d " + known_dx +
                                   " WHERE d.seq = 0 AND substr(d.code, 1, 1) IN ('V', 'W', 'X', 'Y')"},
      // The first-listed diagnosis: a manifestation code, else a code with a "code first" note on it or an ancestor.
      {"icd.first", "SELECT CASE WHEN m.edits & 64 THEN 'icd.manifestation_first' ELSE 'icd.code_first' END,"
                    " d.claim_id, 1000 FROM diagnosis d " + known_dx + " LEFT JOIN mce m ON m.code = d.code"
                    " WHERE d.seq = 0 AND (m.edits & 64 OR EXISTS (SELECT 1 FROM code_first f WHERE f.owner IN"
                    " (substr(d.code, 1, 3), substr(d.code, 1, 5), substr(d.code, 1, 6), substr(d.code, 1, 7), d.code)))"},
      {"icd.demographics_missing",
       "SELECT 'icd.demographics_missing', c.id, -1 FROM claim c WHERE EXISTS (SELECT 1 FROM diagnosis d JOIN mce m ON"
       " m.code = d.code WHERE d.claim_id = c.id AND ((m.edits & 48 AND c.sex = 'U') OR (m.edits & 15 AND c.age IS NULL)))"},
      {"icd.mce", "SELECT 'icd.mce_sex', d.claim_id, 1000 + d.seq FROM diagnosis d JOIN claim c ON c.id = d.claim_id"
                  " JOIN mce m ON m.code = d.code WHERE (m.edits & 16 AND c.sex = 'M') OR (m.edits & 32 AND c.sex = 'F')"
                  " UNION ALL "
                  "SELECT 'icd.mce_age', d.claim_id, 1000 + d.seq FROM diagnosis d JOIN claim c ON c.id = d.claim_id"
                  " JOIN mce m ON m.code = d.code JOIN (SELECT 1 AS bit, 0 AS lo, 0 AS hi UNION ALL SELECT 2, 0, 17"
                  "  UNION ALL SELECT 4, 9, 64 UNION ALL SELECT 8, 15, 124) ages ON m.edits & ages.bit"
                  " WHERE c.age IS NOT NULL AND (c.age < ages.lo OR c.age > ages.hi)"},
      {"proc.code", "SELECT 'proc.unknown', l.claim_id, l.seq FROM line l WHERE NOT EXISTS (SELECT 1 FROM hcpcs h"
                    " WHERE h.code = l.code)"
                    " UNION ALL "
                    // Level 1: RBCS's dates (9999-12-31 = open); level 2: the HCPCS file's; an empty date is unknown.
                    "SELECT 'proc.not_valid_on_dos', l.claim_id, l.seq FROM line l JOIN hcpcs h ON h.code = l.code"
                    " WHERE (CASE h.level WHEN 1 THEN h.rbcs_code_added ELSE h.date_added END) NOT IN ('')"
                    "   AND l.dos < (CASE h.level WHEN 1 THEN h.rbcs_code_added ELSE h.date_added END)"
                    " OR (CASE h.level WHEN 1 THEN h.rbcs_code_ended ELSE h.date_terminated END) NOT IN ('', '9999-12-31')"
                    "   AND l.dos > (CASE h.level WHEN 1 THEN h.rbcs_code_ended ELSE h.date_terminated END)"},
      {"ncci.ptp", ptp},
      {"ncci.mue.line", "SELECT CASE WHEN u.units = 0 THEN 'ncci.mue.not_payable' ELSE 'ncci.mue.line' END,"
                        " l.claim_id, l.seq FROM line l JOIN claim c ON c.id = l.claim_id"
                        " JOIN mue u ON u.mue_table = " + mue_table + " AND u.code = l.code"
                        " WHERE u.units = 0 OR (u.mai = 1 AND l.units > u.units)"},
      // Per date (MAI 2 and 3): the units of the code's lines on one date, reported at the last of them.
      {"ncci.mue.day", "SELECT CASE WHEN u.mai = 2 THEN 'ncci.mue.day' ELSE 'ncci.mue.day_appealable' END,"
                       " l.claim_id, max(l.seq) FROM line l JOIN claim c ON c.id = l.claim_id"
                       " JOIN mue u ON u.mue_table = " + mue_table + " AND u.code = l.code"
                       " WHERE u.mai IN (2, 3) AND u.units > 0 GROUP BY l.claim_id, l.code, l.dos"
                       " HAVING sum(max(l.units, 0)) > u.units"},
      // Add-on codes: listed primaries (one of them on another line), or "CCCCC" (any other line whose code is a
      // known code and no add-on code); add-on codes with neither are not checked.
      {"ncci.addon.primary_missing",
       "WITH a AS (SELECT add_on_code, max(primary_code = 'CCCCC') AS any_primary, sum(primary_code <> 'CCCCC') AS listed"
       "  FROM add_on GROUP BY add_on_code)"
       " SELECT 'ncci.addon.primary_missing', l.claim_id, l.seq FROM line l JOIN a ON a.add_on_code = l.code"
       " WHERE (a.any_primary OR a.listed > 0) AND NOT (CASE WHEN a.any_primary THEN EXISTS (SELECT 1 FROM line p"
       "   WHERE p.claim_id = l.claim_id AND p.seq <> l.seq AND p.code IN (SELECT code FROM hcpcs)"
       "   AND p.code NOT IN (SELECT add_on_code FROM add_on))"
       "  ELSE EXISTS (SELECT 1 FROM line p JOIN add_on x ON x.add_on_code = l.code AND x.primary_code = p.code"
       "   WHERE p.claim_id = l.claim_id AND p.seq <> l.seq) END)"},
      {"modifier", "SELECT 'modifier.unknown', m.claim_id, m.line_seq FROM line_modifier m WHERE NOT EXISTS"
                   " (SELECT 1 FROM modifier x WHERE x.code = m.modifier)"
                   " UNION ALL SELECT 'modifier.duplicate', m.claim_id, m.line_seq FROM line_modifier m WHERE EXISTS"
                   " (SELECT 1 FROM line_modifier e WHERE e.claim_id = m.claim_id AND e.line_seq = m.line_seq"
                   "  AND e.seq < m.seq AND e.modifier = m.modifier)"
                   " UNION ALL SELECT 'modifier.too_many', m.claim_id, m.line_seq FROM line_modifier m WHERE m.seq = 4"},
      // Same code, date and modifiers (in order) as an earlier line; one finding per line.
      {"line.duplicate",
       "WITH lm AS (SELECT l.claim_id, l.seq, l.code, l.dos, (SELECT group_concat(modifier, ',') FROM"
       "  (SELECT modifier FROM line_modifier m WHERE m.claim_id = l.claim_id AND m.line_seq = l.seq ORDER BY seq))"
       "  AS mods FROM line l)"
       " SELECT 'line.duplicate', a.claim_id, a.seq FROM lm a WHERE EXISTS (SELECT 1 FROM lm b WHERE"
       "  b.claim_id = a.claim_id AND b.seq < a.seq AND b.code = a.code AND b.dos = a.dos"
       "  AND coalesce(b.mods, '') = coalesce(a.mods, ''))"},
      {"claim.pointer",
       "SELECT CASE WHEN p.pointer < 1 OR p.pointer > 12 OR p.pointer > (SELECT count(*) FROM diagnosis d"
       "   WHERE d.claim_id = p.claim_id) THEN 'claim.pointer.invalid' ELSE 'claim.pointer.duplicate' END,"
       " p.claim_id, p.line_seq FROM line_pointer p WHERE p.pointer < 1 OR p.pointer > 12"
       " OR p.pointer > (SELECT count(*) FROM diagnosis d WHERE d.claim_id = p.claim_id)"
       " OR EXISTS (SELECT 1 FROM line_pointer e WHERE e.claim_id = p.claim_id AND e.line_seq = p.line_seq"
       "   AND e.seq < p.seq AND e.pointer = p.pointer)"
       " UNION ALL SELECT 'claim.pointer.missing', l.claim_id, l.seq FROM line l WHERE NOT EXISTS"
       " (SELECT 1 FROM line_pointer p WHERE p.claim_id = l.claim_id AND p.line_seq = l.seq)"
       " UNION ALL SELECT 'claim.pointer.too_many', p.claim_id, p.line_seq FROM line_pointer p WHERE p.seq = 4"},
      {"claim.pos", "SELECT CASE WHEN c.pos = '' THEN 'claim.pos.missing' ELSE 'claim.pos.invalid' END, c.id, -1"
                    " FROM claim c LEFT JOIN pos p ON p.code = (CASE WHEN length(c.pos) = 1 THEN '0' || c.pos ELSE"
                    " c.pos END) WHERE c.pos = '' OR p.code IS NULL OR p.type = 'Unassigned'"},
      {"claim.npi", "SELECT CASE WHEN c.billing_npi = '' THEN 'claim.npi.missing' ELSE 'claim.npi.invalid' END, c.id, -1"
                    " FROM claim c WHERE c.billing_npi = '' OR " + NpiInvalidSql("c.billing_npi") +
                    " UNION ALL SELECT 'claim.npi.invalid', c.id, -1 FROM claim c WHERE c.rendering_npi <> ''"
                    " AND " + NpiInvalidSql("c.rendering_npi")},
      // Units whole numbers from 1; a charge is digits with at most one '.', some digit not 0, 1-2 decimals if any.
      {"claim.line", "SELECT 'claim.units.invalid', l.claim_id, l.seq FROM line l WHERE l.units < 1"
                     " UNION ALL SELECT CASE WHEN l.charge = '' THEN 'claim.charge.missing' ELSE 'claim.charge.invalid'"
                     " END, l.claim_id, l.seq FROM line l WHERE l.charge = '' OR l.charge GLOB '*[^0-9.]*'"
                     " OR l.charge NOT GLOB '*[1-9]*' OR l.charge GLOB '*.*.*' OR l.charge GLOB '*.'"
                     " OR l.charge GLOB '*.[0-9][0-9][0-9]*'"},
      {"claim.diagnoses", "SELECT 'claim.diagnosis.missing', c.id, -1 FROM claim c WHERE NOT EXISTS (SELECT 1 FROM"
                          " diagnosis d WHERE d.claim_id = c.id)"
                          " UNION ALL SELECT 'claim.diagnosis.too_many', d.claim_id, -1 FROM diagnosis d WHERE d.seq = 12"},
      // The NCCI edition: some line's date outside 2024-07-01..2024-09-30 (claims with lines only).
      {"ncci.edition", "SELECT 'ncci.edition', c.id, -1 FROM claim c WHERE EXISTS (SELECT 1 FROM line l WHERE"
                       " l.claim_id = c.id AND l.dos NOT BETWEEN '2024-07-01' AND '2024-09-30')"},
  };
}

Result<Findings> SqlPeer::Run(double& ms, double& cpu_ms, std::map<std::string, double>& ms_by_rule) {
  Findings out;
  ms = 0;
  const double cpu0 = CpuMs();
  for (const auto& [name, sql] : RuleQueries()) {
    const auto a = Clock::now();
    auto st = m_db.Prepare(sql);
    if (!st.ok()) return st.error();
    for (;;) {
      auto row = st->Step();
      if (!row.ok()) return row.error();
      if (!*row) break;
      out[st->ColumnText(0)].push_back({static_cast<uint32_t>(st->ColumnInt(1)), static_cast<int32_t>(st->ColumnInt(2))});
    }
    const double t = Ms(a, Clock::now());
    ms_by_rule[name] = t;
    ms += t;
  }
  cpu_ms = cpu0 < 0 ? -1 : CpuMs() - cpu0;
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Cross-check and report
// ---------------------------------------------------------------------------------------------------------------
// The rules the SQL peer implements: all but the date rules claim.dos.* (the generator writes valid dates, none in
// the future, so they never fire) and claim.lines.missing (every generated claim has lines).
const std::set<std::string>& SqlRules() {
  static const std::set<std::string> rules = {
      "icd.unknown", "icd.seventh_character", "icd.not_valid_on_dos", "icd.header", "icd.edition", "icd.duplicate",
      "icd.excludes1", "icd.external_cause_first", "icd.manifestation_first", "icd.code_first", "icd.mce_sex",
      "icd.mce_age", "icd.demographics_missing", "proc.unknown",
      "proc.not_valid_on_dos", "ncci.ptp.denied", "ncci.ptp.modifier_needed", "ncci.ptp.bypassed", "ncci.edition",
      "ncci.mue.line", "ncci.mue.day", "ncci.mue.day_appealable", "ncci.mue.not_payable", "ncci.addon.primary_missing",
      "modifier.unknown", "modifier.duplicate", "modifier.too_many", "line.duplicate", "claim.npi.missing",
      "claim.npi.invalid", "claim.pos.missing", "claim.pos.invalid", "claim.diagnosis.missing",
      "claim.diagnosis.too_many", "claim.pointer.missing", "claim.pointer.invalid", "claim.pointer.too_many",
      "claim.pointer.duplicate", "claim.units.invalid", "claim.charge.missing", "claim.charge.invalid"};
  return rules;
}

void Report(const char* engine, size_t claims, size_t lines, double ms, double cpu_ms, double load_ms,
            double memory_bytes, const char* memory_what, double peak_rss, const std::map<std::string, size_t>& counts) {
  const double lps = ms > 0 ? lines / (ms / 1000.0) : 0, cps = ms > 0 ? claims / (ms / 1000.0) : 0;
  const std::string cpu = cpu_ms < 0 ? "n/a" : std::to_string(static_cast<int64_t>(cpu_ms + 0.5)) + " ms";
  std::printf("%-8s %zu claims, %zu lines: %.1f ms (CPU %s), %.0f lines/s, %.0f claims/s; load %.0f ms, %s %.1f MB, "
              "peak RSS %.0f MB\n", engine, claims, lines, ms, cpu.c_str(), lps, cps, load_ms, memory_what,
              memory_bytes / 1e6, peak_rss / 1e6);
  std::string rules;
  for (const auto& [rule, n] : counts) {
    rules += (rules.empty() ? "" : ",") + ("\"" + rule + "\":" + std::to_string(n));
  }
  std::printf("BENCH {\"engine\":\"%s\",\"claims\":%zu,\"lines\":%zu,\"ms\":%.2f,\"cpu_ms\":%.2f,\"lines_per_s\":%.0f,"
              "\"claims_per_s\":%.0f,\"load_ms\":%.1f,\"memory_bytes\":%.0f,\"memory_what\":\"%s\","
              "\"peak_rss_bytes\":%.0f,\"findings\":{%s}}\n",
              engine, claims, lines, ms, cpu_ms, lps, cps, load_ms, memory_bytes, memory_what, peak_rss, rules.c_str());
  std::fflush(stdout);
}

int WriteClaims(const CodeSetPack& pack, const std::string& out_path, size_t lines, unsigned seed) {
  Rng rng(seed);
  auto pools = MakePools(pack, rng);
  if (!pools.ok()) return Fail(pools.error());
  const auto claims = MakeClaims(*pools, lines, seed);
  std::ofstream out(out_path, std::ios::binary);
  out << "[\n";
  for (size_t i = 0; i < claims.size(); ++i) out << (i ? ",\n" : "") << ClaimToJson(claims[i]);
  out << "\n]\n";
  if (!out) {
    std::fprintf(stderr, "claims: cannot write %s\n", out_path.c_str());
    return 1;
  }
  std::printf("wrote %zu claims (%zu lines) to %s\n", claims.size(), lines, out_path.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto arg = [&](size_t i, size_t fallback) {
    return args.size() > i ? static_cast<size_t>(std::strtoull(args[i].c_str(), nullptr, 10)) : fallback;
  };
  if (!args.empty() && args[0] == "claims" && args.size() >= 3) {
    auto pack = CodeSetPack::Open(args[1]);
    if (!pack.ok()) return Fail(pack.error());
    return WriteClaims(*pack, args[2], arg(3, 1000), static_cast<unsigned>(arg(4, 1)));
  }
  if (args.size() < 2) {
    std::fprintf(stderr, "usage: medcode_bench_scrub <pack> <codesets-raw dir> [lines=1000000] [seed=1] [sql_lines]\n"
                         "       medcode_bench_scrub claims <pack> <out.json> [lines=1000] [seed=1]\n");
    return 2;
  }
  const std::string pack_path = args[0], raw_dir = args[1];
  const size_t wanted = arg(2, 1000000);
  const auto seed = static_cast<unsigned>(arg(3, 1));
  const size_t sql_wanted = std::min(wanted, arg(4, wanted));

  auto pack = CodeSetPack::Open(pack_path);
  if (!pack.ok()) return Fail(pack.error());
  const auto g0 = Clock::now();
  Rng rng(seed);
  auto pools = MakePools(*pack, rng);
  if (!pools.ok()) return Fail(pools.error());
  const auto claims = MakeClaims(*pools, wanted, seed);
  size_t lines = 0, diagnoses = 0;
  for (const auto& c : claims) lines += c.coding.services.size(), diagnoses += c.coding.diagnoses.size();
  std::printf("generated %zu claims, %zu lines, %zu diagnoses in %.0f ms, RSS now %.0f MB (seed %u; pools: %zu PTP "
              "pairs, %zu MUE codes, %zu add-on codes, %zu Excludes1 pairs, %zu billable ICD codes)\n", claims.size(),
              lines, diagnoses, Ms(g0, Clock::now()), RssBytes("VmRSS:") / 1e6, seed, pools->ptp[0][0].size() + pools->ptp[0][1].size() + pools->ptp[1][0].size() +
              pools->ptp[1][1].size(), pools->mue[0].size(), pools->add_ons.size(), pools->excludes1.size(),
              pools->icd_billable.size());
  std::printf("claims digest %016llx (FNV-1a of the generated claims: the same natively and in wasm)\n",
              static_cast<unsigned long long>(ClaimsDigest(claims)));
  std::fflush(stdout);

  // Medcode: load, then scrub every claim into one reused report (timed), counting findings per rule.
  const auto m0 = Clock::now();
  auto scrubber = Scrubber::Load(*pack);
  if (!scrubber.ok()) return Fail(scrubber.error());
  const double load_ms = Ms(m0, Clock::now());
  ScrubReport report;
  std::unordered_map<std::string, size_t> by_rule;
  size_t findings = 0;
  const double c0 = CpuMs();
  const auto s0 = Clock::now();
  for (const Claim& c : claims) {
    scrubber->Scrub(c, kToday, report);
    findings += report.findings.size();
    for (const auto& f : report.findings) ++by_rule[f.rule];
  }
  const double scrub_ms = Ms(s0, Clock::now());
  const double scrub_cpu_ms = c0 < 0 ? -1 : CpuMs() - c0;
  std::map<std::string, size_t> medcode_counts(by_rule.begin(), by_rule.end());
  Report("medcode", claims.size(), lines, scrub_ms, scrub_cpu_ms, load_ms, static_cast<double>(scrubber->MemoryBytes()),
         "MemoryBytes()", PeakRssBytes(), medcode_counts);
  std::printf("medcode  %zu findings in all (%.3f a line)\n", findings, lines ? findings / double(lines) : 0.0);
  if (sql_wanted == 0) return 0;

  // The SQL peer over the claims holding the first sql_wanted lines.
  size_t sql_claims = 0;
  for (size_t n = 0; sql_claims < claims.size() && n < sql_wanted; ++sql_claims) n += claims[sql_claims].coding.services.size();
  SqlPeer sql;
  const auto q0 = Clock::now();
  if (Status s = sql.Load(pack_path, raw_dir, claims, sql_claims); !s.ok()) return Fail(s.error());
  const double sql_load_ms = Ms(q0, Clock::now());
  double sql_ms = 0, sql_cpu_ms = -1;
  std::map<std::string, double> sql_ms_by;
  auto sql_findings = sql.Run(sql_ms, sql_cpu_ms, sql_ms_by);
  if (!sql_findings.ok()) return Fail(sql_findings.error());
  std::map<std::string, size_t> sql_counts;
  for (const auto& [rule, keys] : *sql_findings) sql_counts[rule] = keys.size();
  std::printf("sqlite   loaded %zu PTP rows and %zu claims (%zu lines) in %.0f ms (indexes included)\n", sql.ptp_rows(),
              sql_claims, sql.lines(), sql_load_ms);
  Report("sqlite", sql_claims, sql.lines(), sql_ms, sql_cpu_ms, sql_load_ms, sql.Bytes(), "database size", PeakRssBytes(),
         sql_counts);
  std::printf("sqlite   query ms:");
  for (const auto& [name, t] : sql_ms_by) std::printf(" %s %.0f;", name.c_str(), t);
  std::printf("\n");

  // Medcode on the same claims, for the ratio and the cross-check (untimed: re-scrubbed to collect the findings).
  Findings medcode;
  double same_ms = scrub_ms, same_cpu_ms = scrub_cpu_ms;
  if (sql_claims < claims.size()) {
    const double rc0 = CpuMs();
    const auto r0 = Clock::now();
    for (size_t i = 0; i < sql_claims; ++i) scrubber->Scrub(claims[i], kToday, report);
    same_ms = Ms(r0, Clock::now());
    same_cpu_ms = rc0 < 0 ? -1 : CpuMs() - rc0;
  }
  for (size_t i = 0; i < sql_claims; ++i) {
    scrubber->Scrub(claims[i], kToday, report);
    for (const auto& f : report.findings) {
      if (SqlRules().count(f.rule)) medcode[f.rule].push_back({static_cast<uint32_t>(i), KeyAt(f)});
    }
  }
  const double medcode_lps = sql.lines() / (same_ms / 1000.0), sql_lps = sql.lines() / (sql_ms / 1000.0);
  std::printf("ratio    Medcode %.0f lines/s / SQLite %.0f lines/s = %.1fx (same %zu lines)\n", medcode_lps, sql_lps,
              medcode_lps / sql_lps, sql.lines());
  const double cpu_ratio = same_cpu_ms > 0 && sql_cpu_ms > 0 ? sql_cpu_ms / same_cpu_ms : -1;
  if (cpu_ratio > 0) std::printf("ratio    by CPU time: SQLite %.0f ms / Medcode %.0f ms = %.1fx\n", sql_cpu_ms, same_cpu_ms, cpu_ratio);
  std::printf("RATIO {\"lines\":%zu,\"medcode_ms\":%.2f,\"sqlite_ms\":%.2f,\"ratio\":%.2f,\"cpu_ratio\":%.2f}\n",
              sql.lines(), same_ms, sql_ms, medcode_lps / sql_lps, cpu_ratio);

  // Per rule: counts side by side; where they differ, the first claims that differ (claim id, line or 1000+dx).
  std::printf("\ncross-check (%zu claims): rule, Medcode, SQLite, same keys\n", sql_claims);
  int differ = 0;
  for (const auto& rule : SqlRules()) {
    auto m = medcode[rule], s = (*sql_findings)[rule];
    std::sort(m.begin(), m.end());
    std::sort(s.begin(), s.end());
    std::vector<Key> only_m, only_s;
    std::set_difference(m.begin(), m.end(), s.begin(), s.end(), std::back_inserter(only_m));
    std::set_difference(s.begin(), s.end(), m.begin(), m.end(), std::back_inserter(only_s));
    const bool same = only_m.empty() && only_s.empty();
    differ += !same;
    std::printf("  %-28s %8zu %8zu  %s\n", rule.c_str(), m.size(), s.size(), same ? "yes" : "NO");
    auto show = [&](const char* who, const std::vector<Key>& keys) {
      if (keys.empty()) return;
      std::printf("      only %s (%zu):", who, keys.size());
      for (size_t k = 0; k < std::min<size_t>(4, keys.size()); ++k) {
        std::printf(" %s@%d", claims[keys[k].claim].id.c_str(), keys[k].at);
      }
      std::printf("\n");
    };
    show("Medcode", only_m);
    show("SQLite", only_s);
  }
  std::printf("cross-check: %d of %zu rules differ\n", differ, SqlRules().size());
  std::printf("CROSSCHECK {\"rules\":%zu,\"differ\":%d}\n", SqlRules().size(), differ);
  return 0;
}
