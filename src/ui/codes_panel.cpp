// codes_panel.cpp: the open encounter's claim header (claim type, patient age and sex, place of service, providers,
// payer: Tab moves between the fields, each shows its meaning and its own problem), the codes assigned to it
// (diagnoses in order, then service lines; the code the selected finding points at is marked; the selected service
// line's units, charge, pointers and date of service are edited under it: Enter goes in), and the Code detail:
// everything the pack knows about one code on the date of service, with the codes named in its notes clickable and a
// Back button (Alt+Left) to return.
#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <string>
#include <vector>

#include "ui/widgets.h"

namespace medcode::ui {

namespace {

// A code named in a note: a small button that opens it in the detail view.
void CodeLink(app::Session& session, UiState& ui, const std::string& code, int id, const std::string& label = "") {
  ImGui::PushID(id);
  if (ImGui::SmallButton(label.empty() ? code.c_str() : label.c_str())) session.OpenCodeDetail(code);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Open %s", code.c_str());
  ui.probe.RecordLastItem("detail.link." + code);
  ImGui::PopID();
}

void DrawDetail(app::Session& session, UiState& ui, const app::CodeLookup& d) {
  ImGui::BeginDisabled(!session.CanGoBack());
  if (ImGui::SmallButton("< Back")) session.CodeDetailBack();
  ui.probe.RecordLastItem("detail.back");
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("Back (Alt+Left)");
  ImGui::SameLine();
  ImGui::TextDisabled("%s", app::CodeKindName(d.kind));
  if (!d.found) {
    ImGui::TextWrapped("%s", d.message.c_str());
    return;
  }
  ImGui::Text("%s", d.code.c_str());
  ui.probe.RecordLastItem("detail.code");
  ImGui::SameLine();
  ImGui::TextWrapped("%s", d.shown_description.c_str());
  if (!d.badges.empty()) {
    std::string badges;
    for (const auto& b : d.badges) badges += "[" + b + "]  ";
    ImGui::TextWrapped("%s", badges.c_str());
  }
  CodeBreadcrumbAndDos(d, session.theme());
  if (!d.valid_dates.empty()) ImGui::TextWrapped("Valid: %s", d.valid_dates.c_str());

  int link_id = 0;
  if (!d.seventh_rule.empty() && ImGui::CollapsingHeader("7th character", ImGuiTreeNodeFlags_DefaultOpen)) {
    ImGui::TextWrapped("%s", d.seventh_rule.c_str());
    for (const auto& o : d.seventh_characters) {
      if (o.code.empty()) {
        ImGui::TextWrapped("%s  %s", o.character.c_str(), o.meaning.c_str());
        continue;
      }
      CodeLink(session, ui, o.code, link_id++);  // the 7th-character builder: one click gives the full code
      ImGui::SameLine();
      ImGui::TextWrapped("%s", o.meaning.c_str());
    }
  }
  if (!d.notes.empty() && ImGui::CollapsingHeader("Notes", ImGuiTreeNodeFlags_DefaultOpen)) {
    const app::DetailNote* previous = nullptr;
    for (const auto& n : d.notes) {
      if (!previous || previous->kind != n.kind || previous->from != n.from || previous->block != n.block) {
        if (n.from.empty()) {
          ImGui::TextUnformatted(n.kind.c_str());
        } else {
          ImGui::Text("%s  (from %s)", n.kind.c_str(), n.from.c_str());
        }
      }
      previous = &n;
      ImGui::Indent();
      ImGui::TextWrapped("%s", n.text.c_str());
      for (size_t i = 0; i < n.links.size(); ++i) {
        if (i > 0) ImGui::SameLine();
        CodeLink(session, ui, n.links[i].code, link_id++, n.links[i].label);
      }
      ImGui::Unindent();
    }
  }
  std::string group;
  bool open = false;
  for (const auto& f : d.facts) {
    if (f.group != group) {
      group = f.group;
      open = ImGui::CollapsingHeader(group.c_str(), ImGuiTreeNodeFlags_DefaultOpen);
    }
    if (open) ImGui::TextWrapped("%s: %s", f.label.c_str(), f.value.c_str());
  }
  if (!d.children.empty() && ImGui::CollapsingHeader("Codes below", ImGuiTreeNodeFlags_DefaultOpen)) {
    for (const auto& c : d.children) {
      CodeLink(session, ui, c.code, link_id++);
      ImGui::SameLine();
      ImGui::TextWrapped("%s", c.description.empty() ? "(no description)" : c.description.c_str());
    }
  }
}

// Characters a claim header field accepts as typed (the Session checks the whole value).
int ClaimCharFilter(ImGuiInputTextCallbackData* data) {
  const char* allowed = static_cast<const char*>(data->UserData);
  if (!allowed) return 0;
  const ImWchar c = data->EventChar;
  const ImWchar up = c >= 'a' && c <= 'z' ? ImWchar(c - 'a' + 'A') : c;
  for (const char* p = allowed; *p; ++p) {
    if (ImWchar(*p) == up) {
      data->EventChar = up;
      return 0;
    }
  }
  return 1;
}

// One claim header field: label, a text box `chars` wide, its meaning beside it. Returns its problem ("" when none).
std::string ClaimHeaderField(app::Session& session, UiState& ui, Host& host, app::ClaimField field, float chars,
                             const char* hint, const char* allowed, bool first_in_row, bool short_field = false) {
  const app::ClaimFieldView& view = session.claim_field(field);
  const std::string key = app::ClaimFieldKey(field);
  const std::string id = "##claim." + key;
  const float width = ImGui::CalcTextSize("0").x * chars + ImGui::GetStyle().FramePadding.x * 2;
  const float label_w = ImGui::CalcTextSize(app::ClaimFieldLabel(field)).x + ImGui::GetStyle().ItemSpacing.x;
  const float note_w = view.note.empty() ? 0 : ImGui::CalcTextSize(view.note.c_str()).x + ImGui::GetStyle().ItemSpacing.x;
  // Fields follow on one row while they fit; a field that does not starts the next row.
  if (!first_in_row) {
    ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x * 2);
    if (ImGui::GetContentRegionAvail().x < label_w + width + note_w) ImGui::NewLine();
  }
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(app::ClaimFieldLabel(field));
  ImGui::SameLine();
  std::string text = view.text;
  if (LeaveFieldOnEscape(id.c_str())) session.CommitEdits();
  ImGui::SetNextItemWidth(width);
  // A short field (a letter, an age, a POS) is replaced by typing into it, as form fields are.
  const ImGuiInputTextFlags flags = (allowed ? ImGuiInputTextFlags_CallbackCharFilter : 0) |
                                    (short_field ? ImGuiInputTextFlags_AutoSelectAll : 0);
  if (ImGui::InputTextWithHint(id.c_str(), hint, &text, flags, allowed ? ClaimCharFilter : nullptr,
                               const_cast<char*>(allowed))) {
    session.SetClaimField(field, text, host.Now());
  }
  if (ImGui::IsItemDeactivatedAfterEdit()) session.CommitEdits();
  ui.probe.RecordLastItem("claim." + key);
  if (!view.note.empty()) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", view.note.c_str());
  }
  return view.problem;
}

// The problems of a row of fields, each on its own line under the row; the list is emptied for the next row.
void DrawFieldProblems(std::vector<std::string>& problems, app::Theme theme) {
  for (const auto& p : problems) {
    if (p.empty()) continue;
    SeverityBadge(app::Severity::kError, theme);
    ImGui::SameLine();
    ImGui::TextWrapped("%s", p.c_str());
  }
  problems.clear();
}

// The claim header: what the claim carries besides codes. Collapsed, its summary stays readable in the title.
void DrawClaimHeader(app::Session& session, UiState& ui, Host& host) {
  using F = app::ClaimField;
  const auto text = [&](F f) -> const std::string& { return session.claim_field(f).text; };
  std::string title = "Claim  " + session.claim_field(F::kType).note;
  if (!text(F::kPlaceOfService).empty()) title += ", POS " + text(F::kPlaceOfService);
  if (!text(F::kBillingNpi).empty()) title += ", NPI " + text(F::kBillingNpi);
  if (!text(F::kPayerName).empty()) title += ", " + text(F::kPayerName);
  title += "###claim_header";
  const bool open = ImGui::CollapsingHeader(title.c_str(), ImGuiTreeNodeFlags_DefaultOpen);
  ui.probe.RecordLastItem("claim.header");
  if (!open) return;
  constexpr const char* kDigits = "0123456789";
  std::vector<std::string> problems;
  auto row_end = [&] { DrawFieldProblems(problems, session.theme()); };
  // A field goes on the current row when it fits; its problem shows under the row.
  auto field = [&](F f, float chars, const char* hint, const char* allowed, bool short_field = false) {
    const bool first = problems.empty();
    problems.push_back(ClaimHeaderField(session, ui, host, f, chars, hint, allowed, first, short_field));
  };
  ImGui::PushID("claim");
  // Tab order follows the rows: type and place of service, the patient, the providers, the payer.
  field(F::kType, 1.5f, "P", "POD", true);
  field(F::kPlaceOfService, 2.5f, "11", kDigits, true);
  row_end();
  field(F::kPatientAge, 3.5f, "yrs", kDigits, true);
  field(F::kPatientSex, 1.5f, "U", "FMU", true);
  row_end();
  field(F::kBillingNpi, 10.5f, "10 digits", kDigits);
  field(F::kBillingTaxonomy, 11.0f, "207Q00000X", nullptr);
  row_end();
  field(F::kRenderingNpi, 10.5f, "10 digits", kDigits);
  row_end();
  field(F::kPayerId, 6.0f, "ID", nullptr);
  field(F::kPayerName, 16.0f, "name", nullptr);
  row_end();
  ImGui::PopID();
  ImGui::Spacing();
}

// One field of the selected service line's editor: label and a text box; what is typed stays in UiState until Enter,
// Tab or a click away commits it (a refused value stays as typed, with the reason); Esc goes back to the saved value.
// Returns the field's problem: the refusal, else what the scrubber says about it ("" when none).
std::string LineEditField(app::Session& session, UiState& ui, app::LineField field, float chars, const char* hint,
                          const char* allowed, bool first_in_row) {
  UiState::LineEditor& ed = ui.line_editor;
  const size_t i = static_cast<size_t>(field);
  const app::ClaimFieldView view = session.line_field(field);
  if (!ed.edited[i]) ed.text[i] = view.text;
  const std::string key = app::LineFieldKey(field);
  const std::string id = "##line." + key;
  const float width = ImGui::CalcTextSize("0").x * chars + ImGui::GetStyle().FramePadding.x * 2;
  const float label_w = ImGui::CalcTextSize(app::LineFieldLabel(field)).x + ImGui::GetStyle().ItemSpacing.x;
  const float note_w =
      view.note.empty() ? 0 : ImGui::CalcTextSize(view.note.c_str()).x + ImGui::GetStyle().ItemSpacing.x;
  if (!first_in_row) {
    ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x * 2);
    if (ImGui::GetContentRegionAvail().x < label_w + width + note_w) ImGui::NewLine();
  }
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(app::LineFieldLabel(field));
  ImGui::SameLine();
  if (LeaveFieldOnEscape(id.c_str())) {
    ed.edited[i] = false;
    ed.refused[i].clear();
    ed.text[i] = view.text;
  }
  if (ed.focus == static_cast<int>(i)) {
    ImGui::SetKeyboardFocusHere();
    ed.focus = -1;
  }
  ImGui::SetNextItemWidth(width);
  const ImGuiInputTextFlags flags = ImGuiInputTextFlags_AutoSelectAll |
                                    (allowed ? ImGuiInputTextFlags_CallbackCharFilter : 0);
  if (ImGui::InputTextWithHint(id.c_str(), hint, &ed.text[i], flags, allowed ? ClaimCharFilter : nullptr,
                               const_cast<char*>(allowed))) {
    ed.edited[i] = true;
  }
  if (ImGui::IsItemDeactivated() && ed.edited[i]) {
    std::string why;
    if (session.SetLineField(field, ed.text[i], &why)) {
      ed.edited[i] = false;
      ed.refused[i].clear();
    } else {
      ed.refused[i] = why;
    }
  }
  ui.probe.RecordLastItem("line." + key);
  if (!view.note.empty()) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", view.note.c_str());
  }
  return !ed.refused[i].empty() ? ed.refused[i] : view.problem;
}

// The selected service line's editor, under the line: Units, Charge, Pointers, Date, each with its problem.
void DrawLineEditor(app::Session& session, UiState& ui, float indent) {
  using F = app::LineField;
  ImGui::PushID("line_editor");
  ImGui::Indent(indent);
  std::vector<std::string> problems;
  auto row_end = [&] { DrawFieldProblems(problems, session.theme()); };
  auto field = [&](F f, float chars, const char* hint, const char* allowed) {
    const bool first = problems.empty();
    problems.push_back(LineEditField(session, ui, f, chars, hint, allowed, first));
  };
  // Characters as typed; the Session checks the whole value (and says why it refuses one).
  field(F::kUnits, 4.0f, "1", "0123456789");
  field(F::kCharge, 9.0f, "0.00", "0123456789.$");
  row_end();
  field(F::kPointers, 7.0f, "1,2", "0123456789, ");
  field(F::kDate, 10.5f, "encounter", nullptr);
  row_end();
  ImGui::Unindent(indent);
  ImGui::PopID();
}

// The encounter's codes: diagnoses in order (the first is the primary), then service lines with modifiers, units and
// pointers. Click or Up/Down selects (the Code detail follows), Delete removes, Alt+Up / Alt+Down resequence.
void DrawAssignedCodes(app::Session& session, UiState& ui) {
  const engine::EncounterCoding& coding = session.coding();
  const app::CodeRef sel = session.code_selection();
  const bool focused = ui.focused == Panel::kCodes && !ui.search_active && !session.seventh_builder();
  if (focused && !ImGui::GetIO().WantTextInput) {
    const ImGuiIO& io = ImGui::GetIO();
    const int nd = static_cast<int>(coding.diagnoses.size()), ns = static_cast<int>(coding.services.size());
    // One list: diagnoses 0..nd-1, then services nd..nd+ns-1.
    int flat = sel.index < 0 ? -1 : (sel.service ? nd + sel.index : sel.index);
    const int before = flat;
    if (io.KeyAlt) {
      if (ImGui::IsKeyPressedMap(ImGuiKey_UpArrow)) session.MoveSelectedDiagnosis(-1);
      if (ImGui::IsKeyPressedMap(ImGuiKey_DownArrow)) session.MoveSelectedDiagnosis(+1);
    } else {
      if (ImGui::IsKeyPressedMap(ImGuiKey_DownArrow)) flat = std::min(flat + 1, nd + ns - 1);
      if (ImGui::IsKeyPressedMap(ImGuiKey_UpArrow)) flat = std::max(flat - 1, 0);
    }
    if (flat != before && flat >= 0) {
      session.SelectCode(flat < nd ? app::CodeRef{false, flat} : app::CodeRef{true, flat - nd});
      const app::CodeRef now = session.code_selection();
      session.OpenCodeDetail(now.service ? coding.services[static_cast<size_t>(now.index)].code
                                         : coding.diagnoses[static_cast<size_t>(now.index)].code);
    }
    if (ImGui::IsKeyPressedMap(ImGuiKey_Delete)) session.RemoveSelectedCode();
    // Enter on a service line goes into its fields (Units first); Tab moves between them.
    const app::CodeRef now = session.code_selection();
    if (now.service && now.index >= 0 &&
        (ImGui::IsKeyPressedMap(ImGuiKey_Enter, false) || ImGui::IsKeyPressedMap(ImGuiKey_KeyPadEnter, false)) &&
        !io.KeyCtrl && !io.KeyAlt) {
      ui.line_editor.focus = 0;
      ui.hold_text_frames = 2;  // "Enter 3" typed at once: the 3 waits for the Units field to have focus
    }
  }
  // The editor follows the selected line; a different line or encounter starts from its saved values.
  if (ui.line_editor.line != (sel.service ? sel.index : -1) || ui.line_editor.encounter != session.selected_id()) {
    const int focus = ui.line_editor.focus;
    ui.line_editor = {};
    ui.line_editor.focus = focus;
    ui.line_editor.line = sel.service ? sel.index : -1;
    ui.line_editor.encounter = session.selected_id();
  }
  // The selected finding's code is marked with its severity letter, the other code of its pair with "+".
  // Copied: the line editor below may change the codes, and with them the findings list, mid-frame.
  const app::Finding* finding = session.selected_finding();
  const app::CodeRef target = finding ? finding->target() : app::CodeRef{};
  const app::CodeRef other = finding ? finding->other() : app::CodeRef{};
  const app::Severity finding_severity = finding ? finding->severity : app::Severity::kInfo;
  const std::string finding_rule = finding ? finding->rule : std::string();
  finding = nullptr;
  const float gutter = ImGui::CalcTextSize("W ").x;
  auto row = [&](bool service, int i, const std::string& label, const std::string& code) {
    const bool selected = sel.service == service && sel.index == i;
    ImGui::PushID(service ? 1000 + i : i);
    const app::CodeRef here{service, i};
    const float x = ImGui::GetCursorPosX();
    if (here == target) {
      SeverityBadge(finding_severity, session.theme());
      ui.probe.RecordLastItem("codes.target");
    } else if (here == other) {
      ImGui::TextDisabled("+");
    } else {
      ImGui::TextUnformatted("");
    }
    ImGui::SameLine(x + gutter);
    if (selected && ui.scroll_to_code) {
      ImGui::SetScrollHereY(0.3f);
      ui.scroll_to_code = false;
    }
    const std::string text = label + "  " + code + "  " + session.DescribeCode(code);
    if (ImGui::Selectable(text.c_str(), selected)) {
      session.SelectCode({service, i});
      session.OpenCodeDetail(code);
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text.c_str());
    ui.probe.RecordLastItem((service ? "codes.service." : "codes.dx.") + std::to_string(i));
    ImGui::PopID();
  };
  ImGui::TextUnformatted("Diagnoses (ICD-10-CM)");
  if (!session.has_open_encounter()) {
    ImGui::TextDisabled("No encounter open.");
  } else if (coding.diagnoses.empty()) {
    ImGui::TextDisabled("None assigned: Ctrl+K, type, Enter.");
  }
  for (size_t i = 0; i < coding.diagnoses.size(); ++i) {
    row(false, static_cast<int>(i), std::to_string(i + 1) + ".", coding.diagnoses[i].code);
  }
  ImGui::TextUnformatted("Services (CPT / HCPCS)");
  if (!session.has_open_encounter()) {
    ImGui::TextDisabled("No encounter open.");
  } else if (coding.services.empty()) {
    ImGui::TextDisabled("None assigned.");
  }
  for (size_t i = 0; i < coding.services.size(); ++i) {
    const engine::ServiceLine& l = coding.services[i];
    std::string label = "L" + std::to_string(i + 1);
    std::string code = l.code;
    row(true, static_cast<int>(i), label, code);
    std::string extra = "   units " + std::to_string(l.units);
    if (!l.modifiers.empty()) {
      extra += "   mod";
      for (const auto& m : l.modifiers) extra += " " + m;
    }
    if (!l.pointers.empty()) {
      extra += "   dx";
      for (int p : l.pointers) extra += " " + std::to_string(p);
    }
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + gutter);
    ImGui::TextDisabled("%s", extra.c_str());
    if (sel.service && sel.index == static_cast<int>(i)) DrawLineEditor(session, ui, gutter);
  }
  if (session.has_open_encounter() && !coding.empty()) {
    ImGui::TextDisabled("Up/Down select   Delete removes   Alt+Up/Down moves a diagnosis");
    if (sel.service) ImGui::TextDisabled("Enter edits the line   Tab next field   Enter saves   Esc cancels");
  }
  if (target.index >= 0) {
    ImGui::TextDisabled("%s marks the code the selected finding (%s) points at.", app::SeverityLetter(finding_severity),
                        finding_rule.c_str());
  }
}

}  // namespace

void DrawCodesPanel(app::Session& session, UiState& ui, Host& host) {
  PanelHeader(Panel::kCodes, "Codes", ui);
  if (ImGui::GetIO().KeyAlt && ImGui::IsKeyPressedMap(ImGuiKey_LeftArrow) && session.CanGoBack()) {
    session.CodeDetailBack();
  }
  if (session.has_open_encounter()) DrawClaimHeader(session, ui, host);
  DrawAssignedCodes(session, ui);
  ImGui::Separator();
  ImGui::TextUnformatted("Code detail");
  ui.probe.RecordLastItem("detail");
  if (const app::CodeLookup* d = session.code_detail()) {
    // Another code opened: start at its top, not where the previous one was scrolled to.
    if (d->query != ui.detail_shown) {
      ui.detail_shown = d->query;
      ImGui::SetScrollY(0.0f);
    }
    DrawDetail(session, ui, *d);
  } else {
    ImGui::TextWrapped("Search with Ctrl+K (a code or words), or browse the index (Ctrl+I) or the tabular (Alt+T); "
                       "the code you choose shows here: description, place in the tabular, validity on the date of "
                       "service, notes and edits. %s.",
                       session.code_sets_label().c_str());
  }
}

}  // namespace medcode::ui
