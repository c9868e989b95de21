// scrubber_test.cpp: every rule of the claim scrubber's catalogue (ScrubRules()) with a failing and a passing claim,
// checked as a table keyed by rule id (and the table checked against the catalogue, so a new rule without a case
// fails here); then the details a table cannot say (7th character instead of unknown, the editions, Excludes1
// attestations, the PTP fix and its bypass modifiers, sources that cite their row, report order and JSON), and bad
// input to the claim reader (malformed JSON, wrong types, missing codes) and the NPI check.
//
// Claims are written as a JSON patch (RFC 7386 merge patch: null removes a key, arrays are replaced) over one clean
// claim, so each case shows only what it changes. The scrubber runs on the real pack (MEDCODE_TEST_PACK).
#include "engine/scrubber.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "engine/claim.h"
#include "engine/codeset_pack.h"
#include "engine/codeset_ptp.h"
#include "scrub_test_util.h"

using namespace medcode::engine;

namespace {

const Date kToday{2026, 11, 27};

const Scrubber& TheScrubber() { return medcode::test::TestScrubber(); }

// A claim every rule accepts: a type 2 diabetes office visit, inside every edition the pack holds.
const char* const kCleanClaim = R"({
  "id": "T1", "claim_type": "professional", "date_of_service": "2024-08-01",
  "patient": {"age": 54, "sex": "F"},
  "billing_provider": {"npi": "1234567893", "taxonomy": "207Q00000X"},
  "payer": {"id": "00430", "name": "Medicare Part B"},
  "place_of_service": "11",
  "diagnoses": [{"code": "E11.9"}],
  "services": [{"code": "99213", "modifiers": [], "units": 1, "charge": "125.00", "pointers": [1]}]
})";

Claim MakeClaim(const std::string& patch) {
  nlohmann::json claim = nlohmann::json::parse(kCleanClaim);
  if (!patch.empty()) claim.merge_patch(nlohmann::json::parse(patch));
  auto parsed = ClaimFromJson(claim.dump(), "test claim");
  INFO(patch);
  INFO((parsed.ok() ? std::string() : parsed.error().ToString()));
  REQUIRE(parsed.ok());
  return std::move(parsed).value();
}

ScrubReport ScrubPatch(const std::string& patch) { return TheScrubber().Scrub(MakeClaim(patch), kToday); }

std::vector<ScrubFinding> Findings(const ScrubReport& report, std::string_view rule) {
  std::vector<ScrubFinding> out;
  for (const auto& f : report.findings) {
    if (f.rule == rule) out.push_back(f);
  }
  return out;
}

std::string Describe(const ScrubReport& report) {
  std::string out;
  for (const auto& f : report.findings) {
    out += "  " + f.rule + " [" + ScrubSeverityName(f.severity) + "] line " + std::to_string(f.line) + " dx " +
           std::to_string(f.diagnosis) + ": " + f.message + " | " + f.source + "\n";
  }
  return out.empty() ? "  (no findings)\n" : out;
}

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

constexpr int kAny = -2;  // a case that does not check where its finding points

// One rule, one failing claim and one passing claim (patches over kCleanClaim).
struct RuleCase {
  const char* rule;
  const char* what;     // the failing case in words
  const char* failing;  // the rule must fire (at least once)...
  const char* passing;  // ... and must not fire here
  int line = kAny;      // the service line (0-based) the failing finding points at, -1 none, kAny unchecked
  int diagnosis = kAny; // likewise for the diagnosis
  const char* severity = nullptr;  // the failing finding's severity when it is not the catalogue's
};

// The table. Several rows may test one rule; every catalogue id needs at least one (checked below).
const RuleCase kCases[] = {
    // ---- ICD-10-CM
    {"icd.unknown", "a code in no edition", R"({"diagnoses": [{"code": "E11.99"}]})", "", kAny, 0},
    {"icd.unknown", "letters that are no code", R"({"diagnoses": [{"code": "QQQ.1"}]})", "", kAny, 0},
    {"icd.seventh_character", "S72.001 without its 7th character", R"({"diagnoses": [{"code": "S72.001"}]})",
     R"({"diagnoses": [{"code": "S72.001A"}]})", kAny, 0},
    {"icd.seventh_character", "S13.4A without its placeholder X", R"({"diagnoses": [{"code": "S13.4A"}]})",
     R"({"diagnoses": [{"code": "S13.4XXA"}]})", kAny, 0},
    {"icd.seventh_character", "T39.015 without its 7th character", R"({"diagnoses": [{"code": "T39.015"}]})",
     R"({"diagnoses": [{"code": "T39.015A"}]})", kAny, 0},
    {"icd.not_valid_on_dos", "B88.01 (new in FY2025) on an FY2024 date", R"({"diagnoses": [{"code": "B88.01"}]})",
     R"({"diagnoses": [{"code": "B88.01"}], "date_of_service": "2024-10-15"})", kAny, 0},
    {"icd.not_valid_on_dos", "T81.32XA (ended after FY2024) on an FY2025 date",
     R"({"diagnoses": [{"code": "T81.32XA"}], "date_of_service": "2025-08-01"})",
     R"({"diagnoses": [{"code": "T81.32XA"}], "date_of_service": "2024-08-01"})", kAny, 0},
    {"icd.header", "E11, a category header", R"({"diagnoses": [{"code": "E11"}]})", "", kAny, 0},
    {"icd.header", "E11.6, a subcategory header",
     R"({"diagnoses": [{"code": "I10"}, {"code": "E11.6"}], "services": [{"code": "99213", "units": 1, "charge": "125.00", "pointers": [1, 2]}]})",
     "", kAny, 1},
    {"icd.edition", "a date of service in FY2023", R"({"date_of_service": "2023-05-01"})", "", kAny, kAny},
    {"icd.edition", "a date of service in FY2027", R"({"date_of_service": "2026-10-01", "services": [{"code": "99213", "units": 1, "charge": "125.00", "pointers": [1]}]})",
     R"({"date_of_service": "2026-09-30"})", kAny, kAny},
    {"icd.duplicate", "E11.9 twice",
     R"({"diagnoses": [{"code": "E11.9"}, {"code": "E11.9"}], "services": [{"code": "99213", "units": 1, "charge": "125.00", "pointers": [1]}]})",
     R"({"diagnoses": [{"code": "E11.9"}, {"code": "I10"}], "services": [{"code": "99213", "units": 1, "charge": "125.00", "pointers": [1, 2]}]})",
     kAny, 1},
    {"icd.excludes1", "type 1 and type 2 diabetes",
     R"({"diagnoses": [{"code": "E11.9"}, {"code": "E10.9"}], "services": [{"code": "99213", "units": 1, "charge": "125.00", "pointers": [1, 2]}]})",
     R"({"diagnoses": [{"code": "E11.9"}, {"code": "I10"}], "services": [{"code": "99213", "units": 1, "charge": "125.00", "pointers": [1, 2]}]})"},
    {"icd.manifestation_first", "G63 (a manifestation) first-listed",
     R"({"diagnoses": [{"code": "G63"}, {"code": "E11.9"}], "services": [{"code": "99213", "units": 1, "charge": "125.00", "pointers": [1, 2]}]})",
     R"({"diagnoses": [{"code": "E11.9"}, {"code": "G63"}], "services": [{"code": "99213", "units": 1, "charge": "125.00", "pointers": [1, 2]}]})",
     kAny, 0},
    {"icd.code_first", "F05 (code first the physiological condition) first-listed",
     R"({"diagnoses": [{"code": "F05"}, {"code": "E11.9"}], "services": [{"code": "99213", "units": 1, "charge": "125.00", "pointers": [1, 2]}]})",
     R"({"diagnoses": [{"code": "E11.9"}, {"code": "F05"}], "services": [{"code": "99213", "units": 1, "charge": "125.00", "pointers": [1, 2]}]})",
     kAny, 0},
    {"icd.external_cause_first", "W19.XXXA (a fall) first-listed",
     R"({"diagnoses": [{"code": "W19.XXXA"}, {"code": "S72.001A"}], "services": [{"code": "99213", "units": 1, "charge": "125.00", "pointers": [2]}]})",
     R"({"diagnoses": [{"code": "S72.001A"}, {"code": "W19.XXXA"}], "services": [{"code": "99213", "units": 1, "charge": "125.00", "pointers": [1]}]})",
     kAny, 0},
    {"icd.mce_sex", "C61 (male only) for a woman", R"({"diagnoses": [{"code": "C61"}]})",
     R"({"diagnoses": [{"code": "C61"}], "patient": {"sex": "M"}})", kAny, 0},
    {"icd.mce_sex", "O80 (female only) for a man", R"({"diagnoses": [{"code": "O80"}], "patient": {"age": 30, "sex": "M"}})",
     R"({"diagnoses": [{"code": "O80"}], "patient": {"age": 30, "sex": "F"}})", kAny, 0},
    {"icd.mce_age", "Z38.00 (newborn) at 5 years", R"({"diagnoses": [{"code": "Z38.00"}], "patient": {"age": 5}})",
     R"({"diagnoses": [{"code": "Z38.00"}], "patient": {"age": 0}})", kAny, 0},
    {"icd.mce_age", "O80 (maternity 9-64) at 65", R"({"diagnoses": [{"code": "O80"}], "patient": {"age": 65}})",
     R"({"diagnoses": [{"code": "O80"}], "patient": {"age": 64}})", kAny, 0},
    {"icd.demographics_missing", "O80 without an age", R"({"diagnoses": [{"code": "O80"}], "patient": {"age": null}})",
     R"({"diagnoses": [{"code": "O80"}], "patient": {"age": 30}})"},
    {"icd.demographics_missing", "C61 without a sex", R"({"diagnoses": [{"code": "C61"}], "patient": {"sex": null}})",
     R"({"diagnoses": [{"code": "E11.9"}], "patient": {"sex": null, "age": null}})"},  // no MCE edit: nothing needed
    // ---- CPT / HCPCS
    {"proc.unknown", "a code in no HCPCS/CPT list",
     R"({"services": [{"code": "ZZ999", "units": 1, "charge": "125.00", "pointers": [1]}]})", "", 0, kAny},
    {"proc.not_valid_on_dos", "A4397, terminated 2021-12-31, on 2024-08-01",
     R"({"services": [{"code": "A4397", "units": 1, "charge": "12.00", "pointers": [1]}]})",
     R"({"services": [{"code": "A4397", "units": 1, "charge": "12.00", "pointers": [1]}], "date_of_service": "2021-06-01"})",
     0, kAny},
    {"proc.not_valid_on_dos", "A9506, added 2024-07-01, on 2024-06-15",
     R"({"services": [{"code": "A9506", "units": 1, "charge": "12.00", "pointers": [1]}], "date_of_service": "2024-06-15"})",
     R"({"services": [{"code": "A9506", "units": 1, "charge": "12.00", "pointers": [1]}]})", 0, kAny},
    {"ncci.ptp.denied", "29881 with 29877 (indicator 0)",
     R"({"diagnoses": [{"code": "M23.221"}], "services": [{"code": "29881", "units": 1, "charge": "900.00", "pointers": [1]}, {"code": "29877", "units": 1, "charge": "400.00", "pointers": [1]}]})",
     R"({"diagnoses": [{"code": "M23.221"}], "services": [{"code": "29881", "units": 1, "charge": "900.00", "pointers": [1]}]})",
     1, kAny},
    {"ncci.ptp.denied", "29877 listed before 29881: still the column 2 line",
     R"({"diagnoses": [{"code": "M23.221"}], "services": [{"code": "29877", "units": 1, "charge": "400.00", "pointers": [1]}, {"code": "29881", "units": 1, "charge": "900.00", "pointers": [1]}]})",
     "", 0, kAny},
    {"ncci.ptp.modifier_needed", "29881 with 29875 (indicator 1), no modifier",
     R"({"diagnoses": [{"code": "M23.221"}], "services": [{"code": "29881", "units": 1, "charge": "900.00", "pointers": [1]}, {"code": "29875", "units": 1, "charge": "400.00", "pointers": [1]}]})",
     R"({"diagnoses": [{"code": "M23.221"}], "services": [{"code": "29881", "units": 1, "charge": "900.00", "pointers": [1]}, {"code": "29875", "modifiers": ["59"], "units": 1, "charge": "400.00", "pointers": [1]}]})",
     1, kAny},
    {"ncci.ptp.bypassed", "29881 with 29875-59",
     R"({"diagnoses": [{"code": "M23.221"}], "services": [{"code": "29881", "units": 1, "charge": "900.00", "pointers": [1]}, {"code": "29875", "modifiers": ["59"], "units": 1, "charge": "400.00", "pointers": [1]}]})",
     R"({"diagnoses": [{"code": "M23.221"}], "services": [{"code": "29881", "units": 1, "charge": "900.00", "pointers": [1]}, {"code": "29875", "units": 1, "charge": "400.00", "pointers": [1]}]})",
     1, kAny},
    {"ncci.edition", "a PTP/MUE check on 2024-06-15, before the 2024 Q3 edition", R"({"date_of_service": "2024-06-15"})",
     R"({"date_of_service": "2024-09-30"})"},
    {"ncci.edition", "a PTP/MUE check on 2024-10-01, after the 2024 Q3 edition", R"({"date_of_service": "2024-10-01"})",
     R"({"date_of_service": "2024-07-01"})"},
    {"ncci.mue.line", "A6460 (MUE 1, MAI 1): 2 units on one line",
     R"({"services": [{"code": "A6460", "units": 2, "charge": "10.00", "pointers": [1]}]})",
     R"({"services": [{"code": "A6460", "units": 1, "charge": "10.00", "pointers": [1]}, {"code": "A6460", "modifiers": ["RT"], "units": 1, "charge": "10.00", "pointers": [1]}]})",
     0, kAny},  // MAI 1 counts each line alone: two lines of 1 pass
    {"ncci.mue.day", "29881 (MUE 1, MAI 2): 2 units",
     R"({"diagnoses": [{"code": "M23.221"}], "services": [{"code": "29881", "units": 2, "charge": "900.00", "pointers": [1]}]})",
     R"({"diagnoses": [{"code": "M23.221"}], "services": [{"code": "29881", "units": 1, "charge": "900.00", "pointers": [1]}]})"},
    {"ncci.mue.day", "29881 (MUE 1, MAI 2): two lines of 1 unit on one date",
     R"({"diagnoses": [{"code": "M23.221"}], "services": [{"code": "29881", "modifiers": ["RT"], "units": 1, "charge": "900.00", "pointers": [1]}, {"code": "29881", "modifiers": ["LT"], "units": 1, "charge": "900.00", "pointers": [1]}]})",
     R"({"diagnoses": [{"code": "M23.221"}], "services": [{"code": "29881", "modifiers": ["RT"], "units": 1, "charge": "900.00", "pointers": [1]}, {"code": "29881", "modifiers": ["LT"], "units": 1, "charge": "900.00", "pointers": [1], "date_of_service": "2024-08-02"}]})"},
    {"ncci.mue.day_appealable", "99213 (MUE 2, MAI 3): 3 units",
     R"({"services": [{"code": "99213", "units": 3, "charge": "125.00", "pointers": [1]}]})",
     R"({"services": [{"code": "99213", "units": 2, "charge": "125.00", "pointers": [1]}]})"},
    {"ncci.mue.not_payable", "E0601 (MUE 0 for practitioners) on a professional claim",
     R"({"diagnoses": [{"code": "G47.33"}], "services": [{"code": "E0601", "units": 1, "charge": "90.00", "pointers": [1]}]})",
     R"({"diagnoses": [{"code": "G47.33"}], "claim_type": "dme_supplier", "place_of_service": "12", "services": [{"code": "E0601", "units": 1, "charge": "90.00", "pointers": [1]}]})",
     0, kAny},
    {"ncci.addon.primary_missing", "22552 (type 1) without 22551",
     R"({"diagnoses": [{"code": "M50.20"}], "services": [{"code": "22552", "units": 1, "charge": "900.00", "pointers": [1]}]})",
     R"({"diagnoses": [{"code": "M50.20"}], "services": [{"code": "22551", "units": 1, "charge": "900.00", "pointers": [1]}, {"code": "22552", "units": 1, "charge": "900.00", "pointers": [1]}]})",
     0, kAny},
    {"ncci.addon.primary_missing", "20701 (type 3: some primaries listed) without one: a warning",
     R"({"diagnoses": [{"code": "M86.9"}], "services": [{"code": "20701", "units": 1, "charge": "300.00", "pointers": [1]}]})",
     R"({"diagnoses": [{"code": "M86.9"}], "services": [{"code": "11010", "units": 1, "charge": "300.00", "pointers": [1]}, {"code": "20701", "units": 1, "charge": "300.00", "pointers": [1]}]})",
     0, kAny, "warning"},
    {"modifier.unknown", "modifier ZZ",
     R"({"services": [{"code": "99213", "modifiers": ["ZZ"], "units": 1, "charge": "125.00", "pointers": [1]}]})",
     R"({"services": [{"code": "99213", "modifiers": ["25"], "units": 1, "charge": "125.00", "pointers": [1]}]})", 0,
     kAny},
    {"modifier.duplicate", "25 twice on a line",
     R"({"services": [{"code": "99213", "modifiers": ["25", "25"], "units": 1, "charge": "125.00", "pointers": [1]}]})",
     R"({"services": [{"code": "99213", "modifiers": ["25", "GT"], "units": 1, "charge": "125.00", "pointers": [1]}]})",
     0, kAny},
    {"modifier.too_many", "5 modifiers on a line",
     R"({"services": [{"code": "99213", "modifiers": ["25", "GT", "Q5", "GA", "GY"], "units": 1, "charge": "125.00", "pointers": [1]}]})",
     R"({"services": [{"code": "99213", "modifiers": ["25", "GT", "Q5", "GA"], "units": 1, "charge": "125.00", "pointers": [1]}]})",
     0, kAny},
    {"line.duplicate", "99213 twice, same modifiers and date",
     R"({"services": [{"code": "99213", "units": 1, "charge": "125.00", "pointers": [1]}, {"code": "99213", "units": 1, "charge": "125.00", "pointers": [1]}]})",
     R"({"services": [{"code": "99213", "units": 1, "charge": "125.00", "pointers": [1]}, {"code": "99213", "units": 1, "charge": "125.00", "pointers": [1], "date_of_service": "2024-08-02"}]})"},
    {"line.duplicate", "99213 on the claim's date and again with that date written on the line",
     R"({"services": [{"code": "99213", "units": 1, "charge": "125.00", "pointers": [1]}, {"code": "99213", "units": 1, "charge": "125.00", "pointers": [1], "date_of_service": "2024-08-01"}]})",
     R"({"services": [{"code": "99213", "units": 1, "charge": "125.00", "pointers": [1]}, {"code": "99213", "modifiers": ["76"], "units": 1, "charge": "125.00", "pointers": [1]}]})"},
    // ---- Claim
    {"claim.dos.missing", "no date of service", R"({"date_of_service": null})", "", -1, -1},
    {"claim.dos.invalid", "February 30", R"({"date_of_service": "2024-02-30"})", R"({"date_of_service": "2024-02-29"})"},
    {"claim.dos.invalid", "a line date in month 13",
     R"({"services": [{"code": "99213", "units": 1, "charge": "125.00", "pointers": [1], "date_of_service": "2024-13-01"}]})",
     R"({"services": [{"code": "99213", "units": 1, "charge": "125.00", "pointers": [1], "date_of_service": "2024-08-02"}]})",
     0, kAny},
    {"claim.dos.future", "the day after today", R"({"date_of_service": "2026-11-28"})",
     R"({"date_of_service": "2026-11-27"})"},
    {"claim.dos.future", "a line dated after today",
     R"({"services": [{"code": "99213", "units": 1, "charge": "125.00", "pointers": [1], "date_of_service": "2027-01-05"}]})",
     "", 0, kAny},
    {"claim.npi.missing", "no billing NPI", R"({"billing_provider": {"npi": ""}})", "", -1, -1},
    {"claim.npi.missing", "no billing provider", R"({"billing_provider": null})", "", -1, -1},
    {"claim.npi.invalid", "a billing NPI with a wrong check digit", R"({"billing_provider": {"npi": "1234567890"}})",
     R"({"billing_provider": {"npi": "1999999992"}})", -1, -1},
    {"claim.npi.invalid", "a rendering NPI of 9 digits", R"({"rendering_provider": {"npi": "123456789"}})",
     R"({"rendering_provider": {"npi": "2000000002"}})", -1, -1},
    {"claim.pos.missing", "no place of service", R"({"place_of_service": null})", "", -1, -1},
    {"claim.pos.invalid", "POS 29, unassigned", R"({"place_of_service": "29"})", R"({"place_of_service": "22"})", -1, -1},
    {"claim.pos.invalid", "POS 00, no code", R"({"place_of_service": "00"})", R"({"place_of_service": "99"})", -1, -1},
    {"claim.diagnosis.missing", "no diagnosis",
     R"({"diagnoses": [], "services": [{"code": "99213", "units": 1, "charge": "125.00"}]})", ""},
    {"claim.diagnosis.too_many", "13 diagnoses",
     R"({"diagnoses": [{"code": "E11.9"}, {"code": "I10"}, {"code": "E78.5"}, {"code": "J45.909"}, {"code": "K21.9"}, {"code": "M54.50"}, {"code": "N39.0"}, {"code": "R51.9"}, {"code": "Z79.4"}, {"code": "F41.1"}, {"code": "G47.33"}, {"code": "E66.9"}, {"code": "R05.9"}]})",
     R"({"diagnoses": [{"code": "E11.9"}, {"code": "I10"}, {"code": "E78.5"}, {"code": "J45.909"}, {"code": "K21.9"}, {"code": "M54.50"}, {"code": "N39.0"}, {"code": "R51.9"}, {"code": "Z79.4"}, {"code": "F41.1"}, {"code": "G47.33"}, {"code": "E66.9"}]})"},
    {"claim.lines.missing", "no service line", R"({"services": []})", ""},
    {"claim.pointer.missing", "a line without pointers",
     R"({"services": [{"code": "99213", "units": 1, "charge": "125.00", "pointers": []}]})", "", 0, kAny},
    {"claim.pointer.invalid", "pointer 2 with one diagnosis",
     R"({"services": [{"code": "99213", "units": 1, "charge": "125.00", "pointers": [2]}]})", "", 0, kAny},
    {"claim.pointer.invalid", "pointer 0",
     R"({"services": [{"code": "99213", "units": 1, "charge": "125.00", "pointers": [0]}]})", "", 0, kAny},
    {"claim.pointer.too_many", "5 pointers",
     R"({"diagnoses": [{"code": "E11.9"}, {"code": "I10"}, {"code": "E78.5"}, {"code": "K21.9"}, {"code": "N39.0"}], "services": [{"code": "99213", "units": 1, "charge": "125.00", "pointers": [1, 2, 3, 4, 5]}]})",
     R"({"diagnoses": [{"code": "E11.9"}, {"code": "I10"}, {"code": "E78.5"}, {"code": "K21.9"}, {"code": "N39.0"}], "services": [{"code": "99213", "units": 1, "charge": "125.00", "pointers": [1, 2, 3, 4]}]})",
     0, kAny},
    {"claim.pointer.duplicate", "pointer 1 twice",
     R"({"services": [{"code": "99213", "units": 1, "charge": "125.00", "pointers": [1, 1]}]})", "", 0, kAny},
    {"claim.units.invalid", "0 units", R"({"services": [{"code": "99213", "units": 0, "charge": "125.00", "pointers": [1]}]})",
     "", 0, kAny},
    {"claim.units.invalid", "-1 units",
     R"({"services": [{"code": "99213", "units": -1, "charge": "125.00", "pointers": [1]}]})", "", 0, kAny},
    {"claim.charge.missing", "a line without a charge", R"({"services": [{"code": "99213", "units": 1, "pointers": [1]}]})",
     "", 0, kAny},
    {"claim.charge.invalid", "a negative charge",
     R"({"services": [{"code": "99213", "units": 1, "charge": "-5.00", "pointers": [1]}]})",
     R"({"services": [{"code": "99213", "units": 1, "charge": "125", "pointers": [1]}]})", 0, kAny},
    {"claim.charge.invalid", "a charge of 0", R"({"services": [{"code": "99213", "units": 1, "charge": "0.00", "pointers": [1]}]})",
     R"({"services": [{"code": "99213", "units": 1, "charge": "0.01", "pointers": [1]}]})", 0, kAny},
    {"claim.charge.invalid", "three decimals",
     R"({"services": [{"code": "99213", "units": 1, "charge": "12.345", "pointers": [1]}]})",
     R"({"services": [{"code": "99213", "units": 1, "charge": "12.5", "pointers": [1]}]})", 0, kAny},
    {"claim.charge.invalid", "not a number", R"({"services": [{"code": "99213", "units": 1, "charge": "abc", "pointers": [1]}]})",
     "", 0, kAny},
};

// Every finding of every report: a coder can act on it (message, fix) and check it (source).
void CheckExplained(const ScrubReport& report) {
  for (const auto& f : report.findings) {
    INFO(f.rule);
    CHECK(FindScrubRule(f.rule) != nullptr);
    CHECK_FALSE(f.message.empty());
    CHECK_FALSE(f.fix.empty());
    CHECK_FALSE(f.source.empty());
  }
  int errors = 0, warnings = 0, infos = 0;
  for (const auto& f : report.findings) {
    (f.severity == ScrubSeverity::kError ? errors : f.severity == ScrubSeverity::kWarning ? warnings : infos)++;
  }
  CHECK(report.errors == errors);
  CHECK(report.warnings == warnings);
  CHECK(report.infos == infos);
  // Errors first, then warnings, then info.
  const auto by_severity = [](const ScrubFinding& a, const ScrubFinding& b) {
    return static_cast<int>(a.severity) < static_cast<int>(b.severity);
  };
  CHECK(std::is_sorted(report.findings.begin(), report.findings.end(), by_severity));
}

}  // namespace

TEST_CASE("the clean claim the rule cases start from has no findings", "[scrub]") {
  const ScrubReport report = ScrubPatch("");
  INFO(Describe(report));
  CHECK(report.findings.empty());
  CHECK(report.clean());
}

TEST_CASE("every rule of the catalogue: a failing case fires it, a passing case does not", "[scrub]") {
  for (const RuleCase& c : kCases) {
    const ScrubRule* rule = FindScrubRule(c.rule);
    INFO(c.rule << ": " << c.what);
    REQUIRE(rule != nullptr);

    const ScrubReport failing = ScrubPatch(c.failing);
    INFO("failing claim's findings:\n" << Describe(failing));
    const auto fired = Findings(failing, c.rule);
    CHECK_FALSE(fired.empty());
    CheckExplained(failing);
    if (!fired.empty()) {
      const ScrubFinding& f = fired.front();
      CHECK(std::string(ScrubSeverityName(f.severity)) ==
            std::string(c.severity ? c.severity : ScrubSeverityName(rule->severity)));
      if (c.line != kAny) CHECK(f.line == c.line);
      if (c.diagnosis != kAny) CHECK(f.diagnosis == c.diagnosis);
    }
    if (rule->severity != ScrubSeverity::kInfo && !c.severity) CHECK_FALSE(failing.clean());

    const ScrubReport passing = ScrubPatch(c.passing);
    INFO("passing claim's findings:\n" << Describe(passing));
    CHECK(Findings(passing, c.rule).empty());
    CheckExplained(passing);
  }
}

TEST_CASE("every catalogue rule has a failing case in this file, and every case names a catalogue rule", "[scrub]") {
  std::set<std::string> covered;
  for (const RuleCase& c : kCases) {
    INFO(c.rule);
    CHECK(FindScrubRule(c.rule) != nullptr);
    CHECK(std::string(c.failing).size() > 2);
    covered.insert(c.rule);
  }
  std::set<std::string> ids;
  for (const ScrubRule& r : ScrubRules()) {
    INFO(r.id);
    CHECK(covered.count(std::string(r.id)) == 1);
    CHECK(ids.insert(std::string(r.id)).second);  // ids are unique
    CHECK_FALSE(r.what.empty());
    CHECK_FALSE(r.source.empty());
    CHECK(FindScrubRule(r.id) == &r);
  }
  CHECK(ids.size() >= 45);
  CHECK(FindScrubRule("icd.nonsense") == nullptr);
  // Grouped ICD-10-CM, CPT/HCPCS, claim, in that order.
  auto group = [](std::string_view id) {
    return id.rfind("icd.", 0) == 0 ? 0 : id.rfind("claim.", 0) == 0 ? 2 : 1;
  };
  CHECK(std::is_sorted(ScrubRules().begin(), ScrubRules().end(),
                       [&](const ScrubRule& a, const ScrubRule& b) { return group(a.id) < group(b.id); }));
}

TEST_CASE("a code the 7th-character rule explains is icd.seventh_character, not icd.unknown", "[scrub]") {
  for (const char* code : {"S72.001", "S13.4A", "T39.015", "S72.001Z"}) {
    INFO(code);
    const ScrubReport report = ScrubPatch(std::string(R"({"diagnoses": [{"code": ")") + code + R"("}]})");
    INFO(Describe(report));
    CHECK(Findings(report, "icd.seventh_character").size() == 1);
    CHECK(Findings(report, "icd.unknown").empty());
    CHECK(Findings(report, "icd.header").empty());
  }
  // A code that is simply not there is unknown, and only that.
  const ScrubReport unknown = ScrubPatch(R"({"diagnoses": [{"code": "E11.99"}]})");
  CHECK(Findings(unknown, "icd.unknown").size() == 1);
  CHECK(Findings(unknown, "icd.seventh_character").empty());
  CHECK(Findings(unknown, "icd.not_valid_on_dos").empty());
}

TEST_CASE("outside the ICD-10-CM editions the scrubber says so instead of judging validity", "[scrub]") {
  for (const char* dos : {"2023-09-30", "2026-10-01", "2019-01-15"}) {
    INFO(dos);
    const ScrubReport report = ScrubPatch(std::string(R"({"date_of_service": ")") + dos +
                                          R"(", "diagnoses": [{"code": "E11"}, {"code": "B88.01"}, {"code": "T81.32XA"}],
                                             "services": [{"code": "99213", "units": 1, "charge": "125.00", "pointers": [1, 2, 3]}]})");
    INFO(Describe(report));
    const auto edition = Findings(report, "icd.edition");
    REQUIRE(edition.size() == 1);
    CHECK(edition[0].severity == ScrubSeverity::kWarning);
    CHECK(Contains(edition[0].message, "FY"));
    CHECK(Findings(report, "icd.header").empty());
    CHECK(Findings(report, "icd.not_valid_on_dos").empty());
  }
  // The editions' own edges: FY2024 starts 2023-10-01, FY2026 ends 2026-09-30.
  for (const char* dos : {"2023-10-01", "2026-09-30"}) {
    INFO(dos);
    CHECK(Findings(ScrubPatch(std::string(R"({"date_of_service": ")") + dos + "\"}"), "icd.edition").empty());
  }
}

TEST_CASE("Excludes1: a warning naming both codes, accepted by an attestation of unrelated conditions", "[scrub]") {
  const std::string pair = R"("diagnoses": [{"code": "E11.9"}, {"code": "E10.9"}],
      "services": [{"code": "99213", "units": 1, "charge": "125.00", "pointers": [1, 2]}])";
  const ScrubReport report = ScrubPatch("{" + pair + "}");
  INFO(Describe(report));
  const auto found = Findings(report, "icd.excludes1");
  REQUIRE(found.size() == 1);  // one finding per pair, not one per direction
  const ScrubFinding& f = found[0];
  CHECK(f.severity == ScrubSeverity::kWarning);
  CHECK(f.attestation_subject == "E10.9|E11.9");  // sorted, whichever is listed first
  CHECK_FALSE(f.attested);
  CHECK(std::set<int>{f.diagnosis, f.other} == std::set<int>{0, 1});
  CHECK(Contains(f.message, "E10.9"));
  CHECK(Contains(f.message, "E11.9"));
  CHECK_FALSE(report.clean());

  // Attested: info, marked attested, and the claim is clean.
  const ScrubReport attested = ScrubPatch(
      "{" + pair + R"(, "attestations": [{"rule": "icd.excludes1", "subject": "E10.9|E11.9", "by": "jdoe", "at": "2026-11-27T15:00:00Z"}]})");
  INFO(Describe(attested));
  const auto accepted = Findings(attested, "icd.excludes1");
  REQUIRE(accepted.size() == 1);
  CHECK(accepted[0].severity == ScrubSeverity::kInfo);
  CHECK(accepted[0].attested);
  CHECK(accepted[0].attestation_subject == "E10.9|E11.9");
  CHECK(attested.clean());
  CHECK(attested.infos >= 1);

  // An attestation for another subject or rule accepts nothing.
  for (const char* other : {R"({"rule": "icd.excludes1", "subject": "E11.9|E10.9", "by": "jdoe", "at": "x"})",
                            R"({"rule": "icd.duplicate", "subject": "E10.9|E11.9", "by": "jdoe", "at": "x"})"}) {
    INFO(other);
    const auto still = Findings(ScrubPatch("{" + pair + R"(, "attestations": [)" + other + "]}"), "icd.excludes1");
    REQUIRE(still.size() == 1);
    CHECK(still[0].severity == ScrubSeverity::kWarning);
    CHECK_FALSE(still[0].attested);
  }
}

TEST_CASE("NCCI PTP: the column 2 line, the add-59 fix, the bypass modifiers and the two settings", "[scrub]") {
  const std::string dx = R"("diagnoses": [{"code": "M23.221"}])";
  auto lines = [&](const char* m1, const char* m2) {
    return "{" + dx + R"(, "services": [{"code": "29881", "modifiers": )" + m1 +
           R"(, "units": 1, "charge": "900.00", "pointers": [1]}, {"code": "29875", "modifiers": )" + m2 +
           R"(, "units": 1, "charge": "400.00", "pointers": [1]}]})";
  };
  // Indicator 1, no modifier: modifier_needed on 29875 (line 1) with the fix "add 59 to line 1".
  const ScrubReport needed = ScrubPatch(lines("[]", "[]"));
  INFO(Describe(needed));
  const auto f = Findings(needed, "ncci.ptp.modifier_needed");
  REQUIRE(f.size() == 1);
  CHECK(f[0].line == 1);
  CHECK(f[0].other == 0);
  CHECK(f[0].action.kind == ScrubFix::Kind::kAddModifier);
  CHECK(f[0].action.line == 1);
  CHECK(f[0].action.modifier == "59");
  CHECK_FALSE(f[0].action.label.empty());
  CHECK(Contains(f[0].source, "29881"));
  CHECK(Contains(f[0].source, "29875"));
  CHECK(Contains(f[0].source, "indicator 1"));
  CHECK(Contains(f[0].source, kPtpEdition));
  CHECK(Contains(f[0].source, "practitioner"));
  CHECK(Findings(needed, "ncci.ptp.bypassed").empty());

  // Bypassed by 59 or XS on the column 2 line, or by different anatomic modifiers on the two lines: info only.
  for (auto [m1, m2] : {std::pair{"[]", R"(["59"])"}, {"[]", R"(["XS"])"}, {R"(["RT"])", R"(["LT"])"},
                        {"[]", R"(["XU"])"}}) {
    INFO(m1 << " / " << m2);
    const ScrubReport bypassed = ScrubPatch(lines(m1, m2));
    INFO(Describe(bypassed));
    CHECK(Findings(bypassed, "ncci.ptp.modifier_needed").empty());
    const auto b = Findings(bypassed, "ncci.ptp.bypassed");
    REQUIRE(b.size() == 1);
    CHECK(b[0].severity == ScrubSeverity::kInfo);
    CHECK(b[0].line == 1);
    CHECK(b[0].action.kind == ScrubFix::Kind::kNone);
  }
  // The same anatomic modifier on both lines is one site: no bypass. A modifier that bypasses nothing neither, and
  // 25 / 57 bypass only on an E/M line (29881/29875 are procedures).
  for (auto [m1, m2] : {std::pair{R"(["RT"])", R"(["RT"])"}, {"[]", R"(["GA"])"}, {"[]", R"(["25"])"},
                        {R"(["57"])", "[]"}}) {
    INFO(m1 << " / " << m2);
    const ScrubReport same = ScrubPatch(lines(m1, m2));
    INFO(Describe(same));
    CHECK(Findings(same, "ncci.ptp.modifier_needed").size() == 1);
    CHECK(Findings(same, "ncci.ptp.bypassed").empty());
  }
  // Indicator 0: 59 changes nothing, the column 2 line stays denied and no modifier is offered.
  const ScrubReport denied = ScrubPatch("{" + dx + R"(, "services": [
      {"code": "29881", "units": 1, "charge": "900.00", "pointers": [1]},
      {"code": "29877", "modifiers": ["59"], "units": 1, "charge": "400.00", "pointers": [1]}]})");
  INFO(Describe(denied));
  const auto d = Findings(denied, "ncci.ptp.denied");
  REQUIRE(d.size() == 1);
  CHECK(d[0].line == 1);
  CHECK(d[0].action.kind == ScrubFix::Kind::kNone);
  CHECK(Contains(d[0].source, "29877"));
  CHECK(Contains(d[0].source, "indicator 0"));
  CHECK(Findings(denied, "ncci.ptp.bypassed").empty());

  // 99213 / 0469T: indicator 0 for practitioners, 1 in the outpatient hospital table (by claim type).
  const std::string pair = R"("services": [{"code": "99213", "units": 1, "charge": "125.00", "pointers": [1]},
      {"code": "0469T", "units": 1, "charge": "50.00", "pointers": [1]}])";
  const ScrubReport professional = ScrubPatch("{" + pair + "}");
  // 25 on the E/M line of an indicator-1 pair bypasses (99213 / 20610, practitioner).
  const ScrubReport em = ScrubPatch("{" + dx + R"(, "services": [
      {"code": "20610", "units": 1, "charge": "90.00", "pointers": [1]},
      {"code": "99213", "modifiers": ["25"], "units": 1, "charge": "125.00", "pointers": [1]}]})");
  INFO(Describe(em));
  CHECK(Findings(em, "ncci.ptp.bypassed").size() == 1);
  CHECK(Findings(em, "ncci.ptp.modifier_needed").empty());
  INFO(Describe(professional));
  CHECK(Findings(professional, "ncci.ptp.denied").size() == 1);
  CHECK(Findings(professional, "ncci.ptp.modifier_needed").empty());
  const ScrubReport hospital = ScrubPatch(R"({"claim_type": "outpatient_hospital", "place_of_service": "22", )" + pair + "}");
  INFO(Describe(hospital));
  CHECK(Findings(hospital, "ncci.ptp.denied").empty());
  const auto h = Findings(hospital, "ncci.ptp.modifier_needed");
  REQUIRE(h.size() == 1);
  CHECK(Contains(h[0].source, "outpatient"));

  // Lines on different dates are not a pair; nor is a pair whose edit was deleted before the date of service
  // (0007U/0328U: indicator 0 until 2023-06-30, then indicator 1).
  const ScrubReport apart = ScrubPatch("{" + dx + R"(, "services": [
      {"code": "29881", "units": 1, "charge": "900.00", "pointers": [1]},
      {"code": "29877", "units": 1, "charge": "400.00", "pointers": [1], "date_of_service": "2024-08-02"}]})");
  CHECK(Findings(apart, "ncci.ptp.denied").empty());
  auto history = [](const char* dos) {
    return ScrubPatch(std::string(R"({"date_of_service": ")") + dos + R"(", "services": [
        {"code": "0007U", "units": 1, "charge": "90.00", "pointers": [1]},
        {"code": "0328U", "units": 1, "charge": "90.00", "pointers": [1]}]})");
  };
  CHECK(Findings(history("2023-06-30"), "ncci.ptp.denied").size() == 1);
  CHECK(Findings(history("2023-07-01"), "ncci.ptp.denied").empty());
  CHECK(Findings(history("2023-07-01"), "ncci.ptp.modifier_needed").size() == 1);
}

TEST_CASE("ncci.edition: only when a PTP or MUE check ran on a date outside 2024 Q3", "[scrub]") {
  const ScrubReport outside = ScrubPatch(R"({"date_of_service": "2025-03-03"})");
  INFO(Describe(outside));
  const auto e = Findings(outside, "ncci.edition");
  REQUIRE(e.size() == 1);
  CHECK(e[0].severity == ScrubSeverity::kWarning);
  CHECK(Contains(e[0].message + e[0].source, kPtpEdition));
  // No service line: no PTP or MUE check ran, nothing to say about the NCCI edition. (A line whose code NCCI has no
  // edit for, e.g. ZZ999, still gets the warning: the scrubber counts the lookup as a check; not tested either way.)
  const ScrubReport unchecked = ScrubPatch(R"({"date_of_service": "2025-03-03", "services": []})");
  INFO(Describe(unchecked));
  CHECK(Findings(unchecked, "claim.lines.missing").size() == 1);
  CHECK(Findings(unchecked, "ncci.edition").empty());
}

TEST_CASE("MUE and add-on findings cite their row: code, units, MAI or primaries, edition", "[scrub]") {
  const ScrubReport visit = ScrubPatch(R"({"services": [{"code": "99213", "units": 3, "charge": "125.00", "pointers": [1]}]})");
  INFO(Describe(visit));
  const auto mue = Findings(visit, "ncci.mue.day_appealable");
  REQUIRE(mue.size() == 1);
  CHECK(mue[0].line == 0);
  CHECK(Contains(mue[0].source, "99213"));
  CHECK(Contains(mue[0].source, "2"));  // the MUE
  CHECK(Contains(mue[0].source, "MAI 3"));
  CHECK(Contains(mue[0].source, kPtpEdition));
  CHECK(Contains(mue[0].source, "practitioner"));

  // MAI 2 over two lines: one finding for the date, not one per line.
  const ScrubReport two_lines = ScrubPatch(R"({"diagnoses": [{"code": "M23.221"}], "services": [
      {"code": "29881", "modifiers": ["RT"], "units": 1, "charge": "900.00", "pointers": [1]},
      {"code": "29881", "modifiers": ["LT"], "units": 1, "charge": "900.00", "pointers": [1]}]})");
  INFO(Describe(two_lines));
  const auto day = Findings(two_lines, "ncci.mue.day");
  REQUIRE(day.size() == 1);
  CHECK(Contains(day[0].source, "MAI 2"));
  CHECK(Findings(two_lines, "ncci.mue.line").empty());

  const ScrubReport add_on = ScrubPatch(R"({"diagnoses": [{"code": "M50.20"}], "services": [{"code": "22552", "units": 1, "charge": "900.00", "pointers": [1]}]})");
  INFO(Describe(add_on));
  const auto a = Findings(add_on, "ncci.addon.primary_missing");
  REQUIRE(a.size() == 1);
  CHECK(a[0].severity == ScrubSeverity::kError);
  CHECK(Contains(a[0].source, "22552"));
  CHECK(Contains(a[0].message + a[0].fix + a[0].source, "22551"));  // names a primary to report
}

TEST_CASE("the scrubber reuses a report, and its JSON carries every field", "[scrub]") {
  ScrubReport report;
  TheScrubber().Scrub(MakeClaim(R"({"services": [{"code": "99213", "units": 0, "charge": "x", "pointers": [1]}]})"),
                      kToday, report);
  CHECK(report.errors >= 2);
  TheScrubber().Scrub(MakeClaim(""), kToday, report);
  CHECK(report.findings.empty());  // cleared first
  CHECK(report.errors + report.warnings + report.infos == 0);

  const std::string dx = R"("diagnoses": [{"code": "M23.221"}])";
  const ScrubReport ptp = ScrubPatch("{" + dx + R"(, "services": [
      {"code": "29881", "units": 1, "charge": "900.00", "pointers": [1]},
      {"code": "29875", "units": 1, "charge": "400.00", "pointers": [1]}]})");
  const auto json = nlohmann::json::parse(ScrubReportToJson("C9", ptp));
  CHECK(json["id"] == "C9");
  CHECK(json["errors"] == ptp.errors);
  CHECK(json["warnings"] == ptp.warnings);
  CHECK(json["infos"] == ptp.infos);
  REQUIRE(json["findings"].size() == ptp.findings.size());
  bool saw_action = false;
  for (const auto& f : json["findings"]) {
    CHECK(f.contains("rule"));
    CHECK(f.contains("message"));
    CHECK(f.contains("fix"));
    CHECK(f.contains("source"));
    if (f["rule"] == "ncci.ptp.modifier_needed") {
      saw_action = true;
      CHECK(f["line"] == 1);
      CHECK(f["action"]["kind"] == "add_modifier");
      CHECK(f["action"]["modifier"] == "59");
      CHECK(f["action"]["line"] == 1);
    }
  }
  CHECK(saw_action);
}

TEST_CASE("the claim reader refuses bad input with the field named, never a crash", "[scrub][claim]") {
  struct BadInput {
    const char* json;
    const char* message;  // a part of the error message
  };
  const BadInput cases[] = {
      {"{", "claim: not valid JSON at line 1"},
      {"", "claim: not valid JSON"},
      {"{\"id\": \"C1\",\n \"services\": [1,]}", "not valid JSON at line 2"},
      {"[1, 2]", "claim: expected an object"},
      {"\"E11.9\"", "claim: expected an object"},
      {R"({"id": ["C1"]})", "id: expected a string"},
      {R"({"date_of_service": 20240801})", "date_of_service: expected a string"},
      {R"({"claim_type": "inpatient"})", "claim_type: \"inpatient\" is not a claim type"},
      {R"({"patient": {"age": "54"}})", "patient.age: expected a whole number"},
      {R"({"patient": {"age": 54.5}})", "patient.age: expected a whole number"},
      {R"({"patient": {"age": -1}})", "patient.age: must be 0-130 years"},
      {R"({"patient": {"sex": "X"}})", "patient.sex: \"X\" is not F, M or U"},
      {R"({"patient": "F"})", "patient: expected an object"},
      {R"({"billing_provider": "1234567893"})", "billing_provider: expected an object"},
      {R"({"billing_provider": {"npi": 1234567893}})", "billing_provider.npi: expected a string"},
      {R"({"place_of_service": 111})", "place_of_service: expected two digits"},
      {R"({"diagnoses": "E11.9"})", "diagnoses: expected an array"},
      {R"({"diagnoses": ["E11.9"]})", "diagnoses[0]: expected an object"},
      {R"({"diagnoses": [{}]})", "diagnoses[0].code: missing"},
      {R"({"diagnoses": [{"code": "E11.9"}, {"code": 119}]})", "diagnoses[1].code: expected a string"},
      {R"({"services": [{"units": 1}]})", "services[0].code: missing"},
      {R"({"services": [{"code": "99213"}, {"code": ""}]})", "services[1].code: missing"},
      {R"({"services": [{"code": "99213", "units": "1"}]})", "services[0].units: expected a whole number"},
      {R"({"services": [{"code": "99213", "units": 1.5}]})", "services[0].units: expected a whole number"},
      {R"({"services": [{"code": "99213", "charge": 125}]})", "services[0].charge: expected a string"},
      {R"({"services": [{"code": "99213", "modifiers": "25"}]})", "services[0].modifiers: expected an array"},
      {R"({"services": [{"code": "99213", "modifiers": [25]}]})", "services[0].modifiers: expected an array"},
      {R"({"services": [{"code": "99213", "pointers": ["1"]}]})", "services[0].pointers: expected an array of numbers"},
      {R"({"attestations": [{"rule": "icd.excludes1"}]})", "attestations[0].subject: missing"},
  };
  for (const auto& c : cases) {
    INFO(c.json);
    auto claim = ClaimFromJson(c.json, "claims.json, claim 3");
    REQUIRE_FALSE(claim.ok());
    INFO(claim.error().ToString());
    CHECK(claim.error().code == ErrorCode::kParse);
    CHECK(Contains(claim.error().message, c.message));
    CHECK(claim.error().where == "claims.json, claim 3");
  }
  // The batch reader names the claim by position and id.
  auto batch = ClaimsFromJson(R"([{"id": "A"}, {"id": "B", "services": [{"code": "99213"}, {"code": "99214", "units": "x"}]}])",
                              "claims.json");
  REQUIRE_FALSE(batch.ok());
  CHECK(batch.error().where == "claims.json, claim 2 (id B)");
  CHECK(batch.error().message == "services[1].units: expected a whole number");
  auto wrapped = ClaimsFromJson(R"({"claims": [{"id": "A"}, {"id": "B"}]})", "x");
  REQUIRE(wrapped.ok());
  CHECK(wrapped->size() == 2);
  auto one = ClaimsFromJson(kCleanClaim, "x");
  REQUIRE(one.ok());
  CHECK(one->size() == 1);

  // Codes that are wrong are not input errors: the claim reads, the scrubber reports them.
  auto unknown = ClaimFromJson(R"({"diagnoses": [{"code": "NOT A CODE"}], "services": [{"code": "??"}]})", "x");
  REQUIRE(unknown.ok());
  const ScrubReport report = TheScrubber().Scrub(*unknown, kToday);
  INFO(Describe(report));
  CHECK(Findings(report, "icd.unknown").size() == 1);
  CHECK(Findings(report, "proc.unknown").size() == 1);
  CheckExplained(report);
  // Empty and odd claims go through every rule without a crash.
  for (const char* odd : {"{}", R"({"services": [{"code": "99213", "units": 0, "pointers": [-5, 1000]}]})",
                          R"({"diagnoses": [{"code": "."}, {"code": "S"}, {"code": "S72.001AAAAAAAAAAAAAAAAAA"}]})",
                          R"({"date_of_service": "0000-00-00", "services": [{"code": "99213", "date_of_service": "31/31/2024"}]})",
                          R"({"services": [{"code": "99213", "modifiers": ["", "5", "595959", "\u00e9"]}]})"}) {
    INFO(odd);
    auto claim = ClaimFromJson(odd, "x");
    REQUIRE(claim.ok());
    CheckExplained(TheScrubber().Scrub(*claim, kToday));
  }
}

TEST_CASE("CheckNpi: 10 digits, 1 or 2 first, Luhn over 80840 and the first nine", "[scrub][claim]") {
  for (const char* good : {"1234567893", "1999999992", "2000000002", "1345678902"}) {
    INFO(good);
    CHECK(CheckNpi(good).ok());
  }
  struct Bad {
    const char* npi;
    const char* message;
  };
  for (const Bad& bad : {Bad{"1234567890", "check digit"}, Bad{"1234567894", "check digit"},
                         Bad{"123456789", "10 digits"}, Bad{"12345678933", "10 digits"}, Bad{"", "10 digits"},
                         Bad{"12345678A3", "not a digit"}, Bad{"3234567893", "start with 1 or 2"},
                         Bad{"0234567893", "start with 1 or 2"}, Bad{"1234 67893", "not a digit"}}) {
    INFO(bad.npi);
    const Status s = CheckNpi(bad.npi);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == ErrorCode::kInvalidArgument);
    CHECK(Contains(s.error().message, bad.message));
  }
}
