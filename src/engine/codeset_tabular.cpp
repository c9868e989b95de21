// codeset_tabular.cpp: the ICD-10-CM Tabular List notes and 7th characters of the code-set pack (see
// codeset_tabular.h): compiled from the FY2021 CDC Tabular List XML with the engine's XML reader (xml.h), and their
// lookups.
//
// [SECTION] Code references in note text
// [SECTION] Reading the Tabular List XML
// [SECTION] Writing the tables
// [SECTION] Compiling (CompileIcdTabular, run by BuildCodeSetPack right after CompileIcd10cm)
// [SECTION] Reading: notes
// [SECTION] Reading: 7th characters
#include "engine/codeset_tabular.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <iterator>
#include <map>
#include <set>
#include <utility>

#include "engine/codeset_build.h"
#include "engine/text.h"
#include "engine/xml.h"

namespace medcode::engine {

namespace {

constexpr const char* kSet = "icd10cm-notes";
constexpr const char* kEdition = "FY2021";
constexpr const char* kTabular = "icd10cm/fy2021-tabular-full/icd10cm_tabular_2021.xml";

// icd10cm_note: one row per <note> of a note block, keyed by where the tabular puts it.
// icd10cm_note_ref: the code references found in a note's text.
// icd10cm_seventh: one row per <extension> of a sevenChrDef (a following <note> goes into `note`).
// icd10cm_tabular_category: each category of the pack with its place in the FY2021 tabular (tabular order, chapter,
//   the sections holding it, comma-separated, broadest first); categories added later take an existing neighbour's.
constexpr const char* kTabularSchema =
    "CREATE TABLE icd10cm_note(level INTEGER NOT NULL, owner TEXT NOT NULL, seq INTEGER NOT NULL,"
    "  kind INTEGER NOT NULL, block INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY(level, owner, seq))"
    "  WITHOUT ROWID;"
    "CREATE TABLE icd10cm_note_ref(level INTEGER NOT NULL, owner TEXT NOT NULL, seq INTEGER NOT NULL,"
    "  ref INTEGER NOT NULL, offset INTEGER NOT NULL, text TEXT NOT NULL, first TEXT NOT NULL, last TEXT NOT NULL,"
    "  codes INTEGER NOT NULL, PRIMARY KEY(level, owner, seq, ref)) WITHOUT ROWID;"
    "CREATE TABLE icd10cm_seventh(level INTEGER NOT NULL, owner TEXT NOT NULL, seq INTEGER NOT NULL,"
    "  character TEXT NOT NULL, meaning TEXT NOT NULL, note TEXT NOT NULL, PRIMARY KEY(level, owner, seq))"
    "  WITHOUT ROWID;"
    "CREATE TABLE icd10cm_tabular_category(category TEXT PRIMARY KEY, ordinal INTEGER NOT NULL,"
    "  chapter INTEGER NOT NULL, sections TEXT NOT NULL) WITHOUT ROWID;";

struct KindName {
  IcdNoteKind kind;
  const char* xml;
  const char* label;
};
constexpr KindName kKinds[] = {
    {IcdNoteKind::kIncludes, "includes", "Includes"},
    {IcdNoteKind::kInclusionTerm, "inclusionTerm", "Inclusion terms"},
    {IcdNoteKind::kExcludes1, "excludes1", "Excludes1"},
    {IcdNoteKind::kExcludes2, "excludes2", "Excludes2"},
    {IcdNoteKind::kCodeFirst, "codeFirst", "Code first"},
    {IcdNoteKind::kUseAdditionalCode, "useAdditionalCode", "Use additional code"},
    {IcdNoteKind::kCodeAlso, "codeAlso", "Code also"},
    {IcdNoteKind::kNotes, "notes", "Notes"},
    {IcdNoteKind::kSevenChrNote, "sevenChrNote", "7th character"},
};

const KindName* KindByXml(std::string_view name) {
  for (const auto& k : kKinds) {
    if (name == k.xml) return &k;
  }
  return nullptr;
}

bool IsUpperOrDigit(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Code references in note text
// ---------------------------------------------------------------------------------------------------------------

// A code at text[i]: a capital letter, a digit, a capital or digit, then optionally '.' and 1..4 capitals or digits,
// not inside a word. Returns its length (0 when none); `suffix` is the length of a ".-" or "-" that follows.
size_t CodeAt(std::string_view text, size_t i, size_t& suffix) {
  suffix = 0;
  if (i + 3 > text.size() || (i > 0 && IsAlnum(text[i - 1]))) return 0;
  if (!(text[i] >= 'A' && text[i] <= 'Z') || !std::isdigit(static_cast<unsigned char>(text[i + 1])) ||
      !IsUpperOrDigit(text[i + 2])) {
    return 0;
  }
  size_t n = 3;
  if (i + 3 < text.size() && text[i + 3] == '.') {
    size_t m = 0;
    while (i + 4 + m < text.size() && m < 5 && IsUpperOrDigit(text[i + 4 + m])) ++m;
    if (m >= 1 && m <= 4) n = 4 + m;
  }
  if (i + n < text.size() && IsAlnum(text[i + n])) return 0;  // "G6PD", "P2Y12": words, not codes
  // ".-" (category and below) or "-" (this code and below); a '-' that starts a range ("E08-E13") is not a suffix.
  if (text.substr(i + n, 2) == ".-") {
    suffix = 2;
  } else if (i + n < text.size() && text[i + n] == '-') {
    size_t ignored = 0;
    if (CodeAt(text, i + n + 1, ignored) == 0 || text.substr(i + n, 2) == "--") suffix = 1;
  }
  return n;
}

}  // namespace

std::vector<IcdNoteRef> FindIcdCodeReferences(std::string_view text) {
  std::vector<IcdNoteRef> out;
  size_t i = 0;
  while (i < text.size()) {
    size_t suffix = 0;
    const size_t n = CodeAt(text, i, suffix);
    if (n == 0) {
      ++i;
      continue;
    }
    IcdNoteRef ref;
    ref.offset = i;
    ref.first = ref.last = NormalizeIcdCode(text.substr(i, n));
    size_t end = i + n + suffix;
    // A range: "-" ("E08-E13", "I70.2--I70.7-"), " -", " to ", or nothing after a suffix ("F10.-F19.-"), then a
    // second code.
    for (std::string_view sep : {"-", " -", " to ", ""}) {
      if (sep.empty() && suffix == 0) continue;
      if (text.substr(end, sep.size()) != sep) continue;
      size_t suffix2 = 0;
      const size_t n2 = CodeAt(text, end + sep.size(), suffix2);
      if (n2 == 0) continue;
      ref.last = NormalizeIcdCode(text.substr(end + sep.size(), n2));
      end = end + sep.size() + n2 + suffix2;
      break;
    }
    ref.text = std::string(text.substr(i, end - i));
    out.push_back(std::move(ref));
    i = end;
  }
  return out;
}

namespace {

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Reading the Tabular List XML
// ---------------------------------------------------------------------------------------------------------------

struct ParsedNote {
  IcdNoteLevel level;
  std::string owner;
  int seq = 0;
  int block = 0;
  IcdNoteKind kind;
  std::string text;
};

struct ParsedSeventh {
  IcdNoteLevel level;
  std::string owner;
  int seq = 0;
  char character = 0;
  std::string meaning;
  std::string note;
};

struct ParsedSection {
  std::string id;
  int chapter = 0;
  std::string first, last;  // from the id: "E08-E13" -> E08, E13; "O09" -> O09
};

struct Tabular {
  std::vector<ParsedNote> notes;
  std::vector<ParsedSeventh> sevenths;
  std::vector<ParsedSection> sections;  // document order
  // Categories in tabular order with their chapter and the section that holds them.
  std::vector<std::pair<std::string, std::pair<int, std::string>>> categories;
  std::set<std::string> codes;  // every <diag> name, dotted
  std::vector<std::string> irregular;  // "H54.512A under H54.511": a <diag> nested under a code it does not extend
  int64_t diags = 0, placeholders = 0;
};

// Where a note block is and the counters of its owner.
struct Owner {
  IcdNoteLevel level;
  std::string name;
  int seq = 0;
  int block = 0;
  int seventh_defs = 0;
};

class TabularParser {
 public:
  TabularParser(const InputFile& file, Tabular& out) : m_r(file.text, file.info.path), m_out(out) {}

  Status Parse() {
    auto t = NextNonBlank();
    if (!t.ok()) return t.error();
    if (*t != XmlToken::kStartElement || m_r.name() != "ICD10CM.tabular") {
      return m_r.TokenError("Expected the root element <ICD10CM.tabular> (is this the ICD-10-CM Tabular List?)");
    }
    for (;;) {
      auto child = NextChild("ICD10CM.tabular");
      if (!child.ok()) return child.error();
      if (!*child) break;
      const std::string& name = m_r.name();
      if (name == "chapter") {
        if (Status s = ParseChapter(); !s.ok()) return s;
      } else if (name == "version" || name == "title" || name == "introduction") {
        if (Status s = m_r.SkipElement(); !s.ok()) return s;
      } else {
        return Unexpected("ICD10CM.tabular");
      }
    }
    auto end = m_r.Next();
    if (!end.ok()) return end.error();
    if (m_out.sections.empty()) return m_r.TokenError("The Tabular List has no <chapter> with a <section>");
    return Status::Ok();
  }

 private:
  Result<XmlToken> NextNonBlank() {
    for (;;) {
      auto t = m_r.Next();
      if (!t.ok() || *t != XmlToken::kText || !m_r.IsWhiteSpaceText()) return t;
    }
  }

  // The next child element of `parent` (true, the reader at its start tag) or the parent's end (false).
  Result<bool> NextChild(const char* parent) {
    auto t = NextNonBlank();
    if (!t.ok()) return t.error();
    switch (*t) {
      case XmlToken::kStartElement: return true;
      case XmlToken::kEndElement: return false;
      case XmlToken::kText:
        return m_r.TokenError("Unexpected text " + QuoteForMessage(m_r.text(), 40) + " in <" + parent + ">");
      case XmlToken::kEnd: break;
    }
    return m_r.TokenError(std::string("The file ends inside <") + parent + ">");
  }

  Error Unexpected(const char* parent) const {
    return m_r.TokenError("Unexpected <" + m_r.name() + "> in <" + parent + "> (not in the CDC tabular schema)");
  }

  // A child element common to chapters, sections and diags: a note block or a sevenChrDef. False when it is not one.
  Result<bool> ParseNoteOrSeventh(Owner& owner, const char* parent) {
    const std::string name = m_r.name();
    const KindName* kind = KindByXml(name);
    if (!kind && name != "sevenChrDef") return false;
    if (owner.name.empty()) return m_r.TokenError("<" + name + "> comes before the <name> of its <" + parent + ">");
    if (kind) {
      const int block = ++owner.block;
      for (;;) {
        auto child = NextChild(kind->xml);
        if (!child.ok()) return child.error();
        if (!*child) return true;
        if (m_r.name() != "note") return Unexpected(kind->xml);
        auto text = m_r.ReadText();
        if (!text.ok()) return text.error();
        m_out.notes.push_back({owner.level, owner.name, ++owner.seq, block, kind->kind, Trim(*text)});
      }
    }
    if (++owner.seventh_defs > 1) return m_r.TokenError("A second <sevenChrDef> for " + owner.name);
    int seq = 0;
    std::set<char> seen;
    for (;;) {
      auto child = NextChild("sevenChrDef");
      if (!child.ok()) return child.error();
      if (!*child) break;
      if (m_r.name() == "extension") {
        const std::string* ch = m_r.Attribute("char");
        if (!ch || ch->size() != 1 || !IsAlnum((*ch)[0])) {
          return m_r.TokenError("<extension> of " + owner.name + " needs a char attribute of one letter or digit");
        }
        const char c = static_cast<char>(std::toupper(static_cast<unsigned char>((*ch)[0])));
        if (!seen.insert(c).second) {
          return m_r.TokenError("7th character " + std::string(1, c) + " is defined twice for " + owner.name);
        }
        auto text = m_r.ReadText();
        if (!text.ok()) return text.error();
        m_out.sevenths.push_back({owner.level, owner.name, ++seq, c, Trim(*text), ""});
      } else if (m_r.name() == "note") {
        if (seq == 0) return m_r.TokenError("A <note> before any <extension> in the sevenChrDef of " + owner.name);
        auto text = m_r.ReadText();
        if (!text.ok()) return text.error();
        std::string& note = m_out.sevenths.back().note;
        if (!note.empty()) note += '\n';
        note += Trim(*text);
      } else {
        return Unexpected("sevenChrDef");
      }
    }
    if (seq == 0) return m_r.TokenError("The sevenChrDef of " + owner.name + " has no <extension>");
    return true;
  }

  Status ParseChapter() {
    Owner owner{IcdNoteLevel::kChapter, ""};
    for (;;) {
      auto child = NextChild("chapter");
      if (!child.ok()) return child.error();
      if (!*child) break;
      const std::string name = m_r.name();
      if (name == "name") {
        auto text = m_r.ReadText();
        if (!text.ok()) return text.error();
        const std::string number = Trim(*text);
        m_chapter = number.empty() || number.size() > 2 ? -1 : 0;
        for (char c : number) {
          m_chapter = std::isdigit(static_cast<unsigned char>(c)) && m_chapter >= 0 ? m_chapter * 10 + (c - '0') : -1;
        }
        if (m_chapter < 1) {
          return m_r.TokenError("Chapter <name> should be the chapter number, not '" + number + "'");
        }
        owner.name = std::to_string(m_chapter);
        continue;
      }
      auto note = ParseNoteOrSeventh(owner, "chapter");
      if (!note.ok()) return note.error();
      if (*note) continue;
      if (name == "section") {
        if (owner.name.empty()) return m_r.TokenError("<section> comes before the chapter's <name>");
        if (Status s = ParseSection(); !s.ok()) return s;
      } else if (name == "desc" || name == "sectionIndex") {
        if (Status s = m_r.SkipElement(); !s.ok()) return s;
      } else {
        return Unexpected("chapter");
      }
    }
    if (owner.name.empty()) return m_r.TokenError("A <chapter> without a <name>");
    return Status::Ok();
  }

  Status ParseSection() {
    const std::string* id = m_r.Attribute("id");
    if (!id || id->empty()) return m_r.TokenError("A <section> without an id attribute");
    ParsedSection section{*id, m_chapter, "", ""};
    const size_t dash = id->find('-');
    section.first = NormalizeIcdCode(id->substr(0, dash));
    section.last = dash == std::string::npos ? section.first : NormalizeIcdCode(id->substr(dash + 1));
    if (section.first.size() != 3 || section.last.size() != 3) {
      return m_r.TokenError("Section id '" + *id + "' should be a category or a range of categories (E08-E13)");
    }
    m_out.sections.push_back(section);
    m_section = *id;
    Owner owner{IcdNoteLevel::kSection, *id};
    for (;;) {
      auto child = NextChild("section");
      if (!child.ok()) return child.error();
      if (!*child) break;
      auto note = ParseNoteOrSeventh(owner, "section");
      if (!note.ok()) return note.error();
      if (*note) continue;
      const std::string& name = m_r.name();
      if (name == "diag") {
        if (Status s = ParseDiag(""); !s.ok()) return s;
      } else if (name == "desc" || name == "deactivated") {
        if (Status s = m_r.SkipElement(); !s.ok()) return s;
      } else {
        return Unexpected("section");
      }
    }
    return Status::Ok();
  }

  Status ParseDiag(const std::string& parent) {
    ++m_out.diags;
    if (const std::string* p = m_r.Attribute("placeholder"); p && *p == "true") ++m_out.placeholders;
    Owner owner{IcdNoteLevel::kCode, ""};
    for (;;) {
      auto child = NextChild("diag");
      if (!child.ok()) return child.error();
      if (!*child) break;
      const std::string name = m_r.name();
      if (name == "name") {
        if (!owner.name.empty()) return m_r.TokenError("A second <name> in the <diag> of " + owner.name);
        auto text = m_r.ReadText();
        if (!text.ok()) return text.error();
        const std::string code = NormalizeIcdCode(*text);
        const std::string dotless = IcdDotless(code);
        bool ok = dotless.size() >= 3 && dotless.size() <= 7 && dotless[0] >= 'A' && dotless[0] <= 'Z';
        for (char c : dotless) ok = ok && IsUpperOrDigit(c);
        if (!ok) return m_r.TokenError("'" + Trim(*text) + "' is not an ICD-10-CM code");
        // A child extends its parent's code; the FY2021 file has one exception (H54.512A under H54.511), so a
        // longer code of the same category is accepted and counted (notes are inherited by code prefix anyway).
        const std::string parent_dotless = IcdDotless(parent);
        if (parent.empty() ? dotless.size() != 3
                           : dotless.size() <= parent_dotless.size() || dotless.compare(0, 3, parent_dotless, 0, 3) != 0) {
          return m_r.TokenError(code + (parent.empty() ? " should be a 3-character category"
                                                         : " is not below its parent " + parent));
        }
        if (!parent.empty() && dotless.rfind(parent_dotless, 0) != 0) m_out.irregular.push_back(code + " under " + parent);
        if (!m_out.codes.insert(code).second) return m_r.TokenError(code + " is listed twice in the tabular");
        if (parent.empty()) m_out.categories.push_back({code, {m_chapter, m_section}});
        owner.name = code;
        continue;
      }
      auto note = ParseNoteOrSeventh(owner, "diag");
      if (!note.ok()) return note.error();
      if (*note) continue;
      if (name == "diag") {
        if (owner.name.empty()) return m_r.TokenError("A nested <diag> before its parent's <name>");
        if (Status s = ParseDiag(owner.name); !s.ok()) return s;
      } else if (name == "desc" || name == "visualImpairment") {
        if (Status s = m_r.SkipElement(); !s.ok()) return s;
      } else {
        return Unexpected("diag");
      }
    }
    if (owner.name.empty()) return m_r.TokenError("A <diag> without a <name>");
    return Status::Ok();
  }

  XmlReader m_r;
  Tabular& m_out;
  int m_chapter = 0;
  std::string m_section;
};

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Writing the tables
// ---------------------------------------------------------------------------------------------------------------

struct CategoryPlace {
  int64_t ordinal = 0;
  int chapter = 0;
  std::vector<std::string> sections;  // broadest first
};

// The pack's codes (dotted, sorted) and every category's place, for counting what references cover.
struct PackIndex {
  std::set<std::string> codes;
  std::map<std::string, CategoryPlace> categories;
  std::vector<std::pair<int64_t, std::string>> by_ordinal;  // (ordinal, category), sorted: the tabular order

  // Codes of `codes` that reference first..last covers (see IcdNoteRef).
  int64_t Count(const std::string& first, const std::string& last) const {
    // A range end that is no category (K00-K93, I60-I64: WHO ICD-10 ends) stands for the categories up to it.
    auto a = categories.lower_bound(first.substr(0, 3)), b = categories.upper_bound(last.substr(0, 3));
    if (a == categories.end() || b == categories.begin()) return 0;
    b = std::prev(b);
    if (a->second.ordinal > b->second.ordinal) return 0;
    int64_t n = 0;
    auto from = std::lower_bound(by_ordinal.begin(), by_ordinal.end(), std::make_pair(a->second.ordinal, std::string()));
    for (auto it = from; it != by_ordinal.end() && it->first <= b->second.ordinal; ++it) {
      const std::string& category = it->second;
      const std::string lo = category == a->first ? first : category;
      const std::string hi = (category == b->first ? last : category) + "\x7f";
      for (auto c = codes.lower_bound(lo); c != codes.end() && *c < hi; ++c) ++n;
    }
    return n;
  }
};

// Places every category of the pack: FY2021 categories where the tabular puts them (plus the group sections whose
// range holds them, such as V00-X58 over V01-V09); a category added later after the FY2021 category it follows in
// code order, in that category's chapter and sections (its FY2025 section decides when it names an FY2021 one).
Status PlaceCategories(Database& db, const Tabular& tab, PackIndex& index) {
  std::map<std::string, int64_t> ordinal_of;
  for (size_t i = 0; i < tab.categories.size(); ++i) {
    ordinal_of[tab.categories[i].first] = static_cast<int64_t>(i + 1) * 100;  // room for categories added later
  }
  auto place = [&](const std::string& category, int chapter, const std::string& own_section) {
    CategoryPlace p;
    p.ordinal = ordinal_of.at(category);
    p.chapter = chapter;
    for (const auto& s : tab.sections) {
      if (s.id == own_section) {
        p.sections.push_back(s.id);
        continue;
      }
      auto f = ordinal_of.find(s.first), l = ordinal_of.find(s.last);
      if (f != ordinal_of.end() && l != ordinal_of.end() && f->second <= p.ordinal && p.ordinal <= l->second) {
        p.sections.push_back(s.id);  // a group section (no codes of its own) whose range holds the category
      }
    }
    return p;
  };
  for (const auto& [category, where] : tab.categories) {
    index.categories[category] = place(category, where.first, where.second);
  }
  // The pack's categories, with their FY2025 section.
  auto s = db.Prepare("SELECT substr(code,1,3), max(section) FROM icd10cm_code GROUP BY 1 ORDER BY 1");
  if (!s.ok()) return s.error();
  std::map<std::string, std::string> added;  // category -> FY2025 section
  while (true) {
    auto row = s->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    const std::string category = s->ColumnText(0);
    if (!index.categories.count(category)) added[category] = s->ColumnText(1);
  }
  std::set<int64_t> used;
  for (const auto& [c, p] : index.categories) used.insert(p.ordinal);
  for (const auto& [category, section2025] : added) {
    // The FY2021 section that starts where its FY2025 section starts (I1A: FY2025 I10-I1A, FY2021 I10-I16), the
    // narrowest one; the new category follows that section's category before it in code order (I16).
    std::string anchor, matched;
    const std::string first2025 = NormalizeIcdCode(section2025.substr(0, section2025.find('-')));
    for (const auto& sec : tab.sections) {
      if (sec.first == first2025) matched = sec.id;  // document order: group sections come before narrower ones
    }
    for (const auto& [c, p] : index.categories) {
      if (c < category && std::find(p.sections.begin(), p.sections.end(), matched) != p.sections.end()) anchor = c;
    }
    if (anchor.empty()) {  // else the FY2021 category before it in code order
      auto it = ordinal_of.lower_bound(category);
      if (it == ordinal_of.begin()) continue;  // before every FY2021 category: left unplaced (no notes inherited)
      anchor = std::prev(it)->first;
    }
    CategoryPlace p = index.categories.at(anchor);
    while (used.count(p.ordinal)) ++p.ordinal;  // after the anchor (and any category added after it before)
    used.insert(p.ordinal);
    index.categories[category] = p;
  }
  for (const auto& [category, p] : index.categories) index.by_ordinal.emplace_back(p.ordinal, category);
  std::sort(index.by_ordinal.begin(), index.by_ordinal.end());
  auto ins = db.Prepare("INSERT INTO icd10cm_tabular_category VALUES(?,?,?,?)");
  if (!ins.ok()) return ins.error();
  for (const auto& [category, p] : index.categories) {
    std::string sections;
    for (const auto& sec : p.sections) sections += (sections.empty() ? "" : ",") + sec;
    ins->Reset();
    ins->Bind(1, category).Bind(2, p.ordinal).Bind(3, static_cast<int64_t>(p.chapter)).Bind(4, sections);
    if (Status st = ins->Run(); !st.ok()) return st;
  }
  return Status::Ok();
}

struct Counts {
  std::array<int64_t, kIcdNoteKindCount + 1> kept{}, dropped{};
  int64_t refs = 0, refs_resolved = 0, sevenths = 0, seventh_defs = 0, seventh_dropped = 0;
};

Status WriteNotes(Database& db, const Tabular& tab, const PackIndex& index, Counts& counts) {
  auto ins = db.Prepare("INSERT INTO icd10cm_note VALUES(?,?,?,?,?,?)");
  if (!ins.ok()) return ins.error();
  auto ins_ref = db.Prepare("INSERT INTO icd10cm_note_ref VALUES(?,?,?,?,?,?,?,?,?)");
  if (!ins_ref.ok()) return ins_ref.error();
  for (const auto& n : tab.notes) {
    const int kind = static_cast<int>(n.kind);
    if (n.level == IcdNoteLevel::kCode && !index.codes.count(n.owner)) {
      ++counts.dropped[kind];  // a code that no longer exists in FY2024-FY2026
      continue;
    }
    ++counts.kept[kind];
    ins->Reset();
    ins->Bind(1, static_cast<int64_t>(n.level)).Bind(2, n.owner).Bind(3, static_cast<int64_t>(n.seq));
    ins->Bind(4, static_cast<int64_t>(kind)).Bind(5, static_cast<int64_t>(n.block)).Bind(6, n.text);
    if (Status s = ins->Run(); !s.ok()) return s;
    int64_t ref_no = 0;
    for (const auto& r : FindIcdCodeReferences(n.text)) {
      // Only codes the tabular or the pack knows: "H2O" or a vitamin "B12" in running text are not references.
      const bool known = tab.codes.count(r.first) || index.codes.count(r.first) || tab.codes.count(r.last) ||
                         index.codes.count(r.last);
      if (!known) continue;
      const int64_t codes = index.Count(r.first, r.last);
      ++counts.refs;
      counts.refs_resolved += codes > 0;
      ins_ref->Reset();
      ins_ref->Bind(1, static_cast<int64_t>(n.level)).Bind(2, n.owner).Bind(3, static_cast<int64_t>(n.seq));
      ins_ref->Bind(4, ++ref_no).Bind(5, static_cast<int64_t>(r.offset)).Bind(6, r.text).Bind(7, r.first);
      ins_ref->Bind(8, r.last).Bind(9, codes);
      if (Status s = ins_ref->Run(); !s.ok()) return s;
    }
  }
  auto ins7 = db.Prepare("INSERT INTO icd10cm_seventh VALUES(?,?,?,?,?,?)");
  if (!ins7.ok()) return ins7.error();
  std::set<std::pair<int, std::string>> defs;
  for (const auto& e : tab.sevenths) {
    if (e.level == IcdNoteLevel::kCode && !index.codes.count(e.owner)) {
      if (e.seq == 1) ++counts.seventh_dropped;
      continue;
    }
    defs.emplace(static_cast<int>(e.level), e.owner);
    ++counts.sevenths;
    ins7->Reset();
    ins7->Bind(1, static_cast<int64_t>(e.level)).Bind(2, e.owner).Bind(3, static_cast<int64_t>(e.seq));
    ins7->Bind(4, std::string(1, e.character)).Bind(5, e.meaning).Bind(6, e.note);
    if (Status s = ins7->Run(); !s.ok()) return s;
  }
  counts.seventh_defs = static_cast<int64_t>(defs.size());
  return Status::Ok();
}

int64_t CountLines(const std::string& text) {
  return static_cast<int64_t>(std::count(text.begin(), text.end(), '\n')) +
         (text.empty() || text.back() == '\n' ? 0 : 1);
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Compiling
// ---------------------------------------------------------------------------------------------------------------

Status CompileIcdTabular(PackBuild& build) {
  auto file = build.Read(kTabular, kSet, kEdition);
  if (!file.ok()) return file.error();
  Tabular tab;
  if (Status s = TabularParser(**file, tab).Parse(); !s.ok()) return s;
  (*file)->info.rows = CountLines((*file)->text);  // lines, the unit codesets/README.md counts XML files in

  Database& db = build.db();
  if (Status s = db.Exec(kTabularSchema); !s.ok()) return s;
  PackIndex index;
  {
    auto s = db.Prepare("SELECT code FROM icd10cm_code");  // written by CompileIcd10cm, which runs first
    if (!s.ok()) return s.error();
    while (true) {
      auto row = s->Step();
      if (!row.ok()) return row.error();
      if (!*row) break;
      index.codes.insert(s->ColumnText(0));
    }
  }
  if (Status s = PlaceCategories(db, tab, index); !s.ok()) return s;
  Counts counts;
  if (Status s = WriteNotes(db, tab, index, counts); !s.ok()) return s;

  int64_t kept = 0, dropped = 0;
  std::string per_kind, irregular;
  for (const auto& i : tab.irregular) irregular += (irregular.empty() ? "" : ", ") + i;
  if (!irregular.empty()) {
    irregular = "Nested in the XML under a code it does not extend (notes follow the code's prefixes): " + irregular +
                ". ";
  }
  for (const auto& k : kKinds) {
    const int i = static_cast<int>(k.kind);
    kept += counts.kept[i];
    dropped += counts.dropped[i];
    per_kind += (per_kind.empty() ? "" : ", ") + std::to_string(counts.kept[i]) + " " + k.xml;
  }
  build.AddEdition(
      {kSet, kEdition, "2020-10-01", "2021-09-30",
       "Instructional notes and 7th characters of the full CDC Tabular List XML of FY2021 (the only complete tabular "
       "available; " + std::to_string(tab.diags) + " <diag>, " + std::to_string(tab.placeholders) +
           " of them placeholder=\"true\"): " + std::to_string(kept) + " notes (" + per_kind +
           ") stored once at the chapter, section or code the tabular puts them on; " + std::to_string(dropped) +
           " notes of FY2021 codes that exist in none of FY2024-FY2026 dropped. " + std::to_string(counts.refs) +
           " code references in note text, " + std::to_string(counts.refs_resolved) +
           " of them naming codes of the pack (qualifiers such as 'with fifth character 5' are not applied). " +
           std::to_string(counts.seventh_defs) + " sevenChrDef (" + std::to_string(counts.sevenths) + " options; " +
           std::to_string(counts.seventh_dropped) +
           " dropped with their code). " + irregular +
           "Gaps: notes are those of FY2021, not of the fiscal year of service: notes "
           "added, changed or deleted since are not reflected; codes added after FY2021 inherit the notes and 7th "
           "characters of their FY2021 ancestors (chapter, sections, parent codes) but have none of their own."});
  return Status::Ok();
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Reading: notes
// ---------------------------------------------------------------------------------------------------------------

const char* IcdNoteKindLabel(IcdNoteKind kind) {
  for (const auto& k : kKinds) {
    if (k.kind == kind) return k.label;
  }
  return "Note";
}

const char* IcdNoteKindXmlName(IcdNoteKind kind) {
  for (const auto& k : kKinds) {
    if (k.kind == kind) return k.xml;
  }
  return "note";
}

std::vector<IcdNote> IcdNotesAt(const CodeSetPack& pack, IcdNoteLevel level, std::string_view owner) {
  std::vector<IcdNote> out;
  const std::string key = level == IcdNoteLevel::kCode ? NormalizeIcdCode(owner) : std::string(owner);
  auto s = pack.db().Prepare(
      "SELECT seq, kind, block, text FROM icd10cm_note WHERE level=? AND owner=? ORDER BY seq");
  if (!s.ok()) return out;
  s->Bind(1, static_cast<int64_t>(level)).Bind(2, key);
  while (s->Step().value_or(false)) {
    IcdNote n;
    n.level = level;
    n.owner = key;
    n.seq = static_cast<int>(s->ColumnInt(0));
    n.kind = static_cast<IcdNoteKind>(s->ColumnInt(1));
    n.block = static_cast<int>(s->ColumnInt(2));
    n.text = s->ColumnText(3);
    out.push_back(std::move(n));
  }
  if (out.empty()) return out;
  auto r = pack.db().Prepare(
      "SELECT seq, offset, text, first, last, codes FROM icd10cm_note_ref WHERE level=? AND owner=? ORDER BY seq, ref");
  if (!r.ok()) return out;
  r->Bind(1, static_cast<int64_t>(level)).Bind(2, key);
  size_t i = 0;
  while (r->Step().value_or(false)) {
    const int seq = static_cast<int>(r->ColumnInt(0));
    while (i < out.size() && out[i].seq < seq) ++i;
    if (i == out.size()) break;
    if (out[i].seq != seq) continue;
    out[i].refs.push_back({r->ColumnText(2), static_cast<size_t>(r->ColumnInt(1)), r->ColumnText(3),
                           r->ColumnText(4), r->ColumnInt(5)});
  }
  return out;
}

IcdTabularPlace IcdTabularPlacement(const CodeSetPack& pack, std::string_view category) {
  IcdTabularPlace out;
  auto s = pack.db().Prepare("SELECT chapter, sections FROM icd10cm_tabular_category WHERE category=?");
  if (!s.ok()) return out;
  s->Bind(1, NormalizeIcdCode(category).substr(0, 3));
  if (!s->Step().value_or(false)) return out;
  out.chapter = static_cast<int>(s->ColumnInt(0));
  const std::string sections = s->ColumnText(1);
  for (size_t start = 0; start < sections.size();) {
    const size_t comma = std::min(sections.find(',', start), sections.size());
    out.sections.push_back(sections.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

Result<std::vector<IcdNote>> IcdNotes(const CodeSetPack& pack, std::string_view code) {
  auto known = pack.Icd(code);
  if (!known.ok()) return known.error();
  const std::string dotted = known->code, dotless = IcdDotless(dotted);
  std::vector<IcdNote> out;
  auto append = [&](IcdNoteLevel level, const std::string& owner) {
    for (auto& n : IcdNotesAt(pack, level, owner)) {
      n.inherited = !(level == IcdNoteLevel::kCode && owner == dotted);
      out.push_back(std::move(n));
    }
  };
  const IcdTabularPlace place = IcdTabularPlacement(pack, dotless.substr(0, 3));
  const int chapter = place.chapter != 0 ? place.chapter : known->chapter;
  if (chapter != 0) append(IcdNoteLevel::kChapter, std::to_string(chapter));
  for (const auto& section : place.sections) append(IcdNoteLevel::kSection, section);
  for (size_t n = 3; n <= dotless.size(); ++n) append(IcdNoteLevel::kCode, IcdDotted(dotless.substr(0, n)));
  return out;
}

bool IcdReferenceCovers(const IcdNoteRef& ref, std::string_view code) {
  const std::string c = NormalizeIcdCode(code), first = NormalizeIcdCode(ref.first), last = NormalizeIcdCode(ref.last);
  if (first.empty() || c.size() < first.size()) return false;
  if (first == last) return c.compare(0, first.size(), first) == 0;
  // A range: "E08-E13" covers categories E08..E13; "A04.0-A04.4" covers A04.0..A04.4 and what is below them.
  const std::string head = c.substr(0, std::min(c.size(), std::max(first.size(), last.size())));
  return head.compare(0, first.size(), first) >= 0 && head.compare(0, last.size(), last) <= 0;
}

std::vector<IcdNoteRef> IcdExcludes1Refs(const CodeSetPack& pack, std::string_view code) {
  std::vector<IcdNoteRef> out;
  auto notes = IcdNotes(pack, code);
  if (!notes.ok()) return out;
  for (auto& n : *notes) {
    if (n.kind != IcdNoteKind::kExcludes1) continue;
    for (auto& r : n.refs) out.push_back(std::move(r));
  }
  return out;
}

std::optional<IcdExcludes1Conflict> FindIcdExcludes1(const CodeSetPack& pack, std::string_view a, std::string_view b) {
  for (int pass = 0; pass < 2; ++pass) {
    const std::string_view owner = pass == 0 ? a : b, other = pass == 0 ? b : a;
    auto notes = IcdNotes(pack, owner);
    if (!notes.ok()) continue;
    for (auto& n : *notes) {
      if (n.kind != IcdNoteKind::kExcludes1) continue;
      for (const auto& ref : n.refs) {
        if (IcdReferenceCovers(ref, other)) {
          return IcdExcludes1Conflict{NormalizeIcdCode(owner), NormalizeIcdCode(other), std::move(n)};
        }
      }
    }
  }
  return std::nullopt;
}

std::vector<std::string> IcdExpandReference(const CodeSetPack& pack, std::string_view first_in,
                                            std::string_view last_in, int fiscal_year) {
  std::vector<std::string> out;
  const std::string first = NormalizeIcdCode(first_in), last = NormalizeIcdCode(last_in);
  if (first.size() < 3 || last.size() < 3) return out;
  auto cats = pack.db().Prepare(
      "SELECT category FROM icd10cm_tabular_category WHERE ordinal BETWEEN "
      "(SELECT ordinal FROM icd10cm_tabular_category WHERE category >= ?1 ORDER BY category LIMIT 1) AND "
      "(SELECT ordinal FROM icd10cm_tabular_category WHERE category <= ?2 ORDER BY category DESC LIMIT 1) "
      "ORDER BY ordinal");
  if (!cats.ok()) return out;
  cats->Bind(1, first.substr(0, 3)).Bind(2, last.substr(0, 3));
  auto codes = pack.db().Prepare(
      "SELECT code FROM icd10cm_code WHERE code >= ?1 AND code < ?2 AND (?3 = 0 OR valid_mask & ?3) ORDER BY code");
  if (!codes.ok()) return out;
  const int64_t bit = fiscal_year == 0 ? 0 : static_cast<int64_t>(IcdCode::Bit(fiscal_year));
  if (fiscal_year != 0 && bit == 0) return out;
  while (cats->Step().value_or(false)) {
    const std::string category = cats->ColumnText(0);
    const std::string lo = category == first.substr(0, 3) ? first : category;
    const std::string hi = (category == last.substr(0, 3) ? last : category) + "\x7f";
    codes->Reset();
    codes->Bind(1, lo).Bind(2, hi).Bind(3, bit);
    while (codes->Step().value_or(false)) out.push_back(codes->ColumnText(0));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Reading: 7th characters
// ---------------------------------------------------------------------------------------------------------------

const IcdSeventhCharacter* IcdSeventhRule::Find(char c) const {
  c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const auto& o : options) {
    if (o.character == c) return &o;
  }
  return nullptr;
}

IcdSeventhRule IcdSeventhCharacters(const CodeSetPack& pack, std::string_view code) {
  IcdSeventhRule rule;
  const std::string dotless = IcdDotless(NormalizeIcdCode(code));
  if (dotless.size() < 3) return rule;
  auto s = pack.db().Prepare(
      "SELECT character, meaning, note FROM icd10cm_seventh WHERE level=? AND owner=? ORDER BY seq");
  if (!s.ok()) return rule;
  auto load = [&](IcdNoteLevel level, const std::string& owner) {
    s->Reset();
    s->Bind(1, static_cast<int64_t>(level)).Bind(2, owner);
    while (s->Step().value_or(false)) {
      const std::string c = s->ColumnText(0);
      rule.options.push_back({c.empty() ? '?' : c[0], s->ColumnText(1), s->ColumnText(2), ""});
    }
    if (rule.options.empty()) return false;
    rule.needs_seventh = true;
    rule.defined_at = owner;
    return true;
  };
  bool found = false;
  for (size_t n = std::min<size_t>(dotless.size(), 6); n >= 3 && !found; --n) {
    found = load(IcdNoteLevel::kCode, IcdDotted(dotless.substr(0, n)));
  }
  if (!found) {  // the schema allows sevenChrDef on sections and chapters too (the FY2021 file has none there)
    const IcdTabularPlace place = IcdTabularPlacement(pack, dotless.substr(0, 3));
    for (auto it = place.sections.rbegin(); it != place.sections.rend() && !found; ++it) {
      found = load(IcdNoteLevel::kSection, *it);
    }
    if (!found && place.chapter != 0) found = load(IcdNoteLevel::kChapter, std::to_string(place.chapter));
  }
  if (!found) return rule;
  if (dotless.size() == 7) rule.seventh = dotless[6];
  // The base the options attach to, and which options the pack has on it.
  std::string base = dotless.substr(0, 6);
  base.resize(6, 'X');
  auto full = pack.db().Prepare(
      "SELECT code FROM icd10cm_code WHERE code > ?1 AND code < ?1 || char(127) AND length(code) = 8");
  if (!full.ok()) return rule;
  full->Bind(1, IcdDotted(base));
  std::set<std::string> codes;
  while (full->Step().value_or(false)) codes.insert(full->ColumnText(0));
  if (codes.empty()) return rule;
  rule.base = IcdDotted(base);
  for (auto& o : rule.options) {
    const std::string code_with = IcdDotted(base + o.character);
    if (codes.count(code_with)) o.code = code_with;
  }
  return rule;
}

Result<std::string> IcdComposeSeventh(std::string_view code, char seventh) {
  const std::string dotless = IcdDotless(NormalizeIcdCode(code));
  seventh = static_cast<char>(std::toupper(static_cast<unsigned char>(seventh)));
  if (dotless.size() < 3 || dotless.size() > 6) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "'" + std::string(code) + "' cannot take a 7th character: it should have 3 to 6 characters");
  }
  if (!IsUpperOrDigit(seventh)) {
    return MakeError(ErrorCode::kInvalidArgument, "A 7th character is a letter or a digit, not '" +
                                                      std::string(1, seventh) + "'");
  }
  std::string full = dotless;
  full.resize(6, 'X');  // the placeholder X fills the empty positions before the 7th character
  full += seventh;
  return IcdDotted(full);
}

namespace {

bool PackHasPrefix(const CodeSetPack& pack, const std::string& dotted_prefix) {
  auto s = pack.db().Prepare("SELECT 1 FROM icd10cm_code WHERE code >= ?1 AND code < ?1 || char(127) LIMIT 1");
  if (!s.ok()) return false;
  s->Bind(1, dotted_prefix);
  return s->Step().value_or(false);
}

std::string OptionList(const IcdSeventhRule& rule) {
  std::string out;
  for (const auto& o : rule.options) out += (out.empty() ? "" : ", ") + std::string(1, o.character);
  return out;
}

}  // namespace

Status IcdCheckSeventhCharacter(const CodeSetPack& pack, std::string_view code) {
  const std::string dotted = NormalizeIcdCode(code), dotless = IcdDotless(dotted);
  const IcdSeventhRule rule = IcdSeventhCharacters(pack, dotted);
  if (!rule.needs_seventh) {
    if (dotless.size() < 7 || pack.Icd(dotted).ok()) return Status::Ok();
    return MakeError(ErrorCode::kInvalidArgument,
                     dotted + " has 7 characters but no 7th-character rule applies to it, and it is not a code");
  }
  if (dotless.size() < 7) {
    return MakeError(ErrorCode::kInvalidArgument, dotted + " needs a 7th character (" + OptionList(rule) +
                                                      ", defined at " + rule.defined_at + ")");
  }
  if (dotless.size() > 7) return MakeError(ErrorCode::kInvalidArgument, dotted + " has more than 7 characters");
  if (!rule.Find(dotless[6])) {
    return MakeError(ErrorCode::kInvalidArgument, "'" + std::string(1, dotless[6]) + "' is not a 7th character of " +
                                                      rule.defined_at + " (it has " + OptionList(rule) + ")");
  }
  // The first 6 characters: a code padded with X, attested by the pack (a code or the base of 7-character codes).
  const std::string base = IcdDotted(dotless.substr(0, 6));
  if (PackHasPrefix(pack, base)) {
    if (pack.Icd(dotted).ok()) return Status::Ok();
    std::string have;
    for (const auto& o : rule.options) {
      if (!o.code.empty()) have += (have.empty() ? "" : ", ") + o.code;
    }
    return MakeError(ErrorCode::kNotFound,
                     dotted + " follows the 7th-character rule of " + rule.defined_at +
                         " but is not a code in FY" + std::to_string(kFirstIcdFiscalYear) + "-FY" +
                         std::to_string(kLastIcdFiscalYear) + (have.empty() ? "" : "; " + base + " has " + have) +
                         " (the tabular's notes restrict some 7th characters)");
  }
  std::string stem = dotless.substr(0, 6);
  while (stem.size() > 3 && stem.back() == 'X') stem.pop_back();
  if (stem.size() == 6) {
    return MakeError(ErrorCode::kInvalidArgument, base + " is not a code of " + rule.defined_at);
  }
  return MakeError(ErrorCode::kInvalidArgument,
                   base + " is not a valid placeholder form: " + IcdDotted(stem) +
                       (pack.Icd(IcdDotted(stem)).ok() ? " is subdivided further; choose a more specific code first"
                                                        : " is not a code"));
}

Result<std::string> IcdWithSeventhCharacter(const CodeSetPack& pack, std::string_view code, char seventh) {
  const std::string dotted = NormalizeIcdCode(code);
  const IcdSeventhRule rule = IcdSeventhCharacters(pack, dotted);
  if (!rule.needs_seventh) {
    return MakeError(ErrorCode::kInvalidArgument, dotted + " does not take a 7th character");
  }
  if (!rule.Find(seventh)) {
    return MakeError(ErrorCode::kInvalidArgument, "'" + std::string(1, seventh) + "' is not a 7th character of " +
                                                      rule.defined_at + " (it has " + OptionList(rule) + ")");
  }
  auto full = IcdComposeSeventh(dotted, seventh);
  if (!full.ok()) return full;
  if (Status s = IcdCheckSeventhCharacter(pack, *full); !s.ok()) {
    if (s.error().code == ErrorCode::kNotFound) return s.error();  // well formed, not a code (S06.1X7D)
    // Name the more specific codes to choose from ("T36.0" + A: T36.0X1, T36.0X2, ...).
    std::vector<std::string> choices;
    auto c = pack.db().Prepare(
        "SELECT DISTINCT substr(code, 1, 7) FROM icd10cm_code WHERE code > ?1 AND code < ?1 || char(127) "
        "AND length(code) = 8 ORDER BY 1 LIMIT 9");
    if (c.ok()) {
      c->Bind(1, dotted);
      while (c->Step().value_or(false)) choices.push_back(c->ColumnText(0));
    }
    if (choices.empty()) return s.error();
    std::string list;
    for (size_t i = 0; i < choices.size() && i < 8; ++i) list += (i ? ", " : "") + choices[i];
    if (choices.size() > 8) list += ", ...";
    return MakeError(ErrorCode::kInvalidArgument,
                     dotted + " is subdivided further: choose one of " + list + " before the 7th character");
  }
  return full;
}

}  // namespace medcode::engine
