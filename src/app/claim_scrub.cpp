// claim_scrub.cpp: the Session's claim commands (see session.h): loading the claim rules after the search index,
// the open encounter as a claim and its scrub report (cached, checked again only when something it reads changed),
// the claim header and service line fields the Codes panel edits, and the Findings panel's selection, fixes and
// attestations.
//
// [SECTION] Loading the rules and scrubbing the open encounter
// [SECTION] The Findings list (app and scrubber findings merged)
// [SECTION] Selection, go to, fix, attest
// [SECTION] Claim header fields and the defaults a new encounter takes
// [SECTION] Service line fields (units, charge, pointers, date of service)
#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>

#include "app/session.h"
#include "engine/codeset_reference.h"
#include "engine/date.h"

namespace medcode::app {

namespace {

std::string Trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool AllDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Severity FromScrub(engine::ScrubSeverity s) {
  switch (s) {
    case engine::ScrubSeverity::kError: return Severity::kError;
    case engine::ScrubSeverity::kWarning: return Severity::kWarning;
    case engine::ScrubSeverity::kInfo: return Severity::kInfo;
  }
  return Severity::kInfo;
}

// What a finding points at, for the Findings list: "line 2 (29877)", "diagnosis 1 (E10.9)", else the claim field.
std::string Where(const engine::ScrubFinding& f, const engine::EncounterCoding& coding) {
  if (f.line >= 0) {
    std::string s = "line " + std::to_string(f.line + 1);
    if (f.line < static_cast<int>(coding.services.size())) s += " (" + coding.services[size_t(f.line)].code + ")";
    return s;
  }
  if (f.diagnosis >= 0) {
    std::string s = "diagnosis " + std::to_string(f.diagnosis + 1);
    if (f.diagnosis < static_cast<int>(coding.diagnoses.size())) {
      s += " (" + coding.diagnoses[size_t(f.diagnosis)].code + ")";
    }
    return s;
  }
  return f.field.empty() ? "claim" : f.field;
}

// A finding's identity across re-checks (its message may change, e.g. once attested).
std::string FindingKey(const Finding& f) {
  if (!f.scrub) return "app|" + f.rule + "|" + f.where;
  const engine::ScrubFinding& s = *f.scrub;
  return s.rule + "|" + s.field + "|" + std::to_string(s.line) + "|" + std::to_string(s.diagnosis) + "|" +
         std::to_string(s.other) + "|" + s.attestation_subject;
}

// What a bypass modifier asserts, for the confirmation before it is added.
std::string ModifierCaution(const std::string& modifier, int line) {
  const std::string l = "line " + std::to_string(line + 1);
  if (modifier == "59" || modifier == "XE" || modifier == "XS" || modifier == "XP" || modifier == "XU") {
    return "Modifier " + modifier +
           " tells the payer the two services were distinct: a different session, a different site or organ "
           "system, a separate incision or excision, a separate lesion, or a separate injury. Add it only when the "
           "documentation supports distinct services; otherwise the NCCI edit stands and " + l +
           " is not payable. Misusing it is a billing compliance risk.";
  }
  return "Modifier " + modifier + " lets the NCCI edit be bypassed. Add it only when the documentation supports it; "
         "otherwise the edit stands and " + l + " is not payable.";
}

}  // namespace

CodeRef Finding::target() const {
  if (!scrub) return {};
  if (scrub->line >= 0) return {true, scrub->line};
  if (scrub->diagnosis >= 0) return {false, scrub->diagnosis};
  return {};
}

CodeRef Finding::other() const {
  const CodeRef t = target();
  if (t.index < 0 || scrub->other < 0) return {};
  return {t.service, scrub->other};
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Loading the rules and scrubbing the open encounter
// ---------------------------------------------------------------------------------------------------------------

int64_t Session::WallNow() const { return m_wall_clock ? m_wall_clock() : static_cast<int64_t>(std::time(nullptr)); }

engine::Date Session::Today() const {
  const std::time_t t = static_cast<std::time_t>(WallNow());
  std::tm tm{};
  gmtime_r(&t, &tm);
  return engine::Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

void Session::StepScrubberLoad() {
  // A frame or two with the status on screen before the load blocks for a second.
  if (m_scrubber_wait > 0) {
    --m_scrubber_wait;
    return;
  }
  const auto t0 = std::chrono::steady_clock::now();
  auto loaded = engine::Scrubber::Load(*m_pack);
  m_scrubber_load_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  ++m_scrubber_generation;
  if (!loaded.ok()) {
    m_scrubber_failed = true;
    m_scrubber_status = "Claim checks are unavailable: " + loaded.error().ToString();
    m_code_set_findings.push_back({Severity::kError, "scrub.unavailable",
                                   m_scrubber_status + ". Codes can still be assigned; the claim is not checked.",
                                   loaded.error().where});
    RefreshFindings();
    return;
  }
  m_scrubber.emplace(std::move(loaded).value());
  m_scrubber_status.clear();
}

engine::Claim Session::OpenClaim() const {
  engine::Claim claim;
  claim.id = std::to_string(m_selected_id);
  claim.date_of_service = m_draft.date_of_service;
  claim.header = m_draft.claim;
  claim.coding = m_draft.coding;
  return claim;
}

void Session::RefreshScrub() const {
  ScrubCache& c = m_scrub;
  const engine::Date today = Today();
  if (c.encounter == m_selected_id && c.coding_generation == m_coding_generation &&
      c.scrubber_generation == m_scrubber_generation && c.dos == m_draft.date_of_service && c.header == m_draft.claim &&
      c.today == today) {
    return;
  }
  c.encounter = m_selected_id;
  c.coding_generation = m_coding_generation;
  c.scrubber_generation = m_scrubber_generation;
  c.dos = m_draft.date_of_service;
  c.header = m_draft.claim;
  c.today = today;
  // An encounter with nothing assigned yet is not a claim: its findings would only list what is still to do.
  c.scrubbed = m_scrubber && m_selected_id != 0 && !m_draft.coding.empty();
  if (c.scrubbed) {
    m_scrubber->Scrub(OpenClaim(), today, c.report);
    ++m_scrub_runs;
  } else {
    c.report = {};
  }
  ++c.generation;
}

const engine::ScrubReport& Session::scrub_report() const {
  RefreshScrub();
  return m_scrub.report;
}

bool Session::scrubbed() const {
  RefreshScrub();
  return m_scrub.scrubbed;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] The Findings list (app and scrubber findings merged)
// ---------------------------------------------------------------------------------------------------------------

const std::vector<Finding>& Session::findings() const {
  RefreshScrub();
  MergedFindings& m = m_merged;
  if (m.scrub_generation == m_scrub.generation && m.app_generation == m_app_findings_generation) return m.rows;
  m.scrub_generation = m_scrub.generation;
  m.app_generation = m_app_findings_generation;
  m.rows.clear();
  const engine::EncounterCoding& coding = m_draft.coding;
  for (Severity severity : {Severity::kError, Severity::kWarning, Severity::kInfo}) {
    for (const engine::ScrubFinding& s : m_scrub.report.findings) {
      if (FromScrub(s.severity) != severity) continue;
      Finding f(severity, s.rule, s.message, Where(s, coding));
      f.scrub = s;
      if (!s.attestation_subject.empty()) {
        if (const engine::Attestation* a = coding.FindAttestation(s.rule, s.attestation_subject)) f.attestation = *a;
      }
      m.rows.push_back(std::move(f));
    }
    for (const Finding& f : m_app_findings) {
      // Once the claim is checked, the scrubber's claim.dos.* rules say what these did.
      if (f.severity != severity || (m_scrub.scrubbed && f.rule.rfind("encounter.dos.", 0) == 0)) continue;
      m.rows.push_back(f);
    }
  }
  // Keep the selection on the same finding; when it is gone (fixed), stay at the same place in the list.
  if (!m_finding_key.empty()) {
    for (size_t i = 0; i < m.rows.size(); ++i) {
      if (FindingKey(m.rows[i]) == m_finding_key) m_finding_selection = static_cast<int>(i);
    }
  }
  m_finding_selection = m.rows.empty() ? 0 : std::clamp(m_finding_selection, 0, static_cast<int>(m.rows.size()) - 1);
  m_finding_key = m.rows.empty() ? "" : FindingKey(m.rows[static_cast<size_t>(m_finding_selection)]);
  return m.rows;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Selection, go to, fix, attest
// ---------------------------------------------------------------------------------------------------------------

int Session::finding_selection() const { return findings().empty() ? -1 : m_finding_selection; }

const Finding* Session::selected_finding() const {
  const auto& rows = findings();
  return rows.empty() ? nullptr : &rows[static_cast<size_t>(m_finding_selection)];
}

void Session::SelectFinding(int index) {
  const auto& rows = findings();
  if (rows.empty()) return;
  m_finding_selection = std::clamp(index, 0, static_cast<int>(rows.size()) - 1);
  m_finding_key = FindingKey(rows[static_cast<size_t>(m_finding_selection)]);
}

void Session::MoveFindingSelection(int delta) { SelectFinding(m_finding_selection + delta); }

bool Session::GoToSelectedFinding() {
  const Finding* f = selected_finding();
  if (!f) return false;
  const CodeRef target = f->target();
  const auto& coding = m_draft.coding;
  const int n = static_cast<int>(target.service ? coding.services.size() : coding.diagnoses.size());
  if (target.index < 0 || target.index >= n) {
    SetStatus(Severity::kInfo, f->rule + " is about " + f->where + ", not one code.");
    return false;
  }
  SelectCode(target);
  OpenCodeDetail(target.service ? coding.services[size_t(target.index)].code
                                : coding.diagnoses[size_t(target.index)].code);
  return true;
}

bool Session::RequestSelectedFix() {
  const Finding* f = selected_finding();
  if (!f || !f->has_fix()) {
    SetStatus(Severity::kInfo, "This finding has no fix Medcode can apply; see what it says to do.");
    return false;
  }
  const engine::ScrubFix& fix = f->scrub->action;
  const auto& services = m_draft.coding.services;
  if (fix.kind != engine::ScrubFix::Kind::kAddModifier || fix.line < 0 || fix.line >= int(services.size())) {
    SetStatus(Severity::kWarning, "The fix no longer matches the codes; the finding is being checked again.");
    return false;
  }
  const engine::ServiceLine& line = services[size_t(fix.line)];
  std::string after = line.code;
  for (const auto& m : line.modifiers) after += "-" + m;
  after += "-" + fix.modifier;
  PendingFix pending;
  pending.fix = fix;
  pending.rule = f->rule;
  pending.change = "Line " + std::to_string(fix.line + 1) + " (" + line.code + ") gets modifier " + fix.modifier +
                   ": " + after + ".";
  pending.caution = ModifierCaution(fix.modifier, fix.line);
  m_pending_fix = std::move(pending);
  return true;
}

bool Session::ConfirmFix() {
  if (!m_pending_fix) return false;
  const engine::ScrubFix fix = m_pending_fix->fix;
  m_pending_fix.reset();
  auto& coding = m_draft.coding;
  if (fix.line < 0 || fix.line >= static_cast<int>(coding.services.size())) return false;
  const size_t line = static_cast<size_t>(fix.line);
  if (engine::Status s = coding.AddModifier(line, fix.modifier); !s.ok()) {
    SetStatus(Severity::kWarning, s.error().message);
    return false;
  }
  m_code_selection = {true, fix.line};
  CodingChanged("Added modifier " + fix.modifier + " to " + coding.services[line].code + " (line " +
                std::to_string(line + 1) + ").");
  return true;
}

void Session::CancelFix() {
  if (m_pending_fix) SetStatus(Severity::kInfo, "Nothing changed.");
  m_pending_fix.reset();
}

void Session::SetUserName(const std::string& name) {
  const std::string clean = Trimmed(name);
  if (clean.empty()) {
    SetStatus(Severity::kWarning, "Enter a name or user id: attestations record who made them.");
    return;
  }
  m_user_name = clean;
  SaveSetting("user.name", clean);
}

bool Session::AttestSelectedFinding() {
  const Finding* f = selected_finding();
  if (!f || !f->attestable()) {
    SetStatus(Severity::kInfo, "This finding takes no attestation.");
    return false;
  }
  if (f->attestation) {
    SetStatus(Severity::kInfo, "Already attested by " + f->attestation->by + " at " + f->attestation->at + ".");
    return false;
  }
  if (m_user_name.empty()) {
    SetStatus(Severity::kWarning, "Enter your name first: attestations record who made them.");
    return false;
  }
  const std::time_t t = static_cast<std::time_t>(WallNow());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char at[32];
  std::strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
  engine::Attestation a{f->rule, f->scrub->attestation_subject, m_user_name, at};
  std::string subject = a.subject;
  std::replace(subject.begin(), subject.end(), '|', ' ');
  m_draft.coding.attestations.push_back(std::move(a));
  CodingChanged("Attested " + f->rule + " for " + subject + " (by " + m_user_name + ", " + at + ").");
  return true;
}

bool Session::WithdrawSelectedAttestation() {
  const Finding* f = selected_finding();
  if (!f || !f->attestation) return false;
  const std::string rule = f->attestation->rule, subject = f->attestation->subject;
  auto& list = m_draft.coding.attestations;
  list.erase(std::remove_if(list.begin(), list.end(),
                            [&](const engine::Attestation& a) { return a.rule == rule && a.subject == subject; }),
             list.end());
  CodingChanged("Withdrew the attestation of " + rule + " for " + subject + ".");
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Claim header fields and the defaults a new encounter takes
// ---------------------------------------------------------------------------------------------------------------

const char* ClaimFieldKey(ClaimField field) {
  switch (field) {
    case ClaimField::kType: return "type";
    case ClaimField::kPatientAge: return "patient_age";
    case ClaimField::kPatientSex: return "patient_sex";
    case ClaimField::kPlaceOfService: return "place_of_service";
    case ClaimField::kBillingNpi: return "billing_npi";
    case ClaimField::kBillingTaxonomy: return "billing_taxonomy";
    case ClaimField::kRenderingNpi: return "rendering_npi";
    case ClaimField::kPayerId: return "payer_id";
    case ClaimField::kPayerName: return "payer_name";
    case ClaimField::kCount: break;
  }
  return "?";
}

const char* ClaimFieldLabel(ClaimField field) {
  switch (field) {
    case ClaimField::kType: return "Type";
    case ClaimField::kPatientAge: return "Age";
    case ClaimField::kPatientSex: return "Sex";
    case ClaimField::kPlaceOfService: return "POS";
    case ClaimField::kBillingNpi: return "Billing NPI";
    case ClaimField::kBillingTaxonomy: return "Taxonomy";
    case ClaimField::kRenderingNpi: return "Rendering NPI";
    case ClaimField::kPayerId: return "Payer ID";
    case ClaimField::kPayerName: return "Payer";
    case ClaimField::kCount: break;
  }
  return "?";
}

const ClaimFieldView& Session::claim_field(ClaimField field) const {
  ClaimFieldsCache& c = m_claim_fields;
  const engine::ClaimHeader& h = m_draft.claim;
  if (!c.valid || c.encounter != m_selected_id || c.data_generation != m_data_generation || !(c.header == h)) {
    c.valid = true;
    c.encounter = m_selected_id;
    c.data_generation = m_data_generation;
    c.header = h;
    auto set = [&](ClaimField f, std::string text, std::string note, std::string problem) {
      c.fields[static_cast<size_t>(f)] = {std::move(text), std::move(note), std::move(problem)};
    };
    auto npi_problem = [](const std::string& npi) {
      if (npi.empty()) return std::string();
      engine::Status s = engine::CheckNpi(npi);
      return s.ok() ? std::string() : s.error().message;
    };
    switch (h.type) {
      case engine::ClaimType::kProfessional: set(ClaimField::kType, "P", "professional", ""); break;
      case engine::ClaimType::kOutpatientHospital:
        set(ClaimField::kType, "O", "outpatient hospital", "");
        break;
      case engine::ClaimType::kDmeSupplier: set(ClaimField::kType, "D", "DME supplier", ""); break;
    }
    set(ClaimField::kPatientAge, h.patient_age ? std::to_string(*h.patient_age) : "", "",
        h.patient_age && *h.patient_age > 124 ? "An age of " + std::to_string(*h.patient_age) + " years: check it."
                                               : "");
    set(ClaimField::kPatientSex, engine::PatientSexCode(h.patient_sex),
        h.patient_sex == engine::PatientSex::kFemale ? "female"
        : h.patient_sex == engine::PatientSex::kMale ? "male"
                                                     : "unknown",
        "");
    std::string pos_note, pos_problem;
    if (h.place_of_service.empty()) {
      pos_note = "";
    } else if (!m_pack) {
      pos_note = "(code sets not loaded)";
    } else if (auto pos = engine::LookupPlaceOfService(*m_pack, h.place_of_service); !pos.ok()) {
      pos_problem = pos.error().message;
    } else if (!pos->Assigned()) {
      pos_problem = "POS " + pos->code + " is not assigned by CMS: pick the place the service was given.";
    } else {
      pos_note = pos->name;
    }
    set(ClaimField::kPlaceOfService, h.place_of_service, pos_note, pos_problem);
    set(ClaimField::kBillingNpi, h.billing.npi, "", npi_problem(h.billing.npi));
    set(ClaimField::kBillingTaxonomy, h.billing.taxonomy, "",
        h.billing.taxonomy.empty() || h.billing.taxonomy.size() == 10
            ? ""
            : "A taxonomy code has 10 characters (e.g. 207Q00000X).");
    set(ClaimField::kRenderingNpi, h.rendering.npi, h.rendering.npi.empty() ? "blank: billing" : "",
        npi_problem(h.rendering.npi));
    set(ClaimField::kPayerId, h.payer.id, "", "");
    set(ClaimField::kPayerName, h.payer.name, "", "");
  }
  return c.fields[static_cast<size_t>(field)];
}

bool Session::SetClaimField(ClaimField field, std::string_view typed, double now) {
  if (!has_open_encounter()) return false;
  engine::ClaimHeader& h = m_draft.claim;
  const std::string text = Trimmed(typed);
  const std::string up = Upper(text);
  auto refuse = [&](const std::string& why) {
    SetStatus(Severity::kWarning, why);
    return false;
  };
  switch (field) {
    case ClaimField::kType:
      if (up == "P") h.type = engine::ClaimType::kProfessional;
      else if (up == "O") h.type = engine::ClaimType::kOutpatientHospital;
      else if (up == "D") h.type = engine::ClaimType::kDmeSupplier;
      else return refuse("Claim type: P professional, O outpatient hospital, D DME supplier.");
      break;
    case ClaimField::kPatientAge:
      if (text.empty()) {
        h.patient_age.reset();
      } else if (AllDigits(text) && text.size() <= 3) {
        h.patient_age = std::stoi(text);
      } else {
        return refuse("Age: whole years, 0 to 124.");
      }
      break;
    case ClaimField::kPatientSex:
      if (up.empty() || up == "U") h.patient_sex = engine::PatientSex::kUnknown;
      else if (up == "F") h.patient_sex = engine::PatientSex::kFemale;
      else if (up == "M") h.patient_sex = engine::PatientSex::kMale;
      else return refuse("Sex: F, M or U (unknown).");
      break;
    case ClaimField::kPlaceOfService:
      if (!AllDigits(text) || text.size() > 2) return refuse("Place of service: two digits, e.g. 11 (office).");
      h.place_of_service = text;
      break;
    case ClaimField::kBillingNpi: h.billing.npi = text; break;
    case ClaimField::kBillingTaxonomy: h.billing.taxonomy = up; break;
    case ClaimField::kRenderingNpi: h.rendering.npi = text; break;
    case ClaimField::kPayerId: h.payer.id = text; break;
    case ClaimField::kPayerName: h.payer.name = std::string(typed); break;
    case ClaimField::kCount: return false;
  }
  m_claim_edited = true;
  MarkDraftEdited(now);
  return true;
}

engine::ClaimHeader Session::ClaimDefaults() {
  if (m_claim_defaults_saved.empty()) return {};
  auto h = engine::ClaimHeaderFromJson(m_claim_defaults_saved, "setting claim.defaults");
  return h.ok() ? *h : engine::ClaimHeader{};
}

void Session::RememberClaimDefaults() {
  if (!m_claim_edited) return;
  m_claim_edited = false;
  // What a clinic types once: claim type, billing provider, payer and place of service (not the patient).
  engine::ClaimHeader defaults;
  defaults.type = m_draft.claim.type;
  defaults.billing = m_draft.claim.billing;
  defaults.payer = m_draft.claim.payer;
  defaults.place_of_service = m_draft.claim.place_of_service;
  const std::string json = engine::ClaimHeaderToJson(defaults);
  if (json == m_claim_defaults_saved) return;
  m_claim_defaults_saved = json;
  SaveSetting("claim.defaults", json);
}

}  // namespace medcode::app

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Service line fields (units, charge, pointers, date of service)
// ---------------------------------------------------------------------------------------------------------------
namespace medcode::app {

const char* LineFieldKey(LineField field) {
  switch (field) {
    case LineField::kUnits: return "units";
    case LineField::kCharge: return "charge";
    case LineField::kPointers: return "pointers";
    case LineField::kDate: return "dos";
    case LineField::kCount: break;
  }
  return "?";
}

const char* LineFieldLabel(LineField field) {
  switch (field) {
    case LineField::kUnits: return "Units";
    case LineField::kCharge: return "Charge";
    case LineField::kPointers: return "Pointers";
    case LineField::kDate: return "Date";
    case LineField::kCount: break;
  }
  return "?";
}

namespace {

// Whether a scrubber rule is about `field` of a line.
bool RuleIsAbout(LineField field, std::string_view rule) {
  auto starts = [&](std::string_view prefix) { return rule.substr(0, prefix.size()) == prefix; };
  switch (field) {
    case LineField::kUnits: return starts("claim.units.") || starts("ncci.mue.");
    case LineField::kCharge: return starts("claim.charge.");
    case LineField::kPointers: return starts("claim.pointer.");
    case LineField::kDate: return starts("claim.dos.");
    case LineField::kCount: break;
  }
  return false;
}

std::string PointersText(const std::vector<int>& pointers) {
  std::string s;
  for (int p : pointers) s += (s.empty() ? "" : ",") + std::to_string(p);
  return s;
}

}  // namespace

ClaimFieldView Session::line_field(LineField field) const {
  ClaimFieldView view;
  const auto& services = m_draft.coding.services;
  const CodeRef sel = m_code_selection;
  if (!has_open_encounter() || !sel.service || sel.index < 0 || sel.index >= static_cast<int>(services.size())) {
    return view;
  }
  const engine::ServiceLine& l = services[static_cast<size_t>(sel.index)];
  switch (field) {
    case LineField::kUnits: view.text = std::to_string(l.units); break;
    case LineField::kCharge: view.text = l.charge; view.note = l.charge.empty() ? "not entered" : "USD"; break;
    case LineField::kPointers: {
      view.text = PointersText(l.pointers);
      std::string codes;
      for (int p : l.pointers) {
        if (p >= 1 && p <= static_cast<int>(m_draft.coding.diagnoses.size())) {
          codes += (codes.empty() ? "" : " ") + m_draft.coding.diagnoses[static_cast<size_t>(p - 1)].code;
        }
      }
      view.note = codes;
      break;
    }
    case LineField::kDate:
      view.text = l.date_of_service;
      view.note = l.date_of_service.empty() ? "encounter's" : "";
      break;
    case LineField::kCount: break;
  }
  for (const Finding& f : findings()) {
    if (!f.scrub || !(f.target() == sel) || !RuleIsAbout(field, f.rule)) continue;
    view.problem += (view.problem.empty() ? "" : " ") + f.message;
  }
  return view;
}

bool Session::SetLineField(LineField field, std::string_view typed, std::string* why) {
  auto refuse = [&](const std::string& reason) {
    if (why) *why = reason;
    SetStatus(Severity::kWarning, reason);
    return false;
  };
  auto& coding = m_draft.coding;
  const CodeRef sel = m_code_selection;
  if (!has_open_encounter() || !sel.service || sel.index < 0 ||
      sel.index >= static_cast<int>(coding.services.size())) {
    return refuse("Select a service line first (Up/Down in the Codes panel).");
  }
  engine::ServiceLine& l = coding.services[static_cast<size_t>(sel.index)];
  const std::string text = Trimmed(typed);
  const std::string line_name = "Line " + std::to_string(sel.index + 1) + " (" + l.code + ")";
  std::string change;
  switch (field) {
    case LineField::kUnits: {
      if (text.empty() || !AllDigits(text) || text.size() > 4 || std::stoi(text) < 1) {
        return refuse("Units: a whole number from 1 to 9999 (\"" + text + "\" is not).");
      }
      const int units = std::stoi(text);
      if (units == l.units) return true;
      l.units = units;
      change = line_name + ": units " + std::to_string(units) + ".";
      break;
    }
    case LineField::kCharge: {
      std::string_view t = text;
      if (!t.empty() && t.front() == '$') t.remove_prefix(1);
      std::string normal;
      if (!t.empty()) {
        const size_t dot = t.find('.');
        const std::string_view whole = t.substr(0, dot);
        const std::string_view cents = dot == std::string_view::npos ? std::string_view() : t.substr(dot + 1);
        if (whole.empty() && cents.empty()) return refuse("Charge: an amount in dollars, e.g. 125.00.");
        if (!AllDigits(whole) || !AllDigits(cents)) {
          return refuse("Charge: \"" + text + "\" is not an amount; type dollars and cents, e.g. 125.00.");
        }
        if (cents.size() > 2) return refuse("Charge: at most 2 digits of cents (\"" + text + "\").");
        if (whole.size() > 7) return refuse("Charge: \"" + text + "\" is too large for one line (9999999.99 at most).");
        std::string w(whole);
        w.erase(0, std::min(w.find_first_not_of('0'), w.empty() ? 0 : w.size() - 1));
        if (w.empty()) w = "0";
        std::string c(cents);
        while (c.size() < 2) c += '0';
        normal = w + "." + c;
      }
      if (normal == l.charge) return true;
      l.charge = normal;
      change = normal.empty() ? line_name + ": charge cleared." : line_name + ": charge " + normal + ".";
      break;
    }
    case LineField::kPointers: {
      std::vector<int> pointers;
      const int nd = static_cast<int>(coding.diagnoses.size());
      size_t i = 0;
      while (i < text.size()) {
        if (text[i] == ',' || std::isspace(static_cast<unsigned char>(text[i]))) {
          ++i;
          continue;
        }
        size_t j = i;
        while (j < text.size() && text[j] != ',' && !std::isspace(static_cast<unsigned char>(text[j]))) ++j;
        const std::string item = text.substr(i, j - i);
        i = j;
        if (!AllDigits(item) || item.size() > 2) {
          return refuse("Pointers: \"" + item + "\" is not a diagnosis number; type numbers like 1,2.");
        }
        const int p = std::stoi(item);
        if (p < 1 || p > nd) {
          return refuse("Pointers: there is no diagnosis " + item + " (the encounter has " + std::to_string(nd) +
                        (nd == 1 ? " diagnosis)." : " diagnoses)."));
        }
        if (std::find(pointers.begin(), pointers.end(), p) != pointers.end()) {
          return refuse("Pointers: diagnosis " + item + " is named twice.");
        }
        pointers.push_back(p);
      }
      if (pointers.size() > 4) return refuse("Pointers: a line points at 4 diagnoses at most.");
      if (pointers == l.pointers) return true;
      l.pointers = pointers;
      change = pointers.empty() ? line_name + ": pointers cleared."
                                : line_name + ": points at diagnoses " + PointersText(pointers) + ".";
      break;
    }
    case LineField::kDate: {
      std::string iso;
      if (!text.empty()) {
        auto d = engine::ParseDate(text);
        if (!d.ok()) return refuse("Line date of service: " + d.error().message);
        iso = engine::ToIso(*d);
      }
      if (iso == l.date_of_service) return true;
      l.date_of_service = iso;
      change = iso.empty() ? line_name + ": date of service is the encounter's."
                           : line_name + ": date of service " + iso + ".";
      break;
    }
    case LineField::kCount: return false;
  }
  if (why) why->clear();
  CodingChanged(change);
  return true;
}

}  // namespace medcode::app
