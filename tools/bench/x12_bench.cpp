// x12_bench.cpp: the X12 benchmark's Medcode side (tools/bench/x12 runs it; not a test). Generates realistic 837P
// and 835 files of any size with Medcode's own writers (codes drawn from the real code-set pack), and reads them
// back, timed, the way the app reads an upload: X12Reader over the file in chunks, each interchange validated, with
// the claim count and totals the peers (Perl X12::Parser, node-x12) must agree with. Built natively and as wasm for
// node (the same source; the wasm build reads the real file through NODERAWFS, in the reader's 1 MB chunks).
//
//   medcode_bench_x12 generate 837 <pack> <out.x12> <claims> [seed=1]
//   medcode_bench_x12 generate 835 <pack> <out.x12> <claims> [seed=1]
//       Writes `claims` claims (837P) or claim payments (835). Prints one `GENERATED {json}` line (bytes, claims,
//       totals, transactions, ms).
//   medcode_bench_x12 read <file> [repeat=1] [validate|read]
//       Reads and validates the file (ValidateX12 over X12Reader::FromFile; `read`: the reader alone) `repeat` times
//       (the fastest run counts) and prints one `BENCH {json}` line: bytes, ms, CPU ms, MB/s, peak RSS, problems
//       found, and the claims / totals / lines / segments the read saw (the keys tests/interop's peers print).
//
// [SECTION] Helpers
// [SECTION] Code pools from the pack
// [SECTION] 837P generator
// [SECTION] 835 generator
// [SECTION] Reading
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#ifdef __EMSCRIPTEN__
#include <emscripten/heap.h>
#endif

#include "engine/billing.h"
#include "engine/claim.h"
#include "engine/codeset_pack.h"
#include "engine/remit.h"
#include "engine/sqlite_db.h"
#include "engine/x12.h"
#include "engine/x12_837.h"
#include "engine/x12_validate.h"

using namespace medcode::engine;
using Clock = std::chrono::steady_clock;

namespace {

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Helpers
// ---------------------------------------------------------------------------------------------------------------
double Ms(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

// CPU time of the process in ms: natively the process CPU clock; in wasm (whose clock_gettime knows only real-time
// and monotonic clocks) utime + stime of /proc/self/stat, node's whole process (GC and compiler threads included,
// 10 ms steps); -1 when neither exists.
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

// Peak resident set size in bytes (VmHWM of /proc/self/status; under node with NODERAWFS: node's own); 0 if unknown.
double PeakRssBytes() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) * 1024.0;
  }
  return 0;
}

// The wasm heap (linear memory) in bytes; 0 natively.
double WasmHeapBytes() {
#ifdef __EMSCRIPTEN__
  return static_cast<double>(emscripten_get_heap_size());
#else
  return 0;
#endif
}

int Fail(const std::string& message) {
  std::fprintf(stderr, "medcode_bench_x12: %s\n", message.c_str());
  return 1;
}

// Random numbers from mt19937's raw output (the same on every platform; a std distribution's is not).
class Rng {
 public:
  explicit Rng(unsigned seed) : m_rng(seed) {}
  uint32_t Below(uint32_t n) { return n == 0 ? 0 : static_cast<uint32_t>(m_rng() % n); }
  bool Chance(double p) { return m_rng() < p * 4294967296.0; }
  int Between(int lo, int hi) { return lo + static_cast<int>(Below(static_cast<uint32_t>(hi - lo + 1))); }
  template <class T>
  const T& Pick(const std::vector<T>& v) { return v[Below(static_cast<uint32_t>(v.size()))]; }

 private:
  std::mt19937 m_rng;
};

// Cents as "125.00" / "-3.50".
std::string Money(int64_t cents) {
  const bool negative = cents < 0;
  const uint64_t c = negative ? static_cast<uint64_t>(-cents) : static_cast<uint64_t>(cents);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%llu.%02llu", negative ? "-" : "", static_cast<unsigned long long>(c / 100),
                static_cast<unsigned long long>(c % 100));
  return buf;
}

// "125.5" / "-12.34" / "100" -> cents; false for anything else (more than 2 decimals included).
bool ToCents(std::string_view v, int64_t& out) {
  bool negative = false;
  size_t i = 0;
  if (i < v.size() && v[i] == '-') negative = true, ++i;
  int64_t whole = 0, frac = 0;
  size_t digits = 0, frac_digits = 0;
  for (; i < v.size() && v[i] >= '0' && v[i] <= '9'; ++i, ++digits) whole = whole * 10 + (v[i] - '0');
  if (i < v.size() && v[i] == '.') {
    for (++i; i < v.size() && v[i] >= '0' && v[i] <= '9'; ++i, ++frac_digits) frac = frac * 10 + (v[i] - '0');
  }
  if (i != v.size() || digits + frac_digits == 0 || frac_digits > 2) return false;
  if (frac_digits == 1) frac *= 10;
  out = (whole * 100 + frac) * (negative ? -1 : 1);
  return true;
}

// A valid NPI: 1 or 2, eight random digits, the Luhn check digit over "80840" + those nine.
std::string MakeNpi(Rng& rng) {
  std::string npi(1, static_cast<char>('1' + rng.Below(2)));
  for (int i = 0; i < 8; ++i) npi += static_cast<char>('0' + rng.Below(10));
  const std::string full = "80840" + npi;
  int sum = 0;
  for (size_t i = 0; i < full.size(); ++i) {  // from the right, every other digit (the rightmost first) is doubled
    int d = full[full.size() - 1 - i] - '0';
    if (i % 2 == 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return npi + static_cast<char>('0' + (10 - sum % 10) % 10);
}

std::string Digits(Rng& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += static_cast<char>('0' + rng.Below(10));
  return s;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Code pools from the pack
// ---------------------------------------------------------------------------------------------------------------
struct Procedure {
  std::string code;
  int64_t rvu_hundredths = 0;  // non-facility total RVU
};

struct Pools {
  std::vector<std::string> icd;       // ICD-10-CM billable in FY2025, dotted ("E11.42")
  std::vector<Procedure> procedures;  // MPFS 2025 rows without modifier, status A/T, non-facility RVU > 0
  std::vector<std::string> modifiers = {"25", "59", "26", "TC", "RT", "LT", "76", "GT", "95", "XS", "KX", "GA", "Q6"};
  std::vector<std::string> carc_co = {"45", "97", "16", "50", "B7", "96", "4", "18", "29", "204"};  // contractual / denial
  std::vector<std::string> carc_pr = {"1", "2", "3"};  // deductible, coinsurance, copay
  std::vector<std::string> rarc = {"N130", "M15", "MA130", "N56", "M80", "N290", "MA04"};
  std::vector<std::string> pos = {"11", "11", "11", "11", "11", "22", "19", "02", "10", "12", "31"};
  std::vector<std::string> last_names = {"SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "GARCIA", "MILLER",
                                         "DAVIS", "RODRIGUEZ", "MARTINEZ", "HERNANDEZ", "LOPEZ", "WILSON", "ANDERSON",
                                         "THOMAS", "TAYLOR", "MOORE", "JACKSON", "MARTIN", "LEE", "O'BRIEN", "NGUYEN"};
  std::vector<std::string> first_names = {"JAMES", "MARY", "ROBERT", "PATRICIA", "JOHN", "JENNIFER", "MICHAEL",
                                          "LINDA", "DAVID", "ELIZABETH", "WILLIAM", "BARBARA", "ANA", "WEI", "JOSE"};
  std::vector<std::string> cities = {"SPRINGFIELD", "RIVERSIDE", "FRANKLIN", "GREENVILLE", "BRISTOL", "CLINTON",
                                     "FAIRVIEW", "SALEM", "MADISON", "GEORGETOWN"};
  std::vector<std::string> states = {"IL", "CA", "TX", "NY", "FL", "OH", "PA", "GA", "NC", "MI"};
};

Result<Pools> MakePools(const CodeSetPack& pack) {
  Pools p;
  Database& db = pack.db();
  auto icd = db.Prepare("SELECT code, billable_mask FROM icd10cm_code ORDER BY code");
  if (!icd.ok()) return icd.error();
  while (icd->Step().value_or(false)) {
    if (static_cast<uint32_t>(icd->ColumnInt(1)) & IcdCode::Bit(2025)) p.icd.push_back(icd->ColumnText(0));
  }
  auto proc = db.Prepare(
      "SELECT code, total_nf FROM mpfs_rvu WHERE modifier = '' AND status IN ('A', 'T') AND total_nf > 0 "
      "ORDER BY code");
  if (!proc.ok()) return proc.error();
  while (proc->Step().value_or(false)) p.procedures.push_back({proc->ColumnText(0), proc->ColumnInt(1)});
  if (p.icd.size() < 1000 || p.procedures.size() < 1000) {
    return MakeError(ErrorCode::kNotFound, "the pack has too few ICD-10-CM FY2025 codes (" + std::to_string(p.icd.size()) +
                                           ") or MPFS procedures (" + std::to_string(p.procedures.size()) + ")");
  }
  return p;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] 837P generator
// ---------------------------------------------------------------------------------------------------------------
PostalAddress MakeAddress(Rng& rng, const Pools& p, bool zip9) {
  PostalAddress a;
  a.line1 = std::to_string(rng.Between(1, 9999)) + " " + rng.Pick(p.last_names) + " ST";
  if (rng.Chance(0.2)) a.line2 = "STE " + std::to_string(rng.Between(100, 999));
  a.city = rng.Pick(p.cities);
  a.state = rng.Pick(p.states);
  a.zip = Digits(rng, zip9 ? 9 : (rng.Chance(0.5) ? 9 : 5));
  return a;
}

PracticeSettings MakePractice(Rng& rng, const Pools& p) {
  PracticeSettings s;
  s.billing.name = "RIVERSIDE FAMILY MEDICINE";
  s.billing.npi = MakeNpi(rng);
  s.billing.tin = Digits(rng, 9);
  s.billing.taxonomy = "207Q00000X";
  s.billing.address = MakeAddress(rng, p, true);
  s.billing.contact_name = "BILLING OFFICE";
  s.billing.contact_phone = "2175550100";
  for (int i = 0; i < 8; ++i) {
    s.rendering.push_back({rng.Pick(p.last_names), rng.Pick(p.first_names), MakeNpi(rng), "207Q00000X"});
  }
  s.payers.push_back({"MEDICARE PART B", "00430", "MB", {}});
  s.payers.push_back({"STATE MEDICAID", "77027", "MC", {}});
  s.payers.push_back({"ACME HEALTH PLAN", "60054", "CI", {}});
  s.payers.push_back({"BLUE PLAN", "00060", "BL", {}});
  s.submitter_id = "MEDCODE0001";
  s.receiver_id = "CLEARINGHSE";
  s.receiver_name = "CLEARINGHOUSE";
  return s;
}

// One claim: 1-12 diagnoses (12 on 2%), 1-6 lines with 0-4 modifiers and 1-4 pointers, a patient who is the
// subscriber (75%) or a dependant (the 2000C patient loop), a rendering provider on 70%, dates in 2025.
BillingClaim MakeClaim(Rng& rng, const Pools& p, const PracticeSettings& practice, uint64_t n) {
  BillingClaim b;
  Claim& c = b.claim;
  c.id = "MC" + std::to_string(1000000 + n);
  const int month = rng.Between(1, 12), day = rng.Between(1, 28);
  char dos[16];
  std::snprintf(dos, sizeof dos, "2025-%02d-%02d", month, day);
  c.date_of_service = dos;
  c.header.type = ClaimType::kProfessional;
  c.header.place_of_service = rng.Pick(p.pos);
  c.header.billing = {practice.billing.npi, practice.billing.taxonomy};
  const PayerSettings& payer = practice.payers[rng.Below(static_cast<uint32_t>(practice.payers.size()))];
  c.header.payer = {payer.payer_id, payer.name};
  b.billing = practice.billing;
  b.payer = payer;
  if (rng.Chance(0.7)) {
    b.rendering = practice.rendering[rng.Below(static_cast<uint32_t>(practice.rendering.size()))];
    c.header.rendering = {b.rendering.npi, b.rendering.taxonomy};
  }
  const int diagnoses = rng.Chance(0.02) ? 12 : rng.Between(1, 4);
  while (static_cast<int>(c.coding.diagnoses.size()) < diagnoses) {
    const std::string& code = rng.Pick(p.icd);
    if (c.coding.FindDiagnosis(code) < 0) c.coding.diagnoses.push_back({code});
  }
  const int lines = rng.Between(1, 6);
  int64_t total = 0;
  for (int i = 0; i < lines; ++i) {
    ServiceLine s;
    const Procedure& proc = rng.Pick(p.procedures);
    s.code = proc.code;
    const uint32_t modifiers = rng.Chance(0.3) ? rng.Below(4) + 1 : 0;
    while (s.modifiers.size() < modifiers) {
      const std::string& m = rng.Pick(p.modifiers);
      if (std::find(s.modifiers.begin(), s.modifiers.end(), m) == s.modifiers.end()) s.modifiers.push_back(m);
    }
    s.units = rng.Chance(0.1) ? rng.Between(2, 4) : 1;
    // Charge: non-facility RVU x a 2025-like conversion factor (32.35) x a practice markup of 1.5-3, per unit.
    const int64_t per_unit = proc.rvu_hundredths * 3235 * rng.Between(150, 300) / 1000000;
    const int64_t cents = std::max<int64_t>(per_unit, 500) * s.units;
    s.charge = Money(cents);
    total += cents;
    const int pointers = std::min<int>(diagnoses, rng.Between(1, 4));
    for (int k = 1; k <= pointers; ++k) s.pointers.push_back(k);
    if (rng.Chance(0.05)) {
      char line_dos[16];
      std::snprintf(line_dos, sizeof line_dos, "2025-%02d-%02d", month, std::min(day + 1, 28));
      s.date_of_service = line_dos;
    }
    c.coding.services.push_back(std::move(s));
  }
  b.total_charge = Money(total);
  PatientInfo& pt = b.patient;
  pt.last_name = rng.Pick(p.last_names);
  pt.first_name = rng.Pick(p.first_names);
  const int age = rng.Between(0, 95);
  char birth[16];
  std::snprintf(birth, sizeof birth, "%04d-%02d-%02d", 2025 - age - 1, rng.Between(1, 12), rng.Between(1, 28));
  pt.birth_date = birth;
  pt.sex = rng.Chance(0.5) ? PatientSex::kFemale : PatientSex::kMale;
  c.header.patient_age = age;
  c.header.patient_sex = pt.sex;
  pt.address = MakeAddress(rng, p, false);
  pt.member_id = Digits(rng, 9) + static_cast<char>('A' + rng.Below(26));
  if (rng.Chance(0.25)) {  // a dependant: the subscriber is someone else, the 2000C patient loop is written
    pt.relationship = rng.Chance(0.5) ? "19" : "01";
    pt.subscriber_last_name = pt.last_name;
    pt.subscriber_first_name = rng.Pick(p.first_names);
    pt.subscriber_birth_date = "1970-05-15";
    pt.subscriber_sex = rng.Chance(0.5) ? PatientSex::kFemale : PatientSex::kMale;
    pt.subscriber_address = pt.address;
  }
  if (rng.Chance(0.3)) pt.group_number = "GRP" + Digits(rng, 6);
  if (rng.Chance(0.05)) b.prior_authorization = "PA" + Digits(rng, 8);
  if (rng.Chance(0.02)) {
    b.frequency_code = "7";
    b.original_claim_number = "ICN" + Digits(rng, 12);
  }
  return b;
}

// Writes `claims` generated claims with Write837P, one interchange per kClaimsPerInterchange claims (each of
// several ST..SE of X12837Options' default 5000 claims), appended to `path`: the file holds the batches a practice
// would send over a day, and no batch of BillingClaims larger than that is held in memory.
constexpr uint64_t kClaimsPerInterchange = 20000;

struct Generated {
  uint64_t bytes = 0, claims = 0, lines = 0, transactions = 0, interchanges = 0;
  int64_t claim_cents = 0, line_cents = 0;
};

Status Generate837(const Pools& pools, const std::string& path, uint64_t claims, unsigned seed, Generated& g) {
  Rng rng(seed);
  const PracticeSettings practice = MakePractice(rng, pools);
  std::FILE* out = std::fopen(path.c_str(), "wb");
  if (out == nullptr) return MakeError(ErrorCode::kIo, "cannot write " + path);
  std::vector<BillingClaim> batch;
  for (uint64_t n = 0; n < claims;) {
    batch.clear();
    for (; n < claims && batch.size() < kClaimsPerInterchange; ++n) {
      batch.push_back(MakeClaim(rng, pools, practice, n));
      int64_t c = 0;
      for (const ServiceLine& s : batch.back().claim.coding.services) {
        if (ToCents(s.charge, c)) g.line_cents += c;
        ++g.lines;
      }
      if (ToCents(batch.back().total_charge, c)) g.claim_cents += c;
    }
    X12837Options options = X12837OptionsFromPractice(practice);
    options.interchange_control_number = static_cast<int64_t>(g.interchanges + 1);
    options.group_control_number = static_cast<int64_t>(g.interchanges + 1);
    options.transaction_set_control_number = static_cast<int64_t>(g.transactions + 1);
    options.date = "20260115";
    options.time = "0930";
    const X12837Output written = Write837P(batch, options);
    if (!written.ok()) {
      std::fclose(out);
      return MakeError(ErrorCode::kInvalidArgument, "Write837P refused the batch: " + written.problems[0].field + ": " +
                                                         written.problems[0].message);
    }
    std::fwrite(written.text.data(), 1, written.text.size(), out);
    g.bytes += written.text.size();
    g.claims += batch.size();
    g.transactions += written.transaction_sets;
    ++g.interchanges;
  }
  std::fclose(out);
  return Status();
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] 835 generator
// ---------------------------------------------------------------------------------------------------------------
// The payer's answer to the same claims (the same seed draws the same claims): one interchange, one 835 transaction
// per 5,000 claim payments, written claim by claim with Remit835Writer and flushed to the file as it grows.
// Adjudication: 85% paid (allowed 40-75% of the charge: CO-45 for the rest; 80% of the allowed paid, PR-2
// coinsurance for the other 20%, PR-1 deductible on 10%, PR-3 copay on 5%), of which 10% with one line denied
// (CO-16/50/97/B7/96/4/18/29/204 with a RARC); 10% of claims denied whole (CLP02 4); 3% reversals (CLP02 22,
// negative amounts); a PLB on 1 transaction in 5. BPR02 = sum of CLP04 - PLB, as the guide balances it.
ClaimPayment Adjudicate(Rng& rng, const Pools& p, const BillingClaim& b, uint64_t n) {
  ClaimPayment c;
  c.patient_control_number = b.claim.id;
  c.filing_indicator = b.payer.filing_indicator;
  c.payer_claim_number = "ICN" + std::to_string(5000000000ULL + n);
  c.facility_code = b.claim.header.place_of_service;
  c.frequency_code = "1";
  c.patient_last_name = b.patient.last_name;
  c.patient_first_name = b.patient.first_name;
  c.patient_id = b.patient.member_id;
  const std::string dos = b.claim.date_of_service.substr(0, 4) + b.claim.date_of_service.substr(5, 2) +
                          b.claim.date_of_service.substr(8, 2);
  c.statement_from = c.statement_to = dos;
  const uint32_t kind = rng.Below(100);
  const bool denied = kind < 10, reversal = kind >= 10 && kind < 13;
  const bool line_denial = !denied && !reversal && rng.Chance(0.1) && b.claim.coding.services.size() > 1;
  const size_t denied_line = line_denial ? rng.Below(static_cast<uint32_t>(b.claim.coding.services.size())) : 99;
  c.status = denied ? "4" : reversal ? "22" : "1";
  const int sign = reversal ? -1 : 1;
  Cents patient = 0;
  for (size_t i = 0; i < b.claim.coding.services.size(); ++i) {
    const ServiceLine& s = b.claim.coding.services[i];
    ServicePayment l;
    l.procedure.code = s.code;
    l.procedure.modifiers = s.modifiers;
    Cents charge = 0;
    ToCents(s.charge, charge);
    l.charge = sign * charge;
    l.units = std::to_string(s.units);
    l.date = s.date_of_service.empty() ? dos
                                       : s.date_of_service.substr(0, 4) + s.date_of_service.substr(5, 2) +
                                             s.date_of_service.substr(8, 2);
    if (denied || i == denied_line) {
      l.paid = 0;
      l.adjustments.push_back({"CO", rng.Pick(p.carc_co), l.charge, ""});
      l.remarks.push_back(rng.Pick(p.rarc));
    } else {
      const Cents allowed = charge * rng.Between(40, 75) / 100;
      Cents deductible = rng.Chance(0.1) ? std::min<Cents>(allowed, 5000) : 0;
      const Cents copay = !deductible && rng.Chance(0.05) ? std::min<Cents>(allowed, 2000) : 0;
      const Cents coinsurance = (allowed - deductible - copay) / 5;
      const Cents paid = allowed - deductible - copay - coinsurance;
      l.paid = sign * paid;
      l.allowed = sign * allowed;
      if (charge - allowed) l.adjustments.push_back({"CO", "45", sign * (charge - allowed), ""});
      if (deductible) l.adjustments.push_back({"PR", "1", sign * deductible, ""});
      if (coinsurance) l.adjustments.push_back({"PR", "2", sign * coinsurance, ""});
      if (copay) l.adjustments.push_back({"PR", "3", sign * copay, ""});
      patient += sign * (deductible + coinsurance + copay);
    }
    c.charge += l.charge;
    c.paid += l.paid;
    c.lines.push_back(std::move(l));
  }
  if (!denied) c.patient_responsibility = patient;
  return c;
}

Status Generate835(const Pools& pools, const std::string& path, uint64_t claims, unsigned seed, Generated& g) {
  Rng rng(seed);  // the same draws as Generate837: the same practice and claims
  Rng payer_rng(seed + 7919);
  const PracticeSettings practice = MakePractice(rng, pools);
  std::FILE* out = std::fopen(path.c_str(), "wb");
  if (out == nullptr) return MakeError(ErrorCode::kIo, "cannot write " + path);
  X12EnvelopeOptions envelope;
  envelope.sender_id = "PAYER00430";
  envelope.receiver_id = practice.submitter_id;
  envelope.date = "20260215";
  envelope.time = "0600";
  Remit835Writer writer(envelope);
  auto flush = [&] {
    std::string& text = writer.text();
    std::fwrite(text.data(), 1, text.size(), out);
    g.bytes += text.size();
    text.clear();
  };
  constexpr uint64_t kClaimsPerTransaction = 5000;
  for (uint64_t n = 0; n < claims;) {
    Remittance r;
    r.control_number = std::to_string(1000 + g.transactions);
    r.payment_method = "ACH";
    r.payment_format = "CCP";
    r.payment_date = "20260220";
    r.trace_number = "EFT" + std::to_string(880000000 + g.transactions);
    r.trace_originator = "1" + std::string("123456789");
    r.production_date = "20260215";
    r.payer_name = "MEDICARE PART B";
    r.payer_id = "00430";
    r.payer_address = "PO BOX 1000";  // 1000A N3/N4 and PER*BL are required in the 835
    r.payer_city = "CHICAGO";
    r.payer_state = "IL";
    r.payer_zip = "60601";
    r.payer_contact_phone = "8005551234";
    r.payee_name = practice.billing.name;
    r.payee_npi = practice.billing.npi;
    Cents paid = 0;
    std::vector<ClaimPayment> payments;
    for (; n < claims && payments.size() < kClaimsPerTransaction; ++n) {
      const BillingClaim b = MakeClaim(rng, pools, practice, n);
      payments.push_back(Adjudicate(payer_rng, pools, b, n));
      paid += payments.back().paid;
    }
    if (payer_rng.Chance(0.2)) {
      r.provider_adjustments.push_back({practice.billing.npi, "20261231", {{"WO", "ICN" + std::to_string(n), 2500}}});
    }
    r.total_paid = paid;
    for (const auto& a : r.provider_adjustments) {
      for (const auto& item : a.items) r.total_paid -= item.amount;
    }
    writer.Begin(r);
    for (const ClaimPayment& c : payments) {
      writer.Claim(c);
      ++g.claims;
      g.claim_cents += c.paid;
      for (const ServicePayment& l : c.lines) ++g.lines, g.line_cents += l.paid;
      if (writer.text().size() > (1 << 20)) flush();
    }
    writer.End(r);
    ++g.transactions;
  }
  writer.Finish();
  flush();
  g.interchanges = 1;
  std::fclose(out);
  return Status();
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Reading
// ---------------------------------------------------------------------------------------------------------------
// What a read saw: the same keys as tests/interop's peer scripts print.
struct Tally {
  std::string kind;  // "837" / "835" (ST01 of the first transaction)
  uint64_t claims = 0, lines = 0, transactions = 0, segments = 0;
  int64_t claim_cents = 0, line_cents = 0;
  std::string error;  // an amount that is not one, or transactions of both kinds

  void Add(const X12Segment& s) {
    ++segments;
    const std::string_view id = s.id();
    if (id == "ST") {
      ++transactions;
      if (kind.empty()) kind = std::string(s.Element(1));
      else if (kind != s.Element(1) && error.empty()) error = "transactions of both kinds";
    } else if (id == (kind == "837" ? "CLM" : "CLP")) {
      ++claims;
      Amount(s.Element(kind == "837" ? 2 : 4), claim_cents, s);
    } else if (id == (kind == "837" ? "SV1" : "SVC")) {
      ++lines;
      Amount(s.Element(kind == "837" ? 2 : 3), line_cents, s);
    }
  }
  void Amount(std::string_view v, int64_t& sum, const X12Segment& s) {
    int64_t c = 0;
    if (ToCents(v, c)) sum += c;
    else if (error.empty()) error = "segment " + std::to_string(s.number) + ": '" + std::string(v) + "' is not an amount";
  }
  bool have_line_totals = true;  // false when the counts come from ValidateX12 (no line totals in its summary)
  std::string Json() const {
    const bool is837 = kind == "837";
    std::string line_total;
    if (have_line_totals) {
      line_total = (is837 ? ",\"line_total\":\"" : ",\"line_paid_total\":\"") + Money(line_cents) + "\"";
    }
    return "\"kind\":\"" + kind + "\",\"claims\":" + std::to_string(claims) +
           (is837 ? ",\"charge_total\":\"" : ",\"paid_total\":\"") + Money(claim_cents) +
           "\",\"lines\":" + std::to_string(lines) + line_total + ",\"transactions\":" + std::to_string(transactions) +
           ",\"segments\":" + std::to_string(segments);
  }
};

// One timed read of `path`: X12Reader::FromFile, every segment tallied. Returns the reader's error, if any.
Status ReadOnce(const std::string& path, Tally& tally, uint64_t& bytes) {
  X12Reader reader = X12Reader::FromFile(path);
  X12Segment segment;
  while (reader.Next(segment)) tally.Add(segment);
  bytes = reader.bytes_read();
  if (reader.failed()) return reader.error();
  return Status();
}

// One timed validation of `path`: ValidateX12 over X12Reader::FromFile (what the app does with an upload); the
// tally comes from the validation's own counts (sum of CLM02 for an 837P, of CLP04 for an 835).
Status ValidateOnce(const std::string& path, Tally& tally, uint64_t& bytes, uint64_t& problems, std::string& first) {
  X12Reader reader = X12Reader::FromFile(path);
  const X12Validation v = ValidateX12(reader);
  if (!v.readable) return MakeError(ErrorCode::kParse, v.problems.empty() ? "not readable" : v.problems[0].Text());
  bytes = v.bytes;
  problems = v.problem_count;
  first = v.problems.empty() ? "" : v.problems[0].Text();
  tally.kind = v.transactions.empty() ? "" : v.transactions[0].id;
  tally.claims = v.claims;
  tally.lines = v.lines;
  tally.claim_cents = tally.kind == "835" ? v.paid_cents : v.charge_cents;
  tally.transactions = v.transaction_count;
  tally.segments = v.segments;
  tally.have_line_totals = false;
  return Status();
}

// mode "validate": ValidateOnce; "read": ReadOnce (the reader alone, every segment tallied).
int Read(const std::string& path, int repeat, const std::string& mode) {
  double best_ms = 0, best_cpu = -1;
  Tally tally;
  uint64_t bytes = 0, problems = 0;
  std::string first_problem;
  for (int r = 0; r < repeat; ++r) {
    Tally t;
    const auto t0 = Clock::now();
    const double c0 = CpuMs();
    const Status st = mode == "read" ? ReadOnce(path, t, bytes) : ValidateOnce(path, t, bytes, problems, first_problem);
    const double c1 = CpuMs();
    const double ms = Ms(t0, Clock::now());
    if (!st.ok()) return Fail(path + ": " + st.error().ToString());
    if (!t.error.empty()) return Fail(path + ": " + t.error);
    if (r == 0 || ms < best_ms) best_ms = ms, best_cpu = c0 >= 0 && c1 >= 0 ? c1 - c0 : -1;
    tally = t;
  }
  const double mb = static_cast<double>(bytes) / 1e6;
  const char* what = mode == "read" ? "X12Reader::FromFile alone, segments tallied" : "ValidateX12 over X12Reader::FromFile";
  std::string problem_json;  // the first problem, JSON-escaped
  for (char ch : first_problem) {
    if (ch == '"' || ch == '\\') problem_json += '\\';
    if (static_cast<unsigned char>(ch) >= 0x20) problem_json += ch;
  }
  std::printf("BENCH {\"file\":\"%s\",\"bytes\":%llu,\"ms\":%.1f,\"cpu_ms\":%.1f,\"mb_per_s\":%.1f,"
              "\"cpu_mb_per_s\":%.1f,\"peak_rss_bytes\":%.0f,\"wasm_heap_bytes\":%.0f,\"what\":\"%s\","
              "\"problems\":%llu,\"first_problem\":\"%s\",%s}\n",
              path.c_str(), static_cast<unsigned long long>(bytes), best_ms, best_cpu, mb / (best_ms / 1000.0),
              best_cpu > 0 ? mb / (best_cpu / 1000.0) : 0.0, PeakRssBytes(), WasmHeapBytes(), what,
              static_cast<unsigned long long>(problems), problem_json.c_str(), tally.Json().c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() >= 2 && args[0] == "read") {
    return Read(args[1], args.size() > 2 ? std::max(1, std::atoi(args[2].c_str())) : 1,
                args.size() > 3 ? args[3] : "validate");
  }
  if (args.size() >= 5 && args[0] == "generate" && (args[1] == "837" || args[1] == "835")) {
    auto pack = CodeSetPack::Open(args[2]);
    if (!pack.ok()) return Fail(pack.error().ToString());
    auto pools = MakePools(*pack);
    if (!pools.ok()) return Fail(pools.error().ToString());
    const uint64_t claims = std::strtoull(args[4].c_str(), nullptr, 10);
    const unsigned seed = args.size() > 5 ? static_cast<unsigned>(std::atoi(args[5].c_str())) : 1u;
    Generated g;
    const auto t0 = Clock::now();
    const Status st = args[1] == "837" ? Generate837(*pools, args[3], claims, seed, g)
                                       : Generate835(*pools, args[3], claims, seed, g);
    if (!st.ok()) return Fail(st.error().ToString());
    const bool is837 = args[1] == "837";
    std::printf("GENERATED {\"file\":\"%s\",\"bytes\":%llu,\"kind\":\"%s\",\"claims\":%llu,\"%s\":\"%s\","
                "\"lines\":%llu,\"%s\":\"%s\",\"transactions\":%llu,\"interchanges\":%llu,\"ms\":%.0f}\n",
                args[3].c_str(), static_cast<unsigned long long>(g.bytes), args[1].c_str(),
                static_cast<unsigned long long>(g.claims), is837 ? "charge_total" : "paid_total",
                Money(g.claim_cents).c_str(), static_cast<unsigned long long>(g.lines),
                is837 ? "line_total" : "line_paid_total", Money(g.line_cents).c_str(),
                static_cast<unsigned long long>(g.transactions), static_cast<unsigned long long>(g.interchanges),
                Ms(t0, Clock::now()));
    return 0;
  }
  std::fprintf(stderr,
               "usage: medcode_bench_x12 generate 837|835 <pack> <out.x12> <claims> [seed=1]\n"
               "       medcode_bench_x12 read <file.x12> [repeat=1] [validate|read]\n");
  return 2;
}
