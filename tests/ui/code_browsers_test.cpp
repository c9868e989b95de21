// code_browsers_test.cpp: the index and tabular browser windows driven headlessly with the real ImGui UI and the real
// code-set pack: the shortcuts open them, keys reach the tree (not ImGui's own navigation), Enter takes a code into
// the Code detail, Esc closes and gives the keyboard back. The browser test (tests/browser/browsers.test.mjs) checks
// the same in Chromium.
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

// GLFW's key codes, as the web build maps them.
enum : int {
  kEnter = 257, kEscape = 256, kTab = 258, kBackspace = 259, kRight = 262, kLeft = 263, kDown = 264, kUp = 265,
  kPageUp = 266, kPageDown = 267, kHome = 268, kEnd = 269,
};

using test::FakeHost;

struct Harness {
  Harness() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1280, 800);
    io.DeltaTime = 1.0f / 60.0f;
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    const std::pair<ImGuiKey, int> keys[] = {
        {ImGuiKey_UpArrow, kUp},   {ImGuiKey_DownArrow, kDown}, {ImGuiKey_LeftArrow, kLeft},
        {ImGuiKey_RightArrow, kRight}, {ImGuiKey_Enter, kEnter}, {ImGuiKey_Escape, kEscape},
        {ImGuiKey_Tab, kTab},      {ImGuiKey_Backspace, kBackspace}, {ImGuiKey_PageUp, kPageUp},
        {ImGuiKey_PageDown, kPageDown}, {ImGuiKey_Home, kHome}, {ImGuiKey_End, kEnd}};
    for (const auto& [k, v] : keys) io.KeyMap[k] = v;
    REQUIRE(io.Fonts->AddFontFromFileTTF(MEDCODE_FONT, 15.0f) != nullptr);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    ui::ApplyTheme(app::Theme::kLight, 1.0f);
    session.OpenStore(dir.File("medcode.db"));
    session.LoadCodeSets(MEDCODE_TEST_PACK);
    REQUIRE(session.code_sets() != nullptr);
  }
  ~Harness() { ImGui::DestroyContext(); }

  void Frame() {
    host.now += 1.0 / 60.0;
    ImGui::NewFrame();
    ui::DrawFrame(session, ui_state, host);
    ImGui::Render();
  }
  void Frames(int n) {
    for (int i = 0; i < n; ++i) Frame();
  }
  void Press(int key, bool ctrl = false, bool alt = false, bool shift = false) {
    ImGuiIO& io = ImGui::GetIO();
    io.KeyCtrl = ctrl;
    io.KeyAlt = alt;
    io.KeyShift = shift;
    io.KeysDown[key] = true;
    Frame();
    io.KeysDown[key] = false;
    io.KeyCtrl = io.KeyAlt = io.KeyShift = false;
    Frame();
  }
  void Type(const char* text) {
    Frames(3);  // keyboard focus moves a frame after it is asked for (the platform holds text meanwhile)
    ImGui::GetIO().AddInputCharactersUTF8(text);
    Frames(2);
  }
  std::map<std::string, ui::ProbeRect> Rects() const {
    std::map<std::string, ui::ProbeRect> out;
    for (const auto& r : ui_state.probe.rects()) out[r.name] = r;
    return out;
  }
  void Click(const std::string& name) {
    Frame();
    const ui::ProbeRect r = Rects().at(name);
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(r.x + r.w / 2, r.y + r.h / 2);
    Frame();
    io.MouseDown[0] = true;
    Frame();
    io.MouseDown[0] = false;
    Frame();
  }
  // Wheels the mouse over `container` until the rect `name` lies inside it.
  void ScrollIntoView(const std::string& name, const std::string& container) {
    for (int i = 0; i < 60; ++i) {
      Frame();
      auto rects = Rects();
      const ui::ProbeRect c = rects.at(container), r = rects.at(name);
      if (r.y >= c.y && r.y + r.h <= c.y + c.h) return;
      ImGuiIO& io = ImGui::GetIO();
      io.MousePos = ImVec2(c.x + c.w / 2, c.y + c.h / 2);
      io.MouseWheel = r.y < c.y ? 1.0f : -1.0f;
      Frame();
      io.MouseWheel = 0;
    }
    FAIL("could not scroll " << name << " into " << container);
  }
  std::string DetailCode() const {
    const app::CodeLookup* d = session.code_detail();
    return d ? d->code : "";
  }

  test::TempDir dir;
  app::Session session;
  ui::UiState ui_state;
  FakeHost host;
};

}  // namespace

TEST_CASE("index browser: Ctrl+I, type a main term, arrow to a code, Enter takes it; Esc closes", "[ui][browsers]") {
  Harness h;
  h.session.NewEncounter();
  h.Frames(2);
  h.Press('I', true);
  REQUIRE(h.ui_state.show_index_browser);
  CHECK(h.Rects().count("index.window"));
  h.Type("appendicitis");
  const app::IndexBrowser& b = h.ui_state.index_browser;
  CHECK(b.filter() == "appendicitis");
  REQUIRE(!b.rows().empty());
  CHECK(b.nodes()[b.rows()[0]].term.term == "Appendicitis");
  CHECK(b.selected_row() == -1);

  // Down leaves the filter for the list; further keys move there, not in ImGui's navigation.
  h.Press(kDown);
  CHECK(b.selected_row() == 0);
  h.Frame();
  CHECK(h.ui_state.index_window.tree_keys);
  CHECK(b.SelectedCode() == "K37");
  CHECK(b.nodes()[b.rows()[0]].expanded);  // the only match opened by itself
  h.Press(kRight);  // on an open row: to its first subterm, "with"
  CHECK(b.selected_row() == 1);
  CHECK(b.SelectedNode()->term.term == "with");
  CHECK(b.SelectedCode().empty());
  h.Press(kEnter);  // no code: Enter opens it
  CHECK(b.SelectedNode()->expanded);
  h.Press(kLeft);  // and Left closes it
  CHECK_FALSE(b.SelectedNode()->expanded);
  h.Press(kDown);
  CHECK(b.SelectedNode()->term.term == "acute");
  h.Press(kEnter);
  CHECK(h.DetailCode() == "K35.80");
  h.Press(kHome);
  h.Press(kEnter);
  CHECK(h.DetailCode() == "K37");
  CHECK(h.ui_state.show_index_browser);  // stays open for the next code

  // Typing in the list goes back to the filter, at its end.
  ImGui::GetIO().AddInputCharactersUTF8(" a");
  h.Frames(3);
  CHECK(b.filter() == "appendicitis a");
  CHECK_FALSE(h.ui_state.index_window.tree_keys);
  ImGui::GetIO().AddInputCharactersUTF8("b");
  h.Frames(2);
  CHECK(b.filter() == "appendicitis ab");  // not "b": the text was not all selected

  // Esc closes and gives the keyboard back to the window that had it.
  h.Press(kEscape);
  CHECK_FALSE(h.ui_state.show_index_browser);
  h.Frames(2);
  CHECK(h.Rects().count("index.window") == 0);
}

TEST_CASE("index browser: a see link jumps to its main term; tables show their columns", "[ui][browsers]") {
  Harness h;
  h.Press('I', true);
  h.Type("Diabetes, diabetic");
  const app::IndexBrowser& b = h.ui_state.index_browser;
  REQUIRE(b.rows().size() > 10);
  // "brittle - see Diabetes, type 1": its see link, found among the drawn rows.
  int brittle = -1;
  for (size_t r = 0; r < b.rows().size(); ++r) {
    if (b.nodes()[b.rows()[r]].term.term == "brittle") brittle = static_cast<int>(r);
  }
  REQUIRE(brittle > 0);
  h.Frame();
  REQUIRE(h.Rects().count("index.see." + std::to_string(brittle)));
  h.Click("index.see." + std::to_string(brittle));
  REQUIRE(b.SelectedNode() != nullptr);
  CHECK(b.SelectedNode()->term.term == "type 1");
  CHECK(b.SelectedNode()->target);
  CHECK(b.CanGoBack());

  // The Drug Table: Tab moves between the printed columns, Enter takes the one selected.
  h.Click("index.tree.3");
  h.Type("aspirin");
  INFO("tree " << engine::IndexTreeName(b.tree()) << " filter '" << b.filter() << "' rows " << b.rows().size()
       << " message " << b.message());
  h.Press(kDown);
  REQUIRE(b.SelectedNode() != nullptr);
  CHECK(b.SelectedNode()->term.term == "Aspirin");
  CHECK(b.selected_column() == 1);
  h.Press(kTab);
  CHECK(b.selected_column() == 2);
  h.Press(kEnter);
  CHECK(h.DetailCode().rfind("T39.01", 0) == 0);
}

TEST_CASE("tabular browser: Alt+T opens at the code shown, note links move it, Enter takes a code", "[ui][browsers]") {
  Harness h;
  h.session.OpenCodeDetail("E11.42");
  h.Frames(2);
  h.Press('T', false, true);
  REQUIRE(h.ui_state.show_tabular_browser);
  const app::TabularBrowser& b = h.ui_state.tabular_browser;
  CHECK(b.SelectedPath() == std::vector<std::string>{"4", "E08-E13", "E11", "E11.4", "E11.42"});
  h.Frames(2);
  CHECK(h.ui_state.tabular_window.tree_keys);
  auto r = h.Rects();
  REQUIRE(r.count("tabular.selected"));
  const ui::ProbeRect rows = r.at("tabular.rows"), sel = r.at("tabular.selected");
  CHECK(sel.y >= rows.y);  // scrolled into view
  CHECK(sel.y + sel.h <= rows.y + rows.h);

  h.Press(kDown);
  CHECK(b.SelectedCode() == "E11.43");
  h.Press(kEnter);
  CHECK(h.DetailCode() == "E11.43");

  // E11's Excludes1 names E10: the link moves the browser there; Backspace comes back.
  h.Frame();
  REQUIRE(h.Rects().count("tabular.link.E11.E10"));
  h.ScrollIntoView("tabular.link.E11.E10", "tabular.rows");
  h.Click("tabular.link.E11.E10");
  CHECK(b.SelectedCode() == "E10");
  h.Press(kBackspace);
  CHECK(b.SelectedCode() == "E11.43");

  // Ctrl+I from the tabular opens the index at its selected code.
  h.Press('I', true);
  REQUIRE(h.ui_state.show_index_browser);
  CHECK(h.ui_state.index_browser.code() == "E11.43");
  h.Press(kEscape);
  CHECK_FALSE(h.ui_state.show_index_browser);
  CHECK(h.ui_state.show_tabular_browser);
}
