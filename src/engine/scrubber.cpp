// scrubber.cpp: the claim scrubber's rule catalogue, its in-memory data and the rules (see scrubber.h).
//
// [SECTION] Catalogue
// [SECTION] Data loaded from the pack
// [SECTION] Rules
// [SECTION] JSON
#include "engine/scrubber.h"

#include <algorithm>

#include "engine/json_fields.h"

namespace medcode::engine {

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Catalogue
// ---------------------------------------------------------------------------------------------------------------
namespace {

constexpr const char* kSrcIcd = "ICD-10-CM code files (CDC/CMS), FY2024-FY2026";
constexpr const char* kSrcTabular = "ICD-10-CM Tabular List instructional notes (CDC), FY2021";
constexpr const char* kSrcGuidelines = "ICD-10-CM Official Guidelines for Coding and Reporting";
constexpr const char* kSrcMce = "Medicare Code Editor (CMS) v41.1, FY2024";
constexpr const char* kSrcHcpcs = "HCPCS Level II (CMS) 2024 July and 2026 Q3; CPT numbers from RBCS (CMS)";
constexpr const char* kSrcModifiers = "HCPCS and CPT modifier lists (CMS)";
constexpr const char* kSrcPtp = "NCCI procedure-to-procedure edits (CMS), 2024 Q3";
constexpr const char* kSrcMue = "NCCI medically unlikely edits (CMS), 2024 Q3";
constexpr const char* kSrcAddOn = "NCCI add-on code edits (CMS), 2024 Q3";
constexpr const char* kSrcPos = "Place of service code set (CMS)";
constexpr const char* kSrcNpi = "NPI standard (45 CFR 162.406): Luhn check digit with prefix 80840";
constexpr const char* kSrc837 = "X12 837P 005010X222A1 / CMS-1500 claim limits";

using S = ScrubSeverity;

const std::vector<ScrubRule> kRules = {
    // ICD-10-CM
    {"icd.unknown", S::kError, "The diagnosis code is an ICD-10-CM code in the editions loaded.", kSrcIcd},
    {"icd.seventh_character", S::kError,
     "A code that takes a 7th character has one, from its options, with placeholder X where needed.", kSrcTabular},
    {"icd.not_valid_on_dos", S::kError, "The diagnosis code exists in the fiscal year of the date of service.", kSrcIcd},
    {"icd.header", S::kError, "The diagnosis code is billable (not a category or subcategory header) on the DOS.",
     kSrcIcd},
    {"icd.edition", S::kWarning,
     "The date of service lies in a fiscal year the ICD-10-CM editions loaded cover (else validity is not checked).",
     kSrcIcd},
    {"icd.duplicate", S::kError, "A diagnosis is listed once.", kSrc837},
    {"icd.excludes1", S::kWarning,
     "No two diagnoses are separated by an Excludes1 note, unless attested as unrelated conditions.", kSrcTabular},
    {"icd.manifestation_first", S::kError, "A manifestation code is not the first-listed diagnosis.", kSrcMce},
    {"icd.code_first", S::kWarning,
     "A code with a \"code first\" note is not first-listed: the underlying condition is sequenced first.",
     kSrcTabular},
    {"icd.external_cause_first", S::kError, "An external cause code (V00-Y99) is not the first-listed diagnosis.",
     kSrcGuidelines},
    {"icd.mce_sex", S::kError, "A diagnosis for one sex only matches the patient's sex.", kSrcMce},
    {"icd.mce_age", S::kWarning, "A diagnosis with an age edit (newborn, pediatric, maternity, adult) fits the age.",
     kSrcMce},
    {"icd.demographics_missing", S::kInfo,
     "The patient's age and sex are entered, so that the MCE age and sex edits can be checked.", kSrcMce},
    // CPT / HCPCS
    {"proc.unknown", S::kError, "The service code is a HCPCS Level II code or a CPT code number CMS lists.", kSrcHcpcs},
    {"proc.not_valid_on_dos", S::kError, "The service code was in effect on the date of service (added, not ended).",
     kSrcHcpcs},
    {"ncci.ptp.denied", S::kError,
     "No two lines form an NCCI PTP pair with modifier indicator 0 (the column 2 code is denied).", kSrcPtp},
    {"ncci.ptp.modifier_needed", S::kError,
     "A PTP pair with modifier indicator 1 carries a bypass modifier when the services were distinct.", kSrcPtp},
    {"ncci.ptp.bypassed", S::kInfo, "A PTP pair with indicator 1 is bypassed by a modifier: documentation must support it.",
     kSrcPtp},
    {"ncci.edition", S::kWarning,
     "The date of service lies in the NCCI edition loaded (else its edits are applied and the finding says so).",
     kSrcPtp},
    {"ncci.mue.line", S::kError, "The units of a line are within the MUE of its code (MAI 1, per line).", kSrcMue},
    {"ncci.mue.day", S::kError,
     "The units of a code on one date are within its MUE (MAI 2, per day, an absolute limit).", kSrcMue},
    {"ncci.mue.day_appealable", S::kWarning,
     "The units of a code on one date are within its MUE (MAI 3, per day; more may be paid on appeal).", kSrcMue},
    {"ncci.mue.not_payable", S::kError, "The code is payable in this setting (its MUE is not 0).", kSrcMue},
    {"ncci.addon.primary_missing", S::kError, "An add-on code is reported with one of its primary codes.", kSrcAddOn},
    {"modifier.unknown", S::kError, "Every modifier is a CPT or HCPCS modifier.", kSrcModifiers},
    {"modifier.duplicate", S::kError, "A line carries a modifier once.", kSrc837},
    {"modifier.too_many", S::kError, "A line carries at most 4 modifiers.", kSrc837},
    {"line.duplicate", S::kWarning,
     "No two lines repeat the same code, modifiers and date (repeat services take 76/77/91 or more units).", kSrc837},
    // Claim
    {"claim.dos.missing", S::kError, "The claim has a date of service.", kSrc837},
    {"claim.dos.invalid", S::kError, "The dates of service are real dates.", kSrc837},
    {"claim.dos.future", S::kError, "No date of service is in the future.", kSrc837},
    {"claim.npi.missing", S::kError, "The billing provider's NPI is entered.", kSrc837},
    {"claim.npi.invalid", S::kError, "Each NPI has 10 digits, starts with 1 or 2 and passes its check digit.", kSrcNpi},
    {"claim.pos.missing", S::kError, "The place of service is entered.", kSrc837},
    {"claim.pos.invalid", S::kError, "The place of service is an assigned CMS place-of-service code.", kSrcPos},
    {"claim.diagnosis.missing", S::kError, "The claim has at least one diagnosis.", kSrc837},
    {"claim.diagnosis.too_many", S::kError, "The claim has at most 12 diagnoses.", kSrc837},
    {"claim.lines.missing", S::kError, "The claim has at least one service line.", kSrc837},
    {"claim.pointer.missing", S::kError, "Every line points at a diagnosis.", kSrc837},
    {"claim.pointer.invalid", S::kError, "Every pointer names a diagnosis the claim lists (1-12).", kSrc837},
    {"claim.pointer.too_many", S::kError, "A line has at most 4 diagnosis pointers.", kSrc837},
    {"claim.pointer.duplicate", S::kWarning, "A line points at a diagnosis once.", kSrc837},
    {"claim.units.invalid", S::kError, "Units are whole numbers above 0.", kSrc837},
    {"claim.charge.missing", S::kError, "Every line has a charge.", kSrc837},
    {"claim.charge.invalid", S::kError, "Charges are amounts above 0 with at most 2 decimals.", kSrc837},
};

}  // namespace

const char* ScrubSeverityName(ScrubSeverity severity) {
  return severity == ScrubSeverity::kError ? "error" : severity == ScrubSeverity::kWarning ? "warning" : "info";
}

const std::vector<ScrubRule>& ScrubRules() { return kRules; }

const ScrubRule* FindScrubRule(std::string_view id) {
  for (const auto& r : kRules) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

bool IsAnatomicModifier(std::string_view m) {
  static constexpr std::string_view kAnatomic[] = {"E1", "E2", "E3", "E4", "FA", "F1", "F2", "F3", "F4", "F5",
                                                   "F6", "F7", "F8", "F9", "TA", "T1", "T2", "T3", "T4", "T5",
                                                   "T6", "T7", "T8", "T9", "LT", "RT", "LC", "LD", "RC", "LM", "RI"};
  return std::find(std::begin(kAnatomic), std::end(kAnatomic), m) != std::end(kAnatomic);
}

bool IsPtpBypassModifier(std::string_view m) {
  static constexpr std::string_view kOther[] = {"59", "XE", "XS", "XP", "XU", "24", "25", "57", "58", "78", "79",
                                                "27", "91"};
  return IsAnatomicModifier(m) || std::find(std::begin(kOther), std::end(kOther), m) != std::end(kOther);
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Data loaded from the pack
// ---------------------------------------------------------------------------------------------------------------
struct Scrubber::Data {};

Scrubber::Scrubber(std::unique_ptr<Data> data) : m_data(std::move(data)) {}
Scrubber::Scrubber(Scrubber&&) noexcept = default;
Scrubber& Scrubber::operator=(Scrubber&&) noexcept = default;
Scrubber::~Scrubber() = default;

Result<Scrubber> Scrubber::Load(const CodeSetPack& pack) { return Scrubber(std::make_unique<Data>()); }

size_t Scrubber::MemoryBytes() const { return 0; }

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Rules
// ---------------------------------------------------------------------------------------------------------------
ScrubReport Scrubber::Scrub(const Claim& claim, const Date& today) const {
  ScrubReport report;
  Scrub(claim, today, report);
  return report;
}

void Scrubber::Scrub(const Claim& claim, const Date& today, ScrubReport& out) const {
  out.findings.clear();
  out.errors = out.warnings = out.infos = 0;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] JSON
// ---------------------------------------------------------------------------------------------------------------
std::string ScrubReportToJson(const std::string& claim_id, const ScrubReport& report) {
  using nlohmann::json;
  json findings = json::array();
  for (const auto& f : report.findings) {
    json j = {{"rule", f.rule},       {"severity", ScrubSeverityName(f.severity)},
              {"message", f.message}, {"fix", f.fix},
              {"source", f.source},   {"field", f.field}};
    if (f.diagnosis >= 0) j["diagnosis"] = f.diagnosis;
    if (f.line >= 0) j["line"] = f.line;
    if (f.other >= 0) j["other"] = f.other;
    if (!f.attestation_subject.empty()) {
      j["attestation_subject"] = f.attestation_subject;
      j["attested"] = f.attested;
    }
    if (f.action.kind == ScrubFix::Kind::kAddModifier) {
      j["action"] = {{"kind", "add_modifier"}, {"line", f.action.line}, {"modifier", f.action.modifier},
                     {"label", f.action.label}};
    }
    findings.push_back(std::move(j));
  }
  json out = {{"id", claim_id},
              {"errors", report.errors},
              {"warnings", report.warnings},
              {"infos", report.infos},
              {"findings", std::move(findings)}};
  return out.dump();
}

}  // namespace medcode::engine
