// document_panel.cpp: the open encounter: patient label, date of service, and the clinical note, editable in place.
// Edits go straight into the Session's draft; it autosaves after a pause, on leaving a field, and on Ctrl+S.
#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>

#include "ui/widgets.h"

namespace medcode::ui {

namespace {

// A text field bound to the draft: marks edits and commits when the user leaves the field (Esc keeps the text).
void DraftField(const char* id, const char* hint, std::string* value, float width, app::Session& session, Host& host) {
  if (LeaveFieldOnEscape(id)) session.CommitEdits();
  ImGui::SetNextItemWidth(width);
  if (ImGui::InputTextWithHint(id, hint, value)) session.MarkDraftEdited(host.Now());
  if (ImGui::IsItemDeactivatedAfterEdit()) session.CommitEdits();
}

// Splits the note into visual lines that fit `width`, breaking at spaces like word processors do.
void LayoutNote(const std::string& text, float width, NoteLayout& layout) {
  ImFont* font = ImGui::GetFont();
  const float size = ImGui::GetFontSize();
  layout.lines.clear();
  layout.width = width;
  layout.text_bytes = text.size();
  layout.line_height = ImGui::GetTextLineHeightWithSpacing();
  const char* begin = text.data();
  const char* end = begin + text.size();
  const char* p = begin;
  for (;;) {
    const char* para_end = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    if (!para_end) para_end = end;
    if (p == para_end) layout.lines.emplace_back(uint32_t(p - begin), uint32_t(p - begin));
    while (p < para_end) {
      const char* wrap = font->CalcWordWrapPositionA(size / font->FontSize, p, para_end, width);
      if (wrap <= p) wrap = p + 1;  // always make progress, even when one glyph is wider than the panel
      layout.lines.emplace_back(uint32_t(p - begin), uint32_t(wrap - begin));
      p = wrap;
      while (p < para_end && *p == ' ') ++p;  // a wrapped line does not start with the space it broke at
    }
    if (para_end == end) break;
    p = para_end + 1;
  }
}

// The note wrapped to the panel, read-only, drawing only the lines in view (a 50 KB note costs a few lines' work).
void DrawReadView(app::Session& session, UiState& ui) {
  ImGui::BeginChild("##note_read", ImVec2(-FLT_MIN, -FLT_MIN), true);
  ui.probe.RecordWindow("reader.note");
  const std::string& text = session.draft().note_text;
  const float width = ImGui::GetContentRegionAvail().x;
  NoteLayout& layout = ui.note_layout;
  if (layout.generation != session.draft_generation() || layout.text_bytes != text.size() || layout.width != width) {
    LayoutNote(text, width, layout);
    layout.generation = session.draft_generation();
  }
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float scroll = ImGui::GetScrollY();
  const float view_h = ImGui::GetWindowHeight();
  const size_t first = static_cast<size_t>(std::max(0.0f, scroll / layout.line_height));
  const size_t last = std::min(layout.lines.size(), first + static_cast<size_t>(view_h / layout.line_height) + 2);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImU32 color = ImGui::GetColorU32(ImGuiCol_Text);
  for (size_t i = first; i < last; ++i) {
    const auto [b, e] = layout.lines[i];
    const ImVec2 pos(origin.x, origin.y + static_cast<float>(i) * layout.line_height);
    draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), pos, color, text.data() + b, text.data() + e);
  }
  ImGui::Dummy(ImVec2(width, static_cast<float>(layout.lines.size()) * layout.line_height));
  ImGui::EndChild();
}

}  // namespace

void DrawDocumentPanel(app::Session& session, UiState& ui, Host& host) {
  PanelHeader(Panel::kDocument, "Document", ui);
  if (!session.has_open_encounter()) {
    ImGui::TextWrapped("No encounter is open. Create one, open a note file, or paste a note (Ctrl+V).");
    if (ImGui::Button("New encounter  (Alt+N)")) session.NewEncounter();
    ImGui::SameLine();
    if (ImGui::Button("Open file...  (Ctrl+O)")) host.OpenFilePicker(FilePurpose::kNote);
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
  // The buttons follow on the same row when they fit, else on the next: nothing is clipped in a narrow panel.
  const ImGuiStyle& style = ImGui::GetStyle();
  const char* toggle = ui.note_read_view ? "Edit" : "Read";
  char info[64];
  std::snprintf(info, sizeof info, "%.1f KB", static_cast<double>(draft.note_text.size()) / 1024.0);
  const float buttons_w = ImGui::CalcTextSize("Open file...").x + ImGui::CalcTextSize(toggle).x +
                          ImGui::CalcTextSize(info).x + 4 * style.FramePadding.x + 3 * style.ItemSpacing.x;
  ImGui::SameLine();
  if (ImGui::GetContentRegionAvail().x < buttons_w) ImGui::NewLine();
  if (ImGui::Button("Open file...")) host.OpenFilePicker(FilePurpose::kNote);
  ui.probe.RecordLastItem("button.open_file");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Open a text note into this encounter (Ctrl+O), or drop a file here");
  ImGui::SameLine();
  if (ImGui::Button(toggle)) ui.note_read_view = !ui.note_read_view;
  ui.probe.RecordLastItem("button.read_edit");
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip(ui.note_read_view ? "Edit the note (Ctrl+E)" : "Read the note wrapped to the panel (Ctrl+E)");
  }
  ImGui::SameLine();
  ImGui::TextDisabled("%s", info);

  // The editor keeps its own copy of the text while active: when the draft was replaced from outside (another
  // encounter, an opened file, a paste into no field), drop that copy so it shows the new text.
  if (ui.seen_draft_generation != session.draft_generation()) {
    ui.seen_draft_generation = session.draft_generation();
    if (ImGui::GetActiveID() == ImGui::GetID("##note")) ImGui::ClearActiveID();
  }
  if (ui.note_read_view) {
    if (ui.focus_request == Panel::kDocument) ImGui::SetWindowFocus();
    DrawReadView(session, ui);
    return;
  }
  if (ui.focus_request == Panel::kDocument) ImGui::SetKeyboardFocusHere();
  if (LeaveFieldOnEscape("##note")) session.CommitEdits();
  // Tab types a tab in the note (pasted lab tables keep their columns); F6 and Esc leave the editor.
  if (ImGui::InputTextMultiline("##note", &draft.note_text, ImVec2(-FLT_MIN, -FLT_MIN),
                                ImGuiInputTextFlags_AllowTabInput)) {
    session.MarkDraftEdited(host.Now());
  }
  if (ImGui::IsItemDeactivatedAfterEdit()) session.CommitEdits();
  ui.probe.RecordLastItem("editor.note");
}

}  // namespace medcode::ui
