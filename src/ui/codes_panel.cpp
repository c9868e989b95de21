// codes_panel.cpp: the codes assigned to the open encounter (diagnoses in order, then services; assignment arrives
// with the encoder) and the Code detail: everything the pack knows about one code on the date of service, with the
// codes named in its notes clickable and a Back button (Alt+Left) to return.
#include <imgui.h>
#include <imgui_internal.h>

#include <string>

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

}  // namespace

void DrawCodesPanel(app::Session& session, UiState& ui, Host& host) {
  PanelHeader(Panel::kCodes, "Codes", ui);
  if (ImGui::GetIO().KeyAlt && ImGui::IsKeyPressedMap(ImGuiKey_LeftArrow) && session.CanGoBack()) {
    session.CodeDetailBack();
  }
  ImGui::TextUnformatted("Diagnoses (ICD-10-CM)");
  ImGui::TextDisabled(session.has_open_encounter() ? "None assigned." : "No encounter open.");
  ImGui::TextUnformatted("Services (CPT / HCPCS)");
  ImGui::TextDisabled(session.has_open_encounter() ? "None assigned." : "No encounter open.");
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
    ImGui::TextWrapped("Type a code in the search box (Ctrl+K) and press Enter to see it here: description, place "
                       "in the tabular, validity on the date of service, notes and edits. %s.",
                       session.code_sets_label().c_str());
  }
}

}  // namespace medcode::ui
