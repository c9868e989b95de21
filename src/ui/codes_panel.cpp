// codes_panel.cpp: the codes assigned to the open encounter: diagnoses in order, then services.
// Assignment arrives with the encoder (word search); until then the panel says so plainly.
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
  ImGui::TextWrapped("%s.", session.code_sets_label().c_str());
  ImGui::TextWrapped("Type a code in the search box (Ctrl+K) to see its description, place in the tabular and "
                     "validity on this date of service. Assigning codes to the encounter comes with the encoder.");
}

}  // namespace medcode::ui
