// code_browser.cpp: the index browser's and the tabular browser's state and data (see code_browser.h).
//
// [SECTION] Helpers
// [SECTION] Tree rows (what both browsers share)
// [SECTION] Index browser: listing and loading
// [SECTION] Index browser: opening at a code, following see / see also, back
// [SECTION] Index browser: the selected cell, path and code
// [SECTION] Tabular browser: the outline (chapters, sections, categories)
// [SECTION] Tabular browser: codes, notes, opening at a code
// [SECTION] Tabular browser: the selected code
#include "app/code_browser.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <utility>

#include "engine/date.h"

namespace medcode::app {

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Helpers
// ---------------------------------------------------------------------------------------------------------------

namespace {

std::string Trimmed(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && Lower(text.substr(0, prefix.size())) == Lower(prefix);
}

// A code the coder can take from an index cell: a code of the pack, or the code a partial code ("E11.4-") starts.
bool Takeable(const engine::IndexCode& c) {
  return c.kind == engine::IndexCodeKind::kCode || c.kind == engine::IndexCodeKind::kPrefix;
}

// "Diabetes mellitus (E08-E13)" -> "Diabetes mellitus" when the range repeats `id`.
std::string WithoutRange(const std::string& title, const std::string& id) {
  const std::string suffix = " (" + id + ")";
  if (title.size() > suffix.size() && title.compare(title.size() - suffix.size(), suffix.size(), suffix) == 0) {
    return title.substr(0, title.size() - suffix.size());
  }
  return title;
}

}  // namespace

int BrowserFiscalYear(const std::string& date_of_service) {
  auto date = engine::ParseDate(date_of_service);
  if (date_of_service.empty() || !date.ok()) return engine::kLastIcdFiscalYear;
  const int fy = engine::FiscalYear(*date);
  return fy >= engine::kFirstIcdFiscalYear && fy <= engine::kLastIcdFiscalYear ? fy : engine::kLastIcdFiscalYear;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Tree rows (what both browsers share)
// ---------------------------------------------------------------------------------------------------------------

template <typename Node>
const Node* TreeRows<Node>::SelectedNode() const {
  return m_selected >= 0 && m_selected < static_cast<int>(m_rows.size()) ? &m_nodes[m_rows[m_selected]] : nullptr;
}

template <typename Node>
void TreeRows<Node>::ClearTree() {
  m_nodes.clear();
  m_roots.clear();
  m_rows.clear();
  m_selected = -1;
}

template <typename Node>
int TreeRows<Node>::AddNode(Node node) {
  m_nodes.push_back(std::move(node));
  return static_cast<int>(m_nodes.size()) - 1;
}

template <typename Node>
bool TreeRows<Node>::HasChildren(const engine::CodeSetPack& pack, int node) {
  LoadChildren(pack, node);
  return !m_nodes[node].children.empty();
}

template <typename Node>
void TreeRows<Node>::RebuildRows() {
  const int selected_node = m_selected >= 0 && m_selected < static_cast<int>(m_rows.size()) ? m_rows[m_selected] : -1;
  m_rows.clear();
  // Depth-first over the expanded part, without recursion (paths can be 8 levels deep; trees thousands of rows).
  std::vector<int> stack(m_roots.rbegin(), m_roots.rend());
  while (!stack.empty()) {
    const int n = stack.back();
    stack.pop_back();
    m_rows.push_back(n);
    if (m_nodes[n].expanded) stack.insert(stack.end(), m_nodes[n].children.rbegin(), m_nodes[n].children.rend());
  }
  m_selected = -1;
  // Keep the selection on the same node, or on its nearest visible ancestor when it was folded away.
  for (int n = selected_node; n >= 0 && m_selected < 0; n = m_nodes[n].parent) {
    auto it = std::find(m_rows.begin(), m_rows.end(), n);
    if (it != m_rows.end()) m_selected = static_cast<int>(it - m_rows.begin());
    if (m_nodes[n].depth == 0) break;  // a root shown away from its parent (a neoplasm site with `above`)
  }
}

template <typename Node>
void TreeRows<Node>::Select(int row) {
  const int before = m_selected;
  m_selected = m_rows.empty() || row < 0 ? -1 : std::min(row, static_cast<int>(m_rows.size()) - 1);
  if (m_selected != before) SelectionChanged();
}

template <typename Node>
void TreeRows<Node>::SelectNode(int node) {
  auto it = std::find(m_rows.begin(), m_rows.end(), node);
  if (it == m_rows.end()) return;
  Select(static_cast<int>(it - m_rows.begin()));
  scroll_to_selected = true;
}

template <typename Node>
void TreeRows<Node>::MoveSelection(int delta) {
  if (m_rows.empty()) return;
  const int n = static_cast<int>(m_rows.size());
  // From no selection, Down starts at the first row and Up at the last.
  const int from = m_selected < 0 ? (delta > 0 ? -1 : n) : m_selected;
  const long long to = static_cast<long long>(from) + delta;
  Select(static_cast<int>(std::clamp<long long>(to, 0, n - 1)));
  scroll_to_selected = true;
}

template <typename Node>
void TreeRows<Node>::Expand(const engine::CodeSetPack& pack, int node) {
  if (node < 0 || node >= static_cast<int>(m_nodes.size())) return;
  LoadChildren(pack, node);
  if (m_nodes[node].children.empty() || m_nodes[node].expanded) return;
  m_nodes[node].expanded = true;
  RebuildRows();
}

template <typename Node>
void TreeRows<Node>::Collapse(int node) {
  if (node < 0 || node >= static_cast<int>(m_nodes.size()) || !m_nodes[node].expanded) return;
  m_nodes[node].expanded = false;
  RebuildRows();
}

template <typename Node>
void TreeRows<Node>::Toggle(const engine::CodeSetPack& pack, int node) {
  if (node < 0 || node >= static_cast<int>(m_nodes.size())) return;
  if (m_nodes[node].expanded) {
    Collapse(node);
  } else {
    Expand(pack, node);
  }
}

template <typename Node>
void TreeRows<Node>::Right(const engine::CodeSetPack& pack) {
  if (m_selected < 0) {
    MoveSelection(1);
    return;
  }
  const int node = m_rows[m_selected];
  if (!m_nodes[node].expanded) {
    Expand(pack, node);
  } else if (!m_nodes[node].children.empty()) {
    MoveSelection(1);  // the first child is the next row
  }
  scroll_to_selected = true;
}

template <typename Node>
void TreeRows<Node>::Left() {
  if (m_selected < 0) return;
  const int node = m_rows[m_selected];
  if (m_nodes[node].expanded) {
    Collapse(node);
  } else if (m_nodes[node].parent >= 0 && m_nodes[node].depth > 0) {  // not a root shown away from its parent
    SelectNode(m_nodes[node].parent);
  }
  scroll_to_selected = true;
}

// The two trees there are (the definitions above are compiled here only).
template class TreeRows<IndexNode>;
template class TreeRows<TabularNode>;

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Index browser: listing and loading
// ---------------------------------------------------------------------------------------------------------------

void IndexBrowser::Clear() {
  ClearTree();
  m_column = 0;
  m_more = false;
  m_message.clear();
}

void IndexBrowser::LoadChildren(const engine::CodeSetPack& pack, int node) {
  if (m_nodes[node].children_loaded) return;
  m_nodes[node].children_loaded = true;
  const int depth = m_nodes[node].depth + 1;
  for (engine::IndexTerm& t : engine::IndexChildren(pack, m_nodes[node].term.id)) {
    IndexNode child;
    child.term = std::move(t);
    child.parent = node;
    child.depth = depth;
    const int index = AddNode(std::move(child));
    m_nodes[node].children.push_back(index);
  }
}

void IndexBrowser::LoadCells(const engine::CodeSetPack& pack, int node) {
  IndexNode& n = m_nodes[node];
  if (n.cells_loaded) return;
  n.cells_loaded = true;
  if (!n.IsTable()) return;
  if (auto row = engine::LookupTableRow(pack, n.term.id); row.ok()) n.cells = row->cells;
}

void IndexBrowser::Prepare(const engine::CodeSetPack& pack, int first, int last) {
  first = std::max(first, 0);
  last = std::min(last, static_cast<int>(m_rows.size()));
  for (int r = first; r < last; ++r) {
    LoadChildren(pack, m_rows[r]);
    LoadCells(pack, m_rows[r]);
  }
}

void IndexBrowser::ListRoots(const engine::CodeSetPack& pack) {
  Clear();
  const std::string filter = Trimmed(m_filter);
  if (m_tree == engine::IndexTree::kNeoplasm) {
    // One main term; its sites are what the coder looks for. A filter lists the sites starting with it, and the
    // deeper rows named exactly so ("lung" under "bronchus").
    auto mains = engine::IndexMainTerms(pack, m_tree, "", 1);
    if (mains.empty()) {
      m_message = "The pack has no Neoplasm Table.";
      return;
    }
    IndexNode main;
    main.term = mains[0];
    const int root = AddNode(std::move(main));
    if (filter.empty()) {
      m_roots.push_back(root);
      Expand(pack, root);
    } else {
      LoadChildren(pack, root);
      for (int child : m_nodes[root].children) {
        if (!StartsWithNoCase(m_nodes[child].term.term, filter)) continue;
        m_nodes[child].above = m_nodes[root].term.term;
        m_nodes[child].depth = 0;
        m_roots.push_back(child);
      }
      for (engine::TableRow& row : engine::NeoplasmRows(pack, filter)) {
        if (row.term.level < 2) continue;  // level 1: listed above
        IndexNode n;
        const size_t cut = row.path.rfind(" > ");
        n.above = cut == std::string::npos ? "" : row.path.substr(0, cut);
        n.term = std::move(row.term);
        n.cells = row.cells;
        n.cells_loaded = true;
        m_roots.push_back(AddNode(std::move(n)));
      }
    }
  } else {
    auto mains = engine::IndexMainTerms(pack, m_tree, filter, kMainTermLimit + 1);
    m_more = static_cast<int>(mains.size()) > kMainTermLimit;
    if (m_more) mains.pop_back();
    for (engine::IndexTerm& t : mains) {
      IndexNode n;
      n.term = std::move(t);
      m_roots.push_back(AddNode(std::move(n)));
    }
  }
  if (m_roots.empty() && !filter.empty()) {
    m_message = std::string("No ") + (m_tree == engine::IndexTree::kNeoplasm ? "site" : "main term") + " of the " +
                engine::IndexTreeName(m_tree) + " starts with \"" + filter + "\".";
  }
  if (m_roots.size() == 1 && !m_nodes[m_roots[0]].expanded) Expand(pack, m_roots[0]);  // a single match opens
  RebuildRows();
}

void IndexBrowser::SetTree(const engine::CodeSetPack& pack, engine::IndexTree tree) {
  m_tree = tree;
  m_code.clear();
  ListRoots(pack);
}

void IndexBrowser::SetFilter(const engine::CodeSetPack& pack, const std::string& text) {
  m_filter = text;
  m_code.clear();
  ListRoots(pack);
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Index browser: opening at a code, following see / see also, back
// ---------------------------------------------------------------------------------------------------------------

int IndexBrowser::RootOf(int64_t term_id) const {
  for (int r : m_roots) {
    if (m_nodes[r].term.id == term_id) return r;
  }
  return -1;
}

int IndexBrowser::ExpandPath(const engine::CodeSetPack& pack, const std::vector<engine::IndexTerm>& path) {
  // The path may start above the roots (a neoplasm site listed on its own): begin at the deepest part that is one.
  size_t i = 0;
  int node = -1;
  for (size_t k = 0; k < path.size() && node < 0; ++k) {
    node = RootOf(path[k].id);
    i = k;
  }
  if (node < 0) return -1;
  for (++i; i < path.size(); ++i) {
    LoadChildren(pack, node);
    int next = -1;
    for (int c : m_nodes[node].children) {
      if (m_nodes[c].term.id == path[i].id) next = c;
    }
    if (next < 0) break;
    m_nodes[node].expanded = true;
    node = next;
  }
  RebuildRows();
  return node;
}

void IndexBrowser::Remember() {
  if (m_nodes.empty()) return;
  Snapshot s{m_tree, m_filter, m_code, {}, 0};
  for (const IndexNode& n : m_nodes) {
    if (n.expanded) s.expanded.insert(n.term.id);
  }
  if (const IndexNode* n = SelectedNode()) s.selected_term = n->term.id;
  m_history.push_back(std::move(s));
  constexpr size_t kHistory = 50;  // jumps kept for Back
  if (m_history.size() > kHistory) m_history.erase(m_history.begin());
}

void IndexBrowser::OpenAtCode(const engine::CodeSetPack& pack, const std::string& code) {
  if (!m_code.empty() && m_code == engine::NormalizeIcdCode(Trimmed(code))) {
    // Opened at the code shown already: back to its first entry, nothing to remember.
    for (size_t r = 0; r < m_rows.size(); ++r) {
      if (m_nodes[m_rows[r]].target) {
        SelectNode(m_rows[r]);
        break;
      }
    }
    return;
  }
  Remember();
  ShowCode(pack, code);
}

void IndexBrowser::ShowCode(const engine::CodeSetPack& pack, const std::string& code) {
  const std::string wanted = engine::NormalizeIcdCode(Trimmed(code));
  m_filter.clear();  // the entries replace the main-term list; typing starts a new filter
  if (wanted.empty()) {
    m_code.clear();
    ListRoots(pack);
    return;
  }
  std::vector<engine::IndexHit> hits = engine::IndexEntriesForCode(pack, wanted, kEntriesLimit);
  if (hits.empty()) {
    m_code.clear();
    ListRoots(pack);
    m_message = "No index entry leads to " + wanted + " or a code above it; browse by main term.";
    return;
  }
  Clear();
  m_code = wanted;
  int exact = 0;
  int first_target = -1;
  for (const engine::IndexHit& hit : hits) {
    exact += hit.exact ? 1 : 0;
    const std::vector<engine::IndexTerm> path = engine::IndexTermPath(pack, hit.term.id);
    if (path.empty()) continue;
    // The Neoplasm Table has one main term: start at the site, with the main term shown above it.
    const size_t top = path[0].tree == engine::IndexTree::kNeoplasm && path.size() > 1 ? 1 : 0;
    if (RootOf(path[top].id) < 0) {
      IndexNode root;
      root.term = path[top];
      if (top == 1) root.above = path[0].term;
      m_roots.push_back(AddNode(std::move(root)));
    }
    const int node = ExpandPath(pack, path);
    if (node < 0) continue;
    m_nodes[node].target = true;
    if (first_target < 0) first_target = node;
  }
  RebuildRows();
  SelectNode(first_target);
  m_message = std::to_string(exact) + (exact == 1 ? " entry names " : " entries name ") + wanted;
  if (static_cast<int>(hits.size()) > exact) {
    m_message += ", " + std::to_string(hits.size() - exact) + " a code above it";
  }
  if (static_cast<int>(hits.size()) >= kEntriesLimit) m_message += " (the first " + std::to_string(kEntriesLimit) + ")";
  m_message += ".";
}

IndexFollow IndexBrowser::FollowReference(const engine::CodeSetPack& pack, engine::IndexTree tree,
                                          const std::string& text) {
  IndexFollow out;
  const engine::IndexReference ref = engine::ResolveIndexReference(pack, tree, text);
  switch (ref.kind) {
    case engine::IndexReferenceKind::kTerm:
    case engine::IndexReferenceKind::kNeoplasmTable: {
      if (ref.term_id == 0) break;
      const std::vector<engine::IndexTerm> path = engine::IndexTermPath(pack, ref.term_id);
      if (path.empty()) break;
      Remember();
      m_tree = path[0].tree;
      m_code.clear();
      // The Neoplasm Table lists its sites unfiltered; elsewhere the main term itself is the filter.
      m_filter = m_tree == engine::IndexTree::kNeoplasm ? "" : path[0].term;
      ListRoots(pack);
      const int node = ExpandPath(pack, path);
      if (node < 0) break;
      m_nodes[node].target = true;
      SelectNode(node);
      m_message = "\"" + text + "\": " + engine::IndexPathText(path);
      if (ref.parts_matched < ref.parts) m_message += " (the rest is not a subterm here: look below)";
      out.kind = IndexFollow::Kind::kJumped;
      return out;
    }
    case engine::IndexReferenceKind::kDrugTable:
      Remember();
      m_tree = engine::IndexTree::kDrug;
      m_filter.clear();
      m_code.clear();
      ListRoots(pack);
      m_message = "\"" + text + "\": the Table of Drugs and Chemicals; type the substance.";
      out.kind = IndexFollow::Kind::kJumped;
      return out;
    case engine::IndexReferenceKind::kCodeRange: {
      const std::vector<engine::IcdNoteRef> refs = engine::FindIcdCodeReferences(text);
      if (!refs.empty()) {
        out.kind = IndexFollow::Kind::kTabular;
        out.code = refs[0].first;
        m_message = "\"" + text + "\": a place in the Tabular List (" + refs[0].text + ").";
        return out;
      }
      m_message = "\"" + text + "\" names a place in the Tabular List; open the tabular (Alt+T) there.";
      return out;
    }
    case engine::IndexReferenceKind::kInstruction:
      m_message = "\"" + text + "\" is an instruction: look up the condition or site itself as a main term.";
      return out;
    case engine::IndexReferenceKind::kUnresolved:
      break;
  }
  m_message = "No main term found for \"" + text + "\".";
  return out;
}

bool IndexBrowser::Back(const engine::CodeSetPack& pack) {
  if (m_history.empty()) return false;
  Snapshot s = std::move(m_history.back());
  m_history.pop_back();
  m_tree = s.tree;
  m_filter = s.filter;
  if (!s.code.empty()) {
    ShowCode(pack, s.code);
  } else {
    m_code.clear();
    ListRoots(pack);
  }
  for (auto& n : m_nodes) n.expanded = false;
  // Re-expand what was open (children load as their parents open: the deque grows while this walks it).
  for (size_t i = 0; i < m_nodes.size(); ++i) {
    if (s.expanded.count(m_nodes[i].term.id)) {
      LoadChildren(pack, static_cast<int>(i));
      m_nodes[i].expanded = !m_nodes[i].children.empty();
    }
  }
  m_selected = -1;
  RebuildRows();
  for (size_t r = 0; r < m_rows.size(); ++r) {
    if (m_nodes[m_rows[r]].term.id == s.selected_term) {
      Select(static_cast<int>(r));
      scroll_to_selected = true;
      break;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Index browser: the selected cell, path and code
// ---------------------------------------------------------------------------------------------------------------

int IndexBrowser::FirstColumn(const IndexNode& n) const {
  if (!n.IsTable()) return 0;
  for (int c = 1; c <= engine::kTableColumns; ++c) {
    if (Takeable(n.cells[c - 1])) return c;
  }
  return 0;
}

int IndexBrowser::selected_column() const {
  const IndexNode* n = SelectedNode();
  if (!n || !n->IsTable()) return 0;
  return m_column > 0 ? m_column : FirstColumn(*n);
}

void IndexBrowser::SelectColumn(int delta) {
  const IndexNode* n = SelectedNode();
  if (!n || !n->IsTable() || !n->cells_loaded) return;
  const int from = selected_column();
  for (int step = 1; step <= engine::kTableColumns; ++step) {
    const int c = ((from - 1 + delta * step) % engine::kTableColumns + engine::kTableColumns) %
                      engine::kTableColumns + 1;
    if (Takeable(n->cells[c - 1])) {
      m_column = c;
      return;
    }
  }
}

std::string IndexBrowser::SelectedPathText() const {
  const int selected = m_selected >= 0 && m_selected < static_cast<int>(m_rows.size()) ? m_rows[m_selected] : -1;
  std::vector<std::string> parts;
  for (int n = selected; n >= 0; n = m_nodes[n].parent) {
    const engine::IndexTerm& t = m_nodes[n].term;
    parts.push_back(t.term.empty() ? t.nonessential : t.term);
    if (m_nodes[n].depth == 0) {
      if (!m_nodes[n].above.empty()) parts.push_back(m_nodes[n].above);
      break;
    }
  }
  std::string out;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) out += (out.empty() ? "" : " > ") + *it;
  return out;
}

std::string IndexBrowser::SelectedCode() const {
  const IndexNode* n = SelectedNode();
  if (!n) return {};
  const int column = selected_column();
  const engine::IndexCode& c = column >= 1 && column <= engine::kTableColumns ? n->cells[column - 1] : n->term.code;
  return Takeable(c) ? c.code : std::string();
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Tabular browser: the outline (chapters, sections, categories)
// ---------------------------------------------------------------------------------------------------------------

void TabularBrowser::Load(const engine::CodeSetPack& pack, int fiscal_year) {
  m_fiscal_year = fiscal_year;
  if (m_pack == &pack && !m_nodes.empty()) return;
  m_pack = &pack;
  ClearTree();
  m_history.clear();
  m_message.clear();

  // The outline is small (22 chapters, ~300 sections, ~1,900 categories) and read in two queries. The pack's
  // icd10cm_tabular_category gives each category's tabular order, chapter and sections (codeset_tabular.cpp).
  std::map<int, int> chapter_node;
  if (auto s = pack.db().Prepare("SELECT chapter, title FROM icd10cm_chapter ORDER BY chapter"); s.ok()) {
    while (s->Step().value_or(false)) {
      TabularNode n;
      n.level = TabularLevel::kChapter;
      n.id = std::to_string(s->ColumnInt(0));
      n.title = s->ColumnText(1);
      n.children_loaded = true;  // filled below
      const int index = AddNode(std::move(n));
      chapter_node[static_cast<int>(s->ColumnInt(0))] = index;
      m_roots.push_back(index);
    }
  }
  auto s = pack.db().Prepare(
      "SELECT t.category, t.chapter, t.sections, c.description, c.valid_mask, c.billable_mask "
      "FROM icd10cm_tabular_category t LEFT JOIN icd10cm_code c ON c.code = t.category ORDER BY t.ordinal");
  if (!s.ok()) {
    m_message = "The pack has no Tabular List outline: " + s.error().message;
    RebuildRows();
    return;
  }
  std::map<std::pair<int, std::string>, int> section_node;  // (parent node, section id) -> node
  while (s->Step().value_or(false)) {
    auto chapter = chapter_node.find(static_cast<int>(s->ColumnInt(1)));
    if (chapter == chapter_node.end()) continue;
    int parent = chapter->second;
    const std::string sections = s->ColumnText(2);
    for (size_t start = 0; start < sections.size();) {
      const size_t comma = std::min(sections.find(',', start), sections.size());
      const std::string id = sections.substr(start, comma - start);
      start = comma + 1;
      auto [it, added] = section_node.try_emplace({parent, id}, -1);
      if (added) {
        TabularNode n;
        n.level = TabularLevel::kSection;
        n.id = id;
        n.title = WithoutRange(pack.SectionTitle(id), id);
        n.parent = parent;
        n.depth = m_nodes[parent].depth + 1;
        n.children_loaded = true;
        it->second = AddNode(std::move(n));
        m_nodes[parent].children.push_back(it->second);
      }
      parent = it->second;
    }
    TabularNode n;
    n.level = TabularLevel::kCode;
    n.id = s->ColumnText(0);
    n.title = s->ColumnText(3);
    n.icd.code = n.id;
    n.icd.description = n.title;
    n.icd.valid_mask = static_cast<uint32_t>(s->ColumnInt(4));
    n.icd.billable_mask = static_cast<uint32_t>(s->ColumnInt(5));
    n.icd.chapter = static_cast<int>(s->ColumnInt(1));
    n.icd.category = n.id;
    n.parent = parent;
    n.depth = m_nodes[parent].depth + 1;
    const int index = AddNode(std::move(n));
    m_nodes[parent].children.push_back(index);
  }
  RebuildRows();
}

std::string TabularBrowser::CodeStatus(const TabularNode& node) const {
  if (node.level != TabularLevel::kCode) return {};
  if (node.icd.BillableIn(m_fiscal_year)) return "Billable";
  if (node.icd.ValidIn(m_fiscal_year)) return "Header";
  return "Not valid in FY" + std::to_string(m_fiscal_year);
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Tabular browser: codes, notes, opening at a code
// ---------------------------------------------------------------------------------------------------------------

void TabularBrowser::LoadChildren(const engine::CodeSetPack& pack, int node) {
  if (m_nodes[node].children_loaded) return;
  m_nodes[node].children_loaded = true;
  if (m_nodes[node].level != TabularLevel::kCode) return;
  std::vector<engine::IcdCode> kids = pack.IcdChildren(m_nodes[node].id);
  // Codes padded with placeholder X skip levels the pack has no code for: T07 -> T07.XXXA.
  std::string padded = m_nodes[node].id;
  while (kids.empty() && m_nodes[node].icd.billable_mask == 0 && padded.size() < 7) {
    padded = engine::NormalizeIcdCode(padded + "X");
    kids = pack.IcdChildren(padded);
  }
  const int depth = m_nodes[node].depth + 1;
  for (engine::IcdCode& c : kids) {
    TabularNode n;
    n.level = TabularLevel::kCode;
    n.id = c.code;
    n.title = c.description;
    if (n.title.empty()) {
      n.title = "(no description in the editions loaded)";
      if (auto parent = pack.NearestDescribedParent(c)) n.title += "; nearest parent " + parent->code;
    }
    n.icd = std::move(c);
    n.parent = node;
    n.depth = depth;
    const int index = AddNode(std::move(n));
    m_nodes[node].children.push_back(index);
  }
}

void TabularBrowser::LoadNotes(const engine::CodeSetPack& pack, int node) {
  TabularNode& n = m_nodes[node];
  if (n.notes_loaded) return;
  n.notes_loaded = true;
  const engine::IcdNoteLevel level = n.level == TabularLevel::kChapter   ? engine::IcdNoteLevel::kChapter
                                     : n.level == TabularLevel::kSection ? engine::IcdNoteLevel::kSection
                                                                         : engine::IcdNoteLevel::kCode;
  int block = -1;
  engine::IcdNoteKind kind = engine::IcdNoteKind::kNotes;
  for (const engine::IcdNote& note : engine::IcdNotesAt(pack, level, n.id)) {
    if (n.notes.empty() || note.kind != kind || note.block != block) {
      n.notes.push_back({engine::IcdNoteKindLabel(note.kind), {}});
      kind = note.kind;
      block = note.block;
    }
    DetailNote line{engine::IcdNoteKindLabel(note.kind), note.text, "", note.block, {}};
    for (const engine::IcdNoteRef& ref : note.refs) {
      if (ref.codes > 0) line.links.push_back({ref.text, ref.first});
    }
    n.notes.back().lines.push_back(std::move(line));
  }
  if (n.level == TabularLevel::kCode) {
    engine::IcdSeventhRule rule = engine::IcdSeventhCharacters(pack, n.id);
    if (rule.needs_seventh && rule.defined_at == n.id) n.seventh = std::move(rule.options);
  }
}

void TabularBrowser::Prepare(const engine::CodeSetPack& pack, int node) {
  LoadChildren(pack, node);
  LoadNotes(pack, node);
}

int TabularBrowser::FindChild(const engine::CodeSetPack& pack, int node, const std::string& id) {
  LoadChildren(pack, node);
  for (int c : m_nodes[node].children) {
    if (m_nodes[c].id == id) return c;
  }
  return -1;
}

bool TabularBrowser::OpenAt(const engine::CodeSetPack& pack, const std::string& code) {
  return Show(pack, code, true);
}

bool TabularBrowser::Show(const engine::CodeSetPack& pack, const std::string& code, bool remember) {
  if (m_pack != &pack) Load(pack, m_fiscal_year);
  m_message.clear();
  std::string wanted = Trimmed(code);
  while (!wanted.empty() && (wanted.back() == '-' || wanted.back() == '.')) wanted.pop_back();  // "E11.4-", "I63.-"
  wanted = engine::NormalizeIcdCode(wanted);
  if (wanted.size() < 3) {
    m_message = wanted.empty() ? "Type a code to go to." : "\"" + Trimmed(code) + "\" is not an ICD-10-CM code.";
    return false;
  }
  // The code, or the nearest code above it that the pack has.
  std::string found = wanted;
  while (found.size() >= 3 && !pack.Icd(found).ok()) {
    found.pop_back();
    if (!found.empty() && found.back() == '.') found.pop_back();
  }
  if (found.size() < 3) {
    m_message = wanted + " is not an ICD-10-CM code of the editions loaded.";
    return false;
  }
  const engine::IcdTabularPlace place = engine::IcdTabularPlacement(pack, found.substr(0, 3));
  int node = -1;
  for (int r : m_roots) {
    if (m_nodes[r].id == std::to_string(place.chapter)) node = r;
  }
  if (node < 0) {
    m_message = found + " has no place in the Tabular List outline.";
    return false;
  }
  std::vector<int> chain{node};
  for (const std::string& section : place.sections) {
    const int next = FindChild(pack, node, section);
    if (next < 0) break;
    chain.push_back(node = next);
  }
  // The category, then each code between it and the target (levels the pack lacks, such as T07.X, are skipped).
  const std::string dotless = [&] {
    std::string d;
    for (char c : found) {
      if (c != '.') d += c;
    }
    return d;
  }();
  for (size_t len = 3; len <= dotless.size(); ++len) {
    const int next = FindChild(pack, node, engine::NormalizeIcdCode(dotless.substr(0, len)));
    if (next >= 0) chain.push_back(node = next);
  }
  if (m_nodes[node].id != found) {
    m_message = found + " is not under its category in the Tabular List outline.";
    return false;
  }
  if (const TabularNode* before = SelectedNode(); remember && before && m_rows[m_selected] != node) {
    m_history.push_back(before->id);
    constexpr size_t kHistory = 50;  // codes kept for Back
    if (m_history.size() > kHistory) m_history.erase(m_history.begin());
  }
  for (size_t i = 0; i + 1 < chain.size(); ++i) m_nodes[chain[i]].expanded = true;
  // A header opens to show its codes; a billable code has nothing below it.
  LoadChildren(pack, node);
  if (!m_nodes[node].children.empty()) m_nodes[node].expanded = true;
  RebuildRows();
  SelectNode(node);
  if (found != wanted) m_message = wanted + " is not in the editions loaded; showing " + found + ".";
  return true;
}

bool TabularBrowser::Back(const engine::CodeSetPack& pack) {
  if (m_history.empty()) return false;
  const std::string id = m_history.back();
  m_history.pop_back();
  // A chapter or section selected before: it is still in the tree.
  for (size_t i = 0; i < m_nodes.size(); ++i) {
    if (m_nodes[i].id != id || m_nodes[i].level == TabularLevel::kCode) continue;
    for (int p = m_nodes[i].parent; p >= 0; p = m_nodes[p].parent) m_nodes[p].expanded = true;
    RebuildRows();
    SelectNode(static_cast<int>(i));
    return true;
  }
  return Show(pack, id, false);
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Tabular browser: the selected code
// ---------------------------------------------------------------------------------------------------------------

std::string TabularBrowser::SelectedCode() const {
  const TabularNode* n = SelectedNode();
  return n && n->level == TabularLevel::kCode ? n->id : std::string();
}

std::vector<std::string> TabularBrowser::SelectedPath() const {
  std::vector<std::string> out;
  for (int n = m_selected >= 0 ? m_rows[m_selected] : -1; n >= 0; n = m_nodes[n].parent) out.push_back(m_nodes[n].id);
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace medcode::app
