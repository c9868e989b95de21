// status_bar.cpp: the bottom line: code-set editions, saved / unsaved, online / offline, and the last message.
#include <imgui.h>
#include <imgui_internal.h>

#include "ui/widgets.h"

namespace medcode::ui {

void DrawStatusBar(app::Session& session, UiState& ui, Host& host) {
  const float height = ImGui::GetFrameHeight() + 4.0f * ui.scale;
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_MenuBar;
  if (ImGui::BeginViewportSideBar("##statusbar", ImGui::GetMainViewport(), ImGuiDir_Down, height, flags)) {
    if (ImGui::BeginMenuBar()) {
      ui.probe.RecordWindow("statusbar");
      ImGui::TextUnformatted(session.code_sets_label().c_str());
      ImGui::Separator();
      if (session.search_index_building()) {
        ImGui::TextUnformatted("Search index");
        ImGui::ProgressBar(static_cast<float>(session.search_index_progress()), ImVec2(90.0f * ui.scale, 0));
        ui.probe.RecordLastItem("status.search_index");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", session.search_index_status().c_str());
        ImGui::Separator();
      }
      if (session.scrubber_loading() && !session.search_index_building()) {
        ImGui::TextUnformatted(session.scrubber_status().c_str());  // "Loading claim rules..."
        ui.probe.RecordLastItem("status.scrubber");
        ImGui::Separator();
      }
      const app::SaveState save = session.save_state();
      const bool bad = save == app::SaveState::kFailed || save == app::SaveState::kReadOnly;
      if (bad) {
        SeverityBadge(app::Severity::kError, session.theme());
        ImGui::SameLine(0, 4.0f * ui.scale);
      }
      ImGui::TextUnformatted(app::SaveStateLabel(save));
      ui.probe.RecordLastItem("status.save");
      ImGui::Separator();
      ImGui::TextUnformatted(session.online() ? "Online" : "Offline");
      ImGui::Separator();
      const auto& msg = session.status();
      if (!msg.text.empty()) {
        SeverityBadge(msg.severity, session.theme());
        ImGui::SameLine(0, 4.0f * ui.scale);
        ImGui::TextUnformatted(msg.text.c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", msg.text.c_str());
      }
      ImGui::EndMenuBar();
    }
  }
  ImGui::End();
}

}  // namespace medcode::ui
