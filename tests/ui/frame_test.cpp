// frame_test.cpp: the real ImGui UI driven headlessly (no GPU): every panel is laid out, keyboard shortcuts reach
// their widgets, and buttons call the host. The browser tests check the same in Chromium.
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

using test::FakeHost;

// An ImGui context with the real UI font at `scale`, keys mapped like the GLFW backend does.
struct Harness {
  explicit Harness(float scale) {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1280 * scale, 800 * scale);
    io.DeltaTime = 1.0f / 60.0f;
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    io.KeyMap[ImGuiKey_UpArrow] = 265;
    io.KeyMap[ImGuiKey_DownArrow] = 264;
    io.KeyMap[ImGuiKey_Enter] = 257;
    io.KeyMap[ImGuiKey_Escape] = 256;
    io.KeyMap[ImGuiKey_Tab] = 258;
    io.KeyMap[ImGuiKey_Backspace] = 259;
    REQUIRE(io.Fonts->AddFontFromFileTTF(MEDCODE_FONT, 15.0f * scale) != nullptr);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    ui_state.scale = scale;
    ui::ApplyTheme(app::Theme::kLight, scale);
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
  void Press(int key, bool ctrl = false, bool shift = false) {
    ImGuiIO& io = ImGui::GetIO();
    io.KeyCtrl = ctrl;
    io.KeyShift = shift;
    io.KeysDown[key] = true;
    Frame();
    io.KeysDown[key] = false;
    io.KeyCtrl = io.KeyShift = false;
    Frame();
  }
  // Clicks the widget the probe recorded as `name` (after a frame, so the layout has settled).
  void Click(const std::string& name) {
    Frame();
    const ui::ProbeRect r = Rects().at(name);
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(r.x + r.w / 2 - 1, r.y + r.h / 2);  // a real mouse moves onto the widget
    Frame();
    io.MousePos = ImVec2(r.x + r.w / 2, r.y + r.h / 2);
    Frame();
    io.MouseDown[0] = true;
    Frame();
    io.MouseDown[0] = false;
    Frame();
  }

  test::TempDir dir;
  app::Session session;
  ui::UiState ui_state;
  FakeHost host;
};

bool Overlap(const ui::ProbeRect& a, const ui::ProbeRect& b) {
  return a.x < b.x + b.w - 0.5f && b.x < a.x + a.w - 0.5f && a.y < b.y + b.h - 0.5f && b.y < a.y + a.h - 0.5f;
}

}  // namespace

TEST_CASE("the four panels, menu bar, search box and status bar are laid out without overlap", "[ui]") {
  for (float scale : {1.0f, 2.0f}) {
    Harness h(scale);
    h.session.OpenStore(h.dir.File("medcode.db"));
    h.session.NewEncounter();
    h.Frame();
    h.Frame();
    auto r = h.Rects();
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    for (const char* name : {"panel.worklist", "panel.document", "panel.codes", "panel.findings", "statusbar",
                             "menubar", "search", "editor.note", "button.open_file"}) {
      INFO(name << " at scale " << scale);
      REQUIRE(r.count(name) == 1);
      CHECK(r[name].w > 20 * scale);
      CHECK(r[name].h > 10 * scale);
      CHECK(r[name].x >= 0);
      CHECK(r[name].y >= 0);
      CHECK(r[name].x + r[name].w <= display.x + 0.5f);
      CHECK(r[name].y + r[name].h <= display.y + 0.5f);
    }
    const char* panels[] = {"panel.worklist", "panel.document", "panel.codes", "panel.findings", "statusbar", "menubar"};
    for (const char* a : panels) {
      for (const char* b : panels) {
        if (std::string(a) < b) {
          INFO(a << " vs " << b);
          CHECK_FALSE(Overlap(r[a], r[b]));
        }
      }
    }
    CHECK(r["panel.worklist"].x < r["panel.document"].x);
    CHECK(r["panel.document"].x < r["panel.codes"].x);
    CHECK(r["panel.findings"].y > r["panel.document"].y);
    CHECK(r["statusbar"].y > r["panel.findings"].y);
    CHECK(r["panel.worklist"].w == Approx(260 * scale).margin(2));
  }
}

TEST_CASE("Ctrl+K focuses the search box and typing reaches it; F6 cycles panels", "[ui]") {
  Harness h(1.0f);
  h.session.OpenStore(h.dir.File("medcode.db"));
  h.Frame();
  h.Press('K', true);
  h.Frame();
  REQUIRE(h.ui_state.search_active);
  ImGui::GetIO().AddInputCharactersUTF8("diab neuro");
  h.Frame();
  CHECK(h.session.search_query() == "diab neuro");

  h.Press(256);  // Esc leaves the search box
  CHECK_FALSE(h.ui_state.search_active);

  h.ui_state.focus_request = ui::Panel::kWorklist;
  h.Frame();
  h.Frame();
  CHECK(h.ui_state.focused == ui::Panel::kWorklist);
  h.Press(300);
  h.Frame();
  CHECK(h.ui_state.focused == ui::Panel::kDocument);
  h.Press(300, false, true);
  h.Frame();
  CHECK(h.ui_state.focused == ui::Panel::kWorklist);
}

TEST_CASE("the worklist follows the arrow keys and buttons reach the session and the host", "[ui]") {
  Harness h(1.0f);
  h.session.OpenStore(h.dir.File("medcode.db"));
  h.Frame();
  h.Click("button.new_encounter");
  h.Click("button.new_encounter");
  REQUIRE(h.session.encounters().size() == 2);
  h.Frame();  // the new encounter's note editor takes focus
  CHECK(h.ui_state.focused == ui::Panel::kDocument);
  h.session.SelectEncounter(h.session.encounters()[0].id);
  h.ui_state.focus_request = ui::Panel::kWorklist;
  h.Frame();
  h.Frame();
  h.Press(264);  // Down
  CHECK(h.session.SelectedIndex() == 1);
  h.Press(265);  // Up
  CHECK(h.session.SelectedIndex() == 0);

  h.Click("button.open_file");
  CHECK(h.host.pickers == 1);
  h.Press('O', true);
  CHECK(h.host.pickers == 2);
}

TEST_CASE("typing in the note editor edits the draft and autosaves", "[ui]") {
  Harness h(1.0f);
  h.session.OpenStore(h.dir.File("medcode.db"));
  h.session.LoadDocument("note.txt", test::MakeNote(50 * 1024));
  h.Frame();
  h.Click("editor.note");
  REQUIRE(ImGui::GetIO().WantTextInput);
  ImGui::GetIO().AddInputCharactersUTF8("XYZ");
  h.Frame();
  CHECK(h.session.draft().note_text.size() == 50 * 1024 + 3);
  CHECK(h.session.draft().note_text.find("XYZ") != std::string::npos);
  CHECK(h.session.draft_dirty());
  h.host.now += app::Session::kAutosaveIdleSeconds + 0.1;
  h.Frame();
  CHECK_FALSE(h.session.draft_dirty());
}

TEST_CASE("Esc leaves the note editor and keeps what was typed (ImGui alone would revert it)", "[ui]") {
  Harness h(1.0f);
  h.session.OpenStore(h.dir.File("medcode.db"));
  h.session.LoadDocument("note.txt", "Original note.");
  h.Frame();
  h.Click("editor.note");
  REQUIRE(ImGui::GetIO().WantTextInput);
  ImGui::GetIO().AddInputCharactersUTF8(" Typed before Esc.");
  h.Frame();
  h.Press(256);  // Esc
  CHECK_FALSE(ImGui::GetIO().WantTextInput);
  CHECK(h.session.draft().note_text.find("Typed before Esc.") != std::string::npos);
  CHECK_FALSE(h.session.draft_dirty());  // committed on leaving
  h.Frame();
  CHECK(h.session.draft().note_text.find("Typed before Esc.") != std::string::npos);
}

TEST_CASE("the read view wraps long lines to the panel and shows the whole note", "[ui]") {
  Harness h(1.0f);
  h.session.OpenStore(h.dir.File("medcode.db"));
  std::string note;
  for (int i = 0; i < 400; ++i) note += "Patient reports intermittent chest pain radiating to the left arm, worse on exertion. ";
  note += "\n\nLast line.";
  h.session.LoadDocument("long.txt", note);
  h.Press('E', true);
  h.Frame();
  REQUIRE(h.ui_state.note_read_view);
  const auto reader = h.Rects().at("reader.note");
  const auto& layout = h.ui_state.note_layout;
  REQUIRE(layout.lines.size() > 50);  // one paragraph wrapped into many lines
  std::string rebuilt;
  for (const auto& [b, e] : layout.lines) {
    const float w = ImGui::CalcTextSize(note.data() + b, note.data() + e).x;
    CHECK(w <= reader.w);
    rebuilt += note.substr(b, e - b);
  }
  std::string expected;  // the text minus line breaks and the spaces lines were broken at
  for (char c : note) if (c != '\n') expected += c;
  std::string compact_rebuilt, compact_expected;
  for (char c : rebuilt) if (c != ' ') compact_rebuilt += c;
  for (char c : expected) if (c != ' ') compact_expected += c;
  CHECK(compact_rebuilt == compact_expected);
  CHECK(note.substr(layout.lines.back().first) == "Last line.");
  h.Press('E', true);
  h.Frame();
  CHECK_FALSE(h.ui_state.note_read_view);
  CHECK(h.Rects().count("editor.note") == 1);
}

TEST_CASE("dragging a splitter resizes the panels and the layout is remembered", "[ui]") {
  test::TempDir dir;
  const std::string path = dir.File("medcode.db");
  float dragged_width = 0;
  {
    Harness h(1.0f);
    h.session.OpenStore(path);
    h.Frame();
    h.Frame();
    const auto split = h.Rects().at("split_worklist");
    const float before = h.Rects().at("panel.worklist").w;
    ImGuiIO& io = ImGui::GetIO();
    const ImVec2 start(split.x + split.w / 2, split.y + split.h / 2);
    io.MousePos = ImVec2(start.x - 1, start.y);
    h.Frame();
    io.MousePos = start;
    h.Frame();
    io.MouseDown[0] = true;
    h.Frame();
    for (int i = 1; i <= 8; ++i) {
      io.MousePos = ImVec2(start.x + 10.0f * i, start.y);
      h.Frame();
    }
    io.MouseDown[0] = false;
    h.Frame();
    h.Frame();
    dragged_width = h.Rects().at("panel.worklist").w;
    CHECK(dragged_width == Approx(before + 80).margin(2));
    CHECK(h.session.Setting("layout").value_or("").rfind("340,", 0) == 0);
  }
  Harness again(1.0f);
  again.session.OpenStore(path);
  again.Frame();
  again.Frame();
  CHECK(again.Rects().at("panel.worklist").w == Approx(dragged_width).margin(1));
}
