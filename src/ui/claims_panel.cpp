// claims_panel.cpp: the Claims view, which replaces the Document and Codes panels (Alt+C toggles it): the commands
// (Create claim Alt+B, Export 837P Alt+X, Import 835 / 999 / 277CA Alt+I or a dropped file, CMS-1500 PDF Alt+P,
// Practice settings Alt+S), the open encounter's patient fields (Tab moves, each field's problem under it), and three
// lists: the claim's problems (Enter goes to the field to fix), the claim list (claim id, patient, DOS, status,
// charge, expected, paid) and the denial worklist (CARC / RARC codes and texts, the scrubber rule that would have
// caught it; Enter opens the encounter). Keys while the panel has focus and no field is edited: Left/Right change
// the list, Up/Down select, Enter acts. Also the Practice settings dialog (Enter saves, Esc cancels).
//
// [SECTION] Commands shared with the menu and the shortcuts
// [SECTION] Fields (patient, practice) with their problems
// [SECTION] Lists: problems, claims, denials
// [SECTION] The panel
// [SECTION] The Practice settings dialog
// [SECTION] CMS-1500 preview
// [SECTION] Probe
#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "ui/widgets.h"

namespace medcode::ui {

namespace {

constexpr const char* kPracticePopup = "Practice settings";

using Tab = UiState::ClaimsView::Tab;

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Commands shared with the menu and the shortcuts
// ---------------------------------------------------------------------------------------------------------------

void ShowClaimsView(UiState& ui, bool show) {
  ui.view = show ? View::kClaims : View::kCoding;
  ui.RequestFocus(show ? Panel::kClaims : Panel::kCodes);
}

void CreateClaim(app::Session& session, UiState& ui) {
  if (ui.view != View::kClaims) ShowClaimsView(ui, true);
  if (!session.CreateClaimForOpenEncounter()) return;
  const app::ClaimRow* row = session.selected_claim();
  ui.claims.tab = row && row->status == app::ClaimStatus::kNeedsFixes ? Tab::kProblems : Tab::kClaims;
  ui.claims.select_tab = true;
  ui.claims.problem_selection = 0;
}

void ExportClaims(app::Session& session, Host& host, bool all_ready) {
  if (auto file = session.ExportClaims(all_ready)) host.Download(*file);
}

void DownloadCms1500(app::Session& session, Host& host, bool data_only) {
  if (auto file = session.Cms1500ForSelectedClaim(data_only)) host.Download(*file);
}

void OpenPracticeSettings(app::Session& session, UiState& ui, const std::string& focus) {
  if (!ui.claims.show_practice) session.BeginPracticeEdit();
  ui.claims.show_practice = true;
  ui.claims.practice_focus = focus.empty() ? "billing.name" : focus;
  ui.hold_text_frames = 2;
}

namespace {

// Goes to the field a claim problem is about: the Practice settings dialog, the patient fields, or the coding view
// with the service line selected.
void GoToProblem(app::Session& session, UiState& ui, const app::ClaimProblem& p) {
  switch (p.where) {
    case app::ClaimProblem::Where::kPractice: {
      std::string key = p.field;
      if (key.rfind("practice.", 0) == 0) key = key.substr(9);
      if (key == "payers") {
        if (session.practice_draft().payers.empty()) session.AddPayer();
        key = "payers[0].name";
      }
      OpenPracticeSettings(session, ui, key);
      break;
    }
    case app::ClaimProblem::Where::kPatient:
      ui.claims.patient_focus = p.field.rfind("patient.", 0) == 0 ? p.field : "patient." + p.field;
      ui.hold_text_frames = 2;
      break;
    case app::ClaimProblem::Where::kCoding: {
      // "claim.services[2].charge": line 3 in the Codes panel, its editor open at that field; the claim's own fields
      // (place of service, payer, NPIs) are in the claim header there.
      const std::string field = p.field.rfind("claim.", 0) == 0 ? p.field.substr(6) : p.field;
      int line = -1;
      if (std::sscanf(field.c_str(), "services[%d]", &line) == 1 && line >= 0 &&
          line < static_cast<int>(session.coding().services.size())) {
        session.SelectCode({true, line});
        ui.line_editor.focus = p.field.find(".charge") != std::string::npos     ? 1
                               : p.field.find(".pointers") != std::string::npos ? 2
                               : p.field.find("date") != std::string::npos      ? 3
                                                                                : 0;
        ui.scroll_to_code = true;
      }
      ShowClaimsView(ui, false);
      session.SetStatus(app::Severity::kInfo, p.field + ": " + p.message);
      break;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Fields (patient, practice) with their problems
// ---------------------------------------------------------------------------------------------------------------

// One labelled text field in a two-column table (label | box), its problem under the box. Returns true when edited.
bool TableField(UiState& ui, const app::TextField& f, const std::string& problem, std::string& focus,
                const std::string& probe_prefix, app::Theme theme, bool enter_returns = false, bool* entered = nullptr) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(f.label.c_str());
  ImGui::TableNextColumn();
  const std::string id = "##" + f.key;
  if (focus == f.key) {
    ImGui::SetKeyboardFocusHere();
    ImGui::SetScrollHereY(0.3f);
    focus.clear();
  }
  LeaveFieldOnEscape(id.c_str());
  ImGui::SetNextItemWidth(-FLT_MIN);
  const ImGuiInputTextFlags flags = enter_returns ? ImGuiInputTextFlags_EnterReturnsTrue : 0;
  const std::string before = *f.value;
  const bool returned = ImGui::InputTextWithHint(id.c_str(), f.hint.c_str(), f.value, flags);
  if (entered && enter_returns && returned) *entered = true;
  ui.probe.RecordLastItem(probe_prefix + f.key);
  if (!problem.empty()) {
    SeverityBadge(app::Severity::kError, theme);
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(problem.c_str());
    ImGui::PopTextWrapPos();
  }
  return *f.value != before;
}

// The open encounter's patient: name, date of birth, sex, address, member id, relationship.
// The first cell of a list row: selectable across the whole row, recorded for the probe as `probe_id`, kept in view
// when it was chosen by keys. Returns 1 on a click, 2 on a double click, 0 otherwise.
int ListRowCell(UiState& ui, int index, const char* label, bool selected, const std::string& probe_id, bool scroll) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::PushID(index);
  int clicked = 0;
  if (ImGui::Selectable(label, selected, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick)) {
    clicked = ImGui::IsMouseDoubleClicked(0) ? 2 : 1;
  }
  ui.probe.RecordLastItem(probe_id);
  if (selected && scroll) ImGui::SetScrollHereY(0.5f);
  ImGui::PopID();
  return clicked;
}

void DrawPatient(app::Session& session, UiState& ui, Host& host) {
  std::string title = "Patient";
  if (session.has_open_encounter()) {
    const engine::PatientInfo& p = session.patient_draft();
    title += "  (encounter " + std::to_string(session.selected_id()) + ")";
    if (!p.last_name.empty()) title += "  " + p.last_name + (p.first_name.empty() ? "" : ", " + p.first_name);
  }
  title += "###claims_patient";
  if (!ImGui::CollapsingHeader(title.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) return;
  if (!session.has_open_encounter()) {
    ImGui::TextDisabled("No encounter open: select one in the worklist.");
    return;
  }
  ImGui::PushID("patient");
  const float label_w = ImGui::CalcTextSize("Subscriber first_").x;
  if (ImGui::BeginTable("patient_fields", 2, ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, label_w);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    const std::vector<app::TextField> fields = session.PatientFields();
    // One field a row: label | box (its problem under it). Tab follows the rows.
    auto cell = [&](const app::TextField& f) {
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted(f.label.c_str());
      ImGui::TableNextColumn();
      const std::string id = "##" + f.key;
      if (ui.claims.patient_focus == f.key) {
        ImGui::SetKeyboardFocusHere();
        ui.claims.patient_focus.clear();
      }
      if (LeaveFieldOnEscape(id.c_str())) session.CommitEdits();
      ImGui::SetNextItemWidth(-FLT_MIN);
      if (ImGui::InputTextWithHint(id.c_str(), f.hint.c_str(), f.value)) session.PatientEdited(host.Now());
      if (ImGui::IsItemDeactivatedAfterEdit()) session.CommitEdits();
      ui.probe.RecordLastItem(f.key);
      const std::string problem = session.PatientProblem(f.key);
      if (!problem.empty()) {
        SeverityBadge(app::Severity::kError, session.theme());
        ImGui::SameLine();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(problem.c_str());
        ImGui::PopTextWrapPos();
      }
    };
    // Sex follows the date of birth (the patient's, then the subscriber's): F, M or U, typed.
    auto sex_cell = [&](bool subscriber) {
      const std::string key = subscriber ? "patient.subscriber_sex" : "patient.sex";
      const std::string id = "##" + key;
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted(subscriber ? "Subscriber sex" : "Sex");
      ImGui::TableNextColumn();
      std::string& sex = subscriber ? ui.claims.subscriber_sex_text : ui.claims.sex_text;
      const engine::PatientInfo& pi = session.patient_draft();
      if (ImGui::GetActiveID() != ImGui::GetID(id.c_str())) {
        sex = engine::PatientSexCode(subscriber ? pi.subscriber_sex : pi.sex);
      }
      if (ui.claims.patient_focus == key) {
        ImGui::SetKeyboardFocusHere();
        ui.claims.patient_focus.clear();
      }
      LeaveFieldOnEscape(id.c_str());
      ImGui::SetNextItemWidth(ImGui::CalcTextSize("MM").x + ImGui::GetStyle().FramePadding.x * 2);
      if (ImGui::InputTextWithHint(id.c_str(), "U", &sex,
                                   ImGuiInputTextFlags_AutoSelectAll | ImGuiInputTextFlags_CharsUppercase)) {
        session.SetPatientSex(sex, host.Now(), subscriber);
      }
      if (ImGui::IsItemDeactivatedAfterEdit()) session.CommitEdits();
      ui.probe.RecordLastItem(key);
      ImGui::SameLine();
      ImGui::TextDisabled("F, M, U");
      const std::string problem = session.PatientProblem(key);
      if (!problem.empty()) {
        SeverityBadge(app::Severity::kError, session.theme());
        ImGui::SameLine();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(problem.c_str());
        ImGui::PopTextWrapPos();
      }
    };
    auto next = [&](auto&& draw) {
      ImGui::TableNextRow();
      draw();
    };
    for (const auto& f : fields) {
      next([&] { cell(f); });
      if (f.key == "patient.birth_date") next([&] { sex_cell(false); });
      if (f.key == "patient.subscriber_birth_date") next([&] { sex_cell(true); });
    }
    ImGui::EndTable();
  }
  ImGui::TextDisabled("Relationship to the subscriber: 18 self, 01 spouse, 19 child, G8 other.");
  ImGui::PopID();
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Lists: problems, claims, denials
// ---------------------------------------------------------------------------------------------------------------

// The height of a list: what is left of the panel above its key hints, but at least 8 rows (the panel scrolls).
float ListHeight() {
  const float line = ImGui::GetTextLineHeightWithSpacing();
  return std::max(ImGui::GetContentRegionAvail().y - line * 1.5f, line * 9.0f);
}

const char* WhereLabel(app::ClaimProblem::Where w) {
  switch (w) {
    case app::ClaimProblem::Where::kPractice: return "practice settings";
    case app::ClaimProblem::Where::kPatient: return "patient";
    case app::ClaimProblem::Where::kCoding: return "codes";
  }
  return "";
}

void DrawProblems(app::Session& session, UiState& ui, bool keys) {
  const std::vector<app::ClaimProblem> problems = session.claim_problems();  // copied: going to one may change them
  if (!session.has_open_encounter()) {
    ImGui::TextDisabled("No encounter open.");
    return;
  }
  if (problems.empty()) {
    SeverityBadge(app::Severity::kInfo, session.theme());
    ImGui::SameLine();
    ImGui::TextWrapped("The open encounter's claim has everything the 837P and the CMS-1500 need: Create claim "
                       "(Alt+B), then Export 837P (Alt+X).");
    return;
  }
  int& sel = ui.claims.problem_selection;
  sel = std::clamp(sel, 0, static_cast<int>(problems.size()) - 1);
  if (keys) {
    if (ImGui::IsKeyPressedMap(ImGuiKey_DownArrow)) sel = std::min(sel + 1, static_cast<int>(problems.size()) - 1);
    if (ImGui::IsKeyPressedMap(ImGuiKey_UpArrow)) sel = std::max(sel - 1, 0);
  }
  bool go = keys && ImGui::IsKeyPressedMap(ImGuiKey_Enter, false);
  ImGui::TextDisabled("What keeps this claim from being billed. Enter (or double-click) goes to the field.");
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV;
  if (ImGui::BeginTable("problems", 3, flags, ImVec2(0, ListHeight()))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("W ").x);
    ImGui::TableSetupColumn("Field", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("practice.billing.address.zip").x);
    ImGui::TableSetupColumn("Problem", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < problems.size(); ++i) {
      if (int click = ListRowCell(ui, static_cast<int>(i), "##p", static_cast<int>(i) == sel,
                                  "claims.problem." + std::to_string(i), false)) {
        sel = static_cast<int>(i);
        if (click == 2) go = true;
      }
      ImGui::SameLine(0, 0);
      SeverityBadge(app::Severity::kError, session.theme());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(problems[i].field.c_str());
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s  (%s)", problems[i].message.c_str(), WhereLabel(problems[i].where));
    }
    ImGui::EndTable();
  }
  if (go) GoToProblem(session, ui, problems[static_cast<size_t>(sel)]);
}

// A right-aligned amount in the current table cell.
void Amount(const std::string& text) {
  const float w = ImGui::CalcTextSize(text.c_str()).x;
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, ImGui::GetContentRegionAvail().x - w));
  ImGui::TextUnformatted(text.c_str());
}

void DrawClaimList(app::Session& session, UiState& ui, bool keys) {
  const auto& claims = session.claims();
  if (claims.empty()) {
    ImGui::TextWrapped("No claims yet. Code an encounter, enter its patient and the practice settings (Alt+S), then "
                       "Create claim (Alt+B).");
    return;
  }
  if (keys) {
    if (ImGui::IsKeyPressedMap(ImGuiKey_DownArrow)) session.MoveClaimSelection(+1);
    if (ImGui::IsKeyPressedMap(ImGuiKey_UpArrow)) session.MoveClaimSelection(-1);
  }
  bool open = keys && ImGui::IsKeyPressedMap(ImGuiKey_Enter, false);
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_Resizable;
  const float money = ImGui::CalcTextSize("0000000.00").x;
  if (ImGui::BeginTable("claims", 8, flags, ImVec2(0, ListHeight()))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Claim", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("C0000-00").x);
    ImGui::TableSetupColumn("Patient", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("DOS", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("0000-00-00").x);
    ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("W  partially paid").x);
    ImGui::TableSetupColumn("Charge", ImGuiTableColumnFlags_WidthFixed, money);
    ImGui::TableSetupColumn("Expected", ImGuiTableColumnFlags_WidthFixed, money);
    ImGui::TableSetupColumn("Paid", ImGuiTableColumnFlags_WidthFixed, money);
    ImGui::TableSetupColumn("Last event", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < claims.size(); ++i) {
      const app::ClaimRow& c = claims[i];
      const bool selected = static_cast<int>(i) == session.claim_selection();
      if (int click = ListRowCell(ui, static_cast<int>(i), c.claim_id.c_str(), selected,
                                  "claims.row." + std::to_string(i), keys)) {
        session.SelectClaim(static_cast<int>(i));
        if (click == 2) open = true;
      }
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(c.patient.empty() ? "(no name)" : c.patient.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(c.date_of_service.c_str());
      ImGui::TableNextColumn();
      // The status in words; problems and denials also carry their letter (colour never alone).
      const bool bad = c.status == app::ClaimStatus::kNeedsFixes || c.status == app::ClaimStatus::kRejected ||
                       c.status == app::ClaimStatus::kDenied;
      const bool partial = c.status == app::ClaimStatus::kPartiallyPaid || c.status == app::ClaimStatus::kReversed;
      if (bad || partial) {
        SeverityBadge(bad ? app::Severity::kError : app::Severity::kWarning, session.theme());
        ImGui::SameLine(0, 4.0f * ui.scale);
      }
      ImGui::TextUnformatted(app::ClaimStatusLabel(c.status));
      ImGui::TableNextColumn();
      Amount(c.charge);
      ImGui::TableNextColumn();
      Amount(c.expected);
      ImGui::TableNextColumn();
      Amount(c.paid);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(c.note.c_str());
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", c.note.c_str());
    }
    ImGui::EndTable();
  }
  ImGui::TextDisabled("Up/Down select   Enter opens the encounter   Alt+X export   Alt+P CMS-1500");
  if (open) {
    if (const app::ClaimRow* c = session.selected_claim()) {
      session.SelectEncounter(c->encounter_id);
      if (c->status == app::ClaimStatus::kNeedsFixes) {
        ui.claims.tab = Tab::kProblems;
        ui.claims.select_tab = true;
      }
    }
  }
}

void DrawDenials(app::Session& session, UiState& ui, bool keys) {
  const auto& denials = session.denials();
  if (denials.empty()) {
    ImGui::TextWrapped("No denials. Lines an 835 pays nothing for are listed here with the payer's reasons.");
    return;
  }
  if (keys) {
    if (ImGui::IsKeyPressedMap(ImGuiKey_DownArrow)) session.MoveDenialSelection(+1);
    if (ImGui::IsKeyPressedMap(ImGuiKey_UpArrow)) session.MoveDenialSelection(-1);
  }
  bool open = keys && ImGui::IsKeyPressedMap(ImGuiKey_Enter, false);
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_Resizable;
  const float money = ImGui::CalcTextSize("0000000.00").x;
  if (ImGui::BeginTable("denials", 6, flags, ImVec2(0, ListHeight()))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Claim", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("C0000-00").x);
    ImGui::TableSetupColumn("Line", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("L0 99999-XX").x);
    ImGui::TableSetupColumn("Billed", ImGuiTableColumnFlags_WidthFixed, money);
    ImGui::TableSetupColumn("Reason (CARC / RARC)", ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableSetupColumn("Scrubber rule that catches it", ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableSetupColumn("Paid", ImGuiTableColumnFlags_WidthFixed, money);
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < denials.size(); ++i) {
      const app::DenialRow& d = denials[i];
      const bool selected = static_cast<int>(i) == session.denial_selection();
      if (int click = ListRowCell(ui, static_cast<int>(i), d.claim_id.c_str(), selected,
                                  "denials.row." + std::to_string(i), keys)) {
        session.SelectDenial(static_cast<int>(i));
        if (click == 2) open = true;
      }
      ImGui::TableNextColumn();
      const std::string line = d.line ? "L" + std::to_string(d.line) + " " + d.procedure : "claim";
      ImGui::TextUnformatted(line.c_str());
      ImGui::TableNextColumn();
      Amount(d.billed);
      ImGui::TableNextColumn();
      ImGui::PushTextWrapPos(0.0f);
      for (const auto& a : d.adjustments) {
        SeverityBadge(app::Severity::kError, session.theme());
        ImGui::SameLine(0, 4.0f * ui.scale);
        ImGui::Text("%s-%s %s  %s", a.group.c_str(), a.carc.c_str(), a.amount.c_str(),
                    a.text.empty() ? "(reason code not in the code sets)" : a.text.c_str());
      }
      for (const auto& r : d.remarks) {
        ImGui::Text("%s  %s", r.first.c_str(), r.second.empty() ? "(remark code not in the code sets)" : r.second.c_str());
      }
      ImGui::PopTextWrapPos();
      ImGui::TableNextColumn();
      ImGui::PushTextWrapPos(0.0f);
      if (d.rule.empty()) {
        ImGui::TextDisabled("no scrubber rule for this reason");
      } else {
        ImGui::Text("%s", d.rule.c_str());
        if (!d.rule_text.empty()) ImGui::TextDisabled("%s", d.rule_text.c_str());
      }
      ImGui::PopTextWrapPos();
      ImGui::TableNextColumn();
      Amount(d.paid);
    }
    ImGui::EndTable();
  }
  ImGui::TextDisabled("Up/Down select   Enter opens the encounter at the denied line");
  if (open && session.OpenSelectedDenial()) {
    ShowClaimsView(ui, false);
    ui.scroll_to_code = true;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] The panel
// ---------------------------------------------------------------------------------------------------------------

bool ToolButton(UiState& ui, const char* label, const char* tip, const char* probe, bool enabled = true) {
  ImGui::BeginDisabled(!enabled);
  const bool pressed = ImGui::Button(label);
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tip);
  ui.probe.RecordLastItem(probe);
  ImGui::SameLine();
  return pressed;
}

void DrawToolbar(app::Session& session, UiState& ui, Host& host) {
  const app::ClaimRow* sel = session.selected_claim();
  if (ToolButton(ui, "Create claim  Alt+B", "Build the open encounter's claim from its codes, patient and the practice",
                 "claims.button.create", session.has_open_encounter())) {
    CreateClaim(session, ui);
  }
  const bool exportable = sel && (sel->status == app::ClaimStatus::kBuilt || sel->status == app::ClaimStatus::kRejected);
  if (ToolButton(ui, "Export 837P  Alt+X", "Download the selected claim as an X12 837P file; it becomes submitted",
                 "claims.button.export", exportable)) {
    ExportClaims(session, host, false);
  }
  if (ToolButton(ui, "Export all ready", "Download every built claim not yet sent in one 837P", "claims.button.export_all")) {
    ExportClaims(session, host, true);
  }
  if (ToolButton(ui, "Import 835 / 999 / 277CA  Alt+I", "Open a remittance or acknowledgement file (or drop it on the page)",
                 "claims.button.import")) {
    host.OpenFilePicker(FilePurpose::kClaimsFile);
  }
  ImGui::NewLine();
  if (ToolButton(ui, "CMS-1500 preview", "What each box of the selected claim's CMS-1500 holds",
                 "claims.button.cms1500_preview", sel != nullptr)) {
    ui.claims.show_preview = !ui.claims.show_preview;
  }
  if (ToolButton(ui, "CMS-1500 PDF  Alt+P", "Download the selected claim as a CMS-1500 on plain paper",
                 "claims.button.cms1500", sel != nullptr)) {
    DownloadCms1500(session, host, false);
  }
  if (ToolButton(ui, "CMS-1500 data only", "Only the data, aligned to print on the red OCR form",
                 "claims.button.cms1500_data", sel != nullptr)) {
    DownloadCms1500(session, host, true);
  }
  if (ToolButton(ui, "Practice settings  Alt+S", "Billing provider, rendering providers, payers", "claims.button.practice")) {
    OpenPracticeSettings(session, ui);
  }
  ImGui::NewLine();
  const app::ClaimsImportResult& last = session.last_import();
  if (!last.file_name.empty()) {
    SeverityBadge(last.ok ? app::Severity::kInfo : app::Severity::kError, session.theme());
    ImGui::SameLine();
    // The readers' messages name the segment; the file and position are repeated only when they do not.
    const bool placed = last.where.empty() || last.message.find("segment ") != std::string::npos;
    const std::string text = placed ? last.message : last.message + "  (" + last.where + ")";
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ui.probe.RecordLastItem("claims.last_import");
  }
}

}  // namespace

void DrawClaimsPanel(app::Session& session, UiState& ui, Host& host) {
  std::string detail = std::to_string(session.claims().size()) + " claims, " +
                       std::to_string(session.denials().size()) + " denials";
  detail += ui.focused == Panel::kClaims ? "   |   Left/Right list   Up/Down select   Enter acts   Alt+C coding view"
                                         : "   |   Alt+C back to coding";
  PanelHeader(Panel::kClaims, "Claims", ui, detail.c_str());
  const bool keys = ui.focused == Panel::kClaims && !ui.search_active && !ui.claims.show_practice &&
                    !ImGui::GetIO().WantTextInput && !ImGui::GetIO().KeyCtrl && !ImGui::GetIO().KeyAlt;
  DrawToolbar(session, ui, host);
  ImGui::Separator();
  // The patient on the left, the lists on the right: both in view whatever the panel's height.
  const float patient_w = std::clamp(ImGui::GetContentRegionAvail().x * 0.36f, 240.0f * ui.scale, 440.0f * ui.scale);
  ImGui::BeginChild("##claims_patient", ImVec2(patient_w, 0), false);
  DrawPatient(session, ui, host);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("##claims_lists", ImVec2(0, 0), false);
  if (keys) {
    int t = static_cast<int>(ui.claims.tab);
    if (ImGui::IsKeyPressedMap(ImGuiKey_RightArrow)) t = std::min(t + 1, 2);
    if (ImGui::IsKeyPressedMap(ImGuiKey_LeftArrow)) t = std::max(t - 1, 0);
    if (t != static_cast<int>(ui.claims.tab)) {
      ui.claims.tab = static_cast<Tab>(t);
      ui.claims.select_tab = true;
    }
  }
  const std::string problems_label = "Problems (" + std::to_string(session.claim_problems().size()) + ")###problems";
  const std::string claims_label = "Claims (" + std::to_string(session.claims().size()) + ")###claims";
  const std::string denials_label = "Denials (" + std::to_string(session.denials().size()) + ")###denials";
  if (ImGui::BeginTabBar("claims_tabs")) {
    auto tab = [&](const std::string& label, Tab which, const char* probe) {
      const ImGuiTabItemFlags flags =
          ui.claims.select_tab && ui.claims.tab == which ? ImGuiTabItemFlags_SetSelected : 0;
      const bool open = ImGui::BeginTabItem(label.c_str(), nullptr, flags);
      ui.probe.RecordLastItem(probe);
      if (open) {
        if (!ui.claims.select_tab) ui.claims.tab = which;  // a click on the tab
        switch (which) {
          case Tab::kProblems: DrawProblems(session, ui, keys); break;
          case Tab::kClaims: DrawClaimList(session, ui, keys); break;
          case Tab::kDenials: DrawDenials(session, ui, keys); break;
        }
        ImGui::EndTabItem();
      }
    };
    tab(problems_label, Tab::kProblems, "claims.tab.problems");
    tab(claims_label, Tab::kClaims, "claims.tab.claims");
    tab(denials_label, Tab::kDenials, "claims.tab.denials");
    ImGui::EndTabBar();
  }
  ImGui::EndChild();
  ui.claims.select_tab = false;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] The Practice settings dialog
// ---------------------------------------------------------------------------------------------------------------

void DrawPracticeDialog(app::Session& session, UiState& ui, Host& host) {
  if (ui.claims.show_practice && !ImGui::IsPopupOpen(kPracticePopup)) ImGui::OpenPopup(kPracticePopup);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(760.0f * ui.scale, vp->WorkSize.x - 20.0f * ui.scale),
                                  std::min(640.0f * ui.scale, vp->WorkSize.y - 20.0f * ui.scale)),
                           ImGuiCond_Appearing);
  if (!ImGui::BeginPopupModal(kPracticePopup, nullptr, ImGuiWindowFlags_NoSavedSettings)) {
    ui.claims.show_practice = false;
    return;
  }
  ui.probe.RecordWindow("window.practice");
  ImGui::TextWrapped("Who bills, who renders, who pays. Kept in this browser only; every claim and 837P uses them. "
                     "Tab moves between fields, Enter saves, Esc cancels.");
  bool save = false, cancel = false;
  const float button_row = ImGui::GetFrameHeightWithSpacing() * 1.5f;
  ImGui::BeginChild("##practice_fields", ImVec2(0, -button_row), false);
  const app::Theme theme = session.theme();
  bool changed = false;
  auto group = [&](const char* title, const std::vector<app::TextField>& fields, size_t from, size_t to) {
    ImGui::Spacing();
    ImGui::TextUnformatted(title);
    ImGui::Separator();
    if (!ImGui::BeginTable(title, 2, ImGuiTableFlags_SizingStretchProp)) return;
    ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("Rendering last name__").x);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    for (size_t i = from; i < to && i < fields.size(); ++i) {
      changed |= TableField(ui, fields[i], session.PracticeProblem(fields[i].key), ui.claims.practice_focus,
                            "practice.", theme, true, &save);
    }
    ImGui::EndTable();
  };
  const std::vector<app::TextField> fields = session.PracticeFields();
  const engine::PracticeSettings& draft = session.practice_draft();
  group("Billing provider", fields, 0, 10);
  group("X12 submitter and receiver", fields, 10, 13);
  size_t at = 13;
  for (size_t r = 0; r < draft.rendering.size(); ++r, at += 4) {
    ImGui::PushID(static_cast<int>(100 + r));
    const std::string title = "Rendering provider " + std::to_string(r + 1);
    group(title.c_str(), fields, at, at + 4);
    if (ImGui::SmallButton("Remove this rendering provider")) {
      session.RemoveRenderingProvider(static_cast<int>(r));
      ImGui::PopID();
      break;
    }
    ImGui::PopID();
  }
  if (ImGui::SmallButton("+ Rendering provider")) session.AddRenderingProvider();
  ui.probe.RecordLastItem("practice.add_rendering");
  const std::string payers_problem = session.PracticeProblem("payers");
  for (size_t p = 0; p < draft.payers.size() && at < fields.size(); ++p, at += 3) {
    ImGui::PushID(static_cast<int>(200 + p));
    const std::string title = "Payer " + std::to_string(p + 1);
    group(title.c_str(), fields, at, at + 3);
    ImGui::TextDisabled("Filing indicator (SBR09): MB Medicare B, MC Medicaid, CI commercial, BL Blue Cross, HM HMO.");
    if (ImGui::SmallButton("Remove this payer")) {
      session.RemovePayer(static_cast<int>(p));
      ImGui::PopID();
      break;
    }
    ImGui::PopID();
  }
  if (!payers_problem.empty()) {
    SeverityBadge(app::Severity::kError, theme);
    ImGui::SameLine();
    ImGui::TextWrapped("%s", payers_problem.c_str());
  }
  if (ImGui::SmallButton("+ Payer")) session.AddPayer();
  ui.probe.RecordLastItem("practice.add_payer");
  ImGui::EndChild();
  if (changed) session.PracticeDraftEdited();

  const size_t n = session.practice_problems().size();
  if (n > 0) {
    SeverityBadge(app::Severity::kWarning, theme);
    ImGui::SameLine();
    ImGui::Text("%zu %s to fix before claims can be exported (saving keeps what you typed).", n,
                n == 1 ? "problem" : "problems");
  } else {
    SeverityBadge(app::Severity::kInfo, theme);
    ImGui::SameLine();
    ImGui::TextUnformatted("Complete.");
  }
  save |= ImGui::Button("Save  (Enter)");
  ui.probe.RecordLastItem("practice.save");
  ImGui::SameLine();
  cancel |= ImGui::Button("Cancel  (Esc)");
  ui.probe.RecordLastItem("practice.cancel");
  // Enter outside a field saves too; Esc anywhere cancels (fields left with Esc keep nothing: the draft is dropped).
  if (!ImGui::GetIO().WantTextInput && ImGui::IsKeyPressedMap(ImGuiKey_Enter, false)) save = true;
  if (ImGui::IsKeyPressedMap(ImGuiKey_Escape, false)) cancel = true;
  if (save) {
    if (session.SavePractice()) {
      ui.claims.show_practice = false;
      ImGui::CloseCurrentPopup();
    }
  } else if (cancel) {
    session.CancelPracticeEdit();
    session.SetStatus(app::Severity::kInfo, "Practice settings unchanged.");
    ui.claims.show_practice = false;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] CMS-1500 preview
// ---------------------------------------------------------------------------------------------------------------

void DrawCms1500Preview(app::Session& session, UiState& ui, Host& host) {
  if (!ui.claims.show_preview) return;
  const app::ClaimRow* sel = session.selected_claim();
  const std::string claim = sel ? sel->claim_id + "|" + sel->charge + "|" + app::ClaimStatusLabel(sel->status) : "";
  if (claim != ui.claims.preview_claim) {
    ui.claims.preview_claim = claim;
    ui.claims.preview_text = session.Cms1500PreviewOfSelectedClaim();
  }
  ImGui::SetNextWindowSize(ImVec2(520.0f * ui.scale, 560.0f * ui.scale), ImGuiCond_Appearing);
  const std::string title = "CMS-1500 preview" + (sel ? "  " + sel->claim_id : std::string()) + "###cms1500_preview";
  if (ImGui::Begin(title.c_str(), &ui.claims.show_preview, ImGuiWindowFlags_NoSavedSettings)) {
    ui.probe.RecordWindow("window.cms1500_preview");
    if (ImGui::Button("Download PDF")) DownloadCms1500(session, host, false);
    ImGui::SameLine();
    if (ImGui::Button("Data only (red form)")) DownloadCms1500(session, host, true);
    ImGui::SameLine();
    if (ImGui::Button("Close  (Esc)") || (ImGui::IsWindowFocused() && ImGui::IsKeyPressedMap(ImGuiKey_Escape, false))) {
      ui.claims.show_preview = false;
    }
    ImGui::Separator();
    if (ui.claims.preview_text.empty()) {
      ImGui::TextWrapped("Select a claim in the Claims list.");
    } else if (ImGui::BeginTable("boxes", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV)) {
      ImGui::TableSetupColumn("Box", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("carrier.1__").x);
      ImGui::TableSetupColumn("Value", ImGuiTableColumnFlags_WidthStretch);
      size_t at = 0;
      const std::string& text = ui.claims.preview_text;
      while (at < text.size()) {
        size_t end = text.find('\n', at);
        if (end == std::string::npos) end = text.size();
        const std::string line = text.substr(at, end - at);
        at = end + 1;
        const size_t tab = line.find('\t');
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        if (tab == std::string::npos) {
          ImGui::TextDisabled("%s", line.c_str());  // "page 1 of 1"
          continue;
        }
        ImGui::TextUnformatted(line.substr(0, tab).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(line.substr(tab + 1).c_str());
      }
      ImGui::EndTable();
    }
  }
  ImGui::End();
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Probe
// ---------------------------------------------------------------------------------------------------------------

void ClaimsProbe(const app::Session& session, const UiState& ui, nlohmann::json& out) {
  using nlohmann::json;
  json rows = json::array();
  for (const auto& c : session.claims()) {
    rows.push_back({{"claim_id", c.claim_id}, {"encounter_id", c.encounter_id}, {"patient", c.patient},
                    {"date_of_service", c.date_of_service}, {"status", app::ClaimStatusLabel(c.status)},
                    {"charge", c.charge}, {"expected", c.expected}, {"paid", c.paid},
                    {"submitted_at", c.submitted_at}, {"note", c.note}});
  }
  json denials = json::array();
  for (const auto& d : session.denials()) {
    json adj = json::array(), rem = json::array();
    for (const auto& a : d.adjustments) adj.push_back({{"group", a.group}, {"carc", a.carc}, {"text", a.text}, {"amount", a.amount}});
    for (const auto& r : d.remarks) rem.push_back({{"code", r.first}, {"text", r.second}});
    denials.push_back({{"claim_id", d.claim_id}, {"encounter_id", d.encounter_id}, {"line", d.line},
                       {"procedure", d.procedure}, {"billed", d.billed}, {"paid", d.paid}, {"adjustments", adj},
                       {"remarks", rem}, {"rule", d.rule}, {"rule_text", d.rule_text}});
  }
  json problems = json::array();
  for (const auto& p : session.claim_problems()) problems.push_back({{"field", p.field}, {"message", p.message}});
  json practice_problems = json::array();
  for (const auto& p : session.practice_problems()) practice_problems.push_back({{"field", p.field}, {"message", p.message}});
  const app::ClaimsImportResult& imp = session.last_import();
  const app::ClaimsExportResult& exp = session.last_export();
  const char* tab = ui.claims.tab == Tab::kProblems ? "problems" : ui.claims.tab == Tab::kClaims ? "claims" : "denials";
  const engine::PatientInfo& patient = session.patient_draft();
  out = {{"view", ui.view == View::kClaims ? "claims" : "coding"},
         {"tab", tab},
         {"rows", rows},
         {"selection", session.claim_selection()},
         {"denials", denials},
         {"denial_selection", session.denial_selection()},
         {"problems", problems},
         {"problem_selection", ui.claims.problem_selection},
         {"practice_open", ui.claims.show_practice},
         {"preview_open", ui.claims.show_preview},
         {"preview_lines", static_cast<int>(std::count(ui.claims.preview_text.begin(), ui.claims.preview_text.end(), '\n'))},
         {"practice", json::parse(engine::PracticeSettingsToJson(session.practice()), nullptr, false)},
         {"practice_problems", practice_problems},
         {"patient", {{"last_name", patient.last_name}, {"first_name", patient.first_name},
                      {"birth_date", patient.birth_date}, {"sex", engine::PatientSexCode(patient.sex)},
                      {"member_id", patient.member_id}, {"relationship", patient.relationship}}},
         {"last_import", {{"ok", imp.ok}, {"file_name", imp.file_name}, {"kind", imp.kind}, {"message", imp.message},
                          {"where", imp.where}, {"matched", imp.claims_matched}, {"unmatched", imp.claims_unmatched}}},
         {"last_export", {{"file_name", exp.file_name}, {"bytes", exp.bytes}, {"claims", exp.claim_count},
                          {"control_number", exp.control_number}}}};
}

}  // namespace medcode::ui
