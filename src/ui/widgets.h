// widgets.h: small drawing helpers shared by the panels.
#pragma once

#include <imgui.h>

#include "ui/ui.h"

namespace medcode::ui {

// Call first inside a panel's child window: applies a pending focus request (F6), tracks which panel has focus,
// records the panel's rectangle for tests and draws its title.
void PanelHeader(Panel panel, const char* title, UiState& ui, const char* detail = nullptr);

// Text colour for a severity; always drawn together with its letter (E / W / i).
ImVec4 SeverityColor(app::Severity severity, app::Theme theme);

// Call right before an InputText with this id: when it is being edited and Esc is pressed, leaves the field and
// keeps what was typed (ImGui 1.86's own Esc handling reverts every edit made since the field was entered).
// Returns true when it left the field; the caller then commits the edit.
bool LeaveFieldOnEscape(const char* id);

// "E" / "W" / "i" badge in its colour.
void SeverityBadge(app::Severity severity, app::Theme theme);

// A looked-up code's breadcrumb (chapter > section > category, dimmed) and its validity on the date of service:
// shared by the search box's preview and the Code detail.
void CodeBreadcrumbAndDos(const app::CodeLookup& code, app::Theme theme);

}  // namespace medcode::ui
