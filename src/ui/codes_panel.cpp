// codes_panel.cpp: the codes assigned to the open encounter: diagnoses in order, then services.
// Assignment arrives with the encoder (code sets and search); until then the panel says so plainly.
#include <imgui.h>

#include "ui/widgets.h"

namespace medcode::ui {

void DrawCodesPanel(app::Session& session, UiState& ui, Host& host) {
  PanelHeader(Panel::kCodes, "Codes", ui);
  ImGui::TextUnformatted("Diagnoses (ICD-10-CM)");
  ImGui::TextDisabled(session.has_open_encounter() ? "None assigned." : "No encounter open.");
  ImGui::Spacing();
  ImGui::TextUnformatted("Services (CPT / HCPCS)");
  ImGui::TextDisabled(session.has_open_encounter() ? "None assigned." : "No encounter open.");
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::TextWrapped("%s. Code search (Ctrl+K) lists codes here once code sets are loaded.",
                     session.code_sets_label().c_str());
}

}  // namespace medcode::ui
