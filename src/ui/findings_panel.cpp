// findings_panel.cpp: problems to fix, most severe first: severity letter, rule id, message, and what it points at.
#include <imgui.h>

#include <algorithm>
#include <string>
#include <vector>

#include "ui/widgets.h"

namespace medcode::ui {

void DrawFindingsPanel(app::Session& session, UiState& ui, Host& host) {
  const auto& findings = session.findings();
  const std::string count = std::to_string(findings.size());
  PanelHeader(Panel::kFindings, "Findings", ui, count.c_str());
  if (findings.empty()) {
    ImGui::TextDisabled("No problems found.");
    return;
  }
  std::vector<const app::Finding*> sorted;
  for (const auto& f : findings) sorted.push_back(&f);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const app::Finding* a, const app::Finding* b) { return a->severity < b->severity; });
  const ImGuiTableFlags flags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable;
  if (!ImGui::BeginTable("findings", 4, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("W ").x);
  ImGui::TableSetupColumn("Rule", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("encounter.dos.invalid").x);
  ImGui::TableSetupColumn("Message", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("Where", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("encounter 00, date of service").x);
  ImGui::TableHeadersRow();
  for (const app::Finding* f : sorted) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    SeverityBadge(f->severity, session.theme());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(f->rule.c_str());
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", f->message.c_str());
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", f->where.c_str());
  }
  ImGui::EndTable();
}

}  // namespace medcode::ui
