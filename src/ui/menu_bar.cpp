// menu_bar.cpp: the menus (File, Encounter, Code, Claims, View, Help) with their shortcuts shown, the global search
// box on the right (Ctrl+K), and the About window.
#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <string>

#include "engine/build_info.h"
#include "ui/widgets.h"

namespace medcode::ui {

namespace {

// The search box sits at the right end of the menu bar, in a small window of its own: keyboard focus requests
// (Ctrl+K) do not reach widgets inside ImGui 1.86's menu bar layer.
void DrawSearchBox(app::Session& session, UiState& ui, ImVec2 menu_pos, ImVec2 menu_size) {
  const float width = 340.0f * ui.scale;
  const ImGuiStyle& style = ImGui::GetStyle();
  ImGui::SetNextWindowPos(ImVec2(menu_pos.x + menu_size.x - width - style.WindowPadding.x, menu_pos.y));
  ImGui::SetNextWindowSize(ImVec2(width, menu_size.y));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0, 0, 0, 0));
  ImGui::Begin("##searchbar", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PopStyleColor();
  ImGui::PopStyleVar();
  // Clicking the menu bar raises it; keep the search box above it.
  ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
  if (ui.focus_search) {
    ImGui::SetKeyboardFocusHere();
    ui.focus_search = false;
  }
  ImGui::SetNextItemWidth(width);
  const bool enter = ImGui::InputTextWithHint("##search", "Ctrl+K  search codes", &session.search_query(),
                                              ImGuiInputTextFlags_EnterReturnsTrue);
  ui.search_active = ImGui::IsItemActive();
  ui.probe.RecordLastItem("search");
  if (enter && session.search_result().found) {
    // Enter opens the code in the Code detail (the encoder will assign it to the encounter as well).
    session.OpenCodeDetail(session.search_result().code);
    ui.RequestFocus(Panel::kCodes);
  }
  if (ui.search_active && !session.search_query().empty()) {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    const float popup_width = std::max(b.x - a.x, 520.0f * ui.scale);
    ImGui::SetNextWindowPos(ImVec2(b.x - popup_width, b.y + 2.0f * ui.scale));
    ImGui::SetNextWindowSize(ImVec2(popup_width, 0));
    ImGui::Begin("##search_results", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoNav | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_Tooltip);
    ui.probe.RecordWindow("search.results");
    const app::CodeLookup& r = session.search_result();
    if (!r.found) {
      ImGui::TextWrapped("%s", r.message.c_str());
    } else {
      ImGui::Text("%s", r.code.c_str());
      ImGui::SameLine();
      ImGui::TextWrapped("%s", r.shown_description.c_str());
      std::string badges = app::CodeKindName(r.kind);
      for (const auto& badge : r.badges) badges += "   [" + badge + "]";
      ImGui::TextDisabled("%s", badges.c_str());
      CodeBreadcrumbAndDos(r, session.theme());
      if (!r.children.empty()) {
        ImGui::Separator();
        const size_t shown = std::min<size_t>(r.children.size(), 12);
        for (size_t i = 0; i < shown; ++i) {
          ImGui::Text("%s", r.children[i].code.c_str());
          ImGui::SameLine(90.0f * ui.scale);
          ImGui::TextUnformatted(r.children[i].description.empty() ? "(no description)" : r.children[i].description.c_str());
        }
        if (shown < r.children.size()) ImGui::TextDisabled("... %zu more", r.children.size() - shown);
      }
    }
    ImGui::TextDisabled(r.found ? "Enter shows the full detail   Esc closes" : "Esc closes");
    ImGui::End();
  }
  ImGui::End();
}

// View > About code-set data: every edition loaded, how it was derived, its gaps, and the input files.
void DrawAboutDataWindow(app::Session& session, UiState& ui) {
  if (!ui.show_about_data) return;
  ImGui::SetNextWindowSize(ImVec2(720.0f * ui.scale, 420.0f * ui.scale), ImGuiCond_Appearing);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (ImGui::Begin("About code-set data", &ui.show_about_data, ImGuiWindowFlags_NoSavedSettings)) {
    ui.probe.RecordWindow("window.about_data");
    const engine::CodeSetPack* pack = session.code_sets();
    if (!pack) {
      ImGui::TextWrapped("No code-set pack is loaded. See the Findings panel for why.");
    } else {
      for (const auto& e : pack->Editions()) {
        ImGui::Text("%s %s  (%s .. %s)", e.set.c_str(), e.edition.c_str(), e.valid_from.c_str(), e.valid_to.c_str());
        ImGui::Indent();
        ImGui::TextWrapped("%s", e.note.c_str());
        ImGui::Unindent();
      }
      ImGui::Separator();
      if (session.cpt_descriptor_count() > 0) {
        ImGui::TextWrapped("CPT descriptors: %lld codes from your own licensed file (%s), kept in this browser only. "
                           "File > Remove CPT descriptors deletes them.",
                           static_cast<long long>(session.cpt_descriptor_count()), session.cpt_descriptor_source().c_str());
      } else {
        ImGui::TextWrapped("CPT descriptors: none. CPT text is licensed by the AMA and does not ship with Medcode; "
                           "CPT codes show their number only. File > Import CPT descriptors reads a file you hold a "
                           "licence for (tab- or comma-separated code and descriptor).");
      }
      ImGui::Separator();
      ImGui::TextUnformatted("Input files (sha256 of the published bytes):");
      for (const auto& in : pack->Inputs()) {
        ImGui::TextWrapped("%s  %lld rows  %s", in.path.c_str(), static_cast<long long>(in.rows), in.sha256.c_str());
      }
      ImGui::Separator();
      ImGui::TextWrapped("Not compiled yet (the files are in codesets/ and arrive in later updates): MS-DRG "
                         "appendices B and D; the CMS-HCC V28 FY22/FY23 mapping. Not in codesets/ at all: "
                         "ZIP+4 localities, PTP effective dates, 2025/2026 NCCI and HCPCS text, MCE edits beyond age, "
                         "sex and manifestation (see each edition's note above).");
    }
    if (ImGui::Button("Close") || ImGui::IsKeyPressedMap(ImGuiKey_Escape)) ui.show_about_data = false;
  }
  ImGui::End();
}

void DrawAboutWindow(app::Session& session, UiState& ui) {
  if (!ui.show_about) return;
  ImGui::SetNextWindowSize(ImVec2(460.0f * ui.scale, 0), ImGuiCond_Appearing);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (ImGui::Begin("About Medcode", &ui.show_about, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse)) {
    ImGui::Text("Medcode %s", engine::build_info::kVersion);
    ImGui::Text("Commit %s (%s)", engine::build_info::kGitSha, engine::build_info::kGitDate);
    ImGui::TextWrapped("%s", session.code_sets_label().c_str());
    ImGui::Separator();
    ImGui::TextWrapped("Patient data stays in this browser (IndexedDB). Saved at: %s", session.store_path().c_str());
    if (ImGui::Button("Close") || ImGui::IsKeyPressedMap(ImGuiKey_Escape)) ui.show_about = false;
  }
  ImGui::End();
}

}  // namespace

void DrawMenuBar(app::Session& session, UiState& ui, Host& host) {
  if (!ImGui::BeginMainMenuBar()) return;
  const bool file_open = ImGui::BeginMenu("File");
  ui.probe.RecordLastItem("menu.file");
  if (file_open) {
    if (ImGui::MenuItem("New encounter", "Alt+N")) {
      session.NewEncounter();
      ui.RequestFocus(Panel::kDocument);
    }
    if (ImGui::MenuItem("Open note file...", "Ctrl+O")) host.OpenFilePicker(FilePurpose::kNote);
    ImGui::Separator();
    if (ImGui::MenuItem("Import CPT descriptors...")) host.OpenFilePicker(FilePurpose::kCptDescriptors);
    ui.probe.RecordLastItem("menuitem.import_cpt");
    const bool remove_open = ImGui::BeginMenu("Remove CPT descriptors", session.cpt_descriptor_count() > 0);
    ui.probe.RecordLastItem("menuitem.remove_cpt");
    if (remove_open) {
      if (ImGui::MenuItem("Yes, remove the imported CPT descriptors")) session.RemoveCptDescriptors();
      ui.probe.RecordLastItem("menuitem.remove_cpt_yes");
      ImGui::EndMenu();
    }
    ImGui::Separator();
    if (ImGui::MenuItem("Save now", "Ctrl+S")) {
      session.CommitEdits();
      session.RequestSyncNow();
    }
    ImGui::EndMenu();
  }
  const bool encounter_open = ImGui::BeginMenu("Encounter");
  ui.probe.RecordLastItem("menu.encounter");
  if (encounter_open) {
    if (ImGui::MenuItem("Next", "Down", false, !session.encounters().empty())) session.SelectRelative(+1);
    if (ImGui::MenuItem("Previous", "Up", false, !session.encounters().empty())) session.SelectRelative(-1);
    ImGui::Separator();
    if (ImGui::BeginMenu("Delete encounter", session.has_open_encounter())) {
      if (ImGui::MenuItem("Yes, delete it and its note")) session.DeleteSelected();
      ImGui::EndMenu();
    }
    ImGui::EndMenu();
  }
  const bool code_open = ImGui::BeginMenu("Code");
  ui.probe.RecordLastItem("menu.code");
  if (code_open) {
    if (ImGui::MenuItem("Search codes", "Ctrl+K")) ui.RequestSearchFocus();
    ImGui::EndMenu();
  }
  const bool claims_open = ImGui::BeginMenu("Claims");
  ui.probe.RecordLastItem("menu.claims");
  if (claims_open) {
    ImGui::MenuItem("Scrub encounter", "Ctrl+Enter", false, false);
    ImGui::EndMenu();
  }
  const bool view_open = ImGui::BeginMenu("View");
  ui.probe.RecordLastItem("menu.view");
  if (view_open) {
    if (ImGui::MenuItem("Light theme", nullptr, session.theme() == app::Theme::kLight)) session.SetTheme(app::Theme::kLight);
    ui.probe.RecordLastItem("menuitem.light_theme");
    if (ImGui::MenuItem("Dark theme", nullptr, session.theme() == app::Theme::kDark)) session.SetTheme(app::Theme::kDark);
    ui.probe.RecordLastItem("menuitem.dark_theme");
    if (ImGui::MenuItem("Read the note wrapped", "Ctrl+E", ui.note_read_view)) {
      ui.note_read_view = !ui.note_read_view;
      ui.RequestFocus(Panel::kDocument);
    }
    ImGui::Separator();
    if (ImGui::MenuItem("Next panel", "F6")) {
      ui.RequestFocus(static_cast<Panel>((static_cast<int>(ui.focused) + 1) % static_cast<int>(Panel::kCount)));
    }
    if (ImGui::MenuItem("Reset layout")) {
      const UiState defaults;
      ui.worklist_width = defaults.worklist_width;
      ui.codes_width = defaults.codes_width;
      ui.findings_height = defaults.findings_height;
      session.SaveSetting("layout", "");
    }
    ImGui::EndMenu();
  }
  const bool help_open = ImGui::BeginMenu("Help");
  ui.probe.RecordLastItem("menu.help");
  if (help_open) {
    // Keep this list in step with the shortcuts in frame.cpp and the README.
    if (ImGui::BeginMenu("Keyboard shortcuts")) {
      ImGui::MenuItem("Search codes", "Ctrl+K", false, false);
      ImGui::MenuItem("New encounter", "Alt+N", false, false);
      ImGui::MenuItem("Open note file", "Ctrl+O", false, false);
      ImGui::MenuItem("Save now", "Ctrl+S", false, false);
      ImGui::MenuItem("Read / edit the note", "Ctrl+E", false, false);
      ImGui::MenuItem("Next / previous panel", "F6 / Shift+F6", false, false);
      ImGui::MenuItem("Next field", "Tab", false, false);
      ImGui::MenuItem("Select encounter", "Up / Down", false, false);
      ImGui::MenuItem("Leave a field / close", "Esc", false, false);
      ImGui::EndMenu();
    }
    if (ImGui::MenuItem("About code-set data")) ui.show_about_data = true;
    ui.probe.RecordLastItem("menuitem.about_data");
    if (ImGui::MenuItem("About Medcode")) ui.show_about = true;
    ImGui::EndMenu();
  }
  ui.probe.RecordWindow("menubar");
  const ImVec2 menu_pos = ImGui::GetWindowPos(), menu_size = ImGui::GetWindowSize();
  ImGui::EndMainMenuBar();
  DrawSearchBox(session, ui, menu_pos, menu_size);
  DrawAboutWindow(session, ui);
  DrawAboutDataWindow(session, ui);
}

}  // namespace medcode::ui
