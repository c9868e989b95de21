// fake_host.h: the platform as the headless ImGui tests see it: a clock the test sets, the GLFW key indices the web
// build maps Medcode's shortcut keys to, a file picker that only counts how often it was asked for, and downloads kept for the test to read.
#pragma once

#include <vector>

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
      case ui::Key::kB: return 'B';
      case ui::Key::kC: return 'C';
      case ui::Key::kP: return 'P';
      case ui::Key::kX: return 'X';
    }
    return 0;
  }
  std::vector<app::Download> downloads;
  ui::FilePurpose last_picker = ui::FilePurpose::kNote;
  void OpenFilePicker(ui::FilePurpose purpose) override {
    ++pickers;
    last_picker = purpose;
  }
  void Download(const app::Download& file) override { downloads.push_back(file); }
};

}  // namespace medcode::test
