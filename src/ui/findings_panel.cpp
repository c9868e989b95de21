// findings_panel.cpp: problems to fix, errors first, then warnings, then info: the claim scrubber's findings and the
// app's own (storage, code sets) in one list. Left: one row per finding (severity letter, rule, message, what it
// points at). Right: the selected finding in full (message, fix, source row, attestation) with its actions.
// Keys while the panel has focus (F6): Up/Down select, Enter goes to the line or diagnosis in the Codes panel,
// F applies the fix (after a confirmation: Enter applies, Esc cancels), A attests or withdraws the attestation.
#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <string>

#include "ui/widgets.h"

namespace medcode::ui {

namespace {

constexpr const char* kFixPopup = "Apply this fix?";
constexpr const char* kNamePopup = "Who is attesting?";

std::string AttestLabel(const app::Finding& f) {
  return f.rule == "icd.excludes1" ? "Attest unrelated conditions" : "Attest";
}

std::string AttestedText(const engine::Attestation& a) { return "Attested by " + a.by + " at " + a.at; }

// The attestation key: attests, or withdraws an attestation made.
void AttestOrWithdraw(app::Session& session, UiState& ui) {
  const app::Finding* f = session.selected_finding();
  if (!f) return;
  if (f->attestation) {
    session.WithdrawSelectedAttestation();
  } else if (f->attestable() && session.user_name().empty()) {
    ui.ask_user_name = true;  // asked once; the attestation follows
  } else {
    session.AttestSelectedFinding();
  }
}

void HandleKeys(app::Session& session, UiState& ui) {
  if (ui.focused != Panel::kFindings || ui.search_active || session.pending_fix() || ui.ask_user_name) return;
  ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || io.KeyCtrl || io.KeyAlt) return;
  if (ImGui::IsKeyPressedMap(ImGuiKey_DownArrow)) {
    session.MoveFindingSelection(+1);
    ui.scroll_to_finding = true;
  }
  if (ImGui::IsKeyPressedMap(ImGuiKey_UpArrow)) {
    session.MoveFindingSelection(-1);
    ui.scroll_to_finding = true;
  }
  if (ImGui::IsKeyPressedMap(ImGuiKey_Enter, false) && session.GoToSelectedFinding()) ui.scroll_to_code = true;
  // Letters are read as typed characters: the platform delivers those reliably even when a key goes down and up
  // within one frame (a key's own press can be lost then).
  for (ImWchar c : io.InputQueueCharacters) {
    if (c == 'f' || c == 'F') session.RequestSelectedFix();
    if (c == 'a' || c == 'A') AttestOrWithdraw(session, ui);
  }
  io.InputQueueCharacters.resize(0);
}

void DrawList(app::Session& session, UiState& ui) {
  const auto& findings = session.findings();
  const int selection = session.finding_selection();
  const ImGuiTableFlags flags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable;
  if (!ImGui::BeginTable("findings", 4, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("W ").x);
  ImGui::TableSetupColumn("Rule", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("ncci.ptp.modifier_needed").x);
  ImGui::TableSetupColumn("Message", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("At", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("diagnosis 12 (S72.001A)").x);
  ImGui::TableHeadersRow();
  for (size_t i = 0; i < findings.size(); ++i) {
    const app::Finding& f = findings[i];
    const bool selected = static_cast<int>(i) == selection;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::Selectable("##row", selected, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap)) {
      session.SelectFinding(static_cast<int>(i));
    }
    if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(0) && session.GoToSelectedFinding()) {
      ui.scroll_to_code = true;
    }
    ui.probe.RecordLastItem("findings.row." + std::to_string(i));
    if (selected && ui.scroll_to_finding) {
      ImGui::SetScrollHereY(0.5f);
      ui.scroll_to_finding = false;
    }
    ImGui::PopID();
    ImGui::SameLine(0, 0);
    SeverityBadge(f.severity, session.theme());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(f.rule.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(f.message.c_str());  // an attested finding's message says by whom (the scrubber's)
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(f.where.c_str());
  }
  ImGui::EndTable();
}

// The selected finding in full, and what can be done about it (each action also has its key).
void DrawDetail(app::Session& session, UiState& ui) {
  const app::Finding* f = session.selected_finding();
  if (!f) return;
  SeverityBadge(f->severity, session.theme());
  ImGui::SameLine();
  ImGui::Text("%s  at %s", f->rule.c_str(), f->where.c_str());
  ui.probe.RecordLastItem("findings.detail");
  ImGui::TextWrapped("%s", f->message.c_str());
  if (f->scrub && !f->scrub->fix.empty()) ImGui::TextWrapped("Fix: %s", f->scrub->fix.c_str());
  if (f->scrub && !f->scrub->source.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("Source: %s", f->scrub->source.c_str());
    ImGui::PopStyleColor();
    ui.probe.RecordLastItem("findings.source");
  }
  if (f->attestation) {
    SeverityBadge(app::Severity::kInfo, session.theme());
    ImGui::SameLine();
    ImGui::TextWrapped("%s.", AttestedText(*f->attestation).c_str());
  }
  if (f->target().index >= 0) {
    if (ImGui::SmallButton("Go to code  (Enter)") && session.GoToSelectedFinding()) ui.scroll_to_code = true;
    ui.probe.RecordLastItem("findings.goto");
    ImGui::SameLine();
  }
  if (f->has_fix()) {
    const std::string label = f->scrub->action.label + "  (F)";
    if (ImGui::SmallButton(label.c_str())) session.RequestSelectedFix();
    ui.probe.RecordLastItem("findings.fix");
    ImGui::SameLine();
  }
  if (f->attestation) {
    if (ImGui::SmallButton("Withdraw attestation  (A)")) AttestOrWithdraw(session, ui);
    ui.probe.RecordLastItem("findings.withdraw");
  } else if (f->attestable()) {
    const std::string label = AttestLabel(*f) + "  (A)";
    if (ImGui::SmallButton(label.c_str())) AttestOrWithdraw(session, ui);
    ui.probe.RecordLastItem("findings.attest");
  }
  ImGui::NewLine();
}

// The confirmation a fix waits for: what will change, and what the modifier asserts.
void DrawFixConfirmation(app::Session& session, UiState& ui) {
  const app::PendingFix* pending = session.pending_fix();
  if (pending && !ImGui::IsPopupOpen(kFixPopup)) ImGui::OpenPopup(kFixPopup);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(560.0f * ui.scale, 0));
  if (!ImGui::BeginPopupModal(kFixPopup, nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
    return;
  }
  ui.probe.RecordWindow("findings.confirm");
  if (!pending) {
    ImGui::CloseCurrentPopup();
  } else {
    ImGui::TextWrapped("%s", pending->change.c_str());
    ImGui::Spacing();
    SeverityBadge(app::Severity::kWarning, session.theme());
    ImGui::SameLine();
    ImGui::TextWrapped("%s", pending->caution.c_str());
    ImGui::Spacing();
    const bool apply = ImGui::Button("Apply  (Enter)") || ImGui::IsKeyPressedMap(ImGuiKey_Enter, false);
    ui.probe.RecordLastItem("findings.confirm.apply");
    ImGui::SameLine();
    const bool cancel = ImGui::Button("Cancel  (Esc)") || ImGui::IsKeyPressedMap(ImGuiKey_Escape, false);
    ui.probe.RecordLastItem("findings.confirm.cancel");
    if (apply) {
      session.ConfirmFix();
      ImGui::CloseCurrentPopup();
    } else if (cancel) {
      session.CancelFix();
      ImGui::CloseCurrentPopup();
    }
  }
  ImGui::EndPopup();
}

// Asked once, the first time the user attests: the name attestations record.
void DrawUserNameQuestion(app::Session& session, UiState& ui) {
  if (ui.ask_user_name && !ImGui::IsPopupOpen(kNamePopup)) {
    ImGui::OpenPopup(kNamePopup);
    ui.user_name_input.clear();
    ui.focus_user_name = true;
  }
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(460.0f * ui.scale, 0));
  if (!ImGui::BeginPopupModal(kNamePopup, nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
    return;
  }
  ui.probe.RecordWindow("findings.user_name");
  ImGui::TextWrapped("Attestations record who made them and when. Your name or user id (asked once; it is kept in "
                     "this browser's settings):");
  if (ui.focus_user_name) {
    ImGui::SetKeyboardFocusHere();
    ui.focus_user_name = false;
  }
  ImGui::SetNextItemWidth(-FLT_MIN);
  const bool entered = ImGui::InputText("##user_name", &ui.user_name_input, ImGuiInputTextFlags_EnterReturnsTrue);
  ui.probe.RecordLastItem("findings.user_name.input");
  const bool ok = ImGui::Button("Attest  (Enter)") || entered;
  ImGui::SameLine();
  const bool cancel = ImGui::Button("Cancel  (Esc)") || ImGui::IsKeyPressedMap(ImGuiKey_Escape, false);
  if (ok && !ui.user_name_input.empty()) {
    session.SetUserName(ui.user_name_input);
    if (!session.user_name().empty()) session.AttestSelectedFinding();
    ui.ask_user_name = false;
    ImGui::CloseCurrentPopup();
  } else if (cancel) {
    ui.ask_user_name = false;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace

void DrawFindingsPanel(app::Session& session, UiState& ui, Host& host) {
  const auto& findings = session.findings();
  int counts[3] = {0, 0, 0};
  for (const auto& f : findings) ++counts[static_cast<int>(f.severity)];
  std::string detail = std::to_string(counts[0]) + " E  " + std::to_string(counts[1]) + " W  " +
                       std::to_string(counts[2]) + " i";
  if (session.scrubber_loading() || !session.scrubber_status().empty()) {
    detail += "   " + session.scrubber_status();
  } else if (session.scrubbed()) {
    detail += "   claim checked as you code";
  }
  if (!findings.empty()) {
    detail += ui.focused == Panel::kFindings ? "   |   Up/Down select   Enter go to code   F fix   A attest"
                                             : "   |   F6 or Ctrl+Enter to work through them";
  }
  PanelHeader(Panel::kFindings, "Findings", ui, detail.c_str());
  HandleKeys(session, ui);
  if (findings.empty()) {
    ImGui::TextDisabled("No problems found.");
    if (session.has_open_encounter() && session.scrubber_ready() && !session.scrubbed()) {
      ImGui::TextDisabled("The claim is checked as soon as codes are assigned.");
    }
  } else {
    const float list_w = ImGui::GetContentRegionAvail().x * 0.6f;
    ImGui::BeginChild("##findings_list", ImVec2(list_w, 0), false);
    DrawList(session, ui);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##finding_detail", ImVec2(0, 0), false);
    DrawDetail(session, ui);
    ImGui::EndChild();
  }
  DrawFixConfirmation(session, ui);
  DrawUserNameQuestion(session, ui);
}

}  // namespace medcode::ui
