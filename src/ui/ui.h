// ui.h: the Dear ImGui front end. DrawFrame() draws the whole screen from an app::Session and turns clicks and keys
// into Session commands. The UI keeps only view state (panel sizes, which panel has focus); everything a user
// enters lives in the Session. The platform layer implements Host and calls DrawFrame() once per frame.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "app/code_browser.h"
#include "app/session.h"
#include "ui/probe.h"

namespace medcode::ui {

// Shortcut keys ImGui 1.86 has no ImGuiKey_ for. The platform maps them to its backend's key indices (ImGui 1.86
// indexes io.KeysDown by backend key code); arrows, Enter, Esc, Delete go through io.KeyMap as usual.
enum class Key { kE, kI, kK, kN, kO, kS, kT, kF6, kB, kC, kP, kX };

// What a file the user picks is for.
enum class FilePurpose {
  kNote,            // a clinical note: Session::LoadDocument
  kCptDescriptors,  // the user's licensed CPT descriptor file: Session::ImportCptDescriptors
  kClaimsFile,      // an 835, 999 or 277CA: Session::ImportClaimsFile
};

// What the UI needs from the platform.
class Host {
 public:
  virtual ~Host() = default;
  virtual double Now() = 0;              // seconds, monotonic
  virtual int KeyIndex(Key key) = 0;     // index into ImGuiIO::KeysDown
  // Shows the browser's file chooser; the file arrives via the Session command for `purpose`.
  virtual void OpenFilePicker(FilePurpose purpose) = 0;
  // Offers a file the app made (an 837P, a CMS-1500 PDF) as a download.
  virtual void Download(const app::Download& file) = 0;
};

// kClaims replaces kDocument and kCodes in the Claims view (F6 skips the panels not shown).
enum class Panel { kWorklist, kDocument, kCodes, kFindings, kClaims, kCount };

// What the centre and right of the screen show: the coding panels (Document, Codes) or the Claims view.
enum class View { kCoding, kClaims };

// The wrapped layout of the note in the Document's read view: derived from the draft, rebuilt when it changes.
struct NoteLayout {
  uint64_t generation = ~0ull;  // Session::draft_generation() it was built for
  size_t text_bytes = 0;
  float width = -1.0f;
  float line_height = 0.0f;
  std::vector<std::pair<uint32_t, uint32_t>> lines;  // visual lines as [begin, end) byte offsets into the note
};
const char* PanelName(Panel p);

// A code browser window's view state (the trees themselves are app models in UiState).
struct BrowserWindowState {
  bool was_open = false;        // shown last frame: opening is the change from closed to shown
  unsigned return_window = 0;   // ImGuiID of the window that had focus before it opened; focused again on Esc
  bool focus_input = false;     // put keyboard focus in its text box (filter / go to code) next frame
  bool cursor_to_end = false;   // ... with the cursor after the text (type-to-filter)
  bool select_all = false;      // ... with all of it selected (typing replaces it)
  bool focus_tree = false;      // focus the window with the tree active (keys move the selection)
  bool tree_keys = false;       // the tree has the keyboard (the window is focused, its text box is not active)
  bool focused = false;         // the window had the keyboard last frame
  std::string open_at;          // a code to (re)open at next frame (the index's see link to a tabular place)
};

// View state only. Sizes are in CSS pixels (multiplied by `scale` when drawing) so they survive a dpr change.
struct UiState {
  float scale = 1.0f;  // device pixels per CSS pixel; ImGui draws in device pixels
  float worklist_width = 260.0f;
  float codes_width = 340.0f;
  float findings_height = 200.0f;  // room for the selected finding's message, fix and source row
  bool layout_loaded = false;  // sizes read from the user's settings once the store is open

  Panel focused = Panel::kDocument;     // where keyboard focus is (as of the last frame)
  Panel focus_request = Panel::kCount;  // a panel to move focus to on the next frame (kCount = none)
  bool focus_search = false;            // Ctrl+K pressed: focus the search box next frame
  // Frames during which typed characters wait in the platform's queue: keyboard focus moves one frame after it is
  // requested, and text typed right after Ctrl+K or Alt+N must reach the field that is getting focus.
  int hold_text_frames = 0;
  void RequestFocus(Panel panel) {
    focus_request = panel;
    hold_text_frames = 2;
  }
  void RequestSearchFocus() {
    focus_search = true;
    hold_text_frames = 2;
  }
  bool search_active = false;           // the search box has keyboard focus
  bool open_seventh_builder = false;    // a chosen code needs its 7th character: open the builder next
  int seventh_choice = 0;               // the builder's highlighted option
  bool show_about = false;
  // The index browser (Ctrl+I) and the tabular browser (Ctrl+T, Alt+T) open at `browser_code` (the code selected in
  // the search results, the Codes panel or the Code detail; may be empty).
  bool show_index_browser = false;
  bool show_tabular_browser = false;
  std::string browser_code;
  app::IndexBrowser index_browser;      // the index browser's tree and selection
  app::TabularBrowser tabular_browser;  // the tabular browser's tree and selection
  BrowserWindowState index_window;
  BrowserWindowState tabular_window;
  std::string tabular_goto;             // the tabular browser's "go to code" field
  bool show_about_data = false;
  bool note_read_view = false;          // Document shows the note wrapped and read-only (Ctrl+E toggles)
  std::string detail_shown;             // the code the Code detail showed last frame (scrolls to the top on change)
  bool scroll_to_code = false;          // the Codes panel scrolls its selected code into view (a finding's target)
  bool scroll_to_finding = false;       // the Findings list scrolls its selected row into view (arrow keys)
  bool ask_user_name = false;           // the "who is attesting" question is open (attesting needs a user name)
  bool focus_user_name = false;         // ... put the keyboard in its field next frame
  std::string user_name_input;          // ... what is typed there
  // The selected service line's editor in the Codes panel (Enter on the line goes into it): what is typed in
  // each field until it is committed (Enter, Tab, clicking away), and why the Session refused it.
  struct LineEditor {
    int64_t encounter = 0;
    int line = -1;
    std::string text[static_cast<size_t>(app::LineField::kCount)];
    bool edited[static_cast<size_t>(app::LineField::kCount)] = {};
    std::string refused[static_cast<size_t>(app::LineField::kCount)];
    int focus = -1;  // a field to put the keyboard in next frame
  } line_editor;
  View view = View::kCoding;
  // The Claims view's own view state (everything it shows lives in the Session).
  struct ClaimsView {
    enum class Tab { kProblems, kClaims, kDenials };
    Tab tab = Tab::kClaims;
    bool select_tab = true;         // make `tab` the selected tab (keys, a command; and on first showing)
    int problem_selection = 0;      // the open encounter's claim problems
    bool show_practice = false;     // the Practice settings dialog is open
    bool show_preview = false;      // the CMS-1500 preview window is open
    std::string preview_claim;      // ... the claim it shows, and its text (made when the claim changes)
    std::string preview_text;
    std::string practice_focus;     // a field key to put the keyboard in next frame ("billing.npi")
    std::string patient_focus;      // ... in the patient fields ("patient.member_id")
    std::string sex_text;           // the patient's sex as typed
    std::string subscriber_sex_text;  // ... the subscriber's
  } claims;
  NoteLayout note_layout;
  uint64_t seen_draft_generation = 0;   // Session::draft_generation() the note editor last showed

  Probe probe;  // widget rectangles and state for browser tests
};

void DrawFrame(app::Session& session, UiState& ui, Host& host);

// Style for a theme at a scale; call when either changes (it rebuilds the style from scratch).
void ApplyTheme(app::Theme theme, float scale);

// --- panels (one file each) ---
void DrawMenuBar(app::Session& session, UiState& ui, Host& host);
void DrawWorklistPanel(app::Session& session, UiState& ui, Host& host);
void DrawDocumentPanel(app::Session& session, UiState& ui, Host& host);
void DrawCodesPanel(app::Session& session, UiState& ui, Host& host);
void DrawFindingsPanel(app::Session& session, UiState& ui, Host& host);
void DrawStatusBar(app::Session& session, UiState& ui, Host& host);
void DrawCodeBrowsers(app::Session& session, UiState& ui, Host& host);  // index and tabular browser windows
void DrawClaimsPanel(app::Session& session, UiState& ui, Host& host);    // the Claims view (centre and right)
void DrawPracticeDialog(app::Session& session, UiState& ui, Host& host);  // Claims > Practice settings (modal)
void DrawCms1500Preview(app::Session& session, UiState& ui, Host& host);  // the selected claim's CMS-1500 boxes
// Claims commands shared by the menu, the shortcuts and the Claims panel's buttons.
void ShowClaimsView(UiState& ui, bool show);
Panel NextPanelForMenu(const UiState& ui);  // F6: the next panel the current view shows
void CreateClaim(app::Session& session, UiState& ui);
void ExportClaims(app::Session& session, Host& host, bool all_ready);
void DownloadCms1500(app::Session& session, Host& host, bool data_only);
void OpenPracticeSettings(app::Session& session, UiState& ui, const std::string& focus = "");
// The Claims view's state for tests, as probe JSON's "claims" object.
void ClaimsProbe(const app::Session& session, const UiState& ui, nlohmann::json& out);
// A code taken in a browser (a code link clicked, Enter on a code): assigned to the open encounter, as Enter in the
// search box does, and shown in the Code detail.
void PickCode(app::Session& session, UiState& ui, const std::string& code);
// The browsers' state for tests, as probe JSON's "browsers" object.
void BrowsersProbe(const UiState& ui, nlohmann::json& out);

}  // namespace medcode::ui
