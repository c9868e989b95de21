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

// "E" / "W" / "i" badge in its colour.
void SeverityBadge(app::Severity severity, app::Theme theme);

}  // namespace medcode::ui
