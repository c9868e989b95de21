// widgets.cpp: drawing helpers shared by the panels (see widgets.h).
#include "ui/widgets.h"

#include <imgui_internal.h>

#include <string>

namespace medcode::ui {

void PanelHeader(Panel panel, const char* title, UiState& ui, const char* detail) {
  if (ui.focus_request == panel) {
    // Leave any field being edited in another panel (ImGui keeps it active when focus moves inside one window).
    ImGui::ClearActiveID();
    ImGui::SetWindowFocus();
  }
  if (ImGui::IsWindowFocused(ImGuiFocusedFlags_ChildWindows)) ui.focused = panel;
  ui.probe.RecordWindow(std::string("panel.") + PanelName(panel));
  const bool focused = ui.focused == panel;
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(focused ? ImGuiCol_Text : ImGuiCol_TextDisabled));
  ImGui::TextUnformatted(title);
  ImGui::PopStyleColor();
  if (detail) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", detail);
  }
  ImGui::Separator();
}

bool LeaveFieldOnEscape(const char* id) {
  if (ImGui::GetActiveID() != ImGui::GetID(id) || !ImGui::IsKeyPressedMap(ImGuiKey_Escape, false)) return false;
  ImGui::ClearActiveID();
  return true;
}

ImVec4 SeverityColor(app::Severity severity, app::Theme theme) {
  const bool dark = theme == app::Theme::kDark;
  switch (severity) {
    case app::Severity::kError: return dark ? ImVec4(1.0f, 0.45f, 0.42f, 1) : ImVec4(0.75f, 0.08f, 0.08f, 1);
    case app::Severity::kWarning: return dark ? ImVec4(1.0f, 0.75f, 0.3f, 1) : ImVec4(0.62f, 0.38f, 0.0f, 1);
    case app::Severity::kInfo: return dark ? ImVec4(0.5f, 0.72f, 1.0f, 1) : ImVec4(0.1f, 0.35f, 0.75f, 1);
  }
  return ImVec4(1, 1, 1, 1);
}

void SeverityBadge(app::Severity severity, app::Theme theme) {
  ImGui::TextColored(SeverityColor(severity, theme), "%s", app::SeverityLetter(severity));
}

void CodeBreadcrumbAndDos(const app::CodeLookup& code, app::Theme theme) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  for (size_t i = 0; i < code.breadcrumb.size(); ++i) {
    ImGui::TextWrapped("%s%s", i == 0 ? "" : "> ", code.breadcrumb[i].c_str());
  }
  ImGui::PopStyleColor();
  if (!code.at_date_of_service.empty()) {
    SeverityBadge(code.billable_at_dos ? app::Severity::kInfo : app::Severity::kWarning, theme);
    ImGui::SameLine();
    ImGui::TextWrapped("%s", code.at_date_of_service.c_str());
  }
}

}  // namespace medcode::ui
