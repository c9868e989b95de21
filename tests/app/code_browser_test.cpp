// code_browser_test.cpp: the index browser's and the tabular browser's models over the real code-set pack: opening
// at a code expands the tree down to it, filters list main terms, see references lead where the index says, and the
// arrow keys walk the trees as the browser windows use them.
#include "app/code_browser.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>

using namespace medcode;
using app::IndexBrowser;
using app::TabularBrowser;
using engine::IndexTree;

namespace {

const engine::CodeSetPack& Pack() {
  static std::optional<engine::CodeSetPack> pack;
  if (!pack) {
    auto opened = engine::CodeSetPack::Open(MEDCODE_TEST_PACK);
    REQUIRE(opened.ok());
    pack.emplace(std::move(opened.value()));
  }
  return *pack;
}

// The visible row whose term text is `term` below the node `parent` (-1: any), or -1.
int IndexRowOf(const IndexBrowser& b, const std::string& term, int parent = -1) {
  for (size_t r = 0; r < b.rows().size(); ++r) {
    const app::IndexNode& n = b.nodes()[b.rows()[r]];
    if (n.term.term == term && (parent < 0 || n.parent == parent)) return static_cast<int>(r);
  }
  return -1;
}

std::string SelectedPath(const IndexBrowser& b) {
  const app::IndexNode* n = b.SelectedNode();
  return n ? engine::IndexPathText(engine::IndexTermPath(Pack(), n->term.id)) : "";
}

int TabularRowOf(const TabularBrowser& b, const std::string& id) {
  for (size_t r = 0; r < b.rows().size(); ++r) {
    if (b.nodes()[b.rows()[r]].id == id) return static_cast<int>(r);
  }
  return -1;
}

const app::TabularNode& TabularNodeOf(const TabularBrowser& b, const std::string& id) {
  const int row = TabularRowOf(b, id);
  REQUIRE(row >= 0);
  return b.nodes()[b.rows()[row]];
}

bool HasNote(const app::TabularNode& n, const std::string& kind, const std::string& text_part,
             const std::string& link = "") {
  for (const auto& g : n.notes) {
    if (g.kind != kind) continue;
    for (const auto& line : g.lines) {
      if (line.text.find(text_part) == std::string::npos) continue;
      if (link.empty()) return true;
      for (const auto& l : line.links) {
        if (l.code == link) return true;
      }
    }
  }
  return false;
}

}  // namespace

TEST_CASE("tabular browser: opening at E11.42 expands chapter 4 > E08-E13 > E11 > E11.4 and shows each level's notes",
          "[app][browsers]") {
  TabularBrowser b;
  b.Load(Pack(), 2026);
  CHECK(b.rows().size() == 22);  // the chapters, folded
  REQUIRE(b.OpenAt(Pack(), "e1142"));
  CHECK(b.message().empty());
  CHECK(b.SelectedPath() == std::vector<std::string>{"4", "E08-E13", "E11", "E11.4", "E11.42"});
  CHECK(b.SelectedCode() == "E11.42");
  CHECK(b.scroll_to_selected);
  for (const char* id : {"4", "E08-E13", "E11", "E11.4"}) CHECK(TabularNodeOf(b, id).expanded);
  // Siblings are listed, the code's own children are none.
  CHECK(TabularRowOf(b, "E11.40") >= 0);
  CHECK(TabularRowOf(b, "E11.9") >= 0);
  CHECK(TabularRowOf(b, "E10") > 0);  // E10 stays folded: its row, not its codes
  CHECK(TabularRowOf(b, "E10.9") < 0);
  CHECK(TabularRowOf(b, "E11.621") < 0);

  const app::TabularNode& code = TabularNodeOf(b, "E11.42");
  CHECK(code.title == "Type 2 diabetes mellitus with diabetic polyneuropathy");
  CHECK(b.CodeStatus(code) == "Billable");
  CHECK(b.CodeStatus(TabularNodeOf(b, "E11.4")) == "Header");
  CHECK(TabularNodeOf(b, "E08-E13").title == "Diabetes mellitus");

  // Notes are loaded per node as it is drawn: every level's own notes, with the codes they name.
  for (const char* id : {"4", "E08-E13", "E11", "E11.4", "E11.42"}) b.Prepare(Pack(), b.rows()[TabularRowOf(b, id)]);
  CHECK(HasNote(TabularNodeOf(b, "4"), "Notes", "All neoplasms"));
  CHECK(HasNote(TabularNodeOf(b, "4"), "Excludes1", "transitory endocrine", "P70"));
  CHECK(HasNote(TabularNodeOf(b, "E11"), "Excludes1", "type 1 diabetes mellitus", "E10"));
  CHECK(HasNote(TabularNodeOf(b, "E11"), "Use additional code", "insulin", "Z79.4"));
  CHECK(HasNote(TabularNodeOf(b, "E11"), "Includes", "diabetes NOS"));
  CHECK(HasNote(TabularNodeOf(b, "E11.42"), "Inclusion terms", "diabetic neuralgia"));
  CHECK(TabularNodeOf(b, "E11.4").notes.empty());  // the tabular puts none there

  // A note's code moves the browser there; Back returns.
  REQUIRE(b.OpenAt(Pack(), "E10"));
  CHECK(b.SelectedPath() == std::vector<std::string>{"4", "E08-E13", "E10"});
  CHECK(TabularNodeOf(b, "E10").expanded);  // a header opens to show its codes
  REQUIRE(b.CanGoBack());
  REQUIRE(b.Back(Pack()));
  CHECK(b.SelectedCode() == "E11.42");
  CHECK_FALSE(b.CanGoBack());
}

TEST_CASE("tabular browser: 7th characters, placeholder X levels, nested sections, unknown codes", "[app][browsers]") {
  TabularBrowser b;
  b.Load(Pack(), 2025);
  REQUIRE(b.OpenAt(Pack(), "S72.001A"));
  const std::vector<std::string> path = b.SelectedPath();
  REQUIRE(path.size() >= 5);
  CHECK(path.front() == "19");
  CHECK(std::find(path.begin(), path.end(), "S72") != path.end());
  CHECK(path.back() == "S72.001A");
  b.Prepare(Pack(), b.rows()[TabularRowOf(b, "S72")]);
  const app::TabularNode& s72 = TabularNodeOf(b, "S72");
  REQUIRE(!s72.seventh.empty());
  CHECK(s72.seventh[0].character == 'A');
  CHECK(s72.seventh[0].meaning.find("initial encounter") != std::string::npos);

  // T07 has no T07.X, T07.XX, T07.XXX: its codes hang right below it.
  REQUIRE(b.OpenAt(Pack(), "T07.XXXA"));
  CHECK(b.SelectedPath().back() == "T07.XXXA");
  // (The tabular has a section "T07" holding the category T07: both are shown, as printed.)
  const app::TabularNode& t07xxxa = b.nodes()[b.rows()[b.selected_row()]];
  CHECK(b.nodes()[t07xxxa.parent].id == "T07");
  CHECK(b.nodes()[t07xxxa.parent].level == app::TabularLevel::kCode);

  // Group sections: chapter 20 > V00-X58 > V00-V99 > ... > V01.
  REQUIRE(b.OpenAt(Pack(), "V01"));
  const std::vector<std::string> v = b.SelectedPath();
  REQUIRE(v.size() >= 4);
  CHECK(v[0] == "20");
  CHECK(v[1] == "V00-X58");
  CHECK(v[2] == "V00-V99");

  // A code the pack lacks opens at the nearest code above it, and says so; garbage changes nothing.
  REQUIRE(b.OpenAt(Pack(), "E11.4999"));
  CHECK(b.SelectedCode() == "E11.49");
  CHECK(b.message().find("showing E11.49") != std::string::npos);
  CHECK_FALSE(b.OpenAt(Pack(), "hello"));
  CHECK(b.SelectedCode() == "E11.49");
  CHECK_FALSE(b.message().empty());
  CHECK(b.OpenAt(Pack(), "E11.4-"));  // as the index prints partial codes
  CHECK(b.SelectedCode() == "E11.4");
}

TEST_CASE("tabular browser: arrow keys walk the tree", "[app][browsers]") {
  TabularBrowser b;
  b.Load(Pack(), 2026);
  b.MoveSelection(1);
  CHECK(b.SelectedPath() == std::vector<std::string>{"1"});
  b.MoveSelection(3);
  CHECK(b.SelectedPath() == std::vector<std::string>{"4"});
  b.Right(Pack());  // expands
  CHECK(TabularNodeOf(b, "4").expanded);
  b.Right(Pack());  // to the first child
  CHECK(b.SelectedPath() == std::vector<std::string>{"4", "E00-E07"});
  b.Left();  // to the parent
  CHECK(b.SelectedPath() == std::vector<std::string>{"4"});
  b.Left();  // collapses
  CHECK_FALSE(TabularNodeOf(b, "4").expanded);
  CHECK(b.rows().size() == 22);
  b.MoveSelection(1000);
  CHECK(b.SelectedPath() == std::vector<std::string>{"22"});
}

TEST_CASE("index browser: a filter lists main terms; Diabetes opens to its subterms, type 2 among them",
          "[app][browsers]") {
  IndexBrowser b;
  b.SetFilter(Pack(), "diab");
  REQUIRE(!b.rows().empty());
  const int diabetes = IndexRowOf(b, "Diabetes, diabetic");
  REQUIRE(diabetes == 0);
  const int node = b.rows()[diabetes];
  CHECK(b.nodes()[node].term.nonessential == "(mellitus) (sugar)");
  CHECK(b.nodes()[node].term.code.code == "E11.9");
  // The only match opens by itself; its subterms are the next rows.
  CHECK(b.nodes()[node].expanded);
  const int type2 = IndexRowOf(b, "type 2", node);
  REQUIRE(type2 > 0);
  CHECK(IndexRowOf(b, "with", node) > 0);
  CHECK(b.selected_row() == -1);

  // Keys: Down selects the first row; Enter would take its code.
  b.MoveSelection(1);
  CHECK(b.SelectedCode() == "E11.9");
  b.Select(type2);
  CHECK(b.SelectedCode() == "E11.9");  // "type 2 E11.9"
  b.Right(Pack());
  CHECK(b.nodes()[b.rows()[type2]].expanded);
  b.Right(Pack());
  CHECK(b.nodes()[b.SelectedNode()->parent].term.term == "type 2");
  b.Left();  // a folded row goes up
  CHECK(b.SelectedNode()->term.term == "type 2");
  b.Left();  // an open row folds
  CHECK_FALSE(b.SelectedNode()->expanded);

  // Several matches stay folded; nothing matched says so.
  b.SetFilter(Pack(), "pain");
  CHECK(b.rows().size() > 1);
  CHECK(b.message().empty());
  b.SetFilter(Pack(), "zzzq");
  CHECK(b.rows().empty());
  CHECK(b.message() == "No main term of the Alphabetic Index starts with \"zzzq\".");
}

TEST_CASE("index browser: opened at E11.42 it shows the entries leading there, expanded to them", "[app][browsers]") {
  IndexBrowser b;
  b.OpenAtCode(Pack(), "E1142");
  CHECK(b.code() == "E11.42");
  REQUIRE(b.SelectedNode() != nullptr);
  CHECK(b.SelectedNode()->target);
  CHECK(b.SelectedCode() == "E11.42");
  CHECK(b.scroll_to_selected);
  CHECK(b.SelectedPathText() == SelectedPath(b));
  std::vector<std::string> targets;
  for (int r : b.rows()) {
    if (b.nodes()[r].target) targets.push_back(engine::IndexPathText(engine::IndexTermPath(Pack(), b.nodes()[r].term.id)));
  }
  CHECK(std::find(targets.begin(), targets.end(), "Diabetes, diabetic > type 2 > with > polyneuropathy") != targets.end());
  CHECK(targets.size() >= 4);
  CHECK(b.message().rfind("4 entries name E11.42", 0) == 0);

  // A code no entry names keeps the browser usable and says so.
  b.OpenAtCode(Pack(), "XYZ99");
  CHECK(b.code().empty());
  CHECK(b.message().find("No index entry leads to") == 0);
  REQUIRE(b.Back(Pack()));
  CHECK(b.code() == "E11.42");
  CHECK(b.SelectedCode() == "E11.42");
}

TEST_CASE("index browser: see references lead to their main term, the tables or the tabular", "[app][browsers]") {
  IndexBrowser b;
  b.SetFilter(Pack(), "Diabetes, diabetic");
  // "brittle - see Diabetes, type 1": the main term is matched on its first word, the subterm below it.
  app::IndexFollow f = b.FollowReference(Pack(), IndexTree::kIndex, "Diabetes, type 1");
  CHECK(f.kind == app::IndexFollow::Kind::kJumped);
  CHECK(SelectedPath(b) == "Diabetes, diabetic > type 1");
  CHECK(b.SelectedNode()->target);
  CHECK(b.filter() == "Diabetes, diabetic");

  f = b.FollowReference(Pack(), IndexTree::kIndex, "Pain, abdominal");
  CHECK(f.kind == app::IndexFollow::Kind::kJumped);
  CHECK(SelectedPath(b).rfind("Pain", 0) == 0);
  CHECK(SelectedPath(b).find("abdominal") != std::string::npos);
  REQUIRE(b.Back(Pack()));
  CHECK(SelectedPath(b) == "Diabetes, diabetic > type 1");

  f = b.FollowReference(Pack(), IndexTree::kIndex, "Neoplasm, malignant, by site");
  CHECK(f.kind == app::IndexFollow::Kind::kJumped);
  CHECK(b.tree() == IndexTree::kNeoplasm);

  f = b.FollowReference(Pack(), IndexTree::kExternal, "category Y35");
  CHECK(f.kind == app::IndexFollow::Kind::kTabular);
  CHECK(f.code == "Y35");

  f = b.FollowReference(Pack(), IndexTree::kIndex, "condition");
  CHECK(f.kind == app::IndexFollow::Kind::kNothing);
  CHECK(b.message().find("instruction") != std::string::npos);
}

TEST_CASE("index browser: the Neoplasm and Drug Tables show their code columns", "[app][browsers]") {
  IndexBrowser b;
  b.SetTree(Pack(), IndexTree::kNeoplasm);
  CHECK(b.rows().size() > 500);  // the main term, open, with its sites
  b.SetFilter(Pack(), "lung");
  REQUIRE(!b.rows().empty());
  const app::IndexNode& lung = b.nodes()[b.rows()[0]];
  CHECK(lung.term.term == "lung");
  CHECK(lung.above == "Neoplasm, neoplastic");
  b.MoveSelection(1);  // selected before its cells are loaded (PageDown past the drawn rows)
  CHECK(b.SelectedPathText() == "Neoplasm, neoplastic > lung");
  b.Prepare(Pack(), 0, static_cast<int>(b.rows().size()));
  CHECK(lung.cells_loaded);
  CHECK(lung.cells[0].code.rfind("C34", 0) == 0);  // malignant primary
  CHECK(b.selected_column() == 1);
  CHECK(b.SelectedCode().rfind("C34", 0) == 0);
  b.SelectColumn(1);
  CHECK(b.selected_column() == 2);
  CHECK(b.SelectedCode().rfind("C78.0", 0) == 0);  // malignant secondary
  b.SelectColumn(-1);
  CHECK(b.selected_column() == 1);

  b.SetTree(Pack(), IndexTree::kDrug);
  b.SetFilter(Pack(), "aspirin");
  const int aspirin = IndexRowOf(b, "Aspirin");
  REQUIRE(aspirin >= 0);
  b.Prepare(Pack(), aspirin, aspirin + 1);
  const app::IndexNode& row = b.nodes()[b.rows()[aspirin]];
  CHECK(row.cells[0].code.rfind("T39.01", 0) == 0);  // poisoning, accidental
  CHECK(row.cells[4].code.rfind("T39.015", 0) == 0);  // adverse effect
}
