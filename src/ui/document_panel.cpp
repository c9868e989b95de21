// document_panel.cpp: the open encounter: patient label, date of service, and the clinical note, editable in place.
// Edits go straight into the Session's draft; it autosaves after a pause, on leaving a field, and on Ctrl+S.
#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "ui/widgets.h"

namespace medcode::ui {

namespace {

// A text field bound to the draft: marks edits and commits when the user leaves the field.
void DraftField(const char* id, const char* hint, std::string* value, float width, app::Session& session, Host& host) {
  ImGui::SetNextItemWidth(width);
  if (ImGui::InputTextWithHint(id, hint, value)) session.MarkDraftEdited(host.Now());
  if (ImGui::IsItemDeactivatedAfterEdit()) session.CommitEdits();
}

}  // namespace

void DrawDocumentPanel(app::Session& session, UiState& ui, Host& host) {
  PanelHeader(Panel::kDocument, "Document", ui);
  if (!session.has_open_encounter()) {
    ImGui::TextWrapped("No encounter is open. Create one, open a note file, or paste a note (Ctrl+V).");
    if (ImGui::Button("New encounter  (Alt+N)")) session.NewEncounter();
    ImGui::SameLine();
    if (ImGui::Button("Open file...  (Ctrl+O)")) host.OpenFilePicker();
    ui.probe.RecordLastItem("button.open_file");
    return;
  }
  auto& draft = session.draft();
  const float s = ui.scale;
  const float avail = ImGui::GetContentRegionAvail().x;

  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Patient");
  ImGui::SameLine();
  DraftField("##patient", "label, e.g. Doe J", &draft.patient_label, std::max(120.0f * s, avail * 0.35f), session,
             host);
  ui.probe.RecordLastItem("field.patient_label");
  ImGui::SameLine();
  ImGui::TextUnformatted("DOS");
  ImGui::SameLine();
  DraftField("##dos", "YYYY-MM-DD", &draft.date_of_service, ImGui::CalcTextSize("0000-00-00__").x, session, host);
  ui.probe.RecordLastItem("field.date_of_service");
  ImGui::SameLine();
  if (ImGui::Button("Open file...")) host.OpenFilePicker();
  ui.probe.RecordLastItem("button.open_file");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Open a text note into this encounter (Ctrl+O), or drop a file here");
  ImGui::SameLine();
  char info[64];
  std::snprintf(info, sizeof info, "%.1f KB", static_cast<double>(draft.note_text.size()) / 1024.0);
  ImGui::TextDisabled("%s", info);

  // The editor keeps its own copy of the text while active: when the draft was replaced from outside (another
  // encounter, an opened file, a paste into no field), drop that copy so it shows the new text.
  if (ui.seen_draft_generation != session.draft_generation()) {
    ui.seen_draft_generation = session.draft_generation();
    if (ImGui::GetActiveID() == ImGui::GetID("##note")) ImGui::ClearActiveID();
  }
  if (ui.focus_request == Panel::kDocument) ImGui::SetKeyboardFocusHere();
  // Tab types a tab in the note (pasted lab tables keep their columns); F6 and Esc leave the editor.
  if (ImGui::InputTextMultiline("##note", &draft.note_text, ImVec2(-FLT_MIN, -FLT_MIN),
                                ImGuiInputTextFlags_AllowTabInput)) {
    session.MarkDraftEdited(host.Now());
  }
  if (ImGui::IsItemDeactivatedAfterEdit()) session.CommitEdits();
  ui.probe.RecordLastItem("editor.note");
}

}  // namespace medcode::ui
