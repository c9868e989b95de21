// claims_panel_test.cpp: the Claims view driven headlessly by keys (no code-set pack: fast): Alt+C shows it in place
// of the Document and Codes panels, Alt+S opens the Practice settings dialog with the keyboard in its first field, Tab
// moves on, a field's problem is drawn under it, Enter saves, Esc cancels; in the Problems list, Enter on a patient
// problem puts the keyboard in that patient field.
#include <imgui.h>
#include <imgui_internal.h>

#include <catch2/catch.hpp>

#include <map>

#include "app/session.h"
#include "test_util.h"
#include "ui/fake_host.h"
#include "ui/ui.h"

using namespace medcode;

namespace {

constexpr int kUp = 265, kDown = 264, kLeft = 263, kRight = 262, kEnter = 257, kEscape = 256, kTab = 258;

struct Harness {
  Harness() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1280, 800);
    io.DeltaTime = 1.0f / 60.0f;
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    io.KeyMap[ImGuiKey_UpArrow] = kUp;
    io.KeyMap[ImGuiKey_DownArrow] = kDown;
    io.KeyMap[ImGuiKey_LeftArrow] = kLeft;
    io.KeyMap[ImGuiKey_RightArrow] = kRight;
    io.KeyMap[ImGuiKey_Enter] = kEnter;
    io.KeyMap[ImGuiKey_Escape] = kEscape;
    io.KeyMap[ImGuiKey_Tab] = kTab;
    io.KeyMap[ImGuiKey_Backspace] = 259;
    REQUIRE(io.Fonts->AddFontFromFileTTF(MEDCODE_FONT, 15.0f) != nullptr);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    ui::ApplyTheme(app::Theme::kLight, 1.0f);
    session.OpenStore(dir.File("medcode.db"));
    session.NewEncounter();
  }
  ~Harness() { ImGui::DestroyContext(); }

  void Frame() {
    host.now += 1.0 / 60.0;
    ImGui::NewFrame();
    ui::DrawFrame(session, ui_state, host);
    ImGui::Render();
  }
  std::map<std::string, ui::ProbeRect> Rects() const {
    std::map<std::string, ui::ProbeRect> out;
    for (const auto& r : ui_state.probe.rects()) out[r.name] = r;
    return out;
  }
  void Press(int key) {
    ImGui::GetIO().KeysDown[key] = true;
    Frame();
    ImGui::GetIO().KeysDown[key] = false;
    Frame();
  }
  void Alt(char key) {
    ImGui::GetIO().KeyAlt = true;
    Press(key);
    ImGui::GetIO().KeyAlt = false;
    Frame();
  }
  void Type(const char* text) {
    ImGui::GetIO().AddInputCharactersUTF8(text);
    Frame();
    Frame();
  }

  test::TempDir dir;
  app::Session session;
  ui::UiState ui_state;
  test::FakeHost host;
};

}  // namespace

TEST_CASE("Claims view: Alt+C shows it, Alt+S edits the practice (Tab, problems under fields, Enter, Esc)",
          "[claims][ui]") {
  Harness h;
  h.Frame();
  CHECK(h.Rects().count("panel.document") == 1);
  h.Alt('C');
  h.Frame();
  CHECK(h.ui_state.view == ui::View::kClaims);
  auto rects = h.Rects();
  CHECK(rects.count("panel.claims") == 1);
  CHECK(rects.count("panel.document") == 0);
  CHECK(rects.count("panel.codes") == 0);
  CHECK(rects.count("claims.button.create") == 1);
  CHECK(rects.count("patient.patient.member_id") + rects.count("patient.member_id") == 1);
  CHECK(h.ui_state.focused == ui::Panel::kClaims);

  h.Alt('S');
  h.Frame();
  REQUIRE(h.ui_state.claims.show_practice);
  CHECK(h.Rects().count("window.practice") == 1);
  CHECK(ImGui::GetIO().WantTextInput);  // the keyboard is in the first field
  h.Type("Lakeside Family Medicine");
  CHECK(h.session.practice_draft().billing.name == "Lakeside Family Medicine");
  h.Press(kTab);
  h.Type("1234567890");
  CHECK(h.session.practice_draft().billing.npi == "1234567890");
  CHECK_THAT(h.session.PracticeProblem("billing.npi"), Catch::Contains("check digit"));
  h.Press(kEnter);  // Enter in a field saves and closes
  h.Frame();
  CHECK_FALSE(h.ui_state.claims.show_practice);
  CHECK(h.Rects().count("window.practice") == 0);
  CHECK(h.session.practice().billing.name == "Lakeside Family Medicine");
  CHECK(h.session.practice().billing.npi == "1234567890");

  // Esc drops what was typed since the dialog opened (the focused field's text is selected: typing replaces it).
  h.Alt('S');
  h.Frame();
  h.Type("Typo Clinic");
  CHECK(h.session.practice_draft().billing.name == "Typo Clinic");
  h.Press(kEscape);
  h.Frame();
  CHECK_FALSE(h.ui_state.claims.show_practice);
  CHECK(h.session.practice().billing.name == "Lakeside Family Medicine");

  // Alt+C again: back to coding.
  h.Alt('C');
  h.Frame();
  CHECK(h.ui_state.view == ui::View::kCoding);
  CHECK(h.Rects().count("panel.claims") == 0);
}

TEST_CASE("Claims view: Enter on a patient problem puts the keyboard in that field", "[claims][ui]") {
  Harness h;
  h.Alt('C');
  h.Frame();
  REQUIRE(h.ui_state.focused == ui::Panel::kClaims);
  h.Press(kLeft);  // Claims -> Problems
  h.Frame();
  REQUIRE(h.ui_state.claims.tab == ui::UiState::ClaimsView::Tab::kProblems);
  const auto& problems = h.session.claim_problems();
  int member = -1;
  for (size_t i = 0; i < problems.size(); ++i) {
    if (problems[i].field == "patient.member_id") member = static_cast<int>(i);
  }
  REQUIRE(member >= 0);
  CHECK(h.Rects().count("claims.problem." + std::to_string(member)) == 1);
  while (h.ui_state.claims.problem_selection < member) h.Press(kDown);
  h.Press(kEnter);
  h.Frame();
  h.Frame();
  CHECK(ImGui::GetIO().WantTextInput);
  h.Type("1EG4TE5MK72");
  CHECK(h.session.patient_draft().member_id == "1EG4TE5MK72");
  CHECK(h.session.PatientProblem("patient.member_id").empty());
}
