// scrubber.cpp: the claim scrubber's rule catalogue, its in-memory data and the rules (see scrubber.h).
//
// [SECTION] Catalogue
// [SECTION] Data loaded from the pack
// [SECTION] Rules
// [SECTION] JSON
#include "engine/scrubber.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <map>
#include <optional>
#include <tuple>
#include <unordered_map>

#include "engine/codeset_build.h"
#include "engine/codeset_mce.h"
#include "engine/codeset_ncci.h"
#include "engine/codeset_ptp.h"
#include "engine/codeset_tabular.h"
#include "engine/json_fields.h"
#include "engine/sqlite_db.h"

namespace medcode::engine {

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Catalogue
// ---------------------------------------------------------------------------------------------------------------
namespace {

constexpr const char* kSrcIcd = "ICD-10-CM code files (CDC/CMS), FY2024-FY2026";
constexpr const char* kSrcTabular = "ICD-10-CM Tabular List instructional notes (CDC), FY2021";
constexpr const char* kSrcGuidelines = "ICD-10-CM Official Guidelines for Coding and Reporting";
constexpr const char* kSrcMce = "Medicare Code Editor (CMS) v41.1, FY2024";
constexpr const char* kSrcHcpcs = "HCPCS Level II (CMS) 2024 July and 2026 Q3; CPT numbers from RBCS (CMS)";
constexpr const char* kSrcModifiers = "HCPCS and CPT modifier lists (CMS)";
constexpr const char* kSrcPtp = "NCCI procedure-to-procedure edits (CMS), 2024 Q3";
constexpr const char* kSrcMue = "NCCI medically unlikely edits (CMS), 2024 Q3";
constexpr const char* kSrcAddOn = "NCCI add-on code edits (CMS), 2024 Q3";
constexpr const char* kSrcPos = "Place of service code set (CMS)";
constexpr const char* kSrcNpi = "NPI standard (45 CFR 162.406): Luhn check digit with prefix 80840";
constexpr const char* kSrc837 = "X12 837P 005010X222A1 / CMS-1500 claim limits";

using S = ScrubSeverity;

const std::vector<ScrubRule> kRules = {
    // ICD-10-CM
    {"icd.unknown", S::kError, "The diagnosis code is an ICD-10-CM code in the editions loaded.", kSrcIcd},
    {"icd.seventh_character", S::kError,
     "A code that takes a 7th character has one, from its options, with placeholder X where needed.", kSrcTabular},
    {"icd.not_valid_on_dos", S::kError, "The diagnosis code exists in the fiscal year of the date of service.", kSrcIcd},
    {"icd.header", S::kError, "The diagnosis code is billable (not a category or subcategory header) on the DOS.",
     kSrcIcd},
    {"icd.edition", S::kWarning,
     "The date of service lies in a fiscal year the ICD-10-CM editions loaded cover (else validity is not checked).",
     kSrcIcd},
    {"icd.duplicate", S::kError, "A diagnosis is listed once.", kSrc837},
    {"icd.excludes1", S::kWarning,
     "No two diagnoses are separated by an Excludes1 note, unless attested as unrelated conditions.", kSrcTabular},
    {"icd.manifestation_first", S::kError, "A manifestation code is not the first-listed diagnosis.", kSrcMce},
    {"icd.code_first", S::kWarning,
     "A code with a \"code first\" note is not first-listed: the underlying condition is sequenced first.",
     kSrcTabular},
    {"icd.external_cause_first", S::kError, "An external cause code (V00-Y99) is not the first-listed diagnosis.",
     kSrcGuidelines},
    {"icd.mce_sex", S::kError, "A diagnosis for one sex only matches the patient's sex.", kSrcMce},
    {"icd.mce_age", S::kWarning, "A diagnosis with an age edit (newborn, pediatric, maternity, adult) fits the age.",
     kSrcMce},
    {"icd.demographics_missing", S::kInfo,
     "The patient's age and sex are entered, so that the MCE age and sex edits can be checked.", kSrcMce},
    // CPT / HCPCS
    {"proc.unknown", S::kError, "The service code is a HCPCS Level II code or a CPT code number CMS lists.", kSrcHcpcs},
    {"proc.not_valid_on_dos", S::kError, "The service code was in effect on the date of service (added, not ended).",
     kSrcHcpcs},
    {"ncci.ptp.denied", S::kError,
     "No two lines form an NCCI PTP pair with modifier indicator 0 (the column 2 code is denied).", kSrcPtp},
    {"ncci.ptp.modifier_needed", S::kError,
     "A PTP pair with modifier indicator 1 carries a bypass modifier when the services were distinct.", kSrcPtp},
    {"ncci.ptp.bypassed", S::kInfo, "A PTP pair with indicator 1 is bypassed by a modifier: documentation must support it.",
     kSrcPtp},
    {"ncci.edition", S::kWarning,
     "The date of service lies in the NCCI edition loaded (else its edits are applied and the finding says so).",
     kSrcPtp},
    {"ncci.mue.line", S::kError, "The units of a line are within the MUE of its code (MAI 1, per line).", kSrcMue},
    {"ncci.mue.day", S::kError,
     "The units of a code on one date are within its MUE (MAI 2, per day, an absolute limit).", kSrcMue},
    {"ncci.mue.day_appealable", S::kWarning,
     "The units of a code on one date are within its MUE (MAI 3, per day; more may be paid on appeal).", kSrcMue},
    {"ncci.mue.not_payable", S::kError, "The code is payable in this setting (its MUE is not 0).", kSrcMue},
    {"ncci.addon.primary_missing", S::kError, "An add-on code is reported with one of its primary codes.", kSrcAddOn},
    {"modifier.unknown", S::kError, "Every modifier is a CPT or HCPCS modifier.", kSrcModifiers},
    {"modifier.duplicate", S::kError, "A line carries a modifier once.", kSrc837},
    {"modifier.too_many", S::kError, "A line carries at most 4 modifiers.", kSrc837},
    {"line.duplicate", S::kWarning,
     "No two lines repeat the same code, modifiers and date (repeat services take 76/77/91 or more units).", kSrc837},
    // Claim
    {"claim.dos.missing", S::kError, "The claim has a date of service.", kSrc837},
    {"claim.dos.invalid", S::kError, "The dates of service are real dates.", kSrc837},
    {"claim.dos.future", S::kError, "No date of service is in the future.", kSrc837},
    {"claim.npi.missing", S::kError, "The billing provider's NPI is entered.", kSrc837},
    {"claim.npi.invalid", S::kError, "Each NPI has 10 digits, starts with 1 or 2 and passes its check digit.", kSrcNpi},
    {"claim.pos.missing", S::kError, "The place of service is entered.", kSrc837},
    {"claim.pos.invalid", S::kError, "The place of service is an assigned CMS place-of-service code.", kSrcPos},
    {"claim.diagnosis.missing", S::kError, "The claim has at least one diagnosis.", kSrc837},
    {"claim.diagnosis.too_many", S::kError, "The claim has at most 12 diagnoses.", kSrc837},
    {"claim.lines.missing", S::kError, "The claim has at least one service line.", kSrc837},
    {"claim.pointer.missing", S::kError, "Every line points at a diagnosis.", kSrc837},
    {"claim.pointer.invalid", S::kError, "Every pointer names a diagnosis the claim lists (1-12).", kSrc837},
    {"claim.pointer.too_many", S::kError, "A line has at most 4 diagnosis pointers.", kSrc837},
    {"claim.pointer.duplicate", S::kWarning, "A line points at a diagnosis once.", kSrc837},
    {"claim.units.invalid", S::kError, "Units are whole numbers above 0.", kSrc837},
    {"claim.charge.missing", S::kError, "Every line has a charge.", kSrc837},
    {"claim.charge.invalid", S::kError, "Charges are amounts above 0 with at most 2 decimals.", kSrc837},
};

}  // namespace

const char* ScrubSeverityName(ScrubSeverity severity) {
  return severity == ScrubSeverity::kError ? "error" : severity == ScrubSeverity::kWarning ? "warning" : "info";
}

const std::vector<ScrubRule>& ScrubRules() { return kRules; }

const ScrubRule* FindScrubRule(std::string_view id) {
  for (const auto& r : kRules) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

bool IsAnatomicModifier(std::string_view m) {
  static constexpr std::string_view kAnatomic[] = {"E1", "E2", "E3", "E4", "FA", "F1", "F2", "F3", "F4", "F5",
                                                   "F6", "F7", "F8", "F9", "TA", "T1", "T2", "T3", "T4", "T5",
                                                   "T6", "T7", "T8", "T9", "LT", "RT", "LC", "LD", "RC", "LM", "RI"};
  return std::find(std::begin(kAnatomic), std::end(kAnatomic), m) != std::end(kAnatomic);
}

bool IsPtpBypassModifier(std::string_view m) {
  static constexpr std::string_view kOther[] = {"59", "XE", "XS", "XP", "XU", "24", "25", "57", "58", "78", "79",
                                                "27", "91"};
  return IsAnatomicModifier(m) || std::find(std::begin(kOther), std::end(kOther), m) != std::end(kOther);
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Data loaded from the pack
// ---------------------------------------------------------------------------------------------------------------
namespace {

// Codes as map keys: up to 8 characters packed into an integer (ICD-10-CM without its dot, CPT/HCPCS, modifiers,
// POS). 0 for a text that cannot be a code (empty, longer than 8).
uint64_t Key(std::string_view s) {
  if (s.empty() || s.size() > 8) return 0;
  uint64_t k = 0;
  for (char c : s) k = (k << 8) | static_cast<unsigned char>(c);
  return k | (static_cast<uint64_t>(s.size()) << 60);  // lengths apart: "A1" != "\0A1"
}

// Upper case, spaces and (for ICD-10-CM) the dot removed, into a small buffer: claim codes as typed -> map keys.
struct CodeText {
  char text[16] = {};
  size_t size = 0;
  std::string_view view() const { return {text, size}; }
};
CodeText Clean(std::string_view s, bool drop_dot) {
  CodeText out;
  for (char c : s) {
    if (c == ' ' || c == '\t' || (drop_dot && c == '.')) continue;
    if (out.size == sizeof(out.text)) return CodeText{};  // too long to be a code
    out.text[out.size++] = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

// "E119" -> "E11.9" (the form the pack and the tabular notes use).
std::string Dotted(std::string_view dotless) {
  std::string out(dotless.substr(0, 3));
  if (dotless.size() > 3) out.append(".").append(dotless.substr(3));
  return out;
}

int32_t DateNumber(const Date& d) { return d.year * 10000 + d.month * 100 + d.day; }
// "2024-07-01" -> 20240701; 0 for anything else (an empty column).
int32_t DateNumber(std::string_view iso) {
  auto d = ParseDate(iso);
  return d.ok() ? DateNumber(*d) : 0;
}

// An Excludes1 reference (IcdNoteRef::first/last), dotted, and where its note is ("chapter 4", "E08-E13", "E11").
struct IcdRef {
  std::string first, last;
  std::string owner;
};

struct IcdInfo {
  uint8_t valid = 0, billable = 0;  // bit per fiscal year, as IcdCode
  uint8_t mce = 0;                  // MceEdits::mask
  bool code_first = false;          // the code or an ancestor code has a "code first" note
  // Every Excludes1 reference that applies to the code (its chapter's, sections', ancestors' and own notes):
  // Data::chain[chain_begin ..+ chain_count] index Data::excludes. `letters`: bit (letter - 'A') for each first letter
  // those references can cover, so most pairs of diagnoses are settled by one AND.
  uint32_t chain_begin = 0, chain_count = 0;
  uint32_t letters = 0;
  int chapter = 0;  // from the code table (the tabular's place wins when it has one)
};

struct ProcInfo {
  int level = 2;
  int32_t added = 0, ended = 0;  // YYYYMMDD; 0 = unknown (no date published: not checked)
};

struct MueInfo {
  int units = 0;
  MueAdjudication mai = MueAdjudication::kPerLine;
  uint32_t rationale = 0;
};

struct AddOnInfo {
  AddOnEditType type = AddOnEditType::kListedPrimaries;
  bool any_primary = false;
  std::vector<uint64_t> primaries;
  std::vector<std::string> primary_text;  // for the message, in code order
};

// A hash map from code keys (Key(): never 0) to values in one array, open addressing with linear probing: a lookup
// is one or two cache lines, where std::unordered_map chases a bucket and a node. find() gives the entry or nullptr
// (== end()); slots() lists every slot, empty ones with key 0.
template <class V>
class FlatMap {
 public:
  struct Entry {
    uint64_t first = 0;
    V second{};
  };
  Entry* find(uint64_t key) { return const_cast<Entry*>(static_cast<const FlatMap*>(this)->find(key)); }
  const Entry* find(uint64_t key) const {
    if (key == 0 || m_slots.empty()) return nullptr;
    for (size_t i = Hash(key) & m_mask;; i = (i + 1) & m_mask) {
      if (m_slots[i].first == key) return &m_slots[i];
      if (m_slots[i].first == 0) return nullptr;
    }
  }
  const Entry* end() const { return nullptr; }
  size_t count(uint64_t key) const { return find(key) != nullptr; }
  V& operator[](uint64_t key) {
    if (Entry* e = find(key)) return e->second;
    if ((m_size + 1) * 2 > m_slots.size()) Grow();
    size_t i = Hash(key) & m_mask;
    while (m_slots[i].first != 0) i = (i + 1) & m_mask;
    m_slots[i].first = key;
    ++m_size;
    return m_slots[i].second;
  }
  void emplace(uint64_t key, V value) {
    if (key == 0 || find(key)) return;
    (*this)[key] = std::move(value);
  }
  std::vector<Entry>& slots() { return m_slots; }
  const std::vector<Entry>& slots() const { return m_slots; }
  size_t size() const { return m_size; }

 private:
  static size_t Hash(uint64_t key) { return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> 20); }
  void Grow() {
    std::vector<Entry> old = std::move(m_slots);
    m_slots.assign(old.empty() ? 64 : old.size() * 2, Entry{});
    m_mask = m_slots.size() - 1;
    m_size = 0;
    for (auto& e : old) {
      if (e.first != 0) (*this)[e.first] = std::move(e.second);
    }
  }
  std::vector<Entry> m_slots;
  size_t m_mask = 0;
  size_t m_size = 0;
};

struct PosInfo {
  bool assigned = false;
  std::string name;
};

}  // namespace

struct Scrubber::Data {
  FlatMap<IcdInfo> icd;  // by dotless code
  std::vector<IcdRef> excludes;               // every Excludes1 reference of the tabular, grouped by owner
  std::vector<uint32_t> chain;                // per code, the references that apply (IcdInfo::chain_begin)
  FlatMap<std::string> seventh;      // dotless code with a 7th-character definition -> options
  FlatMap<ProcInfo> procedures;
  FlatMap<bool> modifiers;
  FlatMap<PosInfo> pos;
  FlatMap<MueInfo> mue[3];  // MueTable - 1
  std::vector<std::string> mue_rationales;
  FlatMap<AddOnInfo> add_ons;
  std::optional<PtpTable> ptp_practitioner, ptp_outpatient;

  const IcdInfo* Icd(std::string_view dotless) const {
    auto it = icd.find(Key(dotless));
    return it == icd.end() ? nullptr : &it->second;
  }
};

Scrubber::Scrubber(std::unique_ptr<Data> data) : m_data(std::move(data)) {}
Scrubber::Scrubber(Scrubber&&) noexcept = default;
Scrubber& Scrubber::operator=(Scrubber&&) noexcept = default;
Scrubber::~Scrubber() = default;

namespace {

// Runs `sql` over the pack and calls `row` per row; an error names the table the rules needed.
template <class F>
Status ForEachRow(const CodeSetPack& pack, const char* sql, const char* what, F&& row) {
  auto stmt = pack.db().Prepare(sql);
  if (!stmt.ok()) {
    return MakeError(ErrorCode::kParse,
                     std::string("The code-set pack lacks the ") + what +
                         " the claim rules need (a pack built by an older Medcode?): " + stmt.error().message,
                     pack.db().path());
  }
  while (true) {
    auto more = stmt->Step();
    if (!more.ok()) return more.error();
    if (!*more) return Status::Ok();
    row(*stmt);
  }
}

bool Covers(const IcdRef& ref, std::string_view dotted) {
  const std::string& first = ref.first;
  const std::string& last = ref.last;
  if (first.empty() || dotted.size() < first.size()) return false;
  // Most references name another letter or category: settle those on the first characters.
  if (dotted[0] < first[0] || dotted[0] > last[0]) return false;
  if (first == last) return dotted.compare(0, first.size(), first) == 0;
  const std::string_view head = dotted.substr(0, std::min(dotted.size(), std::max(first.size(), last.size())));
  return head.compare(0, first.size(), first) >= 0 && head.compare(0, last.size(), last) <= 0;
}

}  // namespace

Result<Scrubber> Scrubber::Load(const CodeSetPack& pack) {
  auto d = std::make_unique<Data>();
  // ICD-10-CM codes, their tabular place and notes.
  if (Status s = ForEachRow(pack, "SELECT code, valid_mask, billable_mask, chapter FROM icd10cm_code",
                            "ICD-10-CM code table", [&](Statement& r) {
                              IcdInfo info;
                              info.valid = static_cast<uint8_t>(r.ColumnInt(1));
                              info.billable = static_cast<uint8_t>(r.ColumnInt(2));
                              info.chapter = static_cast<int>(r.ColumnInt(3));
                              d->icd.emplace(Key(IcdDotless(r.ColumnText(0))), info);
                            });
      !s.ok()) {
    return s.error();
  }
  // Excludes1 references by owner (chapter number, section id, dotless code): [begin, end) in d->excludes.
  std::map<std::pair<int, std::string>, std::pair<uint32_t, uint32_t>> owned;
  if (Status s = ForEachRow(
          pack,
          "SELECT n.level, n.owner, r.first, r.last FROM icd10cm_note n JOIN icd10cm_note_ref r "
          "ON r.level = n.level AND r.owner = n.owner AND r.seq = n.seq WHERE n.kind = 3 ORDER BY n.level, n.owner, "
          "n.seq, r.ref",
          "ICD-10-CM tabular notes", [&](Statement& r) {
            const int level = static_cast<int>(r.ColumnInt(0));
            std::string owner = r.ColumnText(1);
            if (level == static_cast<int>(IcdNoteLevel::kCode)) owner = IcdDotless(owner);
            const auto index = static_cast<uint32_t>(d->excludes.size());
            auto [it, added] = owned.emplace(std::pair{level, owner}, std::pair{index, index});
            ++it->second.second;
            std::string shown = level == static_cast<int>(IcdNoteLevel::kChapter) ? "chapter " + owner
                                : level == static_cast<int>(IcdNoteLevel::kCode)  ? Dotted(owner)
                                                                                  : owner;
            d->excludes.push_back({NormalizeIcdCode(r.ColumnText(2)), NormalizeIcdCode(r.ColumnText(3)), std::move(shown)});
          });
      !s.ok()) {
    return s.error();
  }
  struct Place {
    int chapter = 0;
    std::vector<std::string> sections;
  };
  std::unordered_map<uint64_t, Place> places;  // category -> its tabular place
  if (Status s = ForEachRow(pack, "SELECT category, chapter, sections FROM icd10cm_tabular_category",
                            "ICD-10-CM tabular places", [&](Statement& r) {
                              Place& p = places[Key(r.ColumnText(0))];
                              p.chapter = static_cast<int>(r.ColumnInt(1));
                              const std::string sections = r.ColumnText(2);
                              for (size_t start = 0; start < sections.size();) {
                                const size_t comma = std::min(sections.find(',', start), sections.size());
                                p.sections.push_back(sections.substr(start, comma - start));
                                start = comma + 1;
                              }
                            });
      !s.ok()) {
    return s.error();
  }
  std::unordered_map<uint64_t, bool> code_first_owners;
  if (Status s = ForEachRow(pack, "SELECT DISTINCT owner FROM icd10cm_note WHERE kind = 5 AND level = 3",
                            "ICD-10-CM tabular notes",
                            [&](Statement& r) { code_first_owners.emplace(Key(IcdDotless(r.ColumnText(0))), true); });
      !s.ok()) {
    return s.error();
  }
  if (Status s = ForEachRow(pack,
                            "SELECT owner, group_concat(character, '') FROM "
                            "(SELECT owner, character FROM icd10cm_seventh WHERE level = 3 ORDER BY owner, seq) "
                            "GROUP BY owner",
                            "ICD-10-CM 7th characters",
                            [&](Statement& r) { d->seventh.emplace(Key(IcdDotless(r.ColumnText(0))), r.ColumnText(1)); });
      !s.ok()) {
    return s.error();
  }
  for (auto& entry : d->icd.slots()) {  // not a structured binding: the lambda below captures `info` (clang 14)
    if (entry.first == 0) continue;
    const uint64_t key = entry.first;
    IcdInfo& info = entry.second;
    // Unpack the key back to text for the prefixes (codes are 3..7 characters).
    const size_t size = static_cast<size_t>(key >> 60);
    char text[8] = {};
    for (size_t i = 0; i < size; ++i) text[i] = static_cast<char>((key >> (8 * (size - 1 - i))) & 0xff);
    const std::string_view code(text, size);
    for (size_t n = 3; n <= size && !info.code_first; ++n) info.code_first = code_first_owners.count(Key(code.substr(0, n)));
    // The Excludes1 chain, as IcdNotes walks it: chapter, sections (broadest first), ancestors down to the code.
    info.chain_begin = static_cast<uint32_t>(d->chain.size());
    auto add = [&](int level, const std::string& owner) {
      auto it = owned.find({level, owner});
      if (it == owned.end()) return;
      for (uint32_t r = it->second.first; r < it->second.second; ++r) {
        d->chain.push_back(r);
        const IcdRef& ref = d->excludes[r];
        for (char letter = ref.first[0]; letter <= ref.last[0] && letter <= 'Z'; ++letter) {
          if (letter >= 'A') info.letters |= 1u << (letter - 'A');
        }
      }
    };
    const auto place = places.find(Key(code.substr(0, 3)));
    const int chapter = place != places.end() && place->second.chapter ? place->second.chapter : info.chapter;
    if (chapter) add(static_cast<int>(IcdNoteLevel::kChapter), std::to_string(chapter));
    if (place != places.end()) {
      for (const auto& section : place->second.sections) add(static_cast<int>(IcdNoteLevel::kSection), section);
    }
    for (size_t n = 3; n <= size; ++n) add(static_cast<int>(IcdNoteLevel::kCode), std::string(code.substr(0, n)));
    info.chain_count = static_cast<uint32_t>(d->chain.size()) - info.chain_begin;
  }
  for (const MceEdits& e : ListMceEdits(pack)) {
    if (auto it = d->icd.find(Key(IcdDotless(e.code))); it != d->icd.end()) it->second.mce = static_cast<uint8_t>(e.mask);
  }
  // CPT / HCPCS codes and modifiers.
  if (Status s = ForEachRow(pack,
                            "SELECT code, level, date_added, date_terminated, rbcs_code_added, rbcs_code_ended "
                            "FROM hcpcs_code",
                            "HCPCS code table", [&](Statement& r) {
                              ProcInfo p;
                              p.level = static_cast<int>(r.ColumnInt(1));
                              const std::string added = r.ColumnText(p.level == 1 ? 4 : 2);
                              const std::string ended = r.ColumnText(p.level == 1 ? 5 : 3);
                              p.added = DateNumber(added);
                              p.ended = ended == "9999-12-31" ? 0 : DateNumber(ended);
                              d->procedures.emplace(Key(r.ColumnText(0)), p);
                            });
      !s.ok()) {
    return s.error();
  }
  if (Status s = ForEachRow(pack, "SELECT code FROM hcpcs_modifier", "modifier table",
                            [&](Statement& r) { d->modifiers.emplace(Key(r.ColumnText(0)), true); });
      !s.ok()) {
    return s.error();
  }
  if (Status s = ForEachRow(pack, "SELECT code, type, name FROM ref_place_of_service", "place of service table",
                            [&](Statement& r) {
                              d->pos.emplace(Key(r.ColumnText(0)),
                                             PosInfo{r.ColumnText(1) != "Unassigned", r.ColumnText(2)});
                            });
      !s.ok()) {
    return s.error();
  }
  // NCCI.
  if (Status s = ForEachRow(pack, "SELECT rationale FROM ncci_mue_rationale ORDER BY id", "MUE table",
                            [&](Statement& r) { d->mue_rationales.push_back(r.ColumnText(0)); });
      !s.ok()) {
    return s.error();
  }
  if (Status s = ForEachRow(
          pack, "SELECT mue_table, code, units, mai, (SELECT count(*) FROM ncci_mue_rationale WHERE id < rationale_id) "
                "FROM ncci_mue",
          "MUE table", [&](Statement& r) {
            const int64_t table = r.ColumnInt(0);
            if (table < 1 || table > 3) return;
            d->mue[table - 1].emplace(Key(r.ColumnText(1)),
                                      MueInfo{static_cast<int>(r.ColumnInt(2)),
                                              static_cast<MueAdjudication>(r.ColumnInt(3)),
                                              static_cast<uint32_t>(r.ColumnInt(4))});
          });
      !s.ok()) {
    return s.error();
  }
  if (Status s = ForEachRow(pack, "SELECT add_on_code, primary_code, edit_type FROM ncci_add_on ORDER BY 1, 2",
                            "add-on code table", [&](Statement& r) {
                              AddOnInfo& a = d->add_ons[Key(r.ColumnText(0))];
                              a.type = static_cast<AddOnEditType>(r.ColumnInt(2));
                              const std::string primary = r.ColumnText(1);
                              if (primary == kAnyPrimaryCode) {
                                a.any_primary = true;
                              } else {
                                a.primaries.push_back(Key(primary));
                                a.primary_text.push_back(primary);
                              }
                            });
      !s.ok()) {
    return s.error();
  }
  for (auto& entry : d->add_ons.slots()) std::sort(entry.second.primaries.begin(), entry.second.primaries.end());
  auto practitioner = PtpTable::Load(pack, PtpSetting::kPractitioner);
  if (!practitioner.ok()) return practitioner.error();
  auto outpatient = PtpTable::Load(pack, PtpSetting::kOutpatientHospital);
  if (!outpatient.ok()) return outpatient.error();
  d->ptp_practitioner = std::move(practitioner).value();
  d->ptp_outpatient = std::move(outpatient).value();
  return Scrubber(std::move(d));
}

size_t Scrubber::MemoryBytes() const {
  const Data& d = *m_data;
  // The maps' slot arrays, plus the heap text some values hold (an estimate: string capacities).
  auto map_bytes = [](const auto& m) { return m.slots().capacity() * sizeof(m.slots()[0]); };
  size_t bytes = map_bytes(d.icd) + map_bytes(d.procedures) + map_bytes(d.modifiers) + map_bytes(d.pos) +
                 map_bytes(d.seventh) + map_bytes(d.add_ons);
  for (const auto& m : d.mue) bytes += map_bytes(m);
  for (const auto& e : d.add_ons.slots()) bytes += e.second.primaries.size() * 8 + e.second.primary_text.size() * 32;
  for (const auto& r : d.excludes) bytes += r.first.capacity() + r.last.capacity() + r.owner.capacity();
  bytes += d.excludes.size() * sizeof(IcdRef) + d.chain.size() * sizeof(uint32_t);
  bytes += d.ptp_practitioner->MemoryBytes() + d.ptp_outpatient->MemoryBytes();
  return bytes;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Rules
// ---------------------------------------------------------------------------------------------------------------
namespace {

constexpr Date kIcdFirstDay{kFirstIcdFiscalYear - 1, 10, 1};
constexpr Date kIcdLastDay{kLastIcdFiscalYear, 9, 30};

// Message text built in place: T("line ", n, " (", code, ")") appends its pieces into the finding's string, whose
// storage is kept from claim to claim (a batch allocates almost nothing once warm).
// T keeps references to its pieces: build it inside the call that uses it (a piece made by a function call lives to
// the end of that statement), or from named objects only.
template <class... A>
struct Pieces {
  std::tuple<const A&...> parts;
};
template <class... A>
Pieces<A...> T(const A&... parts) {
  return {std::tuple<const A&...>(parts...)};
}
// "line 2 (29877)": how messages name a service line (rendered where it is appended: no string of its own).
struct LineRef {
  size_t index = 0;
  std::string_view code;
};
// "services[2]": a JSON field path, rendered where it is appended.
struct FieldPath {
  const char* array = "";
  size_t index = 0;
};
void Append(std::string& out, std::string_view text) { out.append(text); }
void Append(std::string& out, const FieldPath& path) {
  char number[24];
  const auto end = std::to_chars(number, number + sizeof(number), path.index).ptr;
  out.append(path.array).append("[").append(number, end).append("]");
}
void Append(std::string& out, const LineRef& line) {
  char number[24];
  const auto end = std::to_chars(number, number + sizeof(number), line.index + 1).ptr;
  out.append("line ").append(number, end).append(" (").append(line.code).append(")");
}
void Put(std::string& out, std::string_view text) { out.assign(text); }
void Put(std::string& out, const FieldPath& path) {
  out.clear();
  Append(out, path);
}
template <class... A>
void Put(std::string& out, const Pieces<A...>& text) {
  out.clear();
  std::apply([&](const auto&... part) { (Append(out, part), ...); }, text.parts);
}

// One claim being checked: the normalised codes and dates, and the findings so far.
struct Check {
  const Scrubber::Data& d;
  const Claim& claim;
  const Date& today;
  ScrubReport& out;
  Check(const Scrubber::Data& data, const Claim& c, const Date& t, ScrubReport& o)
      : d(data), claim(c), today(t), out(o) {}

  std::optional<Date> dos;  // the claim's date of service when valid
  int fiscal_year = 0;
  bool icd_edition = false;  // the DOS lies in the ICD-10-CM editions loaded

  // Per claim, normalised once; kept per thread so that a batch reuses their storage.
  struct Normalised {
    std::vector<std::string> dx_dotted;   // diagnoses, dotted upper case ("" when not shaped like a code)
    std::vector<const IcdInfo*> dx_info;  // nullptr: unknown
    std::vector<CodeText> proc;           // service codes, upper case
    std::vector<std::optional<Date>> line_dos;
    std::vector<std::vector<std::string>> mods;  // modifiers, upper case
    std::vector<int> ptp_id;                     // the line's code in the claim type's PTP table, -1: in no edit
    std::vector<uint64_t> proc_key;              // Key(proc[i])
  };
  static Normalised& Scratch() {
    static thread_local Normalised scratch;
    return scratch;
  }
  Normalised& n = Scratch();
  std::vector<std::string>& dx_dotted = n.dx_dotted;
  std::vector<const IcdInfo*>& dx_info = n.dx_info;
  std::vector<CodeText>& proc = n.proc;
  std::vector<std::optional<Date>>& line_dos = n.line_dos;
  std::vector<std::vector<std::string>>& mods = n.mods;
  std::vector<int>& ptp_id = n.ptp_id;
  std::vector<uint64_t>& proc_key = n.proc_key;

  // Findings of earlier claims (this thread's), kept so that their strings' storage is reused.
  static std::vector<ScrubFinding>& Spare() {
    static thread_local std::vector<ScrubFinding> spare;
    return spare;
  }

  // A new finding. The texts are a string or T(pieces...), appended into storage kept from earlier claims.
  template <class M, class F, class S, class D>
  ScrubFinding& Add(const char* rule, ScrubSeverity severity, const M& message, const F& fix, const S& source,
                    const D& field) {
    std::vector<ScrubFinding>& spare = Spare();
    if (spare.empty()) {
      ScrubFinding& fresh = out.findings.emplace_back();
      // Room for typical texts, so that a reused finding rarely grows.
      fresh.message.reserve(256);
      fresh.fix.reserve(192);
      fresh.source.reserve(192);
      fresh.field.reserve(32);
    } else {
      out.findings.push_back(std::move(spare.back()));
      spare.pop_back();
    }
    ScrubFinding& f = out.findings.back();
    f.rule.assign(rule);
    f.severity = severity;
    Put(f.message, message);
    Put(f.fix, fix);
    Put(f.source, source);
    Put(f.field, field);
    f.diagnosis = f.line = f.other = -1;
    f.attestation_subject.clear();
    f.attested = false;
    f.action.kind = ScrubFix::Kind::kNone;
    f.action.line = -1;
    f.action.modifier.clear();
    f.action.label.clear();
    return f;
  }
  static FieldPath Dx(size_t i) { return {"diagnoses", i}; }
  static FieldPath Line(size_t i) { return {"services", i}; }
};

LineRef LineName(const Check& c, size_t i) { return {i, c.proc[i].view()}; }

void CheckDates(Check& c) {
  const Claim& claim = c.claim;
  if (claim.date_of_service.empty()) {
    c.Add("claim.dos.missing", ScrubSeverity::kError, "The claim has no date of service.", "Enter the date the services were given.", kSrc837, "date_of_service");
  } else if (auto d = ParseDate(claim.date_of_service); !d.ok()) {
    c.Add("claim.dos.invalid", ScrubSeverity::kError, T("Date of service: ", d.error().message), "Enter the date as YYYY-MM-DD.", kSrc837, "date_of_service");
  } else {
    c.dos = *d;
    c.fiscal_year = FiscalYear(*d);
    c.icd_edition = *d >= kIcdFirstDay && *d <= kIcdLastDay;
    if (*d > c.today) {
      c.Add("claim.dos.future", ScrubSeverity::kError, T("The date of service ", ToIso(*d), " is after today (", ToIso(c.today), ")."), "Correct the date; a claim is billed after the services were given.", kSrc837, "date_of_service");
    }
  }
  c.line_dos.assign(claim.coding.services.size(), c.dos);
  for (size_t i = 0; i < claim.coding.services.size(); ++i) {
    const std::string& text = claim.coding.services[i].date_of_service;
    if (text.empty()) continue;
    auto d = ParseDate(text);
    if (!d.ok()) {
      c.line_dos[i].reset();
      ScrubFinding& f = c.Add("claim.dos.invalid", ScrubSeverity::kError, T("Line ", std::to_string(i + 1), " date of service: ", d.error().message), "Enter the date as YYYY-MM-DD, or leave it empty for the claim's date.", kSrc837, T(Check::Line(i), ".date_of_service"));
      f.line = static_cast<int>(i);
      continue;
    }
    c.line_dos[i] = *d;
    if (*d > c.today) {
      ScrubFinding& f = c.Add("claim.dos.future", ScrubSeverity::kError, T("Line ", std::to_string(i + 1), " date of service ", ToIso(*d), " is after today."), "Correct the line's date.", kSrc837, T(Check::Line(i), ".date_of_service"));
      f.line = static_cast<int>(i);
    }
  }
}

std::string FiscalYears(uint8_t mask) {
  std::string out;
  for (int fy = kFirstIcdFiscalYear; fy <= kLastIcdFiscalYear; ++fy) {
    if (!(mask & IcdCode::Bit(fy))) continue;
    if (!out.empty()) out += ", ";
    out += "FY" + std::to_string(fy);
  }
  return out;
}

// The 7th-character definition over `dotless` (its own or an ancestor's): the owner and its options.
const FlatMap<std::string>::Entry* SeventhRule(const Scrubber::Data& d, std::string_view dotless,
                                               std::string_view* owner) {
  for (size_t n = std::min<size_t>(dotless.size(), 6); n >= 3; --n) {
    if (auto it = d.seventh.find(Key(dotless.substr(0, n)))) {
      *owner = dotless.substr(0, n);
      return it;
    }
  }
  return nullptr;
}

// The options of the 7th-character rule over `dotless` ("" when none applies); `owner` is set to where it is defined.
std::string_view SeventhOptions(const Scrubber::Data& d, std::string_view dotless, std::string_view* owner) {
  const auto* rule = SeventhRule(d, dotless, owner);
  return rule ? std::string_view(rule->second) : std::string_view();
}

// A full code the coder probably meant, dotted, or "": a 6-character code whose last character is an option missing
// its placeholder X ("T3601A" -> T36.0X1A), or a shorter code padded with X plus the first option ("S72001" ->
// S72.001A) that the pack has.
std::string SeventhSuggestion(const Scrubber::Data& d, std::string_view dotless, std::string_view options) {
  if (options.empty() || dotless.size() > 6) return "";
  if (dotless.size() == 6 && options.find(dotless.back()) != std::string_view::npos) {
    for (size_t at = 3; at <= 5; ++at) {
      std::string candidate(dotless);
      candidate.insert(at, 1, 'X');
      if (d.Icd(candidate)) return Dotted(candidate);
    }
  }
  std::string padded(dotless);
  padded.resize(6, 'X');
  for (char option : options) {
    if (d.Icd(padded + option)) return Dotted(padded + option);
  }
  return "";
}

ScrubFinding& SeventhCharacterFinding(Check& c, size_t i, std::string_view dotless, std::string_view owner,
                                      std::string_view options) {
  const std::string& code = c.dx_dotted[i];
  const std::string suggestion = SeventhSuggestion(c.d, dotless, options);
  std::string listed;
  for (char option : options) listed += (listed.empty() ? "" : ", ") + std::string(1, option);
  const bool placeholder = !suggestion.empty() && suggestion.size() == code.size() + 1 && suggestion.back() == code.back();
  return c.Add("icd.seventh_character", ScrubSeverity::kError,
               T(code, placeholder ? " lacks the placeholder X before its 7th character" :
                       dotless.size() < 7 ? " lacks its 7th character" : " does not take that 7th character",
                 ": codes under ", Dotted(owner), " take a 7th character (", listed, ")",
                 suggestion.empty() ? std::string(".")
                 : placeholder     ? "; did you mean " + suggestion + "?"
                                   : "; for example " + suggestion + "."),
               "Choose the 7th character that fits the encounter (search the code and press Enter: the "
               "7th-character builder opens); X fills the empty places before it (T36.0X1A).",
               T(kSrcTabular, ": 7th characters defined at ", Dotted(owner)), T(Check::Dx(i), ".code"));
}

void CheckDiagnosisCodes(Check& c) {
  const auto& dxs = c.claim.coding.diagnoses;
  if (dxs.empty()) {
    c.Add("claim.diagnosis.missing", ScrubSeverity::kError, "The claim has no diagnosis.", "Assign the diagnosis that supports the services (Ctrl+K).", kSrc837, "diagnoses");
  } else if (dxs.size() > EncounterCoding::kMaxDiagnoses) {
    c.Add("claim.diagnosis.too_many", ScrubSeverity::kError, T("The claim lists ", std::to_string(dxs.size()), " diagnoses; a claim holds at most 12."), "Keep the 12 that the services point at; split the claim if more are needed.", kSrc837, "diagnoses");
  }
  if (c.dos && !c.icd_edition && !dxs.empty()) {
    c.Add("icd.edition", ScrubSeverity::kWarning, T("The date of service ", ToIso(*c.dos), " is in FY", std::to_string(c.fiscal_year), ", outside the ICD-10-CM editions loaded (FY", std::to_string(kFirstIcdFiscalYear), "-FY", std::to_string(kLastIcdFiscalYear), "): whether each code is valid and billable on that date is not " "checked."), "Check the codes against the ICD-10-CM edition of the date of service.", kSrcIcd, "date_of_service");
  }
  const bool check_validity = c.dos && c.icd_edition;
  c.dx_dotted.resize(dxs.size());
  c.dx_info.assign(dxs.size(), nullptr);
  for (size_t i = 0; i < dxs.size(); ++i) {
    const CodeText clean = Clean(dxs[i].code, true);
    const std::string_view dotless = clean.view();
    c.dx_dotted[i] = Dotted(dotless);
    const IcdInfo* info = dotless.size() >= 3 ? c.d.Icd(dotless) : nullptr;
    c.dx_info[i] = info;
    const std::string& code = c.dx_dotted[i];
    auto at = [&](ScrubFinding& f) -> ScrubFinding& { f.diagnosis = static_cast<int>(i); return f; };
    if (!info) {
      std::string_view owner;
      if (const auto* rule = dotless.size() >= 3 ? SeventhRule(c.d, dotless, &owner) : nullptr) {
        at(SeventhCharacterFinding(c, i, dotless, owner, rule->second));
      } else {
        at(c.Add("icd.unknown", check_validity || !c.dos ? ScrubSeverity::kError : ScrubSeverity::kWarning, T((dxs[i].code.empty() ? std::string("A diagnosis has no code") : dxs[i].code), " is not an ICD-10-CM code in the editions loaded (FY", std::to_string(kFirstIcdFiscalYear), "-FY", std::to_string(kLastIcdFiscalYear), ")."), "Correct the code: search it by its words (Ctrl+K).", kSrcIcd, T(Check::Dx(i), ".code")));
      }
      continue;
    }
    if (!check_validity) continue;
    const uint32_t bit = IcdCode::Bit(c.fiscal_year);
    if (!(info->valid & bit)) {
      at(c.Add("icd.not_valid_on_dos", ScrubSeverity::kError, T(code, " is not an ICD-10-CM code in FY", std::to_string(c.fiscal_year), " (the date of service ", ToIso(*c.dos), "); it is valid in ", FiscalYears(info->valid), "."), T("Use the code that replaced it in FY", std::to_string(c.fiscal_year), " (see the tabular browser)."), T(std::string_view(kSrcIcd), ": ", code, " valid in ", FiscalYears(info->valid)), T(Check::Dx(i), ".code")));
    } else if (std::string_view owner; !(info->billable & bit) && dotless.size() < 7 &&
                                         !SeventhSuggestion(c.d, dotless, SeventhOptions(c.d, dotless, &owner)).empty()) {
      at(SeventhCharacterFinding(c, i, dotless, owner, SeventhOptions(c.d, dotless, &owner)));
    } else if (!(info->billable & bit)) {
      at(c.Add("icd.header", ScrubSeverity::kError, T(code, " is a header in FY", std::to_string(c.fiscal_year), ", not a billable code: it has codes below it."), T("Choose the most specific code below ", code, " that the documentation supports (Alt+T opens the " "tabular browser there)."), T(std::string_view(kSrcIcd), ": ", code, " not billable in FY", std::to_string(c.fiscal_year)), T(Check::Dx(i), ".code")));
    }
  }
  // Duplicates.
  for (size_t i = 0; i < dxs.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (c.dx_dotted[i].empty() || c.dx_dotted[i] != c.dx_dotted[j]) continue;
      ScrubFinding& f = c.Add("icd.duplicate", ScrubSeverity::kError, T(c.dx_dotted[i], " is listed twice (diagnoses ", std::to_string(j + 1), " and ", std::to_string(i + 1), ")."), T("Remove diagnosis ", std::to_string(i + 1), "; pointers to it move to the first."), kSrc837, T(Check::Dx(i), ".code"));
      f.diagnosis = static_cast<int>(i);
      f.other = static_cast<int>(j);
      break;
    }
  }
}

// The Excludes1 reference of a diagnosis (its chapter's, sections', ancestors' or own notes) that covers `other`.
const IcdRef* FindExcludes1(const Scrubber::Data& d, const IcdInfo& info, const std::string& other) {
  if (other.empty() || other[0] < 'A' || other[0] > 'Z' || !(info.letters & (1u << (other[0] - 'A')))) return nullptr;
  for (uint32_t k = 0; k < info.chain_count; ++k) {
    const IcdRef& r = d.excludes[d.chain[info.chain_begin + k]];
    if (Covers(r, other)) return &r;
  }
  return nullptr;
}

void CheckDiagnosisRelations(Check& c) {
  const auto& dxs = c.claim.coding.diagnoses;
  // Excludes1 between any two diagnoses (either code's notes).
  for (size_t i = 0; i < dxs.size(); ++i) {
    if (!c.dx_info[i]) continue;
    for (size_t j = i + 1; j < dxs.size(); ++j) {
      if (!c.dx_info[j] || c.dx_dotted[i] == c.dx_dotted[j]) continue;
      for (int pass = 0; pass < 2; ++pass) {
        const size_t a = pass == 0 ? i : j, b = pass == 0 ? j : i;
        const IcdRef* ref = FindExcludes1(c.d, *c.dx_info[a], c.dx_dotted[b]);
        if (!ref) continue;
        const std::string& note_owner = ref->owner;
        const std::string note_ref = ref->first == ref->last ? ref->first : ref->first + "-" + ref->last;
        const std::string& x = c.dx_dotted[a];
        const std::string& y = c.dx_dotted[b];
        std::string subject = std::min(x, y) + "|" + std::max(x, y);
        const Attestation* attested = c.claim.coding.FindAttestation("icd.excludes1", subject);
        const std::string attested_text =
            attested ? " Attested as unrelated conditions by " + (attested->by.empty() ? "?" : attested->by) + " at " +
                           attested->at + "."
                     : "";
        ScrubFinding& f = c.Add(
            "icd.excludes1", attested ? ScrubSeverity::kInfo : ScrubSeverity::kWarning,
            T(x, " and ", y, " are never coded together: an Excludes1 note at ", note_owner, " excludes ", note_ref,
              ".", attested_text),
            "Keep the code the documentation supports and remove the other; if the two conditions are unrelated, "
            "attest it (FY2017+ guideline: Excludes1 does not apply to unrelated conditions).",
            T(kSrcTabular, ": Excludes1 at ", note_owner, ": ", note_ref), Check::Dx(std::max(i, j)));
        f.diagnosis = static_cast<int>(std::max(i, j));
        f.other = static_cast<int>(std::min(i, j));
        f.attestation_subject = std::move(subject);
        f.attested = attested != nullptr;
        break;
      }
    }
  }
  // Sequencing of the first-listed diagnosis.
  if (!dxs.empty() && c.dx_info[0]) {
    const std::string& first = c.dx_dotted[0];
    if (c.dx_info[0]->mce & (1u << static_cast<int>(MceEdit::kManifestation))) {
      ScrubFinding& f = c.Add("icd.manifestation_first", ScrubSeverity::kError, T(first, " is a manifestation code: it may not be the first-listed diagnosis."), T("List the underlying condition first and ", first, " after it (Alt+Down moves it)."), T(std::string_view(kSrcMce), ": ", first, " ", MceEditRule(MceEdit::kManifestation)), Check::Dx(0));
      f.diagnosis = 0;
    } else if (c.dx_info[0]->code_first) {
      ScrubFinding& f = c.Add("icd.code_first", ScrubSeverity::kWarning, T(first, " has a \"code first\" note: the underlying condition is listed before it."), T("Add the underlying condition the note names and list it first (Alt+Down moves ", first, ")."), T(std::string_view(kSrcTabular), ": codeFirst note at or above ", first), Check::Dx(0));
      f.diagnosis = 0;
    }
    const char letter = first.empty() ? 0 : first[0];
    if (letter == 'V' || letter == 'W' || letter == 'X' || letter == 'Y') {
      ScrubFinding& f = c.Add("icd.external_cause_first", ScrubSeverity::kError, T(first, " is an external cause code (V00-Y99): it is never the first-listed diagnosis."), "List the injury or condition first; the external cause code follows it.", T(std::string_view(kSrcGuidelines), ", chapter 20: external cause codes are secondary"), Check::Dx(0));
      f.diagnosis = 0;
    }
  }
  // MCE age and sex edits.
  const ClaimHeader& h = c.claim.header;
  bool missing_age = false, missing_sex = false;
  for (size_t i = 0; i < dxs.size(); ++i) {
    if (!c.dx_info[i] || !c.dx_info[i]->mce) continue;
    MceEdits edits{c.dx_dotted[i], c.dx_info[i]->mce};
    for (MceEdit e : edits.List()) {
      if (e == MceEdit::kFemaleOnly || e == MceEdit::kMaleOnly) {
        if (h.patient_sex == PatientSex::kUnknown) {
          missing_sex = true;
          continue;
        }
        const bool female_only = e == MceEdit::kFemaleOnly;
        if ((female_only && h.patient_sex == PatientSex::kMale) ||
            (!female_only && h.patient_sex == PatientSex::kFemale)) {
          ScrubFinding& f = c.Add("icd.mce_sex", ScrubSeverity::kError, T(c.dx_dotted[i], " is a ", (female_only ? "female" : "male"), "-only diagnosis; the patient is ", (h.patient_sex == PatientSex::kMale ? "male." : "female.")), "Check the patient's sex and the code; correct whichever is wrong.", T(std::string_view(kSrcMce), ": ", c.dx_dotted[i], " ", MceEditRule(e)), Check::Dx(i));
          f.diagnosis = static_cast<int>(i);
        }
      } else if (auto ages = MceEditAges(e)) {
        if (!h.patient_age) {
          missing_age = true;
          continue;
        }
        if (*h.patient_age < ages->min_age || *h.patient_age > ages->max_age) {
          ScrubFinding& f = c.Add("icd.mce_age", ScrubSeverity::kWarning, T(c.dx_dotted[i], " has the MCE edit ", MceEditRule(e), "; the patient is ", std::to_string(*h.patient_age), "."), "Check the patient's age and the code (perinatal codes may be used later in life when the condition " "started in the perinatal period).", T(std::string_view(kSrcMce), ": ", c.dx_dotted[i], " ", MceEditRule(e)), Check::Dx(i));
          f.diagnosis = static_cast<int>(i);
        }
      }
    }
  }
  if (missing_age || missing_sex) {
    const std::string what = missing_age && missing_sex ? "age and sex" : missing_age ? "age" : "sex";
    c.Add("icd.demographics_missing", ScrubSeverity::kInfo, T("The patient's ", what, " is not entered: the MCE ", what, " edits of the diagnoses are not checked."), T("Enter the patient's ", what, " in the claim header."), kSrcMce, missing_age ? "patient.age" : "patient.sex");
  }
}

// An evaluation and management code (CPT 99202-99499): the only codes 24, 25 and 57 bypass an edit on.
bool IsEvaluationAndManagement(std::string_view code) {
  return code.size() == 5 && code >= "99202" && code <= "99499";
}

// The bypass modifier that lets an indicator-1 pair of lines (codes code_a, code_b) through ("59", "LT/RT"), or "".
// 24, 25 and 57 count only on an E/M line (NCCI Policy Manual, chapter I: E/M modifiers).
std::string PtpBypass(std::string_view code_a, const std::vector<std::string>& a, std::string_view code_b,
                      const std::vector<std::string>& b) {
  for (const auto& [code, mods] : {std::pair{code_b, &b}, std::pair{code_a, &a}}) {
    for (const auto& m : *mods) {
      if (!IsPtpBypassModifier(m) || IsAnatomicModifier(m)) continue;
      if ((m == "24" || m == "25" || m == "57") && !IsEvaluationAndManagement(code)) continue;
      return m;
    }
  }
  // Anatomic modifiers bypass when both lines carry them and they differ (another site).
  const std::string* first_a = nullptr;
  const std::string* first_b = nullptr;
  bool differ = false;
  for (const auto& m : b) {
    if (!IsAnatomicModifier(m)) continue;
    if (!first_b) first_b = &m;
    differ = differ || std::none_of(a.begin(), a.end(), [&](const std::string& x) { return x == m; });
  }
  for (const auto& m : a) {
    if (!IsAnatomicModifier(m)) continue;
    if (!first_a) first_a = &m;
    differ = differ || std::none_of(b.begin(), b.end(), [&](const std::string& x) { return x == m; });
  }
  return first_a && first_b && differ ? *first_b + "/" + *first_a : std::string();
}

void CheckServiceLines(Check& c) {
  const auto& lines = c.claim.coding.services;
  const ClaimType type = c.claim.header.type;
  if (lines.empty()) {
    c.Add("claim.lines.missing", ScrubSeverity::kError, "The claim has no service line.", "Assign the CPT or HCPCS codes of the services (Ctrl+K, Shift+Enter).", kSrc837, "services");
    return;
  }
  c.proc.resize(lines.size());
  if (c.mods.size() < lines.size()) c.mods.resize(lines.size());
  c.proc_key.resize(lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    c.proc[i] = Clean(lines[i].code, false);
    c.proc_key[i] = Key(c.proc[i].view());
    c.mods[i].resize(lines[i].modifiers.size());
    for (size_t m = 0; m < lines[i].modifiers.size(); ++m) c.mods[i][m].assign(Clean(lines[i].modifiers[m], false).view());
  }
  const size_t dx_count = c.claim.coding.diagnoses.size();
  for (size_t i = 0; i < lines.size(); ++i) {
    const ServiceLine& s = lines[i];
    const FieldPath field = Check::Line(i);
    auto at = [&](ScrubFinding& f) -> ScrubFinding& { f.line = static_cast<int>(i); return f; };
    const std::string code(c.proc[i].view());
    // The code itself.
    auto p = c.d.procedures.find(c.proc_key[i]);
    if (p == c.d.procedures.end()) {
      at(c.Add("proc.unknown", ScrubSeverity::kError, T("Line ", std::to_string(i + 1), ": ", (code.empty() ? std::string("no code") : code), " is not a HCPCS Level II code or a CPT code number in the lists loaded."), "Correct the code (Ctrl+K searches HCPCS and CPT numbers).", kSrcHcpcs, T(field, ".code")));
    } else if (const auto& when = c.line_dos[i]) {
      const int32_t day = DateNumber(*when);
      const ProcInfo& info = p->second;
      if ((info.added && day < info.added) || (info.ended && day > info.ended)) {
        const bool early = info.added && day < info.added;
        at(c.Add("proc.not_valid_on_dos", ScrubSeverity::kError, T("Line ", std::to_string(i + 1), ": ", code, (early ? " took effect after " : " had ended before "), "the date of service ", ToIso(*when), "."), "Use the code in effect on the date of service.", T(std::string_view(kSrcHcpcs), ": ", code, (early ? " added " : " ended "), std::to_string(early ? info.added : info.ended)), T(field, ".code")));
      }
    }
    // Modifiers.
    if (c.mods[i].size() > ServiceLine::kMaxModifiers) {
      at(c.Add("modifier.too_many", ScrubSeverity::kError, T(LineName(c, i), " carries ", std::to_string(c.mods[i].size()), " modifiers; a line takes at most 4."), "Keep the 4 that affect payment first; split the service over lines if more apply.", kSrc837, T(field, ".modifiers")));
    }
    for (size_t m = 0; m < c.mods[i].size(); ++m) {
      const std::string& mod = c.mods[i][m];
      if (!c.d.modifiers.count(Key(mod))) {
        at(c.Add("modifier.unknown", ScrubSeverity::kError, T(LineName(c, i), ": \"", mod, "\" is not a CPT or HCPCS modifier."), "Correct or remove the modifier.", kSrcModifiers, T(field, ".modifiers[", std::to_string(m), "]")));
      }
      if (std::find(c.mods[i].begin(), c.mods[i].begin() + static_cast<std::ptrdiff_t>(m), mod) !=
          c.mods[i].begin() + static_cast<std::ptrdiff_t>(m)) {
        at(c.Add("modifier.duplicate", ScrubSeverity::kError, T(LineName(c, i), " carries modifier ", mod, " twice."), T("Remove the second ", mod, "."), kSrc837, T(field, ".modifiers[", std::to_string(m), "]")));
      }
    }
    // Units, charge, pointers.
    if (s.units < 1) {
      at(c.Add("claim.units.invalid", ScrubSeverity::kError, T(LineName(c, i), " has ", std::to_string(s.units), " units; units are whole numbers from 1."), "Enter the number of units given.", kSrc837, T(field, ".units")));
    }
    if (s.charge.empty()) {
      at(c.Add("claim.charge.missing", ScrubSeverity::kError, T(LineName(c, i), " has no charge."), "Enter the charge from the practice's fee schedule.", kSrc837, T(field, ".charge")));
    } else {
      bool ok = true, nonzero = false;
      int decimals = -1;
      for (char ch : s.charge) {
        if (ch == '.') {
          ok = ok && decimals < 0;
          decimals = 0;
        } else if (ch >= '0' && ch <= '9') {
          nonzero = nonzero || ch != '0';
          if (decimals >= 0) ++decimals;
        } else {
          ok = false;
        }
      }
      if (!ok || !nonzero || decimals > 2 || decimals == 0) {
        at(c.Add("claim.charge.invalid", ScrubSeverity::kError, T(LineName(c, i), ": charge \"", s.charge, "\" is not an amount above 0 with at most 2 decimals."), "Enter the charge in dollars, like 125.00.", kSrc837, T(field, ".charge")));
      }
    }
    if (s.pointers.empty()) {
      at(c.Add("claim.pointer.missing", ScrubSeverity::kError, T(LineName(c, i), " points at no diagnosis."), "Point the line at the diagnosis that supports it.", kSrc837, T(field, ".pointers")));
    } else if (s.pointers.size() > ServiceLine::kMaxPointers) {
      at(c.Add("claim.pointer.too_many", ScrubSeverity::kError, T(LineName(c, i), " has ", std::to_string(s.pointers.size()), " diagnosis pointers; at most 4."), "Keep the 4 diagnoses that support the line most directly.", kSrc837, T(field, ".pointers")));
    }
    for (size_t k = 0; k < s.pointers.size(); ++k) {
      const int ptr = s.pointers[k];
      if (ptr < 1 || static_cast<size_t>(ptr) > dx_count || ptr > static_cast<int>(EncounterCoding::kMaxDiagnoses)) {
        at(c.Add("claim.pointer.invalid", ScrubSeverity::kError, T(LineName(c, i), " points at diagnosis ", std::to_string(ptr), ", which the claim does not list (", std::to_string(dx_count), " diagnoses)."), "Point the line at a listed diagnosis.", kSrc837, T(field, ".pointers[", std::to_string(k), "]")));
      } else if (std::find(s.pointers.begin(), s.pointers.begin() + static_cast<std::ptrdiff_t>(k), ptr) !=
                 s.pointers.begin() + static_cast<std::ptrdiff_t>(k)) {
        at(c.Add("claim.pointer.duplicate", ScrubSeverity::kWarning, T(LineName(c, i), " points at diagnosis ", std::to_string(ptr), " twice."), "Remove the repeated pointer.", kSrc837, T(field, ".pointers[", std::to_string(k), "]")));
      }
    }
    // Duplicate lines.
    for (size_t j = 0; j < i; ++j) {
      if (c.proc[j].view() != c.proc[i].view() || c.line_dos[j] != c.line_dos[i] || c.mods[j] != c.mods[i]) continue;
      ScrubFinding& f = at(c.Add("line.duplicate", ScrubSeverity::kWarning, T(LineName(c, i), " repeats line ", std::to_string(j + 1), " (same code, modifiers and date)."), "Report one line with the total units, or mark a repeated service (76, 77 or 91) " "if it was given again.", kSrc837, field));
      f.other = static_cast<int>(j);
      break;
    }
  }

  // NCCI: the tables of the claim type.
  const PtpTable& ptp = type == ClaimType::kOutpatientHospital ? *c.d.ptp_outpatient : *c.d.ptp_practitioner;
  const MueTable mue_table = type == ClaimType::kOutpatientHospital ? MueTable::kOutpatientHospital
                             : type == ClaimType::kDmeSupplier      ? MueTable::kDmeSupplier
                                                                    : MueTable::kPractitioner;
  bool outside_edition = false;
  for (const auto& when : c.line_dos) outside_edition = outside_edition || (when && !ptp.Covers(*when));
  const char* edition_note = outside_edition ? " (NCCI 2024 Q3 edition)" : "";
  const char* setting_name = PtpSettingName(ptp.setting());
  // PTP pairs: every ordered pair of lines on the same date.
  c.ptp_id.resize(lines.size());
  for (size_t i = 0; i < lines.size(); ++i) c.ptp_id[i] = ptp.CodeId(c.proc[i].view());
  for (size_t b = 0; b < lines.size(); ++b) {
    if (!c.line_dos[b] || c.ptp_id[b] < 0) continue;
    for (size_t a = 0; a < lines.size(); ++a) {
      if (a == b || c.ptp_id[a] < 0 || c.line_dos[a] != c.line_dos[b] || c.ptp_id[a] == c.ptp_id[b]) continue;
      auto edit = ptp.FindById(c.ptp_id[a], c.ptp_id[b], *c.line_dos[b]);
      if (!edit) continue;
      const std::string_view c1 = c.proc[a].view(), c2 = c.proc[b].view();
      const char indicator[2] = {static_cast<char>('0' + static_cast<int>(edit->modifier)), 0};
      const std::string deleted = edit->deletion_date ? ", deleted after " + ToIso(*edit->deletion_date) : "";
      // Named pieces only: `source` outlives this statement, and T keeps references.
      const auto source = T("NCCI PTP ", setting_name, " ", kPtpEdition, ": column 1 ", c1,
                            ", column 2 ", c2, ", modifier indicator ", indicator, deleted, " (", *edit->rationale, ")");
      const std::string line_number = std::to_string(b + 1);
      ScrubFinding* f = nullptr;
      if (edit->modifier == PtpModifier::kNotAllowed) {
        f = &c.Add("ncci.ptp.denied", ScrubSeverity::kError,
                   T(LineName(c, b), " is denied when billed with ", LineName(c, a), " on the same date: NCCI pairs ",
                     c1, " (column 1) with ", c2, " (column 2) and no modifier allows both", edition_note, "."),
                   T("Remove line ", line_number, " (", c2, "): it is part of ", c1, "."), source, Check::Line(b));
      } else if (std::string bypass = PtpBypass(c1, c.mods[a], c2, c.mods[b]); !bypass.empty()) {
        f = &c.Add("ncci.ptp.bypassed", ScrubSeverity::kInfo,
                   T(LineName(c, b), " and ", LineName(c, a), " form an NCCI pair; modifier ", bypass,
                     " reports them as distinct services", edition_note, "."),
                   "Keep documentation that the services were distinct (other site, session or encounter).", source,
                   T(Check::Line(b), ".modifiers"));
      } else {
        f = &c.Add("ncci.ptp.modifier_needed", ScrubSeverity::kError,
                   T(LineName(c, b), " is denied when billed with ", LineName(c, a), " on the same date: NCCI pairs ",
                     c1, " (column 1) with ", c2, " (column 2); a modifier is allowed", edition_note, "."),
                   T("If the services were distinct (different site, session or encounter), add 59 or the more "
                     "specific XE/XS/XP/XU to line ",
                     line_number, "; otherwise remove the line."),
                   source, T(Check::Line(b), ".modifiers"));
        if (c.mods[b].size() < ServiceLine::kMaxModifiers) {
          f->action.kind = ScrubFix::Kind::kAddModifier;
          f->action.line = static_cast<int>(b);
          f->action.modifier = "59";
          Put(f->action.label, T("Add modifier 59 to ", LineName(c, b)));
        }
      }
      f->line = static_cast<int>(b);
      f->other = static_cast<int>(a);
    }
  }
  // MUE: per line (MAI 1) or per code and date (MAI 2, 3).
  const auto& mues = c.d.mue[static_cast<int>(mue_table) - 1];
  for (size_t i = 0; i < lines.size(); ++i) {
    auto m = mues.find(c.proc_key[i]);
    if (m == mues.end()) continue;
    const MueInfo& mue = m->second;
    const std::string_view code = c.proc[i].view();
    const std::string units = std::to_string(mue.units);
    auto add = [&](const char* rule, ScrubSeverity severity, const auto& message, const auto& fix) {
      const char mai[2] = {static_cast<char>('0' + static_cast<int>(mue.mai)), 0};
      const std::string_view rationale =
          mue.rationale < c.d.mue_rationales.size() ? std::string_view(c.d.mue_rationales[mue.rationale]) : "";
      ScrubFinding& f = c.Add(rule, severity, message, fix,
                              T("NCCI MUE ", MueTableName(mue_table), " ", kPtpEdition, ": ", code, ", ", units,
                                mue.units == 1 ? " unit" : " units", ", MAI ", mai, " (", rationale, ")"),
                              T(Check::Line(i), ".units"));
      f.line = static_cast<int>(i);
    };
    if (mue.units == 0) {
      add("ncci.mue.not_payable", ScrubSeverity::kError,
          T(LineName(c, i), " has an MUE of 0 on ", MueTableName(mue_table),
            " claims: it is not payable in this setting", edition_note, "."),
          "Check the code and the claim type; bill the service the setting pays for.");
      continue;
    }
    if (mue.mai == MueAdjudication::kPerLine) {
      if (lines[i].units > mue.units) {
        add("ncci.mue.line", ScrubSeverity::kError,
            T(LineName(c, i), " has ", std::to_string(lines[i].units), " units; the MUE allows ", units, " per line",
              edition_note, "."),
            T("Reduce the units to ", units, ", or report the rest on separate lines with modifiers that show "
              "distinct sites (RT/LT, 59/XS) when documented."));
      }
      continue;
    }
    // Per date: the lines of this code on this date, reported once at the last of them.
    int total = 0;
    size_t last = i, count = 0;
    for (size_t j = 0; j < lines.size(); ++j) {
      if (c.proc[j].view() != code || c.line_dos[j] != c.line_dos[i]) continue;
      total += std::max(0, lines[j].units);
      last = j;
      ++count;
    }
    if (last != i || total <= mue.units) continue;
    const std::string where = count > 1 ? " on " + std::to_string(count) + " lines" : "";
    const std::string date = c.line_dos[i] ? ToIso(*c.line_dos[i]) : std::string("the date of service");
    const std::string total_text = std::to_string(total);
    if (mue.mai == MueAdjudication::kPerDayAbsolute) {
      add("ncci.mue.day", ScrubSeverity::kError,
          T(code, " has ", total_text, " units on ", date, where, "; the MUE allows ", units,
            " per day and is an absolute limit", edition_note, "."),
          T("Reduce the units of ", code, " on this date to ", units, "."));
    } else {
      add("ncci.mue.day_appealable", ScrubSeverity::kWarning,
          T(code, " has ", total_text, " units on ", date, where, "; the MUE allows ", units,
            " per day: units above it are denied, and may be paid on appeal", edition_note, "."),
          T("Bill ", units, " units, or keep documentation of medical necessity for an appeal."));
    }
  }
  // Add-on codes: one of their primary codes on the claim.
  for (size_t i = 0; i < lines.size(); ++i) {
    auto it = c.d.add_ons.find(c.proc_key[i]);
    if (it == c.d.add_ons.end()) continue;
    const AddOnInfo& a = it->second;
    bool found = false;
    for (size_t j = 0; j < lines.size() && !found; ++j) {
      if (j == i) continue;
      const uint64_t key = c.proc_key[j];
      if (a.any_primary) {
        found = !c.d.add_ons.count(key) && c.d.procedures.count(key);
      } else {
        found = std::binary_search(a.primaries.begin(), a.primaries.end(), key);
      }
    }
    if (found || (a.primaries.empty() && !a.any_primary)) continue;
    std::string listed;
    for (size_t k = 0; k < a.primary_text.size() && k < 8; ++k) listed += (k ? ", " : "") + a.primary_text[k];
    if (a.primary_text.size() > 8) listed += " and " + std::to_string(a.primary_text.size() - 8) + " more";
    const std::string code(c.proc[i].view());
    ScrubFinding& f = c.Add("ncci.addon.primary_missing", a.type == AddOnEditType::kListedPrimaries ? ScrubSeverity::kError : ScrubSeverity::kWarning, T(LineName(c, i), " is an add-on code: it is paid only with its primary procedure, and the claim has none", (listed.empty() ? std::string(".") : " (" + listed + ").")), "Add the primary procedure that was performed, or remove the add-on code.", T(std::string("NCCI add-on code edits "), kPtpEdition, ": ", code, ", edit type ", std::to_string(static_cast<int>(a.type)), " (", AddOnEditTypeMeaning(a.type), ")"), T(Check::Line(i), ".code"));
    f.line = static_cast<int>(i);
  }
  if (outside_edition) {
    c.Add("ncci.edition", ScrubSeverity::kWarning, T(std::string("The NCCI edits loaded are the "), kPtpEdition, " release (", ToIso(kPtpEditionFrom), " to ", ToIso(kPtpEditionTo), "); a date of service of this claim is outside it, so its PTP and MUE findings " "come from that release and may differ on the date of service."), "Check the pairs and units against the NCCI release of the date of service.", kSrcPtp, "date_of_service");
  }
}

void CheckProviders(Check& c) {
  const ClaimHeader& h = c.claim.header;
  if (h.billing.npi.empty()) {
    c.Add("claim.npi.missing", ScrubSeverity::kError, "The billing provider's NPI is not entered.", "Enter the billing provider's 10-digit NPI.", kSrc837, "billing_provider.npi");
  } else if (Status s = CheckNpi(h.billing.npi); !s.ok()) {
    c.Add("claim.npi.invalid", ScrubSeverity::kError, T("Billing provider: ", s.error().message, "."), "Correct the NPI (NPPES lists every provider's).", kSrcNpi, "billing_provider.npi");
  }
  if (!h.rendering.npi.empty()) {
    if (Status s = CheckNpi(h.rendering.npi); !s.ok()) {
      c.Add("claim.npi.invalid", ScrubSeverity::kError, T("Rendering provider: ", s.error().message, "."), "Correct the NPI (NPPES lists every provider's).", kSrcNpi, "rendering_provider.npi");
    }
  }
  if (h.place_of_service.empty()) {
    c.Add("claim.pos.missing", ScrubSeverity::kError, "The place of service is not entered.", "Enter the two-digit place of service (11 office, 22 outpatient hospital, ...).", kSrc837, "place_of_service");
  } else {
    const std::string pos = h.place_of_service.size() == 1 ? "0" + h.place_of_service : h.place_of_service;
    auto it = c.d.pos.find(Key(pos));
    if (it == c.d.pos.end() || !it->second.assigned) {
      c.Add("claim.pos.invalid", ScrubSeverity::kError, T("Place of service \"", h.place_of_service, "\" is ", (it == c.d.pos.end() ? std::string("not a place-of-service code") : "unassigned"), "."), "Enter an assigned two-digit place of service.", kSrcPos, "place_of_service");
    }
  }
}

}  // namespace

ScrubReport Scrubber::Scrub(const Claim& claim, const Date& today) const {
  ScrubReport report;
  Scrub(claim, today, report);
  return report;
}

void Scrubber::Scrub(const Claim& claim, const Date& today, ScrubReport& out) const {
  out.errors = out.warnings = out.infos = 0;
  std::vector<ScrubFinding>& spare = Check::Spare();
  if (spare.size() < 256) {  // a bounded pool: one odd claim with thousands of findings is not kept
    for (auto& f : out.findings) spare.push_back(std::move(f));
  }
  out.findings.clear();
  Check c{*m_data, claim, today, out};
  CheckDates(c);
  CheckProviders(c);
  CheckDiagnosisCodes(c);
  CheckDiagnosisRelations(c);
  CheckServiceLines(c);

  // Errors, warnings, info, each in claim order: an insertion sort (stable, no buffer; a claim has few findings).
  auto& all = out.findings;
  for (size_t i = 1; i < all.size(); ++i) {
    for (size_t j = i; j > 0 && all[j].severity < all[j - 1].severity; --j) std::swap(all[j], all[j - 1]);
  }
  for (const auto& f : out.findings) {
    (f.severity == ScrubSeverity::kError ? out.errors : f.severity == ScrubSeverity::kWarning ? out.warnings : out.infos)++;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] JSON
// ---------------------------------------------------------------------------------------------------------------
std::string ScrubReportToJson(const std::string& claim_id, const ScrubReport& report) {
  using nlohmann::json;
  json findings = json::array();
  for (const auto& f : report.findings) {
    json j = {{"rule", f.rule},       {"severity", ScrubSeverityName(f.severity)},
              {"message", f.message}, {"fix", f.fix},
              {"source", f.source},   {"field", f.field}};
    if (f.diagnosis >= 0) j["diagnosis"] = f.diagnosis;
    if (f.line >= 0) j["line"] = f.line;
    if (f.other >= 0) j["other"] = f.other;
    if (!f.attestation_subject.empty()) {
      j["attestation_subject"] = f.attestation_subject;
      j["attested"] = f.attested;
    }
    if (f.action.kind == ScrubFix::Kind::kAddModifier) {
      j["action"] = {{"kind", "add_modifier"}, {"line", f.action.line}, {"modifier", f.action.modifier},
                     {"label", f.action.label}};
    }
    findings.push_back(std::move(j));
  }
  json out = {{"id", claim_id},
              {"errors", report.errors},
              {"warnings", report.warnings},
              {"infos", report.infos},
              {"findings", std::move(findings)}};
  return out.dump();
}

}  // namespace medcode::engine
