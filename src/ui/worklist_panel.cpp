// worklist_panel.cpp: the encounters to code. Up/Down select, Enter opens the note, Alt+N adds one.
#include <imgui.h>
#include <imgui_internal.h>

#include <string>

#include "ui/widgets.h"

namespace medcode::ui {

void DrawWorklistPanel(app::Session& session, UiState& ui, Host& host) {
  const std::string count = std::to_string(session.encounters().size());
  PanelHeader(Panel::kWorklist, "Worklist", ui, count.c_str());
  if (ImGui::Button("New encounter")) {
    session.NewEncounter();
    ui.RequestFocus(Panel::kDocument);
  }
  ui.probe.RecordLastItem("button.new_encounter");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Alt+N");

  if (!session.store_ready()) {
    ImGui::TextDisabled("Loading saved work...");
    return;
  }
  // Arrow keys move the selection while the panel has focus and no text field is being edited.
  const bool keys = ui.focused == Panel::kWorklist && !ImGui::GetIO().WantTextInput;
  const int move = !keys ? 0 : ImGui::IsKeyPressedMap(ImGuiKey_DownArrow) ? +1 : ImGui::IsKeyPressedMap(ImGuiKey_UpArrow) ? -1 : 0;
  if (move != 0) session.SelectRelative(move);
  if (keys && ImGui::IsKeyPressedMap(ImGuiKey_Enter, false)) ui.RequestFocus(Panel::kDocument);

  if (session.encounters().empty()) {
    ImGui::TextWrapped("No encounters yet. Create one, open a note file (Ctrl+O) or paste a note (Ctrl+V).");
    return;
  }
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp |
                                ImGuiTableFlags_BordersInnerV;
  if (!ImGui::BeginTable("encounters", 3, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Date", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("0000-00-00").x);
  ImGui::TableSetupColumn("Patient", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("to code ").x);
  ImGui::TableHeadersRow();
  for (const auto& e : session.encounters()) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::PushID(static_cast<int>(e.id));
    const bool selected = e.id == session.selected_id();
    if (ImGui::Selectable(e.date_of_service.empty() ? "(no date)" : e.date_of_service.c_str(), selected,
                          ImGuiSelectableFlags_SpanAllColumns)) {
      session.SelectEncounter(e.id);
    }
    if (selected) {
      ui.probe.RecordLastItem("worklist.selected");
      if (move != 0) ImGui::SetScrollHereY(0.5f);  // keep a row chosen by keyboard in view
    }
    ImGui::PopID();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(e.patient_label.empty() ? "(no patient label)" : e.patient_label.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(e.status.c_str());
  }
  ImGui::EndTable();
}

}  // namespace medcode::ui
