// codeset_ncci.cpp: the NCCI part of the code-set pack (see codeset_ncci.h): the three MUE tables and the add-on code
// edits of the 2024 Q3 release, compiled from codesets/ncci/2024q3, and their lookups.
//
// [SECTION] Compiling (CompileNcci, run by BuildCodeSetPack)
// [SECTION] Reading
#include "engine/codeset_ncci.h"

#include <cctype>
#include <map>
#include <set>
#include <utility>

#include "engine/codeset_build.h"

namespace medcode::engine {

namespace {

constexpr const char* kSet = "ncci";
constexpr const char* kEdition = "2024 Q3";

// Inputs, relative to the raw folder (codesets/ decompressed). The PTP pair tables are read by codeset_ptp.cpp.
struct MueInput {
  MueTable table;
  const char* path;
  const char* service;  // the mue_service value every row of the file carries
};
constexpr MueInput kMueInputs[] = {
    {MueTable::kPractitioner, "ncci/2024q3/ncci_mue_practitioner_2024-07-01.csv", "Practitioner"},
    {MueTable::kOutpatientHospital, "ncci/2024q3/ncci_mue_outpatient_hospital_2024-07-01.csv", "Outpatient Hospital"},
    {MueTable::kDmeSupplier, "ncci/2024q3/ncci_mue_dme_supplier_2024-07-01.csv", "DME Supplier"},
};
constexpr const char* kAddOnEdits = "ncci/2024q3/ncci_add_on_code_edits_2024-06-03.csv";

// The rationale categories repeat across ~32,000 MUE rows: stored once in ncci_mue_rationale and referenced by id.
constexpr const char* kNcciSchema =
    "CREATE TABLE ncci_mue_rationale(id INTEGER PRIMARY KEY, rationale TEXT NOT NULL);"
    "CREATE TABLE ncci_mue(mue_table INTEGER NOT NULL, code TEXT NOT NULL, units INTEGER NOT NULL,"
    "  mai INTEGER NOT NULL, rationale_id INTEGER NOT NULL, PRIMARY KEY(mue_table, code)) WITHOUT ROWID;"
    "CREATE TABLE ncci_add_on(add_on_code TEXT NOT NULL, primary_code TEXT NOT NULL, edit_type INTEGER NOT NULL,"
    "  PRIMARY KEY(add_on_code, primary_code)) WITHOUT ROWID;";

// Spaces dropped, upper case: "  e0601" -> "E0601".
std::string NormalizeNcciCode(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (!std::isspace(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

// Five letters or digits: the shape of every CPT/HCPCS code (and of the CCCCC placeholder).
bool LooksLikeHcpcsCode(std::string_view code) {
  if (code.size() != 5) return false;
  for (char c : code) {
    if (!std::isupper(static_cast<unsigned char>(c)) && !std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

Result<std::string> ParseCode(const CsvReader& reader, std::string_view field, const char* column) {
  if (!LooksLikeHcpcsCode(field)) {
    return reader.RecordError(std::string("Column '") + column + "' should be a 5-character CPT/HCPCS code, not '" +
                              std::string(field) + "'");
  }
  return std::string(field);
}

// An indicator column that must be 1, 2 or 3 (MAI, add-on edit type).
Result<int> ParseOneToThree(const CsvReader& reader, std::string_view field, const char* column) {
  auto value = ParseIntField(reader, field, column);
  if (!value.ok()) return value;
  if (*value < 1 || *value > 3) {
    return reader.RecordError(std::string("Column '") + column + "' should be 1, 2 or 3, not '" + std::string(field) +
                              "'");
  }
  return value;
}

struct MueRow {
  int units = 0;
  int mai = 0;
  std::string rationale;
};
using MueRows = std::map<std::pair<int, std::string>, MueRow>;  // (table, code): sorted for reproducible bytes

Status ReadMue(InputFile& file, const MueInput& input, MueRows& rows) {
  CsvReader reader(file.text, file.info.path);
  if (Status s = reader.ReadHeader(); !s.ok()) return s;
  auto c_code = reader.Column("hcpcs_code"), c_units = reader.Column("mue_units"), c_mai = reader.Column("mue_mai"),
       c_rationale = reader.Column("mue_rationale"), c_service = reader.Column("mue_service");
  for (auto* c : {&c_code, &c_units, &c_mai, &c_rationale, &c_service}) {
    if (!c->ok()) return c->error();
  }
  return ForEachRecord(reader, file, [&](const std::vector<std::string_view>& f) -> Status {
    auto code = ParseCode(reader, f[*c_code], "hcpcs_code");
    if (!code.ok()) return code.error();
    auto units = ParseIntField(reader, f[*c_units], "mue_units");
    if (!units.ok()) return units.error();
    auto mai = ParseOneToThree(reader, f[*c_mai], "mue_mai");
    if (!mai.ok()) return mai.error();
    if (f[*c_service] != input.service) {
      return reader.RecordError("Column 'mue_service' is '" + std::string(f[*c_service]) + "' in the " +
                                MueTableName(input.table) + " MUE table (expected '" + input.service +
                                "'): is this the right file?");
    }
    if (f[*c_rationale].empty()) return reader.RecordError("Column 'mue_rationale' is empty");
    auto [it, fresh] = rows.try_emplace({static_cast<int>(input.table), *code});
    if (!fresh) return reader.RecordError("Code " + *code + " is listed twice in this MUE table");
    it->second = {*units, *mai, std::string(f[*c_rationale])};
    return Status::Ok();
  });
}

struct AddOnRow {
  int edit_type = 0;
};
using AddOnRows = std::map<std::pair<std::string, std::string>, AddOnRow>;  // (add-on, primary): sorted

Status ReadAddOnEdits(InputFile& file, AddOnRows& rows) {
  CsvReader reader(file.text, file.info.path);
  if (Status s = reader.ReadHeader(); !s.ok()) return s;
  auto c_primary = reader.Column("primary_code"), c_add_on = reader.Column("add_on_code"),
       c_type = reader.Column("aoc_edit_type");
  for (auto* c : {&c_primary, &c_add_on, &c_type}) {
    if (!c->ok()) return c->error();
  }
  return ForEachRecord(reader, file, [&](const std::vector<std::string_view>& f) -> Status {
    auto primary = ParseCode(reader, f[*c_primary], "primary_code");  // CCCCC (any primary) has the same shape
    if (!primary.ok()) return primary.error();
    auto add_on = ParseCode(reader, f[*c_add_on], "add_on_code");
    if (!add_on.ok()) return add_on.error();
    auto type = ParseOneToThree(reader, f[*c_type], "aoc_edit_type");
    if (!type.ok()) return type.error();
    auto [it, fresh] = rows.try_emplace({*add_on, *primary});
    if (!fresh) return reader.RecordError("The pair " + *primary + " / add-on " + *add_on + " is listed twice");
    it->second.edit_type = *type;
    return Status::Ok();
  });
}

Status WriteMue(Database& db, const MueRows& rows) {
  std::map<std::string, int64_t> rationale_ids;  // sorted text -> id 1..n: reproducible
  for (const auto& [key, r] : rows) rationale_ids.emplace(r.rationale, 0);
  auto ins_rationale = db.Prepare("INSERT INTO ncci_mue_rationale VALUES(?,?)");
  if (!ins_rationale.ok()) return ins_rationale.error();
  int64_t next_id = 0;
  for (auto& [text, id] : rationale_ids) {
    id = ++next_id;
    ins_rationale->Reset();
    ins_rationale->Bind(1, id).Bind(2, text);
    if (Status s = ins_rationale->Run(); !s.ok()) return s;
  }
  auto ins = db.Prepare("INSERT INTO ncci_mue VALUES(?,?,?,?,?)");
  if (!ins.ok()) return ins.error();
  for (const auto& [key, r] : rows) {
    ins->Reset();
    ins->Bind(1, static_cast<int64_t>(key.first)).Bind(2, key.second).Bind(3, static_cast<int64_t>(r.units));
    ins->Bind(4, static_cast<int64_t>(r.mai)).Bind(5, rationale_ids.at(r.rationale));
    if (Status s = ins->Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

Status WriteAddOns(Database& db, const AddOnRows& rows) {
  auto ins = db.Prepare("INSERT INTO ncci_add_on VALUES(?,?,?)");
  if (!ins.ok()) return ins.error();
  for (const auto& [key, r] : rows) {
    ins->Reset();
    ins->Bind(1, key.first).Bind(2, key.second).Bind(3, static_cast<int64_t>(r.edit_type));
    if (Status s = ins->Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Compiling
// ---------------------------------------------------------------------------------------------------------------

Status CompileNcci(PackBuild& build) {
  MueRows mue;
  std::map<MueTable, int64_t> mue_counts;
  for (const MueInput& input : kMueInputs) {
    auto file = build.Read(input.path, kSet, kEdition);
    if (!file.ok()) return file.error();
    if (Status s = ReadMue(**file, input, mue); !s.ok()) return s;
    mue_counts[input.table] = (*file)->info.rows;
  }
  auto add_on_file = build.Read(kAddOnEdits, kSet, kEdition);
  if (!add_on_file.ok()) return add_on_file.error();
  AddOnRows add_ons;
  if (Status s = ReadAddOnEdits(**add_on_file, add_ons); !s.ok()) return s;
  std::set<std::string> add_on_codes;
  int64_t any_primary = 0;
  for (const auto& [key, r] : add_ons) {
    add_on_codes.insert(key.first);
    if (key.second == kAnyPrimaryCode) ++any_primary;
  }

  Database& db = build.db();
  if (Status s = db.Exec(kNcciSchema); !s.ok()) return s;
  if (Status s = WriteMue(db, mue); !s.ok()) return s;
  if (Status s = WriteAddOns(db, add_ons); !s.ok()) return s;
  auto ptp_note = CompileNcciPtp(build, kEdition);  // codeset_ptp.cpp
  if (!ptp_note.ok()) return ptp_note.error();

  build.AddEdition(
      {kSet, kEdition, "2024-07-01", "2024-09-30",
       "Medicare NCCI 2024 Q3 (derived CSV). MUE: " + std::to_string(mue_counts[MueTable::kPractitioner]) +
           " practitioner, " + std::to_string(mue_counts[MueTable::kOutpatientHospital]) + " outpatient hospital, " +
           std::to_string(mue_counts[MueTable::kDmeSupplier]) +
           " DME supplier codes (units, adjudication indicator, rationale). Add-on code edits (file of 2024-06-03): " +
           std::to_string(add_ons.size()) + " primary/add-on pairs for " + std::to_string(add_on_codes.size()) +
           " add-on codes; primary 'CCCCC' (" + std::to_string(any_primary) +
           " pairs) is the CMS placeholder for any primary code allowed by CPT instructions. " + *ptp_note +
           " Gaps: no 2025 or 2026 release."});
  return Status::Ok();
}

// ---------------------------------------------------------------------------------------------------------------
// [SECTION] Reading
// ---------------------------------------------------------------------------------------------------------------

const char* MueTableName(MueTable table) {
  switch (table) {
    case MueTable::kPractitioner: return "practitioner";
    case MueTable::kOutpatientHospital: return "outpatient hospital";
    case MueTable::kDmeSupplier: return "DME supplier";
  }
  return "unknown";
}

const char* MueAdjudicationMeaning(MueAdjudication mai) {
  switch (mai) {
    case MueAdjudication::kPerLine:
      return "MAI 1, per claim line: each line's units are compared with the MUE; more units of a medically necessary "
             "service go on separate lines with an appropriate modifier";
    case MueAdjudication::kPerDayAbsolute:
      return "MAI 2, per date of service (policy): the units of all lines of the date are added up; an absolute "
             "limit, units above it are not paid even on appeal";
    case MueAdjudication::kPerDayAppealable:
      return "MAI 3, per date of service (clinical): the units of all lines of the date are added up; units above it "
             "may be paid on appeal with documentation of medical necessity";
  }
  return "unknown MUE adjudication indicator";
}

const char* AddOnEditTypeMeaning(AddOnEditType type) {
  switch (type) {
    case AddOnEditType::kListedPrimaries:
      return "type 1: paid only when one of the listed primary codes is paid to the same provider, for the same "
             "patient, on the same date";
    case AddOnEditType::kNoListedPrimaries:
      return "type 2: CPT and CMS name no primary codes; the Medicare contractor decides which primary codes are "
             "allowed";
    case AddOnEditType::kSomeListedPrimaries:
      return "type 3: some primary codes are listed; the Medicare contractor may allow other primary codes too";
  }
  return "unknown add-on edit type";
}

namespace {

// Columns 0..3 of a row of kMueColumns.
constexpr const char* kMueColumns =
    "SELECT m.code, m.units, m.mai, r.rationale FROM ncci_mue m JOIN ncci_mue_rationale r ON r.id = m.rationale_id "
    "WHERE m.mue_table=? ";

Mue RowToMue(const Statement& s, MueTable table) {
  Mue m;
  m.code = s.ColumnText(0);
  m.table = table;
  m.units = static_cast<int>(s.ColumnInt(1));
  m.mai = static_cast<MueAdjudication>(s.ColumnInt(2));
  m.rationale = s.ColumnText(3);
  return m;
}

}  // namespace

Result<Mue> LookupMue(const CodeSetPack& pack, MueTable table, std::string_view code) {
  auto s = pack.db().Prepare(std::string(kMueColumns) + "AND m.code=?");
  if (!s.ok()) return s.error();
  s->Bind(1, static_cast<int64_t>(table)).Bind(2, NormalizeNcciCode(code));
  auto row = s->Step();
  if (!row.ok()) return row.error();
  if (!*row) {
    return MakeError(
        ErrorCode::kNotFound,
        "'" + std::string(code) + "' has no " + MueTableName(table) + " MUE in NCCI " + kEdition +
            ": CMS publishes no unit limit for it in that table (check the code, or the other MUE tables)");
  }
  return RowToMue(*s, table);
}

std::vector<Mue> ListMue(const CodeSetPack& pack, MueTable table) {
  std::vector<Mue> out;
  auto s = pack.db().Prepare(std::string(kMueColumns) + "ORDER BY m.code");
  if (!s.ok()) return out;
  s->Bind(1, static_cast<int64_t>(table));
  while (s->Step().value_or(false)) out.push_back(RowToMue(*s, table));
  return out;
}

std::vector<AddOnEdit> AddOnPrimaries(const CodeSetPack& pack, std::string_view add_on_code) {
  std::vector<AddOnEdit> out;
  const std::string key = NormalizeNcciCode(add_on_code);
  auto s =
      pack.db().Prepare("SELECT primary_code, edit_type FROM ncci_add_on WHERE add_on_code=? ORDER BY primary_code");
  if (!s.ok()) return out;
  s->Bind(1, key);
  while (s->Step().value_or(false)) {
    out.push_back({key, s->ColumnText(0), static_cast<AddOnEditType>(s->ColumnInt(1))});
  }
  return out;
}

bool IsAddOnCode(const CodeSetPack& pack, std::string_view code) {
  auto s = pack.db().Prepare("SELECT 1 FROM ncci_add_on WHERE add_on_code=? LIMIT 1");
  if (!s.ok()) return false;
  s->Bind(1, NormalizeNcciCode(code));
  return s->Step().value_or(false);
}

}  // namespace medcode::engine
