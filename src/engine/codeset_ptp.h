// codeset_ptp.h: the NCCI procedure-to-procedure (PTP) edits in the code-set pack: pairs of CPT/HCPCS codes that
// should not be reported together for one patient on one date of service (the column 2 code is denied unless the
// edit allows an NCCI-associated modifier). Two tables, practitioner and outpatient hospital, 2024 Q3 release
// (2024-07-01 .. 2024-09-30), compiled by codeset_ptp.cpp from codesets/ncci/2024q3/ncci_ptp_*_pairs_2024-07-01.csv
// (4.3 million rows). Two ways to read them:
//   - PtpTable: one table decoded once into memory, for the claim scrubber (tens of millions of lookups per second);
//   - LookupPtp / ListPtpForCode: one query at a time straight from the pack, for the UI and the CLI.
//
// Dates. The source keeps no effective dates (the derived CSV dropped them): an edit is known only as active (no
// deletion date) or deleted on a date. CMS writes the deletion date as the LAST date of service the edit applies to:
// edits removed by a quarterly release carry the last day of the previous quarter (the 2024 Q3 file, effective
// 2024-07-01, dates its newest deletions 2024-06-30), so an edit is in force on a date of service when it has no
// deletion date or DOS <= deletion date. Modifier indicator 9 marks an edit deleted retroactively (its deletion date
// is its own effective date, never a quarter end in these files): it never applied, and is never in force.
// Because effective dates are missing, an edit added in a later quarter looks in force on earlier dates too: for a
// DOS before the edition (2024-07-01) the answer is the 2024 Q3 table's, and the caller is told the edition range
// (PtpTable::Covers); no 2025/2026 release is in the pack.
//
// History rows. A pair may have several rows (CMS keeps the deleted versions of an edit next to the current one,
// e.g. indicator 0 deleted 2023-06-30, then indicator 1 active; 12% of the practitioner pairs have 2-4 rows): all
// are kept, in "pair order": deletion date ascending with the active row last, then modifier indicator, then
// rationale text. At most one row of a pair may be active and no row may repeat exactly (same pair, deletion date,
// indicator and rationale): the compiler refuses both with the file and both lines. Rows of a pair that differ only
// in indicator or rationale on the same deletion date are kept (the one case in 2024 Q3: 88108/88162, both 9).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/codeset_pack.h"
#include "engine/date.h"
#include "engine/result.h"

namespace medcode::engine {

// The two PTP tables CMS publishes; the values are stored in the pack (the high bits of ncci_ptp_block.key).
enum class PtpSetting {
  kPractitioner = 1,        // practitioner services (professional claims; also ambulatory surgical centers)
  kOutpatientHospital = 2,  // outpatient hospital services (facility claims, the OCE's NCCI edits)
};
// "practitioner", "outpatient hospital": for messages.
const char* PtpSettingName(PtpSetting setting);

// The modifier indicator of an edit, as CMS numbers it.
enum class PtpModifier : uint8_t {
  kNotAllowed = 0,     // no modifier lets both codes be paid: the column 2 code is denied
  kAllowed = 1,        // an NCCI PTP-associated modifier (59, XE/XS/XP/XU, ...) may bypass the edit when appropriate
  kNotApplicable = 9,  // the edit was deleted retroactively and never applied
};
// A sentence a coder understands, e.g. "1: a modifier is allowed ...".
const char* PtpModifierMeaning(PtpModifier modifier);

struct PtpEdit {
  std::string column1;  // the comprehensive (payable) code: "29881"
  std::string column2;  // the code denied when reported with column1: "29875"
  PtpSetting setting = PtpSetting::kPractitioner;
  PtpModifier modifier = PtpModifier::kNotAllowed;
  std::optional<Date> deletion_date;  // the last date of service the edit applied to; none = active
  std::string rationale;              // CMS PTP edit rationale: "Misuse of Column Two code with Column One code"

  // True when the edit applies to a date of service: not retroactively deleted (9) and DOS <= deletion date.
  bool InForceOn(const Date& dos) const;
  bool active() const { return !deletion_date.has_value(); }
};

// The edition the pack's PTP tables come from.
inline constexpr Date kPtpEditionFrom{2024, 7, 1};
inline constexpr Date kPtpEditionTo{2024, 9, 30};
inline constexpr const char* kPtpEdition = "2024 Q3";

// The edits of a code, both directions, for the UI and `medcode code` (see ListPtpForCode).
struct PtpCodeEdits {
  int64_t as_column1 = 0;  // rows where the code is column 1 (all rows, deleted ones included)
  int64_t as_column2 = 0;  // rows where the code is column 2
  int64_t active_as_column1 = 0;  // of those, rows with no deletion date
  int64_t active_as_column2 = 0;
  std::vector<PtpEdit> column1_edits;  // the first `limit` rows as column 1, active first, then in pair order
  std::vector<PtpEdit> column2_edits;  // the first `limit` rows as column 2, likewise
};

// Every row of the pair (column1, column2) in `setting` (codes: spaces ignored, any case), oldest deletion first and
// the active row last; kNotFound naming both codes when the pair has no edit in that order (the CLI tries both
// orders). One pack query plus the decoding of column1's block: for single lookups, not for claims in bulk.
Result<std::vector<PtpEdit>> LookupPtp(const CodeSetPack& pack, PtpSetting setting, std::string_view column1,
                                       std::string_view column2);
// The rows where `code` is column 1 and where it is column 2, counted in full, at most `limit` of each listed.
// Column 2 needs a pass over the whole setting (no reverse index in the pack, to keep it small): tens of
// milliseconds; load a PtpTable for many codes.
Result<PtpCodeEdits> ListPtpForCode(const CodeSetPack& pack, PtpSetting setting, std::string_view code,
                                    size_t limit = 10);

// One PTP table decoded into memory: 6.2 bytes per row for 2024 Q3 practitioner (15.7 MB; a 4-byte row, a 2-byte
// reverse entry per pair, offsets and a code hash), loaded in ~0.15-0.3 s. Find: ~65 ns when the codes' rows are in
// cache (a claim's codes repeat), ~210 ns for random pairs over the whole table (measured natively on a loaded
// 2-core VM); a found edit copies its rationale text. Lookups take codes as they appear on claims (5 characters,
// upper case); no normalisation is done on this fast path. Immutable once loaded: share one between threads freely.
class PtpTable {
 public:
  // Decodes `setting` from the pack. Errors: kCorruptDatabase for a block that does not decode, kNotFound for a pack
  // built before the PTP tables were compiled.
  static Result<PtpTable> Load(const CodeSetPack& pack, PtpSetting setting);

  // The row of (column1, column2) in force on `dos` (see PtpEdit::InForceOn): of the pair's rows that apply, the one
  // with the earliest deletion date (the active row last): its rows follow one another in time. nullopt when the pair
  // has no edit in this order, or none in force on that date. DOS outside the edition is not refused: see Covers().
  std::optional<PtpEdit> Find(std::string_view column1, std::string_view column2, const Date& dos) const;
  // Every row of the pair, in force or not, in pair order (as LookupPtp).
  std::vector<PtpEdit> FindAll(std::string_view column1, std::string_view column2) const;
  // Every row where `code` is column 1 (in column 2 order), and every row where it is column 2 (in column 1 order).
  std::vector<PtpEdit> AsColumn1(std::string_view code) const;
  std::vector<PtpEdit> AsColumn2(std::string_view code) const;

  // The same lookup by code ids, for a claim's lines checked pair by pair: CodeId once per line (-1: the code is in no
  // edit), then FindById per pair, which copies nothing. The row's attributes stay owned by the table.
  struct Hit {
    PtpModifier modifier = PtpModifier::kNotAllowed;
    std::optional<Date> deletion_date;
    const std::string* rationale = nullptr;
  };
  int CodeId(std::string_view code) const { return FindCode(code); }
  std::optional<Hit> FindById(int column1, int column2, const Date& dos) const;

  PtpSetting setting() const { return m_setting; }
  // True when `dos` lies in the edition the table comes from (2024-07-01 .. 2024-09-30). Outside it, Find still
  // answers with this edition's edits: the caller says so (no effective dates, no other release in the pack).
  bool Covers(const Date& dos) const { return dos >= kPtpEditionFrom && dos <= kPtpEditionTo; }
  size_t rows() const { return m_rows.size(); }
  // Bytes held by the table's arrays (for the memory report; excludes the small vector headers).
  size_t MemoryBytes() const;

 private:
  struct Attr {  // one distinct (indicator, deletion date, rationale): rows share them
    int32_t deletion = 0;  // YYYYMMDD; kNoDeletion when active
    PtpModifier modifier = PtpModifier::kNotAllowed;
    uint8_t rationale = 0;  // index into m_rationales
  };
  static constexpr int32_t kNoDeletion = 99991231;  // CMS's own "no deletion" value: sorts after every date

  int FindCode(std::string_view code) const;  // -1 when the code is in no edit
  PtpEdit MakeEdit(uint32_t row, uint16_t column1) const;
  uint32_t PairBegin(uint16_t column1, uint16_t column2) const;  // first row of the pair, or the column's end
  uint16_t Column2(uint32_t row) const { return static_cast<uint16_t>(m_rows[row] >> 16); }
  uint16_t AttrOf(uint32_t row) const { return static_cast<uint16_t>(m_rows[row]); }

  PtpSetting m_setting = PtpSetting::kPractitioner;
  std::vector<std::string> m_codes;       // code id -> code, in code order (both settings share the ids)
  std::vector<uint64_t> m_hash;           // open addressing, power of two: packed code << 32 | (id + 1); 0 = empty
  int m_hash_shift = 31;                  // 32 - log2(m_hash.size()): Fibonacci hashing keeps the high bits
  std::vector<std::string> m_rationales;  // rationale id -> text
  std::vector<Attr> m_attrs;              // attribute id -> (indicator, deletion, rationale)
  // Rows by column 1 (compressed sparse rows): the rows of code c are [m_begin[c], m_begin[c + 1]), in column 2 order.
  std::vector<uint32_t> m_begin;
  std::vector<uint32_t> m_rows;  // column 2 id << 16 | attribute id: one load per probe, sorted like the pairs
  // The reverse index, by column 2: the column 1 codes of code c are m_by2_column1[m_by2_begin[c] ..].
  std::vector<uint32_t> m_by2_begin;
  std::vector<uint16_t> m_by2_column1;
};

}  // namespace medcode::engine
