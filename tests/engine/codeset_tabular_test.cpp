// codeset_tabular_test.cpp: the ICD-10-CM Tabular List notes and 7th characters of the code-set pack, checked
// against the FY2021 Tabular List XML the build decompressed into MEDCODE_CODESETS_RAW (re-read here, note by note,
// with the engine's XML reader), against the FY2026 code list (every code that needs a 7th character has one), and
// on the cases a coder knows (E11 / E10.-, S72.001A, chapter 15); then malformed XML, which must fail the build with
// file:line:column.
#include "engine/codeset_tabular.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "engine/codeset_build.h"
#include "engine/xml.h"
#include "test_util.h"

using namespace medcode::engine;
using medcode::test::ReadBytes;
using medcode::test::TempDir;
using medcode::test::WriteBytes;

namespace {

const std::string kRaw = MEDCODE_CODESETS_RAW;
const std::string kPackPath = MEDCODE_TEST_PACK;
const char* const kTabular = "icd10cm/fy2021-tabular-full/icd10cm_tabular_2021.xml";
const char* const kList2026 = "icd10cm/fy2026-codes-only/icd10cm_codes_2026_codes-only.txt";

const char* const kKindNames[] = {"includes", "inclusionTerm", "excludes1", "excludes2", "codeFirst",
                                  "useAdditionalCode", "codeAlso", "notes", "sevenChrNote"};

// One note or 7th-character option as the XML has it, found by a walk independent of the compiler's parser.
struct XmlNote {
  int level;          // 1 chapter, 2 section, 3 code
  std::string owner;  // chapter number, section id, dotted code
  std::string kind;   // element name of the block, or "extension"
  std::string text;   // trimmed; for an extension: "<char>|<meaning>"
};

std::string Trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

// Every <note> under a note block and every <extension>, with the chapter / section / diag that holds it.
std::vector<XmlNote> ReadXmlNotes(const std::string& text, int64_t& diags) {
  XmlReader r(text, kTabular);
  struct Open {
    std::string name;
    int level = 0;
    std::string owner;
  };
  std::vector<Open> stack;
  std::vector<XmlNote> out;
  std::string pending_text;
  diags = 0;
  for (;;) {
    auto t = r.Next();
    REQUIRE(t.ok());
    if (*t == XmlToken::kEnd) break;
    if (*t == XmlToken::kStartElement) {
      Open o{r.name(), 0, ""};
      if (o.name == "chapter") o.level = 1;
      if (o.name == "section") {
        o.level = 2;
        o.owner = *r.Attribute("id");
      }
      if (o.name == "diag") {
        o.level = 3;
        ++diags;
      }
      if (o.name == "extension") pending_text = *r.Attribute("char") + "|";
      else pending_text.clear();
      stack.push_back(o);
    } else if (*t == XmlToken::kText) {
      pending_text += r.text();
    } else {
      const Open closed = stack.back();
      stack.pop_back();
      if (closed.name == "name" && !stack.empty() && (stack.back().level == 1 || stack.back().level == 3)) {
        stack.back().owner = stack.back().level == 3 ? NormalizeIcdCode(Trim(pending_text)) : Trim(pending_text);
      }
      if ((closed.name == "note" || closed.name == "extension") && stack.size() >= 2) {
        const Open& block = stack.back();
        const Open& holder = stack[stack.size() - 2];
        if (holder.level == 0) continue;  // the introduction's notes
        if (closed.name == "extension") {
          out.push_back({holder.level, holder.owner, "extension",
                         pending_text.substr(0, 1) + "|" + Trim(pending_text.substr(2))});
        } else if (block.name != "sevenChrDef") {
          out.push_back({holder.level, holder.owner, block.name, Trim(pending_text)});
        }
      }
    }
  }
  return out;
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

TEST_CASE("every note and 7th character of the FY2021 tabular is in the pack where the tabular puts it",
          "[codesets][tabular]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  const std::string xml = ReadBytes(kRaw + "/" + kTabular);
  int64_t diags = 0;
  const auto expected = ReadXmlNotes(xml, diags);
  CHECK(diags == 45017);  // 44,772 <diag> + 245 <diag placeholder="true"> (PROVENANCE.md counted the first form)

  // The pack's notes and options, all of them, in one query each.
  std::map<std::tuple<int, std::string, bool>, std::vector<std::pair<std::string, std::string>>> in_pack;
  auto s = pack->db().Prepare("SELECT level, owner, kind, text FROM icd10cm_note ORDER BY level, owner, seq");
  REQUIRE(s.ok());
  while (s->Step().value()) {
    in_pack[{static_cast<int>(s->ColumnInt(0)), s->ColumnText(1), false}].emplace_back(
        IcdNoteKindXmlName(static_cast<IcdNoteKind>(s->ColumnInt(2))), s->ColumnText(3));
  }
  auto e = pack->db().Prepare("SELECT level, owner, character, meaning FROM icd10cm_seventh ORDER BY level, owner, seq");
  REQUIRE(e.ok());
  while (e->Step().value()) {
    in_pack[{static_cast<int>(e->ColumnInt(0)), e->ColumnText(1), true}].emplace_back(
        "extension", e->ColumnText(2) + "|" + e->ColumnText(3));
  }

  // Walk the XML's notes in order: each kept one must be the next of its owner in the pack (notes and 7th-character
  // options are two sequences: the pack keeps them in two tables).
  std::map<std::string, int64_t> kept, dropped;
  std::map<std::tuple<int, std::string, bool>, size_t> next;
  int64_t mismatches = 0, sample = 0;
  for (const auto& n : expected) {
    if (n.level == 3 && !pack->Icd(n.owner).ok()) {
      ++dropped[n.kind];  // a code in none of FY2024-FY2026
      continue;
    }
    ++kept[n.kind];
    const auto& got = in_pack[{n.level, n.owner, n.kind == "extension"}];
    const size_t i = next[{n.level, n.owner, n.kind == "extension"}]++;
    if (i >= got.size() || got[i].first != n.kind || got[i].second != n.text) {
      ++mismatches;
      UNSCOPED_INFO("mismatch: " << n.owner << " " << n.kind << " " << n.text);
    }
    // And through the public lookup, for a sample.
    if (n.kind != "extension" && ++sample % 97 == 0) {
      const auto at = IcdNotesAt(*pack, static_cast<IcdNoteLevel>(n.level), n.owner);
      const bool found = std::any_of(at.begin(), at.end(), [&](const IcdNote& x) {
        return x.text == n.text && IcdNoteKindXmlName(x.kind) == n.kind && !x.inherited;
      });
      if (!found) {
        ++mismatches;
        UNSCOPED_INFO("IcdNotesAt misses: " << n.owner << " " << n.text);
      }
    }
  }
  CHECK(mismatches == 0);
  size_t total_in_pack = 0, total_kept = 0;
  for (const auto& [key, v] : in_pack) total_in_pack += v.size();
  for (const auto& [kind, count] : kept) total_kept += static_cast<size_t>(count);
  CHECK(total_in_pack == total_kept);  // nothing in the pack that the XML does not have

  // Counts per kind: the pack's equal the XML's minus those of codes no longer valid; spot checks of the XML.
  auto count = pack->db().Prepare("SELECT count(*) FROM icd10cm_note WHERE kind=?");
  REQUIRE(count.ok());
  for (int k = 1; k <= kIcdNoteKindCount; ++k) {
    INFO(kKindNames[k - 1]);
    CHECK(std::string(IcdNoteKindXmlName(static_cast<IcdNoteKind>(k))) == kKindNames[k - 1]);
    count->Reset();
    count->Bind(1, static_cast<int64_t>(k));
    REQUIRE(count->Step().value());
    CHECK(count->ColumnInt(0) == kept[kKindNames[k - 1]]);
    CHECK(kept[kKindNames[k - 1]] > 0);
  }
  CHECK(kept["excludes1"] + dropped["excludes1"] == 5441);
  CHECK(kept["sevenChrNote"] + dropped["sevenChrNote"] == 507);
  CHECK(kept["extension"] + dropped["extension"] == 1787);
  int64_t total_dropped = 0;
  for (const auto& [kind, c] : dropped) total_dropped += c;
  CHECK(static_cast<size_t>(total_dropped) < total_kept / 20);  // few FY2021 codes are gone

  // The edition says what it is and what it lacks.
  int editions = 0;
  for (const auto& ed : pack->Editions()) {
    if (ed.set != "icd10cm-notes") continue;
    ++editions;
    CHECK(ed.edition == "FY2021");
    CHECK(ed.note.find(std::to_string(total_kept - kept["extension"]) + " notes") != std::string::npos);
    CHECK(ed.note.find("inherit") != std::string::npos);
    CHECK(ed.note.find("dropped") != std::string::npos);
  }
  CHECK(editions == 1);
  bool input_listed = false;
  for (const auto& in : pack->Inputs()) input_listed |= in.path == kTabular && in.rows == 232766;
  CHECK(input_listed);
}

TEST_CASE("E11 carries Excludes1 type 1 diabetes (E10.-), resolved to the E10 codes; E11.9 inherits it",
          "[codesets][tabular]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  const auto e11 = IcdNotesAt(*pack, IcdNoteLevel::kCode, "E11");
  auto it = std::find_if(e11.begin(), e11.end(), [](const IcdNote& n) {
    return n.kind == IcdNoteKind::kExcludes1 && n.text == "type 1 diabetes mellitus (E10.-)";
  });
  REQUIRE(it != e11.end());
  REQUIRE(it->refs.size() == 1);
  const IcdNoteRef& ref = it->refs[0];
  CHECK(ref.text == "E10.-");
  CHECK(it->text.substr(ref.offset, ref.text.size()) == "E10.-");
  CHECK(ref.first == "E10");
  CHECK(ref.last == "E10");
  const auto e10 = IcdExpandReference(*pack, ref.first, ref.last);
  CHECK(static_cast<int64_t>(e10.size()) == ref.codes);
  CHECK(Contains(e10, "E10"));
  CHECK(Contains(e10, "E10.9"));
  CHECK(Contains(e10, "E10.10"));
  for (const auto& c : e10) CHECK(c.rfind("E10", 0) == 0);
  const auto e10_2026 = IcdExpandReference(*pack, "E10", "E10", 2026);
  CHECK(!e10_2026.empty());
  CHECK(e10_2026.size() <= e10.size());
  // E11's useAdditionalCode names insulin (Z79.4): a single code.
  auto insulin = std::find_if(e11.begin(), e11.end(), [](const IcdNote& n) { return n.text == "insulin (Z79.4)"; });
  REQUIRE(insulin != e11.end());
  CHECK(insulin->kind == IcdNoteKind::kUseAdditionalCode);
  REQUIRE(insulin->refs.size() == 1);
  CHECK(insulin->refs[0].first == "Z79.4");
  CHECK(insulin->refs[0].codes == 1);

  auto e119 = IcdNotes(*pack, "e119");
  REQUIRE(e119.ok());
  int from_e11 = 0, from_section = 0, from_chapter = 0, own = 0;
  for (const auto& n : *e119) {
    if (n.level == IcdNoteLevel::kCode && n.owner == "E11") ++from_e11;
    if (n.level == IcdNoteLevel::kSection && n.owner == "E08-E13") ++from_section;
    if (n.level == IcdNoteLevel::kChapter && n.owner == "4") ++from_chapter;
    if (!n.inherited) ++own;
    CHECK(n.inherited == !(n.level == IcdNoteLevel::kCode && n.owner == "E11.9"));
  }
  CHECK(from_e11 == static_cast<int>(e11.size()));
  CHECK(from_section == static_cast<int>(IcdNotesAt(*pack, IcdNoteLevel::kSection, "E08-E13").size()));
  CHECK(from_chapter == static_cast<int>(IcdNotesAt(*pack, IcdNoteLevel::kChapter, "4").size()));
  CHECK(from_chapter > 0);
  CHECK(own == static_cast<int>(IcdNotesAt(*pack, IcdNoteLevel::kCode, "E11.9").size()));
  // Broadest first: the chapter's notes come before E11's.
  REQUIRE(!e119->empty());
  CHECK(e119->front().level == IcdNoteLevel::kChapter);

  // A code added after FY2021 (E11.A, type 2 diabetes in remission, FY2026) inherits E11's notes and has none of its own.
  auto e11a = IcdNotes(*pack, "E11.A");
  REQUIRE(e11a.ok());
  CHECK(std::count_if(e11a->begin(), e11a->end(), [](const IcdNote& n) { return n.owner == "E11"; }) ==
        static_cast<long>(e11.size()));
  CHECK(std::all_of(e11a->begin(), e11a->end(), [](const IcdNote& n) { return n.inherited; }));

  auto missing = IcdNotes(*pack, "E11.99999");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::kNotFound);
}

TEST_CASE("obstetric codes inherit the chapter 15 notes; V codes the notes of their group sections",
          "[codesets][tabular]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  auto notes = IcdNotes(*pack, "O24.410");
  REQUIRE(notes.ok());
  bool maternal = false, z3a = false;
  for (const auto& n : *notes) {
    if (n.level != IcdNoteLevel::kChapter) continue;
    CHECK(n.owner == "15");
    CHECK(n.inherited);
    maternal |= n.kind == IcdNoteKind::kNotes && n.text.find("MATERNAL RECORDS") != std::string::npos;
    z3a |= n.kind == IcdNoteKind::kUseAdditionalCode && n.text.find("Z3A") != std::string::npos;
  }
  CHECK(maternal);
  CHECK(z3a);

  const IcdTabularPlace v01 = IcdTabularPlacement(*pack, "V01");
  CHECK(v01.chapter == 20);
  CHECK(v01.sections == std::vector<std::string>{"V00-X58", "V00-V99", "V00-V09"});
  auto pedestrian = IcdNotes(*pack, "V01.00XA");
  REQUIRE(pedestrian.ok());
  CHECK(std::any_of(pedestrian->begin(), pedestrian->end(),
                    [](const IcdNote& n) { return n.level == IcdNoteLevel::kSection && n.owner == "V00-V99"; }));
  // A category added after FY2021 gets a place next to its FY2021 neighbours (I1A: hypertensive diseases).
  const IcdTabularPlace i1a = IcdTabularPlacement(*pack, "I1A");
  CHECK(i1a.chapter == 9);
  CHECK(i1a.sections == std::vector<std::string>{"I10-I16"});
  // Category ranges follow tabular order: C4A (Merkel cell carcinoma) sits between C43 and C44.
  const auto skin = IcdExpandReference(*pack, "C43", "C44");
  CHECK(Contains(skin, "C4A.0"));
  CHECK_FALSE(Contains(skin, "C45.0"));
  const auto diabetes = IcdExpandReference(*pack, "E08", "E13");
  CHECK(Contains(diabetes, "E09.9"));
  CHECK(Contains(diabetes, "E13.9"));
  CHECK_FALSE(Contains(diabetes, "E14"));
  // "Conditions classifiable to K00-K93" (K93 is a WHO ICD-10 category, not in ICD-10-CM): up to K92.
  const auto digestive = IcdExpandReference(*pack, "K00", "K93");
  CHECK(Contains(digestive, "K92.2"));
  CHECK_FALSE(Contains(digestive, "K94.00"));
  const auto sub = IcdExpandReference(*pack, "A04.0", "A04.4");
  CHECK(Contains(sub, "A04.0"));
  CHECK(Contains(sub, "A04.4"));
  CHECK_FALSE(Contains(sub, "A04"));
  CHECK_FALSE(Contains(sub, "A04.5"));
}

TEST_CASE("code references are found in the forms the tabular writes them", "[codesets][tabular]") {
  struct Case {
    const char* text;
    std::vector<std::tuple<std::string, std::string, std::string>> refs;  // text, first, last
  };
  const Case cases[] = {
      {"type 1 diabetes mellitus (E10.-)", {{"E10.-", "E10", "E10"}}},
      {"gestational diabetes (O24.4-)", {{"O24.4-", "O24.4", "O24.4"}}},
      {"diabetes (E08-E13)", {{"E08-E13", "E08", "E13"}}},
      {"insulin (Z79.4)", {{"Z79.4", "Z79.4", "Z79.4"}}},
      {"(O31.1-, O31.3-)", {{"O31.1-", "O31.1", "O31.1"}, {"O31.3-", "O31.3", "O31.3"}}},
      {"(I70.2--I70.7-)", {{"I70.2--I70.7-", "I70.2", "I70.7"}}},
      {"(F10.-F19.-)", {{"F10.-F19.-", "F10", "F19"}}},
      {"(S00.- to S09.-)", {{"S00.- to S09.-", "S00", "S09"}}},
      {"(I01.0 -I01.9)", {{"I01.0 -I01.9", "I01.0", "I01.9"}}},
      {"(M47.0-M47.2.-)", {{"M47.0-M47.2.-", "M47.0", "M47.2"}}},
      {"(T36-T50 with fifth or sixth character 5)", {{"T36-T50", "T36", "T50"}}},
      {"(I69. with final characters -23)", {{"I69", "I69", "I69"}}},
      {"G6PD deficiency (D75.A), HbA1c, P2Y12, C3 glomerulopathy", {{"D75.A", "D75.A", "D75.A"}}},
      {"code from category Z3A, Weeks of gestation", {{"Z3A", "Z3A", "Z3A"}}},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    const auto refs = FindIcdCodeReferences(c.text);
    REQUIRE(refs.size() == c.refs.size());
    for (size_t i = 0; i < refs.size(); ++i) {
      CHECK(refs[i].text == std::get<0>(c.refs[i]));
      CHECK(std::string(c.text).substr(refs[i].offset, refs[i].text.size()) == refs[i].text);
      CHECK(refs[i].first == std::get<1>(c.refs[i]));
      CHECK(refs[i].last == std::get<2>(c.refs[i]));
    }
  }
}

TEST_CASE("7th characters: S72.001A is initial encounter for closed fracture; the X placeholder rule",
          "[codesets][tabular]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  const IcdSeventhRule s72 = IcdSeventhCharacters(*pack, "S72.001A");
  REQUIRE(s72.needs_seventh);
  CHECK(s72.defined_at == "S72");
  CHECK(s72.seventh == 'A');
  REQUIRE(s72.Find('A') != nullptr);
  CHECK(s72.Find('A')->meaning == "initial encounter for closed fracture");
  REQUIRE(s72.Find('B') != nullptr);
  CHECK(s72.Find('B')->note == "initial encounter for open fracture NOS");
  CHECK(s72.Find('I') == nullptr);
  CHECK(s72.options.size() == 16);
  CHECK(pack->Icd("S72.001A").ok());
  CHECK(IcdCheckSeventhCharacter(*pack, "S72.001A").ok());
  CHECK(IcdWithSeventhCharacter(*pack, "S72.001", 'A').value_or("") == "S72.001A");

  // The header S72 needs a 7th character below it; a code outside any rule does not.
  CHECK(IcdSeventhCharacters(*pack, "S72").needs_seventh);
  CHECK_FALSE(IcdSeventhCharacters(*pack, "E11.9").needs_seventh);
  CHECK(IcdCheckSeventhCharacter(*pack, "E11.9").ok());
  // A subcategory's own definition wins over the category's (E11.32: eye, 1-3 and 9).
  const IcdSeventhRule eye = IcdSeventhCharacters(*pack, "E11.3211");
  CHECK(eye.defined_at == "E11.32");
  CHECK(eye.seventh == '1');

  // Placeholder X: pad to 6 characters, then the 7th.
  CHECK(IcdComposeSeventh("S72.001", 'a').value_or("") == "S72.001A");
  CHECK(IcdComposeSeventh("E08.37", '1').value_or("") == "E08.37X1");
  CHECK(IcdComposeSeventh("T36.0X1", 'A').value_or("") == "T36.0X1A");
  CHECK(IcdComposeSeventh("S02", 'A').value_or("") == "S02.XXXA");
  CHECK_FALSE(IcdComposeSeventh("S72.001A", 'A').ok());
  CHECK_FALSE(IcdComposeSeventh("S72.001", '-').ok());
  CHECK(IcdWithSeventhCharacter(*pack, "E08.37", '1').value_or("") == "E08.37X1");
  CHECK(pack->Icd("E08.37X1").ok());
  CHECK(IcdWithSeventhCharacter(*pack, "T36.0X1", 'A').value_or("") == "T36.0X1A");
  // T36.0 is subdivided (the intent is the 6th character): padding it would make a code that does not exist.
  auto t360 = IcdWithSeventhCharacter(*pack, "T36.0", 'A');
  REQUIRE_FALSE(t360.ok());
  CHECK(t360.error().message.find("T36.0X1") != std::string::npos);
  CHECK_FALSE(IcdWithSeventhCharacter(*pack, "S72.001", 'Z').ok());
  // Options of a base: S72.001 has all 16; S06.1X7 (death before regaining consciousness) only A, as S06's note says.
  const IcdSeventhRule s72001 = IcdSeventhCharacters(*pack, "S72.001");
  CHECK(s72001.base == "S72.001");
  CHECK(std::all_of(s72001.options.begin(), s72001.options.end(), [](const IcdSeventhCharacter& o) {
    return o.code == "S72.001" + std::string(1, o.character);
  }));
  CHECK(IcdSeventhCharacters(*pack, "S72").base.empty());
  const IcdSeventhRule s061x7 = IcdSeventhCharacters(*pack, "S06.1X7");
  CHECK(s061x7.defined_at == "S06");
  CHECK(s061x7.base == "S06.1X7");
  REQUIRE(s061x7.Find('A') != nullptr);
  CHECK(s061x7.Find('A')->code == "S06.1X7A");
  REQUIRE(s061x7.Find('D') != nullptr);
  CHECK(s061x7.Find('D')->code.empty());
  auto s061x7d = IcdCheckSeventhCharacter(*pack, "S06.1X7D");
  REQUIRE_FALSE(s061x7d.ok());
  CHECK(s061x7d.error().code == ErrorCode::kNotFound);
  CHECK(s061x7d.error().message.find("S06.1X7A") != std::string::npos);
  CHECK(IcdWithSeventhCharacter(*pack, "S06.1X7", 'D').error().code == ErrorCode::kNotFound);
  CHECK_FALSE(IcdWithSeventhCharacter(*pack, "E11.9", 'A').ok());

  // Malformed 7-character codes say why.
  auto missing = IcdCheckSeventhCharacter(*pack, "S72.001");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message.find("needs a 7th character") != std::string::npos);
  auto bad_char = IcdCheckSeventhCharacter(*pack, "S72.001Z");
  REQUIRE_FALSE(bad_char.ok());
  CHECK(bad_char.error().message.find("'Z'") != std::string::npos);
  auto bad_x = IcdCheckSeventhCharacter(*pack, "S72.0XXA");
  REQUIRE_FALSE(bad_x.ok());
  CHECK(bad_x.error().message.find("subdivided") != std::string::npos);
}

TEST_CASE("every FY2026 code under a 7th-character rule has its 7th character, well formed", "[codesets][tabular]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  // The rule owners and their options, in memory: 74,719 codes checked without a query each.
  std::map<std::string, std::set<char>> rules;
  auto s = pack->db().Prepare("SELECT owner, character FROM icd10cm_seventh WHERE level=3");
  REQUIRE(s.ok());
  while (s->Step().value()) rules[IcdDotless(s->ColumnText(0))].insert(s->ColumnText(1)[0]);
  REQUIRE(rules.size() > 400);
  std::istringstream in(ReadBytes(kRaw + "/" + kList2026));
  std::string code;
  int64_t codes = 0, with_seventh = 0, bad = 0;
  while (std::getline(in, code)) {
    if (!code.empty() && code.back() == '\r') code.pop_back();
    if (code.empty()) continue;
    ++codes;
    const std::set<char>* options = nullptr;
    for (size_t n = std::min<size_t>(code.size(), 6); n >= 3 && !options; --n) {
      auto it = rules.find(code.substr(0, n));
      if (it != rules.end()) options = &it->second;
    }
    if (!options) continue;
    ++with_seventh;
    if (code.size() != 7 || !options->count(code[6])) {
      ++bad;
      UNSCOPED_INFO(code << " needs a 7th character it does not have");
    }
    if (with_seventh % 101 == 0) {  // the public lookups agree, on a sample
      const auto rule = IcdSeventhCharacters(*pack, code);
      if (!rule.needs_seventh || rule.seventh != code[6] || !IcdCheckSeventhCharacter(*pack, code).ok()) {
        ++bad;
        UNSCOPED_INFO(code << ": lookup disagrees");
      }
    }
  }
  CHECK(bad == 0);
  CHECK(codes == 74719);
  CHECK(with_seventh > 30000);  // most injury, poisoning and obstetric codes
}

TEST_CASE("malformed Tabular List XML fails the build with file:line:column", "[codesets][tabular]") {
  const std::string xml = ReadBytes(kRaw + "/" + kTabular);
  TempDir dir;
  const std::string raw = dir.File("raw");
  std::string content, where, message;
  SECTION("truncated inside a diag") {
    const size_t cut = xml.find("<name>S72.001</name>");
    REQUIRE(cut != std::string::npos);
    content = xml.substr(0, cut);
    // The error points at the innermost element left open: the <diag> of S72.001.
    const size_t diag = xml.rfind("<diag>", cut);
    const size_t line = 1 + static_cast<size_t>(std::count(xml.begin(), xml.begin() + diag, '\n'));
    where = std::string(kTabular) + ":" + std::to_string(line) + ":" + std::to_string(diag - xml.rfind('\n', diag));
    message = "is not closed";
  }
  SECTION("a mismatched end tag") {
    const std::string from = "<desc>Type 2 diabetes mellitus</desc>";
    const size_t at = xml.find(from);
    REQUIRE(at != std::string::npos);
    content = xml.substr(0, at) + "<desc>Type 2 diabetes mellitus</name>" + xml.substr(at + from.size());
    const size_t line = 1 + static_cast<size_t>(std::count(xml.begin(), xml.begin() + at, '\n'));
    const size_t column = at - xml.rfind('\n', at) + 30;  // </name> after "<desc>Type 2 diabetes mellitus"
    where = std::string(kTabular) + ":" + std::to_string(line) + ":" + std::to_string(column);
    message = "</name> does not match <desc>";
  }
  SECTION("an unknown element in a diag") {
    const size_t at = xml.find("<name>E11.9</name>");
    REQUIRE(at != std::string::npos);
    content = xml.substr(0, at) + "<colour/>" + xml.substr(at);
    const size_t line = 1 + static_cast<size_t>(std::count(xml.begin(), xml.begin() + at, '\n'));
    where = std::string(kTabular) + ":" + std::to_string(line) + ":" + std::to_string(at - xml.rfind('\n', at));
    message = "Unexpected <colour> in <diag>";
  }
  const std::string out = raw + "/" + kTabular;
  std::filesystem::create_directories(std::filesystem::path(out).parent_path());
  WriteBytes(out, content);
  auto db = Database::Open(":memory:");
  REQUIRE(db.ok());
  PackBuild build(raw, *db);
  const Status s = CompileIcdTabular(build);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == ErrorCode::kParse);
  CHECK(s.error().where == where);
  CHECK(s.error().message.find(message) != std::string::npos);
}

TEST_CASE("a broken Tabular List fails the whole pack build and leaves no pack", "[codesets][tabular]") {
  auto pack = CodeSetPack::Open(kPackPath);
  REQUIRE(pack.ok());
  TempDir dir;
  const std::string raw = dir.File("raw"), out = dir.File("out.pack");
  const std::string xml = ReadBytes(kRaw + "/" + kTabular);
  const size_t at = xml.find("<excludes1>");
  REQUIRE(at != std::string::npos);
  for (const auto& in : pack->Inputs()) {
    const std::string path = raw + "/" + in.path;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    if (in.path == kTabular) {
      WriteBytes(path, xml.substr(0, at) + "<excludes1 x=>" + xml.substr(at + 11));
    } else {
      std::filesystem::create_symlink(kRaw + "/" + in.path, path);  // the other inputs as they are, not copied
    }
  }
  const size_t line = 1 + static_cast<size_t>(std::count(xml.begin(), xml.begin() + at, '\n'));
  const size_t column = at - xml.rfind('\n', at) + 13;  // the value after "<excludes1 x="
  auto s = BuildCodeSetPack(raw, out);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().where == std::string(kTabular) + ":" + std::to_string(line) + ":" + std::to_string(column));
  CHECK(s.error().message.find("quoted value") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(out));
}
