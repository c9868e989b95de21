// findings_panel_test.cpp: the Findings panel and the claim header driven headlessly by keys over the real pack: F6
// focus, Up/Down select a finding, Enter marks its code in the Codes panel, F asks to apply the fix (Esc cancels,
// Enter applies), A attests after asking the user's name once; Tab moves through the claim header's fields; Enter on
// a service line edits its units, charge, pointers and date (Tab moves, Enter saves, Esc cancels).
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

constexpr int kUp = 265, kDown = 264, kEnter = 257, kEscape = 256, kTab = 258;

using test::FakeHost;

int64_t FixedClock() { return 1795791600; }  // 2026-11-27T15:00:00Z

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
    io.KeyMap[ImGuiKey_Enter] = kEnter;
    io.KeyMap[ImGuiKey_Escape] = kEscape;
    io.KeyMap[ImGuiKey_Tab] = kTab;
    io.KeyMap[ImGuiKey_Backspace] = 259;
    REQUIRE(io.Fonts->AddFontFromFileTTF(MEDCODE_FONT, 15.0f) != nullptr);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    ui::ApplyTheme(app::Theme::kLight, 1.0f);
    session.SetWallClock(FixedClock);
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
  void Type(const char* text) {
    ImGui::GetIO().AddInputCharactersUTF8(text);
    Frame();
    Frame();
  }
  void Click(const std::string& name) {
    Frame();
    const ui::ProbeRect r = Rects().at(name);
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(r.x + r.w / 2 - 1, r.y + r.h / 2);
    Frame();
    io.MousePos = ImVec2(r.x + r.w / 2, r.y + r.h / 2);
    Frame();
    io.MouseDown[0] = true;
    Frame();
    io.MouseDown[0] = false;
    Frame();
  }
  // The pack and the claim rules loaded, an encounter open on 2024-08-01 with a complete header.
  void OpenEncounter() {
    session.OpenStore(dir.File("medcode.db"));
    session.LoadCodeSets(MEDCODE_TEST_PACK);
    for (int i = 0; i < 400 && !session.scrubber_ready(); ++i) Frame();
    REQUIRE(session.scrubber_ready());
    session.NewEncounter();
    session.draft().date_of_service = "2024-08-01";
    session.SetClaimField(app::ClaimField::kPatientAge, "54", 0);
    session.SetClaimField(app::ClaimField::kPatientSex, "M", 0);
    session.SetClaimField(app::ClaimField::kPlaceOfService, "11", 0);
    session.SetClaimField(app::ClaimField::kBillingNpi, "1234567893", 0);
    session.CommitEdits();
  }
  void FocusFindings() {
    ui_state.RequestFocus(ui::Panel::kFindings);
    Frame();
    Frame();
    REQUIRE(ui_state.focused == ui::Panel::kFindings);
  }
  int Index(const std::string& rule) const {
    const auto& f = session.findings();
    for (size_t i = 0; i < f.size(); ++i) {
      if (f[i].rule == rule) return static_cast<int>(i);
    }
    return -1;
  }
  // Moves the Findings selection to `index` with the arrow keys.
  void SelectByKeys(int index) {
    while (session.finding_selection() < index) Press(kDown);
    while (session.finding_selection() > index) Press(kUp);
  }

  test::TempDir dir;
  app::Session session;
  ui::UiState ui_state;
  FakeHost host;
};

}  // namespace

TEST_CASE("Findings panel keys: select, go to the code, apply a fix after confirming", "[scrub][ui]") {
  Harness h;
  h.OpenEncounter();
  REQUIRE(h.session.AssignCode("M23.221"));
  REQUIRE(h.session.AssignCode("29881"));
  REQUIRE(h.session.AssignCode("29875"));
  // Ctrl+Enter ("scrub the encounter": it is checked live) puts the keyboard in the Findings panel.
  h.ui_state.RequestFocus(ui::Panel::kDocument);
  h.Frame();
  h.Frame();
  REQUIRE(h.ui_state.focused == ui::Panel::kDocument);
  ImGui::GetIO().KeyCtrl = true;
  h.Press(kEnter);
  ImGui::GetIO().KeyCtrl = false;
  h.Frame();
  CHECK(h.ui_state.focused == ui::Panel::kFindings);
  CHECK(h.session.finding_selection() == 0);  // Ctrl+Enter did not act on the finding
  CHECK(h.session.code_selection() == app::CodeRef{true, 1});  // the last code assigned stays selected
  const int ptp = h.Index("ncci.ptp.modifier_needed");
  REQUIRE(ptp >= 0);
  h.SelectByKeys(ptp);
  CHECK(h.session.finding_selection() == ptp);
  auto rects = h.Rects();
  CHECK(rects.count("findings.row." + std::to_string(ptp)) == 1);
  CHECK(rects.count("findings.fix") == 1);
  CHECK(rects.count("findings.source") == 1);  // the source row shows for the selected finding, not on hover
  // Up/Down past the ends stay in the list.
  for (int i = 0; i < 30; ++i) h.Press(kUp);
  CHECK(h.session.finding_selection() == 0);
  h.SelectByKeys(ptp);

  h.session.SelectCode({false, 0});  // the diagnosis: Enter moves the selection to the finding's line
  h.Press(kEnter);
  CHECK(h.session.code_selection() == app::CodeRef{true, 1});
  rects = h.Rects();
  REQUIRE(rects.count("codes.target") == 1);
  CHECK(rects.at("codes.target").y == Approx(rects.at("codes.service.1").y).margin(4));
  CHECK(h.ui_state.focused == ui::Panel::kFindings);  // the keyboard stays in the list

  // F asks; Esc cancels and nothing changes.
  h.Type("f");
  REQUIRE(h.session.pending_fix());
  CHECK(h.Rects().count("findings.confirm") == 1);
  h.Press(kEscape);
  CHECK_FALSE(h.session.pending_fix());
  h.Frame();
  CHECK(h.Rects().count("findings.confirm") == 0);
  CHECK(h.session.coding().services[1].modifiers.empty());

  // F again, Enter applies: the modifier is on line 2 and the finding is gone.
  h.Type("f");
  REQUIRE(h.session.pending_fix());
  const std::string modifier = h.session.pending_fix()->fix.modifier;
  h.Press(kEnter);
  CHECK_FALSE(h.session.pending_fix());
  CHECK(h.session.coding().services[1].modifiers == std::vector<std::string>{modifier});
  CHECK(h.Index("ncci.ptp.modifier_needed") == -1);
  CHECK_FALSE(h.session.draft_dirty());
  h.Frame();
  CHECK(h.ui_state.focused == ui::Panel::kFindings);
}

TEST_CASE("A attests an Excludes1 finding after asking the user's name once; A again withdraws", "[scrub][ui]") {
  Harness h;
  h.OpenEncounter();
  REQUIRE(h.session.AssignCode("E10.9"));
  REQUIRE(h.session.AssignCode("E11.9"));
  h.FocusFindings();
  const int ex = h.Index("icd.excludes1");
  REQUIRE(ex >= 0);
  h.SelectByKeys(ex);
  CHECK(h.Rects().count("findings.attest") == 1);
  h.Type("a");
  REQUIRE(h.ui_state.ask_user_name);
  h.Frame();
  CHECK(h.Rects().count("findings.user_name") == 1);
  CHECK(ImGui::GetIO().WantTextInput);  // the name field has the keyboard
  h.Type("jdoe");
  h.Press(kEnter);
  CHECK_FALSE(h.ui_state.ask_user_name);
  CHECK(h.session.user_name() == "jdoe");
  REQUIRE(h.session.coding().attestations.size() == 1);
  CHECK(h.session.coding().attestations[0].at == "2026-11-27T15:00:00Z");
  const app::Finding* f = h.session.selected_finding();
  REQUIRE(f);
  CHECK(f->rule == "icd.excludes1");
  CHECK(f->attestation);
  h.Frame();
  CHECK(h.Rects().count("findings.withdraw") == 1);
  h.FocusFindings();
  h.Type("a");
  CHECK(h.session.coding().attestations.empty());
  // The name is asked once: the next attestation goes straight through.
  h.Type("a");
  CHECK_FALSE(h.ui_state.ask_user_name);
  CHECK(h.session.coding().attestations.size() == 1);
}

TEST_CASE("the claim header is typed field by field with Tab, filtered and saved on leaving", "[scrub][ui]") {
  Harness h;
  h.OpenEncounter();
  h.Frame();
  for (const char* key : {"claim.type", "claim.patient_age", "claim.patient_sex", "claim.place_of_service",
                          "claim.billing_npi", "claim.billing_taxonomy", "claim.rendering_npi", "claim.payer_id",
                          "claim.payer_name"}) {
    INFO(key);
    CHECK(h.Rects().count(key) == 1);
  }
  h.Click("claim.rendering_npi");
  REQUIRE(ImGui::GetIO().WantTextInput);
  h.Type("12x34567893");  // letters are not taken by an NPI field
  CHECK(h.session.draft().claim.rendering.npi == "1234567893");
  h.Press(kTab);  // on to the payer id
  REQUIRE(ImGui::GetIO().WantTextInput);
  h.Type("00430");
  CHECK(h.session.draft().claim.payer.id == "00430");
  h.Press(kTab);
  h.Type("Medicare Part B");
  CHECK(h.session.draft().claim.payer.name == "Medicare Part B");
  h.Press(kEscape);  // leaves the field and keeps what was typed
  CHECK_FALSE(ImGui::GetIO().WantTextInput);
  CHECK(h.session.draft().claim.payer.name == "Medicare Part B");
  CHECK_FALSE(h.session.draft_dirty());  // saved on leaving
  // The claim type takes P, O or D only (typed lower case too); a click selects the letter, typing replaces it.
  h.Click("claim.type");
  h.Type("xo");
  CHECK(h.session.draft().claim.type == engine::ClaimType::kOutpatientHospital);
  h.Press(kEscape);
  h.Frame();
  CHECK(h.session.claim_field(app::ClaimField::kType).note.find("outpatient hospital") == 0);
}

TEST_CASE("Enter on a service line edits its units, charge, pointers and date; Tab moves, Esc cancels", "[scrub][ui]") {
  Harness h;
  h.OpenEncounter();
  REQUIRE(h.session.AssignCode("M23.221"));
  REQUIRE(h.session.AssignCode("29881"));  // line 1, selected
  h.ui_state.RequestFocus(ui::Panel::kCodes);
  h.Frame();
  h.Frame();
  REQUIRE(h.ui_state.focused == ui::Panel::kCodes);
  for (const char* key : {"line.units", "line.charge", "line.pointers", "line.dos"}) {
    INFO(key);
    CHECK(h.Rects().count(key) == 1);
  }
  REQUIRE(h.Index("claim.charge.missing") >= 0);
  CHECK_FALSE(ImGui::GetIO().WantTextInput);

  // Enter goes into Units (its text selected: typing replaces it); nothing is saved until it is committed.
  h.Press(kEnter);
  h.Frame();
  REQUIRE(ImGui::GetIO().WantTextInput);
  h.Type("3");
  CHECK(h.session.coding().services[0].units == 1);
  CHECK(h.ui_state.line_editor.text[0] == "3");
  // Esc leaves the field with the saved value.
  h.Press(kEscape);
  h.Frame();
  CHECK_FALSE(ImGui::GetIO().WantTextInput);
  CHECK(h.session.coding().services[0].units == 1);
  CHECK(h.ui_state.line_editor.text[0] == "1");

  // Enter again, type, Tab commits and moves to Charge; Enter commits the charge and leaves.
  h.Press(kEnter);
  h.Frame();
  REQUIRE(ImGui::GetIO().WantTextInput);
  h.Type("2");
  h.Press(kTab);
  CHECK(h.session.coding().services[0].units == 2);
  REQUIRE(ImGui::GetIO().WantTextInput);
  h.Type("12x5");  // letters are not taken by the charge field
  h.Press(kEnter);
  h.Frame();
  CHECK_FALSE(ImGui::GetIO().WantTextInput);
  CHECK(h.session.coding().services[0].charge == "125.00");
  CHECK(h.Index("claim.charge.missing") == -1);
  CHECK(h.ui_state.line_editor.text[1] == "125.00");

  // A refused value stays as typed, with the reason next to the field; the saved value is unchanged.
  h.Press(kEnter);
  h.Frame();
  h.Press(kTab);
  h.Type("1.2.3");
  h.Press(kEnter);
  h.Frame();
  CHECK(h.session.coding().services[0].charge == "125.00");
  CHECK(h.ui_state.line_editor.text[1] == "1.2.3");
  CHECK(h.ui_state.line_editor.refused[1].find("not an amount") != std::string::npos);

  // Pointers and the date, through Tab.
  h.Press(kEnter);
  h.Frame();
  h.Press(kTab);
  h.Press(kTab);
  REQUIRE(ImGui::GetIO().WantTextInput);
  h.Type("1");
  h.Press(kTab);
  CHECK(h.session.coding().services[0].pointers == std::vector<int>{1});
  h.Type("08/01/2024");
  h.Press(kEnter);
  h.Frame();
  CHECK(h.session.coding().services[0].date_of_service == "2024-08-01");
  CHECK_FALSE(h.session.draft_dirty());
}
