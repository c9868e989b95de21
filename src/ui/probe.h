// probe.h: what the UI drew, for tests. Each frame the panels record the rectangles of their key widgets; the
// platform exports the probe as JSON so browser tests check the screen from state, not by guessing pixels.
#pragma once

#include <string>
#include <vector>

namespace medcode::app {
class Session;
}

namespace medcode::ui {

struct UiState;

struct ProbeRect {
  std::string name;  // "panel.worklist", "button.open_file", ...
  float x = 0, y = 0, w = 0, h = 0;  // device pixels, top-left origin
};

class Probe {
 public:
  void BeginFrame() { m_rects.clear(); ++m_frame; }
  void Record(std::string name, float x, float y, float w, float h) {
    m_rects.push_back({std::move(name), x, y, w, h});
  }
  // Records the last ImGui item (call right after the widget).
  void RecordLastItem(std::string name);
  // Records the current ImGui window.
  void RecordWindow(std::string name);
  const std::vector<ProbeRect>& rects() const { return m_rects; }
  uint64_t frame() const { return m_frame; }

 private:
  std::vector<ProbeRect> m_rects;
  uint64_t m_frame = 0;
};

// The probe and the Session state a test needs, as one JSON object.
std::string ProbeJson(const app::Session& session, const UiState& ui);

}  // namespace medcode::ui
