// x12_validate.cpp: the streaming X12 validator (see x12_validate.h).
//
// [SECTION] Segment dictionary: element data types and lengths per segment id (kSegmentRows)
// [SECTION] Loop tables of the four guides (k837PLoops, k835Loops, k999Loops, k277CALoops)
// [SECTION] Element checks (types, lengths) and amounts
// [SECTION] The validator: envelopes, loops, HL hierarchy, code values, balancing
//
// Hot path: one dictionary lookup per segment (a table indexed by the id's characters), element checks over
// string_views, a walk up the open-loop stack (depth <= 5) with bit sets of allowed segments. Nothing is allocated
// per segment; strings are built only for problems that are kept.
#include "engine/x12_validate.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <cstdio>
#include <cstring>

namespace medcode::engine {
namespace {

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Segment dictionary
// ---------------------------------------------------------------------------------------------------------------

enum class Type : uint8_t { kAny, kNotUsed, kAN, kID, kN0, kN2, kR, kDT, kTM, kComposite };

struct ElementSpec {
  Type type = Type::kAny;
  bool required = false;
  uint16_t min = 0, max = 0;  // lengths as X12 counts them (R/N: digits only)
};

struct SegmentSpec {
  std::string_view id;
  std::vector<ElementSpec> elements;
  uint64_t required_mask = 0;  // bit i: element i+1 is required
};

// Element specs as text, one token per element: [!]TYPE[min[-max]] ("!" = required; "-" = not used by these
// guides, must be empty; "X" = not checked; "C" = composite, not type-checked here). From the 005010 guides.
struct SegmentRow {
  const char* id;
  const char* elements;
};
constexpr SegmentRow kSegmentRows[] = {
    {"ISA", "!ID2 !AN10 !ID2 !AN10 !ID2 !AN15 !ID2 !AN15 !DT6 !TM4 !X !ID5 !N09 !ID1 !ID1 !X"},
    {"IEA", "!N01-5 !N09"},
    {"GS", "!ID2 !AN2-15 !AN2-15 !DT8 !TM4-8 !N01-9 !ID1-2 !AN1-12"},
    {"GE", "!N01-6 !N01-9"},
    {"ST", "!ID3 !AN4-9 AN1-35"},
    {"SE", "!N01-10 !AN4-9"},
    {"BHT", "!ID4 !ID2 AN1-50 !DT8 TM4-8 ID2"},
    {"REF", "!ID2-3 AN1-50 AN1-80 C"},
    {"NM1", "!ID2-3 !ID1 AN1-60 AN1-35 AN1-25 AN1-10 AN1-10 ID1-2 AN2-80 ID2 ID2 ID2-3"},
    {"N1", "!ID2-3 AN1-60 ID1-2 AN2-80"},
    {"N3", "!AN1-55 AN1-55"},
    {"N4", "!AN2-30 ID2 ID3-15 ID2-3 ID1-2 AN1-30 ID1-3"},
    {"PER", "!ID2 AN1-60 ID2 AN1-256 ID2 AN1-256 ID2 AN1-256 AN1-20"},
    {"PRV", "!ID1-3 !ID2-3 !AN1-50 - - -"},
    {"CUR", "!ID2-3 !ID3"},
    {"HL", "!AN1-12 AN1-12 !ID1-2 ID1"},
    {"SBR", "!ID1 ID2 AN1-50 AN1-60 ID1-3 - - - ID1-2"},
    {"PAT", "ID2 ID1 ID2 ID1 ID2-3 AN1-35 ID2 R1-10 ID1"},
    {"DMG", "!ID2-3 !AN1-35 ID1 X X X X X X X X"},
    {"CLM", "!AN1-38 !R1-18 - - !C ID1 ID1 ID1 ID1 ID1 C ID2-3 - - - - - - - ID1"},
    {"DTP", "!ID3 !ID2-3 !AN1-35"},
    {"DTM", "!ID3 DT8 TM4-8 - - -"},
    {"PWK", "!ID2 !ID1-2 - - ID2 AN2-80 X X X"},
    {"CN1", "!ID2 R1-18 R1-6 AN1-50 R1-9 AN1-10"},
    {"AMT", "!ID1-3 !R1-18 ID1"},
    {"QTY", "!ID2 !R1-15 C"},
    {"K3", "!AN1-80 X X"},
    {"NTE", "!ID3 !AN1-80"},
    {"CR1", "X X X X X X X X X X"},
    {"CR2", "X X X X X X X X X X X X X"},
    {"CR3", "X X X X X"},
    {"CRC", "!ID2 !ID1 !ID2 ID2 ID2 ID2 ID2"},
    {"HI", "!C C C C C C C C C C C C"},
    {"HCP", "X X X X X X X X X X X X X X X"},
    {"LX", "!N01-6"},
    {"SV1", "!C !R1-18 !ID2 !R1-15 AN1-2 X !C X ID1 X ID1 ID1 X X ID1 X AN1-30 X X ID1 ID1"},
    {"SV5", "X X X X X X X"},
    {"PS1", "!AN1-50 !R1-18 X"},
    {"LIN", "AN1-20 !ID2 !AN1-48 X X X X X X X X X X X X X X X X X X X X X X X X X X X X X X"},
    {"CTP", "X X X !R1-15 !C X X X X X X"},
    {"MEA", "!ID2 !ID1-3 !R1-20 X X X X X X X X X"},
    {"CAS",
     "!ID1-2 !ID1-5 !R1-18 R1-15 ID1-5 R1-18 R1-15 ID1-5 R1-18 R1-15 ID1-5 R1-18 R1-15 ID1-5 R1-18 R1-15 ID1-5 "
     "R1-18 R1-15"},
    {"OI", "X X X X X X"},
    {"MOA", "X X X X X X X X X"},
    {"MIA", "X X X X X X X X X X X X X X X X X X X X X X X X"},
    {"SVD", "!AN2-80 !R1-18 C X !R1-15 N01-6"},
    {"LQ", "!ID1-3 !AN1-30"},
    {"FRM", "!AN1-20 X X X X"},
    {"BPR",
     "!ID1 !R1-18 !ID1 !ID3 ID1-10 ID2 AN3-12 ID1-2 AN1-35 AN10 AN9 ID2 AN3-12 ID1-2 AN1-35 !DT8 ID1-2 ID1-2 AN1-35 "
     "ID2-3 AN1-35"},
    {"TRN", "!ID1-2 !AN1-50 AN10 AN1-50"},
    {"RDM", "X X X X X"},
    {"TS3", "X X X X X X X X X X X X X X X X X X X X X X X X"},
    {"TS2", "X X X X X X X X X X X X X X X X X X X"},
    {"CLP", "!AN1-38 !ID1-2 !R1-18 !R1-18 R1-18 ID1-2 AN1-50 AN1-2 ID1 - - AN1-4 R1-15 R1-10"},
    {"SVC", "!C !R1-18 R1-18 AN1-48 R1-15 C R1-15"},
    {"PLB", "!AN1-50 !DT8 !C !R1-18 C R1-18 C R1-18 C R1-18 C R1-18 C R1-18"},
    {"AK1", "!ID2 !N01-9 AN1-12"},
    {"AK2", "!ID3 !AN4-9 AN1-35"},
    {"IK3", "!ID2-3 !N01-10 AN1-4 !ID1-3"},
    {"IK4", "!C N01-4 !ID1-3 AN1-99"},
    {"CTX", "!C ID2-3 N01-10 N01-6 C C"},
    {"IK5", "!ID1 ID1-3 ID1-3 ID1-3 ID1-3 ID1-3"},
    {"AK9", "!ID1 !N01-6 !N01-6 !N01-6 ID1-3 ID1-3 ID1-3 ID1-3 ID1-3"},
    {"STC", "!C DT8 ID1-2 R1-18 R1-18 DT8 - DT8 AN1-16 C C AN1-264"},
};
constexpr size_t kSegmentCount = std::size(kSegmentRows);
using SegmentSet = std::bitset<128>;
static_assert(kSegmentCount < 128);

// The characters of a segment id as a number: digits 1-10, letters 11-36, end 0; -1 for any other byte.
struct IdChars {
  int8_t value[256];
  constexpr IdChars() : value() {
    for (int c = 0; c < 256; ++c) value[c] = -1;
    for (int c = '0'; c <= '9'; ++c) value[c] = static_cast<int8_t>(1 + (c - '0'));
    for (int c = 'A'; c <= 'Z'; ++c) value[c] = static_cast<int8_t>(11 + (c - 'A'));
  }
};
constexpr IdChars kIdChars;
int IdChar(char c) { return kIdChars.value[static_cast<unsigned char>(c)]; }
constexpr size_t kIdSlots = 37 * 37 * 37;
// Index of an id in kIdSlots, or -1 when it is not 2-3 letters/digits starting with a letter.
int IdSlot(std::string_view id) {
  if (id.size() < 2 || id.size() > 3 || !(id[0] >= 'A' && id[0] <= 'Z')) return -1;
  const int a = IdChar(id[0]), b = IdChar(id[1]), c = id.size() == 3 ? IdChar(id[2]) : 0;
  if ((b | c) < 0) return -1;
  return (a * 37 + b) * 37 + c;
}

ElementSpec ParseElementToken(std::string_view token) {
  ElementSpec spec;
  if (token == "-") {
    spec.type = Type::kNotUsed;
    return spec;
  }
  if (!token.empty() && token[0] == '!') {
    spec.required = true;
    token.remove_prefix(1);
  }
  static constexpr std::pair<std::string_view, Type> kTypes[] = {
      {"AN", Type::kAN}, {"ID", Type::kID}, {"N0", Type::kN0}, {"N2", Type::kN2}, {"DT", Type::kDT},
      {"TM", Type::kTM}, {"R", Type::kR},   {"C", Type::kComposite},             {"X", Type::kAny}};
  for (const auto& [name, type] : kTypes) {
    if (token.substr(0, name.size()) == name) {
      spec.type = type;
      token.remove_prefix(name.size());
      break;
    }
  }
  if (!token.empty()) {
    auto number = [](std::string_view digits) {
      uint16_t n = 0;
      for (char c : digits) n = static_cast<uint16_t>(n * 10 + (c - '0'));
      return n;
    };
    const size_t dash = token.find('-');
    spec.min = number(token.substr(0, dash));
    spec.max = dash == std::string_view::npos ? spec.min : number(token.substr(dash + 1));
  }
  return spec;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Loop tables
// Each row: loop id, parent loop ids (HDR = the transaction set header), the segment that starts the loop, the
// element whose value tells loops with the same first segment apart (0: none) and its values, the most repeats per
// parent (0: unbounded), whether the parent must have one, and the segments of the loop ("!" = required).
// ---------------------------------------------------------------------------------------------------------------

struct LoopRow {
  const char* id;
  const char* parents;
  const char* trigger;
  int qualifier_element;
  const char* qualifiers;
  int max_repeat;
  bool required;
  const char* segments;
};

// 837 Professional, 005010X222A1.
constexpr LoopRow k837PLoops[] = {
    {"HDR", "", "ST", 0, "", 1, true, "ST BHT!"},
    {"1000A", "HDR", "NM1", 1, "41", 1, true, "NM1 PER!"},
    {"1000B", "HDR", "NM1", 1, "40", 1, true, "NM1"},
    {"2000A", "HDR", "HL", 3, "20", 0, true, "HL PRV CUR"},
    {"2010AA", "2000A", "NM1", 1, "85", 1, true, "NM1 N3! N4! REF! PER"},
    {"2010AB", "2000A", "NM1", 1, "87", 1, false, "NM1 N3! N4!"},
    {"2010AC", "2000A", "NM1", 1, "PE", 1, false, "NM1 N3 N4 REF"},
    {"2000B", "HDR", "HL", 3, "22", 0, true, "HL SBR! PAT"},
    {"2010BA", "2000B", "NM1", 1, "IL", 1, true, "NM1 N3 N4 DMG REF PER"},
    {"2010BB", "2000B", "NM1", 1, "PR", 1, true, "NM1 N3 N4 REF"},
    {"2000C", "HDR", "HL", 3, "23", 0, false, "HL PAT!"},
    {"2010CA", "2000C", "NM1", 1, "QC", 1, true, "NM1 N3! N4! DMG! REF"},
    {"2300", "2000B 2000C", "CLM", 0, "", 100, false, "CLM DTP PWK CN1 AMT REF K3 NTE CR1 CR2 CRC HI! HCP"},
    {"2310A", "2300", "NM1", 1, "DN P3", 1, false, "NM1 REF"},
    {"2310B", "2300", "NM1", 1, "82", 1, false, "NM1 PRV REF"},
    {"2310C", "2300", "NM1", 1, "77", 1, false, "NM1 N3! N4! REF PER"},
    {"2310D", "2300", "NM1", 1, "DQ", 1, false, "NM1 REF"},
    {"2310E", "2300", "NM1", 1, "PW", 1, false, "NM1 N3! N4!"},
    {"2310F", "2300", "NM1", 1, "45", 1, false, "NM1 N3! N4!"},
    {"2320", "2300", "SBR", 0, "", 10, false, "SBR CAS AMT OI! MOA"},
    {"2330A", "2320", "NM1", 1, "IL", 1, true, "NM1 N3 N4 REF"},
    {"2330B", "2320", "NM1", 1, "PR", 1, true, "NM1 N3 N4 DTP REF"},
    {"2330C", "2320", "NM1", 1, "DN P3", 1, false, "NM1 REF"},
    {"2330D", "2320", "NM1", 1, "82", 1, false, "NM1 REF"},
    {"2330E", "2320", "NM1", 1, "77", 1, false, "NM1 REF"},
    {"2330F", "2320", "NM1", 1, "DQ", 1, false, "NM1 REF"},
    {"2330G", "2320", "NM1", 1, "85", 1, false, "NM1 REF"},
    {"2400", "2300", "LX", 0, "", 50, true, "LX SV1! SV5 PWK CR1 CR3 CRC DTP QTY MEA CN1 REF AMT K3 NTE PS1 HCP"},
    {"2410", "2400", "LIN", 0, "", 1, false, "LIN CTP! REF"},
    {"2420A", "2400", "NM1", 1, "82", 1, false, "NM1 PRV REF"},
    {"2420B", "2400", "NM1", 1, "QB", 1, false, "NM1 REF"},
    {"2420C", "2400", "NM1", 1, "77", 1, false, "NM1 N3! N4! REF"},
    {"2420D", "2400", "NM1", 1, "DQ", 1, false, "NM1 REF"},
    {"2420E", "2400", "NM1", 1, "DK", 1, false, "NM1 N3 N4 REF PER"},
    {"2420F", "2400", "NM1", 1, "DN P3", 2, false, "NM1 REF"},
    {"2420G", "2400", "NM1", 1, "PW", 1, false, "NM1 N3! N4!"},
    {"2420H", "2400", "NM1", 1, "45", 1, false, "NM1 N3! N4!"},
    {"2430", "2400", "SVD", 0, "", 15, false, "SVD CAS DTP! AMT"},
    {"2440", "2400", "LQ", 0, "", 0, false, "LQ FRM!"},
};

// 835 Health Care Claim Payment/Advice, 005010X221A1. PLB (the summary table) is listed with the header.
constexpr LoopRow k835Loops[] = {
    {"HDR", "", "ST", 0, "", 1, true, "ST BPR! TRN! CUR REF DTM PLB"},
    {"1000A", "HDR", "N1", 1, "PR", 1, true, "N1 N3! N4! REF PER"},
    {"1000B", "HDR", "N1", 1, "PE", 1, true, "N1 N3 N4 REF RDM"},
    {"2000", "HDR", "LX", 0, "", 0, false, "LX TS3 TS2"},
    {"2100", "2000", "CLP", 0, "", 0, false, "CLP CAS NM1 MIA MOA REF DTM PER AMT QTY"},
    {"2110", "2100", "SVC", 0, "", 999, false, "SVC DTM CAS REF AMT QTY LQ"},
};

// 999 Implementation Acknowledgment, 005010X231A1.
constexpr LoopRow k999Loops[] = {
    {"HDR", "", "ST", 0, "", 1, true, "ST AK1! AK9!"},
    {"2000", "HDR", "AK2", 0, "", 0, false, "AK2 IK5!"},
    {"2100", "2000", "IK3", 0, "", 0, false, "IK3 CTX"},
    {"2110", "2100", "IK4", 0, "", 0, false, "IK4 CTX"},
};

// 277CA Health Care Claim Acknowledgment, 005010X214.
constexpr LoopRow k277CALoops[] = {
    {"HDR", "", "ST", 0, "", 1, true, "ST BHT!"},
    {"2000A", "HDR", "HL", 3, "20", 0, true, "HL"},
    {"2100A", "2000A", "NM1", 1, "PR AY", 1, true, "NM1"},
    {"2200A", "2000A", "TRN", 0, "", 1, true, "TRN DTP"},
    {"2000B", "HDR", "HL", 3, "21", 0, true, "HL"},
    {"2100B", "2000B", "NM1", 1, "41", 1, true, "NM1"},
    {"2200B", "2000B", "TRN", 0, "", 1, true, "TRN DTP STC QTY AMT"},
    {"2000C", "HDR", "HL", 3, "19", 0, false, "HL"},
    {"2100C", "2000C", "NM1", 1, "85", 1, true, "NM1"},
    {"2200C", "2000C", "TRN", 0, "", 1, false, "TRN STC QTY AMT REF"},
    {"2000D", "HDR", "HL", 3, "PT", 0, false, "HL"},
    {"2100D", "2000D", "NM1", 1, "QC", 1, true, "NM1"},
    {"2200D", "2000D", "TRN", 0, "", 0, true, "TRN STC! REF DTP"},
    {"2220D", "2200D", "SVC", 0, "", 0, false, "SVC STC! REF DTP"},
};

constexpr size_t kMaxLoops = 48;
constexpr size_t kMaxQualifiers = 4;

struct Loop {
  std::string id;
  int trigger = -1;  // dictionary index of the first segment
  int qualifier_element = 0;
  std::array<std::string_view, kMaxQualifiers> qualifiers{};
  size_t qualifier_count = 0;
  int max_repeat = 0;
  bool required = false;
  SegmentSet allowed, required_segments;
  std::vector<int> children;
  std::vector<int> required_children;  // the children with `required` (checked when the loop closes)
  std::string qualifier_text;  // "NM1*85" for messages
};

struct Guide {
  X12TransactionKind kind;
  std::vector<Loop> loops;
  SegmentSet known;  // every segment of the guide
  int Find(std::string_view id) const {
    for (size_t i = 0; i < loops.size(); ++i)
      if (loops[i].id == id) return static_cast<int>(i);
    return -1;
  }
};

// The dictionary and the guides, built once from the tables above.
struct Tables {
  std::vector<SegmentSpec> segments;
  std::vector<int16_t> slot_to_segment;  // kIdSlots entries: dictionary index or -1
  Guide g837p{X12TransactionKind::k837P, {}, {}}, g835{X12TransactionKind::k835, {}, {}},
      g999{X12TransactionKind::k999, {}, {}}, g277ca{X12TransactionKind::k277CA, {}, {}};

  int Segment(std::string_view id) const {
    const int slot = IdSlot(id);
    return slot < 0 ? -1 : slot_to_segment[static_cast<size_t>(slot)];
  }

  template <size_t N>
  void BuildGuide(Guide& guide, const LoopRow (&rows)[N]) {
    static_assert(N <= kMaxLoops);
    for (const LoopRow& row : rows) {
      Loop loop;
      loop.id = row.id;
      loop.trigger = Segment(row.trigger);
      loop.qualifier_element = row.qualifier_element;
      std::string_view quals = row.qualifiers;
      while (!quals.empty()) {
        const size_t space = quals.find(' ');
        loop.qualifiers[loop.qualifier_count++] = quals.substr(0, space);
        quals = space == std::string_view::npos ? std::string_view() : quals.substr(space + 1);
      }
      loop.qualifier_text = std::string(row.trigger);
      if (loop.qualifier_count > 0) loop.qualifier_text += "*" + std::string(row.qualifiers);
      loop.max_repeat = row.max_repeat;
      loop.required = row.required;
      std::string_view segs = row.segments;
      while (!segs.empty()) {
        const size_t space = segs.find(' ');
        std::string_view s = segs.substr(0, space);
        segs = space == std::string_view::npos ? std::string_view() : segs.substr(space + 1);
        const bool req = s.back() == '!';
        if (req) s.remove_suffix(1);
        const int index = Segment(s);
        loop.allowed.set(static_cast<size_t>(index));
        if (req) loop.required_segments.set(static_cast<size_t>(index));
        guide.known.set(static_cast<size_t>(index));
      }
      guide.loops.push_back(std::move(loop));
    }
    for (size_t i = 0; i < N; ++i) {
      std::string_view parents = rows[i].parents;
      while (!parents.empty()) {
        const size_t space = parents.find(' ');
        const int parent = guide.Find(parents.substr(0, space));
        guide.loops[static_cast<size_t>(parent)].children.push_back(static_cast<int>(i));
        if (rows[i].required) guide.loops[static_cast<size_t>(parent)].required_children.push_back(static_cast<int>(i));
        parents = space == std::string_view::npos ? std::string_view() : parents.substr(space + 1);
      }
    }
  }

  Tables() {
    slot_to_segment.assign(kIdSlots, -1);
    for (const SegmentRow& row : kSegmentRows) {
      SegmentSpec spec;
      spec.id = row.id;
      std::string_view text = row.elements;
      while (!text.empty()) {
        const size_t space = text.find(' ');
        spec.elements.push_back(ParseElementToken(text.substr(0, space)));
        if (spec.elements.back().required) spec.required_mask |= uint64_t{1} << (spec.elements.size() - 1);
        text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
      }
      slot_to_segment[static_cast<size_t>(IdSlot(spec.id))] = static_cast<int16_t>(segments.size());
      segments.push_back(std::move(spec));
    }
    BuildGuide(g837p, k837PLoops);
    BuildGuide(g835, k835Loops);
    BuildGuide(g999, k999Loops);
    BuildGuide(g277ca, k277CALoops);
  }
};

const Tables& GetTables() {
  static const Tables tables;
  return tables;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Element checks and amounts
// ---------------------------------------------------------------------------------------------------------------

// A segment id as one number for switch statements (computed once per segment: m_id).
constexpr uint32_t Pack(std::string_view id) {
  if (id.size() < 2 || id.size() > 3) return 0;
  return (static_cast<uint32_t>(static_cast<unsigned char>(id[0])) << 16) |
         (static_cast<uint32_t>(static_cast<unsigned char>(id[1])) << 8) |
         (id.size() == 3 ? static_cast<unsigned char>(id[2]) : 0u);
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view v) {
  if (v.empty()) return false;
  for (char c : v)
    if (!IsDigit(c)) return false;
  return true;
}

// X12 basic and extended character sets: printable ASCII plus bytes above 127 (UTF-8 in names is tolerated).
// Bytes a text element may not hold: below 0x20 and 0x7F.
struct BadTextBytes {
  uint8_t bad[256];
  constexpr BadTextBytes() : bad() {
    for (int c = 0; c < 0x20; ++c) bad[c] = 1;
    bad[0x7F] = 1;
  }
};
constexpr BadTextBytes kBadText;

bool PrintableText(std::string_view v) {
  const char* p = v.data();
  const size_t n = v.size();
  if (n < 8) {  // most codes and names: a table lookup per byte
    unsigned bad = 0;
    for (size_t i = 0; i < n; ++i) bad |= kBadText.bad[static_cast<unsigned char>(p[i])];
    return bad == 0;
  }
  // Eight bytes at a time: a byte below 0x20 or equal to 0x7F sets its high bit in `bad` (bytes >= 0x80 never do);
  // the last word overlaps the one before it rather than a byte-by-byte tail.
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  auto word_bad = [](const char* at) {
    uint64_t x;
    std::memcpy(&x, at, 8);
    const uint64_t del = x ^ (kOnes * 0x7F);
    return ((((x - kOnes * 0x20) & ~x) | ((del - kOnes) & ~del)) & kHigh) != 0;
  };
  bool suspect = false;
  for (size_t i = 0; i + 8 <= n; i += 8) suspect |= word_bad(p + i);
  suspect |= word_bad(p + n - 8);
  if (!suspect) return true;
  // The subtraction's borrow can flag a byte after a real one: settle it byte by byte.
  for (size_t i = 0; i < n; ++i)
    if (kBadText.bad[static_cast<unsigned char>(p[i])]) return false;
  return true;
}

bool ValidDate(std::string_view v) {
  if (!AllDigits(v) || (v.size() != 8 && v.size() != 6)) return false;
  int year;
  size_t at = 0;
  if (v.size() == 8) {
    year = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
    at = 4;
  } else {
    year = 2000 + (v[0] - '0') * 10 + (v[1] - '0');
    at = 2;
  }
  const int month = (v[at] - '0') * 10 + (v[at + 1] - '0');
  const int day = (v[at + 2] - '0') * 10 + (v[at + 3] - '0');
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (day > kDays[month - 1]) return false;
  if (month == 2 && day == 29 && !((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) return false;
  return true;
}

bool ValidTime(std::string_view v) {
  if (!AllDigits(v) || v.size() < 4 || v.size() > 8 || v.size() == 5) return false;
  const int hh = (v[0] - '0') * 10 + (v[1] - '0');
  const int mm = (v[2] - '0') * 10 + (v[3] - '0');
  if (hh > 23 || mm > 59) return false;
  if (v.size() >= 6 && (v[4] - '0') * 10 + (v[5] - '0') > 59) return false;
  return true;
}

// Digits of a numeric (N0/N2: optional '-', digits) or decimal (R: optional '-', digits, one optional '.') value;
// -1 when the value is not of the type.
int NumericDigits(std::string_view v, bool decimal) {
  size_t i = 0;
  if (!v.empty() && v[0] == '-') i = 1;
  int digits = 0;
  bool point = false;
  for (; i < v.size(); ++i) {
    if (IsDigit(v[i])) {
      ++digits;
    } else if (decimal && v[i] == '.' && !point) {
      point = true;
    } else {
      return -1;
    }
  }
  return digits == 0 ? -1 : digits;
}

enum class AmountParse { kOk, kBad, kPrecision };

// An R amount as exact cents ("125", "125.5", "-3.50", ".5"). More than 2 decimals (non-zero) or more than 15 integer
// digits cannot be kept exactly: kPrecision / kBad.
AmountParse ParseCents(std::string_view v, int64_t& cents) {
  cents = 0;
  bool negative = false;
  size_t i = 0;
  if (!v.empty() && v[0] == '-') {
    negative = true;
    i = 1;
  }
  int64_t whole = 0;
  int whole_digits = 0, frac_digits = 0;
  int64_t frac = 0;
  bool point = false, any = false;
  for (; i < v.size(); ++i) {
    const char c = v[i];
    if (IsDigit(c)) {
      any = true;
      if (!point) {
        if (++whole_digits > 15) return AmountParse::kBad;
        whole = whole * 10 + (c - '0');
      } else {
        ++frac_digits;
        if (frac_digits <= 2) {
          frac = frac * 10 + (c - '0');
        } else if (c != '0') {
          return AmountParse::kPrecision;
        }
      }
    } else if (c == '.' && !point) {
      point = true;
    } else {
      return AmountParse::kBad;
    }
  }
  if (!any) return AmountParse::kBad;
  if (frac_digits == 1) frac *= 10;
  cents = whole * 100 + frac;
  if (negative) cents = -cents;
  return AmountParse::kOk;
}

// Adds without overflow; a sum that would overflow sets `overflow` and stays put.
void AddCents(int64_t& total, int64_t value, bool& overflow) {
  int64_t out;
  if (__builtin_add_overflow(total, value, &out)) {
    overflow = true;
  } else {
    total = out;
  }
}

uint64_t ParseCount(std::string_view v, bool& ok) {
  ok = AllDigits(v) && v.size() <= 18;
  if (!ok) return 0;
  uint64_t n = 0;
  for (char c : v) n = n * 10 + static_cast<uint64_t>(c - '0');
  return n;
}

std::string Quote(std::string_view v) {
  std::string out = "\"";
  for (char c : v.substr(0, 40)) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) {
      static const char kHex[] = "0123456789ABCDEF";
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  if (v.size() > 40) out += "...";
  return out + "\"";
}

std::string ElementName(std::string_view id, int element) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", element);
  return std::string(id) + buf;
}

// Codes are 1-4 characters: compared inline rather than through memcmp.
bool Same(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

// A list of codes kept in static storage: CODES("00", "18") builds it once, not on the stack at every check (an
// initializer_list's array is rebuilt on each call, which cost more than the comparisons on the hot path).
struct Codes {
  const std::string_view* first;
  size_t count;
  const std::string_view* begin() const { return first; }
  const std::string_view* end() const { return first + count; }
};
#define CODES(...)                                                      \
  ([]() -> Codes {                                                      \
    static constexpr std::string_view kCodes[] = {__VA_ARGS__};        \
    return Codes{kCodes, sizeof(kCodes) / sizeof(kCodes[0])};           \
  }())

bool OneOf(std::string_view v, Codes values) {
  for (std::string_view x : values)
    if (Same(v, x)) return true;
  return false;
}

bool OneOf(std::string_view v, std::initializer_list<std::string_view> values) {
  for (std::string_view x : values)
    if (Same(v, x)) return true;
  return false;
}

std::string List(Codes values) {
  std::string out;
  for (std::string_view x : values) {
    if (!out.empty()) out += ", ";
    out += x;
  }
  return out;
}

const char* TypeName(Type t) {
  switch (t) {
    case Type::kAN: return "AN (text)";
    case Type::kID: return "ID (code)";
    case Type::kN0: return "N0 (whole number)";
    case Type::kN2: return "N2 (number with 2 implied decimals)";
    case Type::kR: return "R (decimal number)";
    case Type::kDT: return "DT (date CCYYMMDD)";
    case Type::kTM: return "TM (time HHMM[SS])";
    default: return "";
  }
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] The validator
// ---------------------------------------------------------------------------------------------------------------

struct Frame {
  int loop = 0;
  uint64_t start_segment = 0, start_offset = 0;
  SegmentSet seen;
  std::array<uint32_t, kMaxLoops> child_counts{};
  bool hl_leaf = false;  // an HL loop whose HL04 says it has no child HL
};

struct HlEntry {
  uint64_t id = 0;
  uint64_t segment = 0, offset = 0;
  std::array<char, 3> level{};  // HL03, up to 2 characters
  char hl04 = 0;
  bool has_children = false;
};

class Validator {
 public:
  Validator(X12Reader& reader, const X12ValidateOptions& options) : m_reader(reader), m_options(options), m_t(GetTables()) {
    m_hl.reserve(16);
  }

  X12Validation Run() {
    X12Segment segment;
    segment.elements.reserve(64);
    while (m_reader.Next(segment)) {
      if (m_options.on_segment) m_options.on_segment(segment);
      OnSegment(segment);
    }
    m_out.segments = m_reader.segments_read();
    m_out.bytes = m_reader.bytes_read();
    if (m_reader.failed()) {
      ReaderFailure();
    } else {
      EndOfInput();
    }
    return std::move(m_out);
  }

 private:
  // --- problems -------------------------------------------------------------------------------------------------
  // Counts a problem and returns where to write its message, or null when the list is full.
  X12Problem* Add(const char* rule, const X12Segment* segment, int element = 0, int component = 0,
                  X12Severity severity = X12Severity::kError) {
    ++m_out.problem_count;
    m_segment_problem = true;
    (severity == X12Severity::kError ? m_out.error_count : m_out.warning_count)++;
    if (m_out.problems.size() >= m_options.max_problems) return nullptr;
    X12Problem& p = m_out.problems.emplace_back();
    p.severity = severity;
    p.rule = rule;
    if (segment != nullptr) {
      p.at.segment_number = segment->number;
      p.at.segment_id = std::string(segment->id().substr(0, 3));
      p.at.offset = segment->offset;
    } else {
      p.at.offset = m_reader.bytes_read();
    }
    p.at.element = element;
    p.at.component = component;
    return &p;
  }
  // A problem at the segment that opened something (a loop, an HL), known only by number and id.
  X12Problem* AddAt(const char* rule, uint64_t number, uint64_t offset, std::string_view id, int element,
                    X12Severity severity = X12Severity::kError) {
    X12Problem* p = Add(rule, nullptr, element, 0, severity);
    if (p != nullptr) {
      p->at.segment_number = number;
      p->at.segment_id = std::string(id);
      p->at.offset = offset;
    }
    return p;
  }

  void ReaderFailure() {
    const char* rule = "snip1.syntax";
    switch (m_reader.failure()) {
      case X12ReadFailure::kIo: rule = "snip1.unreadable"; m_out.readable = false; break;
      case X12ReadFailure::kEmpty: rule = "snip1.empty"; m_out.readable = false; break;
      case X12ReadFailure::kNotX12: rule = "snip1.isa_missing"; m_out.readable = false; break;
      case X12ReadFailure::kBadIsa:
        rule = "snip1.isa";
        if (m_reader.segments_read() == 0) m_out.readable = false;
        break;
      case X12ReadFailure::kTruncated: rule = "snip1.truncated"; break;
      case X12ReadFailure::kSegmentTooLong: rule = "snip1.segment_too_long"; break;
      case X12ReadFailure::kNone: break;
    }
    if (X12Problem* p = Add(rule, nullptr)) {
      p->at.segment_number = m_reader.failure() == X12ReadFailure::kIo ? 0 : m_reader.segments_read() + 1;
      p->at.offset = m_reader.failure_offset();
      p->message = m_reader.error().message;
    }
    FinishTransaction(false);
  }

  void EndOfInput() {
    const std::string after = " (the input ends after segment " + std::to_string(m_reader.segments_read()) + ")";
    if (m_in_st) {
      if (X12Problem* p = Add("snip1.se_missing", nullptr))
        p->message = "The transaction set ST02 " + Quote(m_st02) + " opened at segment " + std::to_string(m_st_segment) +
                     " has no SE" + after + ".";
      FinishTransaction(false);
    }
    if (m_in_gs) {
      if (X12Problem* p = Add("snip1.ge_missing", nullptr))
        p->message = "The functional group GS06 " + Quote(m_gs06) + " opened at segment " + std::to_string(m_gs_segment) +
                     " has no GE" + after + ".";
    }
    if (m_in_isa) {
      if (X12Problem* p = Add("snip1.iea_missing", nullptr))
        p->message = "The interchange ISA13 " + Quote(m_isa13) + " opened at segment " + std::to_string(m_isa_segment) +
                     " has no IEA" + after + ".";
    }
  }

  // --- per segment ----------------------------------------------------------------------------------------------
  void OnSegment(const X12Segment& s) {
    m_segment_problem = false;
    const std::string_view id = s.id();
    m_id = Pack(id);
    const int index = m_t.Segment(id);
    if (m_in_st) ++m_st_count;
    switch (m_id) {
      case Pack("ISA"): Isa(s); CheckElements(s, index); return;
      case Pack("GS"): Gs(s); CheckElements(s, index); return;
      case Pack("GE"): Ge(s); CheckElements(s, index); return;
      case Pack("IEA"): Iea(s); CheckElements(s, index); return;
      case Pack("ST"): St(s); CheckElements(s, index); return;
      case Pack("SE"): CheckElements(s, index); Se(s); return;
      default: break;
    }
    if (index < 0) {
      if (IdSlot(id) < 0) {
        if (X12Problem* p = Add("snip1.segment_id", &s)) {
          p->message = id.empty() ? "An empty segment (two segment terminators in a row)."
                                  : "The segment id " + Quote(id) +
                                        " is not 2-3 capital letters or digits: are the separators the ones the ISA "
                                        "declares (element " +
                                        Quote(std::string_view(&m_reader.separators().element, 1)) + ", segment " +
                                        Quote(std::string_view(&m_reader.separators().segment, 1)) + ")?";
        }
      } else if (!m_in_st || m_guide != nullptr) {
        if (X12Problem* p = Add("snip1.unknown_segment", &s))
          p->message = "Unknown segment " + std::string(id) + (m_guide ? std::string(" in a ") + X12TransactionKindName(m_guide->kind) : std::string()) + " transaction set.";
      }
      if (!m_in_st) return;
    }
    if (!m_in_st) {
      if (X12Problem* p = Add("snip1.envelope_order", &s))
        p->message = "Segment " + std::string(id) + " is outside a transaction set: it must come between ST and SE.";
      return;
    }
    if (index < 0) return;
    if (m_guide != nullptr && !m_guide->known.test(static_cast<size_t>(index))) {
      if (X12Problem* p = Add("snip1.unknown_segment", &s))
        p->message = "Segment " + std::string(id) + " is not used in a " + X12TransactionKindName(m_guide->kind) +
                     " transaction set.";
      return;
    }
    CheckElements(s, index);
    CodeValues(s);
    if (m_guide == nullptr) return;
    if (m_id == Pack("HL")) Hl(s);
    const bool reported = m_segment_problem;
    if (!Walk(s, index) && !reported) {
      if (X12Problem* p = Add("snip2.segment_not_expected", &s)) {
        std::string what = std::string(id);
        if (id == "NM1" || id == "N1") what += " with " + std::string(id) + "01 " + Quote(s.Element(1));
        if (id == "HL") what += " with HL03 " + Quote(s.Element(3));
        p->message = what + " is not expected here (in loop " + CurrentLoopName() + " of the " +
                     X12TransactionKindName(m_guide->kind) + " guide).";
      }
    }
    Balance(s);
  }

  std::string CurrentLoopName() const {
    if (m_depth == 0) return "?";
    return m_guide->loops[static_cast<size_t>(m_stack[m_depth - 1].loop)].id == "HDR"
               ? std::string("header")
               : m_guide->loops[static_cast<size_t>(m_stack[m_depth - 1].loop)].id;
  }

  // --- element data types -----------------------------------------------------------------------------------------
  void CheckElements(const X12Segment& s, int index) {
    if (index < 0) return;
    const SegmentSpec& spec = m_t.segments[static_cast<size_t>(index)];
    const size_t present = s.size();
    if (present > spec.elements.size()) {
      if (X12Problem* p = Add("snip1.element_count", &s, static_cast<int>(spec.elements.size()) + 1))
        p->message = std::string(spec.id) + " has " + std::to_string(present) + " elements; at most " +
                     std::to_string(spec.elements.size()) + " are defined.";
    }
    if (present > 0 && s.elements.back().empty()) {
      if (X12Problem* p = Add("snip1.trailing_separator", &s, static_cast<int>(present)))
        p->message = "The segment ends with an empty element (a separator before the terminator); X12 drops trailing "
                     "empty elements.";
    }
    const size_t n = std::min(present, spec.elements.size());
    // Required elements after the last one present (a bit test, not a loop, on the hot path).
    if (n < 64 && (spec.required_mask >> n) != 0) {
      for (size_t i = n; i < spec.elements.size(); ++i) {
        if (!spec.elements[i].required) continue;
        if (X12Problem* p = Add("snip2.element_required", &s, static_cast<int>(i + 1)))
          p->message = ElementName(spec.id, static_cast<int>(i + 1)) + " is required.";
      }
    }
    const std::string_view* values = s.elements.data() + 1;
    for (size_t i = 0; i < n; ++i) {
      const ElementSpec& e = spec.elements[i];
      const std::string_view v = values[i];
      const int element = static_cast<int>(i + 1);
      if (v.empty()) {
        if (e.required) {
          if (X12Problem* p = Add("snip2.element_required", &s, element))
            p->message = ElementName(spec.id, element) + " is required.";
        }
        continue;
      }
      size_t length = v.size();
      bool ok = true;
      switch (e.type) {  // one dispatch per element
        case Type::kAny:
        case Type::kComposite: continue;
        case Type::kNotUsed:
          if (X12Problem* p = Add("snip2.element_not_used", &s, element))
            p->message = ElementName(spec.id, element) + " is not used by the implementation guides; it must be empty, "
                         "found " + Quote(v) + ".";
          continue;
        case Type::kAN:
        case Type::kID: ok = PrintableText(v); break;
        case Type::kN0:
        case Type::kN2: {
          const int d = NumericDigits(v, false);
          ok = d >= 0;
          length = d < 0 ? length : static_cast<size_t>(d);
          break;
        }
        case Type::kR: {
          const int d = NumericDigits(v, true);
          ok = d >= 0;
          length = d < 0 ? length : static_cast<size_t>(d);
          break;
        }
        case Type::kDT: ok = ValidDate(v); break;
        case Type::kTM: ok = ValidTime(v); break;
      }
      if (!ok) {
        if (X12Problem* p = Add("snip1.element_type", &s, element))
          p->message = ElementName(spec.id, element) + " " + Quote(v) + " is not a valid " + TypeName(e.type) + ".";
        continue;
      }
      // length outside [min, max] in one unsigned comparison (length < min wraps around)
      if (e.max > 0 && length - e.min > static_cast<size_t>(e.max - e.min)) {
        if (X12Problem* p = Add("snip1.element_length", &s, element))
          p->message = ElementName(spec.id, element) + " " + Quote(v) + " has " + std::to_string(length) +
                       (e.type == Type::kR || e.type == Type::kN0 ? " digits" : " characters") + "; expected " +
                       (e.min == e.max ? std::to_string(e.min) : std::to_string(e.min) + " to " + std::to_string(e.max)) + ".";
      }
    }
  }

  void BadCode(const X12Segment& s, int element, int component, std::string_view value,
               Codes allowed, const char* rule = "snip2.code_value") {
    if (X12Problem* p = Add(rule, &s, element, component)) {
      p->message = ElementName(s.id(), element) + (component > 0 ? "-" + std::to_string(component) : std::string()) +
                   " " + Quote(value) + " is not a valid code here; expected one of: " + List(allowed) + ".";
    }
  }
  // Checks an element (component > 0: a component of it) against codes, when present.
  void Code(const X12Segment& s, int element, int component, Codes allowed) {
    const std::string_view v = component > 0 ? s.Component(static_cast<size_t>(element), static_cast<size_t>(component), m_reader.separators().component)
                                             : s.Element(static_cast<size_t>(element));
    if (!v.empty() && !OneOf(v, allowed)) BadCode(s, element, component, v, allowed);
  }

  // --- code values of key qualifiers (SNIP 2) ---------------------------------------------------------------------
  void CodeValues(const X12Segment& s) {
    const X12TransactionKind kind = m_guide ? m_guide->kind : X12TransactionKind::kOther;
    const char comp = m_reader.separators().component;
    switch (m_id) {
      case Pack("BHT"):
        if (kind == X12TransactionKind::k837P) {
          Code(s, 1, 0, CODES("0019"));
          Code(s, 2, 0, CODES("00", "18"));
          Code(s, 6, 0, CODES("31", "CH", "RP"));
        } else if (kind == X12TransactionKind::k277CA) {
          Code(s, 1, 0, CODES("0085"));
          Code(s, 2, 0, CODES("08"));
          Code(s, 6, 0, CODES("TH"));
        }
        break;
      case Pack("NM1"):
        Code(s, 2, 0, CODES("1", "2"));
        if (kind == X12TransactionKind::k835) Code(s, 1, 0, CODES("QC", "IL", "74", "82", "TT", "PR", "GB"));
        break;
      case Pack("HL"): Code(s, 4, 0, CODES("0", "1")); break;
      case Pack("SBR"):
        Code(s, 1, 0, CODES("P", "S", "T", "A", "B", "C", "D", "E", "F", "G", "H", "U"));
        Code(s, 9, 0, CODES("11", "12", "13", "14", "15", "16", "17", "AM", "BL", "CH", "CI", "DS", "FI", "HM", "LM",
                       "MA", "MB", "MC", "OF", "TV", "VA", "WC", "ZZ"));
        break;
      case Pack("DMG"): Code(s, 1, 0, CODES("D8")); Code(s, 3, 0, CODES("F", "M", "U")); break;
      case Pack("CLM"): {
        const std::string_view pos = s.Component(5, 1, comp);
        if (!pos.empty() && (pos.size() != 2 || !AllDigits(pos))) {
          if (X12Problem* p = Add("snip2.code_value", &s, 5, 1))
            p->message = "CLM05-1 " + Quote(pos) + " is not a place of service code (2 digits).";
        }
        const std::string_view qualifier = s.Component(5, 2, comp);
        if (!s.Element(5).empty() && qualifier != "B") BadCode(s, 5, 2, qualifier, CODES("B"));
        Code(s, 5, 3, CODES("1", "7", "8"));
        Code(s, 6, 0, CODES("Y", "N"));
        Code(s, 7, 0, CODES("A", "B", "C"));
        Code(s, 8, 0, CODES("N", "W", "Y"));
        Code(s, 9, 0, CODES("I", "Y"));
        break;
      }
      case Pack("HI"): {
        for (int i = 1; i <= 12 && static_cast<size_t>(i) <= s.size(); ++i) {
          if (s.Element(static_cast<size_t>(i)).empty()) continue;
          if (i == 1) {
            Code(s, 1, 1, CODES("ABK", "BK", "ABF", "BF", "ABJ", "BJ", "ABN", "BN", "BP", "BO", "BQ", "DR", "BG", "TC"));
          } else {
            Code(s, i, 1, CODES("ABF", "BF", "ABK", "BK", "ABJ", "BJ", "ABN", "BN", "BP", "BO", "BQ", "DR", "BG", "TC"));
          }
        }
        break;
      }
      case Pack("SV1"):
        Code(s, 1, 1, CODES("HC", "ER", "IV", "WK"));
        Code(s, 3, 0, CODES("UN", "MJ"));
        break;
      case Pack("DTP"): {
        Code(s, 2, 0, CODES("D8", "RD8"));
        const std::string_view format = s.Element(2), value = s.Element(3);
        bool ok = true;
        if (format == "D8") ok = value.size() == 8 && ValidDate(value);
        if (format == "RD8") ok = value.size() == 17 && value[8] == '-' && ValidDate(value.substr(0, 8)) && ValidDate(value.substr(9));
        if (!ok && !value.empty()) {
          if (X12Problem* p = Add("snip1.element_type", &s, 3))
            p->message = "DTP03 " + Quote(value) + " is not a " + (format == "D8" ? "date CCYYMMDD" : "date range CCYYMMDD-CCYYMMDD") + ".";
        }
        break;
      }
      case Pack("CAS"): Code(s, 1, 0, CODES("CO", "PR", "OA", "PI", "CR")); break;
      case Pack("CLP"):
        Code(s, 2, 0, CODES("1", "2", "3", "4", "19", "20", "21", "22", "23", "25"));
        Code(s, 6, 0, CODES("11", "12", "13", "14", "15", "16", "17", "AM", "BL", "CH", "CI", "DS", "FI", "HM", "LM",
                       "MA", "MB", "MC", "OF", "TV", "VA", "WC", "ZZ"));
        break;
      case Pack("BPR"): Code(s, 1, 0, CODES("C", "D", "H", "I", "P", "U", "X")); Code(s, 3, 0, CODES("C", "D")); break;
      case Pack("SVC"):
        if (kind == X12TransactionKind::k835 || kind == X12TransactionKind::k277CA)
          Code(s, 1, 1, CODES("AD", "ER", "HC", "HP", "IV", "N4", "NU", "WK"));
        break;
      case Pack("STC"): {
        if (kind != X12TransactionKind::k277CA) break;
        const std::string_view category = s.Component(1, 1, comp);
        if (!IsStatusCategory(category)) {
          BadCode(s, 1, 1, category, CODES("A0-A8", "DR01-DR08", "E0-E4"));
        }
        break;
      }
      case Pack("IK5"): Code(s, 1, 0, CODES("A", "E", "M", "R", "W", "X")); break;
      case Pack("AK9"): Code(s, 1, 0, CODES("A", "E", "M", "P", "R", "W", "X")); break;
      case Pack("IK3"): Code(s, 4, 0, CODES("1", "2", "3", "4", "5", "6", "7", "8", "I4", "I6", "I7", "I8", "I9")); break;
      case Pack("IK4"):
        Code(s, 3, 0, CODES("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "12", "13", "I10", "I11", "I12", "I13", "I6", "I9"));
        break;
      default: break;
    }
  }

  static bool IsStatusCategory(std::string_view c) {
    if (c.size() == 2 && c[0] == 'A' && c[1] >= '0' && c[1] <= '8') return true;
    if (c.size() == 2 && c[0] == 'E' && c[1] >= '0' && c[1] <= '4') return true;
    if (c.size() == 4 && c[0] == 'D' && c[1] == 'R' && c[2] == '0' && c[3] >= '1' && c[3] <= '8') return true;
    return false;
  }

  // --- envelopes (SNIP 1) -----------------------------------------------------------------------------------------
  void Isa(const X12Segment& s) {
    if (m_in_isa) {
      if (m_in_st) {
        if (X12Problem* p = Add("snip1.se_missing", &s))
          p->message = "A new ISA starts while the transaction set ST02 " + Quote(m_st02) + " (segment " +
                       std::to_string(m_st_segment) + ") has no SE.";
        FinishTransaction(false);
      }
      if (m_in_gs) {
        if (X12Problem* p = Add("snip1.ge_missing", &s))
          p->message = "A new ISA starts while the group GS06 " + Quote(m_gs06) + " (segment " +
                       std::to_string(m_gs_segment) + ") has no GE.";
        m_in_gs = false;
      }
      if (X12Problem* p = Add("snip1.iea_missing", &s))
        p->message = "A new ISA starts while the interchange ISA13 " + Quote(m_isa13) + " (segment " +
                     std::to_string(m_isa_segment) + ") has no IEA.";
    }
    m_in_isa = true;
    m_isa13 = s.Element(13);
    m_isa_segment = s.number;
    m_gs_in_isa = 0;
    ++m_out.interchange_count;
    if (m_out.interchanges.size() < m_options.max_summaries) {
      X12InterchangeSummary& x = m_out.interchanges.emplace_back();
      x.sender = Trim(s.Element(6));
      x.receiver = Trim(s.Element(8));
      x.control_number = s.Element(13);
      x.date = s.Element(9);
      x.time = s.Element(10);
      x.usage = s.Element(15);
      x.separators = m_reader.separators();
      x.first_segment = s.number;
      m_isa_summary = m_out.interchanges.size() - 1;
    } else {
      m_isa_summary = SIZE_MAX;
    }
    Code(s, 1, 0, CODES("00", "03"));
    Code(s, 3, 0, CODES("00", "01"));
    Code(s, 5, 0, CODES("01", "14", "20", "27", "28", "29", "30", "33", "ZZ"));
    Code(s, 7, 0, CODES("01", "14", "20", "27", "28", "29", "30", "33", "ZZ"));
    Code(s, 12, 0, CODES("00501"));
    Code(s, 14, 0, CODES("0", "1"));
    Code(s, 15, 0, CODES("P", "T"));
  }

  static std::string Trim(std::string_view v) {
    while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
    return std::string(v);
  }

  void Gs(const X12Segment& s) {
    if (!m_in_isa) {
      if (X12Problem* p = Add("snip1.envelope_order", &s)) p->message = "GS outside an interchange (no ISA before it).";
    }
    if (m_in_st) {
      if (X12Problem* p = Add("snip1.se_missing", &s))
        p->message = "A new GS starts while the transaction set ST02 " + Quote(m_st02) + " (segment " +
                     std::to_string(m_st_segment) + ") has no SE.";
      FinishTransaction(false);
    }
    if (m_in_gs) {
      if (X12Problem* p = Add("snip1.ge_missing", &s))
        p->message = "A new GS starts while the group GS06 " + Quote(m_gs06) + " (segment " +
                     std::to_string(m_gs_segment) + ") has no GE.";
    }
    m_in_gs = true;
    m_gs06 = s.Element(6);
    m_gs01 = s.Element(1);
    m_gs08 = s.Element(8);
    m_gs_segment = s.number;
    m_st_in_gs = 0;
    ++m_gs_in_isa;
    ++m_out.group_count;
    if (m_out.groups.size() < m_options.max_summaries) {
      X12GroupSummary& g = m_out.groups.emplace_back();
      g.functional_id = s.Element(1);
      g.sender = s.Element(2);
      g.receiver = s.Element(3);
      g.control_number = s.Element(6);
      g.version = s.Element(8);
      g.first_segment = s.number;
      m_gs_summary = m_out.groups.size() - 1;
    } else {
      m_gs_summary = SIZE_MAX;
    }
    Code(s, 1, 0, CODES("HC", "HP", "FA", "HN", "HS", "HB", "HI", "HR", "BE", "RA"));
    Code(s, 7, 0, CODES("X"));
  }

  void Ge(const X12Segment& s) {
    if (m_in_st) {
      if (X12Problem* p = Add("snip1.se_missing", &s))
        p->message = "GE ends the group while the transaction set ST02 " + Quote(m_st02) + " (segment " +
                     std::to_string(m_st_segment) + ") has no SE.";
      FinishTransaction(false);
    }
    if (!m_in_gs) {
      if (X12Problem* p = Add("snip1.envelope_order", &s)) p->message = "GE without a GS before it.";
      return;
    }
    m_in_gs = false;
    bool ok;
    const uint64_t count = ParseCount(s.Element(1), ok);
    if (ok && count != m_st_in_gs) {
      if (X12Problem* p = Add("snip1.ge_count", &s, 1))
        p->message = "GE01 is " + std::string(s.Element(1)) + " but the group has " + std::to_string(m_st_in_gs) +
                     " transaction sets (ST); expected " + std::to_string(m_st_in_gs) + ".";
    }
    if (s.Element(2) != m_gs06) {
      if (X12Problem* p = Add("snip1.ge_control_number", &s, 2))
        p->message = "GE02 " + Quote(s.Element(2)) + " does not match GS06 " + Quote(m_gs06) + " (segment " +
                     std::to_string(m_gs_segment) + "); expected " + Quote(m_gs06) + ".";
    }
  }

  void Iea(const X12Segment& s) {
    if (m_in_st) {
      if (X12Problem* p = Add("snip1.se_missing", &s))
        p->message = "IEA ends the interchange while the transaction set ST02 " + Quote(m_st02) + " (segment " +
                     std::to_string(m_st_segment) + ") has no SE.";
      FinishTransaction(false);
    }
    if (m_in_gs) {
      if (X12Problem* p = Add("snip1.ge_missing", &s))
        p->message = "IEA ends the interchange while the group GS06 " + Quote(m_gs06) + " (segment " +
                     std::to_string(m_gs_segment) + ") has no GE.";
      m_in_gs = false;
    }
    if (!m_in_isa) {
      if (X12Problem* p = Add("snip1.envelope_order", &s)) p->message = "IEA without an ISA before it.";
      return;
    }
    m_in_isa = false;
    bool ok;
    const uint64_t count = ParseCount(s.Element(1), ok);
    if (ok && count != m_gs_in_isa) {
      if (X12Problem* p = Add("snip1.iea_count", &s, 1))
        p->message = "IEA01 is " + std::string(s.Element(1)) + " but the interchange has " +
                     std::to_string(m_gs_in_isa) + " functional groups (GS); expected " + std::to_string(m_gs_in_isa) + ".";
    }
    if (s.Element(2) != m_isa13) {
      if (X12Problem* p = Add("snip1.iea_control_number", &s, 2))
        p->message = "IEA02 " + Quote(s.Element(2)) + " does not match ISA13 " + Quote(m_isa13) + " (segment " +
                     std::to_string(m_isa_segment) + "); expected " + Quote(m_isa13) + ".";
    }
  }

  void St(const X12Segment& s) {
    if (m_in_st) {
      // ++m_st_count already counted this ST into the open set; it is not part of it.
      if (X12Problem* p = Add("snip1.se_missing", &s))
        p->message = "A new ST starts while the transaction set ST02 " + Quote(m_st02) + " (segment " +
                     std::to_string(m_st_segment) + ") has no SE.";
      FinishTransaction(false);
    }
    if (!m_in_gs) {
      if (X12Problem* p = Add("snip1.envelope_order", &s))
        p->message = "ST outside a functional group (no GS before it).";
    }
    m_in_st = true;
    m_st_count = 1;
    m_st02 = s.Element(2);
    m_st_segment = s.number;
    ++m_st_in_gs;
    ++m_out.transaction_count;
    if (m_gs_summary != SIZE_MAX && m_in_gs) m_out.groups[m_gs_summary].transactions++;
    m_tx = X12TransactionSummary();
    m_tx.id = s.Element(1);
    m_tx.control_number = s.Element(2);
    m_tx.implementation = s.Element(3).empty() ? std::string_view(m_gs08) : s.Element(3);
    m_tx.first_segment = s.number;
    const std::string_view st01 = s.Element(1);
    const std::string_view ref = m_tx.implementation;
    m_guide = nullptr;
    std::string_view expected_gs01;
    if (st01 == "837" && ref.substr(0, 10) == "005010X222") {
      m_guide = &m_t.g837p;
      expected_gs01 = "HC";
    } else if (st01 == "835" && ref.substr(0, 10) == "005010X221") {
      m_guide = &m_t.g835;
      expected_gs01 = "HP";
    } else if (st01 == "999" && ref.substr(0, 10) == "005010X231") {
      m_guide = &m_t.g999;
      expected_gs01 = "FA";
    } else if (st01 == "277" && ref.substr(0, 10) == "005010X214") {
      m_guide = &m_t.g277ca;
      expected_gs01 = "HN";
    } else {
      if (X12Problem* p = Add("snip2.transaction_unsupported", &s, 1, 0, X12Severity::kWarning))
        p->message = "Transaction set " + Quote(st01) + " with implementation reference " + Quote(ref) +
                     " is not one of 837P (005010X222A1), 835 (005010X221A1), 999 (005010X231A1), 277CA "
                     "(005010X214): only its envelope and the segments known here are checked.";
    }
    m_tx.kind = m_guide ? m_guide->kind : X12TransactionKind::kOther;
    if (m_guide != nullptr && m_in_gs && m_gs01 != expected_gs01) {
      if (X12Problem* p = Add("snip2.functional_id", &s, 1))
        p->message = "ST01 " + std::string(st01) + " belongs in a group with GS01 " + std::string(expected_gs01) +
                     ", but GS01 is " + Quote(m_gs01) + ".";
    }
    if (m_in_gs && !s.Element(3).empty() && s.Element(3) != m_gs08) {
      if (X12Problem* p = Add("snip2.implementation_reference", &s, 3))
        p->message = "ST03 " + Quote(s.Element(3)) + " differs from GS08 " + Quote(m_gs08) + "; they must be equal.";
    }
    // Loop and HL state of the new set.
    m_depth = 0;
    m_hl.clear();
    m_last_hl = 0;
    m_claim_open = false;
    m_clp_open = false;
    m_svc_open = false;
    m_bpr_ok = false;
    m_sum_clp04 = 0;
    m_sum_plb = 0;
    m_sums_overflow = false;
    if (m_guide != nullptr) {
      m_i2300 = m_guide->Find("2300");
      m_i2200D = m_guide->Find("2200D");
      m_i2220D = m_guide->Find("2220D");
      m_i2000B = m_guide->Find("2000B");
      m_i2000C = m_guide->Find("2000C");
      Open(0, 0, s);
    }
  }

  void Se(const X12Segment& s) {
    if (!m_in_st) {
      if (X12Problem* p = Add("snip1.envelope_order", &s)) p->message = "SE without an ST before it.";
      return;
    }
    bool ok;
    const uint64_t count = ParseCount(s.Element(1), ok);
    if (ok && count != m_st_count) {
      if (X12Problem* p = Add("snip1.se_count", &s, 1))
        p->message = "SE01 is " + std::string(s.Element(1)) + " but the transaction set has " +
                     std::to_string(m_st_count) + " segments from ST to SE; expected " + std::to_string(m_st_count) + ".";
    }
    if (s.Element(2) != m_st02) {
      if (X12Problem* p = Add("snip1.se_control_number", &s, 2))
        p->message = "SE02 " + Quote(s.Element(2)) + " does not match ST02 " + Quote(m_st02) + " (segment " +
                     std::to_string(m_st_segment) + "); expected " + Quote(m_st02) + ".";
    }
    FinishTransaction(true, &s);
  }

  // Ends the open transaction set: closes claims, loops and HLs (with their checks when it ended with SE) and keeps
  // its summary.
  void FinishTransaction(bool complete, const X12Segment* se = nullptr) {
    if (!m_in_st) return;
    m_in_st = false;
    m_tx.segments = m_st_count;
    if (complete && m_guide != nullptr) {
      CloseClaim();
      CloseSvc();
      CloseClp();
      if (m_guide->kind == X12TransactionKind::k835 && m_bpr_ok && !m_sums_overflow) {
        int64_t expected = m_sum_clp04 - m_sum_plb;
        if (expected != m_bpr02) {
          if (X12Problem* p = AddAt("snip3.bpr02_balance", m_bpr_segment, m_bpr_offset, "BPR", 2))
            p->message = "BPR02 " + FormatCents(m_bpr02) + " is not the claims' paid amounts (sum of CLP04 " +
                         FormatCents(m_sum_clp04) + ") less the provider adjustments (sum of PLB amounts " +
                         FormatCents(m_sum_plb) + "); expected " + FormatCents(expected) + ".";
        }
      }
      PopHl(0, se);
      Close(0);
    }
    m_depth = 0;
    m_out.claims += m_tx.claims;
    m_out.lines += m_tx.lines;
    bool overflow = false;
    AddCents(m_out.charge_cents, m_tx.charge_cents, overflow);
    AddCents(m_out.paid_cents, m_tx.paid_cents, overflow);
    if (m_out.transactions.size() < m_options.max_summaries) m_out.transactions.push_back(std::move(m_tx));
    m_guide = nullptr;
  }

  // --- loops (SNIP 2) ----------------------------------------------------------------------------------------------
  bool Qualifies(const Loop& loop, const X12Segment& s) const {
    if (loop.qualifier_count == 0) return true;
    const std::string_view v = s.Element(static_cast<size_t>(loop.qualifier_element));
    for (size_t i = 0; i < loop.qualifier_count; ++i)
      if (loop.qualifiers[i] == v) return true;
    return false;
  }

  // Finds the loop of segment `s` from the innermost open loop outwards; opens / closes loops. False: no place.
  bool Walk(const X12Segment& s, int index) {
    const size_t seg = static_cast<size_t>(index);
    for (size_t level = m_depth; level-- > 0;) {
      Frame& f = m_stack[level];
      const Loop& loop = m_guide->loops[static_cast<size_t>(f.loop)];
      if (index != loop.trigger && loop.allowed.test(seg)) {
        Close(level + 1);
        f.seen.set(seg);
        return true;
      }
      for (int c : loop.children) {
        const Loop& child = m_guide->loops[static_cast<size_t>(c)];
        if (child.trigger == index && Qualifies(child, s)) {
          Close(level + 1);
          Open(c, level + 1, s);
          return true;
        }
      }
      if (level > 0 && index == loop.trigger && Qualifies(loop, s)) {
        const int again = f.loop;
        Close(level);
        Open(again, level, s);
        return true;
      }
    }
    return false;
  }

  void Open(int loop_index, size_t level, const X12Segment& s) {
    if (level >= m_stack.size()) return;  // the tables are at most 5 deep
    if (level > 0) {
      Frame& parent = m_stack[level - 1];
      const uint32_t count = ++parent.child_counts[static_cast<size_t>(loop_index)];
      const Loop& loop = m_guide->loops[static_cast<size_t>(loop_index)];
      if (loop.max_repeat > 0 && count == static_cast<uint32_t>(loop.max_repeat) + 1) {
        if (X12Problem* p = Add("snip2.loop_repeat", &s))
          p->message = "Loop " + loop.id + " repeats more than " + std::to_string(loop.max_repeat) +
                       " times in its parent loop (the guide's maximum).";
      }
    }
    Frame& f = m_stack[level];
    f.loop = loop_index;
    f.start_segment = s.number;
    f.start_offset = s.offset;
    f.seen.reset();
    f.seen.set(static_cast<size_t>(m_guide->loops[static_cast<size_t>(loop_index)].trigger));
    f.child_counts.fill(0);
    f.hl_leaf = m_id == Pack("HL") && s.Element(4) == "0";
    m_depth = level + 1;
    if (loop_index == m_i2200D) {
      ++m_tx.claims;
    } else if (loop_index == m_i2220D) {
      ++m_tx.lines;
    }
  }

  // Closes the open loops from the innermost down to `level` (inclusive), checking what each must hold.
  void Close(size_t level) {
    while (m_depth > level) {
      Frame& f = m_stack[--m_depth];
      const Loop& loop = m_guide->loops[static_cast<size_t>(f.loop)];
      const std::string_view trigger_id = m_t.segments[static_cast<size_t>(loop.trigger)].id;
      auto name = [&loop] { return loop.id == "HDR" ? std::string("the transaction set header") : "loop " + loop.id; };
      const SegmentSet missing = loop.required_segments & ~f.seen;
      if (missing.any()) {
        for (size_t i = 0; i < kSegmentCount; ++i) {
          if (!missing.test(i)) continue;
          if (X12Problem* p = AddAt("snip2.segment_required", f.start_segment, f.start_offset, trigger_id, 0))
            p->message = name() + " (" + loop.qualifier_text + " at segment " +
                         std::to_string(f.start_segment) + ") has no " + std::string(m_t.segments[i].id) +
                         " segment; the guide requires one.";
        }
      }
      for (int c : loop.required_children) {
        const Loop& child = m_guide->loops[static_cast<size_t>(c)];
        if (f.child_counts[static_cast<size_t>(c)] == 0) {
          // Loops with several parents (2300) are required by the HL04 rule below, not here.
          if (X12Problem* p = AddAt("snip2.loop_required", f.start_segment, f.start_offset, trigger_id, 0))
            p->message = name() + " (" + loop.qualifier_text + " at segment " +
                         std::to_string(f.start_segment) + ") has no loop " + child.id + " (" + child.qualifier_text +
                         "); the guide requires one.";
        }
      }
      if (m_guide->kind == X12TransactionKind::k837P && f.hl_leaf && (f.loop == m_i2000B || f.loop == m_i2000C) &&
          f.child_counts[static_cast<size_t>(m_i2300)] == 0) {
        if (X12Problem* p = AddAt("snip2.loop_required", f.start_segment, f.start_offset, "HL", 0))
          p->message = "The HL at segment " + std::to_string(f.start_segment) +
                       " has no child HL (HL04 0) and no claim: it must hold loop 2300 (CLM).";
      }
    }
  }

  // --- HL hierarchy -----------------------------------------------------------------------------------------------
  // HLs come in depth-first order, so the parent of a new HL is on the path from the root to the previous one: a
  // stack as deep as the hierarchy (3-4 levels), whatever the number of HLs.
  void PopHl(size_t keep, const X12Segment* at) {
    while (m_hl.size() > keep) {
      const HlEntry& e = m_hl.back();
      if (e.hl04 == '1' && !e.has_children) {
        if (X12Problem* p = AddAt("snip2.hl04_children", e.segment, e.offset, "HL", 4))
          p->message = "HL04 is 1 (has child HLs) but no HL names HL01 " + std::to_string(e.id) + " as its parent.";
      }
      m_hl.pop_back();
    }
  }

  std::string_view ExpectedParentLevel(std::string_view level) const {
    if (m_guide->kind == X12TransactionKind::k837P) {
      if (level == "22") return "20";
      if (level == "23") return "22";
    } else if (m_guide->kind == X12TransactionKind::k277CA) {
      if (level == "21") return "20";
      if (level == "19") return "21";
      if (level == "PT") return "19";
    }
    return "";
  }

  void Hl(const X12Segment& s) {
    bool ok;
    const uint64_t id = ParseCount(s.Element(1), ok);
    if (!ok) {
      if (X12Problem* p = Add("snip2.hl01_sequence", &s, 1))
        p->message = "HL01 " + Quote(s.Element(1)) + " is not a number; expected " + std::to_string(m_last_hl + 1) + ".";
      return;
    }
    if (id != m_last_hl + 1) {
      if (X12Problem* p = Add("snip2.hl01_sequence", &s, 1))
        p->message = "HL01 is " + std::to_string(id) + "; HL01 starts at 1 and goes up by one in a transaction set: expected " +
                     std::to_string(m_last_hl + 1) + ".";
    }
    if (id > m_last_hl) m_last_hl = id;
    const std::string_view parent_text = s.Element(2);
    const std::string_view level = s.Element(3);
    const std::string_view expected_parent_level = ExpectedParentLevel(level);
    if (parent_text.empty()) {
      PopHl(0, &s);
      if (!expected_parent_level.empty()) {
        if (X12Problem* p = Add("snip2.hl_parent_missing", &s, 2))
          p->message = "An HL of level " + Quote(level) + " needs a parent HL (HL02) of level " +
                       Quote(expected_parent_level) + ".";
      }
    } else {
      const uint64_t parent = ParseCount(parent_text, ok);
      size_t at = m_hl.size();
      while (at > 0 && m_hl[at - 1].id != parent) --at;
      if (!ok || at == 0) {
        if (X12Problem* p = Add("snip2.hl_parent_missing", &s, 2))
          p->message = "HL02 " + Quote(parent_text) + " names no HL above this one (an earlier HL01 on the path to it" +
                       (m_hl.empty() ? std::string() : ": expected one of " + HlPath()) + ").";
        PopHl(0, &s);
      } else {
        {  // the level first: a wrong parent is the cause of what popping the HLs below it may report
          const HlEntry& p_entry = m_hl[at - 1];
          const std::string_view parent_level(p_entry.level.data(), std::strlen(p_entry.level.data()));
          if (!expected_parent_level.empty() && parent_level != expected_parent_level) {
            if (X12Problem* p = Add("snip2.hl_level", &s, 3))
              p->message = "An HL of level " + Quote(level) + " must have a parent of level " +
                           Quote(expected_parent_level) + "; its parent HL01 " + std::to_string(parent) + " is level " +
                           Quote(parent_level) + ".";
          }
        }
        PopHl(at, &s);
        HlEntry& parent_entry = m_hl.back();
        parent_entry.has_children = true;
        if (parent_entry.hl04 == '0') {
          if (X12Problem* p = AddAt("snip2.hl04_children", parent_entry.segment, parent_entry.offset, "HL", 4))
            p->message = "HL04 is 0 (no child HLs) but HL01 " + std::to_string(id) + " at segment " +
                         std::to_string(s.number) + " names it as its parent; expected 1.";
          parent_entry.hl04 = '1';  // reported once
        }
      }
    }
    if (m_hl.size() >= 64) return;  // deeper than any guide: stop tracking rather than grow
    HlEntry& e = m_hl.emplace_back();
    e.id = id;
    e.segment = s.number;
    e.offset = s.offset;
    e.level.fill(0);
    for (size_t i = 0; i < level.size() && i < 2; ++i) e.level[i] = level[i];
    e.hl04 = s.Element(4).size() == 1 ? s.Element(4)[0] : 0;
  }

  std::string HlPath() const {
    std::string out;
    for (const HlEntry& e : m_hl) {
      if (!out.empty()) out += ", ";
      out += std::to_string(e.id);
    }
    return out;
  }

  // --- balancing (SNIP 3) and counts --------------------------------------------------------------------------------
  // An amount element as cents; a malformed one is reported by the type checks, one with more than 2 decimals here.
  bool Amount(const X12Segment& s, int element, int64_t& cents) {
    const std::string_view v = s.Element(static_cast<size_t>(element));
    if (v.empty()) {
      cents = 0;
      return true;
    }
    const AmountParse r = ParseCents(v, cents);
    if (r == AmountParse::kPrecision) {
      if (X12Problem* p = Add("snip2.amount_precision", &s, element))
        p->message = ElementName(s.id(), element) + " " + Quote(v) + " has more than 2 decimal places; amounts are "
                     "dollars and cents.";
    }
    return r == AmountParse::kOk;
  }

  void CloseClaim() {
    if (!m_claim_open) return;
    m_claim_open = false;
    if (m_claim_ok && m_claim_has_lines && m_claim_lines != m_claim_charge) {
      if (X12Problem* p = AddAt("snip3.clm02_balance", m_claim_segment, m_claim_offset, "CLM", 2))
        p->message = "CLM02 " + FormatCents(m_claim_charge) + " is not the sum of the claim's service line charges "
                     "(SV102): expected " + FormatCents(m_claim_lines) + ".";
    }
  }

  void CloseSvc() {
    if (!m_svc_open) return;
    m_svc_open = false;
    if (m_svc_ok && m_svc_charge - m_svc_paid != m_svc_cas) {
      if (X12Problem* p = AddAt("snip3.svc_balance", m_svc_segment, m_svc_offset, "SVC", 3))
        p->message = "SVC02 " + FormatCents(m_svc_charge) + " less SVC03 " + FormatCents(m_svc_paid) + " is " +
                     FormatCents(m_svc_charge - m_svc_paid) + " but the line's adjustments (CAS) add up to " +
                     FormatCents(m_svc_cas) + "; expected SVC03 " + FormatCents(m_svc_charge - m_svc_cas) + ".";
    }
  }

  void CloseClp() {
    if (!m_clp_open) return;
    CloseSvc();
    m_clp_open = false;
    if (!m_clp_ok) return;
    if (m_clp_lines > 0) {
      if (m_clp_charge != m_clp_svc_charge) {
        if (X12Problem* p = AddAt("snip3.clp03_svc02", m_clp_segment, m_clp_offset, "CLP", 3))
          p->message = "CLP03 " + FormatCents(m_clp_charge) + " is not the sum of the service lines' charges (SVC02): "
                       "expected " + FormatCents(m_clp_svc_charge) + ".";
      }
      if (m_clp_paid != m_clp_svc_paid) {
        if (X12Problem* p = AddAt("snip3.clp04_svc03", m_clp_segment, m_clp_offset, "CLP", 4))
          p->message = "CLP04 " + FormatCents(m_clp_paid) + " is not the sum of the service lines' payments (SVC03): "
                       "expected " + FormatCents(m_clp_svc_paid) + ".";
      }
    }
    if (m_clp_charge - m_clp_paid != m_clp_cas) {
      if (X12Problem* p = AddAt("snip3.clp_balance", m_clp_segment, m_clp_offset, "CLP", 4))
        p->message = "CLP03 " + FormatCents(m_clp_charge) + " less CLP04 " + FormatCents(m_clp_paid) + " is " +
                     FormatCents(m_clp_charge - m_clp_paid) + " but the claim and line adjustments (CAS) add up to " +
                     FormatCents(m_clp_cas) + "; expected CLP04 " + FormatCents(m_clp_charge - m_clp_cas) + ".";
    }
  }

  void Balance(const X12Segment& s) {
    bool overflow = false;
    switch (m_guide->kind) {
      case X12TransactionKind::k837P:
        switch (m_id) {
          case Pack("CLM"): {
            CloseClaim();
            ++m_tx.claims;
            m_claim_open = true;
            m_claim_segment = s.number;
            m_claim_offset = s.offset;
            m_claim_ok = Amount(s, 2, m_claim_charge);
            m_claim_lines = 0;
            m_claim_has_lines = false;
            if (m_claim_ok) AddCents(m_tx.charge_cents, m_claim_charge, overflow);
            break;
          }
          case Pack("SV1"): {
            ++m_tx.lines;
            int64_t cents;
            if (!Amount(s, 2, cents)) m_claim_ok = false;
            if (m_claim_open) {
              m_claim_has_lines = true;
              AddCents(m_claim_lines, cents, overflow);
            }
            break;
          }
          case Pack("HL"): CloseClaim(); break;
          default: break;
        }
        if (overflow) m_claim_ok = false;
        break;
      case X12TransactionKind::k835:
        switch (m_id) {
          case Pack("BPR"): m_bpr_ok = Amount(s, 2, m_bpr02); m_bpr_segment = s.number; m_bpr_offset = s.offset; m_tx.payment_cents = m_bpr02; break;
          case Pack("LX"): CloseClp(); break;
          case Pack("CLP"): {
            CloseClp();
            ++m_tx.claims;
            m_clp_open = true;
            m_clp_segment = s.number;
            m_clp_offset = s.offset;
            m_clp_ok = Amount(s, 3, m_clp_charge) & Amount(s, 4, m_clp_paid);
            m_clp_cas = m_clp_svc_charge = m_clp_svc_paid = 0;
            m_clp_lines = 0;
            if (m_clp_ok) {
              AddCents(m_tx.charge_cents, m_clp_charge, overflow);
              AddCents(m_tx.paid_cents, m_clp_paid, overflow);
              AddCents(m_sum_clp04, m_clp_paid, m_sums_overflow);
            } else {
              m_bpr_ok = false;  // the total cannot be checked without every CLP04
            }
            break;
          }
          case Pack("SVC"): {
            CloseSvc();
            ++m_tx.lines;
            m_svc_open = m_clp_open;
            m_svc_segment = s.number;
            m_svc_offset = s.offset;
            m_svc_ok = Amount(s, 2, m_svc_charge) & Amount(s, 3, m_svc_paid);
            m_svc_cas = 0;
            if (m_clp_open) {
              ++m_clp_lines;
              if (!m_svc_ok) m_clp_ok = false;
              AddCents(m_clp_svc_charge, m_svc_charge, overflow);
              AddCents(m_clp_svc_paid, m_svc_paid, overflow);
            }
            break;
          }
          case Pack("CAS"): {
            int64_t total = 0;
            bool ok = true;
            // Elements past the last one present are empty: 0 cents, nothing to check.
            const int last = static_cast<int>(std::min<size_t>(s.size(), 18));
            for (int amount = 3; amount <= last; amount += 3) {
              int64_t cents;
              if (!Amount(s, amount, cents)) ok = false;
              AddCents(total, cents, overflow);
            }
            if (!ok) {
              m_svc_ok = false;
              m_clp_ok = false;
            }
            if (m_svc_open) AddCents(m_svc_cas, total, overflow);
            if (m_clp_open) AddCents(m_clp_cas, total, overflow);
            break;
          }
          case Pack("PLB"): {
            CloseClp();
            for (int amount = 4; amount <= 14; amount += 2) {
              int64_t cents;
              if (!Amount(s, amount, cents)) m_bpr_ok = false;
              AddCents(m_sum_plb, cents, m_sums_overflow);
            }
            break;
          }
          default: break;
        }
        if (overflow) m_clp_ok = m_svc_ok = false;
        break;
      case X12TransactionKind::k999:
        switch (m_id) {
          case Pack("AK2"): ++m_tx.claims; break;
          case Pack("IK5"): {
            const std::string_view code = s.Element(1);
            if (code == "A" || code == "E") {
              ++m_tx.accepted;
            } else if (!code.empty()) {
              ++m_tx.rejected;
            }
            break;
          }
          default: break;
        }
        break;
      case X12TransactionKind::k277CA:
        if (m_id == Pack("STC") && m_depth > 0 && m_stack[m_depth - 1].loop == m_i2200D) {
          const std::string_view category = s.Component(1, 1, m_reader.separators().component);
          if (OneOf(category, {"A1", "A2", "A5"})) ++m_tx.accepted;
          if (OneOf(category, {"A3", "A4", "A6", "A7", "A8"})) ++m_tx.rejected;
          int64_t cents;
          if (!s.Element(4).empty() && Amount(s, 4, cents)) AddCents(m_tx.charge_cents, cents, overflow);
        }
        break;
      case X12TransactionKind::kOther: break;
    }
  }

  X12Reader& m_reader;
  const X12ValidateOptions& m_options;
  const Tables& m_t;
  X12Validation m_out;
  bool m_segment_problem = false;
  uint32_t m_id = 0;  // Pack() of the current segment's id

  // Envelopes.
  bool m_in_isa = false, m_in_gs = false, m_in_st = false;
  std::string m_isa13, m_gs06, m_gs01, m_gs08, m_st02;
  uint64_t m_isa_segment = 0, m_gs_segment = 0, m_st_segment = 0;
  uint64_t m_gs_in_isa = 0, m_st_in_gs = 0, m_st_count = 0;
  size_t m_isa_summary = SIZE_MAX, m_gs_summary = SIZE_MAX;
  X12TransactionSummary m_tx;

  // Loops of the open transaction set.
  const Guide* m_guide = nullptr;
  std::array<Frame, 8> m_stack;
  size_t m_depth = 0;
  int m_i2300 = -1, m_i2200D = -1, m_i2220D = -1, m_i2000B = -1, m_i2000C = -1;
  std::vector<HlEntry> m_hl;
  uint64_t m_last_hl = 0;

  // Balancing state.
  bool m_claim_open = false, m_claim_ok = false, m_claim_has_lines = false;
  uint64_t m_claim_segment = 0, m_claim_offset = 0;
  int64_t m_claim_charge = 0, m_claim_lines = 0;
  bool m_clp_open = false, m_clp_ok = false, m_svc_open = false, m_svc_ok = false, m_bpr_ok = false;
  bool m_sums_overflow = false;
  uint64_t m_clp_segment = 0, m_svc_segment = 0, m_bpr_segment = 0, m_clp_lines = 0;
  uint64_t m_clp_offset = 0, m_svc_offset = 0, m_bpr_offset = 0;
  int64_t m_clp_charge = 0, m_clp_paid = 0, m_clp_cas = 0, m_clp_svc_charge = 0, m_clp_svc_paid = 0;
  int64_t m_svc_charge = 0, m_svc_paid = 0, m_svc_cas = 0;
  int64_t m_bpr02 = 0, m_sum_clp04 = 0, m_sum_plb = 0;
};

}  // namespace

const char* X12TransactionKindName(X12TransactionKind kind) {
  switch (kind) {
    case X12TransactionKind::k837P: return "837P";
    case X12TransactionKind::k835: return "835";
    case X12TransactionKind::k999: return "999";
    case X12TransactionKind::k277CA: return "277CA";
    case X12TransactionKind::kOther: break;
  }
  return "other";
}

X12Validation ValidateX12(X12Reader& reader, const X12ValidateOptions& options) {
  return Validator(reader, options).Run();
}

}  // namespace medcode::engine
