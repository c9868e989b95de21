// codeset_index.cpp: the ICD-10-CM FY2025 Alphabetic Index, External Cause Index, Neoplasm Table and Drug Table in
// the code-set pack (see codeset_index.h): compiled from the derived CSVs in codesets/icd10cm/fy2025-derived-csv, and
// their lookups.
//
// [SECTION] Compiling (CompileIcdIndex, run by BuildCodeSetPack after CompileIcd10cm, whose codes it links to)
// [SECTION] Reading: terms, paths, children, main terms
// [SECTION] Reading: see / see also
// [SECTION] Reading: codes, tables, paths
#include "engine/codeset_index.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <utility>

#include "engine/codeset_build.h"

namespace medcode::engine {

namespace {

constexpr const char* kSet = "icd10cm-index";
constexpr const char* kEdition = "FY2025";

// One input file per tree. The code columns are "Code" (index, external causes) or the six table columns.
struct TreeInput {
  IndexTree tree;
  const char* path;
  bool has_see;  // the tables have no "See" column
  std::vector<const char*> code_columns;
};
const TreeInput kTreeInputs[] = {
    {IndexTree::kIndex, "icd10cm/fy2025-derived-csv/ICD10CM_2025_Index.csv", true, {"Code"}},
    {IndexTree::kNeoplasm,
     "icd10cm/fy2025-derived-csv/ICD10CM_2025_neoplasms.csv",
     false,
     {"MalignantPrimary", "MalignantSecondary", "CaInSitu", "Benign", "UncertainBehavior", "UnspecifiedBehavior"}},
    {IndexTree::kDrug,
     "icd10cm/fy2025-derived-csv/ICD10CM_2025_Drugs.csv",
     false,
     {"PoisoningAccidental", "PoisoningIntentionalSelfHarm", "PoisoningAssault", "PoisoningUndetermined",
      "AdverseEffect", "Underdosing"}},
    {IndexTree::kExternal, "icd10cm/fy2025-derived-csv/ICD10CM_2025_ExternalIndex.csv", true, {"Code"}},
};

// Terms in source order, ids following that order over the four trees: a term's RowID (1, 2, 3, ... in each CSV)
// is id - icd_index_tree.first_id + 1, so it is not stored (it would add 0.2 MB to the brotli-compressed pack).
// Names are indexed for main terms and table rows only (kNamed must appear as written in a query for SQLite to use
// that partial index): an index of every subterm's name would add 2 MB to the pack for no lookup the app makes.
// Codes: one row per printed cell (column 0 for a term's index code, 1..6 for a table column); empty cells have no
// row. Both tables keep every source text, so a row of the CSV can be printed back from the pack.
constexpr const char* kIndexSchema =
    "CREATE TABLE icd_index_tree(tree INTEGER PRIMARY KEY, first_id INTEGER NOT NULL, rows INTEGER NOT NULL);"
    "CREATE TABLE icd_index_term(id INTEGER PRIMARY KEY, tree INTEGER NOT NULL, parent INTEGER NOT NULL,"
    "   level INTEGER NOT NULL, term TEXT NOT NULL, see TEXT NOT NULL,"
    "  see_also TEXT NOT NULL, nonessential TEXT NOT NULL);"
    "CREATE INDEX icd_index_term_parent ON icd_index_term(parent);"
    "CREATE INDEX icd_index_term_name ON icd_index_term(tree, term COLLATE NOCASE) WHERE parent=0 OR tree IN (2,3);"
    "CREATE TABLE icd_index_code(term_id INTEGER NOT NULL, col INTEGER NOT NULL, printed TEXT NOT NULL,"
    "  code TEXT NOT NULL, kind INTEGER NOT NULL, PRIMARY KEY(term_id, col)) WITHOUT ROWID;"
    "CREATE INDEX icd_index_code_code ON icd_index_code(code);";

constexpr const char* kNamed = "(t.parent=0 OR t.tree IN (2,3))";

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

// A letter, then 2..6 letters or digits (dot removed).
bool LooksLikeIcdKey(std::string_view dotless) {
  if (dotless.size() < 3 || dotless.size() > 7 || !std::isupper(static_cast<unsigned char>(dotless[0]))) return false;
  for (char c : dotless.substr(1)) {
    if (!std::isupper(static_cast<unsigned char>(c)) && !std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

struct CellRow {
  int column = 0;
  IndexCode code;
};
struct TermRow {
  IndexTree tree = IndexTree::kIndex;
  int64_t parent = 0;  // id
  int level = 0;
  std::string term, see, see_also, nonessential;
  std::vector<CellRow> cells;
};

// The pack's ICD-10-CM codes (dotted, any fiscal year), to link index codes to.
class CodeSet {
 public:
  Status Load(Database& db) {
    auto s = db.Prepare("SELECT code FROM icd10cm_code");
    if (!s.ok()) return s.error();
    for (;;) {
      auto row = s->Step();
      if (!row.ok()) return row.error();
      if (!*row) break;
      m_codes.insert(s->ColumnText(0));
    }
    return Status::Ok();
  }
  bool Has(const std::string& code) const { return m_codes.count(code) > 0; }
  // Some code longer than `prefix` starts with it.
  bool HasBelow(const std::string& prefix) const {
    auto it = m_codes.upper_bound(prefix);
    return it != m_codes.end() && it->compare(0, prefix.size(), prefix) == 0;
  }

 private:
  std::set<std::string> m_codes;
};

// "S72.0-" -> prefix S72.0; "I63.-" -> I63; "-" / "--" / "" -> none; else the dotted code, classified against the pack.
Result<IndexCode> ParseIndexCode(const CsvReader& reader, std::string_view field, const char* column,
                                 const CodeSet& codes) {
  IndexCode out;
  out.printed = std::string(field);
  std::string s = Trim(field);
  if (s.find_first_not_of('-') == std::string::npos) return out;  // kNone
  const bool dash = s.back() == '-';
  while (!s.empty() && (s.back() == '-' || s.back() == '.')) s.pop_back();
  const std::string dotless = IcdDotless(s);
  if (!LooksLikeIcdKey(dotless)) {
    return reader.RecordError(std::string("Column '") + column + "' should hold an ICD-10-CM code (\"E11.40\", " +
                              "\"S72.0-\") or '-', not '" + std::string(field) + "'");
  }
  out.code = IcdDotted(dotless);
  const bool exact = codes.Has(out.code), below = codes.HasBelow(out.code);
  if (exact && (!dash || !below)) {
    out.kind = IndexCodeKind::kCode;
  } else if (below) {
    out.kind = IndexCodeKind::kPrefix;
  } else {
    out.kind = IndexCodeKind::kUnresolved;
  }
  return out;
}

// Reads one tree's CSV into `terms`; ids are positions in `terms` + 1.
Status ReadTree(InputFile& file, const TreeInput& input, const CodeSet& codes, std::vector<TermRow>& terms) {
  CsvReader reader(file.text, file.info.path);
  if (Status s = reader.ReadHeader(); !s.ok()) return s;
  auto base = reader.Columns({"RowID", "Level", "Term", "SeeAlso", "NonEssModif"});
  if (!base.ok()) return base.error();
  const size_t c_row = (*base)[0], c_level = (*base)[1], c_term = (*base)[2], c_see_also = (*base)[3],
               c_ness = (*base)[4];
  size_t c_see = 0;
  if (input.has_see) {
    auto see = reader.Column("See");
    if (!see.ok()) return see.error();
    c_see = *see;
  }
  std::vector<size_t> c_codes;
  for (const char* name : input.code_columns) {
    auto c = reader.Column(name);
    if (!c.ok()) return c.error();
    c_codes.push_back(*c);
  }
  std::vector<int64_t> stack;  // ids of the current term's ancestors, by level
  int64_t rows = 0;
  return ForEachRecord(reader, file, [&](const std::vector<std::string_view>& f) -> Status {
    auto row = ParseIntField(reader, f[c_row], "RowID");
    if (!row.ok()) return row.error();
    if (*row != ++rows) {
      return reader.RecordError("Column 'RowID' is " + std::to_string(*row) + ", expected " + std::to_string(rows) +
                                ": rows must be numbered 1, 2, 3, ... in source order (the pack keeps the position)");
    }
    auto level = ParseIntField(reader, f[c_level], "Level");
    if (!level.ok()) return level.error();
    if (*level > static_cast<int>(stack.size())) {
      return reader.RecordError(
          "Column 'Level' is " + std::to_string(*level) +
          (stack.empty() ? std::string(" but a tree starts with a main term (level 0)")
                         : " under a level-" + std::to_string(stack.size() - 1) +
                               " term: a level may go down by one at most (is a row missing?)"));
    }
    // A few subterms are only a nonessential modifier ("(somatoform)" under "Disorder, persistent"), as in the XML.
    if (Trim(f[c_term]).empty() && Trim(f[c_ness]).empty()) {
      return reader.RecordError("Columns 'Term' and 'NonEssModif' are both empty");
    }
    stack.resize(static_cast<size_t>(*level));
    TermRow t;
    t.tree = input.tree;
    t.parent = stack.empty() ? 0 : stack.back();
    t.level = *level;
    t.term = std::string(f[c_term]);
    if (input.has_see) t.see = std::string(f[c_see]);
    t.see_also = std::string(f[c_see_also]);
    t.nonessential = std::string(f[c_ness]);
    for (size_t i = 0; i < c_codes.size(); ++i) {
      const std::string_view cell = f[c_codes[i]];
      if (cell.empty()) continue;
      auto code = ParseIndexCode(reader, cell, input.code_columns[i], codes);
      if (!code.ok()) return code.error();
      const int column = input.code_columns.size() == 1 ? 0 : static_cast<int>(i) + 1;
      t.cells.push_back({column, std::move(code).value()});
    }
    terms.push_back(std::move(t));
    stack.push_back(static_cast<int64_t>(terms.size()));
    return Status::Ok();
  });
}

Status WriteTerms(Database& db, const std::vector<TermRow>& terms) {
  auto ins = db.Prepare("INSERT INTO icd_index_term VALUES(?,?,?,?,?,?,?,?)");
  if (!ins.ok()) return ins.error();
  auto ins_code = db.Prepare("INSERT INTO icd_index_code VALUES(?,?,?,?,?)");
  if (!ins_code.ok()) return ins_code.error();
  for (size_t i = 0; i < terms.size(); ++i) {
    const TermRow& t = terms[i];
    const int64_t id = static_cast<int64_t>(i) + 1;
    ins->Reset();
    ins->Bind(1, id).Bind(2, static_cast<int64_t>(t.tree)).Bind(3, t.parent).Bind(4, static_cast<int64_t>(t.level));
    ins->Bind(5, t.term).Bind(6, t.see).Bind(7, t.see_also).Bind(8, t.nonessential);
    if (Status s = ins->Run(); !s.ok()) return s;
    if (i == 0 || terms[i - 1].tree != t.tree) {  // the first term of a tree
      auto tree = db.Prepare("INSERT INTO icd_index_tree VALUES(?,?,?)");
      if (!tree.ok()) return tree.error();
      const auto rows = std::count_if(terms.begin(), terms.end(), [&](const TermRow& r) { return r.tree == t.tree; });
      tree->Bind(1, static_cast<int64_t>(t.tree)).Bind(2, id).Bind(3, static_cast<int64_t>(rows));
      if (Status s = tree->Run(); !s.ok()) return s;
    }
    for (const CellRow& c : t.cells) {
      ins_code->Reset();
      ins_code->Bind(1, id).Bind(2, static_cast<int64_t>(c.column)).Bind(3, c.code.printed).Bind(4, c.code.code);
      ins_code->Bind(5, static_cast<int64_t>(c.code.kind));
      if (Status s = ins_code->Run(); !s.ok()) return s;
    }
  }
  return Status::Ok();
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Compiling
// ---------------------------------------------------------------------------------------------------------------

Status CompileIcdIndex(PackBuild& build) {
  CodeSet codes;
  if (Status s = codes.Load(build.db()); !s.ok()) return s;
  std::vector<TermRow> terms;
  std::string counts;
  for (const TreeInput& input : kTreeInputs) {
    auto file = build.Read(input.path, kSet, kEdition);
    if (!file.ok()) return file.error();
    if (Status s = ReadTree(**file, input, codes, terms); !s.ok()) return s;
    counts += (counts.empty() ? "" : ", ") + std::to_string((*file)->info.rows) + " " + IndexTreeName(input.tree) +
              " rows";
  }
  int64_t by_kind[4] = {};
  for (const TermRow& t : terms) {
    for (const CellRow& c : t.cells) ++by_kind[static_cast<int>(c.code.kind)];
  }
  Database& db = build.db();
  if (Status s = db.Exec(kIndexSchema); !s.ok()) return s;
  if (Status s = WriteTerms(db, terms); !s.ok()) return s;

  build.AddEdition(
      {kSet, kEdition, "2024-10-01", "2025-09-30",
       "FY2025 ICD-10-CM Alphabetic Index, External Cause Index, Neoplasm Table and Table of Drugs and Chemicals, from "
       "flat CSVs derived by a third party from the official CDC XML (the XML of the main index itself is not in "
       "codesets/): " +
           counts + ". Codes: " + std::to_string(by_kind[1]) + " name a code of the pack, " +
           std::to_string(by_kind[2]) + " are partial (a prefix of pack codes, more characters needed), " +
           std::to_string(by_kind[3]) +
           " resolve to no code of the pack. No newer index is in codesets/: used for FY2026 too, so terms added "
           "or changed in FY2026 are missing. 'See' / 'see also' texts are kept as printed and resolved when "
           "looked up; index notes and the tabular instructions behind codes are not part of this table."});
  return Status::Ok();
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Reading: terms, paths, children, main terms
// ---------------------------------------------------------------------------------------------------------------

const char* IndexTreeName(IndexTree tree) {
  switch (tree) {
    case IndexTree::kIndex: return "Alphabetic Index";
    case IndexTree::kNeoplasm: return "Neoplasm Table";
    case IndexTree::kDrug: return "Drug Table";
    case IndexTree::kExternal: return "External Cause Index";
  }
  return "unknown index";
}

const char* IndexColumnName(IndexTree tree, int column) {
  static const char* const kNeoplasm[] = {"malignant primary", "malignant secondary", "ca in situ",
                                          "benign",            "uncertain behavior",  "unspecified behavior"};
  static const char* const kDrug[] = {"poisoning accidental (unintentional)", "poisoning intentional self-harm",
                                      "poisoning assault",                    "poisoning undetermined",
                                      "adverse effect",                       "underdosing"};
  if (column < 1 || column > kTableColumns) return "";
  if (tree == IndexTree::kNeoplasm) return kNeoplasm[column - 1];
  if (tree == IndexTree::kDrug) return kDrug[column - 1];
  return "";
}

namespace {

// Columns 0..11 of a term with its index code (column 0), for RowToTerm.
constexpr const char* kTermColumns =
    "SELECT t.id, t.tree, t.id - r.first_id + 1, t.parent, t.level, t.term, t.see, t.see_also, t.nonessential,"
    " c.printed, c.code, c.kind FROM icd_index_term t JOIN icd_index_tree r ON r.tree=t.tree"
    " LEFT JOIN icd_index_code c ON c.term_id=t.id AND c.col=0 ";

IndexTerm RowToTerm(const Statement& s) {
  IndexTerm t;
  t.id = s.ColumnInt(0);
  t.tree = static_cast<IndexTree>(s.ColumnInt(1));
  t.source_row = s.ColumnInt(2);
  t.parent_id = s.ColumnInt(3);
  t.level = static_cast<int>(s.ColumnInt(4));
  t.term = s.ColumnText(5);
  t.see = s.ColumnText(6);
  t.see_also = s.ColumnText(7);
  t.nonessential = s.ColumnText(8);
  if (!s.ColumnIsNull(9)) {
    t.code.printed = s.ColumnText(9);
    t.code.code = s.ColumnText(10);
    t.code.kind = static_cast<IndexCodeKind>(s.ColumnInt(11));
  }
  return t;
}

std::vector<IndexTerm> QueryTerms(const CodeSetPack& pack, const std::string& sql,
                                  const std::function<void(Statement&)>& bind) {
  std::vector<IndexTerm> out;
  auto s = pack.db().Prepare(sql);
  if (!s.ok()) return out;
  bind(*s);
  while (s->Step().value_or(false)) out.push_back(RowToTerm(*s));
  return out;
}

}  // namespace

Result<IndexTerm> LookupIndexTerm(const CodeSetPack& pack, int64_t id) {
  auto terms = QueryTerms(pack, std::string(kTermColumns) + "WHERE t.id=?", [&](Statement& s) { s.Bind(1, id); });
  if (terms.empty()) {
    return MakeError(ErrorCode::kNotFound, "The ICD-10-CM index has no term " + std::to_string(id));
  }
  return std::move(terms.front());
}

std::vector<IndexTerm> IndexTermPath(const CodeSetPack& pack, int64_t id) {
  std::vector<IndexTerm> path;
  while (id != 0 && path.size() < 64) {  // 64: more than any index depth; guards a damaged pack's cycle
    auto t = LookupIndexTerm(pack, id);
    if (!t.ok()) return {};
    id = t->parent_id;
    path.push_back(std::move(t).value());
  }
  std::reverse(path.begin(), path.end());
  return path;
}

std::string IndexPathText(const std::vector<IndexTerm>& path) {
  std::string out;
  for (const auto& t : path) {
    if (!out.empty()) out += " > ";
    out += t.term.empty() ? t.nonessential : t.term;
  }
  return out;
}

std::vector<IndexTerm> IndexChildren(const CodeSetPack& pack, int64_t id) {
  return QueryTerms(pack, std::string(kTermColumns) + "WHERE t.parent=? ORDER BY t.id",
                    [&](Statement& s) { s.Bind(1, id); });
}

std::vector<IndexTerm> IndexMainTerms(const CodeSetPack& pack, IndexTree tree, std::string_view prefix, int limit) {
  const std::string p = Trim(prefix);
  std::string sql = std::string(kTermColumns) + "WHERE t.tree=? AND t.parent=0 AND " + kNamed + " ";
  if (!p.empty()) sql += "AND t.term >= ? COLLATE NOCASE AND t.term < ? COLLATE NOCASE ";
  sql += "ORDER BY t.term COLLATE NOCASE, t.id LIMIT ?";
  return QueryTerms(pack, sql, [&](Statement& s) {
    s.Bind(1, static_cast<int64_t>(tree));
    if (!p.empty()) {
      s.Bind(2, p);
      s.Bind(3, p + "\xff");  // 0xFF: above every byte of UTF-8 text
    }
    s.Bind(p.empty() ? 2 : 4, static_cast<int64_t>(limit));
  });
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Reading: see / see also
// ---------------------------------------------------------------------------------------------------------------

namespace {

// Lower case (ASCII), runs of spaces as one, trimmed: how see texts and terms are compared.
std::string Fold(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : Trim(s)) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::vector<std::string> SplitParts(std::string_view text) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    const size_t comma = text.find(',', start);
    const size_t length = comma == std::string_view::npos ? std::string_view::npos : comma - start;
    std::string part = Fold(text.substr(start, length));
    if (!part.empty()) parts.push_back(std::move(part));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return parts;
}

// Walks parts[from..] down from `node` through children matching each part (a child matches when its whole text or
// its first word(s) before a comma do, any case: "arteriosclerosis" matches "Arteriosclerosis, arteriosclerotic");
// skips parts no child matches when `skip_unmatched` (the Neoplasm Table: "malignant", "by site" name a column or
// an instruction, not a row).
void WalkParts(const CodeSetPack& pack, const std::vector<std::string>& parts, size_t from, bool skip_unmatched,
               IndexReference& ref) {
  // TermMatches in SQL (no text copied out for the hundreds of subterms of "Disease, diseased").
  auto child = pack.db().Prepare(
      "SELECT id FROM icd_index_term WHERE parent=? AND (term=? COLLATE NOCASE OR (term >= ? COLLATE NOCASE AND "
      "term < ? COLLATE NOCASE)) ORDER BY id LIMIT 1");
  if (!child.ok()) return;
  for (size_t i = from; i < parts.size(); ++i) {
    child->Reset();
    child->Bind(1, ref.term_id).Bind(2, parts[i]).Bind(3, parts[i] + ",").Bind(4, parts[i] + "-");  // '-' = ',' + 1
    const int64_t next = child->Step().value_or(false) ? child->ColumnInt(0) : 0;
    if (next == 0) {
      if (skip_unmatched) continue;
      break;
    }
    ref.term_id = next;
    ++ref.parts_matched;
  }
}

// "category M01", "subcategory M14.8-", "E08-E13 with .620": the text names a place in the Tabular List.
bool NamesCodeRange(const std::string& folded, std::string_view text) {
  if (folded.rfind("category", 0) == 0 || folded.rfind("subcategory", 0) == 0) return true;
  const std::string t = Trim(text);
  return t.size() >= 3 && std::isupper(static_cast<unsigned char>(t[0])) &&
         std::isdigit(static_cast<unsigned char>(t[1])) &&
         (std::isdigit(static_cast<unsigned char>(t[2])) || std::isupper(static_cast<unsigned char>(t[2])));
}

}  // namespace

IndexReference ResolveIndexReference(const CodeSetPack& pack, IndexTree tree, std::string_view text) {
  IndexReference ref;
  const std::vector<std::string> parts = SplitParts(text);
  ref.parts = static_cast<int>(parts.size());
  if (parts.empty()) return ref;
  const std::string folded = Fold(text);
  if (folded.rfind("table of drugs", 0) == 0) {
    ref.kind = IndexReferenceKind::kDrugTable;
    return ref;
  }
  if (folded.rfind("table of neoplasms", 0) == 0 || parts[0] == "neoplasm") {
    ref.kind = IndexReferenceKind::kNeoplasmTable;
    auto mains = IndexMainTerms(pack, IndexTree::kNeoplasm, "", 1);
    if (mains.empty()) return ref;
    ref.main_term_ids.push_back(mains[0].id);
    ref.term_id = mains[0].id;
    ref.parts_matched = 1;
    WalkParts(pack, parts, 1, true, ref);
    return ref;
  }
  if (NamesCodeRange(folded, text)) {
    ref.kind = IndexReferenceKind::kCodeRange;
    return ref;
  }
  // Targets are main terms, printed with a capital; lower case is an instruction ("see also condition"), even where
  // a main term of that name exists ("Condition").
  const std::string t = Trim(text);
  if (std::islower(static_cast<unsigned char>(t[0]))) {
    ref.kind = IndexReferenceKind::kInstruction;
    return ref;
  }
  // Main terms: the longest run of leading parts that is a whole main term; else main terms starting "<part 1>,";
  // else the same for spellings of part 1 the index uses elsewhere: "Complications" / "Complication(s)" for the
  // main term "Complication", "Light for dates" for "Light-for-dates".
  for (size_t k = parts.size(); k >= 1; --k) {
    std::string key;
    for (size_t i = 0; i < k; ++i) key += (i ? ", " : "") + parts[i];
    std::vector<std::string> keys{key};
    if (k == 1) {
      std::string singular = key;
      if (singular.size() > 3 && singular.compare(singular.size() - 3, 3, "(s)") == 0) {
        singular.resize(singular.size() - 3);
      } else if (singular.size() > 1 && singular.back() == 's') {
        singular.pop_back();
      }
      if (singular != key) keys.push_back(singular);
      std::string dashed = key;
      std::replace(dashed.begin(), dashed.end(), ' ', '-');
      if (dashed != key) keys.push_back(dashed);
    }
    std::vector<IndexTerm> mains;
    for (size_t i = 0; i < keys.size() && mains.empty(); ++i) {
      mains = QueryTerms(pack, std::string(kTermColumns) +
                                   "WHERE t.tree=? AND t.parent=0 AND " + kNamed +
                                   " AND t.term=? COLLATE NOCASE ORDER BY t.id",
                         [&](Statement& s) { s.Bind(1, static_cast<int64_t>(tree)).Bind(2, keys[i]); });
      if (mains.empty() && k == 1) {
        mains = QueryTerms(pack, std::string(kTermColumns) +
                                     "WHERE t.tree=? AND t.parent=0 AND " + kNamed + " AND t.term >= ? COLLATE NOCASE"
                                     " AND t.term < ? COLLATE NOCASE ORDER BY t.id",
                           [&](Statement& s) {
                             s.Bind(1, static_cast<int64_t>(tree)).Bind(2, keys[i] + ",").Bind(3, keys[i] + "-");
                           });
      }
    }
    if (mains.empty()) continue;
    ref.kind = IndexReferenceKind::kTerm;
    for (const auto& m : mains) ref.main_term_ids.push_back(m.id);
    ref.term_id = mains[0].id;
    ref.parts_matched = static_cast<int>(k);
    WalkParts(pack, parts, k, false, ref);
    return ref;
  }
  return ref;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Reading: codes, tables, paths
// ---------------------------------------------------------------------------------------------------------------

namespace {

// Columns 0..8 of the term, then 9 col, 10 printed, 11 code, 12 kind.
constexpr const char* kHitColumns =
    "SELECT t.id, t.tree, t.id - r.first_id + 1, t.parent, t.level, t.term, t.see, t.see_also, t.nonessential,"
    " c.col, c.printed, c.code, c.kind FROM icd_index_code c JOIN icd_index_term t ON t.id=c.term_id"
    " JOIN icd_index_tree r ON r.tree=t.tree ";

void AddHits(const CodeSetPack& pack, const std::string& code, bool exact, size_t limit, std::vector<IndexHit>& out) {
  auto s = pack.db().Prepare(std::string(kHitColumns) + "WHERE c.code=? " +
                             (exact ? "AND c.kind IN (1,2,3)" : "AND c.kind IN (1,2)") + " ORDER BY c.term_id, c.col");
  if (!s.ok()) return;
  s->Bind(1, code);
  while ((limit == 0 || out.size() < limit) && s->Step().value_or(false)) {
    IndexHit h;
    h.term.id = s->ColumnInt(0);
    h.term.tree = static_cast<IndexTree>(s->ColumnInt(1));
    h.term.source_row = s->ColumnInt(2);
    h.term.parent_id = s->ColumnInt(3);
    h.term.level = static_cast<int>(s->ColumnInt(4));
    h.term.term = s->ColumnText(5);
    h.term.see = s->ColumnText(6);
    h.term.see_also = s->ColumnText(7);
    h.term.nonessential = s->ColumnText(8);
    h.column = static_cast<int>(s->ColumnInt(9));
    h.code = {s->ColumnText(10), s->ColumnText(11), static_cast<IndexCodeKind>(s->ColumnInt(12))};
    if (h.column == 0) h.term.code = h.code;
    h.exact = exact;
    out.push_back(std::move(h));
  }
}

std::array<IndexCode, kTableColumns> TableCells(const CodeSetPack& pack, int64_t id) {
  std::array<IndexCode, kTableColumns> cells;
  auto s = pack.db().Prepare("SELECT col, printed, code, kind FROM icd_index_code WHERE term_id=? AND col>0");
  if (!s.ok()) return cells;
  s->Bind(1, id);
  while (s->Step().value_or(false)) {
    const int64_t col = s->ColumnInt(0);
    if (col < 1 || col > kTableColumns) continue;
    cells[static_cast<size_t>(col - 1)] = {s->ColumnText(1), s->ColumnText(2),
                                           static_cast<IndexCodeKind>(s->ColumnInt(3))};
  }
  return cells;
}

std::vector<TableRow> TableRows(const CodeSetPack& pack, IndexTree tree, std::string_view term) {
  std::vector<TableRow> out;
  const std::string sql =
      std::string(kTermColumns) + "WHERE t.tree=? AND " + kNamed + " AND t.term=? COLLATE NOCASE ORDER BY t.id";
  for (auto& t : QueryTerms(pack, sql, [&](Statement& s) {
         s.Bind(1, static_cast<int64_t>(tree)).Bind(2, Trim(term));
       })) {
    TableRow row;
    row.path = IndexPathText(IndexTermPath(pack, t.id));
    row.cells = TableCells(pack, t.id);
    row.term = std::move(t);
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace

std::vector<IndexHit> IndexEntriesForCode(const CodeSetPack& pack, std::string_view code, int limit) {
  std::vector<IndexHit> out;
  const size_t max = limit > 0 ? static_cast<size_t>(limit) : 0;
  std::string key = NormalizeIcdCode(code);
  AddHits(pack, key, true, max, out);
  // Codes above it, most specific first: "E11.40" <- "E11.4-" <- "E11.-"; "T51.3X1A" <- "T51.3X1" (the Drug Table
  // prints codes without their 7th character).
  while (key.size() > 3 && (max == 0 || out.size() < max)) {
    key.pop_back();
    if (key.back() == '.') key.pop_back();
    AddHits(pack, key, false, max, out);
  }
  for (auto& h : out) h.path = IndexPathText(IndexTermPath(pack, h.term.id));
  return out;
}

std::vector<TableRow> NeoplasmRows(const CodeSetPack& pack, std::string_view term) {
  return TableRows(pack, IndexTree::kNeoplasm, term);
}

std::vector<TableRow> DrugRows(const CodeSetPack& pack, std::string_view term) {
  return TableRows(pack, IndexTree::kDrug, term);
}

Result<TableRow> LookupTableRow(const CodeSetPack& pack, int64_t id) {
  auto t = LookupIndexTerm(pack, id);
  if (!t.ok()) return t.error();
  if (t->tree != IndexTree::kNeoplasm && t->tree != IndexTree::kDrug) {
    return MakeError(ErrorCode::kNotFound, "Index term " + std::to_string(id) + " ('" + t->term + "') is in the " +
                                               IndexTreeName(t->tree) + ", not in the Neoplasm or Drug Table");
  }
  TableRow row;
  row.path = IndexPathText(IndexTermPath(pack, id));
  row.cells = TableCells(pack, id);
  row.term = std::move(t).value();
  return row;
}

Status ForEachIndexPath(const CodeSetPack& pack, const std::function<void(const IndexPathEntry&)>& visit) {
  auto s = pack.db().Prepare(
      "SELECT t.id, t.tree, t.level, t.term, t.nonessential, c.col, c.printed, c.code, c.kind FROM icd_index_term t"
      " LEFT JOIN icd_index_code c ON c.term_id=t.id ORDER BY t.id, c.col");
  if (!s.ok()) return s.error();
  std::vector<std::string> stack;  // the path's terms, by level
  int64_t last_id = 0;
  std::string path;
  for (;;) {
    auto row = s->Step();
    if (!row.ok()) return row.error();
    if (!*row) return Status::Ok();
    const int64_t id = s->ColumnInt(0);
    if (id != last_id) {
      last_id = id;
      const size_t level = static_cast<size_t>(std::max<int64_t>(0, s->ColumnInt(2)));
      stack.resize(std::min(level, stack.size()));
      stack.push_back(s->ColumnIsNull(3) || s->ColumnText(3).empty() ? s->ColumnText(4) : s->ColumnText(3));
      path.clear();
      for (const auto& t : stack) path += (path.empty() ? "" : " > ") + t;
    }
    if (s->ColumnIsNull(5)) continue;
    IndexPathEntry e;
    e.code.kind = static_cast<IndexCodeKind>(s->ColumnInt(8));
    if (e.code.kind == IndexCodeKind::kNone) continue;
    e.term_id = id;
    e.tree = static_cast<IndexTree>(s->ColumnInt(1));
    e.column = static_cast<int>(s->ColumnInt(5));
    e.path = path;
    if (e.column > 0) e.path += std::string(" > ") + IndexColumnName(e.tree, e.column);
    e.nonessential = s->ColumnText(4);
    e.code.printed = s->ColumnText(6);
    e.code.code = s->ColumnText(7);
    visit(e);
  }
}

}  // namespace medcode::engine
