// theme.cpp: light and dark styles. Severity colours always come with a letter (E / W / i) where they are used.
#include <imgui.h>

#include "ui/ui.h"

namespace medcode::ui {

void ApplyTheme(app::Theme theme, float scale) {
  ImGuiStyle style;
  if (theme == app::Theme::kDark) {
    ImGui::StyleColorsDark(&style);
  } else {
    ImGui::StyleColorsLight(&style);
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.98f, 1.0f);
    style.Colors[ImGuiCol_ChildBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
    style.Colors[ImGuiCol_FrameBg] = ImVec4(0.93f, 0.94f, 0.96f, 1.0f);
    // Table headers neutral, so a selected (blue) row never looks like a header.
    style.Colors[ImGuiCol_TableHeaderBg] = ImVec4(0.88f, 0.89f, 0.91f, 1.0f);
  }
  style.WindowRounding = 0.0f;
  style.ChildRounding = 3.0f;
  style.FrameRounding = 3.0f;
  style.WindowBorderSize = 0.0f;
  style.ChildBorderSize = 1.0f;
  style.FramePadding = ImVec2(6.0f, 4.0f);
  style.ItemSpacing = ImVec2(8.0f, 6.0f);
  style.WindowPadding = ImVec2(8.0f, 8.0f);
  style.ScrollbarSize = 14.0f;
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
}

}  // namespace medcode::ui
