// session.h: the application state a screen shows and the commands that change it, with no UI or platform code.
// The Dear ImGui layer draws from a Session and calls its commands; the platform layer feeds it time, files, pasted
// text and the result of persisting storage. Everything here is tested natively.
//
// [SECTION] Types shown on screen (findings, status, save state, claim header fields)
// [SECTION] Types of the Claims view (claim rows, denials, imports, exports, downloads)
// [SECTION] Session
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "app/code_detail.h"
#include "engine/billing.h"
#include "engine/codeset_pack.h"
#include "engine/codeset_tabular.h"
#include "engine/result.h"
#include "engine/scrubber.h"
#include "engine/search.h"
#include "engine/user_store.h"

namespace medcode::app {

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Types shown on screen
// ---------------------------------------------------------------------------------------------------------------
enum class Severity { kError, kWarning, kInfo };
const char* SeverityLetter(Severity s);  // "E", "W", "i": colours never carry meaning alone

// A code in the Codes panel: a diagnosis or a service line by position; index -1 = none.
struct CodeRef {
  bool service = false;
  int index = -1;
  bool operator==(const CodeRef& o) const { return service == o.service && index == o.index; }
};

// A problem for the coder to fix, shown in the Findings panel: the app's own (storage, code sets, the date of service
// before codes are assigned) and the claim scrubber's, in one list. A scrubber finding keeps everything the engine
// said (`scrub`: fix, source row, the line or diagnosis it points at, attestation, action).
struct Finding {
  Finding() = default;
  Finding(Severity s, std::string r, std::string m, std::string w)
      : severity(s), rule(std::move(r)), message(std::move(m)), where(std::move(w)) {}

  Severity severity = Severity::kInfo;
  std::string rule;     // stable id, e.g. "encounter.dos.invalid", "ncci.ptp.modifier_needed"
  std::string message;  // what is wrong and what to do
  std::string where;    // what it points at: "encounter 3, date of service", a file path, "line 2 (29877)"
  std::optional<engine::ScrubFinding> scrub;  // set for the claim scrubber's findings
  std::optional<engine::Attestation> attestation;  // the attestation that accepts it, if any (who and when)

  CodeRef target() const;  // the line or diagnosis it points at; index -1 when none
  CodeRef other() const;   // the other line or diagnosis of a pair (PTP column 1, Excludes1); index -1 when none
  bool attestable() const { return scrub && !scrub->attestation_subject.empty(); }
  bool has_fix() const { return scrub && scrub->action.kind != engine::ScrubFix::Kind::kNone; }
};

// A fix the user asked for, waiting for confirmation (the Findings panel's modal says what will change).
struct PendingFix {
  engine::ScrubFix fix;
  std::string rule;        // the finding it resolves
  std::string change;      // "Line 2 (29877) gets modifier 59: 29877-59."
  std::string caution;     // what the modifier asserts, and that the documentation must support it
};

// The claim header fields the Codes panel edits, in order.
enum class ClaimField {
  kType,             // P professional, O outpatient hospital, D DME supplier
  kPatientAge,       // whole years on the date of service
  kPatientSex,       // F, M, U
  kPlaceOfService,   // two digits
  kBillingNpi,
  kBillingTaxonomy,
  kRenderingNpi,
  kPayerId,
  kPayerName,
  kCount
};
const char* ClaimFieldKey(ClaimField field);    // "type", "patient_age", ... (probe and test names)
const char* ClaimFieldLabel(ClaimField field);  // "Type", "Age", ...

// One claim header field as shown: its text, what it means (the POS name, the claim type), and its own problem.
struct ClaimFieldView {
  std::string text;     // "11"
  std::string note;     // "Office"
  std::string problem;  // "NPI \"1234567890\" fails its check digit ..."; "" when fine
};

// The selected service line's fields the Codes panel edits, in order (shown with ClaimFieldView: text, note, and
// the scrubber's findings about that field of that line as the problem).
enum class LineField {
  kUnits,     // whole number >= 1
  kCharge,    // dollars, stored as "125.00"
  kPointers,  // 1-based diagnosis numbers, at most 4: "1,2" or "1 2"
  kDate,      // the line's date of service: "" = the encounter's; stored as YYYY-MM-DD
  kCount
};
const char* LineFieldKey(LineField field);    // "units", "charge", "pointers", "dos" (probe and test names)
const char* LineFieldLabel(LineField field);  // "Units", "Charge", "Pointers", "Date"

struct StatusMessage {
  Severity severity = Severity::kInfo;
  std::string text;
};

enum class Theme { kLight, kDark };

// One row of the search box's results.
struct SearchRow {
  std::string group;        // a heading shown above the row when it changes: "Recent", "Frequent"; "" for results
  std::string code;
  CodeKind kind = CodeKind::kNone;
  std::string description;  // never blank
  std::string matched;      // the text that matched when it is not the description ("Index: Diabetes > type 2")
  std::vector<std::string> badges;  // "Billable" / "Header", "HCC ...", "Excludes1 with E10.9", "Not valid on DOS"
};

enum class AssignAs { kByKind, kService };

// Whether what the user typed is durably stored (in the browser: synced to IndexedDB).
enum class SaveState {
  kSaved,     // everything typed is on durable storage
  kUnsaved,   // edits not yet written, or written but not yet synced
  kSaving,    // a sync is running
  kFailed,    // the last write or sync failed; it will be retried
  kReadOnly,  // the store could not be opened; edits live in memory only
};
const char* SaveStateLabel(SaveState s);


// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Types of the Claims view (claims.cpp)
// ---------------------------------------------------------------------------------------------------------------

// A claim's place in its life, as the claim list shows it.
enum class ClaimStatus {
  kNeedsFixes,     // built with problems (missing or malformed fields): cannot be exported until rebuilt
  kBuilt,          // built from its encounter without problems; not sent yet
  kSubmitted,      // in an exported 837P
  kAccepted,       // a 999 or 277CA accepted it
  kRejected,       // a 999 or 277CA rejected it (fix and send again)
  kPaid,           // an 835 paid it in full
  kPartiallyPaid,  // an 835 paid part of it
  kDenied,         // an 835 paid nothing
  kReversed,       // an 835 reversed an earlier payment
};
const char* ClaimStatusLabel(ClaimStatus s);  // "built", "submitted", ..., "partially paid"
bool ClaimStatusFromLabel(std::string_view label, ClaimStatus* out);

// One row of the claim list. Amounts are dollars with cents ("125.00"); "" when not known yet.
struct ClaimRow {
  std::string claim_id;  // CLM01, what remittances refer back to
  int64_t encounter_id = 0;
  std::string patient;   // "Doe, Jane"
  std::string date_of_service;
  ClaimStatus status = ClaimStatus::kBuilt;
  std::string charge, expected, paid;
  std::string submitted_at;  // YYYY-MM-DDTHH:MM:SSZ; "" until exported
  std::string note;          // the latest event: "999 accepted", "835: check 12345, paid 80.00", a rejection reason
};

// One adjustment on a posted line (CAS group + CARC + amount), with the code's text.
struct ClaimAdjustment {
  std::string group;  // CO, PR, OA, PI, CR
  std::string carc;
  std::string text;   // the CARC's description ("" when the pack does not know it)
  std::string amount;
};

// A denied line (or claim): what the payer said and, when the scrubber has a rule for it, the rule that would have
// caught it before sending.
struct DenialRow {
  std::string claim_id;
  int64_t encounter_id = 0;
  int line = 0;               // 1-based service line; 0 = the whole claim
  std::string procedure;      // "99213-25" as the payer returned it
  std::string billed, paid;
  std::vector<ClaimAdjustment> adjustments;
  std::vector<std::pair<std::string, std::string>> remarks;  // RARC code, text
  std::string rule;           // scrubber rule id ("ncci.ptp.modifier_needed"), "" when none applies
  std::string rule_text;      // what that rule checks
};

// What the last import of a remittance or acknowledgement did (the status line says it too).
struct ClaimsImportResult {
  bool ok = false;
  std::string file_name;
  std::string kind;     // "835", "999", "277CA"; "" when the file could not be read
  std::string message;  // "835: 1 claim posted (partially paid), 1 denial." / the positioned error
  std::string where;    // the error's position ("segment 12 (CLP), element CLP02"), "" when ok
  int claims_matched = 0;
  int claims_unmatched = 0;
};

// A file for the user to save (an 837P, a CMS-1500 PDF): the platform offers it as a download.
struct Download {
  std::string file_name;  // "medcode-837p-000000001.x12"
  std::string mime;       // "application/edi-x12", "application/pdf"
  std::string bytes;
};

// What the last export wrote.
struct ClaimsExportResult {
  std::string file_name;
  size_t bytes = 0;
  int claim_count = 0;
  std::string control_number;  // ISA13
};

// A claim built for the open encounter that did not pass: its problems, each pointing at the field to fix.
struct ClaimProblem {
  std::string field;    // engine path: "practice.billing.npi", "patient.birth_date", "services[1].charge"
  std::string message;
  enum class Where { kPractice, kPatient, kCoding } where = Where::kCoding;
};

// One claim as the app stores it: its row, the claim as built, the problems it was built with, and what
// remittances said about its lines.
struct StoredClaim {
  ClaimRow row;
  std::string billing_claim_json;  // engine::BillingClaimToJson of the claim as built
  std::vector<ClaimProblem> problems;
  std::vector<DenialRow> denials;
  std::vector<std::string> history;  // "2026-11-27T15:00:00Z exported in 837P 000000001", ...
  std::string group_control, transaction;  // GS06 and ST02 of the 837P it went out in (for a 999)
  std::vector<std::string> remits;         // the payments posted to it, as small 835s
};

// Fields of the Practice settings dialog and of the encounter's patient, edited as text (key = engine field path).
struct TextField {
  std::string key;    // "billing.npi", "payers[0].payer_id", "patient.member_id"
  std::string label;  // "NPI"
  std::string* value = nullptr;
  std::string hint;
};

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Session
// ---------------------------------------------------------------------------------------------------------------
class Session {
 public:
  // Seconds of no typing after which an edited note is written to the database.
  static constexpr double kAutosaveIdleSeconds = 0.8;
  // Seconds after the last write before a sync to durable storage starts (coalesces bursts of writes).
  static constexpr double kSyncDebounceSeconds = 0.3;
  // Seconds to wait before retrying a failed sync.
  static constexpr double kSyncRetrySeconds = 3.0;

  // --- storage ---
  // Opens the user database at `path`. A damaged file is kept aside (renamed) and a new database started; a file
  // from a newer Medcode is left alone and the session runs in memory. Either way the user is told in the status
  // bar and the Findings panel, and the app stays usable.
  void OpenStore(const std::string& path);
  bool store_ready() const { return m_store.has_value(); }
  const std::string& store_path() const { return m_store_path; }

  // --- worklist ---
  const std::vector<engine::EncounterSummary>& encounters() const { return m_encounters; }
  int64_t selected_id() const { return m_selected_id; }
  int SelectedIndex() const;  // index into encounters(), -1 if none
  void NewEncounter();
  void SelectEncounter(int64_t id);
  void SelectRelative(int delta);  // arrow keys in the worklist
  void DeleteSelected();

  // --- the open encounter ---
  // The draft the UI edits in place; call MarkDraftEdited() after each change, CommitEdits() to write now.
  engine::EncounterFields& draft() { return m_draft; }
  const engine::EncounterFields& draft() const { return m_draft; }
  bool has_open_encounter() const { return m_selected_id != 0; }
  bool draft_dirty() const { return m_draft_dirty; }
  // Changes whenever the draft is replaced from outside the editor (another encounter, an opened file, a paste),
  // so an editor holding its own copy of the text knows to reload it.
  uint64_t draft_generation() const { return m_draft_generation; }
  void MarkDraftEdited(double now);
  void CommitEdits();
  // A file the user opened: decoded to text and put into the Document (a new encounter unless the open one has
  // no note yet). Bad files give a clear error and change nothing.
  void LoadDocument(std::string_view file_name, std::string_view bytes);
  // Pasted text that no text field took: appended to the open encounter's note (a new encounter if none).
  void AppendToDocument(std::string_view text);

  // --- code sets ---
  // Opens the code-set pack at `path` (an empty path with `error` when it could not be fetched). Failures become a
  // Findings entry and the status bar says no code sets are loaded; the rest of the app keeps working.
  void LoadCodeSets(const std::string& path, const std::string& error = "");
  const engine::CodeSetPack* code_sets() const { return m_pack ? &*m_pack : nullptr; }

  // --- the encoder: the search box (Ctrl+K) over every code set, and assigning codes to the open encounter ---
  std::string& search_query() { return m_search_query; }
  const std::string& search_query() const { return m_search_query; }
  // The search index is built from the pack after it loads, a part per frame (so the screen says so and keeps
  // drawing).
  bool search_ready() const { return m_search_index.has_value(); }
  const std::string& search_index_status() const { return m_search_index_status; }
  double search_index_build_ms() const { return m_search_index_ms; }  // time spent building it (not waiting)
  // Building runs one part per frame (Tick); progress 0..1 while it runs.
  bool search_index_building() const { return m_index_build.has_value() || m_search_index_wait > 0; }
  double search_index_progress() const {
    return m_index_build ? m_index_build->progress() : m_search_index ? 1.0 : 0.0;
  }
  // Work is under way that needs frames to go on (the platform keeps drawing at full rate meanwhile).
  bool busy() const { return search_index_building() || scrubber_loading(); }
  // The ranked results for the query (an empty query: the user's recent, then frequent codes), each with its
  // description and badges on the open encounter's date of service. Recomputed when the query, the date, the data
  // or the encounter's codes change.
  const std::vector<SearchRow>& search_rows() const;
  int search_selection() const { return m_search_selection; }
  void MoveSearchSelection(int delta);  // arrow keys; clamped to the rows
  const SearchRow* selected_search_row() const;
  // The full lookup of one result row (the search box's preview pane).
  const CodeLookup& search_preview(const std::string& code) const;
  // Assigns `code` to the open encounter: ICD-10-CM as the next diagnosis, CPT / HCPCS as a service line, a modifier
  // onto the selected (else last) service line. A code that needs a 7th character opens the 7th-character builder
  // instead; a category header is refused with what to pick. Saved at once; the status bar says what happened.
  // Returns true when the encounter changed.
  bool AssignCode(const std::string& code, AssignAs as = AssignAs::kByKind);
  // The 7th-character builder: the code waiting for its 7th character (nullptr when none), then the choice.
  const CodeLookup* seventh_builder() const { return m_seventh_pending.empty() ? nullptr : &m_seventh_lookup; }
  bool ChooseSeventh(char character);
  void CancelSeventh() { m_seventh_pending.clear(); }

  // --- the open encounter's codes (the Codes panel) ---
  const engine::EncounterCoding& coding() const { return m_draft.coding; }
  const CodeRef& code_selection() const { return m_code_selection; }
  void SelectCode(CodeRef ref);
  void RemoveSelectedCode();            // Delete
  void MoveSelectedDiagnosis(int delta);  // Alt+Up / Alt+Down: sequencing
  // Description of an assigned code for the Codes panel (cached).
  const std::string& DescribeCode(const std::string& code) const;

  // --- code detail (the Codes panel): one code at a time, with a history to go back through ---
  // Shows `code` (any kind the pack knows); a code the pack does not know shows why. Codes named in notes open
  // here too, so the history lets the coder return.
  void OpenCodeDetail(const std::string& code);
  bool CanGoBack() const { return m_detail_history.size() > 1; }
  void CodeDetailBack();
  // The detail for the code shown, on the open encounter's date of service; nullptr when no code is shown.
  const CodeLookup* code_detail() const;

  // --- the claim: its header (Codes panel) and the scrubber's findings (Findings panel) ---
  // The claim rules are loaded from the pack in a Tick after the search index is built (about 1 s natively), with a
  // status meanwhile; until then, and without a pack, the claim is not checked.
  bool scrubber_ready() const { return m_scrubber.has_value(); }
  bool scrubber_loading() const { return m_pack && !m_scrubber && !m_scrubber_failed; }
  const std::string& scrubber_status() const { return m_scrubber_status; }  // "Loading claim rules..." / an error
  double scrubber_load_ms() const { return m_scrubber_load_ms; }
  // The open encounter as a claim (id = the encounter id), and its scrub report: checked again only when the codes,
  // the header, the date of service, today or the rules change, never per frame. Empty when nothing is assigned.
  engine::Claim OpenClaim() const;
  const engine::ScrubReport& scrub_report() const;
  bool scrubbed() const;  // the open encounter was checked (rules loaded, codes assigned)
  uint64_t scrub_runs() const { return m_scrub_runs; }  // claims checked so far (tests: never per frame)

  // Header fields as text (the editor), with their meaning and their own problem (NPI check digit, unknown POS).
  const ClaimFieldView& claim_field(ClaimField field) const;
  // Sets a field from what was typed (type: P/O/D, sex: F/M/U, age: digits or empty); marks the draft edited.
  // Refused, with the reason in the status bar, when the text cannot be that field.
  bool SetClaimField(ClaimField field, std::string_view text, double now);
  // The selected service line's fields as text (empty views when no service line is selected); the problem is what
  // the scrubber says about that field of that line (claim.units.*, ncci.mue.*, claim.charge.*, claim.pointer.*,
  // claim.dos.*).
  ClaimFieldView line_field(LineField field) const;
  // Sets a field of the selected service line from what was typed; saved at once (findings update). Refused, with
  // the reason in `why` (when given) and the status bar, when the text cannot be that field.
  bool SetLineField(LineField field, std::string_view text, std::string* why = nullptr);
  // The header a new encounter starts with: the claim type, billing provider, payer and POS last used.
  engine::ClaimHeader ClaimDefaults();

  // The Findings panel: its selection (kept on the same finding when the list changes), going to the code a finding
  // points at, the fix (confirmed first) and attestations.
  int finding_selection() const;  // -1 when there are no findings
  const Finding* selected_finding() const;
  void SelectFinding(int index);
  void MoveFindingSelection(int delta);
  // Selects the line or diagnosis the selected finding points at in the Codes panel (and shows it in the detail).
  bool GoToSelectedFinding();
  // Asks to apply the selected finding's fix: it waits in pending_fix() until ConfirmFix() or CancelFix().
  bool RequestSelectedFix();
  const PendingFix* pending_fix() const { return m_pending_fix ? &*m_pending_fix : nullptr; }
  bool ConfirmFix();
  void CancelFix();
  // The user named in attestations (setting "user.name"), asked once.
  const std::string& user_name() const { return m_user_name; }
  void SetUserName(const std::string& name);
  // Records that the selected (attestable) finding's conditions are unrelated: by user_name(), at the session clock
  // (UTC). Refused without a user name. Saved at once.
  bool AttestSelectedFinding();
  bool WithdrawSelectedAttestation();


  // --- claims (claims.cpp): practice settings, the open encounter's patient, claims built, exported, paid ---
  // The practice settings as saved (setting "practice"), and the copy the Practice settings dialog edits:
  // BeginPracticeEdit() copies the saved ones, the dialog edits practice_draft() and calls PracticeDraftEdited()
  // after each change, SavePractice() stores it (incomplete settings are saved too: nothing typed is lost; their
  // problems are listed and keep claims from being exported), CancelPracticeEdit() drops it.
  const engine::PracticeSettings& practice() const { return m_practice; }
  engine::PracticeSettings& practice_draft() { return m_practice_draft; }
  void BeginPracticeEdit();
  void PracticeDraftEdited() { ++m_practice_draft_generation; }
  bool SavePractice();
  void CancelPracticeEdit();
  // The draft's problems (CheckPracticeSettings), and the one of a field ("billing.npi", "payers[0].payer_id";
  // a leading "practice." is ignored): "" when fine.
  const std::vector<engine::BillingProblem>& practice_problems() const;
  std::string PracticeProblem(std::string_view field) const;
  // The draft's text fields in dialog order (Tab order), with their keys; lists grow with Add*/Remove*.
  std::vector<TextField> PracticeFields();
  void AddRenderingProvider();
  void RemoveRenderingProvider(int index);
  void AddPayer();
  void RemovePayer(int index);

  // The open encounter's patient and subscriber (saved with the encounter); PatientEdited() after each change.
  engine::PatientInfo& patient_draft() { return m_draft.patient; }
  const engine::PatientInfo& patient_draft() const { return m_draft.patient; }
  void PatientEdited(double now) { MarkDraftEdited(now); }
  // Name, DOB, address, member id, relationship, group (Tab order); the subscriber's when the relationship is not
  // 18 (self). The sexes are set with SetPatientSex.
  std::vector<TextField> PatientFields();
  // Sets the patient's (or the subscriber's) sex from "F" / "M" / "U"; false (status says why) for anything else.
  bool SetPatientSex(std::string_view text, double now, bool subscriber = false);
  // The open encounter's claim as it would be built now (practice + patient + codes) and its problems, each naming
  // its field; recomputed only when one of them changed.
  const std::vector<ClaimProblem>& claim_problems() const;
  std::string PatientProblem(std::string_view field) const;  // "patient.member_id" or "member_id"
  // Create claim: builds the open encounter's claim and puts it in the claim list (status "built", or "needs fixes"
  // with its problems; the same claim is rebuilt until it is exported; once exported, a new claim is made).
  bool CreateClaimForOpenEncounter();

  // The claim list, newest first, and its selection (-1 when empty).
  const std::vector<ClaimRow>& claims() const { return m_claims; }
  int claim_selection() const { return m_claims.empty() ? -1 : m_claim_selection; }
  void SelectClaim(int index);
  void MoveClaimSelection(int delta) { SelectClaim(m_claim_selection + delta); }
  const ClaimRow* selected_claim() const;
  // The problems stored with a claim that needs fixes (what Create claim found).
  std::vector<ClaimProblem> StoredProblems(const std::string& claim_id) const;
  // Export 837P: the selected claim (`all_ready` false) or every built claim not yet sent. Claims with problems are
  // refused with why. On success the claims become "submitted" and the file comes back for the platform to offer as
  // a download; nullopt (status says why) otherwise.
  std::optional<Download> ExportClaims(bool all_ready);
  const ClaimsExportResult& last_export() const { return m_last_export; }
  // An 835, 999 or 277CA the user opened or dropped: posted against the submitted claims. A file that cannot be
  // read changes nothing and says what is wrong and where.
  void ImportClaimsFile(std::string_view file_name, std::string_view bytes);
  const ClaimsImportResult& last_import() const { return m_last_import; }
  // A dropped file: an X12 interchange (it starts with ISA) is imported as above, anything else opens as a note.
  void OpenDroppedFile(std::string_view file_name, std::string_view bytes);
  // The denial worklist: every denied line of every claim, newest claim first, with its selection.
  const std::vector<DenialRow>& denials() const { return m_denials; }
  int denial_selection() const { return m_denials.empty() ? -1 : m_denial_selection; }
  void SelectDenial(int index);
  void MoveDenialSelection(int delta) { SelectDenial(m_denial_selection + delta); }
  // Opens the selected denial's encounter (and selects the denied line in the Codes panel).
  bool OpenSelectedDenial();
  // The selected claim as a CMS-1500 PDF (plain paper with the form's boxes, or data only for the red form).
  std::optional<Download> Cms1500ForSelectedClaim(bool data_only);
  // What the selected claim's CMS-1500 boxes hold ("box<TAB>value" lines, pages headed): the preview. "" when no
  // claim is selected.
  std::string Cms1500PreviewOfSelectedClaim() const;

  // --- CPT descriptors the user holds a licence for (see engine/cpt_descriptors.h) ---
  // Replaces the imported set with the file's; a bad file changes nothing and says what is wrong and where.
  void ImportCptDescriptors(std::string_view file_name, std::string_view bytes);
  void RemoveCptDescriptors();
  int64_t cpt_descriptor_count() const { return m_cpt_count; }
  // "cpt-2025.txt, imported 2026-11-27" or "" when none.
  const std::string& cpt_descriptor_source() const { return m_cpt_source; }

  // --- settings ---
  Theme theme() const { return m_theme; }
  void SetTheme(Theme theme);
  std::optional<std::string> Setting(const std::string& key);
  void SaveSetting(const std::string& key, const std::string& value);

  // --- status and findings ---
  const StatusMessage& status() const { return m_status; }
  void SetStatus(Severity severity, std::string text);
  // Every finding, errors first, then warnings, then info; within a severity the scrubber's before the app's.
  const std::vector<Finding>& findings() const;
  std::string code_sets_label() const { return m_code_sets_label; }
  bool online() const { return m_online; }
  void SetOnline(bool online) { m_online = online; }

  // --- persistence (the platform asks when to sync and reports back) ---
  uint64_t committed_revision() const { return m_committed_revision; }
  uint64_t synced_revision() const { return m_synced_revision; }
  SaveState save_state() const;
  // True when a sync should start now: new writes exist, none is running, and the debounce (or retry) time passed.
  bool ShouldStartSync(double now) const;
  void RequestSyncNow() { m_sync_forced = true; }  // page hide, Ctrl+S
  void OnSyncStarted();
  void OnSyncFinished(uint64_t revision, bool ok, const std::string& error, double now);
  bool sync_in_flight() const { return m_sync_in_flight; }

  // Called every frame: autosaves a draft idle for kAutosaveIdleSeconds.
  void Tick(double now);
  // Wall clock (unix seconds) for attestations and "today"; tests set a fixed one. Default: std::time.
  void SetWallClock(int64_t (*clock)()) { m_wall_clock = clock; }

 private:
  void ReloadEncounters();
  void LoadDraft(int64_t id);
  void Committed(double now);
  void StorageFailed(const engine::Error& error, std::string_view doing);
  void RefreshFindings();
  void OpenFallbackStore(const engine::Error& why);
  int64_t CreateEncounter(engine::EncounterFields fields);


  // Claims (claims.cpp).
  void LoadClaims();
  void RefreshClaimRows();
  bool StoreClaim(const StoredClaim& record);
  void PostRemittance(std::string_view file_name, std::string_view bytes);
  void PostAcknowledgement(std::string_view file_name, std::string_view bytes, const std::string& kind);
  std::string ExpectedFor(const engine::BillingClaim& claim) const;
  engine::PracticeSettings m_practice, m_practice_draft;
  uint64_t m_practice_generation = 0, m_practice_draft_generation = 0;
  struct PracticeCheck {
    uint64_t generation = ~0ull;
    std::vector<engine::BillingProblem> problems;
  };
  mutable PracticeCheck m_practice_check;
  struct ClaimPreview {
    std::string key;
    std::vector<ClaimProblem> problems;
  };
  mutable ClaimPreview m_claim_preview;
  std::vector<StoredClaim> m_records;  // as stored, newest first
  std::vector<ClaimRow> m_claims;
  std::vector<DenialRow> m_denials;
  int m_claim_selection = 0;
  int m_denial_selection = 0;
  ClaimsExportResult m_last_export;
  ClaimsImportResult m_last_import;

  std::optional<engine::UserStore> m_store;
  std::string m_store_path;
  bool m_read_only = false;
  std::vector<Finding> m_storage_findings;  // recovery / failure notes that outlive a selection change

  std::vector<engine::EncounterSummary> m_encounters;
  int64_t m_selected_id = 0;
  engine::EncounterFields m_draft;
  bool m_draft_dirty = false;
  uint64_t m_draft_generation = 0;
  double m_last_edit = 0;
  double m_now = 0;

  // A lookup computed for a query, a date of service and a generation of the data it reads (pack, descriptors).
  struct CachedLookup {
    CodeLookup lookup;
    std::string dos;
    uint64_t data_generation = ~0ull;
  };
  const CodeLookup& CachedLookUp(CachedLookup& cache, const std::string& query, LookupDepth depth) const;
  void CptDescriptorsChanged();

  std::string m_search_query;
  std::optional<engine::SearchIndex> m_search_index;
  std::string m_search_index_status;
  int m_search_index_wait = 0;
  double m_search_index_ms = 0;  // frames to wait before building the index (the status shows first)
  std::optional<engine::SearchIndexBuild> m_index_build;
  void StepSearchIndexBuild();
  const CodeLookup& PreviewOf(const std::string& code) const;
  bool Excludes1Between(const std::string& a, const std::string& b) const;
  mutable std::unordered_map<std::string, std::vector<engine::IcdNoteRef>> m_excludes1_refs;
  mutable uint64_t m_excludes1_generation = ~0ull;
  void CodingChanged(const std::string& status);
  int64_t WallNow() const;
  engine::Date Today() const;

  // The claim scrubber: loaded a few ticks after the search index, one load per frame.
  void StepScrubberLoad();
  std::optional<engine::Scrubber> m_scrubber;
  bool m_scrubber_failed = false;
  int m_scrubber_wait = 0;
  std::string m_scrubber_status;
  double m_scrubber_load_ms = 0;
  uint64_t m_scrubber_generation = 0;
  struct ScrubCache {
    int64_t encounter = -1;
    uint64_t coding_generation = ~0ull, scrubber_generation = ~0ull;
    std::string dos;
    engine::ClaimHeader header;
    engine::Date today{};
    bool scrubbed = false;
    engine::ScrubReport report;
    uint64_t generation = 0;  // bumped on every new report
  };
  mutable ScrubCache m_scrub;
  mutable uint64_t m_scrub_runs = 0;
  void RefreshScrub() const;
  struct MergedFindings {
    uint64_t scrub_generation = ~0ull, app_generation = ~0ull;
    std::vector<Finding> rows;
  };
  mutable MergedFindings m_merged;
  uint64_t m_app_findings_generation = 0;
  mutable int m_finding_selection = 0;
  mutable std::string m_finding_key;  // the selected finding's identity, to keep it selected as the list changes
  std::optional<PendingFix> m_pending_fix;
  std::string m_user_name;
  struct ClaimFieldsCache {
    int64_t encounter = -1;
    uint64_t data_generation = ~0ull;
    engine::ClaimHeader header;
    bool valid = false;
    ClaimFieldView fields[static_cast<size_t>(ClaimField::kCount)];
  };
  mutable ClaimFieldsCache m_claim_fields;
  std::string m_claim_defaults_saved;  // the JSON last saved as setting "claim.defaults"
  bool m_claim_edited = false;         // the header was edited since the last commit
  void RememberClaimDefaults();
  int64_t (*m_wall_clock)() = nullptr;
  struct SearchRowsCache {
    std::string query, dos;
    uint64_t data_generation = ~0ull, coding_generation = ~0ull;
    std::vector<SearchRow> rows;
  };
  mutable SearchRowsCache m_search_rows;
  int m_search_selection = 0;
  uint64_t m_coding_generation = 0;
  mutable std::unordered_map<std::string, CodeLookup> m_preview_cache;  // per code, for m_preview_key
  mutable std::string m_preview_key;                                     // dos + data generation it holds
  std::string m_seventh_pending;
  CodeLookup m_seventh_lookup;
  CodeRef m_code_selection;
  std::vector<std::string> m_detail_history;  // codes opened in the detail view, the shown one last
  mutable CachedLookup m_detail_cache;
  uint64_t m_data_generation = 0;  // bumped when the pack or the CPT descriptors change
  int64_t m_cpt_count = 0;
  std::string m_cpt_source;
  std::optional<engine::CodeSetPack> m_pack;
  std::vector<Finding> m_code_set_findings;
  Theme m_theme = Theme::kLight;

  StatusMessage m_status;
  std::vector<Finding> m_app_findings;
  std::string m_code_sets_label = "Code sets: none loaded";
  bool m_online = true;

  uint64_t m_committed_revision = 0;
  uint64_t m_synced_revision = 0;
  double m_last_commit = 0;
  bool m_sync_in_flight = false;
  bool m_sync_forced = false;
  bool m_last_sync_failed = false;
  bool m_last_write_failed = false;
  double m_last_sync_failure = 0;
};

}  // namespace medcode::app
