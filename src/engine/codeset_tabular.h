// codeset_tabular.h: the ICD-10-CM Tabular List instructional notes and 7th-character definitions in the code-set
// pack, compiled by codeset_tabular.cpp (CompileIcdTabular) from the full FY2021 CDC Tabular List XML
// (codesets/icd10cm/fy2021-tabular-full), the only complete tabular in codesets/ (see codesets/icd10cm/SOURCE.md).
//
// Each note is stored once, where the tabular puts it: on a chapter ("15"), a section ("O00-O08", including the
// group sections such as "V00-X58" that hold no codes themselves) or a code ("E11"). The tabular means a note at a
// higher level to apply to everything below it, so IcdNotes(code) returns the notes of the code's chapter, of the
// sections holding its category and of every ancestor code, each marked with where it comes from.
// Code references inside note text ("(E10.-)", "(E08-E13)", "(Z79.4)") are stored as ranges of codes
// (IcdNoteRef) and expanded to the codes of the pack with IcdExpandReference.
// 7th characters: IcdSeventhCharacters(code) gives the options of the nearest ancestor with a sevenChrDef;
// IcdWithSeventhCharacter builds a full code (X placeholders up to 6 characters, then the 7th).
//
// Edition "icd10cm-notes FY2021": notes of codes that no longer exist in FY2024-FY2026 are dropped; codes added after
// FY2021 get the notes of their ancestors that existed in FY2021 (their own notes, if any, are not in this file).
#pragma once

#include <cstdint>
#include <string>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/codeset_pack.h"
#include "engine/result.h"

namespace medcode::engine {

// The kinds of instructional note, as the Tabular List XML names them (the values are stored in the pack).
enum class IcdNoteKind {
  kIncludes = 1,           // <includes>: the content of the category/section, "Includes:"
  kInclusionTerm = 2,      // <inclusionTerm>: synonyms and conditions classified here
  kExcludes1 = 3,          // <excludes1>: NOT CODED HERE: never used together with this code
  kExcludes2 = 4,          // <excludes2>: not included here: may be coded together when both are present
  kCodeFirst = 5,          // <codeFirst>: sequence the underlying condition first
  kUseAdditionalCode = 6,  // <useAdditionalCode>: add a code for ...
  kCodeAlso = 7,           // <codeAlso>: a second code may be needed, in any order
  kNotes = 8,              // <notes>: general notes
  kSevenChrNote = 9,       // <sevenChrNote>: the note that announces the 7th-character options
};
inline constexpr int kIcdNoteKindCount = 9;
// "Excludes1", "Use additional code", ...: a heading for the UI.
const char* IcdNoteKindLabel(IcdNoteKind kind);
// "excludes1", "useAdditionalCode", ...: the XML element name.
const char* IcdNoteKindXmlName(IcdNoteKind kind);

// Where a note is put in the tabular.
enum class IcdNoteLevel {
  kChapter = 1,  // owner: the chapter number, "15"
  kSection = 2,  // owner: the section id, "O00-O08"
  kCode = 3,     // owner: the dotted code, "E11", "E11.32"
};

// A code or range of codes named in a note's text. A code covers itself and everything below it, so "E10.-",
// "E10" both give first = last = "E10"; "(E08-E13)" gives "E08".."E13" (categories in tabular order, all their
// codes); "(A04.0-A04.4)" gives "A04.0".."A04.4". A qualifier that follows ("with fifth character 5", "with .36")
// is not applied: the range is the broader one and the note text says the rest.
struct IcdNoteRef {
  std::string text;    // as written in the note: "E10.-", "E08-E13", "Z79.4"
  size_t offset = 0;   // byte offset of `text` in IcdNote::text (for making exactly that part clickable)
  std::string first;   // dotted code: "E10", "E08", "A04.0"
  std::string last;    // dotted code, == first for one code
  int64_t codes = 0;   // codes of the pack (any fiscal year) the reference expands to; 0: none (not clickable)
};

struct IcdNote {
  IcdNoteLevel level = IcdNoteLevel::kCode;
  std::string owner;    // where the tabular puts the note: "15", "O00-O08", "E11"
  IcdNoteKind kind = IcdNoteKind::kNotes;
  int block = 0;        // which <excludes1>/... element of the owner holds the note, from 1 (groups a heading's lines)
  int seq = 0;          // position among the owner's notes, from 1 (tabular order)
  std::string text;     // as published, leading and trailing white space trimmed
  std::vector<IcdNoteRef> refs;  // code references in `text`, in text order
  bool inherited = false;        // IcdNotes(code): the note comes from an ancestor, not from the code itself
};

// The notes that apply to `code` (dotted or not, any case): its chapter's, those of the sections holding its
// category (broadest first), then those of each ancestor code from the category down to the code itself; each in
// tabular order. kNotFound when `code` is not a code of the pack. A code the FY2021 tabular lacks gets the notes of
// its ancestors that it has.
Result<std::vector<IcdNote>> IcdNotes(const CodeSetPack& pack, std::string_view code);
// The notes the tabular puts on one chapter, section or code itself (none inherited), in tabular order.
std::vector<IcdNote> IcdNotesAt(const CodeSetPack& pack, IcdNoteLevel level, std::string_view owner);
// The tabular's place of a category ("E11"): its chapter and the sections holding it, broadest first
// ({"E08-E13"}, or {"V00-X58", "V00-V99", "V01-V09"}). chapter 0 and no sections when unknown.
struct IcdTabularPlace {
  int chapter = 0;
  std::vector<std::string> sections;
};
IcdTabularPlace IcdTabularPlacement(const CodeSetPack& pack, std::string_view category);

// The codes of the pack a reference covers (IcdNoteRef::first/last; first == last for one code and what is below
// it), in tabular order; only those valid in `fiscal_year` when it is not 0. A range end that is no category (the
// tabular's "K00-K93", a WHO ICD-10 end) stands for the categories up to it.
std::vector<std::string> IcdExpandReference(const CodeSetPack& pack, std::string_view first, std::string_view last,
                                            int fiscal_year = 0);
// Whether a note's reference covers `code` (dotted or not): the code itself or below it, or a code of a category in
// the range (categories compared as the tabular's three-character names, which sort in tabular order).
bool IcdReferenceCovers(const IcdNoteRef& ref, std::string_view code);
// An Excludes1 note (own or inherited) of either code that names the other: the two are never coded together
// (except as unrelated conditions, per the FY2017+ guideline). nullopt when neither excludes the other.
struct IcdExcludes1Conflict {
  std::string code;   // the code whose note it is
  std::string other;  // the code the note names
  IcdNote note;
};
// The references of every Excludes1 note of `code` (own and inherited); empty for an unknown code.
std::vector<IcdNoteRef> IcdExcludes1Refs(const CodeSetPack& pack, std::string_view code);
std::optional<IcdExcludes1Conflict> FindIcdExcludes1(const CodeSetPack& pack, std::string_view a, std::string_view b);
// The code references in a note's text (pure text scan; IcdNoteRef::codes left 0). Used by the compiler and tests.
std::vector<IcdNoteRef> FindIcdCodeReferences(std::string_view text);

// One 7th-character option of a sevenChrDef.
struct IcdSeventhCharacter {
  char character = 0;  // 'A'
  std::string meaning;  // "initial encounter for closed fracture"
  std::string note;     // a line the tabular adds under the option ("initial encounter for open fracture NOS"), or ""
  // The full code this option makes with the code asked about ("S72.001A"), when that code is the base of 7-character
  // codes and the full code is in the pack (FY2024-FY2026); "" otherwise. Some bases lack some options (S06.1X7
  // takes only A, as a note of S06 says): with a base, an option whose `code` is "" does not exist.
  std::string code;
};

struct IcdSeventhRule {
  bool needs_seventh = false;  // the code is at or below a sevenChrDef: its billable codes have 7 characters
  std::string defined_at;      // the nearest ancestor (or the code) with the sevenChrDef: "S72", "E11.32"
  std::vector<IcdSeventhCharacter> options;  // in tabular order
  char seventh = 0;            // the code's own 7th character when it has one under the rule ('A' for S72.001A)
  std::string base;            // the X-padded 6 characters the options attach to ("S72.001", "E08.37X") when the pack
                               // has 7-character codes on it; "" for a code that is subdivided further (S72, T36.0)
  const IcdSeventhCharacter* Find(char c) const;  // the option for `c`, or nullptr
};

// The 7th-character rule that applies to `code` (any code text; an unknown code gets the rule of its ancestors).
IcdSeventhRule IcdSeventhCharacters(const CodeSetPack& pack, std::string_view code);
// Pure placeholder rule: `code` (3..6 characters without the dot) padded with X to 6 characters, then `seventh`:
// ("S72.001", 'A') -> "S72.001A"; ("E08.37", '1') -> "E08.37X1"; ("T36.0X1", 'A') -> "T36.0X1A".
// kInvalidArgument for a code of another length or a 7th character that is not a letter or digit.
Result<std::string> IcdComposeSeventh(std::string_view code, char seventh);
// The full code for `code` + `seventh`, checked against the pack: the code takes a 7th character, `seventh` is one
// of its options, and the code is not subdivided further ("T36.0" + 'A' fails and names T36.0X1.. to choose from).
Result<std::string> IcdWithSeventhCharacter(const CodeSetPack& pack, std::string_view code, char seventh);
// Whether `code` is well formed as to its 7th character: Ok for a code no rule applies to that has fewer than 7
// characters or is in the pack, and for a 7-character code whose 7th character is an option of its rule and whose
// first 6 characters are a code of the pack padded with X; kInvalidArgument saying what is wrong otherwise (a
// missing 7th character, an option that does not exist, a wrong placeholder); kNotFound for a code formed by the
// rule that is nevertheless not in the pack (S06.1X7D: the tabular's notes restrict some bases to some options).
Status IcdCheckSeventhCharacter(const CodeSetPack& pack, std::string_view code);

}  // namespace medcode::engine
