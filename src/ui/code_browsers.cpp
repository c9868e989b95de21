// code_browsers.cpp: the index browser (Ctrl+I) and the tabular browser (Ctrl+T / Alt+T), windows over the workspace
// that open at the selected code. They draw the app models in UiState (app/code_browser.h) and turn keys and clicks
// into their commands; a code taken in either goes through PickCode().
//
// Keyboard: each window has a text box (index: main-term filter; tabular: go to code) and a tree. Typing goes to the
// text box; Down (or Enter) moves into the tree, where Up/Down/PageUp/PageDown/Home/End move, Right opens (or goes
// to the first subterm), Left closes (or goes up), Enter takes the code (or opens a row without one), Tab moves
// between a table row's code columns, Backspace goes back, and typing returns to the text box. Esc closes the
// window and gives the keyboard back to the window that had it. ImGui's own keyboard navigation is off inside
// (ImGuiWindowFlags_NoNavInputs, items flagged NoNav), so arrows and Enter do one thing.
//
// [SECTION] Shared helpers
// [SECTION] Index browser
// [SECTION] Tabular browser
// [SECTION] Entry points
#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "ui/widgets.h"

namespace medcode::ui {

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Shared helpers
// ---------------------------------------------------------------------------------------------------------------

namespace {

constexpr ImGuiWindowFlags kBrowserWindowFlags =
    ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoNavInputs;
constexpr int kPageRows = 15;  // rows PageUp / PageDown move

bool Key(ImGuiKey key, bool repeat = true) { return ImGui::IsKeyPressedMap(key, repeat); }

// Places a browser window over the worklist and document, leaving the Codes panel (where a taken code shows) visible.
void PlaceWindow(const UiState& ui, float top_css) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float s = ui.scale;
  const float right = vp->WorkSize.x - std::max(ui.codes_width + 16.0f, 200.0f) * s;
  const float width = std::max(right - 12.0f * s, std::min(560.0f * s, vp->WorkSize.x - 24.0f * s));
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + 12.0f * s, vp->WorkPos.y + top_css * s), ImGuiCond_Appearing);
  ImGui::SetNextWindowSize(ImVec2(width, std::max(300.0f * s, vp->WorkSize.y * 0.72f)), ImGuiCond_Appearing);
}

// Opening: remembers where the keyboard was and takes it.
void BeginOpening(BrowserWindowState& w) {
  const ImGuiContext& g = *GImGui;
  w.return_window = g.NavWindow ? g.NavWindow->ID : 0;
  ImGui::SetNextWindowFocus();
}

// Esc (or the close button): gives the keyboard back to the window that had it.
void Close(bool& show, BrowserWindowState& w) {
  show = false;
  ImGui::ClearActiveID();
  if (ImGuiWindow* back = w.return_window ? ImGui::FindWindowByID(w.return_window) : nullptr) {
    ImGui::FocusWindow(back);
  } else {
    ImGui::FocusWindow(nullptr);
  }
}

// Begins a browser window (placed, recorded for tests, ImGui's keyboard navigation off inside) and draws its Back
// button. False when there is nothing to draw (collapsed, or closed by its button): the caller returns. `open` turns
// false when the window's close button is clicked this frame; the caller closes it after drawing.
template <class Browser>
bool BeginBrowserWindow(const char* title, const char* probe_name, float top_css, bool& show, BrowserWindowState& w,
                        UiState& ui, Browser& b, const engine::CodeSetPack& pack, bool& open) {
  PlaceWindow(ui, top_css);
  open = true;
  if (!ImGui::Begin(title, &open, kBrowserWindowFlags)) {
    ImGui::End();
    if (!open) Close(show, w);
    return false;
  }
  ui.probe.RecordWindow(probe_name);
  ImGui::PushItemFlag(ImGuiItemFlags_NoNav, true);
  ImGui::BeginDisabled(!b.CanGoBack());
  if (ImGui::SmallButton("< Back")) b.Back(pack);
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("Back (Backspace in the list)");
  ImGui::SameLine();
  return true;
}

// Characters typed this frame while the tree had the keyboard: they go to the text box instead.
std::string TakeTypedText() {
  ImGuiIO& io = ImGui::GetIO();
  std::string out;
  if (io.KeyCtrl || io.KeyAlt) return out;
  for (ImWchar c : io.InputQueueCharacters) {
    if (c < 32 || c == 127) continue;
    char buf[5];
    out += ImTextCharToUtf8(buf, c);
  }
  io.InputQueueCharacters.resize(0);
  return out;
}

// Where the cursor goes when the text box takes focus (ImGui 1.86 keeps it where it was last time).
int PlaceCursor(ImGuiInputTextCallbackData* data) {
  BrowserWindowState* w = static_cast<BrowserWindowState*>(data->UserData);
  if (w->cursor_to_end) data->CursorPos = data->SelectionStart = data->SelectionEnd = data->BufTextLen;
  if (w->select_all) {
    data->SelectionStart = 0;
    data->CursorPos = data->SelectionEnd = data->BufTextLen;
  }
  w->cursor_to_end = w->select_all = false;
  return 0;
}

// The text box of a browser: takes focus when asked (the cursor at the end when the request came from typing).
// Returns true while it is being edited. Esc in it closes the window (reported through `escape`).
bool BrowserInput(const char* id, const char* hint, std::string* text, BrowserWindowState& w, bool* escape,
                  bool* enter) {
  *escape = LeaveFieldOnEscape(id);
  if (w.focus_input) {
    ImGui::SetKeyboardFocusHere();
    w.focus_input = false;
  }
  ImGui::SetNextItemWidth(-FLT_MIN);
  *enter = ImGui::InputTextWithHint(id, hint, text, ImGuiInputTextFlags_EnterReturnsTrue |
                                                        ImGuiInputTextFlags_CallbackAlways,
                                    PlaceCursor, &w);
  return ImGui::IsItemActive();
}

// A code as a link: a small button; `probe` names its rectangle for tests ("" for none).
bool CodeButton(UiState& ui, const std::string& label, const std::string& tooltip, const std::string& probe) {
  const bool pressed = ImGui::SmallButton(label.c_str());
  if (ImGui::IsItemHovered() && !tooltip.empty()) ImGui::SetTooltip("%s", tooltip.c_str());
  if (!probe.empty()) ui.probe.RecordLastItem(probe);
  return pressed;
}

void KeyHelp(const char* text) {
  ImGui::Separator();
  ImGui::TextDisabled("%s", text);
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Index browser
// ---------------------------------------------------------------------------------------------------------------

constexpr engine::IndexTree kTrees[] = {engine::IndexTree::kIndex, engine::IndexTree::kNeoplasm,
                                        engine::IndexTree::kDrug, engine::IndexTree::kExternal};

// What a click or a key asked for while drawing (applied after the rows are drawn: the rows must not change under
// the loop that draws them).
struct IndexActions {
  int select_row = -1;
  int toggle_node = -1;
  std::string pick;          // a code to take
  std::string follow;        // a see / see-also text to follow
  engine::IndexTree follow_tree = engine::IndexTree::kIndex;
  int column = -1;           // a table cell chosen with the mouse
};

std::string TermLabel(const app::IndexNode& n) {
  std::string label = n.term.term;
  if (!n.term.nonessential.empty()) label += (label.empty() ? "" : " ") + n.term.nonessential;
  return label.empty() ? "(no text)" : label;
}

// The see / see-also references of a term, as links.
void DrawReferences(UiState& ui, const app::IndexNode& n, int row, IndexActions& act) {
  const std::pair<const char*, const std::string*> refs[] = {{"see", &n.term.see}, {"see also", &n.term.see_also}};
  for (const auto& [word, text] : refs) {
    if (text->empty()) continue;
    ImGui::SameLine();
    ImGui::PushID(word);
    const std::string label = std::string(word) + ": " + *text;
    if (CodeButton(ui, label, std::string("Go to ") + *text, "index.see." + std::to_string(row))) {
      act.follow = *text;
      act.follow_tree = n.term.tree;
      act.select_row = row;
    }
    ImGui::PopID();
  }
}

// One code cell: a link, or the printed text when it is no code of the pack.
void DrawIndexCode(UiState& ui, const engine::IndexCode& c, bool selected, int row, int column, IndexActions& act) {
  if (c.kind == engine::IndexCodeKind::kNone) {
    ImGui::TextDisabled("%s", c.printed.empty() ? "" : c.printed.c_str());
    return;
  }
  if (c.kind == engine::IndexCodeKind::kUnresolved) {
    ImGui::TextDisabled("%s ?", c.printed.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s is not a code of the editions loaded", c.printed.c_str());
    return;
  }
  if (selected) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
  ImGui::PushID(column);
  const std::string tip = c.kind == engine::IndexCodeKind::kPrefix
                              ? "Take " + c.code + " (" + c.printed + ": more characters needed; see the tabular)"
                              : "Take " + c.code;
  if (CodeButton(ui, c.printed, tip, "index.code." + c.code)) {
    act.pick = c.code;
    act.select_row = row;
    act.column = column;
  }
  ImGui::PopID();
  if (selected) ImGui::PopStyleColor();
}

void DrawIndexRows(app::Session& session, UiState& ui, const engine::CodeSetPack& pack, IndexActions& act) {
  app::IndexBrowser& b = ui.index_browser;
  const bool tables = b.code().empty() &&
                      (b.tree() == engine::IndexTree::kNeoplasm || b.tree() == engine::IndexTree::kDrug);
  const int columns = tables ? 1 + engine::kTableColumns : 2;
  const float footer = ImGui::GetTextLineHeightWithSpacing() * 2 + ImGui::GetStyle().ItemSpacing.y * 2;
  const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable(tables ? "##index_table_rows" : "##index_rows", columns, flags, ImVec2(0, -footer))) return;
  ui.probe.RecordWindow("index.rows");
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(tables ? "Term (site / substance)" : "Term", ImGuiTableColumnFlags_WidthStretch, 3.0f);
  if (tables) {
    for (int c = 1; c <= engine::kTableColumns; ++c) {
      // "poisoning accidental (unintentional)" -> "accidental (unintentional)": the columns are narrow.
      std::string name = engine::IndexColumnName(b.tree(), c);
      if (name.rfind("poisoning ", 0) == 0) name = name.substr(10);
      ImGui::TableSetupColumn(name.c_str(), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    }
  } else {
    ImGui::TableSetupColumn("Code", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  }
  ImGui::TableHeadersRow();

  const int rows = static_cast<int>(b.rows().size());
  ImGuiListClipper clipper;
  clipper.Begin(rows);
  if (b.scroll_to_selected && b.selected_row() >= 0) clipper.ForceDisplayRangeByIndices(b.selected_row(), b.selected_row() + 1);
  const float indent = ImGui::GetTreeNodeToLabelSpacing() * 0.8f;
  while (clipper.Step()) {
    b.Prepare(pack, clipper.DisplayStart, clipper.DisplayEnd);
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const int node = b.rows()[row];
      const app::IndexNode& n = b.nodes()[node];
      const bool selected = row == b.selected_row();
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushID(node);
      ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent * n.depth);
      if (!n.above.empty()) {
        ImGui::TextDisabled("%s >", n.above.c_str());
        ImGui::SameLine();
      }
      ImGuiTreeNodeFlags tf = ImGuiTreeNodeFlags_OpenOnArrow | ImGuiTreeNodeFlags_OpenOnDoubleClick |
                              ImGuiTreeNodeFlags_NoTreePushOnOpen;
      if (!b.HasChildren(pack, node)) tf |= ImGuiTreeNodeFlags_Leaf;
      if (selected) tf |= ImGuiTreeNodeFlags_Selected;
      ImGui::SetNextItemOpen(n.expanded, ImGuiCond_Always);
      if (n.target) ImGui::PushStyleColor(ImGuiCol_Text, SeverityColor(app::Severity::kInfo, session.theme()));
      ImGui::TreeNodeEx("##term", tf, "%s%s", n.target ? "> " : "", TermLabel(n).c_str());
      if (n.target) ImGui::PopStyleColor();
      if (ImGui::IsItemToggledOpen()) {
        act.toggle_node = node;
        act.select_row = row;
      } else if (ImGui::IsItemClicked()) {
        act.select_row = row;
      }
      if (selected) ui.probe.RecordLastItem("index.selected");
      if (row < 40) ui.probe.RecordLastItem("index.row." + std::to_string(row));
      DrawReferences(ui, n, row, act);
      if (selected && b.scroll_to_selected) {
        ImGui::SetScrollHereY(0.35f);
        b.scroll_to_selected = false;
      }
      if (tables) {
        for (int c = 1; c <= engine::kTableColumns; ++c) {
          ImGui::TableNextColumn();
          DrawIndexCode(ui, n.cells[c - 1], selected && b.selected_column() == c, row, c, act);
        }
      } else {
        ImGui::TableNextColumn();
        if (n.IsTable()) {
          // A table row among index entries (opened at a code): its printed cells, each named by its column.
          bool first = true;
          for (int c = 1; c <= engine::kTableColumns; ++c) {
            if (n.cells[c - 1].kind == engine::IndexCodeKind::kNone) continue;
            if (!first) ImGui::SameLine();
            first = false;
            DrawIndexCode(ui, n.cells[c - 1], selected && b.selected_column() == c, row, c, act);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", engine::IndexColumnName(n.term.tree, c));
          }
        } else {
          DrawIndexCode(ui, n.term.code, selected, row, 0, act);
        }
      }
      ImGui::PopID();
    }
  }
  ImGui::EndTable();
}

// Applies what Enter does on the selected row: take its code, else follow its see, else open / close it.
void IndexEnter(app::Session& session, UiState& ui, const engine::CodeSetPack& pack, IndexActions& act) {
  app::IndexBrowser& b = ui.index_browser;
  if (b.selected_row() < 0) b.MoveSelection(1);  // Enter in the filter: the first row
  const app::IndexNode* n = b.SelectedNode();
  if (!n) return;
  if (std::string code = b.SelectedCode(); !code.empty()) {
    act.pick = code;
  } else if (!n->term.see.empty()) {
    act.follow = n->term.see;
    act.follow_tree = n->term.tree;
  } else {
    b.Toggle(pack, b.rows()[b.selected_row()]);
  }
}

void DrawIndexBrowser(app::Session& session, UiState& ui, Host& host, const engine::CodeSetPack& pack,
                      bool open_request, const std::string& open_code) {
  app::IndexBrowser& b = ui.index_browser;
  BrowserWindowState& w = ui.index_window;
  if (open_request) {
    BeginOpening(w);
    if (!open_code.empty()) {
      b.OpenAtCode(pack, open_code);
      w.focus_tree = true;
    } else {
      if (b.nodes().empty()) b.SetFilter(pack, b.filter());
      w.focus_input = true;
      ui.hold_text_frames = 2;  // "Ctrl+I diab" typed at once: the text waits for the filter to have focus
    }
  }
  bool open = true;
  if (!BeginBrowserWindow("Index browser###index_browser", "index.window", 40.0f, ui.show_index_browser, w, ui, b,
                          pack, open)) {
    return;
  }
  IndexActions act;

  // Tree selector (after Back).
  for (engine::IndexTree tree : kTrees) {
    const bool current = b.code().empty() && b.tree() == tree;
    if (ImGui::RadioButton(engine::IndexTreeName(tree), current) && !current) {
      b.SetTree(pack, tree);
      w.focus_input = true;
      w.select_all = true;  // the filter is kept: Enter lists it in this tree, typing replaces it
    }
    ui.probe.RecordLastItem(std::string("index.tree.") + std::to_string(static_cast<int>(tree)));
    ImGui::SameLine();
  }
  ImGui::NewLine();

  // The filter.
  bool escape = false, enter = false;
  std::string filter = b.filter();
  const char* hint = b.tree() == engine::IndexTree::kNeoplasm ? "Site (e.g. lung), Down to the list"
                     : b.tree() == engine::IndexTree::kDrug   ? "Substance (e.g. aspirin), Down to the list"
                                                              : "Main term (e.g. diabetes), Down to the list";
  const bool editing = BrowserInput("##index_filter", hint, &filter, w, &escape, &enter);
  ui.probe.RecordLastItem("index.filter");
  if (filter != b.filter()) b.SetFilter(pack, filter);
  if (editing) {
    if (Key(ImGuiKey_DownArrow) || Key(ImGuiKey_UpArrow) || Key(ImGuiKey_PageDown)) {
      b.MoveSelection(Key(ImGuiKey_UpArrow) ? -1 : Key(ImGuiKey_PageDown) ? kPageRows : 1);
      ImGui::ClearActiveID();  // the list has the keyboard now
    }
  }
  if (enter) {
    IndexEnter(session, ui, pack, act);
    ImGui::ClearActiveID();
  }
  if (!b.code().empty()) {
    ImGui::TextDisabled("Index entries for");
    ImGui::SameLine();
    ImGui::Text("%s", b.code().c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("(type to browse by main term instead)");
  }
  if (!b.message().empty()) {
    ImGui::TextWrapped("%s", b.message().c_str());
    ui.probe.RecordLastItem("index.message");
  }

  DrawIndexRows(session, ui, pack, act);
  if (b.more()) {
    ImGui::TextDisabled("The first %d main terms; type more letters to narrow.", app::IndexBrowser::kMainTermLimit);
  } else if (b.SelectedNode()) {
    const std::string code = b.SelectedCode();
    ImGui::TextDisabled("Selected:");
    ImGui::SameLine();
    ImGui::TextUnformatted(b.SelectedPathText().c_str());
    ui.probe.RecordLastItem("index.path");
    if (!code.empty()) {
      ImGui::SameLine();
      ImGui::TextDisabled("->");
      ImGui::SameLine();
      ImGui::TextUnformatted(code.c_str());
    }
  } else {
    ImGui::TextDisabled("%zu rows", b.rows().size());
  }
  KeyHelp("Up/Down move   Right/Left open/close   Enter take code   Tab table column   Backspace back   Esc close");

  // Keys for the tree: the window is focused and the filter is not being edited. Keys count for a window that had the keyboard last frame too: an Esc that closed the other browser (and gave
  // this one the keyboard) is not for this one.
  const bool focused = ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows);
  w.tree_keys = focused && w.focused && !editing && ImGui::GetActiveID() != ImGui::GetID("##index_filter");
  w.focused = focused;
  if (w.focus_tree) {
    w.focus_tree = false;
    ImGui::ClearActiveID();
  } else if (w.tree_keys && !open_request) {
    if (Key(ImGuiKey_DownArrow)) b.MoveSelection(1);
    if (Key(ImGuiKey_UpArrow)) {
      if (b.selected_row() <= 0) {
        b.Select(-1);
        w.focus_input = true;  // above the first row: back to the filter
        w.cursor_to_end = true;
      } else {
        b.MoveSelection(-1);
      }
    }
    if (Key(ImGuiKey_PageDown)) b.MoveSelection(kPageRows);
    if (Key(ImGuiKey_PageUp)) b.MoveSelection(-kPageRows);
    if (Key(ImGuiKey_Home, false)) b.MoveSelection(-(1 << 30));
    if (Key(ImGuiKey_End, false)) b.MoveSelection(1 << 30);
    if (Key(ImGuiKey_RightArrow)) b.Right(pack);
    if (Key(ImGuiKey_LeftArrow)) b.Left();
    if (Key(ImGuiKey_Tab)) b.SelectColumn(ImGui::GetIO().KeyShift ? -1 : 1);
    if (Key(ImGuiKey_Enter, false) || Key(ImGuiKey_KeyPadEnter, false)) IndexEnter(session, ui, pack, act);
    if (Key(ImGuiKey_Backspace)) b.Back(pack);
    if (Key(ImGuiKey_Escape, false)) escape = true;
    if (const std::string typed = TakeTypedText(); !typed.empty()) {
      b.SetFilter(pack, (b.code().empty() ? b.filter() : std::string()) + typed);
      w.focus_input = true;
      w.cursor_to_end = true;
    }
  }

  // Mouse and key results, now that nothing is being drawn from the rows.
  if (act.select_row >= 0) b.Select(act.select_row);
  if (act.column >= 0) b.SetColumn(act.column);
  if (act.toggle_node >= 0) b.Toggle(pack, act.toggle_node);
  if (!act.follow.empty()) {
    const app::IndexFollow f = b.FollowReference(pack, act.follow_tree, act.follow);
    if (f.kind == app::IndexFollow::Kind::kTabular) {
      ui.show_tabular_browser = true;
      ui.tabular_window.open_at = f.code;  // (re)opens it there next frame
    }
  }
  if (!act.pick.empty()) PickCode(session, ui, act.pick);
  ImGui::PopItemFlag();
  ImGui::End();
  if (!open || escape) Close(ui.show_index_browser, w);
  (void)host;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Tabular browser
// ---------------------------------------------------------------------------------------------------------------

struct TabularActions {
  int select_row = -1;
  int toggle_node = -1;
  std::string go_to;  // a code named in a note: move the browser there
  std::string pick;   // a code to take
};

void DrawTabularNotes(UiState& ui, const app::TabularNode& n, TabularActions& act, app::Theme theme) {
  int link = 0;
  for (const app::TabularNoteGroup& g : n.notes) {
    ImGui::TextColored(g.kind.rfind("Excludes", 0) == 0 ? SeverityColor(app::Severity::kWarning, theme)
                                                          : ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled),
                       "%s:", g.kind.c_str());
    ImGui::Indent();
    for (const app::DetailNote& line : g.lines) {
      const float avail = ImGui::GetContentRegionAvail().x;
      float links_width = 0;
      for (const app::DetailLink& l : line.links) {
        links_width += ImGui::CalcTextSize(l.label.c_str()).x + ImGui::GetStyle().FramePadding.x * 2 +
                       ImGui::GetStyle().ItemSpacing.x;
      }
      // Short lines keep their links beside them; long ones wrap and put the links below.
      const bool inline_links = ImGui::CalcTextSize(line.text.c_str()).x + links_width + 8.0f < avail;
      if (inline_links) {
        ImGui::TextUnformatted(line.text.c_str());
      } else {
        ImGui::TextWrapped("%s", line.text.c_str());
      }
      for (size_t i = 0; i < line.links.size(); ++i) {
        if (inline_links || i > 0) ImGui::SameLine();
        ImGui::PushID(link++);
        const app::DetailLink& l = line.links[i];
        if (CodeButton(ui, l.label, "Go to " + l.code + " in the tabular", "tabular.link." + n.id + "." + l.code)) {
          act.go_to = l.code;
        }
        ImGui::PopID();
      }
    }
    ImGui::Unindent();
  }
  if (!n.seventh.empty()) {
    ImGui::TextDisabled("7th characters:");
    ImGui::Indent();
    for (const engine::IcdSeventhCharacter& o : n.seventh) {
      ImGui::Text("%c", o.character);
      ImGui::SameLine();
      ImGui::TextWrapped("%s%s%s", o.meaning.c_str(), o.note.empty() ? "" : "  (", o.note.empty() ? "" : (o.note + ")").c_str());
    }
    ImGui::Unindent();
  }
}

void DrawTabularRows(app::Session& session, UiState& ui, const engine::CodeSetPack& pack, TabularActions& act) {
  app::TabularBrowser& b = ui.tabular_browser;
  const float footer = ImGui::GetTextLineHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y * 2;
  ImGui::BeginChild("##tabular_rows", ImVec2(0, -footer), true, ImGuiWindowFlags_NoNavInputs);
  ui.probe.RecordWindow("tabular.rows");
  const float indent = ImGui::GetTreeNodeToLabelSpacing();
  for (int row = 0; row < static_cast<int>(b.rows().size()); ++row) {
    const int node = b.rows()[row];
    b.Prepare(pack, node);
    const app::TabularNode& n = b.nodes()[node];
    const bool selected = row == b.selected_row();
    const bool leaf = !b.HasChildren(pack, node);
    ImGui::PushID(node);
    const float x = ImGui::GetCursorPosX() + indent * n.depth;
    ImGui::SetCursorPosX(x);
    ImGuiTreeNodeFlags tf = ImGuiTreeNodeFlags_OpenOnArrow | ImGuiTreeNodeFlags_OpenOnDoubleClick |
                            ImGuiTreeNodeFlags_NoTreePushOnOpen | ImGuiTreeNodeFlags_SpanAvailWidth;
    if (leaf) tf |= ImGuiTreeNodeFlags_Leaf;
    if (selected) tf |= ImGuiTreeNodeFlags_Selected;
    ImGui::SetNextItemOpen(n.expanded, ImGuiCond_Always);
    std::string label;
    switch (n.level) {
      case app::TabularLevel::kChapter: label = "Chapter " + n.id + "  " + n.title; break;
      case app::TabularLevel::kSection: label = n.id + (n.title.empty() ? "" : "  " + n.title); break;
      case app::TabularLevel::kCode: label = n.id + "  " + n.title; break;
    }
    const std::string status = b.CodeStatus(n);
    const float status_width = status.empty() ? 0.0f : ImGui::CalcTextSize(status.c_str()).x + 24.0f * ui.scale;
    // Leave room for the billable / header marker after the label.
    ImGui::PushClipRect(ImGui::GetCursorScreenPos(),
                        ImVec2(ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x - status_width, 1e9f), true);
    ImGui::TreeNodeEx("##row", tf, "%s", label.c_str());
    ImGui::PopClipRect();
    if (ImGui::IsItemToggledOpen()) {
      act.toggle_node = node;
      act.select_row = row;
    } else if (ImGui::IsItemClicked()) {
      act.select_row = row;
      if (n.level == app::TabularLevel::kCode && ImGui::IsMouseDoubleClicked(0) && leaf) act.pick = n.id;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", label.c_str());
    ui.probe.RecordLastItem("tabular.row." + n.id);
    if (selected) ui.probe.RecordLastItem("tabular.selected");
    if (selected && b.scroll_to_selected) {
      ImGui::SetScrollHereY(0.3f);
      b.scroll_to_selected = false;
    }
    if (!status.empty()) {
      ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - status_width + 8.0f * ui.scale);
      const bool billable = status == "Billable";
      if (billable) {
        ImGui::TextColored(SeverityColor(app::Severity::kInfo, session.theme()), "[%s]", status.c_str());
      } else {
        ImGui::TextDisabled("[%s]", status.c_str());
      }
    }
    if (n.expanded || leaf || selected) {
      ImGui::Indent(indent * (n.depth + 1));
      DrawTabularNotes(ui, n, act, session.theme());
      ImGui::Unindent(indent * (n.depth + 1));
    }
    ImGui::PopID();
  }
  ImGui::EndChild();
}

void TabularEnter(app::Session& session, UiState& ui, const engine::CodeSetPack& pack, TabularActions& act) {
  app::TabularBrowser& b = ui.tabular_browser;
  const app::TabularNode* n = b.SelectedNode();
  if (!n) return;
  if (n->level == app::TabularLevel::kCode) {
    act.pick = n->id;
  } else {
    b.Toggle(pack, b.rows()[b.selected_row()]);
  }
}

void DrawTabularBrowser(app::Session& session, UiState& ui, Host& host, const engine::CodeSetPack& pack,
                        bool open_request, const std::string& open_code) {
  app::TabularBrowser& b = ui.tabular_browser;
  BrowserWindowState& w = ui.tabular_window;
  b.Load(pack, app::BrowserFiscalYear(session.draft().date_of_service));
  if (open_request) {
    BeginOpening(w);
    if (!open_code.empty()) {
      b.OpenAt(pack, open_code);  // when it cannot open there, its message says why
      w.focus_tree = true;
    } else {
      w.focus_input = true;
      ui.hold_text_frames = 2;
    }
  }
  bool open = true;
  if (!BeginBrowserWindow("Tabular browser###tabular_browser", "tabular.window", 56.0f, ui.show_tabular_browser, w,
                          ui, b, pack, open)) {
    return;
  }
  TabularActions act;

  ImGui::TextDisabled("ICD-10-CM Tabular List; billable / header in FY%d", b.fiscal_year());
  bool escape = false, enter = false;
  const bool editing = BrowserInput("##tabular_goto", "Go to code (e.g. E11.42), Down to the list", &ui.tabular_goto,
                                    w, &escape, &enter);
  ui.probe.RecordLastItem("tabular.goto");
  if (enter) {
    if (b.OpenAt(pack, ui.tabular_goto)) ui.tabular_goto.clear();
    ImGui::ClearActiveID();
  } else if (editing && (Key(ImGuiKey_DownArrow) || Key(ImGuiKey_UpArrow))) {
    if (b.selected_row() < 0) b.MoveSelection(1);
    ImGui::ClearActiveID();
  }
  if (!b.message().empty()) {
    ImGui::TextWrapped("%s", b.message().c_str());
    ui.probe.RecordLastItem("tabular.message");
  }
  DrawTabularRows(session, ui, pack, act);
  KeyHelp("Up/Down move   Right/Left open/close   Enter take code   Backspace back   Esc close");

  const bool focused = ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows);
  w.tree_keys = focused && w.focused && !editing && ImGui::GetActiveID() != ImGui::GetID("##tabular_goto");
  w.focused = focused;
  if (w.focus_tree) {
    w.focus_tree = false;
    ImGui::ClearActiveID();
  } else if (w.tree_keys && !open_request) {
    if (Key(ImGuiKey_DownArrow)) b.MoveSelection(1);
    if (Key(ImGuiKey_UpArrow)) b.MoveSelection(-1);
    if (Key(ImGuiKey_PageDown)) b.MoveSelection(kPageRows);
    if (Key(ImGuiKey_PageUp)) b.MoveSelection(-kPageRows);
    if (Key(ImGuiKey_Home, false)) b.MoveSelection(-(1 << 30));
    if (Key(ImGuiKey_End, false)) b.MoveSelection(1 << 30);
    if (Key(ImGuiKey_RightArrow)) b.Right(pack);
    if (Key(ImGuiKey_LeftArrow)) b.Left();
    if (Key(ImGuiKey_Enter, false) || Key(ImGuiKey_KeyPadEnter, false)) TabularEnter(session, ui, pack, act);
    if (Key(ImGuiKey_Backspace)) b.Back(pack);
    if (Key(ImGuiKey_Escape, false)) escape = true;
    if (const std::string typed = TakeTypedText(); !typed.empty()) {
      ui.tabular_goto += typed;
      w.focus_input = true;
      w.cursor_to_end = true;
    }
  }

  if (act.select_row >= 0) b.Select(act.select_row);
  if (act.toggle_node >= 0) b.Toggle(pack, act.toggle_node);
  if (!act.go_to.empty()) b.OpenAt(pack, act.go_to);
  if (!act.pick.empty()) PickCode(session, ui, act.pick);
  ImGui::PopItemFlag();
  ImGui::End();
  if (!open || escape) Close(ui.show_tabular_browser, w);
  (void)host;
}

// The code a browser opens at: the other browser's selected code when the shortcut was pressed there, else the one
// selected elsewhere (UiState::browser_code), else the Code detail's.
std::string OpenCode(const app::Session& session, const UiState& ui, const BrowserWindowState& other,
                     const std::string& other_code) {
  if (other.focused && !other_code.empty()) return other_code;
  if (!ui.browser_code.empty()) return ui.browser_code;
  const app::CodeLookup* d = session.code_detail();
  return d && d->found && d->kind == app::CodeKind::kIcd10cm ? d->code : std::string();
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Entry points
// ---------------------------------------------------------------------------------------------------------------

void PickCode(app::Session& session, UiState& ui, const std::string& code) {
  // Taken like Enter in the search box: assigned to the open encounter (a code needing a 7th character opens the
  // builder, a header is refused and shown) and opened in the Code detail.
  session.OpenCodeDetail(code);
  session.AssignCode(code);
  if (session.seventh_builder()) ui.open_seventh_builder = true;
}

void DrawCodeBrowsers(app::Session& session, UiState& ui, Host& host) {
  const engine::CodeSetPack* pack = session.code_sets();
  const ImGuiIO& io = ImGui::GetIO();
  // The shortcut pressed again while a browser is open moves it to the code selected now (frame.cpp opens them).
  const bool ctrl = io.KeyCtrl && !io.KeyAlt;
  const bool again_i = ctrl && ImGui::IsKeyPressed(host.KeyIndex(Key::kI), false);
  const bool again_t = (ctrl || (io.KeyAlt && !io.KeyCtrl)) && ImGui::IsKeyPressed(host.KeyIndex(Key::kT), false);
  if (!pack) {
    if (ui.show_index_browser || ui.show_tabular_browser) {
      session.SetStatus(app::Severity::kWarning, "The index and tabular browsers need the code sets, which are not loaded.");
    }
    ui.show_index_browser = ui.show_tabular_browser = false;
    ui.index_window.was_open = ui.tabular_window.was_open = false;
    return;
  }
  // Both opened by one frame's keys: the one asked for last (the tabular from the index's see link) draws last.
  const std::string index_code = ui.index_browser.SelectedCode();
  const std::string tabular_code = ui.tabular_browser.SelectedCode();
  if (ui.show_index_browser) {
    const bool opening = !ui.index_window.was_open || again_i;
    const std::string code = opening ? OpenCode(session, ui, ui.tabular_window, tabular_code) : std::string();
    DrawIndexBrowser(session, ui, host, *pack, opening, code);
  }
  ui.index_window.was_open = ui.show_index_browser;
  if (!ui.show_index_browser) ui.index_window.focused = ui.index_window.tree_keys = false;
  if (ui.show_tabular_browser) {
    BrowserWindowState& w = ui.tabular_window;
    const bool opening = !w.was_open || again_t || !w.open_at.empty();
    std::string code = !w.open_at.empty() ? w.open_at
                       : opening          ? OpenCode(session, ui, ui.index_window, index_code)
                                          : std::string();
    w.open_at.clear();
    DrawTabularBrowser(session, ui, host, *pack, opening, code);
  }
  ui.tabular_window.was_open = ui.show_tabular_browser;
  if (!ui.show_tabular_browser) ui.tabular_window.focused = ui.tabular_window.tree_keys = false;
}

void BrowsersProbe(const UiState& ui, nlohmann::json& out) {
  using nlohmann::json;
  const app::IndexBrowser& ib = ui.index_browser;
  json index = {{"open", ui.show_index_browser},
                {"tree", engine::IndexTreeName(ib.tree())},
                {"filter", ib.filter()},
                {"code", ib.code()},
                {"message", ib.message()},
                {"rows", ib.rows().size()},
                {"selected_row", ib.selected_row()},
                {"selected_code", ib.SelectedCode()},
                {"selected_column", ib.selected_column()},
                {"selected_path", ib.SelectedPathText()},
                {"tree_keys", ui.index_window.tree_keys}};
  if (const app::IndexNode* n = ib.SelectedNode()) {
    index["selected"] = {{"term", n->term.term}, {"depth", n->depth}, {"see", n->term.see},
                         {"target", n->target}, {"expanded", n->expanded}};
  }
  json first_rows = json::array();
  for (size_t r = 0; r < ib.rows().size() && r < 40; ++r) {
    const app::IndexNode& n = ib.nodes()[ib.rows()[r]];
    first_rows.push_back({{"term", n.term.term}, {"depth", n.depth}, {"code", n.term.code.code},
                          {"target", n.target}});
  }
  index["first_rows"] = first_rows;
  const app::TabularBrowser& tb = ui.tabular_browser;
  json tabular = {{"open", ui.show_tabular_browser},
                  {"message", tb.message()},
                  {"rows", tb.rows().size()},
                  {"selected_code", tb.SelectedCode()},
                  {"path", tb.SelectedPath()},
                  {"fiscal_year", tb.fiscal_year()},
                  {"tree_keys", ui.tabular_window.tree_keys}};
  if (const app::TabularNode* n = tb.SelectedNode()) {
    json notes = json::array();
    for (const auto& g : n->notes) {
      for (const auto& line : g.lines) {
        json links = json::array();
        for (const auto& l : line.links) links.push_back(l.code);
        notes.push_back({{"kind", g.kind}, {"text", line.text}, {"links", links}});
      }
    }
    tabular["selected"] = {{"id", n->id}, {"title", n->title}, {"status", tb.CodeStatus(*n)}, {"notes", notes},
                           {"seventh", n->seventh.size()}};
  }
  out = {{"index", index}, {"tabular", tabular}, {"browser_code", ui.browser_code}};
}

}  // namespace medcode::ui
