// code_browser.h: the state and the data of the two code browsers, with no UI: the index browser (Ctrl+I: the
// ICD-10-CM Alphabetic Index, Neoplasm Table, Drug Table and External Cause Index as trees of main term > subterms,
// following see / see also) and the tabular browser (Ctrl+T / Alt+T: chapter > section > category > codes with every
// level's instructional notes). The ImGui windows (ui/code_browsers.cpp) draw these models and turn keys and clicks
// into their commands; everything here is tested natively against the real pack (tests/app/code_browser_test.cpp).
//
// Both trees load lazily: a node's children are read from the pack the first time they are needed (expanded, or a
// row drawn that must say whether it can expand). Nodes live in a std::deque, so references stay valid while
// children are appended; `rows()` lists the visible nodes (the expanded part of the tree) in display order.
//
// [SECTION] Tree rows (what both browsers share)
// [SECTION] Index browser
// [SECTION] Tabular browser
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <set>
#include <string>
#include <vector>

#include "app/code_detail.h"
#include "engine/codeset_index.h"
#include "engine/codeset_pack.h"
#include "engine/codeset_tabular.h"

namespace medcode::app {

// The ICD-10-CM fiscal year to judge billable / header by: the date of service's (when it is a date within the
// editions loaded), else the newest edition loaded.
int BrowserFiscalYear(const std::string& date_of_service);

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Tree rows (what both browsers share)
// ---------------------------------------------------------------------------------------------------------------

// The tree part of a browser, written once for both: the nodes, the visible rows, the selection and the commands
// that expand, collapse and move through them. `Node` has `parent`, `depth`, `children`, `children_loaded` and
// `expanded` (IndexNode, TabularNode). A browser derives from it and supplies how a node's children are read from
// the pack (LoadChildren). Defined in code_browser.cpp for the two node types.
template <typename Node>
class TreeRows {
 public:
  const std::deque<Node>& nodes() const { return m_nodes; }
  const std::vector<int>& rows() const { return m_rows; }  // visible nodes, in display order
  int selected_row() const { return m_selected; }          // -1 when no row is selected
  const Node* SelectedNode() const;
  // Set when the selection moved by a command (not by a click): the UI scrolls it into view once and clears it.
  bool scroll_to_selected = false;

  bool HasChildren(const engine::CodeSetPack& pack, int node);  // loads the node's children first
  void Select(int row);           // clamps; -1 clears
  void MoveSelection(int delta);  // arrows (±1), page keys (±n), Home / End (very large)
  // Right: expands the selected node, or moves to its first child when it is expanded already.
  void Right(const engine::CodeSetPack& pack);
  // Left: collapses the selected node, or moves to its parent.
  void Left();
  void Toggle(const engine::CodeSetPack& pack, int node);  // a click on the arrow
  void Expand(const engine::CodeSetPack& pack, int node);
  void Collapse(int node);

 protected:
  // Reads the node's children from the pack the first time it is called for the node (sets children_loaded).
  virtual void LoadChildren(const engine::CodeSetPack& pack, int node) = 0;
  // Called when Select moves the selection to another row.
  virtual void SelectionChanged() {}
  void ClearTree();  // no nodes, roots, rows or selection
  int AddNode(Node node);
  // Lists the visible rows again after nodes were expanded or collapsed, keeping the selection on its node.
  void RebuildRows();
  void SelectNode(int node);  // selects the node's row when it is visible, and scrolls to it

  std::deque<Node> m_nodes;
  std::vector<int> m_roots;
  std::vector<int> m_rows;
  int m_selected = -1;
};

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Index browser
// ---------------------------------------------------------------------------------------------------------------

// One term of the index shown in the browser.
struct IndexNode {
  engine::IndexTerm term;
  // The Neoplasm / Drug Table's six code columns (cells[column - 1]); all kNone for the other trees.
  std::array<engine::IndexCode, engine::kTableColumns> cells;
  bool cells_loaded = false;
  // For a root that is not a main term (a neoplasm site found by the filter, an entry leading to a code): the path
  // above it ("Neoplasm, neoplastic > lung"), shown dimmed before the term; "" otherwise.
  std::string above;
  int parent = -1;  // index into nodes(), -1 for a root
  int depth = 0;    // 0 for a root
  std::vector<int> children;
  bool children_loaded = false;
  bool expanded = false;
  bool target = false;  // leads to the code the browser was opened at, or where a see reference led
  bool IsTable() const {
    return term.tree == engine::IndexTree::kNeoplasm || term.tree == engine::IndexTree::kDrug;
  }
};

// What following a see / see-also text did.
struct IndexFollow {
  enum class Kind {
    kJumped,     // the browser now shows the referenced term (selected)
    kTabular,    // the text names a place in the Tabular List: open the tabular browser at `code`
    kNothing,    // an instruction ("see condition") or nothing found: `IndexBrowser::message()` says so
  };
  Kind kind = Kind::kNothing;
  std::string code;
};

class IndexBrowser : public TreeRows<IndexNode> {
 public:
  // Main terms listed for a filter (the Drug Table has 5,000, the index 8,000): the coder narrows by typing.
  static constexpr int kMainTermLimit = 300;
  // Entries listed when opened at a code (IndexEntriesForCode).
  static constexpr int kEntriesLimit = 60;

  // --- what is shown ---
  engine::IndexTree tree() const { return m_tree; }
  const std::string& filter() const { return m_filter; }
  // The code the browser was opened at and shows the entries of ("" when browsing by main term).
  const std::string& code() const { return m_code; }
  // One line for the coder when there is something to say ("No main term starts with ...", where a see led).
  const std::string& message() const { return m_message; }
  bool more() const { return m_more; }  // the filter matched more main terms than are listed

  // The selected table column (1..6) of a table row (the first printed one until Tab moves it), 0 for the term's
  // own code.
  int selected_column() const;

  // --- commands ---
  // Shows `tree` with the current filter (the opened-at code is left).
  void SetTree(const engine::CodeSetPack& pack, engine::IndexTree tree);
  // Lists the main terms (tables: the rows) whose text starts with `text`; a single match opens.
  void SetFilter(const engine::CodeSetPack& pack, const std::string& text);
  // Shows the index entries that lead to `code` (any tree) expanded down to them, the first selected; a code no
  // entry leads to keeps the current tree and says so. `code` "" shows the tree unfiltered.
  void OpenAtCode(const engine::CodeSetPack& pack, const std::string& code);
  // Follows a see / see-also text printed on a term of `tree`.
  IndexFollow FollowReference(const engine::CodeSetPack& pack, engine::IndexTree tree, const std::string& text);
  // Back to what was shown before the last jump (a followed reference, a new filter or code); false if none.
  bool Back(const engine::CodeSetPack& pack);
  bool CanGoBack() const { return !m_history.empty(); }

  // Loads what rows [first, last) need to be drawn: whether each can expand, table cells.
  void Prepare(const engine::CodeSetPack& pack, int first, int last);

  void SelectColumn(int delta);     // Tab / Shift+Tab on a table row: the next / previous printed cell
  void SetColumn(int column) { m_column = column; }

  // "Diabetes, diabetic > type 2 > with > polyneuropathy": where the selected row is (from the rows loaded).
  std::string SelectedPathText() const;
  // The code Enter takes on the selected row (the term's code; a table row's selected cell), "" when none. A partial
  // code ("E11.4-") gives the code it starts ("E11.4").
  std::string SelectedCode() const;

 private:
  struct Snapshot {
    engine::IndexTree tree;
    std::string filter;
    std::string code;
    std::set<int64_t> expanded;
    int64_t selected_term = 0;
  };
  void Remember();
  void ShowCode(const engine::CodeSetPack& pack, const std::string& code);  // OpenAtCode without remembering
  void Clear();
  void LoadChildren(const engine::CodeSetPack& pack, int node) override;
  void SelectionChanged() override { m_column = 0; }  // the first printed cell (its cells may load later)
  void LoadCells(const engine::CodeSetPack& pack, int node);
  void ListRoots(const engine::CodeSetPack& pack);
  // Expands the path of term ids (main term first) below the roots; returns the node of the last one, or -1.
  int ExpandPath(const engine::CodeSetPack& pack, const std::vector<engine::IndexTerm>& path);
  int RootOf(int64_t term_id) const;
  int FirstColumn(const IndexNode& n) const;

  engine::IndexTree m_tree = engine::IndexTree::kIndex;
  std::string m_filter;
  std::string m_code;
  std::string m_message;
  bool m_more = false;
  int m_column = 0;
  std::vector<Snapshot> m_history;
};

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Tabular browser
// ---------------------------------------------------------------------------------------------------------------

enum class TabularLevel { kChapter, kSection, kCode };

// One heading's notes ("Excludes1" with its lines), as the tabular prints them under a chapter, section or code.
struct TabularNoteGroup {
  std::string kind;  // "Excludes1", "Code first", "Inclusion terms", ...
  std::vector<DetailNote> lines;  // text and the codes it names (DetailNote::links); `from` is ""
};

struct TabularNode {
  TabularLevel level = TabularLevel::kCode;
  std::string id;     // "4", "E08-E13", "E11.42"
  std::string title;  // chapter or section title, code description
  engine::IcdCode icd;  // kCode: the pack's record
  int parent = -1;
  int depth = 0;
  std::vector<int> children;
  bool children_loaded = false;
  bool expanded = false;
  // The notes the tabular puts here itself, and the 7th characters when the sevenChrDef is here (loaded once).
  bool notes_loaded = false;
  std::vector<TabularNoteGroup> notes;
  std::vector<engine::IcdSeventhCharacter> seventh;
};

class TabularBrowser : public TreeRows<TabularNode> {
 public:
  // --- what is shown ---
  const std::string& message() const { return m_message; }
  int fiscal_year() const { return m_fiscal_year; }
  // "Billable", "Header", "Not valid in FY2026": the marker of a code row in fiscal_year().
  std::string CodeStatus(const TabularNode& node) const;

  // --- commands ---
  // Builds the chapters (once per pack); the fiscal year judges billable / header.
  void Load(const engine::CodeSetPack& pack, int fiscal_year);
  // Expands chapter > section(s) > category > ... down to `code` (dotted or not) and selects it; a code that is not
  // in the pack selects the nearest code above it that is and says so. False (and a message) when nothing matched.
  bool OpenAt(const engine::CodeSetPack& pack, const std::string& code);
  // Back to the node selected before the last OpenAt; false if none.
  bool Back(const engine::CodeSetPack& pack);
  bool CanGoBack() const { return !m_history.empty(); }

  void Prepare(const engine::CodeSetPack& pack, int node);  // loads its notes and whether it can expand
  // The code of the selected row ("" for a chapter or section).
  std::string SelectedCode() const;
  // The ids from the chapter down to the selected node: {"4", "E08-E13", "E11", "E11.4", "E11.42"}.
  std::vector<std::string> SelectedPath() const;

 private:
  bool Show(const engine::CodeSetPack& pack, const std::string& code, bool remember);
  void LoadChildren(const engine::CodeSetPack& pack, int node) override;
  void LoadNotes(const engine::CodeSetPack& pack, int node);
  int FindChild(const engine::CodeSetPack& pack, int node, const std::string& id);

  const engine::CodeSetPack* m_pack = nullptr;  // the pack the chapters were built from (identity only)
  int m_fiscal_year = engine::kLastIcdFiscalYear;
  std::string m_message;
  std::vector<std::string> m_history;  // codes / ids selected before each OpenAt
};

}  // namespace medcode::app
