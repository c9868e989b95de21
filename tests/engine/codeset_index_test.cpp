// codeset_index_test.cpp: the ICD-10-CM FY2025 Alphabetic Index, External Cause Index, Neoplasm Table and Drug Table
// in the code-set pack, checked row by row against the derived CSVs the build decompressed into MEDCODE_CODESETS_RAW
// (re-parsed here, not numbers typed in), the tree and paths, see / see-also resolution, the links to ICD-10-CM codes,
// spot checks from PROVENANCE.md, and malformed CSVs, which must fail with their file and line.
#include "engine/codeset_index.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "engine/codeset_build.h"
#include "engine/csv.h"
#include "engine/sha256.h"
#include "codeset_test_util.h"
#include "test_util.h"

using namespace medcode::engine;
using medcode::test::ReadBytes;
using medcode::test::ReplaceLine;
using medcode::test::WriteRawInput;
using medcode::test::CompileAlone;
using medcode::test::TempDir;
using medcode::test::WriteBytes;

namespace {

const std::string kRaw = MEDCODE_CODESETS_RAW;
const std::string kPackPath = MEDCODE_TEST_PACK;
const char* const kIndexCsv = "icd10cm/fy2025-derived-csv/ICD10CM_2025_Index.csv";
const char* const kNeoplasmCsv = "icd10cm/fy2025-derived-csv/ICD10CM_2025_neoplasms.csv";
const char* const kDrugCsv = "icd10cm/fy2025-derived-csv/ICD10CM_2025_Drugs.csv";
const char* const kExternalCsv = "icd10cm/fy2025-derived-csv/ICD10CM_2025_ExternalIndex.csv";

struct TreeFile {
  IndexTree tree;
  const char* rel;
  std::vector<const char*> code_columns;
};
const TreeFile kTreeFiles[] = {
    {IndexTree::kIndex, kIndexCsv, {"Code"}},
    {IndexTree::kNeoplasm,
     kNeoplasmCsv,
     {"MalignantPrimary", "MalignantSecondary", "CaInSitu", "Benign", "UncertainBehavior", "UnspecifiedBehavior"}},
    {IndexTree::kDrug,
     kDrugCsv,
     {"PoisoningAccidental", "PoisoningIntentionalSelfHarm", "PoisoningAssault", "PoisoningUndetermined",
      "AdverseEffect", "Underdosing"}},
    {IndexTree::kExternal, kExternalCsv, {"Code"}},
};

// A term as the pack stores it, read with plain SQL so that the check does not go through the code under test.
struct PackRow {
  int64_t id = 0, source_row = 0, parent = 0;
  int level = 0;
  std::string term, see, see_also, nonessential;
  std::map<int, std::pair<std::string, std::string>> cells;  // column -> (printed, code)
  std::map<int, int> kinds;                                  // column -> IndexCodeKind
};

std::vector<PackRow> PackRows(const CodeSetPack& pack, IndexTree tree) {
  std::vector<PackRow> rows;
  std::map<int64_t, size_t> at;
  auto s = pack.db().Prepare(
      "SELECT id, id - (SELECT first_id FROM icd_index_tree r WHERE r.tree=t.tree) + 1, parent, level, term, see,"
      " see_also, nonessential FROM icd_index_term t WHERE tree=? ORDER BY id");
  REQUIRE(s.ok());
  s->Bind(1, static_cast<int64_t>(tree));
  while (s->Step().value()) {
    PackRow r;
    r.id = s->ColumnInt(0);
    r.source_row = s->ColumnInt(1);
    r.parent = s->ColumnInt(2);
    r.level = static_cast<int>(s->ColumnInt(3));
    r.term = s->ColumnText(4);
    r.see = s->ColumnText(5);
    r.see_also = s->ColumnText(6);
    r.nonessential = s->ColumnText(7);
    at[r.id] = rows.size();
    rows.push_back(std::move(r));
  }
  auto c = pack.db().Prepare(
      "SELECT c.term_id, c.col, c.printed, c.code, c.kind FROM icd_index_code c JOIN icd_index_term t ON "
      "t.id=c.term_id WHERE t.tree=?");
  REQUIRE(c.ok());
  c->Bind(1, static_cast<int64_t>(tree));
  while (c->Step().value()) {
    PackRow& r = rows.at(at.at(c->ColumnInt(0)));
    const int col = static_cast<int>(c->ColumnInt(1));
    r.cells[col] = {c->ColumnText(2), c->ColumnText(3)};
    r.kinds[col] = static_cast<int>(c->ColumnInt(4));
  }
  return rows;
}

std::set<std::string> PackCodes(const CodeSetPack& pack) {
  std::set<std::string> codes;
  auto s = pack.db().Prepare("SELECT code FROM icd10cm_code");
  REQUIRE(s.ok());
  while (s->Step().value()) codes.insert(s->ColumnText(0));
  return codes;
}

// "S72.0-" -> "S72.0", "I63.-" -> "I63", "-" -> "": written again here from the rule in codeset_index.h.
std::string ExpectedKey(std::string printed) {
  while (!printed.empty() && (printed.back() == '-' || printed.back() == '.' || printed.back() == ' ')) {
    printed.pop_back();
  }
  return printed.empty() ? std::string() : NormalizeIcdCode(printed);
}

const IndexTerm* FindChild(const std::vector<IndexTerm>& children, const std::string& term) {
  for (const auto& c : children) {
    if (c.term == term) return &c;
  }
  return nullptr;
}

// Runs only the index compiler over a folder holding its four CSVs (`rel` replaced by `content`), against a code
// table holding just the codes it is given: each malformed case is quick.
Status CompileIndexWith(const std::string& dir, const std::string& rel, const std::string& content) {
  for (const auto& f : kTreeFiles) {
    WriteRawInput(dir, f.rel, rel, content);
  }
  return CompileAlone(&CompileIcdIndex, dir,
                      "CREATE TABLE icd10cm_code(code TEXT PRIMARY KEY); INSERT INTO icd10cm_code VALUES('E11.9');");
}

}  // namespace

TEST_CASE("every row of the four index CSVs round-trips through the pack, in source order and in its tree",
          "[codesets][index]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  const std::set<std::string> pack_codes = PackCodes(*pack);
  int64_t by_kind[4] = {};
  for (const auto& file : kTreeFiles) {
    INFO(file.rel);
    const std::string text = ReadBytes(kRaw + "/" + file.rel);
    CsvReader reader(text, file.rel);
    REQUIRE(reader.ReadHeader().ok());
    const bool has_see = file.tree == IndexTree::kIndex || file.tree == IndexTree::kExternal;
    const size_t c_row = reader.Column("RowID").value(), c_level = reader.Column("Level").value(),
                 c_term = reader.Column("Term").value(), c_see_also = reader.Column("SeeAlso").value(),
                 c_ness = reader.Column("NonEssModif").value(), c_see = has_see ? reader.Column("See").value() : 0;
    std::vector<size_t> c_codes;
    for (const char* name : file.code_columns) c_codes.push_back(reader.Column(name).value());

    const std::vector<PackRow> rows = PackRows(*pack, file.tree);
    std::vector<int64_t> stack;  // ids of the ancestors of the current CSV row, by level
    std::vector<std::string_view> f;
    size_t n = 0;
    int64_t mismatches = 0;
    while (reader.Next(f).value()) {
      REQUIRE(n < rows.size());
      const PackRow& r = rows[n++];
      const int level = std::stoi(std::string(f[c_level]));
      stack.resize(static_cast<size_t>(level));
      const int64_t parent = stack.empty() ? 0 : stack.back();
      stack.push_back(r.id);
      bool same = std::to_string(r.source_row) == f[c_row] && r.level == level && r.term == f[c_term] &&
                  r.see_also == f[c_see_also] && r.nonessential == f[c_ness] && r.parent == parent &&
                  (!has_see ? r.see.empty() : r.see == f[c_see]);
      size_t printed_cells = 0;
      for (size_t i = 0; i < c_codes.size(); ++i) {
        const int col = c_codes.size() == 1 ? 0 : static_cast<int>(i) + 1;
        const std::string_view cell = f[c_codes[i]];
        auto it = r.cells.find(col);
        if (cell.empty()) {
          same = same && it == r.cells.end();
          continue;
        }
        ++printed_cells;
        if (it == r.cells.end() || it->second.first != cell || it->second.second != ExpectedKey(std::string(cell))) {
          same = false;
          continue;
        }
        // The link to the pack's codes: a code is a real code, a prefix really has codes below it.
        const std::string& code = it->second.second;
        const int kind = r.kinds.at(col);
        ++by_kind[kind];
        auto below = pack_codes.upper_bound(code);
        const bool has_below = below != pack_codes.end() && below->compare(0, code.size(), code) == 0;
        switch (static_cast<IndexCodeKind>(kind)) {
          case IndexCodeKind::kNone: same = same && code.empty(); break;
          case IndexCodeKind::kCode: same = same && pack_codes.count(code) == 1; break;
          case IndexCodeKind::kPrefix: same = same && has_below; break;
          case IndexCodeKind::kUnresolved: same = same && !pack_codes.count(code) && !has_below; break;
        }
      }
      same = same && r.cells.size() == printed_cells;
      if (!same) {
        ++mismatches;
        UNSCOPED_INFO("mismatch at " << reader.Where());
      }
      if (n % 97 == 0) {  // the public lookup on a sample
        auto t = LookupIndexTerm(*pack, r.id);
        if (!t.ok() || t->tree != file.tree || t->term != r.term || t->parent_id != r.parent ||
            t->source_row != r.source_row || (r.cells.count(0) && t->code.printed != r.cells.at(0).first)) {
          ++mismatches;
          UNSCOPED_INFO("LookupIndexTerm differs at " << reader.Where());
        }
      }
    }
    CHECK(mismatches == 0);
    CHECK(n == rows.size());  // nothing else in the tree
    CHECK(n > 1000);
  }
  // How many printed codes link to nothing in the pack (the edition note gives the same numbers).
  WARN("index codes: " << by_kind[1] << " codes, " << by_kind[2] << " prefixes, " << by_kind[3]
                       << " resolving to no pack code, " << by_kind[0] << " '-'/'--' cells");
  CHECK(by_kind[1] > 100000);
  CHECK(by_kind[2] > 5000);
  CHECK(by_kind[3] == 0);
}

TEST_CASE("index paths: the tree down to a deep row, children in source order, main terms by prefix",
          "[codesets][index]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  // "Diabetes, diabetic > type 2 > with > neuropathy" reaches E11.40 (and its siblings E11.4x).
  const auto mains = IndexMainTerms(*pack, IndexTree::kIndex, "diabetes, d");
  REQUIRE_FALSE(mains.empty());
  CHECK(mains[0].term == "Diabetes, diabetic");
  CHECK(mains[0].level == 0);
  CHECK(mains[0].parent_id == 0);
  const auto diabetes_children = IndexChildren(*pack, mains[0].id);
  const IndexTerm* type2 = FindChild(diabetes_children, "type 2");
  REQUIRE(type2 != nullptr);
  const auto type2_children = IndexChildren(*pack, type2->id);
  const IndexTerm* with = FindChild(type2_children, "with");
  REQUIRE(with != nullptr);
  const auto with_children = IndexChildren(*pack, with->id);
  const IndexTerm* neuropathy = FindChild(with_children, "neuropathy");
  REQUIRE(neuropathy != nullptr);
  CHECK(neuropathy->code.printed == "E11.40");
  CHECK(neuropathy->code.kind == IndexCodeKind::kCode);
  CHECK(IndexPathText(IndexTermPath(*pack, neuropathy->id)) == "Diabetes, diabetic > type 2 > with > neuropathy");
  int e11_4 = 0;
  for (size_t i = 0; i < with_children.size(); ++i) {
    CHECK(with_children[i].parent_id == with->id);
    CHECK(with_children[i].level == with->level + 1);
    if (i > 0) CHECK(with_children[i].id > with_children[i - 1].id);  // source order
    e11_4 += with_children[i].code.code.rfind("E11.4", 0) == 0;
  }
  CHECK(e11_4 >= 5);  // mononeuropathy E11.41, polyneuropathy E11.42, autonomic E11.43, amyotrophy E11.44, ...

  // The deepest row of the index: its path is the chain of nearest shallower rows above it in the CSV.
  const std::string text = ReadBytes(kRaw + "/" + kIndexCsv);
  CsvReader reader(text, kIndexCsv);
  REQUIRE(reader.ReadHeader().ok());
  const size_t c_row = reader.Column("RowID").value(), c_level = reader.Column("Level").value(),
               c_term = reader.Column("Term").value();
  std::vector<std::string> stack, deepest_path;
  int64_t deepest_row = 0;
  std::vector<std::string_view> f;
  while (reader.Next(f).value()) {
    const size_t level = std::stoul(std::string(f[c_level]));
    stack.resize(level);
    stack.emplace_back(f[c_term]);
    if (stack.size() > deepest_path.size()) {
      deepest_path = stack;
      deepest_row = std::stoll(std::string(f[c_row]));
    }
  }
  REQUIRE(deepest_path.size() >= 8);
  auto id = pack->db().Prepare("SELECT first_id + ? - 1 FROM icd_index_tree WHERE tree=1");
  REQUIRE(id.ok());
  id->Bind(1, deepest_row);
  REQUIRE(id->Step().value());
  const auto path = IndexTermPath(*pack, id->ColumnInt(0));
  REQUIRE(path.size() == deepest_path.size());
  for (size_t i = 0; i < path.size(); ++i) {
    CHECK(path[i].term == deepest_path[i]);
    CHECK(path[i].level == static_cast<int>(i));
    if (i > 0) CHECK(path[i].parent_id == path[i - 1].id);
  }

  // Main terms by prefix: alphabetical, any case, only main terms; an unknown prefix finds none.
  const auto a = IndexMainTerms(*pack, IndexTree::kIndex, "ABDOM", 10);
  REQUIRE(a.size() >= 2);
  CHECK(a[0].term == "Abdomen, abdominal");
  for (const auto& t : a) {
    CHECK(t.parent_id == 0);
    CHECK(t.term.size() >= 5);
  }
  CHECK(IndexMainTerms(*pack, IndexTree::kIndex, "zzzq").empty());
  CHECK(IndexMainTerms(*pack, IndexTree::kIndex, "", 5).size() == 5);
  const auto accident = IndexMainTerms(*pack, IndexTree::kExternal, "Accident", 1);
  REQUIRE(accident.size() == 1);
  CHECK(accident[0].term == "Accident");
  CHECK(accident[0].code.printed == "X58");
  CHECK(accident[0].tree == IndexTree::kExternal);
  CHECK_FALSE(LookupIndexTerm(*pack, 0).ok());
  CHECK(IndexTermPath(*pack, -1).empty());
}

TEST_CASE("see and see also texts resolve to main terms, the tables or the tabular", "[codesets][index]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  // Spot checks.
  const auto pain = ResolveIndexReference(*pack, IndexTree::kIndex, "Pain, abdominal");  // Abdominalgia: see ...
  REQUIRE(pain.kind == IndexReferenceKind::kTerm);
  REQUIRE_FALSE(pain.main_term_ids.empty());
  CHECK(LookupIndexTerm(*pack, pain.main_term_ids[0])->term.rfind("Pain", 0) == 0);
  CHECK(pain.parts == 2);
  CHECK(pain.parts_matched == 2);
  const auto pain_path = IndexTermPath(*pack, pain.term_id);
  REQUIRE(pain_path.size() == 2);
  CHECK(pain_path[1].term == "abdominal");
  const auto athero = ResolveIndexReference(*pack, IndexTree::kIndex, "Arteriosclerosis");
  REQUIRE(athero.kind == IndexReferenceKind::kTerm);
  CHECK(LookupIndexTerm(*pack, athero.term_id)->term.rfind("Arteriosclerosis,", 0) == 0);
  const auto vaccination = ResolveIndexReference(*pack, IndexTree::kIndex, "Complications, vaccination");
  REQUIRE(vaccination.kind == IndexReferenceKind::kTerm);  // the main term is "Complication"
  CHECK(LookupIndexTerm(*pack, vaccination.main_term_ids[0])->term == "Complication");
  CHECK(ResolveIndexReference(*pack, IndexTree::kIndex, "Light for dates").kind == IndexReferenceKind::kTerm);
  const auto lung = ResolveIndexReference(*pack, IndexTree::kIndex, "Neoplasm, lung, malignant");
  CHECK(lung.kind == IndexReferenceKind::kNeoplasmTable);
  CHECK(LookupIndexTerm(*pack, lung.term_id)->term == "lung");
  CHECK(ResolveIndexReference(*pack, IndexTree::kIndex, "Table of Drugs and Chemicals, by drug").kind ==
        IndexReferenceKind::kDrugTable);
  CHECK(ResolveIndexReference(*pack, IndexTree::kIndex, "category M01").kind == IndexReferenceKind::kCodeRange);
  CHECK(ResolveIndexReference(*pack, IndexTree::kIndex, "condition").kind == IndexReferenceKind::kInstruction);
  CHECK(ResolveIndexReference(*pack, IndexTree::kIndex, "Qqqq, zzz").kind == IndexReferenceKind::kUnresolved);
  const auto aircraft =
      ResolveIndexReference(*pack, IndexTree::kExternal, "Accident, transport, aircraft");  // in its own tree
  CHECK(aircraft.kind == IndexReferenceKind::kTerm);

  // Every distinct see / see-also text of the Alphabetic Index and the External Cause Index (in one read transaction:
  // SQLite then locks the file once, not once per query).
  REQUIRE(pack->db().Exec("BEGIN").ok());
  std::map<IndexReferenceKind, int64_t> kinds;
  int64_t texts = 0, full = 0, bad = 0;
  for (IndexTree tree : {IndexTree::kIndex, IndexTree::kExternal}) {
    std::set<std::string> seen;
    for (const auto& r : PackRows(*pack, tree)) {
      for (const std::string* text : {&r.see, &r.see_also}) {
        if (text->empty() || !seen.insert(*text).second) continue;
        ++texts;
        const auto ref = ResolveIndexReference(*pack, tree, *text);
        ++kinds[ref.kind];
        if (ref.kind != IndexReferenceKind::kTerm) continue;
        full += ref.parts_matched == ref.parts;
        // The target is a main term of the same tree, and term_id lies below the first of them.
        const auto path = IndexTermPath(*pack, ref.term_id);
        if (ref.main_term_ids.empty() || path.empty() || path[0].id != ref.main_term_ids[0] || path[0].tree != tree ||
            static_cast<int>(path.size()) > ref.parts_matched) {
          ++bad;
          UNSCOPED_INFO("bad resolution of '" << *text << "'");
        }
      }
    }
  }
  REQUIRE(pack->db().Exec("COMMIT").ok());
  WARN("distinct see/see-also texts: " << texts << "; main term found " << kinds[IndexReferenceKind::kTerm] << " ("
                                        << full << " down to the last part), Neoplasm Table "
                                        << kinds[IndexReferenceKind::kNeoplasmTable] << ", Drug Table "
                                        << kinds[IndexReferenceKind::kDrugTable] << ", tabular "
                                        << kinds[IndexReferenceKind::kCodeRange] << ", instruction "
                                        << kinds[IndexReferenceKind::kInstruction] << ", unresolved "
                                        << kinds[IndexReferenceKind::kUnresolved]);
  CHECK(bad == 0);
  CHECK(kinds[IndexReferenceKind::kTerm] > texts * 8 / 10);
  CHECK(kinds[IndexReferenceKind::kUnresolved] < texts / 20);
}

TEST_CASE("index entries leading to a code, and the Neoplasm and Drug Table rows", "[codesets][index]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  const auto e1140 = IndexEntriesForCode(*pack, "e1140");
  bool diabetes = false;
  for (const auto& h : e1140) {
    diabetes |= h.path == "Diabetes, diabetic > type 2 > with > neuropathy" && h.exact && h.code.printed == "E11.40";
  }
  CHECK(diabetes);
  CHECK(IndexEntriesForCode(*pack, "E11.40", 1).size() == 1);

  // Neoplasm "lung": the six cells as in the CSV (C34.9-, C78.0-, ...), each partial one covering real codes.
  const std::string neo = ReadBytes(kRaw + "/" + kNeoplasmCsv);
  CsvReader reader(neo, kNeoplasmCsv);
  REQUIRE(reader.ReadHeader().ok());
  const size_t c_term = reader.Column("Term").value(), c_level = reader.Column("Level").value(),
               c_first = reader.Column("MalignantPrimary").value();
  std::vector<std::string> want;
  std::vector<std::string_view> f;
  while (want.empty() && reader.Next(f).value()) {
    if (f[c_term] != "lung" || f[c_level] != "1") continue;
    for (size_t c = 0; c < kTableColumns; ++c) want.emplace_back(f[c_first + c]);
  }
  REQUIRE(want.size() == kTableColumns);
  const auto rows = NeoplasmRows(*pack, "LUNG");
  REQUIRE(rows.size() >= 1);
  CHECK(rows[0].path == "Neoplasm, neoplastic > lung");
  for (size_t c = 0; c < kTableColumns; ++c) CHECK(rows[0].cells[c].printed == want[c]);
  CHECK(rows[0].cells[0].printed == "C34.9-");
  CHECK(rows[0].cells[0].kind == IndexCodeKind::kPrefix);
  CHECK(rows[0].cells[1].printed == "C78.0-");
  CHECK(std::string(IndexColumnName(IndexTree::kNeoplasm, 1)) == "malignant primary");
  bool lung_hit = false;
  for (const auto& h : IndexEntriesForCode(*pack, "C34.90")) {
    lung_hit |= h.term.id == rows[0].term.id && h.column == 1 && !h.exact;
  }
  CHECK(lung_hit);  // C34.90 is reached from the lung row's partial C34.9-
  auto by_id = LookupTableRow(*pack, rows[0].term.id);
  REQUIRE(by_id.ok());
  CHECK(by_id->cells[1].printed == "C78.0-");
  CHECK_FALSE(LookupTableRow(*pack, IndexMainTerms(*pack, IndexTree::kIndex, "Diabetes", 1)[0].id).ok());

  // Drug "1-propanol": poisoning accidental T51.3X1 (PROVENANCE.md); no adverse effect / underdosing code ("--").
  const auto propanol = DrugRows(*pack, "1-propanol");  // first row of the table; "1-Propanol" again under P
  REQUIRE(propanol.size() == 2);
  CHECK(propanol[0].term.source_row == 1);
  CHECK(propanol[0].cells[0].printed == "T51.3X1");
  CHECK(propanol[0].cells[0].code == "T51.3X1");
  CHECK(propanol[0].cells[0].kind != IndexCodeKind::kUnresolved);
  CHECK(propanol[0].cells[3].printed == "T51.3X4");
  CHECK(propanol[0].cells[4].printed == "--");
  CHECK(propanol[0].cells[4].kind == IndexCodeKind::kNone);
  CHECK(std::string(IndexColumnName(IndexTree::kDrug, 1)).find("accidental") != std::string::npos);
  bool propanol_hit = false;  // the billable code has a 7th character the table does not print
  for (const auto& h : IndexEntriesForCode(*pack, "T51.3X1A")) {
    propanol_hit |= h.term.id == propanol[0].term.id && h.column == 1 && !h.exact && h.code.printed == "T51.3X1";
  }
  CHECK(propanol_hit);
  CHECK(std::string(IndexColumnName(IndexTree::kDrug, 7)).empty());
}

TEST_CASE("ForEachIndexPath gives every coded path with its code", "[codesets][index]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  std::map<IndexTree, int64_t> per_tree;
  int64_t empty = 0, last_id = 0, out_of_order = 0;
  std::map<std::string, std::string> some;  // path -> code, for a few known ones
  REQUIRE(ForEachIndexPath(*pack, [&](const IndexPathEntry& e) {
            ++per_tree[e.tree];
            empty += e.code.code.empty() || e.path.empty() || e.code.kind == IndexCodeKind::kNone;
            out_of_order += e.term_id < last_id;
            last_id = e.term_id;
            if (e.path == "Diabetes, diabetic > type 2 > with > neuropathy" ||
                e.path == "1-propanol > poisoning accidental (unintentional)" ||
                e.path == "Neoplasm, neoplastic > lung > malignant secondary") {
              some[e.path] = e.code.printed;
            }
          }).ok());
  CHECK(empty == 0);
  CHECK(out_of_order == 0);
  CHECK(some["Diabetes, diabetic > type 2 > with > neuropathy"] == "E11.40");
  CHECK(some["1-propanol > poisoning accidental (unintentional)"] == "T51.3X1");
  CHECK(some["Neoplasm, neoplastic > lung > malignant secondary"] == "C78.0-");
  // As many as the pack's code cells that are not '-' / '--'.
  for (IndexTree tree : {IndexTree::kIndex, IndexTree::kNeoplasm, IndexTree::kDrug, IndexTree::kExternal}) {
    auto s = pack->db().Prepare(
        "SELECT count(*) FROM icd_index_code c JOIN icd_index_term t ON t.id=c.term_id WHERE t.tree=? AND c.kind<>0");
    REQUIRE(s.ok());
    s->Bind(1, static_cast<int64_t>(tree));
    REQUIRE(s->Step().value());
    CHECK(per_tree[tree] == s->ColumnInt(0));
    CHECK(per_tree[tree] > 1000);
  }
}

TEST_CASE("the pack records the index inputs and the FY2025 index edition", "[codesets][index]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  std::set<std::string> inputs;
  for (const auto& in : pack->Inputs()) {
    if (in.set != "icd10cm-index") continue;
    INFO(in.path);
    inputs.insert(in.path);
    CHECK(in.edition == "FY2025");
    CHECK(in.sha256 == Sha256::Hex(ReadBytes(kRaw + "/" + in.path)));
  }
  CHECK(inputs == std::set<std::string>{kIndexCsv, kNeoplasmCsv, kDrugCsv, kExternalCsv});
  int editions = 0;
  for (const auto& e : pack->Editions()) {
    if (e.set != "icd10cm-index") continue;
    ++editions;
    CHECK(e.edition == "FY2025");
    CHECK(e.valid_from == "2024-10-01");
    CHECK(e.valid_to == "2025-09-30");
    CHECK(e.note.find("FY2026") != std::string::npos);
    CHECK(e.note.find("81024 Alphabetic Index rows") != std::string::npos);
  }
  CHECK(editions == 1);
}

TEST_CASE("malformed index CSVs fail the index compiler with their file and line", "[codesets][index]") {
  TempDir dir;
  const std::string raw = dir.File("raw");
  std::string rel, content, message;
  size_t line = 0;
  SECTION("a Level that is not a number") {
    rel = kIndexCsv;
    std::tie(line, content) = ReplaceLine(ReadBytes(kRaw + "/" + rel), "6,A,1,acute,", "6,A,one,acute,,,,R10.0");
    message = "Level";
  }
  SECTION("a Level that skips a level") {
    rel = kIndexCsv;
    std::tie(line, content) = ReplaceLine(ReadBytes(kRaw + "/" + rel), "6,A,1,acute,", "6,A,3,acute,,,,R10.0");
    message = "Level";
  }
  SECTION("a short row") {
    rel = kExternalCsv;
    std::tie(line, content) = ReplaceLine(ReadBytes(kRaw + "/" + rel), "3,A,0,Accident,", "3,A,0,Accident,,");
    message = "columns";
  }
  SECTION("a drug table cell that is not a code") {
    rel = kDrugCsv;
    std::tie(line, content) = ReplaceLine(ReadBytes(kRaw + "/" + rel), "1,#,0,1-propanol,",
                                          "1,#,0,1-propanol,,,T51.3X1,T51.3X2,T51.3X3,T51.3X4,n/a,--");
    message = "AdverseEffect";
  }
  SECTION("a neoplasm row out of source order") {
    rel = kNeoplasmCsv;
    std::tie(line, content) = ReplaceLine(ReadBytes(kRaw + "/" + rel), "3,2,cavity,", "1,2,cavity,,,C76.2,,,,,");
    message = "RowID";
  }
  SECTION("a gap in the RowID numbering") {
    rel = kExternalCsv;
    std::tie(line, content) = ReplaceLine(ReadBytes(kRaw + "/" + rel), "3,A,0,Accident,", "4,A,0,Accident,,,(to),X58");
    message = "expected 3";
  }
  const Status s = CompileIndexWith(raw, rel, content);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == ErrorCode::kParse);
  CHECK(s.error().where == rel + ":" + std::to_string(line));
  CHECK(s.error().message.find(message) != std::string::npos);
}
