// menu_bar.cpp: the menus (File, Encounter, Code, Claims, View, Help) with their shortcuts shown, the global search
// box on the right (Ctrl+K), and the About window.
#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>
#include <string>

#include "engine/build_info.h"
#include "ui/widgets.h"

namespace medcode::ui {

namespace {

// The results under the search box: one row per code (code, description, badges, what matched), the selected one
// highlighted, and a preview of the selected code below. An empty query lists recent and frequent codes.
void DrawSearchResults(app::Session& session, UiState& ui, ImVec2 a, ImVec2 b) {
  const auto& rows = session.search_rows();
  if (session.search_query().empty() && rows.empty()) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float popup_width = std::min(std::max(b.x - a.x, 820.0f * ui.scale), vp->WorkSize.x - 16.0f * ui.scale);
  ImGui::SetNextWindowPos(ImVec2(std::max(vp->WorkPos.x + 8.0f * ui.scale, b.x - popup_width), b.y + 2.0f * ui.scale));
  ImGui::SetNextWindowSize(ImVec2(popup_width, 0));
  ImGui::Begin("##search_results", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoNav | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_Tooltip);
  ui.probe.RecordWindow("search.results");
  if (!session.search_ready() && !session.search_query().empty()) {
    ImGui::TextWrapped("%s", session.search_index_status().empty() ? "No code sets are loaded yet."
                                                                  : session.search_index_status().c_str());
  } else if (rows.empty()) {
    ImGui::TextWrapped("No code matches \"%s\". Try fewer or shorter words, or a code (E11.9, 99213).",
                       session.search_query().c_str());
  }
  const float code_column = 80.0f * ui.scale;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  std::string group;
  for (size_t i = 0; i < rows.size(); ++i) {
    const app::SearchRow& r = rows[i];
    if (r.group != group) {
      group = r.group;
      ImGui::TextDisabled("%s", group.c_str());
    }
    // Rows wrap; the selected one's highlight goes behind it once its height is known.
    draw->ChannelsSplit(2);
    draw->ChannelsSetCurrent(1);
    const ImVec2 start = ImGui::GetCursorScreenPos();
    ImGui::Text("%s", r.code.c_str());
    ImGui::SameLine(code_column);
    std::string line = r.description;
    for (const auto& badge : r.badges) line += "  [" + badge + "]";
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(line.c_str());
    if (!r.matched.empty()) {
      ImGui::SetCursorPosX(ImGui::GetCursorPosX() + code_column);
      ImGui::TextDisabled("%s", r.matched.c_str());
    }
    ImGui::PopTextWrapPos();
    const float end_y = ImGui::GetItemRectMax().y;
    if (static_cast<int>(i) == session.search_selection()) {
      draw->ChannelsSetCurrent(0);
      draw->AddRectFilled(ImVec2(start.x - 2.0f * ui.scale, start.y),
                          ImVec2(start.x + ImGui::GetContentRegionAvail().x, end_y),
                          ImGui::GetColorU32(ImGuiCol_Header));
    }
    draw->ChannelsMerge();
    ui.probe.Record("search.row." + std::to_string(i), start.x, start.y, ImGui::GetContentRegionAvail().x,
                    end_y - start.y);
  }
  if (const app::SearchRow* sel = session.selected_search_row(); sel && sel->kind != app::CodeKind::kNone) {
    ImGui::Separator();
    CodeBreadcrumbAndDos(session.search_preview(sel->code), session.theme());
  }
  ImGui::TextDisabled("Up/Down choose   Enter assigns   Shift+Enter as a service   Ctrl+I index   Alt+T tabular   "
                      "Esc closes");
  ImGui::End();
}

// The 7th-character builder: a code that needs a 7th character was chosen; its options are listed, and typing the
// character (or arrows and Enter) assigns the full code. Esc cancels.
void DrawSeventhBuilder(app::Session& session, UiState& ui) {
  const app::CodeLookup* b = session.seventh_builder();
  const bool opening = ui.open_seventh_builder;  // the Enter that chose the code is still down this frame
  if (opening) {
    ImGui::OpenPopup("7th character");
    ui.open_seventh_builder = false;
    ui.seventh_choice = 0;
  }
  if (!b) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(560.0f * ui.scale, 0));
  if (!ImGui::BeginPopupModal("7th character", nullptr, ImGuiWindowFlags_NoSavedSettings)) {
    session.CancelSeventh();  // closed from outside
    return;
  }
  ui.probe.RecordWindow("window.seventh");
  ImGui::TextWrapped("%s  %s", b->code.c_str(), b->shown_description.c_str());
  ImGui::TextWrapped("%s", b->seventh_rule.c_str());
  ImGui::Separator();
  const auto& options = b->seventh_characters;
  const int n = static_cast<int>(options.size());
  if (ImGui::IsKeyPressedMap(ImGuiKey_DownArrow)) ui.seventh_choice = std::min(ui.seventh_choice + 1, n - 1);
  if (ImGui::IsKeyPressedMap(ImGuiKey_UpArrow)) ui.seventh_choice = std::max(ui.seventh_choice - 1, 0);
  char typed = 0;
  for (ImWchar c : ImGui::GetIO().InputQueueCharacters) {
    if (opening) break;
    if (c < 128 && std::isalnum(static_cast<int>(c))) typed = static_cast<char>(c);
  }
  char chosen = typed;
  for (int i = 0; i < n; ++i) {
    const app::SeventhOption& o = options[static_cast<size_t>(i)];
    const std::string label = o.character + "   " + (o.code.empty() ? "(no code)" : o.code) + "   " + o.meaning;
    if (ImGui::Selectable(label.c_str(), i == ui.seventh_choice)) chosen = o.character[0];
    ui.probe.RecordLastItem("seventh." + o.character);
  }
  if (!opening && ImGui::IsKeyPressedMap(ImGuiKey_Enter) && n > 0) chosen = options[static_cast<size_t>(ui.seventh_choice)].character[0];
  // On success the builder closes and the search box is cleared for the next code; else the status says why.
  if (chosen && session.ChooseSeventh(chosen)) session.search_query().clear();
  ImGui::TextDisabled("Type the character, or Up/Down and Enter.   Esc cancels.");
  if (ImGui::IsKeyPressedMap(ImGuiKey_Escape)) session.CancelSeventh();
  if (!session.seventh_builder()) {
    ImGui::CloseCurrentPopup();  // gives the keyboard back to the window under it (an index or tabular browser)
    if (!ui.show_index_browser && !ui.show_tabular_browser) ui.RequestFocus(Panel::kCodes);
  }
  ImGui::EndPopup();
}

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
  // Up / Down move through the results while the box keeps the keyboard (ImGui's own nav is off for it).
  const bool was_active = ui.search_active;
  if (was_active && !session.search_rows().empty()) {
    if (ImGui::IsKeyPressedMap(ImGuiKey_DownArrow)) session.MoveSearchSelection(+1);
    if (ImGui::IsKeyPressedMap(ImGuiKey_UpArrow)) session.MoveSearchSelection(-1);
    if (ImGui::IsKeyPressedMap(ImGuiKey_PageDown)) session.MoveSearchSelection(+8);
    if (ImGui::IsKeyPressedMap(ImGuiKey_PageUp)) session.MoveSearchSelection(-8);
  }
  const std::string before = session.search_query();
  const bool enter = ImGui::InputTextWithHint("##search", "Ctrl+K  search codes", &session.search_query(),
                                              ImGuiInputTextFlags_EnterReturnsTrue);
  if (session.search_query() != before) session.MoveSearchSelection(-1000);  // a new query starts at the top
  ui.search_active = ImGui::IsItemActive();
  ui.probe.RecordLastItem("search");
  const app::SearchRow* selected = session.selected_search_row();
  if (selected) ui.browser_code = selected->code;
  if (enter && selected) {
    // Enter assigns (ICD-10-CM as a diagnosis, CPT / HCPCS as a service, a modifier onto the service line);
    // Shift+Enter assigns as a service. The code's detail opens in the Codes panel either way.
    const std::string code = selected->code;
    const bool assigned = session.AssignCode(code, ImGui::GetIO().KeyShift ? app::AssignAs::kService
                                                                           : app::AssignAs::kByKind);
    if (selected->kind != app::CodeKind::kNone) session.OpenCodeDetail(code);
    if (assigned) session.search_query().clear();
    if (session.seventh_builder()) {
      ui.open_seventh_builder = true;
    } else {
      // To the Codes panel, where the new code is selected: Alt+Up/Down sequences it, Delete removes it, Ctrl+K
      // searches for the next one.
      ui.RequestFocus(Panel::kCodes);
    }
  }
  if (ui.search_active && !ui.open_seventh_builder) DrawSearchResults(session, ui, ImGui::GetItemRectMin(),
                                                                      ImGui::GetItemRectMax());
  ImGui::End();
  DrawSeventhBuilder(session, ui);
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
    if (ImGui::MenuItem("Index browser", "Ctrl+I")) ui.show_index_browser = true;
    ui.probe.RecordLastItem("menuitem.index_browser");
    if (ImGui::MenuItem("Tabular browser", "Alt+T")) ui.show_tabular_browser = true;
    ui.probe.RecordLastItem("menuitem.tabular_browser");
    ImGui::Separator();
    const app::CodeRef sel = session.code_selection();
    if (ImGui::MenuItem("Move diagnosis up", "Alt+Up", false, !sel.service && sel.index > 0)) {
      session.MoveSelectedDiagnosis(-1);
    }
    if (ImGui::MenuItem("Move diagnosis down", "Alt+Down", false,
                        !sel.service && sel.index >= 0 &&
                            sel.index + 1 < static_cast<int>(session.coding().diagnoses.size()))) {
      session.MoveSelectedDiagnosis(+1);
    }
    if (ImGui::MenuItem("Remove selected code", "Delete", false, sel.index >= 0)) session.RemoveSelectedCode();
    ImGui::EndMenu();
  }
  const bool claims_open = ImGui::BeginMenu("Claims");
  ui.probe.RecordLastItem("menu.claims");
  if (claims_open) {
    // The claim is checked as it is coded; this saves and puts the keyboard in the findings.
    if (ImGui::MenuItem("Scrub encounter", "Ctrl+Enter", false, session.has_open_encounter())) {
      session.CommitEdits();
      ui.RequestFocus(Panel::kFindings);
    }
    ImGui::Separator();
    if (ImGui::MenuItem("Claims view", "Alt+C", ui.view == View::kClaims)) ShowClaimsView(ui, ui.view != View::kClaims);
    ui.probe.RecordLastItem("menuitem.claims_view");
    if (ImGui::MenuItem("Practice settings...", "Alt+S")) OpenPracticeSettings(session, ui);
    ui.probe.RecordLastItem("menuitem.practice");
    if (ImGui::MenuItem("Create claim", "Alt+B", false, session.has_open_encounter())) CreateClaim(session, ui);
    ui.probe.RecordLastItem("menuitem.create_claim");
    if (ImGui::MenuItem("Export 837P (selected claim)", "Alt+X", false, session.selected_claim() != nullptr)) {
      ExportClaims(session, host, false);
    }
    ui.probe.RecordLastItem("menuitem.export_837");
    if (ImGui::MenuItem("Export 837P (all ready claims)")) ExportClaims(session, host, true);
    ui.probe.RecordLastItem("menuitem.export_all");
    if (ImGui::MenuItem("Import 835 / 999 / 277CA...", "Alt+I")) host.OpenFilePicker(FilePurpose::kClaimsFile);
    ui.probe.RecordLastItem("menuitem.import_remit");
    ImGui::Separator();
    if (ImGui::MenuItem("CMS-1500 preview", nullptr, ui.claims.show_preview, session.selected_claim() != nullptr)) {
      ui.claims.show_preview = !ui.claims.show_preview;
    }
    ui.probe.RecordLastItem("menuitem.cms1500_preview");
    if (ImGui::MenuItem("CMS-1500 PDF", "Alt+P", false, session.selected_claim() != nullptr)) {
      DownloadCms1500(session, host, false);
    }
    ui.probe.RecordLastItem("menuitem.cms1500");
    if (ImGui::MenuItem("CMS-1500 PDF, data only (red form)", nullptr, false, session.selected_claim() != nullptr)) {
      DownloadCms1500(session, host, true);
    }
    ui.probe.RecordLastItem("menuitem.cms1500_data");
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
      ui.RequestFocus(NextPanelForMenu(ui));
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
      ImGui::MenuItem("Assign the chosen code", "Enter", false, false);
      ImGui::MenuItem("Assign as a service", "Shift+Enter", false, false);
      ImGui::MenuItem("Index / tabular browser", "Ctrl+I / Alt+T", false, false);
      ImGui::MenuItem("Move a diagnosis", "Alt+Up / Alt+Down", false, false);
      ImGui::MenuItem("Remove the selected code", "Delete", false, false);
      ImGui::MenuItem("Edit the service line's units, charge, ...", "Enter", false, false);
      ImGui::MenuItem("New encounter", "Alt+N", false, false);
      ImGui::MenuItem("Open note file", "Ctrl+O", false, false);
      ImGui::MenuItem("Save now", "Ctrl+S", false, false);
      ImGui::MenuItem("Read / edit the note", "Ctrl+E", false, false);
      ImGui::MenuItem("Next / previous panel", "F6 / Shift+F6", false, false);
      ImGui::MenuItem("Claims view / coding view", "Alt+C", false, false);
      ImGui::MenuItem("Practice settings", "Alt+S", false, false);
      ImGui::MenuItem("Create claim / export 837P", "Alt+B / Alt+X", false, false);
      ImGui::MenuItem("Import 835 / 999 / 277CA", "Alt+I", false, false);
      ImGui::MenuItem("CMS-1500 PDF", "Alt+P", false, false);
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
