// claims.cpp: the Session's claim commands (see session.h, "claims"): the practice settings and the Practice settings
// dialog's draft, the open encounter's patient, building the encounter's claim (its problems each pointing at the
// field to fix), the claim list, exporting an 837P (the claims become submitted), importing an 835 / 999 / 277CA
// (payments posted, statuses updated, denials listed with the scrubber rule that would have caught them) and the
// CMS-1500 of a claim. The engine does the X12 and the billing rules; this file keeps the state a screen shows.
//
// [SECTION] Helpers (amounts, time, JSON of a stored claim)
// [SECTION] Practice settings
// [SECTION] The open encounter's patient and its claim's problems
// [SECTION] Stored claims and the claim list
// [SECTION] Create claim
// [SECTION] Export 837P
// [SECTION] Import 835 / 999 / 277CA
// [SECTION] Denial worklist and CMS-1500
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <ctime>

#include <nlohmann/json.hpp>

#include "app/claims_engine.h"
#include "app/session.h"
#include "engine/codeset_mpfs.h"

namespace medcode::app {

namespace {

using nlohmann::json;

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Helpers
// ---------------------------------------------------------------------------------------------------------------

// Dollars as text ("125.00", "125", "$1,250.5") to cents; false when it is not an amount.
bool DollarsToCents(std::string_view text, int64_t* cents) {
  std::string digits;
  bool negative = false;
  for (char c : text) {
    if (c == '$' || c == ',' || c == ' ') continue;
    if (c == '-' && digits.empty() && !negative) {
      negative = true;
      continue;
    }
    digits += c;
  }
  if (digits.empty()) return false;
  const size_t dot = digits.find('.');
  const std::string whole = digits.substr(0, dot);
  std::string frac = dot == std::string::npos ? "" : digits.substr(dot + 1);
  if (whole.empty() && frac.empty()) return false;
  auto all_digits = [](const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!all_digits(whole) || !all_digits(frac) || frac.size() > 2 || whole.size() > 12) return false;
  while (frac.size() < 2) frac += '0';
  const int64_t v = (whole.empty() ? 0 : std::stoll(whole)) * 100 + std::stoll(frac);
  *cents = negative ? -v : v;
  return true;
}

std::string CentsToDollars(int64_t cents) {
  char buf[32];
  const int64_t a = cents < 0 ? -cents : cents;
  std::snprintf(buf, sizeof buf, "%s%lld.%02lld", cents < 0 ? "-" : "", static_cast<long long>(a / 100),
                static_cast<long long>(a % 100));
  return buf;
}

std::string IsoUtc(int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char at[32];
  std::strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return at;
}

std::string PatientName(const engine::PatientInfo& p) {
  if (p.last_name.empty() && p.first_name.empty()) return "";
  return p.first_name.empty() ? p.last_name : p.last_name + ", " + p.first_name;
}

// "message (where)", unless the message already names the place (the X12 readers put "segment N (ID)" in it).
std::string WithWhere(const std::string& message, const std::string& where) {
  if (where.empty()) return message;
  const size_t seg = where.find("segment ");
  if (seg != std::string::npos && message.find(where.substr(seg)) != std::string::npos) return message;
  return message + " (" + where + ")";
}

// Where a problem's field is fixed.
ClaimProblem::Where WhereOf(std::string_view field) {
  if (field.rfind("practice.", 0) == 0 || field.rfind("billing.", 0) == 0 || field.rfind("payer", 0) == 0 ||
      field.rfind("rendering", 0) == 0 || field.rfind("submitter", 0) == 0 || field.rfind("receiver", 0) == 0) {
    return ClaimProblem::Where::kPractice;
  }
  if (field.rfind("patient.", 0) == 0 || field.rfind("subscriber", 0) == 0) return ClaimProblem::Where::kPatient;
  return ClaimProblem::Where::kCoding;
}

std::string_view WithoutPrefix(std::string_view field, std::string_view prefix) {
  return field.substr(0, prefix.size()) == prefix ? field.substr(prefix.size()) : field;
}

// JSON readers that never throw (the wasm app is built without exceptions).
std::string Str(const json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
int64_t Int(const json& j, const char* key) {
  if (!j.is_object()) return 0;
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}
const json& Arr(const json& j, const char* key) {
  static const json kEmpty = json::array();
  if (!j.is_object()) return kEmpty;
  auto it = j.find(key);
  return it != j.end() && it->is_array() ? *it : kEmpty;
}

json ToJson(const DenialRow& d) {
  json adj = json::array(), rem = json::array();
  for (const auto& a : d.adjustments) adj.push_back({{"group", a.group}, {"carc", a.carc}, {"text", a.text}, {"amount", a.amount}});
  for (const auto& r : d.remarks) rem.push_back({{"code", r.first}, {"text", r.second}});
  return {{"line", d.line}, {"procedure", d.procedure}, {"billed", d.billed}, {"paid", d.paid},
          {"adjustments", adj}, {"remarks", rem}, {"rule", d.rule}, {"rule_text", d.rule_text}};
}

DenialRow DenialFromJson(const json& j) {
  DenialRow d;
  d.line = static_cast<int>(Int(j, "line"));
  d.procedure = Str(j, "procedure");
  d.billed = Str(j, "billed");
  d.paid = Str(j, "paid");
  for (const auto& a : Arr(j, "adjustments")) d.adjustments.push_back({Str(a, "group"), Str(a, "carc"), Str(a, "text"), Str(a, "amount")});
  for (const auto& r : Arr(j, "remarks")) d.remarks.emplace_back(Str(r, "code"), Str(r, "text"));
  d.rule = Str(j, "rule");
  d.rule_text = Str(j, "rule_text");
  return d;
}

// A stored claim as the "details" JSON of its record (the row's own columns are stored beside it).
std::string DetailsJson(const StoredClaim& c) {
  json problems = json::array(), denials = json::array();
  for (const auto& p : c.problems) problems.push_back({{"field", p.field}, {"message", p.message}});
  for (const auto& d : c.denials) denials.push_back(ToJson(d));
  return json{{"patient", c.row.patient}, {"date_of_service", c.row.date_of_service}, {"note", c.row.note},
              {"billing_claim", c.billing_claim_json}, {"problems", problems}, {"denials", denials},
              {"history", c.history}, {"group_control", c.group_control}, {"transaction", c.transaction},
              {"remits", c.remits}}
      .dump(-1, ' ', false, json::error_handler_t::replace);
}

void ReadDetails(std::string_view text, StoredClaim& c) {
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return;
  c.row.patient = Str(j, "patient");
  c.row.date_of_service = Str(j, "date_of_service");
  c.row.note = Str(j, "note");
  c.billing_claim_json = Str(j, "billing_claim");
  for (const auto& p : Arr(j, "problems")) {
    c.problems.push_back({Str(p, "field"), Str(p, "message"), WhereOf(Str(p, "field"))});
  }
  for (const auto& d : Arr(j, "denials")) {
    DenialRow row = DenialFromJson(d);
    row.claim_id = c.row.claim_id;
    row.encounter_id = c.row.encounter_id;
    c.denials.push_back(std::move(row));
  }
  for (const auto& h : Arr(j, "history")) {
    if (h.is_string()) c.history.push_back(h.get<std::string>());
  }
  c.group_control = Str(j, "group_control");
  c.transaction = Str(j, "transaction");
  for (const auto& r : Arr(j, "remits")) {
    if (r.is_string()) c.remits.push_back(r.get<std::string>());
  }
}

// Places of service CMS prices at the facility rate (the MPFS "facility" setting).
bool FacilityPos(std::string_view pos) {
  static const char* const kFacility[] = {"02", "10", "19", "21", "22", "23", "24", "26", "31", "34", "41", "42",
                                          "51", "52", "53", "56", "61"};
  for (const char* f : kFacility) {
    if (pos == f) return true;
  }
  return false;
}

}  // namespace

const char* ClaimStatusLabel(ClaimStatus s) {
  switch (s) {
    case ClaimStatus::kNeedsFixes: return "needs fixes";
    case ClaimStatus::kBuilt: return "built";
    case ClaimStatus::kSubmitted: return "submitted";
    case ClaimStatus::kAccepted: return "accepted";
    case ClaimStatus::kRejected: return "rejected";
    case ClaimStatus::kPaid: return "paid";
    case ClaimStatus::kPartiallyPaid: return "partially paid";
    case ClaimStatus::kDenied: return "denied";
    case ClaimStatus::kReversed: return "reversed";
  }
  return "?";
}

bool ClaimStatusFromLabel(std::string_view label, ClaimStatus* out) {
  for (ClaimStatus s : {ClaimStatus::kNeedsFixes, ClaimStatus::kBuilt, ClaimStatus::kSubmitted, ClaimStatus::kAccepted,
                        ClaimStatus::kRejected, ClaimStatus::kPaid, ClaimStatus::kPartiallyPaid, ClaimStatus::kDenied,
                        ClaimStatus::kReversed}) {
    if (label == ClaimStatusLabel(s)) {
      *out = s;
      return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Practice settings
// ---------------------------------------------------------------------------------------------------------------

void Session::BeginPracticeEdit() {
  m_practice_draft = m_practice;
  // Claims always go to a payer: start with an empty one to fill in (Tab reaches it without a button).
  if (m_practice_draft.payers.empty()) m_practice_draft.payers.emplace_back();
  ++m_practice_draft_generation;
}

void Session::CancelPracticeEdit() {
  m_practice_draft = m_practice;
  ++m_practice_draft_generation;
}

bool Session::SavePractice() {
  if (!m_store) {
    SetStatus(Severity::kError, "The practice settings cannot be saved: your database is not open (see Findings).");
    return false;
  }
  SaveSetting("practice", engine::PracticeSettingsToJson(m_practice_draft));
  if (m_last_write_failed) return false;
  m_practice = m_practice_draft;
  ++m_practice_generation;
  const size_t n = practice_problems().size();
  SetStatus(n == 0 ? Severity::kInfo : Severity::kWarning,
            n == 0 ? "Practice settings saved."
                   : "Practice settings saved with " + std::to_string(n) +
                         (n == 1 ? " problem" : " problems") + " to fix before claims can be exported.");
  return true;
}

const std::vector<engine::BillingProblem>& Session::practice_problems() const {
  if (m_practice_check.generation != m_practice_draft_generation) {
    m_practice_check.generation = m_practice_draft_generation;
    m_practice_check.problems = engine::CheckPracticeSettings(m_practice_draft);
  }
  return m_practice_check.problems;
}

std::string Session::PracticeProblem(std::string_view field) const {
  field = WithoutPrefix(field, "practice.");
  std::string out;
  for (const auto& p : practice_problems()) {
    if (WithoutPrefix(p.field, "practice.") == field) out += (out.empty() ? "" : " ") + p.message;
  }
  return out;
}

std::vector<TextField> Session::PracticeFields() {
  engine::PracticeSettings& p = m_practice_draft;
  std::vector<TextField> f = {
      {"billing.name", "Billing provider", &p.billing.name, "organisation or last name"},
      {"billing.npi", "NPI", &p.billing.npi, "10 digits"},
      {"billing.tin", "TIN (EIN)", &p.billing.tin, "9 digits"},
      {"billing.taxonomy", "Taxonomy", &p.billing.taxonomy, "207Q00000X"},
      {"billing.address.line1", "Address", &p.billing.address.line1, "street"},
      {"billing.address.city", "City", &p.billing.address.city, ""},
      {"billing.address.state", "State", &p.billing.address.state, "2 letters"},
      {"billing.address.zip", "ZIP", &p.billing.address.zip, "9 digits"},
      {"billing.contact_name", "Contact", &p.billing.contact_name, "who answers for the claims"},
      {"billing.contact_phone", "Phone", &p.billing.contact_phone, "10 digits"},
      {"submitter_id", "Submitter id", &p.submitter_id, "ISA06"},
      {"receiver_id", "Receiver id", &p.receiver_id, "ISA08"},
      {"receiver_name", "Receiver", &p.receiver_name, "clearinghouse"},
  };
  for (size_t i = 0; i < p.rendering.size(); ++i) {
    const std::string k = "rendering[" + std::to_string(i) + "].";
    f.push_back({k + "last_name", "Rendering last name", &p.rendering[i].last_name, ""});
    f.push_back({k + "first_name", "First name", &p.rendering[i].first_name, ""});
    f.push_back({k + "npi", "NPI", &p.rendering[i].npi, "10 digits"});
    f.push_back({k + "taxonomy", "Taxonomy", &p.rendering[i].taxonomy, ""});
  }
  for (size_t i = 0; i < p.payers.size(); ++i) {
    const std::string k = "payers[" + std::to_string(i) + "].";
    f.push_back({k + "name", "Payer", &p.payers[i].name, "Medicare Part B"});
    f.push_back({k + "payer_id", "Payer id", &p.payers[i].payer_id, "00430"});
    f.push_back({k + "filing_indicator", "Filing", &p.payers[i].filing_indicator, "MB"});
  }
  return f;
}

void Session::AddRenderingProvider() {
  m_practice_draft.rendering.emplace_back();
  PracticeDraftEdited();
}

void Session::RemoveRenderingProvider(int index) {
  auto& r = m_practice_draft.rendering;
  if (index < 0 || index >= static_cast<int>(r.size())) return;
  r.erase(r.begin() + index);
  PracticeDraftEdited();
}

void Session::AddPayer() {
  m_practice_draft.payers.emplace_back();
  PracticeDraftEdited();
}

void Session::RemovePayer(int index) {
  auto& p = m_practice_draft.payers;
  if (index < 0 || index >= static_cast<int>(p.size())) return;
  p.erase(p.begin() + index);
  PracticeDraftEdited();
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] The open encounter's patient and its claim's problems
// ---------------------------------------------------------------------------------------------------------------

std::vector<TextField> Session::PatientFields() {
  engine::PatientInfo& p = m_draft.patient;
  std::vector<TextField> f = {
      {"patient.last_name", "Last name", &p.last_name, ""},
      {"patient.first_name", "First name", &p.first_name, ""},
      {"patient.birth_date", "Date of birth", &p.birth_date, "YYYY-MM-DD"},
      {"patient.address.line1", "Address", &p.address.line1, "street"},
      {"patient.address.city", "City", &p.address.city, ""},
      {"patient.address.state", "State", &p.address.state, "2 letters"},
      {"patient.address.zip", "ZIP", &p.address.zip, "5 or 9 digits"},
      {"patient.member_id", "Member id", &p.member_id, "from the card"},
      {"patient.relationship", "Relationship", &p.relationship, "18 self"},
      {"patient.group_number", "Group number", &p.group_number, "optional"},
  };
  if (p.relationship != "18") {
    // The subscriber is someone else: their name, birth date and address too (their sex: SetPatientSex).
    f.push_back({"patient.subscriber_last_name", "Subscriber last", &p.subscriber_last_name, ""});
    f.push_back({"patient.subscriber_first_name", "Subscriber first", &p.subscriber_first_name, ""});
    f.push_back({"patient.subscriber_birth_date", "Subscriber DOB", &p.subscriber_birth_date, "YYYY-MM-DD"});
    f.push_back({"patient.subscriber_address.line1", "Subscr. address", &p.subscriber_address.line1, "street"});
    f.push_back({"patient.subscriber_address.city", "City", &p.subscriber_address.city, ""});
    f.push_back({"patient.subscriber_address.state", "State", &p.subscriber_address.state, "2 letters"});
    f.push_back({"patient.subscriber_address.zip", "ZIP", &p.subscriber_address.zip, "5 or 9 digits"});
  }
  return f;
}

bool Session::SetPatientSex(std::string_view text, double now, bool subscriber) {
  std::string up;
  for (char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c))) up += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  engine::PatientSex sex;
  if (up == "F") sex = engine::PatientSex::kFemale;
  else if (up == "M") sex = engine::PatientSex::kMale;
  else if (up.empty() || up == "U") sex = engine::PatientSex::kUnknown;
  else {
    SetStatus(Severity::kWarning, "Sex: F, M or U (unknown).");
    return false;
  }
  engine::PatientSex& target = subscriber ? m_draft.patient.subscriber_sex : m_draft.patient.sex;
  if (sex == target) return true;
  target = sex;
  PatientEdited(now);
  return true;
}

const std::vector<ClaimProblem>& Session::claim_problems() const {
  ClaimPreview& c = m_claim_preview;
  if (!has_open_encounter()) {
    c.key.clear();
    c.problems.clear();
    return c.problems;
  }
  const engine::Claim claim = OpenClaim();
  std::string key = std::to_string(m_practice_generation) + "|" + engine::ClaimToJson(claim) + "|" +
                    engine::PatientInfoToJson(m_draft.patient);
  if (key == c.key) return c.problems;
  c.key = std::move(key);
  c.problems.clear();
  const engine::BuiltClaim built = engine::BuildBillingClaim(claim, m_practice, m_draft.patient);
  for (const auto& p : built.problems) c.problems.push_back({p.field, p.message, WhereOf(p.field)});
  return c.problems;
}

std::string Session::PatientProblem(std::string_view field) const {
  field = WithoutPrefix(field, "patient.");
  std::string out;
  for (const auto& p : claim_problems()) {
    if (p.where == ClaimProblem::Where::kPatient && WithoutPrefix(p.field, "patient.") == field) {
      out += (out.empty() ? "" : " ") + p.message;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Stored claims and the claim list
// ---------------------------------------------------------------------------------------------------------------

void Session::LoadClaims() {
  m_records.clear();
  m_practice = {};
  if (auto saved = Setting("practice"); saved && !saved->empty()) {
    auto p = engine::PracticeSettingsFromJson(*saved, "setting practice");
    if (p.ok()) {
      m_practice = std::move(p).value();
    } else {
      SetStatus(Severity::kError, "The saved practice settings could not be read: " + p.error().ToString() +
                                      ". Enter them again (Claims > Practice settings).");
    }
  }
  ++m_practice_generation;
  m_practice_draft = m_practice;
  ++m_practice_draft_generation;
  if (m_store) {
    auto records = m_store->ListClaimRecords();
    if (!records.ok()) {
      StorageFailed(records.error(), "Reading the claim list");
    } else {
      for (const auto& r : *records) {
        StoredClaim c;
        c.row.claim_id = r.claim_id;
        c.row.encounter_id = r.encounter_id;
        c.row.submitted_at = r.submitted_at > 0 ? IsoUtc(r.submitted_at) : "";
        if (!ClaimStatusFromLabel(r.status, &c.row.status)) c.row.status = ClaimStatus::kBuilt;
        c.row.charge = r.total_charge;
        c.row.paid = r.paid_amount;
        c.row.expected = r.expected_amount;
        ReadDetails(r.details, c);
        m_records.push_back(std::move(c));
      }
    }
  }
  RefreshClaimRows();
}

void Session::RefreshClaimRows() {
  // Claims not sent yet first, then the newest submission first; the claim id keeps the order stable.
  std::stable_sort(m_records.begin(), m_records.end(), [](const StoredClaim& a, const StoredClaim& b) {
    const bool a_open = a.row.submitted_at.empty(), b_open = b.row.submitted_at.empty();
    if (a_open != b_open) return a_open;
    if (a.row.submitted_at != b.row.submitted_at) return a.row.submitted_at > b.row.submitted_at;
    return a.row.claim_id > b.row.claim_id;
  });
  m_claims.clear();
  m_denials.clear();
  for (const auto& c : m_records) {
    m_claims.push_back(c.row);
    for (const auto& d : c.denials) m_denials.push_back(d);
  }
  m_claim_selection = m_claims.empty() ? 0 : std::clamp(m_claim_selection, 0, static_cast<int>(m_claims.size()) - 1);
  m_denial_selection =
      m_denials.empty() ? 0 : std::clamp(m_denial_selection, 0, static_cast<int>(m_denials.size()) - 1);
}

bool Session::StoreClaim(const StoredClaim& c) {
  if (!m_store) {
    SetStatus(Severity::kError, "Claims cannot be saved: your database is not open (see Findings).");
    return false;
  }
  engine::ClaimRecord r;
  r.encounter_id = c.row.encounter_id;
  r.claim_id = c.row.claim_id;
  r.submitted_at = 0;
  if (!c.row.submitted_at.empty()) {
    std::tm tm{};
    if (std::sscanf(c.row.submitted_at.c_str(), "%d-%d-%dT%d:%d:%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                    &tm.tm_hour, &tm.tm_min, &tm.tm_sec) == 6) {
      tm.tm_year -= 1900;
      tm.tm_mon -= 1;
      r.submitted_at = static_cast<int64_t>(timegm(&tm));
    }
  }
  r.status = ClaimStatusLabel(c.row.status);
  r.total_charge = c.row.charge;
  r.paid_amount = c.row.paid;
  r.expected_amount = c.row.expected;
  r.details = DetailsJson(c);
  if (engine::Status s = m_store->UpsertClaimRecord(r, WallNow()); !s.ok()) {
    StorageFailed(s.error(), "Saving the claim");
    return false;
  }
  Committed(m_now);
  return true;
}

void Session::SelectClaim(int index) {
  if (m_claims.empty()) return;
  m_claim_selection = std::clamp(index, 0, static_cast<int>(m_claims.size()) - 1);
}

const ClaimRow* Session::selected_claim() const {
  return m_claims.empty() ? nullptr : &m_claims[static_cast<size_t>(m_claim_selection)];
}

std::vector<ClaimProblem> Session::StoredProblems(const std::string& claim_id) const {
  for (const auto& c : m_records) {
    if (c.row.claim_id == claim_id) return c.problems;
  }
  return {};
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Create claim
// ---------------------------------------------------------------------------------------------------------------

std::string Session::ExpectedFor(const engine::BillingClaim& claim) const {
  // Medicare's allowed amount per line at the practice's ZIP (fee schedule x GPCI x CF), times the units.
  if (!m_pack) return "";
  const std::string zip5 = claim.billing.address.zip.substr(0, 5);
  const bool facility = FacilityPos(claim.claim.header.place_of_service);
  int64_t total = 0;
  for (const auto& l : claim.claim.coding.services) {
    auto pay = engine::ExpectedPayment(*m_pack, l.code, l.modifiers.empty() ? "" : l.modifiers.front(), zip5, facility);
    if (!pay.ok() || !pay->computed) continue;
    int64_t cents = 0;
    if (!DollarsToCents(pay->allowed.Text(), &cents)) continue;
    total += cents * std::max(1, l.units);
  }
  return CentsToDollars(total);
}

bool Session::CreateClaimForOpenEncounter() {
  if (!has_open_encounter()) {
    SetStatus(Severity::kInfo, "Open an encounter first: its codes make the claim.");
    return false;
  }
  if (m_draft.coding.services.empty()) {
    SetStatus(Severity::kWarning, "The encounter has no service lines yet: a claim bills services (Ctrl+K, a CPT or "
                                  "HCPCS code, Enter).");
    return false;
  }
  CommitEdits();
  const int64_t encounter = m_selected_id;
  // The encounter's claim not yet sent is rebuilt in place; once sent, a new claim (a new CLM01) is made.
  StoredClaim* target = nullptr;
  int sent = 0;
  for (auto& c : m_records) {
    if (c.row.encounter_id != encounter) continue;
    if (c.row.status == ClaimStatus::kBuilt || c.row.status == ClaimStatus::kNeedsFixes) {
      target = &c;
    } else {
      ++sent;
    }
  }
  StoredClaim claim;
  if (target) {
    claim = *target;
  } else {
    claim.row.claim_id = "C" + std::to_string(encounter) + "-" + std::to_string(sent + 1);
    claim.row.encounter_id = encounter;
  }
  engine::Claim open = OpenClaim();
  open.id = claim.row.claim_id;  // CLM01: what the 835's CLP01 and the 277CA refer back to
  const engine::BuiltClaim built = engine::BuildBillingClaim(open, m_practice, m_draft.patient);
  const engine::BillingClaim& billing = built.claim;
  claim.billing_claim_json = engine::BillingClaimToJson(billing);
  claim.row.patient = PatientName(m_draft.patient);
  if (claim.row.patient.empty()) claim.row.patient = m_draft.patient_label;
  claim.row.date_of_service = m_draft.date_of_service;
  claim.row.charge = built.claim.total_charge;
  claim.row.expected = ExpectedFor(billing);
  claim.row.status = built.ok() ? ClaimStatus::kBuilt : ClaimStatus::kNeedsFixes;
  claim.problems.clear();
  for (const auto& p : built.problems) claim.problems.push_back({p.field, p.message, WhereOf(p.field)});
  claim.row.note = built.ok() ? "ready to export" : std::to_string(built.problems.size()) + " problem(s) to fix";
  claim.history.push_back(IsoUtc(WallNow()) + (built.ok() ? " built" : " built with problems"));
  if (!StoreClaim(claim)) return false;
  if (target) {
    *target = std::move(claim);
  } else {
    m_records.push_back(std::move(claim));
  }
  RefreshClaimRows();
  // Select the claim just made.
  for (size_t i = 0; i < m_claims.size(); ++i) {
    if (m_claims[i].encounter_id == encounter && (m_claims[i].status == ClaimStatus::kBuilt ||
                                                  m_claims[i].status == ClaimStatus::kNeedsFixes)) {
      m_claim_selection = static_cast<int>(i);
    }
  }
  const ClaimRow& row = m_claims[static_cast<size_t>(m_claim_selection)];
  if (built.ok()) {
    SetStatus(Severity::kInfo, "Claim " + row.claim_id + " built: " + row.charge + " charged; ready to export (837P).");
  } else {
    SetStatus(Severity::kWarning, "Claim " + row.claim_id + " has " + std::to_string(built.problems.size()) +
                                      (built.problems.size() == 1 ? " problem" : " problems") +
                                      " to fix before it can be exported: " + built.problems.front().message);
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Export 837P
// ---------------------------------------------------------------------------------------------------------------

std::optional<Download> Session::ExportClaims(bool all_ready) {
  std::vector<StoredClaim*> batch;
  if (all_ready) {
    for (auto& c : m_records) {
      if (c.row.status == ClaimStatus::kBuilt) batch.push_back(&c);
    }
    if (batch.empty()) {
      SetStatus(Severity::kInfo, "No claims are ready to export: Create claim (Alt+B) on a coded encounter first.");
      return std::nullopt;
    }
  } else {
    const ClaimRow* sel = selected_claim();
    if (!sel) {
      SetStatus(Severity::kInfo, "No claim is selected: Create claim (Alt+B) on a coded encounter first.");
      return std::nullopt;
    }
    for (auto& c : m_records) {
      if (c.row.claim_id == sel->claim_id) batch.push_back(&c);
    }
    if (batch.empty()) return std::nullopt;
    const StoredClaim& c = *batch.front();
    if (c.row.status == ClaimStatus::kNeedsFixes) {
      SetStatus(Severity::kError, "Claim " + c.row.claim_id + " has " + std::to_string(c.problems.size()) +
                                      " problem(s) and cannot be exported: fix them, then Create claim again.");
      return std::nullopt;
    }
    if (c.row.status != ClaimStatus::kBuilt && c.row.status != ClaimStatus::kRejected) {
      SetStatus(Severity::kInfo, "Claim " + c.row.claim_id + " was already exported (" +
                                     ClaimStatusLabel(c.row.status) + "); Create claim makes a new one.");
      return std::nullopt;
    }
  }
  std::vector<engine::BillingClaim> claims;
  for (StoredClaim* c : batch) {
    auto bc = engine::BillingClaimFromJson(c->billing_claim_json, "claim " + c->row.claim_id);
    if (!bc.ok()) {
      SetStatus(Severity::kError, "Claim " + c->row.claim_id + " could not be read back: " + bc.error().ToString() +
                                      ". Create claim again.");
      return std::nullopt;
    }
    claims.push_back(std::move(bc).value());
  }
  // Interchange control numbers count up per export (ISA13 / GS06 / ST02), kept in the settings.
  int64_t control = 0;
  if (auto saved = Setting("x12.control_number")) control = std::atoll(saved->c_str());
  ++control;
  auto written = engine_bridge::Write837(claims, m_practice, control, WallNow());
  if (!written.ok()) {
    SetStatus(Severity::kError,
              "The 837P was not written: " + written.error().ToString() + ". Nothing was marked sent.");
    return std::nullopt;
  }
  SaveSetting("x12.control_number", std::to_string(control));
  char number[24];
  std::snprintf(number, sizeof number, "%09lld", static_cast<long long>(control));
  const std::string now = IsoUtc(WallNow());
  for (size_t i = 0; i < batch.size(); ++i) {
    StoredClaim* c = batch[i];
    c->row.status = ClaimStatus::kSubmitted;
    c->row.submitted_at = now;
    c->group_control = written->group_control;
    c->transaction = i < written->transaction_of_claim.size() ? written->transaction_of_claim[i] : "";
    c->row.note = std::string("sent in 837P ") + number;
    c->history.push_back(now + " exported in 837P " + number);
    StoreClaim(*c);
  }
  RefreshClaimRows();
  Download d;
  d.file_name = std::string("medcode-837p-") + number + ".x12";
  d.mime = "application/edi-x12";
  d.bytes = std::move(written->text);
  m_last_export = {d.file_name, d.bytes.size(), static_cast<int>(batch.size()), number};
  SetStatus(Severity::kInfo, "Exported " + std::to_string(batch.size()) + (batch.size() == 1 ? " claim" : " claims") +
                                 " as " + d.file_name + " (" + std::to_string(d.bytes.size()) + " bytes); " +
                                 (batch.size() == 1 ? "it is" : "they are") + " now submitted.");
  return d;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Import 835 / 999 / 277CA
// ---------------------------------------------------------------------------------------------------------------

void Session::OpenDroppedFile(std::string_view file_name, std::string_view bytes) {
  std::string_view head = bytes.substr(0, 64);
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  while (!head.empty() && std::isspace(static_cast<unsigned char>(head.front()))) head.remove_prefix(1);
  if (head.substr(0, 3) == "ISA") {
    ImportClaimsFile(file_name, bytes);
  } else {
    LoadDocument(file_name, bytes);
  }
}

void Session::ImportClaimsFile(std::string_view file_name, std::string_view bytes) {
  const std::string kind = engine_bridge::TransactionKind(bytes);
  m_last_import = {};
  m_last_import.file_name = std::string(file_name);
  m_last_import.kind = kind;
  if (kind == "835") {
    PostRemittance(file_name, bytes);
  } else if (kind == "999" || kind == "277") {
    PostAcknowledgement(file_name, bytes, kind == "277" ? "277CA" : kind);
  } else {
    m_last_import.kind.clear();
    m_last_import.message = std::string(file_name) + " is not an 835, 999 or 277CA" +
                            (kind.empty() ? " (no ST segment was found)" : " (its ST01 is " + kind + ")") +
                            ". Nothing was changed.";
    SetStatus(Severity::kError, m_last_import.message);
  }
}

namespace {

// The record a remittance's claim id refers to (CLP01 = our CLM01), or nullptr.
StoredClaim* FindRecord(std::vector<StoredClaim>& records, const std::string& claim_id) {
  for (auto& c : records) {
    if (c.row.claim_id == claim_id) return &c;
  }
  return nullptr;
}

}  // namespace

void Session::PostRemittance(std::string_view file_name, std::string_view bytes) {
  std::vector<engine_bridge::SubmittedClaim> submitted;
  for (const auto& c : m_records) {
    if (c.row.status == ClaimStatus::kBuilt || c.row.status == ClaimStatus::kNeedsFixes) continue;
    auto bc = engine::BillingClaimFromJson(c.billing_claim_json, "claim " + c.row.claim_id);
    if (bc.ok()) submitted.push_back({std::move(bc).value(), c.remits});
  }
  auto posted = engine_bridge::Post835(bytes, std::string(file_name), submitted, m_pack ? &*m_pack : nullptr,
                                       m_practice.billing.address.zip.substr(0, 5));
  if (!posted.ok()) {
    m_last_import.ok = false;
    m_last_import.message = "Could not import " + std::string(file_name) + ": " + posted.error().message;
    m_last_import.where = posted.error().where;
    SetStatus(Severity::kError, WithWhere(m_last_import.message, m_last_import.where) +
                                    ". Nothing was posted; your claims are unchanged.");
    return;
  }
  const std::string now = IsoUtc(WallNow());
  int denials = 0;
  std::vector<std::string> statuses;
  for (const auto& p : posted->claims) {
    StoredClaim* c = FindRecord(m_records, p.claim_id);
    if (!c) {
      ++m_last_import.claims_unmatched;
      continue;
    }
    ++m_last_import.claims_matched;
    c->row.status = p.status;
    c->row.paid = p.paid;
    if (!p.expected.empty()) c->row.expected = p.expected;
    c->row.note = p.note;
    c->denials = p.denials;
    for (auto& d : c->denials) {
      d.claim_id = c->row.claim_id;
      d.encounter_id = c->row.encounter_id;
    }
    denials += static_cast<int>(c->denials.size());
    if (!p.remit_text.empty()) c->remits.push_back(p.remit_text);
    c->history.push_back(now + " " + p.note);
    statuses.push_back(c->row.claim_id + " " + ClaimStatusLabel(p.status));
    StoreClaim(*c);
  }
  m_last_import.claims_unmatched += posted->unmatched;
  RefreshClaimRows();
  m_last_import.ok = true;
  std::string list;
  for (const auto& s : statuses) list += (list.empty() ? "" : ", ") + s;
  m_last_import.message = "835 " + std::string(file_name) + ": " + std::to_string(m_last_import.claims_matched) +
                          (m_last_import.claims_matched == 1 ? " claim" : " claims") + " posted" +
                          (list.empty() ? "" : " (" + list + ")") + ", " + std::to_string(denials) +
                          (denials == 1 ? " denial" : " denials") +
                          (m_last_import.claims_unmatched
                               ? ", " + std::to_string(m_last_import.claims_unmatched) + " not ours (no matching claim)"
                               : "") +
                          ".";
  SetStatus(m_last_import.claims_unmatched ? Severity::kWarning : Severity::kInfo, m_last_import.message);
}

void Session::PostAcknowledgement(std::string_view file_name, std::string_view bytes, const std::string& kind) {
  std::vector<engine_bridge::SentClaim> sent;
  for (const auto& c : m_records) {
    if (c.row.status != ClaimStatus::kBuilt && c.row.status != ClaimStatus::kNeedsFixes) {
      sent.push_back({c.row.claim_id, c.group_control, c.transaction});
    }
  }
  auto acks = engine_bridge::ReadAcknowledgement(bytes, std::string(file_name), kind, sent);
  if (!acks.ok()) {
    m_last_import.ok = false;
    m_last_import.message = "Could not import " + std::string(file_name) + ": " + acks.error().message;
    m_last_import.where = acks.error().where;
    SetStatus(Severity::kError, WithWhere(m_last_import.message, m_last_import.where) + ". Nothing was changed.");
    return;
  }
  const std::string now = IsoUtc(WallNow());
  int accepted = 0, rejected = 0;
  m_last_import.claims_unmatched = acks->unmatched;
  for (const auto& a : acks->claims) {
    StoredClaim* c = FindRecord(m_records, a.claim_id);
    if (!c) {
      ++m_last_import.claims_unmatched;
      continue;
    }
    ++m_last_import.claims_matched;
    // An acknowledgement never overrides a payment already posted.
    if (c->row.status == ClaimStatus::kSubmitted || c->row.status == ClaimStatus::kAccepted ||
        c->row.status == ClaimStatus::kRejected) {
      c->row.status = a.accepted ? ClaimStatus::kAccepted : ClaimStatus::kRejected;
    }
    (a.accepted ? accepted : rejected) += 1;
    c->row.note = kind + (a.accepted ? " accepted" : " rejected") + (a.reason.empty() ? "" : ": " + a.reason);
    c->history.push_back(now + " " + c->row.note);
    StoreClaim(*c);
  }
  RefreshClaimRows();
  m_last_import.ok = true;
  m_last_import.message = kind + " " + std::string(file_name) + ": " + std::to_string(accepted) + " accepted, " +
                          std::to_string(rejected) + " rejected" +
                          (m_last_import.claims_unmatched
                               ? ", " + std::to_string(m_last_import.claims_unmatched) + " not ours"
                               : "") +
                          ".";
  SetStatus(rejected ? Severity::kWarning : Severity::kInfo, m_last_import.message);
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Denial worklist and CMS-1500
// ---------------------------------------------------------------------------------------------------------------

void Session::SelectDenial(int index) {
  if (m_denials.empty()) return;
  m_denial_selection = std::clamp(index, 0, static_cast<int>(m_denials.size()) - 1);
}

bool Session::OpenSelectedDenial() {
  if (m_denials.empty()) return false;
  const DenialRow d = m_denials[static_cast<size_t>(m_denial_selection)];
  bool found = false;
  for (const auto& e : m_encounters) found = found || e.id == d.encounter_id;
  if (!found) {
    SetStatus(Severity::kWarning, "The encounter of claim " + d.claim_id + " is no longer in the worklist.");
    return false;
  }
  SelectEncounter(d.encounter_id);
  if (d.line >= 1 && d.line <= static_cast<int>(m_draft.coding.services.size())) {
    SelectCode({true, d.line - 1});
    OpenCodeDetail(m_draft.coding.services[static_cast<size_t>(d.line - 1)].code);
  }
  std::string reason;
  for (const auto& a : d.adjustments) reason += (reason.empty() ? "" : "; ") + a.group + "-" + a.carc + " " + a.text;
  SetStatus(Severity::kInfo, "Claim " + d.claim_id + (d.line ? ", line " + std::to_string(d.line) : "") +
                                 " was denied: " + reason);
  return true;
}

std::string Session::Cms1500PreviewOfSelectedClaim() const {
  const ClaimRow* sel = selected_claim();
  if (!sel) return "";
  for (const auto& r : m_records) {
    if (r.row.claim_id != sel->claim_id) continue;
    auto bc = engine::BillingClaimFromJson(r.billing_claim_json, "claim " + r.row.claim_id);
    return bc.ok() ? engine_bridge::Cms1500Preview(*bc) : bc.error().ToString();
  }
  return "";
}

std::optional<Download> Session::Cms1500ForSelectedClaim(bool data_only) {
  const ClaimRow* sel = selected_claim();
  if (!sel) {
    SetStatus(Severity::kInfo, "No claim is selected: Create claim (Alt+B) first.");
    return std::nullopt;
  }
  const StoredClaim* c = nullptr;
  for (const auto& r : m_records) {
    if (r.row.claim_id == sel->claim_id) c = &r;
  }
  if (!c) return std::nullopt;
  auto bc = engine::BillingClaimFromJson(c->billing_claim_json, "claim " + c->row.claim_id);
  if (!bc.ok()) {
    SetStatus(Severity::kError, "Claim " + c->row.claim_id + " could not be read back: " + bc.error().ToString());
    return std::nullopt;
  }
  auto pdf = engine_bridge::Cms1500(*bc, data_only);
  if (!pdf.ok()) {
    SetStatus(Severity::kError, "The CMS-1500 was not made: " + pdf.error().ToString());
    return std::nullopt;
  }
  Download d;
  d.file_name = "cms1500-" + c->row.claim_id + (data_only ? "-data" : "") + ".pdf";
  d.mime = "application/pdf";
  d.bytes = std::move(pdf).value();
  SetStatus(Severity::kInfo, "CMS-1500 of claim " + c->row.claim_id + (data_only ? " (data only, for the red form)" : "") +
                                 ": " + d.file_name + ".");
  return d;
}

}  // namespace medcode::app
