// frame.cpp: the whole screen for one frame: menu bar, the four resizable panels, the status bar, and the global
// shortcuts (Ctrl+K search, Alt+N new, Ctrl+O open, Ctrl+S save, Ctrl+Enter findings, F6 / Shift+F6 panel focus).
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cstdio>

#include "ui/ui.h"

namespace medcode::ui {

namespace {

constexpr float kSplitterCss = 6.0f;    // splitter thickness in CSS px
constexpr float kMinPanelCss = 140.0f;  // no panel gets narrower than this
constexpr float kMinDocumentCss = 240.0f;

bool Pressed(Host& host, Key key) { return ImGui::IsKeyPressed(host.KeyIndex(key), false); }

// The panel after (or before) the focused one among those the current view shows.
Panel NextPanel(const UiState& ui, int step) {
  const Panel coding[] = {Panel::kWorklist, Panel::kDocument, Panel::kCodes, Panel::kFindings};
  const Panel claims[] = {Panel::kWorklist, Panel::kClaims, Panel::kFindings};
  const Panel* order = ui.view == View::kClaims ? claims : coding;
  const int n = ui.view == View::kClaims ? 3 : 4;
  int at = 0;
  for (int i = 0; i < n; ++i) {
    if (order[i] == ui.focused) at = i;
  }
  return order[((at + step) % n + n) % n];
}

}  // namespace

Panel NextPanelForMenu(const UiState& ui) { return NextPanel(ui, +1); }

namespace {

void HandleShortcuts(app::Session& session, UiState& ui, Host& host) {
  const ImGuiIO& io = ImGui::GetIO();
  const bool ctrl = io.KeyCtrl && !io.KeyAlt;
  if (ctrl && Pressed(host, Key::kK)) ui.RequestSearchFocus();
  if (ctrl && Pressed(host, Key::kE)) {
    ui.note_read_view = !ui.note_read_view;
    ui.RequestFocus(Panel::kDocument);
  }
  // Alt+N, not Ctrl+N: browsers reserve Ctrl+N (new window) and never pass it to the page.
  if (io.KeyAlt && !io.KeyCtrl && Pressed(host, Key::kN)) {
    GImGui->NavWindowingToggleLayer = false;  // releasing Alt after Alt+N must not jump to the menu bar
    session.NewEncounter();
    ui.RequestFocus(Panel::kDocument);
  }
  if (ctrl && Pressed(host, Key::kO)) host.OpenFilePicker(FilePurpose::kNote);
  if (ctrl && Pressed(host, Key::kI)) ui.show_index_browser = true;
  // Ctrl+T where the browser lets the page have it (an installed app window); Alt+T everywhere (tabs take Ctrl+T).
  if ((ctrl || (io.KeyAlt && !io.KeyCtrl)) && Pressed(host, Key::kT)) {
    GImGui->NavWindowingToggleLayer = false;
    ui.show_tabular_browser = true;
  }
  if (ctrl && Pressed(host, Key::kS)) {
    session.CommitEdits();
    session.RequestSyncNow();
  }
  // Ctrl+Enter: the claim is checked live; this saves and moves to the Findings panel (Up/Down, Enter, F, A there).
  if (ctrl && !ui.search_active && ImGui::IsKeyPressedMap(ImGuiKey_Enter, false) && session.has_open_encounter()) {
    session.CommitEdits();
    ui.RequestFocus(Panel::kFindings);
  }
  // Claims (Alt+letters: browsers keep Ctrl+B/P and friends for themselves).
  if (io.KeyAlt && !io.KeyCtrl) {
    auto alt = [&](Key key) {
      if (!Pressed(host, key)) return false;
      GImGui->NavWindowingToggleLayer = false;  // releasing Alt must not jump to the menu bar
      return true;
    };
    if (alt(Key::kC)) ShowClaimsView(ui, ui.view != View::kClaims);
    if (alt(Key::kS)) OpenPracticeSettings(session, ui);
    if (alt(Key::kB)) CreateClaim(session, ui);
    if (alt(Key::kX)) ExportClaims(session, host, false);
    if (alt(Key::kI)) host.OpenFilePicker(FilePurpose::kClaimsFile);
    if (alt(Key::kP)) DownloadCms1500(session, host, false);
  }
  if (Pressed(host, Key::kF6)) ui.RequestFocus(NextPanel(ui, io.KeyShift ? -1 : +1));
}

// A draggable bar between panels. `value` is in CSS px; `sign` says whether dragging right/down grows it.
void Splitter(const char* id, bool vertical, float length, float* value, float sign, float lo, float hi,
              app::Session& session, UiState& ui) {
  const float t = kSplitterCss * ui.scale;
  ImGui::InvisibleButton(id, vertical ? ImVec2(t, length) : ImVec2(length, t));
  ui.probe.RecordLastItem(id + 2);  // "##split_codes" -> "split_codes"
  const bool active = ImGui::IsItemActive();
  if (active || ImGui::IsItemHovered()) {
    ImGui::SetMouseCursor(vertical ? ImGuiMouseCursor_ResizeEW : ImGuiMouseCursor_ResizeNS);
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    ImGui::GetWindowDrawList()->AddRectFilled(a, b, ImGui::GetColorU32(active ? ImGuiCol_SeparatorActive
                                                                              : ImGuiCol_SeparatorHovered));
  }
  if (active) {
    const ImVec2 d = ImGui::GetIO().MouseDelta;
    *value = std::clamp(*value + sign * (vertical ? d.x : d.y) / ui.scale, lo, std::max(lo, hi));
  }
  if (ImGui::IsItemDeactivated()) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%.0f,%.0f,%.0f", ui.worklist_width, ui.codes_width, ui.findings_height);
    session.SaveSetting("layout", buf);
  }
}

void LoadLayout(app::Session& session, UiState& ui) {
  if (ui.layout_loaded || !session.store_ready()) return;
  ui.layout_loaded = true;
  if (auto v = session.Setting("layout")) {
    float a = 0, b = 0, c = 0;
    if (std::sscanf(v->c_str(), "%f,%f,%f", &a, &b, &c) == 3 && a > 0 && b > 0 && c > 0) {
      ui.worklist_width = a;
      ui.codes_width = b;
      ui.findings_height = c;
    }
  }
}

// A bordered child window for one panel. The workspace lays panels out with no spacing between them; inside a
// panel the usual spacing applies.
template <class Fn>
void PanelChild(const char* id, ImVec2 size, ImGuiWindowFlags flags, float scale, Fn&& draw) {
  ImGui::BeginChild(id, size, true, flags);
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(8.0f * scale, 6.0f * scale));
  draw();
  ImGui::PopStyleVar();
  ImGui::EndChild();
}

void DrawWorkspace(app::Session& session, UiState& ui, Host& host) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(4.0f * ui.scale, 4.0f * ui.scale));
  ImGui::Begin("##workspace", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PopStyleVar();
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0.0f, 0.0f));  // panels and splitters touch
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float s = ui.scale, t = kSplitterCss * s;
  const float total_w = avail.x / s, total_h = avail.y / s;

  // Keep every panel usable however small the window: clamp the stored sizes against what is available now.
  const float side_max = std::max(kMinPanelCss, (total_w - kMinDocumentCss - 2 * kSplitterCss) / 2);
  const float w1 = std::clamp(ui.worklist_width, kMinPanelCss, side_max) * s;
  const float w3 = std::clamp(ui.codes_width, kMinPanelCss, side_max) * s;
  const float h4 = std::clamp(ui.findings_height, 60.0f, std::max(60.0f, total_h * 0.6f)) * s;
  const float top_h = std::max(40.0f * s, avail.y - h4 - t);
  const float w2 = std::max(40.0f * s, avail.x - w1 - w3 - 2 * t);

  PanelChild("Worklist", ImVec2(w1, top_h), 0, s, [&] { DrawWorklistPanel(session, ui, host); });
  ImGui::SameLine(0, 0);
  Splitter("##split_worklist", true, top_h, &ui.worklist_width, +1, kMinPanelCss, side_max, session, ui);
  ImGui::SameLine(0, 0);
  if (ui.view == View::kClaims) {
    // The Claims view takes the place of the Document and Codes panels.
    PanelChild("Claims", ImVec2(w2 + t + w3, top_h), 0, s, [&] { DrawClaimsPanel(session, ui, host); });
  } else {
    PanelChild("Document", ImVec2(w2, top_h), ImGuiWindowFlags_NoScrollbar, s,
               [&] { DrawDocumentPanel(session, ui, host); });
    ImGui::SameLine(0, 0);
    Splitter("##split_codes", true, top_h, &ui.codes_width, -1, kMinPanelCss, side_max, session, ui);
    ImGui::SameLine(0, 0);
    PanelChild("Codes", ImVec2(w3, top_h), 0, s, [&] { DrawCodesPanel(session, ui, host); });
  }
  Splitter("##split_findings", false, avail.x, &ui.findings_height, -1, 60.0f, total_h * 0.6f, session, ui);
  PanelChild("Findings", ImVec2(avail.x, h4), 0, s, [&] { DrawFindingsPanel(session, ui, host); });
  ImGui::PopStyleVar();
  ImGui::End();
}


}  // namespace

const char* PanelName(Panel p) {
  switch (p) {
    case Panel::kWorklist: return "worklist";
    case Panel::kDocument: return "document";
    case Panel::kCodes: return "codes";
    case Panel::kFindings: return "findings";
    case Panel::kClaims: return "claims";
    case Panel::kCount: break;
  }
  return "none";
}

void DrawFrame(app::Session& session, UiState& ui, Host& host) {
  ui.probe.BeginFrame();
  LoadLayout(session, ui);
  HandleShortcuts(session, ui, host);
  DrawMenuBar(session, ui, host);
  DrawStatusBar(session, ui, host);
  DrawWorkspace(session, ui, host);
  DrawCodeBrowsers(session, ui, host);
  DrawPracticeDialog(session, ui, host);
  DrawCms1500Preview(session, ui, host);
  ui.focus_request = Panel::kCount;
  if (ui.hold_text_frames > 0) --ui.hold_text_frames;
  session.Tick(host.Now());
}

}  // namespace medcode::ui
