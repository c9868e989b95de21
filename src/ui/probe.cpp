// probe.cpp: widget rectangles and session state as JSON, for browser tests (see probe.h).
#include "ui/probe.h"

#include <imgui.h>

#include <nlohmann/json.hpp>

#include "app/session.h"
#include "ui/ui.h"

namespace medcode::ui {

void Probe::RecordLastItem(std::string name) {
  const ImVec2 a = ImGui::GetItemRectMin();
  const ImVec2 b = ImGui::GetItemRectMax();
  Record(std::move(name), a.x, a.y, b.x - a.x, b.y - a.y);
}

void Probe::RecordWindow(std::string name) {
  const ImVec2 p = ImGui::GetWindowPos();
  const ImVec2 s = ImGui::GetWindowSize();
  Record(std::move(name), p.x, p.y, s.x, s.y);
}

std::string ProbeJson(const app::Session& session, const UiState& ui) {
  using nlohmann::json;
  json rects = json::object();
  for (const ProbeRect& r : ui.probe.rects()) rects[r.name] = {{"x", r.x}, {"y", r.y}, {"w", r.w}, {"h", r.h}};
  json encounters = json::array();
  for (const auto& e : session.encounters()) {
    encounters.push_back({{"id", e.id},
                          {"patient_label", e.patient_label},
                          {"date_of_service", e.date_of_service},
                          {"status", e.status},
                          {"note_bytes", e.note_bytes}});
  }
  json findings = json::array();
  for (const auto& f : session.findings()) {
    findings.push_back({{"severity", app::SeverityLetter(f.severity)},
                        {"rule", f.rule},
                        {"message", f.message},
                        {"where", f.where}});
  }
  const ImGuiIO& io = ImGui::GetIO();
  json j = {
      {"frame", ui.probe.frame()},
      {"scale", ui.scale},
      {"display", {io.DisplaySize.x, io.DisplaySize.y}},
      {"font_size", ImGui::GetFontSize()},
      {"rects", rects},
      {"focused_panel", PanelName(ui.focused)},
      {"search", {{"text", session.search_query()}, {"active", ui.search_active}}},
      {"want_text_input", io.WantTextInput},
      {"store_ready", session.store_ready()},
      {"store_path", session.store_path()},
      {"encounters", encounters},
      {"selected_id", session.selected_id()},
      {"draft",
       {{"patient_label", session.draft().patient_label},
        {"date_of_service", session.draft().date_of_service},
        {"note_text", session.draft().note_text},
        {"dirty", session.draft_dirty()}}},
      {"save_state", app::SaveStateLabel(session.save_state())},
      {"committed_revision", session.committed_revision()},
      {"synced_revision", session.synced_revision()},
      {"status", {{"severity", app::SeverityLetter(session.status().severity)}, {"text", session.status().text}}},
      {"findings", findings},
      {"theme", session.theme() == app::Theme::kDark ? "dark" : "light"},
      {"online", session.online()},
      {"code_sets", session.code_sets_label()},
      {"code_sets_loaded", session.code_sets() != nullptr},
  };
  {
    json rows = json::array();
    for (const auto& r : session.search_rows()) {
      rows.push_back({{"group", r.group}, {"code", r.code}, {"kind", app::CodeKindName(r.kind)},
                      {"description", r.description}, {"matched", r.matched}, {"badges", r.badges}});
    }
    json& search = j["search"];  // text and active are set above
    search["ready"] = session.search_ready();
    search["rows"] = rows;
    search["selection"] = session.search_selection();
    search["index_build_ms"] = session.search_index_build_ms();
    if (const app::SearchRow* sel = session.selected_search_row(); sel && sel->kind != app::CodeKind::kNone) {
      const app::CodeLookup& r = session.search_preview(sel->code);
      search["preview"] = {{"code", r.code},
                           {"breadcrumb", r.breadcrumb},
                           {"at_date_of_service", r.at_date_of_service},
                           {"billable_at_dos", r.billable_at_dos},
                           {"children", r.children.size()}};
    }
    if (const app::CodeLookup* b = session.seventh_builder()) {
      search["seventh_builder"] = {{"code", b->code}, {"options", b->seventh_characters.size()}};
    }
  }
  {
    json diagnoses = json::array(), services = json::array();
    for (const auto& d : session.coding().diagnoses) diagnoses.push_back(d.code);
    for (const auto& l : session.coding().services) {
      services.push_back({{"code", l.code}, {"modifiers", l.modifiers}, {"units", l.units}, {"pointers", l.pointers},
                          {"charge", l.charge}, {"date_of_service", l.date_of_service}});
    }
    j["coding"] = {{"diagnoses", diagnoses}, {"services", services},
                   {"selection", {{"service", session.code_selection().service},
                                  {"index", session.code_selection().index}}}};
  }
  if (const app::CodeLookup* d = session.code_detail()) {
    json notes = json::array();
    for (const auto& n : d->notes) {
      json links = json::array();
      for (const auto& l : n.links) links.push_back(l.code);
      notes.push_back({{"kind", n.kind}, {"text", n.text}, {"from", n.from}, {"links", links}});
    }
    json facts = json::array();
    for (const auto& f : d->facts) facts.push_back({{"group", f.group}, {"label", f.label}, {"value", f.value}});
    j["detail"] = {{"found", d->found}, {"code", d->code}, {"kind", app::CodeKindName(d->kind)},
                   {"description", d->shown_description}, {"badges", d->badges}, {"valid_dates", d->valid_dates},
                   {"notes", notes}, {"facts", facts}, {"seventh", d->seventh_characters.size()},
                   {"can_go_back", session.CanGoBack()}};
  }
  {
    // The Findings panel's list (scrubber and app findings, in panel order: "findings.row.N" is row N) and the claim.
    json rows = json::array();
    for (const auto& f : session.findings()) {
      json row = {{"rule", f.rule}, {"severity", app::SeverityLetter(f.severity)}, {"message", f.message},
                  {"where", f.where}, {"line", -1}, {"diagnosis", -1}, {"other", -1}, {"action", nullptr},
                  {"attestable", f.attestable()}, {"attested", f.attestation.has_value()}};
      if (f.scrub) {
        row["line"] = f.scrub->line;
        row["diagnosis"] = f.scrub->diagnosis;
        row["other"] = f.scrub->other;
        row["fix"] = f.scrub->fix;
        row["source"] = f.scrub->source;
        if (f.has_fix()) row["action"] = f.scrub->action.label;
      }
      if (f.attestation) row["attestation"] = {{"by", f.attestation->by}, {"at", f.attestation->at}};
      rows.push_back(std::move(row));
    }
    json scrub = {{"ready", session.scrubber_ready()}, {"loading", session.scrubber_loading()},
                  {"status", session.scrubber_status()}, {"load_ms", session.scrubber_load_ms()},
                  {"scrubbed", session.scrubbed()}, {"findings", rows}, {"selection", session.finding_selection()},
                  {"user_name", session.user_name()}, {"asking_user_name", ui.ask_user_name}};
    if (const app::PendingFix* p = session.pending_fix()) {
      scrub["pending_fix"] = {{"label", p->fix.label}, {"change", p->change}, {"caution", p->caution}};
    }
    j["scrub"] = std::move(scrub);
    json fields = json::object();
    for (int i = 0; i < static_cast<int>(app::ClaimField::kCount); ++i) {
      const auto field = static_cast<app::ClaimField>(i);
      const app::ClaimFieldView& v = session.claim_field(field);
      fields[app::ClaimFieldKey(field)] = {{"text", v.text}, {"note", v.note}, {"problem", v.problem}};
    }
    j["claim"] = {{"fields", fields}, {"type", engine::ClaimTypeName(session.draft().claim.type)}};
    // The selected service line's editor: the saved value, what is typed (while not committed), why it was refused.
    json line_fields = json::object();
    const UiState::LineEditor& ed = ui.line_editor;
    for (int i = 0; i < static_cast<int>(app::LineField::kCount); ++i) {
      const auto field = static_cast<app::LineField>(i);
      const app::ClaimFieldView v = session.line_field(field);
      line_fields[app::LineFieldKey(field)] = {{"text", v.text},
                                               {"note", v.note},
                                               {"problem", v.problem},
                                               {"typed", ed.text[static_cast<size_t>(i)]},
                                               {"edited", ed.edited[static_cast<size_t>(i)]},
                                               {"refused", ed.refused[static_cast<size_t>(i)]}};
    }
    j["line"] = {{"index", ed.line}, {"fields", line_fields}};
  }
  j["cpt_descriptors"] = session.cpt_descriptor_count();
  BrowsersProbe(ui, j["browsers"]);
  ClaimsProbe(session, ui, j["claims"]);
  // Replace invalid UTF-8 instead of failing: the probe must never abort the app.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace medcode::ui
