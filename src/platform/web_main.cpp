// web_main.cpp: the browser platform: the only file with Emscripten and GLFW calls. It owns the main loop, the
// canvas size and device pixel ratio, fonts, the keyboard queue, the clipboard, files opened by the user, IndexedDB
// persistence (IDBFS) and the functions web/medcode.js and the browser tests call.
//
// [SECTION] State
// [SECTION] Keyboard queue (ImGui 1.86 loses keys pressed and released within one frame)
// [SECTION] Clipboard
// [SECTION] Persistence (IDBFS)
// [SECTION] Canvas, DPI and fonts
// [SECTION] Frame
// [SECTION] Exports to JavaScript
// [SECTION] main
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "app/session.h"
#include "engine/text.h"
#include "ui/ui.h"

namespace {

using medcode::app::Session;
namespace ui = medcode::ui;

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] State
// ---------------------------------------------------------------------------------------------------------------
constexpr const char* kDataDir = "/data";                // IDBFS mount point
constexpr const char* kStorePath = "/data/medcode.db";   // the user's database
constexpr const char* kFontPath = "/fonts/ui.otf";       // Inter Regular, embedded at link time
constexpr float kFontCssPx = 15.0f;                      // UI text size in CSS pixels

class WebHost final : public ui::Host {
 public:
  double Now() override { return emscripten_get_now() / 1000.0; }
  int KeyIndex(ui::Key key) override {
    switch (key) {
      case ui::Key::kE: return GLFW_KEY_E;
      case ui::Key::kI: return GLFW_KEY_I;
      case ui::Key::kK: return GLFW_KEY_K;
      case ui::Key::kN: return GLFW_KEY_N;
      case ui::Key::kO: return GLFW_KEY_O;
      case ui::Key::kS: return GLFW_KEY_S;
      case ui::Key::kT: return GLFW_KEY_T;
      case ui::Key::kF6: return GLFW_KEY_F6;
      case ui::Key::kB: return GLFW_KEY_B;
      case ui::Key::kC: return GLFW_KEY_C;
      case ui::Key::kP: return GLFW_KEY_P;
      case ui::Key::kX: return GLFW_KEY_X;
    }
    return GLFW_KEY_UNKNOWN;
  }
  void OpenFilePicker(ui::FilePurpose purpose) override {
    // Runs inside the frame that handled the click or key, still within the browser's user activation.
    EM_ASM({ Medcode.openFilePicker($0); }, static_cast<int>(purpose));
  }
  void Download(const medcode::app::Download& file) override {
    // Also inside the frame of the click or key: the browser lets a page start a download then.
    EM_ASM({ Medcode.download(UTF8ToString($0), UTF8ToString($1), $2, $3); }, file.file_name.c_str(),
           file.mime.c_str(), file.bytes.data(), static_cast<int>(file.bytes.size()));
  }
};

Session g_session;
ui::UiState g_ui;
WebHost g_host;
GLFWwindow* g_window = nullptr;
int g_fb_w = 0, g_fb_h = 0;
float g_font_scale = 0.0f;  // the scale the font atlas was built for
float g_style_scale = 0.0f;
medcode::app::Theme g_style_theme = medcode::app::Theme::kLight;
bool g_first_frame = true;

// Redrawing only when something can have changed saves a laptop's battery: full frame rate for kAwakeSeconds after
// any input or event, otherwise a few frames a second (autosave timers, the caret, status updates).
constexpr double kAwakeSeconds = 1.0;
constexpr double kIdleFrameSeconds = 0.25;
double g_awake_until = 0.0;
double g_last_draw = -1.0;
void Wake() { g_awake_until = g_host.Now() + kAwakeSeconds; }
uint64_t g_sync_revision = 0;  // revision being synced
std::string g_probe;

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Keyboard queue
// Key and char events are queued as GLFW delivers them and replayed before each frame, stopping a batch where
// ImGui 1.86 would otherwise see a press and its release in the same frame (and lose it: Enter, Ctrl+V, Alt+N),
// or a char overtake the key before it (Enter, then text). Characters also wait while keyboard focus is moving
// (UiState::hold_text_frames): "Ctrl+K htn" typed at once must all land in the search box.
// ---------------------------------------------------------------------------------------------------------------
struct InputEvent {
  bool is_char = false;
  int key = 0, scancode = 0, action = 0, mods = 0;
  unsigned codepoint = 0;
};
std::vector<InputEvent> g_input;

bool IsPrintableKey(int key) { return key >= GLFW_KEY_SPACE && key <= GLFW_KEY_WORLD_2; }

void OnKey(GLFWwindow*, int key, int scancode, int action, int mods) {
  g_input.push_back({false, key, scancode, action, mods, 0});
  Wake();
}
void OnChar(GLFWwindow*, unsigned c) {
  g_input.push_back({true, 0, 0, 0, 0, c});
  Wake();
}
// Mouse events only wake the loop: the ImGui backend reads the mouse itself (these run before its callbacks).
void OnCursorPos(GLFWwindow*, double, double) { Wake(); }
void OnMouseButton(GLFWwindow*, int, int, int) { Wake(); }
// Emscripten 3.1.6's GLFW passes the browser's raw wheel deltas (pixels, down positive), where GLFW and ImGui expect
// notches with up positive: wheeling down scrolled the panels up by a hundred lines. Converted here, replacing the
// backend's callback: about 100 px (Chrome) or 3 lines (Firefox, deltaMode lines) make one notch.
double WheelNotches(double delta) {
  const double notches = std::abs(delta) < 10.0 ? delta / 3.0 : delta / 100.0;
  return -std::clamp(notches, -10.0, 10.0);
}
void OnScroll(GLFWwindow* window, double dx, double dy) {
  Wake();
  ImGui_ImplGlfw_ScrollCallback(window, WheelNotches(dx), WheelNotches(dy));
}

void ReplayInput() {
  std::vector<int> pressed;
  bool non_printable_pressed = false;
  size_t i = 0;
  for (; i < g_input.size(); ++i) {
    const InputEvent& e = g_input[i];
    if (e.is_char) {
      if (non_printable_pressed || g_ui.hold_text_frames > 0) break;
      ImGui_ImplGlfw_CharCallback(g_window, e.codepoint);
      continue;
    }
    const bool was_pressed = std::find(pressed.begin(), pressed.end(), e.key) != pressed.end();
    const bool chord = (e.mods & (GLFW_MOD_CONTROL | GLFW_MOD_ALT | GLFW_MOD_SUPER)) != 0;
    if (e.action == GLFW_RELEASE && was_pressed && (!IsPrintableKey(e.key) || chord)) break;
    ImGui_ImplGlfw_KeyCallback(g_window, e.key, e.scancode, e.action, e.mods);
    if (e.action == GLFW_PRESS) {
      pressed.push_back(e.key);
      if (!IsPrintableKey(e.key)) non_printable_pressed = true;
    }
  }
  g_input.erase(g_input.begin(), g_input.begin() + static_cast<std::ptrdiff_t>(i));
}

bool CtrlVQueued() {
  for (const InputEvent& e : g_input) {
    if (!e.is_char && e.key == GLFW_KEY_V && e.action == GLFW_PRESS && (e.mods & GLFW_MOD_CONTROL)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Clipboard
// Emscripten's GLFW clipboard functions do nothing. Pasted text arrives through the page's 'paste' event and is
// kept here for ImGui's Ctrl+V; copied text goes to navigator.clipboard.
// ---------------------------------------------------------------------------------------------------------------
std::string g_clipboard;

const char* GetClipboard(void*) { return g_clipboard.c_str(); }

void SetClipboard(void*, const char* text) {
  g_clipboard = text;
  EM_ASM({ Medcode.writeClipboard(UTF8ToString($0)); }, text);
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Persistence
// The database file lives in an IDBFS mount: SQLite writes go to memory, and FS.syncfs copies changed files to
// IndexedDB. The Session decides when (debounced, one at a time, retried); this starts it and reports back.
// ---------------------------------------------------------------------------------------------------------------
void MaybeStartSync() {
  if (!g_session.ShouldStartSync(g_host.Now())) return;
  g_sync_revision = g_session.committed_revision();
  g_session.OnSyncStarted();
  EM_ASM({ Medcode.syncToIndexedDb($0); }, static_cast<double>(g_sync_revision));
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Canvas, DPI and fonts
// ImGui draws in device pixels: the canvas backbuffer is CSS size x devicePixelRatio, the font is rasterised at
// kFontCssPx x dpr and the style scaled by dpr, so text is crisp at any ratio. A ratio change (zoom, another
// monitor) rebuilds the font atlas.
// ---------------------------------------------------------------------------------------------------------------
void BuildFonts(float scale) {
  static const ImWchar kRanges[] = {
      0x0020, 0x00FF,  // Basic Latin, Latin-1 Supplement
      0x0100, 0x017F,  // Latin Extended-A
      0x0370, 0x03FF,  // Greek (alpha, beta, mu in notes)
      0x2000, 0x206F,  // General Punctuation (dashes, curly quotes, bullets)
      0x20A0, 0x20CF,  // Currency symbols
      0x2100, 0x215F,  // Letterlike symbols, number forms
      0x2190, 0x21FF,  // Arrows
      0x2200, 0x22FF,  // Mathematical operators (<=, >=)
      0xFFFD, 0xFFFD,  // replacement character
      0,
  };
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  ImFontConfig config;
  config.OversampleH = scale >= 2.0f ? 1 : 2;  // sub-pixel positioning needs oversampling only at low dpr
  config.PixelSnapH = false;
  if (!io.Fonts->AddFontFromFileTTF(kFontPath, std::round(kFontCssPx * scale), &config, kRanges)) {
    ImFontConfig fallback;
    fallback.SizePixels = std::round(13.0f * scale);
    io.Fonts->AddFontDefault(&fallback);
  }
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
  g_font_scale = scale;
}

void UpdateCanvas() {
  double css_w = 0, css_h = 0;
  emscripten_get_element_css_size("#canvas", &css_w, &css_h);
  const float dpr = static_cast<float>(emscripten_get_device_pixel_ratio());
  const int w = static_cast<int>(std::lround(css_w * dpr)), h = static_cast<int>(std::lround(css_h * dpr));
  if (w > 0 && h > 0 && (w != g_fb_w || h != g_fb_h)) {
    // Not glfwSetWindowSize: Emscripten's GLFW goes fullscreen when the size equals the screen's.
    EM_ASM({ Browser.setCanvasSize($0, $1); }, w, h);
    Wake();
    g_fb_w = w;
    g_fb_h = h;
  }
  g_ui.scale = dpr;
  if (dpr != g_font_scale) BuildFonts(dpr);
  if (dpr != g_style_scale || g_session.theme() != g_style_theme) {
    ui::ApplyTheme(g_session.theme(), dpr);
    g_style_scale = dpr;
    g_style_theme = g_session.theme();
    EM_ASM({ document.documentElement.dataset.theme = $0 ? "dark" : "light"; },
           g_style_theme == medcode::app::Theme::kDark ? 1 : 0);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Frame
// ---------------------------------------------------------------------------------------------------------------
void Frame() {
  UpdateCanvas();
  const double now = g_host.Now();
  if (g_session.busy()) Wake();  // work done a part per frame (the search index) goes on at full rate
  if (!g_first_frame && g_input.empty() && now >= g_awake_until && now - g_last_draw < kIdleFrameSeconds) {
    MaybeStartSync();  // the canvas keeps showing the last frame
    return;
  }
  g_last_draw = now;
  ReplayInput();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  ui::DrawFrame(g_session, g_ui, g_host);
  ImGui::Render();
  int w = 0, h = 0;
  glfwGetFramebufferSize(g_window, &w, &h);
  glViewport(0, 0, w, h);
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  MaybeStartSync();
  if (g_first_frame) {
    g_first_frame = false;
    EM_ASM({ Medcode.firstFrame(); });
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Exports to JavaScript (web/medcode.js and the browser tests). Each returns normally whatever happens:
// errors become status messages.
// ---------------------------------------------------------------------------------------------------------------
extern "C" {

// IDBFS finished loading IndexedDB into /data: only now may the database be opened.
EMSCRIPTEN_KEEPALIVE void medcode_fs_ready(const char* error) {
  Wake();
  if (error && *error) {
    g_session.SetStatus(medcode::app::Severity::kError,
                        std::string("Could not load saved work from browser storage: ") + error);
  }
  g_session.OpenStore(kStorePath);
}

// shell.js fetched the code-set pack into the in-memory file system at `path` (or failed with `error`).
EMSCRIPTEN_KEEPALIVE void medcode_on_codesets(const char* path, const char* error) {
  Wake();
  g_session.LoadCodeSets(path ? path : "", error ? error : "");
}

EMSCRIPTEN_KEEPALIVE void medcode_sync_done(double revision, const char* error) {
  Wake();
  const bool ok = !error || !*error;
  g_session.OnSyncFinished(static_cast<uint64_t>(revision), ok, ok ? "" : error, g_host.Now());
}

// The page is being hidden or unloaded: write the open note and sync now (the frame loop stops in hidden tabs).
EMSCRIPTEN_KEEPALIVE void medcode_on_page_hide() {
  g_session.CommitEdits();
  g_session.RequestSyncNow();
  MaybeStartSync();
}

// Whether closing the page now could lose work, after committing the note and starting a sync: the last save failed,
// the database could not be opened (work is in memory only), or writes are waiting behind a sync still running.
EMSCRIPTEN_KEEPALIVE int medcode_unload_would_lose_work() {
  medcode_on_page_hide();
  const medcode::app::SaveState state = g_session.save_state();
  if (state == medcode::app::SaveState::kFailed || state == medcode::app::SaveState::kReadOnly) return 1;
  return g_session.sync_in_flight() && g_sync_revision < g_session.committed_revision() ? 1 : 0;
}

EMSCRIPTEN_KEEPALIVE void medcode_set_online(int online) {
  Wake();
  g_session.SetOnline(online != 0);
}

// Text from the browser's paste event (Ctrl+V or the browser's own Paste). A focused text field takes it through
// ImGui's paste; with no field focused it goes into the open note.
EMSCRIPTEN_KEEPALIVE void medcode_on_paste(const char* text) {
  Wake();
  g_clipboard = medcode::engine::SanitizeUtf8(text ? text : "");
  if (!ImGui::GetIO().WantTextInput) {
    g_session.AppendToDocument(g_clipboard);
    return;
  }
  if (!CtrlVQueued()) {
    // Paste from the browser's menu: no Ctrl+V reached us, so play one for the focused field.
    g_input.push_back({false, GLFW_KEY_LEFT_CONTROL, 0, GLFW_PRESS, GLFW_MOD_CONTROL, 0});
    g_input.push_back({false, GLFW_KEY_V, 0, GLFW_PRESS, GLFW_MOD_CONTROL, 0});
    g_input.push_back({false, GLFW_KEY_V, 0, GLFW_RELEASE, GLFW_MOD_CONTROL, 0});
    g_input.push_back({false, GLFW_KEY_LEFT_CONTROL, 0, GLFW_RELEASE, 0, 0});
  }
}

// A file the user chose or dropped, written by shell.js to `path` in the in-memory file system.
// `purpose` is a ui::FilePurpose (what the user chose the file for), or -1 for a file dropped on the page: an X12
// interchange is imported as a remittance or acknowledgement, anything else opens as a note.
EMSCRIPTEN_KEEPALIVE void medcode_on_file(int purpose, const char* path, const char* name) {
  Wake();
  std::string bytes;
  if (FILE* f = std::fopen(path, "rb")) {
    char buf[1 << 16];
    size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) bytes.append(buf, n);
    std::fclose(f);
    std::remove(path);
    if (purpose == static_cast<int>(ui::FilePurpose::kCptDescriptors)) {
      g_session.ImportCptDescriptors(name, bytes);
    } else if (purpose == static_cast<int>(ui::FilePurpose::kClaimsFile)) {
      g_session.ImportClaimsFile(name, bytes);
    } else if (purpose < 0) {
      g_session.OpenDroppedFile(name, bytes);
    } else {
      g_session.LoadDocument(name, bytes);
    }
  } else {
    g_session.SetStatus(medcode::app::Severity::kError, std::string("Could not read the file ") + name);
  }
}

EMSCRIPTEN_KEEPALIVE void medcode_set_status_error(const char* text) {
  Wake();
  g_session.SetStatus(medcode::app::Severity::kError, text ? text : "");
}

// Largest file medcode.js hands over (bigger files are cut to this + 1 byte so the engine reports them).
EMSCRIPTEN_KEEPALIVE double medcode_max_document_bytes() {
  return static_cast<double>(medcode::engine::kMaxDocumentBytes);
}

// The probe: what is on screen and in the session, as JSON, for tests.
EMSCRIPTEN_KEEPALIVE const char* medcode_probe() {
  g_probe = ui::ProbeJson(g_session, g_ui);
  return g_probe.c_str();
}

}  // extern "C"

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] main
// ---------------------------------------------------------------------------------------------------------------
int main() {
  if (!glfwInit()) {
    EM_ASM({ Medcode.fatal("This browser could not start the graphics layer (GLFW)."); });
    return 1;
  }
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  glfwWindowHint(GLFW_DEPTH_BITS, 0);  // ImGui needs neither: a plain context starts faster
  glfwWindowHint(GLFW_STENCIL_BITS, 0);
  g_window = glfwCreateWindow(1280, 800, "Medcode", nullptr, nullptr);
  if (!g_window) {
    EM_ASM({ Medcode.fatal("Medcode needs WebGL 2, which this browser did not provide."); });
    return 1;
  }
  glfwMakeContextCurrent(g_window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // layout is stored in the user's database, not an ini file
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  // Installed before the backend's, which chain to them.
  glfwSetCursorPosCallback(g_window, OnCursorPos);
  glfwSetMouseButtonCallback(g_window, OnMouseButton);
  ImGui_ImplGlfw_InitForOpenGL(g_window, true);
  // Replace the backend's key/char callbacks with the queue (see above), and its scroll callback with the wheel
  // conversion; keep its mouse callbacks.
  glfwSetScrollCallback(g_window, OnScroll);
  glfwSetKeyCallback(g_window, OnKey);
  glfwSetCharCallback(g_window, OnChar);
  ImGui_ImplOpenGL3_Init("#version 300 es");
  io.GetClipboardTextFn = GetClipboard;
  io.SetClipboardTextFn = SetClipboard;

  EM_ASM({ Medcode.mountStorage(UTF8ToString($0)); }, kDataDir);
  emscripten_set_main_loop(Frame, 0, true);
  return 0;
}
