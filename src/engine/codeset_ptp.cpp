// codeset_ptp.cpp: the NCCI PTP edit tables (see codeset_ptp.h): compiled into the pack by CompileNcciPtp (called by
// CompileNcci, which owns the NCCI edition), read back one pair or one code at a time, or decoded whole into PtpTable.
//
// Encoding in the pack (chosen by measuring; the alternatives and their sizes are in the commit that added it):
//   ncci_ptp_code(id, code)            every code of both tables, ids 0.. in code order (13,052 codes in 2024 Q3)
//   ncci_ptp_rationale(id, rationale)  the distinct rationale texts, ids in text order (12)
//   ncci_ptp_attr(id, modifier_indicator, deletion_date, rationale_id)
//                                      the distinct (indicator, deletion date, rationale) of the rows (about 1,200),
//                                      ids by how many rows use them (most used first: one varint byte for 97% of rows)
//   ncci_ptp_block(key, edits)         one BLOB per (setting, column 1 code): key = setting * 65536 + column 1 id;
//                                      edits = varint(row count), then per row in (column 2, pair) order
//                                      varint(column 2 id - previous column 2 id), varint(attr id)
// An ordinary rowid table, not WITHOUT ROWID: its leaves hold the blobs (at most ~2.9 KB) inline, where an index
// b-tree would spill every blob over ~1 KB to half-empty overflow pages (18 MB instead of 10 MB).
//
// [SECTION] Codes, varints, the dictionary
// [SECTION] Compiling (CompileNcciPtp)
// [SECTION] Pack-level lookups (LookupPtp, ListPtpForCode)
// [SECTION] PtpTable
#include "engine/codeset_ptp.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>
#include <utility>

#include "engine/codeset_build.h"

namespace medcode::engine {

namespace {

constexpr const char* kSet = "ncci";

struct PtpInput {
  PtpSetting setting;
  const char* path;
};
constexpr PtpInput kPtpInputs[] = {
    {PtpSetting::kPractitioner, "ncci/2024q3/ncci_ptp_practitioner_pairs_2024-07-01.csv"},
    {PtpSetting::kOutpatientHospital, "ncci/2024q3/ncci_ptp_outpatient_hospital_pairs_2024-07-01.csv"},
};

constexpr const char* kPtpSchema =
    "CREATE TABLE ncci_ptp_code(id INTEGER PRIMARY KEY, code TEXT NOT NULL);"
    "CREATE TABLE ncci_ptp_rationale(id INTEGER PRIMARY KEY, rationale TEXT NOT NULL);"
    "CREATE TABLE ncci_ptp_attr(id INTEGER PRIMARY KEY, modifier_indicator INTEGER NOT NULL, deletion_date TEXT,"
    "  rationale_id INTEGER NOT NULL);"
    "CREATE TABLE ncci_ptp_block(key INTEGER PRIMARY KEY, edits BLOB NOT NULL);";

constexpr int64_t kBlockKeyShift = 16;        // ncci_ptp_block.key = setting << 16 | column 1 id
constexpr size_t kMaxCodes = 1u << 16;        // code ids are uint16_t (in memory) and 16 bits of the block key
constexpr int32_t kActive = 99991231;         // deletion date of an active row, as YYYYMMDD (CMS's own value)

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Codes, varints, the dictionary
// ---------------------------------------------------------------------------------------------------------------

// A 5-character CPT/HCPCS code packed into 30 bits, 6 per character ('0'-'9' -> 1-10, 'A'-'Z' -> 11-36): packed
// codes sort like the codes. 0 when `code` is not 5 upper-case letters or digits.
uint32_t PackCode(std::string_view code) {
  if (code.size() != 5) return 0;
  uint32_t packed = 0;
  for (char c : code) {
    uint32_t v;
    if (c >= '0' && c <= '9') {
      v = static_cast<uint32_t>(c - '0') + 1;
    } else if (c >= 'A' && c <= 'Z') {
      v = static_cast<uint32_t>(c - 'A') + 11;
    } else {
      return 0;
    }
    packed = packed << 6 | v;
  }
  return packed;
}

// Spaces dropped, upper case (the pack-level lookups accept what a person types).
std::string NormalizePtpCode(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (!std::isspace(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

int32_t DateKey(const Date& d) { return d.year * 10000 + d.month * 100 + d.day; }
Date KeyDate(int32_t key) { return Date{key / 10000, key / 100 % 100, key % 100}; }

void PutVarint(std::string& out, uint32_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

// Reads a varint at `pos`; false when the bytes end inside it or it is over 32 bits (a damaged block).
bool GetVarint(std::string_view in, size_t& pos, uint32_t& v) {
  v = 0;
  for (int shift = 0; shift < 35; shift += 7) {
    if (pos >= in.size()) return false;
    const auto byte = static_cast<uint8_t>(in[pos++]);
    v |= static_cast<uint32_t>(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return true;
  }
  return false;
}

// Calls on_row(column2_id, attr_id) for each row of a block; false when the block is damaged (ids out of range,
// truncated, or a row count that does not match).
template <class OnRow>
bool DecodeBlock(std::string_view blob, size_t code_count, size_t attr_count, OnRow&& on_row) {
  size_t pos = 0;
  uint32_t count = 0, column2 = 0;
  if (!GetVarint(blob, pos, count)) return false;
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t delta = 0, attr = 0;
    if (!GetVarint(blob, pos, delta) || !GetVarint(blob, pos, attr)) return false;
    column2 += delta;
    if (column2 >= code_count || attr >= attr_count) return false;
    on_row(static_cast<uint16_t>(column2), attr);
  }
  return pos == blob.size();
}

struct DictAttr {
  PtpModifier modifier = PtpModifier::kNotAllowed;
  std::optional<Date> deletion;
  int32_t deletion_key = kActive;
  uint8_t rationale = 0;
};

// The small tables every reader needs: codes, rationales, attributes.
struct PtpDictionary {
  std::vector<std::string> codes;
  std::vector<std::string> rationales;
  std::vector<DictAttr> attrs;

  // Code id, or -1; `code` normalised already. Ids are in code order: a binary search.
  int Find(const std::string& code) const {
    auto it = std::lower_bound(codes.begin(), codes.end(), code);
    return it != codes.end() && *it == code ? static_cast<int>(it - codes.begin()) : -1;
  }
};

Error CorruptPtp(const CodeSetPack& pack, const std::string& what) {
  return MakeError(ErrorCode::kCorruptDatabase,
                   "The code-set pack's NCCI PTP tables are damaged (" + what + "): rebuild it with `medcode codesets "
                   "build`",
                   pack.db().path());
}

Result<PtpDictionary> LoadDictionary(const CodeSetPack& pack) {
  PtpDictionary d;
  Database& db = pack.db();
  auto codes = db.Prepare("SELECT id, code FROM ncci_ptp_code ORDER BY id");
  if (!codes.ok()) {
    return MakeError(ErrorCode::kNotFound,
                     "This code-set pack has no NCCI PTP edits (built by an older Medcode): rebuild it with "
                     "`medcode codesets build`",
                     db.path());
  }
  for (;;) {
    auto row = codes->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    if (codes->ColumnInt(0) != static_cast<int64_t>(d.codes.size())) return CorruptPtp(pack, "code ids");
    d.codes.push_back(codes->ColumnText(1));
  }
  auto rationales = db.Prepare("SELECT id, rationale FROM ncci_ptp_rationale ORDER BY id");
  if (!rationales.ok()) return rationales.error();
  for (;;) {
    auto row = rationales->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    if (rationales->ColumnInt(0) != static_cast<int64_t>(d.rationales.size())) return CorruptPtp(pack, "rationales");
    d.rationales.push_back(rationales->ColumnText(1));
  }
  auto attrs =
      db.Prepare("SELECT id, modifier_indicator, deletion_date, rationale_id FROM ncci_ptp_attr ORDER BY id");
  if (!attrs.ok()) return attrs.error();
  for (;;) {
    auto row = attrs->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    DictAttr a;
    const int64_t indicator = attrs->ColumnInt(1), rationale = attrs->ColumnInt(3);
    if (attrs->ColumnInt(0) != static_cast<int64_t>(d.attrs.size()) ||
        (indicator != 0 && indicator != 1 && indicator != 9) || rationale < 0 ||
        rationale >= static_cast<int64_t>(d.rationales.size())) {
      return CorruptPtp(pack, "edit attributes");
    }
    a.modifier = static_cast<PtpModifier>(indicator);
    a.rationale = static_cast<uint8_t>(rationale);
    if (!attrs->ColumnIsNull(2)) {
      auto date = ParseDate(attrs->ColumnText(2));
      if (!date.ok()) return CorruptPtp(pack, "a deletion date");
      a.deletion = *date;
      a.deletion_key = DateKey(*date);
    }
    d.attrs.push_back(a);
  }
  return d;
}

PtpEdit MakePtpEdit(const PtpDictionary& d, PtpSetting setting, uint16_t column1, uint16_t column2, uint32_t attr) {
  const DictAttr& a = d.attrs[attr];
  return PtpEdit{d.codes[column1], d.codes[column2], setting, a.modifier, a.deletion, d.rationales[a.rationale]};
}

int64_t BlockKey(PtpSetting setting, int64_t column1) {
  return static_cast<int64_t>(setting) << kBlockKeyShift | column1;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Compiling
// ---------------------------------------------------------------------------------------------------------------

struct PtpRow {
  uint32_t column1 = 0;  // packed code (PackCode), then code id once the dictionary is known
  uint32_t column2 = 0;
  int32_t deletion = kActive;  // YYYYMMDD
  uint8_t modifier = 0;        // 0, 1 or 9
  uint16_t rationale = 0;      // index into the rationale texts (reading order; text order after Renumber)
  uint32_t line = 0;           // in the CSV, for errors found after reading
};

bool PairLess(const PtpRow& a, const PtpRow& b) {
  return std::tie(a.column1, a.column2, a.deletion, a.modifier, a.rationale) <
         std::tie(b.column1, b.column2, b.deletion, b.modifier, b.rationale);
}

Status ReadPtp(InputFile& file, std::map<std::string, uint16_t>& rationale_ids, std::vector<std::string>& rationales,
               std::vector<PtpRow>& rows) {
  CsvReader reader(file.text, file.info.path);
  if (Status s = reader.ReadHeader(); !s.ok()) return s;
  auto columns = reader.Columns({"column1", "column2", "deletion_date", "modifier_indicator", "ptp_edit_rationale"});
  if (!columns.ok()) return columns.error();
  const size_t c_column1 = (*columns)[0], c_column2 = (*columns)[1], c_deletion = (*columns)[2],
               c_modifier = (*columns)[3], c_rationale = (*columns)[4];
  rows.reserve(file.text.size() / 56);  // ~63 bytes a row in 2024 Q3: one reallocation at most
  return ForEachRecord(reader, file, [&](const std::vector<std::string_view>& f) -> Status {
    PtpRow row;
    for (auto [index, name, out] : {std::tuple{c_column1, "column1", &row.column1},
                                    std::tuple{c_column2, "column2", &row.column2}}) {
      *out = PackCode(f[index]);
      if (*out == 0) {
        return reader.RecordError(std::string("Column '") + name +
                                  "' should be a 5-character CPT/HCPCS code (upper-case letters and digits), not '" +
                                  std::string(f[index]) + "'");
      }
    }
    if (row.column1 == row.column2) return reader.RecordError("A code cannot be in a PTP edit with itself");
    const std::string_view deletion = f[c_deletion];
    if (!deletion.empty()) {
      auto date = deletion.size() == 10 && deletion[4] == '-' ? ParseDate(deletion) : Result<Date>(Error{});
      if (!date.ok()) {
        return reader.RecordError("Column 'deletion_date' should be empty (active edit) or a date YYYY-MM-DD, not '" +
                                  std::string(deletion) + "'");
      }
      row.deletion = DateKey(*date);
    }
    const std::string_view modifier = f[c_modifier];
    if (modifier != "0" && modifier != "1" && modifier != "9") {
      return reader.RecordError("Column 'modifier_indicator' should be 0, 1 or 9, not '" + std::string(modifier) +
                                "'");
    }
    row.modifier = static_cast<uint8_t>(modifier[0] - '0');
    const std::string_view rationale = f[c_rationale];
    if (rationale.empty()) return reader.RecordError("Column 'ptp_edit_rationale' is empty");
    auto it = rationale_ids.find(std::string(rationale));
    if (it == rationale_ids.end()) {
      if (rationales.size() >= 255) return reader.RecordError("More than 255 distinct PTP edit rationales");
      it = rationale_ids.emplace(std::string(rationale), static_cast<uint16_t>(rationales.size())).first;
      rationales.emplace_back(rationale);
    }
    row.rationale = it->second;
    row.line = static_cast<uint32_t>(reader.line());
    rows.push_back(row);
    return Status::Ok();
  });
}

// Refuses exact repeats and a pair with two active rows, naming both lines. `rows` are sorted in pair order.
Status CheckPairs(const std::vector<PtpRow>& rows, const std::string& path, const std::vector<std::string>& codes) {
  for (size_t i = 1; i < rows.size(); ++i) {
    const PtpRow &a = rows[i - 1], &b = rows[i];
    if (a.column1 != b.column1 || a.column2 != b.column2) continue;
    const bool repeat = a.deletion == b.deletion && a.modifier == b.modifier && a.rationale == b.rationale;
    const bool two_active = a.deletion == kActive && b.deletion == kActive;
    if (!repeat && !two_active) continue;
    const uint32_t first = std::min(a.line, b.line), second = std::max(a.line, b.line);
    const std::string pair = codes[a.column1] + "/" + codes[a.column2];
    return MakeError(ErrorCode::kParse,
                     repeat ? "The PTP edit " + pair + " repeats line " + std::to_string(first) +
                                  " exactly (same deletion date, modifier indicator and rationale)"
                            : "The PTP pair " + pair + " has two active rows (no deletion date), here and on line " +
                                  std::to_string(first) + ": which one applies is ambiguous",
                     path + ":" + std::to_string(second));
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> CompileNcciPtp(PackBuild& build, const char* edition) {
  std::map<std::string, uint16_t> rationale_ids;
  std::vector<std::string> rationales;  // in reading order
  std::vector<std::vector<PtpRow>> tables;
  std::vector<InputFile*> files;
  for (const PtpInput& input : kPtpInputs) {
    auto file = build.Read(input.path, kSet, edition);
    if (!file.ok()) return file.error();
    tables.emplace_back();
    if (Status s = ReadPtp(**file, rationale_ids, rationales, tables.back()); !s.ok()) return s.error();
    (*file)->text = std::string();  // 270 MB for both: the manifest needs only the digest and the counts
    files.push_back(*file);
  }

  // Code ids: every code of both tables, in code order (packed codes sort like the codes).
  std::vector<uint32_t> packed;
  for (const auto& rows : tables) {
    for (const PtpRow& r : rows) {
      packed.push_back(r.column1);
      packed.push_back(r.column2);
    }
  }
  std::sort(packed.begin(), packed.end());
  packed.erase(std::unique(packed.begin(), packed.end()), packed.end());
  if (packed.size() > kMaxCodes) {
    return MakeError(ErrorCode::kTooLarge, "The PTP tables hold " + std::to_string(packed.size()) +
                                               " distinct codes; the pack's encoding allows 65,536");
  }
  std::vector<std::string> codes;
  for (uint32_t p : packed) {
    std::string code(5, ' ');
    for (int i = 4; i >= 0; --i, p >>= 6) {
      const uint32_t v = p & 63;
      code[static_cast<size_t>(i)] = static_cast<char>(v <= 10 ? '0' + (v - 1) : 'A' + (v - 11));
    }
    codes.push_back(std::move(code));
  }
  // Rationale ids in text order (reproducible whatever the reading order).
  std::vector<uint16_t> rationale_order(rationales.size());
  {
    uint16_t next = 0;
    for (auto& [text, id] : rationale_ids) rationale_order[id] = next++;
  }
  std::map<std::tuple<int, int32_t, int>, int64_t> attr_counts;  // (indicator, deletion, rationale) -> rows
  for (auto& rows : tables) {
    for (PtpRow& r : rows) {
      r.column1 = static_cast<uint32_t>(std::lower_bound(packed.begin(), packed.end(), r.column1) - packed.begin());
      r.column2 = static_cast<uint32_t>(std::lower_bound(packed.begin(), packed.end(), r.column2) - packed.begin());
      r.rationale = rationale_order[r.rationale];
      ++attr_counts[{r.modifier, r.deletion, r.rationale}];
    }
    std::sort(rows.begin(), rows.end(), PairLess);
  }
  for (size_t t = 0; t < tables.size(); ++t) {
    if (Status s = CheckPairs(tables[t], files[t]->info.path, codes); !s.ok()) return s.error();
  }
  // Attribute ids: most used first (short varints), ties in (indicator, deletion, rationale) order.
  std::vector<std::pair<int64_t, std::tuple<int, int32_t, int>>> by_use;
  for (const auto& [attr, count] : attr_counts) by_use.emplace_back(-count, attr);
  std::sort(by_use.begin(), by_use.end());
  std::map<std::tuple<int, int32_t, int>, uint32_t> attr_ids;
  for (const auto& [count, attr] : by_use) attr_ids.emplace(attr, static_cast<uint32_t>(attr_ids.size()));

  Database& db = build.db();
  if (Status s = db.Exec(kPtpSchema); !s.ok()) return s.error();
  auto ins_code = db.Prepare("INSERT INTO ncci_ptp_code VALUES(?,?)");
  if (!ins_code.ok()) return ins_code.error();
  for (size_t i = 0; i < codes.size(); ++i) {
    ins_code->Reset();
    ins_code->Bind(1, static_cast<int64_t>(i)).Bind(2, codes[i]);
    if (Status s = ins_code->Run(); !s.ok()) return s.error();
  }
  auto ins_rationale = db.Prepare("INSERT INTO ncci_ptp_rationale VALUES(?,?)");
  if (!ins_rationale.ok()) return ins_rationale.error();
  for (const auto& [text, id] : rationale_ids) {
    ins_rationale->Reset();
    ins_rationale->Bind(1, static_cast<int64_t>(rationale_order[id])).Bind(2, text);
    if (Status s = ins_rationale->Run(); !s.ok()) return s.error();
  }
  auto ins_attr = db.Prepare("INSERT INTO ncci_ptp_attr VALUES(?,?,?,?)");
  if (!ins_attr.ok()) return ins_attr.error();
  for (const auto& [count, attr] : by_use) {
    const auto [modifier, deletion, rationale] = attr;
    ins_attr->Reset();
    ins_attr->Bind(1, static_cast<int64_t>(attr_ids.at(attr))).Bind(2, static_cast<int64_t>(modifier));
    if (deletion == kActive) {
      ins_attr->BindNull(3);
    } else {
      ins_attr->Bind(3, ToIso(KeyDate(deletion)));
    }
    ins_attr->Bind(4, static_cast<int64_t>(rationale));
    if (Status s = ins_attr->Run(); !s.ok()) return s.error();
  }
  auto ins_block = db.Prepare("INSERT INTO ncci_ptp_block VALUES(?,?)");
  if (!ins_block.ok()) return ins_block.error();
  std::string blob;
  std::vector<int64_t> counts, active;
  for (size_t t = 0; t < tables.size(); ++t) {
    const auto& rows = tables[t];
    counts.push_back(static_cast<int64_t>(rows.size()));
    active.push_back(std::count_if(rows.begin(), rows.end(), [](const PtpRow& r) { return r.deletion == kActive; }));
    for (size_t begin = 0; begin < rows.size();) {
      size_t end = begin;
      while (end < rows.size() && rows[end].column1 == rows[begin].column1) ++end;
      blob.clear();
      PutVarint(blob, static_cast<uint32_t>(end - begin));
      uint32_t previous = 0;
      for (size_t i = begin; i < end; ++i) {
        PutVarint(blob, rows[i].column2 - previous);
        previous = rows[i].column2;
        PutVarint(blob, attr_ids.at({rows[i].modifier, rows[i].deletion, rows[i].rationale}));
      }
      ins_block->Reset();
      ins_block->Bind(1, BlockKey(kPtpInputs[t].setting, rows[begin].column1)).BindBlob(2, blob);
      if (Status s = ins_block->Run(); !s.ok()) return s.error();
      begin = end;
    }
  }
  return "PTP edits: " + std::to_string(counts[0]) + " practitioner rows (" + std::to_string(active[0]) +
         " active), " + std::to_string(counts[1]) + " outpatient hospital rows (" + std::to_string(active[1]) +
         " active) over " + std::to_string(codes.size()) +
         " codes; a deletion date is the last date of service an edit applied to; modifier indicator 9 = deleted "
         "retroactively, never applied. PTP gaps: no effective dates in the derived CSV (an edit added after a date "
         "of service still looks in force on it), no 'prior to 1996' flag.";
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Pack-level lookups
// ---------------------------------------------------------------------------------------------------------------

const char* PtpSettingName(PtpSetting setting) {
  switch (setting) {
    case PtpSetting::kPractitioner: return "practitioner";
    case PtpSetting::kOutpatientHospital: return "outpatient hospital";
  }
  return "unknown";
}

const char* PtpModifierMeaning(PtpModifier modifier) {
  switch (modifier) {
    case PtpModifier::kNotAllowed:
      return "modifier indicator 0: no modifier allowed; the column 2 code is denied when both are reported";
    case PtpModifier::kAllowed:
      return "modifier indicator 1: an NCCI PTP-associated modifier (e.g. 59, XE, XS, XP, XU) may bypass the edit "
             "when the services were distinct and the record supports it";
    case PtpModifier::kNotApplicable:
      return "modifier indicator 9: not applicable; the edit was deleted retroactively and never applied";
  }
  return "unknown modifier indicator";
}

bool PtpEdit::InForceOn(const Date& dos) const {
  return modifier != PtpModifier::kNotApplicable && (!deletion_date || dos <= *deletion_date);
}

namespace {

// Decodes the block of (setting, column1): on_row(column2 id, attr id) per row. False when column1 has no block.
template <class OnRow>
Result<bool> ReadBlock(const CodeSetPack& pack, const PtpDictionary& d, PtpSetting setting, int column1,
                       OnRow&& on_row) {
  auto s = pack.db().Prepare("SELECT edits FROM ncci_ptp_block WHERE key=?");
  if (!s.ok()) return s.error();
  s->Bind(1, BlockKey(setting, column1));
  auto row = s->Step();
  if (!row.ok()) return row.error();
  if (!*row) return false;
  if (!DecodeBlock(s->ColumnBlob(0), d.codes.size(), d.attrs.size(), on_row)) {
    return CorruptPtp(pack, "block of " + d.codes[static_cast<size_t>(column1)]);
  }
  return true;
}

}  // namespace

Result<std::vector<PtpEdit>> LookupPtp(const CodeSetPack& pack, PtpSetting setting, std::string_view column1,
                                       std::string_view column2) {
  auto d = LoadDictionary(pack);
  if (!d.ok()) return d.error();
  const std::string c1 = NormalizePtpCode(column1), c2 = NormalizePtpCode(column2);
  const int id1 = d->Find(c1), id2 = d->Find(c2);
  std::vector<PtpEdit> out;
  if (id1 >= 0 && id2 >= 0) {
    auto read = ReadBlock(pack, *d, setting, id1, [&](uint16_t col2, uint32_t attr) {
      if (col2 == id2) out.push_back(MakePtpEdit(*d, setting, static_cast<uint16_t>(id1), col2, attr));
    });
    if (!read.ok()) return read.error();
  }
  if (out.empty()) {
    return MakeError(ErrorCode::kNotFound, "No " + std::string(PtpSettingName(setting)) + " PTP edit has " + c1 +
                                               " as column 1 and " + c2 + " as column 2 in NCCI " + kPtpEdition +
                                               " (the other order may have one)");
  }
  return out;
}

Result<PtpCodeEdits> ListPtpForCode(const CodeSetPack& pack, PtpSetting setting, std::string_view code,
                                    size_t limit) {
  auto d = LoadDictionary(pack);
  if (!d.ok()) return d.error();
  PtpCodeEdits out;
  const int id = d->Find(NormalizePtpCode(code));
  if (id < 0) return out;
  const auto self = static_cast<uint16_t>(id);
  std::vector<PtpEdit> inactive1, inactive2;  // kept apart so that active rows are listed first
  auto read = ReadBlock(pack, *d, setting, id, [&](uint16_t col2, uint32_t attr) {
    const bool active = !d->attrs[attr].deletion;
    ++out.as_column1;
    out.active_as_column1 += active;
    auto& list = active ? out.column1_edits : inactive1;
    if (list.size() < limit) list.push_back(MakePtpEdit(*d, setting, self, col2, attr));
  });
  if (!read.ok()) return read.error();
  // Column 2: every block of the setting, in column 1 order.
  auto s = pack.db().Prepare("SELECT key, edits FROM ncci_ptp_block WHERE key BETWEEN ? AND ? ORDER BY key");
  if (!s.ok()) return s.error();
  s->Bind(1, BlockKey(setting, 0)).Bind(2, BlockKey(setting, kMaxCodes - 1));
  for (;;) {
    auto row = s->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    const auto col1 = static_cast<uint16_t>(s->ColumnInt(0) & (kMaxCodes - 1));
    if (col1 >= d->codes.size()) return CorruptPtp(pack, "block key");
    const bool ok = DecodeBlock(s->ColumnBlob(1), d->codes.size(), d->attrs.size(), [&](uint16_t col2, uint32_t attr) {
      if (col2 != self) return;
      const bool active = !d->attrs[attr].deletion;
      ++out.as_column2;
      out.active_as_column2 += active;
      auto& list = active ? out.column2_edits : inactive2;
      if (list.size() < limit) list.push_back(MakePtpEdit(*d, setting, col1, col2, attr));
    });
    if (!ok) return CorruptPtp(pack, "block of " + d->codes[col1]);
  }
  for (auto [list, rest] : {std::pair{&out.column1_edits, &inactive1}, std::pair{&out.column2_edits, &inactive2}}) {
    for (auto& e : *rest) {
      if (list->size() >= limit) break;
      list->push_back(std::move(e));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] PtpTable
// ---------------------------------------------------------------------------------------------------------------

namespace {

// Fibonacci hashing: the high bits of packed * 2^32/phi; `shift` = 32 - log2(slots).
uint32_t HashCode(uint32_t packed, int shift) { return (packed * 0x9E3779B9u) >> shift; }

}  // namespace

Result<PtpTable> PtpTable::Load(const CodeSetPack& pack, PtpSetting setting) {
  auto d = LoadDictionary(pack);
  if (!d.ok()) return d.error();
  PtpTable t;
  t.m_setting = setting;
  t.m_codes = std::move(d->codes);
  t.m_rationales = std::move(d->rationales);
  for (const DictAttr& a : d->attrs) t.m_attrs.push_back(Attr{a.deletion_key, a.modifier, a.rationale});
  const size_t n = t.m_codes.size();
  if (t.m_attrs.size() > 65536) return CorruptPtp(pack, "too many edit attributes");

  // Code hash: packed code -> id, at most 1/4 full so that probes stay short.
  size_t slots = 2;
  t.m_hash_shift = 31;
  while (slots < 4 * n) {
    slots <<= 1;
    --t.m_hash_shift;
  }
  t.m_hash.assign(slots, 0);
  for (size_t id = 0; id < n; ++id) {
    const uint32_t packed = PackCode(t.m_codes[id]);
    if (packed == 0) return CorruptPtp(pack, "code '" + t.m_codes[id] + "'");
    size_t h = HashCode(packed, t.m_hash_shift);
    while (t.m_hash[h] != 0) h = (h + 1) & (slots - 1);
    t.m_hash[h] = static_cast<uint64_t>(packed) << 32 | static_cast<uint32_t>(id + 1);
  }

  // Rows by column 1, from the blocks in key order.
  t.m_begin.assign(n + 1, 0);
  std::vector<uint32_t> column2_rows(n, 0);
  auto s = pack.db().Prepare("SELECT key, edits FROM ncci_ptp_block WHERE key BETWEEN ? AND ? ORDER BY key");
  if (!s.ok()) return s.error();
  s->Bind(1, BlockKey(setting, 0)).Bind(2, BlockKey(setting, kMaxCodes - 1));
  uint32_t next_column1 = 0;
  for (;;) {
    auto row = s->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    const auto column1 = static_cast<uint32_t>(s->ColumnInt(0) & (kMaxCodes - 1));
    if (column1 >= n || column1 < next_column1) return CorruptPtp(pack, "block key");
    while (next_column1 <= column1) t.m_begin[next_column1++] = static_cast<uint32_t>(t.m_rows.size());
    const bool ok = DecodeBlock(s->ColumnBlob(1), n, t.m_attrs.size(), [&](uint16_t column2, uint32_t attr) {
      t.m_rows.push_back(static_cast<uint32_t>(column2) << 16 | attr);
      ++column2_rows[column2];
    });
    if (!ok) return CorruptPtp(pack, "block of " + t.m_codes[column1]);
  }
  while (next_column1 <= n) t.m_begin[next_column1++] = static_cast<uint32_t>(t.m_rows.size());

  // Reverse index: for each column 2 code, its column 1 codes (one entry per pair, in column 1 order).
  t.m_by2_begin.assign(n + 1, 0);
  std::vector<uint32_t> fill(n + 1, 0);
  for (uint32_t c1 = 0; c1 < n; ++c1) {
    for (uint32_t r = t.m_begin[c1]; r < t.m_begin[c1 + 1]; ++r) {
      if (r > t.m_begin[c1] && t.Column2(r) == t.Column2(r - 1)) continue;  // history row of the same pair
      ++fill[t.Column2(r) + 1u];
    }
  }
  for (size_t c = 0; c < n; ++c) fill[c + 1] += fill[c];
  t.m_by2_begin = fill;
  t.m_by2_column1.assign(fill[n], 0);
  for (uint32_t c1 = 0; c1 < n; ++c1) {
    for (uint32_t r = t.m_begin[c1]; r < t.m_begin[c1 + 1]; ++r) {
      if (r > t.m_begin[c1] && t.Column2(r) == t.Column2(r - 1)) continue;
      t.m_by2_column1[fill[t.Column2(r)]++] = static_cast<uint16_t>(c1);
    }
  }
  return t;
}

int PtpTable::FindCode(std::string_view code) const {
  const uint32_t packed = PackCode(code);
  if (packed == 0 || m_hash.empty()) return -1;
  const size_t mask = m_hash.size() - 1;
  for (size_t h = HashCode(packed, m_hash_shift);; h = (h + 1) & mask) {
    const uint64_t slot = m_hash[h];
    if (slot == 0) return -1;
    if (static_cast<uint32_t>(slot >> 32) == packed) return static_cast<int>(static_cast<uint32_t>(slot) - 1);
  }
}

uint32_t PtpTable::PairBegin(uint16_t column1, uint16_t column2) const {
  const auto first = m_rows.begin() + m_begin[column1], last = m_rows.begin() + m_begin[column1 + 1u];
  return static_cast<uint32_t>(std::lower_bound(first, last, static_cast<uint32_t>(column2) << 16) - m_rows.begin());
}

PtpEdit PtpTable::MakeEdit(uint32_t row, uint16_t column1) const {
  const Attr& a = m_attrs[AttrOf(row)];
  PtpEdit e{m_codes[column1], m_codes[Column2(row)], m_setting, a.modifier, std::nullopt, m_rationales[a.rationale]};
  if (a.deletion != kNoDeletion) e.deletion_date = KeyDate(a.deletion);
  return e;
}

std::optional<PtpEdit> PtpTable::Find(std::string_view column1, std::string_view column2, const Date& dos) const {
  const int c1 = FindCode(column1), c2 = FindCode(column2);
  auto hit = FindById(c1, c2, dos);
  if (!hit) return std::nullopt;
  return PtpEdit{m_codes[static_cast<size_t>(c1)], m_codes[static_cast<size_t>(c2)], m_setting, hit->modifier,
                 hit->deletion_date, *hit->rationale};
}

std::optional<PtpTable::Hit> PtpTable::FindById(int column1, int column2, const Date& dos) const {
  if (column1 < 0 || column2 < 0) return std::nullopt;
  const auto col1 = static_cast<uint16_t>(column1), col2 = static_cast<uint16_t>(column2);
  const int32_t day = DateKey(dos);
  const uint32_t end = m_begin[col1 + 1u];
  for (uint32_t r = PairBegin(col1, col2); r < end && Column2(r) == col2; ++r) {
    const Attr& a = m_attrs[AttrOf(r)];
    if (a.modifier == PtpModifier::kNotApplicable || day > a.deletion) continue;
    Hit hit{a.modifier, std::nullopt, &m_rationales[a.rationale]};
    if (a.deletion != kNoDeletion) hit.deletion_date = KeyDate(a.deletion);
    return hit;
  }
  return std::nullopt;
}

std::vector<PtpEdit> PtpTable::FindAll(std::string_view column1, std::string_view column2) const {
  std::vector<PtpEdit> out;
  const int c1 = FindCode(column1), c2 = FindCode(column2);
  if (c1 < 0 || c2 < 0) return out;
  const auto col1 = static_cast<uint16_t>(c1), col2 = static_cast<uint16_t>(c2);
  for (uint32_t r = PairBegin(col1, col2); r < m_begin[col1 + 1u] && Column2(r) == col2; ++r) {
    out.push_back(MakeEdit(r, col1));
  }
  return out;
}

std::vector<PtpEdit> PtpTable::AsColumn1(std::string_view code) const {
  std::vector<PtpEdit> out;
  const int c = FindCode(code);
  if (c < 0) return out;
  const auto col1 = static_cast<uint16_t>(c);
  for (uint32_t r = m_begin[col1]; r < m_begin[col1 + 1u]; ++r) out.push_back(MakeEdit(r, col1));
  return out;
}

std::vector<PtpEdit> PtpTable::AsColumn2(std::string_view code) const {
  std::vector<PtpEdit> out;
  const int c = FindCode(code);
  if (c < 0) return out;
  const auto col2 = static_cast<uint16_t>(c);
  for (uint32_t i = m_by2_begin[col2]; i < m_by2_begin[col2 + 1u]; ++i) {
    const uint16_t col1 = m_by2_column1[i];
    for (uint32_t r = PairBegin(col1, col2); r < m_begin[col1 + 1u] && Column2(r) == col2; ++r) {
      out.push_back(MakeEdit(r, col1));
    }
  }
  return out;
}

size_t PtpTable::MemoryBytes() const {
  size_t bytes = m_hash.size() * sizeof(uint64_t) + m_attrs.size() * sizeof(Attr) +
                 (m_begin.size() + m_by2_begin.size()) * sizeof(uint32_t) +
                 m_rows.size() * sizeof(uint32_t) + m_by2_column1.size() * sizeof(uint16_t);
  for (const auto& c : m_codes) bytes += sizeof(std::string) + (c.size() > 15 ? c.capacity() : 0);
  for (const auto& r : m_rationales) bytes += sizeof(std::string) + r.capacity();
  return bytes;
}

}  // namespace medcode::engine
