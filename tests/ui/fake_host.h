// fake_host.h: the platform as the headless ImGui tests see it: a clock the test sets, the GLFW key indices the web
// build maps Medcode's shortcut keys to, and a file picker that only counts how often it was asked for.
#pragma once

#include "ui/ui.h"

namespace medcode::test {

class FakeHost final : public ui::Host {
 public:
  double now = 1.0;
  int pickers = 0;
  double Now() override { return now; }
  int KeyIndex(ui::Key key) override {
    switch (key) {
      case ui::Key::kE: return 'E';
      case ui::Key::kI: return 'I';
      case ui::Key::kK: return 'K';
      case ui::Key::kN: return 'N';
      case ui::Key::kO: return 'O';
      case ui::Key::kS: return 'S';
      case ui::Key::kT: return 'T';
      case ui::Key::kF6: return 300;
    }
    return 0;
  }
  void OpenFilePicker(ui::FilePurpose) override { ++pickers; }
};

}  // namespace medcode::test
